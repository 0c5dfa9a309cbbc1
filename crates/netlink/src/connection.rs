//! [`Connection`]: notifications through a channel or a callback, requests and dumps. It opens
//! the sockets and starts the reader; the protocol is the engine's (`engine/`), the request
//! sockets' driver is `requests.rs`, the dump's `dump.rs`, the reader's `reader.rs`.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use netlink_socket::{NetNs, Socket, Waker};
use netlink_wire::Message;

use crate::dump::Dump;
use crate::engine::dump::Restarts;
use crate::engine::notify::{Notifications, Router, lock};
use crate::engine::request::Response;
use crate::engine::sender::Senders;
use crate::engine::stats::{Counters, Stats};
use crate::error::{Error, Result};
use crate::options::{ConnectionOptions, RTMGRP_IPV4_ROUTE};
use crate::requests::Requests;

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
/// # The reader's end
/// If the notification socket fails, the reader cannot go on: subscribers then receive a last
/// message that [`ReaderStopped::from_message`](crate::ReaderStopped::from_message) recognises
/// (with the errno and the error's text), and [`Stats::reader_failed`] is set. Nothing arrives
/// after it; open a new connection. [`Connection::close`] ends the reader without a marker.
///
/// # Spoofing
/// Messages whose sender is not the kernel are dropped unless
/// [`ConnectionOptions::accept_userspace`] is set (notifications only: replies are always
/// taken from the kernel alone), every drop is counted in [`Connection::stats`], and replies
/// are matched by sequence number and port id.
#[derive(Debug)]
pub struct Connection {
    options: ConnectionOptions,
    pub(crate) requests: Requests,
    router: Arc<Router>,
    pub(crate) counters: Arc<Counters>,
    waker: Arc<Waker>,
    notify_socket: Mutex<Option<Arc<Socket>>>,
    reader: Mutex<Option<JoinHandle<()>>>,
    /// Dropped by `close()`, which releases a reader waiting for room in a full channel.
    closing: Mutex<Option<Sender<()>>>,
}

impl Connection {
    /// `NETLINK_ROUTE`, subscribed to IPv4 route notifications (`RTMGRP_IPV4_ROUTE`), as the
    /// seed's `New()`.
    ///
    /// # Errors
    /// When a socket cannot be opened or bound, or the reader thread cannot be started.
    #[doc(alias = "New")]
    pub fn new() -> Result<Connection> {
        Connection::with_options(ConnectionOptions::default().groups(RTMGRP_IPV4_ROUTE))
    }

    /// Opens a connection with any protocol, groups and socket options (the seed's
    /// `NewWithOpts`), and starts the notification reader.
    ///
    /// # Errors
    /// When the namespace or a socket cannot be opened, bound or configured;
    /// [`Error::Spawn`] when the reader thread cannot be started.
    #[doc(alias = "NewWithOpts")]
    pub fn with_options(options: ConnectionOptions) -> Result<Connection> {
        let (conn, socket) = Connection::open(options)?;
        let engine = Notifications::new(
            Arc::clone(&conn.router),
            Arc::clone(&conn.counters),
            Senders::for_notifications(conn.options.accept_userspace),
        );
        let reader = {
            let waker = Arc::clone(&conn.waker);
            let coalesce = conn.options.notify_coalesce;
            std::thread::Builder::new()
                .name("netlink-notify".into())
                .spawn(move || crate::reader::run(&*socket, &waker, &engine, coalesce))
                .map_err(|source| Error::Spawn {
                    thread: "netlink-notify",
                    source,
                })?
        };
        *lock(&conn.reader) = Some(reader);
        Ok(conn)
    }

    /// Opens the sockets of a connection whose notification socket nobody reads yet: the
    /// caller starts the reader thread on it, or hands it to a readiness driver.
    pub(crate) fn open(options: ConnectionOptions) -> Result<(Connection, Arc<Socket>)> {
        let netns = options.netns.as_ref().map(NetNs::open).transpose()?;
        let counters = Arc::new(Counters::default());
        let requests = Requests::new(&options, netns, Arc::clone(&counters));
        let socket = requests.open()?;
        if let Some(filter) = &options.notify_filter {
            socket.attach_filter(&filter.program()?)?;
        }
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
        let waker = Arc::new(Waker::new()?);
        let (closing_tx, closing_rx) = crossbeam_channel::bounded(0);
        let conn = Connection {
            options,
            requests,
            router: Arc::new(Router::new(closing_rx)),
            counters,
            waker,
            notify_socket: Mutex::new(Some(Arc::clone(&socket))),
            reader: Mutex::new(None),
            closing: Mutex::new(Some(closing_tx)),
        };
        Ok((conn, socket))
    }

    /// The options the connection was opened with.
    #[must_use]
    pub fn options(&self) -> &ConnectionOptions {
        &self.options
    }

    /// Sends every notification to `tx` from now on (the seed's `Notify`). While a channel is
    /// registered the callback is not called. Replaces any earlier channel.
    #[doc(alias = "Notify")]
    pub fn notify(&self, tx: Sender<Message>) {
        self.router.set_channel(Some(tx));
    }

    /// Stops sending notifications to the channel; the callback, if any, takes over.
    pub fn remove_notify(&self) {
        self.router.set_channel(None);
    }

    /// Calls `f` with every notification from now on, unless a channel is registered (the
    /// seed's `Handle`). Replaces any earlier callback. `f` runs on the reader thread; it may
    /// call back into the connection.
    #[doc(alias = "Handle")]
    pub fn handle(&self, f: impl FnMut(&Message) + Send + 'static) {
        self.router.set_callback(Some(Box::new(f)));
    }

