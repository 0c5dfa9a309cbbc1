//! Actions: standalone ones (`tc actions add|get|del|ls`, `RTM_*ACTION`) and the settings of
//! one action, which a filter's action list carries too.
//!
//! An action message holds a list of actions (up to 32 to a dump message, more with
//! `TCA_ACT_FLAG_LARGE_DUMP_ON`), so the object the generic layer walks is one message
//! ([`ActionBatch`]); [`Connection::actions`](crate::Connection::actions) flattens the batches
//! of a dump into [`TcAction`]s.
//!
//! Every kind `tc` 6.1 writes has typed settings ([`ActionKind`]: `gact` and `mirred` here,
//! the others in their own structs, [`Police`] and the like); a kind the library does not type
//! goes as a [`RawKind`] (its `TCA_ACT_OPTIONS` payload).

use netlink_wire::rtnl::tc::{
    ActOptions, Action, ActionList, ActionMsg, GactOptions, MirredAction, MirredOptions,
    NlaBitfield32, RootFlags, Stats2, TcGen, TcMirred, TcaAct, TcaGact, TcaMirred, TcaMsg, TcaRoot,
    Verdict, put_action, put_action_options,
};
use netlink_wire::rtnl::{RTM_DELACTION, RTM_GETACTION, RTM_NEWACTION};
use netlink_wire::{AttrWrite, Flags, MessageType, Nest};
use zerocopy::byteorder::native_endian::{I32, U32};

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::tc::action_kinds::{
    ActBpf, ActKind, Connmark, Csum, Ct, Ctinfo, Gate, Mpls, Nat, Pedit, Police, Sample, Skbedit,
    Skbmod, TunnelKey, Vlan,
};
use crate::ops::tc::common::{RawKind, TcStatistics, validate_kind};

