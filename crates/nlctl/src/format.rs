//! Objects as `ip -j` prints them (one JSON object each, same keys, same values), and the
//! human text rendered from that same object, so that both outputs always agree.

use std::fmt::Write as _;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighFlagsExt, NeighState};
use netlink::netlink_wire::rtnl::route::{RtmFlags, RtnhFlags};
use netlink::netlink_wire::rtnl::rule::{RuleAction, RuleFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, Protocol, RouteType, Scope, Table};
use netlink::ops::link::hw_address_string;
use netlink::ops::route::{NextHop, Prefix, Route, RouteMetrics};
use netlink::{Address, Link, Neighbour, Rule};
use serde_json::{Map, Value, json};

use crate::names::{self, LinkNames};

/// One JSON object, keys in the order `ip` prints them.
pub(crate) type Obj = Map<String, Value>;

/// Keys `ip` leaves out of a route because the filter fixed them (`ip route show table 100`
/// prints no `table`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RouteOmit {
    /// A `dev` filter was given.
    pub(crate) dev: bool,
    /// A single table was asked for (the default `main` included).
    pub(crate) table: bool,
    /// A `proto` filter was given.
    pub(crate) protocol: bool,
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

/// A link as `ip -j link show` prints it; `linkmode` only there, not in `ip -j addr show`.
pub(crate) fn link(l: &Link, names: &LinkNames, linkmode: bool) -> Obj {
    let mut o = Obj::new();
    o.insert("ifindex".into(), json!(l.index));
    if let Some(i) = l.link.filter(|i| *i != 0) {
        if l.link_netnsid.is_some() {
            o.insert("link_index".into(), json!(i));
        } else {
            o.insert("link".into(), s(names.name(i)));
        }
    }
    o.insert("ifname".into(), s(l.name.clone()));
    o.insert("flags".into(), Value::Array(link_flags(l.flags)));
    if let Some(m) = l.mtu {
        o.insert("mtu".into(), json!(m));
    }
    if let Some(q) = &l.qdisc {
        o.insert("qdisc".into(), s(q.clone()));
    }
    if let Some(m) = l.master.filter(|m| *m != 0) {
        o.insert("master".into(), s(names.name(m)));
    }
    if let Some(st) = l.operstate {
        o.insert("operstate".into(), s(st.to_string()));
    }
    if linkmode && let Some(m) = l.link_mode {
        o.insert("linkmode".into(), s(m.to_string()));
    }
    if let Some(g) = l.group {
        o.insert("group".into(), s(names::group(g)));
    }
    if let Some(t) = l.txqlen {
        o.insert("txqlen".into(), json!(t));
    }
    o.insert("link_type".into(), s(l.link_type.to_string()));
    if let Some(a) = &l.address {
        o.insert("address".into(), s(hw_address_string(a)));
    }
    if let Some(b) = &l.broadcast {
        let key = if l.flags.contains(IfFlags::POINTOPOINT) {
            "peer"
        } else {
            "broadcast"
        };
        o.insert(key.into(), s(hw_address_string(b)));
    }
    if let Some(p) = &l.perm_address
        && l.address.as_ref() != Some(p)
    {
        o.insert("permaddr".into(), s(hw_address_string(p)));
    }
    if let Some(id) = l.link_netnsid {
        o.insert("link_netnsid".into(), json!(id));
    }
    if l.proto_down == Some(true) {
        o.insert("proto_down".into(), Value::Bool(true));
    }
    if !l.alt_names.is_empty() {
        o.insert(
            "altnames".into(),
            Value::Array(l.alt_names.iter().cloned().map(Value::String).collect()),
        );
    }
    o
}

/// The flags `ip` prints between `<>`: `NO-CARRIER` for an up link without carrier, then the
/// known flags in ip's order, never `RUNNING`.
fn link_flags(f: IfFlags) -> Vec<Value> {
    let mut v = Vec::new();
    if f.contains(IfFlags::UP) && !f.contains(IfFlags::RUNNING) {
        v.push(s("NO-CARRIER"));
    }
    for n in f.short_names().filter(|n| *n != "RUNNING") {
        v.push(s(n));
    }
    v
}

