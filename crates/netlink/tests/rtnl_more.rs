//! Namespace ids, netconf, address labels, link statistics, multicast and anycast addresses,
//! neighbour tables, link properties, nexthop buckets and links of peer namespaces on the
//! real kernel, each in fresh namespaces, checked against `ip -j` on the same namespace; and
//! the notifications of each, typed.

mod event_support;

use std::net::{IpAddr, Ipv6Addr};
use std::process::Command;

use event_support::{expect, listener};
use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::stats::StatsMask;
use netlink::ops::link::{LinkChange, LinkKey};
use netlink::{
    AddrLabelFilter, AddrLabelRequest, AltNames, AnycastAddress, Connection, ConnectionOptions,
    Errno, Event, GroupAddrFilter, LinkFilter, MulticastAddress, NeighTableChange,
    NeighTableFilter, NetconfDevice, NetconfFilter, NexthopBucketFilter, NsidFilter, NsidPeer,
    NsidRequest, StatsFilter, StatsSetRequest,
};
use netlink::{Group, Netconf};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

/// Runs a command inside the namespace (`ip netns exec`), which must succeed.
fn exec(ns: &TestNs, args: &[&str]) -> String {
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name()])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `lo` up and the veth pair `va`/`vb` up; returns the index of `va`.
fn veth(ns: &TestNs) -> u32 {
    ns.ip_batch(
        "link set lo up\n\
         link add va type veth peer name vb\n\
         link set va up\n\
         link set vb up\n",
    );
    index(ns, "va")
}

fn index(ns: &TestNs, name: &str) -> u32 {
    let l = ns.ip_value(&["link", "show", name]);
    u32::try_from(l[0]["ifindex"].as_u64().unwrap()).unwrap()
}

#[test]
fn namespace_ids_as_ip_netns_sees_them() {
    let ns = TestNs::new();
    let (peer_a, peer_b) = (TestNs::new(), TestNs::new());
    let c = conn(&ns);
    let (_l, rx) = listener(&ns, &[Group::NSID]);
    assert!(c.nsids(NsidFilter::default()).unwrap().is_empty());

    let a = peer_a.netns();
    c.set_nsid(&NsidRequest::new(NsidPeer::fd(&a).unwrap(), Some(5)))
        .unwrap();
    let e = expect(&rx, "RTM_NEWNSID", |e| matches!(e, Event::NewNsid(_)));
    assert!(matches!(e, Event::NewNsid(n) if n.nsid == Some(5)));
    assert_eq!(c.nsid_of(&a).unwrap(), Some(5));
    let b = peer_b.netns();
    assert_eq!(c.nsid_of(&b).unwrap(), None);
    // auto: the kernel picks one.
    c.set_nsid(&NsidRequest::new(NsidPeer::fd(&b).unwrap(), None))
        .unwrap();
    let auto = c.nsid_of(&b).unwrap().unwrap();
    assert_ne!(auto, 5);
    // The same id twice is refused.
    let err = c
        .set_nsid(&NsidRequest::new(NsidPeer::fd(&b).unwrap(), Some(5)))
        .unwrap_err();
    assert!(err.errno().is_some(), "{err}");

    let mut ours: Vec<i32> = c
        .nsids(NsidFilter::default())
        .unwrap()
        .iter()
        .map(|n| n.nsid.unwrap())
        .collect();
    ours.sort_unstable();
    let theirs = ns.ip_value(&["netns", "list-id"]);
    let mut theirs: Vec<i32> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| i32::try_from(o["nsid"].as_i64().unwrap()).unwrap())
        .collect();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
    let mut expected = vec![5, auto];
    expected.sort_unstable();
    assert_eq!(ours, expected);

    // As peer a sees things: it has given our namespace no id, so each entry's current id is
    // unassigned, which `ip netns list-id target-nsid 5` also prints.
    peer_a.ip(&["netns", "set", ns.name(), "3"]);
    let seen = c.nsids(NsidFilter::default().target(5)).unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].nsid, Some(3));
    assert_eq!(seen[0].current_nsid, Some(None));
    let text = ns.ip(&["netns", "list-id", "target-nsid", "5"]);
    assert_eq!(text.trim_end(), "nsid 3 current-nsid unassigned");
}

