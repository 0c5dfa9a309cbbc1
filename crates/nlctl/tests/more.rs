//! `nlctl netns`, `netconf`, `addrlabel`, `maddr`, `stats`, `ntable`, `nexthop bucket` and
//! `link property` on the real kernel: each show command's text and `-j` output equal `ip`'s,
//! byte for byte, on the same namespace; each change leaves the state `ip` then shows.

use std::process::{Command, Output, Stdio};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

fn run(program: &str, ns: &TestNs, args: &[&str]) -> Output {
    Command::new(program)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} {args:?}: {e}"))
}

/// Runs nlctl, which must succeed without a word on standard error.
fn ok(ns: &TestNs, args: &[&str]) -> String {
    let out = run(NLCTL, ns, args);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "nlctl {args:?} ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ip(ns: &TestNs, args: &[&str]) -> String {
    let out = run("ip", ns, args);
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// nlctl's output of `args` equals `ip`'s. Counters and neighbour references move while a
/// namespace lives (IPv6 sends neighbour discovery on new links), so the comparison is made
/// between two equal outputs of `ip` taken before and after nlctl's, tried again while the
/// state moves.
fn equal(ns: &TestNs, args: &[&str]) {
    for _ in 0..20 {
        let before = ip(ns, args);
        let ours = ok(ns, args);
        if ip(ns, args) == before {
            assert!(
                !before.is_empty(),
                "ip {args:?} printed nothing: the test would prove nothing"
            );
            assert_eq!(ours, before, "{args:?}");
            return;
        }
    }
    panic!("ip {args:?} never printed the same twice in a row");
}

/// Both tools' output of `args`, in text, with `-j` and with `-j -p`, must be the same bytes.
fn same(ns: &TestNs, args: &[&str]) {
    equal(ns, args);
    let mut j = vec!["-j"];
    j.extend_from_slice(args);
    equal(ns, &j);
    let mut p = vec!["-j", "-p"];
    p.extend_from_slice(args);
    equal(ns, &p);
}

/// A namespace with a veth pair (`va` up with IPv4 and IPv6 addresses, `vb` a port of bridge
/// `br0`), an address label, a resilient nexthop group, multicast groups joined with autojoin
/// and hardware L3 statistics requested on `va`.
fn varied() -> TestNs {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\n\
         link add va type veth peer name vb\n\
         link add br0 type bridge\n\
         link set vb master br0\n\
         link set va up\n\
         link set vb up\n\
         link set br0 up\n\
         addr add 192.0.2.1/24 dev va\n\
         addr add 2001:db8::1/64 dev va nodad\n\
         addr add 239.1.2.3/32 dev va autojoin\n\
         addrlabel add prefix 2001:db8::/32 label 100\n\
         addrlabel add prefix 2001:db8:1::/48 dev va label 101\n\
         nexthop add id 1 dev va\n\
         nexthop add id 2 dev vb\n\
         nexthop add id 10 group 1/2 type resilient buckets 8 idle_timer 100\n\
         stats set dev va l3_stats on\n",
    );
    ns
}

#[test]
fn show_commands_print_what_ip_prints() {
    let ns = varied();
    for args in [
        &["netconf", "show"][..],
        &["netconf", "show", "dev", "va"],
        &["-6", "netconf", "show", "dev", "va"],
        &["addrlabel", "list"],
        &["maddr", "show"],
        &["maddr", "show", "dev", "va"],
        &["-6", "maddr"],
        &["stats", "show"],
        &["stats", "show", "dev", "va"],
        &["stats", "show", "dev", "br0", "group", "xstats"],
        &[
            "stats",
            "show",
            "group",
            "xstats_slave",
            "subgroup",
            "bridge",
        ],
        &["stats", "show", "group", "offload", "group", "link"],
        &[
            "stats", "show", "dev", "va", "group", "offload", "subgroup", "l3_stats",
        ],
        &["ntable", "show"],
        &["ntable", "show", "dev", "va", "name", "arp_cache"],
        &["ntable", "show", "dev", "none"],
        &["-6", "ntable"],
    ] {
        same(&ns, args);
    }
    // `ip -4 netconf show dev X` prints text even with -j; nlctl too.
    equal(&ns, &["-4", "-j", "netconf", "show", "dev", "va"]);
}

