//! Actions as they travel: one action's attributes (`TCA_ACT_*`: kind, options typed by the
//! kind, index, statistics, cookie, flags), the numbered lists actions come in
//! ([`ActionList`]: a filter's `TCA_*_ACT`, an action message's `TCA_ROOT_TAB`), and the
//! action messages (`RTM_NEWACTION`, `RTM_DELACTION`, `RTM_GETACTION`: `struct tcamsg`, then
//! `TCA_ROOT_*`), a family of their own ([`ActionMsg`]).
//!
//! A list's nests are numbered by the actions' order: from 1 in requests and filter dumps,
//! from 0 in the kernel's dumps of standalone actions; [`ActionList::iter`] gives the numbers
//! as they came. [`Action::options`] picks the kind's view of `TCA_ACT_OPTIONS`
//! ([`ActOptions`]); kinds this crate does not know stay raw.
//!
//! Sources of truth: `include/uapi/linux/pkt_cls.h` (`TCA_ACT_*`), `rtnetlink.h`
//! (`struct tcamsg`, `TCA_ROOT_*`) and the `tc_act/*.h` of each kind.

use zerocopy::byteorder::native_endian::U16;

use crate::attr::{Attr, AttrWrite, NLA_F_NESTED, Nest};
use crate::error::Result;
use crate::rtnl::tc::{
    NlaBitfield32, TcaActBpf, TcaConnmark, TcaCsum, TcaCt, TcaCtinfo, TcaGact, TcaGate, TcaMirred,
    TcaMpls, TcaNat, TcaPedit, TcaPolice, TcaSample, TcaSkbedit, TcaSkbmod, TcaStats, TcaTunnelKey,
    TcaVlan,
};
use crate::rtnl::{Group, RTM_DELACTION, RTM_GETACTION, RTM_NEWACTION};
use crate::typed::{Check, Untyped, Walker, walk_list_by};

attributes! {
    /// One action, as a filter's action list or an action message holds it.
    view Action;
    /// `TCA_ACT_*`: the attributes of one action.
    numbers TcaAct;
    /// A typed action attribute.
    enum ActionAttr<'a>;
    /// The action's kind (`gact`, `mirred`, `police`...).
    KIND = 1, "TCA_ACT_KIND", Kind(str), kind;
    /// The kind's options, typed by [`Action::options`].
    OPTIONS = 2, "TCA_ACT_OPTIONS", Options(nest Untyped);
    /// The action's index (requests for one action, terse dumps).
    INDEX = 3, "TCA_ACT_INDEX", Index(u32), index;
    /// The statistics: `TCA_STATS_*`, read with [`Stats2`](super::Stats2).
    STATS = 4, "TCA_ACT_STATS", Stats(nest TcaStats), stats;
    /// Padding for 64-bit alignment.
    PAD = 5, "TCA_ACT_PAD", Pad(bytes);
    /// An opaque cookie of up to 16 bytes, kept for the user.
    COOKIE = 6, "TCA_ACT_COOKIE", Cookie(bytes), cookie;
    /// [`ActFlags`](super::ActFlags) with their selector.
    FLAGS = 7, "TCA_ACT_FLAGS", Flags({NlaBitfield32}), flags;
    /// The [`HwStats`](super::HwStats) kinds wanted, with their selector.
    HW_STATS = 8, "TCA_ACT_HW_STATS", HwStats({NlaBitfield32}), hw_stats;
    /// The [`HwStats`](super::HwStats) kinds the device used (dumps).
    USED_HW_STATS = 9, "TCA_ACT_USED_HW_STATS", UsedHwStats({NlaBitfield32}), used_hw_stats;
    /// How many devices run the action in hardware (dumps).
    IN_HW_COUNT = 10, "TCA_ACT_IN_HW_COUNT", InHwCount(u32), in_hw_count;
}

tc_kinds! {
    /// The options (`TCA_ACT_OPTIONS`) of an action, typed by its kind: what
    /// [`Action::options`] returns. Nests are read with their kind's view
    /// (`GactOptions::from(nest)`).
    enum ActOptions<'a> = TcaAct::OPTIONS;
    /// [`GactOptions`](super::GactOptions).
    Gact(nest TcaGact) = "gact";
    /// [`MirredOptions`](super::MirredOptions).
    Mirred(nest TcaMirred) = "mirred";
    /// [`PoliceOptions`](super::PoliceOptions).
    Police(nest TcaPolice) = "police";
    /// [`SkbeditOptions`](super::SkbeditOptions).
    Skbedit(nest TcaSkbedit) = "skbedit";
    /// [`VlanOptions`](super::VlanOptions).
    Vlan(nest TcaVlan) = "vlan";
    /// [`PeditOptions`](super::PeditOptions).
    Pedit(nest TcaPedit) = "pedit";
    /// [`CsumOptions`](super::CsumOptions).
    Csum(nest TcaCsum) = "csum";
    /// [`NatOptions`](super::NatOptions).
    Nat(nest TcaNat) = "nat";
    /// [`TunnelKeyOptions`](super::TunnelKeyOptions).
    TunnelKey(nest TcaTunnelKey) = "tunnel_key";
    /// [`SampleOptions`](super::SampleOptions).
    Sample(nest TcaSample) = "sample";
    /// [`CtOptions`](super::CtOptions).
    Ct(nest TcaCt) = "ct";
    /// [`ConnmarkOptions`](super::ConnmarkOptions).
    Connmark(nest TcaConnmark) = "connmark";
    /// [`CtinfoOptions`](super::CtinfoOptions).
    Ctinfo(nest TcaCtinfo) = "ctinfo";
    /// [`MplsOptions`](super::MplsOptions).
    Mpls(nest TcaMpls) = "mpls";
    /// [`ActBpfOptions`](super::ActBpfOptions).
    Bpf(nest TcaActBpf) = "bpf";
    /// [`SkbmodOptions`](super::SkbmodOptions).
    Skbmod(nest TcaSkbmod) = "skbmod";
    /// [`GateOptions`](super::GateOptions).
    Gate(nest TcaGate) = "gate";
}

