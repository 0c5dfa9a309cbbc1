//! Bridge operations on the real kernel (forwarding database, multicast database, VNI
//! filters, port options, VLANs), each in a fresh namespace, checked against `bridge -j` on the
//! same namespace. Where this kernel lacks a feature (bridge VLAN filtering), the library and
//! `bridge` must get the same answer from it.

use std::net::IpAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use crossbeam_channel::unbounded;
use netlink::netlink_wire::rtnl::linkinfo::BridgePortState;
use netlink::netlink_wire::rtnl::mdb::{MdbGroup, MdbRouterType, MdbState};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::ops::neigh::NeighFilter;
use netlink::{
    BridgePortFilter, BridgePortRequest, BridgePortSettings, BridgeVlanRequest, Connection,
    ConnectionOptions, Event, FdbFlush, FdbKey, FdbRequest, Group, MdbFilter, MdbRequest,
    VlanOptionsRequest, VniFilter, VniRange, VniRequest,
};
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

fn conn(ns: &TestNs, groups: &[Group]) -> Connection {
    let options = groups
        .iter()
        .fold(ConnectionOptions::default().netns(ns.path()), |o, g| {
            o.membership(g.0)
        });
    Connection::with_options(options).unwrap()
}

/// `bridge -n NS ARGS`: its exit status and standard output.
fn bridge(ns: &TestNs, args: &[&str]) -> (bool, String) {
    let o = Command::new("bridge")
        .args(["-n", ns.name()])
        .args(args)
        .output()
        .expect("run bridge (iproute2)");
    (o.status.success(), String::from_utf8(o.stdout).unwrap())
}

/// `bridge -n NS -j ARGS`, parsed.
fn bridge_json(ns: &TestNs, args: &[&str]) -> Value {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let (ok, out) = bridge(ns, &full);
    assert!(ok, "bridge {args:?} failed");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("bridge -j {args:?}: {e}: {out}"))
}

fn index(ns: &TestNs, name: &str) -> u32 {
    let v = ns.ip_value(&["link", "show", "dev", name]);
    u32::try_from(v[0]["ifindex"].as_u64().unwrap()).unwrap()
}

/// A namespace without IPv6, with veth pairs `v0`/`v1` and `v2`/`v3`, bridge `br0` with ports `v1` and `v3` (multicast snooping on, the default), VXLAN
/// `vx0` (VNI 42) and the VNI-filtering VXLAN `vx1`, all up.
fn setup() -> TestNs {
    let ns = TestNs::new();
    // No IPv6: its MLD reports add and remove memberships of their own between two dumps.
    let out = Command::new("ip")
        .args(["netns", "exec", ns.name(), "sysctl", "-qw"])
        .args([
            "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1",
        ])
        .output()
        .expect("run sysctl in the namespace");
    assert!(out.status.success(), "sysctl: {out:?}");
    ns.ip_batch(
        "link add v0 address 02:00:00:00:03:01 type veth peer name v1 address 02:00:00:00:03:02
link add br0 address 02:00:00:00:03:03 type bridge
link set v1 master br0
link add v2 type veth peer name v3
link set v3 master br0
link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1
link add vx1 type vxlan external vnifilter dstport 4790
link set v0 up
link set v1 up
link set br0 up
link set vx0 up
link set vx1 up
addr add 192.0.2.1/24 dev v0
",
    );
    ns
}

fn mac(last: u8) -> [u8; 6] {
    [2, 0, 0, 0, 0xfd, last]
}

fn mac_str(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The `bridge -j fdb show` entry for `mac`.
fn fdb_entry(ns: &TestNs, mac: [u8; 6]) -> Option<Value> {
    bridge_json(ns, &["fdb", "show"])
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["mac"] == mac_str(mac).as_str())
        .cloned()
}

