//! `link add|set|change|delete`, `address add|replace|delete`,
//! `route add|change|replace|prepend|append|test|delete`, `neigh add|replace|delete`,
//! `rule add|delete` and `nexthop add|replace|delete`, with `ip`'s words in `ip`'s order and
//! the request flags `ip` sends for each verb.
//!
//! Every word is parsed and every address checked before the connection is opened, so that a
//! bad line sends nothing; device names are then resolved with one request each.

use std::net::IpAddr;

use netlink::netlink_wire::Flags;
use netlink::netlink_wire::rtnl::RTM_NEWROUTE;
use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::link::{AddrGenMode, LinkMode, OperState, XdpFlags};
use netlink::netlink_wire::rtnl::linkinfo::{MacvlanMode, VlanProtocol};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighFlagsExt, NeighState};
use netlink::netlink_wire::rtnl::nexthop::GroupType;
use netlink::netlink_wire::rtnl::route::{RoutePref, RtnhFlags};
use netlink::netlink_wire::rtnl::rule::RuleAction;
use netlink::netlink_wire::rtnl::{AddressFamily, Scope};
use netlink::ops::link::LinkChange;
use netlink::ops::link_kind::{BridgeSettings, VxlanSettings};
use netlink::ops::route::{NextHop, Prefix, RouteMetrics, RouteRequest};
use netlink::{
    AddrFilter, Address, AddressRequest, Connection, GroupMember, LinkKind, LinkRequest,
    NeighRequest, NexthopRequest, ResilientGroup, RuleRequest,
};

use crate::Ctx;
use crate::cli::{self, Object, Verb};
use crate::error::{CliError, Result};
use crate::words::{self, Words};
use crate::{help, names, show};

/// A parsed change.
#[derive(Debug)]
pub(crate) enum Change {
    /// `link set DEV ...`: every change in one request, as ip sends it.
    LinkSet(Box<LinkSet>),
    /// `link add NAME ... type KIND ...`.
    LinkAdd(Box<LinkAdd>),
    /// `link del DEV`.
    LinkDel(String),
    /// `address add|replace|delete PREFIX dev DEV ...`; the request's index is filled in at
    /// run time.
    Addr {
        /// The verb.
        verb: Verb,
        /// The device.
        dev: String,
        /// The address.
        req: AddressRequest,
        /// A delete of an IPv4 address given without a length: the first address with that
        /// local address, whatever its length, as ip's wildcard delete.
        any_len: bool,
    },
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
    /// `link property add|del dev DEV altname NAME...`: whether to add, the device, the names.
    AltNames(bool, String, Vec<String>),
}

/// `link set`: the changes, with the names resolved at run time.
#[derive(Debug, Default)]
pub(crate) struct LinkSet {
    /// The device.
    dev: String,
    /// The changes, all but the ones below (its index is filled in at run time).
    change: LinkChange,
    /// `master DEV`.
    master: Option<String>,
    /// `netns NAME|PID`: a namespace under /run/netns, else a process id, as ip tries them.
    netns: Option<String>,
    /// `type KIND ARGS`: a kind of `link_kinds`' tables and its words (devices among them are
    /// resolved at run time).
    kind: Option<(String, Vec<String>)>,
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
    peer_address: Option<[u8; 6]>,
    peer_mtu: Option<u32>,
    stp: Option<bool>,
    forward_delay: Option<u32>,
    vlan_filtering: Option<bool>,
    id: Option<u32>,
    vlan_protocol: Option<VlanProtocol>,
    remote: Option<IpAddr>,
    local: Option<IpAddr>,
    port: Option<u16>,
    vxlan_dev: Option<String>,
    ttl: Option<u8>,
    nolearning: bool,
    macvlan_mode: Option<MacvlanMode>,
    /// The words after `type KIND` of the kinds of `link_kinds`, read when the request is made.
    kind_args: Vec<String>,
}

/// `route ...` with its device names still unresolved.
#[derive(Debug)]
pub(crate) struct RouteChange {
    req: RouteRequest,
    dev: Option<String>,
    /// The paths and their device names.
    hops: Vec<(NextHop, Option<String>)>,
}

/// Parses a change of `object` with `verb`; `None` when `nlctl` does not implement the verb
/// for the object yet.
pub(crate) fn parse(
    object: Object,
    verb: Verb,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<Option<Change>> {
    Ok(Some(match (object, verb) {
        (Object::Link, Verb::Set | Verb::Change) => parse_link_set(w)?,
        (Object::Link, Verb::Add) => Change::LinkAdd(Box::new(parse_link_add(w)?)),
        (Object::Link, Verb::Property) => parse_property(w)?,
        (Object::Link, Verb::Delete) => {
            let mut dev = None;
            while let Some(word) = w.next() {
                match cli::resolve(LINK_WORDS, word) {
                    Some(LinkWord::Dev) if dev.is_none() => dev = Some(w.value(word)?.to_owned()),
                    Some(LinkWord::Help) => {
                        return Err(CliError::Help(help::object(Object::Link).to_owned()));
                    }
                    Some(LinkWord::Dev) | None if dev.is_some() => {
                        return Err(show::second_dev(w, word));
                    }
                    None => dev = Some(word.to_owned()),
                    Some(_) => return Err(w.unsupported_in(LINK_WORDS, word)),
                }
            }
            Change::LinkDel(
                dev.ok_or_else(|| {
                    w.error("Not enough information: \"dev\" argument is required.")
                })?,
            )
        }
        (Object::Address, Verb::Add | Verb::Change | Verb::Replace | Verb::Delete) => {
            parse_addr(verb, w, family)?
        }
        (
            Object::Route,
            Verb::Add
            | Verb::Change
            | Verb::Replace
            | Verb::Prepend
            | Verb::Append
            | Verb::Test
            | Verb::Delete,
        ) => Change::Route(verb, Box::new(parse_route(w, family)?)),
        (Object::Neigh, Verb::Add | Verb::Change | Verb::Replace | Verb::Delete) => {
            parse_neigh(verb, w, family)?
        }
        (Object::Rule, Verb::Add | Verb::Delete) => {
            if w.peek().is_none() {
                return Err(w.missing(&format!("\"nlctl {}\" requires arguments.", w.context())));
            }
            Change::Rule(verb, Box::new(parse_rule(w, family)?))
        }
        (Object::Nexthop, Verb::Delete) => {
            let mut id = None;
            while let Some(word) = w.next() {
                match word {
                    "id" if id.is_none() => {
                        id = Some(words::number(w.value(word)?, "nexthop id")?);
                    }
                    // ip reads a delete with the words of an add, and sends them along.
                    "via" | "dev" | "onlink" | "blackhole" | "fdb" | "group" | "type"
                    | "buckets" | "idle_timer" | "unbalanced_timer" | "proto" | "protocol"
                    | "encap" => return Err(w.unsupported(word)),
                    _ => return Err(w.unknown(word)),
                }
            }
            Change::NexthopDel(id.ok_or_else(|| w.missing("which nexthop? (id ID)"))?)
        }
        (Object::Nexthop, Verb::Add | Verb::Replace) => {
            let (req, dev) = parse_nexthop_object(w, family)?;
            Change::Nexthop(verb, Box::new(req), dev)
        }
        _ => return Ok(None),
    }))
}

/// Parses `link property add|del [dev] DEV [altname NAME]...` as ip 6.1's `iplink_prop`: the
/// operator is `add` or `del` or an abbreviation of them (`delete` is not), a bare word is
/// the device, and a name with `/` or a blank is refused before anything is sent.
fn parse_property(w: &mut Words<'_>) -> Result<Change> {
    let usage = || CliError::Help(help::object(Object::Link).to_owned());
    let add = match w.next() {
        None => return Err(usage()),
        Some(op) if cli::abbreviates(op, "add") => true,
        Some(op) if cli::abbreviates(op, "del") => false,
        Some(op) if cli::abbreviates(op, "help") => return Err(usage()),
        Some(_) => return Err(CliError::usage("Operator required")),
    };
    // ip's check_altifname: not empty, no `/`, no blank.
    let bad = |n: &str| n.is_empty() || n.chars().any(|c| c == '/' || c.is_ascii_whitespace());
    let (mut dev, mut names) = (None, Vec::new());
    while let Some(word) = w.next() {
        if cli::abbreviates(word, "altname") {
            let n = w.value(word)?;
            if bad(n) {
                return Err(CliError::usage(format!(
                    "Error: argument \"{n}\" is wrong: not a valid altname"
                )));
            }
            names.push(n.to_owned());
        } else if cli::abbreviates(word, "help") {
            return Err(usage());
        } else {
            let d = if word == "dev" { w.value(word)? } else { word };
            if dev.is_some() {
                return Err(w.error(format!(
                    "\"dev\" is given twice, or {d:?} is an unknown word"
                )));
            }
            if bad(d) {
                return Err(CliError::usage(format!(
                    "Error: argument \"{d}\" is wrong: \"dev\" not a valid ifname"
                )));
            }
            dev = Some(d.to_owned());
        }
    }
    let dev = dev.ok_or_else(|| {
        CliError::usage("Not enough of information: \"dev\" argument is required.")
    })?;
    Ok(Change::AltNames(add, dev, names))
}

/// What a word of `link set`, `link add` and `link delete` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkWord {
    /// `up`.
    Up,
    /// `down`.
    Down,
    /// `name NAME`.
    Name,
    /// `link DEV`: the lower device.
    Link,
    /// `address LLADDR`.
    Address,
    /// `txqueuelen N`, `txqlen N`, `qlen N`.
    Txqlen,
    /// `mtu N`.
    Mtu,
    /// `master DEV`.
    Master,
    /// `nomaster`.
    NoMaster,
    /// `type KIND` and the kind's words after it.
    Type,
    /// `help`.
    Help,
    /// `dev NAME`.
    Dev,
    /// `broadcast LLADDR`, `brd LLADDR`.
    Broadcast,
    /// `netns NAME|PID`.
    Netns,
    /// `multicast on|off`.
    Multicast,
    /// `allmulticast on|off`.
    Allmulticast,
    /// `promisc on|off`.
    Promisc,
    /// `arp on|off`.
    Arp,
    /// `dynamic on|off`.
    Dynamic,
    /// `alias NAME`.
    Alias,
    /// `group GROUP`.
    Group,
    /// `trailers on|off`.
    Trailers,
    /// `carrier on|off`.
    Carrier,
    /// `protodown on|off`.
    Protodown,
    /// `state STATE`: the operational state.
    State,
    /// `mode default|dormant`: the link mode.
    Mode,
    /// `addrgenmode eui64|none|stable_secret|random`.
    AddrGenMode,
    /// `gso_max_size N`.
    GsoMaxSize,
    /// `gso_max_segs N`.
    GsoMaxSegs,
    /// `gro_max_size N`.
    GroMaxSize,
    /// `xdp off` (and its `xdpgeneric`, `xdpdrv`, `xdpoffload` forms) with these flags.
    Xdp(u32),
    /// A word ip knows and nlctl does not implement yet.
    Unsupported,
}

