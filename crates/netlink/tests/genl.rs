//! Generic netlink on the real kernel: families and groups by name against `genl ctrl`,
//! policies against `genl ctrl policy`, subscriptions by name, and bad input (unknown family,
//! unknown group, a family gone or back under a new id). Each test runs in a fresh namespace.

mod genl_support;

use std::time::Duration;

use genl_support::{genl, tool};
use netlink::Error;
use netlink::genl::Family;
use netlink::netlink_wire::genl::ctrl::{CtrlA, CtrlCmd, CtrlMsg, GENL_ID_CTRL_GROUP};
use netlink::netlink_wire::genl::{GENL_ID_CTRL, GenlMsgHdr};
use netlink::netlink_wire::{AttrWrite, Flags, decode_message};
use netlink_testns::TestNs;

#[test]
fn every_family_prints_as_genl_ctrl_get_does() {
    let ns = TestNs::new();
    let g = genl(&ns);
    let families = g.families().unwrap();
    // nlctrl and the families the issue names are there.
    for name in ["nlctrl", "ethtool", "mptcp_pm", "tcp_metrics", "netdev"] {
        assert!(families.iter().any(|f| f.name == name), "{name} missing");
    }
    // `genl ctrl list` is our Display of each family, in the kernel's order, byte for byte.
    let ours: String = families.iter().map(ToString::to_string).collect();
    assert_eq!(ours, tool(&ns, "genl", &["ctrl", "list"]));
    for f in &families {
        let theirs = tool(&ns, "genl", &["ctrl", "get", "name", &f.name]);
        assert_eq!(f.to_string(), theirs, "{}", f.name);
        // By name, through the cache, the same.
        assert_eq!(*g.family(&f.name).unwrap(), *f);
    }
}

#[test]
fn groups_resolve_by_name_and_subscriptions_join_them() {
    let ns = TestNs::new();
    let g = genl(&ns);
    let eth = g.family("ethtool").unwrap();
    let monitor = g.subscribe("ethtool", "monitor").unwrap();
    assert_eq!(Some(monitor), eth.group("monitor"));
    assert_eq!(g.subscribe("nlctrl", "notify").unwrap(), GENL_ID_CTRL_GROUP);
    let joined = g.connection().subscriptions().unwrap();
    assert!(
        joined.contains(&monitor) && joined.contains(&GENL_ID_CTRL_GROUP),
        "{joined:?}"
    );
    g.unsubscribe("ethtool", "monitor").unwrap();
    assert!(!g.connection().subscriptions().unwrap().contains(&monitor));
    // Ids learned by the connection type its messages.
    let ids = g.ids();
    assert_eq!(
        ids.genl_family(netlink::MessageType(eth.id)).unwrap().name,
        "ethtool"
    );
    assert_eq!(g.family_by_id(eth.id).unwrap().name, "ethtool");
}

/// Our policy lines and `genl ctrl policy`'s, the dump-only commands (which the kernel and
/// `genl` call op 0) named in the family's order on their side too.
fn compare_policy(ns: &TestNs, g: &netlink::GenlConnection, name: &str) {
    let ours = g.policy(name).unwrap();
    let fam = g.family(name).unwrap();
    let mut dump_only = fam
        .ops
        .iter()
        .filter(|o| o.flags.bits() & 0x6 == 0x4)
        .map(|o| o.cmd);
    let theirs: Vec<String> = tool(ns, "genl", &["ctrl", "policy", "name", name])
        .lines()
        .map(|l| {
            let l = l.trim().to_owned();
            if l.contains(" op 0 policies:") {
                let cmd = dump_only
                    .next()
                    .expect("an op 0 for each dump-only command");
                l.replace(" op 0 policies:", &format!(" op {cmd} policies:"))
            } else {
                l
            }
        })
        .collect();
    let mut ours_lines = ours.genl_lines();
    let mut theirs_sorted = theirs.clone();
    ours_lines.sort();
    theirs_sorted.sort();
    assert_eq!(ours_lines, theirs_sorted, "{name}");
    assert!(!ours.tables.is_empty(), "{name}");
}

