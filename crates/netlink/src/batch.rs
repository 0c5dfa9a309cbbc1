//! [`Batch`]: many requests back to back, several per `sendmsg(2)`, without waiting for each
//! acknowledgement, and every request's outcome reported by its index and sequence number.
//!
//! The kernel handles the messages of a datagram one after the other and answers each socket in
//! order, so a batch keeps a bounded number of requests in flight and reads the replies as they
//! come: with [`BatchOptions::ack_each`], one acknowledgement per request; by default only the
//! errors, with a sync (`NLMSG_NOOP` with `NLM_F_ACK`, which the kernel acknowledges and
//! otherwise ignores) every [`BatchOptions::window`] requests.
//!
//! # No lost reply
//!
//! A reply the kernel cannot queue (the socket's receive buffer is full: `ENOBUFS`) is lost, and
//! with it the outcome of its request. A batch therefore never lets more replies be owed than
//! its receive buffer holds: the kernel handles a route or generic netlink datagram inside the
//! `sendmsg(2)` that carries it and queues every reply before that call returns, so the batch
//! reads the queue empty after each datagram and puts at most as many messages in one datagram
//! as the buffer it was granted has room for replies (1,280 bytes each: the kernel's
//! accounting of one acknowledgement or error with its extended ACK). A large
//! [`BatchOptions::reply_buffer`] (the default 8 MiB, forced past `net.core.rmem_max` when the
//! process has `CAP_NET_ADMIN`) costs nothing; a small one, or the `rmem_max` an unprivileged
//! process gets, means smaller datagrams, and still an exact report.
//!
//! Should a reply still be lost (a kernel that accounts replies larger, a request answered
//! with more than its acknowledgement, such as one with `NLM_F_ECHO` pushed as bytes, or a
//! family that answers later than its `sendmsg`), the overrun is detected, the batch halves its datagrams,
//! and the requests whose outcome was lost are reported as [`BatchReport::uncertain`], never as
//! successes: check them against the kernel's state.
//!
//! # A sender thread
//!
//! With [`BatchOptions::send_thread`], a thread of the batch makes the `sendmsg(2)` calls, so
//! that the kernel applies one datagram while the caller builds the next: the batch then costs
//! about the larger of the two, not their sum. Two datagram buffers
//! ([`BatchOptions::send_size`] each) are all the memory it adds. The ordering above still
//! holds: a datagram is handed over only once the one before it has been sent and its replies
//! read. It is off by default: building a route's message costs about a tenth of what the
//! kernel spends applying it, and on a busy machine the hand-overs between two threads cost
//! as much as the overlap saves (docs/benchmarks.md).
//!
//! The pipeline itself (sequence numbers, what each reply settles) is the engine's
//! (`engine/batch.rs`); this module moves the bytes.

use std::ops::Range;
use std::time::Duration;

use netlink_socket::RecvBuf;
use netlink_wire::{Flags, Header, MessageType};

use crate::connection::Connection;
use crate::engine::batch::Tracker;
use crate::engine::request::stamp;
use crate::engine::stats::Counters;
use crate::error::{Error, Result};
use crate::object::{ADD, APPEND, CHANGE, Object, REPLACE, Request};
use crate::requests::{RequestSocket, Wait, recv_from_kernel};
use crate::transport::Transport;

settable! {
    /// How a [`Batch`] sends and acknowledges.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct BatchOptions {
        /// `NLM_F_ACK` on every request: one acknowledgement each (as `ip -batch` asks), which
        /// costs the kernel a reply per request. Off by default: the kernel answers only the
        /// requests it refuses, and a sync every `window` requests settles the others.
        ack_each: bool,
        /// Stop at the first refused request, like `ip -batch` without `-force`: once its error
        /// has been read, [`Batch::add`] and the others return [`Error::BatchStopped`] and send
        /// nothing more. The requests already sent by then (at most `window` and what was
        /// buffered) still apply, and the report says how each ended. Off by default: every
        /// request is sent and each failure reported.
        stop_on_error: bool,
        /// Requests in flight at most before the batch waits for replies (4,096): bounds the
        /// memory the replies can take in the kernel and how far the batch runs past a failure
        /// when it stops on one.
        window: usize,
        /// Bytes of requests per `sendmsg(2)` (64 KiB); the socket's send buffer is raised to
        /// fit (within `net.core.wmem_max`).
        send_size: usize,
        /// `sendmsg(2)` on a thread of the batch while the caller builds the next datagram (off
        /// by default; see the module documentation). Off, every call is made on the caller's
        /// thread.
        send_thread: bool,
        /// The receive buffer of the batch's socket (8 MiB; forced past `rmem_max` when the
        /// process may). The messages of one datagram never owe more replies than the buffer
        /// granted holds (see the module documentation), so a smaller buffer means smaller
        /// datagrams, never a lost reply.
        reply_buffer: usize,
    }
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            ack_each: false,
            stop_on_error: false,
            window: 4096,
            send_size: 64 * 1024,
            send_thread: false,
            reply_buffer: 8 << 20,
        }
    }
}

