//! Routes: `struct rtmsg`, the `RTA_*` attributes, the `RTAX_*` metrics of `RTA_METRICS`, the
//! `struct rtnexthop` list of `RTA_MULTIPATH`, `struct rta_cacheinfo`, `struct rtvia` and the
//! MPLS label stacks of `RTA_NEWDST` and `RTA_ENCAP`; messages `RTM_NEWROUTE`, `RTM_DELROUTE`,
//! `RTM_GETROUTE`.
//!
//! Source of truth: `include/uapi/linux/rtnetlink.h`, `lwtunnel.h`, `mpls_iptunnel.h`,
//! `mpls.h` and `icmpv6.h` (`ICMPV6_ROUTER_PREF_*`).

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::align;
use crate::attr::{Attr, AttrWrite, Attrs, NLA_F_NESTED, NLA_HDRLEN, Nest, Typed};
use crate::check::Summary;
use crate::error::{Error, Result};
use crate::header::{Flags, MessageType};
use crate::message::{MessageBuilder, Msg};
use crate::rtnl::{AddressFamily, Protocol, RouteType, Scope, Table};

/// `struct rtmsg`: the family header of route messages.
#[doc(alias = "rtmsg")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtMsg {
    /// `rtm_family`: `AF_INET`, `AF_INET6`, `AF_MPLS`...
    pub rtm_family: u8,
    /// `rtm_dst_len`: the destination prefix length.
    pub rtm_dst_len: u8,
    /// `rtm_src_len`: the source prefix length.
    pub rtm_src_len: u8,
    /// `rtm_tos`: the TOS (IPv4) or traffic class (IPv6) to match.
    pub rtm_tos: u8,
    /// `rtm_table`: the routing table id when it fits 8 bits (`RTA_TABLE` carries all 32).
    pub rtm_table: u8,
    /// `rtm_protocol`: who installed the route (`RTPROT_*`).
    pub rtm_protocol: u8,
    /// `rtm_scope`: an `RT_SCOPE_*` value.
    pub rtm_scope: u8,
    /// `rtm_type`: an `RTN_*` value.
    pub rtm_type: u8,
    /// `rtm_flags`: `RTM_F_*` flags, and the `RTNH_F_*` flags of a single-path route.
    pub rtm_flags: U32,
}

const _: () = assert!(size_of::<RtMsg>() == 12);

impl RtMsg {
    /// A header for `family` and destination prefix length `dst_len`, everything else zero
    /// (table unspecified, `RTPROT_UNSPEC`, scope universe, `RTN_UNSPEC`): what a dump request
    /// or a route lookup sends.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, dst_len: u8) -> Self {
        RtMsg {
            rtm_family: family.0,
            rtm_dst_len: dst_len,
            ..RtMsg::default()
        }
    }

    /// The header `ip route add` sends by default: table `main`, `RTPROT_BOOT`, scope universe,
    /// `RTN_UNICAST`.
    #[must_use]
    #[inline]
    pub fn unicast(family: AddressFamily, dst_len: u8) -> Self {
        RtMsg {
            rtm_family: family.0,
            rtm_dst_len: dst_len,
            rtm_table: 254,
            rtm_protocol: Protocol::BOOT.0,
            rtm_scope: Scope::UNIVERSE.0,
            rtm_type: RouteType::UNICAST.0,
            ..RtMsg::default()
        }
    }
}

/// `struct rta_cacheinfo`: usage counters and expiry of a route (`RTA_CACHEINFO`).
#[doc(alias = "rta_cacheinfo")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtaCacheInfo {
    /// `rta_clntref`: references held.
    pub rta_clntref: U32,
    /// `rta_lastuse`: jiffies since the last use.
    pub rta_lastuse: U32,
    /// `rta_expires`: clock ticks until the route expires, 0 for never.
    pub rta_expires: I32,
    /// `rta_error`: the error of a cached route.
    pub rta_error: U32,
    /// `rta_used`: times used.
    pub rta_used: U32,
    /// `rta_id`: the IP id (unused).
    pub rta_id: U32,
    /// `rta_ts`: the peer's TCP timestamp (unused).
    pub rta_ts: U32,
    /// `rta_tsage`: the age of `rta_ts` (unused).
    pub rta_tsage: U32,
}

const _: () = assert!(size_of::<RtaCacheInfo>() == 32);

/// `struct rta_mfc_stats`: counters of a multicast forwarding cache entry (`RTA_MFC_STATS`).
#[doc(alias = "rta_mfc_stats")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtaMfcStats {
    /// `mfcs_packets`: packets forwarded.
    pub mfcs_packets: U64,
    /// `mfcs_bytes`: bytes forwarded.
    pub mfcs_bytes: U64,
    /// `mfcs_wrong_if`: packets that arrived on the wrong interface.
    pub mfcs_wrong_if: U64,
}

const _: () = assert!(size_of::<RtaMfcStats>() == 24);

/// `struct rtnexthop`: the fixed header of one path in `RTA_MULTIPATH`, followed by that
/// path's own `RTA_*` attributes (`RTA_GATEWAY`, `RTA_VIA`, `RTA_ENCAP`, ...).
#[doc(alias = "rtnexthop")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtNextHopHeader {
    /// `rtnh_len`: the length of this header and the attributes after it.
    pub rtnh_len: U16,
    /// `rtnh_flags`: `RTNH_F_*` flags.
    pub rtnh_flags: u8,
    /// `rtnh_hops`: the weight minus one.
    pub rtnh_hops: u8,
    /// `rtnh_ifindex`: the output interface, 0 for none.
    pub rtnh_ifindex: I32,
}

const _: () = assert!(size_of::<RtNextHopHeader>() == 8);

attributes! {
    /// `RTA_*`: route attribute numbers.
    numbers Rta;
    /// A typed route attribute.
    enum RouteAttr<'a>;
    /// The destination prefix (an MPLS label for `AF_MPLS`).
    DST = 1, "RTA_DST", Dst(ip);
    /// The source prefix (policy routing by source, IPv6 subtrees).
    SRC = 2, "RTA_SRC", Src(ip);
    /// The input interface (route lookups, multicast routes).
    IIF = 3, "RTA_IIF", Iif(u32);
    /// The output interface.
    OIF = 4, "RTA_OIF", Oif(u32);
    /// The gateway of the same family as the route.
    GATEWAY = 5, "RTA_GATEWAY", Gateway(ip);
    /// The priority, which `ip` calls `metric`.
    PRIORITY = 6, "RTA_PRIORITY", Priority(u32);
    /// The preferred source address.
    PREFSRC = 7, "RTA_PREFSRC", PrefSrc(ip);
    /// The `RTAX_*` metrics, nested (see [`MetricAttr`]); the kernel does not set
    /// `NLA_F_NESTED`.
    METRICS = 8, "RTA_METRICS", Metrics(nested);
    /// The paths of a multipath route: a list of `struct rtnexthop`, each followed by its own
    /// attributes; read it with [`NextHops`].
    MULTIPATH = 9, "RTA_MULTIPATH", Multipath(bytes);
    /// No longer used.
    PROTOINFO = 10, "RTA_PROTOINFO", ProtoInfo(bytes);
    /// The realms (classid) of the route.
    FLOW = 11, "RTA_FLOW", Flow(u32);
    /// Usage counters and expiry.
    CACHEINFO = 12, "RTA_CACHEINFO", CacheInfo([RtaCacheInfo]);
    /// No longer used.
    SESSION = 13, "RTA_SESSION", Session(bytes);
    /// No longer used.
    MP_ALGO = 14, "RTA_MP_ALGO", MpAlgo(u32);
    /// The table id, all 32 bits.
    TABLE = 15, "RTA_TABLE", Table(u32);
    /// The firewall mark (route lookups).
    MARK = 16, "RTA_MARK", Mark(u32);
    /// Counters of a multicast route.
    MFC_STATS = 17, "RTA_MFC_STATS", MfcStats([RtaMfcStats]);
    /// A gateway of another family (`struct rtvia`); read it with [`Via::parse`].
    VIA = 18, "RTA_VIA", Via(bytes);
    /// The MPLS labels to swap in (`AF_MPLS` routes); read it with [`MplsLabels::parse`].
    NEWDST = 19, "RTA_NEWDST", NewDst(bytes);
    /// The IPv6 router preference (`ICMPV6_ROUTER_PREF_*`, see [`RoutePref`]).
    PREF = 20, "RTA_PREF", Pref(u8);
    /// The lightweight tunnel type of `RTA_ENCAP` (`LWTUNNEL_ENCAP_*`, see [`EncapType`]).
    ENCAP_TYPE = 21, "RTA_ENCAP_TYPE", EncapType(u16);
    /// The lightweight tunnel encapsulation, nested; its attributes depend on `RTA_ENCAP_TYPE`.
    ENCAP = 22, "RTA_ENCAP", Encap(nested);
    /// The time until the route expires, in seconds (IPv6, when adding).
    EXPIRES = 23, "RTA_EXPIRES", Expires(u32);
    /// Padding for 64-bit alignment.
    PAD = 24, "RTA_PAD", Pad(bytes);
    /// The user id (route lookups).
    UID = 25, "RTA_UID", Uid(u32);
    /// Whether MPLS TTL propagation is on for this route.
    TTL_PROPAGATE = 26, "RTA_TTL_PROPAGATE", TtlPropagate(u8);
    /// The IP protocol (route lookups).
    IP_PROTO = 27, "RTA_IP_PROTO", IpProto(u8);
    /// The source port (route lookups), network order on the wire.
    SPORT = 28, "RTA_SPORT", Sport(be16);
    /// The destination port (route lookups), network order on the wire.
    DPORT = 29, "RTA_DPORT", Dport(be16);
    /// The id of the nexthop object the route uses.
    NH_ID = 30, "RTA_NH_ID", NhId(u32);
    /// The IPv6 flow label (route lookups), network order on the wire.
    FLOWLABEL = 31, "RTA_FLOWLABEL", FlowLabel(be32);
}