/// One entry of `addr_info` as `ip -j addr show` prints it.
pub(crate) fn addr_info(a: &Address) -> Obj {
    let mut o = Obj::new();
    o.insert("family".into(), s(a.family.to_string()));
    if let Some(local) = a.local {
        o.insert("local".into(), s(local.to_string()));
        if let Some(peer) = a.address.filter(|p| *p != local) {
            o.insert("address".into(), s(peer.to_string()));
        }
    } else if let Some(addr) = a.address {
        o.insert("local".into(), s(addr.to_string()));
    }
    o.insert("prefixlen".into(), json!(a.prefix_len));
    if let Some(b) = a.broadcast {
        o.insert("broadcast".into(), s(b.to_string()));
    }
    o.insert("scope".into(), s(names::scope(a.scope)));
    for (flag, name) in [
        (AddrFlags::SECONDARY, "secondary"),
        (AddrFlags::NODAD, "nodad"),
        (AddrFlags::OPTIMISTIC, "optimistic"),
        (AddrFlags::DADFAILED, "dadfailed"),
        (AddrFlags::HOMEADDRESS, "home"),
        (AddrFlags::DEPRECATED, "deprecated"),
        (AddrFlags::TENTATIVE, "tentative"),
        (AddrFlags::PERMANENT, "dynamic"),
        (AddrFlags::MANAGETEMPADDR, "mngtmpaddr"),
        (AddrFlags::NOPREFIXROUTE, "noprefixroute"),
        (AddrFlags::MCAUTOJOIN, "autojoin"),
        (AddrFlags::STABLE_PRIVACY, "stable-privacy"),
    ] {
        let set = a.flags.contains(flag);
        if flag == AddrFlags::PERMANENT {
            if !set {
                o.insert(name.into(), Value::Bool(true));
            }
        } else if set {
            let name = if flag == AddrFlags::SECONDARY && a.family == AddressFamily::INET6 {
                "temporary"
            } else {
                name
            };
            o.insert(name.into(), Value::Bool(true));
        }
    }
    if let Some(l) = &a.label {
        o.insert("label".into(), s(l.clone()));
    }
    if let Some(v) = a.valid_lifetime {
        o.insert("valid_life_time".into(), json!(v));
    }
    if let Some(p) = a.preferred_lifetime {
        o.insert("preferred_life_time".into(), json!(p));
    }
    if let Some(m) = a.metric {
        o.insert("metric".into(), json!(m));
    }
    o
}

/// A destination or source as `ip` prints it: the bare address for a host prefix.
fn prefix(p: &Prefix) -> String {
    if p.len == p.max_len() {
        p.addr.to_string()
    } else {
        p.to_string()
    }
}

fn family_name(a: IpAddr) -> &'static str {
    if a.is_ipv4() { "inet" } else { "inet6" }
}

/// The route flags `ip` prints in `flags`, in its order.
fn route_flags(f: RtmFlags) -> Vec<Value> {
    [
        (RtmFlags::DEAD, "dead"),
        (RtmFlags::ONLINK, "onlink"),
        (RtmFlags::PERVASIVE, "pervasive"),
        (RtmFlags::NH_OFFLOAD, "offload"),
        (RtmFlags::NH_TRAP, "trap"),
        (RtmFlags::NOTIFY, "notify"),
        (RtmFlags::LINKDOWN, "linkdown"),
        (RtmFlags::UNRESOLVED, "unresolved"),
        (RtmFlags::OFFLOAD, "rt_offload"),
        (RtmFlags::TRAP, "rt_trap"),
        (RtmFlags::OFFLOAD_FAILED, "rt_offload_failed"),
    ]
    .into_iter()
    .filter(|(flag, _)| f.contains(*flag))
    .map(|(_, n)| s(n))
    .collect()
}

