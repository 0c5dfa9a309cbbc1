//! RTNETLINK (`NETLINK_ROUTE`): message types, multicast groups, the value sets several object
//! kinds share, and one module per object kind.
//!
//! Source of truth: `include/uapi/linux/rtnetlink.h`.

pub mod addr;
pub mod addrlabel;
pub mod bridge_mrp;
pub mod bridge_vlan;
pub mod cachereport;
pub mod dcb;
pub mod link;
pub mod linkinfo;
pub mod mdb;
pub mod nduseropt;
pub mod neigh;
pub mod netconf;
pub mod nexthop;
pub mod nsid;
pub mod prefix;
pub mod route;
pub mod rule;
pub mod stats;
pub mod tc;
pub mod tunnel;

use crate::family::FamilyInfo;
use crate::header::MessageType;

/// Every RTNETLINK family this crate reads and builds: one line each. The check walk, the
/// family-header sizes and the facade's object layer all look families up here.
pub const FAMILIES: &[&FamilyInfo] = &[
    &link::LinkMsg::FAMILY,
    &addr::AddrMsg::FAMILY,
    &route::RouteMsg::FAMILY,
    &neigh::NeighMsg::FAMILY,
    &neigh::NeighTableMsg::FAMILY,
    &rule::RuleMsg::FAMILY,
    &nexthop::NexthopMsg::FAMILY,
    &tc::TcObjectMsg::FAMILY,
    &tc::ActionMsg::FAMILY,
    &mdb::MdbMsg::FAMILY,
    &bridge_vlan::BridgeVlanMsg::FAMILY,
    &tunnel::TunnelMsg::FAMILY,
    &nsid::NsidMsg::FAMILY,
    &netconf::NetconfMsg::FAMILY,
    &addrlabel::AddrLabelMsg::FAMILY,
    &stats::StatsMsg::FAMILY,
    &prefix::PrefixMsg::FAMILY,
    &nduseropt::NdUserOptMsg::FAMILY,
    &cachereport::CacheReportMsg::FAMILY,
    &dcb::DcbMsg::FAMILY,
];

/// The family of RTNETLINK message type `t`, if this crate declares it.
#[must_use]
#[inline]
pub fn family(t: MessageType) -> Option<&'static FamilyInfo> {
    crate::family::family_of(FAMILIES, t)
}

