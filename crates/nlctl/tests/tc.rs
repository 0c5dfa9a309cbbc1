//! `nlctl`'s `tc` objects against `tc` 6.1, the oracle, in fresh namespaces: the requests each
//! sends (under `strace`, byte for byte), what `show` prints (text line by line, `-j` key by
//! key), the state each leaves, and the errors.

mod lines;
mod tc_support;

use netlink_testns::serde_json::{self, Value};
use tc_support::{Tool, first_difference, first_err_line, fresh, run, state, stdout, tc, traced};

/// The captured `tc` command lines `nlctl` reads (`crates/netlink-wire/testdata/tc`, its
/// `capture.py`), with what runs before each: every kind this kernel has, and the kinds it
/// lacks that `nlctl` implements (their requests are refused by the kernel, the same bytes).
const REQUESTS: &[(&str, &str)] = &[
    ("", "qdisc add dev v0 root handle 1: pfifo limit 100"),
    ("", "qdisc add dev v0 root bfifo limit 10000"),
    ("", "qdisc add dev v0 root pfifo_head_drop limit 50"),
    ("", "qdisc add dev v0 root pfifo_fast"),
    (
        "",
        "qdisc add dev v0 root handle 1: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 3",
    ),
    ("", "qdisc add dev v2 root handle 1: mq"),
    (
        "",
        "qdisc add dev v0 root handle 1: htb default 10 r2q 5 direct_qlen 100",
    ),
    ("", "qdisc add dev v0 root handle 1: htb offload"),
    (
        "tc qdisc add dev v0 root handle 1: htb",
        "class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit burst 15k prio 1 quantum 1500",
    ),
    (
        "tc qdisc add dev v0 root handle 1: htb",
        "class add dev v0 parent 1: classid 1:20 htb rate 50gbit ceil 60gbit",
    ),
    (
        "",
        "qdisc add dev v0 root tbf rate 1mbit burst 32kbit latency 400ms",
    ),
    (
        "",
        "qdisc add dev v0 root tbf rate 50gbit burst 10mb limit 20mb peakrate 60gbit mtu 65536",
    ),
    // A bucket beyond 2^32 ticks, which tc wraps (PschedClock's documentation).
    (
        "",
        "qdisc add dev v0 root tbf rate 800bit burst 100k latency 10ms",
    ),
    (
        "",
        "qdisc add dev v0 root fq_codel limit 1024 flows 512 target 5ms interval 100ms quantum 1514 ce_threshold 2ms memory_limit 32Mb ecn drop_batch 32",
    ),
    (
        "",
        "qdisc add dev v0 root codel limit 1000 target 5ms interval 100ms ecn ce_threshold 1ms",
    ),
    ("", "qdisc add dev v0 ingress"),
    ("", "qdisc add dev v0 clsact"),
    (
        "",
        "qdisc add dev v0 root handle 1: stab overhead 20 linklayer atm mtu 1500 tsize 64 pfifo limit 50",
    ),
    (
        "",
        "qdisc add dev v0 root handle 1: estimator 1sec 8sec ingress_block 7 egress_block 9 bfifo",
    ),
    (
        "tc qdisc add dev v0 root handle 1: pfifo",
        "qdisc del dev v0 root",
    ),
    ("", "qdisc show dev v0"),
    ("", "qdisc show dev v0 invisible"),
    ("", "class show dev v0"),
    (
        "tc qdisc add dev v0 clsact",
        "chain add dev v0 ingress chain 3",
    ),
];

/// Runs `args` with `tc` in one namespace and `nlctl` in its twin, both under `strace`, and
/// requires the same requests (nlctl asks for the echo of a change), the same exit status
/// and, when `state` is set, the same kernel state after.
fn same_as_tc(before: &str, args: &[&str], compare_state: bool) {
    let (a, b) = (fresh(before), fresh(before));
    let t = traced(Tool::Tc, &a, args);
    let n = traced(Tool::Nlctl, &b, args);
    let line = args.join(" ");
    assert_eq!(
        n.requests.len(),
        t.requests.len(),
        "{line}: nlctl sent {} requests, tc {}; stderr {:?} / {:?}",
        n.requests.len(),
        t.requests.len(),
        n.stderr,
        t.stderr
    );
    for (x, y) in n.requests.iter().zip(&t.requests) {
        assert!(x == y, "{line}: {}", first_difference(x, y));
    }
    assert_eq!(
        n.status, t.status,
        "{line}: {:?} / {:?}",
        n.stderr, t.stderr
    );
    if compare_state {
        assert_eq!(state(&b), state(&a), "{line}");
    }
}

#[test]
fn every_captured_request_is_sent_as_tc_sends_it() {
    for (before, line) in REQUESTS {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(before, &args, true);
    }
}

/// A namespace with every kind this kernel has, a class tree, a size table and traffic.
fn lab() -> netlink_testns::TestNs {
    let ns = fresh(
        "ip addr add 192.0.2.1/24 dev v0
         ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent
         tc qdisc add dev v0 root handle 1: htb default 10 direct_qlen 100
         tc class add dev v0 parent 1: classid 1:1 htb rate 10mbit ceil 10mbit
         tc class add dev v0 parent 1:1 classid 1:10 htb rate 1mbit ceil 5mbit prio 1
         tc class add dev v0 parent 1:1 classid 1:20 htb rate 50gbit ceil 60gbit prio 2
         tc class add dev v0 parent 1: classid 1:5 htb rate 1mbit overhead 12 mpu 64 linklayer atm ceil 3mbit burst 10k/8 cburst 20k quantum 3000 prio 3
         tc qdisc add dev v0 parent 1:10 handle 10: pfifo limit 50
         tc qdisc add dev v0 parent 1:20 handle 20: bfifo limit 30000
         tc qdisc add dev v0 parent 1:5 handle 5: pfifo_head_drop limit 7
         tc qdisc add dev v0 ingress
         tc qdisc add dev v1 root handle 2: stab overhead 20 linklayer atm mtu 1500 tsize 64 tbf rate 1mbit burst 10k/8 limit 3000 mpu 64 overhead 10 linklayer atm peakrate 2mbit mtu 2000
         tc qdisc add dev v1 clsact
         tc chain add dev v1 ingress chain 3
         tc chain add dev v1 egress chain 7
         tc qdisc add dev v2 root handle 4: mq
         tc qdisc add dev v3 root handle 3: tbf rate 50gbit burst 10mb limit 20mb peakrate 60gbit mtu 65536",
    );
    let ping = std::process::Command::new("ip")
        .args([
            "netns",
            "exec",
            ns.name(),
            "ping",
            "-q",
            "-c",
            "5",
            "-i",
            "0.01",
            "-W",
            "1",
            "192.0.2.2",
        ])
        .output();
    assert!(ping.is_ok());
    // The buckets refill and the counters settle.
    std::thread::sleep(std::time::Duration::from_millis(300));
    ns
}

/// Compares the output of `args` from both tools, run back to back in `ns`: JSON key by key
/// (as values), text line by line.
fn same_output(ns: &netlink_testns::TestNs, args: &[&str]) {
    let t = run(Tool::Tc, ns, args);
    let n = run(Tool::Nlctl, ns, args);
    let line = args.join(" ");
    assert_eq!(
        n.status.code(),
        t.status.code(),
        "{line}: {}",
        first_err_line(&n)
    );
    let (nt, tt) = (stdout(&n), stdout(&t));
    let json = args.contains(&"-j") && !args.contains(&"class");
    if json {
        let nv: Value = serde_json::from_str(&nt).unwrap_or_else(|e| panic!("{line}: {e}: {nt}"));
        let tv: Value = serde_json::from_str(&tt).unwrap_or_else(|e| panic!("{line}: {e}: {tt}"));
        assert_eq!(nv, tv, "{line}");
    }
    let (nl, tl): (Vec<&str>, Vec<&str>) = (nt.lines().collect(), tt.lines().collect());
    for (i, (x, y)) in nl.iter().zip(&tl).enumerate() {
        assert_eq!(x, y, "{line}: line {i}");
    }
    assert_eq!(nl.len(), tl.len(), "{line}:\n{nt}\n---\n{tt}");
    // Byte for byte too: spaces at line ends, the last line end, -oneline's backslashes.
    assert_eq!(nt, tt, "{line}");
}

