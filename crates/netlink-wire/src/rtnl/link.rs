//! Links: `struct ifinfomsg`, the `IFLA_*` attributes, `IFF_*` flags, operational states, link
//! types (`ARPHRD_*`), the statistics structures and the per-family `IFLA_AF_SPEC` nests;
//! messages `RTM_NEWLINK`, `RTM_DELLINK`, `RTM_GETLINK` and `RTM_SETLINK`.
//!
//! `IFLA_LINKINFO` and its per-kind data are in [`crate::rtnl::linkinfo`]; this module only
//! reads the kind names out of it.
//!
//! Source of truth: `include/uapi/linux/if_link.h`, `include/uapi/linux/rtnetlink.h`
//! (`ifinfomsg`), `include/uapi/linux/if.h` (`IFF_*`, `IF_OPER_*`), `include/uapi/linux/if_arp.h`
//! (`ARPHRD_*`), `include/uapi/linux/ip.h` and `ipv6.h` (`IPV4_DEVCONF_*`, `DEVCONF_*`),
//! `include/uapi/linux/if_bridge.h` (`IFLA_BRIDGE_*`).

use core::net::Ipv6Addr;

use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::check::Summary;
use crate::error::{Error, Result};
use crate::header::{Flags, MessageType};
use crate::message::{MessageBuilder, Msg};
use crate::rtnl::AddressFamily;
use crate::typed::Typed;

/// `IFNAMSIZ`: the size of an interface name buffer, NUL included; names are at most 15 bytes.
pub const IFNAMSIZ: usize = 16;

/// `struct ifinfomsg`: the family header of link messages.
#[doc(alias = "ifinfomsg")]
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
pub struct IfInfoMsg {
    /// `ifi_family`: `AF_UNSPEC`, or `AF_BRIDGE` for bridge port messages.
    pub ifi_family: u8,
    /// `__ifi_pad`: padding.
    pub __ifi_pad: u8,
    /// `ifi_type`: the link type, an `ARPHRD_*` value.
    pub ifi_type: U16,
    /// `ifi_index`: the interface index (an `int` in the kernel; 0 in a request means "by name").
    pub ifi_index: I32,
    /// `ifi_flags`: the `IFF_*` flags.
    pub ifi_flags: U32,
    /// `ifi_change`: which `IFF_*` flags a request changes (`0xffffffff` in notifications).
    pub ifi_change: U32,
}

const _: () = assert!(size_of::<IfInfoMsg>() == 16);

impl IfInfoMsg {
    /// A header for interface `index` (0 for none) of `family`, with no flags and no change.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, index: u32) -> Self {
        IfInfoMsg {
            ifi_family: family.0,
            ifi_index: I32::new(i32::try_from(index).unwrap_or(i32::MAX)),
            ..Self::default()
        }
    }

    /// Sets `ifi_flags` and `ifi_change` so that a request changes the bits of `mask` to those
    /// of `flags`.
    #[must_use]
    #[inline]
    pub fn with_flags(mut self, flags: IfFlags, mask: IfFlags) -> Self {
        self.ifi_flags = U32::new(flags.0 & mask.0);
        self.ifi_change = U32::new(mask.0);
        self
    }
}

/// `struct rtnl_link_stats`: 32-bit interface counters (`IFLA_STATS`). Grows in new kernels:
/// read by prefix and zero-extended.
#[doc(alias = "rtnl_link_stats")]
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
pub struct RtnlLinkStats {
    /// `rx_packets`: good packets received.
    pub rx_packets: U32,
    /// `tx_packets`: packets transmitted.
    pub tx_packets: U32,
    /// `rx_bytes`: good bytes received.
    pub rx_bytes: U32,
    /// `tx_bytes`: bytes transmitted.
    pub tx_bytes: U32,
    /// `rx_errors`: bad packets received.
    pub rx_errors: U32,
    /// `tx_errors`: transmit problems.
    pub tx_errors: U32,
    /// `rx_dropped`: packets received but dropped.
    pub rx_dropped: U32,
    /// `tx_dropped`: packets dropped on their way out.
    pub tx_dropped: U32,
    /// `multicast`: multicast packets received.
    pub multicast: U32,
    /// `collisions`.
    pub collisions: U32,
    /// `rx_length_errors`.
    pub rx_length_errors: U32,
    /// `rx_over_errors`.
    pub rx_over_errors: U32,
    /// `rx_crc_errors`.
    pub rx_crc_errors: U32,
    /// `rx_frame_errors`.
    pub rx_frame_errors: U32,
    /// `rx_fifo_errors`.
    pub rx_fifo_errors: U32,
    /// `rx_missed_errors`.
    pub rx_missed_errors: U32,
    /// `tx_aborted_errors`.
    pub tx_aborted_errors: U32,
    /// `tx_carrier_errors`.
    pub tx_carrier_errors: U32,
    /// `tx_fifo_errors`.
    pub tx_fifo_errors: U32,
    /// `tx_heartbeat_errors`.
    pub tx_heartbeat_errors: U32,
    /// `tx_window_errors`.
    pub tx_window_errors: U32,
    /// `rx_compressed`.
    pub rx_compressed: U32,
    /// `tx_compressed`.
    pub tx_compressed: U32,
    /// `rx_nohandler`: packets dropped because no protocol handled them.
    pub rx_nohandler: U32,
}

const _: () = assert!(size_of::<RtnlLinkStats>() == 96);

/// `struct rtnl_link_stats64`: 64-bit interface counters (`IFLA_STATS64`). Grows in new
/// kernels: read by prefix and zero-extended.
#[doc(alias = "rtnl_link_stats64")]
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
pub struct RtnlLinkStats64 {
    /// `rx_packets`: good packets received.
    pub rx_packets: U64,
    /// `tx_packets`: packets transmitted.
    pub tx_packets: U64,
    /// `rx_bytes`: good bytes received.
    pub rx_bytes: U64,
    /// `tx_bytes`: bytes transmitted.
    pub tx_bytes: U64,
    /// `rx_errors`: bad packets received.
    pub rx_errors: U64,
    /// `tx_errors`: transmit problems.
    pub tx_errors: U64,
    /// `rx_dropped`: packets received but dropped.
    pub rx_dropped: U64,
    /// `tx_dropped`: packets dropped on their way out.
    pub tx_dropped: U64,
    /// `multicast`: multicast packets received.
    pub multicast: U64,
    /// `collisions`.
    pub collisions: U64,
    /// `rx_length_errors`.
    pub rx_length_errors: U64,
    /// `rx_over_errors`.
    pub rx_over_errors: U64,
    /// `rx_crc_errors`.
    pub rx_crc_errors: U64,
    /// `rx_frame_errors`.
    pub rx_frame_errors: U64,
    /// `rx_fifo_errors`.
    pub rx_fifo_errors: U64,
    /// `rx_missed_errors`.
    pub rx_missed_errors: U64,
    /// `tx_aborted_errors`.
    pub tx_aborted_errors: U64,
    /// `tx_carrier_errors`.
    pub tx_carrier_errors: U64,
    /// `tx_fifo_errors`.
    pub tx_fifo_errors: U64,
    /// `tx_heartbeat_errors`.
    pub tx_heartbeat_errors: U64,
    /// `tx_window_errors`.
    pub tx_window_errors: U64,
    /// `rx_compressed`.
    pub rx_compressed: U64,
    /// `tx_compressed`.
    pub tx_compressed: U64,
    /// `rx_nohandler`: packets dropped because no protocol handled them.
    pub rx_nohandler: U64,
    /// `rx_otherhost_dropped`: packets dropped for another host's destination MAC.
    pub rx_otherhost_dropped: U64,
}

const _: () = assert!(size_of::<RtnlLinkStats64>() == 200);

/// `struct rtnl_link_ifmap`: the device's hardware resources (`IFLA_MAP`). The C struct has 4
/// bytes of tail padding, which the kernel sends.
#[doc(alias = "rtnl_link_ifmap")]
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
pub struct RtnlLinkIfmap {
    /// `mem_start`.
    pub mem_start: U64,
    /// `mem_end`.
    pub mem_end: U64,
    /// `base_addr`.
    pub base_addr: U64,
    /// `irq`.
    pub irq: U16,
    /// `dma`.
    pub dma: u8,
    /// `port`.
    pub port: u8,
    /// The C struct's tail padding (to its 8-byte alignment).
    pub _pad: [u8; 4],
}

const _: () = assert!(size_of::<RtnlLinkIfmap>() == 32);

/// `struct ifla_cacheinfo`: IPv6 timing values of an interface (`IFLA_INET6_CACHEINFO`).
#[doc(alias = "ifla_cacheinfo")]
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
pub struct IflaCacheInfo {
    /// `max_reasm_len`: the largest datagram it reassembles.
    pub max_reasm_len: U32,
    /// `tstamp`: when the interface table was last updated, in hundredths of seconds.
    pub tstamp: U32,
    /// `reachable_time`: in milliseconds.
    pub reachable_time: U32,
    /// `retrans_time`: in milliseconds.
    pub retrans_time: U32,
}

const _: () = assert!(size_of::<IflaCacheInfo>() == 16);

/// `struct bridge_vlan_info`: one VLAN of a bridge port (`IFLA_BRIDGE_VLAN_INFO`).
#[doc(alias = "bridge_vlan_info")]
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
pub struct BridgeVlanInfo {
    /// `flags`: `BRIDGE_VLAN_INFO_*`.
    pub flags: U16,
    /// `vid`: the VLAN id.
    pub vid: U16,
}

const _: () = assert!(size_of::<BridgeVlanInfo>() == 4);

