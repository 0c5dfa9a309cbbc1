//! Bridge VLANs: `struct br_vlan_msg` and the `BRIDGE_VLANDB_*` attributes; messages
//! `RTM_NEWVLAN`, `RTM_DELVLAN`, `RTM_GETVLAN` (`bridge vlan set`, `bridge -d vlan show`,
//! `bridge vlan global`).
//!
//! Each `BRIDGE_VLANDB_ENTRY` (nested, with `NLA_F_NESTED`) is one VLAN of a port, or a range
//! of VLANs with the same options: its `struct bridge_vlan_info`, the range's end, the
//! spanning-tree state, tunnel mapping, counters and multicast settings. Each
//! `BRIDGE_VLANDB_GLOBAL_OPTIONS` is one VLAN (range) of a bridge with its multicast snooping
//! settings. A dump request carries `BRIDGE_VLANDB_DUMP_FLAGS` instead, numbered 1 as
//! `BRIDGE_VLANDB_ENTRY` is: the check walk reads a `RTM_GETVLAN` request's attributes as the
//! dump space ([`BridgeVlandbDump`]).
//!
//! Adding and deleting VLANs goes the older way, through `RTM_SETLINK`/`RTM_DELLINK` with
//! `IFLA_BRIDGE_VLAN_INFO` in an `AF_BRIDGE` link message's `IFLA_AF_SPEC`
//! ([`BridgeAfAttr`](crate::rtnl::link::BridgeAfAttr)), which `bridge vlan add` uses.
//!
//! Source of truth: `include/uapi/linux/if_bridge.h`; `BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS` and
//! after are newer than the header installed here (Linux 6.3, 6.8).

use zerocopy::byteorder::native_endian::{U16, U32};

use crate::header::Flags;
use crate::rtnl::link::BridgeVlanInfo;
use crate::rtnl::linkinfo::BridgePortState;
use crate::rtnl::mdb::bridge_header_accessors;
use crate::rtnl::mdb::{MdbRouterType, MdbaRouter};
use crate::rtnl::{AddressFamily, Group, RTM_DELVLAN, RTM_GETVLAN, RTM_NEWVLAN};
use crate::typed::{Walker, walk_list};

kernel_struct! {
    /// `struct br_vlan_msg`: the family header of bridge VLAN messages.
    BrVlanMsg = "br_vlan_msg", 8 {
        /// `family`: `AF_BRIDGE`.
        pub family: u8,
        /// `reserved1`.
        pub reserved1: u8,
        /// `reserved2`.
        pub reserved2: U16,
        /// `ifindex`: the port or bridge; 0 in a dump request for every one.
        pub ifindex: U32,
    }
}

impl BrVlanMsg {
    /// A header for `family` and device `ifindex`.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, ifindex: u32) -> Self {
        BrVlanMsg {
            family: family.0,
            ifindex: U32::new(ifindex),
            ..BrVlanMsg::default()
        }
    }
}

flags! {
    /// `BRIDGE_VLANDB_DUMPF_*`: what a VLAN dump includes (`BRIDGE_VLANDB_DUMP_FLAGS`).
    VlanDumpFlags(u32);
    /// Each VLAN's counters.
    STATS = 0x1, "BRIDGE_VLANDB_DUMPF_STATS", "stats";
    /// The bridges' global VLAN options only.
    GLOBAL = 0x2, "BRIDGE_VLANDB_DUMPF_GLOBAL", "global";
}

family! {
    /// A view of a bridge VLAN message (`RTM_NEWVLAN`, `RTM_DELVLAN`, `RTM_GETVLAN`).
    view BridgeVlanMsg(BrVlanMsg, "br_vlan_msg");
    family "bridge vlan", messages [RTM_NEWVLAN, RTM_DELVLAN, RTM_GETVLAN],
        groups [Group::BRVLAN.0];
    walk walk_by_type;
    /// `BRIDGE_VLANDB_*`: bridge VLAN attribute numbers.
    numbers BridgeVlandb;
    /// A typed bridge VLAN attribute.
    enum BridgeVlanAttr<'a>;
    /// A port VLAN (range) and its options: `BRIDGE_VLANDB_ENTRY_*` attributes.
    ENTRY = 1, "BRIDGE_VLANDB_ENTRY", Entry(nest BridgeVlandbEntry), entry;
    /// A bridge VLAN (range) and its global options: `BRIDGE_VLANDB_GOPTS_*` attributes.
    GLOBAL_OPTIONS = 2, "BRIDGE_VLANDB_GLOBAL_OPTIONS", GlobalOptions(nest BridgeVlandbGopts), global_options;
}