#[test]
fn show_prints_what_tc_prints() {
    let ns = lab();
    let shows: &[&[&str]] = &[
        &["qdisc", "show"],
        &["qdisc"],
        &["q", "s", "dev", "v0"],
        &["qdisc", "show", "dev", "v0", "root"],
        &["qdisc", "show", "dev", "v0", "ingress"],
        &["qdisc", "show", "dev", "v1", "clsact"],
        &["qdisc", "show", "dev", "v0", "handle", "10:"],
        &["qdisc", "show", "dev", "v0", "parent", "1:20"],
        &["qdisc", "show", "invisible"],
        &["class", "show", "dev", "v0"],
        &["class", "show", "dev", "v0", "classid", "1:10"],
        &["class", "show", "dev", "v0", "parent", "1:1"],
        &["class", "show", "dev", "v0", "root"],
        &["class", "show", "dev", "v0", "qdisc", "1:"],
        &["class", "show", "dev", "v2"],
        &["class", "show"],
        &["chain", "show", "dev", "v1", "ingress"],
        &["chain", "show", "dev", "v1", "egress", "chain", "7"],
        &["chain", "show", "dev", "v1", "parent", "ffff:fff3"],
        &["filter", "show", "dev", "v1", "ingress"],
        &["filter", "show"],
    ];
    let options: &[&[&str]] = &[
        &[],
        &["-s"],
        &["-d"],
        &["-s", "-d"],
        &["-j"],
        &["-j", "-s", "-d"],
        &["-j", "-p", "-s"],
        &["-o", "-s"],
        &["-iec"],
    ];
    for opts in options {
        for show in shows {
            let mut args = opts.to_vec();
            args.extend_from_slice(show);
            same_output(&ns, &args);
        }
    }
}

#[test]
fn changes_leave_the_state_tc_leaves() {
    // Each scenario: the setup, then one command run by each tool in its twin.
    let scenarios: &[(&str, &str)] = &[
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "qdisc replace dev v0 root handle 1: htb default 20",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "qdisc change dev v0 root handle 1: htb r2q 3",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "qdisc add dev v0 root handle 2: pfifo",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "qdisc del dev v0 root handle 1:",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "qdisc del dev v0 root pfifo",
        ),
        ("", "qdisc change dev v0 root handle 1: pfifo"),
        ("", "qdisc link dev v0 root handle 1:"),
        (
            "",
            "qdisc replace dev v0 root tbf rate 2mbit burst 4k limit 10k",
        ),
        ("", "qdisc add dev v0 root handle 1: noqueue"),
        ("", "qdisc add dev v0 root handle 1: pfifo_fast"),
        (
            "",
            "qdisc add dev v0 parent root handle 7: bfifo limit 64kb",
        ),
        ("", "qdisc add dev v0 root handle 1: htb"),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "class add dev v0 parent 1: classid 1:1 htb rate 1kbit",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb\ntc class add dev v0 parent 1: classid 1:1 htb rate 1mbit",
            "class replace dev v0 parent 1: classid 1:1 htb rate 2mbit ceil 4mbit cburst 30k",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb\ntc class add dev v0 parent 1: classid 1:1 htb rate 1mbit",
            "class change dev v0 classid 1:1 htb rate 3mbit",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb\ntc class add dev v0 parent 1: classid 1:1 htb rate 1mbit",
            "class del dev v0 classid 1:1",
        ),
        (
            "tc qdisc add dev v0 root handle 1: htb",
            "class change dev v0 classid 1:9 htb rate 3mbit",
        ),
        (
            "tc qdisc add dev v0 clsact",
            "chain add dev v0 egress chain 9",
        ),
        (
            "tc qdisc add dev v0 clsact\ntc chain add dev v0 ingress chain 3",
            "chain del dev v0 ingress chain 3",
        ),
        (
            "tc qdisc add dev v0 clsact",
            "chain del dev v0 ingress chain 4",
        ),
        (
            "tc qdisc add dev v0 clsact",
            "filter del dev v0 ingress pref 1 protocol ip",
        ),
        ("", "qdisc add dev v0 root handle 1: prio"),
    ];
    for (before, line) in scenarios {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(before, &args, true);
    }
}

#[test]
fn the_kernels_warnings_and_refusals_are_tcs() {
    let before = "tc qdisc add dev v0 root handle 1: htb";
    let (a, b) = (fresh(before), fresh(before));
    let args = [
        "class", "add", "dev", "v0", "parent", "1:", "classid", "1:20", "htb", "rate", "50gbit",
    ];
    let t = run(Tool::Tc, &a, &args);
    let n = run(Tool::Nlctl, &b, &args);
    assert!(t.status.success() && n.status.success());
    assert_eq!(first_err_line(&n), first_err_line(&t));
    assert_eq!(
        first_err_line(&n),
        "Warning: sch_htb: quantum of class 10020 is big. Consider r2q change."
    );
    // A refusal: the errno, and the ext-ack text tc prints after "Error:".
    let n = run(
        Tool::Nlctl,
        &b,
        &["qdisc", "add", "dev", "v0", "root", "prio"],
    );
    assert_eq!(n.status.code(), Some(2));
    let e = first_err_line(&n);
    assert!(
        e.contains("(ENOENT)") && e.contains("Specified qdisc kind is unknown"),
        "{e}"
    );
}

#[test]
fn bad_words_name_the_word_and_send_nothing() {
    let ns = fresh("tc qdisc add dev v0 root handle 1: htb");
    let cases: &[(&str, i32, &str)] = &[
        ("qdisc add dev v0 root foo", 1, "\"foo\""),
        (
            "qdisc add dev v0 root fq_codel limit x",
            1,
            "Illegal \"limit\"",
        ),
        ("qdisc add dev v0 root handle 1:2:3 htb", 255, "\"1:2:3\""),
        ("qdisc add dev v0 root handle 1:2 htb", 255, "\"1:2\""),
        (
            "class add dev v0 parent 1: classid 1:2:3 htb rate 1mbit",
            255,
            "\"1:2:3\"",
        ),
        (
            "class add dev v0 parent 1: classid 1:30 htb rate 1xbit",
            1,
            "Illegal \"rate\"",
        ),
        (
            "class add dev v0 parent 1: classid 1:30 htb rate 1mbit burst 15q",
            1,
            "Illegal \"buffer\"",
        ),
        (
            "qdisc add dev v1 root tbf rate 1mbit burst 10k latency 10qs",
            1,
            "\"10qs\"",
        ),
        ("qdisc add dev v1 root pfifo limit x", 1, "\"x\""),
        ("qdisc add dev v1 root pfifo bogus", 1, "\"bogus\""),
        (
            "qdisc add dev v1 root netem delay 10ms",
            255,
            "\"netem\" is not supported yet",
        ),
        (
            "filter add dev v1 ingress rsvp session 192.0.2.1",
            255,
            "\"rsvp\" is not supported yet",
        ),
        ("qdisc add dev nosuch root pfifo", 1, "\"nosuch\""),
        ("qdisc show dev nosuch", 1, "Cannot find device \"nosuch\""),
        ("class show dev nosuch", 1, "Cannot find device \"nosuch\""),
        ("qdisc bogus", 255, "\"bogus\""),
        (
            "actions add action simple sdata hello",
            255,
            "the action kind \"simple\"",
        ),
        ("exec bpf", 255, "\"exec\""),
        // tc 6.1 crashes on GTP options without a colon.
        (
            "filter add dev v1 ingress protocol ip flower gtp_opts 1",
            1,
            "Illegal \"gtp_opts\"",
        ),
        (
            "filter add dev v1 ingress protocol ip flower gtp_opts 1:8/",
            1,
            "Illegal \"gtp_opts\"",
        ),
        (
            "class add dev v0 parent 1: classid 1:30 htb rate 10%",
            1,
            "Illegal \"rate\"",
        ),
    ];
    for (line, code, needle) in cases {
        let args: Vec<&str> = line.split_whitespace().collect();
        let n = traced(Tool::Nlctl, &ns, &args);
        assert_eq!(n.status, *code, "{line}: {}", n.stderr);
        assert!(n.stderr.contains(needle), "{line}: {:?}", n.stderr);
        assert!(
            n.requests.is_empty(),
            "{line}: sent {} requests",
            n.requests.len()
        );
    }
    // Nothing was changed.
    assert!(tc(&ns, &["qdisc", "show", "dev", "v1"]).starts_with("qdisc noqueue"));
}