attributes! {
    /// `IFLA_*`: link attribute numbers.
    numbers Ifla;
    /// A typed link attribute.
    enum LinkAttr<'a>;
    /// The link-layer address.
    ADDRESS = 1, "IFLA_ADDRESS", Address(bytes);
    /// The link-layer broadcast address.
    BROADCAST = 2, "IFLA_BROADCAST", Broadcast(bytes);
    /// The interface name.
    IFNAME = 3, "IFLA_IFNAME", Ifname(str);
    /// The MTU.
    MTU = 4, "IFLA_MTU", Mtu(u32);
    /// The index of the lower (parent) link, such as a macvlan's.
    LINK = 5, "IFLA_LINK", Link(u32);
    /// The name of the root qdisc.
    QDISC = 6, "IFLA_QDISC", Qdisc(str);
    /// 32-bit counters.
    STATS = 7, "IFLA_STATS", Stats({RtnlLinkStats});
    /// Unused by the kernel.
    COST = 8, "IFLA_COST", Cost(bytes);
    /// Unused by the kernel.
    PRIORITY = 9, "IFLA_PRIORITY", Priority(bytes);
    /// The index of the master (bridge, bond) this link is enslaved to; 0 to release it.
    MASTER = 10, "IFLA_MASTER", Master(u32);
    /// A wireless extension event.
    WIRELESS = 11, "IFLA_WIRELESS", Wireless(bytes);
    /// Protocol-specific information (`IFLA_BRPORT_*` for bridge ports, `IFLA_INET6_*`).
    PROTINFO = 12, "IFLA_PROTINFO", Protinfo(nested);
    /// The transmit queue length.
    TXQLEN = 13, "IFLA_TXQLEN", Txqlen(u32);
    /// Hardware resources.
    MAP = 14, "IFLA_MAP", Map([RtnlLinkIfmap]);
    /// Unused by the kernel.
    WEIGHT = 15, "IFLA_WEIGHT", Weight(u32);
    /// The RFC 2863 operational state (`IF_OPER_*`).
    OPERSTATE = 16, "IFLA_OPERSTATE", Operstate(u8);
    /// The link mode (`IF_LINK_MODE_*`).
    LINKMODE = 17, "IFLA_LINKMODE", Linkmode(u8);
    /// The kind and its data (`IFLA_INFO_*`, see [`crate::rtnl::linkinfo`]).
    LINKINFO = 18, "IFLA_LINKINFO", Linkinfo(nested);
    /// Move the link to the network namespace of this process.
    NET_NS_PID = 19, "IFLA_NET_NS_PID", NetNsPid(u32);
    /// The interface alias (`ip link set ... alias`).
    IFALIAS = 20, "IFLA_IFALIAS", Ifalias(str);
    /// The number of SR-IOV virtual functions.
    NUM_VF = 21, "IFLA_NUM_VF", NumVf(u32);
    /// The virtual functions (`IFLA_VF_INFO`).
    VFINFO_LIST = 22, "IFLA_VFINFO_LIST", VfinfoList(nested);
    /// 64-bit counters.
    STATS64 = 23, "IFLA_STATS64", Stats64({RtnlLinkStats64});
    /// Port profiles of virtual functions (`IFLA_VF_PORT`).
    VF_PORTS = 24, "IFLA_VF_PORTS", VfPorts(nested);
    /// The port profile of this device (`IFLA_PORT_*`).
    PORT_SELF = 25, "IFLA_PORT_SELF", PortSelf(nested);
    /// Per-address-family data, one nest per `AF_*` (see [`AfSpec`]).
    AF_SPEC = 26, "IFLA_AF_SPEC", AfSpec(nested);
    /// The device group.
    GROUP = 27, "IFLA_GROUP", Group(u32);
    /// Move the link to the network namespace open as this file descriptor.
    NET_NS_FD = 28, "IFLA_NET_NS_FD", NetNsFd(u32);
    /// What extra information a request wants (`RTEXT_FILTER_*`).
    EXT_MASK = 29, "IFLA_EXT_MASK", ExtMask(u32);
    /// The promiscuity count: above 0 the link is promiscuous.
    PROMISCUITY = 30, "IFLA_PROMISCUITY", Promiscuity(u32);
    /// The number of transmit queues.
    NUM_TX_QUEUES = 31, "IFLA_NUM_TX_QUEUES", NumTxQueues(u32);
    /// The number of receive queues.
    NUM_RX_QUEUES = 32, "IFLA_NUM_RX_QUEUES", NumRxQueues(u32);
    /// Whether the carrier is up (1) or down (0).
    CARRIER = 33, "IFLA_CARRIER", Carrier(u8);
    /// The physical port id.
    PHYS_PORT_ID = 34, "IFLA_PHYS_PORT_ID", PhysPortId(bytes);
    /// How often the carrier changed.
    CARRIER_CHANGES = 35, "IFLA_CARRIER_CHANGES", CarrierChanges(u32);
    /// The id of the switch this port belongs to.
    PHYS_SWITCH_ID = 36, "IFLA_PHYS_SWITCH_ID", PhysSwitchId(bytes);
    /// The namespace id (in the receiver's namespace) of the namespace the link's peer or lower
    /// device lives in.
    LINK_NETNSID = 37, "IFLA_LINK_NETNSID", LinkNetnsid(i32);
    /// The physical port name.
    PHYS_PORT_NAME = 38, "IFLA_PHYS_PORT_NAME", PhysPortName(str);
    /// Whether the link is held down by a protocol (1) or not (0).
    PROTO_DOWN = 39, "IFLA_PROTO_DOWN", ProtoDown(u8);
    /// The largest GSO segment count.
    GSO_MAX_SEGS = 40, "IFLA_GSO_MAX_SEGS", GsoMaxSegs(u32);
    /// The largest GSO packet.
    GSO_MAX_SIZE = 41, "IFLA_GSO_MAX_SIZE", GsoMaxSize(u32);
    /// Padding for 64-bit attributes.
    PAD = 42, "IFLA_PAD", Pad(bytes);
    /// XDP programs (`IFLA_XDP_*`).
    XDP = 43, "IFLA_XDP", Xdp(nested);
    /// The event that caused a notification (`IFLA_EVENT_*`).
    EVENT = 44, "IFLA_EVENT", Event(u32);
    /// The namespace id of the namespace the link moved to.
    NEW_NETNSID = 45, "IFLA_NEW_NETNSID", NewNetnsid(i32);
    /// The namespace id a request acts in (also `IFLA_TARGET_NETNSID`).
    IF_NETNSID = 46, "IFLA_IF_NETNSID", IfNetnsid(i32);
    /// How often the carrier went up.
    CARRIER_UP_COUNT = 47, "IFLA_CARRIER_UP_COUNT", CarrierUpCount(u32);
    /// How often the carrier went down.
    CARRIER_DOWN_COUNT = 48, "IFLA_CARRIER_DOWN_COUNT", CarrierDownCount(u32);
    /// The new index of a link that moved namespaces.
    NEW_IFINDEX = 49, "IFLA_NEW_IFINDEX", NewIfindex(i32);
    /// The smallest MTU the device accepts.
    MIN_MTU = 50, "IFLA_MIN_MTU", MinMtu(u32);
    /// The largest MTU the device accepts.
    MAX_MTU = 51, "IFLA_MAX_MTU", MaxMtu(u32);
    /// A list of properties: `IFLA_ALT_IFNAME` entries.
    PROP_LIST = 52, "IFLA_PROP_LIST", PropList(nested);
    /// An alternative name (inside `IFLA_PROP_LIST`, or to look a link up by).
    ALT_IFNAME = 53, "IFLA_ALT_IFNAME", AltIfname(str);
    /// The permanent hardware address.
    PERM_ADDRESS = 54, "IFLA_PERM_ADDRESS", PermAddress(bytes);
    /// Why the link is protocol-down (`IFLA_PROTO_DOWN_REASON_*`).
    PROTO_DOWN_REASON = 55, "IFLA_PROTO_DOWN_REASON", ProtoDownReason(nested);
    /// The parent device's (sysfs) name, where there is no parent netdev.
    PARENT_DEV_NAME = 56, "IFLA_PARENT_DEV_NAME", ParentDevName(str);
    /// The parent device's bus name.
    PARENT_DEV_BUS_NAME = 57, "IFLA_PARENT_DEV_BUS_NAME", ParentDevBusName(str);
    /// The largest GRO packet.
    GRO_MAX_SIZE = 58, "IFLA_GRO_MAX_SIZE", GroMaxSize(u32);
    /// The largest TSO packet the device supports.
    TSO_MAX_SIZE = 59, "IFLA_TSO_MAX_SIZE", TsoMaxSize(u32);
    /// The largest TSO segment count the device supports.
    TSO_MAX_SEGS = 60, "IFLA_TSO_MAX_SEGS", TsoMaxSegs(u32);
    /// The all-multicast count: above 0 the link receives all multicast.
    ALLMULTI = 61, "IFLA_ALLMULTI", Allmulti(u32);
    /// The devlink port (`DEVLINK_ATTR_*`).
    DEVLINK_PORT = 62, "IFLA_DEVLINK_PORT", DevlinkPort(nested);
    /// The largest GSO packet for IPv4.
    GSO_IPV4_MAX_SIZE = 63, "IFLA_GSO_IPV4_MAX_SIZE", GsoIpv4MaxSize(u32);
    /// The largest GRO packet for IPv4.
    GRO_IPV4_MAX_SIZE = 64, "IFLA_GRO_IPV4_MAX_SIZE", GroIpv4MaxSize(u32);
    /// The DPLL pin (`DPLL_A_PIN_*`).
    DPLL_PIN = 65, "IFLA_DPLL_PIN", DpllPin(nested);
    /// The pacing offload horizon, in nanoseconds (a variable-width `NLA_UINT`).
    MAX_PACING_OFFLOAD_HORIZON = 66, "IFLA_MAX_PACING_OFFLOAD_HORIZON", MaxPacingOffloadHorizon(uint);
    /// Whether the link cannot change namespaces (1).
    NETNS_IMMUTABLE = 67, "IFLA_NETNS_IMMUTABLE", NetnsImmutable(u8);
    /// The headroom the device needs, in bytes.
    HEADROOM = 68, "IFLA_HEADROOM", Headroom(u16);
    /// The tailroom the device needs, in bytes.
    TAILROOM = 69, "IFLA_TAILROOM", Tailroom(u16);
}

impl Ifla {
    /// `IFLA_TARGET_NETNSID`: the newer name of `IFLA_IF_NETNSID`.
    #[doc(alias = "IFLA_TARGET_NETNSID")]
    pub const TARGET_NETNSID: Ifla = Ifla::IF_NETNSID;
}

attributes! {
    /// `IFLA_INFO_*` numbers this module needs to read the kinds (the full table with data is in
    /// [`crate::rtnl::linkinfo`]).
    numbers IflaInfo;
    /// An attribute of `IFLA_LINKINFO`, typed only as far as this module reads it.
    enum InfoAttr<'a>;
    /// The kind (`"veth"`, `"bridge"`).
    KIND = 1, "IFLA_INFO_KIND", Kind(str);
    /// The kind's data.
    DATA = 2, "IFLA_INFO_DATA", Data(nested);
    /// The kind's extra statistics.
    XSTATS = 3, "IFLA_INFO_XSTATS", Xstats(bytes);
    /// The master's kind, on a port (`"bridge"`).
    SLAVE_KIND = 4, "IFLA_INFO_SLAVE_KIND", SlaveKind(str);
    /// The port data of the master's kind.
    SLAVE_DATA = 5, "IFLA_INFO_SLAVE_DATA", SlaveData(nested);
}

attributes! {
    /// `IFLA_XDP_*`: attributes of `IFLA_XDP`.
    numbers IflaXdp;
    /// A typed `IFLA_XDP` attribute.
    enum XdpAttr<'a>;
    /// A program file descriptor to attach (-1 to detach).
    FD = 1, "IFLA_XDP_FD", Fd(i32);
    /// How programs are attached (`XDP_ATTACHED_*`).
    ATTACHED = 2, "IFLA_XDP_ATTACHED", Attached(u8);
    /// `XDP_FLAGS_*`.
    FLAGS = 3, "IFLA_XDP_FLAGS", Flags(u32);
    /// The attached program's id.
    PROG_ID = 4, "IFLA_XDP_PROG_ID", ProgId(u32);
    /// The driver-mode program's id.
    DRV_PROG_ID = 5, "IFLA_XDP_DRV_PROG_ID", DrvProgId(u32);
    /// The generic (skb) mode program's id.
    SKB_PROG_ID = 6, "IFLA_XDP_SKB_PROG_ID", SkbProgId(u32);
    /// The offloaded program's id.
    HW_PROG_ID = 7, "IFLA_XDP_HW_PROG_ID", HwProgId(u32);
    /// The program expected to be attached now (with `XDP_FLAGS_REPLACE`).
    EXPECTED_FD = 8, "IFLA_XDP_EXPECTED_FD", ExpectedFd(i32);
}

attributes! {
    /// `IFLA_PROTO_DOWN_REASON_*`: attributes of `IFLA_PROTO_DOWN_REASON`.
    numbers IflaProtoDownReason;
    /// A typed `IFLA_PROTO_DOWN_REASON` attribute.
    enum ProtoDownReasonAttr<'a>;
    /// Which reason bits a request changes.
    MASK = 1, "IFLA_PROTO_DOWN_REASON_MASK", Mask(u32);
    /// The reason bits.
    VALUE = 2, "IFLA_PROTO_DOWN_REASON_VALUE", Value(u32);
}

