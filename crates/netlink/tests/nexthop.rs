//! Nexthop object operations on the real kernel, checked against `ip -j nexthop show`.

use netlink::Errno;
use std::collections::BTreeSet;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::nexthop::GroupType;
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol};
use netlink::{
    Connection, ConnectionOptions, Error, GroupMember, Nexthop, NexthopFilter, NexthopRequest,
    ResilientGroup, RouteRequest,
};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// A namespace with `lo` up and a veth pair `va`/`vb`, `va` holding 192.0.2.1/24 and
/// 2001:db8::1/64; returns `va`'s index.
fn setup(ns: &TestNs) -> u32 {
    ns.ip_batch(
        "link set lo up\n\
         link add va type veth peer name vb\n\
         link set va up\n\
         link set vb up\n\
         addr add 192.0.2.1/24 dev va\n\
         addr add 2001:db8::1/64 dev va nodad\n",
    );
    let link = ns.ip_value(&["link", "show", "va"]);
    u32::try_from(link[0]["ifindex"].as_u64().unwrap()).unwrap()
}

/// The keys `ip -j nexthop show` (iproute2 6.1) prints; any other key fails the comparison.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "group",
    "type",
    "resilient_args",
    "blackhole",
    "gateway",
    "dev",
    "scope",
    "protocol",
    "flags",
    "fdb",
];

