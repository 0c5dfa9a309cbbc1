//! Neighbour messages: typed attributes -> builder -> parse -> equal; random attribute bytes
//! never panic; decode, re-encode, decode again equal; the captured dumps decode with no typed
//! error.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use netlink_wire::attr::{NLA_F_NESTED, StructView};
use netlink_wire::rtnl::neigh::{
    FdbExtAttr, NdMsg, Nda, NeighAttr, NeighFlags, NeighFlagsExt, NeighMsg, NeighState,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELNEIGH, RTM_NEWNEIGH, RouteProtocol};
use netlink_wire::{AttrBuilder, AttrWrite, Flags, Messages, Msg, check};
use proptest::prelude::*;

/// An owned stand-in for one [`NeighAttr`], so that borrowed variants have something to borrow.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Dst(IpAddr),
    LlAddr(Vec<u8>),
    /// Any length: a kernel struct is read by prefix and written back as it came.
    CacheInfo(Vec<u8>),
    Probes(u32),
    Vlan(u16),
    Port(u16),
    Vni(u32),
    Ifindex(u32),
    Master(u32),
    LinkNetnsid(i32),
    SrcVni(u32),
    Protocol(u8),
    NhId(u32),
    /// `NFEA_ACTIVITY_NOTIFY` value, whether `NFEA_DONT_REFRESH` follows, and whether the
    /// nest carries `NLA_F_NESTED`.
    FdbExt(Option<u8>, bool, bool),
    FlagsExt(u32),
    StateMask(u16),
    FlagsMask(u8),
    Unknown(u16, Vec<u8>),
}

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| IpAddr::V4(Ipv4Addr::from(o))),
        any::<[u8; 16]>().prop_map(|o| IpAddr::V6(Ipv6Addr::from(o))),
    ]
}

fn owned() -> impl Strategy<Value = Owned> {
    prop_oneof![
        ip().prop_map(Owned::Dst),
        prop::collection::vec(any::<u8>(), 0..32).prop_map(Owned::LlAddr),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(Owned::CacheInfo),
        any::<u32>().prop_map(Owned::Probes),
        any::<u16>().prop_map(Owned::Vlan),
        any::<u16>().prop_map(Owned::Port),
        any::<u32>().prop_map(Owned::Vni),
        any::<u32>().prop_map(Owned::Ifindex),
        any::<u32>().prop_map(Owned::Master),
        any::<i32>().prop_map(Owned::LinkNetnsid),
        any::<u32>().prop_map(Owned::SrcVni),
        any::<u8>().prop_map(Owned::Protocol),
        any::<u32>().prop_map(Owned::NhId),
        (any::<Option<u8>>(), any::<bool>(), any::<bool>())
            .prop_map(|(a, d, f)| Owned::FdbExt(a, d, f)),
        any::<u32>().prop_map(Owned::FlagsExt),
        any::<u16>().prop_map(Owned::StateMask),
        any::<u8>().prop_map(Owned::FlagsMask),
        (18u16..0x4000, prop::collection::vec(any::<u8>(), 0..24))
            .prop_map(|(k, p)| Owned::Unknown(k, p)),
    ]
}

/// Writes `o` through the typed enum.
fn write(b: &mut impl AttrWrite, o: &Owned) {
    let a = match o {
        Owned::Dst(ip) => NeighAttr::Dst(*ip),
        Owned::LlAddr(v) => NeighAttr::LlAddr(v),
        Owned::CacheInfo(c) => NeighAttr::CacheInfo(StructView::new(c)),
        Owned::Probes(v) => NeighAttr::Probes(*v),
        Owned::Vlan(v) => NeighAttr::Vlan(*v),
        Owned::Port(v) => NeighAttr::Port(*v),
        Owned::Vni(v) => NeighAttr::Vni(*v),
        Owned::Ifindex(v) => NeighAttr::Ifindex(*v),
        Owned::Master(v) => NeighAttr::Master(*v),
        Owned::LinkNetnsid(v) => NeighAttr::LinkNetnsid(*v),
        Owned::SrcVni(v) => NeighAttr::SrcVni(*v),
        Owned::Protocol(v) => NeighAttr::Protocol(RouteProtocol(*v)),
        Owned::NhId(v) => NeighAttr::NhId(*v),
        Owned::FdbExt(notify, dont_refresh, flagged) => {
            // A nest is only decoded, never made by hand: write the nest itself.
            let flag = if *flagged { NLA_F_NESTED } else { 0 };
            let mut n = b.nest(Nda::FDB_EXT_ATTRS.0 | flag);
            if let Some(v) = notify {
                FdbExtAttr::ActivityNotify(*v).write_to(&mut n);
            }
            if *dont_refresh {
                FdbExtAttr::DontRefresh(()).write_to(&mut n);
            }
            return;
        }
        Owned::FlagsExt(v) => NeighAttr::FlagsExt(NeighFlagsExt(*v)),
        Owned::StateMask(v) => NeighAttr::NdmStateMask(NeighState(*v)),
        Owned::FlagsMask(v) => NeighAttr::NdmFlagsMask(NeighFlags(*v)),
        Owned::Unknown(k, p) => {
            // An unknown number is written raw; `Other` is only produced by decoding.
            b.put(*k, p);
            return;
        }
    };
    a.write_to(b);
}

