//! The facade on the real kernel, each test in its own network namespace.

use netlink::Errno;
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded, unbounded};
use netlink::netlink_wire::{AttrWrite, MessageBuilder};
use netlink::{Connection, ConnectionOptions, Error, Flags, Message, MessageType, Protocol};
use netlink_testns::TestNs;

const RTM_NEWLINK: MessageType = MessageType(16);
const RTM_GETLINK: MessageType = MessageType(18);
const RTM_NEWROUTE: MessageType = MessageType(24);
const RTM_DELROUTE: MessageType = MessageType(25);
const RTM_GETROUTE: MessageType = MessageType(26);
const RTMGRP_IPV4_ROUTE: u32 = 0x40;

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default().netns(ns.path())
}

fn route_listener(ns: &TestNs) -> Connection {
    Connection::with_options(options(ns).groups(RTMGRP_IPV4_ROUTE)).unwrap()
}

/// `struct rtmsg` for an IPv4 unicast route in the main table.
fn rtmsg(dst_len: u8) -> [u8; 12] {
    // family, dst_len, src_len, tos, table (RT_TABLE_MAIN), protocol (RTPROT_STATIC),
    // scope (RT_SCOPE_UNIVERSE), type (RTN_UNICAST), flags.
    [2, dst_len, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0]
}

fn route_dump_request() -> Message {
    Message::new(
        RTM_GETROUTE,
        Flags::EMPTY,
        vec![2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    )
}

fn link_dump_request() -> Message {
    Message::new(RTM_GETLINK, Flags::EMPTY, vec![0; 16])
}

/// Waits for a message of type `t` whose RTA_DST is `dst`, skipping others.
fn wait_route(rx: &Receiver<Message>, t: MessageType, dst: Ipv4Addr) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while let Ok(m) = rx.recv_deadline(deadline) {
        if m.message_type() == t && route_dst(&m) == Some(dst) {
            return;
        }
    }
    panic!("no {t:?} for {dst} within 5 s");
}

fn route_dst(m: &Message) -> Option<Ipv4Addr> {
    m.as_msg().attrs(12).ok()?.get(1u16).ok()??.as_ipv4().ok()
}

fn link_names(conn: &Connection) -> Vec<String> {
    conn.dump(&link_dump_request())
        .unwrap()
        .map(|m| {
            let m = m.unwrap();
            m.as_msg()
                .attrs(16)
                .unwrap()
                .get(3u16)
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn routes_added_and_deleted_arrive_through_notify() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (tx, rx) = unbounded();
    conn.notify(tx);
    ns.ip(&["route", "add", "blackhole", "198.51.100.0/24"]);
    wait_route(&rx, RTM_NEWROUTE, Ipv4Addr::new(198, 51, 100, 0));
    ns.ip(&["route", "del", "blackhole", "198.51.100.0/24"]);
    wait_route(&rx, RTM_DELROUTE, Ipv4Addr::new(198, 51, 100, 0));
    assert!(conn.stats().delivered >= 2);
}

#[test]
fn routes_added_and_deleted_arrive_through_handle() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (tx, rx) = unbounded();
    conn.handle(move |m| {
        tx.send(m.clone()).unwrap();
    });
    ns.ip(&["route", "add", "blackhole", "203.0.113.0/24"]);
    wait_route(&rx, RTM_NEWROUTE, Ipv4Addr::new(203, 0, 113, 0));
    ns.ip(&["route", "del", "blackhole", "203.0.113.0/24"]);
    wait_route(&rx, RTM_DELROUTE, Ipv4Addr::new(203, 0, 113, 0));
}

#[test]
fn channel_takes_precedence_over_callback() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (cb_tx, cb_rx) = unbounded();
    conn.handle(move |m| {
        cb_tx.send(m.clone()).unwrap();
    });
    let (tx, rx) = unbounded();
    conn.notify(tx);
    ns.ip(&["route", "add", "blackhole", "198.51.100.1/32"]);
    wait_route(&rx, RTM_NEWROUTE, Ipv4Addr::new(198, 51, 100, 1));
    assert!(
        cb_rx.try_recv().is_err(),
        "the callback ran although a channel is registered"
    );

    // Without the channel the callback takes over; the channel then gets nothing.
    conn.remove_notify();
    ns.ip(&["route", "add", "blackhole", "198.51.100.2/32"]);
    wait_route(&cb_rx, RTM_NEWROUTE, Ipv4Addr::new(198, 51, 100, 2));
    assert!(rx.try_recv().is_err());

    // Replacing the callback at run time.
    let (cb2_tx, cb2_rx) = unbounded();
    conn.handle(move |m| {
        cb2_tx.send(m.clone()).unwrap();
    });
    ns.ip(&["route", "add", "blackhole", "198.51.100.3/32"]);
    wait_route(&cb2_rx, RTM_NEWROUTE, Ipv4Addr::new(198, 51, 100, 3));
    assert!(cb_rx.try_recv().is_err());
}