#[test]
fn policies_match_genl_ctrl_policy() {
    let ns = TestNs::new();
    let g = genl(&ns);
    for name in ["nlctrl", "ethtool", "mptcp_pm", "tcp_metrics", "netdev"] {
        compare_policy(&ns, &g, name);
    }
    // One command alone: ethtool's LINKINFO_GET takes the header nest and the link settings.
    let p = g.command_policy("ethtool", 2).unwrap();
    let do_table = p.request_table(2, false).unwrap();
    let header = p.attr(do_table, 1).unwrap();
    assert!(header.is_nest());
    let tree = p.command_tree(2).to_string();
    assert!(tree.contains("attr 1: nested policy"), "{tree}");
    assert!(tree.contains("attr 2: nul-string max len 127"), "{tree}");
}

#[test]
fn any_family_decodes_through_its_policy() {
    // IOAM6 is typed nowhere here: nlctrl's policy names the types of the attributes of its
    // description.
    let ns = TestNs::new();
    let g = genl(&ns);
    let p = g.policy("nlctrl").unwrap();
    let mut buf = Vec::new();
    netlink::netlink_wire::genl::ctrl::get_family_request(&mut buf, Flags::REQUEST, Some("IOAM6"))
        .unwrap();
    let reply = g.connection().request_bytes(buf).unwrap();
    let m = reply.first().unwrap();
    let c = CtrlMsg::parse(m.as_msg()).unwrap();
    let text = p.decode(p.request_table(3, false), c.attrs()).to_string();
    assert!(text.contains("[2] \"IOAM6\""), "{text}");
    assert!(text.contains("[1] "), "{text}");
}

#[test]
fn any_reply_is_explained_through_its_familys_policy() {
    // MPTCP_PM_CMD_GET_LIMITS's reply, read without the typed declaration: its policy says
    // attributes 2 and 3 are u32s.
    let ns = TestNs::new();
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    let g = genl(&ns);
    ns.ip(&[
        "mptcp",
        "limits",
        "set",
        "subflow",
        "3",
        "add_addr_accepted",
        "4",
    ]);
    let replies = g.request("mptcp_pm", 6, None, Flags::EMPTY, &[]).unwrap();
    let text = g.explain(&replies[0].as_msg()).unwrap();
    assert_eq!(text, "[2] 4\n[3] 3\n");
    // An ethtool reply: the header nest through its table, the rest as the command's table
    // says or as bytes.
    let replies = g
        .request(
            "ethtool",
            2,
            Some(1),
            Flags::EMPTY,
            &netlink::genl::attrs(|w| {
                let mut h = w.nest(1u16 | 0x8000);
                h.put_str(2u16, "v0");
            })
            .unwrap(),
        )
        .unwrap();
    let text = g.explain(&replies[0].as_msg()).unwrap();
    assert!(text.starts_with("[1] nest\n  [1] "), "{text}");
    assert!(text.contains("  [2] \"v0\"\n"), "{text}");
}

#[test]
fn an_unknown_family_is_named_with_the_families_there_are() {
    let ns = TestNs::new();
    let g = genl(&ns);
    let e = g.family("nosuchfamily").unwrap_err();
    let Error::UnknownFamily { name, available } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(name, "nosuchfamily");
    assert!(available.iter().any(|f| f == "ethtool"), "{available:?}");
    assert!(available.iter().any(|f| f == "nlctrl"), "{available:?}");
    let text = e.to_string();
    assert!(
        text.contains("\"nosuchfamily\"") && text.contains("ethtool"),
        "{text}"
    );
    // WireGuard, devlink, nl80211, team, macsec: not in this kernel, the same error.
    for absent in ["wireguard", "devlink", "nl80211", "team", "macsec"] {
        match g.family(absent) {
            Err(Error::UnknownFamily { name, .. }) => assert_eq!(name, absent),
            Ok(_) => {} // A kernel that has it.
            Err(e) => panic!("{absent}: {e:?}"),
        }
    }
    assert!(matches!(
        g.wireguard_device("wg0"),
        Err(Error::UnknownFamily { .. })
    ));
    // A policy request for it fails the same way.
    assert!(matches!(
        g.policy("nosuchfamily"),
        Err(Error::UnknownFamily { .. })
    ));
}

