//! Typed notifications on the real kernel: changes made with `ip` arrive as typed events.

mod event_support;

use std::net::IpAddr;

use crossbeam_channel::unbounded;
use event_support::{expect, listener};
use netlink::{Connection, ConnectionOptions, Event, Group};
use netlink_testns::TestNs;

#[test]
fn every_object_kind_arrives_typed() {
    let ns = TestNs::new();
    let (_conn, rx) = listener(
        &ns,
        &[
            Group::LINK,
            Group::IPV4_IFADDR,
            Group::IPV6_IFADDR,
            Group::IPV4_ROUTE,
            Group::IPV6_ROUTE,
            Group::NEIGH,
            Group::IPV4_RULE,
            Group::IPV6_RULE,
            Group::NEXTHOP,
        ],
    );

    ns.ip(&[
        "link", "add", "nle0", "type", "veth", "peer", "name", "nle1",
    ]);
    let Event::NewLink(l) = expect(
        &rx,
        "RTM_NEWLINK nle0",
        |e| matches!(e, Event::NewLink(l) if l.name == "nle0"),
    ) else {
        unreachable!()
    };
    assert!(l.index > 0);
    assert_eq!(l.kind.as_deref(), Some("veth"));

    ns.ip(&["link", "set", "nle0", "up"]);
    ns.ip(&["addr", "add", "192.0.2.1/24", "dev", "nle0"]);
    let ip: IpAddr = "192.0.2.1".parse().unwrap();
    let Event::NewAddress(a) = expect(
        &rx,
        "RTM_NEWADDR",
        |e| matches!(e, Event::NewAddress(a) if a.ip() == Some(ip)),
    ) else {
        unreachable!()
    };
    assert_eq!((a.prefix_len, a.index), (24, l.index));

    ns.ip(&[
        "-6",
        "addr",
        "add",
        "2001:db8::1/64",
        "dev",
        "nle0",
        "nodad",
    ]);
    let ip6: IpAddr = "2001:db8::1".parse().unwrap();
    expect(
        &rx,
        "RTM_NEWADDR v6",
        |e| matches!(e, Event::NewAddress(a) if a.ip() == Some(ip6)),
    );

    ns.ip(&["route", "add", "198.51.100.0/24", "via", "192.0.2.254"]);
    let Event::NewRoute(r) = expect(
        &rx,
        "RTM_NEWROUTE",
        |e| matches!(e, Event::NewRoute(r) if r.gateway == Some("192.0.2.254".parse().unwrap())),
    ) else {
        unreachable!()
    };
    assert_eq!(
        r.dst.map(|d| (d.addr.to_string(), d.len)),
        Some(("198.51.100.0".to_owned(), 24))
    );

    ns.ip(&[
        "neigh",
        "add",
        "192.0.2.9",
        "lladdr",
        "02:00:00:00:00:09",
        "dev",
        "nle0",
        "nud",
        "permanent",
    ]);
    let Event::NewNeighbour(n) = expect(
        &rx,
        "RTM_NEWNEIGH",
        |e| matches!(e, Event::NewNeighbour(n) if n.destination == Some("192.0.2.9".parse().unwrap())),
    ) else {
        unreachable!()
    };
    assert_eq!(n.lladdr.as_deref(), Some(&[2, 0, 0, 0, 0, 9][..]));

    ns.ip(&[
        "rule",
        "add",
        "from",
        "192.0.2.0/24",
        "table",
        "100",
        "priority",
        "100",
    ]);
    let Event::NewRule(rule) = expect(
        &rx,
        "RTM_NEWRULE",
        |e| matches!(e, Event::NewRule(r) if r.priority == 100),
    ) else {
        unreachable!()
    };
    assert_eq!(rule.table.0, 100);

    ns.ip(&["nexthop", "add", "id", "42", "blackhole"]);
    let Event::NewNexthop(nh) = expect(
        &rx,
        "RTM_NEWNEXTHOP",
        |e| matches!(e, Event::NewNexthop(n) if n.id == 42),
    ) else {
        unreachable!()
    };
    assert!(nh.blackhole);
    ns.ip(&["nexthop", "del", "id", "42"]);
    let deleted = expect(
        &rx,
        "RTM_DELNEXTHOP",
        |e| matches!(e, Event::DelNexthop(n) if n.id == 42),
    );
    assert!(deleted.is_delete());

    ns.ip(&["rule", "del", "priority", "100"]);
    expect(
        &rx,
        "RTM_DELRULE",
        |e| matches!(e, Event::DelRule(r) if r.priority == 100),
    );
    ns.ip(&["route", "del", "198.51.100.0/24"]);
    expect(
        &rx,
        "RTM_DELROUTE",
        |e| matches!(e, Event::DelRoute(r) if r.gateway == Some("192.0.2.254".parse().unwrap())),
    );
    ns.ip(&["addr", "del", "192.0.2.1/24", "dev", "nle0"]);
    expect(
        &rx,
        "RTM_DELADDR",
        |e| matches!(e, Event::DelAddress(a) if a.ip() == Some(ip)),
    );
    ns.ip(&["link", "del", "nle0"]);
    let e = expect(
        &rx,
        "RTM_DELLINK",
        |e| matches!(e, Event::DelLink(l) if l.name == "nle0"),
    );
    assert!(e.is_delete());
}

#[test]
fn overrun_arrives_as_an_event() {
    let ns = TestNs::new();
    let conn = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .membership(Group::IPV4_ROUTE.0)
            .notify_buffer_size(4096),
    )
    .unwrap();
    let (tx, rx) = unbounded();
    let gate = std::sync::Arc::new(std::sync::Barrier::new(2));
    let g = gate.clone();
    let mut first = true;
    conn.handle_events(move |e| {
        if first {
            // Hold the reader on the first event so that the socket overflows.
            first = false;
            g.wait();
        }
        let _ = tx.send(e);
    });
    ns.blackhole_routes(3000);
    gate.wait();
    expect(&rx, "an Overrun event", |e| matches!(e, Event::Overrun));
}
