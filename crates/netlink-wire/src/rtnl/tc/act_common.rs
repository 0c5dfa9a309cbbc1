//! What every action kind shares: the verdicts (`TC_ACT_*`, with the extended `jump` and
//! `goto chain`), the generic parameters each kind's struct starts with (`tc_gen`), the
//! timestamps each kind reports (`struct tcf_t`), and the flag sets of `TCA_ACT_FLAGS` and
//! `TCA_ACT_HW_STATS`.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use zerocopy::byteorder::native_endian::{I32, U32, U64};

values! {
    /// `TC_ACT_*`: what an action (or a classifier's result) tells the classifier to do next:
    /// the `action` of [`TcGen`], a police's conform and exceed actions, a filter's verdict.
    ///
    /// The extended verdicts carry a value in their low 28 bits: [`Verdict::jump`] and
    /// [`Verdict::goto_chain`] build them, [`Verdict::jump_count`] and [`Verdict::chain`]
    /// read them.
    Verdict(i32);
    /// Go on with the next filter (`tc`: `continue`).
    UNSPEC = -1, "TC_ACT_UNSPEC", "continue";
    /// Accept the packet (`tc`: `ok`, `pass`).
    OK = 0, "TC_ACT_OK", "pass";
    /// Classify the packet again from the first filter.
    RECLASSIFY = 1, "TC_ACT_RECLASSIFY", "reclassify";
    /// Drop the packet (`tc`: `drop`, `shot`).
    SHOT = 2, "TC_ACT_SHOT", "drop";
    /// Go on with the next action.
    PIPE = 3, "TC_ACT_PIPE", "pipe";
    /// The packet was consumed (a redirect).
    STOLEN = 4, "TC_ACT_STOLEN", "stolen";
    /// The packet was queued for later.
    QUEUED = 5, "TC_ACT_QUEUED", "queued";
    /// Run the same action again.
    REPEAT = 6, "TC_ACT_REPEAT", "repeat";
    /// The packet was redirected (bpf programs).
    REDIRECT = 7, "TC_ACT_REDIRECT", "redirect";
    /// Hand the packet to the CPU (hardware), drop it quietly (software).
    TRAP = 8, "TC_ACT_TRAP", "trap";
    /// Skip the next actions: `TC_ACT_JUMP | count`.
    JUMP = 0x1000_0000, "TC_ACT_JUMP", "jump";
    /// Go on in another chain: `TC_ACT_GOTO_CHAIN | chain`.
    GOTO_CHAIN = 0x2000_0000, "TC_ACT_GOTO_CHAIN", "goto chain";
}

impl Verdict {
    /// `TC_ACT_EXT_VAL_MASK`: the value bits of an extended verdict.
    #[doc(alias = "TC_ACT_EXT_VAL_MASK")]
    pub const EXT_VAL_MASK: i32 = 0x0fff_ffff;

    /// `TC_ACT_GOTO_CHAIN | chain` (the chain's low 28 bits).
    #[must_use]
    #[inline]
    pub const fn goto_chain(chain: u32) -> Verdict {
        Verdict(Verdict::GOTO_CHAIN.0 | (chain.cast_signed() & Verdict::EXT_VAL_MASK))
    }

    /// `TC_ACT_JUMP | count`: skip `count` actions (its low 28 bits).
    #[must_use]
    #[inline]
    pub const fn jump(count: u32) -> Verdict {
        Verdict(Verdict::JUMP.0 | (count.cast_signed() & Verdict::EXT_VAL_MASK))
    }

    /// `TC_ACT_EXT_OPCODE`: the extended opcode ([`Verdict::JUMP`], [`Verdict::GOTO_CHAIN`]),
    /// or `None` for a plain verdict.
    #[must_use]
    #[inline]
    pub const fn ext_opcode(self) -> Option<Verdict> {
        let op = self.0 & !Verdict::EXT_VAL_MASK;
        if op == 0 || self.0 < 0 {
            None
        } else {
            Some(Verdict(op))
        }
    }

    /// The chain of a `goto chain` verdict.
    #[must_use]
    #[inline]
    pub const fn chain(self) -> Option<u32> {
        match self.ext_opcode() {
            Some(Verdict::GOTO_CHAIN) => Some((self.0 & Verdict::EXT_VAL_MASK).cast_unsigned()),
            _ => None,
        }
    }

    /// The count of a `jump` verdict.
    #[must_use]
    #[inline]
    pub const fn jump_count(self) -> Option<u32> {
        match self.ext_opcode() {
            Some(Verdict::JUMP) => Some((self.0 & Verdict::EXT_VAL_MASK).cast_unsigned()),
            _ => None,
        }
    }
}

kernel_struct! {
    /// `tc_gen`: the parameters every action's struct starts with (a macro in the C headers),
    /// and the whole of `struct tc_gact`, `tc_skbedit`, `tc_sample`, `tc_ct`, `tc_ctinfo`,
    /// `tc_act_bpf`, `tc_gate` and `tc_defact` (see [`TcGact`] and the other aliases).
    TcGen = "tc_gen", 20 {
        /// `index`: the action's index among those of its kind (0 in a request: the kernel
        /// picks one).
        pub index: U32,
        /// `capab`: unused.
        pub capab: U32,
        /// `action`: the [`Verdict`] once the action has run.
        pub action: I32,
        /// `refcnt`: references held (dumps only).
        pub refcnt: I32,
        /// `bindcnt`: filters bound to the action (dumps only).
        pub bindcnt: I32,
    }
}

