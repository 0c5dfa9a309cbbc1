//! `tc actions add|del` and the action lists of `tc` 6.1 (`action KIND ARGS [cookie
//! HEX]`...), read as `m_action.c`, `m_gact.c` and `m_mirred.c` read them: `gact` (and its
//! bare verdicts, `action drop`) and `mirred` here, the other kinds in `tc_action_kinds`;
//! `ife`, `simple` and `xt` are refused by name.
//! Also the filter kind whose words `nlctl` reads, `matchall` (`f_matchall.c`), with its
//! actions.

use netlink::netlink_wire::rtnl::tc::{ClsFlags, MirredAction};
use netlink::ops::tc::{ActionBatch, ActionKind, ActionRequest, FilterKind, Matchall, TcAction};

use netlink::Lookup;

use crate::Ctx;
use crate::cli::{Verb, resolve};
use crate::error::{CliError, Result};
use crate::tc_action_kinds::{CONTROLS, control, number};
use crate::tc_args::device_index;
use crate::words::Words;

/// The action kinds `tc` 6.1 has (`m_*.c`), for the error of one `nlctl` does not implement.
const TC_ACTION_KINDS: &[&str] = &["ife", "simple", "xt"];

/// One action as read, its device named until the command runs.
#[derive(Debug, Clone)]
pub(crate) struct ParsedAction {
    action: TcAction,
    /// `mirred`'s `dev`.
    dev: Option<String>,
}

/// A list of actions as read (`tc actions add`, a filter's `action ...`).
#[derive(Debug, Clone, Default)]
pub(crate) struct ActionList(Vec<ParsedAction>);

impl ActionList {
    /// Whether no action was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The actions, their devices resolved in `ctx`'s namespace.
    pub(crate) fn resolve(&self, ctx: &Ctx<'_>) -> Result<Vec<TcAction>> {
        self.0
            .iter()
            .map(|p| {
                let mut a = p.action.clone();
                if let (Some(d), ActionKind::Mirred { ifindex, .. }) = (&p.dev, &mut a.kind) {
                    *ifindex = device_index(ctx, d)?;
                }
                Ok(a)
            })
            .collect()
    }
}

/// A parsed `tc actions` command.
#[derive(Debug)]
pub(crate) enum ActionCommand {
    /// `add`, `replace` or `change`.
    Modify(Verb, ActionList),
    /// `del action KIND index N`.
    Delete(String, u32),
    /// `get action KIND index N`.
    Get(String, u32),
    /// `flush action KIND`.
    Flush(String),
}

impl ActionCommand {
    /// Runs the command. A refusal exits 255, as `tc actions` exits (`tc qdisc` exits 2); a
    /// refused flush exits 1, as tc's does.
    pub(crate) fn run(&self, ctx: &Ctx<'_>) -> Result<()> {
        let existing = |kind: &String, index: &u32| ActionRequest::Existing {
            kind: kind.clone(),
            index: *index,
        };
        let (context, r) = match self {
            ActionCommand::Modify(verb, list) => {
                let req = ActionRequest::Add(list.resolve(ctx)?);
                // tc 6.1 sends `change` with replace's flags (NLM_F_CREATE | NLM_F_REPLACE).
                match verb {
                    Verb::Replace | Verb::Change => {
                        ("action replace", ctx.conn.replace_actions(&req))
                    }
                    _ => ("action add", ctx.conn.add_actions(&req)),
                }
            }
            ActionCommand::Delete(kind, index) => (
                "action delete",
                ctx.conn.delete_action(&existing(kind, index)),
            ),
            ActionCommand::Flush(kind) => ("action flush", ctx.conn.flush_actions(kind)),
            ActionCommand::Get(kind, index) => {
                // The library's lookup request (tc's bytes); the reply printed as a dump's
                // message, and a miss as the kernel's refusal, as tc prints them.
                let mut buf = Vec::with_capacity(64);
                let got = ActionBatch::get_request(&(kind.as_str(), *index), &mut buf)
                    .and_then(|()| ctx.conn.request_bytes(buf))
                    .and_then(|r| r.require(ActionBatch::GET_REPLY).cloned());
                match got {
                    Ok(m) => return crate::tc_show::action_get(ctx, &m),
                    Err(e) => ("action get", Err(e)),
                }
            }
        };
        r.map_err(|error| CliError::Coded {
            message: CliError::Netlink {
                context: Some(context.to_owned()),
                error,
            }
            .to_string(),
            code: if matches!(self, ActionCommand::Flush(_)) {
                1
            } else {
                255
            },
        })
    }
}

