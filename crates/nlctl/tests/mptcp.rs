//! `nlctl mptcp` against `ip mptcp` (iproute2 6.1), in fresh namespaces: endpoints and limits
//! shown in text and JSON (key by key) on the same namespace, changes made by one tool and
//! seen by the other, the command lines `ip` refuses with its exit status, the kernel's
//! refusals, and the events of `monitor` line for line.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{NLCTL, Tool, fresh, run_in, stdout_of as out};
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

/// Both tools print the same text, and the same JSON value by value.
fn same_show(ns: &TestNs, args: &[&str]) {
    let text = out(Tool::Ip, ns, args);
    assert_eq!(out(Tool::Nlctl, ns, args), text, "{args:?}");
    let json = [&["-j"], args].concat();
    let ours: Value = serde_json::from_str(&out(Tool::Nlctl, ns, &json)).unwrap();
    let theirs: Value = serde_json::from_str(&out(Tool::Ip, ns, &json)).unwrap();
    assert_eq!(ours, theirs, "{args:?}");
    let pretty = [&["-j", "-p"], args].concat();
    assert_eq!(
        out(Tool::Nlctl, ns, &pretty),
        out(Tool::Ip, ns, &pretty),
        "{args:?}"
    );
}

#[test]
fn endpoints_show_as_ip_shows_them() {
    let ns = fresh("addr add 198.51.100.1/24 dev v1");
    // Some by ip, some by nlctl, in every form: a device, a port, each flag.
    for (tool, args) in [
        (
            Tool::Ip,
            &["192.0.2.1", "dev", "v0", "signal", "id", "5"][..],
        ),
        (
            Tool::Nlctl,
            &["198.51.100.1", "port", "8080", "signal", "backup"],
        ),
        (
            Tool::Nlctl,
            &["203.0.113.7", "subflow", "fullmesh", "dev", "v1"],
        ),
        (Tool::Ip, &["2001:db8::1", "i", "9", "subflow"]),
        (Tool::Nlctl, &["203.0.113.8", "id", "0"]),
    ] {
        out(tool, &ns, &[&["mptcp", "endpoint", "add"], args].concat());
    }
    let text = out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]);
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.contains("port 8080") && text.contains("dev v1"),
        "{text}"
    );
    for args in [
        &["mptcp", "endpoint", "show"][..],
        &["mptcp", "endpoint"],
        &["mptcp", "e", "s"],
        &["mptcp", "endpoint", "show", "id", "5"],
        &["mptcp", "endpoint", "show", "id", "9"],
    ] {
        same_show(&ns, args);
    }
    // change by id and by address; delete; each seen by ip.
    out(
        Tool::Nlctl,
        &ns,
        &["mptcp", "endpoint", "change", "id", "5", "backup"],
    );
    out(
        Tool::Nlctl,
        &ns,
        &["mptcp", "endpoint", "change", "203.0.113.7", "nofullmesh"],
    );
    same_show(&ns, &["mptcp", "endpoint", "show"]);
    let now = out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]);
    assert!(now.contains("192.0.2.1 id 5 signal backup dev v0"), "{now}");
    assert!(now.contains("203.0.113.7 id"), "{now}");
    assert!(!now.contains("fullmesh"), "{now}");
    out(
        Tool::Nlctl,
        &ns,
        &["mptcp", "endpoint", "delete", "id", "5"],
    );
    same_show(&ns, &["mptcp", "endpoint", "show"]);
    assert!(!out(Tool::Ip, &ns, &["mptcp", "endpoint"]).contains("192.0.2.1"));
    out(Tool::Nlctl, &ns, &["mptcp", "endpoint", "flush"]);
    assert_eq!(out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]), "");
    same_show(&ns, &["mptcp", "endpoint", "show"]);
}

#[test]
fn limits_as_ip_sets_and_shows_them() {
    let ns = TestNs::new();
    for args in [&["mptcp", "limits"][..], &["mptcp", "limits", "show"]] {
        assert_eq!(out(Tool::Nlctl, &ns, args), out(Tool::Ip, &ns, args));
    }
    out(
        Tool::Nlctl,
        &ns,
        &["mptcp", "limits", "set", "subflow", "3", "add", "4"],
    );
    let theirs = out(Tool::Ip, &ns, &["mptcp", "limits"]);
    assert_eq!(theirs, "add_addr_accepted 4 subflows 3 \n");
    assert_eq!(out(Tool::Nlctl, &ns, &["mptcp", "l"]), theirs);
    // ip -j prints its text here; nlctl a JSON object of the same words.
    let json: Value =
        serde_json::from_str(&out(Tool::Nlctl, &ns, &["-j", "mptcp", "limits"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"add_addr_accepted": 4, "subflows": 3})
    );
}

