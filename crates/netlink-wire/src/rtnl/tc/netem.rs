//! `netem`, the network emulator: its `TCA_OPTIONS` is `struct tc_netem_qopt` followed by
//! `TCA_NETEM_*` attributes (correlations, reordering, corruption, the loss models, rates,
//! slots, distribution tables and 64-bit times).
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

use zerocopy::byteorder::native_endian::{I32, I64, U32};

use crate::rtnl::tc::dispatch::StructNest;

kernel_struct! {
    /// `struct tc_netem_qopt`: netem's basic settings, the head of its `TCA_OPTIONS`.
    TcNetemQopt = "tc_netem_qopt", 24 {
        /// `latency`: the added delay, in scheduler ticks (`TCA_NETEM_LATENCY64` carries
        /// nanoseconds).
        pub latency: U32,
        /// `limit`: the queue length in packets.
        pub limit: U32,
        /// `loss`: the random loss probability, in units of 2^-32.
        pub loss: U32,
        /// `gap`: the reordering gap (0 for none).
        pub gap: U32,
        /// `duplicate`: the duplication probability, in units of 2^-32.
        pub duplicate: U32,
        /// `jitter`: the delay's random variation, in scheduler ticks.
        pub jitter: U32,
    }
}

kernel_struct! {
    /// `struct tc_netem_corr`: correlations (`TCA_NETEM_CORR`), in units of 2^-32.
    TcNetemCorr = "tc_netem_corr", 12 {
        /// `delay_corr`: of the delay.
        pub delay_corr: U32,
        /// `loss_corr`: of the loss.
        pub loss_corr: U32,
        /// `dup_corr`: of the duplication.
        pub dup_corr: U32,
    }
}

kernel_struct! {
    /// `struct tc_netem_reorder`: reordering (`TCA_NETEM_REORDER`).
    TcNetemReorder = "tc_netem_reorder", 8 {
        /// `probability`: in units of 2^-32.
        pub probability: U32,
        /// `correlation`: in units of 2^-32.
        pub correlation: U32,
    }
}

kernel_struct! {
    /// `struct tc_netem_corrupt`: corruption (`TCA_NETEM_CORRUPT`).
    TcNetemCorrupt = "tc_netem_corrupt", 8 {
        /// `probability`: in units of 2^-32.
        pub probability: U32,
        /// `correlation`: in units of 2^-32.
        pub correlation: U32,
    }
}

kernel_struct! {
    /// `struct tc_netem_rate`: the emulated link rate (`TCA_NETEM_RATE`).
    TcNetemRate = "tc_netem_rate", 16 {
        /// `rate`: bytes per second; `u32::MAX` when `TCA_NETEM_RATE64` carries it.
        pub rate: U32,
        /// `packet_overhead`: bytes added to each packet.
        pub packet_overhead: I32,
        /// `cell_size`: the cell size, 0 for none.
        pub cell_size: U32,
        /// `cell_overhead`: bytes added to each cell.
        pub cell_overhead: I32,
    }
}

kernel_struct! {
    /// `struct tc_netem_slot`: slotted delivery (`TCA_NETEM_SLOT`).
    TcNetemSlot = "tc_netem_slot", 40 {
        /// `min_delay`: the shortest slot gap, in nanoseconds.
        pub min_delay: I64,
        /// `max_delay`: the longest slot gap, in nanoseconds.
        pub max_delay: I64,
        /// `max_packets`: the most packets per slot.
        pub max_packets: I32,
        /// `max_bytes`: the most bytes per slot.
        pub max_bytes: I32,
        /// `dist_delay`: the mean gap of a distribution, in nanoseconds.
        pub dist_delay: I64,
        /// `dist_jitter`: its jitter, in nanoseconds.
        pub dist_jitter: I64,
    }
}

kernel_struct! {
    /// `struct tc_netem_gimodel`: the 4-state loss model's transition probabilities
    /// (`NETEM_LOSS_GI`), in units of 2^-32.
    TcNetemGimodel = "tc_netem_gimodel", 20 {
        /// `p13`.
        pub p13: U32,
        /// `p31`.
        pub p31: U32,
        /// `p32`.
        pub p32: U32,
        /// `p14`.
        pub p14: U32,
        /// `p23`.
        pub p23: U32,
    }
}

kernel_struct! {
    /// `struct tc_netem_gemodel`: the Gilbert-Elliott loss model (`NETEM_LOSS_GE`), in units
    /// of 2^-32.
    TcNetemGemodel = "tc_netem_gemodel", 16 {
        /// `p`: good to bad.
        pub p: U32,
        /// `r`: bad to good.
        pub r: U32,
        /// `h`: 1 - the loss probability in the bad state.
        pub h: U32,
        /// `k1`: the loss probability in the good state (1 - k).
        pub k1: U32,
    }
}

