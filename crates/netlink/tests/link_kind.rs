//! Link kinds on the real kernel: links created from [`LinkKind`] with a hand-built
//! `RTM_NEWLINK`, checked against `ip -j -d link show`, and read back through the typed
//! `IFLA_LINKINFO` views of `netlink_wire::rtnl::linkinfo`.

use netlink::Errno;
use std::net::IpAddr;

use netlink::netlink_wire::check::Walker;
use netlink::netlink_wire::rtnl::link::{KindData, LinkInfo, SlaveData};
use netlink::netlink_wire::rtnl::linkinfo::MacvlanMode;
use netlink::netlink_wire::rtnl::{RTM_GETLINK, RTM_NEWLINK};
use netlink::netlink_wire::typed::Check;
use netlink::netlink_wire::{AttrWrite, MessageBuilder, Msg};
use netlink::ops::link_kind::{
    BondSettings, BridgeSettings, LinkKind, TunnelSettings, VxlanSettings,
};
use netlink::{Connection, ConnectionOptions, Error, Flags, Message};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

const IFLA_IFNAME: u16 = 3;
const IFLA_LINK: u16 = 5;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn index(ns: &TestNs, name: &str) -> u32 {
    ns.ip_value(&["link", "show", "dev", name])[0]["ifindex"]
        .as_u64()
        .unwrap() as u32
}

/// `RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`, laid out as `ip link add` does: ifinfomsg,
/// `IFLA_LINK` for stacked kinds, `IFLA_IFNAME`, then the kind's `IFLA_LINKINFO`.
fn add(c: &Connection, name: &str, kind: &LinkKind) -> netlink::Result<()> {
    kind.validate()?;
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_NEWLINK, Flags::CREATE | Flags::EXCL);
    b.family_header(&[0u8; 16]);
    if let Some(p) = kind.parent() {
        b.put_u32(IFLA_LINK, p);
    }
    b.put_str(IFLA_IFNAME, name);
    kind.write_linkinfo(&mut b);
    b.finish()?;
    c.request_bytes(buf).map(drop)
}

/// The kernel's `RTM_NEWLINK` for `name`, from a raw `RTM_GETLINK` dump.
fn dumped(c: &Connection, name: &str) -> Message {
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, RTM_GETLINK, Flags::EMPTY);
    b.family_header(&[0u8; 16]);
    b.finish().unwrap();
    let mut dump = c.dump_bytes(buf).unwrap();
    let mut found = None;
    while let Some(m) = dump.next_msg() {
        let m = m.unwrap();
        if m.message_type() != RTM_NEWLINK {
            continue;
        }
        let n = m.attrs(16).unwrap().get(IFLA_IFNAME).unwrap().unwrap();
        if n.as_str().unwrap() == name {
            found = Some(m.to_owned());
        }
    }
    found.unwrap_or_else(|| panic!("{name} is not in the dump"))
}

fn info(m: &Message) -> LinkInfo<'_> {
    LinkInfo::of_link(m.as_msg())
        .unwrap()
        .expect("IFLA_LINKINFO")
}

/// `ip -j -d link show NAME`'s object.
fn ip_link(ns: &TestNs, name: &str) -> Value {
    ns.ip_value(&["-d", "link", "show", "dev", name])[0].clone()
}

fn num(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_bool().map(u64::from))
        .unwrap_or_else(|| panic!("{v} is not a number"))
}

/// Every typed attribute of the link's data and slave data decodes, and re-encodes byte for
/// byte.
fn all_typed(m: &Msg<'_>) {
    let i = LinkInfo::of_link(*m).unwrap().unwrap();
    for t in i.typed_attrs() {
        t.unwrap();
    }
    let mut w = Walker::new();
    i.check(&mut w);
    let s = w.summary;
    assert_eq!(
        (
            s.typed_errors,
            s.reencoded_differently,
            s.roundtrip_failures
        ),
        (0, 0, 0)
    );
}