fn nexthop_flags(f: RtnhFlags) -> Vec<Value> {
    [
        (RtnhFlags::DEAD, "dead"),
        (RtnhFlags::ONLINK, "onlink"),
        (RtnhFlags::PERVASIVE, "pervasive"),
        (RtnhFlags::OFFLOAD, "offload"),
        (RtnhFlags::TRAP, "trap"),
        (RtnhFlags::LINKDOWN, "linkdown"),
        (RtnhFlags::UNRESOLVED, "unresolved"),
    ]
    .into_iter()
    .filter(|(flag, _)| f.contains(*flag))
    .map(|(_, n)| s(n))
    .collect()
}

/// The `metrics` object `ip` prints (`mtu`, `advmss`, ...; `rtt` in ms as ip scales it).
fn metrics(m: &RouteMetrics) -> Obj {
    let mut o = Obj::new();
    let u32s = [
        ("mtu", m.mtu),
        ("window", m.window),
        ("rtt", m.rtt.map(|v| v / 8)),
        ("rttvar", m.rttvar.map(|v| v / 4)),
        ("ssthresh", m.ssthresh),
        ("cwnd", m.cwnd),
        ("advmss", m.advmss),
        ("reordering", m.reordering),
        ("hoplimit", m.hoplimit.filter(|h| *h != u32::MAX)),
        ("initcwnd", m.initcwnd),
        ("features", m.features),
        ("rto_min", m.rto_min),
        ("initrwnd", m.initrwnd),
        ("quickack", m.quickack),
    ];
    for (k, v) in u32s {
        if let Some(v) = v {
            o.insert(k.into(), json!(v));
        }
    }
    if let Some(cc) = &m.cc_algo {
        o.insert("congctl".into(), s(cc.clone()));
    }
    if let Some(v) = m.fastopen_no_cookie {
        o.insert("fastopen_no_cookie".into(), json!(v));
    }
    o
}

fn via(a: IpAddr) -> Value {
    json!({"family": family_name(a), "host": a.to_string()})
}

fn nexthop(h: &NextHop, names: &LinkNames) -> Obj {
    let mut o = Obj::new();
    if let Some(g) = h.gateway {
        o.insert("gateway".into(), s(g.to_string()));
    }
    if let Some(v) = h.via {
        o.insert("via".into(), via(v));
    }
    o.insert("dev".into(), s(names.name(h.oif.unwrap_or(0))));
    o.insert("weight".into(), json!(h.weight));
    o.insert("flags".into(), Value::Array(nexthop_flags(h.flags)));
    o
}

/// A route as `ip -j route show` prints it.
pub(crate) fn route(r: &Route, names: &LinkNames, omit: RouteOmit) -> Obj {
    let mut o = Obj::new();
    if r.route_type != RouteType::UNICAST {
        o.insert("type".into(), s(names::route_type(r.route_type)));
    }
    let dst = match &r.dst {
        Some(p) => prefix(p),
        None => "default".to_owned(),
    };
    o.insert("dst".into(), s(dst));
    if let Some(src) = &r.src {
        o.insert("src".into(), s(prefix(src)));
    }
    if let Some(id) = r.nh_id {
        o.insert("nhid".into(), json!(id));
    }
    if let Some(g) = r.gateway {
        o.insert("gateway".into(), s(g.to_string()));
    }
    if let Some(v) = r.via {
        o.insert("via".into(), via(v));
    }
    if let Some(oif) = r.oif
        && !omit.dev
    {
        o.insert("dev".into(), s(names.name(oif)));
    }
    if r.table != 0 && r.table != Table::MAIN.0 && !omit.table {
        o.insert("table".into(), s(names::table(r.table)));
    }
    if !r.flags.contains(RtmFlags::CLONED) {
        if r.protocol != Protocol::BOOT && !omit.protocol {
            o.insert("protocol".into(), s(names::protocol(r.protocol)));
        }
        if r.scope != Scope::UNIVERSE {
            o.insert("scope".into(), s(names::scope(r.scope)));
        }
    }
    if let Some(p) = r.prefsrc {
        o.insert("prefsrc".into(), s(p.to_string()));
    }
    if let Some(m) = r.metric {
        o.insert("metric".into(), json!(m));
    }
    o.insert("flags".into(), Value::Array(route_flags(r.flags)));
    if let Some(e) = r.expires {
        o.insert("expires".into(), json!(e));
    }
    if !r.metrics.is_empty() {
        let m = metrics(&r.metrics);
        if !m.is_empty() {
            o.insert("metrics".into(), Value::Array(vec![Value::Object(m)]));
        }
    }
    if let Some(iif) = r.iif {
        o.insert("iif".into(), s(names.name(iif)));
    }
    if !r.multipath.is_empty() {
        let hops = r
            .multipath
            .iter()
            .map(|h| Value::Object(nexthop(h, names)))
            .collect();
        o.insert("nexthops".into(), Value::Array(hops));
    }
    if let Some(p) = r.pref {
        o.insert("pref".into(), s(p.to_string()));
    }
    o
}

