//! Links: `struct ifinfomsg`, the `IFLA_*` attributes and every nest of them (`IFLA_LINKINFO`
//! with the veth peer, `IFLA_AF_SPEC` for `AF_INET`, `AF_INET6` and bridges, `IFLA_XDP`,
//! `IFLA_PROTO_DOWN_REASON`, `IFLA_PROP_LIST`, the SR-IOV `IFLA_VFINFO_LIST` and
//! `IFLA_VF_PORTS`), `IFF_*` flags, operational states, link types (`ARPHRD_*`) and the
//! statistics structures; messages `RTM_NEWLINK`, `RTM_DELLINK`, `RTM_GETLINK` and
//! `RTM_SETLINK`.
//!
//! `IFLA_LINKINFO` is a [`LinkInfo`], whose data [`KindData`] types by the kind's name with the
//! per-kind spaces of [`crate::rtnl::linkinfo`] (veth's is here: its peer is a link message).
//! `IFLA_AF_SPEC` and `IFLA_PROTINFO` change meaning with `ifi_family`: per-family nests
//! ([`LinkMsg::af_spec`]) except in `AF_BRIDGE` messages ([`LinkMsg::bridge_af_spec`]).
//!
//! Source of truth: `include/uapi/linux/if_link.h`, `include/uapi/linux/rtnetlink.h`
//! (`ifinfomsg`), `include/uapi/linux/if.h` (`IFF_*`, `IF_OPER_*`), `include/uapi/linux/if_arp.h`
//! (`ARPHRD_*`), `include/uapi/linux/ip.h` and `ipv6.h` (`IPV4_DEVCONF_*`, `DEVCONF_*`),
//! `include/uapi/linux/if_bridge.h` (`IFLA_BRIDGE_*`), `include/uapi/linux/veth.h`.

use core::net::Ipv6Addr;

use zerocopy::FromBytes;
use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::byteorder::network_endian::U16 as BeU16;

use crate::attr::{Attr, AttrWrite, Attrs, NLA_HDRLEN};
use crate::error::{Error, Result};
use crate::message::Msg;
use crate::rtnl::linkinfo::{
    AmtData, BareudpData, BatadvData, CanData, DsaData, GtpData, HsrData, IflaAmt, IflaBareudp,
    IflaBatadv, IflaCan, IflaDsa, IflaGtp, IflaHsr, IflaIpoib, IflaMacsec, IflaRmnet, IflaVti,
    IflaWwan, IflaXfrm, IpoibData, MacsecData, RmnetData, VtiData, WwanData, XfrmData,
};
use crate::rtnl::linkinfo::{
    BondData, BondSlaveData, BridgeData, BridgePortData, GeneveData, GreData, IflaBond,
    IflaBondSlave, IflaBr, IflaBrport, IflaGeneve, IflaGre, IflaIptun, IflaIpvlan, IflaMacvlan,
    IflaTun, IflaVlan, IflaVrf, IflaVrfPort, IflaVxlan, IptunData, IpvlanData, MacvlanData,
    TunData, VlanData, VrfData, VrfPortData, VxlanData,
};
use crate::rtnl::{
    AddressFamily, Group, RTM_DELLINK, RTM_DELLINKPROP, RTM_GETLINK, RTM_NEWLINK, RTM_NEWLINKPROP,
    RTM_SETLINK,
};
use crate::typed::{Check, Nested, Typed, Untyped, Value, Walker, walk_list, walk_list_by};

/// `IFNAMSIZ`: the size of an interface name buffer, NUL included; names are at most 15 bytes.
pub const IFNAMSIZ: usize = 16;

kernel_struct! {
    /// `struct ifinfomsg`: the family header of link messages (and of a veth peer).
    IfInfoMsg = "ifinfomsg", 16 {
        /// `ifi_family`: `AF_UNSPEC`, or `AF_BRIDGE` for bridge port messages.
        pub ifi_family: u8,
        /// `__ifi_pad`: padding.
        pub __ifi_pad: u8,
        /// `ifi_type`: the link type, an `ARPHRD_*` value.
        pub ifi_type: U16,
        /// `ifi_index`: the interface index (an `int` in the kernel; 0 in a request means "by
        /// name"); [`LinkMsg::index`] reads its bits as a `u32`.
        pub ifi_index: I32,
        /// `ifi_flags`: the `IFF_*` flags.
        pub ifi_flags: U32,
        /// `ifi_change`: which `IFF_*` flags a request changes (`0xffffffff` in notifications).
        pub ifi_change: U32,
    }
}

