//! `nlctl token`, `mrule`, `mroute`, `vrf`, `tunnel` and `tuntap` on the real kernel, against
//! `ip` 6.1: each show prints the same bytes as `ip`'s (text and `-j`) in the same namespace,
//! each change made by one tool in one namespace and by the other in a twin leaves the same
//! state, and the words `ip` refuses are refused with its exit status.

mod common;

use std::process::{Command, Output, Stdio};

use common::{NLCTL, Tool, run_in, stdout_of};
use netlink_testns::TestNs;

/// The tool a program name is.
fn tool(program: &str) -> Tool {
    if program == "ip" {
        Tool::Ip
    } else {
        Tool::Nlctl
    }
}

/// `program -n NS args`.
fn run(program: &str, ns: &TestNs, args: &[&str]) -> Output {
    run_in(tool(program), ns, args)
}

/// The output of `program -n NS args`, which must succeed.
fn ok(program: &str, ns: &TestNs, args: &[&str]) -> String {
    stdout_of(tool(program), ns, args)
}

/// For each line of `cases`, `ip` in `theirs` and `nlctl` in `ours` exit with its status.
fn statuses(theirs: &TestNs, ours: &TestNs, cases: &[(&[&str], i32)]) {
    for (args, code) in cases {
        let ip = run("ip", theirs, args).status.code();
        assert_eq!(ip, Some(*code), "ip {args:?}");
        let nl = run(NLCTL, ours, args).status.code();
        assert_eq!(nl, Some(*code), "nlctl {args:?}");
    }
}

/// Both tools print the same bytes for `args`, in text and with `-j`, on `ns`; `ip`'s output
/// must not be empty unless `may_be_empty`.
fn same(ns: &TestNs, args: &[&str], may_be_empty: bool) {
    let mut j = vec!["-j"];
    j.extend_from_slice(args);
    for a in [args, &j[..]] {
        let theirs = ok("ip", ns, a);
        assert!(
            may_be_empty || !theirs.trim().is_empty(),
            "ip {a:?} printed nothing: the comparison would prove nothing"
        );
        assert_eq!(ok(NLCTL, ns, a), theirs, "{a:?}");
    }
}

/// A namespace with a veth pair up (`va`, `vb`), IPv6 on.
fn veths() -> TestNs {
    let ns = TestNs::new();
    ns.ip_batch(
        "link set lo up\n\
         link add va type veth peer name vb\n\
         link set va up\n\
         link set vb up\n",
    );
    ns
}

#[test]
fn token_list_set_get_del_as_ip() {
    let (a, b) = (veths(), veths());
    same(&a, &["token"], false);
    same(&a, &["token", "list", "dev", "va"], false);
    // Set with each tool in its own namespace; both then show the same, with ip's spelling
    // of an address whose first 96 bits are zero (`::0.1.0.2`).
    for args in [
        &["token", "set", "::1:2", "dev", "va"][..],
        &["token", "set", "::1a:2b:3c:4d", "dev", "vb"],
    ] {
        ok("ip", &a, args);
        ok(NLCTL, &b, args);
    }
    let shown = ok("ip", &b, &["token"]);
    assert!(shown.contains("token ::0.1.0.2 dev va"), "{shown}");
    assert_eq!(shown, ok("ip", &a, &["token"]));
    same(&b, &["token"], false);
    same(&b, &["token", "get", "dev", "vb"], false);
    ok("ip", &a, &["token", "del", "dev", "va"]);
    ok(NLCTL, &b, &["token", "del", "dev", "va"]);
    assert_eq!(ok("ip", &a, &["token"]), ok("ip", &b, &["token"]));
    // What ip refuses, with its exit status.
    statuses(
        &a,
        &a,
        &[
            (&["token", "set", "dev", "va"], 1),
            (&["token", "del"], 1),
            (&["token", "set", "::5", "dev", "nosuch"], 255),
            (&["token", "bogus"], 255),
        ],
    );
}

