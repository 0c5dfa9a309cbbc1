//! Rule operations on the real kernel, checked against `ip -j -d rule show`.

use netlink::Errno;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::rule::{RuleAction, RuleFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol, Table};
use netlink::ops::rule::{Rule, RuleFilter, RuleRequest};
use netlink::{Connection, ConnectionOptions, Error};
use netlink_testns::serde_json::Value;
use netlink_testns::{TestNs, doc_ipv4};

const INET: AddressFamily = AddressFamily::INET;
const INET6: AddressFamily = AddressFamily::INET6;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The keys `ip -j -d rule show` (iproute2 6.1) prints; any other key fails the comparison, so
/// that a field ip shows cannot go unchecked.
const KNOWN_KEYS: &[&str] = &[
    "priority",
    "not",
    "src",
    "srclen",
    "dst",
    "dstlen",
    "tos",
    "fwmark",
    "fwmask",
    "iif",
    "iif_detached",
    "oif",
    "oif_detached",
    "l3mdev",
    "uid_start",
    "uid_end",
    "ipproto",
    "sport",
    "sport_start",
    "sport_end",
    "dport",
    "dport_start",
    "dport_end",
    "tun_id",
    "table",
    "suppress_prefixlen",
    "suppress_ifgroup",
    "flow_to",
    "flow_from",
    "goto",
    "unresolved",
    "nop",
    "action",
    "protocol",
];

fn ip_proto_name(p: u8) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        58 => "ipv6-icmp".into(),
        p => p.to_string(),
    }
}

fn ports(j: &Value, key: &str, ours: Option<(u16, u16)>, what: &str) {
    let single = &j[key];
    let start = &j[format!("{key}_start").as_str()];
    let end = &j[format!("{key}_end").as_str()];
    match ours {
        None => assert!(
            single.is_null() && start.is_null() && end.is_null(),
            "{what}"
        ),
        Some((s, e)) if s == e => assert_eq!(single.as_u64(), Some(u64::from(s)), "{what}"),
        Some((s, e)) => {
            assert_eq!(start.as_u64(), Some(u64::from(s)), "{what}");
            assert_eq!(end.as_u64(), Some(u64::from(e)), "{what}");
        }
    }
}

