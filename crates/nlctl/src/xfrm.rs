//! `xfrm state|policy|monitor`: IPsec SAs and policies on `NETLINK_XFRM`, with `ip xfrm`
//! 6.1's words (its `matches()` prefixes, in its order) and its text, which it prints under
//! `-json` too (it has no JSON).

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink::netlink_wire::xfrm::{
    PolicyAction, PolicyDir, PolicyFlags, PolicyType, SaFlags, XFRM_INF, XfrmGroup,
    XfrmLifetimeCfg, XfrmLifetimeCur, XfrmMode, XfrmProto, XfrmShare,
};
use netlink::xfrm::{
    AlgoKind, Algorithm, AllocSpi, PolicyFilter, PolicyFlush, PolicyKey, PolicyRequest, Selector,
    StateFilter, StateFlush, StateKey, StateRequest, Template, XfrmEvent, XfrmPolicy, XfrmState,
};
use netlink::{ConnectionOptions, XfrmConnection};

use crate::cli::{self, Opts, Row, rows};
use crate::error::{CliError, Result};
use crate::words::Words;

/// `ip xfrm`'s usage, which it prints (exit 255) for no object, `help` and unknown words.
const USAGE: &str = "\
Usage: nlctl xfrm XFRM-OBJECT { COMMAND | help }
where  XFRM-OBJECT := state | policy | monitor";

const USAGE_POLICY: &str = "\
Usage: nlctl xfrm policy { add | update } SELECTOR dir DIR [ mark MARK [ mask MASK ] ]
        [ index INDEX ] [ ptype PTYPE ] [ action ACTION ] [ priority PRIORITY ]
        [ flag FLAG-LIST ] [ TMPL-LIST ]
Usage: nlctl xfrm policy { delete | get } { SELECTOR | index INDEX } dir DIR
        [ mark MARK [ mask MASK ] ] [ ptype PTYPE ]
Usage: nlctl xfrm policy { deleteall | list } [ dir DIR ] [ index INDEX ] [ ptype PTYPE ]
        [ action ACTION ] [ priority PRIORITY ]
Usage: nlctl xfrm policy flush [ ptype PTYPE ]
Usage: nlctl xfrm policy count
SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ UPSPEC ]
UPSPEC := proto { { tcp | udp | sctp | dccp } [ sport PORT ] [ dport PORT ] | NUMBER }
DIR := in | out | fwd
PTYPE := main | sub
ACTION := allow | block
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG := localok | icmp
TMPL-LIST := [ TMPL-LIST ] tmpl TMPL
TMPL := ID [ mode MODE ] [ reqid REQID ] [ level LEVEL ]
ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]
XFRM-PROTO := esp | ah | comp | route2 | hao
MODE := transport | tunnel | beet | ro | in_trigger
LEVEL := required | use
Not supported yet: set, setdefault, getdefault, dev, ctx, limit, if_id, offload.";

const USAGE_STATE: &str = "\
Usage: nlctl xfrm state { add | update } ID [ ALGO-LIST ] [ mode MODE ]
        [ mark MARK [ mask MASK ] ] [ reqid REQID ] [ seq SEQ ]
        [ replay-window SIZE ] [ flag FLAG-LIST ] [ if_id IF_ID ]
Usage: nlctl xfrm state allocspi ID [ mode MODE ] [ reqid REQID ] [ seq SEQ ]
        [ min SPI max SPI ]
Usage: nlctl xfrm state { delete | get } ID [ mark MARK [ mask MASK ] ]
Usage: nlctl xfrm state { deleteall | list } [ ID ] [ mode MODE ] [ reqid REQID ]
Usage: nlctl xfrm state flush [ proto XFRM-PROTO ]
Usage: nlctl xfrm state count
ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]
XFRM-PROTO := esp | ah | comp | route2 | hao
ALGO-LIST := [ ALGO-LIST ] ALGO
ALGO := { enc | auth | comp } ALGO-NAME ALGO-KEYMAT |
        auth-trunc ALGO-NAME ALGO-KEYMAT ALGO-TRUNC-LEN |
        aead ALGO-NAME ALGO-KEYMAT ALGO-ICV-LEN
MODE := transport | tunnel | beet | ro | in_trigger
FLAG := noecn | decap-dscp | nopmtudisc | wildrecv | icmp | af-unspec | align4 | esn
Not supported yet: sel, limit, encap, coa, ctx, extra-flag, offload, output-mark, and the
list filters src and dst.";

const USAGE_MONITOR: &str = "Usage: nlctl xfrm monitor [ all | OBJECTS | help ]\nOBJECTS := { acquire | expire | SA | policy }";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Obj {
    State,
    Policy,
    Monitor,
    Help,
}

/// `ip/xfrm.c`'s object words, in its order.
const OBJECTS: &[Row<Obj>] = rows![
    Prefix "state" => Obj::State,
    Prefix "sa" => Obj::State,
    Prefix "policy" => Obj::Policy,
    Prefix "monitor" => Obj::Monitor,
    Prefix "help" => Obj::Help,
];

/// The verbs of `xfrm state` and `xfrm policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    Add,
    Update,
    AllocSpi,
    Delete,
    DeleteAll,
    List,
    Get,
    Flush,
    Count,
    Set,
    SetDefault,
    GetDefault,
    Help,
}

/// `do_xfrm_policy`'s verbs, in its order.
const POLICY_VERBS: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "update" => V::Update,
    Prefix "delete" => V::Delete,
    Prefix "deleteall" => V::DeleteAll,
    Prefix "delall" => V::DeleteAll,
    Prefix "list" => V::List,
    Prefix "show" => V::List,
    Prefix "lst" => V::List,
    Prefix "get" => V::Get,
    Prefix "flush" => V::Flush,
    Prefix "count" => V::Count,
    Prefix "set" => V::Set,
    Prefix "setdefault" => V::SetDefault,
    Prefix "getdefault" => V::GetDefault,
    Prefix "help" => V::Help,
];

