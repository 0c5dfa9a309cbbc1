//! Objects as `ip -j` prints them (same keys in the same order, same values) and as `ip`
//! prints them in text, from one description per object: each field is written once into a
//! [`Sink`] with its JSON key and its text, as iproute2's `print_*` calls do, so that both
//! outputs always agree and neither builds a map or a `String` per object.

use std::fmt;
use std::io;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::{AddrGenMode, IfFlags, LinkMsg};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighFlagsExt};
use netlink::netlink_wire::rtnl::nexthop::GroupType;
use netlink::netlink_wire::rtnl::route::{RtmFlags, RtnhFlags};
use netlink::netlink_wire::rtnl::rule::{RuleAction, RuleFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol, RouteType, Scope, Table};
use netlink::ops::route::{NextHop, Prefix, Route, RouteMetrics};
use netlink::{Address, Link, Neighbour, Nexthop, Rule};

use crate::names::{self, LinkName, LinkNames, Named};
use crate::sink::{Fields, Lit, Sink, Style, Txt};
use crate::{details, stats};

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
    /// A `scope` filter was given.
    pub(crate) scope: bool,
    /// A `tos` filter was given.
    pub(crate) tos: bool,
    /// A `via` filter with a whole address was given.
    pub(crate) gateway: bool,
    /// A `src` filter with a whole address was given.
    pub(crate) prefsrc: bool,
    /// A `metric` filter was given.
    pub(crate) metric: bool,
    /// An `iif` filter was given.
    pub(crate) iif: bool,
    /// A `realms` filter of both realms was given.
    pub(crate) realms: bool,
}

/// A hardware address as `ip` prints it: lowercase hex bytes joined by `:`.
pub(crate) struct Hw<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A value `ip` prints by its name, or by its number with `-Numeric`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<T>(pub(crate) T, pub(crate) bool);

macro_rules! numeric_names {
    ($($t:ty),*) => {
        $(impl fmt::Display for Name<$t> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if self.1 { self.0.0.fmt(f) } else { self.0.fmt(f) }
            }
        })*
    };
}
numeric_names!(RouteProtocol, Scope, RouteType);

impl fmt::Display for Name<Table> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            self.0.0.fmt(f)
        } else {
            names::table(self.0).fmt(f)
        }
    }
}

/// Which of a link's keys to print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkKeys {
    /// `linkmode`, `ifalias`, `inet6_addr_gen_mode` and the counters: printed by `ip link
    /// show` (its `do_link`), not by `ip addr show` (which prints the counters after the
    /// addresses, and the alias with `-details` only).
    pub(crate) linkmode: bool,
    /// `link_type`, `address`, `broadcast`, `peer`, `permaddr`: not with `addr show -4/-6`,
    /// which print no link-layer details.
    pub(crate) link_layer: bool,
    /// `qdisc`, `master`, `group`, `link_netnsid`, `altnames`, `proto_down`: not in
    /// `ip -6 addr show`, which dumps the links through AF_INET6, whose answer has fewer.
    pub(crate) details: bool,
    /// `txqlen`: printed by the shows (ip's `filter.showqueue`), not by the monitor.
    pub(crate) qlen: bool,
}

impl LinkKeys {
    /// Every key, as `ip -j link show` prints them.
    pub(crate) const ALL: LinkKeys = LinkKeys {
        linkmode: true,
        link_layer: true,
        details: true,
        qlen: true,
    };

    /// What `ip monitor` prints of a link: what `ip addr show` prints, without the queue
    /// length.
    pub(crate) const MONITOR: LinkKeys = LinkKeys {
        linkmode: false,
        link_layer: true,
        details: true,
        qlen: false,
    };
}

/// A link as `ip -j link show` prints it; in text, its two header lines and what the options
/// add.
#[derive(Debug)]
pub(crate) struct LinkFields<'a> {
    /// The link.
    pub(crate) l: &'a Link,
    /// Names of the links it refers to.
    pub(crate) names: &'a LinkNames,
    /// Which keys to print.
    pub(crate) keys: LinkKeys,
    /// `-details`, `-stats`...
    pub(crate) style: Style,
    /// The message the link came in, for what `-details` prints of its kind.
    pub(crate) msg: Option<&'a LinkMsg<'a>>,
}

/// The link flags `ip` prints between `<>`: `NO-CARRIER` for an up link without carrier, the
/// known flags in ip's order without `RUNNING`, and `M-DOWN` when the lower link or peer is
/// down.
fn link_flags<S: Sink>(s: &mut S, l: &Link, mdown: bool) -> io::Result<()> {
    s.open_array("flags")?;
    let no_carrier = l.flags.contains(IfFlags::UP) && !l.flags.contains(IfFlags::RUNNING);
    let known = l.flags.short_names().filter(|n| *n != "RUNNING");
    for (i, f) in no_carrier
        .then_some("NO-CARRIER")
        .into_iter()
        .chain(known)
        .chain(mdown.then_some("M-DOWN"))
        .enumerate()
    {
        s.string("", Some(Txt(if i == 0 { "" } else { "," }, "")), f)?;
    }
    s.close_array()
}

/// Whether `ip` marks link `l` `M-DOWN`: its lower link or peer, in this namespace, is down.
fn m_down(l: &Link, names: &LinkNames) -> bool {
    l.link_netnsid.is_none() && l.link.is_some_and(|i| i != 0 && !names.is_up(i))
}