/// Every rule `ip -j -d [-6] rule show` prints must be ours, in the same order, and every field
/// it prints must agree with ours.
fn compare_with_ip(ns: &TestNs, family: AddressFamily, ours: &[Rule]) {
    let args: &[&str] = if family == INET6 {
        &["-d", "-6", "rule", "show"]
    } else {
        &["-d", "rule", "show"]
    };
    let theirs = ns.ip_value(args);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "ours: {ours:#?}\nip: {theirs:#?}");
    let host_len = if family == INET6 { 128 } else { 32 };
    for (o, j) in ours.iter().zip(theirs) {
        let what = format!("ours {o:#?}\nip {j:#}");
        for k in j.as_object().unwrap().keys() {
            assert!(KNOWN_KEYS.contains(&k.as_str()), "unknown key {k}: {what}");
        }
        assert_eq!(o.family, family, "{what}");
        assert_eq!(
            j["priority"].as_u64(),
            Some(u64::from(o.priority)),
            "{what}"
        );
        assert_eq!(j.get("not").is_some(), o.invert(), "{what}");
        match o.src {
            None => assert_eq!(j["src"], "all", "{what}"),
            Some((a, len)) => {
                assert_eq!(j["src"].as_str(), Some(a.to_string().as_str()), "{what}");
                let shown = (len != host_len).then_some(u64::from(len));
                assert_eq!(j["srclen"].as_u64(), shown, "{what}");
            }
        }
        match o.dst {
            None => assert!(j.get("dst").is_none(), "{what}"),
            Some((a, len)) => {
                assert_eq!(j["dst"].as_str(), Some(a.to_string().as_str()), "{what}");
                let shown = (len != host_len).then_some(u64::from(len));
                assert_eq!(j["dstlen"].as_u64(), shown, "{what}");
            }
        }
        let tos = (o.tos != 0).then(|| format!("{:#x}", o.tos));
        assert_eq!(j["tos"].as_str(), tos.as_deref(), "{what}");
        // ip prints the mask only when it is not all ones.
        if o.fwmark.is_some() || o.fwmask.is_some() {
            let mark = format!("{:#x}", o.fwmark.unwrap_or(0));
            assert_eq!(j["fwmark"].as_str(), Some(mark.as_str()), "{what}");
            let mask = o
                .fwmask
                .filter(|&m| m != u32::MAX)
                .map(|m| format!("{m:#x}"));
            assert_eq!(j["fwmask"].as_str(), mask.as_deref(), "{what}");
        } else {
            assert!(
                j.get("fwmark").is_none() && j.get("fwmask").is_none(),
                "{what}"
            );
        }
        assert_eq!(j["iif"].as_str(), o.iifname.as_deref(), "{what}");
        assert_eq!(
            j.get("iif_detached").is_some(),
            o.flags.contains(RuleFlags::IIF_DETACHED),
            "{what}"
        );
        assert_eq!(j["oif"].as_str(), o.oifname.as_deref(), "{what}");
        assert_eq!(
            j.get("oif_detached").is_some(),
            o.flags.contains(RuleFlags::OIF_DETACHED),
            "{what}"
        );
        assert_eq!(j.get("l3mdev").is_some(), o.l3mdev, "{what}");
        assert_eq!(
            (j["uid_start"].as_u64(), j["uid_end"].as_u64()),
            (
                o.uid_range.map(|u| u64::from(u.0)),
                o.uid_range.map(|u| u64::from(u.1))
            ),
            "{what}"
        );
        assert_eq!(
            j["ipproto"].as_str().map(str::to_owned),
            o.ip_proto.map(ip_proto_name),
            "{what}"
        );
        ports(j, "sport", o.sport_range, &what);
        ports(j, "dport", o.dport_range, &what);
        assert_eq!(j["tun_id"].as_u64(), o.tun_id, "{what}");
        if o.table == Table::UNSPEC {
            assert!(j.get("table").is_none(), "{what}");
        } else {
            assert_eq!(
                j["table"].as_str(),
                Some(o.table.to_string().as_str()),
                "{what}"
            );
            assert_eq!(
                j["suppress_prefixlen"].as_u64(),
                o.suppress_prefixlen.map(u64::from),
                "{what}"
            );
            assert_eq!(
                j["suppress_ifgroup"].as_str(),
                o.suppress_ifgroup.map(|g| g.to_string()).as_deref(),
                "{what}"
            );
        }
        match o.flow {
            None => assert!(j.get("flow_to").is_none(), "{what}"),
            Some(f) => {
                let to = (f & 0xffff).to_string();
                assert_eq!(j["flow_to"].as_str(), Some(to.as_str()), "{what}");
                let from = (f >> 16 != 0).then(|| (f >> 16).to_string());
                assert_eq!(j["flow_from"].as_str(), from.as_deref(), "{what}");
            }
        }
        match o.action {
            RuleAction::TO_TBL => assert!(j.get("action").is_none(), "{what}"),
            RuleAction::GOTO => {
                assert_eq!(j["goto"].as_u64(), o.goto.map(u64::from), "{what}");
                assert_eq!(
                    j.get("unresolved").is_some(),
                    o.flags.contains(RuleFlags::UNRESOLVED),
                    "{what}"
                );
            }
            RuleAction::NOP => assert!(j.get("nop").is_some(), "{what}"),
            a => assert_eq!(j["action"].as_str(), a.short_name(), "{what}"),
        }
        assert_eq!(
            j["protocol"].as_str(),
            Some(o.protocol.to_string().as_str()),
            "{what}"
        );
    }
}

fn rules(c: &Connection, family: AddressFamily) -> Vec<Rule> {
    c.rules(RuleFilter::family(family)).unwrap()
}

fn with(priority: u32, f: impl FnOnce(&mut RuleRequest)) -> RuleRequest {
    let mut r = RuleRequest::new(INET);
    r.priority = Some(priority);
    f(&mut r);
    r
}

fn find(rules: &[Rule], priority: u32) -> &Rule {
    rules
        .iter()
        .find(|r| r.priority == priority)
        .unwrap_or_else(|| panic!("no rule {priority} in {rules:#?}"))
}