/// Reads a typed attribute back into its owned stand-in.
fn read(a: NeighAttr<'_>) -> Owned {
    match a {
        NeighAttr::Dst(ip) => Owned::Dst(ip),
        NeighAttr::LlAddr(v) => Owned::LlAddr(v.to_vec()),
        NeighAttr::CacheInfo(c) => Owned::CacheInfo(c.as_bytes().to_vec()),
        NeighAttr::Probes(v) => Owned::Probes(v),
        NeighAttr::Vlan(v) => Owned::Vlan(v),
        NeighAttr::Port(v) => Owned::Port(v),
        NeighAttr::Vni(v) => Owned::Vni(v),
        NeighAttr::Ifindex(v) => Owned::Ifindex(v),
        NeighAttr::Master(v) => Owned::Master(v),
        NeighAttr::LinkNetnsid(v) => Owned::LinkNetnsid(v),
        NeighAttr::SrcVni(v) => Owned::SrcVni(v),
        NeighAttr::Protocol(v) => Owned::Protocol(v.0),
        NeighAttr::NhId(v) => Owned::NhId(v),
        NeighAttr::FdbExtAttrs(inner) => {
            let mut notify = None;
            let mut dont_refresh = false;
            for f in inner.typed() {
                match f.unwrap() {
                    FdbExtAttr::ActivityNotify(n) => notify = Some(n),
                    FdbExtAttr::DontRefresh(()) => dont_refresh = true,
                    other => panic!("unexpected {other:?}"),
                }
            }
            Owned::FdbExt(notify, dont_refresh, inner.is_flagged())
        }
        NeighAttr::FlagsExt(v) => Owned::FlagsExt(v.0),
        NeighAttr::NdmStateMask(v) => Owned::StateMask(v.0),
        NeighAttr::NdmFlagsMask(v) => Owned::FlagsMask(v.0),
        NeighAttr::Other(a) => Owned::Unknown(a.kind(), a.payload().to_vec()),
        other => panic!("unexpected {other:?}"),
    }
}

