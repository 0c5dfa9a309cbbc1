//! `OBJECT show [filters]`: every object streamed from its dump straight to standard output.
//!
//! Filters go to the kernel where a strict dump request can carry them and are applied here
//! again; interface names come from one link dump made up front.

use netlink::Errno;
use std::collections::HashMap;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::{IfFlags, LinkMsg};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::rule::RuleFlags;
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol, RouteType, Scope, Table};
use netlink::ops::route::{Prefix, Route, RouteFilter};
use netlink::{
    AddrFilter, Address, Link, LinkFilter, NeighFilter, Neighbour, NexthopFilter, Rule, RuleFilter,
};

use crate::cli::{self, Object};
use crate::error::{CliError, Result};
use crate::format::{
    IndexedAddr, LabelAddrs, LinkAddrs, LinkBrief, LinkFields, LinkKeys, NeighBrief, NeighFields,
    RouteFields, RouteOmit, RuleFields,
};
use crate::names::{self, LinkName, LinkNames};
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
    /// `route get`.
    RouteGet(Box<RouteGet>),
    /// `neigh get`.
    NeighGet(NeighGet),
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
    /// `type KIND_slave`: ports of a master of this kind.
    pub(crate) slave_kind: Option<String>,
    /// `group GROUP`: links in this group.
    pub(crate) group: Option<u32>,
    /// `nomaster`: links without a master.
    pub(crate) nomaster: bool,
    /// `vrf NAME`: ports of this VRF device.
    pub(crate) vrf: Option<String>,
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
                match v.strip_suffix("_slave").filter(|k| !k.is_empty()) {
                    Some(k) => s.slave_kind = Some(k.to_owned()),
                    None => s.kind = Some(v.to_owned()),
                }
                s.link_word.get_or_insert("type");
            }
            "group" => {
                let v = w.value(word)?;
                s.group = Some(words::group(v).ok_or_else(|| {
                    w.error(format!(
                        "Error: argument \"{v}\" is wrong: Invalid \"group\" value"
                    ))
                })?);
                s.link_word.get_or_insert("group");
            }
            "nomaster" => {
                s.nomaster = true;
                s.link_word.get_or_insert("nomaster");
            }
            "vrf" => {
                s.vrf = Some(w.value(word)?.to_owned());
                s.link_word.get_or_insert("vrf");
            }
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
    Ok(s)
}

/// Whether `name` matches the shell pattern `pat` as C's `fnmatch(pat, name, 0)` does, which
/// `ip` uses for labels: `*` any run of characters, `?` one, `[...]` one of a set (`!` or `^`
/// first negates it, `a-z` a range), `\\` takes the next character as it is.
pub(crate) fn fnmatch(pat: &str, name: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matching with one backtrack point for the last `*`.
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
                continue;
            }
            Some('?') => Some(pi + 1),
            Some('[') => set(&p, pi, n[ni]),
            Some('\\') if pi + 1 < p.len() => (p[pi + 1] == n[ni]).then_some(pi + 2),
            Some(c) => (*c == n[ni]).then_some(pi + 1),
            None => None,
        };
        match step {
            Some(next) => {
                pi = next;
                ni += 1;
            }
            None => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// The bracket expression of `p` at `at` against `c`: the index after it when `c` is in it.
/// A `[` without its `]` is an ordinary character, as in `fnmatch`.
fn set(p: &[char], at: usize, c: char) -> Option<usize> {
    let mut i = at + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    loop {
        let x = *p.get(i)?;
        if x == ']' && !first {
            break;
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
            let hi = p[i + 2];
            found |= x <= c && c <= hi;
            i += 3;
        } else {
            found |= x == c;
            i += 1;
        }
    }
    (found != negate).then_some(i + 1)
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
            // An address without a label (IPv6) goes by its device's name, as in ip.
            let same = match &a.label {
                Some(own) => fnmatch(l, own),
                None => fnmatch(l, &dev.to_string()),
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

/// `route show SELECTOR` and the routes `route flush` deletes: ip's route selector, word for
/// word. Prefixes are kept as written and read once the family is known.
#[derive(Debug, Default)]
pub(crate) struct RouteShow {
    /// `None`: `main`; `Some(None)`: `all`.
    table: Option<Option<Table>>,
    /// `cached`, `cloned`.
    cloned: bool,
    /// `tos TOS`, `dsfield TOS`.
    tos: Option<u8>,
    /// `protocol P` (`all`: none).
    protocol: Option<RouteProtocol>,
    /// `scope S` (`all`: none).
    scope: Option<Scope>,
    /// `type T`, one or more.
    types: Vec<RouteType>,
    /// `dev NAME`, `oif NAME`.
    dev: Option<String>,
    /// `iif NAME`.
    iif: Option<String>,
    /// `mark N`.
    mark: Option<u32>,
    /// `metric N`, `priority N`, `preference N`.
    metric: Option<u32>,
    /// `via [FAMILY] PREFIX`.
    via: Option<String>,
    /// `src PREFIX`: the preferred source.
    prefsrc: Option<String>,
    /// `realms [FROM/]TO`: the realms and the mask of the parts given.
    realms: Option<(u32, u32)>,
    /// `from [root|match|exact] PREFIX`: the source prefix, and how it selects.
    from: Option<(Within, String)>,
    /// `[to] [root|match|exact] PREFIX`: the destination prefix, and how it selects.
    to: Option<(Within, String)>,
    /// `vrf NAME`: the table of that VRF device.
    vrf: Option<String>,
}

/// How a prefix of `route show` selects routes, as ip reads `root`, `match` and `exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Within {
    /// `root P`: the routes inside `P` (as long or longer, with `P`'s bits).
    Root,
    /// `match P`: the routes `P` is inside (as short or shorter, containing it).
    Match,
    /// `exact P` (or `P` alone): the routes to `P` itself.
    Exact,
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
    /// `master NAME`: entries on ports of this device.
    pub(crate) master: Option<String>,
    /// `vrf NAME`: entries on ports of this VRF device.
    pub(crate) vrf: Option<String>,
    /// `nomaster`: entries on devices without a master.
    pub(crate) nomaster: bool,
    /// `unused`: entries nothing holds.
    pub(crate) unused: bool,
    /// `protocol P`: entries installed by it.
    pub(crate) protocol: Option<RouteProtocol>,
}

/// `neigh get ADDR dev DEV [proxy]`.
#[derive(Debug)]
pub(crate) struct NeighGet {
    dst: IpAddr,
    dev: String,
    proxy: bool,
}

/// Parses `neigh get`'s words.
pub(crate) fn parse_neigh_get(
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<NeighGet> {
    let (mut dst, mut dev, mut proxy) = (None, None, false);
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word)?.to_owned()),
            // As in ip, `proxy` takes the address, and a second address is a usage error.
            _ => {
                let is_proxy = cli::abbreviates(word, "proxy");
                let v = if is_proxy || word == "to" {
                    w.value(word)?
                } else {
                    word
                };
                if cli::abbreviates(v, "help") {
                    return Err(CliError::Help(help::object(Object::Neigh).to_owned()));
                }
                if dst.is_some() {
                    return Err(w.error(if is_proxy {
                        format!("\"address\" is given twice: {v:?} is the second")
                    } else {
                        format!("\"to\" is given twice, or {v:?} is an unknown word")
                    }));
                }
                dst = Some(words::addr_of(v, family)?);
                proxy |= is_proxy;
            }
        }
    }
    let required = || w.missing("Device and address are required arguments.");
    Ok(NeighGet {
        dst: dst.ok_or_else(required)?,
        dev: dev.ok_or_else(required)?,
        proxy,
    })
}

