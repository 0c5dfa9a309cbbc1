//! Route operations on the real kernel, checked against `ip -j route show` and
//! `ip -j route get`.

use netlink::Errno;
use std::collections::HashMap;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::route::{RoutePref, RtmFlags, RtnhFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol, RouteType, Scope, Table};
use netlink::ops::route::{Encap, NextHop, Prefix, Route, RouteFilter, RouteRequest};
use netlink::{Connection, ConnectionOptions, Error, Request};
use netlink_testns::serde_json::Value;
use netlink_testns::{DOC_IPV4, TestNs, doc_ipv4};

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Interface index to name, from `ip -j link`.
fn names(ns: &TestNs) -> HashMap<u32, String> {
    ns.ip_value(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["ifindex"].as_u64().unwrap() as u32,
                l["ifname"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn index(ns: &TestNs, name: &str) -> u32 {
    let v = ns.ip_value(&["link", "show", "dev", name]);
    v[0]["ifindex"].as_u64().unwrap() as u32
}

/// A veth pair rt0/rt1, both up, with 192.0.2.1/24 and 2001:db8::1/64 on rt0 and
/// 198.51.100.1/24 on rt1. Returns the indexes of rt0 and rt1.
fn setup(ns: &TestNs) -> (u32, u32) {
    ns.ip(&["link", "add", "rt0", "type", "veth", "peer", "name", "rt1"]);
    ns.ip(&["link", "set", "rt0", "up"]);
    ns.ip(&["link", "set", "rt1", "up"]);
    ns.ip(&["addr", "add", "192.0.2.1/24", "dev", "rt0"]);
    ns.ip(&["addr", "add", "198.51.100.1/24", "dev", "rt1"]);
    ns.ip(&["-6", "addr", "add", "2001:db8::1/64", "dev", "rt0", "nodad"]);
    (index(ns, "rt0"), index(ns, "rt1"))
}

/// How `ip` prints a destination: `default`, a bare address for a host route, else `a/len`.
fn dst_text(r: &Route) -> String {
    match r.dst {
        None => "default".to_owned(),
        Some(p) if p.len == p.max_len() => p.addr.to_string(),
        Some(p) => p.to_string(),
    }
}

/// How `ip` prints a table: nothing for `main`, names for the reserved ids, else the number.
fn table_text(t: u32) -> Option<String> {
    match t {
        254 => None,
        255 => Some("local".to_owned()),
        253 => Some("default".to_owned()),
        t => Some(t.to_string()),
    }
}

fn ip_table(v: &Value) -> Option<String> {
    v["table"].as_str().map(str::to_owned)
}

fn opt_ip(v: &Value) -> Option<IpAddr> {
    v.as_str().map(|s| s.parse().unwrap())
}

fn flag_names(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|f| f.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// The key that tells routes apart in a listing: destination, table, type, metric, device.
fn key_of_ours(
    r: &Route,
    names: &HashMap<u32, String>,
    table_shown: bool,
    dev_shown: bool,
) -> String {
    format!(
        "{} table={:?} type={} metric={:?} dev={:?}",
        dst_text(r),
        table_text(r.table.0).filter(|_| table_shown),
        r.route_type,
        r.metric,
        r.oif.map(|i| names[&i].clone()).filter(|_| dev_shown)
    )
}

fn key_of_ip(v: &Value) -> String {
    format!(
        "{} table={:?} type={} metric={:?} dev={:?}",
        v["dst"].as_str().unwrap(),
        ip_table(v),
        v["type"].as_str().unwrap_or("unicast"),
        v["metric"].as_u64().map(|m| m as u32),
        v["dev"].as_str().map(str::to_owned)
    )
}

/// Every route `ip -j ARGS` prints must be in `ours` (and no other), and every field both
/// show must agree.
fn compare_with_ip(ns: &TestNs, ours: &[Route], args: &[&str]) {
    let names = names(ns);
    // ip prints no table when the listing is of one table (nor protocol or device when it
    // filters by them).
    let table_shown = !args.windows(2).any(|w| w[0] == "table" && w[1] != "all");
    let proto_shown = !args.contains(&"proto");
    let dev_shown = !args.contains(&"dev");
    let theirs = ns.ip_value(args);
    let theirs = theirs.as_array().unwrap();
    let mut ours_by_key: HashMap<String, &Route> = HashMap::new();
    for r in ours {
        let k = key_of_ours(r, &names, table_shown, dev_shown);
        assert!(ours_by_key.insert(k.clone(), r).is_none(), "{k} twice");
    }
    assert_eq!(
        ours.len(),
        theirs.len(),
        "ours: {:#?}\nip {args:?}: {:#?}",
        ours_by_key.keys().collect::<Vec<_>>(),
        theirs.iter().map(key_of_ip).collect::<Vec<_>>()
    );
    for v in theirs {
        let k = key_of_ip(v);
        let o = ours_by_key
            .get(&k)
            .unwrap_or_else(|| panic!("{k} missing from {:#?}", ours_by_key.keys()));
        compare_route(o, v, &names, &k, proto_shown);
    }
}

fn compare_route(o: &Route, v: &Value, names: &HashMap<u32, String>, k: &str, proto_shown: bool) {
    assert_eq!(o.gateway, opt_ip(&v["gateway"]), "gateway of {k}");
    assert_eq!(o.via, opt_ip(&v["via"]["host"]), "via of {k}");
    if let Some(f) = v["via"]["family"].as_str() {
        assert_eq!(f, "inet6", "{k}");
        assert!(o.via.unwrap().is_ipv6());
    }
    assert_eq!(o.prefsrc, opt_ip(&v["prefsrc"]), "prefsrc of {k}");
    if proto_shown {
        assert_eq!(
            o.protocol.to_string(),
            v["protocol"].as_str().unwrap_or("boot"),
            "protocol of {k}"
        );
    }
    assert_eq!(
        o.scope.to_string(),
        v["scope"].as_str().unwrap_or("global"),
        "scope of {k}"
    );
    assert_eq!(
        o.pref.map(|p| p.to_string()),
        v["pref"].as_str().map(str::to_owned),
        "pref of {k}"
    );
    assert_eq!(o.nh_id, v["nhid"].as_u64().map(|n| n as u32), "nhid of {k}");
    match v["expires"].as_u64() {
        Some(e) => assert!(o.expires.unwrap().abs_diff(e as u32) <= 2, "expires of {k}"),
        None => assert_eq!(o.expires, None, "expires of {k}"),
    }
    let flags = flag_names(&v["flags"]);
    for (f, name) in [
        (RtmFlags::ONLINK, "onlink"),
        (RtmFlags::LINKDOWN, "linkdown"),
        (RtmFlags::DEAD, "dead"),
        (RtmFlags::PERVASIVE, "pervasive"),
    ] {
        assert_eq!(
            o.flags.contains(f),
            flags.iter().any(|x| x == name),
            "{name} of {k}"
        );
    }
    // Metrics: ip prints [{mtu: N, advmss: N, ...}] (a locked one as ["lock", N]).
    let m = &v["metrics"][0];
    for (name, ours) in [
        ("mtu", o.metrics.as_deref().and_then(|m| m.mtu)),
        ("advmss", o.metrics.as_deref().and_then(|m| m.advmss)),
        ("hoplimit", o.metrics.as_deref().and_then(|m| m.hoplimit)),
        ("window", o.metrics.as_deref().and_then(|m| m.window)),
        ("initcwnd", o.metrics.as_deref().and_then(|m| m.initcwnd)),
        ("initrwnd", o.metrics.as_deref().and_then(|m| m.initrwnd)),
        (
            "reordering",
            o.metrics.as_deref().and_then(|m| m.reordering),
        ),
    ] {
        let theirs = match &m[name] {
            Value::Array(a) => a.iter().find_map(Value::as_u64),
            other => other.as_u64(),
        };
        assert_eq!(ours, theirs.map(|n| n as u32), "{name} of {k}");
    }
    // Paths.
    let hops = v["nexthops"].as_array().cloned().unwrap_or_default();
    assert_eq!(o.multipath.len(), hops.len(), "paths of {k}");
    for (h, t) in o.multipath.iter().zip(&hops) {
        assert_eq!(h.gateway, opt_ip(&t["gateway"]), "path gateway of {k}");
        assert_eq!(
            h.oif.map(|i| names[&i].clone()),
            t["dev"].as_str().map(str::to_owned),
            "path dev of {k}"
        );
        assert_eq!(
            u64::from(h.weight),
            t["weight"].as_u64().unwrap(),
            "path weight of {k}"
        );
        let f = flag_names(&t["flags"]);
        assert_eq!(
            h.flags.contains(RtnhFlags::ONLINK),
            f.iter().any(|x| x == "onlink")
        );
        assert_eq!(
            h.flags.contains(RtnhFlags::LINKDOWN),
            f.iter().any(|x| x == "linkdown")
        );
    }
}

fn family(ours: &[Route], f: AddressFamily) -> Vec<Route> {
    ours.iter().filter(|r| r.family == f).cloned().collect()
}

fn compare_all(ns: &TestNs, c: &Connection) -> Vec<Route> {
    // The veths' IPv6 link-local addresses, and their local and multicast routes, appear when
    // the carrier comes up and DAD ends, a moment after setup: two reads one after the other
    // could see different tables (seen under load). Wait until nothing changes any more.
    ns.settle();
    let all = c.routes(RouteFilter::default()).unwrap();
    // Without -4 or -6, `ip route show table all` lists every family.
    compare_with_ip(ns, &all, &["route", "show", "table", "all"]);
    compare_with_ip(
        ns,
        &family(&all, AddressFamily::INET),
        &["-4", "route", "show", "table", "all"],
    );
    compare_with_ip(
        ns,
        &family(&all, AddressFamily::INET6),
        &["-6", "route", "show", "table", "all"],
    );
    // Only IPv4 and IPv6 routes exist in a fresh namespace (no multicast routing, no MPLS).
    assert!(
        all.iter()
            .all(|r| r.family == AddressFamily::INET || r.family == AddressFamily::INET6)
    );
    all
}

fn find<'a>(routes: &'a [Route], dst: &str, table: u32) -> &'a Route {
    let (a, l) = dst.split_once('/').unwrap();
    let want = Some(Prefix::new(ip(a), l.parse().unwrap()));
    routes
        .iter()
        .find(|r| r.dst == want && r.table == Table(table))
        .unwrap_or_else(|| panic!("{dst} in table {table} missing"))
}

/// Adds, through our API, a varied set of routes in both families.
fn add_varied(ns: &TestNs, c: &Connection, rt0: u32, rt1: u32) {
    // A gateway route with a protocol and a metric.
    c.add_route(
        &RouteRequest::new(ip("198.51.100.0"), 25)
            .gateway(ip("192.0.2.254"))
            .protocol(RouteProtocol::STATIC)
            .metric(50),
    )
    .unwrap();
    // A device route with a preferred source.
    let mut dev = RouteRequest::new(ip("203.0.113.136"), 29).oif(rt0);
    dev.prefsrc = Some(ip("192.0.2.1"));
    c.add_route(&dev).unwrap();
    // Multipath with weights, over two devices.
    let mut mp = RouteRequest::new(ip("203.0.113.0"), 24);
    mp.multipath = Some(vec![
        NextHop::via_gateway(ip("192.0.2.253")).with_weight(1),
        NextHop::via_gateway(ip("198.51.100.252"))
            .with_oif(rt1)
            .with_weight(2),
    ]);
    c.add_route(&mp).unwrap();
    // Metrics, in table 100.
    let mut m = RouteRequest::new(ip("203.0.113.0"), 24)
        .gateway(ip("192.0.2.254"))
        .oif(rt0)
        .table(Table(100));
    m.metrics.mtu = Some(1400);
    m.metrics.advmss = Some(1360);
    m.metrics.hoplimit = Some(33);
    c.add_route(&m).unwrap();
    // Blackhole, unreachable and prohibit, in tables 200 and main.
    c.add_route(
        &RouteRequest::new(ip("198.51.100.128"), 25)
            .route_type(RouteType::BLACKHOLE)
            .table(Table(200)),
    )
    .unwrap();
    c.add_route(
        &RouteRequest::new(ip("203.0.113.144"), 29)
            .route_type(RouteType::UNREACHABLE)
            .table(Table(200)),
    )
    .unwrap();
    c.add_route(&RouteRequest::new(ip("203.0.113.152"), 29).route_type(RouteType::PROHIBIT))
        .unwrap();
    // A default route in table 200, and a table above 255 (RTA_TABLE).
    c.add_route(
        &RouteRequest::default_route(AddressFamily::INET)
            .gateway(ip("192.0.2.254"))
            .table(Table(200)),
    )
    .unwrap();
    c.add_route(
        &RouteRequest::new(ip("203.0.113.160"), 29)
            .oif(rt0)
            .table(Table(300)),
    )
    .unwrap();
    // An onlink gateway outside every subnet, and an IPv6 gateway of an IPv4 route.
    let mut onlink = RouteRequest::new(ip("203.0.113.168"), 29)
        .gateway(ip("203.0.113.77"))
        .oif(rt0);
    onlink.onlink = true;
    c.add_route(&onlink).unwrap();
    let mut via = RouteRequest::new(ip("203.0.113.176"), 29).oif(rt0);
    via.via = Some(ip("2001:db8::fe"));
    c.add_route(&via).unwrap();
    // A route through a nexthop object made by ip.
    ns.ip(&[
        "nexthop",
        "add",
        "id",
        "7",
        "via",
        "192.0.2.254",
        "dev",
        "rt0",
    ]);
    let mut nh = RouteRequest::new(ip("203.0.113.184"), 29).table(Table(100));
    nh.nh_id = Some(7);
    c.add_route(&nh).unwrap();

    // IPv6: gateway with a preference, device route with a metric, multipath, blackhole in
    // table 100, metrics, expiry.
    let mut g6 = RouteRequest::new(ip("2001:db8:1::"), 48).gateway(ip("2001:db8::fe"));
    g6.pref = Some(RoutePref::HIGH);
    c.add_route(&g6).unwrap();
    c.add_route(
        &RouteRequest::new(ip("2001:db8:2::"), 48)
            .oif(rt0)
            .metric(300),
    )
    .unwrap();
    let mut mp6 = RouteRequest::new(ip("2001:db8:3::"), 48);
    mp6.multipath = Some(vec![
        NextHop::via_gateway(ip("2001:db8::fd"))
            .with_oif(rt0)
            .with_weight(1),
        NextHop::via_gateway(ip("2001:db8::fc"))
            .with_oif(rt0)
            .with_weight(3),
    ]);
    c.add_route(&mp6).unwrap();
    c.add_route(
        &RouteRequest::new(ip("2001:db8:4::"), 48)
            .route_type(RouteType::BLACKHOLE)
            .table(Table(100)),
    )
    .unwrap();
    let mut mtu6 = RouteRequest::new(ip("2001:db8:5::"), 48).gateway(ip("2001:db8::fe"));
    mtu6.metrics.mtu = Some(1300);
    mtu6.expires = Some(600);
    mtu6.protocol = Some(RouteProtocol::STATIC);
    c.add_route(&mtu6).unwrap();
}

#[test]
fn varied_routes_match_ip_field_by_field() {
    let ns = TestNs::new();
    let (rt0, rt1) = setup(&ns);
    let c = conn(&ns);
    add_varied(&ns, &c, rt0, rt1);
    let all = compare_all(&ns, &c);

    // One route decoded into again and again, through the whole dump (multipath, metrics,
    // gateways of the other family, expiring routes one after the other), each time equal to
    // a route decoded new from the same message.
    let mut route = Route::default();
    let mut decoded = 0;
    c.for_each_route(RouteFilter::default(), |r| {
        route.set_from_msg(r)?;
        assert_eq!(route, Route::from_msg(r)?);
        decoded += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(decoded, all.len());

    // A few facts checked directly, so that a bug shared with the comparison cannot hide.
    let mp = find(&all, "203.0.113.0/24", 254);
    assert_eq!(
        mp.multipath
            .iter()
            .map(|h| (h.gateway.unwrap(), h.oif, h.weight))
            .collect::<Vec<_>>(),
        [
            (ip("192.0.2.253"), Some(rt0), 1),
            (ip("198.51.100.252"), Some(rt1), 2)
        ]
    );
    assert_eq!(mp.gateway, None);
    let m = find(&all, "203.0.113.0/24", 100);
    assert_eq!(
        m.metrics.as_deref().map(|m| (m.mtu, m.advmss, m.hoplimit)),
        Some((Some(1400), Some(1360), Some(33)))
    );
    let bh = find(&all, "198.51.100.128/25", 200);
    assert_eq!(bh.route_type, RouteType::BLACKHOLE);
    assert_eq!(bh.oif, None);
    assert!(all.iter().any(|r| r.table == Table(200) && r.dst.is_none()));
    assert_eq!(find(&all, "203.0.113.160/29", 300).oif, Some(rt0));
    let dev = find(&all, "203.0.113.136/29", 254);
    assert_eq!(dev.scope, Scope::LINK);
    assert_eq!(dev.prefsrc, Some(ip("192.0.2.1")));
    assert!(
        find(&all, "203.0.113.168/29", 254)
            .flags
            .contains(RtmFlags::ONLINK)
    );
    assert_eq!(
        find(&all, "203.0.113.176/29", 254).via,
        Some(ip("2001:db8::fe"))
    );
    let nh = find(&all, "203.0.113.184/29", 100);
    assert_eq!(nh.nh_id, Some(7));
    assert_eq!(nh.gateway, Some(ip("192.0.2.254")));
    let g6 = find(&all, "2001:db8:1::/48", 254);
    assert_eq!(g6.pref, Some(RoutePref::HIGH));
    assert_eq!(g6.metric, Some(1024));
    let mp6 = find(&all, "2001:db8:3::/48", 254);
    assert_eq!(
        mp6.multipath.iter().map(|h| h.weight).collect::<Vec<_>>(),
        [1, 3]
    );
    let e6 = find(&all, "2001:db8:5::/48", 254);
    assert!((595..=600).contains(&e6.expires.unwrap()));
    assert_eq!(e6.metrics.as_deref().and_then(|m| m.mtu), Some(1300));
    assert!(
        all.iter()
            .any(|r| r.table == Table(255) && r.route_type == RouteType::LOCAL)
    );
}

#[test]
fn replace_append_delete() {
    let ns = TestNs::new();
    let (rt0, _) = setup(&ns);
    let c = conn(&ns);
    let base = RouteRequest::new(ip("198.51.100.0"), 25)
        .protocol(RouteProtocol::STATIC)
        .metric(50);
    c.add_route(&base.clone().gateway(ip("192.0.2.254")))
        .unwrap();
    // Adding it again: EEXIST.
    assert!(matches!(
        c.add_route(&base.clone().gateway(ip("192.0.2.254"))),
        Err(Error::Kernel(k)) if k.errno == Errno::EXIST
    ));
    // Replacing changes the gateway of the same route.
    c.replace_route(&base.clone().gateway(ip("192.0.2.253")))
        .unwrap();
    let all = compare_all(&ns, &c);
    let r = find(&all, "198.51.100.0/25", 254);
    assert_eq!(r.gateway, Some(ip("192.0.2.253")));
    assert_eq!(
        all.iter()
            .filter(|r| r.dst == Some(Prefix::new(ip("198.51.100.0"), 25)))
            .count(),
        1
    );

    // IPv4 append: a second route to the same destination after the first (a different
    // metric keeps ip's listing keys apart).
    c.append_route(&base.clone().metric(60).gateway(ip("192.0.2.252")))
        .unwrap();
    c.append_route(&RouteRequest::new(ip("203.0.113.200"), 29).gateway(ip("192.0.2.251")))
        .unwrap();
    c.append_route(
        &RouteRequest::new(ip("203.0.113.200"), 29)
            .oif(rt0)
            .metric(7),
    )
    .unwrap();
    // IPv6 append: another path of the existing route.
    c.add_route(&RouteRequest::new(ip("2001:db8:7::"), 48).gateway(ip("2001:db8::fe")))
        .unwrap();
    c.append_route(&RouteRequest::new(ip("2001:db8:7::"), 48).gateway(ip("2001:db8::fd")))
        .unwrap();
    let all = compare_all(&ns, &c);
    let v6 = find(&all, "2001:db8:7::/48", 254);
    let mut gws: Vec<_> = v6.multipath.iter().map(|h| h.gateway.unwrap()).collect();
    gws.sort();
    assert_eq!(gws, [ip("2001:db8::fd"), ip("2001:db8::fe")]);

    // Delete by destination and metric only (protocol, type, scope: any).
    c.delete_route(&RouteRequest::new(ip("198.51.100.0"), 25).metric(60))
        .unwrap();
    c.delete_route(&RouteRequest::new(ip("198.51.100.0"), 25).metric(50))
        .unwrap();
    assert!(matches!(
        c.delete_route(&RouteRequest::new(ip("198.51.100.0"), 25).metric(50)),
        Err(Error::Kernel(k)) if k.errno == Errno::SRCH // ESRCH
    ));
    // A blackhole in another table, deleted by type and table.
    let bh = RouteRequest::new(ip("203.0.113.208"), 29)
        .route_type(RouteType::BLACKHOLE)
        .table(Table(100));
    c.add_route(&bh).unwrap();
    c.delete_route(&bh).unwrap();
    c.delete_route(&RouteRequest::new(ip("2001:db8:7::"), 48))
        .unwrap();
    let all = compare_all(&ns, &c);
    assert!(!all.iter().any(|r| {
        r.dst == Some(Prefix::new(ip("198.51.100.0"), 25))
            || r.dst == Some(Prefix::new(ip("203.0.113.208"), 29))
            || r.dst == Some(Prefix::new(ip("2001:db8:7::"), 48))
    }));
}

#[test]
fn route_get_matches_ip_route_get() {
    let ns = TestNs::new();
    let (rt0, _) = setup(&ns);
    let c = conn(&ns);
    c.add_route(&RouteRequest::new(ip("198.51.100.0"), 25).gateway(ip("192.0.2.254")))
        .unwrap();
    let mut g6 = RouteRequest::new(ip("2001:db8:1::"), 48).gateway(ip("2001:db8::fe"));
    g6.pref = Some(RoutePref::HIGH);
    c.add_route(&g6).unwrap();
    let names = names(&ns);
    for dst in [
        "198.51.100.7",
        "192.0.2.77",
        "2001:db8:1::5",
        "2001:db8::99",
    ] {
        let ours = c.route_get(ip(dst)).unwrap();
        let v = ns.ip_value(&["route", "get", dst]);
        let v = &v[0];
        assert_eq!(
            ours.dst,
            Some(Prefix::new(ip(dst), ours.dst.unwrap().max_len()))
        );
        assert_eq!(dst_text(&ours), v["dst"].as_str().unwrap());
        assert_eq!(ours.gateway, opt_ip(&v["gateway"]), "{dst}");
        assert_eq!(
            ours.oif.map(|i| names[&i].clone()).as_deref(),
            v["dev"].as_str(),
            "{dst}"
        );
        assert_eq!(ours.oif, Some(rt0));
        assert_eq!(ours.prefsrc, opt_ip(&v["prefsrc"]), "{dst}");
        assert_eq!(ours.uid, v["uid"].as_u64().map(|u| u as u32), "{dst}");
        assert_eq!(ours.metric, v["metric"].as_u64().map(|u| u as u32), "{dst}");
        assert_eq!(
            ours.pref.map(|p| p.to_string()),
            v["pref"].as_str().map(str::to_owned),
            "{dst}"
        );
        // ip prints "cache" for a cloned (IPv4 lookup) result.
        assert_eq!(
            ours.flags.contains(RtmFlags::CLONED),
            !v["cache"].is_null(),
            "{dst}"
        );
    }
    // No route at all: the kernel's error.
    assert!(matches!(
        c.route_get(ip("203.0.113.1")),
        Err(Error::Kernel(k)) if k.errno == Errno::NETUNREACH // ENETUNREACH
    ));
}

#[test]
fn filters_match_ip_and_are_applied_by_the_kernel() {
    let ns = TestNs::new();
    let (rt0, rt1) = setup(&ns);
    let c = conn(&ns);
    add_varied(&ns, &c, rt0, rt1);

    let t100 = c
        .routes(
            RouteFilter::default()
                .family(AddressFamily::INET)
                .table(Table(100)),
        )
        .unwrap();
    assert!(t100.iter().all(|r| r.table == Table(100)));
    assert_eq!(t100.len(), 2);
    compare_with_ip(&ns, &t100, &["-4", "route", "show", "table", "100"]);
    let t100v6 = c
        .routes(
            RouteFilter::default()
                .family(AddressFamily::INET6)
                .table(Table(100)),
        )
        .unwrap();
    compare_with_ip(&ns, &t100v6, &["-6", "route", "show", "table", "100"]);
    assert_eq!(t100v6.len(), 1);

    let stat = c
        .routes(
            RouteFilter::default()
                .family(AddressFamily::INET)
                .protocol(RouteProtocol::STATIC),
        )
        .unwrap();
    compare_with_ip(
        &ns,
        &stat,
        &["-4", "route", "show", "table", "all", "proto", "static"],
    );
    assert_eq!(stat.len(), 1);
    let kernel6 = c
        .routes(
            RouteFilter::default()
                .family(AddressFamily::INET6)
                .protocol(RouteProtocol::KERNEL),
        )
        .unwrap();
    compare_with_ip(
        &ns,
        &kernel6,
        &["-6", "route", "show", "table", "all", "proto", "kernel"],
    );

    let on_rt1 = c
        .routes(RouteFilter::default().family(AddressFamily::INET).oif(rt1))
        .unwrap();
    // The kernel's device filter also matches a multipath route with a path on rt1; ip's
    // own `dev` filter looks at RTA_OIF only and leaves it out.
    let (paths, direct): (Vec<Route>, Vec<Route>) = on_rt1
        .iter()
        .cloned()
        .partition(|r| !r.multipath.is_empty());
    compare_with_ip(
        &ns,
        &direct,
        &["-4", "route", "show", "table", "all", "dev", "rt1"],
    );
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0].dst, Some(Prefix::new(ip("203.0.113.0"), 24)));
    assert!(paths[0].uses_oif(rt1));
    assert!(direct.iter().all(|r| r.oif == Some(rt1)));

    let blackholes = c
        .routes(RouteFilter::default().route_type(RouteType::BLACKHOLE))
        .unwrap();
    assert_eq!(blackholes.len(), 2);
    assert!(
        blackholes
            .iter()
            .all(|r| r.route_type == RouteType::BLACKHOLE)
    );
    compare_with_ip(
        &ns,
        &family(&blackholes, AddressFamily::INET),
        &["-4", "route", "show", "table", "all", "type", "blackhole"],
    );

    // Without strict checking the kernel ignores every filter and dumps everything; the
    // client-side filter gives the same answer. (With strict checking this kernel marks every
    // route dump reply NLM_F_DUMP_FILTERED, filtered or not, so that flag proves nothing; the
    // ENODEV below shows that it does read RTA_OIF.)
    let lax = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .strict_checking(false),
    )
    .unwrap();
    for filter in [
        RouteFilter::default().table(Table(100)),
        RouteFilter::default().family(AddressFamily::INET).oif(rt1),
        RouteFilter::default()
            .protocol(RouteProtocol::KERNEL)
            .route_type(RouteType::UNICAST),
    ] {
        let strict = c.routes(filter).unwrap();
        assert!(!strict.is_empty());
        assert_eq!(lax.routes(filter).unwrap(), strict, "{filter:?}");
    }

    // A table that does not exist: no routes, not an error (the kernel says ENOENT for IPv4).
    let none = c
        .routes(
            RouteFilter::default()
                .family(AddressFamily::INET)
                .table(Table(4242)),
        )
        .unwrap();
    assert!(none.is_empty());
    // A filter on a device that does not exist: the kernel refuses the dump.
    assert!(matches!(
        c.routes(RouteFilter::default().family(AddressFamily::INET).oif(9999)),
        Err(Error::Kernel(k)) if k.errno == Errno::NODEV // ENODEV
    ));
}

#[test]
fn bad_arguments_are_rejected_before_the_kernel() {
    let ns = TestNs::new();
    let c = conn(&ns);
    // The connection is closed: had anything been sent, the error would be Closed.
    c.close();
    let cases = [
        RouteRequest::new(ip("198.51.100.0"), 33),
        RouteRequest::new(ip("2001:db8::"), 129),
        RouteRequest::new(ip("198.51.100.1"), 24),
        RouteRequest::new(ip("198.51.100.0"), 24).gateway(ip("2001:db8::1")),
        RouteRequest::new(ip("2001:db8::"), 64).gateway(ip("192.0.2.1")),
        {
            let mut r = RouteRequest::new(ip("198.51.100.0"), 24);
            r.multipath = Some(Vec::new());
            r
        },
        {
            let mut r = RouteRequest::new(ip("198.51.100.0"), 24);
            r.multipath = Some(vec![NextHop::via_gateway(ip("192.0.2.1")).with_weight(0)]);
            r
        },
        RouteRequest::new(ip("198.51.100.0"), 24)
            .route_type(RouteType::BLACKHOLE)
            .gateway(ip("192.0.2.1")),
        {
            let mut r = RouteRequest::new(ip("198.51.100.0"), 24).gateway(ip("192.0.2.1"));
            r.nh_id = Some(7);
            r
        },
        {
            let mut r = RouteRequest::new(ip("198.51.100.0"), 24);
            r.pref = Some(RoutePref::HIGH);
            r
        },
        {
            let mut r = RouteRequest::new(ip("198.51.100.0"), 24);
            r.encap = Some(Encap::mpls(&[]));
            r
        },
    ];
    for req in &cases {
        for result in [
            c.add_route(req),
            c.replace_route(req),
            c.append_route(req),
            c.delete_route(req),
        ] {
            assert!(
                matches!(result, Err(Error::InvalidArgument(_))),
                "{req:?}: {result:?}"
            );
        }
    }
    assert_eq!(
        c.add_route(&cases[0]).unwrap_err().to_string(),
        "invalid argument: destination prefix length 33 exceeds 32 for 198.51.100.0"
    );
    // A valid request on the closed connection does reach the sending stage.
    assert!(matches!(
        c.add_route(&RouteRequest::new(ip("198.51.100.0"), 24).oif(1)),
        Err(Error::Closed)
    ));
}

#[test]
fn kernel_errors_carry_the_extended_ack() {
    let ns = TestNs::new();
    let (rt0, _) = setup(&ns);
    let c = conn(&ns);
    // A gateway that is not on any link.
    let err = c
        .add_route(&RouteRequest::new(ip("198.51.100.0"), 25).gateway(ip("203.0.113.77")))
        .unwrap_err();
    let Error::Kernel(k) = err else {
        panic!("{err:?}")
    };
    assert_eq!(k.errno, Errno::NETUNREACH); // ENETUNREACH
    assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));
    // MPLS encapsulation: this kernel has no MPLS, and says so.
    let mut mpls = RouteRequest::new(ip("198.51.100.0"), 24)
        .gateway(ip("192.0.2.254"))
        .oif(rt0);
    mpls.encap = Some(Encap::mpls(&[100, 200]));
    let err = c.add_route(&mpls).unwrap_err();
    let Error::Kernel(k) = err else {
        panic!("{err:?}")
    };
    assert_eq!(k.errno, Errno::OPNOTSUPP); // EOPNOTSUPP
    assert_eq!(
        k.message.as_deref(),
        Some("lwt encapsulation type not supported")
    );
    // Nothing was added by either: 198.51.100.0/24 is only rt1's prefix route.
    let all = compare_all(&ns, &c);
    assert!(
        !all.iter()
            .any(|r| r.dst == Some(Prefix::new(ip("198.51.100.0"), 25)))
    );
    let p24: Vec<_> = all
        .iter()
        .filter(|r| r.dst == Some(Prefix::new(ip("198.51.100.0"), 24)))
        .collect();
    assert_eq!(p24.len(), 1);
    assert_eq!(p24[0].protocol, RouteProtocol::KERNEL);
    assert_eq!(p24[0].encap, None);
}

