//! `nlctl mptcp`: the MPTCP path manager in the words of `ip mptcp` (iproute2 6.1):
//! `endpoint add|delete|change|show|flush`, `limits set|show` and `monitor`, printed as `ip`
//! prints them in text and with `-json`.
//!
//! Where `ip` 6.1 differs from itself, `nlctl` does not copy it: `ip -j mptcp limits` prints
//! text, `nlctl` a JSON object; `ip mptcp endpoint flush x` ignores `x`, `nlctl` names it.

use std::io::{self, Write};
use std::net::IpAddr;
use std::time::SystemTime;

use netlink::Connection;
use netlink::genl::GenlConnection;
use netlink::genl::mptcp::{MptcpEndpoint, MptcpEventData, MptcpLimits};
use netlink::netlink_wire::genl::GenlMsg;
use netlink::netlink_wire::genl::mptcp::{self as wire, EndpointFlags, MptcpPmA, MptcpPmCmd};

use crate::cli::{Opts, Row, resolve, rows};
use crate::error::{CliError, Result};
use crate::honours::Honours;
use crate::ip_errors::incomplete;
use crate::names::LinkNames;
use crate::out::Out;
use crate::sink::{Fields, Lit, Sink, Txt};

/// `nlctl mptcp help`: `ip mptcp help`'s usage.
pub(crate) const USAGE: &str = "\
Usage: nlctl mptcp endpoint add ADDRESS [ dev NAME ] [ id ID ]
                               [ port NR ] [ FLAG-LIST ]
       nlctl mptcp endpoint delete id ID [ ADDRESS ]
       nlctl mptcp endpoint change [ id ID ] [ ADDRESS ] [ port NR ] CHANGE-OPT
       nlctl mptcp endpoint show [ id ID ]
       nlctl mptcp endpoint flush
       nlctl mptcp limits set [ subflows NR ] [ add_addr_accepted NR ]
       nlctl mptcp limits show
       nlctl mptcp monitor
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ signal | subflow | backup | fullmesh ]
CHANGE-OPT := [ backup | nobackup | fullmesh | nofullmesh ]";

/// What an endpoint command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndpointVerb {
    /// `add`: `MPTCP_PM_CMD_ADD_ADDR`.
    Add,
    /// `change`: `MPTCP_PM_CMD_SET_FLAGS`.
    Change,
    /// `delete`: `MPTCP_PM_CMD_DEL_ADDR`.
    Delete,
    /// `show`: a dump, or `MPTCP_PM_CMD_GET_ADDR` with an id or address.
    Show,
    /// `flush`: `MPTCP_PM_CMD_FLUSH_ADDRS`.
    Flush,
}

/// A parsed `nlctl mptcp` command.
#[derive(Debug)]
pub(crate) enum Mptcp {
    /// `endpoint VERB ...`: the endpoint the words gave (its id 0 unless `id` was given).
    Endpoint(EndpointVerb, Option<Endpoint>),
    /// `limits show`.
    LimitsShow,
    /// `limits set ...`.
    LimitsSet(MptcpLimits),
    /// `monitor`.
    Monitor,
}

/// What `ip mptcp endpoint` reads from its words.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The request's address nest.
    ep: MptcpEndpoint,
    /// Whether an address was given (an endpoint always has one).
    has_addr: bool,
    /// Whether `id` was given.
    has_id: bool,
    /// The device named by `dev`, looked up when the command runs.
    dev: Option<String>,
}

impl Mptcp {
    /// The global options the command honours.
    pub(crate) fn honours(&self) -> Honours {
        let show = matches!(
            self,
            Mptcp::Endpoint(EndpointVerb::Show, _) | Mptcp::LimitsShow
        );
        Honours {
            json: show,
            family: false,
            stats: false,
            timestamp: matches!(self, Mptcp::Monitor),
        }
    }
}

/// `ip mptcp`'s first words, in the order it tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Help,
    Endpoint,
    Limits,
    Monitor,
}

const WORDS: &[Row<Word>] = rows![
    Prefix "help" => Word::Help,
    Prefix "endpoint" => Word::Endpoint,
    Prefix "limits" => Word::Limits,
    Prefix "monitor" => Word::Monitor,
];

