//! Netlink sockets on [rustix]: open, bind, join groups, set options, send,
//! and receive without ever cutting a datagram.
//!
//! This is the only crate of the workspace that makes system calls. It knows
//! nothing about message formats: it moves whole datagrams between the
//! kernel and byte buffers, and reports who sent each one.
//!
//! - [`Socket`] owns an `AF_NETLINK` descriptor for any [`Protocol`], and
//!   implements `AsFd` so that mio or tokio's `AsyncFd` can drive it.
//! - [`RecvBuf`] is a reusable receive buffer that grows to fit each
//!   datagram; [`Received`] says how long it was, which port id sent it
//!   (0 is the kernel) and which multicast group it came from.
//! - [`NetNs`] names a network namespace; [`Socket::open_in_netns`] opens a
//!   socket inside one without moving the calling thread.
//! - [`Socket::attach_filter`] attaches a classic BPF program ([`BpfInstruction`]) that the
//!   kernel runs before it queues a datagram.
//! - [`Error`] keeps the errno of every failed call, with `ENOBUFS` on
//!   receive as [`Error::Overrun`] (the kernel dropped notifications).
//!
//! The netlink socket options (`SOL_NETLINK`), which rustix does not cover,
//! are set through libc in one private module, the crate's only `unsafe`.
//!
//! ```no_run
//! use netlink_socket::{Protocol, RecvBuf, Socket};
//!
//! let socket = Socket::open(Protocol::ROUTE)?;
//! socket.bind(0, 0)?;
//! socket.add_membership(1)?; // RTNLGRP_LINK
//! let mut buf = RecvBuf::new();
//! let received = socket.recv(&mut buf)?;
//! assert!(received.is_from_kernel());
//! println!("{} bytes: {:?}", received.len(), buf.data());
//! # Ok::<(), netlink_socket::Error>(())
//! ```
//!
//! # References
//!  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
//!  - `include/uapi/linux/netlink.h`

mod error;
mod ethtool;
mod filter;
mod netns;
mod protocol;
mod recv;
mod socket;
mod sys;
pub mod tun;
mod waker;

pub use error::{Error, Result};
pub use filter::BpfInstruction;
pub use netns::NetNs;
pub use protocol::Protocol;
pub use recv::{DEFAULT_RECV_BUF_SIZE, Received, RecvBuf};
pub use socket::Socket;
pub use waker::Waker;

/// Re-exported so that callers can match on [`Error::errno`] without adding
/// rustix themselves.
pub use rustix::io::Errno;