attributes! {
    /// `RTAX_*`: the metric numbers inside `RTA_METRICS`.
    numbers Rtax;
    /// A typed route metric.
    enum MetricAttr<'a>;
    /// The bit mask (`1 << RTAX_*`) of metrics locked against change by path MTU discovery.
    LOCK = 1, "RTAX_LOCK", Lock(u32);
    /// The path MTU.
    MTU = 2, "RTAX_MTU", Mtu(u32);
    /// The TCP window clamp.
    WINDOW = 3, "RTAX_WINDOW", Window(u32);
    /// The initial TCP round-trip time.
    RTT = 4, "RTAX_RTT", Rtt(u32);
    /// The initial TCP round-trip time variance.
    RTTVAR = 5, "RTAX_RTTVAR", RttVar(u32);
    /// The initial TCP slow start threshold.
    SSTHRESH = 6, "RTAX_SSTHRESH", Ssthresh(u32);
    /// The TCP congestion window clamp.
    CWND = 7, "RTAX_CWND", Cwnd(u32);
    /// The advertised TCP maximum segment size.
    ADVMSS = 8, "RTAX_ADVMSS", AdvMss(u32);
    /// The TCP reordering threshold.
    REORDERING = 9, "RTAX_REORDERING", Reordering(u32);
    /// The hop limit (TTL).
    HOPLIMIT = 10, "RTAX_HOPLIMIT", HopLimit(u32);
    /// The initial TCP congestion window.
    INITCWND = 11, "RTAX_INITCWND", InitCwnd(u32);
    /// `RTAX_FEATURE_*` bits (ECN...).
    FEATURES = 12, "RTAX_FEATURES", Features(u32);
    /// The minimum TCP retransmission timeout.
    RTO_MIN = 13, "RTAX_RTO_MIN", RtoMin(u32);
    /// The initial TCP receive window.
    INITRWND = 14, "RTAX_INITRWND", InitRwnd(u32);
    /// Whether TCP quick ack is on.
    QUICKACK = 15, "RTAX_QUICKACK", QuickAck(u32);
    /// The TCP congestion control algorithm, by name.
    CC_ALGO = 16, "RTAX_CC_ALGO", CcAlgo(str);
    /// Whether TCP fast open works without a cookie.
    FASTOPEN_NO_COOKIE = 17, "RTAX_FASTOPEN_NO_COOKIE", FastopenNoCookie(u32);
}

attributes! {
    /// `MPLS_IPTUNNEL_*`: the attributes of an `LWTUNNEL_ENCAP_MPLS` `RTA_ENCAP`.
    numbers MplsIptunnel;
    /// A typed MPLS encapsulation attribute.
    enum MplsIptunnelAttr<'a>;
    /// The label stack to push (big-endian `struct mpls_label` entries); read it with
    /// [`MplsLabels::parse`].
    DST = 1, "MPLS_IPTUNNEL_DST", Dst(bytes);
    /// The TTL of the pushed labels.
    TTL = 2, "MPLS_IPTUNNEL_TTL", Ttl(u8);
}

values! {
    /// `LWTUNNEL_ENCAP_*`: the lightweight tunnel type in `RTA_ENCAP_TYPE` and `NHA_ENCAP_TYPE`.
    EncapType(u16);
    NONE = 0, "LWTUNNEL_ENCAP_NONE", "none";
    /// MPLS label push (`mpls_iptunnel.h`).
    MPLS = 1, "LWTUNNEL_ENCAP_MPLS", "mpls";
    /// IPv4 tunnel metadata.
    IP = 2, "LWTUNNEL_ENCAP_IP", "ip";
    /// Identifier-locator addressing.
    ILA = 3, "LWTUNNEL_ENCAP_ILA", "ila";
    /// IPv6 tunnel metadata.
    IP6 = 4, "LWTUNNEL_ENCAP_IP6", "ip6";
    /// Segment routing over IPv6.
    SEG6 = 5, "LWTUNNEL_ENCAP_SEG6", "seg6";
    /// BPF programs.
    BPF = 6, "LWTUNNEL_ENCAP_BPF", "bpf";
    /// Local segment routing behaviours.
    SEG6_LOCAL = 7, "LWTUNNEL_ENCAP_SEG6_LOCAL", "seg6local";
    /// RPL source routing.
    RPL = 8, "LWTUNNEL_ENCAP_RPL", "rpl";
    /// IPv6 in-situ OAM.
    IOAM6 = 9, "LWTUNNEL_ENCAP_IOAM6", "ioam6";
    /// XFRM interface ids.
    XFRM = 10, "LWTUNNEL_ENCAP_XFRM", "xfrm";
}

values! {
    /// `ICMPV6_ROUTER_PREF_*`: the IPv6 router preference in `RTA_PREF`.
    RoutePref(u8);
    MEDIUM = 0, "ICMPV6_ROUTER_PREF_MEDIUM", "medium";
    HIGH = 1, "ICMPV6_ROUTER_PREF_HIGH", "high";
    INVALID = 2, "ICMPV6_ROUTER_PREF_INVALID", "invalid";
    LOW = 3, "ICMPV6_ROUTER_PREF_LOW", "low";
}

