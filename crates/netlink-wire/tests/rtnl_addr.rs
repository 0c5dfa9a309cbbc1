//! Property tests for address messages: typed attributes survive build -> parse -> equal.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_wire::rtnl::addr::{AddrAttr, AddrFlags, AddrMsg, AddrProto, IfAddrMsg, IfaCacheInfo};
use netlink_wire::rtnl::{AddressFamily, RTM_NEWADDR};
use netlink_wire::{Flags, Msg, check};
use proptest::prelude::*;
use zerocopy::IntoBytes;

/// An owned mirror of [`AddrAttr`], so that strategies can produce values.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Address(IpAddr),
    Local(IpAddr),
    Label(String),
    Broadcast(Ipv4Addr),
    CacheInfo(u32, u32, u32, u32),
    Flags(u32),
    RtPriority(u32),
    Proto(u8),
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
        ip().prop_map(Owned::Address),
        ip().prop_map(Owned::Local),
        "[a-z0-9:]{0,15}".prop_map(Owned::Label),
        any::<[u8; 4]>().prop_map(|o| Owned::Broadcast(o.into())),
        any::<(u32, u32, u32, u32)>().prop_map(|(a, b, c, d)| Owned::CacheInfo(a, b, c, d)),
        any::<u32>().prop_map(Owned::Flags),
        any::<u32>().prop_map(Owned::RtPriority),
        any::<u8>().prop_map(Owned::Proto),
        (12u16..0x4000, prop::collection::vec(any::<u8>(), 0..24))
            .prop_map(|(k, v)| Owned::Unknown(k, v)),
    ]
}

fn write(b: &mut netlink_wire::MessageBuilder<'_>, o: &Owned) {
    use netlink_wire::AttrWrite;
    match o {
        Owned::Address(a) => AddrAttr::Address(*a).write_to(b),
        Owned::Local(a) => AddrAttr::Local(*a).write_to(b),
        Owned::Label(l) => AddrAttr::Label(l).write_to(b),
        Owned::Broadcast(a) => AddrAttr::Broadcast(IpAddr::V4(*a)).write_to(b),
        Owned::CacheInfo(a, v, c, t) => {
            let mut ci = IfaCacheInfo::lifetimes(*a, *v);
            ci.cstamp.set(*c);
            ci.tstamp.set(*t);
            b.put(netlink_wire::rtnl::addr::Ifa::CACHEINFO, ci.as_bytes());
        }
        Owned::Flags(f) => AddrAttr::Flags(AddrFlags(*f)).write_to(b),
        Owned::RtPriority(p) => AddrAttr::RtPriority(*p).write_to(b),
        Owned::Proto(p) => AddrAttr::Protocol(AddrProto(*p)).write_to(b),
        Owned::Unknown(k, v) => {
            b.put(*k, v);
        }
    }
}

fn read(a: AddrAttr<'_>) -> Owned {
    match a {
        AddrAttr::Address(a) => Owned::Address(a),
        AddrAttr::Local(a) => Owned::Local(a),
        AddrAttr::Label(l) => Owned::Label(l.to_owned()),
        AddrAttr::Broadcast(IpAddr::V4(a)) => Owned::Broadcast(a),
        AddrAttr::CacheInfo(c) => {
            let c = c.get();
            Owned::CacheInfo(
                c.ifa_prefered.get(),
                c.ifa_valid.get(),
                c.cstamp.get(),
                c.tstamp.get(),
            )
        }
        AddrAttr::Flags(f) => Owned::Flags(f.bits()),
        AddrAttr::RtPriority(p) => Owned::RtPriority(p),
        AddrAttr::Protocol(p) => Owned::Proto(p.0),
        AddrAttr::Other(a) => Owned::Unknown(a.kind(), a.payload().to_vec()),
        other => panic!("unexpected {other:?}"),
    }
}

