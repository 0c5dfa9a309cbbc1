//! Traffic control on the real kernel, each test in a fresh namespace, checked against `tc`
//! 6.1: what the library adds `tc -j qdisc show` lists, what `tc` adds the library lists, the
//! kernel's refusals with their ext-ack text, its warnings, and the notifications.

use std::process::Command;
use std::time::Duration;

use netlink::netlink_wire::rtnl::tc::{Options, PschedClock, TcHandle};
use netlink::ops::tc::{
    Attach, Chain, ChainFilter, ChainRequest, Class, ClassFilter, ClassKey, ClassKind,
    ClassRequest, Fifo, Filter, FilterRequest, FilterSelector, HtbClass, HtbQdisc, Qdisc,
    QdiscFilter, QdiscKey, QdiscKind, QdiscRequest, RawKind, TcVerb, gbit, kbit, mbit,
};
use netlink::{Connection, ConnectionOptions, Error, Event, Group};
use netlink_testns::TestNs;
use netlink_testns::serde_json::{self, Value};

fn conn(ns: &TestNs) -> Connection {
    Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

/// A namespace with a veth pair `v0`/`v1`, up.
fn veths() -> (TestNs, Connection, u32, u32) {
    let ns = TestNs::new();
    ns.ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    ns.ip(&["link", "set", "v0", "up"]);
    ns.ip(&["link", "set", "v1", "up"]);
    let c = conn(&ns);
    let (v0, v1) = (c.link_index("v0").unwrap(), c.link_index("v1").unwrap());
    (ns, c, v0, v1)
}

/// Runs `tc -n NS args`; panics unless it succeeds; returns its output.
fn tc(ns: &TestNs, args: &[&str]) -> String {
    let out = Command::new("tc")
        .args(["-n", ns.name()])
        .args(args)
        .output()
        .expect("run tc");
    assert!(
        out.status.success(),
        "tc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn tc_json(ns: &TestNs, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    serde_json::from_str(&tc(ns, &full)).unwrap()
}

fn h(s: &str) -> TcHandle {
    s.parse().unwrap()
}

/// An htb root with a parent class and two leaves, added through the library.
fn htb_tree(c: &Connection, dev: u32) {
    c.add_qdisc(
        &QdiscRequest::root(dev, QdiscKind::Htb(HtbQdisc::default().default_class(0x10)))
            .handle(h("1:")),
    )
    .unwrap();
    let class = |id: &str, parent: &str, settings: HtbClass| {
        c.add_class(&ClassRequest::new(
            dev,
            h(id),
            h(parent),
            ClassKind::Htb(settings),
        ))
        .unwrap();
    };
    class("1:1", "1:", HtbClass::new(mbit(10)));
    class("1:10", "1:1", HtbClass::new(mbit(1)).ceil(mbit(5)).prio(1));
    class(
        "1:20",
        "1:1",
        HtbClass::new(kbit(512)).ceil(mbit(10)).prio(2),
    );
    c.add_qdisc(
        &QdiscRequest::new(
            dev,
            h("1:10"),
            Some(QdiscKind::Pfifo(Fifo::default().limit(50))),
        )
        .handle(h("10:")),
    )
    .unwrap();
}

#[test]
fn an_htb_tree_added_here_is_what_tc_lists() {
    let (ns, c, v0, _) = veths();
    htb_tree(&c, v0);
    let shown = tc_json(&ns, &["qdisc", "show", "dev", "v0"]);
    let ours = c.qdiscs(QdiscFilter::default().index(v0)).unwrap();
    assert_eq!(shown.len(), ours.len());
    for (t, q) in shown.iter().zip(&ours) {
        assert_eq!(t["kind"], q.kind.as_str());
        assert_eq!(t["handle"], format!("{:x}:", q.handle.major()));
        match q.parent {
            TcHandle::ROOT => assert_eq!(t["root"], true),
            p => assert_eq!(t["parent"], p.to_string()),
        }
        if q.refcnt != 1 {
            assert_eq!(t["refcnt"], q.refcnt);
        }
        match q.settings().unwrap().unwrap() {
            QdiscKind::Htb(s) => {
                assert_eq!(t["options"]["r2q"], s.r2q);
                assert_eq!(t["options"]["default"], format!("{:#x}", s.default_class));
            }
            QdiscKind::Pfifo(f) => assert_eq!(t["options"]["limit"], f.limit.unwrap()),
            other => panic!("{other:?}"),
        }
    }
    // The classes as tc prints them (text only, even with -j): rate, ceil, burst.
    let text = tc(&ns, &["class", "show", "dev", "v0"]);
    let classes = c.classes(ClassFilter::default().index(v0)).unwrap();
    assert_eq!(text.lines().count(), classes.len());
    for (line, cl) in text.lines().zip(&classes) {
        assert!(
            line.starts_with(&format!("class htb {} ", cl.handle)),
            "{line}"
        );
        let Some(ClassKind::Htb(s)) = cl.settings().unwrap() else {
            panic!()
        };
        let word = |k: &str| {
            let i = line.find(k).unwrap_or_else(|| panic!("{k} in {line}"));
            line[i + k.len()..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(word(" burst "), format!("{}b", s.burst.unwrap()));
        if let Some(leaf) = cl.leaf {
            assert_eq!(word(" leaf "), leaf.to_string());
        }
    }
    // One class, looked up alone; a missing one is None.
    let one = c
        .get::<Class, _>(&ClassKey {
            index: v0,
            handle: h("1:20"),
        })
        .unwrap()
        .unwrap();
    assert_eq!((one.parent, one.kind.as_str()), (h("1:1"), "htb"));
    assert!(
        c.get::<Class, _>(&ClassKey {
            index: v0,
            handle: h("1:99"),
        })
        .unwrap()
        .is_none()
    );
    let root = c
        .get::<Qdisc, _>(&QdiscKey::Parent(v0, TcHandle::ROOT))
        .unwrap()
        .unwrap();
    assert_eq!(root.handle, h("1:"));
    // The kernel's class filter: the classes of qdisc 1: only.
    assert_eq!(
        c.classes(ClassFilter::default().index(v0).qdisc(h("1:1")))
            .unwrap()
            .len(),
        3
    );
    assert!(
        c.classes(ClassFilter::default().index(v0).qdisc(TcHandle::ROOT))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn what_tc_adds_reads_back_and_changes_through_the_settings() {
    let (ns, c, v0, _) = veths();
    tc(
        &ns,
        &[
            "qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb", "r2q", "5",
        ],
    );
    tc(
        &ns,
        &[
            "class", "add", "dev", "v0", "parent", "1:", "classid", "1:1", "htb", "rate", "2mbit",
            "burst", "20k",
        ],
    );
    let cl = &c.classes(ClassFilter::default().index(v0)).unwrap()[0];
    let Some(ClassKind::Htb(s)) = cl.settings().unwrap() else {
        panic!()
    };
    assert_eq!(
        (s.rate, s.ceil, s.burst),
        (mbit(2), Some(mbit(2)), Some(20 * 1024))
    );
    // Change the read-back settings and send them: tc sees the new rate.
    let req = ClassRequest::new(v0, cl.handle, cl.parent, ClassKind::Htb(s.ceil(mbit(4))));
    c.change_class(&req).unwrap();
    let text = tc(&ns, &["class", "show", "dev", "v0"]);
    assert!(text.contains("rate 2Mbit ceil 4Mbit burst 20Kb"), "{text}");
    // The qdisc's statistics and xstats views.
    let q = &c
        .qdiscs(QdiscFilter::default().index(v0).handle(h("1:")))
        .unwrap()[0];
    assert!(q.stats.is_some());
    assert!(matches!(
        q.view().unwrap().options().unwrap(),
        Some(Options::Htb(_))
    ));
    // The clock tc computes with is the kernel's.
    let text = std::fs::read_to_string("/proc/net/psched").unwrap();
    assert_eq!(PschedClock::from_proc(&text), Some(PschedClock::KERNEL));
}

#[test]
fn refusals_carry_the_ext_ack_and_warnings_come_back() {
    let (_ns, c, v0, _) = veths();
    // This kernel has no fq_codel: the kernel's own words, as tc prints them.
    let e = c
        .add_qdisc(&QdiscRequest::root(
            v0,
            QdiscKind::FqCodel(Default::default()),
        ))
        .unwrap_err();
    let Error::Kernel(k) = &e else { panic!("{e}") };
    assert_eq!(
        k.message.as_deref(),
        Some("Specified qdisc kind is unknown")
    );
    // Caught before sending: a qdisc handle with a minor number, a class without a rate.
    let bad = QdiscRequest::root(v0, QdiscKind::Mq).handle(h("1:2"));
    assert!(matches!(c.add_qdisc(&bad), Err(Error::InvalidArgument(_))));
    let no_rate = ClassRequest::new(v0, h("1:1"), h("1:"), ClassKind::Htb(HtbClass::new(0)));
    assert!(matches!(
        c.add_class(&no_rate),
        Err(Error::InvalidArgument(_))
    ));
    // htb's warning about a 50gbit class's quantum: what tc prints after "Warning:".
    c.add_qdisc(&QdiscRequest::root(v0, QdiscKind::Htb(HtbQdisc::default())).handle(h("1:")))
        .unwrap();
    let big = ClassRequest::new(
        v0,
        h("1:20"),
        h("1:"),
        ClassKind::Htb(HtbClass::new(gbit(50))),
    );
    let warning = c.tc_apply(&big, TcVerb::Add).unwrap();
    assert_eq!(
        warning.as_deref(),
        Some("sch_htb: quantum of class 10020 is big. Consider r2q change.")
    );
    // The same class changed to a modest rate: the acknowledgement carries no warning.
    let modest = ClassRequest::new(
        v0,
        h("1:20"),
        h("1:"),
        ClassKind::Htb(HtbClass::new(mbit(10))),
    );
    assert_eq!(c.tc_apply(&modest, TcVerb::Change).unwrap(), None);
    c.replace_class(&big).unwrap();
    // An existing class: add refuses, replace (NLM_F_CREATE alone) changes it.
    assert!(c.add_class(&big).unwrap_err().is_exists());
    c.replace_class(&big).unwrap();
    // change needs the class to exist.
    let missing = ClassRequest::new(
        v0,
        h("1:30"),
        h("1:"),
        ClassKind::Htb(HtbClass::new(mbit(1))),
    );
    assert!(c.change_class(&missing).unwrap_err().is_not_found());
    c.delete_class(&ClassRequest::existing(v0, h("1:20")))
        .unwrap();
    c.delete_qdisc(&QdiscRequest::new(v0, TcHandle::ROOT, None))
        .unwrap();
}

#[test]
fn chains_and_filters_on_clsact() {
    let (ns, c, _, v1) = veths();
    c.add_qdisc(&QdiscRequest::clsact(v1)).unwrap();
    let shown = tc_json(&ns, &["qdisc", "show", "dev", "v1", "clsact"]);
    assert_eq!(shown[0]["kind"], "clsact");
    c.add_chain(&ChainRequest::new(Attach::ingress(v1), 3))
        .unwrap();
    let chains = c
        .chains(ChainFilter::default().attach(Attach::ingress(v1)))
        .unwrap();
    assert_eq!(chains.iter().map(|ch| ch.chain).collect::<Vec<_>>(), [3]);
    assert_eq!(
        tc_json(&ns, &["chain", "show", "dev", "v1", "ingress"])[0]["chain"],
        3
    );
    // Listing needs the hook; this kernel has no classifier, so there is no filter to list
    // and adding one is refused with the kernel's words.
    assert!(matches!(
        c.chains(ChainFilter::default()),
        Err(Error::InvalidArgument(_))
    ));
    let none = c
        .filters(
            FilterSelector::default()
                .attach(Attach::ingress(v1))
                .chain(3),
        )
        .unwrap();
    assert!(none.is_empty());
    let req = FilterRequest::new(Attach::ingress(v1), 1, 0x0003, RawKind::new("matchall"));
    let Err(Error::Kernel(k)) = c.add_filter(&req) else {
        panic!()
    };
    assert_eq!(k.message.as_deref(), Some("TC classifier not found"));
    c.delete_chain(&ChainRequest::new(Attach::ingress(v1), 3))
        .unwrap();
    assert!(
        c.chains(ChainFilter::default().attach(Attach::ingress(v1)))
            .unwrap()
            .is_empty()
    );
    let _: Option<Chain> = None;
}

/// A connection in `ns` watching `RTNLGRP_TC`, and the channel its notifications arrive on.
fn watch_tc(ns: &TestNs) -> (Connection, crossbeam_channel::Receiver<netlink::Message>) {
    let watcher = conn(ns);
    watcher.subscribe(Group::TC).unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    watcher.notify(tx);
    (watcher, rx)
}

#[test]
fn changes_arrive_as_typed_events() {
    let (ns, c, v0, _) = veths();
    let (_watcher, rx) = watch_tc(&ns);
    c.add_qdisc(&QdiscRequest::root(v0, QdiscKind::Htb(HtbQdisc::default())).handle(h("2:")))
        .unwrap();
    c.add_class(&ClassRequest::new(
        v0,
        h("2:1"),
        h("2:"),
        ClassKind::Htb(HtbClass::new(mbit(1))),
    ))
    .unwrap();
    c.delete_qdisc(&QdiscRequest::new(v0, TcHandle::ROOT, None))
        .unwrap();
    let mut seen = Vec::new();
    while let Ok(m) = rx.recv_timeout(Duration::from_secs(2)) {
        match Event::from_message(&m).unwrap() {
            Event::NewQdisc(q) if q.object.index == v0 => {
                seen.push(format!("new qdisc {}", q.object.kind));
            }
            Event::DelQdisc(q) if q.object.index == v0 => {
                seen.push(format!("del qdisc {}", q.object.kind));
            }
            Event::NewClass(cl) => seen.push(format!("new class {}", cl.object.handle)),
            Event::DelClass(cl) => seen.push(format!("del class {}", cl.object.handle)),
            _ => {}
        }
        if seen.last().is_some_and(|s| s == "del qdisc htb") {
            break;
        }
    }
    assert!(seen.contains(&"new qdisc htb".to_owned()), "{seen:?}");
    assert!(seen.contains(&"new class 2:1".to_owned()), "{seen:?}");
    assert_eq!(
        seen.last().map(String::as_str),
        Some("del qdisc htb"),
        "{seen:?}"
    );
}

#[test]
fn a_large_class_dump_streams_across_many_datagrams() {
    let (ns, c, v0, _) = veths();
    tc(
        &ns,
        &["qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"],
    );
    let mut batch = String::new();
    for i in 1..=600u32 {
        batch.push_str(&format!(
            "class add dev v0 parent 1: classid 1:{i:x} htb rate {}kbit\n",
            100 + i
        ));
    }
    let mut child = Command::new("tc")
        .args(["-n", ns.name(), "-batch", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), batch.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    let mut n = 0;
    let mut rates = 0u64;
    c.for_each_class(ClassFilter::default().index(v0), |v| {
        n += 1;
        if let Some(Options::Htb(o)) = v.options()? {
            rates += netlink::netlink_wire::rtnl::tc::HtbOptions::from(o)
                .rate()?
                .unwrap_or(0);
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 600);
    assert_eq!(rates, (1..=600u64).map(|i| kbit(100 + i)).sum::<u64>());
}

#[test]
fn standalone_mirred_actions_match_tc() {
    use netlink::netlink_wire::rtnl::tc::{MirredAction, Verdict};
    use netlink::ops::tc::{ActionKind, ActionRequest, ActionSelector, TcAction};
    let (ns, c, _, v1) = veths();
    // What the library adds, tc lists: kind, direction, device, verdict, index, cookie.
    let redirect = TcAction::new(ActionKind::mirred(MirredAction::EGRESS_REDIR, v1))
        .index(7)
        .cookie(vec![0x0a, 0x0b]);
    c.add_actions(&ActionRequest::Add(vec![redirect.clone()]))
        .unwrap();
    tc(
        &ns,
        &[
            "actions", "add", "action", "mirred", "ingress", "mirror", "dev", "v1", "index", "8",
        ],
    );
    let listed = tc_json(&ns, &["actions", "ls", "action", "mirred"]);
    let theirs = listed[1]["actions"].as_array().unwrap();
    let ours = c
        .actions(ActionSelector::default().kind("mirred".into()))
        .unwrap();
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(theirs) {
        assert_eq!(u64::from(o.index), t["index"].as_u64().unwrap());
        let ActionKind::Mirred {
            action,
            ifindex,
            verdict,
        } = &o.kind
        else {
            panic!("{o:?}")
        };
        assert_eq!(*ifindex, v1);
        let (dir, what) = match *action {
            MirredAction::EGRESS_REDIR => ("egress", "redirect"),
            MirredAction::INGRESS_MIRROR => ("ingress", "mirror"),
            a => panic!("{a:?}"),
        };
        assert_eq!(
            (t["direction"].as_str(), t["mirred_action"].as_str()),
            (Some(dir), Some(what))
        );
        let verdict = if *verdict == Verdict::STOLEN {
            "stolen"
        } else {
            "pipe"
        };
        assert_eq!(t["control_action"]["type"].as_str(), Some(verdict));
        let cookie: Option<String> = o
            .cookie
            .as_ref()
            .map(|c| c.iter().map(|b| format!("{b:02x}")).collect());
        assert_eq!(cookie.as_deref(), t["cookie"].as_str());
        assert!(o.stats.is_some(), "the kernel reports statistics");
    }
    // get by kind and index; a taken index fails with the kernel's errno.
    let got = c.get_action("mirred", 7).unwrap().unwrap();
    assert_eq!(
        (got.kind.clone(), got.cookie.clone()),
        (redirect.kind.clone(), redirect.cookie.clone())
    );
    assert!(
        c.add_actions(&ActionRequest::Add(vec![redirect]))
            .unwrap_err()
            .is_exists()
    );
    let seven = ActionRequest::Existing {
        kind: "mirred".into(),
        index: 7,
    };
    c.delete_action(&seven).unwrap();
    // A missing index is a miss, as every lookup's; a kind the kernel lacks is its error.
    assert_eq!(c.get_action("mirred", 7).unwrap(), None);
    assert_eq!(c.get_action("mirred", 8).unwrap().map(|a| a.index), Some(8));
    let e = c.get_action("gact", 7).unwrap_err();
    let Error::Kernel(k) = &e else { panic!("{e}") };
    assert_eq!(
        k.message.as_deref(),
        Some("Specified TC action kind not found")
    );
    assert!(tc(&ns, &["actions", "ls", "action", "mirred"]).contains("index 8 "));
    assert!(!tc(&ns, &["actions", "ls", "action", "mirred"]).contains("index 7 "));
    // A kind this kernel lacks: the kernel's words.
    let gact = TcAction::new(ActionKind::Gact(Verdict::SHOT));
    let e = c.add_actions(&ActionRequest::Add(vec![gact])).unwrap_err();
    let Error::Kernel(k) = &e else { panic!("{e}") };
    assert_eq!(
        k.message.as_deref(),
        Some("Failed to load TC action module")
    );
}

#[test]
fn u32_and_bpf_filters_added_here_are_what_tc_lists() {
    use netlink::netlink_wire::rtnl::tc::{
        ClsFlags, MirredAction, SockFilter, TcU32Key, U32SelFlags, u32_handle,
    };
    use netlink::ops::tc::{
        ActionKind, Bpf, BpfProgram, Filter, FilterKind, TcAction, U32, U32Selector,
    };
    // This kernel has cls_u32, cls_bpf and act_mirred.
    let (ns, c, v0, v1) = veths();
    c.add_qdisc(&QdiscRequest::clsact(v0)).unwrap();
    const IP: u16 = 0x0800;
    // tc filter add dev v0 ingress prio 3 protocol ip u32 match ip src 198.51.100.0/24
    //     match ip dport 22 0xffff classid 1:5 action mirred egress redirect dev v1
    let keys = vec![
        TcU32Key::new(0xc633_6400, 0xffff_ff00, 12),
        TcU32Key::new(22, 0xffff, 20),
    ];
    let redirect = TcAction::new(ActionKind::mirred(MirredAction::EGRESS_REDIR, v1));
    let u = U32::default()
        .classid(h("1:5"))
        .actions(vec![redirect])
        .selector(U32Selector::default().keys(keys.clone()))
        .flags(ClsFlags::SKIP_HW);
    c.add_filter(&FilterRequest::new(Attach::ingress(v0), 3, IP, u))
        .unwrap();
    // tc filter add dev v0 egress prio 4 bpf bc '1,6 0 0 0' da
    let b = Bpf::new(BpfProgram::Classic(vec![SockFilter::new(6, 0, 0, 0)])).direct_action(true);
    c.add_filter(&FilterRequest::new(Attach::egress(v0), 4, 0x0003, b))
        .unwrap();

    let shown = tc_json(&ns, &["filter", "show", "dev", "v0", "ingress"]);
    let f = shown
        .iter()
        .find(|f| f["options"]["fh"] == "800::800")
        .unwrap_or_else(|| panic!("{shown:?}"));
    assert_eq!(f["pref"], 3);
    assert_eq!(f["options"]["flowid"], "1:5");
    assert_eq!(f["options"]["skip_hw"], true);
    assert_eq!(f["options"]["actions"][0]["to_dev"], "v1");
    let shown = tc_json(&ns, &["filter", "show", "dev", "v0", "egress"]);
    assert_eq!(shown[1]["options"]["direct-action"], true);
    assert_eq!(shown[1]["options"]["bytecode"]["length"], 1);

    // Read back typed: the kernel's selector is terminal and keeps the keys in order, in its
    // root table's first bucket.
    let listed: Vec<Filter> = c
        .filters(FilterSelector::default().attach(Attach::ingress(v0)))
        .unwrap();
    let typed: Vec<U32> = listed
        .iter()
        .filter_map(|f| match f.settings().unwrap() {
            Some(FilterKind::U32(u)) if u.selector.is_some() => Some(u),
            _ => None,
        })
        .collect();
    assert_eq!(typed.len(), 1);
    let u = &typed[0];
    let sel = u.selector.as_ref().unwrap();
    assert_eq!(sel.keys, keys);
    assert!(sel.flags.contains(U32SelFlags::TERMINAL));
    assert_eq!(u.classid, Some(h("1:5")));
    assert_eq!(u.ht, Some(u32_handle(0x800, 0, 0)));
    assert_eq!(u.flags, ClsFlags::SKIP_HW | ClsFlags::NOT_IN_HW);
    assert!(matches!(
        u.actions[0].kind,
        ActionKind::Mirred { action: MirredAction::EGRESS_REDIR, ifindex, .. } if ifindex == v1
    ));
    // The hash table the kernel made for the priority reads as one.
    assert!(listed.iter().any(|f| matches!(
        f.settings(),
        Ok(Some(FilterKind::U32(u))) if u.divisor == Some(1)
    )));

    // Delete by priority; nothing is left.
    let mut del = FilterRequest::new(Attach::ingress(v0), 3, IP, RawKind::new("u32"));
    del.kind = None;
    c.delete_filter(&del).unwrap();
    assert!(tc_json(&ns, &["filter", "show", "dev", "v0", "ingress"]).is_empty());
}

#[test]
fn action_changes_arrive_as_typed_events() {
    use netlink::netlink_wire::rtnl::tc::MirredAction;
    use netlink::ops::tc::{ActionKind, ActionRequest, TcAction};
    use netlink::{Announced, Flags};
    let (ns, c, _, v1) = veths();
    let (_watcher, rx) = watch_tc(&ns);
    let mirror = TcAction::new(ActionKind::mirred(MirredAction::EGRESS_MIRROR, v1))
        .index(11)
        .cookie(vec![1, 2]);
    c.add_actions(&ActionRequest::Add(vec![mirror.clone()]))
        .unwrap();
    c.replace_actions(&ActionRequest::Add(vec![mirror.clone()]))
        .unwrap();
    c.delete_action(&ActionRequest::Existing {
        kind: "mirred".into(),
        index: 11,
    })
    .unwrap();
    c.add_actions(&ActionRequest::Add(vec![mirror.clone().index(12)]))
        .unwrap();
    c.flush_actions("mirred").unwrap();
    let mut seen: Vec<(&str, Announced<_>)> = Vec::new();
    while let Ok(m) = rx.recv_timeout(Duration::from_secs(2)) {
        match Event::from_message(&m).unwrap() {
            Event::NewAction(b) => seen.push(("new", b)),
            Event::DelAction(b) => seen.push(("del", b)),
            _ => {}
        }
        if seen.len() == 5 {
            break;
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    // The kernel copies each request's flags into its notification: tc monitor's "Added",
    // "Replaced", "Deleted" and "Flushed table" come from them.
    let has = |i: usize, f: Flags| seen[i].1.flags.contains(f);
    assert!(has(0, Flags::CREATE | Flags::EXCL) && !has(0, Flags::REPLACE));
    assert!(has(1, Flags::CREATE | Flags::REPLACE));
    assert!(!has(2, Flags::ROOT));
    assert!(has(4, Flags::ROOT));
    for (what, (tag, b)) in ["new", "new", "del", "new"].iter().zip(&seen) {
        assert_eq!(what, tag);
        assert_eq!(b.object.actions.len(), 1, "{seen:?}");
        let a = &b.object.actions[0];
        assert_eq!(
            (&a.kind, &a.cookie),
            (&mirror.kind, &mirror.cookie),
            "{tag}"
        );
    }
    assert_eq!(seen[0].1.object.actions[0].index, 11);
    assert_eq!(seen[3].1.object.actions[0].index, 12);
    assert_eq!(seen[4].0, "del");
}

/// `get_filter` and `get_chain` find what `tc` added and answer every miss (a priority, a
/// handle, a chain or a device that is not there) with `None`, as every lookup does; a filter
/// of another kind is the kernel's error.
#[test]
fn filter_and_chain_lookups_answer_a_miss_with_none() {
    use netlink::ops::tc::{ChainKey, FilterKey};
    let (ns, c, v0, _) = veths();
    tc(
        &ns,
        &["qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb"],
    );
    tc(
        &ns,
        &[
            "filter",
            "add",
            "dev",
            "v0",
            "parent",
            "1:",
            "protocol",
            "ip",
            "pref",
            "10",
            "chain",
            "2",
            "u32",
            "match",
            "ip",
            "dst",
            "192.0.2.1/32",
            "action",
            "mirred",
            "egress",
            "redirect",
            "dev",
            "v1",
        ],
    );
    tc(
        &ns,
        &["chain", "add", "dev", "v0", "parent", "1:", "chain", "4"],
    );
    let at = Attach::Device {
        index: v0,
        parent: h("1:"),
    };
    let key = FilterKey::new(at, 10, 0x0800, 0x8000_0800, "u32").chain(2);
    let f = c.get_filter(&key).unwrap().expect("the filter tc added");
    assert_eq!(
        (f.handle, f.priority, f.protocol, f.kind.as_str(), f.chain),
        (0x8000_0800, 10, 0x0800, "u32", Some(2))
    );
    assert_eq!(f.attach, at);
    // The same answer through the generic lookup.
    let again: Option<Filter> = c.get(&key).unwrap();
    assert_eq!(
        again.map(|g| (g.handle, g.chain)),
        Some((f.handle, f.chain))
    );
    let mut other_pref = key.clone();
    other_pref.priority = 11;
    let mut other_handle = key.clone();
    other_handle.handle = 0x8000_0801;
    let other_chain = key.clone().chain(9);
    let mut other_dev = key.clone();
    other_dev.attach = Attach::Device {
        index: v0 + 100,
        parent: h("1:"),
    };
    for miss in [other_pref, other_handle, other_chain, other_dev] {
        assert_eq!(c.get_filter(&miss).unwrap(), None, "{miss:?}");
    }
    let mut other_kind = key.clone();
    other_kind.kind = "bpf".into();
    let Err(Error::Kernel(k)) = c.get_filter(&other_kind) else {
        panic!("a filter of another kind is an error")
    };
    assert_eq!(k.errno, netlink::Errno::INVAL);

    let chain = c
        .get_chain(&ChainKey::new(at, 4))
        .unwrap()
        .expect("chain 4");
    assert_eq!((chain.chain, chain.attach, chain.template), (4, at, None));
    // Chain 2 holds the filter; chain 9 is not there.
    assert_eq!(
        c.get_chain(&ChainKey::new(at, 2)).unwrap().unwrap().chain,
        2
    );
    assert_eq!(c.get_chain(&ChainKey::new(at, 9)).unwrap(), None);
    assert_eq!(c.get::<Chain, _>(&ChainKey::new(at, 9)).unwrap(), None);
}