impl IfInfoMsg {
    /// A header for interface `index` (0 for none) of `family`, with no flags and no change.
    /// The index is written as the same 32 bits.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, index: u32) -> Self {
        IfInfoMsg {
            ifi_family: family.0,
            ifi_index: I32::new(index.cast_signed()),
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

kernel_struct! {
    /// `struct rtnl_link_stats`: 32-bit interface counters (`IFLA_STATS`). Grows in new
    /// kernels: read by prefix and zero-extended.
    RtnlLinkStats = "rtnl_link_stats", 96 {
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
}

kernel_struct! {
    /// `struct rtnl_link_stats64`: 64-bit interface counters (`IFLA_STATS64`). Grows in new
    /// kernels: read by prefix and zero-extended.
    RtnlLinkStats64 = "rtnl_link_stats64", 200 {
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
}

kernel_struct! {
    /// `struct rtnl_link_ifmap`: the device's hardware resources (`IFLA_MAP`). The C struct has
    /// 4 bytes of tail padding, which the kernel sends.
    RtnlLinkIfmap = "rtnl_link_ifmap", 32 {
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
}

kernel_struct! {
    /// `struct ifla_cacheinfo`: IPv6 timing values of an interface (`IFLA_INET6_CACHEINFO`).
    IflaCacheInfo = "ifla_cacheinfo", 16 {
        /// `max_reasm_len`: the largest datagram it reassembles.
        pub max_reasm_len: U32,
        /// `tstamp`: when the interface table was last updated, in hundredths of seconds.
        pub tstamp: U32,
        /// `reachable_time`: in milliseconds.
        pub reachable_time: U32,
        /// `retrans_time`: in milliseconds.
        pub retrans_time: U32,
    }
}

kernel_struct! {
    /// `struct bridge_vlan_info`: one VLAN of a bridge port (`IFLA_BRIDGE_VLAN_INFO`).
    BridgeVlanInfo = "bridge_vlan_info", 4 {
        /// `flags`: [`BridgeVlanFlags`] bits.
        pub flags: U16,
        /// `vid`: the VLAN id.
        pub vid: U16,
    }
}

kernel_struct! {
    /// `struct ifla_vf_mac`: a virtual function's MAC address (`IFLA_VF_MAC`).
    IflaVfMac = "ifla_vf_mac", 36 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `mac`: the address, in the first bytes of `MAX_ADDR_LEN`.
        pub mac: [u8; 32],
    }
}

kernel_struct! {
    /// `struct ifla_vf_broadcast`: a virtual function's broadcast address (`IFLA_VF_BROADCAST`).
    IflaVfBroadcast = "ifla_vf_broadcast", 32 {
        /// `broadcast`: the address, in the first bytes of `MAX_ADDR_LEN`.
        pub broadcast: [u8; 32],
    }
}

kernel_struct! {
    /// `struct ifla_vf_vlan`: a virtual function's VLAN and QoS (`IFLA_VF_VLAN`).
    IflaVfVlan = "ifla_vf_vlan", 12 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `vlan`: 0 to 4095, 0 disables the VLAN filter.
        pub vlan: U32,
        /// `qos`: the priority.
        pub qos: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_vlan_info`: one VLAN of `IFLA_VF_VLAN_LIST`, with its protocol. The C
    /// struct has 2 bytes of tail padding, which the kernel sends.
    IflaVfVlanInfo = "ifla_vf_vlan_info", 16 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `vlan`: 0 to 4095, 0 disables the VLAN filter.
        pub vlan: U32,
        /// `qos`: the priority.
        pub qos: U32,
        /// `vlan_proto`: 802.1Q or 802.1ad, big-endian.
        pub vlan_proto: BeU16,
        /// The C struct's tail padding (to its 4-byte alignment).
        pub _pad: [u8; 2],
    }
}

kernel_struct! {
    /// `struct ifla_vf_tx_rate`: a virtual function's maximum rate (`IFLA_VF_TX_RATE`).
    IflaVfTxRate = "ifla_vf_tx_rate", 8 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `rate`: in Mbit/s, 0 for no limit.
        pub rate: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_rate`: a virtual function's rate limits (`IFLA_VF_RATE`).
    IflaVfRate = "ifla_vf_rate", 12 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `min_tx_rate`: in Mbit/s.
        pub min_tx_rate: U32,
        /// `max_tx_rate`: in Mbit/s.
        pub max_tx_rate: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_spoofchk`: whether a virtual function's spoof checking is on
    /// (`IFLA_VF_SPOOFCHK`).
    IflaVfSpoofchk = "ifla_vf_spoofchk", 8 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `setting`: 0 or 1.
        pub setting: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_link_state`: a virtual function's link state (`IFLA_VF_LINK_STATE`).
    IflaVfLinkState = "ifla_vf_link_state", 8 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `link_state`: `IFLA_VF_LINK_STATE_AUTO` (0), `_ENABLE` (1) or `_DISABLE` (2).
        pub link_state: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_rss_query_en`: whether a virtual function may query the RSS
    /// configuration (`IFLA_VF_RSS_QUERY_EN`).
    IflaVfRssQueryEn = "ifla_vf_rss_query_en", 8 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `setting`: 0 or 1.
        pub setting: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_trust`: whether a virtual function is trusted (`IFLA_VF_TRUST`).
    IflaVfTrust = "ifla_vf_trust", 8 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// `setting`: 0 or 1.
        pub setting: U32,
    }
}

kernel_struct! {
    /// `struct ifla_vf_guid`: an InfiniBand GUID of a virtual function
    /// (`IFLA_VF_IB_NODE_GUID`, `IFLA_VF_IB_PORT_GUID`).
    IflaVfGuid = "ifla_vf_guid", 16 {
        /// `vf`: the virtual function.
        pub vf: U32,
        /// The C struct's padding before the 8-byte-aligned `guid`.
        pub _pad: [u8; 4],
        /// `guid`.
        pub guid: U64,
    }
}

kernel_struct! {
    /// `struct ifla_port_vsi`: an 802.1Qbg VSI type (`IFLA_PORT_VSI_TYPE`).
    IflaPortVsi = "ifla_port_vsi", 8 {
        /// `vsi_mgr_id`.
        pub vsi_mgr_id: u8,
        /// `vsi_type_id`.
        pub vsi_type_id: [u8; 3],
        /// `vsi_type_version`.
        pub vsi_type_version: u8,
        /// `pad`.
        pub pad: [u8; 3],
    }
}

family! {
    /// A view of a link message (`RTM_NEWLINK`, `RTM_DELLINK`, or a `RTM_GETLINK`/`RTM_SETLINK`
    /// request), or of a link property request (`RTM_NEWLINKPROP`, `RTM_DELLINKPROP`: the same
    /// header, with the names to add or remove in `IFLA_PROP_LIST`).
    view LinkMsg(IfInfoMsg, "ifinfomsg");
    family "link", messages [RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK,
        RTM_NEWLINKPROP, RTM_DELLINKPROP],
        groups [Group::LINK.0];
    walk walk_by_family;
    /// `IFLA_*`: link attribute numbers.
    numbers Ifla;
    /// A typed link attribute.
    enum LinkAttr<'a>;
    /// The link-layer address (6 bytes for Ethernet).
    ADDRESS = 1, "IFLA_ADDRESS", Address(bytes), address;
    /// The link-layer broadcast address.
    BROADCAST = 2, "IFLA_BROADCAST", Broadcast(bytes), broadcast;
    /// The interface name.
    IFNAME = 3, "IFLA_IFNAME", Ifname(str), name;
    /// The MTU.
    MTU = 4, "IFLA_MTU", Mtu(u32), mtu;
    /// The index of the lower (parent) link, such as a macvlan's; for most devices their own.
    LINK = 5, "IFLA_LINK", Link(u32), link;
    /// The name of the root qdisc.
    QDISC = 6, "IFLA_QDISC", Qdisc(str), qdisc;
    /// 32-bit counters, read in place.
    STATS = 7, "IFLA_STATS", Stats({RtnlLinkStats}), stats;
    /// Unused by the kernel.
    COST = 8, "IFLA_COST", Cost(bytes);
    /// Unused by the kernel.
    PRIORITY = 9, "IFLA_PRIORITY", Priority(bytes);
    /// The index of the master (bridge, bond) this link is enslaved to; 0 to release it.
    MASTER = 10, "IFLA_MASTER", Master(u32), master;
    /// A wireless extension event.
    WIRELESS = 11, "IFLA_WIRELESS", Wireless(bytes);
    /// Protocol-specific information: `IFLA_BRPORT_*` in `AF_BRIDGE` messages
    /// ([`LinkMsg::bridge_port`]), `IFLA_INET6_*` in `AF_INET6` ones
    /// ([`LinkMsg::inet6_protinfo`]).
    PROTINFO = 12, "IFLA_PROTINFO", Protinfo(nest Untyped), protinfo;
    /// The transmit queue length.
    TXQLEN = 13, "IFLA_TXQLEN", Txqlen(u32), txqlen;
    /// Hardware resources, read in place.
    MAP = 14, "IFLA_MAP", Map({RtnlLinkIfmap}), map;
    /// Unused by the kernel.
    WEIGHT = 15, "IFLA_WEIGHT", Weight(u32);
    /// The RFC 2863 operational state.
    OPERSTATE = 16, "IFLA_OPERSTATE", Operstate(val OperState), operstate;
    /// The link mode.
    LINKMODE = 17, "IFLA_LINKMODE", Linkmode(val LinkMode), link_mode;
    /// The kind and its data.
    LINKINFO = 18, "IFLA_LINKINFO", Linkinfo(val LinkInfo<'a>), link_info;
    /// Move the link to the network namespace of this process.
    NET_NS_PID = 19, "IFLA_NET_NS_PID", NetNsPid(u32), net_ns_pid;
    /// The interface alias (`ip link set ... alias`).
    IFALIAS = 20, "IFLA_IFALIAS", Ifalias(str), ifalias;
    /// The number of SR-IOV virtual functions.
    NUM_VF = 21, "IFLA_NUM_VF", NumVf(u32), num_vf;
    /// The virtual functions.
    VFINFO_LIST = 22, "IFLA_VFINFO_LIST", VfinfoList(nest IflaVfInfo), vfinfo_list;
    /// 64-bit counters, read in place.
    STATS64 = 23, "IFLA_STATS64", Stats64({RtnlLinkStats64}), stats64;
    /// Port profiles of the virtual functions.
    VF_PORTS = 24, "IFLA_VF_PORTS", VfPorts(nest IflaVfPort), vf_ports;
    /// The port profile of this device.
    PORT_SELF = 25, "IFLA_PORT_SELF", PortSelf(nest IflaPort), port_self;
    /// Per-address-family data ([`LinkMsg::af_spec`], [`LinkMsg::bridge_af_spec`]).
    AF_SPEC = 26, "IFLA_AF_SPEC", AfSpec(nest IflaAf);
    /// The device group.
    GROUP = 27, "IFLA_GROUP", Group(u32), group;
    /// Move the link to the network namespace open as this file descriptor.
    NET_NS_FD = 28, "IFLA_NET_NS_FD", NetNsFd(u32), net_ns_fd;
    /// What extra information a request wants.
    EXT_MASK = 29, "IFLA_EXT_MASK", ExtMask(val ExtFilter), ext_mask;
    /// The promiscuity count: above 0 the link is promiscuous.
    PROMISCUITY = 30, "IFLA_PROMISCUITY", Promiscuity(u32), promiscuity;
    /// The number of transmit queues.
    NUM_TX_QUEUES = 31, "IFLA_NUM_TX_QUEUES", NumTxQueues(u32), num_tx_queues;
    /// The number of receive queues.
    NUM_RX_QUEUES = 32, "IFLA_NUM_RX_QUEUES", NumRxQueues(u32), num_rx_queues;
    /// Whether the carrier is up (1) or down (0).
    CARRIER = 33, "IFLA_CARRIER", Carrier(u8), carrier;
    /// The physical port id.
    PHYS_PORT_ID = 34, "IFLA_PHYS_PORT_ID", PhysPortId(bytes), phys_port_id;
    /// How often the carrier changed.
    CARRIER_CHANGES = 35, "IFLA_CARRIER_CHANGES", CarrierChanges(u32), carrier_changes;
    /// The id of the switch this port belongs to.
    PHYS_SWITCH_ID = 36, "IFLA_PHYS_SWITCH_ID", PhysSwitchId(bytes), phys_switch_id;
    /// The namespace id (in the receiver's namespace) of the namespace the link's peer or lower
    /// device lives in.
    LINK_NETNSID = 37, "IFLA_LINK_NETNSID", LinkNetnsid(i32), link_netnsid;
    /// The physical port name.
    PHYS_PORT_NAME = 38, "IFLA_PHYS_PORT_NAME", PhysPortName(str), phys_port_name;
    /// Whether the link is held down by a protocol (1) or not (0).
    PROTO_DOWN = 39, "IFLA_PROTO_DOWN", ProtoDown(u8), proto_down;
    /// The largest GSO segment count.
    GSO_MAX_SEGS = 40, "IFLA_GSO_MAX_SEGS", GsoMaxSegs(u32), gso_max_segs;
    /// The largest GSO packet.
    GSO_MAX_SIZE = 41, "IFLA_GSO_MAX_SIZE", GsoMaxSize(u32), gso_max_size;
    /// Padding for 64-bit attributes.
    PAD = 42, "IFLA_PAD", Pad(bytes);
    /// XDP programs.
    XDP = 43, "IFLA_XDP", Xdp(nest IflaXdp), xdp;
    /// The event that caused a notification.
    EVENT = 44, "IFLA_EVENT", Event(val LinkEvent), event;
    /// The namespace id of the namespace the link moved to.
    NEW_NETNSID = 45, "IFLA_NEW_NETNSID", NewNetnsid(i32), new_netnsid;
    /// The namespace id a request acts in (also `IFLA_TARGET_NETNSID`).
    IF_NETNSID = 46, "IFLA_IF_NETNSID", IfNetnsid(i32), target_netnsid;
    /// How often the carrier went up.
    CARRIER_UP_COUNT = 47, "IFLA_CARRIER_UP_COUNT", CarrierUpCount(u32), carrier_up_count;
    /// How often the carrier went down.
    CARRIER_DOWN_COUNT = 48, "IFLA_CARRIER_DOWN_COUNT", CarrierDownCount(u32), carrier_down_count;
    /// The new index of a link that moved namespaces (the kernel's `s32`, read as its bits).
    NEW_IFINDEX = 49, "IFLA_NEW_IFINDEX", NewIfindex(u32), new_ifindex;
    /// The smallest MTU the device accepts.
    MIN_MTU = 50, "IFLA_MIN_MTU", MinMtu(u32), min_mtu;
    /// The largest MTU the device accepts.
    MAX_MTU = 51, "IFLA_MAX_MTU", MaxMtu(u32), max_mtu;
    /// A list of properties: `IFLA_ALT_IFNAME` entries ([`LinkMsg::alt_names`]).
    PROP_LIST = 52, "IFLA_PROP_LIST", PropList(nest Ifla);
    /// An alternative name (inside `IFLA_PROP_LIST`, or to look a link up by).
    ALT_IFNAME = 53, "IFLA_ALT_IFNAME", AltIfname(str), alt_ifname;
    /// The permanent hardware address.
    PERM_ADDRESS = 54, "IFLA_PERM_ADDRESS", PermAddress(bytes), perm_address;
    /// Why the link is protocol-down.
    PROTO_DOWN_REASON = 55, "IFLA_PROTO_DOWN_REASON", ProtoDownReason(nest IflaProtoDownReason), proto_down_reason;
    /// The parent device's (sysfs) name, where there is no parent netdev.
    PARENT_DEV_NAME = 56, "IFLA_PARENT_DEV_NAME", ParentDevName(str), parent_dev_name;
    /// The parent device's bus name.
    PARENT_DEV_BUS_NAME = 57, "IFLA_PARENT_DEV_BUS_NAME", ParentDevBusName(str), parent_dev_bus_name;
    /// The largest GRO packet.
    GRO_MAX_SIZE = 58, "IFLA_GRO_MAX_SIZE", GroMaxSize(u32), gro_max_size;
    /// The largest TSO packet the device supports.
    TSO_MAX_SIZE = 59, "IFLA_TSO_MAX_SIZE", TsoMaxSize(u32), tso_max_size;
    /// The largest TSO segment count the device supports.
    TSO_MAX_SEGS = 60, "IFLA_TSO_MAX_SEGS", TsoMaxSegs(u32), tso_max_segs;
    /// The all-multicast count: above 0 the link receives all multicast.
    ALLMULTI = 61, "IFLA_ALLMULTI", Allmulti(u32), allmulti;
    /// The devlink port (`DEVLINK_ATTR_*`, `NLA_F_NESTED`).
    DEVLINK_PORT = 62, "IFLA_DEVLINK_PORT", DevlinkPort(nest Untyped), devlink_port;
    /// The largest GSO packet for IPv4.
    GSO_IPV4_MAX_SIZE = 63, "IFLA_GSO_IPV4_MAX_SIZE", GsoIpv4MaxSize(u32), gso_ipv4_max_size;
    /// The largest GRO packet for IPv4.
    GRO_IPV4_MAX_SIZE = 64, "IFLA_GRO_IPV4_MAX_SIZE", GroIpv4MaxSize(u32), gro_ipv4_max_size;
    /// The DPLL pin (`DPLL_A_PIN_*`, `NLA_F_NESTED`).
    DPLL_PIN = 65, "IFLA_DPLL_PIN", DpllPin(nest Untyped), dpll_pin;
    /// The pacing offload horizon, in nanoseconds (a variable-width `NLA_UINT`).
    MAX_PACING_OFFLOAD_HORIZON = 66, "IFLA_MAX_PACING_OFFLOAD_HORIZON", MaxPacingOffloadHorizon(uint), max_pacing_offload_horizon;
    /// Whether the link cannot change namespaces (1).
    NETNS_IMMUTABLE = 67, "IFLA_NETNS_IMMUTABLE", NetnsImmutable(u8), netns_immutable;
    /// The headroom the device needs, in bytes.
    HEADROOM = 68, "IFLA_HEADROOM", Headroom(u16), headroom;
    /// The tailroom the device needs, in bytes.
    TAILROOM = 69, "IFLA_TAILROOM", Tailroom(u16), tailroom;
}

impl Ifla {
    /// `IFLA_TARGET_NETNSID`: the newer name of `IFLA_IF_NETNSID`.
    #[doc(alias = "IFLA_TARGET_NETNSID")]
    pub const TARGET_NETNSID: Ifla = Ifla::IF_NETNSID;
}

header_fields! { LinkMsg;
    /// `ifi_family`: `AF_UNSPEC`, or `AF_BRIDGE` for bridge port messages.
    family: AddressFamily = |h| AddressFamily(h.ifi_family);
    /// `ifi_type`: the link type.
    link_type: LinkType = |h| LinkType(h.ifi_type.get());
    /// `ifi_index`: the interface index, the kernel's 32 bits as they are (its `int` is never
    /// negative; one that is reads as the same bits, not as 0).
    index: u32 = |h| h.ifi_index.get().cast_unsigned();
    /// `ifi_flags`.
    flags: IfFlags = |h| IfFlags(h.ifi_flags.get());
    /// `ifi_change`: which flags changed (`0xffffffff` in notifications).
    change: IfFlags = |h| IfFlags(h.ifi_change.get());
}

impl<'a> LinkMsg<'a> {
    /// `IFLA_INFO_KIND` in `IFLA_LINKINFO`: the kind (`"veth"`, `"bridge"`); `None` for
    /// devices without one (`lo`, physical NICs).
    ///
    /// # Errors
    /// When the kind is not UTF-8, or a malformed attribute comes before it.
    #[inline]
    pub fn kind(&self) -> Result<Option<&'a str>> {
        self.link_info()?.map_or(Ok(None), |i| i.kind())
    }

    /// `IFLA_INFO_SLAVE_KIND` in `IFLA_LINKINFO`: the master's kind on a port (`"bridge"`).
    ///
    /// # Errors
    /// When the kind is not UTF-8, or a malformed attribute comes before it.
    #[inline]
    pub fn slave_kind(&self) -> Result<Option<&'a str>> {
        self.link_info()?.map_or(Ok(None), |i| i.slave_kind())
    }

    /// The alternative names (`IFLA_ALT_IFNAME` in `IFLA_PROP_LIST`).
    ///
    /// # Errors
    /// The framing error of a malformed attribute before `IFLA_PROP_LIST`.
    #[inline]
    pub fn alt_names(&self) -> Result<AltNames<'a>> {
        Ok(AltNames {
            attrs: self.attr(Ifla::PROP_LIST.0)?.map(|a| a.nested()),
        })
    }

    /// `IFLA_AF_SPEC`: one nest per address family.
    ///
    /// # Errors
    /// [`Error::WrongFamily`] for an `AF_BRIDGE` message, whose `IFLA_AF_SPEC` holds the
    /// bridge's own attributes ([`LinkMsg::bridge_af_spec`]); the framing error of a malformed
    /// attribute before it.
    #[inline]
    pub fn af_spec(&self) -> Result<Option<AfSpec<'a>>> {
        if self.family() == AddressFamily::BRIDGE {
            return Err(self.wrong_family("per-family IFLA_AF_SPEC nests"));
        }
        Ok(self.attr(Ifla::AF_SPEC.0)?.map(|a| AfSpec::new(a.nested())))
    }