#[test]
fn veth_pair_is_created_with_its_peer() {
    let ns = TestNs::new();
    let c = conn(&ns);
    add(&c, "lk0", &LinkKind::veth("lk1")).unwrap();
    let a = ip_link(&ns, "lk0");
    let b = ip_link(&ns, "lk1");
    assert_eq!(a["linkinfo"]["info_kind"], "veth");
    assert_eq!(b["linkinfo"]["info_kind"], "veth");
    assert_eq!(a["link"], "lk1");
    assert_eq!(b["link"], "lk0");
    let m = dumped(&c, "lk0");
    assert_eq!(info(&m).kind().unwrap(), Some("veth"));
    // veth has no fill_info: the kernel dumps the kind only.
    assert_eq!(info(&m).kind_data().unwrap(), None);
    // A second add of the same name fails with EEXIST.
    let again = add(&c, "lk0", &LinkKind::veth("lk2")).unwrap_err();
    assert!(
        matches!(again, Error::Kernel(ref k) if k.errno == Errno::EXIST),
        "{again}"
    );
}

#[test]
fn bridge_settings_and_its_ports_match_ip() {
    let ns = TestNs::new();
    let c = conn(&ns);
    add(&c, "br0", &LinkKind::Bridge).unwrap();
    let stp = BridgeSettings::default().forward_delay(400).stp(true);
    add(&c, "br1", &LinkKind::BridgeWith(stp)).unwrap();
    ns.ip(&["link", "add", "p0", "type", "veth", "peer", "name", "p1"]);
    ns.ip(&["link", "set", "p0", "master", "br1"]);

    let ip = ip_link(&ns, "br1");
    let data = &ip["linkinfo"]["info_data"];
    assert_eq!(data["stp_state"], 1);
    assert_eq!(data["forward_delay"], 400);
    assert_eq!(ip_link(&ns, "br0")["linkinfo"]["info_data"]["stp_state"], 0);

    let m = dumped(&c, "br1");
    all_typed(&m.as_msg());
    let Some(KindData::Bridge(d)) = info(&m).kind_data().unwrap() else {
        panic!("br1 is not typed as a bridge");
    };
    assert_eq!(d.stp_state().unwrap(), Some(1));
    assert_eq!(d.forward_delay().unwrap(), Some(400));
    // Every number ip prints for the bridge is what the typed view reads.
    let ours: [(&str, Option<u64>); 28] = [
        ("forward_delay", d.forward_delay().unwrap().map(u64::from)),
        ("hello_time", d.hello_time().unwrap().map(u64::from)),
        ("max_age", d.max_age().unwrap().map(u64::from)),
        ("ageing_time", d.ageing_time().unwrap().map(u64::from)),
        ("stp_state", d.stp_state().unwrap().map(u64::from)),
        ("priority", d.priority().unwrap().map(u64::from)),
        ("vlan_filtering", d.vlan_filtering().unwrap().map(u64::from)),
        ("root_port", d.root_port().unwrap().map(u64::from)),
        ("root_path_cost", d.root_path_cost().unwrap().map(u64::from)),
        (
            "topology_change",
            d.topology_change().unwrap().map(u64::from),
        ),
        (
            "topology_change_detected",
            d.topology_change_detected().unwrap().map(u64::from),
        ),
        ("mcast_snooping", d.mcast_snooping().unwrap().map(u64::from)),
        ("mcast_router", d.mcast_router().unwrap().map(u64::from)),
        (
            "mcast_query_use_ifaddr",
            d.mcast_query_use_ifaddr().unwrap().map(u64::from),
        ),
        ("mcast_querier", d.mcast_querier().unwrap().map(u64::from)),
        (
            "mcast_hash_elasticity",
            d.mcast_hash_elasticity().unwrap().map(u64::from),
        ),
        ("mcast_hash_max", d.mcast_hash_max().unwrap().map(u64::from)),
        (
            "mcast_last_member_cnt",
            d.mcast_last_member_cnt().unwrap().map(u64::from),
        ),
        (
            "mcast_startup_query_cnt",
            d.mcast_startup_query_cnt().unwrap().map(u64::from),
        ),
        (
            "mcast_last_member_intvl",
            d.mcast_last_member_intvl().unwrap(),
        ),
        (
            "mcast_membership_intvl",
            d.mcast_membership_intvl().unwrap(),
        ),
        ("mcast_querier_intvl", d.mcast_querier_intvl().unwrap()),
        ("mcast_query_intvl", d.mcast_query_intvl().unwrap()),
        (
            "mcast_query_response_intvl",
            d.mcast_query_response_intvl().unwrap(),
        ),
        (
            "mcast_startup_query_intvl",
            d.mcast_startup_query_intvl().unwrap(),
        ),
        (
            "mcast_igmp_version",
            d.mcast_igmp_version().unwrap().map(u64::from),
        ),
        (
            "mcast_mld_version",
            d.mcast_mld_version().unwrap().map(u64::from),
        ),
        (
            "nf_call_iptables",
            d.nf_call_iptables().unwrap().map(u64::from),
        ),
    ];
    for (key, v) in ours {
        assert_eq!(v, Some(num(&data[key])), "{key}");
    }
    let group = d.group_addr().unwrap().unwrap();
    let group: Vec<String> = group.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(group.join(":"), data["group_addr"].as_str().unwrap());

    // The port's slave data, against ip's info_slave_data.
    let m = dumped(&c, "p0");
    all_typed(&m.as_msg());
    let i = info(&m);
    assert_eq!(i.slave_kind().unwrap(), Some("bridge"));
    let Some(SlaveData::BridgePort(p)) = i.slave_kind_data().unwrap() else {
        panic!("p0 has no bridge port data");
    };
    let ip = ip_link(&ns, "p0");
    let sd = &ip["linkinfo"]["info_slave_data"];
    assert_eq!(
        p.state().unwrap().unwrap().to_string(),
        sd["state"].as_str().unwrap()
    );
    let ours: [(&str, Option<u64>); 16] = [
        ("priority", p.priority().unwrap().map(u64::from)),
        ("cost", p.cost().unwrap().map(u64::from)),
        ("hairpin", p.mode().unwrap().map(u64::from)),
        ("guard", p.guard().unwrap().map(u64::from)),
        ("root_block", p.protect().unwrap().map(u64::from)),
        ("fastleave", p.fast_leave().unwrap().map(u64::from)),
        ("learning", p.learning().unwrap().map(u64::from)),
        ("flood", p.unicast_flood().unwrap().map(u64::from)),
        (
            "designated_port",
            p.designated_port().unwrap().map(u64::from),
        ),
        (
            "designated_cost",
            p.designated_cost().unwrap().map(u64::from),
        ),
        ("proxy_arp", p.proxyarp().unwrap().map(u64::from)),
        (
            "multicast_router",
            p.multicast_router().unwrap().map(u64::from),
        ),
        ("mcast_flood", p.mcast_flood().unwrap().map(u64::from)),
        ("bcast_flood", p.bcast_flood().unwrap().map(u64::from)),
        ("neigh_suppress", p.neigh_suppress().unwrap().map(u64::from)),
        ("isolated", p.isolated().unwrap().map(u64::from)),
    ];
    for (key, v) in ours {
        assert_eq!(v, Some(num(&sd[key])), "port {key}");
    }
    assert_eq!(
        format!("{:#x}", p.id().unwrap().unwrap()),
        sd["id"].as_str().unwrap()
    );
    assert_eq!(
        format!("{:#x}", p.no().unwrap().unwrap()),
        sd["no"].as_str().unwrap()
    );
}

