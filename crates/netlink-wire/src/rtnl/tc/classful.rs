//! The classful schedulers whose classes have options of their own, and the multi-queue ones:
//! `hfsc` (qdisc `struct tc_hfsc_qopt`, classes `struct tc_service_curve`), `drr`, `qfq` and
//! `ets` (options on qdisc and classes), `mqprio` (`struct tc_mqprio_qopt` then attributes)
//! and `taprio` (gate schedules).
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

use zerocopy::byteorder::native_endian::{U16, U32, U64};

use crate::rtnl::tc::dispatch::StructNest;

// ---------------------------------------------------------------------------------------------
// hfsc

kernel_struct! {
    /// `struct tc_hfsc_qopt`: an hfsc qdisc's options (its whole `TCA_OPTIONS`).
    TcHfscQopt = "tc_hfsc_qopt", 2 {
        /// `defcls`: the minor number of the class unclassified traffic goes to.
        pub defcls: U16,
    }
}

kernel_struct! {
    /// `struct tc_service_curve`: a two-piece linear service curve (`TCA_HFSC_RSC`, `FSC`,
    /// `USC`).
    TcServiceCurve = "tc_service_curve", 12 {
        /// `m1`: the slope of the first segment, in bytes per second.
        pub m1: U32,
        /// `d`: the length of the first segment, in microseconds.
        pub d: U32,
        /// `m2`: the slope of the second segment, in bytes per second.
        pub m2: U32,
    }
}

impl TcServiceCurve {
    /// The curve `m1` for `d` microseconds, then `m2`.
    #[must_use]
    #[inline]
    pub fn new(m1: u32, d: u32, m2: u32) -> Self {
        TcServiceCurve {
            m1: U32::new(m1),
            d: U32::new(d),
            m2: U32::new(m2),
        }
    }
}

kernel_struct! {
    /// `struct tc_hfsc_stats`: an hfsc class's statistics.
    TcHfscStats = "tc_hfsc_stats", 24 {
        /// `work`: the bytes served.
        pub work: U64,
        /// `rtwork`: the bytes served by the real-time criterion.
        pub rtwork: U64,
        /// `period`: the current period.
        pub period: U32,
        /// `level`: the class's level in the hierarchy.
        pub level: U32,
    }
}

attributes! {
    /// The options of an hfsc class.
    view HfscClassOptions;
    /// `TCA_HFSC_*`: the attributes of an hfsc class's `TCA_OPTIONS`.
    numbers TcaHfsc;
    /// A typed hfsc class attribute.
    enum HfscAttr<'a>;
    /// The real-time service curve.
    RSC = 1, "TCA_HFSC_RSC", Rsc({TcServiceCurve}), rsc;
    /// The link-sharing service curve.
    FSC = 2, "TCA_HFSC_FSC", Fsc({TcServiceCurve}), fsc;
    /// The upper-limit service curve.
    USC = 3, "TCA_HFSC_USC", Usc({TcServiceCurve}), usc;
}

// ---------------------------------------------------------------------------------------------
// drr, qfq

kernel_struct! {
    /// `struct tc_drr_stats`: a drr class's statistics.
    TcDrrStats = "tc_drr_stats", 4 {
        /// `deficit`: the bytes the class may still send this round.
        pub deficit: U32,
    }
}

attributes! {
    /// The options of a drr class.
    view DrrOptions;
    /// `TCA_DRR_*`: the attributes of a drr class's `TCA_OPTIONS`.
    numbers TcaDrr;
    /// A typed drr attribute.
    enum DrrAttr<'a>;
    /// The bytes the class may send per round.
    QUANTUM = 1, "TCA_DRR_QUANTUM", Quantum(u32), quantum;
}

kernel_struct! {
    /// `struct tc_qfq_stats`: a qfq class's statistics.
    TcQfqStats = "tc_qfq_stats", 8 {
        /// `weight`: the class's weight.
        pub weight: U32,
        /// `lmax`: the class's largest packet, in bytes.
        pub lmax: U32,
    }
}

