//! The actions that decide where a packet goes: `gact` (a verdict, maybe a random one),
//! `mirred` (mirror or redirect to a device), `sample` (a copy to psample), `bpf` (a program
//! decides) and `gate` (open and closed by a time schedule); and classic BPF code
//! (`struct sock_filter`), which the bpf classifier takes too.
//!
//! Sources of truth: `include/uapi/linux/tc_act/tc_gact.h`, `tc_mirred.h`, `tc_sample.h`,
//! `tc_bpf.h`, `tc_gate.h` and `linux/filter.h`.

use zerocopy::byteorder::native_endian::{I32, U16, U32};

use crate::rtnl::tc::{StructArray, TcGen, TcfT, Verdict};

// ---------------------------------------------------------------------------------------------
// gact

kernel_struct! {
    /// `struct tc_gact_p`: a random verdict that replaces gact's with probability `pval`
    /// (`TCA_GACT_PROB`).
    TcGactP = "tc_gact_p", 8 {
        /// `ptype`: a [`GactProb`].
        pub ptype: U16,
        /// `pval`: the probability in ten-thousandths (`netrand`), or one packet in `pval`
        /// (`determ`).
        pub pval: U16,
        /// `paction`: the [`Verdict`] then.
        pub paction: I32,
    }
}

values! {
    /// `PGACT_*`: how gact's random verdict is drawn (`tc_gact_p.ptype`).
    GactProb(u16);
    /// No random verdict.
    NONE = 0, "PGACT_NONE", "none";
    /// At random.
    NETRAND = 1, "PGACT_NETRAND", "netrand";
    /// Every `pval`-th packet.
    DETERM = 2, "PGACT_DETERM", "determ";
}