#[test]
fn mpls_encap_request_matches_ip_byte_for_byte() {
    // testdata/route-mpls-encap.bin: what `ip route add 198.51.100.0/24 encap mpls 100/200 via
    // 192.0.2.254 dev veth0` sent (veth0 was ifindex 3).
    let whole = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../netlink-wire/testdata/route-mpls-encap.bin"
    ))
    .unwrap();
    let mut req = RouteRequest::new(ip("198.51.100.0"), 24)
        .gateway(ip("192.0.2.254"))
        .oif(3);
    req.encap = Some(Encap::mpls(&[100, 200]));
    req.validate(
        netlink::netlink_wire::rtnl::RTM_NEWROUTE,
        netlink::Flags::EMPTY,
    )
    .unwrap();
    let mut ours = Vec::new();
    let flags = netlink::Flags::REQUEST
        | netlink::Flags::ACK
        | netlink::Flags::CREATE
        | netlink::Flags::EXCL;
    req.build(&mut ours, netlink::netlink_wire::rtnl::RTM_NEWROUTE, flags)
        .unwrap();
    assert_eq!(ours.len(), whole.len());
    // Header (length, type, flags); seq and pid differ.
    assert_eq!(ours[..8], whole[..8]);
    // Everything after, except the two padding bytes after RTA_ENCAP_TYPE's u16 that ip
    // leaves stale (01 00) and we zero.
    assert_eq!(ours[16..58], whole[16..58]);
    assert_eq!(whole[58..60], [1, 0]);
    assert_eq!(ours[58..60], [0, 0]);
    assert_eq!(ours[60..], whole[60..]);
}

