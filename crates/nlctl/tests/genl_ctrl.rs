//! `nlctl genl ctrl` against iproute2's `genl` 6.1 in a fresh namespace: every family listed,
//! got by name and by id, and its policy, byte for byte; the command lines `genl` refuses,
//! with its exit status; an unknown family named, with the families the kernel has.

use std::process::{Command, Output, Stdio};

use netlink_testns::TestNs;

const NLCTL: &str = env!("CARGO_BIN_EXE_nlctl");

fn nlctl(ns: &TestNs, args: &[&str]) -> Output {
    Command::new(NLCTL)
        .args(["-n", ns.name()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run nlctl")
}

fn genl(ns: &TestNs, args: &[&str]) -> Output {
    Command::new("ip")
        .args(["netns", "exec", ns.name(), "genl"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run genl")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The same standard output and exit status as `genl`, and something printed.
fn same(ns: &TestNs, args: &[&str]) {
    let (ours, theirs) = (nlctl(ns, &[&["genl"], args].concat()), genl(ns, args));
    assert_eq!(theirs.status.code(), Some(0), "genl {args:?}");
    assert_eq!(ours.status.code(), Some(0), "nlctl genl {args:?}: {ours:?}");
    assert!(!theirs.stdout.is_empty(), "genl {args:?} printed nothing");
    assert_eq!(text(&ours), text(&theirs), "genl {args:?}");
}

#[test]
fn list_get_and_policy_print_as_genl_does() {
    let ns = TestNs::new();
    for list in ["list", "show", "lst", "ls", "l"] {
        same(&ns, &["ctrl", list]);
    }
    same(&ns, &["-s", "-d", "ctrl", "list"]);
    for family in [
        "nlctrl",
        "ethtool",
        "mptcp_pm",
        "tcp_metrics",
        "netdev",
        "TASKSTATS",
    ] {
        same(&ns, &["ctrl", "get", "name", family]);
        same(&ns, &["ctrl", "g", "n", family]);
        same(&ns, &["ctrl", "policy", "name", family]);
    }
    // By id, in any of C's notations.
    let ethtool = text(&genl(&ns, &["ctrl", "get", "name", "ethtool"]));
    let id = ethtool
        .split_whitespace()
        .skip_while(|w| *w != "ID:")
        .nth(1)
        .expect("an id")
        .to_owned();
    let decimal = u16::from_str_radix(id.trim_start_matches("0x"), 16)
        .unwrap()
        .to_string();
    for spelled in [id.as_str(), decimal.as_str()] {
        same(&ns, &["ctrl", "get", "id", spelled]);
        same(&ns, &["ctrl", "policy", "id", spelled]);
    }
}

#[test]
fn bad_command_lines_fail_as_genl_does() {
    let ns = TestNs::new();
    for (args, message) in [
        (&["ctrl"][..], "wrong controller params"),
        (&["ctrl", "get"], "Wrong number of params"),
        (&["ctrl", "get", "name"], "Wrong number of params"),
        (&["ctrl", "policy"], "Wrong number of params"),
        (
            &["ctrl", "get", "name", "nlctrl", "id", "3"],
            "Wrong number of params",
        ),
        (&["ctrl", "get", "ID", "16"], "Wrong params"),
        (&["ctrl", "get", "id", "zz"], "Illegal \"id\""),
        (&["ctrl", "foo"], "ctrl command \"foo\" is unknown"),
        (&["ct", "list"], "Unknown genl \"ct\""),
        (&["-x", "ctrl", "list"], "Option \"-x\" is unknown"),
    ] {
        let (ours, theirs) = (nlctl(&ns, &[&["genl"], args].concat()), genl(&ns, args));
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert_eq!(ours.status.code(), Some(255), "{args:?}");
        let err = String::from_utf8_lossy(&ours.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(
            String::from_utf8_lossy(&theirs.stderr).contains(message.split(" \"").next().unwrap()),
            "{args:?}"
        );
        assert!(ours.stdout.is_empty());
    }
    // genl ignores a word after `list`; nlctl names it.
    let o = nlctl(&ns, &["genl", "ctrl", "list", "extra"]);
    assert_eq!(o.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"extra\""));
    // help: the usage on standard error, exit 255, as `genl ctrl help`.
    for args in [
        &["genl", "help"][..],
        &["genl", "ctrl", "help"],
        &["genl", "-h"],
    ] {
        let o = nlctl(&ns, args);
        assert_eq!(o.status.code(), Some(255), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("Usage: nlctl genl"));
    }
    assert_eq!(genl(&ns, &["ctrl", "help"]).status.code(), Some(255));
}

#[test]
fn an_unknown_family_is_named_with_the_families_the_kernel_has() {
    let ns = TestNs::new();
    for args in [
        &["ctrl", "get", "name", "nosuchfamily"][..],
        &["ctrl", "policy", "name", "nosuchfamily"],
        &["ctrl", "get", "id", "0x7fff"],
    ] {
        let ours = nlctl(&ns, &[&["genl"], args].concat());
        let theirs = genl(&ns, args);
        let err = String::from_utf8_lossy(&ours.stderr);
        // genl: "RTNETLINK answers: No such file or directory"; it exits 0 for a policy.
        assert!(
            String::from_utf8_lossy(&theirs.stderr).contains("No such file or directory"),
            "{args:?}"
        );
        assert_eq!(ours.status.code(), Some(255), "{args:?}: {err}");
        assert!(
            err.contains("nosuchfamily") || err.contains("0x7fff"),
            "{args:?}: {err}"
        );
        for known in ["nlctrl", "ethtool", "mptcp_pm"] {
            assert!(err.contains(known), "{args:?}: {err}");
        }
        assert!(ours.stdout.is_empty());
    }
    assert_eq!(
        genl(&ns, &["ctrl", "get", "name", "nosuchfamily"])
            .status
            .code(),
        Some(255)
    );
}