/// A keyword at the end of the line, inside a kind's words too, is tc's `NEXT_ARG` failing:
/// its message and exit 255 (a kind's other errors exit 1), nothing sent. Inside a u32 `match`
/// selector, after its kind and field, tc counts the words instead: `Illegal "match"`, exit 1.
#[test]
fn missing_values_exit_as_tcs_next_arg() {
    let ns = fresh("tc qdisc add dev v0 root handle 1: htb\ntc qdisc add dev v1 clsact");
    let lines = [
        "qdisc add dev v1 root htb r2q",
        "class add dev v0 parent 1: classid 1:1 htb rate",
        "qdisc add dev v1 root tbf burst",
        "qdisc add dev v1 root fq_codel limit",
        "filter add dev v1 ingress protocol ip flower dst_ip",
        "filter add dev v1 ingress protocol ip flower vlan_id",
        "filter add dev v1 ingress flower ct_zone",
        "filter add dev v1 ingress basic action",
        "filter add dev v1 ingress matchall action",
        "filter add dev v1 ingress cgroup action",
        "filter add dev v0 parent 1: u32 match",
        "filter add dev v0 parent 1: u32 match ip",
        "filter add dev v0 parent 1: u32 match ip dst",
        "filter add dev v0 parent 1: u32 match u32 1",
        "filter add dev v0 parent 1: u32 match u32 1 2 at",
        "filter add dev v0 parent 1: u32 offset plus",
        "actions add action police rate",
        "actions add action skbedit mark",
        "actions add action tunnel_key set id",
        "actions add action mirred egress redirect dev",
    ];
    for line in lines {
        let args: Vec<&str> = line.split_whitespace().collect();
        let t = run(Tool::Tc, &ns, &args);
        let n = traced(Tool::Nlctl, &ns, &args);
        let code = t.status.code().unwrap_or_default();
        assert!(code == 255 || code == 1, "{line}: tc exits {code}");
        assert_eq!(n.status, code, "{line}: {}", n.stderr);
        let message = first_err_line(&t);
        assert!(
            n.stderr.contains(&message),
            "{line}: {:?} / {message:?}",
            n.stderr
        );
        assert!(n.requests.is_empty(), "{line}: sent {:?}", n.requests);
    }
}

#[test]
fn help_prints_usage_and_succeeds_as_tc() {
    let ns = fresh("");
    for obj in ["qdisc", "class", "filter", "chain"] {
        let t = run(Tool::Tc, &ns, &[obj, "help"]);
        let n = run(Tool::Nlctl, &ns, &[obj, "help"]);
        assert_eq!(n.status.code(), t.status.code(), "{obj}");
        assert!(
            first_err_line(&n).starts_with(&format!("Usage: nlctl {obj}")),
            "{obj}"
        );
    }
}

