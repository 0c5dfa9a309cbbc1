//! The netdev family on the real kernel, in a fresh namespace: devices against `ip link`,
//! queues against `/sys/class/net/DEV/queues`, NAPI instances against the queues that name
//! them, and the `mgmt` group's notifications. iproute2 6.1 has no netdev command.

mod genl_support;

use std::time::Duration;

use genl_support::{genl, tool, veth_ns};
use netlink::netlink_wire::genl::GenlMsg;
use netlink::netlink_wire::genl::netdev::{NetdevCmd, NetdevMessage, QueueType, XdpFeatures};

fn ifindex(ns: &netlink_testns::TestNs, dev: &str) -> u32 {
    ns.ip_value(&["link", "show", "dev", dev])[0]["ifindex"]
        .as_u64()
        .unwrap() as u32
}

#[test]
fn devices_and_queues_match_ip_and_sysfs() {
    let ns = veth_ns();
    let g = genl(&ns);
    let devs = g.netdev_devices().unwrap();
    let links = ns.ip_value(&["link", "show"]);
    let mut theirs: Vec<u32> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifindex"].as_u64().unwrap() as u32)
        .collect();
    let mut ours: Vec<u32> = devs.iter().map(|d| d.ifindex).collect();
    theirs.sort_unstable();
    ours.sort_unstable();
    assert_eq!(ours, theirs);
    let veth0 = ifindex(&ns, "veth0");
    let d = g.netdev_device(veth0).unwrap().unwrap();
    // veth does XDP: at least the basic actions and redirects.
    assert!(
        d.xdp_features
            .contains(XdpFeatures::BASIC | XdpFeatures::REDIRECT),
        "{d:?}"
    );
    assert_eq!(g.netdev_device(9999).unwrap(), None);

    // Queues: one line per queue in sysfs (rx-N, tx-N).
    let sysfs = tool(&ns, "ls", &["/sys/class/net/veth0/queues"]);
    let mut theirs: Vec<String> = sysfs.split_whitespace().map(str::to_owned).collect();
    let mut ours: Vec<String> = g
        .netdev_queues(Some(veth0))
        .unwrap()
        .iter()
        .map(|q| format!("{}-{}", q.kind, q.id))
        .collect();
    theirs.sort();
    ours.sort();
    assert_eq!(ours, theirs);
    let q = g.netdev_queue(veth0, QueueType::RX, 0).unwrap().unwrap();
    assert_eq!((q.ifindex, q.kind, q.id), (veth0, QueueType::RX, 0));
    assert_eq!(g.netdev_queue(veth0, QueueType::RX, 99).unwrap(), None);
    // Every device's queues, in one dump.
    let all = g.netdev_queues(None).unwrap();
    assert!(all.iter().any(|q| q.ifindex == ifindex(&ns, "veth1")));
}

#[test]
fn napi_instances_are_the_ones_queues_name() {
    let ns = veth_ns();
    let g = genl(&ns);
    let veth0 = ifindex(&ns, "veth0");
    // GRO on a veth runs it on NAPI.
    tool(&ns, "ethtool", &["-K", "veth0", "gro", "on"]);
    let napis = g.netdev_napis(Some(veth0)).unwrap();
    assert!(!napis.is_empty());
    // One instance per RX queue (veth does not tell queues their instance).
    let queues = g.netdev_queues(Some(veth0)).unwrap();
    let rx = queues.iter().filter(|q| q.kind == QueueType::RX).count();
    assert_eq!(napis.len(), rx, "{napis:?} for {queues:?}");
    for n in &napis {
        assert_eq!(n.ifindex, veth0);
        assert_eq!(g.netdev_napi(n.id).unwrap().as_ref(), Some(n));
    }
    assert_eq!(g.netdev_napi(u32::MAX).unwrap(), None);
    // veth keeps no queue statistics: an empty answer, not an error.
    assert!(g.netdev_qstats(Some(veth0), true).unwrap().is_empty());
    let _ = g.netdev_qstats(None, false).unwrap();
}

#[test]
fn devices_coming_and_going_are_notified_by_group_name() {
    let ns = veth_ns();
    let g = genl(&ns);
    g.subscribe("netdev", "mgmt").unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    g.notify(tx);
    ns.ip(&["link", "add", "v2", "type", "veth", "peer", "name", "v3"]);
    let v2 = ifindex(&ns, "v2");
    ns.ip(&["link", "del", "v2"]);
    let mut seen = Vec::new();
    while let Ok(m) = rx.recv_timeout(Duration::from_secs(1)) {
        let gm = GenlMsg::parse(m.as_msg()).unwrap();
        let (NetdevMessage::DevAdd(d) | NetdevMessage::DevDel(d) | NetdevMessage::DevChange(d)) =
            NetdevMessage::from_genl(gm)
        else {
            continue;
        };
        seen.push((NetdevCmd(gm.cmd()), d.ifindex().unwrap().unwrap()));
    }
    assert!(seen.contains(&(NetdevCmd::DEV_ADD_NTF, v2)), "{seen:?}");
    assert!(seen.contains(&(NetdevCmd::DEV_DEL_NTF, v2)), "{seen:?}");
}
