//! `Display` and, with the `serde` feature, `Serialize` for the owned objects ([`Link`],
//! [`Address`], [`Route`], [`Neighbour`], [`Rule`], [`Nexthop`]), both from one description per
//! object: each field is listed once with its `ip -j` key, its JSON value and the words `ip`
//! prints for it, so that the line and the JSON cannot disagree.
//!
//! The contract is smaller than nlctl's output (which resolves names, honours `-details`,
//! `-stats` and filters, and prints every field `ip` knows):
//!
//! - The text is the first line of `ip`'s default form (`ip link show`, `ip address show`'s
//!   address line, `ip route show`, `ip neigh show`, `ip rule show`, `ip nexthop show`), with
//!   single spaces and no trailing one.
//! - An interface is named by its index as `if<N>` (`dev if3`), which is how `ip` itself prints
//!   an index it cannot name; a rule's `iif`/`oif` are names already.
//! - Tables, protocols, scopes, route types and groups print iproute2's built-in names (`main`,
//!   `kernel`, `link`, group `default`), never the files of `/etc/iproute2`; other values print
//!   as numbers, as `ip` prints values missing from those files.
//! - Fields outside the default line are left out of the text: a link's `link/ether` line, an
//!   address's lifetimes (they are in the JSON), route metrics, `tos`, `realms`, `mark`,
//!   encapsulation, multipath nexthops and cache data, a rule's ranges, marks and realms, a
//!   neighbour's extended flags and a nexthop's resilient-group data.
//! - JSON has the keys of the same fields, plus those `ip -j` writes from the second lines (a
//!   link's `link_type`, `address`, `broadcast`; an address's lifetimes). Not yet written: a
//!   link's `link_netnsid` and `link_index` (ip's keys for a peer in another namespace, where
//!   ours says `"link": "if<N>"`), `altnames`, `permaddr`.

use std::fmt;
use std::net::IpAddr;

use netlink_wire::rtnl::addr::AddrFlags;
use netlink_wire::rtnl::link::IfFlags;
use netlink_wire::rtnl::route::RtmFlags;
use netlink_wire::rtnl::rule::{RuleAction, RuleFlags};
use netlink_wire::rtnl::{AddressFamily, RouteProtocol, RouteType, Scope, Table};

use crate::{Address, Link, Neighbour, Nexthop, Route, Rule};

/// The JSON value of a field, as `ip -j` writes it.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    /// A string.
    Str(String),
    /// An unsigned number.
    Num(u64),
    /// `true`, for a flag `ip` prints as a key of its own (`"nodad": true`).
    True,
    /// An array of strings (`"flags": ["UP"]`).
    List(Vec<&'static str>),
    /// An array of objects (a nexthop group's members).
    Maps(Vec<Vec<(&'static str, Json)>>),
}

/// One field: its JSON key and value (either may be absent when the field only shows in one
/// form) and its words in the text line.
#[derive(Debug)]
#[cfg_attr(
    not(feature = "serde"),
    allow(dead_code, reason = "the JSON half is read by `Serialize` only")
)]
struct Field {
    key: &'static str,
    json: Option<Json>,
    text: Option<String>,
}

/// The fields of one object, in `ip`'s order.
#[derive(Debug, Default)]
struct Fields(Vec<Field>);

impl Fields {
    /// A field that is a string in JSON and `label value` in the text (`value` alone when
    /// `label` is empty).
    fn string(&mut self, key: &'static str, label: &str, value: impl fmt::Display) {
        let value = value.to_string();
        let text = if label.is_empty() {
            value.clone()
        } else {
            format!("{label} {value}")
        };
        self.push(key, Some(Json::Str(value)), Some(text));
    }

    /// A field that is a number in JSON and `label value` in the text.
    fn number(&mut self, key: &'static str, label: &str, value: impl Into<u64>) {
        let value = value.into();
        self.push(
            key,
            Some(Json::Num(value)),
            Some(format!("{label} {value}")),
        );
    }

    /// A flag: `"key": true` in JSON, `key` in the text.
    fn word(&mut self, key: &'static str) {
        self.push(key, Some(Json::True), Some(key.to_owned()));
    }

    /// A value only the JSON holds.
    fn json(&mut self, key: &'static str, json: Json) {
        self.push(key, Some(json), None);
    }

    /// Words only the text holds.
    fn text(&mut self, text: String) {
        self.push("", None, Some(text));
    }

    fn push(&mut self, key: &'static str, json: Option<Json>, text: Option<String>) {
        self.0.push(Field { key, json, text });
    }

