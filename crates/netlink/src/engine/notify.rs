//! Notifications from the socket to the subscriber: which datagrams are believed, where each
//! message goes (the channel over the callback), what an overrun throws away, and how the
//! reader's end reaches the subscriber. The reader thread only receives and calls in here.
//!
//! Two markers keep the seed's `Sender<Message>` / `Fn(&Message)` signatures while making loss
//! and death explicit: after `ENOBUFS` a message of type `NLMSG_OVERRUN` ([`overrun_marker`]),
//! and when the socket fails, an `NLMSG_DONE` carrying the errno and the error's text
//! ([`ReaderStopped`]), after which nothing more arrives.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crossbeam_channel::{Receiver, Sender};
use netlink_wire::{AttrWrite, DoneMsg, Flags, Message, MessageBuilder, MessageType, Messages};

use super::sender::Senders;
use super::stats::Counters;
use crate::error::{Errno, Error, errno_of};

/// A notification callback registered with [`Connection::handle`](crate::Connection::handle).
pub(crate) type Callback = Box<dyn FnMut(&Message) + Send>;

/// Locks `m`, taking over a lock that a panicking callback left poisoned: one bad callback
/// must not take the connection down with it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where notifications go.
#[derive(Default)]
struct Sinks {
    channel: Option<Sender<Message>>,
    callback: Option<Callback>,
    /// Bumped whenever the callback is replaced, so that a delivery, which calls the callback
    /// outside the lock, does not put back one that was replaced meanwhile.
    generation: u64,
}

/// The subscriber's side: the registered channel or callback.
pub(crate) struct Router {
    sinks: Mutex<Sinks>,
    /// Disconnected when the connection closes, so that a delivery waiting for room in a full
    /// bounded channel gives up.
    closing: Receiver<()>,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sinks = lock(&self.sinks);
        f.debug_struct("Router")
            .field("channel", &sinks.channel.is_some())
            .field("callback", &sinks.callback.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether the reader goes on after a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Keep reading.
    Continue,
    /// The connection is closing, or the reader has said its last word: stop.
    Stop,
}

impl Router {
    /// A router with no subscriber that stops waiting once every sender of `closing` is gone.
    pub(crate) fn new(closing: Receiver<()>) -> Self {
        Router {
            sinks: Mutex::new(Sinks::default()),
            closing,
        }
    }

    /// Registers or removes the channel; it takes precedence over the callback.
    pub(crate) fn set_channel(&self, tx: Option<Sender<Message>>) {
        lock(&self.sinks).channel = tx;
    }

    /// Registers or removes the callback.
    pub(crate) fn set_callback(&self, f: Option<Callback>) {
        let mut sinks = lock(&self.sinks);
        sinks.callback = f;
        sinks.generation = sinks.generation.wrapping_add(1);
    }

    /// Hands `msg` to the channel, else the callback, else counts it as unsubscribed. A full
    /// bounded channel is waited for (never dropped from), until the connection closes.
    pub(crate) fn deliver(&self, msg: Message, counters: &Counters) -> Flow {
        let mut sinks = lock(&self.sinks);
        if let Some(tx) = sinks.channel.clone() {
            drop(sinks);
            crossbeam_channel::select! {
                send(tx, msg) -> r => match r {
                    Ok(()) => Counters::bump(&counters.delivered),
                    Err(_) => Counters::bump(&counters.dropped_disconnected),
                },
                recv(self.closing) -> _ => return Flow::Stop,
            }
            return Flow::Continue;
        }
        let Some(mut f) = sinks.callback.take() else {
            Counters::bump(&counters.dropped_unsubscribed);
            return Flow::Continue;
        };
        let generation = sinks.generation;
        // The callback runs without the lock, so that it may call notify() or handle() itself.
        drop(sinks);
        f(&msg);
        Counters::bump(&counters.delivered);
        let mut sinks = lock(&self.sinks);
        if sinks.generation == generation && sinks.callback.is_none() {
            sinks.callback = Some(f);
        }
        Flow::Continue
    }
}

/// Where the engine hands every message it admits, and the markers.
pub(crate) trait Sink {
    /// Hands over `msg`; `Stop` when the reader must end.
    fn deliver(&self, msg: Message, counters: &Counters) -> Flow;
}

/// The reader thread's sink: the subscriber's channel or callback.
impl Sink for Arc<Router> {
    fn deliver(&self, msg: Message, counters: &Counters) -> Flow {
        Router::deliver(self, msg, counters)
    }
}

/// A readiness driver's sink: the messages of the datagram just read, in order, until the
/// caller takes them. It holds at most one datagram's messages (or one drain's markers)
/// because the driver reads the next datagram only once the queue is empty.
#[derive(Debug, Default)]
pub(crate) struct Queue(Mutex<VecDeque<Message>>);

impl Queue {
    /// The oldest message not yet taken.
    pub(crate) fn pop(&self) -> Option<Message> {
        lock(&self.0).pop_front()
    }