attributes! {
    /// `IFLA_INET_*`: attributes of the `AF_INET` nest of `IFLA_AF_SPEC`.
    numbers IflaInet;
    /// A typed `AF_INET` attribute of `IFLA_AF_SPEC`.
    enum InetAttr<'a>;
    /// The IPv4 sysctls: an array of `u32` indexed by `IPV4_DEVCONF_*` minus 1 (see [`DevConf`]).
    CONF = 1, "IFLA_INET_CONF", Conf(bytes);
}

attributes! {
    /// `IFLA_INET6_*`: attributes of the `AF_INET6` nest of `IFLA_AF_SPEC` (and of
    /// `IFLA_PROTINFO` in `RTM_NEWLINK` from the IPv6 code).
    numbers IflaInet6;
    /// A typed `AF_INET6` attribute of `IFLA_AF_SPEC`.
    enum Inet6Attr<'a>;
    /// `IF_RA_*`, `IF_READY` flags.
    FLAGS = 1, "IFLA_INET6_FLAGS", Flags(u32);
    /// The IPv6 sysctls: an array of `s32` indexed by `DEVCONF_*` (see [`DevConf`]).
    CONF = 2, "IFLA_INET6_CONF", Conf(bytes);
    /// IPv6 counters: an array of `u64` indexed by `IPSTATS_MIB_*` (see [`Counters`]).
    STATS = 3, "IFLA_INET6_STATS", Stats(bytes);
    /// Unused by the kernel.
    MCAST = 4, "IFLA_INET6_MCAST", Mcast(bytes);
    /// Timing values.
    CACHEINFO = 5, "IFLA_INET6_CACHEINFO", CacheInfo([IflaCacheInfo]);
    /// ICMPv6 counters: an array of `u64` indexed by `ICMP6_MIB_*` (see [`Counters`]).
    ICMP6STATS = 6, "IFLA_INET6_ICMP6STATS", Icmp6Stats(bytes);
    /// The interface identifier token (`ip token`), 16 bytes.
    TOKEN = 7, "IFLA_INET6_TOKEN", Token(bytes);
    /// How link-local addresses are generated (`IN6_ADDR_GEN_MODE_*`).
    ADDR_GEN_MODE = 8, "IFLA_INET6_ADDR_GEN_MODE", AddrGenMode(u8);
    /// The MTU a router advertisement carried.
    RA_MTU = 9, "IFLA_INET6_RA_MTU", RaMtu(u32);
}

attributes! {
    /// `IFLA_BRIDGE_*`: the `IFLA_AF_SPEC` attributes of bridge messages (`ifi_family`
    /// `AF_BRIDGE`), which sit directly in `IFLA_AF_SPEC`, not in a per-family nest.
    numbers IflaBridge;
    /// A typed `IFLA_AF_SPEC` attribute of an `AF_BRIDGE` link message.
    enum BridgeAfAttr<'a>;
    /// `BRIDGE_FLAGS_*`: whether a request is for the master or the port itself.
    FLAGS = 0, "IFLA_BRIDGE_FLAGS", Flags(u16);
    /// `BRIDGE_MODE_*` (hairpin).
    MODE = 1, "IFLA_BRIDGE_MODE", Mode(u16);
    /// One VLAN of the port.
    VLAN_INFO = 2, "IFLA_BRIDGE_VLAN_INFO", VlanInfo([BridgeVlanInfo]);
    /// A VLAN to tunnel id mapping (`IFLA_BRIDGE_VLAN_TUNNEL_*`).
    VLAN_TUNNEL_INFO = 3, "IFLA_BRIDGE_VLAN_TUNNEL_INFO", VlanTunnelInfo(nested);
    /// Media redundancy protocol (`IFLA_BRIDGE_MRP_*`).
    MRP = 4, "IFLA_BRIDGE_MRP", Mrp(nested);
    /// Connectivity fault management (`IFLA_BRIDGE_CFM_*`).
    CFM = 5, "IFLA_BRIDGE_CFM", Cfm(nested);
    /// Multiple spanning trees (`IFLA_BRIDGE_MST_*`).
    MST = 6, "IFLA_BRIDGE_MST", Mst(nested);
}

flags! {
    /// `IFF_*`: interface flags (`ifi_flags`), with the names `ip link` prints. They are
    /// declared in the order `ip` prints them; `ip` never prints `RUNNING`.
    IfFlags(u32);
    /// The interface is a loopback.
    LOOPBACK = 0x8, "IFF_LOOPBACK", "LOOPBACK";
    /// The broadcast address is valid.
    BROADCAST = 0x2, "IFF_BROADCAST", "BROADCAST";
    /// A point-to-point link.
    POINTOPOINT = 0x10, "IFF_POINTOPOINT", "POINTOPOINT";
    /// Supports multicast.
    MULTICAST = 0x1000, "IFF_MULTICAST", "MULTICAST";
    /// No ARP.
    NOARP = 0x80, "IFF_NOARP", "NOARP";
    /// Receives all multicast packets.
    ALLMULTI = 0x200, "IFF_ALLMULTI", "ALLMULTI";
    /// Receives all packets.
    PROMISC = 0x100, "IFF_PROMISC", "PROMISC";
    /// The master of a load balancer (bond).
    MASTER = 0x400, "IFF_MASTER", "MASTER";
    /// A slave of a load balancer (bond).
    SLAVE = 0x800, "IFF_SLAVE", "SLAVE";
    /// Debugging on.
    DEBUG = 0x4, "IFF_DEBUG", "DEBUG";
    /// A dialup device with changing addresses.
    DYNAMIC = 0x8000, "IFF_DYNAMIC", "DYNAMIC";
    /// Automatic media selection.
    AUTOMEDIA = 0x4000, "IFF_AUTOMEDIA", "AUTOMEDIA";
    /// Can set the media type.
    PORTSEL = 0x2000, "IFF_PORTSEL", "PORTSEL";
    /// Avoid trailers.
    NOTRAILERS = 0x20, "IFF_NOTRAILERS", "NOTRAILERS";
    /// Administratively up.
    UP = 0x1, "IFF_UP", "UP";
    /// The driver signals layer 1 up.
    LOWER_UP = 0x10000, "IFF_LOWER_UP", "LOWER_UP";
    /// The driver signals dormant.
    DORMANT = 0x20000, "IFF_DORMANT", "DORMANT";
    /// Echoes sent packets.
    ECHO = 0x40000, "IFF_ECHO", "ECHO";
    /// Operationally up (RFC 2863 `OPER_UP`); `ip` does not print it.
    RUNNING = 0x40, "IFF_RUNNING", "RUNNING";
}

values! {
    /// `IF_OPER_*`: the RFC 2863 operational state (`IFLA_OPERSTATE`), named as `ip` prints it.
    OperState(u8);
    /// Unknown (many virtual devices).
    UNKNOWN = 0, "IF_OPER_UNKNOWN", "UNKNOWN";
    /// The device is missing.
    NOTPRESENT = 1, "IF_OPER_NOTPRESENT", "NOTPRESENT";
    /// Down.
    DOWN = 2, "IF_OPER_DOWN", "DOWN";
    /// Down because a lower device is down.
    LOWERLAYERDOWN = 3, "IF_OPER_LOWERLAYERDOWN", "LOWERLAYERDOWN";
    /// In test mode.
    TESTING = 4, "IF_OPER_TESTING", "TESTING";
    /// Waiting for an external event.
    DORMANT = 5, "IF_OPER_DORMANT", "DORMANT";
    /// Up.
    UP = 6, "IF_OPER_UP", "UP";
}

values! {
    /// `IF_LINK_MODE_*`: the link mode (`IFLA_LINKMODE`), named as `ip` prints it.
    LinkMode(u8);
    /// The default.
    DEFAULT = 0, "IF_LINK_MODE_DEFAULT", "DEFAULT";
    /// Limit the upward transition to dormant.
    DORMANT = 1, "IF_LINK_MODE_DORMANT", "DORMANT";
    /// Limit the upward transition to testing.
    TESTING = 2, "IF_LINK_MODE_TESTING", "TESTING";
}

values! {
    /// `ARPHRD_*`: link types (`ifi_type`), named as `ip link` prints them (`link/ether`).
    LinkType(u16);
    /// NET/ROM.
    NETROM = 0, "ARPHRD_NETROM", "netrom";
    /// Ethernet.
    ETHER = 1, "ARPHRD_ETHER", "ether";
    /// Experimental Ethernet.
    EETHER = 2, "ARPHRD_EETHER", "eether";
    /// AX.25.
    AX25 = 3, "ARPHRD_AX25", "ax25";
    /// PROnet token ring.
    PRONET = 4, "ARPHRD_PRONET", "pronet";
    /// Chaosnet.
    CHAOS = 5, "ARPHRD_CHAOS", "chaos";
    /// IEEE 802.2 Ethernet, token ring.
    IEEE802 = 6, "ARPHRD_IEEE802", "ieee802";
    /// ARCnet.
    ARCNET = 7, "ARPHRD_ARCNET", "arcnet";
    /// AppleTalk.
    APPLETLK = 8, "ARPHRD_APPLETLK", "atalk";
    /// Frame relay DLCI.
    DLCI = 15, "ARPHRD_DLCI", "dlci";
    /// ATM.
    ATM = 19, "ARPHRD_ATM", "atm";
    /// Metricom STRIP.
    METRICOM = 23, "ARPHRD_METRICOM", "metricom";
    /// IEEE 1394 IPv4.
    IEEE1394 = 24, "ARPHRD_IEEE1394", "ieee1394";
    /// EUI-64.
    EUI64 = 27, "ARPHRD_EUI64", "eui64";
    /// InfiniBand.
    INFINIBAND = 32, "ARPHRD_INFINIBAND", "infiniband";
    /// SLIP.
    SLIP = 256, "ARPHRD_SLIP", "slip";
    /// Compressed SLIP.
    CSLIP = 257, "ARPHRD_CSLIP", "cslip";
    /// SLIP6.
    SLIP6 = 258, "ARPHRD_SLIP6", "slip6";
    /// Compressed SLIP6.
    CSLIP6 = 259, "ARPHRD_CSLIP6", "cslip6";
    /// Reserved.
    RSRVD = 260, "ARPHRD_RSRVD", "rsrvd";
    /// Adaptive.
    ADAPT = 264, "ARPHRD_ADAPT", "adapt";
    /// ROSE.
    ROSE = 270, "ARPHRD_ROSE", "rose";
    /// X.25.
    X25 = 271, "ARPHRD_X25", "x25";
    /// X.25 in hardware.
    HWX25 = 272, "ARPHRD_HWX25", "hwx25";
    /// CAN bus.
    CAN = 280, "ARPHRD_CAN", "can";
    /// MCTP.
    MCTP = 290, "ARPHRD_MCTP", "mctp";
    /// PPP.
    PPP = 512, "ARPHRD_PPP", "ppp";
    /// Cisco HDLC (`ARPHRD_CISCO`).
    HDLC = 513, "ARPHRD_HDLC", "hdlc";
    /// LAPB.
    LAPB = 516, "ARPHRD_LAPB", "lapb";
    /// DDCMP.
    DDCMP = 517, "ARPHRD_DDCMP", "ddcmp";
    /// Raw HDLC.
    RAWHDLC = 518, "ARPHRD_RAWHDLC", "rawhdlc";
    /// Raw IP.
    RAWIP = 519, "ARPHRD_RAWIP", "rawip";
    /// IPIP tunnel.
    TUNNEL = 768, "ARPHRD_TUNNEL", "ipip";
    /// IP6IP6 tunnel.
    TUNNEL6 = 769, "ARPHRD_TUNNEL6", "tunnel6";
    /// Frame relay access device.
    FRAD = 770, "ARPHRD_FRAD", "frad";
    /// SKIP.
    SKIP = 771, "ARPHRD_SKIP", "skip";
    /// Loopback.
    LOOPBACK = 772, "ARPHRD_LOOPBACK", "loopback";
    /// LocalTalk.
    LOCALTLK = 773, "ARPHRD_LOCALTLK", "ltalk";
    /// FDDI.
    FDDI = 774, "ARPHRD_FDDI", "fddi";
    /// AP1000 BIF.
    BIF = 775, "ARPHRD_BIF", "bif";
    /// IPv6 in IPv4 (sit).
    SIT = 776, "ARPHRD_SIT", "sit";
    /// IP over DDP.
    IPDDP = 777, "ARPHRD_IPDDP", "ip/ddp";
    /// GRE over IPv4.
    IPGRE = 778, "ARPHRD_IPGRE", "gre";
    /// PIMSM register.
    PIMREG = 779, "ARPHRD_PIMREG", "pimreg";
    /// HIPPI.
    HIPPI = 780, "ARPHRD_HIPPI", "hippi";
    /// Nexus 64 Mbps Ash.
    ASH = 781, "ARPHRD_ASH", "ash";
    /// Acorn Econet.
    ECONET = 782, "ARPHRD_ECONET", "econet";
    /// IrDA.
    IRDA = 783, "ARPHRD_IRDA", "irda";
    /// Fibre Channel point to point.
    FCPP = 784, "ARPHRD_FCPP", "fcpp";
    /// Fibre Channel arbitrated loop.
    FCAL = 785, "ARPHRD_FCAL", "fcal";
    /// Fibre Channel public loop.
    FCPL = 786, "ARPHRD_FCPL", "fcpl";
    /// Fibre Channel fabric.
    FCFABRIC = 787, "ARPHRD_FCFABRIC", "fcfb0";
    /// Magic type ident for token ring.
    IEEE802_TR = 800, "ARPHRD_IEEE802_TR", "tr";
    /// IEEE 802.11.
    IEEE80211 = 801, "ARPHRD_IEEE80211", "ieee802.11";
    /// IEEE 802.11 with a Prism2 header.
    IEEE80211_PRISM = 802, "ARPHRD_IEEE80211_PRISM", "ieee802.11/prism";
    /// IEEE 802.11 with a radiotap header.
    IEEE80211_RADIOTAP = 803, "ARPHRD_IEEE80211_RADIOTAP", "ieee802.11/radiotap";
    /// IEEE 802.15.4.
    IEEE802154 = 804, "ARPHRD_IEEE802154", "ieee802.15.4";
    /// IEEE 802.15.4 monitor.
    IEEE802154_MONITOR = 805, "ARPHRD_IEEE802154_MONITOR", "ieee802.15.4/monitor";
    /// PhoNet.
    PHONET = 820, "ARPHRD_PHONET", "phonet";
    /// PhoNet pipe.
    PHONET_PIPE = 821, "ARPHRD_PHONET_PIPE", "phonet_pipe";
    /// CAIF.
    CAIF = 822, "ARPHRD_CAIF", "caif";
    /// GRE over IPv6.
    IP6GRE = 823, "ARPHRD_IP6GRE", "gre6";
    /// Netlink monitor.
    NETLINK = 824, "ARPHRD_NETLINK", "netlink";
    /// 6LoWPAN.
    SIXLOWPAN = 825, "ARPHRD_6LOWPAN", "6lowpan";
    /// vsock monitor.
    VSOCKMON = 826, "ARPHRD_VSOCKMON", "vsockmon";
    /// No link-layer header (tun, wireguard).
    NONE = 0xfffe, "ARPHRD_NONE", "none";
    /// Void: no hardware address.
    VOID = 0xffff, "ARPHRD_VOID", "void";
}