#[test]
fn mrule_show_add_del_flush_as_ip() {
    let (a, b) = (veths(), veths());
    // A fresh namespace has the default rule of each multicast routing family.
    same(&a, &["mrule"], false);
    same(&a, &["-6", "mrule"], false);
    for args in [
        &["mrule", "add", "iif", "va", "table", "11", "pref", "101"][..],
        &["mrule", "add", "fwmark", "7", "lookup", "12"],
        &[
            "-6", "mrule", "add", "oif", "vb", "table", "13", "pref", "102",
        ],
        &["mrule", "del", "pref", "101"],
    ] {
        ok("ip", &a, args);
        ok(NLCTL, &b, args);
        for show in [&["mrule"][..], &["-6", "mrule"]] {
            assert_eq!(ok("ip", &a, show), ok("ip", &b, show), "after {args:?}");
        }
    }
    same(&b, &["mrule"], false);
    same(&b, &["-6", "mrule", "show"], false);
    // ip reads no address of these families.
    let args = ["mrule", "add", "from", "192.0.2.0/24", "table", "10"];
    assert_eq!(run("ip", &a, &args).status.code(), Some(1));
    assert_eq!(run(NLCTL, &b, &args).status.code(), Some(1));
    ok("ip", &a, &["mrule", "flush"]);
    ok(NLCTL, &b, &["mrule", "flush"]);
    assert_eq!(ok("ip", &a, &["mrule"]), ok("ip", &b, &["mrule"]));
    same(&b, &["mrule"], true);
}

/// `text` with every number after `Age ` (text) or `"expires":` (JSON, `-p`'s space kept)
/// replaced by `AGE`: the age grows between the two tools' runs.
fn age_masked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = ["Age ", "\"expires\":"]
        .iter()
        .filter_map(|k| rest.find(k).map(|i| i + k.len()))
        .min()
    {
        // `-p` puts a space after the colon.
        let value = rest[at..].trim_start_matches(' ');
        out.push_str(&rest[..rest.len() - value.len()]);
        rest = value.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        out.push_str("AGE");
    }
    out.push_str(rest);
    out
}

#[test]
fn the_age_mask_hides_the_number_alone() {
    assert_eq!(
        age_masked("x, Age 12.34 Table: default\n"),
        "x, Age AGE Table: default\n"
    );
    assert_eq!(
        age_masked("{\"expires\":0.83,\"table\":\"default\"}"),
        "{\"expires\":AGE,\"table\":\"default\"}"
    );
    assert_eq!(
        age_masked("\"expires\": 0.1,\n\"expires\": 12\n"),
        "\"expires\": AGE,\n\"expires\": AGE\n"
    );
}

#[test]
fn a_multicast_forwarding_entry_shows_as_ip_with_its_counters_and_age() {
    let ns = veths();
    ns.ip_batch("addr add 192.0.2.1/24 dev va\naddr add 198.51.100.1/24 dev vb\n");
    let _entry = ns.multicast_route(
        "va",
        "vb",
        "192.0.2.10".parse().unwrap(),
        "233.252.0.1".parse().unwrap(),
    );
    same(&ns, &["mroute"], false);
    same(&ns, &["mroute", "show", "table", "all"], false);
    same(&ns, &["mroute", "show", "iif", "va"], false);
    same(&ns, &["-d", "mroute", "show", "table", "all"], false);
    for args in [
        &["-s", "mroute"][..],
        &["-s", "-j", "mroute"],
        &["-s", "-o", "mroute"],
        &["-s", "-j", "-p", "mroute", "show", "table", "all"],
    ] {
        let theirs = ok("ip", &ns, args);
        assert!(theirs.contains("packets"), "ip {args:?}: {theirs}");
        assert_eq!(
            age_masked(&ok(NLCTL, &ns, args)),
            age_masked(&theirs),
            "{args:?}"
        );
    }
}

#[test]
fn mroute_vrf_tunnel_tuntap_show_as_ip() {
    let ns = veths();
    // Without a multicast routing daemon, VRFs or tunnel modules these are empty, and must
    // be empty the same way (vrf prints its table's header and a sentence).
    for args in [
        &["mroute"][..],
        &["-6", "mroute"],
        &["mroute", "show", "table", "all"],
        &["mroute", "show", "iif", "va"],
        &["vrf"],
        &["vrf", "show"],
        &["tunnel"],
        &["-6", "tunnel", "show"],
        &["tuntap"],
    ] {
        same(&ns, args, true);
    }
    statuses(
        &ns,
        &ns,
        &[
            (&["mroute", "show", "224.0.0.0/4"], 1),
            (&["mroute", "show", "iif", "nosuch"], 1),
            (&["mroute", "bogus"], 255),
            (&["vrf", "show", "va"], 255),
            (&["vrf", "bogus"], 255),
        ],
    );
    // tun and tap links made by ip, listed by both.
    ns.ip_batch(
        "tuntap add dev tp0 mode tap\n\
         tuntap add dev tn0 mode tun user 1000 group 100 multi_queue\n\
         tuntap add dev tn1 mode tun vnet_hdr\n",
    );
    same(&ns, &["tuntap"], false);
    same(&ns, &["tuntap", "show"], false);
}

