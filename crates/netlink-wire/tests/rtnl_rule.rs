//! Rule messages: typed attributes -> builder -> parse -> equal; random attribute bytes never
//! panic; decode, re-encode, decode again equal; the captured rule dumps decode with no typed
//! error.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use netlink_wire::rtnl::rule::{
    FibRulePortRange, FibRuleUidRange, Fra, RuleAttr, RuleFlags, RuleHdr, RuleMsg,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELRULE, RTM_NEWRULE, RouteProtocol, Table};
use netlink_wire::{AttrWrite, Flags, Messages, Msg, check};
use proptest::prelude::*;
use zerocopy::byteorder::native_endian::U32;

/// An owned stand-in for one [`RuleAttr`], so that borrowed variants have something to borrow.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Dst(IpAddr),
    Src(IpAddr),
    Iifname(String),
    Goto(u32),
    Priority(u32),
    Fwmark(u32),
    Flow(u32),
    TunId(u64),
    SuppressIfgroup(u32),
    SuppressPrefixlen(u32),
    Table(u32),
    Fwmask(u32),
    Oifname(String),
    Pad(Vec<u8>),
    L3mdev(u8),
    UidRange(u32, u32),
    Protocol(u8),
    IpProto(u8),
    SportRange(u16, u16),
    DportRange(u16, u16),
    Dscp(u8),
    Flowlabel(u32),
    FlowlabelMask(u32),
    SportMask(u16),
    DportMask(u16),
    DscpMask(u8),
    Unknown(u16, Vec<u8>),
}

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| IpAddr::V4(Ipv4Addr::from(o))),
        any::<[u8; 16]>().prop_map(|o| IpAddr::V6(Ipv6Addr::from(o))),
    ]
}

fn name() -> impl Strategy<Value = String> {
    "[a-z0-9.:_-]{0,15}"
}

fn owned() -> impl Strategy<Value = Owned> {
    prop_oneof![
        ip().prop_map(Owned::Dst),
        ip().prop_map(Owned::Src),
        name().prop_map(Owned::Iifname),
        any::<u32>().prop_map(Owned::Goto),
        any::<u32>().prop_map(Owned::Priority),
        any::<u32>().prop_map(Owned::Fwmark),
        any::<u32>().prop_map(Owned::Flow),
        any::<u64>().prop_map(Owned::TunId),
        any::<u32>().prop_map(Owned::SuppressIfgroup),
        any::<u32>().prop_map(Owned::SuppressPrefixlen),
        any::<u32>().prop_map(Owned::Table),
        any::<u32>().prop_map(Owned::Fwmask),
        name().prop_map(Owned::Oifname),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Owned::Pad),
        any::<u8>().prop_map(Owned::L3mdev),
        (any::<u32>(), any::<u32>()).prop_map(|(s, e)| Owned::UidRange(s, e)),
        any::<u8>().prop_map(Owned::Protocol),
        any::<u8>().prop_map(Owned::IpProto),
        (any::<u16>(), any::<u16>()).prop_map(|(s, e)| Owned::SportRange(s, e)),
        (any::<u16>(), any::<u16>()).prop_map(|(s, e)| Owned::DportRange(s, e)),
        any::<u8>().prop_map(Owned::Dscp),
        any::<u32>().prop_map(Owned::Flowlabel),
        any::<u32>().prop_map(Owned::FlowlabelMask),
        any::<u16>().prop_map(Owned::SportMask),
        any::<u16>().prop_map(Owned::DportMask),
        any::<u8>().prop_map(Owned::DscpMask),
        // Numbers 5, 7, 8, 9 are FRA_UNUSED*, 31 and up are unknown to this crate.
        (
            prop_oneof![Just(5u16), Just(7), Just(8), Just(9), 31u16..0x4000],
            prop::collection::vec(any::<u8>(), 0..24)
        )
            .prop_map(|(k, p)| Owned::Unknown(k, p)),
    ]
}