#[test]
fn fdb_entries_on_a_bridge_and_a_vxlan() {
    let ns = setup();
    let c = conn(&ns, &[]);
    let (v0, v1, br0, vx0) = (
        index(&ns, "v0"),
        index(&ns, "v1"),
        index(&ns, "br0"),
        index(&ns, "vx0"),
    );
    c.add_fdb(&FdbRequest::master(v1, mac(1))).unwrap();
    c.add_fdb(&FdbRequest::master(v1, mac(2)).flags(NeighFlags::MASTER | NeighFlags::STICKY))
        .unwrap();
    let remote: IpAddr = "192.0.2.21".parse().unwrap();
    c.add_fdb(
        &FdbRequest::new(vx0, mac(3))
            .dst(remote)
            .port(4790)
            .vni(100)
            .via(v0),
    )
    .unwrap();
    c.append_fdb(&FdbRequest::new(vx0, [0; 6]).dst("192.0.2.20".parse().unwrap()))
        .unwrap();
    c.append_fdb(&FdbRequest::new(vx0, [0; 6]).dst("192.0.2.22".parse().unwrap()))
        .unwrap();
    assert!(
        c.add_fdb(&FdbRequest::master(v1, mac(1)))
            .unwrap_err()
            .errno()
            .is_some()
    );

    // What bridge sees.
    let e = fdb_entry(&ns, mac(1)).expect("static entry");
    assert_eq!(
        (e["ifname"].as_str(), e["state"].as_str()),
        (Some("v1"), Some("static"))
    );
    // The bridge reports its entries with NDA_MASTER, not NTF_MASTER.
    assert_eq!(
        (e["flags"].clone(), e["master"].as_str()),
        (serde_json::json!([]), Some("br0"))
    );
    let e = fdb_entry(&ns, mac(2)).expect("sticky entry");
    assert_eq!(e["flags"], serde_json::json!(["sticky"]));
    let e = fdb_entry(&ns, mac(3)).expect("vxlan entry");
    assert_eq!(
        (
            e["dst"].as_str(),
            e["port"].as_u64(),
            e["vni"].as_u64(),
            e["viaIf"].as_str(),
            e["state"].as_str()
        ),
        (
            Some("192.0.2.21"),
            Some(4790),
            Some(100),
            Some("v0"),
            Some("permanent")
        )
    );

    // What we list is what bridge lists, entry by entry.
    let ours = c.fdb(NeighFilter::default()).unwrap();
    let theirs = bridge_json(&ns, &["fdb", "show"]);
    assert_eq!(ours.len(), theirs.as_array().unwrap().len());
    let three = ours
        .iter()
        .find(|n| n.lladdr.as_deref() == Some(&mac(3)[..]))
        .unwrap();
    assert_eq!(
        (
            three.destination,
            three.port,
            three.vni,
            three.remote_ifindex
        ),
        (Some(remote), Some(4790), Some(100), Some(v0))
    );
    assert!(three.state.contains(NeighState::PERMANENT));
    let defaults = ours
        .iter()
        .filter(|n| n.lladdr.as_deref() == Some(&[0u8; 6][..]))
        .count();
    assert_eq!(defaults, 2, "two appended default destinations");
    // The bridge filter: the bridge's entries and its ports'.
    let on_br0 = c.fdb(NeighFilter::default().master(br0)).unwrap();
    let v3 = index(&ns, "v3");
    assert!(on_br0.iter().all(|n| [br0, v1, v3].contains(&n.index)));
    assert!(
        on_br0
            .iter()
            .any(|n| n.lladdr.as_deref() == Some(&mac(1)[..]))
    );

    // Lookups.
    let got = c
        .fdb_entry(&FdbKey::new(v1, mac(1)).flags(NeighFlags::MASTER))
        .unwrap()
        .expect("the entry");
    assert_eq!(got.index, v1);
    let got = c
        .fdb_entry(&FdbKey::new(0, mac(2)).master(br0))
        .unwrap()
        .expect("by bridge");
    assert!(got.flags.contains(NeighFlags::STICKY));
    assert_eq!(
        c.fdb_entry(&FdbKey::new(v1, mac(9)).flags(NeighFlags::MASTER))
            .unwrap(),
        None
    );

    // Replace, delete, flush.
    c.replace_fdb(&FdbRequest::master(v1, mac(1)).state(NeighState::REACHABLE))
        .unwrap();
    assert_eq!(fdb_entry(&ns, mac(1)).unwrap()["state"], "");
    c.delete_fdb(&FdbRequest::master(v1, mac(1))).unwrap();
    assert!(fdb_entry(&ns, mac(1)).is_none());
    c.flush_fdb(
        &FdbFlush::new(vx0)
            .state(NeighState::PERMANENT)
            .state_mask(NeighState::PERMANENT),
    )
    .unwrap();
    assert!(fdb_entry(&ns, mac(3)).is_none());
    let left = c.fdb(NeighFilter::default().index(vx0)).unwrap();
    assert!(
        left.iter()
            .all(|n| !n.state.contains(NeighState::PERMANENT)),
        "{left:?}"
    );
}

