//! The live view against the real kernel, each test in a private namespace: a few changes of
//! every table, changes the kernel makes without notifications, and a storm of 100,000 route
//! changes behind a tiny receive buffer and a slow subscriber, after which the view and a
//! subscriber that only applied the view's events equal a fresh dump.

use std::collections::BTreeMap;
use std::time::Duration;

use crossbeam_channel::Receiver;
use netlink::view::{
    Difference, LiveView, Resync, TableKind, ViewEvent, ViewKey, ViewObject, ViewOptions,
};
use netlink::{ConnectionOptions, Route};
use netlink_testns::TestNs;

fn options(ns: &TestNs) -> ViewOptions {
    ViewOptions::default().connection(ConnectionOptions::default().netns(ns.path()))
}

/// Whether `e` adds or changes a route to `dst` (the marker a test waits for).
fn is_route_to(e: &ViewEvent, dst: &str) -> bool {
    let route = |o: &ViewObject| match o {
        ViewObject::Route(r) => r
            .dst
            .is_some_and(|d| format!("{}/{}", d.addr, d.len) == dst),
        _ => false,
    };
    match e {
        ViewEvent::Added(o) | ViewEvent::Changed { new: o, .. } => route(o),
        _ => false,
    }
}

/// A subscriber that only applies the view's events to its own copy, by hand (not with
/// `apply_to`, so that the test does not lean on the code it checks).
struct Subscriber {
    copy: BTreeMap<ViewKey, ViewObject>,
    events: Receiver<ViewEvent>,
    resyncs: u64,
    synthetic: u64,
    in_resync: bool,
}

impl Subscriber {
    fn new(view: &LiveView) -> Subscriber {
        let s = view.subscribe();
        Subscriber {
            copy: s.copy,
            events: s.events,
            resyncs: 0,
            synthetic: 0,
            in_resync: false,
        }
    }

    fn apply(&mut self, e: &ViewEvent) {
        match e {
            ViewEvent::Added(o) | ViewEvent::Changed { new: o, .. } => {
                self.synthetic += u64::from(self.in_resync);
                self.copy.insert(o.key(), o.clone());
            }
            ViewEvent::Removed(o) => {
                self.synthetic += u64::from(self.in_resync);
                self.copy.remove(&o.key());
            }
            ViewEvent::Resyncing(_) => {
                self.resyncs += 1;
                self.in_resync = true;
            }
            ViewEvent::Resynced(_) => self.in_resync = false,
            ViewEvent::Stopped(why) => panic!("the view stopped: {why}"),
            _ => {}
        }
    }

    /// Applies events until `marker` has been applied and none came for `quiet`, calling
    /// `slow` after each one.
    fn until(&mut self, marker: &str, quiet: Duration, slow: impl Fn(u64)) {
        let mut seen = false;
        let mut n = 0u64;
        loop {
            match self.events.recv_timeout(quiet) {
                Ok(e) => {
                    seen |= is_route_to(&e, marker);
                    self.apply(&e);
                    n += 1;
                    slow(n);
                }
                Err(_) if seen => return,
                Err(e) => panic!("no event for {quiet:?} before the marker {marker}: {e}"),
            }
        }
    }
}