#[test]
fn bridge_vlan_filtering_is_refused_by_this_kernel() {
    // This kernel is built without CONFIG_BRIDGE_VLAN_FILTERING: ip's own request
    // (testdata/linkinfo-bridge-vlanfilter.bin) fails the same way.
    let ns = TestNs::new();
    let c = conn(&ns);
    let s = BridgeSettings::default().vlan_filtering(true);
    let e = add(&c, "br0", &LinkKind::BridgeWith(s)).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::OPNOTSUPP), "{e}");
    assert!(ns.ip_value(&["link", "show"]).as_array().unwrap().len() == 1);
}

#[test]
fn vxlan_settings_match_ip() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "u0", "type", "veth", "peer", "name", "u1"]);
    let c = conn(&ns);
    let u0 = index(&ns, "u0");
    let vx = VxlanSettings::new(42)
        .remote("198.51.100.2".parse().unwrap())
        .local("192.0.2.1".parse().unwrap())
        .port(4789)
        .dev(u0)
        .ttl(10)
        .learning(false);
    add(&c, "vx0", &LinkKind::Vxlan(vx.clone())).unwrap();
    let v6 = VxlanSettings::new(7)
        .remote("2001:db8::2".parse().unwrap())
        .local("2001:db8::1".parse().unwrap())
        .port(8472);
    add(&c, "vx6", &LinkKind::Vxlan(v6.clone())).unwrap();

    for (name, want) in [("vx0", &vx), ("vx6", &v6)] {
        let ip = ip_link(&ns, name);
        assert_eq!(ip["linkinfo"]["info_kind"], "vxlan");
        let data = &ip["linkinfo"]["info_data"];
        assert_eq!(data["id"], want.id);
        assert_eq!(data["port"], want.port.unwrap());
        assert_eq!(data["learning"], want.learning);
        assert_eq!(data["ttl"], want.ttl.unwrap_or(0));
        let ip_addr = |k: &str| data[k].as_str().map(|s| s.parse::<IpAddr>().unwrap());
        // ip names the IPv6 ones local6 / remote6.
        let six = if matches!(want.local, Some(IpAddr::V6(_))) {
            "6"
        } else {
            ""
        };
        assert_eq!(ip_addr(&format!("local{six}")), want.local);
        assert_eq!(ip_addr(&format!("remote{six}")), want.remote);
        assert_eq!(data["link"].as_str(), want.dev.map(|_| "u0"));

        let m = dumped(&c, name);
        all_typed(&m.as_msg());
        let Some(KindData::Vxlan(d)) = info(&m).kind_data().unwrap() else {
            panic!("{name} is not typed as vxlan");
        };
        assert_eq!(d.id().unwrap(), Some(want.id));
        assert_eq!(d.port().unwrap(), want.port);
        assert_eq!(d.learning().unwrap(), Some(u8::from(want.learning)));
        assert_eq!(d.ttl().unwrap(), Some(want.ttl.unwrap_or(0)));
        assert_eq!(d.link().unwrap(), want.dev);
        let (local, remote) = match want.local {
            Some(IpAddr::V4(_)) => (d.local().unwrap(), d.group().unwrap()),
            _ => (d.local6().unwrap(), d.group6().unwrap()),
        };
        assert_eq!(local, want.local);
        assert_eq!(remote, want.remote);
        assert_eq!(
            Some(u64::from(d.ageing().unwrap().unwrap())),
            data["ageing"].as_u64()
        );
        assert_eq!(
            d.udp_csum().unwrap().map(|v| v != 0),
            data["udp_csum"].as_bool()
        );
        let range = d.port_range().unwrap().unwrap().get();
        assert_eq!(u64::from(range.low.get()), num(&data["port_range"]["low"]));
        assert_eq!(
            u64::from(range.high.get()),
            num(&data["port_range"]["high"])
        );
    }
}