fn neigh_get(ctx: &Ctx, g: &NeighGet) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let index = find_device(&names, &g.dev)?;
    let key = if g.proxy {
        netlink::NeighKey::proxy(index, g.dst)
    } else {
        netlink::NeighKey::new(index, g.dst)
    };
    // A miss is the kernel's ENOENT, which ip reports with its message.
    let n = ctx.conn.neighbour(&key)?.ok_or(netlink::Error::Kernel(
        netlink::KernelError::new(Errno::NOENT).with_message("Neighbour entry not found"),
    ))?;
    let mut out = Out::new(ctx)?;
    out.item(&NeighFields {
        n: &n,
        names: &names,
        omit_dev: false,
        style: ctx.style,
    })?;
    out.finish()
}

/// `rule show SELECTOR`, and the rules `rule flush` deletes: ip's rule selector.
#[derive(Debug, Default)]
pub(crate) struct RuleShow {
    /// `table ID`, `lookup ID`.
    pub(crate) table: Option<Table>,
    /// `priority N`, `preference N`, `order N`.
    pub(crate) priority: Option<u32>,
    /// `not`.
    not: bool,
    /// `from PREFIX` (`all`: none).
    from: Option<Prefix>,
    /// `to PREFIX` (`all`: none).
    to: Option<Prefix>,
    /// `tos TOS`; 0 selects every rule, as in ip.
    tos: u8,
    /// `fwmark MARK[/MASK]`: the mask only when given.
    fwmark: Option<(u32, Option<u32>)>,
    /// `iif NAME`, `dev NAME`.
    iif: Option<String>,
    /// `oif NAME`.
    oif: Option<String>,
    /// `l3mdev`.
    l3mdev: bool,
    /// `uidrange A-B`.
    uid_range: Option<(u32, u32)>,
    /// `ipproto P`.
    ip_proto: Option<u8>,
    /// `sport A[-B]`.
    sport: Option<(u16, u16)>,
    /// `dport A[-B]`.
    dport: Option<(u16, u16)>,
    /// `protocol P`.
    protocol: Option<RouteProtocol>,
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
/// `route get [to] ADDR [from ADDR] [iif DEV] [oif DEV] [mark N] [uid N] [tos T]
/// [ipproto P] [sport N] [dport N] [fibmatch] [vrf NAME]`: a lookup, with the device names
/// resolved at run time.
#[derive(Debug)]
pub(crate) struct RouteGet {
    query: netlink::RouteQuery,
    iif: Option<String>,
    oif: Option<String>,
    vrf: Option<String>,
}

from_show!(
    LinkShow => Link,
    AddrShow => Addr,
    RouteShow => Route,
    NeighShow => Neigh,
    RuleShow => Rule
);

impl From<NeighGet> for Show {
    fn from(g: NeighGet) -> Show {
        Show::NeighGet(g)
    }
}

impl From<RouteGet> for Show {
    fn from(g: RouteGet) -> Show {
        Show::RouteGet(Box::new(g))
    }
}

/// Parses `route get`'s words, in ip's order (its `iproute_get`).
pub(crate) fn parse_route_get(
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<RouteGet> {
    let mut dst: Option<Prefix> = None;
    let mut src: Option<Prefix> = None;
    let (mut iif, mut oif, mut vrf) = (None, None, None);
    let (mut mark, mut uid, mut tos) = (None, None, 0u8);
    let (mut ip_proto, mut sport, mut dport) = (None, None, None);
    let mut fib_match = false;
    let fam = |dst: &Option<Prefix>| family.or(dst.map(|p| p.family()));
    while let Some(word) = w.next() {
        match word {
            "tos" => {
                let v = w.value(word)?;
                tos = words::dsfield(v).ok_or_else(|| invarg(w, v, "TOS value is invalid"))?;
            }
            _ if cli::abbreviates(word, "dsfield") => {
                let v = w.value(word)?;
                tos = words::dsfield(v).ok_or_else(|| invarg(w, v, "TOS value is invalid"))?;
            }
            _ if cli::abbreviates(word, "from") => {
                src = Some(words::prefix(w.value(word)?, fam(&dst))?);
            }
            _ if cli::abbreviates(word, "iif") => iif = Some(w.value(word)?.to_owned()),
            _ if cli::abbreviates(word, "mark") => {
                let v = w.value(word)?;
                mark = Some(cli::c_unsigned(v).ok_or_else(|| invarg(w, v, "invalid mark"))?);
            }
            "dev" => oif = Some(w.value(word)?.to_owned()),
            _ if cli::abbreviates(word, "oif") => oif = Some(w.value(word)?.to_owned()),
            _ if cli::abbreviates(word, "notify") || cli::abbreviates(word, "connected") => {
                return Err(w.unsupported(word));
            }
            _ if cli::abbreviates(word, "vrf") => vrf = Some(w.value(word)?.to_owned()),
            _ if cli::abbreviates(word, "uid") => {
                let v = w.value(word)?;
                uid = Some(cli::c_unsigned(v).ok_or_else(|| invarg(w, v, "invalid UID"))?);
            }
            _ if cli::abbreviates(word, "fibmatch") => fib_match = true,
            "as" => return Err(w.unsupported(word)),
            "sport" => {
                let v = w.value(word)?;
                sport = Some(words::small(v, "sport").map_err(|_| invarg(w, v, "invalid sport"))?);
            }
            "dport" => {
                let v = w.value(word)?;
                dport = Some(words::small(v, "dport").map_err(|_| invarg(w, v, "invalid dport"))?);
            }
            _ if cli::abbreviates(word, "ipproto") => {
                let v = w.value(word)?;
                ip_proto = Some(
                    names::ip_proto_number(v)
                        .ok_or_else(|| invarg(w, v, "Invalid \"ipproto\" value"))?,
                );
            }
            _ => {
                let v = if word == "to" { w.value(word)? } else { word };
                if cli::abbreviates(v, "help") {
                    return Err(CliError::Help(help::object(Object::Route).to_owned()));
                }
                // As ip, a second destination replaces the first, and a prefix length other
                // than the host's is not one.
                let mut p = words::prefix(v, fam(&dst))?;
                if v.contains('/') && p.len != p.max_len() {
                    crate::say!(
                        "Warning: /{} as prefix is invalid, only /{} (or none) is supported.",
                        p.len,
                        p.max_len()
                    );
                    p = Prefix::new(p.addr, p.max_len());
                }
                dst = Some(p);
            }
        }
    }
    let dst = dst.ok_or_else(|| w.missing("need at least a destination address"))?;
    let mut query = netlink::RouteQuery::new(dst.addr);
    query.dst = dst;
    query.src = src;
    query.mark = mark;
    query.uid = uid;
    query.tos = tos;
    query.ip_proto = ip_proto;
    query.sport = sport;
    query.dport = dport;
    query.fib_match = fib_match;
    Ok(RouteGet {
        query,
        iif,
        oif,
        vrf,
    })
}

fn route_get(ctx: &Ctx, g: &RouteGet) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let mut q = g.query.clone();
    q.iif = g
        .iif
        .as_deref()
        .map(|d| find_device(&names, d))
        .transpose()?;
    q.oif = g
        .oif
        .as_deref()
        .map(|d| find_device(&names, d))
        .transpose()?;
    if let Some(v) = &g.vrf {
        q.table = Some(vrf_table(ctx, &names, v)?);
    }
    let r = ctx.conn.route_lookup(&q)?;
    let nexthops = if ctx.style.details > 0 {
        Some(ctx.conn.list(NexthopFilter::default())?)
    } else {
        None
    };
    let mut out = Out::new(ctx)?;
    out.item(&RouteFields {
        r: &r,
        names: &names,
        omit: RouteOmit::default(),
        style: ctx.style,
        nexthops: nexthops.as_deref(),
    })?;
    out.finish()
}

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
    Ok(AddrShow { sel })
}

