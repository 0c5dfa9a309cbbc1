//! `Display` of the owned objects against `ip`'s lines, and (with the `serde` feature)
//! `Serialize` against `ip -j`'s objects, key by key, for the same objects in a private
//! namespace. `ip` names interfaces where ours print `if<N>` (the documented difference), so
//! `ip`'s names are replaced by `if<N>` before comparing.

use std::collections::HashMap;

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::neigh::NeighState;
use netlink::{
    AddrFilter, Connection, ConnectionOptions, LinkFilter, NeighFilter, NexthopFilter, RouteFilter,
    RuleFilter,
};
use netlink_testns::TestNs;

/// A namespace with a veth pair, addresses (one with a broadcast, one IPv6), routes of several
/// types and tables, a permanent neighbour, nexthops (a group among them) and a rule.
fn setup() -> (TestNs, Connection) {
    let ns = TestNs::new();
    for cmd in [
        "link set lo up",
        "link add d0 type veth peer name d1",
        // No IPv6 link-local addresses: their DAD would change flags between two reads.
        "link set d0 addrgenmode none",
        "link set d1 addrgenmode none",
        "link set d0 up",
        "link set d1 up",
        "addr add 192.0.2.1/24 brd + dev d0",
        "addr add 192.0.2.2/24 dev d0",
        "addr add 2001:db8::1/64 dev d0 nodad",
        "addr add 198.51.100.1 peer 198.51.100.2 dev d1",
        "route add 203.0.113.0/24 via 192.0.2.254 dev d0 proto static metric 10",
        "route add 203.0.113.7 dev d0 scope link table 100",
        "route add blackhole 198.51.100.64/26",
        "route add unreachable 198.51.100.128/26 table 200",
        "-6 route add 2001:db8:5::/48 via 2001:db8::fe dev d0",
        "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev d0 nud permanent",
        "nexthop add id 5 via 192.0.2.254 dev d0",
        "nexthop add id 6 via 192.0.2.253 dev d0",
        "nexthop add id 7 group 5/6,3",
        "route add 198.51.100.192/26 nhid 5",
        "rule add from 192.0.2.0/24 table 100 pref 100",
        "rule add to 203.0.113.0/24 iif d0 table 200 pref 200",
        "-6 rule add from 2001:db8::/32 lookup 100 pref 300",
    ] {
        ns.ip(&cmd.split(' ').collect::<Vec<_>>());
    }
    ns.settle();
    let conn = Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap();
    (ns, conn)
}

/// Interface names and their `if<N>` spellings, from `ip -j link show`.
fn names(ns: &TestNs) -> HashMap<String, String> {
    let links = ns.ip_value(&["link", "show"]);
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let name = l["ifname"].as_str().unwrap().to_owned();
            (name, format!("if{}", l["ifindex"]))
        })
        .collect()
}

/// `ip`'s text with every interface name after `dev`, `master` or `@` spelled `if<N>`, each
/// line trimmed of its trailing space.
fn unname(text: &str, names: &HashMap<String, String>) -> Vec<String> {
    text.lines()
        .map(|line| {
            let mut out = Vec::new();
            let mut words = line.trim_end().split(' ').peekable();
            while let Some(w) = words.next() {
                out.push(w.to_owned());
                if (w == "dev" || w == "master")
                    && let Some(n) = words.peek().and_then(|n| names.get(*n))
                {
                    out.push(n.clone());
                    words.next();
                }
            }
            let line = out.join(" ");
            // A link's head: `3: d0@d1: <...`.
            match line.split_once(": ") {
                Some((index, rest)) if index.parse::<u32>().is_ok() => {
                    match rest.split_once(": ").and_then(|(head, tail)| {
                        let (name, peer) = head.split_once('@')?;
                        Some(format!("{index}: {name}@{}: {tail}", names.get(peer)?))
                    }) {
                        Some(l) => l,
                        None => line,
                    }
                }
                _ => line,
            }
        })
        .collect()
}

