//! What the generic netlink tests share: a connection in a test namespace, and running the
//! tools (`genl`, `ethtool`, `ip`) inside it.
#![allow(dead_code, unreachable_pub)]

use std::process::Command;

use netlink::ConnectionOptions;
use netlink::genl::GenlConnection;
use netlink_testns::TestNs;

/// A generic netlink connection inside `ns`.
pub fn genl(ns: &TestNs) -> GenlConnection {
    GenlConnection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

/// What a tool printed, and whether it succeeded.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program args...` inside `ns` (`ip netns exec`).
pub fn run(ns: &TestNs, program: &str, args: &[&str]) -> Run {
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), program])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `program args...` inside `ns` and returns its stdout; panics when it fails.
pub fn tool(ns: &TestNs, program: &str, args: &[&str]) -> String {
    let r = run(ns, program, args);
    assert!(r.ok, "{program} {args:?} failed: {}", r.stderr);
    r.stdout
}

/// A namespace with a veth pair (veth0/veth1, up) and addresses on veth0.
pub fn veth_ns() -> TestNs {
    let ns = TestNs::new();
    ns.ip(&[
        "link",
        "add",
        "veth0",
        "address",
        "02:00:00:00:00:01",
        "type",
        "veth",
        "peer",
        "name",
        "veth1",
        "address",
        "02:00:00:00:00:02",
    ]);
    ns.ip(&["link", "set", "veth0", "up"]);
    ns.ip(&["link", "set", "veth1", "up"]);
    ns.ip(&["addr", "add", "192.0.2.1/24", "dev", "veth0"]);
    ns.ip(&[
        "-6",
        "addr",
        "add",
        "2001:db8::1/64",
        "dev",
        "veth0",
        "nodad",
    ]);
    ns
}