flags! {
    /// `rtm_flags`: the `RTM_F_*` flags, and the `RTNH_F_*` flags the kernel copies into the
    /// low byte for a single-path route.
    RtmFlags(u32);
    /// `RTNH_F_DEAD`: the (only) nexthop is dead.
    DEAD = 0x1, "RTNH_F_DEAD", "dead";
    /// `RTNH_F_PERVASIVE`: recursive gateway lookup.
    PERVASIVE = 0x2, "RTNH_F_PERVASIVE", "pervasive";
    /// `RTNH_F_ONLINK`: the gateway is on the link even without a matching prefix.
    ONLINK = 0x4, "RTNH_F_ONLINK", "onlink";
    /// `RTNH_F_OFFLOAD`: the nexthop is offloaded.
    NH_OFFLOAD = 0x8, "RTNH_F_OFFLOAD", "offload";
    /// `RTNH_F_LINKDOWN`: the nexthop's carrier is down.
    LINKDOWN = 0x10, "RTNH_F_LINKDOWN", "linkdown";
    /// `RTNH_F_UNRESOLVED`: an unresolved multicast entry.
    UNRESOLVED = 0x20, "RTNH_F_UNRESOLVED", "unresolved";
    /// `RTNH_F_TRAP`: the nexthop traps packets.
    NH_TRAP = 0x40, "RTNH_F_TRAP", "trap";
    /// Notify the user of route changes (lookups).
    NOTIFY = 0x100, "RTM_F_NOTIFY", "notify";
    /// A cloned (cached) route.
    CLONED = 0x200, "RTM_F_CLONED", "cloned";
    /// Multipath equalizer (not implemented).
    EQUALIZE = 0x400, "RTM_F_EQUALIZE", "equalize";
    /// Prefix addresses.
    PREFIX = 0x800, "RTM_F_PREFIX", "prefix";
    /// Set `rtm_table` to the table the lookup matched.
    LOOKUP_TABLE = 0x1000, "RTM_F_LOOKUP_TABLE", "lookup-table";
    /// Return the matching route itself, not the result of the lookup.
    FIB_MATCH = 0x2000, "RTM_F_FIB_MATCH", "fibmatch";
    /// The route is offloaded.
    OFFLOAD = 0x4000, "RTM_F_OFFLOAD", "rt_offload";
    /// The route traps packets.
    TRAP = 0x8000, "RTM_F_TRAP", "rt_trap";
    /// Offloading the route failed.
    OFFLOAD_FAILED = 0x2000_0000, "RTM_F_OFFLOAD_FAILED", "rt_offload_failed";
}

flags! {
    /// `RTNH_F_*`: the flags of one path (`rtnh_flags`) or nexthop object (`nh_flags`).
    RtnhFlags(u8);
    /// The nexthop is dead.
    DEAD = 0x1, "RTNH_F_DEAD", "dead";
    /// Recursive gateway lookup.
    PERVASIVE = 0x2, "RTNH_F_PERVASIVE", "pervasive";
    /// The gateway is on the link even without a matching prefix.
    ONLINK = 0x4, "RTNH_F_ONLINK", "onlink";
    /// The nexthop is offloaded.
    OFFLOAD = 0x8, "RTNH_F_OFFLOAD", "offload";
    /// The nexthop's carrier is down.
    LINKDOWN = 0x10, "RTNH_F_LINKDOWN", "linkdown";
    /// An unresolved multicast entry.
    UNRESOLVED = 0x20, "RTNH_F_UNRESOLVED", "unresolved";
    /// The nexthop traps packets.
    TRAP = 0x40, "RTNH_F_TRAP", "trap";
}

/// A gateway given with its own family (`struct rtvia` in `RTA_VIA`): an IPv6 gateway of an
/// IPv4 route, or the next hop of an MPLS route.
#[doc(alias = "rtvia")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via<'a> {
    family: u16,
    address: &'a [u8],
}

impl<'a> Via<'a> {
    /// Reads `struct rtvia` from an `RTA_VIA` attribute.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than the 2-byte `rtvia_family`.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let (family, address) = attr
            .payload()
            .split_first_chunk::<2>()
            .ok_or(Error::AttrSize {
                kind: attr.kind(),
                offset: attr.offset(),
                expected: 2,
                found: attr.payload().len(),
            })?;
        Ok(Via {
            family: u16::from_ne_bytes(*family),
            address,
        })
    }

    /// `rtvia_family` as sent (a `__kernel_sa_family_t`, 16 bits).
    #[must_use]
    #[inline]
    pub fn raw_family(&self) -> u16 {
        self.family
    }

    /// `rtvia_family` as an address family; `AF_UNSPEC` when it does not fit 8 bits.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(u8::try_from(self.family).unwrap_or(0))
    }

    /// `rtvia_addr`: the address bytes.
    #[must_use]
    #[inline]
    pub fn address(&self) -> &'a [u8] {
        self.address
    }

    /// The address as an IP address, when the family is `AF_INET` with 4 bytes or `AF_INET6`
    /// with 16.
    #[must_use]
    #[inline]
    pub fn ip(&self) -> Option<IpAddr> {
        match self.family() {
            AddressFamily::INET => <[u8; 4]>::try_from(self.address)
                .ok()
                .map(|a| IpAddr::V4(Ipv4Addr::from(a))),
            AddressFamily::INET6 => <[u8; 16]>::try_from(self.address)
                .ok()
                .map(|a| IpAddr::V6(Ipv6Addr::from(a))),
            _ => None,
        }
    }
}

/// Appends an `RTA_VIA` (`struct rtvia`) for `gateway`, as `ip route add ... via inet6 ADDR`
/// sends it.
#[inline]
pub fn put_via<W: AttrWrite>(w: &mut W, gateway: IpAddr) -> &mut W {
    let mut payload = [0u8; 18];
    let used = match gateway {
        IpAddr::V4(a) => {
            write_via(&mut payload, AddressFamily::INET, &a.octets());
            6
        }
        IpAddr::V6(a) => {
            write_via(&mut payload, AddressFamily::INET6, &a.octets());
            18
        }
    };
    w.put(Rta::VIA, payload.get(..used).unwrap_or_default())
}

#[inline]
fn write_via(out: &mut [u8; 18], family: AddressFamily, address: &[u8]) {
    let (head, rest) = out.split_at_mut(2);
    head.copy_from_slice(&u16::from(family.0).to_ne_bytes());
    if let Some(dst) = rest.get_mut(..address.len()) {
        dst.copy_from_slice(address);
    }
}

/// One MPLS label stack entry (`struct mpls_label`): label, traffic class, bottom-of-stack bit
/// and TTL, packed big-endian as `label << 12 | tc << 9 | bos << 8 | ttl`.
#[doc(alias = "mpls_label")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MplsLabel {
    /// The 20-bit label (`MPLS_LS_LABEL_MASK`).
    pub label: u32,
    /// The 3-bit traffic class (`MPLS_LS_TC_MASK`).
    pub tc: u8,
    /// The bottom-of-stack bit (`MPLS_LS_S_MASK`).
    pub bos: bool,
    /// The TTL (`MPLS_LS_TTL_MASK`).
    pub ttl: u8,
}

impl MplsLabel {
    /// The largest label that fits 20 bits.
    pub const MAX_LABEL: u32 = 0xf_ffff;

    /// A label with traffic class 0, no bottom-of-stack bit and TTL 0.
    #[must_use]
    #[inline]
    pub fn new(label: u32) -> Self {
        MplsLabel {
            label,
            ..MplsLabel::default()
        }
    }

    /// Unpacks a host-order entry.
    #[must_use]
    #[inline]
    pub fn from_entry(entry: u32) -> Self {
        MplsLabel {
            label: entry.wrapping_shr(12),
            tc: u8::try_from(entry.wrapping_shr(9) & 0x7).unwrap_or(0),
            bos: entry & 0x100 != 0,
            ttl: u8::try_from(entry & 0xff).unwrap_or(0),
        }
    }

    /// Packs the entry in host order; bits beyond each field's width are dropped.
    #[must_use]
    #[inline]
    pub fn entry(&self) -> u32 {
        (self.label & Self::MAX_LABEL).wrapping_shl(12)
            | (u32::from(self.tc) & 0x7).wrapping_shl(9)
            | if self.bos { 0x100 } else { 0 }
            | u32::from(self.ttl)
    }

    /// A stack of `labels` as `ip` builds it from `100/200`: traffic class and TTL 0, the
    /// bottom-of-stack bit on the last one.
    #[must_use]
    #[inline]
    pub fn stack(labels: &[u32]) -> Vec<MplsLabel> {
        let last = labels.len().saturating_sub(1);
        labels
            .iter()
            .enumerate()
            .map(|(i, &label)| MplsLabel {
                label,
                bos: i == last,
                ..MplsLabel::default()
            })
            .collect()
    }
}

