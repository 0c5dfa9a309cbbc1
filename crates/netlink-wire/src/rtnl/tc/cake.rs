//! `cake` (Common Applications Kept Enhanced): its options, its value sets, and its statistics,
//! which are nested attributes (per tin) instead of a struct.
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

attributes! {
    /// The options of a cake qdisc.
    view CakeOptions;
    /// `TCA_CAKE_*`: the attributes of cake's `TCA_OPTIONS`.
    numbers TcaCake;
    /// A typed cake attribute.
    enum CakeAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "TCA_CAKE_PAD", Pad(bytes);
    /// The shaped rate in bytes per second; 0 is unlimited.
    BASE_RATE64 = 2, "TCA_CAKE_BASE_RATE64", BaseRate64(u64), base_rate64;
    /// How traffic is sorted into tins.
    DIFFSERV_MODE = 3, "TCA_CAKE_DIFFSERV_MODE", DiffservMode(val CakeDiffserv), diffserv_mode;
    /// The link layer's cell framing.
    ATM = 4, "TCA_CAKE_ATM", Atm(val CakeAtm), atm;
    /// How flows are told apart.
    FLOW_MODE = 5, "TCA_CAKE_FLOW_MODE", FlowMode(val CakeFlowMode), flow_mode;
    /// Bytes added to each packet.
    OVERHEAD = 6, "TCA_CAKE_OVERHEAD", Overhead(i32), overhead;
    /// The round-trip time assumed, in microseconds.
    RTT = 7, "TCA_CAKE_RTT", Rtt(u32), rtt;
    /// The target queueing delay, in microseconds.
    TARGET = 8, "TCA_CAKE_TARGET", Target(u32), target;
    /// Whether the rate follows the measured capacity.
    AUTORATE = 9, "TCA_CAKE_AUTORATE", Autorate(u32), autorate;
    /// The memory limit in bytes.
    MEMORY = 10, "TCA_CAKE_MEMORY", Memory(u32), memory;
    /// Whether flows are identified after NAT lookup.
    NAT = 11, "TCA_CAKE_NAT", Nat(u32), nat;
    /// Whether sizes are taken as they are (no overhead compensation).
    RAW = 12, "TCA_CAKE_RAW", Raw(u32), raw;
    /// Whether DSCP marks are cleared.
    WASH = 13, "TCA_CAKE_WASH", Wash(u32), wash;
    /// The minimum packet unit.
    MPU = 14, "TCA_CAKE_MPU", Mpu(u32), mpu;
    /// Whether the qdisc shapes ingress traffic (counting drops against the rate).
    INGRESS = 15, "TCA_CAKE_INGRESS", Ingress(u32), ingress;
    /// How TCP acknowledgements are filtered.
    ACK_FILTER = 16, "TCA_CAKE_ACK_FILTER", AckFilter(val CakeAckFilter), ack_filter;
    /// Whether GSO packets are split.
    SPLIT_GSO = 17, "TCA_CAKE_SPLIT_GSO", SplitGso(u32), split_gso;
    /// The mask of the firewall mark that picks the tin.
    FWMARK = 18, "TCA_CAKE_FWMARK", Fwmark(u32), fwmark;
}

values! {
    /// `CAKE_FLOW_*`: how cake tells flows apart (`TCA_CAKE_FLOW_MODE`).
    CakeFlowMode(u32);
    /// One queue for everything.
    NONE = 0, "CAKE_FLOW_NONE", "flowblind";
    /// By source address.
    SRC_IP = 1, "CAKE_FLOW_SRC_IP", "srchost";
    /// By destination address.
    DST_IP = 2, "CAKE_FLOW_DST_IP", "dsthost";
    /// By host pair.
    HOSTS = 3, "CAKE_FLOW_HOSTS", "hosts";
    /// By 5-tuple.
    FLOWS = 4, "CAKE_FLOW_FLOWS", "flows";
    /// Fair per source host, then per flow.
    DUAL_SRC = 5, "CAKE_FLOW_DUAL_SRC", "dual-srchost";
    /// Fair per destination host, then per flow.
    DUAL_DST = 6, "CAKE_FLOW_DUAL_DST", "dual-dsthost";
    /// Fair per host on both sides, then per flow.
    TRIPLE = 7, "CAKE_FLOW_TRIPLE", "triple-isolate";
}

