//! `nlctl bridge ...`: the words of iproute2's `bridge` 6.1 (`bridge link`, `fdb`, `mdb`,
//! `vlan`, `vni`), read as `bridge` reads them and printed as it prints them
//! ([`crate::bridge_fmt`]).
//!
//! `bridge` is a word of its own, after `ip`'s objects: `nlctl [OPTIONS] bridge [BRIDGE
//! OPTIONS] OBJECT ...`. The options before it are `ip`'s (`-j`, `-p`, `-s`, `-d`, `-n NS`); those
//! after it are `bridge`'s (its `-c` is `-color`, `-com` is `-compressvlans`). `bridge` reads most
//! words whole (`strcmp`) and some by prefix (its `matches()`); each table below says which. Its
//! exit codes are kept: 255 for a bad command line, a missing device and the kernel's refusal of
//! a change (its `return -1`), 254 for the kernel's refusal of `fdb get`, 1 for a failed dump.
//! Its messages are printed as it prints them (`RTNETLINK answers: ...`, `Error: ...`), without a
//! prefix.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::bridge_vlan::VlanDumpFlags;
use netlink::netlink_wire::rtnl::link::{BridgeFlags, BridgeMode, ExtFilter, IfFlags};
use netlink::netlink_wire::rtnl::linkinfo::BridgePortState;
use netlink::netlink_wire::rtnl::mdb::{MdbGroup, MdbRouterType, MdbState};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::stats::StatsMask;
use netlink::ops::neigh::NeighFilter;
use netlink::{
    BridgePortFilter, BridgePortRequest, BridgePortSettings, BridgeVlanFilter, BridgeVlanRequest,
    Connection, FdbFlush, FdbKey, FdbRequest, LinkFilter, MdbFilter, MdbRequest, StatsFilter,
    VlanGlobalRequest, VlanGlobalSettings, VlanOptionsRequest, VniFilter, VniRange, VniRequest,
};

use crate::bridge_fmt::{
    self, BridgeOut, FdbLine, LinkLine, MdbAll, VlanPort, VlanRtmPort, VlanStatsPort, VniPort,
};
use crate::cli::{Row, atoi, c_strtoul as strtoul, resolve, rows};
use crate::error::{CliError, Result};
use crate::names::LinkNames;
use crate::{Ctx, say};

/// `bridge`'s usage text, for `nlctl bridge help`.
const USAGE: &str = "\
Usage: nlctl bridge [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -s[tatistics] | -d[etails] | -com[pressvlans] | -c[olor]
                    -p[retty] | -j[son] }
The options of nlctl before the word bridge (-j, -p, -s, -d, -n NAME) apply too.
Not supported yet: -oneline, -timestamp and -batch after the word bridge.";

/// `bridge link help`.
const LINK_USAGE: &str = "\
Usage: nlctl bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]
                               [ guard {on | off} ]
                               [ hairpin {on | off} ]
                               [ fastleave {on | off} ]
                               [ root_block {on | off} ]
                               [ learning {on | off} ]
                               [ learning_sync {on | off} ]
                               [ flood {on | off} ]
                               [ mcast_router MULTICAST_ROUTER ]
                               [ mcast_flood {on | off} ]
                               [ bcast_flood {on | off} ]
                               [ mcast_to_unicast {on | off} ]
                               [ neigh_suppress {on | off} ]
                               [ vlan_tunnel {on | off} ]
                               [ isolated {on | off} ]
                               [ locked {on | off} ]
                               [ hwmode {vepa | veb} ]
                               [ backup_port DEVICE ] [ nobackup_port ]
                               [ self ] [ master ]
       nlctl bridge link show [dev DEV]";

/// `bridge fdb help`.
const FDB_USAGE: &str = "\
Usage: nlctl bridge fdb { add | append | del | replace } ADDR dev DEV
              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]
              [ sticky ] [ local | static | dynamic ] [ vlan VID ]
              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }
	       [ via DEV ] [ src_vni VNI ]
       nlctl bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]
              [ state STATE ] [ dynamic ] ]
       nlctl bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV
              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]
       nlctl bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]
              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]
              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]
              [ [no]offloaded ]";

/// `bridge mdb help`.
const MDB_USAGE: &str = "\
Usage: nlctl bridge mdb { add | del } dev DEV port PORT grp GROUP [src SOURCE] [permanent | temp] [vid VID]
       nlctl bridge mdb {show} [ dev DEV ] [ vid VID ]";

/// `bridge vlan help`.
const VLAN_USAGE: &str = "\
Usage: nlctl bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]
                                                     [ pvid ] [ untagged ]
                                                     [ self ] [ master ]
       nlctl bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]
                                               [ mcast_router MULTICAST_ROUTER ]
       nlctl bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]
       nlctl bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]
       nlctl bridge vlan global { set } vid VLAN_ID dev DEV
                      [ mcast_snooping MULTICAST_SNOOPING ]
                      [ mcast_querier MULTICAST_QUERIER ]
                      [ mcast_igmp_version IGMP_VERSION ]
                      [ mcast_mld_version MLD_VERSION ]
                      [ mcast_last_member_count LAST_MEMBER_COUNT ]
                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
                      [ mcast_querier_interval QUERIER_INTERVAL ]
                      [ mcast_query_interval QUERY_INTERVAL ]
                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
       nlctl bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]";

/// `bridge monitor help`.
const MONITOR_USAGE: &str =
    "Usage: nlctl bridge monitor [file | link | fdb | mdb | vlan | vni | all]";

/// `bridge vni help`.
const VNI_USAGE: &str = "\
Usage: nlctl bridge vni { add | del } vni VNI
		[ { group | remote } IP_ADDRESS ]
		[ dev DEV ]
       nlctl bridge vni { show }

Where:	VNI	:= 0-16777215";

/// The objects of `bridge` 6.1, in its order; each is a prefix (`matches()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BrObject {
    Link,
    Fdb,
    Mdb,
    Vlan,
    Vni,
    Monitor,
    Help,
}

const OBJECTS: &[Row<BrObject>] = rows![
    Prefix "link" => BrObject::Link,
    Prefix "fdb" => BrObject::Fdb,
    Prefix "mdb" => BrObject::Mdb,
    Prefix "vlan" => BrObject::Vlan,
    Prefix "vni" => BrObject::Vni,
    Prefix "monitor" => BrObject::Monitor,
    Prefix "help" => BrObject::Help,
];

/// What a verb of an object does; each object's table lists its verbs in `bridge`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BrVerb {
    Add,
    Append,
    Replace,
    Delete,
    Get,
    Show,
    Flush,
    Set,
    TunnelShow,
    Global,
    Help,
}

const LINK_VERBS: &[Row<BrVerb>] = rows![
    Prefix "set" => BrVerb::Set,
    Prefix "change" => BrVerb::Set,
    Prefix "show" => BrVerb::Show,
    Prefix "lst" => BrVerb::Show,
    Prefix "list" => BrVerb::Show,
    Prefix "help" => BrVerb::Help,
];

const FDB_VERBS: &[Row<BrVerb>] = rows![
    Prefix "add" => BrVerb::Add,
    Prefix "append" => BrVerb::Append,
    Prefix "replace" => BrVerb::Replace,
    Prefix "delete" => BrVerb::Delete,
    Prefix "get" => BrVerb::Get,
    Prefix "show" => BrVerb::Show,
    Prefix "lst" => BrVerb::Show,
    Prefix "list" => BrVerb::Show,
    Exact "flush" => BrVerb::Flush,
    Prefix "help" => BrVerb::Help,
];

const MDB_VERBS: &[Row<BrVerb>] = rows![
    Prefix "add" => BrVerb::Add,
    Prefix "delete" => BrVerb::Delete,
    Prefix "show" => BrVerb::Show,
    Prefix "lst" => BrVerb::Show,
    Prefix "list" => BrVerb::Show,
    Prefix "help" => BrVerb::Help,
];

const VLAN_VERBS: &[Row<BrVerb>] = rows![
    Prefix "add" => BrVerb::Add,
    Prefix "delete" => BrVerb::Delete,
    Prefix "show" => BrVerb::Show,
    Prefix "lst" => BrVerb::Show,
    Prefix "list" => BrVerb::Show,
    Prefix "tunnelshow" => BrVerb::TunnelShow,
    Prefix "set" => BrVerb::Set,
    Exact "global" => BrVerb::Global,
    Prefix "help" => BrVerb::Help,
];

const VLAN_GLOBAL_VERBS: &[Row<BrVerb>] = rows![
    Exact "show" => BrVerb::Show,
    Exact "lst" => BrVerb::Show,
    Exact "list" => BrVerb::Show,
    Exact "set" => BrVerb::Set,
];

const VNI_VERBS: &[Row<BrVerb>] = rows![
    Exact "add" => BrVerb::Add,
    Exact "delete" => BrVerb::Delete,
    Exact "show" => BrVerb::Show,
    Exact "lst" => BrVerb::Show,
    Exact "list" => BrVerb::Show,
    Exact "help" => BrVerb::Help,
];

/// `bridge`'s options, in the order its option loop tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BrOpt {
    Help,
    Version,
    Stats,
    Details,
    Oneline,
    Timestamp,
    Family,
    Inet,
    Inet6,
    Netns,
    Color,
    Compress,
    Force,
    Json,
    Pretty,
    Batch,
}

