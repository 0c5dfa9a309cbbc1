//! `tc` 6.1's objects: `qdisc`, `class`, `filter`, `chain` (and `action` and `exec`, refused by
//! name), their verbs and the words after them, read as `tc` reads them, each table in `tc`'s
//! own order. `tc` compares most words whole (`strcmp`) and some as prefixes (`matches`); each
//! row says which, as measured with `tc` itself (`tests/tc_words.rs` runs it as the oracle).
//!
//! Every word is read, and every device, handle, number and unit checked, before anything is
//! sent. A kind or word `tc` knows that `nlctl` does not implement yet is refused by name.

use netlink::netlink_wire::rtnl::tc::TcHandle;
use netlink::ops::tc::{
    Attach, ChainFilter, ChainRequest, ClassFilter, ClassRequest, Estimator, FilterRequest,
    FilterSelector, QdiscFilter, QdiscRequest, SizeTable, TcVerb,
};

use crate::Ctx;
use crate::cli::{Object, Opts, Row, Verb, resolve, rows};
use crate::error::{CliError, Result};
use crate::tc_kinds;
use crate::tc_show;
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
    /// A change of a filter.
    Filter(TcVerb, Hook, FilterRequest),
    /// A change of a chain.
    Chain(TcVerb, Hook, ChainRequest),
    /// `help`: the usage, on standard error, and success (as `tc`).
    Help(&'static str),
}

/// The device a change names, resolved when the command runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    /// `dev`.
    pub(crate) dev: Option<String>,
}

/// A device hook or a block, as filters and chains name them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hook {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// `parent`, `root`, `ingress`, `egress`.
    pub(crate) parent: Option<TcHandle>,
    /// `block`.
    pub(crate) block: Option<u32>,
}

impl Hook {
    /// The library's attachment, the device looked up.
    pub(crate) fn attach(&self, ctx: &Ctx<'_>) -> Result<Option<Attach>> {
        Ok(match (&self.dev, self.block) {
            (Some(d), _) => Some(Attach::Device {
                index: device_index(ctx, d)?,
                parent: self.parent.unwrap_or(TcHandle::UNSPEC),
            }),
            (None, Some(b)) => Some(Attach::Block(b)),
            (None, None) => None,
        })
    }
}

/// `qdisc show [dev DEV] [root | ingress | clsact | parent P | handle H] [invisible]`.
#[derive(Debug, Default)]
pub(crate) struct QdiscShow {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// The filter, without the device.
    pub(crate) filter: QdiscFilter,
}

/// `class show dev DEV [root | parent P] [classid C] [qdisc Q]`.
#[derive(Debug, Default)]
pub(crate) struct ClassShow {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// The filter, without the device.
    pub(crate) filter: ClassFilter,
    /// `qdisc Q`: only that qdisc's classes, printed by minor number.
    pub(crate) qdisc: Option<TcHandle>,
}

/// `filter show` and `chain show`: the hook and the selectors.
#[derive(Debug, Default)]
pub(crate) struct HookShow {
    /// The device hook or block.
    pub(crate) hook: Hook,
    /// The selectors, without the hook.
    pub(crate) filter: FilterSelector,
}

