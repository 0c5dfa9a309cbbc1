//! Routes: list (with kernel-side filters), look up, add, replace, append and delete IPv4 and
//! IPv6 routes (`ip route`).

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use netlink_wire::rtnl::route::{
    self, EncapType, MetricAttr, MplsLabel, RouteAttr, RouteMsg, RoutePref, RtMsg, RtNextHop, Rta,
    Rtax, RtmFlags, RtnhFlags, put_mpls_encap, put_next_hop, put_via,
};
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE, RouteProtocol, RouteType, Scope, Table,
};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::connection::Connection;
use crate::error::{Errno, Error, KernelError, Result};
use crate::object::{Object, Request};
use crate::ops::invalid;

/// Whether routes of `family` are multicast forwarding entries (`RTNL_FAMILY_IPMR`,
/// `RTNL_FAMILY_IP6MR`), whose `RTA_EXPIRES` is the time since their last use.
fn is_multicast(family: AddressFamily) -> bool {
    family == AddressFamily::IPMR || family == AddressFamily::IP6MR
}

/// `USER_HZ`: the clock ticks a second in `rta_cacheinfo.rta_expires`.
const USER_HZ: i32 = 100;

/// An address with a prefix length, such as a route's destination `198.51.100.0/24`; the
/// default is the IPv4 default route's, `0.0.0.0/0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Prefix {
    /// The address.
    pub addr: IpAddr,
    /// The prefix length: at most 32 for IPv4, 128 for IPv6.
    pub len: u8,
}

impl Prefix {
    /// `addr/len`.
    #[must_use]
    pub fn new(addr: IpAddr, len: u8) -> Self {
        Prefix { addr, len }
    }

    /// The longest prefix length of the address's family: 32 or 128.
    #[must_use]
    pub fn max_len(&self) -> u8 {
        if self.addr.is_ipv4() { 32 } else { 128 }
    }

    /// The family of the address.
    #[must_use]
    pub fn family(&self) -> AddressFamily {
        family_of(self.addr)
    }

    /// Checks the length and that no bit after the prefix is set.
    fn validate(&self, what: &str) -> Result<()> {
        if self.len > self.max_len() {
            return Err(invalid(format!(
                "{what} prefix length {} exceeds {} for {}",
                self.len,
                self.max_len(),
                self.addr
            )));
        }
        let host_bits_set = match self.addr {
            IpAddr::V4(a) => {
                u32::from(a) & u32::MAX.checked_shr(u32::from(self.len)).unwrap_or(0) != 0
            }
            IpAddr::V6(a) => {
                u128::from(a) & u128::MAX.checked_shr(u32::from(self.len)).unwrap_or(0) != 0
            }
        };
        if host_bits_set {
            return Err(invalid(format!(
                "{what} {self} has bits set after the prefix length"
            )));
        }
        Ok(())
    }
}