/// One request the kernel refused.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchFailure {
    /// Its position in the batch, from 0.
    pub index: u64,
    /// The sequence number it carried.
    pub seq: u32,
    /// The kernel's error: errno and extended-ACK message.
    pub error: Error,
}

/// How every request of a batch ended.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct BatchReport {
    /// Requests sent.
    pub requests: u64,
    /// The refused requests, in order. Every request sent that is neither here nor in
    /// `uncertain` was applied.
    pub failures: Vec<BatchFailure>,
    /// Stretches of indexes whose replies the kernel could not queue (`ENOBUFS`): each may
    /// have been applied or refused. Empty unless the socket overran, which the batch's bound
    /// on the replies owed prevents (see the module documentation).
    pub uncertain: Vec<Range<u64>>,
    /// Whether the batch stopped at a failure ([`BatchOptions::stop_on_error`]) before every
    /// request was pushed.
    pub stopped: bool,
}

impl BatchReport {
    /// Whether every request was applied.
    #[must_use]
    pub fn all_applied(&self) -> bool {
        self.failures.is_empty() && self.uncertain.is_empty() && !self.stopped
    }
}

/// Requests sent back to back on one socket of a [`Connection`]; see the module documentation
/// and [`Connection::batch`]. Call [`Batch::finish`] to send what is buffered and learn every
/// outcome: dropping a batch sends nothing more and reports nothing.
#[derive(Debug)]
#[must_use = "a batch sends its last requests and reports their outcomes only in finish()"]
pub struct Batch<'c> {
    conn: &'c Connection,
    socket: RequestSocket,
    pipe: Pipe,
}

/// The receive buffer one reply takes at most in the kernel's accounting (its `truesize`): an
/// acknowledgement or an error with its extended ACK (a few hundred bytes at most, since a
/// batch's socket has `NETLINK_CAP_ACK`) fits the kernel's small skb heads (832 bytes measured
/// on 6.x) and surely a 1 KiB allocation with its `sk_buff` (1,280).
const REPLY_TRUESIZE: usize = 1280;

/// A batch's state apart from its socket: what is buffered, the engine's tracker, and whether
/// it stopped or must resynchronise. Its methods take the socket as an [`Io`], so that
/// `faults.rs` can drive the same code over a scripted socket.
#[derive(Debug)]
pub(crate) struct Pipe {
    tracker: Tracker,
    out: Vec<u8>,
    options: BatchOptions,
    timeout: Option<Duration>,
    stopped: bool,
    /// Replies were lost: a sync is due once the queue is drained.
    resync: bool,
    /// Messages one datagram may carry: as many as the receive buffer has room for replies.
    capacity: usize,
    /// Messages in `out`.
    out_messages: usize,
    /// The sender thread, if the batch has one.
    sender: Option<SendThread>,
}

/// The thread that sends a batch's datagrams (see the module documentation): it takes a
/// datagram, sends it, and hands the buffer back with the outcome.
#[derive(Debug)]
struct SendThread {
    to: crossbeam_channel::Sender<Vec<u8>>,
    back: crossbeam_channel::Receiver<(Vec<u8>, netlink_socket::Result<usize>)>,
    /// A datagram was handed over and not handed back yet.
    in_flight: bool,
    /// The buffer the caller fills next.
    spare: Vec<u8>,
}

impl SendThread {
    fn start(socket: &netlink_socket::Socket, capacity: usize) -> Result<SendThread> {
        let spawn_error = |source| Error::Spawn {
            thread: "netlink-batch",
            source,
        };
        // The same socket through a second descriptor: the thread owns what it sends on.
        let socket = netlink_socket::Socket::from(
            std::os::fd::AsFd::as_fd(socket)
                .try_clone_to_owned()
                .map_err(spawn_error)?,
        );
        let (to, datagrams) = crossbeam_channel::bounded::<Vec<u8>>(1);
        let (done, back) = crossbeam_channel::bounded(1);
        std::thread::Builder::new()
            .name("netlink-batch".into())
            .spawn(move || {
                for d in datagrams {
                    let sent = socket.send(&d);
                    if done.send((d, sent)).is_err() {
                        break;
                    }
                }
            })
            .map_err(spawn_error)?;
        Ok(SendThread {
            to,
            back,
            in_flight: false,
            spare: Vec::with_capacity(capacity),
        })
    }
}

