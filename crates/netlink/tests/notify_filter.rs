//! Kernel-side notification filters on the real kernel: what a `NotifyFilter` rejects never
//! reaches the process, and everything it accepts still arrives.

mod event_support;

use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use event_support::listener;
use netlink::netlink_wire::rtnl::neigh::NeighState;
use netlink::netlink_wire::rtnl::{AddressFamily, RTM_DELROUTE, RouteProtocol, RouteType, Table};
use netlink::{Connection, ConnectionOptions, Event, Group, NotifyFilter};
use netlink_testns::TestNs;

/// Opens a connection in `ns` joined to `groups` whose notification socket carries `filter`.
fn filtered(
    ns: &TestNs,
    groups: &[Group],
    filter: NotifyFilter,
) -> (Connection, Receiver<netlink::Result<Event>>) {
    let options = groups
        .iter()
        .fold(ConnectionOptions::default().netns(ns.path()), |o, g| {
            o.membership(*g)
        })
        .notify_filter(filter);
    let conn = Connection::with_options(options).unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.handle_events(move |e| {
        let _ = tx.send(e);
    });
    (conn, rx)
}

/// Collects events until `done` says the last expected one came, or 60 s passed; then keeps
/// what arrives in the next 200 ms too, so that an extra event is seen.
fn collect(rx: &Receiver<netlink::Result<Event>>, done: impl Fn(&[Event]) -> bool) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut got = Vec::new();
    while !done(&got) {
        match rx.recv_deadline(deadline) {
            Ok(e) => got.push(e.expect("decodable notification")),
            Err(_) => break,
        }
    }
    while let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
        got.push(e.expect("decodable notification"));
    }
    got
}

fn table_of(e: &Event) -> Option<Table> {
    match e {
        Event::NewRoute(r) | Event::DelRoute(r) => Some(r.table),
        _ => None,
    }
}

#[test]
fn a_storm_in_another_table_never_reaches_the_filtered_subscriber() {
    let ns = TestNs::new();
    let (filtered_conn, rx) = filtered(
        &ns,
        &[Group::IPV6_ROUTE],
        NotifyFilter::new().route_table(Table(200)),
    );
    // The same groups without a filter, to show the storm's events do exist.
    let (plain_conn, plain_rx) = listener(&ns, &[Group::IPV6_ROUTE]);

    // 20,000 routes in table 100 with 1,000 of table 200 mixed in (one every 20), then all
    // deleted again: 42,000 events, of which 2,000 are table 200's.
    let (storm, wanted) = (20_000u32, 1_000u32);
    let mut batch = String::new();
    for verb in ["add", "del"] {
        for i in 0..storm {
            batch.push_str(&format!(
                "route {verb} blackhole 2001:db8:100::{:x}:{:x}/128 table 100\n",
                i >> 16,
                i & 0xffff
            ));
            if i % 20 == 19 {
                batch.push_str(&format!(
                    "route {verb} blackhole 2001:db8:200::{:x}/128 table 200\n",
                    i / 20
                ));
            }
        }
    }
    ns.ip_batch(&batch);

    let got = collect(&rx, |g| {
        g.iter().filter(|e| matches!(e, Event::DelRoute(_))).count() == wanted as usize
    });
    let overruns = got.iter().filter(|e| matches!(e, Event::Overrun)).count();
    assert_eq!(overruns, 0, "the filtered subscriber lost nothing");
    let tables: Vec<Option<Table>> = got.iter().map(table_of).collect();
    assert!(
        tables.iter().all(|t| *t == Some(Table(200))),
        "only table 200 arrives: {:?}",
        tables.iter().find(|t| **t != Some(Table(200)))
    );
    assert_eq!(
        got.len(),
        2 * wanted as usize,
        "every add and delete of table 200, once"
    );
    assert_eq!(filtered_conn.stats().delivered, u64::from(2 * wanted));

    // The unfiltered subscriber was sent table 100's storm (it may have overrun under it).
    let plain = collect(&plain_rx, |g| {
        g.iter().filter(|e| table_of(e) == Some(Table(100))).count() >= 1_000
    });
    assert!(
        plain
            .iter()
            .filter(|e| table_of(e) == Some(Table(100)))
            .count()
            >= 1_000
    );
    drop(plain_conn);
}