/// What a word of `route show` or `route flush` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RouteWord {
    /// `table ID|all`.
    Table,
    /// `vrf NAME`.
    Vrf,
    /// `cached`, `cloned`.
    Cached,
    /// `tos TOS`, `dsfield TOS`.
    Tos,
    /// `protocol P`.
    Protocol,
    /// `scope S`.
    Scope,
    /// `type T`.
    Type,
    /// `dev NAME`, `oif NAME`.
    Dev,
    /// `iif NAME`.
    Iif,
    /// `mark N`.
    Mark,
    /// `metric N`, `priority N`, `preference N`.
    Metric,
    /// `via [FAMILY] PREFIX`.
    Via,
    /// `src PREFIX`.
    Src,
    /// `realms REALMS`.
    Realms,
    /// `from [root|match|exact] PREFIX`.
    From,
    /// A prefix, or `to` before one.
    To,
}

/// The selector words of `ip route show` and `ip route flush`, in ip's order; a word that is
/// none of them is a prefix.
const ROUTE_WORDS: &[cli::Row<RouteWord>] = cli::rows![
    Prefix "table" => RouteWord::Table,
    Prefix "vrf" => RouteWord::Vrf,
    Prefix "cached" => RouteWord::Cached,
    Prefix "cloned" => RouteWord::Cached,
    Exact "tos" => RouteWord::Tos,
    Prefix "dsfield" => RouteWord::Tos,
    Prefix "protocol" => RouteWord::Protocol,
    Prefix "scope" => RouteWord::Scope,
    Prefix "type" => RouteWord::Type,
    Exact "dev" => RouteWord::Dev,
    Exact "oif" => RouteWord::Dev,
    Exact "iif" => RouteWord::Iif,
    Prefix "mark" => RouteWord::Mark,
    Prefix "metric" => RouteWord::Metric,
    Prefix "priority" => RouteWord::Metric,
    Exact "preference" => RouteWord::Metric,
    Exact "via" => RouteWord::Via,
    Exact "src" => RouteWord::Src,
    Prefix "realms" => RouteWord::Realms,
    Prefix "from" => RouteWord::From,
];

/// The words ip reads before a prefix: `root`, `match` or `exact`.
const ROUTE_PREFIX_WORDS: &[cli::Row<Within>] = cli::rows![
    Prefix "root" => Within::Root,
    Prefix "match" => Within::Match,
    Prefix "exact" => Within::Exact,
];