    /// `IFLA_AF_SPEC` of an `AF_BRIDGE` message: the `IFLA_BRIDGE_*` attributes, which the
    /// bridge puts there without a per-family nest.
    ///
    /// # Errors
    /// [`Error::WrongFamily`] for a message of another family; the framing error of a
    /// malformed attribute before it.
    #[inline]
    pub fn bridge_af_spec(&self) -> Result<Option<BridgeAfSpec<'a>>> {
        if self.family() != AddressFamily::BRIDGE {
            return Err(self.wrong_family("IFLA_BRIDGE_* attributes"));
        }
        Ok(self
            .attr(Ifla::AF_SPEC.0)?
            .map(|a| BridgeAfSpec::new(a.nested())))
    }

    /// `IFLA_PROTINFO` of an `AF_BRIDGE` message: the port's `IFLA_BRPORT_*` attributes.
    ///
    /// # Errors
    /// [`Error::WrongFamily`] for a message of another family; the framing error of a
    /// malformed attribute before it.
    #[inline]
    pub fn bridge_port(&self) -> Result<Option<BridgePortData<'a>>> {
        if self.family() != AddressFamily::BRIDGE {
            return Err(self.wrong_family("IFLA_BRPORT_* attributes"));
        }
        Ok(self.protinfo()?.map(|n| BridgePortData::new(n.attrs())))
    }

    /// `IFLA_PROTINFO` of an `AF_INET6` message (the IPv6 code's link notifications): the
    /// `IFLA_INET6_*` attributes.
    ///
    /// # Errors
    /// [`Error::WrongFamily`] for a message of another family; the framing error of a
    /// malformed attribute before it.
    #[inline]
    pub fn inet6_protinfo(&self) -> Result<Option<Inet6<'a>>> {
        if self.family() != AddressFamily::INET6 {
            return Err(self.wrong_family("IFLA_INET6_* attributes"));
        }
        Ok(self.protinfo()?.map(|n| Inet6::new(n.attrs())))
    }

    /// `IFLA_XDP_ATTACHED` in `IFLA_XDP`.
    ///
    /// # Errors
    /// When the attribute is not 1 byte, or a malformed attribute comes before it.
    #[inline]
    pub fn xdp_attached(&self) -> Result<Option<XdpAttached>> {
        self.xdp()?
            .map_or(Ok(None), |x| Xdp::new(x.attrs()).attached())
    }

    fn wrong_family(&self, what: &'static str) -> Error {
        Error::WrongFamily {
            what,
            family: self.header.ifi_family,
        }
    }

    /// The check walk of link messages: [`walk_link`] with the message's family.
    fn walk_by_family(&self, w: &mut Walker) {
        walk_link(self.family(), self.attrs, w);
    }
}