/// Writes `o` through the typed enum.
fn write(b: &mut impl AttrWrite, o: &Owned) {
    let a = match o {
        Owned::Dst(v) => RuleAttr::Dst(*v),
        Owned::Src(v) => RuleAttr::Src(*v),
        Owned::Iifname(v) => RuleAttr::Iifname(v),
        Owned::Goto(v) => RuleAttr::Goto(*v),
        Owned::Priority(v) => RuleAttr::Priority(*v),
        Owned::Fwmark(v) => RuleAttr::Fwmark(*v),
        Owned::Flow(v) => RuleAttr::Flow(*v),
        Owned::TunId(v) => RuleAttr::TunId(*v),
        Owned::SuppressIfgroup(v) => RuleAttr::SuppressIfgroup(*v),
        Owned::SuppressPrefixlen(v) => RuleAttr::SuppressPrefixlen(*v),
        Owned::Table(v) => RuleAttr::Table(Table(*v)),
        Owned::Fwmask(v) => RuleAttr::Fwmask(*v),
        Owned::Oifname(v) => RuleAttr::Oifname(v),
        Owned::Pad(v) => RuleAttr::Pad(v),
        Owned::L3mdev(v) => RuleAttr::L3mdev(*v),
        Owned::UidRange(s, e) => RuleAttr::UidRange(FibRuleUidRange::new(*s, *e)),
        Owned::Protocol(v) => RuleAttr::Protocol(RouteProtocol(*v)),
        Owned::IpProto(v) => RuleAttr::IpProto(*v),
        Owned::SportRange(s, e) => RuleAttr::SportRange(FibRulePortRange::new(*s, *e)),
        Owned::DportRange(s, e) => RuleAttr::DportRange(FibRulePortRange::new(*s, *e)),
        Owned::Dscp(v) => RuleAttr::Dscp(*v),
        Owned::Flowlabel(v) => RuleAttr::Flowlabel(*v),
        Owned::FlowlabelMask(v) => RuleAttr::FlowlabelMask(*v),
        Owned::SportMask(v) => RuleAttr::SportMask(*v),
        Owned::DportMask(v) => RuleAttr::DportMask(*v),
        Owned::DscpMask(v) => RuleAttr::DscpMask(*v),
        Owned::Unknown(k, p) => {
            // An unknown number is written raw; `Other` is only produced by decoding.
            b.put(*k, p);
            return;
        }
    };
    a.write_to(b);
}

/// Reads a typed attribute back into its owned stand-in.
fn read(a: RuleAttr<'_>) -> Owned {
    match a {
        RuleAttr::Dst(v) => Owned::Dst(v),
        RuleAttr::Src(v) => Owned::Src(v),
        RuleAttr::Iifname(v) => Owned::Iifname(v.to_owned()),
        RuleAttr::Goto(v) => Owned::Goto(v),
        RuleAttr::Priority(v) => Owned::Priority(v),
        RuleAttr::Fwmark(v) => Owned::Fwmark(v),
        RuleAttr::Flow(v) => Owned::Flow(v),
        RuleAttr::TunId(v) => Owned::TunId(v),
        RuleAttr::SuppressIfgroup(v) => Owned::SuppressIfgroup(v),
        RuleAttr::SuppressPrefixlen(v) => Owned::SuppressPrefixlen(v),
        RuleAttr::Table(v) => Owned::Table(v.0),
        RuleAttr::Fwmask(v) => Owned::Fwmask(v),
        RuleAttr::Oifname(v) => Owned::Oifname(v.to_owned()),
        RuleAttr::Pad(v) => Owned::Pad(v.to_vec()),
        RuleAttr::L3mdev(v) => Owned::L3mdev(v),
        RuleAttr::UidRange(r) => Owned::UidRange(r.start.get(), r.end.get()),
        RuleAttr::Protocol(v) => Owned::Protocol(v.0),
        RuleAttr::IpProto(v) => Owned::IpProto(v),
        RuleAttr::SportRange(r) => Owned::SportRange(r.start.get(), r.end.get()),
        RuleAttr::DportRange(r) => Owned::DportRange(r.start.get(), r.end.get()),
        RuleAttr::Dscp(v) => Owned::Dscp(v),
        RuleAttr::Flowlabel(v) => Owned::Flowlabel(v),
        RuleAttr::FlowlabelMask(v) => Owned::FlowlabelMask(v),
        RuleAttr::SportMask(v) => Owned::SportMask(v),
        RuleAttr::DportMask(v) => Owned::DportMask(v),
        RuleAttr::DscpMask(v) => Owned::DscpMask(v),
        RuleAttr::Other(a) => Owned::Unknown(a.kind(), a.payload().to_vec()),
        other => panic!("unexpected {other:?}"),
    }
}

