//! Routes and nexthop objects: typed attributes -> builder -> parse -> equal, for `RTA_*`,
//! `RTAX_*`, the `RTA_MULTIPATH` list and MPLS label stacks; random bytes never panic; and the
//! real kernel captures decode with no typed error.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use netlink_wire::rtnl::nexthop::{NexthopAttr, NexthopMsg};
use netlink_wire::rtnl::route::{
    self, EncapType, MetricAttr, MplsLabel, MplsLabels, NextHops, RouteAttr, RouteMsg, RoutePref,
    RtMsg, Rta, RtaCacheInfo, RtaMfcStats, Rtax, RtnhFlags, Via, put_mpls_labels, put_next_hop,
    put_via,
};
use netlink_wire::rtnl::{
    AddressFamily, RTM_NEWNEXTHOP, RTM_NEWNEXTHOPBUCKET, RTM_NEWROUTE, RouteType, Table,
};
use netlink_wire::{AttrBuilder, AttrWrite, Attrs, Flags, Messages, Msg, check};
use proptest::prelude::*;
use zerocopy::IntoBytes;

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An owned stand-in for every `RouteAttr` variant with a flat payload.
#[derive(Debug, Clone)]
enum Spec {
    Dst(IpAddr),
    Src(IpAddr),
    Iif(u32),
    Oif(u32),
    Gateway(IpAddr),
    Priority(u32),
    PrefSrc(IpAddr),
    ProtoInfo(Vec<u8>),
    Flow(u32),
    CacheInfo([u32; 8]),
    Session(Vec<u8>),
    MpAlgo(u32),
    Table(u32),
    Mark(u32),
    MfcStats([u64; 3]),
    Via(Vec<u8>),
    NewDst(Vec<u8>),
    Pref(u8),
    EncapType(u16),
    Expires(u64),
    Pad(Vec<u8>),
    Uid(u32),
    TtlPropagate(u8),
    IpProto(u8),
    Sport(u16),
    Dport(u16),
    NhId(u32),
    FlowLabel(u32),
    Other(u16, Vec<u8>),
}

fn ip_addr() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|a| IpAddr::V4(Ipv4Addr::from(a))),
        any::<[u8; 16]>().prop_map(|a| IpAddr::V6(Ipv6Addr::from(a))),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..24)
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        ip_addr().prop_map(Spec::Dst),
        ip_addr().prop_map(Spec::Src),
        any::<u32>().prop_map(Spec::Iif),
        any::<u32>().prop_map(Spec::Oif),
        ip_addr().prop_map(Spec::Gateway),
        any::<u32>().prop_map(Spec::Priority),
        ip_addr().prop_map(Spec::PrefSrc),
        bytes().prop_map(Spec::ProtoInfo),
        any::<u32>().prop_map(Spec::Flow),
        any::<[u32; 8]>().prop_map(Spec::CacheInfo),
        bytes().prop_map(Spec::Session),
        any::<u32>().prop_map(Spec::MpAlgo),
        any::<u32>().prop_map(Spec::Table),
        any::<u32>().prop_map(Spec::Mark),
        any::<[u64; 3]>().prop_map(Spec::MfcStats),
        prop::collection::vec(any::<u8>(), 2..24).prop_map(Spec::Via),
        prop::collection::vec(any::<[u8; 4]>(), 0..6).prop_map(|v| Spec::NewDst(v.concat())),
        any::<u8>().prop_map(Spec::Pref),
        any::<u16>().prop_map(Spec::EncapType),
        // 4 bytes (IPv6 requests) and 8 (multicast routes' age) on the wire.
        prop_oneof![any::<u32>().prop_map(u64::from), any::<u64>()].prop_map(Spec::Expires),
        bytes().prop_map(Spec::Pad),
        any::<u32>().prop_map(Spec::Uid),
        any::<u8>().prop_map(Spec::TtlPropagate),
        any::<u8>().prop_map(Spec::IpProto),
        any::<u16>().prop_map(Spec::Sport),
        any::<u16>().prop_map(Spec::Dport),
        any::<u32>().prop_map(Spec::NhId),
        any::<u32>().prop_map(Spec::FlowLabel),
        (32u16..0x4000, bytes()).prop_map(|(k, b)| Spec::Other(k, b)),
    ]
}