#[test]
fn a_batch_runs_tc_lines_too() {
    let (a, b) = (fresh(""), fresh(""));
    let lines = "qdisc add dev v0 root handle 1: htb default 10\nclass add dev v0 parent 1: classid 1:10 htb rate 2mbit\nqdisc add dev v0 parent 1:10 pfifo limit 9\n";
    for (tool, ns) in [(Tool::Tc, &a), (Tool::Nlctl, &b)] {
        let mut child = std::process::Command::new(tool.program())
            .args(["-n", ns.name(), "-batch", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), lines.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(state(&b), state(&a));
}

#[test]
fn actions_add_and_del_send_what_tc_sends() {
    let mirred = "tc actions add action mirred egress redirect dev v1 index 7";
    let scenarios: &[(&str, &str)] = &[
        (
            "",
            "actions add action mirred egress redirect dev v1 index 7",
        ),
        (
            "",
            "actions add action mirred ingress mirror dev v1 index 8 cookie 0a0b",
        ),
        ("", "actions add mirred egr mirr dev v1 reclassify index 9"),
        (
            "",
            "actions add action mirred egress redirect index 4 dev v1",
        ),
        // The kernel has no gact: tc's bytes, and the kernel's refusal, the same.
        ("", "actions add action gact drop index 5"),
        ("", "actions add action pass"),
        ("", "actions add action gact goto chain 6 index 6"),
        ("", "actions add action gact jump 2 cookie 0102030405060708"),
        (
            "",
            "actions add action gact drop index 42 action mirred egress mirror dev v1 index 43",
        ),
        (mirred, "actions del action mirred index 7"),
        ("", "actions del action mirred index 7"),
    ];
    for (before, line) in scenarios {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(before, &args, false);
    }
    // What nlctl added, tc lists as it lists what tc added.
    let (a, b) = (fresh(""), fresh(""));
    let line = "actions add action mirred ingress mirror dev v1 index 8 cookie 0a0b";
    let args: Vec<&str> = line.split_whitespace().collect();
    tc(&a, &args);
    assert!(run(Tool::Nlctl, &b, &args).status.success());
    let ls = ["-j", "actions", "ls", "action", "mirred"];
    assert_eq!(tc(&b, &ls), tc(&a, &ls));
}

#[test]
fn bad_action_words_send_nothing() {
    let ns = fresh("");
    for line in [
        "actions add action mirred sideways redirect dev v1",
        "actions add action mirred egress redirect",
        "actions add action gact drop index x",
        "actions add action gact goto 6",
        "actions add action gact drop cookie 123",
        "actions add action gact drop cookie 000102030405060708090a0b0c0d0e0f10",
        "actions add action frobnicate",
        "actions add action police rate 1mbit burst 10k avrate 1mbit",
        "actions add action simple sdata hello",
        "actions add action skbedit ptype elsewhere",
        "actions add action vlan push",
        "actions add action pedit munge eth dst set 02:00:00:00:00:01",
        "actions add action bpf object-file prog.o",
        "actions add action tunnel_key set vxlan_opts 1",
        "actions add action mpls pop",
        "actions add action gate priority 1",
        "actions del action mirred",
        "filter add dev v0 ingress matchall action pass flowid 1:2",
        "filter add dev v0 ingress matchall skip_hw skip_sw action drop",
        "filter add dev v0 ingress matchall action police rate 1mbit",
        "filter add dev v0 ingress matchall what",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let n = tc_support::traced(Tool::Nlctl, &ns, &args);
        assert_ne!(n.status, 0, "{line}");
        assert!(n.requests.is_empty(), "{line}: sent {:?}", n.requests);
    }
}

#[test]
fn matchall_filters_with_actions_send_what_tc_sends() {
    // This kernel has no classifier: tc's bytes and the kernel's refusal, the same.
    let clsact = "tc qdisc add dev v0 clsact";
    let lines = [
        "filter add dev v0 ingress prio 11 matchall skip_sw action gact drop",
        "filter add dev v0 ingress chain 5 prio 11 matchall action goto chain 6",
        "filter add dev v0 ingress matchall action mirred egress redirect dev v1",
        "filter add dev v0 egress protocol ip pref 3 matchall classid 1:1 action drop action mirred egress mirror dev v1 cookie 0a0b",
        "filter add dev v0 ingress pref 4 matchall flowid 1:2 action pass",
        "filter add dev v0 ingress pref 4 matchall flowid 1:2 skip_hw",
        "filter add dev v0 ingress pref 4 matchall classid 1:2 skip_hw",
        "filter add dev v0 ingress pref 4 matchall classid 1:2 skip_hw action drop",
        "filter add dev v0 ingress pref 4 matchall skip_sw classid 1:2",
        "filter replace dev v0 ingress matchall action pass",
        "filter change dev v0 ingress pref 1 matchall action pass",
        "filter add dev v0 ingress handle 5 matchall action pass",
        "filter add block 21 prio 1 protocol all matchall action drop",
    ];
    for line in lines {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(clsact, &args, true);
    }
}

#[test]
fn actions_ls_prints_what_tc_prints() {
    let before = "tc actions add action mirred egress redirect dev v1 index 7 cookie 0a0b\n\
                  tc actions add action mirred ingress mirror dev v1 reclassify index 8\n\
                  tc actions add action mirred egress mirror dev v0 index 9";
    let ns = fresh(before);
    for args in [
        &["actions", "ls", "action", "mirred"][..],
        &["actions", "show", "action", "mirred"],
        &["-j", "actions", "list", "action", "mirred"],
        &["-j", "-p", "actions", "ls", "action", "mirred"],
    ] {
        same_stdout(&ns, args, str::to_owned);
    }
    // With no action of the kind: the count alone.
    let empty = fresh("");
    let args = ["actions", "ls", "action", "mirred"];
    assert_eq!(
        stdout(&run(Tool::Nlctl, &empty, &args)),
        stdout(&run(Tool::Tc, &empty, &args))
    );
}

/// Action lines of every kind but gact and mirred: this kernel has none of them, so the
/// bytes tc sends are the oracle (the kernel refuses both the same way).
const ACTION_LINES: &[&str] = &[
    "actions add action police rate 1mbit burst 10k mtu 2k peakrate 2mbit conform-exceed drop/ok index 9",
    "actions add action police rate 50gbit burst 10m peakrate 60gbit mtu 64k conform-exceed drop/pipe index 10",
    "actions add action police pkts_rate 1000 pkts_burst 100 conform-exceed drop index 11",
    "actions add action police rate 1mbit burst 10k",
    "actions add action police rate 2mbit burst 20k drop",
    "actions add action police rate 1mbit burst 10k overhead 14 linklayer atm mpu 64 continue",
    "actions add action police rate 1mbit burst 10k index 3 pipe",
    "actions add action skbedit priority 1:10 queue_mapping 3 mark 0x10/0xff ptype host index 12",
    "actions add action skbedit inheritdsfield index 13",
    "actions add action skbedit mark 7 pass",
    "actions add action vlan push id 100 protocol 802.1ad priority 3 index 14",
    "actions add action vlan push id 100",
    "actions add action vlan pop index 15",
    "actions add action vlan modify id 200 index 16",
    "actions add action vlan push_eth dst_mac 02:00:00:00:00:09 src_mac 02:00:00:00:00:0a index 17",
    "actions add action vlan pop_eth",
    "actions add action pedit munge offset 12 u32 set 0x01020304 munge offset 16 u16 set 0x0506 retain 0xffff index 18",
    "actions add action pedit munge ip dst set 192.0.2.1",
    "actions add action pedit munge ip ttl set 10 pipe",
    "actions add action pedit ex munge ip ttl add 255 munge tcp dport set 8080 index 19",
    "actions add action pedit ex munge udp sport set 53",
    "actions add action csum iph and tcp and udp index 20",
    "actions add action csum udp",
    "actions add action nat ingress 192.0.2.0/24 198.51.100.0 index 21",
    "actions add action nat egress 198.51.100.1 192.0.2.1 index 22",
    "actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 42 dst_port 6081 geneve_opts 0102:80:00112233 tos 0x10 ttl 64 nocsum index 23",
    "actions add action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 id 7",
    "actions add action tunnel_key unset index 26",
    "actions add action sample rate 100 group 5 trunc 128 index 27",
    "actions add action sample rate 10 group 1",
    "actions add action ct commit zone 5 mark 0x1/0xff label 01/ff nat src addr 192.0.2.1-192.0.2.10 port 1000-2000 index 28",
    "actions add action ct commit nat dst addr 2001:db8::1 index 29",
    "actions add action ct clear index 30",
    "actions add action ct zone 2",
    "actions add action ct",
    "actions add action connmark zone 3 index 31",
    "actions add action connmark",
    "actions add action ctinfo dscp 0xfc000000 0x01000000 cpmark 0xff zone 2 index 32",
    "actions add action ctinfo cpmark",
    "actions add action mpls push protocol mpls_uc label 100 tc 3 ttl 64 bos 1 index 33",
    "actions add action mpls push label 20",
    "actions add action mpls pop protocol ipv4 index 34",
    "actions add action mpls modify label 200 ttl 10 index 35",
    "actions add action mpls dec_ttl index 36",
    "actions add action bpf bytecode 1,6+0+0+0 index 37",
    "actions add action skbmod set dmac 02:00:00:00:00:01 set smac 02:00:00:00:00:02 set etype 0x0800 index 38",
    "actions add action skbmod swap mac index 39",
    "actions add action gate priority 1 base-time 1000000000 cycle-time 300000000 cycle-time-ext 1000 clockid CLOCK_TAI sched-entry open 200000000 -1 8000000 sched-entry close 100000000 -1 -1 index 40",
    "actions add action gate sched-entry open 1000000",
    "actions add action skbedit mark 1 goto chain 4 index 5 cookie 0a0b",
    "actions add action vlan pop jump 1 action csum tcp",
];

#[test]
fn every_action_kind_sends_what_tc_sends() {
    for line in ACTION_LINES {
        // The bytecode is one word with spaces, as the shell would give it: `+` stands for
        // them in the table.
        let words: Vec<String> = line.split(' ').map(|w| w.replace('+', " ")).collect();
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        same_as_tc("", &args, false);
    }
}

#[test]
fn actions_replace_change_get_and_flush_send_what_tc_sends() {
    let mirred = "tc actions add action mirred egress redirect dev v1 index 7";
    for (before, line) in [
        (
            "",
            "actions replace action mirred egress mirror dev v1 index 7",
        ),
        (
            mirred,
            "actions replace action mirred egress mirror dev v1 index 7",
        ),
        (
            mirred,
            "actions change action mirred ingress mirror dev v1 index 7",
        ),
        (
            "",
            "actions change action mirred ingress mirror dev v1 index 7",
        ),
        (
            "",
            "actions replace action police rate 1mbit burst 10k index 2",
        ),
        (mirred, "actions flush action mirred"),
        ("", "actions flush action gact"),
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(before, &args, false);
    }
    // `get`: tc asks without NLM_F_ACK; the library asks every request with it (its engine
    // matches the end of each request by the acknowledgement), which `traced` allows.
    for before in [mirred, ""] {
        same_as_tc(
            before,
            &["actions", "get", "action", "mirred", "index", "7"],
            false,
        );
    }
}

/// Runs `args` with both tools in `ns`: nlctl succeeds and prints what tc prints, both
/// outputs passed through `mask`.
fn same_stdout(ns: &netlink_testns::TestNs, args: &[&str], mask: fn(&str) -> String) {
    // tc prints an action's times only when they are not 0 ticks (10 ms): an action installed
    // or used within the last tick would show them to one tool and not the other.
    std::thread::sleep(std::time::Duration::from_millis(30));
    let t = run(Tool::Tc, ns, args);
    let n = run(Tool::Nlctl, ns, args);
    assert!(
        n.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&n.stderr)
    );
    assert_eq!(mask(&stdout(&n)), mask(&stdout(&t)), "{args:?}");
}

/// `tc -s`'s seconds since an action was installed or used tick between the two tools:
/// masked.
fn mask_seconds(text: &str) -> String {
    let mut out = Vec::new();
    let mut words = text.split(' ').peekable();
    while let Some(w) = words.next() {
        out.push(w.to_owned());
        if matches!(w, "installed" | "used" | "firstused")
            && let Some(n) = words.next()
        {
            out.push(if n.parse::<u64>().is_ok() {
                "N".into()
            } else {
                n.to_owned()
            });
        }
    }
    let mut s = out.join(" ");
    for key in ["installed", "last_used", "first_used"] {
        let pat = format!("\"{key}\":");
        let mut from = 0;
        while let Some(i) = s[from..].find(&pat) {
            let start = from + i + pat.len();
            let end = start + s[start..].find([',', '}']).unwrap_or(0);
            s.replace_range(start..end, "0");
            from = start;
        }
    }
    s
}

#[test]
fn actions_get_and_stats_print_what_tc_prints() {
    let before = "tc actions add action mirred egress redirect dev v1 index 7 cookie 0a0b\n\
                  tc actions add action mirred ingress mirror dev v1 reclassify index 8";
    let ns = fresh(before);
    for args in [
        &["actions", "get", "action", "mirred", "index", "7"][..],
        &["-j", "actions", "get", "action", "mirred", "index", "8"],
        &["-s", "actions", "get", "action", "mirred", "index", "7"],
        &["-s", "actions", "ls", "action", "mirred"],
        &["-s", "-j", "actions", "ls", "action", "mirred"],
        &[
            "-s", "-j", "-p", "actions", "get", "action", "mirred", "index", "8",
        ],
        &["-o", "actions", "ls", "action", "mirred"],
        &["-s", "-o", "actions", "ls", "action", "mirred"],
    ] {
        same_stdout(&ns, args, mask_seconds);
    }
    // A missing index and a kind the kernel lacks: the kernel's error on stderr, nothing on
    // stdout, tc's exit status (255).
    for args in [
        ["actions", "get", "action", "mirred", "index", "9"],
        ["actions", "get", "action", "gact", "index", "7"],
    ] {
        let (ours, theirs) = (run(Tool::Nlctl, &ns, &args), run(Tool::Tc, &ns, &args));
        assert_eq!(ours.status.code(), Some(255), "{args:?}");
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert!(ours.stdout.is_empty(), "{args:?}");
        let first = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert!(first(&theirs).starts_with("Error: "), "{}", first(&theirs));
        let message = first(&theirs)["Error: ".len()..]
            .trim_end_matches('.')
            .to_owned();
        assert!(
            first(&ours).contains(&message),
            "{} / {message}",
            first(&ours)
        );
    }
}

#[test]
fn classifier_words_send_what_tc_sends() {
    // This kernel has no classifier: tc's bytes and the kernel's refusal, the same, for u32,
    // flower, basic, cgroup, fw, route, flow and bpf.
    let htb = "tc qdisc add dev v0 root handle 1: htb";
    let clsact = "tc qdisc add dev v0 clsact";
    let lines = [
        (
            htb,
            "filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.1/32 match ip sport 80 0xffff match ip protocol 6 0xff flowid 1:10",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 5 protocol ip u32 ht 800:: match ip dst 192.0.2.0/24 hashkey mask 0x000000ff at 16 link 2:",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 5 handle 2:7:1 protocol ip u32 ht 2:7: match ip src 198.51.100.7/32 flowid 1:10",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match ip protocol 6 0xff offset at 0 mask 0x0f00 shift 6 eat match tcp dst 22 0xffff flowid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match ip sport 80 0xffff match ip dport 22 0xffff match ip tos 0x10 0xff classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match u32 0x0a000000 0xff000000 at 12 match u16 0x0800 0xffff at nexthdr+2 match u8 6 0xff at 9 offset plus 4 classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ipv6 u32 match ip6 dst 2001:db8::/48 match ip6 dport 53 0xffff classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match ip nofrag match ip dst 192.0.2.0/24 classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match ip firstfrag classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match ip df match ip mf classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ipv6 u32 match ip6 priority 0x10 0xff match ip6 flowlabel 0x12345 0xfffff classid 1:1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match icmp type 8 0xff match icmp code 0 0xff match udp dst 53 0xffff flowid 1:2",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 7 protocol ip u32 match icmp type 8 0xff match udp src 53 0xffff flowid 1:2",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 8 u32 match mark 0x10 0xff indev v1 skip_hw classid 1:2 action mirred egress redirect dev v1",
        ),
        (
            htb,
            "filter del dev v0 parent 1: prio 5 handle 2: protocol ip u32",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol 802.1ad prio 1 flower dst_mac 02:00:00:00:00:01/ff:ff:ff:00:00:00 src_mac 02:00:00:00:00:02 vlan_id 100 vlan_prio 3 vlan_ethtype 802.1q cvlan_id 200 cvlan_prio 5 cvlan_ethtype ipv4 skip_hw classid 1:1",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 2 flower ip_proto tcp src_ip 192.0.2.0/24 dst_ip 198.51.100.1 src_port 1000-2000 dst_port 80 tcp_flags 0x02/0x12 ip_tos 0x10/0xfc ip_ttl 64/0xff ip_flags frag/firstfrag action drop",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ipv6 prio 3 flower ip_proto icmpv6 src_ip 2001:db8::1/64 dst_ip 2001:db8::2 type 128 code 0 action pass",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 3 flower ip_proto icmp type 8 code 0 action ok",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 3 flower ip_proto sctp src_port 5000 dst_port 6000-6010 action continue",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 3 flower ip_proto udp dst_port 53 ct_state +trk+est-new ct_zone 5 ct_mark 0x10/0xff action drop",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol arp prio 4 flower arp_op request arp_sip 192.0.2.1 arp_tip 192.0.2.0/24 arp_sha 02:00:00:00:00:01 arp_tha 02:00:00:00:00:00/ff:ff:ff:00:00:00 action pass",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 6 flower enc_key_id 42 enc_src_ip 192.0.2.1 enc_dst_ip 192.0.2.2 enc_dst_port 6081 enc_tos 0x10/0xff enc_ttl 64 action drop",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ipv6 prio 6 flower enc_src_ip 2001:db8::1 enc_dst_ip 2001:db8::2 enc_dst_port 4789 action pass",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol mpls_uc prio 7 flower mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64 action pass",
        ),
        (
            clsact,
            "filter add dev v0 ingress protocol ip prio 9 handle 9 flower indev v1 ip_proto udp dst_port 4789 skip_sw classid 1:3 action mirred egress redirect dev v1",
        ),
        (
            clsact,
            "filter add dev v0 ingress prio 9 flower src_mac 02:00:00:00:00:00/24 action drop",
        ),
        (clsact, "filter add dev v0 ingress prio 9 flower"),
        (
            htb,
            "filter add dev v0 parent 1: prio 12 basic classid 1:10 action drop",
        ),
        (
            htb,
            "filter add dev v0 parent 1: protocol ip prio 15 handle 6/0xff fw classid 1:6 indev v1",
        ),
        (
            htb,
            "filter add dev v0 parent 1: protocol ip prio 15 handle 7 fw classid 1:7 action drop",
        ),
        (
            htb,
            "filter add dev v0 parent 1: protocol ip prio 16 route to 10 from 3 classid 1:10",
        ),
        (
            htb,
            "filter add dev v0 parent 1: protocol ip prio 16 route fromif v1 to 5 classid 1:5",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 17 handle 1: cgroup action drop",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 18 handle 3 protocol ip flow hash keys src,dst,proto,proto-src,proto-dst divisor 1024 perturb 10 baseclass 1:10",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 19 handle 4 protocol ip flow map key mark and 0xff xor 0x1 rshift 2 addend 0x10 baseclass 1:1 divisor 8",
        ),
        (
            htb,
            "filter add dev v0 parent 1: prio 19 handle 5 protocol ip flow map key dst or 0x10 divisor 16",
        ),
        (
            clsact,
            "filter add dev v0 ingress prio 13 bpf bytecode '4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0' classid 1:1 action mirred egress redirect dev v1",
        ),
        (
            clsact,
            "filter add dev v0 ingress prio 13 bpf bc 1,6 0 0 0 da skip_sw",
        ),
        (
            clsact,
            "filter replace dev v0 ingress prio 3 protocol ip flower ip_proto tcp dst_port 22 action drop",
        ),
        (
            clsact,
            "filter change dev v0 ingress prio 3 handle 1 protocol ip flower ip_proto tcp dst_port 22 action drop",
        ),
    ];
    // Changes of a u32 filter this kernel has: the state after each is compared too.
    let with_u32 = "tc qdisc add dev v0 root handle 1: htb\n\
         tc filter add dev v0 parent 1: prio 5 protocol ip u32 match ip dst 192.0.2.1/32 flowid 1:10";
    let lines = lines.into_iter().chain([
        (with_u32, "filter replace dev v0 parent 1: prio 5 handle 800::800 protocol ip u32 match ip dst 192.0.2.9/32 flowid 1:20"),
        (with_u32, "filter change dev v0 parent 1: prio 5 handle 800::800 protocol ip u32 match ip dst 192.0.2.9/32 classid 1:30"),
        (with_u32, "filter delete dev v0 parent 1: prio 5 handle 800::800 protocol ip u32"),
        (with_u32, "filter delete dev v0 parent 1: prio 5"),
        (with_u32, "filter add dev v0 parent 1: prio 5 handle 800::801 protocol ip u32 match ip dst 192.0.2.2/32 flowid 1:10"),
    ]);
    for (before, line) in lines {
        let args = shell_words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        same_as_tc(before, &args, true);
    }
}

#[test]
fn flower_masks_pppoe_labels_mpls_and_tunnel_words_send_what_tc_sends() {
    // Port masks (a port alone is decimal and has no mask; `PORT/MASK` is C notation and
    // sends both), ICMP masks (decimal), the VLAN count, PPPoE, verbose, conntrack labels
    // (hexadecimal pairs, a full 16-byte mask when none is given), the MPLS label stack,
    // Geneve, VXLAN, ERSPAN and GTP options with their masks (GTP's fields are sent only when
    // given; a third field is ignored; beyond 0xff is refused).
    let clsact = "tc qdisc add dev v0 clsact";
    for line in [
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto tcp src_port 80/0xfff0 dst_port 0x50/0xffff action drop",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto udp dst_port 010/0 src_port 53",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto sctp dst_port 9/8 src_port 010",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto tcp src_port 0x50",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto tcp src_port 80/0x1ffff",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto icmp type 8/15 code 1/3",
        "filter add dev v0 ingress protocol ipv6 prio 3 flower ip_proto icmpv6 type 128/240 code 0",
        "filter add dev v0 ingress protocol ip prio 3 flower ip_proto icmp type 8/0xf0",
        "filter add dev v0 ingress protocol 802.1q prio 3 flower num_of_vlans 2 vlan_id 5",
        "filter add dev v0 ingress protocol ppp_ses prio 3 flower pppoe_sid 300 ppp_proto ip src_ip 192.0.2.1",
        "filter add dev v0 ingress protocol ppp_ses prio 3 flower ppp_proto ipv6 dst_ip 2001:db8::1",
        "filter add dev v0 ingress protocol ppp_ses prio 3 flower ppp_proto lcp",
        "filter add dev v0 ingress protocol ppp_ses prio 3 flower ppp_proto 0x1234 verbose",
        "filter add dev v0 ingress protocol ppp_ses prio 3 flower pppoe_sid 0x10",
        "filter add dev v0 ingress protocol ip prio 3 flower ppp_proto ip",
        "filter add dev v0 ingress protocol ip prio 3 flower verbose skip_hw ip_proto tcp",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 01/ff",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_state +trk ct_label 0102",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 12345678901234567890123456789012/ffff",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 1/f",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 0102/ff00f",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 123456789012345678901234567890123",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 0g",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth 1 label 100 tc 3 lse depth 2 bos 1 ttl 64 action pass",
        "filter add dev v0 ingress protocol mpls_mc prio 3 flower mpls lse ttl 2 depth 1 depth 2 lse depth 1 mpls lse depth 3",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls action drop",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse label 100",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth 0",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth 1 label 0x10",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth 1 bos 2",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls lse depth 1 mpls_label 5",
        "filter add dev v0 ingress protocol mpls_uc prio 3 flower mpls_ttl 5 mpls lse depth 1",
        "filter add dev v0 ingress protocol ip prio 3 flower mpls lse depth 1",
        "filter add dev v0 ingress protocol ip prio 3 flower enc_dst_port 6081 geneve_opts 0102:80:00112233/ffff:ff:ffffffff action drop",
        "filter add dev v0 ingress protocol ip prio 3 flower geneve_opts 0102:80:00112233,0304:01:aabb/ffff:ff:ffff",
        "filter add dev v0 ingress protocol ip prio 3 flower geneve_opts 102:80:0011",
        "filter add dev v0 ingress protocol ip prio 3 flower geneve_opts 0102:80:001",
        "filter add dev v0 ingress protocol ip prio 3 flower geneve_opts 0102:180:00",
        "filter add dev v0 ingress protocol ip prio 3 flower geneve_opts 0102:80:0g",
        "filter add dev v0 ingress protocol ip prio 3 flower vxlan_opts 0x800001/010",
        "filter add dev v0 ingress protocol ip prio 3 flower vxlan_opts 10",
        "filter add dev v0 ingress protocol ip prio 3 flower erspan_opts 1:12:0:0/0xff:0xffffffff:0:0",
        "filter add dev v0 ingress protocol ip prio 3 flower erspan_opts 1:12:0:0",
        "filter add dev v0 ingress protocol ip prio 3 flower erspan_opts 2:0:1:7",
        "filter add dev v0 ingress protocol ip prio 3 flower erspan_opts 2:0:1:7:9",
        "filter add dev v0 ingress protocol ip prio 3 flower erspan_opts 1:5:0:0/ff",
        "filter add dev v0 ingress protocol ip prio 3 flower ct_label 01/0102030405060708091011121314151617",
        "filter add dev v0 ingress protocol ip prio 3 flower enc_key_id 11 gtp_opts 1:8/ff:ff action drop",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts 10:20/f:3f",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts 0x1:",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts :8/:3f",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts 1:2:3",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts 100:1",
        "filter add dev v0 ingress protocol ip prio 3 flower gtp_opts x:1",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(clsact, &args, false);
    }
}

#[test]
fn classifier_words_nlctl_lacks_are_refused_by_name() {
    // Nothing is sent; the error names the word.
    let clsact = "tc qdisc add dev v0 clsact";
    let ns = tc_support::fresh(clsact);
    for (line, word) in [
        (
            "filter add dev v0 ingress prio 1 protocol ip u32 match ip src 192.0.2.0/24 police rate 1mbit burst 10k drop",
            "police",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip u32 match ether dst 02:00:00:00:00:01",
            "match ether",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip flower erspan_opts 1:5",
            "erspan_opts",
        ),
        (
            "filter add dev v0 ingress prio 1 basic match 'text(kmp from 0 to 10 foo)' classid 1:1",
            "text",
        ),
        (
            "filter add dev v0 ingress prio 1 bpf obj prog.o sec classifier",
            "obj",
        ),
        (
            "filter add dev v0 ingress prio 1 bpf pinned /sys/fs/bpf/x",
            "pinned",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip flower classid 1:1 ip_proto tcp",
            "ip_proto",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip u32 classid 1:1 divisor 4",
            "divisor",
        ),
        (
            "filter add dev v0 ingress prio 1 route classid 1:1 to 3",
            "to",
        ),
        (
            "filter add dev v0 ingress prio 1 rsvp session 192.0.2.1 ipproto tcp",
            "rsvp",
        ),
    ] {
        let args = shell_words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let n = tc_support::traced(Tool::Nlctl, &ns, &args);
        assert_eq!(n.status, 255, "{line}: {}", n.stderr);
        assert!(n.requests.is_empty(), "{line}: sent {:?}", n.requests);
        assert!(n.stderr.contains(word), "{line}: {}", n.stderr);
    }
    // Words no classifier has fail as tc's do, with its status.
    for (line, word) in [
        (
            "filter add dev v0 ingress prio 1 protocol ip u32 bogus",
            "bogus",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip flower bogus 1",
            "bogus",
        ),
        // tc 6.1 has no such key.
        (
            "filter add dev v0 ingress prio 1 protocol ip flower enc_src_port 1",
            "enc_src_port",
        ),
        ("filter add dev v0 ingress prio 1 fw bogus", "bogus"),
        (
            "filter add dev v0 ingress prio 1 flow hash keys src bogus",
            "bogus",
        ),
        (
            "filter add dev v0 ingress prio 1 protocol ip u32 match ip src 192.0.2.0/33",
            "192.0.2.0/33",
        ),
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let n = tc_support::traced(Tool::Nlctl, &ns, &args);
        let t = tc_support::traced(Tool::Tc, &ns, &args);
        assert_eq!(n.status, t.status, "{line}: {} / {}", n.stderr, t.stderr);
        assert!(n.requests.is_empty(), "{line}");
        assert!(n.stderr.contains(word), "{line}: {}", n.stderr);
    }
}

#[test]
fn extended_matches_send_what_tc_sends() {
    // Each kind tc 6.1 writes (cmp, nbyte, u32, meta), negation, AND/OR and groups, nested
    // groups in tc's list order, the expression split over words, basic and cgroup. One
    // quoted string per line: tc 6.1 reuses its lexer's buffer, so a second quoted string
    // overwrites the first one's bytes.
    let clsact = "tc qdisc add dev v0 clsact";
    for line in [
        "filter add dev v0 ingress prio 1 basic match 'cmp(u16 at 12 layer link mask 0xffff eq 0x800)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 3 layer 2 mask 0xf0 gt 20 trans)' classid 1:1 action drop",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u32 at 3 layer transport lt 0x10)' action drop",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 3 eq 300) AND cmp(u16 at 010 trans eq 0x1ffffffff)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'nbyte(abc at 12)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'nbyte(\"a\\x00\\n\\101\" at 12 layer network)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'nbyte(abcde at 0x10 layer 0)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u16 0x1122 0xffff at nexthdr+4)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u16 0x1122 0xff at 4) or u32(u16 0x1122 0xffff at 5)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u8 0x11 0xff at 7) and u32(u32 0x11223344 0xffff0000 at 8)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u16 0x11 0xff at nexthdr+-3) or u32(u8 1 1 at nexthdr+ 6)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(nf_mark gt 5)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(tc_index mask 0xf0 eq 0xf0)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(fwmark shift 3 lt 0x10) and meta(vlan eq 5)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(5 eq priority mask 7) or meta(sk_rcvbuf shift 1 mask 2 gt random)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(dev eq \"v1\")' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u16 at 12 layer link mask 0xffff eq 0x800) and not (u32(u16 0x1122 0xffff at nexthdr+4) or nbyte(ab at 3 layer 1)) or meta(dev eq \"lo\")' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match '(cmp(u8 at 1 eq 1) or (cmp(u8 at 2 eq 2) and not (cmp(u8 at 3 eq 3)))) and (meta(pkt_len gt 100) or not cmp(u8 at 4 eq 4))' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match cmp '(u8' at 1 eq '1)' and 'meta(nf_mark' eq '1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1) and not cmp(u8 at 2 eq 2)' action drop",
        "filter add dev v0 ingress prio 1 cgroup match 'meta(nf_mark eq 1)' action drop",
        "filter add dev v0 ingress prio 1 handle 1 cgroup match 'not u32(u32 1 1 at 0)' action pass",
        "filter add dev v0 ingress prio 1 handle 2 protocol ip flow hash keys src,dst divisor 16 perturb 3 match 'cmp(u8 at 9 eq 6)' action drop",
        "filter add dev v0 ingress prio 1 handle 3 protocol ip flow map key mark and 0xff rshift 2 baseclass 1:1 divisor 8 match 'meta(nf_mark gt 1) or cmp(u8 at 1 eq 1)' action pass",
    ] {
        let args = shell_words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        same_as_tc(clsact, &args, false);
    }
}

