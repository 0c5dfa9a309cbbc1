//! Address operations on the real kernel, checked against `ip -j addr show`.

use netlink::Errno;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::{AddrFilter, Address, AddressRequest, Connection, ConnectionOptions, Error};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn index(ns: &TestNs, name: &str) -> u32 {
    let v = ns.ip_value(&["link", "show", "dev", name]);
    v[0]["ifindex"].as_u64().unwrap() as u32
}

/// Every field that both `ip -j addr show` and [`Address`] carry must agree, for every address.
fn compare_with_ip(ns: &TestNs, ours: &[Address]) {
    let ip = ns.ip_value(&["addr", "show"]);
    let mut theirs = Vec::new();
    for link in ip.as_array().unwrap() {
        let ifindex = link["ifindex"].as_u64().unwrap() as u32;
        for a in link["addr_info"].as_array().unwrap() {
            theirs.push((ifindex, a.clone()));
        }
    }
    assert_eq!(ours.len(), theirs.len(), "ours: {ours:#?}\nip: {ip:#}");
    for (ifindex, a) in &theirs {
        let local: IpAddr = a["local"].as_str().unwrap().parse().unwrap();
        let prefix = a["prefixlen"].as_u64().unwrap() as u8;
        let o = ours
            .iter()
            .find(|o| o.index == *ifindex && o.ip() == Some(local) && o.prefix_len == prefix)
            .unwrap_or_else(|| panic!("{local}/{prefix} on {ifindex} missing from {ours:#?}"));
        let family = match a["family"].as_str().unwrap() {
            "inet" => AddressFamily::INET,
            "inet6" => AddressFamily::INET6,
            f => panic!("family {f}"),
        };
        assert_eq!(o.family, family);
        assert_eq!(o.scope.to_string(), a["scope"].as_str().unwrap(), "{local}");
        if let Some(l) = a["label"].as_str() {
            assert_eq!(o.label.as_deref(), Some(l));
        }
        if let Some(b) = a["broadcast"].as_str() {
            assert_eq!(o.broadcast, Some(b.parse().unwrap()));
        }
        if let Some(p) = a["address"].as_str() {
            assert_eq!(o.address, Some(p.parse().unwrap()), "peer of {local}");
        }
        assert_eq!(
            o.valid_lifetime,
            a["valid_life_time"].as_u64().map(|v| v as u32)
        );
        assert_eq!(
            o.preferred_lifetime,
            a["preferred_life_time"].as_u64().map(|v| v as u32)
        );
        assert_eq!(o.metric, a["metric"].as_u64().map(|v| v as u32));
        // ip prints a boolean key for each flag it knows, named as our short names.
        for (flag, key) in [
            (AddrFlags::NOPREFIXROUTE, "noprefixroute"),
            (AddrFlags::NODAD, "nodad"),
            (AddrFlags::SECONDARY, "secondary"),
            (AddrFlags::DEPRECATED, "deprecated"),
            (AddrFlags::TENTATIVE, "tentative"),
        ] {
            assert_eq!(
                o.flags.contains(flag),
                a[key] == Value::Bool(true),
                "{key} on {local}"
            );
        }
        assert_eq!(
            !o.flags.contains(AddrFlags::PERMANENT),
            a["dynamic"] == Value::Bool(true),
            "dynamic on {local}"
        );
    }
}

