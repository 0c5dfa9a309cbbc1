//! How a [`Connection`](crate::Connection) is opened.

use std::path::PathBuf;
use std::time::Duration;

use netlink_socket::Protocol;

/// `RTMGRP_IPV4_ROUTE`: the legacy group bit of IPv4 route notifications, which
/// [`Connection::new`](crate::Connection::new) subscribes to.
pub const RTMGRP_IPV4_ROUTE: u32 = 0x40;

/// The receive buffer the notification socket asks for by default: 4 MiB, so that bursts of
/// notifications are absorbed while the reader hands them on.
pub const DEFAULT_NOTIFY_BUFFER: usize = 4 << 20;

/// How many datagrams a dump receives on the calling thread before
/// [`ConnectionOptions::dump_read_ahead`] moves it to a helper thread.
pub const READ_AHEAD_AFTER: usize = 2;

settable! {
    /// Options for [`Connection::with_options`](crate::Connection::with_options).
    ///
    /// Built from [`ConnectionOptions::default`] with setters; its fields stay public to read.
    ///
    /// ```
    /// use netlink::{ConnectionOptions, Group, Protocol};
    ///
    /// let opts = ConnectionOptions::default()
    ///     .protocol(Protocol::ROUTE)
    ///     .membership(Group::LINK)
    ///     .membership(Group::IPV4_IFADDR)
    ///     .netns("/run/netns/demo");
    /// # let _ = opts;
    /// ```
    #[doc(alias = "NewWithOpts")]
    #[doc(alias = "Opts")]
    #[derive(Debug, Clone)]
    pub struct ConnectionOptions {
        /// The netlink protocol (`NETLINK_ROUTE` by default).
        protocol: Protocol,
        /// Legacy multicast group bitmask for `bind(2)` (bit `n - 1` for group `n`, groups 1-32),
        /// as the seed's `Groups` field. 0 by default.
        groups: u32,
        /// Multicast groups joined with `NETLINK_ADD_MEMBERSHIP` when the connection opens; any
        /// number works, including those above 32. Add with [`ConnectionOptions::membership`],
        /// which takes what [`Connection::subscribe`](crate::Connection::subscribe) takes.
        fixed memberships: Vec<u32>,
        /// `SO_RCVBUF` for the notification socket; forced past `rmem_max` (`SO_RCVBUFFORCE`) when
        /// the process is privileged. [`DEFAULT_NOTIFY_BUFFER`] by default.
        notify_buffer_size: usize,
        /// Open every socket inside this network namespace (`/run/netns/NAME`,
        /// `/proc/PID/ns/net`) instead of the caller's. The calling thread never moves.
        fixed netns: Option<PathBuf>,
        /// `NETLINK_EXT_ACK` on request sockets, so kernel errors carry messages. On by default.
        ext_ack: bool,
        /// `NETLINK_GET_STRICT_CHK` on request sockets, so the kernel checks dump requests strictly
        /// and applies their filters. On by default; the typed operations build strict requests.
        strict_checking: bool,
        /// `NETLINK_NO_ENOBUFS` on the notification socket: the kernel then drops notifications
        /// without telling anyone. Off by default; leave it off unless losing events is acceptable.
        no_enobufs: bool,
        /// Conditions the kernel enforces on notifications before it queues them (a classic
        /// BPF program on the notification socket, attached before any group is joined); see
        /// [`NotifyFilter`](crate::NotifyFilter). None by default: every notification of the
        /// joined groups arrives.
        notify_filter: Option<crate::NotifyFilter>,
        /// `NETLINK_LISTEN_ALL_NSID` on the notification socket.
        listen_all_nsid: bool,
        /// Deliver notifications whose sender is not the kernel (port id != 0). Off by default:
        /// any local process can send to our port id.
        accept_userspace: bool,
        /// How long a request waits for each reply datagram; `None` waits for ever.
        request_timeout: Option<Duration>,
        /// Receive long dumps on a helper thread while the caller decodes (on by default).
        ///
        /// The kernel builds each part of a dump inside the `recvmsg(2)` that takes the previous
        /// one, so one thread alternates between waiting and decoding. With this on, a dump that
        /// has already filled [`READ_AHEAD_AFTER`] datagrams moves its socket to a helper thread
        /// that keeps receiving while [`Dump`](crate::Dump) hands out what came before. Datagrams
        /// pass in batches of 8, at most 4 batches ahead (about 1 MiB whatever the size of the
        /// dump), so the threads wake each other once per batch. Short dumps never start a thread.
        ///
        /// Measured on a 2-core VM (`docs/benchmarks.md`), a typed dump of 1,000,000 routes took
        /// 1.06-1.08x the time of a loop that only counts headers with this on and 1.33x with it
        /// off; with both cores saturated by other work, 1.24x against 1.41x. It costs some CPU
        /// (the handovers), not wall time. Turn it off to keep every dump on the calling thread.
        dump_read_ahead: bool,
        /// After each wake-up, the notification reader waits this long (ended at once by
        /// [`Connection::close`](crate::Connection::close)) and then takes everything queued
        /// meanwhile before it sleeps again. `None` by default: each datagram is delivered as
        /// it arrives.
        ///
        /// The kernel queues each notification as a datagram of its own, and a subscriber
        /// whose notifications come one at a time wakes once for each: about 10 µs of CPU on a
        /// 2-core VM (`docs/benchmarks.md`, `cargo xtask bench filter --coalesce-ms`). With a
        /// delay, a trickle costs one wake-up per delay instead, for at most that much more
        /// latency; the receive buffer must hold what arrives during one delay
        /// ([`ConnectionOptions::notify_buffer_size`]; an overrun is still reported). The
        /// readiness driver and the tokio adapter wake when their reactor says; this applies
        /// to the connection's own reader thread.
        notify_coalesce: Option<Duration>,
    }
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        ConnectionOptions {
            protocol: Protocol::ROUTE,
            groups: 0,
            memberships: Vec::new(),
            notify_buffer_size: DEFAULT_NOTIFY_BUFFER,
            netns: None,
            ext_ack: true,
            strict_checking: true,
            no_enobufs: false,
            notify_filter: None,
            listen_all_nsid: false,
            accept_userspace: false,
            request_timeout: None,
            dump_read_ahead: true,
            notify_coalesce: None,
        }
    }
}

impl ConnectionOptions {
    /// Opens every socket in the network namespace at `path` (`/run/netns/NAME`,
    /// `/proc/PID/ns/net`).
    #[must_use]
    pub fn netns(mut self, path: impl Into<PathBuf>) -> Self {
        self.netns = Some(path.into());
        self
    }

    /// Joins multicast group `group` when the connection opens: an
    /// [`rtnl::Group`](netlink_wire::rtnl::Group) such as `Group::LINK`, or any number.
    #[must_use]
    pub fn membership(mut self, group: impl Into<u32>) -> Self {
        self.memberships.push(group.into());
        self
    }
}