impl Default for Prefix {
    fn default() -> Self {
        Prefix::new(IpAddr::from([0u8; 4]), 0)
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

/// Reads `192.0.2.0/24` and `2001:db8::/32`; a bare address is a host prefix (`/32` or `/128`);
/// `default` is the IPv4 default route's `0.0.0.0/0` (IPv6's is `::/0`). As `ip route` does,
/// it refuses a prefix with bits set after its length (`192.0.2.1/24`).
///
/// ```
/// use netlink::Prefix;
///
/// let p: Prefix = "2001:db8::/32".parse()?;
/// assert_eq!((p.addr.to_string(), p.len), ("2001:db8::".to_string(), 32));
/// assert_eq!("192.0.2.7".parse::<Prefix>()?.len, 32);
/// assert_eq!("default".parse::<Prefix>()?, Prefix::default());
/// assert!("192.0.2.1/24".parse::<Prefix>().is_err());
/// # Ok::<(), netlink::ParsePrefixError>(())
/// ```
impl FromStr for Prefix {
    type Err = ParsePrefixError;

    fn from_str(s: &str) -> std::result::Result<Prefix, ParsePrefixError> {
        let refuse = |reason: String| ParsePrefixError {
            input: s.to_owned(),
            reason,
        };
        if s == "default" {
            return Ok(Prefix::default());
        }
        let (addr, len) = match s.split_once('/') {
            Some((addr, len)) => (addr, Some(len)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| refuse(format!("{addr:?} is not an IPv4 or IPv6 address")))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let len = match len {
            None => max,
            Some(len) => len
                .parse::<u8>()
                .ok()
                .filter(|n| *n <= max && len.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| refuse(format!("length {len:?} is not a number from 0 to {max}")))?,
        };
        let prefix = Prefix::new(addr, len);
        prefix
            .validate("")
            .map_err(|_| refuse("bits are set after the prefix length".to_owned()))?;
        Ok(prefix)
    }
}

/// A string that is not a [`Prefix`]: says which string and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsePrefixError {
    input: String,
    reason: String,
}

impl ParsePrefixError {
    /// The string that was refused.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParsePrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid prefix {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParsePrefixError {}

fn family_of(ip: IpAddr) -> AddressFamily {
    if ip.is_ipv4() {
        AddressFamily::INET
    } else {
        AddressFamily::INET6
    }
}

/// Declares [`RouteMetrics`] from one table: each `RTAX_*` metric's field, type (`u32` or
/// `String`), `MetricAttr` variant and constant, in the kernel's order, which is also the
/// order they are written in.
macro_rules! route_metrics {
    ($( $(#[$doc:meta])* $field:ident: $t:ident = $Variant:ident($K:ident), )*) => {
        /// The `RTAX_*` metrics of a route (`RTA_METRICS`); `None` where the route has none.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct RouteMetrics {
            /// `RTAX_LOCK`: the bit mask (`1 << RTAX_*`) of locked metrics; 0 when none.
            pub lock: u32,
            $( $(#[$doc])* pub $field: Option<$t>, )*
        }

        impl RouteMetrics {
            fn decode(attrs: netlink_wire::Typed<'_, MetricAttr<'_>>) -> Result<RouteMetrics> {
                let mut m = RouteMetrics::default();
                for a in attrs {
                    match a? {
                        MetricAttr::Lock(v) => m.lock = v,
                        $( MetricAttr::$Variant(v) => m.$field = Some(route_metrics!(@own v, $t)), )*
                        // A metric newer than this crate: not represented.
                        _ => {}
                    }
                }
                Ok(m)
            }

            fn write<W: AttrWrite>(&self, w: &mut W) {
                if self.is_empty() {
                    return;
                }
                let mut nest = w.nest(Rta::METRICS);
                nest.put_some(Rtax::LOCK, Some(self.lock).filter(|l| *l != 0));
                $( nest.put_some(Rtax::$K, route_metrics!(@put self.$field, $t)); )*
            }
        }
    };
    (@own $v:ident, u32) => { $v };
    (@own $v:ident, String) => { $v.to_owned() };
    (@put $e:expr, u32) => { $e };
    (@put $e:expr, String) => { $e.as_deref() };
}

route_metrics! {
    /// `RTAX_MTU`.
    mtu: u32 = Mtu(MTU),
    /// `RTAX_WINDOW`.
    window: u32 = Window(WINDOW),
    /// `RTAX_RTT`.
    rtt: u32 = Rtt(RTT),
    /// `RTAX_RTTVAR`.
    rttvar: u32 = RttVar(RTTVAR),
    /// `RTAX_SSTHRESH`.
    ssthresh: u32 = Ssthresh(SSTHRESH),
    /// `RTAX_CWND`.
    cwnd: u32 = Cwnd(CWND),
    /// `RTAX_ADVMSS`.
    advmss: u32 = AdvMss(ADVMSS),
    /// `RTAX_REORDERING`.
    reordering: u32 = Reordering(REORDERING),
    /// `RTAX_HOPLIMIT`.
    hoplimit: u32 = HopLimit(HOPLIMIT),
    /// `RTAX_INITCWND`.
    initcwnd: u32 = InitCwnd(INITCWND),
    /// `RTAX_FEATURES`.
    features: u32 = Features(FEATURES),
    /// `RTAX_RTO_MIN`.
    rto_min: u32 = RtoMin(RTO_MIN),
    /// `RTAX_INITRWND`.
    initrwnd: u32 = InitRwnd(INITRWND),
    /// `RTAX_QUICKACK`.
    quickack: u32 = QuickAck(QUICKACK),
    /// `RTAX_CC_ALGO`: the congestion control algorithm.
    cc_algo: String = CcAlgo(CC_ALGO),
    /// `RTAX_FASTOPEN_NO_COOKIE`.
    fastopen_no_cookie: u32 = FastopenNoCookie(FASTOPEN_NO_COOKIE),
}

impl RouteMetrics {
    /// Whether no metric is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == RouteMetrics::default()
    }
}

/// A lightweight tunnel encapsulation of a route or path (`RTA_ENCAP_TYPE`, `RTA_ENCAP`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encap {
    /// `LWTUNNEL_ENCAP_MPLS`: push these labels (outermost first).
    Mpls {
        /// `MPLS_IPTUNNEL_DST`: the label stack.
        labels: Vec<MplsLabel>,
        /// `MPLS_IPTUNNEL_TTL`.
        ttl: Option<u8>,
    },
    /// Another type, not decoded (reported only).
    Other(EncapType),
}

impl Encap {
    /// An MPLS encapsulation pushing `labels` as `ip ... encap mpls 100/200` does (TTL and
    /// traffic class 0, bottom of stack on the last).
    #[must_use]
    pub fn mpls(labels: &[u32]) -> Self {
        Encap::Mpls {
            labels: MplsLabel::stack(labels),
            ttl: None,
        }
    }

    fn decode(
        kind: Option<EncapType>,
        mpls: Option<route::MplsEncap<'_>>,
    ) -> Result<Option<Encap>> {
        Ok(match (kind, mpls) {
            (_, Some(m)) => Some(Encap::Mpls {
                labels: m.labels()?.map(Iterator::collect).unwrap_or_default(),
                ttl: m.ttl()?,
            }),
            (Some(k), None) if k != EncapType::NONE => Some(Encap::Other(k)),
            _ => None,
        })
    }

    fn validate(&self) -> Result<()> {
        match self {
            Encap::Mpls { labels, .. } => {
                if labels.is_empty() {
                    return Err(invalid("an MPLS encapsulation needs at least one label"));
                }
                if let Some(l) = labels.iter().find(|l| l.label > MplsLabel::MAX_LABEL) {
                    return Err(invalid(format!(
                        "MPLS label {} does not fit 20 bits",
                        l.label
                    )));
                }
                Ok(())
            }
            Encap::Other(k) => Err(invalid(format!(
                "encapsulation type {k:?} cannot be built by this crate"
            ))),
        }
    }

    fn write<W: AttrWrite>(&self, w: &mut W) {
        if let Encap::Mpls { labels, ttl } = self {
            put_mpls_encap(w, labels, *ttl);
        }
    }
}

/// One path of a multipath route (`struct rtnexthop` in `RTA_MULTIPATH`), as reported and as
/// requested.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NextHop {
    /// `RTA_GATEWAY`: a gateway of the route's family.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`: a gateway of another family (an IPv6 gateway of an IPv4 route).
    pub via: Option<IpAddr>,
    /// `rtnh_ifindex`: the output interface; `None` for 0.
    pub oif: Option<u32>,
    /// The weight, 1 to 256 (`rtnh_hops + 1`).
    pub weight: u16,
    /// `rtnh_flags`: `ONLINK` in requests; `LINKDOWN`, `DEAD`... in reports.
    pub flags: RtnhFlags,
    /// `RTA_ENCAP`.
    pub encap: Option<Encap>,
    /// `RTA_FLOW`: the path's realms (source in the high 16 bits, destination in the low).
    pub realms: Option<u32>,
}

impl NextHop {
    /// A path through `gateway`, weight 1, with no device.
    #[must_use]
    pub fn via_gateway(gateway: IpAddr) -> Self {
        NextHop {
            gateway: Some(gateway),
            via: None,
            oif: None,
            weight: 1,
            flags: RtnhFlags::EMPTY,
            encap: None,
            realms: None,
        }
    }

    /// A path out of interface `oif`, weight 1, with no gateway.
    #[must_use]
    pub fn dev(oif: u32) -> Self {
        NextHop {
            gateway: None,
            via: None,
            oif: Some(oif),
            weight: 1,
            flags: RtnhFlags::EMPTY,
            encap: None,
            realms: None,
        }
    }

    /// Sets the output interface.
    #[must_use]
    pub fn with_oif(mut self, oif: u32) -> Self {
        self.oif = Some(oif);
        self
    }

    /// Sets the weight (1 to 256).
    #[must_use]
    pub fn with_weight(mut self, weight: u16) -> Self {
        self.weight = weight;
        self
    }

    /// Decodes one path of a multipath route.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_view(h: &RtNextHop<'_>) -> Result<NextHop> {
        Ok(NextHop {
            gateway: h.gateway()?,
            via: h.via()?.and_then(|v| v.ip()),
            oif: Some(h.ifindex()).filter(|i| *i != 0),
            weight: h.weight(),
            flags: h.flags(),
            encap: Encap::decode(h.encap_type()?, h.mpls_encap()?)?,
            realms: h.flow()?,
        })
    }
}

owned! {
    /// A route as the kernel reports it (`RTM_NEWROUTE`). Its `Default` is a route of no
    /// family, table 0 and no attribute: a value to decode into
    /// ([`set_from_msg`](Self::set_from_msg)).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Route {
        /// `rtm_family`.
        family: AddressFamily = m.family(),
        /// `RTA_DST` with `rtm_dst_len`; `None` for a default route.
        dst: Option<Prefix> = None;
            Dst(d) if m.family() != AddressFamily::MPLS => Some(Prefix::new(d, m.dst_len())),
        /// `RTA_SRC` with `rtm_src_len` (source-specific routes).
        src: Option<Prefix> = None; Src(s) => Some(Prefix::new(s, m.src_len())),
        /// `rtm_tos`.
        tos: u8 = m.tos(),
        /// `RTA_GATEWAY`.
        gateway: Option<IpAddr> = None; Gateway(g) => Some(g),
        /// `RTA_VIA`: a gateway of another family.
        via: Option<IpAddr> = None; Via(v) => v.ip(),
        /// `RTA_PREFSRC`: the preferred source address.
        prefsrc: Option<IpAddr> = None; PrefSrc(p) => Some(p),
        /// `RTA_OIF`: the output interface.
        oif: Option<u32> = None; Oif(i) => Some(i),
        /// `RTA_IIF`: the input interface.
        iif: Option<u32> = None; Iif(i) => Some(i),
        /// `RTA_TABLE`, or `rtm_table` when absent.
        table: Table = Table(u32::from(m.header().rtm_table)); Table(t) => t,
        /// `rtm_protocol`.
        protocol: RouteProtocol = m.protocol(),
        /// `rtm_scope`.
        scope: Scope = m.scope(),
        /// `rtm_type`.
        route_type: RouteType = m.route_type(),
        /// `RTA_PRIORITY`, which `ip` prints as `metric`.
        metric: Option<u32> = None; Priority(p) => Some(p),
        /// `rtm_flags`.
        flags: RtmFlags = m.flags(),
        /// `RTA_METRICS`, `None` when the route has no metric set. Boxed: most routes have
        /// none, and the 150 bytes of [`RouteMetrics`] inline made every route that much
        /// larger to build and to move.
        metrics: Option<Box<RouteMetrics>> = None; Metrics(n) => metrics_of(n)?,
        /// `RTA_MULTIPATH`: the paths; empty for a single-path route.
        multipath: Vec<NextHop> = Vec::new(); Multipath(hops) => paths_of(hops)?,
        /// `RTA_PREF` (IPv6).
        pref: Option<RoutePref> = None; Pref(p) => Some(p),
        /// `RTA_NH_ID`: the nexthop object the route uses.
        nh_id: Option<u32> = None; NhId(n) => Some(n),
        /// Seconds until the route expires: `RTA_EXPIRES`, else `rta_cacheinfo.rta_expires`
        /// converted from clock ticks as `ip` does; `None` for a route that does not expire,
        /// and for a multicast route, whose `RTA_EXPIRES` is [`lastuse`](Self::lastuse).
        expires: Option<u32> = None;
            Expires(e) if !is_multicast(m.family()) => Some(u32::try_from(e).unwrap_or(u32::MAX)),
        /// A multicast route's (`RTNL_FAMILY_IPMR`, `RTNL_FAMILY_IP6MR`) clock ticks
        /// (`USER_HZ`) since it last forwarded a packet, which the kernel sends as a 64-bit
        /// `RTA_EXPIRES` and `ip -s mroute` prints as `Age`; `None` for other routes.
        lastuse: Option<u64> = None; Expires(e) if is_multicast(m.family()) => Some(e),
        /// `RTA_ENCAP_TYPE` and `RTA_ENCAP`.
        encap: Option<Encap> = None,
        /// `RTA_MARK` (lookups).
        mark: Option<u32> = None; Mark(v) => Some(v),
        /// `RTA_UID` (lookups).
        uid: Option<u32> = None; Uid(v) => Some(v),
        /// `RTA_FLOW`: the realms, the source realm in the high 16 bits, the destination realm
        /// in the low ones.
        realms: Option<u32> = None; Flow(v) => Some(v),
        /// `RTA_CACHEINFO`: the usage counters of a cached route or a lookup's answer.
        cache: Option<RouteCache> = None; CacheInfo(c) => Some(RouteCache::from(&c.get())),
    }
    from(m: RouteMsg) walk RouteAttr(Rta) {
        let (mut encap_type, mut encap_nest) = (None, None);
    }
    on {
        EncapType(t) => encap_type = Some(t),
        Encap(e) => encap_nest = Some(e),
    }
    then(r) {
        if r.expires.is_none() {
            r.expires = r
                .cache
                .map(|c| c.expires)
                .filter(|e| *e != 0)
                .map(|e| u32::try_from(e / USER_HZ).unwrap_or(0));
        }
        if encap_type.is_some() {
            r.encap = Encap::decode(encap_type, route::mpls_encap_of(encap_type, encap_nest))?;
        }
    }
}

/// `RTA_METRICS` decoded, `None` when it sets nothing (out of line: most routes have none,
/// and the walk keeps its registers).
#[inline(never)]
fn metrics_of(n: netlink_wire::typed::Nested<'_, Rtax>) -> Result<Option<Box<RouteMetrics>>> {
    let m = RouteMetrics::decode(n.typed())?;
    Ok((!m.is_empty()).then(|| Box::new(m)))
}

/// `RTA_MULTIPATH` decoded (out of line, as [`metrics_of`]).
#[inline(never)]
fn paths_of(hops: route::NextHops<'_>) -> Result<Vec<NextHop>> {
    hops.map(|h| h.map_err(Error::from).and_then(|h| NextHop::from_view(&h)))
        .collect()
}

/// The counters of `struct rta_cacheinfo` (`RTA_CACHEINFO`), which lookups and cached routes
/// carry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteCache {
    /// `rta_clntref`: the references held.
    pub users: u32,
    /// `rta_lastuse`: clock ticks (`USER_HZ`) since the route was last used.
    pub last_use: u32,
    /// `rta_expires`: clock ticks until the route expires, 0 for never.
    pub expires: i32,
    /// `rta_error`: the error of a cached route.
    pub error: u32,
    /// `rta_used`: how many times it was used.
    pub used: u32,
    /// `rta_id`: the IP id.
    pub id: u32,
    /// `rta_ts`: the peer's TCP timestamp.
    pub ts: u32,
    /// `rta_tsage`: the age of `ts`, in seconds.
    pub ts_age: u32,
}