#[test]
fn add_list_replace_delete_ipv4_and_ipv6() {
    let ns = TestNs::new();
    ns.ip(&[
        "link", "add", "nla0", "type", "veth", "peer", "name", "nla1",
    ]);
    ns.ip(&["link", "set", "nla0", "up"]);
    let c = conn(&ns);
    let idx = index(&ns, "nla0");

    let mut v4 = AddressRequest::new(idx, "192.0.2.1".parse().unwrap(), 24);
    v4.broadcast = Some("192.0.2.255".parse().unwrap());
    v4.label = Some("nla0:web".into());
    c.add_address(&v4).unwrap();
    let mut v4b = AddressRequest::new(idx, "192.0.2.2".parse().unwrap(), 24);
    v4b.metric = Some(300);
    c.add_address(&v4b).unwrap(); // secondary
    let mut v6 = AddressRequest::new(idx, "2001:db8::1".parse().unwrap(), 64);
    v6.flags = AddrFlags::NODAD | AddrFlags::NOPREFIXROUTE;
    v6.lifetimes = Some((3600, 1800));
    c.add_address(&v6).unwrap();
    let mut p2p = AddressRequest::new(idx, "198.51.100.1".parse().unwrap(), 32);
    p2p.peer = Some("198.51.100.2".parse().unwrap());
    c.add_address(&p2p).unwrap();

    let all = c.addresses(AddrFilter::default()).unwrap();
    compare_with_ip(&ns, &all);
    let on = c
        .addresses(
            AddrFilter::default()
                .index(idx)
                .family(AddressFamily::INET6),
        )
        .unwrap();
    assert!(
        on.iter()
            .all(|a| a.index == idx && a.family == AddressFamily::INET6)
    );
    let v6got = on.iter().find(|a| a.ip() == Some(v6.address)).unwrap();
    assert_eq!(v6got.valid_lifetime, Some(3600));
    assert!(v6got.flags.contains(AddrFlags::NOPREFIXROUTE));
    assert!(
        all.iter()
            .any(|a| a.ip() == Some(v4b.address) && a.flags.contains(AddrFlags::SECONDARY))
    );

    // Adding again fails with EEXIST; replacing succeeds and changes the lifetimes.
    assert!(matches!(c.add_address(&v6), Err(Error::Kernel(k)) if k.errno == Errno::EXIST));
    v6.lifetimes = Some((7200, 7200));
    c.replace_address(&v6).unwrap();
    let after = c.addresses(AddrFilter::default().index(idx)).unwrap();
    compare_with_ip(&ns, &c.addresses(AddrFilter::default()).unwrap());
    assert_eq!(
        after
            .iter()
            .find(|a| a.ip() == Some(v6.address))
            .unwrap()
            .valid_lifetime,
        Some(7200)
    );

    c.delete_address(&v4b).unwrap();
    c.delete_address(&v6).unwrap();
    assert!(
        matches!(c.delete_address(&v6), Err(Error::Kernel(k)) if k.errno == Errno::ADDRNOTAVAIL)
    ); // EADDRNOTAVAIL
    let left = c.addresses(AddrFilter::default()).unwrap();
    compare_with_ip(&ns, &left);
    assert!(
        !left
            .iter()
            .any(|a| a.ip() == Some(v6.address) || a.ip() == Some(v4b.address))
    );
}

#[test]
fn bad_arguments_are_rejected_before_the_kernel() {
    let ns = TestNs::new();
    let c = conn(&ns);
    let bad = AddressRequest::new(1, "192.0.2.1".parse().unwrap(), 33);
    let err = c.add_address(&bad).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)));
    assert_eq!(
        err.to_string(),
        "invalid argument: prefix length 33 exceeds 32 for 192.0.2.1"
    );
    let mut mixed = AddressRequest::new(1, "192.0.2.1".parse().unwrap(), 24);
    mixed.peer = Some("2001:db8::2".parse().unwrap());
    assert!(matches!(
        c.add_address(&mixed),
        Err(Error::InvalidArgument(_))
    ));
    // An interface that does not exist: the kernel's error.
    let missing = AddressRequest::new(999, "192.0.2.1".parse().unwrap(), 24);
    assert!(matches!(c.add_address(&missing), Err(Error::Kernel(k)) if k.errno == Errno::NODEV)); // ENODEV
}

#[test]
fn streaming_views_agree_with_the_owned_list() {
    let ns = TestNs::new();
    let c = conn(&ns);
    c.add_address(&AddressRequest::new(1, "203.0.113.9".parse().unwrap(), 32))
        .unwrap();
    let mut seen = Vec::new();
    c.for_each_address(AddrFilter::default(), |a| {
        seen.push((a.index(), a.prefix_len(), a.local()?.or(a.address()?)));
        Ok(())
    })
    .unwrap();
    let owned: Vec<_> = c
        .addresses(AddrFilter::default())
        .unwrap()
        .iter()
        .map(|a| (a.index, a.prefix_len, a.ip()))
        .collect();
    assert_eq!(seen, owned);
    assert!(seen.contains(&(1, 32, Some("203.0.113.9".parse().unwrap()))));
}