#[test]
fn conditions_combine_and_apply_only_to_their_kind() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "nf0", "type", "veth", "peer", "name", "nf1"]);
    ns.ip(&["link", "set", "nf0", "up"]);
    ns.ip(&["link", "set", "nf1", "up"]);
    let (probe, _) = listener(&ns, &[]);
    let nf0 = probe.link_index("nf0").unwrap();
    drop(probe);
    // Routes: table 100, protocol static, unicast, through nf0, deletions only. Links: nf0's.
    let filter = NotifyFilter::new()
        .route_table(Table(100))
        .route_protocol(RouteProtocol::STATIC)
        .route_type(RouteType::UNICAST)
        .ifindex(nf0)
        .message_type(RTM_DELROUTE)
        .message_type(netlink::netlink_wire::rtnl::RTM_NEWLINK);
    let (_conn, rx) = filtered(&ns, &[Group::IPV6_ROUTE, Group::LINK], filter);

    // Only the first passes every condition.
    let routes = [
        "2001:db8:1::/64 dev nf0 table 100 proto static",
        "2001:db8:2::/64 dev nf1 table 100 proto static", // another device
        "2001:db8:3::/64 dev nf0 table 101 proto static", // another table
        "2001:db8:4::/64 dev nf0 table 100 proto boot",   // another protocol
        "blackhole 2001:db8:5::/64 table 100 proto static", // no RTA_OIF, not unicast
    ];
    for verb in ["add", "del"] {
        for r in routes {
            let args: Vec<&str> = ["-6", "route", verb]
                .into_iter()
                .chain(r.split(' '))
                .collect();
            ns.ip(&args);
        }
    }
    ns.ip(&["link", "set", "nf1", "mtu", "1400"]); // another link: filtered
    ns.ip(&["link", "set", "nf0", "mtu", "1400"]); // passes, and ends the test

    let got = collect(&rx, |g| {
        g.iter()
            .any(|e| matches!(e, Event::NewLink(l) if l.index == nf0 && l.mtu == Some(1400)))
    });
    let mut routes_seen = Vec::new();
    for e in &got {
        match e {
            Event::DelRoute(r) => routes_seen.push(r.dst.map(|d| d.to_string())),
            Event::NewLink(l) => assert_eq!(l.index, nf0, "only nf0's link events"),
            other => panic!("a filtered event arrived: {other:?}"),
        }
    }
    assert_eq!(routes_seen, vec![Some("2001:db8:1::/64".to_owned())]);
}

#[test]
fn a_filter_changes_and_goes_at_run_time() {
    let ns = TestNs::new();
    let (conn, rx) = listener(&ns, &[Group::IPV6_ROUTE]);
    conn.set_notify_filter(&NotifyFilter::new().route_table(Table(7)))
        .unwrap();
    ns.ip_batch(
        "route add blackhole 2001:db8:6::/64 table 6\nroute add blackhole 2001:db8:7::/64 table 7\n",
    );
    let got = collect(&rx, |g| !g.is_empty());
    assert_eq!(
        got.iter().map(table_of).collect::<Vec<_>>(),
        vec![Some(Table(7))]
    );

    conn.set_notify_filter(&NotifyFilter::new()).unwrap(); // removes it
    conn.set_notify_filter(&NotifyFilter::new()).unwrap(); // no filter: still fine
    ns.ip_batch("route add blackhole 2001:db8:16::/64 table 6\n");
    let got = collect(&rx, |g| !g.is_empty());
    assert_eq!(
        got.iter().map(table_of).collect::<Vec<_>>(),
        vec![Some(Table(6))]
    );
}

#[test]
fn a_too_long_filter_is_refused_before_anything_is_attached() {
    let mut f = NotifyFilter::new();
    for t in 0..300u16 {
        f = f.message_type(netlink::MessageType(t));
    }
    let e = f.program().unwrap_err();
    assert!(e.to_string().contains("too long"), "{e}");
}