attributes! {
    /// The options of a qfq class.
    view QfqOptions;
    /// `TCA_QFQ_*`: the attributes of a qfq class's `TCA_OPTIONS`.
    numbers TcaQfq;
    /// A typed qfq attribute.
    enum QfqAttr<'a>;
    /// The class's weight.
    WEIGHT = 1, "TCA_QFQ_WEIGHT", Weight(u32), weight;
    /// The class's largest packet, in bytes.
    LMAX = 2, "TCA_QFQ_LMAX", Lmax(u32), lmax;
}

// ---------------------------------------------------------------------------------------------
// ets

/// `TCQ_ETS_MAX_BANDS`: the most bands an ets qdisc has.
pub const TCQ_ETS_MAX_BANDS: usize = 16;

attributes! {
    /// The options of an ets qdisc or class. The two lists (`TCA_ETS_QUANTA`,
    /// `TCA_ETS_PRIOMAP`) hold one attribute per band of the same space.
    view EtsOptions;
    /// `TCA_ETS_*`: the attributes of ets's `TCA_OPTIONS`.
    numbers TcaEts;
    /// A typed ets attribute.
    enum EtsAttr<'a>;
    /// The number of bands.
    NBANDS = 1, "TCA_ETS_NBANDS", Nbands(u8), nbands;
    /// How many of the bands are strict-priority ones.
    NSTRICT = 2, "TCA_ETS_NSTRICT", Nstrict(u8), nstrict;
    /// The quanta of the bandwidth-sharing bands: a list of `TCA_ETS_QUANTA_BAND`.
    QUANTA = 3, "TCA_ETS_QUANTA", Quanta(nest TcaEts), quanta;
    /// One band's quantum in bytes (in `TCA_ETS_QUANTA`, and alone in a class's options).
    QUANTA_BAND = 4, "TCA_ETS_QUANTA_BAND", QuantaBand(u32), quanta_band;
    /// The band of each priority: a list of `TCA_ETS_PRIOMAP_BAND`.
    PRIOMAP = 5, "TCA_ETS_PRIOMAP", Priomap(nest TcaEts), priomap;
    /// One priority's band (in `TCA_ETS_PRIOMAP`).
    PRIOMAP_BAND = 6, "TCA_ETS_PRIOMAP_BAND", PriomapBand(u8);
}

// ---------------------------------------------------------------------------------------------
// mqprio

/// `TC_QOPT_BITMASK`: the largest priority a `prio_tc_map` maps (16 entries).
pub const TC_QOPT_BITMASK: usize = 15;
/// `TC_QOPT_MAX_QUEUE`: the most traffic classes.
pub const TC_QOPT_MAX_QUEUE: usize = 16;

kernel_struct! {
    /// `struct tc_mqprio_qopt`: traffic classes and their queues (the head of mqprio's
    /// `TCA_OPTIONS`, and taprio's `TCA_TAPRIO_ATTR_PRIOMAP`). 82 bytes; mqprio's attributes
    /// follow at 84.
    TcMqprioQopt = "tc_mqprio_qopt", 82 {
        /// `num_tc`: the number of traffic classes.
        pub num_tc: u8,
        /// `prio_tc_map`: the traffic class of each priority.
        pub prio_tc_map: [u8; TC_QOPT_BITMASK + 1],
        /// `hw`: a [`MqprioHw`] offload mode.
        pub hw: u8,
        /// `count`: the number of queues of each traffic class.
        pub count: [U16; TC_QOPT_MAX_QUEUE],
        /// `offset`: the first queue of each traffic class.
        pub offset: [U16; TC_QOPT_MAX_QUEUE],
    }
}

impl TcMqprioQopt {
    /// `num_tc` classes with `map`, class `i` owning `queues[i]` as `(count, offset)`.
    #[must_use]
    pub fn new(num_tc: u8, map: &[u8], queues: &[(u16, u16)], hw: MqprioHw) -> Self {
        let mut q = TcMqprioQopt {
            num_tc,
            hw: hw.0,
            ..TcMqprioQopt::default()
        };
        for (d, s) in q.prio_tc_map.iter_mut().zip(map) {
            *d = *s;
        }
        for ((c, o), (count, offset)) in q.count.iter_mut().zip(q.offset.iter_mut()).zip(queues) {
            *c = U16::new(*count);
            *o = U16::new(*offset);
        }
        q
    }
}

