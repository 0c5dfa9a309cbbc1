//! The helper itself: unique names, working `ip`, cleanup on drop, loud
//! failures.

use std::panic::{AssertUnwindSafe, catch_unwind};

use netlink_testns::TestNs;

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
    ns.ip_batch("route add blackhole 198.18.0.1/32\nroute add blackhole 198.18.0.2/32\n");
    let routes = ns.ip(&["route", "show"]);
    assert_eq!(routes.lines().count(), 2, "{routes}");
    let socket = ns.socket(netlink_socket::Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    assert_ne!(socket.port_id().unwrap(), 0);
}

#[test]
fn blackhole_routes_cross_into_the_second_slash_16() {
    let ns = TestNs::new();
    ns.blackhole_routes(65_540);
    let routes = ns.ip_value(&["route", "show"]);
    let routes = routes.as_array().unwrap();
    assert_eq!(routes.len(), 65_540);
    assert_eq!(routes[0]["dst"], "198.18.0.0");
    assert_eq!(routes[65_539]["dst"], "198.19.0.3");
    assert!(routes.iter().all(|r| r["type"] == "blackhole"));
}
