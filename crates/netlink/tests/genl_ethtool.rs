//! ethtool over netlink on the real kernel, against `ethtool` 6.1 (`-i`, `-k --json`, `-l`,
//! `-c`, `-T`, the settings page) on a veth pair and a tap device in a fresh namespace, and the
//! `monitor` group's notifications.

mod genl_support;

use netlink::Errno;
use std::time::Duration;

use genl_support::{genl, run, tool, veth_ns};
use netlink::Error;
use netlink::genl::ethtool::{Channels, Coalesce, Notification};
use netlink::netlink_wire::genl::GenlMsg;
use netlink::netlink_wire::genl::ethtool::{
    Duplex, EthtoolMessage, EthtoolReply, MdiX, Port, StringSetId, Transceiver,
};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

/// The value of `key: value` in `ethtool DEV`'s settings page.
fn setting<'a>(page: &'a str, key: &str) -> &'a str {
    page.lines()
        .find_map(|l| l.trim().strip_prefix(key).and_then(|r| r.strip_prefix(':')))
        .unwrap_or_else(|| panic!("no {key} in {page}"))
        .trim()
}

fn tap_ns() -> TestNs {
    let ns = veth_ns();
    ns.ip(&["tuntap", "add", "mode", "tap", "tap0"]);
    ns
}

#[test]
fn link_settings_match_the_settings_page() {
    let ns = veth_ns();
    let g = genl(&ns);
    let page = tool(&ns, "ethtool", &["veth0"]);
    let modes = g.ethtool_link_modes("veth0").unwrap();
    assert_eq!(modes.dev.name, "veth0");
    assert_eq!(
        format!("{}Mb/s", modes.speed.unwrap()),
        setting(&page, "Speed")
    );
    assert_eq!(modes.duplex, Some(Duplex::FULL));
    assert_eq!(
        modes.duplex.unwrap().short_name().unwrap(),
        setting(&page, "Duplex")
    );
    let autoneg = if modes.autoneg.unwrap() { "on" } else { "off" };
    assert_eq!(autoneg, setting(&page, "Auto-negotiation"));
    let info = g.ethtool_link_info("veth0").unwrap();
    assert_eq!(info.port, Some(Port::TP));
    assert_eq!(
        info.port.unwrap().short_name().unwrap(),
        setting(&page, "Port")
    );
    assert_eq!(info.phyaddr.unwrap().to_string(), setting(&page, "PHYAD"));
    assert_eq!(info.transceiver, Some(Transceiver::INTERNAL));
    assert_eq!(
        info.transceiver.unwrap().short_name().unwrap(),
        setting(&page, "Transceiver")
    );
    assert_eq!(info.tp_mdix, Some(MdiX::INVALID));
    assert!(setting(&page, "MDI-X").starts_with(info.tp_mdix.unwrap().short_name().unwrap()));
    let state = g.ethtool_link_state("veth0").unwrap();
    let link = if state.link.unwrap() { "yes" } else { "no" };
    assert_eq!(link, setting(&page, "Link detected"));
    // By index, the same device.
    let index = ns.ip_value(&["link", "show", "dev", "veth0"])[0]["ifindex"]
        .as_u64()
        .unwrap();
    assert_eq!(g.ethtool_link_info(index as u32).unwrap(), info);
    // The dump has every device.
    let all = g.ethtool_link_infos().unwrap();
    for dev in ["veth0", "veth1"] {
        assert!(all.iter().any(|l| l.dev.name == dev), "{dev} in {all:?}");
    }
}

#[test]
fn features_match_ethtool_k() {
    let ns = veth_ns();
    let g = genl(&ns);
    g.set_ethtool_features(
        "veth0",
        &[("rx-gro-list", true), ("tx-checksum-ip-generic", false)],
    )
    .unwrap();
    let ours = g.ethtool_features("veth0").unwrap();
    let theirs: Value =
        netlink_testns::serde_json::from_str(&tool(&ns, "ethtool", &["--json", "-k", "veth0"]))
            .unwrap();
    let theirs = theirs[0].as_object().unwrap();
    let mut compared = 0;
    for (name, v) in theirs {
        // The legacy aggregates (tx-checksumming...) have no fixed/requested of their own.
        let Some(fixed) = v["fixed"].as_bool() else {
            continue;
        };
        // ethtool's own names for some (generic-receive-offload is rx-gro) are not the
        // kernel's.
        let Some(f) = ours.get(name) else {
            continue;
        };
        assert_eq!(f.active, v["active"].as_bool().unwrap(), "{name} active");
        assert_eq!(f.is_fixed(), fixed, "{name} fixed");
        assert_eq!(
            f.wanted,
            v["requested"].as_bool().unwrap(),
            "{name} requested"
        );
        compared += 1;
    }
    assert!(compared > 40, "{compared}");
    assert!(ours.get("rx-gro-list").unwrap().wanted);
    assert!(!ours.get("tx-checksum-ip-generic").unwrap().active);
    // An unknown name is refused with the kernel's message.
    let e = g
        .set_ethtool_features("veth0", &[("no-such-feature", true)])
        .unwrap_err();
    assert!(
        matches!(&e, Error::Kernel(k) if k.message.is_some()),
        "{e:?}"
    );
}

