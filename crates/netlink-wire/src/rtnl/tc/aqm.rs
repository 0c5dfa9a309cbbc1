//! Active queue management and fair queueing: `red`, `choke`, `sfb`, `codel`, `fq_codel`,
//! `pie`, `fq_pie`, `hhf`, `fq` and `sfq`, with their statistics structs.
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

use zerocopy::byteorder::native_endian::{I32, I64, U32, U64};

use crate::attr::{Attr, AttrWrite, StructView};
use crate::error::{Error, Result};
use crate::rtnl::tc::{NlaBitfield32, PschedClock};
use crate::typed::{Check, Value};

// ---------------------------------------------------------------------------------------------
// red, choke

kernel_struct! {
    /// `struct tc_red_qopt`: red's thresholds (`TCA_RED_PARMS`).
    #[allow(non_snake_case)]
    TcRedQopt = "tc_red_qopt", 16 {
        /// `limit`: the queue length in bytes.
        pub limit: U32,
        /// `qth_min`: the average length below which nothing is dropped, in bytes.
        pub qth_min: U32,
        /// `qth_max`: the average length above which everything is, in bytes.
        pub qth_max: U32,
        /// `Wlog`: the log2 of the averaging weight.
        pub Wlog: u8,
        /// `Plog`: the log2 of the drop probability's range.
        pub Plog: u8,
        /// `Scell_log`: the log2 of the idle-time cell of the `STAB` table.
        pub Scell_log: u8,
        /// `flags`: [`RedFlags`] (the historic ones).
        pub flags: u8,
    }
}

flags! {
    /// `TC_RED_*`: red's flags (`tc_red_qopt.flags`, `TCA_RED_FLAGS`), also choke's and sfq's.
    RedFlags(u32);
    /// Mark with ECN instead of dropping.
    ECN = 0x1, "TC_RED_ECN", "ecn";
    /// Drop even ECN-capable packets above the maximum.
    HARDDROP = 0x2, "TC_RED_HARDDROP", "harddrop";
    /// Adapt the drop probability.
    ADAPTATIVE = 0x4, "TC_RED_ADAPTATIVE", "adaptive";
    /// Never drop for the average length (mark, or pass).
    NODROP = 0x8, "TC_RED_NODROP", "nodrop";
}

kernel_struct! {
    /// `struct tc_red_xstats`: red's statistics.
    TcRedXstats = "tc_red_xstats", 16 {
        /// `early`: early drops.
        pub early: U32,
        /// `pdrop`: drops for the queue limit.
        pub pdrop: U32,
        /// `other`: other drops.
        pub other: U32,
        /// `marked`: packets marked.
        pub marked: U32,
    }
}

attributes! {
    /// The options of a red qdisc.
    view RedOptions;
    /// `TCA_RED_*`: the attributes of red's `TCA_OPTIONS`.
    numbers TcaRed;
    /// A typed red attribute.
    enum RedAttr<'a>;
    /// The thresholds.
    PARMS = 1, "TCA_RED_PARMS", Parms({TcRedQopt}), parms;
    /// The 256-byte table of idle-time shifts.
    STAB = 2, "TCA_RED_STAB", Stab(bytes), stab;
    /// The maximum drop probability, in units of 2^-32.
    MAX_P = 3, "TCA_RED_MAX_P", MaxP(u32), max_p;
    /// All the flags ([`RedFlags`] bits with a selector).
    FLAGS = 4, "TCA_RED_FLAGS", Flags({NlaBitfield32}), flags;
    /// The block that early-dropped packets are sent to.
    EARLY_DROP_BLOCK = 5, "TCA_RED_EARLY_DROP_BLOCK", EarlyDropBlock(u32), early_drop_block;
    /// The block that marked packets are sent to.
    MARK_BLOCK = 6, "TCA_RED_MARK_BLOCK", MarkBlock(u32), mark_block;
}

/// The idle-damping table of red and choke (`TCA_RED_STAB`, `TCA_CHOKE_STAB`) as `tc`
/// computes it, with the `Scell_log` that goes with it: entry `i` is how many times the
/// average queue length halves over an idle period of `i << Scell_log` ticks (at most 31),
/// for packets of `avpkt` bytes sent at `bytes_per_sec` and an averaging weight of
/// `2^-wlog`. `None` when no cell of up to 2^31 ticks fits the range in 512 cells (`tc`
/// refuses such settings).
#[must_use]
pub fn red_idle_damping(
    clock: &PschedClock,
    wlog: u8,
    avpkt: u32,
    bytes_per_sec: u32,
) -> Option<(u8, [u8; 256])> {
    let xmit_time = f64::from(clock.xmit_time(u64::from(bytes_per_sec), avpkt));
    let weight = 0.5f64.powi(i32::from(wlog));
    // The decay of the average per tick of idle time.
    let per_tick = -(1.0 - weight).ln() / xmit_time;
    let longest = 31.0 / per_tick;
    let cell_log = (0u8..32).find(|c| longest / 2f64.powi(i32::from(*c)) < 512.0)?;
    let cell = 2f64.powi(i32::from(cell_log));
    let mut table = [31u8; 256];
    for (i, entry) in (0u32..255).zip(table.iter_mut()) {
        // A float-to-integer `as` saturates, and the value is capped at 31 anyway.
        *entry = ((f64::from(i) * cell * per_tick) as u8).min(31);
    }
    Some((cell_log, table))
}

kernel_struct! {
    /// `struct tc_choke_qopt`: choke's thresholds (`TCA_CHOKE_PARMS`).
    #[allow(non_snake_case)]
    TcChokeQopt = "tc_choke_qopt", 16 {
        /// `limit`: the queue length in packets.
        pub limit: U32,
        /// `qth_min`: the minimum average length in packets.
        pub qth_min: U32,
        /// `qth_max`: the maximum average length in packets.
        pub qth_max: U32,
        /// `Wlog`: the log2 of the averaging weight.
        pub Wlog: u8,
        /// `Plog`: the log2 of the drop probability's range.
        pub Plog: u8,
        /// `Scell_log`: the log2 of the idle-time cell.
        pub Scell_log: u8,
        /// `flags`: [`RedFlags`].
        pub flags: u8,
    }
}

