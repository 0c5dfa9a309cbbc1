//! `OBJECT show [filters]`: every object streamed from its dump straight to standard output.
//!
//! Filters go to the kernel where a strict dump request can carry them and are applied here
//! again; interface names come from one link dump made up front.

use std::collections::HashMap;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::{AddressFamily, Protocol, RouteType, Table};
use netlink::ops::route::{Prefix, Route, RouteFilter};
use netlink::{
    AddrFilter, Address, Link, LinkFilter, NeighFilter, Neighbour, Nexthop, NexthopFilter, Rule,
    RuleFilter,
};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::format::{
    LinkAddrs, LinkFields, LinkKeys, NeighFields, NexthopFields, RouteFields, RouteOmit, RuleFields,
};
use crate::names::LinkNames;
use crate::out::Out;
use crate::words::{self, Words};

/// A parsed `show` command.
#[derive(Debug)]
pub(crate) enum Show {
    /// `link show`.
    Link(LinkShow),
    /// `addr show`.
    Addr(AddrShow),
    /// `route show`.
    Route(RouteShow),
    /// `neigh show`.
    Neigh(NeighShow),
    /// `rule show`.
    Rule(RuleShow),
    /// `nexthop show`.
    Nexthop(NexthopShow),
}

/// `link show [dev NAME] [up] [type KIND] [master NAME]`.
#[derive(Debug, Default)]
pub(crate) struct LinkShow {
    dev: Option<String>,
    up: bool,
    kind: Option<String>,
    master: Option<String>,
}

/// `addr show [dev NAME] [up]`.
#[derive(Debug, Default)]
pub(crate) struct AddrShow {
    dev: Option<String>,
    up: bool,
}

/// `route show [table ID|all] [proto P] [dev NAME] [type T] [PREFIX]`.
#[derive(Debug, Default)]
pub(crate) struct RouteShow {
    /// `None`: `main`; `Some(None)`: `all`.
    table: Option<Option<Table>>,
    protocol: Option<Protocol>,
    dev: Option<String>,
    route_type: Option<RouteType>,
    prefix: Option<String>,
}

/// `neigh show [dev NAME] [proxy] [nud STATE]... [to ADDR]`.
#[derive(Debug, Default)]
pub(crate) struct NeighShow {
    dev: Option<String>,
    proxy: bool,
    /// The `nud` states; bit 0x100 is `none` (no state), as in `ip`.
    nud: Option<u32>,
    to: Option<String>,
}

/// `rule show [table ID] [priority N]`.
#[derive(Debug, Default)]
pub(crate) struct RuleShow {
    table: Option<Table>,
    priority: Option<u32>,
}

/// `nexthop show [id ID] [dev NAME] [groups] [fdb] [master NAME] [proto P]`.
#[derive(Debug, Default)]
pub(crate) struct NexthopShow {
    id: Option<u32>,
    dev: Option<String>,
    groups: bool,
    fdb: bool,
    master: Option<String>,
    protocol: Option<Protocol>,
}

macro_rules! from_show {
    ($($t:ident => $v:ident),*) => {
        $(impl From<$t> for Show {
            fn from(s: $t) -> Show {
                Show::$v(s)
            }
        })*
    };
}
from_show!(
    LinkShow => Link,
    AddrShow => Addr,
    RouteShow => Route,
    NeighShow => Neigh,
    RuleShow => Rule,
    NexthopShow => Nexthop
);

fn dev_word(w: &mut Words<'_>, dev: &mut Option<String>, word: &str) -> Result<()> {
    if dev.is_some() {
        return Err(w.unknown(word));
    }
    *dev = Some(word.to_owned());
    Ok(())
}

/// Parses `link show`'s words.
pub(crate) fn parse_link(w: &mut Words<'_>) -> Result<LinkShow> {
    let mut s = LinkShow::default();
    while let Some(word) = w.next() {
        match word {
            "dev" => s.dev = Some(w.value(word)?.to_owned()),
            "up" => s.up = true,
            "type" => s.kind = Some(w.value(word)?.to_owned()),
            "master" => s.master = Some(w.value(word)?.to_owned()),
            _ => dev_word(w, &mut s.dev, word)?,
        }
    }
    Ok(s)
}

