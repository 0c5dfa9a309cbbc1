//! The shapers: `htb` (qdisc and classes), `tbf`, `cbs` and `etf`; `struct tc_ratespec` and the
//! rate tables they carry, with the scheduler clock (`/proc/net/psched`) that `tc` computes
//! those tables and its burst sizes with.
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

use zerocopy::IntoBytes;
use zerocopy::byteorder::native_endian::{I16, I32, U16, U32};

use crate::attr::{Attr, AttrWrite};
use crate::error::{Error, Result};
use crate::rtnl::tc::LinkLayer;
use crate::typed::{Check, Value};

kernel_struct! {
    /// `struct tc_ratespec`: a rate and how packet sizes are accounted against it (in
    /// `tc_htb_opt` and `tc_tbf_qopt`).
    TcRatespec = "tc_ratespec", 12 {
        /// `cell_log`: the log2 of the size step between rate-table entries.
        pub cell_log: u8,
        /// `linklayer`: a [`LinkLayer`] in the low 4 bits.
        pub linklayer: u8,
        /// `overhead`: bytes added to every packet.
        pub overhead: U16,
        /// `cell_align`: added to the size before the table lookup (`tc` sends -1).
        pub cell_align: I16,
        /// `mpu`: the minimum packet unit.
        pub mpu: U16,
        /// `rate`: bytes per second; `u32::MAX` when the rate needs the 64-bit attribute.
        pub rate: U32,
    }
}

impl TcRatespec {
    /// A rate of `bytes_per_sec` as a ratespec: the rate saturated to 32 bits (the full value
    /// goes in the kind's `RATE64` attribute), everything else 0.
    #[must_use]
    #[inline]
    pub fn new(bytes_per_sec: u64) -> Self {
        TcRatespec {
            rate: U32::new(u32::try_from(bytes_per_sec).unwrap_or(u32::MAX)),
            ..TcRatespec::default()
        }
    }

    /// Whether the rate needs its 64-bit attribute (`TCA_HTB_RATE64` and the like).
    #[must_use]
    #[inline]
    pub fn needs_rate64(bytes_per_sec: u64) -> bool {
        bytes_per_sec > u64::from(u32::MAX)
    }
}

/// `TC_RTAB_SIZE`: the size of a rate table in bytes, 256 entries.
pub const TC_RTAB_SIZE: usize = 1024;

/// A rate table (`TCA_HTB_RTAB`, `TCA_HTB_CTAB`, `TCA_TBF_RTAB`, `TCA_TBF_PTAB`): 256
/// host-order `u32` transmission times in scheduler ticks, entry `i` for packets of
/// `(i + 1) << cell_log` bytes. Read in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateTable<'a> {
    bytes: &'a [u8],
}

impl<'a> RateTable<'a> {
    /// Reads the table in `attr`.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is not [`TC_RTAB_SIZE`] bytes (the kernel
    /// refuses any other size).
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        if attr.payload().len() != TC_RTAB_SIZE {
            return Err(Error::AttrSize {
                kind: attr.kind(),
                offset: attr.offset(),
                expected: TC_RTAB_SIZE,
                found: attr.payload().len(),
            });
        }
        Ok(RateTable {
            bytes: attr.payload(),
        })
    }

    /// A table over `bytes`, when they are [`TC_RTAB_SIZE`] long: to write a table held as
    /// bytes through [`HtbAttr::Rtab`] and the like.
    #[must_use]
    #[inline]
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Self> {
        (bytes.len() == TC_RTAB_SIZE).then_some(RateTable { bytes })
    }

    /// Entry `i` (0 to 255).
    #[must_use]
    #[inline]
    pub fn get(&self, i: usize) -> Option<u32> {
        self.bytes
            .chunks_exact(4)
            .nth(i)
            .and_then(|c| c.first_chunk::<4>())
            .map(|c| u32::from_ne_bytes(*c))
    }

    /// The entries.
    pub fn iter(&self) -> impl Iterator<Item = u32> + 'a {
        self.bytes
            .chunks_exact(4)
            .filter_map(|c| c.first_chunk::<4>().map(|c| u32::from_ne_bytes(*c)))
    }

    /// The table's bytes as sent.
    #[must_use]
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl<'a> Value<'a> for RateTable<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        RateTable::parse(attr)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self.bytes);
    }
}

impl Check for RateTable<'_> {}

