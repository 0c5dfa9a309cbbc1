//! The shapers' settings: `htb` (the qdisc and its classes) and `tbf`, with the buckets and
//! rate tables computed from rates and sizes as `tc` 6.1 computes them ([`PschedClock`]).

use netlink_wire::rtnl::tc::{
    HtbAttr, HtbOptions, LinkLayer, Options, PschedClock, TbfAttr, TbfOptions, TcHtbGlob, TcHtbOpt,
    TcRatespec, TcTbfQopt, Tca, TcaHtb, TcaTbf, put_rate_table,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::Result;
use crate::ops::invalid;
use crate::ops::tc::common::KindOptions;

/// The MTU `tc` builds rate tables for when none is given to htb.
const HTB_MTU: u32 = 1600;

settable! {
    /// The settings of an `htb` qdisc (`tc qdisc add ... htb [default N] [r2q N] [direct_qlen P]
    /// [offload]`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct HtbQdisc {
        /// `r2q`: a class's default quantum is its rate in bytes per second divided by this (10).
        r2q: u32,
        /// `default`: the minor number of the class unclassified traffic goes to (0: none, sent
        /// unshaped).
        default_class: u32,
        /// `direct_qlen`: the length of the queue of unclassified traffic, in packets.
        direct_qlen: Option<u32>,
        /// `offload`: offload the qdisc to the device.
        offload: bool,
    }
}

impl Default for HtbQdisc {
    fn default() -> Self {
        HtbQdisc {
            r2q: 10,
            default_class: 0,
            direct_qlen: None,
            offload: false,
        }
    }
}

impl KindOptions for HtbQdisc {
    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let mut o = b.nest(Tca::OPTIONS);
        o.put_struct(TcaHtb::INIT, &TcHtbGlob::new(self.r2q, self.default_class));
        if let Some(q) = self.direct_qlen {
            HtbAttr::DirectQlen(q).write_to(&mut o);
        }
        if self.offload {
            HtbAttr::Offload(()).write_to(&mut o);
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Htb(n) = o else { return Ok(None) };
        let h = HtbOptions::from(*n);
        let Some(init) = h.init()? else {
            return Ok(None);
        };
        let init = init.get();
        Ok(Some(HtbQdisc {
            r2q: init.rate2quantum.get(),
            default_class: init.defcls.get(),
            direct_qlen: h.direct_qlen()?,
            offload: h.offload()?.is_some(),
        }))
    }
}

settable! {
    /// How packet sizes are accounted against a rate: `tc`'s `mpu`, `overhead`, `linklayer` and
    /// `mtu` words, shared by htb classes and tbf.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SizeAccounting {
        /// `mpu`: the smallest size a packet is accounted as.
        mpu: u16,
        /// `overhead`: bytes added to every packet.
        overhead: u16,
        /// `linklayer`: ethernet, or ATM cells of 53 bytes per 48.
        linklayer: LinkLayer,
        /// `mtu`: the largest packet the rate tables cover (htb: 1600 when 0; tbf: 2047).
        mtu: u32,
    }
}

impl Default for SizeAccounting {
    fn default() -> Self {
        SizeAccounting {
            mpu: 0,
            overhead: 0,
            linklayer: LinkLayer::ETHERNET,
            mtu: 0,
        }
    }
}

impl SizeAccounting {
    /// A ratespec of `rate` with this accounting, and its rate table (at the ratespec's
    /// 32-bit rate, as `tc` computes it).
    fn ratespec(
        &self,
        clock: &PschedClock,
        rate: u64,
        cell_log: Option<u8>,
        mtu: u32,
    ) -> (TcRatespec, [u32; 256]) {
        let mut spec = TcRatespec::new(rate);
        spec.mpu.set(self.mpu);
        spec.overhead.set(self.overhead);
        let table = clock.rate_table(&mut spec, cell_log, mtu, self.linklayer);
        (spec, table)
    }
}

settable! {
    /// The settings of an `htb` class (`tc class add ... htb rate R [ceil R] [burst B] [cburst B]
    /// [prio P] [quantum Q] [mtu M] [mpu M] [overhead O] [linklayer L]`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct HtbClass {
        /// `rate`: the guaranteed rate, in bytes per second.
        fixed rate: u64,
        /// `ceil`: the most the class may borrow up to (the rate when `None`).
        ceil: Option<u64>,
        /// `burst`: the rate bucket in bytes (`rate / HZ + mtu` when `None`).
        burst: Option<u32>,
        /// `cburst`: the ceil bucket in bytes (`ceil / HZ + mtu` when `None`).
        cburst: Option<u32>,
        /// The cell size of the rate table (`burst B/CELL`), as a log2; computed when `None`.
        cell_log: Option<u8>,
        /// The cell size of the ceil table (`cburst B/CELL`), as a log2.
        ccell_log: Option<u8>,
        /// `prio`: 0 (served first) to 7.
        prio: u32,
        /// `quantum`: bytes served per round when borrowing (0: the kernel's `rate / r2q`).
        quantum: u32,
        /// How packets are accounted.
        accounting: SizeAccounting,
    }
}