attributes! {
    /// The options of a gact action.
    view GactOptions;
    /// `TCA_GACT_*`: the gact action's attributes.
    numbers TcaGact;
    /// A typed gact attribute.
    enum GactAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_GACT_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    PARMS = 2, "TCA_GACT_PARMS", Parms({TcGen}), parms;
    /// A random verdict.
    PROB = 3, "TCA_GACT_PROB", Prob({TcGactP}), prob;
    /// Padding for 64-bit alignment.
    PAD = 4, "TCA_GACT_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// mirred

kernel_struct! {
    /// `struct tc_mirred`: where mirred sends the packet (`TCA_MIRRED_PARMS`).
    TcMirred = "tc_mirred", 28 {
        /// The generic parameters; the verdict is `pipe` for a mirror, `stolen` for a redirect.
        pub tc_gen: TcGen,
        /// `eaction`: a [`MirredAction`].
        pub eaction: I32,
        /// `ifindex`: the device.
        pub ifindex: U32,
    }
}

values! {
    /// `TCA_*_REDIR`, `TCA_*_MIRROR`: what mirred does (`tc_mirred.eaction`).
    MirredAction(i32);
    /// Redirect to the device's egress.
    EGRESS_REDIR = 1, "TCA_EGRESS_REDIR", "egress redirect";
    /// Mirror to the device's egress.
    EGRESS_MIRROR = 2, "TCA_EGRESS_MIRROR", "egress mirror";
    /// Redirect to the device's ingress.
    INGRESS_REDIR = 3, "TCA_INGRESS_REDIR", "ingress redirect";
    /// Mirror to the device's ingress.
    INGRESS_MIRROR = 4, "TCA_INGRESS_MIRROR", "ingress mirror";
}

attributes! {
    /// The options of a mirred action.
    view MirredOptions;
    /// `TCA_MIRRED_*`: the mirred action's attributes.
    numbers TcaMirred;
    /// A typed mirred attribute.
    enum MirredAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_MIRRED_TM", Tm({TcfT}), tm;
    /// The device and what to do.
    PARMS = 2, "TCA_MIRRED_PARMS", Parms({TcMirred}), parms;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_MIRRED_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// sample

attributes! {
    /// The options of a sample action.
    view SampleOptions;
    /// `TCA_SAMPLE_*`: the sample action's attributes.
    numbers TcaSample;
    /// A typed sample attribute.
    enum SampleAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_SAMPLE_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    PARMS = 2, "TCA_SAMPLE_PARMS", Parms({TcGen}), parms;
    /// One packet in this many is sampled.
    RATE = 3, "TCA_SAMPLE_RATE", Rate(u32), rate;
    /// The bytes of each packet kept.
    TRUNC_SIZE = 4, "TCA_SAMPLE_TRUNC_SIZE", TruncSize(u32), trunc_size;
    /// The psample group the samples go to.
    PSAMPLE_GROUP = 5, "TCA_SAMPLE_PSAMPLE_GROUP", PsampleGroup(u32), psample_group;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_SAMPLE_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// bpf

kernel_struct! {
    /// `struct sock_filter`: one classic BPF instruction (`TCA_BPF_OPS`, `TCA_ACT_BPF_OPS`).
    SockFilter = "sock_filter", 8 {
        /// `code`: the opcode.
        pub code: U16,
        /// `jt`: the jump when true.
        pub jt: u8,
        /// `jf`: the jump when false.
        pub jf: u8,
        /// `k`: the operand.
        pub k: U32,
    }
}

impl SockFilter {
    /// The instruction `code jt jf k`, as `tc ... bytecode` reads it.
    #[must_use]
    #[inline]
    pub fn new(code: u16, jt: u8, jf: u8, k: u32) -> Self {
        SockFilter {
            code: U16::new(code),
            jt,
            jf,
            k: U32::new(k),
        }
    }
}

/// A classic BPF program: its instructions, with nothing before them.
pub type BpfOps<'a> = StructArray<'a, (), SockFilter>;

attributes! {
    /// The options of a bpf action.
    view ActBpfOptions;
    /// `TCA_ACT_BPF_*`: the bpf action's attributes.
    numbers TcaActBpf;
    /// A typed bpf action attribute.
    enum ActBpfAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_ACT_BPF_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    PARMS = 2, "TCA_ACT_BPF_PARMS", Parms({TcGen}), parms;
    /// The number of classic BPF instructions.
    OPS_LEN = 3, "TCA_ACT_BPF_OPS_LEN", OpsLen(u16), ops_len;
    /// The classic BPF instructions.
    OPS = 4, "TCA_ACT_BPF_OPS", Ops(val BpfOps<'a>), ops;
    /// An eBPF program, by a descriptor of the sender's (requests only).
    FD = 5, "TCA_ACT_BPF_FD", Fd(u32), fd;
    /// The eBPF program's name, as the sender chose it.
    NAME = 6, "TCA_ACT_BPF_NAME", Name(str), name;
    /// Padding for 64-bit alignment.
    PAD = 7, "TCA_ACT_BPF_PAD", Pad(bytes);
    /// The eBPF program's tag (8 bytes, a hash of its instructions).
    TAG = 8, "TCA_ACT_BPF_TAG", Tag(bytes), tag;
    /// The eBPF program's id.
    ID = 9, "TCA_ACT_BPF_ID", Id(u32), id;
}

// ---------------------------------------------------------------------------------------------
// gate

attributes! {
    /// The options of a gate action.
    view GateOptions;
    /// `TCA_GATE_*`: the gate action's attributes.
    numbers TcaGate;
    /// A typed gate attribute.
    enum GateAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_GATE_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    PARMS = 2, "TCA_GATE_PARMS", Parms({TcGen}), parms;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_GATE_PAD", Pad(bytes);
    /// The internal priority of packets through an open gate (-1: keep theirs).
    PRIORITY = 4, "TCA_GATE_PRIORITY", Priority(i32), priority;
    /// The schedule: `TCA_GATE_ONE_ENTRY` nests, read with [`GateEntryView`].
    ENTRY_LIST = 5, "TCA_GATE_ENTRY_LIST", EntryList(nest TcaGateList), entry_list;
    /// When the schedule starts, in nanoseconds of `clockid`.
    BASE_TIME = 6, "TCA_GATE_BASE_TIME", BaseTime(u64), base_time;
    /// The schedule's period in nanoseconds.
    CYCLE_TIME = 7, "TCA_GATE_CYCLE_TIME", CycleTime(u64), cycle_time;
    /// The extension of the last period in nanoseconds.
    CYCLE_TIME_EXT = 8, "TCA_GATE_CYCLE_TIME_EXT", CycleTimeExt(u64), cycle_time_ext;
    /// Flags (none defined yet).
    FLAGS = 9, "TCA_GATE_FLAGS", Flags(u32), flags;
    /// The clock of `base_time` (`CLOCK_TAI` is 11).
    CLOCKID = 10, "TCA_GATE_CLOCKID", Clockid(i32), clockid;
}

attributes! {
    /// `TCA_GATE_ONE_ENTRY_*`: the entries of `TCA_GATE_ENTRY_LIST`.
    numbers TcaGateList;
    /// A typed gate schedule list attribute.
    enum GateListAttr<'a>;
    /// One entry of the schedule, in order.
    ENTRY = 1, "TCA_GATE_ONE_ENTRY", Entry(nest TcaGateEntry);
}

attributes! {
    /// One entry of a gate schedule.
    view GateEntryView;
    /// `TCA_GATE_ENTRY_*`: the attributes of one schedule entry.
    numbers TcaGateEntry;
    /// A typed gate entry attribute.
    enum GateEntryAttr<'a>;
    /// The entry's index (dumps).
    INDEX = 1, "TCA_GATE_ENTRY_INDEX", Index(u32), index;
    /// The gate is open during this entry (closed without it).
    GATE = 2, "TCA_GATE_ENTRY_GATE", Gate(flag), gate;
    /// How long the entry lasts, in nanoseconds.
    INTERVAL = 3, "TCA_GATE_ENTRY_INTERVAL", Interval(u32), interval;
    /// The internal priority of packets let through (-1: keep theirs).
    IPV = 4, "TCA_GATE_ENTRY_IPV", Ipv(i32), ipv;
    /// The most bytes let through during the entry (-1: no limit).
    MAX_OCTETS = 5, "TCA_GATE_ENTRY_MAX_OCTETS", MaxOctets(i32), max_octets;
}

impl TcMirred {
    /// `tc_gen.action` as a [`Verdict`].
    #[must_use]
    #[inline]
    pub fn verdict(&self) -> Verdict {
        self.tc_gen.verdict()
    }
}

#[cfg(test)]
mod tests {
    use zerocopy::IntoBytes;

    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::rtnl::tc::action::tests::{action_message, one_action};
    use crate::rtnl::tc::tests::actions_as_tc;
    use crate::rtnl::tc::{ActOptions, put_struct_array};

    #[test]
    fn builds_what_tc_sends_for_gact_mirred_sample_bpf_and_gate() {
        // `tc actions add action gact drop random determ pass 10 index 5 cookie
        // 0102030405060708`: the cookie follows the options.
        actions_as_tc("act_gact", |b| {
            one_action(
                b,
                "gact",
                |o| {
                    o.put_struct(TcaGact::PARMS, &TcGen::new(5, Verdict::SHOT));
                    o.put_struct(
                        TcaGact::PROB,
                        &TcGactP {
                            ptype: U16::new(GactProb::DETERM.0),
                            pval: U16::new(10),
                            paction: I32::new(Verdict::OK.0),
                        },
                    );
                },
                |a| {
                    a.put(crate::rtnl::tc::TcaAct::COOKIE, &[1, 2, 3, 4, 5, 6, 7, 8]);
                },
            );
        });
        // `tc actions add action gact goto chain 6 index 6`.
        actions_as_tc("act_gact_goto", |b| {
            one_action(
                b,
                "gact",
                |o| {
                    GactAttr::Parms(sv(&TcGen::new(6, Verdict::goto_chain(6)))).write_to(o);
                },
                |_| {},
            );
        });
        // `tc actions add action mirred egress redirect dev v1 index 7`, and `ingress mirror`
        // (index 8): v1 is ifindex 2; a redirect steals the packet, a mirror pipes it on.
        for (name, index, verdict, eaction) in [
            ("act_mirred", 7, Verdict::STOLEN, MirredAction::EGRESS_REDIR),
            (
                "act_mirred_ingress",
                8,
                Verdict::PIPE,
                MirredAction::INGRESS_MIRROR,
            ),
        ] {
            actions_as_tc(name, |b| {
                one_action(
                    b,
                    "mirred",
                    |o| {
                        o.put_struct(
                            TcaMirred::PARMS,
                            &TcMirred {
                                tc_gen: TcGen::new(index, verdict),
                                eaction: I32::new(eaction.0),
                                ifindex: U32::new(2),
                            },
                        );
                    },
                    |_| {},
                );
            });
        }
        // `tc actions add action sample rate 100 group 5 trunc 128 index 27`.
        actions_as_tc("act_sample", |b| {
            one_action(
                b,
                "sample",
                |o| {
                    for a in [
                        SampleAttr::Parms(sv(&TcGen::new(27, Verdict::PIPE))),
                        SampleAttr::Rate(100),
                        SampleAttr::PsampleGroup(5),
                        SampleAttr::TruncSize(128),
                    ] {
                        a.write_to(o);
                    }
                },
                |_| {},
            );
        });
        // `tc actions add action bpf bytecode '1,6 0 0 0' index 37`: one instruction,
        // "return 0".
        actions_as_tc("act_bpf", |b| {
            one_action(
                b,
                "bpf",
                |o| {
                    ActBpfAttr::OpsLen(1).write_to(o);
                    put_struct_array(o, TcaActBpf::OPS, &(), &[SockFilter::new(6, 0, 0, 0)]);
                    ActBpfAttr::Parms(sv(&TcGen::new(37, Verdict::PIPE))).write_to(o);
                },
                |_| {},
            );
        });
        // `tc actions add action gate priority 1 base-time 1000000000 cycle-time 300000000
        // cycle-time-ext 1000 clockid CLOCK_TAI sched-entry open 200000000 -1 8000000
        // sched-entry close 100000000 -1 -1 index 40`: no TCA_GATE_PAD before the 64-bit
        // times, and the list and its entries flagged as nests.
        actions_as_tc("act_gate", |b| {
            one_action(
                b,
                "gate",
                |o| {
                    for a in [
                        GateAttr::Parms(sv(&TcGen::new(40, Verdict::PIPE))),
                        GateAttr::Priority(1),
                        GateAttr::BaseTime(1_000_000_000),
                        GateAttr::CycleTime(300_000_000),
                        GateAttr::CycleTimeExt(1000),
                        GateAttr::Clockid(11),
                    ] {
                        a.write_to(o);
                    }
                    let mut list = o.nest(TcaGate::ENTRY_LIST.0 | NLA_F_NESTED);
                    for (open, interval, octets) in
                        [(true, 200_000_000, 8_000_000), (false, 100_000_000, -1)]
                    {
                        let mut e = list.nest(TcaGateList::ENTRY.0 | NLA_F_NESTED);
                        if open {
                            GateEntryAttr::Gate(()).write_to(&mut e);
                        }
                        GateEntryAttr::Interval(interval).write_to(&mut e);
                        GateEntryAttr::Ipv(-1).write_to(&mut e);
                        GateEntryAttr::MaxOctets(octets).write_to(&mut e);
                    }
                },
                |_| {},
            );
        });
    }

    /// A struct as the typed value of a `{STRUCT}` attribute.
    fn sv<T: IntoBytes + zerocopy::Immutable>(v: &T) -> crate::StructView<'_, T> {
        crate::StructView::new(v.as_bytes())
    }

    #[test]
    fn reads_the_kinds_back_from_tcs_requests() {
        let a = action_message("act_gact");
        let Some(ActOptions::Gact(n)) = a.options().unwrap() else {
            panic!()
        };
        let g = GactOptions::from(n);
        assert_eq!(g.parms().unwrap().unwrap().get().verdict(), Verdict::SHOT);
        let p = g.prob().unwrap().unwrap().get();
        assert_eq!(
            (GactProb(p.ptype.get()), p.pval.get()),
            (GactProb::DETERM, 10)
        );
        assert_eq!(a.cookie().unwrap(), Some(&[1u8, 2, 3, 4, 5, 6, 7, 8][..]));
        let a = action_message("act_gact_goto");
        let Some(ActOptions::Gact(n)) = a.options().unwrap() else {
            panic!()
        };
        let v = GactOptions::from(n)
            .parms()
            .unwrap()
            .unwrap()
            .get()
            .verdict();
        assert_eq!(v.chain(), Some(6));
        let a = action_message("act_mirred_ingress");
        let Some(ActOptions::Mirred(n)) = a.options().unwrap() else {
            panic!()
        };
        let m = MirredOptions::from(n).parms().unwrap().unwrap().get();
        assert_eq!(MirredAction(m.eaction.get()), MirredAction::INGRESS_MIRROR);
        assert_eq!((m.ifindex.get(), m.verdict()), (2, Verdict::PIPE));
        let a = action_message("act_bpf");
        let Some(ActOptions::Bpf(n)) = a.options().unwrap() else {
            panic!()
        };
        let ops = ActBpfOptions::from(n).ops().unwrap().unwrap();
        assert_eq!(
            ops.entries().collect::<Vec<_>>(),
            [SockFilter::new(6, 0, 0, 0)]
        );
        let a = action_message("act_gate");
        let Some(ActOptions::Gate(n)) = a.options().unwrap() else {
            panic!()
        };
        let g = GateOptions::from(n);
        assert_eq!(g.cycle_time().unwrap(), Some(300_000_000));
        let entries: Vec<_> = g
            .entry_list()
            .unwrap()
            .unwrap()
            .typed()
            .map(|e| match e.unwrap() {
                GateListAttr::Entry(e) => {
                    let e = GateEntryView::from(e);
                    (
                        e.gate().unwrap().is_some(),
                        e.interval().unwrap(),
                        e.max_octets().unwrap(),
                    )
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            entries,
            [
                (true, Some(200_000_000), Some(8_000_000)),
                (false, Some(100_000_000), Some(-1))
            ]
        );
    }
}
