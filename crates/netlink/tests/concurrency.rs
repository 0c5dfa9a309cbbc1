//! Sixteen threads on one `Connection` while notifications flow: requests, dumps, lookups,
//! subscribing and unsubscribing, and changing the notification filter, with another
//! connection churning routes in the same private namespace. No call may hang (every request
//! has a timeout and every thread a deadline), no thread may receive another's reply (each
//! checks that it got the object it asked for), and no notification may be lost unless an
//! overrun was reported.
//!
//! `NETLINK_CONCURRENCY_SECS` sets how long the threads run (30 s by default, the CI variant);
//! `cargo xtask concurrency --minutes 10` runs it for 10 minutes and prints the figures.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::unbounded;
use netlink::netlink_wire::rtnl::{AddressFamily, RouteType, Table};
use netlink::ops::link::LinkKey;
use netlink::{
    AddressRequest, Connection, ConnectionOptions, Event, Group, Link, LinkFilter, Message,
    NotifyFilter, ReaderStopped, Route, RouteFilter, RouteRequest,
};
use netlink_testns::TestNs;

const THREADS: usize = 16;

fn run_for() -> Duration {
    let secs = std::env::var("NETLINK_CONCURRENCY_SECS")
        .ok()
        .map_or(30, |s| {
            s.parse().expect("NETLINK_CONCURRENCY_SECS is seconds")
        });
    Duration::from_secs(secs)
}

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default()
        .netns(ns.path())
        .request_timeout(Duration::from_secs(30))
}

/// The churned routes: blackholes 203.0.113.0/25, in the main table.
fn churned(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    o[0..3] == [203, 0, 113] && o[3] < 128
}

/// What one thread did, or the first thing that went wrong.
type Outcome = Result<u64, String>;

/// Thread `i`'s work until `end`; its role is `i % 4`.
fn worker(c: &Connection, i: usize, index: u32, end: Instant) -> Outcome {
    let mut calls = 0u64;
    let own = Ipv4Addr::new(203, 0, 113, 128 + i as u8);
    let addr = AddressRequest::new(index, IpAddr::from([198, 51, 100, 1 + i as u8]), 32);
    let e = |what: &str, err: netlink::Error| format!("thread {i}: {what}: {err}");
    while Instant::now() < end {
        match i % 4 {
            // Requests whose answers name what was asked.
            0 => {
                let link = c
                    .get::<Link, _>(&LinkKey::Index(index))
                    .map_err(|x| e("get link", x))?
                    .ok_or(format!("thread {i}: link {index} missing"))?;
                if link.index != index || link.name != format!("c{i}") {
                    return Err(format!("thread {i}: asked for link {index}, got {link:?}"));
                }
                c.add(&addr).map_err(|x| e("add address", x))?;
                c.delete(&addr).map_err(|x| e("delete address", x))?;
                let r = c
                    .route_get(IpAddr::V4(own))
                    .map_err(|x| e("route get", x))?;
                if r.oif != Some(index) || r.dst.map(|d| d.addr) != Some(IpAddr::V4(own)) {
                    return Err(format!("thread {i}: route get {own} answered {r:?}"));
                }
                calls += 5;
            }
            // Dumps: every entry is of the kind and table asked for.
            1 => {
                let routes = c
                    .list::<Route>(RouteFilter::default().family(AddressFamily::INET))
                    .map_err(|x| e("dump routes", x))?;
                if routes.iter().any(|r| r.family != AddressFamily::INET) {
                    return Err(format!("thread {i}: an IPv6 route in an IPv4 dump"));
                }
                let links = c
                    .list::<Link>(LinkFilter::default())
                    .map_err(|x| e("dump links", x))?;
                if links.len() != 2 * THREADS + 1 {
                    return Err(format!("thread {i}: {} links dumped", links.len()));
                }
                calls += 2;
            }
            // Subscribing and unsubscribing another group.
            2 => {
                c.subscribe(Group::IPV6_ROUTE)
                    .map_err(|x| e("subscribe", x))?;
                let groups = c.subscriptions().map_err(|x| e("subscriptions", x))?;
                if !groups.contains(&u32::from(Group::IPV4_ROUTE)) {
                    return Err(format!("thread {i}: IPv4 route group lost: {groups:?}"));
                }
                c.unsubscribe(Group::IPV6_ROUTE)
                    .map_err(|x| e("unsubscribe", x))?;
                calls += 3;
            }
            // Changing the notification filter; both pass the churned routes.
            _ => {
                let f = if calls.is_multiple_of(2) {
                    NotifyFilter::new().route_table(Table::MAIN)
                } else {
                    NotifyFilter::new().route_type(RouteType::BLACKHOLE)
                };
                c.set_notify_filter(&f).map_err(|x| e("notify filter", x))?;
                calls += 1;
            }
        }
    }
    Ok(calls)
}

