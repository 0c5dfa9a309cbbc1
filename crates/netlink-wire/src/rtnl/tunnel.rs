//! VXLAN VNI filtering: `struct tunnel_msg` and the `VXLAN_VNIFILTER_*` attributes; messages
//! `RTM_NEWTUNNEL`, `RTM_DELTUNNEL`, `RTM_GETTUNNEL` (`bridge vni`).
//!
//! A VXLAN device created with `external vnifilter` carries only the VNIs listed here. Each
//! `VXLAN_VNIFILTER_ENTRY` (nested, with `NLA_F_NESTED`) is one VNI or a range of them, with
//! an optional multicast group or unicast remote and, in a dump asked for with
//! `TUNNEL_MSG_FLAG_STATS`, counters.
//!
//! Source of truth: `include/uapi/linux/if_link.h` (`struct tunnel_msg`,
//! `VXLAN_VNIFILTER_*`, `VNIFILTER_ENTRY_STATS_*`).

use zerocopy::byteorder::native_endian::{U16, U32};

use crate::rtnl::mdb::bridge_header_accessors;
use crate::rtnl::{AddressFamily, Group, RTM_DELTUNNEL, RTM_GETTUNNEL, RTM_NEWTUNNEL};

kernel_struct! {
    /// `struct tunnel_msg`: the family header of tunnel (VNI filter) messages.
    TunnelMsgHdr = "tunnel_msg", 8 {
        /// `family`: `AF_BRIDGE`.
        pub family: u8,
        /// `flags`: [`TunnelMsgFlags`].
        pub flags: u8,
        /// `reserved2`.
        pub reserved2: U16,
        /// `ifindex`: the VXLAN device; 0 in a dump request for every device.
        pub ifindex: U32,
    }
}

impl TunnelMsgHdr {
    /// A header for `family`, device `ifindex` and `flags`.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, ifindex: u32, flags: TunnelMsgFlags) -> Self {
        TunnelMsgHdr {
            family: family.0,
            flags: flags.0,
            reserved2: U16::new(0),
            ifindex: U32::new(ifindex),
        }
    }
}

flags! {
    /// `TUNNEL_MSG_FLAG_*`: what a dump request asks for (`tunnel_msg.flags`).
    TunnelMsgFlags(u8);
    /// Include each entry's counters.
    STATS = 0x1, "TUNNEL_MSG_FLAG_STATS", "stats";
}

family! {
    /// A view of a tunnel message (`RTM_NEWTUNNEL`, `RTM_DELTUNNEL`, `RTM_GETTUNNEL`).
    view TunnelMsg(TunnelMsgHdr, "tunnel_msg");
    family "tunnel", messages [RTM_NEWTUNNEL, RTM_DELTUNNEL, RTM_GETTUNNEL],
        groups [Group::TUNNEL.0];
    /// `VXLAN_VNIFILTER_*`: tunnel message attribute numbers.
    numbers VxlanVnifilter;
    /// A typed tunnel message attribute.
    enum TunnelAttr<'a>;
    /// One VNI or range: `VXLAN_VNIFILTER_ENTRY_*` attributes (the message repeats it).
    ENTRY = 1, "VXLAN_VNIFILTER_ENTRY", Entry(nest VxlanVnifilterEntry), entry;
}

attributes! {
    /// One `VXLAN_VNIFILTER_ENTRY`: a VNI or a range of them.
    view VniEntry;
    /// `VXLAN_VNIFILTER_ENTRY_*`: the attributes of a VNI filter entry.
    numbers VxlanVnifilterEntry;
    /// A typed VNI filter entry attribute.
    enum VniEntryAttr<'a>;
    /// The first (or only) VNI.
    START = 1, "VXLAN_VNIFILTER_ENTRY_START", Start(u32), start;
    /// The last VNI of a range.
    END = 2, "VXLAN_VNIFILTER_ENTRY_END", End(u32), end;
    /// The IPv4 multicast group or unicast remote.
    GROUP = 3, "VXLAN_VNIFILTER_ENTRY_GROUP", Group(ip), group;
    /// The IPv6 multicast group or unicast remote.
    GROUP6 = 4, "VXLAN_VNIFILTER_ENTRY_GROUP6", Group6(ip), group6;
    /// Counters: `VNIFILTER_ENTRY_STATS_*` attributes.
    STATS = 5, "VXLAN_VNIFILTER_ENTRY_STATS", Stats(nest VnifilterEntryStats), stats;
}

