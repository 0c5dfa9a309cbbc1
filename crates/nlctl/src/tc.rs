//! `tc` 6.1's objects: `qdisc`, `class`, `filter`, `chain` (and `action` and `exec`, refused by
//! name), their verbs and the words after them, read as `tc` reads them, each table in `tc`'s
//! own order. `tc` compares most words whole (`strcmp`) and some as prefixes (`matches`); each
//! row says which, as measured with `tc` itself (`tests/tc_words.rs` runs it as the oracle).
//!
//! Every word is read, and every device, handle, number and unit checked, before anything is
//! sent. A kind or word `tc` knows that `nlctl` does not implement yet is refused by name.
//!
//! This file reads the verbs and the changes and runs the commands; the words every command
//! shares are in `tc_args.rs`, `show`'s words and output in `tc_show.rs`, each kind's words in
//! `tc_kinds.rs` and the units in `tc_units.rs`.

use netlink::netlink_wire::rtnl::tc::TcHandle;
use netlink::ops::tc::{
    Attach, Chain, ChainKey, ChainRequest, ClassRequest, Filter, FilterKey, FilterRequest,
    QdiscRequest, SizeTable, TcVerb,
};
use netlink::{Lookup, Message};

use crate::Ctx;
use crate::cli::{Object, Opts, Row, Verb, resolve, rows};
use crate::error::{CliError, Result};
use crate::tc_args;
use crate::tc_args::{
    Hook, classid, device_index, duparg, invarg, parse_estimator, parse_hook_words, qdisc_handle,
    set_once, usage,
};
use crate::tc_kinds;
use crate::tc_show::{
    self, ClassShow, HookShow, QdiscShow, parse_class_show, parse_hook_show, parse_qdisc_show,
};
use crate::tc_units;
use crate::words::Words;

/// `tc qdisc`'s verbs: `l` is `link`.
const QDISC_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "link" => Verb::Link,
    Prefix "delete" => Verb::Delete,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "help" => Verb::Help,
];

/// `tc class`'s verbs.
const CLASS_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "help" => Verb::Help,
];

/// `tc filter`'s verbs.
const FILTER_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "get" => Verb::Get,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "help" => Verb::Help,
];

/// `tc chain`'s verbs.
const CHAIN_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "delete" => Verb::Delete,
    Prefix "get" => Verb::Get,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "help" => Verb::Help,
];

/// `tc actions`'s verbs.
const ACTION_VERBS: &[Row<Verb>] = rows![
    Prefix "add" => Verb::Add,
    Prefix "change" => Verb::Change,
    Prefix "replace" => Verb::Replace,
    Prefix "delete" => Verb::Delete,
    Prefix "get" => Verb::Get,
    Prefix "list" => Verb::Show,
    Prefix "show" => Verb::Show,
    Prefix "lst" => Verb::Show,
    Prefix "flush" => Verb::Flush,
    Prefix "help" => Verb::Help,
];

/// A parsed `tc` command.
#[derive(Debug)]
pub(crate) enum Command {
    /// `qdisc show`.
    QdiscShow(QdiscShow),
    /// `class show`.
    ClassShow(ClassShow),
    /// `filter show`.
    FilterShow(HookShow),
    /// `chain show`.
    ChainShow(HookShow),
    /// A change of a qdisc.
    Qdisc(TcVerb, Target, Box<QdiscRequest>),
    /// A change of a class.
    Class(TcVerb, Target, ClassRequest),
    /// A change of a filter, and its kind as read (devices in actions resolved when it runs).
    Filter(
        TcVerb,
        Hook,
        FilterRequest,
        Option<Box<crate::tc_filters::FilterWords>>,
    ),
    /// A change of a chain, and its template's kind as read (resolved when it runs).
    Chain(
        TcVerb,
        Hook,
        ChainRequest,
        Option<Box<crate::tc_filters::FilterWords>>,
    ),
    /// `filter get`: the hook, and the filter's key (its hook set when it runs).
    FilterGet(Hook, FilterKey),
    /// `chain get`: the hook and the chain's index, if named.
    ChainGet(Hook, Option<u32>),
    /// `actions ls action KIND`.
    ActionShow(String),
    /// `actions add|del`.
    Action(crate::tc_actions::ActionCommand),
    /// `help`: the usage, on standard error, and success (as `tc`).
    Help(&'static str),
}

/// The device a change names, resolved when the command runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    /// `dev`.
    pub(crate) dev: Option<String>,
}

