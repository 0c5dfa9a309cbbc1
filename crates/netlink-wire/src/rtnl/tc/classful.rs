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
