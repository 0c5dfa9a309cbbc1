//! What the connection counts, so that nothing it drops goes unseen: [`Counters`], shared by
//! every thread of a connection, and the [`Stats`] snapshot that users read.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The live counters of one connection.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) delivered: AtomicU64,
    pub(crate) overruns: AtomicU64,
    pub(crate) dropped_userspace: AtomicU64,
    pub(crate) dropped_userspace_replies: AtomicU64,
    pub(crate) dropped_unsubscribed: AtomicU64,
    pub(crate) dropped_disconnected: AtomicU64,
    pub(crate) malformed: AtomicU64,
    pub(crate) discarded: AtomicU64,
    pub(crate) reader_failed: AtomicBool,
}

impl Counters {
    /// Adds one to `c`.
    pub(crate) fn bump(c: &AtomicU64) {
        Counters::add(c, 1);
    }

    /// Adds `n` to `c`.
    pub(crate) fn add(c: &AtomicU64, n: usize) {
        c.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// The counters as they are now.
    pub(crate) fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            delivered: get(&self.delivered),
            overruns: get(&self.overruns),
            dropped_userspace: get(&self.dropped_userspace),
            dropped_userspace_replies: get(&self.dropped_userspace_replies),
            dropped_unsubscribed: get(&self.dropped_unsubscribed),
            dropped_disconnected: get(&self.dropped_disconnected),
            malformed: get(&self.malformed),
            discarded_after_overrun: get(&self.discarded),
            reader_failed: self.reader_failed.load(Ordering::Relaxed),
        }
    }
}

/// A connection's counters, so that nothing it drops goes unseen
/// ([`Connection::stats`](crate::Connection::stats)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Notifications handed to the channel or callback (overrun and reader-stopped markers
    /// included).
    pub delivered: u64,
    /// Times the kernel reported `ENOBUFS` on the notification socket.
    pub overruns: u64,
    /// Datagrams dropped from the notification socket because a userspace process, not the
    /// kernel, sent them (see [`ConnectionOptions::accept_userspace`]).
    ///
    /// [`ConnectionOptions::accept_userspace`]: crate::ConnectionOptions::accept_userspace
    pub dropped_userspace: u64,
    /// Datagrams dropped from request sockets because a userspace process, not the kernel, sent
    /// them: replies are taken from the kernel only, whatever the options.
    pub dropped_userspace_replies: u64,
    /// Notifications dropped because neither a channel nor a callback was registered.
    pub dropped_unsubscribed: u64,
    /// Notifications dropped because the channel's receiver was gone.
    pub dropped_disconnected: u64,
    /// Notification datagrams from the kernel that did not decode.
    pub malformed: u64,
    /// Notifications thrown away after an overrun because they were older than the loss (see
    /// [`Connection`](crate::Connection)'s "Lost notifications").
    pub discarded_after_overrun: u64,
    /// Whether the notification reader stopped because its socket failed; subscribers received
    /// a [`ReaderStopped`](crate::ReaderStopped) marker, and no notification follows it.
    pub reader_failed: bool,
}
