//! The differential suite: every command line of `tests/differential/*.txt` runs in twin
//! private namespaces built the same way, one with `ip` 6.1 (the oracle) and one with `nlctl`,
//! and must do the same in both: the same exit status (or both succeed), the same standard
//! output (JSON compared parsed, text line by line), and the same kernel state afterwards
//! (`ip -j` dumps of links, addresses, routes, neighbours, rules and nexthops). Standard error
//! is not compared: `nlctl`'s messages are its own, but a line `nlctl` refuses as "not
//! supported yet" fails.
//!
//! The data files hold one command line a line, the words after `ip -n NS` (global options
//! included), grouped under comments. A line that starts with `+ ` runs on the state the line
//! before it left (a sequence: change, then show); any other line runs on the fixed setup
//! ([`LINKS`], [`OBJECTS`]). `! REASON :: LINE` is a line this kernel cannot run (a feature it
//! lacks): it is run and reported, not asserted; `~ REASON :: LINE` one where `nlctl` differs
//! from `ip` on purpose, reported the same way; `? REASON :: LINE` one this kernel can run and
//! `nlctl` does not implement yet: it counts as runnable and not passed, and must still fail
//! (a `?` line that passes fails the suite, so the mark cannot outlive the gap). A line may
//! quote a word with `"`. A `netns` line runs in a mount namespace of its own whose
//! `/run/netns` holds only the twins' names (see [`PRIVATE_RUN_NETNS`]), so that other
//! processes' namespaces do not enter its output.
//!
//! Only what changes by itself is normalised, in both outputs and in the state alike, and
//! nothing else (see [`VOLATILE_KEYS`] and [`steady_text`]): address lifetimes, route and
//! neighbour timers, neighbour states that age (`REACHABLE` turns `STALE`), interface
//! counters (and the widths of their columns), bridge timers, the neighbour tables'
//! reachable times (drawn at random) and per-device reference counts (held by the entries the
//! kernel makes by itself), and the clock readings of `ip xfrm -s` (when a policy or
//! SA was added and used).
//! The binary stream of a `save` line is compared decoded, with the dump's sequence numbers
//! and port ids and the cache times of addresses and routes masked (see [`saved`]). Interface indexes need no
//! normalising: the twins create their links in the same order.
//!
//! Speed: the twins of a pair are built in parallel, a spare pair is built in the background
//! while lines run, each line runs both tools at once, and a pair is replaced only after a
//! line that changed its state. `NLCTL_DIFF=WORDS` runs only the lines that contain `WORDS`,
//! each with its sequence.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::NLCTL;
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

/// The links of the setup, created while IPv6 is off so that each link's IPv6 start (its
/// link-local address, its `fe80::/64` and `ff00::/8` routes) can be done one link at a time,
/// in a fixed order: otherwise the order of those routes follows the order in which the
/// kernel's workers ran, which differs between twins. v4's peer stays down (`M-DOWN`,
/// `NO-CARRIER`), and v4 and v5 keep IPv6 off.
const LINKS: &str =
    "link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
link add v2 address 02:00:00:00:00:03 type veth peer name v3 address 02:00:00:00:00:04
link add v4 address 02:00:00:00:00:05 type veth peer name v5 address 02:00:00:00:00:06
link add br0 address 02:00:00:00:00:10 type bridge
link set v2 master br0
link set v1 alias \"the peer\"
link set v3 group 5
link set v0 up
link set v1 up
link set v2 up
link set v3 up
link set v4 up
link set br0 up
";

/// The links whose IPv6 is turned on, in this order, once they have their carrier.
const IPV6_LINKS: [&str; 5] = ["v1", "v0", "v3", "v2", "br0"];

/// Addresses, routes, neighbours, rules and nexthops of many kinds, from documentation
/// ranges, to show, select, change and flush.
const OBJECTS: &str = "addr add 192.0.2.1/24 brd + dev v0
addr add 192.0.2.2/24 dev v0
addr add 192.0.2.3/24 dev v0 label v0:a
addr add 198.51.100.1/24 dev v1
addr add 198.51.100.9 peer 198.51.100.10 dev v1
addr add 203.0.113.1/25 dev br0 valid_lft 600 preferred_lft 300
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8::2/64 dev v0 nodad
addr add 2001:db8:1::1/64 dev v1 nodad
addr add 2001:db8:2::1/64 dev br0 nodad noprefixroute
route add default via 192.0.2.254
route add 203.0.113.128/26 via 192.0.2.254
route add 203.0.113.192/27 dev v1 proto static metric 5
route add 203.0.113.128/25 via 198.51.100.254 table 100
route add blackhole 203.0.113.224/28
route add unreachable 203.0.113.240/29
route add prohibit 203.0.113.248/30 table 100
route add 203.0.113.252/30 nexthop via 192.0.2.254 nexthop via 198.51.100.254 weight 2
route add 203.0.113.160/27 via 192.0.2.253 mtu 1400 advmss 1360 proto 42
route add 198.51.100.128/25 via 198.51.100.254 src 198.51.100.1 table 200
route add 2001:db8:10::/48 via 2001:db8::fe
route add 2001:db8:11::/48 dev v1 table 100
route add 2001:db8:12::/48 via 2001:db8::fe metric 100 pref high
route add unreachable 2001:db8:13::/48
neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev v0 nud permanent
neigh add 192.0.2.51 lladdr 02:00:00:00:00:51 dev v0 nud stale
neigh add 198.51.100.50 lladdr 02:00:00:00:00:52 dev v1 nud stale
neigh add 192.0.2.52 lladdr 02:00:00:00:00:53 dev v0 nud noarp
neigh add 2001:db8::50 lladdr 02:00:00:00:00:54 dev v0 nud stale
neigh add 2001:db8::51 lladdr 02:00:00:00:00:55 dev v0 router nud permanent
neigh add proxy 192.0.2.60 dev v0
neigh add proxy 2001:db8::60 dev v0
rule add from 192.0.2.0/24 table 100 priority 100
rule add to 198.51.100.0/24 table 100 priority 200
rule add fwmark 0x10/0xff table 200 priority 300
rule add iif v0 table 100 priority 400
rule add not from 203.0.113.0/24 goto 32766 priority 500
rule add ipproto tcp dport 80 table 100 priority 600
rule add uidrange 1000-2000 prohibit priority 700
nexthop add id 1 via 192.0.2.254 dev v0
nexthop add id 2 via 198.51.100.254 dev v1
nexthop add id 3 group 1/2
nexthop add id 4 blackhole
nexthop add id 5 group 1,2/2 type resilient buckets 8 idle_timer 120
nexthop add id 6 via 2001:db8::fe dev v0
nexthop add id 7 dev v1
nexthop add id 8 via 192.0.2.200 fdb
nexthop add id 9 group 8 fdb
route add 203.0.113.64/26 nhid 3
";