attributes! {
    accessors BridgeVlanMsg;
    /// `BRIDGE_VLANDB_DUMP_*`: the attributes of a dump request.
    numbers BridgeVlandbDump;
    /// A typed dump request attribute.
    enum BridgeVlanDumpAttr<'a>;
    /// What the dump includes.
    FLAGS = 1, "BRIDGE_VLANDB_DUMP_FLAGS", Flags(val VlanDumpFlags), dump_flags;
}

attributes! {
    /// One `BRIDGE_VLANDB_ENTRY`.
    view VlanEntry;
    /// `BRIDGE_VLANDB_ENTRY_*`: the attributes of a port VLAN entry.
    numbers BridgeVlandbEntry;
    /// A typed port VLAN attribute.
    enum VlanEntryAttr<'a>;
    /// The VLAN id and flags (`PVID`, untagged, and in requests `ONLY_OPTS`).
    INFO = 1, "BRIDGE_VLANDB_ENTRY_INFO", Info({BridgeVlanInfo}), info;
    /// The last VLAN of a range that starts at the info's.
    RANGE = 2, "BRIDGE_VLANDB_ENTRY_RANGE", Range(u16), range;
    /// The per-VLAN spanning-tree state.
    STATE = 3, "BRIDGE_VLANDB_ENTRY_STATE", State(val BridgePortState), state;
    /// The VLAN's tunnel mapping: `BRIDGE_VLANDB_TINFO_*` attributes.
    TUNNEL_INFO = 4, "BRIDGE_VLANDB_ENTRY_TUNNEL_INFO", TunnelInfo(nest BridgeVlandbTinfo), tunnel_info;
    /// Counters: `BRIDGE_VLANDB_STATS_*` attributes.
    STATS = 5, "BRIDGE_VLANDB_ENTRY_STATS", Stats(nest BridgeVlandbStats), stats;
    /// The per-VLAN multicast router setting.
    MCAST_ROUTER = 6, "BRIDGE_VLANDB_ENTRY_MCAST_ROUTER", McastRouter(val MdbRouterType), mcast_router;
    /// Multicast groups joined.
    MCAST_N_GROUPS = 7, "BRIDGE_VLANDB_ENTRY_MCAST_N_GROUPS", McastNGroups(u32), mcast_n_groups;
    /// The most multicast groups the VLAN may join.
    MCAST_MAX_GROUPS = 8, "BRIDGE_VLANDB_ENTRY_MCAST_MAX_GROUPS", McastMaxGroups(u32), mcast_max_groups;
    /// Per-VLAN neighbour suppression.
    NEIGH_SUPPRESS = 9, "BRIDGE_VLANDB_ENTRY_NEIGH_SUPPRESS", NeighSuppress(u8), neigh_suppress;
}

attributes! {
    /// A VLAN's tunnel mapping.
    view VlanTunnelInfo;
    /// `BRIDGE_VLANDB_TINFO_*`: the attributes of `BRIDGE_VLANDB_ENTRY_TUNNEL_INFO`.
    numbers BridgeVlandbTinfo;
    /// A typed tunnel mapping attribute.
    enum VlanTunnelInfoAttr<'a>;
    /// The tunnel id.
    ID = 1, "BRIDGE_VLANDB_TINFO_ID", Id(u32), id;
    /// `RTM_SETLINK` to map, `RTM_DELLINK` to unmap (requests).
    CMD = 2, "BRIDGE_VLANDB_TINFO_CMD", Cmd(u32), cmd;
}

