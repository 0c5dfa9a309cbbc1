//! Link statistics by group: `struct if_stats_msg`, the `IFLA_STATS_*` attributes and their
//! nests; messages `RTM_NEWSTATS`, `RTM_GETSTATS`, `RTM_SETSTATS`.
//!
//! A request names the groups it wants in `filter_mask` (one bit per `IFLA_STATS_*` number,
//! [`StatsMask`]) and may narrow a group's nest further with `IFLA_STATS_GET_FILTERS`; the
//! answer carries one attribute per group: the 64-bit counters, the kind-specific extended
//! statistics of a master (`IFLA_STATS_LINK_XSTATS`: bridge multicast and STP counters, bond
//! 802.3ad counters) and of a port (`..._XSTATS_SLAVE`), offload statistics (CPU hits,
//! hardware L3 counters and whether they are requested and used) and per address family
//! statistics (MPLS). `RTM_SETSTATS` turns hardware L3 statistics on or off.
//!
//! Requests (`RTM_GETSTATS`, `RTM_SETSTATS`) number their attributes in another space than
//! answers (`IFLA_STATS_GETSET_*`, [`StatsGetSet`]), so the check walk picks the space by
//! the message type; [`StatsMsg::typed_attrs`] reads the answer's.
//!
//! Source of truth: `include/uapi/linux/if_link.h` (`IFLA_STATS_*`, `IFLA_OFFLOAD_XSTATS_*`,
//! `struct rtnl_hw_stats64`), `if_bridge.h` (`BRIDGE_XSTATS_*` and their structs),
//! `if_bonding.h` (`BOND_XSTATS_*`, `BOND_3AD_STAT_*`), `mpls.h` (`MPLS_STATS_*`,
//! `struct mpls_link_stats`); widths as `rtnl_stats_get_policy` (`net/core/rtnetlink.c`).

use zerocopy::byteorder::native_endian::{U16, U32, U64};

use crate::error::Result;
use crate::rtnl::link::RtnlLinkStats64;
use crate::rtnl::{AddressFamily, Group, RTM_GETSTATS, RTM_NEWSTATS, RTM_SETSTATS};
use crate::typed::{Walker, walk_list};

kernel_struct! {
    /// `struct if_stats_msg`: the family header of statistics messages.
    IfStatsMsg = "if_stats_msg", 12 {
        /// `family`: `AF_UNSPEC`.
        pub family: u8,
        /// `pad1`.
        pub pad1: u8,
        /// `pad2`.
        pub pad2: U16,
        /// `ifindex`: the link; 0 in a dump request.
        pub ifindex: U32,
        /// `filter_mask`: the groups asked for ([`StatsMask`]).
        pub filter_mask: U32,
    }
}

impl IfStatsMsg {
    /// A header for link `index` (0 for a dump) asking for the groups of `mask`.
    #[must_use]
    #[inline]
    pub fn new(index: u32, mask: StatsMask) -> Self {
        IfStatsMsg {
            family: AddressFamily::UNSPEC.0,
            ifindex: U32::new(index),
            filter_mask: U32::new(mask.0),
            ..IfStatsMsg::default()
        }
    }
}

flags! {
    /// `IFLA_STATS_FILTER_BIT(IFLA_STATS_*)`: the groups of `filter_mask`.
    StatsMask(u32);
    /// `IFLA_STATS_LINK_64`.
    LINK_64 = 0x01, "IFLA_STATS_LINK_64", "link";
    /// `IFLA_STATS_LINK_XSTATS`.
    LINK_XSTATS = 0x02, "IFLA_STATS_LINK_XSTATS", "xstats";
    /// `IFLA_STATS_LINK_XSTATS_SLAVE`.
    LINK_XSTATS_SLAVE = 0x04, "IFLA_STATS_LINK_XSTATS_SLAVE", "xstats_slave";
    /// `IFLA_STATS_LINK_OFFLOAD_XSTATS`.
    LINK_OFFLOAD_XSTATS = 0x08, "IFLA_STATS_LINK_OFFLOAD_XSTATS", "offload";
    /// `IFLA_STATS_AF_SPEC`.
    AF_SPEC = 0x10, "IFLA_STATS_AF_SPEC", "afstats";
}