fn cache_info(v: &[u32; 8]) -> RtaCacheInfo {
    let mut c = RtaCacheInfo::default();
    c.as_mut_bytes().copy_from_slice(
        v.iter()
            .flat_map(|x| x.to_ne_bytes())
            .collect::<Vec<_>>()
            .as_slice(),
    );
    c
}

fn mfc_stats(v: &[u64; 3]) -> RtaMfcStats {
    let mut c = RtaMfcStats::default();
    c.as_mut_bytes().copy_from_slice(
        v.iter()
            .flat_map(|x| x.to_ne_bytes())
            .collect::<Vec<_>>()
            .as_slice(),
    );
    c
}

impl Spec {
    /// Writes the attribute through `RouteAttr::write_to`, except `Other`, written raw.
    fn write<W: AttrWrite>(&self, w: &mut W) {
        match self {
            Spec::Other(k, b) => {
                w.put(*k, b);
            }
            Spec::CacheInfo(v) => {
                w.put(Rta::CACHEINFO, cache_info(v).as_bytes());
            }
            Spec::MfcStats(v) => {
                w.put(Rta::MFC_STATS, mfc_stats(v).as_bytes());
            }
            Spec::Via(b) => {
                w.put(Rta::VIA, b);
            }
            Spec::NewDst(b) => {
                w.put(Rta::NEWDST, b);
            }
            other => other.expected_flat().write_to(w),
        }
    }

    /// Whether the decoded attribute `t` holds what this spec wrote.
    fn matches(&self, t: &RouteAttr<'_>) -> bool {
        match (self, t) {
            (Spec::Other(k, b), RouteAttr::Other(raw)) => {
                raw.kind() == *k && raw.payload() == &b[..]
            }
            (Spec::CacheInfo(v), RouteAttr::CacheInfo(c)) => c.get() == cache_info(v),
            (Spec::MfcStats(v), RouteAttr::MfcStats(m)) => m.get() == mfc_stats(v),
            (Spec::Via(b), RouteAttr::Via(v)) => {
                v.raw_family().to_ne_bytes() == b[..2] && v.address() == &b[2..]
            }
            (Spec::NewDst(b), RouteAttr::NewDst(l)) => l.as_bytes() == &b[..],
            (
                Spec::Other(..)
                | Spec::CacheInfo(_)
                | Spec::MfcStats(_)
                | Spec::Via(_)
                | Spec::NewDst(_),
                _,
            ) => false,
            (s, t) => s.expected_flat() == *t,
        }
    }

    /// The typed attribute this spec must decode to (the variants `matches` checks itself
    /// excepted).
    fn expected_flat(&self) -> RouteAttr<'_> {
        match self {
            Spec::Dst(a) => RouteAttr::Dst(*a),
            Spec::Src(a) => RouteAttr::Src(*a),
            Spec::Iif(v) => RouteAttr::Iif(*v),
            Spec::Oif(v) => RouteAttr::Oif(*v),
            Spec::Gateway(a) => RouteAttr::Gateway(*a),
            Spec::Priority(v) => RouteAttr::Priority(*v),
            Spec::PrefSrc(a) => RouteAttr::PrefSrc(*a),
            Spec::ProtoInfo(b) => RouteAttr::ProtoInfo(b),
            Spec::Flow(v) => RouteAttr::Flow(*v),
            Spec::Session(b) => RouteAttr::Session(b),
            Spec::MpAlgo(v) => RouteAttr::MpAlgo(*v),
            Spec::Table(v) => RouteAttr::Table(Table(*v)),
            Spec::Mark(v) => RouteAttr::Mark(*v),
            Spec::Pref(v) => RouteAttr::Pref(RoutePref(*v)),
            Spec::EncapType(v) => RouteAttr::EncapType(EncapType(*v)),
            Spec::Expires(v) => RouteAttr::Expires(*v),
            Spec::Pad(b) => RouteAttr::Pad(b),
            Spec::Uid(v) => RouteAttr::Uid(*v),
            Spec::TtlPropagate(v) => RouteAttr::TtlPropagate(*v),
            Spec::IpProto(v) => RouteAttr::IpProto(*v),
            Spec::Sport(v) => RouteAttr::Sport(*v),
            Spec::Dport(v) => RouteAttr::Dport(*v),
            Spec::NhId(v) => RouteAttr::NhId(*v),
            Spec::FlowLabel(v) => RouteAttr::FlowLabel(*v),
            _ => unreachable!("checked by matches"),
        }
    }
}

