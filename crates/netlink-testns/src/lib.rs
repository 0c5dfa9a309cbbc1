//! Test support: a fresh, private network namespace per test.
//!
//! Real-kernel tests must not touch the host's links, addresses, routes or
//! rules, and must be able to run in parallel. [`TestNs::new`] creates a
//! namespace with a unique name (`ip netns add nltest-<pid>-<counter>-<nanos>`),
//! brings its loopback up, and deletes it again when dropped (and the first
//! [`TestNs::new`] of a process deletes those of test processes that were killed
//! before they could drop theirs). Inside it,
//! tests configure things with [`TestNs::ip`] (iproute2 is the independent
//! witness the tests compare against) and open netlink sockets with
//! [`TestNs::socket`].
//!
//! Creating a namespace needs root (`CAP_SYS_ADMIN`) and iproute2's `ip`.
//! When either is missing, [`TestNs::new`] panics with a message that says
//! which: these tests fail loudly, they never skip, so that CI cannot go
//! green without having run them.
//!
//! This crate has no `unsafe` and makes no system calls of its own: it runs
//! `ip` through `std::process` and opens sockets through `netlink-socket`;
//! [`TestNs::multicast_route`] runs `python3` in the namespace, because only
//! the process that holds a multicast routing socket keeps its entries.
//!
//! ```no_run
//! use netlink_testns::TestNs;
//!
//! let ns = TestNs::new();
//! ns.ip(&["link", "add", "dummy0", "type", "dummy"]);
//! let links = ns.ip_json(&["link", "show"]);
//! assert!(links.contains("dummy0"));
//! ```
#![forbid(unsafe_code)]

use std::io::Write;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use netlink_socket::{NetNs, Protocol, Socket};

/// Re-exported so that tests can read `ip -j` output without depending on it themselves.
pub use serde_json;

/// How many IPv4 documentation addresses there are (RFC 5737): 192.0.2.0/24,
/// 198.51.100.0/24 and 203.0.113.0/24, the only IPv4 addresses tests use.
pub const DOC_IPV4: u32 = 768;

/// The first routing table of [`TestNs::blackhole_routes`].
pub const BLACKHOLE_TABLE: u32 = 10_000;

/// The `k`-th IPv4 documentation address, counting 192.0.2.0 to 192.0.2.255, then
/// 198.51.100.0 to 198.51.100.255, then 203.0.113.0 to 203.0.113.255; `k` is taken modulo
/// [`DOC_IPV4`], so that any `k` names one of them.
#[must_use]
pub fn doc_ipv4(k: u32) -> Ipv4Addr {
    const NETS: [[u8; 3]; 3] = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];
    let [_, _, net, host] = (k % DOC_IPV4).to_be_bytes();
    let [a, b, c] = NETS[usize::from(net)];
    Ipv4Addr::new(a, b, c, host)
}

/// Makes names unique within one test process.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A network namespace created for one test and deleted on drop.
///
/// # References
///  - [ip-netns(8)](https://man7.org/linux/man-pages/man8/ip-netns.8.html)
#[derive(Debug)]
pub struct TestNs {
    name: String,
}

/// The effective uid from `/proc/self/status`, for error messages.
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// Deletes the namespaces that test processes which no longer run left behind: a test
/// killed by its runner's timeout, or by a signal, never runs [`TestNs`]'s `Drop`. Their names
/// carry the creating process's id; a namespace is left alone while a process of that id
/// runs (its own, or one that reuses the id). Each test process sweeps once, before its first
/// namespace; a namespace another sweep deleted first is not an error.
pub fn sweep_orphans() {
    let Ok(entries) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("nltest-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || PathBuf::from(format!("/proc/{pid}")).exists() {
            continue;
        }
        if let Some(name) = name.to_str() {
            let output = run_ip(&["netns", "del", name], None);
            if output.status.success() {
                eprintln!("netlink-testns: deleted {name}, left behind by process {pid}");
            }
        }
    }
}

/// Runs `ip` with `args`, feeding `stdin` if given; panics if `ip` cannot be
/// started at all.
fn run_ip(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new("ip");
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "netlink-testns: the `ip` command (iproute2) was not found in PATH; \
             install iproute2 (apt-get install iproute2) to run the real-kernel tests"
        ),
        Err(error) => panic!(
            "netlink-testns: cannot start `ip {}`: {error}",
            args.join(" ")
        ),
    };
    // The pipe closes at the end of this statement, which ends ip's input.
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take())
        && let Err(error) = pipe.write_all(input.as_bytes())
    {
        panic!(
            "netlink-testns: cannot feed `ip {}`: {error}",
            args.join(" ")
        );
    }
    match child.wait_with_output() {
        Ok(output) => output,
        Err(error) => panic!(
            "netlink-testns: `ip {}` did not finish: {error}",
            args.join(" ")
        ),
    }
}