impl StatsMask {
    /// Every group this crate knows.
    pub const ALL: StatsMask = StatsMask(0x1f);

    /// The bit of attribute number `n` (`IFLA_STATS_FILTER_BIT`); 0 for 0 or past 32.
    #[must_use]
    #[inline]
    pub fn bit(n: u16) -> u32 {
        n.checked_sub(1)
            .and_then(|s| 1u32.checked_shl(u32::from(s)))
            .unwrap_or(0)
    }
}

kernel_struct! {
    /// `struct rtnl_hw_stats64`: counters kept by hardware (`IFLA_OFFLOAD_XSTATS_L3_STATS`).
    RtnlHwStats64 = "rtnl_hw_stats64", 72 {
        /// `rx_packets`.
        pub rx_packets: U64,
        /// `tx_packets`.
        pub tx_packets: U64,
        /// `rx_bytes`.
        pub rx_bytes: U64,
        /// `tx_bytes`.
        pub tx_bytes: U64,
        /// `rx_errors`.
        pub rx_errors: U64,
        /// `tx_errors`.
        pub tx_errors: U64,
        /// `rx_dropped`.
        pub rx_dropped: U64,
        /// `tx_dropped`.
        pub tx_dropped: U64,
        /// `multicast`.
        pub multicast: U64,
    }
}

kernel_struct! {
    /// `struct bridge_vlan_xstats`: a bridge VLAN's counters (`BRIDGE_XSTATS_VLAN`).
    BridgeVlanXstats = "bridge_vlan_xstats", 40 {
        /// `rx_bytes`.
        pub rx_bytes: U64,
        /// `rx_packets`.
        pub rx_packets: U64,
        /// `tx_bytes`.
        pub tx_bytes: U64,
        /// `tx_packets`.
        pub tx_packets: U64,
        /// `vid`.
        pub vid: U16,
        /// `flags`: `BRIDGE_VLAN_INFO_*`.
        pub flags: U16,
        /// `pad2`.
        pub pad2: U32,
    }
}

kernel_struct! {
    /// `struct br_mcast_stats`: a bridge's or port's IGMP and MLD counters
    /// (`BRIDGE_XSTATS_MCAST`); each pair is `[received, sent]` (`BR_MCAST_DIR_RX`,
    /// `BR_MCAST_DIR_TX`).
    BrMcastStats = "br_mcast_stats", 240 {
        /// `igmp_v1queries`.
        pub igmp_v1queries: [U64; 2],
        /// `igmp_v2queries`.
        pub igmp_v2queries: [U64; 2],
        /// `igmp_v3queries`.
        pub igmp_v3queries: [U64; 2],
        /// `igmp_leaves`.
        pub igmp_leaves: [U64; 2],
        /// `igmp_v1reports`.
        pub igmp_v1reports: [U64; 2],
        /// `igmp_v2reports`.
        pub igmp_v2reports: [U64; 2],
        /// `igmp_v3reports`.
        pub igmp_v3reports: [U64; 2],
        /// `igmp_parse_errors`.
        pub igmp_parse_errors: U64,
        /// `mld_v1queries`.
        pub mld_v1queries: [U64; 2],
        /// `mld_v2queries`.
        pub mld_v2queries: [U64; 2],
        /// `mld_leaves`.
        pub mld_leaves: [U64; 2],
        /// `mld_v1reports`.
        pub mld_v1reports: [U64; 2],
        /// `mld_v2reports`.
        pub mld_v2reports: [U64; 2],
        /// `mld_parse_errors`.
        pub mld_parse_errors: U64,
        /// `mcast_bytes`.
        pub mcast_bytes: [U64; 2],
        /// `mcast_packets`.
        pub mcast_packets: [U64; 2],
    }
}

