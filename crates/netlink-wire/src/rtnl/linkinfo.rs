//! Link kinds: the `IFLA_LINKINFO` nest of a link message (`IFLA_INFO_KIND`, `IFLA_INFO_DATA`,
//! `IFLA_INFO_SLAVE_KIND`, `IFLA_INFO_SLAVE_DATA`) and the attribute spaces of the per-kind data:
//! veth, bridge and bridge port, vlan, vxlan, bond and bond slave, macvlan/macvtap,
//! ipvlan/ipvtap, vrf, gre/gretap/ip6gre/erspan, ipip/sit/ip6tnl, geneve and tun.
//!
//! [`LinkInfo`] reads the nest; [`LinkInfo::kind_data`] picks the typed view of the data by the
//! kind's name ([`KindData`]). Each view (`VxlanData`, ...) has one accessor per attribute,
//! returning `Result<Option<T>>`: a bad attribute fails only its own accessor. A kind this crate
//! does not know keeps its data raw ([`KindData::Other`]).
//!
//! Sources of truth: `include/uapi/linux/if_link.h`, `veth.h`, `if_tunnel.h`, `if_bonding.h`,
//! `if_vlan.h` and the kernel's `nla_policy` tables where a header leaves a width unsaid.

use zerocopy::byteorder::native_endian::U32;
use zerocopy::byteorder::network_endian::U16 as BeU16;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::check::Summary;
use crate::error::{Error, Result};
use crate::message::Msg;
use crate::rtnl::link::{IfInfoMsg, Ifla, LinkAttr};
use crate::typed::{Typed, TypedAttr};

/// `IFLA_LINKINFO`: the number of the link-kind nest in a link message.
pub const IFLA_LINKINFO: u16 = 18;

/// The size of `struct ifinfomsg`, which starts link messages and `VETH_INFO_PEER`.
const IFINFOMSG_LEN: usize = 16;

/// Declares the attribute table of one kind's data (with [`attributes!`]) and a view over such
/// a list with one accessor per attribute.
macro_rules! kind_data {
    (
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $(#[$vmeta:meta])* view $View:ident;
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+), $getter:ident; )*
    ) => {
        attributes! {
            $(#[$nmeta])* numbers $Num;
            $(#[$emeta])* enum $Attr<$lt>;
            $( $(#[$doc])* $CONST = $val, $kname, $Variant($($kind)+); )*
        }

        $(#[$vmeta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $View<$lt> {
            attrs: Attrs<$lt>,
        }

        impl<$lt> $View<$lt> {
            /// A view over `attrs`, the payload of the nest that holds this kind's data.
            #[must_use]
            #[inline]
            pub fn new(attrs: Attrs<$lt>) -> Self {
                $View { attrs }
            }

            /// The raw attributes.
            #[must_use]
            #[inline]
            pub fn attrs(&self) -> Attrs<$lt> {
                self.attrs
            }

            /// The attributes decoded as their typed enum.
            #[must_use]
            #[inline]
            pub fn typed_attrs(&self) -> Typed<$lt, $Attr<$lt>> {
                self.attrs.typed()
            }

            $(
                #[doc = concat!("`", $kname, "`, if present.")]
                $(#[$doc])*
                ///
                /// # Errors
                /// When the attribute's payload does not fit its type.
                pub fn $getter(&self) -> Result<Option<attr_type!($lt, $($kind)+)>> {
                    match self.attrs.get_lossy($Num::$CONST).map($Attr::decode).transpose()? {
                        Some($Attr::$Variant(v)) => Ok(Some(v)),
                        _ => Ok(None),
                    }
                }
            )*
        }
    };
}

attributes! {
    /// `IFLA_INFO_*`: the attributes of the `IFLA_LINKINFO` nest.
    numbers IflaInfo;
    /// A typed `IFLA_LINKINFO` attribute.
    enum InfoAttr<'a>;
    /// The kind's name: `veth`, `bridge`, `vxlan`...
    KIND = 1, "IFLA_INFO_KIND", Kind(str);
    /// The kind's settings, in the kind's own attribute space.
    DATA = 2, "IFLA_INFO_DATA", Data(nested);
    /// Kind-specific statistics (a struct or a nest, depending on the kind).
    XSTATS = 3, "IFLA_INFO_XSTATS", Xstats(bytes);
    /// The kind of the link's master when this link is a port (`bridge`, `bond`, `vrf`).
    SLAVE_KIND = 4, "IFLA_INFO_SLAVE_KIND", SlaveKind(str);
    /// The port settings, in the master kind's slave attribute space.
    SLAVE_DATA = 5, "IFLA_INFO_SLAVE_DATA", SlaveData(nested);
}

// ---------------------------------------------------------------------------------------------
// Kernel structs.

/// `struct ifla_bridge_id`: a bridge identifier (priority and address), as in
/// `IFLA_BR_ROOT_ID` and `IFLA_BRPORT_BRIDGE_ID`.
#[doc(alias = "ifla_bridge_id")]
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
pub struct IflaBridgeId {
    /// `prio`: the bridge priority, big-endian.
    pub prio: [u8; 2],
    /// `addr`: the bridge's Ethernet address.
    pub addr: [u8; 6],
}

const _: () = assert!(size_of::<IflaBridgeId>() == 8);

/// `struct br_boolopt_multi`: several bridge boolean options at once (`IFLA_BR_MULTI_BOOLOPT`).
#[doc(alias = "br_boolopt_multi")]
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
pub struct BrBoolOptMulti {
    /// `optval`: the values, one bit per `BR_BOOLOPT_*`.
    pub optval: U32,
    /// `optmask`: which bits of `optval` are meant.
    pub optmask: U32,
}

const _: () = assert!(size_of::<BrBoolOptMulti>() == 8);

/// `struct ifla_vlan_flags`: `VLAN_FLAG_*` bits and the mask of bits to change
/// (`IFLA_VLAN_FLAGS`).
#[doc(alias = "ifla_vlan_flags")]
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
pub struct IflaVlanFlags {
    /// `flags`: [`VlanFlags`] bits.
    pub flags: U32,
    /// `mask`: the bits of `flags` to apply.
    pub mask: U32,
}

const _: () = assert!(size_of::<IflaVlanFlags>() == 8);

/// `struct ifla_vlan_qos_mapping`: one priority mapping (`IFLA_VLAN_QOS_MAPPING`).
#[doc(alias = "ifla_vlan_qos_mapping")]
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
pub struct IflaVlanQosMapping {
    /// `from`: the skb priority (egress) or the VLAN PCP (ingress).
    pub from: U32,
    /// `to`: the VLAN PCP (egress) or the skb priority (ingress).
    pub to: U32,
}

const _: () = assert!(size_of::<IflaVlanQosMapping>() == 8);

/// `struct ifla_vxlan_port_range`: the UDP source port range, both ends big-endian
/// (`IFLA_VXLAN_PORT_RANGE`).
#[doc(alias = "ifla_vxlan_port_range")]
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
pub struct IflaPortRange {
    /// `low`: the first port.
    pub low: BeU16,
    /// `high`: the last port.
    pub high: BeU16,
}

const _: () = assert!(size_of::<IflaPortRange>() == 4);

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

// ---------------------------------------------------------------------------------------------
// veth

kind_data! {
    /// `VETH_INFO_*`: the data of a `veth` link (in requests; the kernel does not dump it).
    numbers VethInfo;
    /// A typed veth data attribute.
    enum VethAttr<'a>;
    /// The data of a `veth` link.
    view VethData;
    /// The peer: an `ifinfomsg` followed by `IFLA_*` attributes; see [`VethData::peer`].
    PEER = 1, "VETH_INFO_PEER", Peer(bytes), peer_bytes;
}

/// The peer of a veth pair (`VETH_INFO_PEER`): its `ifinfomsg` and its `IFLA_*` attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VethPeer<'a> {
    header: &'a IfInfoMsg,
    attrs: Attrs<'a>,
}

impl<'a> VethPeer<'a> {
    /// Splits `VETH_INFO_PEER`'s payload into its `ifinfomsg` and attributes.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the payload is shorter than `ifinfomsg`.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let payload = attr.payload();
        let (header, rest) = IfInfoMsg::ref_from_prefix(payload).map_err(|_| Error::Truncated {
            what: "VETH_INFO_PEER ifinfomsg",
            offset: attr.offset(),
            needed: IFINFOMSG_LEN,
            available: payload.len(),
        })?;
        let base = attr
            .offset()
            .saturating_add(crate::attr::NLA_HDRLEN)
            .saturating_add(IFINFOMSG_LEN);
        Ok(VethPeer {
            header,
            attrs: Attrs::with_offset(rest, base),
        })
    }

    /// The peer's `struct ifinfomsg`.
    #[must_use]
    #[inline]
    pub fn header(&self) -> &'a IfInfoMsg {
        self.header
    }

    /// The peer's `struct ifinfomsg`, as the 16 bytes it was sent as.
    #[must_use]
    #[inline]
    pub fn header_bytes(&self) -> &'a [u8] {
        self.header.as_bytes()
    }

    /// The peer's `IFLA_*` attributes.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The peer's attributes decoded as [`LinkAttr`].
    #[must_use]
    #[inline]
    pub fn typed_attrs(&self) -> Typed<'a, LinkAttr<'a>> {
        self.attrs.typed()
    }

    /// The peer's name (`IFLA_IFNAME`), if given.
    ///
    /// # Errors
    /// When the name is not UTF-8.
    #[inline]
    pub fn name(&self) -> Result<Option<&'a str>> {
        self.attrs
            .get_lossy(Ifla::IFNAME)
            .map(|a| a.as_str())
            .transpose()
    }
}

