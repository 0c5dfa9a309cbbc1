//! The view's state machine: the tables, the kernel's key of every object, how a notification
//! changes them and how a fresh dump is compared with them. It never sees a socket; the
//! driver in `mod.rs` feeds it messages and dumps.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::net::IpAddr;

use netlink_wire::rtnl::link::IfFlags;
use netlink_wire::rtnl::link::LinkMsg;
use netlink_wire::rtnl::neigh::NeighState;
use netlink_wire::rtnl::route::RtmFlags;
use netlink_wire::rtnl::{AddressFamily, RouteType, Table};
use netlink_wire::{FamilyMsg, Flags, Message, MessageType};

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::events::decode;
use crate::object::Object;
use crate::ops::addr::{AddrFilter, Address};
use crate::ops::link::{Link, LinkFilter};
use crate::ops::neigh::{NeighFilter, Neighbour};
use crate::ops::nexthop::{Nexthop, NexthopFilter};
use crate::ops::route::{Route, RouteFilter};
use crate::ops::rule::{Rule, RuleFilter};

/// The identity of an address: what `inet_rtm_deladdr` and `inet6_rtm_deladdr` look an
/// address up by.
///
/// The kernel keeps addresses per interface and family; IPv4 finds one by its local address,
/// prefix length and peer/prefix address (`IFA_ADDRESS`, which differs from the local one on
/// point-to-point links), IPv6 by its address and prefix length.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct AddressKey {
    /// `ifa_family`.
    pub family: AddressFamily,
    /// `ifa_index`.
    pub index: u32,
    /// `IFA_LOCAL`, or `IFA_ADDRESS` when there is none (IPv6).
    pub local: Option<IpAddr>,
    /// `ifa_prefixlen`.
    pub prefix_len: u8,
    /// `IFA_ADDRESS`: the peer on point-to-point links.
    pub address: Option<IpAddr>,
}

/// One path of a route as the kernel tells paths apart: its gateway (`RTA_GATEWAY`, or
/// `RTA_VIA` for a gateway of another family) and its output interface (0 for none).
pub type PathKey = (Option<IpAddr>, u32);

/// The identity of a route.
///
/// IPv4 (`fib_table_insert`, `fib_table_delete` in `net/ipv4/fib_trie.c`) keys a route by
/// table, destination prefix, TOS and priority; several routes may share that key when added
/// with `NLM_F_APPEND` (`ip route append`), and are then told apart by type and nexthop
/// (`fib_nh_match`). IPv6 (`fib6_add_rt2node` in `net/ipv6/ip6_fib.c`) keys a route by table,
/// destination, source prefix (subtrees) and metric; routes with a gateway under one key are
/// the siblings of one multipath route (reported as one message with `RTA_MULTIPATH`), and
/// other routes under one key are told apart by their nexthop (`rt6_duplicate_nexthop`). So
/// the key is the kernel's lookup key (`family` to `metric`) followed by the nexthop identity
/// (`route_type`, `nh_id`, `paths`), sorted so that the routes of one lookup key are next to
/// each other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct RouteKey {
    /// `rtm_family`.
    pub family: AddressFamily,
    /// `RTA_TABLE`.
    pub table: Table,
    /// `RTA_DST` and `rtm_dst_len`; `None` for a default route.
    pub dst: Option<(IpAddr, u8)>,
    /// `RTA_SRC` and `rtm_src_len` (IPv6 subtrees).
    pub src: Option<(IpAddr, u8)>,
    /// `rtm_tos`.
    pub tos: u8,
    /// `RTA_PRIORITY` (the metric); 0 when absent.
    pub metric: u32,
    /// `rtm_type`.
    pub route_type: RouteType,
    /// `RTA_NH_ID`: a route through a nexthop object.
    pub nh_id: Option<u32>,
    /// The paths, sorted: one for a single-path route, each of `RTA_MULTIPATH` otherwise.
    pub paths: Vec<PathKey>,
}

impl RouteKey {
    /// Whether `other` has the same kernel lookup key (everything before the nexthop).
    fn same_lookup(&self, other: &RouteKey) -> bool {
        (
            self.family,
            self.table,
            self.dst,
            self.src,
            self.tos,
            self.metric,
        ) == (
            other.family,
            other.table,
            other.dst,
            other.src,
            other.tos,
            other.metric,
        )
    }

    /// The smallest key with the same lookup key.
    fn lookup_start(&self) -> RouteKey {
        RouteKey {
            route_type: RouteType::UNSPEC,
            nh_id: None,
            paths: Vec::new(),
            ..self.clone()
        }
    }
}

/// The identity of a neighbour entry: `neigh_lookup` (and `pneigh_lookup` for proxy
/// entries, a table of their own) finds one by table (family), device and protocol address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct NeighbourKey {
    /// `ndm_family`.
    pub family: AddressFamily,
    /// Whether it is a proxy entry (`NTF_PROXY`).
    pub proxy: bool,
    /// `ndm_ifindex`.
    pub index: u32,
    /// `NDA_DST`.
    pub destination: Option<IpAddr>,
}

