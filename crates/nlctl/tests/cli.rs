//! `nlctl` end to end on the real kernel: each test builds its own namespace, runs the built
//! binary in it and checks the result with `ip -j` on the same namespace.

#[expect(
    dead_code,
    reason = "this file takes the spawn and both-listen helpers; its own readers count needles"
)]
mod lines;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

fn nlctl(ns: &TestNs, args: &[&str]) -> Output {
    Command::new(NLCTL)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run nlctl")
}

/// Runs nlctl and expects success.
fn ok(ns: &TestNs, args: &[&str]) -> String {
    let out = nlctl(ns, args);
    assert!(
        out.status.success(),
        "nlctl {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ours(ns: &TestNs, args: &[&str]) -> Value {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let out = ok(ns, &full);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("nlctl -j {args:?}: {e}: {out}"))
}

/// `ip -j ARGS`, without the empty objects `ip link show up` prints for links it filters out.
fn theirs(ns: &TestNs, args: &[&str]) -> Value {
    let v = ns.ip_value(args);
    Value::Array(
        v.as_array()
            .unwrap()
            .iter()
            .filter(|o| o.as_object().is_none_or(|m| !m.is_empty()))
            .cloned()
            .collect(),
    )
}

/// Lifetimes count down between the two dumps.
const TICKING: [&str; 3] = ["valid_life_time", "preferred_life_time", "expires"];

/// Every key we print has ip's value; objects and arrays are compared element by element, so
/// the sets of objects are equal too. `exact` also requires the same keys on both sides.
fn same(a: &Value, b: &Value, path: &str, exact: bool) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let w = y
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k}: ip has no such key in {b}\nours: {a}"));
                let ticking = TICKING.contains(&k.as_str())
                    && v.as_u64().is_some_and(|n| n != u64::from(u32::MAX));
                if ticking {
                    let (p, q) = (v.as_i64().unwrap(), w.as_i64().unwrap());
                    assert!((p - q).abs() <= 3, "{path}.{k}: {p} vs {q}");
                } else {
                    same(v, w, &format!("{path}.{k}"), exact);
                }
            }
            if exact {
                let missing: Vec<_> = y.keys().filter(|k| !x.contains_key(*k)).collect();
                assert!(
                    missing.is_empty(),
                    "{path}: we do not print {missing:?} of {b}"
                );
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(
                x.len(),
                y.len(),
                "{path}: {} items, ip has {}\nours: {a:#}\nip: {b:#}",
                x.len(),
                y.len()
            );
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same(v, w, &format!("{path}[{i}]"), exact);
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn compare(ns: &TestNs, args: &[&str]) {
    let a = ours(ns, args);
    let b = theirs(ns, args);
    assert!(
        !b.as_array().unwrap().is_empty() || args.contains(&"none"),
        "ip {args:?} printed nothing; the test would prove nothing"
    );
    same(&a, &b, &args.join(" "), true);
}

/// A namespace with veth pairs, a bridge with a port, a macvlan, a macvtap and a vxlan; IPv4
/// and IPv6 addresses; routes with gateways, multipath weights, metrics, tables 100 and 200,
/// blackhole/unreachable/prohibit; permanent, router and proxy neighbours; rules.
fn varied() -> TestNs {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add v0 type veth peer name v1
link add v2 type veth peer name v3
link add br0 type bridge
link set v1 master br0
link set v0 up
link set v1 up
link set v2 up
link set v3 up
link set br0 up
link add mv0 link v2 type macvlan mode bridge
link add mvt0 link v2 type macvtap mode vepa
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev v0
link set mv0 up
addr add 192.0.2.1/24 dev v0
addr add 192.0.2.10/24 dev v0 label v0:a
addr add 198.51.100.1/24 brd + dev br0
addr add 203.0.113.1/24 dev v2 valid_lft 600 preferred_lft 300
addr add 2001:db8::1/64 dev v0 nodad
addr add 2001:db8:1::1/64 dev v2 nodad noprefixroute
route add 203.0.113.128/25 via 192.0.2.254
route add 198.51.100.136/29 dev v0 metric 50 mtu 1400 advmss 1360
route add 198.51.100.144/29 nexthop via 192.0.2.2 weight 2 nexthop via 192.0.2.3 weight 1
route add 198.51.100.152/29 via 192.0.2.5 table 100 proto static
route add 198.51.100.160/29 via 198.51.100.7 dev br0 table 100 metric 7
route add blackhole 198.51.100.168/29 table 200
route add unreachable 198.51.100.176/29
route add prohibit 198.51.100.184/29
route add 198.51.100.193 via 192.0.2.9 proto zebra
route add default via 192.0.2.254
route add 2001:db8:2::/64 via 2001:db8::2
route add 2001:db8:3::/64 via 2001:db8::3 table 100 metric 5
route add unreachable 2001:db8:4::/64
neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev v0 nud permanent
neigh add 192.0.2.51 lladdr 02:00:00:00:00:51 dev v0 nud reachable
neigh add proxy 192.0.2.60 dev v0
neigh add 2001:db8::50 lladdr 02:00:00:00:00:52 dev v0 nud permanent router
neigh add proxy 2001:db8::60 dev v0
rule add from 192.0.2.0/24 table 100 priority 100
rule add to 198.51.100.0/24 fwmark 0x10/0xff table 200 priority 200
rule add iif v0 ipproto tcp dport 80-90 prohibit priority 300
rule add not from 203.0.113.0/24 uidrange 100-200 table main priority 400
rule add from 198.51.100.128/25 sport 53 oif v2 blackhole priority 500
",
    );
    ns.ip(&[
        "-6",
        "rule",
        "add",
        "from",
        "2001:db8::/32",
        "table",
        "100",
        "priority",
        "600",
    ]);
    ns.settle();
    ns
}