/// Generates [`ActionKind`] from its table: the hand-written `gact`, `mirred` and raw
/// variants, then one variant per [`ActKind`] with its name, writer and reader.
macro_rules! action_kinds {
    ($($(#[$m:meta])* $V:ident($T:ty);)*) => {
        /// The settings of one action, by kind.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ActionKind {
            /// `gact VERDICT`: drop, pass, reclassify, `goto chain N`... ([`Verdict`]).
            Gact(Verdict),
            /// `mirred (egress|ingress) (redirect|mirror) dev DEV`.
            Mirred {
                /// `eaction`: direction and mirror or redirect.
                action: MirredAction,
                /// The device's index.
                ifindex: u32,
                /// The verdict after it: `stolen` for a redirect, `pipe` for a mirror, as `tc`
                /// picks them ([`ActionKind::mirred`]).
                verdict: Verdict,
            },
            $($(#[$m])* $V($T),)*
            /// Any other kind: its name and the payload of `TCA_ACT_OPTIONS` as it is.
            Raw(RawKind),
        }

        impl ActionKind {
            /// `TCA_ACT_KIND`.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    ActionKind::Gact(_) => "gact",
                    ActionKind::Mirred { .. } => "mirred",
                    $(ActionKind::$V(_) => <$T as ActKind>::NAME,)*
                    ActionKind::Raw(r) => &r.kind,
                }
            }

            /// The control action `tc` sends for the kind when none is given; `None` for
            /// `gact` and `mirred`, whose verdicts are their settings, and raw kinds.
            #[must_use]
            pub fn default_control(&self) -> Option<Verdict> {
                match self {
                    $(ActionKind::$V(_) => Some(<$T as ActKind>::CONTROL),)*
                    _ => None,
                }
            }

            /// Writes a typed kind's options; `false` for `gact`, `mirred` and raw kinds.
            fn write_typed(&self, a: &mut Nest<'_>, index: u32, control: Option<Verdict>) -> bool {
                match self {
                    $(ActionKind::$V(k) => {
                        let c = control.unwrap_or(<$T as ActKind>::CONTROL);
                        k.write(&mut put_action_options(a), index, c);
                        true
                    })*
                    _ => false,
                }
            }

            /// Reads a typed kind from `o`, with its index and control action.
            fn read_typed(o: &ActOptions<'_>) -> Result<Option<(ActionKind, u32, Verdict)>> {
                $(if let Some((k, i, c)) = <$T as ActKind>::read(o)? {
                    return Ok(Some((ActionKind::$V(k), i, c)));
                })*
                Ok(None)
            }
        }
    };
}

action_kinds! {
    /// `police`.
    Police(Police);
    /// `skbedit`.
    Skbedit(Skbedit);
    /// `vlan`.
    Vlan(Vlan);
    /// `pedit`.
    Pedit(Pedit);
    /// `csum`.
    Csum(Csum);
    /// `nat`.
    Nat(Nat);
    /// `tunnel_key`.
    TunnelKey(TunnelKey);
    /// `sample`.
    Sample(Sample);
    /// `ct`.
    Ct(Ct);
    /// `connmark`.
    Connmark(Connmark);
    /// `ctinfo`.
    Ctinfo(Ctinfo);
    /// `mpls`.
    Mpls(Mpls);
    /// `bpf`.
    Bpf(ActBpf);
    /// `skbmod`.
    Skbmod(Skbmod);
    /// `gate`.
    Gate(Gate);
}

/// A kind as read: the kind, the index of its parameters, its control action.
type ReadKind = (ActionKind, Option<u32>, Option<Verdict>);

impl ActionKind {
    /// `mirred` with the verdict `tc` gives `action`: `stolen` after a redirect, `pipe` after
    /// a mirror.
    #[must_use]
    pub fn mirred(action: MirredAction, ifindex: u32) -> Self {
        let redirect = matches!(
            action,
            MirredAction::EGRESS_REDIR | MirredAction::INGRESS_REDIR
        );
        ActionKind::Mirred {
            action,
            ifindex,
            verdict: if redirect {
                Verdict::STOLEN
            } else {
                Verdict::PIPE
            },
        }
    }

    /// Writes `TCA_ACT_OPTIONS`, with `index` and `control` in the kind's parameters.
    fn write_options(&self, a: &mut Nest<'_>, index: u32, control: Option<Verdict>) {
        if self.write_typed(a, index, control) {
            return;
        }
        match self {
            ActionKind::Gact(v) => {
                put_action_options(a).put_struct(TcaGact::PARMS, &TcGen::new(index, *v));
            }
            ActionKind::Mirred {
                action,
                ifindex,
                verdict,
            } => {
                let parms = TcMirred {
                    tc_gen: TcGen::new(index, *verdict),
                    eaction: I32::new(action.0),
                    ifindex: U32::new(*ifindex),
                };
                put_action_options(a).put_struct(TcaMirred::PARMS, &parms);
            }
            ActionKind::Raw(r) => {
                if let Some(o) = &r.options {
                    a.put(TcaAct::OPTIONS.0 | netlink_wire::attr::NLA_F_NESTED, o);
                }
            }
            _ => {}
        }
    }

    /// Reads the kind of `a`, with the index its parameters carry and, for the typed kinds
    /// other than `gact` and `mirred`, the control action.
    fn read(a: &Action<'_>) -> Result<Option<ReadKind>> {
        let Some(kind) = a.kind()? else {
            return Ok(None);
        };
        let Some(opts) = a.options()? else {
            return Ok(Some((Self::raw(kind, a)?, None, None)));
        };
        if let Some((k, i, c)) = Self::read_typed(&opts)? {
            return Ok(Some((k, Some(i), Some(c))));
        }
        Ok(Some(match opts {
            ActOptions::Gact(g) => match GactOptions::from(g).parms()? {
                Some(p) => (
                    ActionKind::Gact(p.get().verdict()),
                    Some(p.get().index.get()),
                    None,
                ),
                None => (Self::raw(kind, a)?, None, None),
            },
            ActOptions::Mirred(m) => match MirredOptions::from(m).parms()? {
                Some(p) => {
                    let p = p.get();
                    let k = ActionKind::Mirred {
                        action: MirredAction(p.eaction.get()),
                        ifindex: p.ifindex.get(),
                        verdict: p.tc_gen.verdict(),
                    };
                    (k, Some(p.tc_gen.index.get()), None)
                }
                None => (Self::raw(kind, a)?, None, None),
            },
            _ => (Self::raw(kind, a)?, None, None),
        }))
    }

    fn raw(kind: &str, a: &Action<'_>) -> Result<ActionKind> {
        Ok(ActionKind::Raw(RawKind {
            kind: kind.to_owned(),
            options: a.attr(TcaAct::OPTIONS.0)?.map(|o| o.payload().to_vec()),
        }))
    }
}

settable! {
    /// One action: to add (in an [`ActionRequest`] or a filter's action list), or as the kernel
    /// reports it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TcAction {
        /// The kind and its settings.
        fixed kind: ActionKind,
        /// `index`: the action's number among those of its kind; 0 in a request lets the kernel
        /// pick one.
        index: u32,
        /// The control action after it (`pipe`, `ok`, `drop`, `reclassify`, `continue`, `jump
        /// N`, `goto chain N`): `None` for the kind's default as `tc` picks it
        /// ([`ActionKind::default_control`]). `gact` and `mirred` carry theirs in their kind
        /// and take none here.
        control: Option<Verdict>,
        /// `cookie`: up to 16 bytes kept for the user.
        cookie: Option<Vec<u8>>,
        /// `TCA_ACT_STATS` (dumps).
        fixed stats: Option<TcStatistics>,
    }
}

