//! The async adapter (feature `tokio`) against the real kernel, each test in its own network
//! namespace: dumps equal the blocking API's, changes round-trip, events arrive from another
//! connection's change, an overrun reaches the stream, many requests share one connection,
//! and a refused request keeps its errno and extended ACK.
#![cfg(feature = "tokio")]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

use netlink::netlink_wire::rtnl::{RTM_GETROUTE, RTM_NEWROUTE, RouteType};
use netlink::tokio::AsyncConnection;
use netlink::{
    Address, AddressRequest, Connection, ConnectionOptions, Errno, Error, Event, Flags, Group,
    Link, LinkFilter, LinkKind, LinkRequest, Message, Protocol, Request, Route, RouteFilter,
    RouteRequest,
};
use netlink_testns::TestNs;

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default().netns(ns.path())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Fails the test instead of hanging when what it waits for never comes.
async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: nothing after 30 s"))
}

/// `n` IPv6 blackhole routes in 2001:db8:1::/48, added with one `ip -batch`.
fn blackholes_v6(ns: &TestNs, n: u32) {
    let batch: String = (0..n)
        .map(|i| format!("route add blackhole 2001:db8:1::{:x}/128\n", i + 1))
        .collect();
    ns.ip_batch(&batch);
}

/// A namespace with two veth pairs, addresses and routes on them.
fn populated() -> TestNs {
    let ns = TestNs::new();
    for (name, v4, v6) in [
        ("d0", "192.0.2.1/24", "2001:db8:a::1/64"),
        ("d1", "198.51.100.1/24", "2001:db8:b::1/64"),
    ] {
        let peer = format!("{name}p");
        ns.ip(&["link", "add", name, "type", "veth", "peer", "name", &peer]);
        ns.ip(&["link", "set", name, "up"]);
        ns.ip(&["link", "set", &peer, "up"]);
        ns.ip(&["addr", "add", v4, "dev", name]);
        ns.ip(&["-6", "addr", "add", v6, "dev", name, "nodad"]);
    }
    ns.ip(&["route", "add", "203.0.113.0/24", "via", "192.0.2.2"]);
    blackholes_v6(&ns, 2_000);
    ns.settle();
    ns
}

/// The links without their traffic counters. IPv6 sends router solicitations and MLD reports
/// on the veths seconds after they come up, so two dumps a moment apart may count different
/// packets; every other field must agree.
fn without_counters(mut links: Vec<Link>) -> Vec<Link> {
    for l in &mut links {
        l.stats64 = None;
    }
    links
}

#[test]
fn async_dumps_equal_the_blocking_dumps() {
    let ns = populated();
    let sync = Connection::with_options(options(&ns)).unwrap();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(options(&ns)).unwrap();
        let links = conn.list::<Link>(LinkFilter::default()).await.unwrap();
        let blocking = sync.list::<Link>(LinkFilter::default()).unwrap();
        assert!(
            links.iter().chain(&blocking).all(|l| l.stats64.is_some()),
            "both dumps carry counters; only their values may move"
        );
        assert_eq!(links.len(), 5, "lo, d0, d0p, d1, d1p");
        assert_eq!(without_counters(links), without_counters(blocking));
        let addrs = conn.list::<Address>(Default::default()).await.unwrap();
        assert_eq!(addrs, sync.list::<Address>(Default::default()).unwrap());
        let routes = conn.list::<Route>(RouteFilter::default()).await.unwrap();
        assert_eq!(routes, sync.list::<Route>(RouteFilter::default()).unwrap());
        assert!(routes.len() > 2_000, "{} routes", routes.len());

        // The raw stream: the same messages as the blocking dump, but for the sequence number
        // and port id that each request stamps.
        let request = Message::new(
            RTM_GETROUTE,
            Flags::EMPTY,
            vec![10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let mut stream = conn.dump(&request).unwrap();
        let mut raw = Vec::new();
        while let Some(m) = stream.next().await {
            raw.push(m.unwrap());
        }
        let blocking: Vec<Message> = sync.dump(&request).unwrap().map(Result::unwrap).collect();
        assert_eq!(raw.len(), blocking.len());
        for (a, b) in raw.iter().zip(&blocking) {
            assert_eq!(
                (a.header.message_type(), &a.data),
                (b.header.message_type(), &b.data)
            );
        }
        assert!(stream.next().await.is_none(), "fused");
        // A restart reads the whole dump again, on a fresh socket registered anew.
        stream.restart().unwrap();
        let mut again = 0;
        while let Some(m) = stream.next().await {
            m.unwrap();
            again += 1;
        }
        assert_eq!(again, blocking.len());
    });
    // Every dump ended cleanly, so its socket went back to the pool: nothing was refused.
    assert_eq!(sync.stats().dropped_userspace_replies, 0);
}

