//! The request sockets' driver: opens them, keeps them in the pool the engine's rule decides
//! about, receives the kernel's replies on them, and runs one request's round trip. The
//! decisions (which sender is believed, which reply is ours, when a socket is clean) are the
//! engine's.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use netlink_socket::{NetNs, Protocol, RecvBuf, Socket};
use netlink_wire::Flags;

use crate::engine::notify::lock;
use crate::engine::pool::Pool;
use crate::engine::request::{RequestFlow, Response, Sequence, stamp};
use crate::engine::sender::Senders;
use crate::engine::stats::Counters;
use crate::error::{Error, Result};
use crate::options::ConnectionOptions;
use crate::transport::Transport;
pub(crate) use crate::transport::Wait;

/// A request socket with its receive buffer and port id.
#[derive(Debug)]
pub(crate) struct RequestSocket {
    pub(crate) socket: Socket,
    pub(crate) buf: RecvBuf,
    pub(crate) port_id: u32,
}

/// Whether a receive failure is transient: a signal (`EINTR`) or a readiness without data
/// (`EAGAIN`). The socket retries both itself; one that still reaches a driver is retried
/// there, within the same deadline, rather than ending an exchange whose replies are queued.
fn transient(e: &netlink_socket::Error) -> bool {
    matches!(e, netlink_socket::Error::WouldBlock) || e.errno() == Some(netlink_socket::Errno::INTR)
}

/// The same wait with what is left of it at `deadline`.
fn remaining<'a>(wait: Wait<'a>, deadline: Option<Instant>) -> Wait<'a> {
    let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    match wait {
        Wait::For(Some(_)) => Wait::For(left),
        Wait::OrWake(w, Some(_)) => Wait::OrWake(w, left),
        other => other,
    }
}

