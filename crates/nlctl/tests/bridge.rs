//! `nlctl bridge` against `bridge` 6.1 on the real kernel: every command runs with both
//! tools, in the same namespace for the show commands and in twin namespaces for the changes,
//! and must give the same standard output (text and `-j`), the same standard error and the same
//! exit status, and leave the same state. `nlctl` names itself where `bridge` does (`try
//! "nlctl bridge help"`, `Usage: nlctl bridge ...`); that is the only difference allowed.

use std::process::{Command, Output, Stdio};

mod lines;

use lines::{lines_until, spawn_lines, until_both_listen};
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

/// A namespace without IPv6 (no MLD reports, whose multicast memberships would come and go
/// between two dumps), with fixed link-layer addresses everywhere: veth pairs `v0`/`v1`,
/// `v2`/`v3` and `v4`/`v5`, bridge `br0` with ports `v1` and `v3`, VXLAN `vx0` (VNI 42) and the
/// VNI-filtering VXLAN `vx1` over `v4` (outside the bridge, so that its group joins are not
/// snooped into the bridge's database), all up; and, unless `bare`, FDB entries, MDB memberships with a router port,
/// and VNIs.
fn setup(bare: bool) -> TestNs {
    let ns = TestNs::new();
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "sysctl", "-qw"])
        .args([
            "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1",
        ])
        .output()
        .expect("run sysctl in the namespace");
    assert!(out.status.success(), "sysctl: {out:?}");
    ns.ip_batch(
        "link add v0 address 02:00:00:00:04:01 type veth peer name v1 address 02:00:00:00:04:02
link add v2 address 02:00:00:00:04:03 type veth peer name v3 address 02:00:00:00:04:04
link add br0 address 02:00:00:00:04:05 type bridge
link set v1 master br0
link set v3 master br0
link add vx0 address 02:00:00:00:04:06 type vxlan id 42 dstport 4789 local 192.0.2.1
link add v4 address 02:00:00:00:04:08 type veth peer name v5 address 02:00:00:00:04:09
link add vx1 address 02:00:00:00:04:07 type vxlan external vnifilter dstport 4790 dev v4
link set v0 up
link set v1 up
link set v2 up
link set v3 up
link set br0 up
link set vx0 up
link set vx1 up
link set v4 up
link set v5 up
addr add 192.0.2.1/24 dev v0
addr add 198.51.100.1/24 dev v4
",
    );
    if !bare {
        // A port's carrier reaches the bridge through the kernel's link watch, which may run a
        // second later on a loaded machine; until then the port is `disabled` and the kernel
        // refuses its `temp` MDB entries ("Port is in disabled state").
        for port in ["v1", "v3"] {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            loop {
                let o = bridge(&ns, &["link", "show", "dev", port]);
                if String::from_utf8_lossy(&o.stdout).contains("state forwarding") {
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{port} never became a forwarding port: {o:?}"
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        for line in [
            "fdb add 02:00:00:00:00:a1 dev v1 master static",
            "fdb add 02:00:00:00:00:a2 dev v1 master static sticky",
            "fdb add 02:00:00:00:00:a3 dev v3 master dynamic extern_learn",
            "fdb add 02:00:00:00:00:a4 dev vx0 dst 192.0.2.9 port 4790 vni 7 src_vni 8 via v0 self",
            "fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.10",
            "fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.11",
            "mdb add dev br0 port v1 grp 239.1.1.1 permanent",
            "mdb add dev br0 port v1 grp 239.1.1.2 src 192.0.2.5 permanent",
            "mdb add dev br0 port v3 grp 01:00:5e:01:01:01 permanent",
            "mdb add dev br0 port v3 grp 239.1.1.3 temp",
            "link set dev v1 mcast_router 2",
            "vni add dev vx1 vni 100",
            "vni add dev vx1 vni 200-210 remote 192.0.2.3",
            "vni add dev vx1 vni 300 group 239.2.2.2",
        ] {
            let o = bridge(&ns, &line.split_whitespace().collect::<Vec<_>>());
            assert!(
                o.status.success(),
                "bridge {line}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    ns
}

fn bridge(ns: &TestNs, args: &[&str]) -> Output {
    Command::new("bridge")
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run bridge (iproute2)")
}

/// `nlctl -n NS bridge ARGS`; the options before the object go after the word `bridge`, where
/// `bridge`'s options are read (`-j`, `-p`, `-s`, `-d` are read before it too).
fn nlctl(ns: &TestNs, args: &[&str]) -> Output {
    Command::new(NLCTL)
        .args(["-n", ns.name(), "bridge"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run nlctl")
}

/// Standard error with `nlctl`'s name for itself taken back to `bridge`'s.
fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr)
        .replace("nlctl bridge", "bridge")
        .replace("\"nlctl help\"", "\"bridge help\"")
}

/// What a command printed and how it ended, with the ages of `-s` (`used 3/3`, seconds since
/// an entry was used and updated) masked: the two tools run a moment apart, and a second can
/// tick between them.
fn outcome(o: &Output) -> (Option<i32>, String, String) {
    (
        o.status.code(),
        without_ages(&String::from_utf8_lossy(&o.stdout)),
        stderr_of(o),
    )
}

/// `text` with the numbers after each `used ` replaced by `_`.
fn without_ages(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("used ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '/'))
            .unwrap_or(rest.len());
        if n > 0 {
            out.push('_');
        }
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}

/// Runs `args` with both tools on `ns` and compares.
fn same(ns: &TestNs, args: &[&str]) {
    let theirs = outcome(&bridge(ns, args));
    let ours = outcome(&nlctl(ns, args));
    assert!(
        !ours.2.contains("panicked"),
        "nlctl bridge {args:?} panicked: {}",
        ours.2
    );
    assert_eq!(ours, theirs, "bridge {}", args.join(" "));
}

#[test]
fn show_commands_print_what_bridge_prints() {
    let ns = setup(false);
    let shows: &[&[&str]] = &[
        &["fdb", "show"],
        &["fdb"],
        &["fdb", "show", "br", "br0"],
        &["fdb", "show", "brport", "v1"],
        &["fdb", "show", "dev", "vx0"],
        &["fdb", "show", "br", "br0", "brport", "v3"],
        &["fdb", "show", "state", "static"],
        &["fdb", "show", "state", "permanent"],
        &["fdb", "show", "dynamic"],
        &["fdb", "show", "vlan", "1"],
        &["fdb", "lst"],
        &["fdb", "get", "02:00:00:00:00:a1", "br", "br0"],
        &["fdb", "get", "02:00:00:00:00:a2", "dev", "v1", "master"],
        &[
            "fdb",
            "get",
            "to",
            "02:00:00:00:00:a4",
            "dev",
            "vx0",
            "self",
        ],
        &["mdb", "show"],
        &["mdb"],
        &["mdb", "show", "dev", "br0"],
        &["mdb", "show", "vid", "3"],
        &["-d", "mdb", "show"],
        &["vni", "show"],
        &["vni"],
        &["vni", "show", "dev", "vx1"],
        &["link", "show"],
        &["link"],
        &["-d", "link", "show"],
        &["link", "show", "dev", "v1"],
        &["vlan", "show"],
        &["-compressvlans", "vlan", "show"],
        &["vlan", "show", "dev", "v1", "vid", "10"],
        &["vlan", "tunnelshow"],
        // Per-VLAN counters: a statistics dump (this kernel has no VLAN filtering, so only the
        // header; the layout is checked in bridge_fmt's tests).
        &["-s", "vlan", "show"],
        &["-s", "vlan", "show", "dev", "br0"],
        &["-s", "vlan", "show", "vid", "10"],
        &["l", "s"],
        &["f", "sh"],
        &["m", "l"],
        &["v", "s"],
    ];
    for args in shows {
        for opts in [&[][..], &["-j"], &["-j", "-p"]] {
            let mut full: Vec<&str> = opts.to_vec();
            full.extend_from_slice(args);
            same(&ns, &full);
        }
    }
    // `-netns NAME` after the word `bridge` (which the helpers put before it).
    same(&ns, &["-netns", ns.name(), "-j", "fdb", "show"]);
    same(&ns, &["-n", ns.name(), "link"]);
    // What this kernel refuses (no VLAN filtering) fails the same way: the header, the
    // kernel's answer, `Dump terminated`, exit 1.
    for args in [
        &["-d", "vlan", "show"][..],
        &["-j", "-d", "vlan", "show"],
        &["vlan", "global", "show"],
        &["vlan", "global"],
    ] {
        same(&ns, args);
    }
}

#[test]
fn errors_and_usage_are_bridges() {
    let ns = setup(true);
    for args in [
        &["foo"][..],
        &["fdb", "foo"],
        &["fdb", "fl"],
        &["fdb", "show", "dev", "nope"],
        &["fdb", "show", "br", "nope"],
        &["fdb", "show", "state", "bogus"],
        &["fdb", "show", "vlan", "3", "vlan", "4"],
        &["fdb", "show", "vlan"],
        &["fdb", "add", "02:00:00:00:00:a1"],
        &["fdb", "add", "zz", "dev", "v1"],
        &["fdb", "add", "02:00:00:00:00:a1", "dev", "nope"],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:a1",
            "dev",
            "v1",
            "vni",
            "99999999",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:a1",
            "dev",
            "vx0",
            "nhid",
            "5",
            "vni",
            "1",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:a1",
            "dev",
            "vx0",
            "dst",
            "192.0.2.9",
            "port",
            "no-such-service",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:a1",
            "dev",
            "vx0",
            "dst",
            "192.0.2.9",
            "port",
            "70000",
        ],
        &["fdb", "get", "02:00:00:00:00:a9", "dev", "v1", "master"],
        &["fdb", "get", "02:00:00:00:00:a9"],
        &["fdb", "del", "02:00:00:00:00:a9", "dev", "v1", "master"],
        &["fdb", "flush"],
        &["mdb", "add", "dev", "br0"],
        &["mdb", "add", "dev", "br0", "port", "v1", "grp", "bogus"],
        &["mdb", "del", "dev", "br0", "port", "v1", "grp", "239.9.9.9"],
        &[
            "mdb",
            "add",
            "dev",
            "nope",
            "port",
            "v1",
            "grp",
            "239.9.9.9",
        ],
        &["vni", "del", "dev", "vx1", "vni", "1"],
        &["vni", "add", "vni", "1"],
        &["vni", "add", "dev", "nope", "vni", "1"],
        &["vni", "add", "dev", "vx1", "vni", "1", "group", "192.0.2.1"],
        &["vlan", "add", "vid", "10"],
        &["vlan", "add", "vid", "5000", "dev", "v1"],
        &["vlan", "add", "vid", "10-5", "dev", "v1"],
        &["vlan", "add", "vid", "10-20", "dev", "v1", "pvid"],
        &["vlan", "add", "vid", "10", "dev", "v1", "pvid", "untagged"],
        &["vlan", "del", "vid", "10", "dev", "v1"],
        &["vlan", "set", "vid", "10", "dev", "v1", "state", "bogus"],
        &[
            "vlan",
            "set",
            "vid",
            "10",
            "dev",
            "v1",
            "state",
            "forwarding",
        ],
        &[
            "vlan",
            "global",
            "set",
            "vid",
            "10",
            "dev",
            "br0",
            "mcast_snooping",
            "1",
        ],
        &["vlan", "g"],
        &["link", "set", "dev", "v1", "learning", "maybe"],
        &["link", "set", "dev", "v1", "bogus"],
        &["link", "set", "learning", "on"],
        &["link", "set", "dev", "nope", "learning", "on"],
        &["link", "set", "dev", "v1", "backup_port", "nope"],
        &["link", "set", "dev", "v1", "hwmode", "bogus"],
        &["link", "set", "dev", "v1", "state", "bogus"],
        &["-n", "nope", "fdb", "show"],
        &["-netns"],
        &["-n", "", "fdb"],
        &["fdb", "help"],
        &["mdb", "help"],
        &["vlan", "help"],
        &["vni", "help"],
        &["link", "help"],
    ] {
        same(&ns, args);
    }
}

#[test]
fn abbreviations_resolve_as_bridge_resolves_them() {
    let ns = setup(true);
    // Every prefix of every object, with a verb that shows (monitor, which never returns,
    // is left out: nlctl refuses it).
    for object in ["link", "fdb", "mdb", "vlan", "vni"] {
        for end in 1..=object.len() {
            same(&ns, &[&object[..end], "show"]);
        }
    }
    // Every prefix of every verb, with no arguments: a show, a usage, a missing argument or an
    // unknown command.
    for (object, verbs) in [
        ("link", &["set", "change", "show", "lst", "list"][..]),
        (
            "fdb",
            &[
                "add", "append", "replace", "delete", "get", "show", "list", "flush",
            ],
        ),
        ("mdb", &["add", "delete", "show", "list"]),
        (
            "vlan",
            &[
                "add",
                "delete",
                "show",
                "list",
                "tunnelshow",
                "set",
                "global",
            ],
        ),
        ("vni", &["add", "delete", "show", "list"]),
    ] {
        for verb in verbs {
            for end in 1..=verb.len() {
                same(&ns, &[object, &verb[..end]]);
            }
        }
    }
    for opt in [
        "-s",
        "-st",
        "-d",
        "-de",
        "-j",
        "-js",
        "-p",
        "-com",
        "-compressvlans",
        "-x",
    ] {
        same(&ns, &[opt, "fdb", "show"]);
    }
}

/// A dump without the FDB entries the bridge learned from the namespace's own traffic (its
/// interfaces' addresses, state "" and not `extern_learn`), which come when they come.
fn steady(out: &[u8]) -> Value {
    let v: Value = serde_json::from_slice(out).expect("bridge -j output");
    match v {
        Value::Array(a) => Value::Array(
            a.into_iter()
                .filter(|e| {
                    let learned = e["state"] == ""
                        && e["flags"].as_array().is_some_and(Vec::is_empty)
                        && e["mac"]
                            .as_str()
                            .is_some_and(|m| m.starts_with("02:00:00:00:04:"));
                    !learned
                })
                .collect(),
        ),
        other => other,
    }
}

/// Runs a change with `bridge` in one twin and `nlctl` in the other, then compares what each
/// printed and the state each left, as `bridge -j -d` dumps it.
fn same_change(setup_bare: bool, args: &[&str]) {
    let (a, b) = (setup(setup_bare), setup(setup_bare));
    let theirs = outcome(&bridge(&a, args));
    let ours = outcome(&nlctl(&b, args));
    assert_eq!(ours, theirs, "bridge {}", args.join(" "));
    for dump in [
        &["-j", "fdb", "show"][..],
        &["-j", "-d", "mdb", "show"],
        &["-j", "vni", "show"],
        &["-j", "-d", "link", "show"],
    ] {
        let x = steady(&bridge(&a, dump).stdout);
        let y = steady(&bridge(&b, dump).stdout);
        assert_eq!(y, x, "state {dump:?} after bridge {}", args.join(" "));
    }
}

#[test]
fn changes_leave_the_state_bridge_leaves() {
    for args in [
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b1",
            "dev",
            "v1",
            "master",
            "static",
        ][..],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b2",
            "dev",
            "v1",
            "master",
            "static",
            "sticky",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b5",
            "dev",
            "v1",
            "master",
            "sticky",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b3",
            "dev",
            "v3",
            "master",
            "dynamic",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b4",
            "dev",
            "vx0",
            "dst",
            "192.0.2.20",
            "port",
            "4790",
            "vni",
            "9",
            "via",
            "v0",
        ],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:b6",
            "dev",
            "vx0",
            "dst",
            "192.0.2.22",
            "port",
            "domain",
        ],
        &[
            "fdb",
            "append",
            "00:00:00:00:00:00",
            "dev",
            "vx0",
            "dst",
            "192.0.2.21",
        ],
        &[
            "fdb",
            "replace",
            "02:00:00:00:00:a1",
            "dev",
            "v1",
            "master",
            "dynamic",
        ],
        &["fdb", "del", "02:00:00:00:00:a2", "dev", "v1", "master"],
        &[
            "fdb",
            "add",
            "02:00:00:00:00:a1",
            "dev",
            "v1",
            "master",
            "static",
        ],
        &["fdb", "flush", "dev", "vx0"],
        &["fdb", "flush", "dev", "br0", "master"],
        &[
            "mdb",
            "add",
            "dev",
            "br0",
            "port",
            "v3",
            "grp",
            "239.1.1.9",
            "permanent",
        ],
        &[
            "mdb",
            "add",
            "dev",
            "br0",
            "port",
            "v3",
            "grp",
            "239.1.1.8",
            "src",
            "192.0.2.8",
        ],
        &[
            "mdb",
            "add",
            "dev",
            "br0",
            "port",
            "v3",
            "grp",
            "01:00:5e:01:01:09",
            "permanent",
        ],
        &["mdb", "del", "dev", "br0", "port", "v1", "grp", "239.1.1.1"],
        &[
            "mdb",
            "del",
            "dev",
            "br0",
            "port",
            "v1",
            "grp",
            "239.1.1.2",
            "src",
            "192.0.2.5",
        ],
        &[
            "vni",
            "add",
            "dev",
            "vx1",
            "vni",
            "400,500-510",
            "remote",
            "192.0.2.40",
        ],
        &[
            "vni",
            "add",
            "dev",
            "vx1",
            "vni",
            "600",
            "group",
            "239.3.3.3",
        ],
        &["vni", "delete", "dev", "vx1", "vni", "200-210"],
        &[
            "link", "set", "dev", "v1", "learning", "off", "flood", "off", "cost", "7", "priority",
            "9",
        ],
        &[
            "link",
            "set",
            "dev",
            "v3",
            "isolated",
            "on",
            "neigh_suppress",
            "on",
            "mcast_flood",
            "off",
            "bcast_flood",
            "off",
            "hairpin",
            "on",
        ],
        &[
            "link",
            "set",
            "dev",
            "v1",
            "guard",
            "on",
            "root_block",
            "on",
            "fastleave",
            "on",
            "mcast_to_unicast",
            "on",
            "locked",
            "on",
        ],
        &["link", "set", "dev", "v1", "backup_port", "v3"],
        &[
            "link",
            "set",
            "dev",
            "v1",
            "state",
            "blocking",
            "mcast_router",
            "0",
        ],
        &["link", "change", "dev", "v3", "state", "1"],
    ] {
        same_change(false, args);
    }
}

/// The RTNETLINK messages a command handed to sendmsg(2) and sendto(2), read from `strace`'s
/// hex dumps of them, each with its sequence number and port id zeroed, in the order sent; the
/// link dump of family `AF_UNSPEC` both tools make to learn the interfaces' names is left out.
fn sent(program: &str, args: &[&str]) -> Vec<Vec<u8>> {
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=sendmsg,sendto", "-e", "write=all"])
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run strace");
    let mut buffers: Vec<Vec<u8>> = Vec::new();
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        if line.contains("sendto(") || line.contains("sendmsg(") {
            buffers.push(Vec::new());
        } else if let (Some(hex), Some(buf)) = (
            line.strip_prefix(" | ")
                .and_then(|l| l.get(7..l.len().min(56))),
            buffers.last_mut(),
        ) {
            buf.extend(
                hex.split_whitespace()
                    .map(|b| u8::from_str_radix(b, 16).expect("strace hex dump")),
            );
        }
    }
    let mut msgs = Vec::new();
    for b in buffers {
        // A dump request may go out with the whole buffer reserved for it: what follows
        // nlmsg_len is not part of the message.
        let mut off = 0;
        while off + 16 <= b.len() {
            let len = u32::from_ne_bytes(b[off..off + 4].try_into().unwrap()) as usize;
            if len < 16 || off + len > b.len() {
                break;
            }
            let mut m = b[off..off + len].to_vec();
            m[8..16].fill(0);
            // A lookup (RTM_GET*, not a dump): `nlctl` asks for an acknowledgement of it too,
            // since its engine ends every request on one; `bridge` does not.
            let kind = u16::from_ne_bytes([m[4], m[5]]);
            if kind >= 16 && kind % 4 == 2 && m[7] & 0x03 == 0 {
                m[6] &= !0x04;
            }
            let names = u16::from_ne_bytes([m[4], m[5]]) == 18 && m.get(16) == Some(&0);
            if !names {
                msgs.push(m);
            }
            off += (len + 3) & !3;
        }
    }
    // `bridge mdb show` makes the same dump twice (memberships, then router ports), where
    // `nlctl` reads both from one.
    msgs.dedup();
    msgs
}

#[test]
fn requests_are_the_bytes_bridge_sends() {
    // What this kernel lacks (bridge VLAN filtering) it refuses whoever asks; so, for those
    // commands above all, the oracle is the request itself: the messages `nlctl bridge` sends
    // must be those `bridge` sends, byte for byte but for the sequence number and port id.
    let ns = setup(true);
    for line in [
        "vlan add vid 10 dev v1 pvid untagged master",
        "vlan add vid 20-30 dev v1 untagged self",
        "vlan add vid 40-42 dev vx0 tunnel_info id 1040-1042",
        "vlan add vid 50 dev vx0 tunnel_info id 1050",
        "vlan add dev v3 vid 7 master self",
        "vlan del vid 10 dev v1",
        "vlan del vid 20-30 dev v1 master",
        "vlan set vid 10-12 dev v1 state forwarding mcast_router 2",
        "vlan set dev v1 vid 13 state 4",
        "vlan global set vid 10 dev br0 mcast_snooping 1 mcast_querier 1 mcast_igmp_version 3 \
         mcast_mld_version 2 mcast_last_member_count 3 mcast_startup_query_count 4 \
         mcast_last_member_interval 200 mcast_membership_interval 26000 \
         mcast_querier_interval 25500 mcast_query_interval 12500 \
         mcast_query_response_interval 1000 mcast_startup_query_interval 3125",
        "vlan global set dev br0 vid 20-25 mcast_snooping 0",
        "vlan show",
        "vlan show dev v1",
        "-compressvlans vlan show",
        "vlan tunnelshow",
        "-d vlan show",
        "-d -s vlan show",
        "vlan global show",
        "link set dev v1 hwmode vepa self",
        "link set dev v1 hwmode veb",
        "link set dev v1 nobackup_port master",
        "link show",
        "fdb add 02:00:00:00:00:aa dev v1 master static vlan 10",
        "fdb replace 02:00:00:00:00:cc dev v1 master dynamic sticky extern_learn vlan 11",
        "fdb add 02:00:00:00:00:ee dev v1 master router use local",
        "fdb del 02:00:00:00:00:aa dev v1 master vlan 10",
        "fdb get 02:00:00:00:00:aa br br0 vlan 10 master",
        "fdb flush dev br0 brport v1 vlan 10 master nopermanent dynamic noextern_learn sticky",
        // Not `fdb show brport PORT`: `bridge` filters by the port in ndm_ifindex, `nlctl` in
        // NDA_IFINDEX, as `ip neigh show dev` does; the kernel reads both the same (see
        // `show_commands_print_what_bridge_prints`).
        "fdb show br br0",
        "fdb show vlan 10",
        "mdb show",
        "mdb add dev br0 port v1 grp 239.1.1.1 permanent vid 10",
        "mdb del dev br0 port v1 grp 239.1.1.1 vid 10",
        "vni show",
        "-s vni show dev vx1",
        "vni add dev vx1 vni 100",
        "vni add dev vx1 vni 300,301-303 remote 2001:db8::7",
        "vni add dev vx1 vni 200-210 group 239.1.1.100",
        "vni delete dev vx1 vni 100",
        "fdb add 02:00:00:00:00:bb dev vx0 dst 192.0.2.21 port 4790 vni 100 src_vni 42 via v0 \
         self permanent",
        "fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.20",
        "fdb get 02:00:00:00:00:bb dev vx0 vni 100 self",
        "fdb flush dev vx0 permanent",
        "link set dev v1 cost 10 priority 5 state 3 guard on hairpin on fastleave on \
         root_block off learning off learning_sync off flood off mcast_router 2 mcast_flood off \
         bcast_flood off mcast_to_unicast on neigh_suppress on vlan_tunnel off isolated on \
         locked off backup_port v3",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        let mut theirs_args = vec!["-n", ns.name()];
        theirs_args.extend(&args);
        let mut ours_args = vec!["-n", ns.name(), "bridge"];
        ours_args.extend(&args);
        let theirs = sent("bridge", &theirs_args);
        let ours = sent(NLCTL, &ours_args);
        assert!(!theirs.is_empty(), "bridge {line} sent nothing");
        assert_eq!(ours, theirs, "bridge {line}");
    }
}

#[test]
fn monitor_prints_what_bridge_monitor_prints() {
    let ns = setup(true);
    let run = |line: &str| {
        let o = bridge(&ns, &line.split_whitespace().collect::<Vec<_>>());
        assert!(o.status.success(), "bridge {line}: {o:?}");
    };
    for (args, probe, probe_undo, sentinel, sentinel_cmd) in [
        (
            &["monitor"][..],
            "fdb add 02:00:00:00:00:ee dev v1 master static",
            "fdb del 02:00:00:00:00:ee dev v1 master",
            "02:00:00:00:00:ff",
            "fdb add 02:00:00:00:00:ff dev v1 master static",
        ),
        (
            &["monitor", "fdb", "mdb", "vni"],
            "fdb add 02:00:00:00:00:ee dev v1 master static",
            "fdb del 02:00:00:00:00:ee dev v1 master",
            "02:00:00:00:00:ff",
            "fdb add 02:00:00:00:00:ff dev v1 master static",
        ),
        (
            &["monitor", "all"],
            "fdb add 02:00:00:00:00:ee dev v1 master static",
            "fdb del 02:00:00:00:00:ee dev v1 master",
            "02:00:00:00:00:ff",
            "fdb add 02:00:00:00:00:ff dev v1 master static",
        ),
        (
            &["-d", "monitor", "link"],
            "link set dev v1 priority 33",
            "link set dev v1 priority 32",
            "priority 17",
            "link set dev v3 priority 17",
        ),
    ] {
        let mut b = Command::new("bridge");
        b.args(["-n", ns.name()]).args(args);
        let mut n = Command::new(NLCTL);
        n.args(["-n", ns.name(), "bridge"]).args(args);
        let (theirs, their_rx) = spawn_lines(b);
        let theirs = lines::Monitor(theirs);
        let (ours, our_rx) = spawn_lines(n);
        let ours = lines::Monitor(ours);
        // Both listen once both have printed a probe event.
        until_both_listen(
            &their_rx,
            &our_rx,
            || {
                run(probe);
                run(probe_undo);
            },
            &format!("{args:?}"),
        );
        for line in [
            "fdb add 02:00:00:00:00:c1 dev v1 master static",
            "fdb add 02:00:00:00:00:c2 dev vx0 dst 192.0.2.30 vni 5 self",
            "fdb del 02:00:00:00:00:c1 dev v1 master",
            "fdb del 02:00:00:00:00:c2 dev vx0 self",
            "mdb add dev br0 port v1 grp 239.5.5.5 permanent",
            "mdb del dev br0 port v1 grp 239.5.5.5",
            "link set dev v1 mcast_router 2",
            "vni add dev vx1 vni 700-705",
            "vni delete dev vx1 vni 700-705",
            "link set dev v3 cost 9 learning off",
            sentinel_cmd,
        ] {
            run(line);
        }
        let keep = |rx: &std::sync::mpsc::Receiver<String>| -> Vec<String> {
            lines_until(rx, sentinel)
                .into_iter()
                .filter(|l| !l.contains("02:00:00:00:00:ee") && !l.contains("priority 3"))
                .collect()
        };
        let (a, b) = (keep(&their_rx), keep(&our_rx));
        assert_eq!(b, a, "{args:?}");
        drop((theirs, ours));
        // The sentinel entry, where there is one, goes before the next round.
        let _ = bridge(
            &ns,
            &["fdb", "del", "02:00:00:00:00:ff", "dev", "v1", "master"],
        );
    }
}

/// Records the notifications of the bridge groups in `ns` while `commands` run, as `rtmon`
/// writes a file: each message, padded to 4 bytes, after the other. The recording ends once
/// the last command's event (an FDB entry for `sentinel`) has been seen.
fn record(ns: &TestNs, commands: &[&str], sentinel: [u8; 6]) -> Vec<u8> {
    use netlink::{Connection, Group};
    let conn = Connection::with_options(netlink::ConnectionOptions::default().netns(ns.path()))
        .expect("a connection in the namespace");
    let (tx, rx) = std::sync::mpsc::channel::<netlink::Message>();
    conn.handle(move |m| {
        let _ = tx.send(m.clone());
    });
    for g in [
        Group::LINK,
        Group::NEIGH,
        Group::MDB,
        Group::BRVLAN,
        Group::TUNNEL,
    ] {
        conn.subscribe(g).expect("subscribe");
    }
    for line in commands {
        let mut words = line.split_whitespace();
        let tool = words.next().unwrap();
        let out = Command::new(tool)
            .args(["-n", ns.name()])
            .args(words)
            .output()
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(out.status.success(), "{line}: {out:?}");
    }
    let mut file = Vec::new();
    loop {
        let msg = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the sentinel's notification");
        let bytes = msg.to_bytes().unwrap();
        file.extend_from_slice(&bytes);
        file.resize(file.len().next_multiple_of(4), 0);
        if msg.message_type().0 == 28 && bytes.windows(6).any(|w| w == sentinel) {
            return file;
        }
    }
}

/// `bridge monitor file FILE`: from a file of real notifications recorded in the namespace
/// (links, ports, FDB, MDB and VNI changes), and from cut or malformed files, `nlctl` prints
/// what `bridge` 6.1 prints for the same file in the same namespace, with the same options
/// (`-d`, `-s`, `all`), messages and exit status.
#[test]
fn monitor_file_prints_what_bridge_prints() {
    let ns = setup(true);
    let file = record(
        &ns,
        &[
            "ip link add v9 type veth peer name v8",
            "ip link set v9 master br0",
            "ip link set v9 up",
            "bridge fdb add 02:00:00:00:00:c1 dev v1 master static",
            "bridge fdb del 02:00:00:00:00:c1 dev v1 master",
            "bridge fdb add 02:00:00:00:00:c2 dev vx0 dst 192.0.2.30 vni 5 self",
            "bridge mdb add dev br0 port v1 grp 239.5.5.5 permanent",
            "bridge mdb del dev br0 port v1 grp 239.5.5.5",
            "bridge link set dev v1 mcast_router 2",
            "bridge link set dev v3 cost 9 learning off",
            "bridge vni add dev vx1 vni 700-705",
            "bridge vni delete dev vx1 vni 700-705",
            "ip link del v9",
            "bridge fdb add 02:00:00:00:00:ff dev v1 master static",
        ],
        [2, 0, 0, 0, 0, 0xff],
    );
    let dir = std::env::temp_dir().join(format!("nlctl-monitor-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    };
    let whole = write("whole", &file);
    let header = |len: u32| {
        let mut h = len.to_ne_bytes().to_vec();
        h.extend_from_slice(&[0u8; 12]);
        h
    };
    // The first messages, up to the first boundary past the middle of the file.
    let mut boundary = 0;
    while boundary < file.len() / 2 {
        let len = u32::from_ne_bytes(file[boundary..boundary + 4].try_into().unwrap());
        boundary += (len as usize).next_multiple_of(4);
    }
    let malformed = file.get(..boundary).unwrap().to_vec();
    let mut cases: Vec<(Vec<&str>, String)> = Vec::new();
    for opts in [&[][..], &["-d"], &["-s"], &["-d", "-s"]] {
        for words in [&["monitor", "file"][..], &["monitor", "all", "file"]] {
            cases.push(([opts, words].concat(), whole.clone()));
        }
    }
    // Cut inside a header, inside a payload and in the last message's padding; a length
    // below a header's and one above bridge's 16 KiB buffer.
    for (name, bytes) in [
        ("cut-header", file.get(..10).unwrap().to_vec()),
        ("cut-payload", file.get(..100).unwrap().to_vec()),
        ("cut-end", file.get(..file.len() - 1).unwrap().to_vec()),
        ("short-len", [malformed.clone(), header(8)].concat()),
        (
            "long-len",
            [malformed, header(20_000), vec![0; 20_000]].concat(),
        ),
        ("empty", Vec::new()),
    ] {
        cases.push((vec!["monitor", "file"], write(name, &bytes)));
    }
    cases.push((
        vec!["monitor", "file"],
        dir.join("missing").to_string_lossy().into_owned(),
    ));
    for (args, path) in &cases {
        let mut a = args.clone();
        a.push(path);
        let theirs = bridge(&ns, &a);
        let ours = nlctl(&ns, &a);
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout),
            "{a:?}"
        );
        assert_eq!(ours.status.code(), theirs.status.code(), "{a:?}: {ours:?}");
        assert_eq!(
            String::from_utf8_lossy(&ours.stderr),
            String::from_utf8_lossy(&theirs.stderr),
            "{a:?}"
        );
    }
    // The whole file printed something of every kind it holds.
    let out = String::from_utf8(nlctl(&ns, &["monitor", "file", &whole]).stdout).unwrap();
    for needle in [
        "02:00:00:00:00:ff",
        "grp 239.5.5.5",
        "Deleted",
        "v9",
        "cost 9",
    ] {
        assert!(out.contains(needle), "{needle} missing from\n{out}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An `NLMSG_TSTAMP` in the file (as `rtmon` writes them) prints `bridge`'s `Timestamp:` line.
#[test]
fn monitor_file_prints_timestamps_as_bridge() {
    let ns = TestNs::new();
    let mut file = Vec::new();
    for (secs, usecs) in [
        (1_764_666_000u32, 123_456u32),
        (0, 7),
        (2_000_000_000, 4_000_000),
    ] {
        file.extend_from_slice(&24u32.to_ne_bytes());
        file.extend_from_slice(&15u16.to_ne_bytes());
        file.extend_from_slice(&[0; 10]);
        file.extend_from_slice(&secs.to_ne_bytes());
        file.extend_from_slice(&usecs.to_ne_bytes());
    }
    let path = std::env::temp_dir().join(format!("nlctl-monitor-ts-{}", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    let p = path.to_string_lossy();
    let run = |program: &str, pre: &[&str]| {
        Command::new(program)
            .env("TZ", "UTC")
            .args(["-n", ns.name()])
            .args(pre)
            .args(["monitor", "file", &p])
            .output()
            .unwrap()
    };
    let theirs = run("bridge", &[]);
    let ours = run(NLCTL, &["bridge"]);
    std::fs::remove_file(&path).unwrap();
    assert!(theirs.status.success(), "{theirs:?}");
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout)
    );
    assert_eq!(ours.status.code(), theirs.status.code(), "{ours:?}");
}