/// The neighbour states `ip` prints in `state`, in its order.
fn neigh_states(st: NeighState) -> Vec<Value> {
    st.short_names().map(s).collect()
}

/// A neighbour as `ip -j neigh show` prints it.
pub(crate) fn neigh(n: &Neighbour, names: &LinkNames, omit_dev: bool) -> Obj {
    let mut o = Obj::new();
    if let Some(d) = n.destination {
        o.insert("dst".into(), s(d.to_string()));
    }
    if n.ifindex != 0 && !omit_dev {
        o.insert("dev".into(), s(names.name(n.ifindex)));
    }
    if let Some(ll) = &n.lladdr {
        o.insert("lladdr".into(), s(hw_address_string(ll)));
    }
    for (flag, name) in [
        (NeighFlags::ROUTER, "router"),
        (NeighFlags::PROXY, "proxy"),
        (NeighFlags::EXT_LEARNED, "extern_learn"),
        (NeighFlags::OFFLOADED, "offload"),
    ] {
        if n.flags.contains(flag) {
            o.insert(name.into(), Value::Null);
        }
    }
    if n.flags_ext.contains(NeighFlagsExt::MANAGED) {
        o.insert("managed".into(), Value::Null);
    }
    if !n.state.is_empty() {
        o.insert("state".into(), Value::Array(neigh_states(n.state)));
    }
    if let Some(p) = n.protocol {
        o.insert("protocol".into(), s(names::protocol(p)));
    }
    o
}

/// A port range as `ip rule` prints it: one number, or a start and an end.
fn ports(o: &mut Obj, key: &str, range: Option<(u16, u16)>) {
    if let Some((a, b)) = range {
        if a == b {
            o.insert(key.into(), json!(a));
        } else {
            o.insert(format!("{key}_start"), json!(a));
            o.insert(format!("{key}_end"), json!(b));
        }
    }
}

