//! `tc` 6.1 as the oracle for every prefix of every word `nlctl` reads for `tc`'s objects: the
//! verbs, the words before a kind, each kind's words and the words of `show`; and for units
//! written every way `tc` reads them. Each line runs under `strace` with both tools in one
//! namespace whose requests the kernel refuses (a parent `5:` that does not exist), so that
//! nothing changes between runs: both must send the same requests (the echo bit `nlctl` adds
//! aside) and both succeed or both fail. Where `nlctl` refuses a word as not supported yet,
//! `tc` must do with the prefix what it does with the full word; where it refuses a kind no
//! `tc` parser has, `tc`'s request must be refused by the kernel.

mod tc_support;

use tc_support::{Tool, first_difference, fresh, traced};

/// Checks one command line.
fn agree(ns: &netlink_testns::TestNs, line: &str, full: &str) {
    let args: Vec<&str> = line.split_whitespace().collect();
    let n = traced(Tool::Nlctl, ns, &args);
    let t = traced(Tool::Tc, ns, &args);
    if n.status == 255
        && n.stderr.starts_with("nlctl: ")
        && n.stderr.contains("is not supported yet")
    {
        // nlctl refuses the word it read: tc must read the prefix as that word.
        let fargs: Vec<&str> = full.split_whitespace().collect();
        let f = traced(Tool::Tc, ns, &fargs);
        assert!(
            t.requests == f.requests && (t.status == 0) == (f.status == 0),
            "{line:?}: nlctl refuses it as {full:?}, which tc reads otherwise\n tc: {}\n tc full: {}",
            t.stderr,
            f.stderr
        );
        return;
    }
    if n.status == 1 && n.stderr.contains("tc has no such kind") {
        // nlctl refuses a kind no tc parser has; tc sends it and the kernel refuses it.
        assert!(
            n.requests.is_empty() && t.status != 0,
            "{line:?}: {}",
            t.stderr
        );
        return;
    }
    let ours = n.requests.clone();
    assert_eq!(
        ours.len(),
        t.requests.len(),
        "{line:?}: nlctl sent {}, tc {}\n nlctl: {}\n tc: {}",
        ours.len(),
        t.requests.len(),
        n.stderr,
        t.stderr
    );
    for (x, y) in ours.iter().zip(&t.requests) {
        assert!(x == y, "{line:?}: {}", first_difference(x, y));
    }
    assert_eq!(
        n.status == 0,
        t.status == 0,
        "{line:?}: nlctl {} {:?}, tc {} {:?}",
        n.status,
        n.stderr,
        t.status,
        t.stderr
    );
    if line.contains(" show") {
        assert_eq!(n.stdout, t.stdout, "{line:?}");
    }
}

/// Every prefix of `word` put in `template` at `W`, checked, with the full line for a refusal.
fn prefixes(ns: &netlink_testns::TestNs, template: &str, word: &str) {
    let full = template.replace('W', word);
    for i in 1..=word.len() {
        agree(ns, &template.replace('W', &word[..i]), &full);
    }
}

fn lab() -> netlink_testns::TestNs {
    fresh(
        "tc qdisc add dev v0 root handle 1: htb default 10
         tc class add dev v0 parent 1: classid 1:1 htb rate 10mbit
         tc class add dev v0 parent 1:1 classid 1:10 htb rate 1mbit
         tc qdisc add dev v0 parent 1:10 handle 10: pfifo limit 5
         tc qdisc add dev v0 ingress
         tc qdisc add dev v1 clsact
         tc chain add dev v1 ingress chain 3",
    )
}

#[test]
fn verbs() {
    let ns = lab();
    let templates: &[(&str, &[&str])] = &[
        (
            "qdisc W dev v0 parent 5: handle 9: pfifo",
            &[
                "add", "change", "replace", "link", "delete", "list", "show", "lst", "get",
            ],
        ),
        ("qdisc W dev v0", &["list", "show", "lst", "help"]),
        (
            "class W dev v0 parent 5: classid 5:1 htb rate 1mbit",
            &[
                "add", "change", "replace", "delete", "list", "show", "lst", "link",
            ],
        ),
        ("class W dev v0", &["show", "lst", "help"]),
        (
            "filter W dev v1 parent 5: pref 1 protocol ip",
            &[
                "add", "change", "replace", "delete", "get", "list", "show", "lst", "help",
            ],
        ),
        (
            "chain W dev v1 parent 5: chain 3",
            &[
                "add", "delete", "get", "list", "show", "lst", "help", "change",
            ],
        ),
    ];
    for (template, words) in templates {
        for w in *words {
            prefixes(&ns, template, w);
        }
    }
}

