//! [`Connection`]: notifications through a channel or a callback, requests and dumps.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use netlink_socket::{NetNs, RecvBuf, Socket, Waker};
use netlink_wire::{Flags, Header, Message, MessageType};

use crate::dump::Dump;
use crate::engine::{Exchange, Mode, Step};
use crate::error::{Error, Result};
use crate::options::{ConnectionOptions, RTMGRP_IPV4_ROUTE};

/// A connection to the kernel over netlink.
///
/// It owns two kinds of sockets, so that requests and notifications never mix:
/// - one notification socket, bound to the groups of [`ConnectionOptions`], drained by a
///   background thread that hands every message to the channel registered with
///   [`Connection::notify`] or, when there is none, the callback registered with
///   [`Connection::handle`];
/// - request sockets, one per request in flight, taken from a small pool, so that several
///   threads can issue requests at once (`Connection` is `Send + Sync`).
///
/// # Lost notifications
/// When the kernel could not queue notifications (`ENOBUFS`), the reader delivers a message
/// whose type is `NLMSG_OVERRUN` ([`Message::is_overrun`]): some events are gone, and a
/// subscriber that mirrors kernel state should dump it again. Before the marker, the reader
/// throws away the notifications still queued in the socket, which are older than the lost
/// ones (counted in [`Stats::discarded_after_overrun`]). So the recipe is simple: on the
/// marker, re-read the state, then keep applying the events that follow; they all happened
/// after the discarded ones, and re-applying those that the fresh dump already includes is
/// harmless because they arrive in order.
///
/// # Slow consumers
/// With a bounded channel the reader waits for room, so nothing is dropped in the process; while
/// it waits, the kernel queues notifications in the socket's receive buffer and, when that is
/// full, drops them and reports `ENOBUFS`, which reaches the subscriber as an `NLMSG_OVERRUN`
/// message. A full channel therefore never loses an event silently.
///
/// # Spoofing
/// Messages whose sender is not the kernel are dropped unless
/// [`ConnectionOptions::accept_userspace`] is set, and replies are matched by sequence number
/// and port id.
#[derive(Debug)]
pub struct Connection {
    shared: Arc<Shared>,
    pub(crate) options: ConnectionOptions,
    netns: Option<NetNs>,
    notify_socket: Mutex<Option<Arc<Socket>>>,
    reader: Mutex<Option<JoinHandle<()>>>,
    stop: Mutex<Option<Sender<()>>>,
    pool: Mutex<Vec<Pooled>>,
    seq: AtomicU32,
}

/// A request socket with its receive buffer and port id.
#[derive(Debug)]
pub(crate) struct Pooled {
    pub(crate) socket: Socket,
    pub(crate) buf: RecvBuf,
    pub(crate) port_id: u32,
}

/// State the reader thread shares with the connection.
pub(crate) struct Shared {
    pub(crate) sinks: Mutex<Sinks>,
    pub(crate) waker: Waker,
    pub(crate) stop_rx: Receiver<()>,
    pub(crate) stats: Counters,
    pub(crate) accept_userspace: bool,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("stats", &self.stats.snapshot())
            .finish_non_exhaustive()
    }
}

/// A notification callback registered with [`Connection::handle`].
pub(crate) type Callback = Box<dyn FnMut(&Message) + Send>;

/// Where notifications go.
#[derive(Default)]
pub(crate) struct Sinks {
    pub(crate) channel: Option<Sender<Message>>,
    pub(crate) callback: Option<Callback>,
    /// Bumped whenever the callback is replaced, so that the reader, which calls the callback
    /// outside the lock, does not put back one that was replaced meanwhile.
    pub(crate) generation: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) delivered: AtomicU64,
    pub(crate) overruns: AtomicU64,
    pub(crate) dropped_userspace: AtomicU64,
    pub(crate) dropped_unsubscribed: AtomicU64,
    pub(crate) dropped_disconnected: AtomicU64,
    pub(crate) malformed: AtomicU64,
    pub(crate) discarded: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            delivered: get(&self.delivered),
            overruns: get(&self.overruns),
            dropped_userspace: get(&self.dropped_userspace),
            dropped_unsubscribed: get(&self.dropped_unsubscribed),
            dropped_disconnected: get(&self.dropped_disconnected),
            malformed: get(&self.malformed),
            discarded_after_overrun: get(&self.discarded),
        }
    }
}