values! {
    /// `CAKE_DIFFSERV_*`: how cake sorts traffic into tins (`TCA_CAKE_DIFFSERV_MODE`).
    CakeDiffserv(u32);
    /// Three tins.
    DIFFSERV3 = 0, "CAKE_DIFFSERV_DIFFSERV3", "diffserv3";
    /// Four tins.
    DIFFSERV4 = 1, "CAKE_DIFFSERV_DIFFSERV4", "diffserv4";
    /// Eight tins.
    DIFFSERV8 = 2, "CAKE_DIFFSERV_DIFFSERV8", "diffserv8";
    /// One tin.
    BESTEFFORT = 3, "CAKE_DIFFSERV_BESTEFFORT", "besteffort";
    /// Eight tins by IP precedence.
    PRECEDENCE = 4, "CAKE_DIFFSERV_PRECEDENCE", "precedence";
}

values! {
    /// `CAKE_ACK_*`: cake's filtering of TCP acknowledgements (`TCA_CAKE_ACK_FILTER`).
    CakeAckFilter(u32);
    /// None.
    NONE = 0, "CAKE_ACK_NONE", "no-ack-filter";
    /// Drop acknowledgements made redundant by later ones.
    FILTER = 1, "CAKE_ACK_FILTER", "ack-filter";
    /// The same, more eagerly.
    AGGRESSIVE = 2, "CAKE_ACK_AGGRESSIVE", "ack-filter-aggressive";
}

values! {
    /// `CAKE_ATM_*`: the cell framing cake accounts for (`TCA_CAKE_ATM`).
    CakeAtm(u32);
    /// None.
    NONE = 0, "CAKE_ATM_NONE", "noatm";
    /// ATM cells.
    ATM = 1, "CAKE_ATM_ATM", "atm";
    /// PTM (VDSL2) framing.
    PTM = 2, "CAKE_ATM_PTM", "ptm";
}

/// `TC_CAKE_MAX_TINS`: the most tins a cake qdisc has.
pub const TC_CAKE_MAX_TINS: usize = 8;

attributes! {
    /// cake's statistics (its `TCA_STATS_APP`, a nest), qdisc or class.
    view CakeStats;
    /// `TCA_CAKE_STATS_*`: the attributes of cake's statistics.
    numbers TcaCakeStats;
    /// A typed cake statistics attribute.
    enum CakeStatsAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "TCA_CAKE_STATS_PAD", Pad(bytes);
    /// The estimated capacity, in bytes per second.
    CAPACITY_ESTIMATE64 = 2, "TCA_CAKE_STATS_CAPACITY_ESTIMATE64", CapacityEstimate64(u64), capacity_estimate64;
    /// The memory limit in bytes.
    MEMORY_LIMIT = 3, "TCA_CAKE_STATS_MEMORY_LIMIT", MemoryLimit(u32), memory_limit;
    /// The memory in use, in bytes.
    MEMORY_USED = 4, "TCA_CAKE_STATS_MEMORY_USED", MemoryUsed(u32), memory_used;
    /// The average network offset.
    AVG_NETOFF = 5, "TCA_CAKE_STATS_AVG_NETOFF", AvgNetoff(u32), avg_netoff;
    /// The smallest packet seen.
    MIN_NETLEN = 6, "TCA_CAKE_STATS_MIN_NETLEN", MinNetlen(u32), min_netlen;
    /// The largest packet seen.
    MAX_NETLEN = 7, "TCA_CAKE_STATS_MAX_NETLEN", MaxNetlen(u32), max_netlen;
    /// The smallest packet after overhead compensation.
    MIN_ADJLEN = 8, "TCA_CAKE_STATS_MIN_ADJLEN", MinAdjlen(u32), min_adjlen;
    /// The largest packet after overhead compensation.
    MAX_ADJLEN = 9, "TCA_CAKE_STATS_MAX_ADJLEN", MaxAdjlen(u32), max_adjlen;
    /// One nest per tin, numbered from 1.
    TIN_STATS = 10, "TCA_CAKE_STATS_TIN_STATS", TinStats(nest CakeTins), tin_stats;
    /// A flow's deficit (class statistics).
    DEFICIT = 11, "TCA_CAKE_STATS_DEFICIT", Deficit(i32), deficit;
    /// A flow's COBALT drop count.
    COBALT_COUNT = 12, "TCA_CAKE_STATS_COBALT_COUNT", CobaltCount(u32), cobalt_count;
    /// Whether a flow is in the dropping state.
    DROPPING = 13, "TCA_CAKE_STATS_DROPPING", Dropping(u32), dropping;
    /// When a flow's next drop is due, in microseconds.
    DROP_NEXT_US = 14, "TCA_CAKE_STATS_DROP_NEXT_US", DropNextUs(i32), drop_next_us;
    /// A flow's BLUE drop probability.
    P_DROP = 15, "TCA_CAKE_STATS_P_DROP", PDrop(u32), p_drop;
    /// A flow's BLUE timer, in microseconds.
    BLUE_TIMER_US = 16, "TCA_CAKE_STATS_BLUE_TIMER_US", BlueTimerUs(i32), blue_timer_us;
}