/// Reads `OBJECT [VERB [WORDS]]` of a `tc` object; returns the command and its name for
/// messages (`"qdisc add"`).
pub(crate) fn parse(object: Object, w: &mut Words<'_>) -> Result<(Command, String)> {
    let verbs = match object {
        Object::Qdisc => QDISC_VERBS,
        Object::Class => CLASS_VERBS,
        Object::Filter => FILTER_VERBS,
        Object::Chain => CHAIN_VERBS,
        Object::Action => ACTION_VERBS,
        _ => {
            return Err(CliError::unsupported(format!(
                "object \"{}\"",
                object.name()
            )));
        }
    };
    let verb = match w.next() {
        None => Verb::Show,
        Some(v) => resolve(verbs, v).ok_or_else(|| {
            CliError::usage(format!(
                "Command \"{v}\" is unknown, try \"nlctl {} help\".",
                object.name()
            ))
        })?,
    };
    let context = format!("{} {}", object.name(), verb.name());
    w.set_context(context.clone());
    w.set_next_arg();
    let unsupported = || Err(CliError::unsupported(format!("\"{context}\"")));
    let cmd = match (object, verb) {
        (_, Verb::Help) => Command::Help(usage(object)),
        (Object::Action, v @ (Verb::Add | Verb::Replace | Verb::Change)) => Command::Action(
            crate::tc_actions::ActionCommand::Modify(v, crate::tc_actions::parse_action_list(w)?),
        ),
        (Object::Action, Verb::Delete | Verb::Get | Verb::Flush) => {
            Command::Action(crate::tc_actions::parse_existing(verb, w)?)
        }
        (Object::Action, Verb::Show) => Command::ActionShow(crate::tc_actions::parse_show(w)?),
        (Object::Action, _) => return unsupported(),
        (Object::Filter, Verb::Get) => {
            let (h, key) = parse_filter_get(w)?;
            Command::FilterGet(h, key)
        }
        (Object::Chain, Verb::Get) => {
            let (h, chain) = parse_chain_get(w)?;
            Command::ChainGet(h, chain)
        }
        (_, Verb::Get) => return unsupported(),
        (Object::Qdisc, Verb::Show) => Command::QdiscShow(parse_qdisc_show(w)?),
        (Object::Class, Verb::Show) => Command::ClassShow(parse_class_show(w)?),
        (Object::Filter, Verb::Show) => Command::FilterShow(parse_hook_show(w, object)?),
        (Object::Chain, Verb::Show) => Command::ChainShow(parse_hook_show(w, object)?),
        (Object::Qdisc, v) => {
            let (t, req) = parse_qdisc_change(w)?;
            Command::Qdisc(change_verb(v)?, t, Box::new(req))
        }
        (Object::Class, v) => {
            let (t, req) = parse_class_change(w)?;
            Command::Class(change_verb(v)?, t, req)
        }
        (Object::Filter, v) => {
            let verb = change_verb(v)?;
            let (h, req, spec) = parse_filter_change(w, verb)?;
            Command::Filter(verb, h, req, spec)
        }
        (Object::Chain, v) => {
            let (h, req, template) = parse_chain_change(w)?;
            Command::Chain(change_verb(v)?, h, req, template)
        }
        _ => return unsupported(),
    };
    Ok((cmd, context))
}

/// The library's verb of a change.
fn change_verb(v: Verb) -> Result<TcVerb> {
    Ok(match v {
        Verb::Add => TcVerb::Add,
        Verb::Change => TcVerb::Change,
        Verb::Replace => TcVerb::Replace,
        Verb::Link => TcVerb::Link,
        Verb::Delete => TcVerb::Delete,
        _ => return Err(CliError::unsupported(format!("\"{}\"", v.name()))),
    })
}