impl From<&route::RtaCacheInfo> for RouteCache {
    fn from(c: &route::RtaCacheInfo) -> RouteCache {
        RouteCache {
            users: c.rta_clntref.get(),
            last_use: c.rta_lastuse.get(),
            expires: c.rta_expires.get(),
            error: c.rta_error.get(),
            used: c.rta_used.get(),
            id: c.rta_id.get(),
            ts: c.rta_ts.get(),
            ts_age: c.rta_tsage.get(),
        }
    }
}

impl Route {
    /// Whether the route leaves through interface `oif`, directly or on one of its paths.
    #[must_use]
    pub fn uses_oif(&self, oif: u32) -> bool {
        self.oif == Some(oif) || self.multipath.iter().any(|h| h.oif == Some(oif))
    }
}

settable! {
    /// Which routes [`Connection::routes`] returns. Every field set is sent to the kernel as a
    /// strict-checking dump filter (`rtm_table`/`RTA_TABLE`, `rtm_protocol`, `rtm_type`,
    /// `RTA_OIF`) and applied again here.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct RouteFilter {
        /// Only this family (`AF_INET`, `AF_INET6`); `None` for every family.
        family: Option<AddressFamily>,
        /// Only routes in this table.
        table: Option<Table>,
        /// Only routes installed by this protocol.
        protocol: Option<RouteProtocol>,
        /// Only routes of this type.
        route_type: Option<RouteType>,
        /// Only routes through this interface (directly or on a path).
        oif: Option<u32>,
        /// The cached routes (`RTM_F_CLONED`: IPv6's cache and IPv4's exceptions) instead of the
        /// tables' (`ip route show cached`).
        cloned: bool,
        /// A table that does not exist is the kernel's `ENOENT` ("FIB table does not exist"), as
        /// `ip route show table N` reports it, instead of an empty list.
        table_must_exist: bool,
    }
}

