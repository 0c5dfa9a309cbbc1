//! RTNETLINK (`NETLINK_ROUTE`): message types, multicast groups, the value sets several object
//! kinds share, and one module per object kind.
//!
//! Source of truth: `include/uapi/linux/rtnetlink.h`.

pub mod addr;
pub mod link;
pub mod linkinfo;
pub mod neigh;
pub mod nexthop;
pub mod route;
pub mod rule;

use crate::header::MessageType;

/// `RTM_NEWLINK`: a link was created or changed; a request to create or change one.
pub const RTM_NEWLINK: MessageType = MessageType(16);
/// `RTM_DELLINK`: a link was deleted; a request to delete one.
pub const RTM_DELLINK: MessageType = MessageType(17);
/// `RTM_GETLINK`: a request for one link or a dump of all.
pub const RTM_GETLINK: MessageType = MessageType(18);
/// `RTM_SETLINK`: a request to change a link.
pub const RTM_SETLINK: MessageType = MessageType(19);
/// `RTM_NEWADDR`: an address was added; a request to add one.
pub const RTM_NEWADDR: MessageType = MessageType(20);
/// `RTM_DELADDR`: an address was removed; a request to remove one.
pub const RTM_DELADDR: MessageType = MessageType(21);
/// `RTM_GETADDR`: a dump of addresses.
pub const RTM_GETADDR: MessageType = MessageType(22);
/// `RTM_NEWROUTE`: a route was added; a request to add one.
pub const RTM_NEWROUTE: MessageType = MessageType(24);
/// `RTM_DELROUTE`: a route was deleted; a request to delete one.
pub const RTM_DELROUTE: MessageType = MessageType(25);
/// `RTM_GETROUTE`: a route lookup or a dump of routes.
pub const RTM_GETROUTE: MessageType = MessageType(26);
/// `RTM_NEWNEIGH`: a neighbour entry was added or changed; a request to add one.
pub const RTM_NEWNEIGH: MessageType = MessageType(28);
/// `RTM_DELNEIGH`: a neighbour entry was deleted; a request to delete one.
pub const RTM_DELNEIGH: MessageType = MessageType(29);
/// `RTM_GETNEIGH`: a lookup or dump of neighbour entries.
pub const RTM_GETNEIGH: MessageType = MessageType(30);
/// `RTM_NEWRULE`: a policy routing rule was added; a request to add one.
pub const RTM_NEWRULE: MessageType = MessageType(32);
/// `RTM_DELRULE`: a rule was deleted; a request to delete one.
pub const RTM_DELRULE: MessageType = MessageType(33);
/// `RTM_GETRULE`: a dump of rules.
pub const RTM_GETRULE: MessageType = MessageType(34);
/// `RTM_NEWNEXTHOP`: a nexthop object was added; a request to add one.
pub const RTM_NEWNEXTHOP: MessageType = MessageType(104);
/// `RTM_DELNEXTHOP`: a nexthop object was deleted; a request to delete one.
pub const RTM_DELNEXTHOP: MessageType = MessageType(105);
/// `RTM_GETNEXTHOP`: a lookup or dump of nexthop objects.
pub const RTM_GETNEXTHOP: MessageType = MessageType(106);

/// The kernel name of an RTNETLINK message type (`"RTM_NEWLINK"`), if known.
#[must_use]
#[inline]
pub fn message_name(t: MessageType) -> Option<&'static str> {
    Some(match t {
        RTM_NEWLINK => "RTM_NEWLINK",
        RTM_DELLINK => "RTM_DELLINK",
        RTM_GETLINK => "RTM_GETLINK",
        RTM_SETLINK => "RTM_SETLINK",
        RTM_NEWADDR => "RTM_NEWADDR",
        RTM_DELADDR => "RTM_DELADDR",
        RTM_GETADDR => "RTM_GETADDR",
        RTM_NEWROUTE => "RTM_NEWROUTE",
        RTM_DELROUTE => "RTM_DELROUTE",
        RTM_GETROUTE => "RTM_GETROUTE",
        RTM_NEWNEIGH => "RTM_NEWNEIGH",
        RTM_DELNEIGH => "RTM_DELNEIGH",
        RTM_GETNEIGH => "RTM_GETNEIGH",
        RTM_NEWRULE => "RTM_NEWRULE",
        RTM_DELRULE => "RTM_DELRULE",
        RTM_GETRULE => "RTM_GETRULE",
        RTM_NEWNEXTHOP => "RTM_NEWNEXTHOP",
        RTM_DELNEXTHOP => "RTM_DELNEXTHOP",
        RTM_GETNEXTHOP => "RTM_GETNEXTHOP",
        t => return t.control_name(),
    })
}