kernel_struct! {
    /// `struct bridge_stp_xstats`: a bridge port's STP counters (`BRIDGE_XSTATS_STP`).
    BridgeStpXstats = "bridge_stp_xstats", 48 {
        /// `transition_blk`: transitions to blocking.
        pub transition_blk: U64,
        /// `transition_fwd`: transitions to forwarding.
        pub transition_fwd: U64,
        /// `rx_bpdu`.
        pub rx_bpdu: U64,
        /// `tx_bpdu`.
        pub tx_bpdu: U64,
        /// `rx_tcn`.
        pub rx_tcn: U64,
        /// `tx_tcn`.
        pub tx_tcn: U64,
    }
}

kernel_struct! {
    /// `struct mpls_link_stats`: a device's MPLS counters (`MPLS_STATS_LINK`).
    MplsLinkStats = "mpls_link_stats", 72 {
        /// `rx_packets`.
        pub rx_packets: U64,
        /// `tx_packets`.
        pub tx_packets: U64,
        /// `rx_bytes`.
        pub rx_bytes: U64,
        /// `tx_bytes`.
        pub tx_bytes: U64,
        /// `rx_errors`.
        pub rx_errors: U64,
        /// `tx_errors`.
        pub tx_errors: U64,
        /// `rx_dropped`.
        pub rx_dropped: U64,
        /// `tx_dropped`.
        pub tx_dropped: U64,
        /// `rx_noroute`: packets with no route for their label.
        pub rx_noroute: U64,
    }
}

family! {
    /// A view of a statistics message (`RTM_NEWSTATS`, `RTM_GETSTATS`, `RTM_SETSTATS`).
    view StatsMsg(IfStatsMsg, "if_stats_msg");
    family "stats", messages [RTM_NEWSTATS, RTM_GETSTATS, RTM_SETSTATS],
        groups [Group::STATS.0];
    walk walk_by_type;
    /// `IFLA_STATS_*`: statistics attribute numbers (the answer's).
    numbers IflaStats;
    /// A typed statistics attribute.
    enum StatsAttr<'a>;
    /// Padding before a 64-bit attribute (`IFLA_STATS_UNSPEC`'s number).
    PAD = 0, "IFLA_STATS_UNSPEC", Pad(bytes);
    /// The 64-bit interface counters.
    LINK_64 = 1, "IFLA_STATS_LINK_64", Link64({RtnlLinkStats64}), link64;
    /// A master's kind-specific counters ([`LinkXstats`]).
    LINK_XSTATS = 2, "IFLA_STATS_LINK_XSTATS", LinkXstats(nest LinkXstatsType), xstats;
    /// A port's counters, as its master's kind keeps them ([`LinkXstats`]).
    LINK_XSTATS_SLAVE = 3, "IFLA_STATS_LINK_XSTATS_SLAVE", LinkXstatsSlave(nest LinkXstatsType), xstats_slave;
    /// Offload statistics ([`OffloadXstats`]).
    LINK_OFFLOAD_XSTATS = 4, "IFLA_STATS_LINK_OFFLOAD_XSTATS", LinkOffloadXstats(nest IflaOffloadXstats), offload_xstats;
    /// Per address family statistics, a nest per `AF_*` ([`StatsAfSpec`]).
    AF_SPEC = 5, "IFLA_STATS_AF_SPEC", AfSpec(nest StatsAf), af_spec;
}

attributes! {
    /// The attributes of an `IFLA_STATS_LINK_XSTATS` or `..._XSTATS_SLAVE` nest.
    view LinkXstats;
    /// `LINK_XSTATS_TYPE_*`: whose counters.
    numbers LinkXstatsType;
    /// A typed extended statistics attribute.
    enum LinkXstatsAttr<'a>;
    /// A bridge's or bridge port's ([`BridgeXstats`]).
    BRIDGE = 1, "LINK_XSTATS_TYPE_BRIDGE", Bridge(nest BridgeXstatsA), bridge;
    /// A bond's or bond port's ([`BondXstats`]).
    BOND = 2, "LINK_XSTATS_TYPE_BOND", Bond(nest BondXstatsA), bond;
}