fn header() -> impl Strategy<Value = RuleHdr> {
    (any::<[u8; 8]>(), any::<u32>()).prop_map(|(b, flags)| RuleHdr {
        family: b[0],
        dst_len: b[1],
        src_len: b[2],
        tos: b[3],
        table: b[4],
        res1: b[5],
        res2: b[6],
        action: b[7],
        flags: U32::new(flags),
    })
}

fn build(hdr: &RuleHdr, attrs: &[Owned]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = RuleMsg::builder(&mut buf, RTM_NEWRULE, Flags::REQUEST, hdr).unwrap();
    for a in attrs {
        write(&mut b, a);
    }
    b.finish().unwrap();
    buf
}

/// The first attribute of a kind wins, as `Attrs::get` does.
fn first<T>(attrs: &[Owned], f: impl Fn(&Owned) -> Option<T>) -> Option<T> {
    attrs.iter().find_map(f)
}

proptest! {
    #[test]
    fn typed_attributes_round_trip(hdr in header(), attrs in prop::collection::vec(owned(), 0..12)) {
        let buf = build(&hdr, &attrs);
        let r = RuleMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!(r.header(), &hdr);
        prop_assert_eq!(r.flags(), RuleFlags(hdr.flags.get()));
        let back: Vec<Owned> = r.typed_attrs().map(|a| read(a.unwrap())).collect();
        prop_assert_eq!(&back, &attrs);

        // The accessors agree with the first typed attribute of their kind.
        prop_assert_eq!(
            r.priority().unwrap(),
            first(&attrs, |a| match a { Owned::Priority(v) => Some(*v), _ => None })
        );
        prop_assert_eq!(
            r.src().unwrap(),
            first(&attrs, |a| match a { Owned::Src(v) => Some(*v), _ => None })
        );
        prop_assert_eq!(
            r.iifname().unwrap().map(str::to_owned),
            first(&attrs, |a| match a { Owned::Iifname(v) => Some(v.clone()), _ => None })
        );
        prop_assert_eq!(
            r.tun_id().unwrap(),
            first(&attrs, |a| match a { Owned::TunId(v) => Some(*v), _ => None })
        );
        prop_assert_eq!(
            r.uid_range().unwrap().map(|u| (u.start.get(), u.end.get())),
            first(&attrs, |a| match a { Owned::UidRange(s, e) => Some((*s, *e)), _ => None })
        );
        prop_assert_eq!(
            r.dport_range().unwrap().map(|p| (p.start.get(), p.end.get())),
            first(&attrs, |a| match a { Owned::DportRange(s, e) => Some((*s, *e)), _ => None })
        );
        prop_assert_eq!(
            r.flowlabel().unwrap(),
            first(&attrs, |a| match a { Owned::Flowlabel(v) => Some(*v), _ => None })
        );
        prop_assert_eq!(
            r.suppress_prefixlen().unwrap(),
            first(&attrs, |a| match a { Owned::SuppressPrefixlen(v) => Some(*v), _ => None })
                .filter(|&v| v != u32::MAX)
        );
        let table = first(&attrs, |a| match a { Owned::Table(v) => Some(*v), _ => None })
            .unwrap_or(u32::from(hdr.table));
        prop_assert_eq!(r.table().unwrap().0, table);

        // Re-encoding the decoded attributes gives the same bytes.
        let mut again = Vec::new();
        let mut b = RuleMsg::builder(&mut again, RTM_NEWRULE, Flags::REQUEST, r.header()).unwrap();
        for a in r.typed_attrs() {
            a.unwrap().write_to(&mut b);
        }
        b.finish().unwrap();
        prop_assert_eq!(&again, &buf);

        let s = check::walk(&buf);
        prop_assert_eq!(s.errors, 0);
        prop_assert_eq!(s.typed_errors, 0);
        prop_assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn random_attribute_bytes_never_panic(hdr in header(), tail in prop::collection::vec(any::<u8>(), 0..160)) {
        let mut buf = Vec::new();
        let mut b = RuleMsg::builder(&mut buf, RTM_DELRULE, Flags::EMPTY, &hdr).unwrap();
        b.payload(&tail);
        b.finish().unwrap();
        prop_assert_eq!(check::walk(&buf).roundtrip_failures, 0);
        if let Ok(r) = Msg::parse(&buf).and_then(RuleMsg::parse) {
            let _ = (r.table(), r.flags(), r.action());
            let _ = (r.src(), r.dst(), r.priority(), r.iifname(), r.oifname(), r.goto());
            let _ = (r.fwmark(), r.fwmask(), r.flow(), r.tun_id(), r.l3mdev());
            let _ = (r.suppress_prefixlen(), r.suppress_ifgroup(), r.uid_range());
            let _ = (r.protocol(), r.ip_proto(), r.sport_range(), r.dport_range());
            let _ = (r.sport_mask(), r.dport_mask(), r.dscp(), r.dscp_mask());
            let _ = (r.flowlabel(), r.flowlabel_mask());
            for a in r.typed_attrs() {
                let _ = a.map(|a| a.kind());
            }
        }
    }
}

fn capture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn captured_rule_dumps_decode_fully_typed() {
    for (name, rules) in [
        ("rule4_dump.bin", 6),
        ("rule6_dump.bin", 3),
        ("rule4_extra_dump.bin", 14),
        ("rule6_extra_dump.bin", 4),
    ] {
        let bytes = capture(name);
        let s = check::walk(&bytes);
        assert_eq!(s.errors, 0, "{name}");
        assert_eq!(s.typed_errors, 0, "{name}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{name}"
        );
        let mut seen = 0;
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWRULE {
                continue;
            }
            seen += 1;
            let r = RuleMsg::parse(m).unwrap();
            // Every attribute the kernel sent is known to the table, none is `Other`.
            for a in r.typed_attrs() {
                let a = a.unwrap();
                assert!(!matches!(a, RuleAttr::Other(_)), "{name}: {a:?}");
                assert!(a.kind().name().is_some());
            }
            // Decode and re-encode the kernel's bytes: byte for byte the same.
            let mut again = Vec::new();
            let mut b = RuleMsg::builder(&mut again, RTM_NEWRULE, m.flags(), r.header()).unwrap();
            b.seq(m.seq()).port_id(m.port_id());
            for a in r.typed_attrs() {
                a.unwrap().write_to(&mut b);
            }
            b.finish().unwrap();
            let mut orig = Vec::new();
            m.write_to(&mut orig);
            assert_eq!(again, orig, "{name}");
        }
        assert_eq!(seen, rules, "{name}");
    }
}

