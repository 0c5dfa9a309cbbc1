//! Differential tests of what changes the kernel's state: twin namespaces built alike, one
//! driven by `ip` 6.1 and one by `nlctl`, for flushes of addresses, routes, neighbours and
//! rules with several selectors, `address delete` without a prefix length, `change` of a
//! missing and of an existing object, and misspelled verbs. For each line both tools must exit
//! with the same status, print the same text (runs of blanks aside) and leave the same state.
//! Words `ip` has and `nlctl` does not implement yet must be refused (exit 255) with nothing
//! changed.

mod common;

use common::{Tool, fresh, run_in, state};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

/// Addresses, routes, neighbours and rules of several kinds to select from.
const RICH: &str = "addr add 192.0.2.2/24 dev v0
addr add 192.0.2.3/24 dev v0 label v0:a
addr add 198.51.100.1/24 dev v1
addr add 203.0.113.1/24 dev v1 valid_lft 600 preferred_lft 300
addr add 2001:db8:1::1/64 dev v1 nodad
addr add 2001:db8::2/64 dev v0 nodad
route add 203.0.113.136/29 via 192.0.2.254
route add 203.0.113.144/29 dev v0 proto static
route add 203.0.113.152/29 via 198.51.100.254 table 100
route add blackhole 203.0.113.160/29
route add 203.0.113.168/29 dev v1 proto static metric 5
route add 2001:db8:2::/64 via 2001:db8::5
route add 2001:db8:3::/64 dev v1 table 100
neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev v0 nud stale
neigh add 192.0.2.51 lladdr 02:00:00:00:00:51 dev v0 nud permanent
neigh add 198.51.100.50 lladdr 02:00:00:00:00:52 dev v1 nud reachable
neigh add 2001:db8::50 lladdr 02:00:00:00:00:53 dev v0 nud stale
neigh add 192.0.2.52 lladdr 02:00:00:00:00:54 dev v0 nud noarp
neigh add proxy 192.0.2.60 dev v0
rule add from 192.0.2.0/24 table 100 priority 100
rule add to 198.51.100.0/24 table 100 priority 200
rule add fwmark 0x10 table 200 priority 300
-6 rule add from 2001:db8::/32 table 100 priority 400
";

/// A line run by one tool: exit status, output (each line's blanks collapsed), state after.
#[derive(Debug, PartialEq)]
struct Done {
    code: Option<i32>,
    out: Vec<String>,
    state: Value,
}