values! {
    /// `IFLA_EVENT_*`: the event behind a link notification (`IFLA_EVENT`).
    LinkEvent(u32);
    /// None.
    NONE = 0, "IFLA_EVENT_NONE", "none";
    /// Internal reset or reboot.
    REBOOT = 1, "IFLA_EVENT_REBOOT", "reboot";
    /// Offload features changed.
    FEATURES = 2, "IFLA_EVENT_FEATURES", "features";
    /// The active bond slave changed.
    BONDING_FAILOVER = 3, "IFLA_EVENT_BONDING_FAILOVER", "bonding_failover";
    /// Gratuitous ARP or unsolicited NA re-sent.
    NOTIFY_PEERS = 4, "IFLA_EVENT_NOTIFY_PEERS", "notify_peers";
    /// IGMP joins re-sent.
    IGMP_RESEND = 5, "IFLA_EVENT_IGMP_RESEND", "igmp_resend";
    /// Bonding options changed.
    BONDING_OPTIONS = 6, "IFLA_EVENT_BONDING_OPTIONS", "bonding_options";
}

values! {
    /// `XDP_ATTACHED_*`: how XDP programs are attached (`IFLA_XDP_ATTACHED`).
    XdpAttached(u8);
    /// No program.
    NONE = 0, "XDP_ATTACHED_NONE", "none";
    /// In the driver.
    DRV = 1, "XDP_ATTACHED_DRV", "xdpdrv";
    /// Generic (skb) mode.
    SKB = 2, "XDP_ATTACHED_SKB", "xdpgeneric";
    /// Offloaded to hardware.
    HW = 3, "XDP_ATTACHED_HW", "xdpoffload";
    /// Several modes at once.
    MULTI = 4, "XDP_ATTACHED_MULTI", "xdpmulti";
}

values! {
    /// `IN6_ADDR_GEN_MODE_*`: how IPv6 link-local addresses are generated
    /// (`IFLA_INET6_ADDR_GEN_MODE`), named as `ip link set ... addrgenmode` takes them.
    AddrGenMode(u8);
    /// From the EUI-64 of the hardware address.
    EUI64 = 0, "IN6_ADDR_GEN_MODE_EUI64", "eui64";
    /// None.
    NONE = 1, "IN6_ADDR_GEN_MODE_NONE", "none";
    /// Stable privacy addresses (RFC 7217).
    STABLE_PRIVACY = 2, "IN6_ADDR_GEN_MODE_STABLE_PRIVACY", "stable_secret";
    /// Random.
    RANDOM = 3, "IN6_ADDR_GEN_MODE_RANDOM", "random";
}

flags! {
    /// `RTEXT_FILTER_*`: what extra information a link request or dump asks for
    /// (`IFLA_EXT_MASK`).
    ExtFilter(u32);
    /// Virtual functions.
    VF = 0x1, "RTEXT_FILTER_VF", "vf";
    /// Bridge VLANs.
    BRVLAN = 0x2, "RTEXT_FILTER_BRVLAN", "brvlan";
    /// Bridge VLANs, as ranges.
    BRVLAN_COMPRESSED = 0x4, "RTEXT_FILTER_BRVLAN_COMPRESSED", "brvlan_compressed";
    /// Leave out `IFLA_STATS` and `IFLA_STATS64`.
    SKIP_STATS = 0x8, "RTEXT_FILTER_SKIP_STATS", "skip_stats";
    /// Media redundancy protocol.
    MRP = 0x10, "RTEXT_FILTER_MRP", "mrp";
    /// CFM configuration.
    CFM_CONFIG = 0x20, "RTEXT_FILTER_CFM_CONFIG", "cfm_config";
    /// CFM status.
    CFM_STATUS = 0x40, "RTEXT_FILTER_CFM_STATUS", "cfm_status";
    /// Multiple spanning trees.
    MST = 0x80, "RTEXT_FILTER_MST", "mst";
}

values! {
    /// `IPV4_DEVCONF_*`: the IPv4 sysctls in `IFLA_INET_CONF` (entry `n - 1` holds value `n`).
    Ipv4Devconf(u32);
    /// `forwarding`.
    FORWARDING = 1, "IPV4_DEVCONF_FORWARDING", "forwarding";
    /// `mc_forwarding`.
    MC_FORWARDING = 2, "IPV4_DEVCONF_MC_FORWARDING", "mc_forwarding";
    /// `proxy_arp`.
    PROXY_ARP = 3, "IPV4_DEVCONF_PROXY_ARP", "proxy_arp";
    /// `accept_redirects`.
    ACCEPT_REDIRECTS = 4, "IPV4_DEVCONF_ACCEPT_REDIRECTS", "accept_redirects";
    /// `secure_redirects`.
    SECURE_REDIRECTS = 5, "IPV4_DEVCONF_SECURE_REDIRECTS", "secure_redirects";
    /// `send_redirects`.
    SEND_REDIRECTS = 6, "IPV4_DEVCONF_SEND_REDIRECTS", "send_redirects";
    /// `shared_media`.
    SHARED_MEDIA = 7, "IPV4_DEVCONF_SHARED_MEDIA", "shared_media";
    /// `rp_filter`.
    RP_FILTER = 8, "IPV4_DEVCONF_RP_FILTER", "rp_filter";
    /// `accept_source_route`.
    ACCEPT_SOURCE_ROUTE = 9, "IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE", "accept_source_route";
    /// `bootp_relay`.
    BOOTP_RELAY = 10, "IPV4_DEVCONF_BOOTP_RELAY", "bootp_relay";
    /// `log_martians`.
    LOG_MARTIANS = 11, "IPV4_DEVCONF_LOG_MARTIANS", "log_martians";
    /// `tag`.
    TAG = 12, "IPV4_DEVCONF_TAG", "tag";
    /// `arp_filter`.
    ARPFILTER = 13, "IPV4_DEVCONF_ARPFILTER", "arp_filter";
    /// `medium_id`.
    MEDIUM_ID = 14, "IPV4_DEVCONF_MEDIUM_ID", "medium_id";
    /// `disable_xfrm`.
    NOXFRM = 15, "IPV4_DEVCONF_NOXFRM", "disable_xfrm";
    /// `disable_policy`.
    NOPOLICY = 16, "IPV4_DEVCONF_NOPOLICY", "disable_policy";
    /// `force_igmp_version`.
    FORCE_IGMP_VERSION = 17, "IPV4_DEVCONF_FORCE_IGMP_VERSION", "force_igmp_version";
    /// `arp_announce`.
    ARP_ANNOUNCE = 18, "IPV4_DEVCONF_ARP_ANNOUNCE", "arp_announce";
    /// `arp_ignore`.
    ARP_IGNORE = 19, "IPV4_DEVCONF_ARP_IGNORE", "arp_ignore";
    /// `promote_secondaries`.
    PROMOTE_SECONDARIES = 20, "IPV4_DEVCONF_PROMOTE_SECONDARIES", "promote_secondaries";
    /// `arp_accept`.
    ARP_ACCEPT = 21, "IPV4_DEVCONF_ARP_ACCEPT", "arp_accept";
    /// `arp_notify`.
    ARP_NOTIFY = 22, "IPV4_DEVCONF_ARP_NOTIFY", "arp_notify";
    /// `accept_local`.
    ACCEPT_LOCAL = 23, "IPV4_DEVCONF_ACCEPT_LOCAL", "accept_local";
    /// `src_valid_mark`.
    SRC_VMARK = 24, "IPV4_DEVCONF_SRC_VMARK", "src_valid_mark";
    /// `proxy_arp_pvlan`.
    PROXY_ARP_PVLAN = 25, "IPV4_DEVCONF_PROXY_ARP_PVLAN", "proxy_arp_pvlan";
    /// `route_localnet`.
    ROUTE_LOCALNET = 26, "IPV4_DEVCONF_ROUTE_LOCALNET", "route_localnet";
    /// `igmpv2_unsolicited_report_interval`.
    IGMPV2_UNSOLICITED_REPORT_INTERVAL = 27, "IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL", "igmpv2_unsolicited_report_interval";
    /// `igmpv3_unsolicited_report_interval`.
    IGMPV3_UNSOLICITED_REPORT_INTERVAL = 28, "IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL", "igmpv3_unsolicited_report_interval";
    /// `ignore_routes_with_linkdown`.
    IGNORE_ROUTES_WITH_LINKDOWN = 29, "IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN", "ignore_routes_with_linkdown";
    /// `drop_unicast_in_l2_multicast`.
    DROP_UNICAST_IN_L2_MULTICAST = 30, "IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST", "drop_unicast_in_l2_multicast";
    /// `drop_gratuitous_arp`.
    DROP_GRATUITOUS_ARP = 31, "IPV4_DEVCONF_DROP_GRATUITOUS_ARP", "drop_gratuitous_arp";
    /// `bc_forwarding`.
    BC_FORWARDING = 32, "IPV4_DEVCONF_BC_FORWARDING", "bc_forwarding";
    /// `arp_evict_nocarrier`.
    ARP_EVICT_NOCARRIER = 33, "IPV4_DEVCONF_ARP_EVICT_NOCARRIER", "arp_evict_nocarrier";
}