#[test]
fn captured_ipv4_rules_are_what_the_capture_script_added() {
    let bytes = capture("rule4_dump.bin");
    let mut summary = Vec::new();
    for m in Messages::new(&bytes) {
        let m = m.unwrap();
        if m.message_type() != RTM_NEWRULE {
            continue;
        }
        let r = RuleMsg::parse(m).unwrap();
        assert_eq!(r.family(), AddressFamily::INET);
        summary.push((
            r.priority().unwrap().unwrap_or(0),
            r.table().unwrap().0,
            r.src().unwrap().map(|s| (s, r.src_len())),
            r.fwmark().unwrap(),
            r.ip_proto().unwrap(),
            r.sport_range()
                .unwrap()
                .map(|p| (p.start.get(), p.end.get())),
            r.dport_range()
                .unwrap()
                .map(|p| (p.start.get(), p.end.get())),
            r.uid_range().unwrap().map(|u| (u.start.get(), u.end.get())),
        ));
    }
    let src = Some(("192.0.2.0".parse().unwrap(), 24));
    assert_eq!(
        summary,
        [
            (0, 255, None, None, None, None, None, None),
            (100, 100, src, None, None, None, None, None),
            (200, 100, None, Some(0x10), None, None, None, None),
            (
                300,
                100,
                None,
                None,
                Some(6),
                Some((1000, 2000)),
                Some((3000, 4000)),
                Some((100, 200))
            ),
            (32766, 254, None, None, None, None, None, None),
            (32767, 253, None, None, None, None, None, None),
        ]
    );
    assert_eq!(Fra::UID_RANGE.name(), Some("FRA_UID_RANGE"));
}

