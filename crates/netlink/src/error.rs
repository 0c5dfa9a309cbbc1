//! The facade's one error type.

use core::fmt;

use netlink_wire::ErrorMsg;

use crate::errno;
pub use netlink_socket::Errno;

/// An error the kernel returned for a request: `NLMSG_ERROR` with a negative errno, or
/// `NLMSG_DONE` carrying one at the end of a dump, with the extended-ACK details.
///
/// Its `Display` shows the errno's text and name, the kernel's message and the offending
/// attribute's offset when given: `Invalid argument (EINVAL): Nexthop device is not up (attribute
/// at offset 32)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KernelError {
    /// The errno (`Errno::INVAL`); compare with its constants or use the predicates of
    /// [`Error`] ([`Error::is_not_found`], ...).
    pub errno: Errno,
    /// `NLMSGERR_ATTR_MSG`: the kernel's message, when it gave one.
    pub message: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`: the offset of the offending attribute in the request, counted from
    /// the start of its `nlmsghdr`.
    pub offset: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: the type of a missing required attribute.
    pub missing_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: the offset of the nest the attribute was missing from.
    pub missing_nest: Option<u32>,
    /// The sequence number of the request that failed.
    pub seq: u32,
}

impl KernelError {
    /// An error with `errno` and no extended-ACK details, for an answer the library gives in
    /// the kernel's words (`ENODEV` for a name no link has).
    #[must_use]
    pub fn new(errno: Errno) -> Self {
        KernelError {
            errno,
            message: None,
            offset: None,
            missing_type: None,
            missing_nest: None,
            seq: 0,
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The error of a decoded `NLMSG_ERROR` or `NLMSG_DONE`'s parts: [`Error::Kernel`], or
    /// [`Error::MalformedReply`] when the code is not a negated errno (1 to 4095), which the
    /// kernel never sends.
    pub(crate) fn error(raw: i32, ext: netlink_wire::ExtAck<'_>, seq: u32) -> Error {
        let Some(errno) = errno_of(raw) else {
            return Error::MalformedReply("an error code that is not a negated errno (1 to 4095)");
        };
        Error::Kernel(KernelError {
            errno,
            // A malformed extended-ACK attribute is dropped; the errno still stands.
            message: ext.message().ok().flatten().map(str::to_owned),
            offset: ext.offset().ok().flatten(),
            missing_type: ext.missing_type().ok().flatten(),
            missing_nest: ext.missing_nest().ok().flatten(),
            seq,
        })
    }

    pub(crate) fn from_error_msg(e: &ErrorMsg<'_>) -> Error {
        Self::error(e.errno(), e.ext_ack(), e.request_header().seq())
    }

    /// The errno's symbolic name (`"EINVAL"`), if known.
    #[must_use]
    pub fn errno_name(&self) -> Option<&'static str> {
        errno::name(self.errno.raw_os_error())
    }

    /// The errno as a [`std::io::Error`], to match on its kind.
    #[must_use]
    pub fn io_error(&self) -> std::io::Error {
        std::io::Error::from(self.errno)
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = self.errno.raw_os_error();
        f.write_str(&errno::text(raw))?;
        match self.errno_name() {
            Some(name) => write!(f, " ({name})")?,
            None => write!(f, " (errno {raw})")?,
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(o) = self.offset {
            write!(f, " (attribute at offset {o})")?;
        }
        if let Some(t) = self.missing_type {
            write!(f, " (missing attribute type {t}")?;
            if let Some(n) = self.missing_nest {
                write!(f, " in the nest at offset {n}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for KernelError {}

/// What can go wrong talking to the kernel.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel refused the request; see [`KernelError`].
    #[error("{0}")]
    Kernel(#[from] KernelError),
    /// The dump was interrupted: the kernel's table changed while it was being read
    /// (`NLM_F_DUMP_INTR`), so the entries may be inconsistent. Every entry that was read has
    /// been delivered; dump again for a consistent view, or use
    /// [`Connection::dump_all`](crate::Connection::dump_all) with restarts.
    #[error("dump interrupted (NLM_F_DUMP_INTR): the table changed while it was read")]
    DumpInterrupted,
    /// The kernel dropped replies to this socket (`ENOBUFS`, or an `NLMSG_OVERRUN` message).
    #[error("replies lost: the kernel overran the socket's receive queue (ENOBUFS)")]
    Overrun,
    /// The kernel's bytes could not be decoded.
    #[error("malformed reply: {0}")]
    Decode(#[from] netlink_wire::Error),
    /// A request could not be encoded (an attribute longer than its 16-bit length allows);
    /// nothing was sent.
    #[error("cannot encode the request: {0}")]
    Encode(netlink_wire::Error),
    /// A socket call failed.
    #[error(transparent)]
    Socket(#[from] netlink_socket::Error),
    /// No reply came within the connection's request timeout.
    #[error("no reply within {0:?}")]
    Timeout(std::time::Duration),
    /// The connection was closed.
    #[error("connection closed")]
    Closed,
    /// The request's bytes are not one message that can be sent as a request: shorter than a
    /// header, `nlmsg_len` not their length, or a control message type. Nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
    /// The kernel answered a request without a message of the type it should carry (a lookup
    /// acknowledged with no object); see [`Response::require`](crate::Response::require).
    #[error("the kernel's answer holds no message of type {expected}")]
    MissingReply {
        /// The message type that was expected.
        expected: netlink_wire::MessageType,
    },
    /// The kernel's answer is valid netlink but lacks what it always carries: a get
    /// acknowledged without its reply, a required attribute missing, a value of the wrong size.
    #[error("malformed reply: {0}")]
    MalformedReply(&'static str),
    /// A thread the connection needs (the notification reader, a batch's sender) could not be
    /// started.
    #[error("cannot start the {thread} thread: {source}")]
    Spawn {
        /// The thread's name.
        thread: &'static str,
        /// Why `std::thread::Builder::spawn` failed, or duplicating the descriptor the thread
        /// sends on.
        #[source]
        source: std::io::Error,
    },
    /// An argument of a typed operation is invalid; nothing was sent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// A [`Batch`](crate::Batch) that stops on errors read a refusal: nothing more is sent;
    /// [`Batch::finish`](crate::Batch::finish) reports every outcome.
    #[error("the batch stopped at a refused request; nothing more is sent")]
    BatchStopped,
    /// No generic netlink family of this name is registered (`CTRL_CMD_GETFAMILY` answered
    /// `ENOENT`); `available` lists the families the kernel has.
    #[error("no generic netlink family {name:?}; the kernel has: {}", .available.join(", "))]
    UnknownFamily {
        /// The name asked for.
        name: String,
        /// The families the kernel has, by name.
        available: Vec<String>,
    },
    /// The family has no multicast group of this name; `available` lists its groups.
    #[error("generic netlink family {family:?} has no multicast group {group:?}; it has: {}", .available.join(", "))]
    UnknownGroup {
        /// The family.
        family: String,
        /// The group asked for.
        group: String,
        /// The family's groups, by name.
        available: Vec<String>,
    },
    /// The family went away after it was resolved (its module was unloaded): the request was
    /// refused for an id that no longer exists, and the family is not registered any more.
    #[error("generic netlink family {name:?} (id {id:#x}) went away: it is no longer registered")]
    FamilyGone {
        /// The family.
        name: String,
        /// The id it had.
        id: u16,
    },
    /// A [`LiveView`](crate::view::LiveView) stopped: its reader failed or a dump kept failing;
    /// the text says why.
    #[error("the live view stopped: {0}")]
    ViewStopped(String),
}

impl Error {
    /// Whether the kernel said the object exists (`EEXIST`): an `add` of what is there.
    #[must_use]
    pub fn is_exists(&self) -> bool {
        self.errno() == Some(Errno::EXIST)
    }

    /// Whether the kernel said the object is not there: `ENOENT` (routes, rules, nexthops,
    /// neighbours), `ENODEV` (links), `ESRCH` (route deletion) or `EADDRNOTAVAIL` (address
    /// deletion). Every single-object lookup ([`Connection::get`](crate::Connection::get))
    /// turns these into `Ok(None)`.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Kernel(_))
            && matches!(
                self.errno(),
                Some(Errno::NOENT | Errno::SRCH | Errno::NODEV | Errno::ADDRNOTAVAIL)
            )
    }

    /// Whether the kernel said the object is busy (`EBUSY`).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.errno() == Some(Errno::BUSY)
    }

    /// Whether the kernel refused for lack of privilege (`EPERM`, `EACCES`).
    #[must_use]
    pub fn is_permission(&self) -> bool {
        matches!(self.errno(), Some(Errno::PERM | Errno::ACCESS))
    }

    /// The errno behind this error, when there is one: the kernel's for [`Error::Kernel`],
    /// `ENOBUFS` for [`Error::Overrun`], the system call's for [`Error::Socket`] and
    /// [`Error::Spawn`].
    #[must_use]
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::Kernel(k) => Some(k.errno),
            Error::Overrun => Some(Errno::NOBUFS),
            Error::Socket(s) => s.errno(),
            Error::Spawn { source, .. } => source.raw_os_error().and_then(errno_of),
            _ => None,
        }
    }
}

/// `raw` as an [`Errno`] when it is one (1 to 4095); rustix's constructor asserts that range.
#[must_use]
pub(crate) fn errno_of(raw: i32) -> Option<Errno> {
    (1..=4095)
        .contains(&raw)
        .then(|| Errno::from_raw_os_error(raw))
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_errno_name_text_message_and_offset() {
        let e = KernelError {
            errno: Errno::INVAL,
            message: Some("Nexthop device is not up".into()),
            offset: Some(32),
            missing_type: None,
            missing_nest: None,
            seq: 1,
        };
        assert_eq!(
            e.to_string(),
            "Invalid argument (EINVAL): Nexthop device is not up (attribute at offset 32)"
        );
        let e = KernelError {
            errno: Errno::NOENT,
            message: None,
            offset: None,
            missing_type: Some(1),
            missing_nest: Some(20),
            seq: 1,
        };
        assert_eq!(
            Error::from(e).to_string(),
            "No such file or directory (ENOENT) (missing attribute type 1 in the nest at offset 20)"
        );
    }
}