fn bool_of(v: i32) -> Value {
    Value::Bool(v != 0)
}

#[test]
fn netconf_as_ip_netconf_shows_it() {
    let ns = TestNs::new();
    let va = veth(&ns);
    let c = conn(&ns);
    let (_l, rx) = listener(&ns, &[Group::IPV4_NETCONF, Group::IPV6_NETCONF]);
    exec(&ns, &["sysctl", "-qw", "net.ipv4.conf.va.forwarding=1"]);
    exec(&ns, &["sysctl", "-qw", "net.ipv4.conf.all.rp_filter=2"]);
    let e = expect(
        &rx,
        "RTM_NEWNETCONF",
        |e| matches!(e, Event::NewNetconf(n) if n.device == NetconfDevice::Link(va)),
    );
    assert!(matches!(e, Event::NewNetconf(n) if n.forwarding == Some(1)));

    let ours = c.netconfs(NetconfFilter::default()).unwrap();
    let theirs = ns.ip_value(&["netconf", "show"]);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len());
    let name = |d: NetconfDevice| match d {
        NetconfDevice::All => "all".to_owned(),
        NetconfDevice::Default => "default".to_owned(),
        NetconfDevice::Link(i) => ns
            .ip_value(&["link", "show"])
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["ifindex"].as_u64() == Some(u64::from(i)))
            .unwrap()["ifname"]
            .as_str()
            .unwrap()
            .to_owned(),
    };
    for (o, t) in ours.iter().zip(theirs) {
        let family = if o.family == AddressFamily::INET {
            "inet"
        } else {
            "inet6"
        };
        assert_eq!(t["family"], family);
        assert_eq!(t["interface"].as_str().unwrap(), name(o.device));
        assert_eq!(t["forwarding"], bool_of(o.forwarding.unwrap()));
        assert_eq!(t["mc_forwarding"], bool_of(o.mc_forwarding.unwrap()));
        assert_eq!(t["proxy_neigh"], bool_of(o.proxy_neigh.unwrap()));
        let rp = ["off", "strict", "loose"];
        match o.rp_filter {
            Some(v) => assert_eq!(t["rp_filter"], rp[usize::try_from(v).unwrap()]),
            None => assert!(t.get("rp_filter").is_none()),
        }
    }
    // A lookup answers what the dump has.
    let one = c
        .netconf(AddressFamily::INET, NetconfDevice::Link(va))
        .unwrap()
        .unwrap();
    let in_dump: Vec<&Netconf> = ours
        .iter()
        .filter(|n| n.family == AddressFamily::INET && n.device == NetconfDevice::Link(va))
        .collect();
    assert_eq!(in_dump, [&one]);
    let all = c
        .netconfs(
            NetconfFilter::default()
                .family(AddressFamily::INET)
                .device(NetconfDevice::All),
        )
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].rp_filter, Some(2));
    assert_eq!(
        c.netconf(AddressFamily::INET, NetconfDevice::Link(999))
            .unwrap(),
        None
    );
}