kernel_struct! {
    /// `struct tc_choke_xstats`: choke's statistics.
    TcChokeXstats = "tc_choke_xstats", 20 {
        /// `early`: early drops.
        pub early: U32,
        /// `pdrop`: drops for the queue limit.
        pub pdrop: U32,
        /// `other`: other drops.
        pub other: U32,
        /// `marked`: packets marked.
        pub marked: U32,
        /// `matched`: drops of a flow match.
        pub matched: U32,
    }
}

attributes! {
    /// The options of a choke qdisc.
    view ChokeOptions;
    /// `TCA_CHOKE_*`: the attributes of choke's `TCA_OPTIONS`.
    numbers TcaChoke;
    /// A typed choke attribute.
    enum ChokeAttr<'a>;
    /// The thresholds.
    PARMS = 1, "TCA_CHOKE_PARMS", Parms({TcChokeQopt}), parms;
    /// The 256-byte table of idle-time shifts.
    STAB = 2, "TCA_CHOKE_STAB", Stab(bytes), stab;
    /// The maximum drop probability, in units of 2^-32.
    MAX_P = 3, "TCA_CHOKE_MAX_P", MaxP(u32), max_p;
}

// ---------------------------------------------------------------------------------------------
// sfb

kernel_struct! {
    /// `struct tc_sfb_qopt`: sfb's settings (`TCA_SFB_PARMS`).
    TcSfbQopt = "tc_sfb_qopt", 36 {
        /// `rehash_interval`: milliseconds between hash changes.
        pub rehash_interval: U32,
        /// `warmup_time`: the double-buffering time, in milliseconds.
        pub warmup_time: U32,
        /// `max`: the most packets in a bin.
        pub max: U32,
        /// `bin_size`: the target packets in a bin.
        pub bin_size: U32,
        /// `increment`: the probability step up, Q0.16.
        pub increment: U32,
        /// `decrement`: the probability step down, Q0.16.
        pub decrement: U32,
        /// `limit`: the queue length in packets.
        pub limit: U32,
        /// `penalty_rate`: the rate limit of inelastic flows, packets per second.
        pub penalty_rate: U32,
        /// `penalty_burst`: their burst, in packets.
        pub penalty_burst: U32,
    }
}

kernel_struct! {
    /// `struct tc_sfb_xstats`: sfb's statistics.
    TcSfbXstats = "tc_sfb_xstats", 36 {
        /// `earlydrop`.
        pub earlydrop: U32,
        /// `penaltydrop`.
        pub penaltydrop: U32,
        /// `bucketdrop`.
        pub bucketdrop: U32,
        /// `queuedrop`.
        pub queuedrop: U32,
        /// `childdrop`: drops in the child qdisc.
        pub childdrop: U32,
        /// `marked`.
        pub marked: U32,
        /// `maxqlen`.
        pub maxqlen: U32,
        /// `maxprob`.
        pub maxprob: U32,
        /// `avgprob`.
        pub avgprob: U32,
    }
}

attributes! {
    /// The options of an sfb qdisc.
    view SfbOptions;
    /// `TCA_SFB_*`: the attributes of sfb's `TCA_OPTIONS`.
    numbers TcaSfb;
    /// A typed sfb attribute.
    enum SfbAttr<'a>;
    /// The settings.
    PARMS = 1, "TCA_SFB_PARMS", Parms({TcSfbQopt}), parms;
}

// ---------------------------------------------------------------------------------------------
// codel, fq_codel

kernel_struct! {
    /// `struct tc_codel_xstats`: codel's statistics.
    TcCodelXstats = "tc_codel_xstats", 36 {
        /// `maxpacket`: the largest packet seen.
        pub maxpacket: U32,
        /// `count`: drops since entering the dropping state.
        pub count: U32,
        /// `lastcount`: the count when it last entered it.
        pub lastcount: U32,
        /// `ldelay`: the sojourn time of the last packet, in ticks.
        pub ldelay: U32,
        /// `drop_next`: when the next drop is due, in ticks.
        pub drop_next: I32,
        /// `drop_overlimit`: drops for the queue limit.
        pub drop_overlimit: U32,
        /// `ecn_mark`: packets marked instead of dropped.
        pub ecn_mark: U32,
        /// `dropping`: whether it is in the dropping state.
        pub dropping: U32,
        /// `ce_mark`: packets marked for the CE threshold.
        pub ce_mark: U32,
    }
}

attributes! {
    /// The options of a codel qdisc.
    view CodelOptions;
    /// `TCA_CODEL_*`: the attributes of codel's `TCA_OPTIONS`.
    numbers TcaCodel;
    /// A typed codel attribute.
    enum CodelAttr<'a>;
    /// The acceptable sojourn time, in microseconds.
    TARGET = 1, "TCA_CODEL_TARGET", Target(u32), target;
    /// The queue length in packets.
    LIMIT = 2, "TCA_CODEL_LIMIT", Limit(u32), limit;
    /// The sliding window, in microseconds.
    INTERVAL = 3, "TCA_CODEL_INTERVAL", Interval(u32), interval;
    /// Whether to mark with ECN instead of dropping.
    ECN = 4, "TCA_CODEL_ECN", Ecn(u32), ecn;
    /// The sojourn time above which packets are CE-marked, in microseconds.
    CE_THRESHOLD = 5, "TCA_CODEL_CE_THRESHOLD", CeThreshold(u32), ce_threshold;
}

/// `FQ_CODEL_QUANTUM_MAX`: the largest fq_codel quantum.
pub const FQ_CODEL_QUANTUM_MAX: u32 = 1 << 20;