const OPTIONS: &[Row<BrOpt>] = rows![
    Prefix "-help" => BrOpt::Help,
    Prefix "-Version" => BrOpt::Version,
    Prefix "-stats" => BrOpt::Stats,
    Prefix "-statistics" => BrOpt::Stats,
    Prefix "-details" => BrOpt::Details,
    Prefix "-oneline" => BrOpt::Oneline,
    Prefix "-timestamp" => BrOpt::Timestamp,
    Prefix "-family" => BrOpt::Family,
    Exact "-4" => BrOpt::Inet,
    Exact "-6" => BrOpt::Inet6,
    Prefix "-netns" => BrOpt::Netns,
    Prefix "-color" => BrOpt::Color,
    Prefix "-compressvlans" => BrOpt::Compress,
    Prefix "-force" => BrOpt::Force,
    Prefix "-json" => BrOpt::Json,
    Prefix "-pretty" => BrOpt::Pretty,
    Prefix "-batch" => BrOpt::Batch,
];

/// The output options a bridge command sees: `nlctl`'s before the word `bridge` and
/// `bridge`'s after it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BrOpts {
    /// `-json`.
    pub(crate) json: bool,
    /// `-pretty`.
    pub(crate) pretty: bool,
    /// `-stats`, counted.
    pub(crate) stats: u32,
    /// `-details`, counted.
    pub(crate) details: u32,
    /// `-compressvlans`.
    pub(crate) compress: bool,
}

/// A parsed bridge command.
#[derive(Debug)]
pub(crate) struct Bridge {
    opts: BrOpts,
    cmd: Cmd,
    /// `-netns NAME` after the word `bridge`: the namespace's path, checked to exist.
    netns: Option<std::path::PathBuf>,
}

impl Bridge {
    /// The namespace `-netns` named after the word `bridge`, if it did.
    pub(crate) fn netns(&self) -> Option<&std::path::Path> {
        self.netns.as_deref()
    }
}

/// The commands.
#[derive(Debug)]
enum Cmd {
    LinkShow(Option<String>),
    LinkSet(LinkSet),
    FdbShow(FdbShow),
    FdbModify(BrVerb, FdbModify),
    FdbGet(FdbGet),
    FdbFlush(FdbFlushArgs),
    MdbShow(MdbShow),
    MdbModify(BrVerb, MdbModify),
    VlanShow(VlanShow),
    VlanModify(BrVerb, VlanModify),
    VlanSet(VlanSet),
    VlanGlobalSet(VlanGlobalSet),
    VniShow(Option<String>),
    VniModify(BrVerb, VniModify),
    Monitor(BrMonitor),
}

/// A failure as `bridge` reports it: its text on standard error, and its exit status.
fn fail(code: u8, msg: impl std::fmt::Display) -> CliError {
    say!("{msg}");
    CliError::Reported(code)
}

/// `bridge`'s `usage()`: the text, exit 255.
fn usage(text: &str) -> CliError {
    CliError::Help(text.to_owned())
}

/// `NEXT_ARG()` at the end of the line.
fn incomplete() -> CliError {
    fail(255, "Command line is not complete. Try option \"help\"")
}

/// `invarg(msg, arg)`.
fn invarg(msg: &str, arg: &str) -> CliError {
    fail(255, format!("Error: argument \"{arg}\" is wrong: {msg}"))
}

/// `duparg(key, arg)`.
fn duparg(key: &str, arg: &str) -> CliError {
    fail(
        255,
        format!("Error: duplicate \"{key}\": \"{arg}\" is the second value."),
    )
}

/// `duparg2(key, arg)`.
fn duparg2(key: &str, arg: &str) -> CliError {
    fail(
        255,
        format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage."),
    )
}

/// The words after an object's verb, read as `bridge` reads `argv`.
struct Args<'a> {
    words: &'a [String],
    pos: usize,
}

impl<'a> Args<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let w = self.words.get(self.pos)?;
        self.pos = self.pos.saturating_add(1);
        Some(w)
    }

    /// `NEXT_ARG()`: the value of the word just read.
    fn value(&mut self) -> Result<&'a str> {
        self.next().ok_or_else(incomplete)
    }
}

/// `atoi` stored in a C `short` (the VLAN ids of `bridge`).
fn atoi_short(s: &str) -> i16 {
    // A C short keeps the low 16 bits.
    #[allow(clippy::cast_possible_truncation)]
    let v = atoi(s) as i16;
    v
}

/// `get_u8`/`get_u32`/`get_u64` with base 0.
fn get_num<T: TryFrom<u64>>(s: &str) -> Option<T> {
    strtoul(s).and_then(|v| T::try_from(v).ok())
}

/// `parse_on_off`: the first of `off`, `on` that the value abbreviates (`o` is `off`), else
/// the error `bridge` prints and its exit status, 234 (`-EINVAL`).
fn on_off(key: &str, v: &str) -> Result<bool> {
    if crate::cli::abbreviates(v, "off") {
        Ok(false)
    } else if crate::cli::abbreviates(v, "on") {
        Ok(true)
    } else {
        Err(fail(
            234,
            format!("Error: argument of \"{key}\" must be one of \"off\", \"on\", not \"{v}\""),
        ))
    }
}

/// A MAC address as `sscanf("%hhx:...")` reads it: six hex fields.
fn mac(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let mut parts = s.split(':');
    for o in &mut out {
        let p = parts.next()?;
        let digits: String = p.chars().take_while(char::is_ascii_hexdigit).collect();
        if digits.is_empty() {
            return None;
        }
        // `%hhx` keeps the low 8 bits of what it reads.
        let v = u64::from_str_radix(&digits[digits.len().saturating_sub(16)..], 16).ok()?;
        *o = v.to_le_bytes()[0];
    }
    Some(out)
}

/// The port of UDP service `name` (or alias) in /etc/services, as `getservbyname(name, "udp")`
/// finds it there.
fn udp_service(name: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/etc/services").ok()?;
    text.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or_default();
        let mut words = line.split_whitespace();
        let service = words.next()?;
        let (port, proto) = words.next()?.split_once('/')?;
        let named = service == name || words.any(|alias| alias == name);
        if proto == "udp" && named {
            port.parse().ok()
        } else {
            None
        }
    })
}

/// Reads the options after the word `bridge`, then the object and its words.
///
/// # Errors
/// As `bridge` refuses the command line.
pub(crate) fn parse(base: BrOpts, words: &[String]) -> Result<Bridge> {
    let mut opts = base;
    let mut colours_asked = false;
    let mut netns = None;
    let mut i = 0usize;
    while let Some(arg) = words.get(i) {
        if arg == "--" {
            i = i.saturating_add(1);
            break;
        }
        if !arg.starts_with('-') {
            break;
        }
        let word = if arg.starts_with("--") {
            arg.get(1..).unwrap_or_default()
        } else {
            arg.as_str()
        };
        let (name, value) = match word.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (word, None),
        };
        let opt = resolve(OPTIONS, if value.is_some() { name } else { word })
            .filter(|o| value.is_none() || *o == BrOpt::Color)
            .ok_or_else(|| {
                fail(
                    255,
                    format!("Option \"{word}\" is unknown, try \"nlctl bridge help\"."),
                )
            })?;
        match opt {
            BrOpt::Help => return Err(usage(USAGE)),
            BrOpt::Stats => opts.stats = opts.stats.saturating_add(1),
            BrOpt::Details => opts.details = opts.details.saturating_add(1),
            BrOpt::Compress => opts.compress = true,
            BrOpt::Json => opts.json = true,
            BrOpt::Pretty => opts.pretty = true,
            BrOpt::Netns => {
                // As `bridge`, the namespace is opened when the option is read, so a missing
                // one stops the command line there; `/run/netns/` itself (an empty name) is
                // opened, and refused as no namespace.
                i = i.saturating_add(1);
                let name = words.get(i).map_or("(null)", String::as_str);
                let path = std::path::Path::new("/run/netns").join(name);
                if name.is_empty() {
                    return Err(fail(
                        255,
                        "setting the network namespace \"\" failed: Invalid argument",
                    ));
                }
                if words.get(i).is_none() || !path.exists() {
                    return Err(fail(
                        255,
                        format!(
                            "Cannot open network namespace \"{name}\": No such file or directory"
                        ),
                    ));
                }
                netns = Some(path);
            }
            BrOpt::Color => {
                // Colours are refused where bridge would print them: always, or auto into a
                // terminal, in text.
                let colours = match value {
                    None | Some("always") => true,
                    Some("auto") => std::io::stdout().is_terminal(),
                    Some("never") => false,
                    Some(_) => {
                        return Err(fail(
                            255,
                            format!("Option \"{word}\" is unknown, try \"nlctl bridge help\"."),
                        ));
                    }
                };
                colours_asked = colours;
            }
            BrOpt::Version
            | BrOpt::Oneline
            | BrOpt::Timestamp
            | BrOpt::Family
            | BrOpt::Inet
            | BrOpt::Inet6
            | BrOpt::Force
            | BrOpt::Batch => {
                return Err(CliError::unsupported(format!(
                    "bridge option {word:?} after the word bridge"
                )));
            }
        }
        i = i.saturating_add(1);
    }
    if colours_asked && !opts.json {
        return Err(CliError::unsupported("bridge option -color"));
    }
    let rest = words.get(i..).unwrap_or_default();
    let Some((first, rest)) = rest.split_first() else {
        return Err(usage(USAGE));
    };
    let object = resolve(OBJECTS, first).ok_or_else(|| {
        fail(
            255,
            format!("Object \"{first}\" is unknown, try \"nlctl bridge help\"."),
        )
    })?;
    let (table, name, text): (&[Row<BrVerb>], &str, &str) = match object {
        BrObject::Help => return Err(usage(USAGE)),
        BrObject::Monitor => {
            let cmd = Cmd::Monitor(parse_monitor(Args {
                words: rest,
                pos: 0,
            })?);
            return Ok(Bridge { opts, cmd, netns });
        }
        BrObject::Link => (LINK_VERBS, "link", LINK_USAGE),
        BrObject::Fdb => (FDB_VERBS, "fdb", FDB_USAGE),
        BrObject::Mdb => (MDB_VERBS, "mdb", MDB_USAGE),
        BrObject::Vlan => (VLAN_VERBS, "vlan", VLAN_USAGE),
        BrObject::Vni => (VNI_VERBS, "vni", VNI_USAGE),
    };
    let (verb, args) = match rest.split_first() {
        None => (
            BrVerb::Show,
            Args {
                words: rest,
                pos: 0,
            },
        ),
        Some((v, args)) => {
            let verb = resolve(table, v).ok_or_else(|| {
                fail(
                    255,
                    format!("Command \"{v}\" is unknown, try \"nlctl bridge {name} help\"."),
                )
            })?;
            (
                verb,
                Args {
                    words: args,
                    pos: 0,
                },
            )
        }
    };
    if verb == BrVerb::Help {
        return Err(usage(text));
    }
    let cmd = match (object, verb) {
        (BrObject::Link, BrVerb::Show) => Cmd::LinkShow(parse_dev_filter(args)?.0),
        (BrObject::Link, _) => Cmd::LinkSet(parse_link_set(args)?),
        (BrObject::Fdb, BrVerb::Show) => Cmd::FdbShow(parse_fdb_show(args)?),
        (BrObject::Fdb, BrVerb::Get) => Cmd::FdbGet(parse_fdb_get(args)?),
        (BrObject::Fdb, BrVerb::Flush) => Cmd::FdbFlush(parse_fdb_flush(args)?),
        (BrObject::Fdb, v) => Cmd::FdbModify(v, parse_fdb_modify(args)?),
        (BrObject::Mdb, BrVerb::Show) => Cmd::MdbShow(parse_mdb_show(args)?),
        (BrObject::Mdb, v) => Cmd::MdbModify(v, parse_mdb_modify(v, args)?),
        (BrObject::Vlan, BrVerb::Show | BrVerb::TunnelShow) => {
            let (dev, vid) = parse_dev_filter(args)?;
            Cmd::VlanShow(VlanShow {
                dev,
                vid,
                tunnel: verb == BrVerb::TunnelShow,
                global: false,
            })
        }
        (BrObject::Vlan, BrVerb::Set) => Cmd::VlanSet(parse_vlan_set(args)?),
        (BrObject::Vlan, BrVerb::Global) => {
            let mut args = args;
            match args.next() {
                None => Cmd::VlanShow(VlanShow {
                    dev: None,
                    vid: None,
                    tunnel: false,
                    global: true,
                }),
                Some(w) => match resolve(VLAN_GLOBAL_VERBS, w) {
                    Some(BrVerb::Show) => {
                        let (dev, vid) = parse_dev_filter(args)?;
                        Cmd::VlanShow(VlanShow {
                            dev,
                            vid,
                            tunnel: false,
                            global: true,
                        })
                    }
                    Some(_) => Cmd::VlanGlobalSet(parse_vlan_global_set(args)?),
                    None => return Err(usage(VLAN_USAGE)),
                },
            }
        }
        (BrObject::Vlan, v) => Cmd::VlanModify(v, parse_vlan_modify(args)?),
        (BrObject::Vni, BrVerb::Show) => Cmd::VniShow(parse_dev_filter(args)?.0),
        (BrObject::Vni, v) => Cmd::VniModify(v, parse_vni_modify(args)?),
        (BrObject::Help | BrObject::Monitor, _) => return Err(usage(USAGE)),
    };
    Ok(Bridge { opts, cmd, netns })
}