#[test]
fn address_labels_as_ip_addrlabel_lists_them() {
    let ns = TestNs::new();
    let va = veth(&ns);
    let c = conn(&ns);
    let p: Ipv6Addr = "2001:db8::".parse().unwrap();
    c.add_addr_label(&AddrLabelRequest::new(p, 32, 100))
        .unwrap();
    c.add_addr_label(&AddrLabelRequest::new("2001:db8:1::".parse().unwrap(), 48, 101).index(va))
        .unwrap();
    let e = c
        .add_addr_label(&AddrLabelRequest::new(p, 32, 100))
        .unwrap_err();
    assert_eq!(e.errno(), Some(Errno::EXIST));

    let ours = c.addr_labels(AddrLabelFilter::default()).unwrap();
    let theirs = ns.ip_value(&["addrlabel", "list"]);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len());
    assert_eq!(ours.len(), 12, "ten defaults and two of ours");
    for (o, t) in ours.iter().zip(theirs) {
        assert_eq!(t["address"].as_str().unwrap(), o.prefix.to_string());
        assert_eq!(t["prefixlen"].as_u64().unwrap(), u64::from(o.prefix_len));
        assert_eq!(t["label"].as_u64().unwrap(), u64::from(o.label));
    }
    let dev = ours.iter().find(|l| l.label == 101).unwrap();
    assert_eq!(dev.index, va);
    assert_eq!(
        c.addr_labels(AddrLabelFilter::default().label(100))
            .unwrap()
            .len(),
        1
    );
    // The label of an address: the longest prefix.
    let l = c
        .addr_label_of("2001:db8::5".parse().unwrap(), 0)
        .unwrap()
        .unwrap();
    assert_eq!(l.label, 100);
    c.delete_addr_label(&AddrLabelRequest::new(p, 32, 100))
        .unwrap();
    assert!(!ns.ip(&["addrlabel", "list"]).contains("2001:db8::/32"));
    let n = c.flush_addr_labels().unwrap();
    assert_eq!(n, 11);
    assert!(ns.ip(&["addrlabel", "list"]).trim().is_empty());
}

#[test]
fn link_statistics_as_ip_stats_shows_them() {
    let ns = TestNs::new();
    let va = veth(&ns);
    ns.ip_batch(
        "link add br0 type bridge\n\
         link set vb master br0\n\
         link set br0 up\n",
    );
    let vb = index(&ns, "vb");
    let c = conn(&ns);
    // Every group of every link.
    let all = c.link_statistics(StatsFilter::default()).unwrap();
    assert_eq!(all.len(), 4);
    let port = all.iter().find(|s| s.index == vb).unwrap();
    let br = port.xstats_slave.as_ref().unwrap().bridge.as_ref().unwrap();
    assert!(br.mcast.is_some() && br.stp.is_some());
    // One link, the 64-bit counters alone, against ip's: lo, which nothing uses, so that
    // its counters stay still between the two reads (the veths send neighbour discovery).
    exec(
        &ns,
        &[
            "python3",
            "-c",
            "import socket\ns=socket.socket(2,2)\nfor _ in range(2): s.sendto(b'x',('127.0.0.1',9))",
        ],
    );
    let one = c
        .link_statistics_of(&StatsFilter::groups(StatsMask::LINK_64).index(1))
        .unwrap()
        .unwrap();
    assert_eq!(one.index, 1);
    assert!(one.xstats.is_none() && one.offload.is_none());
    assert!(
        one.link64.unwrap().rx_packets >= 2,
        "the datagrams went through lo"
    );
    let theirs = ns.ip_value(&["stats", "show", "dev", "lo", "group", "link"]);
    let s = &theirs[0]["stats64"];
    let l = one.link64.unwrap();
    assert_eq!(s["rx"]["packets"].as_u64().unwrap(), l.rx_packets);
    assert_eq!(s["tx"]["packets"].as_u64().unwrap(), l.tx_packets);
    assert_eq!(s["rx"]["bytes"].as_u64().unwrap(), l.rx_bytes);
    // Offload, narrowed to the hardware statistics information.
    let off = c
        .link_statistics_of(
            &StatsFilter::groups(StatsMask::LINK_OFFLOAD_XSTATS)
                .index(va)
                .offload(1 << 1),
        )
        .unwrap()
        .unwrap()
        .offload
        .unwrap();
    assert!(off.hw_s_info && off.cpu_hit.is_none() && off.l3_stats.is_none());
    let info = off.l3_info.unwrap();
    assert_eq!((info.request, info.used), (Some(0), Some(0)));
    // A veth keeps no hardware L3 statistics, but the kernel records the request.
    c.set_link_statistics(&StatsSetRequest::l3_stats(va, true))
        .unwrap();
    let info = c
        .link_statistics_of(&StatsFilter::groups(StatsMask::LINK_OFFLOAD_XSTATS).index(va))
        .unwrap()
        .unwrap()
        .offload
        .unwrap()
        .l3_info
        .unwrap();
    assert_eq!((info.request, info.used), (Some(1), Some(0)));
    let theirs = ns.ip_value(&[
        "stats",
        "show",
        "dev",
        "va",
        "group",
        "offload",
        "subgroup",
        "hw_stats_info",
    ]);
    assert_eq!(theirs[0]["info"]["l3_stats"]["request"], true);
    assert!(
        c.set_link_statistics(&StatsSetRequest::l3_stats(999, true))
            .unwrap_err()
            .errno()
            .is_some()
    );
}

