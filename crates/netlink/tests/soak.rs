//! The soak: minutes of mixed churn in a private namespace (routes, addresses, neighbours,
//! rules, nexthops, links and qdiscs, at 5,000 changes per second or more, through `ip -batch`
//! and `tc -batch`), while this process dumps every table, `nlctl monitor` prints every event,
//! and a subscriber with a small receive buffer that pauses every few seconds is forced into
//! overruns and re-reads the tables each time. File descriptors, threads and resident memory
//! are sampled every minute and must stay flat; at the end the subscriber's tables must equal
//! the kernel's.
//!
//! Two copies of the kernel's tables are kept and checked at the end: a mirror built here from
//! dumps and events ([`Mirror`], as tests/storm.rs does; qdiscs included), compared by
//! [`consistent`], and the library's [`LiveView`] of links, addresses, routes, neighbours,
//! rules and nexthops behind a receive buffer small enough to overrun under the churn, compared
//! by [`LiveView::verify`] with a fresh dump once the churn is over.
//!
//! Ignored by `cargo test`: `cargo xtask soak --minutes N` runs it (it builds `nlctl` and
//! sets `NETLINK_SOAK_MINUTES` and `NETLINK_SOAK_NLCTL`); CI runs 2 minutes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, bounded};
use netlink::netlink_wire::rtnl::Group;
use netlink::{
    AddrFilter, Address, Connection, ConnectionOptions, Error, Event, Link, LinkFilter, LiveView,
    Message, NeighFilter, Neighbour, Nexthop, NexthopFilter, Qdisc, QdiscFilter, Route,
    RouteFilter, Rule, RuleFilter, ViewOptions,
};
use netlink_testns::TestNs;

/// Every table the soak follows: its name, then the keys of its entries.
pub type Tables = BTreeMap<&'static str, BTreeSet<String>>;

/// The check at the end of the soak: `actual` (a mirror, or the live view) equals `kernel`,
/// table by table. The error names each table that differs and up to five entries each way.
pub fn consistent(actual: &Tables, kernel: &Tables) -> Result<(), String> {
    let mut report = String::new();
    for name in actual.keys().chain(kernel.keys()).collect::<BTreeSet<_>>() {
        let empty = BTreeSet::new();
        let a = actual.get(name).unwrap_or(&empty);
        let k = kernel.get(name).unwrap_or(&empty);
        if a != k {
            let extra: Vec<_> = a.difference(k).take(5).collect();
            let missing: Vec<_> = k.difference(a).take(5).collect();
            report += &format!(
                "{name}: {} entries, kernel {}; only in ours {extra:?}; only in the kernel {missing:?}\n",
                a.len(),
                k.len()
            );
        }
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

/// The object an event carries: bare, or announced with its notification's flags.
trait Carried<T> {
    fn carried(&self) -> &T;
}

impl<T> Carried<T> for T {
    fn carried(&self) -> &T {
        self
    }
}

impl<T> Carried<T> for netlink::Announced<T> {
    fn carried(&self) -> &T {
        &self.object
    }
}

/// The tables the soak compares, one line each: the table's name, the object, its filter, and
/// the key that names an entry (what an `RTM_DEL*` carries too).
macro_rules! tables {
    ($( $name:literal: $T:ty, $F:ty, $New:ident / $Del:ident, |$o:ident| $key:expr; )*) => {
        /// Every table, dumped now. A dump the kernel flags as interrupted is read again.
        fn dump_tables(c: &Connection) -> Tables {
            let mut t = Tables::new();
            $(
                let list = retry_interrupted(|| c.list::<$T>(<$F>::default()));
                t.insert($name, list.iter().map(|$o: &$T| $key).collect());
            )*
            t
        }

        /// The table and key an event changes, and whether it removes the entry.
        fn key_of(e: &Event) -> Option<(&'static str, String, bool)> {
            match e {
                $(
                    Event::$New(e) => {
                        let $o: &$T = Carried::<$T>::carried(e);
                        Some(($name, $key, false))
                    }
                    Event::$Del(e) => {
                        let $o: &$T = Carried::<$T>::carried(e);
                        Some(($name, $key, true))
                    }
                )*
                _ => None,
            }
        }
    };
}

tables! {
    "links": Link, LinkFilter, NewLink / DelLink, |l| format!("{} {}", l.index, l.name);
    "addresses": Address, AddrFilter, NewAddress / DelAddress,
        |a| format!("{} {:?}/{}", a.index, a.ip(), a.prefix_len);
    "routes": Route, RouteFilter, NewRoute / DelRoute,
        |r| format!("{:?} {:?} {:?} {:?} {:?}", r.family, r.table, r.dst, r.metric, r.route_type);
    "neighbours": Neighbour, NeighFilter, NewNeighbour / DelNeighbour,
        |n| format!("{} {:?}", n.index, n.destination);
    "rules": Rule, RuleFilter, NewRule / DelRule,
        |r| format!("{:?} {} {:?} {:?}", r.family, r.priority, r.table, r.action);
    "nexthops": Nexthop, NexthopFilter, NewNexthop / DelNexthop, |n| n.id.to_string();
    "qdiscs": Qdisc, QdiscFilter, NewQdisc / DelQdisc,
        |q| format!("{} {:?} {:?} {}", q.index, q.handle, q.parent, q.kind);
}

fn retry_interrupted<T>(mut f: impl FnMut() -> netlink::Result<T>) -> T {
    for _ in 0..100 {
        match f() {
            Ok(v) => return v,
            Err(Error::DumpInterrupted) => continue,
            Err(e) => panic!("dump: {e}"),
        }
    }
    panic!("100 dumps in a row were interrupted");
}

/// The subscriber's own tables: a dump, then every event applied in order; on an overrun
/// marker, dumped again (the recipe of `Connection`'s documentation).
#[derive(Debug, Default)]
struct Mirror {
    tables: Tables,
    events: u64,
    resyncs: u64,
}

impl Mirror {
    fn resync(&mut self, c: &Connection) {
        self.tables = dump_tables(c);
        self.resyncs += 1;
    }

    fn apply(&mut self, m: &Message) {
        let Ok(e) = Event::from_message(m) else {
            return;
        };
        if let Some((table, key, delete)) = key_of(&e) {
            let t = self.tables.entry(table).or_default();
            if delete {
                t.remove(&key);
            } else {
                t.insert(key);
            }
            self.events += 1;
        }
    }
}

fn minutes() -> f64 {
    std::env::var("NETLINK_SOAK_MINUTES")
        .ok()
        .map_or(2.0, |s| s.parse().expect("NETLINK_SOAK_MINUTES is minutes"))
}

/// Open descriptors, threads and resident memory (KiB) of this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sample {
    fds: usize,
    threads: usize,
    rss_kib: u64,
}

fn sample() -> Sample {
    let fds = std::fs::read_dir("/proc/self/fd").unwrap().count();
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("{name} in /proc/self/status"))
    };
    Sample {
        fds,
        threads: field("Threads:") as usize,
        rss_kib: field("VmRSS:"),
    }
}

