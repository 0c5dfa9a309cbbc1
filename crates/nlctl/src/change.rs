//! `link add|set|del`, `addr add|replace|del`, `route add|replace|append|del`,
//! `neigh add|replace|del`, `rule add|del` and `nexthop add|replace|del`, with `ip`'s words
//! in `ip`'s order.
//!
//! Every word is parsed and every address checked before the connection is opened, so that a
//! bad line sends nothing; device names are then resolved with one request each.

use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::linkinfo::{MacvlanMode, VlanProtocol};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::nexthop::GroupType;
use netlink::netlink_wire::rtnl::route::{RoutePref, RtnhFlags};
use netlink::netlink_wire::rtnl::rule::RuleAction;
use netlink::netlink_wire::rtnl::{AddressFamily, Scope};
use netlink::ops::link_kind::VxlanSettings;
use netlink::ops::route::{NextHop, Prefix, RouteMetrics, RouteRequest};
use netlink::{
    AddressRequest, Connection, GroupMember, LinkKind, LinkRequest, NeighRequest, NexthopRequest,
    ResilientGroup, RuleRequest,
};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::names;
use crate::words::{self, Words};

/// How a change is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// `add`: fail if it exists.
    Add,
    /// `replace`: create or change.
    Replace,
    /// `append` (routes).
    Append,
    /// `del`.
    Del,
}

/// A parsed change.
#[derive(Debug)]
pub(crate) enum Change {
    /// `link set DEV ...`.
    LinkSet {
        /// The device.
        dev: String,
        /// The changes, in the order they are applied.
        ops: Vec<LinkOp>,
    },
    /// `link add NAME ... type KIND ...`.
    LinkAdd(Box<LinkAdd>),
    /// `link del DEV`.
    LinkDel(String),
    /// `addr add|replace|del PREFIX dev DEV ...`; the request's index is filled in at run time.
    Addr(Verb, String, AddressRequest),
    /// `route add|replace|append|del ...`.
    Route(Verb, Box<RouteChange>),
    /// `neigh add|replace|del ADDR ... dev DEV`.
    Neigh(Verb, String, NeighRequest),
    /// `rule add|del ...`.
    Rule(Verb, Box<RuleRequest>),
    /// `nexthop add|replace ...`; the device's index is filled in at run time.
    Nexthop(Verb, Box<NexthopRequest>, Option<String>),
    /// `nexthop del id ID`.
    NexthopDel(u32),
}

/// One change of `link set`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkOp {
    /// `up`.
    Up,
    /// `down`.
    Down,
    /// `mtu N`.
    Mtu(u32),
    /// `name NEW`.
    Name(String),
    /// `address MAC`.
    Address(Vec<u8>),
    /// `master BR`.
    Master(String),
    /// `nomaster`.
    NoMaster,
}

/// `link add`.
#[derive(Debug, Default)]
pub(crate) struct LinkAdd {
    name: Option<String>,
    kind: Option<String>,
    lower: Option<String>,
    mtu: Option<u32>,
    address: Option<Vec<u8>>,
    master: Option<String>,
    txqlen: Option<u32>,
    up: bool,
    peer: Option<String>,
    id: Option<u32>,
    vlan_protocol: Option<VlanProtocol>,
    remote: Option<IpAddr>,
    local: Option<IpAddr>,
    port: Option<u16>,
    vxlan_dev: Option<String>,
    ttl: Option<u8>,
    nolearning: bool,
    macvlan_mode: Option<MacvlanMode>,
}

/// `route ...` with its device names still unresolved.
#[derive(Debug)]
pub(crate) struct RouteChange {
    req: RouteRequest,
    dev: Option<String>,
    /// The paths and their device names.
    hops: Vec<(NextHop, Option<String>)>,
}