#[test]
fn channels_print_and_change_as_ethtool_l() {
    let ns = veth_ns();
    let g = genl(&ns);
    let ch = g.ethtool_channels("veth0").unwrap();
    assert_eq!(ch.to_string(), tool(&ns, "ethtool", &["-l", "veth0"]));
    // ethtool -L veth0 rx 2, through us; ethtool sees it.
    let mut set = Channels::default();
    set.rx_count = Some(2);
    g.set_ethtool_channels("veth0", &set).unwrap();
    let now = g.ethtool_channels("veth0").unwrap();
    assert_eq!(now.rx_count, Some(2));
    assert_eq!(now.to_string(), tool(&ns, "ethtool", &["-l", "veth0"]));
    // Past the maximum: the kernel's error, with its message.
    set.rx_count = Some(ch.rx_max.unwrap() + 1);
    let e = g.set_ethtool_channels("veth0", &set).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::INVAL), "{e:?}");
}

#[test]
fn coalescing_and_message_level_of_a_tap_match_ethtool() {
    let ns = tap_ns();
    let g = genl(&ns);
    let c = g.ethtool_coalesce("tap0").unwrap();
    assert_eq!(c.to_string(), tool(&ns, "ethtool", &["-c", "tap0"]));
    let mut set = Coalesce::default();
    set.rx_max_frames = Some(16);
    g.set_ethtool_coalesce("tap0", &set).unwrap();
    let now = g.ethtool_coalesce("tap0").unwrap();
    assert_eq!(now.rx_max_frames, Some(16));
    assert_eq!(now.to_string(), tool(&ns, "ethtool", &["-c", "tap0"]));
    // A parameter tun does not have: refused as `ethtool -C tap0 tx-usecs 5` is.
    set.tx_usecs = Some(5);
    let e = g.set_ethtool_coalesce("tap0", &set).unwrap_err();
    let theirs = run(&ns, "ethtool", &["-C", "tap0", "tx-usecs", "5"]);
    let Error::Kernel(k) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(k.errno, Errno::INVAL);
    let message = k.message.as_deref().unwrap();
    assert!(
        theirs.stderr.contains(message),
        "{message} / {}",
        theirs.stderr
    );

    g.set_ethtool_msg_level("tap0", 0x3).unwrap();
    let level = g.ethtool_msg_level("tap0").unwrap();
    assert_eq!(level.classes.to_u32(), 3);
    let page = tool(&ns, "ethtool", &["tap0"]);
    assert!(
        setting(&page, "Current message level").starts_with("0x00000003"),
        "{page}"
    );
    assert!(level.classes.names_set().any(|n| n == "drv"), "{level:?}");
}

#[test]
fn timestamping_prints_as_ethtool_t() {
    let ns = veth_ns();
    let g = genl(&ns);
    let ts = g.ethtool_timestamping("veth0").unwrap();
    assert_eq!(ts.to_string(), tool(&ns, "ethtool", &["-T", "veth0"]));
}

#[test]
fn what_veth_does_not_have_fails_as_ethtool_does() {
    let ns = veth_ns();
    let g = genl(&ns);
    // -g, -a, --show-eee, --show-priv-flags: EOPNOTSUPP for both.
    for (opt, ours) in [
        ("-g", g.ethtool_rings("veth0").err()),
        ("-a", g.ethtool_pause("veth0").err()),
        ("--show-eee", g.ethtool_eee("veth0").err()),
        ("--show-priv-flags", g.ethtool_private_flags("veth0").err()),
    ] {
        let theirs = run(&ns, "ethtool", &[opt, "veth0"]);
        assert!(
            !theirs.ok && theirs.stderr.contains("Operation not supported"),
            "{opt}"
        );
        assert_eq!(
            ours.and_then(|e| e.errno()),
            Some(Errno::OPNOTSUPP),
            "{opt}"
        );
    }
    // ethtool -s veth0 speed 1000 duplex full autoneg off; ethtool -s veth0 port tp;
    // ethtool -s veth0 wol g: veth changes none of it.
    let mut modes = netlink::genl::ethtool::LinkModes::default();
    modes.speed = Some(1000);
    modes.duplex = Some(Duplex::FULL);
    modes.autoneg = Some(false);
    let mut info = netlink::genl::ethtool::LinkInfo::default();
    info.port = Some(Port::TP);
    for (args, ours) in [
        (
            &[
                "-s", "veth0", "speed", "1000", "duplex", "full", "autoneg", "off",
            ][..],
            g.set_ethtool_link_modes("veth0", &modes).err(),
        ),
        (
            &["-s", "veth0", "port", "tp"][..],
            g.set_ethtool_link_info("veth0", &info).err(),
        ),
        (
            &["-s", "veth0", "wol", "g"][..],
            g.set_ethtool_wol(
                "veth0",
                netlink::netlink_wire::genl::ethtool::WolModes::MAGIC,
            )
            .err(),
        ),
    ] {
        let theirs = run(&ns, "ethtool", args);
        assert!(
            theirs.stderr.contains("Operation not supported"),
            "{args:?}"
        );
        assert_eq!(
            ours.and_then(|e| e.errno()),
            Some(Errno::OPNOTSUPP),
            "{args:?}"
        );
    }
    // ethtool -i: no private flags.
    let info = tool(&ns, "ethtool", &["-i", "veth0"]);
    assert_eq!(setting(&info, "supports-priv-flags"), "no");
    // No Wake-on-LAN: the settings page has no "Supports Wake-on".
    assert!(!tool(&ns, "ethtool", &["veth0"]).contains("Wake-on"));
    assert_eq!(
        g.ethtool_wol("veth0").unwrap_err().errno(),
        Some(Errno::OPNOTSUPP)
    );
    // No such device: ENODEV with the kernel's message, as ethtool reports it.
    let e = g.ethtool_link_info("nosuchdev").unwrap_err();
    let theirs = run(&ns, "ethtool", &["-l", "nosuchdev"]);
    assert!(
        theirs.stderr.contains("no device matches name"),
        "{}",
        theirs.stderr
    );
    assert!(
        matches!(&e, Error::Kernel(k) if k.errno == Errno::NODEV && k.message.as_deref() == Some("no device matches name")),
        "{e:?}"
    );
}