/// The words of ip's link parser (`ip link set|add|delete`), in its order. A word that is none
/// of them is the device's name.
const LINK_WORDS: &[cli::Row<LinkWord>] = cli::rows![
    Exact "up" => LinkWord::Up,
    Exact "down" => LinkWord::Down,
    Exact "name" => LinkWord::Name,
    Exact "index" => LinkWord::Unsupported,
    Prefix "link" => LinkWord::Link,
    Prefix "address" => LinkWord::Address,
    Prefix "broadcast" => LinkWord::Broadcast,
    Exact "brd" => LinkWord::Broadcast,
    Prefix "txqueuelen" => LinkWord::Txqlen,
    Exact "qlen" => LinkWord::Txqlen,
    Prefix "txqlen" => LinkWord::Txqlen,
    Exact "mtu" => LinkWord::Mtu,
    Exact "xdpgeneric" => LinkWord::Xdp(2),
    Exact "xdpdrv" => LinkWord::Xdp(4),
    Exact "xdpoffload" => LinkWord::Xdp(8),
    Exact "xdp" => LinkWord::Xdp(0),
    Exact "netns" => LinkWord::Netns,
    Exact "multicast" => LinkWord::Multicast,
    Exact "allmulticast" => LinkWord::Allmulticast,
    Exact "promisc" => LinkWord::Promisc,
    Exact "trailers" => LinkWord::Trailers,
    Exact "arp" => LinkWord::Arp,
    Exact "carrier" => LinkWord::Carrier,
    Exact "vf" => LinkWord::Unsupported,
    Prefix "master" => LinkWord::Master,
    Exact "vrf" => LinkWord::Unsupported,
    Prefix "nomaster" => LinkWord::NoMaster,
    Prefix "dynamic" => LinkWord::Dynamic,
    Prefix "type" => LinkWord::Type,
    Prefix "alias" => LinkWord::Alias,
    Exact "group" => LinkWord::Group,
    Exact "mode" => LinkWord::Mode,
    Exact "state" => LinkWord::State,
    Exact "numtxqueues" => LinkWord::Unsupported,
    Exact "numrxqueues" => LinkWord::Unsupported,
    Prefix "addrgenmode" => LinkWord::AddrGenMode,
    Prefix "link-netns" => LinkWord::Unsupported,
    Prefix "link-netnsid" => LinkWord::Unsupported,
    Exact "protodown" => LinkWord::Protodown,
    Exact "protodown_reason" => LinkWord::Unsupported,
    Exact "gso_max_size" => LinkWord::GsoMaxSize,
    Exact "gso_max_segs" => LinkWord::GsoMaxSegs,
    Exact "gro_max_size" => LinkWord::GroMaxSize,
    Exact "parentdev" => LinkWord::Unsupported,
    Prefix "help" => LinkWord::Help,
    Exact "dev" => LinkWord::Dev,
];