fn kernel_errno(e: Error) -> Errno {
    match e {
        Error::Kernel(k) => k.errno,
        other => panic!("expected a kernel error, got {other:?}"),
    }
}

#[test]
fn ipv4_rules_add_list_delete_like_ip() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "ra", "type", "veth", "peer", "name", "rb"]);
    let c = conn(&ns);

    // The kernel's default rules, before we add anything.
    let defaults = rules(&c, INET);
    compare_with_ip(&ns, INET, &defaults);
    let prios: Vec<_> = defaults.iter().map(|r| (r.priority, r.table)).collect();
    assert_eq!(
        prios,
        [
            (0, Table::LOCAL),
            (32766, Table::MAIN),
            (32767, Table::DEFAULT)
        ]
    );
    assert!(defaults.iter().all(|r| r.protocol == RouteProtocol::KERNEL));

    let reqs = [
        with(100, |r| {
            r.src = Some((ip("192.0.2.0"), 24));
            r.table = Some(Table(100));
        }),
        with(110, |r| {
            r.fwmark = Some(0x10);
            r.fwmask = Some(0xff);
            r.table = Some(Table(200));
        }),
        with(111, |r| {
            r.fwmark = Some(0x20);
            r.table = Some(Table(200));
        }),
        with(120, |r| {
            r.iifname = Some("ra".into());
            r.oifname = Some("rb".into());
            r.table = Some(Table(100));
        }),
        with(121, |r| {
            r.iifname = Some("nosuchdev".into());
            r.table = Some(Table(100));
        }),
        with(130, |r| {
            r.ip_proto = Some(6);
            r.sport_range = Some((1000, 2000));
            r.dport_range = Some((3000, 4000));
            r.table = Some(Table(100));
        }),
        with(131, |r| {
            r.ip_proto = Some(17);
            r.dport_range = Some((53, 53));
            r.table = Some(Table(100));
        }),
        with(140, |r| {
            r.uid_range = Some((100, 200));
            r.table = Some(Table(100));
        }),
        with(150, |r| r.action = Some(RuleAction::BLACKHOLE)),
        with(151, |r| r.action = Some(RuleAction::UNREACHABLE)),
        with(152, |r| r.action = Some(RuleAction::PROHIBIT)),
        with(153, |r| r.goto = Some(200)),
        with(154, |r| r.goto = Some(9999)),
        with(155, |r| {
            r.invert = true;
            r.src = Some((ip("198.51.100.0"), 24));
            r.table = Some(Table(100));
        }),
        with(156, |r| {
            r.table = Some(Table::MAIN);
            r.suppress_prefixlen = Some(0);
        }),
        with(157, |r| {
            r.tos = 0x10;
            r.table = Some(Table(100));
        }),
        with(158, |r| {
            r.dst = Some((ip("203.0.113.0"), 24));
            r.table = Some(Table(5000));
            r.protocol = Some(RouteProtocol::STATIC);
        }),
        with(159, |r| r.action = Some(RuleAction::NOP)),
        with(160, |r| r.l3mdev = true),
        with(161, |r| {
            r.tun_id = Some(5);
            r.flow = Some(3);
            r.suppress_ifgroup = Some(4);
            r.table = Some(Table(100));
        }),
        with(162, |r| {
            r.src = Some((ip("192.0.2.7"), 32));
            r.dst = Some((ip("198.51.100.9"), 32));
        }),
        with(200, |r| r.table = Some(Table(100))),
    ];
    for r in &reqs {
        c.add_rule(r)
            .unwrap_or_else(|e| panic!("adding {r:#?}: {e}"));
    }

    let all = rules(&c, INET);
    compare_with_ip(&ns, INET, &all);
    assert_eq!(all.len(), defaults.len() + reqs.len());

    // Spot checks of what the kernel made of our requests.
    let r = find(&all, 111);
    assert_eq!((r.fwmark, r.fwmask), (Some(0x20), Some(u32::MAX)));
    assert!(find(&all, 121).flags.contains(RuleFlags::IIF_DETACHED));
    assert!(!find(&all, 120).flags.contains(RuleFlags::IIF_DETACHED));
    // A single port comes back with the new FRA_DPORT_MASK, all ones.
    let r = find(&all, 131);
    assert_eq!(
        (r.dport_range, r.dport_mask),
        (Some((53, 53)), Some(0xffff))
    );
    assert_eq!(find(&all, 130).dport_mask, None);
    let r = find(&all, 153);
    assert_eq!(
        (r.action, r.goto, r.table),
        (RuleAction::GOTO, Some(200), Table::UNSPEC)
    );
    assert!(!r.flags.contains(RuleFlags::UNRESOLVED));
    assert!(find(&all, 154).flags.contains(RuleFlags::UNRESOLVED));
    assert!(find(&all, 155).invert());
    assert_eq!(find(&all, 156).suppress_prefixlen, Some(0));
    assert_eq!(find(&all, 100).suppress_prefixlen, None);
    let r = find(&all, 158);
    assert_eq!((r.table, r.protocol), (Table(5000), RouteProtocol::STATIC));
    let r = find(&all, 160);
    assert!(r.l3mdev);
    assert_eq!(r.table, Table::UNSPEC);
    let r = find(&all, 161);
    assert_eq!(
        (r.tun_id, r.flow, r.suppress_ifgroup),
        (Some(5), Some(3), Some(4))
    );
    assert_eq!(find(&all, 150).action, RuleAction::BLACKHOLE);

    // The same rule again: Errno::EXIST from the kernel.
    assert_eq!(
        kernel_errno(c.add_rule(&reqs[0]).unwrap_err()),
        Errno::EXIST
    );

    // Delete by priority alone, by selectors alone (like `ip rule del from X table T`), and by
    // the exact request of a listed rule.
    let mut by_prio = RuleRequest::new(INET);
    by_prio.priority = Some(110);
    c.delete_rule(&by_prio).unwrap();
    let mut by_sel = RuleRequest::new(INET);
    by_sel.src = Some((ip("198.51.100.0"), 24));
    by_sel.invert = true;
    by_sel.table = Some(Table(100));
    c.delete_rule(&by_sel).unwrap();
    c.delete_rule(&find(&all, 158).to_request()).unwrap();
    c.delete_rule(&find(&all, 130).to_request()).unwrap();
    let mut blackholes = RuleRequest::new(INET);
    blackholes.action = Some(RuleAction::BLACKHOLE);
    c.delete_rule(&blackholes).unwrap();

    let left = rules(&c, INET);
    compare_with_ip(&ns, INET, &left);
    assert_eq!(left.len(), all.len() - 5);
    for gone in [110, 155, 158, 130, 150] {
        assert!(
            left.iter().all(|r| r.priority != gone),
            "{gone} is still there"
        );
    }

    // Deleting what is not there: Errno::NOENT, with the errno, from the kernel.
    assert_eq!(
        kernel_errno(c.delete_rule(&by_prio).unwrap_err()),
        Errno::NOENT
    );
    assert_eq!(
        kernel_errno(c.delete_rule(&find(&all, 158).to_request()).unwrap_err()),
        Errno::NOENT
    );
    compare_with_ip(&ns, INET, &rules(&c, INET));
}

