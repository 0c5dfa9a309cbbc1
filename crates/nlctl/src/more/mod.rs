//! The objects beyond links, addresses, routes, neighbours, rules and nexthops: `netns` (its
//! namespace ids), `netconf`, `addrlabel`, `maddress`, `stats` and `ntable` (`nexthop bucket`
//! and `link property` are in `nexthops` and `change`). Each object's words are `ip` 6.1's, in its order;
//! each prints what `ip` prints, in text and JSON.

mod addrlabel;
mod maddr;
pub(crate) mod mroute;
pub(crate) mod netconf;
pub(crate) mod netns;
mod ntable;
pub(crate) mod prefix;
mod stats;
mod token;
mod tunnel;
mod tuntap;
mod vrf;
pub(crate) use stats::NoticeFields as StatsNoticeFields;
pub(crate) use stats::{LinkStatsCmd, parse_afstats, parse_xstats};

use crate::Ctx;
use crate::cli::{self, Object, Row, rows};
use crate::error::{CliError, Result};
use crate::words::Words;

use netlink::netlink_wire::rtnl::AddressFamily;

/// A parsed command of one of these objects.
#[derive(Debug)]
pub(crate) enum Command {
    /// `netns list-id`, `netns set`, `netns list`.
    Netns(netns::Netns),
    /// `netconf show`.
    Netconf(netconf::Show),
    /// `addrlabel list|add|del|flush`.
    AddrLabel(addrlabel::Cmd),
    /// `maddress show`.
    Maddr(maddr::Show),
    /// `maddress add|del`.
    MaddrChange(maddr::Change),
    /// `stats show|set`.
    Stats(stats::Cmd),
    /// `ntable show|change`.
    Ntable(ntable::Cmd),
    /// `token list|get|set|del`.
    Token(token::Cmd),
    /// `mroute show`.
    Mroute(mroute::Show),
    /// `vrf show`.
    Vrf(vrf::Show),
    /// `tunnel show`.
    Tunnel(tunnel::Show),
    /// `tuntap show|add|del`.
    Tuntap(tuntap::Cmd),
}

impl Command {
    /// Whether the command prints objects (the options that change printing apply to it).
    pub(crate) fn prints(&self) -> bool {
        match self {
            Command::Netns(n) => n.prints(),
            Command::AddrLabel(c) => c.prints(),
            Command::Stats(c) => c.prints(),
            Command::Ntable(c) => c.prints(),
            Command::Token(c) => c.prints(),
            Command::Tuntap(c) => c.prints(),
            Command::Netconf(_)
            | Command::Maddr(_)
            | Command::Mroute(_)
            | Command::Vrf(_)
            | Command::Tunnel(_) => true,
            Command::MaddrChange(_) => false,
        }
    }

    /// Whether the command prints what `-stats` and `-details` add (`mroute show`: its
    /// counters and age, and the `main` table).
    pub(crate) fn honours_stats_and_details(&self) -> bool {
        matches!(self, Command::Mroute(_))
    }
}

/// Whether `object` is one of this module's.
pub(crate) fn handles(object: Object) -> bool {
    matches!(
        object,
        Object::Netns
            | Object::Netconf
            | Object::AddrLabel
            | Object::MAddress
            | Object::Stats
            | Object::NTable
            | Object::Token
            | Object::MRoute
            | Object::Vrf
            | Object::Tunnel
            | Object::Tuntap
    )
}

/// The verbs of an object, in `ip`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    Show,
    Add,
    Delete,
    Flush,
    Set,
    Change,
    ListId,
    Attach,
    Identify,
    Pids,
    Exec,
    Monitor,
    Get,
    Prl,
    SixRd,
    Help,
}

const NETNS: &[Row<V>] = rows![
    Prefix "list" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "show" => V::Show,
    Prefix "list-id" => V::ListId,
    Prefix "help" => V::Help,
    Prefix "add" => V::Add,
    Prefix "attach" => V::Attach,
    Prefix "set" => V::Set,
    Prefix "delete" => V::Delete,
    Prefix "identify" => V::Identify,
    Prefix "pids" => V::Pids,
    Prefix "exec" => V::Exec,
    Prefix "monitor" => V::Monitor,
];

const NETCONF: &[Row<V>] = rows![
    Prefix "show" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "list" => V::Show,
    Prefix "help" => V::Help,
];

const ADDRLABEL: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "delete" => V::Delete,
    Prefix "list" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "show" => V::Show,
    Prefix "flush" => V::Flush,
    Prefix "help" => V::Help,
];

const MADDR: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "delete" => V::Delete,
    Prefix "list" => V::Show,
    Prefix "show" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "help" => V::Help,
];

/// `ip stats` compares its verbs whole.
const STATS: &[Row<V>] = rows![
    Exact "help" => V::Help,
    Exact "show" => V::Show,
    Exact "set" => V::Set,
];

const NTABLE: &[Row<V>] = rows![
    Prefix "change" => V::Change,
    Prefix "chg" => V::Change,
    Prefix "show" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "list" => V::Show,
    Prefix "help" => V::Help,
];