values! {
    /// `TC_MQPRIO_HW_OFFLOAD_*`: `tc_mqprio_qopt.hw`.
    MqprioHw(u8);
    /// No offload.
    NONE = 0, "TC_MQPRIO_HW_OFFLOAD_NONE", "0";
    /// Offload the traffic classes.
    TCS = 1, "TC_MQPRIO_HW_OFFLOAD_TCS", "1";
}

values! {
    /// `TC_MQPRIO_MODE_*`: how mqprio's classes map to queues (`TCA_MQPRIO_MODE`).
    MqprioMode(u16);
    /// Data center bridging.
    DCB = 0, "TC_MQPRIO_MODE_DCB", "dcb";
    /// Queue channels.
    CHANNEL = 1, "TC_MQPRIO_MODE_CHANNEL", "channel";
}

values! {
    /// `TC_MQPRIO_SHAPER_*`: mqprio's shaper (`TCA_MQPRIO_SHAPER`).
    MqprioShaper(u16);
    /// Data center bridging.
    DCB = 0, "TC_MQPRIO_SHAPER_DCB", "dcb";
    /// Minimum and maximum rates per class.
    BW_RATE = 1, "TC_MQPRIO_SHAPER_BW_RATE", "bw_rlimit";
}

attributes! {
    /// The attributes after mqprio's `struct tc_mqprio_qopt`.
    view MqprioAttrs;
    /// `TCA_MQPRIO_*`: the attributes of mqprio's `TCA_OPTIONS`, after the struct.
    numbers TcaMqprio;
    /// A typed mqprio attribute.
    enum MqprioAttr<'a>;
    /// How classes map to queues.
    MODE = 1, "TCA_MQPRIO_MODE", Mode(val MqprioMode), mode;
    /// The shaper.
    SHAPER = 2, "TCA_MQPRIO_SHAPER", Shaper(val MqprioShaper), shaper;
    /// The minimum rate of each class: a list of 64-bit rates (see [`MqprioRate`]).
    MIN_RATE64 = 3, "TCA_MQPRIO_MIN_RATE64", MinRate64(nest MqprioRate), min_rate64;
    /// The maximum rate of each class: a list of 64-bit rates (see [`MqprioRate`]).
    MAX_RATE64 = 4, "TCA_MQPRIO_MAX_RATE64", MaxRate64(nest MqprioRate), max_rate64;
}

attributes! {
    /// `TCA_MQPRIO_MIN_RATE64` and `TCA_MQPRIO_MAX_RATE64` inside the lists of the same numbers:
    /// one class's rate each, in bytes per second.
    numbers MqprioRate;
    /// A typed mqprio rate.
    enum MqprioRateAttr<'a>;
    /// A minimum rate.
    MIN_RATE64 = 3, "TCA_MQPRIO_MIN_RATE64", MinRate64(u64);
    /// A maximum rate.
    MAX_RATE64 = 4, "TCA_MQPRIO_MAX_RATE64", MaxRate64(u64);
}

/// mqprio's `TCA_OPTIONS`: `struct tc_mqprio_qopt`, then [`TcaMqprio`] attributes.
pub type MqprioOptions<'a> = StructNest<'a, TcMqprioQopt, TcaMqprio>;

// ---------------------------------------------------------------------------------------------
// taprio

values! {
    /// `TC_TAPRIO_CMD_*`: what a schedule entry does (`TCA_TAPRIO_SCHED_ENTRY_CMD`).
    TaprioCmd(u8);
    /// Open the gates of the mask (`S`).
    SET_GATES = 0, "TC_TAPRIO_CMD_SET_GATES", "S";
    /// Open them and hold preemptible traffic (`H`).
    SET_AND_HOLD = 1, "TC_TAPRIO_CMD_SET_AND_HOLD", "H";
    /// Open them and release preemptible traffic (`R`).
    SET_AND_RELEASE = 2, "TC_TAPRIO_CMD_SET_AND_RELEASE", "R";
}

