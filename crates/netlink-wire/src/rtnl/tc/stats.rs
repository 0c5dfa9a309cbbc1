//! What every tc object reports and accepts besides its kind's options: the statistics
//! (`TCA_STATS2` with its `TCA_STATS_*` and the `struct gnet_stats_*` in them, the older
//! `struct tc_stats` of `TCA_STATS`), the rate estimator of a request (`struct tc_estimator`),
//! the size table (`TCA_STAB` with `struct tc_sizespec`) and `struct nla_bitfield32`.
//!
//! Sources of truth: `include/uapi/linux/gen_stats.h`, `pkt_sched.h` and `netlink.h`.

use zerocopy::byteorder::native_endian::{I16, I32, U32, U64};

kernel_struct! {
    /// `struct gnet_stats_basic`: bytes and packets seen (`TCA_STATS_BASIC`,
    /// `TCA_STATS_BASIC_HW`). The kernel sends its C size, 16 bytes: the last 4 are padding.
    GnetStatsBasic = "gnet_stats_basic", 16 {
        /// `bytes`.
        pub bytes: U64,
        /// `packets`: the low 32 bits of the packet count (`TCA_STATS_PKT64` has all 64).
        pub packets: U32,
        /// The padding after `packets` that C puts there for the 8-byte alignment.
        pub _pad: [u8; 4],
    }
}

kernel_struct! {
    /// `struct gnet_stats_rate_est`: the estimated rate (`TCA_STATS_RATE_EST`).
    GnetStatsRateEst = "gnet_stats_rate_est", 8 {
        /// `bps`: bytes per second.
        pub bps: U32,
        /// `pps`: packets per second.
        pub pps: U32,
    }
}

kernel_struct! {
    /// `struct gnet_stats_rate_est64`: the estimated rate, 64 bits (`TCA_STATS_RATE_EST64`,
    /// sent when a rate does not fit 32 bits).
    GnetStatsRateEst64 = "gnet_stats_rate_est64", 16 {
        /// `bps`: bytes per second.
        pub bps: U64,
        /// `pps`: packets per second.
        pub pps: U64,
    }
}

kernel_struct! {
    /// `struct gnet_stats_queue`: queueing statistics (`TCA_STATS_QUEUE`).
    GnetStatsQueue = "gnet_stats_queue", 20 {
        /// `qlen`: packets queued.
        pub qlen: U32,
        /// `backlog`: bytes queued.
        pub backlog: U32,
        /// `drops`: packets dropped.
        pub drops: U32,
        /// `requeues`: packets put back after a failed transmit.
        pub requeues: U32,
        /// `overlimits`: enqueues over a limit (throttle events of shapers).
        pub overlimits: U32,
    }
}

kernel_struct! {
    /// `struct tc_stats`: the statistics of the older `TCA_STATS`, which the kernel still sends
    /// next to `TCA_STATS2`. Its C size is 40 bytes: the last 4 are padding.
    TcStats = "tc_stats", 40 {
        /// `bytes`: bytes enqueued.
        pub bytes: U64,
        /// `packets`: packets enqueued.
        pub packets: U32,
        /// `drops`: packets dropped for lack of resources.
        pub drops: U32,
        /// `overlimits`: throttle events.
        pub overlimits: U32,
        /// `bps`: the estimated byte rate.
        pub bps: U32,
        /// `pps`: the estimated packet rate.
        pub pps: U32,
        /// `qlen`: packets queued.
        pub qlen: U32,
        /// `backlog`: bytes queued.
        pub backlog: U32,
        /// The padding after `backlog`.
        pub _pad: [u8; 4],
    }
}

kernel_struct! {
    /// `struct tc_estimator` (the same layout as `struct gnet_estimator`): the rate estimator a
    /// request asks for (`TCA_RATE`), `tc ... estimator INTERVAL TIME_CONSTANT`.
    TcEstimator = "tc_estimator", 2 {
        /// `interval`: the sampling period, `2^interval` quarter seconds (-2 is 250 ms).
        pub interval: i8,
        /// `ewma_log`: the log2 of the averaging window, in sampling periods.
        pub ewma_log: u8,
    }
}