    /// Removes the callback.
    pub fn remove_handle(&self) {
        self.router.set_callback(None);
    }

    /// Joins multicast group `group` (`NETLINK_ADD_MEMBERSHIP`) on the notification socket, at
    /// run time; any group number works, including those above 32. For RTNETLINK, pass an
    /// [`rtnl::Group`](netlink_wire::rtnl::Group) such as `Group::IPV4_ROUTE`.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`]; the kernel's error for an unknown group.
    pub fn subscribe(&self, group: impl Into<u32>) -> Result<()> {
        self.notify_socket()?.add_membership(group.into())?;
        Ok(())
    }

    /// Leaves multicast group `group` (`NETLINK_DROP_MEMBERSHIP`).
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn unsubscribe(&self, group: impl Into<u32>) -> Result<()> {
        self.notify_socket()?.drop_membership(group.into())?;
        Ok(())
    }

    /// Makes the kernel enforce `filter` on the notifications it queues for this connection
    /// from now on (replacing any earlier filter): what it rejects never leaves the kernel, so
    /// it wakes no thread and cannot cause an overrun. Notifications already queued are
    /// delivered unfiltered. An empty filter removes the filter.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`]; the kernel's error for the program.
    #[doc(alias = "SO_ATTACH_FILTER")]
    pub fn set_notify_filter(&self, filter: &crate::NotifyFilter) -> Result<()> {
        let socket = self.notify_socket()?;
        if filter.is_empty() {
            return match socket.detach_filter() {
                Err(e) if e.errno() == Some(netlink_socket::Errno::NOENT) => Ok(()),
                other => Ok(other?),
            };
        }
        socket.attach_filter(&filter.program()?)?;
        Ok(())
    }

    /// The multicast groups the notification socket is a member of.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn subscriptions(&self) -> Result<Vec<u32>> {
        Ok(self.notify_socket()?.memberships()?)
    }

    /// The connection's counters: what the notification reader delivered and dropped, the
    /// datagrams refused on any socket, and whether the reader failed.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.counters.snapshot()
    }

    /// The port id of the notification socket, the address replies to
    /// [`Connection::send_message`] come back to.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`].
    pub fn port_id(&self) -> Result<u32> {
        Ok(self.notify_socket()?.port_id()?)
    }

    /// Sends `msg` as it is on the notification socket (the seed's `SendMessage`): whatever the
    /// kernel answers arrives through [`Connection::notify`] or [`Connection::handle`]. Use
    /// [`Connection::request`] to wait for the answer instead.
    ///
    /// # Errors
    /// [`Error::Closed`] after [`Connection::close`]; a socket error if the send fails.
    #[doc(alias = "SendMessage")]
    pub fn send_message(&self, msg: &Message) -> Result<()> {
        self.notify_socket()?.send(&msg.to_bytes()?)?;
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
    pub fn request_bytes(&self, bytes: Vec<u8>) -> Result<Response> {
        self.requests.request(bytes)
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
    /// As [`Connection::dump`]; [`Error::InvalidRequest`] when `bytes` is not one message.
    pub fn dump_bytes(&self, bytes: Vec<u8>) -> Result<Dump<'_>> {
        Dump::start(&self.requests, bytes)
    }

    /// Dumps everything into a vector, restarting up to `max_restarts` times when the dump is
    /// interrupted (`NLM_F_DUMP_INTR`), so that the result is consistent. Unlike
    /// [`Connection::dump`] this holds the whole dump in memory.
    ///
    /// # Errors
    /// [`Error::DumpInterrupted`] when every attempt was interrupted; any other dump error.
    pub fn dump_all(&self, msg: &Message, max_restarts: u32) -> Result<Vec<Message>> {
        let mut restarts = Restarts::new(max_restarts);
        let mut dump = self.dump(msg)?;
        loop {
            let mut out = Vec::new();
            match dump.for_each_msg(|m| {
                out.push(m.to_owned());
                Ok(())
            }) {
                Ok(()) => return Ok(out),
                Err(Error::DumpInterrupted) => {}
                Err(e) => return Err(e),
            }
            if !restarts.again() {
                return Err(Error::DumpInterrupted);
            }
            dump.restart()?;
        }
    }

    /// Stops the background reader promptly, joins its thread and closes every socket (the
    /// seed's `Close`). Idempotent; dropping the connection does the same. Requests and dumps
    /// fail with [`Error::Closed`] afterwards.
    #[doc(alias = "Close")]
    pub fn close(&self) {
        // Wake the reader whether it waits on the socket or on a full channel.
        drop(lock(&self.closing).take());
        let _ = self.waker.wake();
        let reader = lock(&self.reader).take();
        if let Some(reader) = reader {
            let _ = reader.join();
        }
        drop(lock(&self.notify_socket).take());
        self.requests.close();
    }

    /// Whether [`Connection::close`] was called.
    #[must_use]
    pub fn is_closed(&self) -> bool {
        lock(&self.notify_socket).is_none()
    }

    /// A fresh socket of the connection's protocol in its namespace, for the calls that are
    /// no netlink message (the multicast ioctls).
    pub(crate) fn open_socket(&self) -> Result<Socket> {
        self.requests.open()
    }

    fn notify_socket(&self) -> Result<Arc<Socket>> {
        lock(&self.notify_socket).clone().ok_or(Error::Closed)
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.close();
    }
}