/// A zero-copy iterator over an MPLS label stack (`RTA_NEWDST`, `MPLS_IPTUNNEL_DST`, `RTA_DST`
/// of `AF_MPLS`): big-endian 32-bit entries.
#[derive(Debug, Clone)]
pub struct MplsLabels<'a> {
    entries: core::slice::ChunksExact<'a, u8>,
}

impl<'a> MplsLabels<'a> {
    /// Reads the label stack in `attr`.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is not a whole number of 4-byte entries.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let p = attr.payload();
        if !p.len().is_multiple_of(4) {
            return Err(Error::AttrSize {
                kind: attr.kind(),
                offset: attr.offset(),
                expected: p.len().checked_next_multiple_of(4).unwrap_or(usize::MAX),
                found: p.len(),
            });
        }
        Ok(MplsLabels {
            entries: p.chunks_exact(4),
        })
    }
}

impl Iterator for MplsLabels<'_> {
    type Item = MplsLabel;

    #[inline]
    fn next(&mut self) -> Option<MplsLabel> {
        let chunk = self.entries.next()?;
        let entry = <[u8; 4]>::try_from(chunk).ok()?;
        Some(MplsLabel::from_entry(u32::from_be_bytes(entry)))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for MplsLabels<'_> {}

/// Appends attribute `kind` holding the label stack `labels` (big-endian entries), such as
/// [`MplsIptunnel::DST`] or [`Rta::NEWDST`].
#[inline]
pub fn put_mpls_labels<'w, W: AttrWrite>(
    w: &'w mut W,
    kind: impl Into<u16>,
    labels: &[MplsLabel],
) -> &'w mut W {
    let bytes: Vec<u8> = labels
        .iter()
        .flat_map(|l| l.entry().to_be_bytes())
        .collect();
    w.put(kind, &bytes)
}

/// Appends an MPLS encapsulation the way `ip route add ... encap mpls 100/200` does: the
/// `RTA_ENCAP` nest (with `NLA_F_NESTED`) holding `MPLS_IPTUNNEL_DST` (and
/// `MPLS_IPTUNNEL_TTL` when given), then `RTA_ENCAP_TYPE` `LWTUNNEL_ENCAP_MPLS`.
#[inline]
pub fn put_mpls_encap<'w, W: AttrWrite>(
    w: &'w mut W,
    labels: &[MplsLabel],
    ttl: Option<u8>,
) -> &'w mut W {
    {
        let mut nest = w.nest(Rta::ENCAP.0 | NLA_F_NESTED);
        put_mpls_labels(&mut nest, MplsIptunnel::DST, labels);
        if let Some(t) = ttl {
            nest.put_u8(MplsIptunnel::TTL, t);
        }
    }
    w.put_u16(Rta::ENCAP_TYPE, EncapType::MPLS.0)
}

/// An MPLS encapsulation (`RTA_ENCAP` of type `LWTUNNEL_ENCAP_MPLS`).
#[derive(Debug, Clone)]
pub struct MplsEncap<'a> {
    /// `MPLS_IPTUNNEL_DST`: the labels pushed, outermost first; empty when absent.
    pub labels: MplsLabels<'a>,
    /// `MPLS_IPTUNNEL_TTL`.
    pub ttl: Option<u8>,
}

impl<'a> MplsEncap<'a> {
    /// Reads the attributes of an MPLS `RTA_ENCAP` (or `NHA_ENCAP`) nest.
    ///
    /// # Errors
    /// When `MPLS_IPTUNNEL_DST` is not a whole number of entries or `MPLS_IPTUNNEL_TTL` is not
    /// 1 byte.
    #[inline]
    pub fn parse(encap: Attrs<'a>) -> Result<Self> {
        let labels = match encap.get(MplsIptunnel::DST) {
            Some(a) => MplsLabels::parse(a)?,
            None => MplsLabels {
                entries: [].chunks_exact(4),
            },
        };
        let ttl = encap
            .get(MplsIptunnel::TTL)
            .map(|a| a.as_u8())
            .transpose()?;
        Ok(MplsEncap { labels, ttl })
    }
}

/// A view of one path of a multipath route: a `struct rtnexthop` and its attributes.
#[derive(Debug, Clone, Copy)]
pub struct RtNextHop<'a> {
    header: &'a RtNextHopHeader,
    attrs: Attrs<'a>,
    offset: usize,
}

impl<'a> RtNextHop<'a> {
    /// The `struct rtnexthop`.
    #[must_use]
    #[inline]
    pub fn header(&self) -> &'a RtNextHopHeader {
        self.header
    }

    /// Where the `struct rtnexthop` starts, counted like the attribute offsets.
    #[must_use]
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// `rtnh_flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> RtnhFlags {
        RtnhFlags(self.header.rtnh_flags)
    }

    /// `rtnh_hops`: the weight minus one.
    #[must_use]
    #[inline]
    pub fn hops(&self) -> u8 {
        self.header.rtnh_hops
    }

    /// The weight, 1 to 256 (`rtnh_hops + 1`), as `ip` prints it.
    #[must_use]
    #[inline]
    pub fn weight(&self) -> u16 {
        u16::from(self.header.rtnh_hops).saturating_add(1)
    }

    /// `rtnh_ifindex`: the output interface, 0 for none.
    #[must_use]
    #[inline]
    pub fn ifindex(&self) -> u32 {
        u32::try_from(self.header.rtnh_ifindex.get()).unwrap_or(0)
    }

    /// The path's attributes (`RTA_GATEWAY`, `RTA_VIA`, `RTA_ENCAP_TYPE`, `RTA_ENCAP`,
    /// `RTA_FLOW`, `RTA_NEWDST`).
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The path's attributes decoded as [`RouteAttr`].
    #[must_use]
    #[inline]
    pub fn typed_attrs(&self) -> Typed<'a, RouteAttr<'a>> {
        self.attrs.typed()
    }

    /// `RTA_GATEWAY`.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn gateway(&self) -> Result<Option<IpAddr>> {
        self.attrs.get(Rta::GATEWAY).map(|a| a.as_ip()).transpose()
    }

    /// `RTA_VIA`.
    ///
    /// # Errors
    /// When the attribute is shorter than 2 bytes.
    #[inline]
    pub fn via(&self) -> Result<Option<Via<'a>>> {
        self.attrs.get(Rta::VIA).map(Via::parse).transpose()
    }

    /// `RTA_FLOW`: the realms.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn flow(&self) -> Result<Option<u32>> {
        self.attrs.get(Rta::FLOW).map(|a| a.as_u32()).transpose()
    }

    /// `RTA_ENCAP_TYPE`.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn encap_type(&self) -> Result<Option<EncapType>> {
        encap_type(self.attrs)
    }

    /// `RTA_ENCAP`, raw; its attributes depend on [`RtNextHop::encap_type`].
    #[must_use]
    #[inline]
    pub fn encap(&self) -> Option<Attrs<'a>> {
        self.attrs.get(Rta::ENCAP).map(|a| a.nested())
    }

    /// `RTA_ENCAP` when `RTA_ENCAP_TYPE` is `LWTUNNEL_ENCAP_MPLS`.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn mpls_encap(&self) -> Result<Option<MplsEncap<'a>>> {
        mpls_encap(self.attrs)
    }

    /// `RTA_NEWDST`: labels to swap in (MPLS routes).
    ///
    /// # Errors
    /// When the attribute is not a whole number of 4-byte entries.
    #[inline]
    pub fn new_dst(&self) -> Result<Option<MplsLabels<'a>>> {
        self.attrs
            .get(Rta::NEWDST)
            .map(MplsLabels::parse)
            .transpose()
    }
}

#[inline]
fn encap_type(attrs: Attrs<'_>) -> Result<Option<EncapType>> {
    attrs
        .get(Rta::ENCAP_TYPE)
        .map(|a| a.as_u16().map(EncapType))
        .transpose()
}