impl RouteFilter {
    /// Inlined into every dump's loop: the header's fields decide most routes, and only a
    /// filter on attributes pays for the call that reads them.
    #[inline]
    fn matches(&self, r: &RouteMsg<'_>) -> Result<bool> {
        if self.family.is_some_and(|f| f != r.family())
            || self.protocol.is_some_and(|p| p != r.protocol())
            || self.route_type.is_some_and(|t| t != r.route_type())
            || self.cloned != r.flags().contains(RtmFlags::CLONED)
        {
            return Ok(false);
        }
        if self.table.is_none() && self.oif.is_none() {
            return Ok(true);
        }
        self.matches_attrs(r)
    }

    /// The attribute part of [`RouteFilter::matches`]: table and output interface.
    fn matches_attrs(&self, r: &RouteMsg<'_>) -> Result<bool> {
        if let Some(t) = self.table
            && t != r.table()?
        {
            return Ok(false);
        }
        if let Some(oif) = self.oif {
            if r.oif()? == Some(oif) {
                return Ok(true);
            }
            let mut on_path = false;
            if let Some(hops) = r.multipath()? {
                for h in hops {
                    on_path |= h?.ifindex() == oif;
                }
            }
            return Ok(on_path);
        }
        Ok(true)
    }
}

settable! {
    /// A route to add, replace, append or delete.
    ///
    /// Fields left `None` take the defaults `ip route` uses: for an add, table `main`, protocol
    /// `boot`, type `unicast` and scope `link` for a route with no gateway (else `global`); for a
    /// delete, protocol, type and scope match any route.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct RouteRequest {
        /// The destination; length 0 for a default route.
        fixed dst: Prefix,
        /// `RTA_SRC`: a source prefix (IPv6 source-specific routes).
        src: Option<Prefix>,
        /// `RTA_PREFSRC`: the preferred source address.
        prefsrc: Option<IpAddr>,
        /// `RTA_GATEWAY`: a gateway of the destination's family.
        gateway: Option<IpAddr>,
        /// `RTA_VIA`: a gateway of another family, for an IPv4 route through an IPv6 gateway.
        via: Option<IpAddr>,
        /// `RTA_OIF`: the output interface.
        oif: Option<u32>,
        /// `RTA_MULTIPATH`: the paths of a multipath route; must not be empty when given.
        multipath: Option<Vec<NextHop>>,
        /// `RTA_METRICS`.
        metrics: RouteMetrics,
        /// The table: `rtm_table`, or `RTA_TABLE` above 255. `main` when `None`.
        table: Option<Table>,
        /// `rtm_protocol`.
        protocol: Option<RouteProtocol>,
        /// `rtm_scope` (IPv4).
        scope: Option<Scope>,
        /// `rtm_type`: unicast, blackhole, unreachable, prohibit, local...
        route_type: Option<RouteType>,
        /// `RTA_PRIORITY`: the metric.
        metric: Option<u32>,
        /// `rtm_tos`.
        tos: u8,
        /// `RTNH_F_ONLINK`: the gateway is on the link even without a matching prefix.
        onlink: bool,
        /// `RTA_PREF` (IPv6).
        pref: Option<RoutePref>,
        /// `RTA_EXPIRES`: seconds until the route expires (IPv6).
        expires: Option<u32>,
        /// `RTA_NH_ID`: use this nexthop object instead of a gateway or device.
        nh_id: Option<u32>,
        /// `RTA_ENCAP_TYPE` and `RTA_ENCAP`: a lightweight tunnel encapsulation (MPLS).
        encap: Option<Encap>,
        /// `RTA_FLOW`: the realms, the source realm in the high 16 bits, the destination realm
        /// in the low (IPv4).
        realms: Option<u32>,
    }
}

impl RouteRequest {
    /// A route to `dst/len` with everything else unset.
    #[must_use]
    pub fn new(dst: IpAddr, len: u8) -> Self {
        RouteRequest {
            dst: Prefix::new(dst, len),
            ..RouteRequest::default()
        }
    }

    /// The default route of `family` (`0.0.0.0/0` or `::/0`).
    #[must_use]
    pub fn default_route(family: AddressFamily) -> Self {
        let any = if family == AddressFamily::INET6 {
            IpAddr::from([0u16; 8])
        } else {
            IpAddr::from([0u8; 4])
        };
        Self::new(any, 0)
    }

    /// The destination's family.
    #[must_use]
    pub fn family(&self) -> AddressFamily {
        self.dst.family()
    }

    /// The scope `ip route` picks: host for local and NAT routes, link for broadcast,
    /// multicast, anycast and for unicast routes with no gateway, universe otherwise; any
    /// (`RT_SCOPE_NOWHERE`) when deleting a unicast route.
    fn default_scope(&self, deleting: bool) -> Scope {
        match self.route_type.unwrap_or(RouteType::UNICAST) {
            RouteType::LOCAL | RouteType::NAT => Scope::HOST,
            RouteType::BROADCAST | RouteType::MULTICAST | RouteType::ANYCAST => Scope::LINK,
            RouteType::UNICAST | RouteType::UNSPEC => {
                if deleting {
                    Scope::NOWHERE
                } else if self.gateway.is_none()
                    && self.via.is_none()
                    && self.multipath.is_none()
                    && self.nh_id.is_none()
                {
                    Scope::LINK
                } else {
                    Scope::UNIVERSE
                }
            }
            _ => Scope::UNIVERSE,
        }
    }
}

impl Request for RouteRequest {
    type Object = Route;

