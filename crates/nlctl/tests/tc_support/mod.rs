//! What the `tc` tests share: twin namespaces built alike, `tc` (the oracle) and `nlctl` run
//! under `strace` so that the requests each sends can be compared byte for byte, and the
//! comparisons of output and state.

#![allow(dead_code)]

use std::process::{Command, Output, Stdio};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

/// The binary under test.
pub(crate) const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

/// Which tool runs a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tool {
    /// iproute2's `tc`, the oracle.
    Tc,
    /// The binary under test.
    Nlctl,
}

impl Tool {
    pub(crate) fn program(self) -> &'static str {
        match self {
            Tool::Tc => "tc",
            Tool::Nlctl => NLCTL,
        }
    }
}

/// Runs `tool -n NS args`.
pub(crate) fn run(tool: Tool, ns: &TestNs, args: &[&str]) -> Output {
    Command::new(tool.program())
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} {args:?}: {e}", tool.program()))
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The first line of standard error.
pub(crate) fn first_err_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Runs `tc -n NS args` and panics unless it succeeds.
pub(crate) fn tc(ns: &TestNs, args: &[&str]) -> String {
    let o = run(Tool::Tc, ns, args);
    assert!(
        o.status.success(),
        "tc {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout(&o)
}

/// Runs setup lines, each `ip ...` or `tc ...`, in `ns`.
pub(crate) fn setup(ns: &TestNs, lines: &str) {
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.split_first() {
            Some((&"ip", rest)) => {
                ns.ip(rest);
            }
            Some((&"tc", rest)) => {
                tc(ns, rest);
            }
            _ => panic!("setup line {line:?}"),
        }
    }
}

/// A namespace with a veth pair `v0`/`v1` (fixed addresses), `v2`/`v3` with two queues each,
/// all up, then `lines`. IPv6 is off, so that no packet the test did not send (router
/// solicitations, MLD reports) moves a counter between two runs.
pub(crate) fn fresh(lines: &str) -> TestNs {
    let ns = TestNs::new();
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "sysctl", "-qw"])
        .args([
            "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1",
        ])
        .output()
        .expect("run sysctl in the namespace");
    assert!(
        out.status.success(),
        "sysctl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    setup(
        &ns,
        "ip link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
         ip link add v2 numtxqueues 2 numrxqueues 2 type veth peer name v3 numtxqueues 2 numrxqueues 2
         ip link set v0 up
         ip link set v1 up
         ip link set v2 up
         ip link set v3 up",
    );
    setup(&ns, lines);
    ns
}

/// What a command did: its status, output, and the traffic-control requests it sent.
#[derive(Debug)]
pub(crate) struct Traced {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    /// Each message kept (for `traced`, the traffic-control ones: `RTM_*QDISC`, `*TCLASS`,
    /// `*TFILTER`, `*ACTION`, `*CHAIN`), the sequence number zeroed.
    pub(crate) requests: Vec<Vec<u8>>,
}

/// Runs `tool -n NS args` under `strace`, which records every datagram it sends.
///
/// `tc` sends its lookups (`RTM_GET*`, whose types are 2 past a multiple of 4) without
/// `NLM_F_ACK`, and the library asks for the kernel's acknowledgement of every request: that
/// bit of `nlctl`'s lookups is cleared here, after checking it is set, as the one difference
/// allowed.
pub(crate) fn traced(tool: Tool, ns: &TestNs, args: &[&str]) -> Traced {
    let mut t = traced_keeping(tool.program(), ns, args, |t| {
        (36..=50).contains(&t) || (100..=102).contains(&t)
    });
    if tool == Tool::Nlctl {
        for r in &mut t.requests {
            let get = u16::from_ne_bytes([r[4], r[5]]) % 4 == 2;
            let dump = r[7] & 0x03 == 0x03;
            if get && !dump {
                assert_eq!(r[6] & 0x04, 0x04, "nlctl asks for an acknowledgement");
                r[6] &= !0x04;
            }
        }
    }
    t
}