/// The words of a qdisc change before its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QdiscWord {
    Dev,
    Handle,
    Root,
    Clsact,
    Ingress,
    Parent,
    Estimator,
    Stab,
    IngressBlock,
    EgressBlock,
    Help,
}

const QDISC_WORDS: &[Row<QdiscWord>] = rows![
    Exact "dev" => QdiscWord::Dev,
    Exact "handle" => QdiscWord::Handle,
    Exact "root" => QdiscWord::Root,
    Exact "clsact" => QdiscWord::Clsact,
    Exact "ingress" => QdiscWord::Ingress,
    Exact "parent" => QdiscWord::Parent,
    Prefix "estimator" => QdiscWord::Estimator,
    Prefix "stab" => QdiscWord::Stab,
    Prefix "ingress_block" => QdiscWord::IngressBlock,
    Prefix "egress_block" => QdiscWord::EgressBlock,
    Exact "help" => QdiscWord::Help,
];

fn parse_qdisc_change(w: &mut Words<'_>) -> Result<(Target, QdiscRequest)> {
    let mut t = Target::default();
    let mut req = QdiscRequest::new(0, TcHandle::UNSPEC, None);
    let mut parent: Option<TcHandle> = None;
    let dup_parent = |p: TcHandle, name: &str, parent: &mut Option<TcHandle>| {
        if parent.is_some() {
            return Err(CliError::failed(format!(
                "Error: \"{name}\" is a duplicate parent ID"
            )));
        }
        *parent = Some(p);
        Ok(())
    };
    let mut kind_word = None;
    while let Some(word) = w.next() {
        let Some(what) = resolve(QDISC_WORDS, word) else {
            kind_word = Some(word);
            break;
        };
        match what {
            QdiscWord::Dev => set_once(&mut t.dev, w.value("dev")?.to_owned(), "dev", w)?,
            QdiscWord::Handle => {
                if req.handle != TcHandle::UNSPEC {
                    return Err(duparg("handle", w.peek().unwrap_or_default()));
                }
                let v = w.value("handle")?;
                req.handle = qdisc_handle(v)?;
            }
            QdiscWord::Root => dup_parent(TcHandle::ROOT, "root", &mut parent)?,
            QdiscWord::Clsact | QdiscWord::Ingress => {
                let (name, kind) = if what == QdiscWord::Clsact {
                    ("clsact", netlink::ops::tc::QdiscKind::Clsact)
                } else {
                    ("ingress", netlink::ops::tc::QdiscKind::Ingress)
                };
                dup_parent(TcHandle::INGRESS, name, &mut parent)?;
                req.handle = TcHandle::new(0xffff, 0);
                req.kind = Some(kind);
                // tc reads the words after it as the kind's, which take none.
                if let Some(extra) = w.next() {
                    return Err(CliError::failed(format!(
                        "qdisc '{name}' does not support option parsing: {extra:?}"
                    )));
                }
                break;
            }
            QdiscWord::Parent => {
                if parent.is_some() {
                    return Err(duparg("parent", w.peek().unwrap_or_default()));
                }
                let v = w.value("parent")?;
                parent = Some(classid(v, "invalid parent ID")?);
            }
            QdiscWord::Estimator => req.estimator = Some(parse_estimator(w)?),
            QdiscWord::Stab => req.stab = Some(parse_stab(w)?),
            QdiscWord::IngressBlock | QdiscWord::EgressBlock => {
                let v = w.value(word)?;
                let b = crate::cli::c_unsigned(v)
                    .filter(|b| *b != 0)
                    .ok_or_else(|| {
                        let hook = if what == QdiscWord::IngressBlock {
                            "ingress"
                        } else {
                            "egress"
                        };
                        invarg(v, &format!("invalid {hook} block index value"))
                    })?;
                if what == QdiscWord::IngressBlock {
                    req.ingress_block = Some(b);
                } else {
                    req.egress_block = Some(b);
                }
            }
            // tc prints the usage and reads on.
            QdiscWord::Help => crate::say!("{}", usage(Object::Qdisc)),
        }
    }
    req.parent = parent.unwrap_or(TcHandle::UNSPEC);
    if let Some(k) = kind_word {
        req.kind = Some(tc_kinds::qdisc(k, w)?);
    }
    Ok((t, req))
}