/// Walks the `IFLA_*` attributes of a link message or veth peer of address family `family`,
/// reading `IFLA_AF_SPEC` and `IFLA_PROTINFO` as that family fills them: per-family nests and
/// an untyped guess in most messages, the bridge's own spaces in `AF_BRIDGE` ones, the IPv6
/// code's in `AF_INET6` ones.
fn walk_link(family: AddressFamily, attrs: Attrs<'_>, w: &mut Walker) {
    walk_list_by::<Ifla>(attrs, w, |v, w| match (family, v) {
        (AddressFamily::BRIDGE, LinkAttr::AfSpec(n)) => {
            Nested::<IflaBridge>::new(n.attr()).check(w);
        }
        (AddressFamily::BRIDGE, LinkAttr::Protinfo(n)) => {
            Nested::<IflaBrport>::new(n.attr()).check(w);
        }
        (AddressFamily::INET6, LinkAttr::Protinfo(n)) => {
            Nested::<IflaInet6>::new(n.attr()).check(w);
        }
        (_, v) => v.check(w),
    });
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

// ---------------------------------------------------------------------------------------------
// IFLA_LINKINFO

attributes! {
    accessors LinkInfo;
    /// `IFLA_INFO_*`: the attributes of the `IFLA_LINKINFO` nest.
    numbers IflaInfo;
    /// A typed `IFLA_LINKINFO` attribute.
    enum InfoAttr<'a>;
    /// The kind's name (`veth`, `bridge`, `vxlan`...), as it was sent ([`LinkInfo::kind`]
    /// reads it as a string).
    KIND = 1, "IFLA_INFO_KIND", Kind(val KindName<'a>), kind_name;
    /// The kind's settings, in the kind's own attribute space ([`LinkInfo::kind_data`]).
    DATA = 2, "IFLA_INFO_DATA", Data(nest Untyped), data;
    /// Kind-specific statistics (a struct or a nest, depending on the kind).
    XSTATS = 3, "IFLA_INFO_XSTATS", Xstats(bytes), xstats;
    /// The kind of the link's master when this link is a port (`bridge`, `bond`, `vrf`).
    SLAVE_KIND = 4, "IFLA_INFO_SLAVE_KIND", SlaveKind(val KindName<'a>), slave_kind_name;
    /// The port settings, in the master kind's slave attribute space
    /// ([`LinkInfo::slave_kind_data`]).
    SLAVE_DATA = 5, "IFLA_INFO_SLAVE_DATA", SlaveData(nest Untyped), slave_data;
}

/// A view of the `IFLA_LINKINFO` nest of a link message: the kind and its data.
///
/// As the value of [`LinkAttr::Linkinfo`] it writes back the bytes it came from,
/// `NLA_F_NESTED` bit or not, and the check walk reads its data by the kind's name: every
/// attribute of every known kind is decoded and re-encoded, a veth peer's included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkInfo<'a> {
    attr: Attr<'a>,
}

impl<'a> LinkInfo<'a> {
    /// A view over the `IFLA_LINKINFO` attribute `attr`.
    #[must_use]
    #[inline]
    pub fn from_attr(attr: Attr<'a>) -> Self {
        LinkInfo { attr }
    }

    /// The `IFLA_LINKINFO` of a link message (`RTM_NEWLINK`...), if it has one.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the message is shorter than `ifinfomsg`; the framing error of
    /// a malformed attribute before `IFLA_LINKINFO`.
    #[inline]
    pub fn of_link(msg: Msg<'a>) -> Result<Option<Self>> {
        LinkMsg::parse(msg)?.link_info()
    }

    /// The raw attributes of the nest.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attr.nested()
    }

    /// The attributes of the nest decoded as [`InfoAttr`].
    #[must_use]
    #[inline]
    pub fn typed_attrs(&self) -> Typed<'a, InfoAttr<'a>> {
        self.attrs().typed()
    }

    /// The first attribute of number `kind`.
    ///
    /// # Errors
    /// The framing error of a malformed attribute met before it.
    #[inline]
    pub fn attr(&self, kind: u16) -> Result<Option<Attr<'a>>> {
        self.attrs().get(kind)
    }

    /// `IFLA_INFO_KIND`: `veth`, `bridge`, `vxlan`...
    ///
    /// # Errors
    /// When the name is not UTF-8, or a malformed attribute comes before it.
    #[inline]
    pub fn kind(&self) -> Result<Option<&'a str>> {
        Ok(self.kind_name()?.map(|k| k.as_str()))
    }

    /// `IFLA_INFO_SLAVE_KIND`: the master's kind when this link is a port.
    ///
    /// # Errors
    /// When the name is not UTF-8, or a malformed attribute comes before it.
    #[inline]
    pub fn slave_kind(&self) -> Result<Option<&'a str>> {
        Ok(self.slave_kind_name()?.map(|k| k.as_str()))
    }

    /// `IFLA_INFO_DATA` as the typed view of `IFLA_INFO_KIND`. `None` when there is no data;
    /// data without a kind is [`KindData::Other`].
    ///
    /// # Errors
    /// When the kind's name is not UTF-8, or a malformed attribute comes before either.
    #[inline]
    pub fn kind_data(&self) -> Result<Option<KindData<'a>>> {
        let Some(data) = self.data()? else {
            return Ok(None);
        };
        Ok(Some(KindData::new(
            self.kind()?.unwrap_or_default(),
            data.attrs(),
        )))
    }

    /// `IFLA_INFO_SLAVE_DATA` as the typed view of `IFLA_INFO_SLAVE_KIND`.
    ///
    /// # Errors
    /// When the kind's name is not UTF-8, or a malformed attribute comes before either.
    #[inline]
    pub fn slave_kind_data(&self) -> Result<Option<SlaveData<'a>>> {
        let Some(data) = self.slave_data()? else {
            return Ok(None);
        };
        Ok(Some(SlaveData::new(
            self.slave_kind()?.unwrap_or_default(),
            data.attrs(),
        )))
    }
}

attr_view_value!(['a] LinkInfo<'a> = LinkInfo::from_attr);

impl Check for LinkInfo<'_> {
    fn check(&self, w: &mut Walker) {
        // A kind that does not read leaves its data untyped, as an unknown kind's.
        let kind = self.kind().ok().flatten().unwrap_or_default();
        let slave = self.slave_kind().ok().flatten().unwrap_or_default();
        w.nested(|w| {
            walk_list_by::<IflaInfo>(self.attrs(), w, |v, w| match v {
                InfoAttr::Data(d) => KindData::new(kind, d.attrs()).check(w),
                InfoAttr::SlaveData(d) => SlaveData::new(slave, d.attrs()).check(w),
                v => v.check(w),
            });
        });
    }
}

/// A kind's name in `IFLA_INFO_KIND` or `IFLA_INFO_SLAVE_KIND`, as it was sent: the kernel
/// ends it with a NUL, `ip link add` does not (it sends `strlen(type)` bytes), and either
/// writes back as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindName<'a> {
    name: &'a str,
    nul: bool,
}

impl<'a> KindName<'a> {
    /// `name` ended with a NUL, as the kernel sends it.
    #[must_use]
    #[inline]
    pub fn new(name: &'a str) -> Self {
        KindName { name, nul: true }
    }

    /// `name` without a NUL, as `ip link add` sends it.
    #[must_use]
    #[inline]
    pub fn without_nul(name: &'a str) -> Self {
        KindName { name, nul: false }
    }

    /// The name.
    #[must_use]
    #[inline]
    pub fn as_str(&self) -> &'a str {
        self.name
    }

    /// Whether it was sent with a NUL.
    #[must_use]
    #[inline]
    pub fn has_nul(&self) -> bool {
        self.nul
    }
}

impl core::fmt::Display for KindName<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name)
    }
}

impl<'a> Value<'a> for KindName<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        let name = attr.as_str()?;
        Ok(KindName {
            name,
            nul: attr.payload().len() > name.len(),
        })
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        if self.nul {
            w.put_str(kind, self.name);
        } else {
            w.put(kind, self.name.as_bytes());
        }
    }
}

impl Check for KindName<'_> {}