/// What `ip -details` prints of a link after its link-layer address.
fn link_details<S: Sink>(s: &mut S, f: &LinkFields<'_>) -> io::Result<()> {
    let l = f.l;
    s.number(
        "promiscuity",
        Some(Txt(" promiscuity ", " ")),
        l.promiscuity.unwrap_or(0),
    )?;
    if let Some(a) = l.allmulti {
        s.number("allmulti", Some(Txt(" allmulti ", " ")), a)?;
    }
    if let Some(m) = l.min_mtu {
        s.number("min_mtu", Some(Txt("minmtu ", " ")), m)?;
    }
    if let Some(m) = l.max_mtu {
        s.number("max_mtu", Some(Txt("maxmtu ", " ")), m)?;
    }
    if let Some(m) = f.msg {
        if let Ok(Some(info)) = m.link_info() {
            details::link_info(s, &info, f.names)?;
        }
        if f.keys.linkmode
            && let Ok(Some(af)) = m.af_spec()
            && let Ok(Some(inet6)) = af.inet6()
            && let Ok(Some(mode)) = inet6.addr_gen_mode()
        {
            s.string(
                "inet6_addr_gen_mode",
                Some(Txt("addrgenmode ", " ")),
                AddrGenModeName(mode),
            )?;
        }
    }
    for (key, word, v) in [
        ("num_tx_queues", "numtxqueues ", l.num_tx_queues),
        ("num_rx_queues", "numrxqueues ", l.num_rx_queues),
        ("gso_max_size", "gso_max_size ", l.gso_max_size),
        ("gso_max_segs", "gso_max_segs ", l.gso_max_segs),
        ("tso_max_size", "tso_max_size ", l.tso_max_size),
        ("tso_max_segs", "tso_max_segs ", l.tso_max_segs),
        ("gro_max_size", "gro_max_size ", l.gro_max_size),
    ] {
        if let Some(v) = v {
            s.number(key, Some(Txt(word, " ")), v)?;
        }
    }
    if let Some(b) = &l.parent_dev_bus_name {
        s.string("parentbus", Some(Txt("parentbus ", " ")), b)?;
    }
    if let Some(d) = &l.parent_dev_name {
        s.string("parentdev", Some(Txt("parentdev ", " ")), d)?;
    }
    Ok(())
}

/// An IPv6 address generation mode as `ip` names it.
struct AddrGenModeName(AddrGenMode);

impl fmt::Display for AddrGenModeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            m @ (AddrGenMode::EUI64
            | AddrGenMode::NONE
            | AddrGenMode::STABLE_PRIVACY
            | AddrGenMode::RANDOM) => m.fmt(f),
            m => write!(f, "{:#04x}", m.0),
        }
    }
}

impl Fields for LinkFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let LinkFields {
            l,
            names,
            keys,
            style,
            ..
        } = *self;
        s.number("ifindex", Some(Txt("", ": ")), l.index)?;
        let link = l.link.filter(|i| *i != 0);
        if let Some(i) = link {
            // JSON has the lower link before the name, text after it (`v0@v1`).
            if l.link_netnsid.is_some() {
                s.number("link_index", None, i)?;
            } else {
                s.string("link", None, names.name(i))?;
            }
        }
        s.string("ifname", Some(Txt("", "")), &l.name)?;
        if let Some(i) = link {
            if l.link_netnsid.is_some() {
                s.text(format_args!("@if{i}"))?;
            } else {
                s.text(format_args!("@{}", names.name(i)))?;
            }
        }
        s.text(": <")?;
        link_flags(s, l, m_down(l, names))?;
        s.text(">")?;
        if let Some(m) = l.mtu {
            s.number("mtu", Some(Txt(" mtu ", "")), m)?;
        }
        if keys.details {
            if let Some(q) = &l.qdisc {
                s.string("qdisc", Some(Txt(" qdisc ", "")), q)?;
            }
            if let Some(m) = l.master.filter(|m| *m != 0) {
                s.string("master", Some(Txt(" master ", "")), names.name(m))?;
            }
        }
        if let Some(st) = l.operstate {
            s.string("operstate", Some(Txt(" state ", "")), st)?;
        }
        if keys.linkmode
            && let Some(m) = l.link_mode
        {
            s.string("linkmode", Some(Txt(" mode ", "")), m)?;
        }
        if keys.details
            && let Some(g) = l.group
        {
            if style.numeric {
                s.string("group", Some(Txt(" group ", "")), g)?;
            } else {
                s.string("group", Some(Txt(" group ", "")), names::group(g))?;
            }
        }
        match l.txqlen {
            Some(t) if keys.qlen => s.number("txqlen", Some(Txt(" qlen ", "")), t)?,
            // ip prints "group %s " with its blank, which the queue length follows.
            _ if keys.details && l.group.is_some() => s.text(" ")?,
            _ => {}
        }
        if keys.link_layer || style.details > 0 {
            // ip prints "link/%s " with its blank, which the address follows: a link without
            // one (`link/none `) keeps the blank.
            if style.numeric {
                s.string(
                    "link_type",
                    Some(Txt("\n    link/", " ")),
                    format_args!("[{}]", l.link_type.0),
                )?;
            } else {
                s.string("link_type", Some(Txt("\n    link/", " ")), l.link_type)?;
            }
            if let Some(a) = &l.address {
                s.string("address", Some(Txt("", "")), Hw(a))?;
            }
            if let Some(b) = &l.broadcast {
                if l.flags.contains(IfFlags::POINTOPOINT) {
                    s.string("peer", Some(Txt(" peer ", "")), Hw(b))?;
                } else {
                    s.string("broadcast", Some(Txt(" brd ", "")), Hw(b))?;
                }
            }
            if let Some(p) = &l.perm_address
                && l.address.as_ref() != Some(p)
            {
                s.string("permaddr", Some(Txt(" permaddr ", "")), Hw(p))?;
            }
        }
        if keys.details {
            if let Some(id) = l.link_netnsid {
                s.number("link_netnsid", Some(Txt(" link-netnsid ", "")), id)?;
            }
            if l.proto_down == Some(true) {
                s.literal("proto_down", Lit::True, " protodown on ")?;
            }
        }
        if style.details > 0 {
            link_details(s, self)?;
        }
        if (keys.linkmode || style.details > 0)
            && let Some(a) = &l.alias
        {
            s.string("ifalias", Some(Txt("\n    alias ", "")), a)?;
        }
        if keys.linkmode && style.stats > 0 {
            link_stats(s, l, style)?;
        }
        if keys.details && !l.alt_names.is_empty() {
            s.open_array("altnames")?;
            for n in &l.alt_names {
                s.string("", Some(Txt("\n    altname ", "")), n)?;
            }
            s.close_array()?;
        }
        Ok(())
    }
}

