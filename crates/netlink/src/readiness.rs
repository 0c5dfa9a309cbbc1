//! Readiness drivers: requests, dumps and notifications that never block a thread, for a
//! reactor of the caller's (mio, polling, glommio, tokio through [`crate::tokio`]).
//!
//! Each handle owns one socket, lends its file descriptor ([`AsFd`]) for the caller to
//! register, and has a step (`poll`, `poll_next_msg`, `poll_next`) that reads what is queued
//! without waiting and feeds it to the same engine the blocking drivers feed: sequence
//! numbers, the from-kernel check, ACK/ERROR/DONE, `NLM_F_DUMP_INTR`, the overrun discard and
//! the reader's end are decided there, once. A step answers [`Poll::Pending`] only after the
//! socket said "nothing queued" (`EAGAIN`), so that an edge-triggered reactor may wait for
//! the next readiness then.
//!
//! ```no_run
//! use std::os::fd::AsFd;
//! use std::task::Poll;
//! use netlink::netlink_wire::rtnl::RTM_GETLINK;
//! use netlink::{Connection, ConnectionOptions, Flags, Message};
//!
//! let (conn, mut events) = Connection::without_reader(ConnectionOptions::default())?;
//! let mut dump = conn.start_dump(&Message::new(RTM_GETLINK, Flags::EMPTY, vec![0; 16]))?;
//! let mut links = 0;
//! loop {
//!     match dump.poll_next_msg() {
//!         Poll::Ready(Some(msg)) => {
//!             msg?;
//!             links += 1;
//!         }
//!         Poll::Ready(None) => break,
//!         // Register `dump.as_fd()` for reading with the reactor, wait, and step again.
//!         Poll::Pending => wait_readable(dump.as_fd()),
//!     }
//! }
//! while let Poll::Ready(Some(msg)) = events.poll_next() {
//!     println!("{:?}", msg.header);
//! }
//! # fn wait_readable(fd: std::os::fd::BorrowedFd<'_>) {}
//! # Ok::<(), netlink::Error>(())
//! ```

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
use std::sync::Arc;
use std::task::Poll;

use netlink_socket::{RecvBuf, Socket};
use netlink_wire::{Flags, Message, Msg};

use crate::connection::Connection;
use crate::engine::dump::{DumpCursor, Source};
use crate::engine::notify::{Flow, Notifications, Queue};
use crate::engine::request::{RequestFlow, Response};
use crate::engine::sender::Senders;
use crate::error::{Error, Result};
use crate::options::ConnectionOptions;
use crate::requests::{RequestSocket, Requests, Wait, recv_from_kernel};

impl Connection {
    /// Opens a connection without the notification reader thread: its notification socket is
    /// the returned [`EventSocket`], which the caller's reactor drives. Everything else works
    /// as on [`Connection::with_options`], except that [`Connection::notify`] and
    /// [`Connection::handle`] receive nothing (the event socket does), and
    /// [`Connection::close`] leaves the event socket open until it is dropped.
    ///
    /// # Errors
    /// As [`Connection::with_options`], but no thread is started.
    pub fn without_reader(options: ConnectionOptions) -> Result<(Connection, EventSocket)> {
        let (conn, socket) = Connection::open(options)?;
        let engine = Notifications::new(
            Queue::default(),
            Arc::clone(&conn.counters),
            Senders::for_notifications(conn.options().accept_userspace),
        );
        let events = EventSocket {
            socket,
            engine,
            buf: RecvBuf::with_capacity(64 * 1024),
            stopped: false,
        };
        Ok((conn, events))
    }

    /// Sends a request as [`Connection::request`] does, without waiting for the answer: the
    /// returned handle's socket is where it arrives, and [`PendingRequest::poll`] reads it.
    ///
    /// # Errors
    /// As [`Connection::request`], for what happens before anything is received.
    pub fn start_request(&self, msg: &Message) -> Result<PendingRequest<'_>> {
        self.start_request_bytes(msg.to_bytes()?)
    }

    /// [`Connection::start_request`] for a message already encoded.
    ///
    /// # Errors
    /// As [`Connection::start_request`]; [`Error::InvalidRequest`] when `bytes` is not one
    /// message.
    pub fn start_request_bytes(&self, mut bytes: Vec<u8>) -> Result<PendingRequest<'_>> {
        let (socket, seq) = self
            .requests
            .start(&mut bytes, Flags::REQUEST | Flags::ACK)?;
        let flow = RequestFlow::new(seq, socket.port_id);
        Ok(PendingRequest {
            lease: Lease::new(&self.requests, socket),
            flow,
            answered: false,
        })
    }

    /// Starts a dump as [`Connection::dump`] does, read step by step with
    /// [`PendingDump::poll_next_msg`] instead of waiting. It never reads ahead on a helper
    /// thread: the socket stays the handle's.
    ///
    /// # Errors
    /// As [`Connection::dump`].
    pub fn start_dump(&self, msg: &Message) -> Result<PendingDump<'_>> {
        self.start_dump_bytes(msg.to_bytes()?)
    }

    /// [`Connection::start_dump`] for a message already encoded.
    ///
    /// # Errors
    /// As [`Connection::start_dump`]; [`Error::InvalidRequest`] when `bytes` is not one
    /// message.
    pub fn start_dump_bytes(&self, mut request: Vec<u8>) -> Result<PendingDump<'_>> {
        let (socket, seq) = self
            .requests
            .start(&mut request, Flags::REQUEST | Flags::DUMP)?;
        let port_id = socket.port_id;
        Ok(PendingDump {
            cursor: DumpCursor::new(
                RecvBuf::new(),
                RecvBuf::with_capacity(1),
                false,
                seq,
                port_id,
            ),
            link: ReadyLink {
                lease: Lease::new(&self.requests, socket),
                request,
            },
        })
    }
}