/// Receives the next datagram the kernel sent to `socket` into `buf`; datagrams from anyone
/// else are dropped and counted (the engine's [`Senders`] rule, the same for the request path,
/// the batch and the read-ahead helper). `Ok(false)` when the wait ended with nothing: the
/// time ran out, nothing was queued, or the waker was woken. `ENOBUFS` is
/// [`Error::Overrun`]: the kernel dropped replies for this socket.
pub(crate) fn recv_from_kernel<T: Transport + ?Sized>(
    socket: &T,
    buf: &mut RecvBuf,
    wait: Wait<'_>,
    counters: &Counters,
) -> Result<bool> {
    let deadline = match wait {
        Wait::For(t) | Wait::OrWake(_, t) => t.and_then(|t| Instant::now().checked_add(t)),
        Wait::Never => None,
    };
    loop {
        match socket.recv(buf, remaining(wait, deadline)) {
            Ok(None) => return Ok(false),
            Ok(Some(port_id)) => {
                if Senders::KernelOnly.admit(port_id, &counters.dropped_userspace_replies) {
                    return Ok(true);
                }
            }
            Err(netlink_socket::Error::Overrun) => return Err(Error::Overrun),
            Err(e) if transient(&e) => {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Ok(false);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Sends `bytes` on `socket` and feeds every reply datagram to `flow` until it ends: one
/// request's round trip as [`Requests::request`] makes it ([`Requests::start`] sends, then
/// [`collect`]), for the scripted socket of `faults.rs`.
#[cfg(test)]
pub(crate) fn round_trip<T: Transport + ?Sized>(
    socket: &T,
    buf: &mut RecvBuf,
    bytes: &[u8],
    flow: &mut RequestFlow,
    timeout: Option<Duration>,
    counters: &Counters,
) -> Result<Response> {
    socket.send(bytes)?;
    collect(socket, buf, flow, timeout, counters)
}

/// Feeds every reply datagram on `socket` to `flow` until it ends: the part of a round trip
/// after the request went out ([`Requests::start`] sends it for the blocking request).
pub(crate) fn collect<T: Transport + ?Sized>(
    socket: &T,
    buf: &mut RecvBuf,
    flow: &mut RequestFlow,
    timeout: Option<Duration>,
    counters: &Counters,
) -> Result<Response> {
    loop {
        receive(socket, buf, timeout, counters)?;
        if let Some(end) = flow.feed(buf.data()) {
            return end;
        }
    }
}

/// Receives the next reply datagram, waiting at most `timeout`.
pub(crate) fn receive<T: Transport + ?Sized>(
    socket: &T,
    buf: &mut RecvBuf,
    timeout: Option<Duration>,
    counters: &Counters,
) -> Result<()> {
    if recv_from_kernel(socket, buf, Wait::For(timeout), counters)? {
        return Ok(());
    }
    // Only a timeout ends a wait without a datagram here.
    Err(Error::Timeout(timeout.unwrap_or_default()))
}

/// The request side of a connection: its pool of request sockets and sequence numbers.
#[derive(Debug)]
pub(crate) struct Requests {
    protocol: Protocol,
    netns: Option<NetNs>,
    ext_ack: bool,
    strict_checking: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) read_ahead: bool,
    pool: Mutex<Pool<RequestSocket>>,
    seq: Sequence,
    pub(crate) counters: Arc<Counters>,
}

impl Requests {
    pub(crate) fn new(
        options: &ConnectionOptions,
        netns: Option<NetNs>,
        counters: Arc<Counters>,
    ) -> Self {
        Requests {
            protocol: options.protocol,
            netns,
            ext_ack: options.ext_ack,
            strict_checking: options.strict_checking,
            timeout: options.request_timeout,
            read_ahead: options.dump_read_ahead,
            pool: Mutex::new(Pool::new()),
            seq: Sequence::new(),
            counters,
        }
    }

    /// A new socket of the connection's protocol, in its namespace.
    pub(crate) fn open(&self) -> Result<Socket> {
        Ok(match &self.netns {
            Some(ns) => Socket::open_in_netns(self.protocol, ns)?,
            None => Socket::open(self.protocol)?,
        })
    }

    /// The next sequence number.
    pub(crate) fn next_seq(&self) -> u32 {
        self.seq.next()
    }

    /// An idle request socket, or a new one.
    pub(crate) fn take(&self) -> Result<RequestSocket> {
        if let Some(s) = lock(&self.pool).take()? {
            return Ok(s);
        }
        let socket = self.open()?;
        socket.bind(0, 0)?;
        if self.ext_ack {
            socket.set_ext_ack(true)?;
        }
        if self.strict_checking {
            socket.set_strict_checking(true)?;
        }
        let port_id = socket.port_id()?;
        Ok(RequestSocket {
            socket,
            buf: RecvBuf::new(),
            port_id,
        })
    }

    /// Hands `socket` back after an exchange; the pool keeps it or it is closed here.
    pub(crate) fn give_back(&self, socket: RequestSocket, reusable: bool) {
        let rejected = lock(&self.pool).give_back(socket, reusable);
        drop(rejected);
    }

    /// Closes the idle sockets and refuses new requests.
    pub(crate) fn close(&self) {
        let idle = lock(&self.pool).close();
        drop(idle);
    }

    /// Receives the next reply datagram on `socket` into `buf`, waiting at most the request
    /// timeout.
    pub(crate) fn receive<T: Transport + ?Sized>(
        &self,
        socket: &T,
        buf: &mut RecvBuf,
    ) -> Result<()> {
        receive(socket, buf, self.timeout, &self.counters)
    }

    /// Takes a socket, stamps `bytes` with `flags` and a new sequence number and sends them:
    /// the start of every request and dump, blocking or driven by readiness. Returns the
    /// socket the replies will arrive on and the sequence number.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when `bytes` is not one request (the socket goes back
    /// untouched); a socket error (the socket is closed: what it holds is unknown).
    pub(crate) fn start(&self, bytes: &mut [u8], flags: Flags) -> Result<(RequestSocket, u32)> {
        let socket = self.take()?;
        let seq = self.next_seq();
        if let Err(e) = stamp(bytes, flags, seq) {
            // Nothing was sent: the socket is as good as it was.
            self.give_back(socket, true);
            return Err(e);
        }
        socket.socket.send(bytes)?;
        Ok((socket, seq))
    }

    /// Sends one request and collects its replies until the acknowledgement.
    pub(crate) fn request(&self, mut bytes: Vec<u8>) -> Result<Response> {
        let (mut socket, seq) = self.start(&mut bytes, Flags::REQUEST | Flags::ACK)?;
        let mut flow = RequestFlow::new(seq, socket.port_id);
        let result = collect(
            &socket.socket,
            &mut socket.buf,
            &mut flow,
            self.timeout,
            &self.counters,
        );
        if result.is_err() {
            flow.abandon();
        }
        self.give_back(socket, flow.reusable());
        result
    }
}