/// A rule as `ip -j rule show` prints it.
pub(crate) fn rule(r: &Rule) -> Obj {
    let mut o = Obj::new();
    let host = if r.family == AddressFamily::INET6 {
        128
    } else {
        32
    };
    o.insert("priority".into(), json!(r.priority));
    if r.flags.contains(RuleFlags::INVERT) {
        o.insert("not".into(), Value::Null);
    }
    match r.src {
        Some((a, len)) => {
            o.insert("src".into(), s(a.to_string()));
            if len != host {
                o.insert("srclen".into(), json!(len));
            }
        }
        None => {
            o.insert("src".into(), s("all"));
        }
    }
    if let Some((a, len)) = r.dst {
        o.insert("dst".into(), s(a.to_string()));
        if len != host {
            o.insert("dstlen".into(), json!(len));
        }
    }
    if r.fwmark.is_some() || r.fwmask.is_some() {
        let mark = r.fwmark.unwrap_or(0);
        let mask = r.fwmask.unwrap_or(u32::MAX);
        if mark != 0 {
            o.insert("fwmark".into(), s(format!("{mark:#x}")));
        }
        if mask != u32::MAX {
            o.insert("fwmask".into(), s(format!("{mask:#x}")));
        }
    }
    if let Some(i) = &r.iifname {
        o.insert("iif".into(), s(i.clone()));
        if r.flags.contains(RuleFlags::IIF_DETACHED) {
            o.insert("iif_detached".into(), Value::Null);
        }
    }
    if let Some(i) = &r.oifname {
        o.insert("oif".into(), s(i.clone()));
        if r.flags.contains(RuleFlags::OIF_DETACHED) {
            o.insert("oif_detached".into(), Value::Null);
        }
    }
    if let Some((a, b)) = r.uid_range {
        o.insert("uid_start".into(), json!(a));
        o.insert("uid_end".into(), json!(b));
    }
    if let Some(p) = r.ip_proto {
        o.insert("ipproto".into(), s(names::ip_proto(p)));
    }
    ports(&mut o, "sport", r.sport_range);
    ports(&mut o, "dport", r.dport_range);
    if let Some(t) = r.tun_id {
        o.insert("tun_id".into(), json!(t));
    }
    if r.table != Table::UNSPEC {
        o.insert("table".into(), s(names::table(r.table.0)));
        if let Some(p) = r.suppress_prefixlen.filter(|p| *p != u32::MAX) {
            o.insert("suppress_prefixlen".into(), json!(p));
        }
        if let Some(g) = r.suppress_ifgroup.filter(|g| *g != u32::MAX) {
            o.insert("suppress_ifgroup".into(), s(names::group(g)));
        }
    }
    match r.action {
        RuleAction::TO_TBL => {}
        RuleAction::GOTO => {
            match r.goto {
                Some(g) => o.insert("goto".into(), json!(g)),
                None => o.insert("goto".into(), s("none")),
            };
            if r.flags.contains(RuleFlags::UNRESOLVED) {
                o.insert("unresolved".into(), Value::Null);
            }
        }
        RuleAction::NOP => {
            o.insert("action".into(), s("nop"));
        }
        a => {
            o.insert("action".into(), s(names::route_type(RouteType(a.0))));
        }
    }
    if r.protocol != Protocol::UNSPEC && r.protocol != Protocol::KERNEL {
        o.insert("protocol".into(), s(names::protocol(r.protocol)));
    }
    o
}

fn get<'a>(o: &'a Obj, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

fn num(o: &Obj, k: &str) -> Option<u64> {
    o.get(k).and_then(Value::as_u64)
}

/// The two header lines of a link, as `ip link show` prints them.
pub(crate) fn link_text(o: &Obj) -> String {
    let mut t = String::new();
    let _ = write!(
        t,
        "{}: {}",
        num(o, "ifindex").unwrap_or(0),
        get(o, "ifname").unwrap_or("")
    );
    if let Some(l) = get(o, "link") {
        let _ = write!(t, "@{l}");
    } else if let Some(i) = num(o, "link_index") {
        let _ = write!(t, "@if{i}");
    }
    let flags: Vec<&str> = o
        .get("flags")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let _ = write!(t, ": <{}>", flags.join(","));
    if let Some(m) = num(o, "mtu") {
        let _ = write!(t, " mtu {m}");
    }
    for (key, word) in [
        ("qdisc", "qdisc"),
        ("master", "master"),
        ("operstate", "state"),
        ("linkmode", "mode"),
        ("group", "group"),
    ] {
        if let Some(v) = get(o, key) {
            let _ = write!(t, " {word} {v}");
        }
    }
    if let Some(q) = num(o, "txqlen") {
        let _ = write!(t, " qlen {q}");
    }
    let _ = write!(t, "\n    link/{}", get(o, "link_type").unwrap_or("none"));
    if let Some(a) = get(o, "address") {
        let _ = write!(t, " {a}");
    }
    if let Some(b) = get(o, "broadcast") {
        let _ = write!(t, " brd {b}");
    } else if let Some(p) = get(o, "peer") {
        let _ = write!(t, " peer {p}");
    }
    if let Some(p) = get(o, "permaddr") {
        let _ = write!(t, " permaddr {p}");
    }
    if let Some(id) = o.get("link_netnsid").and_then(Value::as_i64) {
        let _ = write!(t, " link-netnsid {id}");
    }
    t
}