/// A request socket borrowed from the pool for as long as a handle lives, so that the file
/// descriptor the caller registered stays this handle's; it goes back (or is closed) on drop.
#[derive(Debug)]
struct Lease<'c> {
    requests: &'c Requests,
    /// Taken only by `drop`.
    socket: Option<RequestSocket>,
    /// Whether the exchange on it read the kernel's last word (the pool's rule).
    reusable: bool,
}

impl<'c> Lease<'c> {
    fn new(requests: &'c Requests, socket: RequestSocket) -> Self {
        Lease {
            requests,
            socket: Some(socket),
            reusable: false,
        }
    }

    fn socket(&self) -> &RequestSocket {
        self.socket
            .as_ref()
            .unwrap_or_else(|| unreachable!("the socket is taken only by drop"))
    }

    fn socket_mut(&mut self) -> &mut RequestSocket {
        self.socket
            .as_mut()
            .unwrap_or_else(|| unreachable!("the socket is taken only by drop"))
    }

    /// Receives what is queued into `buf` (the socket's own buffer when `None`), from the
    /// kernel only; `false` when nothing is.
    fn try_receive(&mut self, buf: Option<&mut RecvBuf>) -> Result<bool> {
        let requests = self.requests;
        let socket = self.socket_mut();
        let buf = match buf {
            Some(buf) => buf,
            None => &mut socket.buf,
        };
        recv_from_kernel(&socket.socket, buf, Wait::Never, &requests.counters)
    }

    /// Gives the socket back and holds `socket` from now on.
    fn replace(&mut self, socket: RequestSocket) {
        if let Some(old) = self.socket.replace(socket) {
            self.requests.give_back(old, self.reusable);
        }
        self.reusable = false;
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(socket) = self.socket.take() {
            self.requests.give_back(socket, self.reusable);
        }
    }
}

/// A request sent by [`Connection::start_request`], whose answer is read when its socket is
/// readable.
///
/// Register [`PendingRequest::as_fd`] for reading, and call [`PendingRequest::poll`] when it
/// is readable (and once at first): it reads everything queued without waiting and answers
/// `Ready` with what [`Connection::request`] would have returned, errno and extended ACK
/// included. There is no timeout: the caller's reactor has its own. Dropping the handle
/// before the answer closes the socket, so that a late reply cannot reach another request.
#[derive(Debug)]
pub struct PendingRequest<'c> {
    lease: Lease<'c>,
    flow: RequestFlow,
    answered: bool,
}

impl PendingRequest<'_> {
    /// Reads what the kernel has answered so far: `Ready` with the response or the error once
    /// the exchange has ended, `Pending` when nothing more is queued (wait until the socket
    /// is readable, then call again).
    ///
    /// # Errors
    /// As [`Connection::request`] (without the timeout); [`Error::Closed`] when called again
    /// after `Ready`.
    pub fn poll(&mut self) -> Poll<Result<Response>> {
        if self.answered {
            return Poll::Ready(Err(Error::Closed));
        }
        loop {
            let end = match self.lease.try_receive(None) {
                Ok(false) => return Poll::Pending,
                Ok(true) => match self.flow.feed(self.lease.socket().buf.data()) {
                    Some(end) => end,
                    None => continue,
                },
                Err(e) => {
                    self.flow.abandon();
                    Err(e)
                }
            };
            self.answered = true;
            self.lease.reusable = self.flow.reusable();
            return Poll::Ready(end);
        }
    }
}

impl AsFd for PendingRequest<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.lease.socket().socket.as_fd()
    }
}

impl AsRawFd for PendingRequest<'_> {
    fn as_raw_fd(&self) -> RawFd {
        self.as_fd().as_raw_fd()
    }
}

/// A dump started by [`Connection::start_dump`], read as its socket becomes readable.
///
/// [`PendingDump::poll_next_msg`] lends the replies exactly as [`Dump::next_msg`] does
/// (ending with [`Error::DumpInterrupted`] after the last entry of an inconsistent dump), or
/// answers `Pending` when nothing is queued. The file descriptor stays the same until
/// [`PendingDump::restart`], which moves the dump to a fresh socket: register the new one.
///
/// [`Dump::next_msg`]: crate::Dump::next_msg
#[derive(Debug)]
pub struct PendingDump<'c> {
    cursor: DumpCursor<RecvBuf>,
    link: ReadyLink<'c>,
}