    /// The text line: the fields' words joined by single spaces, none after a tab.
    fn line(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut after_tab = true;
        for text in self.0.iter().filter_map(|x| x.text.as_deref()) {
            if !after_tab {
                f.write_str(" ")?;
            }
            f.write_str(text)?;
            after_tab = text.ends_with('\t');
        }
        Ok(())
    }
}

/// What `ip` prints for an interface index it cannot name.
fn dev(index: u32) -> String {
    format!("if{index}")
}

/// An address with its prefix length, the length left out when it is the whole address
/// (`ip` prints a host route's destination bare).
fn host(addr: IpAddr, len: u8) -> String {
    let whole = if addr.is_ipv4() { 32 } else { 128 };
    if len == whole {
        addr.to_string()
    } else {
        format!("{addr}/{len}")
    }
}

fn family_word(family: AddressFamily) -> String {
    match family {
        AddressFamily::INET => "inet".into(),
        AddressFamily::INET6 => "inet6".into(),
        other => other.to_string(),
    }
}

/// The description of an object in `ip`'s terms.
trait IpFields {
    fn fields(&self, out: &mut Fields);
}

impl IpFields for Link {
    fn fields(&self, out: &mut Fields) {
        out.json("ifindex", Json::Num(self.index.into()));
        let mut head = format!("{}: {}", self.index, self.name);
        match self.link {
            Some(0) => head.push_str("@NONE"),
            Some(l) => {
                head.push('@');
                head.push_str(&dev(l));
                out.json("link", Json::Str(dev(l)));
            }
            None => {}
        }
        out.json("ifname", Json::Str(self.name.clone()));
        // ip writes NO-CARRIER for an interface that is up without a carrier, and never
        // RUNNING.
        let mut flags = Vec::new();
        if self.flags.contains(IfFlags::UP) && !self.flags.contains(IfFlags::RUNNING) {
            flags.push("NO-CARRIER");
        }
        flags.extend(self.flags.short_names().filter(|n| *n != "RUNNING"));
        head.push_str(&format!(": <{}>", flags.join(",")));
        out.text(head);
        out.json("flags", Json::List(flags));
        if let Some(mtu) = self.mtu {
            out.number("mtu", "mtu", mtu);
        }
        if let Some(q) = &self.qdisc {
            out.string("qdisc", "qdisc", q);
        }
        if let Some(m) = self.master {
            out.string("master", "master", dev(m));
        }
        if let Some(s) = self.operstate {
            out.string("operstate", "state", s);
        }
        if let Some(m) = self.link_mode {
            out.string("linkmode", "mode", m);
        }
        match self.group {
            Some(0) => out.string("group", "group", "default"),
            Some(g) => out.string("group", "group", g),
            None => {}
        }
        if let Some(q) = self.txqlen {
            out.json("txqlen", Json::Num(q.into()));
            out.text(format!("qlen {q}"));
        }
        out.json("link_type", Json::Str(self.link_type.to_string()));
        if let Some(a) = &self.address {
            out.json("address", Json::Str(hw(a)));
        }
        if let Some(b) = &self.broadcast {
            out.json("broadcast", Json::Str(hw(b)));
        }
    }
}

/// A hardware address as `ip` prints it.
fn hw(bytes: &[u8]) -> String {
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    hex.join(":")
}

impl IpFields for Address {
    fn fields(&self, out: &mut Fields) {
        out.string("family", "", family_word(self.family));
        let local = self.local.or(self.address);
        let peer = self.address.filter(|a| self.local.is_some_and(|l| l != *a));
        if let Some(l) = local {
            out.json("local", Json::Str(l.to_string()));
            match peer {
                Some(p) => {
                    out.json("address", Json::Str(p.to_string()));
                    out.text(format!("{l} peer {p}/{}", self.prefix_len));
                }
                None => out.text(format!("{l}/{}", self.prefix_len)),
            }
            out.json("prefixlen", Json::Num(self.prefix_len.into()));
        }
        if let Some(b) = self.broadcast {
            out.string("broadcast", "brd", b);
        }
        out.string("scope", "scope", self.scope);
        // iproute2 names its flags in bit order, says `temporary` for an IPv6 secondary
        // address and, in the place of `permanent`, `dynamic` for an address that is not.
        let v6 = self.family == AddressFamily::INET6;
        let below = AddrFlags(self.flags.bits() & (AddrFlags::PERMANENT.bits() - 1));
        let above = AddrFlags(self.flags.bits() & !(AddrFlags::PERMANENT.bits() * 2 - 1));
        for name in below.short_names() {
            out.word(if name == "secondary" && v6 {
                "temporary"
            } else {
                name
            });
        }
        if !self.flags.contains(AddrFlags::PERMANENT) {
            out.word("dynamic");
        }
        for name in above.short_names() {
            out.word(name);
        }
        if let Some(l) = &self.label {
            out.string("label", "", l);
        }
        if let Some(v) = self.valid_lifetime {
            out.json("valid_life_time", Json::Num(v.into()));
        }
        if let Some(p) = self.preferred_lifetime {
            out.json("preferred_life_time", Json::Num(p.into()));
        }
    }
}