#[inline]
fn mpls_encap(attrs: Attrs<'_>) -> Result<Option<MplsEncap<'_>>> {
    if encap_type(attrs)? != Some(EncapType::MPLS) {
        return Ok(None);
    }
    attrs
        .get(Rta::ENCAP)
        .map(|a| MplsEncap::parse(a.nested()))
        .transpose()
}

/// A zero-copy iterator over the paths in `RTA_MULTIPATH`.
///
/// Entries start on 4-byte boundaries (`RTNH_ALIGN`). An `rtnh_len` shorter than the 8-byte
/// header or longer than what is left yields one `Err` with the offset, and iteration ends.
#[derive(Debug, Clone, Copy)]
pub struct NextHops<'a> {
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    failed: bool,
}

impl<'a> NextHops<'a> {
    /// Iterates over the `struct rtnexthop` entries in `bytes` (an `RTA_MULTIPATH` payload),
    /// reporting offsets as `base` plus the position in `bytes`.
    #[must_use]
    #[inline]
    pub fn new(bytes: &'a [u8], base: usize) -> Self {
        NextHops {
            bytes,
            pos: 0,
            base,
            failed: false,
        }
    }

    /// Iterates over the paths of an `RTA_MULTIPATH` attribute, offsets continuing the
    /// attribute's.
    #[must_use]
    #[inline]
    pub fn of(attr: Attr<'a>) -> Self {
        Self::new(attr.payload(), attr.offset().saturating_add(NLA_HDRLEN))
    }
}

impl<'a> Iterator for NextHops<'a> {
    type Item = Result<RtNextHop<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return None;
        }
        let offset = self.base.saturating_add(self.pos);
        let result = parse_next_hop(rest, offset);
        match &result {
            Ok((_, advance)) => self.pos = self.pos.saturating_add(*advance),
            Err(_) => self.failed = true,
        }
        Some(result.map(|(h, _)| h))
    }
}

impl core::iter::FusedIterator for NextHops<'_> {}

#[inline]
fn parse_next_hop(rest: &[u8], offset: usize) -> Result<(RtNextHop<'_>, usize)> {
    let (header, _) = RtNextHopHeader::ref_from_prefix(rest).map_err(|_| Error::Truncated {
        what: "rtnexthop",
        offset,
        needed: size_of::<RtNextHopHeader>(),
        available: rest.len(),
    })?;
    let len = usize::from(header.rtnh_len.get());
    let attrs = rest
        .get(size_of::<RtNextHopHeader>()..len)
        .ok_or(Error::BadLength {
            what: "rtnexthop",
            offset,
            length: len,
            available: rest.len(),
        })?;
    let advance = align::align(len).unwrap_or(len).min(rest.len());
    Ok((
        RtNextHop {
            header,
            attrs: Attrs::with_offset(attrs, offset.saturating_add(size_of::<RtNextHopHeader>())),
            offset,
        },
        advance,
    ))
}

/// Starts one path (`struct rtnexthop`) inside an `RTA_MULTIPATH` being written; add its
/// attributes (`RTA_GATEWAY`, [`put_via`], ...) to the returned guard, whose end patches
/// `rtnh_len`.
///
/// `hops` is the weight minus one. This works because `rtnh_len` and an attribute's `nla_len`
/// are both the first 16 bits: the flags and hops take the place of `nla_type`.
///
/// ```
/// use netlink_wire::{AttrBuilder, AttrWrite};
/// use netlink_wire::rtnl::route::{NextHops, Rta, RtnhFlags, put_next_hop};
///
/// let mut buf = Vec::new();
/// let mut b = AttrBuilder::new(&mut buf);
/// {
///     let mut mp = b.nest(Rta::MULTIPATH);
///     put_next_hop(&mut mp, RtnhFlags::EMPTY, 0, 3).put_ip(Rta::GATEWAY, [192, 0, 2, 253].into());
///     put_next_hop(&mut mp, RtnhFlags::ONLINK, 1, 3).put_ip(Rta::GATEWAY, [192, 0, 2, 252].into());
/// }
/// b.finish()?;
/// let attr = netlink_wire::Attrs::new(&buf).next().unwrap()?;
/// let weights: Vec<u16> = NextHops::of(attr).map(|h| h.map(|h| h.weight())).collect::<Result<_, _>>()?;
/// assert_eq!(weights, [1, 2]);
/// # Ok::<(), netlink_wire::Error>(())
/// ```
#[inline]
pub fn put_next_hop<W: AttrWrite>(w: &mut W, flags: RtnhFlags, hops: u8, ifindex: u32) -> Nest<'_> {
    let mut nest = w.nest(u16::from_ne_bytes([flags.bits(), hops]));
    nest.put_raw(&ifindex.to_ne_bytes());
    nest
}

family_view! {
    /// A view of a route message (`RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`).
    RouteMsg,
    RtMsg,
    "rtmsg",
    RouteAttr
}