attributes! {
    /// The attributes of a `LINK_XSTATS_TYPE_BRIDGE` nest.
    view BridgeXstats;
    /// `BRIDGE_XSTATS_*`: bridge statistics attribute numbers.
    numbers BridgeXstatsA;
    /// A typed bridge statistics attribute.
    enum BridgeXstatsAttr<'a>;
    /// A VLAN's counters (one attribute per VLAN).
    VLAN = 1, "BRIDGE_XSTATS_VLAN", Vlan({BridgeVlanXstats}), vlan;
    /// IGMP and MLD counters.
    MCAST = 2, "BRIDGE_XSTATS_MCAST", Mcast({BrMcastStats}), mcast;
    /// Padding before a 64-bit attribute.
    PAD = 3, "BRIDGE_XSTATS_PAD", Pad(bytes);
    /// STP counters (ports).
    STP = 4, "BRIDGE_XSTATS_STP", Stp({BridgeStpXstats}), stp;
}

attributes! {
    /// The attributes of a `LINK_XSTATS_TYPE_BOND` nest.
    view BondXstats;
    /// `BOND_XSTATS_*`: bond statistics attribute numbers.
    numbers BondXstatsA;
    /// A typed bond statistics attribute.
    enum BondXstatsAttr<'a>;
    /// 802.3ad (LACP) counters ([`Bond3adStats`]).
    AD3 = 1, "BOND_XSTATS_3AD", Ad3(nest Bond3adStat), lacp;
}

attributes! {
    /// The attributes of a `BOND_XSTATS_3AD` nest.
    view Bond3adStats;
    /// `BOND_3AD_STAT_*`: 802.3ad counter numbers (they start at 0).
    numbers Bond3adStat;
    /// A typed 802.3ad counter.
    enum Bond3adStatAttr<'a>;
    /// LACPDUs received.
    LACPDU_RX = 0, "BOND_3AD_STAT_LACPDU_RX", LacpduRx(u64), lacpdu_rx;
    /// LACPDUs sent.
    LACPDU_TX = 1, "BOND_3AD_STAT_LACPDU_TX", LacpduTx(u64), lacpdu_tx;
    /// LACPDUs of unknown type received.
    LACPDU_UNKNOWN_RX = 2, "BOND_3AD_STAT_LACPDU_UNKNOWN_RX", LacpduUnknownRx(u64), lacpdu_unknown_rx;
    /// Malformed LACPDUs received.
    LACPDU_ILLEGAL_RX = 3, "BOND_3AD_STAT_LACPDU_ILLEGAL_RX", LacpduIllegalRx(u64), lacpdu_illegal_rx;
    /// Marker PDUs received.
    MARKER_RX = 4, "BOND_3AD_STAT_MARKER_RX", MarkerRx(u64), marker_rx;
    /// Marker PDUs sent.
    MARKER_TX = 5, "BOND_3AD_STAT_MARKER_TX", MarkerTx(u64), marker_tx;
    /// Marker responses received.
    MARKER_RESP_RX = 6, "BOND_3AD_STAT_MARKER_RESP_RX", MarkerRespRx(u64), marker_resp_rx;
    /// Marker responses sent.
    MARKER_RESP_TX = 7, "BOND_3AD_STAT_MARKER_RESP_TX", MarkerRespTx(u64), marker_resp_tx;
    /// Markers of unknown type received.
    MARKER_UNKNOWN_RX = 8, "BOND_3AD_STAT_MARKER_UNKNOWN_RX", MarkerUnknownRx(u64), marker_unknown_rx;
    /// Padding before a 64-bit attribute.
    PAD = 9, "BOND_3AD_STAT_PAD", Pad(bytes);
}