fn done(tool: Tool, ns: &TestNs, line: &str) -> (Done, String) {
    let args: Vec<&str> = line.split_whitespace().collect();
    let o = run_in(tool, ns, &args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{tool:?} {line}: {err}");
    let out = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    (
        Done {
            code: o.status.code(),
            out,
            state: state(ns),
        },
        err,
    )
}

/// Runs `line` with ip and with nlctl on twins built from `setup`, and expects the same.
fn same(setup: &str, line: &str) -> Done {
    let (ip_ns, nl_ns) = (fresh(setup), fresh(setup));
    let (mut theirs, their_err) = done(Tool::Ip, &ip_ns, line);
    let (mut ours, our_err) = done(Tool::Nlctl, &nl_ns, line);
    // Some changes complete asynchronously (a veth peer loses its carrier through the
    // kernel's link watch, up to a second later): look again for a while before calling the
    // states different.
    for _ in 0..40 {
        if ours.state == theirs.state {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        theirs.state = state(&ip_ns);
        ours.state = state(&nl_ns);
    }
    assert!(
        !our_err.contains("is not supported yet"),
        "nlctl refused {line:?}: {our_err}"
    );
    assert_eq!(
        ours.code, theirs.code,
        "{line}: nlctl {our_err:?} / ip {their_err:?}"
    );
    assert_eq!(ours.out, theirs.out, "{line}: output");
    if ours.state != theirs.state {
        panic!(
            "{line}: the state differs\n{}",
            difference(&ours.state, &theirs.state)
        );
    }
    ours
}

/// The entries only one state has.
fn difference(ours: &Value, theirs: &Value) -> String {
    let mut s = String::new();
    if let (Value::Array(a), Value::Array(b)) = (ours, theirs) {
        for (x, y) in a.iter().zip(b) {
            if let (Value::Array(x), Value::Array(y)) = (x, y) {
                for e in x.iter().filter(|e| !y.contains(e)) {
                    s.push_str(&format!("only after nlctl: {e}\n"));
                }
                for e in y.iter().filter(|e| !x.contains(e)) {
                    s.push_str(&format!("only after ip: {e}\n"));
                }
            }
        }
    }
    s
}

/// nlctl refuses `line` by name (exit 255) and changes nothing, where ip accepts it.
fn refused(setup: &str, line: &str, word: &str) {
    let (theirs, their_err) = done(Tool::Ip, &fresh(setup), line);
    assert_eq!(theirs.code, Some(0), "ip {line}: {their_err}");
    let ns = fresh(setup);
    let before = state(&ns);
    let (ours, err) = done(Tool::Nlctl, &ns, line);
    assert_eq!(ours.code, Some(255), "{line}: {err}");
    assert!(
        err.contains("is not supported yet") && err.contains(word),
        "{line}: {err:?} does not name {word:?}"
    );
    assert!(ours.out.is_empty(), "{line}: printed {:?}", ours.out);
    assert_eq!(ours.state, before, "{line}: a refusal changed the state");
}

#[test]
fn address_flush_deletes_what_ip_deletes() {
    for line in [
        "addr flush dev v0",
        "addr flush dev v1 scope global",
        "addr flush dev v1 scope link",
        "addr flush scope host",
        "-4 addr flush dev v1",
        "-6 addr flush dev v0",
        "addr flush to 192.0.2.0/24",
        "addr flush to 2001:db8::/32",
        "addr flush dev v0 label v0:a",
        "addr flush label v1",
        "addr flush dev v0 secondary",
        "addr flush dev v0 primary",
        "addr flush dev v1 dynamic",
        "addr flush dev v1 permanent",
        "addr flush dev v1 -permanent",
        "addr flush dev v0 nodad",
        "addr flush dev v0 to default",
        "-s addr flush dev v0",
        "-s -s addr flush dev v1",
        "-s -s -4 addr flush dev v0",
        "-s addr flush dev v0 to 203.0.113.0/24",
        "-s -l 1 addr flush dev v0",
        "a f dev v1",
        // Refusals ip makes too: no selector, no such device, a bad scope or prefix.
        "addr flush",
        "addr flush dev nosuch",
        "addr flush dev v0 scope bogus",
        "addr flush to 192.0.2.300/24",
        "addr flush dev v0 dev v1",
    ] {
        same(RICH, line);
    }
    // ip reads `up`, `master` and `type` and then flushes every link's addresses.
    refused(RICH, "addr flush dev v0 up", "up");
}

#[test]
fn route_flush_deletes_what_ip_deletes() {
    for line in [
        "route flush dev v0",
        "route flush table 100",
        "route flush proto static",
        "route flush type blackhole",
        "route flush 203.0.113.136/29",
        "route flush exact 203.0.113.144/29",
        "route flush to 203.0.113.168/29 dev v1",
        "route flush table main",
        "route flush table all proto static",
        "-6 route flush dev v0",
        "-6 route flush table 100",
        "-6 route flush 2001:db8:2::/64",
        "-s route flush table main proto static",
        "-s -s route flush dev v1",
        "-s route flush table 100 proto static",
        "r f ta 100",
        "route flush",
        "route flush dev nosuch",
        "route flush table nosuch",
        "route flush root 203.0.113.128/25",
        "route flush root 203.0.113.0/24",
        "route flush cache",
    ] {
        same(RICH, line);
    }
}

#[test]
fn neigh_flush_deletes_what_ip_deletes() {
    for line in [
        "neigh flush dev v0",
        "neigh flush dev v0 nud all",
        "neigh flush dev v1",
        "neigh flush dev v0 nud permanent",
        "neigh flush dev v0 nud noarp",
        "neigh flush dev v0 nud stale nud permanent",
        "neigh flush to 192.0.2.0/24",
        "neigh flush 192.0.2.50",
        "-6 neigh flush dev v0",
        "neigh flush proxy",
        "-s neigh flush dev v0",
        "-s neigh flush dev v1 nud permanent",
        "n f dev v0",
        "neigh flush",
        "neigh flush dev nosuch",
        "neigh flush nud bogus",
        "neigh flush dev v0 unused",
    ] {
        same(RICH, line);
    }
}

#[test]
fn rule_flush_deletes_what_ip_deletes() {
    for line in [
        "rule flush",
        "rule flush table 100",
        "rule flush priority 200",
        "rule flush table 999",
        "-6 rule flush",
        "-6 rule flush table 100",
        "-s rule flush table 200",
        "ru f pref 300",
        "rule flush table mian",
        "rule flush from 192.0.2.0/24",
    ] {
        same(RICH, line);
    }
}

#[test]
fn address_delete_without_a_length_is_ips_wildcard() {
    // Two addresses with the same local address: the first one goes, whatever its length.
    let two = "addr add 198.51.100.1/28 dev v1\naddr add 198.51.100.1/32 dev v0\n";
    let setup = format!("{RICH}{two}");
    for line in [
        "addr del 192.0.2.2 dev v0",
        "addr del 198.51.100.1 dev v1",
        "addr del 198.51.100.1 dev v0",
        "addr del 192.0.2.3 dev v0 label v0:a",
        "addr del 192.0.2.3 dev v0 label v0:b",
        "addr del 192.0.2.9 dev v0",
        "addr del 2001:db8::2 dev v0",
        "addr del 192.0.2.2/24 dev v0",
        "addr del 192.0.2.2/25 dev v0",
    ] {
        same(&setup, line);
    }
    // Both warn that the length is missing.
    let ns = fresh(&setup);
    let o = run_in(Tool::Nlctl, &ns, &["addr", "del", "192.0.2.2", "dev", "v0"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no prefix length"));
}

#[test]
fn change_needs_the_object_replace_does_not() {
    for line in [
        // A missing route: change fails, replace creates, test fails; an existing one: change
        // and replace replace it, test refuses.
        "route change 203.0.113.200/29 dev v0",
        "route chg 203.0.113.200/29 dev v0",
        "route replace 203.0.113.200/29 dev v0",
        "route test 203.0.113.200/29 dev v0",
        "route change 203.0.113.136/29 dev v1",
        "route change 203.0.113.136/29 via 192.0.2.253",
        "route replace 203.0.113.136/29 dev v1",
        "route test 203.0.113.136/29 dev v0",
        "route prepend 203.0.113.136/29 dev v1",
        "route append 203.0.113.136/29 dev v1",
        "route add 203.0.113.136/29 dev v1",
        "-6 route change 2001:db8:9::/64 dev v0",
        "-6 route change 2001:db8:2::/64 via 2001:db8::6",
        // Links: change is set, every word in one request (a refusal changes nothing).
        "link change v0 mtu 1400",
        "link change nosuch mtu 1400",
        "link set v0",
        "link set v0 mtu 1300 txqueuelen 500 alias uplink group 3",
        "link set dev v0 multicast off allmulticast on promisc on arp off dynamic on",
        "link set v0 address 02:00:00:00:00:77 broadcast ff:ff:ff:ff:ff:fe",
        "link set v0 down name v9",
        "link set v0 name v9 mtu 99999",
        "link set v0 mtu 1280 master nosuch",
        "link set v0 group default",
        // Addresses: change of one that exists (a new label) and of one that does not.
        "addr change 192.0.2.2/24 dev v0 label v0:c",
        "addr change 192.0.2.99/24 dev v0",
        // Neighbours: change of an entry that exists and of one that does not.
        "neigh change 192.0.2.50 lladdr 02:00:00:00:00:99 dev v0",
        "neigh change 192.0.2.51 lladdr 02:00:00:00:00:98 dev v0",
    ] {
        same(RICH, line);
    }
}

#[test]
fn misspelled_verbs_fail_as_in_ip_and_change_nothing() {
    for line in [
        "addr shwo dev v0",
        "addr flsh dev v0",
        "addr dev v0",
        "route flusj dev v0",
        "route 203.0.113.136/29",
        "neigh dle 192.0.2.50 dev v0",
        "link sett v0 down",
        "rule fluhs",
        "nexthop dle id 1",
        "monitor bogus",
        "rotue flush dev v0",
        "-bogus route flush dev v0",
    ] {
        let d = same(RICH, line);
        assert_ne!(d.code, Some(0), "{line} succeeded");
        assert!(d.out.is_empty(), "{line} printed {:?}", d.out);
    }
}

/// Writes `text` to a file of its own and returns its path.
fn batch_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("nlctl-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write the batch file");
    path.to_string_lossy().into_owned()
}

#[test]
fn batch_runs_each_line_as_ip_batch_does() {
    let lines = "route add 203.0.113.208/29 dev v0
# a comment, and a blank line

route add 203.0.113.216/29 dev nosuch
route add 203.0.113.224/29 \\
  dev v0  # the rest of a continued line
addr add 192.0.2.77/24 dev v0
";
    let file = batch_file("lines", lines);
    for opts in ["-batch", "-force -batch", "-b", "-fo -b"] {
        let line = format!("{opts} {file}");
        let d = same(RICH, &line);
        assert_eq!(d.code, Some(1), "{line}");
        // Both name the line that failed.
        let ns = fresh(RICH);
        let args: Vec<&str> = line.split_whitespace().collect();
        let o = run_in(Tool::Nlctl, &ns, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("Command failed {file}:4")),
            "{line}: {err}"
        );
    }
    // A line ip refuses as usage ends the whole batch at once, with its status.
    let usage = batch_file(
        "usage",
        "route add 203.0.113.208/29 dev v0\nroute bogus\nrule flush\n",
    );
    for opts in ["-batch", "-force -batch"] {
        let d = same(RICH, &format!("{opts} {usage}"));
        assert_eq!(d.code, Some(255));
    }
    // A batch that cannot be read, and a line that cannot be split.
    same(RICH, "-batch /nonexistent/batch");
    let quote = batch_file("quote", "link show \"lo\nroute flush table 100\n");
    same(RICH, &format!("-batch {quote}"));
    for f in [file, usage, quote] {
        let _ = std::fs::remove_file(f);
    }
}
