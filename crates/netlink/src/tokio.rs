//! The async adapter (feature `tokio`): requests as futures, dumps and notifications as
//! [`Stream`]s, on tokio's [`AsyncFd`], with no thread of its own.
//!
//! [`AsyncConnection`] is a [`Connection`] opened without the reader thread
//! ([`Connection::without_reader`]) whose readiness handles ([`PendingRequest`],
//! [`PendingDump`], [`EventSocket`]) are registered with the runtime's reactor: every protocol
//! decision is the engine's, as in the blocking API, so errors (errno, extended ACK),
//! `NLM_F_DUMP_INTR`, overruns, the from-kernel check and the reader's end arrive exactly as
//! they do there. The generic object operations ([`AsyncConnection::list`],
//! [`AsyncConnection::get`], [`AsyncConnection::add`], ...) take the same [`Object`],
//! [`Lookup`] and [`Request`] types as [`Connection::list`] and friends, so every object kind
//! has them.
//!
//! Everything here must run inside a tokio runtime with I/O enabled (`enable_io`, or
//! `enable_all`); registering a handle outside one panics, as tokio's `AsyncFd` does.
//!
//! ```no_run
//! # async fn example() -> netlink::Result<()> {
//! use netlink::tokio::AsyncConnection;
//! use netlink::{ConnectionOptions, Event, Group, Link, LinkFilter};
//!
//! let conn = AsyncConnection::with_options(ConnectionOptions::default().membership(Group::LINK))?;
//! let mut events = conn.events()?;
//! for link in conn.list::<Link>(LinkFilter::default()).await? {
//!     println!("{} {}", link.index, link.name);
//! }
//! while let Some(event) = events.next_event().await {
//!     match event? {
//!         Event::Overrun => println!("events were lost: list the links again"),
//!         other => println!("{other:?}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use std::future::poll_fn;
use std::marker::PhantomData;
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use futures_core::Stream;
use netlink_wire::{Flags, Message, MessageType};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;

use crate::connection::Connection;
use crate::engine::notify::lock;
use crate::engine::request::Response;
use crate::error::{Errno, Error, Result};
use crate::events::Event;
use crate::object::{
    ADD, APPEND, CHANGE, Lookup, Object, REPLACE, Request, change_request, dump_end, dump_request,
    get_request, lookup_reply, select,
};
use crate::options::{ConnectionOptions, RTMGRP_IPV4_ROUTE};
use crate::readiness::{EventSocket, PendingDump, PendingRequest};

/// A connection for async code: [`Connection`]'s requests, dumps and notifications as
/// futures and streams, driven by the tokio runtime's reactor instead of threads.
///
/// Requests may run concurrently from many tasks (share it in an `Arc`): each takes its own
/// socket from the connection's pool, as blocking requests do. A request future that is
/// dropped before its answer closes its socket, so that a late reply cannot reach another
/// request. There is no request timeout here: wrap the future in `tokio::time::timeout`.
#[derive(Debug)]
pub struct AsyncConnection {
    conn: Connection,
    events: Mutex<Option<EventSocket>>,
}

/// Turns a reactor error into the crate's.
fn reactor_error(e: &std::io::Error) -> Error {
    Error::Socket(netlink_socket::Error::Sys {
        call: "tokio AsyncFd",
        errno: Errno::from_io_error(e).unwrap_or(Errno::IO),
    })
}

/// Registers a readiness handle's socket with the runtime's reactor, for reading.
///
/// tokio 1.53.3 deprecated every safe constructor of `AsyncFd` (`new`, `with_interest`,
/// `try_new`, `try_with_interest`) in favour of `unsafe` ones (`register`,
/// `register_with_interest`) whose contract is that the handle's file descriptor stays open
/// and the same until the `AsyncFd` lets go of it; tokio 1.54.1 (the newest 1.x) has no safe
/// replacement. This crate forbids `unsafe`, and its three handles keep that contract by
/// construction: [`PendingRequest`] and [`PendingDump`] hold their socket until they are
/// dropped (a dump's restart, which changes sockets, happens only after
/// [`AsyncFd::into_inner`] in [`DumpStream::restart`]), and [`EventSocket`] holds its socket
/// for its whole life. `expect`, not `allow`: should tokio lift the deprecation, the lint
/// says so and this goes.
#[expect(
    deprecated,
    reason = "tokio has no safe, non-deprecated way to register a descriptor"
)]
fn register<T: AsRawFd>(handle: T) -> Result<AsyncFd<T>> {
    AsyncFd::with_interest(handle, Interest::READABLE).map_err(|e| reactor_error(&e))
}