/// Flat: the last sample is at most the first (taken after a minute of warm-up) plus a small
/// bound. The threads and descriptors that come and go are a dump's read-ahead helper and its
/// socket; resident memory may grow by what the allocator keeps.
fn flat(first: Sample, last: Sample) -> Result<(), String> {
    const FDS: usize = 8;
    const THREADS: usize = 4;
    const RSS_KIB: u64 = 16 * 1024;
    if last.fds <= first.fds + FDS
        && last.threads <= first.threads + THREADS
        && last.rss_kib <= first.rss_kib + RSS_KIB
    {
        Ok(())
    } else {
        Err(format!(
            "not flat: {first:?} -> {last:?} (bounds: +{FDS} fds, +{THREADS} threads, +{RSS_KIB} KiB)"
        ))
    }
}

/// One cycle of `ip -batch` commands: `n` IPv6 blackholes added and deleted, and a few of
/// every other kind; returns the commands and how many changes they make.
fn cycle(k: u64, n: u64) -> (String, u64) {
    let mut s = String::new();
    let mut changes = 0;
    let mut line = |l: String, c: u64| {
        s += &l;
        s.push('\n');
        changes += c;
    };
    for j in 0..n {
        line(format!("route add blackhole 2001:db8:5::{j:x}/128"), 1);
    }
    for j in 0..20 {
        line(format!("addr add 198.51.100.{}/32 dev v0", 10 + j), 2);
        line(
            format!(
                "neigh add 192.0.2.{} lladdr 02:00:00:00:01:{j:02x} dev v0 nud permanent",
                100 + j
            ),
            1,
        );
    }
    for j in 0..10 {
        line(format!("rule add pref {} table {}", 1000 + j, 200 + j), 1);
        line(format!("nexthop add id {} blackhole", 1 + j), 1);
    }
    // A link pair, created and deleted in the same cycle; it stays down, so nothing else
    // (IPv6 addresses, routes, qdiscs) appears on it.
    line(
        format!("link add s{} type veth peer name t{}", k % 4, k % 4),
        2,
    );
    for j in 0..n {
        line(format!("route del blackhole 2001:db8:5::{j:x}/128"), 1);
    }
    for j in 0..20 {
        line(format!("addr del 198.51.100.{}/32 dev v0", 10 + j), 2);
        line(format!("neigh del 192.0.2.{} dev v0", 100 + j), 1);
    }
    for j in 0..10 {
        line(format!("rule del pref {} table {}", 1000 + j, 200 + j), 1);
        line(format!("nexthop del id {}", 1 + j), 1);
    }
    line(format!("link del s{}", k % 4), 2);
    (s, changes)
}