#[test]
fn an_unknown_group_is_named_with_the_groups_there_are() {
    let ns = TestNs::new();
    let g = genl(&ns);
    let e = g.subscribe("ethtool", "nosuchgroup").unwrap_err();
    let Error::UnknownGroup {
        family,
        group,
        available,
    } = &e
    else {
        panic!("{e:?}");
    };
    assert_eq!(
        (family.as_str(), group.as_str()),
        ("ethtool", "nosuchgroup")
    );
    assert_eq!(available, &["monitor"]);
    assert!(e.to_string().contains("monitor"), "{e}");
    assert!(matches!(
        g.subscribe("nosuchfamily", "monitor"),
        Err(Error::UnknownFamily { .. })
    ));
}

#[test]
fn a_family_that_went_away_is_reported_not_reused() {
    let ns = TestNs::new();
    let g = genl(&ns);
    // A family resolved once (here: made up, at an id no family has) that is gone now.
    g.prime_cache(Family::new("gonefamily", 0x3ff));
    let e = g
        .request("gonefamily", 1, Some(1), Flags::EMPTY, &[])
        .unwrap_err();
    assert!(
        matches!(&e, Error::FamilyGone { name, id: 0x3ff } if name == "gonefamily"),
        "{e:?}"
    );
    assert!(e.to_string().contains("went away"), "{e}");
    assert!(!g.is_cached("gonefamily"));
}

#[test]
fn a_family_back_under_a_new_id_is_asked_again() {
    let ns = TestNs::new();
    ns.ip(&[
        "link",
        "add",
        "dummyish",
        "type",
        "veth",
        "peer",
        "name",
        "dummyish1",
    ]);
    let g = genl(&ns);
    let real = g.family("ethtool").unwrap();
    // As after a module reload: the cache holds an id that no family has any more.
    g.prime_cache(Family::new("ethtool", 0x3fe));
    let info = g.ethtool_link_info("dummyish").unwrap();
    assert_eq!(info.dev.name, "dummyish");
    assert_eq!(g.family("ethtool").unwrap().id, real.id);
    // A dump too.
    g.prime_cache(Family::new("ethtool", 0x3fe));
    assert!(
        g.ethtool_link_infos()
            .unwrap()
            .iter()
            .any(|l| l.dev.name == "dummyish")
    );
}

#[test]
fn nlctrl_notifications_invalidate_the_cache() {
    let ns = TestNs::new();
    let g = genl(&ns);
    g.family("ethtool").unwrap();
    assert!(g.is_cached("ethtool"));
    // What the kernel multicasts on `notify` when ethtool unregisters.
    let mut buf = Vec::new();
    let mut b = CtrlMsg::builder(
        &mut buf,
        GENL_ID_CTRL,
        Flags::EMPTY,
        &GenlMsgHdr::new(CtrlCmd::DELFAMILY.0, 2),
    )
    .unwrap();
    b.put_str(CtrlA::FAMILY_NAME, "ethtool");
    b.finish().unwrap();
    g.apply_notification(&decode_message(&buf).unwrap());
    assert!(!g.is_cached("ethtool"));
    // Resolved again on the next use.
    g.family("ethtool").unwrap();
    assert!(g.is_cached("ethtool"));
    g.close();
    std::thread::sleep(Duration::from_millis(10));
}