mod corrupt;

use corrupt::{attr, derived};

/// Every accessor of [`RuleMsg`].
fn rule_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    let r = RuleMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    Some(vec![
        derived("family", &[], true, Ok(r.family())),
        derived("dst_len", &[], true, Ok(r.dst_len())),
        derived("src_len", &[], true, Ok(r.src_len())),
        derived("tos", &[], true, Ok(r.tos())),
        derived("action", &[], true, Ok(r.action())),
        derived("flags", &[], true, Ok(r.flags())),
        derived("table", &[Fra::TABLE.0], true, r.table()),
        attr("dst", Fra::DST, r.dst()),
        attr("src", Fra::SRC, r.src()),
        attr("iifname", Fra::IIFNAME, r.iifname()),
        attr("goto", Fra::GOTO, r.goto()),
        attr("priority", Fra::PRIORITY, r.priority()),
        attr("fwmark", Fra::FWMARK, r.fwmark()),
        attr("flow", Fra::FLOW, r.flow()),
        attr("tun_id", Fra::TUN_ID, r.tun_id()),
        attr(
            "suppress_ifgroup",
            Fra::SUPPRESS_IFGROUP,
            r.suppress_ifgroup(),
        ),
        attr(
            "suppress_prefixlen",
            Fra::SUPPRESS_PREFIXLEN,
            r.suppress_prefixlen(),
        ),
        attr("fwmask", Fra::FWMASK, r.fwmask()),
        attr("oifname", Fra::OIFNAME, r.oifname()),
        attr("l3mdev", Fra::L3MDEV, r.l3mdev()),
        attr("uid_range", Fra::UID_RANGE, r.uid_range()),
        attr("protocol", Fra::PROTOCOL, r.protocol()),
        attr("ip_proto", Fra::IP_PROTO, r.ip_proto()),
        attr("sport_range", Fra::SPORT_RANGE, r.sport_range()),
        attr("dport_range", Fra::DPORT_RANGE, r.dport_range()),
        attr("dscp", Fra::DSCP, r.dscp()),
        attr("flowlabel", Fra::FLOWLABEL, r.flowlabel()),
        attr("flowlabel_mask", Fra::FLOWLABEL_MASK, r.flowlabel_mask()),
        attr("sport_mask", Fra::SPORT_MASK, r.sport_mask()),
        attr("dport_mask", Fra::DPORT_MASK, r.dport_mask()),
        attr("dscp_mask", Fra::DSCP_MASK, r.dscp_mask()),
    ])
}

/// No silent loss: after a malformed attribute every accessor answers an error, and a
/// corrupted byte changes nothing but what it is part of; for every message of both rule
/// captures.
#[test]
fn corrupting_captured_messages_at_every_byte_loses_nothing_silently() {
    let mut errors = 0;
    for name in [
        "rule4_dump.bin",
        "rule6_dump.bin",
        "rule4_extra_dump.bin",
        "rule6_extra_dump.bin",
    ] {
        let bytes = capture(name);
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type() != RTM_NEWRULE {
                continue;
            }
            let len = m.header().len() as usize;
            let c = corrupt::every_byte(&bytes[m.offset()..m.offset() + len], 12, rule_answers);
            assert!(c.parsed > 0 && c.same > 0, "{name}: {c:?}");
            errors += c.errors;
        }
    }
    assert!(errors > 1000, "only {errors} framing errors checked");
}