impl<'a> VethData<'a> {
    /// `VETH_INFO_PEER`, split into its header and attributes.
    ///
    /// # Errors
    /// When the payload is shorter than `ifinfomsg`.
    #[inline]
    pub fn peer(&self) -> Result<Option<VethPeer<'a>>> {
        self.attrs
            .get_lossy(VethInfo::PEER)
            .map(VethPeer::parse)
            .transpose()
    }
}

// ---------------------------------------------------------------------------------------------
// bridge

kind_data! {
    /// `IFLA_BR_*`: the data of a `bridge` link. Times are in hundredths of a second
    /// (`clock_t`).
    numbers IflaBr;
    /// A typed bridge data attribute.
    enum BridgeAttr<'a>;
    /// The data of a `bridge` link.
    view BridgeData;
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
    ROOT_ID = 10, "IFLA_BR_ROOT_ID", RootId([IflaBridgeId]), root_id;
    BRIDGE_ID = 11, "IFLA_BR_BRIDGE_ID", BridgeId([IflaBridgeId]), bridge_id;
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
    MULTI_BOOLOPT = 46, "IFLA_BR_MULTI_BOOLOPT", MultiBoolopt([BrBoolOptMulti]), multi_boolopt;
    /// A nest of `BRIDGE_QUERIER_*` attributes.
    MCAST_QUERIER_STATE = 47, "IFLA_BR_MCAST_QUERIER_STATE", McastQuerierState(nested), mcast_querier_state;
    FDB_N_LEARNED = 48, "IFLA_BR_FDB_N_LEARNED", FdbNLearned(u32), fdb_n_learned;
    FDB_MAX_LEARNED = 49, "IFLA_BR_FDB_MAX_LEARNED", FdbMaxLearned(u32), fdb_max_learned;
}

