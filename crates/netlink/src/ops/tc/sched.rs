//! The settings of the kinds whose options are a kernel struct, a struct and attributes, or
//! nested lists: the fifos, `prio`, `multiq`, `skbprio`, `plug`, `sfq`, `sfb`, `cbs`, `etf`,
//! `red`, `choke`, `netem`, `ets`, `mqprio`, `taprio` and `hfsc` (qdisc and classes). Each is
//! written as `tc` 6.1 writes it (checked byte for byte against its captured requests).

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tc::{
    CbsOptions, ChokeAttr, ChokeOptions, DEFAULT_PRIOMAP, EtfOptions, EtsAttr, EtsOptions,
    HfscClassOptions, MqprioAttr, MqprioMode, MqprioShaper, NetemAttr, NetemAttrs, NetemLoss,
    NetemLossModel, NlaBitfield32, Options, PschedClock, RedAttr, RedFlags, RedOptions, SfbOptions,
    TC_PRIO_MAX, TC_QOPT_MAX_QUEUE, TaprioAttr, TaprioCmd, TaprioEntryAttr, TaprioFlags,
    TaprioSched, TcCbsQopt, TcChokeQopt, TcEtfQopt, TcFifoQopt, TcHfscQopt, TcMqprioQopt,
    TcMultiqQopt, TcNetemCorr, TcNetemCorrupt, TcNetemGemodel, TcNetemGimodel, TcNetemQopt,
    TcNetemRate, TcNetemReorder, TcNetemSlot, TcPlugQopt, TcPrioQopt, TcRedQopt, TcServiceCurve,
    TcSfbQopt, TcSfqQoptV1, TcSkbprioQopt, Tca, TcaCbs, TcaChoke, TcaEtf, TcaEts, TcaHfsc,
    TcaMqprio, TcaNetem, TcaRed, TcaSfb, TcaTaprio, put_prio_options, put_struct_nest,
    red_idle_damping,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::Result;
use crate::ops::invalid;
use crate::ops::tc::common::KindOptions;

settable! {
    /// The settings of `pfifo`, `bfifo` and `pfifo_head_drop` (`tc ... pfifo [limit N]`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Fifo {
        /// `limit`: packets (bytes for bfifo); the device's queue length when `None`.
        limit: Option<u32>,
    }
}

impl KindOptions for Fifo {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        if let Some(l) = self.limit {
            b.put_struct(Tca::OPTIONS, &TcFifoQopt::new(l));
        }
    }

    fn without_options() -> Option<Self> {
        Some(Fifo::default())
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        Ok(match o {
            Options::Pfifo(v) | Options::Bfifo(v) | Options::PfifoHeadDrop(v) => Some(Fifo {
                limit: Some(v.get().limit.get()),
            }),
            _ => None,
        })
    }
}

settable! {
    /// The settings of a `prio` qdisc (`tc ... prio [bands N] [priomap P0 ... P15]`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Prio {
        /// `bands`: 2 to 16 (3).
        bands: u8,
        /// `priomap`: the band of each of the 16 priorities.
        priomap: [u8; TC_PRIO_MAX + 1],
        /// `multiqueue` (`TCA_PRIO_MQ`). Today's kernels ignore it and never report it, so a
        /// dumped qdisc reads `false`.
        multiqueue: bool,
    }
}

impl Default for Prio {
    fn default() -> Self {
        Prio {
            bands: 3,
            priomap: DEFAULT_PRIOMAP,
            multiqueue: false,
        }
    }
}

impl KindOptions for Prio {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let opt = TcPrioQopt::new(i32::from(self.bands), self.priomap);
        put_prio_options(b, &opt, self.multiqueue);
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        Ok(match o {
            Options::Prio(v) | Options::PfifoFast(v) => {
                let q = v.get();
                Some(Prio {
                    bands: u8::try_from(q.bands.get()).unwrap_or(u8::MAX),
                    priomap: q.priomap,
                    multiqueue: false,
                })
            }
            _ => None,
        })
    }
}

