//! The helper itself: unique names, working `ip`, cleanup on drop, loud
//! failures.

use std::panic::{AssertUnwindSafe, catch_unwind};

use netlink_testns::{BLACKHOLE_TABLE, DOC_IPV4, TestNs, doc_ipv4, sweep_orphans};

#[test]
fn namespace_exists_until_dropped() {
    let ns = TestNs::new();
    let other = TestNs::new();
    assert!(ns.name().starts_with("nltest-"));
    assert_ne!(ns.name(), other.name());
    let path = ns.path();
    assert!(path.exists(), "{} exists", path.display());

    let links = ns.ip_json(&["link", "show", "lo"]);
    assert!(links.starts_with('['), "JSON: {links}");
    assert!(links.contains("\"UP\""), "lo is up: {links}");

    drop(ns);
    assert!(!path.exists(), "{} removed on drop", path.display());
}

/// `ip netns add NAME`, panicking on failure.
fn add_named(name: &str) {
    let status = std::process::Command::new("ip")
        .args(["netns", "add", name])
        .status()
        .expect("ip runs");
    assert!(status.success(), "ip netns add {name}");
}

#[test]
fn the_sweep_deletes_what_dead_test_processes_left_and_nothing_else() {
    // A process that has exited: its id names no running process.
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("true runs");
    let dead = child.id();
    child.wait().expect("true ends");
    let orphan = format!("nltest-{dead}-0-0");
    let ours = format!("nltest-{}-4294967295-0", std::process::id());
    add_named(&orphan);
    add_named(&ours);
    let ns = TestNs::new();

    sweep_orphans();
    let exists = |name: &str| std::path::Path::new("/run/netns").join(name).exists();
    assert!(
        !exists(&orphan),
        "{orphan} was left behind by a dead process"
    );
    assert!(exists(&ours), "{ours} belongs to this running process");
    assert!(exists(ns.name()), "{} is in use", ns.name());

    let status = std::process::Command::new("ip")
        .args(["netns", "del", &ours])
        .status()
        .expect("ip runs");
    assert!(status.success());
}

#[test]
fn failing_ip_command_panics_with_the_command() {
    let ns = TestNs::new();
    let panic = catch_unwind(AssertUnwindSafe(|| {
        ns.ip(&["link", "set", "nltest-no-such-link", "up"]);
    }))
    .expect_err("ip on a missing link fails");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("link set nltest-no-such-link up"),
        "{message}"
    );
    assert!(message.contains(ns.name()), "{message}");
}

#[test]
fn batch_and_socket() {
    let ns = TestNs::new();
    ns.ip_batch("route add blackhole 192.0.2.1/32\nroute add blackhole 192.0.2.2/32\n");
    let routes = ns.ip(&["route", "show"]);
    assert_eq!(routes.lines().count(), 2, "{routes}");
    let socket = ns.socket(netlink_socket::Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    assert_ne!(socket.port_id().unwrap(), 0);
}

#[test]
fn doc_ipv4_counts_through_the_three_documentation_ranges() {
    let all: Vec<String> = (0..DOC_IPV4).map(|k| doc_ipv4(k).to_string()).collect();
    assert_eq!(all[0], "192.0.2.0");
    assert_eq!(all[255], "192.0.2.255");
    assert_eq!(all[256], "198.51.100.0");
    assert_eq!(all[767], "203.0.113.255");
    assert_eq!(doc_ipv4(DOC_IPV4 + 5), doc_ipv4(5));
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), 768);
}

#[test]
fn blackhole_routes_are_distinct_ipv4_routes_in_documentation_ranges() {
    let ns = TestNs::new();
    let n = 65_540;
    ns.blackhole_routes(n);
    let routes = ns.ip_value(&["-4", "route", "show", "table", "all", "type", "blackhole"]);
    let routes = routes.as_array().unwrap();
    assert_eq!(routes.len(), n as usize);
    let keys: std::collections::HashSet<(String, u64)> = routes
        .iter()
        .map(|r| {
            let dst = r["dst"].as_str().unwrap().to_owned();
            let table = r["table"].as_str().unwrap().parse().unwrap();
            (dst, table)
        })
        .collect();
    assert_eq!(keys.len(), routes.len(), "every route is distinct");
    let first = u64::from(BLACKHOLE_TABLE);
    assert!(keys.contains(&("192.0.2.0".to_owned(), first)));
    // 65,539 = 85 * 768 + 259: the fourth address of 198.51.100.0/24 in the 86th table.
    assert!(keys.contains(&("198.51.100.3".to_owned(), first + 85)));
    let docs: std::collections::HashSet<String> =
        (0..DOC_IPV4).map(|k| doc_ipv4(k).to_string()).collect();
    assert!(keys.iter().all(|(dst, _)| docs.contains(dst)));
}