message_types! {
    /// A link was created or changed; a request to create or change one.
    RTM_NEWLINK = 16;
    /// A link was deleted; a request to delete one.
    RTM_DELLINK = 17;
    /// A request for one link or a dump of all.
    RTM_GETLINK = 18;
    /// A request to change a link.
    RTM_SETLINK = 19;
    /// An address was added; a request to add one.
    RTM_NEWADDR = 20;
    /// An address was removed; a request to remove one.
    RTM_DELADDR = 21;
    /// A dump of addresses.
    RTM_GETADDR = 22;
    /// A route was added; a request to add one.
    RTM_NEWROUTE = 24;
    /// A route was deleted; a request to delete one.
    RTM_DELROUTE = 25;
    /// A route lookup or a dump of routes.
    RTM_GETROUTE = 26;
    /// A neighbour entry was added or changed; a request to add one.
    RTM_NEWNEIGH = 28;
    /// A neighbour entry was deleted; a request to delete one.
    RTM_DELNEIGH = 29;
    /// A lookup or dump of neighbour entries.
    RTM_GETNEIGH = 30;
    /// A policy routing rule was added; a request to add one.
    RTM_NEWRULE = 32;
    /// A rule was deleted; a request to delete one.
    RTM_DELRULE = 33;
    /// A dump of rules.
    RTM_GETRULE = 34;
    /// A queueing discipline was added or changed.
    RTM_NEWQDISC = 36;
    /// A queueing discipline was deleted.
    RTM_DELQDISC = 37;
    /// A dump of queueing disciplines.
    RTM_GETQDISC = 38;
    /// A traffic class was added or changed.
    RTM_NEWTCLASS = 40;
    /// A traffic class was deleted.
    RTM_DELTCLASS = 41;
    /// A dump of traffic classes.
    RTM_GETTCLASS = 42;
    /// A traffic filter was added or changed.
    RTM_NEWTFILTER = 44;
    /// A traffic filter was deleted.
    RTM_DELTFILTER = 45;
    /// A dump of traffic filters.
    RTM_GETTFILTER = 46;
    /// A traffic action was added or changed.
    RTM_NEWACTION = 48;
    /// A traffic action was deleted.
    RTM_DELACTION = 49;
    /// A dump of traffic actions.
    RTM_GETACTION = 50;
    /// An IPv6 prefix was learned (router advertisement).
    RTM_NEWPREFIX = 52;
    /// A multicast address was joined (a notification).
    RTM_NEWMULTICAST = 56;
    /// A multicast address was left (a notification).
    RTM_DELMULTICAST = 57;
    /// A dump of multicast addresses; the kernel answers with this type too.
    RTM_GETMULTICAST = 58;
    /// An anycast address was added (a notification).
    RTM_NEWANYCAST = 60;
    /// An anycast address was removed (a notification).
    RTM_DELANYCAST = 61;
    /// A dump of anycast addresses; the kernel answers with this type too.
    RTM_GETANYCAST = 62;
    /// A neighbour table's parameters or statistics.
    RTM_NEWNEIGHTBL = 64;
    /// A dump of neighbour tables.
    RTM_GETNEIGHTBL = 66;
    /// A request to change a neighbour table.
    RTM_SETNEIGHTBL = 67;
    /// A neighbour discovery user option (router advertisement).
    RTM_NEWNDUSEROPT = 68;
    /// An IPv6 address label was added.
    RTM_NEWADDRLABEL = 72;
    /// An IPv6 address label was deleted.
    RTM_DELADDRLABEL = 73;
    /// A dump of IPv6 address labels.
    RTM_GETADDRLABEL = 74;
    /// Data center bridging settings.
    RTM_GETDCB = 78;
    /// A request to change data center bridging settings.
    RTM_SETDCB = 79;
    /// A device's IP configuration changed.
    RTM_NEWNETCONF = 80;
    /// A device's IP configuration went away.
    RTM_DELNETCONF = 81;
    /// A dump of devices' IP configuration.
    RTM_GETNETCONF = 82;
    /// A multicast database entry was added.
    RTM_NEWMDB = 84;
    /// A multicast database entry was deleted.
    RTM_DELMDB = 85;
    /// A dump of the multicast database.
    RTM_GETMDB = 86;
    /// A namespace id was assigned.
    RTM_NEWNSID = 88;
    /// A namespace id was removed.
    RTM_DELNSID = 89;
    /// A dump of namespace ids.
    RTM_GETNSID = 90;
    /// Link statistics.
    RTM_NEWSTATS = 92;
    /// A request for link statistics.
    RTM_GETSTATS = 94;
    /// A request to change link statistics settings.
    RTM_SETSTATS = 95;
    /// A multicast cache report.
    RTM_NEWCACHEREPORT = 96;
    /// A traffic control chain was added.
    RTM_NEWCHAIN = 100;
    /// A traffic control chain was deleted.
    RTM_DELCHAIN = 101;
    /// A dump of traffic control chains.
    RTM_GETCHAIN = 102;
    /// A nexthop object was added; a request to add one.
    RTM_NEWNEXTHOP = 104;
    /// A nexthop object was deleted; a request to delete one.
    RTM_DELNEXTHOP = 105;
    /// A lookup or dump of nexthop objects.
    RTM_GETNEXTHOP = 106;
    /// A link property (alternative name) was added.
    RTM_NEWLINKPROP = 108;
    /// A link property was deleted.
    RTM_DELLINKPROP = 109;
    /// A VLAN of a bridge port was added.
    RTM_NEWVLAN = 112;
    /// A VLAN of a bridge port was deleted.
    RTM_DELVLAN = 113;
    /// A dump of bridge VLANs.
    RTM_GETVLAN = 114;
    /// A nexthop group bucket changed.
    RTM_NEWNEXTHOPBUCKET = 116;
    /// A nexthop group bucket was deleted.
    RTM_DELNEXTHOPBUCKET = 117;
    /// A dump of nexthop group buckets.
    RTM_GETNEXTHOPBUCKET = 118;
    /// A tunnel (VXLAN VNI filter) entry was added.
    RTM_NEWTUNNEL = 120;
    /// A tunnel entry was deleted.
    RTM_DELTUNNEL = 121;
    /// A dump of tunnel entries.
    RTM_GETTUNNEL = 122;
}