impl TcAction {
    /// An action of `kind` with index 0.
    #[must_use]
    pub fn new(kind: ActionKind) -> Self {
        TcAction {
            kind,
            index: 0,
            control: None,
            cookie: None,
            stats: None,
        }
    }

    /// Writes `self` as action number `order` of a list (`TCA_ROOT_TAB`, a filter's
    /// `TCA_*_ACT`), as `tc` writes it: kind, options, cookie.
    pub fn write_to<W: AttrWrite>(&self, list: &mut W, order: u16) {
        let mut a = put_action(list, order, self.kind.name());
        self.kind.write_options(&mut a, self.index, self.control);
        if let Some(c) = &self.cookie {
            a.put(TcaAct::COOKIE, c);
        }
    }

    /// Decodes one action of a list.
    ///
    /// # Errors
    /// When an attribute does not fit its type, or the action has no kind.
    pub fn from_view(a: &Action<'_>) -> Result<TcAction> {
        let (kind, parms_index, control) = ActionKind::read(a)?
            .ok_or(Error::InvalidArgument("an action without a kind".into()))?;
        Ok(TcAction {
            kind,
            index: parms_index.or(a.index()?).unwrap_or(0),
            control,
            cookie: a.cookie()?.map(<[u8]>::to_vec),
            stats: match a.stats()? {
                Some(s) => Some(TcStatistics::from_stats2(&Stats2::from(s))?),
                None => None,
            },
        })
    }

    pub(crate) fn validate(&self) -> Result<()> {
        validate_kind(self.kind.name())?;
        if self.control.is_some() && self.kind.default_control().is_none() {
            return Err(Error::InvalidArgument(format!(
                "{}: the verdict is in the kind's settings, not a control action",
                self.kind.name()
            )));
        }
        if self.cookie.as_ref().is_some_and(|c| c.len() > 16) {
            return Err(Error::InvalidArgument(
                "an action cookie has 16 bytes at most".into(),
            ));
        }
        Ok(())
    }
}

/// Writes `actions` into an action list (`TCA_ROOT_TAB`, a filter's `TCA_*_ACT`), numbered
/// from 1 as `tc` numbers them.
pub(crate) fn write_list<W: AttrWrite>(list: &mut W, actions: &[TcAction]) {
    for (a, order) in actions.iter().zip(1u16..) {
        a.write_to(list, order);
    }
}

/// Reads an action list, in its order.
pub(crate) fn read_list(list: Option<ActionList<'_>>) -> Result<Vec<TcAction>> {
    let mut out = Vec::new();
    if let Some(l) = list {
        for a in l.iter() {
            out.push(TcAction::from_view(&a?.1)?);
        }
    }
    Ok(out)
}

/// The actions of one action message (`RTM_NEWACTION`): what the generic layer walks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActionBatch {
    /// The actions, in the message's order.
    pub actions: Vec<TcAction>,
}

settable! {
    /// Which actions [`Connection::actions`] lists: those of one kind (`tc actions ls action
    /// KIND`), which the kernel requires.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ActionSelector {
        /// The kind: required.
        kind: Option<String>,
        /// `TCA_ACT_FLAG_TERSE_DUMP`: only kind, index, statistics and cookie (`tc -brief`).
        terse: bool,
    }
}

impl Object for ActionBatch {
    type View<'a> = ActionMsg<'a>;
    type Filter = ActionSelector;
    const NEW: MessageType = RTM_NEWACTION;
    const DEL: MessageType = RTM_DELACTION;
    const GET: MessageType = RTM_GETACTION;
    const REPLY: MessageType = RTM_GETACTION;

    fn dump_request(filter: &ActionSelector, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // tc's dump: the kind alone in the list, then the flags.
        let mut b = ActionMsg::builder(buf, RTM_GETACTION, Flags::EMPTY, &TcaMsg::default())?;
        put_action(
            &mut b.nest(TcaRoot::TAB),
            1,
            filter.kind.as_deref().unwrap_or_default(),
        )
        .end();
        let mut flags = RootFlags::LARGE_DUMP_ON;
        if filter.terse {
            flags |= RootFlags::TERSE_DUMP;
        }
        b.put_struct(
            TcaRoot::FLAGS,
            &NlaBitfield32::new(flags.bits(), flags.bits()),
        );
        b.finish()
    }

    fn matches(_filter: &ActionSelector, _m: &ActionMsg<'_>) -> Result<bool> {
        Ok(true)
    }

    fn validate_filter(filter: &ActionSelector) -> Result<()> {
        match &filter.kind {
            Some(k) => validate_kind(k),
            None => Err(Error::InvalidArgument("actions are listed by kind".into())),
        }
    }

    fn from_view(m: &ActionMsg<'_>) -> Result<ActionBatch> {
        Ok(ActionBatch {
            actions: read_list(m.actions()?)?,
        })
    }
}