    /// Checks the request without sending anything.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first problem: a prefix too long or with host bits
    /// set, an address of the wrong family, an empty multipath, a weight out of 1..=256, a
    /// gateway or device on a blackhole/unreachable/prohibit route, a nexthop id next to a
    /// gateway, or an IPv6-only attribute on an IPv4 route.
    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        self.dst.validate("destination")?;
        let v4 = self.dst.addr.is_ipv4();
        let same = |what: &str, ip: IpAddr| {
            if ip.is_ipv4() == v4 {
                Ok(())
            } else {
                Err(invalid(format!(
                    "{what} {ip} is not of the same family as {}",
                    self.dst
                )))
            }
        };
        if let Some(src) = &self.src {
            src.validate("source")?;
            same("source", src.addr)?;
        }
        if let Some(p) = self.prefsrc {
            same("preferred source", p)?;
        }
        if let Some(g) = self.gateway {
            same("gateway", g)?;
        }
        if self.via.is_some() {
            if !v4 {
                return Err(invalid(
                    "RTA_VIA is for IPv4 routes; give IPv6 gateways as gateway",
                ));
            }
            if self.gateway.is_some() {
                return Err(invalid("give either a gateway or a via address, not both"));
            }
        }
        if v4 && (self.pref.is_some() || self.expires.is_some()) {
            return Err(invalid("RTA_PREF and RTA_EXPIRES are for IPv6 routes"));
        }
        if let Some(hops) = &self.multipath {
            if hops.is_empty() {
                return Err(invalid("a multipath route needs at least one path"));
            }
            if self.gateway.is_some() || self.via.is_some() {
                return Err(invalid(
                    "a multipath route takes its gateways per path, not for the route",
                ));
            }
            for h in hops {
                if !(1..=256).contains(&h.weight) {
                    return Err(invalid(format!(
                        "path weight {} is outside 1..=256",
                        h.weight
                    )));
                }
                if let Some(g) = h.gateway {
                    same("path gateway", g)?;
                }
                if h.via.is_some() && !v4 {
                    return Err(invalid("RTA_VIA is for IPv4 routes"));
                }
                if h.gateway.is_some() && h.via.is_some() {
                    return Err(invalid("give a path either a gateway or a via address"));
                }
                if h.gateway.is_none() && h.via.is_none() && h.oif.is_none() {
                    return Err(invalid("a path needs a gateway or a device"));
                }
                if let Some(e) = &h.encap {
                    e.validate()?;
                }
            }
        }
        let direct = self.gateway.is_some()
            || self.via.is_some()
            || self.oif.is_some()
            || self.multipath.is_some();
        if self.nh_id.is_some() && direct {
            return Err(invalid(
                "a nexthop id excludes a gateway, device or multipath",
            ));
        }
        if let Some(t) = self.route_type
            && matches!(
                t,
                RouteType::BLACKHOLE | RouteType::UNREACHABLE | RouteType::PROHIBIT
            )
            && direct
        {
            return Err(invalid(format!(
                "a {t} route takes no gateway, device or multipath"
            )));
        }
        if let Some(e) = &self.encap {
            e.validate()?;
        }
        if self.table == Some(Table::UNSPEC) {
            return Err(invalid("table 0 (unspec) is not a table"));
        }
        Ok(())
    }

    /// Encodes the request as a message of type `t` (`RTM_NEWROUTE` or `RTM_DELROUTE`) with
    /// `flags`, attributes in the order `ip route` writes them. Call
    /// [`RouteRequest::validate`] first; the operations on [`Connection`] do both.
    ///
    /// # Errors
    /// When an attribute does not fit its 16-bit length.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let deleting = t == RTM_DELROUTE;
        let mut hdr = RtMsg::new(self.family(), self.dst.len);
        let table = self.table.unwrap_or(Table::MAIN).0;
        // Like ip: tables above 255 travel in RTA_TABLE with rtm_table RT_TABLE_UNSPEC.
        hdr.rtm_table = u8::try_from(table).unwrap_or(0);
        hdr.rtm_tos = self.tos;
        hdr.rtm_protocol = self
            .protocol
            .unwrap_or(if deleting {
                RouteProtocol::UNSPEC
            } else {
                RouteProtocol::BOOT
            })
            .0;
        hdr.rtm_type = self
            .route_type
            .unwrap_or(if deleting {
                RouteType::UNSPEC
            } else {
                RouteType::UNICAST
            })
            .0;
        hdr.rtm_scope = self.scope.unwrap_or_else(|| self.default_scope(deleting)).0;
        if self.onlink {
            hdr.rtm_flags.set(RtmFlags::ONLINK.bits());
        }
        if let Some(src) = &self.src {
            hdr.rtm_src_len = src.len;
        }
        let mut b = RouteMsg::builder(buf, t, flags, &hdr)?;
        if self.dst.len > 0 {
            b.put_ip(Rta::DST, self.dst.addr);
        }
        if let Some(src) = &self.src {
            b.put_ip(Rta::SRC, src.addr);
        }
        b.put_some(Rta::PREFSRC, self.prefsrc);
        if let Some(e) = &self.encap {
            e.write(&mut b);
        }
        b.put_some(Rta::GATEWAY, self.gateway);
        if let Some(v) = self.via {
            put_via(&mut b, v);
        }
        b.put_some(Rta::NH_ID, self.nh_id);
        b.put_some(Rta::PRIORITY, self.metric);
        b.put_some(Rta::FLOW, self.realms);
        if table > 255 {
            b.put_u32(Rta::TABLE, table);
        }
        b.put_some(Rta::PREF, self.pref.map(|v| v.0));
        b.put_some(Rta::EXPIRES, self.expires);
        b.put_some(Rta::OIF, self.oif);
        self.metrics.write(&mut b);
        if let Some(hops) = &self.multipath {
            let mut mp = b.nest(Rta::MULTIPATH);
            for h in hops {
                let hops_field = u8::try_from(h.weight.saturating_sub(1)).unwrap_or(u8::MAX);
                let mut nh = put_next_hop(&mut mp, h.flags, hops_field, h.oif.unwrap_or(0));
                nh.put_some(Rta::GATEWAY, h.gateway);
                if let Some(v) = h.via {
                    put_via(&mut nh, v);
                }
                if let Some(e) = &h.encap {
                    e.write(&mut nh);
                }
            }
        }
        b.finish()
    }
}

impl Object for Route {
    type View<'a> = RouteMsg<'a>;
    type Filter = RouteFilter;
    const NEW: MessageType = RTM_NEWROUTE;
    const DEL: MessageType = RTM_DELROUTE;
    const GET: MessageType = RTM_GETROUTE;

    fn dump_request(filter: &RouteFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let mut hdr = RtMsg::new(filter.family.unwrap_or(AddressFamily::UNSPEC), 0);
        // With NETLINK_GET_STRICT_CHK the kernel filters on these itself
        // (ip_valid_fib_dump_req); the table always travels as RTA_TABLE, which overrides
        // rtm_table.
        hdr.rtm_protocol = filter.protocol.map_or(0, |p| p.0);
        hdr.rtm_type = filter.route_type.map_or(0, |t| t.0);
        if filter.cloned {
            hdr.rtm_flags.set(RtmFlags::CLONED.bits());
        }
        let mut b = RouteMsg::builder(buf, RTM_GETROUTE, Flags::EMPTY, &hdr)?;
        b.put_some(Rta::TABLE, filter.table.map(|v| v.0));
        b.put_some(Rta::OIF, filter.oif);
        b.finish()
    }

    #[inline]
    fn matches(filter: &RouteFilter, r: &RouteMsg<'_>) -> Result<bool> {
        filter.matches(r)
    }

    fn from_view(r: &RouteMsg<'_>) -> Result<Route> {
        Route::from_msg(r)
    }

    /// "FIB table does not exist": an empty table, not a failure, unless the filter asks.
    fn empty_on(filter: &RouteFilter, error: &KernelError) -> bool {
        error.errno == Errno::NOENT && filter.table.is_some() && !filter.table_must_exist
    }
}

named_ops! { Route, RouteRequest;
    list routes "Every route matching `filter` (`ip route show table all`, `ip -6 route ...`). A table that does not exist yields no routes.";
    for_each for_each_route "Every route matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_route "Adds a route (`ip route add`); fails with `EEXIST` if it is there.";
    replace replace_route "Adds a route or replaces the one with the same destination, table, TOS and metric (`ip route replace`).";
    change change_route "Changes a route that exists (`ip route change`).";
    append append_route "Appends a route (`ip route append`): for IPv4 another route to the same destination after the existing ones; for IPv6 another path of the existing route.";
    delete delete_route "Deletes a route (`ip route del`); unset protocol, type and scope match any route; `ESRCH` when there is no such route.";
}

settable! {
    /// A route lookup (`ip route get`): the packet to route, described by what the kernel's
    /// `inet_rtm_getroute` and `inet6_rtm_getroute` read. Fields left unset are not sent.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RouteQuery {
        /// `RTA_DST` with `rtm_dst_len`: the destination (a host, usually).
        fixed dst: Prefix,
        /// `RTA_SRC` with `rtm_src_len`: the source (`from`).
        src: Option<Prefix>,
        /// `RTA_IIF`: the packet comes in on this interface (`iif`), as if forwarded.
        iif: Option<u32>,
        /// `RTA_OIF`: the packet leaves through this interface (`oif`).
        oif: Option<u32>,
        /// `RTA_MARK`: the packet's firewall mark.
        mark: Option<u32>,
        /// `RTA_UID`: the user the packet is sent for.
        uid: Option<u32>,
        /// `rtm_tos`.
        tos: u8,
        /// `RTA_IP_PROTO`: the packet's IP protocol.
        ip_proto: Option<u8>,
        /// `RTA_SPORT`: its source port.
        sport: Option<u16>,
        /// `RTA_DPORT`: its destination port.
        dport: Option<u16>,
        /// `RTM_F_FIB_MATCH`: answer with the route in the table that matched (`fibmatch`), not
        /// the resolved one.
        fib_match: bool,
        /// `RTA_TABLE`: look up this table (`vrf`).
        table: Option<Table>,
    }
}