/// `ip token`'s verbs (`set` is also `add`, `del` also `delete`).
const TOKEN: &[Row<V>] = rows![
    Prefix "list" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "show" => V::Show,
    Prefix "set" => V::Add,
    Prefix "add" => V::Add,
    Prefix "delete" => V::Delete,
    Prefix "del" => V::Delete,
    Prefix "get" => V::Get,
    Prefix "help" => V::Help,
];

const MROUTE: &[Row<V>] = rows![
    Prefix "list" => V::Show,
    Prefix "show" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "help" => V::Help,
];

const VRF: &[Row<V>] = rows![
    Prefix "identify" => V::Identify,
    Prefix "pids" => V::Pids,
    Prefix "exec" => V::Exec,
    Prefix "show" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "list" => V::Show,
    Prefix "help" => V::Help,
];

const TUNNEL: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "change" => V::Change,
    Prefix "delete" => V::Delete,
    Prefix "show" => V::Show,
    Prefix "list" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "prl" => V::Prl,
    Prefix "6rd" => V::SixRd,
    Prefix "help" => V::Help,
];

const TUNTAP: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "delete" => V::Delete,
    Prefix "show" => V::Show,
    Prefix "list" => V::Show,
    Prefix "lst" => V::Show,
    Prefix "help" => V::Help,
];

/// The usage of this module's objects.
const USAGE_NETNS: &str = "\
Usage: nlctl netns [ list ]
       nlctl netns set NAME NETNSID
       nlctl netns list-id [ target-nsid POSITIVE-INT ] [ nsid POSITIVE-INT ]
NETNSID := auto | POSITIVE-INT
Not supported yet: add, attach, delete, identify, pids, exec, monitor (they are not netlink).";
const USAGE_NETCONF: &str = "Usage: nlctl netconf show [ dev STRING ]";
const USAGE_ADDRLABEL: &str = "\
Usage: nlctl addrlabel { add | del } prefix PREFIX [ dev DEV ] [ label LABEL ]
       nlctl addrlabel [ list | flush | help ]";
const USAGE_MADDR: &str = "\
Usage: nlctl maddress [ add | del ] MULTIADDR dev STRING
       nlctl maddress show [ dev STRING ]";
const USAGE_STATS: &str = "\
Usage: nlctl stats help
       nlctl stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...
       nlctl stats set dev DEV l3_stats { on | off }
GROUP := { link | xstats | xstats_slave | offload | afstats }
xstats SUBGROUP := { bridge [ suite mcast ] [ suite stp ] | bond [ suite 802.3ad ] }
xstats_slave SUBGROUP := { bridge [ suite mcast ] [ suite stp ] | bond [ suite 802.3ad ] }
offload SUBGROUP := { cpu_hit | hw_stats_info | l3_stats }
afstats SUBGROUP := { mpls }";
const USAGE_NTABLE: &str = "\
Usage: nlctl ntable change name NAME [ dev DEV ]
        [ thresh1 VAL ] [ thresh2 VAL ] [ thresh3 VAL ] [ gc_int MSEC ]
        [ PARMS ]
Usage: nlctl ntable show [ dev DEV ] [ name NAME ]
PARMS := [ base_reachable MSEC ] [ retrans MSEC ] [ gc_stale MSEC ]
         [ delay_probe MSEC ] [ queue LEN ]
         [ app_probes VAL ] [ ucast_probes VAL ] [ mcast_probes VAL ]
         [ anycast_delay MSEC ] [ proxy_delay MSEC ] [ proxy_queue LEN ]
         [ locktime MSEC ]";
const USAGE_TOKEN: &str = "\
Usage: nlctl token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]";
const USAGE_TUNNEL: &str = "\
Usage: nlctl tunnel show
Not supported yet: add, change, del, prl, 6rd (ioctls; link add type ipip|sit|gre|ip6tnl
is their netlink form), show of a tunnel link's parameters.";
const USAGE_TUNTAP: &str = "\
Usage: nlctl tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]
       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]
Where: USER  := { STRING | NUMBER }
       GROUP := { STRING | NUMBER }";
/// The usage text of `object` (`help`).
pub(crate) fn usage(object: Object) -> Option<&'static str> {
    Some(match object {
        Object::Netns => USAGE_NETNS,
        Object::Netconf => USAGE_NETCONF,
        Object::AddrLabel => USAGE_ADDRLABEL,
        Object::MAddress => USAGE_MADDR,
        Object::Stats => USAGE_STATS,
        Object::NTable => USAGE_NTABLE,
        Object::Token => USAGE_TOKEN,
        Object::MRoute => mroute::USAGE,
        Object::Vrf => vrf::USAGE,
        Object::Tunnel => USAGE_TUNNEL,
        Object::Tuntap => USAGE_TUNTAP,
        _ => return None,
    })
}

