//! Objects as `ip -j` prints them (same keys in the same order, same values) and as `ip`
//! prints them in text, from one description per object: each field is written once into a
//! [`Sink`] with its JSON key and its text, as iproute2's `print_*` calls do, so that both
//! outputs always agree and neither builds a map or a `String` per object.

use std::fmt;
use std::io;
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighFlagsExt};
use netlink::netlink_wire::rtnl::nexthop::GroupType;
use netlink::netlink_wire::rtnl::route::{RtmFlags, RtnhFlags};
use netlink::netlink_wire::rtnl::rule::{RuleAction, RuleFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, Protocol, RouteType, Scope, Table};
use netlink::ops::route::{NextHop, Prefix, Route, RouteMetrics};
use netlink::{Address, Link, Neighbour, Nexthop, Rule};

use crate::names::{self, LinkName, LinkNames};
use crate::sink::{Fields, Lit, Sink, Txt};

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

/// Which of a link's keys to print.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkKeys {
    /// `linkmode`: in `ip -j link show`, not in `ip -j addr show`.
    pub(crate) linkmode: bool,
    /// `link_type`, `address`, `broadcast`, `peer`, `permaddr`: not with `addr show -4/-6`,
    /// which print no link-layer details.
    pub(crate) link_layer: bool,
    /// `qdisc`, `master`, `group`, `link_netnsid`, `altnames`, `proto_down`: not in
    /// `ip -6 addr show`, which dumps the links through AF_INET6, whose answer has fewer.
    pub(crate) details: bool,
}

impl LinkKeys {
    /// Every key, as `ip -j link show` prints them.
    pub(crate) const ALL: LinkKeys = LinkKeys {
        linkmode: true,
        link_layer: true,
        details: true,
    };
}

/// A link as `ip -j link show` prints it; in text, its two header lines.
#[derive(Debug)]
pub(crate) struct LinkFields<'a> {
    /// The link.
    pub(crate) l: &'a Link,
    /// Names of the links it refers to.
    pub(crate) names: &'a LinkNames,
    /// Which keys to print.
    pub(crate) keys: LinkKeys,
}

impl Fields for LinkFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let LinkFields { l, names, keys } = *self;
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
        // The flags `ip` prints between `<>`: `NO-CARRIER` for an up link without carrier,
        // then the known flags in ip's order, never `RUNNING`.
        s.text(": <")?;
        s.open_array("flags")?;
        let no_carrier = l.flags.contains(IfFlags::UP) && !l.flags.contains(IfFlags::RUNNING);
        let known = l.flags.short_names().filter(|n| *n != "RUNNING");
        for (i, f) in no_carrier
            .then_some("NO-CARRIER")
            .into_iter()
            .chain(known)
            .enumerate()
        {
            s.string("", Some(Txt(if i == 0 { "" } else { "," }, "")), f)?;
        }
        s.close_array()?;
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
            s.string("group", Some(Txt(" group ", "")), names::group(g))?;
        }
        if let Some(t) = l.txqlen {
            s.number("txqlen", Some(Txt(" qlen ", "")), t)?;
        }
        if keys.link_layer {
            s.string("link_type", Some(Txt("\n    link/", "")), l.link_type)?;
            if let Some(a) = &l.address {
                s.string("address", Some(Txt(" ", "")), Hw(a))?;
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
                s.literal("proto_down", Lit::True, "")?;
            }
            if !l.alt_names.is_empty() {
                s.open_array("altnames")?;
                for n in &l.alt_names {
                    s.string("", None, n)?;
                }
                s.close_array()?;
            }
        }
        Ok(())
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
        s.string("scope", Some(Txt(" scope ", "")), a.scope)?;
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
            }
            .fields(s)?;
            s.close_object()?;
        }
        s.close_array()
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

/// The route flags `ip` prints in `flags`, in its order.
const ROUTE_FLAGS: [(RtmFlags, &str); 11] = [
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
];

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

/// `flags` as a JSON array of names; in text, each name after a space.
fn flag_names<S: Sink>(s: &mut S, names: impl Iterator<Item = &'static str>) -> io::Result<()> {
    s.open_array("flags")?;
    for n in names {
        s.string("", Some(Txt(" ", "")), n)?;
    }
    s.close_array()
}