/// A `double` converted to `unsigned int` as `tc` 6.1 converts its times, ticks and sizes on
/// x86-64: truncated toward zero to a 64-bit integer (`cvttsd2si`, whose answer for a value
/// out of its range, or NaN, is `i64::MIN`), of which the low 32 bits are kept. So a value
/// beyond 32 bits wraps modulo 2^32 (the bucket of a rate below about 100 bytes per second),
/// where Rust's `as u32` would saturate. C leaves the conversion undefined; this is what the
/// `tc` binary does.
#[must_use]
#[inline]
pub fn c_uint(v: f64) -> u32 {
    // 2^63: the first value `cvttsd2si` cannot represent.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let wide = if v.is_nan() || !(-LIMIT..LIMIT).contains(&v) {
        i64::MIN
    } else {
        v as i64
    };
    wide as u32
}

/// `v` truncated toward zero when it is a number from 0 to `u32::MAX`, where [`c_uint`]
/// gives the same value without wrapping.
fn fits(v: f64) -> Option<u32> {
    if (0.0..4_294_967_296.0).contains(&v) {
        Some(c_uint(v))
    } else {
        None
    }
}

/// The packet scheduler's clock, as `/proc/net/psched` describes it: `tc` gives times to the
/// kernel in its ticks, and computes burst sizes and rate tables with it and its `HZ`. The
/// kernel's tick is 64 ns, and `/proc/net/psched` reads `000003e8 00000040 000f4240 3b9aca00`
/// on current kernels ([`PschedClock::KERNEL`]).
///
/// # Values that do not fit 32 bits
///
/// The kernel's fields for times and buckets are 32-bit ticks (`tc_tbf_qopt.buffer`,
/// `tc_police.burst`, `tc_htb_opt.buffer`...), and `tc` 6.1 computes them in doubles and
/// converts with C's `(unsigned int)` cast, which on x86-64 keeps the low 32 bits of a 64-bit
/// truncation ([`c_uint`]). A value beyond 2^32 ticks (about 275 seconds; the bucket of a
/// very low rate, such as 100 kbytes at 800 bit/s) therefore wraps modulo 2^32 where Rust's
/// `as u32` would saturate. [`ticks`](Self::ticks), [`usecs`](Self::usecs),
/// [`xmit_time`](Self::xmit_time) and [`xmit_size`](Self::xmit_size) wrap exactly as `tc`
/// does, so that requests are `tc`'s byte for byte; the `checked_*` forms
/// ([`checked_ticks`](Self::checked_ticks), [`checked_xmit_time`](Self::checked_xmit_time))
/// answer `None` instead, for callers that would rather refuse such a value than send what
/// `tc` sends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PschedClock {
    /// Ticks per microsecond.
    tick_in_usec: f64,
    /// What `tc` takes for the timer frequency.
    hz: u32,
}

impl PschedClock {
    /// The clock of every kernel since 2.6.29 (high-resolution timers): 15.625 ticks per
    /// microsecond, and the `HZ` of 1,000,000,000 that `tc` derives from the same file.
    pub const KERNEL: PschedClock = PschedClock {
        tick_in_usec: 15.625,
        hz: 1_000_000_000,
    };

    /// The clock described by the text of `/proc/net/psched` (four hexadecimal words:
    /// nanoseconds per microsecond, nanoseconds per tick, 1,000,000, and the clock resolution
    /// in ticks per second), read the way `tc` reads it: `HZ` is the fourth word when the
    /// third is 1,000,000, else 100.
    #[must_use]
    pub fn from_proc(text: &str) -> Option<PschedClock> {
        let mut words = text
            .split_whitespace()
            .map(|w| u32::from_str_radix(w, 16).ok());
        let (t2us, us2t, res, hz_res) = (
            words.next()??,
            words.next()??,
            words.next()??,
            words.next()??,
        );
        if us2t == 0 {
            return None;
        }
        // tc's compatibility rule: a resolution word of 1e9 means the ticks are nanoseconds.
        let t2us = if res == 1_000_000_000 { us2t } else { t2us };
        let clock_factor = f64::from(res) / 1_000_000.0;
        Some(PschedClock {
            tick_in_usec: f64::from(t2us) / f64::from(us2t) * clock_factor,
            hz: if res == 1_000_000 && hz_res != 0 {
                hz_res
            } else {
                100
            },
        })
    }

    /// The `HZ` `tc` uses for default bursts (`rate / HZ + mtu`).
    #[must_use]
    #[inline]
    pub fn hz(&self) -> u32 {
        self.hz
    }

    /// `usec` microseconds in ticks, as `tc` converts them: truncated, and modulo 2^32 when
    /// they do not fit (see [`c_uint`]).
    #[must_use]
    #[inline]
    pub fn ticks(&self, usec: u32) -> u32 {
        c_uint(f64::from(usec) * self.tick_in_usec)
    }