attributes! {
    /// A VLAN's counters.
    view VlanStats;
    /// `BRIDGE_VLANDB_STATS_*`: the attributes of `BRIDGE_VLANDB_ENTRY_STATS`.
    numbers BridgeVlandbStats;
    /// A typed VLAN counter.
    enum VlanStatsAttr<'a>;
    /// Bytes received.
    RX_BYTES = 1, "BRIDGE_VLANDB_STATS_RX_BYTES", RxBytes(u64), rx_bytes;
    /// Packets received.
    RX_PACKETS = 2, "BRIDGE_VLANDB_STATS_RX_PACKETS", RxPackets(u64), rx_packets;
    /// Bytes sent.
    TX_BYTES = 3, "BRIDGE_VLANDB_STATS_TX_BYTES", TxBytes(u64), tx_bytes;
    /// Packets sent.
    TX_PACKETS = 4, "BRIDGE_VLANDB_STATS_TX_PACKETS", TxPackets(u64), tx_packets;
    /// Padding that aligns the 64-bit counters.
    PAD = 5, "BRIDGE_VLANDB_STATS_PAD", Pad(bytes);
}

attributes! {
    /// One `BRIDGE_VLANDB_GLOBAL_OPTIONS`.
    view VlanGlobalOptions;
    /// `BRIDGE_VLANDB_GOPTS_*`: a bridge VLAN's global options. Intervals are in hundredths of
    /// a second (`USER_HZ` ticks).
    numbers BridgeVlandbGopts;
    /// A typed global VLAN option.
    enum VlanGlobalAttr<'a>;
    /// The VLAN id.
    ID = 1, "BRIDGE_VLANDB_GOPTS_ID", Id(u16), id;
    /// The last VLAN of a range that starts at the id.
    RANGE = 2, "BRIDGE_VLANDB_GOPTS_RANGE", Range(u16), range;
    MCAST_SNOOPING = 3, "BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING", McastSnooping(u8), mcast_snooping;
    MCAST_IGMP_VERSION = 4, "BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION", McastIgmpVersion(u8), mcast_igmp_version;
    MCAST_MLD_VERSION = 5, "BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION", McastMldVersion(u8), mcast_mld_version;
    MCAST_LAST_MEMBER_CNT = 6, "BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT", McastLastMemberCnt(u32), mcast_last_member_cnt;
    MCAST_STARTUP_QUERY_CNT = 7, "BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT", McastStartupQueryCnt(u32), mcast_startup_query_cnt;
    MCAST_LAST_MEMBER_INTVL = 8, "BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL", McastLastMemberIntvl(u64), mcast_last_member_intvl;
    /// Padding that aligns the 64-bit options.
    PAD = 9, "BRIDGE_VLANDB_GOPTS_PAD", Pad(bytes);
    MCAST_MEMBERSHIP_INTVL = 10, "BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL", McastMembershipIntvl(u64), mcast_membership_intvl;
    MCAST_QUERIER_INTVL = 11, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL", McastQuerierIntvl(u64), mcast_querier_intvl;
    MCAST_QUERY_INTVL = 12, "BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL", McastQueryIntvl(u64), mcast_query_intvl;
    MCAST_QUERY_RESPONSE_INTVL = 13, "BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL", McastQueryResponseIntvl(u64), mcast_query_response_intvl;
    MCAST_STARTUP_QUERY_INTVL = 14, "BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL", McastStartupQueryIntvl(u64), mcast_startup_query_intvl;
    MCAST_QUERIER = 15, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER", McastQuerier(u8), mcast_querier;
    /// The VLAN's multicast router ports: `MDBA_ROUTER_PORT` attributes.
    MCAST_ROUTER_PORTS = 16, "BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS", McastRouterPorts(nest MdbaRouter), mcast_router_ports;
    /// The VLAN's querier: `BRIDGE_QUERIER_*` attributes.
    MCAST_QUERIER_STATE = 17, "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE", McastQuerierState(nest BridgeQuerier), mcast_querier_state;
    /// The multiple spanning tree instance of the VLAN.
    MSTI = 18, "BRIDGE_VLANDB_GOPTS_MSTI", Msti(u16), msti;
}