values! {
    /// `DEVCONF_*`: the IPv6 sysctls in `IFLA_INET6_CONF` (entry `n` holds value `n`).
    Ipv6Devconf(u32);
    /// `forwarding`.
    FORWARDING = 0, "DEVCONF_FORWARDING", "forwarding";
    /// `hop_limit`.
    HOPLIMIT = 1, "DEVCONF_HOPLIMIT", "hop_limit";
    /// `mtu`.
    MTU6 = 2, "DEVCONF_MTU6", "mtu";
    /// `accept_ra`.
    ACCEPT_RA = 3, "DEVCONF_ACCEPT_RA", "accept_ra";
    /// `accept_redirects`.
    ACCEPT_REDIRECTS = 4, "DEVCONF_ACCEPT_REDIRECTS", "accept_redirects";
    /// `autoconf`.
    AUTOCONF = 5, "DEVCONF_AUTOCONF", "autoconf";
    /// `dad_transmits`.
    DAD_TRANSMITS = 6, "DEVCONF_DAD_TRANSMITS", "dad_transmits";
    /// `router_solicitations`.
    RTR_SOLICITS = 7, "DEVCONF_RTR_SOLICITS", "router_solicitations";
    /// `router_solicitation_interval`.
    RTR_SOLICIT_INTERVAL = 8, "DEVCONF_RTR_SOLICIT_INTERVAL", "router_solicitation_interval";
    /// `router_solicitation_delay`.
    RTR_SOLICIT_DELAY = 9, "DEVCONF_RTR_SOLICIT_DELAY", "router_solicitation_delay";
    /// `use_tempaddr`.
    USE_TEMPADDR = 10, "DEVCONF_USE_TEMPADDR", "use_tempaddr";
    /// `temp_valid_lft`.
    TEMP_VALID_LFT = 11, "DEVCONF_TEMP_VALID_LFT", "temp_valid_lft";
    /// `temp_prefered_lft`.
    TEMP_PREFERED_LFT = 12, "DEVCONF_TEMP_PREFERED_LFT", "temp_prefered_lft";
    /// `regen_max_retry`.
    REGEN_MAX_RETRY = 13, "DEVCONF_REGEN_MAX_RETRY", "regen_max_retry";
    /// `max_desync_factor`.
    MAX_DESYNC_FACTOR = 14, "DEVCONF_MAX_DESYNC_FACTOR", "max_desync_factor";
    /// `max_addresses`.
    MAX_ADDRESSES = 15, "DEVCONF_MAX_ADDRESSES", "max_addresses";
    /// `force_mld_version`.
    FORCE_MLD_VERSION = 16, "DEVCONF_FORCE_MLD_VERSION", "force_mld_version";
    /// `accept_ra_defrtr`.
    ACCEPT_RA_DEFRTR = 17, "DEVCONF_ACCEPT_RA_DEFRTR", "accept_ra_defrtr";
    /// `accept_ra_pinfo`.
    ACCEPT_RA_PINFO = 18, "DEVCONF_ACCEPT_RA_PINFO", "accept_ra_pinfo";
    /// `accept_ra_rtr_pref`.
    ACCEPT_RA_RTR_PREF = 19, "DEVCONF_ACCEPT_RA_RTR_PREF", "accept_ra_rtr_pref";
    /// `router_probe_interval`.
    RTR_PROBE_INTERVAL = 20, "DEVCONF_RTR_PROBE_INTERVAL", "router_probe_interval";
    /// `accept_ra_rt_info_max_plen`.
    ACCEPT_RA_RT_INFO_MAX_PLEN = 21, "DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN", "accept_ra_rt_info_max_plen";
    /// `proxy_ndp`.
    PROXY_NDP = 22, "DEVCONF_PROXY_NDP", "proxy_ndp";
    /// `optimistic_dad`.
    OPTIMISTIC_DAD = 23, "DEVCONF_OPTIMISTIC_DAD", "optimistic_dad";
    /// `accept_source_route`.
    ACCEPT_SOURCE_ROUTE = 24, "DEVCONF_ACCEPT_SOURCE_ROUTE", "accept_source_route";
    /// `mc_forwarding`.
    MC_FORWARDING = 25, "DEVCONF_MC_FORWARDING", "mc_forwarding";
    /// `disable_ipv6`.
    DISABLE_IPV6 = 26, "DEVCONF_DISABLE_IPV6", "disable_ipv6";
    /// `accept_dad`.
    ACCEPT_DAD = 27, "DEVCONF_ACCEPT_DAD", "accept_dad";
    /// `force_tllao`.
    FORCE_TLLAO = 28, "DEVCONF_FORCE_TLLAO", "force_tllao";
    /// `ndisc_notify`.
    NDISC_NOTIFY = 29, "DEVCONF_NDISC_NOTIFY", "ndisc_notify";
    /// `mldv1_unsolicited_report_interval`.
    MLDV1_UNSOLICITED_REPORT_INTERVAL = 30, "DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL", "mldv1_unsolicited_report_interval";
    /// `mldv2_unsolicited_report_interval`.
    MLDV2_UNSOLICITED_REPORT_INTERVAL = 31, "DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL", "mldv2_unsolicited_report_interval";
    /// `suppress_frag_ndisc`.
    SUPPRESS_FRAG_NDISC = 32, "DEVCONF_SUPPRESS_FRAG_NDISC", "suppress_frag_ndisc";
    /// `accept_ra_from_local`.
    ACCEPT_RA_FROM_LOCAL = 33, "DEVCONF_ACCEPT_RA_FROM_LOCAL", "accept_ra_from_local";
    /// `use_optimistic`.
    USE_OPTIMISTIC = 34, "DEVCONF_USE_OPTIMISTIC", "use_optimistic";
    /// `accept_ra_mtu`.
    ACCEPT_RA_MTU = 35, "DEVCONF_ACCEPT_RA_MTU", "accept_ra_mtu";
    /// `stable_secret`.
    STABLE_SECRET = 36, "DEVCONF_STABLE_SECRET", "stable_secret";
    /// `use_oif_addrs_only`.
    USE_OIF_ADDRS_ONLY = 37, "DEVCONF_USE_OIF_ADDRS_ONLY", "use_oif_addrs_only";
    /// `accept_ra_min_hop_limit`.
    ACCEPT_RA_MIN_HOP_LIMIT = 38, "DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT", "accept_ra_min_hop_limit";
    /// `ignore_routes_with_linkdown`.
    IGNORE_ROUTES_WITH_LINKDOWN = 39, "DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN", "ignore_routes_with_linkdown";
    /// `drop_unicast_in_l2_multicast`.
    DROP_UNICAST_IN_L2_MULTICAST = 40, "DEVCONF_DROP_UNICAST_IN_L2_MULTICAST", "drop_unicast_in_l2_multicast";
    /// `drop_unsolicited_na`.
    DROP_UNSOLICITED_NA = 41, "DEVCONF_DROP_UNSOLICITED_NA", "drop_unsolicited_na";
    /// `keep_addr_on_down`.
    KEEP_ADDR_ON_DOWN = 42, "DEVCONF_KEEP_ADDR_ON_DOWN", "keep_addr_on_down";
    /// `router_solicitation_max_interval`.
    RTR_SOLICIT_MAX_INTERVAL = 43, "DEVCONF_RTR_SOLICIT_MAX_INTERVAL", "router_solicitation_max_interval";
    /// `seg6_enabled`.
    SEG6_ENABLED = 44, "DEVCONF_SEG6_ENABLED", "seg6_enabled";
    /// `seg6_require_hmac`.
    SEG6_REQUIRE_HMAC = 45, "DEVCONF_SEG6_REQUIRE_HMAC", "seg6_require_hmac";
    /// `enhanced_dad`.
    ENHANCED_DAD = 46, "DEVCONF_ENHANCED_DAD", "enhanced_dad";
    /// `addr_gen_mode`.
    ADDR_GEN_MODE = 47, "DEVCONF_ADDR_GEN_MODE", "addr_gen_mode";
    /// `disable_policy`.
    DISABLE_POLICY = 48, "DEVCONF_DISABLE_POLICY", "disable_policy";
    /// `accept_ra_rt_info_min_plen`.
    ACCEPT_RA_RT_INFO_MIN_PLEN = 49, "DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN", "accept_ra_rt_info_min_plen";
    /// `ndisc_tclass`.
    NDISC_TCLASS = 50, "DEVCONF_NDISC_TCLASS", "ndisc_tclass";
    /// `rpl_seg_enabled`.
    RPL_SEG_ENABLED = 51, "DEVCONF_RPL_SEG_ENABLED", "rpl_seg_enabled";
    /// `ra_defrtr_metric`.
    RA_DEFRTR_METRIC = 52, "DEVCONF_RA_DEFRTR_METRIC", "ra_defrtr_metric";
    /// `ioam6_enabled`.
    IOAM6_ENABLED = 53, "DEVCONF_IOAM6_ENABLED", "ioam6_enabled";
    /// `ioam6_id`.
    IOAM6_ID = 54, "DEVCONF_IOAM6_ID", "ioam6_id";
    /// `ioam6_id_wide`.
    IOAM6_ID_WIDE = 55, "DEVCONF_IOAM6_ID_WIDE", "ioam6_id_wide";
    /// `ndisc_evict_nocarrier`.
    NDISC_EVICT_NOCARRIER = 56, "DEVCONF_NDISC_EVICT_NOCARRIER", "ndisc_evict_nocarrier";
    /// `accept_untracked_na`.
    ACCEPT_UNTRACKED_NA = 57, "DEVCONF_ACCEPT_UNTRACKED_NA", "accept_untracked_na";
    /// `accept_ra_min_lft`.
    ACCEPT_RA_MIN_LFT = 58, "DEVCONF_ACCEPT_RA_MIN_LFT", "accept_ra_min_lft";
}

/// Declares a zero-copy view over an array of host-order integers of type `$Int`: `new`,
/// `len`, `is_empty`, `get` and `iter`. Bytes past the last whole entry are ignored.
macro_rules! ne_array {
    ($(#[$meta:meta])* $View:ident, $Int:ty, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $View<'a> {
            bytes: &'a [u8],
        }

        impl<'a> $View<'a> {
            #[doc = concat!("A view over the payload of ", $what, ".")]
            #[must_use]
            #[inline]
            pub fn new(bytes: &'a [u8]) -> Self {
                $View { bytes }
            }

            /// How many whole entries there are.
            #[must_use]
            #[inline]
            pub fn len(&self) -> usize {
                self.bytes.len().checked_div(size_of::<$Int>()).unwrap_or(0)
            }

            /// Whether there is no entry.
            #[must_use]
            #[inline]
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Entry `i` (0-based).
            #[must_use]
            #[inline]
            pub fn get(&self, i: usize) -> Option<$Int> {
                const N: usize = size_of::<$Int>();
                let start = i.checked_mul(N)?;
                let b = self.bytes.get(start..start.checked_add(N)?)?;
                b.first_chunk::<N>().map(|c| <$Int>::from_ne_bytes(*c))
            }

            /// Every whole entry, in order.
            #[inline]
            pub fn iter(&self) -> impl Iterator<Item = $Int> + 'a {
                const N: usize = size_of::<$Int>();
                self.bytes
                    .chunks_exact(N)
                    .filter_map(|c| c.first_chunk::<N>().map(|c| <$Int>::from_ne_bytes(*c)))
            }
        }
    };
}