impl HookShow {
    /// The chain filter of `chain show`.
    pub(crate) fn chain_filter(&self, ctx: &Ctx<'_>) -> Result<ChainFilter> {
        let mut f = ChainFilter::default();
        f.attach = self.hook.attach(ctx)?;
        f.chain = self.filter.chain;
        Ok(f)
    }
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
    let unsupported = || Err(CliError::unsupported(format!("\"{context}\"")));
    let cmd = match (object, verb) {
        (_, Verb::Help) => Command::Help(usage(object)),
        (Object::Action, _) => return unsupported(),
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
            let (h, req) = parse_filter_change(w)?;
            Command::Filter(change_verb(v)?, h, req)
        }
        (Object::Chain, v) => {
            let (h, req) = parse_chain_change(w)?;
            Command::Chain(change_verb(v)?, h, req)
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

/// The words a show of qdiscs takes, in `tc`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QdiscShowWord {
    Dev,
    Ingress,
    Root,
    Parent,
    Handle,
    Invisible,
    Help,
}

const QDISC_SHOW_WORDS: &[Row<QdiscShowWord>] = rows![
    Exact "dev" => QdiscShowWord::Dev,
    Exact "ingress" => QdiscShowWord::Ingress,
    Exact "clsact" => QdiscShowWord::Ingress,
    Exact "root" => QdiscShowWord::Root,
    Prefix "parent" => QdiscShowWord::Parent,
    Prefix "handle" => QdiscShowWord::Handle,
    Exact "invisible" => QdiscShowWord::Invisible,
    Prefix "help" => QdiscShowWord::Help,
];

/// The row of a show's `table` for `word`, or `tc`'s error for a word it does not know.
fn show_word<T: Copy>(table: &[Row<T>], word: &str, object: Object) -> Result<T> {
    resolve(table, word).ok_or_else(|| {
        CliError::usage(format!(
            "What is \"{word}\"? Try \"nlctl {} help\".",
            object.name()
        ))
    })
}

fn parse_qdisc_show(w: &mut Words<'_>) -> Result<QdiscShow> {
    let mut s = QdiscShow::default();
    while let Some(word) = w.next() {
        let what = show_word(QDISC_SHOW_WORDS, word, Object::Qdisc)?;
        match what {
            // tc takes the last `dev` of a qdisc show.
            QdiscShowWord::Dev => s.dev = Some(w.value("dev")?.to_owned()),
            QdiscShowWord::Ingress => set_parent(&mut s.filter.parent, TcHandle::INGRESS, w)?,
            QdiscShowWord::Root => set_parent(&mut s.filter.parent, TcHandle::ROOT, w)?,
            QdiscShowWord::Parent => {
                let v = w.value("parent")?;
                set_parent(&mut s.filter.parent, classid(v, "invalid parent ID")?, w)?;
            }
            QdiscShowWord::Handle => {
                let v = w.value("handle")?;
                s.filter.handle = Some(qdisc_handle(v)?);
            }
            QdiscShowWord::Invisible => s.filter.invisible = true,
            QdiscShowWord::Help => return Err(help(Object::Qdisc)),
        }
    }
    Ok(s)
}

/// The words a show of classes takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassShowWord {
    Dev,
    Qdisc,
    Classid,
    Root,
    Parent,
    Help,
}

const CLASS_SHOW_WORDS: &[Row<ClassShowWord>] = rows![
    Exact "dev" => ClassShowWord::Dev,
    Exact "qdisc" => ClassShowWord::Qdisc,
    Exact "classid" => ClassShowWord::Classid,
    Exact "root" => ClassShowWord::Root,
    Exact "parent" => ClassShowWord::Parent,
    Prefix "help" => ClassShowWord::Help,
];

fn parse_class_show(w: &mut Words<'_>) -> Result<ClassShow> {
    let mut s = ClassShow::default();
    while let Some(word) = w.next() {
        let what = show_word(CLASS_SHOW_WORDS, word, Object::Class)?;
        match what {
            ClassShowWord::Dev => set_once(&mut s.dev, w.value("dev")?.to_owned(), "dev", w)?,
            ClassShowWord::Qdisc => {
                let v = w.value("qdisc")?;
                s.qdisc = Some(qdisc_handle(v)?);
            }
            ClassShowWord::Classid => {
                let v = w.value("classid")?;
                s.filter.handle = Some(classid(v, "invalid class ID")?);
            }
            ClassShowWord::Root => set_once(&mut s.filter.qdisc, TcHandle::ROOT, "parent", w)?,
            ClassShowWord::Parent => {
                let v = w.value("parent")?;
                let p = classid(v, "invalid parent ID")?;
                set_once(&mut s.filter.qdisc, p, "parent", w)?;
            }
            ClassShowWord::Help => return Err(help(Object::Class)),
        }
    }
    Ok(s)
}

/// The words of filters and chains before their kind, shared by their shows and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HookWord {
    Dev,
    Root,
    Ingress,
    Egress,
    Parent,
    Handle,
    Estimator,
    Pref,
    Protocol,
    Chain,
    Block,
    Help,
}