#[test]
fn show_json_matches_ip_on_a_varied_namespace() {
    let ns = varied();
    for args in [
        &["link", "show"][..],
        &["addr", "show"],
        &["-4", "addr", "show"],
        &["-6", "addr", "show"],
        &["route", "show"],
        &["route", "show", "table", "all"],
        &["-4", "route", "show", "table", "all"],
        &["-6", "route", "show"],
        &["-6", "route", "show", "table", "all"],
        &["route", "show", "table", "100"],
        &["route", "show", "table", "200"],
        &["-6", "route", "show", "table", "100"],
        &["route", "show", "table", "local"],
        &["neigh", "show"],
        &["neigh", "show", "proxy"],
        &["-4", "neigh", "show"],
        &["-6", "neigh", "show"],
        &["-6", "neigh", "show", "proxy"],
        &["rule", "show"],
        &["-6", "rule", "show"],
    ] {
        compare(&ns, args);
    }
}

#[test]
fn show_filters_select_what_ip_selects() {
    let ns = varied();
    for args in [
        &["link", "show", "type", "veth"][..],
        &["link", "show", "type", "vxlan"],
        &["link", "show", "master", "br0"],
        &["link", "show", "dev", "v0"],
        &["link", "show", "up"],
        &["addr", "show", "dev", "v0"],
        &["-6", "addr", "show", "dev", "v2"],
        &["route", "show", "dev", "v0"],
        &["route", "show", "proto", "kernel"],
        &["route", "show", "proto", "zebra"],
        &["route", "show", "table", "all", "type", "blackhole"],
        &["route", "show", "table", "all", "type", "local"],
        &["route", "show", "198.51.100.136/29"],
        &["route", "show", "default"],
        &["route", "show", "198.51.100.193"],
        &["route", "show", "table", "100", "dev", "br0"],
        &["neigh", "show", "dev", "v0"],
        &["neigh", "show", "nud", "permanent"],
        &["neigh", "show", "nud", "reachable"],
        &["neigh", "show", "proxy", "dev", "v0"],
        &["rule", "show", "table", "100"],
        &["rule", "show", "priority", "200"],
        &["-6", "rule", "show", "table", "100"],
    ] {
        compare(&ns, args);
    }
    // The filters did select: a few counts that ip's own output confirms above.
    assert_eq!(
        ours(&ns, &["link", "show", "type", "veth"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        ours(&ns, &["route", "show", "table", "200"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Text lines equal `ip`'s once runs of whitespace are collapsed.
/// A fresh namespace has no `main` table until a route goes in: `ip route show` prints nothing
/// and succeeds there, while another missing table is the kernel's error.
#[test]
fn a_missing_main_table_is_empty_and_another_an_error() {
    let ns = TestNs::new();
    for args in [&["route", "show"][..], &["route", "show", "table", "main"]] {
        let ip = Command::new("ip")
            .args(["-n", ns.name()])
            .args(args)
            .output()
            .expect("run ip");
        assert!(
            ip.status.success() && ip.stdout.is_empty(),
            "ip {args:?}: {ip:?}"
        );
        assert_eq!(ok(&ns, args), "", "nlctl {args:?}");
    }
    let ip = Command::new("ip")
        .args(["-n", ns.name(), "route", "show", "table", "100"])
        .output()
        .expect("run ip");
    let ours = nlctl(&ns, &["route", "show", "table", "100"]);
    assert_eq!(ip.status.code(), Some(2));
    assert_eq!(ours.status.code(), Some(2), "{ours:?}");
    assert!(String::from_utf8_lossy(&ours.stderr).contains("FIB table does not exist"));
}

fn words(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn text_output_reads_like_ip() {
    let ns = varied();
    for args in [
        &["route", "show"][..],
        &["route", "show", "table", "all"],
        &["-6", "route", "show"],
        &["neigh", "show"],
        &["neigh", "show", "proxy"],
        &["rule", "show"],
        &["link", "show"],
    ] {
        assert_eq!(words(&ok(&ns, args)), words(&ns.ip(args)), "{args:?}");
    }
    let addr = ok(&ns, &["addr", "show", "dev", "v0"]);
    assert!(
        addr.contains("inet 192.0.2.10/24 scope global secondary v0:a"),
        "{addr}"
    );
    assert!(
        addr.contains("inet6 2001:db8::1/64 scope global nodad"),
        "{addr}"
    );
}

fn link(ns: &TestNs, name: &str) -> Value {
    ns.ip_value(&["-d", "link", "show", "dev", name])[0].clone()
}

fn routes(ns: &TestNs, args: &[&str]) -> Vec<Value> {
    ns.ip_value(args).as_array().unwrap().clone()
}

#[test]
fn changes_through_nlctl_are_seen_by_ip() {
    let ns = TestNs::new();
    // Links.
    ok(
        &ns,
        &["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
    );
    ok(&ns, &["link", "add", "br0", "type", "bridge"]);
    ok(
        &ns,
        &[
            "link",
            "set",
            "v0",
            "up",
            "mtu",
            "1400",
            "address",
            "02:00:00:00:00:aa",
        ],
    );
    ok(&ns, &["link", "set", "dev", "v1", "master", "br0"]);
    ok(&ns, &["link", "set", "br0", "up"]);
    ok(&ns, &["link", "set", "v1", "up"]);
    ok(
        &ns,
        &[
            "link", "add", "link", "v0", "name", "mv0", "type", "macvlan", "mode", "bridge",
        ],
    );
    ok(
        &ns,
        &[
            "link",
            "add",
            "vx0",
            "type",
            "vxlan",
            "id",
            "42",
            "remote",
            "192.0.2.99",
            "dstport",
            "4789",
        ],
    );
    let v0 = link(&ns, "v0");
    assert_eq!(v0["mtu"], 1400);
    assert_eq!(v0["address"], "02:00:00:00:00:aa");
    assert!(v0["flags"].as_array().unwrap().contains(&Value::from("UP")));
    assert_eq!(link(&ns, "v1")["master"], "br0");
    let mv0 = link(&ns, "mv0");
    assert_eq!(mv0["linkinfo"]["info_kind"], "macvlan");
    assert_eq!(mv0["linkinfo"]["info_data"]["mode"], "bridge");
    assert_eq!(mv0["link"], "v0");
    let vx0 = link(&ns, "vx0");
    assert_eq!(vx0["linkinfo"]["info_data"]["id"], 42);
    assert_eq!(vx0["linkinfo"]["info_data"]["remote"], "192.0.2.99");
    assert_eq!(vx0["linkinfo"]["info_data"]["port"], 4789);
    ok(&ns, &["link", "set", "v1", "nomaster"]);
    assert!(link(&ns, "v1").get("master").is_none());
    ok(&ns, &["link", "set", "mv0", "name", "mv9"]);
    assert_eq!(link(&ns, "mv9")["linkinfo"]["info_kind"], "macvlan");
    ok(&ns, &["link", "del", "mv9"]);
    ok(&ns, &["link", "del", "dev", "vx0"]);
    let names: Vec<_> = routes(&ns, &["link", "show"])
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["lo", "v1", "v0", "br0"]);

    // Addresses.
    ok(
        &ns,
        &[
            "addr",
            "add",
            "192.0.2.1/24",
            "dev",
            "v0",
            "broadcast",
            "+",
            "label",
            "v0:x",
        ],
    );
    ok(
        &ns,
        &[
            "addr",
            "add",
            "203.0.113.1/24",
            "dev",
            "v0",
            "valid_lft",
            "600",
            "preferred_lft",
            "300",
            "noprefixroute",
        ],
    );
    ok(
        &ns,
        &["-6", "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad"],
    );
    let info = ns.ip_value(&["addr", "show", "dev", "v0"])[0]["addr_info"].clone();
    let find = |local: &str| {
        info.as_array()
            .unwrap()
            .iter()
            .find(|a| a["local"] == local)
            .cloned()
            .unwrap_or_else(|| panic!("{local} not in {info:#}"))
    };
    let a = find("192.0.2.1");
    assert_eq!(a["broadcast"], "192.0.2.255");
    assert_eq!(a["label"], "v0:x");
    let a = find("203.0.113.1");
    assert_eq!(a["noprefixroute"], true);
    assert_eq!(a["dynamic"], true);
    assert!(a["valid_life_time"].as_u64().unwrap() <= 600);
    assert_eq!(find("2001:db8::1")["nodad"], true);
    ok(&ns, &["addr", "del", "203.0.113.1/24", "dev", "v0"]);
    let info = ns.ip_value(&["-4", "addr", "show", "dev", "v0"]);
    assert_eq!(info[0]["addr_info"].as_array().unwrap().len(), 1);

    // Routes.
    ok(&ns, &["addr", "add", "198.51.100.1/24", "dev", "br0"]);
    ok(
        &ns,
        &[
            "route",
            "add",
            "198.51.100.136/29",
            "via",
            "192.0.2.2",
            "metric",
            "10",
            "table",
            "100",
            "proto",
            "static",
            "mtu",
            "1300",
            "advmss",
            "1260",
        ],
    );
    let r = &routes(&ns, &["route", "show", "table", "100"])[0];
    assert_eq!(r["dst"], "198.51.100.136/29");
    assert_eq!(r["gateway"], "192.0.2.2");
    assert_eq!(r["metric"], 10);
    assert_eq!(r["protocol"], "static");
    assert_eq!(r["metrics"][0]["mtu"], 1300);
    assert_eq!(r["metrics"][0]["advmss"], 1260);
    ok(
        &ns,
        &[
            "route",
            "replace",
            "198.51.100.136/29",
            "via",
            "198.51.100.2",
            "metric",
            "10",
            "table",
            "100",
        ],
    );
    let rs = routes(&ns, &["route", "show", "table", "100"]);
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0]["gateway"], "198.51.100.2");
    ok(
        &ns,
        &[
            "route",
            "add",
            "198.51.100.144/29",
            "nexthop",
            "via",
            "192.0.2.2",
            "dev",
            "v0",
            "weight",
            "3",
            "nexthop",
            "via",
            "198.51.100.2",
            "weight",
            "1",
        ],
    );
    let r = routes(&ns, &["route", "show", "198.51.100.144/29"]);
    let hops = r[0]["nexthops"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(
        (hops[0]["gateway"].clone(), hops[0]["weight"].clone()),
        ("192.0.2.2".into(), 3.into())
    );
    assert_eq!(
        (hops[1]["dev"].clone(), hops[1]["weight"].clone()),
        ("br0".into(), 1.into())
    );
    ok(&ns, &["route", "add", "blackhole", "198.51.100.152/29"]);
    ok(
        &ns,
        &["route", "append", "198.51.100.160/29", "via", "192.0.2.3"],
    );
    ok(
        &ns,
        &[
            "route",
            "append",
            "198.51.100.160/29",
            "via",
            "192.0.2.4",
            "metric",
            "5",
        ],
    );
    assert_eq!(
        routes(&ns, &["route", "show", "198.51.100.160/29"]).len(),
        2
    );
    ok(
        &ns,
        &["-6", "route", "add", "default", "via", "2001:db8::2"],
    );
    assert_eq!(
        routes(&ns, &["-6", "route", "show", "default"])[0]["gateway"],
        "2001:db8::2"
    );
    ok(&ns, &["route", "add", "default", "via", "192.0.2.254"]);
    assert_eq!(
        routes(&ns, &["route", "show", "default"])[0]["gateway"],
        "192.0.2.254"
    );
    let types: Vec<_> = routes(&ns, &["route", "show", "198.51.100.152/29"]);
    assert_eq!(types[0]["type"], "blackhole");
    ok(&ns, &["route", "del", "198.51.100.152/29"]);
    ok(&ns, &["route", "del", "198.51.100.136/29", "table", "100"]);
    assert!(routes(&ns, &["route", "show", "198.51.100.152/29"]).is_empty());
    assert!(routes(&ns, &["route", "show", "table", "all", "198.51.100.136/29"]).is_empty());

    // Neighbours.
    ok(
        &ns,
        &[
            "neigh",
            "add",
            "192.0.2.50",
            "lladdr",
            "02:00:00:00:00:50",
            "dev",
            "v0",
        ],
    );
    ok(
        &ns,
        &[
            "neigh",
            "add",
            "2001:db8::50",
            "lladdr",
            "02:00:00:00:00:51",
            "dev",
            "v0",
            "router",
        ],
    );
    ok(&ns, &["neigh", "add", "proxy", "192.0.2.60", "dev", "v0"]);
    ok(
        &ns,
        &[
            "neigh",
            "replace",
            "192.0.2.50",
            "lladdr",
            "02:00:00:00:00:99",
            "dev",
            "v0",
            "nud",
            "reachable",
        ],
    );
    let n = ns.ip_value(&["neigh", "show", "192.0.2.50"]);
    assert_eq!(n[0]["lladdr"], "02:00:00:00:00:99");
    assert_eq!(n[0]["state"][0], "REACHABLE");
    let n = ns.ip_value(&["neigh", "show", "2001:db8::50"]);
    assert_eq!(n[0]["state"][0], "PERMANENT");
    assert!(n[0].get("router").is_some());
    assert_eq!(
        ns.ip_value(&["neigh", "show", "proxy"])[0]["dst"],
        "192.0.2.60"
    );
    ok(&ns, &["neigh", "del", "192.0.2.50", "dev", "v0"]);
    ok(&ns, &["neigh", "del", "proxy", "192.0.2.60", "dev", "v0"]);
    assert!(
        ns.ip_value(&["neigh", "show", "192.0.2.50"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        ns.ip_value(&["neigh", "show", "proxy"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Rules.
    ok(
        &ns,
        &[
            "rule",
            "add",
            "from",
            "192.0.2.0/24",
            "fwmark",
            "0x10/0xff",
            "table",
            "100",
            "priority",
            "100",
        ],
    );
    ok(
        &ns,
        &[
            "rule",
            "add",
            "to",
            "198.51.100.128/25",
            "ipproto",
            "udp",
            "dport",
            "53",
            "blackhole",
            "priority",
            "200",
        ],
    );
    ok(
        &ns,
        &[
            "-6",
            "rule",
            "add",
            "from",
            "2001:db8::/32",
            "uidrange",
            "10-20",
            "table",
            "200",
            "priority",
            "300",
        ],
    );
    let r = ns.ip_value(&["rule", "show", "priority", "100"]);
    assert_eq!(r[0]["src"], "192.0.2.0");
    assert_eq!(r[0]["srclen"], 24);
    assert_eq!(r[0]["fwmark"], "0x10");
    assert_eq!(r[0]["fwmask"], "0xff");
    assert_eq!(r[0]["table"], "100");
    let r = ns.ip_value(&["rule", "show", "priority", "200"]);
    assert_eq!(r[0]["action"], "blackhole");
    assert_eq!(r[0]["ipproto"], "udp");
    assert_eq!(r[0]["dport"], 53);
    let r = ns.ip_value(&["-6", "rule", "show", "priority", "300"]);
    assert_eq!(
        (r[0]["uid_start"].clone(), r[0]["uid_end"].clone()),
        (10.into(), 20.into())
    );
    ok(&ns, &["rule", "del", "priority", "100"]);
    ok(
        &ns,
        &[
            "rule",
            "del",
            "to",
            "198.51.100.128/25",
            "ipproto",
            "udp",
            "dport",
            "53",
            "blackhole",
            "priority",
            "200",
        ],
    );
    ok(&ns, &["-6", "rule", "del", "priority", "300"]);
    assert_eq!(ns.ip_value(&["rule", "show"]).as_array().unwrap().len(), 3);
    assert_eq!(
        ns.ip_value(&["-6", "rule", "show"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn state(ns: &TestNs) -> Vec<Value> {
    ["link", "addr", "route", "neigh", "rule"]
        .into_iter()
        .map(|o| ns.ip_value(&[o, "show"]))
        .chain([ns.ip_value(&["route", "show", "table", "all"])])
        .collect()
}

fn fails(ns: &TestNs, args: &[&str], code: i32, needles: &[&str]) {
    let out = nlctl(ns, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "nlctl {args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "nlctl {args:?}: {err:?} lacks {n:?}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn errors_name_the_cause_and_change_nothing() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add v0 type veth peer name v1\nlink set v0 up\naddr add 192.0.2.1/24 dev v0\n",
    );
    let before = state(&ns);
    // The kernel's refusal: errno text and name, and its extended-ACK message; exit 2 as ip.
    fails(
        &ns,
        &["route", "add", "198.51.100.0/24", "via", "203.0.113.1"],
        2,
        &[
            "nlctl: route add: ",
            "Network is unreachable (ENETUNREACH)",
            "Nexthop has invalid gateway",
        ],
    );
    fails(
        &ns,
        &["addr", "del", "192.0.2.99/24", "dev", "v0"],
        2,
        &["EADDRNOTAVAIL"],
    );
    fails(
        &ns,
        &["link", "add", "d0", "type", "dummy"],
        2,
        &["Unknown device type"],
    );
    // What cannot run: a missing device, a malformed address or prefix; exit 1 as ip.
    fails(
        &ns,
        &["route", "add", "198.51.100.0/24", "dev", "nosuch"],
        1,
        &["Cannot find device \"nosuch\""],
    );
    fails(
        &ns,
        &["route", "add", "198.51.100.0/33", "via", "192.0.2.1"],
        1,
        &["nlctl: route add: invalid prefix \"198.51.100.0/33\""],
    );
    fails(
        &ns,
        &["route", "add", "198.51.100.0/24", "via", "192.0.2.300"],
        1,
        &["invalid address \"192.0.2.300\""],
    );
    fails(
        &ns,
        &["addr", "add", "192.0.2.5/24"],
        1,
        &["\"dev\" argument is required"],
    );
    fails(
        &ns,
        &["neigh", "add", "192.0.2.9", "lladdr", "zz:00", "dev", "v0"],
        1,
        &["invalid link-layer address \"zz:00\""],
    );
    // Usage errors: exit 255 as ip, the bad word named, nothing sent.
    fails(
        &ns,
        &["route", "add", "198.51.100.0/24", "vai", "192.0.2.1"],
        255,
        &["nlctl: route add: ", "\"vai\" is an unknown word"],
    );
    fails(
        &ns,
        &["addr", "add", "192.0.2.5/24", "dev", "v0", "lable", "x"],
        255,
        &["address add: ", "\"lable\" is an unknown word"],
    );
    fails(
        &ns,
        &["rule", "add", "from", "192.0.2.0/24", "lokup", "100"],
        255,
        &["rule add: unknown word \"lokup\""],
    );
    fails(
        &ns,
        &["link", "set", "v0", "mtu", "big"],
        255,
        &["link set: invalid mtu \"big\""],
    );
    fails(
        &ns,
        &["route", "show", "table", "mian"],
        255,
        &[
            "route show: ",
            "argument \"mian\" is wrong: table id value is invalid",
        ],
    );
    fails(&ns, &["route", "add"], 255, &["Usage: nlctl route"]);
    // The library's own checks, before sending, stand for the kernel's refusal: exit 2.
    fails(
        &ns,
        &["route", "add", "198.51.100.1/24", "via", "192.0.2.1"],
        2,
        &["bits set after the prefix length"],
    );
    // Unknown object (exit 1) or option (exit 255), as ip.
    fails(
        &ns,
        &["rotue", "show"],
        1,
        &["Object \"rotue\" is unknown, try \"nlctl help\"."],
    );
    fails(
        &ns,
        &["-bogus", "route"],
        255,
        &["Option \"-bogus\" is unknown"],
    );
    assert_eq!(state(&ns), before, "a failed command changed the namespace");
}

/// Lines of a child's stdout, read on a thread.
fn lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// Reads events until one matches `want` (or panics after `timeout`).
fn wait_for(
    rx: &mpsc::Receiver<String>,
    timeout: Duration,
    want: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let end = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        let left = end.saturating_duration_since(Instant::now());
        let l = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no matching event; saw {seen:#?}"));
        let v: Value = serde_json::from_str(&l).unwrap_or_else(|e| panic!("{e}: {l}"));
        let hit = want(&v);
        seen.push(v);
        if hit {
            return seen;
        }
    }
}

fn spawn_monitor(ns: &TestNs, args: &[&str]) -> Child {
    Command::new(NLCTL)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Makes sure the monitor is subscribed: repeats a probe change until its event shows.
fn until_ready(ns: &TestNs, rx: &mpsc::Receiver<String>) {
    for i in 0..50 {
        let dst = format!("203.0.113.{}", 200 + i);
        ns.ip(&["route", "add", &dst, "dev", "lo"]);
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            assert!(l.contains("\"event\":\"new\""), "{l}");
            while rx.recv_timeout(Duration::from_millis(100)).is_ok() {}
            return;
        }
    }
    panic!("the monitor never reported anything");
}

/// Starts `PROGRAM -n NS args` with its standard output read line by line.
fn spawn_text(program: &str, ns: &TestNs, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut cmd = Command::new(program);
    cmd.args(["-n", ns.name()]).args(args);
    lines::spawn_lines(cmd)
}

/// Reads text lines until `n` lines mention `needle`; returns the lines read.
fn text_until(rx: &mpsc::Receiver<String>, needle: &str, n: usize) -> Vec<String> {
    let end = Instant::now() + Duration::from_secs(5);
    let mut seen = Vec::new();
    while seen.iter().filter(|l: &&String| l.contains(needle)).count() < n {
        let left = end.saturating_duration_since(Instant::now());
        let l = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("{needle:?} never showed; saw {seen:#?}"));
        seen.push(l);
    }
    seen
}

/// A `-tshort` stamp, `[2026-12-01T23:34:34.302033] `, replaced by `[T] `.
fn unstamped(l: &str) -> String {
    let shape = |s: &str| {
        s.len() == 26
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                10 => b == b'T',
                13 | 16 => b == b':',
                19 => b == b'.',
                _ => b.is_ascii_digit(),
            })
    };
    match l.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        Some((stamp, rest)) if shape(stamp) => format!("[T] {}", rest.trim_end()),
        _ => l.trim_end().to_owned(),
    }
}

#[test]
fn monitor_text_tags_and_stamps_lines_as_ip() {
    let ns = TestNs::new();
    ns.ip_batch("link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n");
    for args in [
        &["monitor", "route"][..],
        &["monitor", "label", "route"],
        &["monitor", "all", "route"],
        &["-ts", "monitor", "label", "route"],
        &["-t", "monitor", "route"],
    ] {
        let (mut theirs, ip_rx) = spawn_text("ip", &ns, args);
        let (mut ours, our_rx) = spawn_text(NLCTL, &ns, args);
        // Both are listening once both have seen a probe route come and go.
        let probe = "198.51.100.248/29";
        lines::until_both_listen(
            &ip_rx,
            &our_rx,
            || {
                ns.ip(&["route", "add", probe, "dev", "lo"]);
                ns.ip(&["route", "del", probe, "dev", "lo"]);
            },
            &format!("{args:?}"),
        );
        ns.ip(&["route", "add", "198.51.100.64/26", "dev", "v0"]);
        ns.ip(&["route", "del", "198.51.100.64/26", "dev", "v0"]);
        // A probe event late enough to miss the drain above (a loaded machine) is no
        // difference between the tools: leave probe lines out, with the `-timestamp` line
        // that comes before each.
        let want = |rx: &mpsc::Receiver<String>| -> Vec<String> {
            let mut lines: Vec<String> = Vec::new();
            for l in text_until(rx, "198.51.100.64/26", 2) {
                if l.contains(probe) {
                    if lines.last().is_some_and(|p| p.starts_with("Timestamp: ")) {
                        lines.pop();
                    }
                } else {
                    lines.push(l);
                }
            }
            lines
                .iter()
                .map(|l| unstamped(l))
                .map(|l| {
                    // `-timestamp`'s line: the time differs, the words do not.
                    if l.starts_with("Timestamp: ") && l.ends_with(" usec") {
                        "Timestamp: T usec".to_owned()
                    } else {
                        l
                    }
                })
                .collect()
        };
        let (a, b) = (want(&ip_rx), want(&our_rx));
        assert_eq!(b, a, "{args:?}");
        theirs.kill().unwrap();
        ours.kill().unwrap();
        let _ = theirs.wait();
        let _ = ours.wait();
    }
}

#[test]
fn monitor_prints_one_json_object_per_event() {
    let ns = TestNs::new();
    ns.ip_batch("link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n");
    let mut child = spawn_monitor(&ns, &["-j", "-t", "monitor"]);
    let rx = lines(&mut child);
    until_ready(&ns, &rx);
    ns.ip(&["addr", "add", "192.0.2.1/24", "dev", "v0"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "addr" && v["local"] == "192.0.2.1"
    });
    let a = seen.last().unwrap();
    assert_eq!(a["event"], "new");
    assert_eq!(a["dev"], "v0");
    assert_eq!(a["prefixlen"], 24);
    assert_eq!(a["family"], "inet");
    assert!(a["timestamp"].as_str().unwrap().ends_with('Z'), "{a}");
    ns.ip(&[
        "route",
        "add",
        "198.51.100.0/24",
        "via",
        "192.0.2.2",
        "metric",
        "7",
        "table",
        "100",
    ]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "route" && v["dst"] == "198.51.100.0/24"
    });
    let r = seen.last().unwrap();
    assert_eq!(
        (r["event"].clone(), r["gateway"].clone(), r["dev"].clone()),
        ("new".into(), "192.0.2.2".into(), "v0".into())
    );
    assert_eq!(
        (r["table"].clone(), r["metric"].clone()),
        ("100".into(), 7.into())
    );
    // The same shape as `show --json`, keys and values.
    let shown = ours(&ns, &["route", "show", "table", "all", "198.51.100.0/24"]);
    let mut fields = r.as_object().unwrap().clone();
    for k in ["event", "object", "timestamp"] {
        fields.remove(k);
    }
    assert_eq!(Value::Object(fields), shown[0]);
    ns.ip(&["route", "del", "198.51.100.0/24", "table", "100"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "route" && v["dst"] == "198.51.100.0/24"
    });
    assert_eq!(seen.last().unwrap()["event"], "del");
    ns.ip(&[
        "neigh",
        "add",
        "192.0.2.9",
        "lladdr",
        "02:00:00:00:00:09",
        "dev",
        "v0",
    ]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "neigh" && v["dst"] == "192.0.2.9"
    });
    let n = seen.last().unwrap();
    assert_eq!(
        (n["lladdr"].clone(), n["state"][0].clone()),
        ("02:00:00:00:00:09".into(), "PERMANENT".into())
    );
    ns.ip(&["rule", "add", "priority", "77", "table", "100"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "rule" && v["priority"] == 77
    });
    assert_eq!(seen.last().unwrap()["table"], "100");
    ns.ip(&["link", "set", "v1", "mtu", "1300"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "link" && v["ifname"] == "v1" && v["mtu"] == 1300
    });
    assert_eq!(seen.last().unwrap()["event"], "new");
    ns.ip(&["link", "del", "v0"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "link" && v["event"] == "del" && v["ifname"] == "v0"
    });
    assert!(!seen.is_empty());
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn monitor_only_watches_what_it_is_asked() {
    let ns = TestNs::new();
    let mut child = spawn_monitor(&ns, &["-j", "monitor", "route"]);
    let rx = lines(&mut child);
    until_ready(&ns, &rx);
    ns.ip(&["addr", "add", "192.0.2.1/24", "dev", "lo"]);
    ns.ip(&["rule", "add", "priority", "77", "table", "100"]);
    ns.ip(&["route", "add", "198.51.100.0/24", "dev", "lo"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["dst"] == "198.51.100.0/24"
    });
    assert!(seen.iter().all(|v| v["object"] == "route"), "{seen:#?}");
    child.kill().unwrap();
    let _ = child.wait();
}

/// Stops the monitor and checks that it warned of an overrun on stderr.
fn stop_after_overrun(mut child: Child, mut stderr: std::process::ChildStderr) {
    child.kill().unwrap();
    let _ = child.wait();
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    assert!(
        err.contains("warning: the kernel dropped notifications (ENOBUFS)"),
        "stderr: {err:?}"
    );
}

#[test]
fn monitor_overrun_warns_and_resyncs() {
    let ns = TestNs::new();
    // A tiny receive buffer, and nobody reading the output during a burst: the printer blocks,
    // its backlog fills, the socket overflows and the kernel reports ENOBUFS.
    let mut child = spawn_monitor(&ns, &["-j", "--rcvbuf", "4096", "monitor", "route"]);
    let stderr = child.stderr.take().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let n = 5000;
    let batch: String = (0..n)
        // IPv6 host routes: the overrun does not depend on a family, and 5000 destinations do
        // not fit in the 768 IPv4 documentation addresses.
        .map(|i| format!("route add 2001:db8:1::{i:x}/128 dev lo\n"))
        .collect();
    ns.ip_batch(&batch);
    let rx = lines(&mut child);
    let mut dsts = HashSet::new();
    let mut resync = 0;
    let end = Instant::now() + Duration::from_secs(60);
    while Instant::now() < end && dsts.len() < n {
        let Ok(l) = rx.recv_timeout(Duration::from_secs(5)) else {
            break;
        };
        let v: Value = serde_json::from_str(&l).unwrap();
        if v["event"] == "resync" {
            resync += 1;
        }
        if let Some(d) = v["dst"].as_str().filter(|d| d.starts_with("2001:db8:1::")) {
            dsts.insert(d.to_owned());
        }
    }
    stop_after_overrun(child, stderr);
    assert!(resync > 0, "no resync line");
    // Nothing was lost silently: every route was reported, live or in a resync.
    assert_eq!(dsts.len(), n, "{} of {n} routes reported", dsts.len());
}

#[test]
fn monitor_overrun_lists_the_multicast_forwarding_cache_again() {
    let ns = TestNs::new();
    ns.ip_batch("link add va type veth peer name vb\nlink set va up\nlink set vb up\n");
    // An entry from before the monitor: only the overrun's listing can print it.
    let _entry = ns.multicast_route(
        "va",
        "vb",
        "192.0.2.10".parse().unwrap(),
        "233.252.0.1".parse().unwrap(),
    );
    let mut child = spawn_monitor(
        &ns,
        &["-j", "--rcvbuf", "4096", "monitor", "route", "mroute"],
    );
    let stderr = child.stderr.take().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let batch: String = (0..5000)
        .map(|i| format!("route add 2001:db8:1::{i:x}/128 dev lo\n"))
        .collect();
    ns.ip_batch(&batch);
    let rx = lines(&mut child);
    let seen = wait_for(&rx, Duration::from_secs(60), |v| v["object"] == "mroute");
    stop_after_overrun(child, stderr);
    let entry = seen.last().unwrap();
    assert_eq!(
        (&entry["event"], &entry["src"], &entry["dst"], &entry["iif"]),
        (
            &Value::from("resync"),
            &Value::from("192.0.2.10"),
            &Value::from("233.252.0.1"),
            &Value::from("va")
        ),
        "{entry}"
    );
    assert_eq!(entry["multipath"][0]["oif"], "vb");
}

#[test]
fn monitor_overrun_prints_only_what_changed_and_a_consumer_ends_equal() {
    let ns = TestNs::new();
    // A route from before the monitor: it never changes, so no resync may print it.
    ns.ip(&["route", "add", "203.0.113.0/24", "dev", "lo"]);
    let mut child = spawn_monitor(&ns, &["-j", "--rcvbuf", "4096", "monitor", "route"]);
    let stderr = child.stderr.take().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    // A burst while nobody reads the output (the monitor blocks on its full pipe): adds, then
    // deletes of half of them, so that deletions of printed routes are lost with the
    // notifications and must come back as `resync-del`.
    let n = 5000;
    // IPv6 host routes, as in monitor_overrun_warns_and_resyncs.
    let dst = |i: usize| format!("2001:db8:1::{i:x}/128");
    let mut batch: String = (0..n)
        .map(|i| format!("route add {} dev lo\n", dst(i)))
        .collect();
    batch.extend((0..n / 2).map(|i| format!("route del {} dev lo\n", dst(i))));
    batch.push_str("route add 198.51.100.7/32 dev lo\n");
    ns.ip_batch(&batch);
    let rx = lines(&mut child);
    // The consumer applies new/resync as "present" and del/resync-del as "gone".
    let mut copy = HashSet::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut seen_marker = false;
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(if seen_marker { 3 } else { 60 })) {
        let v: Value = serde_json::from_str(&l).unwrap();
        let event = v["event"].as_str().unwrap().to_owned();
        let Some(d) = v["dst"].as_str() else { continue };
        assert_ne!(
            d, "203.0.113.0/24",
            "an unchanged route was printed again: {l}"
        );
        seen_marker |= d == "198.51.100.7";
        *counts.entry(event.clone()).or_default() += 1;
        match event.as_str() {
            "new" | "resync" => copy.insert(d.to_owned()),
            "del" | "resync-del" => copy.remove(d),
            other => panic!("unknown event {other}: {l}"),
        };
    }
    stop_after_overrun(child, stderr);
    eprintln!("monitor after an overrun: {counts:?}");
    assert!(seen_marker, "{counts:?}");
    assert!(
        counts.get("resync-del").copied().unwrap_or(0) > 0,
        "{counts:?}"
    );
    // The consumer's copy is the kernel's table.
    let kernel: HashSet<String> = [
        ns.ip_value(&["route", "show"]),
        ns.ip_value(&["-6", "route", "show"]),
    ]
    .iter()
    .flat_map(|family| family.as_array().unwrap())
    .filter_map(|r| r["dst"].as_str().map(str::to_owned))
    .filter(|d| d != "203.0.113.0/24")
    .collect();
    assert_eq!(
        copy.symmetric_difference(&kernel).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{counts:?}"
    );
}

/// Peak resident memory of a running child, in KiB (`VmHWM`), or 0 once it is gone.
fn vm_hwm(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs nlctl, counting its output lines and sampling its peak RSS; returns (lines, KiB,
/// seconds to the first byte, seconds in all).
fn measure(ns: &TestNs, args: &[&str]) -> (usize, u64, f64, f64) {
    let start = Instant::now();
    let mut child = spawn_monitor(ns, args);
    let pid = child.id();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::with_capacity(1 << 16, out);
        let mut first = None;
        let mut count = 0usize;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match r.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    first.get_or_insert_with(|| start.elapsed().as_secs_f64());
                    count += 1;
                }
            }
        }
        let _ = tx.send(());
        (count, first.unwrap_or(0.0))
    });
    let mut peak = 0;
    while rx.try_recv().is_err() {
        peak = peak.max(vm_hwm(pid));
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    let (count, first) = reader.join().unwrap();
    (count, peak, first, start.elapsed().as_secs_f64())
}

#[test]
fn route_show_streams_100k_routes_in_small_memory() {
    let ns = TestNs::new();
    ns.ip_batch("link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n");
    let n = 100_000;
    let batch: String = (0..n)
        .map(|i| {
            format!(
                "route add 198.{}.{}.{}/32 dev v0\n",
                18 + i / 65536,
                i / 256 % 256,
                i % 256
            )
        })
        .collect();
    ns.ip_batch(&batch);
    let ip_lines = ns.ip(&["route", "show"]).lines().count();
    assert!(ip_lines >= n);
    let (lines, kib, first, total) = measure(&ns, &["route", "show"]);
    eprintln!(
        "nlctl route show: {lines} lines, peak RSS {kib} KiB, first line after {first:.3}s, done in {total:.3}s"
    );
    assert_eq!(lines, ip_lines);
    assert!(kib > 0 && kib < 16 * 1024, "peak RSS {kib} KiB");
    // JSON streams too: one line, the array written item by item.
    let (lines, kib, _, total) = measure(&ns, &["-j", "route", "show"]);
    eprintln!("nlctl -j route show: peak RSS {kib} KiB, done in {total:.3}s");
    assert_eq!(lines, 1);
    assert!(kib > 0 && kib < 16 * 1024, "peak RSS {kib} KiB");
    let json = ok(&ns, &["-j", "route", "show"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), ip_lines);
}

#[test]
fn nexthops_through_nlctl_match_ip() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\nlink add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n\
         addr add 192.0.2.1/24 dev v0\naddr add 2001:db8::1/64 dev v0 nodad\n",
    );
    for line in [
        "nexthop add id 1 via 192.0.2.2 dev v0",
        "nexthop add id 2 via 192.0.2.3 dev v0 onlink proto static",
        "nexthop add id 3 dev v0",
        "nexthop add id 4 blackhole",
        "nexthop add id 5 group 1,3/2",
        "nexthop add id 6 via 2001:db8::2 dev v0",
        "nexthop add id 7 group 1/3,200 type resilient buckets 8 idle_timer 10 unbalanced_timer 20",
        "nexthop add id 8 via 192.0.2.9 fdb",
        "nexthop add id 9 group 8 fdb",
    ] {
        ok(&ns, &line.split(' ').collect::<Vec<_>>());
    }
    for args in [
        &["nexthop", "show"][..],
        &["nexthop", "show", "id", "7"],
        &["nexthop", "show", "groups"],
        &["nexthop", "show", "dev", "v0"],
        &["nexthop", "show", "proto", "4"],
        &["-6", "nexthop", "show"],
    ] {
        compare(&ns, args);
        assert_eq!(words(&ok(&ns, args)), words(&ns.ip(args)), "{args:?}");
    }
    // `ip nexthop show fdb` (iproute2 6.1) sends NHA_FDB without strict checking, so the
    // kernel ignores it and ip prints every nexthop; we ask with strict checking and filter
    // again ourselves: only the fdb ones.
    let fdb = ours(&ns, &["nexthop", "show", "fdb"]);
    let ids: Vec<u64> = fdb
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [8, 9], "{fdb:#}");
    let all = theirs(&ns, &["nexthop", "show"]);
    for n in fdb.as_array().unwrap() {
        assert!(all.as_array().unwrap().contains(n), "{n} differs from ip's");
    }
    // replace and del, seen by ip.
    ok(
        &ns,
        &[
            "nexthop",
            "replace",
            "id",
            "1",
            "via",
            "192.0.2.7",
            "dev",
            "v0",
        ],
    );
    assert_eq!(
        ns.ip_value(&["nexthop", "show", "id", "1"])[0]["gateway"],
        "192.0.2.7"
    );
    ok(&ns, &["nexthop", "del", "id", "5"]);
    let left: Vec<u64> = ns
        .ip_value(&["nexthop", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_u64().unwrap())
        .collect();
    assert_eq!(left, [1, 2, 3, 4, 6, 7, 8, 9]);
    // Usage errors send nothing (exit 255); refusals, the kernel's or the library's on its
    // behalf, carry errno and ext-ack (exit 2).
    let before = ns.ip_value(&["nexthop", "show"]);
    fails(
        &ns,
        &["nexthop", "add", "id", "10"],
        2,
        &["gateway, a device"],
    );
    fails(
        &ns,
        &["nexthop", "add", "id", "10", "group", "1,0"],
        2,
        &["weight 0"],
    );
    fails(
        &ns,
        &["nexthop", "add", "id", "10", "bogus"],
        255,
        &["bogus"],
    );
    fails(
        &ns,
        &["nexthop", "add", "id", "3", "dev", "v0"],
        2,
        &["EEXIST"],
    );
    fails(
        &ns,
        &[
            "nexthop",
            "add",
            "id",
            "10",
            "via",
            "203.0.113.1",
            "dev",
            "v0",
        ],
        2,
        &["(E"],
    );
    fails(&ns, &["nexthop", "del", "id", "99"], 2, &["ENOENT"]);
    assert_eq!(ns.ip_value(&["nexthop", "show"]), before);

    // monitor: typed nexthop events in the shape of show --json.
    let mut child = spawn_monitor(&ns, &["-j", "monitor", "route", "nexthop"]);
    let rx = lines(&mut child);
    until_ready(&ns, &rx);
    ns.ip(&[
        "nexthop",
        "add",
        "id",
        "20",
        "via",
        "192.0.2.20",
        "dev",
        "v0",
    ]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "nexthop" && v["id"] == 20
    });
    let n = seen.last().unwrap();
    assert_eq!(
        (n["event"].clone(), n["gateway"].clone(), n["dev"].clone()),
        ("new".into(), "192.0.2.20".into(), "v0".into())
    );
    ns.ip(&["nexthop", "del", "id", "20"]);
    let seen = wait_for(&rx, Duration::from_secs(5), |v| {
        v["object"] == "nexthop" && v["id"] == 20
    });
    assert_eq!(seen.last().unwrap()["event"], "del");
    child.kill().unwrap();
    let _ = child.wait();
}

/// `monitor ... dev X` filters in the kernel (no link watched): the other devices' routes,
/// addresses and neighbours never reach nlctl, and it prints what `ip monitor ... dev X` prints.
#[test]
fn monitor_dev_prints_only_that_device_as_ip() {
    let ns = TestNs::new();
    ns.ip_batch("link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n");
    let args = ["monitor", "route", "address", "neigh", "dev", "v0"];
    let (mut theirs, ip_rx) = spawn_text("ip", &ns, &args);
    let (mut ours, our_rx) = spawn_text(NLCTL, &ns, &args);
    // Both listen once both have seen a probe route on v0 come and go.
    let probe = "203.0.113.128/25";
    lines::until_both_listen(
        &ip_rx,
        &our_rx,
        || {
            ns.ip(&["route", "add", probe, "dev", "v0"]);
            ns.ip(&["route", "del", probe, "dev", "v0"]);
        },
        "monitor dev v0",
    );
    // Changes on v1 first (neither tool may print them), then on v0, ending with a marker.
    ns.ip_batch(
        "addr add 198.51.100.1/24 dev v1\nroute add 203.0.113.0/26 dev v1\n\
         neigh add 198.51.100.9 lladdr 02:00:00:00:00:09 dev v1 nud permanent\n\
         addr add 192.0.2.1/24 dev v0\n\
         neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent\n\
         route add 203.0.113.64/26 dev v0\n",
    );
    let lines = |rx: &mpsc::Receiver<String>| -> Vec<String> {
        text_until(rx, "203.0.113.64/26", 1)
            .into_iter()
            .filter(|l| !l.contains(probe))
            .collect()
    };
    let (a, b) = (lines(&ip_rx), lines(&our_rx));
    assert!(a.iter().all(|l| !l.contains("v1")), "ip printed v1: {a:#?}");
    assert!(a.iter().any(|l| l.contains("192.0.2.9")), "{a:#?}");
    assert_eq!(b, a);
    theirs.kill().unwrap();
    ours.kill().unwrap();
    let _ = theirs.wait();
    let _ = ours.wait();
}