/// `(ifindex, address)` of `ip -j maddr show` for `family` ("inet", "inet6").
fn ip_maddr(ns: &TestNs, family: &str) -> Vec<(u32, IpAddr)> {
    let v = ns.ip_value(&["maddr", "show"]);
    let mut out = Vec::new();
    for dev in v.as_array().unwrap() {
        let i = u32::try_from(dev["ifindex"].as_u64().unwrap()).unwrap();
        for m in dev["maddr"].as_array().unwrap() {
            if m["family"] == family {
                out.push((i, m["address"].as_str().unwrap().parse().unwrap()));
            }
        }
    }
    out
}

#[test]
fn multicast_and_anycast_addresses_as_ip_maddr_and_proc_show_them() {
    let ns = TestNs::new();
    let va = veth(&ns);
    ns.ip(&["addr", "add", "2001:db8::1/64", "dev", "va", "nodad"]);
    let c = conn(&ns);
    let (_l, rx) = listener(
        &ns,
        &[Group::IPV4_MCADDR, Group::IPV6_MCADDR, Group::IPV6_ACADDR],
    );
    for family in ["inet", "inet6"] {
        let f = if family == "inet" {
            AddressFamily::INET
        } else {
            AddressFamily::INET6
        };
        let ours: Vec<(u32, IpAddr)> = c
            .multicast_addresses(GroupAddrFilter::default().family(f))
            .unwrap()
            .iter()
            .map(|m| (m.index, m.address))
            .collect();
        assert_eq!(ours, ip_maddr(&ns, family), "{family}");
    }
    // Joining a group through an address with autojoin: a notification, and the group listed.
    ns.ip(&["addr", "add", "239.7.7.7/32", "dev", "va", "autojoin"]);
    expect(
        &rx,
        "RTM_NEWMULTICAST",
        |e| matches!(e, Event::NewMulticast(m) if m.address == "239.7.7.7".parse::<IpAddr>().unwrap()),
    );
    let all = c
        .multicast_addresses(GroupAddrFilter::default().index(va))
        .unwrap();
    assert!(
        all.iter()
            .any(|m| m.address == "239.7.7.7".parse::<IpAddr>().unwrap())
    );
    assert!(all.iter().any(|m| m.family == AddressFamily::INET6));
    ns.ip(&["addr", "del", "239.7.7.7/32", "dev", "va"]);
    expect(
        &rx,
        "RTM_DELMULTICAST",
        |e| matches!(e, Event::DelMulticast(m) if m.address == "239.7.7.7".parse::<IpAddr>().unwrap()),
    );
    // Forwarding gives va the subnet-router anycast address of 2001:db8::/64.
    assert!(
        c.anycast_addresses(GroupAddrFilter::default())
            .unwrap()
            .is_empty()
    );
    exec(&ns, &["sysctl", "-qw", "net.ipv6.conf.all.forwarding=1"]);
    let subnet_router: IpAddr = "2001:db8::".parse().unwrap();
    expect(
        &rx,
        "RTM_NEWANYCAST",
        |e| matches!(e, Event::NewAnycast(a) if a.address == subnet_router),
    );
    let any: Vec<AnycastAddress> = c.anycast_addresses(GroupAddrFilter::default()).unwrap();
    assert!(
        any.iter()
            .any(|a| a.index == va && a.address == subnet_router)
    );
    // /proc/net/anycast6 agrees.
    let proc = exec(&ns, &["cat", "/proc/net/anycast6"]);
    assert!(proc.contains("20010db8000000000000000000000000"), "{proc}");
    // A family the kernel keeps none of.
    let e = c
        .anycast_addresses(GroupAddrFilter::default().family(AddressFamily::INET))
        .unwrap_err();
    assert!(matches!(e, netlink::Error::InvalidArgument(_)));
    let _: Vec<MulticastAddress> = Vec::new();
}