const HOOK_WORDS: &[Row<HookWord>] = rows![
    Exact "dev" => HookWord::Dev,
    Exact "root" => HookWord::Root,
    Exact "ingress" => HookWord::Ingress,
    Exact "egress" => HookWord::Egress,
    Exact "parent" => HookWord::Parent,
    Exact "handle" => HookWord::Handle,
    Prefix "estimator" => HookWord::Estimator,
    Prefix "pref" => HookWord::Pref,
    Prefix "priority" => HookWord::Pref,
    Prefix "protocol" => HookWord::Protocol,
    Prefix "chain" => HookWord::Chain,
    Prefix "block" => HookWord::Block,
    Prefix "help" => HookWord::Help,
];

/// What the hook words set.
#[derive(Debug, Default)]
struct HookWords {
    hook: Hook,
    handle: Option<u32>,
    pref: Option<u16>,
    protocol: Option<u16>,
    chain: Option<u32>,
    estimator: Option<Estimator>,
}

/// Reads hook words until the first word that is none of them (the kind), which is returned.
fn parse_hook_words<'a>(
    w: &mut Words<'a>,
    object: Object,
    show: bool,
) -> Result<(HookWords, Option<&'a str>)> {
    let mut h = HookWords::default();
    while let Some(word) = w.next() {
        let Some(what) = resolve(HOOK_WORDS, word) else {
            if show {
                return Err(CliError::usage(format!(
                    "What is \"{word}\"? Try \"nlctl {} help\"",
                    object.name()
                )));
            }
            return Ok((h, Some(word)));
        };
        match what {
            HookWord::Dev => {
                let v = w.value("dev")?.to_owned();
                set_once(&mut h.hook.dev, v, "dev", w)?;
            }
            HookWord::Root => set_parent(&mut h.hook.parent, TcHandle::ROOT, w)?,
            HookWord::Ingress => set_parent(&mut h.hook.parent, TcHandle::CLSACT_INGRESS, w)?,
            HookWord::Egress => set_parent(&mut h.hook.parent, TcHandle::CLSACT_EGRESS, w)?,
            HookWord::Parent => {
                let v = w.value("parent")?;
                set_parent(&mut h.hook.parent, classid(v, "invalid parent ID")?, w)?;
            }
            HookWord::Handle => {
                let v = w.value("handle")?;
                h.handle =
                    Some(crate::cli::c_unsigned(v).ok_or_else(|| invarg(v, "invalid handle"))?);
            }
            HookWord::Estimator => h.estimator = Some(parse_estimator(w)?),
            HookWord::Pref => {
                let v = w.value("pref")?;
                h.pref = Some(
                    crate::cli::c_unsigned(v)
                        .and_then(|p| u16::try_from(p).ok())
                        .ok_or_else(|| invarg(v, "invalid preference"))?,
                );
            }
            HookWord::Protocol => {
                let v = w.value("protocol")?;
                h.protocol =
                    Some(tc_show::protocol_number(v).ok_or_else(|| invarg(v, "invalid protocol"))?);
            }
            HookWord::Chain => {
                let v = w.value("chain")?;
                h.chain = Some(
                    crate::cli::c_unsigned(v)
                        .ok_or_else(|| invarg(v, "invalid chain index value"))?,
                );
            }
            HookWord::Block => {
                let v = w.value("block")?;
                h.hook.block = Some(
                    crate::cli::c_unsigned(v)
                        .filter(|b| *b != 0)
                        .ok_or_else(|| invarg(v, "invalid block index value"))?,
                );
            }
            HookWord::Help => return Err(help(object)),
        }
        if h.hook.dev.is_some() && h.hook.block.is_some() {
            return Err(w.error("\"block\" cannot be used in the same time as \"dev\""));
        }
    }
    Ok((h, None))
}

