//! `OBJECT show [filters]`: every object streamed from its dump straight to standard output.
//!
//! Filters go to the kernel where a strict dump request can carry them and are applied here
//! again; interface names come from one link dump made up front.

use netlink::Errno;
use std::collections::HashMap;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::{AddressFamily, Protocol, RouteType, Scope, Table};
use netlink::ops::route::{Prefix, Route, RouteFilter};
use netlink::{
    AddrFilter, Address, Link, LinkFilter, NeighFilter, Neighbour, Nexthop, NexthopFilter, Rule,
    RuleFilter,
};

use crate::cli::{self, Object};
use crate::error::{CliError, Result};
use crate::format::{
    IndexedAddr, LinkAddrs, LinkBrief, LinkFields, LinkKeys, NeighFields, NexthopFields, RouteFields,
    RouteOmit, RuleFields,
};
use crate::names::{LinkName, LinkNames};
use crate::out::Out;
use crate::words::{self, Words};
use crate::{Ctx, help};

/// A parsed `show` command.
#[derive(Debug)]
pub(crate) enum Show {
    /// `link show`.
    Link(LinkShow),
    /// `address show`.
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
    /// The selector, without address filters.
    sel: AddrSelect,
}

/// `address show` and its selector.
#[derive(Debug, Default)]
pub(crate) struct AddrShow {
    /// The selector.
    sel: AddrSelect,
}

/// The addresses `address show` and `address flush` select, and the links `link show` and
/// `address show` print: ip's address filter, word for word.
#[derive(Debug, Default, Clone)]
pub(crate) struct AddrSelect {
    /// `dev NAME`, or a name alone.
    pub(crate) dev: Option<String>,
    /// `up`: links that are up.
    pub(crate) up: bool,
    /// `to PREFIX`: addresses inside it (`default`, `all` and `any` select every address).
    pub(crate) to: Option<Prefix>,
    /// `scope S`: only this scope; `scope all` is no filter.
    pub(crate) scope: Option<Scope>,
    /// `permanent`, `-tentative`...: the flag bits in `flag_mask` must equal these.
    pub(crate) flags: u32,
    /// The flag bits a flag word fixed.
    pub(crate) flag_mask: u32,
    /// `label LABEL`: the address's label (an IPv6 address's is its device's name).
    pub(crate) label: Option<String>,
    /// `master NAME`: links enslaved to it.
    pub(crate) master: Option<String>,
    /// `type KIND`: links of this kind.
    pub(crate) kind: Option<String>,
    /// The word that set the first link filter (`up`, `master`, `type`), for `flush` to refuse.
    pub(crate) link_word: Option<&'static str>,
    /// The first address filter's word (`to`, `scope`, a flag, `label`), for `link show` to
    /// refuse.
    pub(crate) addr_word: Option<String>,
}

/// The address flag words of ip's filter and their bits; `dynamic` and `primary` are the
/// negations of `permanent` and `secondary`, `temporary` is IPv6's name for `secondary`.
const ADDR_FLAG_WORDS: [(&str, AddrFlags); 13] = [
    ("secondary", AddrFlags::SECONDARY),
    ("temporary", AddrFlags::SECONDARY),
    ("nodad", AddrFlags::NODAD),
    ("optimistic", AddrFlags::OPTIMISTIC),
    ("dadfailed", AddrFlags::DADFAILED),
    ("home", AddrFlags::HOMEADDRESS),
    ("deprecated", AddrFlags::DEPRECATED),
    ("tentative", AddrFlags::TENTATIVE),
    ("permanent", AddrFlags::PERMANENT),
    ("mngtmpaddr", AddrFlags::MANAGETEMPADDR),
    ("noprefixroute", AddrFlags::NOPREFIXROUTE),
    ("autojoin", AddrFlags::MCAUTOJOIN),
    ("stable-privacy", AddrFlags::STABLE_PRIVACY),
];