impl HtbClass {
    /// A class of `rate` bytes per second with everything else as `tc` defaults it.
    #[must_use]
    pub fn new(rate: u64) -> Self {
        HtbClass {
            rate,
            ceil: None,
            burst: None,
            cburst: None,
            cell_log: None,
            ccell_log: None,
            prio: 0,
            quantum: 0,
            accounting: SizeAccounting::default(),
        }
    }

    /// The `struct tc_htb_opt` and the two rate tables `tc` sends.
    #[must_use]
    pub fn parms(&self, clock: &PschedClock) -> (TcHtbOpt, [u32; 256], [u32; 256]) {
        let ceil = self.ceil.unwrap_or(self.rate);
        let mtu = if self.accounting.mtu == 0 {
            HTB_MTU
        } else {
            self.accounting.mtu
        };
        let hz = u64::from(clock.hz().max(1));
        // tc keeps the default bucket in 32 bits.
        let default_burst = |r: u64| (r / hz).wrapping_add(u64::from(mtu)) as u32;
        let burst = self.burst.unwrap_or_else(|| default_burst(self.rate));
        let cburst = self.cburst.unwrap_or_else(|| default_burst(ceil));
        let (rate_spec, rtab) = self
            .accounting
            .ratespec(clock, self.rate, self.cell_log, mtu);
        let (ceil_spec, ctab) = self.accounting.ratespec(clock, ceil, self.ccell_log, mtu);
        let mut opt = TcHtbOpt {
            rate: rate_spec,
            ceil: ceil_spec,
            ..TcHtbOpt::default()
        };
        opt.buffer.set(clock.xmit_time(self.rate, burst));
        opt.cbuffer.set(clock.xmit_time(ceil, cburst));
        opt.quantum.set(self.quantum);
        opt.prio.set(self.prio);
        (opt, rtab, ctab)
    }
}

impl KindOptions for HtbClass {
    fn validate(&self) -> Result<()> {
        if self.rate == 0 {
            return Err(invalid("an htb class needs a rate"));
        }
        if self.prio > 7 {
            return Err(invalid(format!("htb prio {} exceeds 7", self.prio)));
        }
        Ok(())
    }

    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let (opt, rtab, ctab) = self.parms(&PschedClock::KERNEL);
        let ceil = self.ceil.unwrap_or(self.rate);
        let mut o = b.nest(Tca::OPTIONS);
        if TcRatespec::needs_rate64(self.rate) {
            HtbAttr::Rate64(self.rate).write_to(&mut o);
        }
        if TcRatespec::needs_rate64(ceil) {
            HtbAttr::Ceil64(ceil).write_to(&mut o);
        }
        o.put_struct(TcaHtb::PARMS, &opt);
        put_rate_table(&mut o, TcaHtb::RTAB, &rtab);
        put_rate_table(&mut o, TcaHtb::CTAB, &ctab);
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Htb(n) = o else { return Ok(None) };
        let h = HtbOptions::from(*n);
        let (Some(p), Some(rate), Some(ceil)) = (h.parms()?, h.rate()?, h.ceil()?) else {
            return Ok(None);
        };
        let p = p.get();
        let clock = PschedClock::KERNEL;
        Ok(Some(HtbClass {
            rate,
            ceil: Some(ceil),
            burst: Some(clock.xmit_size(rate, p.buffer.get())),
            cburst: Some(clock.xmit_size(ceil, p.cbuffer.get())),
            cell_log: None,
            ccell_log: None,
            prio: p.prio.get(),
            quantum: p.quantum.get(),
            accounting: SizeAccounting {
                mpu: p.rate.mpu.get(),
                overhead: p.rate.overhead.get(),
                linklayer: LinkLayer(p.rate.linklayer & 0x0f),
                mtu: 0,
            },
        }))
    }
}

/// How a tbf's queue is bounded: in bytes, or by the longest a packet may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbfLimit {
    /// `limit`: bytes.
    Bytes(u32),
    /// `latency`: microseconds; the byte limit is derived from the rates and buckets.
    Latency(u32),
}

settable! {
    /// The settings of a `tbf` qdisc (`tc qdisc add ... tbf rate R burst B (latency T | limit L)
    /// [peakrate R mtu M] [mpu M] [overhead O] [linklayer L]`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Tbf {
        /// `rate`: bytes per second.
        fixed rate: u64,
        /// `burst`: the bucket in bytes.
        fixed burst: u32,
        /// The queue's bound.
        fixed limit: TbfLimit,
        /// `peakrate`: bytes per second; needs `accounting.mtu`.
        peakrate: Option<u64>,
        /// The cell size of the rate table (`burst B/CELL`), as a log2.
        cell_log: Option<u8>,
        /// The cell size of the peak-rate table (`mtu M/CELL`), as a log2.
        pcell_log: Option<u8>,
        /// How packets are accounted; `mtu` is the peak-rate bucket.
        accounting: SizeAccounting,
    }
}