/// Standalone actions to add (`tc actions add`), or to get or delete by kind and index
/// (`tc actions get|del action KIND index N`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActionRequest {
    /// Actions to add, numbered from 1 in their order.
    Add(Vec<TcAction>),
    /// The action of `kind` numbered `index`.
    Existing {
        /// `TCA_ACT_KIND`.
        kind: String,
        /// `TCA_ACT_INDEX`.
        index: u32,
    },
    /// Every action of `kind` (`tc actions flush action KIND`): a delete with `NLM_F_ROOT`.
    Flush(String),
}

impl Request for ActionRequest {
    type Object = ActionBatch;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        match self {
            ActionRequest::Add(list) if list.is_empty() => {
                Err(Error::InvalidArgument("no action to add".into()))
            }
            ActionRequest::Add(_) if t != RTM_NEWACTION => Err(Error::InvalidArgument(
                "actions are deleted by kind and index".into(),
            )),
            ActionRequest::Add(list) => list.iter().try_for_each(TcAction::validate),
            ActionRequest::Existing { kind, .. } => validate_kind(kind),
            ActionRequest::Flush(_) if t != RTM_DELACTION => Err(Error::InvalidArgument(
                "a flush is a delete of every action of a kind".into(),
            )),
            ActionRequest::Flush(kind) => validate_kind(kind),
        }
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        // tc flushes with NLM_F_ROOT on the delete, and asks for large dumps.
        let flush = matches!(self, ActionRequest::Flush(_));
        let flags = if flush {
            Flags(flags.0 | Flags::ROOT.0)
        } else {
            flags
        };
        let mut b = ActionMsg::builder(buf, t, flags, &TcaMsg::default())?;
        {
            let mut tab = b.nest(TcaRoot::TAB);
            match self {
                ActionRequest::Add(list) => write_list(&mut tab, list),
                ActionRequest::Existing { kind, index } => {
                    put_action(&mut tab, 1, kind).put_u32(TcaAct::INDEX, *index);
                }
                ActionRequest::Flush(kind) => put_action(&mut tab, 1, kind).end(),
            }
        }
        if flush {
            let on = RootFlags::LARGE_DUMP_ON.bits();
            b.put_struct(TcaRoot::FLAGS, &NlaBitfield32::new(on, on));
        }
        b.finish()
    }
}

named_ops! { ActionBatch, ActionRequest;
    list action_batches "The action messages of a dump (`tc actions ls action KIND`), each holding its actions; [`Connection::actions`] flattens them.";
    add add_actions "Adds standalone actions (`tc actions add`); fails with `EEXIST` if one of their indexes is taken.";
    replace replace_actions "Adds standalone actions or replaces those whose indexes are taken (`tc actions replace`, and `tc actions change`, which sends the same flags).";
    delete delete_action "Deletes a standalone action (`tc actions del action KIND index N`).";
}

impl Connection {
    /// Every action of `filter`'s kind (`tc actions ls action KIND`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a kind; the kernel's error otherwise.
    pub fn actions(&self, filter: ActionSelector) -> Result<Vec<TcAction>> {
        Ok(self
            .action_batches(filter)?
            .into_iter()
            .flat_map(|b| b.actions)
            .collect())
    }

    /// Deletes every standalone action of `kind` (`tc actions flush action KIND`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a kind that is no word; the kernel's error otherwise.
    pub fn flush_actions(&self, kind: &str) -> Result<()> {
        self.delete(&ActionRequest::Flush(kind.to_owned()))
    }

    /// The action of `kind` numbered `index` (`tc actions get action KIND index N`); `None`
    /// when the kernel has no action of that kind at that index.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a kind that is no word; the kernel's other errors
    /// (`EINVAL` for a kind it does not know); [`Error::MissingReply`] when its answer holds
    /// no action.
    pub fn get_action(&self, kind: &str, index: u32) -> Result<Option<TcAction>> {
        self.get::<ActionBatch, _>(&(kind, index))?
            .map(|b| {
                b.actions.into_iter().next().ok_or(Error::MissingReply {
                    expected: RTM_NEWACTION,
                })
            })
            .transpose()
    }
}

/// A standalone action by kind and index (`tc actions get action KIND index N`): the kernel
/// answers with one message of type `RTM_GETACTION` holding the action, and a miss with
/// `ENOENT`.
impl Lookup<(&str, u32)> for ActionBatch {
    fn get_request(key: &(&str, u32), buf: &mut Vec<u8>) -> Result<()> {
        let (kind, index) = *key;
        let req = ActionRequest::Existing {
            kind: kind.to_owned(),
            index,
        };
        req.validate(RTM_GETACTION, Flags::EMPTY)?;
        // tc asks without NLM_F_ACK or NLM_F_ECHO.
        req.build(buf, RTM_GETACTION, Flags::EMPTY)
            .map_err(Error::Encode)?;
        Ok(())
    }
}