/// The route flags `ip route` prints, in its order.
const ROUTE_FLAG_WORDS: [(RtmFlags, &str); 11] = [
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

impl Route {
    /// The words `ip route` prints for the route's flags, in its order (`onlink`, `linkdown`,
    /// `rt_offload` ...); bits it does not print (`cloned`, `lookup-table` ...) give none.
    pub fn flag_words(&self) -> impl Iterator<Item = &'static str> + use<> {
        let flags = self.flags;
        ROUTE_FLAG_WORDS
            .iter()
            .filter(move |(f, _)| flags.contains(*f))
            .map(|(_, n)| *n)
    }
}

impl IpFields for Route {
    fn fields(&self, out: &mut Fields) {
        if self.route_type != RouteType::UNICAST {
            out.string("type", "", self.route_type);
        }
        match &self.dst {
            Some(p) => out.string("dst", "", host(p.addr, p.len)),
            None => out.string("dst", "", "default"),
        }
        if let Some(p) = &self.src {
            out.string("from", "from", host(p.addr, p.len));
        }
        if let Some(id) = self.nh_id {
            out.number("nhid", "nhid", id);
        }
        if let Some(g) = self.gateway {
            out.string("gateway", "via", g);
        }
        if let Some(oif) = self.oif {
            out.string("dev", "dev", dev(oif));
        }
        if self.table != Table::UNSPEC && self.table != Table::MAIN {
            out.string("table", "table", self.table);
        }
        if !self.flags.contains(RtmFlags::CLONED) {
            if self.protocol != RouteProtocol::BOOT {
                out.string("protocol", "proto", self.protocol);
            }
            if self.scope != Scope::UNIVERSE {
                out.string("scope", "scope", self.scope);
            }
        }
        if let Some(p) = self.prefsrc {
            out.string("prefsrc", "src", p);
        }
        if let Some(m) = self.metric {
            out.number("metric", "metric", m);
        }
        let flags: Vec<&'static str> = self.flag_words().collect();
        if !flags.is_empty() {
            out.text(flags.join(" "));
        }
        out.json("flags", Json::List(flags));
        if let Some(p) = self.pref {
            out.string("pref", "pref", p);
        }
    }
}

impl IpFields for Neighbour {
    fn fields(&self, out: &mut Fields) {
        if let Some(d) = self.destination {
            out.string("dst", "", d);
        }
        out.string("dev", "dev", dev(self.index));
        if let Some(l) = &self.lladdr {
            out.string("lladdr", "lladdr", hw(l));
        }
        for (flag, word) in [
            (netlink_wire::rtnl::neigh::NeighFlags::ROUTER, "router"),
            (netlink_wire::rtnl::neigh::NeighFlags::PROXY, "proxy"),
        ] {
            if self.flags.contains(flag) {
                out.word(word);
            }
        }
        let states: Vec<&'static str> = self.state.short_names().collect();
        if !states.is_empty() {
            out.text(states.join(" "));
        }
        out.json("state", Json::List(states));
    }
}

impl IpFields for Nexthop {
    fn fields(&self, out: &mut Fields) {
        out.number("id", "id", self.id);
        if !self.group.is_empty() {
            let text: Vec<String> = self
                .group
                .iter()
                .map(|m| match m.weight {
                    0 | 1 => m.id.to_string(),
                    w => format!("{},{w}", m.id),
                })
                .collect();
            out.text(format!("group {}", text.join("/")));
            let members = self
                .group
                .iter()
                .map(|m| {
                    let mut o = vec![("id", Json::Num(m.id.into()))];
                    if m.weight > 1 {
                        o.push(("weight", Json::Num(m.weight.into())));
                    }
                    o
                })
                .collect();
            out.json("group", Json::Maps(members));
        }
        if let Some(g) = self.gateway {
            out.string("gateway", "via", g);
        }
        if let Some(oif) = self.oif {
            out.string("dev", "dev", dev(oif));
        }
        if self.blackhole {
            out.word("blackhole");
        }
        if self.scope != Scope::UNIVERSE {
            out.string("scope", "scope", self.scope);
        }
        if self.protocol != RouteProtocol::UNSPEC {
            out.string("protocol", "proto", self.protocol);
        }
        let flags: Vec<&'static str> = self.flags.short_names().collect();
        if !flags.is_empty() {
            out.text(flags.join(" "));
        }
        out.json("flags", Json::List(flags));
        if self.fdb {
            out.word("fdb");
        }
    }
}