/// A usage error as ip's `invarg` words it.
fn invarg(w: &Words<'_>, v: &str, what: &str) -> CliError {
    w.error(format!("Error: argument \"{v}\" is wrong: {what}"))
}

/// [`invarg`] where the words are gone (after parsing).
fn invarg_plain(v: &str, what: &str) -> CliError {
    CliError::usage(format!("Error: argument \"{v}\" is wrong: {what}"))
}

/// Reads `[root|match|exact] PREFIX` after `to` or `from`.
fn within<'a>(w: &mut Words<'a>, first: &'a str) -> Result<(Within, String)> {
    match cli::resolve(ROUTE_PREFIX_WORDS, first) {
        Some(how) => Ok((how, w.value(first)?.to_owned())),
        None => Ok((Within::Exact, first.to_owned())),
    }
}

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
                    Some(words::table(v).map_err(|_| invarg(w, v, "table id value is invalid"))?)
                });
            }
            RouteWord::Vrf => s.vrf = Some(w.value(word)?.to_owned()),
            RouteWord::Cached => s.cloned = true,
            RouteWord::Tos => {
                let v = w.value(word)?;
                s.tos =
                    Some(words::dsfield(v).ok_or_else(|| invarg(w, v, "TOS value is invalid"))?);
            }
            RouteWord::Protocol => {
                let v = w.value(word)?;
                s.protocol = if v == "all" {
                    None
                } else {
                    Some(words::protocol(v).map_err(|_| invarg(w, v, "invalid \"protocol\""))?)
                };
            }
            RouteWord::Scope => {
                let v = w.value(word)?;
                s.scope = if v == "all" {
                    None
                } else {
                    Some(words::scope(v).map_err(|_| invarg(w, v, "invalid \"scope\""))?)
                };
            }
            RouteWord::Type => {
                let v = w.value(word)?;
                s.types.push(
                    words::route_type(v)
                        .ok_or_else(|| invarg(w, v, "node type value is invalid"))?,
                );
            }
            RouteWord::Dev => s.dev = Some(w.value(word)?.to_owned()),
            RouteWord::Iif => s.iif = Some(w.value(word)?.to_owned()),
            RouteWord::Mark => {
                let v = w.value(word)?;
                s.mark =
                    Some(cli::c_unsigned(v).ok_or_else(|| invarg(w, v, "mark value is invalid"))?);
            }
            RouteWord::Metric => {
                let v = w.value(word)?;
                s.metric = Some(
                    cli::c_unsigned(v)
                        .ok_or_else(|| invarg(w, v, "\"metric\" value is invalid"))?,
                );
            }
            RouteWord::Via => {
                let mut v = w.value(word)?;
                if matches!(v, "inet" | "inet6") {
                    v = w.value(word)?;
                }
                words::prefix(v, None)?;
                s.via = Some(v.to_owned());
            }
            RouteWord::Src => {
                let v = w.value(word)?;
                words::prefix(v, family)?;
                s.prefsrc = Some(v.to_owned());
            }
            RouteWord::Realms => {
                let v = w.value(word)?;
                s.realms = Some(words::realms(v).ok_or_else(|| invarg(w, v, "invalid realms"))?);
            }
            RouteWord::From => {
                let first = w.value(word)?;
                let (how, p) = within(w, first)?;
                words::prefix(&p, family)?;
                s.from = Some((how, p));
            }
            RouteWord::To => {
                let first = if cli::abbreviates(word, "to") {
                    w.value(word)?
                } else {
                    word
                };
                let (how, p) = within(w, first)?;
                // As ip, the last prefix given is the one that counts.
                words::prefix(&p, family)?;
                s.to = Some((how, p));
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
            "master" => s.master = Some(w.value(word)?.to_owned()),
            "vrf" => s.vrf = Some(w.value(word)?.to_owned()),
            "nomaster" => s.nomaster = true,
            "unused" => s.unused = true,
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
            p if cli::abbreviates(p, "protocol") => {
                let v = w.value(word)?;
                s.protocol =
                    Some(words::protocol(v).map_err(|_| invarg(w, v, "invalid \"protocol\""))?);
            }
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
    /// `not`.
    Not,
    /// `tos TOS`.
    Tos,
    /// `fwmark MARK[/MASK]`.
    Fwmark,
    /// `iif NAME`, `dev NAME`.
    Iif,
    /// `oif NAME`.
    Oif,
    /// `l3mdev`.
    L3mdev,
    /// `uidrange A-B`.
    Uidrange,
    /// `from PREFIX`.
    From,
    /// `protocol P`.
    Protocol,
    /// `ipproto P`.
    Ipproto,
    /// `sport A[-B]`.
    Sport,
    /// `dport A[-B]`.
    Dport,
}

/// The selector words of `ip rule show` and `ip rule flush`, in ip's order; a word that is
/// none of them is a destination prefix (after an optional `to`).
const RULE_WORDS: &[cli::Row<RuleWord>] = cli::rows![
    Prefix "preference" => RuleWord::Priority,
    Prefix "order" => RuleWord::Priority,
    Prefix "priority" => RuleWord::Priority,
    Exact "not" => RuleWord::Not,
    Exact "tos" => RuleWord::Tos,
    Exact "fwmark" => RuleWord::Fwmark,
    Exact "dev" => RuleWord::Iif,
    Exact "iif" => RuleWord::Iif,
    Exact "oif" => RuleWord::Oif,
    Exact "l3mdev" => RuleWord::L3mdev,
    Exact "uidrange" => RuleWord::Uidrange,
    Prefix "lookup" => RuleWord::Table,
    Prefix "table" => RuleWord::Table,
    Prefix "from" => RuleWord::From,
    Prefix "protocol" => RuleWord::Protocol,
    Exact "ipproto" => RuleWord::Ipproto,
    Exact "sport" => RuleWord::Sport,
    Exact "dport" => RuleWord::Dport,
];