impl<'a> RouteMsg<'a> {
    /// `rtm_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.rtm_family)
    }

    /// `rtm_dst_len`: the destination prefix length.
    #[must_use]
    #[inline]
    pub fn dst_len(&self) -> u8 {
        self.header.rtm_dst_len
    }

    /// `rtm_src_len`: the source prefix length.
    #[must_use]
    #[inline]
    pub fn src_len(&self) -> u8 {
        self.header.rtm_src_len
    }

    /// `rtm_tos`.
    #[must_use]
    #[inline]
    pub fn tos(&self) -> u8 {
        self.header.rtm_tos
    }

    /// The table: `RTA_TABLE` when present (all 32 bits), else `rtm_table`.
    #[must_use]
    #[inline]
    pub fn table(&self) -> Table {
        match self.attrs.get(Rta::TABLE).map(|a| a.as_u32()) {
            Some(Ok(t)) => Table(t),
            _ => Table(u32::from(self.header.rtm_table)),
        }
    }

    /// `rtm_protocol`.
    #[must_use]
    #[inline]
    pub fn protocol(&self) -> Protocol {
        Protocol(self.header.rtm_protocol)
    }

    /// `rtm_scope`.
    #[must_use]
    #[inline]
    pub fn scope(&self) -> Scope {
        Scope(self.header.rtm_scope)
    }

    /// `rtm_type`.
    #[must_use]
    #[inline]
    pub fn route_type(&self) -> RouteType {
        RouteType(self.header.rtm_type)
    }

    /// `rtm_flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> RtmFlags {
        RtmFlags(self.header.rtm_flags.get())
    }

    #[inline]
    fn ip(&self, kind: Rta) -> Result<Option<IpAddr>> {
        self.attrs.get(kind).map(|a| a.as_ip()).transpose()
    }

    #[inline]
    fn u32(&self, kind: Rta) -> Result<Option<u32>> {
        self.attrs.get(kind).map(|a| a.as_u32()).transpose()
    }

    #[inline]
    fn u8(&self, kind: Rta) -> Result<Option<u8>> {
        self.attrs.get(kind).map(|a| a.as_u8()).transpose()
    }

    /// `RTA_DST`: the destination prefix; absent for a default route.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn dst(&self) -> Result<Option<IpAddr>> {
        self.ip(Rta::DST)
    }

    /// `RTA_SRC`: the source prefix.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn src(&self) -> Result<Option<IpAddr>> {
        self.ip(Rta::SRC)
    }

    /// `RTA_GATEWAY`.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn gateway(&self) -> Result<Option<IpAddr>> {
        self.ip(Rta::GATEWAY)
    }

    /// `RTA_PREFSRC`: the preferred source address.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn prefsrc(&self) -> Result<Option<IpAddr>> {
        self.ip(Rta::PREFSRC)
    }

    /// `RTA_OIF`: the output interface.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn oif(&self) -> Result<Option<u32>> {
        self.u32(Rta::OIF)
    }

    /// `RTA_IIF`: the input interface.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn iif(&self) -> Result<Option<u32>> {
        self.u32(Rta::IIF)
    }

    /// `RTA_PRIORITY`: the priority, which `ip` prints as `metric`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn priority(&self) -> Result<Option<u32>> {
        self.u32(Rta::PRIORITY)
    }

    /// `RTA_FLOW`: the realms.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn flow(&self) -> Result<Option<u32>> {
        self.u32(Rta::FLOW)
    }

    /// `RTA_MARK`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn mark(&self) -> Result<Option<u32>> {
        self.u32(Rta::MARK)
    }

    /// `RTA_UID`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn uid(&self) -> Result<Option<u32>> {
        self.u32(Rta::UID)
    }

    /// `RTA_NH_ID`: the nexthop object the route uses.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn nh_id(&self) -> Result<Option<u32>> {
        self.u32(Rta::NH_ID)
    }

    /// `RTA_EXPIRES`: seconds until the route expires.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn expires(&self) -> Result<Option<u32>> {
        self.u32(Rta::EXPIRES)
    }

    /// `RTA_PREF`: the IPv6 router preference.
    ///
    /// # Errors
    /// When the attribute is not 1 byte.
    #[inline]
    pub fn pref(&self) -> Result<Option<RoutePref>> {
        self.u8(Rta::PREF).map(|p| p.map(RoutePref))
    }

    /// `RTA_TTL_PROPAGATE`.
    ///
    /// # Errors
    /// When the attribute is not 1 byte.
    #[inline]
    pub fn ttl_propagate(&self) -> Result<Option<u8>> {
        self.u8(Rta::TTL_PROPAGATE)
    }

    /// `RTA_IP_PROTO`.
    ///
    /// # Errors
    /// When the attribute is not 1 byte.
    #[inline]
    pub fn ip_proto(&self) -> Result<Option<u8>> {
        self.u8(Rta::IP_PROTO)
    }

    /// `RTA_SPORT`, in host order.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn sport(&self) -> Result<Option<u16>> {
        self.attrs.get(Rta::SPORT).map(|a| a.as_be16()).transpose()
    }

    /// `RTA_DPORT`, in host order.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn dport(&self) -> Result<Option<u16>> {
        self.attrs.get(Rta::DPORT).map(|a| a.as_be16()).transpose()
    }

    /// `RTA_FLOWLABEL`, in host order.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn flowlabel(&self) -> Result<Option<u32>> {
        self.attrs
            .get(Rta::FLOWLABEL)
            .map(|a| a.as_be32())
            .transpose()
    }

    /// `RTA_CACHEINFO`, zero-extended if the kernel sent fewer bytes.
    #[must_use]
    #[inline]
    pub fn cache_info(&self) -> Option<RtaCacheInfo> {
        self.attrs
            .get(Rta::CACHEINFO)
            .map(|a| a.read_zero_extended())
    }

    /// `RTA_MFC_STATS`, zero-extended if the kernel sent fewer bytes.
    #[must_use]
    #[inline]
    pub fn mfc_stats(&self) -> Option<RtaMfcStats> {
        self.attrs
            .get(Rta::MFC_STATS)
            .map(|a| a.read_zero_extended())
    }

    /// `RTA_METRICS` decoded as [`MetricAttr`].
    #[must_use]
    #[inline]
    pub fn metrics(&self) -> Option<Typed<'a, MetricAttr<'a>>> {
        self.attrs.get(Rta::METRICS).map(|a| a.nested().typed())
    }

    /// One `u32` metric from `RTA_METRICS` (not `RTAX_CC_ALGO`, a string).
    ///
    /// # Errors
    /// When the metric is not 4 bytes.
    #[inline]
    pub fn metric(&self, kind: Rtax) -> Result<Option<u32>> {
        self.attrs
            .get(Rta::METRICS)
            .and_then(|m| m.nested().get(kind))
            .map(|a| a.as_u32())
            .transpose()
    }

    /// The paths of `RTA_MULTIPATH`.
    #[must_use]
    #[inline]
    pub fn multipath(&self) -> Option<NextHops<'a>> {
        self.attrs.get(Rta::MULTIPATH).map(NextHops::of)
    }

    /// `RTA_VIA`: a gateway of another family.
    ///
    /// # Errors
    /// When the attribute is shorter than 2 bytes.
    #[inline]
    pub fn via(&self) -> Result<Option<Via<'a>>> {
        self.attrs.get(Rta::VIA).map(Via::parse).transpose()
    }

    /// `RTA_NEWDST`: labels to swap in (MPLS routes).
    ///
    /// # Errors
    /// When the attribute is not a whole number of 4-byte entries.
    #[inline]
    pub fn new_dst(&self) -> Result<Option<MplsLabels<'a>>> {
        self.attrs
            .get(Rta::NEWDST)
            .map(MplsLabels::parse)
            .transpose()
    }

    /// `RTA_ENCAP_TYPE`.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn encap_type(&self) -> Result<Option<EncapType>> {
        encap_type(self.attrs)
    }

    /// `RTA_ENCAP`, raw; its attributes depend on [`RouteMsg::encap_type`].
    #[must_use]
    #[inline]
    pub fn encap(&self) -> Option<Attrs<'a>> {
        self.attrs.get(Rta::ENCAP).map(|a| a.nested())
    }

    /// `RTA_ENCAP` when `RTA_ENCAP_TYPE` is `LWTUNNEL_ENCAP_MPLS`.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn mpls_encap(&self) -> Result<Option<MplsEncap<'a>>> {
        mpls_encap(self.attrs)
    }
}

/// Starts a route message of type `t` (`RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`) with
/// `header`; add attributes with [`RouteAttr::write_to`], the [`AttrWrite`] methods,
/// [`put_next_hop`] inside an `RTA_MULTIPATH` nest, [`put_via`] or [`put_mpls_encap`], then
/// `finish()`.
///
/// # Errors
/// [`Error::UnexpectedType`] for a type that is not a route message.
#[inline]
pub fn builder<'b>(
    buf: &'b mut Vec<u8>,
    t: MessageType,
    flags: Flags,
    header: &RtMsg,
) -> Result<MessageBuilder<'b>> {
    if !(24..=27).contains(&t.0) {
        return Err(Error::UnexpectedType {
            expected: 24,
            found: t.0,
        });
    }
    let mut b = MessageBuilder::new(buf, t, flags);
    b.family_header(header);
    Ok(b)
}

#[inline]
fn walk_attrs(attrs: Typed<'_, RouteAttr<'_>>, s: &mut Summary) {
    for t in attrs {
        s.count(&t);
        if let Ok(RouteAttr::Metrics(m)) = t {
            for x in m.typed::<MetricAttr<'_>>() {
                s.count(&x);
            }
        }
    }
}