/// The kinds whose options are one kernel struct, used as the settings themselves.
macro_rules! struct_kind {
    ($( $T:ty = Options::$Opt:ident; )*) => {$(
        impl KindOptions for $T {
            fn write_options(&self, b: &mut MessageBuilder<'_>) {
                b.put_struct(Tca::OPTIONS, self);
            }

            fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
                Ok(match o {
                    Options::$Opt(v) => Some(v.get()),
                    _ => None,
                })
            }
        }
    )*};
}

struct_kind! {
    TcMultiqQopt = Options::Multiq;
    TcSkbprioQopt = Options::Skbprio;
    TcPlugQopt = Options::Plug;
    TcHfscQopt = Options::Hfsc;
    TcSfqQoptV1 = Options::Sfq;
}

/// The kinds whose options are a nest holding one `PARMS` struct.
macro_rules! parms_kind {
    ($( $T:ty = Options::$Opt:ident, $View:ident, $Num:ident; )*) => {$(
        impl KindOptions for $T {
            fn write_options(&self, b: &mut MessageBuilder<'_>) {
                b.nest(Tca::OPTIONS).put_struct($Num::PARMS, self);
            }

            fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
                let Options::$Opt(n) = o else { return Ok(None) };
                Ok($View::from(*n).parms()?.map(|p| p.get()))
            }
        }
    )*};
}

parms_kind! {
    TcSfbQopt = Options::Sfb, SfbOptions, TcaSfb;
    TcCbsQopt = Options::Cbs, CbsOptions, TcaCbs;
    TcEtfQopt = Options::Etf, EtfOptions, TcaEtf;
}

/// What `tc` derives from red's words (`min`, `max`, `avpkt`, `burst`, `bandwidth`,
/// `probability`): the averaging weight, the probability's scale and range, and the
/// idle-time table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedTuning {
    /// `Wlog`.
    pub wlog: u8,
    /// `Plog`.
    pub plog: u8,
    /// `Scell_log`.
    pub scell_log: u8,
    /// The idle-time table (`TCA_RED_STAB`).
    pub stab: [u8; 256],
    /// `max_P`: the probability in units of 2^-32.
    pub max_p: u32,
}

impl RedTuning {
    /// Derives the parameters as `tc` does (`tc_red_eval_ewma`, `tc_red_eval_P`,
    /// `tc_red_eval_idle_damping`) from the thresholds (`min`, `max`, in bytes), the average
    /// packet (`avpkt`, bytes), the `burst` (packets; `(2 * min + max) / (3 * avpkt)` when 0),
    /// the drop `probability` at `max`, and the link's `bandwidth` in bytes per second (0:
    /// no idle-time table, as sfq's red has none).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for thresholds, a burst or a
    /// bandwidth `tc` refuses.
    pub fn new(
        min: u32,
        max: u32,
        avpkt: u32,
        burst: u32,
        probability: f64,
        bandwidth: u32,
    ) -> Result<RedTuning> {
        if avpkt == 0 || max < min {
            return Err(invalid("red needs avpkt and min <= max"));
        }
        let burst = if burst == 0 {
            (2 * u64::from(min) + u64::from(max)) / (3 * u64::from(avpkt))
        } else {
            u64::from(burst)
        };
        #[allow(clippy::cast_precision_loss)]
        let burst_f = burst as f64;
        let a = burst_f + 1.0 - f64::from(min) / f64::from(avpkt);
        if a < 1.0 {
            return Err(invalid(format!("red burst {burst} is too small")));
        }
        let wlog = (1u8..32)
            .find(|w| {
                let weight = 0.5f64.powi(i32::from(*w));
                a <= (1.0 - (1.0 - weight).powf(burst_f)) / weight
            })
            .ok_or_else(|| invalid("no red averaging weight fits the burst"))?;
        let plog = if max == min {
            0
        } else {
            let p = probability / f64::from(max - min);
            (0u8..32)
                .find(|i| p * 2f64.powi(i32::from(*i)) > 1.0)
                .ok_or_else(|| invalid("red probability is out of range"))?
        };
        let (scell_log, stab) = if bandwidth == 0 {
            (0, [0; 256])
        } else {
            red_idle_damping(&PschedClock::KERNEL, wlog, avpkt, bandwidth)
                .ok_or_else(|| invalid("red idle damping does not fit"))?
        };
        Ok(RedTuning {
            wlog,
            plog,
            scell_log,
            stab,
            // tc's double-to-u32 conversion.
            max_p: (probability * 4_294_967_296.0) as u32,
        })
    }
}