/// The identity of a rule: the fields `rule_exists` and `rule_find` (`net/core/fib_rules.c`)
/// and the family's `compare` (`fib4_rule_compare`, `fib6_rule_compare`) compare, so that two
/// rules the kernel tells apart have two keys. The flags the kernel sets by itself
/// (`FIB_RULE_IIF_DETACHED`, ...) are left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct RuleKey {
    /// `family`.
    pub family: AddressFamily,
    /// `FRA_PRIORITY`.
    pub priority: u32,
    /// `action`, as its number.
    pub action: u8,
    /// `FRA_TABLE`.
    pub table: Table,
    /// Whether `FIB_RULE_INVERT` is set.
    pub invert: bool,
    /// `FRA_SRC` and `src_len`.
    pub src: Option<(IpAddr, u8)>,
    /// `FRA_DST` and `dst_len`.
    pub dst: Option<(IpAddr, u8)>,
    /// `tos`.
    pub tos: u8,
    /// `FRA_DSCP`.
    pub dscp: Option<u8>,
    /// `FRA_DSCP_MASK`.
    pub dscp_mask: Option<u8>,
    /// `FRA_FLOW`.
    pub flow: Option<u32>,
    /// `FRA_IIFNAME`.
    pub iifname: Option<String>,
    /// `FRA_OIFNAME`.
    pub oifname: Option<String>,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_TUN_ID`.
    pub tun_id: Option<u64>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FRA_SUPPRESS_PREFIXLEN`.
    pub suppress_prefixlen: Option<u32>,
    /// `FRA_SUPPRESS_IFGROUP`.
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_L3MDEV`.
    pub l3mdev: bool,
    /// `FRA_UID_RANGE`.
    pub uid_range: Option<(u32, u32)>,
    /// `FRA_IP_PROTO`.
    pub ip_proto: Option<u8>,
    /// `FRA_SPORT_RANGE`.
    pub sport_range: Option<(u16, u16)>,
    /// `FRA_DPORT_RANGE`.
    pub dport_range: Option<(u16, u16)>,
}

/// What the view keeps of each kind of object: its key and the fields that change without a
/// notification, which comparisons leave out.
pub(crate) trait Keyed: Object + Clone + PartialEq + Debug {
    /// The kernel's identity of the object.
    type Key: Ord + Clone + Debug;
    /// The key of `self`.
    fn key(&self) -> Self::Key;
    /// A copy without the fields the kernel changes without a notification (counters, ages,
    /// remaining lifetimes), for comparisons.
    fn stable(&self) -> Self;
}

impl Keyed for Link {
    type Key = u32;
    fn key(&self) -> u32 {
        self.index
    }
    fn stable(&self) -> Self {
        Link {
            stats64: None,
            ..self.clone()
        }
    }
}

impl Keyed for Address {
    type Key = AddressKey;
    fn key(&self) -> AddressKey {
        AddressKey {
            family: self.family,
            index: self.index,
            local: self.ip(),
            prefix_len: self.prefix_len,
            address: self.address,
        }
    }
    fn stable(&self) -> Self {
        Address {
            valid_lifetime: None,
            preferred_lifetime: None,
            ..self.clone()
        }
    }
}

impl Keyed for Route {
    type Key = RouteKey;
    fn key(&self) -> RouteKey {
        let mut paths: Vec<PathKey> = if self.multipath.is_empty() {
            vec![(self.gateway.or(self.via), self.oif.unwrap_or(0))]
        } else {
            self.multipath
                .iter()
                .map(|h| (h.gateway.or(h.via), h.oif.unwrap_or(0)))
                .collect()
        };
        paths.sort_unstable();
        RouteKey {
            family: self.family,
            table: self.table,
            dst: self.dst.map(|p| (p.addr, p.len)),
            src: self.src.map(|p| (p.addr, p.len)),
            tos: self.tos,
            metric: self.metric.unwrap_or(0),
            route_type: self.route_type,
            nh_id: self.nh_id,
            paths,
        }
    }
    fn stable(&self) -> Self {
        Route {
            expires: None,
            cache: None,
            ..self.clone()
        }
    }
}

impl Keyed for Neighbour {
    type Key = NeighbourKey;
    fn key(&self) -> NeighbourKey {
        NeighbourKey {
            family: self.family,
            proxy: self.is_proxy(),
            index: self.index,
            destination: self.destination,
        }
    }
    fn stable(&self) -> Self {
        Neighbour {
            cache_info: None,
            probes: None,
            ..self.clone()
        }
    }
}

impl Keyed for Rule {
    type Key = RuleKey;
    fn key(&self) -> RuleKey {
        let r = self.clone();
        RuleKey {
            family: r.family,
            priority: r.priority,
            action: r.action.0,
            table: r.table,
            invert: r
                .flags
                .contains(netlink_wire::rtnl::rule::RuleFlags::INVERT),
            src: r.src,
            dst: r.dst,
            tos: r.tos,
            dscp: r.dscp,
            dscp_mask: r.dscp_mask,
            flow: r.flow,
            iifname: r.iifname,
            oifname: r.oifname,
            fwmark: r.fwmark,
            fwmask: r.fwmask,
            tun_id: r.tun_id,
            goto: r.goto,
            suppress_prefixlen: r.suppress_prefixlen,
            suppress_ifgroup: r.suppress_ifgroup,
            l3mdev: r.l3mdev,
            uid_range: r.uid_range,
            ip_proto: r.ip_proto,
            sport_range: r.sport_range,
            dport_range: r.dport_range,
        }
    }
    fn stable(&self) -> Self {
        self.clone()
    }
}

impl Keyed for Nexthop {
    type Key = u32;
    fn key(&self) -> u32 {
        self.id
    }
    fn stable(&self) -> Self {
        self.clone()
    }
}

/// Declares the kinds of object the view keeps, once: the public [`ViewObject`], [`ViewKey`]
/// and [`TableKind`], the tables, and the per-kind dispatch of notifications and dumps.
macro_rules! view_kinds {
    ($( $Kind:ident($T:ty, $K:ty) $field:ident $doc:literal; )*) => {
        /// One object of the view.
        // Links are the largest; boxing them would cost an allocation per event for a few
        // hundred bytes moved.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ViewObject {
            $( #[doc = $doc] $Kind($T), )*
        }

        /// The kernel's identity of a [`ViewObject`]: two objects with one key are two states
        /// of one object.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum ViewKey {
            $( #[doc = $doc] $Kind($K), )*
        }

        /// A kind of table the view can keep.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum TableKind {
            $( #[doc = $doc] $Kind, )*
        }

        impl TableKind {
            /// Every kind, in the order the view dumps them.
            pub const ALL: &'static [TableKind] = &[$( TableKind::$Kind, )*];

            /// The kind whose notifications have type `t` (its new or delete type).
            #[must_use]
            pub fn of_message(t: MessageType) -> Option<TableKind> {
                $( if t == <$T as Object>::NEW || t == <$T as Object>::DEL {
                    return Some(TableKind::$Kind);
                } )*
                None
            }
        }

        impl ViewObject {
            /// The object's key.
            #[must_use]
            pub fn key(&self) -> ViewKey {
                match self {
                    $( ViewObject::$Kind(o) => ViewKey::$Kind(Keyed::key(o)), )*
                }
            }

            /// The kind of table the object belongs to.
            #[must_use]
            pub fn kind(&self) -> TableKind {
                match self {
                    $( ViewObject::$Kind(_) => TableKind::$Kind, )*
                }
            }

            /// A copy without the fields the kernel changes without a notification: the
            /// statistics of a link, the remaining lifetimes of an address, the ages of a
            /// neighbour entry and its probe count, the expiry and cache counters of a route.
            /// The view compares objects this way.
            #[must_use]
            pub fn stable(&self) -> ViewObject {
                match self {
                    $( ViewObject::$Kind(o) => ViewObject::$Kind(Keyed::stable(o)), )*
                }
            }
        }

        $(
            impl MapOf<$T> for Maps {
                const KIND: TableKind = TableKind::$Kind;
                fn map_mut(&mut self) -> &mut BTreeMap<$K, $T> {
                    &mut self.$field
                }
            }

            impl From<$T> for ViewObject {
                fn from(o: $T) -> ViewObject {
                    ViewObject::$Kind(o)
                }
            }
        )*

        /// The tables: one ordered map per kind, by key.
        #[derive(Debug, Clone, Default)]
        pub(crate) struct Maps {
            $( pub(crate) $field: BTreeMap<$K, $T>, )*
        }

        impl Maps {
            /// The map of `kind` as views and keys, for comparisons.
            pub(crate) fn entries(&self, kind: TableKind) -> Vec<(ViewKey, ViewObject)> {
                match kind {
                    $( TableKind::$Kind => self
                        .$field
                        .iter()
                        .map(|(k, o)| (ViewKey::$Kind(k.clone()), ViewObject::$Kind(o.clone())))
                        .collect(), )*
                }
            }

            /// How many objects the table of `kind` holds.
            pub(crate) fn len(&self, kind: TableKind) -> usize {
                match kind {
                    $( TableKind::$Kind => self.$field.len(), )*
                }
            }

            /// Replaces the table of `kind` with the one in `fresh`, pushing what differs.
            fn take(&mut self, fresh: &mut Maps, kind: TableKind, out: &mut Vec<ViewEvent>, emit: bool) {
                match kind {
                    $( TableKind::$Kind => {
                        let new = std::mem::take(&mut fresh.$field);
                        let old = std::mem::replace(&mut self.$field, new);
                        if emit {
                            diff(&old, &self.$field, out);
                        }
                    } )*
                }
            }

            /// Dumps the table of `kind` into `self` (empty before).
            fn dump(&mut self, conn: &Connection, opts: &Selection, kind: TableKind, restarts: &mut DumpStats) -> Result<()> {
                match kind {
                    $( TableKind::$Kind => {
                        for filter in <$T as Dumped>::filters(opts) {
                            let list = dump_restarting::<$T>(conn, filter, opts.max_restarts, restarts)?;
                            for o in list {
                                if <$T as Dumped>::wanted(&o, opts) {
                                    self.$field.insert(o.key(), o);
                                }
                            }
                        }
                        Ok(())
                    } )*
                }
            }
        }
    };
}

view_kinds! {
    Link(Link, u32) links "A link (`RTM_NEWLINK`), keyed by its index.";
    Address(Address, AddressKey) addresses "An address (`RTM_NEWADDR`).";
    Route(Route, RouteKey) routes "A route (`RTM_NEWROUTE`).";
    Neighbour(Neighbour, NeighbourKey) neighbours "A neighbour entry (`RTM_NEWNEIGH`).";
    Rule(Rule, RuleKey) rules "A rule (`RTM_NEWRULE`).";
    Nexthop(Nexthop, u32) nexthops "A nexthop object (`RTM_NEWNEXTHOP`), keyed by its id.";
}

/// Pushes the events that turn `old` into `new`.
fn diff<K: Ord + Clone, T: Keyed + Into<ViewObject>>(
    old: &BTreeMap<K, T>,
    new: &BTreeMap<K, T>,
    out: &mut Vec<ViewEvent>,
) {
    for (k, o) in old {
        match new.get(k) {
            None => out.push(ViewEvent::Removed(o.clone().into())),
            Some(n) if n.stable() != o.stable() => out.push(ViewEvent::Changed {
                old: o.clone().into(),
                new: n.clone().into(),
            }),
            Some(_) => {}
        }
    }
    for (k, n) in new {
        if !old.contains_key(k) {
            out.push(ViewEvent::Added(n.clone().into()));
        }
    }
}

/// What the view emits: each change of its tables, in order, so that a subscriber that applies
/// them to its own copy keeps it equal to the view's.
///
/// [`ViewEvent::Added`] and [`ViewEvent::Changed`] set the object under its key,
/// [`ViewEvent::Removed`] removes the key ([`ViewEvent::apply_to`] does both). Applying an
/// event twice changes nothing more.
#[allow(clippy::large_enum_variant)] // As ViewObject: events are moved, not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewEvent {
    /// An object appeared.
    Added(ViewObject),
    /// An object went away; the last state the view had.
    Removed(ViewObject),
    /// An object changed (fields that change without a notification, such as counters, do
    /// not count).
    Changed {
        /// The state before.
        old: ViewObject,
        /// The state now.
        new: ViewObject,
    },
    /// The first dump of every table is complete: the events so far have built the view.
    /// Only subscriptions made before that moment receive it.
    Synced,
    /// The view re-reads tables because changes were not announced. The events until the
    /// matching [`ViewEvent::Resynced`] are the differences between the view's copy and a
    /// fresh dump: synthetic, not notifications.
    Resyncing(Resync),
    /// The tables re-read since [`ViewEvent::Resyncing`] are equal to the dump again.
    Resynced(Resync),
    /// The view stopped (the notification reader failed, or a dump kept failing): nothing
    /// follows, and the view's tables no longer change.
    Stopped(String),
}

impl ViewEvent {
    /// Applies the event to a copy of the view keyed by [`ViewObject::key`]: sets the object
    /// of [`ViewEvent::Added`] and [`ViewEvent::Changed`], removes that of
    /// [`ViewEvent::Removed`]; the other events change nothing.
    pub fn apply_to(&self, copy: &mut BTreeMap<ViewKey, ViewObject>) {
        match self {
            ViewEvent::Added(o) | ViewEvent::Changed { new: o, .. } => {
                copy.insert(o.key(), o.clone());
            }
            ViewEvent::Removed(o) => {
                copy.remove(&o.key());
            }
            _ => {}
        }
    }
}

/// Why the view re-reads tables.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resync {
    /// The kernel dropped notifications (`ENOBUFS`): every table is read again.
    Overrun,
    /// The kernel changed a table without a notification: IPv4 routes and nexthops through a
    /// link that went down or away (`fib_sync_down_dev`, `nexthop_flush_dev`), routes whose
    /// preferred source address was deleted (`fib_sync_down_addr`), routes through a deleted
    /// nexthop object, and the flags of rules naming a link that came or went. Also a dump that
    /// was interrupted (`NLM_F_DUMP_INTR`) more often than the view restarts it, and
    /// a notification the view cannot apply alone (an IPv6 path removed from a multipath
    /// route).
    Unannounced(Vec<TableKind>),
}

/// Which objects the view keeps: the options of a [`LiveView`](super::LiveView) that reach
/// the tables.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// The tables kept and reported.
    pub(crate) watched: Vec<TableKind>,
    /// Only objects of this family (links excepted; nexthop groups, `AF_UNSPEC`, pass).
    pub(crate) family: Option<AddressFamily>,
    /// Only routes of these tables; `None` for every table.
    pub(crate) route_tables: Option<Vec<Table>>,
    /// How often a dump interrupted by changes is restarted before the view accepts it and
    /// reads the table again.
    pub(crate) max_restarts: u32,
}

impl Selection {
    fn watches(&self, kind: TableKind) -> bool {
        self.watched.contains(&kind)
    }

    fn family_ok(&self, f: AddressFamily) -> bool {
        self.family.is_none_or(|want| want == f)
    }

    /// The tables kept: those watched, and links whenever routes, nexthops or rules are,
    /// because their changes change those tables without a notification.
    pub(crate) fn kept(&self) -> Vec<TableKind> {
        let mut kept = self.watched.clone();
        let needs_links = [TableKind::Route, TableKind::Nexthop, TableKind::Rule]
            .iter()
            .any(|k| self.watches(*k));
        if needs_links && !kept.contains(&TableKind::Link) {
            kept.push(TableKind::Link);
        }
        kept.sort_unstable();
        kept
    }
}

/// Filters and checks of one kind of dumped object.
trait Dumped: Keyed {
    /// The dump requests that list the table.
    fn filters(s: &Selection) -> Vec<Self::Filter>;
    /// Whether the view keeps `o` (notifications carry more than the dumps: bridge messages in
    /// the link group, forwarding entries in the neighbour group, cached routes).
    fn wanted(o: &Self, s: &Selection) -> bool;
}

impl Dumped for Link {
    fn filters(_: &Selection) -> Vec<LinkFilter> {
        vec![LinkFilter::default()]
    }
    fn wanted(_: &Link, _: &Selection) -> bool {
        true
    }
}

impl Dumped for Address {
    fn filters(s: &Selection) -> Vec<AddrFilter> {
        vec![AddrFilter {
            family: s.family,
            ..AddrFilter::default()
        }]
    }
    fn wanted(o: &Address, s: &Selection) -> bool {
        s.family_ok(o.family)
    }
}

impl Dumped for Route {
    fn filters(s: &Selection) -> Vec<RouteFilter> {
        let f = RouteFilter {
            family: s.family,
            ..RouteFilter::default()
        };
        match s.route_tables.as_deref() {
            Some([one]) => vec![f.table(*one)],
            _ => vec![f],
        }
    }
    fn wanted(o: &Route, s: &Selection) -> bool {
        s.family_ok(o.family)
            && !o.flags.contains(RtmFlags::CLONED)
            && s.route_tables.as_ref().is_none_or(|t| t.contains(&o.table))
    }
}

impl Dumped for Neighbour {
    /// Proxy entries (`ip neigh add proxy`) are left out: the kernel announces neither their
    /// creation nor their deletion (`pneigh_create`, `pneigh_delete` send no notification).
    fn filters(s: &Selection) -> Vec<NeighFilter> {
        vec![NeighFilter {
            family: s.family,
            ..NeighFilter::default()
        }]
    }
    /// `NUD_NOARP` entries (multicast and broadcast mappings, entries of devices without
    /// ARP) are left out, as `ip neigh show` leaves them out: the kernel creates them when it
    /// sends (`__neigh_create`) without a notification.
    fn wanted(o: &Neighbour, s: &Selection) -> bool {
        matches!(o.family, AddressFamily::INET | AddressFamily::INET6)
            && s.family_ok(o.family)
            && !o.state.contains(NeighState::NOARP)
            && !o.is_proxy()
    }
}

impl Dumped for Rule {
    fn filters(s: &Selection) -> Vec<RuleFilter> {
        vec![RuleFilter {
            family: s.family,
            ..RuleFilter::default()
        }]
    }
    fn wanted(o: &Rule, s: &Selection) -> bool {
        matches!(o.family, AddressFamily::INET | AddressFamily::INET6) && s.family_ok(o.family)
    }
}

impl Dumped for Nexthop {
    fn filters(_: &Selection) -> Vec<NexthopFilter> {
        vec![NexthopFilter::default()]
    }
    fn wanted(o: &Nexthop, s: &Selection) -> bool {
        o.family == AddressFamily::UNSPEC || s.family_ok(o.family)
    }
}

/// Counters of the dumps.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DumpStats {
    /// Dumps restarted because the kernel flagged them `NLM_F_DUMP_INTR`.
    pub(crate) restarts: u64,
    /// Dumps accepted although interrupted each time, to be read again.
    pub(crate) accepted_interrupted: u64,
    /// Whether the last dump was accepted interrupted.
    pub(crate) interrupted: bool,
}

/// Lists `O` with `filter`, restarting while the kernel flags the dump as interrupted, at most
/// `max` times; then the last list is accepted and `stats.interrupted` set.
fn dump_restarting<O: Object + Clone>(
    conn: &Connection,
    filter: O::Filter,
    max: u32,
    stats: &mut DumpStats,
) -> Result<Vec<O>>
where
    O::Filter: Clone,
{
    let mut attempt = 0;
    loop {
        let mut out = Vec::new();
        let r = conn.for_each::<O>(filter.clone(), |v| {
            out.push(O::from_view(v)?);
            Ok(())
        });
        match r {
            Ok(()) => return Ok(out),
            Err(Error::DumpInterrupted) if attempt < max => {
                attempt += 1;
                stats.restarts += 1;
            }
            Err(Error::DumpInterrupted) => {
                stats.accepted_interrupted += 1;
                stats.interrupted = true;
                return Ok(out);
            }
            Err(e) => return Err(e),
        }
    }
}

/// The view's tables and what it knows to apply notifications: the state machine.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub(crate) maps: Maps,
    pub(crate) sel: Selection,
    /// Tables changed by the kernel without a notification, to read again.
    pub(crate) dirty: Vec<TableKind>,
}

impl Tables {
    pub(crate) fn new(sel: Selection) -> Tables {
        Tables {
            maps: Maps::default(),
            sel,
            dirty: Vec::new(),
        }
    }

    fn emits(&self, kind: TableKind) -> bool {
        self.sel.watches(kind)
    }

    /// Marks the table of `kind` for a re-read, if it is kept.
    pub(crate) fn mark_dirty(&mut self, kind: TableKind) {
        if self.sel.kept().contains(&kind) && !self.dirty.contains(&kind) {
            self.dirty.push(kind);
        }
    }

    /// Dumps the tables of `kinds` afresh (with restarts) into a new [`Maps`].
    pub(crate) fn dump(
        conn: &Connection,
        sel: &Selection,
        kinds: &[TableKind],
        stats: &mut DumpStats,
    ) -> Result<(Maps, Vec<TableKind>)> {
        let mut fresh = Maps::default();
        let mut again = Vec::new();
        for &kind in kinds {
            stats.interrupted = false;
            fresh.dump(conn, sel, kind, stats)?;
            if stats.interrupted {
                again.push(kind);
            }
        }
        Ok((fresh, again))
    }

    /// Replaces the tables of `kinds` with `fresh`, pushing the differences of those watched.
    pub(crate) fn replace(
        &mut self,
        mut fresh: Maps,
        kinds: &[TableKind],
        out: &mut Vec<ViewEvent>,
    ) {
        for &kind in kinds {
            let emit = self.emits(kind);
            self.maps.take(&mut fresh, kind, out, emit);
            self.dirty.retain(|k| *k != kind);
        }
    }

    /// Applies one notification, pushing the events it causes; marks the tables it changed
    /// without a notification as dirty.
    ///
    /// # Errors
    /// When a message of a kept kind does not decode; nothing changed then.
    pub(crate) fn apply(&mut self, m: &Message, out: &mut Vec<ViewEvent>) -> Result<()> {
        let t = m.message_type();
        let kept = self.sel.kept();
        let flags = m.header.flags();
        if t == Link::NEW || t == Link::DEL {
            // The link group also carries bridge port messages (`AF_BRIDGE`).
            let view: LinkMsg<'_> = FamilyMsg::parse(m.as_msg())?;
            if view.family() == AddressFamily::BRIDGE {
                return Ok(());
            }
            let l = Link::from_view(&view)?;
            self.link_changed(&l, t == Link::DEL);
            if kept.contains(&TableKind::Link) {
                self.set(l, t == Link::NEW, out);
            }
        } else if t == Address::NEW || t == Address::DEL {
            let a: Address = decode(m)?;
            if t == Address::DEL {
                self.address_removed(&a);
            }
            if kept.contains(&TableKind::Address) && Address::wanted(&a, &self.sel) {
                self.set(a, t == Address::NEW, out);
            }
        } else if t == Route::NEW || t == Route::DEL {
            if kept.contains(&TableKind::Route) {
                let r: Route = decode(m)?;
                if Route::wanted(&r, &self.sel) {
                    self.route(r, t == Route::NEW, flags, out);
                }
            }
        } else if t == Neighbour::NEW || t == Neighbour::DEL {
            if kept.contains(&TableKind::Neighbour) {
                let n: Neighbour = decode(m)?;
                if Neighbour::wanted(&n, &self.sel) {
                    self.set(n, t == Neighbour::NEW, out);
                }
            }
        } else if t == Rule::NEW || t == Rule::DEL {
            if kept.contains(&TableKind::Rule) {
                let r: Rule = decode(m)?;
                if Rule::wanted(&r, &self.sel) {
                    self.set(r, t == Rule::NEW, out);
                }
            }
        } else if t == Nexthop::NEW || t == Nexthop::DEL {
            let n: Nexthop = decode(m)?;
            if t == Nexthop::DEL {
                self.nexthop_removed(n.id);
            }
            if kept.contains(&TableKind::Nexthop) && Nexthop::wanted(&n, &self.sel) {
                self.set(n, t == Nexthop::NEW, out);
            }
        }
        Ok(())
    }

    /// Sets (`new`) or removes the object under its key.
    fn set<T: Keyed + Into<ViewObject>>(&mut self, o: T, new: bool, out: &mut Vec<ViewEvent>)
    where
        Maps: MapOf<T>,
    {
        let emit = self.emits(<Maps as MapOf<T>>::KIND);
        let map = self.maps.map_mut();
        let key = o.key();
        if new {
            match map.insert(key, o.clone()) {
                None if emit => out.push(ViewEvent::Added(o.into())),
                Some(old) if emit && old.stable() != o.stable() => out.push(ViewEvent::Changed {
                    old: old.into(),
                    new: o.into(),
                }),
                _ => {}
            }
        } else if let Some(old) = map.remove(&key)
            && emit
        {
            out.push(ViewEvent::Removed(old.into()));
        }
    }

    /// Applies a route notification: `NLM_F_REPLACE` replaces every route of the lookup key,
    /// an IPv6 multipath route takes the place of the routes whose paths it holds (it gained
    /// a sibling), and a deletion of one path of an IPv6 multipath route marks the table for
    /// a re-read, since the route that remains is not in the message.
    fn route(&mut self, r: Route, new: bool, flags: Flags, out: &mut Vec<ViewEvent>) {
        let key = r.key();
        let emit = self.emits(TableKind::Route);
        let six = r.family == AddressFamily::INET6;
        let same_lookup: Vec<RouteKey> = self
            .maps
            .routes
            .range(key.lookup_start()..)
            .take_while(|(k, _)| k.same_lookup(&key))
            .map(|(k, _)| k.clone())
            .filter(|k| *k != key)
            .collect();
        if new {
            let replaced: Vec<RouteKey> = if flags.contains(Flags::REPLACE) {
                same_lookup
            } else if six && key.paths.len() > 1 {
                same_lookup
                    .into_iter()
                    .filter(|k| k.paths.iter().all(|p| key.paths.contains(p)))
                    .collect()
            } else {
                Vec::new()
            };
            for k in replaced {
                if let Some(old) = self.maps.routes.remove(&k)
                    && emit
                {
                    out.push(ViewEvent::Removed(old.into()));
                }
            }
            self.set(r, true, out);
        } else if self.maps.routes.contains_key(&key) {
            self.set(r, false, out);
        } else if six
            && same_lookup
                .iter()
                .any(|k| key.paths.iter().all(|p| k.paths.contains(p)))
        {
            self.mark_dirty(TableKind::Route);
        }
    }

    /// A link changed or went away: the IPv4 routes and nexthops through it may have gone
    /// with it, and rules naming it changed flags, all without notifications.
    fn link_changed(&mut self, l: &Link, deleted: bool) {
        let before = self
            .maps
            .links
            .get(&l.index)
            .map(|b| (b.flags, b.name.clone()));
        let carrier = IfFlags::UP | IfFlags::LOWER_UP;
        let moved = deleted
            || before
                .as_ref()
                .is_none_or(|(f, name)| (*f & carrier) != (l.flags & carrier) || *name != l.name);
        if !moved {
            return;
        }
        let i = l.index;
        if self
            .maps
            .routes
            .values()
            .any(|r| r.uses_oif(i) || r.iif == Some(i))
        {
            self.mark_dirty(TableKind::Route);
        }
        if self.maps.nexthops.values().any(|n| n.oif == Some(i)) {
            self.mark_dirty(TableKind::Nexthop);
        }
        let names: Vec<&str> = [Some(l.name.as_str()), before.as_ref().map(|b| b.1.as_str())]
            .into_iter()
            .flatten()
            .collect();
        let named = |n: &Option<String>| n.as_deref().is_some_and(|n| names.contains(&n));
        if self
            .maps
            .rules
            .values()
            .any(|r| named(&r.iifname) || named(&r.oifname))
        {
            self.mark_dirty(TableKind::Rule);
        }
    }

    /// An address went away: IPv4 routes preferring it as source go with it, unannounced.
    fn address_removed(&mut self, a: &Address) {
        if let Some(ip) = a.ip()
            && self.maps.routes.values().any(|r| r.prefsrc == Some(ip))
        {
            self.mark_dirty(TableKind::Route);
        }
    }

    /// A nexthop object went away: the routes through it, and the groups it was the last
    /// member of, go with it unannounced.
    fn nexthop_removed(&mut self, id: u32) {
        if self.maps.routes.values().any(|r| r.nh_id == Some(id)) {
            self.mark_dirty(TableKind::Route);
        }
        if self
            .maps
            .nexthops
            .values()
            .any(|n| n.group.iter().any(|g| g.id == id))
        {
            self.mark_dirty(TableKind::Nexthop);
        }
    }
}

/// The map of one kind inside [`Maps`], for the generic [`Tables::set`].
pub(crate) trait MapOf<T: Keyed> {
    /// The kind.
    const KIND: TableKind;
    /// The map.
    fn map_mut(&mut self) -> &mut BTreeMap<T::Key, T>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::Request;
    use crate::ops::route::{NextHop, RouteRequest};

    /// A route message as the kernel's notification carries it: `rtmsg` and attributes.
    fn msg(req: &RouteRequest, t: MessageType, flags: Flags) -> Message {
        let mut buf = Vec::new();
        req.build(&mut buf, t, flags).unwrap();
        netlink_wire::decode_message(&buf).unwrap()
    }

    fn v6(gateways: &[&str]) -> RouteRequest {
        let r = RouteRequest::new("2001:db8:1::".parse().unwrap(), 64).metric(7);
        match gateways {
            [one] => r.gateway(one.parse().unwrap()).oif(2),
            many => r.multipath(
                many.iter()
                    .map(|g| NextHop::via_gateway(g.parse().unwrap()).with_oif(2))
                    .collect(),
            ),
        }
    }

    fn v4(gateway: &str) -> RouteRequest {
        RouteRequest::new("198.51.100.0".parse().unwrap(), 24)
            .metric(5)
            .gateway(gateway.parse().unwrap())
            .oif(2)
    }

    fn routes() -> Tables {
        Tables::new(Selection {
            watched: vec![TableKind::Route],
            ..Selection::default()
        })
    }

    fn gateways(t: &Tables) -> Vec<Vec<PathKey>> {
        t.maps.routes.keys().map(|k| k.paths.clone()).collect()
    }

    fn apply(t: &mut Tables, m: &Message) -> Vec<ViewEvent> {
        let mut out = Vec::new();
        t.apply(m, &mut out).unwrap();
        out
    }

    #[test]
    fn notifications_set_and_remove_keys_idempotently() {
        let mut t = routes();
        let add = msg(&v4("192.0.2.2"), Route::NEW, Flags::CREATE);
        assert!(matches!(apply(&mut t, &add)[..], [ViewEvent::Added(_)]));
        // Again: nothing changes, nothing is emitted.
        assert!(apply(&mut t, &add).is_empty());
        // The kernel announces a deletion with the whole route.
        let mut del = add.clone();
        del.header.set_message_type(Route::DEL);
        assert!(matches!(apply(&mut t, &del)[..], [ViewEvent::Removed(_)]));
        assert!(apply(&mut t, &del).is_empty());
        assert!(t.maps.routes.is_empty() && t.dirty.is_empty());
    }

    #[test]
    fn a_replace_replaces_the_routes_of_its_lookup_key() {
        let mut t = routes();
        apply(&mut t, &msg(&v4("192.0.2.2"), Route::NEW, Flags::CREATE));
        let other_metric = v4("192.0.2.2").metric(6);
        apply(&mut t, &msg(&other_metric, Route::NEW, Flags::CREATE));
        let replace = msg(&v4("192.0.2.3"), Route::NEW, Flags::REPLACE);
        let out = apply(&mut t, &replace);
        assert!(
            matches!(&out[..], [ViewEvent::Removed(_), ViewEvent::Added(_)]),
            "{out:?}"
        );
        let left: Vec<(u32, Vec<PathKey>)> = t
            .maps
            .routes
            .keys()
            .map(|k| (k.metric, k.paths.clone()))
            .collect();
        assert_eq!(
            left,
            [
                (5, vec![(Some("192.0.2.3".parse().unwrap()), 2)]),
                (6, vec![(Some("192.0.2.2".parse().unwrap()), 2)])
            ]
        );
    }

    #[test]
    fn an_ipv6_multipath_route_takes_the_place_of_its_siblings() {
        let mut t = routes();
        apply(
            &mut t,
            &msg(&v6(&["2001:db8::2"]), Route::NEW, Flags::CREATE),
        );
        // `ip -6 route append ... via 2001:db8::3`: the kernel announces the whole route.
        let both = msg(
            &v6(&["2001:db8::2", "2001:db8::3"]),
            Route::NEW,
            Flags::APPEND,
        );
        apply(&mut t, &both);
        assert_eq!(gateways(&t).len(), 1);
        assert_eq!(gateways(&t)[0].len(), 2);
        // A route under the same key with another path stays (it is no sibling).
        apply(
            &mut t,
            &msg(&v6(&["2001:db8::9"]), Route::NEW, Flags::APPEND),
        );
        assert_eq!(gateways(&t).len(), 2);
        assert!(t.dirty.is_empty());
    }

    #[test]
    fn deleting_one_path_of_an_ipv6_multipath_route_asks_for_a_re_read() {
        let mut t = routes();
        let three = v6(&["2001:db8::2", "2001:db8::3", "2001:db8::4"]);
        apply(&mut t, &msg(&three, Route::NEW, Flags::CREATE));
        let out = apply(
            &mut t,
            &msg(&v6(&["2001:db8::3"]), Route::DEL, Flags::EMPTY),
        );
        assert!(out.is_empty());
        assert_eq!(t.dirty, [TableKind::Route]);
        assert_eq!(gateways(&t)[0].len(), 3, "left for the re-read to repair");
    }

    #[test]
    fn a_re_read_emits_the_differences_and_ignores_volatile_fields() {
        let mut t = routes();
        apply(&mut t, &msg(&v4("192.0.2.2"), Route::NEW, Flags::CREATE));
        apply(
            &mut t,
            &msg(&v6(&["2001:db8::2"]), Route::NEW, Flags::CREATE),
        );
        let mut fresh = Maps::default();
        for (k, r) in &t.maps.routes {
            if k.family == AddressFamily::INET6 {
                // The same route, its expiry counted down: no change.
                let mut r = r.clone();
                r.expires = Some(30);
                fresh.routes.insert(k.clone(), r);
            }
        }
        let gone = RouteRequest::new("203.0.113.0".parse().unwrap(), 24).oif(2);
        let new: Route = decode(&msg(&gone, Route::NEW, Flags::CREATE)).unwrap();
        fresh.routes.insert(new.key(), new);
        let mut out = Vec::new();
        t.replace(fresh, &[TableKind::Route], &mut out);
        assert!(
            matches!(&out[..], [ViewEvent::Removed(ViewObject::Route(r)), ViewEvent::Added(_)]
                if r.family == AddressFamily::INET),
            "{out:?}"
        );
        assert_eq!(t.maps.routes.len(), 2);
    }

    #[test]
    fn messages_of_tables_not_kept_change_nothing() {
        let mut t = Tables::new(Selection {
            watched: vec![TableKind::Address],
            ..Selection::default()
        });
        assert!(apply(&mut t, &msg(&v4("192.0.2.2"), Route::NEW, Flags::CREATE)).is_empty());
        assert!(t.maps.routes.is_empty());
        assert_eq!(TableKind::of_message(Route::DEL), Some(TableKind::Route));
        assert_eq!(TableKind::of_message(MessageType::DONE), None);
    }

    #[test]
    fn a_cut_notification_never_panics_and_a_broken_one_changes_nothing() {
        let m = msg(
            &v6(&["2001:db8::2", "2001:db8::3"]),
            Route::NEW,
            Flags::CREATE,
        );
        let mut errors = 0;
        for len in 0..m.data.len() {
            let mut cut = m.clone();
            cut.data.truncate(len);
            let mut t = routes();
            let mut out = Vec::new();
            match t.apply(&cut, &mut out) {
                // A cut at an attribute's end is a shorter valid message.
                Ok(()) => {
                    let r: Route = decode(&cut).unwrap();
                    assert_eq!(t.maps.routes.values().collect::<Vec<_>>(), [&r]);
                }
                Err(_) => {
                    errors += 1;
                    assert!(t.maps.routes.is_empty() && out.is_empty(), "cut at {len}");
                }
            }
        }
        assert!(errors > 0);
    }
}
