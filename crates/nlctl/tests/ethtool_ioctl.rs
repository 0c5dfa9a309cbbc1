//! `nlctl ethtool -i` and `-S` against Debian's `ethtool` 6.1, which asks both through the
//! `SIOCETHTOOL` ioctl: the same bytes on standard output and the same exit status, on veth
//! (driver information and per-queue statistics), bridge (no statistics), loopback (no driver
//! information) and a name no device has, in a fresh namespace.

mod common;

use std::process::Command;

use common::NLCTL;
use netlink_testns::TestNs;

/// `PROGRAM ARGS` inside `ns`: exit status and standard output.
fn run(ns: &TestNs, program: &str, args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new("ip")
        .args(["netns", "exec", ns.name(), program])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn driver_info_and_statistics_print_as_ethtool_prints_them() {
    let ns = TestNs::new();
    ns.ip(&[
        "link", "add", "veth0", "type", "veth", "peer", "name", "veth1",
    ]);
    ns.ip(&["link", "add", "br0", "type", "bridge"]);
    ns.ip(&["link", "set", "veth0", "up"]);
    ns.ip(&["link", "set", "veth1", "up"]);
    let mut compared = 0;
    for dev in ["veth0", "veth1", "br0", "lo", "nosuch"] {
        for opt in ["-i", "--driver", "-S", "--statistics"] {
            let theirs = run(&ns, "ethtool", &[opt, dev]);
            let ours = run(&ns, NLCTL, &["ethtool", opt, dev]);
            assert_eq!(ours, theirs, "ethtool {opt} {dev}");
            compared += 1;
        }
    }
    assert_eq!(compared, 20);
    // What each device gave, so that the comparison above cannot pass on two empty outputs.
    assert!(
        run(&ns, NLCTL, &["ethtool", "-i", "veth0"])
            .1
            .starts_with("driver: veth\n")
    );
    assert!(
        run(&ns, NLCTL, &["ethtool", "-S", "veth0"])
            .1
            .contains("     peer_ifindex: ")
    );
    assert_eq!(run(&ns, NLCTL, &["ethtool", "-S", "br0"]).0, Some(94));
    assert_eq!(run(&ns, NLCTL, &["ethtool", "-i", "lo"]).0, Some(71));
    assert_eq!(run(&ns, NLCTL, &["ethtool", "-S", "nosuch"]).0, Some(96));
    // ethtool's bad command lines, and its netlink-only groups, which nlctl refuses by name.
    for args in [&["-i", "veth0", "extra"][..], &["-S", "veth0", "extra"]] {
        let mut ours = vec!["ethtool"];
        ours.extend_from_slice(args);
        assert_eq!(
            run(&ns, NLCTL, &ours).0,
            run(&ns, "ethtool", args).0,
            "{args:?}"
        );
    }
    assert_eq!(
        run(&ns, NLCTL, &["ethtool", "-S", "veth0", "--all-groups"]).0,
        Some(255)
    );
    // -netns reaches the namespace from outside it.
    let o = Command::new(NLCTL)
        .args(["-n", ns.name(), "ethtool", "-S", "veth0"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        run(&ns, "ethtool", &["-S", "veth0"]).1
    );
}