settable! {
    /// The settings of a `red` qdisc.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Red {
        /// `limit`, `min` and `max` in bytes (flags stay 0: they go in `flags`).
        fixed limit: u32,
        /// `min`.
        fixed min: u32,
        /// `max`.
        fixed max: u32,
        /// What `tc` derives from the other words.
        fixed tuning: RedTuning,
        /// `ecn`, `harddrop`, `adaptive`, `nodrop`.
        flags: RedFlags,
        /// `qevent early_drop block N`.
        early_drop_block: Option<u32>,
        /// `qevent mark block N`.
        mark_block: Option<u32>,
    }
}

impl Red {
    /// A red qdisc of `limit` bytes with thresholds `min` and `max` (bytes) and `tuning`
    /// derived from them, without flags.
    #[must_use]
    pub fn new(limit: u32, min: u32, max: u32, tuning: RedTuning) -> Self {
        Red {
            limit,
            min,
            max,
            tuning,
            flags: RedFlags::EMPTY,
            early_drop_block: None,
            mark_block: None,
        }
    }
}

impl KindOptions for Red {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let t = &self.tuning;
        let mut q = TcRedQopt {
            Wlog: t.wlog,
            Plog: t.plog,
            Scell_log: t.scell_log,
            ..TcRedQopt::default()
        };
        q.limit.set(self.limit);
        q.qth_min.set(self.min);
        q.qth_max.set(self.max);
        let mut o = b.nest(Tca::OPTIONS);
        o.put_struct(TcaRed::PARMS, &q);
        RedAttr::Stab(&t.stab).write_to(&mut o);
        RedAttr::MaxP(t.max_p).write_to(&mut o);
        // Every flag the kernel knows (TC_RED_SUPPORTED_FLAGS) is selected, as tc does.
        o.put_struct(TcaRed::FLAGS, &NlaBitfield32::new(self.flags.bits(), 0xf));
        if let Some(blk) = self.early_drop_block {
            RedAttr::EarlyDropBlock(blk).write_to(&mut o);
        }
        if let Some(blk) = self.mark_block {
            RedAttr::MarkBlock(blk).write_to(&mut o);
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Red(n) = o else { return Ok(None) };
        let r = RedOptions::from(*n);
        let Some(p) = r.parms()? else { return Ok(None) };
        let p = p.get();
        let mut stab = [0u8; 256];
        if let Some(s) = r.stab()? {
            for (d, s) in stab.iter_mut().zip(s) {
                *d = *s;
            }
        }
        let flags = r
            .flags()?
            .map_or(u32::from(p.flags), |f| f.get().value.get());
        Ok(Some(Red {
            limit: p.limit.get(),
            min: p.qth_min.get(),
            max: p.qth_max.get(),
            tuning: RedTuning {
                wlog: p.Wlog,
                plog: p.Plog,
                scell_log: p.Scell_log,
                stab,
                max_p: r.max_p()?.unwrap_or(0),
            },
            flags: RedFlags(flags),
            early_drop_block: r.early_drop_block()?,
            mark_block: r.mark_block()?,
        }))
    }
}

settable! {
    /// The settings of a `choke` qdisc: its thresholds (packets) and flags are in the struct; its
    /// [`RedTuning`] is derived from the thresholds in bytes (`min * avpkt`, `max * avpkt`), as
    /// `tc` derives it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Choke {
        /// `limit`: packets.
        fixed limit: u32,
        /// `min`: packets.
        fixed min: u32,
        /// `max`: packets.
        fixed max: u32,
        /// What `tc` derives from the other words.
        fixed tuning: RedTuning,
        /// `ecn`, `harddrop`.
        flags: RedFlags,
    }
}