fn build_route(attrs: &[Spec], hdr: &RtMsg) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = RouteMsg::builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY, hdr).unwrap();
    for a in attrs {
        a.write(&mut b);
    }
    b.finish().unwrap();
    buf
}

/// One path of a multipath route, owned.
#[derive(Debug, Clone, PartialEq)]
struct Hop {
    flags: u8,
    hops: u8,
    ifindex: u32,
    gateway: Option<IpAddr>,
    via: Option<IpAddr>,
    flow: Option<u32>,
}

fn hop() -> impl Strategy<Value = Hop> {
    (
        any::<u8>(),
        any::<u8>(),
        0u32..i32::MAX as u32,
        prop::option::of(ip_addr()),
        prop::option::of(ip_addr()),
        prop::option::of(any::<u32>()),
    )
        .prop_map(|(flags, hops, ifindex, gateway, via, flow)| Hop {
            flags,
            hops,
            ifindex,
            gateway,
            via,
            flow,
        })
}

fn label() -> impl Strategy<Value = MplsLabel> {
    (
        0u32..=MplsLabel::MAX_LABEL,
        0u8..8,
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(|(label, tc, bos, ttl)| MplsLabel {
            label,
            tc,
            bos,
            ttl,
        })
}

proptest! {
    #[test]
    fn route_attrs_round_trip(
        attrs in prop::collection::vec(spec(), 0..12),
        family in any::<u8>(),
        dst_len in any::<u8>(),
        table in any::<u8>(),
        flags in any::<u32>(),
    ) {
        let mut hdr = RtMsg::new(AddressFamily(family), dst_len);
        hdr.rtm_table = table;
        hdr.rtm_flags.set(flags);
        let buf = build_route(&attrs, &hdr);
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!(r.header(), &hdr);
        prop_assert_eq!(r.family(), AddressFamily(family));
        prop_assert_eq!(r.dst_len(), dst_len);
        prop_assert_eq!(r.flags().bits(), flags);
        let typed: Vec<_> = r.typed_attrs().collect();
        prop_assert_eq!(typed.len(), attrs.len());
        for (t, a) in typed.iter().zip(&attrs) {
            let t = t.as_ref().unwrap();
            prop_assert!(a.matches(t), "{:?} for {:?}", t, a);
        }
        // The first attribute of each kind is what the accessors return.
        let first = |kind: Rta| typed.iter().flatten().find(|t| t.kind() == kind);
        if family != AddressFamily::MPLS.0 {
            prop_assert_eq!(r.dst().unwrap(), first(Rta::DST).map(|t| match t {
                RouteAttr::Dst(a) => *a,
                _ => unreachable!(),
            }));
        }
        prop_assert_eq!(r.priority().unwrap(), first(Rta::PRIORITY).map(|t| match t {
            RouteAttr::Priority(v) => *v,
            _ => unreachable!(),
        }));
        prop_assert_eq!(r.sport().unwrap(), first(Rta::SPORT).map(|t| match t {
            RouteAttr::Sport(v) => *v,
            _ => unreachable!(),
        }));
        prop_assert_eq!(r.table().unwrap(), match first(Rta::TABLE) {
            Some(RouteAttr::Table(t)) => *t,
            _ => Table(u32::from(table)),
        });
        // Re-encoding the decoded attributes gives the same bytes.
        let mut again = Vec::new();
        let mut b = AttrBuilder::new(&mut again);
        for t in typed.iter().flatten() {
            t.write_to(&mut b);
        }
        b.finish().unwrap();
        prop_assert_eq!(&again[..], r.attrs().as_bytes());
        let s = check::walk(&buf);
        prop_assert_eq!(s.errors, 0);
        prop_assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn metrics_round_trip(values in prop::collection::vec((1u16..=17, any::<u32>()), 0..10),
                          cc in prop::option::of("[a-z]{1,15}")) {
        let mut buf = Vec::new();
        let mut b = RouteMsg::builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY,
                                   &RtMsg::unicast(AddressFamily::INET, 0)).unwrap();
        {
            let mut m = b.nest(Rta::METRICS);
            for (k, v) in &values {
                if *k != Rtax::CC_ALGO.0 {
                    m.put_u32(*k, *v);
                }
            }
            if let Some(cc) = &cc {
                MetricAttr::CcAlgo(cc).write_to(&mut m);
            }
        }
        b.finish().unwrap();
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let got: Vec<_> = r.metrics().unwrap().unwrap().typed().map(Result::unwrap).collect();
        let want: Vec<_> = values.iter().filter(|(k, _)| *k != Rtax::CC_ALGO.0)
            .map(|(k, v)| (Rtax(*k), Some(*v))).collect();
        let got_u32: Vec<_> = got
            .iter()
            .filter(|m| m.kind() != Rtax::CC_ALGO)
            .map(|m| (m.kind(), metric_value(m)))
            .collect();
        for (k, v) in &want {
            prop_assert_eq!(r.metric(*k).unwrap().is_some(), v.is_some());
        }
        prop_assert_eq!(got_u32, want);
        let got_cc = got.iter().find_map(|m| match m {
            MetricAttr::CcAlgo(s) => Some(s.to_string()),
            _ => None,
        });
        prop_assert_eq!(got_cc, cc);
    }

    #[test]
    fn multipath_round_trips(hops in prop::collection::vec(hop(), 0..8)) {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut mp = b.nest(Rta::MULTIPATH);
            for h in &hops {
                let mut n = put_next_hop(&mut mp, RtnhFlags(h.flags), h.hops, h.ifindex);
                if let Some(g) = h.gateway {
                    n.put_ip(Rta::GATEWAY, g);
                }
                if let Some(v) = h.via {
                    put_via(&mut n, v);
                }
                if let Some(f) = h.flow {
                    n.put_u32(Rta::FLOW, f);
                }
            }
        }
        b.finish().unwrap();
        let attr = Attrs::new(&buf).next().unwrap().unwrap();
        let got: Vec<Hop> = NextHops::of(attr)
            .map(|h| {
                let h = h.unwrap();
                Hop {
                    flags: h.flags().bits(),
                    hops: h.hops(),
                    ifindex: h.ifindex(),
                    gateway: h.gateway().unwrap(),
                    via: h.via().unwrap().map(|v| v.ip().unwrap()),
                    flow: h.flow().unwrap(),
                }
            })
            .collect();
        prop_assert_eq!(&got, &hops);
        for (h, g) in NextHops::of(attr).zip(&hops) {
            prop_assert_eq!(h.unwrap().weight(), u16::from(g.hops) + 1);
        }
    }

    #[test]
    fn mpls_label_stacks_round_trip(labels in prop::collection::vec(label(), 0..8),
                                    entry in any::<u32>()) {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        put_mpls_labels(&mut b, Rta::NEWDST, &labels);
        b.finish().unwrap();
        let attr = Attrs::new(&buf).next().unwrap().unwrap();
        let got: Vec<_> = MplsLabels::parse(attr).unwrap().collect();
        prop_assert_eq!(&got, &labels);
        prop_assert_eq!(MplsLabel::from_entry(entry).entry(), entry);
        // The encap form, as a route carries it.
        let mut buf = Vec::new();
        let mut b = RouteMsg::builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY,
                                   &RtMsg::unicast(AddressFamily::INET, 0)).unwrap();
        route::put_mpls_encap(&mut b, &labels, labels.first().map(|l| l.ttl));
        b.finish().unwrap();
        let r = RouteMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let e = r.mpls_encap().unwrap().unwrap();
        prop_assert_eq!(e.ttl().unwrap(), labels.first().map(|l| l.ttl));
        prop_assert_eq!(e.labels().unwrap().unwrap().collect::<Vec<_>>(), labels);
    }

    #[test]
    fn random_bytes_never_panic(payload in prop::collection::vec(any::<u8>(), 0..200),
                                t in prop_oneof![Just(24u16), Just(25), Just(26), Just(104)]) {
        let mut buf = Vec::new();
        buf.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
        buf.extend_from_slice(&t.to_ne_bytes());
        buf.extend_from_slice(&[0; 10]);
        buf.extend_from_slice(&payload);
        let _ = check::walk(&buf);
        let m = Msg::parse(&buf).unwrap();
        if let Ok(r) = RouteMsg::parse(m) {
            let _ = (r.dst(), r.via(), r.new_dst().map(|l| l.map(|l| l.count())), r.table());
            if let Ok(Some(hops)) = r.multipath() {
                for h in hops.flatten() {
                    let _ = (h.gateway(), h.via(), h.mpls_encap().map(|e| e.map(|e| e.labels())));
                }
            }
        }
        if let Ok(n) = NexthopMsg::parse(m) {
            let _ = (n.id(), n.group().map(|g| g.map(|g| g.count())), n.gateway());
        }
        for h in NextHops::new(&payload, 0).flatten() {
            let _ = h.typed_attrs().count();
        }
    }
}