/// Asserts that the view and the subscriber's copy equal a fresh dump, re-checking a few times:
/// the view replays notifications queued during its last dump and may show an older state
/// of a key for a moment (see the module documentation), so equality is checked once the
/// view is quiet.
fn assert_equal(view: &LiveView, sub: &mut Subscriber) {
    let mut last = Vec::new();
    for _ in 0..10 {
        while let Ok(e) = sub.events.recv_timeout(Duration::from_millis(500)) {
            sub.apply(&e);
        }
        let kernel = view.kernel_copy().unwrap();
        let of_view = Difference::between(&view.read().to_map(), &kernel);
        let of_sub = Difference::between(&sub.copy, &kernel);
        if of_view.is_empty() && of_sub.is_empty() {
            assert!(!kernel.is_empty());
            return;
        }
        last = vec![of_view, of_sub];
    }
    panic!(
        "the view ({} differences) or the subscriber ({}) differs from the kernel: {:#?}",
        last[0].len(),
        last[1].len(),
        last.iter()
            .map(|d| d.iter().take(5).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    );
}

fn routes_to(view: &LiveView, dst: &str) -> Vec<Route> {
    view.read()
        .routes()
        .filter(|r| {
            r.dst
                .is_some_and(|d| format!("{}/{}", d.addr, d.len) == dst)
        })
        .cloned()
        .collect()
}

#[test]
fn each_table_follows_a_few_changes() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\nlink add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n\
         addr add 192.0.2.1/24 dev v0\naddr add 2001:db8::1/64 dev v0 nodad\n",
    );
    let view = LiveView::start(options(&ns)).unwrap();
    let mut sub = Subscriber::new(&view);
    view.wait_synced().unwrap();
    assert!(view.is_synced());
    {
        let r = view.read();
        assert!(r.links().any(|l| l.name == "v0"));
        assert!(
            r.addresses()
                .any(|a| a.ip() == Some("192.0.2.1".parse().unwrap()))
        );
        // The default rules of both families.
        assert!(
            r.rules().count() >= 5,
            "{:?}",
            r.rules().collect::<Vec<_>>()
        );
    }
    ns.ip(&[
        "-6",
        "rule",
        "add",
        "priority",
        "79",
        "to",
        "2001:db8:1::/64",
        "table",
        "100",
    ]);
    ns.ip_batch(
        "link add d0 type veth peer name e0\nlink set d0 mtu 1300\nlink set d0 up\nlink set e0 up\n\
         addr add 198.51.100.1/24 dev d0\naddr add 203.0.113.1/32 dev d0\n\
         route add 203.0.113.0/24 via 192.0.2.2 metric 5\n\
         route replace 203.0.113.0/24 via 192.0.2.3 metric 5\n\
         route add 203.0.113.128/25 via 192.0.2.2 src 203.0.113.1\n\
         route add 198.51.100.136/29 table 100 nexthop via 192.0.2.2 nexthop via 192.0.2.3\n\
         route add 2001:db8:1::/64 via 2001:db8::2 metric 7\n\
         route append 2001:db8:1::/64 via 2001:db8::3 metric 7\n\
         route append 2001:db8:1::/64 via 2001:db8::4 metric 7\n\
         route del 2001:db8:1::/64 via 2001:db8::3 metric 7\n\
         neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0\n\
         neigh change 192.0.2.9 lladdr 02:00:00:00:00:0a dev v0\n\
         neigh add 2001:db8::9 lladdr 02:00:00:00:00:19 dev v0\n\
         neigh add proxy 192.0.2.77 dev v0\n\
         rule add priority 77 from 198.51.100.0/24 table 100\n\
         rule add priority 78 iif d0 table 100\n\
         nexthop add id 1 via 192.0.2.2 dev v0\n\
         nexthop add id 2 via 192.0.2.3 dev v0\n\
         nexthop add id 3 group 1/2\n\
         nexthop add id 4 dev d0\n\
         route add 198.51.100.144/29 nhid 3\n\
         route add 198.51.100.152/29 nhid 1\n\
         nexthop del id 2\n\
         neigh del 2001:db8::9 dev v0\n\
         rule del priority 77\n\
         addr del 203.0.113.1/32 dev d0\n\
         link set d0 down\n\
         nexthop del id 1\n\
         route add 198.51.100.200/32 dev v0\n",
    );
    sub.until("198.51.100.200/32", Duration::from_secs(2), |_| {});
    assert_equal(&view, &mut sub);
    // What each change left, as the view holds it.
    let r = routes_to(&view, "203.0.113.0/24");
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].gateway, Some("192.0.2.3".parse().unwrap()));
    let six = routes_to(&view, "2001:db8:1::");
    assert!(six.is_empty());
    let six = routes_to(&view, "2001:db8:1::/64");
    assert_eq!(six.len(), 1, "{six:#?}");
    assert_eq!(six[0].multipath.len(), 2, "{six:#?}");
    // The source route went with its address, unannounced; so did those through nexthop 1.
    assert!(routes_to(&view, "203.0.113.128/25").is_empty());
    assert!(routes_to(&view, "198.51.100.152/29").is_empty());
    let read = view.read();
    assert!(
        read.link(read.links().find(|l| l.name == "d0").unwrap().index)
            .is_some()
    );
    assert!(read.nexthops().all(|n| n.id != 1 && n.id != 2));
    assert!(read.rules().any(|r| r.priority == 78));
    assert!(read.rules().all(|r| r.priority != 77));
    // Proxy entries are announced by no notification: the view leaves them out.
    assert!(read.neighbours().all(|n| !n.is_proxy()));
    assert!(
        read.neighbours()
            .any(|n| n.lladdr.as_deref() == Some(&[2, 0, 0, 0, 0, 0x0a][..]))
    );
    drop(read);
    assert!(sub.resyncs > 0, "no unannounced change was repaired");
    let stats = view.stats();
    assert!(stats.unannounced_resyncs > 0, "{stats:?}");
    assert!(stats.notifications > 0 && stats.events > 0, "{stats:?}");
    // The link went away: its routes, addresses and neighbours with it.
    ns.ip_batch("link del v0\nroute add 198.51.100.201/32 dev lo\n");
    sub.until("198.51.100.201/32", Duration::from_secs(2), |_| {});
    assert_equal(&view, &mut sub);
    assert!(
        view.read()
            .neighbours()
            .all(|n| n.destination != Some("192.0.2.9".parse().unwrap()))
    );
}