#[test]
fn bad_extended_matches_fail_as_tc_fails_and_send_nothing() {
    // nlctl's message is tc's first line; the status is tc's.
    let ns = tc_support::fresh("tc qdisc add dev v0 clsact");
    for line in [
        "filter add dev v0 ingress prio 1 basic match 'cmp(u16 at 12)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u16 at 12 eq 1)'",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1) and' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1) and'",
        "filter add dev v0 ingress prio 1 basic match '(cmp(u8 at 1 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1))' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1)classid' 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 eq 1) && cmp(u8 at 2 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match '! cmp(u8 at 1 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'CMP(u8 at 1 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u64 at 1 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at x eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 layer 3 eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'cmp(u8 at 1 bogus eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'nbyte(abc)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'nbyte(\"\" at 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u8 0x1ff 0xff at 5)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u16 1 0x1ffff at 4)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u32 1 1 at 9)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u32 1 1 at 8 x)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'u32(u32 1 1 on 8)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(mark eq 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(nf_mark 1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(nf_mark eq)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(nf_mark eq 1 2)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'meta(help)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match 'foo(1)' classid 1:1",
        "filter add dev v0 ingress prio 1 basic match",
    ] {
        let args = shell_words(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let n = tc_support::traced(Tool::Nlctl, &ns, &args);
        let t = tc_support::traced(Tool::Tc, &ns, &args);
        assert!(n.requests.is_empty(), "{line}: nlctl sent {:?}", n.requests);
        assert!(t.requests.is_empty(), "{line}: tc sent {:?}", t.requests);
        assert_eq!(n.status, t.status, "{line}: {} / {}", n.stderr, t.stderr);
        let first = t.stderr.lines().next().unwrap_or_default();
        assert!(n.stderr.contains(first), "{line}: {} / {first}", n.stderr);
    }
}