    /// `ticks` in microseconds (truncated).
    #[must_use]
    #[inline]
    pub fn usecs(&self, ticks: u32) -> u32 {
        c_uint(f64::from(ticks) / self.tick_in_usec)
    }

    /// The ticks it takes to send `size` bytes at `bytes_per_sec` (`tc_calc_xmittime`): whole
    /// microseconds first, then ticks.
    #[must_use]
    #[inline]
    pub fn xmit_time(&self, bytes_per_sec: u64, size: u32) -> u32 {
        // u64 to f64 rounds beyond 2^53 bytes per second, as tc's does.
        #[allow(clippy::cast_precision_loss)]
        let usec = 1_000_000.0 * (f64::from(size) / bytes_per_sec as f64);
        self.ticks(c_uint(usec))
    }

    /// [`ticks`](Self::ticks) when the result fits 32 bits, `None` where `tc` would wrap.
    #[must_use]
    #[inline]
    pub fn checked_ticks(&self, usec: u32) -> Option<u32> {
        fits(f64::from(usec) * self.tick_in_usec)
    }

    /// [`xmit_time`](Self::xmit_time) when neither of its steps wraps, `None` where `tc`
    /// would wrap.
    #[must_use]
    #[inline]
    pub fn checked_xmit_time(&self, bytes_per_sec: u64, size: u32) -> Option<u32> {
        #[allow(clippy::cast_precision_loss)]
        let usec = 1_000_000.0 * (f64::from(size) / bytes_per_sec as f64);
        self.checked_ticks(fits(usec)?)
    }

    /// The bytes sent in `ticks` at `bytes_per_sec` (`tc_calc_xmitsize`).
    #[must_use]
    #[inline]
    pub fn xmit_size(&self, bytes_per_sec: u64, ticks: u32) -> u32 {
        #[allow(clippy::cast_precision_loss)]
        let bytes = bytes_per_sec as f64 * f64::from(self.usecs(ticks)) / 1_000_000.0;
        c_uint(bytes)
    }

    /// The rate table `tc` sends with `spec` (`tc_calc_rtable`), at `spec.rate`: the 32-bit
    /// rate, saturated for faster rates as `tc` leaves it. It picks the smallest `cell_log`
    /// that covers `mtu` (2047 when 0) in 256 cells unless `cell_log` is given, accounts each
    /// size for `spec.mpu` and the link layer (ATM: 53 bytes per 48-byte cell), and writes
    /// `cell_log`, `cell_align` (-1) and the link layer into `spec`.
    #[must_use]
    pub fn rate_table(
        &self,
        spec: &mut TcRatespec,
        cell_log: Option<u8>,
        mtu: u32,
        linklayer: LinkLayer,
    ) -> [u32; 256] {
        let rate = u64::from(spec.rate.get());
        self.rate_table64(rate, spec, cell_log, mtu, linklayer)
    }

    /// The rate table of [`rate_table`](Self::rate_table) at `bytes_per_sec`, the full
    /// 64-bit rate, as `tc` 6.1 computes police's tables (`tc_calc_rtable_64`); `spec`'s
    /// rate is left as it is.
    #[must_use]
    pub fn rate_table64(
        &self,
        bytes_per_sec: u64,
        spec: &mut TcRatespec,
        cell_log: Option<u8>,
        mtu: u32,
        linklayer: LinkLayer,
    ) -> [u32; 256] {
        let mtu = if mtu == 0 { 2047 } else { mtu };
        let cell_log = cell_log.unwrap_or_else(|| {
            let mut log = 0u8;
            while mtu.checked_shr(u32::from(log)).unwrap_or(0) > 255 {
                log = log.saturating_add(1);
            }
            log
        });
        let mpu = u32::from(spec.mpu.get());
        let rate = bytes_per_sec;
        let mut table = [0u32; 256];
        for (i, entry) in (1u32..).zip(table.iter_mut()) {
            let size = i.checked_shl(u32::from(cell_log)).unwrap_or(0).max(mpu);
            let size = if linklayer == LinkLayer::ATM {
                size.div_ceil(48).saturating_mul(53)
            } else {
                size
            };
            *entry = self.xmit_time(rate, size);
        }
        spec.cell_align = I16::new(-1);
        spec.cell_log = cell_log;
        spec.linklayer = linklayer.0 & 0x0f;
        table
    }
}