/// The socket a [`Pipe`] sends on and receives from, its buffer, and the counters of what it
/// refuses.
pub(crate) struct Io<'a, T: Transport + ?Sized> {
    pub(crate) socket: &'a T,
    pub(crate) buf: &'a mut RecvBuf,
    pub(crate) counters: &'a Counters,
}

impl Connection {
    /// Starts a batch of pipelined requests on a socket of its own.
    ///
    /// # Errors
    /// When the socket cannot be opened or configured; [`Error::InvalidArgument`] for a window
    /// or send size of 0.
    pub fn batch(&self, options: BatchOptions) -> Result<Batch<'_>> {
        if options.window == 0 || options.send_size == 0 {
            return Err(Error::InvalidArgument(
                "a batch needs a window and a send size above 0".into(),
            ));
        }
        let socket = self.requests.take()?;
        // Refusals then echo only the request's header: the replies of a window stay small.
        socket.socket.set_cap_ack(true)?;
        if socket
            .socket
            .set_recv_buffer_size_force(options.reply_buffer)
            .is_err()
        {
            socket.socket.set_recv_buffer_size(options.reply_buffer)?;
        }
        // The kernel refuses a datagram larger than the send buffer (EMSGSIZE).
        let granted = socket.socket.send_buffer_size()?;
        if granted < options.send_size + 4096 {
            socket
                .socket
                .set_send_buffer_size(options.send_size + 4096)?;
            if socket.socket.send_buffer_size()? < options.send_size + 32 {
                return Err(Error::InvalidArgument(format!(
                    "a send size of {} bytes does not fit the socket's send buffer \
                     (net.core.wmem_max)",
                    options.send_size
                )));
            }
        }
        let granted = socket.socket.recv_buffer_size()?;
        let base = self.requests.next_seq();
        let mut pipe = Pipe::new(base, options, self.requests.timeout, granted);
        if options.send_thread {
            pipe.sender = Some(SendThread::start(&socket.socket, options.send_size + 4096)?);
        }
        Ok(Batch {
            conn: self,
            socket,
            pipe,
        })
    }
}

impl Batch<'_> {
    /// Queues the creation of the object `req` describes (as [`Connection::add`]); returns its
    /// index in the batch.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad request (nothing queued); [`Error::BatchStopped`]
    /// after a failure when the batch stops on one; a socket error.
    pub fn add<R: Request>(&mut self, req: &R) -> Result<u64> {
        self.push(req, R::Object::NEW, ADD)
    }

    /// Queues a create-or-change (as [`Connection::replace`]).
    ///
    /// # Errors
    /// As [`Batch::add`].
    pub fn replace<R: Request>(&mut self, req: &R) -> Result<u64> {
        self.push(req, R::Object::NEW, REPLACE)
    }

    /// Queues a change of an object that exists (as [`Connection::change`]).
    ///
    /// # Errors
    /// As [`Batch::add`].
    pub fn change<R: Request>(&mut self, req: &R) -> Result<u64> {
        self.push(req, R::Object::NEW, CHANGE)
    }

    /// Queues an append (as [`Connection::append`]).
    ///
    /// # Errors
    /// As [`Batch::add`].
    pub fn append<R: Request>(&mut self, req: &R) -> Result<u64> {
        self.push(req, R::Object::NEW, APPEND)
    }

    /// Queues a deletion (as [`Connection::delete`]).
    ///
    /// # Errors
    /// As [`Batch::add`].
    pub fn delete<R: Request>(&mut self, req: &R) -> Result<u64> {
        self.push(req, R::Object::DEL, Flags::EMPTY)
    }

    /// Queues `req` as message `t` with `flags`, validated as the connection's operations
    /// validate it.
    ///
    /// # Errors
    /// As [`Batch::add`].
    pub fn push<R: Request>(&mut self, req: &R, t: MessageType, flags: Flags) -> Result<u64> {
        self.pipe.check_stopped()?;
        req.validate(t, flags)?;
        req.check_with(self.conn, t)?;
        let mut io = Io {
            socket: &self.socket.socket,
            buf: &mut self.socket.buf,
            counters: &self.conn.requests.counters,
        };
        self.pipe.make_room(&mut io)?;
        self.pipe.check_stopped()?;
        let start = self.pipe.out.len();
        if let Err(e) = req.build(&mut self.pipe.out, t, flags) {
            self.pipe.out.truncate(start);
            return Err(Error::Encode(e));
        }
        self.pipe.queued(&mut io, start)
    }

    /// Queues a request built elsewhere (one whole message, as for
    /// [`Connection::request_bytes`]); its sequence number and `NLM_F_REQUEST` (and `NLM_F_ACK`
    /// with [`BatchOptions::ack_each`]) are set here.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] for bytes that are not one request; as [`Batch::add`].
    pub fn push_bytes(&mut self, request: &[u8]) -> Result<u64> {
        let mut io = Io {
            socket: &self.socket.socket,
            buf: &mut self.socket.buf,
            counters: &self.conn.requests.counters,
        };
        self.pipe.push_bytes(&mut io, request)
    }

    /// Sends what is buffered, waits for every outcome and reports them.
    ///
    /// # Errors
    /// A socket error, a decode error for a malformed reply, or [`Error::Timeout`] when the
    /// connection has a request timeout and a reply takes longer.
    pub fn finish(self) -> Result<BatchReport> {
        let Batch {
            conn,
            mut socket,
            pipe,
        } = self;
        let mut io = Io {
            socket: &socket.socket,
            buf: &mut socket.buf,
            counters: &conn.requests.counters,
        };
        pipe.finish(&mut io)
    }
}