#[test]
fn close_is_prompt_idempotent_and_final() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    std::thread::sleep(Duration::from_millis(50));
    let start = Instant::now();
    conn.close();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(1), "close took {took:?}");
    conn.close();
    assert!(conn.is_closed());
    assert!(matches!(
        conn.request(&link_dump_request()),
        Err(Error::Closed)
    ));
    assert!(matches!(
        conn.dump(&link_dump_request()),
        Err(Error::Closed)
    ));
    assert!(matches!(
        conn.send_message(&link_dump_request()),
        Err(Error::Closed)
    ));
}

#[test]
fn close_is_prompt_while_a_bounded_channel_is_full() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (tx, _rx) = bounded(1);
    conn.notify(tx);
    ns.ip_batch(
        &(1..=20)
            .map(|i| format!("route add blackhole 192.0.2.{i}/32\n"))
            .collect::<String>(),
    );
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    conn.close();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "close took {:?}",
        start.elapsed()
    );
}

#[test]
fn rejected_request_carries_errno_and_ext_ack_text() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    // A route via a gateway that no interface can reach.
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_NEWROUTE, Flags::CREATE | Flags::EXCL);
    b.family_header(&rtmsg(24));
    b.put_ipv4(1u16, Ipv4Addr::new(198, 51, 100, 0)); // RTA_DST
    b.put_ipv4(5u16, Ipv4Addr::new(203, 0, 113, 77)); // RTA_GATEWAY
    b.finish().unwrap();
    let err = conn.request_bytes(buf).unwrap_err();
    let Error::Kernel(k) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(k.errno, Errno::NETUNREACH); // ENETUNREACH
    assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));
    assert_eq!(
        err.to_string(),
        "Network is unreachable (ENETUNREACH): Nexthop has invalid gateway"
    );

    // An attribute-level error carries the offending offset.
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_NEWLINK, Flags::EMPTY);
    b.family_header(&[0u8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // ifindex 1
    b.put(4u16, &[0, 5]); // IFLA_MTU with 2 bytes instead of 4
    b.finish().unwrap();
    let Err(Error::Kernel(k)) = conn.request_bytes(buf) else {
        panic!()
    };
    assert_eq!(k.errno, Errno::RANGE); // ERANGE
    assert_eq!(k.offset, Some(32));
    assert!(k.to_string().contains("(attribute at offset 32)"), "{k}");
}

#[test]
fn accepted_request_is_acknowledged() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_NEWROUTE, Flags::CREATE | Flags::EXCL);
    let mut rt = rtmsg(24);
    rt[7] = 6; // RTN_BLACKHOLE
    b.family_header(&rt)
        .put_ipv4(1u16, Ipv4Addr::new(198, 51, 100, 0));
    b.finish().unwrap();
    let r = conn.request_bytes(buf.clone()).unwrap();
    assert!(r.messages().is_empty());
    assert!(
        ns.ip(&["route", "show"])
            .contains("blackhole 198.51.100.0/24")
    );
    // The same request again fails: it exists (EEXIST).
    let Err(Error::Kernel(k)) = conn.request_bytes(buf) else {
        panic!()
    };
    assert_eq!(k.errno, Errno::EXIST);
}