#[test]
fn async_add_get_delete_match_ip() {
    let ns = TestNs::new();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(options(&ns)).unwrap();
        conn.add(&LinkRequest::new("br7", LinkKind::Bridge))
            .await
            .unwrap();
        let link: Link = conn
            .get(&netlink::ops::link::LinkKey::Name("br7".into()))
            .await
            .unwrap()
            .expect("the link just added");
        let shown = ns.ip_value(&["link", "show", "br7"]);
        assert_eq!(u64::from(link.index), shown[0]["ifindex"].as_u64().unwrap());

        let addr = AddressRequest::new(link.index, Ipv4Addr::new(192, 0, 2, 7).into(), 24);
        conn.add(&addr).await.unwrap();
        let route = RouteRequest::new(Ipv4Addr::new(203, 0, 113, 0).into(), 24)
            .route_type(RouteType::BLACKHOLE);
        conn.add(&route).await.unwrap();
        let shown = ns.ip_value(&["-4", "addr", "show", "dev", "br7"]);
        assert_eq!(shown[0]["addr_info"][0]["local"], "192.0.2.7");
        let shown = ns.ip_value(&["route", "show", "203.0.113.0/24"]);
        assert_eq!(shown[0]["type"], "blackhole");

        let again = conn.add(&addr).await.unwrap_err();
        assert!(
            matches!(&again, Error::Kernel(k) if k.errno == Errno::EXIST),
            "{again:?}"
        );

        conn.delete(&route).await.unwrap();
        conn.delete(&addr).await.unwrap();
        conn.delete(&LinkRequest::new("br7", LinkKind::Bridge))
            .await
            .unwrap();
        let gone: Option<Link> = conn
            .get(&netlink::ops::link::LinkKey::Name("br7".into()))
            .await
            .unwrap();
        assert!(gone.is_none());
        assert_eq!(
            ns.ip_value(&["route", "show", "203.0.113.0/24"])
                .as_array()
                .map(Vec::len),
            Some(0)
        );
    });
}

#[test]
fn the_event_stream_sees_another_connections_change() {
    let ns = TestNs::new();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(options(&ns).membership(Group::LINK)).unwrap();
        let mut events = conn.events().unwrap();
        assert!(conn.events().is_err(), "taken once");
        let other = Connection::with_options(options(&ns)).unwrap();
        other
            .add(&LinkRequest::new("seen0", LinkKind::Bridge))
            .unwrap();
        let link = within("the new link's event", async {
            loop {
                match events.next_event().await.expect("the stream ended") {
                    Ok(Event::NewLink(l)) if l.name == "seen0" => break l,
                    Ok(_) => {}
                    Err(e) => panic!("{e}"),
                }
            }
        })
        .await;
        assert_eq!(Some(link), other.link_by_name("seen0").unwrap());
        assert_eq!(conn.connection().stats().overruns, 0);
    });
}

#[test]
fn forged_notifications_never_reach_the_stream() {
    let ns = TestNs::new();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(options(&ns).groups(0x40)).unwrap();
        let mut events = conn.events().unwrap();
        let spoofer = ns.socket(Protocol::ROUTE);
        spoofer.bind(0, 0).unwrap();
        // A well-formed route notification, as the kernel would send it, from a userspace port.
        let mut forged = Vec::new();
        RouteRequest::new(Ipv4Addr::new(192, 0, 2, 66).into(), 32)
            .route_type(RouteType::BLACKHOLE)
            .build(&mut forged, RTM_NEWROUTE, Flags::CREATE)
            .unwrap();
        spoofer
            .send_to(&forged, conn.connection().port_id().unwrap(), 0)
            .unwrap();
        ns.ip(&["route", "add", "blackhole", "192.0.2.77/32"]);
        let m = within("the kernel's notification", events.next())
            .await
            .unwrap();
        let Event::NewRoute(r) = Event::from_message(&m).unwrap() else {
            panic!("{m:?}")
        };
        assert_eq!(
            r.dst.map(|d| d.addr),
            Some(IpAddr::from(Ipv4Addr::new(192, 0, 2, 77)))
        );
        assert_eq!(conn.connection().stats().dropped_userspace, 1);
    });
}