/// `[dev DEV] [vid VID]`, other words ignored, as `bridge` reads the `show` commands of
/// `link`, `mdb`, `vlan` and `vni` (`vid` only where they have it).
fn parse_dev_filter(mut a: Args<'_>) -> Result<(Option<String>, Option<u16>)> {
    let (mut dev, mut vid) = (None, None);
    while let Some(w) = a.next() {
        match w {
            "dev" => {
                let v = a.value()?;
                if dev.is_some() {
                    return Err(duparg("dev", v));
                }
                dev = Some(v.to_owned());
            }
            "vid" => {
                let v = a.value()?;
                if vid.is_some_and(|x| x != 0) {
                    return Err(duparg("vid", v));
                }
                vid = Some(u16::from_ne_bytes(atoi_short(v).to_ne_bytes()));
            }
            _ => {}
        }
    }
    Ok((dev, vid))
}

/// `bridge link set`.
#[derive(Debug, Default)]
struct LinkSet {
    dev: Option<String>,
    settings: BridgePortSettings,
    backup: Option<Option<String>>,
    flags: BridgeFlags,
    hwmode: Option<BridgeMode>,
}

fn parse_link_set(mut a: Args<'_>) -> Result<LinkSet> {
    let mut s = LinkSet::default();
    let mut cost: u32 = 0;
    while let Some(w) = a.next() {
        let st = &mut s.settings;
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "guard" => st.guard = Some(on_off(w, a.value()?)?),
            "hairpin" => st.hairpin = Some(on_off(w, a.value()?)?),
            "fastleave" => st.fast_leave = Some(on_off(w, a.value()?)?),
            "root_block" => st.root_block = Some(on_off(w, a.value()?)?),
            "learning" => st.learning = Some(on_off(w, a.value()?)?),
            "learning_sync" => st.learning_sync = Some(on_off(w, a.value()?)?),
            "flood" => st.flood = Some(on_off(w, a.value()?)?),
            "mcast_router" => {
                // A C `__s8`: negative values mean "not given".
                let v = atoi(a.value()?);
                #[allow(clippy::cast_possible_truncation)]
                let b = v as i8;
                st.mcast_router = u8::try_from(b).ok();
            }
            "mcast_flood" => st.mcast_flood = Some(on_off(w, a.value()?)?),
            "bcast_flood" => st.bcast_flood = Some(on_off(w, a.value()?)?),
            "mcast_to_unicast" => st.mcast_to_unicast = Some(on_off(w, a.value()?)?),
            "cost" => {
                #[allow(clippy::cast_possible_truncation)]
                let v = atoi(a.value()?) as i32;
                cost = u32::from_ne_bytes(v.to_ne_bytes());
            }
            "priority" => {
                let v = atoi_short(a.value()?);
                st.priority = u16::try_from(v).ok();
            }
            "state" => {
                let v = a.value()?;
                let state = match v.parse::<i64>() {
                    Ok(n) if !v.is_empty() => n,
                    _ => stp_state(v).ok_or_else(|| fail(255, "Error: invalid STP port state"))?,
                };
                #[allow(clippy::cast_possible_truncation)]
                let b = state as i8;
                st.state = u8::try_from(b).ok().map(BridgePortState);
            }
            "hwmode" => {
                let v = a.value()?;
                s.flags = BridgeFlags::SELF;
                s.hwmode = Some(match v {
                    "vepa" => BridgeMode::VEPA,
                    "veb" => BridgeMode::VEB,
                    _ => {
                        return Err(fail(255, "Mode argument must be \"vepa\" or \"veb\"."));
                    }
                });
            }
            "self" => s.flags |= BridgeFlags::SELF,
            "master" => s.flags |= BridgeFlags::MASTER,
            "neigh_suppress" => st.neigh_suppress = Some(on_off(w, a.value()?)?),
            "vlan_tunnel" => st.vlan_tunnel = Some(on_off(w, a.value()?)?),
            "isolated" => st.isolated = Some(on_off(w, a.value()?)?),
            "locked" => st.locked = Some(on_off(w, a.value()?)?),
            "backup_port" => s.backup = Some(Some(a.value()?.to_owned())),
            "nobackup_port" => s.backup = Some(None),
            _ => return Err(usage(LINK_USAGE)),
        }
    }
    // bridge sends the cost only when it is not 0.
    if cost > 0 {
        s.settings.cost = Some(cost);
    }
    if s.dev.is_none() {
        return Err(fail(255, "Device is a required argument."));
    }
    Ok(s)
}

/// `parse_stp_state`: the state's name.
fn stp_state(s: &str) -> Option<i64> {
    [
        "disabled",
        "listening",
        "learning",
        "forwarding",
        "blocking",
    ]
    .iter()
    .position(|n| *n == s)
    .and_then(|p| i64::try_from(p).ok())
}

/// `bridge fdb show`.
#[derive(Debug, Default)]
pub(crate) struct FdbShow {
    dev: Option<String>,
    br: Option<String>,
    vlan: u32,
    state: u32,
    dynamic: bool,
}

fn fdb_state(s: &str) -> Option<u32> {
    let m = |name: &str| crate::cli::abbreviates(s, name);
    if m("permanent") {
        Some(NeighState::PERMANENT.bits().into())
    } else if m("static") || m("temp") {
        Some(NeighState::NOARP.bits().into())
    } else if m("stale") {
        Some(NeighState::STALE.bits().into())
    } else if m("reachable") || m("dynamic") {
        Some(NeighState::REACHABLE.bits().into())
    } else if s == "all" {
        Some(u32::MAX)
    } else {
        get_num::<u32>(s)
    }
}

fn parse_fdb_show(mut a: Args<'_>) -> Result<FdbShow> {
    let mut s = FdbShow::default();
    while let Some(w) = a.next() {
        match w {
            "brport" | "dev" => s.dev = Some(a.value()?.to_owned()),
            "br" => s.br = Some(a.value()?.to_owned()),
            "vlan" => {
                let v = a.value()?;
                if s.vlan != 0 {
                    return Err(duparg("vlan", v));
                }
                s.vlan =
                    u32::from_ne_bytes(i32::try_from(atoi(v)).unwrap_or_default().to_ne_bytes());
            }
            "state" => {
                let v = a.value()?;
                s.state |= fdb_state(v).ok_or_else(|| invarg("invalid state", v))?;
            }
            "dynamic" => s.dynamic = true,
            w if crate::cli::abbreviates(w, "help") => return Err(usage(FDB_USAGE)),
            _ => {}
        }
    }
    Ok(s)
}