/// `program args` with `stdin` as its standard input: a file (which `ip route restore` needs,
/// as it rereads its input), or a pipe when `piped`.
fn fed_by(program: &str, ns: &TestNs, args: &[&str], stdin: &[u8], piped: bool) -> Output {
    use std::io::Write;
    use std::sync::atomic::{AtomicU32, Ordering};
    static FILES: AtomicU32 = AtomicU32::new(0);
    let mut c = Command::new(program);
    c.args(["-n", ns.name()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if piped {
        let mut child = c
            .stdin(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {program} {args:?}: {e}"));
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        return child.wait_with_output().expect("wait");
    }
    let path = std::env::temp_dir().join(format!(
        "nlctl-objects-{}-{}",
        std::process::id(),
        FILES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, stdin).expect("write the input file");
    let file = std::fs::File::open(&path).expect("open the input file");
    let out = c
        .stdin(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} {args:?}: {e}"));
    std::fs::remove_file(&path).expect("remove the input file");
    out
}

/// [`fed_by`] from a file.
fn fed(program: &str, ns: &TestNs, args: &[&str], stdin: &[u8]) -> Output {
    fed_by(program, ns, args, stdin, false)
}

/// `bytes` with every message header's sequence number and port id zeroed (the dump's own);
/// the messages follow the 4-byte magic number.
fn without_seq_and_port(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let mut at = 4;
    while at + 16 <= b.len() {
        let len = u32::from_ne_bytes(b[at..at + 4].try_into().unwrap()) as usize;
        assert!(len >= 16, "a message of {len} bytes at {at}");
        b[at + 8..at + 16].fill(0);
        at += (len + 3) & !3;
    }
    assert_eq!(at, b.len(), "the stream ends inside a message");
    b
}

/// [`veths`] with addresses, routes (through a gateway, and with a preferred source) and a
/// rule to save and restore.
fn addressed() -> TestNs {
    let ns = veths();
    ns.ip_batch(
        "addr add 192.0.2.1/24 dev va\n\
         addr add 2001:db8::1/64 dev va nodad\n\
         route add 198.51.100.0/24 via 192.0.2.254\n\
         route add 203.0.113.0/24 dev va src 192.0.2.1\n\
         rule add from 203.0.113.0/24 table 100 priority 100\n",
    );
    ns
}

#[test]
fn save_and_showdump_as_ip() {
    let ns = addressed();
    // Rules and IPv4 routes carry no times: the streams are ip's, bytes for bytes, but for
    // the dump's sequence number and port id.
    for args in [
        &["rule", "save"][..],
        &["-4", "route", "save"],
        &["route", "save", "table", "local"],
        &["-4", "addr", "save", "dev", "va"],
    ] {
        let theirs = run("ip", &ns, args);
        let ours = run(NLCTL, &ns, args);
        assert!(theirs.status.success() && ours.status.success(), "{args:?}");
        assert!(theirs.stdout.len() > 4, "ip {args:?} saved nothing");
        assert_eq!(
            without_seq_and_port(&ours.stdout),
            without_seq_and_port(&theirs.stdout),
            "{args:?}"
        );
    }
    // Each tool reads the other's stream and prints what ip prints.
    for (save, show) in [
        (&["addr", "save"][..], &["addr", "showdump"][..]),
        (&["addr", "save"], &["-j", "addr", "showdump"]),
        (&["route", "save"], &["route", "showdump"]),
    ] {
        let from_ip = run("ip", &ns, save).stdout;
        let from_us = run(NLCTL, &ns, save).stdout;
        let a = fed("ip", &ns, show, &from_us);
        let b = fed(NLCTL, &ns, show, &from_ip);
        assert!(a.status.success() && b.status.success(), "{show:?}");
        assert!(!a.stdout.is_empty(), "ip {show:?} printed nothing");
        assert_eq!(b.stdout, a.stdout, "{show:?}");
    }
    // A stream without its magic number, or cut inside a message, is refused as ip does.
    let whole = run("ip", &ns, &["addr", "save"]).stdout;
    for (show, stream, code) in [
        (&["addr", "showdump"][..], &b""[..], 255),
        (&["route", "showdump"], &b""[..], 1),
        (&["addr", "showdump"], &whole[..30], 255),
    ] {
        assert_eq!(fed("ip", &ns, show, stream).status.code(), Some(code));
        assert_eq!(fed(NLCTL, &ns, show, stream).status.code(), Some(code));
    }
}

#[test]
fn tuntap_add_del_as_ip() {
    let (a, b) = (TestNs::new(), TestNs::new());
    for args in [
        &["tuntap", "add", "dev", "tp0", "mode", "tap"][..],
        &[
            "tuntap",
            "add",
            "dev",
            "tn0",
            "mode",
            "tun",
            "user",
            "1000",
            "group",
            "100",
            "multi_queue",
        ],
        &["tuntap", "add", "mode", "tap"],
        &[
            "tuntap", "add", "name", "tn1", "mode", "tun", "pi", "vnet_hdr",
        ],
        &["tuntap", "del", "dev", "tn0", "mode", "tun", "multi_queue"],
    ] {
        ok("ip", &a, args);
        ok(NLCTL, &b, args);
        // ip lists each namespace's devices, which must be the same.
        assert_eq!(
            ok("ip", &a, &["tuntap"]),
            ok("ip", &b, &["tuntap"]),
            "after {args:?}"
        );
    }
    assert!(ok("ip", &b, &["tuntap"]).contains("tn1: tun pi vnet_hdr persist filter"));
    same(&b, &["tuntap"], false);
    // What ip refuses, with its exit status: an existing name, no mode, a bad user, a kind
    // that is not the device's.
    statuses(
        &a,
        &b,
        &[
            (&["tuntap", "add", "dev", "tp0", "mode", "tap"], 1),
            (&["tuntap", "add", "dev", "x1"], 1),
            (
                &[
                    "tuntap",
                    "add",
                    "dev",
                    "x2",
                    "mode",
                    "tap",
                    "user",
                    "no-such-user",
                ],
                255,
            ),
            (&["tuntap", "add", "dev", "x3", "mode", "tap", "bogus"], 255),
            (&["tuntap", "del", "dev", "tp0", "mode", "tun"], 1),
        ],
    );
    assert_eq!(ok("ip", &a, &["tuntap"]), ok("ip", &b, &["tuntap"]));
}

#[test]
fn restore_as_ip() {
    let source = addressed();
    let save = |args: &[&str]| run("ip", &source, args).stdout;
    let addrs = save(&["addr", "save", "scope", "global"]);
    let routes = save(&["-4", "route", "save"]);
    let rules = save(&["rule", "save"]);
    let (a, b) = (veths(), veths());
    for (args, stream) in [
        (&["addr", "restore"][..], &addrs),
        (&["route", "restore"], &routes),
        (&["rule", "restore"], &rules),
        // Again: what exists already is skipped, and the rules are added twice, as ip does.
        (&["addr", "restore"], &addrs),
        (&["rule", "restore"], &rules),
    ] {
        let theirs = fed("ip", &a, args, stream);
        let ours = fed(NLCTL, &b, args, stream);
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert!(theirs.status.success(), "ip {args:?}");
    }
    for show in [
        // Brief: without the links' random hardware addresses.
        &["-br", "addr", "show", "scope", "global"][..],
        &["-j", "-4", "route", "show", "table", "all"],
        // The local table holds the link-local addresses, made of the random hardware ones.
        &["-j", "-6", "route"],
        &["-j", "rule"],
    ] {
        assert_eq!(ok("ip", &a, show), ok("ip", &b, show), "{show:?}");
    }
    assert!(ok("ip", &b, &["route"]).contains("198.51.100.0/24 via 192.0.2.254"));
    // Refused as ip refuses: no magic number (each object its status), a route stream on a
    // pipe (ip rereads it for each pass), a device the namespace lacks.
    let empty = TestNs::new();
    for (args, stream, code) in [
        (&["addr", "restore"][..], &b""[..], 255),
        (&["rule", "restore"], &b""[..], 255),
        (&["addr", "restore"], &addrs[..], 255),
    ] {
        assert_eq!(fed("ip", &empty, args, stream).status.code(), Some(code));
        assert_eq!(fed(NLCTL, &empty, args, stream).status.code(), Some(code));
    }
    for program in ["ip", NLCTL] {
        let piped = fed_by(program, &b, &["route", "restore"], &routes, true);
        assert_eq!(
            piped.status.code(),
            Some(1),
            "{program}: a route restore from a pipe"
        );
    }
}