fn parse_hook_show(w: &mut Words<'_>, object: Object) -> Result<HookShow> {
    let (h, _) = parse_hook_words(w, Object::Filter, true)?;
    if h.estimator.is_some() {
        return Err(w.unsupported("estimator"));
    }
    // tc sends a chain show's pref, protocol and handle too; the kernel does not apply them.
    if object == Object::Chain {
        for (set, word) in [
            (h.pref.is_some(), "pref"),
            (h.protocol.is_some(), "protocol"),
            (h.handle.is_some(), "handle"),
        ] {
            if set {
                return Err(w.unsupported(word));
            }
        }
    }
    let mut f = FilterSelector::default();
    f.priority = h.pref;
    f.protocol = h.protocol;
    f.handle = h.handle;
    f.chain = h.chain;
    Ok(HookShow {
        hook: h.hook,
        filter: f,
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

fn parse_filter_change(w: &mut Words<'_>) -> Result<(Hook, FilterRequest)> {
    let (h, kind) = parse_hook_words(w, Object::Filter, false)?;
    if let Some(k) = kind {
        return Err(tc_kinds::filter_kind_refused(k, w));
    }
    // A filter's handle is in its kind's notation.
    if h.handle.is_some() {
        return Err(CliError::failed(
            "Must specify filter type when using \"handle\"",
        ));
    }
    let mut req = FilterRequest::new(
        Attach::Block(0),
        h.pref.unwrap_or(0),
        h.protocol.unwrap_or(0),
        netlink::ops::tc::RawKind::new("-"),
    );
    req.kind = None;
    req.handle = h.handle.unwrap_or(0);
    req.chain = h.chain;
    req.estimator = h.estimator;
    Ok((h.hook, req))
}

fn parse_chain_change(w: &mut Words<'_>) -> Result<(Hook, ChainRequest)> {
    let (h, kind) = parse_hook_words(w, Object::Chain, false)?;
    if let Some(k) = kind {
        return Err(tc_kinds::filter_kind_refused(k, w));
    }
    for (set, word) in [
        (h.pref.is_some(), "pref"),
        (h.protocol.is_some(), "protocol"),
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
    Ok((h.hook, ChainRequest::new(Attach::Block(0), chain)))
}

/// `estimator INTERVAL TIME_CONSTANT`.
fn parse_estimator(w: &mut Words<'_>) -> Result<Estimator> {
    let a = w.value("estimator")?;
    let b = w.value("estimator")?;
    let (Some(interval), Some(tc)) = (tc_units::time(a), tc_units::time(b)) else {
        return Err(CliError::failed(format!(
            "Error: estimator parameters \"{a} {b}\" are invalid"
        )));
    };
    Ok(Estimator::from_times(interval, tc)?)
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

/// A qdisc handle (`1:`, `1`, `none`): the major number in hexadecimal. `tc` ignores what
/// follows the colon; `nlctl` refuses it, so that `1:2:3` is never taken for `1:`.
pub(crate) fn qdisc_handle(v: &str) -> Result<TcHandle> {
    if v == "none" {
        return Ok(TcHandle::UNSPEC);
    }
    let major = v.strip_suffix(':').unwrap_or(v);
    u16::from_str_radix(major, 16)
        .ok()
        .filter(|_| !major.is_empty() && major.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|m| TcHandle::new(m, 0))
        .ok_or_else(|| invarg(v, "invalid qdisc ID"))
}

/// A class id or parent (`1:10`, `:10`, `root`, `none`, a bare 32-bit hexadecimal number), as
/// `tc`'s `get_tc_classid` reads it.
pub(crate) fn classid(v: &str, what: &str) -> Result<TcHandle> {
    match v {
        "root" => return Ok(TcHandle::ROOT),
        "none" => return Ok(TcHandle::UNSPEC),
        _ => {}
    }
    let hex = |s: &str, max: u32| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(s, 16).ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let h = match v.split_once(':') {
        Some((maj, min)) => {
            let maj = if maj.is_empty() {
                Some(0)
            } else {
                hex(maj, 0xffff)
            };
            let min = if min.is_empty() {
                Some(0)
            } else {
                hex(min, 0xffff)
            };
            maj.zip(min).map(|(a, b)| (a << 16) | b)
        }
        None => hex(v, u32::MAX),
    };
    h.map(TcHandle).ok_or_else(|| invarg(v, what))
}

/// `tc`'s `invarg`: `Error: argument "V" is wrong: WHAT`, exit 255.
pub(crate) fn invarg(v: &str, what: &str) -> CliError {
    CliError::usage(format!("Error: argument \"{v}\" is wrong: {what}"))
}

/// `tc`'s `duparg`.
fn duparg(key: &str, v: &str) -> CliError {
    CliError::usage(format!(
        "Error: duplicate \"{key}\": \"{v}\" is the second value."
    ))
}

/// Sets the parent once; a second one is an error, as in `tc`.
fn set_parent(slot: &mut Option<TcHandle>, p: TcHandle, w: &Words<'_>) -> Result<()> {
    if slot.is_some() {
        return Err(w.error("Duplicate parent ID"));
    }
    *slot = Some(p);
    Ok(())
}

/// Sets `slot` once; a second value is `tc`'s `duparg`.
fn set_once<T>(slot: &mut Option<T>, v: T, key: &str, w: &Words<'_>) -> Result<()> {
    if slot.is_some() {
        return Err(duparg(key, w.peek().unwrap_or(key)));
    }
    *slot = Some(v);
    Ok(())
}

/// A `help` word inside a command: `tc` prints the object's usage and stops with success.
fn help(object: Object) -> CliError {
    crate::say!("{}", usage(object));
    CliError::Reported(0)
}

/// The usage `help` prints for a `tc` object.
fn usage(object: Object) -> &'static str {
    match object {
        Object::Qdisc => QDISC_USAGE,
        Object::Class => CLASS_USAGE,
        Object::Filter => FILTER_USAGE,
        Object::Chain => CHAIN_USAGE,
        _ => ACTION_USAGE,
    }
}

const QDISC_USAGE: &str = "\
Usage: nlctl qdisc [ add | del | replace | change | link | show ] dev STRING
       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]
       [ estimator INTERVAL TIME_CONSTANT ]
       [ stab [ help | STAB_OPTIONS] ]
       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]
       [ QDISC_KIND [ help | OPTIONS ] ]

       nlctl qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]
Where:
QDISC_KIND := { pfifo | bfifo | pfifo_head_drop | pfifo_fast | noqueue | mq | prio |
                htb | tbf | codel | fq_codel | drr | qfq | ingress | clsact }
OPTIONS := ... try nlctl qdisc add <desired QDISC_KIND> help
STAB_OPTIONS := ... try nlctl qdisc add stab help
QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID | clsact }";