impl Pipe {
    /// A pipe whose first request carries `base`, on a socket whose receive buffer is
    /// `reply_buffer` bytes (as granted).
    pub(crate) fn new(
        base: u32,
        options: BatchOptions,
        timeout: Option<Duration>,
        reply_buffer: usize,
    ) -> Pipe {
        Pipe {
            tracker: Tracker::new(base, options.ack_each),
            out: Vec::with_capacity(options.send_size + 4096),
            options,
            timeout,
            stopped: false,
            resync: false,
            capacity: (reply_buffer / REPLY_TRUESIZE).max(1),
            out_messages: 0,
            sender: None,
        }
    }

    /// Queues a request built elsewhere; see [`Batch::push_bytes`].
    pub(crate) fn push_bytes<T: Transport + ?Sized>(
        &mut self,
        io: &mut Io<'_, T>,
        request: &[u8],
    ) -> Result<u64> {
        self.check_stopped()?;
        self.make_room(io)?;
        self.check_stopped()?;
        let start = self.out.len();
        self.out.extend_from_slice(request);
        self.queued(io, start)
    }

    /// Sends what is buffered and waits for every outcome; see [`Batch::finish`].
    pub(crate) fn finish<T: Transport + ?Sized>(
        mut self,
        io: &mut Io<'_, T>,
    ) -> Result<BatchReport> {
        self.make_room(io)?;
        self.sync();
        self.send(io)?;
        self.complete()?;
        while self.tracker.pending_syncs() > 0 {
            self.receive(io, true)?;
        }
        let requests = self.tracker.sent();
        let stopped = self.stopped;
        let (refused, uncertain) = self.tracker.finish();
        Ok(BatchReport {
            requests,
            failures: refused
                .into_iter()
                .map(|r| BatchFailure {
                    index: r.index,
                    seq: r.seq,
                    error: r.error,
                })
                .collect(),
            uncertain,
            stopped,
        })
    }

    fn check_stopped(&self) -> Result<()> {
        match self.stopped {
            true => Err(Error::BatchStopped),
            false => Ok(()),
        }
    }

    /// Numbers and stamps the request just written at `start`, adds a sync when a window is
    /// full, and sends when enough is buffered.
    fn queued<T: Transport + ?Sized>(&mut self, io: &mut Io<'_, T>, start: usize) -> Result<u64> {
        let mut flags = Flags::REQUEST;
        if self.options.ack_each {
            flags |= Flags::ACK;
        }
        let (index, seq) = match self.tracker.next_request() {
            Ok(n) => n,
            Err(e) => {
                self.out.truncate(start);
                return Err(e);
            }
        };
        if let Err(e) = stamp(&mut self.out[start..], flags, seq) {
            self.out.truncate(start);
            self.tracker.unnumber();
            return Err(e);
        }
        self.out_messages += 1;
        if !self.options.ack_each && (index + 1) % self.options.window as u64 == 0 {
            self.make_room(io)?;
            self.sync();
        }
        if self.out.len() >= self.options.send_size {
            self.flush(io)?;
        }
        Ok(index)
    }