/// Reads `[action] KIND ARGS [cookie HEX]`... to the end of the words, or to `flowid`,
/// `classid` or a word that starts another command, as `tc`'s `parse_action` does.
pub(crate) fn parse_action_list(w: &mut Words<'_>) -> Result<ActionList> {
    let mut list = ActionList::default();
    while let Some(word) = w.peek() {
        match word {
            "action" => {
                w.next();
                continue;
            }
            "flowid" | "classid" => break,
            "help" => {
                return Err(CliError::usage(
                    "Usage: ... action KIND [ARGS] [cookie HEX]",
                ));
            }
            _ => {}
        }
        let kind = if resolve(CONTROLS, word).is_some() {
            "gact"
        } else {
            w.next();
            word
        };
        let mut p = match kind {
            "gact" => parse_gact(w)?,
            "mirred" => parse_mirred(w)?,
            k if let Some(action) = crate::tc_action_kinds::parse_kind(k, w)? => {
                ParsedAction { action, dev: None }
            }
            k if TC_ACTION_KINDS.contains(&k) => {
                return Err(CliError::unsupported(format!(
                    "{}: the action kind {k:?}",
                    w.context()
                )));
            }
            k => return Err(CliError::failed(format!("bad action type {k}"))),
        };
        if w.peek() == Some("cookie") {
            w.next();
            p.action.cookie = Some(cookie(w.value("cookie")?)?);
        }
        for word in ["hw_stats", "no_percpu", "skip_hw", "skip_sw"] {
            if w.peek() == Some(word) {
                return Err(w.unsupported(word));
            }
        }
        list.0.push(p);
    }
    if list.is_empty() {
        return Err(CliError::usage("bad action parsing: no action"));
    }
    Ok(list)
}