#[test]
fn string_sets_and_statistics() {
    let ns = veth_ns();
    let g = genl(&ns);
    let sets = g
        .ethtool_strings(None, &[StringSetId::FEATURES, StringSetId::LINK_MODES])
        .unwrap();
    let features = sets.iter().find(|s| s.id == StringSetId::FEATURES).unwrap();
    assert_eq!(features.strings.len(), features.count as usize);
    assert!(features.strings.iter().any(|s| s == "rx-gro"));
    let modes = sets
        .iter()
        .find(|s| s.id == StringSetId::LINK_MODES)
        .unwrap();
    assert!(modes.strings.iter().any(|s| s == "10000baseT/Full"));
    // veth0's own statistics names, as `ethtool -S` lists them.
    let stats = g
        .ethtool_strings(Some("veth0".into()), &[StringSetId::STATS])
        .unwrap();
    let names = &stats[0].strings;
    let theirs = tool(&ns, "ethtool", &["-S", "veth0"]);
    for n in names {
        assert!(theirs.contains(&format!("{n}:")), "{n} not in {theirs}");
    }
    // Standard statistics: veth has none of the groups, as `ethtool -S --all-groups` shows.
    let std = g.ethtool_stats("veth0", &[]).unwrap();
    let theirs: Value = netlink_testns::serde_json::from_str(&tool(
        &ns,
        "ethtool",
        &["--json", "-S", "veth0", "--all-groups"],
    ))
    .unwrap();
    for group in ["eth-phy", "eth-mac", "eth-ctrl", "rmon"] {
        assert_eq!(
            theirs[0][group],
            Value::Object(Default::default()),
            "{group}"
        );
    }
    assert!(std.groups.iter().all(|g| g.counters.is_empty()), "{std:?}");
}

#[test]
fn monitor_notifications_arrive_by_group_name() {
    let ns = veth_ns();
    let g = genl(&ns);
    g.subscribe("ethtool", "monitor").unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    g.notify(tx);
    let feature = g.ethtool_features("veth0").unwrap();
    let (gro, gro_bit) = feature.get("rx-gro").map(|f| (f.wanted, f.index)).unwrap();
    let flip = if gro { "off" } else { "on" };
    tool(&ns, "ethtool", &["-K", "veth0", "gro", flip]);
    let mut set = Channels::default();
    set.rx_count = Some(2);
    g.set_ethtool_channels("veth0", &set).unwrap();
    let mut seen = Vec::new();
    while let Ok(m) = rx.recv_timeout(Duration::from_secs(2)) {
        let gm = GenlMsg::parse(m.as_msg()).unwrap();
        let n = Notification::from_genl(&gm).unwrap();
        assert_eq!(n.dev.name, "veth0");
        if let EthtoolMessage::FeaturesNtf(f) = Notification::view(&m.as_msg()).unwrap() {
            // Notifications carry compact bit sets: bits by position, no names.
            let wanted = f.wanted().unwrap().unwrap();
            assert!(wanted.is_compact().unwrap());
            assert_eq!(wanted.get(gro_bit).unwrap().unwrap_or(false), !gro);
        }
        seen.push(n.kind);
        if seen.contains(&EthtoolReply::FEATURES_NTF) && seen.contains(&EthtoolReply::CHANNELS_NTF)
        {
            break;
        }
    }
    assert!(seen.contains(&EthtoolReply::FEATURES_NTF), "{seen:?}");
    assert!(seen.contains(&EthtoolReply::CHANNELS_NTF), "{seen:?}");
}