#[test]
fn ipv6_rules_add_list_delete_like_ip() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "ra", "type", "veth", "peer", "name", "rb"]);
    let c = conn(&ns);
    let defaults = rules(&c, INET6);
    compare_with_ip(&ns, INET6, &defaults);
    assert_eq!(
        defaults
            .iter()
            .map(|r| (r.priority, r.table))
            .collect::<Vec<_>>(),
        [(0, Table::LOCAL), (32766, Table::MAIN)]
    );

    let v6 = |priority: u32, f: &dyn Fn(&mut RuleRequest)| {
        let mut r = RuleRequest::new(INET6);
        r.priority = Some(priority);
        f(&mut r);
        r
    };
    let reqs = [
        v6(100, &|r| {
            r.src = Some((ip("2001:db8::"), 32));
            r.table = Some(Table(100));
        }),
        v6(101, &|r| {
            r.dst = Some((ip("2001:db8:1::"), 48));
            r.action = Some(RuleAction::UNREACHABLE);
        }),
        v6(102, &|r| {
            r.src = Some((ip("2001:db8::5"), 128));
            r.action = Some(RuleAction::BLACKHOLE);
        }),
        v6(110, &|r| {
            r.fwmark = Some(0x10);
            r.fwmask = Some(0xff);
            r.table = Some(Table(200));
        }),
        v6(120, &|r| {
            r.iifname = Some("ra".into());
            r.table = Some(Table(100));
        }),
        v6(130, &|r| {
            r.ip_proto = Some(6);
            r.sport_range = Some((1000, 2000));
            r.dport_range = Some((3000, 4000));
            r.table = Some(Table(100));
        }),
        v6(140, &|r| {
            r.uid_range = Some((100, 200));
            r.table = Some(Table(100));
        }),
        v6(150, &|r| r.action = Some(RuleAction::PROHIBIT)),
        v6(151, &|r| r.goto = Some(160)),
        v6(152, &|r| {
            r.invert = true;
            r.src = Some((ip("2001:db8:2::"), 64));
            r.table = Some(Table(100));
        }),
        v6(153, &|r| {
            r.table = Some(Table::MAIN);
            r.suppress_prefixlen = Some(0);
        }),
        v6(154, &|r| {
            r.tos = 0x10;
            r.table = Some(Table(100));
        }),
        v6(160, &|r| {
            r.table = Some(Table(70000));
            r.protocol = Some(RouteProtocol::BOOT);
        }),
    ];
    for r in &reqs {
        c.add_rule(r)
            .unwrap_or_else(|e| panic!("adding {r:#?}: {e}"));
    }
    // Without a priority the kernel picks one below the first rule after 0 (as for
    // `ip -6 rule add from 2001:db8::/32 table 100` in the capture).
    let mut auto = RuleRequest::new(INET6);
    auto.dst = Some((ip("2001:db8:3::"), 48));
    auto.table = Some(Table(100));
    c.add_rule(&auto).unwrap();

    let all = rules(&c, INET6);
    compare_with_ip(&ns, INET6, &all);
    assert_eq!(all.len(), defaults.len() + reqs.len() + 1);
    assert_eq!(find(&all, 99).dst, Some((ip("2001:db8:3::"), 48)));
    assert_eq!(find(&all, 160).table, Table(70000));
    assert_eq!(find(&all, 154).tos, 0x10);
    // The IPv4 list does not see them.
    assert!(rules(&c, INET).iter().all(|r| r.family == INET));
    assert_eq!(rules(&c, INET).len(), 3);

    for r in &reqs {
        c.delete_rule(r)
            .unwrap_or_else(|e| panic!("deleting {r:#?}: {e}"));
    }
    let mut any_from_auto = RuleRequest::new(INET6);
    any_from_auto.dst = Some((ip("2001:db8:3::"), 48));
    c.delete_rule(&any_from_auto).unwrap();
    let left = rules(&c, INET6);
    compare_with_ip(&ns, INET6, &left);
    assert_eq!(left, defaults);
    assert_eq!(
        kernel_errno(c.delete_rule(&reqs[0]).unwrap_err()),
        Errno::NOENT
    );
}