attributes! {
    /// The attributes of an `IFLA_STATS_LINK_OFFLOAD_XSTATS` nest.
    view OffloadXstats;
    /// `IFLA_OFFLOAD_XSTATS_*`: offload statistics attribute numbers.
    numbers IflaOffloadXstats;
    /// A typed offload statistics attribute.
    enum OffloadXstatsAttr<'a>;
    /// Packets the device handed to the CPU.
    CPU_HIT = 1, "IFLA_OFFLOAD_XSTATS_CPU_HIT", CpuHit({RtnlLinkStats64}), cpu_hit;
    /// Which hardware statistics are requested and used ([`HwStatsInfo`]).
    HW_S_INFO = 2, "IFLA_OFFLOAD_XSTATS_HW_S_INFO", HwSInfo(nest HwSInfoKind), hw_s_info;
    /// Hardware L3 counters.
    L3_STATS = 3, "IFLA_OFFLOAD_XSTATS_L3_STATS", L3Stats({RtnlHwStats64}), l3_stats;
}

attributes! {
    /// The attributes of an `IFLA_OFFLOAD_XSTATS_HW_S_INFO` nest: one nest per kind of
    /// hardware statistics, numbered as the statistics themselves.
    view HwStatsInfo;
    /// The kinds of hardware statistics (`IFLA_OFFLOAD_XSTATS_*` numbers).
    numbers HwSInfoKind;
    /// A typed hardware statistics kind.
    enum HwSInfoKindAttr<'a>;
    /// L3 statistics ([`HwStatsState`]).
    L3_STATS = 3, "IFLA_OFFLOAD_XSTATS_L3_STATS", L3Stats(nest HwSInfoA), l3_stats;
}

attributes! {
    /// Whether one kind of hardware statistics is requested and used.
    view HwStatsState;
    /// `IFLA_OFFLOAD_XSTATS_HW_S_INFO_*`.
    numbers HwSInfoA;
    /// A typed hardware statistics state.
    enum HwSInfoAttr<'a>;
    /// 1 when user space asked for them (`ip stats set ... l3_stats on`).
    REQUEST = 1, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST", Request(u8), request;
    /// 1 when some hardware keeps them.
    USED = 2, "IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED", Used(u8), used;
}

attributes! {
    /// The attributes of an `IFLA_STATS_AF_SPEC` nest: one nest per address family.
    view StatsAfSpec;
    /// The address families (`AF_*` numbers).
    numbers StatsAf;
    /// A typed per family statistics attribute.
    enum StatsAfAttr<'a>;
    /// MPLS ([`MplsStats`]).
    MPLS = 28, "AF_MPLS", Mpls(nest MplsStatsA), mpls;
}

attributes! {
    /// The attributes of an `AF_MPLS` statistics nest.
    view MplsStats;
    /// `MPLS_STATS_*`.
    numbers MplsStatsA;
    /// A typed MPLS statistics attribute.
    enum MplsStatsAttr<'a>;
    /// The device's MPLS counters.
    LINK = 1, "MPLS_STATS_LINK", Link({MplsLinkStats}), link;
}

attributes! {
    /// `IFLA_STATS_GETSET_*`: the attributes of a request (`RTM_GETSTATS`, `RTM_SETSTATS`).
    numbers StatsGetSet;
    /// A typed statistics request attribute.
    enum StatsGetSetAttr<'a>;
    /// Narrower filters inside groups: a nest of one mask per group ([`StatsFilters`]).
    GET_FILTERS = 1, "IFLA_STATS_GET_FILTERS", GetFilters(nest StatsFilterA);
    /// Turn hardware L3 statistics on (1) or off (0).
    SET_OFFLOAD_XSTATS_L3_STATS = 2, "IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS", SetL3Stats(u8);
}