impl Choke {
    /// A choke qdisc of `limit` packets with thresholds `min` and `max` (packets), without
    /// flags.
    #[must_use]
    pub fn new(limit: u32, min: u32, max: u32, tuning: RedTuning) -> Self {
        Choke {
            limit,
            min,
            max,
            tuning,
            flags: RedFlags::EMPTY,
        }
    }
}

impl KindOptions for Choke {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let t = &self.tuning;
        let mut q = TcChokeQopt {
            Wlog: t.wlog,
            Plog: t.plog,
            Scell_log: t.scell_log,
            flags: u8::try_from(self.flags.bits() & 0xff).unwrap_or(0),
            ..TcChokeQopt::default()
        };
        q.limit.set(self.limit);
        q.qth_min.set(self.min);
        q.qth_max.set(self.max);
        let mut o = b.nest(Tca::OPTIONS);
        o.put_struct(TcaChoke::PARMS, &q);
        ChokeAttr::Stab(&t.stab).write_to(&mut o);
        ChokeAttr::MaxP(t.max_p).write_to(&mut o);
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Choke(n) = o else {
            return Ok(None);
        };
        let c = ChokeOptions::from(*n);
        let Some(p) = c.parms()? else { return Ok(None) };
        let p = p.get();
        let mut stab = [0u8; 256];
        if let Some(s) = c.stab()? {
            for (d, s) in stab.iter_mut().zip(s) {
                *d = *s;
            }
        }
        Ok(Some(Choke {
            limit: p.limit.get(),
            min: p.qth_min.get(),
            max: p.qth_max.get(),
            tuning: RedTuning {
                wlog: p.Wlog,
                plog: p.Plog,
                scell_log: p.Scell_log,
                stab,
                max_p: c.max_p()?.unwrap_or(0),
            },
            flags: RedFlags(u32::from(p.flags)),
        }))
    }
}

/// A netem loss model (`loss state ...` or `loss gemodel ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossModel {
    /// The 4-state Markov model (`NETEM_LOSS_GI`).
    State(TcNetemGimodel),
    /// The Gilbert-Elliot model (`NETEM_LOSS_GE`).
    GilbertElliot(TcNetemGemodel),
}

settable! {
    /// The settings of a `netem` qdisc: `struct tc_netem_qopt` (times in scheduler ticks,
    /// probabilities in units of 2^-32) and the attributes after it.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Netem {
        /// `limit`, `delay` (latency and jitter), `loss random`, `gap`, `duplicate`.
        qopt: TcNetemQopt,
        /// The correlations of delay, loss and duplication.
        corr: Option<TcNetemCorr>,
        /// `reorder`.
        reorder: Option<TcNetemReorder>,
        /// `ecn`.
        ecn: bool,
        /// `corrupt`.
        corrupt: Option<TcNetemCorrupt>,
        /// `slot`.
        slot: Option<TcNetemSlot>,
        /// `loss state` or `loss gemodel`.
        loss: Option<LossModel>,
        /// `rate`: bytes per second and the packet and cell overheads (the struct's rate is
        /// written saturated, with `TCA_NETEM_RATE64`, for faster rates).
        rate: Option<(u64, TcNetemRate)>,
    }
}