/// The words of a class change before its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassWord {
    Dev,
    Classid,
    Handle,
    Root,
    Parent,
    Estimator,
    Help,
}

const CLASS_WORDS: &[Row<ClassWord>] = rows![
    Exact "dev" => ClassWord::Dev,
    Exact "classid" => ClassWord::Classid,
    Exact "handle" => ClassWord::Handle,
    Exact "root" => ClassWord::Root,
    Exact "parent" => ClassWord::Parent,
    Prefix "estimator" => ClassWord::Estimator,
    Prefix "help" => ClassWord::Help,
];

fn parse_class_change(w: &mut Words<'_>) -> Result<(Target, ClassRequest)> {
    let mut t = Target::default();
    let mut req = ClassRequest::existing(0, TcHandle::UNSPEC);
    let mut parent = None;
    let mut kind_word = None;
    while let Some(word) = w.next() {
        let Some(what) = resolve(CLASS_WORDS, word) else {
            kind_word = Some(word);
            break;
        };
        match what {
            ClassWord::Dev => set_once(&mut t.dev, w.value("dev")?.to_owned(), "dev", w)?,
            ClassWord::Classid => {
                if req.handle != TcHandle::UNSPEC {
                    return Err(duparg("classid", w.peek().unwrap_or_default()));
                }
                let v = w.value("classid")?;
                req.handle = classid(v, "invalid class ID")?;
            }
            ClassWord::Handle => {
                return Err(CliError::failed(
                    "Error: try \"classid\" instead of \"handle\"",
                ));
            }
            ClassWord::Root => {
                if parent.is_some() {
                    return Err(CliError::failed("Error: \"root\" is a duplicate parent ID"));
                }
                parent = Some(TcHandle::ROOT);
            }
            ClassWord::Parent => {
                if parent.is_some() {
                    return Err(duparg("parent", w.peek().unwrap_or_default()));
                }
                let v = w.value("parent")?;
                parent = Some(classid(v, "invalid parent ID")?);
            }
            ClassWord::Estimator => req.estimator = Some(parse_estimator(w)?),
            ClassWord::Help => crate::say!("{}", usage(Object::Class)),
        }
    }
    req.parent = parent.unwrap_or(TcHandle::UNSPEC);
    if let Some(k) = kind_word {
        req.kind = Some(tc_kinds::class(k, w)?);
    }
    Ok((t, req))
}

type FilterChange = (
    Hook,
    FilterRequest,
    Option<Box<crate::tc_filters::FilterWords>>,
);

/// The words of a filter's kind `k` after the hook words `h`, as the kind's `parse_fopt`
/// reads them (a kind's words that do not parse make tc exit 1).
fn kind_words(
    k: &str,
    w: &mut Words<'_>,
    h: &tc_args::HookWords,
) -> Result<crate::tc_filters::FilterWords> {
    use crate::tc_filters::FilterWords;
    let typed = crate::tc_filters::parse(k, w, h.handle_word.as_deref(), h.protocol).map_err(
        |e| match e {
            CliError::Usage(m) => CliError::failed(m),
            e => e,
        },
    )?;
    Ok(match typed {
        Some(s) => FilterWords::Typed(s),
        None => FilterWords::Matchall(
            crate::tc_actions::parse_filter_kind(k, w)?
                .ok_or_else(|| tc_kinds::filter_kind_refused(k, w))?,
        ),
    })
}

/// `tc`'s refusal of a lookup that lacks a word: `Must specify WHAT`.
fn must(what: &str) -> CliError {
    CliError::usage(format!("Must specify {what}"))
}