#[test]
fn refusals_exit_as_ip_exits() {
    let ns = fresh("");
    out(
        Tool::Ip,
        &ns,
        &["mptcp", "endpoint", "add", "192.0.2.1", "id", "5", "signal"],
    );
    let before = out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]);
    for args in [
        &["mptcp"][..],
        &["mptcp", "help"],
        &["mptcp", "foo"],
        &["mptcp", "endpoint", "foo"],
        &["mptcp", "limits", "foo"],
        &["mptcp", "monitor", "x"],
        &["mptcp", "endpoint", "add"],
        &["mptcp", "endpoint", "add", "192.0.2.1", "foo"],
        &["mptcp", "endpoint", "add", "192.0.2.7", "dev", "nosuch"],
        &["mptcp", "endpoint", "add", "192.0.2.7", "id", "300"],
        &[
            "mptcp",
            "endpoint",
            "add",
            "192.0.2.7",
            "signal",
            "fullmesh",
        ],
        &["mptcp", "endpoint", "add", "192.0.2.7", "port", "80"],
        &["mptcp", "endpoint", "add", "192.0.2.7", "dev"],
        &["mptcp", "endpoint", "add", "192.0.2.7", "implicit"],
        &["mptcp", "endpoint", "add", "192.0.2.1", "id", "5"],
        &["mptcp", "endpoint", "delete"],
        &["mptcp", "endpoint", "delete", "id", "5", "192.0.2.1"],
        &["mptcp", "endpoint", "delete", "id", "0"],
        &["mptcp", "endpoint", "delete", "id", "77"],
        &["mptcp", "endpoint", "change", "id", "5", "signal"],
        &[
            "mptcp", "endpoint", "change", "id", "5", "backup", "port", "5",
        ],
        &["mptcp", "endpoint", "show", "id", "6", "extra"],
        &["mptcp", "endpoint", "show", "192.0.2.9"],
        &["mptcp", "limits", "set", "subflows", "9"],
        &["mptcp", "limits", "set", "subflows", "x"],
        &["mptcp", "limits", "set", "foo", "1"],
        &["mptcp", "limits", "show", "x"],
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
        assert!(ours.stdout.is_empty(), "{args:?}");
        assert_eq!(out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]), before);
    }
    // The kernel's message, as ip shows it.
    let e = run_in(
        Tool::Nlctl,
        &ns,
        &["mptcp", "endpoint", "delete", "id", "77"],
    );
    assert!(String::from_utf8_lossy(&e.stderr).contains("address not found"));
    // ip ignores a word after `flush`; nlctl names it and flushes nothing.
    let o = run_in(Tool::Nlctl, &ns, &["mptcp", "endpoint", "flush", "x"]);
    assert_eq!(o.status.code(), Some(255));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"x\""));
    assert_eq!(out(Tool::Ip, &ns, &["mptcp", "endpoint", "show"]), before);
}

/// Runs `program args` in `ns` until killed, collecting its standard output.
fn spawn(program: &str, ns: &TestNs, args: &[&str]) -> std::process::Child {
    Command::new(program)
        .args(["-n", ns.name()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn stop(mut c: std::process::Child) -> String {
    c.kill().unwrap();
    let mut s = String::new();
    c.stdout.take().unwrap().read_to_string(&mut s).unwrap();
    c.wait().unwrap();
    s
}

#[test]
fn monitor_prints_events_as_ip_does() {
    let ns = fresh("");
    let ours = spawn(NLCTL, &ns, &["mptcp", "monitor"]);
    let theirs = spawn("ip", &ns, &["mptcp", "monitor"]);
    // Both subscribed before any event: a listener event arrives on each.
    std::thread::sleep(Duration::from_millis(500));
    let script = "import socket,threading\n\
         s=socket.socket(socket.AF_INET,socket.SOCK_STREAM,262)\n\
         s.bind(('192.0.2.1',9001)); s.listen()\n\
         def srv():\n    c,_=s.accept(); c.recv(10); c.close()\n\
         t=threading.Thread(target=srv); t.start()\n\
         c=socket.socket(socket.AF_INET,socket.SOCK_STREAM,262)\n\
         c.connect(('192.0.2.1',9001)); c.send(b'hi'); c.close(); t.join(); s.close()\n";
    let py = Command::new("ip")
        .args(["netns", "exec", ns.name(), "python3", "-c", script])
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    std::thread::sleep(Duration::from_millis(700));
    let (ours, theirs) = (stop(ours), stop(theirs));
    assert!(
        theirs.contains("CREATED") && theirs.contains("CLOSED"),
        "{theirs}"
    );
    let mut a: Vec<&str> = ours.lines().collect();
    let mut b: Vec<&str> = theirs.lines().collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}
