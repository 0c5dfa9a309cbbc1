//! Storms: 100,000 route adds and 100,000 deletes in a private namespace while a subscriber
//! mirrors the routing table from notifications. Either every event arrives, or the subscriber
//! is told of the overrun and, after re-reading, its view equals the kernel's exactly.

use std::collections::HashSet;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded, unbounded};
use netlink::netlink_wire::rtnl::{AddressFamily, RouteType, Table};
use netlink::{Connection, ConnectionOptions, Event, Group, Message, RouteFilter};
use netlink_testns::TestNs;

const N: u32 = 100_000;

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default()
        .netns(ns.path())
        .membership(Group::IPV4_ROUTE)
}

fn dst(i: u32) -> String {
    format!("198.{}.{}.{}", 18 + (i >> 16), (i >> 8) & 0xff, i & 0xff)
}

/// The blackholes of the main table, as the kernel has them now.
fn kernel_view(c: &Connection) -> HashSet<IpAddr> {
    let filter = RouteFilter::default()
        .family(AddressFamily::INET)
        .table(Table::MAIN)
        .route_type(RouteType::BLACKHOLE);
    c.routes(filter)
        .unwrap()
        .into_iter()
        .filter_map(|r| r.dst.map(|d| d.addr))
        .collect()
}

#[derive(Debug, Default)]
struct Mirror {
    view: HashSet<IpAddr>,
    events: u64,
    overruns: u64,
}

/// Applies notifications until none arrives for `quiet`; re-reads the table after an overrun.
fn mirror(
    rx: &Receiver<Message>,
    reader: &Connection,
    quiet: Duration,
    slow: Option<Duration>,
) -> Mirror {
    let mut m = Mirror::default();
    while let Ok(msg) = rx.recv_timeout(quiet) {
        if let Some(d) = slow {
            std::thread::sleep(d);
        }
        match Event::from_message(&msg).unwrap() {
            Event::Overrun => {
                m.overruns += 1;
                m.view = kernel_view(reader);
            }
            Event::NewRoute(r) if r.route_type == RouteType::BLACKHOLE => {
                m.events += 1;
                m.view.insert(r.dst.unwrap().addr);
            }
            Event::DelRoute(r) if r.route_type == RouteType::BLACKHOLE => {
                m.events += 1;
                m.view.remove(&r.dst.unwrap().addr);
            }
            _ => {}
        }
    }
    m
}

/// Adds all routes, deletes the first half again, and returns what the subscriber saw.
fn storm(ns: &TestNs, conn: &Connection, rx: Receiver<Message>, slow: Option<Duration>) -> Mirror {
    let reader = Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap();
    std::thread::scope(|s| {
        let consumer = s.spawn(|| mirror(&rx, &reader, Duration::from_secs(3), slow));
        let adds: String = (0..N)
            .map(|i| format!("route add blackhole {}/32\n", dst(i)))
            .collect();
        ns.ip_batch(&adds);
        let dels: String = (0..N / 2)
            .map(|i| format!("route del blackhole {}/32\n", dst(i)))
            .collect();
        ns.ip_batch(&dels);
        let m = consumer.join().unwrap();
        let _ = conn;
        m
    })
}

#[test]
fn storm_with_default_settings_loses_nothing() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns)).unwrap();
    let (tx, rx) = unbounded();
    conn.notify(tx);
    let start = Instant::now();
    let m = storm(&ns, &conn, rx, None);
    let truth = kernel_view(&conn);
    eprintln!(
        "default settings: {} events, {} overruns, {:?}, stats {:?}",
        m.events,
        m.overruns,
        start.elapsed(),
        conn.stats()
    );
    assert_eq!(truth.len(), (N / 2) as usize);
    assert_eq!(m.view, truth, "the mirrored view differs from the kernel's");
    if m.overruns == 0 {
        assert_eq!(
            m.events,
            u64::from(N) + u64::from(N / 2),
            "events lost without an overrun"
        );
    }
}

#[test]
fn storm_with_a_small_buffer_and_a_slow_consumer_is_reported_and_reconciled() {
    let ns = TestNs::new();
    let conn = Connection::with_options(options(&ns).notify_buffer_size(64 * 1024)).unwrap();
    let (tx, rx) = bounded(64);
    conn.notify(tx);
    let m = storm(&ns, &conn, rx, Some(Duration::from_micros(20)));
    let truth = kernel_view(&conn);
    eprintln!(
        "small buffer, slow consumer: {} events, {} overruns, stats {:?}",
        m.events,
        m.overruns,
        conn.stats()
    );
    assert!(
        m.overruns > 0,
        "expected the kernel to overrun a 64 KiB buffer behind a slow consumer"
    );
    assert!(m.events < u64::from(N) + u64::from(N / 2));
    assert!(conn.stats().overruns >= m.overruns);
    assert_eq!(
        m.view, truth,
        "after re-reading, the mirrored view must equal the kernel's"
    );
}