impl KindOptions for Netem {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = put_struct_nest(b, Tca::OPTIONS, &self.qopt);
        if let Some(c) = &self.corr {
            o.put_struct(TcaNetem::CORR, c);
        }
        if let Some(r) = &self.reorder {
            o.put_struct(TcaNetem::REORDER, r);
        }
        if self.ecn {
            NetemAttr::Ecn(1).write_to(&mut o);
        }
        if let Some(c) = &self.corrupt {
            o.put_struct(TcaNetem::CORRUPT, c);
        }
        if let Some(s) = &self.slot {
            o.put_struct(TcaNetem::SLOT, s);
        }
        if let Some(loss) = &self.loss {
            let mut l = o.nest(TcaNetem::LOSS.0 | NLA_F_NESTED);
            match loss {
                LossModel::State(gi) => l.put_struct(NetemLoss::GI, gi),
                LossModel::GilbertElliot(ge) => l.put_struct(NetemLoss::GE, ge),
            };
        }
        if let Some((bps, mut r)) = self.rate {
            match u32::try_from(bps) {
                Ok(v) => r.rate.set(v),
                Err(_) => {
                    NetemAttr::Rate64(bps).write_to(&mut o);
                    r.rate.set(u32::MAX);
                }
            }
            o.put_struct(TcaNetem::RATE, &r);
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Netem(n) = o else {
            return Ok(None);
        };
        let a = NetemAttrs::new(n.attrs());
        let loss = match a.loss()? {
            Some(l) => {
                let m = NetemLossModel::from(l);
                match (m.gi()?, m.ge()?) {
                    (Some(gi), _) => Some(LossModel::State(gi.get())),
                    (None, Some(ge)) => Some(LossModel::GilbertElliot(ge.get())),
                    (None, None) => None,
                }
            }
            None => None,
        };
        let rate = match a.rate()? {
            Some(r) => {
                let r = r.get();
                Some((a.rate64()?.unwrap_or(u64::from(r.rate.get())), r))
            }
            None => None,
        };
        Ok(Some(Netem {
            qopt: n.header().get(),
            corr: a.corr()?.map(|v| v.get()),
            reorder: a.reorder()?.map(|v| v.get()),
            ecn: a.ecn()?.is_some_and(|e| e != 0),
            corrupt: a.corrupt()?.map(|v| v.get()),
            slot: a.slot()?.map(|v| v.get()),
            loss,
            rate,
        }))
    }
}

settable! {
    /// The settings of an `ets` qdisc (`tc ... ets [bands N] [strict N] [quanta Q...] [priomap
    /// B...]`); every nest carries `NLA_F_NESTED`, as `tc` sends it.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Ets {
        /// `bands`.
        bands: Option<u8>,
        /// `strict`: how many bands are strict.
        strict: Option<u8>,
        /// `quanta`: the quantum of each band after the strict ones.
        quanta: Vec<u32>,
        /// `priomap`: the band of each priority.
        priomap: Vec<u8>,
    }
}

impl KindOptions for Ets {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = b.nest(Tca::OPTIONS.0 | NLA_F_NESTED);
        if let Some(n) = self.bands {
            EtsAttr::Nbands(n).write_to(&mut o);
        }
        if let Some(n) = self.strict {
            EtsAttr::Nstrict(n).write_to(&mut o);
        }
        if !self.quanta.is_empty() {
            let mut q = o.nest(TcaEts::QUANTA.0 | NLA_F_NESTED);
            for quantum in &self.quanta {
                EtsAttr::QuantaBand(*quantum).write_to(&mut q);
            }
        }
        if !self.priomap.is_empty() {
            let mut p = o.nest(TcaEts::PRIOMAP.0 | NLA_F_NESTED);
            for band in &self.priomap {
                EtsAttr::PriomapBand(*band).write_to(&mut p);
            }
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Ets(n) = o else { return Ok(None) };
        let e = EtsOptions::from(*n);
        let mut out = Ets {
            bands: e.nbands()?,
            strict: e.nstrict()?,
            ..Ets::default()
        };
        if let Some(q) = e.quanta()? {
            for a in q.typed() {
                if let EtsAttr::QuantaBand(v) = a? {
                    out.quanta.push(v);
                }
            }
        }
        if let Some(p) = e.priomap()? {
            for a in p.typed() {
                if let EtsAttr::PriomapBand(v) = a? {
                    out.priomap.push(v);
                }
            }
        }
        Ok(Some(out))
    }
}

settable! {
    /// The settings of an `ets` class (`tc class change ... ets quantum Q`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct EtsClass {
        /// `quantum`: bytes.
        quantum: Option<u32>,
    }
}