fn header() -> impl Strategy<Value = NdMsg> {
    (
        prop::sample::select(vec![
            AddressFamily::INET,
            AddressFamily::INET6,
            AddressFamily::BRIDGE,
        ]),
        any::<u32>(),
        any::<u16>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(f, i, s, fl, t)| {
            let mut h = NdMsg::new(f, i, NeighState(s), NeighFlags(fl));
            h.ndm_type = t;
            h
        })
}

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn typed_attributes_survive_build_and_parse(
        hdr in header(),
        attrs in prop::collection::vec(owned(), 0..12),
        del in any::<bool>(),
    ) {
        let mut buf = Vec::new();
        let t = if del { RTM_DELNEIGH } else { RTM_NEWNEIGH };
        let mut b = NeighMsg::builder(&mut buf, t, Flags::REQUEST, &hdr).unwrap();
        for a in &attrs {
            write(&mut b, a);
        }
        b.finish().unwrap();
        let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!(n.msg().message_type(), t);
        prop_assert_eq!(n.header(), &hdr);
        prop_assert_eq!(n.index(), hdr.ndm_ifindex.get().cast_unsigned());
        prop_assert_eq!(n.state().bits(), hdr.ndm_state.get());
        prop_assert_eq!(n.flags().bits(), hdr.ndm_flags);
        let back: Vec<Owned> = n.typed_attrs().map(|a| read(a.unwrap())).collect();
        prop_assert_eq!(&back, &attrs);
        // The accessors see the first attribute of their kind.
        let first_dst = attrs.iter().find_map(|a| match a { Owned::Dst(ip) => Some(*ip), _ => None });
        prop_assert_eq!(n.destination().unwrap(), first_dst);
        let first_port = attrs.iter().find_map(|a| match a { Owned::Port(p) => Some(*p), _ => None });
        prop_assert_eq!(n.port().unwrap(), first_port);
        let first_ll = attrs.iter().find_map(|a| match a { Owned::LlAddr(v) => Some(v.as_slice()), _ => None });
        prop_assert_eq!(n.lladdr().unwrap(), first_ll);
        let s = check::walk(&buf);
        prop_assert_eq!((s.errors, s.typed_errors), (0, 0));
        prop_assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn random_attribute_bytes_never_panic_and_reencode(
        hdr in header(),
        raw in prop::collection::vec(any::<u8>(), 0..200),
        kinds in prop::collection::vec(0u16..20, 0..8),
    ) {
        // Half random bytes, half well-framed attributes of known numbers with random payloads.
        let mut body = raw.clone();
        let mut framed = Vec::new();
        {
            let mut b = AttrBuilder::new(&mut framed);
            for (i, k) in kinds.iter().enumerate() {
                let len = raw.get(i).map_or(0, |l| usize::from(*l) % 24);
                b.put(*k, &raw[..len.min(raw.len())]);
            }
            b.finish().unwrap();
        }
        for attrs in [std::mem::take(&mut body), framed] {
            let mut buf = Vec::new();
            let mut b = NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &hdr).unwrap();
            b.payload(&attrs);
            b.finish().unwrap();
            prop_assert_eq!(check::walk(&buf).roundtrip_failures, 0);
            let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
            let _ = (n.destination(), n.lladdr(), n.cache_info(), n.probes(), n.vlan(), n.port(),
                n.vni(), n.remote_ifindex(), n.master(), n.link_netnsid(), n.src_vni(),
                n.protocol(), n.nh_id(), n.flags_ext(), n.state_mask(), n.flags_mask());
            // Whatever decodes re-encodes to something that decodes to the same values.
            let first: Vec<Owned> = n.typed_attrs().map_while(Result::ok).filter(|a| {
                // A nest of random bytes may not hold FdbExt attributes; leave it out.
                !matches!(a, NeighAttr::FdbExtAttrs(i) if i.typed().any(|r| !matches!(r, Ok(FdbExtAttr::ActivityNotify(_) | FdbExtAttr::DontRefresh(())))))
            }).map(read).collect();
            let mut again = Vec::new();
            let mut b = NeighMsg::builder(&mut again, RTM_NEWNEIGH, Flags::EMPTY, &hdr).unwrap();
            for a in &first {
                write(&mut b, a);
            }
            b.finish().unwrap();
            let m = NeighMsg::parse(Msg::parse(&again).unwrap()).unwrap();
            let second: Vec<Owned> = m.typed_attrs().map(|a| read(a.unwrap())).collect();
            prop_assert_eq!(first, second);
        }
    }
}

#[test]
fn captured_dumps_decode_with_zero_typed_errors() {
    for (name, entries) in [("neigh_dump.bin", 18), ("neigh_proxy_dump.bin", 2)] {
        let bytes = data(name);
        let s = check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{name}: {s:?}"
        );
        let mut seen = 0;
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWNEIGH {
                continue;
            }
            seen += 1;
            let n = NeighMsg::parse(m).unwrap();
            for a in n.typed_attrs() {
                let a = a.unwrap();
                assert!(!matches!(a, NeighAttr::Other(_)), "{name}: untyped {a:?}");
            }
            // Every kernel entry carries its address.
            assert!(n.destination().unwrap().is_some());
        }
        assert_eq!(seen, entries, "{name}");
    }
}

#[test]
fn captured_entries_are_the_configured_ones() {
    let bytes = data("neigh_dump.bin");
    let permanent: Vec<_> = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWNEIGH)
        .map(|m| NeighMsg::parse(m).unwrap())
        .filter(|n| n.state().contains(NeighState::PERMANENT))
        .map(|n| {
            (
                n.destination().unwrap().unwrap().to_string(),
                n.lladdr().unwrap().unwrap().to_vec(),
            )
        })
        .collect();
    assert_eq!(
        permanent,
        [
            ("192.0.2.9".to_owned(), vec![2, 0, 0, 0, 0, 9]),
            ("2001:db8::9".to_owned(), vec![2, 0, 0, 0, 0, 0x0a]),
        ]
    );
    let bytes = data("neigh_proxy_dump.bin");
    let proxies: Vec<_> = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWNEIGH)
        .map(|m| NeighMsg::parse(m).unwrap())
        .map(|n| {
            assert!(n.flags().contains(NeighFlags::PROXY));
            n.destination().unwrap().unwrap().to_string()
        })
        .collect();
    assert_eq!(proxies, ["192.0.2.10", "2001:db8::10"]);
}

mod corrupt;