flags! {
    /// `TCA_TAPRIO_ATTR_FLAG_*`: the bits of `TCA_TAPRIO_ATTR_FLAGS`.
    TaprioFlags(u32);
    /// Software scheduling with the device's launch times.
    TXTIME_ASSIST = 0x1, "TCA_TAPRIO_ATTR_FLAG_TXTIME_ASSIST", "txtime-assist";
    /// The whole schedule runs in the device.
    FULL_OFFLOAD = 0x2, "TCA_TAPRIO_ATTR_FLAG_FULL_OFFLOAD", "full-offload";
}

attributes! {
    /// The options of a taprio qdisc (and of its `TCA_TAPRIO_ATTR_ADMIN_SCHED`).
    view TaprioOptions;
    /// `TCA_TAPRIO_ATTR_*`: the attributes of taprio's `TCA_OPTIONS`.
    numbers TcaTaprio;
    /// A typed taprio attribute.
    enum TaprioAttr<'a>;
    /// Traffic classes and their queues.
    PRIOMAP = 1, "TCA_TAPRIO_ATTR_PRIOMAP", Priomap({TcMqprioQopt}), priomap;
    /// The schedule: a list of `TCA_TAPRIO_SCHED_ENTRY`.
    SCHED_ENTRY_LIST = 2, "TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST", SchedEntryList(nest TaprioSched), sched_entry_list;
    /// When the schedule starts, in nanoseconds of its clock.
    SCHED_BASE_TIME = 3, "TCA_TAPRIO_ATTR_SCHED_BASE_TIME", SchedBaseTime(val i64), sched_base_time;
    /// One schedule entry.
    SCHED_SINGLE_ENTRY = 4, "TCA_TAPRIO_ATTR_SCHED_SINGLE_ENTRY", SchedSingleEntry(nest TaprioEntry), sched_single_entry;
    /// The clock (`CLOCK_TAI` is 11).
    SCHED_CLOCKID = 5, "TCA_TAPRIO_ATTR_SCHED_CLOCKID", SchedClockid(i32), sched_clockid;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_TAPRIO_PAD", Pad(bytes);
    /// The schedule that will take over (dumps only), in this same space.
    ADMIN_SCHED = 7, "TCA_TAPRIO_ATTR_ADMIN_SCHED", AdminSched(nest TcaTaprio), admin_sched;
    /// The length of a cycle, in nanoseconds.
    SCHED_CYCLE_TIME = 8, "TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME", SchedCycleTime(val i64), sched_cycle_time;
    /// How much a cycle may overrun, in nanoseconds.
    SCHED_CYCLE_TIME_EXTENSION = 9, "TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION", SchedCycleTimeExtension(val i64), sched_cycle_time_extension;
    /// How the schedule runs.
    FLAGS = 10, "TCA_TAPRIO_ATTR_FLAGS", Flags(val TaprioFlags), flags;
    /// The launch-time delay of txtime-assist mode, in nanoseconds.
    TXTIME_DELAY = 11, "TCA_TAPRIO_ATTR_TXTIME_DELAY", TxtimeDelay(u32), txtime_delay;
    /// Per-traffic-class settings.
    TC_ENTRY = 12, "TCA_TAPRIO_ATTR_TC_ENTRY", TcEntry(nest TaprioTcEntry), tc_entry;
}

attributes! {
    /// `TCA_TAPRIO_SCHED_*`: the attributes of `TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST`.
    numbers TaprioSched;
    /// A typed schedule list attribute.
    enum TaprioSchedAttr<'a>;
    /// One entry.
    ENTRY = 1, "TCA_TAPRIO_SCHED_ENTRY", Entry(nest TaprioEntry);
}