attributes! {
    /// The options of an fq_codel qdisc.
    view FqCodelOptions;
    /// `TCA_FQ_CODEL_*`: the attributes of fq_codel's `TCA_OPTIONS`.
    numbers TcaFqCodel;
    /// A typed fq_codel attribute.
    enum FqCodelAttr<'a>;
    /// The acceptable sojourn time, in microseconds.
    TARGET = 1, "TCA_FQ_CODEL_TARGET", Target(u32), target;
    /// The queue length in packets.
    LIMIT = 2, "TCA_FQ_CODEL_LIMIT", Limit(u32), limit;
    /// The sliding window, in microseconds.
    INTERVAL = 3, "TCA_FQ_CODEL_INTERVAL", Interval(u32), interval;
    /// Whether to mark with ECN instead of dropping.
    ECN = 4, "TCA_FQ_CODEL_ECN", Ecn(u32), ecn;
    /// The number of flow queues.
    FLOWS = 5, "TCA_FQ_CODEL_FLOWS", Flows(u32), flows;
    /// The bytes a flow may send per round.
    QUANTUM = 6, "TCA_FQ_CODEL_QUANTUM", Quantum(u32), quantum;
    /// The sojourn time above which packets are CE-marked, in microseconds.
    CE_THRESHOLD = 7, "TCA_FQ_CODEL_CE_THRESHOLD", CeThreshold(u32), ce_threshold;
    /// The most packets dropped at once when over the limit.
    DROP_BATCH_SIZE = 8, "TCA_FQ_CODEL_DROP_BATCH_SIZE", DropBatchSize(u32), drop_batch_size;
    /// The memory limit in bytes.
    MEMORY_LIMIT = 9, "TCA_FQ_CODEL_MEMORY_LIMIT", MemoryLimit(u32), memory_limit;
    /// The DSCP value that selects the packets the CE threshold applies to.
    CE_THRESHOLD_SELECTOR = 10, "TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR", CeThresholdSelector(u8), ce_threshold_selector;
    /// The mask applied before comparing with the selector.
    CE_THRESHOLD_MASK = 11, "TCA_FQ_CODEL_CE_THRESHOLD_MASK", CeThresholdMask(u8), ce_threshold_mask;
}

kernel_struct! {
    /// `struct tc_fq_codel_qd_stats`: an fq_codel qdisc's statistics.
    TcFqCodelQdStats = "tc_fq_codel_qd_stats", 36 {
        /// `maxpacket`: the largest packet seen.
        pub maxpacket: U32,
        /// `drop_overlimit`: drops for the queue limit.
        pub drop_overlimit: U32,
        /// `ecn_mark`: packets marked instead of dropped.
        pub ecn_mark: U32,
        /// `new_flow_count`: packets that started a new flow.
        pub new_flow_count: U32,
        /// `new_flows_len`: flows in the new list.
        pub new_flows_len: U32,
        /// `old_flows_len`: flows in the old list.
        pub old_flows_len: U32,
        /// `ce_mark`: packets marked for the CE threshold.
        pub ce_mark: U32,
        /// `memory_usage`: bytes in use.
        pub memory_usage: U32,
        /// `drop_overmemory`: drops for the memory limit.
        pub drop_overmemory: U32,
    }
}

kernel_struct! {
    /// `struct tc_fq_codel_cl_stats`: an fq_codel flow's statistics.
    TcFqCodelClStats = "tc_fq_codel_cl_stats", 24 {
        /// `deficit`: the bytes the flow may still send this round.
        pub deficit: I32,
        /// `ldelay`: the sojourn time of the last packet, in ticks.
        pub ldelay: U32,
        /// `count`: drops since entering the dropping state.
        pub count: U32,
        /// `lastcount`: the count when it last entered it.
        pub lastcount: U32,
        /// `dropping`: whether it is in the dropping state.
        pub dropping: U32,
        /// `drop_next`: when the next drop is due, in ticks.
        pub drop_next: I32,
    }
}

values! {
    /// `TCA_FQ_CODEL_XSTATS_*`: which half of `struct tc_fq_codel_xstats`'s union is filled.
    FqCodelXstatsType(u32);
    /// The qdisc's statistics.
    QDISC = 0, "TCA_FQ_CODEL_XSTATS_QDISC", "qdisc";
    /// A flow's (class's) statistics.
    CLASS = 1, "TCA_FQ_CODEL_XSTATS_CLASS", "class";
}

/// `struct tc_fq_codel_xstats`: a `u32` type, then the qdisc's or a flow's statistics
/// (a union, 36 bytes).
#[doc(alias = "tc_fq_codel_xstats")]
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum FqCodelXstats<'a> {
    /// `TCA_FQ_CODEL_XSTATS_QDISC`.
    Qdisc(StructView<'a, TcFqCodelQdStats>),
    /// `TCA_FQ_CODEL_XSTATS_CLASS`.
    Class(StructView<'a, TcFqCodelClStats>),
    /// A type this crate does not know, with the bytes after it.
    Other(FqCodelXstatsType, &'a [u8]),
}

impl<'a> FqCodelXstats<'a> {
    /// Reads the type and the union.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than the type word.
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let (t, rest) = attr
            .payload()
            .split_first_chunk::<4>()
            .ok_or(Error::AttrSize {
                kind: attr.kind(),
                offset: attr.offset(),
                expected: 4,
                found: attr.payload().len(),
            })?;
        Ok(match FqCodelXstatsType(u32::from_ne_bytes(*t)) {
            FqCodelXstatsType::QDISC => FqCodelXstats::Qdisc(StructView::new(rest)),
            FqCodelXstatsType::CLASS => FqCodelXstats::Class(StructView::new(rest)),
            other => FqCodelXstats::Other(other, rest),
        })
    }
}

impl<'a> Value<'a> for FqCodelXstats<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        FqCodelXstats::parse(attr)
    }

    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        let (t, rest) = match self {
            FqCodelXstats::Qdisc(s) => (FqCodelXstatsType::QDISC, s.as_bytes()),
            FqCodelXstats::Class(s) => (FqCodelXstatsType::CLASS, s.as_bytes()),
            FqCodelXstats::Other(t, rest) => (*t, *rest),
        };
        w.put_parts(kind, &[&t.0.to_ne_bytes(), rest]);
    }
}