attributes! {
    /// The attributes of an `IFLA_STATS_GET_FILTERS` nest: for a group, the bits
    /// (`1 << (n - 1)`) of the numbers inside its nest to include.
    view StatsFilters;
    /// The groups (`IFLA_STATS_*` numbers).
    numbers StatsFilterA;
    /// A typed group filter.
    enum StatsFilterAttr<'a>;
    /// Inside `IFLA_STATS_LINK_XSTATS`.
    LINK_XSTATS = 2, "IFLA_STATS_LINK_XSTATS", LinkXstats(u32), xstats;
    /// Inside `IFLA_STATS_LINK_XSTATS_SLAVE`.
    LINK_XSTATS_SLAVE = 3, "IFLA_STATS_LINK_XSTATS_SLAVE", LinkXstatsSlave(u32), xstats_slave;
    /// Inside `IFLA_STATS_LINK_OFFLOAD_XSTATS` (bits of `IFLA_OFFLOAD_XSTATS_*`).
    LINK_OFFLOAD_XSTATS = 4, "IFLA_STATS_LINK_OFFLOAD_XSTATS", LinkOffloadXstats(u32), offload_xstats;
    /// Inside `IFLA_STATS_AF_SPEC`.
    AF_SPEC = 5, "IFLA_STATS_AF_SPEC", AfSpec(u32), af_spec;
}