/// One step of a readiness handle: waits until its socket is readable, then runs `step`,
/// which reads what is queued without waiting; when `step` found nothing (`Pending`) the
/// readiness is cleared and waited for again. `Pending` from `step` always means the socket
/// said `EAGAIN`, which is when tokio's edge-triggered readiness may be cleared. `Err` when
/// the reactor itself fails.
fn poll_step<T: AsRawFd, R>(
    fd: &mut AsyncFd<T>,
    cx: &mut Context<'_>,
    mut step: impl FnMut(&mut T) -> Poll<R>,
) -> Poll<std::result::Result<R, Error>> {
    loop {
        let mut guard = match fd.poll_read_ready_mut(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(guard)) => guard,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(reactor_error(&e))),
        };
        match step(guard.get_inner_mut()) {
            Poll::Ready(r) => return Poll::Ready(Ok(r)),
            Poll::Pending => guard.clear_ready(),
        }
    }
}

impl AsyncConnection {
    /// `NETLINK_ROUTE`, subscribed to IPv4 route notifications, as [`Connection::new`].
    ///
    /// # Errors
    /// When a socket cannot be opened or bound.
    pub fn new() -> Result<AsyncConnection> {
        AsyncConnection::with_options(ConnectionOptions::default().groups(RTMGRP_IPV4_ROUTE))
    }

    /// Opens a connection with any protocol, groups and socket options, as
    /// [`Connection::with_options`], but starts no thread: notifications wait in the
    /// notification socket until [`AsyncConnection::events`] reads them.
    ///
    /// # Errors
    /// When the namespace or a socket cannot be opened, bound or configured.
    pub fn with_options(options: ConnectionOptions) -> Result<AsyncConnection> {
        let (conn, events) = Connection::without_reader(options)?;
        Ok(AsyncConnection {
            conn,
            events: Mutex::new(Some(events)),
        })
    }

    /// The blocking connection underneath (without a reader thread), for what has no async
    /// form here: its stats, subscriptions, port id and blocking requests.
    #[must_use]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The notifications, as a stream; it can be taken once.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when it was taken before; a reactor error.
    pub fn events(&self) -> Result<EventStream> {
        let events = lock(&self.events).take().ok_or_else(|| {
            Error::InvalidArgument("the connection's event stream was taken already".into())
        })?;
        Ok(EventStream {
            fd: register(events)?,
        })
    }

    /// Sends a request and waits for its replies and the acknowledgement, as
    /// [`Connection::request`].
    ///
    /// # Errors
    /// [`Error::Kernel`] with the errno and extended-ACK message when the kernel refuses it;
    /// as [`Connection::request`] otherwise, without the timeout.
    pub async fn request(&self, msg: &Message) -> Result<Response> {
        self.request_bytes(msg.to_bytes()?).await
    }

    /// [`AsyncConnection::request`] for a message already encoded.
    ///
    /// # Errors
    /// As [`AsyncConnection::request`]; [`Error::InvalidRequest`] when `bytes` is not one
    /// message.
    pub async fn request_bytes(&self, bytes: Vec<u8>) -> Result<Response> {
        let mut fd = register(self.conn.start_request_bytes(bytes)?)?;
        poll_fn(|cx| poll_step(&mut fd, cx, PendingRequest::poll).map(|r| r.and_then(|r| r))).await
    }