impl<'a> Action<'a> {
    /// `TCA_ACT_OPTIONS`, typed by `TCA_ACT_KIND`; `ActOptions::Other` when there is no kind,
    /// or one this crate does not type.
    ///
    /// # Errors
    /// When the kind or the options are malformed, or a malformed attribute comes before them.
    #[inline]
    pub fn options(&self) -> Result<Option<ActOptions<'a>>> {
        let Some(a) = self.attr(TcaAct::OPTIONS.0)? else {
            return Ok(None);
        };
        match self.kind()? {
            Some(kind) => ActOptions::decode(kind, a).map(Some),
            None => Ok(Some(ActOptions::Other(a))),
        }
    }

    /// The check walk of one action: its attributes, with the options typed by its kind.
    fn walk(&self, w: &mut Walker) {
        let kind = self.kind().ok().flatten();
        w.nested(|w| {
            walk_list_by::<TcaAct>(self.attrs(), w, |v, w| match (v, kind) {
                (ActionAttr::Options(o), Some(kind)) => ActOptions::check_attr(kind, o.attr(), w),
                (v, _) => v.check(w),
            });
        });
    }
}

/// A list of actions: a filter's `TCA_*_ACT` or an action message's `TCA_ROOT_TAB`, one nest
/// per action numbered by its order. The attribute is kept whole, flags included, so that it
/// writes back as it came; two lists are equal when their type bits and bytes are, wherever
/// they were read.
#[derive(Clone, Copy)]
pub struct ActionList<'a> {
    attr: Attr<'a>,
}

impl<'a> ActionList<'a> {
    /// The list in attribute `attr`.
    #[must_use]
    #[inline]
    pub fn new(attr: Attr<'a>) -> Self {
        ActionList { attr }
    }

    /// The attribute that holds the list.
    #[must_use]
    #[inline]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// The actions: each one's number (its order) and view. A malformed nest ends the
    /// iteration with its framing error.
    pub fn iter(&self) -> impl Iterator<Item = Result<(u16, Action<'a>)>> + use<'a> {
        self.attr
            .nested()
            .map(|r| r.map(|a| (a.kind(), Action::new(a.nested()))))
    }
}

impl PartialEq for ActionList<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.attr.raw_type() == other.attr.raw_type() && self.attr.payload() == other.attr.payload()
    }
}

impl core::fmt::Debug for ActionList<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ActionList")
            .field("flagged", &self.attr.is_nested())
            .field("actions", &self.attr.nested())
            .finish()
    }
}

attr_view_value!(['a] ActionList<'a> = ActionList::new);

impl Check for ActionList<'_> {
    fn check(&self, w: &mut Walker) {
        w.nested(|w| {
            for item in self.iter() {
                match item {
                    Ok((_, a)) => a.walk(w),
                    Err(_) => w.summary.typed_errors = w.summary.typed_errors.saturating_add(1),
                }
            }
        });
    }
}

/// Starts action number `order` of an action list (`TCA_*_ACT`, `TCA_ROOT_TAB`) with its kind,
/// as `tc` writes it; the options ([`put_action_options`]), cookie and flags go in the returned
/// nest, which ends when dropped.
#[inline]
pub fn put_action<'w, W: AttrWrite>(w: &'w mut W, order: u16, kind: &str) -> Nest<'w> {
    let mut nest = w.nest(order);
    nest.put_str(TcaAct::KIND, kind);
    nest
}

/// Starts an action's `TCA_ACT_OPTIONS`, with `NLA_F_NESTED` as `tc` sends it.
#[inline]
pub fn put_action_options<W: AttrWrite>(w: &mut W) -> Nest<'_> {
    w.nest(TcaAct::OPTIONS.0 | NLA_F_NESTED)
}

// ---------------------------------------------------------------------------------------------
// Action messages

kernel_struct! {
    /// `struct tcamsg`: the family header of action messages.
    #[allow(non_snake_case)]
    TcaMsg = "tcamsg", 4 {
        /// `tca_family`: `AF_UNSPEC`.
        pub tca_family: u8,
        /// `tca__pad1`.
        pub tca__pad1: u8,
        /// `tca__pad2`.
        pub tca__pad2: U16,
    }
}

flags! {
    /// `TCA_ACT_FLAG_*`: the bits of an action dump request's `TCA_ROOT_FLAGS`.
    RootFlags(u32);
    /// More than 32 actions per message (`TCA_ROOT_COUNT` then says how many).
    LARGE_DUMP_ON = 0x1, "TCA_ACT_FLAG_LARGE_DUMP_ON", "large_dump";
    /// Only the kind, index, statistics and cookie of each action.
    TERSE_DUMP = 0x2, "TCA_ACT_FLAG_TERSE_DUMP", "terse";
}