#[test]
fn attributes_newer_than_ip_round_trip_through_the_kernel() {
    // iproute2 6.1 neither sends nor prints FRA_DSCP, port masks or flow labels; the kernel
    // (6.18) does, so our request and our listing must agree with each other.
    let ns = TestNs::new();
    let c = conn(&ns);
    let dscp = with(100, |r| {
        r.dscp = Some(10);
        r.table = Some(Table(100));
    });
    let dscp_masked = with(101, |r| {
        r.dscp = Some(0x10);
        r.dscp_mask = Some(0x30);
        r.table = Some(Table(100));
    });
    let port_mask = with(102, |r| {
        r.ip_proto = Some(6);
        r.sport_range = Some((0x100, 0x100));
        r.sport_mask = Some(0xff00);
        r.table = Some(Table(100));
    });
    for r in [&dscp, &dscp_masked, &port_mask] {
        c.add_rule(r)
            .unwrap_or_else(|e| panic!("adding {r:#?}: {e}"));
    }
    let mut label = RuleRequest::new(INET6);
    label.priority = Some(100);
    label.flowlabel = Some(0x12345);
    label.flowlabel_mask = Some(0xfffff);
    label.table = Some(Table(100));
    c.add_rule(&label).unwrap();

    let v4 = rules(&c, INET);
    compare_with_ip(&ns, INET, &v4);
    let r = find(&v4, 100);
    // The kernel reports a full DSCP mask when none was given, and no TOS.
    assert_eq!((r.dscp, r.dscp_mask, r.tos), (Some(10), Some(0x3f), 0));
    let r = find(&v4, 101);
    assert_eq!((r.dscp, r.dscp_mask), (Some(0x10), Some(0x30)));
    let r = find(&v4, 102);
    assert_eq!(
        (r.sport_range, r.sport_mask),
        (Some((0x100, 0x100)), Some(0xff00))
    );
    let v6 = rules(&c, INET6);
    compare_with_ip(&ns, INET6, &v6);
    let r = find(&v6, 100);
    assert_eq!(
        (r.flowlabel, r.flowlabel_mask),
        (Some(0x12345), Some(0xfffff))
    );

    // Each listed rule, turned back into a request, selects exactly itself.
    for r in [
        find(&v4, 100),
        find(&v4, 101),
        find(&v4, 102),
        find(&v6, 100),
    ] {
        c.delete_rule(&r.to_request())
            .unwrap_or_else(|e| panic!("deleting {r:#?}: {e}"));
    }
    assert_eq!(rules(&c, INET).len(), 3);
    assert_eq!(rules(&c, INET6).len(), 2);
}

