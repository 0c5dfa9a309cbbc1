//! The kinds whose options are a plain list of attributes, each declared once: its settings
//! are `Option` fields named after the wire view's getters, listed in the order `tc` 6.1
//! writes them, so that a request is byte for byte what `tc` sends for the same words.
//!
//! Times are in microseconds and rates in bytes per second, as the kernel takes them.

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tc::{
    CakeAckFilter, CakeAtm, CakeAttr, CakeDiffserv, CakeFlowMode, CakeOptions, CodelAttr,
    CodelOptions, DrrAttr, DrrOptions, FqAttr, FqCodelAttr, FqCodelOptions, FqOptions, FqPieAttr,
    FqPieOptions, HhfAttr, HhfOptions, Options, PieAttr, PieOptions, QfqAttr, QfqOptions, Tca,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::Result;
use crate::ops::tc::common::KindOptions;

/// Declares the settings of a kind whose `TCA_OPTIONS` is a list of attributes: `Name(View,
/// Attr, Options::Variant, FLAG) { field: Type => Variant, ... }`, FLAG being the bits `tc`
/// sets on `TCA_OPTIONS` (`NLA_F_NESTED` for fq_pie, 0 for the others).
macro_rules! attr_kind {
    ($(
        $(#[$meta:meta])*
        $Name:ident($View:ident, $Attr:ident, Options::$Opt:ident, $flag:expr) {
            $( $(#[$fdoc:meta])* $field:ident: $T:ty => $Variant:ident, )*
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $Name {
            $( $(#[$fdoc])* pub $field: Option<$T>, )*
        }

        setters!($Name { $( $field: $T ),* });

        impl KindOptions for $Name {
            fn write_options(&self, b: &mut MessageBuilder<'_>) {
                let mut o = b.nest(Tca::OPTIONS.0 | $flag);
                $( if let Some(v) = self.$field {
                    $Attr::$Variant(v).write_to(&mut o);
                } )*
            }

            fn without_options() -> Option<Self> {
                Some(Self::default())
            }

            fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
                let Options::$Opt(n) = o else { return Ok(None) };
                let v = $View::from(*n);
                Ok(Some($Name { $( $field: v.$field()?, )* }))
            }
        }
    )*};
}

attr_kind! {
    /// The settings of a `codel` qdisc.
    Codel(CodelOptions, CodelAttr, Options::Codel, 0) {
        /// `limit`: packets.
        limit: u32 => Limit,
        /// `interval`: microseconds.
        interval: u32 => Interval,
        /// `target`: microseconds.
        target: u32 => Target,
        /// `ecn` (1) or `noecn` (0).
        ecn: u32 => Ecn,
        /// `ce_threshold`: microseconds.
        ce_threshold: u32 => CeThreshold,
    }

    /// The settings of an `fq_codel` qdisc.
    FqCodel(FqCodelOptions, FqCodelAttr, Options::FqCodel, 0) {
        /// `limit`: packets.
        limit: u32 => Limit,
        /// `flows`.
        flows: u32 => Flows,
        /// `quantum`: bytes.
        quantum: u32 => Quantum,
        /// `interval`: microseconds.
        interval: u32 => Interval,
        /// `target`: microseconds.
        target: u32 => Target,
        /// `ecn` (1) or `noecn` (0).
        ecn: u32 => Ecn,
        /// `ce_threshold`: microseconds.
        ce_threshold: u32 => CeThreshold,
        /// `ce_threshold_selector`: the DSCP bits the threshold applies to.
        ce_threshold_selector: u8 => CeThresholdSelector,
        /// The mask of `ce_threshold_selector`.
        ce_threshold_mask: u8 => CeThresholdMask,
        /// `memory_limit`: bytes.
        memory_limit: u32 => MemoryLimit,
        /// `drop_batch`: packets dropped at once.
        drop_batch_size: u32 => DropBatchSize,
    }

    /// The settings of a `pie` qdisc.
    Pie(PieOptions, PieAttr, Options::Pie, 0) {
        /// `limit`: packets.
        limit: u32 => Limit,
        /// `tupdate`: microseconds.
        tupdate: u32 => Tupdate,
        /// `target`: microseconds.
        target: u32 => Target,
        /// `alpha`.
        alpha: u32 => Alpha,
        /// `beta`.
        beta: u32 => Beta,
        /// `ecn` (1) or `noecn` (0).
        ecn: u32 => Ecn,
        /// `bytemode` (1) or `nobytemode` (0).
        bytemode: u32 => Bytemode,
        /// `dq_rate_estimator` (1) or `no_dq_rate_estimator` (0).
        dq_rate_estimator: u32 => DqRateEstimator,
    }

    /// The settings of an `fq_pie` qdisc (`TCA_OPTIONS` with `NLA_F_NESTED`, as `tc` sends it).
    FqPie(FqPieOptions, FqPieAttr, Options::FqPie, NLA_F_NESTED) {
        /// `limit`: packets.
        limit: u32 => Limit,
        /// `flows`.
        flows: u32 => Flows,
        /// `target`: microseconds.
        target: u32 => Target,
        /// `tupdate`: microseconds.
        tupdate: u32 => Tupdate,
        /// `alpha`.
        alpha: u32 => Alpha,
        /// `beta`.
        beta: u32 => Beta,
        /// `quantum`: bytes.
        quantum: u32 => Quantum,
        /// `memory_limit`: bytes.
        memory_limit: u32 => MemoryLimit,
        /// `ecn_prob`: percent.
        ecn_prob: u32 => EcnProb,
        /// `ecn` (1) or `noecn` (0).
        ecn: u32 => Ecn,
        /// `bytemode` (1) or `nobytemode` (0).
        bytemode: u32 => Bytemode,
        /// `dq_rate_estimator` (1) or `no_dq_rate_estimator` (0).
        dq_rate_estimator: u32 => DqRateEstimator,
    }

    /// The settings of an `hhf` qdisc.
    Hhf(HhfOptions, HhfAttr, Options::Hhf, 0) {
        /// `limit`: packets.
        backlog_limit: u32 => BacklogLimit,
        /// `quantum`: bytes.
        quantum: u32 => Quantum,
        /// `hh_limit`: heavy-hitter flows.
        hh_flows_limit: u32 => HhFlowsLimit,
        /// `reset_timeout`: microseconds.
        reset_timeout: u32 => ResetTimeout,
        /// `admit_bytes`.
        admit_bytes: u32 => AdmitBytes,
        /// `evict_timeout`: microseconds.
        evict_timeout: u32 => EvictTimeout,
        /// `non_hh_weight`.
        non_hh_weight: u32 => NonHhWeight,
    }

    /// The settings of an `fq` qdisc.
    Fq(FqOptions, FqAttr, Options::Fq, 0) {
        /// `buckets`, as its log2.
        buckets_log: u32 => BucketsLog,
        /// `limit`: packets.
        plimit: u32 => Plimit,
        /// `flow_limit`: packets per flow.
        flow_plimit: u32 => FlowPlimit,
        /// `quantum`: bytes.
        quantum: u32 => Quantum,
        /// `initial_quantum`: bytes.
        initial_quantum: u32 => InitialQuantum,
        /// `pacing` (1) or `nopacing` (0).
        rate_enable: u32 => RateEnable,
        /// `defrate`: bytes per second.
        flow_default_rate: u32 => FlowDefaultRate,
        /// `maxrate`: bytes per second.
        flow_max_rate: u32 => FlowMaxRate,
        /// `low_rate_threshold`: bytes per second.
        low_rate_threshold: u32 => LowRateThreshold,
        /// `refill_delay`: microseconds.
        flow_refill_delay: u32 => FlowRefillDelay,
        /// `orphan_mask`.
        orphan_mask: u32 => OrphanMask,
        /// `ce_threshold`: microseconds.
        ce_threshold: u32 => CeThreshold,
        /// `timer_slack`: nanoseconds.
        timer_slack: u32 => TimerSlack,
        /// `horizon`: microseconds.
        horizon: u32 => Horizon,
        /// `horizon_drop` (1) or `horizon_cap` (0).
        horizon_drop: u8 => HorizonDrop,
    }

    /// The settings of a `cake` qdisc.
    Cake(CakeOptions, CakeAttr, Options::Cake, 0) {
        /// `bandwidth`: bytes per second (0: `unlimited`).
        base_rate64: u64 => BaseRate64,
        /// `diffserv3`, `besteffort`, ...
        diffserv_mode: CakeDiffserv => DiffservMode,
        /// `noatm`, `atm`, `ptm`.
        atm: CakeAtm => Atm,
        /// `flows`, `triple-isolate`, ...
        flow_mode: CakeFlowMode => FlowMode,
        /// `overhead` in bytes (and the keywords that set it).
        overhead: i32 => Overhead,
        /// `raw` (0).
        raw: u32 => Raw,
        /// `mpu`: bytes.
        mpu: u32 => Mpu,
        /// `rtt`: microseconds.
        rtt: u32 => Rtt,
        /// The target, `rtt / 20` for tc's rtt keywords: microseconds.
        target: u32 => Target,
        /// `autorate-ingress` (1).
        autorate: u32 => Autorate,
        /// `memlimit`: bytes.
        memory: u32 => Memory,
        /// `fwmark`: the mask of the mark that picks a tin.
        fwmark: u32 => Fwmark,
        /// `nat` (1) or `nonat` (0).
        nat: u32 => Nat,
        /// `wash` (1) or `nowash` (0).
        wash: u32 => Wash,
        /// `split-gso` (1) or `no-split-gso` (0).
        split_gso: u32 => SplitGso,
        /// `ingress` (1) or `egress` (0).
        ingress: u32 => Ingress,
        /// `ack-filter`, `no-ack-filter`, ...
        ack_filter: CakeAckFilter => AckFilter,
    }

    /// The settings of a `drr` class (`tc class add ... drr quantum Q`).
    Drr(DrrOptions, DrrAttr, Options::Drr, 0) {
        /// `quantum`: bytes.
        quantum: u32 => Quantum,
    }

    /// The settings of a `qfq` class (`tc class add ... qfq weight W maxpkt P`).
    Qfq(QfqOptions, QfqAttr, Options::Qfq, 0) {
        /// `weight`.
        weight: u32 => Weight,
        /// `maxpkt`: bytes.
        lmax: u32 => Lmax,
    }
}