/// A link as `ip -brief link show` prints it: its name, state, address and flags on one line.
#[derive(Debug)]
pub(crate) struct LinkBrief<'a> {
    /// The link.
    pub(crate) l: &'a Link,
    /// Names of the links it refers to.
    pub(crate) names: &'a LinkNames,
    /// The addresses to print (`addr show`), or `None` for the link-layer address and flags
    /// (`link show`).
    pub(crate) addrs: Option<&'a [Address]>,
}

/// `NAME@LINK` padded to 16 columns, as `ip -brief` prints a link's name.
struct BriefName<'a>(&'a Link, &'a LinkNames);

impl fmt::Display for BriefName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BriefName(l, names) = *self;
        let name = match l.link.filter(|i| *i != 0) {
            Some(i) if l.link_netnsid.is_some() => format!("{}@if{i}", l.name),
            Some(i) => format!("{}@{}", l.name, names.name(i)),
            None => l.name.clone(),
        };
        write!(f, "{name:<16} ")
    }
}

impl Fields for LinkBrief<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let LinkBrief { l, names, addrs } = *self;
        if let Some(i) = l.link.filter(|i| *i != 0) {
            if l.link_netnsid.is_some() {
                s.number("link_index", None, i)?;
            } else {
                s.string("link", None, names.name(i))?;
            }
        }
        s.string("ifname", None, &l.name)?;
        s.text(BriefName(l, names))?;
        if let Some(st) = l.operstate {
            s.string("operstate", None, st)?;
            s.text(format_args!("{:<14} ", st.to_string()))?;
        }
        match addrs {
            None => {
                if let Some(a) = &l.address {
                    s.string("address", Some(Txt("", " ")), Hw(a))?;
                }
                s.text("<")?;
                link_flags(s, l, m_down(l, names))?;
                s.text("> ")?;
            }
            Some(addrs) => {
                s.open_array("addr_info")?;
                for a in addrs {
                    s.open_object("")?;
                    let local = a.local.or(a.address);
                    if let Some(local) = local {
                        s.string("local", Some(Txt("", "")), local)?;
                    }
                    if let Some(peer) = a.address.filter(|p| Some(*p) != local) {
                        s.string("address", Some(Txt(" peer ", "")), peer)?;
                    }
                    s.number("prefixlen", Some(Txt("/", " ")), a.prefix_len)?;
                    s.close_object()?;
                }
                s.close_array()?;
            }
        }
        Ok(())
    }
}

/// The addresses of one link as `ip addr show label LABEL` prints them: without the link's
/// lines, and in JSON without its keys; with `-brief` each on the link's line.
#[derive(Debug)]
pub(crate) struct LabelAddrs<'a> {
    /// The addresses the label selects.
    pub(crate) addrs: &'a [Address],
    /// Their link's name.
    pub(crate) dev: LinkName<'a>,
    /// `-brief`.
    pub(crate) brief: bool,
    /// `-Numeric`.
    pub(crate) numeric: bool,
}

impl Fields for LabelAddrs<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.open_array("addr_info")?;
        for (i, a) in self.addrs.iter().enumerate() {
            s.open_object("")?;
            if self.brief {
                let local = a.local.or(a.address);
                if let Some(local) = local {
                    s.string("local", Some(Txt("", "")), local)?;
                }
                if let Some(peer) = a.address.filter(|p| Some(*p) != local) {
                    s.string("address", Some(Txt(" peer ", "")), peer)?;
                }
                s.number("prefixlen", Some(Txt("/", " ")), a.prefix_len)?;
            } else {
                if i > 0 {
                    s.text("\n")?;
                }
                AddrFields {
                    a,
                    dev: self.dev,
                    numeric: self.numeric,
                }
                .fields(s)?;
            }
            s.close_object()?;
        }
        s.close_array()
    }
}

/// A link's counters, when it has them.
pub(crate) fn link_stats<S: Sink>(s: &mut S, l: &Link, style: Style) -> io::Result<()> {
    match &l.stats64 {
        Some(st) => stats::stats64(s, st, l.carrier_changes, style),
        None => Ok(()),
    }
}

/// One entry of `addr_info` as `ip -j addr show` prints it; in text, the address's two lines
/// under its link.
#[derive(Debug)]
pub(crate) struct AddrFields<'a> {
    /// The address.
    pub(crate) a: &'a Address,
    /// Its link's name, which text prints for an IPv4 address without a label.
    pub(crate) dev: LinkName<'a>,
    /// `-Numeric`: the scope as a number.
    pub(crate) numeric: bool,
}

/// A lifetime as `ip` prints it in text.
struct Lifetime(Option<u32>);

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) if v != u32::MAX => write!(f, "{v}sec"),
            _ => f.write_str("forever"),
        }
    }
}