/// A flag word (`tentative`, `-tentative`, `dynamic`): its bit and whether it must be set.
fn flag_word(word: &str) -> Option<(u32, bool)> {
    let (negated, name) = match word.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, word),
    };
    let (negated, name) = match name {
        "dynamic" => (!negated, "permanent"),
        "primary" => (!negated, "secondary"),
        n => (negated, n),
    };
    ADDR_FLAG_WORDS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| (f.bits(), !negated))
}

/// The usage error `ip` gives for a second device name.
pub(crate) fn second_dev(w: &Words<'_>, word: &str) -> CliError {
    w.error(format!(
        "\"dev\" is given twice, or {word:?} is an unknown word"
    ))
}

/// Parses the words of `link show`, `address show` and `address flush` (ip reads the three
/// alike); `object` names the usage a `help` word prints.
pub(crate) fn parse_select(
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
    object: Object,
) -> Result<AddrSelect> {
    let mut s = AddrSelect::default();
    let dev = |w: &Words<'_>, s: &mut AddrSelect, name: &str| {
        if s.dev.is_some() {
            return Err(second_dev(w, name));
        }
        s.dev = Some(name.to_owned());
        Ok(())
    };
    while let Some(word) = w.next() {
        match word {
            "to" => {
                let v = w.value(word)?;
                s.to = match v {
                    "default" | "all" | "any" => None,
                    _ => Some(words::prefix(v, family)?),
                };
            }
            "scope" => {
                let v = w.value(word)?;
                s.scope = if v == "all" {
                    None
                } else {
                    Some(words::scope(v).map_err(|_| w.error(format!("invalid scope {v:?}")))?)
                };
            }
            "up" => {
                s.up = true;
                s.link_word.get_or_insert("up");
            }
            "label" => s.label = Some(w.value(word)?.to_owned()),
            "master" => {
                s.master = Some(w.value(word)?.to_owned());
                s.link_word.get_or_insert("master");
            }
            "type" => {
                let v = w.value(word)?;
                if v.ends_with("_slave") {
                    return Err(CliError::unsupported(format!(
                        "{}: \"type {v}\" (a port's kind)",
                        w.context()
                    )));
                }
                s.kind = Some(v.to_owned());
                s.link_word.get_or_insert("type");
            }
            "vrf" | "nomaster" | "group" => return Err(w.unsupported(word)),
            "dev" => {
                let v = w.value(word)?;
                dev(w, &mut s, v)?;
            }
            _ => {
                if let Some((bit, set)) = flag_word(word) {
                    s.flag_mask |= bit;
                    if set {
                        s.flags |= bit;
                    } else {
                        s.flags &= !bit;
                    }
                } else if cli::abbreviates(word, "help") {
                    return Err(CliError::Help(help::object(object).to_owned()));
                } else {
                    dev(w, &mut s, word)?;
                    continue;
                }
            }
        }
        if matches!(word, "to" | "scope" | "label") || flag_word(word).is_some() {
            s.addr_word.get_or_insert_with(|| word.to_owned());
        }
    }
    if let Some(l) = &s.label
        && l.contains(['*', '?', '[', '\\'])
    {
        return Err(CliError::unsupported(format!(
            "{}: the label pattern {l:?}",
            w.context()
        )));
    }
    Ok(s)
}

impl AddrSelect {
    /// The index of the `dev` device, when one is given.
    ///
    /// # Errors
    /// `Device "NAME" does not exist.`, as ip says it.
    pub(crate) fn dev_index(&self, names: &LinkNames) -> Result<Option<u32>> {
        self.dev.as_deref().map(|d| device(names, d)).transpose()
    }

    /// The family the selector implies: `-4`/`-6`, else that of `to PREFIX`.
    pub(crate) fn family(&self, family: Option<AddressFamily>) -> Option<AddressFamily> {
        family.or(self.to.map(|p| p.family()))
    }