/// `bridge fdb add|append|replace|del`.
#[derive(Debug, Default)]
struct FdbModify {
    dev: Option<String>,
    addr: Option<String>,
    dst: Option<IpAddr>,
    nhid: u32,
    port: u64,
    vni: Option<u32>,
    src_vni: Option<u32>,
    via: Option<String>,
    flags: NeighFlags,
    state: NeighState,
    vid: i16,
}

fn vni_arg(v: &str, msg: &str) -> Result<u32> {
    strtoul(v)
        .filter(|n| n >> 24 == 0)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| invarg(msg, v))
}

fn parse_fdb_modify(mut a: Args<'_>) -> Result<FdbModify> {
    let mut s = FdbModify {
        state: NeighState::NOARP,
        vid: -1,
        ..FdbModify::default()
    };
    let m = |w: &str, name: &str| crate::cli::abbreviates(w, name);
    while let Some(w) = a.next() {
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "dst" => {
                let v = a.value()?;
                if s.dst.is_some() {
                    return Err(duparg2("dst", v));
                }
                s.dst = Some(v.parse().map_err(|_| {
                    fail(
                        255,
                        format!("Error: an inet address is expected rather than \"{v}\"."),
                    )
                })?);
            }
            "nhid" => {
                let v = a.value()?;
                s.nhid = get_num(v).ok_or_else(|| invarg("\"id\" value is invalid\n", v))?;
            }
            "port" => {
                let v = a.value()?;
                // A number, else a UDP service of /etc/services (`getservbyname`).
                s.port = match strtoul(v).filter(|p| *p <= 0xffff) {
                    Some(p) => p,
                    None => udp_service(v).ok_or_else(|| invarg("invalid port\n", v))?,
                };
            }
            "vni" => s.vni = Some(vni_arg(a.value()?, "invalid VNI\n")?),
            "src_vni" => s.src_vni = Some(vni_arg(a.value()?, "invalid src VNI\n")?),
            "via" => s.via = Some(a.value()?.to_owned()),
            "self" => s.flags |= NeighFlags::SELF,
            w if m(w, "master") => s.flags |= NeighFlags::MASTER,
            w if m(w, "router") => s.flags |= NeighFlags::ROUTER,
            w if m(w, "local") || m(w, "permanent") => s.state |= NeighState::PERMANENT,
            w if m(w, "temp") || m(w, "static") => s.state |= NeighState::REACHABLE,
            w if m(w, "dynamic") => {
                s.state |= NeighState::REACHABLE;
                s.state = s.state & !NeighState::NOARP;
            }
            w if m(w, "vlan") => {
                if s.vid >= 0 {
                    return Err(duparg2("vlan", w));
                }
                s.vid = atoi_short(a.value()?);
            }
            w if m(w, "use") => s.flags |= NeighFlags::USE,
            w if m(w, "extern_learn") => s.flags |= NeighFlags::EXT_LEARNED,
            w if m(w, "sticky") => s.flags |= NeighFlags::STICKY,
            w => {
                let w = if w == "to" { a.value()? } else { w };
                if m(w, "help") {
                    return Err(usage(FDB_USAGE));
                }
                if s.addr.is_some() {
                    return Err(duparg2("to", w));
                }
                s.addr = Some(w.to_owned());
            }
        }
    }
    if s.dev.is_none() || s.addr.is_none() {
        return Err(fail(255, "Device and address are required arguments."));
    }
    if s.nhid != 0 && (s.dst.is_some() || s.port != 0 || s.vni.is_some()) {
        return Err(fail(255, "dst, port, vni are mutually exclusive with nhid"));
    }
    if !s.flags.contains(NeighFlags::SELF) && !s.flags.contains(NeighFlags::MASTER) {
        s.flags |= NeighFlags::SELF;
    }
    if (s.state & (NeighState::PERMANENT | NeighState::REACHABLE)).is_empty() {
        s.state |= NeighState::PERMANENT;
    }
    Ok(s)
}

/// `bridge fdb get`.
#[derive(Debug, Default)]
struct FdbGet {
    dev: Option<String>,
    br: Option<String>,
    addr: Option<String>,
    vni: Option<u32>,
    vlan: i16,
    flags: NeighFlags,
    dynamic: bool,
}

fn parse_fdb_get(mut a: Args<'_>) -> Result<FdbGet> {
    let mut s = FdbGet {
        vlan: -1,
        ..FdbGet::default()
    };
    let m = |w: &str, name: &str| crate::cli::abbreviates(w, name);
    while let Some(w) = a.next() {
        match w {
            "brport" | "dev" => s.dev = Some(a.value()?.to_owned()),
            "br" => s.br = Some(a.value()?.to_owned()),
            "vni" => s.vni = Some(vni_arg(a.value()?, "invalid VNI\n")?),
            "self" => s.flags |= NeighFlags::SELF,
            w if m(w, "master") => s.flags |= NeighFlags::MASTER,
            w if m(w, "vlan") => {
                if s.vlan >= 0 {
                    return Err(duparg2("vlan", w));
                }
                s.vlan = atoi_short(a.value()?);
            }
            w if m(w, "dynamic") => s.dynamic = true,
            w => {
                let w = if w == "to" { a.value()? } else { w };
                if m(w, "help") {
                    return Err(usage(FDB_USAGE));
                }
                if s.addr.is_some() {
                    return Err(duparg2("to", w));
                }
                s.addr = Some(w.to_owned());
            }
        }
    }
    if (s.dev.is_none() && s.br.is_none()) || s.addr.is_none() {
        return Err(fail(
            255,
            "Device or master and address are required arguments.",
        ));
    }
    Ok(s)
}

/// `bridge fdb flush`.
#[derive(Debug, Default)]
struct FdbFlushArgs {
    dev: Option<String>,
    port: Option<String>,
    vid: i16,
    flags: u8,
    flags_mask: u8,
    state: u16,
    state_mask: u16,
}

fn parse_fdb_flush(mut a: Args<'_>) -> Result<FdbFlushArgs> {
    let mut s = FdbFlushArgs {
        vid: -1,
        ..FdbFlushArgs::default()
    };
    let (noarp, perm) = (NeighState::NOARP.bits(), NeighState::PERMANENT.bits());
    while let Some(w) = a.next() {
        let flag = |f: NeighFlags| f.bits();
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "master" => s.flags |= flag(NeighFlags::MASTER),
            "self" => s.flags |= flag(NeighFlags::SELF),
            "permanent" => {
                s.state |= perm;
                s.state_mask |= perm;
            }
            "nopermanent" => {
                s.state &= !perm;
                s.state_mask |= perm;
            }
            "static" => {
                s.state |= noarp;
                s.state_mask |= noarp | perm;
            }
            "nostatic" => {
                s.state &= !noarp;
                s.state_mask |= noarp;
            }
            "dynamic" => {
                s.state &= !noarp | perm;
                s.state_mask |= noarp | perm;
            }
            "nodynamic" => {
                s.state |= noarp;
                s.state_mask |= noarp;
            }
            "brport" => {
                if s.port.is_some() {
                    return Err(duparg2("brport", w));
                }
                s.port = Some(a.value()?.to_owned());
            }
            "vlan" => {
                if s.vid >= 0 {
                    return Err(duparg2("vlan", w));
                }
                s.vid = atoi_short(a.value()?);
            }
            "help" => {
                // `bridge` reads the word after `help` and goes on.
                a.value()?;
            }
            w => {
                let pairs = [
                    ("added_by_user", NeighFlags::USE),
                    ("extern_learn", NeighFlags::EXT_LEARNED),
                    ("sticky", NeighFlags::STICKY),
                    ("offloaded", NeighFlags::OFFLOADED),
                ];
                for (name, f) in pairs {
                    if w == name {
                        s.flags |= f.bits();
                        s.flags_mask |= f.bits();
                    } else if w.strip_prefix("no") == Some(name) {
                        s.flags &= !f.bits();
                        s.flags_mask |= f.bits();
                    }
                }
            }
        }
    }
    if s.dev.is_none() {
        return Err(fail(255, "Device is a required argument."));
    }
    Ok(s)
}

/// `bridge mdb show`.
#[derive(Debug, Default)]
struct MdbShow {
    dev: Option<String>,
    vid: u16,
}

fn parse_mdb_show(a: Args<'_>) -> Result<MdbShow> {
    let (dev, vid) = parse_dev_filter(a)?;
    Ok(MdbShow {
        dev,
        vid: vid.unwrap_or(0),
    })
}

/// `bridge mdb add|del`.
#[derive(Debug, Default)]
struct MdbModify {
    dev: Option<String>,
    port: Option<String>,
    grp: Option<String>,
    src: Option<String>,
    permanent: bool,
    vid: i16,
}

fn parse_mdb_modify(verb: BrVerb, mut a: Args<'_>) -> Result<MdbModify> {
    let mut s = MdbModify::default();
    while let Some(w) = a.next() {
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "grp" => s.grp = Some(a.value()?.to_owned()),
            "port" => s.port = Some(a.value()?.to_owned()),
            "permanent" => s.permanent = verb == BrVerb::Add,
            "temp" => {}
            "vid" => s.vid = atoi_short(a.value()?),
            "src" => s.src = Some(a.value()?.to_owned()),
            w if crate::cli::abbreviates(w, "help") => return Err(usage(MDB_USAGE)),
            _ => {}
        }
    }
    if s.dev.is_none() || s.grp.is_none() || s.port.is_none() {
        return Err(fail(
            255,
            "Device, group address and port name are required arguments.",
        ));
    }
    Ok(s)
}

/// `bridge vlan show|tunnelshow`, `bridge vlan global show`.
#[derive(Debug, Default)]
struct VlanShow {
    dev: Option<String>,
    vid: Option<u16>,
    tunnel: bool,
    global: bool,
}