    /// Whether a message waits to be taken.
    pub(crate) fn is_ready(&self) -> bool {
        !lock(&self.0).is_empty()
    }
}

impl Sink for Queue {
    fn deliver(&self, msg: Message, counters: &Counters) -> Flow {
        lock(&self.0).push_back(msg);
        Counters::bump(&counters.delivered);
        Flow::Continue
    }
}

/// The reader's protocol: what to do with each thing the notification socket reports, the
/// same for the reader thread (sink [`Router`]) and a readiness driver (sink [`Queue`]).
#[derive(Debug)]
pub(crate) struct Notifications<S = Arc<Router>> {
    router: S,
    counters: Arc<Counters>,
    senders: Senders,
}

impl<S: Sink> Notifications<S> {
    pub(crate) fn new(router: S, counters: Arc<Counters>, senders: Senders) -> Self {
        Notifications {
            router,
            counters,
            senders,
        }
    }

    /// A datagram from port id `sender`: unless the sender is refused, delivers each message;
    /// a datagram that does not decode is counted as malformed from where it breaks.
    pub(crate) fn datagram(&self, sender: u32, bytes: &[u8]) -> Flow {
        if !self.senders.admit(sender, &self.counters.dropped_userspace) {
            return Flow::Continue;
        }
        for m in Messages::new(bytes) {
            match m {
                Ok(m) => {
                    if self.router.deliver(m.to_owned(), &self.counters) == Flow::Stop {
                        return Flow::Stop;
                    }
                }
                Err(_) => Counters::bump(&self.counters.malformed),
            }
        }
        Flow::Continue
    }

    /// The kernel reported `ENOBUFS`: notifications were lost. The ones still queued, up to
    /// `queued` bytes (the receive buffer's size: everything queued when the kernel reported
    /// the loss fits in it), are older than the lost ones; a subscriber that re-reads the
    /// state on the marker would apply them on top of the fresh state and resurrect what the
    /// lost events removed. So the reader drains them through the returned [`Discard`], which
    /// then delivers the marker.
    pub(crate) fn overrun(&self, queued: usize) -> Discard<'_, S> {
        Counters::bump(&self.counters.overruns);
        Discard {
            owner: self,
            left: queued,
        }
    }

    /// The socket failed: the reader ends. Subscribers receive a [`ReaderStopped`] marker and
    /// [`Stats::reader_failed`](super::stats::Stats::reader_failed) is set.
    pub(crate) fn failed(&self, error: &Error) -> Flow {
        self.counters
            .reader_failed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let stopped = ReaderStopped {
            errno: error.errno(),
            reason: error.to_string(),
        };
        let _ = self.router.deliver(stopped.to_message(), &self.counters);
        Flow::Stop
    }

    /// The sink.
    pub(crate) fn sink(&self) -> &S {
        &self.router
    }
}

/// Stale notifications being thrown away after an overrun.
#[derive(Debug)]
pub(crate) struct Discard<'a, S = Arc<Router>> {
    owner: &'a Notifications<S>,
    /// Bytes still to drain.
    left: usize,
}

impl<S: Sink> Discard<'_, S> {
    /// Whether to drain another datagram. The budget bounds the drain even if a storm goes on.
    pub(crate) fn wants_more(&self) -> bool {
        self.left > 0
    }

    /// A drained datagram: its messages are counted and dropped.
    pub(crate) fn datagram(&mut self, bytes: &[u8]) {
        self.left = self.left.saturating_sub(bytes.len().max(1));
        Counters::add(&self.owner.counters.discarded, Messages::new(bytes).count());
    }

    /// Another `ENOBUFS` while draining.
    pub(crate) fn overrun(&mut self) {
        Counters::bump(&self.owner.counters.overruns);
    }

    /// Nothing more to drain: delivers the overrun marker.
    pub(crate) fn finish(self) -> Flow {
        self.owner
            .router
            .deliver(overrun_marker(), &self.owner.counters)
    }
}