attributes! {
    /// `BRIDGE_QUERIER_*`: the multicast querier a bridge or VLAN has seen.
    numbers BridgeQuerier;
    /// A typed querier attribute.
    enum BridgeQuerierAttr<'a>;
    /// The IPv4 querier's address.
    IP_ADDRESS = 1, "BRIDGE_QUERIER_IP_ADDRESS", IpAddress(ip);
    /// The port it was seen on.
    IP_PORT = 2, "BRIDGE_QUERIER_IP_PORT", IpPort(u32);
    /// The other-querier timer.
    IP_OTHER_TIMER = 3, "BRIDGE_QUERIER_IP_OTHER_TIMER", IpOtherTimer(u64);
    /// Padding that aligns the 64-bit timers.
    PAD = 4, "BRIDGE_QUERIER_PAD", Pad(bytes);
    /// The IPv6 querier's address.
    IPV6_ADDRESS = 5, "BRIDGE_QUERIER_IPV6_ADDRESS", Ipv6Address(ip);
    /// The port it was seen on.
    IPV6_PORT = 6, "BRIDGE_QUERIER_IPV6_PORT", Ipv6Port(u32);
    /// The other-querier timer.
    IPV6_OTHER_TIMER = 7, "BRIDGE_QUERIER_IPV6_OTHER_TIMER", Ipv6OtherTimer(u64);
}

bridge_header_accessors!(BridgeVlanMsg, "the port or bridge");

