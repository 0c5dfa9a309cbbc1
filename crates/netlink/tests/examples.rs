//! Runs the examples' code against private namespaces and checks the result with `ip -j`.
//! The examples are included as modules, so that the code a user copies is the code tested.

#[allow(
    dead_code,
    unreachable_pub,
    reason = "an example's main and its pub fn"
)]
#[path = "../examples/list.rs"]
mod list;
#[allow(
    dead_code,
    unreachable_pub,
    reason = "an example's main and its pub fn"
)]
#[path = "../examples/netns.rs"]
mod netns;
#[allow(
    dead_code,
    unreachable_pub,
    reason = "an example's main and its pub fn"
)]
#[path = "../examples/veth.rs"]
mod veth;

use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn ifindex(ns: &TestNs, name: &str) -> u64 {
    ns.ip_value(&["link", "show", "dev", name])[0]["ifindex"]
        .as_u64()
        .unwrap()
}

fn locals(ns: &TestNs, dev: &str) -> Vec<String> {
    let v = ns.ip_value(&["address", "show", "dev", dev]);
    v[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}/{}", a["local"].as_str().unwrap(), a["prefixlen"]))
        .collect()
}

#[test]
fn veth_builds_the_pair_and_list_prints_it() {
    let ns = TestNs::new();
    veth::run(ns.name()).unwrap();
    for dev in ["v0", "v1"] {
        let flags = &ns.ip_value(&["link", "show", "dev", dev])[0]["flags"];
        assert!(
            flags.as_array().unwrap().contains(&Value::from("UP")),
            "{dev}: {flags}"
        );
    }
    let v0 = locals(&ns, "v0");
    assert!(v0.contains(&"192.0.2.1/24".to_owned()), "{v0:?}");
    assert!(v0.contains(&"2001:db8::1/64".to_owned()), "{v0:?}");
    let routes = ns.ip_value(&["route", "show", "table", "all"]);
    let route = |dst: &str| {
        routes
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["dst"] == dst)
            .cloned()
            .unwrap_or_else(|| panic!("no route to {dst}: {routes}"))
    };
    assert_eq!(route("198.51.100.0/24")["gateway"], "192.0.2.2");
    assert_eq!(route("2001:db8:1::/48")["gateway"], "2001:db8::2");
    assert_eq!(route("2001:db8:1::/48")["dev"], "v0");

    ns.settle();
    let mut out = Vec::new();
    list::run(Some(ns.name()), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let v0 = ifindex(&ns, "v0");
    let links = ns.ip_value(&["link", "show"]).as_array().unwrap().len();
    let sections: Vec<&str> = out.split("# ").collect();
    assert_eq!(sections.len(), 4, "{out}");
    assert_eq!(sections[1].lines().count(), 1 + links, "{out}");
    for line in [
        format!("if{v0}: inet 192.0.2.1/24 scope global v0"),
        format!("198.51.100.0/24 via 192.0.2.2 dev if{v0}"),
        format!("2001:db8:1::/48 via 2001:db8::2 dev if{v0} metric 1024 pref medium"),
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} not in\n{out}");
    }
}

#[test]
fn netns_puts_one_end_in_each_namespace() {
    let (a, b) = (TestNs::new(), TestNs::new());
    netns::run(a.name(), b.name()).unwrap();
    // Each end has its address (and, once up, an IPv6 link-local one).
    assert!(locals(&a, "a0").contains(&"192.0.2.1/24".to_owned()));
    assert!(locals(&b, "b0").contains(&"192.0.2.2/24".to_owned()));
    // Each end sees its peer in the other namespace.
    assert!(a.ip_value(&["link", "show", "dev", "a0"])[0]["link_netnsid"].is_number());
    let in_a = a.ip_value(&["link", "show"]);
    let names: Vec<&str> = in_a
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["ifname"].as_str())
        .collect();
    assert!(!names.contains(&"b0"), "{names:?}");
}