/// `cookie HEX`: an even number of hex digits, 16 bytes at most.
fn cookie(v: &str) -> Result<Vec<u8>> {
    let bad = || CliError::usage(format!("Invalid cookie \"{v}\": 1 to 16 bytes in hex"));
    if v.is_empty() || !v.len().is_multiple_of(2) || v.len() > 32 {
        return Err(bad());
    }
    (0..v.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(v.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect()
}

/// `gact`'s words: `[gact] CONTROL [index N]`.
fn parse_gact(w: &mut Words<'_>) -> Result<ParsedAction> {
    if w.peek() == Some("gact") {
        w.next();
    }
    let verdict = control(w)?
        .ok_or_else(|| CliError::usage(format!("Bad action type {}", w.peek().unwrap_or(""))))?;
    if w.peek() == Some("random") {
        return Err(w.unsupported("random"));
    }
    let mut action = TcAction::new(ActionKind::Gact(verdict));
    if w.peek() == Some("index") {
        w.next();
        action.index = number(w, "index")?;
    }
    Ok(ParsedAction { action, dev: None })
}

/// `mirred`'s words: `egress|ingress mirror|redirect [index N] dev DEV [CONTROL] [index N]`.
fn parse_mirred(w: &mut Words<'_>) -> Result<ParsedAction> {
    let direction = w.next().unwrap_or_default();
    let egress = if !direction.is_empty() && "egress".starts_with(direction) {
        true
    } else if !direction.is_empty() && "ingress".starts_with(direction) {
        false
    } else {
        return Err(CliError::usage(format!(
            "was expecting egress or ingress ({direction})"
        )));
    };
    let mode = w.next().unwrap_or_default();
    let action = match (mode, egress) {
        (m, true) if !m.is_empty() && "mirror".starts_with(m) => MirredAction::EGRESS_MIRROR,
        (m, false) if !m.is_empty() && "mirror".starts_with(m) => MirredAction::INGRESS_MIRROR,
        (m, true) if !m.is_empty() && "redirect".starts_with(m) => MirredAction::EGRESS_REDIR,
        (m, false) if !m.is_empty() && "redirect".starts_with(m) => MirredAction::INGRESS_REDIR,
        (m, _) => {
            return Err(CliError::usage(format!(
                "mirred: expected mirror or redirect, not \"{m}\""
            )));
        }
    };
    let mut a = TcAction::new(ActionKind::mirred(action, 0));
    let mut index = None;
    if w.peek()
        .is_some_and(|x| !x.is_empty() && "index".starts_with(x))
    {
        w.next();
        index = Some(number(w, "index")?);
    }
    if !w
        .peek()
        .is_some_and(|x| !x.is_empty() && "dev".starts_with(x))
    {
        return Err(CliError::usage("mirred: \"dev DEV\" is needed"));
    }
    w.next();
    let dev = w.value("dev")?.to_owned();
    let mirror = matches!(
        action,
        MirredAction::EGRESS_MIRROR | MirredAction::INGRESS_MIRROR
    );
    if mirror
        && let Some(v) = control(w)?
        && let ActionKind::Mirred { verdict, .. } = &mut a.kind
    {
        *verdict = v;
    }
    if w.peek()
        .is_some_and(|x| !x.is_empty() && "index".starts_with(x))
    {
        if index.is_some() {
            return Err(CliError::usage("mirred: Illegal double index"));
        }
        w.next();
        index = Some(number(w, "index")?);
    }
    a.index = index.unwrap_or(0);
    Ok(ParsedAction {
        action: a,
        dev: Some(dev),
    })
}

/// Reads the words of `tc actions del|get`: `action KIND index N`, and of `flush`: `action
/// KIND`.
pub(crate) fn parse_existing(verb: Verb, w: &mut Words<'_>) -> Result<ActionCommand> {
    if w.peek() == Some("action") {
        w.next();
    }
    let kind = w
        .next()
        .ok_or_else(|| CliError::usage("an action kind is needed"))?
        .to_owned();
    if verb == Verb::Flush {
        if let Some(extra) = w.next() {
            return Err(w.unsupported(extra));
        }
        return Ok(ActionCommand::Flush(kind));
    }
    if w.next() != Some("index") {
        return Err(CliError::usage(format!(
            "{}: \"index N\" is needed",
            w.context()
        )));
    }
    let index = number(w, "index")?;
    if let Some(extra) = w.next() {
        return Err(w.unsupported(extra));
    }
    Ok(if verb == Verb::Get {
        ActionCommand::Get(kind, index)
    } else {
        ActionCommand::Delete(kind, index)
    })
}

/// A filter kind as read, its actions' devices named until the command runs.
#[derive(Debug, Clone)]
pub(crate) enum FilterSpec {
    /// `matchall`.
    Matchall(Matchall, ActionList),
}

impl FilterSpec {
    /// The kind, its actions resolved in `ctx`'s namespace.
    pub(crate) fn resolve(&self, ctx: &Ctx<'_>) -> Result<FilterKind> {
        match self {
            FilterSpec::Matchall(m, actions) => Ok(FilterKind::Matchall(
                m.clone().actions(actions.resolve(ctx)?),
            )),
        }
    }
}

/// `matchall`'s words (`f_matchall.c`): `classid|flowid CLASSID`, `action ...`, `skip_hw`,
/// `skip_sw`, in any order; `None` for a kind `nlctl` does not read.
pub(crate) fn parse_filter_kind(kind: &str, w: &mut Words<'_>) -> Result<Option<FilterSpec>> {
    if kind != "matchall" {
        return Ok(None);
    }
    let mut m = Matchall::default();
    let mut actions = ActionList::default();
    while let Some(word) = w.next() {
        if !word.is_empty() && ("classid".starts_with(word) || "flowid".starts_with(word)) {
            if !actions.is_empty() {
                // tc writes the class after the actions then; the library writes it first.
                return Err(CliError::unsupported(format!(
                    "{}: \"{word}\" after the actions (write it before them)",
                    w.context()
                )));
            }
            let v = w.value(word)?;
            let c = crate::tc_args::classid(v, "Illegal \"classid\"")?;
            if m.classid.is_some() {
                // tc writes the attribute twice; nlctl keeps one.
                return Err(w.unsupported("a second classid"));
            }
            m.classid = Some(c);
        } else if !word.is_empty() && "action".starts_with(word) {
            // tc's NEXT_ARG before `parse_action`.
            if w.peek().is_none() {
                return Err(CliError::Incomplete);
            }
            actions.0.extend(parse_action_list(w)?.0);
        } else if word == "skip_hw" || word == "skip_sw" {
            // tc 6.1 steps to the next word after these (NEXT_ARG): last, they are an
            // incomplete command line (measured).
            if w.peek().is_none() {
                return Err(CliError::Incomplete);
            }
            m.flags |= if word == "skip_hw" {
                ClsFlags::SKIP_HW
            } else {
                ClsFlags::SKIP_SW
            };
        } else if word == "help" {
            return Err(CliError::usage(
                "Usage: ... matchall [skip_sw | skip_hw] [ flowid FLOWID ] [ action ACTION_SPEC ]",
            ));
        } else {
            return Err(CliError::usage(format!("What is \"{word}\"?")));
        }
    }
    if m.flags == ClsFlags::SKIP_HW | ClsFlags::SKIP_SW {
        return Err(CliError::usage(
            "skip_hw and skip_sw are mutually exclusive",
        ));
    }
    Ok(Some(FilterSpec::Matchall(m, actions)))
}

/// Reads the words of `tc actions ls|show`: `action KIND`.
pub(crate) fn parse_show(w: &mut Words<'_>) -> Result<String> {
    // tc lists nothing without the word `action` (measured); nlctl says so.
    if w.next() != Some("action") {
        return Err(CliError::usage(format!(
            "{}: \"action KIND\" is needed",
            w.context()
        )));
    }
    let kind = w
        .next()
        .ok_or_else(|| CliError::usage("an action kind is needed (\"action KIND\")"))?;
    if let Some(extra) = w.next() {
        return Err(w.unsupported(extra));
    }
    Ok(kind.to_owned())
}