fn metric_value(m: &MetricAttr<'_>) -> Option<u32> {
    match m {
        MetricAttr::Lock(v)
        | MetricAttr::Mtu(v)
        | MetricAttr::Window(v)
        | MetricAttr::Rtt(v)
        | MetricAttr::RttVar(v)
        | MetricAttr::Ssthresh(v)
        | MetricAttr::Cwnd(v)
        | MetricAttr::AdvMss(v)
        | MetricAttr::Reordering(v)
        | MetricAttr::HopLimit(v)
        | MetricAttr::InitCwnd(v)
        | MetricAttr::Features(v)
        | MetricAttr::RtoMin(v)
        | MetricAttr::InitRwnd(v)
        | MetricAttr::QuickAck(v)
        | MetricAttr::FastopenNoCookie(v) => Some(*v),
        _ => None,
    }
}

fn routes(bytes: &[u8]) -> Vec<RouteMsg<'_>> {
    Messages::new(bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWROUTE)
        .map(|m| RouteMsg::parse(m).unwrap())
        .collect()
}

fn v4(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn captures_decode_with_no_typed_error() {
    for name in [
        "route4_dump.bin",
        "route6_dump.bin",
        "route4_dump_big.bin",
        "nexthop_dump.bin",
        "notify_route.bin",
        "notify_addr.bin",
    ] {
        let bytes = data(name);
        let s = check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
        assert!(s.typed > 0, "{name}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{name}: {s:?}"
        );
        // Every typed route attribute re-encodes to the kernel's bytes.
        for r in routes(&bytes) {
            let mut again = Vec::new();
            let mut b = AttrBuilder::new(&mut again);
            for t in r.typed_attrs() {
                t.unwrap().write_to(&mut b);
            }
            b.finish().unwrap();
            assert_eq!(&again[..], r.attrs().as_bytes(), "{name}");
        }
    }
}

#[test]
fn captured_ipv4_dump_holds_what_the_namespace_set_up() {
    let bytes = data("route4_dump.bin");
    let rs = routes(&bytes);
    // The multipath route 203.0.113.0/24 with weights 1 and 2.
    let mp = rs
        .iter()
        .find(|r| r.multipath().unwrap().is_some())
        .expect("a multipath route");
    assert_eq!(mp.dst().unwrap(), Some(v4("203.0.113.0")));
    assert_eq!(mp.table().unwrap(), Table::MAIN);
    let hops: Vec<_> = mp
        .multipath()
        .unwrap()
        .unwrap()
        .map(|h| {
            let h = h.unwrap();
            (h.gateway().unwrap().unwrap(), h.weight(), h.flags())
        })
        .collect();
    assert_eq!(
        hops,
        [
            (v4("192.0.2.253"), 1, RtnhFlags::EMPTY),
            (v4("192.0.2.252"), 2, RtnhFlags::EMPTY)
        ]
    );
    // The table-100 route with mtu 1400 and advmss 1360.
    let m = rs
        .iter()
        .find(|r| r.table().unwrap() == Table(100) && r.metrics().unwrap().is_some())
        .unwrap();
    assert_eq!(m.dst().unwrap(), Some(v4("203.0.113.0")));
    assert_eq!(m.metric(Rtax::MTU).unwrap(), Some(1400));
    assert_eq!(m.metric(Rtax::ADVMSS).unwrap(), Some(1360));
    assert_eq!(m.gateway().unwrap(), Some(v4("192.0.2.254")));
    // The route through nexthop object 7.
    let nh = rs.iter().find(|r| r.nh_id().unwrap() == Some(7)).unwrap();
    assert_eq!(nh.dst().unwrap(), Some(v4("198.51.100.128")));
    assert_eq!((nh.dst_len(), nh.table().unwrap()), (25, Table(100)));
    // The local table's broadcast and local routes.
    assert!(
        rs.iter()
            .any(|r| r.table().unwrap() == Table::LOCAL && r.route_type() == RouteType::BROADCAST)
    );
    assert!(rs.iter().all(|r| r.via().unwrap().is_none()));
}

#[test]
fn captured_big_dump_and_nexthops() {
    let bytes = data("route4_dump_big.bin");
    let rs = routes(&bytes);
    assert_eq!(rs.len(), 3012);
    let blackholes = rs
        .iter()
        .filter(|r| r.route_type() == RouteType::BLACKHOLE)
        .count();
    assert_eq!(blackholes, 3000);
    assert!(rs.iter().all(|r| r.dst().is_ok()));

    let bytes = data("nexthop_dump.bin");
    let nhs: Vec<_> = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWNEXTHOP)
        .map(|m| NexthopMsg::parse(m).unwrap())
        .collect();
    let group = nhs.iter().find(|n| n.id().unwrap() == Some(9)).unwrap();
    let members: Vec<_> = group
        .group()
        .unwrap()
        .unwrap()
        .map(|g| (g.id.get(), g.weight()))
        .collect();
    assert_eq!(members, [(7, 1), (8, 2)]);
    let typed: Vec<_> = nhs[3].typed_attrs().map(Result::unwrap).collect();
    assert_eq!(typed, [NexthopAttr::Id(10), NexthopAttr::Blackhole(())]);
}