kind_data! {
    /// `IFLA_BRPORT_*`: the slave data of a bridge port (`IFLA_INFO_SLAVE_DATA` when
    /// `IFLA_INFO_SLAVE_KIND` is `bridge`; also `IFLA_PROTINFO` of `AF_BRIDGE` messages).
    numbers IflaBrport;
    /// A typed bridge port attribute.
    enum BridgePortAttr<'a>;
    /// The slave data of a bridge port.
    view BridgePortData;
    /// See [`BridgePortState`].
    STATE = 1, "IFLA_BRPORT_STATE", State(u8), state;
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
    ROOT_ID = 13, "IFLA_BRPORT_ROOT_ID", RootId([IflaBridgeId]), root_id;
    BRIDGE_ID = 14, "IFLA_BRPORT_BRIDGE_ID", BridgeId([IflaBridgeId]), bridge_id;
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

kind_data! {
    /// `IFLA_VLAN_*`: the data of a `vlan` link. The parent is `IFLA_LINK` of the link message.
    numbers IflaVlan;
    /// A typed vlan data attribute.
    enum VlanAttr<'a>;
    /// The data of a `vlan` link.
    view VlanData;
    /// The VLAN id, 0 to 4094.
    ID = 1, "IFLA_VLAN_ID", Id(u16), id;
    /// [`VlanFlags`] and the mask of flags to change.
    FLAGS = 2, "IFLA_VLAN_FLAGS", Flags([IflaVlanFlags]), flags;
    /// A nest of `IFLA_VLAN_QOS_MAPPING`; see [`VlanQosData`].
    EGRESS_QOS = 3, "IFLA_VLAN_EGRESS_QOS", EgressQos(nested), egress_qos;
    /// A nest of `IFLA_VLAN_QOS_MAPPING`; see [`VlanQosData`].
    INGRESS_QOS = 4, "IFLA_VLAN_INGRESS_QOS", IngressQos(nested), ingress_qos;
    /// See [`VlanProtocol`].
    PROTOCOL = 5, "IFLA_VLAN_PROTOCOL", Protocol(be16), protocol;
}

kind_data! {
    /// `IFLA_VLAN_QOS_*`: the entries of `IFLA_VLAN_EGRESS_QOS` and `IFLA_VLAN_INGRESS_QOS`.
    numbers IflaVlanQos;
    /// A typed VLAN priority-mapping attribute.
    enum VlanQosAttr<'a>;
    /// A VLAN priority map.
    view VlanQosData;
    /// One mapping (the list repeats this attribute).
    MAPPING = 1, "IFLA_VLAN_QOS_MAPPING", Mapping([IflaVlanQosMapping]), first_mapping;
}

values! {
    /// `ETH_P_8021Q` / `ETH_P_8021AD`: the VLAN protocol (`IFLA_VLAN_PROTOCOL`,
    /// `IFLA_BR_VLAN_PROTOCOL`).
    VlanProtocol(u16);
    /// IEEE 802.1Q.
    DOT1Q = 0x8100, "ETH_P_8021Q", "802.1Q";
    /// IEEE 802.1ad (QinQ).
    DOT1AD = 0x88a8, "ETH_P_8021AD", "802.1ad";
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

kind_data! {
    /// `IFLA_VXLAN_*`: the data of a `vxlan` link. Ports are big-endian; `GROUP`/`LOCAL` are
    /// IPv4 (4 bytes), `GROUP6`/`LOCAL6` IPv6 (16 bytes).
    numbers IflaVxlan;
    /// A typed vxlan data attribute.
    enum VxlanAttr<'a>;
    /// The data of a `vxlan` link.
    view VxlanData;
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
    PORT_RANGE = 10, "IFLA_VXLAN_PORT_RANGE", PortRange([IflaPortRange]), port_range;
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
    TTL_INHERIT = 28, "IFLA_VXLAN_TTL_INHERIT", TtlInherit(flag), ttl_inherit;
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

kind_data! {
    /// `IFLA_BOND_*`: the data of a `bond` link.
    numbers IflaBond;
    /// A typed bond data attribute.
    enum BondAttr<'a>;
    /// The data of a `bond` link.
    view BondData;
    /// See [`BondMode`].
    MODE = 1, "IFLA_BOND_MODE", Mode(u8), mode;
    /// The ifindex of the active slave.
    ACTIVE_SLAVE = 2, "IFLA_BOND_ACTIVE_SLAVE", ActiveSlave(u32), active_slave;
    /// Milliseconds.
    MIIMON = 3, "IFLA_BOND_MIIMON", Miimon(u32), miimon;
    UPDELAY = 4, "IFLA_BOND_UPDELAY", Updelay(u32), updelay;
    DOWNDELAY = 5, "IFLA_BOND_DOWNDELAY", Downdelay(u32), downdelay;
    USE_CARRIER = 6, "IFLA_BOND_USE_CARRIER", UseCarrier(u8), use_carrier;
    ARP_INTERVAL = 7, "IFLA_BOND_ARP_INTERVAL", ArpInterval(u32), arp_interval;
    /// A nest of big-endian IPv4 addresses, numbered from 0.
    ARP_IP_TARGET = 8, "IFLA_BOND_ARP_IP_TARGET", ArpIpTarget(nested), arp_ip_target;
    ARP_VALIDATE = 9, "IFLA_BOND_ARP_VALIDATE", ArpValidate(u32), arp_validate;
    ARP_ALL_TARGETS = 10, "IFLA_BOND_ARP_ALL_TARGETS", ArpAllTargets(u32), arp_all_targets;
    /// The ifindex of the primary slave.
    PRIMARY = 11, "IFLA_BOND_PRIMARY", Primary(u32), primary;
    PRIMARY_RESELECT = 12, "IFLA_BOND_PRIMARY_RESELECT", PrimaryReselect(u8), primary_reselect;
    FAIL_OVER_MAC = 13, "IFLA_BOND_FAIL_OVER_MAC", FailOverMac(u8), fail_over_mac;
    /// See [`BondXmitHashPolicy`].
    XMIT_HASH_POLICY = 14, "IFLA_BOND_XMIT_HASH_POLICY", XmitHashPolicy(u8), xmit_hash_policy;
    RESEND_IGMP = 15, "IFLA_BOND_RESEND_IGMP", ResendIgmp(u32), resend_igmp;
    NUM_PEER_NOTIF = 16, "IFLA_BOND_NUM_PEER_NOTIF", NumPeerNotif(u8), num_peer_notif;
    ALL_SLAVES_ACTIVE = 17, "IFLA_BOND_ALL_SLAVES_ACTIVE", AllSlavesActive(u8), all_slaves_active;
    MIN_LINKS = 18, "IFLA_BOND_MIN_LINKS", MinLinks(u32), min_links;
    LP_INTERVAL = 19, "IFLA_BOND_LP_INTERVAL", LpInterval(u32), lp_interval;
    PACKETS_PER_SLAVE = 20, "IFLA_BOND_PACKETS_PER_SLAVE", PacketsPerSlave(u32), packets_per_slave;
    /// See [`BondLacpRate`].
    AD_LACP_RATE = 21, "IFLA_BOND_AD_LACP_RATE", AdLacpRate(u8), ad_lacp_rate;
    AD_SELECT = 22, "IFLA_BOND_AD_SELECT", AdSelect(u8), ad_select;
    /// A nest of `IFLA_BOND_AD_INFO_*`; see [`BondAdInfoData`].
    AD_INFO = 23, "IFLA_BOND_AD_INFO", AdInfo(nested), ad_info;
    AD_ACTOR_SYS_PRIO = 24, "IFLA_BOND_AD_ACTOR_SYS_PRIO", AdActorSysPrio(u16), ad_actor_sys_prio;
    AD_USER_PORT_KEY = 25, "IFLA_BOND_AD_USER_PORT_KEY", AdUserPortKey(u16), ad_user_port_key;
    /// A 6-byte Ethernet address.
    AD_ACTOR_SYSTEM = 26, "IFLA_BOND_AD_ACTOR_SYSTEM", AdActorSystem(bytes), ad_actor_system;
    TLB_DYNAMIC_LB = 27, "IFLA_BOND_TLB_DYNAMIC_LB", TlbDynamicLb(u8), tlb_dynamic_lb;
    PEER_NOTIF_DELAY = 28, "IFLA_BOND_PEER_NOTIF_DELAY", PeerNotifDelay(u32), peer_notif_delay;
    AD_LACP_ACTIVE = 29, "IFLA_BOND_AD_LACP_ACTIVE", AdLacpActive(u8), ad_lacp_active;
    MISSED_MAX = 30, "IFLA_BOND_MISSED_MAX", MissedMax(u8), missed_max;
    /// A nest of IPv6 addresses, numbered from 0.
    NS_IP6_TARGET = 31, "IFLA_BOND_NS_IP6_TARGET", NsIp6Target(nested), ns_ip6_target;
    COUPLED_CONTROL = 32, "IFLA_BOND_COUPLED_CONTROL", CoupledControl(u8), coupled_control;
    BROADCAST_NEIGH = 33, "IFLA_BOND_BROADCAST_NEIGH", BroadcastNeigh(u8), broadcast_neigh;
}

kind_data! {
    /// `IFLA_BOND_AD_INFO_*`: the 802.3ad state of a bond (`IFLA_BOND_AD_INFO`).
    numbers IflaBondAdInfo;
    /// A typed 802.3ad information attribute.
    enum BondAdInfoAttr<'a>;
    /// A bond's 802.3ad information.
    view BondAdInfoData;
    AGGREGATOR = 1, "IFLA_BOND_AD_INFO_AGGREGATOR", Aggregator(u16), aggregator;
    NUM_PORTS = 2, "IFLA_BOND_AD_INFO_NUM_PORTS", NumPorts(u16), num_ports;
    ACTOR_KEY = 3, "IFLA_BOND_AD_INFO_ACTOR_KEY", ActorKey(u16), actor_key;
    PARTNER_KEY = 4, "IFLA_BOND_AD_INFO_PARTNER_KEY", PartnerKey(u16), partner_key;
    /// A 6-byte Ethernet address.
    PARTNER_MAC = 5, "IFLA_BOND_AD_INFO_PARTNER_MAC", PartnerMac(bytes), partner_mac;
}

kind_data! {
    /// `IFLA_BOND_SLAVE_*`: the slave data of a bond port (`IFLA_INFO_SLAVE_KIND` `bond`).
    numbers IflaBondSlave;
    /// A typed bond slave attribute.
    enum BondSlaveAttr<'a>;
    /// The slave data of a bond port.
    view BondSlaveData;
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

kind_data! {
    /// `IFLA_MACVLAN_*`: the data of a `macvlan` or `macvtap` link. The parent is `IFLA_LINK`.
    numbers IflaMacvlan;
    /// A typed macvlan data attribute.
    enum MacvlanAttr<'a>;
    /// The data of a `macvlan` or `macvtap` link.
    view MacvlanData;
    /// See [`MacvlanMode`].
    MODE = 1, "IFLA_MACVLAN_MODE", Mode(u32), mode;
    /// See [`MacvlanFlags`].
    FLAGS = 2, "IFLA_MACVLAN_FLAGS", Flags(u16), flags;
    /// `MACVLAN_MACADDR_*`: add, delete, flush or set the source list.
    MACADDR_MODE = 3, "IFLA_MACVLAN_MACADDR_MODE", MacaddrMode(u32), macaddr_mode;
    /// A 6-byte Ethernet address.
    MACADDR = 4, "IFLA_MACVLAN_MACADDR", Macaddr(bytes), macaddr;
    /// A nest of `IFLA_MACVLAN_MACADDR`.
    MACADDR_DATA = 5, "IFLA_MACVLAN_MACADDR_DATA", MacaddrData(nested), macaddr_data;
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

kind_data! {
    /// `IFLA_IPVLAN_*`: the data of an `ipvlan` or `ipvtap` link. The parent is `IFLA_LINK`.
    numbers IflaIpvlan;
    /// A typed ipvlan data attribute.
    enum IpvlanAttr<'a>;
    /// The data of an `ipvlan` or `ipvtap` link.
    view IpvlanData;
    /// See [`IpvlanMode`].
    MODE = 1, "IFLA_IPVLAN_MODE", Mode(u16), mode;
    /// See [`IpvlanFlags`].
    FLAGS = 2, "IFLA_IPVLAN_FLAGS", Flags(u16), flags;
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

kind_data! {
    /// `IFLA_VRF_*`: the data of a `vrf` link.
    numbers IflaVrf;
    /// A typed vrf data attribute.
    enum VrfAttr<'a>;
    /// The data of a `vrf` link.
    view VrfData;
    /// The routing table of the VRF.
    TABLE = 1, "IFLA_VRF_TABLE", Table(u32), table;
}

kind_data! {
    /// `IFLA_VRF_PORT_*`: the slave data of a VRF port (`IFLA_INFO_SLAVE_KIND` `vrf`).
    numbers IflaVrfPort;
    /// A typed VRF port attribute.
    enum VrfPortAttr<'a>;
    /// The slave data of a VRF port.
    view VrfPortData;
    /// The routing table of the port's VRF.
    TABLE = 1, "IFLA_VRF_PORT_TABLE", Table(u32), table;
}

// ---------------------------------------------------------------------------------------------
// gre, ipip, sit, ip6tnl, geneve, tun

kind_data! {
    /// `IFLA_GRE_*`: the data of `gre`, `gretap`, `ip6gre`, `ip6gretap`, `erspan` and
    /// `ip6erspan` links. Addresses are IPv4 for the IPv4 kinds and IPv6 for the `ip6*` ones.
    numbers IflaGre;
    /// A typed GRE data attribute.
    enum GreAttr<'a>;
    /// The data of a GRE link.
    view GreData;
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
    /// See [`TunnelEncapType`].
    ENCAP_TYPE = 14, "IFLA_GRE_ENCAP_TYPE", EncapType(u16), encap_type;
    /// `TUNNEL_ENCAP_FLAG_*`.
    ENCAP_FLAGS = 15, "IFLA_GRE_ENCAP_FLAGS", EncapFlags(u16), encap_flags;
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

values! {
    /// `TUNNEL_ENCAP_*` (`if_tunnel.h`): the outer encapsulation of a tunnel
    /// (`IFLA_GRE_ENCAP_TYPE`, `IFLA_IPTUN_ENCAP_TYPE`).
    TunnelEncapType(u16);
    NONE = 0, "TUNNEL_ENCAP_NONE", "none";
    FOU = 1, "TUNNEL_ENCAP_FOU", "fou";
    GUE = 2, "TUNNEL_ENCAP_GUE", "gue";
    MPLS = 3, "TUNNEL_ENCAP_MPLS", "mpls";
}

kind_data! {
    /// `IFLA_IPTUN_*`: the data of `ipip`, `sit` and `ip6tnl` links.
    numbers IflaIptun;
    /// A typed IP tunnel data attribute.
    enum IptunAttr<'a>;
    /// The data of an `ipip`, `sit` or `ip6tnl` link.
    view IptunData;
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
    FLAGS = 8, "IFLA_IPTUN_FLAGS", Flags(uint), flags;
    /// The inner protocol (`IPPROTO_*`).
    PROTO = 9, "IFLA_IPTUN_PROTO", Proto(u8), proto;
    PMTUDISC = 10, "IFLA_IPTUN_PMTUDISC", Pmtudisc(u8), pmtudisc;
    /// The 6rd prefix (IPv6).
    SIXRD_PREFIX = 11, "IFLA_IPTUN_6RD_PREFIX", SixrdPrefix(ip), sixrd_prefix;
    /// The 6rd relay prefix (IPv4).
    SIXRD_RELAY_PREFIX = 12, "IFLA_IPTUN_6RD_RELAY_PREFIX", SixrdRelayPrefix(ip), sixrd_relay_prefix;
    SIXRD_PREFIXLEN = 13, "IFLA_IPTUN_6RD_PREFIXLEN", SixrdPrefixlen(u16), sixrd_prefixlen;
    SIXRD_RELAY_PREFIXLEN = 14, "IFLA_IPTUN_6RD_RELAY_PREFIXLEN", SixrdRelayPrefixlen(u16), sixrd_relay_prefixlen;
    /// See [`TunnelEncapType`].
    ENCAP_TYPE = 15, "IFLA_IPTUN_ENCAP_TYPE", EncapType(u16), encap_type;
    ENCAP_FLAGS = 16, "IFLA_IPTUN_ENCAP_FLAGS", EncapFlags(u16), encap_flags;
    ENCAP_SPORT = 17, "IFLA_IPTUN_ENCAP_SPORT", EncapSport(be16), encap_sport;
    ENCAP_DPORT = 18, "IFLA_IPTUN_ENCAP_DPORT", EncapDport(be16), encap_dport;
    COLLECT_METADATA = 19, "IFLA_IPTUN_COLLECT_METADATA", CollectMetadata(flag), collect_metadata;
    FWMARK = 20, "IFLA_IPTUN_FWMARK", Fwmark(u32), fwmark;
}

kind_data! {
    /// `IFLA_GENEVE_*`: the data of a `geneve` link.
    numbers IflaGeneve;
    /// A typed geneve data attribute.
    enum GeneveAttr<'a>;
    /// The data of a `geneve` link.
    view GeneveData;
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
}

kind_data! {
    /// `IFLA_TUN_*`: the data of a `tun` link (read-only: tun devices are made with
    /// `/dev/net/tun`).
    numbers IflaTun;
    /// A typed tun data attribute.
    enum TunAttr<'a>;
    /// The data of a `tun` link.
    view TunData;
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
// The nest and its typed data.

/// The typed data of a link kind (`IFLA_INFO_DATA`), chosen by `IFLA_INFO_KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KindData<'a> {
    /// `veth`.
    Veth(VethData<'a>),
    /// `bridge`.
    Bridge(BridgeData<'a>),
    /// `vlan`.
    Vlan(VlanData<'a>),
    /// `vxlan`.
    Vxlan(VxlanData<'a>),
    /// `bond`.
    Bond(BondData<'a>),
    /// `macvlan` and `macvtap`.
    Macvlan(MacvlanData<'a>),
    /// `ipvlan` and `ipvtap`.
    Ipvlan(IpvlanData<'a>),
    /// `vrf`.
    Vrf(VrfData<'a>),
    /// `gre`, `gretap`, `ip6gre`, `ip6gretap`, `erspan`, `ip6erspan`.
    Gre(GreData<'a>),
    /// `ipip`, `sit`, `ip6tnl`.
    Iptun(IptunData<'a>),
    /// `geneve`.
    Geneve(GeneveData<'a>),
    /// `tun`.
    Tun(TunData<'a>),
    /// A kind whose data this crate does not decode, kept raw.
    Other(Attrs<'a>),
}

impl<'a> KindData<'a> {
    /// The view of `data` for the kind named `kind`; unknown kinds give [`KindData::Other`].
    #[must_use]
    #[inline]
    pub fn new(kind: &str, data: Attrs<'a>) -> Self {
        match kind {
            "veth" => KindData::Veth(VethData::new(data)),
            "bridge" => KindData::Bridge(BridgeData::new(data)),
            "vlan" => KindData::Vlan(VlanData::new(data)),
            "vxlan" => KindData::Vxlan(VxlanData::new(data)),
            "bond" => KindData::Bond(BondData::new(data)),
            "macvlan" | "macvtap" => KindData::Macvlan(MacvlanData::new(data)),
            "ipvlan" | "ipvtap" => KindData::Ipvlan(IpvlanData::new(data)),
            "vrf" => KindData::Vrf(VrfData::new(data)),
            "gre" | "gretap" | "ip6gre" | "ip6gretap" | "erspan" | "ip6erspan" => {
                KindData::Gre(GreData::new(data))
            }
            "ipip" | "sit" | "ip6tnl" => KindData::Iptun(IptunData::new(data)),
            "geneve" => KindData::Geneve(GeneveData::new(data)),
            "tun" => KindData::Tun(TunData::new(data)),
            _ => KindData::Other(data),
        }
    }

    /// The raw attributes.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        match self {
            KindData::Veth(d) => d.attrs(),
            KindData::Bridge(d) => d.attrs(),
            KindData::Vlan(d) => d.attrs(),
            KindData::Vxlan(d) => d.attrs(),
            KindData::Bond(d) => d.attrs(),
            KindData::Macvlan(d) => d.attrs(),
            KindData::Ipvlan(d) => d.attrs(),
            KindData::Vrf(d) => d.attrs(),
            KindData::Gre(d) => d.attrs(),
            KindData::Iptun(d) => d.attrs(),
            KindData::Geneve(d) => d.attrs(),
            KindData::Tun(d) => d.attrs(),
            KindData::Other(a) => *a,
        }
    }

    /// Decodes every attribute with its typed enum (and the typed nests inside: veth peer,
    /// vlan priority maps, bond 802.3ad information); returns how many decoded and the first
    /// error.
    ///
    /// # Errors
    /// The first attribute whose payload does not fit its type, or a broken attribute header.
    #[inline]
    pub fn validate(&self) -> Result<usize> {
        let mut s = Summary::default();
        let first = self.walk(&mut s);
        match first {
            Some(e) => Err(e),
            None => Ok(s.typed),
        }
    }

    /// Decodes every typed attribute, counting into `s`; returns the first error.
    #[inline]
    fn walk(&self, s: &mut Summary) -> Option<Error> {
        let mut first = None;
        match self {
            KindData::Veth(d) => {
                tally(d.typed_attrs(), s, &mut first);
                match d.peer() {
                    Ok(Some(p)) => tally(p.typed_attrs(), s, &mut first),
                    Ok(None) => {}
                    Err(e) => note(Err(e), s, &mut first),
                }
            }
            KindData::Bridge(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Vlan(d) => {
                tally(d.typed_attrs(), s, &mut first);
                for qos in [d.egress_qos(), d.ingress_qos()] {
                    match qos {
                        Ok(Some(q)) => tally(VlanQosData::new(q).typed_attrs(), s, &mut first),
                        Ok(None) => {}
                        Err(e) => note(Err(e), s, &mut first),
                    }
                }
            }
            KindData::Vxlan(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Bond(d) => {
                tally(d.typed_attrs(), s, &mut first);
                match d.ad_info() {
                    Ok(Some(i)) => tally(BondAdInfoData::new(i).typed_attrs(), s, &mut first),
                    Ok(None) => {}
                    Err(e) => note(Err(e), s, &mut first),
                }
            }
            KindData::Macvlan(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Ipvlan(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Vrf(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Gre(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Iptun(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Geneve(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Tun(d) => tally(d.typed_attrs(), s, &mut first),
            KindData::Other(a) => {
                if let Err(e) = a.validate() {
                    note(Err(e), s, &mut first);
                }
            }
        }
        first
    }
}

/// The typed slave data of a port (`IFLA_INFO_SLAVE_DATA`), chosen by `IFLA_INFO_SLAVE_KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SlaveData<'a> {
    /// A bridge port (`bridge`).
    BridgePort(BridgePortData<'a>),
    /// A bond port (`bond`).
    Bond(BondSlaveData<'a>),
    /// A VRF port (`vrf`).
    Vrf(VrfPortData<'a>),
    /// A master kind whose slave data this crate does not decode, kept raw.
    Other(Attrs<'a>),
}

impl<'a> SlaveData<'a> {
    /// The view of `data` for the master kind named `kind`.
    #[must_use]
    #[inline]
    pub fn new(kind: &str, data: Attrs<'a>) -> Self {
        match kind {
            "bridge" => SlaveData::BridgePort(BridgePortData::new(data)),
            "bond" => SlaveData::Bond(BondSlaveData::new(data)),
            "vrf" => SlaveData::Vrf(VrfPortData::new(data)),
            _ => SlaveData::Other(data),
        }
    }

    /// The raw attributes.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        match self {
            SlaveData::BridgePort(d) => d.attrs(),
            SlaveData::Bond(d) => d.attrs(),
            SlaveData::Vrf(d) => d.attrs(),
            SlaveData::Other(a) => *a,
        }
    }

    /// Decodes every attribute with its typed enum; returns how many decoded.
    ///
    /// # Errors
    /// The first attribute whose payload does not fit its type, or a broken attribute header.
    #[inline]
    pub fn validate(&self) -> Result<usize> {
        let mut s = Summary::default();
        match self.walk(&mut s) {
            Some(e) => Err(e),
            None => Ok(s.typed),
        }
    }

    #[inline]
    fn walk(&self, s: &mut Summary) -> Option<Error> {
        let mut first = None;
        match self {
            SlaveData::BridgePort(d) => tally(d.typed_attrs(), s, &mut first),
            SlaveData::Bond(d) => tally(d.typed_attrs(), s, &mut first),
            SlaveData::Vrf(d) => tally(d.typed_attrs(), s, &mut first),
            SlaveData::Other(a) => {
                if let Err(e) = a.validate() {
                    note(Err(e), s, &mut first);
                }
            }
        }
        first
    }
}

/// Counts the typed attributes of `it` into `s`, remembering the first error.
#[inline]
fn tally<'a, T: TypedAttr<'a>>(it: Typed<'a, T>, s: &mut Summary, first: &mut Option<Error>) {
    for t in it {
        note(t.map(drop), s, first);
    }
}

/// Counts one typed decode into `s`, remembering the first error.
#[inline]
fn note(r: Result<()>, s: &mut Summary, first: &mut Option<Error>) {
    match r {
        Ok(()) => s.typed = s.typed.saturating_add(1),
        Err(e) => {
            s.typed_errors = s.typed_errors.saturating_add(1);
            first.get_or_insert(e);
        }
    }
}

/// A view of the `IFLA_LINKINFO` nest of a link message: the kind and its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkInfo<'a> {
    attrs: Attrs<'a>,
}

impl<'a> LinkInfo<'a> {
    /// A view over the payload of `IFLA_LINKINFO` (`attr.nested()`).
    #[must_use]
    #[inline]
    pub fn new(attrs: Attrs<'a>) -> Self {
        LinkInfo { attrs }
    }

    /// A view over the `IFLA_LINKINFO` attribute `attr`.
    #[must_use]
    #[inline]
    pub fn from_attr(attr: Attr<'a>) -> Self {
        LinkInfo::new(attr.nested())
    }

    /// The `IFLA_LINKINFO` of a link message (`RTM_NEWLINK`...), if it has one.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the message is shorter than `ifinfomsg`.
    #[inline]
    pub fn of_link(msg: Msg<'a>) -> Result<Option<Self>> {
        Ok(msg
            .attrs(IFINFOMSG_LEN)?
            .get_lossy(IFLA_LINKINFO)
            .map(LinkInfo::from_attr))
    }

    /// The raw attributes of the nest.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The attributes of the nest decoded as [`InfoAttr`].
    #[must_use]
    #[inline]
    pub fn typed_attrs(&self) -> Typed<'a, InfoAttr<'a>> {
        self.attrs.typed()
    }

    #[inline]
    fn str(&self, kind: IflaInfo) -> Result<Option<&'a str>> {
        self.attrs.get_lossy(kind).map(|a| a.as_str()).transpose()
    }

    /// `IFLA_INFO_KIND`: `veth`, `bridge`, `vxlan`...
    ///
    /// # Errors
    /// When the name is not UTF-8.
    #[inline]
    pub fn kind(&self) -> Result<Option<&'a str>> {
        self.str(IflaInfo::KIND)
    }

    /// `IFLA_INFO_DATA`, raw.
    #[must_use]
    #[inline]
    pub fn data(&self) -> Option<Attrs<'a>> {
        self.attrs.get_lossy(IflaInfo::DATA).map(|a| a.nested())
    }

    /// `IFLA_INFO_XSTATS`, raw.
    #[must_use]
    #[inline]
    pub fn xstats(&self) -> Option<&'a [u8]> {
        self.attrs.get_lossy(IflaInfo::XSTATS).map(|a| a.payload())
    }

    /// `IFLA_INFO_SLAVE_KIND`: the master's kind when this link is a port.
    ///
    /// # Errors
    /// When the name is not UTF-8.
    #[inline]
    pub fn slave_kind(&self) -> Result<Option<&'a str>> {
        self.str(IflaInfo::SLAVE_KIND)
    }

    /// `IFLA_INFO_SLAVE_DATA`, raw.
    #[must_use]
    #[inline]
    pub fn slave_data(&self) -> Option<Attrs<'a>> {
        self.attrs
            .get_lossy(IflaInfo::SLAVE_DATA)
            .map(|a| a.nested())
    }

    /// `IFLA_INFO_DATA` as the typed view of `IFLA_INFO_KIND`. `None` when there is no data;
    /// data without a kind is [`KindData::Other`].
    ///
    /// # Errors
    /// When the kind's name is not UTF-8.
    #[inline]
    pub fn kind_data(&self) -> Result<Option<KindData<'a>>> {
        let Some(data) = self.data() else {
            return Ok(None);
        };
        Ok(Some(KindData::new(self.kind()?.unwrap_or_default(), data)))
    }

    /// `IFLA_INFO_SLAVE_DATA` as the typed view of `IFLA_INFO_SLAVE_KIND`.
    ///
    /// # Errors
    /// When the kind's name is not UTF-8.
    #[inline]
    pub fn slave_kind_data(&self) -> Result<Option<SlaveData<'a>>> {
        let Some(data) = self.slave_data() else {
            return Ok(None);
        };
        Ok(Some(SlaveData::new(
            self.slave_kind()?.unwrap_or_default(),
            data,
        )))
    }
}

/// Decodes an `IFLA_LINKINFO` attribute with every typed view, counting into `s`; the link
/// family's walk calls it for `IFLA_LINKINFO`.
#[inline]
pub(crate) fn walk(attr: Attr<'_>, s: &mut Summary) {
    let info = LinkInfo::from_attr(attr);
    for t in info.typed_attrs() {
        note(t.map(drop), s, &mut None);
    }
    let results = [info.kind().map(drop), info.slave_kind().map(drop)];
    s.typed_errors = s
        .typed_errors
        .saturating_add(results.iter().filter(|r| r.is_err()).count());
    let _ = info.xstats();
    if let Ok(Some(d)) = info.kind_data() {
        let _ = d.walk(s);
    }
    if let Ok(Some(d)) = info.slave_kind_data() {
        let _ = d.walk(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrBuilder, AttrWrite};
    use crate::{Messages, rtnl};
    use core::net::{IpAddr, Ipv4Addr};

    // `testdata/link_dump.bin`: a dump of lo, veth1 (a port of br0), veth0, br0, vx0 (vxlan id
    // 42, dstport 4789, local 192.0.2.1, dev veth0) and mv0 (macvlan, mode bridge, on veth0).
    fn dump() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/link_dump.bin"
        ))
        .unwrap()
    }

    /// (ifindex, name, IFLA_LINKINFO) of every link in `bytes`.
    fn links(bytes: &[u8]) -> Vec<(u32, String, Option<LinkInfo<'_>>)> {
        let mut out = Vec::new();
        for m in Messages::new(bytes) {
            let m = m.unwrap();
            if m.message_type() != rtnl::RTM_NEWLINK {
                continue;
            }
            let index = u32::from_ne_bytes(m.payload()[4..8].try_into().unwrap());
            let attrs = m.attrs(16).unwrap();
            let name = attrs
                .get(3u16)
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned();
            out.push((index, name, LinkInfo::of_link(m).unwrap()));
        }
        out
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = dump();
        let links = links(&bytes);
        let find = |n: &str| links.iter().find(|l| l.1 == n).unwrap();
        let veth0 = find("veth0").0;
        let mut summary = Summary::default();
        for (_, name, info) in &links {
            if let Some(info) = info {
                for t in info.typed_attrs() {
                    t.unwrap();
                }
                if let Some(d) = info.kind_data().unwrap() {
                    assert!(d.validate().unwrap() > 0, "{name}");
                }
                if let Some(d) = info.slave_kind_data().unwrap() {
                    assert!(d.validate().unwrap() > 0, "{name}");
                }
            }
        }
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if let Some(a) = m
                .attrs(16)
                .ok()
                .and_then(|a| a.get(IFLA_LINKINFO).ok().flatten())
            {
                walk(a, &mut summary);
            }
        }
        assert_eq!(summary.typed_errors, 0);
        assert!(summary.typed > 100, "{summary:?}");

        let vx = find("vx0").2.unwrap();
        assert_eq!(vx.kind().unwrap(), Some("vxlan"));
        let Some(KindData::Vxlan(d)) = vx.kind_data().unwrap() else {
            panic!("vx0 is not typed as vxlan");
        };
        assert_eq!(d.id().unwrap(), Some(42));
        assert_eq!(d.port().unwrap(), Some(4789));
        assert_eq!(
            d.local().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(d.link().unwrap(), Some(veth0));
        assert_eq!(d.learning().unwrap(), Some(1));
        assert_eq!(d.group().unwrap(), None);
        let range = d.port_range().unwrap().unwrap();
        assert!(range.low.get() <= range.high.get());

        let mv = find("mv0").2.unwrap();
        let Some(KindData::Macvlan(d)) = mv.kind_data().unwrap() else {
            panic!("mv0 is not typed as macvlan");
        };
        assert_eq!(
            d.mode().unwrap().map(MacvlanMode),
            Some(MacvlanMode::BRIDGE)
        );

        let br = find("br0").2.unwrap();
        let Some(KindData::Bridge(d)) = br.kind_data().unwrap() else {
            panic!("br0 is not typed as bridge");
        };
        assert_eq!(d.stp_state().unwrap(), Some(0));
        assert_eq!(d.forward_delay().unwrap(), Some(1500));
        // This kernel has no VLAN filtering, so no IFLA_BR_VLAN_PROTOCOL; the defaults are 2 s
        // hello time and 20 s max age.
        assert_eq!(d.vlan_protocol().unwrap(), None);
        assert_eq!(d.hello_time().unwrap(), Some(200));
        assert_eq!(d.max_age().unwrap(), Some(2000));
        let id = d.bridge_id().unwrap().unwrap();
        assert_eq!(id.addr, [2, 0, 0, 0, 0, 3]);

        let port = find("veth1").2.unwrap();
        assert_eq!(port.kind().unwrap(), Some("veth"));
        assert_eq!(port.slave_kind().unwrap(), Some("bridge"));
        let Some(SlaveData::BridgePort(p)) = port.slave_kind_data().unwrap() else {
            panic!("veth1 has no bridge port data");
        };
        assert!(p.state().unwrap().is_some());
        assert_eq!(p.cost().unwrap(), Some(2));
        assert_eq!(p.learning().unwrap(), Some(1));
        assert_eq!(find("lo").2, None);
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let bytes = dump();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            let Some(a) = m
                .attrs(16)
                .ok()
                .and_then(|a| a.get(IFLA_LINKINFO).ok().flatten())
            else {
                continue;
            };
            let p = a.payload();
            for n in 0..p.len() {
                let info = LinkInfo::new(Attrs::new(&p[..n]));
                let _ = (info.kind(), info.slave_kind(), info.xstats());
                if let Ok(Some(d)) = info.kind_data() {
                    let _ = d.validate();
                }
                if let Ok(Some(d)) = info.slave_kind_data() {
                    let _ = d.validate();
                }
                let mut s = Summary::default();
                let mut buf = vec![0u8; 4];
                buf.extend_from_slice(&p[..n]);
                let len = u16::try_from(buf.len()).unwrap();
                buf[..2].copy_from_slice(&len.to_ne_bytes());
                buf[2..4].copy_from_slice(&IFLA_LINKINFO.to_ne_bytes());
                walk(Attrs::new(&buf).next().unwrap().unwrap(), &mut s);
            }
        }
    }

    #[test]
    fn bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut info = b.nest(IFLA_LINKINFO);
            info.put_str(IflaInfo::KIND, "vxlan");
            let mut data = info.nest(IflaInfo::DATA);
            data.put_u16(IflaVxlan::ID, 42); // should be 4 bytes
            VxlanAttr::Port(4789).write_to(&mut data);
        }
        b.finish().unwrap();
        let info = LinkInfo::from_attr(Attrs::new(&buf).next().unwrap().unwrap());
        let Some(KindData::Vxlan(d)) = info.kind_data().unwrap() else {
            panic!("not vxlan");
        };
        assert_eq!(
            d.id().unwrap_err(),
            Error::AttrSize {
                kind: 1,
                offset: 20,
                expected: 4,
                found: 2
            }
        );
        assert_eq!(d.port().unwrap(), Some(4789));
        assert_eq!(
            d.attrs().get(IflaVxlan::PORT).unwrap().unwrap().payload(),
            [0x12, 0xb5]
        );
        assert!(KindData::Vxlan(d).validate().is_err());
        let mut s = Summary::default();
        walk(Attrs::new(&buf).next().unwrap().unwrap(), &mut s);
        assert_eq!(s.typed_errors, 1);
        assert_eq!(format!("{:?}", IflaVxlan::PORT), "IFLA_VXLAN_PORT");
        assert_eq!(format!("{:?}", IflaVxlan(200)), "200");
    }

    #[test]
    fn veth_peer_is_a_header_then_attributes() {
        // `ip link add va type veth peer name vb`: IFLA_INFO_DATA of the request, as strace
        // showed it (testdata/linkinfo-veth.bin).
        let data: [u8; 32] = [
            0x20, 0, 2, 0, // IFLA_INFO_DATA
            0x1c, 0, 1, 0, // VETH_INFO_PEER
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ifinfomsg
            7, 0, 3, 0, b'v', b'b', 0, 0, // IFLA_IFNAME "vb"
        ];
        let a = Attrs::new(&data).next().unwrap().unwrap();
        let d = KindData::new("veth", a.nested());
        let KindData::Veth(v) = d else {
            panic!("not veth")
        };
        let peer = v.peer().unwrap().unwrap();
        assert_eq!(peer.header_bytes(), [0; 16]);
        assert_eq!(peer.header().ifi_index.get(), 0);
        assert_eq!(peer.name().unwrap(), Some("vb"));
        assert_eq!(peer.attrs().next().unwrap().unwrap().offset(), 24);
        assert_eq!(d.validate().unwrap(), 2);
        // A peer shorter than ifinfomsg fails its own accessor.
        let short = [8u8, 0, 1, 0, 0, 0, 0, 0];
        let v = VethData::new(Attrs::new(&short));
        assert!(matches!(v.peer(), Err(Error::Truncated { needed: 16, .. })));
        assert_eq!(v.peer_bytes().unwrap(), Some(&[0u8; 4][..]));
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
    }
}