impl Fields for AddrFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let a = self.a;
        s.string("family", Some(Txt("    ", " ")), a.family)?;
        if let Some(local) = a.local {
            s.string("local", Some(Txt("", "")), local)?;
            if let Some(peer) = a.address.filter(|p| *p != local) {
                s.string("address", Some(Txt(" peer ", "")), peer)?;
            }
        } else if let Some(addr) = a.address {
            s.string("local", Some(Txt("", "")), addr)?;
        }
        s.number("prefixlen", Some(Txt("/", "")), a.prefix_len)?;
        if let Some(b) = a.broadcast {
            s.string("broadcast", Some(Txt(" brd ", "")), b)?;
        }
        s.string(
            "scope",
            Some(Txt(" scope ", "")),
            Name(a.scope, self.numeric),
        )?;
        for (flag, name, text) in [
            (AddrFlags::SECONDARY, "secondary", " secondary"),
            (AddrFlags::NODAD, "nodad", " nodad"),
            (AddrFlags::OPTIMISTIC, "optimistic", " optimistic"),
            (AddrFlags::DADFAILED, "dadfailed", " dadfailed"),
            (AddrFlags::HOMEADDRESS, "home", " home"),
            (AddrFlags::DEPRECATED, "deprecated", " deprecated"),
            (AddrFlags::TENTATIVE, "tentative", " tentative"),
            (AddrFlags::PERMANENT, "dynamic", " dynamic"),
            (AddrFlags::MANAGETEMPADDR, "mngtmpaddr", " mngtmpaddr"),
            (AddrFlags::NOPREFIXROUTE, "noprefixroute", " noprefixroute"),
            (AddrFlags::MCAUTOJOIN, "autojoin", " autojoin"),
            (
                AddrFlags::STABLE_PRIVACY,
                "stable-privacy",
                " stable-privacy",
            ),
        ] {
            let set = a.flags.contains(flag);
            if flag == AddrFlags::PERMANENT {
                if !set {
                    s.literal(name, Lit::True, text)?;
                }
            } else if set {
                if flag == AddrFlags::SECONDARY && a.family == AddressFamily::INET6 {
                    s.literal("temporary", Lit::True, " temporary")?;
                } else {
                    s.literal(name, Lit::True, text)?;
                }
            }
        }
        // Text names the label, else the device, and only for IPv4.
        let inet = a.family == AddressFamily::INET;
        let label_text = inet.then_some(Txt(" ", ""));
        if let Some(l) = &a.label {
            s.string("label", label_text, l)?;
        } else if inet {
            s.text(format_args!(" {}", self.dev))?;
        }
        // ip ends each word of the line with a blank; only an IPv4 label closes it without.
        if !inet {
            s.text(" ")?;
        }
        if let Some(v) = a.valid_lifetime {
            s.number("valid_life_time", None, v)?;
        }
        if let Some(p) = a.preferred_lifetime {
            s.number("preferred_life_time", None, p)?;
        }
        s.text(format_args!(
            "\n       valid_lft {} preferred_lft {}",
            Lifetime(a.valid_lifetime),
            Lifetime(a.preferred_lifetime)
        ))?;
        if let Some(m) = a.metric {
            s.number("metric", None, m)?;
        }
        Ok(())
    }
}

/// An address with its interface's index and name in front, as `ip monitor` prints an address
/// event and `ip -s -s address flush` a deleted address (`5: v0    inet ...`).
#[derive(Debug)]
pub(crate) struct IndexedAddr<'a> {
    /// The address.
    pub(crate) a: &'a Address,
    /// Its interface's name.
    pub(crate) dev: LinkName<'a>,
}

impl Fields for IndexedAddr<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.number("index", Some(Txt("", ": ")), self.a.index)?;
        s.string("dev", Some(Txt("", "")), self.dev)?;
        AddrFields {
            a: self.a,
            dev: self.dev,
            numeric: false,
        }
        .fields(s)
    }
}

/// A link with its addresses, as `ip -j addr show` prints it (`addr_info`); in text, the
/// link's lines, then each address's.
#[derive(Debug)]
pub(crate) struct LinkAddrs<'a> {
    /// The link.
    pub(crate) link: LinkFields<'a>,
    /// Its addresses, in dump order.
    pub(crate) addrs: &'a [Address],
}

impl Fields for LinkAddrs<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        self.link.fields(s)?;
        s.open_array("addr_info")?;
        for a in self.addrs {
            s.text("\n")?;
            s.open_object("")?;
            AddrFields {
                a,
                dev: LinkName::Known(&self.link.l.name),
                numeric: self.link.style.numeric,
            }
            .fields(s)?;
            s.close_object()?;
        }
        s.close_array()?;
        // `ip addr show -s` prints the counters after the addresses.
        if self.link.style.stats > 0 {
            link_stats(s, self.link.l, self.link.style)?;
        }
        Ok(())
    }
}

/// A destination or source as `ip` prints it: the bare address for a host prefix.
struct Host<'a>(&'a Prefix);

impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len == self.0.max_len() {
            self.0.addr.fmt(f)
        } else {
            self.0.fmt(f)
        }
    }
}

fn family_name(a: IpAddr) -> &'static str {
    if a.is_ipv4() { "inet" } else { "inet6" }
}

/// The nexthop flags `ip` prints in a path's `flags`, in its order.
pub(crate) const NEXTHOP_FLAGS: [(RtnhFlags, &str); 7] = [
    (RtnhFlags::DEAD, "dead"),
    (RtnhFlags::ONLINK, "onlink"),
    (RtnhFlags::PERVASIVE, "pervasive"),
    (RtnhFlags::OFFLOAD, "offload"),
    (RtnhFlags::TRAP, "trap"),
    (RtnhFlags::LINKDOWN, "linkdown"),
    (RtnhFlags::UNRESOLVED, "unresolved"),
];

/// `flags` as a JSON array of names; in text, each name followed by a blank.
fn flag_names<S: Sink>(s: &mut S, names: impl Iterator<Item = &'static str>) -> io::Result<()> {
    s.open_array("flags")?;
    for n in names {
        s.string("", Some(Txt("", " ")), n)?;
    }
    s.close_array()
}

/// `via` of another family: `{"family":..,"host":..}`, in text `via inet6 ADDR `.
fn via<S: Sink>(s: &mut S, a: IpAddr) -> io::Result<()> {
    s.open_object("via")?;
    s.string("family", Some(Txt("via ", " ")), family_name(a))?;
    s.string("host", Some(Txt("", " ")), a)?;
    s.close_object()
}

/// The route metrics in `RTAX_*` order, with their `ip` names.
const METRICS: [(u32, &str); 16] = [
    (2, "mtu"),
    (3, "window"),
    (4, "rtt"),
    (5, "rttvar"),
    (6, "ssthresh"),
    (7, "cwnd"),
    (8, "advmss"),
    (9, "reordering"),
    (10, "hoplimit"),
    (11, "initcwnd"),
    (12, "features"),
    (13, "rto_min"),
    (14, "initrwnd"),
    (15, "quickack"),
    (16, "congctl"),
    (17, "fastopen_no_cookie"),
];