ne_array! {
    /// An array of host-order 32-bit sysctl values (`IFLA_INET_CONF`, `IFLA_INET6_CONF`). It
    /// grows in new kernels; entries past its end are `None`.
    DevConf, u32, "a `*_CONF` attribute"
}

impl DevConf<'_> {
    /// The IPv4 sysctl `id` (`IFLA_INET_CONF` stores `IPV4_DEVCONF_X` at entry `X - 1`).
    #[must_use]
    #[inline]
    pub fn ipv4(&self, id: Ipv4Devconf) -> Option<u32> {
        let i = usize::try_from(id.0.checked_sub(1)?).ok()?;
        self.get(i)
    }

    /// The IPv6 sysctl `id` (`IFLA_INET6_CONF` stores `DEVCONF_X` at entry `X`), as the `s32`
    /// the kernel keeps.
    #[must_use]
    #[inline]
    pub fn ipv6(&self, id: Ipv6Devconf) -> Option<i32> {
        let i = usize::try_from(id.0).ok()?;
        self.get(i).map(|v| i32::from_ne_bytes(v.to_ne_bytes()))
    }
}

ne_array! {
    /// An array of host-order 64-bit counters (`IFLA_INET6_STATS`, `IFLA_INET6_ICMP6STATS`),
    /// indexed by the kernel's MIB numbers; entry 0 is the number of entries.
    Counters, u64, "a counters attribute"
}

/// A view of `IFLA_AF_SPEC` in an `AF_UNSPEC` link message: one nest per address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfSpec<'a> {
    attrs: Attrs<'a>,
}

impl<'a> AfSpec<'a> {
    /// A view over the attributes of `IFLA_AF_SPEC`.
    #[must_use]
    #[inline]
    pub fn new(attrs: Attrs<'a>) -> Self {
        AfSpec { attrs }
    }

    /// The raw per-family nests; each attribute's type is an `AF_*` number.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The nest of family `family`, if present.
    #[must_use]
    #[inline]
    pub fn family(&self, family: AddressFamily) -> Option<Attrs<'a>> {
        self.attrs
            .get_lossy(u16::from(family.0))
            .map(|a| a.nested())
    }

    /// The `AF_INET` nest, typed as [`InetAttr`].
    #[must_use]
    #[inline]
    pub fn inet(&self) -> Option<Typed<'a, InetAttr<'a>>> {
        self.family(AddressFamily::INET).map(Attrs::typed)
    }

    /// `IFLA_INET_CONF` of the `AF_INET` nest: the IPv4 sysctls.
    #[must_use]
    #[inline]
    pub fn inet_conf(&self) -> Option<DevConf<'a>> {
        self.family(AddressFamily::INET)?
            .get_lossy(IflaInet::CONF)
            .map(|a| DevConf::new(a.payload()))
    }

    /// The `AF_INET6` nest.
    #[must_use]
    #[inline]
    pub fn inet6(&self) -> Option<Inet6<'a>> {
        self.family(AddressFamily::INET6).map(Inet6::new)
    }
}

/// A view of the `AF_INET6` nest of `IFLA_AF_SPEC` (`IFLA_INET6_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inet6<'a> {
    attrs: Attrs<'a>,
}

impl<'a> Inet6<'a> {
    /// A view over the attributes of the nest.
    #[must_use]
    #[inline]
    pub fn new(attrs: Attrs<'a>) -> Self {
        Inet6 { attrs }
    }

    /// The raw attributes.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The attributes decoded as [`Inet6Attr`].
    #[must_use]
    #[inline]
    pub fn typed_attrs(&self) -> Typed<'a, Inet6Attr<'a>> {
        self.attrs.typed()
    }

    /// `IFLA_INET6_FLAGS`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn flags(&self) -> Result<Option<u32>> {
        self.attrs
            .get_lossy(IflaInet6::FLAGS)
            .map(|a| a.as_u32())
            .transpose()
    }

    /// `IFLA_INET6_CONF`: the IPv6 sysctls.
    #[must_use]
    #[inline]
    pub fn conf(&self) -> Option<DevConf<'a>> {
        self.attrs
            .get_lossy(IflaInet6::CONF)
            .map(|a| DevConf::new(a.payload()))
    }

    /// `IFLA_INET6_STATS`.
    #[must_use]
    #[inline]
    pub fn stats(&self) -> Option<Counters<'a>> {
        self.attrs
            .get_lossy(IflaInet6::STATS)
            .map(|a| Counters::new(a.payload()))
    }

    /// `IFLA_INET6_ICMP6STATS`.
    #[must_use]
    #[inline]
    pub fn icmp6_stats(&self) -> Option<Counters<'a>> {
        self.attrs
            .get_lossy(IflaInet6::ICMP6STATS)
            .map(|a| Counters::new(a.payload()))
    }

    /// `IFLA_INET6_CACHEINFO`, zero-extended if the kernel sent fewer bytes.
    #[must_use]
    #[inline]
    pub fn cache_info(&self) -> Option<IflaCacheInfo> {
        self.attrs
            .get_lossy(IflaInet6::CACHEINFO)
            .map(|a| a.read_zero_extended())
    }

    /// `IFLA_INET6_TOKEN`.
    ///
    /// # Errors
    /// When the attribute is not 16 bytes.
    #[inline]
    pub fn token(&self) -> Result<Option<Ipv6Addr>> {
        self.attrs
            .get_lossy(IflaInet6::TOKEN)
            .map(|a| a.as_ipv6())
            .transpose()
    }

    /// `IFLA_INET6_ADDR_GEN_MODE`.
    ///
    /// # Errors
    /// When the attribute is not 1 byte.
    #[inline]
    pub fn addr_gen_mode(&self) -> Result<Option<AddrGenMode>> {
        self.attrs
            .get_lossy(IflaInet6::ADDR_GEN_MODE)
            .map(|a| a.as_u8().map(AddrGenMode))
            .transpose()
    }

    /// `IFLA_INET6_RA_MTU`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn ra_mtu(&self) -> Result<Option<u32>> {
        self.attrs
            .get_lossy(IflaInet6::RA_MTU)
            .map(|a| a.as_u32())
            .transpose()
    }
}

/// The alternative names of a link: the `IFLA_ALT_IFNAME` entries of `IFLA_PROP_LIST`. A name
/// that is not UTF-8 yields its error; a broken list ends after its error.
#[derive(Debug, Clone)]
pub struct AltNames<'a> {
    attrs: Option<Attrs<'a>>,
}

impl<'a> Iterator for AltNames<'a> {
    type Item = Result<&'a str>;