/// Decodes `m` as a route message with every typed attribute, counting into `s`.
#[inline]
pub(crate) fn walk(m: Msg<'_>, s: &mut Summary) {
    let Ok(r) = RouteMsg::parse(m) else {
        s.errors = s.errors.saturating_add(1);
        return;
    };
    let _ = (
        r.family(),
        r.dst_len(),
        r.src_len(),
        r.tos(),
        r.table(),
        r.protocol(),
        r.scope(),
        r.route_type(),
        r.flags(),
        r.cache_info(),
        r.mfc_stats(),
    );
    let results = [
        r.dst().map(drop),
        r.src().map(drop),
        r.gateway().map(drop),
        r.prefsrc().map(drop),
        r.oif().map(drop),
        r.iif().map(drop),
        r.priority().map(drop),
        r.nh_id().map(drop),
        r.pref().map(drop),
        r.via().map(drop),
        r.new_dst().map(|l| l.map(|l| l.count())).map(drop),
        r.mpls_encap()
            .map(|e| e.map(|e| e.labels.count()))
            .map(drop),
    ];
    s.typed_errors = s
        .typed_errors
        .saturating_add(results.iter().filter(|r| r.is_err()).count());
    walk_attrs(r.typed_attrs(), s);
    if let Some(hops) = r.multipath() {
        for h in hops {
            match h {
                Ok(h) => {
                    let _ = (h.flags(), h.weight(), h.ifindex());
                    let results = [
                        h.gateway().map(drop),
                        h.via().map(drop),
                        h.mpls_encap().map(drop),
                    ];
                    s.typed_errors = s
                        .typed_errors
                        .saturating_add(results.iter().filter(|r| r.is_err()).count());
                    walk_attrs(h.typed_attrs(), s);
                }
                Err(_) => s.typed_errors = s.typed_errors.saturating_add(1),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::{RTM_GETROUTE, RTM_NEWROUTE};
    use crate::{AttrBuilder, Messages};

    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn routes(bytes: &[u8]) -> Vec<RouteMsg<'_>> {
        Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWROUTE)
            .map(|m| RouteMsg::parse(m).unwrap())
            .collect()
    }

    fn v4(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    // The multipath route of testdata/route4_dump.bin, as the kernel sent it:
    // `ip route add 203.0.113.0/24 nexthop via 192.0.2.253 weight 1 nexthop via 192.0.2.252
    // weight 2` (veth0 is ifindex 3).
    const MULTIPATH: [u8; 80] = [
        0x50, 0x00, 0x00, 0x00, 0x18, 0x00, 0x02, 0x00, 0xeb, 0x03, 0x00, 0x00, 0xdc, 0x0f, 0x00,
        0x00, // nlmsghdr, NLM_F_MULTI
        0x02, 0x18, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, // rtmsg
        0x08, 0x00, 0x0f, 0x00, 0xfe, 0x00, 0x00, 0x00, // RTA_TABLE 254
        0x08, 0x00, 0x01, 0x00, 0xcb, 0x00, 0x71, 0x00, // RTA_DST 203.0.113.0
        0x24, 0x00, 0x09, 0x00, // RTA_MULTIPATH
        0x10, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, // rtnexthop len 16, hops 0, ifindex 3
        0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0xfd, // RTA_GATEWAY 192.0.2.253
        0x10, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, // rtnexthop len 16, hops 1, ifindex 3
        0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0xfc, // RTA_GATEWAY 192.0.2.252
    ];

    // What `ip route add 198.51.100.0/24 encap mpls 100/200 via 192.0.2.254 dev veth0` sends
    // after its nlmsghdr (strace; the kernel has no MPLS and refuses it): rtmsg, RTA_DST,
    // RTA_ENCAP (NLA_F_NESTED) { MPLS_IPTUNNEL_DST 100, 200|bos }, RTA_ENCAP_TYPE 1,
    // RTA_GATEWAY, RTA_OIF 3. The whole message is testdata/route-mpls-encap.bin.
    const MPLS_ENCAP: [u8; 60] = [
        0x02, 0x18, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, //
        0x08, 0x00, 0x01, 0x00, 0xc6, 0x33, 0x64, 0x00, //
        0x10, 0x00, 0x16, 0x80, 0x0c, 0x00, 0x01, 0x00, 0x00, 0x06, 0x40, 0x00, 0x00, 0x0c, 0x81,
        0x00, //
        0x06, 0x00, 0x15, 0x00, 0x01, 0x00, 0x00, 0x00, //
        0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0xfe, //
        0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ];

    // `ip route add 10.8.0.0/16 via 192.0.2.254 dev veth0 table 100 mtu 1400 advmss 1360`
    // (strace, after the nlmsghdr).
    const METRICS: [u8; 56] = [
        0x02, 0x10, 0x00, 0x00, 0x64, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, //
        0x08, 0x00, 0x01, 0x00, 0x0a, 0x08, 0x00, 0x00, //
        0x08, 0x00, 0x05, 0x00, 0xc0, 0x00, 0x02, 0xfe, //
        0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00, //
        0x14, 0x00, 0x08, 0x00, 0x08, 0x00, 0x02, 0x00, 0x78, 0x05, 0x00, 0x00, 0x08, 0x00, 0x08,
        0x00, 0x50, 0x05, 0x00, 0x00,
    ];

    // `ip route add 10.7.0.0/16 via inet6 2001:db8::fe dev veth0` (strace, after the nlmsghdr).
    const VIA6: [u8; 52] = [
        0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, //
        0x08, 0x00, 0x01, 0x00, 0x0a, 0x07, 0x00, 0x00, //
        0x16, 0x00, 0x12, 0x00, 0x0a, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x00, 0x00, //
        0x08, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn decodes_the_captured_multipath_route() {
        let r = RouteMsg::parse(Msg::parse(&MULTIPATH).unwrap()).unwrap();
        assert_eq!(r.family(), AddressFamily::INET);
        assert_eq!(r.dst().unwrap(), Some(v4("203.0.113.0")));
        assert_eq!(r.dst_len(), 24);
        assert_eq!(r.table(), Table::MAIN);
        assert_eq!(r.protocol(), Protocol::BOOT);
        assert_eq!(r.route_type(), RouteType::UNICAST);
        assert_eq!(r.gateway().unwrap(), None);
        let hops: Vec<_> = r.multipath().unwrap().map(Result::unwrap).collect();
        assert_eq!(hops.len(), 2);
        assert_eq!(
            hops.iter()
                .map(|h| (h.gateway().unwrap().unwrap(), h.weight(), h.ifindex()))
                .collect::<Vec<_>>(),
            [(v4("192.0.2.253"), 1, 3), (v4("192.0.2.252"), 2, 3)]
        );
        assert_eq!(hops[1].offset(), 64);
        assert_eq!(hops[1].attrs().next().unwrap().unwrap().offset(), 72);
        let mut s = Summary::default();
        walk(r.msg(), &mut s);
        assert_eq!(s.typed_errors, 0);
        assert_eq!(s.typed, 5);
    }

    #[test]
    fn decodes_the_captured_dumps() {
        let bytes = captured("route4_dump.bin");
        let rs = routes(&bytes);
        assert_eq!(rs.len(), 10);
        let t100: Vec<_> = rs.iter().filter(|r| r.table() == Table(100)).collect();
        assert_eq!(t100.len(), 2);
        let m = t100
            .iter()
            .find(|r| r.dst().unwrap() == Some(v4("203.0.113.0")))
            .unwrap();
        assert_eq!(m.metric(Rtax::MTU).unwrap(), Some(1400));
        assert_eq!(m.metric(Rtax::ADVMSS).unwrap(), Some(1360));
        let metrics: Vec<_> = m.metrics().unwrap().map(Result::unwrap).collect();
        assert_eq!(metrics, [MetricAttr::Mtu(1400), MetricAttr::AdvMss(1360)]);
        let nh = t100
            .iter()
            .find(|r| r.dst().unwrap() == Some(v4("198.51.100.128")))
            .unwrap();
        assert_eq!(nh.nh_id().unwrap(), Some(7));
        assert_eq!(nh.dst_len(), 25);
        assert_eq!(nh.gateway().unwrap(), Some(v4("192.0.2.254")));
        let local: Vec<_> = rs.iter().filter(|r| r.table() == Table::LOCAL).collect();
        assert_eq!(local.len(), 5);
        assert!(local.iter().all(|r| r.protocol() == Protocol::KERNEL));

        let bytes = captured("route6_dump.bin");
        let rs = routes(&bytes);
        assert_eq!(rs.len(), 19);
        let gw = rs
            .iter()
            .find(|r| r.dst().unwrap() == Some("2001:db8:1::".parse().unwrap()))
            .unwrap();
        assert_eq!(gw.dst_len(), 48);
        assert_eq!(gw.gateway().unwrap(), Some("2001:db8::fe".parse().unwrap()));
        assert_eq!(gw.priority().unwrap(), Some(1024));
        assert_eq!(gw.pref().unwrap(), Some(RoutePref::MEDIUM));
        assert_eq!(gw.cache_info().unwrap().rta_error.get(), 0);
        for r in &rs {
            let typed: Vec<_> = r.typed_attrs().collect::<Result<_>>().unwrap();
            assert!(typed.iter().any(|t| matches!(t, RouteAttr::CacheInfo(_))));
        }
    }

    #[test]
    fn builds_what_ip_sends_for_multipath() {
        // `ip route add 10.9.0.0/16 nexthop via 192.0.2.253 weight 1 nexthop via 192.0.2.252
        // dev veth0 weight 2` (strace, after the nlmsghdr): the first hop has no device.
        let expected: [u8; 56] = [
            0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, //
            0x08, 0x00, 0x01, 0x00, 0x0a, 0x09, 0x00, 0x00, //
            0x24, 0x00, 0x09, 0x00, //
            0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00, 0xc0, 0x00,
            0x02, 0xfd, //
            0x10, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00, 0xc0, 0x00,
            0x02, 0xfc,
        ];
        let mut buf = Vec::new();
        let hdr = RtMsg::unicast(AddressFamily::INET, 16);
        let mut b = builder(&mut buf, RTM_NEWROUTE, Flags::REQUEST, &hdr).unwrap();
        RouteAttr::Dst(v4("10.9.0.0")).write_to(&mut b);
        {
            let mut mp = b.nest(Rta::MULTIPATH);
            put_next_hop(&mut mp, RtnhFlags::EMPTY, 0, 0).put_ip(Rta::GATEWAY, v4("192.0.2.253"));
            put_next_hop(&mut mp, RtnhFlags::EMPTY, 1, 3).put_ip(Rta::GATEWAY, v4("192.0.2.252"));
        }
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
    }

    #[test]
    fn builds_what_ip_sends_for_metrics_via_and_mpls() {
        let mut buf = Vec::new();
        let mut hdr = RtMsg::unicast(AddressFamily::INET, 16);
        hdr.rtm_table = 100;
        let mut b = builder(&mut buf, RTM_NEWROUTE, Flags::REQUEST, &hdr).unwrap();
        b.put_ip(Rta::DST, v4("10.8.0.0"))
            .put_ip(Rta::GATEWAY, v4("192.0.2.254"))
            .put_u32(Rta::OIF, 3);
        {
            let mut m = b.nest(Rta::METRICS);
            MetricAttr::Mtu(1400).write_to(&mut m);
            MetricAttr::AdvMss(1360).write_to(&mut m);
        }
        b.finish().unwrap();
        assert_eq!(&buf[16..], &METRICS);

        let mut buf = Vec::new();
        let hdr = RtMsg::unicast(AddressFamily::INET, 16);
        let mut b = builder(&mut buf, RTM_NEWROUTE, Flags::REQUEST, &hdr).unwrap();
        b.put_ip(Rta::DST, v4("10.7.0.0"));
        put_via(&mut b, "2001:db8::fe".parse().unwrap());
        b.put_u32(Rta::OIF, 3);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &VIA6);
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let via = r.via().unwrap().unwrap();
        assert_eq!(via.family(), AddressFamily::INET6);
        assert_eq!(via.ip(), Some("2001:db8::fe".parse().unwrap()));

        let mut buf = Vec::new();
        let hdr = RtMsg::unicast(AddressFamily::INET, 24);
        let mut b = builder(&mut buf, RTM_NEWROUTE, Flags::REQUEST, &hdr).unwrap();
        b.put_ip(Rta::DST, v4("198.51.100.0"));
        put_mpls_encap(&mut b, &MplsLabel::stack(&[100, 200]), None);
        b.put_ip(Rta::GATEWAY, v4("192.0.2.254"))
            .put_u32(Rta::OIF, 3);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &MPLS_ENCAP);
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(r.encap_type().unwrap(), Some(EncapType::MPLS));
        let e = r.mpls_encap().unwrap().unwrap();
        assert_eq!(e.ttl, None);
        assert_eq!(
            e.labels.collect::<Vec<_>>(),
            [
                MplsLabel::new(100),
                MplsLabel {
                    label: 200,
                    bos: true,
                    ..MplsLabel::default()
                }
            ]
        );
        // The whole message as ip sent it (testdata/route-mpls-encap.bin): only nlmsg_seq and
        // the two padding bytes after RTA_ENCAP_TYPE's u16 differ (ip leaves stale bytes there,
        // we write zeros).
        let whole = captured("route-mpls-encap.bin");
        let mut ours = Vec::new();
        let mut b = builder(
            &mut ours,
            RTM_NEWROUTE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            &hdr,
        )
        .unwrap();
        b.seq(u32::from_ne_bytes(whole[8..12].try_into().unwrap()));
        b.put_ip(Rta::DST, v4("198.51.100.0"));
        put_mpls_encap(&mut b, &MplsLabel::stack(&[100, 200]), None);
        b.put_ip(Rta::GATEWAY, v4("192.0.2.254"))
            .put_u32(Rta::OIF, 3);
        b.finish().unwrap();
        assert_eq!(ours.len(), whole.len());
        let pad = 16 + 42..16 + 44;
        assert_eq!(whole[pad.clone()], [1, 0]);
        assert_eq!(ours[pad.clone()], [0, 0]);
        assert_eq!(ours[..pad.start], whole[..pad.start]);
        assert_eq!(ours[pad.end..], whole[pad.end..]);
    }

    #[test]
    fn mpls_label_entries_pack_and_unpack() {
        let l = MplsLabel {
            label: 0xabcde,
            tc: 5,
            bos: true,
            ttl: 64,
        };
        assert_eq!(l.entry(), 0xabcd_eb40);
        assert_eq!(MplsLabel::from_entry(l.entry()), l);
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put(Rta::NEWDST, &[0, 0, 0x64]);
        b.finish().unwrap();
        let a = Attrs::new(&buf).next().unwrap().unwrap();
        assert_eq!(
            MplsLabels::parse(a).unwrap_err(),
            Error::AttrSize {
                kind: 19,
                offset: 0,
                expected: 4,
                found: 3
            }
        );
    }

    #[test]
    fn bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let hdr = RtMsg::unicast(AddressFamily::INET, 24);
        let mut b = builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY, &hdr).unwrap();
        b.put(Rta::DST, &[1, 2, 3])
            .put_u32(Rta::PRIORITY, 7)
            .put(Rta::TABLE, &[1])
            .put(Rta::MULTIPATH, &[4, 0, 0, 0, 3, 0, 0, 0]);
        b.finish().unwrap();
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(matches!(
            r.dst(),
            Err(Error::AttrSize {
                kind: 1,
                offset: 28,
                ..
            })
        ));
        assert_eq!(r.priority().unwrap(), Some(7));
        // A malformed RTA_TABLE falls back to rtm_table.
        assert_eq!(r.table(), Table::MAIN);
        let hops: Vec<_> = r.multipath().unwrap().collect();
        assert_eq!(hops.len(), 1);
        assert_eq!(
            hops[0].as_ref().unwrap_err(),
            &Error::BadLength {
                what: "rtnexthop",
                offset: 56,
                length: 4,
                available: 8
            }
        );
        assert_eq!(format!("{:?}", Rta::NH_ID), "RTA_NH_ID");
        assert_eq!(
            format!("{:?}", RtmFlags(0x204)),
            "RTNH_F_ONLINK|RTM_F_CLONED"
        );
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let mut all = MULTIPATH.to_vec();
        let mut hdr = vec![0u8; 16];
        hdr[..4].copy_from_slice(&(16 + MPLS_ENCAP.len() as u32).to_ne_bytes());
        hdr[4] = 24;
        all.extend_from_slice(&hdr);
        all.extend_from_slice(&MPLS_ENCAP);
        for n in 0..all.len() {
            let cut = &all[..n];
            let _ = crate::check::walk(cut);
            for m in Messages::new(cut).flatten() {
                if let Ok(r) = RouteMsg::parse(m) {
                    let mut s = Summary::default();
                    walk(m, &mut s);
                    if let Some(h) = r.multipath() {
                        for h in h.flatten() {
                            let _ = (h.gateway(), h.weight());
                        }
                    }
                }
            }
            // The multipath payload alone, cut: an error or a clean end, never a panic.
            let mp = &MULTIPATH[48..48 + (n % 33)];
            let items: Vec<_> = NextHops::new(mp, 0).collect();
            assert!(items.iter().filter(|r| r.is_err()).count() <= 1);
        }
    }

    #[test]
    fn builder_rejects_other_types() {
        let mut buf = Vec::new();
        let hdr = RtMsg::new(AddressFamily::INET, 0);
        assert!(builder(&mut buf, RTM_GETROUTE, Flags::EMPTY, &hdr).is_ok());
        let mut buf = Vec::new();
        assert!(builder(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::EMPTY, &hdr).is_err());
    }
}