/// The size of the fixed family header that follows `nlmsghdr` in RTNETLINK message `t`, or
/// `None` for a type this crate does not know.
#[must_use]
#[inline]
pub fn family_header_len(t: MessageType) -> Option<usize> {
    Some(match t.0 {
        16..=19 => 16,  // ifinfomsg
        20..=23 => 8,   // ifaddrmsg
        24..=27 => 12,  // rtmsg
        28..=31 => 12,  // ndmsg
        32..=35 => 12,  // fib_rule_hdr
        36..=47 => 20,  // tcmsg (qdisc, class, filter)
        64..=67 => 4,   // ndtmsg
        104..=107 => 8, // nhmsg
        _ => return None,
    })
}

/// Decodes `m` with the typed view of its object kind, every typed attribute included, counting
/// into `s`; the fuzzers and the capture tests call it through [`crate::check::walk`].
#[inline]
pub(crate) fn walk_typed(m: crate::message::Msg<'_>, s: &mut crate::check::Summary) {
    match m.message_type().0 {
        16..=19 => link::walk(m, s),
        20..=23 => addr::walk(m, s),
        24..=27 => route::walk(m, s),
        28..=31 | 64..=67 => neigh::walk(m, s),
        32..=35 => rule::walk(m, s),
        104..=107 => nexthop::walk(m, s),
        _ => {}
    }
}

values! {
    /// `RTNLGRP_*`: RTNETLINK multicast groups, joined by number with
    /// `NETLINK_ADD_MEMBERSHIP`. Group `n` is bit `n - 1` of the legacy `RTMGRP_*` mask.
    Group(u32);
    NONE = 0, "RTNLGRP_NONE", "none";
    /// Links created, changed or deleted.
    LINK = 1, "RTNLGRP_LINK", "link";
    NOTIFY = 2, "RTNLGRP_NOTIFY", "notify";
    /// Neighbour entries.
    NEIGH = 3, "RTNLGRP_NEIGH", "neigh";
    TC = 4, "RTNLGRP_TC", "tc";
    /// IPv4 addresses.
    IPV4_IFADDR = 5, "RTNLGRP_IPV4_IFADDR", "ipv4-ifaddr";
    IPV4_MROUTE = 6, "RTNLGRP_IPV4_MROUTE", "ipv4-mroute";
    /// IPv4 routes.
    IPV4_ROUTE = 7, "RTNLGRP_IPV4_ROUTE", "ipv4-route";
    /// IPv4 policy routing rules.
    IPV4_RULE = 8, "RTNLGRP_IPV4_RULE", "ipv4-rule";
    /// IPv6 addresses.
    IPV6_IFADDR = 9, "RTNLGRP_IPV6_IFADDR", "ipv6-ifaddr";
    IPV6_MROUTE = 10, "RTNLGRP_IPV6_MROUTE", "ipv6-mroute";
    /// IPv6 routes.
    IPV6_ROUTE = 11, "RTNLGRP_IPV6_ROUTE", "ipv6-route";
    IPV6_IFINFO = 12, "RTNLGRP_IPV6_IFINFO", "ipv6-ifinfo";
    IPV6_PREFIX = 18, "RTNLGRP_IPV6_PREFIX", "ipv6-prefix";
    /// IPv6 policy routing rules.
    IPV6_RULE = 19, "RTNLGRP_IPV6_RULE", "ipv6-rule";
    ND_USEROPT = 20, "RTNLGRP_ND_USEROPT", "nd-useropt";
    IPV4_NETCONF = 24, "RTNLGRP_IPV4_NETCONF", "ipv4-netconf";
    IPV6_NETCONF = 25, "RTNLGRP_IPV6_NETCONF", "ipv6-netconf";
    MDB = 26, "RTNLGRP_MDB", "mdb";
    MPLS_ROUTE = 27, "RTNLGRP_MPLS_ROUTE", "mpls-route";
    NSID = 28, "RTNLGRP_NSID", "nsid";
    /// Nexthop objects.
    NEXTHOP = 32, "RTNLGRP_NEXTHOP", "nexthop";
    BRVLAN = 33, "RTNLGRP_BRVLAN", "brvlan";
    MCTP_IFADDR = 34, "RTNLGRP_MCTP_IFADDR", "mctp-ifaddr";
    TUNNEL = 35, "RTNLGRP_TUNNEL", "tunnel";
    STATS = 36, "RTNLGRP_STATS", "stats";
}

values! {
    /// `AF_*`: the address family in a family header.
    AddressFamily(u8);
    UNSPEC = 0, "AF_UNSPEC", "unspec";
    INET = 2, "AF_INET", "inet";
    BRIDGE = 7, "AF_BRIDGE", "bridge";
    INET6 = 10, "AF_INET6", "inet6";
    PACKET = 17, "AF_PACKET", "link";
    MPLS = 28, "AF_MPLS", "mpls";
}

