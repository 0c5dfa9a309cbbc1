//! The protocol, with no socket: everything a connection decides about the bytes it sends and
//! receives. The drivers around it (`connection.rs`, `requests.rs`, `dump.rs`,
//! `read_ahead.rs`, `reader.rs`, and the readiness drivers `readiness.rs` and `tokio.rs`)
//! open sockets, start threads or answer a reactor, and move bytes; the tests here
//! feed the engine bytes from a scripted kernel (`script.rs`).
//!
//! - [`batch`]: pipelined requests: sequence numbers of requests and syncs, and what the
//!   replies (or their loss) say about each request's outcome.
//! - [`request`]: sequence numbers (never 0, wrapping), stamping a request's header through
//!   [`Header`](netlink_wire::Header), and collecting a request's replies.
//! - [`exchange`]: which replies are ours (sequence number, port id), when an exchange ends
//!   (ACK, `NLMSG_ERROR`, `NLMSG_DONE` with or without errno, overrun), `NLM_F_DUMP_INTR`, and
//!   whether the socket is clean afterwards. Each reply is parsed once, there.
//! - [`dump`]: a dump read datagram by datagram, lending out the exchange's parsed messages;
//!   when to read ahead on a helper thread, when a socket goes back after a dump or a restart.
//! - [`sender`]: the from-kernel check on every socket, and the count of what it refuses.
//! - [`pool`]: when a request socket is used again and when it is closed.
//! - [`notify`]: notification routing (channel over callback), overrun discard and the
//!   markers that make loss and the reader's end explicit.
//! - [`stats`]: the counters behind [`Stats`](stats::Stats).

pub(crate) mod batch;
pub(crate) mod dump;
pub(crate) mod exchange;
pub(crate) mod notify;
pub(crate) mod pool;
pub(crate) mod request;
#[cfg(test)]
pub(crate) mod script;
pub(crate) mod sender;
pub(crate) mod stats;