impl BridgeVlanMsg<'_> {
    /// Whether the message is a dump request, whose attributes are `BRIDGE_VLANDB_DUMP_*`.
    #[must_use]
    #[inline]
    pub fn is_dump_request(&self) -> bool {
        self.msg.message_type() == RTM_GETVLAN && self.msg.flags().contains(Flags::REQUEST)
    }

    /// The check walk: a dump request's attributes as `BRIDGE_VLANDB_DUMP_*`, anything
    /// else's as `BRIDGE_VLANDB_*`.
    fn walk_by_type(&self, w: &mut Walker) {
        if self.is_dump_request() {
            walk_list::<BridgeVlandbDump>(self.attrs, w);
        } else {
            walk_list::<BridgeVlandb>(self.attrs, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::message::{Messages, Msg};
    use crate::rtnl::link::{
        BridgeAfAttr, BridgeAfSpec, BridgeFlags, BridgeVlanFlags, IfInfoMsg, Ifla, IflaBridge,
        IflaBridgeVlanTunnel, LinkMsg,
    };
    use crate::rtnl::mdb::capture::{body_of, bridge_requests, walk};
    use crate::rtnl::{RTM_DELLINK, RTM_SETLINK};
    use zerocopy::IntoBytes;

    fn clean(name: &str) {
        let bytes = bridge_requests(name);
        for m in Messages::new(&bytes) {
            let s = walk(m.unwrap());
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{name}"
            );
        }
    }

    fn info(flags: BridgeVlanFlags, vid: u16) -> BridgeVlanInfo {
        BridgeVlanInfo {
            flags: U16::new(flags.bits()),
            vid: U16::new(vid),
        }
    }

    fn bridge_link(ifindex: u32) -> (Vec<u8>, IfInfoMsg) {
        (Vec::new(), IfInfoMsg::new(AddressFamily::BRIDGE, ifindex))
    }

    #[test]
    fn builds_what_bridge_vlan_set_sends() {
        // `bridge vlan set vid 10-12 dev v1 state forwarding mcast_router 2` (v1 is ifindex 2):
        // one entry, NLA_F_NESTED, with ONLY_OPTS.
        let want = bridge_requests("req-vlan-set.bin");
        let mut buf = Vec::new();
        let mut b = BridgeVlanMsg::builder(
            &mut buf,
            RTM_NEWVLAN,
            Flags::REQUEST | Flags::ACK,
            &BrVlanMsg::new(AddressFamily::BRIDGE, 2),
        )
        .unwrap();
        {
            let mut e = b.nest(BridgeVlandb::ENTRY.0 | NLA_F_NESTED);
            e.put_struct(
                BridgeVlandbEntry::INFO,
                &info(BridgeVlanFlags::ONLY_OPTS, 10),
            );
            VlanEntryAttr::Range(12).write_to(&mut e);
            VlanEntryAttr::State(BridgePortState::FORWARDING).write_to(&mut e);
            VlanEntryAttr::McastRouter(MdbRouterType::PERM).write_to(&mut e);
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        let m = Msg::parse(&want).unwrap();
        let v = BridgeVlanMsg::parse(m).unwrap();
        let e = VlanEntry::from(v.entry().unwrap().unwrap());
        assert_eq!(e.info().unwrap().unwrap().get().vid.get(), 10);
        assert_eq!(e.range().unwrap(), Some(12));
        assert_eq!(e.state().unwrap(), Some(BridgePortState::FORWARDING));
        assert_eq!(e.mcast_router().unwrap(), Some(MdbRouterType::PERM));
        clean("req-vlan-set.bin");
        clean("req-vlan-set-state.bin");
    }

    #[test]
    fn builds_what_bridge_vlan_global_set_sends() {
        // `bridge vlan global set vid 10 dev br0 mcast_snooping 1 ...` (br0 is ifindex 4), in
        // the order bridge reads the words.
        let want = bridge_requests("req-vlan-global-set.bin");
        let mut buf = Vec::new();
        let mut b = BridgeVlanMsg::builder(
            &mut buf,
            RTM_NEWVLAN,
            Flags::REQUEST | Flags::ACK,
            &BrVlanMsg::new(AddressFamily::BRIDGE, 4),
        )
        .unwrap();
        {
            let mut g = b.nest(BridgeVlandb::GLOBAL_OPTIONS.0 | NLA_F_NESTED);
            for a in [
                VlanGlobalAttr::Id(10),
                VlanGlobalAttr::McastSnooping(1),
                VlanGlobalAttr::McastQuerier(1),
                VlanGlobalAttr::McastIgmpVersion(3),
                VlanGlobalAttr::McastMldVersion(2),
                VlanGlobalAttr::McastLastMemberCnt(3),
                VlanGlobalAttr::McastStartupQueryCnt(4),
                VlanGlobalAttr::McastLastMemberIntvl(200),
                VlanGlobalAttr::McastMembershipIntvl(26000),
                VlanGlobalAttr::McastQuerierIntvl(25500),
                VlanGlobalAttr::McastQueryIntvl(12500),
                VlanGlobalAttr::McastQueryResponseIntvl(1000),
                VlanGlobalAttr::McastStartupQueryIntvl(3125),
            ] {
                a.write_to(&mut g);
            }
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        let v = BridgeVlanMsg::parse(Msg::parse(&want).unwrap()).unwrap();
        let g = VlanGlobalOptions::from(v.global_options().unwrap().unwrap());
        assert_eq!(g.id().unwrap(), Some(10));
        assert_eq!(g.mcast_query_response_intvl().unwrap(), Some(1000));
        clean("req-vlan-global-set.bin");
        clean("req-vlan-global-set-range.bin");
    }

    #[test]
    fn builds_the_vlan_dump_requests() {
        // `bridge -d -s vlan show`: RTM_GETVLAN with BRIDGE_VLANDB_DUMP_FLAGS.
        for (name, flags) in [
            ("req-vlan-show-details.bin", VlanDumpFlags::EMPTY),
            ("req-vlan-show-details-stats.bin", VlanDumpFlags::STATS),
            ("req-vlan-global-show.bin", VlanDumpFlags::GLOBAL),
        ] {
            let want = bridge_requests(name);
            let mut buf = Vec::new();
            let mut b = BridgeVlanMsg::builder(
                &mut buf,
                RTM_GETVLAN,
                Flags::REQUEST | Flags::DUMP,
                &BrVlanMsg::new(AddressFamily::BRIDGE, 0),
            )
            .unwrap();
            BridgeVlanDumpAttr::Flags(flags).write_to(&mut b);
            b.finish().unwrap();
            assert_eq!(body_of(&buf), body_of(&want), "{name}");
            let v = BridgeVlanMsg::parse(Msg::parse(&want).unwrap()).unwrap();
            assert!(v.is_dump_request());
            assert_eq!(v.dump_flags().unwrap(), Some(flags));
            clean(name);
        }
    }

    #[test]
    fn builds_what_bridge_vlan_add_sends_through_setlink() {
        // `bridge vlan add vid 20-30 dev v1 untagged self`: RTM_SETLINK, AF_BRIDGE, the flags
        // and a range as two IFLA_BRIDGE_VLAN_INFO.
        let want = bridge_requests("req-vlan-add-range.bin");
        let (mut buf, hdr) = bridge_link(2);
        let mut b =
            LinkMsg::builder(&mut buf, RTM_SETLINK, Flags::REQUEST | Flags::ACK, &hdr).unwrap();
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            BridgeAfAttr::Flags(BridgeFlags::SELF).write_to(&mut af);
            af.put_struct(
                IflaBridge::VLAN_INFO,
                &info(BridgeVlanFlags::UNTAGGED | BridgeVlanFlags::RANGE_BEGIN, 20),
            );
            af.put_struct(
                IflaBridge::VLAN_INFO,
                &info(BridgeVlanFlags::UNTAGGED | BridgeVlanFlags::RANGE_END, 30),
            );
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        // `bridge vlan add vid 10 dev v1 pvid untagged master` and `bridge vlan del vid 10 dev
        // v1` (RTM_DELLINK, no flags).
        for (name, t, flags, vflags) in [
            (
                "req-vlan-add.bin",
                RTM_SETLINK,
                Some(BridgeFlags::MASTER),
                BridgeVlanFlags::PVID | BridgeVlanFlags::UNTAGGED,
            ),
            (
                "req-vlan-del.bin",
                RTM_DELLINK,
                None,
                BridgeVlanFlags::EMPTY,
            ),
        ] {
            let want = bridge_requests(name);
            let (mut buf, hdr) = bridge_link(2);
            let mut b = LinkMsg::builder(&mut buf, t, Flags::REQUEST | Flags::ACK, &hdr).unwrap();
            {
                let mut af = b.nest(Ifla::AF_SPEC);
                if let Some(f) = flags {
                    BridgeAfAttr::Flags(f).write_to(&mut af);
                }
                af.put_struct(IflaBridge::VLAN_INFO, &info(vflags, 10));
            }
            b.finish().unwrap();
            assert_eq!(body_of(&buf), body_of(&want), "{name}");
        }
        // `bridge vlan add vid 40-42 dev vx0 tunnel_info id 1040-1042` (vx0 is ifindex 5).
        let want = bridge_requests("req-vlan-add-tunnel.bin");
        let (mut buf, hdr) = bridge_link(5);
        let mut b =
            LinkMsg::builder(&mut buf, RTM_SETLINK, Flags::REQUEST | Flags::ACK, &hdr).unwrap();
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            for (vid, id, f) in [
                (40, 1040, BridgeVlanFlags::RANGE_BEGIN),
                (42, 1042, BridgeVlanFlags::RANGE_END),
            ] {
                let mut t = af.nest(IflaBridge::VLAN_TUNNEL_INFO);
                t.put_u32(IflaBridgeVlanTunnel::ID, id)
                    .put_u16(IflaBridgeVlanTunnel::VID, vid)
                    .put_u16(IflaBridgeVlanTunnel::FLAGS, f.bits());
            }
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        let m = Msg::parse(&want).unwrap();
        let l = LinkMsg::parse(m).unwrap();
        let af: BridgeAfSpec<'_> = l.bridge_af_spec().unwrap().unwrap();
        assert_eq!(af.attrs().count(), 2);
        for name in [
            "req-vlan-add.bin",
            "req-vlan-add-range.bin",
            "req-vlan-add-tunnel.bin",
            "req-vlan-add-tunnel1.bin",
            "req-vlan-del.bin",
            "req-vlan-show.bin",
            "req-vlan-show-compressed.bin",
        ] {
            clean(name);
        }
        assert_eq!(info(BridgeVlanFlags::PVID, 1).as_bytes(), [2, 0, 1, 0]);
    }

    #[test]
    fn names_follow_the_kernel() {
        assert_eq!(
            format!("{:?}", BridgeVlandbGopts::MCAST_QUERIER_STATE),
            "BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE"
        );
        assert_eq!(
            format!("{:?}", BridgeVlandbDump::FLAGS),
            "BRIDGE_VLANDB_DUMP_FLAGS"
        );
        assert_eq!(crate::rtnl::family_header_len(RTM_DELVLAN), Some(8));
    }
}