/// Counts the churned routes' notifications and the overrun markers until `done` is set and
/// nothing more arrives.
fn count(
    rx: &crossbeam_channel::Receiver<Message>,
    seen: &AtomicU64,
    overruns: &AtomicU64,
    done: &AtomicBool,
) {
    loop {
        let m = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(m) => m,
            Err(_) if done.load(Ordering::Relaxed) => return,
            Err(_) => continue,
        };
        if m.is_overrun() {
            overruns.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        assert!(
            ReaderStopped::from_message(&m).is_none(),
            "the reader stopped"
        );
        let r = match Event::from_message(&m) {
            Ok(Event::NewRoute(r) | Event::DelRoute(r)) => r,
            _ => continue,
        };
        if let (Some(IpAddr::V4(d)), RouteType::BLACKHOLE) = (r.dst.map(|d| d.addr), r.route_type)
            && churned(d)
        {
            seen.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[test]
fn sixteen_threads_share_one_connection_while_routes_churn() {
    let ns = TestNs::new();
    // Each thread's link keeps an address of its own: removing a link's last IPv4 address
    // makes the kernel flush the routes through it, and thread `i` adds and removes another.
    let mut setup = String::new();
    for i in 0..THREADS {
        setup += &format!(
            "link add c{i} type veth peer name p{i}\nlink set c{i} up\nlink set p{i} up\n\
             addr add 192.0.2.{}/32 dev c{i}\nroute add 203.0.113.{}/32 dev c{i}\n",
            1 + i,
            128 + i
        );
    }
    ns.ip_batch(&setup);
    let c = Arc::new(Connection::with_options(options(&ns).membership(Group::IPV4_ROUTE)).unwrap());
    let (tx, rx) = unbounded();
    c.notify(tx);
    let seen = Arc::new(AtomicU64::new(0));
    let overruns = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let counter = {
        let (seen, overruns, done) = (Arc::clone(&seen), Arc::clone(&overruns), Arc::clone(&done));
        std::thread::spawn(move || count(&rx, &seen, &overruns, &done))
    };
    let indexes: Vec<u32> = (0..THREADS)
        .map(|i| {
            c.get::<Link, _>(&LinkKey::Name(format!("c{i}")))
                .unwrap()
                .unwrap()
                .index
        })
        .collect();

    let run = run_for();
    let end = Instant::now() + run;
    let (done_tx, done_rx) = unbounded();
    for (i, &index) in indexes.iter().enumerate() {
        let (c, done_tx) = (Arc::clone(&c), done_tx.clone());
        std::thread::spawn(move || {
            let _ = done_tx.send((i, worker(&c, i, index, end)));
        });
    }
    // The churn: another connection adds and deletes blackholes, counting what the kernel
    // accepted (each is one notification).
    let changes = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let churn = {
        let (changes, stop) = (Arc::clone(&changes), Arc::clone(&stop));
        let churner = Connection::with_options(options(&ns)).unwrap();
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let ip = IpAddr::from([203, 0, 113, (n % 128) as u8]);
                let r = RouteRequest::new(ip, 32).route_type(RouteType::BLACKHOLE);
                let result = if (n / 128).is_multiple_of(2) {
                    churner.add(&r)
                } else {
                    churner.delete(&r)
                };
                result.unwrap_or_else(|e| panic!("churn {n}: {e}"));
                changes.fetch_add(1, Ordering::Relaxed);
                n += 1;
            }
        })
    };

    let mut calls = 0;
    for _ in 0..THREADS {
        let (i, outcome) = done_rx
            .recv_timeout(run + Duration::from_secs(120))
            .expect("a worker hung: no answer within its deadline");
        match outcome {
            Ok(n) => {
                assert!(n > 0, "thread {i} made no call");
                calls += n;
            }
            Err(e) => panic!("{e}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    churn.join().expect("the churn ran without an error");
    let changes = changes.load(Ordering::Relaxed);
    // Wait for the notifications of the last changes, as long as they keep coming.
    let mut last = u64::MAX;
    while seen.load(Ordering::Relaxed) != last && seen.load(Ordering::Relaxed) < changes {
        last = seen.load(Ordering::Relaxed);
        std::thread::sleep(Duration::from_secs(2));
    }
    c.close();
    done.store(true, Ordering::Relaxed);
    counter.join().expect("the counter saw no reader failure");
    let (seen, overruns) = (
        seen.load(Ordering::Relaxed),
        overruns.load(Ordering::Relaxed),
    );
    let stats = c.stats();
    println!(
        "concurrency: {:?}, {THREADS} threads, {calls} calls, {changes} route changes, \
         {seen} notifications of them, {overruns} overrun markers, stats {stats:?}",
        run
    );
    assert!(
        seen <= changes,
        "{seen} notifications for {changes} changes"
    );
    assert!(
        seen == changes || overruns > 0,
        "{} notifications lost without an overrun marker",
        changes - seen
    );
    assert!(stats.overruns >= overruns, "{stats:?}");
    assert!(!stats.reader_failed);
}