/// `NETEM_DIST_SCALE`: the scale of the values of a distribution table.
pub const NETEM_DIST_SCALE: i32 = 8192;
/// `NETEM_DIST_MAX`: the most entries of a distribution table.
pub const NETEM_DIST_MAX: usize = 16384;

attributes! {
    /// The attributes after netem's `struct tc_netem_qopt`.
    view NetemAttrs;
    /// `TCA_NETEM_*`: the attributes of netem's `TCA_OPTIONS`, after the struct.
    numbers TcaNetem;
    /// A typed netem attribute.
    enum NetemAttr<'a>;
    /// Correlations.
    CORR = 1, "TCA_NETEM_CORR", Corr({TcNetemCorr}), corr;
    /// The delay distribution: host-order `i16` values scaled by [`NETEM_DIST_SCALE`].
    DELAY_DIST = 2, "TCA_NETEM_DELAY_DIST", DelayDist(bytes), delay_dist;
    /// Reordering.
    REORDER = 3, "TCA_NETEM_REORDER", Reorder({TcNetemReorder}), reorder;
    /// Corruption.
    CORRUPT = 4, "TCA_NETEM_CORRUPT", Corrupt({TcNetemCorrupt}), corrupt;
    /// A loss model.
    LOSS = 5, "TCA_NETEM_LOSS", Loss(nest NetemLoss), loss;
    /// The link rate.
    RATE = 6, "TCA_NETEM_RATE", Rate({TcNetemRate}), rate;
    /// Whether to mark with ECN instead of dropping.
    ECN = 7, "TCA_NETEM_ECN", Ecn(u32), ecn;
    /// The link rate in bytes per second, when it needs 64 bits.
    RATE64 = 8, "TCA_NETEM_RATE64", Rate64(u64), rate64;
    /// Padding for 64-bit alignment.
    PAD = 9, "TCA_NETEM_PAD", Pad(bytes);
    /// The delay in nanoseconds.
    LATENCY64 = 10, "TCA_NETEM_LATENCY64", Latency64(val i64), latency64;
    /// The jitter in nanoseconds.
    JITTER64 = 11, "TCA_NETEM_JITTER64", Jitter64(val i64), jitter64;
    /// Slotted delivery.
    SLOT = 12, "TCA_NETEM_SLOT", Slot({TcNetemSlot}), slot;
    /// The slot gap distribution, like `TCA_NETEM_DELAY_DIST`.
    SLOT_DIST = 13, "TCA_NETEM_SLOT_DIST", SlotDist(bytes), slot_dist;
}

attributes! {
    /// A netem loss model.
    view NetemLossModel;
    /// `NETEM_LOSS_*`: the attributes of `TCA_NETEM_LOSS`.
    numbers NetemLoss;
    /// A typed loss model.
    enum NetemLossAttr<'a>;
    /// The 4-state model.
    GI = 1, "NETEM_LOSS_GI", Gi({TcNetemGimodel}), gi;
    /// The Gilbert-Elliott model.
    GE = 2, "NETEM_LOSS_GE", Ge({TcNetemGemodel}), ge;
}

/// netem's `TCA_OPTIONS`: `struct tc_netem_qopt`, then [`TcaNetem`] attributes.
pub type NetemOptions<'a> = StructNest<'a, TcNetemQopt, TcaNetem>;