/// Appends rate table `table` as attribute `kind`.
#[inline]
pub fn put_rate_table<'w, W: AttrWrite>(
    w: &'w mut W,
    kind: impl Into<u16>,
    table: &[u32; 256],
) -> &'w mut W {
    w.put(kind, table.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// htb

/// `TC_HTB_PROTOVER`: the version `tc_htb_glob.version` carries.
pub const TC_HTB_PROTOVER: u32 = 3;

kernel_struct! {
    /// `struct tc_htb_opt`: an htb class's rates and buckets (`TCA_HTB_PARMS`).
    TcHtbOpt = "tc_htb_opt", 44 {
        /// `rate`: the guaranteed rate.
        pub rate: TcRatespec,
        /// `ceil`: the most the class may borrow up to.
        pub ceil: TcRatespec,
        /// `buffer`: the rate bucket, in scheduler ticks.
        pub buffer: U32,
        /// `cbuffer`: the ceil bucket, in scheduler ticks.
        pub cbuffer: U32,
        /// `quantum`: bytes served per round when borrowing.
        pub quantum: U32,
        /// `level`: the class's depth from the leaves (dumps only).
        pub level: U32,
        /// `prio`: the priority, 0 (first) to 7.
        pub prio: U32,
    }
}

kernel_struct! {
    /// `struct tc_htb_glob`: an htb qdisc's settings (`TCA_HTB_INIT`).
    TcHtbGlob = "tc_htb_glob", 20 {
        /// `version`: [`TC_HTB_PROTOVER`] in requests; the kernel answers with its own version
        /// (major 3 in the high 16 bits, a minor number in the low).
        pub version: U32,
        /// `rate2quantum`: the divisor from a class's rate to its default quantum (`r2q`).
        pub rate2quantum: U32,
        /// `defcls`: the minor number of the class unclassified traffic goes to.
        pub defcls: U32,
        /// `debug`: unused.
        pub debug: U32,
        /// `direct_pkts`: packets sent without shaping (dumps only).
        pub direct_pkts: U32,
    }
}

impl TcHtbGlob {
    /// The settings `tc qdisc add ... htb default DEFCLS r2q R2Q` sends.
    #[must_use]
    #[inline]
    pub fn new(rate2quantum: u32, defcls: u32) -> Self {
        TcHtbGlob {
            version: U32::new(TC_HTB_PROTOVER),
            rate2quantum: U32::new(rate2quantum),
            defcls: U32::new(defcls),
            ..TcHtbGlob::default()
        }
    }
}

kernel_struct! {
    /// `struct tc_htb_xstats`: an htb class's statistics.
    TcHtbXstats = "tc_htb_xstats", 20 {
        /// `lends`: packets sent within the class's own rate.
        pub lends: U32,
        /// `borrows`: packets sent on tokens borrowed from an ancestor.
        pub borrows: U32,
        /// `giants`: unused.
        pub giants: U32,
        /// `tokens`: the rate bucket's level, in ticks.
        pub tokens: I32,
        /// `ctokens`: the ceil bucket's level, in ticks.
        pub ctokens: I32,
    }
}

attributes! {
    /// The options of an htb qdisc or class.
    view HtbOptions;
    /// `TCA_HTB_*`: the attributes of htb's `TCA_OPTIONS`.
    numbers TcaHtb;
    /// A typed htb attribute.
    enum HtbAttr<'a>;
    /// A class's rates and buckets.
    PARMS = 1, "TCA_HTB_PARMS", Parms({TcHtbOpt}), parms;
    /// The qdisc's settings.
    INIT = 2, "TCA_HTB_INIT", Init({TcHtbGlob}), init;
    /// A class's ceil rate table.
    CTAB = 3, "TCA_HTB_CTAB", Ctab(val RateTable<'a>), ctab;
    /// A class's rate table.
    RTAB = 4, "TCA_HTB_RTAB", Rtab(val RateTable<'a>), rtab;
    /// The length of the qdisc's direct queue, in packets.
    DIRECT_QLEN = 5, "TCA_HTB_DIRECT_QLEN", DirectQlen(u32), direct_qlen;
    /// A class's rate, when it needs 64 bits (bytes per second).
    RATE64 = 6, "TCA_HTB_RATE64", Rate64(u64), rate64;
    /// A class's ceil, when it needs 64 bits (bytes per second).
    CEIL64 = 7, "TCA_HTB_CEIL64", Ceil64(u64), ceil64;
    /// Padding for 64-bit alignment.
    PAD = 8, "TCA_HTB_PAD", Pad(bytes);
    /// Offload the qdisc to the device.
    OFFLOAD = 9, "TCA_HTB_OFFLOAD", Offload(flag), offload;
}

impl HtbOptions<'_> {
    /// A class's rate in bytes per second: `TCA_HTB_RATE64` when present, else the
    /// ratespec's.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn rate(&self) -> Result<Option<u64>> {
        let parms = self.parms()?.map(|p| u64::from(p.get().rate.rate.get()));
        Ok(self.rate64()?.or(parms))
    }

    /// A class's ceil in bytes per second: `TCA_HTB_CEIL64` when present, else the
    /// ratespec's.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn ceil(&self) -> Result<Option<u64>> {
        let parms = self.parms()?.map(|p| u64::from(p.get().ceil.rate.get()));
        Ok(self.ceil64()?.or(parms))
    }
}