#[test]
fn mdb_memberships_router_ports_and_their_events() {
    let ns = setup();
    let c = conn(&ns, &[Group::MDB]);
    let (tx, rx) = unbounded();
    c.handle_events(move |e| {
        let _ = tx.send(e);
    });
    let (v1, br0) = (index(&ns, "v1"), index(&ns, "br0"));
    let g4 = |s: &str| MdbGroup::Ip(s.parse().unwrap());
    c.add_mdb(&MdbRequest::new(br0, v1, g4("239.1.1.1")).state(MdbState::PERMANENT))
        .unwrap();
    c.add_mdb(
        &MdbRequest::new(br0, v1, g4("239.1.1.2"))
            .state(MdbState::PERMANENT)
            .source("192.0.2.5".parse().unwrap()),
    )
    .unwrap();
    c.add_mdb(&MdbRequest::new(br0, v1, g4("ff0e::1"))).unwrap();
    c.add_mdb(
        &MdbRequest::new(br0, v1, MdbGroup::L2([1, 0, 0x5e, 1, 1, 1])).state(MdbState::PERMANENT),
    )
    .unwrap();
    c.set_bridge_port(&BridgePortRequest::new(
        v1,
        BridgePortSettings::default().mcast_router(2),
    ))
    .unwrap();

    // Every membership bridge lists, we list, with the same port, group, source and state.
    let ours: Vec<_> = c
        .mdb(MdbFilter::default().index(br0))
        .unwrap()
        .into_iter()
        .flat_map(|m| m.entries)
        .collect();
    let theirs = bridge_json(&ns, &["mdb", "show"]);
    let theirs = theirs[0]["mdb"].as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "{ours:?}\n{theirs:?}");
    for t in theirs {
        let found = ours.iter().any(|e| {
            let grp = match e.group {
                MdbGroup::Ip(a) => a.to_string(),
                MdbGroup::L2(m) => mac_str(m),
            };
            grp == t["grp"].as_str().unwrap()
                && e.port == index(&ns, t["port"].as_str().unwrap())
                && e.state.to_string() == t["state"].as_str().unwrap()
                && e.source.map(|s| s.to_string()).as_deref() == t["src"].as_str()
        });
        assert!(found, "{t} not in {ours:?}");
    }
    let ports: Vec<_> = c
        .mdb(MdbFilter::default())
        .unwrap()
        .into_iter()
        .flat_map(|m| m.router_ports)
        .collect();
    assert!(
        ports
            .iter()
            .any(|p| p.port == v1 && p.router_type == Some(MdbRouterType::PERM)),
        "{ports:?}"
    );

    c.delete_mdb(&MdbRequest::new(br0, v1, g4("239.1.1.1")))
        .unwrap();
    // The kernel answers a membership that is not there with EINVAL (as bridge shows).
    assert_eq!(
        c.delete_mdb(&MdbRequest::new(br0, v1, g4("239.1.1.1")))
            .unwrap_err()
            .errno(),
        Some(netlink::Errno::INVAL)
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    let (mut added, mut deleted) = (false, false);
    while !(added && deleted) {
        match rx.recv_deadline(deadline) {
            Ok(Ok(Event::NewMdb(m))) if m.entries.iter().any(|e| e.group == g4("239.1.1.2")) => {
                added = true;
            }
            Ok(Ok(Event::DelMdb(m))) if m.entries.iter().any(|e| e.group == g4("239.1.1.1")) => {
                deleted = true;
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("undecodable MDB notification: {e}"),
            Err(_) => panic!("no MDB events within 5 s (added {added}, deleted {deleted})"),
        }
    }
}

#[test]
fn vnis_of_a_filtering_vxlan() {
    let ns = setup();
    let c = conn(&ns, &[Group::TUNNEL]);
    let (tx, rx) = unbounded();
    c.handle_events(move |e| {
        let _ = tx.send(e);
    });
    let vx1 = index(&ns, "vx1");
    c.add_vnis(&VniRequest::new(
        vx1,
        vec![
            VniRange::one(100),
            VniRange::range(200, 210).group("192.0.2.30".parse().unwrap()),
            VniRange::one(300).group("2001:db8::7".parse().unwrap()),
        ],
    ))
    .unwrap();
    let ours: Vec<VniRange> = c
        .vnis(VniFilter::default().index(vx1))
        .unwrap()
        .into_iter()
        .flat_map(|v| v.entries)
        .collect();
    let theirs = bridge_json(&ns, &["vni", "show"]);
    let theirs = theirs[0]["vnis"].as_array().unwrap();
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(theirs) {
        assert_eq!(u64::from(o.start), t["vni"].as_u64().unwrap());
        assert_eq!(o.end.map(u64::from), t["vniEnd"].as_u64());
        let remote = t["remote"].as_str().or(t["group"].as_str());
        assert_eq!(o.group.map(|g| g.to_string()).as_deref(), remote);
    }
    // With counters, a range comes VNI by VNI.
    let stats: Vec<VniRange> = c
        .vnis(VniFilter::default().index(vx1).stats(true))
        .unwrap()
        .into_iter()
        .flat_map(|v| v.entries)
        .collect();
    assert_eq!(stats.len(), 13);
    assert!(stats.iter().all(|e| e.stats.is_some()));
    c.delete_vnis(&VniRequest::new(vx1, vec![VniRange::range(200, 210)]))
        .unwrap();
    let left: Vec<u32> = c
        .vnis(VniFilter::default())
        .unwrap()
        .into_iter()
        .flat_map(|v| v.entries)
        .map(|e| e.start)
        .collect();
    assert_eq!(left, [100, 300]);
    let deadline = Instant::now() + Duration::from_secs(5);
    let (mut added, mut deleted) = (false, false);
    while !(added && deleted) {
        match rx.recv_deadline(deadline) {
            Ok(Ok(Event::NewVnis(v))) if v.index == vx1 => added = true,
            Ok(Ok(Event::DelVnis(v))) if v.index == vx1 => deleted = true,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("undecodable tunnel notification: {e}"),
            Err(_) => panic!("no tunnel events within 5 s (added {added}, deleted {deleted})"),
        }
    }
}

#[test]
fn port_options_as_bridge_link_shows_them() {
    let ns = setup();
    let c = conn(&ns, &[]);
    let (v1, v3) = (index(&ns, "v1"), index(&ns, "v3"));
    let s = BridgePortSettings::default()
        .cost(10)
        .priority(5)
        .learning(false)
        .flood(false)
        .mcast_flood(false)
        .bcast_flood(false)
        .neigh_suppress(true)
        .isolated(true)
        .hairpin(true)
        .guard(true)
        .root_block(true)
        .fast_leave(true)
        .mcast_to_unicast(true)
        .backup_port(v3);
    c.set_bridge_port(&BridgePortRequest::new(v1, s)).unwrap();
    let theirs = bridge_json(&ns, &["-d", "link", "show"]);
    let t = theirs
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["ifname"] == "v1")
        .unwrap()
        .clone();
    let ours = c
        .bridge_ports(BridgePortFilter::default().index(v1))
        .unwrap();
    assert_eq!(ours.len(), 1);
    let p = &ours[0];
    let got = p.settings.expect("IFLA_PROTINFO");
    assert_eq!(got.cost, Some(10));
    assert_eq!(got.priority, Some(5));
    assert_eq!(got.state, Some(BridgePortState::FORWARDING));
    assert_eq!(t["state"], "forwarding");
    for (ours, key) in [
        (got.learning, "learning"),
        (got.flood, "flood"),
        (got.mcast_flood, "mcast_flood"),
        (got.bcast_flood, "bcast_flood"),
        (got.neigh_suppress, "neigh_suppress"),
        (got.isolated, "isolated"),
        (got.hairpin, "hairpin"),
        (got.guard, "guard"),
        (got.root_block, "root_block"),
        (got.fast_leave, "fastleave"),
        (got.mcast_to_unicast, "mcast_to_unicast"),
        (got.locked, "locked"),
    ] {
        assert_eq!(ours, t[key].as_bool(), "{key}");
    }
    assert_eq!(got.backup_port, Some(v3));
    assert_eq!(t["backup_port"], "v3");
    assert_eq!(p.master, Some(index(&ns, "br0")));
    assert_eq!(p.mtu, t["mtu"].as_u64().map(|m| u32::try_from(m).unwrap()));
}