    /// Starts a dump, as [`Connection::dump`]; its replies are a [`Stream`] of messages.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent.
    pub fn dump(&self, msg: &Message) -> Result<DumpStream<'_>> {
        self.dump_bytes(msg.to_bytes()?)
    }

    /// [`AsyncConnection::dump`] for a message already encoded.
    ///
    /// # Errors
    /// As [`AsyncConnection::dump`]; [`Error::InvalidRequest`] when `bytes` is not one
    /// message.
    pub fn dump_bytes(&self, bytes: Vec<u8>) -> Result<DumpStream<'_>> {
        Ok(DumpStream {
            fd: Some(register(self.conn.start_dump_bytes(bytes)?)?),
        })
    }

    /// Every object of kind `O` matching `filter`, as a [`Stream`] decoded one reply at a
    /// time: what [`Connection::for_each`] visits, owned.
    ///
    /// # Errors
    /// An invalid filter; a socket error when the request cannot be sent.
    pub fn objects<O: Object>(&self, filter: O::Filter) -> Result<ObjectStream<'_, O>> {
        Ok(ObjectStream {
            dump: self.dump_bytes(dump_request::<O>(&filter)?)?,
            filter,
            kind: PhantomData,
        })
    }

    /// Every object of kind `O` matching `filter`, as [`Connection::list`].
    ///
    /// # Errors
    /// As [`Connection::list`].
    pub async fn list<O: Object>(&self, filter: O::Filter) -> Result<Vec<O>> {
        let mut objects = self.objects::<O>(filter)?;
        let mut out = Vec::new();
        while let Some(o) = objects.next().await {
            out.push(o?);
        }
        Ok(out)
    }

    /// The object of kind `O` identified by `key`, or `None` when the kernel has none, as
    /// [`Connection::get`].
    ///
    /// # Errors
    /// As [`Connection::get`].
    pub async fn get<O: Lookup<K>, K: ?Sized>(&self, key: &K) -> Result<Option<O>> {
        let request = get_request::<O, K>(key)?;
        lookup_reply::<O, K>(self.request_bytes(request).await)
    }

    /// Validates `req`, writes it as message `t` with `flags` and waits for the
    /// acknowledgement. A request whose [`Request::check_with`] looks something up (a
    /// neighbour's interface) does that lookup as a blocking request first: a local netlink
    /// round trip, which waits for nothing but the kernel.
    async fn send<R: Request>(&self, req: &R, t: MessageType, flags: Flags) -> Result<()> {
        let request = change_request(&self.conn, req, t, flags)?;
        self.request_bytes(request).await.map(drop)
    }
}

/// Declares the async change operations from the verbs' message types and flags, which
/// [`Connection`]'s blocking ones share (`object.rs`).
macro_rules! async_changes {
    ($( $verb:ident($t:ident, $flags:expr) $doc:literal; )*) => {
        impl AsyncConnection {
            $(
                #[doc = $doc]
                ///
                /// # Errors
                /// [`Error::InvalidArgument`] for a bad request, before anything is sent;
                /// the kernel's error otherwise.
                pub async fn $verb<R: Request>(&self, req: &R) -> Result<()> {
                    self.send(req, R::Object::$t, $flags).await
                }
            )*
        }
    };
}

async_changes! {
    add(NEW, ADD) "Creates the object `req` describes, as [`Connection::add`].";
    replace(NEW, REPLACE) "Creates or changes the object, as [`Connection::replace`].";
    change(NEW, CHANGE) "Changes an object that exists, as [`Connection::change`].";
    append(NEW, APPEND) "Adds the object after those with the same key, as [`Connection::append`].";
    delete(DEL, Flags::EMPTY) "Deletes the object `req` describes, as [`Connection::delete`].";
}

/// The replies of a dump started by [`AsyncConnection::dump`], as a [`Stream`] of owned
/// messages. Like [`Dump`](crate::Dump) it ends after `NLMSG_DONE`, with
/// `Err(`[`Error::DumpInterrupted`]`)` after the last entry of an inconsistent dump, and
/// dropping it before the end closes its socket.
#[derive(Debug)]
pub struct DumpStream<'c> {
    /// `None` only when a restart could not register its new socket: the stream has ended.
    fd: Option<AsyncFd<PendingDump<'c>>>,
}