/// `idle_time` counts up between the two tools' dumps: everything else must be equal.
fn without_idle_time(s: &str) -> String {
    s.split(' ')
        .scan(false, |skip, w| {
            let out = if *skip { "T" } else { w };
            *skip = w == "idle_time" || w.starts_with("\"idle_time\":");
            Some(if w.starts_with("\"idle_time\":") {
                "\"idle_time\":T".to_owned()
            } else {
                out.to_owned()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn json_without_idle_time(s: &str) -> Value {
    let mut v: Value = serde_json::from_str(s).unwrap();
    for b in v.as_array_mut().unwrap() {
        let idle = b["bucket"]["idle_time"].as_f64().unwrap();
        assert!(idle >= 0.0);
        b["bucket"].as_object_mut().unwrap().remove("idle_time");
    }
    v
}

#[test]
fn nexthop_buckets_print_what_ip_prints() {
    let ns = varied();
    for args in [
        &["nexthop", "bucket", "show"][..],
        &["nexthop", "bucket", "show", "id", "10", "nhid", "1"],
        &["nexthop", "bucket", "show", "dev", "va"],
        &["nexthop", "bucket", "get", "id", "10", "index", "3"],
    ] {
        let theirs = ip(&ns, args);
        assert!(!theirs.is_empty());
        assert_eq!(
            without_idle_time(&ok(&ns, args)),
            without_idle_time(&theirs),
            "{args:?}"
        );
        let mut j = vec!["-j"];
        j.extend_from_slice(args);
        assert_eq!(
            json_without_idle_time(&ok(&ns, &j)),
            json_without_idle_time(&ip(&ns, &j)),
            "{args:?}"
        );
    }
}

#[test]
fn namespace_ids_print_what_ip_prints() {
    let ns = TestNs::new();
    let (a, b) = (TestNs::new(), TestNs::new());
    ok(&ns, &["netns", "set", a.name(), "5"]);
    ok(&ns, &["netns", "set", b.name(), "auto"]);
    same(&ns, &["netns", "list-id"]);
    same(&ns, &["netns", "list-id", "nsid", "5"]);
    a.ip(&["netns", "set", ns.name(), "3"]);
    let args = ["netns", "list-id", "target-nsid", "5"];
    assert_eq!(ok(&ns, &args), "nsid 3 current-nsid unassigned \n");
    equal(&ns, &args);
    assert_eq!(
        ok(&ns, &["-j", "netns", "list-id", "target-nsid", "5"]),
        "[{\"nsid\":3}]\n"
    );
    // `netns list` reads every name of /run/netns, which other tests change while this runs:
    // compare the lines of this test's namespaces.
    let ours = |s: String| -> Vec<String> {
        s.lines()
            .filter(|l| {
                [ns.name(), a.name(), b.name()]
                    .iter()
                    .any(|n| l.split(' ').next() == Some(n))
            })
            .map(str::to_owned)
            .collect()
    };
    let mine = ours(ok(&ns, &["netns", "list"]));
    assert_eq!(mine.len(), 3, "{mine:?}");
    assert_eq!(mine, ours(ip(&ns, &["netns", "list"])));
    assert!(mine.contains(&format!("{} (id: 5)", a.name())));
    // A name nobody has.
    let out = run(NLCTL, &ns, &["netns", "set", "no-such-namespace-here", "7"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn changes_leave_what_ip_then_shows() {
    let ns = varied();
    // link property
    ok(
        &ns,
        &[
            "link", "property", "add", "dev", "va", "altname", "va-one", "altname", "va-two",
        ],
    );
    let l: Value = serde_json::from_str(&ip(&ns, &["-j", "link", "show", "va"])).unwrap();
    assert_eq!(l[0]["altnames"], serde_json::json!(["va-one", "va-two"]));
    ok(
        &ns,
        &["link", "property", "del", "dev", "va", "altname", "va-one"],
    );
    let l: Value = serde_json::from_str(&ip(&ns, &["-j", "link", "show", "va"])).unwrap();
    assert_eq!(l[0]["altnames"], serde_json::json!(["va-two"]));
    // ntable change
    ok(
        &ns,
        &[
            "ntable",
            "change",
            "name",
            "arp_cache",
            "dev",
            "va",
            "queue",
            "21",
            "app_probes",
            "2",
        ],
    );
    let t: Value = serde_json::from_str(&ip(
        &ns,
        &["-j", "ntable", "show", "dev", "va", "name", "arp_cache"],
    ))
    .unwrap();
    assert_eq!(
        (t[0]["queue"].as_u64(), t[0]["app_probes"].as_u64()),
        (Some(21), Some(2))
    );
    // addrlabel del, add, flush
    ok(
        &ns,
        &[
            "addrlabel",
            "del",
            "prefix",
            "2001:db8::/32",
            "label",
            "100",
        ],
    );
    assert!(!ip(&ns, &["addrlabel"]).contains("2001:db8::/32"));
    ok(
        &ns,
        &[
            "addrlabel",
            "add",
            "prefix",
            "2001:db8:2::/48",
            "dev",
            "vb",
            "label",
            "7",
        ],
    );
    assert!(ip(&ns, &["addrlabel"]).contains("prefix 2001:db8:2::/48 dev vb label 7"));
    ok(&ns, &["addrlabel", "flush"]);
    assert!(ip(&ns, &["addrlabel"]).is_empty());
    // stats set
    ok(&ns, &["stats", "set", "dev", "va", "l3_stats", "off"]);
    assert!(
        ip(
            &ns,
            &[
                "stats", "show", "dev", "va", "group", "offload", "subgroup", "l3_stats"
            ]
        )
        .contains("l3_stats off used off")
    );
    // Refusals: each as `ip` refuses, before anything is sent.
    for (args, code) in [
        (&["addrlabel", "add", "prefix", "2001:db8::/32"][..], 1),
        (&["ntable", "change", "name", "arp_cache"], 255),
        (&["stats", "show", "group", "nope"], 255),
        (&["stats", "sh"], 255),
        (&["link", "property", "add", "altname", "x"], 255),
        (&["netns", "add", "x"], 255),
    ] {
        let out = run(NLCTL, &ns, args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `maddr add|del` (the `SIOCADDMULTI` / `SIOCDELMULTI` ioctls): each line run by `ip` in one
/// namespace and by nlctl in its twin exits the same, and leaves the same `ip maddr show`,
/// refusals and kernel errors included.
#[test]
fn maddr_changes_leave_what_ip_leaves() {
    let twins: Vec<TestNs> = (0..2)
        .map(|_| {
            let ns = TestNs::new();
            ns.ip_batch(
                "link add va address 02:00:00:00:00:01 type veth peer name vb address 02:00:00:00:00:02\n",
            );
            ns
        })
        .collect();
    let lines: &[&[&str]] = &[
        &["add", "33:33:00:00:00:05", "dev", "va"],
        &["add", "01:00:5e:00:00:09", "dev", "va"],
        // An address added already is no second add: one delete removes it.
        &["add", "01:00:5e:00:00:09", "dev", "va"],
        &["del", "01:00:5e:00:00:09", "dev", "va"],
        &["add", "address", "01:00:5e:00:00:0a", "dev", "vb"],
        &["a", "0x1:0X2:3:4:5:6", "dev", "va"],
        // No address: ip sends zeroes.
        &["add", "dev", "va"],
        &["add", "01:00:5e:00:00:0b"],
        &["add", "01:00:5e:00:00:0c", "dev", "nosuch"],
        &["add", "zz", "dev", "va"],
        &["add", "1:2:3", "dev", "va"],
        &["add", "1.2.3.4", "dev", "va"],
        &["add", "00:00:5e:00:00:0c", "01:00:5e:00:00:0d", "dev", "va"],
        &["add", "01:00:5e:00:00:0c", "01:00:5e:00:00:0d", "dev", "va"],
        &["add", "01:00:5e:00:00:0c", "dev", "va", "dev", "vb"],
        &["add", "01:00:5e:00:00:12", "dev", "12345678901234567"],
        // lo filters no multicast: EINVAL.
        &["add", "01:00:5e:00:00:12", "dev", "lo"],
        // Never added: ENOENT.
        &["del", "01:00:5e:00:00:77", "dev", "va"],
        &["d", "01:00:5e:00:00:0a", "dev", "vb"],
        &["add", "help"],
    ];
    for line in lines {
        let mut args = vec!["maddr"];
        args.extend_from_slice(line);
        let theirs = run("ip", &twins[0], &args);
        let ours = run(NLCTL, &twins[1], &args);
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "{args:?}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(
            ip(&twins[1], &["maddr", "show"]),
            ip(&twins[0], &["maddr", "show"]),
            "after {args:?}"
        );
    }
    let shown = ip(&twins[1], &["maddr", "show", "dev", "va"]);
    assert!(
        !shown.contains("01:00:5e:00:00:09")
            && shown.contains("link  01:02:03:04:05:06 static")
            && shown.contains("link  01:00:5e:00:00:0d static"),
        "{shown}"
    );
}

/// Starts `PROGRAM -n NS args`; its standard output arrives line by line.
fn spawn_lines(
    program: &str,
    ns: &TestNs,
    args: &[&str],
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(program)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

fn sysctl(ns: &TestNs, setting: &str) {
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "sysctl", "-qw", setting])
        .output()
        .unwrap();
    assert!(out.status.success(), "sysctl {setting}: {out:?}");
}

/// The lines up to and including the first that contains `last`.
fn lines_until(rx: &std::sync::mpsc::Receiver<String>, last: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let l = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{last:?} never showed; saw {seen:#?}"));
        let done = l.contains(last);
        seen.push(l);
        if done {
            return seen;
        }
    }
}

/// Runs `ip` and nlctl with the same monitor `args` side by side. `probe(i)` makes an event
/// until both have reported one (both are listening); after a pause the probes' lines are
/// dropped, `act` runs, and both tools' lines up to the first containing `last` must be equal.
/// Returns `ip`'s.
fn monitors_agree(
    ns: &TestNs,
    args: &[&str],
    probe: impl Fn(usize),
    act: impl FnOnce(),
    last: &str,
) -> Vec<String> {
    let (mut theirs, ip_rx) = spawn_lines("ip", ns, args);
    let (mut ours, our_rx) = spawn_lines(NLCTL, ns, args);
    let wait = std::time::Duration::from_millis(200);
    let ready = (0..50).any(|i| {
        probe(i);
        let a = ip_rx.recv_timeout(wait).is_ok();
        a & our_rx.recv_timeout(wait).is_ok()
    });
    assert!(ready, "{args:?}: the monitors never reported");
    std::thread::sleep(std::time::Duration::from_millis(300));
    while ip_rx.try_recv().is_ok() {}
    while our_rx.try_recv().is_ok() {}
    act();
    let (a, b) = (lines_until(&ip_rx, last), lines_until(&our_rx, last));
    assert_eq!(b, a, "{args:?}");
    for child in [&mut theirs, &mut ours] {
        child.kill().unwrap();
        let _ = child.wait();
    }
    a
}

#[test]
fn monitor_nsid_and_netconf_print_what_ip_prints() {
    let ns = TestNs::new();
    let peer = TestNs::new();
    let a = monitors_agree(
        &ns,
        &["monitor", "label", "nsid", "netconf"],
        |i| sysctl(&ns, &format!("net.ipv4.conf.lo.forwarding={}", i % 2)),
        || {
            ns.ip_batch("link add va type veth peer name vb\n");
            sysctl(&ns, "net.ipv4.conf.va.forwarding=1");
            sysctl(&ns, "net.ipv6.conf.va.forwarding=1");
            sysctl(&ns, "net.ipv4.conf.va.rp_filter=2");
            ns.ip(&["netns", "set", peer.name(), "6"]);
            ns.ip(&["link", "del", "va"]);
            // The namespace goes: its id goes with it, the last event.
            drop(peer);
        },
        "Deleted nsid 6",
    );
    assert!(
        a.iter().any(|l| l == "[NETCONF]inet va forwarding on "),
        "{a:#?}"
    );
    assert!(
        a.iter().any(|l| l == "[NETCONF]Deleted inet6 vb "),
        "{a:#?}"
    );
    assert!(
        a.iter()
            .any(|l| l.starts_with("[NSID]nsid 6 (iproute2 netns name: "))
    );
}

/// An entry of the multicast forwarding cache from `va` to `vb` for `group`, set up and taken
/// down: a `[MROUTE]` line each way.
fn mroute_blip(ns: &TestNs, group: &str) {
    drop(ns.multicast_route(
        "va",
        "vb",
        "192.0.2.10".parse().unwrap(),
        group.parse().unwrap(),
    ));
}

#[test]
fn monitor_mroute_prints_what_ip_prints() {
    let ns = TestNs::new();
    ns.ip_batch("link add va type veth peer name vb\nlink set va up\nlink set vb up\n");
    let a = monitors_agree(
        &ns,
        &["monitor", "label", "mroute"],
        |_| mroute_blip(&ns, "233.252.0.1"),
        || mroute_blip(&ns, "233.252.0.2"),
        "Deleted (192.0.2.10,233.252.0.2)",
    );
    assert_eq!(
        a,
        [
            "[MROUTE](192.0.2.10,233.252.0.2)         Iif: va         Oifs: vb  State: resolved \
             Table: default",
            "[MROUTE]Deleted (192.0.2.10,233.252.0.2)         Iif: unresolved  State: resolved \
             Table: default",
        ]
    );
}

#[test]
fn monitor_without_objects_watches_what_ip_watches() {
    let ns = TestNs::new();
    let peer = TestNs::new();
    ns.ip_batch("link add va type veth peer name vb\nlink set va up\nlink set vb up\n");
    ns.settle();
    let a = monitors_agree(
        &ns,
        &["monitor", "label"],
        |i| sysctl(&ns, &format!("net.ipv4.conf.lo.forwarding={}", i % 2)),
        || {
            sysctl(&ns, "net.ipv4.conf.va.forwarding=1");
            mroute_blip(&ns, "233.252.0.3");
            ns.ip(&["netns", "set", peer.name(), "6"]);
            ns.ip(&["stats", "set", "dev", "va", "l3_stats", "on"]);
            drop(peer);
        },
        "Deleted nsid 6",
    );
    for object in ["[NETCONF]", "[MROUTE]", "[NSID]", "[STATS]"] {
        assert!(a.iter().any(|l| l.starts_with(object)), "{object}: {a:#?}");
    }
}

/// Sends a router advertisement out of `va` (to its peer `vb`) with one prefix information
/// option for each `(prefix, length, flags, valid, preferred)`.
fn advertise(ns: &TestNs, prefixes: &[(&str, u8, u8, u32, u32)]) {
    let options: String = prefixes
        .iter()
        .map(|(p, len, flags, valid, pref)| {
            format!(
                "ra+=struct.pack('!BBBBIII',3,4,{len},{flags},{valid},{pref},0)\
                 +socket.inet_pton(socket.AF_INET6,'{p}')\n"
            )
        })
        .collect();
    let script = format!(
        "import socket,struct\n\
         s=socket.socket(socket.AF_INET6,socket.SOCK_RAW,socket.IPPROTO_ICMPV6)\n\
         s.setsockopt(socket.SOL_SOCKET,socket.SO_BINDTODEVICE,b'va')\n\
         s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_MULTICAST_HOPS,255)\n\
         s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_MULTICAST_LOOP,0)\n\
         ra=struct.pack('!BBHBBHII',134,0,0,64,0,0,0,0)\n\
         {options}\
         s.sendto(ra,('ff02::1',0,0,socket.if_nametoindex('va')))\n"
    );
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "python3", "-c", &script])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn monitor_prefix_prints_what_ip_prints() {
    let ns = TestNs::new();
    sysctl(&ns, "net.ipv6.conf.default.accept_dad=0");
    ns.ip_batch("link add va type veth peer name vb\nlink set va up\nlink set vb up\n");
    let a = monitors_agree(
        &ns,
        &["monitor", "label", "prefix"],
        |_| advertise(&ns, &[("2001:db8:9::", 64, 0xc0, 600, 300)]),
        // This kernel sends the option's own L and A bits (0xc0), which `ip` does not print;
        // the older encoding's bits (0x01, 0x02) it prints as `onlink` and `autoconf`.
        || {
            advertise(
                &ns,
                &[
                    ("2001:db8:5::", 64, 0xc0, 3600, 1800),
                    ("2001:db8:6::", 64, 0x03, 7200, 3600),
                    ("2001:db8:7::", 64, 0x02, 900, 0),
                ],
            );
        },
        "2001:db8:7::",
    );
    assert_eq!(
        a,
        [
            "[PREFIX]prefix 2001:db8:5::/64dev vb valid 3600 preferred 1800 ",
            "[PREFIX]prefix 2001:db8:6::/64dev vb onlink autoconf valid 7200 preferred 3600 ",
            "[PREFIX]prefix 2001:db8:7::/64dev vb autoconf valid 900 preferred 0 ",
        ]
    );
}

#[test]
fn monitor_stats_prints_what_ip_prints() {
    let ns = TestNs::new();
    ns.ip_batch("link add va type veth peer name vb\nlink set va up\n");
    let a = monitors_agree(
        &ns,
        &["monitor", "label", "stats"],
        |i| {
            let on = ["off", "on"][i % 2];
            ns.ip(&["stats", "set", "dev", "va", "l3_stats", on]);
        },
        || {
            ns.ip(&["stats", "set", "dev", "vb", "l3_stats", "on"]);
            ns.ip(&["stats", "set", "dev", "vb", "l3_stats", "off"]);
        },
        "l3_stats off",
    );
    assert_eq!(
        a,
        [
            "[STATS]2: vb:",
            "    l3_stats on used off",
            "[STATS]2: vb:",
            "    l3_stats off used off"
        ]
    );
}