    /// Whether address `a`, on a device called `dev`, passes the address filters.
    pub(crate) fn matches(&self, a: &Address, dev: LinkName<'_>) -> bool {
        if self.scope.is_some_and(|sc| sc != a.scope) {
            return false;
        }
        if (self.flags ^ a.flags.bits()) & self.flag_mask != 0 {
            return false;
        }
        if let Some(l) = &self.label {
            let same = match &a.label {
                Some(own) => own == l,
                None => dev.to_string() == *l,
            };
            if !same {
                return false;
            }
        }
        if let Some(p) = &self.to {
            let inside = a.ip().is_some_and(|ip| {
                ip.is_ipv4() == p.addr.is_ipv4() && masked(ip, p.len) == masked(p.addr, p.len)
            });
            if !inside {
                return false;
            }
        }
        true
    }
}

/// `route show [table ID|all] [proto P] [dev NAME] [type T] [PREFIX]`, and the routes
/// `route flush` deletes.
#[derive(Debug, Default)]
pub(crate) struct RouteShow {
    /// `None`: `main`; `Some(None)`: `all`.
    table: Option<Option<Table>>,
    protocol: Option<Protocol>,
    dev: Option<String>,
    route_type: Option<RouteType>,
    prefix: Option<String>,
}

/// `neigh show [dev NAME] [proxy] [nud STATE]... [to PREFIX]`, and the entries `neigh flush`
/// deletes.
#[derive(Debug, Default)]
pub(crate) struct NeighShow {
    /// `dev NAME`.
    pub(crate) dev: Option<String>,
    /// `proxy`: the proxy entries instead of the cache.
    pub(crate) proxy: bool,
    /// The `nud` states; bit 0x100 is `none` (no state), as in `ip`.
    pub(crate) nud: Option<u32>,
    /// `nud all` was given (a flush then still spares `NOARP` entries).
    pub(crate) nud_all: bool,
    /// `to PREFIX`: entries inside it (`default`, `all`, `any`: every entry).
    pub(crate) to: Option<Prefix>,
}