/// Splits a command line as a shell does, single quotes kept together.
fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn u32_and_bpf_filters_show_what_tc_shows() {
    // This kernel has cls_u32, cls_bpf and act_mirred: filters tc added, shown by both tools.
    let ns = fresh(
        "tc qdisc add dev v0 root handle 1: htb
         tc qdisc add dev v1 clsact
         tc filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256
         tc filter add dev v0 parent 1: prio 5 protocol ip u32 ht 800:: match ip dst 192.0.2.0/24 hashkey mask 0x000000ff at 16 link 2:
         tc filter add dev v0 parent 1: prio 5 protocol ip u32 ht 2: sample ip dst 192.0.2.77/32 match ip dst 192.0.2.77/32 flowid 1:10
         tc filter add dev v0 parent 1: prio 6 protocol ip u32 match ip sport 80 0xffff match ip dport 22 0xffff indev v1 skip_hw classid 1:2
         tc filter add dev v1 ingress prio 3 protocol ip u32 match ip src 198.51.100.0/24 action mirred egress redirect dev v0",
    );
    tc(
        &ns,
        &[
            "filter",
            "add",
            "dev",
            "v1",
            "egress",
            "prio",
            "4",
            "bpf",
            "bc",
            "1,6 0 0 0",
            "classid",
            "1:1",
            "action",
            "mirred",
            "egress",
            "mirror",
            "dev",
            "v0",
        ],
    );
    tc(
        &ns,
        &[
            "filter",
            "add",
            "dev",
            "v1",
            "ingress",
            "prio",
            "4",
            "bpf",
            "bc",
            "4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0",
            "da",
            "skip_hw",
        ],
    );
    // A variable offset: tc's -j of it does not parse, so it is compared as text only.
    tc(
        &ns,
        &[
            "filter", "add", "dev", "v0", "parent", "1:", "prio", "7", "protocol", "ip", "u32",
            "match", "ip", "protocol", "6", "0xff", "offset", "at", "0", "mask", "0x0f00", "shift",
            "6", "eat", "match", "tcp", "dst", "22", "0xffff", "flowid", "1:1",
        ],
    );
    for show in [
        "filter show dev v0 parent 1:",
        "filter show dev v1 ingress",
        "filter show dev v1 egress",
        "-d filter show dev v1 ingress",
        "filter show",
        "-j filter show dev v0 parent 1: pref 5",
        "-j filter show dev v0 parent 1: pref 6",
        "-j filter show dev v1 ingress",
        "-j -p filter show dev v1 egress",
        "-o filter show dev v1 egress",
    ] {
        let args: Vec<&str> = show.split_whitespace().collect();
        same_output(&ns, &args);
    }
    // With -s, the actions' times and statistics under each filter; traffic first, so that
    // the counters are not all zero (this kernel has act_mirred, not act_gact).
    let filter = "filter add dev v1 egress prio 9 protocol ip u32 match ip dst 203.0.113.0/24 \
                  action mirred egress mirror dev v0 action mirred egress mirror dev lo pipe";
    tc(&ns, &filter.split_whitespace().collect::<Vec<_>>());
    ns.ip(&["address", "add", "203.0.113.1/24", "dev", "v1"]);
    ns.ip(&["link", "set", "v1", "up"]);
    ns.ip(&["link", "set", "v0", "up"]);
    // Five datagrams out of v1 (this machine has no ping), to a neighbour that needs no ARP.
    ns.ip(&[
        "neigh",
        "add",
        "203.0.113.2",
        "lladdr",
        "02:00:00:00:00:02",
        "dev",
        "v1",
    ]);
    let send = std::process::Command::new("ip")
        .args(["netns", "exec", ns.name(), "python3", "-c"])
        .arg(
            "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
             for _ in range(5): s.sendto(b'x', ('203.0.113.2', 9))",
        )
        .output()
        .expect("python3");
    assert!(
        send.status.success(),
        "{}",
        String::from_utf8_lossy(&send.stderr)
    );
    for show in [
        "-s filter show dev v1 egress",
        "-s filter show dev v1 ingress",
        "-s -j filter show dev v1 egress",
        "-s -o filter show dev v1 egress",
        "-s filter show dev v0 parent 1:",
    ] {
        let args: Vec<&str> = show.split_whitespace().collect();
        same_stdout(&ns, &args, mask_seconds);
    }
}