impl DumpStream<'_> {
    /// The next reply, `None` after the end.
    pub async fn next(&mut self) -> Option<Result<Message>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Sends the same dump again with a new sequence number, e.g. after
    /// [`Error::DumpInterrupted`], as [`Dump::restart`](crate::Dump::restart).
    ///
    /// # Errors
    /// A socket or reactor error; the stream then yields nothing more.
    pub fn restart(&mut self) -> Result<()> {
        let Some(fd) = self.fd.take() else {
            return Err(Error::Closed);
        };
        // The dump moves to another socket: the old one leaves the reactor first.
        let mut dump = fd.into_inner();
        let restarted = dump.restart();
        self.fd = Some(register(dump)?);
        restarted
    }
}

impl Stream for DumpStream<'_> {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(fd) = &mut self.get_mut().fd else {
            return Poll::Ready(None);
        };
        if fd.get_ref().is_ended() {
            return Poll::Ready(None);
        }
        poll_step(fd, cx, |dump| {
            dump.poll_next_msg()
                .map(|next| next.map(|m| m.map(|m| m.to_owned())))
        })
        .map(|r| r.unwrap_or_else(|e| Some(Err(e))))
    }
}

/// The objects of a dump started by [`AsyncConnection::objects`], decoded and filtered as
/// [`Connection::for_each`] does, as a [`Stream`].
#[derive(Debug)]
pub struct ObjectStream<'c, O: Object> {
    dump: DumpStream<'c>,
    filter: O::Filter,
    kind: PhantomData<fn() -> O>,
}

// Nothing in the stream is pinned in place: it only holds the dump and the filter by value.
impl<O: Object> Unpin for ObjectStream<'_, O> {}

impl<O: Object> ObjectStream<'_, O> {
    /// The next object, `None` after the end.
    pub async fn next(&mut self) -> Option<Result<O>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O: Object> Stream for ObjectStream<'_, O> {
    type Item = Result<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let ObjectStream { dump, filter, .. } = self.get_mut();
        let Some(fd) = &mut dump.fd else {
            return Poll::Ready(None);
        };
        if fd.get_ref().is_ended() {
            return Poll::Ready(None);
        }
        poll_step(fd, cx, |dump| {
            loop {
                let m = match dump.poll_next_msg() {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(None) => return Poll::Ready(None),
                    Poll::Ready(Some(m)) => m,
                };
                let decoded = m.and_then(|m| match select::<O>(filter, m)? {
                    Some(view) => O::from_view(&view).map(Some),
                    None => Ok(None),
                });
                match decoded {
                    Ok(Some(o)) => return Poll::Ready(Some(Ok(o))),
                    Ok(None) => {}
                    Err(e) => return Poll::Ready(dump_end::<O>(filter, Err(e)).err().map(Err)),
                }
            }
        })
        .map(|r| r.unwrap_or_else(|e| Some(Err(e))))
    }
}

/// The notifications of an [`AsyncConnection`], as a [`Stream`] of the messages a
/// [`Connection`]'s channel would receive: notifications, the `NLMSG_OVERRUN` marker when
/// some were lost ([`Message::is_overrun`]), and when the socket fails the
/// [`ReaderStopped`](crate::ReaderStopped) marker, after which the stream ends.
/// [`EventStream::next_event`] decodes them into [`Event`]s.
#[derive(Debug)]
pub struct EventStream {
    fd: AsyncFd<EventSocket>,
}

impl EventStream {
    /// The next notification or marker, `None` after the reader-stopped marker.
    pub async fn next(&mut self) -> Option<Message> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next notification decoded as [`Event::from_message`] does ([`Event::Overrun`]
    /// for the overrun marker, [`Event::ReaderStopped`] for the end), `None` after the end.
    pub async fn next_event(&mut self) -> Option<Result<Event>> {
        self.next().await.map(|m| Event::from_message(&m))
    }
}

impl Stream for EventStream {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        let fd = &mut self.get_mut().fd;
        if fd.get_ref().has_ready() {
            // A message already read, or the end: nothing to wait for.
            return fd.get_mut().poll_next();
        }
        match poll_step(fd, cx, EventSocket::poll_next) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(next)) => Poll::Ready(next),
            // The reactor failed: end as the reader does when its socket fails.
            Poll::Ready(Err(e)) => {
                fd.get_mut().fail(&e);
                fd.get_mut().poll_next()
            }
        }
    }
}