#[test]
fn an_overrun_reaches_the_stream_and_the_stream_goes_on() {
    let ns = TestNs::new();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(
            options(&ns)
                .membership(Group::IPV6_ROUTE)
                .notify_buffer_size(4096),
        )
        .unwrap();
        let mut events = conn.events().unwrap();
        // Nobody reads while the storm fills the tiny buffer.
        blackholes_v6(&ns, 5_000);
        let mut before = 0;
        within("the overrun marker", async {
            loop {
                let m = events.next().await.expect("the stream ended");
                match Event::from_message(&m).unwrap() {
                    Event::Overrun => break,
                    Event::NewRoute(_) => before += 1,
                    other => panic!("{other:?}"),
                }
            }
        })
        .await;
        assert!(before < 5_000, "{before} events came before the marker");
        let stats = conn.connection().stats();
        assert!(stats.overruns >= 1, "{stats:?}");
        // After the marker, later changes still arrive.
        ns.ip(&["-6", "route", "add", "blackhole", "2001:db8:2::1/128"]);
        within("an event after the overrun", async {
            loop {
                let m = events.next().await.expect("the stream ended");
                if let Ok(Event::NewRoute(r)) = Event::from_message(&m)
                    && r.dst.map(|d| d.addr) == Some("2001:db8:2::1".parse::<IpAddr>().unwrap())
                {
                    break;
                }
            }
        })
        .await;
    });
}

#[test]
fn many_concurrent_requests_share_one_connection() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "d0", "type", "veth", "peer", "name", "d0p"]);
    ns.ip(&["link", "set", "d0", "up"]);
    ns.ip(&["link", "set", "d0p", "up"]);
    let index = ns.ip_value(&["link", "show", "d0"])[0]["ifindex"]
        .as_u64()
        .unwrap() as u32;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conn = Arc::new(AsyncConnection::with_options(options(&ns)).unwrap());
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..200u32 {
            let conn = Arc::clone(&conn);
            tasks.spawn(async move {
                let dst = Ipv6Addr::new(0x2001, 0xdb8, 3, 0, 0, 0, 0, i as u16 + 1);
                let route = RouteRequest::new(dst.into(), 128).oif(index);
                conn.add(&route).await.unwrap();
                // A lookup and a dump in flight beside the other tasks' changes.
                let link: Link = conn
                    .get(&netlink::ops::link::LinkKey::Index(index))
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(link.name, "d0");
                let links = conn.list::<Link>(LinkFilter::default()).await.unwrap();
                assert_eq!(links.len(), 3);
            });
        }
        within("200 tasks", async {
            while let Some(done) = tasks.join_next().await {
                done.unwrap();
            }
        })
        .await;
        let routes = conn
            .list::<Route>(RouteFilter::default().oif(index))
            .await
            .unwrap();
        let ours = routes
            .iter()
            .filter_map(|r| r.dst)
            .filter(|d| d.len == 128 && d.addr.to_string().starts_with("2001:db8:3::"))
            .count();
        assert_eq!(ours, 200);
    });
}

#[test]
fn a_refused_request_carries_errno_and_ext_ack() {
    let ns = TestNs::new();
    runtime().block_on(async {
        let conn = AsyncConnection::with_options(options(&ns)).unwrap();
        // A route via a gateway that no interface can reach.
        let bad = RouteRequest::new(Ipv4Addr::new(198, 51, 100, 0).into(), 24)
            .gateway(Ipv4Addr::new(203, 0, 113, 77).into());
        let mut buf = Vec::new();
        bad.build(&mut buf, RTM_NEWROUTE, Flags::CREATE | Flags::EXCL)
            .unwrap();
        let err = conn.request_bytes(buf).await.unwrap_err();
        let Error::Kernel(k) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(k.errno, Errno::NETUNREACH);
        assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));
        assert!(k.seq != 0);
        // The same through the object layer: a typed change refused by the kernel.
        let err = conn.add(&bad).await.unwrap_err();
        assert!(
            matches!(&err, Error::Kernel(k) if k.errno == Errno::NETUNREACH && k.message.is_some()),
            "{err:?}"
        );
    });
}