#[test]
fn via_of_other_families_stays_raw() {
    let mut buf = Vec::new();
    let mut b = AttrBuilder::new(&mut buf);
    b.put(Rta::VIA, &[28, 0, 0, 0x06, 0x41, 0x00]); // AF_MPLS, one label
    b.put(Rta::VIA, &[2]);
    b.finish().unwrap();
    let mut it = Attrs::new(&buf);
    let v = Via::parse(it.next().unwrap().unwrap()).unwrap();
    assert_eq!(v.family(), AddressFamily::MPLS);
    assert_eq!(v.address(), &[0, 0x06, 0x41, 0x00]);
    assert_eq!(v.ip(), None);
    assert!(Via::parse(it.next().unwrap().unwrap()).is_err());
}

mod corrupt;

/// Every accessor of [`RouteMsg`], and one inside `RTA_METRICS`.
fn route_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    use corrupt::{attr, derived, path};
    use netlink_wire::rtnl::route::{Rta, Rtax};
    let r = RouteMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    Some(vec![
        derived("family", &[], true, Ok(r.family())),
        derived("dst_len", &[], true, Ok(r.dst_len())),
        derived("protocol", &[], true, Ok(r.protocol())),
        derived("scope", &[], true, Ok(r.scope())),
        derived("route_type", &[], true, Ok(r.route_type())),
        derived("table", &[Rta::TABLE.0], true, r.table()),
        derived("dst", &[Rta::DST.0], true, r.dst()),
        attr("src", Rta::SRC, r.src()),
        attr("iif", Rta::IIF, r.iif()),
        attr("oif", Rta::OIF, r.oif()),
        attr("gateway", Rta::GATEWAY, r.gateway()),
        attr("priority", Rta::PRIORITY, r.priority()),
        attr("prefsrc", Rta::PREFSRC, r.prefsrc()),
        attr("metrics", Rta::METRICS, r.metrics()),
        attr("multipath", Rta::MULTIPATH, r.multipath()),
        attr("flow", Rta::FLOW, r.flow()),
        attr("cache_info", Rta::CACHEINFO, r.cache_info()),
        attr("mark", Rta::MARK, r.mark()),
        attr("via", Rta::VIA, r.via()),
        attr("new_dst", Rta::NEWDST, r.new_dst()),
        attr("pref", Rta::PREF, r.pref()),
        attr("encap_type", Rta::ENCAP_TYPE, r.encap_type()),
        attr("encap", Rta::ENCAP, r.encap()),
        derived(
            "mpls_encap",
            &[Rta::ENCAP_TYPE.0, Rta::ENCAP.0],
            false,
            r.mpls_encap(),
        ),
        attr("expires", Rta::EXPIRES, r.expires()),
        attr("uid", Rta::UID, r.uid()),
        attr("nh_id", Rta::NH_ID, r.nh_id()),
        path(
            "metric mtu",
            &[Rta::METRICS.0, Rtax::MTU.0],
            r.metric(Rtax::MTU),
        ),
        path(
            "metric hoplimit",
            &[Rta::METRICS.0, Rtax::HOPLIMIT.0],
            r.metric(Rtax::HOPLIMIT),
        ),
    ])
}