/// Resolves the verb of `table` the next word names (`None` when the line ends there), or the
/// usage for `help`.
fn verb(
    w: &mut Words<'_>,
    table: &[Row<V>],
    name: &str,
    usage: &'static str,
) -> Result<Option<(V, &'static str)>> {
    let Some(word) = w.next() else {
        return Ok(None);
    };
    match cli::resolve(table, word) {
        Some(V::Help) => Err(CliError::Help(usage.to_owned())),
        Some(v) => Ok(Some((v, cli::full_name(table, word).unwrap_or("show")))),
        None => Err(CliError::usage(format!(
            "Command \"{word}\" is unknown, try \"nlctl {name} help\"."
        ))),
    }
}

/// Reads the words of one of this module's objects; returns the command and its name for
/// messages.
pub(crate) fn parse(
    object: Object,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<(Command, String)> {
    let name = object.name();
    let usage = usage(object).unwrap_or_default();
    let table = match object {
        Object::Netns => NETNS,
        Object::Netconf => NETCONF,
        Object::AddrLabel => ADDRLABEL,
        Object::MAddress => MADDR,
        Object::Stats => STATS,
        Object::Token => TOKEN,
        Object::MRoute => MROUTE,
        Object::Vrf => VRF,
        Object::Tunnel => TUNNEL,
        Object::Tuntap => TUNTAP,
        _ => NTABLE,
    };
    let found = verb(w, table, name, usage)?;
    let v = found.map(|(v, _)| v);
    let context = format!("{name} {}", found.map_or("show", |(_, n)| n));
    w.set_context(context.clone());
    let unsupported = || CliError::unsupported(format!("\"{context}\""));
    let cmd = match (object, v) {
        (Object::Netns, None | Some(V::Show)) => Command::Netns(netns::parse_list(w)?),
        (Object::Netns, Some(V::ListId)) => Command::Netns(netns::parse_list_id(w)?),
        (Object::Netns, Some(V::Set)) => Command::Netns(netns::parse_set(w)?),
        (Object::Netconf, None | Some(V::Show)) => Command::Netconf(netconf::parse(w, family)?),
        (Object::AddrLabel, v) => Command::AddrLabel(addrlabel::parse(w, v.unwrap_or(V::Show))?),
        (Object::MAddress, None | Some(V::Show)) => Command::Maddr(maddr::parse(w, family)?),
        (Object::MAddress, Some(v @ (V::Add | V::Delete))) => {
            Command::MaddrChange(maddr::parse_change(w, v == V::Add, usage)?)
        }
        (Object::Stats, v) => Command::Stats(stats::parse(w, v.unwrap_or(V::Show))?),
        (Object::NTable, v) => Command::Ntable(ntable::parse(w, v.unwrap_or(V::Show), family)?),
        (Object::Token, v) => Command::Token(token::parse(w, v.unwrap_or(V::Show))?),
        (Object::MRoute, None | Some(V::Show)) => Command::Mroute(mroute::parse(w, family)?),
        (Object::Vrf, v) => Command::Vrf(vrf::parse(w, v.unwrap_or(V::Show))?),
        (Object::Tunnel, v) => Command::Tunnel(tunnel::parse(w, v.unwrap_or(V::Show), family)?),
        (Object::Tuntap, v) => Command::Tuntap(tuntap::parse(w, v.unwrap_or(V::Show))?),
        _ => return Err(unsupported()),
    };
    Ok((cmd, context))
}

/// Runs a command.
pub(crate) fn run(ctx: &Ctx<'_>, cmd: &Command) -> Result<()> {
    match cmd {
        Command::Netns(c) => netns::run(ctx, c),
        Command::Netconf(c) => netconf::run(ctx, c),
        Command::AddrLabel(c) => addrlabel::run(ctx, c),
        Command::Maddr(c) => maddr::run(ctx, c),
        Command::MaddrChange(c) => maddr::run_change(ctx, c),
        Command::Stats(c) => stats::run(ctx, c),
        Command::Ntable(c) => ntable::run(ctx, c),
        Command::Token(c) => token::run(ctx, c),
        Command::Mroute(s) => mroute::run(ctx, s),
        Command::Vrf(s) => vrf::run(ctx, s),
        Command::Tunnel(s) => tunnel::run(ctx, s),
        Command::Tuntap(s) => tuntap::run(ctx, s),
    }
}

/// The name `ip` gives an address family (`family_name`).
pub(crate) fn family_name(f: AddressFamily) -> std::borrow::Cow<'static, str> {
    match f {
        AddressFamily::INET => "inet".into(),
        AddressFamily::INET6 => "inet6".into(),
        AddressFamily::MPLS => "mpls".into(),
        AddressFamily::BRIDGE => "bridge".into(),
        AddressFamily::PACKET => "link".into(),
        AddressFamily::UNSPEC => "none".into(),
        f => format!("[{}]", f.0).into(),
    }
}

/// `on` or `off`, as `ip`'s `print_on_off` writes a flag in text.
pub(crate) fn on_off(v: bool) -> &'static str {
    if v { "on" } else { "off" }
}