/// The device or block a lookup needs, checked after its parent, as `tc` checks them.
fn hook_given(h: &Hook) -> Result<()> {
    if h.dev.is_none() && h.block.is_none() {
        return Err(must("netdevice \"dev\" or block index \"block\""));
    }
    Ok(())
}

/// `filter get dev DEV parent P protocol PROTO pref N handle H KIND`: the words checked in
/// `tc_filter_get`'s order, the handle read by the kind.
fn parse_filter_get(w: &mut Words<'_>) -> Result<(Hook, FilterKey)> {
    let (h, kind) = parse_hook_words(w, Object::Filter, false)?;
    let protocol = h.protocol.ok_or_else(|| must("filter protocol"))?;
    let pref = h
        .pref
        .filter(|p| *p != 0)
        .ok_or_else(|| must("filter priority"))?;
    if h.hook.parent.is_none() {
        return Err(must("filter parent"));
    }
    let kind = kind.ok_or_else(|| must("filter type"))?;
    hook_given(&h.hook)?;
    let spec = kind_words(kind, w, &h)?;
    let handle = spec
        .handle()
        .or(h.handle)
        .ok_or_else(|| must("filter \"handle\""))?;
    let mut key = FilterKey::new(Attach::Block(0), pref, protocol, handle, kind);
    key.chain = h.chain;
    Ok((h.hook, key))
}

/// `chain get dev DEV parent P [chain N]` (the kernel's chain 0 when not named); a word after them is read
/// as a kind, which `tc` sends nothing for, and what follows it is refused as `tc` refuses it.
fn parse_chain_get(w: &mut Words<'_>) -> Result<(Hook, Option<u32>)> {
    let (h, kind) = parse_hook_words(w, Object::Chain, false)?;
    if kind.is_some()
        && let Some(next) = w.next()
    {
        return Err(CliError::usage(format!(
            "Garbage instead of arguments \"{next} ...\". Try \"tc filter help\"."
        )));
    }
    if h.hook.parent.is_none() {
        return Err(must("filter parent"));
    }
    hook_given(&h.hook)?;
    Ok((h.hook, h.chain))
}

fn parse_filter_change(w: &mut Words<'_>, verb: TcVerb) -> Result<FilterChange> {
    let (mut h, kind) = parse_hook_words(w, Object::Filter, false)?;
    let spec = match kind {
        Some(k) => Some(Box::new(kind_words(k, w, &h)?)),
        None => None,
    };
    // A handle only the kind's notation reads.
    if let (Some(v), None) = (&h.handle_word, h.handle)
        && spec.as_ref().and_then(|s| s.handle()).is_none()
    {
        return Err(tc_args::invarg(v, "invalid handle"));
    }
    // A filter's handle is in its kind's notation.
    if h.handle.is_some() && spec.is_none() {
        return Err(CliError::failed(
            "Must specify filter type when using \"handle\"",
        ));
    }
    // tc's default protocol for a filter it may create: ETH_P_ALL.
    if matches!(verb, TcVerb::Add | TcVerb::Replace) && h.protocol.is_none() {
        h.protocol = Some(0x0003);
    }
    let mut req = FilterRequest::new(
        Attach::Block(0),
        h.pref.unwrap_or(0),
        h.protocol.unwrap_or(0),
        netlink::ops::tc::RawKind::new("-"),
    );
    req.kind = None;
    req.handle = spec
        .as_ref()
        .and_then(|s| s.handle())
        .or(h.handle)
        .unwrap_or(0);
    req.chain = h.chain;
    req.estimator = h.estimator;
    Ok((h.hook, req, spec))
}

/// A chain change: its hook, the request, and its template's words.
type ChainChange = (
    Hook,
    ChainRequest,
    Option<Box<crate::tc_filters::FilterWords>>,
);