/// `do_xfrm_state`'s verbs, in its order.
const STATE_VERBS: &[Row<V>] = rows![
    Prefix "add" => V::Add,
    Prefix "update" => V::Update,
    Prefix "allocspi" => V::AllocSpi,
    Prefix "delete" => V::Delete,
    Prefix "deleteall" => V::DeleteAll,
    Prefix "delall" => V::DeleteAll,
    Prefix "list" => V::List,
    Prefix "show" => V::List,
    Prefix "lst" => V::List,
    Prefix "get" => V::Get,
    Prefix "flush" => V::Flush,
    Prefix "count" => V::Count,
    Prefix "help" => V::Help,
];

/// A parsed `xfrm` command.
#[derive(Debug)]
pub(crate) enum Command {
    /// `policy add|update`.
    PolicyModify(Box<PolicyRequest>, bool),
    /// `policy delete|get`.
    PolicyKey(PolicyKey, bool),
    /// `policy list|deleteall`.
    PolicyList(PolicyFilter, bool),
    /// `policy flush`.
    PolicyFlush(PolicyFlush),
    /// `policy count`.
    PolicyCount,
    /// `state add|update`.
    StateModify(Box<StateRequest>, bool),
    /// `state allocspi`.
    AllocSpi(AllocSpi),
    /// `state delete|get`.
    StateKey(StateKey, bool),
    /// `state list|deleteall`.
    StateList(StateFilter, bool),
    /// `state flush`.
    StateFlush(StateFlush),
    /// `state count`.
    StateCount,
    /// `monitor`, with the groups to join.
    Monitor(Vec<XfrmGroup>),
}

/// Reads the words after `xfrm`; returns the command and its name for messages.
pub(crate) fn parse(rest: &[String]) -> Result<(Command, String)> {
    let mut w = Words::new(rest);
    let Some(first) = w.next() else {
        return Err(CliError::Help(USAGE.to_owned()));
    };
    let obj = match cli::resolve(OBJECTS, first) {
        Some(Obj::Help) | None => return Err(CliError::Help(USAGE.to_owned())),
        Some(o) => o,
    };
    if obj == Obj::Monitor {
        w.set_context("xfrm monitor".into());
        return Ok((parse_monitor(&mut w)?, "xfrm monitor".into()));
    }
    let (name, table, usage) = if obj == Obj::Policy {
        ("policy", POLICY_VERBS, USAGE_POLICY)
    } else {
        ("state", STATE_VERBS, USAGE_STATE)
    };
    let verb = match w.next() {
        None => V::List,
        Some(v) => cli::resolve(table, v).ok_or_else(|| {
            CliError::usage(format!(
                "Command \"{v}\" is unknown, try \"nlctl xfrm {name} help\"."
            ))
        })?,
    };
    if verb == V::Help {
        return Err(CliError::Help(usage.to_owned()));
    }
    let vname = format!("{verb:?}").to_lowercase();
    let context = format!("xfrm {name} {vname}");
    w.set_context(context.clone());
    let cmd = match (obj, verb) {
        (Obj::Policy, V::Add | V::Update) => {
            Command::PolicyModify(Box::new(parse_policy_modify(&mut w)?), verb == V::Update)
        }
        (Obj::Policy, V::Delete | V::Get) => {
            Command::PolicyKey(parse_policy_key(&mut w)?, verb == V::Delete)
        }
        (Obj::Policy, V::List | V::DeleteAll) => {
            Command::PolicyList(parse_policy_filter(&mut w)?, verb == V::DeleteAll)
        }
        (Obj::Policy, V::Flush) => Command::PolicyFlush(parse_policy_flush(&mut w)?),
        (Obj::Policy, V::Count) => {
            end(&mut w)?;
            Command::PolicyCount
        }
        (Obj::State, V::Add | V::Update) => {
            Command::StateModify(Box::new(parse_state_modify(&mut w)?), verb == V::Update)
        }
        (Obj::State, V::AllocSpi) => Command::AllocSpi(parse_allocspi(&mut w)?),
        (Obj::State, V::Delete | V::Get) => {
            Command::StateKey(parse_state_key(&mut w)?, verb == V::Delete)
        }
        (Obj::State, V::List | V::DeleteAll) => {
            Command::StateList(parse_state_filter(&mut w)?, verb == V::DeleteAll)
        }
        (Obj::State, V::Flush) => Command::StateFlush(parse_state_flush(&mut w)?),
        (Obj::State, V::Count) => {
            end(&mut w)?;
            Command::StateCount
        }
        _ => return Err(CliError::unsupported(format!("\"{context}\""))),
    };
    Ok((cmd, context))
}

/// ip's `count` reads no words; anything after it is refused rather than ignored.
fn end(w: &mut Words<'_>) -> Result<()> {
    match w.next() {
        Some(word) => Err(w.unknown(word)),
        None => Ok(()),
    }
}

fn num(w: &mut Words<'_>, key: &str) -> Result<u32> {
    let v = w.value(key)?;
    parse_u32(v).ok_or_else(|| w.error(format!("value after \"{key}\" is invalid: \"{v}\"")))
}

/// `get_u32(..., 0)`: decimal, `0x` hex or leading-zero octal.
fn parse_u32(s: &str) -> Option<u32> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        u32::from_str_radix(s.get(1..)?, 8).ok()
    } else {
        s.parse().ok()
    }
}