use corrupt::{attr, derived, path};
use netlink_wire::rtnl::RTM_NEWNEIGHTBL;
use netlink_wire::rtnl::neigh::{FdbExt, Ndta, Ndtpa, NeighTableMsg, NeighTableParms, Nfea};

/// Every accessor of [`NeighMsg`], and one inside `NDA_FDB_EXT_ATTRS`.
fn neigh_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    let n = NeighMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    let fdb = |f: fn(FdbExt<'_>) -> Result<Option<u8>, netlink_wire::Error>| {
        n.fdb_ext_attrs()
            .and_then(|e| e.map(|e| f(FdbExt::from(e))).transpose())
            .map(Option::flatten)
    };
    Some(vec![
        derived("family", &[], true, Ok(n.family())),
        derived("index", &[], true, Ok(n.index())),
        derived("state", &[], true, Ok(n.state())),
        derived("flags", &[], true, Ok(n.flags())),
        derived("neigh_type", &[], true, Ok(n.neigh_type())),
        attr("destination", Nda::DST, n.destination()),
        attr("lladdr", Nda::LLADDR, n.lladdr()),
        attr("cache_info", Nda::CACHEINFO, n.cache_info()),
        attr("probes", Nda::PROBES, n.probes()),
        attr("vlan", Nda::VLAN, n.vlan()),
        attr("port", Nda::PORT, n.port()),
        attr("vni", Nda::VNI, n.vni()),
        attr("remote_ifindex", Nda::IFINDEX, n.remote_ifindex()),
        attr("master", Nda::MASTER, n.master()),
        attr("link_netnsid", Nda::LINK_NETNSID, n.link_netnsid()),
        attr("src_vni", Nda::SRC_VNI, n.src_vni()),
        attr("protocol", Nda::PROTOCOL, n.protocol()),
        attr("nh_id", Nda::NH_ID, n.nh_id()),
        attr("fdb_ext_attrs", Nda::FDB_EXT_ATTRS, n.fdb_ext_attrs()),
        attr("flags_ext", Nda::FLAGS_EXT, n.flags_ext()),
        attr("state_mask", Nda::NDM_STATE_MASK, n.state_mask()),
        attr("flags_mask", Nda::NDM_FLAGS_MASK, n.flags_mask()),
        path(
            "fdb activity_notify",
            &[Nda::FDB_EXT_ATTRS.0, Nfea::ACTIVITY_NOTIFY.0],
            fdb(|f| f.activity_notify()),
        ),
    ])
}

/// Every accessor of [`NeighTableMsg`], and those inside `NDTA_PARMS`.
fn table_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    let t = NeighTableMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    let parm = |f: fn(NeighTableParms<'_>) -> Result<Option<u64>, netlink_wire::Error>| {
        t.parms()
            .and_then(|p| p.map(|p| f(NeighTableParms::from(p))).transpose())
            .map(Option::flatten)
    };
    let p = |k: Ndtpa| [Ndta::PARMS.0, k.0];
    Some(vec![
        derived("family", &[], true, Ok(t.family())),
        attr("name", Ndta::NAME, t.name()),
        attr("thresh1", Ndta::THRESH1, t.thresh1()),
        attr("thresh2", Ndta::THRESH2, t.thresh2()),
        attr("thresh3", Ndta::THRESH3, t.thresh3()),
        derived(
            "thresholds",
            &[Ndta::THRESH1.0, Ndta::THRESH2.0, Ndta::THRESH3.0],
            false,
            t.thresholds(),
        ),
        attr("config", Ndta::CONFIG, t.config()),
        attr("parms", Ndta::PARMS, t.parms()),
        attr("stats", Ndta::STATS, t.stats()),
        attr("gc_interval", Ndta::GC_INTERVAL, t.gc_interval()),
        path(
            "parms index",
            &p(Ndtpa::IFINDEX),
            parm(|p| p.index().map(|v| v.map(u64::from))),
        ),
        path(
            "parms refcnt",
            &p(Ndtpa::REFCNT),
            parm(|p| p.refcnt().map(|v| v.map(u64::from))),
        ),
        path(
            "parms base_reachable_time",
            &p(Ndtpa::BASE_REACHABLE_TIME),
            parm(|p| p.base_reachable_time()),
        ),
        path(
            "parms queue_lenbytes",
            &p(Ndtpa::QUEUE_LENBYTES),
            parm(|p| p.queue_lenbytes().map(|v| v.map(u64::from))),
        ),
        path(
            "parms interval_probe_time_ms",
            &p(Ndtpa::INTERVAL_PROBE_TIME_MS),
            parm(|p| p.interval_probe_time_ms()),
        ),
    ])
}