/// Panics with the command, its status and its stderr unless it succeeded;
/// returns its stdout.
fn check(args: &[&str], output: Output) -> String {
    if !output.status.success() {
        panic!(
            "netlink-testns: `ip {}` failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8_lossy(&output.stdout).into_owned()
}

impl TestNs {
    /// Creates a fresh namespace named `nltest-<pid>-<counter>-<nanos>` and
    /// brings its `lo` up.
    ///
    /// # Panics
    /// When the namespace cannot be created: not root (creating a network
    /// namespace needs `CAP_SYS_ADMIN`), or iproute2 is not installed. The
    /// message says which. Tests using this fail rather than skip.
    pub fn new() -> TestNs {
        static SWEEP: Once = Once::new();
        SWEEP.call_once(sweep_orphans);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "nltest-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            nanos
        );
        let args = ["netns", "add", name.as_str()];
        let output = run_ip(&args, None);
        if !output.status.success() {
            let uid = effective_uid();
            let hint = match uid {
                Some(0) => "running as root, so check that /run/netns is writable and \
                            network namespaces are enabled (CONFIG_NET_NS)"
                    .to_owned(),
                Some(uid) => format!(
                    "running as uid {uid}: creating a network namespace needs root \
                     (CAP_SYS_ADMIN); run the real-kernel tests as root"
                ),
                None => "cannot tell the effective uid; creating a network namespace \
                         needs root (CAP_SYS_ADMIN)"
                    .to_owned(),
            };
            panic!(
                "netlink-testns: cannot create a test network namespace: `ip {}` failed ({}): {}; {hint}. \
                 Real-kernel tests never skip.",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let ns = TestNs { name };
        ns.ip(&["link", "set", "lo", "up"]);
        ns
    }

    /// The namespace's name, as `ip netns` lists it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The namespace file, `/run/netns/NAME`.
    pub fn path(&self) -> PathBuf {
        PathBuf::from("/run/netns").join(&self.name)
    }

    /// Runs `ip -n NAME ARGS...` and returns its stdout.
    ///
    /// # Panics
    /// If the command fails, with the command, its status and its stderr.
    pub fn ip(&self, args: &[&str]) -> String {
        let mut full = vec!["-n", self.name.as_str()];
        full.extend_from_slice(args);
        check(&full, run_ip(&full, None))
    }

    /// Runs `ip -n NAME -j ARGS...` and returns its JSON output.
    ///
    /// # Panics
    /// If the command fails, with the command, its status and its stderr.
    pub fn ip_json(&self, args: &[&str]) -> String {
        let mut full = vec!["-n", self.name.as_str(), "-j"];
        full.extend_from_slice(args);
        check(&full, run_ip(&full, None))
    }

    /// Runs `ip -n NAME -j ARGS...` and parses its JSON output; panics as [`TestNs::ip`] does,
    /// or when the output is not JSON.
    pub fn ip_value(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ip_json(args);
        if out.trim().is_empty() {
            return serde_json::Value::Array(Vec::new());
        }
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("ip -j {args:?}: {e}: {out}"))
    }

    /// Runs `ip -n NAME -batch -` with `commands` (one `ip` command per
    /// line, without the leading `ip`) on its standard input: the fast way
    /// to add thousands of routes.
    ///
    /// # Panics
    /// If any command fails, with its status and stderr.
    pub fn ip_batch(&self, commands: &str) -> String {
        let full = ["-n", self.name.as_str(), "-batch", "-"];
        check(&full, run_ip(&full, Some(commands)))
    }

    /// Waits until the namespace no longer changes by itself: no address still tentative, and
    /// the links' flags and operational states the same in three reads of `ip -j link show`
    /// 100 ms apart. A veth's carrier comes up a moment after both ends are up, so two tools
    /// that read the links one after the other can see different flags unless the test waits
    /// for this first.
    ///
    /// # Panics
    /// If it still changes after 10 seconds, with the last two states.
    pub fn settle(&self) {
        let read = || -> Vec<(String, String, String)> {
            let v = self.ip_value(&["link", "show"]);
            v.as_array()
                .map(|links| {
                    links
                        .iter()
                        .map(|l| {
                            let s = |k: &str| l.get(k).map(ToString::to_string).unwrap_or_default();
                            (s("ifname"), s("flags"), s("operstate"))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut last = read();
        let mut same = 0;
        while same < 2 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            let now = read();
            let tentative = self.ip_json(&["addr", "show"]).contains("tentative");
            if now == last && !tentative {
                same += 1;
            } else {
                assert!(
                    std::time::Instant::now() < end,
                    "{} still changes after 10 s: {last:?} then {now:?}, tentative {tentative}",
                    self.name
                );
                same = 0;
                last = now;
            }
        }
    }

    /// Adds `n` IPv4 blackhole routes with one [`TestNs::ip_batch`]: the quick way to make a
    /// long IPv4 route dump or a storm of IPv4 route notifications.
    ///
    /// Tests use only the documentation ranges, whose 768 IPv4 addresses cannot hold 100,000
    /// distinct `/32`s; so route `i` is [`doc_ipv4`]`(i % 768)/32` in table
    /// [`BLACKHOLE_TABLE`]` + i / 768`. Each is its own IPv4 route, message and notification,
    /// which is all a long dump or a storm needs. Tables rather than metrics, because the
    /// kernel walks a prefix's routes in a list while it finds a table in a hash: 131,072
    /// routes this way take about a fifth longer to add than 131,072 distinct `/32`s in one
    /// table, while 171 metrics per `/32` take about twice as long. Dump them with
    /// `table all`.
    ///
    /// # Panics
    /// If `ip` fails.
    pub fn blackhole_routes(&self, n: u32) {
        let batch: String = (0..n)
            .map(|i| {
                format!(
                    "route add blackhole {}/32 table {}\n",
                    doc_ipv4(i % DOC_IPV4),
                    BLACKHOLE_TABLE + i / DOC_IPV4
                )
            })
            .collect();
        self.ip_batch(&batch);
    }

    /// Opens the namespace file.
    ///
    /// # Panics
    /// If it cannot be opened.
    pub fn netns(&self) -> NetNs {
        match NetNs::open(self.path()) {
            Ok(ns) => ns,
            Err(error) => panic!("netlink-testns: {error}"),
        }
    }

    /// Opens a netlink socket of `protocol` inside the namespace.
    ///
    /// # Panics
    /// If the socket cannot be opened there.
    pub fn socket(&self, protocol: Protocol) -> Socket {
        match Socket::open_in_netns_path(protocol, self.path()) {
            Ok(socket) => socket,
            Err(error) => panic!(
                "netlink-testns: cannot open a {protocol:?} socket in {}: {error}",
                self.name
            ),
        }
    }
}

impl Default for TestNs {
    fn default() -> Self {
        Self::new()
    }
}

/// A multicast forwarding entry held by a child process, as a multicast routing daemon holds
/// its entries: the kernel removes them when the process's socket closes, which dropping this
/// does (the child reads its standard input until it ends).
#[derive(Debug)]
pub struct MulticastRoute {
    child: std::process::Child,
}

impl Drop for MulticastRoute {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

impl TestNs {
    /// Makes the namespace's IPv4 multicast routing forward `(source, group)` arriving on
    /// `iif` out of `oif` (TTL threshold 1), as a daemon does: `MRT_INIT`, `MRT_ADD_VIF` for
    /// both devices, then `MRT_ADD_MFC`, on a raw IGMP socket that only its own process may
    /// hold, here a `python3` child in the namespace. `ip mroute show` then lists the entry.
    /// Use the multicast range for documentation (233.252.0.0/24, RFC 5771) as the group.
    ///
    /// # Panics
    /// When `python3` cannot run or the kernel refuses (no `CONFIG_IP_MROUTE`).
    pub fn multicast_route(
        &self,
        iif: &str,
        oif: &str,
        source: Ipv4Addr,
        group: Ipv4Addr,
    ) -> MulticastRoute {
        const SCRIPT: &str = r#"
import socket, struct, sys
iif, oif, source, group = sys.argv[1:5]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
s.setsockopt(socket.IPPROTO_IP, 200, struct.pack("i", 1))  # MRT_INIT
for vif, name in enumerate([iif, oif]):
    index = socket.if_nametoindex(name)
    # struct vifctl with VIFF_USE_IFINDEX
    s.setsockopt(socket.IPPROTO_IP, 202, struct.pack("HBBIi4s", vif, 8, 1, 0, index, bytes(4)))
ttls = bytes([0, 1] + [0] * 30)
mfc = struct.pack("4s4sH32sxxIIIi", socket.inet_aton(source), socket.inet_aton(group), 0, ttls, 0, 0, 0, 0)
s.setsockopt(socket.IPPROTO_IP, 204, mfc)  # MRT_ADD_MFC, struct mfcctl
print("ready", flush=True)
sys.stdin.read()
"#;
        use std::io::BufRead;
        let (source, group) = (source.to_string(), group.to_string());
        let mut child = Command::new("ip")
            .args(["netns", "exec", self.name.as_str(), "python3", "-c", SCRIPT])
            .args([iif, oif, source.as_str(), group.as_str()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("netlink-testns: cannot start python3: {e}"));
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = std::io::BufReader::new(out).read_line(&mut line);
        }
        let route = MulticastRoute { child };
        assert_eq!(
            line.trim(),
            "ready",
            "netlink-testns: the multicast forwarding entry ({source}, {group}) was not set up"
        );
        route
    }
}

impl Drop for TestNs {
    /// Deletes the namespace (`ip netns del NAME`). Sockets still open in it
    /// keep it alive until they close, but it loses its name at once.
    fn drop(&mut self) {
        let args = ["netns", "del", self.name.as_str()];
        let output = run_ip(&args, None);
        if !output.status.success() {
            // Panicking in drop would abort a test that is already
            // unwinding; say it loudly instead.
            eprintln!(
                "netlink-testns: `ip {}` failed ({}): {}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
    }
}