/// An address or prefix (`ADDR[/PLEN]`); a bare address is a full-length prefix.
fn prefix(w: &Words<'_>, s: &str) -> Result<(IpAddr, u8)> {
    let (a, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let addr: IpAddr = a
        .parse()
        .map_err(|_| w.error(format!("invalid prefix \"{s}\"")))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let len = match len {
        Some(l) => l
            .parse::<u8>()
            .ok()
            .filter(|&l| l <= max)
            .ok_or_else(|| w.error(format!("invalid prefix \"{s}\"")))?,
        None => max,
    };
    Ok((addr, len))
}

fn proto_word(w: &Words<'_>, s: &str) -> Result<XfrmProto> {
    XfrmProto::from_short_name(s)
        .ok_or_else(|| w.error(format!("\"XFRM-PROTO\" is invalid: \"{s}\"")))
}

fn mode_word(w: &Words<'_>, s: &str) -> Result<XfrmMode> {
    // `xfrm_mode_parse` compares with `matches()`, in this order.
    const MODES: &[Row<XfrmMode>] = rows![
        Prefix "transport" => XfrmMode::TRANSPORT,
        Prefix "tunnel" => XfrmMode::TUNNEL,
        Prefix "ro" => XfrmMode::ROUTEOPTIMIZATION,
        Prefix "in_trigger" => XfrmMode::IN_TRIGGER,
        Prefix "beet" => XfrmMode::BEET,
    ];
    cli::resolve(MODES, s).ok_or_else(|| w.error(format!("\"MODE\" is invalid: \"{s}\"")))
}

fn dir_word(w: &Words<'_>, s: &str) -> Result<PolicyDir> {
    match s {
        "in" => Ok(PolicyDir::IN),
        "out" => Ok(PolicyDir::OUT),
        "fwd" => Ok(PolicyDir::FWD),
        _ => Err(w.error(format!("\"DIR\" is invalid: \"{s}\""))),
    }
}

fn ptype_word(w: &Words<'_>, s: &str) -> Result<PolicyType> {
    match s {
        "main" => Ok(PolicyType::MAIN),
        "sub" => Ok(PolicyType::SUB),
        _ => Err(w.error(format!("\"PTYPE\" is invalid: \"{s}\""))),
    }
}

fn action_word(w: &Words<'_>, s: &str) -> Result<PolicyAction> {
    match s {
        "allow" => Ok(PolicyAction::ALLOW),
        "block" => Ok(PolicyAction::BLOCK),
        _ => Err(w.error(format!("\"ACTION\" is invalid: \"{s}\""))),
    }
}

/// `mark MARK [mask MASK]`: the mask is all ones when not given.
fn mark(w: &mut Words<'_>) -> Result<(u32, u32)> {
    let v = num(w, "mark")?;
    if w.peek() == Some("mask") {
        w.next();
        return Ok((v, num(w, "mask")?));
    }
    Ok((v, u32::MAX))
}

/// One selector word (`src`, `dst`, `proto`, `sport`, `dport`) into `sel`; `false` when the
/// word is not one.
fn selector_word(w: &mut Words<'_>, word: &str, sel: &mut Selector) -> Result<bool> {
    match word {
        "src" | "dst" => {
            let v = w.value(word)?;
            let p = prefix(w, v)?;
            sel.family = if p.0.is_ipv4() { 2 } else { 10 };
            if word == "src" {
                sel.src = Some(p);
            } else {
                sel.dst = Some(p);
            }
        }
        "proto" => {
            let v = w.value("proto")?;
            sel.proto = crate::names::ip_proto_number(v)
                .ok_or_else(|| w.error(format!("\"PROTO\" is invalid: \"{v}\"")))?;
        }
        "sport" | "dport" => {
            let v = w.value(word)?;
            let port = v
                .parse::<u16>()
                .map_err(|_| w.error(format!("value after \"{word}\" is invalid: \"{v}\"")))?;
            if word == "sport" {
                sel.sport = (port, u16::MAX);
            } else {
                sel.dport = (port, u16::MAX);
            }
        }
        "dev" | "type" | "code" | "key" => return Err(w.unsupported(word)),
        _ => return Ok(false),
    }
    Ok(true)
}

/// A selector without addresses still names its family: AF_INET, as `ip` sends it.
fn default_family(sel: &mut Selector) {
    if sel.family == 0 {
        sel.family = 2;
    }
}

fn parse_tmpl(w: &mut Words<'_>) -> Result<Template> {
    let mut t = Template::new(XfrmProto(0), XfrmMode::TRANSPORT, None, None);
    let mut any = false;
    while let Some(word) = w.peek() {
        match word {
            "src" | "dst" => {
                w.next();
                let v = w.value(word)?;
                let a: IpAddr = v
                    .parse()
                    .map_err(|_| w.error(format!("invalid address \"{v}\"")))?;
                t.family = if a.is_ipv4() { 2 } else { 10 };
                if word == "src" {
                    t.src = Some(a);
                } else {
                    t.dst = Some(a);
                }
            }
            "proto" => {
                w.next();
                let v = w.value("proto")?;
                t.proto = proto_word(w, v)?;
            }
            "spi" => {
                w.next();
                t.spi = num(w, "spi")?;
            }
            "mode" => {
                w.next();
                let v = w.value("mode")?;
                t.mode = mode_word(w, v)?;
            }
            "reqid" => {
                w.next();
                t.reqid = num(w, "reqid")?;
            }
            "level" => {
                w.next();
                t.optional = match w.value("level")? {
                    "required" => false,
                    "use" => true,
                    v => return Err(w.error(format!("\"LEVEL\" is invalid: \"{v}\""))),
                };
            }
            _ => break,
        }
        any = true;
    }
    if !any {
        return Err(w.missing("TMPL"));
    }
    if t.proto.0 == 0 {
        return Err(w.missing("XFRM-PROTO"));
    }
    Ok(t)
}

fn parse_policy_modify(w: &mut Words<'_>) -> Result<PolicyRequest> {
    let mut sel = Selector::default();
    let mut req = PolicyRequest::default();
    let mut dir = None;
    while let Some(word) = w.next() {
        match word {
            "dir" => {
                let v = w.value("dir")?;
                dir = Some(dir_word(w, v)?);
            }
            "mark" => {
                let (v, m) = mark(w)?;
                req.mark = (m != 0).then_some((v, m));
            }
            "index" => req.index = num(w, "index")?,
            "ptype" => {
                let v = w.value("ptype")?;
                req.ptype = Some(ptype_word(w, v)?);
            }
            "action" => {
                let v = w.value("action")?;
                req.action = action_word(w, v)?;
            }
            "priority" => req.priority = num(w, "priority")?,
            "flag" => req.flags = policy_flags(w)?,
            "tmpl" => req.templates.push(parse_tmpl(w)?),
            other => {
                if !selector_word(w, other, &mut sel)? {
                    return Err(w.unknown(other));
                }
            }
        }
    }
    let Some(dir) = dir else {
        return Err(CliError::failed("Not enough information: DIR is required."));
    };
    default_family(&mut sel);
    req.selector = sel;
    req.dir = dir;
    Ok(req)
}

fn policy_flags(w: &mut Words<'_>) -> Result<PolicyFlags> {
    let mut flags = PolicyFlags::EMPTY;
    let mut any = false;
    while let Some(word) = w.peek() {
        let f = match word {
            "localok" => PolicyFlags::LOCALOK,
            "icmp" => PolicyFlags::ICMP,
            _ => match parse_u32(word).and_then(|v| u8::try_from(v).ok()) {
                Some(v) if !any => PolicyFlags(v),
                _ => break,
            },
        };
        w.next();
        flags |= f;
        any = true;
    }
    if any {
        Ok(flags)
    } else {
        Err(w.missing("FLAG"))
    }
}

fn parse_policy_key(w: &mut Words<'_>) -> Result<PolicyKey> {
    let mut sel = Selector::default();
    let mut key = PolicyKey::default();
    let (mut dir, mut selp, mut indexp) = (None, false, false);
    while let Some(word) = w.next() {
        match word {
            "dir" => {
                let v = w.value("dir")?;
                dir = Some(dir_word(w, v)?);
            }
            "mark" => {
                let (v, m) = mark(w)?;
                key.mark = (v & m != 0).then_some((v, m));
            }
            "index" => {
                key.index = num(w, "index")?;
                indexp = true;
            }
            "ptype" => {
                let v = w.value("ptype")?;
                key.ptype = Some(ptype_word(w, v)?);
            }
            other => {
                if !selector_word(w, other, &mut sel)? {
                    return Err(w.unknown(other));
                }
                selp = true;
            }
        }
    }
    let Some(dir) = dir else {
        return Err(CliError::failed("Not enough information: DIR is required."));
    };
    if !selp && !indexp {
        return Err(CliError::failed(
            "Not enough information: either SELECTOR or INDEX is required.",
        ));
    }
    if selp && indexp {
        return Err(CliError::usage(
            "either \"SELECTOR\" or \"INDEX\" is allowed",
        ));
    }
    default_family(&mut sel);
    key.selector = sel;
    key.dir = dir;
    Ok(key)
}

fn parse_policy_filter(w: &mut Words<'_>) -> Result<PolicyFilter> {
    let mut f = PolicyFilter::default();
    while let Some(word) = w.next() {
        match word {
            "dir" => {
                let v = w.value("dir")?;
                f.dir = Some(dir_word(w, v)?);
            }
            "index" => f.index = Some(num(w, "index")?),
            "ptype" => {
                let v = w.value("ptype")?;
                f.ptype = Some(ptype_word(w, v)?);
            }
            "action" => {
                let v = w.value("action")?;
                f.action = Some(action_word(w, v)?);
            }
            "priority" | "flag" | "src" | "dst" | "proto" | "sport" | "dport" | "dev" => {
                return Err(w.unsupported(word));
            }
            other => return Err(w.unknown(other)),
        }
    }
    Ok(f)
}

/// The one optional `KEY VALUE` a flush reads (`ptype` of policies, `proto` of SAs).
fn flush_option<T>(
    w: &mut Words<'_>,
    key: &str,
    read: fn(&Words<'_>, &str) -> Result<T>,
) -> Result<Option<T>> {
    let mut found = None;
    while let Some(word) = w.next() {
        if word != key {
            return Err(w.unknown(word));
        }
        let v = w.value(key)?;
        found = Some(read(w, v)?);
    }
    Ok(found)
}

fn parse_policy_flush(w: &mut Words<'_>) -> Result<PolicyFlush> {
    let mut f = PolicyFlush::default();
    f.ptype = flush_option(w, "ptype", ptype_word)?;
    Ok(f)
}

/// The words of an SA's `ID`: addresses, protocol and SPI.
#[derive(Default)]
struct Id {
    src: Option<IpAddr>,
    dst: Option<IpAddr>,
    proto: Option<XfrmProto>,
    spi: Option<u32>,
}

/// One `ID` word into `id`; `false` when the word is not one.
fn id_word(w: &mut Words<'_>, word: &str, id: &mut Id) -> Result<bool> {
    match word {
        "src" | "dst" => {
            let v = w.value(word)?;
            let a: IpAddr = v
                .parse()
                .map_err(|_| w.error(format!("invalid address \"{v}\"")))?;
            if word == "src" {
                id.src = Some(a);
            } else {
                id.dst = Some(a);
            }
        }
        "proto" => {
            let v = w.value("proto")?;
            id.proto = Some(proto_word(w, v)?);
        }
        "spi" => id.spi = Some(num(w, "spi")?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// The words an SA's add, update, allocspi and list share: its `ID`, `mode`, `reqid`, `seq`.
struct SaWords {
    id: Id,
    mode: Option<XfrmMode>,
    reqid: Option<u32>,
    seq: u32,
}

impl SaWords {
    fn new() -> Self {
        SaWords {
            id: Id::default(),
            mode: None,
            reqid: None,
            seq: 0,
        }
    }

    /// Reads `word` and its value; `false` when the word is not one of these.
    fn word(&mut self, w: &mut Words<'_>, word: &str) -> Result<bool> {
        match word {
            "mode" => {
                let v = w.value("mode")?;
                self.mode = Some(mode_word(w, v)?);
            }
            "reqid" => self.reqid = Some(num(w, "reqid")?),
            "seq" => self.seq = num(w, "seq")?,
            other => return id_word(w, other, &mut self.id),
        }
        Ok(true)
    }

    /// The addresses and protocol an SA being created needs, with ip's errors.
    fn endpoints(&self) -> Result<(IpAddr, IpAddr, XfrmProto)> {
        let (Some(src), Some(dst)) = (self.id.src, self.id.dst) else {
            return Err(CliError::failed("Not enough information: ID is required"));
        };
        let Some(proto) = self.id.proto else {
            return Err(CliError::failed("argument \"XFRM-PROTO\" is required"));
        };
        Ok((src, dst, proto))
    }
}

fn hex_key(w: &Words<'_>, s: &str) -> Result<Vec<u8>> {
    let Some(h) = s.strip_prefix("0x") else {
        // A key that is not hex is its characters, as `xfrm_algo_parse` reads it.
        return Ok(s.as_bytes().to_vec());
    };
    if h.len() % 2 != 0 {
        return Err(w.error(format!("\"ALGO-KEYMAT\" value is invalid: \"{s}\"")));
    }
    (0..h.len())
        .step_by(2)
        .map(|i| {
            h.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
                .ok_or_else(|| w.error(format!("\"ALGO-KEYMAT\" value is invalid: \"{s}\"")))
        })
        .collect()
}

fn parse_state_modify(w: &mut Words<'_>) -> Result<StateRequest> {
    let mut sa = SaWords::new();
    let mut window = 0u32;
    let mut flags = SaFlags::EMPTY;
    let mut mark_v = None;
    let mut if_id = None;
    let mut algos = Vec::new();
    while let Some(word) = w.next() {
        match word {
            "mark" => {
                let (v, m) = mark(w)?;
                mark_v = (m != 0).then_some((v, m));
            }
            "replay-window" => window = num(w, "replay-window")?,
            "flag" => flags = state_flags(w)?,
            "if_id" => if_id = Some(num(w, "if_id")?),
            "enc" | "auth" | "comp" | "auth-trunc" | "aead" => algos.push(algorithm(w, word)?),
            "sel" | "limit" | "encap" | "coa" | "ctx" | "extra-flag" | "offload"
            | "output-mark" | "replay-seq" | "replay-oseq" | "replay-seq-hi" | "replay-oseq-hi" => {
                return Err(w.unsupported(word));
            }
            other => {
                if !sa.word(w, other)? {
                    return Err(w.unknown(other));
                }
            }
        }
    }
    let (src, dst, proto) = sa.endpoints()?;
    let window = u8::try_from(window)
        .map_err(|_| CliError::unsupported("a replay-window above 255 (XFRMA_REPLAY_ESN_VAL)"))?;
    let mut req = StateRequest::new(src, dst, proto, sa.id.spi.unwrap_or(0))
        .mode(sa.mode.unwrap_or(XfrmMode::TRANSPORT))
        .reqid(sa.reqid.unwrap_or(0))
        .seq(sa.seq)
        .replay_window(window)
        .flags(flags)
        .algorithms(algos);
    req.mark = mark_v;
    req.if_id = if_id;
    Ok(req)
}

/// One `ALGO` of `ALGO-LIST`: its name, key and, for `auth-trunc` and `aead`, a length.
fn algorithm(w: &mut Words<'_>, word: &str) -> Result<Algorithm> {
    let name = w.value(word)?;
    let key = if word == "comp" {
        Vec::new()
    } else {
        let k = w.value(word)?;
        hex_key(w, k)?
    };
    let kind = match word {
        "enc" => AlgoKind::Enc,
        "auth" => AlgoKind::Auth,
        "comp" => AlgoKind::Comp,
        "auth-trunc" => AlgoKind::AuthTrunc(num(w, "ALGO-TRUNC-LEN")?),
        _ => AlgoKind::Aead(num(w, "ALGO-ICV-LEN")?),
    };
    Ok(Algorithm::new(kind, name, &key))
}

fn state_flags(w: &mut Words<'_>) -> Result<SaFlags> {
    let mut flags = SaFlags::EMPTY;
    let mut any = false;
    while let Some(f) = w.peek().and_then(flag_named) {
        w.next();
        flags |= f;
        any = true;
    }
    if any {
        Ok(flags)
    } else {
        Err(w.missing("FLAG"))
    }
}

/// The SA flag `ip` names `word`.
fn flag_named(word: &str) -> Option<SaFlags> {
    (0..8)
        .map(|b| SaFlags(1 << b))
        .find(|f| f.short_names().next() == Some(word))
}

fn parse_allocspi(w: &mut Words<'_>) -> Result<AllocSpi> {
    let mut sa = SaWords::new();
    let (mut min, mut max) = (None, None);
    while let Some(word) = w.next() {
        match word {
            "min" => min = Some(num(w, "min")?),
            "max" => max = Some(num(w, "max")?),
            "mark" => return Err(w.unsupported(word)),
            other => {
                if !sa.word(w, other)? {
                    return Err(w.unknown(other));
                }
            }
        }
    }
    let (src, dst, proto) = sa.endpoints()?;
    if sa.id.spi.is_some() {
        return Err(CliError::failed("\"spi\" is invalid"));
    }
    let mut req = AllocSpi::new(src, dst, proto)
        .mode(sa.mode.unwrap_or(XfrmMode::TRANSPORT))
        .reqid(sa.reqid.unwrap_or(0))
        .seq(sa.seq);
    match (min, max) {
        (Some(lo), Some(hi)) if lo <= hi => req = req.min(lo).max(hi),
        (Some(_), Some(_)) => {
            return Err(CliError::failed(
                "value after \"min\" is larger than value after \"max\"",
            ));
        }
        (Some(_), None) => return Err(CliError::failed("\"max\" is missing")),
        (None, Some(_)) => return Err(CliError::failed("\"min\" is missing")),
        (None, None) => {}
    }
    Ok(req)
}

fn parse_state_key(w: &mut Words<'_>) -> Result<StateKey> {
    let mut id = Id::default();
    let mut mark_v = None;
    while let Some(word) = w.next() {
        match word {
            "mark" => {
                let (v, m) = mark(w)?;
                mark_v = (v & m != 0).then_some((v, m));
            }
            other => {
                if !id_word(w, other, &mut id)? {
                    return Err(w.unknown(other));
                }
            }
        }
    }
    let Some(dst) = id.dst else {
        return Err(CliError::unsupported(
            "an SA named without \"dst\" (ip sends the request with no address)",
        ));
    };
    let Some(proto) = id.proto else {
        return Err(CliError::failed("argument \"XFRM-PROTO\" is required"));
    };
    let mut key = StateKey::new(dst, proto, id.spi.unwrap_or(0));
    key.src = id.src;
    key.mark = mark_v;
    Ok(key)
}

fn parse_state_filter(w: &mut Words<'_>) -> Result<StateFilter> {
    let mut sa = SaWords::new();
    while let Some(word) = w.next() {
        match word {
            "src" | "dst" | "seq" | "flag" | "nokeys" => return Err(w.unsupported(word)),
            other => {
                if !sa.word(w, other)? {
                    return Err(w.unknown(other));
                }
            }
        }
    }
    let mut f = StateFilter::default();
    f.proto = sa.id.proto;
    f.spi = sa.id.spi;
    f.mode = sa.mode;
    f.reqid = sa.reqid;
    Ok(f)
}

fn parse_state_flush(w: &mut Words<'_>) -> Result<StateFlush> {
    let mut f = StateFlush::default();
    f.proto = flush_option(w, "proto", proto_word)?;
    Ok(f)
}

fn parse_monitor(w: &mut Words<'_>) -> Result<Command> {
    let mut groups = Vec::new();
    while let Some(word) = w.next() {
        let g = match word {
            "all" => continue,
            "acquire" => XfrmGroup::ACQUIRE,
            "expire" => XfrmGroup::EXPIRE,
            "SA" => XfrmGroup::SA,
            "policy" => XfrmGroup::POLICY,
            "help" => return Err(CliError::Help(USAGE_MONITOR.to_owned())),
            "aevent" | "report" | "nokeys" | "all-nsid" | "label" => {
                return Err(w.unsupported(word));
            }
            other => return Err(w.unknown(other)),
        };
        groups.push(g);
    }
    if groups.is_empty() {
        groups = vec![
            XfrmGroup::ACQUIRE,
            XfrmGroup::EXPIRE,
            XfrmGroup::SA,
            XfrmGroup::POLICY,
        ];
    }
    Ok(Command::Monitor(groups))
}

/// Runs a command on a connection of its own in `options`' namespace.
pub(crate) fn run(cmd: &Command, opts: &Opts, options: ConnectionOptions) -> Result<()> {
    let stats = opts.stats;
    if stats > 0 {
        crate::monitor::check_local_time()?;
    }
    let options = match cmd {
        Command::Monitor(groups) => groups.iter().fold(options, |o, g| o.membership(g.0)),
        _ => options,
    };
    let x = XfrmConnection::with_options(options)?;
    let mut out = String::new();
    match cmd {
        Command::PolicyModify(req, false) => x.add_policy(req)?,
        Command::PolicyModify(req, true) => x.update_policy(req)?,
        Command::PolicyKey(key, true) => x.delete_policy(key)?,
        Command::PolicyKey(key, false) => match x.policy(key)? {
            Some(p) => policy_text(&mut out, &p, stats),
            None => return Err(not_found("No such file or directory")),
        },
        Command::PolicyList(f, false) => {
            for p in x.policies(*f)? {
                policy_text(&mut out, &p, stats);
            }
        }
        Command::PolicyList(f, true) => {
            for p in x.policies(*f)? {
                // ip deletes by selector, direction and index, as it dumped them.
                let key = PolicyKey::new(p.selector, p.dir).index(p.index);
                x.delete_policy(&key)?;
            }
        }
        Command::PolicyFlush(f) => x.flush_policies(f)?,
        Command::PolicyCount => {
            let info = x.policy_count()?;
            let c = info.counts.unwrap_or_default();
            let _ = write!(
                out,
                "\t SPD IN  {} OUT {} FWD {}",
                c.incnt, c.outcnt, c.fwdcnt
            );
            if stats > 0 {
                let _ = write!(
                    out,
                    " (Sock: IN {} OUT {} FWD {})",
                    c.inscnt, c.outscnt, c.fwdscnt
                );
            }
            out.push('\n');
            if stats > 1 {
                if let Some((n, max)) = info.hash {
                    let _ = writeln!(out, "\t SPD buckets: count {n} Max {max}");
                }
                if let Some((l, r)) = info.ipv4_thresh {
                    let _ = writeln!(out, "\t SPD IPv4 thresholds: local {l} remote {r}");
                }
                if let Some((l, r)) = info.ipv6_thresh {
                    let _ = writeln!(out, "\t SPD IPv6 thresholds: local {l} remote {r}");
                }
            }
        }
        Command::StateModify(req, false) => x.add_state(req)?,
        Command::StateModify(req, true) => x.update_state(req)?,
        Command::AllocSpi(req) => {
            let sa = x.alloc_spi(req)?;
            state_text(&mut out, &sa, stats);
        }
        Command::StateKey(key, true) => x.delete_state(key)?,
        Command::StateKey(key, false) => match x.state(key)? {
            Some(sa) => state_text(&mut out, &sa, stats),
            None => return Err(not_found("No such process")),
        },
        Command::StateList(f, false) => {
            for sa in x.states(*f)? {
                state_text(&mut out, &sa, stats);
            }
        }
        Command::StateList(f, true) => {
            for sa in x.states(*f)? {
                x.delete_state(&sa.key())?;
            }
        }
        Command::StateFlush(f) => x.flush_states(f)?,
        Command::StateCount => {
            let info = x.state_count()?;
            let _ = write!(out, "\t SAD count {}", info.count);
            if stats > 0
                && let Some((n, max)) = info.hash
            {
                let _ = write!(out, " (buckets count {n} Max {max})");
            }
            out.push('\n');
        }
        Command::Monitor(_) => return monitor(&x, stats),
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    Ok(stdout.flush()?)
}

/// The kernel's "not found" for a lookup (`ENOENT` for policies, `ESRCH` for SAs), which
/// `ip` reports with exit status 2.
fn not_found(what: &str) -> CliError {
    CliError::Coded {
        message: format!("RTNETLINK answers: {what}"),
        code: 2,
    }
}

fn monitor(x: &XfrmConnection, stats: u32) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::channel::<netlink::Message>();
    x.connection().handle(move |m| {
        let _ = tx.send(m.clone());
    });
    for m in rx.iter() {
        if m.is_overrun() {
            continue;
        }
        if netlink::ReaderStopped::from_message(&m).is_some() {
            break;
        }
        let mut out = String::new();
        match XfrmEvent::from_message(&m)? {
            XfrmEvent::NewState(sa) => state_text(&mut out, &sa, stats),
            XfrmEvent::DelState(Some(sa)) => {
                out.push_str("Deleted ");
                state_text(&mut out, &sa, stats);
            }
            XfrmEvent::NewPolicy(p) => {
                if m.message_type() == netlink::netlink_wire::xfrm::XFRM_MSG_UPDPOLICY {
                    out.push_str("Updated ");
                }
                policy_text(&mut out, &p, stats);
            }
            XfrmEvent::DelPolicy(Some(p)) => {
                out.push_str("Deleted ");
                policy_text(&mut out, &p, stats);
            }
            XfrmEvent::FlushStates(p) => {
                let _ = writeln!(out, "Flushed state proto {}", proto_name(p));
            }
            XfrmEvent::FlushPolicies(t) => {
                let _ = writeln!(out, "Flushed policy ptype {} ", ptype_name(t));
            }
            _ => continue,
        }
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(out.as_bytes())?;
        stdout.flush()?;
    }
    Ok(())
}

fn proto_name(p: XfrmProto) -> String {
    p.short_name()
        .map_or_else(|| p.0.to_string(), str::to_owned)
}

fn ptype_name(t: PolicyType) -> String {
    match t {
        PolicyType::MAIN => "main".into(),
        PolicyType::SUB => "sub".into(),
        other => other.0.to_string(),
    }
}

/// `rt_addr_n2a` of an address of `family`, zero when absent.
fn addr_text(a: Option<IpAddr>, family: u16) -> String {
    match (a, family) {
        (Some(a), _) => a.to_string(),
        (None, 10) => Ipv6Addr::UNSPECIFIED.to_string(),
        (None, 2) => Ipv4Addr::UNSPECIFIED.to_string(),
        (None, _) => "???".into(),
    }
}

/// `xfrm_selector_print`, `prefix` before it.
fn selector_text(out: &mut String, s: &Selector, family: u16, prefix: &str, stats: u32) {
    let f = if s.family == 0 { family } else { s.family };
    let (src, slen) = s.src.map_or((None, 0), |(a, l)| (Some(a), l));
    let (dst, dlen) = s.dst.map_or((None, 0), |(a, l)| (Some(a), l));
    let _ = write!(
        out,
        "{prefix}src {}/{slen} dst {}/{dlen} ",
        addr_text(src, f),
        addr_text(dst, f)
    );
    if s.proto != 0 {
        let _ = match crate::names::ip_proto_name(s.proto) {
            Some(n) => write!(out, "proto {n} "),
            None => write!(out, "proto {} ", s.proto),
        };
    }
    match s.proto {
        1 | 58 => {
            if s.sport.1 != 0 {
                let _ = write!(out, "type {} ", s.sport.0);
            }
            if s.dport.1 != 0 {
                let _ = write!(out, "code {} ", s.dport.0);
            }
        }
        47 => {
            if s.sport.1 != 0 || s.dport.1 != 0 {
                let key = (u32::from(s.sport.0) << 16) + u32::from(s.dport.0);
                let _ = write!(out, "key {key} ");
            }
        }
        _ => {
            if s.sport.1 != 0 {
                let _ = write!(out, "sport {} ", s.sport.0);
            }
            if s.dport.1 != 0 {
                let _ = write!(out, "dport {} ", s.dport.0);
            }
        }
    }
    if stats > 0 {
        let _ = write!(out, "uid {}", s.user);
    }
    out.push('\n');
}

fn limit(v: u64) -> String {
    if v == XFRM_INF {
        "(INF)".into()
    } else {
        v.to_string()
    }
}

fn time_text(t: u64) -> String {
    if t == 0 {
        "-".into()
    } else {
        crate::monitor::date_time(t)
    }
}

/// `xfrm_lifetime_print`.
fn lifetime_text(out: &mut String, cfg: &XfrmLifetimeCfg, cur: &XfrmLifetimeCur, p: &str) {
    let _ = writeln!(out, "{p}lifetime config:");
    let _ = writeln!(
        out,
        "{p}  limit: soft {}(bytes), hard {}(bytes)",
        limit(cfg.soft_byte_limit.get()),
        limit(cfg.hard_byte_limit.get())
    );
    let _ = writeln!(
        out,
        "{p}  limit: soft {}(packets), hard {}(packets)",
        limit(cfg.soft_packet_limit.get()),
        limit(cfg.hard_packet_limit.get())
    );
    let _ = writeln!(
        out,
        "{p}  expire add: soft {}(sec), hard {}(sec)",
        cfg.soft_add_expires_seconds.get(),
        cfg.hard_add_expires_seconds.get()
    );
    let _ = writeln!(
        out,
        "{p}  expire use: soft {}(sec), hard {}(sec)",
        cfg.soft_use_expires_seconds.get(),
        cfg.hard_use_expires_seconds.get()
    );
    let _ = writeln!(out, "{p}lifetime current:");
    let _ = writeln!(
        out,
        "{p}  {}(bytes), {}(packets)",
        cur.bytes.get(),
        cur.packets.get()
    );
    let _ = writeln!(
        out,
        "{p}  add {} use {}",
        time_text(cur.add_time.get()),
        time_text(cur.use_time.get())
    );
}

/// The binary digits of a flag byte (`strxf_mask8`).
fn mask8(v: u8) -> String {
    format!("{v:08b}")
}

/// `flag NAME NAME...` as `XFRM_FLAG_PRINT` writes it: names separated by spaces, the
/// unknown rest in hex.
fn flag_list<'n>(out: &mut String, bits: u8, names: impl Iterator<Item = (u8, &'n str)>) {
    out.push_str("flag ");
    let mut rest = bits;
    for (bit, name) in names {
        if rest & bit != 0 {
            rest &= !bit;
            out.push_str(name);
            if rest != 0 {
                out.push(' ');
            }
        }
    }
    if rest != 0 {
        let _ = write!(out, "{rest:x}");
    }
}

/// `xfrm_id_info_print`: the `title` line of addresses, then protocol, SPI, reqid and mode.
fn id_text(out: &mut String, title: &str, id: (&Template, bool), prefix: &str, stats: u32) {
    let (t, force_spi) = id;
    let _ = writeln!(
        out,
        "{title}src {} dst {}",
        addr_text(t.src, t.family),
        addr_text(t.dst, t.family)
    );
    let _ = write!(out, "{prefix}\tproto {} ", proto_name(t.proto));
    if stats > 0 || force_spi || t.spi != 0 {
        let _ = write!(out, "spi 0x{:08x}", t.spi);
        if stats > 0 {
            let _ = write!(out, "({})", t.spi);
        }
        out.push(' ');
    }
    let _ = write!(out, "reqid {}", t.reqid);
    if stats > 0 {
        let _ = write!(out, "(0x{:08x})", t.reqid);
    }
    let mode = match t.mode.short_name() {
        Some(m) => m.to_owned(),
        None => t.mode.0.to_string(),
    };
    let _ = writeln!(out, " mode {mode}");
}

fn share_name(s: XfrmShare) -> String {
    s.short_name()
        .map_or_else(|| s.0.to_string(), str::to_owned)
}

/// `xfrm_tmpl_print`.
fn tmpl_text(out: &mut String, t: &Template, prefix: &str, stats: u32) {
    out.push_str(prefix);
    id_text(out, "tmpl ", (t, false), prefix, stats);
    if stats > 0 || t.optional {
        let _ = write!(out, "{prefix}\t");
        if t.optional {
            out.push_str("level use ");
        } else if stats > 0 {
            out.push_str("level required ");
        }
        if stats > 0 {
            let _ = write!(out, "share {} ", share_name(t.share));
        }
        out.push('\n');
    }
    if stats > 0 {
        let _ = writeln!(
            out,
            "{prefix}\tenc-mask {:08x} auth-mask {:08x} comp-mask {:08x}",
            t.ealgos, t.aalgos, t.calgos
        );
    }
}

/// `printf`'s `%#x`: `0x` before the digits, except for 0.
fn hex_alt(v: u32) -> String {
    if v == 0 {
        "0".into()
    } else {
        format!("{v:#x}")
    }
}

/// `xfrm_policy_print` (without its `Deleted`/`Updated` prefix).
fn policy_text(out: &mut String, p: &XfrmPolicy, stats: u32) {
    selector_text(out, &p.selector, 0, "", stats);
    out.push_str("\tdir ");
    let _ = match p.dir.short_name() {
        Some(d) => write!(out, "{d} "),
        None => write!(out, "{} ", p.dir.0),
    };
    match p.action {
        PolicyAction::ALLOW => {
            if stats > 0 {
                out.push_str("action allow ");
            }
        }
        PolicyAction::BLOCK => out.push_str("action block "),
        other => {
            let _ = write!(out, "action {} ", other.0);
        }
    }
    if stats > 0 {
        let _ = write!(out, "index {} ", p.index);
    }
    let _ = write!(out, "priority {} ", p.priority);
    if let Some(t) = p.ptype {
        let _ = write!(out, "ptype {} ", ptype_name(t));
    }
    if stats > 0 {
        let _ = write!(out, "share {} ", share_name(p.share));
    }
    if stats > 0 || !p.flags.is_empty() {
        flag_list(out, p.flags.0, [(1, "localok"), (2, "icmp")].into_iter());
    }
    if stats > 0 {
        let _ = write!(out, " (0x{})", mask8(p.flags.0));
    }
    out.push('\n');
    if stats > 0 {
        lifetime_text(out, &p.lifetime, &p.current, "\t");
    }
    if let Some((v, m)) = p.mark {
        // `%d`: the value prints signed.
        let _ = writeln!(out, "\tmark {}/{} ", hex_alt(v), hex_alt(m));
    }
    for t in &p.templates {
        tmpl_text(out, t, "\t", stats);
    }
}

/// How `xfrm_xfrma_print` names an algorithm attribute.
fn algo_name(k: AlgoKind) -> &'static str {
    match k {
        AlgoKind::Enc => "enc",
        AlgoKind::Auth => "auth",
        AlgoKind::AuthTrunc(_) => "auth-trunc",
        AlgoKind::Aead(_) => "aead",
        _ => "comp",
    }
}

/// `xfrm_state_print` (without its `Deleted` prefix).
fn state_text(out: &mut String, sa: &XfrmState, stats: u32) {
    let mut id = Template::new(sa.proto, sa.mode, sa.src, sa.dst);
    id.family = sa.family;
    id.spi = sa.spi;
    id.reqid = sa.reqid;
    let ipsec = matches!(sa.proto, XfrmProto::ESP | XfrmProto::AH | XfrmProto::COMP);
    id_text(out, "", (&id, ipsec), "", stats);
    let _ = write!(out, "\treplay-window {} ", sa.replay_window);
    if stats > 0 {
        let _ = write!(out, "seq 0x{:08} ", sa.seq);
    }
    if stats > 0 || !sa.flags.is_empty() {
        flag_list(
            out,
            sa.flags.0,
            [
                (1, "noecn"),
                (2, "decap-dscp"),
                (4, "nopmtudisc"),
                (8, "wildrecv"),
                (16, "icmp"),
                (32, "af-unspec"),
                (64, "align4"),
                (128, "esn"),
            ]
            .into_iter(),
        );
    }
    if stats > 0 {
        let _ = write!(out, " (0x{})", mask8(sa.flags.0));
    }
    out.push('\n');
    if let Some((v, m)) = sa.mark {
        let _ = writeln!(out, "\tmark {}/{} ", hex_alt(v), hex_alt(m));
    }
    for a in &sa.algorithms {
        let _ = write!(out, "\t{} {} 0x", algo_name(a.kind), a.name);
        for b in &a.key {
            let _ = write!(out, "{b:02x}");
        }
        if stats > 0 {
            let _ = write!(out, " ({} bits)", a.key_bits());
        }
        match a.kind {
            AlgoKind::AuthTrunc(n) | AlgoKind::Aead(n) => {
                let _ = write!(out, " {n}");
            }
            _ => {}
        }
        out.push('\n');
    }
    if let Some((seq, oseq, bitmap)) = sa.replay {
        let _ = writeln!(
            out,
            "\tanti-replay context: seq 0x{seq:x}, oseq 0x{oseq:x}, bitmap 0x{bitmap:08x}"
        );
    }
    if let Some(sel) = &sa.selector {
        selector_text(out, sel, sa.family, "\tsel ", stats);
    }
    if stats > 0 {
        lifetime_text(out, &sa.lifetime, &sa.current, "\t");
        let _ = writeln!(out, "\tstats:");
        let _ = writeln!(
            out,
            "\t  replay-window {} replay {} failed {}",
            sa.stats.replay_window.get(),
            sa.stats.replay.get(),
            sa.stats.integrity_failed.get()
        );
    }
}