const ENDPOINT_VERBS: &[Row<EndpointVerb>] = rows![
    Prefix "add" => EndpointVerb::Add,
    Prefix "change" => EndpointVerb::Change,
    Prefix "delete" => EndpointVerb::Delete,
    Prefix "show" => EndpointVerb::Show,
    Prefix "flush" => EndpointVerb::Flush,
];

/// `limits`' verbs: `true` for `set`.
const LIMITS_VERBS: &[Row<bool>] = rows![
    Prefix "set" => true,
    Prefix "show" => false,
];

/// The flags `ip` 6.1 reads and prints, in its order; `nobackup` and `nofullmesh` set none.
const FLAG_WORDS: [(&str, EndpointFlags); 6] = [
    ("signal", EndpointFlags::SIGNAL),
    ("subflow", EndpointFlags::SUBFLOW),
    ("backup", EndpointFlags::BACKUP),
    ("fullmesh", EndpointFlags::FULLMESH),
    ("nobackup", EndpointFlags::EMPTY),
    ("nofullmesh", EndpointFlags::EMPTY),
];

/// The words of an endpoint after its flags, in `ip`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Id,
    Dev,
    Port,
}

const KEYS: &[Row<Key>] = rows![
    Prefix "id" => Key::Id,
    Prefix "dev" => Key::Dev,
    Prefix "port" => Key::Port,
];

fn unknown(word: &str) -> CliError {
    CliError::usage(format!(
        "Command \"{word}\" is unknown, try \"nlctl mptcp help\"."
    ))
}

/// `ip`'s `invarg`: argument `arg` is wrong, exit 255.
fn invarg(ctx: &str, what: &str, arg: &str) -> CliError {
    CliError::usage(format!("{ctx}: argument \"{arg}\" is wrong: {what}"))
}

/// Reads the words after `mptcp`.
///
/// # Errors
/// `ip mptcp`'s usage errors (255), an address it cannot read (1), `help`.
pub(crate) fn parse(words: &[String]) -> Result<(Mptcp, String)> {
    let Some((first, rest)) = words.split_first() else {
        return Err(CliError::Help(USAGE.to_owned()));
    };
    match resolve(WORDS, first).ok_or_else(|| unknown(first))? {
        Word::Help => Err(CliError::Help(USAGE.to_owned())),
        Word::Monitor => match rest.first() {
            None => Ok((Mptcp::Monitor, "mptcp monitor".into())),
            Some(w) => Err(unknown(w)),
        },
        Word::Limits => {
            let (set, rest) = match rest.split_first() {
                None => (false, rest),
                Some((v, r)) => (resolve(LIMITS_VERBS, v).ok_or_else(|| unknown(v))?, r),
            };
            let ctx = if set {
                "mptcp limits set"
            } else {
                "mptcp limits show"
            };
            if !set {
                if let Some(w) = rest.first() {
                    return Err(invarg(ctx, "unknown limit", w));
                }
                return Ok((Mptcp::LimitsShow, ctx.into()));
            }
            Ok((Mptcp::LimitsSet(parse_limits(ctx, rest)?), ctx.into()))
        }
        Word::Endpoint => {
            let Some((v, rest)) = rest.split_first() else {
                return Ok((
                    Mptcp::Endpoint(EndpointVerb::Show, None),
                    "mptcp endpoint show".into(),
                ));
            };
            let verb = resolve(ENDPOINT_VERBS, v).ok_or_else(|| unknown(v))?;
            let name = match verb {
                EndpointVerb::Add => "add",
                EndpointVerb::Change => "change",
                EndpointVerb::Delete => "delete",
                EndpointVerb::Show => "show",
                EndpointVerb::Flush => "flush",
            };
            let ctx = format!("mptcp endpoint {name}");
            let ep = match verb {
                EndpointVerb::Flush => {
                    if let Some(w) = rest.first() {
                        return Err(CliError::usage(format!("{ctx}: unknown word {w:?}")));
                    }
                    None
                }
                EndpointVerb::Show if rest.is_empty() => None,
                _ => Some(parse_endpoint(&ctx, verb, rest)?),
            };
            Ok((Mptcp::Endpoint(verb, ep), ctx))
        }
    }
}