impl RouteQuery {
    /// A lookup of the host `dst`.
    #[must_use]
    pub fn new(dst: IpAddr) -> Self {
        RouteQuery {
            dst: Prefix::new(dst, if dst.is_ipv4() { 32 } else { 128 }),
            src: None,
            iif: None,
            oif: None,
            mark: None,
            uid: None,
            tos: 0,
            ip_proto: None,
            sport: None,
            dport: None,
            fib_match: false,
            table: None,
        }
    }
}

impl RouteQuery {
    /// The `RTM_GETROUTE` request, as `ip route get` builds it (IPv4 lookups ask for
    /// `RTM_F_LOOKUP_TABLE`, so that the answer names the table).
    fn build(&self, buf: &mut Vec<u8>) -> Result<()> {
        if let Some(s) = self.src
            && s.addr.is_ipv4() != self.dst.addr.is_ipv4()
        {
            return Err(invalid(format!(
                "source {} is not of the family of {}",
                s.addr, self.dst.addr
            )));
        }
        if self.dst.len > self.dst.max_len() {
            return Err(invalid(format!(
                "prefix length {} is too long",
                self.dst.len
            )));
        }
        let mut hdr = RtMsg::new(family_of(self.dst.addr), self.dst.len);
        hdr.rtm_src_len = self.src.map_or(0, |s| s.len);
        hdr.rtm_tos = self.tos;
        let mut flags = RtmFlags::EMPTY;
        if self.dst.addr.is_ipv4() {
            flags |= RtmFlags::LOOKUP_TABLE;
        }
        if self.fib_match {
            flags |= RtmFlags::FIB_MATCH;
        }
        hdr.rtm_flags.set(flags.bits());
        let mut b = RouteMsg::builder(buf, RTM_GETROUTE, Flags::EMPTY, &hdr)?;
        b.put_ip(Rta::DST, self.dst.addr);
        if let Some(s) = self.src {
            b.put_ip(Rta::SRC, s.addr);
        }
        b.put_some(Rta::UID, self.uid);
        b.put_some(Rta::IP_PROTO, self.ip_proto);
        if let Some(p) = self.dport {
            b.put_be16(Rta::DPORT, p);
        }
        if let Some(p) = self.sport {
            b.put_be16(Rta::SPORT, p);
        }
        b.put_some(Rta::IIF, self.iif);
        b.put_some(Rta::OIF, self.oif);
        b.put_some(Rta::MARK, self.mark);
        b.put_some(Rta::TABLE, self.table.map(|t| t.0));
        b.finish()?;
        Ok(())
    }
}

impl Connection {
    /// Looks up the route the kernel would use to reach `dst` (`ip route get`): an
    /// `RTM_GETROUTE` request with `RTA_DST`, not a dump. The answer is the resolved route
    /// (flag `RTM_F_CLONED` for IPv4), with its output interface, gateway and source.
    ///
    /// # Errors
    /// The kernel's error, such as `ENETUNREACH` when no route matches.
    pub fn route_get(&self, dst: IpAddr) -> Result<Route> {
        self.route_lookup(&RouteQuery::new(dst))
    }

    /// Looks up a route for the packet `q` describes (`ip route get ... from ... iif ...
    /// mark ... fibmatch`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a source of another family than the destination,
    /// before anything is sent; the kernel's error, such as `ENETUNREACH`, `EHOSTUNREACH`
    /// for an unreachable route, or `EINVAL` for a blackhole.
    pub fn route_lookup(&self, q: &RouteQuery) -> Result<Route> {
        let mut buf = Vec::with_capacity(96);
        q.build(&mut buf)?;
        let response = self.request_bytes(buf)?;
        let m = response.require(RTM_NEWROUTE)?;
        Route::from_msg(&RouteMsg::parse(m.as_msg())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn builds_what_ip_sends_for_an_mpls_encap() {
        // testdata/route-mpls-encap.bin: `ip route add 198.51.100.0/24 encap mpls 100/200 via
        // 192.0.2.254 dev veth0` (veth0 = 3), minus nlmsg_seq and two stale padding bytes.
        let whole = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../netlink-wire/testdata/route-mpls-encap.bin"
        ))
        .unwrap();
        let mut req = RouteRequest::new(ip("198.51.100.0"), 24)
            .gateway(ip("192.0.2.254"))
            .oif(3);
        req.encap = Some(Encap::mpls(&[100, 200]));
        req.validate(RTM_NEWROUTE, Flags::EMPTY).unwrap();
        let mut buf = Vec::new();
        req.build(
            &mut buf,
            RTM_NEWROUTE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
        )
        .unwrap();
        assert_eq!(buf.len(), whole.len());
        assert_eq!(buf[..8], whole[..8]);
        assert_eq!(buf[16..58], whole[16..58]);
        assert_eq!(buf[60..], whole[60..]);
    }

    #[test]
    fn dump_requests_are_strict() {
        let f = RouteFilter::default()
            .family(AddressFamily::INET)
            .table(Table(100))
            .protocol(RouteProtocol::STATIC)
            .oif(3);
        let mut buf = Vec::new();
        Route::dump_request(&f, &mut buf).unwrap();
        // rtmsg: family 2, dst/src/tos 0, table 0, protocol 4, scope 0, type 0, flags 0;
        // RTA_TABLE 100; RTA_OIF 3.
        assert_eq!(
            &buf[16..],
            &[
                2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, //
                8, 0, 15, 0, 100, 0, 0, 0, //
                8, 0, 4, 0, 3, 0, 0, 0
            ]
        );
    }