// ---------------------------------------------------------------------------------------------
// tbf

kernel_struct! {
    /// `struct tc_tbf_qopt`: a token bucket's rates and sizes (`TCA_TBF_PARMS`).
    TcTbfQopt = "tc_tbf_qopt", 36 {
        /// `rate`: the rate.
        pub rate: TcRatespec,
        /// `peakrate`: the peak rate, 0 for none.
        pub peakrate: TcRatespec,
        /// `limit`: the queue length in bytes.
        pub limit: U32,
        /// `buffer`: the bucket, in scheduler ticks.
        pub buffer: U32,
        /// `mtu`: the peak-rate bucket, in scheduler ticks.
        pub mtu: U32,
    }
}

attributes! {
    /// The options of a tbf qdisc.
    view TbfOptions;
    /// `TCA_TBF_*`: the attributes of tbf's `TCA_OPTIONS`.
    numbers TcaTbf;
    /// A typed tbf attribute.
    enum TbfAttr<'a>;
    /// The rates and sizes.
    PARMS = 1, "TCA_TBF_PARMS", Parms({TcTbfQopt}), parms;
    /// The rate table.
    RTAB = 2, "TCA_TBF_RTAB", Rtab(val RateTable<'a>), rtab;
    /// The peak rate table.
    PTAB = 3, "TCA_TBF_PTAB", Ptab(val RateTable<'a>), ptab;
    /// The rate in bytes per second, when it needs 64 bits.
    RATE64 = 4, "TCA_TBF_RATE64", Rate64(u64), rate64;
    /// The peak rate in bytes per second, when it needs 64 bits.
    PRATE64 = 5, "TCA_TBF_PRATE64", Prate64(u64), prate64;
    /// The bucket in bytes.
    BURST = 6, "TCA_TBF_BURST", Burst(u32), burst;
    /// The peak-rate bucket in bytes.
    PBURST = 7, "TCA_TBF_PBURST", Pburst(u32), pburst;
    /// Padding for 64-bit alignment.
    PAD = 8, "TCA_TBF_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// cbs, etf

kernel_struct! {
    /// `struct tc_cbs_qopt`: the credit-based shaper's settings (`TCA_CBS_PARMS`).
    TcCbsQopt = "tc_cbs_qopt", 20 {
        /// `offload`: 1 to offload to the device.
        pub offload: u8,
        /// `_pad`.
        pub _pad: [u8; 3],
        /// `hicredit`: the most credit, in bytes.
        pub hicredit: I32,
        /// `locredit`: the least credit, in bytes.
        pub locredit: I32,
        /// `idleslope`: credit gained while waiting, in kilobits per second.
        pub idleslope: I32,
        /// `sendslope`: credit spent while sending, in kilobits per second (negative).
        pub sendslope: I32,
    }
}

attributes! {
    /// The options of a cbs qdisc.
    view CbsOptions;
    /// `TCA_CBS_*`: the attributes of cbs's `TCA_OPTIONS`.
    numbers TcaCbs;
    /// A typed cbs attribute.
    enum CbsAttr<'a>;
    /// The settings.
    PARMS = 1, "TCA_CBS_PARMS", Parms({TcCbsQopt}), parms;
}

kernel_struct! {
    /// `struct tc_etf_qopt`: the earliest-txtime-first settings (`TCA_ETF_PARMS`).
    TcEtfQopt = "tc_etf_qopt", 12 {
        /// `delta`: how long before its time a packet is sent, in nanoseconds.
        pub delta: I32,
        /// `clockid`: the clock of the packets' times (`CLOCK_TAI` is 11).
        pub clockid: I32,
        /// `flags`: [`EtfFlags`].
        pub flags: U32,
    }
}

flags! {
    /// `TC_ETF_*`: the bits of `tc_etf_qopt.flags`.
    EtfFlags(u32);
    /// Send each packet at its deadline, not its time.
    DEADLINE_MODE_ON = 0x1, "TC_ETF_DEADLINE_MODE_ON", "deadline_mode";
    /// Offload to the device.
    OFFLOAD_ON = 0x2, "TC_ETF_OFFLOAD_ON", "offload";
    /// Do not check the sending socket's settings.
    SKIP_SOCK_CHECK = 0x4, "TC_ETF_SKIP_SOCK_CHECK", "skip_sock_check";
}

attributes! {
    /// The options of an etf qdisc.
    view EtfOptions;
    /// `TCA_ETF_*`: the attributes of etf's `TCA_OPTIONS`.
    numbers TcaEtf;
    /// A typed etf attribute.
    enum EtfAttr<'a>;
    /// The settings.
    PARMS = 1, "TCA_ETF_PARMS", Parms({TcEtfQopt}), parms;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{Options, TcHandle, TcMsg, Tca};

    /// 1mbit, 2mbit, 50gbit and 60gbit in bytes per second, as tc reads them.
    const MBIT: u64 = 1_000_000 / 8;
    const GBIT: u64 = 1_000_000_000 / 8;

    /// What tc sends for an htb class of `rate` and `ceil` with buckets of `burst` and
    /// `cburst` bytes (tc's default: rate / HZ + the 1600-byte MTU), priority and quantum.
    fn htb_class(
        b: &mut crate::MessageBuilder<'_>,
        rate: u64,
        ceil: u64,
        burst: Option<u32>,
        prio: u32,
        quantum: u32,
    ) {
        let clock = PschedClock::KERNEL;
        let default_burst = |r: u64| u32::try_from(r / u64::from(clock.hz())).unwrap() + 1600;
        let mut opt = TcHtbOpt {
            rate: TcRatespec::new(rate),
            ceil: TcRatespec::new(ceil),
            buffer: U32::new(clock.xmit_time(rate, burst.unwrap_or(default_burst(rate)))),
            cbuffer: U32::new(clock.xmit_time(ceil, default_burst(ceil))),
            quantum: U32::new(quantum),
            prio: U32::new(prio),
            ..TcHtbOpt::default()
        };
        let rtab = clock.rate_table(&mut opt.rate, None, 1600, LinkLayer::ETHERNET);
        let ctab = clock.rate_table(&mut opt.ceil, None, 1600, LinkLayer::ETHERNET);
        b.put_str(Tca::KIND, "htb");
        let mut o = b.nest(Tca::OPTIONS);
        if TcRatespec::needs_rate64(rate) {
            HtbAttr::Rate64(rate).write_to(&mut o);
        }
        if TcRatespec::needs_rate64(ceil) {
            HtbAttr::Ceil64(ceil).write_to(&mut o);
        }
        o.put_struct(TcaHtb::PARMS, &opt);
        put_rate_table(&mut o, TcaHtb::RTAB, &rtab);
        put_rate_table(&mut o, TcaHtb::CTAB, &ctab);
    }

    #[test]
    fn builds_what_tc_sends_for_htb() {
        // `tc qdisc add dev v0 root handle 1: htb default 10 r2q 5 direct_qlen 100`: tc reads
        // the default class in hexadecimal.
        builds_as_tc(
            "htb",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "htb");
                let mut o = b.nest(Tca::OPTIONS);
                o.put_struct(TcaHtb::INIT, &TcHtbGlob::new(5, 0x10));
                HtbAttr::DirectQlen(100).write_to(&mut o);
            },
        );
        // `tc qdisc add dev v0 root handle 1: htb offload`.
        builds_as_tc(
            "htb_offload",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "htb");
                let mut o = b.nest(Tca::OPTIONS);
                o.put_struct(TcaHtb::INIT, &TcHtbGlob::new(10, 0));
                HtbAttr::Offload(()).write_to(&mut o);
            },
        );
        // `tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit burst 15k
        // prio 1 quantum 1500`: rate and ceil tables computed as tc does.
        let class = TcMsg::new(3, TcHandle::new(1, 0x10), TcHandle::new(1, 0));
        builds_as_tc("htb_class", class, |b| {
            htb_class(b, MBIT, 2 * MBIT, Some(15 * 1024), 1, 1500);
        });
        // `tc class add dev v0 parent 1: classid 1:20 htb rate 50gbit ceil 60gbit`: both need
        // TCA_HTB_RATE64/CEIL64, sent before the struct.
        let class = TcMsg::new(3, TcHandle::new(1, 0x20), TcHandle::new(1, 0));
        builds_as_tc("htb_class64", class, |b| {
            htb_class(b, 50 * GBIT, 60 * GBIT, None, 0, 0)
        });

        let o = object("htb_class");
        let Some(Options::Htb(n)) = o.options().unwrap() else {
            panic!()
        };
        let h = HtbOptions::from(n);
        assert_eq!(
            (h.rate().unwrap(), h.ceil().unwrap()),
            (Some(MBIT), Some(2 * MBIT))
        );
        let rtab = h.rtab().unwrap().unwrap();
        assert_eq!(
            (rtab.get(0), rtab.get(1), rtab.get(256)),
            (Some(1000), Some(2000), None)
        );
        assert_eq!(rtab.iter().count(), 256);
        let p = h.parms().unwrap().unwrap().get();
        assert_eq!(
            (p.rate.cell_log, p.rate.cell_align.get(), p.prio.get()),
            (3, -1, 1)
        );
        let o = object("htb_class64");
        let Some(Options::Htb(n)) = o.options().unwrap() else {
            panic!()
        };
        let h = HtbOptions::from(n);
        assert_eq!(
            (h.rate().unwrap(), h.ceil().unwrap()),
            (Some(50 * GBIT), Some(60 * GBIT))
        );
    }

    #[test]
    fn builds_what_tc_sends_for_tbf() {
        let clock = PschedClock::KERNEL;
        // `tc qdisc add dev v0 root tbf rate 1mbit burst 32kbit latency 400ms`: the limit is
        // rate * latency + burst, the buffer the burst's time.
        builds_as_tc(
            "tbf",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                let mut q = TcTbfQopt {
                    rate: TcRatespec::new(MBIT),
                    limit: U32::new(50_000 + 4096),
                    buffer: U32::new(clock.xmit_time(MBIT, 4096)),
                    ..TcTbfQopt::default()
                };
                let rtab = clock.rate_table(&mut q.rate, None, 0, LinkLayer::ETHERNET);
                b.put_str(Tca::KIND, "tbf");
                let mut o = b.nest(Tca::OPTIONS);
                o.put_struct(TcaTbf::PARMS, &q);
                TbfAttr::Burst(4096).write_to(&mut o);
                put_rate_table(&mut o, TcaTbf::RTAB, &rtab);
            },
        );
        // `tc qdisc add dev v0 root tbf rate 50gbit burst 10mb limit 20mb peakrate 60gbit
        // mtu 65536`: 64-bit rates, and the peak rate's table, bucket and burst. tc 6.1
        // computes the buckets (and the tables) at the ratespecs' saturated 32-bit rates.
        builds_as_tc(
            "tbf64",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                let (rate, peak, burst, mtu) = (50 * GBIT, 60 * GBIT, 10 << 20, 65536);
                let saturated = u64::from(u32::MAX);
                let mut q = TcTbfQopt {
                    rate: TcRatespec::new(rate),
                    peakrate: TcRatespec::new(peak),
                    limit: U32::new(20 << 20),
                    buffer: U32::new(clock.xmit_time(saturated, burst)),
                    mtu: U32::new(clock.xmit_time(saturated, mtu)),
                };
                let rtab = clock.rate_table(&mut q.rate, None, mtu, LinkLayer::ETHERNET);
                let ptab = clock.rate_table(&mut q.peakrate, None, mtu, LinkLayer::ETHERNET);
                b.put_str(Tca::KIND, "tbf");
                let mut o = b.nest(Tca::OPTIONS);
                o.put_struct(TcaTbf::PARMS, &q);
                TbfAttr::Burst(burst).write_to(&mut o);
                TbfAttr::Rate64(rate).write_to(&mut o);
                put_rate_table(&mut o, TcaTbf::RTAB, &rtab);
                TbfAttr::Prate64(peak).write_to(&mut o);
                TbfAttr::Pburst(mtu).write_to(&mut o);
                put_rate_table(&mut o, TcaTbf::PTAB, &ptab);
            },
        );
        let o = object("tbf64");
        let Some(Options::Tbf(n)) = o.options().unwrap() else {
            panic!()
        };
        let t = TbfOptions::from(n);
        assert_eq!(t.rate64().unwrap(), Some(50 * GBIT));
        assert_eq!(t.parms().unwrap().unwrap().get().rate.cell_log, 9);
        let ptab = t.ptab().unwrap().unwrap();
        assert_eq!((ptab.get(7), ptab.get(8)), (Some(0), Some(15)));
    }

    #[test]
    fn builds_what_tc_sends_for_cbs_and_etf() {
        // `tc qdisc add dev v0 root cbs idleslope 98688 sendslope -901312 hicredit 153
        // locredit -1389 offload 0`.
        builds_as_tc(
            "cbs",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "cbs");
                b.nest(Tca::OPTIONS).put_struct(
                    TcaCbs::PARMS,
                    &TcCbsQopt {
                        hicredit: I32::new(153),
                        locredit: I32::new(-1389),
                        idleslope: I32::new(98688),
                        sendslope: I32::new(-901_312),
                        ..TcCbsQopt::default()
                    },
                );
            },
        );
        // `tc qdisc add dev v0 root etf clockid CLOCK_TAI delta 300000 deadline_mode
        // skip_sock_check`.
        builds_as_tc(
            "etf",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "etf");
                b.nest(Tca::OPTIONS).put_struct(
                    TcaEtf::PARMS,
                    &TcEtfQopt {
                        delta: I32::new(300_000),
                        clockid: I32::new(11),
                        flags: U32::new(
                            (EtfFlags::DEADLINE_MODE_ON | EtfFlags::SKIP_SOCK_CHECK).bits(),
                        ),
                    },
                );
            },
        );
        let o = object("etf");
        let Some(Options::Etf(n)) = o.options().unwrap() else {
            panic!()
        };
        let p = EtfOptions::from(n).parms().unwrap().unwrap().get();
        assert_eq!(
            format!("{:?}", EtfFlags(p.flags.get())),
            "TC_ETF_DEADLINE_MODE_ON|TC_ETF_SKIP_SOCK_CHECK"
        );
    }

    #[test]
    fn the_clock_reads_proc_net_psched_as_tc_does() {
        let c = PschedClock::from_proc("000003e8 00000040 000f4240 3b9aca00\n").unwrap();
        assert_eq!(c, PschedClock::KERNEL);
        assert_eq!(c.ticks(100_000), 1_562_500);
        assert_eq!(c.usecs(1_562_500), 100_000);
        assert_eq!(c.xmit_size(MBIT, c.xmit_time(MBIT, 1600)), 1600);
        // An older kernel with a nanosecond clock word.
        let old = PschedClock::from_proc("000003e8 00000400 000f4240 3b9aca00").unwrap();
        assert_eq!(old.ticks(1000), 976);
        assert_eq!(PschedClock::from_proc("1 0 2 3"), None);
        assert_eq!(PschedClock::from_proc("zz"), None);
        // ATM cells and a minimum packet unit.
        let mut spec = TcRatespec {
            mpu: U16::new(96),
            ..TcRatespec::new(MBIT)
        };
        let t = c.rate_table(&mut spec, Some(4), 0, LinkLayer::ATM);
        assert_eq!(t[0], c.xmit_time(MBIT, 106));
        assert_eq!(t[9], c.xmit_time(MBIT, 4 * 53));
        assert_eq!((spec.cell_log, spec.linklayer), (4, 2));
    }

    #[test]
    fn times_beyond_32_bits_wrap_as_tcs_do() {
        // `tc class add ... htb rate 40bit` (5 bytes per second): the default burst of 1600
        // bytes takes 3.2e8 us, 5e9 ticks, which tc 6.1 sent as 705032704 (5e9 modulo 2^32,
        // read under strace) and prints back as a burst of 225 bytes.
        let c = PschedClock::KERNEL;
        assert_eq!(c.xmit_time(5, 1600), 705_032_704);
        assert_eq!(c.xmit_size(5, 705_032_704), 225);
        assert_eq!(c_uint(4_294_967_296.0 + 7.9), 7);
        // A bucket that does not fit: 100 kbytes at 100 bytes/s is 1,024,000,000 us, or
        // 16,000,000,000 ticks, which tc sends modulo 2^32 (nlctl's test `tbf` with `rate
        // 800bit` compares the bytes with tc's); the checked form refuses it.
        let clock = PschedClock::KERNEL;
        assert_eq!(clock.xmit_time(100, 102_400), 3_115_098_112);
        assert_eq!(
            u64::from(clock.xmit_time(100, 102_400)),
            16_000_000_000 % (1 << 32)
        );
        assert_eq!(clock.checked_xmit_time(100, 102_400), None);
        assert_eq!(clock.checked_ticks(u32::MAX), None);
        assert_eq!(clock.checked_xmit_time(125_000, 10_240), Some(1_280_000));
        assert_eq!(
            clock.checked_xmit_time(125_000, 10_240),
            Some(clock.xmit_time(125_000, 10_240))
        );
        assert_eq!(c_uint(-1.0), u32::MAX);
        for out_of_range in [1e30, -1e30, f64::NAN, f64::INFINITY] {
            assert_eq!(c_uint(out_of_range), 0);
        }
    }
}