#[test]
fn macvlan_macvtap_and_ifb_match_ip() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "u0", "type", "veth", "peer", "name", "u1"]);
    let c = conn(&ns);
    let u0 = index(&ns, "u0");
    let kinds = [
        (
            "mv0",
            LinkKind::Macvlan {
                parent: u0,
                mode: Some(MacvlanMode::BRIDGE),
            },
        ),
        (
            "mv1",
            LinkKind::Macvlan {
                parent: u0,
                mode: Some(MacvlanMode::PRIVATE),
            },
        ),
        (
            "mt0",
            LinkKind::Macvtap {
                parent: u0,
                mode: Some(MacvlanMode::VEPA),
            },
        ),
        (
            "mv2",
            LinkKind::Macvlan {
                parent: u0,
                mode: None,
            },
        ),
    ];
    for (name, kind) in &kinds {
        add(&c, name, kind).unwrap();
    }
    add(&c, "ifb0", &LinkKind::Ifb).unwrap();
    for (name, kind) in &kinds {
        let ip = ip_link(&ns, name);
        assert_eq!(ip["linkinfo"]["info_kind"], kind.kind_name());
        assert_eq!(ip["link"], "u0");
        let data = &ip["linkinfo"]["info_data"];
        let m = dumped(&c, name);
        all_typed(&m.as_msg());
        let Some(KindData::Macvlan(d)) = info(&m).kind_data().unwrap() else {
            panic!("{name} is not typed as macvlan");
        };
        let mode = d.mode().unwrap().unwrap();
        assert_eq!(mode.to_string(), data["mode"].as_str().unwrap(), "{name}");
        let want = match kind {
            LinkKind::Macvlan { mode, .. } | LinkKind::Macvtap { mode, .. } => {
                mode.unwrap_or(MacvlanMode::VEPA)
            }
            _ => unreachable!(),
        };
        assert_eq!(mode, want, "{name}");
        assert_eq!(
            d.bc_queue_len().unwrap().map(u64::from),
            data["bcqueuelen"].as_u64()
        );
        assert_eq!(
            d.bc_queue_len_used().unwrap().map(u64::from),
            data["usedbcqueuelen"].as_u64()
        );
    }
    assert_eq!(ip_link(&ns, "ifb0")["linkinfo"]["info_kind"], "ifb");
    assert_eq!(info(&dumped(&c, "ifb0")).kind().unwrap(), Some("ifb"));
}