family! {
    /// A view of an action message: actions added, deleted, asked for or dumped.
    view ActionMsg(TcaMsg, "tcamsg");
    family "action", messages [RTM_NEWACTION, RTM_DELACTION, RTM_GETACTION],
        groups [Group::TC.0];
    /// `TCA_ROOT_*`: the attribute numbers of action messages.
    numbers TcaRoot;
    /// A typed action message attribute.
    enum RootAttr<'a>;
    /// The actions (`TCA_ACT_TAB`).
    #[doc(alias = "TCA_ACT_TAB")]
    TAB = 1, "TCA_ROOT_TAB", Tab(val ActionList<'a>), actions;
    /// In a dump request: [`RootFlags`] with their selector.
    FLAGS = 2, "TCA_ROOT_FLAGS", Flags({NlaBitfield32}), flags;
    /// In a dump: how many actions the message holds.
    COUNT = 3, "TCA_ROOT_COUNT", Count(u32), count;
    /// In a dump request: only actions used in the last this many milliseconds.
    TIME_DELTA = 4, "TCA_ROOT_TIME_DELTA", TimeDelta(u32), time_delta;
    /// A warning the kernel attaches to a notification.
    EXT_WARN_MSG = 5, "TCA_ROOT_EXT_WARN_MSG", ExtWarnMsg(str), ext_warn_msg;
}

impl ActionMsg<'_> {
    /// `tca_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> crate::rtnl::AddressFamily {
        crate::rtnl::AddressFamily(self.header().tca_family)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::message::{MessageBuilder, Msg};
    use crate::rtnl::tc::tests::{
        Skb, actions_as_tc, after, blocks, hex, request, testdata, walks_cleanly,
    };
    use crate::rtnl::tc::{ActFlags, HwStats, TcGen, TcMirred, TcaGact, TcaMirred, Verdict};
    use zerocopy::byteorder::native_endian::{I32, U32};

    /// Writes `TCA_ROOT_TAB` with one action of `kind` (number 1), its options written by
    /// `options` in a flagged nest, then what `rest` adds after them, as `tc actions add`
    /// writes it.
    pub(crate) fn one_action(
        b: &mut MessageBuilder<'_>,
        kind: &str,
        options: impl FnOnce(&mut Nest<'_>),
        rest: impl FnOnce(&mut Nest<'_>),
    ) {
        let mut tab = b.nest(TcaRoot::TAB);
        let mut a = put_action(&mut tab, 1, kind);
        options(&mut put_action_options(&mut a));
        rest(&mut a);
    }

    /// Writes the action list `list` of a filter (`TCA_U32_ACT`...) with one action of `kind`
    /// (number 1) whose options `options` writes, as `tc filter add ... action KIND` does.
    pub(crate) fn filter_action<W: AttrWrite>(
        w: &mut W,
        list: impl Into<u16>,
        kind: &str,
        options: impl FnOnce(&mut Nest<'_>),
    ) {
        let mut l = w.nest(list);
        let mut a = put_action(&mut l, 1, kind);
        options(&mut put_action_options(&mut a));
    }

    /// `gact` with verdict `v` (index 0), in a filter's action list `list`.
    pub(crate) fn gact<W: AttrWrite>(w: &mut W, list: impl Into<u16>, v: Verdict) {
        filter_action(w, list, "gact", |o| {
            o.put_struct(TcaGact::PARMS, &TcGen::new(0, v));
        });
    }

    /// The parameters of `mirred egress redirect dev v1` (ifindex 2) in a filter.
    pub(crate) fn redirect_parms() -> TcMirred {
        TcMirred {
            tc_gen: TcGen::new(0, Verdict::STOLEN),
            eaction: I32::new(crate::rtnl::tc::MirredAction::EGRESS_REDIR.0),
            ifindex: U32::new(2),
        }
    }

    /// `mirred egress redirect dev v1`, in a filter's action list `list`.
    pub(crate) fn redirect<W: AttrWrite>(w: &mut W, list: impl Into<u16>) {
        filter_action(w, list, "mirred", |o| {
            o.put_struct(TcaMirred::PARMS, &redirect_parms());
        });
    }

    /// Checks a mirred action against the block `tc` printed for it (`action order N: mirred
    /// (Egress Mirror to device lo) pipe`, its index and counts, statistics and cookie); the
    /// order too when there is one to compare.
    pub(crate) fn mirred_as_shown(order: Option<u16>, a: &Action<'_>, block: &[&str]) {
        use crate::rtnl::tc::{MirredAction, MirredOptions, Stats2};
        let head = block[0].trim();
        if let Some(order) = order {
            assert_eq!(after(head, "action order "), format!("{order}:"), "{head}");
        }
        assert_eq!(a.kind().unwrap(), Some("mirred"));
        let Some(ActOptions::Mirred(n)) = a.options().unwrap() else {
            panic!("{head}")
        };
        let m = MirredOptions::from(n);
        let p = m.parms().unwrap().unwrap().get();
        let what = match MirredAction(p.eaction.get()) {
            MirredAction::EGRESS_MIRROR => "Egress Mirror",
            MirredAction::EGRESS_REDIR => "Egress Redirect",
            MirredAction::INGRESS_MIRROR => "Ingress Mirror",
            MirredAction::INGRESS_REDIR => "Ingress Redirect",
            other => panic!("{other:?}"),
        };
        let dev = ["", "lo", "v1", "v0"][p.ifindex.get() as usize];
        assert!(
            head.ends_with(&format!("({what} to device {dev}) {}", p.verdict())),
            "{head}"
        );
        let line = |key: &str| *block.iter().find(|l| l.contains(key)).unwrap();
        let ids = line("index ");
        assert_eq!(after(ids, "index "), p.tc_gen.index.get().to_string());
        assert_eq!(after(ids, " ref "), p.tc_gen.refcnt.get().to_string());
        assert_eq!(after(ids, " bind "), p.tc_gen.bindcnt.get().to_string());
        // tc prints the times in whole seconds of USER_HZ (100) ticks.
        let tm = m.tm().unwrap().unwrap().get();
        assert_eq!(
            after(ids, "installed "),
            (tm.install.get() / 100).to_string()
        );
        let stats = Stats2::from(a.stats().unwrap().unwrap());
        let basic = stats.basic().unwrap().unwrap().get();
        let sent = line("Sent ");
        assert_eq!(after(sent, "Sent "), basic.bytes.get().to_string());
        assert_eq!(after(sent, " bytes "), basic.packets.get().to_string());
        match block.iter().find(|l| l.trim().starts_with("cookie ")) {
            Some(c) => {
                assert_eq!(after(c, "cookie "), hex(a.cookie().unwrap().unwrap()));
            }
            None => assert_eq!(a.cookie().unwrap(), None),
        }
    }

    /// Every action of a list that must be there and well framed.
    pub(crate) fn all<'a>(list: Result<Option<ActionList<'a>>>) -> Vec<(u16, Action<'a>)> {
        list.unwrap().unwrap().iter().map(Result::unwrap).collect()
    }

    /// The action message `tc` sent for `name`, read as a view.
    pub(crate) fn message(name: &str) -> ActionMsg<'static> {
        ActionMsg::parse(Msg::parse(request(name)).unwrap()).unwrap()
    }

    /// The first action of the request `tc` sent for `name`.
    pub(crate) fn action_message(name: &str) -> Action<'static> {
        let list = message(name).actions().unwrap().unwrap();
        let (order, a) = list.iter().next().unwrap().unwrap();
        assert_eq!(order, 1);
        a
    }

    #[test]
    fn builds_what_tc_sends_for_action_requests() {
        // `tc actions get action mirred index 7`, `tc actions del ...`: the kind and index.
        for name in ["act_get", "act_del"] {
            actions_as_tc(name, |b| {
                let mut tab = b.nest(TcaRoot::TAB);
                let mut a = put_action(&mut tab, 1, "mirred");
                ActionAttr::Index(7).write_to(&mut a);
            });
        }
        // `tc actions ls action mirred`: a dump of the kind, more than 32 per message; with
        // `-brief`, terse too. `tc actions flush action gact`: RTM_DELACTION with NLM_F_ROOT.
        for (name, kind, flags) in [
            ("act_ls", "mirred", RootFlags::LARGE_DUMP_ON),
            (
                "act_ls_terse",
                "mirred",
                RootFlags::LARGE_DUMP_ON | RootFlags::TERSE_DUMP,
            ),
            ("act_flush", "gact", RootFlags::LARGE_DUMP_ON),
        ] {
            actions_as_tc(name, |b| {
                put_action(&mut b.nest(TcaRoot::TAB), 1, kind).end();
                b.put_struct(
                    TcaRoot::FLAGS,
                    &NlaBitfield32::new(flags.bits(), flags.bits()),
                );
            });
        }
        // `tc actions add action gact pass index 41 cookie 0a0b hw_stats immediate no_percpu
        // skip_hw`: cookie, then hardware statistics, then flags, after the options.
        actions_as_tc("act_flags", |b| {
            one_action(
                b,
                "gact",
                |o| {
                    o.put_struct(TcaGact::PARMS, &TcGen::new(41, Verdict::OK));
                },
                |a| {
                    let flags = ActFlags::NO_PERCPU_STATS | ActFlags::SKIP_HW;
                    a.put(TcaAct::COOKIE, &[0x0a, 0x0b]);
                    a.put_struct(
                        TcaAct::HW_STATS,
                        &NlaBitfield32::new(HwStats::IMMEDIATE.bits(), HwStats::IMMEDIATE.bits()),
                    );
                    a.put_struct(
                        TcaAct::FLAGS,
                        &NlaBitfield32::new(flags.bits(), flags.bits()),
                    );
                },
            );
        });
        // `tc actions add action gact drop index 42 action mirred egress mirror dev v1 index
        // 43`: two actions, numbered 1 and 2.
        actions_as_tc("act_two", |b| {
            let mut tab = b.nest(TcaRoot::TAB);
            {
                let mut a = put_action(&mut tab, 1, "gact");
                put_action_options(&mut a)
                    .put_struct(TcaGact::PARMS, &TcGen::new(42, Verdict::SHOT));
            }
            let mut a = put_action(&mut tab, 2, "mirred");
            put_action_options(&mut a).put_struct(
                TcaMirred::PARMS,
                &TcMirred {
                    tc_gen: TcGen::new(43, Verdict::PIPE),
                    eaction: I32::new(crate::rtnl::tc::MirredAction::EGRESS_MIRROR.0),
                    ifindex: U32::new(2),
                },
            );
        });

        let m = message("act_ls_terse");
        let f = m.flags().unwrap().unwrap().get();
        assert_eq!(
            RootFlags(f.value.get()),
            RootFlags::LARGE_DUMP_ON | RootFlags::TERSE_DUMP
        );
        let a = action_message("act_flags");
        let flags = a.flags().unwrap().unwrap().get();
        assert_eq!(
            ActFlags(flags.value.get()),
            ActFlags::NO_PERCPU_STATS | ActFlags::SKIP_HW
        );
        assert_eq!(
            HwStats(a.hw_stats().unwrap().unwrap().get().value.get()),
            HwStats::IMMEDIATE
        );
        let kinds: Vec<_> = message("act_two")
            .actions()
            .unwrap()
            .unwrap()
            .iter()
            .map(|r| {
                let (n, a) = r.unwrap();
                (
                    n,
                    a.kind().unwrap().unwrap(),
                    a.options().unwrap().unwrap().kind(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [(1, "gact", Some("gact")), (2, "mirred", Some("mirred"))]
        );
        assert_eq!(action_message("act_get").index().unwrap(), Some(7));
        assert_eq!(action_message("act_get").options().unwrap(), None);
    }

    /// One action as `tcf_action_dump_1` writes it, numbered `order`: the kind, the
    /// statistics (`gnet_stats_start_copy` and `gnet_stats_copy_*`: basic, basic in hardware,
    /// queue, each 64-bit aligned), the cookie, the in-hardware count, then the kind's `dump`
    /// of its options in a nest without `NLA_F_NESTED`.
    pub(crate) fn kernel_action(
        k: &mut Skb,
        order: u16,
        kind: &str,
        cookie: Option<&[u8]>,
        options: impl FnOnce(&mut Skb),
    ) {
        use crate::rtnl::tc::{GnetStatsBasic, GnetStatsQueue};
        use zerocopy::IntoBytes;
        use zerocopy::byteorder::native_endian::U64;
        k.start(order);
        k.put(TcaAct::KIND, format!("{kind}\0").as_bytes());
        k.start64(TcaAct::STATS, TcaAct::PAD);
        let basic = GnetStatsBasic {
            bytes: U64::new(1500),
            packets: U32::new(10),
            ..GnetStatsBasic::default()
        };
        k.put64(TcaStats::BASIC, basic.as_bytes(), TcaStats::PAD);
        k.put64(
            TcaStats::BASIC_HW,
            GnetStatsBasic::default().as_bytes(),
            TcaStats::PAD,
        );
        k.put64(
            TcaStats::QUEUE,
            GnetStatsQueue::default().as_bytes(),
            TcaStats::PAD,
        );
        k.end();
        if let Some(c) = cookie {
            k.put(TcaAct::COOKIE, c);
        }
        k.put(TcaAct::IN_HW_COUNT, &0u32.to_ne_bytes());
        k.start(TcaAct::OPTIONS);
        options(k);
        k.end();
        k.end();
    }

    fn action_messages(bytes: &[u8]) -> Vec<ActionMsg<'_>> {
        crate::Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| ActionMsg::FAMILY.has_type(m.message_type()))
            .map(|m| ActionMsg::parse(m).unwrap())
            .collect()
    }

    #[test]
    fn decodes_the_kernels_action_dumps_as_tc_shows_them() {
        // RTM_GETACTION dump of the mirred actions (testdata/tc/README.md): one message of 5
        // actions numbered from 0, against `tc -s actions ls action mirred`.
        let bytes = testdata("dump-action-mirred.bin");
        walks_cleanly("dump-action-mirred", &bytes);
        let ms = action_messages(&bytes);
        assert_eq!(ms.len(), 1);
        let m = &ms[0];
        let text = String::from_utf8(testdata("action-show-mirred.txt")).unwrap();
        assert_eq!(
            after(&text, "total acts "),
            m.count().unwrap().unwrap().to_string()
        );
        let shown = blocks(&text, "\taction order ");
        let actions: Vec<_> = all(m.actions());
        assert_eq!(actions.len(), shown.len());
        for ((order, a), block) in actions.iter().zip(&shown) {
            mirred_as_shown(Some(*order), a, block);
            // Standalone dumps say which hardware statistics were used (none here).
            let used = a.used_hw_stats().unwrap().unwrap().get();
            assert_eq!((used.value.get(), used.selector.get()), (0, 3));
            assert_eq!(a.in_hw_count().unwrap(), Some(0));
        }
        assert_eq!(actions[0].0, 0);
        // The terse dump: the same actions with their indexes and no options; the count
        // says 0.
        let bytes = testdata("dump-action-terse.bin");
        walks_cleanly("dump-action-terse", &bytes);
        let terse = action_messages(&bytes);
        assert_eq!(terse[0].count().unwrap(), Some(0));
        let indexes: Vec<_> = terse[0]
            .actions()
            .unwrap()
            .unwrap()
            .iter()
            .map(|r| {
                let (_, a) = r.unwrap();
                assert_eq!(a.options().unwrap(), None);
                a.index().unwrap().unwrap()
            })
            .collect();
        assert_eq!(indexes, [1, 2, 3, 5, 6]);
        // One action asked for by index: the answer is an RTM_GETACTION (numbered 1, where
        // the dump said 3), then the ACK.
        let bytes = testdata("get-action.bin");
        walks_cleanly("get-action", &bytes);
        let got = action_messages(&bytes);
        assert_eq!(got[0].msg().message_type(), RTM_GETACTION);
        let (order, a) = all(got[0].actions())[0];
        assert_eq!(order, 1);
        mirred_as_shown(None, &a, &shown[3]);
    }

    #[test]
    fn decodes_every_action_kind_in_the_kernels_dump_layout() {
        use crate::rtnl::tc::*;
        use core::net::{Ipv4Addr, Ipv6Addr};
        use zerocopy::IntoBytes;
        use zerocopy::byteorder::native_endian::{U16, U64};
        // This kernel has only mirred, so the other kinds' answers could not be captured:
        // this is an RTM_NEWACTION in the layout of tca_get_fill, each action written in the
        // order its kind's dump function writes its attributes, from the uapi structs; every
        // kind's times (struct tcf_t) last or where the dump puts them, 64-bit aligned.
        let tm = TcfT {
            install: U64::new(300),
            lastuse: U64::new(100),
            ..TcfT::default()
        };
        let tm = tm.as_bytes();
        let parms = |index| TcGen {
            refcnt: I32::new(1),
            ..TcGen::new(index, Verdict::PIPE)
        };
        let mut k = Skb::new(RTM_NEWACTION, TcaMsg::default().as_bytes());
        k.start(TcaRoot::TAB);
        kernel_action(&mut k, 1, "gact", Some(&[0xab; 16]), |k| {
            k.put(TcaGact::PARMS, TcGen::new(1, Verdict::SHOT).as_bytes());
            let p = TcGactP {
                ptype: U16::new(GactProb::NETRAND.0),
                pval: U16::new(5000),
                paction: I32::new(Verdict::OK.0),
            };
            k.put(TcaGact::PROB, p.as_bytes());
            k.put64(TcaGact::TM, tm, TcaGact::PAD);
        });
        kernel_action(&mut k, 2, "police", None, |k| {
            // tcf_police_dump: the 64-bit rates first, then the struct, the result and the
            // times; no rate tables.
            k.put64(
                TcaPolice::RATE64,
                &(50_000_000_000u64 / 8).to_ne_bytes(),
                TcaPolice::PAD,
            );
            k.put64(TcaPolice::PKTRATE64, &1000u64.to_ne_bytes(), TcaPolice::PAD);
            k.put64(
                TcaPolice::PKTBURST64,
                &1_562_500u64.to_ne_bytes(),
                TcaPolice::PAD,
            );
            let p = TcPolice {
                index: U32::new(2),
                action: I32::new(Verdict::SHOT.0),
                rate: TcRatespec::new(50_000_000_000 / 8),
                ..TcPolice::default()
            };
            k.put(TcaPolice::TBF, p.as_bytes());
            k.put(TcaPolice::RESULT, &(Verdict::PIPE.0).to_ne_bytes());
            k.put(TcaPolice::AVRATE, &125_000u32.to_ne_bytes());
            k.put64(TcaPolice::TM, tm, TcaPolice::PAD);
        });
        kernel_action(&mut k, 3, "skbedit", None, |k| {
            k.put(TcaSkbedit::PARMS, parms(3).as_bytes());
            k.put(
                TcaSkbedit::PRIORITY,
                &TcHandle::new(1, 0x10).0.to_ne_bytes(),
            );
            k.put(TcaSkbedit::QUEUE_MAPPING, &3u16.to_ne_bytes());
            k.put(TcaSkbedit::MARK, &0x10u32.to_ne_bytes());
            k.put(TcaSkbedit::PTYPE, &PacketType::OTHERHOST.0.to_ne_bytes());
            k.put(TcaSkbedit::MASK, &0xffu32.to_ne_bytes());
            k.put64(
                TcaSkbedit::FLAGS,
                &SkbeditFlags::INHERITDSFIELD.bits().to_ne_bytes(),
                TcaSkbedit::PAD,
            );
            k.put64(TcaSkbedit::TM, tm, TcaSkbedit::PAD);
        });
        kernel_action(&mut k, 4, "vlan", None, |k| {
            let p = TcVlan {
                tc_gen: parms(4),
                v_action: I32::new(VlanAction::PUSH.0),
            };
            k.put(TcaVlan::PARMS, p.as_bytes());
            k.put(TcaVlan::PUSH_VLAN_ID, &100u16.to_ne_bytes());
            k.put(TcaVlan::PUSH_VLAN_PROTOCOL, &0x8100u16.to_be_bytes());
            k.put(TcaVlan::PUSH_VLAN_PRIORITY, &[3]);
            k.put64(TcaVlan::TM, tm, TcaVlan::PAD);
        });
        kernel_action(&mut k, 5, "pedit", None, |k| {
            // tcf_pedit_dump with extended keys: PARMS_EX (the struct and its keys), the
            // extended keys, then the times.
            let sel = TcPeditSel {
                tc_gen: parms(5),
                nkeys: 1,
                ..TcPeditSel::default()
            };
            let key = TcPeditKey {
                mask: zerocopy::byteorder::network_endian::U32::new(0x00ff_ffff),
                val: zerocopy::byteorder::network_endian::U32::new(0x4000_0000),
                off: U32::new(8),
                ..TcPeditKey::default()
            };
            k.put(
                TcaPedit::PARMS_EX,
                &[sel.as_bytes(), key.as_bytes()].concat(),
            );
            k.start(TcaPedit::KEYS_EX).start(TcaPedit::KEY_EX);
            k.put(TcaPeditKeyEx::HTYPE, &PeditHeader::IP4.0.to_ne_bytes());
            k.put(TcaPeditKeyEx::CMD, &PeditCmd::SET.0.to_ne_bytes());
            k.end().end();
            k.put64(TcaPedit::TM, tm, TcaPedit::PAD);
        });
        kernel_action(&mut k, 6, "csum", None, |k| {
            let p = TcCsum {
                tc_gen: parms(6),
                update_flags: U32::new(CsumFlags::UDP.bits()),
            };
            k.put(TcaCsum::PARMS, p.as_bytes());
            k.put64(TcaCsum::TM, tm, TcaCsum::PAD);
        });
        kernel_action(&mut k, 7, "nat", None, |k| {
            let p = TcNat {
                tc_gen: parms(7),
                old_addr: [192, 0, 2, 1],
                new_addr: [198, 51, 100, 1],
                mask: [255; 4],
                flags: U32::new(TCA_NAT_FLAG_EGRESS),
            };
            k.put(TcaNat::PARMS, p.as_bytes());
            k.put64(TcaNat::TM, tm, TcaNat::PAD);
        });
        kernel_action(&mut k, 8, "tunnel_key", None, |k| {
            let p = TcTunnelKey {
                tc_gen: parms(8),
                t_action: I32::new(TunnelKeyAction::SET.0),
            };
            k.put(TcaTunnelKey::PARMS, p.as_bytes());
            k.put(TcaTunnelKey::ENC_KEY_ID, &42u32.to_be_bytes());
            k.put(
                TcaTunnelKey::ENC_IPV6_SRC,
                &"2001:db8::1".parse::<Ipv6Addr>().unwrap().octets(),
            );
            k.put(
                TcaTunnelKey::ENC_IPV6_DST,
                &"2001:db8::2".parse::<Ipv6Addr>().unwrap().octets(),
            );
            k.put(TcaTunnelKey::ENC_DST_PORT, &6081u16.to_be_bytes());
            k.put(TcaTunnelKey::NO_CSUM, &[1]);
            k.start(TcaTunnelKey::ENC_OPTS).start(TcaTunnelOpts::GENEVE);
            k.put(TcaGeneveOpt::CLASS, &0x0102u16.to_be_bytes());
            k.put(TcaGeneveOpt::TYPE, &[0x80]);
            k.put(TcaGeneveOpt::DATA, &[1, 2, 3, 4, 5, 6, 7, 8]);
            k.end().end();
            k.put(TcaTunnelKey::ENC_TOS, &[0x10]);
            k.put(TcaTunnelKey::ENC_TTL, &[64]);
            k.put64(TcaTunnelKey::TM, tm, TcaTunnelKey::PAD);
        });
        kernel_action(&mut k, 9, "sample", None, |k| {
            k.put(TcaSample::PARMS, parms(9).as_bytes());
            k.put64(TcaSample::TM, tm, TcaSample::PAD);
            k.put(TcaSample::RATE, &100u32.to_ne_bytes());
            k.put(TcaSample::TRUNC_SIZE, &128u32.to_ne_bytes());
            k.put(TcaSample::PSAMPLE_GROUP, &5u32.to_ne_bytes());
        });
        kernel_action(&mut k, 10, "ct", None, |k| {
            let flags = CtActFlags::COMMIT | CtActFlags::NAT | CtActFlags::NAT_DST;
            k.put(TcaCt::ACTION, &flags.bits().to_ne_bytes());
            k.put(TcaCt::ZONE, &7u16.to_ne_bytes());
            k.put(TcaCt::MARK, &1u32.to_ne_bytes());
            k.put(TcaCt::MARK_MASK, &0xffu32.to_ne_bytes());
            k.put(TcaCt::LABELS, &[1; 16]);
            k.put(TcaCt::LABELS_MASK, &[0xff; 16]);
            k.put(TcaCt::NAT_IPV4_MIN, &[192, 0, 2, 1]);
            k.put(TcaCt::NAT_IPV4_MAX, &[192, 0, 2, 9]);
            k.put(TcaCt::NAT_PORT_MIN, &1000u16.to_be_bytes());
            k.put(TcaCt::NAT_PORT_MAX, &2000u16.to_be_bytes());
            k.put(TcaCt::PARMS, parms(10).as_bytes());
            k.put64(TcaCt::TM, tm, TcaCt::PAD);
        });
        kernel_action(&mut k, 11, "connmark", None, |k| {
            let p = TcConnmark {
                tc_gen: parms(11),
                zone: U16::new(3),
                ..TcConnmark::default()
            };
            k.put(TcaConnmark::PARMS, p.as_bytes());
            k.put64(TcaConnmark::TM, tm, TcaConnmark::PAD);
        });
        kernel_action(&mut k, 12, "ctinfo", None, |k| {
            k.put(TcaCtinfo::ACT, parms(12).as_bytes());
            k.put64(TcaCtinfo::TM, tm, TcaCtinfo::PAD);
            k.put(TcaCtinfo::ZONE, &2u16.to_ne_bytes());
            k.put(TcaCtinfo::PARMS_DSCP_MASK, &0xfc00_0000u32.to_ne_bytes());
            k.put(
                TcaCtinfo::PARMS_DSCP_STATEMASK,
                &0x0100_0000u32.to_ne_bytes(),
            );
            k.put64(
                TcaCtinfo::STATS_DSCP_SET,
                &7u64.to_ne_bytes(),
                TcaCtinfo::PAD,
            );
            k.put64(
                TcaCtinfo::STATS_DSCP_ERROR,
                &1u64.to_ne_bytes(),
                TcaCtinfo::PAD,
            );
        });
        kernel_action(&mut k, 13, "mpls", None, |k| {
            let p = TcMpls {
                tc_gen: parms(13),
                m_action: I32::new(MplsAction::PUSH.0),
            };
            k.put(TcaMpls::PARMS, p.as_bytes());
            k.put(TcaMpls::LABEL, &100u32.to_ne_bytes());
            k.put(TcaMpls::TC, &[3]);
            k.put(TcaMpls::TTL, &[64]);
            k.put(TcaMpls::BOS, &[1]);
            k.put(TcaMpls::PROTO, &0x8847u16.to_be_bytes());
            k.put64(TcaMpls::TM, tm, TcaMpls::PAD);
        });
        kernel_action(&mut k, 14, "bpf", None, |k| {
            // An eBPF program: its name, id and tag (tcf_bpf_dump_ebpf_info).
            k.put(TcaActBpf::PARMS, parms(14).as_bytes());
            k.put(TcaActBpf::NAME, b"prog\0");
            k.put(TcaActBpf::ID, &77u32.to_ne_bytes());
            k.put(
                TcaActBpf::TAG,
                &[0x59, 0xf4, 0xa9, 0x31, 0x74, 0x4d, 0xcd, 0xc6],
            );
            k.put64(TcaActBpf::TM, tm, TcaActBpf::PAD);
        });
        kernel_action(&mut k, 15, "skbmod", None, |k| {
            let p = TcSkbmod {
                tc_gen: parms(15),
                flags: U64::new((SkbmodFlags::DMAC | SkbmodFlags::ETYPE).bits()),
                ..TcSkbmod::default()
            };
            k.put(TcaSkbmod::PARMS, p.as_bytes());
            k.put(TcaSkbmod::DMAC, &[2, 0, 0, 0, 0, 1]);
            k.put(TcaSkbmod::ETYPE, &0x0800u16.to_ne_bytes());
            k.put64(TcaSkbmod::TM, tm, TcaSkbmod::PAD);
        });
        kernel_action(&mut k, 16, "gate", None, |k| {
            k.put(TcaGate::PARMS, parms(16).as_bytes());
            k.put(TcaGate::PRIORITY, &(-1i32).to_ne_bytes());
            k.put64(
                TcaGate::BASE_TIME,
                &1_000_000_000u64.to_ne_bytes(),
                TcaGate::PAD,
            );
            k.put64(
                TcaGate::CYCLE_TIME,
                &300_000_000u64.to_ne_bytes(),
                TcaGate::PAD,
            );
            k.put64(TcaGate::CYCLE_TIME_EXT, &0u64.to_ne_bytes(), TcaGate::PAD);
            k.put(TcaGate::CLOCKID, &11i32.to_ne_bytes());
            k.put(TcaGate::FLAGS, &0u32.to_ne_bytes());
            k.start(TcaGate::ENTRY_LIST);
            for (index, open) in [(0u32, true), (1, false)] {
                k.start(TcaGateList::ENTRY);
                k.put(TcaGateEntry::INDEX, &index.to_ne_bytes());
                if open {
                    k.put(TcaGateEntry::GATE, &[]);
                }
                k.put(TcaGateEntry::INTERVAL, &150_000_000u32.to_ne_bytes());
                k.put(TcaGateEntry::IPV, &(-1i32).to_ne_bytes());
                k.put(TcaGateEntry::MAX_OCTETS, &(-1i32).to_ne_bytes());
                k.end();
            }
            k.end();
            k.put64(TcaGate::TM, tm, TcaGate::PAD);
        });
        kernel_action(&mut k, 17, "mirred", None, |k| {
            let p = TcMirred {
                tc_gen: parms(17),
                eaction: I32::new(MirredAction::INGRESS_REDIR.0),
                ifindex: U32::new(2),
            };
            k.put(TcaMirred::PARMS, p.as_bytes());
            k.put64(TcaMirred::TM, tm, TcaMirred::PAD);
        });
        k.end();
        let bytes = k.finish();

        let s = walks_cleanly("every action kind", &bytes);
        assert!(s.typed > 17 * 8, "{s:?}");
        let m = ActionMsg::parse(crate::Msg::parse(&bytes).unwrap()).unwrap();
        let actions: Vec<_> = all(m.actions());
        assert_eq!(actions.len(), 17);
        for (order, a) in &actions {
            let options = a.options().unwrap().unwrap();
            assert_eq!(options.kind(), Some(a.kind().unwrap().unwrap()), "{order}");
            let stats = Stats2::from(a.stats().unwrap().unwrap());
            assert_eq!(stats.basic().unwrap().unwrap().get().packets.get(), 10);
            // Every kind's parameters say its index, and every kind reports its times.
            let (index, install) = match options {
                ActOptions::Gact(n) => {
                    let o = GactOptions::from(n);
                    let p = o.prob().unwrap().unwrap().get();
                    assert_eq!(
                        (GactProb(p.ptype.get()), p.pval.get()),
                        (GactProb::NETRAND, 5000)
                    );
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Police(n) => {
                    let o = PoliceOptions::from(n);
                    assert_eq!(o.rate().unwrap(), Some(50_000_000_000 / 8));
                    assert_eq!(
                        (o.pktrate64().unwrap(), o.avrate().unwrap()),
                        (Some(1000), Some(125_000))
                    );
                    assert_eq!(o.result().unwrap(), Some(Verdict::PIPE));
                    (o.tbf().unwrap().unwrap().get().index.get(), o.tm().unwrap())
                }
                ActOptions::Skbedit(n) => {
                    let o = SkbeditOptions::from(n);
                    assert_eq!(o.ptype().unwrap(), Some(PacketType::OTHERHOST));
                    assert_eq!(o.flags().unwrap(), Some(SkbeditFlags::INHERITDSFIELD));
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Vlan(n) => {
                    let o = VlanOptions::from(n);
                    assert_eq!(
                        (o.push_vlan_id().unwrap(), o.push_vlan_protocol().unwrap()),
                        (Some(100), Some(0x8100))
                    );
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Pedit(n) => {
                    let o = PeditOptions::from(n);
                    let sel = o.parms_ex().unwrap().unwrap();
                    assert_eq!(sel.entry(0).unwrap().off.get(), 8);
                    (sel.header().get().tc_gen.index.get(), o.tm().unwrap())
                }
                ActOptions::Csum(n) => {
                    let o = CsumOptions::from(n);
                    let p = o.parms().unwrap().unwrap().get();
                    assert_eq!(CsumFlags(p.update_flags.get()), CsumFlags::UDP);
                    (p.tc_gen.index.get(), o.tm().unwrap())
                }
                ActOptions::Nat(n) => {
                    let o = NatOptions::from(n);
                    let p = o.parms().unwrap().unwrap().get();
                    assert_eq!(Ipv4Addr::from(p.new_addr), Ipv4Addr::new(198, 51, 100, 1));
                    (p.tc_gen.index.get(), o.tm().unwrap())
                }
                ActOptions::TunnelKey(n) => {
                    let o = TunnelKeyOptions::from(n);
                    let opts = TunnelOpts::from(o.enc_opts().unwrap().unwrap());
                    let g = GeneveOpt::from(opts.geneve().unwrap().unwrap());
                    assert_eq!(g.data().unwrap().unwrap().len(), 8);
                    assert_eq!(
                        o.enc_ipv6_dst().unwrap(),
                        Some("2001:db8::2".parse().unwrap())
                    );
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Sample(n) => {
                    let o = SampleOptions::from(n);
                    assert_eq!(o.psample_group().unwrap(), Some(5));
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Ct(n) => {
                    let o = CtOptions::from(n);
                    assert_eq!(o.labels().unwrap(), Some(&[1u8; 16][..]));
                    assert_eq!(o.nat_port_max().unwrap(), Some(2000));
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Connmark(n) => {
                    let o = ConnmarkOptions::from(n);
                    assert_eq!(o.parms().unwrap().unwrap().get().zone.get(), 3);
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Ctinfo(n) => {
                    let o = CtinfoOptions::from(n);
                    assert_eq!(
                        (o.stats_dscp_set().unwrap(), o.stats_cpmark_set().unwrap()),
                        (Some(7), None)
                    );
                    (o.act().unwrap().unwrap().get().index.get(), o.tm().unwrap())
                }
                ActOptions::Mpls(n) => {
                    let o = MplsOptions::from(n);
                    assert_eq!(
                        (o.label().unwrap(), o.proto().unwrap()),
                        (Some(100), Some(0x8847))
                    );
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Bpf(n) => {
                    let o = ActBpfOptions::from(n);
                    assert_eq!(
                        (o.name().unwrap(), o.id().unwrap()),
                        (Some("prog"), Some(77))
                    );
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Skbmod(n) => {
                    let o = SkbmodOptions::from(n);
                    assert_eq!(o.etype().unwrap(), Some(0x0800));
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Gate(n) => {
                    let o = GateOptions::from(n);
                    let entries = o.entry_list().unwrap().unwrap().typed().count();
                    assert_eq!((o.base_time().unwrap(), entries), (Some(1_000_000_000), 2));
                    (
                        o.parms().unwrap().unwrap().get().index.get(),
                        o.tm().unwrap(),
                    )
                }
                ActOptions::Mirred(n) => {
                    let o = MirredOptions::from(n);
                    (
                        o.parms().unwrap().unwrap().get().tc_gen.index.get(),
                        o.tm().unwrap(),
                    )
                }
                other => panic!("{other:?}"),
            };
            assert_eq!(index, u32::from(*order));
            assert_eq!(install.unwrap().get().install.get(), 300);
        }
        // A kind this crate does not know keeps its options raw.
        let mut k = Skb::new(RTM_NEWACTION, TcaMsg::default().as_bytes());
        k.start(TcaRoot::TAB);
        kernel_action(&mut k, 1, "ife", None, |k| {
            k.put(1u16, &[0; 24]);
        });
        k.end();
        let bytes = k.finish();
        walks_cleanly("ife", &bytes);
        let m = ActionMsg::parse(crate::Msg::parse(&bytes).unwrap()).unwrap();
        let (_, a) = all(m.actions())[0];
        assert!(matches!(a.options().unwrap(), Some(ActOptions::Other(_))));
    }
}