/// Counters of the notification reader, so that nothing it drops goes unseen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Messages handed to the channel or callback (overrun markers included).
    pub delivered: u64,
    /// Times the kernel reported `ENOBUFS` on the notification socket.
    pub overruns: u64,
    /// Datagrams dropped because a userspace process, not the kernel, sent them.
    pub dropped_userspace: u64,
    /// Messages dropped because neither a channel nor a callback was registered.
    pub dropped_unsubscribed: u64,
    /// Messages dropped because the channel's receiver was gone.
    pub dropped_disconnected: u64,
    /// Datagrams from the kernel that did not decode.
    pub malformed: u64,
    /// Notifications thrown away after an overrun because they were older than the loss (see
    /// [`Connection`]'s "Lost notifications").
    pub discarded_after_overrun: u64,
}

/// The replies to a request, in order, without the final acknowledgement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    messages: Vec<Message>,
}

impl Response {
    /// The reply messages (empty for a request the kernel only acknowledged).
    #[must_use]
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The first reply message, if any.
    #[must_use]
    pub fn first(&self) -> Option<&Message> {
        self.messages.first()
    }

    /// The first reply of type `t`: what a lookup (`RTM_GETROUTE` for one destination, ...)
    /// answers with.
    ///
    /// # Errors
    /// [`Error::MissingReply`] when the kernel acknowledged the request without one.
    pub fn require(&self, t: MessageType) -> Result<&Message> {
        self.messages
            .iter()
            .find(|m| m.message_type() == t)
            .ok_or(Error::MissingReply { expected: t })
    }

    /// Takes the reply messages.
    #[must_use]
    pub fn into_messages(self) -> Vec<Message> {
        self.messages
    }
}