/// `nlctl monitor tc` (and its objects' words) beside `tc monitor` 6.1 on the same namespace,
/// while htb qdiscs and classes, u32 filters with mirred actions, chains and standalone
/// mirred actions are added, replaced, changed, deleted and flushed: the same lines (text
/// even with `-j`, as `tc -j monitor` 6.1 prints; `-t`'s stamps compared without their time).
#[test]
fn monitor_prints_what_tc_monitor_prints() {
    use std::process::Command;
    const SCRIPT: &[&str] = &[
        "qdisc add dev v0 root handle 1: htb default 10",
        "class add dev v0 parent 1: classid 1:10 htb rate 1mbit",
        "class change dev v0 parent 1: classid 1:10 htb rate 2mbit",
        "class add dev v0 parent 1:10 classid 1:11 htb rate 1mbit ceil 2mbit",
        "qdisc add dev v0 ingress",
        "filter add dev v0 parent 1: protocol ip pref 10 u32 match ip dst 192.0.2.1/32 action mirred egress redirect dev v1",
        "filter replace dev v0 parent 1: protocol ip pref 10 handle 800::800 u32 match ip dst 192.0.2.3/32 action mirred egress mirror dev v1",
        "filter change dev v0 parent 1: protocol ip pref 10 handle 800::800 u32 match ip dst 192.0.2.4/32 flowid 1:11",
        "filter add dev v0 parent 1: protocol ip pref 20 chain 3 u32 match ip dst 192.0.2.2/32 flowid 1:10",
        "chain add dev v0 parent 1: chain 5",
        "chain del dev v0 parent 1: chain 5",
        "actions add action mirred egress mirror dev v1 index 7",
        "actions replace action mirred egress redirect dev v1 index 7",
        "actions change action mirred egress mirror dev v1 index 7",
        "actions del action mirred index 7",
        "actions add action mirred egress mirror dev v1 index 8",
        "actions add action mirred egress mirror dev v1 index 9",
        "actions flush action mirred",
        "filter del dev v0 parent 1: protocol ip pref 10 u32",
        "class del dev v0 classid 1:11",
        "qdisc del dev v0 ingress",
        "qdisc del dev v0 root",
        // The sentinel.
        "qdisc add dev v1 root handle 9: pfifo limit 9",
    ];
    const SENTINEL: &str = "qdisc pfifo 9: dev v1 root";
    // Each case: tc's options, nlctl's options and words, and which of tc's lines nlctl's
    // words keep (by the event's first line; a filter's or action's other lines follow it).
    type Keep = fn(&str) -> bool;
    let cases: &[(&[&str], &[&str], Keep)] = &[
        (&[], &["monitor", "tc"], |_| true),
        (&["-t"], &["-t", "monitor", "tc"], |_| true),
        (&["-ts"], &["-ts", "monitor", "tc"], |_| true),
        (
            &["-j"],
            &[
                "-j", "monitor", "qdisc", "class", "filter", "chain", "actions",
            ],
            |_| true,
        ),
        (&[], &["monitor", "qdisc"], |l| l.contains("qdisc ")),
    ];
    for (tc_opts, ours, keep) in cases {
        let ns = fresh("");
        let mut t = Command::new("tc");
        t.args(["-n", ns.name()]).args(*tc_opts).arg("monitor");
        let mut n = Command::new(tc_support::NLCTL);
        n.args(["-n", ns.name()]).args(*ours);
        let (theirs, their_rx) = lines::spawn_lines(t);
        let _theirs = lines::Monitor(theirs);
        let (our, our_rx) = lines::spawn_lines(n);
        let _ours = lines::Monitor(our);
        // Both listen once both have printed a probe's event.
        lines::until_both_listen(
            &their_rx,
            &our_rx,
            || {
                tc(&ns, &["qdisc", "add", "dev", "v2", "root", "pfifo"]);
                tc(&ns, &["qdisc", "del", "dev", "v2", "root"]);
            },
            &format!("{ours:?}"),
        );
        for line in SCRIPT {
            tc(&ns, &line.split_whitespace().collect::<Vec<_>>());
        }
        let unstamped = |lines: Vec<String>| -> Vec<String> {
            lines
                .into_iter()
                .map(|l| {
                    if l.starts_with("Timestamp: ") && l.ends_with(" usec") {
                        "Timestamp: ...".to_owned()
                    } else if l.starts_with("[20") && l.get(27..29) == Some("] ") {
                        // -ts: [2026-12-02T13:02:18.130253] before the event.
                        format!("[...] {}", &l[29..])
                    } else {
                        l
                    }
                })
                .collect()
        };
        let mut theirs_lines = unstamped(lines::lines_until(&their_rx, SENTINEL));
        let ours_lines = unstamped(lines::lines_until(&our_rx, SENTINEL));
        // tc prints every event; keep the events of nlctl's words: a first line decides for
        // the lines that continue its event (those that start with a space or a tab).
        let mut kept = true;
        theirs_lines.retain(|l| {
            if !l.starts_with([' ', '\t']) && !l.is_empty() {
                kept = keep(l);
            }
            kept
        });
        assert_eq!(ours_lines, theirs_lines, "{ours:?}");
        for word in [
            "added filter",
            "replaced filter",
            "Replaced action",
            "Flushed table",
            "deleted class",
        ] {
            assert!(
                !matches!(ours, [.., "qdisc"]) == ours_lines.iter().any(|l| l.contains(word)),
                "{ours:?}: {word}"
            );
        }
    }
}