impl KindOptions for EtsClass {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = b.nest(Tca::OPTIONS.0 | NLA_F_NESTED);
        if let Some(q) = self.quantum {
            EtsAttr::QuantaBand(q).write_to(&mut o);
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Ets(n) = o else { return Ok(None) };
        Ok(Some(EtsClass {
            quantum: EtsOptions::from(*n).quanta_band()?,
        }))
    }
}

settable! {
    /// The settings of an `mqprio` qdisc: the traffic classes (`struct tc_mqprio_qopt`, built with
    /// [`TcMqprioQopt::new`]) and the optional mode, shaper and per-class rates.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Mqprio {
        /// `num_tc`, `map`, `queues`, `hw`.
        fixed qopt: TcMqprioQopt,
        /// `mode`.
        mode: Option<MqprioMode>,
        /// `shaper`.
        shaper: Option<MqprioShaper>,
        /// `min_rate`: bytes per second per class.
        min_rate: Vec<u64>,
        /// `max_rate`: bytes per second per class.
        max_rate: Vec<u64>,
    }
}

impl Mqprio {
    /// The traffic classes alone.
    #[must_use]
    pub fn new(qopt: TcMqprioQopt) -> Self {
        Mqprio {
            qopt,
            mode: None,
            shaper: None,
            min_rate: Vec::new(),
            max_rate: Vec::new(),
        }
    }
}

impl KindOptions for Mqprio {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = put_struct_nest(b, Tca::OPTIONS, &self.qopt);
        if let Some(m) = self.mode {
            MqprioAttr::Mode(m).write_to(&mut o);
        }
        if let Some(s) = self.shaper {
            MqprioAttr::Shaper(s).write_to(&mut o);
        }
        for (kind, rates) in [
            (TcaMqprio::MIN_RATE64, &self.min_rate),
            (TcaMqprio::MAX_RATE64, &self.max_rate),
        ] {
            if rates.is_empty() {
                continue;
            }
            // tc sends every queue's slot, the unused ones 0.
            let mut list = o.nest(kind.0 | NLA_F_NESTED);
            for i in 0..TC_QOPT_MAX_QUEUE {
                list.put_u64(kind, rates.get(i).copied().unwrap_or(0));
            }
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Mqprio(m) = o else {
            return Ok(None);
        };
        let qopt = m.header().get();
        let a = netlink_wire::rtnl::tc::MqprioAttrs::new(m.attrs());
        let rates = |n: Option<netlink_wire::Nested<'_, netlink_wire::rtnl::tc::MqprioRate>>| {
            let mut out = Vec::new();
            if let Some(n) = n {
                for a in n.attrs() {
                    out.push(a?.as_u64()?);
                }
            }
            Ok::<_, crate::Error>(out)
        };
        let nt = usize::from(qopt.num_tc);
        let mut min_rate = rates(a.min_rate64()?)?;
        let mut max_rate = rates(a.max_rate64()?)?;
        min_rate.truncate(nt);
        max_rate.truncate(nt);
        Ok(Some(Mqprio {
            qopt,
            mode: a.mode()?,
            shaper: a.shaper()?,
            min_rate,
            max_rate,
        }))
    }
}

/// One entry of a taprio schedule (`sched-entry CMD GATEMASK INTERVAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaprioEntrySpec {
    /// `S`, `H` or `R`.
    pub cmd: TaprioCmd,
    /// The open gates.
    pub gate_mask: u32,
    /// Nanoseconds.
    pub interval: u32,
}

settable! {
    /// The settings of a `taprio` qdisc, in the order `tc` writes them.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Taprio {
        /// `clockid`.
        clockid: Option<i32>,
        /// `flags`.
        flags: Option<TaprioFlags>,
        /// `num_tc`, `map`, `queues`.
        priomap: Option<TcMqprioQopt>,
        /// `txtime-delay`: nanoseconds.
        txtime_delay: Option<u32>,
        /// `base-time`: nanoseconds.
        base_time: Option<i64>,
        /// `cycle-time`: nanoseconds.
        cycle_time: Option<i64>,
        /// `cycle-time-extension`: nanoseconds.
        cycle_time_extension: Option<i64>,
        /// `sched-entry`s.
        entries: Vec<TaprioEntrySpec>,
    }
}