fn parse_limits(ctx: &str, rest: &[String]) -> Result<MptcpLimits> {
    let mut limits = MptcpLimits::default();
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        let subflows = crate::cli::abbreviates(w, "subflows");
        let accepted = !subflows && crate::cli::abbreviates(w, "add_addr_accepted");
        if !subflows && !accepted {
            return Err(invarg(ctx, "unknown limit", w));
        }
        let v = it.next().ok_or_else(incomplete)?;
        let what = if subflows {
            "invalid subflows"
        } else {
            "invalid add_addr_accepted"
        };
        let n = crate::cli::c_unsigned(v).ok_or_else(|| invarg(ctx, what, v))?;
        if subflows {
            limits.subflows = Some(n);
        } else {
            limits.add_addr_accepted = Some(n);
        }
    }
    Ok(limits)
}

fn parse_endpoint(ctx: &str, verb: EndpointVerb, rest: &[String]) -> Result<Endpoint> {
    let mut flags = EndpointFlags::EMPTY;
    let mut id = None;
    let mut port = 0u16;
    let mut dev = None;
    let mut addr = None;
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        if let Some((_, f)) = FLAG_WORDS.iter().find(|(n, _)| n == w) {
            flags = EndpointFlags(flags.bits() | f.bits());
            if verb == EndpointVerb::Add
                && flags.contains(EndpointFlags::SIGNAL)
                && flags.contains(EndpointFlags::FULLMESH)
            {
                return Err(invarg(
                    ctx,
                    "flags mustn't have both signal and fullmesh",
                    w,
                ));
            }
            let changeable = EndpointFlags::BACKUP | EndpointFlags::FULLMESH;
            if verb == EndpointVerb::Change && flags.bits() & !changeable.bits() != 0 {
                return Err(invarg(ctx, "invalid flags, backup and fullmesh only", w));
            }
            continue;
        }
        match resolve(KEYS, w) {
            Some(Key::Id) => {
                let v = it.next().ok_or_else(incomplete)?;
                let n = crate::cli::c_unsigned(v)
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(|| invarg(ctx, "invalid ID", v))?;
                id = Some(n);
            }
            Some(Key::Dev) => dev = Some(it.next().ok_or_else(incomplete)?.clone()),
            Some(Key::Port) => {
                let v = it.next().ok_or_else(incomplete)?;
                port = crate::cli::c_unsigned(v)
                    .and_then(|n| u16::try_from(n).ok())
                    .ok_or_else(|| invarg(ctx, "expected port", v))?;
            }
            None => {
                let a: IpAddr = w.parse().map_err(|_| {
                    CliError::failed(format!(
                        "{ctx}: any valid address is expected rather than \"{w}\""
                    ))
                })?;
                addr = Some(a);
            }
        }
    }
    let missing = |what: &str| CliError::usage(format!("{ctx}: argument \"{what}\" is required"));
    if addr.is_none() && verb == EndpointVerb::Add {
        return Err(missing("ADDRESS"));
    }
    match (verb, id) {
        (EndpointVerb::Delete, None) => return Err(missing("ID")),
        (EndpointVerb::Delete, Some(n)) if n != 0 && addr.is_some() => {
            return Err(invarg(ctx, "invalid for non-zero id address", "ADDRESS"));
        }
        (EndpointVerb::Delete, Some(0)) if addr.is_none() => {
            return Err(invarg(
                ctx,
                "address is needed for deleting id 0 address",
                "ID",
            ));
        }
        (EndpointVerb::Delete, _) => {}
        (_, Some(0)) if verb != EndpointVerb::Add => {
            return Err(invarg(ctx, "cannot be 0", "ID"));
        }
        _ => {}
    }
    if verb == EndpointVerb::Add && port != 0 && !flags.contains(EndpointFlags::SIGNAL) {
        return Err(invarg(
            ctx,
            "flags must have signal when using port",
            "port",
        ));
    }
    if verb == EndpointVerb::Change && id.is_some() && port != 0 {
        return Err(invarg(ctx, "port can't be used with id", "port"));
    }
    // Without an address the nest has none (`has_addr`); the placeholder is never sent.
    let mut ep = MptcpEndpoint::new(addr.unwrap_or(IpAddr::from([0u8; 4])))
        .id(id.unwrap_or(0))
        .flags(flags);
    if port != 0 {
        ep = ep.port(port);
    }
    Ok(Endpoint {
        ep,
        has_addr: addr.is_some(),
        has_id: id.is_some(),
        dev,
    })
}