/// `VID` or `VID-END`, as `atoi` reads each.
fn vid_range(v: &str) -> (i16, Option<i16>) {
    match v.split_once('-') {
        Some((a, b)) => (atoi_short(a), Some(atoi_short(b))),
        None => (atoi_short(v), None),
    }
}

/// `bridge vlan add|del`.
#[derive(Debug, Default)]
struct VlanModify {
    dev: Option<String>,
    vid: Option<(i16, Option<i16>)>,
    flags: BridgeFlags,
    pvid: bool,
    untagged: bool,
    tunnel: Option<(u32, Option<u32>)>,
}

fn tun_id(v: &str, whole: &str) -> Result<u32> {
    get_num::<u32>(v)
        .filter(|n| *n < 1 << 24)
        .ok_or_else(|| invarg("invalid tun id", whole))
}

fn parse_vlan_modify(mut a: Args<'_>) -> Result<VlanModify> {
    let mut s = VlanModify::default();
    while let Some(w) = a.next() {
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "vid" => s.vid = Some(vid_range(a.value()?)),
            "self" => s.flags |= BridgeFlags::SELF,
            "master" => s.flags |= BridgeFlags::MASTER,
            "pvid" => s.pvid = true,
            "untagged" => s.untagged = true,
            "tunnel_info" => {
                let id = a.value()?;
                if !crate::cli::abbreviates(id, "id") {
                    return Err(invarg("tunnel id expected", id));
                }
                let v = a.value()?;
                s.tunnel = Some(match v.split_once('-') {
                    Some((x, y)) => (tun_id(x, x)?, Some(tun_id(y, x)?)),
                    None => (tun_id(v, v)?, None),
                });
            }
            w if crate::cli::abbreviates(w, "help") => {
                a.value()?;
            }
            _ => {}
        }
    }
    Ok(s)
}

/// `bridge vlan set`.
#[derive(Debug, Default)]
struct VlanSet {
    dev: Option<String>,
    vid: Option<(i16, Option<i16>)>,
    state: Option<u8>,
    mcast_router: Option<u8>,
}

fn parse_vlan_set(mut a: Args<'_>) -> Result<VlanSet> {
    let mut s = VlanSet::default();
    while let Some(w) = a.next() {
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "vid" => s.vid = Some(vid_range(a.value()?)),
            "state" => {
                let v = a.value()?;
                let st = match v.parse::<i64>() {
                    Ok(n) => Some(n),
                    Err(_) => stp_state(v),
                };
                let st = st
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(|| fail(255, "Error: invalid STP state"))?;
                s.state = Some(st);
            }
            "mcast_router" => {
                let v = a.value()?;
                s.mcast_router = Some(get_num(v).ok_or_else(|| invarg("invalid mcast_router", v))?);
            }
            w if crate::cli::abbreviates(w, "help") => {
                a.value()?;
            }
            _ => {}
        }
    }
    if s.dev.is_none() || s.vid.is_none() {
        return Err(fail(255, "Device and VLAN ID are required arguments."));
    }
    Ok(s)
}

/// `bridge vlan global set`.
#[derive(Debug, Default)]
struct VlanGlobalSet {
    dev: Option<String>,
    vid: Option<(i16, Option<i16>)>,
    settings: VlanGlobalSettings,
}

fn parse_vlan_global_set(mut a: Args<'_>) -> Result<VlanGlobalSet> {
    let mut s = VlanGlobalSet::default();
    while let Some(w) = a.next() {
        let g = &mut s.settings;
        macro_rules! num {
            ($field:ident) => {{
                let v = a.value()?;
                g.$field = Some(
                    get_num(v).ok_or_else(|| invarg(concat!("invalid ", stringify!($field)), v))?,
                );
            }};
        }
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "vid" => s.vid = Some(vid_range(a.value()?)),
            "mcast_snooping" => num!(mcast_snooping),
            "mcast_querier" => num!(mcast_querier),
            "mcast_igmp_version" => num!(mcast_igmp_version),
            "mcast_mld_version" => num!(mcast_mld_version),
            "mcast_last_member_count" => num!(mcast_last_member_count),
            "mcast_startup_query_count" => num!(mcast_startup_query_count),
            "mcast_last_member_interval" => num!(mcast_last_member_interval),
            "mcast_membership_interval" => num!(mcast_membership_interval),
            "mcast_querier_interval" => num!(mcast_querier_interval),
            "mcast_query_interval" => num!(mcast_query_interval),
            "mcast_query_response_interval" => num!(mcast_query_response_interval),
            "mcast_startup_query_interval" => num!(mcast_startup_query_interval),
            "help" => {
                a.value()?;
            }
            _ => {}
        }
    }
    if s.dev.is_none() || s.vid.is_none() {
        return Err(fail(255, "Device and VLAN ID are required arguments."));
    }
    Ok(s)
}

/// `bridge vni add|del`.
#[derive(Debug, Default)]
struct VniModify {
    dev: Option<String>,
    vni: Option<String>,
    group: Option<IpAddr>,
}

fn parse_vni_modify(mut a: Args<'_>) -> Result<VniModify> {
    let mut s = VniModify::default();
    while let Some(w) = a.next() {
        match w {
            "dev" => s.dev = Some(a.value()?.to_owned()),
            "vni" => {
                let v = a.value()?;
                if s.vni.is_some() {
                    return Err(invarg("duplicate vni", v));
                }
                s.vni = Some(v.to_owned());
            }
            "group" | "remote" => {
                if s.group.is_some() {
                    return Err(invarg("duplicate group", w));
                }
                let v = a.value()?;
                let addr: IpAddr = v.parse().map_err(|_| {
                    fail(
                        255,
                        format!("Error: any valid address is expected rather than \"{v}\"."),
                    )
                })?;
                if w == "group" && !addr.is_multicast() {
                    return Err(invarg("invalid group address", v));
                }
                s.group = Some(addr);
            }
            "help" => return Err(usage(VNI_USAGE)),
            _ => {}
        }
    }
    if s.dev.is_none() || s.vni.is_none() {
        return Err(fail(255, "Device and VNI ID are required arguments."));
    }
    Ok(s)
}

/// `bridge monitor`: what it watches.
#[derive(Debug, Clone)]
struct BrMonitor {
    /// `file FILE`: the messages of a file instead of the kernel's.
    file: Option<String>,
    /// `RTM_*LINK`, `RTM_*NEIGH` and `RTM_*MDB` (its default groups hold all three).
    link: bool,
    fdb: bool,
    mdb: bool,
    /// `RTNLGRP_BRVLAN` and `RTNLGRP_TUNNEL`, which only `vlan`, `vni` and `all` add.
    vlan: bool,
    vni: bool,
    /// `all`: each event after its label (`[LINK]`, `[NEIGH]`, ...).
    banner: bool,
}

fn parse_monitor(mut a: Args<'_>) -> Result<BrMonitor> {
    let mut m = BrMonitor {
        file: None,
        link: true,
        fdb: true,
        mdb: true,
        vlan: false,
        vni: false,
        banner: false,
    };
    let mut chosen = false;
    let mut choose = |m: &mut BrMonitor| {
        if !chosen {
            (m.link, m.fdb, m.mdb) = (false, false, false);
            chosen = true;
        }
    };
    let p = |w: &str, name: &str| crate::cli::abbreviates(w, name);
    while let Some(w) = a.next() {
        match w {
            w if p(w, "file") => m.file = Some(a.value()?.to_owned()),
            w if p(w, "link") => {
                choose(&mut m);
                m.link = true;
            }
            w if p(w, "fdb") => {
                choose(&mut m);
                m.fdb = true;
            }
            w if p(w, "mdb") => {
                choose(&mut m);
                m.mdb = true;
            }
            w if p(w, "vlan") => {
                choose(&mut m);
                m.vlan = true;
            }
            "vni" => {
                choose(&mut m);
                m.vni = true;
            }
            "all" => {
                (m.link, m.fdb, m.mdb, m.vlan, m.vni, m.banner) =
                    (true, true, true, true, true, true);
            }
            w if p(w, "help") => return Err(usage(MONITOR_USAGE)),
            w => {
                return Err(fail(
                    255,
                    format!("Argument \"{w}\" is unknown, try \"nlctl bridge monitor help\"."),
                ));
            }
        }
    }
    Ok(m)
}

// ---------------------------------------------------------------------------------------------
// Running

/// The names and flags of every link, from one dump (`bridge`'s `ll_init_map`).
struct Links {
    names: LinkNames,
    flags: HashMap<u32, IfFlags>,
}

impl Links {
    fn load(conn: &Connection) -> Result<Links> {
        let mut names = LinkNames::default();
        let mut flags = HashMap::new();
        conn.for_each_link(LinkFilter::default(), |l| {
            if let Some(n) = l.name()? {
                names.insert(l.index(), n);
            }
            flags.insert(l.index(), l.flags());
            Ok(())
        })?;
        Ok(Links { names, flags })
    }

    /// `ll_name_to_index`, or `nodev`: `Cannot find device "NAME"`, exit 255.
    fn dev(&self, name: &str) -> Result<u32> {
        self.names
            .index(name)
            .ok_or_else(|| fail(255, format!("Cannot find device \"{name}\"")))
    }

    /// `ll_name_to_index` with the message `bridge` gives in that place.
    fn dev_or(&self, name: &str, msg: impl FnOnce(&str) -> String) -> Result<u32> {
        self.names.index(name).ok_or_else(|| fail(255, msg(name)))
    }
}

/// How `bridge` reports the kernel's refusal of a request: the extended-ACK message as
/// `Error: MSG.`, else `RTNETLINK answers: TEXT`.
fn kernel_refusal(e: &netlink::Error) -> String {
    match e {
        netlink::Error::Kernel(k) => match k.message.as_deref().filter(|m| !m.is_empty()) {
            Some(m) if m.ends_with('.') => format!("Error: {m}"),
            Some(m) => format!("Error: {m}."),
            None => format!(
                "RTNETLINK answers: {}",
                netlink::errno::text(k.errno.raw_os_error())
            ),
        },
        other => format!("RTNETLINK answers: {other}"),
    }
}