const CLASS_USAGE: &str = "\
Usage: nlctl class [ add | del | change | replace | show ] dev STRING
       [ classid CLASSID ] [ root | parent CLASSID ]
       [ [ QDISC_KIND ] [ help | OPTIONS ] ]

       nlctl class show [ dev STRING ] [ root | parent CLASSID ] [ classid CLASSID ]
Where:
QDISC_KIND := { htb | drr | qfq }
OPTIONS := ... try nlctl class add <desired QDISC_KIND> help";

const FILTER_USAGE: &str = "\
Usage: nlctl filter del [ dev STRING ] [ root | ingress | egress | parent CLASSID ]
       [ pref PRIO ] [ protocol PROTO ] [ chain CHAIN_INDEX ] [ handle FILTERID ]
       nlctl filter show [ dev STRING ] [ root | ingress | egress | parent CLASSID ]
       nlctl filter show [ block BLOCK_INDEX ]
Filter kinds are refused by name: nlctl has none yet.";

const ACTION_USAGE: &str = "\
Usage: nlctl actions { add | change | replace | delete | get | list | flush } ...
Actions are refused by name: the library has no actions yet.";

const CHAIN_USAGE: &str = "\
Usage: nlctl chain [ add | del | show ] [ dev STRING ] [ block BLOCK_INDEX ]
       [ root | ingress | egress | parent CLASSID ] [ chain CHAIN_INDEX ]
Chain templates are refused by name: nlctl has no filter kind yet.";

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
        Command::Filter(verb, h, req) => {
            let mut req = req.clone();
            req.attach = hook(ctx, h)?;
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
        Command::Chain(verb, h, req) => {
            let mut req = req.clone();
            req.attach = hook(ctx, h)?;
            warn(ctx.conn.tc_apply(&req, *verb)?);
            Ok(())
        }
    }
}

/// The index of device `name`, with `tc`'s message when there is none.
pub(crate) fn device_index(ctx: &Ctx<'_>, name: &str) -> Result<u32> {
    ctx.conn
        .link_index(name)
        .map_err(|_| CliError::failed(format!("Cannot find device \"{name}\"")))
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

/// Prints the kernel's warnings as `tc` prints them.
fn warn(warnings: Vec<String>) {
    for w in warnings {
        let dot = if w.ends_with('.') { "" } else { "." };
        crate::say!("Warning: {w}{dot}");
    }
}