/// Runs `tool -n NS -force -batch -` on `commands`; returns how many commands failed.
fn batch(tool: &str, ns: &TestNs, commands: &str) -> u64 {
    let mut child = Command::new(tool)
        .args(["-n", ns.name(), "-force", "-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(commands.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("Command failed"))
        .count() as u64
}

/// `nlctl monitor` in the namespace, its output counted line by line on a thread.
fn monitor(ns: &TestNs, lines: &Arc<AtomicU64>) -> Child {
    let nlctl = std::env::var("NETLINK_SOAK_NLCTL").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/debug/nlctl").to_owned()
    });
    assert!(
        std::path::Path::new(&nlctl).exists(),
        "{nlctl} is missing: run the soak with `cargo xtask soak`, which builds it"
    );
    let mut child = Command::new("ip")
        .args(["netns", "exec", ns.name(), &nlctl, "monitor"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let lines = Arc::clone(lines);
    std::thread::spawn(move || {
        for _ in BufReader::new(out).lines() {
            lines.fetch_add(1, Ordering::Relaxed);
        }
    });
    child
}

/// The forced-overrun subscriber: applies events to its mirror, sleeping 2 s every 5 s so
/// that its small buffer overruns, and re-reads the tables on every marker.
fn subscriber(c: &Connection, rx: &Receiver<Message>, stop: &AtomicBool) -> Mirror {
    let mut mirror = Mirror::default();
    mirror.resync(c);
    let mut pause = Instant::now() + Duration::from_secs(5);
    let mut quiet_since = None;
    loop {
        if !stop.load(Ordering::Relaxed) && Instant::now() >= pause {
            std::thread::sleep(Duration::from_secs(2));
            pause = Instant::now() + Duration::from_secs(5);
        }
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(m) if m.is_overrun() => mirror.resync(c),
            Ok(m) => {
                mirror.apply(&m);
                quiet_since = None;
            }
            Err(_) if stop.load(Ordering::Relaxed) => {
                // The churn is over: end once nothing has come for 3 s.
                let since = *quiet_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= Duration::from_secs(3) {
                    return mirror;
                }
            }
            Err(_) => {}
        }
    }
}

/// The live view's differences from a fresh dump once the churn is over: asked again for up
/// to 10 s while the view may still be applying the last notifications or re-reading a table
/// the kernel changed without a word; the last answer's first entries when it never agrees.
fn view_settles(view: &LiveView) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let diff = view.verify().map_err(|e| format!("verify: {e}"))?;
        if diff.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "{} differences, the first: {}",
                diff.len(),
                show(&diff[..diff.len().min(5)])
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn groups() -> [Group; 10] {
    [
        Group::LINK,
        Group::IPV4_IFADDR,
        Group::IPV6_IFADDR,
        Group::IPV4_ROUTE,
        Group::IPV6_ROUTE,
        Group::NEIGH,
        Group::IPV4_RULE,
        Group::IPV6_RULE,
        Group::NEXTHOP,
        Group::TC,
    ]
}

fn show<T: Debug>(v: &[T]) -> String {
    v.iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join("\n  ")
}

#[test]
#[ignore = "minutes long: run by `cargo xtask soak --minutes N` (CI: 2 minutes)"]
fn soak() {
    let run = Duration::from_secs_f64(minutes() * 60.0);
    let ns = TestNs::new();
    ns.ip_batch(
        "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n\
         addr add 192.0.2.1/24 dev v0\n",
    );
    ns.settle();
    let options = ConnectionOptions::default()
        .netns(ns.path())
        .request_timeout(Duration::from_secs(30));
    let mut sub_options = options.clone().notify_buffer_size(64 * 1024);
    for g in groups() {
        sub_options = sub_options.membership(g);
    }
    let sub = Arc::new(Connection::with_options(sub_options).unwrap());
    let (tx, rx) = bounded(256);
    sub.notify(tx);
    let stop = Arc::new(AtomicBool::new(false));
    let subscriber = {
        let (sub, stop) = (Arc::clone(&sub), Arc::clone(&stop));
        std::thread::spawn(move || subscriber(&sub, &rx, &stop))
    };
    // Dumps of every table, ten rounds a second at most, through a connection of their own.
    let dumps = Arc::new(AtomicU64::new(0));
    let dumper = {
        let (dumps, stop) = (Arc::clone(&dumps), Arc::clone(&stop));
        let c = Connection::with_options(options.clone()).unwrap();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let t = dump_tables(&c);
                assert!(t.get("links").is_some_and(|l| l.len() >= 3), "{t:?}");
                dumps.fetch_add(1, Ordering::Relaxed);
                // A pause between rounds leaves the 2 CPUs to the churn (back to back, the
                // 30-minute run's dumps took a share that kept the churn under 5,000/s).
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    // The live view, with a buffer as small as the subscriber's: it overruns and repairs
    // itself by re-reading, as often as the churn makes it.
    let view = LiveView::start(
        ViewOptions::default().connection(options.clone().notify_buffer_size(64 * 1024)),
    )
    .unwrap();
    view.wait_synced().unwrap();
    let monitor_lines = Arc::new(AtomicU64::new(0));
    let mut nlctl = monitor(&ns, &monitor_lines);

    let start = Instant::now();
    let mut samples: Vec<(Duration, Sample)> = Vec::new();
    let mut next_sample = start + Duration::from_secs(60);
    let (mut changes, mut failed, mut k) = (0u64, 0u64, 0u64);
    while start.elapsed() < run {
        let (commands, n) = cycle(k, 1000);
        failed += batch("ip", &ns, &commands);
        failed += batch(
            "tc",
            &ns,
            "qdisc add dev v0 clsact\nqdisc del dev v0 clsact\n",
        );
        changes += n + 2;
        k += 1;
        if Instant::now() >= next_sample {
            samples.push((start.elapsed(), sample()));
            next_sample += Duration::from_secs(60);
        }
    }
    let churn_time = start.elapsed();
    samples.push((churn_time, sample()));
    stop.store(true, Ordering::Relaxed);
    dumper.join().expect("the dumps ran without an error");
    let mirror = subscriber
        .join()
        .expect("the subscriber ran without a panic");
    let kernel = dump_tables(&sub);
    let alive = nlctl.try_wait().unwrap().is_none();
    let _ = nlctl.kill();
    let _ = nlctl.wait();
    let stats = sub.stats();
    let view_result = view_settles(&view);
    let view_stats = view.stats();
    let rate = (changes - failed) as f64 / churn_time.as_secs_f64();
    println!(
        "soak: {:.1} min, {} cycles, {} changes ({} failed), {rate:.0} changes/s, {} dumps, \
         {} events applied, {} re-reads after overruns, stats {stats:?}, live view {view_stats:?}, \
         nlctl monitor: {} lines, samples (time, fds, threads, RSS KiB):\n  {}",
        churn_time.as_secs_f64() / 60.0,
        k,
        changes,
        failed,
        dumps.load(Ordering::Relaxed),
        mirror.events,
        mirror.resyncs,
        monitor_lines.load(Ordering::Relaxed),
        show(&samples)
    );
    // Every check is made and every failure reported, so that one does not hide another.
    let mut failures = Vec::new();
    if let Err(e) = consistent(&mirror.tables, &kernel) {
        failures.push(format!(
            "the subscriber's tables differ from the kernel's:\n{e}"
        ));
    }
    if let Err(e) = view_result {
        failures.push(format!(
            "the live view differs from the kernel's tables: {e}"
        ));
    }
    if view_stats.overruns == 0 {
        failures.push("the live view was never forced into an overrun".into());
    }
    // Flat: the first sample after a minute of warm-up against the last.
    if let (Some(first), Some(last)) = (samples.first(), samples.last())
        && let Err(e) = flat(first.1, last.1)
    {
        failures.push(e);
    }
    if failed > 0 {
        failures.push(format!("{failed} churn commands failed"));
    }
    if !alive {
        failures.push("nlctl monitor ended during the soak".into());
    }
    if stats.overruns == 0 {
        failures.push("the small subscriber was never forced into an overrun".into());
    }
    if stats.reader_failed {
        failures.push("the notification reader failed".into());
    }
    if rate < 5000.0 {
        failures.push(format!("{rate:.0} changes/s, below 5,000"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