/// A probability (`fraction`, 0 to 1) in the unit of netem's fields, `u32::MAX` for 1,
/// rounded to the nearest as `tc` rounds it (`tc ... loss 1%` sends 42,949,673).
#[must_use]
#[inline]
pub fn probability(fraction: f64) -> u32 {
    // A float-to-integer `as` saturates: below 0 is 0, above 1 is u32::MAX.
    (fraction * f64::from(u32::MAX)).round_ties_even() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::attr::NLA_F_NESTED;
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{Options, PschedClock, TcHandle, TcMsg, Tca, put_struct_nest};

    #[test]
    fn builds_what_tc_sends_for_netem() {
        let clock = PschedClock::KERNEL;
        let root = TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT);
        // `tc qdisc add dev v0 root netem delay 100ms 10ms 25% loss gemodel 1% 10% 70% 0.1%
        // rate 1mbit 20 100 5 slot 800us 1ms packets 32 bytes 64k`: the struct (times in
        // ticks), then CORR, SLOT, LOSS (with NLA_F_NESTED) and RATE, in tc's order.
        builds_as_tc("netem", root, |b| {
            b.put_str(Tca::KIND, "netem");
            let q = TcNetemQopt {
                latency: U32::new(clock.ticks(100_000)),
                limit: U32::new(1000),
                jitter: U32::new(clock.ticks(10_000)),
                ..TcNetemQopt::default()
            };
            let mut o = put_struct_nest(b, Tca::OPTIONS, &q);
            o.put_struct(
                TcaNetem::CORR,
                &TcNetemCorr {
                    delay_corr: U32::new(probability(0.25)),
                    ..TcNetemCorr::default()
                },
            );
            o.put_struct(
                TcaNetem::SLOT,
                &TcNetemSlot {
                    min_delay: I64::new(800_000),
                    max_delay: I64::new(1_000_000),
                    max_packets: I32::new(32),
                    max_bytes: I32::new(65536),
                    ..TcNetemSlot::default()
                },
            );
            {
                let mut loss = o.nest(TcaNetem::LOSS.0 | NLA_F_NESTED);
                let ge = TcNetemGemodel {
                    p: U32::new(probability(0.01)),
                    r: U32::new(probability(0.1)),
                    // tc's third number is 1 - h.
                    h: U32::new(u32::MAX - probability(0.7)),
                    k1: U32::new(probability(0.001)),
                };
                loss.put_struct(NetemLoss::GE, &ge);
            }
            o.put_struct(
                TcaNetem::RATE,
                &TcNetemRate {
                    rate: U32::new(125_000),
                    packet_overhead: I32::new(20),
                    cell_size: U32::new(100),
                    cell_overhead: I32::new(5),
                },
            );
        });
        // `tc qdisc add dev v0 root netem limit 2000 delay 5s loss state 1% 2% 3% 4% 5%
        // duplicate 1% 10% corrupt 0.1% reorder 25% 50% gap 5 rate 50gbit ecn`: the 4-state
        // loss model, and a 64-bit rate (RATE64, then RATE saturated).
        builds_as_tc("netem_state", root, |b| {
            b.put_str(Tca::KIND, "netem");
            let q = TcNetemQopt {
                latency: U32::new(clock.ticks(5_000_000)),
                limit: U32::new(2000),
                gap: U32::new(5),
                duplicate: U32::new(probability(0.01)),
                ..TcNetemQopt::default()
            };
            let mut o = put_struct_nest(b, Tca::OPTIONS, &q);
            o.put_struct(
                TcaNetem::CORR,
                &TcNetemCorr {
                    dup_corr: U32::new(probability(0.1)),
                    ..TcNetemCorr::default()
                },
            );
            o.put_struct(
                TcaNetem::REORDER,
                &TcNetemReorder {
                    probability: U32::new(probability(0.25)),
                    correlation: U32::new(probability(0.5)),
                },
            );
            NetemAttr::Ecn(1).write_to(&mut o);
            o.put_struct(
                TcaNetem::CORRUPT,
                &TcNetemCorrupt {
                    probability: U32::new(probability(0.001)),
                    correlation: U32::new(0),
                },
            );
            {
                let mut loss = o.nest(TcaNetem::LOSS.0 | NLA_F_NESTED);
                // tc reads them in the order p13 p31 p32 p23 p14.
                let [p13, p31, p32, p23, p14] = [0.01, 0.02, 0.03, 0.04, 0.05].map(probability);
                let gi = TcNetemGimodel {
                    p13: U32::new(p13),
                    p31: U32::new(p31),
                    p32: U32::new(p32),
                    p14: U32::new(p14),
                    p23: U32::new(p23),
                };
                loss.put_struct(NetemLoss::GI, &gi);
            }
            NetemAttr::Rate64(50_000_000_000 / 8).write_to(&mut o);
            o.put_struct(
                TcaNetem::RATE,
                &TcNetemRate {
                    rate: U32::new(u32::MAX),
                    ..TcNetemRate::default()
                },
            );
        });
        let o = object("netem_state");
        let Some(Options::Netem(n)) = o.options().unwrap() else {
            panic!()
        };
        assert_eq!(n.header().get().gap.get(), 5);
        let a = NetemAttrs::new(n.attrs());
        assert_eq!(a.rate64().unwrap(), Some(6_250_000_000));
        let loss = NetemLossModel::from(a.loss().unwrap().unwrap());
        assert_eq!(
            loss.gi().unwrap().unwrap().get().p14.get(),
            probability(0.05)
        );
        assert_eq!(loss.ge().unwrap(), None);
        assert_eq!((probability(-1.0), probability(2.0)), (0, u32::MAX));
    }
}
