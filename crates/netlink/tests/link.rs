//! Link operations on the real kernel, checked against `ip -j -d -s link show`.

use netlink::Errno;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use netlink::netlink_socket::NetNs;
use netlink::netlink_wire::rtnl::link::{IfFlags, LinkType, OperState};
use netlink::ops::link::{Link, LinkFilter, LinkRequest, hw_address_string};
use netlink::ops::link_kind::LinkKind;
use netlink::{Connection, ConnectionOptions, Error};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn ip_link(ns: &TestNs, name: &str) -> Value {
    ns.ip_value(&["-d", "link", "show", "dev", name])[0].clone()
}

fn u32_of(v: &Value) -> Option<u32> {
    v.as_u64().map(|n| u32::try_from(n).unwrap())
}

fn veth(peer: &str) -> LinkKind {
    LinkKind::veth(peer)
}

/// Our links once the kernel has settled: linkwatch changes operstate and carrier a moment
/// after a link goes up, so wait until two dumps 100 ms apart agree on every state field.
fn settled(c: &Connection) -> Vec<Link> {
    let state = |ls: &[Link]| -> Vec<_> {
        ls.iter()
            .map(|l| (l.index, l.flags, l.operstate, l.carrier, l.carrier_changes))
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut last = c.links(LinkFilter::default()).unwrap();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = c.links(LinkFilter::default()).unwrap();
        if state(&now) == state(&last) || Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

/// Every field that both `ip -j -d -s link show` and [`Link`] carry must agree, for every link.
fn compare_with_ip(ns: &TestNs, ours: &[Link]) {
    let ip = ns.ip_value(&["-d", "-s", "link", "show"]);
    let theirs = ip.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "ours: {ours:#?}\nip: {ip:#}");
    let name_of = |index: u32| {
        ours.iter()
            .find(|l| l.index == index)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| panic!("no link {index} in {ours:#?}"))
    };
    for t in theirs {
        let index = u32_of(&t["ifindex"]).unwrap();
        let o = ours
            .iter()
            .find(|o| o.index == index)
            .unwrap_or_else(|| panic!("link {index} missing from {ours:#?}"));
        let name = t["ifname"].as_str().unwrap();
        assert_eq!(o.name, name);

        // ip prints the IFF_* names except RUNNING, plus NO-CARRIER (up but not running) and
        // M-DOWN (the lower link is down), which are not kernel flags.
        let ip_flags: BTreeSet<&str> = t["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .filter(|f| *f != "NO-CARRIER" && *f != "M-DOWN")
            .collect();
        let our_flags: BTreeSet<&str> = o.flags.short_names().filter(|f| *f != "RUNNING").collect();
        assert_eq!(our_flags, ip_flags, "flags of {name}");
        let no_carrier = t["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("NO-CARRIER"));
        assert_eq!(
            no_carrier,
            o.flags.contains(IfFlags::UP) && !o.flags.contains(IfFlags::RUNNING),
            "NO-CARRIER of {name}"
        );

        assert_eq!(o.mtu, u32_of(&t["mtu"]), "mtu of {name}");
        assert_eq!(o.qdisc.as_deref(), t["qdisc"].as_str(), "qdisc of {name}");
        assert_eq!(
            o.operstate.map(|s| s.to_string()).as_deref(),
            t["operstate"].as_str(),
            "operstate of {name}"
        );
        assert_eq!(
            o.link_mode.map(|s| s.to_string()).as_deref(),
            t["linkmode"].as_str(),
            "linkmode of {name}"
        );
        match t["group"].as_str() {
            Some("default") => assert_eq!(o.group, Some(0), "group of {name}"),
            Some(g) => assert_eq!(o.group.map(|g| g.to_string()).as_deref(), Some(g)),
            None => assert_eq!(o.group, None),
        }
        assert_eq!(o.txqlen, u32_of(&t["txqlen"]), "txqlen of {name}");
        assert_eq!(
            o.link_type.to_string(),
            t["link_type"].as_str().unwrap(),
            "link_type of {name}"
        );
        assert_eq!(
            o.address.as_deref().map(hw_address_string).as_deref(),
            t["address"].as_str(),
            "address of {name}"
        );
        assert_eq!(
            o.broadcast.as_deref().map(hw_address_string).as_deref(),
            t["broadcast"].as_str(),
            "broadcast of {name}"
        );
        if let Some(p) = t["permaddr"].as_str() {
            assert_eq!(
                o.perm_address.as_deref().map(hw_address_string).as_deref(),
                Some(p)
            );
        }
        match t["master"].as_str() {
            Some(m) => assert_eq!(
                o.master.map(name_of).as_deref(),
                Some(m),
                "master of {name}"
            ),
            None => assert_eq!(o.master, None, "master of {name}"),
        }
        // ip prints the lower link by name in the same namespace, by index with the netns id
        // otherwise, and nothing when it is the link itself.
        if let Some(l) = t["link"].as_str() {
            assert_eq!(o.link.map(name_of).as_deref(), Some(l), "link of {name}");
        } else if let Some(l) = u32_of(&t["link_index"]) {
            assert_eq!(o.link, Some(l), "link_index of {name}");
        } else {
            assert!(
                o.link.is_none_or(|l| l == o.index),
                "link of {name}: {:?}",
                o.link
            );
        }
        assert_eq!(
            o.link_netnsid,
            t["link_netnsid"].as_i64().map(|v| v as i32),
            "link_netnsid of {name}"
        );
        assert_eq!(
            o.alias.as_deref(),
            t["ifalias"].as_str(),
            "ifalias of {name}"
        );
        for (ours, key) in [
            (o.promiscuity, "promiscuity"),
            (o.allmulti, "allmulti"),
            (o.min_mtu, "min_mtu"),
            (o.max_mtu, "max_mtu"),
            (o.num_tx_queues, "num_tx_queues"),
            (o.num_rx_queues, "num_rx_queues"),
            (o.gso_max_size, "gso_max_size"),
            (o.gso_max_segs, "gso_max_segs"),
            (o.tso_max_size, "tso_max_size"),
            (o.tso_max_segs, "tso_max_segs"),
            (o.gro_max_size, "gro_max_size"),
        ] {
            assert_eq!(ours, u32_of(&t[key]), "{key} of {name}");
        }
        assert_eq!(
            o.kind.as_deref(),
            t["linkinfo"]["info_kind"].as_str(),
            "info_kind of {name}"
        );
        assert_eq!(
            o.slave_kind.as_deref(),
            t["linkinfo"]["info_slave_kind"].as_str(),
            "info_slave_kind of {name}"
        );
        let alts: Vec<&str> = t["altnames"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(o.alt_names, alts, "altnames of {name}");
        assert_eq!(
            o.proto_down == Some(true),
            t["proto_down"] == Value::Bool(true)
        );

        // Counters only grow, and ip read them after us.
        let s = o.stats64.expect("IFLA_STATS64");
        let st = &t["stats64"];
        for (ours, dir, key) in [
            (s.rx_bytes, "rx", "bytes"),
            (s.rx_packets, "rx", "packets"),
            (s.rx_errors, "rx", "errors"),
            (s.rx_dropped, "rx", "dropped"),
            (s.rx_over_errors, "rx", "over_errors"),
            (s.multicast, "rx", "multicast"),
            (s.tx_bytes, "tx", "bytes"),
            (s.tx_packets, "tx", "packets"),
            (s.tx_errors, "tx", "errors"),
            (s.tx_dropped, "tx", "dropped"),
            (s.tx_carrier_errors, "tx", "carrier_errors"),
            (s.collisions, "tx", "collisions"),
        ] {
            let theirs = st[dir][key].as_u64().unwrap();
            assert!(ours <= theirs, "{dir} {key} of {name}: {ours} > {theirs}");
            if !o.is_up() {
                assert_eq!(ours, theirs, "{dir} {key} of {name} (down)");
            }
        }
    }
}

#[test]
fn list_matches_ip_for_every_field() {
    let ns = TestNs::new();
    ns.ip_batch(
        "link add lv0 address 02:00:00:00:01:01 type veth peer name lv1 address 02:00:00:00:01:02
link add lbr0 address 02:00:00:00:01:03 type bridge
link set lv1 master lbr0
link set lv0 up
link set lv1 up
link set lbr0 up
link add lmv0 link lv0 address 02:00:00:00:01:05 type macvlan mode bridge
link add lvx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev lv0
link set lvx0 mtu 1400 txqlen 500 group 7 alias uplink-vxlan
link property add dev lv0 altname lv0-long-alternative-name
link property add dev lv0 altname lvzero
link add ldown type veth peer name ldown-peer
link set ldown promisc on
",
    );
    let c = conn(&ns);
    let all = settled(&c);
    compare_with_ip(&ns, &all);
    let lv0 = all.iter().find(|l| l.name == "lv0").unwrap();
    assert_eq!(lv0.alt_names, ["lv0-long-alternative-name", "lvzero"]);
    assert_eq!(lv0.link_type, LinkType::ETHER);
    assert_eq!(lv0.address_string().as_deref(), Some("02:00:00:00:01:01"));
    let lo = all.iter().find(|l| l.name == "lo").unwrap();
    assert_eq!(
        (lo.index, lo.link_type, lo.kind.as_deref()),
        (1, LinkType::LOOPBACK, None)
    );
    let vx = all.iter().find(|l| l.name == "lvx0").unwrap();
    assert_eq!(
        (vx.mtu, vx.txqlen, vx.group),
        (Some(1400), Some(500), Some(7))
    );
    assert_eq!(vx.alias.as_deref(), Some("uplink-vxlan"));
    assert!(all.iter().find(|l| l.name == "ldown").unwrap().promiscuity >= Some(1));

    // Kernel-side filters, checked on our side as well.
    let br = all.iter().find(|l| l.name == "lbr0").unwrap().index;
    let ports = c.links(LinkFilter::default().master(br)).unwrap();
    assert_eq!(
        ports.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["lv1"]
    );
    let veths: BTreeSet<String> = c
        .links(LinkFilter::default().kind("veth".into()))
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    let expect: BTreeSet<String> = ["lv0", "lv1", "ldown", "ldown-peer"]
        .map(String::from)
        .into();
    assert_eq!(veths, expect);
    let up: Vec<_> = c.links(LinkFilter::default().flags(IfFlags::UP)).unwrap();
    assert!(up.iter().all(Link::is_up));
    assert!(up.iter().any(|l| l.name == "lv0"));
    assert!(!up.iter().any(|l| l.name == "ldown"));
    // A kind the kernel does not know is not filtered by the kernel: we still filter.
    let none = c
        .links(LinkFilter::default().kind("no-such-kind".into()))
        .unwrap();
    assert!(none.is_empty(), "{none:#?}");
}

#[test]
fn create_change_and_delete_through_our_api() {
    let ns = TestNs::new();
    let c = conn(&ns);

    c.add_link("nv0", &veth("nv1")).unwrap();
    let nv0 = ip_link(&ns, "nv0");
    let nv1 = ip_link(&ns, "nv1");
    assert_eq!(nv0["linkinfo"]["info_kind"], "veth");
    assert_eq!(nv1["linkinfo"]["info_kind"], "veth");
    let i0 = c.link_index("nv0").unwrap();
    let i1 = c.link_index("nv1").unwrap();
    assert_eq!(u32_of(&nv0["ifindex"]), Some(i0));
    assert_eq!(u32_of(&nv1["ifindex"]), Some(i1));
    // Adding it again: EEXIST from the kernel.
    assert!(
        matches!(c.add_link("nv0", &veth("nv9")), Err(Error::Kernel(k)) if k.errno == Errno::EXIST)
    );

    // A bridge with settings, created up.
    let mut br = LinkRequest::new("nbr0", LinkKind::Bridge);
    br.mtu = Some(1400);
    br.address = Some(vec![2, 0, 0, 0, 2, 3]);
    br.txqlen = Some(321);
    br.group = Some(5);
    br.up = true;
    c.add_link_with(&br).unwrap();
    let b = ip_link(&ns, "nbr0");
    assert_eq!(b["mtu"], 1400);
    assert_eq!(b["address"], "02:00:00:00:02:03");
    assert_eq!(b["txqlen"], 321);
    assert_eq!(b["group"], "5");
    assert!(b["flags"].as_array().unwrap().contains(&Value::from("UP")));
    let ibr = u32_of(&b["ifindex"]).unwrap();

    // A macvlan on top of nv0, by kind name and lower link.
    let mut mv = LinkRequest::new("nmv0", LinkKind::Other("macvlan".into()));
    mv.link = Some(i0);
    c.add_link_with(&mv).unwrap();
    let m = ip_link(&ns, "nmv0");
    assert_eq!(m["link"], "nv0");
    assert_eq!(m["linkinfo"]["info_kind"], "macvlan");

    // Up, down.
    c.set_link_up(i0).unwrap();
    assert!(
        ip_link(&ns, "nv0")["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("UP"))
    );
    assert!(c.link_by_index(i0).unwrap().unwrap().is_up());
    c.set_link_down(i0).unwrap();
    assert!(
        !ip_link(&ns, "nv0")["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("UP"))
    );
    assert_eq!(
        c.link_by_index(i0).unwrap().unwrap().operstate,
        Some(OperState::DOWN)
    );

    // MTU, address, name.
    c.set_link_mtu(i0, 1280).unwrap();
    assert_eq!(ip_link(&ns, "nv0")["mtu"], 1280);
    c.set_link_address(i0, &[2, 0, 0, 0, 2, 0xaa]).unwrap();
    assert_eq!(ip_link(&ns, "nv0")["address"], "02:00:00:00:02:aa");
    c.set_link_name(i0, "nv0-renamed").unwrap();
    assert_eq!(ip_link(&ns, "nv0-renamed")["ifindex"], i0);
    assert!(c.link_by_name("nv0").unwrap().is_none());

    // Master and nomaster.
    c.set_link_master(i1, ibr).unwrap();
    assert_eq!(ip_link(&ns, "nv1")["master"], "nbr0");
    assert_eq!(c.link_by_index(i1).unwrap().unwrap().master, Some(ibr));
    assert_eq!(
        c.link_by_index(i1).unwrap().unwrap().slave_kind.as_deref(),
        Some("bridge")
    );
    c.set_link_nomaster(i1).unwrap();
    assert!(ip_link(&ns, "nv1")["master"].is_null());
    assert_eq!(c.link_by_index(i1).unwrap().unwrap().master, None);

    compare_with_ip(&ns, &settled(&c));

    // Deleting one end of a veth pair deletes both, and the macvlan on top.
    c.delete_link(i1).unwrap();
    let left: Vec<String> = c
        .links(LinkFilter::default())
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(left, ["lo", "nbr0"]);
    compare_with_ip(&ns, &settled(&c));
    assert!(matches!(c.delete_link(i1), Err(Error::Kernel(k)) if k.errno == Errno::NODEV));
}

#[test]
fn move_to_another_namespace_by_fd() {
    let a = TestNs::new();
    let b = TestNs::new();
    let ca = conn(&a);
    let cb = conn(&b);
    ca.add_link("mva", &veth("mvb")).unwrap();
    let idx = ca.link_index("mvb").unwrap();
    let target = NetNs::open(b.path()).unwrap();
    ca.set_link_netns_fd(idx, &target).unwrap();
    assert!(ca.link_by_name("mvb").unwrap().is_none());
    let moved = cb.link_by_name("mvb").unwrap().expect("mvb in b");
    assert_eq!(u32_of(&ip_link(&b, "mvb")["ifindex"]), Some(moved.index));
    // The peer now lives in another namespace: both sides report a netns id for it.
    let mva = ca.link_by_name("mva").unwrap().unwrap();
    assert!(mva.link_netnsid.is_some(), "{mva:#?}");
    assert_eq!(mva.link, Some(moved.index));
    compare_with_ip(&a, &settled(&ca));
    compare_with_ip(&b, &settled(&cb));
}

#[test]
fn move_to_another_namespace_by_pid() {
    let a = TestNs::new();
    let b = TestNs::new();
    let ca = conn(&a);
    ca.add_link("ppa", &veth("ppb")).unwrap();
    let idx = ca.link_index("ppb").unwrap();
    // A process living in b: `ip netns exec` enters b, then becomes `sleep`.
    let mut child = std::process::Command::new("ip")
        .args(["netns", "exec", b.name(), "sleep", "30"])
        .spawn()
        .unwrap();
    let pid = child.id();
    let want = NetNs::open(b.path()).unwrap().inode().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while NetNs::open(format!("/proc/{pid}/ns/net"))
        .and_then(|n| n.inode())
        .ok()
        != Some(want)
    {
        assert!(
            Instant::now() < deadline,
            "the child never entered {}",
            b.name()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let moved = ca.set_link_netns_pid(idx, pid);
    child.kill().unwrap();
    child.wait().unwrap();
    moved.unwrap();
    assert!(ca.link_by_name("ppb").unwrap().is_none());
    assert_eq!(ip_link(&b, "ppb")["linkinfo"]["info_kind"], "veth");
}

#[test]
fn lookups_and_errors() {
    let ns = TestNs::new();
    let c = conn(&ns);
    ns.ip(&["link", "add", "ev0", "type", "veth", "peer", "name", "ev1"]);
    ns.ip(&[
        "link",
        "property",
        "add",
        "dev",
        "ev0",
        "altname",
        "a-very-long-alternative-name",
    ]);
    let ev0 = c.link_by_name("ev0").unwrap().unwrap();
    assert_eq!(u32_of(&ip_link(&ns, "ev0")["ifindex"]), Some(ev0.index));
    // By alternative name, short and long (IFLA_ALT_IFNAME).
    let by_alt = c
        .link_by_name("a-very-long-alternative-name")
        .unwrap()
        .unwrap();
    assert_eq!(by_alt.index, ev0.index);
    assert_eq!(c.link_by_index(ev0.index).unwrap().unwrap(), by_alt);
    assert_eq!(c.link_by_index(1).unwrap().unwrap().name, "lo");
    assert!(c.link_by_index(9999).unwrap().is_none());
    assert!(c.link_by_name("nope").unwrap().is_none());

    // link_index names the missing interface and keeps ENODEV.
    let e = c.link_index("nope").unwrap_err();
    assert_eq!(e.errno(), Some(Errno::NODEV));
    assert!(e.to_string().contains("\"nope\""), "{e}");

    // Operations on an index that does not exist: the kernel's ENODEV.
    for r in [
        c.set_link_up(9999),
        c.set_link_mtu(9999, 1400),
        c.delete_link(9999),
        c.set_link_master(9999, ev0.index),
    ] {
        assert!(
            matches!(&r, Err(Error::Kernel(k)) if k.errno == Errno::NODEV),
            "{r:?}"
        );
    }

    // Bad names never reach the kernel.
    let before = ns.ip_value(&["link", "show"]).as_array().unwrap().len();
    let e = c
        .add_link("a234567890123456", &LinkKind::Bridge)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
    assert!(e.to_string().contains("a234567890123456"), "{e}");
    for bad in ["", "a/b", "a b", "x:1"] {
        assert!(
            matches!(
                c.add_link(bad, &LinkKind::Bridge),
                Err(Error::InvalidArgument(_))
            ),
            "{bad:?}"
        );
        assert!(matches!(
            c.set_link_name(ev0.index, bad),
            Err(Error::InvalidArgument(_))
        ));
    }
    assert!(matches!(c.set_link_up(0), Err(Error::InvalidArgument(_))));
    assert!(matches!(
        c.set_link_address(ev0.index, &[]),
        Err(Error::InvalidArgument(_))
    ));
    assert_eq!(
        ns.ip_value(&["link", "show"]).as_array().unwrap().len(),
        before
    );

    // The kernel's own refusals.
    assert!(
        matches!(c.set_link_mtu(ev0.index, 70000), Err(Error::Kernel(k)) if k.errno == Errno::INVAL)
    );
    assert!(
        matches!(c.set_link_name(ev0.index, "ev1"), Err(Error::Kernel(k)) if k.errno == Errno::EXIST)
    );
    // Since Linux 6.2 a link that is up can be renamed.
    c.set_link_up(ev0.index).unwrap();
    c.set_link_name(ev0.index, "ev-up").unwrap();
    assert_eq!(u32_of(&ip_link(&ns, "ev-up")["ifindex"]), Some(ev0.index));
    // This kernel has no dummy driver.
    assert!(matches!(
        c.add_link("d0", &LinkKind::Other("dummy".into())),
        Err(Error::Kernel(k)) if k.errno == Errno::OPNOTSUPP
    ));
}

#[test]
fn streaming_agrees_with_the_owned_list_across_many_datagrams() {
    let ns = TestNs::new();
    let mut batch = String::new();
    for i in 0..60 {
        batch.push_str(&format!("link add bk{i}a type veth peer name bk{i}b\n"));
    }
    ns.ip_batch(&batch);
    let c = conn(&ns);
    let mut seen = Vec::new();
    c.for_each_link(LinkFilter::default(), |l| {
        seen.push((l.index(), l.name()?.unwrap().to_owned(), l.mtu()?));
        Ok(())
    })
    .unwrap();
    let owned = c.links(LinkFilter::default()).unwrap();
    assert_eq!(owned.len(), 121);
    assert_eq!(
        seen,
        owned
            .iter()
            .map(|l| (l.index, l.name.clone(), l.mtu))
            .collect::<Vec<_>>()
    );
    compare_with_ip(&ns, &owned);
}

#[test]
fn alternative_names_added_and_deleted_in_one_request() {
    let ns = TestNs::new();
    let c = conn(&ns);
    ns.ip(&["link", "add", "an0", "type", "veth", "peer", "name", "an1"]);
    let an0 = c.link_by_name("an0").unwrap().unwrap().index;
    let alt = |ns: &TestNs| -> Vec<String> {
        ip_link(ns, "an0")["altnames"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    c.add_alt_names(&netlink::AltNames::new(
        an0,
        &["uplink", "a-very-long-alternative-name"],
    ))
    .unwrap();
    assert_eq!(alt(&ns), ["uplink", "a-very-long-alternative-name"]);
    assert_eq!(
        c.link_by_index(an0).unwrap().unwrap().alt_names,
        ["uplink", "a-very-long-alternative-name"]
    );
    assert_eq!(c.link_by_name("uplink").unwrap().unwrap().index, an0);
    // A name some link has already: the kernel stops there, keeping the names before it.
    let e = c
        .add_alt_names(&netlink::AltNames::new(an0, &["other", "an1"]))
        .unwrap_err();
    assert_eq!(e.errno(), Some(Errno::EXIST), "{e}");
    assert_eq!(
        alt(&ns),
        ["uplink", "a-very-long-alternative-name", "other"]
    );
    c.delete_alt_names(&netlink::AltNames::new(an0, &["uplink", "other"]))
        .unwrap();
    assert_eq!(alt(&ns), ["a-very-long-alternative-name"]);
    let e = c
        .delete_alt_names(&netlink::AltNames::new(an0, &["uplink"]))
        .unwrap_err();
    assert_eq!(e.errno(), Some(Errno::NOENT), "{e}");
    // Bad requests never reach the kernel.
    for bad in [&[""][..], &["a\0b"], &[&*"x".repeat(128)]] {
        assert!(
            matches!(
                c.add_alt_names(&netlink::AltNames::new(an0, bad)),
                Err(Error::InvalidArgument(_))
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        c.add_alt_names(&netlink::AltNames::new(0, &["x"])),
        Err(Error::InvalidArgument(_))
    ));
    // No name at all is a request the kernel answers with success.
    c.add_alt_names(&netlink::AltNames::new(an0, &[])).unwrap();
    // What an interface name may not have, an alternative name may.
    c.add_alt_names(&netlink::AltNames::new(an0, &["x:1", "a/b", ".."]))
        .unwrap();
    assert_eq!(
        alt(&ns),
        ["a-very-long-alternative-name", "x:1", "a/b", ".."]
    );
}

#[test]
fn ipv6_tokens_set_and_read_back_like_ip_token() {
    let ns = TestNs::new();
    let c = conn(&ns);
    c.add_link("tk0", &veth("tk1")).unwrap();
    let index = c.link_index("tk0").unwrap();
    c.set_link(&netlink::ops::link::LinkChange::new(index).up(true))
        .unwrap();
    let token: std::net::Ipv6Addr = "::1a:2b:3c:4d".parse().unwrap();
    c.set_link(&netlink::ops::link::LinkChange::new(index).token(token))
        .unwrap();
    let l = c.link_by_name("tk0").unwrap().unwrap();
    assert_eq!(l.inet6_token, Some(token));
    let shown = ns.ip(&["token", "get", "dev", "tk0"]);
    assert_eq!(shown.trim(), "token ::1a:2b:3c:4d dev tk0");
    // `::` removes it (ip token del); a link without IPv6 has no token at all.
    c.set_link(&netlink::ops::link::LinkChange::new(index).token(std::net::Ipv6Addr::UNSPECIFIED))
        .unwrap();
    let l = c.link_by_name("tk0").unwrap().unwrap();
    assert_eq!(l.inet6_token, Some(std::net::Ipv6Addr::UNSPECIFIED));
    assert_eq!(
        ns.ip(&["token", "get", "dev", "tk0"]).trim(),
        "token :: dev tk0"
    );
    ns.ip(&["link", "set", "tk1", "mtu", "1200"]);
    assert_eq!(c.link_by_name("tk1").unwrap().unwrap().inet6_token, None);
    // The kernel refuses a token on loopback.
    let lo = c.link_index("lo").unwrap();
    let e = c
        .set_link(&netlink::ops::link::LinkChange::new(lo).token(token))
        .unwrap_err();
    assert!(matches!(e, Error::Kernel(_)), "{e:?}");
}