/// `chain add|del ... chain N [KIND WORDS]`: a kind after the hook words is the chain's
/// template, read by the kind's words as a filter's (`tc chain add ... chain 1 flower dst_mac
/// ...`), for the `protocol` given.
fn parse_chain_change(w: &mut Words<'_>) -> Result<ChainChange> {
    let (h, kind) = parse_hook_words(w, Object::Chain, false)?;
    let template = match kind {
        Some(k) => Some(Box::new(kind_words(k, w, &h)?)),
        None => None,
    };
    for (set, word) in [
        (h.pref.is_some(), "pref"),
        (h.handle.is_some(), "handle"),
        (h.estimator.is_some(), "estimator"),
    ] {
        if set {
            return Err(w.unsupported(word));
        }
    }
    let chain = h
        .chain
        .ok_or_else(|| w.missing("a chain needs its index (\"chain N\")"))?;
    let mut req = ChainRequest::new(Attach::Block(0), chain);
    req.protocol = h.protocol.unwrap_or(0);
    Ok((h.hook, req, template))
}

/// `stab [overhead O] [linklayer L] [mtu M] [tsize T] [mpu P]`, up to the first other word.
fn parse_stab<'a>(w: &mut Words<'a>) -> Result<SizeTable> {
    let (mut overhead, mut linklayer, mut mtu, mut tsize, mut mpu) = (
        0i32,
        // tc leaves the link layer unset unless given.
        netlink::netlink_wire::rtnl::tc::LinkLayer::UNAWARE,
        0u32,
        0u32,
        0u32,
    );
    while let Some(word) = w.peek() {
        fn value<'a>(w: &mut Words<'a>, word: &str) -> Result<&'a str> {
            w.next();
            w.value(word)
        }
        let value = |w: &mut Words<'a>| value(w, word);
        let bad =
            |v: &str| CliError::failed(format!("stab: illegal value for \"{word}\": \"{v}\""));
        if crate::cli::abbreviates(word, "mtu") {
            let v = value(w)?;
            mtu = tc_units::size(v).ok_or_else(|| bad(v))?;
        } else if crate::cli::abbreviates(word, "mpu") {
            let v = value(w)?;
            mpu = tc_units::size(v).ok_or_else(|| bad(v))?;
        } else if crate::cli::abbreviates(word, "tsize") {
            let v = value(w)?;
            tsize = crate::cli::c_unsigned(v).ok_or_else(|| bad(v))?;
        } else if crate::cli::abbreviates(word, "overhead") {
            let v = value(w)?;
            overhead = v.parse().map_err(|_| bad(v))?;
        } else if crate::cli::abbreviates(word, "linklayer") {
            let v = value(w)?;
            linklayer = tc_kinds::linklayer(v).ok_or_else(|| bad(v))?;
        } else {
            break;
        }
    }
    Ok(SizeTable::new(overhead, linklayer, mtu, tsize, mpu))
}