#[test]
fn neighbour_tables_as_ip_ntable_shows_them() {
    let ns = TestNs::new();
    let va = veth(&ns);
    let c = conn(&ns);
    let ours = c.neigh_tables(NeighTableFilter::default()).unwrap();
    let theirs = ns.ip_value(&["ntable", "show"]);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(theirs) {
        assert_eq!(t["name"].as_str().unwrap(), o.name);
        assert_eq!(t["thresh1"].as_u64(), o.thresh1.map(u64::from));
        assert_eq!(t["gc_interval"].as_u64(), o.gc_interval);
        let p = o.parms.unwrap();
        assert_eq!(t["queue"].as_u64(), p.queue_len.map(u64::from));
        assert_eq!(t["base_reachable"].as_u64(), p.base_reachable_time);
        assert_eq!(t["locktime"].as_u64(), p.locktime);
    }
    let dev = NeighTableFilter::default()
        .name("arp_cache".into())
        .device(Some(va));
    let before = c.neigh_tables(dev.clone()).unwrap();
    // The table's own message (its default parameters, no device) does not pass a device
    // filter, as with `ip ntable show dev`.
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].device(), Some(va));
    let mut change = NeighTableChange::new("arp_cache").device(va);
    change.parms.queue_len = Some(17);
    change.parms.app_probes = Some(2);
    c.change_neigh_table(&change).unwrap();
    let after = c.neigh_tables(dev).unwrap();
    let p = after
        .iter()
        .find(|t| t.device() == Some(va))
        .unwrap()
        .parms
        .unwrap();
    assert_eq!((p.queue_len, p.app_probes), (Some(17), Some(2)));
    let theirs = ns.ip_value(&["ntable", "show", "dev", "va", "name", "arp_cache"]);
    let t = theirs
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t.get("dev").is_some())
        .unwrap();
    assert_eq!(t["queue"], 17);
    // An unknown table.
    let mut bad = NeighTableChange::new("no_such_cache");
    bad.parms.queue_len = Some(1);
    assert!(c.change_neigh_table(&bad).unwrap_err().errno().is_some());
}

#[test]
fn alternative_names_as_ip_link_shows_them() {
    let ns = TestNs::new();
    let va = veth(&ns);
    let c = conn(&ns);
    let long = "a-rather-long-alternative-name-for-va";
    c.add_alt_names(&AltNames::new(va, &[long, "va-alt"]))
        .unwrap();
    let theirs = ns.ip_value(&["link", "show", "va"]);
    assert_eq!(
        theirs[0]["altnames"],
        netlink_testns::serde_json::json!([long, "va-alt"])
    );
    let l = c.link_by_name(long).unwrap().unwrap();
    assert_eq!(l.index, va);
    assert_eq!(l.alt_names, [long, "va-alt"]);
    let e = c
        .add_alt_names(&AltNames::new(va, &["va-alt"]))
        .unwrap_err();
    assert_eq!(e.errno(), Some(Errno::EXIST));
    c.delete_alt_names(&AltNames::new(va, &["va-alt"])).unwrap();
    assert_eq!(c.link_by_index(va).unwrap().unwrap().alt_names, [long]);
    assert!(c.delete_alt_names(&AltNames::new(va, &["va-alt"])).is_err());
}