/// No silent loss: after a malformed attribute every accessor answers an error, and a
/// corrupted byte changes nothing but what it is part of; for every message of every
/// neighbour and neighbour table capture.
#[test]
fn corrupting_captured_messages_at_every_byte_loses_nothing_silently() {
    let mut errors = 0;
    for (name, t, fh, answers) in [
        (
            "neigh_dump.bin",
            RTM_NEWNEIGH,
            12,
            neigh_answers as fn(&[u8]) -> _,
        ),
        ("neigh_proxy_dump.bin", RTM_NEWNEIGH, 12, neigh_answers),
        ("neigh_fdb_dump.bin", RTM_NEWNEIGH, 12, neigh_answers),
        ("neigh_extra_dump.bin", RTM_NEWNEIGH, 12, neigh_answers),
        ("neigh_table_dump.bin", RTM_NEWNEIGHTBL, 4, table_answers),
    ] {
        let bytes = data(name);
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type() != t {
                continue;
            }
            let len = m.header().len() as usize;
            let c = corrupt::every_byte(&bytes[m.offset()..m.offset() + len], fh, answers);
            assert!(c.parsed > 0 && c.same > 0, "{name}: {c:?}");
            errors += c.errors;
        }
    }
    assert!(errors > 1000, "only {errors} framing errors checked");
}

fn entries(bytes: &[u8]) -> Vec<NeighMsg<'_>> {
    Messages::new(bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWNEIGH)
        .map(|m| NeighMsg::parse(m).unwrap())
        .collect()
}

#[test]
fn captured_forwarding_database_entries_are_the_configured_ones() {
    let bytes = data("neigh_fdb_dump.bin");
    let fdb = entries(&bytes);
    assert_eq!(fdb.len(), 19);
    assert!(fdb.iter().all(|n| n.family() == AddressFamily::BRIDGE));
    let by_mac = |mac: u8| {
        fdb.iter()
            .find(|n| n.lladdr().unwrap() == Some(&[2, 0, 0, 0, 0, mac][..]))
            .unwrap()
    };
    // The static entry with activity notification: a flagged NDA_FDB_EXT_ATTRS nest.
    let notify = by_mac(0xdd);
    assert_eq!((notify.index(), notify.master().unwrap()), (2, Some(4)));
    assert_eq!(notify.state(), NeighState::NOARP);
    assert_eq!(notify.flags_ext().unwrap(), Some(NeighFlagsExt::EMPTY));
    let ext = notify.fdb_ext_attrs().unwrap().unwrap();
    assert!(ext.is_flagged());
    assert_eq!(FdbExt::from(ext).activity_notify().unwrap(), Some(1));
    assert_eq!(FdbExt::from(ext).dont_refresh().unwrap(), None);
    assert!(by_mac(0xbb).flags().contains(NeighFlags::STICKY));
    assert_eq!(by_mac(0xaa).fdb_ext_attrs().unwrap(), None);
    // The VXLAN remote: NDA_PORT in network order, NDA_VNI in host order.
    let remote = by_mac(0xcc);
    assert_eq!(remote.index(), 5);
    assert_eq!(remote.flags(), NeighFlags::SELF);
    assert_eq!(
        remote.destination().unwrap(),
        Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 21)))
    );
    assert_eq!(
        (remote.port().unwrap(), remote.vni().unwrap()),
        (Some(4790), Some(100))
    );
    assert_eq!(remote.remote_ifindex().unwrap(), Some(3));
    let default = fdb
        .iter()
        .find(|n| n.lladdr().unwrap() == Some(&[0; 6][..]))
        .unwrap();
    assert_eq!(
        default.destination().unwrap(),
        Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 20)))
    );
}

#[test]
fn captured_neighbours_carry_their_protocol_and_extended_flags() {
    let bytes = data("neigh_extra_dump.bin");
    let all = entries(&bytes);
    let find = |ip: &str| {
        let ip: IpAddr = ip.parse().unwrap();
        all.iter()
            .find(|n| n.destination().unwrap() == Some(ip))
            .unwrap()
    };
    let stale = find("192.0.2.31");
    assert_eq!(stale.state(), NeighState::STALE);
    assert_eq!(stale.protocol().unwrap(), Some(RouteProtocol::BOOT));
    let router = find("2001:db8::30");
    assert!(router.flags().contains(NeighFlags::ROUTER));
    assert_eq!(router.protocol().unwrap(), Some(RouteProtocol::STATIC));
    let managed = find("192.0.2.32");
    assert_eq!(managed.flags_ext().unwrap(), Some(NeighFlagsExt::MANAGED));
    assert_eq!(managed.lladdr().unwrap(), None);
    assert_eq!(managed.protocol().unwrap(), None);
}