#[test]
fn vlan_requests_get_the_answer_bridge_gets() {
    // This kernel has no bridge VLAN filtering: both refuse, with the same answer; a kernel
    // with it accepts both.
    let ns = setup();
    let c = conn(&ns, &[]);
    let v1 = index(&ns, "v1");
    let (theirs, _) = bridge(
        &ns,
        &["vlan", "add", "vid", "10", "dev", "v1", "pvid", "untagged"],
    );
    let ours = c.add_bridge_vlan(&BridgeVlanRequest::new(v1, 11).pvid(true).untagged(true));
    assert_eq!(ours.is_ok(), theirs, "{ours:?}");
    let (theirs, _) = bridge(
        &ns,
        &["vlan", "set", "vid", "10", "dev", "v1", "state", "4"],
    );
    let ours =
        c.set_vlan_options(&VlanOptionsRequest::new(v1, 11).state(BridgePortState::BLOCKING));
    assert_eq!(ours.is_ok(), theirs, "{ours:?}");
    let (theirs, _) = bridge(&ns, &["-d", "vlan", "show"]);
    let ours = c.bridge_vlans(Default::default());
    assert_eq!(ours.is_ok(), theirs, "{ours:?}");
    if let Err(e) = ours {
        assert_eq!(e.errno(), Some(netlink::Errno::OPNOTSUPP));
    }
    // The VLAN dump through the link messages works everywhere; without filtering it has no
    // VLANs, and bridge prints none.
    let ports = c
        .bridge_ports(
            BridgePortFilter::default()
                .ext_mask(netlink::netlink_wire::rtnl::link::ExtFilter::BRVLAN),
        )
        .unwrap();
    let with_vlans = ports.iter().filter(|p| !p.vlans.is_empty()).count();
    let theirs = bridge_json(&ns, &["vlan", "show"]);
    assert_eq!(with_vlans, theirs.as_array().unwrap().len());
}