#[test]
fn nexthop_buckets_as_ip_nexthop_bucket_shows_them() {
    let ns = TestNs::new();
    veth(&ns);
    ns.ip_batch(
        "nexthop add id 1 dev va\n\
         nexthop add id 2 dev vb\n\
         nexthop add id 10 group 1/2 type resilient buckets 8 idle_timer 100\n",
    );
    let c = conn(&ns);
    let ours = c.nexthop_buckets(NexthopBucketFilter::default()).unwrap();
    let theirs = ns.ip_value(&["nexthop", "bucket", "show"]);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), 8);
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(theirs) {
        assert_eq!(t["id"].as_u64().unwrap(), u64::from(o.group));
        assert_eq!(t["bucket"]["index"].as_u64().unwrap(), u64::from(o.index));
        assert_eq!(t["bucket"]["nhid"].as_u64().unwrap(), u64::from(o.nh_id));
    }
    let to_1 = c
        .nexthop_buckets(NexthopBucketFilter::default().group(10).nh_id(1))
        .unwrap();
    assert_eq!(to_1.len(), 4);
    assert!(to_1.iter().all(|b| b.nh_id == 1));
    let b = c.nexthop_bucket(10, 3).unwrap().unwrap();
    assert_eq!((b.group, b.index), (10, 3));
    assert_eq!(b.nh_id, ours[3].nh_id);
    // A group that is not resilient has no buckets to get.
    ns.ip(&["nexthop", "add", "id", "11", "group", "1/2"]);
    assert!(c.nexthop_bucket(11, 0).is_err());
}