/// The lines of one address under its link, as `ip addr show` prints them.
pub(crate) fn addr_text(a: &Obj, dev: &str) -> String {
    let mut t = String::new();
    let _ = write!(
        t,
        "    {} {}",
        get(a, "family").unwrap_or("inet"),
        get(a, "local").unwrap_or("")
    );
    if let Some(p) = get(a, "address") {
        let _ = write!(t, " peer {p}");
    }
    let _ = write!(t, "/{}", num(a, "prefixlen").unwrap_or(0));
    if let Some(b) = get(a, "broadcast") {
        let _ = write!(t, " brd {b}");
    }
    if let Some(sc) = get(a, "scope") {
        let _ = write!(t, " scope {sc}");
    }
    for (k, v) in a {
        if v == &Value::Bool(true) {
            let _ = write!(t, " {k}");
        }
    }
    let label = get(a, "label").unwrap_or(dev);
    if a.get("family").and_then(Value::as_str) == Some("inet") {
        let _ = write!(t, " {label}");
    }
    let life = |k: &str| match num(a, k) {
        Some(v) if v == u64::from(u32::MAX) => "forever".to_owned(),
        Some(v) => format!("{v}sec"),
        None => "forever".to_owned(),
    };
    let _ = write!(
        t,
        "\n       valid_lft {} preferred_lft {}",
        life("valid_life_time"),
        life("preferred_life_time")
    );
    t
}

/// A route on one line (paths on their own lines), as `ip route show` prints it.
pub(crate) fn route_text(o: &Obj) -> String {
    let mut t = String::new();
    if let Some(ty) = get(o, "type") {
        let _ = write!(t, "{ty} ");
    }
    let _ = write!(t, "{}", get(o, "dst").unwrap_or("default"));
    if let Some(src) = get(o, "src") {
        let _ = write!(t, " from {src}");
    }
    if let Some(id) = num(o, "nhid") {
        let _ = write!(t, " nhid {id}");
    }
    if let Some(g) = get(o, "gateway") {
        let _ = write!(t, " via {g}");
    }
    if let Some(v) = o.get("via") {
        let _ = write!(
            t,
            " via {} {}",
            v["family"].as_str().unwrap_or(""),
            v["host"].as_str().unwrap_or("")
        );
    }
    for (key, word) in [
        ("dev", "dev"),
        ("table", "table"),
        ("protocol", "proto"),
        ("scope", "scope"),
        ("prefsrc", "src"),
    ] {
        if let Some(v) = get(o, key) {
            let _ = write!(t, " {word} {v}");
        }
    }
    if let Some(m) = num(o, "metric") {
        let _ = write!(t, " metric {m}");
    }
    if let Some(flags) = o.get("flags").and_then(Value::as_array) {
        for f in flags.iter().filter_map(Value::as_str) {
            let _ = write!(t, " {f}");
        }
    }
    if let Some(e) = num(o, "expires") {
        let _ = write!(t, " expires {e}sec");
    }
    if let Some(m) = o
        .get("metrics")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_object)
    {
        for (k, v) in m {
            match v {
                Value::String(sv) => {
                    let _ = write!(t, " {k} {sv}");
                }
                other => {
                    let _ = write!(t, " {k} {other}");
                }
            }
        }
    }
    if let Some(iif) = get(o, "iif") {
        let _ = write!(t, " iif {iif}");
    }
    if let Some(hops) = o.get("nexthops").and_then(Value::as_array) {
        for h in hops.iter().filter_map(Value::as_object) {
            t.push_str("\n\tnexthop");
            if let Some(g) = get(h, "gateway") {
                let _ = write!(t, " via {g}");
            }
            if let Some(v) = h.get("via") {
                let _ = write!(
                    t,
                    " via {} {}",
                    v["family"].as_str().unwrap_or(""),
                    v["host"].as_str().unwrap_or("")
                );
            }
            if let Some(d) = get(h, "dev") {
                let _ = write!(t, " dev {d}");
            }
            if let Some(w) = num(h, "weight") {
                let _ = write!(t, " weight {w}");
            }
            if let Some(flags) = h.get("flags").and_then(Value::as_array) {
                for f in flags.iter().filter_map(Value::as_str) {
                    let _ = write!(t, " {f}");
                }
            }
        }
    }
    if let Some(p) = get(o, "pref") {
        let _ = write!(t, " pref {p}");
    }
    t
}