kernel_struct! {
    /// `struct tc_sizespec`: how a size table maps packet sizes (`TCA_STAB_BASE`).
    TcSizespec = "tc_sizespec", 24 {
        /// `cell_log`: the log2 of the cell size the table is indexed by.
        pub cell_log: u8,
        /// `size_log`: the log2 of the unit of the table's sizes.
        pub size_log: u8,
        /// `cell_align`: added to the size before it is divided into cells.
        pub cell_align: I16,
        /// `overhead`: bytes added to every packet.
        pub overhead: I32,
        /// `linklayer`: a [`LinkLayer`].
        pub linklayer: U32,
        /// `mpu`: the minimum packet unit.
        pub mpu: U32,
        /// `mtu`: the largest size the table covers.
        pub mtu: U32,
        /// `tsize`: the number of entries in `TCA_STAB_DATA`.
        pub tsize: U32,
    }
}

kernel_struct! {
    /// `struct nla_bitfield32`: bits and the mask of the bits meant (`TCA_DUMP_FLAGS`,
    /// `TCA_RED_FLAGS`).
    NlaBitfield32 = "nla_bitfield32", 8 {
        /// `value`: the bits.
        pub value: U32,
        /// `selector`: which bits of `value` count.
        pub selector: U32,
    }
}

impl NlaBitfield32 {
    /// `value` with `selector`.
    #[must_use]
    #[inline]
    pub fn new(value: u32, selector: u32) -> Self {
        NlaBitfield32 {
            value: U32::new(value),
            selector: U32::new(selector),
        }
    }
}

attributes! {
    /// The statistics of a tc object (`TCA_STATS2`), read with
    /// [`TcObjectMsg::stats2`](super::TcObjectMsg::stats2).
    view Stats2;
    /// `TCA_STATS_*`: the attributes of `TCA_STATS2`.
    numbers TcaStats;
    /// A typed statistics attribute.
    enum StatsAttr<'a>;
    /// Bytes and packets.
    BASIC = 1, "TCA_STATS_BASIC", Basic({GnetStatsBasic}), basic;
    /// The estimated rate, when an estimator runs.
    RATE_EST = 2, "TCA_STATS_RATE_EST", RateEst({GnetStatsRateEst}), rate_est;
    /// Queue length, backlog, drops, requeues, overlimits.
    QUEUE = 3, "TCA_STATS_QUEUE", Queue({GnetStatsQueue}), queue;
    /// The kind's own statistics, the same as `TCA_XSTATS`; see
    /// [`TcObjectMsg::xstats`](super::TcObjectMsg::xstats) for them typed.
    APP = 4, "TCA_STATS_APP", App(bytes), app;
    /// The estimated rate in 64 bits.
    RATE_EST64 = 5, "TCA_STATS_RATE_EST64", RateEst64({GnetStatsRateEst64}), rate_est64;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_STATS_PAD", Pad(bytes);
    /// Bytes and packets handled by an offloading device.
    BASIC_HW = 7, "TCA_STATS_BASIC_HW", BasicHw({GnetStatsBasic}), basic_hw;
    /// All 64 bits of the packet count.
    PKT64 = 8, "TCA_STATS_PKT64", Pkt64(u64), pkt64;
}

attributes! {
    /// A size table (`TCA_STAB`), read with [`TcObjectMsg::stab`](super::TcObjectMsg::stab).
    view Stab;
    /// `TCA_STAB_*`: the attributes of `TCA_STAB`.
    numbers TcaStab;
    /// A typed size-table attribute.
    enum StabAttr<'a>;
    /// How the table maps sizes.
    BASE = 1, "TCA_STAB_BASE", Base({TcSizespec}), base;
    /// The table: `tsize` host-order `u16` sizes (requests only; dumps leave it out).
    DATA = 2, "TCA_STAB_DATA", Data(bytes), data;
}

values! {
    /// `enum tc_link_layer` (`TC_LINKLAYER_*`): the link layer a size table or rate accounts
    /// for (its low 4 bits, `TC_LINKLAYER_MASK`).
    LinkLayer(u8);
    /// Sizes as they are (older tools).
    UNAWARE = 0, "TC_LINKLAYER_UNAWARE", "unaware";
    /// Ethernet.
    ETHERNET = 1, "TC_LINKLAYER_ETHERNET", "ethernet";
    /// ATM: sizes round up to 48-byte cells of 53 bytes.
    ATM = 2, "TC_LINKLAYER_ATM", "atm";
}

flags! {
    /// `TCA_DUMP_FLAGS_*`: the bits of a dump request's `TCA_DUMP_FLAGS`.
    DumpFlags(u32);
    /// Only the essential attributes (filters' actions without statistics and cookies).
    TERSE = 0x1, "TCA_DUMP_FLAGS_TERSE", "terse";
}