impl IntoIterator for Response {
    type Item = Message;
    type IntoIter = std::vec::IntoIter<Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.messages.into_iter()
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking callback must not take the connection down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Connection {
    /// `NETLINK_ROUTE`, subscribed to IPv4 route notifications (`RTMGRP_IPV4_ROUTE`), as the
    /// seed's `New()`.
    ///
    /// # Errors
    /// When a socket cannot be opened or bound.
    pub fn new() -> Result<Connection> {
        Connection::with_options(ConnectionOptions {
            groups: RTMGRP_IPV4_ROUTE,
            ..ConnectionOptions::default()
        })
    }

    /// Opens a connection with any protocol, groups and socket options (the seed's
    /// `NewWithOpts`), and starts the notification reader.
    ///
    /// # Errors
    /// When the namespace or a socket cannot be opened, bound or configured;
    /// [`Error::Spawn`] when the reader thread cannot be started.
    pub fn with_options(options: ConnectionOptions) -> Result<Connection> {
        let netns = options.netns.as_ref().map(NetNs::open).transpose()?;
        let socket = open_socket(&options, netns.as_ref())?;
        socket.bind(0, options.groups)?;
        for &g in &options.memberships {
            socket.add_membership(g)?;
        }
        if socket
            .set_recv_buffer_size_force(options.notify_buffer_size)
            .is_err()
        {
            socket.set_recv_buffer_size(options.notify_buffer_size)?;
        }
        if options.no_enobufs {
            socket.set_no_enobufs(true)?;
        }
        if options.listen_all_nsid {
            socket.set_listen_all_nsid(true)?;
        }
        let socket = Arc::new(socket);
        let (stop_tx, stop_rx) = crossbeam_channel::bounded(0);
        let shared = Arc::new(Shared {
            sinks: Mutex::new(Sinks::default()),
            waker: Waker::new()?,
            stop_rx,
            stats: Counters::default(),
            accept_userspace: options.accept_userspace,
        });
        let reader = {
            let (socket, shared) = (Arc::clone(&socket), Arc::clone(&shared));
            std::thread::Builder::new()
                .name("netlink-notify".into())
                .spawn(move || crate::reader::run(&socket, &shared))
                .map_err(|source| Error::Spawn {
                    thread: "netlink-notify",
                    source,
                })?
        };
        Ok(Connection {
            shared,
            options,
            netns,
            notify_socket: Mutex::new(Some(socket)),
            reader: Mutex::new(Some(reader)),
            stop: Mutex::new(Some(stop_tx)),
            pool: Mutex::new(Vec::new()),
            seq: AtomicU32::new(1),
        })
    }

    /// The options the connection was opened with.
    #[must_use]
    pub fn options(&self) -> &ConnectionOptions {
        &self.options
    }

    /// Sends every notification to `tx` from now on (the seed's `Notify`). While a channel is
    /// registered the callback is not called. Replaces any earlier channel.
    pub fn notify(&self, tx: Sender<Message>) {
        lock(&self.shared.sinks).channel = Some(tx);
    }

    /// Stops sending notifications to the channel; the callback, if any, takes over.
    pub fn remove_notify(&self) {
        lock(&self.shared.sinks).channel = None;
    }

    /// Calls `f` with every notification from now on, unless a channel is registered (the
    /// seed's `Handle`). Replaces any earlier callback. `f` runs on the reader thread; it may
    /// call back into the connection.
    pub fn handle(&self, f: impl FnMut(&Message) + Send + 'static) {
        let mut sinks = lock(&self.shared.sinks);
        sinks.callback = Some(Box::new(f));
        sinks.generation = sinks.generation.wrapping_add(1);
    }

    /// Removes the callback.
    pub fn remove_handle(&self) {
        let mut sinks = lock(&self.shared.sinks);
        sinks.callback = None;
        sinks.generation = sinks.generation.wrapping_add(1);
    }

    /// Joins multicast group `group` (`NETLINK_ADD_MEMBERSHIP`) on the notification socket, at
    /// run time; any group number works, including those above 32. For RTNETLINK, pass an
    /// [`rtnl::Group`](netlink_wire::rtnl::Group) such as `Group::IPV4_ROUTE`.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`]; the kernel's error for an unknown group.
    pub fn subscribe(&self, group: impl Into<u32>) -> Result<()> {
        let s = lock(&self.notify_socket).clone().ok_or(Error::Closed)?;
        s.add_membership(group.into())?;
        Ok(())
    }

    /// Leaves multicast group `group` (`NETLINK_DROP_MEMBERSHIP`).
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn unsubscribe(&self, group: impl Into<u32>) -> Result<()> {
        let s = lock(&self.notify_socket).clone().ok_or(Error::Closed)?;
        s.drop_membership(group.into())?;
        Ok(())
    }

    /// The multicast groups the notification socket is a member of.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn subscriptions(&self) -> Result<Vec<u32>> {
        let s = lock(&self.notify_socket).clone().ok_or(Error::Closed)?;
        Ok(s.memberships()?)
    }

    /// The notification reader's counters.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }

    /// The port id of the notification socket, the address replies to
    /// [`Connection::send_message`] come back to.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn port_id(&self) -> Result<u32> {
        let s = lock(&self.notify_socket).clone().ok_or(Error::Closed)?;
        Ok(s.port_id()?)
    }

    /// Sends `msg` as it is on the notification socket (the seed's `SendMessage`): whatever the
    /// kernel answers arrives through [`Connection::notify`] or [`Connection::handle`]. Use
    /// [`Connection::request`] to wait for the answer instead.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`]; a socket error if the send fails.
    pub fn send_message(&self, msg: &Message) -> Result<()> {
        let s = lock(&self.notify_socket).clone().ok_or(Error::Closed)?;
        s.send(&msg.to_bytes()?)?;
        Ok(())
    }

    /// Sends a request and waits for its replies and the acknowledgement.
    ///
    /// The sequence number is assigned here and `NLM_F_REQUEST | NLM_F_ACK` are set; replies
    /// are matched by sequence number and port id.
    ///
    /// # Errors
    /// [`Error::Kernel`] with the errno and extended-ACK message when the kernel refuses it.
    pub fn request(&self, msg: &Message) -> Result<Response> {
        self.request_bytes(msg.to_bytes()?)
    }

    /// [`Connection::request`] for a message already encoded, e.g. by a
    /// [`MessageBuilder`](netlink_wire::MessageBuilder).
    ///
    /// # Errors
    /// As [`Connection::request`]; [`Error::InvalidRequest`] when `bytes` is not one message.
    pub fn request_bytes(&self, mut bytes: Vec<u8>) -> Result<Response> {
        let mut pooled = self.take_socket()?;
        let seq = self.prepare(&mut bytes, Flags::REQUEST | Flags::ACK)?;
        let mut exchange = Exchange::new(seq, pooled.port_id, Mode::Request);
        let result = (|| {
            pooled.socket.send(&bytes)?;
            let mut messages = Vec::new();
            loop {
                self.recv(&mut pooled)?;
                let mut pos = 0;
                while let Some(step) = exchange.next_in(pooled.buf.data(), &mut pos) {
                    match step {
                        Step::Item(m) => messages.push(m.to_owned()),
                        Step::Done => return Ok(Response { messages }),
                        Step::Fail(e) => return Err(e),
                    }
                }
            }
        })();
        if exchange.is_finished() {
            self.put_socket(pooled);
        }
        result
    }

    /// Starts a dump and returns a streaming iterator over its replies, read in constant memory
    /// however large the dump.
    ///
    /// `NLM_F_REQUEST | NLM_F_DUMP` are set and the sequence number assigned. The iterator ends
    /// with `Err(`[`Error::DumpInterrupted`]`)` when the kernel flagged the dump as inconsistent
    /// (`NLM_F_DUMP_INTR`); every entry it read has been delivered before.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent.
    pub fn dump(&self, msg: &Message) -> Result<Dump<'_>> {
        self.dump_bytes(msg.to_bytes()?)
    }

    /// [`Connection::dump`] for a message already encoded.
    ///
    /// # Errors
    /// As [`Connection::dump`].
    pub fn dump_bytes(&self, bytes: Vec<u8>) -> Result<Dump<'_>> {
        Dump::start(self, bytes)
    }

    /// Dumps everything into a vector, restarting up to `max_restarts` times when the dump is
    /// interrupted (`NLM_F_DUMP_INTR`), so that the result is consistent. Unlike
    /// [`Connection::dump`] this holds the whole dump in memory.
    ///
    /// # Errors
    /// [`Error::DumpInterrupted`] when every attempt was interrupted; any other dump error.
    pub fn dump_all(&self, msg: &Message, max_restarts: u32) -> Result<Vec<Message>> {
        let bytes = msg.to_bytes()?;
        let mut attempts = 0u32;
        loop {
            let mut out = Vec::new();
            let mut dump = Dump::start(self, bytes.clone())?;
            let mut interrupted = false;
            while let Some(m) = dump.next_msg() {
                match m {
                    Ok(m) => out.push(m.to_owned()),
                    Err(Error::DumpInterrupted) => interrupted = true,
                    Err(e) => return Err(e),
                }
            }
            if !interrupted {
                return Ok(out);
            }
            if attempts >= max_restarts {
                return Err(Error::DumpInterrupted);
            }
            attempts = attempts.saturating_add(1);
        }
    }

    /// Stops the background reader promptly, joins its thread and closes every socket (the
    /// seed's `Close`). Idempotent; dropping the connection does the same. Requests and dumps
    /// fail with [`Error::Closed`] afterwards.
    pub fn close(&self) {
        // Wake the reader whether it waits on the socket or on a full channel.
        drop(lock(&self.stop).take());
        let _ = self.shared.waker.wake();
        let reader = lock(&self.reader).take();
        if let Some(reader) = reader {
            let _ = reader.join();
        }
        drop(lock(&self.notify_socket).take());
        lock(&self.pool).clear();
    }

    /// Whether [`Connection::close`] was called.
    #[must_use]
    pub fn is_closed(&self) -> bool {
        lock(&self.notify_socket).is_none()
    }

    /// Assigns a sequence number and sets `flags` in the header of the one message in `bytes`.
    pub(crate) fn prepare(&self, bytes: &mut [u8], flags: Flags) -> Result<u32> {
        let total = bytes.len();
        let header = bytes
            .get_mut(..Header::LEN)
            .ok_or(Error::InvalidRequest("shorter than a header"))?;
        let len = u32::from_ne_bytes([header[0], header[1], header[2], header[3]]);
        if usize::try_from(len).ok() != Some(total) {
            return Err(Error::InvalidRequest(
                "nlmsg_len does not match the request's length",
            ));
        }
        let t = u16::from_ne_bytes([header[4], header[5]]);
        if MessageType(t).is_control() {
            return Err(Error::InvalidRequest(
                "a control message type is not a request",
            ));
        }
        let seq = self.next_seq();
        let old = u16::from_ne_bytes([header[6], header[7]]);
        header[6..8].copy_from_slice(&(old | flags.bits()).to_ne_bytes());
        header[8..12].copy_from_slice(&seq.to_ne_bytes());
        header[12..16].copy_from_slice(&0u32.to_ne_bytes());
        Ok(seq)
    }

    fn next_seq(&self) -> u32 {
        // Zero is what notifications carry; never use it for a request.
        loop {
            let s = self.seq.fetch_add(1, Ordering::Relaxed);
            if s != 0 {
                return s;
            }
        }
    }

    pub(crate) fn take_socket(&self) -> Result<Pooled> {
        if self.is_closed() {
            return Err(Error::Closed);
        }
        if let Some(p) = lock(&self.pool).pop() {
            return Ok(p);
        }
        let socket = open_socket(&self.options, self.netns.as_ref())?;
        socket.bind(0, 0)?;
        if self.options.ext_ack {
            socket.set_ext_ack(true)?;
        }
        if self.options.strict_checking {
            socket.set_strict_checking(true)?;
        }
        let port_id = socket.port_id()?;
        Ok(Pooled {
            socket,
            buf: RecvBuf::new(),
            port_id,
        })
    }

    pub(crate) fn put_socket(&self, p: Pooled) {
        // Keep a few idle sockets; more are closed.
        let mut pool = lock(&self.pool);
        if pool.len() < 4 && !self.is_closed() {
            pool.push(p);
        }
    }

    /// Receives the next datagram from the kernel on a request socket; datagrams from other
    /// senders are dropped.
    pub(crate) fn recv(&self, p: &mut Pooled) -> Result<()> {
        loop {
            let received = match self.options.request_timeout {
                Some(t) => p
                    .socket
                    .recv_timeout(&mut p.buf, t)?
                    .ok_or(Error::Timeout(t))?,
                None => p.socket.recv(&mut p.buf)?,
            };
            if received.is_from_kernel() {
                return Ok(());
            }
        }
    }
}

fn open_socket(options: &ConnectionOptions, netns: Option<&NetNs>) -> Result<Socket> {
    Ok(match netns {
        Some(ns) => Socket::open_in_netns(options.protocol, ns)?,
        None => Socket::open(options.protocol)?,
    })
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}

pub(crate) fn overrun_marker() -> Message {
    Message::new(MessageType::OVERRUN, Flags::EMPTY, Vec::new())
}