/// Every nexthop `ip -j nexthop show` prints must be ours, in the same order, field by field.
fn compare_with_ip(ns: &TestNs, va: u32, ours: &[Nexthop]) {
    let theirs = ns.ip_value(&["nexthop", "show"]);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "ours: {ours:#?}\nip: {theirs:#?}");
    for (o, j) in ours.iter().zip(theirs) {
        let what = format!("ours {o:#?}\nip {j:#}");
        for k in j.as_object().unwrap().keys() {
            assert!(KNOWN_KEYS.contains(&k.as_str()), "unknown key {k}: {what}");
        }
        assert_eq!(j["id"].as_u64(), Some(u64::from(o.id)), "{what}");
        assert_eq!(j["gateway"].as_str().map(ip), o.gateway, "gateway: {what}");
        assert_eq!(
            j["dev"].as_str(),
            o.oif.map(|i| {
                assert_eq!(i, va, "{what}");
                "va"
            }),
            "dev: {what}"
        );
        assert_eq!(j.get("blackhole").is_some(), o.blackhole, "{what}");
        assert_eq!(j.get("fdb").is_some(), o.fdb, "{what}");
        // ip prints the scope of single nexthops only.
        if !o.is_group() && !o.blackhole {
            let scope = match o.scope.0 {
                253 => "link",
                254 => "host",
                0 => "global",
                _ => panic!("unexpected scope {}: {what}", o.scope.0),
            };
            assert_eq!(j["scope"].as_str(), Some(scope), "{what}");
        }
        // ip prints the protocol unless it is unspec.
        let protocol = match o.protocol.0 {
            0 => None,
            4 => Some("static"),
            p => panic!("unexpected protocol {p}: {what}"),
        };
        assert_eq!(j["protocol"].as_str(), protocol, "{what}");
        let flags: Vec<&str> = j["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(
            flags.contains(&"onlink"),
            o.flags.0 & 0x4 != 0,
            "flags: {what}"
        );
        let group: Vec<GroupMember> = j["group"]
            .as_array()
            .map(|g| {
                g.iter()
                    .map(|m| {
                        GroupMember::new(
                            u32::try_from(m["id"].as_u64().unwrap()).unwrap(),
                            // ip leaves out a weight of 1.
                            u32::try_from(m["weight"].as_u64().unwrap_or(1)).unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        // iproute2 6.1 reads only the low byte of the weight (`weight`), not `weight_high`,
        // which kernels since 6.11 fill for weights above 256.
        let low_byte: Vec<GroupMember> = o
            .group
            .iter()
            .map(|m| GroupMember::new(m.id, ((m.weight - 1) & 0xff) + 1))
            .collect();
        assert_eq!(group, low_byte, "group: {what}");
        let group_type = match o.group_type {
            Some(GroupType::RES) => Some("resilient"),
            // ip leaves out the default type.
            Some(GroupType::MPATH) | None => None,
            Some(t) => panic!("unexpected group type {t:?}: {what}"),
        };
        assert_eq!(j["type"].as_str(), group_type, "{what}");
        match o.resilient {
            None => assert!(j.get("resilient_args").is_none(), "{what}"),
            Some(r) => {
                let a = &j["resilient_args"];
                assert_eq!(a["buckets"].as_u64(), r.buckets.map(u64::from), "{what}");
                // ip prints the timers in seconds; the kernel reports clock ticks (USER_HZ).
                assert_eq!(
                    a["idle_timer"].as_u64(),
                    r.idle_timer.map(|t| u64::from(t) / 100),
                    "{what}"
                );
                assert_eq!(
                    a["unbalanced_timer"].as_u64(),
                    r.unbalanced_timer.map(|t| u64::from(t) / 100),
                    "{what}"
                );
                assert_eq!(
                    a["unbalanced_time"].as_u64(),
                    r.unbalanced_time.map(|t| t / 100),
                    "{what}"
                );
            }
        }
    }
}

fn ids(list: &[Nexthop]) -> BTreeSet<u32> {
    list.iter().map(|n| n.id).collect()
}

fn kernel_errno(r: netlink::Result<()>) -> Errno {
    match r {
        Err(Error::Kernel(k)) => k.errno,
        other => panic!("expected a kernel error, got {other:?}"),
    }
}

#[test]
fn nexthops_added_listed_filtered_replaced_and_deleted_agree_with_ip() {
    let ns = TestNs::new();
    let va = setup(&ns);
    let c = conn(&ns);

    c.add_nexthop(&NexthopRequest::gateway(1, ip("192.0.2.2"), va))
        .unwrap();
    c.add_nexthop(
        &NexthopRequest::gateway(2, ip("198.51.100.3"), va)
            .onlink(true)
            .protocol(RouteProtocol::STATIC),
    )
    .unwrap();
    c.add_nexthop(&NexthopRequest::device(3, va)).unwrap();
    c.add_nexthop(&NexthopRequest::blackhole(4)).unwrap();
    c.add_nexthop(&NexthopRequest::group(
        5,
        vec![GroupMember::new(1, 3), GroupMember::new(2, 1)],
    ))
    .unwrap();
    c.add_nexthop(&NexthopRequest::gateway(6, ip("2001:db8::2"), va))
        .unwrap();
    c.add_nexthop(
        &NexthopRequest::group(7, vec![GroupMember::new(1, 1), GroupMember::new(3, 300)])
            .group_type(GroupType::RES)
            .resilient(
                ResilientGroup::buckets(8)
                    .idle_timer(1000)
                    .unbalanced_timer(2000),
            ),
    )
    .unwrap();
    let all = c.nexthops(NexthopFilter::default()).unwrap();
    compare_with_ip(&ns, va, &all);
    assert_eq!(ids(&all), BTreeSet::from([1, 2, 3, 4, 5, 6, 7]));

    // Weights above 256 need weight_high: the kernel keeps and reports all of 300.
    let seven = all.iter().find(|n| n.id == 7).unwrap();
    assert_eq!(seven.group[1], GroupMember::new(3, 300));
    let five = c.nexthop(5).unwrap();
    assert_eq!(five.as_ref(), all.iter().find(|n| n.id == 5));
    // A miss is None, as for every single-object lookup (the kernel answered Errno::NOENT).
    assert_eq!(c.nexthop(999).unwrap(), None);

    // The kernel's filters, and ours.
    let groups = c.nexthops(NexthopFilter::default().groups(true)).unwrap();
    assert_eq!(ids(&groups), BTreeSet::from([5, 7]));
    let on_va = c.nexthops(NexthopFilter::default().oif(va)).unwrap();
    assert_eq!(ids(&on_va), BTreeSet::from([1, 2, 3, 6]));
    let v6 = c
        .nexthops(NexthopFilter::default().family(AddressFamily::INET6))
        .unwrap();
    assert_eq!(ids(&v6), BTreeSet::from([6]));

    // Errors from the kernel carry its errno.
    assert_eq!(
        kernel_errno(c.add_nexthop(&NexthopRequest::device(3, va))),
        Errno::EXIST
    );
    assert_eq!(kernel_errno(c.delete_nexthop(999)), Errno::NOENT);
    match c.add_nexthop(&NexthopRequest::gateway(20, ip("203.0.113.1"), va)) {
        Err(Error::Kernel(k)) => assert!(k.message.is_some(), "no ext-ack text: {k:?}"),
        other => panic!("a gateway with no route to it was accepted: {other:?}"),
    }
    assert!(matches!(
        c.add_nexthop(&NexthopRequest::default()),
        Err(Error::InvalidArgument(_))
    ));

    // A route through group 5 follows a replace of member 1, and goes with the group.
    let mut route = RouteRequest::new(ip("198.51.100.0"), 24);
    route.nh_id = Some(5);
    c.add_route(&route).unwrap();
    let shown = ns.ip_value(&["route", "show", "198.51.100.0/24"]);
    assert_eq!(shown[0]["nhid"].as_u64(), Some(5), "{shown:#}");
    c.replace_nexthop(&NexthopRequest::gateway(1, ip("192.0.2.7"), va))
        .unwrap();
    assert_eq!(
        c.nexthop(1).unwrap().unwrap().gateway,
        Some(ip("192.0.2.7"))
    );
    compare_with_ip(&ns, va, &c.nexthops(NexthopFilter::default()).unwrap());
    c.delete_nexthop(5).unwrap();
    let shown = ns.ip_value(&["route", "show", "198.51.100.0/24"]);
    assert_eq!(shown.as_array().map(Vec::len), Some(0), "{shown:#}");

    // FDB nexthops: a gateway without a device; the kernel chooses an id when given none.
    let mut fdb8 = NexthopRequest::default().fdb(true);
    fdb8.id = 8;
    fdb8.gateway = Some(ip("192.0.2.9"));
    c.add_nexthop(&fdb8).unwrap();
    c.add_nexthop(&NexthopRequest::group(9, vec![GroupMember::new(8, 1)]).fdb(true))
        .unwrap();
    let before = ids(&c.nexthops(NexthopFilter::default()).unwrap());
    c.add_nexthop(&NexthopRequest::device(0, va)).unwrap();
    let all = c.nexthops(NexthopFilter::default()).unwrap();
    let chosen: Vec<u32> = ids(&all).difference(&before).copied().collect();
    assert_eq!(chosen.len(), 1, "no new id: {all:#?}");
    compare_with_ip(&ns, va, &all);
    let fdb = c.nexthops(NexthopFilter::default().fdb(true)).unwrap();
    assert_eq!(ids(&fdb), BTreeSet::from([8, 9]));

    for n in [9, 8, 7, 6, 4, 3, 2, 1, chosen[0]] {
        c.delete_nexthop(n).unwrap();
    }
    assert!(c.nexthops(NexthopFilter::default()).unwrap().is_empty());
    assert_eq!(ns.ip_value(&["nexthop", "show"]), Value::Array(Vec::new()));
}