impl<'a> StatsMsg<'a> {
    /// `family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.family)
    }

    /// `ifindex`: the link.
    #[must_use]
    #[inline]
    pub fn index(&self) -> u32 {
        self.header.ifindex.get()
    }

    /// `filter_mask`: the groups asked for (a request) or sent (an answer).
    #[must_use]
    #[inline]
    pub fn mask(&self) -> StatsMask {
        StatsMask(self.header.filter_mask.get())
    }

    /// A request's `IFLA_STATS_GET_FILTERS`.
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[inline]
    pub fn get_filters(&self) -> Result<Option<StatsFilters<'a>>> {
        Ok(self
            .attr(StatsGetSet::GET_FILTERS.0)?
            .map(|a| StatsFilters::new(a.nested())))
    }

    /// A request's `IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS`.
    ///
    /// # Errors
    /// When it is not one byte, or a malformed attribute comes before it.
    #[inline]
    pub fn set_l3_stats(&self) -> Result<Option<u8>> {
        self.attr(StatsGetSet::SET_OFFLOAD_XSTATS_L3_STATS.0)?
            .map(|a| a.as_u8())
            .transpose()
    }

    /// The check walk: an answer's attributes as `IFLA_STATS_*`, a request's as
    /// `IFLA_STATS_GETSET_*`.
    fn walk_by_type(&self, w: &mut Walker) {
        if self.msg.message_type() == RTM_NEWSTATS {
            walk_list::<IflaStats>(self.attrs, w);
        } else {
            walk_list::<StatsGetSet>(self.attrs, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::typed::Summary;
    use crate::{AttrWrite, Messages};

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn walk(buf: &[u8]) -> Summary {
        crate::check::walk(buf)
    }

    #[test]
    fn builds_what_ip_stats_sends() {
        // `ip stats show dev veth0 group offload subgroup l3_stats`, veth0 at index 2:
        // if_stats_msg {0, 0, 0, 2, IFLA_STATS_FILTER_BIT(LINK_OFFLOAD_XSTATS)}, then
        // IFLA_STATS_GET_FILTERS (NLA_F_NESTED) { IFLA_STATS_LINK_OFFLOAD_XSTATS: HW_S_INFO
        // and L3_STATS }.
        let expected: [u8; 24] = [
            0, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, //
            12, 0, 1, 0x80, 8, 0, 4, 0, 6, 0, 0, 0,
        ];
        let mut buf = Vec::new();
        let hdr = IfStatsMsg::new(2, StatsMask::LINK_OFFLOAD_XSTATS);
        let mut b = StatsMsg::builder(&mut buf, RTM_GETSTATS, Flags::REQUEST, &hdr).unwrap();
        let mut n = b.nest(StatsGetSet::GET_FILTERS.0 | crate::attr::NLA_F_NESTED);
        n.put_u32(
            StatsFilterA::LINK_OFFLOAD_XSTATS,
            StatsMask::bit(IflaOffloadXstats::HW_S_INFO.0)
                | StatsMask::bit(IflaOffloadXstats::L3_STATS.0),
        );
        n.end();
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = StatsMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!((m.index(), m.mask()), (2, StatsMask::LINK_OFFLOAD_XSTATS));
        assert_eq!(
            m.get_filters().unwrap().unwrap().offload_xstats().unwrap(),
            Some(6)
        );
        let s = walk(&buf);
        assert_eq!(
            (s.errors, s.typed_errors, s.roundtrip_failures),
            (0, 0, 0),
            "{s:?}"
        );
        // `ip stats set dev veth0 l3_stats on`.
        let expected: [u8; 20] = [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 2, 0, 1, 0, 0, 0];
        let mut buf = Vec::new();
        let hdr = IfStatsMsg::new(2, StatsMask::EMPTY);
        let mut b = StatsMsg::builder(&mut buf, RTM_SETSTATS, Flags::REQUEST, &hdr).unwrap();
        StatsGetSetAttr::SetL3Stats(1).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = StatsMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(m.set_l3_stats().unwrap(), Some(1));
        // `ip stats show` (a dump of every group).
        assert_eq!(StatsMask::ALL.0, 0x1f);
        assert_eq!(StatsMask::bit(0), 0);
        assert_eq!(StatsMask::bit(40), 0);
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = capture("stats_dump.bin");
        let s = walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let ms: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWSTATS)
            .map(|m| StatsMsg::parse(m).unwrap())
            .collect();
        assert!(ms.len() >= 4, "lo, the veth pair and the bridge");
        for m in &ms {
            assert_eq!(m.mask(), StatsMask::ALL);
            assert!(m.link64().unwrap().is_some());
            for a in m.typed_attrs() {
                a.unwrap();
            }
        }
        // The bridge (br0, index 4) has its multicast counters; its port (veth1, index 2)
        // has multicast and STP counters as a port.
        let br = ms.iter().find(|m| m.index() == 4).unwrap();
        let x = LinkXstats::from(br.xstats().unwrap().unwrap());
        let b = BridgeXstats::from(x.bridge().unwrap().unwrap());
        assert!(b.mcast().unwrap().is_some());
        let port = ms.iter().find(|m| m.index() == 2).unwrap();
        let x = LinkXstats::from(port.xstats_slave().unwrap().unwrap());
        let b = BridgeXstats::from(x.bridge().unwrap().unwrap());
        let stp = b.stp().unwrap().unwrap().get();
        // STP is off on the bridge: the port went to forwarding without counting.
        assert_eq!(stp.rx_bpdu.get(), 0);
        let off = OffloadXstats::from(port.offload_xstats().unwrap().unwrap());
        let info = HwStatsInfo::from(off.hw_s_info().unwrap().unwrap());
        let l3 = HwStatsState::from(info.l3_stats().unwrap().unwrap());
        assert_eq!(
            (l3.request().unwrap(), l3.used().unwrap()),
            (Some(0), Some(0))
        );
        for n in 0..bytes.len().min(4096) {
            let _ = walk(&bytes[..n]);
        }
    }

    #[test]
    fn a_short_struct_is_zero_extended_and_a_broken_nest_fails() {
        let mut buf = Vec::new();
        let hdr = IfStatsMsg::new(1, StatsMask::LINK_64);
        let mut b = StatsMsg::builder(&mut buf, RTM_NEWSTATS, Flags::EMPTY, &hdr).unwrap();
        b.put(IflaStats::LINK_64, &7u64.to_ne_bytes());
        let mut x = b.nest(IflaStats::LINK_XSTATS.0);
        x.put(LinkXstatsType::BRIDGE, &[8, 0]);
        x.end();
        b.finish().unwrap();
        let m = StatsMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let l = m.link64().unwrap().unwrap().get();
        assert_eq!((l.rx_packets.get(), l.tx_packets.get()), (7, 0));
        let x = LinkXstats::from(m.xstats().unwrap().unwrap());
        // The bridge nest's two bytes are no attribute: reading into it is an error.
        let b = BridgeXstats::from(x.bridge().unwrap().unwrap());
        assert!(b.mcast().is_err());
        let s = walk(&buf);
        assert_eq!(s.roundtrip_failures, 0);
    }
}