/// A change's outcome as `bridge` exits: a kernel refusal is printed and is 255; an argument
/// the library refused before sending is 255 too.
fn changed(r: netlink::Result<()>) -> Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(e @ netlink::Error::Kernel(_)) => Err(fail(255, kernel_refusal(&e))),
        Err(netlink::Error::InvalidArgument(m)) => Err(fail(255, m)),
        Err(e) => Err(e.into()),
    }
}

/// A dump's failure as `bridge` reports it: the kernel's answer, `Dump terminated`, exit 1.
fn dump_failed(e: &netlink::Error) -> CliError {
    say!("{}", kernel_refusal(e));
    fail(1, "Dump terminated")
}

/// Runs a bridge command.
pub(crate) fn run(ctx: &Ctx<'_>, b: &Bridge) -> Result<()> {
    let conn = ctx.conn;
    let links = Links::load(conn)?;
    let o = b.opts;
    match &b.cmd {
        Cmd::LinkShow(dev) => link_show(conn, o, &links, dev.as_deref()),
        Cmd::LinkSet(s) => link_set(conn, &links, s),
        Cmd::FdbShow(s) => fdb_show(conn, o, &links, s),
        Cmd::FdbModify(v, s) => fdb_modify(conn, &links, *v, s),
        Cmd::FdbGet(s) => fdb_get(conn, o, &links, s),
        Cmd::FdbFlush(s) => fdb_flush(conn, &links, s),
        Cmd::MdbShow(s) => mdb_show(conn, o, &links, s),
        Cmd::MdbModify(v, s) => mdb_modify(conn, &links, *v, s),
        Cmd::VlanShow(s) => vlan_show(conn, o, &links, s),
        Cmd::VlanModify(v, s) => vlan_modify(conn, &links, *v, s),
        Cmd::VlanSet(s) => vlan_set(conn, &links, s),
        Cmd::VlanGlobalSet(s) => vlan_global_set(conn, &links, s),
        Cmd::VniShow(dev) => vni_show(conn, o, &links, dev.as_deref()),
        Cmd::VniModify(v, s) => vni_modify(conn, &links, *v, s),
        Cmd::Monitor(m) => monitor(conn, o, links, m),
    }
}

/// The label `bridge monitor all` puts before an event.
fn banner<'a>(m: &BrMonitor, label: &'a str) -> &'a str {
    if m.banner { label } else { "" }
}

/// `bridge monitor`: each event as `bridge` prints it (always text: `bridge` opens no JSON
/// writer in its monitor), a link's name learned from its own events.
fn monitor(conn: &Connection, o: BrOpts, mut links: Links, m: &BrMonitor) -> Result<()> {
    use netlink::Group;

    if let Some(file) = &m.file {
        return monitor_file(o, links, m, file);
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<netlink::Message>(4096);
    conn.handle(move |msg| {
        let _ = tx.send(msg.clone());
    });
    for (on, g) in [
        (m.link, Group::LINK),
        (m.fdb, Group::NEIGH),
        (m.mdb, Group::MDB),
        (m.vlan, Group::BRVLAN),
        (m.vni, Group::TUNNEL),
    ] {
        if on {
            conn.subscribe(g)?;
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for msg in rx {
        if let Some(stopped) = netlink::ReaderStopped::from_message(&msg) {
            return Err(CliError::failed(stopped.to_string()));
        }
        let text = monitor_text(o, &mut links, m, &msg, true)?;
        w.write_all(&text)?;
        w.flush()?;
    }
    Ok(())
}

/// The largest message `bridge`'s `rtnl_from_file` reads (its buffer).
const FILE_MSG_MAX: usize = 16_384;

/// `bridge monitor file FILE`: the messages of a file as `bridge` reads them
/// (`rtnl_from_file`: each `nlmsghdr` and its payload padded to 4 bytes, one after the other,
/// as `rtmon` writes them), printed as the monitor prints events. Names are those of the
/// namespace now, never learned from the file's link messages, as in `bridge`; an
/// `NLMSG_TSTAMP` prints its time. A cut or malformed message stops with `bridge`'s message and
/// exit status after the messages before it.
fn monitor_file(o: BrOpts, mut links: Links, m: &BrMonitor, file: &str) -> Result<()> {
    let bytes = std::fs::read(file).map_err(|e| {
        let text = netlink::errno::text(e.raw_os_error().unwrap_or(0));
        fail(255, format!("Cannot fopen: {text}"))
    })?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(len) = bytes
            .get(at..at.saturating_add(16))
            .and_then(|h| h.get(..4))
            .and_then(|l| <[u8; 4]>::try_from(l).ok())
            .map(u32::from_ne_bytes)
        else {
            return Err(fail(255, "rtnl-from_file: truncated message"));
        };
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if !(16..=FILE_MSG_MAX).contains(&len) {
            return Err(fail(
                255,
                format!("!!!malformed message: len={len} @{}", at + 16),
            ));
        }
        let padded = (len + 3) & !3;
        let Some(msg) = bytes.get(at..at + padded).and_then(|b| b.get(..len)) else {
            return Err(fail(255, "rtnl-from_file: truncated message"));
        };
        at += padded;
        let Ok(msg) = netlink::decode_message(msg) else {
            continue;
        };
        let text = monitor_text(o, &mut links, m, &msg, false)?;
        w.write_all(&text)?;
    }
    w.flush()?;
    Ok(())
}

/// `NLMSG_TSTAMP`: the time `rtmon` wrote between messages.
const NLMSG_TSTAMP: u16 = 15;

/// One message as `bridge monitor` prints it (nothing for the types it does not print);
/// `learn` takes a link's name from its `RTM_NEWLINK`, as the live monitor does.
fn monitor_text(
    o: BrOpts,
    links: &mut Links,
    m: &BrMonitor,
    msg: &netlink::Message,
    learn: bool,
) -> Result<Vec<u8>> {
    use netlink::netlink_wire::rtnl::link::LinkMsg;
    use netlink::netlink_wire::rtnl::{
        RTM_DELLINK, RTM_DELMDB, RTM_DELNEIGH, RTM_DELTUNNEL, RTM_DELVLAN, RTM_NEWLINK,
    };
    use netlink::{BridgePort, Mdb, Neighbour};

    let mut text = Vec::new();
    let t = msg.message_type();
    if t.0 == NLMSG_TSTAMP {
        // Two u32: seconds and microseconds, printed as bridge's `print_nlmsg_timestamp`.
        let word = |i: usize| {
            msg.data
                .get(i..i + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, u32::from_ne_bytes)
        };
        crate::monitor::check_local_time()?;
        let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(word(0).into());
        let line = format!(
            "Timestamp: {} {} us\n",
            crate::monitor::asctime(when),
            word(4)
        );
        return Ok(line.into_bytes());
    }
    let deleted = [
        RTM_DELLINK,
        RTM_DELNEIGH,
        RTM_DELMDB,
        RTM_DELVLAN,
        RTM_DELTUNNEL,
    ]
    .contains(&t);
    let lead = |label: &str| {
        format!(
            "{}{}",
            banner(m, label),
            if deleted { "Deleted " } else { "" }
        )
    };
    // Link messages of AF_BRIDGE and AF_UNSPEC print alike; they are read here, not as
    // the facade's link events.
    let decoded = if t == RTM_NEWLINK || t == RTM_DELLINK {
        let Ok(view) = LinkMsg::parse(msg.as_msg()) else {
            return Ok(Vec::new());
        };
        let Ok(p) = BridgePort::from_msg(&view) else {
            return Ok(Vec::new());
        };
        if learn && t == RTM_NEWLINK {
            links.names.insert(p.index, &p.name);
        }
        text.extend_from_slice(lead("[LINK]").as_bytes());
        crate::sink::text(
            &mut text,
            &LinkLine {
                p: &p,
                names: &links.names,
                flags: &links.flags,
                details: o.details > 0,
            },
        )?;
        return Ok(text);
    } else {
        match netlink::Event::from_message(msg) {
            Ok(e) => e,
            Err(e) => {
                say!("nlctl: warning: undecodable notification: {e}");
                return Ok(Vec::new());
            }
        }
    };
    match decoded {
        netlink::Event::NewNeighbour(n) | netlink::Event::DelNeighbour(n) => {
            let n: Neighbour = n;
            if n.family != netlink::netlink_wire::rtnl::AddressFamily::BRIDGE {
                return Ok(Vec::new());
            }
            text.extend_from_slice(lead("[NEIGH]").as_bytes());
            crate::sink::text(
                &mut text,
                &FdbLine {
                    n: &n,
                    names: &links.names,
                    show_dev: true,
                    stats: o.stats > 0,
                },
            )?;
        }
        netlink::Event::NewMdb(mdb) | netlink::Event::DelMdb(mdb) => {
            let mdb: Mdb = mdb;
            text.extend_from_slice(lead("[MDB]").as_bytes());
            crate::sink::text(
                &mut text,
                &bridge_fmt::MdbEvent {
                    m: &mdb,
                    names: &links.names,
                    details: o.details > 0,
                    stats: o.stats > 0,
                },
            )?;
        }
        netlink::Event::NewBridgeVlan(v) | netlink::Event::DelBridgeVlan(v) => {
            text.extend_from_slice(lead("[VLAN]").as_bytes());
            crate::sink::text(
                &mut text,
                &VlanRtmPort {
                    v: &v,
                    names: &links.names,
                    vid: 0,
                    global: false,
                    stats: o.stats > 0,
                },
            )?;
        }
        netlink::Event::NewVnis(v) | netlink::Event::DelVnis(v) => {
            text.extend_from_slice(lead("[TUNNEL]").as_bytes());
            crate::sink::text(
                &mut text,
                &VniPort {
                    v: &v,
                    names: &links.names,
                },
            )?;
        }
        _ => {}
    }
    Ok(text)
}

fn link_show(conn: &Connection, o: BrOpts, links: &Links, dev: Option<&str>) -> Result<()> {
    let index = dev.map(|d| links.dev(d)).transpose()?;
    let ports = conn
        .bridge_ports(BridgePortFilter::default())
        .map_err(|e| dump_failed(&e))?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    for p in &ports {
        if index.is_some_and(|i| i != p.index) {
            continue;
        }
        out.item(&LinkLine {
            p,
            names: &links.names,
            flags: &links.flags,
            details: o.details > 0,
        })?;
    }
    out.finish()
}

fn link_set(conn: &Connection, links: &Links, s: &LinkSet) -> Result<()> {
    let mut settings = s.settings;
    if let Some(b) = &s.backup {
        settings.backup_port = Some(match b {
            Some(name) => links.dev_or(name, |n| format!("Error: device {n} does not exist"))?,
            None => 0,
        });
    }
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find bridge device \"{n}\""))?;
    let mut req = BridgePortRequest::new(index, settings).flags(s.flags);
    req.hwmode = s.hwmode;
    changed(conn.set_bridge_port(&req))
}