#[test]
fn kinds_this_kernel_lacks_fail_with_its_message() {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "u0", "type", "veth", "peer", "name", "u1"]);
    let c = conn(&ns);
    let u0 = index(&ns, "u0");
    let tunnel = TunnelSettings::default()
        .local("198.51.100.1".parse().unwrap())
        .remote("198.51.100.2".parse().unwrap())
        .ttl(64);
    let kinds = [
        LinkKind::Dummy,
        LinkKind::Vlan {
            parent: u0,
            id: 100,
            protocol: None,
        },
        LinkKind::Bond(BondSettings::default()),
        LinkKind::Vrf { table: 100 },
        LinkKind::Ipvlan {
            parent: u0,
            mode: None,
        },
        LinkKind::Gre(tunnel.clone().key(42)),
        LinkKind::Gretap(tunnel.clone()),
        LinkKind::Ipip(tunnel.clone()),
        LinkKind::Sit(tunnel),
        LinkKind::Geneve {
            id: 42,
            remote: Some("198.51.100.2".parse().unwrap()),
            port: None,
        },
        LinkKind::Wireguard,
    ];
    for kind in &kinds {
        let e = add(&c, "x0", kind).unwrap_err();
        let Error::Kernel(k) = &e else {
            panic!("{}: {e}", kind.kind_name());
        };
        assert_eq!(k.errno, Errno::OPNOTSUPP, "{}: {e}", kind.kind_name());
        assert_eq!(
            k.message.as_deref(),
            Some("Unknown device type"),
            "{}",
            kind.kind_name()
        );
    }
    let links = ns.ip_value(&["link", "show"]);
    assert_eq!(links.as_array().unwrap().len(), 3, "{links:#}");
}

#[test]
fn invalid_kinds_are_refused_before_sending() {
    let ns = TestNs::new();
    let c = conn(&ns);
    for kind in [
        LinkKind::veth("a-very-long-peer-name"),
        LinkKind::Vxlan(VxlanSettings::new(1 << 24)),
        LinkKind::Vlan {
            parent: 1,
            id: 4095,
            protocol: None,
        },
    ] {
        assert!(matches!(
            add(&c, "x0", &kind),
            Err(Error::InvalidArgument(_))
        ));
    }
    assert_eq!(ns.ip_value(&["link", "show"]).as_array().unwrap().len(), 1);
}