/// The message that tells a subscriber notifications were lost: `NLMSG_OVERRUN`
/// ([`Message::is_overrun`]).
pub(crate) fn overrun_marker() -> Message {
    Message::new(MessageType::OVERRUN, Flags::EMPTY, Vec::new())
}

/// The notification reader stopped because its socket failed: no notification arrives after
/// this. It reaches subscribers as the last message on the channel or callback, an
/// `NLMSG_DONE` (the kernel's "nothing more follows") with sequence number 0, port id 0, no
/// `NLM_F_MULTI` (which every `NLMSG_DONE` of the kernel carries), the negated errno as its
/// code and the error's text as its extended-ACK message; [`ReaderStopped::from_message`]
/// recognises it. [`Stats::reader_failed`](crate::Stats::reader_failed) records it too.
///
/// ```
/// # use netlink::{Message, ReaderStopped};
/// fn on_notification(msg: &Message) {
///     if let Some(stopped) = ReaderStopped::from_message(msg) {
///         eprintln!("no more notifications: {stopped}; reopen the connection");
///     }
/// }
/// # on_notification(&Message::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReaderStopped {
    /// The socket error's errno, when it had one.
    pub errno: Option<Errno>,
    /// The socket error, as text.
    pub reason: String,
}

impl ReaderStopped {
    /// The marker's details, if `msg` is the reader's last message.
    #[must_use]
    pub fn from_message(msg: &Message) -> Option<ReaderStopped> {
        let h = &msg.header;
        let marker = h.message_type() == MessageType::DONE
            && !h.flags().contains(Flags::MULTI)
            && h.seq() == 0
            && h.port_id() == 0;
        if !marker {
            return None;
        }
        let done = DoneMsg::parse(msg.as_msg()).ok()?;
        Some(ReaderStopped {
            errno: errno_of(done.errno()),
            reason: done
                .ext_ack()
                .message()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_owned(),
        })
    }

    /// The marker message.
    pub(crate) fn to_message(&self) -> Message {
        let code = self.errno.map_or(0, |e| e.raw_os_error().wrapping_neg());
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, MessageType::DONE, Flags::ACK_TLVS);
        b.payload(&code.to_ne_bytes())
            .put_str(netlink_wire::ext_ack_attr::MSG, &self.reason);
        match b.finish() {
            Ok(_) => netlink_wire::decode_message(&buf).ok(),
            Err(_) => None,
        }
        // A reason too long for an attribute still leaves the errno.
        .unwrap_or_else(|| {
            Message::new(MessageType::DONE, Flags::EMPTY, code.to_ne_bytes().to_vec())
        })
    }
}

impl std::fmt::Display for ReaderStopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the notification reader stopped: {}", self.reason)
    }
}

#[cfg(test)]
mod tests {
    use crossbeam_channel::{bounded, unbounded};

    use super::*;
    use crate::engine::script::notification;

