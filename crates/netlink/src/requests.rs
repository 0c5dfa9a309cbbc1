//! The request sockets' driver: opens them, keeps them in the pool the engine's rule decides
//! about, receives the kernel's replies on them, and runs one request's round trip. The
//! decisions (which sender is believed, which reply is ours, when a socket is clean) are the
//! engine's.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use netlink_socket::{NetNs, Protocol, RecvBuf, Socket, Waker};
use netlink_wire::Flags;

use crate::engine::notify::lock;
use crate::engine::pool::Pool;
use crate::engine::request::{RequestFlow, Response, Sequence, stamp};
use crate::engine::sender::Senders;
use crate::engine::stats::Counters;
use crate::error::{Error, Result};
use crate::options::ConnectionOptions;

/// A request socket with its receive buffer and port id.
#[derive(Debug)]
pub(crate) struct RequestSocket {
    pub(crate) socket: Socket,
    pub(crate) buf: RecvBuf,
    pub(crate) port_id: u32,
}

/// How long a receive may wait.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wait<'a> {
    /// At most this long; `None` waits for ever, `Some(Duration::ZERO)` takes only what is
    /// queued.
    For(Option<Duration>),
    /// Like `For`, but also ends as soon as the waker is woken.
    OrWake(&'a Waker, Option<Duration>),
    /// Not at all: only what is queued now (a readiness driver's step).
    Never,
}

/// Receives the next datagram the kernel sent to `socket` into `buf`; datagrams from anyone
/// else are dropped and counted (the engine's [`Senders`] rule, the same for the request path
/// and the read-ahead helper). `Ok(false)` when the wait ended with nothing: the time ran out,
/// nothing was queued, or the waker was woken.
pub(crate) fn recv_from_kernel(
    socket: &Socket,
    buf: &mut RecvBuf,
    wait: Wait<'_>,
    counters: &Counters,
) -> Result<bool> {
    loop {
        let received = match wait {
            Wait::For(None) => Some(socket.recv(buf)),
            Wait::For(Some(t)) => socket.recv_timeout(buf, t).transpose(),
            Wait::OrWake(w, None) => socket.recv_or_wake(buf, w).transpose(),
            Wait::OrWake(w, Some(t)) => socket.recv_or_wake_timeout(buf, w, t).transpose(),
            Wait::Never => socket.try_recv(buf).transpose(),
        };
        match received {
            None => return Ok(false),
            Some(Ok(r)) => {
                if Senders::KernelOnly.admit(r.port_id(), &counters.dropped_userspace_replies) {
                    return Ok(true);
                }
            }
            // The kernel dropped replies for this socket.
            Some(Err(netlink_socket::Error::Overrun)) => return Err(Error::Overrun),
            Some(Err(e)) => return Err(e.into()),
        }
    }
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
    pub(crate) fn receive(&self, socket: &Socket, buf: &mut RecvBuf) -> Result<()> {
        if recv_from_kernel(socket, buf, Wait::For(self.timeout), &self.counters)? {
            return Ok(());
        }
        // Only a timeout ends a wait without a datagram here.
        Err(Error::Timeout(self.timeout.unwrap_or_default()))
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
        let result = loop {
            if let Err(e) = self.receive(&socket.socket, &mut socket.buf) {
                break Err(e);
            }
            if let Some(end) = flow.feed(socket.buf.data()) {
                break end;
            }
        };
        if result.is_err() {
            flow.abandon();
        }
        self.give_back(socket, flow.reusable());
        result
    }
}