/// Declares the typed data of link kinds: an enum of the views of each kind's attribute space,
/// chosen by the kind's name, which the check walk walks as that space.
macro_rules! kinds {
    (
        $(#[$meta:meta])* $Enum:ident;
        $( $(#[$vmeta:meta])* $Variant:ident($View:ident, $Num:ident) = $($name:literal)|+; )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $Enum<'a> {
            $( $(#[$vmeta])* $Variant($View<'a>), )*
            /// A kind whose data this crate does not decode, kept raw.
            Other(Attrs<'a>),
        }

        impl<'a> $Enum<'a> {
            /// The view of `data` for the kind named `kind`; an unknown kind keeps it raw.
            #[must_use]
            #[inline]
            pub fn new(kind: &str, data: Attrs<'a>) -> Self {
                match kind {
                    $( $($name)|+ => $Enum::$Variant($View::new(data)), )*
                    _ => $Enum::Other(data),
                }
            }

            /// The raw attributes.
            #[must_use]
            #[inline]
            pub fn attrs(&self) -> Attrs<'a> {
                match self {
                    $( $Enum::$Variant(d) => d.attrs(), )*
                    $Enum::Other(a) => *a,
                }
            }
        }

        impl Check for $Enum<'_> {
            fn check(&self, w: &mut Walker) {
                match self {
                    $( $Enum::$Variant(d) => w.nested(|w| walk_list::<$Num>(d.attrs(), w)), )*
                    $Enum::Other(a) => w.nested(|w| a.flatten().for_each(|x| x.check(w))),
                }
            }
        }
    };
}

kinds! {
    /// The typed data of a link kind (`IFLA_INFO_DATA`), chosen by `IFLA_INFO_KIND`.
    KindData;
    /// `veth`.
    Veth(VethData, VethInfo) = "veth";
    /// `bridge`.
    Bridge(BridgeData, IflaBr) = "bridge";
    /// `vlan`.
    Vlan(VlanData, IflaVlan) = "vlan";
    /// `vxlan`.
    Vxlan(VxlanData, IflaVxlan) = "vxlan";
    /// `bond`.
    Bond(BondData, IflaBond) = "bond";
    /// `macvlan` and `macvtap`.
    Macvlan(MacvlanData, IflaMacvlan) = "macvlan" | "macvtap";
    /// `ipvlan` and `ipvtap`.
    Ipvlan(IpvlanData, IflaIpvlan) = "ipvlan" | "ipvtap";
    /// `vrf`.
    Vrf(VrfData, IflaVrf) = "vrf";
    /// `gre`, `gretap`, `ip6gre`, `ip6gretap`, `erspan`, `ip6erspan`.
    Gre(GreData, IflaGre) = "gre" | "gretap" | "ip6gre" | "ip6gretap" | "erspan" | "ip6erspan";
    /// `ipip`, `sit`, `ip6tnl`.
    Iptun(IptunData, IflaIptun) = "ipip" | "sit" | "ip6tnl";
    /// `geneve`.
    Geneve(GeneveData, IflaGeneve) = "geneve";
    /// `tun`.
    Tun(TunData, IflaTun) = "tun";
    /// `vxcan`: a veth-like pair of virtual CAN links (`VXCAN_INFO_PEER` is `VETH_INFO_PEER`).
    Vxcan(VethData, VethInfo) = "vxcan";
    /// `macsec`.
    Macsec(MacsecData, IflaMacsec) = "macsec";
    /// `hsr` (HSR and PRP).
    Hsr(HsrData, IflaHsr) = "hsr";
    /// `bareudp`.
    Bareudp(BareudpData, IflaBareudp) = "bareudp";
    /// `gtp`.
    Gtp(GtpData, IflaGtp) = "gtp";
    /// `xfrm`.
    Xfrm(XfrmData, IflaXfrm) = "xfrm";
    /// `vti` and `vti6`.
    Vti(VtiData, IflaVti) = "vti" | "vti6";
    /// `amt`.
    Amt(AmtData, IflaAmt) = "amt";
    /// `batadv`.
    Batadv(BatadvData, IflaBatadv) = "batadv";
    /// `rmnet`.
    Rmnet(RmnetData, IflaRmnet) = "rmnet";
    /// `ipoib`.
    Ipoib(IpoibData, IflaIpoib) = "ipoib";
    /// `wwan`.
    Wwan(WwanData, IflaWwan) = "wwan";
    /// `dsa`.
    Dsa(DsaData, IflaDsa) = "dsa";
    /// `can`.
    Can(CanData, IflaCan) = "can";
}

kinds! {
    /// The typed slave data of a port (`IFLA_INFO_SLAVE_DATA`), chosen by
    /// `IFLA_INFO_SLAVE_KIND`.
    SlaveData;
    /// A bridge port (`bridge`).
    BridgePort(BridgePortData, IflaBrport) = "bridge";
    /// A bond port (`bond`).
    Bond(BondSlaveData, IflaBondSlave) = "bond";
    /// A VRF port (`vrf`).
    Vrf(VrfPortData, IflaVrfPort) = "vrf";
}

attributes! {
    /// The data of a `veth` link: its peer (in requests; the kernel does not dump it).
    view VethData;
    /// `VETH_INFO_*` (`veth.h`): the data of a `veth` link.
    numbers VethInfo;
    /// A typed veth data attribute.
    enum VethAttr<'a>;
    /// The peer: an `ifinfomsg` followed by the peer's own `IFLA_*` attributes.
    PEER = 1, "VETH_INFO_PEER", Peer(val VethPeer<'a>), peer;
}

/// The peer of a veth pair (`VETH_INFO_PEER`): an `ifinfomsg` and `IFLA_*` attributes, as in a
/// link message, with [`LinkMsg`]'s accessors for what a peer carries. The check walk walks
/// its attributes as a link message's, `IFLA_LINKINFO` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VethPeer<'a> {
    attr: Attr<'a>,
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
            needed: size_of::<IfInfoMsg>(),
            available: payload.len(),
        })?;
        let base = attr
            .offset()
            .saturating_add(NLA_HDRLEN)
            .saturating_add(size_of::<IfInfoMsg>());
        Ok(VethPeer {
            attr,
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

    /// The first attribute of number `kind`.
    ///
    /// # Errors
    /// The framing error of a malformed attribute met before it.
    #[inline]
    pub fn attr(&self, kind: u16) -> Result<Option<Attr<'a>>> {
        self.attrs.get(kind)
    }
}

attributes!(@getters VethPeer, Ifla, 'a;
    ADDRESS = 1, "IFLA_ADDRESS", Address(bytes), address;
    IFNAME = 3, "IFLA_IFNAME", Ifname(str), name;
    MTU = 4, "IFLA_MTU", Mtu(u32), mtu;
    TXQLEN = 13, "IFLA_TXQLEN", Txqlen(u32), txqlen;
    LINKINFO = 18, "IFLA_LINKINFO", Linkinfo(val LinkInfo<'a>), link_info;
    NET_NS_PID = 19, "IFLA_NET_NS_PID", NetNsPid(u32), net_ns_pid;
    GROUP = 27, "IFLA_GROUP", Group(u32), group;
    NET_NS_FD = 28, "IFLA_NET_NS_FD", NetNsFd(u32), net_ns_fd;
    NUM_TX_QUEUES = 31, "IFLA_NUM_TX_QUEUES", NumTxQueues(u32), num_tx_queues;
    NUM_RX_QUEUES = 32, "IFLA_NUM_RX_QUEUES", NumRxQueues(u32), num_rx_queues;
);

attr_view_value!(['a] VethPeer<'a> = try VethPeer::parse);

impl Check for VethPeer<'_> {
    fn check(&self, w: &mut Walker) {
        let family = AddressFamily(self.header.ifi_family);
        w.nested(|w| walk_link(family, self.attrs, w));
    }
}

// ---------------------------------------------------------------------------------------------
// IFLA_AF_SPEC and IFLA_PROTINFO

attributes! {
    /// A view of `IFLA_AF_SPEC` in a link message of any family but `AF_BRIDGE`: one nest per
    /// address family.
    view AfSpec;
    /// The numbers of the nests of `IFLA_AF_SPEC`: `AF_*` address families.
    numbers IflaAf;
    /// A typed per-family nest of `IFLA_AF_SPEC`.
    enum AfSpecAttr<'a>;
    /// IPv4's attributes (`IFLA_INET_*`, [`AfSpec::inet`]).
    INET = 2, "AF_INET", Inet(nest IflaInet);
    /// IPv6's attributes (`IFLA_INET6_*`, [`AfSpec::inet6`]).
    INET6 = 10, "AF_INET6", Inet6(nest IflaInet6);
    /// MPLS's attributes (`MPLS_STATS_*`).
    MPLS = 28, "AF_MPLS", Mpls(nest Untyped), mpls;
}

impl<'a> AfSpec<'a> {
    /// The `AF_INET` nest.
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[inline]
    pub fn inet(&self) -> Result<Option<Inet<'a>>> {
        Ok(self.attr(IflaAf::INET.0)?.map(|a| Inet::new(a.nested())))
    }

    /// The `AF_INET6` nest.
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[inline]
    pub fn inet6(&self) -> Result<Option<Inet6<'a>>> {
        Ok(self.attr(IflaAf::INET6.0)?.map(|a| Inet6::new(a.nested())))
    }

    /// `IFLA_INET_CONF` of the `AF_INET` nest: the IPv4 sysctls.
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[inline]
    pub fn inet_conf(&self) -> Result<Option<DevConf<'a>>> {
        self.inet()?.map_or(Ok(None), |i| i.conf())
    }
}

