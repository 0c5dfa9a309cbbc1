//! `nlctl tcp_metrics` against `ip tcp_metrics` (iproute2 6.1) in fresh namespaces: the
//! entries TCP keeps after local connections, shown in text and JSON (key by key, the age
//! aside), one entry by address, deletion, flushes by prefix and of everything with `-s`, and
//! the command lines `ip` refuses.

mod common;

use std::process::Command;

use common::{Tool, fresh, run_in, stdout_of as out};
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

/// One local TCP connection to `addr`, so that the kernel keeps metrics for it.
fn connect(ns: &TestNs, addr: &str, port: u16) {
    let family = if addr.contains(':') {
        "AF_INET6"
    } else {
        "AF_INET"
    };
    let script = format!(
        "import socket,threading\n\
         s=socket.socket(socket.{family}); s.bind(('{addr}',{port})); s.listen()\n\
         def srv():\n    c,_=s.accept(); c.recv(10); c.close()\n\
         t=threading.Thread(target=srv); t.start()\n\
         c=socket.socket(socket.{family}); c.connect(('{addr}',{port})); c.send(b'hi'); c.close(); t.join()\n"
    );
    let o = Command::new("ip")
        .args(["netns", "exec", ns.name(), "python3", "-c", &script])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn ns_with_entries() -> TestNs {
    let ns = fresh("addr add 198.51.100.1/24 dev v0");
    connect(&ns, "192.0.2.1", 9000);
    connect(&ns, "198.51.100.1", 9001);
    connect(&ns, "2001:db8::1", 9002);
    ns
}

/// A text line without its age, which moves between two reads.
fn without_age(line: &str) -> String {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    if let Some(i) = words.iter().position(|w| *w == "age") {
        words.drain(i..i + 2);
    }
    words.join(" ")
}

fn lines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.lines().map(without_age).collect();
    v.sort();
    v
}

/// JSON without `age`, entries sorted by destination.
fn entries(s: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"));
    let mut a: Vec<Value> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            e.as_object_mut().unwrap().remove("age");
            e
        })
        .collect();
    a.sort_by_key(|e| e["dst"].to_string());
    a
}

#[test]
fn entries_show_as_ip_shows_them() {
    let ns = ns_with_entries();
    for args in [
        &["tcp_metrics", "show"][..],
        &["tcp_metrics"],
        &["tcpmetrics", "list"],
        &["tcp_metrics", "lst", "192.0.2.0/24"],
        &["tcp_metrics", "show", "address", "2001:db8::/32"],
        &["-4", "tcp_metrics", "show"],
        &["-6", "tcp_metrics", "show"],
        &["tcp_metrics", "show", "192.0.2.1"],
        &["tcp_metrics", "show", "source", "198.51.100.1"],
    ] {
        let theirs = out(Tool::Ip, &ns, args);
        assert!(!theirs.is_empty(), "ip {args:?} printed nothing");
        assert_eq!(
            lines(&out(Tool::Nlctl, &ns, args)),
            lines(&theirs),
            "{args:?}"
        );
    }
    for args in [
        &["tcp_metrics", "show"][..],
        &["-4", "tcp_metrics", "show"],
        &["tcp_metrics", "show", "2001:db8::/64"],
    ] {
        let json = [&["-j"], args].concat();
        let theirs = entries(&out(Tool::Ip, &ns, &json));
        assert!(!theirs.is_empty(), "{args:?}");
        assert!(
            theirs.iter().all(|e| e["rtt"].as_f64().is_some()),
            "{theirs:?}"
        );
        assert_eq!(entries(&out(Tool::Nlctl, &ns, &json)), theirs, "{args:?}");
    }
    // One entry by address: ip prints it in text even with -j; nlctl an array of it.
    let one = entries(&out(
        Tool::Nlctl,
        &ns,
        &["-j", "tcp_metrics", "show", "192.0.2.1"],
    ));
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["dst"], "192.0.2.1");
}

#[test]
fn delete_and_flush_as_ip_does() {
    let ns = ns_with_entries();
    out(Tool::Nlctl, &ns, &["tcp_metrics", "delete", "192.0.2.1"]);
    let left = out(Tool::Ip, &ns, &["tcp_metrics", "show"]);
    assert!(!left.contains("192.0.2.1 "), "{left}");
    assert_eq!(left.lines().count(), 2, "{left}");
    // A flush by prefix, with ip's -s report.
    let report = out(
        Tool::Nlctl,
        &ns,
        &["-s", "tcp_metrics", "flush", "198.51.100.0/24"],
    );
    assert_eq!(
        report,
        "\n*** Round 1, deleting 1 entries ***\n*** Flush is complete after 1 round ***\n"
    );
    let left = out(Tool::Ip, &ns, &["tcp_metrics", "show"]);
    assert_eq!(left.lines().count(), 1, "{left}");
    // Nothing left to flush there: ip's words on standard error, success.
    let o = run_in(
        Tool::Nlctl,
        &ns,
        &["tcp_metrics", "flush", "198.51.100.0/24"],
    );
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stderr), "Nothing to flush.\n");
    let theirs = run_in(Tool::Ip, &ns, &["tcp_metrics", "flush", "198.51.100.0/24"]);
    assert_eq!(
        String::from_utf8_lossy(&theirs.stderr),
        "Nothing to flush.\n"
    );
    // Everything.
    out(Tool::Nlctl, &ns, &["tcp_metrics", "flush"]);
    assert_eq!(out(Tool::Ip, &ns, &["tcp_metrics", "show"]), "");
    // Deleting what is not there is the kernel's refusal for both.
    for args in [
        &["tcp_metrics", "delete", "192.0.2.1"][..],
        &["tcp_metrics", "show", "192.0.2.9"],
        &["tcp_metrics", "flush", "192.0.2.9"],
    ] {
        let ours = run_in(Tool::Nlctl, &ns, args);
        let theirs = run_in(Tool::Ip, &ns, args);
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert_eq!(ours.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&ours.stderr).contains("No such process"));
    }
}

#[test]
fn refusals_exit_as_ip_exits() {
    let ns = ns_with_entries();
    let before = lines(&out(Tool::Ip, &ns, &["tcp_metrics", "show"]));
    for args in [
        &["tcp_metrics", "help"][..],
        &["tcp_metrics", "foo"],
        &["tcp_metrics", "delete"],
        &["tcp_metrics", "delete", "192.0.2.0/24"],
        &["tcp_metrics", "show", "nonsense"],
        &["tcp_metrics", "show", "address"],
        &["tcp_metrics", "show", "source", "192.0.2.0/24"],
        &["tcp_metrics", "flush", "h"],
        &["-6", "tcp_metrics", "show", "192.0.2.1"],
    ] {
        let ours = run_in(Tool::Nlctl, &ns, args);
        let theirs = run_in(Tool::Ip, &ns, args);
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "{args:?}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_ne!(ours.status.code(), Some(0), "{args:?}");
        assert_eq!(lines(&out(Tool::Ip, &ns, &["tcp_metrics", "show"])), before);
    }
    // ip reads every other word after the verb and skips the rest: nlctl names the second
    // address instead of ignoring it.
    let o = run_in(
        Tool::Nlctl,
        &ns,
        &["tcp_metrics", "show", "192.0.2.1", "192.0.2.2"],
    );
    assert_eq!(o.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"192.0.2.2\""));
}