/// Writes the request's `MPTCP_PM_ATTR_ADDR` as `ip` does: only what the words gave, an
/// explicit `id 0` included (the library's own writer leaves an id of 0 out).
fn endpoint_attrs(e: &Endpoint) -> Result<Vec<u8>> {
    use netlink::netlink_wire::AttrWrite;
    use netlink::netlink_wire::attr::NLA_F_NESTED;
    use netlink::netlink_wire::genl::mptcp::MptcpPmAddrA;
    /// `AF_INET` and `AF_INET6` as `MPTCP_PM_ADDR_ATTR_FAMILY` carries them.
    const AF_INET: u16 = 2;
    const AF_INET6: u16 = 10;
    Ok(netlink::genl::attrs(|w| {
        let mut n = w.nest(MptcpPmA::ADDR.0 | NLA_F_NESTED);
        if e.has_id {
            n.put_u8(MptcpPmAddrA::ID, e.ep.id);
        }
        if !e.ep.flags.is_empty() {
            n.put_u32(MptcpPmAddrA::FLAGS, e.ep.flags.bits());
        }
        if let Some(i) = e.ep.ifindex {
            n.put_i32(MptcpPmAddrA::IF_IDX, i32::try_from(i).unwrap_or(0));
        }
        if let Some(p) = e.ep.port {
            n.put_u16(MptcpPmAddrA::PORT, p);
        }
        if e.has_addr {
            match e.ep.addr {
                IpAddr::V4(a) => {
                    n.put_u16(MptcpPmAddrA::FAMILY, AF_INET);
                    n.put_ipv4(MptcpPmAddrA::ADDR4, a);
                }
                IpAddr::V6(a) => {
                    n.put_u16(MptcpPmAddrA::FAMILY, AF_INET6);
                    n.put_ipv6(MptcpPmAddrA::ADDR6, a);
                }
            }
        }
    })?)
}

/// An endpoint as `ip mptcp endpoint show` prints it.
struct EndpointFields<'a> {
    ep: &'a MptcpEndpoint,
    names: &'a LinkNames,
}

impl Fields for EndpointFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let ep = self.ep;
        s.string("address", Some(Txt("", " ")), ep.addr)?;
        if let Some(p) = ep.port.filter(|p| *p != 0) {
            s.number("port", Some(Txt("port ", " ")), p)?;
        }
        s.number("id", Some(Txt("id ", " ")), ep.id)?;
        let mut rest = ep.flags.bits();
        for (name, f) in FLAG_WORDS.iter().take(4) {
            if ep.flags.contains(*f) {
                s.literal(name, Lit::True, "")?;
                s.text(format_args!("{name} "))?;
            }
            rest &= !f.bits();
        }
        if rest != 0 {
            s.string(
                "rawflags",
                Some(Txt("rawflags ", " ")),
                format_args!("{rest:02x}"),
            )?;
        }
        if let Some(i) = ep.ifindex.filter(|i| *i != 0) {
            s.string("dev", Some(Txt("dev ", " ")), self.names.name(i))?;
        }
        Ok(())
    }
}

/// The limits as `ip mptcp limits` prints them.
struct LimitsFields<'a>(&'a MptcpLimits);

impl Fields for LimitsFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        if let Some(a) = self.0.add_addr_accepted {
            s.number("add_addr_accepted", Some(Txt("add_addr_accepted ", " ")), a)?;
        }
        if let Some(n) = self.0.subflows {
            s.number("subflows", Some(Txt("subflows ", " ")), n)?;
        }
        Ok(())
    }
}

/// The name of an event `ip` 6.1 knows, which it prints `[%14s]`; others print as
/// `[UNKNOWN N]` there (it names none past `SF_PRIO`).
fn known_event(e: &MptcpEventData) -> bool {
    (1..=13).contains(&e.kind.0) && e.kind.short_name().is_some()
}