/// A time metric as `ip` prints it: seconds from 1000 ms on (`%g`), else milliseconds.
struct Millis(u32);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 1000 {
            // `%g` of a whole number of milliseconds in seconds: at most 6 significant digits,
            // no trailing zeros.
            let secs = f64::from(self.0) / 1000.0;
            let text = format!("{secs:.6}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            write!(f, "{text}s")
        } else {
            write!(f, "{}ms", self.0)
        }
    }
}

/// The `metrics` `ip` prints, as one object in an array: each present (or locked) metric in
/// `RTAX_*` order, `lock` before a locked one's value in text.
fn metrics<S: Sink>(s: &mut S, m: &RouteMetrics) -> io::Result<()> {
    s.open_array("metrics")?;
    s.open_object("")?;
    for (i, name) in METRICS {
        let value = match i {
            2 => m.mtu,
            3 => m.window,
            4 => m.rtt,
            5 => m.rttvar,
            6 => m.ssthresh,
            7 => m.cwnd,
            8 => m.advmss,
            9 => m.reordering,
            10 => m.hoplimit,
            11 => m.initcwnd,
            12 => m.features,
            13 => m.rto_min,
            14 => m.initrwnd,
            15 => m.quickack,
            17 => m.fastopen_no_cookie,
            _ => None,
        };
        let locked = m.lock & (1 << i) != 0;
        let cc = (i == 16).then_some(m.cc_algo.as_deref()).flatten();
        if value.is_none() && cc.is_none() && !locked {
            continue;
        }
        let v = value.unwrap_or(0);
        if i == 10 && v == u32::MAX {
            continue;
        }
        s.text(format_args!("{name} "))?;
        if locked {
            s.text("lock ")?;
        }
        match i {
            12 => {
                if v & 1 != 0 {
                    s.literal("ecn", Lit::Null, "ecn ")?;
                }
                if v & !1 != 0 {
                    s.string("features", Some(Txt("", " ")), format_args!("{v:#x}"))?;
                }
            }
            4 | 5 | 13 => {
                let v = match i {
                    4 => v / 8,
                    5 => v / 4,
                    _ => v,
                };
                s.number(name, None, v)?;
                s.text(format_args!("{} ", Millis(v)))?;
            }
            16 => s.string("congestion", Some(Txt("", " ")), cc.unwrap_or_default())?,
            _ => s.number(name, Some(Txt("", " ")), v)?,
        }
    }
    s.close_object()?;
    s.close_array()
}

/// The realms of `RTA_FLOW` as `ip` prints them: `realm TO ` or `realms FROM/TO `, by name
/// (`cosmos` for 0) unless `-Numeric`.
fn realms<S: Sink>(s: &mut S, flow: u32, numeric: bool) -> io::Result<()> {
    let name = |r: u32| -> Named {
        if r == 0 && !numeric {
            Named::Name("cosmos")
        } else {
            Named::Number(r)
        }
    };
    let (from, to) = (flow >> 16, flow & 0xffff);
    s.open_object("flow")?;
    s.text(if from != 0 { "realms " } else { "realm " })?;
    if from != 0 {
        s.string("from", Some(Txt("", "/")), name(from))?;
    }
    s.string("to", Some(Txt("", " ")), name(to))?;
    s.close_object()
}

/// A DS field as `ip` prints it: its `rt_dsfield` name, else `0x..`.
struct Dsfield(u8);

impl fmt::Display for Dsfield {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::words::DSFIELDS.iter().find(|(v, _)| *v == self.0) {
            Some((_, n)) => f.write_str(n),
            None => write!(f, "{:#x}", self.0),
        }
    }
}

/// The route cache flags (`RTCF_*` of `linux/in_route.h`) `ip` names, in its order.
const CACHE_FLAGS: [(u32, &str); 14] = [
    (0x8000_0000, "local"),
    (0x4000_0000, "reject"),
    (0x2000_0000, "mc"),
    (0x1000_0000, "brd"),
    (0x0800_0000, "dst-nat"),
    (0x0080_0000, "src-nat"),
    (0x0040_0000, "masq"),
    (0x0002_0000, "dst-direct"),
    (0x0400_0000, "src-direct"),
    (0x0004_0000, "redirected"),
    (0x0100_0000, "redirect"),
    (0x0020_0000, "fastroute"),
    (0x0001_0000, "notify"),
    (0x0008_0000, "proxy"),
];

/// One path of a multipath route; in text on its own line.
fn nexthop<S: Sink>(s: &mut S, h: &NextHop, names: &LinkNames, numeric: bool) -> io::Result<()> {
    s.text("\n\tnexthop ")?;
    s.open_object("")?;
    if let Some(g) = h.gateway {
        s.string("gateway", Some(Txt("via ", " ")), g)?;
    }
    if let Some(v) = h.via {
        via(s, v)?;
    }
    if let Some(f) = h.realms {
        realms(s, f, numeric)?;
    }
    s.string(
        "dev",
        Some(Txt("dev ", " ")),
        names.name(h.oif.unwrap_or(0)),
    )?;
    s.number("weight", Some(Txt("weight ", " ")), h.weight)?;
    flag_names(
        s,
        NEXTHOP_FLAGS
            .iter()
            .filter(|(f, _)| h.flags.contains(*f))
            .map(|(_, n)| *n),
    )?;
    s.close_object()
}

/// A route as `ip -j route show` prints it; in text, one line (paths on their own lines), as
/// `ip` 6.1's `print_route`.
#[derive(Debug)]
pub(crate) struct RouteFields<'a> {
    /// The route.
    pub(crate) r: &'a Route,
    /// Names of its devices.
    pub(crate) names: &'a LinkNames,
    /// Keys the filter fixed.
    pub(crate) omit: RouteOmit,
    /// `-details`, `-stats`, `-Numeric`.
    pub(crate) style: Style,
    /// With `-details`, the nexthop objects, which `ip` prints as the `nh_info` of a route
    /// that uses one.
    pub(crate) nexthops: Option<&'a [Nexthop]>,
}