impl Check for FqCodelXstats<'_> {}

// ---------------------------------------------------------------------------------------------
// pie, fq_pie

attributes! {
    /// The options of a pie qdisc.
    view PieOptions;
    /// `TCA_PIE_*`: the attributes of pie's `TCA_OPTIONS`.
    numbers TcaPie;
    /// A typed pie attribute.
    enum PieAttr<'a>;
    /// The target queueing delay, in microseconds.
    TARGET = 1, "TCA_PIE_TARGET", Target(u32), target;
    /// The queue length in packets.
    LIMIT = 2, "TCA_PIE_LIMIT", Limit(u32), limit;
    /// How often the drop probability is updated, in microseconds.
    TUPDATE = 3, "TCA_PIE_TUPDATE", Tupdate(u32), tupdate;
    /// The weight of the delay's deviation.
    ALPHA = 4, "TCA_PIE_ALPHA", Alpha(u32), alpha;
    /// The weight of the delay's trend.
    BETA = 5, "TCA_PIE_BETA", Beta(u32), beta;
    /// Whether to mark with ECN instead of dropping.
    ECN = 6, "TCA_PIE_ECN", Ecn(u32), ecn;
    /// Whether drop probability scales with packet size.
    BYTEMODE = 7, "TCA_PIE_BYTEMODE", Bytemode(u32), bytemode;
    /// Whether the delay comes from the dequeue rate estimate.
    DQ_RATE_ESTIMATOR = 8, "TCA_PIE_DQ_RATE_ESTIMATOR", DqRateEstimator(u32), dq_rate_estimator;
}

kernel_struct! {
    /// `struct tc_pie_xstats`: pie's statistics.
    TcPieXstats = "tc_pie_xstats", 40 {
        /// `prob`: the drop probability.
        pub prob: U64,
        /// `delay`: the current delay, in milliseconds.
        pub delay: U32,
        /// `avg_dq_rate`: the average dequeue rate.
        pub avg_dq_rate: U32,
        /// `dq_rate_estimating`: whether the rate is being estimated.
        pub dq_rate_estimating: U32,
        /// `packets_in`: packets enqueued.
        pub packets_in: U32,
        /// `dropped`: packets dropped.
        pub dropped: U32,
        /// `overlimit`: drops for the queue limit.
        pub overlimit: U32,
        /// `maxq`: the longest queue.
        pub maxq: U32,
        /// `ecn_mark`: packets marked.
        pub ecn_mark: U32,
    }
}

attributes! {
    /// The options of an fq_pie qdisc.
    view FqPieOptions;
    /// `TCA_FQ_PIE_*`: the attributes of fq_pie's `TCA_OPTIONS`.
    numbers TcaFqPie;
    /// A typed fq_pie attribute.
    enum FqPieAttr<'a>;
    /// The queue length in packets.
    LIMIT = 1, "TCA_FQ_PIE_LIMIT", Limit(u32), limit;
    /// The number of flow queues.
    FLOWS = 2, "TCA_FQ_PIE_FLOWS", Flows(u32), flows;
    /// The target queueing delay, in microseconds.
    TARGET = 3, "TCA_FQ_PIE_TARGET", Target(u32), target;
    /// How often the drop probability is updated, in microseconds.
    TUPDATE = 4, "TCA_FQ_PIE_TUPDATE", Tupdate(u32), tupdate;
    /// The weight of the delay's deviation.
    ALPHA = 5, "TCA_FQ_PIE_ALPHA", Alpha(u32), alpha;
    /// The weight of the delay's trend.
    BETA = 6, "TCA_FQ_PIE_BETA", Beta(u32), beta;
    /// The bytes a flow may send per round.
    QUANTUM = 7, "TCA_FQ_PIE_QUANTUM", Quantum(u32), quantum;
    /// The memory limit in bytes.
    MEMORY_LIMIT = 8, "TCA_FQ_PIE_MEMORY_LIMIT", MemoryLimit(u32), memory_limit;
    /// The drop probability, in percent, above which packets are dropped even with ECN.
    ECN_PROB = 9, "TCA_FQ_PIE_ECN_PROB", EcnProb(u32), ecn_prob;
    /// Whether to mark with ECN instead of dropping.
    ECN = 10, "TCA_FQ_PIE_ECN", Ecn(u32), ecn;
    /// Whether drop probability scales with packet size.
    BYTEMODE = 11, "TCA_FQ_PIE_BYTEMODE", Bytemode(u32), bytemode;
    /// Whether the delay comes from the dequeue rate estimate.
    DQ_RATE_ESTIMATOR = 12, "TCA_FQ_PIE_DQ_RATE_ESTIMATOR", DqRateEstimator(u32), dq_rate_estimator;
}

kernel_struct! {
    /// `struct tc_fq_pie_xstats`: fq_pie's statistics.
    TcFqPieXstats = "tc_fq_pie_xstats", 36 {
        /// `packets_in`: packets enqueued.
        pub packets_in: U32,
        /// `dropped`: packets dropped.
        pub dropped: U32,
        /// `overlimit`: drops for the queue limit.
        pub overlimit: U32,
        /// `overmemory`: drops for the memory limit.
        pub overmemory: U32,
        /// `ecn_mark`: packets marked.
        pub ecn_mark: U32,
        /// `new_flow_count`: packets that started a new flow.
        pub new_flow_count: U32,
        /// `new_flows_len`: flows in the new list.
        pub new_flows_len: U32,
        /// `old_flows_len`: flows in the old list.
        pub old_flows_len: U32,
        /// `memory_usage`: bytes in use.
        pub memory_usage: U32,
    }
}