    #[inline]
    fn next(&mut self) -> Option<Result<&'a str>> {
        let attrs = self.attrs.as_mut()?;
        loop {
            match attrs.next()? {
                Ok(a) if a.kind() == Ifla::ALT_IFNAME.0 => return Some(a.as_str()),
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Generates an accessor for a scalar link attribute.
macro_rules! scalar {
    ($(#[$doc:meta])* $name:ident, $kind:ident, $t:ty, $conv:expr) => {
        #[doc = concat!("`IFLA_", stringify!($kind), "`.")]
        $(#[$doc])*
        ///
        /// # Errors
        /// When the attribute's payload does not fit its type.
        pub fn $name(&self) -> Result<Option<$t>> {
            self.attrs.get_lossy(Ifla::$kind).map($conv).transpose()
        }
    };
}

family_view! {
    /// A view of a link message (`RTM_NEWLINK`, `RTM_DELLINK`, or a `RTM_GETLINK`/`RTM_SETLINK`
    /// request).
    LinkMsg,
    IfInfoMsg,
    "ifinfomsg",
    LinkAttr
}

impl<'a> LinkMsg<'a> {
    /// `ifi_family`: `AF_UNSPEC`, or `AF_BRIDGE` for bridge port messages.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.ifi_family)
    }

    /// `ifi_type`: the link type.
    #[must_use]
    #[inline]
    pub fn link_type(&self) -> LinkType {
        LinkType(self.header.ifi_type.get())
    }

    /// `ifi_index`: the interface index (a negative index, which the kernel never sends,
    /// reads as 0).
    #[must_use]
    #[inline]
    pub fn index(&self) -> u32 {
        u32::try_from(self.header.ifi_index.get()).unwrap_or(0)
    }

    /// `ifi_flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> IfFlags {
        IfFlags(self.header.ifi_flags.get())
    }

    /// `ifi_change`: which flags changed (`0xffffffff` in notifications).
    #[must_use]
    #[inline]
    pub fn change(&self) -> IfFlags {
        IfFlags(self.header.ifi_change.get())
    }

    #[inline]
    fn bytes(&self, kind: Ifla) -> Option<&'a [u8]> {
        self.attrs.get_lossy(kind).map(|a| a.payload())
    }

    scalar!(
        /// The interface name.
        name, IFNAME, &'a str, |a: Attr<'a>| a.as_str()
    );
    scalar!(mtu, MTU, u32, |a: Attr<'a>| a.as_u32());
    scalar!(
        /// The lower (parent) link's index; for most devices its own index.
        link, LINK, u32, |a: Attr<'a>| a.as_u32()
    );
    scalar!(
        /// The root qdisc's name.
        qdisc, QDISC, &'a str, |a: Attr<'a>| a.as_str()
    );
    scalar!(
        /// The master's index.
        master, MASTER, u32, |a: Attr<'a>| a.as_u32()
    );
    scalar!(txqlen, TXQLEN, u32, |a: Attr<'a>| a.as_u32());
    scalar!(operstate, OPERSTATE, OperState, |a: Attr<'a>| a
        .as_u8()
        .map(OperState));
    scalar!(link_mode, LINKMODE, LinkMode, |a: Attr<'a>| a
        .as_u8()
        .map(LinkMode));
    scalar!(
        /// The alias.
        ifalias, IFALIAS, &'a str, |a: Attr<'a>| a.as_str()
    );
    scalar!(num_vf, NUM_VF, u32, |a: Attr<'a>| a.as_u32());
    scalar!(group, GROUP, u32, |a: Attr<'a>| a.as_u32());
    scalar!(
        /// The promiscuity count.
        promiscuity, PROMISCUITY, u32, |a: Attr<'a>| a.as_u32()
    );
    scalar!(
        /// The all-multicast count.
        allmulti, ALLMULTI, u32, |a: Attr<'a>| a.as_u32()
    );
    scalar!(num_tx_queues, NUM_TX_QUEUES, u32, |a: Attr<'a>| a.as_u32());
    scalar!(num_rx_queues, NUM_RX_QUEUES, u32, |a: Attr<'a>| a.as_u32());
    scalar!(
        /// Whether the carrier is up.
        carrier, CARRIER, bool, |a: Attr<'a>| a.as_u8().map(|v| v != 0)
    );
    scalar!(carrier_changes, CARRIER_CHANGES, u32, |a: Attr<'a>| a
        .as_u32());
    scalar!(carrier_up_count, CARRIER_UP_COUNT, u32, |a: Attr<'a>| a
        .as_u32());
    scalar!(carrier_down_count, CARRIER_DOWN_COUNT, u32, |a: Attr<
        'a,
    >| a
        .as_u32());
    scalar!(
        /// The namespace id of the peer's or lower device's namespace.
        link_netnsid, LINK_NETNSID, i32, |a: Attr<'a>| a.as_i32()
    );
    scalar!(phys_port_name, PHYS_PORT_NAME, &'a str, |a: Attr<'a>| a
        .as_str());
    scalar!(
        /// Whether a protocol holds the link down.
        proto_down, PROTO_DOWN, bool, |a: Attr<'a>| a.as_u8().map(|v| v != 0)
    );
    scalar!(gso_max_segs, GSO_MAX_SEGS, u32, |a: Attr<'a>| a.as_u32());
    scalar!(gso_max_size, GSO_MAX_SIZE, u32, |a: Attr<'a>| a.as_u32());
    scalar!(gro_max_size, GRO_MAX_SIZE, u32, |a: Attr<'a>| a.as_u32());
    scalar!(tso_max_size, TSO_MAX_SIZE, u32, |a: Attr<'a>| a.as_u32());
    scalar!(tso_max_segs, TSO_MAX_SEGS, u32, |a: Attr<'a>| a.as_u32());
    scalar!(gso_ipv4_max_size, GSO_IPV4_MAX_SIZE, u32, |a: Attr<'a>| a
        .as_u32());
    scalar!(gro_ipv4_max_size, GRO_IPV4_MAX_SIZE, u32, |a: Attr<'a>| a
        .as_u32());
    scalar!(event, EVENT, LinkEvent, |a: Attr<'a>| a
        .as_u32()
        .map(LinkEvent));
    scalar!(new_netnsid, NEW_NETNSID, i32, |a: Attr<'a>| a.as_i32());
    scalar!(new_ifindex, NEW_IFINDEX, i32, |a: Attr<'a>| a.as_i32());
    scalar!(min_mtu, MIN_MTU, u32, |a: Attr<'a>| a.as_u32());
    scalar!(max_mtu, MAX_MTU, u32, |a: Attr<'a>| a.as_u32());
    scalar!(parent_dev_name, PARENT_DEV_NAME, &'a str, |a: Attr<'a>| a
        .as_str());
    scalar!(
        parent_dev_bus_name,
        PARENT_DEV_BUS_NAME,
        &'a str,
        |a: Attr<'a>| a.as_str()
    );
    scalar!(
        max_pacing_offload_horizon,
        MAX_PACING_OFFLOAD_HORIZON,
        u64,
        |a: Attr<'a>| a.as_uint()
    );
    scalar!(
        /// Whether the link may not change namespaces.
        netns_immutable, NETNS_IMMUTABLE, bool, |a: Attr<'a>| a.as_u8().map(|v| v != 0)
    );
    scalar!(headroom, HEADROOM, u16, |a: Attr<'a>| a.as_u16());
    scalar!(tailroom, TAILROOM, u16, |a: Attr<'a>| a.as_u16());

    /// `IFLA_ADDRESS`: the link-layer address (6 bytes for Ethernet).
    #[must_use]
    #[inline]
    pub fn address(&self) -> Option<&'a [u8]> {
        self.bytes(Ifla::ADDRESS)
    }

    /// `IFLA_BROADCAST`: the link-layer broadcast address.
    #[must_use]
    #[inline]
    pub fn broadcast(&self) -> Option<&'a [u8]> {
        self.bytes(Ifla::BROADCAST)
    }

    /// `IFLA_PERM_ADDRESS`: the permanent hardware address.
    #[must_use]
    #[inline]
    pub fn perm_address(&self) -> Option<&'a [u8]> {
        self.bytes(Ifla::PERM_ADDRESS)
    }

    /// `IFLA_PHYS_PORT_ID`.
    #[must_use]
    #[inline]
    pub fn phys_port_id(&self) -> Option<&'a [u8]> {
        self.bytes(Ifla::PHYS_PORT_ID)
    }

    /// `IFLA_PHYS_SWITCH_ID`.
    #[must_use]
    #[inline]
    pub fn phys_switch_id(&self) -> Option<&'a [u8]> {
        self.bytes(Ifla::PHYS_SWITCH_ID)
    }

    /// `IFLA_STATS`, zero-extended if the kernel sent fewer bytes.
    #[must_use]
    #[inline]
    pub fn stats(&self) -> Option<RtnlLinkStats> {
        self.attrs
            .get_lossy(Ifla::STATS)
            .map(|a| a.read_zero_extended())
    }

    /// `IFLA_STATS64`, zero-extended if the kernel sent fewer bytes (older kernels lack
    /// `rx_otherhost_dropped`).
    #[must_use]
    #[inline]
    pub fn stats64(&self) -> Option<RtnlLinkStats64> {
        self.attrs
            .get_lossy(Ifla::STATS64)
            .map(|a| a.read_zero_extended())
    }

    /// `IFLA_MAP`, zero-extended if the kernel sent fewer bytes.
    #[must_use]
    #[inline]
    pub fn map(&self) -> Option<RtnlLinkIfmap> {
        self.attrs
            .get_lossy(Ifla::MAP)
            .map(|a| a.read_zero_extended())
    }

    /// `IFLA_LINKINFO`: the kind and its data, for [`crate::rtnl::linkinfo`] to decode.
    #[must_use]
    #[inline]
    pub fn link_info(&self) -> Option<Attrs<'a>> {
        self.attrs.get_lossy(Ifla::LINKINFO).map(|a| a.nested())
    }

    #[inline]
    fn info_str(&self, kind: IflaInfo) -> Result<Option<&'a str>> {
        self.link_info()
            .and_then(|i| i.get_lossy(kind))
            .map(|a| a.as_str())
            .transpose()
    }

    /// `IFLA_INFO_KIND` in `IFLA_LINKINFO`: the kind (`"veth"`, `"bridge"`); `None` for
    /// devices without one (`lo`, physical NICs).
    ///
    /// # Errors
    /// When the kind is not UTF-8.
    #[inline]
    pub fn kind(&self) -> Result<Option<&'a str>> {
        self.info_str(IflaInfo::KIND)
    }

    /// `IFLA_INFO_SLAVE_KIND` in `IFLA_LINKINFO`: the master's kind on a port (`"bridge"`).
    ///
    /// # Errors
    /// When the kind is not UTF-8.
    #[inline]
    pub fn slave_kind(&self) -> Result<Option<&'a str>> {
        self.info_str(IflaInfo::SLAVE_KIND)
    }

    /// The alternative names (`IFLA_PROP_LIST` / `IFLA_ALT_IFNAME`).
    #[must_use]
    #[inline]
    pub fn alt_names(&self) -> AltNames<'a> {
        AltNames {
            attrs: self.attrs.get_lossy(Ifla::PROP_LIST).map(|a| a.nested()),
        }
    }

    /// `IFLA_AF_SPEC` of an `AF_UNSPEC` message: per-family nests.
    #[must_use]
    #[inline]
    pub fn af_spec(&self) -> Option<AfSpec<'a>> {
        self.attrs
            .get_lossy(Ifla::AF_SPEC)
            .map(|a| AfSpec::new(a.nested()))
    }

    /// `IFLA_AF_SPEC` of an `AF_BRIDGE` message: the `IFLA_BRIDGE_*` attributes, which the
    /// bridge puts there without a per-family nest.
    #[must_use]
    #[inline]
    pub fn bridge_af_spec(&self) -> Option<Typed<'a, BridgeAfAttr<'a>>> {
        self.attrs
            .get_lossy(Ifla::AF_SPEC)
            .map(|a| a.nested().typed())
    }

    /// `IFLA_PROTINFO`: protocol data (`IFLA_BRPORT_*` in `AF_BRIDGE` messages).
    #[must_use]
    #[inline]
    pub fn protinfo(&self) -> Option<Attrs<'a>> {
        self.attrs.get_lossy(Ifla::PROTINFO).map(|a| a.nested())
    }

    /// `IFLA_XDP`, typed as [`XdpAttr`].
    #[must_use]
    #[inline]
    pub fn xdp(&self) -> Option<Typed<'a, XdpAttr<'a>>> {
        self.attrs.get_lossy(Ifla::XDP).map(|a| a.nested().typed())
    }

    /// `IFLA_XDP_ATTACHED` in `IFLA_XDP`.
    ///
    /// # Errors
    /// When the attribute is not 1 byte.
    #[inline]
    pub fn xdp_attached(&self) -> Result<Option<XdpAttached>> {
        self.attrs
            .get_lossy(Ifla::XDP)
            .and_then(|a| a.nested().get_lossy(IflaXdp::ATTACHED))
            .map(|a| a.as_u8().map(XdpAttached))
            .transpose()
    }

    /// `IFLA_PROTO_DOWN_REASON`, typed as [`ProtoDownReasonAttr`].
    #[must_use]
    #[inline]
    pub fn proto_down_reason(&self) -> Option<Typed<'a, ProtoDownReasonAttr<'a>>> {
        self.attrs
            .get_lossy(Ifla::PROTO_DOWN_REASON)
            .map(|a| a.nested().typed())
    }
}

/// Starts a link message of type `t` (`RTM_NEWLINK`, `RTM_DELLINK`, `RTM_GETLINK`,
/// `RTM_SETLINK`) with `header`; add attributes with [`LinkAttr::write_to`] or the
/// [`AttrWrite`](crate::AttrWrite) methods, then `finish()`.
///
/// # Errors
/// [`Error::UnexpectedType`] for a type that is not a link message.
#[inline]
pub fn builder<'b>(
    buf: &'b mut Vec<u8>,
    t: MessageType,
    flags: Flags,
    header: &IfInfoMsg,
) -> Result<MessageBuilder<'b>> {
    if !(16..=19).contains(&t.0) {
        return Err(Error::UnexpectedType {
            expected: 16,
            found: t.0,
        });
    }
    let mut b = MessageBuilder::new(buf, t, flags);
    b.family_header(header);
    Ok(b)
}

#[inline]
fn count<'a, T>(s: &mut Summary, items: impl Iterator<Item = Result<T>> + 'a) {
    for t in items {
        s.count(&t);
    }
}

#[inline]
fn fails<T>(r: Result<T>) -> usize {
    usize::from(r.is_err())
}

/// Decodes `m` as a link message with every typed attribute and nest, counting into `s`.
#[inline]
pub(crate) fn walk(m: Msg<'_>, s: &mut Summary) {
    let Ok(l) = LinkMsg::parse(m) else {
        s.errors = s.errors.saturating_add(1);
        return;
    };
    let _ = (l.family(), l.link_type(), l.index(), l.flags(), l.change());
    if let Some(a) = l.attrs().get_lossy(Ifla::LINKINFO) {
        crate::rtnl::linkinfo::walk(a, s);
    }
    let _ = (l.address(), l.broadcast(), l.perm_address(), l.stats());
    let _ = (l.stats64(), l.map(), l.phys_port_id(), l.phys_switch_id());
    let failed = [
        fails(l.name()),
        fails(l.mtu()),
        fails(l.link()),
        fails(l.qdisc()),
        fails(l.master()),
        fails(l.txqlen()),
        fails(l.operstate()),
        fails(l.link_mode()),
        fails(l.ifalias()),
        fails(l.num_vf()),
        fails(l.group()),
        fails(l.promiscuity()),
        fails(l.allmulti()),
        fails(l.num_tx_queues()),
        fails(l.num_rx_queues()),
        fails(l.carrier()),
        fails(l.carrier_changes()),
        fails(l.carrier_up_count()),
        fails(l.carrier_down_count()),
        fails(l.link_netnsid()),
        fails(l.phys_port_name()),
        fails(l.proto_down()),
        fails(l.gso_max_segs()),
        fails(l.gso_max_size()),
        fails(l.gro_max_size()),
        fails(l.tso_max_size()),
        fails(l.tso_max_segs()),
        fails(l.gso_ipv4_max_size()),
        fails(l.gro_ipv4_max_size()),
        fails(l.event()),
        fails(l.new_netnsid()),
        fails(l.new_ifindex()),
        fails(l.min_mtu()),
        fails(l.max_mtu()),
        fails(l.parent_dev_name()),
        fails(l.parent_dev_bus_name()),
        fails(l.max_pacing_offload_horizon()),
        fails(l.netns_immutable()),
        fails(l.headroom()),
        fails(l.tailroom()),
        fails(l.kind()),
        fails(l.slave_kind()),
        fails(l.xdp_attached()),
    ];
    s.typed_errors = s.typed_errors.saturating_add(failed.iter().sum::<usize>());
    count(s, l.typed_attrs());
    count(s, l.alt_names());
    if let Some(info) = l.link_info() {
        count(s, info.typed::<InfoAttr<'_>>());
    }
    if let Some(x) = l.xdp() {
        count(s, x);
    }
    if let Some(p) = l.proto_down_reason() {
        count(s, p);
    }
    if l.family() == AddressFamily::BRIDGE {
        if let Some(b) = l.bridge_af_spec() {
            count(s, b);
        }
    } else if let Some(af) = l.af_spec() {
        if let Some(inet) = af.inet() {
            count(s, inet);
        }
        let _ = af.inet_conf().map(|c| c.iter().count());
        if let Some(v6) = af.inet6() {
            count(s, v6.typed_attrs());
            let failed = [
                fails(v6.flags()),
                fails(v6.token()),
                fails(v6.addr_gen_mode()),
                fails(v6.ra_mtu()),
            ];
            s.typed_errors = s.typed_errors.saturating_add(failed.iter().sum::<usize>());
            let _ = (v6.cache_info(), v6.conf(), v6.stats(), v6.icmp6_stats());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::{RTM_GETLINK, RTM_NEWLINK};
    use crate::{AttrWrite, Messages};

    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn links(bytes: &[u8]) -> Vec<LinkMsg<'_>> {
        Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWLINK)
            .map(|m| LinkMsg::parse(m).unwrap())
            .collect()
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = captured("link_dump.bin");
        let l = links(&bytes);
        let names: Vec<_> = l.iter().map(|l| l.name().unwrap().unwrap()).collect();
        assert_eq!(names, ["lo", "veth1", "veth0", "br0", "vx0", "mv0"]);
        let kinds: Vec<_> = l.iter().map(|l| l.kind().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                None,
                Some("veth"),
                Some("veth"),
                Some("bridge"),
                Some("vxlan"),
                Some("macvlan")
            ]
        );
        let lo = &l[0];
        assert_eq!(lo.index(), 1);
        assert_eq!(lo.link_type(), LinkType::LOOPBACK);
        assert_eq!(lo.link_type().to_string(), "loopback");
        assert_eq!(lo.mtu().unwrap(), Some(65536));
        assert!(lo.flags().contains(IfFlags::UP | IfFlags::LOOPBACK));
        assert_eq!(lo.operstate().unwrap(), Some(OperState::UNKNOWN));
        assert_eq!(lo.qdisc().unwrap(), Some("noqueue"));
        let veth1 = &l[1];
        assert_eq!(veth1.link_type(), LinkType::ETHER);
        assert_eq!(veth1.address(), Some(&[2u8, 0, 0, 0, 0, 2][..]));
        assert_eq!(veth1.broadcast(), Some(&[0xffu8; 6][..]));
        assert_eq!(veth1.master().unwrap(), Some(4));
        assert_eq!(veth1.slave_kind().unwrap(), Some("bridge"));
        assert_eq!(veth1.link().unwrap(), Some(3));
        assert_eq!(veth1.operstate().unwrap(), Some(OperState::UP));
        assert_eq!(veth1.txqlen().unwrap(), Some(1000));
        assert_eq!(veth1.min_mtu().unwrap(), Some(68));
        assert_eq!(veth1.max_mtu().unwrap(), Some(65535));
        assert_eq!(veth1.carrier().unwrap(), Some(true));
        assert_eq!(veth1.headroom().unwrap(), Some(0));
        assert_eq!(veth1.xdp_attached().unwrap(), Some(XdpAttached::NONE));
        assert_eq!(
            veth1.flags().short_names().collect::<Vec<_>>(),
            ["BROADCAST", "MULTICAST", "UP", "LOWER_UP", "RUNNING"]
        );
        assert!(veth1.stats64().is_some());
        let mv0 = &l[5];
        assert_eq!(mv0.link().unwrap(), Some(3));
        assert_eq!(mv0.address(), Some(&[2u8, 0, 0, 0, 0, 5][..]));
        for link in &l {
            for t in link.typed_attrs() {
                t.unwrap();
            }
            assert_eq!(link.alt_names().count(), 0);
            let af = link.af_spec().unwrap();
            let v4 = af.inet_conf().unwrap();
            assert!(v4.len() >= 33);
            assert_eq!(v4.ipv4(Ipv4Devconf::FORWARDING), Some(0));
            let v6 = af.inet6().unwrap();
            assert!(v6.conf().unwrap().len() >= 59);
            assert_eq!(v6.conf().unwrap().ipv6(Ipv6Devconf::HOPLIMIT), Some(64));
            assert_eq!(v6.addr_gen_mode().unwrap(), Some(AddrGenMode::EUI64));
            assert_eq!(v6.token().unwrap(), Some(Ipv6Addr::UNSPECIFIED));
            let stats = v6.stats().unwrap();
            assert_eq!(stats.get(0), Some(stats.len() as u64));
            assert!(v6.cache_info().unwrap().reachable_time.get() > 0);
            for t in v6.typed_attrs() {
                t.unwrap();
            }
        }
        // The kernel's mtu for IPv6 on the loopback device.
        let lo6 = lo.af_spec().unwrap().inet6().unwrap().conf().unwrap();
        assert_eq!(lo6.ipv6(Ipv6Devconf::MTU6), Some(65536));
    }

    #[test]
    fn walk_counts_no_typed_errors_on_captures() {
        for f in ["link_dump.bin", "notify_link.bin"] {
            let bytes = captured(f);
            let mut s = Summary::default();
            for m in Messages::new(&bytes) {
                let m = m.unwrap();
                if m.message_type() == RTM_NEWLINK {
                    walk(m, &mut s);
                }
            }
            assert_eq!(s.errors, 0, "{f}");
            assert_eq!(s.typed_errors, 0, "{f}");
            assert!(s.typed >= 100, "{f}: {s:?}");
        }
    }

    #[test]
    fn notifications_carry_all_changed() {
        let bytes = captured("notify_link.bin");
        let l = links(&bytes);
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|l| l.change() == IfFlags(u32::MAX)));
        let names: Vec<_> = l.iter().map(|l| l.name().unwrap().unwrap()).collect();
        assert_eq!(names, ["veth3", "veth2"]);
        assert_eq!(l[0].operstate().unwrap(), Some(OperState::DOWN));
        assert_eq!(l[0].qdisc().unwrap(), Some("noop"));
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let bytes = captured("link_dump.0.bin");
        let first = Messages::new(&bytes).next().unwrap().unwrap();
        let len = first.payload().len() + 16;
        let whole = &bytes[..len];
        for n in 0..len {
            let mut cut = whole[..n].to_vec();
            // Keep nlmsg_len consistent with the cut so that the attribute walk sees the cut.
            if n >= 4 {
                cut[..4].copy_from_slice(&(n as u32).to_ne_bytes());
            }
            let mut s = Summary::default();
            if let Ok(m) = Msg::parse(&cut) {
                walk(m, &mut s);
                if let Ok(l) = LinkMsg::parse(m) {
                    let _ = (l.name(), l.kind(), l.alt_names().count(), l.stats64());
                } else {
                    assert!(n < 32);
                }
            }
        }
    }

    #[test]
    fn builds_what_ip_link_set_sends() {
        // `ip link set dev veth0 mtu 1400 up` (strace): ifinfomsg {AF_UNSPEC, ifi_index 0,
        // flags IFF_UP, change IFF_UP}, IFLA_MTU 1400, IFLA_IFNAME "veth0".
        let expected: [u8; 36] = [
            0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, //
            8, 0, 4, 0, 0x78, 0x05, 0, 0, //
            10, 0, 3, 0, b'v', b'e', b't', b'h', b'0', 0, 0, 0,
        ];
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 0).with_flags(IfFlags::UP, IfFlags::UP);
        let mut b = builder(&mut buf, RTM_NEWLINK, Flags::REQUEST, &hdr).unwrap();
        LinkAttr::Mtu(1400).write_to(&mut b);
        b.put_str(Ifla::IFNAME, "veth0");
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.mtu().unwrap(), Some(1400));
        assert_eq!(l.name().unwrap(), Some("veth0"));
        assert_eq!(l.flags(), IfFlags::UP);
        assert_eq!(l.change(), IfFlags::UP);
        assert!(builder(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::REQUEST, &hdr).is_err());
        assert!(builder(&mut buf, RTM_GETLINK, Flags::REQUEST, &hdr).is_ok());
    }