    /// Sends what is buffered when one more message would owe more replies than the receive
    /// buffer holds.
    fn make_room<T: Transport + ?Sized>(&mut self, io: &mut Io<'_, T>) -> Result<()> {
        match self.out_messages >= self.capacity {
            true => self.flush(io),
            false => Ok(()),
        }
    }

    /// Sends what is buffered, reads the replies queued (all of them, since the kernel queued
    /// them before the send returned), and waits while more is in flight than the window
    /// allows. With a sender thread, the replies read are those of the datagram before, which
    /// it has sent by then, and this one is handed over after them.
    fn flush<T: Transport + ?Sized>(&mut self, io: &mut Io<'_, T>) -> Result<()> {
        if self.sender.is_some() {
            self.complete()?;
            self.receive(io, false)?;
            self.send(io)?;
        } else {
            self.send(io)?;
            self.receive(io, false)?;
        }
        while self.over_window() {
            self.receive(io, true)?;
        }
        Ok(())
    }

    /// Waits until the sender thread has sent the datagram handed to it, if any: its replies
    /// are then queued.
    ///
    /// # Errors
    /// The send's error; [`Error::Closed`] if the thread is gone.
    fn complete(&mut self) -> Result<()> {
        let Some(t) = &mut self.sender else {
            return Ok(());
        };
        if !t.in_flight {
            return Ok(());
        }
        let (mut buffer, sent) = t.back.recv().map_err(|_| Error::Closed)?;
        t.in_flight = false;
        buffer.clear();
        t.spare = buffer;
        sent?;
        Ok(())
    }

    /// Whether more is in flight than the window allows.
    fn over_window(&self) -> bool {
        if self.options.ack_each {
            self.tracker.in_flight() > self.options.window as u64
        } else {
            self.tracker.pending_syncs() > 2
        }
    }

    /// Appends a sync: `NLMSG_NOOP` with `NLM_F_ACK`.
    fn sync(&mut self) {
        let seq = self.tracker.next_sync();
        let h = Header::new(
            Header::LEN as u32,
            MessageType::NOOP,
            Flags::REQUEST | Flags::ACK,
            seq,
            0,
        );
        h.write_to(&mut self.out);
        self.out_messages += 1;
    }

    /// Sends the buffered requests in one datagram.
    fn send<T: Transport + ?Sized>(&mut self, io: &mut Io<'_, T>) -> Result<()> {
        if self.out.is_empty() {
            return Ok(());
        }
        if self.sender.is_some() {
            self.complete()?;
        }
        match &mut self.sender {
            Some(t) => {
                let datagram = std::mem::replace(&mut self.out, std::mem::take(&mut t.spare));
                t.to.send(datagram).map_err(|_| Error::Closed)?;
                t.in_flight = true;
            }
            None => {
                io.socket.send(&self.out)?;
                self.out.clear();
            }
        }
        self.out_messages = 0;
        Ok(())
    }

    /// Reads the replies queued; with `wait`, at least one datagram (as long as the
    /// connection's request timeout allows). After an overrun, a sync goes out once the queue
    /// is drained, so that its acknowledgement finds room and settles the stretch, and the
    /// datagrams after it carry half as many messages as the one that overran. The queue is
    /// empty when this returns.
    fn receive<T: Transport + ?Sized>(&mut self, io: &mut Io<'_, T>, wait: bool) -> Result<()> {
        if wait {
            // What the wait is for may be in the datagram the sender thread holds.
            self.complete()?;
        }
        let mut need_one = wait;
        loop {
            let w = if need_one {
                self.timeout
            } else {
                Some(Duration::ZERO)
            };
            match recv_from_kernel(io.socket, io.buf, Wait::For(w), io.counters) {
                Ok(true) => {
                    self.tracker.datagram(io.buf.data())?;
                    need_one = false;
                }
                Ok(false) if need_one => {
                    return Err(Error::Timeout(self.timeout.unwrap_or_default()));
                }
                Ok(false) => {
                    if !self.resync {
                        break;
                    }
                    // The queue is empty. The sync goes after what is buffered (nothing, or
                    // with a sender thread the datagram about to go), so its acknowledgement
                    // settles the stretch; it is read before anything more is sent.
                    self.resync = false;
                    self.sync();
                    self.send(io)?;
                }
                Err(Error::Overrun) => {
                    self.tracker.overrun();
                    self.resync = true;
                    self.capacity = (self.capacity / 2).max(1);
                    need_one = false;
                }
                Err(e) => return Err(e),
            }
        }
        if self.options.stop_on_error && self.tracker.any_refused() {
            self.stopped = true;
        }
        Ok(())
    }
}
