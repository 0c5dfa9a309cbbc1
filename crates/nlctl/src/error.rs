//! The tool's errors and their exit codes: 2 for usage, 1 for the kernel and the system.

use std::fmt;

/// What can stop a command.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A bad command line: an unknown word, a missing value, a bad address. Exit code 2.
    Usage(String),
    /// A failure at run time that is not a library error (a missing namespace). Exit code 1.
    Runtime(String),
    /// A library error, with the command it happened in. Exit code 1, or 2 for
    /// [`netlink::Error::InvalidArgument`], which the library raises before sending anything.
    Netlink {
        /// `"route add"`, once known.
        context: Option<String>,
        /// The error.
        error: netlink::Error,
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

    /// A run-time error that is not the library's.
    pub(crate) fn runtime(msg: impl Into<String>) -> Self {
        CliError::Runtime(msg.into())
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

    /// The process exit code.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Netlink {
                error: netlink::Error::InvalidArgument(_),
                ..
            } => 2,
            _ => 1,
        }
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
            CliError::Usage(m) | CliError::Runtime(m) => f.write_str(m),
            CliError::Netlink { context, error } => {
                if let Some(c) = context {
                    write!(f, "{c}: ")?;
                }
                write!(f, "{error}")
            }
            CliError::BrokenPipe => f.write_str("broken pipe"),
            CliError::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}