attributes! {
    /// The counters of a VNI filter entry.
    view VniStats;
    /// `VNIFILTER_ENTRY_STATS_*`: the attributes of `VXLAN_VNIFILTER_ENTRY_STATS`.
    numbers VnifilterEntryStats;
    /// A typed VNI counter.
    enum VniStatsAttr<'a>;
    /// Bytes received.
    RX_BYTES = 1, "VNIFILTER_ENTRY_STATS_RX_BYTES", RxBytes(u64), rx_bytes;
    /// Packets received.
    RX_PKTS = 2, "VNIFILTER_ENTRY_STATS_RX_PKTS", RxPkts(u64), rx_pkts;
    /// Received packets dropped.
    RX_DROPS = 3, "VNIFILTER_ENTRY_STATS_RX_DROPS", RxDrops(u64), rx_drops;
    /// Receive errors.
    RX_ERRORS = 4, "VNIFILTER_ENTRY_STATS_RX_ERRORS", RxErrors(u64), rx_errors;
    /// Bytes sent.
    TX_BYTES = 5, "VNIFILTER_ENTRY_STATS_TX_BYTES", TxBytes(u64), tx_bytes;
    /// Packets sent.
    TX_PKTS = 6, "VNIFILTER_ENTRY_STATS_TX_PKTS", TxPkts(u64), tx_pkts;
    /// Packets dropped on the way out.
    TX_DROPS = 7, "VNIFILTER_ENTRY_STATS_TX_DROPS", TxDrops(u64), tx_drops;
    /// Send errors.
    TX_ERRORS = 8, "VNIFILTER_ENTRY_STATS_TX_ERRORS", TxErrors(u64), tx_errors;
    /// Padding that aligns the 64-bit counters.
    PAD = 9, "VNIFILTER_ENTRY_STATS_PAD", Pad(bytes);
}

bridge_header_accessors!(TunnelMsg, "the VXLAN device");