attributes! {
    /// The tins in `TCA_CAKE_STATS_TIN_STATS`: attribute `n` holds tin `n - 1` (the kernel
    /// numbers them so; there are no constants).
    numbers CakeTins;
    /// A typed tin.
    enum CakeTinAttr<'a>;
    /// Tin 0.
    TIN_0 = 1, "tin 0", Tin0(nest TcaCakeTinStats);
    /// Tin 1.
    TIN_1 = 2, "tin 1", Tin1(nest TcaCakeTinStats);
    /// Tin 2.
    TIN_2 = 3, "tin 2", Tin2(nest TcaCakeTinStats);
    /// Tin 3.
    TIN_3 = 4, "tin 3", Tin3(nest TcaCakeTinStats);
    /// Tin 4.
    TIN_4 = 5, "tin 4", Tin4(nest TcaCakeTinStats);
    /// Tin 5.
    TIN_5 = 6, "tin 5", Tin5(nest TcaCakeTinStats);
    /// Tin 6.
    TIN_6 = 7, "tin 6", Tin6(nest TcaCakeTinStats);
    /// Tin 7.
    TIN_7 = 8, "tin 7", Tin7(nest TcaCakeTinStats);
}

attributes! {
    /// One tin's statistics.
    view CakeTinStats;
    /// `TCA_CAKE_TIN_STATS_*`: the attributes of one tin's statistics.
    numbers TcaCakeTinStats;
    /// A typed tin statistics attribute.
    enum CakeTinStatsAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "TCA_CAKE_TIN_STATS_PAD", Pad(bytes);
    /// Packets sent.
    SENT_PACKETS = 2, "TCA_CAKE_TIN_STATS_SENT_PACKETS", SentPackets(u32), sent_packets;
    /// Bytes sent.
    SENT_BYTES64 = 3, "TCA_CAKE_TIN_STATS_SENT_BYTES64", SentBytes64(u64), sent_bytes64;
    /// Packets dropped.
    DROPPED_PACKETS = 4, "TCA_CAKE_TIN_STATS_DROPPED_PACKETS", DroppedPackets(u32), dropped_packets;
    /// Bytes dropped.
    DROPPED_BYTES64 = 5, "TCA_CAKE_TIN_STATS_DROPPED_BYTES64", DroppedBytes64(u64), dropped_bytes64;
    /// Acknowledgements dropped by the filter.
    ACKS_DROPPED_PACKETS = 6, "TCA_CAKE_TIN_STATS_ACKS_DROPPED_PACKETS", AcksDroppedPackets(u32), acks_dropped_packets;
    /// Their bytes.
    ACKS_DROPPED_BYTES64 = 7, "TCA_CAKE_TIN_STATS_ACKS_DROPPED_BYTES64", AcksDroppedBytes64(u64), acks_dropped_bytes64;
    /// Packets marked with ECN.
    ECN_MARKED_PACKETS = 8, "TCA_CAKE_TIN_STATS_ECN_MARKED_PACKETS", EcnMarkedPackets(u32), ecn_marked_packets;
    /// Their bytes.
    ECN_MARKED_BYTES64 = 9, "TCA_CAKE_TIN_STATS_ECN_MARKED_BYTES64", EcnMarkedBytes64(u64), ecn_marked_bytes64;
    /// Packets queued.
    BACKLOG_PACKETS = 10, "TCA_CAKE_TIN_STATS_BACKLOG_PACKETS", BacklogPackets(u32), backlog_packets;
    /// Bytes queued.
    BACKLOG_BYTES = 11, "TCA_CAKE_TIN_STATS_BACKLOG_BYTES", BacklogBytes(u32), backlog_bytes;
    /// The tin's rate threshold, in bytes per second.
    THRESHOLD_RATE64 = 12, "TCA_CAKE_TIN_STATS_THRESHOLD_RATE64", ThresholdRate64(u64), threshold_rate64;
    /// The target delay, in microseconds.
    TARGET_US = 13, "TCA_CAKE_TIN_STATS_TARGET_US", TargetUs(u32), target_us;
    /// The interval, in microseconds.
    INTERVAL_US = 14, "TCA_CAKE_TIN_STATS_INTERVAL_US", IntervalUs(u32), interval_us;
    /// Hash hits in another way of the set.
    WAY_INDIRECT_HITS = 15, "TCA_CAKE_TIN_STATS_WAY_INDIRECT_HITS", WayIndirectHits(u32), way_indirect_hits;
    /// Hash misses.
    WAY_MISSES = 16, "TCA_CAKE_TIN_STATS_WAY_MISSES", WayMisses(u32), way_misses;
    /// Hash collisions.
    WAY_COLLISIONS = 17, "TCA_CAKE_TIN_STATS_WAY_COLLISIONS", WayCollisions(u32), way_collisions;
    /// The peak delay, in microseconds.
    PEAK_DELAY_US = 18, "TCA_CAKE_TIN_STATS_PEAK_DELAY_US", PeakDelayUs(u32), peak_delay_us;
    /// The average delay, in microseconds.
    AVG_DELAY_US = 19, "TCA_CAKE_TIN_STATS_AVG_DELAY_US", AvgDelayUs(u32), avg_delay_us;
    /// The base delay, in microseconds.
    BASE_DELAY_US = 20, "TCA_CAKE_TIN_STATS_BASE_DELAY_US", BaseDelayUs(u32), base_delay_us;
    /// Sparse flows.
    SPARSE_FLOWS = 21, "TCA_CAKE_TIN_STATS_SPARSE_FLOWS", SparseFlows(u32), sparse_flows;
    /// Bulk flows.
    BULK_FLOWS = 22, "TCA_CAKE_TIN_STATS_BULK_FLOWS", BulkFlows(u32), bulk_flows;
    /// Unresponsive flows.
    UNRESPONSIVE_FLOWS = 23, "TCA_CAKE_TIN_STATS_UNRESPONSIVE_FLOWS", UnresponsiveFlows(u32), unresponsive_flows;
    /// The largest packet seen.
    MAX_SKBLEN = 24, "TCA_CAKE_TIN_STATS_MAX_SKBLEN", MaxSkblen(u32), max_skblen;
    /// The quantum of the tin's flows.
    FLOW_QUANTUM = 25, "TCA_CAKE_TIN_STATS_FLOW_QUANTUM", FlowQuantum(u32), flow_quantum;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::rtnl::tc::tests::{builds_as_tc, object, walks_cleanly};
    use crate::rtnl::tc::{Options, TcAttr, TcHandle, TcMsg, TcObjectMsg, Tca, TcaStats, Xstats};
    use crate::rtnl::{RTM_NEWQDISC, RTM_NEWTCLASS};

    #[test]
    fn builds_what_tc_sends_for_cake() {
        let root = TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT);
        // `tc qdisc add dev v0 root cake bandwidth 50gbit diffserv4 triple-isolate nat wash
        // ack-filter split-gso rtt 50ms ethernet mpu 64 memlimit 32mb fwmark 0xff ingress`:
        // `ethernet` is an overhead of 38; the target is rtt / 20.
        builds_as_tc("cake", root, |b| {
            b.put_str(Tca::KIND, "cake");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                CakeAttr::BaseRate64(50_000_000_000 / 8),
                CakeAttr::DiffservMode(CakeDiffserv::DIFFSERV4),
                CakeAttr::FlowMode(CakeFlowMode::TRIPLE),
                CakeAttr::Overhead(38),
                CakeAttr::Mpu(64),
                CakeAttr::Rtt(50_000),
                CakeAttr::Target(2500),
                CakeAttr::Autorate(0),
                CakeAttr::Memory(32 << 20),
                CakeAttr::Fwmark(0xff),
                CakeAttr::Nat(1),
                CakeAttr::Wash(1),
                CakeAttr::SplitGso(1),
                CakeAttr::Ingress(1),
                CakeAttr::AckFilter(CakeAckFilter::FILTER),
            ] {
                a.write_to(&mut o);
            }
        });
        // `tc qdisc add dev v0 root cake unlimited besteffort flows nonat nowash
        // no-ack-filter raw`.
        builds_as_tc("cake_plain", root, |b| {
            b.put_str(Tca::KIND, "cake");
            let mut o = b.nest(Tca::OPTIONS);
            for a in [
                CakeAttr::BaseRate64(0),
                CakeAttr::DiffservMode(CakeDiffserv::BESTEFFORT),
                CakeAttr::Atm(CakeAtm::NONE),
                CakeAttr::FlowMode(CakeFlowMode::FLOWS),
                CakeAttr::Overhead(0),
                CakeAttr::Raw(0),
                CakeAttr::Autorate(0),
                CakeAttr::Nat(0),
                CakeAttr::Wash(0),
                CakeAttr::AckFilter(CakeAckFilter::NONE),
            ] {
                a.write_to(&mut o);
            }
        });
        let o = object("cake");
        let Some(Options::Cake(n)) = o.options().unwrap() else {
            panic!()
        };
        let c = CakeOptions::from(n);
        assert_eq!(
            c.flow_mode().unwrap().unwrap().to_string(),
            "triple-isolate"
        );
        assert_eq!(c.diffserv_mode().unwrap(), Some(CakeDiffserv::DIFFSERV4));
    }

    #[test]
    fn decodes_cake_statistics_in_the_kernels_layout() {
        // This kernel has no cake: a dump built the way sch_cake's dump_stats writes it, a
        // TCA_STATS_APP nest inside TCA_STATS2 with one nest per tin, and a class's flow
        // statistics in the same space.
        for (t, object) in [(RTM_NEWQDISC, "qdisc"), (RTM_NEWTCLASS, "class")] {
            let mut buf = Vec::new();
            let hdr = TcMsg::new(3, TcHandle::new(0x8001, 0), TcHandle::ROOT);
            let mut b = TcObjectMsg::builder(&mut buf, t, crate::Flags::EMPTY, &hdr).unwrap();
            TcAttr::Kind("cake").write_to(&mut b);
            {
                let mut s2 = b.nest(Tca::STATS2);
                let mut app = s2.nest(TcaStats::APP);
                if object == "qdisc" {
                    CakeStatsAttr::CapacityEstimate64(125_000_000).write_to(&mut app);
                    CakeStatsAttr::MemoryUsed(4096).write_to(&mut app);
                    let mut tins = app.nest(TcaCakeStats::TIN_STATS);
                    for (i, sent) in [(CakeTins::TIN_0, 10u32), (CakeTins::TIN_1, 20)] {
                        let mut tin = tins.nest(i);
                        CakeTinStatsAttr::SentPackets(sent).write_to(&mut tin);
                        CakeTinStatsAttr::ThresholdRate64(1 << 40).write_to(&mut tin);
                    }
                } else {
                    CakeStatsAttr::Deficit(-12).write_to(&mut app);
                    CakeStatsAttr::DropNextUs(-5).write_to(&mut app);
                }
            }
            b.finish().unwrap();
            let s = walks_cleanly(object, &buf);
            let v = TcObjectMsg::parse(crate::Msg::parse(&buf).unwrap()).unwrap();
            let Some(Xstats::Cake(n)) = v.xstats().unwrap() else {
                panic!("{object}")
            };
            let st = CakeStats::from(n);
            if object == "qdisc" {
                // The table walk: kind, stats2 and app (bytes there); then app through the kind:
                // itself, capacity, memory, the tin list, 2 tins of 2 attributes each.
                assert_eq!(s.typed, 3 + 10, "{s:?}");
                assert_eq!(st.capacity_estimate64().unwrap(), Some(125_000_000));
                let sent: Vec<u32> = st
                    .tin_stats()
                    .unwrap()
                    .unwrap()
                    .typed()
                    .map(|t| match t.unwrap() {
                        CakeTinAttr::Tin0(n) | CakeTinAttr::Tin1(n) => {
                            CakeTinStats::from(n).sent_packets().unwrap().unwrap()
                        }
                        other => panic!("{other:?}"),
                    })
                    .collect();
                assert_eq!(sent, [10, 20]);
            } else {
                assert_eq!(st.deficit().unwrap(), Some(-12));
                assert_eq!(st.drop_next_us().unwrap(), Some(-5));
            }
        }
    }
}