#[test]
fn family_and_neighbour_state_conditions() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "nf0", "type", "veth", "peer", "name", "nf1"]);
    ns.ip(&["link", "set", "nf0", "up"]);
    let filter = NotifyFilter::new()
        .family(AddressFamily::INET6)
        .neigh_states(NeighState::PERMANENT | NeighState::NOARP);
    let groups = [Group::IPV4_IFADDR, Group::IPV6_IFADDR, Group::NEIGH];
    let (_conn, rx) = filtered(&ns, &groups, filter);

    // The IPv4 address, the stale neighbour and the IPv4 neighbour do not pass the filter.
    // The kernel announces an IPv6 address from its DAD work (addrconf_dad_work, `nodad` or
    // not), not from the request that added it; in one batch the neighbours are usually added
    // before that work ran, so the address event comes after theirs.
    ns.ip_batch(
        "addr add 192.0.2.1/24 dev nf0\n\
         addr add 2001:db8::1/64 dev nf0 nodad\n\
         neigh add 2001:db8::7 lladdr 02:00:00:00:00:09 dev nf0 nud stale\n\
         neigh add 192.0.2.8 lladdr 02:00:00:00:00:09 dev nf0 nud permanent\n\
         neigh add 2001:db8::9 lladdr 02:00:00:00:00:09 dev nf0 nud permanent\n",
    );
    // Either order is the kernel's: wait for both, then compare what came in any order.
    let wanted = ["addr Some(2001:db8::1)", "neigh Some(2001:db8::9)"];
    let got = collect(&rx, |g| {
        wanted.iter().all(|w| g.iter().any(|e| describe(e) == *w))
    });
    let mut seen: Vec<String> = got.iter().map(describe).collect();
    seen.sort();
    assert_eq!(seen, wanted, "each accepted event once, and nothing else");
}

/// What `family_and_neighbour_state_conditions` compares: an address or neighbour event's
/// kind and address; anything else arrived through the filter and fails the test.
fn describe(e: &Event) -> String {
    match e {
        Event::NewAddress(a) => format!("addr {:?}", a.ip()),
        Event::NewNeighbour(n) => format!("neigh {:?}", n.destination),
        other => panic!("a filtered event arrived: {other:?}"),
    }
}

/// `ConnectionOptions::notify_coalesce`: after a wake-up the reader waits the delay, then
/// delivers everything queued meanwhile; every event still arrives, in order, and `close()`
/// ends the wait at once.
#[test]
fn a_coalescing_reader_delivers_every_event_after_its_delay_and_close_ends_the_wait() {
    let ns = TestNs::new();
    let delay = Duration::from_secs(2);
    let options = ConnectionOptions::default()
        .netns(ns.path())
        .membership(Group::IPV6_ROUTE)
        .notify_coalesce(delay);
    let conn = Connection::with_options(options).unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.handle_events(move |e| {
        let _ = tx.send((Instant::now(), e));
    });
    let n = 50u32;
    let batch: String = (0..n)
        .map(|i| format!("route add blackhole 2001:db8:c0::{i:x}/128 table 100\n"))
        .collect();
    ns.ip_batch(&batch);
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while got.len() < n as usize {
        let Ok((at, e)) = rx.recv_deadline(deadline) else {
            break;
        };
        match e.expect("decodable notification") {
            Event::NewRoute(r) => got.push((at, r.dst.map(|d| d.addr))),
            other => panic!("only route additions: {other:?}"),
        }
    }
    let want: Vec<_> = (0..n)
        .map(|i| Some(format!("2001:db8:c0::{i:x}").parse().unwrap()))
        .collect();
    assert_eq!(
        got.iter().map(|(_, a)| *a).collect::<Vec<_>>(),
        want,
        "every event, in order"
    );
    // The first event woke the reader and went out at once; the reader then waited the whole
    // delay before it took the rest (the batch was queued long before), so the second cannot
    // have been delivered sooner.
    let gap = got[1].0.duration_since(got[0].0);
    assert!(
        gap >= delay,
        "the rest came {gap:?} after the first, within the delay"
    );

    // A reader in its delay is stopped by close() without waiting it out.
    let conn = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .membership(Group::IPV6_ROUTE)
            .notify_coalesce(Duration::from_secs(3600)),
    )
    .unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.handle_events(move |e| {
        let _ = tx.send(e);
    });
    ns.ip(&[
        "route",
        "add",
        "blackhole",
        "2001:db8:c1::/64",
        "table",
        "100",
    ]);
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the first event at once");
    assert!(matches!(first, Ok(Event::NewRoute(_))), "{first:?}");
    let closing = Instant::now();
    conn.close();
    assert!(
        closing.elapsed() < Duration::from_secs(600),
        "close() waited out the hour-long delay"
    );
    drop(conn);
}