impl TcGen {
    /// Parameters with `index` and `action`, everything else 0, as `tc` sends them.
    #[must_use]
    #[inline]
    pub fn new(index: u32, action: Verdict) -> Self {
        TcGen {
            index: U32::new(index),
            action: I32::new(action.0),
            ..TcGen::default()
        }
    }

    /// `action` as a [`Verdict`].
    #[must_use]
    #[inline]
    pub fn verdict(&self) -> Verdict {
        Verdict(self.action.get())
    }
}

/// `struct tc_gact`: gact's parameters, [`TcGen`] alone.
#[doc(alias = "tc_gact")]
pub type TcGact = TcGen;
/// `struct tc_skbedit`: skbedit's parameters, [`TcGen`] alone.
#[doc(alias = "tc_skbedit")]
pub type TcSkbedit = TcGen;
/// `struct tc_sample`: sample's parameters, [`TcGen`] alone.
#[doc(alias = "tc_sample")]
pub type TcSample = TcGen;
/// `struct tc_ct`: ct's parameters, [`TcGen`] alone.
#[doc(alias = "tc_ct")]
pub type TcCt = TcGen;
/// `struct tc_ctinfo`: ctinfo's parameters, [`TcGen`] alone.
#[doc(alias = "tc_ctinfo")]
pub type TcCtinfo = TcGen;
/// `struct tc_act_bpf`: the bpf action's parameters, [`TcGen`] alone.
#[doc(alias = "tc_act_bpf")]
pub type TcActBpf = TcGen;
/// `struct tc_gate`: gate's parameters, [`TcGen`] alone.
#[doc(alias = "tc_gate")]
pub type TcGate = TcGen;

kernel_struct! {
    /// `struct tcf_t`: when an action was installed, last used, and first used, in clock
    /// ticks (`USER_HZ`, hundredths of a second) since then: every kind's `*_TM` attribute.
    TcfT = "tcf_t", 32 {
        /// `install`: ticks since the action was installed.
        pub install: U64,
        /// `lastuse`: ticks since it last ran.
        pub lastuse: U64,
        /// `expires`: unused.
        pub expires: U64,
        /// `firstuse`: ticks since it first ran (0 when it never has).
        pub firstuse: U64,
    }
}

flags! {
    /// `TCA_ACT_FLAGS_*`: the bits of `TCA_ACT_FLAGS` (an `nla_bitfield32`).
    ActFlags(u32);
    /// Keep the statistics in one place instead of per CPU.
    NO_PERCPU_STATS = 0x1, "TCA_ACT_FLAGS_NO_PERCPU_STATS", "no_percpu";
    /// Do not offload the action to hardware.
    SKIP_HW = 0x2, "TCA_ACT_FLAGS_SKIP_HW", "skip_hw";
    /// Run the action in hardware only.
    SKIP_SW = 0x4, "TCA_ACT_FLAGS_SKIP_SW", "skip_sw";
}

flags! {
    /// `TCA_ACT_HW_STATS_*`: the bits of `TCA_ACT_HW_STATS` and `TCA_ACT_USED_HW_STATS` (an
    /// `nla_bitfield32`): which kinds of hardware statistics are wanted, or were used. Both
    /// bits (`TCA_ACT_HW_STATS_ANY`) is the default; none asks for no statistics.
    HwStats(u32);
    /// The device's statistics as they are when dumped.
    IMMEDIATE = 0x1, "TCA_ACT_HW_STATS_IMMEDIATE", "immediate";
    /// Statistics that may be some seconds old.
    DELAYED = 0x2, "TCA_ACT_HW_STATS_DELAYED", "delayed";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_verdicts_carry_their_value() {
        let g = Verdict::goto_chain(6);
        assert_eq!(g.0, 0x2000_0006);
        assert_eq!((g.chain(), g.jump_count()), (Some(6), None));
        assert_eq!(g.ext_opcode(), Some(Verdict::GOTO_CHAIN));
        let j = Verdict::jump(2);
        assert_eq!((j.chain(), j.jump_count()), (None, Some(2)));
        for plain in [Verdict::UNSPEC, Verdict::OK, Verdict::SHOT, Verdict::TRAP] {
            assert_eq!(
                (plain.ext_opcode(), plain.chain()),
                (None, None),
                "{plain:?}"
            );
        }
        assert_eq!(Verdict::SHOT.to_string(), "drop");
        assert_eq!(Verdict::from_short_name("continue"), Some(Verdict::UNSPEC));
        assert_eq!(format!("{:?}", Verdict::PIPE), "TC_ACT_PIPE");
        assert_eq!(TcGen::new(5, Verdict::SHOT).verdict(), Verdict::SHOT);
    }
}