#[test]
fn words_before_the_kind() {
    let ns = lab();
    let q = "qdisc add dev v0 parent 5: handle 9: W pfifo";
    for (w, v) in [
        ("estimator", "1sec 8sec"),
        ("stab", "overhead 20 mtu 1000 tsize 32"),
        ("stab", "overhead 20 mtu 1000 tsize 32 mpu 64"),
        ("stab", "linklayer adsl mtu 1000"),
        ("ingress_block", "7"),
        ("egress_block", "9"),
    ] {
        prefixes(&ns, &q.replace('W', &format!("W {v}")), w);
    }
    for w in ["dev", "handle", "root", "parent", "clsact", "ingress"] {
        prefixes(&ns, "qdisc add dev v0 W", w);
    }
    let c = "class add dev v0 parent 5: classid 5:1 W htb rate 1mbit";
    prefixes(&ns, &c.replace('W', "W 1sec 8sec"), "estimator");
    for w in ["dev", "classid", "handle", "root", "parent"] {
        prefixes(&ns, "class add dev v0 W 5:1 htb rate 1mbit", w);
    }
    let f = "filter del dev v1 parent 5: W";
    for (w, v) in [
        ("pref", "3"),
        ("priority", "3"),
        ("protocol", "ip"),
        ("chain", "4"),
        ("handle", "0x10"),
        ("estimator", "1sec 8sec"),
    ] {
        prefixes(&ns, &f.replace('W', &format!("W {v}")), w);
    }
    for w in ["root", "ingress", "egress"] {
        prefixes(&ns, "filter del dev v1 W pref 1", w);
    }
}

#[test]
fn words_of_each_kind() {
    let ns = lab();
    let q = "qdisc add dev v0 parent 5: handle 9:";
    let kinds: &[(&str, &[(&str, &str)])] = &[
        ("pfifo", &[("limit", "7")]),
        ("bfifo", &[("limit", "7k")]),
        ("pfifo_head_drop", &[("limit", "7")]),
        (
            "htb",
            &[
                ("r2q", "3"),
                ("default", "1a"),
                ("direct_qlen", "9"),
                ("offload", ""),
                ("debug", "1"),
            ],
        ),
        (
            "tbf rate 1mbit burst 10k latency 50ms",
            &[
                ("limit", "3000"),
                ("latency", "20ms"),
                ("burst", "20k"),
                ("buffer", "20k"),
                ("maxburst", "20k"),
                ("mtu", "2000"),
                ("minburst", "2000"),
                ("mpu", "64"),
                ("rate", "2mbit"),
                ("peakrate", "3mbit mtu 2000"),
                ("overhead", "12"),
                ("linklayer", "atm"),
            ],
        ),
        (
            "prio",
            &[("bands", "4"), ("priomap", "1 2 0"), ("multiqueue", "")],
        ),
        (
            "fq_codel",
            &[
                ("limit", "100"),
                ("flows", "64"),
                ("quantum", "1000"),
                ("drop_batch", "8"),
                ("target", "6ms"),
                ("ce_threshold", "3ms"),
                ("memory_limit", "1mb"),
                ("interval", "90ms"),
                ("ecn", ""),
                ("noecn", ""),
            ],
        ),
        (
            "codel",
            &[
                ("limit", "100"),
                ("target", "6ms"),
                ("ce_threshold", "3ms"),
                ("interval", "90ms"),
                ("ecn", ""),
                ("noecn", ""),
            ],
        ),
    ];
    for (kind, words) in kinds {
        for (w, v) in *words {
            prefixes(&ns, &format!("{q} {kind} W {v}"), w);
        }
    }
    let c = "class add dev v0 parent 5: classid 5:1 htb rate 1mbit";
    for (w, v) in [
        ("prio", "2"),
        ("mtu", "2000"),
        ("mpu", "64"),
        ("overhead", "4"),
        ("linklayer", "atm"),
        ("quantum", "1600"),
        ("burst", "10k/8"),
        ("buffer", "10k"),
        ("maxburst", "10k"),
        ("cburst", "20k"),
        ("cbuffer", "20k"),
        ("cmaxburst", "20k"),
        ("ceil", "2mbit"),
        ("rate", "3mbit"),
    ] {
        prefixes(&ns, &format!("{c} W {v}"), w);
    }
    for kind in ["pfifo_fast", "noqueue", "mq", "netem", "cake", "bogus"] {
        let line = format!("{q} {kind} limit 5");
        agree(&ns, &line, &line);
    }
}

#[test]
fn words_of_show() {
    let ns = lab();
    for (w, v) in [
        ("dev", "v0"),
        ("ingress", ""),
        ("clsact", ""),
        ("root", ""),
        ("parent", "1:10"),
        ("handle", "10:"),
        ("invisible", ""),
    ] {
        prefixes(&ns, &format!("qdisc show dev v0 W {v}"), w);
    }
    for (w, v) in [
        ("qdisc", "1:"),
        ("classid", "1:10"),
        ("root", ""),
        ("parent", "1:"),
    ] {
        prefixes(&ns, &format!("class show dev v0 W {v}"), w);
    }
    for obj in ["filter", "chain"] {
        for (w, v) in [
            ("root", ""),
            ("ingress", ""),
            ("egress", ""),
            ("parent", "ffff:fff2"),
            ("pref", "1"),
            ("priority", "1"),
            ("protocol", "ip"),
            ("chain", "3"),
            ("block", "5"),
        ] {
            prefixes(&ns, &format!("{obj} show dev v1 W {v}"), w);
        }
    }
}