#[test]
fn streaming_agrees_with_the_owned_list_on_a_big_table() {
    let ns = TestNs::new();
    let (rt0, _) = setup(&ns);
    let mut batch = String::new();
    for i in 0..3000u32 {
        // IPv4 matters here (an AF_INET filter), and 3000 host routes do not fit in the 768
        // IPv4 documentation addresses: routes to the same /32 differ by metric.
        batch.push_str(&format!(
            "route add {}/32 dev rt0 metric {}\n",
            doc_ipv4(i),
            i / DOC_IPV4
        ));
    }
    ns.ip_batch(&batch);
    let c = conn(&ns);
    let mut seen = 0usize;
    c.for_each_route(
        RouteFilter::default()
            .family(AddressFamily::INET)
            .oif(rt0)
            .table(Table(254)),
        |r| {
            assert_eq!(r.oif()?, Some(rt0));
            seen += 1;
            Ok(())
        },
    )
    .unwrap();
    // 3000 host routes plus the prefix route of 192.0.2.0/24.
    assert_eq!(seen, 3001);
    let all = c
        .routes(RouteFilter::default().family(AddressFamily::INET))
        .unwrap();
    compare_with_ip(&ns, &all, &["-4", "route", "show", "table", "all"]);
}

#[test]
fn a_dump_of_every_family_reads_multicast_routes_and_their_age() {
    let ns = TestNs::new();
    let (rt0, rt1) = setup(&ns);
    let _router = ns.multicast_route(
        "rt0",
        "rt1",
        "192.0.2.10".parse().unwrap(),
        "233.252.0.1".parse().unwrap(),
    );
    let c = conn(&ns);

    // No family: the kernel answers for every family, the multicast one (RTNL_FAMILY_IPMR)
    // included, whose RTA_EXPIRES is 8 bytes. It used to fail the whole dump.
    let all = c.list::<Route>(RouteFilter::default()).unwrap();
    let mcast = family(&all, AddressFamily::IPMR);
    assert_eq!(mcast.len(), 1, "{mcast:?}");
    let m = &mcast[0];
    assert_eq!(m.route_type, RouteType::MULTICAST);
    assert_eq!(m.dst, Some(Prefix::new(ip("233.252.0.1"), 32)));
    assert_eq!(m.src, Some(Prefix::new(ip("192.0.2.10"), 32)));
    assert_eq!(m.iif, Some(rt0));
    let oifs: Vec<Option<u32>> = m.multipath.iter().map(|h| h.oif).collect();
    assert_eq!(oifs, [Some(rt1)]);
    // Its RTA_EXPIRES is the age, not an expiry; ip -s mroute prints it as Age, in seconds.
    assert_eq!(m.expires, None);
    let age = m.lastuse.expect("a multicast route carries its age");
    let shown = ns.ip_value(&["-s", "mroute", "show"]);
    assert_eq!(shown[0]["dst"], "233.252.0.1", "{shown}");
    let ip_age = shown[0]["expires"]
        .as_f64()
        .expect("ip -s mroute prints the age");
    // Read a moment apart: within a second of each other.
    assert!(
        (ip_age - age as f64 / 100.0).abs() < 1.0,
        "ours {age} ticks, ip {ip_age} s"
    );
    // Unicast routes keep expires and have no age.
    assert!(
        family(&all, AddressFamily::INET)
            .iter()
            .all(|r| r.lastuse.is_none())
    );
}