/// Runs an `mptcp` command.
///
/// # Errors
/// The kernel's refusals (exit 2), a device that does not exist (255, as `ip`'s).
pub(crate) fn run(m: &Mptcp, opts: &Opts, genl: &GenlConnection, rt: &Connection) -> Result<()> {
    match m {
        Mptcp::Endpoint(verb, ep) => endpoint(*verb, ep.as_ref(), opts, genl, rt),
        Mptcp::LimitsShow => {
            let l = genl.mptcp_limits()?;
            let mut out = Out::open(false, opts.pretty, false)?;
            if opts.json {
                let mut w = io::stdout().lock();
                let st = crate::sink::JsonState::new(opts.pretty);
                crate::sink::json_object(&mut w, &LimitsFields(&l), st)?;
                w.write_all(b"\n")?;
                w.flush()?;
                return Ok(());
            }
            out.item(&LimitsFields(&l))?;
            out.finish()
        }
        Mptcp::LimitsSet(l) => {
            genl.set_mptcp_limits(l)?;
            Ok(())
        }
        Mptcp::Monitor => monitor(opts, genl),
    }
}

fn endpoint(
    verb: EndpointVerb,
    ep: Option<&Endpoint>,
    opts: &Opts,
    genl: &GenlConnection,
    rt: &Connection,
) -> Result<()> {
    let names = LinkNames::load(rt)?;
    let cmd = match verb {
        EndpointVerb::Flush => return Ok(genl.flush_mptcp_endpoints()?),
        EndpointVerb::Show if ep.is_none() => {
            let mut out = Out::open(opts.json, opts.pretty, opts.oneline)?;
            genl.for_each_object::<MptcpEndpoint>(&[], |m| {
                let ep = <MptcpEndpoint as netlink::genl::GenlObject>::from_genl(&m)?;
                out.item(&EndpointFields {
                    ep: &ep,
                    names: &names,
                })
                .map_err(|e| netlink::Error::InvalidArgument(e.to_string()))
            })?;
            return out.finish();
        }
        EndpointVerb::Show => MptcpPmCmd::GET_ADDR,
        EndpointVerb::Add => MptcpPmCmd::ADD_ADDR,
        EndpointVerb::Change => MptcpPmCmd::SET_FLAGS,
        EndpointVerb::Delete => MptcpPmCmd::DEL_ADDR,
    };
    let Some(ep) = ep else {
        return Ok(());
    };
    let mut ep = ep.clone();
    if let Some(d) = &ep.dev {
        let i = names.index(d).ok_or_else(|| {
            CliError::usage(format!("argument \"{d}\" is wrong: device does not exist"))
        })?;
        ep.ep = ep.ep.ifindex(i);
    }
    let body = endpoint_attrs(&ep)?;
    let replies = genl.execute(&wire::FAMILY, cmd.0, &body)?;
    if verb == EndpointVerb::Show {
        let mut out = Out::open(opts.json, opts.pretty, opts.oneline)?;
        for r in &replies {
            let g = GenlMsg::parse(r.as_msg()).map_err(netlink::Error::from)?;
            let ep = <MptcpEndpoint as netlink::genl::GenlObject>::from_genl(&g)?;
            out.item(&EndpointFields {
                ep: &ep,
                names: &names,
            })?;
        }
        out.finish()?;
    }
    Ok(())
}

fn monitor(opts: &Opts, genl: &GenlConnection) -> Result<()> {
    genl.subscribe("mptcp_pm", "mptcp_pm_events")?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<netlink::netlink_wire::Message>(1024);
    genl.handle(move |m| {
        let _ = tx.send(m.clone());
    });
    let family = genl.family("mptcp_pm")?;
    let mut out = io::stdout().lock();
    for msg in rx {
        if msg.is_overrun() {
            crate::say!("nlctl: mptcp monitor: the kernel dropped events (ENOBUFS)");
            continue;
        }
        if msg.message_type().0 != family.id {
            continue;
        }
        let g = GenlMsg::parse(msg.as_msg()).map_err(netlink::Error::from)?;
        let e = MptcpEventData::from_genl(&g)?;
        let mut line = Vec::new();
        if opts.timestamp {
            let now = SystemTime::now();
            line.extend_from_slice(
                if opts.tshort {
                    crate::monitor::stamp_short(now)
                } else {
                    crate::monitor::stamp_long(now)
                }
                .as_bytes(),
            );
        }
        if known_event(&e) {
            write!(line, "{e}")?;
        } else {
            write!(line, "[UNKNOWN {}]", e.kind.0)?;
        }
        crate::out::line(&mut out, &line)?;
    }
    Ok(())
}