/// The size of the fixed family header that follows `nlmsghdr` in RTNETLINK message `t`, or
/// `None` for a type of no declared family.
#[must_use]
#[inline]
pub fn family_header_len(t: MessageType) -> Option<usize> {
    family(t).map(|f| f.header_len)
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
    /// Data center bridging settings.
    DCB = 23, "RTNLGRP_DCB", "dcb";
    IPV4_NETCONF = 24, "RTNLGRP_IPV4_NETCONF", "ipv4-netconf";
    IPV6_NETCONF = 25, "RTNLGRP_IPV6_NETCONF", "ipv6-netconf";
    MDB = 26, "RTNLGRP_MDB", "mdb";
    MPLS_ROUTE = 27, "RTNLGRP_MPLS_ROUTE", "mpls-route";
    NSID = 28, "RTNLGRP_NSID", "nsid";
    /// MPLS per-device configuration.
    MPLS_NETCONF = 29, "RTNLGRP_MPLS_NETCONF", "mpls-netconf";
    /// IPv4 multicast routing cache reports (`RTM_NEWCACHEREPORT`).
    IPV4_MROUTE_R = 30, "RTNLGRP_IPV4_MROUTE_R", "ipv4-mroute-r";
    /// IPv6 multicast routing cache reports.
    IPV6_MROUTE_R = 31, "RTNLGRP_IPV6_MROUTE_R", "ipv6-mroute-r";
    /// Nexthop objects.
    NEXTHOP = 32, "RTNLGRP_NEXTHOP", "nexthop";
    BRVLAN = 33, "RTNLGRP_BRVLAN", "brvlan";
    MCTP_IFADDR = 34, "RTNLGRP_MCTP_IFADDR", "mctp-ifaddr";
    TUNNEL = 35, "RTNLGRP_TUNNEL", "tunnel";
    STATS = 36, "RTNLGRP_STATS", "stats";
    /// IPv4 multicast addresses joined and left (newer than the installed `rtnetlink.h`;
    /// Linux 6.13).
    IPV4_MCADDR = 37, "RTNLGRP_IPV4_MCADDR", "ipv4-mcaddr";
    /// IPv6 multicast addresses joined and left (Linux 6.13).
    IPV6_MCADDR = 38, "RTNLGRP_IPV6_MCADDR", "ipv6-mcaddr";
    /// IPv6 anycast addresses added and removed (Linux 6.13).
    IPV6_ACADDR = 39, "RTNLGRP_IPV6_ACADDR", "ipv6-acaddr";
}

kernel_struct! {
    /// `struct rtgenmsg`: the one-byte family header of namespace id and cache report
    /// messages (padded to 4 bytes on the wire, as every family header is).
    RtGenMsg = "rtgenmsg", 1 {
        /// `rtgen_family`.
        pub rtgen_family: u8,
    }
}

impl RtGenMsg {
    /// A header for `family`.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily) -> Self {
        RtGenMsg {
            rtgen_family: family.0,
        }
    }
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
    IPMR = 128, "RTNL_FAMILY_IPMR", "ipmr";
    IP6MR = 129, "RTNL_FAMILY_IP6MR", "ip6mr";
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
    RouteProtocol(u8);
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
        assert_eq!(format!("{:?}", RouteProtocol::BOOT), "RTPROT_BOOT");
        assert_eq!(RouteProtocol::BOOT.to_string(), "boot");
        assert_eq!(RouteProtocol(77).to_string(), "77");
        assert_eq!(format!("{:?}", RouteProtocol(77)), "RouteProtocol(77)");
        assert_eq!(
            RouteProtocol::from_short_name("static"),
            Some(RouteProtocol::STATIC)
        );
        assert_eq!(Table::MAIN.to_string(), "main");
        assert_eq!(Scope::LINK.to_string(), "link");
        assert_eq!(Group::IPV4_ROUTE.0, 7);
        assert_eq!(message_name(RTM_NEWROUTE), Some("RTM_NEWROUTE"));
        assert_eq!(family_header_len(RTM_GETADDR), Some(8));
    }
}