#[test]
fn bad_requests_fail_before_the_kernel_and_kernel_errors_keep_their_errno() {
    let ns = TestNs::new();
    let c = conn(&ns);
    let bad = [
        with(100, |r| r.src = Some((ip("192.0.2.0"), 33))),
        with(100, |r| r.dst = Some((ip("2001:db8::"), 32))),
        with(100, |r| r.sport_range = Some((2000, 1000))),
        with(100, |r| r.uid_range = Some((5, 4))),
        with(100, |r| r.oifname = Some("sixteen-bytes-xx".into())),
        with(100, |r| r.action = Some(RuleAction::GOTO)),
        with(100, |r| r.flowlabel = Some(1)),
    ];
    for r in &bad {
        assert!(
            matches!(c.add_rule(r), Err(Error::InvalidArgument(_))),
            "{r:#?}"
        );
    }
    let e = c.add_rule(&bad[0]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid argument: prefix length 33 exceeds 32 for 192.0.2.0"
    );
    // Nothing reached the kernel.
    assert_eq!(rules(&c, INET).len(), 3);
    compare_with_ip(&ns, INET, &rules(&c, INET));

    // Requests only the kernel refuses: its errno and message come through.
    let backward = with(100, |r| r.goto = Some(50));
    match c.add_rule(&backward).unwrap_err() {
        Error::Kernel(k) => {
            assert_eq!(k.errno, Errno::INVAL);
            assert_eq!(k.message.as_deref(), Some("Backward goto not supported"));
        }
        other => panic!("{other:?}"),
    }
    let top_port = with(100, |r| {
        r.dport_range = Some((65535, 65535));
        r.table = Some(Table(100));
    });
    assert_eq!(
        kernel_errno(c.add_rule(&top_port).unwrap_err()),
        Errno::INVAL
    );
    let mut nothing = RuleRequest::new(INET);
    nothing.priority = Some(4242);
    assert_eq!(
        kernel_errno(c.delete_rule(&nothing).unwrap_err()),
        Errno::NOENT
    );
}