fn shown<T: std::fmt::Display>(objects: &[T]) -> Vec<String> {
    objects.iter().map(ToString::to_string).collect()
}

#[test]
fn routes_print_as_ip_route_show() {
    let (ns, c) = setup();
    let names = names(&ns);
    let ours = c.routes(RouteFilter::default()).unwrap();
    let ip = unname(&ns.ip(&["route", "show", "table", "all"]), &names);
    assert_eq!(shown(&ours), ip);
}

#[test]
fn links_print_as_ip_link_show() {
    let (ns, c) = setup();
    let names = names(&ns);
    let ours = c.links(LinkFilter::default()).unwrap();
    let text = ns.ip(&["link", "show"]);
    let heads: String = text
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(shown(&ours), unname(&heads, &names));
}

#[test]
fn addresses_print_as_ip_address_show() {
    let (ns, c) = setup();
    let names = names(&ns);
    let ours = c.addresses(AddrFilter::default()).unwrap();
    // ip groups addresses by link; the dump lists IPv4 before IPv6: compare as sets.
    let mut ours = shown(&ours);
    let mut ip: Vec<String> = unname(&ns.ip(&["address", "show"]), &names)
        .into_iter()
        .filter(|l| l.starts_with("    inet"))
        .map(|l| l.trim().to_owned())
        .collect();
    ours.sort();
    ip.sort();
    assert_eq!(ours, ip);
    assert!(
        ours.iter().any(|l| l.contains(" brd 192.0.2.255 ")),
        "{ours:?}"
    );
    assert!(ours.iter().any(|l| l.contains(" peer ")), "{ours:?}");
    assert!(ours.iter().any(|l| l.contains("secondary")), "{ours:?}");
}

/// `ip neigh show` leaves out `NOARP` entries.
fn shown_neighbours(c: &Connection) -> Vec<netlink::Neighbour> {
    let all = c.neighbours(NeighFilter::default()).unwrap();
    all.into_iter()
        .filter(|n| n.state.bits() & !NeighState::NOARP.bits() != 0)
        .collect()
}

#[test]
fn neighbours_print_as_ip_neigh_show() {
    let (ns, c) = setup();
    let names = names(&ns);
    let ours = shown_neighbours(&c);
    assert_eq!(shown(&ours), unname(&ns.ip(&["neigh", "show"]), &names));
    assert_eq!(ours.len(), 1);
}

#[test]
fn rules_print_as_ip_rule_show() {
    let (ns, c) = setup();
    for (family, flag) in [(AddressFamily::INET, "-4"), (AddressFamily::INET6, "-6")] {
        let ours = c.rules(RuleFilter::family(family)).unwrap();
        let ip: Vec<String> = ns
            .ip(&[flag, "rule", "show"])
            .lines()
            .map(|l| l.trim_end().to_owned())
            .collect();
        assert_eq!(shown(&ours), ip, "{flag}");
    }
}