impl Fields for RouteFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let RouteFields {
            r,
            names,
            omit,
            style,
            nexthops,
        } = *self;
        let details = style.details > 0;
        let numeric = style.numeric;
        if r.route_type != RouteType::UNICAST || details {
            s.string("type", Some(Txt("", " ")), Name(r.route_type, numeric))?;
        }
        match &r.dst {
            Some(p) => s.string("dst", Some(Txt("", " ")), Host(p))?,
            None => s.string("dst", Some(Txt("", " ")), "default")?,
        }
        if let Some(src) = &r.src {
            s.string("from", Some(Txt("from ", " ")), Host(src))?;
        }
        if let Some(id) = r.nh_id {
            s.number("nhid", Some(Txt("nhid ", " ")), id)?;
        }
        if r.tos != 0 && !omit.tos {
            s.string("tos", Some(Txt("tos ", " ")), Dsfield(r.tos))?;
        }
        if let Some(g) = r.gateway
            && !omit.gateway
        {
            s.string("gateway", Some(Txt("via ", " ")), g)?;
        }
        if let Some(v) = r.via {
            via(s, v)?;
        }
        if let Some(oif) = r.oif
            && !omit.dev
        {
            s.string("dev", Some(Txt("dev ", " ")), names.name(oif))?;
        }
        if r.table != Table::UNSPEC && (r.table != Table::MAIN || details) && !omit.table {
            s.string("table", Some(Txt("table ", " ")), Name(r.table, numeric))?;
        }
        if !r.flags.contains(RtmFlags::CLONED) {
            if (r.protocol != RouteProtocol::BOOT || details) && !omit.protocol {
                s.string(
                    "protocol",
                    Some(Txt("proto ", " ")),
                    Name(r.protocol, numeric),
                )?;
            }
            if (r.scope != Scope::UNIVERSE || details) && !omit.scope {
                s.string("scope", Some(Txt("scope ", " ")), Name(r.scope, numeric))?;
            }
        }
        if let Some(p) = r.prefsrc
            && !omit.prefsrc
        {
            s.string("prefsrc", Some(Txt("src ", " ")), p)?;
        }
        if let Some(m) = r.metric
            && !omit.metric
        {
            s.number("metric", Some(Txt("metric ", " ")), m)?;
        }
        flag_names(s, r.flag_words())?;
        if let Some(mark) = r.mark.filter(|m| *m != 0) {
            s.number("mark", None, mark)?;
            if mark >= 16 {
                s.text(format_args!("mark {mark:#x} "))?;
            } else {
                s.text(format_args!("mark {mark} "))?;
            }
        }
        if let Some(f) = r.realms
            && !omit.realms
        {
            realms(s, f, numeric)?;
        }
        if let Some(uid) = r.uid {
            s.number("uid", Some(Txt("uid ", " ")), uid)?;
        }
        let ipv4 = r.family == AddressFamily::INET;
        if ipv4 && r.flags.contains(RtmFlags::CLONED) {
            s.open_array("cache")?;
            s.text("\n    cache ")?;
            let flags = r.flags.bits() & !0xffff;
            let names = CACHE_FLAGS.iter().filter(|(b, _)| flags & b != 0);
            let count = names.clone().count();
            for (i, (_, n)) in names.enumerate() {
                let before = if i == 0 { "<" } else { "" };
                let after = if i + 1 == count { "> " } else { "," };
                s.string("", Some(Txt(before, after)), n)?;
            }
            s.close_array()?;
        }
        if (ipv4 || r.family == AddressFamily::INET6)
            && let Some(c) = &r.cache
        {
            if c.expires != 0 {
                s.number("expires", Some(Txt("expires ", "sec ")), c.expires / 100)?;
            }
            if c.error != 0 {
                s.number("error", Some(Txt("error ", " ")), c.error)?;
            }
            if style.stats > 0 {
                if c.users != 0 {
                    s.number("users", Some(Txt("users ", " ")), c.users)?;
                }
                if c.used != 0 {
                    s.number("used", Some(Txt("used ", " ")), c.used)?;
                }
                if c.last_use != 0 {
                    s.number("age", Some(Txt("age ", "sec ")), c.last_use / 100)?;
                }
            }
            if c.id != 0 {
                s.string(
                    "ipid",
                    Some(Txt("ipid ", " ")),
                    format_args!("{:#06x}", c.id),
                )?;
            }
            if c.ts != 0 || c.ts_age != 0 {
                s.string("ts", Some(Txt("ts ", "")), format_args!("{:#x}", c.ts))?;
                s.number("tsage", Some(Txt("tsage ", "sec ")), c.ts_age)?;
            }
        }
        if let Some(m) = &r.metrics {
            metrics(s, m)?;
        }
        if let Some(iif) = r.iif
            && !omit.iif
        {
            s.string("iif", Some(Txt("iif ", " ")), names.name(iif))?;
        }
        if let Some(p) = r.pref {
            s.string("pref", Some(Txt("pref ", "")), p)?;
        }
        if let (Some(id), Some(all)) = (r.nh_id, nexthops)
            && let Some(n) = all.iter().find(|n| n.id == id)
        {
            s.text("\n\tnh_info ")?;
            s.open_object("nh_info")?;
            NexthopFields { n, names, style }.fields(s)?;
            s.close_object()?;
        }
        if !r.multipath.is_empty() {
            s.open_array("nexthops")?;
            for h in &r.multipath {
                nexthop(s, h, names, numeric)?;
            }
            s.close_array()?;
        }
        Ok(())
    }
}