/// Parses a change of object `object` with verb `verb`.
pub(crate) fn parse(
    object: &str,
    verb: &str,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<Change> {
    let v = match verb {
        "add" => Verb::Add,
        "replace" => Verb::Replace,
        "append" => Verb::Append,
        "del" => Verb::Del,
        "set" => Verb::Replace,
        _ => return Err(w.error("unknown command")),
    };
    match (object, verb) {
        ("link", "set") => parse_link_set(w),
        ("link", "add") => parse_link_add(w).map(|l| Change::LinkAdd(Box::new(l))),
        ("link", "del") => {
            let mut dev = None;
            while let Some(word) = w.next() {
                match word {
                    "dev" if dev.is_none() => dev = Some(w.value(word)?.to_owned()),
                    _ if dev.is_none() => dev = Some(word.to_owned()),
                    _ => return Err(w.unknown(word)),
                }
            }
            Ok(Change::LinkDel(
                dev.ok_or_else(|| w.missing("which device?"))?,
            ))
        }
        ("addr", "add" | "replace" | "del") => parse_addr(v, w, family),
        ("route", "add" | "replace" | "append" | "del") => {
            parse_route(w, family).map(|r| Change::Route(v, Box::new(r)))
        }
        ("neigh", "add" | "replace" | "del") => parse_neigh(v, w, family),
        ("rule", "add" | "del") => parse_rule(w, family).map(|r| Change::Rule(v, Box::new(r))),
        ("nexthop", "del") => {
            let mut id = None;
            while let Some(word) = w.next() {
                match word {
                    "id" if id.is_none() => {
                        id = Some(words::number(w.value(word)?, "nexthop id")?);
                    }
                    _ => return Err(w.unknown(word)),
                }
            }
            Ok(Change::NexthopDel(
                id.ok_or_else(|| w.missing("which nexthop? (id ID)"))?,
            ))
        }
        ("nexthop", "add" | "replace") => {
            parse_nexthop_object(w, family).map(|(req, dev)| Change::Nexthop(v, Box::new(req), dev))
        }
        _ => Err(CliError::usage(format!(
            "{object}: unknown command {verb:?}"
        ))),
    }
}

fn parse_link_set(w: &mut Words<'_>) -> Result<Change> {
    let mut dev = None;
    let mut ops = Vec::new();
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "up" => ops.push(LinkOp::Up),
            "down" => ops.push(LinkOp::Down),
            "mtu" => ops.push(LinkOp::Mtu(words::number(w.value(word)?, "mtu")?)),
            "name" => {
                let n = w.value(word)?;
                netlink::ops::link::validate_name(n).map_err(|e| w.error(e))?;
                ops.push(LinkOp::Name(n.to_owned()));
            }
            "address" => ops.push(LinkOp::Address(words::lladdr(w.value(word)?)?)),
            "master" => ops.push(LinkOp::Master(w.value(word)?.to_owned())),
            "nomaster" => ops.push(LinkOp::NoMaster),
            _ if dev.is_none() => dev = Some(word.to_owned()),
            _ => return Err(w.unknown(word)),
        }
    }
    let dev = dev.ok_or_else(|| w.missing("which device?"))?;
    if ops.is_empty() {
        return Err(w.missing("nothing to change"));
    }
    // `up` goes last, so that a rename or a new address is done while the link is down.
    ops.sort_by_key(|o| *o == LinkOp::Up);
    Ok(Change::LinkSet { dev, ops })
}

fn parse_link_add(w: &mut Words<'_>) -> Result<LinkAdd> {
    let mut l = LinkAdd::default();
    while let Some(word) = w.next() {
        match word {
            "name" => l.name = Some(w.value(word)?.to_owned()),
            "link" => l.lower = Some(w.value(word)?.to_owned()),
            "mtu" => l.mtu = Some(words::number(w.value(word)?, "mtu")?),
            "address" => l.address = Some(words::lladdr(w.value(word)?)?),
            "master" => l.master = Some(w.value(word)?.to_owned()),
            "txqlen" | "txqueuelen" | "qlen" => {
                l.txqlen = Some(words::number(w.value(word)?, "txqlen")?);
            }
            "up" => l.up = true,
            "type" => {
                l.kind = Some(w.value(word)?.to_owned());
                parse_kind_words(w, &mut l)?;
            }
            _ if l.name.is_none() && l.kind.is_none() => l.name = Some(word.to_owned()),
            _ => return Err(w.unknown(word)),
        }
    }
    let name = l.name.as_deref().ok_or_else(|| w.missing("which name?"))?;
    netlink::ops::link::validate_name(name).map_err(|e| w.error(e))?;
    let kind = l
        .kind
        .as_deref()
        .ok_or_else(|| w.missing("\"type\" is required"))?;
    match kind {
        "vlan" | "macvlan" | "macvtap" if l.lower.is_none() => {
            return Err(w.missing(&format!("a {kind} needs \"link DEV\"")));
        }
        "vlan" | "vxlan" if l.id.is_none() => {
            return Err(w.missing(&format!("a {kind} needs \"id N\"")));
        }
        _ => {}
    }
    Ok(l)
}