attributes! {
    /// A view of the `AF_INET` nest of `IFLA_AF_SPEC`.
    view Inet;
    /// `IFLA_INET_*`: attributes of the `AF_INET` nest of `IFLA_AF_SPEC`.
    numbers IflaInet;
    /// A typed `AF_INET` attribute of `IFLA_AF_SPEC`.
    enum InetAttr<'a>;
    /// The IPv4 sysctls: `u32` entries indexed by `IPV4_DEVCONF_*` minus 1.
    CONF = 1, "IFLA_INET_CONF", Conf(val DevConf<'a>), conf;
}

attributes! {
    /// A view of the `AF_INET6` nest of `IFLA_AF_SPEC`, or of `IFLA_PROTINFO` in the IPv6
    /// code's `AF_INET6` link messages.
    view Inet6;
    /// `IFLA_INET6_*`: attributes of the `AF_INET6` nest of `IFLA_AF_SPEC`.
    numbers IflaInet6;
    /// A typed `AF_INET6` attribute of `IFLA_AF_SPEC`.
    enum Inet6Attr<'a>;
    /// `IF_RA_*`, `IF_READY` flags.
    FLAGS = 1, "IFLA_INET6_FLAGS", Flags(u32), flags;
    /// The IPv6 sysctls: `s32` entries indexed by `DEVCONF_*`.
    CONF = 2, "IFLA_INET6_CONF", Conf(val DevConf<'a>), conf;
    /// IPv6 counters: `u64` entries indexed by `IPSTATS_MIB_*`.
    STATS = 3, "IFLA_INET6_STATS", Stats(val Counters<'a>), stats;
    /// Unused by the kernel.
    MCAST = 4, "IFLA_INET6_MCAST", Mcast(bytes);
    /// Timing values, read in place.
    CACHEINFO = 5, "IFLA_INET6_CACHEINFO", CacheInfo({IflaCacheInfo}), cache_info;
    /// ICMPv6 counters: `u64` entries indexed by `ICMP6_MIB_*`.
    ICMP6STATS = 6, "IFLA_INET6_ICMP6STATS", Icmp6Stats(val Counters<'a>), icmp6_stats;
    /// The interface identifier token (`ip token`).
    TOKEN = 7, "IFLA_INET6_TOKEN", Token(val Ipv6Addr), token;
    /// How link-local addresses are generated.
    ADDR_GEN_MODE = 8, "IFLA_INET6_ADDR_GEN_MODE", AddrGenMode(val AddrGenMode), addr_gen_mode;
    /// The MTU a router advertisement carried.
    RA_MTU = 9, "IFLA_INET6_RA_MTU", RaMtu(u32), ra_mtu;
}

attributes! {
    /// A view of `IFLA_AF_SPEC` in an `AF_BRIDGE` link message: the bridge's own attributes.
    view BridgeAfSpec;
    /// `IFLA_BRIDGE_*`: the `IFLA_AF_SPEC` attributes of bridge messages (`ifi_family`
    /// `AF_BRIDGE`), which sit directly in `IFLA_AF_SPEC`, not in a per-family nest.
    numbers IflaBridge;
    /// A typed `IFLA_AF_SPEC` attribute of an `AF_BRIDGE` link message.
    enum BridgeAfAttr<'a>;
    /// Whether a request is for the master or the port itself.
    FLAGS = 0, "IFLA_BRIDGE_FLAGS", Flags(val BridgeFlags), flags;
    /// The hairpin mode.
    MODE = 1, "IFLA_BRIDGE_MODE", Mode(val BridgeMode), mode;
    /// One VLAN of the port (the list repeats this attribute), read in place.
    VLAN_INFO = 2, "IFLA_BRIDGE_VLAN_INFO", VlanInfo({BridgeVlanInfo}), vlan_info;
    /// A VLAN to tunnel id mapping.
    VLAN_TUNNEL_INFO = 3, "IFLA_BRIDGE_VLAN_TUNNEL_INFO", VlanTunnelInfo(nest IflaBridgeVlanTunnel), vlan_tunnel_info;
    /// Media redundancy protocol ([`crate::rtnl::bridge_mrp::BridgeMrp`]).
    MRP = 4, "IFLA_BRIDGE_MRP", Mrp(nest crate::rtnl::bridge_mrp::IflaBridgeMrp), mrp;
    /// Connectivity fault management ([`crate::rtnl::bridge_mrp::BridgeCfm`]).
    CFM = 5, "IFLA_BRIDGE_CFM", Cfm(nest crate::rtnl::bridge_mrp::IflaBridgeCfm), cfm;
    /// Multiple spanning trees ([`crate::rtnl::bridge_mrp::BridgeMst`]).
    MST = 6, "IFLA_BRIDGE_MST", Mst(nest crate::rtnl::bridge_mrp::IflaBridgeMst), mst;
}

attributes! {
    /// `IFLA_BRIDGE_VLAN_TUNNEL_*`: a VLAN to tunnel id mapping of a bridge port.
    numbers IflaBridgeVlanTunnel;
    /// A typed VLAN tunnel attribute.
    enum BridgeVlanTunnelAttr<'a>;
    /// The tunnel id.
    ID = 1, "IFLA_BRIDGE_VLAN_TUNNEL_ID", Id(u32);
    /// The VLAN id.
    VID = 2, "IFLA_BRIDGE_VLAN_TUNNEL_VID", Vid(u16);
    /// Range flags.
    FLAGS = 3, "IFLA_BRIDGE_VLAN_TUNNEL_FLAGS", Flags(val BridgeVlanFlags);
}

// ---------------------------------------------------------------------------------------------
// IFLA_XDP, IFLA_PROTO_DOWN_REASON, and the SR-IOV nests

attributes! {
    /// A view of `IFLA_XDP`: the XDP programs of a link.
    view Xdp;
    /// `IFLA_XDP_*`: attributes of `IFLA_XDP`.
    numbers IflaXdp;
    /// A typed `IFLA_XDP` attribute.
    enum XdpAttr<'a>;
    /// A program file descriptor to attach (-1 to detach).
    FD = 1, "IFLA_XDP_FD", Fd(i32), fd;
    /// How programs are attached.
    ATTACHED = 2, "IFLA_XDP_ATTACHED", Attached(val XdpAttached), attached;
    /// The attach mode of a request.
    FLAGS = 3, "IFLA_XDP_FLAGS", Flags(val XdpFlags), flags;
    /// The attached program's id.
    PROG_ID = 4, "IFLA_XDP_PROG_ID", ProgId(u32), prog_id;
    /// The driver-mode program's id.
    DRV_PROG_ID = 5, "IFLA_XDP_DRV_PROG_ID", DrvProgId(u32), drv_prog_id;
    /// The generic (skb) mode program's id.
    SKB_PROG_ID = 6, "IFLA_XDP_SKB_PROG_ID", SkbProgId(u32), skb_prog_id;
    /// The offloaded program's id.
    HW_PROG_ID = 7, "IFLA_XDP_HW_PROG_ID", HwProgId(u32), hw_prog_id;
    /// The program expected to be attached now (with `XDP_FLAGS_REPLACE`).
    EXPECTED_FD = 8, "IFLA_XDP_EXPECTED_FD", ExpectedFd(i32), expected_fd;
}

attributes! {
    /// A view of `IFLA_PROTO_DOWN_REASON`.
    view ProtoDownReason;
    /// `IFLA_PROTO_DOWN_REASON_*`: attributes of `IFLA_PROTO_DOWN_REASON`.
    numbers IflaProtoDownReason;
    /// A typed `IFLA_PROTO_DOWN_REASON` attribute.
    enum ProtoDownReasonAttr<'a>;
    /// Which reason bits a request changes.
    MASK = 1, "IFLA_PROTO_DOWN_REASON_MASK", Mask(u32), mask;
    /// The reason bits.
    VALUE = 2, "IFLA_PROTO_DOWN_REASON_VALUE", Value(u32), value;
}

attributes! {
    /// `IFLA_VF_INFO_*`: the entries of `IFLA_VFINFO_LIST`, one per virtual function.
    numbers IflaVfInfo;
    /// A typed `IFLA_VFINFO_LIST` entry.
    enum VfInfoListAttr<'a>;
    /// One virtual function.
    INFO = 1, "IFLA_VF_INFO", Info(nest IflaVf);
}

attributes! {
    /// A view of one `IFLA_VF_INFO`: a virtual function's settings, structs read in place.
    view VfInfo;
    /// `IFLA_VF_*`: the attributes of one virtual function.
    numbers IflaVf;
    /// A typed virtual function attribute.
    enum VfAttr<'a>;
    MAC = 1, "IFLA_VF_MAC", Mac({IflaVfMac}), mac;
    VLAN = 2, "IFLA_VF_VLAN", Vlan({IflaVfVlan}), vlan;
    TX_RATE = 3, "IFLA_VF_TX_RATE", TxRate({IflaVfTxRate}), tx_rate;
    SPOOFCHK = 4, "IFLA_VF_SPOOFCHK", Spoofchk({IflaVfSpoofchk}), spoofchk;
    LINK_STATE = 5, "IFLA_VF_LINK_STATE", LinkState({IflaVfLinkState}), link_state;
    RATE = 6, "IFLA_VF_RATE", Rate({IflaVfRate}), rate;
    RSS_QUERY_EN = 7, "IFLA_VF_RSS_QUERY_EN", RssQueryEn({IflaVfRssQueryEn}), rss_query_en;
    /// Counters.
    STATS = 8, "IFLA_VF_STATS", Stats(nest IflaVfStats), stats;
    TRUST = 9, "IFLA_VF_TRUST", Trust({IflaVfTrust}), trust;
    IB_NODE_GUID = 10, "IFLA_VF_IB_NODE_GUID", IbNodeGuid({IflaVfGuid}), ib_node_guid;
    IB_PORT_GUID = 11, "IFLA_VF_IB_PORT_GUID", IbPortGuid({IflaVfGuid}), ib_port_guid;
    /// The VLANs (`IFLA_VF_VLAN_INFO` entries).
    VLAN_LIST = 12, "IFLA_VF_VLAN_LIST", VlanList(nest IflaVfVlanList), vlan_list;
    BROADCAST = 13, "IFLA_VF_BROADCAST", Broadcast({IflaVfBroadcast}), broadcast;
}

attributes! {
    /// A view of `IFLA_VF_STATS`: a virtual function's counters.
    view VfStats;
    /// `IFLA_VF_STATS_*`: the counters of a virtual function.
    numbers IflaVfStats;
    /// A typed virtual function counter.
    enum VfStatsAttr<'a>;
    RX_PACKETS = 0, "IFLA_VF_STATS_RX_PACKETS", RxPackets(u64), rx_packets;
    TX_PACKETS = 1, "IFLA_VF_STATS_TX_PACKETS", TxPackets(u64), tx_packets;
    RX_BYTES = 2, "IFLA_VF_STATS_RX_BYTES", RxBytes(u64), rx_bytes;
    TX_BYTES = 3, "IFLA_VF_STATS_TX_BYTES", TxBytes(u64), tx_bytes;
    BROADCAST = 4, "IFLA_VF_STATS_BROADCAST", Broadcast(u64), broadcast;
    MULTICAST = 5, "IFLA_VF_STATS_MULTICAST", Multicast(u64), multicast;
    /// Padding for the 64-bit counters.
    PAD = 6, "IFLA_VF_STATS_PAD", Pad(bytes);
    RX_DROPPED = 7, "IFLA_VF_STATS_RX_DROPPED", RxDropped(u64), rx_dropped;
    TX_DROPPED = 8, "IFLA_VF_STATS_TX_DROPPED", TxDropped(u64), tx_dropped;
}

attributes! {
    /// `IFLA_VF_VLAN_INFO_*`: the entries of `IFLA_VF_VLAN_LIST`.
    numbers IflaVfVlanList;
    /// A typed `IFLA_VF_VLAN_LIST` entry.
    enum VfVlanListAttr<'a>;
    /// One VLAN, read in place.
    INFO = 1, "IFLA_VF_VLAN_INFO", Info({IflaVfVlanInfo});
}

attributes! {
    /// `IFLA_VF_PORT_*`: the entries of `IFLA_VF_PORTS`, one per virtual function.
    numbers IflaVfPort;
    /// A typed `IFLA_VF_PORTS` entry.
    enum VfPortsAttr<'a>;
    /// One virtual function's port profile.
    PORT = 1, "IFLA_VF_PORT", Port(nest IflaPort);
}

attributes! {
    /// A view of a port profile (`IFLA_VF_PORT`, `IFLA_PORT_SELF`).
    view PortInfo;
    /// `IFLA_PORT_*`: the attributes of a port profile.
    numbers IflaPort;
    /// A typed port profile attribute.
    enum PortAttr<'a>;
    /// The virtual function (`PORT_SELF_VF`, -1, for the device itself).
    VF = 1, "IFLA_PORT_VF", Vf(u32), vf;
    /// The port profile's name.
    PROFILE = 2, "IFLA_PORT_PROFILE", Profile(str), profile;
    /// The 802.1Qbg VSI type, read in place.
    VSI_TYPE = 3, "IFLA_PORT_VSI_TYPE", VsiType({IflaPortVsi}), vsi_type;
    /// The instance UUID (16 bytes).
    INSTANCE_UUID = 4, "IFLA_PORT_INSTANCE_UUID", InstanceUuid(bytes), instance_uuid;
    /// The host UUID (16 bytes).
    HOST_UUID = 5, "IFLA_PORT_HOST_UUID", HostUuid(bytes), host_uuid;
    /// `PORT_REQUEST_*`.
    REQUEST = 6, "IFLA_PORT_REQUEST", Request(u8), request;
    /// `PORT_VDP_RESPONSE_*` or `PORT_PROFILE_RESPONSE_*` (output only).
    RESPONSE = 7, "IFLA_PORT_RESPONSE", Response(u16), response;
}

// ---------------------------------------------------------------------------------------------
// Value sets

flags! {
    /// `XDP_FLAGS_*`: how a request attaches an XDP program (`IFLA_XDP_FLAGS`).
    XdpFlags(u32);
    /// Only if none is attached.
    UPDATE_IF_NOEXIST = 0x1, "XDP_FLAGS_UPDATE_IF_NOEXIST", "noexist";
    /// Generic (skb) mode.
    SKB_MODE = 0x2, "XDP_FLAGS_SKB_MODE", "xdpgeneric";
    /// Driver mode.
    DRV_MODE = 0x4, "XDP_FLAGS_DRV_MODE", "xdpdrv";
    /// Offloaded to hardware.
    HW_MODE = 0x8, "XDP_FLAGS_HW_MODE", "xdpoffload";
    /// Replace the program `IFLA_XDP_EXPECTED_FD` names.
    REPLACE = 0x10, "XDP_FLAGS_REPLACE", "replace";
}

flags! {
    /// `BRIDGE_FLAGS_*`: whom a bridge request is for (`IFLA_BRIDGE_FLAGS`).
    BridgeFlags(u16);
    /// The bridge (master).
    MASTER = 0x1, "BRIDGE_FLAGS_MASTER", "master";
    /// The port's lower device itself.
    SELF = 0x2, "BRIDGE_FLAGS_SELF", "self";
}

values! {
    /// `BRIDGE_MODE_*`: a bridge port's hairpin mode (`IFLA_BRIDGE_MODE`).
    BridgeMode(u16);
    /// Virtual Ethernet bridge: the default.
    VEB = 0, "BRIDGE_MODE_VEB", "veb";
    /// 802.1Qbg VEPA: traffic turns around in the adjacent switch.
    VEPA = 1, "BRIDGE_MODE_VEPA", "vepa";
    /// Undefined.
    UNDEF = 0xffff, "BRIDGE_MODE_UNDEF", "undef";
}

flags! {
    /// `BRIDGE_VLAN_INFO_*`: the flags of a bridge port VLAN (`struct bridge_vlan_info`,
    /// `IFLA_BRIDGE_VLAN_TUNNEL_FLAGS`).
    BridgeVlanFlags(u16);
    /// Operate on the bridge device as well.
    MASTER = 0x1, "BRIDGE_VLAN_INFO_MASTER", "master";
    /// The port's PVID: untagged ingress goes to this VLAN.
    PVID = 0x2, "BRIDGE_VLAN_INFO_PVID", "PVID";
    /// Egresses untagged.
    UNTAGGED = 0x4, "BRIDGE_VLAN_INFO_UNTAGGED", "Egress Untagged";
    /// The first of a range.
    RANGE_BEGIN = 0x8, "BRIDGE_VLAN_INFO_RANGE_BEGIN", "range_begin";
    /// The last of a range.
    RANGE_END = 0x10, "BRIDGE_VLAN_INFO_RANGE_END", "range_end";
    /// A global bridge VLAN entry.
    BRENTRY = 0x20, "BRIDGE_VLAN_INFO_BRENTRY", "brentry";
    /// Options only: no create, delete or flags.
    ONLY_OPTS = 0x40, "BRIDGE_VLAN_INFO_ONLY_OPTS", "only_opts";
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

        impl<'a> Value<'a> for $View<'a> {
            #[inline]
            fn decode(attr: Attr<'a>) -> Result<Self> {
                Ok($View::new(attr.payload()))
            }

            #[inline]
            fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
                w.put(kind, self.bytes);
            }
        }

        impl Check for $View<'_> {}
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrBuilder, NLA_F_NESTED};
    use crate::header::Flags;
    use crate::rtnl::linkinfo::{IflaVxlan, MacvlanMode, VxlanAttr};
    use crate::rtnl::{RTM_GETLINK, RTM_NEWADDR};
    use crate::typed::Summary;
    use crate::{MessageBuilder, Messages};
    use core::net::{IpAddr, Ipv4Addr};

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

    fn walk(m: Msg<'_>) -> Summary {
        let mut w = Walker::new();
        (LinkMsg::FAMILY.walk)(m, &mut w);
        w.summary
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
        assert_eq!(lo.link_info().unwrap(), None);
        let veth1 = &l[1];
        assert_eq!(veth1.link_type(), LinkType::ETHER);
        assert_eq!(veth1.address().unwrap(), Some(&[2u8, 0, 0, 0, 0, 2][..]));
        assert_eq!(veth1.broadcast().unwrap(), Some(&[0xffu8; 6][..]));
        assert_eq!(veth1.master().unwrap(), Some(4));
        assert_eq!(veth1.slave_kind().unwrap(), Some("bridge"));
        assert_eq!(veth1.link().unwrap(), Some(3));
        assert_eq!(veth1.operstate().unwrap(), Some(OperState::UP));
        assert_eq!(veth1.txqlen().unwrap(), Some(1000));
        assert_eq!(veth1.min_mtu().unwrap(), Some(68));
        assert_eq!(veth1.max_mtu().unwrap(), Some(65535));
        assert_eq!(veth1.carrier().unwrap(), Some(1));
        assert_eq!(veth1.headroom().unwrap(), Some(0));
        assert_eq!(veth1.xdp_attached().unwrap(), Some(XdpAttached::NONE));
        assert_eq!(
            veth1.flags().short_names().collect::<Vec<_>>(),
            ["BROADCAST", "MULTICAST", "UP", "LOWER_UP", "RUNNING"]
        );
        assert!(veth1.stats64().unwrap().is_some());
        let mv0 = &l[5];
        assert_eq!(mv0.link().unwrap(), Some(3));
        assert_eq!(mv0.address().unwrap(), Some(&[2u8, 0, 0, 0, 0, 5][..]));
        for link in &l {
            for t in link.typed_attrs() {
                t.unwrap();
            }
            assert_eq!(link.alt_names().unwrap().count(), 0);
            let af = link.af_spec().unwrap().unwrap();
            let v4 = af.inet_conf().unwrap().unwrap();
            assert!(v4.len() >= 33);
            assert_eq!(v4.ipv4(Ipv4Devconf::FORWARDING), Some(0));
            let v6 = af.inet6().unwrap().unwrap();
            assert!(v6.conf().unwrap().unwrap().len() >= 59);
            assert_eq!(
                v6.conf().unwrap().unwrap().ipv6(Ipv6Devconf::HOPLIMIT),
                Some(64)
            );
            assert_eq!(v6.addr_gen_mode().unwrap(), Some(AddrGenMode::EUI64));
            assert_eq!(v6.token().unwrap(), Some(Ipv6Addr::UNSPECIFIED));
            let stats = v6.stats().unwrap().unwrap();
            assert_eq!(stats.get(0), Some(stats.len() as u64));
            let ci = v6.cache_info().unwrap().unwrap();
            assert!(ci.get().reachable_time.get() > 0);
            for t in v6.typed_attrs() {
                t.unwrap();
            }
            // Not a bridge message: the bridge's view of IFLA_AF_SPEC is refused.
            assert!(matches!(
                link.bridge_af_spec(),
                Err(Error::WrongFamily { family: 0, .. })
            ));
        }
        // The kernel's mtu for IPv6 on the loopback device.
        let lo6 = lo.af_spec().unwrap().unwrap().inet6().unwrap().unwrap();
        assert_eq!(
            lo6.conf().unwrap().unwrap().ipv6(Ipv6Devconf::MTU6),
            Some(65536)
        );
    }

    #[test]
    fn captured_kinds_read_through_their_views() {
        let bytes = captured("link_dump.bin");
        let l = links(&bytes);
        let info = |n: usize| l[n].link_info().unwrap().unwrap();
        let vx = info(4);
        assert_eq!(vx.kind().unwrap(), Some("vxlan"));
        assert!(vx.kind_name().unwrap().unwrap().has_nul());
        let Some(KindData::Vxlan(d)) = vx.kind_data().unwrap() else {
            panic!("vx0 is not typed as vxlan");
        };
        assert_eq!(d.id().unwrap(), Some(42));
        assert_eq!(d.port().unwrap(), Some(4789));
        assert_eq!(
            d.local().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(d.link().unwrap(), Some(l[2].index()));
        assert_eq!(d.learning().unwrap(), Some(1));
        assert_eq!(d.group().unwrap(), None);
        // The kernel dumps IFLA_VXLAN_TTL_INHERIT as a byte: 0 is off.
        assert_eq!(d.ttl_inherit().unwrap().map(|t| t.is_on()), Some(false));
        let range = d.port_range().unwrap().unwrap().get();
        assert!(range.low.get() <= range.high.get());

        let Some(KindData::Macvlan(d)) = info(5).kind_data().unwrap() else {
            panic!("mv0 is not typed as macvlan");
        };
        assert_eq!(d.mode().unwrap(), Some(MacvlanMode::BRIDGE));

        let Some(KindData::Bridge(d)) = info(3).kind_data().unwrap() else {
            panic!("br0 is not typed as bridge");
        };
        assert_eq!(d.stp_state().unwrap(), Some(0));
        assert_eq!(d.forward_delay().unwrap(), Some(1500));
        // This kernel has no VLAN filtering, so no IFLA_BR_VLAN_PROTOCOL; the defaults are 2 s
        // hello time and 20 s max age.
        assert_eq!(d.vlan_protocol().unwrap(), None);
        assert_eq!(d.hello_time().unwrap(), Some(200));
        assert_eq!(d.max_age().unwrap(), Some(2000));
        assert_eq!(
            d.bridge_id().unwrap().unwrap().get().addr,
            [2, 0, 0, 0, 0, 3]
        );

        let port = info(1);
        assert_eq!(port.kind().unwrap(), Some("veth"));
        // veth has no fill_info: the kernel dumps the kind only.
        assert_eq!(port.kind_data().unwrap(), None);
        assert_eq!(port.slave_kind().unwrap(), Some("bridge"));
        let Some(SlaveData::BridgePort(p)) = port.slave_kind_data().unwrap() else {
            panic!("veth1 has no bridge port data");
        };
        assert!(p.state().unwrap().is_some());
        assert_eq!(p.cost().unwrap(), Some(2));
        assert_eq!(p.learning().unwrap(), Some(1));
    }

    #[test]
    fn captures_walk_with_every_attribute_typed_and_reencoded() {
        for f in ["link_dump.bin", "notify_link.bin"] {
            let bytes = captured(f);
            let mut s = Summary::default();
            for m in Messages::new(&bytes) {
                let m = m.unwrap();
                if m.message_type() == RTM_NEWLINK {
                    let t = walk(m);
                    s.typed += t.typed;
                    s.typed_errors += t.typed_errors;
                    s.errors += t.errors;
                    s.reencoded_differently += t.reencoded_differently;
                    s.roundtrip_failures += t.roundtrip_failures;
                }
            }
            assert_eq!(s.errors, 0, "{f}");
            assert_eq!(s.typed_errors, 0, "{f}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{f}"
            );
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
        let bytes = captured("link_dump.bin");
        for m in Messages::new(&bytes).take(2) {
            let m = m.unwrap();
            let len = m.payload().len() + 16;
            let whole = &bytes[m.offset()..m.offset() + len];
            for n in 0..len {
                let mut cut = whole[..n].to_vec();
                // Keep nlmsg_len consistent with the cut so that the attribute walk sees it.
                if n >= 4 {
                    cut[..4].copy_from_slice(&(n as u32).to_ne_bytes());
                }
                let Ok(m) = Msg::parse(&cut) else {
                    continue;
                };
                let s = walk(m);
                assert_eq!(s.roundtrip_failures, 0);
                if let Ok(l) = LinkMsg::parse(m) {
                    let _ = (l.name(), l.kind(), l.stats64(), l.af_spec());
                    if let Ok(Some(i)) = l.link_info() {
                        let _ = (i.kind_data(), i.slave_kind_data());
                    }
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
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::REQUEST, &hdr).unwrap();
        LinkAttr::Mtu(1400).write_to(&mut b);
        LinkAttr::Ifname("veth0").write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.mtu().unwrap(), Some(1400));
        assert_eq!(l.name().unwrap(), Some("veth0"));
        assert_eq!(l.flags(), IfFlags::UP);
        assert_eq!(l.change(), IfFlags::UP);
        assert!(LinkMsg::builder(&mut buf, RTM_NEWADDR, Flags::REQUEST, &hdr).is_err());
        assert!(LinkMsg::builder(&mut buf, RTM_GETLINK, Flags::REQUEST, &hdr).is_ok());
    }

    #[test]
    fn a_negative_index_reads_as_its_bits() {
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, u32::MAX);
        assert_eq!(hdr.ifi_index.get(), -1);
        LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr)
            .unwrap()
            .finish()
            .unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.index(), u32::MAX);
    }

    #[test]
    fn alt_names_and_bad_attributes_fail_alone() {
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 7);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put(Ifla::MTU, &[1, 2]).put_str(Ifla::IFNAME, "eth0");
        {
            let mut p = b.nest(Ifla::PROP_LIST.0 | NLA_F_NESTED);
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
        let alts: Vec<_> = l.alt_names().unwrap().collect();
        assert_eq!(alts.len(), 3);
        assert_eq!(alts[0], Ok("uplink"));
        assert!(alts[1].is_err());
        assert_eq!(alts[2], Ok("wan"));
        // The bad IFLA_MTU fails once as a typed attribute, the bad alternative name once; the
        // property list keeps its NLA_F_NESTED bit and re-encodes as it came.
        let s = walk(Msg::parse(&buf).unwrap());
        assert_eq!(s.typed_errors, 2);
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        assert_eq!(format!("{:?}", Ifla::MTU), "IFLA_MTU");
        assert_eq!(Ifla::TARGET_NETNSID, Ifla(46));
        assert_eq!(format!("{:?}", Ifla(999)), "999");
    }

    #[test]
    fn a_broken_frame_fails_every_later_accessor() {
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 7);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put_str(Ifla::IFNAME, "eth0")
            .put_raw(&[40, 0, 4, 0, 1, 2, 3, 4]);
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.name().unwrap(), Some("eth0"));
        let e = Error::BadLength {
            what: "nlattr",
            offset: 44,
            length: 40,
            available: 8,
        };
        assert_eq!(l.mtu(), Err(e));
        assert_eq!(l.kind(), Err(e));
        assert_eq!(l.af_spec().unwrap_err(), e);
        assert_eq!(l.alt_names().unwrap_err(), e);
        assert_eq!(l.check_frame(), Err(e));
    }

    #[test]
    fn nests_keep_their_flag_bit() {
        // IFLA_DEVLINK_PORT and IFLA_DPLL_PIN carry NLA_F_NESTED; IFLA_LINKINFO may or may not.
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 2);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.nest(Ifla::DEVLINK_PORT.0 | NLA_F_NESTED).put_u32(1u16, 7);
        b.nest(Ifla::DPLL_PIN.0 | NLA_F_NESTED).put_u32(1u16, 9);
        b.nest(Ifla::LINKINFO.0 | NLA_F_NESTED)
            .put_str(IflaInfo::KIND, "vxlan");
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(l.devlink_port().unwrap().unwrap().is_flagged());
        assert!(l.dpll_pin().unwrap().unwrap().is_flagged());
        assert_eq!(l.kind().unwrap(), Some("vxlan"));
        let mut again = Vec::new();
        let mut b = LinkMsg::builder(&mut again, RTM_NEWLINK, Flags::EMPTY, l.header()).unwrap();
        for t in l.typed_attrs() {
            let t = t.unwrap();
            assert!(!matches!(t, LinkAttr::Other(_)), "{t:?}");
            t.write_to(&mut b);
        }
        b.finish().unwrap();
        assert_eq!(again, buf);
        let s = walk(Msg::parse(&buf).unwrap());
        assert_eq!((s.typed_errors, s.reencoded_differently), (0, 0));
    }

    #[test]
    fn a_bad_kind_attribute_fails_alone() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut info = b.nest(Ifla::LINKINFO);
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
        let mut w = Walker::new();
        info.check(&mut w);
        assert_eq!((w.summary.typed, w.summary.typed_errors), (3, 1));
    }

    #[test]
    fn a_veth_peer_is_a_link_walked_as_one() {
        // `ip link add vc type veth peer name vd address 02:00:00:00:00:09 mtu 1400`, as strace
        // showed it (testdata/linkinfo-veth-peer.bin): the peer's IFLA_* are typed and checked.
        let bytes = captured("linkinfo-veth-peer.bin");
        let l = LinkMsg::parse(Msg::parse(&bytes).unwrap()).unwrap();
        let info = l.link_info().unwrap().unwrap();
        assert!(!info.kind_name().unwrap().unwrap().has_nul());
        let Some(KindData::Veth(v)) = info.kind_data().unwrap() else {
            panic!("not veth")
        };
        let peer = v.peer().unwrap().unwrap();
        assert_eq!(*peer.header(), IfInfoMsg::default());
        assert_eq!(peer.name().unwrap(), Some("vd"));
        assert_eq!(peer.mtu().unwrap(), Some(1400));
        assert_eq!(peer.address().unwrap(), Some(&[2u8, 0, 0, 0, 0, 9][..]));
        let s = walk(l.msg());
        // ifname, linkinfo { kind, data { peer { address, mtu, ifname } } }
        assert_eq!((s.typed, s.typed_errors), (8, 0));
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        // A peer shorter than ifinfomsg fails its own accessor.
        let short = [8u8, 0, 1, 0, 0, 0, 0, 0];
        let v = VethData::new(Attrs::new(&short));
        assert!(matches!(v.peer(), Err(Error::Truncated { needed: 16, .. })));
    }

    #[test]
    fn bridge_messages_read_af_spec_and_protinfo_as_the_bridge_fills_them() {
        // What `bridge -d link show` receives for a port: IFLA_PROTINFO (NLA_F_NESTED) with
        // IFLA_BRPORT_*, IFLA_AF_SPEC with IFLA_BRIDGE_VLAN_INFO entries.
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, 3);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put_str(Ifla::IFNAME, "veth1");
        b.nest(Ifla::PROTINFO.0 | NLA_F_NESTED)
            .put_u8(IflaBrport::STATE, 3)
            .put_u32(IflaBrport::COST, 2);
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            for (flags, vid) in [
                (BridgeVlanFlags::PVID | BridgeVlanFlags::UNTAGGED, 1),
                (BridgeVlanFlags::EMPTY, 10),
            ] {
                let v = BridgeVlanInfo {
                    flags: U16::new(flags.bits()),
                    vid: U16::new(vid),
                };
                af.put_struct(IflaBridge::VLAN_INFO, &v);
            }
        }
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(matches!(
            l.af_spec(),
            Err(Error::WrongFamily { family: 7, .. })
        ));
        let vlans: Vec<_> = l
            .bridge_af_spec()
            .unwrap()
            .unwrap()
            .typed_attrs()
            .map(|t| match t.unwrap() {
                BridgeAfAttr::VlanInfo(v) => v.get().vid.get(),
                t => panic!("{t:?}"),
            })
            .collect();
        assert_eq!(vlans, [1, 10]);
        let port = l.bridge_port().unwrap().unwrap();
        assert_eq!(port.cost().unwrap(), Some(2));
        let s = walk(l.msg());
        // ifname, protinfo { state, cost }, af_spec { 2 x vlan_info }
        assert_eq!((s.typed, s.typed_errors), (7, 0));
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn ipv6_link_messages_read_protinfo_as_ipv6_attributes() {
        // The IPv6 code's RTM_NEWLINK (RTNLGRP_IPV6_IFINFO) is AF_INET6 and carries
        // IFLA_INET6_* in IFLA_PROTINFO, without NLA_F_NESTED.
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::INET6, 2);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put_str(Ifla::IFNAME, "veth0");
        b.nest(Ifla::PROTINFO)
            .put_u32(IflaInet6::FLAGS, 0x8000_0000)
            .put_u8(IflaInet6::ADDR_GEN_MODE, 1);
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let v6 = l.inet6_protinfo().unwrap().unwrap();
        assert_eq!(v6.addr_gen_mode().unwrap(), Some(AddrGenMode::NONE));
        assert!(matches!(
            l.bridge_port(),
            Err(Error::WrongFamily { family: 10, .. })
        ));
        let s = walk(l.msg());
        assert_eq!(
            (s.typed, s.typed_errors, s.reencoded_differently),
            (4, 0, 0)
        );
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
        assert_eq!(format!("{:?}", IflaAf::INET6), "AF_INET6");
        let _ = MessageBuilder::new;
    }
}
