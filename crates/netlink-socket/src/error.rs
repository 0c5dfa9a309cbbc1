//! The crate's one error type.

use std::path::PathBuf;

use rustix::io::Errno;

/// A failed netlink socket operation.
///
/// Receive-queue overruns (`ENOBUFS`) and "would block" (`EAGAIN`) are their
/// own variants because callers act on them (resynchronise state, wait for
/// readiness); every other failure keeps the name of the call and its errno.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The kernel could not queue a message for this socket and dropped it
    /// (`ENOBUFS` from `recvmsg`): notifications were lost and any state the
    /// caller mirrors from them must be dumped again.
    ///
    /// The socket stays usable; the next receive returns the messages that
    /// were queued after the overrun. Turn this off with
    /// [`Socket::set_no_enobufs`](crate::Socket::set_no_enobufs).
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[error("netlink receive queue overrun (ENOBUFS): the kernel dropped messages for this socket")]
    #[doc(alias = "ENOBUFS")]
    Overrun,

    /// The socket is non-blocking and nothing is queued (`EAGAIN`).
    #[error("operation would block (EAGAIN)")]
    #[doc(alias = "EAGAIN")]
    #[doc(alias = "EWOULDBLOCK")]
    WouldBlock,

    /// A datagram was longer than the buffer it was read into, although its
    /// length had been peeked first; the rest of it is lost.
    ///
    /// This only happens when another reader consumed the peeked datagram
    /// between the peek and the read: read one socket from one thread.
    #[error("datagram of {len} bytes truncated to {capacity}: another reader raced the peek")]
    Truncated {
        /// The datagram's real length (from `MSG_TRUNC`).
        len: usize,
        /// The buffer it was read into.
        capacity: usize,
    },

    /// A system call failed.
    #[error("{call} failed: {errno}")]
    Sys {
        /// The call and, for socket options, the option name.
        call: &'static str,
        /// The kernel's error number.
        errno: Errno,
    },

    /// A network namespace file could not be opened.
    #[error("cannot open network namespace {}: {errno}", path.display())]
    OpenNetNs {
        /// The path that was opened.
        path: PathBuf,
        /// The kernel's error number.
        errno: Errno,
    },

    /// The call returned a socket address that is not `AF_NETLINK`.
    #[error("{call} returned a socket address that is not AF_NETLINK")]
    NotNetlinkAddress {
        /// The call that returned it.
        call: &'static str,
    },

    /// The helper thread that creates a socket inside another network
    /// namespace could not be spawned or panicked.
    #[error("network namespace helper thread failed: {0}")]
    NetNsThread(&'static str),
}

impl Error {
    /// The errno behind this error, when there is one (`ENOBUFS` for
    /// [`Error::Overrun`], `EAGAIN` for [`Error::WouldBlock`]).
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::Overrun => Some(Errno::NOBUFS),
            Error::WouldBlock => Some(Errno::AGAIN),
            Error::Sys { errno, .. } | Error::OpenNetNs { errno, .. } => Some(*errno),
            Error::Truncated { .. } | Error::NotNetlinkAddress { .. } | Error::NetNsThread(_) => {
                None
            }
        }
    }

    /// Maps an errno from `call` to the matching variant.
    pub(crate) fn from_errno(call: &'static str, errno: Errno) -> Self {
        match errno {
            Errno::NOBUFS => Error::Overrun,
            Errno::AGAIN => Error::WouldBlock,
            errno => Error::Sys { call, errno },
        }
    }

    /// Maps an errno from a call that is not a receive: `ENOBUFS` there means
    /// the kernel ran out of memory, not that notifications were lost.
    pub(crate) fn sys(call: &'static str, errno: Errno) -> Self {
        match errno {
            Errno::AGAIN => Error::WouldBlock,
            errno => Error::Sys { call, errno },
        }
    }
}

/// Lets the socket be driven by code that speaks `std::io` (for example a
/// tokio `AsyncFd` readiness loop, which looks for
/// [`std::io::ErrorKind::WouldBlock`]).
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::WouldBlock => std::io::ErrorKind::WouldBlock.into(),
            Error::Sys { errno, .. } | Error::OpenNetNs { errno, .. } => {
                std::io::Error::new(std::io::Error::from(errno).kind(), error)
            }
            Error::Overrun => {
                std::io::Error::new(std::io::Error::from(Errno::NOBUFS).kind(), error)
            }
            other => std::io::Error::other(other),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