/// `rule show [table ID] [priority N]`, and the rules `rule flush` deletes.
#[derive(Debug, Default)]
pub(crate) struct RuleShow {
    /// `table ID`.
    pub(crate) table: Option<Table>,
    /// `priority N`.
    pub(crate) priority: Option<u32>,
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

/// Parses `link show`'s words: ip reads them as `address show` does, and `nlctl` refuses the
/// address filters, which `ip link show` accepts and does not apply.
pub(crate) fn parse_link(w: &mut Words<'_>) -> Result<LinkShow> {
    let sel = parse_select(w, None, Object::Link)?;
    if let Some(word) = &sel.addr_word {
        return Err(w.unsupported(word));
    }
    if sel.label.is_some() {
        return Err(w.unsupported("label"));
    }
    Ok(LinkShow { sel })
}

/// Parses `address show`'s words.
pub(crate) fn parse_addr(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<AddrShow> {
    let sel = parse_select(w, family, Object::Address)?;
    // ip prints the addresses of a label without their links' lines: not done yet.
    if sel.label.is_some() {
        return Err(w.unsupported("label"));
    }
    Ok(AddrShow { sel })
}

/// What a word of `route show` or `route flush` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RouteWord {
    /// `table ID|all`.
    Table,
    /// `protocol P`.
    Protocol,
    /// `type T`.
    Type,
    /// `dev NAME`, `oif NAME`.
    Dev,
    /// A prefix, or `to` before one.
    To,
    /// `exact PREFIX`.
    Exact,
    /// A word ip knows and nlctl does not apply yet.
    Unsupported,
}

/// The selector words of `ip route show` and `ip route flush`, in ip's order; a word that is
/// none of them is a prefix.
const ROUTE_WORDS: &[cli::Row<RouteWord>] = cli::rows![
    Prefix "table" => RouteWord::Table,
    Prefix "vrf" => RouteWord::Unsupported,
    Prefix "cached" => RouteWord::Unsupported,
    Prefix "cloned" => RouteWord::Unsupported,
    Exact "tos" => RouteWord::Unsupported,
    Prefix "dsfield" => RouteWord::Unsupported,
    Prefix "protocol" => RouteWord::Protocol,
    Prefix "scope" => RouteWord::Unsupported,
    Prefix "type" => RouteWord::Type,
    Exact "dev" => RouteWord::Dev,
    Exact "oif" => RouteWord::Dev,
    Exact "iif" => RouteWord::Unsupported,
    Prefix "mark" => RouteWord::Unsupported,
    Prefix "metric" => RouteWord::Unsupported,
    Prefix "priority" => RouteWord::Unsupported,
    Exact "preference" => RouteWord::Unsupported,
    Exact "via" => RouteWord::Unsupported,
    Exact "src" => RouteWord::Unsupported,
    Prefix "realms" => RouteWord::Unsupported,
    Prefix "from" => RouteWord::Unsupported,
];

/// The words ip reads before a prefix: `to`, then `root`, `match` or `exact`.
const ROUTE_PREFIX_WORDS: &[cli::Row<RouteWord>] = cli::rows![
    Prefix "root" => RouteWord::Unsupported,
    Prefix "match" => RouteWord::Unsupported,
    Prefix "exact" => RouteWord::Exact,
];

/// Parses `route show`'s (and `route flush`'s) words.
pub(crate) fn parse_route(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RouteShow> {
    let mut s = RouteShow::default();
    while let Some(word) = w.next() {
        match cli::resolve(ROUTE_WORDS, word).unwrap_or(RouteWord::To) {
            RouteWord::Table => {
                let v = w.value(word)?;
                s.table = Some(if v == "all" {
                    None
                } else {
                    Some(words::table(v)?)
                });
            }
            RouteWord::Protocol => s.protocol = Some(words::protocol(w.value(word)?)?),
            RouteWord::Dev => s.dev = Some(w.value(word)?.to_owned()),
            RouteWord::Type => {
                let v = w.value(word)?;
                s.route_type = Some(
                    words::route_type(v).ok_or_else(|| w.error(format!("invalid type {v:?}")))?,
                );
            }
            RouteWord::Unsupported => return Err(w.unsupported_in(ROUTE_WORDS, word)),
            RouteWord::To | RouteWord::Exact => {
                let mut p = word;
                if cli::abbreviates(p, "to") {
                    p = w.value(word)?;
                }
                match cli::resolve(ROUTE_PREFIX_WORDS, p) {
                    Some(RouteWord::Exact) => p = w.value(p)?,
                    Some(_) => return Err(w.unsupported_in(ROUTE_PREFIX_WORDS, p)),
                    None => {}
                }
                // As ip, the last prefix given is the one that counts.
                words::prefix(p, family)?;
                s.prefix = Some(p.to_owned());
            }
        }
    }
    Ok(s)
}

/// Parses `neigh show`'s (and `neigh flush`'s) words.
pub(crate) fn parse_neigh(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<NeighShow> {
    let mut s = NeighShow::default();
    while let Some(word) = w.next() {
        match word {
            "dev" => {
                let v = w.value(word)?;
                if s.dev.is_some() {
                    return Err(w.error(format!("\"dev\" is given twice (second: {v:?})")));
                }
                s.dev = Some(v.to_owned());
            }
            "master" | "vrf" | "unused" | "nomaster" => return Err(w.unsupported(word)),
            "nud" => {
                let v = w.value(word)?;
                // `all` is every state and none, as ip's `~0`.
                let bits = if v == "all" {
                    s.nud_all = true;
                    0x1ff
                } else {
                    match words::nud(v)? {
                        Some(st) => u32::from(st.bits()),
                        None => 0x100,
                    }
                };
                s.nud = Some(s.nud.unwrap_or(0) | bits);
            }
            "proxy" => s.proxy = true,
            p if cli::abbreviates(p, "protocol") => return Err(w.unsupported("protocol")),
            _ => {
                let mut t = word;
                if t == "to" {
                    t = w.value(word)?;
                }
                if cli::abbreviates(t, "help") {
                    return Err(CliError::Help(help::object(Object::Neigh).to_owned()));
                }
                s.to = match t {
                    "default" | "all" | "any" => None,
                    _ => Some(words::prefix(t, family)?),
                };
            }
        }
    }
    Ok(s)
}

/// What a word of `rule show` or `rule flush` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleWord {
    /// `priority N`, `preference N`, `order N`.
    Priority,
    /// `table ID`, `lookup ID`.
    Table,
    /// A word ip knows and nlctl does not apply yet.
    Unsupported,
}

/// The selector words of `ip rule show` and `ip rule flush`, in ip's order; a word that is
/// none of them is a destination prefix.
const RULE_WORDS: &[cli::Row<RuleWord>] = cli::rows![
    Prefix "preference" => RuleWord::Priority,
    Prefix "order" => RuleWord::Priority,
    Prefix "priority" => RuleWord::Priority,
    Exact "not" => RuleWord::Unsupported,
    Exact "tos" => RuleWord::Unsupported,
    Exact "fwmark" => RuleWord::Unsupported,
    Exact "dev" => RuleWord::Unsupported,
    Exact "iif" => RuleWord::Unsupported,
    Exact "oif" => RuleWord::Unsupported,
    Exact "l3mdev" => RuleWord::Unsupported,
    Exact "uidrange" => RuleWord::Unsupported,
    Prefix "lookup" => RuleWord::Table,
    Prefix "table" => RuleWord::Table,
    Prefix "from" => RuleWord::Unsupported,
    Prefix "protocol" => RuleWord::Unsupported,
    Exact "ipproto" => RuleWord::Unsupported,
    Exact "sport" => RuleWord::Unsupported,
    Exact "dport" => RuleWord::Unsupported,
];

/// Parses `rule show`'s (and `rule flush`'s) words.
pub(crate) fn parse_rule(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RuleShow> {
    let mut s = RuleShow::default();
    while let Some(word) = w.next() {
        match cli::resolve(RULE_WORDS, word) {
            Some(RuleWord::Table) => s.table = Some(words::table(w.value(word)?)?),
            Some(RuleWord::Priority) => {
                s.priority = Some(words::number(w.value(word)?, "priority")?);
            }
            Some(RuleWord::Unsupported) => return Err(w.unsupported_in(RULE_WORDS, word)),
            None => {
                let mut p = word;
                if cli::abbreviates(p, "dst") || cli::abbreviates(p, "to") {
                    p = w.value(word)?;
                }
                // ip reads a destination prefix here; a malformed one is its error.
                words::prefix(p, family)?;
                return Err(w.unsupported("to PREFIX"));
            }
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
            "vrf" => return Err(w.unsupported(word)),
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
        .ok_or_else(|| CliError::failed(format!("Device \"{name}\" does not exist.")))
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
            crate::say!("nlctl: warning: the dump was interrupted and may be inconsistent");
            Ok(())
        }
        (None, r) => r.map_err(CliError::from),
    }
}

/// The link filter of a selector's `up`, `master` and `type`.
fn link_filter(sel: &AddrSelect, names: &LinkNames) -> Result<LinkFilter> {
    let mut f = LinkFilter::default().flags(if sel.up { IfFlags::UP } else { IfFlags::EMPTY });
    f.master = sel
        .master
        .as_deref()
        .map(|m| device(names, m))
        .transpose()?;
    f.kind = sel.kind.clone();
    Ok(f)
}

fn link(ctx: &Ctx, s: &LinkShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let dev = s.sel.dev_index(&names)?;
    let filter = link_filter(&s.sel, &names)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_link(filter.clone(), |m| {
            if dev.is_some_and(|d| d != m.index()) {
                return Ok(());
            }
            let l = Link::from_msg(&m)?;
            if ctx.brief {
                return emit(out.item(&LinkBrief {
                    l: &l,
                    names: &names,
                    addrs: None,
                }));
            }
            emit(out.item(&LinkFields {
                l: &l,
                names: &names,
                keys: LinkKeys::ALL,
                style: ctx.style,
                msg: Some(&m),
            }))
        })
    })?;
    out.finish()
}

/// The addresses of a link that pass a selector, and how many it has in all.
#[derive(Debug, Default)]
struct LinkAddrList {
    /// The addresses the selector picks.
    selected: Vec<Address>,
    /// How many addresses of the family the link has.
    total: usize,
}

fn addr(ctx: &Ctx, s: &AddrShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let dev = s.sel.dev_index(&names)?;
    let family = s.sel.family(ctx.family);
    let mut by_link: HashMap<u32, LinkAddrList> = HashMap::new();
    let mut addr_filter = AddrFilter::default();
    addr_filter.family = family;
    addr_filter.index = dev;
    ctx.conn.for_each_address(addr_filter, |m| {
        let a = Address::from_msg(&m)?;
        let entry = by_link.entry(a.index).or_default();
        entry.total = entry.total.saturating_add(1);
        if s.sel.matches(&a, names.name(a.index)) {
            entry.selected.push(a);
        }
        Ok(())
    })?;
    let filter = link_filter(&s.sel, &names)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_link(filter.clone(), |m| {
            if dev.is_some_and(|d| d != m.index()) {
                return Ok(());
            }
            let list = by_link.remove(&m.index()).unwrap_or_default();
            // Like ip: a link is printed when one of its addresses passes the filters, or
            // when it has no address at all and no family was asked for.
            if list.selected.is_empty() && (family.is_some() || list.total > 0) {
                return Ok(());
            }
            if ctx.brief {
                let l = Link::from_msg(&m)?;
                return emit(out.item(&LinkBrief {
                    l: &l,
                    names: &names,
                    addrs: Some(&list.selected),
                }));
            }
            // With -oneline, ip prints each address on a line of its own, without its link's.
            if ctx.oneline && !ctx.json {
                for a in &list.selected {
                    emit(out.item(&IndexedAddr {
                        a,
                        dev: names.name(a.index),
                    }))?;
                }
                return Ok(());
            }
            let l = Link::from_msg(&m)?;
            // With a family, `ip` prints no link-layer details, and for IPv6 it dumps the links
            // through AF_INET6, whose answer carries fewer attributes (not so for one device,
            // which it asks for by name).
            let keys = LinkKeys {
                linkmode: false,
                link_layer: family.is_none(),
                details: !(family == Some(AddressFamily::INET6) && dev.is_none()),
            };
            emit(out.item(&LinkAddrs {
                link: LinkFields {
                    l: &l,
                    names: &names,
                    keys,
                    style: ctx.style,
                    msg: Some(&m),
                },
                addrs: &list.selected,
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
    filter.oif = s
        .dev
        .as_deref()
        .map(|d| find_device(names, d))
        .transpose()?;
    let omit = RouteOmit {
        dev: s.dev.is_some(),
        table: table.is_some(),
        protocol: s.protocol.is_some(),
    };
    Ok((filter, omit, prefix))
}

/// Whether the dumped route `r` is one the selector picks: besides what the dump filtered,
/// `dev` selects by `RTA_OIF` only (not multipath routes through it) and a prefix selects the
/// route to exactly that prefix, both as ip does.
pub(crate) fn route_selected(filter: &RouteFilter, prefix: Option<&Prefix>, r: &Route) -> bool {
    (filter.oif.is_none() || r.oif == filter.oif) && prefix.is_none_or(|p| exact(r.dst.as_ref(), p))
}

fn route(ctx: &Ctx, s: &RouteShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let (filter, omit, prefix) = route_filter(s, ctx.family, &names)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_route(filter, |m| {
            let r = Route::from_msg(&m)?;
            if !route_selected(&filter, prefix.as_ref(), &r) {
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

impl NeighShow {
    /// The family the selector implies: `-4`/`-6`, else that of `to PREFIX`.
    pub(crate) fn family(&self, family: Option<AddressFamily>) -> Option<AddressFamily> {
        family.or(self.to.map(|p| p.family()))
    }

    /// The dump that lists the entries the selector may pick.
    pub(crate) fn dump_filter(
        &self,
        family: Option<AddressFamily>,
        dev: Option<u32>,
    ) -> NeighFilter {
        let mut f = NeighFilter::default().proxy(self.proxy);
        f.family = self.family(family);
        f.index = dev;
        f
    }

    /// Whether `n`'s destination is inside `to PREFIX`.
    pub(crate) fn inside(&self, n: &Neighbour) -> bool {
        self.to.is_none_or(|p| {
            n.destination.is_some_and(|d| {
                d.is_ipv4() == p.addr.is_ipv4() && masked(d, p.len) == masked(p.addr, p.len)
            })
        })
    }
}

/// The index of device `name` in `names`, with the error `ip route` and `ip neigh` give.
pub(crate) fn find_device(names: &LinkNames, name: &str) -> Result<u32> {
    names
        .index(name)
        .ok_or_else(|| CliError::failed(format!("Cannot find device \"{name}\"")))
}

fn neigh(ctx: &Ctx, s: &NeighShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let dev = s
        .dev
        .as_deref()
        .map(|d| find_device(&names, d))
        .transpose()?;
    let filter = s.dump_filter(ctx.family, dev);
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_neighbour(filter, |m| {
            if !neigh_shown(s.nud, m.state(), m.flags()) {
                return Ok(());
            }
            let n = Neighbour::from_msg(&m)?;
            if !s.inside(&n) {
                return Ok(());
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

impl RuleShow {
    /// The rules the selector picks, of `family` (IPv4 when none, as `ip rule`).
    pub(crate) fn filter(&self, family: Option<AddressFamily>) -> RuleFilter {
        let mut f = RuleFilter::family(family.unwrap_or(AddressFamily::INET));
        f.table = self.table;
        f.priority = self.priority;
        f
    }
}

fn rule(ctx: &Ctx, s: &RuleShow) -> Result<()> {
    // `ip rule show` shows IPv4 rules unless -6 is given.
    let filter = s.filter(ctx.family);
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_rule(filter, |m| {
            let r = Rule::from_msg(&m)?;
            emit(out.item(&RuleFields { r: &r }))
        })
    })?;
    out.finish()
}

fn nexthop(ctx: &Ctx, s: &NexthopShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    if let Some(id) = s.id {
        // `ip nexthop show id ID` asks for that one (RTM_GETNEXTHOP), as `get` does, and
        // reports the kernel's ENOENT when there is none; the library answers that miss with
        // `None`, which is turned back into the kernel's answer here.
        let n = ctx
            .conn
            .nexthop(id)?
            .ok_or(netlink::Error::Kernel(netlink::KernelError {
                errno: Errno::NOENT,
                message: None,
                offset: None,
                missing_type: None,
                missing_nest: None,
                seq: 0,
            }))?;
        let mut out = Out::new(ctx)?;
        out.item(&NexthopFields {
            n: &n,
            names: &names,
        })?;
        return out.finish();
    }
    let mut out = Out::new(ctx)?;
    let mut filter = NexthopFilter::default().groups(s.groups).fdb(s.fdb);
    filter.family = ctx.family;
    filter.oif = s.dev.as_deref().map(|d| device(&names, d)).transpose()?;
    filter.master = s.master.as_deref().map(|d| device(&names, d)).transpose()?;
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