#[test]
fn a_view_of_one_family_and_table_keeps_only_those() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\nlink add d0 type veth peer name e0\nlink set d0 up\n\
         addr add 192.0.2.1/24 dev d0\naddr add 2001:db8::1/64 dev d0 nodad\n\
         route add 198.51.100.0/24 via 192.0.2.2 table 100\nroute add 203.0.113.0/24 via 192.0.2.2\n",
    );
    let view = LiveView::start(
        options(&ns)
            .tables([TableKind::Route, TableKind::Address])
            .family(netlink::netlink_wire::rtnl::AddressFamily::INET)
            .route_table(netlink::netlink_wire::rtnl::Table::from(100u32)),
    )
    .unwrap();
    let mut sub = Subscriber::new(&view);
    view.wait_synced().unwrap();
    ns.ip_batch(
        "route add 198.51.100.128/25 via 192.0.2.2 table 100\nroute add 203.0.113.128/25 via 192.0.2.2\n\
         route add 2001:db8:2::/64 via 2001:db8::2 table 100\n",
    );
    sub.until("198.51.100.128/25", Duration::from_secs(2), |_| {});
    let r = view.read();
    let dsts: Vec<String> = r
        .routes()
        .map(|r| {
            r.dst
                .map(|d| format!("{}/{}", d.addr, d.len))
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(dsts, ["198.51.100.0/24", "198.51.100.128/25"]);
    assert!(
        r.addresses()
            .all(|a| a.family == netlink::netlink_wire::rtnl::AddressFamily::INET)
    );
    // Links are kept for what they change, but not reported.
    assert!(r.to_map().keys().all(|k| !matches!(k, ViewKey::Link(_))));
    drop(r);
    assert_equal(&view, &mut sub);
}

/// Addresses added and deleted while the view dumps them: the kernel flags the dump
/// (`NLM_F_DUMP_INTR`, `inet6_dump_addr` compares `inet6_base_seq`), the view restarts it, and
/// the view still ends equal to the kernel.
#[test]
fn interrupted_dumps_are_restarted() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\nlink add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n",
    );
    let adds: String = (0..3000)
        .map(|i| format!("addr add 2001:db8:{:x}::1/128 dev v0 nodad\n", i + 1))
        .collect();
    ns.ip_batch(&adds);
    let view = LiveView::start(
        options(&ns)
            .tables([TableKind::Address])
            .family(netlink::netlink_wire::rtnl::AddressFamily::INET6),
    )
    .unwrap();
    let mut sub = Subscriber::new(&view);
    view.wait_synced().unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let churn: String = (0..200)
        .map(|_| "addr add 2001:db8:ffff::1/128 dev v1 nodad\naddr del 2001:db8:ffff::1/128 dev v1\n")
        .collect();
    let mut attempts = 0;
    std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                ns.ip_batch(&churn);
            }
        });
        while view.stats().dump_restarts == 0 && attempts < 500 {
            attempts += 1;
            view.kernel_copy().unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let stats = view.stats();
    eprintln!("interrupted dumps: {attempts} dumps, {stats:?}");
    assert!(
        stats.dump_restarts > 0,
        "no dump was interrupted in {attempts} dumps"
    );
    assert_equal(&view, &mut sub);
    assert!(view.read().addresses().count() >= 3000);
}

const N: u32 = 60_000;
const DELETED: u32 = 40_000;

fn dst(i: u32) -> String {
    format!("198.{}.{}.{}", 18 + (i >> 16), (i >> 8) & 0xff, i & 0xff)
}