/// A neighbour as `ip -j neigh show` prints it; in text, one line.
#[derive(Debug)]
pub(crate) struct NeighFields<'a> {
    /// The entry.
    pub(crate) n: &'a Neighbour,
    /// Names of its devices.
    pub(crate) names: &'a LinkNames,
    /// A `dev` filter was given: no `dev` key.
    pub(crate) omit_dev: bool,
    /// `-stats`: the entry's ages and probes; `-Numeric`: the protocol's number.
    pub(crate) style: Style,
}

impl Fields for NeighFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let n = self.n;
        if let Some(d) = n.destination {
            s.string("dst", Some(Txt("", " ")), d)?;
        }
        if n.index != 0 && !self.omit_dev {
            s.string("dev", Some(Txt("dev ", " ")), self.names.name(n.index))?;
        }
        if let Some(ll) = &n.lladdr {
            s.string("lladdr", Some(Txt("lladdr ", " ")), Hw(ll))?;
        }
        for (flag, name) in [
            (NeighFlags::ROUTER, "router"),
            (NeighFlags::PROXY, "proxy"),
            (NeighFlags::EXT_LEARNED, "extern_learn"),
            (NeighFlags::OFFLOADED, "offload"),
        ] {
            if n.flags.contains(flag) {
                s.literal(name, Lit::Null, &format!("{name} "))?;
            }
        }
        if n.flags_ext.contains(NeighFlagsExt::MANAGED) {
            s.literal("managed", Lit::Null, "managed ")?;
        }
        if self.style.stats > 0 {
            // Ages in seconds, as ip divides the kernel's clock ticks; `probes` follows the
            // last age without a blank, as ip 6.1 prints it.
            if let Some(c) = &n.cache_info {
                if c.refcnt != 0 {
                    s.number("refcnt", Some(Txt(" ref ", "")), c.refcnt)?;
                }
                s.number("used", Some(Txt(" used ", "")), c.used / 100)?;
                s.number("confirmed", Some(Txt("/", "")), c.confirmed / 100)?;
                s.number("updated", Some(Txt("/", "")), c.updated / 100)?;
            }
            if let Some(p) = n.probes {
                s.number("probes", Some(Txt("probes ", " ")), p)?;
            }
        }
        if !n.state.is_empty() {
            s.open_array("state")?;
            for st in n.state.short_names() {
                s.string("", Some(Txt("", " ")), st)?;
            }
            s.close_array()?;
        }
        if let Some(p) = n.protocol {
            s.string(
                "protocol",
                Some(Txt("proto ", " ")),
                Name(p, self.style.numeric),
            )?;
        }
        Ok(())
    }
}

/// A neighbour as `ip -brief neigh show` prints it: its address, device and link-layer address
/// in columns.
#[derive(Debug)]
pub(crate) struct NeighBrief<'a> {
    /// The entry.
    pub(crate) n: &'a Neighbour,
    /// Names of its devices.
    pub(crate) names: &'a LinkNames,
}

impl Fields for NeighBrief<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let n = self.n;
        if let Some(d) = n.destination {
            s.string("dst", None, d)?;
            s.text(format_args!("{:<39} ", d.to_string()))?;
        }
        if n.index != 0 {
            let dev = self.names.name(n.index);
            s.string("dev", None, dev)?;
            s.text(format_args!("{:<16} ", dev.to_string()))?;
        }
        if let Some(ll) = &n.lladdr {
            s.string("lladdr", Some(Txt("", "")), Hw(ll))?;
        }
        Ok(())
    }
}

/// A port range as `ip rule` prints it: one number, or a start and an end.
fn ports<S: Sink>(
    s: &mut S,
    keys: [&str; 3],
    text: &'static str,
    range: Option<(u16, u16)>,
) -> io::Result<()> {
    let [one, start, end] = keys;
    match range {
        Some((a, b)) if a == b => s.number(one, Some(Txt(text, "")), a),
        Some((a, b)) => {
            s.number(start, Some(Txt(text, "")), a)?;
            s.number(end, Some(Txt("-", "")), b)
        }
        None => Ok(()),
    }
}

/// A number `ip rule` prints in hex (`0x1`).
struct Hex(u32);

impl fmt::Display for Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

/// A rule as `ip -j rule show` prints it; in text, one line.
#[derive(Debug)]
pub(crate) struct RuleFields<'a> {
    /// The rule.
    pub(crate) r: &'a Rule,
    /// `-details` (the protocol always), `-Numeric` (tables and protocols as numbers).
    pub(crate) style: Style,
}