fn parse_link_set(w: &mut Words<'_>) -> Result<Change> {
    let mut l = LinkSet::default();
    let mut dev = None;
    // ip reports a bad on/off and stops with status 1.
    let on_off = |w: &mut Words<'_>, word: &str| -> Result<bool> {
        match w.value(word)? {
            "on" => Ok(true),
            "off" => Ok(false),
            v => Err(w.missing(&format!(
                "Error: argument of \"{word}\" must be \"on\" or \"off\", not {v:?}"
            ))),
        }
    };
    let invarg = |w: &Words<'_>, v: &str, what: &str| {
        w.error(format!("Error: argument \"{v}\" is wrong: {what}"))
    };
    let c = &mut l.change;
    while let Some(word) = w.next() {
        match cli::resolve(LINK_WORDS, word) {
            Some(LinkWord::Up) => c.up = Some(true),
            Some(LinkWord::Down) => c.up = Some(false),
            Some(LinkWord::Mtu) => c.mtu = Some(words::number(w.value(word)?, "mtu")?),
            Some(LinkWord::Name) => {
                let n = w.value(word)?;
                netlink::ops::link::validate_name(n).map_err(|e| w.error(e))?;
                c.name = Some(n.to_owned());
            }
            Some(LinkWord::Address) => c.address = Some(words::lladdr(w.value(word)?)?),
            Some(LinkWord::Broadcast) => c.broadcast = Some(words::lladdr(w.value(word)?)?),
            Some(LinkWord::Txqlen) => c.txqlen = Some(words::number(w.value(word)?, "txqlen")?),
            Some(LinkWord::Master) => l.master = Some(w.value(word)?.to_owned()),
            Some(LinkWord::NoMaster) => c.master = Some(0),
            Some(LinkWord::Netns) => l.netns = Some(w.value(word)?.to_owned()),
            Some(LinkWord::Multicast) => c.multicast = Some(on_off(w, word)?),
            Some(LinkWord::Allmulticast) => c.allmulticast = Some(on_off(w, word)?),
            Some(LinkWord::Promisc) => c.promisc = Some(on_off(w, word)?),
            Some(LinkWord::Arp) => c.arp = Some(on_off(w, word)?),
            Some(LinkWord::Dynamic) => c.dynamic = Some(on_off(w, word)?),
            Some(LinkWord::Alias) => c.alias = Some(w.value(word)?.to_owned()),
            Some(LinkWord::Trailers) => c.trailers = Some(on_off(w, word)?),
            Some(LinkWord::Carrier) => c.carrier = Some(on_off(w, word)?),
            Some(LinkWord::Protodown) => c.proto_down = Some(on_off(w, word)?),
            Some(LinkWord::GsoMaxSize) => {
                c.gso_max_size = Some(words::number(w.value(word)?, "gso_max_size")?);
            }
            Some(LinkWord::GsoMaxSegs) => {
                c.gso_max_segs = Some(words::number(w.value(word)?, "gso_max_segs")?);
            }
            Some(LinkWord::GroMaxSize) => {
                c.gro_max_size = Some(words::number(w.value(word)?, "gro_max_size")?);
            }
            Some(LinkWord::State) => {
                let v = w.value(word)?;
                c.operstate = Some(
                    OperState::from_short_name(&v.to_ascii_uppercase())
                        .ok_or_else(|| invarg(w, v, "Invalid operstate"))?,
                );
            }
            Some(LinkWord::Mode) => {
                let v = w.value(word)?;
                c.link_mode = Some(match v.to_ascii_lowercase().as_str() {
                    "default" => LinkMode::DEFAULT,
                    "dormant" => LinkMode::DORMANT,
                    _ => return Err(invarg(w, v, "Invalid link mode")),
                });
            }
            Some(LinkWord::AddrGenMode) => {
                let v = w.value(word)?;
                c.addr_gen_mode = Some(
                    AddrGenMode::from_short_name(v)
                        .ok_or_else(|| invarg(w, v, "Invalid address generation mode"))?,
                );
            }
            Some(LinkWord::Xdp(mode)) => {
                // Only detaching: attaching a program (`obj`, `pinned`, `fd`) is not done.
                match w.value(word)? {
                    "off" | "none" => {
                        c.xdp_off = Some(XdpFlags(mode | XdpFlags::UPDATE_IF_NOEXIST.bits()));
                    }
                    v => return Err(w.unsupported(&format!("{word} {v}"))),
                }
            }
            Some(LinkWord::Group) => {
                let g = w.value(word)?;
                c.group = Some(if g == "default" {
                    0
                } else {
                    words::number(g, "group")?
                });
            }
            Some(LinkWord::Help) => {
                return Err(CliError::Help(help::object(Object::Link).to_owned()));
            }
            Some(LinkWord::Type) => {
                // Every word after the kind is the kind's, as in ip.
                let kind = w.value(word)?.to_owned();
                if !crate::link_kinds::knows(&kind) {
                    return Err(w.unsupported(&format!("type {kind}")));
                }
                let mut args = Vec::new();
                while let Some(a) = w.next() {
                    args.push(a.to_owned());
                }
                // Checked now, with every device taken to exist; resolved when the request is
                // made.
                if let Some(Err(e)) = crate::link_kinds::kind_attrs(&kind, &args, &|_| Ok(1)) {
                    return Err(e);
                }
                l.kind = Some((kind, args));
            }
            Some(LinkWord::Dev) => {
                let v = w.value(word)?;
                if dev.is_some() {
                    return Err(show::second_dev(w, v));
                }
                dev = Some(v.to_owned());
            }
            None if dev.is_none() => dev = Some(word.to_owned()),
            None => return Err(show::second_dev(w, word)),
            Some(_) => return Err(w.unsupported_in(LINK_WORDS, word)),
        }
    }
    l.dev = dev.ok_or_else(|| w.error("Not enough information: \"dev\" argument is required."))?;
    Ok(Change::LinkSet(Box::new(l)))
}