#[test]
fn filters_and_streaming_agree_with_the_owned_list() {
    let ns = TestNs::new();
    let c = conn(&ns);
    c.add_rule(&RuleRequest::lookup(INET, 100, Table(100)))
        .unwrap();
    c.add_rule(&with(101, |r| r.action = Some(RuleAction::BLACKHOLE)))
        .unwrap();
    c.add_rule(&RuleRequest::lookup(INET6, 100, Table(100)))
        .unwrap();

    let mut seen = Vec::new();
    c.for_each_rule(RuleFilter::default(), |r| {
        seen.push((r.family(), r.priority()?.unwrap_or(0), r.table()?));
        Ok(())
    })
    .unwrap();
    let owned: Vec<_> = c
        .rules(RuleFilter::default())
        .unwrap()
        .iter()
        .map(|r| (r.family, r.priority, r.table))
        .collect();
    assert_eq!(seen, owned);
    // Every family: the IPv4 rules, then the IPv6 ones (the kernel may add others, such as
    // IPv4 multicast routing rules).
    assert!(seen.contains(&(INET, 100, Table(100))));
    assert!(seen.contains(&(INET6, 100, Table(100))));
    assert!(seen.contains(&(INET6, 32766, Table::MAIN)));

    let only = |f: RuleFilter| -> Vec<(AddressFamily, u32)> {
        c.rules(f)
            .unwrap()
            .iter()
            .map(|r| (r.family, r.priority))
            .collect()
    };
    let in_100 = RuleFilter::default().table(Table(100));
    assert_eq!(only(in_100), [(INET, 100), (INET6, 100)]);
    let v6_100 = RuleFilter::family(INET6).priority(100);
    assert_eq!(only(v6_100), [(INET6, 100)]);
    let kernel_v4 = RuleFilter::family(INET).protocol(RouteProtocol::KERNEL);
    assert_eq!(only(kernel_v4), [(INET, 0), (INET, 32766), (INET, 32767)]);
    let blackholes = RuleFilter::default().action(RuleAction::BLACKHOLE);
    assert_eq!(only(blackholes), [(INET, 101)]);
}

#[test]
fn a_thousand_rules_stream_across_many_datagrams() {
    let ns = TestNs::new();
    let mut batch = String::new();
    for i in 0..1000u32 {
        // 1000 rules, distinct by priority; their sources wrap around the 768 IPv4
        // documentation addresses.
        batch.push_str(&format!(
            "rule add from {}/32 table {} priority {}\n",
            doc_ipv4(i),
            1000 + i,
            1000 + i
        ));
    }
    ns.ip_batch(&batch);
    let c = conn(&ns);
    let mut count = 0;
    c.for_each_rule(RuleFilter::family(INET), |_| {
        count += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(count, 1003);
    let all = rules(&c, INET);
    compare_with_ip(&ns, INET, &all);
    let r = find(&all, 1999);
    assert_eq!(r.src, Some((ip("192.0.2.231"), 32)));
    assert_eq!(r.table, Table(1999));
}

#[test]
fn multicast_routing_rules_add_list_delete_like_ip_mrule() {
    let ns = TestNs::new();
    let c = conn(&ns);
    ns.ip(&["link", "add", "mr0", "type", "veth", "peer", "name", "mr1"]);
    for (family, table) in [
        (AddressFamily::IPMR, Table::DEFAULT),
        (AddressFamily::IP6MR, Table::MAIN),
    ] {
        // A fresh namespace has one rule of each multicast routing family.
        let fresh = rules(&c, family);
        assert_eq!(fresh.len(), 1, "{family:?}: {fresh:?}");
        assert_eq!((fresh[0].priority, fresh[0].table), (32767, table));
        let mut r = RuleRequest::lookup(family, 100, Table(10));
        r.iifname = Some("mr0".into());
        c.add_rule(&r).unwrap();
        let got = rules(&c, family);
        assert_eq!(find(&got, 100).iifname.as_deref(), Some("mr0"));
        assert_eq!(find(&got, 100).family, family);
        c.delete_rule(&r).unwrap();
        assert_eq!(rules(&c, family).len(), 1);
    }
    let mut r = RuleRequest::lookup(AddressFamily::IPMR, 200, Table(20));
    r.fwmark = Some(7);
    c.add_rule(&r).unwrap();
    let shown = ns.ip(&["mrule"]);
    assert!(
        shown.contains("200:\tfrom all fwmark 0x7 lookup 20"),
        "{shown}"
    );
    // Not in the unicast rules.
    assert!(rules(&c, INET).iter().all(|x| x.priority != 200));
}