/// Refuses the options `nlctl` cannot honour for a `tc` command: `ip`'s own options that
/// `tc` lacks (`tc` refuses them as unknown), and `tc`'s that would change what `nlctl` prints.
pub(crate) fn check_options(o: &Opts, cmd: &Command, context: &str) -> Result<()> {
    let ip_only = [
        (o.family.is_some(), "-family"),
        (o.human, "-human"),
        (o.resolve, "-resolve"),
        (o.loops.is_some(), "-loops"),
        (o.rcvbuf.is_some(), "-rcvbuf"),
        (o.all, "-all"),
    ];
    if let Some((_, name)) = ip_only.iter().find(|(set, _)| *set) {
        return Err(CliError::usage(format!(
            "Option \"{name}\" is unknown to tc, try \"nlctl -help\"."
        )));
    }
    let prints = matches!(
        cmd,
        Command::QdiscShow(_)
            | Command::ClassShow(_)
            | Command::FilterShow(_)
            | Command::ChainShow(_)
            | Command::ActionShow(_)
    );
    if !prints {
        return Ok(());
    }
    let refuse = |opt: &str| {
        Err(CliError::unsupported(format!(
            "option {opt} with \"{context}\""
        )))
    };
    if let Some(opt) = o.tc_only.first() {
        return refuse(opt.name());
    }
    if o.brief {
        return refuse("-brief");
    }
    if o.numeric {
        return refuse("-Numeric");
    }
    if o.timestamp {
        return refuse("-timestamp");
    }
    let colours = match o.color {
        None | Some(crate::cli::Color::Never) => false,
        Some(crate::cli::Color::Always) => true,
        Some(crate::cli::Color::Auto) => std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    if colours && !o.json {
        return refuse("-color");
    }
    Ok(())
}

/// Runs a `tc` command.
pub(crate) fn run(ctx: &Ctx<'_>, cmd: &Command) -> Result<()> {
    match cmd {
        Command::Help(text) => {
            crate::say!("{text}");
            Ok(())
        }
        Command::QdiscShow(s) => tc_show::qdiscs(ctx, s),
        Command::ClassShow(s) => tc_show::classes(ctx, s),
        Command::FilterShow(s) => tc_show::filters(ctx, s),
        Command::ChainShow(s) => tc_show::chains(ctx, s),
        Command::Action(a) => a.run(ctx),
        Command::ActionShow(kind) => tc_show::actions(ctx, kind),
        Command::Qdisc(verb, t, req) => {
            let mut req = (**req).clone();
            req.index = device(ctx, t.dev.as_deref())?;
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
        Command::Class(verb, t, req) => {
            let mut req = req.clone();
            req.index = device(ctx, t.dev.as_deref())?;
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
        Command::Filter(verb, h, req, spec) => {
            let mut req = req.clone();
            req.attach = hook(ctx, h)?;
            if let Some(s) = spec {
                let (kind, handle) = s.resolve(ctx)?;
                req.kind = Some(kind);
                if let Some(h) = handle {
                    req.handle = h;
                }
            }
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
        Command::Chain(verb, h, req, template) => {
            let mut req = req.clone();
            req.attach = hook(ctx, h)?;
            if let Some(t) = template {
                req.template = Some(t.resolve(ctx)?.0);
            }
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
        Command::FilterGet(h, key) => {
            let mut key = key.clone();
            key.attach = hook(ctx, h)?;
            let reply = lookup::<Filter, _>(ctx, &key, "filter get")?;
            tc_show::hook_get(ctx, &reply, false)
        }
        Command::ChainGet(h, chain) => {
            let mut key = ChainKey::new(hook(ctx, h)?, 0);
            key.chain = *chain;
            let reply = lookup::<Chain, _>(ctx, &key, "chain get")?;
            tc_show::hook_get(ctx, &reply, true)
        }
    }
}

/// The kernel's answer to the lookup of `key`, with the library's request (`tc`'s bytes); a
/// miss is the kernel's error, with its message, as `tc` prints it.
fn lookup<O: Lookup<K>, K>(ctx: &Ctx<'_>, key: &K, context: &str) -> Result<Message> {
    let mut buf = Vec::with_capacity(64);
    let got = O::get_request(key, &mut buf)
        .and_then(|()| ctx.conn.request_bytes(buf))
        .and_then(|r| r.require(O::GET_REPLY).cloned());
    got.map_err(|error| CliError::Netlink {
        context: Some(context.to_owned()),
        error,
    })
}

/// The index of `dev`; a change without a device fails as `tc`'s does in the kernel.
fn device(ctx: &Ctx<'_>, dev: Option<&str>) -> Result<u32> {
    match dev {
        Some(d) => device_index(ctx, d),
        None => Err(CliError::failed("a device is needed (\"dev DEV\")")),
    }
}

/// The attachment of a filter or chain change.
fn hook(ctx: &Ctx<'_>, h: &Hook) -> Result<Attach> {
    match (&h.dev, h.block) {
        (Some(d), _) => Ok(Attach::Device {
            index: device(ctx, Some(d))?,
            parent: h.parent.unwrap_or(TcHandle::UNSPEC),
        }),
        (None, Some(b)) => Ok(Attach::Block(b)),
        (None, None) => Err(CliError::failed("Must specify either \"dev\" or \"block\"")),
    }
}

/// Prints the kernel's warning as `tc` prints it.
fn warn(warning: Option<String>) {
    if let Some(w) = warning {
        let dot = if w.ends_with('.') { "" } else { "." };
        crate::say!("Warning: {w}{dot}");
    }
}
