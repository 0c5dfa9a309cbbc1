//! Link kinds: the attribute spaces of the per-kind data in `IFLA_LINKINFO`
//! (`IFLA_INFO_DATA` and `IFLA_INFO_SLAVE_DATA`) of bridge and bridge port, vlan, vxlan, bond and
//! bond slave, macvlan/macvtap, ipvlan/ipvtap, vrf and vrf port, gre/gretap/ip6gre/erspan,
//! ipip/sit/ip6tnl, geneve, tun, macsec, hsr, bareudp, gtp, xfrm, vti/vti6, amt, batadv, rmnet,
//! ipoib, wwan, dsa and can links, with their value sets and kernel structs.
//!
//! [`LinkInfo`](crate::rtnl::link::LinkInfo) reads the nest and picks the view of its data by
//! the kind's name ([`KindData`](crate::rtnl::link::KindData)); veth's data is declared with
//! the link messages, since its peer is one. Each view (`VxlanData`, ...) has one accessor per
//! attribute, returning `Result<Option<T>>`: a bad attribute fails only its own accessor.
//!
//! Sources of truth: `include/uapi/linux/if_link.h`, `if_tunnel.h`, `if_bridge.h`,
//! `if_bonding.h`, `if_vlan.h`, `if_macsec.h`, `amt.h`, `wwan.h`, `can/netlink.h`, and the kernel's `nla_policy` tables and `fill_info` functions
//! where a header leaves a width unsaid.

use core::net::IpAddr;

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::byteorder::network_endian::U16 as BeU16;

use crate::attr::{Attr, AttrWrite, Attrs};
use crate::error::Result;
use crate::rtnl::Table;
use crate::typed::{Check, Untyped, Value, Walker};

// ---------------------------------------------------------------------------------------------
// Kernel structs and values of more than one kind.

kernel_struct! {
    /// `struct ifla_bridge_id`: a bridge identifier (priority and address), as in
    /// `IFLA_BR_ROOT_ID` and `IFLA_BRPORT_BRIDGE_ID`.
    IflaBridgeId = "ifla_bridge_id", 8 {
        /// `prio`: the bridge priority, big-endian.
        pub prio: [u8; 2],
        /// `addr`: the bridge's Ethernet address.
        pub addr: [u8; 6],
    }
}