// ---------------------------------------------------------------------------------------------
// hhf

attributes! {
    /// The options of an hhf qdisc.
    view HhfOptions;
    /// `TCA_HHF_*`: the attributes of hhf's `TCA_OPTIONS`.
    numbers TcaHhf;
    /// A typed hhf attribute.
    enum HhfAttr<'a>;
    /// The queue length in packets.
    BACKLOG_LIMIT = 1, "TCA_HHF_BACKLOG_LIMIT", BacklogLimit(u32), backlog_limit;
    /// The bytes a bucket may send per round.
    QUANTUM = 2, "TCA_HHF_QUANTUM", Quantum(u32), quantum;
    /// The most heavy hitters tracked.
    HH_FLOWS_LIMIT = 3, "TCA_HHF_HH_FLOWS_LIMIT", HhFlowsLimit(u32), hh_flows_limit;
    /// How often the counters reset, in ticks.
    RESET_TIMEOUT = 4, "TCA_HHF_RESET_TIMEOUT", ResetTimeout(u32), reset_timeout;
    /// The bytes that make a flow a heavy hitter.
    ADMIT_BYTES = 5, "TCA_HHF_ADMIT_BYTES", AdmitBytes(u32), admit_bytes;
    /// How long an idle heavy hitter stays one, in ticks.
    EVICT_TIMEOUT = 6, "TCA_HHF_EVICT_TIMEOUT", EvictTimeout(u32), evict_timeout;
    /// The weight of the other flows against the heavy hitters.
    NON_HH_WEIGHT = 7, "TCA_HHF_NON_HH_WEIGHT", NonHhWeight(u32), non_hh_weight;
}

kernel_struct! {
    /// `struct tc_hhf_xstats`: hhf's statistics.
    TcHhfXstats = "tc_hhf_xstats", 16 {
        /// `drop_overlimit`: drops for the queue limit.
        pub drop_overlimit: U32,
        /// `hh_overlimit`: times the heavy-hitter limit was hit.
        pub hh_overlimit: U32,
        /// `hh_tot_count`: heavy hitters seen.
        pub hh_tot_count: U32,
        /// `hh_cur_count`: heavy hitters now.
        pub hh_cur_count: U32,
    }
}

// ---------------------------------------------------------------------------------------------
// fq

attributes! {
    /// The options of an fq qdisc.
    view FqOptions;
    /// `TCA_FQ_*`: the attributes of fq's `TCA_OPTIONS`.
    numbers TcaFq;
    /// A typed fq attribute.
    enum FqAttr<'a>;
    /// The queue length in packets.
    PLIMIT = 1, "TCA_FQ_PLIMIT", Plimit(u32), plimit;
    /// The queue length per flow, in packets.
    FLOW_PLIMIT = 2, "TCA_FQ_FLOW_PLIMIT", FlowPlimit(u32), flow_plimit;
    /// The bytes a flow may send per round.
    QUANTUM = 3, "TCA_FQ_QUANTUM", Quantum(u32), quantum;
    /// The quantum of a new flow.
    INITIAL_QUANTUM = 4, "TCA_FQ_INITIAL_QUANTUM", InitialQuantum(u32), initial_quantum;
    /// Whether pacing is on.
    RATE_ENABLE = 5, "TCA_FQ_RATE_ENABLE", RateEnable(u32), rate_enable;
    /// Obsolete.
    FLOW_DEFAULT_RATE = 6, "TCA_FQ_FLOW_DEFAULT_RATE", FlowDefaultRate(u32), flow_default_rate;
    /// The most a flow may send, in bytes per second.
    FLOW_MAX_RATE = 7, "TCA_FQ_FLOW_MAX_RATE", FlowMaxRate(u32), flow_max_rate;
    /// The log2 of the number of hash buckets.
    BUCKETS_LOG = 8, "TCA_FQ_BUCKETS_LOG", BucketsLog(u32), buckets_log;
    /// How long a throttled flow waits for credit, in microseconds.
    FLOW_REFILL_DELAY = 9, "TCA_FQ_FLOW_REFILL_DELAY", FlowRefillDelay(u32), flow_refill_delay;
    /// The mask applied to the hash of packets without a socket.
    ORPHAN_MASK = 10, "TCA_FQ_ORPHAN_MASK", OrphanMask(u32), orphan_mask;
    /// The rate below which each packet is paced, in bytes per second.
    LOW_RATE_THRESHOLD = 11, "TCA_FQ_LOW_RATE_THRESHOLD", LowRateThreshold(u32), low_rate_threshold;
    /// The sojourn time above which packets are CE-marked, in microseconds.
    CE_THRESHOLD = 12, "TCA_FQ_CE_THRESHOLD", CeThreshold(u32), ce_threshold;
    /// The timer slack, in nanoseconds.
    TIMER_SLACK = 13, "TCA_FQ_TIMER_SLACK", TimerSlack(u32), timer_slack;
    /// How far in the future a packet's departure time may be, in microseconds.
    HORIZON = 14, "TCA_FQ_HORIZON", Horizon(u32), horizon;
    /// Whether packets beyond the horizon are dropped (1) or capped (0).
    HORIZON_DROP = 15, "TCA_FQ_HORIZON_DROP", HorizonDrop(u8), horizon_drop;
}