/// No silent loss: after a malformed attribute every accessor answers an error, and a
/// corrupted byte changes nothing but what it is part of; for every route captured (IPv4 and
/// IPv6 dumps, a notification, an MPLS-encapsulated route).
#[test]
fn corrupting_captured_routes_at_every_byte_loses_nothing_silently() {
    let mut errors = 0;
    for name in [
        "route4_dump.bin",
        "route6_dump.bin",
        "notify_route.bin",
        "route-mpls-encap.bin",
    ] {
        let bytes = data(name);
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type() != RTM_NEWROUTE {
                continue;
            }
            let len = m.header().len() as usize;
            let c = corrupt::every_byte(&bytes[m.offset()..m.offset() + len], 12, route_answers);
            assert!(c.parsed > 0 && c.same > 0, "{name}: {c:?}");
            errors += c.errors;
        }
    }
    assert!(errors > 1000, "only {errors} framing errors checked");
}

/// Every accessor of [`NexthopMsg`], and one inside each nest.
fn nexthop_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    use corrupt::{attr, derived, path};
    use netlink_wire::rtnl::nexthop::{Nha, NhaResBucket, NhaResGroup, ResBucket, ResGroup};
    let n = NexthopMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    let buckets = n
        .res_group()
        .and_then(|g| g.map(|g| ResGroup::from(g).buckets()).transpose())
        .map(Option::flatten);
    let bucket_nh = n
        .res_bucket()
        .and_then(|b| b.map(|b| ResBucket::from(b).nh_id()).transpose())
        .map(Option::flatten);
    Some(vec![
        derived("family", &[], true, Ok(n.family())),
        derived("scope", &[], true, Ok(n.scope())),
        derived("protocol", &[], true, Ok(n.protocol())),
        derived("flags", &[], true, Ok(n.flags())),
        derived("rtnh_flags", &[], true, Ok(n.rtnh_flags())),
        attr("id", Nha::ID, n.id()),
        attr("group", Nha::GROUP, n.group()),
        attr("group_type", Nha::GROUP_TYPE, n.group_type()),
        attr("blackhole", Nha::BLACKHOLE, n.blackhole()),
        attr("oif", Nha::OIF, n.oif()),
        attr("gateway", Nha::GATEWAY, n.gateway()),
        attr("encap_type", Nha::ENCAP_TYPE, n.encap_type()),
        attr("encap", Nha::ENCAP, n.encap()),
        derived(
            "mpls_encap",
            &[Nha::ENCAP_TYPE.0, Nha::ENCAP.0],
            false,
            n.mpls_encap(),
        ),
        attr("groups", Nha::GROUPS, n.groups()),
        attr("master", Nha::MASTER, n.master()),
        attr("fdb", Nha::FDB, n.fdb()),
        attr("res_group", Nha::RES_GROUP, n.res_group()),
        attr("res_bucket", Nha::RES_BUCKET, n.res_bucket()),
        attr("op_flags", Nha::OP_FLAGS, n.op_flags()),
        attr("group_stats", Nha::GROUP_STATS, n.group_stats()),
        attr("hw_stats_enable", Nha::HW_STATS_ENABLE, n.hw_stats_enable()),
        attr("hw_stats_used", Nha::HW_STATS_USED, n.hw_stats_used()),
        path(
            "res_group buckets",
            &[Nha::RES_GROUP.0, NhaResGroup::BUCKETS.0],
            buckets,
        ),
        path(
            "res_bucket nh_id",
            &[Nha::RES_BUCKET.0, NhaResBucket::NH_ID.0],
            bucket_nh,
        ),
    ])
}