fn fdb_show(conn: &Connection, o: BrOpts, links: &Links, s: &FdbShow) -> Result<()> {
    let master =
        s.br.as_deref()
            .map(|b| links.dev_or(b, |n| format!("Cannot find bridge device \"{n}\"")))
            .transpose()?;
    let index = s.dev.as_deref().map(|d| links.dev(d)).transpose()?;
    let mut filter = NeighFilter::fdb();
    filter.index = index;
    filter.master = master;
    let entries = conn.fdb(filter).map_err(|e| dump_failed(&e))?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    for n in &entries {
        let state = u32::from(n.state.bits());
        if s.state != 0 && state & s.state == 0 {
            continue;
        }
        if s.vlan != 0 && s.vlan != u32::from(n.vlan.unwrap_or(0)) {
            continue;
        }
        if s.dynamic && n.state.contains(NeighState::PERMANENT) {
            continue;
        }
        out.item(&FdbLine {
            n,
            names: &links.names,
            show_dev: index.is_none(),
            stats: o.stats > 0,
        })?;
    }
    out.finish()
}

fn fdb_modify(conn: &Connection, links: &Links, verb: BrVerb, s: &FdbModify) -> Result<()> {
    let via = s.via.as_deref().map(|v| links.dev(v)).transpose()?;
    let addr = s.addr.as_deref().unwrap_or_default();
    let lladdr = mac(addr).ok_or_else(|| fail(255, format!("Invalid mac address {addr}")))?;
    let index = links.dev(s.dev.as_deref().unwrap_or_default())?;
    let mut req = FdbRequest::new(index, lladdr).state(s.state).flags(s.flags);
    req.dst = s.dst;
    req.vlan = u16::try_from(s.vid).ok();
    req.nh_id = (s.nhid > 0).then_some(s.nhid);
    req.port = u16::try_from(s.port).ok().filter(|p| *p != 0);
    req.vni = s.vni;
    req.src_vni = s.src_vni;
    req.via = via;
    changed(match verb {
        BrVerb::Add => conn.add_fdb(&req),
        BrVerb::Append => conn.append_fdb(&req),
        BrVerb::Replace => conn.replace_fdb(&req),
        _ => conn.delete_fdb(&req),
    })
}

fn fdb_get(conn: &Connection, o: BrOpts, links: &Links, s: &FdbGet) -> Result<()> {
    let addr = s.addr.as_deref().unwrap_or_default();
    let lladdr = mac(addr).ok_or_else(|| fail(255, format!("Invalid mac address {addr}")))?;
    let index = s
        .dev
        .as_deref()
        .map(|d| links.dev(d))
        .transpose()?
        .unwrap_or(0);
    let master =
        s.br.as_deref()
            .map(|b| links.dev_or(b, |n| format!("Cannot find bridge device \"{n}\"")))
            .transpose()?;
    let mut key = FdbKey::new(index, lladdr).flags(s.flags);
    key.master = master;
    key.vlan = u16::try_from(s.vlan).ok();
    key.vni = s.vni;
    // The request goes out as it is, so that a miss is the kernel's own answer (its
    // extended-ACK message), which `Connection::fdb_entry` turns into `None`.
    let mut buf = Vec::new();
    <netlink::Neighbour as netlink::Lookup<FdbKey>>::get_request(&key, &mut buf)?;
    let reply = match conn.request_bytes(buf) {
        Ok(r) => r,
        Err(e @ netlink::Error::Kernel(_)) => return Err(fail(254, kernel_refusal(&e))),
        Err(e) => return Err(e.into()),
    };
    let m = reply.require(netlink::netlink_wire::rtnl::RTM_NEWNEIGH)?;
    let view = netlink::netlink_wire::rtnl::neigh::NeighMsg::parse(m.as_msg())
        .map_err(netlink::Error::from)?;
    let found = netlink::Neighbour::from_msg(&view)?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    if !(s.dynamic && found.state.contains(NeighState::PERMANENT)) {
        out.item(&FdbLine {
            n: &found,
            names: &links.names,
            show_dev: true,
            stats: o.stats > 0,
        })?;
    }
    out.finish()
}

fn fdb_flush(conn: &Connection, links: &Links, s: &FdbFlushArgs) -> Result<()> {
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find bridge device \"{n}\""))?;
    let port = s
        .port
        .as_deref()
        .map(|p| links.dev_or(p, |n| format!("Cannot find bridge port device \"{n}\"")))
        .transpose()?;
    if s.vid >= 4096 {
        return Err(fail(255, format!("Invalid VLAN ID \"{}\"", s.vid)));
    }
    let mut flags = NeighFlags(s.flags);
    if !flags.contains(NeighFlags::SELF) && !flags.contains(NeighFlags::MASTER) {
        flags |= NeighFlags::SELF;
    }
    let mut f = FdbFlush::new(index)
        .flags(flags)
        .state(NeighState(s.state))
        .flags_mask(NeighFlags(s.flags_mask))
        .state_mask(NeighState(s.state_mask));
    f.port = port;
    f.vlan = u16::try_from(s.vid).ok();
    changed(conn.flush_fdb(&f))
}

fn mdb_show(conn: &Connection, o: BrOpts, links: &Links, s: &MdbShow) -> Result<()> {
    let index = s.dev.as_deref().map(|d| links.dev(d)).transpose()?;
    let mut filter = MdbFilter::default();
    filter.index = index;
    let all = conn.mdb(filter).map_err(|e| {
        say!("{}", kernel_refusal(&e));
        fail(255, "Dump terminated")
    })?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    out.item(&MdbAll {
        all: &all,
        names: &links.names,
        vid: s.vid,
        details: o.details > 0,
        stats: o.stats > 0,
    })?;
    out.finish()
}

/// `mdb_parse_grp`: an IPv4, IPv6 or MAC address.
fn mdb_group(s: &str) -> Option<MdbGroup> {
    if let Ok(a) = s.parse::<IpAddr>() {
        return Some(MdbGroup::Ip(a));
    }
    let bytes = netlink::ops::neigh::parse_lladdr(s).ok()?;
    <[u8; 6]>::try_from(bytes.as_slice()).ok().map(MdbGroup::L2)
}

fn mdb_modify(conn: &Connection, links: &Links, verb: BrVerb, s: &MdbModify) -> Result<()> {
    let bridge = links.dev(s.dev.as_deref().unwrap_or_default())?;
    let port = links.dev(s.port.as_deref().unwrap_or_default())?;
    let grp = s.grp.as_deref().unwrap_or_default();
    let group = mdb_group(grp).ok_or_else(|| fail(255, format!("Invalid address \"{grp}\"")))?;
    let mut req = MdbRequest::new(bridge, port, group).vid(u16::from_ne_bytes(s.vid.to_ne_bytes()));
    if s.permanent {
        req.state = MdbState::PERMANENT;
    }
    if let Some(src) = &s.src {
        req.source = Some(
            src.parse()
                .map_err(|_| fail(255, format!("Invalid source address \"{src}\"")))?,
        );
    }
    changed(if verb == BrVerb::Add {
        conn.add_mdb(&req)
    } else {
        conn.delete_mdb(&req)
    })
}