impl Fields for RuleFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let r = self.r;
        let host = if r.family == AddressFamily::INET6 {
            128
        } else {
            32
        };
        s.number("priority", Some(Txt("", ":\t")), r.priority)?;
        if r.flags.contains(RuleFlags::INVERT) {
            s.literal("not", Lit::Null, "not ")?;
        }
        match r.src {
            Some((a, len)) => {
                s.string("src", Some(Txt("from ", "")), a)?;
                if len != host {
                    s.number("srclen", Some(Txt("/", "")), len)?;
                }
            }
            None => s.string("src", Some(Txt("from ", "")), "all")?,
        }
        if let Some((a, len)) = r.dst {
            s.string("dst", Some(Txt(" to ", "")), a)?;
            if len != host {
                s.number("dstlen", Some(Txt("/", "")), len)?;
            }
        }
        if r.fwmark.is_some() || r.fwmask.is_some() {
            let mark = r.fwmark.unwrap_or(0);
            let mask = r.fwmask.unwrap_or(u32::MAX);
            if mark != 0 {
                s.string("fwmark", Some(Txt(" fwmark ", "")), Hex(mark))?;
            }
            if mask != u32::MAX {
                // Text shows the mask only after a mark.
                s.string("fwmask", (mark != 0).then_some(Txt("/", "")), Hex(mask))?;
            }
        }
        if let Some(i) = &r.iifname {
            s.string("iif", Some(Txt(" iif ", "")), i)?;
            if r.flags.contains(RuleFlags::IIF_DETACHED) {
                s.literal("iif_detached", Lit::Null, "")?;
            }
        }
        if let Some(i) = &r.oifname {
            s.string("oif", Some(Txt(" oif ", "")), i)?;
            if r.flags.contains(RuleFlags::OIF_DETACHED) {
                s.literal("oif_detached", Lit::Null, "")?;
            }
        }
        // JSON has the uid range before `ipproto`, text after it.
        if let Some((a, b)) = r.uid_range {
            s.number("uid_start", None, a)?;
            s.number("uid_end", None, b)?;
        }
        if let Some(p) = r.ip_proto {
            if self.style.numeric {
                s.string(
                    "ipproto",
                    Some(Txt(" ipproto ", "")),
                    format_args!("ipproto-{p}"),
                )?;
            } else {
                s.string("ipproto", Some(Txt(" ipproto ", "")), names::ip_proto(p))?;
            }
        }
        if let Some((a, b)) = r.uid_range {
            s.text(format_args!(" uidrange {a}-{b}"))?;
        }
        ports(
            s,
            ["sport", "sport_start", "sport_end"],
            " sport ",
            r.sport_range,
        )?;
        ports(
            s,
            ["dport", "dport_start", "dport_end"],
            " dport ",
            r.dport_range,
        )?;
        if let Some(t) = r.tun_id {
            s.number("tun_id", None, t)?;
        }
        if r.table != Table::UNSPEC {
            s.string(
                "table",
                Some(Txt(" lookup ", "")),
                Name(r.table, self.style.numeric),
            )?;
            if let Some(p) = r.suppress_prefixlen.filter(|p| *p != u32::MAX) {
                s.number("suppress_prefixlen", None, p)?;
            }
            if let Some(g) = r.suppress_ifgroup.filter(|g| *g != u32::MAX) {
                s.string("suppress_ifgroup", None, names::group(g))?;
            }
        }
        match r.action {
            RuleAction::TO_TBL => {}
            RuleAction::GOTO => {
                match r.goto {
                    Some(g) => s.number("goto", Some(Txt(" goto ", "")), g)?,
                    // Text prints the JSON string, quotes included, as it always has.
                    None => s.string("goto", Some(Txt(" goto \"", "\"")), "none")?,
                }
                if r.flags.contains(RuleFlags::UNRESOLVED) {
                    s.literal("unresolved", Lit::Null, "")?;
                }
            }
            RuleAction::NOP => s.string("action", Some(Txt(" ", "")), "nop")?,
            a => s.string(
                "action",
                Some(Txt(" ", "")),
                Name(RouteType(a.0), self.style.numeric),
            )?,
        }
        if (r.protocol != RouteProtocol::UNSPEC && r.protocol != RouteProtocol::KERNEL)
            || self.style.details > 0
        {
            s.string(
                "protocol",
                Some(Txt(" proto ", "")),
                Name(r.protocol, self.style.numeric),
            )?;
        }
        Ok(())
    }
}

/// A nexthop object as `ip -j nexthop show` prints it; in text, one line in which every field
/// ends with a space, as `ip` prints it (`fdb`, last, without).
#[derive(Debug)]
pub(crate) struct NexthopFields<'a> {
    /// The nexthop.
    pub(crate) n: &'a Nexthop,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `-details` (the scope and protocol always), `-Numeric`.
    pub(crate) style: Style,
}

impl Fields for NexthopFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let n = self.n;
        s.number("id", Some(Txt("id ", " ")), n.id)?;
        if !n.group.is_empty() {
            s.text("group ")?;
            s.open_array("group")?;
            for (i, m) in n.group.iter().enumerate() {
                s.open_object("")?;
                s.number("id", Some(Txt(if i == 0 { "" } else { "/" }, "")), m.id)?;
                // ip leaves out a weight of 1.
                if m.weight != 1 {
                    s.number("weight", Some(Txt(",", "")), m.weight)?;
                }
                s.close_object()?;
            }
            s.close_array()?;
            s.text(" ")?;
        }
        // ip names only the resilient type; multipath is the default.
        if n.group_type == Some(GroupType::RES) {
            s.string("type", Some(Txt("type ", " ")), "resilient")?;
            if let Some(r) = &n.resilient {
                // Timers in seconds, as ip prints the kernel's clock ticks (USER_HZ).
                s.open_object("resilient_args")?;
                if let Some(b) = r.buckets {
                    s.number("buckets", Some(Txt("buckets ", " ")), b)?;
                }
                if let Some(t) = r.idle_timer {
                    s.number("idle_timer", Some(Txt("idle_timer ", " ")), t / 100)?;
                }
                if let Some(t) = r.unbalanced_timer {
                    s.number(
                        "unbalanced_timer",
                        Some(Txt("unbalanced_timer ", " ")),
                        t / 100,
                    )?;
                }
                if let Some(t) = r.unbalanced_time {
                    s.number(
                        "unbalanced_time",
                        Some(Txt("unbalanced_time ", " ")),
                        t / 100,
                    )?;
                }
                s.close_object()?;
            }
        }
        let (details, numeric) = (self.style.details > 0, self.style.numeric);
        if let Some(gw) = n.gateway {
            s.string("gateway", Some(Txt("via ", " ")), gw)?;
        }
        if let Some(oif) = n.oif {
            s.string("dev", Some(Txt("dev ", " ")), self.names.name(oif))?;
        }
        if n.scope != Scope::UNIVERSE || details {
            s.string("scope", Some(Txt("scope ", " ")), Name(n.scope, numeric))?;
        }
        if n.blackhole {
            s.literal("blackhole", Lit::Null, "blackhole ")?;
        }
        if n.protocol != RouteProtocol::UNSPEC || details {
            s.string(
                "protocol",
                Some(Txt("proto ", " ")),
                Name(n.protocol, numeric),
            )?;
        }
        s.open_array("flags")?;
        for (f, name) in NEXTHOP_FLAGS {
            if n.flags.contains(f) {
                s.string("", Some(Txt("", " ")), name)?;
            }
        }
        s.close_array()?;
        if n.fdb {
            s.literal("fdb", Lit::Null, "fdb")?;
        }
        Ok(())
    }
}