fn parse_link_add(w: &mut Words<'_>) -> Result<LinkAdd> {
    let mut l = LinkAdd::default();
    while let Some(word) = w.next() {
        match cli::resolve(LINK_WORDS, word) {
            Some(LinkWord::Name) => l.name = Some(w.value(word)?.to_owned()),
            Some(LinkWord::Link) => l.lower = Some(w.value(word)?.to_owned()),
            Some(LinkWord::Mtu) => l.mtu = Some(words::number(w.value(word)?, "mtu")?),
            Some(LinkWord::Address) => l.address = Some(words::lladdr(w.value(word)?)?),
            Some(LinkWord::Master) => l.master = Some(w.value(word)?.to_owned()),
            Some(LinkWord::Txqlen) => {
                l.txqlen = Some(words::number(w.value(word)?, "txqlen")?);
            }
            Some(LinkWord::Up) => l.up = true,
            Some(LinkWord::Type) => {
                l.kind = Some(w.value(word)?.to_owned());
                parse_kind_words(w, &mut l)?;
            }
            Some(LinkWord::Help) => {
                return Err(CliError::Help(help::object(Object::Link).to_owned()));
            }
            Some(LinkWord::Dev) => {
                let v = w.value(word)?;
                if l.name.is_some() {
                    return Err(show::second_dev(w, v));
                }
                l.name = Some(v.to_owned());
            }
            None if l.name.is_none() => l.name = Some(word.to_owned()),
            None => return Err(show::second_dev(w, word)),
            Some(_) => return Err(w.unsupported_in(LINK_WORDS, word)),
        }
    }
    let kind = l
        .kind
        .as_deref()
        .ok_or_else(|| w.missing("Not enough information: \"type\" argument is required"))?;
    // ip lets the kernel name the link after its kind when no name is given: not done yet.
    let name = l
        .name
        .as_deref()
        .ok_or_else(|| CliError::unsupported(format!("\"{}\" without a name", w.context())))?;
    netlink::ops::link::validate_name(name).map_err(|e| w.error(e))?;
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
    if crate::link_kinds::knows(&kind) {
        while let Some(word) = w.next() {
            l.kind_args.push(word.to_owned());
        }
        // Checked now, with every device taken to exist; resolved when the request is made.
        if let Some(Err(e)) = crate::link_kinds::kind_attrs(&kind, &l.kind_args, &|_| Ok(1)) {
            return Err(w.error(e));
        }
        return Ok(());
    }
    while let Some(word) = w.next() {
        match (kind.as_str(), word) {
            ("veth" | "vxcan", "peer") => {
                // The peer's own words, as ip reads them for a link: its name, address and
                // mtu; `peer` alone lets the kernel name it.
                while let Some(pw) = w.next() {
                    match pw {
                        "name" | "dev" => {
                            let v = w.value(pw)?;
                            netlink::ops::link::validate_name(v).map_err(|e| w.error(e))?;
                            l.peer = Some(v.to_owned());
                        }
                        "address" => {
                            let a = words::lladdr(w.value(pw)?)?;
                            l.peer_address = Some(
                                <[u8; 6]>::try_from(a.as_slice())
                                    .map_err(|_| w.error("a veth peer's address has 6 bytes"))?,
                            );
                        }
                        "mtu" => l.peer_mtu = Some(words::number(w.value(pw)?, "mtu")?),
                        _ if cli::resolve(LINK_WORDS, pw).is_some() => {
                            return Err(w.unsupported(&format!("peer {pw}")));
                        }
                        _ if l.peer.is_none() => {
                            netlink::ops::link::validate_name(pw).map_err(|e| w.error(e))?;
                            l.peer = Some(pw.to_owned());
                        }
                        _ => return Err(w.unknown(pw)),
                    }
                }
            }
            ("bridge", "stp_state") => {
                l.stp = Some(words::number(w.value(word)?, "stp_state")? != 0);
            }
            ("bridge", "forward_delay") => {
                l.forward_delay = Some(words::number(w.value(word)?, "forward_delay")?);
            }
            ("bridge", "vlan_filtering") => {
                l.vlan_filtering = Some(words::number(w.value(word)?, "vlan_filtering")? != 0);
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

/// What a word of `address add|change|replace|delete` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddrWord {
    /// `peer PREFIX`, `remote PREFIX`.
    Peer,
    /// `broadcast ADDR|+|-`, `brd`.
    Broadcast,
    /// `anycast ADDR`.
    Anycast,
    /// `scope S`.
    Scope,
    /// `dev NAME`.
    Dev,
    /// `label LABEL`.
    Label,
    /// `metric N`, `priority N`, `preference N`.
    Metric,
    /// `valid_lft SECONDS|forever`.
    ValidLft,
    /// `preferred_lft SECONDS|forever`.
    PreferredLft,
    /// A flag that only IPv6 addresses take (`home`, `nodad`, `mngtmpaddr`).
    Ipv6Flag(AddrFlags),
    /// A flag of any address (`noprefixroute`, `autojoin`).
    Flag(AddrFlags),
    /// `local PREFIX`, or the prefix alone.
    Local,
}

/// The words of ip's address parser, in its order; any other word is the local address.
const ADDR_WORDS: &[cli::Row<AddrWord>] = cli::rows![
    Exact "peer" => AddrWord::Peer,
    Exact "remote" => AddrWord::Peer,
    Prefix "broadcast" => AddrWord::Broadcast,
    Exact "brd" => AddrWord::Broadcast,
    Exact "anycast" => AddrWord::Anycast,
    Exact "scope" => AddrWord::Scope,
    Exact "dev" => AddrWord::Dev,
    Exact "label" => AddrWord::Label,
    Prefix "metric" => AddrWord::Metric,
    Prefix "priority" => AddrWord::Metric,
    Prefix "preference" => AddrWord::Metric,
    Prefix "valid_lft" => AddrWord::ValidLft,
    Prefix "preferred_lft" => AddrWord::PreferredLft,
    Exact "home" => AddrWord::Ipv6Flag(AddrFlags::HOMEADDRESS),
    Exact "nodad" => AddrWord::Ipv6Flag(AddrFlags::NODAD),
    Exact "mngtmpaddr" => AddrWord::Ipv6Flag(AddrFlags::MANAGETEMPADDR),
    Exact "noprefixroute" => AddrWord::Flag(AddrFlags::NOPREFIXROUTE),
    Exact "autojoin" => AddrWord::Flag(AddrFlags::MCAUTOJOIN),
    Exact "local" => AddrWord::Local,
];

fn parse_addr(v: Verb, w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Change> {
    let mut local: Option<Prefix> = None;
    let mut has_len = false;
    let mut dev = None;
    let mut peer = None;
    let mut broadcast: Option<&str> = None;
    let mut anycast = None;
    let mut label = None;
    let mut valid = None;
    let mut preferred = None;
    let mut flags = AddrFlags::EMPTY;
    let mut scope = None;
    let mut metric = None;
    while let Some(word) = w.next() {
        let what = cli::resolve(ADDR_WORDS, word);
        match what {
            Some(AddrWord::Dev) => dev = Some(w.value(word)?.to_owned()),
            Some(AddrWord::Peer) => peer = Some(words::prefix(w.value(word)?, family)?),
            Some(AddrWord::Broadcast) => broadcast = Some(w.value(word)?),
            Some(AddrWord::Anycast) => anycast = Some(words::addr(w.value(word)?)?),
            Some(AddrWord::Label) => label = Some(w.value(word)?.to_owned()),
            Some(AddrWord::ValidLft) => {
                valid = Some(words::lifetime(w.value(word)?, "valid_lft")?);
            }
            Some(AddrWord::PreferredLft) => {
                preferred = Some(words::lifetime(w.value(word)?, "preferred_lft")?);
            }
            Some(AddrWord::Flag(f)) => flags |= f,
            Some(AddrWord::Ipv6Flag(f)) => {
                // As ip: the family known so far decides; an IPv4 address ignores the flag
                // with a warning.
                let known = local.map(|p| p.family()).or(family);
                if known == Some(AddressFamily::INET6) {
                    flags |= f;
                } else {
                    crate::say!(
                        "nlctl: warning: {}: {word:?} applies to IPv6 addresses only; ignored, \
                         as ip ignores it",
                        w.context()
                    );
                }
            }
            Some(AddrWord::Scope) => {
                let v = w.value(word)?;
                scope = Some(words::scope(v).map_err(|_| w.error(format!("invalid scope {v:?}")))?);
            }
            Some(AddrWord::Metric) => metric = Some(words::number(w.value(word)?, "metric")?),
            Some(AddrWord::Local) | None => {
                let a = if what.is_some() { w.value(word)? } else { word };
                if cli::abbreviates(a, "help") {
                    return Err(CliError::Help(help::object(Object::Address).to_owned()));
                }
                if local.is_some() {
                    return Err(w.error(format!(
                        "\"local\" is given twice, or {a:?} is an unknown word"
                    )));
                }
                local = Some(words::prefix(a, family)?);
                has_len = a.contains('/');
            }
        }
    }
    // ip sends a request without an address, of no family, which the kernel refuses with
    // EOPNOTSUPP (exit 2); nlctl refuses it before sending, with the same status.
    let local = local.ok_or_else(|| {
        CliError::from(netlink::Error::InvalidArgument(format!(
            "{}: no address given (ip sends the request anyway, and the kernel answers \
             EOPNOTSUPP)",
            w.context()
        )))
    })?;
    if let (Some(v), Some(p)) = (valid, preferred)
        && p > v
    {
        return Err(w.missing("preferred_lft is greater than valid_lft"));
    }
    let dev =
        dev.ok_or_else(|| w.missing("Not enough information: \"dev\" argument is required."))?;
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
    req.anycast = anycast;
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
    // `ip address delete ADDR` without a length and without a peer deletes the first IPv4
    // address ADDR on the device, whatever its length.
    let any_len = v == Verb::Delete && !has_len && peer.is_none() && local.addr.is_ipv4();
    Ok(Change::Addr {
        verb: v,
        dev,
        req,
        any_len,
    })
}

/// How `route add` reads a metric's value, as ip 6.1's `iproute_modify` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetricValue {
    /// A number (`get_unsigned`), which `lock` may precede.
    Number,
    /// A number up to 255 (`hoplimit`), which `lock` may precede.
    Byte,
    /// A time (`get_time_rtt`): a bare number is sent as given, one with `ms` or `s` is
    /// scaled by this factor (the kernel's units: 1/8 ms for `rtt`, 1/4 ms for `rttvar`);
    /// `lock` may precede.
    Time(u32),
    /// `rto_min`: a time sent in milliseconds, always locked.
    RtoMin,
    /// 0 or 1 (`quickack`, `fastopen_no_cookie`), without `lock`.
    Flag,
    /// `features ecn`.
    Features,
    /// `congctl [lock] NAME`.
    Congctl,
}

/// What a word of `route add|change|...|delete` stands for.
#[derive(Debug, Clone, Copy)]
enum RouteWord {
    /// `src ADDR`: the preferred source.
    Src,
    /// `via [FAMILY] ADDR`.
    Via,
    /// `from PREFIX`: the source prefix.
    From,
    /// `tos TOS`, `dsfield TOS`.
    Tos,
    /// `expires SECONDS`.
    Expires,
    /// `metric N`, `priority N`, `preference N`.
    Metric,
    /// `dev NAME`, `oif NAME`.
    Dev,
    /// `pref low|medium|high`.
    Pref,
    /// `nexthop ...`: one path of a multipath route.
    Nexthop,
    /// `nhid ID`.
    Nhid,
    /// `onlink`.
    Onlink,
    /// A route metric: its `RTAX_*` number (the bit of `lock`) and how its value reads.
    RouteMetric(u32, MetricValue),
    /// `realms [FROM/]TO`.
    Realms,
    /// `table ID`.
    Table,
    /// `protocol P`.
    Protocol,
    /// `scope S`.
    Scope,
    /// `to PREFIX`.
    To,
    /// A word ip knows and nlctl does not implement yet.
    Unsupported,
}

/// The words of ip's route parser, in its order; any other word is a route type or the
/// destination.
const ROUTE_WORDS: &[cli::Row<RouteWord>] = cli::rows![
    Exact "src" => RouteWord::Src,
    Exact "as" => RouteWord::Unsupported,
    Exact "via" => RouteWord::Via,
    Exact "from" => RouteWord::From,
    Exact "tos" => RouteWord::Tos,
    Prefix "dsfield" => RouteWord::Tos,
    Exact "expires" => RouteWord::Expires,
    Prefix "metric" => RouteWord::Metric,
    Prefix "priority" => RouteWord::Metric,
    Exact "preference" => RouteWord::Metric,
    Exact "scope" => RouteWord::Scope,
    Exact "mtu" => RouteWord::RouteMetric(2, MetricValue::Number),
    Exact "hoplimit" => RouteWord::RouteMetric(10, MetricValue::Byte),
    Exact "advmss" => RouteWord::RouteMetric(8, MetricValue::Number),
    Prefix "reordering" => RouteWord::RouteMetric(9, MetricValue::Number),
    Exact "rtt" => RouteWord::RouteMetric(4, MetricValue::Time(8)),
    Exact "rto_min" => RouteWord::RouteMetric(13, MetricValue::RtoMin),
    Prefix "window" => RouteWord::RouteMetric(3, MetricValue::Number),
    Prefix "cwnd" => RouteWord::RouteMetric(7, MetricValue::Number),
    Prefix "initcwnd" => RouteWord::RouteMetric(11, MetricValue::Number),
    Prefix "initrwnd" => RouteWord::RouteMetric(14, MetricValue::Number),
    Prefix "features" => RouteWord::RouteMetric(12, MetricValue::Features),
    Prefix "quickack" => RouteWord::RouteMetric(15, MetricValue::Flag),
    Prefix "congctl" => RouteWord::RouteMetric(16, MetricValue::Congctl),
    Prefix "rttvar" => RouteWord::RouteMetric(5, MetricValue::Time(4)),
    Prefix "ssthresh" => RouteWord::RouteMetric(6, MetricValue::Number),
    Prefix "realms" => RouteWord::Realms,
    Exact "onlink" => RouteWord::Onlink,
    Exact "nexthop" => RouteWord::Nexthop,
    Exact "nhid" => RouteWord::Nhid,
    Prefix "protocol" => RouteWord::Protocol,
    Prefix "table" => RouteWord::Table,
    Prefix "vrf" => RouteWord::Unsupported,
    Exact "dev" => RouteWord::Dev,
    Exact "oif" => RouteWord::Dev,
    Prefix "pref" => RouteWord::Pref,
    Exact "encap" => RouteWord::Unsupported,
    Exact "ttl-propagate" => RouteWord::Unsupported,
    Prefix "fastopen_no_cookie" => RouteWord::RouteMetric(17, MetricValue::Flag),
    Exact "to" => RouteWord::To,
];

/// A time as ip's `get_time_rtt` reads it: milliseconds, a bare number (`raw`) or with `ms`
/// or `s` (and their spellings), rounded up. Returns the value and whether it was bare.
fn time_rtt(s: &str) -> Option<(u32, bool)> {
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'x' || c == 'X'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let t: f64 = if num.contains('.') {
        num.parse().ok()?
    } else {
        f64::from(cli::c_unsigned(num)?)
    };
    let t = match unit.to_ascii_lowercase().as_str() {
        "" | "ms" | "msec" | "msecs" => t,
        "s" | "sec" | "secs" => t * 1000.0,
        _ => return None,
    };
    if !(0.0..=f64::from(u32::MAX)).contains(&t) {
        return None;
    }
    let ceil = t.ceil();
    // `ceil` is within u32's range, checked above.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let v = ceil as u32;
    Some((v, unit.is_empty()))
}

/// Sets metric `rtax` of `m` to `v`.
fn set_metric(m: &mut RouteMetrics, rtax: u32, v: u32) {
    let slot = match rtax {
        2 => &mut m.mtu,
        3 => &mut m.window,
        4 => &mut m.rtt,
        5 => &mut m.rttvar,
        6 => &mut m.ssthresh,
        7 => &mut m.cwnd,
        8 => &mut m.advmss,
        9 => &mut m.reordering,
        10 => &mut m.hoplimit,
        11 => &mut m.initcwnd,
        12 => &mut m.features,
        13 => &mut m.rto_min,
        14 => &mut m.initrwnd,
        15 => &mut m.quickack,
        _ => &mut m.fastopen_no_cookie,
    };
    *slot = Some(v);
}

/// Reads the value of metric `word` (`RTAX_*` number `rtax`) into `m`, as ip does.
fn route_metric(
    w: &mut Words<'_>,
    m: &mut RouteMetrics,
    word: &str,
    rtax: u32,
    how: MetricValue,
) -> Result<()> {
    let name = cli::full_name(ROUTE_WORDS, word).unwrap_or(word);
    let invalid = |v: &str, what: &str| {
        CliError::usage(format!(
            "Error: argument \"{v}\" is wrong: \"{name}\" {what}"
        ))
    };
    let mut v = w.value(word)?;
    let lockable = !matches!(
        how,
        MetricValue::Flag | MetricValue::Features | MetricValue::RtoMin
    );
    if lockable && v == "lock" {
        m.lock |= 1 << rtax;
        v = w.value(word)?;
    }
    match how {
        MetricValue::Number | MetricValue::Byte => {
            let n = cli::c_unsigned(v)
                .filter(|n| how == MetricValue::Number || *n <= 255)
                .ok_or_else(|| invalid(v, "value is invalid"))?;
            set_metric(m, rtax, n);
        }
        MetricValue::Time(scale) => {
            let (t, raw) = time_rtt(v).ok_or_else(|| invalid(v, "value is invalid"))?;
            set_metric(m, rtax, if raw { t } else { t.wrapping_mul(scale) });
        }
        MetricValue::RtoMin => {
            m.lock |= 1 << rtax;
            let (t, _) = time_rtt(v).ok_or_else(|| invalid(v, "value is invalid"))?;
            set_metric(m, rtax, t);
        }
        MetricValue::Flag => {
            let n = cli::c_unsigned(v).ok_or_else(|| invalid(v, "value is invalid"))?;
            if n > 1 {
                return Err(invalid(v, "value should be 0 or 1"));
            }
            set_metric(m, rtax, n);
        }
        MetricValue::Features => {
            if v != "ecn" {
                return Err(invalid(v, "value not valid"));
            }
            set_metric(m, rtax, 1);
        }
        MetricValue::Congctl => m.cc_algo = Some(v.to_owned()),
    }
    Ok(())
}

/// The words of one `nexthop`, up to the next `nexthop`.
/// A path's gateways (with the family named before each, if any), device, weight and
/// `onlink`.
type RawHop<'a> = (
    Vec<(Option<AddressFamily>, &'a str)>,
    Option<String>,
    u16,
    bool,
);

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
                let named = match g {
                    "inet" => Some(AddressFamily::INET),
                    "inet6" => Some(AddressFamily::INET6),
                    _ => None,
                };
                if named.is_some() {
                    g = w.value("via")?;
                }
                gw.push((named, g));
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

/// The family of an address.
fn family_of(a: IpAddr) -> AddressFamily {
    if a.is_ipv4() {
        AddressFamily::INET
    } else {
        AddressFamily::INET6
    }
}

/// Reads a gateway as ip does: `[inet|inet6] ADDR`, of the route's family unless one is named;
/// the first address fixes the route's family. Returns the address and whether it is of the
/// route's family (`RTA_GATEWAY`) or not (`RTA_VIA`).
fn gateway(w: &mut Words<'_>, fam: &mut Option<AddressFamily>) -> Result<(IpAddr, bool)> {
    let mut g = w.value("via")?;
    let named = match g {
        "inet" => Some(AddressFamily::INET),
        "inet6" => Some(AddressFamily::INET6),
        _ => None,
    };
    if named.is_some() {
        g = w.value("via")?;
    }
    let a = words::addr_of(g, named.or(*fam))?;
    let route = *fam.get_or_insert(family_of(a));
    Ok((a, family_of(a) == route))
}

fn parse_route(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RouteChange> {
    // The route's family, fixed by -4/-6 or by the first address read, as ip reads them.
    let mut fam = family;
    let mut dst: Option<&str> = None;
    let mut dst_prefix: Option<Prefix> = None;
    let mut route_type = None;
    let mut gw: Option<(IpAddr, bool)> = None;
    let mut dev = None;
    let mut metric = None;
    let mut table = None;
    let mut protocol = None;
    let mut scope = None;
    let mut prefsrc = None;
    let mut src = None;
    let mut metrics = RouteMetrics::default();
    let mut onlink = false;
    let mut nh_id = None;
    let mut pref = None;
    let mut expires = None;
    let mut realms = None;
    let mut tos = 0u8;
    let mut raw_hops = Vec::new();
    while let Some(word) = w.next() {
        match cli::resolve(ROUTE_WORDS, word) {
            Some(RouteWord::Via) => {
                if gw.is_some() {
                    return Err(CliError::usage(
                        "Error: argument \"via\" is wrong: use nexthop syntax to specify \
                         multiple via",
                    ));
                }
                gw = Some(gateway(w, &mut fam)?);
            }
            Some(RouteWord::Dev) => dev = Some(w.value(word)?.to_owned()),
            Some(RouteWord::Metric) => metric = Some(words::number(w.value(word)?, "metric")?),
            Some(RouteWord::Table) => table = Some(words::table(w.value(word)?)?),
            Some(RouteWord::Protocol) => protocol = Some(words::protocol(w.value(word)?)?),
            Some(RouteWord::Scope) => scope = Some(words::scope(w.value(word)?)?),
            Some(RouteWord::Src) => {
                let a = words::addr_of(w.value(word)?, fam)?;
                fam.get_or_insert(family_of(a));
                prefsrc = Some(a);
            }
            Some(RouteWord::From) => {
                let p = words::prefix(w.value(word)?, fam)?;
                fam.get_or_insert(p.family());
                src = Some(p);
            }
            Some(RouteWord::Onlink) => onlink = true,
            Some(RouteWord::Nhid) => nh_id = Some(words::number(w.value(word)?, "nhid")?),
            Some(RouteWord::Tos) => {
                let v = w.value(word)?;
                tos = words::dsfield(v).ok_or_else(|| {
                    w.error(format!(
                        "Error: argument \"{v}\" is wrong: TOS value is invalid"
                    ))
                })?;
            }
            Some(RouteWord::Pref) => {
                let p = w.value(word)?;
                pref = Some(
                    RoutePref::from_short_name(p)
                        .ok_or_else(|| w.error(format!("invalid pref {p:?}")))?,
                );
            }
            Some(RouteWord::Expires) => expires = Some(words::number(w.value(word)?, "expires")?),
            Some(RouteWord::Nexthop) => raw_hops.push(parse_nexthop(w)?),
            Some(RouteWord::RouteMetric(rtax, how)) => {
                route_metric(w, &mut metrics, word, rtax, how)?;
            }
            Some(RouteWord::Realms) => {
                let v = w.value(word)?;
                let (value, _) = words::realms(v).ok_or_else(|| {
                    CliError::usage(format!(
                        "Error: argument \"{v}\" is wrong: \"realm\" value is invalid"
                    ))
                })?;
                realms = Some(value);
            }
            Some(RouteWord::Unsupported) => return Err(w.unsupported_in(ROUTE_WORDS, word)),
            Some(RouteWord::To) | None => {
                let mut word = word;
                if matches!(cli::resolve(ROUTE_WORDS, word), Some(RouteWord::To)) {
                    word = w.value(word)?;
                }
                if !word.starts_with(|c: char| c.is_ascii_digit())
                    && let Some(t) = words::route_type(word)
                {
                    route_type = Some(t);
                    word = w.value(word)?;
                }
                if cli::abbreviates(word, "help") {
                    return Err(CliError::Help(help::object(Object::Route).to_owned()));
                }
                if dst.is_some() {
                    return Err(w.error(format!(
                        "\"to\" is given twice, or {word:?} is an unknown word"
                    )));
                }
                dst = Some(word);
                // `default` has no family of its own: the route's stays open.
                if !matches!(word, "default" | "all" | "any") {
                    let p = words::prefix(word, fam)?;
                    fam.get_or_insert(p.family());
                    dst_prefix = Some(p);
                }
            }
        }
    }
    let dst = dst.ok_or_else(|| CliError::Help(help::object(Object::Route).to_owned()))?;
    // The paths come last, as ip reads them after the other words.
    let mut hops = Vec::new();
    for (gws, hdev, weight, hop_onlink) in raw_hops {
        let mut h = NextHop::dev(0).with_weight(weight);
        h.oif = None;
        for (named, g) in gws {
            let a = words::addr_of(g, named.or(fam))?;
            let route = *fam.get_or_insert(family_of(a));
            if family_of(a) == route {
                h.gateway = Some(a);
            } else {
                h.via = Some(a);
            }
        }
        if hop_onlink {
            h.flags = RtnhFlags::ONLINK;
        }
        hops.push((h, hdev));
    }
    let dst = match dst_prefix {
        Some(p) => p,
        None => words::prefix(dst, fam)?,
    };
    let mut req = RouteRequest::new(dst.addr, dst.len);
    match gw {
        Some((a, true)) => req.gateway = Some(a),
        Some((a, false)) => req.via = Some(a),
        None => {}
    }
    req.prefsrc = prefsrc;
    req.src = src;
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
    req.realms = realms;
    Ok(RouteChange { req, dev, hops })
}

/// What a word of `neigh add|replace|delete` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NeighWord {
    /// `lladdr LLADDR`.
    Lladdr,
    /// `nud STATE`.
    Nud,
    /// `proxy ADDR`.
    Proxy,
    /// `protocol P`.
    Protocol,
    /// `router`.
    Router,
    /// `dev NAME`.
    Dev,
    /// `to ADDR`, or the address alone.
    To,
    /// `use`: `NTF_USE`.
    Use,
    /// `managed`: `NTF_EXT_MANAGED`.
    Managed,
    /// `extern_learn`: `NTF_EXT_LEARNED`.
    ExternLearn,
}

/// The words of ip's neighbour parser, in its order; any other word is the address.
const NEIGH_WORDS: &[cli::Row<NeighWord>] = cli::rows![
    Prefix "lladdr" => NeighWord::Lladdr,
    Exact "nud" => NeighWord::Nud,
    Prefix "proxy" => NeighWord::Proxy,
    Prefix "protocol" => NeighWord::Protocol,
    Exact "router" => NeighWord::Router,
    Exact "use" => NeighWord::Use,
    Exact "managed" => NeighWord::Managed,
    Prefix "extern_learn" => NeighWord::ExternLearn,
    Exact "dev" => NeighWord::Dev,
    Exact "to" => NeighWord::To,
];

/// Records the neighbour's address; a second one is an error, as in ip.
fn set_dst<'a>(w: &Words<'_>, dst: &mut Option<&'a str>, a: &'a str) -> Result<()> {
    if dst.is_some() {
        return Err(w.error(format!("the address is given twice (second: {a:?})")));
    }
    *dst = Some(a);
    Ok(())
}

fn parse_neigh(v: Verb, w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Change> {
    let mut dst: Option<&str> = None;
    let mut dev = None;
    let mut lladdr = None;
    let mut state = None;
    let mut router = false;
    let mut proxy = false;
    let mut protocol = None;
    let mut flags = NeighFlags::EMPTY;
    let mut flags_ext = NeighFlagsExt::EMPTY;
    while let Some(word) = w.next() {
        match cli::resolve(NEIGH_WORDS, word) {
            Some(NeighWord::To) => {
                let a = w.value(word)?;
                set_dst(w, &mut dst, a)?;
            }
            Some(NeighWord::Dev) => dev = Some(w.value(word)?.to_owned()),
            Some(NeighWord::Lladdr) => lladdr = Some(words::lladdr(w.value(word)?)?),
            Some(NeighWord::Nud) => {
                state = Some(words::nud(w.value(word)?)?.unwrap_or(NeighState::NONE));
            }
            Some(NeighWord::Router) => router = true,
            Some(NeighWord::Proxy) => {
                proxy = true;
                let a = w.value(word)?;
                set_dst(w, &mut dst, a)?;
            }
            Some(NeighWord::Protocol) => protocol = Some(words::protocol(w.value(word)?)?),
            Some(NeighWord::Use) => flags |= NeighFlags::USE,
            Some(NeighWord::ExternLearn) => flags |= NeighFlags::EXT_LEARNED,
            Some(NeighWord::Managed) => flags_ext |= NeighFlagsExt::MANAGED,
            None => set_dst(w, &mut dst, word)?,
        }
    }
    let dst = dst.map(|a| words::addr_of(a, family)).transpose()?;
    let dst = dst.ok_or_else(|| w.error("Device and destination are required arguments."))?;
    let dev = dev.ok_or_else(|| w.error("Device and destination are required arguments."))?;
    let mut req = if proxy {
        NeighRequest::proxy(0, dst)
    } else {
        NeighRequest::new(0, dst)
    };
    if v == Verb::Delete {
        if lladdr.is_some() {
            // ip sends it along, and the kernel does not look at it; the library refuses it.
            return Err(w.unsupported_in(NEIGH_WORDS, "lladdr"));
        }
    } else {
        req.lladdr = lladdr;
    }
    if let Some(st) = state {
        req.state = st;
    } else if proxy || v == Verb::Delete || !flags_ext.is_empty() {
        // A managed entry starts without a state, as ip sends it: the kernel resolves it.
        req.state = NeighState::NONE;
    }
    if router {
        req.flags |= NeighFlags::ROUTER;
    }
    req.flags |= flags;
    req.flags_ext = flags_ext;
    req.protocol = protocol;
    Ok(Change::Neigh(v, dev, req))
}

/// `A` or `A-B`; the library checks that the range is not empty.
fn range<T: TryFrom<u32> + Copy>(s: &str, what: &str) -> Result<(T, T)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    Ok((words::small(a, what)?, words::small(b, what)?))
}

/// A rule's prefix: `all` (and `any`, `default`) is none. With `-4`/`-6` it must be of that
/// family (ip's error, exit 1); without, a rule is IPv4 and an IPv6 prefix is what the kernel
/// refuses (`what` names it, exit 2, nothing sent).
fn rule_prefix(s: &str, family: Option<AddressFamily>, what: &str) -> Result<Option<(IpAddr, u8)>> {
    if matches!(s, "all" | "any" | "default") {
        return Ok(None);
    }
    let p = words::prefix(s, family)?;
    if family.is_none() && p.family() != AddressFamily::INET {
        return Err(netlink::Error::InvalidArgument(format!(
            "Invalid {what} address (a rule is IPv4 without -6)"
        ))
        .into());
    }
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
    let mut req = NexthopRequest::default();
    req.family = family;
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

/// What a word of `rule add|delete` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleWord {
    /// `not`.
    Not,
    /// `from PREFIX`.
    From,
    /// `to PREFIX`.
    To,
    /// `tos TOS`, `dsfield TOS`.
    Tos,
    /// `fwmark MARK[/MASK]`.
    Fwmark,
    /// `iif NAME`, `dev NAME`.
    Iif,
    /// `oif NAME`.
    Oif,
    /// `uidrange A-B`.
    Uidrange,
    /// `ipproto P`.
    Ipproto,
    /// `sport A[-B]`.
    Sport,
    /// `dport A[-B]`.
    Dport,
    /// `priority N`, `preference N`, `order N`.
    Priority,
    /// `table ID`, `lookup ID`.
    Table,
    /// `goto N`.
    Goto,
    /// `suppress_prefixlength N`.
    SuppressPrefixlength,
    /// `protocol P`.
    Protocol,
    /// `type T`; a type name alone is read the same.
    Type,
    /// `help`.
    Help,
    /// `suppress_ifgroup GROUP`.
    SuppressIfgroup,
    /// `realms [FROM/]TO`.
    Realms,
    /// `tun_id N`.
    TunId,
    /// `l3mdev`.
    L3mdev,
    /// A word ip knows and nlctl does not implement yet.
    Unsupported,
}

/// The words of ip's rule parser, in its order; any other word is the rule's type
/// (`blackhole`, `unreachable`...).
const RULE_WORDS: &[cli::Row<RuleWord>] = cli::rows![
    Prefix "not" => RuleWord::Not,
    Exact "from" => RuleWord::From,
    Exact "to" => RuleWord::To,
    Exact "tos" => RuleWord::Tos,
    Prefix "dsfield" => RuleWord::Tos,
    Exact "fwmark" => RuleWord::Fwmark,
    Exact "dev" => RuleWord::Iif,
    Exact "iif" => RuleWord::Iif,
    Exact "l3mdev" => RuleWord::L3mdev,
    Exact "oif" => RuleWord::Oif,
    Exact "uidrange" => RuleWord::Uidrange,
    Exact "ipproto" => RuleWord::Ipproto,
    Exact "sport" => RuleWord::Sport,
    Exact "dport" => RuleWord::Dport,
    Prefix "preference" => RuleWord::Priority,
    Prefix "order" => RuleWord::Priority,
    Prefix "priority" => RuleWord::Priority,
    Prefix "tun_id" => RuleWord::TunId,
    Exact "lookup" => RuleWord::Table,
    Prefix "table" => RuleWord::Table,
    Prefix "goto" => RuleWord::Goto,
    Prefix "realms" => RuleWord::Realms,
    Exact "nat" => RuleWord::Unsupported,
    Prefix "suppress_prefixlength" => RuleWord::SuppressPrefixlength,
    Prefix "suppress_ifgroup" => RuleWord::SuppressIfgroup,
    Prefix "protocol" => RuleWord::Protocol,
    Prefix "help" => RuleWord::Help,
    Exact "type" => RuleWord::Type,
];

fn parse_rule(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<RuleRequest> {
    let mut req = RuleRequest::new(AddressFamily::INET);
    while let Some(word) = w.next() {
        match cli::resolve(RULE_WORDS, word) {
            Some(RuleWord::Not) => req.invert = true,
            Some(RuleWord::From) => req.src = rule_prefix(w.value(word)?, family, "source")?,
            Some(RuleWord::To) => req.dst = rule_prefix(w.value(word)?, family, "destination")?,
            Some(RuleWord::Iif) => req.iifname = Some(w.value(word)?.to_owned()),
            Some(RuleWord::Oif) => req.oifname = Some(w.value(word)?.to_owned()),
            Some(RuleWord::Fwmark) => {
                let m = w.value(word)?;
                let (mark, mask) = match m.split_once('/') {
                    Some((a, b)) => (a, Some(b)),
                    None => (m, None),
                };
                req.fwmark = Some(words::number(mark, "fwmark")?);
                req.fwmask = mask.map(|k| words::number(k, "fwmask")).transpose()?;
            }
            Some(RuleWord::Ipproto) => {
                let p = w.value(word)?;
                req.ip_proto = Some(
                    names::ip_proto_number(p)
                        .ok_or_else(|| w.error(format!("invalid ipproto {p:?}")))?,
                );
            }
            Some(RuleWord::Sport) => req.sport_range = Some(range(w.value(word)?, "sport")?),
            Some(RuleWord::Dport) => req.dport_range = Some(range(w.value(word)?, "dport")?),
            Some(RuleWord::Uidrange) => {
                // ip takes a range only as A-B.
                let v = w.value(word)?;
                if !v.contains('-') {
                    return Err(w.error(format!(
                        "Error: argument \"{v}\" is wrong: invalid UID range"
                    )));
                }
                req.uid_range = Some(range(v, "uidrange")?);
            }
            Some(RuleWord::SuppressIfgroup) => {
                let v = w.value(word)?;
                req.suppress_ifgroup = Some(words::group(v).ok_or_else(|| {
                    w.error(format!(
                        "Error: argument \"{v}\" is wrong: Invalid \"suppress_ifgroup\" value"
                    ))
                })?);
            }
            Some(RuleWord::Realms) => {
                let v = w.value(word)?;
                req.flow = Some(words::realms(v).map(|(r, _)| r).ok_or_else(|| {
                    w.error(format!("Error: argument \"{v}\" is wrong: invalid realms"))
                })?);
            }
            Some(RuleWord::TunId) => {
                let v = w.value(word)?;
                req.tun_id = Some(v.parse().map_err(|_| {
                    w.error(format!("Error: argument \"{v}\" is wrong: invalid tun_id"))
                })?);
            }
            Some(RuleWord::L3mdev) => req.l3mdev = true,
            Some(RuleWord::Priority) => {
                req.priority = Some(words::number(w.value(word)?, "priority")?);
            }
            Some(RuleWord::Table) => req.table = Some(words::table(w.value(word)?)?),
            Some(RuleWord::Protocol) => req.protocol = Some(words::protocol(w.value(word)?)?),
            Some(RuleWord::Tos) => {
                let v = w.value(word)?;
                req.tos = words::dsfield(v).ok_or_else(|| {
                    w.error(format!(
                        "Error: argument \"{v}\" is wrong: TOS value is invalid"
                    ))
                })?;
            }
            Some(RuleWord::Goto) => req.goto = Some(words::number(w.value(word)?, "goto")?),
            Some(RuleWord::SuppressPrefixlength) => {
                req.suppress_prefixlen = Some(words::number(w.value(word)?, "prefix length")?);
            }
            Some(RuleWord::Help) => {
                return Err(CliError::Help(help::object(Object::Rule).to_owned()));
            }
            Some(RuleWord::Unsupported) => return Err(w.unsupported_in(RULE_WORDS, word)),
            Some(RuleWord::Type) | None => {
                let t = if word == "type" { w.value(word)? } else { word };
                req.action = Some(match t {
                    "blackhole" => RuleAction::BLACKHOLE,
                    "unreachable" => RuleAction::UNREACHABLE,
                    "prohibit" => RuleAction::PROHIBIT,
                    "nop" => RuleAction::NOP,
                    "unicast" => RuleAction::TO_TBL,
                    _ if words::route_type(t).is_some() => return Err(w.unsupported(t)),
                    _ => return Err(w.error(format!("unknown word {t:?} (not a rule type)"))),
                });
            }
        }
    }
    req.family = family.unwrap_or(AddressFamily::INET);
    Ok(req)
}

/// Resolves a device name with one request.
fn index(conn: &Connection, name: &str) -> Result<u32> {
    match conn.link_by_name(name) {
        Ok(Some(l)) => Ok(l.index),
        Ok(None) => Err(CliError::failed(format!("Cannot find device \"{name}\""))),
        Err(netlink::Error::InvalidArgument(_)) => {
            Err(CliError::usage(format!("invalid device name {name:?}")))
        }
        Err(e) => Err(e.into()),
    }
}

/// The request of a route change, its device names resolved.
pub(crate) fn route_request(conn: &Connection, r: &RouteChange) -> Result<RouteRequest> {
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
    Ok(req)
}

/// Runs a change.
pub(crate) fn run(ctx: &Ctx, c: &Change) -> Result<()> {
    let conn = ctx.conn;
    match c {
        Change::LinkSet(l) => {
            // Resolve every name before the one request.
            let mut change = l.change.clone();
            change.index = index(conn, &l.dev)?;
            if let Some(m) = &l.master {
                // ip resolves the master while it reads the words: a usage error (255).
                let found = conn.link_by_name(m)?.map(|l| l.index);
                change.master = Some(found.ok_or_else(|| {
                    CliError::usage(format!(
                        "Error: argument \"{m}\" is wrong: Device does not exist"
                    ))
                })?);
            }
            let ns_file = match &l.netns {
                Some(ns) => {
                    match std::fs::File::open(std::path::Path::new("/run/netns").join(ns)) {
                        Ok(f) => Some(f),
                        Err(_) => {
                            change.netns_pid = Some(words::number(ns, "netns").map_err(|_| {
                                CliError::usage(format!(
                                    "Error: argument \"{ns}\" is wrong: Invalid \"netns\" value"
                                ))
                            })?);
                            None
                        }
                    }
                }
                None => None,
            };
            if let Some(f) = &ns_file {
                change = change.netns(f)?;
            }
            if let Some((kind, args)) = &l.kind {
                let data = crate::link_kinds::kind_attrs(kind, args, &|d| index(conn, d));
                if let Some(data) = data {
                    change.kind = Some(LinkKind::Data(data?));
                }
            }
            conn.set_link(&change)?;
            Ok(())
        }
        Change::LinkAdd(l) => link_add(conn, l),
        Change::LinkDel(dev) => {
            let i = index(conn, dev)?;
            Ok(conn.delete_link(i)?)
        }
        Change::Addr {
            verb,
            dev,
            req,
            any_len,
        } => {
            let mut req = req.clone();
            req.index = index(conn, dev)?;
            match verb {
                Verb::Add => conn.add_address(&req)?,
                Verb::Change => conn.change_address(&req)?,
                Verb::Replace => conn.replace_address(&req)?,
                _ if *any_len => delete_first_address(conn, dev, &req)?,
                _ => conn.delete_address(&req)?,
            }
            Ok(())
        }
        Change::Route(v, r) => {
            let req = route_request(conn, r)?;
            match v {
                Verb::Add => conn.add_route(&req)?,
                Verb::Replace => conn.replace_route(&req)?,
                Verb::Append => conn.append_route(&req)?,
                Verb::Delete => conn.delete_route(&req)?,
                // The flags ip sends for the verbs the library has no method for.
                Verb::Change => route_with_flags(conn, &req, Flags::REPLACE)?,
                Verb::Prepend => route_with_flags(conn, &req, Flags::CREATE)?,
                _ => route_with_flags(conn, &req, Flags::EXCL)?,
            }
            Ok(())
        }
        Change::Neigh(v, dev, req) => {
            let mut req = req.clone();
            req.index = index(conn, dev)?;
            match v {
                Verb::Add => conn.add_neighbour(&req)?,
                Verb::Change => conn.change_neighbour(&req)?,
                Verb::Replace => conn.replace_neighbour(&req)?,
                _ => conn.delete_neighbour(&req)?,
            }
            Ok(())
        }
        Change::Rule(v, req) => {
            match v {
                Verb::Delete => conn.delete_rule(req)?,
                _ => conn.add_rule(req)?,
            }
            Ok(())
        }
        Change::Nexthop(v, req, dev) => {
            let mut req = (**req).clone();
            // ip's nexthop words take a missing device as a bad argument (exit 255).
            req.oif = dev
                .as_deref()
                .map(|d| {
                    index(conn, d).map_err(|_| {
                        CliError::usage(format!(
                            "Error: argument \"{d}\" is wrong: Device does not exist"
                        ))
                    })
                })
                .transpose()?;
            match v {
                Verb::Replace => conn.replace_nexthop(&req)?,
                _ => conn.add_nexthop(&req)?,
            }
            Ok(())
        }
        Change::NexthopDel(id) => Ok(conn.delete_nexthop(*id)?),
        Change::AltNames(add, dev, names) => {
            let i = index(conn, dev)?;
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            if *add {
                conn.add_alt_names(&netlink::AltNames::new(i, &names))?;
            } else {
                conn.delete_alt_names(&netlink::AltNames::new(i, &names))?;
            }
            Ok(())
        }
    }
}

/// Sends `RTM_NEWROUTE` with `flags`: `change` (`NLM_F_REPLACE` alone, which fails when the
/// route does not exist), `prepend` (`NLM_F_CREATE` alone) and `test` (`NLM_F_EXCL` alone), as
/// ip sends them.
fn route_with_flags(conn: &Connection, req: &RouteRequest, flags: Flags) -> Result<()> {
    use netlink::Request;
    req.validate(RTM_NEWROUTE, flags)?;
    let mut buf = Vec::with_capacity(256);
    req.build(&mut buf, RTM_NEWROUTE, flags)
        .map_err(netlink::Error::Encode)?;
    conn.request_bytes(buf)?;
    Ok(())
}

/// ip's delete of an IPv4 address given without a length: the first address with that local
/// address on the device (and that label, when one is given) goes, whatever its length. ip
/// sends the request without `IFA_ADDRESS` and lets the kernel pick; here the address is
/// looked up and deleted exactly, and when there is none the /32 request fails as the kernel
/// fails ip's.
fn delete_first_address(conn: &Connection, dev: &str, req: &AddressRequest) -> Result<()> {
    crate::say!(
        "nlctl: warning: {} has no prefix length: deleting the first address {} on {dev} \
         whatever its length, as ip does; give ADDRESS/LENGTH to delete one exactly",
        req.address,
        req.address
    );
    let mut first: Option<Address> = None;
    let filter = AddrFilter::default()
        .family(AddressFamily::INET)
        .index(req.index);
    conn.for_each_address(filter, |m| {
        if first.is_none() {
            let a = Address::from_msg(m)?;
            let label_ok = req.label.is_none() || a.label == req.label;
            if a.local == Some(req.address) && label_ok {
                first = Some(a);
            }
        }
        Ok(())
    })?;
    let target = match first {
        Some(a) => {
            let mut t = AddressRequest::new(req.index, req.address, a.prefix_len);
            t.peer = a.address.filter(|p| Some(*p) != a.local);
            t.label.clone_from(&req.label);
            t
        }
        None => req.clone(),
    };
    conn.delete_address(&target)?;
    Ok(())
}

fn link_add(conn: &Connection, l: &LinkAdd) -> Result<()> {
    let name = l.name.as_deref().unwrap_or_default();
    let lower = l.lower.as_deref().map(|d| index(conn, d)).transpose()?;
    let kind = match l.kind.as_deref().unwrap_or_default() {
        "veth" => match &l.peer {
            Some(p) if l.peer_address.is_some() || l.peer_mtu.is_some() => LinkKind::VethWith {
                peer: p.clone(),
                peer_address: l.peer_address,
                peer_mtu: l.peer_mtu,
            },
            Some(p) => LinkKind::veth(p),
            // Without a peer name the kernel names the peer (`vethN`).
            None => LinkKind::Other("veth".into()),
        },
        "bridge" if l.stp.is_some() || l.forward_delay.is_some() || l.vlan_filtering.is_some() => {
            let mut b = BridgeSettings::default();
            b.stp = l.stp;
            b.forward_delay = l.forward_delay;
            b.vlan_filtering = l.vlan_filtering;
            LinkKind::BridgeWith(b)
        }
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
        "vxcan" => match &l.peer {
            Some(p) => LinkKind::Vxcan { peer: p.clone() },
            None => LinkKind::Other("vxcan".into()),
        },
        other => match crate::link_kinds::kind_attrs(other, &l.kind_args, &|d| index(conn, d)) {
            Some(data) => LinkKind::Data(data?),
            None => LinkKind::Other(other.to_owned()),
        },
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