/// No silent loss: after a malformed attribute every accessor answers an error, and a
/// corrupted byte changes nothing but what it is part of; for every nexthop captured.
#[test]
fn corrupting_captured_nexthops_at_every_byte_loses_nothing_silently() {
    let mut errors = 0;
    for name in [
        "nexthop_dump.bin",
        "nexthop_extra_dump.bin",
        "nexthop_stats_dump.bin",
        "nexthop_bucket_dump.bin",
    ] {
        let bytes = data(name);
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if ![RTM_NEWNEXTHOP, RTM_NEWNEXTHOPBUCKET].contains(&m.message_type()) {
                continue;
            }
            let len = m.header().len() as usize;
            let c = corrupt::every_byte(&bytes[m.offset()..m.offset() + len], 8, nexthop_answers);
            assert!(c.parsed > 0 && c.same > 0, "{name}: {c:?}");
            errors += c.errors;
        }
    }
    assert!(errors > 2000, "only {errors} framing errors checked");
}

fn nexthops(bytes: &[u8]) -> Vec<NexthopMsg<'_>> {
    Messages::new(bytes)
        .map(Result::unwrap)
        .filter(|m| [RTM_NEWNEXTHOP, RTM_NEWNEXTHOPBUCKET].contains(&m.message_type()))
        .map(|m| NexthopMsg::parse(m).unwrap())
        .collect()
}