fn vlan_show(conn: &Connection, o: BrOpts, links: &Links, s: &VlanShow) -> Result<()> {
    let index = s.dev.as_deref().map(|d| links.dev(d)).transpose()?;
    let vid = s.vid.unwrap_or(0);
    if s.global || (o.details > 0 && !s.tunnel) {
        let mut flags = VlanDumpFlags::EMPTY;
        if s.global {
            flags = VlanDumpFlags::GLOBAL;
        } else if o.stats > 0 {
            flags = VlanDumpFlags::STATS;
        }
        // bridge prints the header, then dumps.
        let mut out = BridgeOut::new(o.json, o.pretty)?;
        out.text(bridge_fmt::VLAN_HEADER)?;
        out.flush()?;
        let all = match conn.bridge_vlans(BridgeVlanFilter::default().dump_flags(flags)) {
            Ok(a) => a,
            Err(e) => {
                out.flush()?;
                return Err(dump_failed(&e));
            }
        };
        for v in &all {
            if index.is_some_and(|i| i != v.index) {
                continue;
            }
            out.item(&VlanRtmPort {
                v,
                names: &links.names,
                vid,
                global: s.global,
                stats: o.stats > 0,
            })?;
        }
        return out.finish();
    }
    if o.stats > 0 {
        // bridge 6.1 prints its header, then dumps the bridges' counters, then the ports'.
        let mut out = BridgeOut::new(o.json, o.pretty)?;
        out.text(bridge_fmt::VLAN_STATS_HEADER)?;
        for mask in [StatsMask::LINK_XSTATS, StatsMask::LINK_XSTATS_SLAVE] {
            let all = conn
                .link_statistics(StatsFilter::groups(mask))
                .map_err(|e| dump_failed(&e))?;
            for st in &all {
                if index.is_some_and(|i| i != st.index) {
                    continue;
                }
                for k in [st.xstats.as_ref(), st.xstats_slave.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    let Some(b) = k.bridge.as_ref() else { continue };
                    let port = VlanStatsPort {
                        index: st.index,
                        vlans: &b.vlans,
                        names: &links.names,
                        vid,
                    };
                    if !port.is_empty() {
                        out.item(&port)?;
                    }
                }
            }
        }
        return out.finish();
    }
    let ext = if o.compress {
        ExtFilter::BRVLAN_COMPRESSED
    } else {
        ExtFilter::BRVLAN
    };
    let ports = conn
        .bridge_ports(BridgePortFilter::default().ext_mask(ext))
        .map_err(|e| dump_failed(&e))?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    out.text(if s.tunnel {
        bridge_fmt::TUNNEL_HEADER
    } else {
        bridge_fmt::VLAN_HEADER
    })?;
    for p in &ports {
        if index.is_some_and(|i| i != p.index) {
            continue;
        }
        let port = VlanPort {
            p,
            names: &links.names,
            vid,
            tunnel: s.tunnel,
        };
        // bridge prints a port only when it has a VLAN to show.
        if !port.is_empty() {
            out.item(&port)?;
        }
    }
    out.finish()
}

/// The VLAN checks of `vlan_modify`, in its order and words.
fn vlan_ids(vid: Option<(i16, Option<i16>)>) -> Result<(u16, Option<u16>)> {
    let Some((vid, end)) = vid.filter(|(v, _)| *v != -1) else {
        return Err(fail(255, "Device and VLAN ID are required arguments."));
    };
    let u = |v: i16| u16::from_ne_bytes(v.to_ne_bytes());
    if !(0..4096).contains(&vid) {
        return Err(fail(255, format!("Invalid VLAN ID \"{}\"", u(vid))));
    }
    Ok((u(vid), end.map(u)))
}

fn vlan_modify(conn: &Connection, links: &Links, verb: BrVerb, s: &VlanModify) -> Result<()> {
    if s.dev.is_none() {
        return Err(fail(255, "Device and VLAN ID are required arguments."));
    }
    let (vid, end) = vlan_ids(s.vid)?;
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find bridge device \"{n}\""))?;
    if let Some(e) = end {
        if e >= 4096 || vid >= e {
            return Err(fail(255, format!("Invalid VLAN range \"{vid}-{e}\"")));
        }
        if s.pvid {
            return Err(fail(255, "pvid cannot be configured for a vlan range"));
        }
    }
    let mut req = BridgeVlanRequest::new(index, vid)
        .pvid(s.pvid)
        .untagged(s.untagged)
        .flags(s.flags);
    req.vid_end = end;
    req.tunnel_id = s.tunnel;
    changed(if verb == BrVerb::Add {
        conn.add_bridge_vlan(&req)
    } else {
        conn.delete_bridge_vlan(&req)
    })
}

fn vlan_set(conn: &Connection, links: &Links, s: &VlanSet) -> Result<()> {
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find network device \"{n}\""))?;
    let (vid, end) = vlan_ids(s.vid)?;
    if let Some(e) = end
        && (vid >= e || e >= 4096)
    {
        return Err(fail(255, format!("Invalid VLAN range \"{vid}-{e}\"")));
    }
    let mut req = VlanOptionsRequest::new(index, vid);
    req.vid_end = end;
    req.state = s.state.map(BridgePortState);
    req.mcast_router = s.mcast_router.map(MdbRouterType);
    changed(conn.set_vlan_options(&req))
}

fn vlan_global_set(conn: &Connection, links: &Links, s: &VlanGlobalSet) -> Result<()> {
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find network device \"{n}\""))?;
    let (vid, end) = vlan_ids(s.vid)?;
    if let Some(e) = end
        && (vid >= e || e >= 4096)
    {
        return Err(fail(255, format!("Invalid VLAN range \"{vid}-{e}\"")));
    }
    let mut req = VlanGlobalRequest::new(index, vid, s.settings);
    req.vid_end = end;
    changed(conn.set_vlan_global_options(&req))
}

fn vni_show(conn: &Connection, o: BrOpts, links: &Links, dev: Option<&str>) -> Result<()> {
    let index = dev.map(|d| links.dev(d)).transpose()?;
    let mut filter = VniFilter::default().stats(o.stats > 0);
    filter.index = index;
    let all = conn.vnis(filter).map_err(|e| {
        say!("{}", kernel_refusal(&e));
        fail(1, "Dump ternminated")
    })?;
    let mut out = BridgeOut::new(o.json, o.pretty)?;
    out.text(bridge_fmt::VNI_HEADER)?;
    for v in &all {
        out.item(&VniPort {
            v,
            names: &links.names,
        })?;
    }
    out.finish()
}

/// `parse_vni_filter`: `VNI[-END]` entries joined by commas, each `atoi`.
fn vni_list(s: &str, group: Option<IpAddr>) -> Vec<VniRange> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (a, b) = match p.split_once('-') {
                Some((a, b)) => (atoi(a), atoi(b)),
                None => (atoi(p), 0),
            };
            let c = |v: i64| u32::from_ne_bytes(i32::try_from(v).unwrap_or_default().to_ne_bytes());
            let mut r = if b != 0 {
                VniRange::range(c(a), c(b))
            } else {
                VniRange::one(c(a))
            };
            if let Some(g) = group {
                r = r.group(g);
            }
            r
        })
        .collect()
}

fn vni_modify(conn: &Connection, links: &Links, verb: BrVerb, s: &VniModify) -> Result<()> {
    let entries = vni_list(s.vni.as_deref().unwrap_or_default(), s.group);
    let dev = s.dev.as_deref().unwrap_or_default();
    let index = links.dev_or(dev, |n| format!("Cannot find vxlan device \"{n}\""))?;
    let req = VniRequest::new(index, entries);
    changed(if verb == BrVerb::Add {
        conn.add_vnis(&req)
    } else {
        conn.delete_vnis(&req)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn objects_and_verbs_resolve_as_bridge_reads_them() {
        assert_eq!(resolve(OBJECTS, "v"), Some(BrObject::Vlan));
        assert_eq!(resolve(OBJECTS, "vn"), Some(BrObject::Vni));
        assert_eq!(resolve(OBJECTS, "m"), Some(BrObject::Mdb));
        assert_eq!(resolve(OBJECTS, "mo"), Some(BrObject::Monitor));
        assert_eq!(resolve(OBJECTS, "l"), Some(BrObject::Link));
        assert_eq!(resolve(FDB_VERBS, "a"), Some(BrVerb::Add));
        assert_eq!(resolve(FDB_VERBS, "ap"), Some(BrVerb::Append));
        assert_eq!(resolve(FDB_VERBS, "fl"), None);
        assert_eq!(resolve(FDB_VERBS, "flush"), Some(BrVerb::Flush));
        assert_eq!(resolve(VLAN_VERBS, "s"), Some(BrVerb::Show));
        assert_eq!(resolve(VLAN_VERBS, "se"), Some(BrVerb::Set));
        assert_eq!(resolve(VLAN_VERBS, "t"), Some(BrVerb::TunnelShow));
        assert_eq!(resolve(VLAN_VERBS, "g"), None);
        assert_eq!(resolve(VNI_VERBS, "del"), None);
        assert_eq!(resolve(VNI_VERBS, "delete"), Some(BrVerb::Delete));
        assert_eq!(resolve(LINK_VERBS, "c"), Some(BrVerb::Set));
        assert_eq!(resolve(OPTIONS, "-c"), Some(BrOpt::Color));
        assert_eq!(resolve(OPTIONS, "-com"), Some(BrOpt::Compress));
        assert_eq!(resolve(OPTIONS, "-s"), Some(BrOpt::Stats));
    }

    #[test]
    fn fdb_words_make_bridges_header() {
        let a = words("02:00:00:00:00:aa dev v1 master static vlan 10");
        let s = parse_fdb_modify(Args { words: &a, pos: 0 }).unwrap();
        assert_eq!(s.state, NeighState::NOARP | NeighState::REACHABLE);
        assert_eq!(s.flags, NeighFlags::MASTER);
        assert_eq!(s.vid, 10);
        let a = words("02:00:00:00:00:aa dev v1 dyn");
        let s = parse_fdb_modify(Args { words: &a, pos: 0 }).unwrap();
        assert_eq!(s.state, NeighState::REACHABLE);
        assert_eq!(s.flags, NeighFlags::SELF);
        let a = words("to 02:00:00:00:00:aa dev v1");
        let s = parse_fdb_modify(Args { words: &a, pos: 0 }).unwrap();
        assert_eq!(s.state, NeighState::NOARP | NeighState::PERMANENT);
        assert_eq!(s.addr.as_deref(), Some("02:00:00:00:00:aa"));
        assert_eq!(mac("2:0:0:0:0:AA"), Some([2, 0, 0, 0, 0, 0xaa]));
        assert_eq!(mac("2:0:0:0:0"), None);
        assert_eq!(strtoul("0x10"), Some(16));
        assert_eq!(strtoul("010"), Some(8));
        assert_eq!(atoi_short("70000"), 4464);
        assert_eq!(
            vni_list("100,200-210", None),
            [VniRange::one(100), VniRange::range(200, 210)]
        );
    }
}