#[test]
fn get_request_returns_its_reply() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_GETLINK, Flags::EMPTY);
    b.family_header(&[0u8; 16]).put_str(3u16, "lo"); // IFLA_IFNAME
    b.finish().unwrap();
    let r = conn.request_bytes(buf).unwrap();
    assert_eq!(r.messages().len(), 1);
    let m = r.first().unwrap();
    assert_eq!(m.message_type(), RTM_NEWLINK);
    assert_eq!(
        m.as_msg()
            .attrs(16)
            .unwrap()
            .get(3u16)
            .unwrap()
            .unwrap()
            .as_str()
            .unwrap(),
        "lo"
    );
}

#[test]
fn large_dump_streams_completely() {
    let ns = TestNs::new();
    let n = 100_000u32;
    ns.blackhole_routes(n);
    let conn = Connection::with_options(options(&ns)).unwrap();
    let mut dump = conn.dump(&route_dump_request()).unwrap();
    let mut routes = 0u32;
    let mut blackholes = 0u32;
    while let Some(m) = dump.next_msg() {
        let m = m.unwrap();
        assert_eq!(m.message_type(), RTM_NEWROUTE);
        routes += 1;
        if m.payload().get(7) == Some(&6) {
            blackholes += 1;
        }
    }
    assert_eq!(blackholes, n);
    let expected = ns
        .ip(&["-4", "route", "show", "table", "all"])
        .lines()
        .count() as u32;
    assert_eq!(routes, expected);
}

#[test]
fn concurrent_requests_from_many_threads() {
    let ns = TestNs::new();
    ns.ip(&[
        "link", "add", "nlc0", "type", "veth", "peer", "name", "nlc1",
    ]);
    let conn = Connection::with_options(options(&ns)).unwrap();
    std::thread::scope(|s| {
        for t in 0..8 {
            let conn = &conn;
            s.spawn(move || {
                for i in 0..30 {
                    let mut names = link_names(conn);
                    names.sort();
                    assert_eq!(names, ["lo", "nlc0", "nlc1"], "thread {t} round {i}");
                    let mut buf = Vec::new();
                    let mut b = MessageBuilder::new(&mut buf, RTM_GETLINK, Flags::EMPTY);
                    b.family_header(&[0u8; 16]).put_str(3u16, "nlc0");
                    b.finish().unwrap();
                    assert_eq!(conn.request_bytes(buf).unwrap().messages().len(), 1);
                }
            });
        }
    });
}

#[test]
fn connection_in_a_namespace_sees_only_that_namespace() {
    let a = TestNs::new();
    let b = TestNs::new();
    a.ip(&[
        "link", "add", "nlns-a", "type", "veth", "peer", "name", "nlns-a1",
    ]);
    let ca = Connection::with_options(options(&a)).unwrap();
    let cb = Connection::with_options(options(&b)).unwrap();
    assert!(link_names(&ca).contains(&"nlns-a".to_owned()));
    assert_eq!(link_names(&cb), ["lo"]);
}

#[test]
fn unicast_from_userspace_is_not_delivered() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (tx, rx) = unbounded();
    conn.notify(tx);
    let spoofer = ns.socket(Protocol::ROUTE);
    spoofer.bind(0, 0).unwrap();
    // A forged RTM_NEWROUTE, sent straight to the connection's port id.
    let mut forged = Vec::new();
    let mut b = MessageBuilder::new(&mut forged, RTM_NEWROUTE, Flags::CREATE);
    b.family_header(&rtmsg(32))
        .put_ipv4(1u16, Ipv4Addr::new(192, 0, 2, 66));
    b.finish().unwrap();
    let port = conn.port_id().unwrap();
    spoofer.send_to(&forged, port, 0).unwrap();
    // A real event afterwards proves the reader is alive and the forged one was skipped.
    ns.ip(&["route", "add", "blackhole", "192.0.2.77/32"]);
    let m = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(route_dst(&m), Some(Ipv4Addr::new(192, 0, 2, 77)));
    assert_eq!(conn.stats().dropped_userspace, 1);

    // With accept_userspace the same bytes are delivered, so the test above can fail.
    let open = Connection::with_options(options(&ns).accept_userspace(true)).unwrap();
    let (tx, rx) = unbounded();
    open.notify(tx);
    spoofer
        .send_to(&forged, open.port_id().unwrap(), 0)
        .unwrap();
    let m = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(route_dst(&m), Some(Ipv4Addr::new(192, 0, 2, 66)));
}