/// `A` or `A-B`, as ip reads a range.
fn range_of<T: TryFrom<u32> + Copy>(s: &str) -> Option<(T, T)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let n = |x: &str| cli::c_unsigned(x).and_then(|v| T::try_from(v).ok());
    Some((n(a)?, n(b)?))
}

/// A rule selector's prefix: `all`, `any` and `default` select every rule.
fn rule_prefix(p: &str, family: AddressFamily) -> Result<Option<Prefix>> {
    match p {
        "all" | "any" | "default" => Ok(None),
        _ => words::prefix(p, Some(family)).map(Some),
    }
}

/// Parses `rule show`'s (and `rule flush`'s) words.
pub(crate) fn parse_rule(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RuleShow> {
    let fam = family.unwrap_or(AddressFamily::INET);
    let mut s = RuleShow::default();
    while let Some(word) = w.next() {
        match cli::resolve(RULE_WORDS, word) {
            Some(RuleWord::Table) => {
                let v = w.value(word)?;
                s.table =
                    Some(words::table(v).map_err(|_| invarg(w, v, "table id value is invalid"))?);
            }
            Some(RuleWord::Priority) => {
                let v = w.value(word)?;
                s.priority =
                    Some(cli::c_unsigned(v).ok_or_else(|| invarg(w, v, "Invalid \"pref\" value"))?);
            }
            Some(RuleWord::Not) => s.not = true,
            Some(RuleWord::Tos) => {
                let v = w.value(word)?;
                s.tos = words::dsfield(v).ok_or_else(|| invarg(w, v, "TOS value is invalid"))?;
            }
            Some(RuleWord::Fwmark) => {
                let v = w.value(word)?;
                let (m, k) = match v.split_once('/') {
                    Some((m, k)) => (m, Some(k)),
                    None => (v, None),
                };
                let bad = || invarg(w, v, "fwmark value is invalid");
                let mark = cli::c_unsigned(m).ok_or_else(bad)?;
                let mask = k.map(|k| cli::c_unsigned(k).ok_or_else(bad)).transpose()?;
                s.fwmark = Some((mark, mask));
            }
            Some(RuleWord::Iif) => s.iif = Some(w.value(word)?.to_owned()),
            Some(RuleWord::Oif) => s.oif = Some(w.value(word)?.to_owned()),
            Some(RuleWord::L3mdev) => s.l3mdev = true,
            Some(RuleWord::Uidrange) => {
                let v = w.value(word)?;
                s.uid_range = Some(range_of(v).ok_or_else(|| invarg(w, v, "invalid UID range"))?);
            }
            Some(RuleWord::From) => s.from = rule_prefix(w.value(word)?, fam)?,
            Some(RuleWord::Protocol) => {
                let v = w.value(word)?;
                s.protocol =
                    Some(words::protocol(v).map_err(|_| invarg(w, v, "Invalid \"protocol\""))?);
            }
            Some(RuleWord::Ipproto) => {
                let v = w.value(word)?;
                s.ip_proto = Some(
                    names::ip_proto_number(v).ok_or_else(|| invarg(w, v, "Invalid \"ipproto\""))?,
                );
            }
            Some(RuleWord::Sport) => {
                let v = w.value(word)?;
                s.sport = Some(range_of(v).ok_or_else(|| invarg(w, v, "invalid sport range"))?);
            }
            Some(RuleWord::Dport) => {
                let v = w.value(word)?;
                s.dport = Some(range_of(v).ok_or_else(|| invarg(w, v, "invalid dport range"))?);
            }
            None => {
                let mut p = word;
                if cli::abbreviates(p, "dst") || cli::abbreviates(p, "to") {
                    p = w.value(word)?;
                }
                if cli::abbreviates(p, "help") {
                    return Err(CliError::Help(help::object(Object::Rule).to_owned()));
                }
                s.to = rule_prefix(p, fam)?;
            }
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
        Show::RouteGet(g) => route_get(ctx, g),
        Show::NeighGet(g) => neigh_get(ctx, g),
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

/// The link filter of a selector's `up`, `master`, `vrf` and `type`.
fn link_filter(ctx: &Ctx, sel: &AddrSelect, names: &LinkNames) -> Result<LinkFilter> {
    let mut f = LinkFilter::default().flags(if sel.up { IfFlags::UP } else { IfFlags::EMPTY });
    f.master = sel
        .master
        .as_deref()
        .map(|m| device(names, m))
        .transpose()?;
    if let Some(v) = &sel.vrf {
        // As ip: the name must be a VRF device's, else it is a bad argument.
        let vrf = names
            .index(v)
            .and_then(|i| ctx.conn.link_by_index(i).ok().flatten())
            .filter(|l| l.kind.as_deref() == Some("vrf"))
            .ok_or_else(|| {
                CliError::usage(format!(
                    "Error: argument \"{v}\" is wrong: Not a valid VRF name"
                ))
            })?;
        f.master = Some(vrf.index);
    }
    f.kind = sel.kind.clone();
    Ok(f)
}

impl AddrSelect {
    /// Whether link `l` passes what the dump's filter cannot carry: `group`, `nomaster` and
    /// `type KIND_slave`.
    fn link_matches(&self, l: &LinkMsg<'_>) -> netlink::Result<bool> {
        if let Some(g) = self.group
            && l.group()?.unwrap_or(0) != g
        {
            return Ok(false);
        }
        if self.nomaster && l.master()?.is_some_and(|m| m != 0) {
            return Ok(false);
        }
        if let Some(k) = &self.slave_kind
            && l.slave_kind()? != Some(k.as_str())
        {
            return Ok(false);
        }
        Ok(true)
    }
}

fn link(ctx: &Ctx, s: &LinkShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let dev = s.sel.dev_index(&names)?;
    let filter = link_filter(ctx, &s.sel, &names)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_link(filter.clone(), |m| {
            if dev.is_some_and(|d| d != m.index()) || !s.sel.link_matches(m)? {
                return Ok(());
            }
            let l = Link::from_msg(m)?;
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
                msg: Some(m),
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
        let a = Address::from_msg(m)?;
        let entry = by_link.entry(a.index).or_default();
        entry.total = entry.total.saturating_add(1);
        if s.sel.matches(&a, names.name(a.index)) {
            entry.selected.push(a);
        }
        Ok(())
    })?;
    let filter = link_filter(ctx, &s.sel, &names)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_link(filter.clone(), |m| {
            if dev.is_some_and(|d| d != m.index()) || !s.sel.link_matches(m)? {
                return Ok(());
            }
            if ctx.link_family {
                // `ip -0 addr`: the links, without their addresses.
                let l = Link::from_msg(m)?;
                return emit(out.item(&LinkFields {
                    l: &l,
                    names: &names,
                    keys: LinkKeys {
                        linkmode: false,
                        ..LinkKeys::ALL
                    },
                    style: ctx.style,
                    msg: Some(m),
                }));
            }
            let list = by_link.remove(&m.index()).unwrap_or_default();
            // Like ip: a link is printed when one of its addresses passes the filters, or
            // when it has no address at all and no family was asked for.
            if list.selected.is_empty() && (family.is_some() || list.total > 0) {
                return Ok(());
            }
            // With -oneline, ip prints each address on a line of its own, without its link's.
            if ctx.oneline && !ctx.json && !ctx.brief {
                for a in &list.selected {
                    emit(out.item(&IndexedAddr {
                        a,
                        dev: names.name(a.index),
                    }))?;
                }
                return Ok(());
            }
            if s.sel.label.is_some() {
                // ip prints the addresses of a label without their links' lines, and in JSON
                // without their links' keys; in text a link with none prints nothing.
                if list.selected.is_empty() && !ctx.json && !ctx.brief {
                    return Ok(());
                }
                return emit(out.item(&LabelAddrs {
                    addrs: &list.selected,
                    dev: names.name(m.index()),
                    brief: ctx.brief,
                    numeric: ctx.style.numeric,
                }));
            }
            if ctx.brief {
                let l = Link::from_msg(m)?;
                return emit(out.item(&LinkBrief {
                    l: &l,
                    names: &names,
                    addrs: Some(&list.selected),
                }));
            }
            let l = Link::from_msg(m)?;
            // With a family, `ip` prints no link-layer details, and for IPv6 it dumps the links
            // through AF_INET6, whose answer carries fewer attributes (not so for one device,
            // which it asks for by name).
            let keys = LinkKeys {
                linkmode: false,
                link_layer: family.is_none(),
                details: !(ctx.family == Some(AddressFamily::INET6) && dev.is_none()),
                qlen: true,
            };
            emit(out.item(&LinkAddrs {
                link: LinkFields {
                    l: &l,
                    names: &names,
                    keys,
                    style: ctx.style,
                    msg: Some(m),
                },
                addrs: &list.selected,
            }))
        })
    })?;
    out.finish()
}

pub(crate) fn masked(a: IpAddr, len: u8) -> u128 {
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

/// A route selector ready to apply: the dump's filter, what ip checks itself, and the keys it
/// leaves out of what it prints because the selector fixed them.
#[derive(Debug)]
pub(crate) struct RouteSel {
    /// The dump: family, table, protocol, one type, the output device.
    pub(crate) filter: RouteFilter,
    /// The keys to leave out.
    pub(crate) omit: RouteOmit,
    dst: Option<(Within, Prefix)>,
    src: Option<(Within, Prefix)>,
    via: Option<Prefix>,
    prefsrc: Option<Prefix>,
    tos: Option<u8>,
    scope: Option<Scope>,
    types: Vec<RouteType>,
    iif: Option<u32>,
    mark: Option<u32>,
    metric: Option<u32>,
    realms: Option<(u32, u32)>,
}

/// Whether `a` (zeros when absent, as ip compares it) has the first `len` bits of `p`.
fn prefix_has(a: Option<IpAddr>, v4: bool, p: &Prefix, len: u8) -> bool {
    let a = a.unwrap_or(if v4 {
        IpAddr::from([0u8; 4])
    } else {
        IpAddr::from([0u16; 8])
    });
    a.is_ipv4() == p.addr.is_ipv4() && masked(a, len) == masked(p.addr, len)
}

/// Whether a route's prefix (`None`: length 0) passes `root`, `match` or `exact` `p`, as ip's
/// `filter_nlmsg` checks `rdst`/`mdst` (and `rsrc`/`msrc`).
fn prefix_selects(own: Option<&Prefix>, v4: bool, how: Within, p: &Prefix) -> bool {
    if v4 != p.addr.is_ipv4() {
        return false;
    }
    let (addr, len) = match own {
        Some(d) => (Some(d.addr), d.len),
        None => (None, 0),
    };
    let root = || len >= p.len && prefix_has(addr, v4, p, p.len);
    let within = || len <= p.len && prefix_has(addr, v4, p, len);
    match how {
        Within::Root => root(),
        Within::Match => within(),
        Within::Exact => root() && within(),
    }
}

/// The selector `s` read for `family` (`-4`/`-6`), with its names resolved.
pub(crate) fn route_filter(ctx: &Ctx, s: &RouteShow, names: &LinkNames) -> Result<RouteSel> {
    let family = ctx.family;
    let mut table = match s.table {
        None => Some(Table::MAIN),
        Some(t) => t,
    };
    if let Some(v) = &s.vrf {
        table = Some(vrf_table(ctx, names, v)?);
    }
    let dst =
        s.to.as_ref()
            .map(|(how, p)| Ok::<_, CliError>((*how, words::prefix(p, family)?)))
            .transpose()?;
    let src = s
        .from
        .as_ref()
        .map(|(how, p)| Ok::<_, CliError>((*how, words::prefix(p, family)?)))
        .transpose()?;
    let via = s
        .via
        .as_deref()
        .map(|v| words::prefix(v, None))
        .transpose()?;
    let prefsrc = s
        .prefsrc
        .as_deref()
        .map(|v| words::prefix(v, family))
        .transpose()?;
    // Like ip: a single table without -4/-6 means IPv4, whatever family the prefixes are of
    // (an IPv6 prefix then selects nothing); `table all` means every family.
    let family = family.or(table.map(|_| AddressFamily::INET));
    let mut filter = RouteFilter::default();
    filter.family = family;
    filter.table = table;
    filter.protocol = s.protocol;
    filter.route_type = match s.types.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    filter.cloned = s.cloned;
    // ip reports a table that does not exist, but for `main`, which a namespace has only once
    // a route was added to it: then it prints nothing and succeeds.
    filter.table_must_exist = table != Some(Table::MAIN);
    filter.oif = s
        .dev
        .as_deref()
        .map(|d| find_device(names, d))
        .transpose()?;
    let iif = s
        .iif
        .as_deref()
        .map(|d| find_device(names, d))
        .transpose()?;
    let full = |p: &Option<Prefix>| p.is_some_and(|p| p.len == p.max_len());
    let omit = RouteOmit {
        dev: s.dev.is_some(),
        table: table.is_some(),
        protocol: s.protocol.is_some(),
        scope: s.scope.is_some(),
        tos: s.tos.is_some(),
        gateway: full(&via),
        prefsrc: full(&prefsrc),
        metric: s.metric.is_some(),
        iif: s.iif.is_some(),
        realms: s.realms.is_some_and(|(_, mask)| mask == u32::MAX),
    };
    Ok(RouteSel {
        filter,
        omit,
        dst,
        src,
        via,
        prefsrc,
        tos: s.tos,
        scope: s.scope,
        types: s.types.clone(),
        iif,
        mark: s.mark,
        metric: s.metric,
        realms: s.realms,
    })
}

/// The table of the VRF device `name`, which must be one.
fn vrf_table(ctx: &Ctx, names: &LinkNames, name: &str) -> Result<Table> {
    let not_vrf = || {
        CliError::usage(format!(
            "Error: argument \"{name}\" is wrong: Not a valid VRF name"
        ))
    };
    let index = names.index(name).ok_or_else(not_vrf)?;
    let mut table = None;
    ctx.conn.for_each_link(LinkFilter::default(), |m| {
        if m.index() == index
            && m.kind()? == Some("vrf")
            && let Some(netlink::netlink_wire::rtnl::link::KindData::Vrf(d)) =
                m.link_info()?.and_then(|i| i.kind_data().ok().flatten())
        {
            table = d.table()?;
        }
        Ok(())
    })?;
    table.ok_or_else(not_vrf)
}

impl RouteSel {
    /// Whether the dumped route `r` is one the selector picks: what the dump did not filter,
    /// checked as ip's `filter_nlmsg` does. `dev` selects by `RTA_OIF` only (not multipath
    /// routes through it), as ip does.
    pub(crate) fn selected(&self, r: &Route) -> bool {
        let v4 = r.family == AddressFamily::INET;
        let ok_dst = self
            .dst
            .is_none_or(|(how, p)| prefix_selects(r.dst.as_ref(), v4, how, &p));
        let ok_src = self
            .src
            .is_none_or(|(how, p)| prefix_selects(r.src.as_ref(), v4, how, &p));
        let ok_via = self.via.is_none_or(|p| {
            let gw = r.via.or(r.gateway);
            let family_v4 = r.via.map_or(v4, |v| v.is_ipv4());
            family_v4 == p.addr.is_ipv4() && (p.len == 0 || prefix_has(gw, family_v4, &p, p.len))
        });
        let ok_prefsrc = self.prefsrc.is_none_or(|p| {
            v4 == p.addr.is_ipv4() && (p.len == 0 || prefix_has(r.prefsrc, v4, &p, p.len))
        });
        ok_dst
            && ok_src
            && ok_via
            && ok_prefsrc
            && (self.filter.oif.is_none() || r.oif == self.filter.oif)
            && self.tos.is_none_or(|t| t == r.tos)
            && self.scope.is_none_or(|sc| sc == r.scope)
            && (self.types.is_empty() || self.types.contains(&r.route_type))
            && self.iif.is_none_or(|i| r.iif.unwrap_or(0) == i)
            && self.mark.is_none_or(|m| r.mark.unwrap_or(0) == m)
            && self.metric.is_none_or(|m| r.metric.unwrap_or(0) == m)
            && self
                .realms
                .is_none_or(|(v, mask)| (r.realms.unwrap_or(0) ^ v) & mask == 0)
    }
}

fn route(ctx: &Ctx, s: &RouteShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let sel = route_filter(ctx, s, &names)?;
    // With -details ip prints the nexthop object a route uses: all of them, up front.
    let nexthops = if ctx.style.details > 0 {
        Some(ctx.conn.list(NexthopFilter::default())?)
    } else {
        None
    };
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_route(sel.filter, |m| {
            let r = Route::from_msg(m)?;
            if !sel.selected(&r) {
                return Ok(());
            }
            emit(out.item(&RouteFields {
                r: &r,
                names: &names,
                omit: sel.omit,
                style: ctx.style,
                nexthops: nexthops.as_deref(),
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

    /// The dump that lists the entries the selector may pick: the device and the master
    /// (`u32::MAX` for `nomaster`, which the kernel reads as -1: no master) go to the kernel.
    pub(crate) fn dump_filter(
        &self,
        ctx: &Ctx,
        names: &LinkNames,
        dev: Option<u32>,
    ) -> Result<NeighFilter> {
        let mut f = NeighFilter::default().proxy(self.proxy);
        f.family = self.family(ctx.family);
        f.index = dev;
        f.master = self
            .master
            .as_deref()
            .map(|m| find_device(names, m))
            .transpose()?;
        if let Some(v) = &self.vrf {
            let vrf = names
                .index(v)
                .and_then(|i| ctx.conn.link_by_index(i).ok().flatten())
                .filter(|l| l.kind.as_deref() == Some("vrf"))
                .ok_or_else(|| invarg_plain(v, "Not a valid VRF name"))?;
            f.master = Some(vrf.index);
        }
        if self.nomaster {
            f.master = Some(u32::MAX);
        }
        Ok(f)
    }

    /// Whether `n` passes what the dump does not filter: `to PREFIX`, `unused`, `protocol`.
    pub(crate) fn inside(&self, n: &Neighbour) -> bool {
        let to = self.to.is_none_or(|p| {
            n.destination.is_some_and(|d| {
                d.is_ipv4() == p.addr.is_ipv4() && masked(d, p.len) == masked(p.addr, p.len)
            })
        });
        let unused = !self.unused || n.cache_info.is_none_or(|c| c.refcnt == 0);
        let proto = self
            .protocol
            .is_none_or(|p| n.protocol.unwrap_or(RouteProtocol::UNSPEC) == p);
        to && unused && proto
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
    let filter = s.dump_filter(ctx, &names, dev)?;
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_neighbour(filter, |m| {
            if !neigh_shown(s.nud, m.state(), m.flags()) {
                return Ok(());
            }
            let n = Neighbour::from_msg(m)?;
            if !s.inside(&n) {
                return Ok(());
            }
            if ctx.brief {
                return emit(out.item(&NeighBrief {
                    n: &n,
                    names: &names,
                }));
            }
            emit(out.item(&NeighFields {
                n: &n,
                names: &names,
                omit_dev: dev.is_some(),
                style: ctx.style,
            }))
        })
    })?;
    out.finish()
}

impl RouteShow {
    /// Every table's routes (`table all`), nothing else selected.
    pub(crate) fn all_tables() -> Self {
        RouteShow {
            table: Some(None),
            ..RouteShow::default()
        }
    }
}

impl RuleShow {
    /// The rules the selector picks, of `family` (IPv4 when none, as `ip rule`).
    pub(crate) fn filter(&self, family: Option<AddressFamily>) -> RuleFilter {
        let mut f = RuleFilter::family(family.unwrap_or(AddressFamily::INET));
        f.table = self.table;
        f.priority = self.priority;
        f
    }

    /// Whether `r` passes what the dump does not filter, as ip's rule filter checks it:
    /// prefixes, marks, devices, ranges and protocols must be the same, not contain each
    /// other. `protocol` selects, where ip 6.1 reads it and ignores it.
    pub(crate) fn selects(&self, r: &Rule) -> bool {
        let same_prefix = |want: &Option<Prefix>, got: &Option<(IpAddr, u8)>| {
            want.is_none_or(|p| {
                got.is_some_and(|(a, len)| len == p.len && masked(a, len) == masked(p.addr, len))
            })
        };
        let mark_ok = self.fwmark.is_none_or(|(mark, mask)| {
            r.fwmark.unwrap_or(0) == mark && mask.is_none_or(|k| r.fwmask.unwrap_or(u32::MAX) == k)
        });
        (!self.not || r.flags.contains(RuleFlags::INVERT))
            && same_prefix(&self.from, &r.src)
            && same_prefix(&self.to, &r.dst)
            && (self.tos == 0 || r.tos == self.tos)
            && mark_ok
            && self
                .iif
                .as_deref()
                .is_none_or(|i| r.iifname.as_deref() == Some(i))
            && self
                .oif
                .as_deref()
                .is_none_or(|o| r.oifname.as_deref() == Some(o))
            && (!self.l3mdev || r.l3mdev)
            && self.uid_range.is_none_or(|u| r.uid_range == Some(u))
            && self.ip_proto.is_none_or(|p| r.ip_proto == Some(p))
            && self.sport.is_none_or(|p| r.sport_range == Some(p))
            && self.dport.is_none_or(|p| r.dport_range == Some(p))
            && self.protocol.is_none_or(|p| r.protocol == p)
    }
}

fn rule(ctx: &Ctx, s: &RuleShow) -> Result<()> {
    // `ip rule show` shows IPv4 rules unless -6 is given.
    let filter = s.filter(ctx.family);
    let mut out = Out::new(ctx)?;
    streamed(|emit| {
        ctx.conn.for_each_rule(filter, |m| {
            let r = Rule::from_msg(m)?;
            if !s.selects(&r) {
                return Ok(());
            }
            emit(out.item(&RuleFields {
                r: &r,
                style: ctx.style,
            }))
        })
    })?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_select_like_ip_route_show() {
        let p = |s: &str| words::prefix(s, None).unwrap();
        let route = Prefix::new("198.51.100.0".parse().unwrap(), 24);
        for (how, sel, picked) in [
            (Within::Exact, "198.51.100.0/24", true),
            (Within::Exact, "198.51.100.0/25", false),
            (Within::Root, "198.51.100.0/16", true),
            (Within::Root, "198.51.100.0/25", false),
            (Within::Match, "198.51.100.7", true),
            (Within::Match, "198.51.0.0/16", false),
            (Within::Match, "default", false),
        ] {
            assert_eq!(
                prefix_selects(Some(&route), true, how, &p(sel)),
                picked,
                "{how:?} {sel}"
            );
        }
        // The default route: length 0.
        assert!(prefix_selects(None, true, Within::Exact, &p("default")));
        assert!(prefix_selects(
            None,
            true,
            Within::Match,
            &p("198.51.100.7")
        ));
        assert!(!prefix_selects(
            None,
            true,
            Within::Root,
            &p("198.51.100.0/24")
        ));
        assert!(!prefix_selects(
            Some(&route),
            false,
            Within::Root,
            &p("default")
        ));
    }

    #[test]
    fn labels_match_as_fnmatch() {
        for (p, n, m) in [
            ("v0*", "v0:a", true),
            ("v0*", "v0", true),
            ("v0", "v0:a", false),
            ("v?:a", "v0:a", true),
            ("v[0-3]:*", "v2:x", true),
            ("v[!0]", "v0", false),
            ("v[!0]", "v1", true),
            ("*a", "v0:a", true),
            ("*:*:*", "v0:a", false),
            ("\\*", "*", true),
            ("\\*", "a", false),
            ("[", "[", false),
        ] {
            assert_eq!(fnmatch(p, n), m, "{p} {n}");
        }
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