kernel_struct! {
    /// `struct tc_fq_qd_stats`: fq's statistics.
    TcFqQdStats = "tc_fq_qd_stats", 104 {
        /// `gc_flows`: flows collected.
        pub gc_flows: U64,
        /// `highprio_packets`: packets of the high-priority band.
        pub highprio_packets: U64,
        /// `tcp_retrans`: TCP retransmits (no longer counted).
        pub tcp_retrans: U64,
        /// `throttled`: flows throttled.
        pub throttled: U64,
        /// `flows_plimit`: drops for a flow's limit.
        pub flows_plimit: U64,
        /// `pkts_too_long`: packets longer than the quantum.
        pub pkts_too_long: U64,
        /// `allocation_errors`: failed flow allocations.
        pub allocation_errors: U64,
        /// `time_next_delayed_flow`: when the next throttled flow is due, in nanoseconds.
        pub time_next_delayed_flow: I64,
        /// `flows`: flows.
        pub flows: U32,
        /// `inactive_flows`: idle flows.
        pub inactive_flows: U32,
        /// `throttled_flows`: throttled flows.
        pub throttled_flows: U32,
        /// `unthrottle_latency_ns`: the timer's lateness.
        pub unthrottle_latency_ns: U32,
        /// `ce_mark`: packets marked for the CE threshold.
        pub ce_mark: U64,
        /// `horizon_drops`: drops beyond the horizon.
        pub horizon_drops: U64,
        /// `horizon_caps`: departure times capped to the horizon.
        pub horizon_caps: U64,
    }
}

// ---------------------------------------------------------------------------------------------
// sfq

kernel_struct! {
    /// `struct tc_sfq_qopt`: sfq's original options, the head of [`TcSfqQoptV1`].
    TcSfqQopt = "tc_sfq_qopt", 20 {
        /// `quantum`: the bytes a flow may send per round.
        pub quantum: U32,
        /// `perturb_period`: seconds between hash changes.
        pub perturb_period: I32,
        /// `limit`: the queue length in packets.
        pub limit: U32,
        /// `divisor`: the number of hash buckets.
        pub divisor: U32,
        /// `flows`: the most flows.
        pub flows: U32,
    }
}

kernel_struct! {
    /// `struct tc_sfqred_stats`: the red statistics of sfq's per-flow red.
    TcSfqredStats = "tc_sfqred_stats", 24 {
        /// `prob_drop`: early drops below the maximum.
        pub prob_drop: U32,
        /// `forced_drop`: early drops above it.
        pub forced_drop: U32,
        /// `prob_mark`: marks below the maximum.
        pub prob_mark: U32,
        /// `forced_mark`: marks above it.
        pub forced_mark: U32,
        /// `prob_mark_head`: head marks below the maximum.
        pub prob_mark_head: U32,
        /// `forced_mark_head`: head marks above it.
        pub forced_mark_head: U32,
    }
}

kernel_struct! {
    /// `struct tc_sfq_qopt_v1`: sfq's options, its whole `TCA_OPTIONS` (read zero-extended,
    /// so that the 20 bytes of `struct tc_sfq_qopt` from older tools read as well).
    #[allow(non_snake_case)]
    TcSfqQoptV1 = "tc_sfq_qopt_v1", 72 {
        /// `v0`: the original options.
        pub v0: TcSfqQopt,
        /// `depth`: the most packets per flow.
        pub depth: U32,
        /// `headdrop`: drop from the head instead of the tail.
        pub headdrop: U32,
        /// `limit`: the per-flow red's hard limit, in bytes.
        pub limit: U32,
        /// `qth_min`: the red minimum average, in bytes.
        pub qth_min: U32,
        /// `qth_max`: the red maximum average, in bytes.
        pub qth_max: U32,
        /// `Wlog`: the log2 of the averaging weight.
        pub Wlog: u8,
        /// `Plog`: the log2 of the drop probability's range.
        pub Plog: u8,
        /// `Scell_log`: the log2 of the idle-time cell.
        pub Scell_log: u8,
        /// `flags`: [`RedFlags`].
        pub flags: u8,
        /// `max_P`: the maximum drop probability, in units of 2^-32.
        pub max_P: U32,
        /// `stats`: the red statistics (dumps).
        pub stats: TcSfqredStats,
    }
}