/// `via` of another family: `{"family":..,"host":..}`, in text ` via inet6 ADDR`.
fn via<S: Sink>(s: &mut S, a: IpAddr) -> io::Result<()> {
    s.open_object("via")?;
    s.string("family", Some(Txt(" via ", "")), family_name(a))?;
    s.string("host", Some(Txt(" ", "")), a)?;
    s.close_object()
}

/// The `metrics` `ip` prints (`mtu`, `advmss`, ...; `rtt` in ms as ip scales it), as one
/// object in an array, left out when there is none.
fn metrics<S: Sink>(s: &mut S, m: &RouteMetrics) -> io::Result<()> {
    let numbers = [
        ("mtu", " mtu ", m.mtu),
        ("window", " window ", m.window),
        ("rtt", " rtt ", m.rtt.map(|v| v / 8)),
        ("rttvar", " rttvar ", m.rttvar.map(|v| v / 4)),
        ("ssthresh", " ssthresh ", m.ssthresh),
        ("cwnd", " cwnd ", m.cwnd),
        ("advmss", " advmss ", m.advmss),
        ("reordering", " reordering ", m.reordering),
        (
            "hoplimit",
            " hoplimit ",
            m.hoplimit.filter(|h| *h != u32::MAX),
        ),
        ("initcwnd", " initcwnd ", m.initcwnd),
        ("features", " features ", m.features),
        ("rto_min", " rto_min ", m.rto_min),
        ("initrwnd", " initrwnd ", m.initrwnd),
        ("quickack", " quickack ", m.quickack),
    ];
    let any = numbers.iter().any(|(_, _, v)| v.is_some())
        || m.cc_algo.is_some()
        || m.fastopen_no_cookie.is_some();
    if !any {
        return Ok(());
    }
    s.open_array("metrics")?;
    s.open_object("")?;
    for (k, t, v) in numbers {
        if let Some(v) = v {
            s.number(k, Some(Txt(t, "")), v)?;
        }
    }
    if let Some(cc) = &m.cc_algo {
        s.string("congctl", Some(Txt(" congctl ", "")), cc)?;
    }
    if let Some(v) = m.fastopen_no_cookie {
        s.number(
            "fastopen_no_cookie",
            Some(Txt(" fastopen_no_cookie ", "")),
            v,
        )?;
    }
    s.close_object()?;
    s.close_array()
}

/// One path of a multipath route; in text on its own line.
fn nexthop<S: Sink>(s: &mut S, h: &NextHop, names: &LinkNames) -> io::Result<()> {
    s.text("\n\tnexthop")?;
    s.open_object("")?;
    if let Some(g) = h.gateway {
        s.string("gateway", Some(Txt(" via ", "")), g)?;
    }
    if let Some(v) = h.via {
        via(s, v)?;
    }
    s.string(
        "dev",
        Some(Txt(" dev ", "")),
        names.name(h.oif.unwrap_or(0)),
    )?;
    s.number("weight", Some(Txt(" weight ", "")), h.weight)?;
    flag_names(
        s,
        NEXTHOP_FLAGS
            .iter()
            .filter(|(f, _)| h.flags.contains(*f))
            .map(|(_, n)| *n),
    )?;
    s.close_object()
}

/// A route as `ip -j route show` prints it; in text, one line (paths on their own lines).
#[derive(Debug)]
pub(crate) struct RouteFields<'a> {
    /// The route.
    pub(crate) r: &'a Route,
    /// Names of its devices.
    pub(crate) names: &'a LinkNames,
    /// Keys the filter fixed.
    pub(crate) omit: RouteOmit,
}