/// The IPv6 rules, as an `ip -6` batch (a batch line takes no `-6`).
const RULES6: &str = "rule add from 2001:db8::/32 table 100 priority 100
rule add to 2001:db8:1::/48 prohibit priority 200
";

/// What takes a namespace whose links a line did not change back to the setup, as an
/// `ip -force` batch, before [`OBJECTS`] again: everything [`OBJECTS`] adds goes (and with
/// the global addresses, their prefix and local routes), the kernel's own routes and the
/// links' IPv6 start stay. A line may have changed something this misses: the state is
/// compared with the setup's afterwards, and the pair is replaced when they differ.
const RESTORE: &str = "nexthop flush
rule flush
rule add priority 32766 table main proto kernel
rule add priority 32767 table default proto kernel
addr flush scope global
addr flush scope link to 0.0.0.0/0
addr flush dev v1 scope host
route flush table main
route flush table 100
route flush table 200
route flush root 2001:db8::/32
route flush table 100 root ::/0
neigh flush proxy
neigh flush dev v0 nud all
neigh flush dev v1 nud all
neigh flush to 192.0.2.52 nud noarp
";

/// [`RESTORE`]'s IPv6 rules, as an `ip -6 -force` batch, before [`RULES6`] again.
const RESTORE6: &str = "rule flush
rule add priority 32766 table main proto kernel
";

/// The dumps whose `ip -j` output is the kernel state a line may change, run as one batch.
const DUMPS: &str = "link show
addr show
route show table all
neigh show nud all
neigh show proxy
rule show
nexthop show
";