kernel_struct! {
    /// `struct tc_sfq_xstats`: an sfq flow's statistics.
    TcSfqXstats = "tc_sfq_xstats", 4 {
        /// `allot`: the bytes the flow may still send this round.
        pub allot: I32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::NLA_F_NESTED;
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{Options, TcHandle, TcMsg, Tca};

    fn root() -> TcMsg {
        TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT)
    }

    #[test]
    fn builds_what_tc_sends_for_red_and_choke() {
        let clock = PschedClock::KERNEL;
        // `tc qdisc add dev v0 root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55
        // bandwidth 10mbit probability 0.02 ecn adaptive`: tc derives Wlog 5 from the burst
        // and Plog 22 from the probability; the flags go in TCA_RED_FLAGS, not the struct.
        let (scell_log, stab) = red_idle_damping(&clock, 5, 1000, 1_250_000).unwrap();
        assert_eq!(scell_log, 15);
        builds_as_tc("red", root(), |b| {
            b.put_str(Tca::KIND, "red");
            let mut o = b.nest(Tca::OPTIONS);
            let q = TcRedQopt {
                limit: U32::new(400_000),
                qth_min: U32::new(30_000),
                qth_max: U32::new(90_000),
                Wlog: 5,
                Plog: 22,
                Scell_log: scell_log,
                flags: 0,
            };
            o.put_struct(TcaRed::PARMS, &q);
            RedAttr::Stab(&stab).write_to(&mut o);
            RedAttr::MaxP(0x051e_b851).write_to(&mut o);
            let flags = RedFlags::ECN | RedFlags::ADAPTATIVE;
            o.put_struct(TcaRed::FLAGS, &NlaBitfield32::new(flags.bits(), 0xf));
        });
        // `tc qdisc add dev v0 root choke limit 1000 min 100 max 300 avpkt 1000 burst 200
        // bandwidth 10mbit probability 0.05 ecn`: Wlog 7, Plog 22.
        let (scell_log, stab) = red_idle_damping(&clock, 7, 1000, 1_250_000).unwrap();
        builds_as_tc("choke", root(), |b| {
            b.put_str(Tca::KIND, "choke");
            let mut o = b.nest(Tca::OPTIONS);
            let q = TcChokeQopt {
                limit: U32::new(1000),
                qth_min: U32::new(100),
                qth_max: U32::new(300),
                Wlog: 7,
                Plog: 22,
                Scell_log: scell_log,
                flags: u8::try_from(RedFlags::ECN.bits()).unwrap(),
            };
            o.put_struct(TcaChoke::PARMS, &q);
            ChokeAttr::Stab(&stab).write_to(&mut o);
            ChokeAttr::MaxP(0x0ccc_cccc).write_to(&mut o);
        });
        let o = object("red");
        let Some(Options::Red(n)) = o.options().unwrap() else {
            panic!()
        };
        let r = RedOptions::from(n);
        let f = r.flags().unwrap().unwrap().get();
        assert_eq!(
            RedFlags(f.value.get()),
            RedFlags::ECN | RedFlags::ADAPTATIVE
        );
        assert_eq!(r.stab().unwrap().unwrap().len(), 256);
        assert_eq!(red_idle_damping(&clock, 40, 1, 1), None);
    }

    #[test]
    fn builds_what_tc_sends_for_sfb_and_sfq() {
        // `tc qdisc add dev v0 root sfb rehash 600000 db 60000 limit 1000 max 25 target 20
        // increment 0.0005 decrement 0.00005 penalty_rate 10 penalty_burst 20`: the
        // probabilities in Q0.16, rounded.
        builds_as_tc("sfb", root(), |b| {
            b.put_str(Tca::KIND, "sfb");
            let q = TcSfbQopt {
                rehash_interval: U32::new(600_000),
                warmup_time: U32::new(60_000),
                max: U32::new(25),
                bin_size: U32::new(20),
                increment: U32::new(33),
                decrement: U32::new(3),
                limit: U32::new(1000),
                penalty_rate: U32::new(10),
                penalty_burst: U32::new(20),
            };
            b.nest(Tca::OPTIONS).put_struct(TcaSfb::PARMS, &q);
        });
        // `tc qdisc add dev v0 root sfq perturb 10 quantum 1514 limit 127 divisor 1024 depth
        // 127 headdrop flows 128`: the whole v1 struct is the options.
        let v0 = TcSfqQopt {
            quantum: U32::new(1514),
            perturb_period: I32::new(10),
            limit: U32::new(127),
            divisor: U32::new(1024),
            flows: U32::new(128),
        };
        builds_as_tc("sfq", root(), |b| {
            let q = TcSfqQoptV1 {
                v0,
                depth: U32::new(127),
                headdrop: U32::new(1),
                ..TcSfqQoptV1::default()
            };
            b.put_str(Tca::KIND, "sfq").put_struct(Tca::OPTIONS, &q);
        });
        // `tc qdisc add dev v0 root sfq limit 3000 depth 64 redflowlimit 40000 min 5000 max
        // 15000 probability 0.15 avpkt 1000 ecn harddrop`: Wlog 3, Plog 17.
        builds_as_tc("sfq_red", root(), |b| {
            let q = TcSfqQoptV1 {
                v0: TcSfqQopt {
                    limit: U32::new(3000),
                    ..TcSfqQopt::default()
                },
                depth: U32::new(64),
                limit: U32::new(40_000),
                qth_min: U32::new(5000),
                qth_max: U32::new(15_000),
                Wlog: 3,
                Plog: 17,
                flags: u8::try_from((RedFlags::ECN | RedFlags::HARDDROP).bits()).unwrap(),
                max_P: U32::new(0x2666_6666),
                ..TcSfqQoptV1::default()
            };
            b.put_str(Tca::KIND, "sfq").put_struct(Tca::OPTIONS, &q);
        });
        // An sfq dump from an older kernel carries only the 20-byte v0: read zero-extended.
        let mut buf = Vec::new();
        let mut b = crate::AttrBuilder::new(&mut buf);
        b.put_struct(Tca::OPTIONS, &v0);
        b.finish().unwrap();
        let a = crate::Attrs::new(&buf).next().unwrap().unwrap();
        let Options::Sfq(q) = Options::decode("sfq", crate::rtnl::tc::TcObject::Qdisc, a).unwrap()
        else {
            panic!()
        };
        assert_eq!((q.get().v0, q.get().depth.get()), (v0, 0));
    }

    #[test]
    fn builds_what_tc_sends_for_codel_pie_and_hhf() {
        // `tc qdisc add dev v0 root codel limit 1000 target 5ms interval 100ms ecn
        // ce_threshold 1ms`: times in microseconds.
        builds_as_tc("codel", root(), |b| {
            b.put_str(Tca::KIND, "codel");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                CodelAttr::Limit(1000),
                CodelAttr::Interval(100_000),
                CodelAttr::Target(5000),
                CodelAttr::Ecn(1),
                CodelAttr::CeThreshold(1000),
            ] {
                a.write_to(&mut o);
            }
        });
        // `tc qdisc add dev v0 root fq_codel limit 1024 flows 512 target 5ms interval 100ms
        // quantum 1514 ce_threshold 2ms memory_limit 32Mb ecn drop_batch 32`.
        builds_as_tc("fq_codel", root(), |b| {
            b.put_str(Tca::KIND, "fq_codel");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                FqCodelAttr::Limit(1024),
                FqCodelAttr::Flows(512),
                FqCodelAttr::Quantum(1514),
                FqCodelAttr::Interval(100_000),
                FqCodelAttr::Target(5000),
                FqCodelAttr::Ecn(1),
                FqCodelAttr::CeThreshold(2000),
                FqCodelAttr::MemoryLimit(32 << 20),
                FqCodelAttr::DropBatchSize(32),
            ] {
                a.write_to(&mut o);
            }
        });
        // `tc qdisc add dev v0 root pie limit 1000 target 15ms tupdate 15ms alpha 2 beta 20
        // ecn bytemode dq_rate_estimator`.
        builds_as_tc("pie", root(), |b| {
            b.put_str(Tca::KIND, "pie");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                PieAttr::Limit(1000),
                PieAttr::Tupdate(15_000),
                PieAttr::Target(15_000),
                PieAttr::Alpha(2),
                PieAttr::Beta(20),
                PieAttr::Ecn(1),
                PieAttr::Bytemode(1),
                PieAttr::DqRateEstimator(1),
            ] {
                a.write_to(&mut o);
            }
        });
        // `tc qdisc add dev v0 root fq_pie limit 10240 flows 1024 target 15ms tupdate 15ms
        // alpha 2 beta 20 quantum 1514 memory_limit 32mb ecn_prob 10 ecn bytemode
        // dq_rate_estimator`: TCA_OPTIONS with NLA_F_NESTED.
        builds_as_tc("fq_pie", root(), |b| {
            b.put_str(Tca::KIND, "fq_pie");
            let mut o = b.nest(Tca::OPTIONS.0 | NLA_F_NESTED);
            for a in [
                FqPieAttr::Limit(10240),
                FqPieAttr::Flows(1024),
                FqPieAttr::Target(15_000),
                FqPieAttr::Tupdate(15_000),
                FqPieAttr::Alpha(2),
                FqPieAttr::Beta(20),
                FqPieAttr::Quantum(1514),
                FqPieAttr::MemoryLimit(32 << 20),
                FqPieAttr::EcnProb(10),
                FqPieAttr::Ecn(1),
                FqPieAttr::Bytemode(1),
                FqPieAttr::DqRateEstimator(1),
            ] {
                a.write_to(&mut o);
            }
        });
        // `tc qdisc add dev v0 root hhf limit 1000 quantum 1514 hh_limit 2048 reset_timeout
        // 40ms admit_bytes 131072 evict_timeout 1s non_hh_weight 2`: times in microseconds.
        builds_as_tc("hhf", root(), |b| {
            b.put_str(Tca::KIND, "hhf");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                HhfAttr::BacklogLimit(1000),
                HhfAttr::Quantum(1514),
                HhfAttr::HhFlowsLimit(2048),
                HhfAttr::ResetTimeout(40_000),
                HhfAttr::AdmitBytes(131_072),
                HhfAttr::EvictTimeout(1_000_000),
                HhfAttr::NonHhWeight(2),
            ] {
                a.write_to(&mut o);
            }
        });
        let o = object("fq_codel");
        let Some(Options::FqCodel(n)) = o.options().unwrap() else {
            panic!()
        };
        assert_eq!(
            FqCodelOptions::from(n).memory_limit().unwrap(),
            Some(32 << 20)
        );
    }

    #[test]
    fn builds_what_tc_sends_for_fq() {
        // `tc qdisc add dev v0 root fq limit 1000 flow_limit 50 quantum 3028 initial_quantum
        // 15140 maxrate 1gbit buckets 1024 refill_delay 40ms orphan_mask 1023
        // low_rate_threshold 550kbit ce_threshold 5ms timer_slack 10us horizon 10s
        // horizon_drop nopacing`: buckets as their log2; rates in bytes per second; the timer
        // slack in nanoseconds.
        builds_as_tc("fq", root(), |b| {
            b.put_str(Tca::KIND, "fq");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                FqAttr::BucketsLog(10),
                FqAttr::Plimit(1000),
                FqAttr::FlowPlimit(50),
                FqAttr::Quantum(3028),
                FqAttr::InitialQuantum(15140),
                FqAttr::RateEnable(0),
                FqAttr::FlowMaxRate(125_000_000),
                FqAttr::LowRateThreshold(68_750),
                FqAttr::FlowRefillDelay(40_000),
                FqAttr::OrphanMask(1023),
                FqAttr::CeThreshold(5000),
                FqAttr::TimerSlack(10_000),
                FqAttr::Horizon(10_000_000),
                FqAttr::HorizonDrop(1),
            ] {
                a.write_to(&mut o);
            }
        });
    }

    #[test]
    fn fq_codel_statistics_are_a_union() {
        let mut buf = Vec::new();
        let mut b = crate::AttrBuilder::new(&mut buf);
        let qd = TcFqCodelQdStats {
            maxpacket: U32::new(1514),
            ..TcFqCodelQdStats::default()
        };
        b.put_parts(
            Tca::XSTATS,
            &[&0u32.to_ne_bytes(), zerocopy::IntoBytes::as_bytes(&qd)],
        );
        let cl = TcFqCodelClStats {
            deficit: I32::new(-3),
            ..TcFqCodelClStats::default()
        };
        // The kernel sends the union's full size for a class too: 24 bytes and 12 of padding.
        b.put_parts(
            Tca::XSTATS,
            &[
                &1u32.to_ne_bytes(),
                zerocopy::IntoBytes::as_bytes(&cl),
                &[0; 12],
            ],
        );
        b.put(Tca::XSTATS, &[9, 0, 0, 0, 1]);
        b.put(Tca::XSTATS, &[9, 0]);
        b.finish().unwrap();
        let v: Vec<_> = crate::Attrs::new(&buf)
            .map(|a| FqCodelXstats::parse(a.unwrap()))
            .collect();
        assert!(matches!(v[0], Ok(FqCodelXstats::Qdisc(s)) if s.get().maxpacket.get() == 1514));
        assert!(matches!(v[1], Ok(FqCodelXstats::Class(s)) if s.get().deficit.get() == -3));
        assert!(matches!(
            v[2],
            Ok(FqCodelXstats::Other(FqCodelXstatsType(9), [1]))
        ));
        assert!(v[3].is_err());
        for a in crate::Attrs::new(&buf).take(3) {
            let a = a.unwrap();
            let mut out = Vec::new();
            let mut w = crate::AttrBuilder::new(&mut out);
            FqCodelXstats::parse(a)
                .unwrap()
                .encode(a.raw_type(), &mut w);
            w.finish().unwrap();
            assert_eq!(&out[4..4 + a.payload().len()], a.payload());
        }
    }
}