/// 60,000 route adds and 40,000 deletes (100,000 route changes), with links, addresses and
/// neighbours coming and going among them, while the view reads through a 16 KiB receive
/// buffer and its subscriber is slow: the kernel must overrun the socket, and both the view
/// and the subscriber must end equal to the kernel's tables.
#[test]
fn a_storm_behind_a_tiny_buffer_is_repaired_in_the_view_and_its_subscriber() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\nlink add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n",
    );
    let view = LiveView::start(
        ViewOptions::default()
            .tables([
                TableKind::Link,
                TableKind::Address,
                TableKind::Route,
                TableKind::Neighbour,
            ])
            .connection(
                ConnectionOptions::default()
                    .netns(ns.path())
                    .notify_buffer_size(16 * 1024),
            )
            .backlog(64)
            .event_capacity(256),
    )
    .unwrap();
    let mut sub = Subscriber::new(&view);
    let mut batch = String::new();
    for i in 0..N {
        batch.push_str(&format!("route add blackhole {}/32\n", dst(i)));
        if i % 3000 == 0 {
            let k = i / 3000;
            batch.push_str(&format!(
                "link add d{k} type veth peer name e{k}\nlink set d{k} up\naddr add 192.0.2.{k}/32 dev d{k}\n\
                 neigh add 198.51.100.{k} lladdr 02:00:00:00:01:{k:02x} dev v0\n"
            ));
            if k % 2 == 1 {
                batch.push_str(&format!(
                    "link del d{}\nneigh del 198.51.100.{} dev v0\n",
                    k - 1,
                    k - 1
                ));
            }
        }
        if i >= DELETED / 2 && i - DELETED / 2 < DELETED {
            // Deletes interleaved with the later adds.
            batch.push_str(&format!(
                "route del blackhole {}/32\n",
                dst(i - DELETED / 2)
            ));
        }
    }
    batch.push_str("route add 203.0.113.7/32 dev lo\n");
    let changes = batch.lines().filter(|l| l.starts_with("route ")).count();
    assert!(changes >= 100_000, "{changes} route changes");
    std::thread::scope(|s| {
        let storm = s.spawn(|| ns.ip_batch(&batch));
        view.wait_synced().unwrap();
        // The subscriber is slow: it sleeps a millisecond every 200 events, so the view waits
        // for it and the kernel overruns the view's socket.
        sub.until("203.0.113.7/32", Duration::from_secs(5), |n| {
            if n % 200 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        storm.join().unwrap();
    });
    assert_equal(&view, &mut sub);
    let stats = view.stats();
    let conn = view.connection().stats();
    eprintln!(
        "storm: {changes} route changes; view {stats:?}; connection {conn:?}; subscriber saw {} resyncs, {} synthetic events",
        sub.resyncs, sub.synthetic
    );
    assert!(
        stats.overruns > 0,
        "no overrun happened: the test proves nothing ({stats:?})"
    );
    assert!(conn.overruns >= stats.overruns);
    assert!(stats.resyncs > 0 && sub.resyncs > 0);
    assert!(
        sub.synthetic > 0,
        "no synthetic event repaired the subscriber"
    );
    // The routes left, counted by ip as well.
    let left = view
        .read()
        .routes()
        .filter(|r| {
            r.dst
                .is_some_and(|d| d.len == 32 && d.addr.to_string().starts_with("198.1"))
        })
        .count();
    assert_eq!(left, (N - DELETED) as usize);
    let ip = ns
        .ip(&["route", "show", "type", "blackhole"])
        .lines()
        .count();
    assert_eq!(left, ip);
}

#[test]
fn dropping_the_view_ends_its_subscriptions() {
    let ns = TestNs::new();
    let view = LiveView::start(options(&ns).tables([TableKind::Link])).unwrap();
    let sub = view.subscribe();
    view.wait_synced().unwrap();
    drop(view);
    // The iterator ends: the view's thread is gone with its senders. The copy and the events
    // hold the namespace's links, whether the subscription came before the first sync (its
    // objects then arrive as events) or after (they are in the copy).
    let rest: Vec<ViewEvent> = sub.events.iter().collect();
    let mut copy = sub.copy;
    for e in &rest {
        e.apply_to(&mut copy);
    }
    assert!(
        copy.values()
            .any(|o| matches!(o, ViewObject::Link(l) if l.name == "lo")),
        "{copy:?} {rest:?}"
    );
    assert!(
        rest.iter()
            .all(|e| !matches!(e, ViewEvent::Resyncing(Resync::Overrun))),
        "{rest:?}"
    );
}