impl Fields for RouteFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let RouteFields { r, names, omit } = *self;
        if r.route_type != RouteType::UNICAST {
            s.string("type", Some(Txt("", " ")), r.route_type)?;
        }
        match &r.dst {
            Some(p) => s.string("dst", Some(Txt("", "")), Host(p))?,
            None => s.string("dst", Some(Txt("", "")), "default")?,
        }
        if let Some(src) = &r.src {
            s.string("src", Some(Txt(" from ", "")), Host(src))?;
        }
        if let Some(id) = r.nh_id {
            s.number("nhid", Some(Txt(" nhid ", "")), id)?;
        }
        if let Some(g) = r.gateway {
            s.string("gateway", Some(Txt(" via ", "")), g)?;
        }
        if let Some(v) = r.via {
            via(s, v)?;
        }
        if let Some(oif) = r.oif
            && !omit.dev
        {
            s.string("dev", Some(Txt(" dev ", "")), names.name(oif))?;
        }
        if r.table != Table::UNSPEC && r.table != Table::MAIN && !omit.table {
            s.string("table", Some(Txt(" table ", "")), names::table(r.table))?;
        }
        if !r.flags.contains(RtmFlags::CLONED) {
            if r.protocol != Protocol::BOOT && !omit.protocol {
                s.string("protocol", Some(Txt(" proto ", "")), r.protocol)?;
            }
            if r.scope != Scope::UNIVERSE {
                s.string("scope", Some(Txt(" scope ", "")), r.scope)?;
            }
        }
        if let Some(p) = r.prefsrc {
            s.string("prefsrc", Some(Txt(" src ", "")), p)?;
        }
        if let Some(m) = r.metric {
            s.number("metric", Some(Txt(" metric ", "")), m)?;
        }
        flag_names(
            s,
            ROUTE_FLAGS
                .iter()
                .filter(|(f, _)| r.flags.contains(*f))
                .map(|(_, n)| *n),
        )?;
        if let Some(e) = r.expires {
            s.number("expires", Some(Txt(" expires ", "sec")), e)?;
        }
        if !r.metrics.is_empty() {
            metrics(s, &r.metrics)?;
        }
        if let Some(iif) = r.iif {
            s.string("iif", Some(Txt(" iif ", "")), names.name(iif))?;
        }
        if !r.multipath.is_empty() {
            s.open_array("nexthops")?;
            for h in &r.multipath {
                nexthop(s, h, names)?;
            }
            s.close_array()?;
        }
        if let Some(p) = r.pref {
            s.string("pref", Some(Txt(" pref ", "")), p)?;
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
}

impl Fields for NeighFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let n = self.n;
        if let Some(d) = n.destination {
            s.string("dst", Some(Txt("", "")), d)?;
        }
        if n.index != 0 && !self.omit_dev {
            s.string("dev", Some(Txt(" dev ", "")), self.names.name(n.index))?;
        }
        if let Some(ll) = &n.lladdr {
            s.string("lladdr", Some(Txt(" lladdr ", "")), Hw(ll))?;
        }
        for (flag, name, text) in [
            (NeighFlags::ROUTER, "router", " router"),
            (NeighFlags::PROXY, "proxy", " proxy"),
            (NeighFlags::EXT_LEARNED, "extern_learn", " extern_learn"),
            (NeighFlags::OFFLOADED, "offload", " offload"),
        ] {
            if n.flags.contains(flag) {
                s.literal(name, Lit::Null, text)?;
            }
        }
        if n.flags_ext.contains(NeighFlagsExt::MANAGED) {
            s.literal("managed", Lit::Null, " managed")?;
        }
        if !n.state.is_empty() {
            s.open_array("state")?;
            for st in n.state.short_names() {
                s.string("", Some(Txt(" ", "")), st)?;
            }
            s.close_array()?;
        }
        if let Some(p) = n.protocol {
            s.string("protocol", Some(Txt(" proto ", "")), p)?;
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
            s.string("ipproto", Some(Txt(" ipproto ", "")), names::ip_proto(p))?;
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
            s.string("table", Some(Txt(" lookup ", "")), names::table(r.table))?;
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
            a => s.string("action", Some(Txt(" ", "")), RouteType(a.0))?,
        }
        if r.protocol != Protocol::UNSPEC && r.protocol != Protocol::KERNEL {
            s.string("protocol", Some(Txt(" proto ", "")), r.protocol)?;
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
        if n.blackhole {
            s.literal("blackhole", Lit::Null, "blackhole ")?;
        }
        if let Some(gw) = n.gateway {
            s.string("gateway", Some(Txt("via ", " ")), gw)?;
        }
        if let Some(oif) = n.oif {
            s.string("dev", Some(Txt("dev ", " ")), self.names.name(oif))?;
        }
        if n.scope != Scope::UNIVERSE {
            s.string("scope", Some(Txt("scope ", " ")), n.scope)?;
        }
        if n.protocol != Protocol::UNSPEC {
            s.string("protocol", Some(Txt("proto ", " ")), n.protocol)?;
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