    #[test]
    fn alt_names_and_bad_attributes_fail_alone() {
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 7);
        let mut b = builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put(Ifla::MTU, &[1, 2]).put_str(Ifla::IFNAME, "eth0");
        {
            let mut p = b.nest(Ifla::PROP_LIST.0 | crate::attr::NLA_F_NESTED);
            p.put_str(Ifla::ALT_IFNAME, "uplink");
            p.put(Ifla::ALT_IFNAME, &[0xff, 0]);
            p.put_str(Ifla::ALT_IFNAME, "wan");
        }
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.index(), 7);
        assert!(matches!(
            l.mtu(),
            Err(Error::AttrSize {
                kind: 4,
                offset: 32,
                expected: 4,
                found: 2
            })
        ));
        assert_eq!(l.name().unwrap(), Some("eth0"));
        let alts: Vec<_> = l.alt_names().collect();
        assert_eq!(alts.len(), 3);
        assert_eq!(alts[0], Ok("uplink"));
        assert!(alts[1].is_err());
        assert_eq!(alts[2], Ok("wan"));
        let mut s = Summary::default();
        walk(Msg::parse(&buf).unwrap(), &mut s);
        // The bad IFLA_MTU fails once as an accessor and once as a typed attribute; the bad
        // alternative name once.
        assert_eq!(s.typed_errors, 3);
        assert_eq!(format!("{:?}", Ifla::MTU), "IFLA_MTU");
        assert_eq!(Ifla::TARGET_NETNSID, Ifla(46));
        assert_eq!(format!("{:?}", Ifla(999)), "999");
    }

    #[test]
    fn value_sets_use_ip_names() {
        assert_eq!(LinkType::NONE.to_string(), "none");
        assert_eq!(LinkType(1).to_string(), "ether");
        assert_eq!(LinkType::from_short_name("gre"), Some(LinkType::IPGRE));
        assert_eq!(OperState::LOWERLAYERDOWN.to_string(), "LOWERLAYERDOWN");
        assert_eq!(LinkMode::DORMANT.to_string(), "DORMANT");
        assert_eq!(
            format!("{:?}", IfFlags::UP | IfFlags(1 << 30)),
            "IFF_UP|0x40000000"
        );
        assert_eq!(IfFlags(0x1_1043).unknown_bits(), 0);
        let s = RtnlLinkStats64::default();
        assert_eq!(s.rx_packets.get(), 0);
    }
}