/// `filter get` and `chain get`: the request `tc` sends (byte for byte), what it prints for a
/// u32 filter with a mirred action and for chains (text, `-j`, `-s`), its exit status for a
/// filter, chain, priority or handle that is not there, and its refusals of missing words.
#[test]
fn filter_and_chain_get_print_what_tc_prints() {
    const SETUP: &str = "tc qdisc add dev v0 root handle 1: htb
        tc filter add dev v0 parent 1: protocol ip pref 10 u32 match ip dst 192.0.2.1/32 action mirred egress redirect dev v1
        tc filter add dev v0 parent 1: protocol ip pref 20 chain 2 u32 match ip dst 192.0.2.2/32 flowid 1:10
        tc chain add dev v0 parent 1: chain 4
        tc qdisc add dev v1 clsact
        tc chain add dev v1 ingress chain 3";
    let gets: &[&str] = &[
        "filter get dev v0 parent 1: protocol ip pref 10 handle 800::800 u32",
        "filter get dev v0 parent 1: protocol ip pref 20 chain 2 handle 801::800 u32",
        "chain get dev v0 parent 1: chain 4",
        "chain get dev v0 parent 1:",
        "chain get dev v1 ingress chain 3",
        // A kind after the chain: tc 6.1 reads it and sends nothing of it (strace'd).
        "chain get dev v1 ingress chain 3 flower",
        // Misses: the kernel's refusals, tc's status.
        "filter get dev v0 parent 1: protocol ip pref 11 handle 800::800 u32",
        "filter get dev v0 parent 1: protocol ip pref 10 handle 800::801 u32",
        "filter get dev v0 parent 1: protocol ip pref 10 chain 9 handle 800::800 u32",
        "chain get dev v0 parent 1: chain 9",
    ];
    for line in gets {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc(SETUP, &args, false);
    }
    let ns = fresh(SETUP);
    // The lookups that find something; the misses' statuses were compared above.
    for line in &gets[..6] {
        for opts in [&[][..], &["-j"], &["-s"]] {
            let mut args = opts.to_vec();
            args.extend(line.split_whitespace());
            same_output(&ns, &args);
        }
    }
    // A word missing: tc's message and status, nothing printed.
    for line in [
        "filter get dev v0",
        "filter get dev v0 protocol ip",
        "filter get dev v0 protocol ip pref 0 parent 1: handle 800::800 u32",
        "filter get dev v0 protocol ip pref 10",
        "filter get dev v0 protocol ip pref 10 parent 1:",
        "filter get dev v0 protocol ip pref 10 parent 1: u32",
        "filter get protocol ip pref 10 parent 1: handle 800::800 u32",
        "chain get dev v0",
        "chain get parent 1: chain 4",
        "chain get dev v0 parent 1: chain 4 u32 match ip dst 192.0.2.1/32",
        // tc 6.1 refuses a template's words after the kind, flower's too (strace'd: nothing
        // sent), whatever the protocol.
        "chain get dev v1 ingress protocol ip chain 3 flower dst_ip 192.0.2.0/24",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let t = run(Tool::Tc, &ns, &args);
        let n = run(Tool::Nlctl, &ns, &args);
        assert_eq!(n.status.code(), t.status.code(), "{line}");
        // nlctl names itself and the command before tc's words.
        let (ne, te) = (first_err_line(&n), first_err_line(&t));
        assert!(
            !te.is_empty() && ne.ends_with(&format!(": {te}")),
            "{line}: {ne} / {te}"
        );
        assert!(n.stdout.is_empty(), "{line}");
    }
}

/// `chain add ... KIND WORDS`: a template, read by the kind's words as a filter's, sent as
/// `tc` sends it (byte for byte; this kernel has no flower and no template for u32, and
/// refuses both alike), with the protocol in `tcm_info` when given.
#[test]
fn chain_templates_are_sent_as_tc_sends_them() {
    for line in [
        "chain add dev v0 ingress chain 1 flower dst_mac 02:00:00:00:00:01",
        "chain add dev v0 ingress chain 1 protocol ip flower dst_ip 192.0.2.0/24 ip_proto tcp dst_port 22",
        "chain add dev v0 ingress chain 3 flower",
        "chain add dev v0 ingress chain 2 u32",
        "chain add dev v0 ingress chain 4 protocol ip u32 match ip dst 192.0.2.0/24",
        "chain add dev v0 egress chain 5 matchall",
        // A bare matchall has no options, as a template and as a filter.
        "filter add dev v0 egress pref 3 matchall",
        "filter add dev v0 egress pref 3 matchall skip_hw",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        same_as_tc("tc qdisc add dev v0 clsact", &args, true);
    }
}