kernel_struct! {
    /// `struct br_boolopt_multi`: several bridge boolean options at once
    /// (`IFLA_BR_MULTI_BOOLOPT`).
    BrBoolOptMulti = "br_boolopt_multi", 8 {
        /// `optval`: the values, one bit per `BR_BOOLOPT_*`.
        pub optval: U32,
        /// `optmask`: which bits of `optval` are meant.
        pub optmask: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vlan_flags`: `VLAN_FLAG_*` bits and the mask of bits to change
    /// (`IFLA_VLAN_FLAGS`).
    IflaVlanFlags = "ifla_vlan_flags", 8 {
        /// `flags`: [`VlanFlags`] bits.
        pub flags: U32,
        /// `mask`: the bits of `flags` to apply.
        pub mask: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vlan_qos_mapping`: one priority mapping (`IFLA_VLAN_QOS_MAPPING`).
    IflaVlanQosMapping = "ifla_vlan_qos_mapping", 8 {
        /// `from`: the skb priority (egress) or the VLAN PCP (ingress).
        pub from: U32,
        /// `to`: the VLAN PCP (egress) or the skb priority (ingress).
        pub to: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vxlan_port_range`: the UDP source port range, both ends big-endian
    /// (`IFLA_VXLAN_PORT_RANGE`).
    IflaPortRange = "ifla_vxlan_port_range", 4 {
        /// `low`: the first port.
        pub low: BeU16,
        /// `high`: the last port.
        pub high: BeU16,
    }
}

impl IflaPortRange {
    /// The range `low..=high`.
    #[must_use]
    #[inline]
    pub fn new(low: u16, high: u16) -> Self {
        IflaPortRange {
            low: BeU16::new(low),
            high: BeU16::new(high),
        }
    }
}

/// A switch the kernel reads as an `NLA_FLAG` (present means on) but dumps as a `u8` 0 or 1,
/// such as `IFLA_VXLAN_TTL_INHERIT`: a request's empty attribute and a dump's byte both read,
/// and each writes back as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagOrU8 {
    /// The attribute without payload, as a request sends it: on.
    Flag,
    /// The byte a dump carries: on when not 0.
    U8(u8),
}

impl FlagOrU8 {
    /// Whether the switch is on.
    #[must_use]
    #[inline]
    pub fn is_on(self) -> bool {
        match self {
            FlagOrU8::Flag => true,
            FlagOrU8::U8(v) => v != 0,
        }
    }
}

impl Value<'_> for FlagOrU8 {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        if attr.payload().is_empty() {
            Ok(FlagOrU8::Flag)
        } else {
            attr.as_u8().map(FlagOrU8::U8)
        }
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        match self {
            FlagOrU8::Flag => w.put_flag(kind),
            FlagOrU8::U8(v) => w.put_u8(kind, *v),
        };
    }
}

impl Check for FlagOrU8 {}

/// `IFLA_IPTUN_FLAGS`, whose width depends on the kind: a `u16` for sit (`SIT_ISATAP`), a
/// `u32` for ip6tnl (`IP6_TNL_F_*`). The width it came with is kept, so that it writes back the
/// same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IptunFlags {
    /// sit's 16 bits.
    U16(u16),
    /// ip6tnl's 32 bits.
    U32(u32),
}

impl IptunFlags {
    /// The flag bits, whatever their width.
    #[must_use]
    #[inline]
    pub fn bits(self) -> u32 {
        match self {
            IptunFlags::U16(v) => u32::from(v),
            IptunFlags::U32(v) => v,
        }
    }
}

impl Value<'_> for IptunFlags {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        match attr.payload().len() {
            2 => attr.as_u16().map(IptunFlags::U16),
            _ => attr.as_u32().map(IptunFlags::U32),
        }
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        match self {
            IptunFlags::U16(v) => w.put_u16(kind, *v),
            IptunFlags::U32(v) => w.put_u32(kind, *v),
        };
    }
}

impl Check for IptunFlags {}

/// A nest of addresses numbered from 0 (`IFLA_BOND_ARP_IP_TARGET`, IPv4, and
/// `IFLA_BOND_NS_IP6_TARGET`, IPv6), read in place; it iterates over the addresses. An entry
/// that is neither 4 nor 16 bytes yields its error; a broken frame ends after its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddrList<'a> {
    attr: Attr<'a>,
    entries: Attrs<'a>,
}

impl<'a> AddrList<'a> {
    /// The list in attribute `attr`.
    #[must_use]
    #[inline]
    pub fn new(attr: Attr<'a>) -> Self {
        AddrList {
            attr,
            entries: attr.nested(),
        }
    }

    /// The entries, raw.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attr.nested()
    }
}

impl Iterator for AddrList<'_> {
    type Item = Result<IpAddr>;

    #[inline]
    fn next(&mut self) -> Option<Result<IpAddr>> {
        self.entries.next().map(|a| a.and_then(|a| a.as_ip()))
    }
}

attr_view_value!(['a] AddrList<'a> = AddrList::new);

impl Check for AddrList<'_> {
    fn check(&self, w: &mut Walker) {
        w.nested(|w| {
            for a in self.attrs().flatten() {
                w.count(&a.as_ip());
            }
        });
    }
}

values! {
    /// `ETH_P_8021Q` / `ETH_P_8021AD`: the VLAN protocol (`IFLA_VLAN_PROTOCOL`,
    /// `IFLA_BR_VLAN_PROTOCOL`, which carry it big-endian).
    VlanProtocol(u16);
    /// IEEE 802.1Q.
    DOT1Q = 0x8100, "ETH_P_8021Q", "802.1Q";
    /// IEEE 802.1ad (QinQ).
    DOT1AD = 0x88a8, "ETH_P_8021AD", "802.1ad";
}

// ---------------------------------------------------------------------------------------------
// bridge

attributes! {
    /// The data of a `bridge` link.
    view BridgeData;
    /// `IFLA_BR_*`: the data of a `bridge` link. Times are in hundredths of a second
    /// (`clock_t`).
    numbers IflaBr;
    /// A typed bridge data attribute.
    enum BridgeAttr<'a>;
    FORWARD_DELAY = 1, "IFLA_BR_FORWARD_DELAY", ForwardDelay(u32), forward_delay;
    HELLO_TIME = 2, "IFLA_BR_HELLO_TIME", HelloTime(u32), hello_time;
    MAX_AGE = 3, "IFLA_BR_MAX_AGE", MaxAge(u32), max_age;
    AGEING_TIME = 4, "IFLA_BR_AGEING_TIME", AgeingTime(u32), ageing_time;
    /// 0: STP off, 1: kernel STP, 2: user-space STP.
    STP_STATE = 5, "IFLA_BR_STP_STATE", StpState(u32), stp_state;
    PRIORITY = 6, "IFLA_BR_PRIORITY", Priority(u16), priority;
    VLAN_FILTERING = 7, "IFLA_BR_VLAN_FILTERING", VlanFiltering(u8), vlan_filtering;
    /// See [`VlanProtocol`].
    VLAN_PROTOCOL = 8, "IFLA_BR_VLAN_PROTOCOL", VlanProtocol(be16), vlan_protocol;
    GROUP_FWD_MASK = 9, "IFLA_BR_GROUP_FWD_MASK", GroupFwdMask(u16), group_fwd_mask;
    ROOT_ID = 10, "IFLA_BR_ROOT_ID", RootId({IflaBridgeId}), root_id;
    BRIDGE_ID = 11, "IFLA_BR_BRIDGE_ID", BridgeId({IflaBridgeId}), bridge_id;
    ROOT_PORT = 12, "IFLA_BR_ROOT_PORT", RootPort(u16), root_port;
    ROOT_PATH_COST = 13, "IFLA_BR_ROOT_PATH_COST", RootPathCost(u32), root_path_cost;
    TOPOLOGY_CHANGE = 14, "IFLA_BR_TOPOLOGY_CHANGE", TopologyChange(u8), topology_change;
    TOPOLOGY_CHANGE_DETECTED = 15, "IFLA_BR_TOPOLOGY_CHANGE_DETECTED", TopologyChangeDetected(u8), topology_change_detected;
    HELLO_TIMER = 16, "IFLA_BR_HELLO_TIMER", HelloTimer(u64), hello_timer;
    TCN_TIMER = 17, "IFLA_BR_TCN_TIMER", TcnTimer(u64), tcn_timer;
    TOPOLOGY_CHANGE_TIMER = 18, "IFLA_BR_TOPOLOGY_CHANGE_TIMER", TopologyChangeTimer(u64), topology_change_timer;
    GC_TIMER = 19, "IFLA_BR_GC_TIMER", GcTimer(u64), gc_timer;
    /// A 6-byte Ethernet address.
    GROUP_ADDR = 20, "IFLA_BR_GROUP_ADDR", GroupAddr(bytes), group_addr;
    FDB_FLUSH = 21, "IFLA_BR_FDB_FLUSH", FdbFlush(flag), fdb_flush;
    MCAST_ROUTER = 22, "IFLA_BR_MCAST_ROUTER", McastRouter(u8), mcast_router;
    MCAST_SNOOPING = 23, "IFLA_BR_MCAST_SNOOPING", McastSnooping(u8), mcast_snooping;
    MCAST_QUERY_USE_IFADDR = 24, "IFLA_BR_MCAST_QUERY_USE_IFADDR", McastQueryUseIfaddr(u8), mcast_query_use_ifaddr;
    MCAST_QUERIER = 25, "IFLA_BR_MCAST_QUERIER", McastQuerier(u8), mcast_querier;
    MCAST_HASH_ELASTICITY = 26, "IFLA_BR_MCAST_HASH_ELASTICITY", McastHashElasticity(u32), mcast_hash_elasticity;
    MCAST_HASH_MAX = 27, "IFLA_BR_MCAST_HASH_MAX", McastHashMax(u32), mcast_hash_max;
    MCAST_LAST_MEMBER_CNT = 28, "IFLA_BR_MCAST_LAST_MEMBER_CNT", McastLastMemberCnt(u32), mcast_last_member_cnt;
    MCAST_STARTUP_QUERY_CNT = 29, "IFLA_BR_MCAST_STARTUP_QUERY_CNT", McastStartupQueryCnt(u32), mcast_startup_query_cnt;
    MCAST_LAST_MEMBER_INTVL = 30, "IFLA_BR_MCAST_LAST_MEMBER_INTVL", McastLastMemberIntvl(u64), mcast_last_member_intvl;
    MCAST_MEMBERSHIP_INTVL = 31, "IFLA_BR_MCAST_MEMBERSHIP_INTVL", McastMembershipIntvl(u64), mcast_membership_intvl;
    MCAST_QUERIER_INTVL = 32, "IFLA_BR_MCAST_QUERIER_INTVL", McastQuerierIntvl(u64), mcast_querier_intvl;
    MCAST_QUERY_INTVL = 33, "IFLA_BR_MCAST_QUERY_INTVL", McastQueryIntvl(u64), mcast_query_intvl;
    MCAST_QUERY_RESPONSE_INTVL = 34, "IFLA_BR_MCAST_QUERY_RESPONSE_INTVL", McastQueryResponseIntvl(u64), mcast_query_response_intvl;
    MCAST_STARTUP_QUERY_INTVL = 35, "IFLA_BR_MCAST_STARTUP_QUERY_INTVL", McastStartupQueryIntvl(u64), mcast_startup_query_intvl;
    NF_CALL_IPTABLES = 36, "IFLA_BR_NF_CALL_IPTABLES", NfCallIptables(u8), nf_call_iptables;
    NF_CALL_IP6TABLES = 37, "IFLA_BR_NF_CALL_IP6TABLES", NfCallIp6tables(u8), nf_call_ip6tables;
    NF_CALL_ARPTABLES = 38, "IFLA_BR_NF_CALL_ARPTABLES", NfCallArptables(u8), nf_call_arptables;
    VLAN_DEFAULT_PVID = 39, "IFLA_BR_VLAN_DEFAULT_PVID", VlanDefaultPvid(u16), vlan_default_pvid;
    /// Padding that aligns the 64-bit attributes.
    PAD = 40, "IFLA_BR_PAD", Pad(bytes), pad;
    VLAN_STATS_ENABLED = 41, "IFLA_BR_VLAN_STATS_ENABLED", VlanStatsEnabled(u8), vlan_stats_enabled;
    MCAST_STATS_ENABLED = 42, "IFLA_BR_MCAST_STATS_ENABLED", McastStatsEnabled(u8), mcast_stats_enabled;
    MCAST_IGMP_VERSION = 43, "IFLA_BR_MCAST_IGMP_VERSION", McastIgmpVersion(u8), mcast_igmp_version;
    MCAST_MLD_VERSION = 44, "IFLA_BR_MCAST_MLD_VERSION", McastMldVersion(u8), mcast_mld_version;
    VLAN_STATS_PER_PORT = 45, "IFLA_BR_VLAN_STATS_PER_PORT", VlanStatsPerPort(u8), vlan_stats_per_port;
    MULTI_BOOLOPT = 46, "IFLA_BR_MULTI_BOOLOPT", MultiBoolopt({BrBoolOptMulti}), multi_boolopt;
    /// A nest of `BRIDGE_QUERIER_*` attributes.
    MCAST_QUERIER_STATE = 47, "IFLA_BR_MCAST_QUERIER_STATE", McastQuerierState(nest Untyped), mcast_querier_state;
    FDB_N_LEARNED = 48, "IFLA_BR_FDB_N_LEARNED", FdbNLearned(u32), fdb_n_learned;
    FDB_MAX_LEARNED = 49, "IFLA_BR_FDB_MAX_LEARNED", FdbMaxLearned(u32), fdb_max_learned;
}

attributes! {
    /// The slave data of a bridge port.
    view BridgePortData;
    /// `IFLA_BRPORT_*`: the slave data of a bridge port (`IFLA_INFO_SLAVE_DATA` when
    /// `IFLA_INFO_SLAVE_KIND` is `bridge`; also `IFLA_PROTINFO` of `AF_BRIDGE` messages).
    numbers IflaBrport;
    /// A typed bridge port attribute.
    enum BridgePortAttr<'a>;
    /// The spanning-tree state.
    STATE = 1, "IFLA_BRPORT_STATE", State(val BridgePortState), state;
    PRIORITY = 2, "IFLA_BRPORT_PRIORITY", Priority(u16), priority;
    COST = 3, "IFLA_BRPORT_COST", Cost(u32), cost;
    /// Hairpin mode.
    MODE = 4, "IFLA_BRPORT_MODE", Mode(u8), mode;
    GUARD = 5, "IFLA_BRPORT_GUARD", Guard(u8), guard;
    PROTECT = 6, "IFLA_BRPORT_PROTECT", Protect(u8), protect;
    FAST_LEAVE = 7, "IFLA_BRPORT_FAST_LEAVE", FastLeave(u8), fast_leave;
    LEARNING = 8, "IFLA_BRPORT_LEARNING", Learning(u8), learning;
    UNICAST_FLOOD = 9, "IFLA_BRPORT_UNICAST_FLOOD", UnicastFlood(u8), unicast_flood;
    PROXYARP = 10, "IFLA_BRPORT_PROXYARP", Proxyarp(u8), proxyarp;
    LEARNING_SYNC = 11, "IFLA_BRPORT_LEARNING_SYNC", LearningSync(u8), learning_sync;
    PROXYARP_WIFI = 12, "IFLA_BRPORT_PROXYARP_WIFI", ProxyarpWifi(u8), proxyarp_wifi;
    ROOT_ID = 13, "IFLA_BRPORT_ROOT_ID", RootId({IflaBridgeId}), root_id;
    BRIDGE_ID = 14, "IFLA_BRPORT_BRIDGE_ID", BridgeId({IflaBridgeId}), bridge_id;
    DESIGNATED_PORT = 15, "IFLA_BRPORT_DESIGNATED_PORT", DesignatedPort(u16), designated_port;
    DESIGNATED_COST = 16, "IFLA_BRPORT_DESIGNATED_COST", DesignatedCost(u16), designated_cost;
    ID = 17, "IFLA_BRPORT_ID", Id(u16), id;
    NO = 18, "IFLA_BRPORT_NO", No(u16), no;
    TOPOLOGY_CHANGE_ACK = 19, "IFLA_BRPORT_TOPOLOGY_CHANGE_ACK", TopologyChangeAck(u8), topology_change_ack;
    CONFIG_PENDING = 20, "IFLA_BRPORT_CONFIG_PENDING", ConfigPending(u8), config_pending;
    MESSAGE_AGE_TIMER = 21, "IFLA_BRPORT_MESSAGE_AGE_TIMER", MessageAgeTimer(u64), message_age_timer;
    FORWARD_DELAY_TIMER = 22, "IFLA_BRPORT_FORWARD_DELAY_TIMER", ForwardDelayTimer(u64), forward_delay_timer;
    HOLD_TIMER = 23, "IFLA_BRPORT_HOLD_TIMER", HoldTimer(u64), hold_timer;
    FLUSH = 24, "IFLA_BRPORT_FLUSH", Flush(flag), flush;
    MULTICAST_ROUTER = 25, "IFLA_BRPORT_MULTICAST_ROUTER", MulticastRouter(u8), multicast_router;
    /// Padding that aligns the 64-bit attributes.
    PAD = 26, "IFLA_BRPORT_PAD", Pad(bytes), pad;
    MCAST_FLOOD = 27, "IFLA_BRPORT_MCAST_FLOOD", McastFlood(u8), mcast_flood;
    MCAST_TO_UCAST = 28, "IFLA_BRPORT_MCAST_TO_UCAST", McastToUcast(u8), mcast_to_ucast;
    VLAN_TUNNEL = 29, "IFLA_BRPORT_VLAN_TUNNEL", VlanTunnel(u8), vlan_tunnel;
    BCAST_FLOOD = 30, "IFLA_BRPORT_BCAST_FLOOD", BcastFlood(u8), bcast_flood;
    GROUP_FWD_MASK = 31, "IFLA_BRPORT_GROUP_FWD_MASK", GroupFwdMask(u16), group_fwd_mask;
    NEIGH_SUPPRESS = 32, "IFLA_BRPORT_NEIGH_SUPPRESS", NeighSuppress(u8), neigh_suppress;
    ISOLATED = 33, "IFLA_BRPORT_ISOLATED", Isolated(u8), isolated;
    /// The ifindex of the backup port.
    BACKUP_PORT = 34, "IFLA_BRPORT_BACKUP_PORT", BackupPort(u32), backup_port;
    MRP_RING_OPEN = 35, "IFLA_BRPORT_MRP_RING_OPEN", MrpRingOpen(u8), mrp_ring_open;
    MRP_IN_OPEN = 36, "IFLA_BRPORT_MRP_IN_OPEN", MrpInOpen(u8), mrp_in_open;
    MCAST_EHT_HOSTS_LIMIT = 37, "IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT", McastEhtHostsLimit(u32), mcast_eht_hosts_limit;
    MCAST_EHT_HOSTS_CNT = 38, "IFLA_BRPORT_MCAST_EHT_HOSTS_CNT", McastEhtHostsCnt(u32), mcast_eht_hosts_cnt;
    LOCKED = 39, "IFLA_BRPORT_LOCKED", Locked(u8), locked;
    /// MAC authentication bypass.
    MAB = 40, "IFLA_BRPORT_MAB", Mab(u8), mab;
    MCAST_N_GROUPS = 41, "IFLA_BRPORT_MCAST_N_GROUPS", McastNGroups(u32), mcast_n_groups;
    MCAST_MAX_GROUPS = 42, "IFLA_BRPORT_MCAST_MAX_GROUPS", McastMaxGroups(u32), mcast_max_groups;
    NEIGH_VLAN_SUPPRESS = 43, "IFLA_BRPORT_NEIGH_VLAN_SUPPRESS", NeighVlanSuppress(u8), neigh_vlan_suppress;
    BACKUP_NHID = 44, "IFLA_BRPORT_BACKUP_NHID", BackupNhid(u32), backup_nhid;
}

values! {
    /// `BR_STATE_*`: the spanning-tree state of a bridge port (`IFLA_BRPORT_STATE`).
    BridgePortState(u8);
    DISABLED = 0, "BR_STATE_DISABLED", "disabled";
    LISTENING = 1, "BR_STATE_LISTENING", "listening";
    LEARNING = 2, "BR_STATE_LEARNING", "learning";
    FORWARDING = 3, "BR_STATE_FORWARDING", "forwarding";
    BLOCKING = 4, "BR_STATE_BLOCKING", "blocking";
}

// ---------------------------------------------------------------------------------------------
// vlan

attributes! {
    /// The data of a `vlan` link.
    view VlanData;
    /// `IFLA_VLAN_*`: the data of a `vlan` link. The parent is `IFLA_LINK` of the link message.
    numbers IflaVlan;
    /// A typed vlan data attribute.
    enum VlanAttr<'a>;
    /// The VLAN id, 0 to 4094.
    ID = 1, "IFLA_VLAN_ID", Id(u16), id;
    /// [`VlanFlags`] and the mask of flags to change.
    FLAGS = 2, "IFLA_VLAN_FLAGS", Flags({IflaVlanFlags}), flags;
    /// The egress priority map.
    EGRESS_QOS = 3, "IFLA_VLAN_EGRESS_QOS", EgressQos(nest IflaVlanQos), egress_qos;
    /// The ingress priority map.
    INGRESS_QOS = 4, "IFLA_VLAN_INGRESS_QOS", IngressQos(nest IflaVlanQos), ingress_qos;
    /// See [`VlanProtocol`].
    PROTOCOL = 5, "IFLA_VLAN_PROTOCOL", Protocol(be16), protocol;
}

attributes! {
    /// A VLAN priority map.
    view VlanQosData;
    /// `IFLA_VLAN_QOS_*`: the entries of `IFLA_VLAN_EGRESS_QOS` and `IFLA_VLAN_INGRESS_QOS`.
    numbers IflaVlanQos;
    /// A typed VLAN priority-mapping attribute.
    enum VlanQosAttr<'a>;
    /// One mapping (the list repeats this attribute).
    MAPPING = 1, "IFLA_VLAN_QOS_MAPPING", Mapping({IflaVlanQosMapping}), first_mapping;
}

flags! {
    /// `VLAN_FLAG_*` (`if_vlan.h`): the flags of a vlan link (`IFLA_VLAN_FLAGS`).
    VlanFlags(u32);
    REORDER_HDR = 0x1, "VLAN_FLAG_REORDER_HDR", "reorder_hdr";
    GVRP = 0x2, "VLAN_FLAG_GVRP", "gvrp";
    LOOSE_BINDING = 0x4, "VLAN_FLAG_LOOSE_BINDING", "loose_binding";
    MVRP = 0x8, "VLAN_FLAG_MVRP", "mvrp";
    BRIDGE_BINDING = 0x10, "VLAN_FLAG_BRIDGE_BINDING", "bridge_binding";
}

// ---------------------------------------------------------------------------------------------
// vxlan

attributes! {
    /// The data of a `vxlan` link.
    view VxlanData;
    /// `IFLA_VXLAN_*`: the data of a `vxlan` link. Ports are big-endian; `GROUP`/`LOCAL` are
    /// IPv4 (4 bytes), `GROUP6`/`LOCAL6` IPv6 (16 bytes).
    numbers IflaVxlan;
    /// A typed vxlan data attribute.
    enum VxlanAttr<'a>;
    /// The VXLAN network identifier (24 bits).
    ID = 1, "IFLA_VXLAN_ID", Id(u32), id;
    /// The IPv4 remote or multicast group.
    GROUP = 2, "IFLA_VXLAN_GROUP", Group(ip), group;
    /// The ifindex of the underlying device.
    LINK = 3, "IFLA_VXLAN_LINK", Link(u32), link;
    /// The IPv4 source address.
    LOCAL = 4, "IFLA_VXLAN_LOCAL", Local(ip), local;
    TTL = 5, "IFLA_VXLAN_TTL", Ttl(u8), ttl;
    TOS = 6, "IFLA_VXLAN_TOS", Tos(u8), tos;
    LEARNING = 7, "IFLA_VXLAN_LEARNING", Learning(u8), learning;
    /// Seconds.
    AGEING = 8, "IFLA_VXLAN_AGEING", Ageing(u32), ageing;
    LIMIT = 9, "IFLA_VXLAN_LIMIT", Limit(u32), limit;
    /// The UDP source port range.
    PORT_RANGE = 10, "IFLA_VXLAN_PORT_RANGE", PortRange({IflaPortRange}), port_range;
    PROXY = 11, "IFLA_VXLAN_PROXY", Proxy(u8), proxy;
    RSC = 12, "IFLA_VXLAN_RSC", Rsc(u8), rsc;
    L2MISS = 13, "IFLA_VXLAN_L2MISS", L2miss(u8), l2miss;
    L3MISS = 14, "IFLA_VXLAN_L3MISS", L3miss(u8), l3miss;
    /// The UDP destination port (big-endian on the wire).
    PORT = 15, "IFLA_VXLAN_PORT", Port(be16), port;
    /// The IPv6 remote or multicast group.
    GROUP6 = 16, "IFLA_VXLAN_GROUP6", Group6(ip), group6;
    /// The IPv6 source address.
    LOCAL6 = 17, "IFLA_VXLAN_LOCAL6", Local6(ip), local6;
    UDP_CSUM = 18, "IFLA_VXLAN_UDP_CSUM", UdpCsum(u8), udp_csum;
    UDP_ZERO_CSUM6_TX = 19, "IFLA_VXLAN_UDP_ZERO_CSUM6_TX", UdpZeroCsum6Tx(u8), udp_zero_csum6_tx;
    UDP_ZERO_CSUM6_RX = 20, "IFLA_VXLAN_UDP_ZERO_CSUM6_RX", UdpZeroCsum6Rx(u8), udp_zero_csum6_rx;
    REMCSUM_TX = 21, "IFLA_VXLAN_REMCSUM_TX", RemcsumTx(u8), remcsum_tx;
    REMCSUM_RX = 22, "IFLA_VXLAN_REMCSUM_RX", RemcsumRx(u8), remcsum_rx;
    GBP = 23, "IFLA_VXLAN_GBP", Gbp(flag), gbp;
    REMCSUM_NOPARTIAL = 24, "IFLA_VXLAN_REMCSUM_NOPARTIAL", RemcsumNopartial(flag), remcsum_nopartial;
    COLLECT_METADATA = 25, "IFLA_VXLAN_COLLECT_METADATA", CollectMetadata(u8), collect_metadata;
    /// The IPv6 flow label (big-endian).
    LABEL = 26, "IFLA_VXLAN_LABEL", Label(be32), label;
    GPE = 27, "IFLA_VXLAN_GPE", Gpe(flag), gpe;
    /// Whether the outer TTL is the inner one: a flag in requests, a `u8` in dumps.
    TTL_INHERIT = 28, "IFLA_VXLAN_TTL_INHERIT", TtlInherit(val FlagOrU8), ttl_inherit;
    /// `VXLAN_DF_*`: 0 unset, 1 set, 2 inherit.
    DF = 29, "IFLA_VXLAN_DF", Df(u8), df;
    VNIFILTER = 30, "IFLA_VXLAN_VNIFILTER", Vnifilter(u8), vnifilter;
    LOCALBYPASS = 31, "IFLA_VXLAN_LOCALBYPASS", Localbypass(u8), localbypass;
    LABEL_POLICY = 32, "IFLA_VXLAN_LABEL_POLICY", LabelPolicy(u32), label_policy;
    /// The 8-byte VXLAN header of bits allowed to be set.
    RESERVED_BITS = 33, "IFLA_VXLAN_RESERVED_BITS", ReservedBits(bytes), reserved_bits;
    MC_ROUTE = 34, "IFLA_VXLAN_MC_ROUTE", McRoute(u8), mc_route;
}

// ---------------------------------------------------------------------------------------------
// bond

attributes! {
    /// The data of a `bond` link.
    view BondData;
    /// `IFLA_BOND_*`: the data of a `bond` link.
    numbers IflaBond;
    /// A typed bond data attribute.
    enum BondAttr<'a>;
    /// The bonding mode.
    MODE = 1, "IFLA_BOND_MODE", Mode(val BondMode), mode;
    /// The ifindex of the active slave.
    ACTIVE_SLAVE = 2, "IFLA_BOND_ACTIVE_SLAVE", ActiveSlave(u32), active_slave;
    /// Milliseconds.
    MIIMON = 3, "IFLA_BOND_MIIMON", Miimon(u32), miimon;
    UPDELAY = 4, "IFLA_BOND_UPDELAY", Updelay(u32), updelay;
    DOWNDELAY = 5, "IFLA_BOND_DOWNDELAY", Downdelay(u32), downdelay;
    USE_CARRIER = 6, "IFLA_BOND_USE_CARRIER", UseCarrier(u8), use_carrier;
    ARP_INTERVAL = 7, "IFLA_BOND_ARP_INTERVAL", ArpInterval(u32), arp_interval;
    /// The IPv4 ARP targets.
    ARP_IP_TARGET = 8, "IFLA_BOND_ARP_IP_TARGET", ArpIpTarget(val AddrList<'a>), arp_ip_target;
    ARP_VALIDATE = 9, "IFLA_BOND_ARP_VALIDATE", ArpValidate(u32), arp_validate;
    ARP_ALL_TARGETS = 10, "IFLA_BOND_ARP_ALL_TARGETS", ArpAllTargets(u32), arp_all_targets;
    /// The ifindex of the primary slave.
    PRIMARY = 11, "IFLA_BOND_PRIMARY", Primary(u32), primary;
    PRIMARY_RESELECT = 12, "IFLA_BOND_PRIMARY_RESELECT", PrimaryReselect(u8), primary_reselect;
    FAIL_OVER_MAC = 13, "IFLA_BOND_FAIL_OVER_MAC", FailOverMac(u8), fail_over_mac;
    /// How flows are hashed onto ports.
    XMIT_HASH_POLICY = 14, "IFLA_BOND_XMIT_HASH_POLICY", XmitHashPolicy(val BondXmitHashPolicy), xmit_hash_policy;
    RESEND_IGMP = 15, "IFLA_BOND_RESEND_IGMP", ResendIgmp(u32), resend_igmp;
    NUM_PEER_NOTIF = 16, "IFLA_BOND_NUM_PEER_NOTIF", NumPeerNotif(u8), num_peer_notif;
    ALL_SLAVES_ACTIVE = 17, "IFLA_BOND_ALL_SLAVES_ACTIVE", AllSlavesActive(u8), all_slaves_active;
    MIN_LINKS = 18, "IFLA_BOND_MIN_LINKS", MinLinks(u32), min_links;
    LP_INTERVAL = 19, "IFLA_BOND_LP_INTERVAL", LpInterval(u32), lp_interval;
    PACKETS_PER_SLAVE = 20, "IFLA_BOND_PACKETS_PER_SLAVE", PacketsPerSlave(u32), packets_per_slave;
    /// The LACPDU rate asked of the partner.
    AD_LACP_RATE = 21, "IFLA_BOND_AD_LACP_RATE", AdLacpRate(val BondLacpRate), ad_lacp_rate;
    AD_SELECT = 22, "IFLA_BOND_AD_SELECT", AdSelect(u8), ad_select;
    /// The 802.3ad state.
    AD_INFO = 23, "IFLA_BOND_AD_INFO", AdInfo(nest IflaBondAdInfo), ad_info;
    AD_ACTOR_SYS_PRIO = 24, "IFLA_BOND_AD_ACTOR_SYS_PRIO", AdActorSysPrio(u16), ad_actor_sys_prio;
    AD_USER_PORT_KEY = 25, "IFLA_BOND_AD_USER_PORT_KEY", AdUserPortKey(u16), ad_user_port_key;
    /// A 6-byte Ethernet address.
    AD_ACTOR_SYSTEM = 26, "IFLA_BOND_AD_ACTOR_SYSTEM", AdActorSystem(bytes), ad_actor_system;
    TLB_DYNAMIC_LB = 27, "IFLA_BOND_TLB_DYNAMIC_LB", TlbDynamicLb(u8), tlb_dynamic_lb;
    PEER_NOTIF_DELAY = 28, "IFLA_BOND_PEER_NOTIF_DELAY", PeerNotifDelay(u32), peer_notif_delay;
    AD_LACP_ACTIVE = 29, "IFLA_BOND_AD_LACP_ACTIVE", AdLacpActive(u8), ad_lacp_active;
    MISSED_MAX = 30, "IFLA_BOND_MISSED_MAX", MissedMax(u8), missed_max;
    /// The IPv6 neighbour solicitation targets.
    NS_IP6_TARGET = 31, "IFLA_BOND_NS_IP6_TARGET", NsIp6Target(val AddrList<'a>), ns_ip6_target;
    COUPLED_CONTROL = 32, "IFLA_BOND_COUPLED_CONTROL", CoupledControl(u8), coupled_control;
    BROADCAST_NEIGH = 33, "IFLA_BOND_BROADCAST_NEIGH", BroadcastNeigh(u8), broadcast_neigh;
}

attributes! {
    /// A bond's 802.3ad information.
    view BondAdInfoData;
    /// `IFLA_BOND_AD_INFO_*`: the 802.3ad state of a bond (`IFLA_BOND_AD_INFO`).
    numbers IflaBondAdInfo;
    /// A typed 802.3ad information attribute.
    enum BondAdInfoAttr<'a>;
    AGGREGATOR = 1, "IFLA_BOND_AD_INFO_AGGREGATOR", Aggregator(u16), aggregator;
    NUM_PORTS = 2, "IFLA_BOND_AD_INFO_NUM_PORTS", NumPorts(u16), num_ports;
    ACTOR_KEY = 3, "IFLA_BOND_AD_INFO_ACTOR_KEY", ActorKey(u16), actor_key;
    PARTNER_KEY = 4, "IFLA_BOND_AD_INFO_PARTNER_KEY", PartnerKey(u16), partner_key;
    /// A 6-byte Ethernet address.
    PARTNER_MAC = 5, "IFLA_BOND_AD_INFO_PARTNER_MAC", PartnerMac(bytes), partner_mac;
}

attributes! {
    /// The slave data of a bond port.
    view BondSlaveData;
    /// `IFLA_BOND_SLAVE_*`: the slave data of a bond port (`IFLA_INFO_SLAVE_KIND` `bond`).
    numbers IflaBondSlave;
    /// A typed bond slave attribute.
    enum BondSlaveAttr<'a>;
    /// `BOND_STATE_ACTIVE` (0) or `BOND_STATE_BACKUP` (1).
    STATE = 1, "IFLA_BOND_SLAVE_STATE", State(u8), state;
    MII_STATUS = 2, "IFLA_BOND_SLAVE_MII_STATUS", MiiStatus(u8), mii_status;
    LINK_FAILURE_COUNT = 3, "IFLA_BOND_SLAVE_LINK_FAILURE_COUNT", LinkFailureCount(u32), link_failure_count;
    /// The port's own hardware address.
    PERM_HWADDR = 4, "IFLA_BOND_SLAVE_PERM_HWADDR", PermHwaddr(bytes), perm_hwaddr;
    QUEUE_ID = 5, "IFLA_BOND_SLAVE_QUEUE_ID", QueueId(u16), queue_id;
    AD_AGGREGATOR_ID = 6, "IFLA_BOND_SLAVE_AD_AGGREGATOR_ID", AdAggregatorId(u16), ad_aggregator_id;
    AD_ACTOR_OPER_PORT_STATE = 7, "IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE", AdActorOperPortState(u8), ad_actor_oper_port_state;
    AD_PARTNER_OPER_PORT_STATE = 8, "IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE", AdPartnerOperPortState(u16), ad_partner_oper_port_state;
    PRIO = 9, "IFLA_BOND_SLAVE_PRIO", Prio(i32), prio;
    ACTOR_PORT_PRIO = 10, "IFLA_BOND_SLAVE_ACTOR_PORT_PRIO", ActorPortPrio(u16), actor_port_prio;
    AD_CHURN_ACTOR_STATE = 11, "IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE", AdChurnActorState(u8), ad_churn_actor_state;
    AD_CHURN_PARTNER_STATE = 12, "IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE", AdChurnPartnerState(u8), ad_churn_partner_state;
}

values! {
    /// `BOND_MODE_*` (`if_bonding.h`): the bonding mode (`IFLA_BOND_MODE`), with the names
    /// iproute2 uses.
    BondMode(u8);
    ROUNDROBIN = 0, "BOND_MODE_ROUNDROBIN", "balance-rr";
    ACTIVEBACKUP = 1, "BOND_MODE_ACTIVEBACKUP", "active-backup";
    XOR = 2, "BOND_MODE_XOR", "balance-xor";
    BROADCAST = 3, "BOND_MODE_BROADCAST", "broadcast";
    /// IEEE 802.3ad dynamic link aggregation (LACP).
    IEEE8023AD = 4, "BOND_MODE_8023AD", "802.3ad";
    TLB = 5, "BOND_MODE_TLB", "balance-tlb";
    ALB = 6, "BOND_MODE_ALB", "balance-alb";
}

values! {
    /// `BOND_XMIT_POLICY_*` (`if_bonding.h`): how a bond hashes flows onto ports
    /// (`IFLA_BOND_XMIT_HASH_POLICY`).
    BondXmitHashPolicy(u8);
    LAYER2 = 0, "BOND_XMIT_POLICY_LAYER2", "layer2";
    LAYER34 = 1, "BOND_XMIT_POLICY_LAYER34", "layer3+4";
    LAYER23 = 2, "BOND_XMIT_POLICY_LAYER23", "layer2+3";
    ENCAP23 = 3, "BOND_XMIT_POLICY_ENCAP23", "encap2+3";
    ENCAP34 = 4, "BOND_XMIT_POLICY_ENCAP34", "encap3+4";
    VLAN_SRCMAC = 5, "BOND_XMIT_POLICY_VLAN_SRCMAC", "vlan+srcmac";
}

values! {
    /// `AD_LACP_SLOW` / `AD_LACP_FAST`: the LACPDU rate asked of the partner
    /// (`IFLA_BOND_AD_LACP_RATE`).
    BondLacpRate(u8);
    SLOW = 0, "AD_LACP_SLOW", "slow";
    FAST = 1, "AD_LACP_FAST", "fast";
}

// ---------------------------------------------------------------------------------------------
// macvlan, macvtap

attributes! {
    /// The data of a `macvlan` or `macvtap` link.
    view MacvlanData;
    /// `IFLA_MACVLAN_*`: the data of a `macvlan` or `macvtap` link. The parent is `IFLA_LINK`.
    numbers IflaMacvlan;
    /// A typed macvlan data attribute.
    enum MacvlanAttr<'a>;
    /// How macvlans on one parent reach each other.
    MODE = 1, "IFLA_MACVLAN_MODE", Mode(val MacvlanMode), mode;
    /// The macvlan flags.
    FLAGS = 2, "IFLA_MACVLAN_FLAGS", Flags(val MacvlanFlags), flags;
    /// `MACVLAN_MACADDR_*`: add, delete, flush or set the source list.
    MACADDR_MODE = 3, "IFLA_MACVLAN_MACADDR_MODE", MacaddrMode(u32), macaddr_mode;
    /// A 6-byte Ethernet address.
    MACADDR = 4, "IFLA_MACVLAN_MACADDR", Macaddr(bytes), macaddr;
    /// The source address list: `IFLA_MACVLAN_MACADDR` entries.
    MACADDR_DATA = 5, "IFLA_MACVLAN_MACADDR_DATA", MacaddrData(nest IflaMacvlan), macaddr_data;
    MACADDR_COUNT = 6, "IFLA_MACVLAN_MACADDR_COUNT", MacaddrCount(u32), macaddr_count;
    BC_QUEUE_LEN = 7, "IFLA_MACVLAN_BC_QUEUE_LEN", BcQueueLen(u32), bc_queue_len;
    BC_QUEUE_LEN_USED = 8, "IFLA_MACVLAN_BC_QUEUE_LEN_USED", BcQueueLenUsed(u32), bc_queue_len_used;
    BC_CUTOFF = 9, "IFLA_MACVLAN_BC_CUTOFF", BcCutoff(i32), bc_cutoff;
}

values! {
    /// `MACVLAN_MODE_*`: how macvlans on one parent reach each other (`IFLA_MACVLAN_MODE`).
    MacvlanMode(u32);
    PRIVATE = 1, "MACVLAN_MODE_PRIVATE", "private";
    VEPA = 2, "MACVLAN_MODE_VEPA", "vepa";
    BRIDGE = 4, "MACVLAN_MODE_BRIDGE", "bridge";
    PASSTHRU = 8, "MACVLAN_MODE_PASSTHRU", "passthru";
    SOURCE = 16, "MACVLAN_MODE_SOURCE", "source";
}

flags! {
    /// `MACVLAN_FLAG_*`: macvlan flags (`IFLA_MACVLAN_FLAGS`).
    MacvlanFlags(u16);
    NOPROMISC = 1, "MACVLAN_FLAG_NOPROMISC", "nopromisc";
    NODST = 2, "MACVLAN_FLAG_NODST", "nodst";
}

// ---------------------------------------------------------------------------------------------
// ipvlan, vrf

attributes! {
    /// The data of an `ipvlan` or `ipvtap` link.
    view IpvlanData;
    /// `IFLA_IPVLAN_*`: the data of an `ipvlan` or `ipvtap` link. The parent is `IFLA_LINK`.
    numbers IflaIpvlan;
    /// A typed ipvlan data attribute.
    enum IpvlanAttr<'a>;
    /// The ipvlan mode.
    MODE = 1, "IFLA_IPVLAN_MODE", Mode(val IpvlanMode), mode;
    /// The ipvlan flags.
    FLAGS = 2, "IFLA_IPVLAN_FLAGS", Flags(val IpvlanFlags), flags;
}

values! {
    /// `IPVLAN_MODE_*`: the ipvlan mode (`IFLA_IPVLAN_MODE`).
    IpvlanMode(u16);
    L2 = 0, "IPVLAN_MODE_L2", "l2";
    L3 = 1, "IPVLAN_MODE_L3", "l3";
    L3S = 2, "IPVLAN_MODE_L3S", "l3s";
}

flags! {
    /// `IPVLAN_F_*`: ipvlan flags (`IFLA_IPVLAN_FLAGS`); neither set is iproute2's `bridge`.
    IpvlanFlags(u16);
    PRIVATE = 0x1, "IPVLAN_F_PRIVATE", "private";
    VEPA = 0x2, "IPVLAN_F_VEPA", "vepa";
}

attributes! {
    /// The data of a `vrf` link.
    view VrfData;
    /// `IFLA_VRF_*`: the data of a `vrf` link.
    numbers IflaVrf;
    /// A typed vrf data attribute.
    enum VrfAttr<'a>;
    /// The routing table of the VRF.
    TABLE = 1, "IFLA_VRF_TABLE", Table(val Table), table;
}

attributes! {
    /// The slave data of a VRF port.
    view VrfPortData;
    /// `IFLA_VRF_PORT_*`: the slave data of a VRF port (`IFLA_INFO_SLAVE_KIND` `vrf`).
    numbers IflaVrfPort;
    /// A typed VRF port attribute.
    enum VrfPortAttr<'a>;
    /// The routing table of the port's VRF.
    TABLE = 1, "IFLA_VRF_PORT_TABLE", Table(val Table), table;
}

// ---------------------------------------------------------------------------------------------
// gre, ipip, sit, ip6tnl, geneve, tun

attributes! {
    /// The data of a GRE link.
    view GreData;
    /// `IFLA_GRE_*`: the data of `gre`, `gretap`, `ip6gre`, `ip6gretap`, `erspan` and
    /// `ip6erspan` links. Addresses are IPv4 for the IPv4 kinds and IPv6 for the `ip6*` ones.
    numbers IflaGre;
    /// A typed GRE data attribute.
    enum GreAttr<'a>;
    /// The ifindex of the underlying device.
    LINK = 1, "IFLA_GRE_LINK", Link(u32), link;
    /// Input [`GreFlags`] (big-endian on the wire).
    IFLAGS = 2, "IFLA_GRE_IFLAGS", Iflags(be16), iflags;
    /// Output [`GreFlags`] (big-endian on the wire).
    OFLAGS = 3, "IFLA_GRE_OFLAGS", Oflags(be16), oflags;
    /// The input key (big-endian on the wire).
    IKEY = 4, "IFLA_GRE_IKEY", Ikey(be32), ikey;
    /// The output key (big-endian on the wire).
    OKEY = 5, "IFLA_GRE_OKEY", Okey(be32), okey;
    LOCAL = 6, "IFLA_GRE_LOCAL", Local(ip), local;
    REMOTE = 7, "IFLA_GRE_REMOTE", Remote(ip), remote;
    /// 0 inherits the inner packet's TTL.
    TTL = 8, "IFLA_GRE_TTL", Ttl(u8), ttl;
    TOS = 9, "IFLA_GRE_TOS", Tos(u8), tos;
    PMTUDISC = 10, "IFLA_GRE_PMTUDISC", Pmtudisc(u8), pmtudisc;
    ENCAP_LIMIT = 11, "IFLA_GRE_ENCAP_LIMIT", EncapLimit(u8), encap_limit;
    /// The IPv6 flow label (big-endian).
    FLOWINFO = 12, "IFLA_GRE_FLOWINFO", Flowinfo(be32), flowinfo;
    /// `IP6_TNL_F_*` flags of the `ip6*` kinds.
    FLAGS = 13, "IFLA_GRE_FLAGS", Flags(u32), flags;
    /// The outer encapsulation.
    ENCAP_TYPE = 14, "IFLA_GRE_ENCAP_TYPE", EncapType(val TunnelEncapType), encap_type;
    /// The outer encapsulation's flags.
    ENCAP_FLAGS = 15, "IFLA_GRE_ENCAP_FLAGS", EncapFlags(val TunnelEncapFlags), encap_flags;
    ENCAP_SPORT = 16, "IFLA_GRE_ENCAP_SPORT", EncapSport(be16), encap_sport;
    ENCAP_DPORT = 17, "IFLA_GRE_ENCAP_DPORT", EncapDport(be16), encap_dport;
    COLLECT_METADATA = 18, "IFLA_GRE_COLLECT_METADATA", CollectMetadata(flag), collect_metadata;
    IGNORE_DF = 19, "IFLA_GRE_IGNORE_DF", IgnoreDf(u8), ignore_df;
    FWMARK = 20, "IFLA_GRE_FWMARK", Fwmark(u32), fwmark;
    ERSPAN_INDEX = 21, "IFLA_GRE_ERSPAN_INDEX", ErspanIndex(u32), erspan_index;
    ERSPAN_VER = 22, "IFLA_GRE_ERSPAN_VER", ErspanVer(u8), erspan_ver;
    ERSPAN_DIR = 23, "IFLA_GRE_ERSPAN_DIR", ErspanDir(u8), erspan_dir;
    ERSPAN_HWID = 24, "IFLA_GRE_ERSPAN_HWID", ErspanHwid(u16), erspan_hwid;
}

flags! {
    /// `GRE_*` (`if_tunnel.h`): the GRE header flags of `IFLA_GRE_IFLAGS`/`OFLAGS`, as host
    /// values of the big-endian field.
    GreFlags(u16);
    CSUM = 0x8000, "GRE_CSUM", "csum";
    ROUTING = 0x4000, "GRE_ROUTING", "routing";
    KEY = 0x2000, "GRE_KEY", "key";
    SEQ = 0x1000, "GRE_SEQ", "seq";
    STRICT = 0x0800, "GRE_STRICT", "strict";
}

flags! {
    /// `TUNNEL_ENCAP_FLAG_*` (`if_tunnel.h`): the flags of a tunnel's outer encapsulation
    /// (`IFLA_GRE_ENCAP_FLAGS`, `IFLA_IPTUN_ENCAP_FLAGS`).
    TunnelEncapFlags(u16);
    CSUM = 0x1, "TUNNEL_ENCAP_FLAG_CSUM", "encap-csum";
    CSUM6 = 0x2, "TUNNEL_ENCAP_FLAG_CSUM6", "encap-csum6";
    REMCSUM = 0x4, "TUNNEL_ENCAP_FLAG_REMCSUM", "encap-remcsum";
}

values! {
    /// `TUNNEL_ENCAP_*` (`if_tunnel.h`): the outer encapsulation of a tunnel
    /// (`IFLA_GRE_ENCAP_TYPE`, `IFLA_IPTUN_ENCAP_TYPE`).
    TunnelEncapType(u16);
    NONE = 0, "TUNNEL_ENCAP_NONE", "none";
    FOU = 1, "TUNNEL_ENCAP_FOU", "fou";
    GUE = 2, "TUNNEL_ENCAP_GUE", "gue";
    MPLS = 3, "TUNNEL_ENCAP_MPLS", "mpls";
}

attributes! {
    /// The data of an `ipip`, `sit` or `ip6tnl` link.
    view IptunData;
    /// `IFLA_IPTUN_*`: the data of `ipip`, `sit` and `ip6tnl` links.
    numbers IflaIptun;
    /// A typed IP tunnel data attribute.
    enum IptunAttr<'a>;
    /// The ifindex of the underlying device.
    LINK = 1, "IFLA_IPTUN_LINK", Link(u32), link;
    LOCAL = 2, "IFLA_IPTUN_LOCAL", Local(ip), local;
    REMOTE = 3, "IFLA_IPTUN_REMOTE", Remote(ip), remote;
    TTL = 4, "IFLA_IPTUN_TTL", Ttl(u8), ttl;
    TOS = 5, "IFLA_IPTUN_TOS", Tos(u8), tos;
    ENCAP_LIMIT = 6, "IFLA_IPTUN_ENCAP_LIMIT", EncapLimit(u8), encap_limit;
    /// The IPv6 flow label (big-endian).
    FLOWINFO = 7, "IFLA_IPTUN_FLOWINFO", Flowinfo(be32), flowinfo;
    /// `u16` for `sit` (`SIT_ISATAP`), `u32` for `ip6tnl` (`IP6_TNL_F_*`).
    FLAGS = 8, "IFLA_IPTUN_FLAGS", Flags(val IptunFlags), flags;
    /// The inner protocol (`IPPROTO_*`).
    PROTO = 9, "IFLA_IPTUN_PROTO", Proto(u8), proto;
    PMTUDISC = 10, "IFLA_IPTUN_PMTUDISC", Pmtudisc(u8), pmtudisc;
    /// The 6rd prefix (IPv6).
    SIXRD_PREFIX = 11, "IFLA_IPTUN_6RD_PREFIX", SixrdPrefix(ip), sixrd_prefix;
    /// The 6rd relay prefix (IPv4).
    SIXRD_RELAY_PREFIX = 12, "IFLA_IPTUN_6RD_RELAY_PREFIX", SixrdRelayPrefix(ip), sixrd_relay_prefix;
    SIXRD_PREFIXLEN = 13, "IFLA_IPTUN_6RD_PREFIXLEN", SixrdPrefixlen(u16), sixrd_prefixlen;
    SIXRD_RELAY_PREFIXLEN = 14, "IFLA_IPTUN_6RD_RELAY_PREFIXLEN", SixrdRelayPrefixlen(u16), sixrd_relay_prefixlen;
    /// The outer encapsulation.
    ENCAP_TYPE = 15, "IFLA_IPTUN_ENCAP_TYPE", EncapType(val TunnelEncapType), encap_type;
    /// The outer encapsulation's flags.
    ENCAP_FLAGS = 16, "IFLA_IPTUN_ENCAP_FLAGS", EncapFlags(val TunnelEncapFlags), encap_flags;
    ENCAP_SPORT = 17, "IFLA_IPTUN_ENCAP_SPORT", EncapSport(be16), encap_sport;
    ENCAP_DPORT = 18, "IFLA_IPTUN_ENCAP_DPORT", EncapDport(be16), encap_dport;
    COLLECT_METADATA = 19, "IFLA_IPTUN_COLLECT_METADATA", CollectMetadata(flag), collect_metadata;
    FWMARK = 20, "IFLA_IPTUN_FWMARK", Fwmark(u32), fwmark;
}

attributes! {
    /// The data of a `geneve` link.
    view GeneveData;
    /// `IFLA_GENEVE_*`: the data of a `geneve` link.
    numbers IflaGeneve;
    /// A typed geneve data attribute.
    enum GeneveAttr<'a>;
    /// The virtual network identifier (24 bits).
    ID = 1, "IFLA_GENEVE_ID", Id(u32), id;
    /// The IPv4 remote.
    REMOTE = 2, "IFLA_GENEVE_REMOTE", Remote(ip), remote;
    TTL = 3, "IFLA_GENEVE_TTL", Ttl(u8), ttl;
    TOS = 4, "IFLA_GENEVE_TOS", Tos(u8), tos;
    /// The UDP destination port (big-endian on the wire).
    PORT = 5, "IFLA_GENEVE_PORT", Port(be16), port;
    COLLECT_METADATA = 6, "IFLA_GENEVE_COLLECT_METADATA", CollectMetadata(flag), collect_metadata;
    /// The IPv6 remote.
    REMOTE6 = 7, "IFLA_GENEVE_REMOTE6", Remote6(ip), remote6;
    UDP_CSUM = 8, "IFLA_GENEVE_UDP_CSUM", UdpCsum(u8), udp_csum;
    UDP_ZERO_CSUM6_TX = 9, "IFLA_GENEVE_UDP_ZERO_CSUM6_TX", UdpZeroCsum6Tx(u8), udp_zero_csum6_tx;
    UDP_ZERO_CSUM6_RX = 10, "IFLA_GENEVE_UDP_ZERO_CSUM6_RX", UdpZeroCsum6Rx(u8), udp_zero_csum6_rx;
    /// The IPv6 flow label (big-endian).
    LABEL = 11, "IFLA_GENEVE_LABEL", Label(be32), label;
    TTL_INHERIT = 12, "IFLA_GENEVE_TTL_INHERIT", TtlInherit(u8), ttl_inherit;
    /// `GENEVE_DF_*`: 0 unset, 1 set, 2 inherit.
    DF = 13, "IFLA_GENEVE_DF", Df(u8), df;
    INNER_PROTO_INHERIT = 14, "IFLA_GENEVE_INNER_PROTO_INHERIT", InnerProtoInherit(flag), inner_proto_inherit;
    /// The IPv4 source address.
    LOCAL = 17, "IFLA_GENEVE_LOCAL", Local(ip), local;
    /// The IPv6 source address.
    LOCAL6 = 18, "IFLA_GENEVE_LOCAL6", Local6(ip), local6;
}

attributes! {
    /// The data of a `tun` link.
    view TunData;
    /// `IFLA_TUN_*`: the data of a `tun` link (read-only: tun devices are made with
    /// `/dev/net/tun`).
    numbers IflaTun;
    /// A typed tun data attribute.
    enum TunAttr<'a>;
    /// The owner's uid.
    OWNER = 1, "IFLA_TUN_OWNER", Owner(u32), owner;
    /// The owner's gid.
    GROUP = 2, "IFLA_TUN_GROUP", Group(u32), group;
    /// `IFF_TUN` (1) or `IFF_TAP` (2).
    TYPE = 3, "IFLA_TUN_TYPE", Type(u8), tun_type;
    PI = 4, "IFLA_TUN_PI", Pi(u8), pi;
    VNET_HDR = 5, "IFLA_TUN_VNET_HDR", VnetHdr(u8), vnet_hdr;
    PERSIST = 6, "IFLA_TUN_PERSIST", Persist(u8), persist;
    MULTI_QUEUE = 7, "IFLA_TUN_MULTI_QUEUE", MultiQueue(u8), multi_queue;
    NUM_QUEUES = 8, "IFLA_TUN_NUM_QUEUES", NumQueues(u32), num_queues;
    NUM_DISABLED_QUEUES = 9, "IFLA_TUN_NUM_DISABLED_QUEUES", NumDisabledQueues(u32), num_disabled_queues;
}

// ---------------------------------------------------------------------------------------------
// macsec, hsr, bareudp, gtp, xfrm, vti, amt, batadv, rmnet, ipoib, wwan, dsa

attributes! {
    /// The data of a `macsec` link.
    view MacsecData;
    /// `IFLA_MACSEC_*` (`if_link.h`): the data of a `macsec` link. The parent is `IFLA_LINK` of
    /// the link message.
    numbers IflaMacsec;
    /// A typed macsec data attribute.
    enum MacsecAttr<'a>;
    /// The secure channel identifier: the 6-byte address and the 2-byte port, big-endian.
    SCI = 1, "IFLA_MACSEC_SCI", Sci(be64), sci;
    /// The port part of the SCI (big-endian on the wire).
    PORT = 2, "IFLA_MACSEC_PORT", Port(be16), port;
    /// The ICV length in bytes.
    ICV_LEN = 3, "IFLA_MACSEC_ICV_LEN", IcvLen(u8), icv_len;
    /// See [`MacsecCipher`].
    CIPHER_SUITE = 4, "IFLA_MACSEC_CIPHER_SUITE", CipherSuite(val MacsecCipher), cipher_suite;
    /// The replay protection window.
    WINDOW = 5, "IFLA_MACSEC_WINDOW", Window(u32), window;
    /// The association number used to send.
    ENCODING_SA = 6, "IFLA_MACSEC_ENCODING_SA", EncodingSa(u8), encoding_sa;
    ENCRYPT = 7, "IFLA_MACSEC_ENCRYPT", Encrypt(u8), encrypt;
    PROTECT = 8, "IFLA_MACSEC_PROTECT", Protect(u8), protect;
    /// Whether the SCI is sent in every frame (`send_sci`).
    INC_SCI = 9, "IFLA_MACSEC_INC_SCI", IncSci(u8), inc_sci;
    /// End station (`end_station`).
    ES = 10, "IFLA_MACSEC_ES", Es(u8), es;
    /// Single copy broadcast (`scb`).
    SCB = 11, "IFLA_MACSEC_SCB", Scb(u8), scb;
    REPLAY_PROTECT = 12, "IFLA_MACSEC_REPLAY_PROTECT", ReplayProtect(u8), replay_protect;
    /// See [`MacsecValidation`].
    VALIDATION = 13, "IFLA_MACSEC_VALIDATION", Validation(val MacsecValidation), validation;
    /// Padding that aligns the 64-bit attributes.
    PAD = 14, "IFLA_MACSEC_PAD", Pad(bytes), pad;
    /// See [`MacsecOffload`].
    OFFLOAD = 15, "IFLA_MACSEC_OFFLOAD", Offload(val MacsecOffload), offload;
}

values! {
    /// `MACSEC_CIPHER_ID_*` (`if_macsec.h`): the cipher suite (`IFLA_MACSEC_CIPHER_SUITE`),
    /// with iproute2's names.
    MacsecCipher(u64);
    GCM_AES_128 = 0x0080_C200_0100_0001, "MACSEC_CIPHER_ID_GCM_AES_128", "GCM-AES-128";
    GCM_AES_256 = 0x0080_C200_0100_0002, "MACSEC_CIPHER_ID_GCM_AES_256", "GCM-AES-256";
    GCM_AES_XPN_128 = 0x0080_C200_0100_0003, "MACSEC_CIPHER_ID_GCM_AES_XPN_128", "GCM-AES-XPN-128";
    GCM_AES_XPN_256 = 0x0080_C200_0100_0004, "MACSEC_CIPHER_ID_GCM_AES_XPN_256", "GCM-AES-XPN-256";
    /// The older default id, which the kernel also takes for GCM-AES-128.
    DEFAULT = 0x0080_0200_0100_0001, "MACSEC_DEFAULT_CIPHER_ID", "default";
}

values! {
    /// `MACSEC_VALIDATE_*`: how received frames are validated (`IFLA_MACSEC_VALIDATION`).
    MacsecValidation(u8);
    DISABLED = 0, "MACSEC_VALIDATE_DISABLED", "disabled";
    CHECK = 1, "MACSEC_VALIDATE_CHECK", "check";
    STRICT = 2, "MACSEC_VALIDATE_STRICT", "strict";
}

values! {
    /// `MACSEC_OFFLOAD_*`: where MACsec is done (`IFLA_MACSEC_OFFLOAD`).
    MacsecOffload(u8);
    OFF = 0, "MACSEC_OFFLOAD_OFF", "off";
    PHY = 1, "MACSEC_OFFLOAD_PHY", "phy";
    MAC = 2, "MACSEC_OFFLOAD_MAC", "mac";
}

attributes! {
    /// The data of an `hsr` link (HSR or PRP).
    view HsrData;
    /// `IFLA_HSR_*`: the data of an `hsr` link.
    numbers IflaHsr;
    /// A typed hsr data attribute.
    enum HsrAttr<'a>;
    /// The ifindex of the first port.
    SLAVE1 = 1, "IFLA_HSR_SLAVE1", Slave1(u32), slave1;
    /// The ifindex of the second port.
    SLAVE2 = 2, "IFLA_HSR_SLAVE2", Slave2(u32), slave2;
    /// The last byte of the supervision address (`supervision`).
    MULTICAST_SPEC = 3, "IFLA_HSR_MULTICAST_SPEC", MulticastSpec(u8), multicast_spec;
    /// The supervision frames' multicast address (dumps).
    SUPERVISION_ADDR = 4, "IFLA_HSR_SUPERVISION_ADDR", SupervisionAddr(mac), supervision_addr;
    SEQ_NR = 5, "IFLA_HSR_SEQ_NR", SeqNr(u16), seq_nr;
    /// HSR version: 0 (2010) or 1 (2012).
    VERSION = 6, "IFLA_HSR_VERSION", Version(u8), version;
    /// `HSR_PROTOCOL_HSR` (0) or `HSR_PROTOCOL_PRP` (1).
    PROTOCOL = 7, "IFLA_HSR_PROTOCOL", Protocol(u8), protocol;
}

attributes! {
    /// The data of a `bareudp` link.
    view BareudpData;
    /// `IFLA_BAREUDP_*`: the data of a `bareudp` link.
    numbers IflaBareudp;
    /// A typed bareudp data attribute.
    enum BareudpAttr<'a>;
    /// The UDP destination port (big-endian on the wire).
    PORT = 1, "IFLA_BAREUDP_PORT", Port(be16), port;
    /// The inner protocol's ethertype (big-endian on the wire).
    ETHERTYPE = 2, "IFLA_BAREUDP_ETHERTYPE", Ethertype(be16), ethertype;
    /// The lowest UDP source port (host order).
    SRCPORT_MIN = 3, "IFLA_BAREUDP_SRCPORT_MIN", SrcportMin(u16), srcport_min;
    /// Carry the other protocol of the family too (MPLS multicast, IPv6 with IPv4).
    MULTIPROTO_MODE = 4, "IFLA_BAREUDP_MULTIPROTO_MODE", MultiprotoMode(flag), multiproto_mode;
}

attributes! {
    /// The data of a `gtp` link.
    view GtpData;
    /// `IFLA_GTP_*`: the data of a `gtp` link.
    numbers IflaGtp;
    /// A typed gtp data attribute.
    enum GtpAttr<'a>;
    /// The GTPv0 socket's file descriptor.
    FD0 = 1, "IFLA_GTP_FD0", Fd0(u32), fd0;
    /// The GTPv1-U socket's file descriptor.
    FD1 = 2, "IFLA_GTP_FD1", Fd1(u32), fd1;
    PDP_HASHSIZE = 3, "IFLA_GTP_PDP_HASHSIZE", PdpHashsize(u32), pdp_hashsize;
    /// See [`GtpRole`].
    ROLE = 4, "IFLA_GTP_ROLE", Role(val GtpRole), role;
    /// Whether the kernel opens the sockets itself.
    CREATE_SOCKETS = 5, "IFLA_GTP_CREATE_SOCKETS", CreateSockets(u8), create_sockets;
    RESTART_COUNT = 6, "IFLA_GTP_RESTART_COUNT", RestartCount(u8), restart_count;
}

values! {
    /// `GTP_ROLE_*`: which end of the tunnel a `gtp` link is (`IFLA_GTP_ROLE`).
    GtpRole(u32);
    GGSN = 0, "GTP_ROLE_GGSN", "ggsn";
    SGSN = 1, "GTP_ROLE_SGSN", "sgsn";
}

attributes! {
    /// The data of an `xfrm` link.
    view XfrmData;
    /// `IFLA_XFRM_*`: the data of an `xfrm` link.
    numbers IflaXfrm;
    /// A typed xfrm data attribute.
    enum XfrmAttr<'a>;
    /// The ifindex of the underlying device.
    LINK = 1, "IFLA_XFRM_LINK", Link(u32), link;
    /// The interface id matched by policies and states.
    IF_ID = 2, "IFLA_XFRM_IF_ID", IfId(u32), if_id;
    COLLECT_METADATA = 3, "IFLA_XFRM_COLLECT_METADATA", CollectMetadata(flag), collect_metadata;
}

attributes! {
    /// The data of a `vti` or `vti6` link.
    view VtiData;
    /// `IFLA_VTI_*` (`if_tunnel.h`): the data of `vti` (IPv4 addresses) and `vti6` (IPv6)
    /// links.
    numbers IflaVti;
    /// A typed vti data attribute.
    enum VtiAttr<'a>;
    /// The ifindex of the underlying device.
    LINK = 1, "IFLA_VTI_LINK", Link(u32), link;
    /// The input key (big-endian on the wire).
    IKEY = 2, "IFLA_VTI_IKEY", Ikey(be32), ikey;
    /// The output key (big-endian on the wire).
    OKEY = 3, "IFLA_VTI_OKEY", Okey(be32), okey;
    LOCAL = 4, "IFLA_VTI_LOCAL", Local(ip), local;
    REMOTE = 5, "IFLA_VTI_REMOTE", Remote(ip), remote;
    FWMARK = 6, "IFLA_VTI_FWMARK", Fwmark(u32), fwmark;
}

attributes! {
    /// The data of an `amt` link.
    view AmtData;
    /// `IFLA_AMT_*` (`amt.h`): the data of an `amt` link.
    numbers IflaAmt;
    /// A typed amt data attribute.
    enum AmtAttr<'a>;
    /// See [`AmtMode`].
    MODE = 1, "IFLA_AMT_MODE", Mode(val AmtMode), mode;
    /// The relay's UDP port (big-endian on the wire).
    RELAY_PORT = 2, "IFLA_AMT_RELAY_PORT", RelayPort(be16), relay_port;
    /// The gateway's UDP port (big-endian on the wire).
    GATEWAY_PORT = 3, "IFLA_AMT_GATEWAY_PORT", GatewayPort(be16), gateway_port;
    /// The ifindex of the underlying device.
    LINK = 4, "IFLA_AMT_LINK", Link(u32), link;
    LOCAL_IP = 5, "IFLA_AMT_LOCAL_IP", LocalIp(ip), local_ip;
    REMOTE_IP = 6, "IFLA_AMT_REMOTE_IP", RemoteIp(ip), remote_ip;
    /// Where a gateway looks for its relay.
    DISCOVERY_IP = 7, "IFLA_AMT_DISCOVERY_IP", DiscoveryIp(ip), discovery_ip;
    MAX_TUNNELS = 8, "IFLA_AMT_MAX_TUNNELS", MaxTunnels(u32), max_tunnels;
}

values! {
    /// `AMT_MODE_*`: the role of an `amt` link (`IFLA_AMT_MODE`).
    AmtMode(u32);
    GATEWAY = 0, "AMT_MODE_GATEWAY", "gateway";
    RELAY = 1, "AMT_MODE_RELAY", "relay";
}

attributes! {
    /// The data of a `batadv` link.
    view BatadvData;
    /// `IFLA_BATADV_*` (`if_link.h`): the data of a `batadv` link.
    numbers IflaBatadv;
    /// A typed batadv data attribute.
    enum BatadvAttr<'a>;
    /// The routing algorithm (`BATMAN_IV`, `BATMAN_V`), NUL-terminated.
    ALGO_NAME = 1, "IFLA_BATADV_ALGO_NAME", AlgoName(str), algo_name;
}

kernel_struct! {
    /// `struct ifla_rmnet_flags`: `RMNET_FLAGS_*` bits and the mask of bits to change
    /// (`IFLA_RMNET_FLAGS`).
    IflaRmnetFlags = "ifla_rmnet_flags", 8 {
        /// `flags`: the bits.
        pub flags: U32,
        /// `mask`: the bits of `flags` to apply.
        pub mask: U32,
    }
}

attributes! {
    /// The data of an `rmnet` link.
    view RmnetData;
    /// `IFLA_RMNET_*`: the data of an `rmnet` link.
    numbers IflaRmnet;
    /// A typed rmnet data attribute.
    enum RmnetAttr<'a>;
    /// The multiplexer id.
    MUX_ID = 1, "IFLA_RMNET_MUX_ID", MuxId(u16), mux_id;
    /// `RMNET_FLAGS_*` and their mask.
    FLAGS = 2, "IFLA_RMNET_FLAGS", Flags({IflaRmnetFlags}), flags;
}

attributes! {
    /// The data of an `ipoib` link.
    view IpoibData;
    /// `IFLA_IPOIB_*`: the data of an `ipoib` link.
    numbers IflaIpoib;
    /// A typed ipoib data attribute.
    enum IpoibAttr<'a>;
    /// The partition key.
    PKEY = 1, "IFLA_IPOIB_PKEY", Pkey(u16), pkey;
    /// `IPOIB_MODE_DATAGRAM` (0) or `IPOIB_MODE_CONNECTED` (1).
    MODE = 2, "IFLA_IPOIB_MODE", Mode(u16), mode;
    /// User-space multicast.
    UMCAST = 3, "IFLA_IPOIB_UMCAST", Umcast(u16), umcast;
}

attributes! {
    /// The data of a `wwan` link.
    view WwanData;
    /// `IFLA_WWAN_*` (`wwan.h`): the data of a `wwan` link.
    numbers IflaWwan;
    /// A typed wwan data attribute.
    enum WwanAttr<'a>;
    /// The id of the data channel.
    LINK_ID = 1, "IFLA_WWAN_LINK_ID", LinkId(u32), link_id;
}

attributes! {
    /// The data of a `dsa` link.
    view DsaData;
    /// `IFLA_DSA_*`: the data of a `dsa` user port.
    numbers IflaDsa;
    /// A typed dsa data attribute.
    enum DsaAttr<'a>;
    /// The ifindex of the conduit (`conduit`, formerly `master`).
    CONDUIT = 1, "IFLA_DSA_MASTER", Conduit(u32), conduit;
}

kernel_struct! {
    /// `struct can_bittiming` (`can/netlink.h`): the bit timing of a CAN link
    /// (`IFLA_CAN_BITTIMING`, `IFLA_CAN_DATA_BITTIMING`).
    CanBittiming = "can_bittiming", 32 {
        /// `bitrate`: bits per second.
        pub bitrate: U32,
        /// `sample_point`: in tenths of a percent.
        pub sample_point: U32,
        /// `tq`: the time quantum in nanoseconds.
        pub tq: U32,
        /// `prop_seg`: the propagation segment, in time quanta.
        pub prop_seg: U32,
        /// `phase_seg1`: phase buffer segment 1, in time quanta.
        pub phase_seg1: U32,
        /// `phase_seg2`: phase buffer segment 2, in time quanta.
        pub phase_seg2: U32,
        /// `sjw`: the synchronisation jump width, in time quanta.
        pub sjw: U32,
        /// `brp`: the bit-rate prescaler.
        pub brp: U32,
    }
}

kernel_struct! {
    /// `struct can_ctrlmode`: `CAN_CTRLMODE_*` bits and the mask of bits to change
    /// (`IFLA_CAN_CTRLMODE`).
    CanCtrlmode = "can_ctrlmode", 8 {
        /// `mask`: the bits of `flags` to apply.
        pub mask: U32,
        /// `flags`: the bits.
        pub flags: U32,
    }
}

kernel_struct! {
    /// `struct can_berr_counter`: the bus error counters (`IFLA_CAN_BERR_COUNTER`).
    CanBerrCounter = "can_berr_counter", 4 {
        /// `txerr`: transmit errors.
        pub txerr: U16,
        /// `rxerr`: receive errors.
        pub rxerr: U16,
    }
}

impl CanBittiming {
    /// A bit timing given by its rate (`ip link set DEV type can bitrate N sample-point F`):
    /// `bitrate` in bits per second, `sample_point` in tenths of a percent (875 is 87.5 %, 0
    /// lets the driver choose); the driver computes the segments.
    #[must_use]
    pub fn from_bitrate(bitrate: u32, sample_point: u32) -> Self {
        CanBittiming {
            bitrate: U32::new(bitrate),
            sample_point: U32::new(sample_point),
            ..CanBittiming::default()
        }
    }

    /// A bit timing given by its segments (`tq N prop-seg N phase-seg1 N phase-seg2 N sjw N`):
    /// the time quantum `tq` in nanoseconds, the rest in time quanta.
    #[must_use]
    pub fn from_segments(
        tq: u32,
        prop_seg: u32,
        phase_seg1: u32,
        phase_seg2: u32,
        sjw: u32,
    ) -> Self {
        CanBittiming {
            tq: U32::new(tq),
            prop_seg: U32::new(prop_seg),
            phase_seg1: U32::new(phase_seg1),
            phase_seg2: U32::new(phase_seg2),
            sjw: U32::new(sjw),
            ..CanBittiming::default()
        }
    }
}

impl CanCtrlmode {
    /// Sets the bits of `flags` that `mask` names and clears the other bits of `mask`.
    #[must_use]
    pub fn new(mask: CanCtrlmodeFlags, flags: CanCtrlmodeFlags) -> Self {
        CanCtrlmode {
            mask: U32::new(mask.0),
            flags: U32::new(flags.0),
        }
    }
}

fixed_struct_value!(CanBittiming, CanCtrlmode);

flags! {
    /// `CAN_CTRLMODE_*` (`can/netlink.h`): the modes of a CAN controller, in
    /// [`CanCtrlmode`] and `IFLA_CAN_CTRLMODE_SUPPORTED`.
    CanCtrlmodeFlags(u32);
    LOOPBACK = 0x1, "CAN_CTRLMODE_LOOPBACK", "loopback";
    LISTENONLY = 0x2, "CAN_CTRLMODE_LISTENONLY", "listen-only";
    THREE_SAMPLES = 0x4, "CAN_CTRLMODE_3_SAMPLES", "triple-sampling";
    ONE_SHOT = 0x8, "CAN_CTRLMODE_ONE_SHOT", "one-shot";
    BERR_REPORTING = 0x10, "CAN_CTRLMODE_BERR_REPORTING", "berr-reporting";
    FD = 0x20, "CAN_CTRLMODE_FD", "fd";
    PRESUME_ACK = 0x40, "CAN_CTRLMODE_PRESUME_ACK", "presume-ack";
    FD_NON_ISO = 0x80, "CAN_CTRLMODE_FD_NON_ISO", "fd-non-iso";
    CC_LEN8_DLC = 0x100, "CAN_CTRLMODE_CC_LEN8_DLC", "cc-len8-dlc";
    TDC_AUTO = 0x200, "CAN_CTRLMODE_TDC_AUTO", "tdc-auto";
    TDC_MANUAL = 0x400, "CAN_CTRLMODE_TDC_MANUAL", "tdc-manual";
}

attributes! {
    /// The transmitter delay compensation of a CAN FD link (`IFLA_CAN_TDC`).
    view CanTdcData;
    /// `IFLA_CAN_TDC_*` (`can/netlink.h`).
    numbers IflaCanTdc;
    /// A typed TDC attribute.
    enum CanTdcAttr<'a>;
    /// The smallest TDCV the controller takes (dumps).
    TDCV_MIN = 1, "IFLA_CAN_TDC_TDCV_MIN", TdcvMin(u32), tdcv_min;
    /// The largest TDCV (dumps).
    TDCV_MAX = 2, "IFLA_CAN_TDC_TDCV_MAX", TdcvMax(u32), tdcv_max;
    /// The smallest TDCO (dumps).
    TDCO_MIN = 3, "IFLA_CAN_TDC_TDCO_MIN", TdcoMin(u32), tdco_min;
    /// The largest TDCO (dumps).
    TDCO_MAX = 4, "IFLA_CAN_TDC_TDCO_MAX", TdcoMax(u32), tdco_max;
    /// The smallest TDCF (dumps).
    TDCF_MIN = 5, "IFLA_CAN_TDC_TDCF_MIN", TdcfMin(u32), tdcf_min;
    /// The largest TDCF (dumps).
    TDCF_MAX = 6, "IFLA_CAN_TDC_TDCF_MAX", TdcfMax(u32), tdcf_max;
    /// The transmitter delay compensation value, in clock cycles (`tdcv`).
    TDCV = 7, "IFLA_CAN_TDC_TDCV", Tdcv(u32), tdcv;
    /// The transmitter delay compensation offset (`tdco`).
    TDCO = 8, "IFLA_CAN_TDC_TDCO", Tdco(u32), tdco;
    /// The transmitter delay compensation filter window (`tdcf`).
    TDCF = 9, "IFLA_CAN_TDC_TDCF", Tdcf(u32), tdcf;
}

/// The `IFLA_CAN_TDC` nest as values, so that a request can be built from them
/// (`tdcv N tdco N tdcf N`): each setting present or not. A nest is decoded whole: a broken
/// frame or a value that is not a `u32` fails it; numbers it does not know are skipped, and
/// the first of a repeated number counts. It is written with the settings in number order, and
/// with `NLA_F_NESTED` when it came with it (iproute2 and the kernel both set it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CanTdc {
    /// `IFLA_CAN_TDC_TDCV_MIN`, `_TDCV_MAX`, `_TDCO_MIN`, `_TDCO_MAX`, `_TDCF_MIN`, `_TDCF_MAX`,
    /// `_TDCV`, `_TDCO`, `_TDCF`, by number less one.
    pub values: [Option<u32>; 9],
    /// Whether the nest carries `NLA_F_NESTED`.
    pub flagged: bool,
}

impl CanTdc {
    /// The nest `ip link set DEV type can tdcv V tdco O tdcf F` sends: the settings given,
    /// flagged `NLA_F_NESTED`.
    #[must_use]
    pub fn request(tdcv: Option<u32>, tdco: Option<u32>, tdcf: Option<u32>) -> Self {
        let mut values = [None; 9];
        values[6] = tdcv;
        values[7] = tdco;
        values[8] = tdcf;
        CanTdc {
            values,
            flagged: true,
        }
    }

    /// The setting of number `kind` (`IflaCanTdc::TDCV`...), if present.
    #[must_use]
    pub fn get(&self, kind: IflaCanTdc) -> Option<u32> {
        usize::from(kind.0)
            .checked_sub(1)
            .and_then(|i| self.values.get(i).copied().flatten())
    }

    /// Whether no setting is present (`ip` then sends no nest).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

impl Value<'_> for CanTdc {
    const KEEPS_FLAGS: bool = true;

    fn decode(attr: Attr<'_>) -> Result<Self> {
        let mut tdc = CanTdc {
            values: [None; 9],
            flagged: attr.is_nested(),
        };
        for a in attr.nested() {
            let a = a?;
            let slot = usize::from(a.kind())
                .checked_sub(1)
                .and_then(|i| tdc.values.get_mut(i));
            if let Some(slot) = slot
                && slot.is_none()
            {
                *slot = Some(a.as_u32()?);
            }
        }
        Ok(tdc)
    }

    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        let flag = if self.flagged {
            crate::attr::NLA_F_NESTED
        } else {
            0
        };
        let mut n = w.nest(kind | flag);
        for (number, v) in (1u16..).zip(self.values) {
            if let Some(v) = v {
                n.put_u32(number, v);
            }
        }
    }
}

impl Check for CanTdc {}

attributes! {
    /// The data of a `can` link.
    view CanData;
    /// `IFLA_CAN_*` (`can/netlink.h`): the data of a `can` link.
    numbers IflaCan;
    /// A typed can data attribute.
    enum CanAttr<'a>;
    /// The nominal bit timing.
    BITTIMING = 1, "IFLA_CAN_BITTIMING", Bittiming(val CanBittiming), bittiming;
    /// `struct can_bittiming_const`: the controller's limits (dumps), raw.
    BITTIMING_CONST = 2, "IFLA_CAN_BITTIMING_CONST", BittimingConst(bytes), bittiming_const;
    /// `struct can_clock`: the controller's clock in Hz.
    CLOCK = 3, "IFLA_CAN_CLOCK", Clock(u32), clock;
    /// `CAN_STATE_*`.
    STATE = 4, "IFLA_CAN_STATE", State(u32), state;
    /// `CAN_CTRLMODE_*` and their mask.
    CTRLMODE = 5, "IFLA_CAN_CTRLMODE", Ctrlmode(val CanCtrlmode), ctrlmode;
    /// Milliseconds before an automatic restart after bus-off; 0 never.
    RESTART_MS = 6, "IFLA_CAN_RESTART_MS", RestartMs(u32), restart_ms;
    /// Restart now.
    RESTART = 7, "IFLA_CAN_RESTART", Restart(u32), restart;
    BERR_COUNTER = 8, "IFLA_CAN_BERR_COUNTER", BerrCounter({CanBerrCounter}), berr_counter;
    /// The data-phase bit timing (CAN FD).
    DATA_BITTIMING = 9, "IFLA_CAN_DATA_BITTIMING", DataBittiming(val CanBittiming), data_bittiming;
    /// `struct can_bittiming_const` of the data phase, raw.
    DATA_BITTIMING_CONST = 10, "IFLA_CAN_DATA_BITTIMING_CONST", DataBittimingConst(bytes), data_bittiming_const;
    /// The termination resistance in ohms.
    TERMINATION = 11, "IFLA_CAN_TERMINATION", Termination(u16), termination;
    /// The supported terminations, an array of `u16`.
    TERMINATION_CONST = 12, "IFLA_CAN_TERMINATION_CONST", TerminationConst(bytes), termination_const;
    /// The supported bit rates, an array of `u32`.
    BITRATE_CONST = 13, "IFLA_CAN_BITRATE_CONST", BitrateConst(bytes), bitrate_const;
    /// The supported data bit rates, an array of `u32`.
    DATA_BITRATE_CONST = 14, "IFLA_CAN_DATA_BITRATE_CONST", DataBitrateConst(bytes), data_bitrate_const;
    BITRATE_MAX = 15, "IFLA_CAN_BITRATE_MAX", BitrateMax(u32), bitrate_max;
    /// `IFLA_CAN_TDC_*` (transmitter delay compensation), as values ([`CanTdcData`] is the
    /// same nest as a view).
    TDC = 16, "IFLA_CAN_TDC", Tdc(val CanTdc), tdc;
    /// A nest of `IFLA_CAN_CTRLMODE_*`.
    CTRLMODE_EXT = 17, "IFLA_CAN_CTRLMODE_EXT", CtrlmodeExt(nest Untyped), ctrlmode_ext;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::AttrBuilder;
    use crate::error::Error;
    use crate::typed::TypedAttr;

    /// `kind` with `payload`, alone in a list.
    fn one(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put(kind, payload);
        b.finish().unwrap();
        buf
    }

    /// Decodes the only attribute of `buf` as `T` and writes it back.
    fn reencode<'a, T: TypedAttr<'a>>(buf: &'a [u8]) -> (T, Vec<u8>) {
        let t = T::decode(Attrs::new(buf).next().unwrap().unwrap()).unwrap();
        let mut out = Vec::new();
        let mut b = AttrBuilder::new(&mut out);
        t.write_to(&mut b);
        b.finish().unwrap();
        (t, out)
    }

    #[test]
    fn vxlan_ttl_inherit_reads_the_dumped_byte() {
        // The kernel dumps IFLA_VXLAN_TTL_INHERIT as a u8: 0 is off, and stays 0.
        let off = one(IflaVxlan::TTL_INHERIT.0, &[0]);
        let (t, bytes) = reencode::<VxlanAttr<'_>>(&off);
        assert_eq!(t, VxlanAttr::TtlInherit(FlagOrU8::U8(0)));
        assert!(!FlagOrU8::U8(0).is_on());
        assert_eq!(bytes, off);
        // A request sends it as a flag: on.
        let flag = one(IflaVxlan::TTL_INHERIT.0, &[]);
        let (t, bytes) = reencode::<VxlanAttr<'_>>(&flag);
        assert_eq!(t, VxlanAttr::TtlInherit(FlagOrU8::Flag));
        assert!(FlagOrU8::Flag.is_on() && FlagOrU8::U8(1).is_on());
        assert_eq!(bytes, flag);
        let two = one(IflaVxlan::TTL_INHERIT.0, &[1, 0]);
        assert!(VxlanAttr::decode(Attrs::new(&two).next().unwrap().unwrap()).is_err());
    }

    /// A CAN FD link's `IFLA_INFO_DATA` laid out as the kernel's `can_fill_info` writes it
    /// (this kernel has no CAN devices to dump): control modes, state, error counters,
    /// restart delay, both bit timings with the controller's limits, clock, the TDC nest
    /// (flagged, limits and values) and the termination.
    fn can_dump() -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        let bt = CanBittiming::from_segments(25, 34, 35, 10, 10);
        let mut dbt = CanBittiming::from_bitrate(2_000_000, 750);
        dbt.brp.set(2);
        let mut limits = [0u8; 48];
        limits[..6].copy_from_slice(b"m_can\0");
        let fd = CanCtrlmodeFlags::FD | CanCtrlmodeFlags::TDC_AUTO;
        CanAttr::BittimingConst(&limits).write_to(&mut b);
        CanAttr::Bittiming(bt).write_to(&mut b);
        CanAttr::Clock(80_000_000).write_to(&mut b);
        CanAttr::Ctrlmode(CanCtrlmode::new(CanCtrlmodeFlags(0x7ff), fd)).write_to(&mut b);
        CanAttr::State(0).write_to(&mut b);
        CanAttr::RestartMs(100).write_to(&mut b);
        b.put(IflaCan::BERR_COUNTER, &[1, 0, 2, 0]);
        CanAttr::DataBittiming(dbt).write_to(&mut b);
        CanAttr::DataBittimingConst(&limits).write_to(&mut b);
        let mut tdc = CanTdc::request(Some(5), Some(6), None);
        tdc.values[0] = Some(1);
        tdc.values[1] = Some(127);
        CanAttr::Tdc(tdc).write_to(&mut b);
        CanAttr::Termination(120).write_to(&mut b);
        CanAttr::TerminationConst(&[0, 0, 120, 0]).write_to(&mut b);
        b.finish().unwrap();
        buf
    }

    #[test]
    fn can_data_round_trips_and_reads_its_structs() {
        let buf = can_dump();
        let d = CanData::new(Attrs::new(&buf));
        let bt = d.bittiming().unwrap().unwrap();
        assert_eq!((bt.tq.get(), bt.prop_seg.get(), bt.sjw.get()), (25, 34, 10));
        let dbt = d.data_bittiming().unwrap().unwrap();
        assert_eq!(
            (dbt.bitrate.get(), dbt.sample_point.get(), dbt.brp.get()),
            (2_000_000, 750, 2)
        );
        let cm = d.ctrlmode().unwrap().unwrap();
        assert_eq!(
            CanCtrlmodeFlags(cm.flags.get()),
            CanCtrlmodeFlags::FD | CanCtrlmodeFlags::TDC_AUTO
        );
        let tdc = d.tdc().unwrap().unwrap();
        assert!(tdc.flagged);
        assert_eq!(
            (
                tdc.get(IflaCanTdc::TDCV_MIN),
                tdc.get(IflaCanTdc::TDCV),
                tdc.get(IflaCanTdc::TDCF)
            ),
            (Some(1), Some(5), None)
        );
        assert_eq!(tdc.get(IflaCanTdc(0)), None);
        // The nest also reads as a view of its own space.
        let nest = Attrs::new(&buf).get(IflaCan::TDC).unwrap().unwrap();
        assert_eq!(CanTdcData::new(nest.nested()).tdco().unwrap(), Some(6));
        // Every attribute decodes, and writes back the bytes it came from.
        let mut out = Vec::new();
        let mut b = AttrBuilder::new(&mut out);
        for a in Attrs::new(&buf).typed::<CanAttr<'_>>() {
            let a = a.unwrap();
            assert!(!matches!(a, CanAttr::Other(_)), "{a:?}");
            a.write_to(&mut b);
        }
        b.finish().unwrap();
        assert_eq!(out, buf);
        // Cut anywhere: an error or a shorter list, never a panic.
        for n in 0..buf.len() {
            let cut = buf.get(..n).unwrap();
            for a in Attrs::new(cut).typed::<CanAttr<'_>>() {
                let _ = a;
            }
            let _ = CanData::new(Attrs::new(cut)).tdc();
        }
    }

    #[test]
    fn can_structs_and_tdc_fail_alone_when_malformed() {
        // A bit timing shorter than the struct is an error (the kernel's policy refuses it);
        // a longer one reads by its prefix.
        let short = one(IflaCan::BITTIMING.0, &[0; 31]);
        assert!(matches!(
            CanAttr::decode(Attrs::new(&short).next().unwrap().unwrap()),
            Err(Error::AttrSize { expected: 32, .. })
        ));
        let long = one(IflaCan::BITTIMING.0, &[1; 36]);
        let CanAttr::Bittiming(bt) =
            CanAttr::decode(Attrs::new(&long).next().unwrap().unwrap()).unwrap()
        else {
            panic!("not a bit timing");
        };
        assert_eq!(bt.brp.get(), 0x0101_0101);
        // A TDC value that is not a u32, and a broken frame inside the nest, fail the nest.
        let bad_value = one(IflaCan::TDC.0, &[6, 0, 7, 0, 1, 0, 0, 0]);
        assert!(CanAttr::decode(Attrs::new(&bad_value).next().unwrap().unwrap()).is_err());
        let bad_frame = one(IflaCan::TDC.0, &[8, 0, 7, 0, 1, 0, 0, 0, 9, 0, 8, 0]);
        assert!(CanAttr::decode(Attrs::new(&bad_frame).next().unwrap().unwrap()).is_err());
        // Unknown numbers are skipped, the first of a repeated one counts; an unflagged nest
        // stays unflagged.
        let odd = one(
            IflaCan::TDC.0,
            &[
                8, 0, 7, 0, 1, 0, 0, 0, 8, 0, 7, 0, 2, 0, 0, 0, 8, 0, 99, 0, 3, 0, 0, 0,
            ],
        );
        let (t, _) = reencode::<CanAttr<'_>>(&odd);
        let CanAttr::Tdc(tdc) = t else {
            panic!("not a TDC nest")
        };
        assert_eq!((tdc.get(IflaCanTdc::TDCV), tdc.flagged), (Some(1), false));
        let mut again = Vec::new();
        let mut b = AttrBuilder::new(&mut again);
        CanAttr::Tdc(tdc).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(again, one(IflaCan::TDC.0, &[8, 0, 7, 0, 1, 0, 0, 0]));
    }

    #[test]
    fn iptun_flags_keep_their_width() {
        // sit's IFLA_IPTUN_FLAGS is a u16 (testdata/linkinfo-sit.bin), ip6tnl's a u32.
        let sit = one(IflaIptun::FLAGS.0, &[1, 0]);
        let (t, bytes) = reencode::<IptunAttr<'_>>(&sit);
        assert_eq!(t, IptunAttr::Flags(IptunFlags::U16(1)));
        assert_eq!(bytes, sit);
        let ip6 = one(IflaIptun::FLAGS.0, &[0, 0, 1, 0]);
        let (t, bytes) = reencode::<IptunAttr<'_>>(&ip6);
        assert_eq!(t, IptunAttr::Flags(IptunFlags::U32(0x1_0000)));
        assert_eq!(IptunFlags::U32(0x1_0000).bits(), 0x1_0000);
        assert_eq!(bytes, ip6);
        let bad = one(IflaIptun::FLAGS.0, &[1]);
        assert!(matches!(
            IptunAttr::decode(Attrs::new(&bad).next().unwrap().unwrap()),
            Err(Error::AttrSize { expected: 4, .. })
        ));
    }

    #[test]
    fn geneve_local_addresses_have_accessors() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put_ipv4(IflaGeneve::LOCAL, [192, 0, 2, 1].into())
            .put_ipv6(IflaGeneve::LOCAL6, "2001:db8::1".parse().unwrap());
        b.finish().unwrap();
        let d = GeneveData::new(Attrs::new(&buf));
        assert_eq!(d.local().unwrap(), Some("192.0.2.1".parse().unwrap()));
        assert_eq!(d.local6().unwrap(), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(IflaGeneve(17).name(), Some("IFLA_GENEVE_LOCAL"));
        assert_eq!(IflaGeneve(18).name(), Some("IFLA_GENEVE_LOCAL6"));
    }

    #[test]
    fn bond_targets_are_an_address_list() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut t = b.nest(IflaBond::ARP_IP_TARGET);
            t.put_ipv4(0u16, [192, 0, 2, 1].into());
            t.put(1u16, &[1, 2]);
        }
        b.finish().unwrap();
        let d = BondData::new(Attrs::new(&buf));
        let targets: Vec<_> = d.arp_ip_target().unwrap().unwrap().collect();
        assert_eq!(targets[0], Ok("192.0.2.1".parse().unwrap()));
        assert!(targets[1].is_err());
        let mut w = Walker::new();
        crate::typed::walk_list::<IflaBond>(d.attrs(), &mut w);
        assert_eq!((w.summary.typed, w.summary.typed_errors), (2, 1));
        assert_eq!(w.summary.reencoded_differently, 0);
    }

    #[test]
    fn a_bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put_u16(IflaVxlan::ID, 42); // should be 4 bytes
        VxlanAttr::Port(4789).write_to(&mut b);
        b.finish().unwrap();
        let d = VxlanData::new(Attrs::new(&buf));
        assert_eq!(
            d.id().unwrap_err(),
            Error::AttrSize {
                kind: 1,
                offset: 0,
                expected: 4,
                found: 2
            }
        );
        assert_eq!(d.port().unwrap(), Some(4789));
        assert_eq!(
            d.attrs().get(IflaVxlan::PORT).unwrap().unwrap().payload(),
            [0x12, 0xb5]
        );
        assert_eq!(format!("{:?}", IflaVxlan::PORT), "IFLA_VXLAN_PORT");
        assert_eq!(format!("{:?}", IflaVxlan(200)), "200");
    }

    #[test]
    fn value_sets_use_iproute2_names() {
        assert_eq!(BondMode::ACTIVEBACKUP.to_string(), "active-backup");
        assert_eq!(
            BondMode::from_short_name("802.3ad"),
            Some(BondMode::IEEE8023AD)
        );
        assert_eq!(format!("{:?}", BondMode::IEEE8023AD), "BOND_MODE_8023AD");
        assert_eq!(MacvlanMode::from_short_name("vepa"), Some(MacvlanMode(2)));
        assert_eq!(IpvlanMode::L3S.to_string(), "l3s");
        assert_eq!(VlanProtocol::DOT1AD.0, 0x88a8);
        assert_eq!(
            VlanProtocol::from_short_name("802.1Q"),
            Some(VlanProtocol(0x8100))
        );
        assert_eq!(BondXmitHashPolicy::LAYER34.to_string(), "layer3+4");
        assert_eq!(
            format!("{:?}", GreFlags::KEY | GreFlags::CSUM),
            "GRE_CSUM|GRE_KEY"
        );
        assert_eq!(
            IflaIptun::SIXRD_PREFIX.name(),
            Some("IFLA_IPTUN_6RD_PREFIX")
        );
        assert_eq!(Table::MAIN.0, 254);
    }
}