    #[test]
    fn a_queue_sink_gets_the_same_messages_markers_and_refusals_as_a_router() {
        let counters = Arc::new(Counters::default());
        let n = Notifications::new(Queue::default(), Arc::clone(&counters), Senders::KernelOnly);
        assert_eq!(n.datagram(4242, &notifications(2)), Flow::Continue);
        assert!(n.sink().pop().is_none(), "a spoofed datagram is refused");
        assert_eq!(n.datagram(0, &notifications(2)), Flow::Continue);
        let mut discard = n.overrun(1);
        discard.datagram(&notifications(3));
        assert_eq!(discard.finish(), Flow::Continue);
        let failed = Error::Socket(netlink_socket::Error::Sys {
            call: "recvmsg",
            errno: Errno::BADF,
        });
        assert_eq!(n.failed(&failed), Flow::Stop);
        let got: Vec<Message> = std::iter::from_fn(|| n.sink().pop()).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].message_type(), MessageType(24));
        assert!(got[2].is_overrun());
        let stopped = ReaderStopped::from_message(&got[3]).expect("the reader's end");
        assert_eq!(stopped.errno, Some(Errno::BADF));
        let stats = counters.snapshot();
        assert_eq!(
            (
                stats.delivered,
                stats.dropped_userspace,
                stats.discarded_after_overrun
            ),
            (4, 1, 3)
        );
        assert!(stats.reader_failed);
    }

    fn setup(senders: Senders) -> (Notifications, Arc<Router>, Arc<Counters>, Sender<()>) {
        let (closing_tx, closing_rx) = bounded(0);
        let router = Arc::new(Router::new(closing_rx));
        let counters = Arc::new(Counters::default());
        let n = Notifications::new(Arc::clone(&router), Arc::clone(&counters), senders);
        (n, router, counters, closing_tx)
    }

    /// A datagram of `n` route notifications.
    fn notifications(n: usize) -> Vec<u8> {
        let mut d = Vec::new();
        for _ in 0..n {
            notification(&mut d);
        }
        d
    }

    /// A callback that records what it was given.
    fn recorder() -> (Callback, Arc<Mutex<Vec<Message>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = Arc::clone(&seen);
        (
            Box::new(move |m: &Message| s.lock().unwrap().push(m.clone())),
            seen,
        )
    }

    #[test]
    fn the_channel_takes_precedence_over_the_callback() {
        let (n, router, counters, _closing) = setup(Senders::KernelOnly);
        let (f, called) = recorder();
        router.set_callback(Some(f));
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        assert_eq!(n.datagram(0, &notifications(2)), Flow::Continue);
        assert_eq!(rx.try_iter().count(), 2);
        assert!(called.lock().unwrap().is_empty());
        router.set_channel(None);
        n.datagram(0, &notifications(1));
        assert_eq!(called.lock().unwrap().len(), 1, "the callback takes over");
        assert_eq!(counters.snapshot().delivered, 3);
    }

    #[test]
    fn a_replaced_sink_receives_nothing_more() {
        let (n, router, _counters, _closing) = setup(Senders::KernelOnly);
        let (old_tx, old_rx) = unbounded();
        let (new_tx, new_rx) = unbounded();
        router.set_channel(Some(old_tx));
        router.set_channel(Some(new_tx));
        n.datagram(0, &notifications(1));
        assert_eq!(
            (old_rx.try_iter().count(), new_rx.try_iter().count()),
            (0, 1)
        );

        let (old, old_seen) = recorder();
        let (new, new_seen) = recorder();
        router.set_channel(None);
        router.set_callback(Some(old));
        router.set_callback(Some(new));
        n.datagram(0, &notifications(1));
        assert_eq!(old_seen.lock().unwrap().len(), 0);
        assert_eq!(new_seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_callback_replaced_from_inside_itself_stays_replaced() {
        let (n, router, _counters, _closing) = setup(Senders::KernelOnly);
        let (new, new_seen) = recorder();
        let mut replacement = Some(new);
        let r = Arc::clone(&router);
        let first_calls = Arc::new(Mutex::new(0));
        let calls = Arc::clone(&first_calls);
        router.set_callback(Some(Box::new(move |_: &Message| {
            *calls.lock().unwrap() += 1;
            r.set_callback(replacement.take());
        })));
        n.datagram(0, &notifications(3));
        assert_eq!(*first_calls.lock().unwrap(), 1);
        assert_eq!(new_seen.lock().unwrap().len(), 2);
        // The old callback held the router: break the cycle.
        router.set_callback(None);
    }

    #[test]
    fn nobody_listening_and_a_gone_receiver_are_counted() {
        let (n, router, counters, _closing) = setup(Senders::KernelOnly);
        n.datagram(0, &notifications(2));
        assert_eq!(counters.snapshot().dropped_unsubscribed, 2);
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        drop(rx);
        assert_eq!(n.datagram(0, &notifications(3)), Flow::Continue);
        let stats = counters.snapshot();
        assert_eq!((stats.dropped_disconnected, stats.delivered), (3, 0));
    }

    #[test]
    fn strangers_are_refused_and_broken_datagrams_counted() {
        let (n, router, counters, _closing) = setup(Senders::KernelOnly);
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        n.datagram(4242, &notifications(2));
        let mut broken = notifications(1);
        broken.extend_from_slice(&[200, 0, 0, 0, 24, 0]);
        n.datagram(0, &broken);
        assert_eq!(
            rx.try_iter().count(),
            1,
            "the good message before the break"
        );
        let stats = counters.snapshot();
        assert_eq!((stats.dropped_userspace, stats.malformed), (1, 1));

        let (n, router, counters, _closing) = setup(Senders::Anyone);
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        n.datagram(4242, &notifications(2));
        assert_eq!(rx.try_iter().count(), 2, "accept_userspace");
        assert_eq!(counters.snapshot().dropped_userspace, 0);
    }

    #[test]
    fn a_full_channel_is_waited_for_until_the_connection_closes() {
        let (n, router, _counters, closing) = setup(Senders::KernelOnly);
        let (tx, rx) = bounded(1);
        router.set_channel(Some(tx));
        assert_eq!(n.datagram(0, &notifications(1)), Flow::Continue);
        drop(closing);
        assert_eq!(
            n.datagram(0, &notifications(1)),
            Flow::Stop,
            "closed while full"
        );
        assert_eq!(rx.len(), 1, "what was queued stays; nothing was dropped");
    }

    #[test]
    fn stale_notifications_before_an_overrun_are_discarded_and_the_marker_follows() {
        let (n, router, counters, _closing) = setup(Senders::KernelOnly);
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        n.datagram(0, &notifications(2)); // read before the loss
        // ENOBUFS: three datagrams are still queued, older than the lost notifications.
        let stale = notifications(3);
        let mut discard = n.overrun(3 * stale.len());
        let mut drained = 0;
        while discard.wants_more() {
            discard.datagram(&stale);
            drained += 1;
        }
        assert_eq!(drained, 3, "the budget is the queue's size");
        discard.overrun();
        assert_eq!(discard.finish(), Flow::Continue);
        n.datagram(0, &notifications(1)); // after the loss
        let got: Vec<Message> = rx.try_iter().collect();
        let kinds: Vec<bool> = got.iter().map(Message::is_overrun).collect();
        assert_eq!(kinds, [false, false, true, false]);
        let stats = counters.snapshot();
        assert_eq!(
            (
                stats.overruns,
                stats.discarded_after_overrun,
                stats.delivered
            ),
            (2, 9, 4)
        );
    }

    #[test]
    fn a_failed_socket_ends_the_reader_with_an_explicit_marker() {
        let (n, router, counters, _closing) = setup(Senders::KernelOnly);
        let (tx, rx) = unbounded();
        router.set_channel(Some(tx));
        let error = Error::Spawn {
            thread: "test",
            source: std::io::Error::from_raw_os_error(9),
        };
        assert_eq!(n.failed(&error), Flow::Stop);
        let marker = rx.try_recv().unwrap();
        assert!(!marker.is_overrun());
        let stopped = ReaderStopped::from_message(&marker).unwrap();
        assert_eq!(stopped.errno, Some(Errno::BADF));
        assert_eq!(stopped.reason, error.to_string());
        assert!(counters.snapshot().reader_failed);

        // With a callback and an error without an errno.
        let (n, router, _counters, _closing) = setup(Senders::KernelOnly);
        let (f, seen) = recorder();
        router.set_callback(Some(f));
        n.failed(&Error::Closed);
        let seen = seen.lock().unwrap();
        let stopped = ReaderStopped::from_message(&seen[0]).unwrap();
        assert_eq!(
            (stopped.errno, stopped.reason.as_str()),
            (None, "connection closed")
        );
    }

    #[test]
    fn only_the_marker_reads_as_the_readers_end() {
        let mut kernel_done = Vec::new();
        crate::engine::script::done(&mut kernel_done, Flags::MULTI, 0, None);
        let kernel_done = netlink_wire::decode_message(&kernel_done).unwrap();
        assert_eq!(ReaderStopped::from_message(&kernel_done), None);
        assert_eq!(ReaderStopped::from_message(&overrun_marker()), None);
        let mut route = Vec::new();
        notification(&mut route);
        let route = netlink_wire::decode_message(&route).unwrap();
        assert_eq!(ReaderStopped::from_message(&route), None);
        let marker = ReaderStopped {
            errno: Some(Errno::CONNRESET),
            reason: "recvmsg failed".into(),
        };
        assert_eq!(
            ReaderStopped::from_message(&marker.to_message()),
            Some(marker)
        );
    }
}