#[test]
fn links_of_a_peer_namespace_by_its_id() {
    let ns = TestNs::new();
    let peer = TestNs::new();
    veth(&peer);
    let c = conn(&ns);
    let p = peer.netns();
    c.set_nsid(&NsidRequest::new(NsidPeer::fd(&p).unwrap(), Some(7)))
        .unwrap();
    let theirs: Vec<String> = peer
        .ip_value(&["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    let ours: Vec<String> = c
        .links(LinkFilter::default().target_netnsid(7))
        .unwrap()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(ours, theirs);
    let vb = c
        .link_in_netns(7, &LinkKey::Name("vb".into()))
        .unwrap()
        .unwrap();
    assert_eq!(vb.index, index(&peer, "vb"));
    assert!(c.link_by_name("vb").unwrap().is_none());
    // Move a link of this namespace to the peer by its id.
    ns.ip(&["link", "add", "vx", "type", "veth", "peer", "name", "vy"]);
    let vx = c.link_by_name("vx").unwrap().unwrap().index;
    c.set_link(&LinkChange::new(vx).netns_id(7)).unwrap();
    assert!(c.link_by_name("vx").unwrap().is_none());
    assert!(peer.ip(&["link", "show"]).contains("vx@"));
    assert!(
        c.link_in_netns(7, &LinkKey::Name("vx".into()))
            .unwrap()
            .is_some()
    );
    // One destination only.
    let two = LinkChange::new(index(&ns, "vy"))
        .netns(&p)
        .unwrap()
        .netns_id(7);
    assert!(matches!(
        c.set_link(&two),
        Err(netlink::Error::InvalidArgument(_))
    ));
}

#[test]
fn router_advertisements_arrive_as_prefix_and_option_events() {
    let ns = TestNs::new();
    // Link-local addresses without duplicate address detection, usable at once.
    exec(
        &ns,
        &["sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0"],
    );
    let vb = {
        veth(&ns);
        index(&ns, "vb")
    };
    let (_l, rx) = listener(&ns, &[Group::IPV6_PREFIX, Group::ND_USEROPT]);
    let script = "import socket,struct\n\
        s=socket.socket(socket.AF_INET6,socket.SOCK_RAW,socket.IPPROTO_ICMPV6)\n\
        s.setsockopt(socket.SOL_SOCKET,socket.SO_BINDTODEVICE,b'va')\n\
        s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_MULTICAST_HOPS,255)\n\
        s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_MULTICAST_LOOP,0)\n\
        ra=struct.pack('!BBHBBHII',134,0,0,64,0,0,0,0)\n\
        ra+=struct.pack('!BBBBIII',3,4,64,0xC0,3600,1800,0)+socket.inet_pton(socket.AF_INET6,'2001:db8:5::')\n\
        ra+=struct.pack('!BBHI',25,3,0,600)+socket.inet_pton(socket.AF_INET6,'2001:db8::53')\n\
        s.sendto(ra,('ff02::1',0,0,socket.if_nametoindex('va')))\n";
    exec(&ns, &["python3", "-c", script]);
    let e = expect(&rx, "RTM_NEWPREFIX", |e| matches!(e, Event::Prefix(_)));
    let Event::Prefix(p) = e else { unreachable!() };
    assert_eq!(p.index, vb);
    assert_eq!(p.prefix, Some(("2001:db8:5::".parse().unwrap(), 64)));
    assert!(p.flags.onlink() && p.flags.autoconf());
    assert_eq!((p.preferred, p.valid), (Some(1800), Some(3600)));
    let e = expect(
        &rx,
        "RTM_NEWNDUSEROPT with RDNSS",
        |e| matches!(e, Event::NdUserOption(o) if o.options.iter().any(|x| x.kind == 25)),
    );
    let Event::NdUserOption(o) = e else {
        unreachable!()
    };
    assert_eq!((o.index, o.icmp_type), (vb, 134));
    assert!(matches!(o.source, Some(IpAddr::V6(a)) if a.segments()[0] == 0xfe80));
}

#[test]
fn multicast_routing_cache_reports_arrive_as_events() {
    let ns = TestNs::new();
    veth(&ns);
    ns.ip_batch(
        "link add br0 type bridge\n\
         link set vb master br0\n\
         link set br0 up\n\
         addr add 192.0.2.1/24 dev va\n\
         addr add 192.0.2.2/24 dev br0\n",
    );
    // The packet comes from br0's address into va: accept a local source there.
    exec(&ns, &["sysctl", "-qw", "net.ipv4.conf.va.accept_local=1"]);
    let va = index(&ns, "va");
    let (_l, rx) = listener(&ns, &[Group::IPV4_MROUTE_R]);
    // A multicast router (MRT_INIT) with vif 0 on va, and a packet to 239.1.2.3 it has no
    // route for.
    let script = format!(
        "import socket,struct,time\n\
         mr=socket.socket(socket.AF_INET,socket.SOCK_RAW,socket.IPPROTO_IGMP)\n\
         mr.setsockopt(socket.IPPROTO_IP,200,1)\n\
         mr.setsockopt(socket.IPPROTO_IP,202,struct.pack('=HBBIiI',0,8,1,0,{va},0))\n\
         tx=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n\
         tx.setsockopt(socket.SOL_SOCKET,socket.SO_BINDTODEVICE,b'br0')\n\
         tx.setsockopt(socket.IPPROTO_IP,socket.IP_MULTICAST_IF,socket.inet_aton('192.0.2.2'))\n\
         tx.sendto(b'report me',('239.1.2.3',9))\n\
         time.sleep(0.5)\n"
    );
    exec(&ns, &["python3", "-c", &script]);
    let e = expect(&rx, "RTM_NEWCACHEREPORT", |e| {
        matches!(e, Event::CacheReport(_))
    });
    let Event::CacheReport(r) = e else {
        unreachable!()
    };
    assert_eq!(
        r.kind,
        Some(netlink::netlink_wire::rtnl::cachereport::ReportType::NOCACHE)
    );
    assert_eq!(r.vif, Some(0));
    assert_eq!(r.group, Some("239.1.2.3".parse().unwrap()));
    assert_eq!(r.source, Some("192.0.2.2".parse().unwrap()));
    assert!(!r.packet.is_empty());
}
