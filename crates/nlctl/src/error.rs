//! The tool's errors and their exit codes, which are `ip`'s: 255 for a command line it refuses
//! (its `exit(-1)`), 1 for a command that cannot run (a device that does not exist, a malformed
//! address, an unknown object), 2 when the kernel refuses a request.

use std::fmt;

/// What can stop a command.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A bad command line: an unknown word, a missing value, a bad number. Exit code 255.
    Usage(String),
    /// A word `ip` knows and `nlctl` does not implement yet. Exit code 255; nothing was sent.
    Unsupported(String),
    /// A keyword at the end of the line without its value: iproute2's `incomplete_command`
    /// (`NEXT_ARG`), which exits 255 wherever it happens, inside a kind's words too. Never
    /// turned into another error by the callers that reword usage errors.
    Incomplete,
    /// A usage text that `help` asked for, printed as it is. Exit code 255, as `ip`'s.
    Help(String),
    /// A command that cannot run: a device that does not exist, a malformed address or
    /// prefix, a missing argument `ip` reports so. Exit code 1.
    Failed(String),
    /// A library error, with the command it happened in. Exit code 2 for the kernel's refusals
    /// and for [`netlink::Error::InvalidArgument`] (a request the kernel would refuse, caught
    /// before sending), 1 for the others.
    Netlink {
        /// `"route add"`, once known.
        context: Option<String>,
        /// The error.
        error: netlink::Error,
    },
    /// The errors were printed already (a `-batch` line failed): exit with this status.
    Reported(u8),
    /// An error of a command that follows another tool than `ip` (`ethtool`, `genl`), with
    /// that tool's exit status for it (`ethtool -i` exits 71, `ethtool -G` 81).
    Coded {
        /// What went wrong, said as the other errors say it.
        message: String,
        /// The tool's exit status.
        code: u8,
    },
    /// Standard output was closed (`nlctl route show | head`): stop quietly.
    BrokenPipe,
    /// Writing the output failed otherwise.
    Io(std::io::Error),
}

/// Shorthand for results whose error is [`CliError`].
pub(crate) type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    /// A usage error.
    pub(crate) fn usage(msg: impl Into<String>) -> Self {
        CliError::Usage(msg.into())
    }

    /// A word that is not implemented yet.
    pub(crate) fn unsupported(msg: impl Into<String>) -> Self {
        CliError::Unsupported(msg.into())
    }

    /// A command that cannot run.
    pub(crate) fn failed(msg: impl Into<String>) -> Self {
        CliError::Failed(msg.into())
    }

    /// Names the command a library error happened in.
    pub(crate) fn context(self, ctx: &str) -> Self {
        match self {
            CliError::Netlink {
                context: None,
                error,
            } => CliError::Netlink {
                context: Some(ctx.to_owned()),
                error,
            },
            other => other,
        }
    }

    /// Names the command an error of its words happened in (`"link set: invalid mtu"`), unless
    /// the message names it already.
    pub(crate) fn in_command(self, ctx: &str) -> Self {
        let name = |m: String| {
            if m.starts_with(ctx) || m.starts_with('"') {
                m
            } else {
                format!("{ctx}: {m}")
            }
        };
        match self {
            CliError::Usage(m) => CliError::Usage(name(m)),
            CliError::Failed(m) => CliError::Failed(name(m)),
            other => other,
        }
    }

    /// The process exit code, as `ip` 6.1 exits for the same kind of failure.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Unsupported(_)
            | CliError::Help(_)
            | CliError::Incomplete => 255,
            CliError::Netlink {
                error: netlink::Error::Kernel(_) | netlink::Error::InvalidArgument(_),
                ..
            } => 2,
            CliError::BrokenPipe => 0,
            CliError::Reported(code) | CliError::Coded { code, .. } => *code,
            CliError::Failed(_) | CliError::Netlink { .. } | CliError::Io(_) => 1,
        }
    }

    /// Whether this error ends a whole `-batch` run at once, as `ip`'s `exit(-1)` does, instead
    /// of failing one line.
    pub(crate) fn ends_batch(&self) -> bool {
        matches!(
            self,
            CliError::Usage(_) | CliError::Unsupported(_) | CliError::Help(_)
        )
    }
}

impl From<netlink::Error> for CliError {
    fn from(error: netlink::Error) -> Self {
        CliError::Netlink {
            context: None,
            error,
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Io(e)
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m)
            | CliError::Failed(m)
            | CliError::Help(m)
            | CliError::Coded { message: m, .. } => f.write_str(m),
            CliError::Unsupported(m) => write!(f, "{m} is not supported yet"),
            CliError::Incomplete => {
                f.write_str("Command line is not complete. Try option \"help\"")
            }
            CliError::Netlink { context, error } => {
                if let Some(c) = context {
                    write!(f, "{c}: ")?;
                }
                write!(f, "{error}")
            }
            CliError::BrokenPipe => f.write_str("broken pipe"),
            CliError::Reported(code) => write!(f, "exit status {code}"),
            CliError::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}
