//! The `SIOCETHTOOL` queries on the real kernel, against Debian's `ethtool` 6.1 in a fresh
//! namespace: driver information field by field, the statistics' names and the values that do
//! not move, and the kernel's errors.

mod genl_support;

use genl_support::{tool, veth_ns};
use netlink::Errno;
use netlink::ethtool_ioctl::{ETH_SS_STATS, EthtoolIoctl};

#[test]
fn driver_info_and_statistics_match_ethtool() {
    let ns = veth_ns();
    let path = ns.path();
    let ioctl = EthtoolIoctl::in_netns(Some(path.as_ref())).unwrap();
    let info = ioctl.driver_info("veth0").unwrap();
    let text = tool(&ns, "ethtool", &["-i", "veth0"]);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} in {text}"))
            .to_owned()
    };
    assert_eq!(info.driver, field("driver"));
    assert_eq!(info.version, field("version"));
    assert_eq!(info.bus_info, field("bus-info"));
    assert_eq!(info.n_stats != 0, field("supports-statistics") == "yes");
    assert!(info.n_stats > 0);

    let stats = ioctl.statistics("veth0").unwrap();
    assert_eq!(stats.len(), info.n_stats as usize);
    let names = ioctl.strings("veth0", ETH_SS_STATS).unwrap();
    assert_eq!(
        names,
        stats.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()
    );
    let theirs = tool(&ns, "ethtool", &["-S", "veth0"]);
    let their_names: Vec<&str> = theirs
        .lines()
        .skip(1)
        .map(|l| l.trim_start().split(':').next().unwrap())
        .collect();
    assert_eq!(names, their_names);
    // peer_ifindex does not move: the same value both ways.
    let peer = stats.iter().find(|(n, _)| n == "peer_ifindex").unwrap().1;
    assert!(
        theirs.contains(&format!("     peer_ifindex: {peer}\n")),
        "{theirs}"
    );

    // A bridge has no statistics; loopback no driver information; a missing device ENODEV.
    ns.ip(&["link", "add", "br0", "type", "bridge"]);
    assert!(ioctl.statistics("br0").unwrap().is_empty());
    assert_eq!(ioctl.string_set_len("br0", ETH_SS_STATS).unwrap(), None);
    let e = ioctl.driver_info("lo").unwrap_err();
    assert_eq!(e.errno(), Some(Errno::OPNOTSUPP), "{e}");
    let e = ioctl.driver_info("nosuch").unwrap_err();
    assert_eq!(e.errno(), Some(Errno::NODEV), "{e}");
    let e = ioctl.driver_info("a-name-of-16-byt").unwrap_err();
    assert_eq!(e.errno(), Some(Errno::NODEV), "{e}");
}