#[test]
fn captured_nexthops_groups_buckets_and_stats() {
    use netlink_wire::rtnl::RouteProtocol;
    use netlink_wire::rtnl::nexthop::{
        GroupStatsAttr, GroupStatsEntry, GroupType, NhOpFlags, ResBucket, ResGroup,
    };
    let bytes = data("nexthop_extra_dump.bin");
    let all = nexthops(&bytes);
    let id = |i: u32| all.iter().find(|n| n.id().unwrap() == Some(i)).unwrap();
    assert_eq!(
        id(3).gateway().unwrap(),
        Some("2001:db8::fe".parse().unwrap())
    );
    assert_eq!(
        (id(4).oif().unwrap(), id(4).gateway().unwrap()),
        (Some(3), None)
    );
    assert!(id(5).rtnh_flags().contains(RtnhFlags::ONLINK));
    assert_eq!(id(5).protocol(), RouteProtocol::STATIC);
    assert_eq!(id(6).fdb().unwrap(), Some(()));
    assert_eq!(id(7).fdb().unwrap(), Some(()));
    assert_eq!(id(12).blackhole().unwrap(), Some(()));
    assert_eq!(id(1).blackhole().unwrap(), None);
    // The resilient group: members with weights, and a flagged NHA_RES_GROUP nest.
    let res = id(10);
    assert_eq!(res.group_type().unwrap(), Some(GroupType::RES));
    let members: Vec<_> = res
        .group()
        .unwrap()
        .unwrap()
        .map(|g| (g.id.get(), g.weight()))
        .collect();
    assert_eq!(members, [(1, 1), (2, 3)]);
    let nest = res.res_group().unwrap().unwrap();
    assert!(nest.is_flagged());
    let g = ResGroup::from(nest);
    assert_eq!(g.buckets().unwrap(), Some(8));
    assert_eq!(
        (g.idle_timer().unwrap(), g.unbalanced_timer().unwrap()),
        (Some(6000), Some(12000))
    );
    assert_eq!(g.unbalanced_time().unwrap(), Some(0));
    assert_eq!(res.op_flags().unwrap(), Some(NhOpFlags::RESP_GRP_RESVD_0));
    assert_eq!(id(11).group_type().unwrap(), Some(GroupType::MPATH));

    // With statistics: one flagged NHA_GROUP_STATS_ENTRY per member.
    let bytes = data("nexthop_stats_dump.bin");
    let all = nexthops(&bytes);
    let res = all.iter().find(|n| n.id().unwrap() == Some(10)).unwrap();
    assert_eq!(res.hw_stats_enable().unwrap(), Some(0));
    let stats = res.group_stats().unwrap().unwrap();
    assert!(stats.is_flagged());
    let entries: Vec<_> = stats
        .typed()
        .map(|e| match e.unwrap() {
            GroupStatsAttr::Entry(e) => {
                assert!(e.is_flagged());
                let e = GroupStatsEntry::from(e);
                (
                    e.id().unwrap(),
                    e.packets().unwrap(),
                    e.packets_hw().unwrap(),
                )
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        entries,
        [(Some(1), Some(0), Some(0)), (Some(2), Some(0), Some(0))]
    );

    // The buckets of group 10: RTM_NEWNEXTHOPBUCKET, the same nhmsg and NHA_* numbers.
    let bytes = data("nexthop_bucket_dump.bin");
    let buckets = nexthops(&bytes);
    assert_eq!(buckets.len(), 8);
    let mut seen = Vec::new();
    for b in &buckets {
        assert_eq!(b.msg().message_type(), RTM_NEWNEXTHOPBUCKET);
        assert_eq!(b.id().unwrap(), Some(10));
        let nest = b.res_bucket().unwrap().unwrap();
        assert!(nest.is_flagged());
        let r = ResBucket::from(nest);
        assert!(r.idle_time().unwrap().is_some());
        seen.push((r.index().unwrap().unwrap(), r.nh_id().unwrap().unwrap()));
    }
    // Weights 1 and 3 over 8 buckets: 2 for member 1, 6 for member 2.
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
    assert_eq!(seen.iter().filter(|s| s.1 == 1).count(), 2);
    assert_eq!(seen.iter().filter(|s| s.1 == 2).count(), 6);
}