impl TunnelMsg<'_> {
    /// `flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> TunnelMsgFlags {
        TunnelMsgFlags(self.header.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::header::Flags;
    use crate::message::{Messages, Msg};
    use crate::rtnl::mdb::capture::{body_of, bridge_capture, bridge_requests, walk};
    use core::net::{IpAddr, Ipv4Addr};

    /// Device, start, end, remote and whether it has counters.
    type Entry = (u32, u32, Option<u32>, Option<IpAddr>, bool);

    /// Every entry in `bytes`.
    fn entries(bytes: &[u8]) -> Vec<Entry> {
        let mut out = Vec::new();
        for m in Messages::new(bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWTUNNEL {
                continue;
            }
            let s = walk(m);
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
            assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
            let t = TunnelMsg::parse(m).unwrap();
            for a in t.typed_attrs() {
                let TunnelAttr::Entry(e) = a.unwrap() else {
                    continue;
                };
                assert!(e.is_flagged());
                let e = VniEntry::from(e);
                let remote = e.group().unwrap().or(e.group6().unwrap());
                out.push((
                    t.index(),
                    e.start().unwrap().unwrap(),
                    e.end().unwrap(),
                    remote,
                    e.stats().unwrap().is_some(),
                ));
            }
        }
        out
    }

    #[test]
    fn decodes_the_captured_dumps() {
        // vx1 is ifindex 6: VNI 100, 200-210 to 192.0.2.30, 400 to 2001:db8::8 (and the
        // 300, 301 of the captured requests).
        let all = entries(&bridge_capture("dump-vni.bin"));
        let r4 = Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 30)));
        let r6 = Some("2001:db8::8".parse().unwrap());
        for want in [
            (6, 100, None, None, false),
            (6, 200, Some(210), r4, false),
            (6, 400, None, r6, false),
        ] {
            assert!(all.contains(&want), "{want:?} not in {all:?}");
        }
        // With counters, each VNI of a range comes on its own: 100, 200 to 210, 300, 301, 400.
        let stats = entries(&bridge_capture("dump-vni-stats.bin"));
        assert_eq!(stats.len(), 15);
        assert!(stats.iter().all(|e| e.4 && e.2.is_none()));
        let bytes = bridge_capture("dump-vni-stats.bin");
        let m = Messages::new(&bytes).next().unwrap().unwrap();
        let t = TunnelMsg::parse(m).unwrap();
        let e = VniEntry::from(t.entry().unwrap().unwrap());
        let st = VniStats::from(e.stats().unwrap().unwrap());
        assert_eq!(st.rx_bytes().unwrap(), Some(0));
        assert_eq!(st.tx_errors().unwrap(), Some(0));
    }

    #[test]
    fn builds_what_bridge_vni_add_sends() {
        // `bridge vni add dev vx1 vni 300,301 remote 2001:db8::7` (vx1 is ifindex 6).
        let want = bridge_requests("req-vni-add-remote6.bin");
        let mut buf = Vec::new();
        let mut b = TunnelMsg::builder(
            &mut buf,
            RTM_NEWTUNNEL,
            Flags::REQUEST | Flags::ACK,
            &TunnelMsgHdr::new(AddressFamily::BRIDGE, 6, TunnelMsgFlags::EMPTY),
        )
        .unwrap();
        for vni in [300, 301] {
            let mut e = b.nest(VxlanVnifilter::ENTRY.0 | NLA_F_NESTED);
            VniEntryAttr::Start(vni).write_to(&mut e);
            VniEntryAttr::Group6("2001:db8::7".parse().unwrap()).write_to(&mut e);
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        // `bridge vni add dev vx1 vni 200-210 group 239.1.1.100`.
        let want = bridge_requests("req-vni-add-group.bin");
        let mut buf = Vec::new();
        let mut b = TunnelMsg::builder(
            &mut buf,
            RTM_NEWTUNNEL,
            Flags::REQUEST | Flags::ACK,
            &TunnelMsgHdr::new(AddressFamily::BRIDGE, 6, TunnelMsgFlags::EMPTY),
        )
        .unwrap();
        {
            let mut e = b.nest(VxlanVnifilter::ENTRY.0 | NLA_F_NESTED);
            e.put_u32(VxlanVnifilterEntry::START, 200)
                .put_u32(VxlanVnifilterEntry::END, 210)
                .put_ip(
                    VxlanVnifilterEntry::GROUP,
                    IpAddr::V4(Ipv4Addr::new(239, 1, 1, 100)),
                );
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        // The dump request of `bridge -s vni show dev vx1`.
        let want = bridge_requests("req-vni-show-stats.bin");
        let mut buf = Vec::new();
        TunnelMsg::builder(
            &mut buf,
            RTM_GETTUNNEL,
            Flags::REQUEST | Flags::DUMP,
            &TunnelMsgHdr::new(AddressFamily::BRIDGE, 6, TunnelMsgFlags::STATS),
        )
        .unwrap()
        .finish()
        .unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        for name in ["req-vni-add.bin", "req-vni-del.bin", "req-vni-show.bin"] {
            let bytes = bridge_requests(name);
            let s = walk(Msg::parse(&bytes).unwrap());
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}");
            assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        }
    }

    #[test]
    fn names_follow_the_kernel() {
        assert_eq!(
            format!("{:?}", VxlanVnifilter::ENTRY),
            "VXLAN_VNIFILTER_ENTRY"
        );
        assert_eq!(
            format!("{:?}", VnifilterEntryStats::TX_DROPS),
            "VNIFILTER_ENTRY_STATS_TX_DROPS"
        );
        assert_eq!(crate::rtnl::family_header_len(RTM_GETTUNNEL), Some(8));
    }
}
