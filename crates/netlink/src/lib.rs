//! Talk to the Linux kernel over netlink.
//!
//! [`Connection`] is the crate most programs need: it receives notifications through a
//! crossbeam channel ([`Connection::notify`]) or a callback ([`Connection::handle`]), sends
//! requests and waits for their acknowledgement ([`Connection::request`]) and streams dumps in
//! constant memory ([`Connection::dump`]). Kernel errors carry their errno and extended-ACK
//! message ([`KernelError`]).
//!
//! ```no_run
//! use netlink::Connection;
//!
//! let conn = Connection::new()?; // NETLINK_ROUTE, IPv4 route notifications
//! let (tx, rx) = crossbeam_channel::unbounded();
//! conn.notify(tx);
//! for msg in rx.iter().take(1) {
//!     if msg.is_overrun() {
//!         eprintln!("notifications were lost; re-read the routing table");
//!     } else if let Some(stopped) = netlink::ReaderStopped::from_message(&msg) {
//!         eprintln!("{stopped}: nothing more will come");
//!         break;
//!     } else {
//!         println!("{:?}", msg.header);
//!     }
//! }
//! conn.close();
//! # Ok::<(), netlink::Error>(())
//! ```
//!
//! Nothing has to block a thread: [`Connection::without_reader`], [`Connection::start_request`]
//! and [`Connection::start_dump`] give handles with a file descriptor ([`std::os::fd::AsFd`])
//! and a non-blocking step for any reactor, and the `tokio` feature adds an async adapter on
//! them (`netlink::tokio`). See the guide's "Async and readiness".
//!
//! The wire format lives in [`netlink_wire`] and the sockets in [`netlink_socket`]; both are
//! re-exported. Inside, a socket-free engine makes every protocol decision (sequence numbers,
//! which replies are ours, when a socket may be reused, where a notification goes) and thin
//! drivers move bytes; see `docs/architecture.md`.
#![forbid(unsafe_code)]

mod connection;
mod dump;
mod engine;
pub mod errno;
pub mod ethtool_ioctl;
#[doc = include_str!("../docs/guide.md")]
pub mod guide {}
#[doc = include_str!("../docs/migrating.md")]
pub mod migrating {}
mod error;
mod events;
mod ip_form;
#[macro_use]
pub mod object;
mod batch;
#[cfg(test)]
mod faults;
pub mod genl;
mod notify_filter;
pub mod ops;
mod options;
mod read_ahead;
mod reader;
mod readiness;
mod requests;
#[cfg(feature = "tokio")]
pub mod tokio;
mod transport;
pub mod view;
pub mod xfrm;

pub use batch::{Batch, BatchFailure, BatchOptions, BatchReport};
pub use connection::Connection;
pub use dump::Dump;
pub use engine::notify::ReaderStopped;
pub use engine::request::Response;
pub use engine::stats::Stats;
pub use error::{Errno, Error, KernelError, Result};
pub use events::{Announced, Event, Group};
pub use genl::GenlConnection;
pub use notify_filter::NotifyFilter;
pub use object::{Lookup, Object, Request};
pub use ops::addr::{AddrFilter, Address, AddressRequest};
pub use ops::addrlabel::{AddrLabel, AddrLabelFilter, AddrLabelRequest};
pub use ops::bridge_port::{
    BridgePort, BridgePortFilter, BridgePortRequest, BridgePortSettings, BridgeVlanRequest,
};
pub use ops::bridge_vlan::{
    BridgeVlan, BridgeVlanFilter, VlanGlobalRequest, VlanGlobalSettings, VlanOptionsRequest,
};
pub use ops::fdb::{FdbFlush, FdbKey, FdbRequest};
pub use ops::link::{Link, LinkFilter, LinkRequest, LinkStats};
pub use ops::link_kind::{
    BondSettings, BridgeSettings, KindAttrs, LinkKind, TunnelSettings, VxlanSettings,
};
pub use ops::link_prop::AltNames;
pub use ops::maddr::{AnycastAddress, GroupAddrFilter, MulticastAddress};
pub use ops::mdb::{Mdb, MdbEntry, MdbFilter, MdbRequest, MdbRouterPort};
pub use ops::neigh::{NeighCacheInfo, NeighFilter, NeighKey, NeighRequest, Neighbour};
pub use ops::netconf::{Netconf, NetconfDevice, NetconfFilter};
pub use ops::nexthop::{GroupMember, Nexthop, NexthopFilter, NexthopRequest, ResilientGroup};
pub use ops::nexthop_bucket::{NexthopBucket, NexthopBucketFilter};
pub use ops::notices::{CacheReport, NdUserOption, PrefixInfo};
pub use ops::nsid::{Nsid, NsidFilter, NsidKey, NsidPeer, NsidRequest};
pub use ops::ntable::{NeighTable, NeighTableChange, NeighTableFilter, NeighTableParams};
pub use ops::route::{
    Encap, NextHop, ParsePrefixError, Prefix, Route, RouteCache, RouteFilter, RouteMetrics,
    RouteQuery, RouteRequest,
};
pub use ops::rule::{Rule, RuleFilter, RuleRequest};
pub use ops::stats::{IfStats, StatsFilter, StatsSetRequest};
pub use ops::tc::{
    Chain, ChainFilter, ChainRequest, Class, ClassFilter, ClassRequest, Filter, FilterRequest,
    FilterSelector, Qdisc, QdiscFilter, QdiscRequest,
};
pub use ops::vni::{VniFilter, VniRange, VniRequest, Vnis};
pub use options::{ConnectionOptions, DEFAULT_NOTIFY_BUFFER, READ_AHEAD_AFTER, RTMGRP_IPV4_ROUTE};
pub use readiness::{EventSocket, PendingDump, PendingRequest};
pub use view::{LiveView, ViewEvent, ViewOptions};
pub use xfrm::XfrmConnection;

pub use netlink_socket::{self, Protocol};
pub use netlink_wire::{self, Flags, Header, Message, MessageType, decode_message};