/// A neighbour on one line, as `ip neigh show` prints it.
pub(crate) fn neigh_text(o: &Obj) -> String {
    let mut t = get(o, "dst").unwrap_or("").to_owned();
    if let Some(d) = get(o, "dev") {
        let _ = write!(t, " dev {d}");
    }
    if let Some(l) = get(o, "lladdr") {
        let _ = write!(t, " lladdr {l}");
    }
    for (k, v) in o {
        if v.is_null() {
            let _ = write!(t, " {k}");
        }
    }
    if let Some(st) = o.get("state").and_then(Value::as_array) {
        for s in st.iter().filter_map(Value::as_str) {
            let _ = write!(t, " {s}");
        }
    }
    if let Some(p) = get(o, "protocol") {
        let _ = write!(t, " proto {p}");
    }
    t
}

/// A rule on one line, as `ip rule show` prints it.
pub(crate) fn rule_text(o: &Obj) -> String {
    let mut t = format!("{}:\t", num(o, "priority").unwrap_or(0));
    if o.contains_key("not") {
        t.push_str("not ");
    }
    let _ = write!(t, "from {}", get(o, "src").unwrap_or("all"));
    if let Some(l) = num(o, "srclen") {
        let _ = write!(t, "/{l}");
    }
    if let Some(d) = get(o, "dst") {
        let _ = write!(t, " to {d}");
        if let Some(l) = num(o, "dstlen") {
            let _ = write!(t, "/{l}");
        }
    }
    if let Some(m) = get(o, "fwmark") {
        let _ = write!(t, " fwmark {m}");
        if let Some(mask) = get(o, "fwmask") {
            let _ = write!(t, "/{mask}");
        }
    }
    for (key, word) in [("iif", "iif"), ("oif", "oif"), ("ipproto", "ipproto")] {
        if let Some(v) = get(o, key) {
            let _ = write!(t, " {word} {v}");
        }
    }
    if let (Some(a), Some(b)) = (num(o, "uid_start"), num(o, "uid_end")) {
        let _ = write!(t, " uidrange {a}-{b}");
    }
    for p in ["sport", "dport"] {
        if let Some(v) = num(o, p) {
            let _ = write!(t, " {p} {v}");
        } else if let (Some(a), Some(b)) =
            (num(o, &format!("{p}_start")), num(o, &format!("{p}_end")))
        {
            let _ = write!(t, " {p} {a}-{b}");
        }
    }
    if let Some(tb) = get(o, "table") {
        let _ = write!(t, " lookup {tb}");
    }
    if let Some(g) = o.get("goto") {
        let _ = write!(t, " goto {g}");
    }
    if let Some(a) = get(o, "action") {
        let _ = write!(t, " {a}");
    }
    if let Some(p) = get(o, "protocol") {
        let _ = write!(t, " proto {p}");
    }
    t
}