/// Runs `program -n NS args` under `strace`, keeping the messages whose type `keep` accepts.
pub(crate) fn traced_keeping(
    program: &str,
    ns: &TestNs,
    args: &[&str],
    keep: fn(u16) -> bool,
) -> Traced {
    let log = tempfile(&format!("strace-{}", std::process::id()));
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=sendmsg,sendto",
            "-e",
            "write=all",
            "-xx",
            "-s",
            "0",
        ])
        .arg("-o")
        .arg(&log)
        .arg(program)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("strace (apt-get install strace) runs the tools");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    Traced {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        requests: requests(&text, keep),
    }
}

/// A unique file name in the temporary directory.
fn tempfile(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!("nlctl-{tag}-{}", N.fetch_add(1, Ordering::Relaxed)))
}

/// The messages of the types `keep` accepts in an `strace -e write=all -xx` log.
fn requests(log: &str, keep: fn(u16) -> bool) -> Vec<Vec<u8>> {
    let mut datagrams: Vec<Vec<u8>> = Vec::new();
    for line in log.lines() {
        if let Some(dump) = line.strip_prefix(" | ") {
            let hex = dump.get(7..56).unwrap_or_default();
            let bytes = hex
                .split_whitespace()
                .filter_map(|b| u8::from_str_radix(b, 16).ok());
            if let Some(d) = datagrams.last_mut() {
                d.extend(bytes);
            }
        } else if line.contains("sendmsg(") || line.contains("sendto(") {
            datagrams.push(Vec::new());
        }
    }
    let mut out = Vec::new();
    for d in datagrams {
        let mut rest = d.as_slice();
        while rest.len() >= 16 {
            let len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
            if len < 16 || len > rest.len() {
                break;
            }
            let t = u16::from_ne_bytes(rest[4..6].try_into().unwrap());
            if keep(t) {
                let mut m = rest[..len].to_vec();
                m[8..12].fill(0);
                out.push(m);
            }
            rest = &rest[(len + 3) & !3..];
        }
    }
    out
}

/// The first difference between two requests, for a message.
pub(crate) fn first_difference(a: &[u8], b: &[u8]) -> String {
    match (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        None => "none".into(),
        Some(i) => format!(
            "at byte {i} of {}/{}: nlctl {:02x?}, tc {:02x?}",
            a.len(),
            b.len(),
            &a[i.saturating_sub(4)..(i + 8).min(a.len())],
            &b[i.saturating_sub(4)..(i + 8).min(b.len())]
        ),
    }
}

/// The kernel state both tools compare: `tc -j -d qdisc show`, and `tc -d class show` (text:
/// tc 6.1 has no JSON for classes). The handles the kernel picks (`8001:`, from a counter all
/// namespaces share) read `auto:`.
pub(crate) fn state(ns: &TestNs) -> (Value, String) {
    let mut q: Value = serde_json::from_str(&tc(ns, &["-j", "-d", "qdisc", "show"])).unwrap();
    if let Value::Array(qs) = &mut q {
        for q in qs {
            if let Some(h) = q.get_mut("handle")
                && h.as_str().is_some_and(auto_handle)
            {
                *h = Value::from("auto:");
            }
        }
    }
    let mut classes = String::new();
    for dev in ["v0", "v1", "v2", "v3"] {
        for word in tc(ns, &["-d", "class", "show", "dev", dev]).split(' ') {
            classes.push_str(if auto_handle(word) { "auto" } else { word });
            classes.push(' ');
        }
    }
    (q, classes)
}

/// Whether a handle or class id is one the kernel picked: major numbers from 0x8000.
fn auto_handle(h: &str) -> bool {
    h.split_once(':')
        .and_then(|(m, _)| u32::from_str_radix(m, 16).ok())
        .is_some_and(|m| (0x8000..0xffff).contains(&m))
}