/// The words after `type KIND`.
fn parse_kind_words(w: &mut Words<'_>, l: &mut LinkAdd) -> Result<()> {
    let kind = l.kind.clone().unwrap_or_default();
    while let Some(word) = w.next() {
        match (kind.as_str(), word) {
            ("veth", "peer") => {
                let mut v = w.value(word)?;
                if v == "name" {
                    v = w.value("peer name")?;
                }
                netlink::ops::link::validate_name(v).map_err(|e| w.error(e))?;
                l.peer = Some(v.to_owned());
            }
            ("vlan" | "macvlan" | "macvtap", "link") => l.lower = Some(w.value(word)?.to_owned()),
            ("vlan", "id") => {
                let id = words::number(w.value(word)?, "vlan id")?;
                if id > 4094 {
                    return Err(w.error(format!("vlan id {id} is above 4094")));
                }
                l.id = Some(id);
            }
            ("vlan", "protocol") => {
                let v = w.value(word)?;
                l.vlan_protocol = Some(
                    VlanProtocol::from_short_name(&v.to_ascii_uppercase().replace("AD", "ad"))
                        .or(VlanProtocol::from_short_name(v))
                        .ok_or_else(|| w.error(format!("invalid vlan protocol {v:?}")))?,
                );
            }
            ("vxlan", "id" | "vni") => {
                let id = words::number(w.value(word)?, "vni")?;
                if id > 0xff_ffff {
                    return Err(w.error(format!("vni {id} does not fit 24 bits")));
                }
                l.id = Some(id);
            }
            ("vxlan", "remote" | "group") => l.remote = Some(words::addr(w.value(word)?)?),
            ("vxlan", "local") => l.local = Some(words::addr(w.value(word)?)?),
            ("vxlan", "dstport") => l.port = Some(words::small(w.value(word)?, "dstport")?),
            ("vxlan", "dev") => l.vxlan_dev = Some(w.value(word)?.to_owned()),
            ("vxlan", "ttl") => l.ttl = Some(words::small(w.value(word)?, "ttl")?),
            ("vxlan", "nolearning") => l.nolearning = true,
            ("vxlan", "learning") => l.nolearning = false,
            ("macvlan" | "macvtap", "mode") => {
                let v = w.value(word)?;
                l.macvlan_mode = Some(
                    MacvlanMode::from_short_name(v)
                        .ok_or_else(|| w.error(format!("invalid mode {v:?}")))?,
                );
            }
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(())
}

fn parse_addr(v: Verb, w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Change> {
    let mut local: Option<Prefix> = None;
    let mut dev = None;
    let mut peer = None;
    let mut broadcast: Option<&str> = None;
    let mut label = None;
    let mut valid = None;
    let mut preferred = None;
    let mut flags = AddrFlags::EMPTY;
    let mut scope = None;
    let mut metric = None;
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "local" => local = Some(words::prefix(w.value(word)?, family)?),
            "peer" => peer = Some(words::prefix(w.value(word)?, family)?),
            "broadcast" | "brd" => broadcast = Some(w.value(word)?),
            "label" => label = Some(w.value(word)?.to_owned()),
            "valid_lft" => valid = Some(words::lifetime(w.value(word)?, "valid_lft")?),
            "preferred_lft" => {
                preferred = Some(words::lifetime(w.value(word)?, "preferred_lft")?);
            }
            "noprefixroute" => flags |= AddrFlags::NOPREFIXROUTE,
            "nodad" => flags |= AddrFlags::NODAD,
            "home" => flags |= AddrFlags::HOMEADDRESS,
            "mngtmpaddr" => flags |= AddrFlags::MANAGETEMPADDR,
            "autojoin" => flags |= AddrFlags::MCAUTOJOIN,
            "scope" => scope = Some(words::scope(w.value(word)?)?),
            "metric" | "priority" => metric = Some(words::number(w.value(word)?, "metric")?),
            _ if local.is_none() => local = Some(words::prefix(word, family)?),
            _ => return Err(w.unknown(word)),
        }
    }
    let local = local.ok_or_else(|| w.missing("which address?"))?;
    let dev = dev.ok_or_else(|| w.missing("\"dev\" is required"))?;
    let mut req = AddressRequest::new(0, local.addr, local.len);
    if let Some(p) = peer {
        req.peer = Some(p.addr);
        if local.len == local.max_len() {
            req.prefix_len = p.len;
        }
    }
    if let Some(b) = broadcast {
        req.broadcast = Some(match (b, local.addr) {
            ("+" | "-", IpAddr::V4(a)) => {
                let host = u32::MAX.checked_shr(u32::from(local.len)).unwrap_or(0);
                let bits = if b == "+" {
                    u32::from(a) | host
                } else {
                    u32::from(a) & !host
                };
                IpAddr::from(bits.to_be_bytes())
            }
            _ => words::addr(b)?,
        });
    }
    req.label = label;
    if valid.is_some() || preferred.is_some() {
        req.lifetimes = Some((valid.unwrap_or(u32::MAX), preferred.unwrap_or(u32::MAX)));
    }
    req.flags = flags;
    if let Some(s) = scope {
        req.scope = s;
    } else if local.addr.is_loopback() {
        req.scope = Scope::HOST;
    }
    req.metric = metric;
    Ok(Change::Addr(v, dev, req))
}

/// The metrics `route add` takes, and where they go.
fn metric_word(word: &str) -> Option<fn(&mut RouteMetrics, u32)> {
    Some(match word {
        "mtu" => |m, v| m.mtu = Some(v),
        "advmss" => |m, v| m.advmss = Some(v),
        "window" => |m, v| m.window = Some(v),
        "hoplimit" => |m, v| m.hoplimit = Some(v),
        "initcwnd" => |m, v| m.initcwnd = Some(v),
        "initrwnd" => |m, v| m.initrwnd = Some(v),
        "reordering" => |m, v| m.reordering = Some(v),
        "ssthresh" => |m, v| m.ssthresh = Some(v),
        "cwnd" => |m, v| m.cwnd = Some(v),
        "quickack" => |m, v| m.quickack = Some(v),
        _ => return None,
    })
}

/// The words of one `nexthop`, up to the next `nexthop`.
/// A path's gateways, device, weight and `onlink`.
type RawHop<'a> = (Vec<&'a str>, Option<String>, u16, bool);

