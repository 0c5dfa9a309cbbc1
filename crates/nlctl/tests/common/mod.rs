//! What the differential tests share: twin namespaces built alike, one driven by `ip`, one by
//! `nlctl`, and the comparison of what each command did: its exit status, its output and the
//! kernel state it left.

#![allow(dead_code)]

use std::process::{Command, Output, Stdio};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

/// The binary under test.
pub(crate) const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

/// Which tool runs a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tool {
    /// iproute2's `ip`, the oracle.
    Ip,
    /// The binary under test.
    Nlctl,
}

/// Runs `tool` with `args`, standard input empty.
pub(crate) fn run(tool: Tool, args: &[&str]) -> Output {
    let program = match tool {
        Tool::Ip => "ip",
        Tool::Nlctl => NLCTL,
    };
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} {args:?}: {e}"))
}

/// Runs `tool -n NS args`.
pub(crate) fn run_in(tool: Tool, ns: &TestNs, args: &[&str]) -> Output {
    let mut full = vec!["-n", ns.name()];
    full.extend_from_slice(args);
    run(tool, &full)
}

/// Standard output of `tool -n NS args`, which must succeed.
pub(crate) fn stdout_of(tool: Tool, ns: &TestNs, args: &[&str]) -> String {
    let o = run_in(tool, ns, args);
    assert!(
        o.status.success(),
        "{tool:?} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// The first line of standard error.
pub(crate) fn first_err_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The links every twin starts with: a veth pair with fixed link-layer addresses (so that the
/// IPv6 link-local addresses are the same in both twins), up, with an IPv4 and an IPv6
/// address, and no duplicate address detection to wait for.
pub(crate) const BASE: &str =
    "link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
link set v0 up
link set v1 up
addr add 192.0.2.1/24 dev v0
addr add 2001:db8::1/64 dev v0 nodad
";

/// A fresh namespace with [`BASE`] and then `setup` applied: ip batch lines, except that a
/// line starting with `-6 ` runs on its own with that option (a batch line takes none).
pub(crate) fn fresh(setup: &str) -> TestNs {
    let ns = TestNs::new();
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "sysctl", "-qw"])
        .args([
            "net.ipv6.conf.all.accept_dad=0",
            "net.ipv6.conf.default.accept_dad=0",
        ])
        .output()
        .expect("run sysctl in the namespace");
    assert!(
        out.status.success(),
        "sysctl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ns.ip_batch(BASE);
    let (six, batch): (Vec<&str>, Vec<&str>) = setup.lines().partition(|l| l.starts_with("-6 "));
    if !batch.is_empty() {
        ns.ip_batch(&(batch.join("\n") + "\n"));
    }
    for line in six {
        ns.ip(&line.split_whitespace().collect::<Vec<_>>());
    }
    ns.settle();
    ns
}

/// Keys whose values change with time, not with what a command did. A link's operational
/// state follows its carrier, which the kernel sets a moment after the command (linkwatch).
const VOLATILE: [&str; 6] = [
    "operstate",
    "valid_life_time",
    "preferred_life_time",
    "expires",
    "used",
    "probes",
];

/// `v` without the volatile keys, with dynamic neighbour states folded into one.
fn steady(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
                .map(|(k, v)| {
                    let v = if k == "state" {
                        fold_state(v)
                    } else if k == "flags" {
                        without_carrier(v)
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
                .map(steady)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Flags without the carrier's (a link's `NO-CARRIER` and `LOWER_UP`, a route's `linkdown`),
/// which the kernel changes a moment after the command that brought a peer up or down.
fn without_carrier(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(
            a.iter()
                .filter(|f| !matches!(f.as_str(), Some("NO-CARRIER" | "LOWER_UP" | "linkdown")))
                .cloned()
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Neighbour states that move on their own (`REACHABLE` turns `STALE`) read as one.
fn fold_state(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|s| match s.as_str() {
                    Some("REACHABLE" | "STALE" | "DELAY" | "PROBE") => "DYNAMIC".into(),
                    _ => s.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every `ip -j` dump a command can change.
pub(crate) const ALL_DUMPS: &[&[&str]] = &[
    &["link", "show"],
    &["addr", "show"],
    &["route", "show", "table", "all"],
    &["-6", "route", "show", "table", "all"],
    &["neigh", "show", "nud", "all"],
    &["neigh", "show", "proxy"],
    &["rule", "show"],
    &["-6", "rule", "show"],
    &["nexthop", "show"],
];

/// The dumps an object's commands can change.
pub(crate) fn dumps_of(object: &str) -> &'static [&'static [&'static str]] {
    match object {
        "address" => &[&["addr", "show"], &["route", "show", "table", "all"]],
        "route" => &[
            &["route", "show", "table", "all"],
            &["-6", "route", "show", "table", "all"],
        ],
        "neigh" => &[
            &["neigh", "show", "nud", "all"],
            &["neigh", "show", "proxy"],
        ],
        "rule" => &[&["rule", "show"], &["-6", "rule", "show"]],
        "link" => &[&["link", "show"]],
        "nexthop" => &[&["nexthop", "show"]],
        _ => ALL_DUMPS,
    }
}

/// Whether a dumped entry is one the kernel makes by itself for IPv6 link-local addressing
/// and multicast (`fe80::/64`, its local addresses, `ff00::/8`, the `ff02::` neighbours),
/// whose order and timing follow the links.
fn kernel_made(e: &Value) -> bool {
    e.get("dst")
        .and_then(Value::as_str)
        .is_some_and(|d| d.starts_with("fe80:") || d.starts_with("ff0"))
}

/// The kernel state `dumps` show, without what changes by itself. Neighbours come in the
/// order of a hash table, so they are sorted.
pub(crate) fn state_of(ns: &TestNs, dumps: &[&[&str]]) -> Value {
    Value::Array(
        dumps
            .iter()
            .map(|d| match steady(&ns.ip_value(d)) {
                Value::Array(a) => {
                    let mut a: Vec<Value> = a.into_iter().filter(|e| !kernel_made(e)).collect();
                    if d.contains(&"neigh") {
                        a.sort_by_key(|e| e.to_string());
                    }
                    Value::Array(a)
                }
                other => other,
            })
            .collect(),
    )
}

/// What differs between two runs of the same scenario, for a failure message: the exit codes,
/// the first lines of standard error, the outputs, and the state entries only one side has.
pub(crate) fn explain(
    ours: &[(Outcome, String, Value)],
    theirs: &[(Outcome, String, Value)],
) -> String {
    let mut s = String::new();
    for (i, ((o, oe, _), (t, te, _))) in ours.iter().zip(theirs).enumerate() {
        s.push_str(&format!(
            "run {i}: nlctl {:?} {:?} / ip {:?} {:?}\n",
            o.code,
            oe.lines().next().unwrap_or_default(),
            t.code,
            te.lines().next().unwrap_or_default()
        ));
        if o.out != t.out {
            s.push_str(&format!("  output: nlctl {} / ip {}\n", o.out, t.out));
        }
        if let (Value::Array(a), Value::Array(b)) = (&o.state, &t.state) {
            for (x, y) in a.iter().zip(b) {
                let (Value::Array(x), Value::Array(y)) = (x, y) else {
                    continue;
                };
                for e in x.iter().filter(|e| !y.contains(e)) {
                    s.push_str(&format!("  only after nlctl: {e}\n"));
                }
                for e in y.iter().filter(|e| !x.contains(e)) {
                    s.push_str(&format!("  only after ip: {e}\n"));
                }
            }
        }
    }
    s
}

/// The kernel state any command can change.
pub(crate) fn state(ns: &TestNs) -> Value {
    state_of(ns, ALL_DUMPS)
}

/// What a command did: its exit status, its standard output (parsed when it is JSON) and the
/// kernel state after it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The exit status.
    pub(crate) code: Option<i32>,
    /// Standard output, parsed when it is JSON, else its text.
    pub(crate) out: Value,
    /// `ip -j` dumps of the namespace afterwards.
    pub(crate) state: Value,
}

/// Runs `tool -n NS -j args` and records what it did to `dumps`; also returns standard error.
pub(crate) fn outcome_in(
    tool: Tool,
    ns: &TestNs,
    args: &[&str],
    dumps: &[&[&str]],
) -> (Outcome, String) {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let o = run_in(tool, ns, &full);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let out = match serde_json::from_str::<Value>(&text) {
        Ok(v) => steady(&v),
        Err(_) => Value::String(if text.is_empty() {
            String::new()
        } else {
            // Binary or text output: only whether there was some counts.
            "output".to_owned()
        }),
    };
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{tool:?} {args:?}: {err}"
    );
    (
        Outcome {
            code: o.status.code(),
            out,
            state: state_of(ns, dumps),
        },
        err,
    )
}

/// Runs `tool -n NS -j args` and records what it did; also returns standard error.
pub(crate) fn outcome(tool: Tool, ns: &TestNs, args: &[&str]) -> (Outcome, String) {
    outcome_in(tool, ns, args, ALL_DUMPS)
}

/// One step of a scenario: the words after the object, run on the namespace as it stands.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scenario {
    /// ip batch lines applied to a fresh namespace before the runs.
    pub(crate) setup: &'static str,
    /// The words after the verb.
    pub(crate) args: &'static [&'static str],
    /// How many times the command runs in a row.
    pub(crate) runs: usize,
}

/// Runs `object verb args` for every scenario in a fresh namespace each, with `tool`. Each
/// run comes with the state before it.
pub(crate) fn play(
    tool: Tool,
    object: &str,
    verb: &str,
    scenarios: &[Scenario],
) -> Vec<(Outcome, String, Value)> {
    let mut all = Vec::new();
    for s in scenarios {
        let ns = fresh(s.setup);
        let mut before = state_of(&ns, dumps_of(object));
        let mut args = vec![object, verb];
        args.extend_from_slice(s.args);
        for _ in 0..s.runs {
            let (o, e) = outcome_in(tool, &ns, &args, dumps_of(object));
            let after = o.state.clone();
            all.push((o, e, before));
            before = after;
        }
    }
    all
}

/// Every non-empty prefix of each name, each once, in order.
pub(crate) fn prefixes(names: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for n in names {
        for end in 1..=n.len() {
            let p = &n[..end];
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}