/// The readiness driver's side of a dump: its socket and its request, for restarts.
#[derive(Debug)]
struct ReadyLink<'c> {
    lease: Lease<'c>,
    request: Vec<u8>,
}

impl Source<RecvBuf> for ReadyLink<'_> {
    fn receive(&mut self, buf: &mut RecvBuf, _read_ahead: bool) -> Result<bool> {
        // Never read ahead: a helper thread would take the socket the caller registered.
        self.lease.try_receive(Some(buf))
    }

    fn finish(&mut self, reusable: bool) {
        // The socket goes back when the handle is dropped or restarted, not now: the
        // caller's reactor still has its file descriptor registered.
        self.lease.reusable = reusable;
    }
}

impl PendingDump<'_> {
    /// The next reply, `Ready(None)` after the end, or `Pending` when nothing is queued yet
    /// (wait until the socket is readable, then call again).
    pub fn poll_next_msg(&mut self) -> Poll<Option<Result<Msg<'_>>>> {
        self.cursor.poll_next(&mut self.link)
    }

    /// Whether the dump has ended (successfully or not): the next step answers
    /// `Ready(None)` without reading, so there is nothing to wait for.
    #[must_use]
    pub fn is_ended(&self) -> bool {
        self.cursor.ended()
    }

    /// Sends the same dump again with a new sequence number, as [`Dump::restart`] does, on a
    /// fresh socket: the file descriptor changes. The old socket goes back to the pool if its
    /// dump had ended, and is closed otherwise.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent; the dump then yields nothing more.
    ///
    /// [`Dump::restart`]: crate::Dump::restart
    pub fn restart(&mut self) -> Result<()> {
        self.cursor.abandon(&mut self.link);
        let requests = self.link.lease.requests;
        let (socket, seq) = requests.start(&mut self.link.request, Flags::REQUEST | Flags::DUMP)?;
        let port_id = socket.port_id;
        self.link.lease.replace(socket);
        self.cursor.begin(seq, port_id);
        Ok(())
    }
}

impl Drop for PendingDump<'_> {
    /// An unfinished dump's socket is closed, not pooled, as a [`Dump`](crate::Dump)'s.
    fn drop(&mut self) {
        self.cursor.abandon(&mut self.link);
    }
}

impl AsFd for PendingDump<'_> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.link.lease.socket().socket.as_fd()
    }
}

impl AsRawFd for PendingDump<'_> {
    fn as_raw_fd(&self) -> RawFd {
        self.as_fd().as_raw_fd()
    }
}

/// The notification socket of a connection opened with [`Connection::without_reader`],
/// read by the caller when it is readable instead of by a thread.
///
/// [`EventSocket::poll_next`] yields what the reader thread would have delivered, in the
/// same order and through the same engine: notifications from the kernel only (unless
/// [`ConnectionOptions::accept_userspace`]), the `NLMSG_OVERRUN` marker after `ENOBUFS`
/// (after the stale notifications still queued were thrown away), and when the socket fails
/// the [`ReaderStopped`](crate::ReaderStopped) marker, after which it yields `Ready(None)`.
/// The connection's [`Stats`](crate::Stats) count all of it.
#[derive(Debug)]
pub struct EventSocket {
    socket: Arc<Socket>,
    engine: Notifications<Queue>,
    buf: RecvBuf,
    stopped: bool,
}

impl EventSocket {
    /// The next notification or marker; `Pending` when nothing is queued (wait until the
    /// socket is readable, then call again); `Ready(None)` after the reader-stopped marker.
    pub fn poll_next(&mut self) -> Poll<Option<Message>> {
        loop {
            if let Some(msg) = self.engine.sink().pop() {
                return Poll::Ready(Some(msg));
            }
            if self.stopped {
                return Poll::Ready(None);
            }
            let flow = match self.socket.try_recv(&mut self.buf) {
                Ok(None) => return Poll::Pending,
                Ok(Some(received)) => crate::reader::step(
                    &*self.socket,
                    &mut self.buf,
                    Ok(received.port_id()),
                    &self.engine,
                ),
                Err(e) => crate::reader::step(&*self.socket, &mut self.buf, Err(e), &self.engine),
            };
            self.stopped = flow == Flow::Stop;
        }
    }

    /// Ends the stream as a failing socket does: the reader-stopped marker for `error` is the
    /// last message.
    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn fail(&mut self, error: &Error) {
        if !self.stopped {
            self.stopped = self.engine.failed(error) == Flow::Stop;
        }
    }

    /// Whether the next step answers without reading the socket: a message is waiting in
    /// the handle, or the reader has stopped.
    #[must_use]
    pub fn has_ready(&self) -> bool {
        self.stopped || self.engine.sink().is_ready()
    }
}

impl AsFd for EventSocket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }
}

impl AsRawFd for EventSocket {
    fn as_raw_fd(&self) -> RawFd {
        self.socket.as_raw_fd()
    }
}