impl KindOptions for Taprio {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = b.nest(Tca::OPTIONS);
        if let Some(c) = self.clockid {
            TaprioAttr::SchedClockid(c).write_to(&mut o);
        }
        if let Some(f) = self.flags {
            TaprioAttr::Flags(f).write_to(&mut o);
        }
        if let Some(q) = &self.priomap {
            o.put_struct(TcaTaprio::PRIOMAP, q);
        }
        if let Some(d) = self.txtime_delay {
            TaprioAttr::TxtimeDelay(d).write_to(&mut o);
        }
        if let Some(t) = self.base_time {
            TaprioAttr::SchedBaseTime(t).write_to(&mut o);
        }
        if let Some(t) = self.cycle_time {
            TaprioAttr::SchedCycleTime(t).write_to(&mut o);
        }
        if let Some(t) = self.cycle_time_extension {
            TaprioAttr::SchedCycleTimeExtension(t).write_to(&mut o);
        }
        if !self.entries.is_empty() {
            let mut list = o.nest(TcaTaprio::SCHED_ENTRY_LIST.0 | NLA_F_NESTED);
            for e in &self.entries {
                let mut n = list.nest(TaprioSched::ENTRY);
                TaprioEntryAttr::Cmd(e.cmd).write_to(&mut n);
                TaprioEntryAttr::GateMask(e.gate_mask).write_to(&mut n);
                TaprioEntryAttr::Interval(e.interval).write_to(&mut n);
            }
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Taprio(n) = o else {
            return Ok(None);
        };
        let t = netlink_wire::rtnl::tc::TaprioOptions::from(*n);
        let mut entries = Vec::new();
        if let Some(list) = t.sched_entry_list()? {
            for e in list.attrs() {
                let e = netlink_wire::rtnl::tc::TaprioEntryView::new(e?.nested());
                entries.push(TaprioEntrySpec {
                    cmd: e.cmd()?.unwrap_or(TaprioCmd::SET_GATES),
                    gate_mask: e.gate_mask()?.unwrap_or(0),
                    interval: e.interval()?.unwrap_or(0),
                });
            }
        }
        Ok(Some(Taprio {
            clockid: t.sched_clockid()?,
            flags: t.flags()?,
            priomap: t.priomap()?.map(|p| p.get()),
            txtime_delay: t.txtime_delay()?,
            base_time: t.sched_base_time()?,
            cycle_time: t.sched_cycle_time()?,
            cycle_time_extension: t.sched_cycle_time_extension()?,
            entries,
        }))
    }
}

settable! {
    /// The settings of an `hfsc` class: its service curves (`rt`, `ls`, `ul`; `sc` is `rt` and
    /// `ls` at once), each `m1` bytes per second for `d` microseconds, then `m2`.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct HfscClass {
        /// `rt`: the real-time curve.
        rt: Option<TcServiceCurve>,
        /// `ls`: the link-sharing curve.
        ls: Option<TcServiceCurve>,
        /// `ul`: the upper limit.
        ul: Option<TcServiceCurve>,
    }
}

impl KindOptions for HfscClass {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = b.nest(Tca::OPTIONS);
        for (kind, sc) in [
            (TcaHfsc::RSC, &self.rt),
            (TcaHfsc::FSC, &self.ls),
            (TcaHfsc::USC, &self.ul),
        ] {
            if let Some(sc) = sc {
                o.put_struct(kind, sc);
            }
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::HfscClass(n) = o else {
            return Ok(None);
        };
        let h = HfscClassOptions::from(*n);
        Ok(Some(HfscClass {
            rt: h.rsc()?.map(|v| v.get()),
            ls: h.fsc()?.map(|v| v.get()),
            ul: h.usc()?.map(|v| v.get()),
        }))
    }
}