values! {
    /// `rt_scope_t` (`RT_SCOPE_*`): how far an address or route reaches.
    Scope(u8);
    UNIVERSE = 0, "RT_SCOPE_UNIVERSE", "global";
    SITE = 200, "RT_SCOPE_SITE", "site";
    LINK = 253, "RT_SCOPE_LINK", "link";
    HOST = 254, "RT_SCOPE_HOST", "host";
    NOWHERE = 255, "RT_SCOPE_NOWHERE", "nowhere";
}

values! {
    /// `rt_class_t` (`RT_TABLE_*`): routing table ids. Tables above 255 travel in `RTA_TABLE`
    /// and `FRA_TABLE`, so this is a `u32`.
    Table(u32);
    UNSPEC = 0, "RT_TABLE_UNSPEC", "unspec";
    COMPAT = 252, "RT_TABLE_COMPAT", "compat";
    DEFAULT = 253, "RT_TABLE_DEFAULT", "default";
    MAIN = 254, "RT_TABLE_MAIN", "main";
    LOCAL = 255, "RT_TABLE_LOCAL", "local";
}

values! {
    /// `RTPROT_*`: who installed a route (also used by rules and nexthops).
    Protocol(u8);
    UNSPEC = 0, "RTPROT_UNSPEC", "unspec";
    REDIRECT = 1, "RTPROT_REDIRECT", "redirect";
    KERNEL = 2, "RTPROT_KERNEL", "kernel";
    BOOT = 3, "RTPROT_BOOT", "boot";
    STATIC = 4, "RTPROT_STATIC", "static";
    GATED = 8, "RTPROT_GATED", "gated";
    RA = 9, "RTPROT_RA", "ra";
    MRT = 10, "RTPROT_MRT", "mrt";
    ZEBRA = 11, "RTPROT_ZEBRA", "zebra";
    BIRD = 12, "RTPROT_BIRD", "bird";
    DNROUTED = 13, "RTPROT_DNROUTED", "dnrouted";
    XORP = 14, "RTPROT_XORP", "xorp";
    NTK = 15, "RTPROT_NTK", "ntk";
    DHCP = 16, "RTPROT_DHCP", "dhcp";
    MROUTED = 17, "RTPROT_MROUTED", "mrouted";
    KEEPALIVED = 18, "RTPROT_KEEPALIVED", "keepalived";
    BABEL = 42, "RTPROT_BABEL", "babel";
    OPENR = 99, "RTPROT_OPENR", "openr";
    BGP = 186, "RTPROT_BGP", "bgp";
    ISIS = 187, "RTPROT_ISIS", "isis";
    OSPF = 188, "RTPROT_OSPF", "ospf";
    RIP = 189, "RTPROT_RIP", "rip";
    EIGRP = 192, "RTPROT_EIGRP", "eigrp";
}

values! {
    /// `RTN_*`: the type of a route (also the action of a rule's `fib_rule_hdr`).
    RouteType(u8);
    UNSPEC = 0, "RTN_UNSPEC", "none";
    UNICAST = 1, "RTN_UNICAST", "unicast";
    LOCAL = 2, "RTN_LOCAL", "local";
    BROADCAST = 3, "RTN_BROADCAST", "broadcast";
    ANYCAST = 4, "RTN_ANYCAST", "anycast";
    MULTICAST = 5, "RTN_MULTICAST", "multicast";
    BLACKHOLE = 6, "RTN_BLACKHOLE", "blackhole";
    UNREACHABLE = 7, "RTN_UNREACHABLE", "unreachable";
    PROHIBIT = 8, "RTN_PROHIBIT", "prohibit";
    THROW = 9, "RTN_THROW", "throw";
    NAT = 10, "RTN_NAT", "nat";
    XRESOLVE = 11, "RTN_XRESOLVE", "xresolve";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_sets_name_known_values_and_keep_unknown_ones() {
        assert_eq!(format!("{:?}", Protocol::BOOT), "RTPROT_BOOT");
        assert_eq!(Protocol::BOOT.to_string(), "boot");
        assert_eq!(Protocol(77).to_string(), "77");
        assert_eq!(format!("{:?}", Protocol(77)), "Protocol(77)");
        assert_eq!(Protocol::from_short_name("static"), Some(Protocol::STATIC));
        assert_eq!(Table::MAIN.to_string(), "main");
        assert_eq!(Scope::LINK.to_string(), "link");
        assert_eq!(Group::IPV4_ROUTE.0, 7);
        assert_eq!(message_name(RTM_NEWROUTE), Some("RTM_NEWROUTE"));
        assert_eq!(family_header_len(RTM_GETADDR), Some(8));
    }
}