/// `ip -n NS ARGS` with `stdin`, which must succeed.
fn ip(ns: &str, args: &[&str], stdin: Option<&str>) -> String {
    let mut c = Command::new("ip");
    c.arg("-n").arg(ns).args(args);
    let o = feed(&mut c, stdin);
    assert!(
        o.status.success(),
        "ip -n {ns} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `c` with `stdin` (or none) and waits for it.
fn feed(c: &mut Command, stdin: Option<&str>) -> Output {
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

/// Runs a shell script inside the namespace, which must succeed.
fn sh(ns: &str, script: &str) {
    let o = feed(
        Command::new("ip").args(["netns", "exec", ns, "sh", "-ec", script]),
        None,
    );
    assert!(
        o.status.success(),
        "{ns}: {script}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Builds the setup in `ns`: the links, then each link's IPv6 in turn, then the objects.
fn build(ns: &TestNs) {
    let name = ns.name();
    sh(
        name,
        "sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
         net.ipv6.conf.default.disable_ipv6=1",
    );
    ip(name, &["-batch", "-"], Some(LINKS));
    // Each link's IPv6 starts once every carrier is there, one link after the other.
    let mut script = String::from(
        "for d in v0 v1 v2 v3 br0; do \
           n=0; until grep -qx 1 /sys/class/net/$d/carrier 2>/dev/null; do \
             n=$((n+1)); [ $n -lt 500 ] || exit 1; sleep 0.01; done; done\n",
    );
    for d in IPV6_LINKS {
        script.push_str(&format!(
            "sysctl -qw net.ipv6.conf.{d}.disable_ipv6=0\n\
             n=0; until ip -6 route show table all dev {d} | grep -q ff00:: \
               && ip -6 route show table all dev {d} | grep -q '^fe80::/64' \
               && ip -6 route show table local | grep -q 'local fe80::.* dev {d} '; do \
               n=$((n+1)); [ $n -lt 500 ] || exit 1; sleep 0.01; done\n"
        ));
    }
    script.push_str("sysctl -qw net.ipv6.conf.default.disable_ipv6=0\n");
    sh(name, &script);
    ip(name, &["-batch", "-"], Some(OBJECTS));
    ip(name, &["-6", "-batch", "-"], Some(RULES6));
}

/// Takes `ns` back to the setup when a line changed no link (see [`RESTORE`]). A command
/// that fails does not stop the others (`-force`), but a failed `neigh` change ends an `ip`
/// batch however forced: then the state differs from the setup's, and the pair is replaced.
fn restore(ns: &str) {
    for (args, batch) in [
        (
            &["-force", "-batch", "-"][..],
            format!("{RESTORE}{OBJECTS}"),
        ),
        (
            &["-6", "-force", "-batch", "-"][..],
            format!("{RESTORE6}{RULES6}"),
        ),
    ] {
        feed(
            Command::new("ip").arg("-n").arg(ns).args(args),
            Some(&batch),
        );
    }
}

/// An `ip -j -batch -` that stays running in a namespace and dumps its state on demand,
/// without a process per dump. It is restarted whenever a line changed the namespace, so that
/// the names `ip` caches between the commands of a batch never go stale.
struct Dumper {
    children: Vec<(Child, ChildStdin, BufReader<ChildStdout>)>,
}

impl Dumper {
    fn new(ns: &str) -> Dumper {
        let children = [&["-j", "-batch", "-"][..], &["-6", "-j", "-batch", "-"][..]]
            .into_iter()
            .map(|args| {
                let mut child = Command::new("ip")
                    .arg("-n")
                    .arg(ns)
                    .args(args)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::inherit())
                    .spawn()
                    .expect("start ip -batch");
                let stdin = child.stdin.take().expect("stdin");
                let stdout = BufReader::new(child.stdout.take().expect("stdout"));
                (child, stdin, stdout)
            })
            .collect();
        Dumper { children }
    }

    /// The kernel state, normalised as outputs are: [`DUMPS`], then the IPv6 rules.
    fn state(&mut self) -> Vec<Value> {
        let mut docs: Vec<Value> = Vec::new();
        for ((_, stdin, stdout), dumps) in self.children.iter_mut().zip([DUMPS, "rule show\n"]) {
            stdin
                .write_all(dumps.as_bytes())
                .expect("ask ip for a dump");
            stdin.flush().expect("flush");
            for _ in dumps.lines() {
                let mut line = String::new();
                stdout.read_line(&mut line).expect("read a dump");
                let v: Value =
                    serde_json::from_str(&line).unwrap_or_else(|e| panic!("dump: {e}: {line}"));
                docs.push(steady(&v));
            }
        }
        // Neighbours come in the order of a hash table.
        for d in &mut docs {
            if let Value::Array(a) = d
                && a.iter()
                    .any(|e| e.get("lladdr").is_some() || e.get("proxy").is_some())
            {
                a.sort_by_key(Value::to_string);
            }
        }
        docs
    }
}

impl Drop for Dumper {
    fn drop(&mut self) {
        for (mut child, stdin, _) in self.children.drain(..) {
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// A namespace built as the setup, with its dumper.
struct Twin {
    dumper: Dumper,
    ns: TestNs,
}

impl Twin {
    fn new() -> Twin {
        let ns = TestNs::new();
        build(&ns);
        Twin {
            dumper: Dumper::new(ns.name()),
            ns,
        }
    }

    fn name(&self) -> &str {
        self.ns.name()
    }

    /// Starts a fresh dumper, after a change.
    fn renew(&mut self) {
        self.dumper = Dumper::new(self.ns.name());
    }
}

/// A pair of twins: one for `ip`, one for `nlctl`.
struct Twins {
    ip: Twin,
    nl: Twin,
}

impl Twins {
    fn new() -> Twins {
        let (ip, nl) = thread::scope(|s| {
            let a = s.spawn(Twin::new);
            (a.join().expect("build"), Twin::new())
        });
        Twins { ip, nl }
    }

    /// Both states, dumped at once.
    fn states(&mut self) -> (Vec<Value>, Vec<Value>) {
        let Twins { ip, nl } = self;
        thread::scope(|s| {
            let a = s.spawn(|| ip.dumper.state());
            (a.join().expect("state"), nl.dumper.state())
        })
    }

    /// Takes both back to the setup (see [`restore`]); whether that worked.
    fn restore(&mut self, base: &[Value]) -> bool {
        thread::scope(|s| {
            let a = s.spawn(|| restore(self.ip.name()));
            restore(self.nl.name());
            a.join().expect("restore");
        });
        self.ip.renew();
        self.nl.renew();
        let (a, b) = self.states();
        if std::env::var_os("NLCTL_DIFF_TRACE").is_some() && (a != base || b != base) {
            eprintln!(
                "restore missed:\n{}{}",
                state_diff(base, &a),
                state_diff(base, &b)
            );
        }
        a == base && b == base
    }
}

/// Pairs built ahead on threads of their own, a few at a time, and used pairs deleted off the
/// hot path. Dropping it (at the end of the run, or while a failure unwinds) stops the builders
/// and waits for every thread, so that the pairs a builder holds and those being deleted are
/// gone before the process ends: no namespace outlives the test.
struct Spares {
    rx: Option<mpsc::Receiver<Twins>>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl Spares {
    fn new() -> Spares {
        let (tx, rx) = mpsc::sync_channel(0);
        let threads = (0..BUILDERS)
            .map(|_| {
                let tx = tx.clone();
                // A send after the receiver is gone fails and drops the pair it carried.
                thread::spawn(move || while tx.send(Twins::new()).is_ok() {})
            })
            .collect();
        Spares {
            rx: Some(rx),
            threads,
        }
    }

    /// The next fresh pair.
    fn recv(&self) -> Twins {
        self.rx
            .as_ref()
            .and_then(|rx| rx.recv().ok())
            .expect("a pair")
    }

    /// Deletes a used pair on a thread of its own.
    fn discard(&mut self, used: Twins) {
        self.threads.push(thread::spawn(move || drop(used)));
    }
}

impl Drop for Spares {
    fn drop(&mut self) {
        drop(self.rx.take());
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// How many pairs are built at once: building mostly waits for the kernel.
const BUILDERS: usize = 2;

/// One line of a data file.
#[derive(Debug, Clone)]
struct Line {
    /// `file:line`.
    at: String,
    /// The command line as written.
    text: String,
    /// Its words.
    words: Vec<String>,
    /// `+`: runs on the state the line before left.
    continues: bool,
    /// `!`: why this kernel cannot run it; `~`: why nlctl does otherwise on purpose; `?`: what
    /// nlctl does not implement yet (counted as runnable and not passed, and asserted to fail
    /// still, so that the mark goes when the line passes).
    not_runnable: Option<(char, String)>,
}

/// Splits a command line into words, `"` quoting a word with blanks.
fn split(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

/// The directory of the data files.
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

/// Every line of every data file, in file order.
fn lines() -> Vec<Line> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/differential")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read data file");
        let file = f.file_name().expect("name").to_string_lossy().into_owned();
        for (i, raw) in text.lines().enumerate() {
            let l = raw.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let at = format!("{file}:{}", i + 1);
            let mark = l.chars().next().filter(|c| matches!(c, '!' | '~' | '?'));
            let (not_runnable, l) = match mark.and_then(|m| l.strip_prefix(m)) {
                Some(rest) => {
                    let (why, cmd) = rest
                        .split_once(" :: ")
                        .unwrap_or_else(|| panic!("{at}: `! REASON :: LINE`"));
                    (mark.map(|m| (m, why.trim().to_owned())), cmd.trim())
                }
                None => (None, l),
            };
            let (continues, l) = match l.strip_prefix("+ ") {
                Some(rest) => (true, rest.trim()),
                None => (false, l),
            };
            out.push(Line {
                at,
                text: l.to_owned(),
                words: split(l),
                continues,
                not_runnable,
            });
        }
    }
    out
}

/// JSON keys whose values change with time, not with what a command did: address lifetimes
/// (unless `forever`), route and neighbour timers, bridge timers, and the counters of `-s`.
const VOLATILE_KEYS: [&str; 16] = [
    "valid_life_time",
    "preferred_life_time",
    "expires",
    "used",
    "confirmed",
    "updated",
    "probes",
    "hello_timer",
    "tcn_timer",
    "topology_change_timer",
    "gc_timer",
    "hold_timer",
    "message_age_timer",
    "forward_delay_timer",
    // A neighbour table's reachable time is drawn at random around its base (`ntable`).
    "reachable",
    // A neighbour table's per-device parameters are held by each neighbour entry of the
    // device, and the kernel makes and ages entries by itself (IPv6 neighbour discovery), at
    // different moments in the two twins (`ntable`).
    "refcnt",
];

/// Keys whose whole subtree is counters.
const COUNTER_KEYS: [&str; 3] = ["stats64", "stats", "idle_time"];

/// `v` with what changes by itself replaced by a mark, as the module documentation lists.
fn steady(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = if k == "state" {
                        fold_state(v)
                    } else if v.as_str().is_some_and(random_mac) {
                        Value::from("<random>")
                    } else if VOLATILE_KEYS.contains(&k.as_str())
                        && v.as_u64() != Some(u64::from(u32::MAX))
                    {
                        Value::from("N")
                    } else if COUNTER_KEYS.contains(&k.as_str()) {
                        counters(v)
                    } else {
                        steady(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        // ip prints `{}` for an entry its filter leaves out; nlctl leaves it out.
        Value::Array(a) => Value::Array(
            a.iter()
                .filter(|e| e.as_object().is_none_or(|m| !m.is_empty()))
                .filter(|e| !multicast_neighbour(e))
                .map(steady)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether `e` is a neighbour entry for a multicast address (`224.0.0.22`, `ff02::16`): the
/// kernel makes those itself when it sends an IGMP or MLD report, at random times, so that
/// twins have them or not by chance.
fn multicast_neighbour(e: &Value) -> bool {
    e.get("state").is_some_and(Value::is_array)
        && e.get("dst")
            .and_then(Value::as_str)
            .and_then(|d| d.parse::<IpAddr>().ok())
            .is_some_and(|a| a.is_multicast())
}

/// Every number in `v` replaced by 0: the structure stays compared, the counts do not.
fn counters(v: &Value) -> Value {
    match v {
        Value::Number(_) => Value::from(0),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), counters(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(counters).collect()),
        other => other.clone(),
    }
}

/// Neighbour states that move on their own (`REACHABLE` turns `STALE`) read as one.
fn fold_state(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|s| match s.as_str() {
                    Some(s) if AGING.contains(&s) => "DYNAMIC".into(),
                    _ => s.clone(),
                })
                .collect(),
        ),
        Value::String(s) if AGING.contains(&s.as_str()) => "DYNAMIC".into(),
        other => other.clone(),
    }
}

/// Whether `w` is a link-layer address the kernel chose at random for a link a line created
/// without one (locally administered, unicast), which must differ between twins; the setup's
/// own addresses (`02:00:00:00:00:xx`) are left alone.
fn random_mac(w: &str) -> bool {
    let bytes: Vec<u8> = w
        .split(':')
        .map(|b| u8::from_str_radix(b, 16).ok().filter(|_| b.len() == 2))
        .collect::<Option<_>>()
        .unwrap_or_default();
    bytes.len() == 6 && bytes[0] & 0x03 == 0x02 && !w.starts_with("02:00:00:00:00:")
}

/// Neighbour states the kernel moves between by itself.
const AGING: [&str; 4] = ["REACHABLE", "STALE", "DELAY", "PROBE"];

/// Text words whose next word changes with time (`valid_lft 599sec`, `expires 12sec`,
/// `used 3/3/1`, `gc_timer  275.86`, a nexthop bucket's `idle_time 2.38`).
fn volatile_word(w: &str) -> bool {
    matches!(
        w,
        "valid_lft"
            | "preferred_lft"
            | "expires"
            | "used"
            | "probes"
            | "idle_time"
            | "age"
            | "reachable"
            | "refcnt"
    ) || (VOLATILE_KEYS.contains(&w) && w.ends_with("_timer"))
}

/// A text output with what changes by itself replaced by `N`: the values after
/// [`volatile_word`]s (unless `forever`), the aging neighbour states, and the counter tables of
/// `-s` (whose column widths follow the counts, so their blanks are collapsed too).
fn steady_text(text: &str) -> Vec<String> {
    // `-oneline` joins an object's lines with `\`: they are normalised one by one too, as one
    // sequence with the others.
    let pieces: Vec<(bool, &str)> = text
        .lines()
        .flat_map(|l| l.split('\\').enumerate().map(|(i, p)| (i > 0, p)))
        .collect();
    let done = steady_lines(pieces.iter().map(|(_, p)| *p));
    let mut out: Vec<String> = Vec::new();
    for ((joined, _), p) in pieces.iter().zip(done) {
        match out.last_mut() {
            Some(last) if *joined => {
                last.push('\\');
                last.push_str(&p);
            }
            _ => out.push(p),
        }
    }
    out
}

/// [`steady_text`] of a sequence of lines.
fn steady_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut counters_next = false;
    for line in lines {
        let t = line.trim_start();
        if counters_next {
            counters_next = false;
            out.push(
                line.split_whitespace()
                    .map(|w| {
                        if w.starts_with(|c: char| c.is_ascii_digit()) {
                            "N"
                        } else {
                            w
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            continue;
        }
        if xfrm_clock_line(t) {
            // `ip xfrm -s`: when a policy or SA was added and first used, clock readings
            // that differ between twins built a second apart.
            out.push("add TIME use TIME".to_owned());
            continue;
        }
        if t.starts_with("RX:")
            || t.starts_with("TX:")
            || t.starts_with("RX errors:")
            || t.starts_with("TX errors:")
        {
            counters_next = true;
            out.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
            continue;
        }
        let mut s = String::new();
        let mut rest = line;
        let mut skip_value = false;
        loop {
            let start = rest.len() - rest.trim_start().len();
            let (blank, after) = rest.split_at(start);
            if after.is_empty() {
                s.push_str(blank);
                break;
            }
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            let (word, tail) = after.split_at(end);
            if skip_value {
                skip_value = false;
                s.push(' ');
                s.push_str(if word == "forever" { "forever" } else { "N" });
            } else {
                s.push_str(blank);
                s.push_str(if AGING.contains(&word) {
                    "DYNAMIC"
                } else if random_mac(word) {
                    "<random>"
                } else {
                    word
                });
                skip_value = volatile_word(word);
            }
            rest = tail;
        }
        out.push(s);
    }
    out
}

/// Whether `t` is `ip xfrm -s`'s `add DATE TIME use DATE TIME` (or `-` for a time not
/// reached).
fn xfrm_clock_line(t: &str) -> bool {
    let date = |w: &str| {
        w == "-"
            || (w.len() == 10
                && w.as_bytes().get(4) == Some(&b'-')
                && w.as_bytes().get(7) == Some(&b'-'))
    };
    let words: Vec<&str> = t.split_whitespace().collect();
    words.first() == Some(&"add") && words.get(1).is_some_and(|w| date(w)) && words.contains(&"use")
}

/// A standard output as compared: its JSON documents when it is JSON, else its lines.
#[derive(Debug, PartialEq)]
enum Printed {
    Json(Vec<Value>),
    Text(Vec<String>),
}

fn printed(out: &[u8]) -> Printed {
    let text = String::from_utf8_lossy(out);
    if text.trim_start().starts_with(['[', '{']) {
        let docs: Result<Vec<Value>, _> = serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .collect();
        if let Ok(d) = docs {
            return Printed::Json(d.iter().map(steady).collect());
        }
    }
    Printed::Text(steady_text(&text))
}

/// The stream of `address|route|rule save` (a 4-byte magic number, then netlink messages as
/// the kernel sent them) as lines to compare: the magic, then each message's type, flags and
/// family header and each of its attributes, in hex. What differs between two dumps of equal
/// states is masked: every header's sequence number and port id (the dump's own), and the
/// creation and update times of an address (`IFA_CACHEINFO`) or a route (`RTA_CACHEINFO`).
/// Anything that does not parse is kept as one line of hex, so that it must be equal too.
fn saved(bytes: &[u8]) -> Vec<String> {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|v| u16::from_ne_bytes([v[0], v[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|v| u32::from_ne_bytes([v[0], v[1], v[2], v[3]]))
    };
    let Some((magic, mut rest)) = bytes.split_at_checked(4) else {
        return vec![hex(bytes)];
    };
    let mut out = vec![format!("magic {}", hex(magic))];
    while !rest.is_empty() {
        let len = u32_at(rest, 0).map_or(0, |l| l as usize);
        let (Some(ty), Some(flags)) = (u16_at(rest, 4), u16_at(rest, 6)) else {
            out.push(format!("rest {}", hex(rest)));
            break;
        };
        let Some(msg) = rest.get(16..len).filter(|_| len >= 16) else {
            out.push(format!("rest {}", hex(rest)));
            break;
        };
        // RTM_NEWADDR has a struct ifaddrmsg; RTM_NEWROUTE and RTM_NEWRULE 12-byte headers.
        let (fixed, cacheinfo) = match ty {
            20 => (8, Some(6)),
            24 => (12, Some(12)),
            _ => (12, None),
        };
        let (head, mut attrs) = msg.split_at(fixed.min(msg.len()));
        out.push(format!("type {ty} flags {flags:#x} header {}", hex(head)));
        while attrs.len() >= 4 {
            let alen = u16_at(attrs, 0).map_or(0, usize::from);
            let kind = u16_at(attrs, 2).unwrap_or_default();
            let Some(payload) = attrs.get(4..alen).filter(|_| alen >= 4) else {
                break;
            };
            if Some(kind) == cacheinfo {
                out.push(format!("  attr {kind} <times>"));
            } else {
                out.push(format!("  attr {kind} {}", hex(payload)));
            }
            attrs = attrs.get((alen + 3) & !3..).unwrap_or_default();
        }
        if !attrs.is_empty() {
            out.push(format!("  rest {}", hex(attrs)));
        }
        rest = rest.get((len + 3) & !3..).unwrap_or_default();
    }
    out
}

/// What one tool did with a line.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    out: Printed,
    err: String,
}

/// Runs `program -n NS WORDS`; a `netns` line in a private `/run/netns` that holds only
/// `names` (see [`PRIVATE_RUN_NETNS`]).
fn run(program: &str, ns: &str, names: [&str; 2], line: &Line) -> Run {
    let netns = is_netns(&line.words);
    let mut c = if netns {
        let mut c = Command::new("unshare");
        c.args(["--mount", "--propagation", "private", "--"])
            .args(["sh", "-c", PRIVATE_RUN_NETNS, "sh"])
            .args(names)
            .args(["--", program]);
        c
    } else {
        Command::new(program)
    };
    let o = feed(
        c.arg("-n")
            .arg(ns)
            .args(&line.words)
            .current_dir(data_dir()),
        None,
    );
    if netns {
        // Had the private directory not been made, both tools would fail alike and the line
        // would pass without comparing anything.
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.code() != Some(125) && !err.starts_with("unshare:"),
            "{}: no private /run/netns: {err}",
            line.at
        );
    }
    let mut out = if line.words.iter().any(|w| w == "save") {
        Printed::Text(saved(&o.stdout))
    } else {
        printed(&o.stdout)
    };
    if is_neigh(&line.words) {
        if let Printed::Text(t) = &mut out {
            // See `multicast_neighbour`.
            t.retain(|l| {
                l.split_whitespace()
                    .next()
                    .and_then(|w| w.parse::<IpAddr>().ok())
                    .is_none_or(|a| !a.is_multicast())
            });
        }
        // The kernel dumps neighbours in the order of a hash table shared by every
        // namespace, which can grow between two dumps: the order is not compared.
        match &mut out {
            Printed::Text(t) => t.sort(),
            Printed::Json(d) => {
                for v in d {
                    if let Value::Array(a) = v {
                        a.sort_by_key(Value::to_string);
                    }
                }
            }
        }
    }
    if is_ntable(&line.words) {
        // The kernel lists a table's per-device parameters in the order they were made, which
        // the suite's restores (links deleted and made again) change in one twin and not the
        // other: the blocks are compared in any order.
        match &mut out {
            Printed::Text(t) => sort_blocks(t),
            Printed::Json(d) => {
                for v in d {
                    if let Value::Array(a) = v {
                        a.sort_by_key(Value::to_string);
                    }
                }
            }
        }
    }
    if is_maddr(&line.words) {
        // The kernel lists a device's multicast addresses in the order they were joined,
        // which addrconf's timing decides in each namespace: the order is not compared.
        if let Printed::Text(t) = &mut out {
            sort_within_blocks(t);
        }
    }
    Run {
        code: o.status.code(),
        out,
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Whether a command line's object is `neighbour`: its first word after the options (and
/// their values) abbreviates it, as `ip` reads it.
fn is_neigh(words: &[String]) -> bool {
    object(words).is_some_and(|w| "neighbour".starts_with(w) || "neighbor".starts_with(w))
}

/// Whether a command line's object is `netns` (`net`, `netn`; `ne` is `neighbour`).
fn is_netns(words: &[String]) -> bool {
    object(words).is_some_and(|w| w.len() >= 3 && "netns".starts_with(w))
}

/// The script (`sh -c SCRIPT sh NAME... -- COMMAND...`) that runs a `netns` line's command in
/// a mount namespace of its own whose `/run/netns` holds only the twins' names, so that what
/// `netns list` reads is the test's and not the host's, where other processes add and delete
/// namespaces at any moment. `unshare --propagation private` keeps every mount here from the
/// host. The names are bound from the host's directory, reached through the working directory
/// taken before the tmpfs covers it (`mount --no-canonicalize`, or mount would resolve `./NAME`
/// to the covered path). Exit status 125 says the directory could not be made.
const PRIVATE_RUN_NETNS: &str = r#"fail() { echo "private /run/netns: $*" >&2; exit 125; }
cd /run/netns || fail "no /run/netns"
mount -t tmpfs netns /run/netns || fail "cannot mount a tmpfs on /run/netns"
while [ "$1" != -- ]; do
    : > "/run/netns/$1" || fail "cannot create /run/netns/$1"
    mount --no-canonicalize --bind "./$1" "/run/netns/$1" || fail "cannot bind $1"
    shift
done
shift
cd "$OLDPWD" || fail "cannot return to $OLDPWD"
exec "$@"
"#;

/// Whether a command line's object is `maddress` (`m` is, in ip's table).
fn is_maddr(words: &[String]) -> bool {
    object(words).is_some_and(|w| "maddress".starts_with(w))
}

/// Whether a command line's object is `ntable` (`nt`, `ntbl`; `n` is `neighbour`).
fn is_ntable(words: &[String]) -> bool {
    object(words)
        .is_some_and(|w| w.len() >= 2 && ("ntable".starts_with(w) || "ntbl".starts_with(w)))
}

/// Sorts whole blocks (a line that is not indented and the indented lines after it).
fn sort_blocks(lines: &mut Vec<String>) {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for l in lines.drain(..) {
        match blocks.last_mut() {
            Some(b) if l.starts_with(char::is_whitespace) => b.push(l),
            _ => blocks.push(vec![l]),
        }
    }
    blocks.sort();
    lines.extend(blocks.into_iter().flatten());
}

/// Sorts the member lines of each device's block (`1:\tlo` and the indented lines after it).
fn sort_within_blocks(lines: &mut [String]) {
    let mut start = 0;
    while start < lines.len() {
        let end = lines[start + 1..]
            .iter()
            .position(|l| !l.starts_with(char::is_whitespace))
            .map_or(lines.len(), |i| start + 1 + i);
        lines[start + 1..end].sort();
        start = end;
    }
}

/// The first word after the options (and their values): the object.
fn object(words: &[String]) -> Option<&str> {
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if let Some(opt) = w.strip_prefix('-') {
            let opt = opt.trim_start_matches('-');
            // The options that take a value, and how short ip lets each be (`-r` is
            // `-resolve`, `-rc` `-rcvbuf`).
            let takes_value = [
                ("netns", 1),
                ("batch", 1),
                ("loops", 1),
                ("rcvbuf", 2),
                ("family", 1),
            ]
            .iter()
            .any(|(o, min)| opt.len() >= *min && o.starts_with(opt));
            if takes_value {
                it.next();
            }
            continue;
        }
        return Some(w.as_str());
    }
    None
}

/// Why a line failed, or `None` when both tools did the same.
fn differs(ip: &Run, nl: &Run, ip_state: &[Value], nl_state: &[Value]) -> Option<String> {
    let mut why = String::new();
    if nl.err.contains("panicked") || nl.err.contains("is not supported yet") {
        why.push_str(&format!("  nlctl: {}\n", nl.err.trim()));
    }
    if ip.code != nl.code {
        why.push_str(&format!(
            "  exit: ip {:?} {:?} / nlctl {:?} {:?}\n",
            ip.code,
            ip.err.lines().next().unwrap_or_default(),
            nl.code,
            nl.err.lines().next().unwrap_or_default()
        ));
    }
    if ip.out != nl.out {
        why.push_str(&output_diff(&ip.out, &nl.out));
    }
    if ip_state != nl_state {
        why.push_str(&state_diff(ip_state, nl_state));
    }
    (!why.is_empty()).then_some(why)
}

fn output_diff(ip: &Printed, nl: &Printed) -> String {
    let lines = |p: &Printed| -> Vec<String> {
        match p {
            Printed::Text(t) => t.iter().map(|l| format!("{l:?}")).collect(),
            Printed::Json(d) => d
                .iter()
                .flat_map(|v| match v {
                    Value::Array(a) => a.iter().map(Value::to_string).collect(),
                    v => vec![v.to_string()],
                })
                .collect(),
        }
    };
    let (a, b) = (lines(ip), lines(nl));
    let mut s = String::from("  output:\n");
    if std::mem::discriminant(ip) != std::mem::discriminant(nl) {
        s.push_str("    one is JSON, the other not\n");
    }
    let only_a: Vec<&String> = a.iter().filter(|l| !b.contains(l)).collect();
    let only_b: Vec<&String> = b.iter().filter(|l| !a.contains(l)).collect();
    for (x, y) in only_a.iter().zip(&only_b) {
        // Where two lines that differ part ways, with some context.
        let at = x
            .char_indices()
            .zip(y.chars())
            .find(|((_, c), d)| c != d)
            .map_or(x.len().min(y.len()), |((i, _), _)| i);
        let mut from = at.saturating_sub(40);
        while !x.is_char_boundary(from) {
            from -= 1;
        }
        s.push_str(&format!(
            "    at {at}: ip …{} / nlctl …{}\n",
            x.get(from..)
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect::<String>(),
            y.get(from..)
                .unwrap_or_default()
                .chars()
                .take(100)
                .collect::<String>()
        ));
    }
    for l in &only_a {
        s.push_str(&format!("    ip:    {l}\n"));
    }
    for l in &only_b {
        s.push_str(&format!("    nlctl: {l}\n"));
    }
    if a.len() == b.len() && a.iter().all(|l| b.contains(l)) {
        s.push_str("    same lines, other order\n");
    }
    s
}

fn state_diff(ip: &[Value], nl: &[Value]) -> String {
    let mut s = String::from("  state:\n");
    for (x, y) in ip.iter().zip(nl) {
        let (Value::Array(x), Value::Array(y)) = (x, y) else {
            continue;
        };
        for e in x.iter().filter(|e| !y.contains(e)) {
            s.push_str(&format!("    only after ip:    {e}\n"));
        }
        for e in y.iter().filter(|e| !x.contains(e)) {
            s.push_str(&format!("    only after nlctl: {e}\n"));
        }
    }
    s
}

/// Runs one line on `twins`; returns why it failed, and whether the state changed from
/// `base` (so that the pair must be restored before a line that wants the setup), and the
/// states.
fn play(
    line: &Line,
    twins: &mut Twins,
    base: &[Value],
    clock: &mut Clock,
) -> (Option<String>, bool, bool) {
    let t = Instant::now();
    let names = [twins.ip.name(), twins.nl.name()];
    let (ip_run, nl_run) = thread::scope(|s| {
        let a = s.spawn(|| run("ip", names[0], names, line));
        let b = run(NLCTL, names[1], names, line);
        (a.join().expect("ip"), b)
    });
    clock.tools += t.elapsed();
    let t = Instant::now();
    // Some changes complete asynchronously (a link's IPv6 start): look again for a while
    // before calling the states different.
    let mut tries = 0;
    let (ip_state, nl_state) = loop {
        let (a, b) = twins.states();
        tries += 1;
        if a == b || tries >= 6 {
            break (a, b);
        }
        thread::sleep(Duration::from_millis(30));
    };
    clock.states += t.elapsed();
    let dirty = ip_state != base || nl_state != base;
    let links = ip_state.first() == base.first() && nl_state.first() == base.first();
    (
        differs(&ip_run, &nl_run, &ip_state, &nl_state),
        dirty,
        links,
    )
}

/// Where the time went, for the report.
#[derive(Debug, Default)]
struct Clock {
    tools: Duration,
    states: Duration,
    restores: Duration,
    waited: Duration,
}

#[test]
fn nlctl_does_what_ip_does() {
    let started = Instant::now();
    // The oracle is ip 6.1: another release prints and refuses otherwise, and its lines would
    // fail for that reason alone. Say so at once rather than in a thousand differences.
    let version = Command::new("ip").arg("-V").output().expect("run ip -V");
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.contains("iproute2-6.1."),
        "the differential suite needs iproute2 6.1's ip, found: {version}"
    );
    let filter = std::env::var("NLCTL_DIFF").ok();
    let trace = std::env::var_os("NLCTL_DIFF_TRACE").is_some();
    let all = lines();
    // A line selected by the filter brings its whole sequence: the lines it continues and
    // those that continue it.
    let mut sequences: Vec<&[Line]> = Vec::new();
    let mut start = 0;
    for i in 1..=all.len() {
        if all.get(i).is_none_or(|l| !l.continues) {
            sequences.push(&all[start..i]);
            start = i;
        }
    }
    let selected: Vec<&Line> = sequences
        .into_iter()
        .filter(|q| {
            filter
                .as_deref()
                .is_none_or(|f| q.iter().any(|l| l.text.contains(f)))
        })
        .flatten()
        .collect();
    let mut pairs = Spares::new();
    let mut twins = pairs.recv();
    let (base, nl_base) = twins.states();
    assert_eq!(base, nl_base, "the twins differ before any line ran");
    let (mut dirty, mut links_kept) = (false, true);
    let mut restores = 0u32;
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut not_runnable: Vec<(String, String, Option<String>)> = Vec::new();
    let mut deliberate: Vec<(String, String, Option<String>)> = Vec::new();
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut passed = 0usize;
    let mut old: VecDeque<Twins> = VecDeque::new();
    let mut rebuilds = 0u32;
    let mut clock = Clock::default();
    for line in &selected {
        let t = Instant::now();
        let restored = dirty && !line.continues && links_kept && twins.restore(&base);
        clock.restores += t.elapsed();
        if restored {
            restores += 1;
        } else if dirty && !line.continues {
            let t = Instant::now();
            let next = pairs.recv();
            clock.waited += t.elapsed();
            rebuilds += 1;
            old.push_back(std::mem::replace(&mut twins, next));
            // Namespaces are deleted a few pairs later, off the hot path of the next line.
            if old.len() > 2
                && let Some(o) = old.pop_front()
            {
                pairs.discard(o);
            }
        }
        if trace {
            eprintln!("{} {}", line.at, line.text);
        }
        let (why, changed, kept) = play(line, &mut twins, &base, &mut clock);
        if changed && line.continues {
            // What the next line of the sequence sees must come from fresh dumpers.
            twins.ip.renew();
            twins.nl.renew();
        }
        (dirty, links_kept) = (changed, kept);
        match (&line.not_runnable, why) {
            (Some(('?', reason)), Some(_)) => {
                missing.push((format!("{} {}", line.at, line.text), reason.clone()))
            }
            (Some(('?', _)), None) => failed.push((
                format!("{} {}", line.at, line.text),
                "  passes now: remove its `?` mark\n".to_owned(),
            )),
            (Some(('~', reason)), why) => {
                deliberate.push((format!("{} {}", line.at, line.text), reason.clone(), why))
            }
            (Some((_, reason)), why) => {
                not_runnable.push((format!("{} {}", line.at, line.text), reason.clone(), why))
            }
            (None, None) => passed += 1,
            (None, Some(why)) => failed.push((format!("{} {}", line.at, line.text), why)),
        }
    }
    let runnable = selected.len() - not_runnable.len() - deliberate.len();
    let mut report = format!(
        "differential: {passed} passed / {runnable} runnable / {} lines ({} not runnable, {} \
         different on purpose, {} runnable but not implemented yet), in {:.1} s \
         ({restores} restores, {rebuilds} fresh pairs; {:.1} s running the tools, \
         {:.1} s dumping states, {:.1} s restoring, {:.1} s waiting for fresh pairs)\n",
        selected.len(),
        not_runnable.len(),
        deliberate.len(),
        missing.len(),
        started.elapsed().as_secs_f64(),
        clock.tools.as_secs_f64(),
        clock.states.as_secs_f64(),
        clock.restores.as_secs_f64(),
        clock.waited.as_secs_f64(),
    );
    for (l, reason, why) in &not_runnable {
        report.push_str(&format!(
            "not runnable: {l}\n  because {reason}; {}\n",
            if why.is_some() {
                "differs"
            } else {
                "same anyway"
            }
        ));
    }
    for (l, reason) in &missing {
        report.push_str(&format!("not implemented yet: {l}\n  because {reason}\n"));
    }
    for (l, reason, why) in &deliberate {
        report.push_str(&format!(
            "different on purpose: {l}\n  because {reason}; {}\n",
            if why.is_some() {
                "differs"
            } else {
                "same anyway"
            }
        ));
    }
    for (l, why) in &failed {
        report.push_str(&format!("FAILED {l}\n{why}"));
    }
    eprintln!("{report}");
    assert!(
        failed.is_empty(),
        "{} lines failed:\n{report}",
        failed.len()
    );
}