fn parse_nexthop<'a>(w: &mut Words<'a>) -> Result<RawHop<'a>> {
    let mut gw = Vec::new();
    let mut dev = None;
    let mut weight = 1u16;
    let mut onlink = false;
    while let Some(word) = w.peek() {
        match word {
            "via" => {
                w.next();
                let mut g = w.value(word)?;
                if matches!(g, "inet" | "inet6") {
                    g = w.value("via")?;
                }
                gw.push(g);
            }
            "dev" => {
                w.next();
                dev = Some(w.value(word)?.to_owned());
            }
            "weight" => {
                w.next();
                let v = w.value(word)?;
                weight = words::small(v, "weight")?;
                if !(1..=256).contains(&weight) {
                    return Err(w.error(format!("weight {v:?} is outside 1..256")));
                }
            }
            "onlink" => {
                w.next();
                onlink = true;
            }
            _ => break,
        }
    }
    Ok((gw, dev, weight, onlink))
}

fn parse_route(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RouteChange> {
    let mut dst: Option<&str> = None;
    let mut route_type = None;
    let mut gateway: Option<&str> = None;
    let mut dev = None;
    let mut metric = None;
    let mut table = None;
    let mut protocol = None;
    let mut scope = None;
    let mut prefsrc: Option<&str> = None;
    let mut src: Option<&str> = None;
    let mut metrics = RouteMetrics::default();
    let mut onlink = false;
    let mut nh_id = None;
    let mut pref = None;
    let mut expires = None;
    let mut tos = 0u8;
    let mut raw_hops = Vec::new();
    while let Some(word) = w.next() {
        match word {
            "to" => dst = Some(w.value(word)?),
            "via" => {
                let mut g = w.value(word)?;
                if matches!(g, "inet" | "inet6") {
                    g = w.value("via")?;
                }
                gateway = Some(g);
            }
            "dev" | "oif" => dev = Some(w.value(word)?.to_owned()),
            "metric" | "preference" | "priority" => {
                metric = Some(words::number(w.value(word)?, "metric")?);
            }
            "table" => table = Some(words::table(w.value(word)?)?),
            "proto" | "protocol" => protocol = Some(words::protocol(w.value(word)?)?),
            "scope" => scope = Some(words::scope(w.value(word)?)?),
            "src" => prefsrc = Some(w.value(word)?),
            "from" => src = Some(w.value(word)?),
            "onlink" => onlink = true,
            "nhid" => nh_id = Some(words::number(w.value(word)?, "nhid")?),
            "tos" | "dsfield" => tos = words::small(w.value(word)?, "tos")?,
            "pref" => {
                let p = w.value(word)?;
                pref = Some(
                    RoutePref::from_short_name(p)
                        .ok_or_else(|| w.error(format!("invalid pref {p:?}")))?,
                );
            }
            "expires" => expires = Some(words::number(w.value(word)?, "expires")?),
            "type" => {
                let t = w.value(word)?;
                route_type = Some(
                    words::route_type(t).ok_or_else(|| w.error(format!("invalid type {t:?}")))?,
                );
            }
            "nexthop" => raw_hops.push(parse_nexthop(w)?),
            m if metric_word(m).is_some() => {
                let mut val = w.value(word)?;
                if val == "lock" {
                    val = w.value(word)?;
                }
                let n = words::number(val, word)?;
                if let Some(set) = metric_word(m) {
                    set(&mut metrics, n);
                }
            }
            t if dst.is_none() && route_type.is_none() && words::route_type(t).is_some() => {
                route_type = words::route_type(t);
            }
            _ if dst.is_none() => dst = Some(word),
            _ => return Err(w.unknown(word)),
        }
    }
    let dst = dst.ok_or_else(|| w.missing("which destination?"))?;
    // The family: -4/-6, else the destination's, else a gateway's (for `default`).
    let family = family.or_else(|| {
        let mut addrs = gateway
            .into_iter()
            .chain(raw_hops.iter().flat_map(|h| h.0.iter().copied()))
            .chain(prefsrc);
        let first = addrs.find_map(|a| a.parse::<IpAddr>().ok());
        if matches!(dst, "default" | "all" | "any") {
            first.map(|a| {
                if a.is_ipv4() {
                    AddressFamily::INET
                } else {
                    AddressFamily::INET6
                }
            })
        } else {
            None
        }
    });
    let dst = words::prefix(dst, family)?;
    let mut req = RouteRequest::new(dst.addr, dst.len);
    let v4 = dst.addr.is_ipv4();
    if let Some(g) = gateway {
        let g = words::addr(g)?;
        if g.is_ipv4() == v4 {
            req.gateway = Some(g);
        } else {
            req.via = Some(g);
        }
    }
    if let Some(p) = prefsrc {
        req.prefsrc = Some(words::addr(p)?);
    }
    if let Some(s) = src {
        req.src = Some(words::prefix(s, Some(dst.family()))?);
    }
    let mut hops = Vec::new();
    for (gws, hdev, weight, hop_onlink) in raw_hops {
        let mut h = NextHop::dev(0).with_weight(weight);
        h.oif = None;
        for g in gws {
            let g = words::addr(g)?;
            if g.is_ipv4() == v4 {
                h.gateway = Some(g);
            } else {
                h.via = Some(g);
            }
        }
        if hop_onlink {
            h.flags = RtnhFlags::ONLINK;
        }
        hops.push((h, hdev));
    }
    req.metrics = metrics;
    req.table = table;
    req.protocol = protocol;
    req.scope = scope;
    req.route_type = route_type;
    req.metric = metric;
    req.onlink = onlink;
    req.nh_id = nh_id;
    req.pref = pref;
    req.expires = expires;
    req.tos = tos;
    Ok(RouteChange { req, dev, hops })
}

fn parse_neigh(v: Verb, w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Change> {
    let mut dst = None;
    let mut dev = None;
    let mut lladdr = None;
    let mut state = None;
    let mut router = false;
    let mut proxy = false;
    let mut protocol = None;
    while let Some(word) = w.next() {
        match word {
            "to" => dst = Some(words::addr_of(w.value(word)?, family)?),
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "lladdr" => lladdr = Some(words::lladdr(w.value(word)?)?),
            "nud" => state = Some(words::nud(w.value(word)?)?.unwrap_or(NeighState::NONE)),
            "router" => router = true,
            "proxy" => {
                proxy = true;
                dst = Some(words::addr_of(w.value(word)?, family)?);
            }
            "proto" | "protocol" => protocol = Some(words::protocol(w.value(word)?)?),
            _ if dst.is_none() => dst = Some(words::addr_of(word, family)?),
            _ => return Err(w.unknown(word)),
        }
    }
    let dst = dst.ok_or_else(|| w.missing("which address?"))?;
    let dev = dev.ok_or_else(|| w.missing("\"dev\" is required"))?;
    let mut req = if proxy {
        NeighRequest::proxy(0, dst)
    } else {
        NeighRequest::new(0, dst)
    };
    if v == Verb::Del {
        if lladdr.is_some() {
            return Err(w.error("a delete takes no \"lladdr\""));
        }
    } else {
        req.lladdr = lladdr;
    }
    if let Some(st) = state {
        req.state = st;
    } else if proxy || v == Verb::Del {
        req.state = NeighState::NONE;
    }
    if router {
        req.flags |= NeighFlags::ROUTER;
    }
    req.protocol = protocol;
    Ok(Change::Neigh(v, dev, req))
}

/// `A` or `A-B`; the library checks that the range is not empty.
fn range<T: TryFrom<u32> + Copy>(s: &str, what: &str) -> Result<(T, T)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    Ok((words::small(a, what)?, words::small(b, what)?))
}

fn rule_prefix(s: &str, family: &mut Option<AddressFamily>) -> Result<Option<(IpAddr, u8)>> {
    if matches!(s, "all" | "any" | "default") {
        return Ok(None);
    }
    let p = words::prefix(s, *family)?;
    *family = Some(p.family());
    Ok(Some((p.addr, p.len)))
}

/// `group ID[,WEIGHT][/ID[,WEIGHT]]...`.
fn group_members(s: &str) -> Result<Vec<GroupMember>> {
    s.split('/')
        .map(|m| {
            let (id, weight) = m.split_once(',').unwrap_or((m, "1"));
            Ok(GroupMember::new(
                words::number(id, "group member id")?,
                words::number(weight, "group member weight")?,
            ))
        })
        .collect()
}

/// Seconds as `ip` takes them for the resilient group timers, in the kernel's clock ticks.
fn ticks(s: &str, what: &str) -> Result<u32> {
    words::number(s, what)?
        .checked_mul(100)
        .ok_or_else(|| CliError::usage(format!("{what} {s} is too large")))
}

/// `nexthop add|replace` in ip's words: `id ID`, `via ADDR`, `dev DEV`, `onlink`, `blackhole`,
/// `fdb`, `group SPEC`, `type mpath|resilient`, `buckets N`, `idle_timer S`,
/// `unbalanced_timer S`, `proto P`.
fn parse_nexthop_object(
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<(NexthopRequest, Option<String>)> {
    let mut req = NexthopRequest {
        family,
        ..NexthopRequest::default()
    };
    let mut dev = None;
    let mut resilient = ResilientGroup::default();
    let mut res_args = false;
    while let Some(word) = w.next() {
        match word {
            "id" => req.id = words::number(w.value(word)?, "nexthop id")?,
            "via" => req.gateway = Some(words::addr_of(w.value(word)?, family)?),
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "onlink" => req.onlink = true,
            "blackhole" => req.blackhole = true,
            "fdb" => req.fdb = true,
            "group" => req.group = group_members(w.value(word)?)?,
            "type" => {
                req.group_type = Some(match w.value(word)? {
                    "mpath" => GroupType::MPATH,
                    "resilient" => GroupType::RES,
                    t => return Err(w.error(format!("invalid group type {t:?}"))),
                });
            }
            "buckets" => {
                resilient.buckets = Some(words::small(w.value(word)?, "buckets")?);
                res_args = true;
            }
            "idle_timer" => {
                resilient.idle_timer = Some(ticks(w.value(word)?, "idle_timer")?);
                res_args = true;
            }
            "unbalanced_timer" => {
                resilient.unbalanced_timer = Some(ticks(w.value(word)?, "unbalanced_timer")?);
                res_args = true;
            }
            "proto" | "protocol" => req.protocol = Some(words::protocol(w.value(word)?)?),
            _ => return Err(w.unknown(word)),
        }
    }
    if res_args {
        req.resilient = Some(resilient);
    }
    // The library checks the combination (exit 2, nothing sent) once the device is resolved.
    Ok((req, dev))
}

fn parse_rule(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RuleRequest> {
    let mut fam = family;
    let mut req = RuleRequest::new(AddressFamily::INET);
    while let Some(word) = w.next() {
        match word {
            "not" => req.invert = true,
            "from" => req.src = rule_prefix(w.value(word)?, &mut fam)?,
            "to" => req.dst = rule_prefix(w.value(word)?, &mut fam)?,
            "iif" | "dev" => req.iifname = Some(w.value(word)?.to_owned()),
            "oif" => req.oifname = Some(w.value(word)?.to_owned()),
            "fwmark" => {
                let m = w.value(word)?;
                let (mark, mask) = match m.split_once('/') {
                    Some((a, b)) => (a, Some(b)),
                    None => (m, None),
                };
                req.fwmark = Some(words::number(mark, "fwmark")?);
                req.fwmask = mask.map(|k| words::number(k, "fwmask")).transpose()?;
            }
            "ipproto" => {
                let p = w.value(word)?;
                req.ip_proto = Some(
                    names::ip_proto_number(p)
                        .ok_or_else(|| w.error(format!("invalid ipproto {p:?}")))?,
                );
            }
            "sport" => req.sport_range = Some(range(w.value(word)?, "sport")?),
            "dport" => req.dport_range = Some(range(w.value(word)?, "dport")?),
            "uidrange" => req.uid_range = Some(range(w.value(word)?, "uidrange")?),
            "priority" | "pref" | "prio" | "preference" | "order" => {
                req.priority = Some(words::number(w.value(word)?, "priority")?);
            }
            "table" | "lookup" => req.table = Some(words::table(w.value(word)?)?),
            "protocol" | "proto" => req.protocol = Some(words::protocol(w.value(word)?)?),
            "tos" | "dsfield" => req.tos = words::small(w.value(word)?, "tos")?,
            "goto" => req.goto = Some(words::number(w.value(word)?, "goto")?),
            "suppress_prefixlength" => {
                req.suppress_prefixlen = Some(words::number(w.value(word)?, "prefix length")?);
            }
            "blackhole" => req.action = Some(RuleAction::BLACKHOLE),
            "unreachable" => req.action = Some(RuleAction::UNREACHABLE),
            "prohibit" => req.action = Some(RuleAction::PROHIBIT),
            "nop" => req.action = Some(RuleAction::NOP),
            "type" => {
                let t = w.value(word)?;
                req.action = Some(match t {
                    "blackhole" => RuleAction::BLACKHOLE,
                    "unreachable" => RuleAction::UNREACHABLE,
                    "prohibit" => RuleAction::PROHIBIT,
                    "nop" => RuleAction::NOP,
                    "unicast" => RuleAction::TO_TBL,
                    _ => return Err(w.error(format!("invalid rule type {t:?}"))),
                });
            }
            _ => return Err(w.unknown(word)),
        }
    }
    req.family = fam.unwrap_or(AddressFamily::INET);
    Ok(req)
}

/// Resolves a device name with one request.
fn index(conn: &Connection, name: &str) -> Result<u32> {
    match conn.link_by_name(name) {
        Ok(Some(l)) => Ok(l.index),
        Ok(None) => Err(CliError::runtime(format!("cannot find device {name:?}"))),
        Err(netlink::Error::InvalidArgument(_)) => {
            Err(CliError::usage(format!("invalid device name {name:?}")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Runs a change.
pub(crate) fn run(ctx: &Ctx, c: &Change) -> Result<()> {
    let conn = &ctx.conn;
    match c {
        Change::LinkSet { dev, ops } => {
            let i = index(conn, dev)?;
            // Resolve every name before the first change.
            let mut resolved = Vec::with_capacity(ops.len());
            for op in ops {
                let master = match op {
                    LinkOp::Master(m) => Some(index(conn, m)?),
                    _ => None,
                };
                resolved.push((op, master));
            }
            for (op, master) in resolved {
                match op {
                    LinkOp::Up => conn.set_link_up(i)?,
                    LinkOp::Down => conn.set_link_down(i)?,
                    LinkOp::Mtu(m) => conn.set_link_mtu(i, *m)?,
                    LinkOp::Name(n) => conn.set_link_name(i, n)?,
                    LinkOp::Address(a) => conn.set_link_address(i, a)?,
                    LinkOp::Master(_) => conn.set_link_master(i, master.unwrap_or(0))?,
                    LinkOp::NoMaster => conn.set_link_nomaster(i)?,
                }
            }
            Ok(())
        }
        Change::LinkAdd(l) => link_add(conn, l),
        Change::LinkDel(dev) => {
            let i = index(conn, dev)?;
            Ok(conn.delete_link(i)?)
        }
        Change::Addr(v, dev, req) => {
            let mut req = req.clone();
            req.index = index(conn, dev)?;
            match v {
                Verb::Add => conn.add_address(&req)?,
                Verb::Replace | Verb::Append => conn.replace_address(&req)?,
                Verb::Del => conn.delete_address(&req)?,
            }
            Ok(())
        }
        Change::Route(v, r) => {
            let mut req = r.req.clone();
            if let Some(d) = &r.dev {
                req.oif = Some(index(conn, d)?);
            }
            if !r.hops.is_empty() {
                let mut hops = Vec::with_capacity(r.hops.len());
                for (h, d) in &r.hops {
                    let mut h = h.clone();
                    if let Some(d) = d {
                        h.oif = Some(index(conn, d)?);
                    }
                    hops.push(h);
                }
                req.multipath = Some(hops);
            }
            match v {
                Verb::Add => conn.add_route(&req)?,
                Verb::Replace => conn.replace_route(&req)?,
                Verb::Append => conn.append_route(&req)?,
                Verb::Del => conn.delete_route(&req)?,
            }
            Ok(())
        }
        Change::Neigh(v, dev, req) => {
            let mut req = req.clone();
            req.ifindex = index(conn, dev)?;
            match v {
                Verb::Add => conn.add_neighbour(&req)?,
                Verb::Replace | Verb::Append => conn.replace_neighbour(&req)?,
                Verb::Del => conn.delete_neighbour(&req)?,
            }
            Ok(())
        }
        Change::Rule(v, req) => {
            match v {
                Verb::Del => conn.delete_rule(req)?,
                _ => conn.add_rule(req)?,
            }
            Ok(())
        }
        Change::Nexthop(v, req, dev) => {
            let mut req = (**req).clone();
            req.oif = dev.as_deref().map(|d| index(conn, d)).transpose()?;
            match v {
                Verb::Replace => conn.replace_nexthop(&req)?,
                _ => conn.add_nexthop(&req)?,
            }
            Ok(())
        }
        Change::NexthopDel(id) => Ok(conn.delete_nexthop(*id)?),
    }
}

fn link_add(conn: &Connection, l: &LinkAdd) -> Result<()> {
    let name = l.name.as_deref().unwrap_or_default();
    let lower = l.lower.as_deref().map(|d| index(conn, d)).transpose()?;
    let kind = match l.kind.as_deref().unwrap_or_default() {
        "veth" => match &l.peer {
            Some(p) => LinkKind::veth(p),
            None => LinkKind::Other("veth".into()),
        },
        "bridge" => LinkKind::Bridge,
        "dummy" => LinkKind::Dummy,
        "ifb" => LinkKind::Ifb,
        "vlan" => LinkKind::Vlan {
            parent: lower.unwrap_or(0),
            id: u16::try_from(l.id.unwrap_or(0)).unwrap_or(u16::MAX),
            protocol: l.vlan_protocol,
        },
        "vxlan" => {
            let mut v = VxlanSettings::new(l.id.unwrap_or(0));
            v.remote = l.remote;
            v.local = l.local;
            v.port = l.port;
            v.dev = l.vxlan_dev.as_deref().map(|d| index(conn, d)).transpose()?;
            v.ttl = l.ttl;
            v.learning = !l.nolearning;
            LinkKind::Vxlan(v)
        }
        "macvlan" => LinkKind::Macvlan {
            parent: lower.unwrap_or(0),
            mode: l.macvlan_mode,
        },
        "macvtap" => LinkKind::Macvtap {
            parent: lower.unwrap_or(0),
            mode: l.macvlan_mode,
        },
        other => LinkKind::Other(other.to_owned()),
    };
    let mut req = LinkRequest::new(name, kind);
    req.mtu = l.mtu;
    req.address.clone_from(&l.address);
    req.master = l.master.as_deref().map(|m| index(conn, m)).transpose()?;
    req.txqlen = l.txqlen;
    req.up = l.up;
    if req.kind.parent().is_none() {
        req.link = lower;
    }
    Ok(conn.add_link_with(&req)?)
}