impl IpFields for Rule {
    fn fields(&self, out: &mut Fields) {
        out.json("priority", Json::Num(self.priority.into()));
        out.text(format!("{}:\t", self.priority));
        if self.flags.contains(RuleFlags::INVERT) {
            out.word("not");
        }
        match self.src {
            Some((a, len)) => prefix_field(out, "src", "from", a, len),
            None => out.string("src", "from", "all"),
        }
        if let Some((a, len)) = self.dst {
            prefix_field(out, "dst", "to", a, len);
        }
        if let Some(m) = self.fwmark {
            let text = match self.fwmask {
                Some(mask) if mask != u32::MAX => format!("{m:#x}/{mask:#x}"),
                _ => format!("{m:#x}"),
            };
            out.string("fwmark", "fwmark", text);
        }
        if let Some(i) = &self.iifname {
            out.string("iif", "iif", i);
        }
        if let Some(o) = &self.oifname {
            out.string("oif", "oif", o);
        }
        if self.l3mdev {
            out.json("l3mdev", Json::True);
            out.text("lookup [l3mdev-table]".into());
        } else if self.action == RuleAction::TO_TBL || self.table != Table::UNSPEC {
            out.string("table", "lookup", self.table);
        }
        if let Some(g) = self.goto {
            out.number("goto", "goto", g);
        }
        match self.action {
            RuleAction::TO_TBL | RuleAction::GOTO => {}
            RuleAction::NOP => out.string("action", "", "nop"),
            other => out.string("action", "", other),
        }
        if self.protocol != RouteProtocol::UNSPEC && self.protocol != RouteProtocol::KERNEL {
            out.string("protocol", "proto", self.protocol);
        }
    }
}

/// A rule's prefix: `from 192.0.2.0/24` in the text, `"src": "192.0.2.0", "srclen": 24` in
/// JSON (no length for a whole address).
fn prefix_field(out: &mut Fields, key: &'static str, label: &str, a: IpAddr, len: u8) {
    out.json(key, Json::Str(a.to_string()));
    out.text(format!("{label} {}", host(a, len)));
    if host(a, len) != a.to_string() {
        out.json(
            if key == "src" { "srclen" } else { "dstlen" },
            Json::Num(len.into()),
        );
    }
}

/// `Display` (and, with the `serde` feature, `Serialize`) for each type from its fields.
macro_rules! ip_form {
    ($($T:ty),* $(,)?) => {$(
        /// `ip`'s one-line form: interfaces by index as `if<N>`, iproute2's built-in names,
        /// the default line's fields (the [guide](crate::guide) states the contract).
        impl fmt::Display for $T {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut out = Fields::default();
                self.fields(&mut out);
                out.line(f)
            }
        }

        /// The keys and values of `ip -j`, interfaces by index as `if<N>` (see the
        /// [guide](crate::guide)).
        #[cfg(feature = "serde")]
        impl serde::Serialize for $T {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut out = Fields::default();
                self.fields(&mut out);
                out.serialize(s)
            }
        }
    )*};
}

ip_form!(Link, Address, Route, Neighbour, Rule, Nexthop);

#[cfg(feature = "serde")]
mod ser {
    use serde::Serialize;
    use serde::ser::{SerializeMap, SerializeSeq, Serializer};

    use super::{Fields, Json};

    impl Serialize for Json {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Json::Str(v) => s.serialize_str(v),
                Json::Num(n) => s.serialize_u64(*n),
                Json::True => s.serialize_bool(true),
                Json::List(l) => l.serialize(s),
                Json::Maps(maps) => {
                    let mut seq = s.serialize_seq(Some(maps.len()))?;
                    for m in maps {
                        seq.serialize_element(&Map(m))?;
                    }
                    seq.end()
                }
            }
        }
    }

    struct Map<'a>(&'a [(&'static str, Json)]);

    impl Serialize for Map<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    impl Fields {
        pub(super) fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let json = self
                .0
                .iter()
                .filter_map(|f| Some((f.key, f.json.as_ref()?)));
            let mut map = s.serialize_map(None)?;
            for (k, v) in json {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }
}

/// A [`Prefix`](crate::Prefix) serializes as the string its `Display` prints
/// (`"192.0.2.0/24"`) and deserializes from what its `FromStr` reads (`"default"`, a bare
/// address, `"2001:db8::/32"`).
#[cfg(feature = "serde")]
mod prefix_serde {
    use serde::de::{Deserializer, Error as _};
    use serde::{Deserialize, Serialize, Serializer};

    use crate::Prefix;

    impl Serialize for Prefix {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for Prefix {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Prefix, D::Error> {
            let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
            s.parse().map_err(D::Error::custom)
        }
    }
}
