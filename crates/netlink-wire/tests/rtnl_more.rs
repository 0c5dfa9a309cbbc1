//! The families beyond links, addresses, routes, neighbours, rules and nexthops (namespace
//! ids, netconf, address labels, statistics, prefixes, ND user options, cache reports, DCB),
//! and the messages that share a declaration with an older family (multicast and anycast
//! addresses, link properties): every capture decodes with no error and re-encodes byte for
//! byte, random bodies never panic and break no round trip, and the requests are the bytes
//! `ip` sends.

use std::net::IpAddr;
use std::path::PathBuf;

use netlink_wire::rtnl::addr::{AddrMsg, IfAddrMsg, Ifa};
use netlink_wire::rtnl::link::{IfInfoMsg, Ifla, LinkMsg};
use netlink_wire::rtnl::{
    self, AddressFamily, RTM_DELLINKPROP, RTM_DELMULTICAST, RTM_GETANYCAST, RTM_GETMULTICAST,
    RTM_NEWLINKPROP, RTM_NEWMULTICAST,
};
use netlink_wire::{AttrWrite, Flags, MessageType, Messages, Msg, check};
use proptest::prelude::*;

fn capture(name: &str) -> Vec<u8> {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "testdata", name]
        .iter()
        .collect();
    std::fs::read(p).unwrap()
}

fn clean(name: &str) -> Vec<u8> {
    let bytes = capture(name);
    let s = check::walk(&bytes);
    assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
    assert_eq!(
        (s.reencoded_differently, s.roundtrip_failures),
        (0, 0),
        "{name}: {s:?}"
    );
    bytes
}

/// The addresses of the messages of type `t` in a capture, read from `IFA_MULTICAST` or
/// `IFA_ANYCAST`.
fn addresses(bytes: &[u8], t: MessageType) -> Vec<(u32, IpAddr)> {
    Messages::new(bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == t)
        .map(|m| {
            let a = AddrMsg::parse(m).unwrap();
            let ip = a.multicast().unwrap().or(a.anycast().unwrap()).unwrap();
            assert!(a.cache_info().unwrap().is_some());
            (a.index(), ip)
        })
        .collect()
}

#[test]
fn every_new_capture_decodes_cleanly() {
    for name in [
        "nsid_dump.bin",
        "netconf_dump.bin",
        "addrlabel_dump.bin",
        "stats_dump.bin",
        "ra_events.bin",
        "mcaddr_events.bin",
        "cachereport_events.bin",
        "multicast4_dump.bin",
        "multicast6_dump.bin",
        "anycast6_dump.bin",
    ] {
        let bytes = clean(name);
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            let t = m.message_type();
            if t.is_control() {
                continue;
            }
            assert!(
                rtnl::family(t).is_some(),
                "{name}: type {t:?} has no family"
            );
        }
    }
}

#[test]
fn multicast_and_anycast_dumps_answer_with_the_get_type() {
    let v4 = clean("multicast4_dump.bin");
    let a = addresses(&v4, RTM_GETMULTICAST);
    assert!(a.contains(&(1, "224.0.0.1".parse().unwrap())));
    assert_eq!(
        a.len(),
        5,
        "224.0.0.1 on lo, veth1, veth0 and br0, and 224.0.0.106 on br0"
    );
    let v6 = clean("multicast6_dump.bin");
    let a = addresses(&v6, RTM_GETMULTICAST);
    assert!(a.contains(&(1, "ff02::1".parse().unwrap())));
    assert!(a.iter().all(|(_, ip)| ip.is_multicast()));
    let any = clean("anycast6_dump.bin");
    let a = addresses(&any, RTM_GETANYCAST);
    assert!(
        a.contains(&(3, "2001:db8::".parse().unwrap())),
        "veth0's subnet-router anycast: {a:?}"
    );
}