#[test]
fn send_message_replies_arrive_through_notify() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    let (tx, rx) = unbounded();
    conn.notify(tx);
    let mut req = link_dump_request();
    req.header.set_flags(Flags::REQUEST | Flags::DUMP);
    req.header.set_seq(99);
    conn.send_message(&req).unwrap();
    let m = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(m.message_type(), RTM_NEWLINK);
    assert_eq!(m.header.seq(), 99);
    let done = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(done.message_type(), MessageType::DONE);
}

#[test]
fn overrun_reaches_the_subscriber_as_its_own_message() {
    let ns = TestNs::new();
    let conn = Connection::with_options(
        options(&ns)
            .groups(RTMGRP_IPV4_ROUTE)
            .notify_buffer_size(4096),
    )
    .unwrap();
    let (tx, rx) = bounded(1);
    conn.notify(tx);
    // Nobody reads the channel: the reader blocks, the socket fills, the kernel drops.
    ns.blackhole_routes(3000);
    let mut overrun = false;
    let mut routes = 0;
    while let Ok(m) = rx.recv_timeout(Duration::from_millis(500)) {
        if m.is_overrun() {
            overrun = true;
        } else if m.message_type() == RTM_NEWROUTE {
            routes += 1;
        }
    }
    assert!(
        overrun,
        "no overrun marker although only {routes} of 3000 events arrived"
    );
    assert!(routes < 3000);
    assert!(conn.stats().overruns >= 1);
}

#[test]
fn slow_consumer_on_a_bounded_channel_never_loses_silently() {
    let ns = TestNs::new();
    let conn = route_listener(&ns);
    let (tx, rx) = bounded(16);
    conn.notify(tx);
    let n = 2000;
    let consumer = std::thread::spawn(move || {
        let (mut routes, mut overruns) = (0, 0);
        while let Ok(m) = rx.recv_timeout(Duration::from_secs(2)) {
            std::thread::sleep(Duration::from_micros(50)); // slower than the kernel
            if m.is_overrun() {
                overruns += 1;
            } else if m.message_type() == RTM_NEWROUTE && m.as_msg().payload().get(7) == Some(&6)
            // rtm_type RTN_BLACKHOLE: one of ours
            {
                routes += 1;
            }
        }
        (routes, overruns)
    });
    ns.blackhole_routes(n);
    let (routes, overruns) = consumer.join().unwrap();
    // Either every event arrived, or the subscriber was told.
    assert!(
        routes == n || overruns > 0,
        "{routes} of {n} events and no overrun"
    );
    assert_eq!(conn.stats().dropped_disconnected, 0);
}

#[test]
fn subscribe_and_unsubscribe_at_run_time() {
    use netlink::netlink_wire::rtnl::Group;
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    let (tx, rx) = unbounded();
    conn.notify(tx);
    conn.subscribe(Group::LINK).unwrap();
    conn.subscribe(Group::NEXTHOP).unwrap(); // group 32: the last one the legacy mask could name
    assert_eq!(conn.subscriptions().unwrap(), [1, 32]);
    ns.ip(&[
        "link", "add", "nlsub0", "type", "veth", "peer", "name", "nlsub1",
    ]);
    let m = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(m.message_type(), RTM_NEWLINK);
    ns.ip(&["nexthop", "add", "id", "5", "blackhole"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let m = rx.recv_deadline(deadline).expect("RTM_NEWNEXTHOP");
        if m.message_type() == MessageType(104) {
            break;
        }
    }
    conn.unsubscribe(Group::LINK).unwrap();
    conn.unsubscribe(Group::NEXTHOP).unwrap();
    while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
    ns.ip(&["link", "del", "nlsub0"]);
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "delivered after unsubscribe"
    );
}