proptest! {
    #[test]
    fn typed_address_attributes_round_trip(
        family in prop::sample::select(vec![AddressFamily::INET, AddressFamily::INET6]),
        prefix in any::<u8>(),
        index in any::<u32>(),
        attrs in prop::collection::vec(owned(), 0..10),
    ) {
        let mut buf = Vec::new();
        let hdr = IfAddrMsg::new(family, prefix, index);
        let mut b = AddrMsg::builder(&mut buf, RTM_NEWADDR, Flags::EMPTY, &hdr).unwrap();
        for a in &attrs {
            write(&mut b, a);
        }
        b.finish().unwrap();
        let m = AddrMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!((m.family(), m.prefix_len(), m.index()), (family, prefix, index));
        let back: Vec<Owned> = m.typed_attrs().map(|a| read(a.unwrap())).collect();
        prop_assert_eq!(&back, &attrs);
        // Accessors agree with the first attribute of their kind.
        let first_local = attrs.iter().find_map(|a| if let Owned::Local(l) = a { Some(*l) } else { None });
        prop_assert_eq!(m.local().unwrap(), first_local);
        let s = check::walk(&buf);
        prop_assert_eq!((s.errors, s.typed_errors), (0, 0));
        prop_assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn random_address_payloads_never_panic(payload in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut buf = Vec::new();
        let mut b = netlink_wire::MessageBuilder::new(&mut buf, RTM_NEWADDR, Flags::EMPTY);
        b.payload(&payload);
        b.finish().unwrap();
        if let Ok(m) = AddrMsg::parse(Msg::parse(&buf).unwrap()) {
            let _ = (m.address(), m.local(), m.label(), m.broadcast(), m.flags(), m.cache_info());
            for a in m.typed_attrs() {
                let _ = a;
            }
        }
        let _ = check::walk(&buf);
    }
}

#[path = "corrupt/mod.rs"]
mod corrupt;

/// Every accessor of [`AddrMsg`].
fn addr_answers(bytes: &[u8]) -> Option<Vec<corrupt::Answer>> {
    use corrupt::{attr, derived};
    use netlink_wire::rtnl::addr::Ifa;
    let a = AddrMsg::parse(Msg::parse(bytes).ok()?).ok()?;
    Some(vec![
        derived("family", &[], true, Ok(a.family())),
        derived("prefix_len", &[], true, Ok(a.prefix_len())),
        derived("scope", &[], true, Ok(a.scope())),
        derived("index", &[], true, Ok(a.index())),
        derived("flags", &[Ifa::FLAGS.0], true, a.flags()),
        attr("address", Ifa::ADDRESS, a.address()),
        attr("local", Ifa::LOCAL, a.local()),
        attr("label", Ifa::LABEL, a.label()),
        attr("broadcast", Ifa::BROADCAST, a.broadcast()),
        attr("anycast", Ifa::ANYCAST, a.anycast()),
        attr("cache_info", Ifa::CACHEINFO, a.cache_info()),
        attr("multicast", Ifa::MULTICAST, a.multicast()),
        attr("rt_priority", Ifa::RT_PRIORITY, a.rt_priority()),
        attr("target_netnsid", Ifa::TARGET_NETNSID, a.target_netnsid()),
        attr("protocol", Ifa::PROTO, a.protocol()),
    ])
}

/// No silent loss: after a malformed attribute every accessor answers an error, and a
/// corrupted byte changes nothing but what it is part of; for every address captured.
#[test]
fn corrupting_captured_addresses_at_every_byte_loses_nothing_silently() {
    let mut errors = 0;
    for name in ["addr_dump.bin", "notify_addr.bin"] {
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testdata")
                .join(name),
        )
        .unwrap();
        for m in netlink_wire::Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type() != RTM_NEWADDR {
                continue;
            }
            let len = m.header().len() as usize;
            let c = corrupt::every_byte(&bytes[m.offset()..m.offset() + len], 8, addr_answers);
            assert!(c.parsed > 0 && c.same > 0, "{name}: {c:?}");
            errors += c.errors;
        }
    }
    assert!(errors > 300, "only {errors} framing errors checked");
}