#[test]
fn multicast_notifications_join_and_leave() {
    let bytes = clean("mcaddr_events.bin");
    let kinds: Vec<_> = Messages::new(&bytes)
        .map(|m| m.unwrap().message_type())
        .collect();
    assert_eq!(
        kinds,
        [
            RTM_NEWMULTICAST,
            RTM_NEWMULTICAST,
            RTM_DELMULTICAST,
            RTM_DELMULTICAST
        ]
    );
    let joined: Vec<_> = Messages::new(&bytes)
        .map(|m| {
            let a = AddrMsg::parse(m.unwrap()).unwrap();
            (a.family(), a.multicast().unwrap().unwrap())
        })
        .collect();
    assert!(joined.contains(&(AddressFamily::INET, "239.9.9.9".parse().unwrap())));
    assert!(joined.contains(&(AddressFamily::INET6, "ff05::99".parse().unwrap())));
}

#[test]
fn link_property_requests_are_what_ip_sends() {
    // `ip link property add dev veth0 altname x1 altname x2`, veth0 at index 2, after the
    // nlmsghdr (flags REQUEST|ACK|CREATE|EXCL|APPEND): ifinfomsg, IFLA_PROP_LIST with
    // NLA_F_NESTED holding the names.
    let expected: [u8; 36] = [
        0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
        0x14, 0, 0x34, 0x80, 7, 0, 0x35, 0, b'x', b'1', 0, 0, 7, 0, 0x35, 0, b'x', b'2', 0, 0,
    ];
    let mut buf = Vec::new();
    let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 2);
    let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINKPROP, Flags::REQUEST, &hdr).unwrap();
    let mut p = b.nest(Ifla::PROP_LIST.0 | netlink_wire::attr::NLA_F_NESTED);
    p.put_str(Ifla::ALT_IFNAME, "x1")
        .put_str(Ifla::ALT_IFNAME, "x2");
    p.end();
    b.finish().unwrap();
    assert_eq!(&buf[16..], &expected);
    let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
    let names: Vec<_> = l.alt_names().unwrap().map(Result::unwrap).collect();
    assert_eq!(names, ["x1", "x2"]);
    let s = check::walk(&buf);
    assert_eq!((s.errors, s.typed_errors, s.roundtrip_failures), (0, 0, 0));
    assert!(LinkMsg::builder(&mut Vec::new(), RTM_DELLINKPROP, Flags::REQUEST, &hdr).is_ok());
}

#[test]
fn a_multicast_dump_request_is_an_address_message() {
    // The dump `ip` does not make (it reads /proc): ifaddrmsg {AF_INET6} alone.
    let mut buf = Vec::new();
    let hdr = IfAddrMsg::new(AddressFamily::INET6, 0, 0);
    AddrMsg::builder(&mut buf, RTM_GETMULTICAST, Flags::DUMP, &hdr)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(&buf[16..], &[10, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(format!("{:?}", Ifa::MULTICAST), "IFA_MULTICAST");
}

/// The message types whose bodies the property test decodes.
const TYPES: [u16; 14] = [88, 89, 80, 81, 72, 73, 92, 94, 95, 52, 68, 96, 78, 79];

proptest! {
    #[test]
    fn random_bodies_never_panic_and_round_trip(
        pick in 0usize..TYPES.len(),
        body in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let s = check::walk_as(MessageType(TYPES[pick]), &body);
        prop_assert_eq!(s.roundtrip_failures, 0);
        prop_assert_eq!(s.messages, 1);
    }

    #[test]
    fn attributes_after_a_valid_header_round_trip(
        pick in 0usize..TYPES.len(),
        attrs in proptest::collection::vec((1u16..12, proptest::collection::vec(any::<u8>(), 0..24)), 0..8),
    ) {
        let t = MessageType(TYPES[pick]);
        let f = rtnl::family(t).unwrap();
        let mut buf = Vec::new();
        let mut b = netlink_wire::MessageBuilder::new(&mut buf, t, Flags::EMPTY);
        // A zeroed header (an ND user option message with no options).
        b.family_header(&vec![0u8; f.header_len][..]);
        for (kind, payload) in &attrs {
            b.put(*kind, payload);
        }
        b.finish().unwrap();
        let s = check::walk(&buf);
        // A string without its NUL re-encodes with one, so only the round trip is asserted.
        prop_assert_eq!(s.roundtrip_failures, 0);
        prop_assert_eq!(s.messages, 1);
    }
}