impl Tbf {
    /// A token bucket of `rate` bytes per second, a `burst`-byte bucket and `limit`.
    #[must_use]
    pub fn new(rate: u64, burst: u32, limit: TbfLimit) -> Self {
        Tbf {
            rate,
            burst,
            limit,
            peakrate: None,
            cell_log: None,
            pcell_log: None,
            accounting: SizeAccounting::default(),
        }
    }

    /// The `struct tc_tbf_qopt` and the rate tables `tc` sends (the peak-rate table only with
    /// a peak rate).
    #[must_use]
    pub fn parms(&self, clock: &PschedClock) -> (TcTbfQopt, [u32; 256], Option<[u32; 256]>) {
        let mtu = self.accounting.mtu;
        let limit = match self.limit {
            TbfLimit::Bytes(b) => b,
            TbfLimit::Latency(us) => {
                // tc computes in doubles and truncates.
                #[allow(clippy::cast_precision_loss)]
                let lat = |r: u64, extra: u32| r as f64 * f64::from(us) / 1e6 + f64::from(extra);
                let mut lim = lat(self.rate, self.burst);
                if let Some(p) = self.peakrate {
                    lim = lim.min(lat(p, mtu));
                }
                lim as u32
            }
        };
        let (rate, rtab) = self
            .accounting
            .ratespec(clock, self.rate, self.cell_log, mtu);
        let mut q = TcTbfQopt {
            rate,
            ..TcTbfQopt::default()
        };
        q.limit.set(limit);
        q.buffer
            .set(clock.xmit_time(u64::from(rate.rate.get()), self.burst));
        let ptab = self.peakrate.map(|p| {
            let (peak, ptab) = self.accounting.ratespec(clock, p, self.pcell_log, mtu);
            q.peakrate = peak;
            q.mtu.set(clock.xmit_time(u64::from(peak.rate.get()), mtu));
            ptab
        });
        (q, rtab, ptab)
    }
}

impl KindOptions for Tbf {
    fn validate(&self) -> Result<()> {
        if self.rate == 0 || self.burst == 0 {
            return Err(invalid("tbf needs a rate and a burst"));
        }
        if self.peakrate.is_some() && self.accounting.mtu == 0 {
            return Err(invalid("tbf with a peakrate needs an mtu"));
        }
        Ok(())
    }

    fn write_options(&self, b: &mut MessageBuilder<'_>) {
        let (q, rtab, ptab) = self.parms(&PschedClock::KERNEL);
        let mut o = b.nest(Tca::OPTIONS);
        o.put_struct(TcaTbf::PARMS, &q);
        TbfAttr::Burst(self.burst).write_to(&mut o);
        if TcRatespec::needs_rate64(self.rate) {
            TbfAttr::Rate64(self.rate).write_to(&mut o);
        }
        put_rate_table(&mut o, TcaTbf::RTAB, &rtab);
        if let (Some(peak), Some(ptab)) = (self.peakrate, ptab) {
            if TcRatespec::needs_rate64(peak) {
                TbfAttr::Prate64(peak).write_to(&mut o);
            }
            TbfAttr::Pburst(self.accounting.mtu).write_to(&mut o);
            put_rate_table(&mut o, TcaTbf::PTAB, &ptab);
        }
    }

    fn read_options(o: &Options<'_>) -> Result<Option<Self>> {
        let Options::Tbf(n) = o else { return Ok(None) };
        let t = TbfOptions::from(*n);
        let Some(p) = t.parms()? else {
            return Ok(None);
        };
        let p = p.get();
        let rate = t.rate64()?.unwrap_or(u64::from(p.rate.rate.get()));
        let peak = t.prate64()?.or_else(|| {
            let r = p.peakrate.rate.get();
            (r != 0).then_some(u64::from(r))
        });
        let clock = PschedClock::KERNEL;
        let burst = t
            .burst()?
            .unwrap_or_else(|| clock.xmit_size(u64::from(p.rate.rate.get()), p.buffer.get()));
        Ok(Some(Tbf {
            rate,
            burst,
            limit: TbfLimit::Bytes(p.limit.get()),
            peakrate: peak,
            cell_log: None,
            pcell_log: None,
            accounting: SizeAccounting {
                mpu: p.rate.mpu.get(),
                overhead: p.rate.overhead.get(),
                linklayer: LinkLayer(p.rate.linklayer & 0x0f),
                mtu: t.pburst()?.unwrap_or(0),
            },
        }))
    }
}