#[test]
fn captured_rules_carry_every_selector_they_were_given() {
    use netlink_wire::rtnl::rule::{RuleAction, SUPPRESS_UNSET};
    let bytes = capture("rule4_extra_dump.bin");
    let rs: Vec<_> = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWRULE)
        .map(|m| RuleMsg::parse(m).unwrap())
        .collect();
    let at = |p: u32| {
        rs.iter()
            .find(|r| r.priority().unwrap() == Some(p))
            .unwrap()
    };
    // 400: iif veth0 oif veth1 fwmark 0x20/0xff goto 1000.
    let r = at(400);
    assert_eq!(r.action(), RuleAction::GOTO);
    assert_eq!(
        (r.iifname().unwrap(), r.oifname().unwrap()),
        (Some("veth0"), Some("veth1"))
    );
    assert_eq!(
        (r.fwmark().unwrap(), r.fwmask().unwrap()),
        (Some(0x20), Some(0xff))
    );
    assert_eq!(r.goto().unwrap(), Some(1000));
    assert_eq!(r.table().unwrap(), Table::UNSPEC);
    // 500: tun_id 5 (network order on the wire) realms 3.
    assert_eq!(
        (at(500).tun_id().unwrap(), at(500).flow().unwrap()),
        (Some(5), Some(3))
    );
    assert_eq!(at(600).l3mdev().unwrap(), Some(1));
    assert_eq!(at(700).action(), RuleAction::UNREACHABLE);
    assert_eq!(at(710).action(), RuleAction::PROHIBIT);
    assert_eq!(at(720).action(), RuleAction::BLACKHOLE);
    // 800: a single port each way, to which the kernel adds a full mask.
    let r = at(800);
    assert_eq!(r.ip_proto().unwrap(), Some(17));
    assert_eq!(
        r.sport_range().unwrap(),
        Some(FibRulePortRange::new(1234, 1234))
    );
    assert_eq!(
        r.dport_range().unwrap(),
        Some(FibRulePortRange::new(53, 53))
    );
    assert_eq!(
        (r.sport_mask().unwrap(), r.dport_mask().unwrap()),
        (Some(0xffff), Some(0xffff))
    );
    // 900: a table above 255 travels in FRA_TABLE, with RT_TABLE_COMPAT in the header.
    let r = at(900);
    assert_eq!((r.header().table, r.table().unwrap()), (252, Table(5000)));
    assert_eq!(
        r.uid_range().unwrap(),
        Some(FibRuleUidRange::new(1000, 2000))
    );
    // 1000: not from .. to .. tos 0x10 table 200 with both suppressors, protocol static.
    let r = at(1000);
    assert!(r.flags().contains(RuleFlags::INVERT));
    assert_eq!((r.src_len(), r.dst_len(), r.tos()), (24, 24, 0x10));
    assert_eq!(r.src().unwrap(), Some("198.51.100.0".parse().unwrap()));
    assert_eq!(r.dst().unwrap(), Some("203.0.113.0".parse().unwrap()));
    assert_eq!(r.table().unwrap(), Table(200));
    assert_eq!(
        (
            r.suppress_prefixlen().unwrap(),
            r.suppress_ifgroup().unwrap()
        ),
        (Some(8), Some(5))
    );
    assert_eq!(r.protocol().unwrap(), Some(RouteProtocol::STATIC));
    // Unset suppressors read as None; the kernel sends FRA_SUPPRESS_PREFIXLEN -1 for them.
    assert_eq!(at(500).suppress_prefixlen().unwrap(), None);
    assert_eq!(
        at(500)
            .typed_attrs()
            .filter_map(Result::ok)
            .find_map(|a| match a {
                RuleAttr::SuppressPrefixlen(v) => Some(v),
                _ => None,
            }),
        Some(SUPPRESS_UNSET)
    );
    // The raw requests: DSCP with a mask, a single port with a mask.
    assert_eq!(
        (at(1200).dscp().unwrap(), at(1200).dscp_mask().unwrap()),
        (Some(10), Some(0x3e))
    );
    assert_eq!(at(1300).sport_mask().unwrap(), Some(0xf000));

    let bytes = capture("rule6_extra_dump.bin");
    let r = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWRULE)
        .map(|m| RuleMsg::parse(m).unwrap())
        .find(|r| r.priority().unwrap() == Some(1100))
        .unwrap();
    assert_eq!(
        (r.flowlabel().unwrap(), r.flowlabel_mask().unwrap()),
        (Some(0x12345), Some(0xfffff))
    );
}
