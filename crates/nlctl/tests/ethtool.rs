//! `nlctl ethtool` against `ethtool` 6.1 on veth, bridge, tap and loopback devices in fresh
//! namespaces: the queries line for line with the same exit status on the same namespace,
//! `--json -k` value by value, and each change run by `ethtool` in one twin namespace and by
//! `nlctl` in the other, compared by what each printed, its exit status and the state it
//! left; what these drivers do not support fails with `ethtool`'s status and the kernel's
//! errno and message.

use std::process::{Command, Output, Stdio};

use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

/// A namespace with a veth pair (up), a bridge and a tap device.
fn lab() -> TestNs {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
link set v0 up
link set v1 up
link add br0 type bridge
tuntap add mode tap tap0
",
    );
    ns
}

fn nlctl(ns: &TestNs, args: &[&str]) -> Output {
    Command::new(NLCTL)
        .args(["-n", ns.name(), "ethtool"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run nlctl")
}

fn ethtool(ns: &TestNs, args: &[&str]) -> Output {
    Command::new("ip")
        .args(["netns", "exec", ns.name(), "ethtool"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run ethtool")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The same standard output and exit status; for a failure, the errno `ethtool` names and
/// the kernel's message it shows.
fn same(ours: &Output, theirs: &Output, what: &str) {
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "{what}: ours {:?}, ethtool {:?}",
        stderr(ours),
        stderr(theirs)
    );
    assert_eq!(stdout(ours), stdout(theirs), "{what}");
    for line in stderr(theirs).lines() {
        // `netlink error: MESSAGE (offset N)` then `netlink error: ERRNO TEXT`.
        let Some(rest) = line.strip_prefix("netlink error: ") else {
            continue;
        };
        let message = rest.split(" (offset").next().unwrap_or(rest);
        assert!(
            stderr(ours).contains(message),
            "{what}: {message:?} not in {:?}",
            stderr(ours)
        );
    }
}

#[test]
fn queries_print_as_ethtool_does() {
    let ns = lab();
    for dev in ["v0", "br0", "tap0", "lo", "nosuchdev"] {
        for opt in [
            &[][..],
            &["-k"],
            &["--show-features"],
            &["-g"],
            &["-l"],
            &["-c"],
            &["-T"],
            &["-a"],
            &["--show-eee"],
            &["--show-priv-flags"],
        ] {
            let args = [opt, &[dev]].concat();
            same(
                &nlctl(&ns, &args),
                &ethtool(&ns, &args),
                &format!("{args:?}"),
            );
        }
    }
    // Something was printed for each kind of query, so the test compares what it should.
    assert!(stdout(&ethtool(&ns, &["v0"])).contains("Speed: 10000Mb/s"));
    assert!(stdout(&ethtool(&ns, &["tap0"])).contains("Current message level"));
    assert!(stdout(&ethtool(&ns, &["-c", "tap0"])).contains("rx-frames: 0"));
    assert!(stdout(&ethtool(&ns, &["-l", "v0"])).contains("Pre-set maximums"));
    assert!(ethtool(&ns, &["-g", "v0"]).status.code() == Some(1));
}

#[test]
fn json_features_match_ethtool_value_by_value() {
    let ns = lab();
    for dev in ["v0", "br0", "tap0", "lo"] {
        let theirs: Value =
            serde_json::from_str(&stdout(&ethtool(&ns, &["--json", "-k", dev]))).unwrap();
        for ours in [
            nlctl(&ns, &["--json", "-k", dev]),
            Command::new(NLCTL)
                .args(["-n", ns.name(), "-j", "ethtool", "-k", dev])
                .output()
                .unwrap(),
        ] {
            assert!(ours.status.success(), "{}", stderr(&ours));
            let ours: Value = serde_json::from_str(&stdout(&ours)).unwrap();
            assert_eq!(ours, theirs, "{dev}");
            // In ethtool's order, too.
            let keys =
                |v: &Value| -> Vec<String> { v[0].as_object().unwrap().keys().cloned().collect() };
            assert_eq!(keys(&ours), keys(&theirs));
        }
    }
    let o = nlctl(&ns, &["--json", "-k", "nosuchdev"]);
    same(
        &o,
        &ethtool(&ns, &["--json", "-k", "nosuchdev"]),
        "json nosuchdev",
    );
}

/// Two namespaces built alike: `ethtool` changes one, `nlctl` the other.
fn twins() -> (TestNs, TestNs) {
    (lab(), lab())
}

/// What a device's settings are, as `ethtool` reads them, for comparing twins.
fn state(ns: &TestNs, dev: &str) -> String {
    ["-k", "-l", "-c"]
        .iter()
        .map(|o| stdout(&ethtool(ns, &[o, dev])))
        .collect()
}

#[test]
fn changes_do_what_ethtool_does() {
    let (a, b) = twins();
    for args in [
        &["-K", "v0", "gro", "off"][..],
        &["-K", "v0", "gro", "on"],
        &["-K", "v0", "rx-gro-list", "on", "tx-nocache-copy", "on"],
        &["-K", "v0", "sg", "off"],
        &["-K", "v0", "sg", "on", "tso", "off"],
        &["-K", "v0", "tso", "on", "--"],
        &["-K", "v0", "lro", "on"],
        &["-K", "v0"],
        &["-K", "v0", "no-such-feature", "on"],
        &["-K", "nosuchdev", "gro", "on"],
        &["-K", "v0", "gro"],
        &["-K", "v0", "gro", "maybe"],
        &["-K", "lo", "tx", "off"],
        &["-G", "v0", "rx", "10"],
        &["-G", "nosuchdev", "rx", "10"],
        &["-G", "tap0", "foo", "1"],
        &["-G", "v0", "rx", "1", "rx", "2"],
        &["-G", "v0", "rx", "x"],
        &["-L", "v0", "rx", "2"],
        &["-L", "v0", "rx", "3"],
        &["-L", "v0", "tx", "1", "rx", "1"],
        &["-L", "v0", "combined", "1"],
        &["-L", "tap0", "combined", "5"],
        &["-L", "br0", "rx", "1"],
        &["-L", "v0", "rx"],
        &["-L", "v0"],
        &["-C", "tap0", "rx-frames", "5"],
        &["-C", "tap0", "rx-frames", "0"],
        &["-C", "tap0", "tx-usecs", "5"],
        &["-C", "v0", "rx-frames", "5"],
        &["-C", "tap0", "rx-frames", "-1"],
        &["-C", "tap0"],
    ] {
        let theirs = ethtool(&a, args);
        let ours = nlctl(&b, args);
        same(&ours, &theirs, &format!("{args:?}"));
        for dev in ["v0", "tap0", "lo"] {
            assert_eq!(state(&a, dev), state(&b, dev), "{args:?}: {dev}");
        }
    }
    // The changes took: rx-gro-list on, two RX channels on v0, five frames on tap0.
    assert!(stdout(&ethtool(&b, &["-k", "v0"])).contains("rx-gro-list: on"));
}

#[test]
fn bad_command_lines_fail_as_ethtool_does() {
    let ns = lab();
    for args in [
        &[][..],
        &["-k"],
        &["-q", "v0"],
        &["--foo", "v0"],
        &["--json", "-g", "v0"],
        &["--json", "v0"],
        &["-k", "v0", "extra"],
        &["-T", "v0", "extra"],
        &["-k", "--json", "v0"],
    ] {
        let ours = nlctl(&ns, args);
        let theirs = ethtool(&ns, args);
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert_eq!(ours.status.code(), Some(1), "{args:?}");
        assert!(ours.stdout.is_empty(), "{args:?}");
    }
    // ethtool ignores what follows `DEVNAME`; nlctl names it.
    let o = nlctl(&ns, &["v0", "extra"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("'extra'"), "{}", stderr(&o));
    // The other options ethtool answers through its ioctl: refused by name, nothing sent
    // (-i and -S are compared with ethtool in tests/ethtool_ioctl.rs).
    for opt in ["-s", "-e", "--show-permaddr"] {
        let o = nlctl(&ns, &[opt, "v0"]);
        assert_eq!(o.status.code(), Some(255));
        assert!(
            stderr(&o).contains("is not supported yet"),
            "{}",
            stderr(&o)
        );
    }
    // -h: the usage.
    let o = nlctl(&ns, &["-h"]);
    assert_eq!(o.status.code(), Some(255));
    assert!(stderr(&o).starts_with("Usage: nlctl"));
}