    #[test]
    fn validation_names_the_problem() {
        let e = RouteRequest::new(ip("198.51.100.0"), 33)
            .validate(RTM_NEWROUTE, Flags::EMPTY)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument: destination prefix length 33 exceeds 32 for 198.51.100.0"
        );
        assert!(
            RouteRequest::new(ip("198.51.100.1"), 24)
                .validate(RTM_NEWROUTE, Flags::EMPTY)
                .is_err()
        );
        assert!(
            RouteRequest::new(ip("2001:db8::"), 129)
                .validate(RTM_NEWROUTE, Flags::EMPTY)
                .is_err()
        );
        assert!(
            RouteRequest::new(ip("2001:db8::"), 32)
                .validate(RTM_NEWROUTE, Flags::EMPTY)
                .is_ok()
        );
        let mut r = RouteRequest::new(ip("198.51.100.0"), 24);
        r.multipath = Some(Vec::new());
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        r.multipath = Some(vec![NextHop::via_gateway(ip("192.0.2.1")).with_weight(257)]);
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        r.multipath = Some(vec![NextHop::via_gateway(ip("2001:db8::1"))]);
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        r.multipath = Some(vec![NextHop::dev(3).with_weight(256)]);
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_ok());
        let r = RouteRequest::new(ip("198.51.100.0"), 24).gateway(ip("2001:db8::1"));
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        let r = RouteRequest::new(ip("198.51.100.0"), 24)
            .route_type(RouteType::BLACKHOLE)
            .oif(3);
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        let mut r = RouteRequest::new(ip("2001:db8::"), 32);
        r.via = Some(ip("192.0.2.1"));
        assert!(r.validate(RTM_NEWROUTE, Flags::EMPTY).is_err());
        assert!(Prefix::new(ip("0.0.0.0"), 0).validate("d").is_ok());
        assert!(Prefix::new(ip("255.255.255.255"), 32).validate("d").is_ok());
    }

    #[test]
    fn default_scopes_follow_ip() {
        let dev = RouteRequest::new(ip("198.51.100.0"), 24).oif(3);
        assert_eq!(dev.default_scope(false), Scope::LINK);
        assert_eq!(dev.default_scope(true), Scope::NOWHERE);
        let gw = dev.clone().gateway(ip("192.0.2.1"));
        assert_eq!(gw.default_scope(false), Scope::UNIVERSE);
        let local = dev.route_type(RouteType::LOCAL);
        assert_eq!(local.default_scope(false), Scope::HOST);
    }

    /// `Route::from_msg` decodes in one walk over the attributes; these properties hold it to
    /// the reading through the view's attribute table (one accessor a field) that it replaced,
    /// on route messages with any subset of the attributes, in any order, among unknown ones
    /// and second attributes of the same numbers (the first counts, in both).
    mod one_walk {
        use super::*;
        use netlink_wire::rtnl::AddressFamily;
        use proptest::prelude::*;

        /// One attribute, header and padding included.
        fn nla(kind: u16, payload: &[u8]) -> Vec<u8> {
            let len = u16::try_from(4 + payload.len()).unwrap();
            let mut v = [len.to_le_bytes(), kind.to_le_bytes()].concat();
            v.extend_from_slice(payload);
            v.resize(v.len().next_multiple_of(4), 0);
            v
        }

        fn addr() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 4),
                proptest::collection::vec(any::<u8>(), 16),
            ]
        }

        fn u32_attr(kind: Rta) -> impl Strategy<Value = (u16, Vec<u8>)> {
            any::<u32>().prop_map(move |v| (kind.0, v.to_ne_bytes().to_vec()))
        }

        fn metrics() -> impl Strategy<Value = Vec<u8>> {
            let metric = prop_oneof![
                (1u16..16, any::<u32>()).prop_map(|(k, v)| nla(k, &v.to_ne_bytes())),
                Just(nla(Rtax::CC_ALGO.0, b"cubic\0")),
            ];
            proptest::collection::vec(metric, 0..5).prop_map(|v| v.concat())
        }

        fn paths() -> impl Strategy<Value = Vec<u8>> {
            let path = (
                any::<u8>(),
                any::<u8>(),
                any::<i32>(),
                proptest::option::of(addr()),
            )
                .prop_map(|(flags, hops, ifindex, gw)| {
                    let attrs = gw.map(|g| nla(Rta::GATEWAY.0, &g)).unwrap_or_default();
                    let len = u16::try_from(8 + attrs.len()).unwrap();
                    let mut v = len.to_ne_bytes().to_vec();
                    v.extend([flags, hops]);
                    v.extend(ifindex.to_ne_bytes());
                    v.extend(attrs);
                    v
                });
            proptest::collection::vec(path, 1..4).prop_map(|v| v.concat())
        }

        fn mpls_encap() -> impl Strategy<Value = Vec<u8>> {
            (
                proptest::collection::vec(any::<u32>(), 1..4),
                proptest::option::of(any::<u8>()),
            )
                .prop_map(|(labels, ttl)| {
                    let stack: Vec<u8> = labels.iter().flat_map(|l| l.to_be_bytes()).collect();
                    let mut v = nla(1, &stack);
                    if let Some(t) = ttl {
                        v.extend(nla(2, &[t]));
                    }
                    v
                })
        }

        /// Every attribute `Route` reads, each with a payload of the right size, attributes of
        /// numbers this crate does not know, and second attributes of some numbers.
        fn attrs() -> impl Strategy<Value = Vec<(u16, Vec<u8>)>> {
            let ip = |k: Rta| addr().prop_map(move |a| (k.0, a));
            let candidates = (
                (
                    proptest::option::of(ip(Rta::DST)),
                    proptest::option::of(ip(Rta::SRC)),
                    proptest::option::of(ip(Rta::GATEWAY)),
                    proptest::option::of(ip(Rta::PREFSRC)),
                    proptest::option::of(
                        (prop_oneof![Just(2u16), Just(10u16), any::<u16>()], addr()).prop_map(
                            |(f, a)| (Rta::VIA.0, [f.to_ne_bytes().to_vec(), a].concat()),
                        ),
                    ),
                    proptest::option::of(u32_attr(Rta::OIF)),
                    proptest::option::of(u32_attr(Rta::IIF)),
                    proptest::option::of(u32_attr(Rta::TABLE)),
                    proptest::option::of(u32_attr(Rta::PRIORITY)),
                    proptest::option::of(u32_attr(Rta::NH_ID)),
                ),
                (
                    proptest::option::of(u32_attr(Rta::EXPIRES)),
                    proptest::option::of(u32_attr(Rta::MARK)),
                    proptest::option::of(u32_attr(Rta::UID)),
                    proptest::option::of(u32_attr(Rta::FLOW)),
                    proptest::option::of(any::<u8>().prop_map(|p| (Rta::PREF.0, vec![p]))),
                    proptest::option::of(
                        proptest::collection::vec(any::<u8>(), 32)
                            .prop_map(|c| (Rta::CACHEINFO.0, c)),
                    ),
                    proptest::option::of(metrics().prop_map(|m| (Rta::METRICS.0, m))),
                    proptest::option::of(paths().prop_map(|m| (Rta::MULTIPATH.0, m))),
                    proptest::option::of(
                        prop_oneof![Just(0u16), Just(1u16), Just(5u16)]
                            .prop_map(|t| (Rta::ENCAP_TYPE.0, t.to_ne_bytes().to_vec())),
                    ),
                    proptest::option::of(mpls_encap().prop_map(|e| (Rta::ENCAP.0, e))),
                ),
                proptest::collection::vec(
                    (40u16..60, proptest::collection::vec(any::<u8>(), 0..12)),
                    0..3,
                ),
                // Second attributes of numbers the route reads (the first one counts).
                proptest::collection::vec(
                    prop_oneof![
                        u32_attr(Rta::OIF),
                        u32_attr(Rta::TABLE),
                        ip(Rta::GATEWAY),
                        ip(Rta::DST),
                        metrics().prop_map(|m| (Rta::METRICS.0, m)),
                    ],
                    0..3,
                ),
            );
            candidates
                .prop_map(|(a, b, unknown, again)| {
                    let mut v: Vec<(u16, Vec<u8>)> =
                        [a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, a.8, a.9]
                            .into_iter()
                            .chain([b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7, b.8, b.9])
                            .flatten()
                            .collect();
                    v.extend(unknown);
                    v.extend(again);
                    v
                })
                .prop_shuffle()
        }

        fn message(family: u8, head: [u8; 6], attrs: &[(u16, Vec<u8>)]) -> Vec<u8> {
            let hdr = RtMsg {
                rtm_family: family,
                rtm_dst_len: head[0],
                rtm_src_len: head[1],
                rtm_tos: head[2],
                rtm_table: head[3],
                rtm_protocol: head[4],
                rtm_type: head[5],
                ..RtMsg::default()
            };
            let mut buf = Vec::new();
            let mut b = RouteMsg::builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY, &hdr).unwrap();
            for (k, payload) in attrs {
                b.put(*k, payload);
            }
            b.finish().unwrap();
            buf
        }

        /// The reading `from_msg` replaced: the view's table, one accessor a field.
        fn through_accessors(m: &RouteMsg<'_>) -> Result<Route> {
            let a = m.attr_table()?;
            let dst = if m.family() == AddressFamily::MPLS {
                None
            } else {
                a.dst(m.header())?.map(|d| Prefix::new(d, m.dst_len()))
            };
            let multipath = match a.multipath()? {
                Some(hops) => hops
                    .map(|h| h.map_err(Error::from).and_then(|h| NextHop::from_view(&h)))
                    .collect::<Result<Vec<_>>>()?,
                None => Vec::new(),
            };
            let metrics = match a.metrics()? {
                Some(t) => Some(RouteMetrics::decode(t.typed())?)
                    .filter(|m| !m.is_empty())
                    .map(Box::new),
                None => None,
            };
            let multicast = is_multicast(m.family());
            let expires = match a.expires()?.filter(|_| !multicast) {
                Some(e) => Some(u32::try_from(e).unwrap_or(u32::MAX)),
                None => a
                    .cache_info()?
                    .map(|c| c.get().rta_expires.get())
                    .filter(|e| *e != 0)
                    .map(|e| u32::try_from(e / USER_HZ).unwrap_or(0)),
            };
            Ok(Route {
                family: m.family(),
                dst,
                src: a.src()?.map(|s| Prefix::new(s, m.src_len())),
                tos: m.tos(),
                gateway: a.gateway()?,
                via: a.via()?.and_then(|v| v.ip()),
                prefsrc: a.prefsrc()?,
                oif: a.oif()?,
                iif: a.iif()?,
                table: a.table(m.header())?,
                protocol: m.protocol(),
                scope: m.scope(),
                route_type: m.route_type(),
                metric: a.priority()?,
                flags: m.flags(),
                metrics,
                multipath,
                pref: a.pref()?,
                nh_id: a.nh_id()?,
                expires,
                lastuse: a.expires()?.filter(|_| multicast),
                encap: Encap::decode(a.encap_type()?, a.mpls_encap()?)?,
                mark: a.mark()?,
                uid: a.uid()?,
                realms: a.flow()?,
                cache: a.cache_info()?.map(|c| RouteCache::from(&c.get())),
            })
        }

        fn family() -> impl Strategy<Value = u8> {
            prop_oneof![Just(2u8), Just(10u8), Just(28u8), Just(128u8)]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn one_walk_reads_what_the_accessors_read(
                family in family(), head in any::<[u8; 6]>(), attrs in attrs(),
                flags in proptest::collection::vec(
                    prop_oneof![4 => Just(0u16), 1 => Just(0x8000u16), 1 => Just(0x4000u16)],
                    32,
                ),
            ) {
                // Flag bits on some attributes: the accessors read by number alone.
                let attrs: Vec<(u16, Vec<u8>)> = attrs
                    .into_iter()
                    .zip(flags.into_iter().cycle())
                    .map(|((k, p), f)| (k | f, p))
                    .collect();
                let buf = message(family, head, &attrs);
                let m = RouteMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
                let walked = Route::from_msg(&m).unwrap();
                prop_assert_eq!(walked, through_accessors(&m).unwrap());
            }

            /// Decoding in place into a route that held another (every field set, paths,
            /// metrics and encapsulation among them) leaves nothing of it: the result is the
            /// new message's `from_msg`, and so is its error.
            #[test]
            fn decoding_in_place_leaves_nothing_of_the_last_route(
                families in (family(), family()), heads in any::<([u8; 6], [u8; 6])>(),
                first in attrs(), second in attrs(), break_second in any::<bool>(),
            ) {
                let first = message(families.0, heads.0, &first);
                let mut second_attrs = second;
                if break_second {
                    second_attrs.push((Rta::OIF.0, vec![0; 3]));
                }
                let second = message(families.1, heads.1, &second_attrs);
                let parse = |b| RouteMsg::parse(netlink_wire::Msg::parse(b).unwrap()).unwrap();
                let (first, second) = (parse(&first), parse(&second));
                let mut route = Route::from_msg(&first).unwrap();
                let fresh = Route::from_msg(&second);
                match (route.set_from_msg(&second), fresh) {
                    (Ok(()), Ok(fresh)) => prop_assert_eq!(route, fresh),
                    (Err(e), Err(fresh)) => prop_assert_eq!(e.to_string(), fresh.to_string()),
                    (got, fresh) => prop_assert!(false, "in place {got:?}, fresh {fresh:?}"),
                }
                let mut from_default = Route::default();
                from_default.set_from_msg(&first).unwrap();
                prop_assert_eq!(from_default, Route::from_msg(&first).unwrap());
            }

            /// A field's attribute of the wrong size, or an attribute cut short at the end of
            /// the message, is an error wherever it stands: never a field left empty.
            #[test]
            fn a_broken_attribute_anywhere_is_an_error(
                family in family(), head in any::<[u8; 6]>(), attrs in attrs(),
                at in any::<prop::sample::Index>(), cut in any::<bool>(),
                kind in prop_oneof![Just(Rta::OIF), Just(Rta::TABLE), Just(Rta::GATEWAY),
                    Just(Rta::PREF), Just(Rta::PRIORITY)],
            ) {
                let mut attrs = attrs;
                attrs.retain(|(k, _)| *k != kind.0);
                let bad = if kind == Rta::PREF { vec![0; 2] } else { vec![0; 3] };
                attrs.insert(at.index(attrs.len() + 1), (kind.0, bad));
                let mut buf = message(family, head, &attrs);
                if cut {
                    // The last attribute claims 4 bytes more than the message holds.
                    let last = attrs.last().map_or(0, |(_, p)| 4 + p.len());
                    let at = buf.len() - last.next_multiple_of(4);
                    let claimed = u16::from_le_bytes([buf[at], buf[at + 1]]) + 4;
                    buf[at..at + 2].copy_from_slice(&claimed.to_le_bytes());
                }
                let m = RouteMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
                prop_assert!(Route::from_msg(&m).is_err());
                prop_assert!(through_accessors(&m).is_err());
            }

            /// An attribute no field holds is still decoded by its type: one of the wrong
            /// size is an error too (the walk's last arm), as `Route::from_msg`'s errors say.
            #[test]
            fn a_broken_attribute_no_field_holds_is_an_error(
                family in family(), head in any::<[u8; 6]>(), attrs in attrs(),
                at in any::<prop::sample::Index>(),
                kind in prop_oneof![Just(Rta::MP_ALGO), Just(Rta::TTL_PROPAGATE)],
            ) {
                let mut attrs = attrs;
                attrs.retain(|(k, _)| *k != kind.0);
                attrs.insert(at.index(attrs.len() + 1), (kind.0, vec![0; 3]));
                let buf = message(family, head, &attrs);
                let m = RouteMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
                prop_assert!(Route::from_msg(&m).is_err());
            }
        }
    }
}