#[test]
fn nexthops_print_as_ip_nexthop_show() {
    let (ns, c) = setup();
    let names = names(&ns);
    let ours = c.nexthops(NexthopFilter::default()).unwrap();
    assert_eq!(shown(&ours), unname(&ns.ip(&["nexthop", "show"]), &names));
    assert_eq!(ours.len(), 3);
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use serde_json::Value;

    /// `ip -j`'s objects with interface names under `dev`, `link` and `master` spelled
    /// `if<N>`.
    fn unname_json(mut v: Value, names: &HashMap<String, String>) -> Vec<Value> {
        for o in v.as_array_mut().unwrap() {
            for key in ["dev", "link", "master"] {
                if let Some(n) = o[key].as_str().and_then(|n| names.get(n)) {
                    o[key] = Value::String(n.clone());
                }
            }
        }
        v.as_array().unwrap().clone()
    }

    fn ours<T: serde::Serialize>(objects: &[T]) -> Vec<Value> {
        objects
            .iter()
            .map(|o| serde_json::to_value(o).unwrap())
            .collect()
    }

    /// Compares key by key, so that a failure names the object and the key.
    fn same(ours: &[Value], ip: &[Value], what: &str) {
        assert_eq!(ours.len(), ip.len(), "{what}: {ours:#?} vs {ip:#?}");
        for (o, i) in ours.iter().zip(ip) {
            let (o, i) = (o.as_object().unwrap(), i.as_object().unwrap());
            for (k, v) in i {
                assert_eq!(
                    o.get(k),
                    Some(v),
                    "{what}: key {k} of ip's {i:?}; ours {o:?}"
                );
            }
            for k in o.keys() {
                assert!(
                    i.contains_key(k),
                    "{what}: key {k} of ours {o:?} not in ip's {i:?}"
                );
            }
        }
    }

    #[test]
    fn routes_serialize_with_ip_j_keys() {
        let (ns, c) = setup();
        let names = names(&ns);
        let ip = unname_json(ns.ip_value(&["route", "show", "table", "all"]), &names);
        same(
            &ours(&c.routes(RouteFilter::default()).unwrap()),
            &ip,
            "route",
        );
    }

    #[test]
    fn links_serialize_with_ip_j_keys() {
        let (ns, c) = setup();
        let names = names(&ns);
        let ip = unname_json(ns.ip_value(&["link", "show"]), &names);
        same(&ours(&c.links(LinkFilter::default()).unwrap()), &ip, "link");
    }

    #[test]
    fn addresses_serialize_with_ip_j_keys() {
        let (ns, c) = setup();
        let links = ns.ip_value(&["address", "show"]);
        let mut ip: Vec<Value> = links
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["addr_info"].as_array().unwrap().clone())
            .collect();
        let mut ours = ours(&c.addresses(AddrFilter::default()).unwrap());
        let key = |v: &Value| v.to_string();
        ip.sort_by_key(key);
        ours.sort_by_key(key);
        same(&ours, &ip, "address");
    }

    #[test]
    fn neighbours_rules_nexthops_serialize_with_ip_j_keys() {
        let (ns, c) = setup();
        let names = names(&ns);
        let ip = unname_json(ns.ip_value(&["neigh", "show"]), &names);
        same(&ours(&shown_neighbours(&c)), &ip, "neigh");
        for (family, flag) in [(AddressFamily::INET, "-4"), (AddressFamily::INET6, "-6")] {
            let ip = unname_json(ns.ip_value(&[flag, "rule", "show"]), &names);
            same(
                &ours(&c.rules(RuleFilter::family(family)).unwrap()),
                &ip,
                flag,
            );
        }
        let ip = unname_json(ns.ip_value(&["nexthop", "show"]), &names);
        same(
            &ours(&c.nexthops(NexthopFilter::default()).unwrap()),
            &ip,
            "nexthop",
        );
    }

    #[test]
    fn value_types_round_trip_by_ip_names() {
        use netlink::Prefix;
        use netlink::netlink_wire::rtnl::{RouteProtocol, Scope, Table};
        assert_eq!(serde_json::to_string(&Table::MAIN).unwrap(), r#""main""#);
        assert_eq!(serde_json::to_string(&Table(100)).unwrap(), r#""100""#);
        assert_eq!(
            serde_json::from_str::<Table>(r#""local""#).unwrap(),
            Table::LOCAL
        );
        assert_eq!(serde_json::from_str::<Table>("100").unwrap(), Table(100));
        assert!(serde_json::from_str::<Table>(r#""mian""#).is_err());
        assert!(
            serde_json::from_str::<Scope>("256").is_err(),
            "does not fit a u8"
        );
        assert_eq!(
            serde_json::from_str::<RouteProtocol>(r#""static""#).unwrap(),
            RouteProtocol::STATIC
        );
        let p: Prefix = serde_json::from_str(r#""2001:db8::/32""#).unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""2001:db8::/32""#);
        assert!(serde_json::from_str::<Prefix>(r#""192.0.2.1/24""#).is_err());
    }
}