attributes! {
    /// One schedule entry.
    view TaprioEntryView;
    /// `TCA_TAPRIO_SCHED_ENTRY_*`: the attributes of a schedule entry.
    numbers TaprioEntry;
    /// A typed schedule entry attribute.
    enum TaprioEntryAttr<'a>;
    /// The entry's position (dumps).
    INDEX = 1, "TCA_TAPRIO_SCHED_ENTRY_INDEX", Index(u32), index;
    /// What the entry does.
    CMD = 2, "TCA_TAPRIO_SCHED_ENTRY_CMD", Cmd(val TaprioCmd), cmd;
    /// The gates (one bit per traffic class) it opens.
    GATE_MASK = 3, "TCA_TAPRIO_SCHED_ENTRY_GATE_MASK", GateMask(u32), gate_mask;
    /// How long it lasts, in nanoseconds.
    INTERVAL = 4, "TCA_TAPRIO_SCHED_ENTRY_INTERVAL", Interval(u32), interval;
}

attributes! {
    /// `TCA_TAPRIO_TC_ENTRY_*`: the attributes of `TCA_TAPRIO_ATTR_TC_ENTRY`.
    numbers TaprioTcEntry;
    /// A typed traffic-class entry attribute.
    enum TaprioTcEntryAttr<'a>;
    /// The traffic class.
    INDEX = 1, "TCA_TAPRIO_TC_ENTRY_INDEX", Index(u32);
    /// The largest frame of the class, in bytes.
    MAX_SDU = 2, "TCA_TAPRIO_TC_ENTRY_MAX_SDU", MaxSdu(u32);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::attr::NLA_F_NESTED;
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{Options, TcHandle, TcMsg, Tca, put_struct_nest};

    const MBIT: u32 = 1_000_000 / 8;

    #[test]
    fn builds_what_tc_sends_for_hfsc() {
        // `tc qdisc add dev v0 root handle 1: hfsc default 10`: the options are the struct.
        builds_as_tc(
            "hfsc",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "hfsc").put_struct(
                    Tca::OPTIONS,
                    &TcHfscQopt {
                        defcls: U16::new(0x10),
                    },
                );
            },
        );
        // `tc class add dev v0 parent 1: classid 1:10 hfsc sc rate 1mbit ul rate 2mbit`:
        // `sc` is both the real-time and the link-sharing curve.
        let class = TcMsg::new(3, TcHandle::new(1, 0x10), TcHandle::new(1, 0));
        builds_as_tc("hfsc_class", class, |b| {
            b.put_str(Tca::KIND, "hfsc");
            let mut o = b.nest(Tca::OPTIONS);
            let sc = TcServiceCurve::new(0, 0, MBIT);
            o.put_struct(TcaHfsc::RSC, &sc)
                .put_struct(TcaHfsc::FSC, &sc)
                .put_struct(TcaHfsc::USC, &TcServiceCurve::new(0, 0, 2 * MBIT));
        });
        // `tc class add dev v0 parent 1: classid 1:20 hfsc rt m1 2mbit d 10ms m2 1mbit`.
        let class = TcMsg::new(3, TcHandle::new(1, 0x20), TcHandle::new(1, 0));
        builds_as_tc("hfsc_class_rt", class, |b| {
            b.put_str(Tca::KIND, "hfsc");
            b.nest(Tca::OPTIONS)
                .put_struct(TcaHfsc::RSC, &TcServiceCurve::new(2 * MBIT, 10_000, MBIT));
        });
        let o = object("hfsc_class_rt");
        let Some(Options::HfscClass(n)) = o.options().unwrap() else {
            panic!()
        };
        let rsc = HfscClassOptions::from(n).rsc().unwrap().unwrap().get();
        assert_eq!(
            (rsc.m1.get(), rsc.d.get(), rsc.m2.get()),
            (2 * MBIT, 10_000, MBIT)
        );
        let o = object("hfsc");
        assert!(
            matches!(o.options().unwrap(), Some(Options::Hfsc(q)) if q.get().defcls.get() == 0x10)
        );
    }

    #[test]
    fn builds_what_tc_sends_for_drr_qfq_and_ets() {
        // `tc qdisc add dev v0 root handle 1: drr` and `... qfq`: no options.
        for kind in ["drr", "qfq"] {
            builds_as_tc(
                kind,
                TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
                |b| {
                    b.put_str(Tca::KIND, kind);
                },
            );
        }
        // `tc class add dev v0 parent 1: classid 1:1 drr quantum 1514`.
        let class = TcMsg::new(3, TcHandle::new(1, 1), TcHandle::new(1, 0));
        builds_as_tc("drr_class", class, |b| {
            b.put_str(Tca::KIND, "drr");
            DrrAttr::Quantum(1514).write_to(&mut b.nest(Tca::OPTIONS));
        });
        // `tc class add dev v0 parent 1: classid 1:1 qfq weight 10 maxpkt 2000`.
        builds_as_tc("qfq_class", class, |b| {
            b.put_str(Tca::KIND, "qfq");
            let mut o = b.nest(Tca::OPTIONS);
            QfqAttr::Weight(10).write_to(&mut o);
            QfqAttr::Lmax(2000).write_to(&mut o);
        });
        // `tc qdisc add dev v0 root handle 1: ets bands 4 strict 1 quanta 2000 3000 1500
        // priomap 3 2 1 0`: every nest with NLA_F_NESTED, TCA_OPTIONS included.
        builds_as_tc(
            "ets",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "ets");
                let mut o = b.nest(Tca::OPTIONS.0 | NLA_F_NESTED);
                EtsAttr::Nbands(4).write_to(&mut o);
                EtsAttr::Nstrict(1).write_to(&mut o);
                {
                    let mut q = o.nest(TcaEts::QUANTA.0 | NLA_F_NESTED);
                    for quantum in [2000, 3000, 1500] {
                        EtsAttr::QuantaBand(quantum).write_to(&mut q);
                    }
                }
                let mut p = o.nest(TcaEts::PRIOMAP.0 | NLA_F_NESTED);
                for band in [3, 2, 1, 0] {
                    EtsAttr::PriomapBand(band).write_to(&mut p);
                }
            },
        );
        // `tc class change dev v0 classid 1:2 ets quantum 2500`: parent unspecified.
        builds_as_tc(
            "ets_class",
            TcMsg::new(3, TcHandle::new(1, 2), TcHandle::UNSPEC),
            |b| {
                b.put_str(Tca::KIND, "ets");
                EtsAttr::QuantaBand(2500).write_to(&mut b.nest(Tca::OPTIONS.0 | NLA_F_NESTED));
            },
        );
        let o = object("ets");
        let Some(Options::Ets(n)) = o.options().unwrap() else {
            panic!()
        };
        assert!(n.is_flagged());
        let e = EtsOptions::from(n);
        assert_eq!(
            (e.nbands().unwrap(), e.nstrict().unwrap()),
            (Some(4), Some(1))
        );
        let quanta: Vec<_> = e
            .quanta()
            .unwrap()
            .unwrap()
            .typed()
            .map(Result::unwrap)
            .collect();
        assert_eq!(quanta, [2000, 3000, 1500].map(EtsAttr::QuantaBand));
    }

    #[test]
    fn builds_what_tc_sends_for_mqprio_and_taprio() {
        // `tc qdisc add dev v0 root mqprio num_tc 2 map 0 0 0 0 1 1 1 1 queues 1@0 1@1 hw 1
        // mode channel shaper bw_rlimit min_rate 1mbit 2mbit max_rate 5mbit 50gbit`: the
        // struct, padded to 84 bytes, then mode, shaper and the two rate lists, 16 entries
        // each.
        builds_as_tc(
            "mqprio",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "mqprio");
                let q = TcMqprioQopt::new(
                    2,
                    &[0, 0, 0, 0, 1, 1, 1, 1],
                    &[(1, 0), (1, 1)],
                    MqprioHw::TCS,
                );
                let mut o = put_struct_nest(b, Tca::OPTIONS, &q);
                MqprioAttr::Mode(MqprioMode::CHANNEL).write_to(&mut o);
                MqprioAttr::Shaper(MqprioShaper::BW_RATE).write_to(&mut o);
                let min = [u64::from(MBIT), 2 * u64::from(MBIT)];
                let max = [5 * u64::from(MBIT), 50_000_000_000 / 8];
                for (kind, rates) in [(TcaMqprio::MIN_RATE64, min), (TcaMqprio::MAX_RATE64, max)] {
                    let mut list = o.nest(kind.0 | NLA_F_NESTED);
                    for i in 0..TC_QOPT_MAX_QUEUE {
                        list.put_u64(kind, rates.get(i).copied().unwrap_or(0));
                    }
                }
            },
        );
        // `tc qdisc add dev v0 root mqprio num_tc 2 map 0 1 queues 1@0 1@1 hw 0`: the struct
        // alone, padded.
        builds_as_tc(
            "mqprio_plain",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "mqprio");
                let q = TcMqprioQopt::new(2, &[0, 1], &[(1, 0), (1, 1)], MqprioHw::NONE);
                put_struct_nest(b, Tca::OPTIONS, &q).end();
            },
        );
        let o = object("mqprio");
        let Some(Options::Mqprio(m)) = o.options().unwrap() else {
            panic!()
        };
        assert_eq!(m.header().get().num_tc, 2);
        let a = MqprioAttrs::new(m.attrs());
        assert_eq!(a.mode().unwrap(), Some(MqprioMode::CHANNEL));
        let max: Vec<_> = a
            .max_rate64()
            .unwrap()
            .unwrap()
            .typed()
            .map(Result::unwrap)
            .collect();
        assert_eq!(max[1], MqprioRateAttr::MaxRate64(6_250_000_000));
        assert_eq!(
            m.attrs().next().unwrap().unwrap().offset(),
            16 + 20 + 12 + 4 + 84
        );

        // `tc qdisc add dev v0 parent root handle 100 taprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2
        // 2 2 2 2 2 2 queues 1@0 1@1 2@2 base-time 1000000000 sched-entry S 01 300000
        // sched-entry S 02 300000 sched-entry S 04 400000 clockid CLOCK_TAI`: handle 100 is
        // hexadecimal, 0x100:.
        builds_as_tc(
            "taprio",
            TcMsg::new(3, TcHandle::new(0x100, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "taprio");
                let mut o = b.nest(Tca::OPTIONS);
                TaprioAttr::SchedClockid(11).write_to(&mut o);
                let mut map = [2u8; 16];
                map[..4].copy_from_slice(&[2, 2, 1, 0]);
                let q = TcMqprioQopt::new(3, &map, &[(1, 0), (1, 1), (2, 2)], MqprioHw::NONE);
                o.put_struct(TcaTaprio::PRIOMAP, &q);
                TaprioAttr::SchedBaseTime(1_000_000_000).write_to(&mut o);
                let mut list = o.nest(TcaTaprio::SCHED_ENTRY_LIST.0 | NLA_F_NESTED);
                for (gates, interval) in [(1, 300_000), (2, 300_000), (4, 400_000)] {
                    let mut e = list.nest(TaprioSched::ENTRY);
                    TaprioEntryAttr::Cmd(TaprioCmd::SET_GATES).write_to(&mut e);
                    TaprioEntryAttr::GateMask(gates).write_to(&mut e);
                    TaprioEntryAttr::Interval(interval).write_to(&mut e);
                }
            },
        );
        let o = object("taprio");
        let Some(Options::Taprio(n)) = o.options().unwrap() else {
            panic!()
        };
        let t = TaprioOptions::from(n);
        assert_eq!(t.sched_base_time().unwrap(), Some(1_000_000_000));
        let entries: Vec<_> = t
            .sched_entry_list()
            .unwrap()
            .unwrap()
            .typed()
            .map(|e| match e.unwrap() {
                TaprioSchedAttr::Entry(e) => {
                    let e = TaprioEntryView::new(e.attrs());
                    (e.cmd().unwrap().unwrap(), e.gate_mask().unwrap().unwrap())
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            entries,
            [
                (TaprioCmd::SET_GATES, 1),
                (TaprioCmd::SET_GATES, 2),
                (TaprioCmd::SET_GATES, 4)
            ]
        );
        assert_eq!(TaprioCmd::SET_AND_HOLD.to_string(), "H");
    }
}