#[test]
fn units_read_as_tc_reads_them() {
    let ns = lab();
    let rates = [
        "1mbit",
        "1MBIT",
        "1Mbit",
        "1.5mbit",
        "100kbps",
        "1kibit",
        "1Kibit",
        "1mibit",
        "1000",
        "1e6bit",
        "1e6",
        "0x10kbit",
        "5gbit",
        "5GBPS",
        "1tbit",
        "2tibit",
        "1mbps",
        "1mibps",
        "999",
        "1.0000001mbit",
        "12.345kbit",
        "1xbit",
        "mbit",
        "1 mbit",
        "0.5",
        "3e9bit",
        "1kibps",
        "1KiBps",
        "1gibit",
        "1gibps",
    ];
    // Below about 100 bytes per second htb's default bucket (1600 bytes) takes more scheduler
    // ticks than 32 bits hold; tc wraps the count, PschedClock saturates it (see the report).
    for r in rates {
        agree(
            &ns,
            &format!("class add dev v0 parent 5: classid 5:1 htb rate {r}"),
            "",
        );
    }
    let sizes = [
        "15k",
        "64kb",
        "1m",
        "1mb",
        "1mbit",
        "1gbit",
        "4095",
        "1.5k",
        "0x100",
        "1g",
        "4g",
        "1.7k",
        "10kbit",
        "3GB",
        "2M",
        "1b",
        "1B",
        "1kB",
        "100q",
        "k",
        "0",
        "4294967295",
        "4294967296",
    ];
    for s in sizes {
        agree(
            &ns,
            &format!("qdisc add dev v0 parent 5: handle 9: bfifo limit {s}"),
            "",
        );
    }
    for b in ["10k/8", "10k/1", "10k/3", "10k/x", "10k/0", "15k/16"] {
        agree(
            &ns,
            &format!("class add dev v0 parent 5: classid 5:1 htb rate 1mbit burst {b}"),
            "",
        );
    }
    let times = [
        "10ms", "1s", "1sec", "1secs", "1.5s", "100us", "5msecs", "5MS", "1e3us", "10", "0.1ms",
        "1usec", "2usecs", "3msec", "1h", "ms",
    ];
    for t in times {
        agree(
            &ns,
            &format!("qdisc add dev v0 parent 5: handle 9: tbf rate 1mbit burst 10k latency {t}"),
            "",
        );
    }
}

/// What `nlctl` refuses on purpose where `tc` would send what the words do not say: rates
/// below zero or in percent of the device's speed, times beyond 32 bits of microseconds
/// (tc wraps them), and handles with a part `tc` ignores.
#[test]
fn values_tc_mangles_are_refused() {
    let ns = lab();
    for line in [
        "class add dev v0 parent 5: classid 5:1 htb rate -1mbit",
        "class add dev v0 parent 5: classid 5:1 htb rate infbit",
        "class add dev v0 parent 5: classid 5:1 htb rate 10%",
        "qdisc add dev v0 parent 5: handle 9: tbf rate 1mbit burst 10k latency 4295s",
        "qdisc add dev v0 parent 5: handle 9:1 pfifo",
        "qdisc add dev v0 parent 5: handle 9:2:3 pfifo",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let n = traced(Tool::Nlctl, &ns, &args);
        assert!(
            n.status != 0 && n.requests.is_empty(),
            "{line}: {}",
            n.stderr
        );
    }
}

/// The object a `help` line names: `Usage: tc qdisc ...`, `Usage: nlctl class ...`, an
/// `object "exec"` refusal, or the `ip` object `nlctl` takes the word for.
fn named_object(text: &str) -> String {
    for o in [
        "qdisc", "class", "filter", "chain", "actions", "exec", "address", "fou",
    ] {
        for form in [format!("tc {o}"), format!("nlctl {o}"), format!("\"{o}\"")] {
            if text.contains(&form) {
                return o.to_owned();
            }
        }
    }
    text.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn objects() {
    let ns = lab();
    // Where ip's table reads a short word first, nlctl takes ip's object.
    let ip_first = [("a", "address"), ("f", "fou")];
    for name in ["qdisc", "class", "filter", "chain", "actions", "exec"] {
        for i in 1..=name.len() {
            let p = &name[..i];
            let t = tc_support::run(Tool::Tc, &ns, &[p, "help"]);
            let n = tc_support::run(Tool::Nlctl, &ns, &[p, "help"]);
            let tc_says = named_object(&String::from_utf8_lossy(&[t.stdout, t.stderr].concat()));
            let ours = named_object(&String::from_utf8_lossy(&[n.stdout, n.stderr].concat()));
            let expected = ip_first
                .iter()
                .find(|(w, _)| *w == p)
                .map_or(tc_says.as_str(), |(_, o)| o);
            assert_eq!(ours, expected, "{p}");
        }
    }
}
