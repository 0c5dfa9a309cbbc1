//! Multicast routing cache reports: `struct rtgenmsg` (family `RTNL_FAMILY_IPMR` or
//! `RTNL_FAMILY_IP6MR`) and the `IPMRA_CREPORT_*` / `IP6MRA_CREPORT_*` attributes; the
//! notification `RTM_NEWCACHEREPORT` (groups `RTNLGRP_IPV4_MROUTE_R`, `RTNLGRP_IPV6_MROUTE_R`).
//!
//! When a multicast routing daemon runs, the kernel tells it about packets it has no route for
//! (`IGMPMSG_NOCACHE`), packets on the wrong interface and whole packets for PIM registers;
//! besides the daemon's own socket, it announces each report here. IPv4 and IPv6 number their
//! attributes alike (`VIF_ID` is IPv6's `MIF_ID`); only IPv4 sends the table.
//!
//! Source of truth: `include/uapi/linux/mroute.h`, `include/uapi/linux/mroute6.h`; the
//! layout as `igmpmsg_netlink_event` (`net/ipv4/ipmr.c`) and `mrt6msg_netlink_event`
//! (`net/ipv6/ip6mr.c`) build it.

use crate::rtnl::{Group, RTM_NEWCACHEREPORT, RtGenMsg};

values! {
    /// The family of a cache report (`rtgen_family`).
    McastFamily(u8);
    /// `RTNL_FAMILY_IPMR`: IPv4 multicast routing.
    IPMR = 128, "RTNL_FAMILY_IPMR", "ipmr";
    /// `RTNL_FAMILY_IP6MR`: IPv6 multicast routing.
    IP6MR = 129, "RTNL_FAMILY_IP6MR", "ip6mr";
}

values! {
    /// What the report is about (`IGMPMSG_*`, `MRT6MSG_*`: the same numbers).
    ReportType(u8);
    /// A packet with no routing cache entry.
    NOCACHE = 1, "IGMPMSG_NOCACHE", "nocache";
    /// A packet that arrived on the wrong interface (PIM asserts).
    WRONGVIF = 2, "IGMPMSG_WRONGVIF", "wrongvif";
    /// A whole packet for the PIM register interface.
    WHOLEPKT = 3, "IGMPMSG_WHOLEPKT", "wholepkt";
    /// A whole packet that also arrived on the wrong interface.
    WRVIFWHOLE = 4, "IGMPMSG_WRVIFWHOLE", "wrvifwhole";
}

family! {
    /// A view of a cache report (`RTM_NEWCACHEREPORT`).
    view CacheReportMsg(RtGenMsg, "rtgenmsg");
    family "cachereport", messages [RTM_NEWCACHEREPORT],
        groups [Group::IPV4_MROUTE_R.0, Group::IPV6_MROUTE_R.0];
    /// `IPMRA_CREPORT_*` (and `IP6MRA_CREPORT_*`): cache report attribute numbers.
    numbers CreportA;
    /// A typed cache report attribute.
    enum CacheReportAttr<'a>;
    /// What happened ([`ReportType`]).
    MSGTYPE = 1, "IPMRA_CREPORT_MSGTYPE", MsgType(val ReportType), msg_type;
    /// The virtual interface the packet came in on (IPv6: `IP6MRA_CREPORT_MIF_ID`).
    VIF_ID = 2, "IPMRA_CREPORT_VIF_ID", VifId(u32), vif_id;
    /// The packet's source.
    SRC_ADDR = 3, "IPMRA_CREPORT_SRC_ADDR", SrcAddr(ip), source;
    /// The packet's group.
    DST_ADDR = 4, "IPMRA_CREPORT_DST_ADDR", DstAddr(ip), group;
    /// The packet (for whole-packet reports) or its headers.
    PKT = 5, "IPMRA_CREPORT_PKT", Pkt(bytes), packet;
    /// The multicast routing table (IPv4 only).
    TABLE = 6, "IPMRA_CREPORT_TABLE", Table(u32), table;
}

impl CacheReportMsg<'_> {
    /// `rtgen_family`: IPv4 or IPv6 multicast routing.
    #[must_use]
    #[inline]
    pub fn family(&self) -> McastFamily {
        McastFamily(self.header.rtgen_family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Messages;
    use crate::header::Flags;
    use crate::message::Msg;

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn decodes_a_captured_report() {
        // The report of a UDP packet to 239.1.2.3 that arrived on vif 0 while a routing
        // daemon (MRT_INIT) had no cache entry for it.
        let bytes = capture("cachereport_events.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let r = Messages::new(&bytes)
            .map(Result::unwrap)
            .find(|m| m.message_type() == RTM_NEWCACHEREPORT)
            .map(|m| CacheReportMsg::parse(m).unwrap())
            .unwrap();
        assert_eq!(r.family(), McastFamily::IPMR);
        assert_eq!(r.msg_type().unwrap(), Some(ReportType::NOCACHE));
        assert_eq!(r.vif_id().unwrap(), Some(0));
        assert_eq!(r.group().unwrap(), Some("239.1.2.3".parse().unwrap()));
        assert_eq!(r.source().unwrap(), Some("192.0.2.2".parse().unwrap()));
        // The default multicast routing table is RT_TABLE_DEFAULT.
        assert_eq!(r.table().unwrap(), Some(253));
        assert!(!r.packet().unwrap().unwrap().is_empty());
        for n in 0..bytes.len() {
            let _ = crate::check::walk(&bytes[..n]);
        }
    }

    #[test]
    fn builds_an_ipv6_report() {
        let mut buf = Vec::new();
        let hdr = RtGenMsg {
            rtgen_family: McastFamily::IP6MR.0,
        };
        let mut b =
            CacheReportMsg::builder(&mut buf, RTM_NEWCACHEREPORT, Flags::EMPTY, &hdr).unwrap();
        CacheReportAttr::MsgType(ReportType::WHOLEPKT).write_to(&mut b);
        CacheReportAttr::DstAddr("ff05::1".parse().unwrap()).write_to(&mut b);
        b.finish().unwrap();
        let r = CacheReportMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(r.family(), McastFamily::IP6MR);
        assert_eq!(r.msg_type().unwrap(), Some(ReportType::WHOLEPKT));
        assert_eq!(r.table().unwrap(), None);
        assert_eq!(format!("{:?}", CreportA::VIF_ID), "IPMRA_CREPORT_VIF_ID");
    }
}