/// Parses `addr show`'s words.
pub(crate) fn parse_addr(w: &mut Words<'_>) -> Result<AddrShow> {
    let mut s = AddrShow::default();
    while let Some(word) = w.next() {
        match word {
            "dev" => s.dev = Some(w.value(word)?.to_owned()),
            "up" => s.up = true,
            _ => dev_word(w, &mut s.dev, word)?,
        }
    }
    Ok(s)
}

/// Parses `route show`'s words.
pub(crate) fn parse_route(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RouteShow> {
    let mut s = RouteShow::default();
    while let Some(word) = w.next() {
        match word {
            "table" => {
                let v = w.value(word)?;
                s.table = Some(if v == "all" {
                    None
                } else {
                    Some(words::table(v)?)
                });
            }
            "proto" | "protocol" => s.protocol = Some(words::protocol(w.value(word)?)?),
            "dev" | "oif" => s.dev = Some(w.value(word)?.to_owned()),
            "type" => {
                let v = w.value(word)?;
                s.route_type = Some(
                    words::route_type(v).ok_or_else(|| w.error(format!("invalid type {v:?}")))?,
                );
            }
            "to" | "exact" => s.prefix = Some(w.value(word)?.to_owned()),
            _ => {
                if s.prefix.is_some() {
                    return Err(w.unknown(word));
                }
                s.prefix = Some(word.to_owned());
            }
        }
    }
    if let Some(p) = &s.prefix {
        words::prefix(p, family)?;
    }
    Ok(s)
}

/// Parses `neigh show`'s words.
pub(crate) fn parse_neigh(w: &mut Words<'_>) -> Result<NeighShow> {
    let mut s = NeighShow::default();
    while let Some(word) = w.next() {
        match word {
            "dev" => s.dev = Some(w.value(word)?.to_owned()),
            "proxy" => s.proxy = true,
            "nud" => {
                let bits = match words::nud(w.value(word)?)? {
                    Some(st) => u32::from(st.bits()),
                    None => 0x100,
                };
                s.nud = Some(s.nud.unwrap_or(0) | bits);
            }
            "to" => s.to = Some(w.value(word)?.to_owned()),
            _ => {
                if s.to.is_some() {
                    return Err(w.unknown(word));
                }
                s.to = Some(word.to_owned());
            }
        }
    }
    if let Some(t) = &s.to {
        words::prefix(t, None)?;
    }
    Ok(s)
}

/// Parses `rule show`'s words.
pub(crate) fn parse_rule(w: &mut Words<'_>) -> Result<RuleShow> {
    let mut s = RuleShow::default();
    while let Some(word) = w.next() {
        match word {
            "table" | "lookup" => s.table = Some(words::table(w.value(word)?)?),
            "priority" | "pref" | "prio" | "preference" => {
                s.priority = Some(words::number(w.value(word)?, "priority")?);
            }
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(s)
}

/// Parses `nexthop show`'s words.
pub(crate) fn parse_nexthop(w: &mut Words<'_>) -> Result<NexthopShow> {
    let mut s = NexthopShow::default();
    while let Some(word) = w.next() {
        match word {
            "id" => s.id = Some(words::number(w.value(word)?, "nexthop id")?),
            "dev" => s.dev = Some(w.value(word)?.to_owned()),
            "groups" => s.groups = true,
            "fdb" => s.fdb = true,
            "master" => s.master = Some(w.value(word)?.to_owned()),
            "proto" | "protocol" => s.protocol = Some(words::protocol(w.value(word)?)?),
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(s)
}

/// Runs a `show` command.
pub(crate) fn run(ctx: &Ctx, s: &Show) -> Result<()> {
    match s {
        Show::Link(s) => link(ctx, s),
        Show::Addr(s) => addr(ctx, s),
        Show::Route(s) => route(ctx, s),
        Show::Neigh(s) => neigh(ctx, s),
        Show::Rule(s) => rule(ctx, s),
        Show::Nexthop(s) => nexthop(ctx, s),
    }
}

/// The index of device `name` in `names`.
pub(crate) fn device(names: &LinkNames, name: &str) -> Result<u32> {
    names
        .index(name)
        .ok_or_else(|| CliError::runtime(format!("device {name:?} does not exist")))
}

/// Runs `f`, which streams through the library's callback, keeping an output error apart
/// from the library's.
fn streamed(
    f: impl FnOnce(&mut dyn FnMut(Result<()>) -> netlink::Result<()>) -> netlink::Result<()>,
) -> Result<()> {
    let mut failure = None;
    let r = f(&mut |step: Result<()>| match step {
        Ok(()) => Ok(()),
        Err(e) => {
            failure = Some(e);
            // Stops the dump; the real error is `failure`.
            Err(netlink::Error::Closed)
        }
    });
    match (failure, r) {
        (Some(e), _) => Err(e),
        (None, Err(netlink::Error::DumpInterrupted)) => {
            // As ip: every entry was printed; say that the table changed meanwhile.
            eprintln!("nlctl: warning: the dump was interrupted and may be inconsistent");
            Ok(())
        }
        (None, r) => r.map_err(CliError::from),
    }
}

fn link(ctx: &Ctx, s: &LinkShow) -> Result<()> {
    let names = LinkNames::load(&ctx.conn)?;
    let dev = s.dev.as_deref().map(|d| device(&names, d)).transpose()?;
    let filter = LinkFilter {
        master: s.master.as_deref().map(|m| device(&names, m)).transpose()?,
        kind: s.kind.clone(),
        flags: if s.up { IfFlags::UP } else { IfFlags::EMPTY },
    };
    let mut out = Out::new(ctx.json)?;
    streamed(|emit| {
        ctx.conn.for_each_link(&filter, |m| {
            if dev.is_some_and(|d| d != m.index()) {
                return Ok(());
            }
            let l = Link::from_msg(&m)?;
            emit(out.item(&LinkFields {
                l: &l,
                names: &names,
                keys: LinkKeys::ALL,
            }))
        })
    })?;
    out.finish()
}

/// Every address of `filter`, grouped by interface in dump order.
fn addresses_by_link(ctx: &Ctx, filter: AddrFilter) -> Result<HashMap<u32, Vec<Address>>> {
    let mut by_link: HashMap<u32, Vec<Address>> = HashMap::new();
    ctx.conn.for_each_address(filter, |a| {
        let a = Address::from_msg(&a)?;
        by_link.entry(a.index).or_default().push(a);
        Ok(())
    })?;
    Ok(by_link)
}

fn addr(ctx: &Ctx, s: &AddrShow) -> Result<()> {
    let names = LinkNames::load(&ctx.conn)?;
    let dev = s.dev.as_deref().map(|d| device(&names, d)).transpose()?;
    let mut by_link = addresses_by_link(ctx, {
        let mut f = AddrFilter::default();
        f.family = ctx.family;
        f.index = dev;
        f
    })?;
    let filter = LinkFilter {
        flags: if s.up { IfFlags::UP } else { IfFlags::EMPTY },
        ..LinkFilter::default()
    };
    let mut out = Out::new(ctx.json)?;
    streamed(|emit| {
        ctx.conn.for_each_link(&filter, |m| {
            if dev.is_some_and(|d| d != m.index()) {
                return Ok(());
            }
            let addrs = by_link.remove(&m.index()).unwrap_or_default();
            // With -4 or -6, `ip` leaves out links without an address of that family.
            if ctx.family.is_some() && addrs.is_empty() {
                return Ok(());
            }
            let l = Link::from_msg(&m)?;
            // With a family, `ip` prints no link-layer details, and for IPv6 it dumps the links
            // through AF_INET6, whose answer carries fewer attributes (not so for one device,
            // which it asks for by name).
            let keys = LinkKeys {
                linkmode: false,
                link_layer: ctx.family.is_none(),
                details: !(ctx.family == Some(AddressFamily::INET6) && dev.is_none()),
            };
            emit(out.item(&LinkAddrs {
                link: LinkFields {
                    l: &l,
                    names: &names,
                    keys,
                },
                addrs: &addrs,
            }))
        })
    })?;
    out.finish()
}

/// Whether `dst` (None: default) is exactly `p`, as `ip route show PREFIX` selects.
fn exact(dst: Option<&Prefix>, p: &Prefix) -> bool {
    let (addr, len) = match dst {
        Some(d) => (d.addr, d.len),
        None => (p.addr, 0),
    };
    len == p.len && addr.is_ipv4() == p.addr.is_ipv4() && masked(addr, len) == masked(p.addr, len)
}

fn masked(a: IpAddr, len: u8) -> u128 {
    match a {
        IpAddr::V4(v) => u128::from(
            u32::from(v)
                & u32::MAX
                    .checked_shl(32 - u32::from(len.min(32)))
                    .unwrap_or(0),
        ),
        IpAddr::V6(v) => {
            u128::from(v)
                & u128::MAX
                    .checked_shl(128 - u32::from(len.min(128)))
                    .unwrap_or(0)
        }
    }
}

/// The route filter and the keys `ip` would leave out for `s`.
pub(crate) fn route_filter(
    s: &RouteShow,
    family: Option<AddressFamily>,
    names: &LinkNames,
) -> Result<(RouteFilter, RouteOmit, Option<Prefix>)> {
    let table = match s.table {
        None => Some(Table::MAIN),
        Some(t) => t,
    };
    let prefix = s
        .prefix
        .as_deref()
        .map(|p| words::prefix(p, family))
        .transpose()?;
    // Like ip: a single table without -4/-6 means IPv4; `table all` means every family.
    let family = family
        .or(prefix.map(|p| p.family()))
        .or(table.map(|_| AddressFamily::INET));
    let mut filter = RouteFilter::default();
    filter.family = family;
    filter.table = table;
    filter.protocol = s.protocol;
    filter.route_type = s.route_type;
    filter.oif = s.dev.as_deref().map(|d| device(names, d)).transpose()?;
    let omit = RouteOmit {
        dev: s.dev.is_some(),
        table: table.is_some(),
        protocol: s.protocol.is_some(),
    };
    Ok((filter, omit, prefix))
}

fn route(ctx: &Ctx, s: &RouteShow) -> Result<()> {
    let names = LinkNames::load(&ctx.conn)?;
    let (filter, omit, prefix) = route_filter(s, ctx.family, &names)?;
    let mut out = Out::new(ctx.json)?;
    streamed(|emit| {
        ctx.conn.for_each_route(filter, |m| {
            let r = Route::from_msg(&m)?;
            // Like ip, `dev` selects routes by RTA_OIF only, not multipath routes through it.
            if filter.oif.is_some() && r.oif != filter.oif {
                return Ok(());
            }
            if prefix.is_some_and(|p| !exact(r.dst.as_ref(), &p)) {
                return Ok(());
            }
            emit(out.item(&RouteFields {
                r: &r,
                names: &names,
                omit,
            }))
        })
    })?;
    out.finish()
}

/// Whether `ip neigh show` would print an entry with `state` and `flags` for the `nud` mask
/// (default: every state but `NOARP`; bit 0x100 for entries without a state).
pub(crate) fn neigh_shown(nud: Option<u32>, state: NeighState, flags: NeighFlags) -> bool {
    let mask = nud.unwrap_or(0xff & !u32::from(NeighState::NOARP.bits()));
    let state = u32::from(state.bits());
    mask & state != 0
        || flags.contains(NeighFlags::PROXY)
        || flags.contains(NeighFlags::EXT_LEARNED)
        || (state == 0 && mask & 0x100 != 0)
}

fn neigh(ctx: &Ctx, s: &NeighShow) -> Result<()> {
    let names = LinkNames::load(&ctx.conn)?;
    let dev = s.dev.as_deref().map(|d| device(&names, d)).transpose()?;
    let to =
        s.to.as_deref()
            .map(|t| words::prefix(t, None))
            .transpose()?;
    let filter = NeighFilter {
        family: ctx.family,
        ifindex: dev,
        proxy: s.proxy,
        ..NeighFilter::default()
    };
    let mut out = Out::new(ctx.json)?;
    streamed(|emit| {
        ctx.conn.for_each_neighbour(filter, |m| {
            if !neigh_shown(s.nud, m.state(), m.flags()) {
                return Ok(());
            }
            let n = Neighbour::from_msg(&m)?;
            if let Some(p) = &to {
                let inside = n.destination.is_some_and(|d| {
                    d.is_ipv4() == p.addr.is_ipv4() && masked(d, p.len) == masked(p.addr, p.len)
                });
                if !inside {
                    return Ok(());
                }
            }
            emit(out.item(&NeighFields {
                n: &n,
                names: &names,
                omit_dev: dev.is_some(),
            }))
        })
    })?;
    out.finish()
}

fn rule(ctx: &Ctx, s: &RuleShow) -> Result<()> {
    let filter = RuleFilter {
        // `ip rule show` shows IPv4 rules unless -6 is given.
        family: Some(ctx.family.unwrap_or(AddressFamily::INET)),
        table: s.table,
        priority: s.priority,
        ..RuleFilter::default()
    };
    let mut out = Out::new(ctx.json)?;
    streamed(|emit| {
        ctx.conn.for_each_rule(filter, |m| {
            let r = Rule::from_msg(&m)?;
            emit(out.item(&RuleFields { r: &r }))
        })
    })?;
    out.finish()
}

fn nexthop(ctx: &Ctx, s: &NexthopShow) -> Result<()> {
    let names = LinkNames::load(&ctx.conn)?;
    let mut out = Out::new(ctx.json)?;
    if let Some(id) = s.id {
        // `ip nexthop show id ID` asks for that one (RTM_GETNEXTHOP), as `get` does.
        let n = ctx.conn.nexthop(id)?;
        out.item(&NexthopFields {
            n: &n,
            names: &names,
        })?;
        return out.finish();
    }
    let filter = NexthopFilter {
        family: ctx.family,
        oif: s.dev.as_deref().map(|d| device(&names, d)).transpose()?,
        groups: s.groups,
        fdb: s.fdb,
        master: s.master.as_deref().map(|d| device(&names, d)).transpose()?,
    };
    streamed(|emit| {
        ctx.conn.for_each_nexthop(filter, |m| {
            // ip filters the protocol itself; the kernel has no such dump filter.
            if s.protocol.is_some_and(|p| p != m.protocol()) {
                return Ok(());
            }
            let n = Nexthop::from_msg(&m)?;
            emit(out.item(&NexthopFields {
                n: &n,
                names: &names,
            }))
        })
    })?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_prefix_selects_like_ip_route_show() {
        let p = words::prefix("198.51.100.0/24", None).unwrap();
        let same = Prefix::new("198.51.100.0".parse().unwrap(), 24);
        let longer = Prefix::new("198.51.100.0".parse().unwrap(), 25);
        assert!(exact(Some(&same), &p));
        assert!(!exact(Some(&longer), &p));
        let d = words::prefix("default", None).unwrap();
        assert!(exact(None, &d));
        assert!(!exact(Some(&same), &d));
    }

    #[test]
    fn neighbours_hidden_like_ip() {
        let none = NeighFlags::EMPTY;
        assert!(neigh_shown(None, NeighState::PERMANENT, none));
        assert!(!neigh_shown(None, NeighState::NOARP, none));
        assert!(!neigh_shown(None, NeighState::NONE, none));
        assert!(neigh_shown(Some(0x100), NeighState::NONE, none));
        assert!(neigh_shown(None, NeighState::NONE, NeighFlags::PROXY));
        assert!(!neigh_shown(
            Some(u32::from(NeighState::STALE.bits())),
            NeighState::PERMANENT,
            none
        ));
    }
}
