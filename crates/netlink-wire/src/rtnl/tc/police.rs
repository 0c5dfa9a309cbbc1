//! The police action: a token bucket (`struct tc_police` with its rates and rate tables, the
//! 64-bit rates that do not fit it, and packet rates) and what happens to the packets that
//! exceed it. Its attributes are both an action's options (`TCA_ACT_OPTIONS` of kind
//! `police`) and the old-style `TCA_*_POLICE` of a filter, which holds them directly.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use zerocopy::byteorder::native_endian::{I32, U32};

use crate::error::Result;
use crate::rtnl::tc::{RateTable, TcRatespec, TcfT, Verdict};

kernel_struct! {
    /// `struct tc_police`: the bucket, its rates and the action taken on packets over it
    /// (`TCA_POLICE_TBF`).
    TcPolice = "tc_police", 56 {
        /// `index`: the action's index.
        pub index: U32,
        /// `action`: the [`Verdict`] for packets over the rate (`conform-exceed EXCEED/...`).
        pub action: I32,
        /// `limit`: unused by the kernel (`tc` sends 0).
        pub limit: U32,
        /// `burst`: the bucket, in scheduler ticks at `rate`.
        pub burst: U32,
        /// `mtu`: the largest packet in bytes (the peak-rate bucket).
        pub mtu: U32,
        /// `rate`: the rate, saturated at `u32::MAX` when `TCA_POLICE_RATE64` carries it.
        pub rate: TcRatespec,
        /// `peakrate`: the peak rate, 0 for none.
        pub peakrate: TcRatespec,
        /// `refcnt`: references held (dumps only).
        pub refcnt: I32,
        /// `bindcnt`: filters bound to the action (dumps only).
        pub bindcnt: I32,
        /// `capab`: unused.
        pub capab: U32,
    }
}

impl TcPolice {
    /// `action` as a [`Verdict`].
    #[must_use]
    #[inline]
    pub fn verdict(&self) -> Verdict {
        Verdict(self.action.get())
    }
}

attributes! {
    /// The options of a police action, or the old-style `TCA_*_POLICE` of a filter.
    view PoliceOptions;
    /// `TCA_POLICE_*`: the police action's attributes.
    numbers TcaPolice;
    /// A typed police attribute.
    enum PoliceAttr<'a>;
    /// The bucket, its rates and the exceed action.
    TBF = 1, "TCA_POLICE_TBF", Tbf({TcPolice}), tbf;
    /// The rate table of `rate`.
    RATE = 2, "TCA_POLICE_RATE", Rate(val RateTable<'a>), rtab;
    /// The rate table of `peakrate`.
    PEAKRATE = 3, "TCA_POLICE_PEAKRATE", Peakrate(val RateTable<'a>), ptab;
    /// The average rate in bytes per second that the rate estimator must stay under.
    AVRATE = 4, "TCA_POLICE_AVRATE", Avrate(u32), avrate;
    /// The verdict for packets within the rate (`conform-exceed .../CONFORM`).
    RESULT = 5, "TCA_POLICE_RESULT", Result(val Verdict), result;
    /// When the action was installed and used.
    TM = 6, "TCA_POLICE_TM", Tm({TcfT}), tm;
    /// Padding for 64-bit alignment.
    PAD = 7, "TCA_POLICE_PAD", Pad(bytes);
    /// The rate in bytes per second, when it needs 64 bits.
    RATE64 = 8, "TCA_POLICE_RATE64", Rate64(u64), rate64;
    /// The peak rate in bytes per second, when it needs 64 bits.
    PEAKRATE64 = 9, "TCA_POLICE_PEAKRATE64", Peakrate64(u64), peakrate64;
    /// A rate in packets per second (instead of bytes).
    PKTRATE64 = 10, "TCA_POLICE_PKTRATE64", Pktrate64(u64), pktrate64;
    /// The bucket of the packet rate, in scheduler ticks.
    PKTBURST64 = 11, "TCA_POLICE_PKTBURST64", Pktburst64(u64), pktburst64;
}

impl PoliceOptions<'_> {
    /// The rate in bytes per second: `TCA_POLICE_RATE64` when present, else the ratespec's.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn rate(&self) -> Result<Option<u64>> {
        let tbf = self.tbf()?.map(|t| u64::from(t.get().rate.rate.get()));
        Ok(self.rate64()?.or(tbf))
    }

    /// The peak rate in bytes per second: `TCA_POLICE_PEAKRATE64` when present, else the
    /// ratespec's (0 for none).
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn peakrate(&self) -> Result<Option<u64>> {
        let tbf = self.tbf()?.map(|t| u64::from(t.get().peakrate.rate.get()));
        Ok(self.peakrate64()?.or(tbf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::AttrWrite;
    use crate::rtnl::tc::action::tests::{action_message, one_action};
    use crate::rtnl::tc::tests::actions_as_tc;
    use crate::rtnl::tc::{ActOptions, LinkLayer, PschedClock, put_rate_table};

    const MBIT: u64 = 1_000_000 / 8;
    const GBIT: u64 = 1_000_000_000 / 8;

    /// What `tc` sends for `police rate RATE burst BURST mtu MTU [peakrate PEAK]`: the bucket
    /// in ticks at the full rate, the ratespecs saturated to 32 bits, and their tables at the
    /// full rates too (unlike htb's and tbf's) with the MTU's cell size; the 64-bit rates
    /// after each table.
    fn police(
        o: &mut crate::attr::Nest<'_>,
        index: u32,
        exceed: Verdict,
        (rate, peak): (u64, Option<u64>),
        burst: u32,
        mtu: u32,
    ) {
        let clock = PschedClock::KERNEL;
        let mut p = TcPolice {
            index: U32::new(index),
            action: I32::new(exceed.0),
            burst: U32::new(clock.xmit_time(rate, burst)),
            mtu: U32::new(mtu),
            rate: TcRatespec::new(rate),
            peakrate: peak.map(TcRatespec::new).unwrap_or_default(),
            ..TcPolice::default()
        };
        let rtab = clock.rate_table64(rate, &mut p.rate, None, mtu, LinkLayer::ETHERNET);
        let ptab =
            peak.map(|r| clock.rate_table64(r, &mut p.peakrate, None, mtu, LinkLayer::ETHERNET));
        o.put_struct(TcaPolice::TBF, &p);
        put_rate_table(o, TcaPolice::RATE, &rtab);
        if TcRatespec::needs_rate64(rate) {
            PoliceAttr::Rate64(rate).write_to(o);
        }
        if let (Some(ptab), Some(peak)) = (ptab, peak) {
            put_rate_table(o, TcaPolice::PEAKRATE, &ptab);
            if TcRatespec::needs_rate64(peak) {
                PoliceAttr::Peakrate64(peak).write_to(o);
            }
        }
    }

    #[test]
    fn builds_what_tc_sends_for_police() {
        // `tc actions add action police rate 1mbit burst 10k mtu 2k peakrate 2mbit
        // conform-exceed drop/ok index 9`: a conform verdict of `ok` is not sent.
        actions_as_tc("act_police", |b| {
            one_action(
                b,
                "police",
                |o| police(o, 9, Verdict::SHOT, (MBIT, Some(2 * MBIT)), 10 * 1024, 2048),
                |_| {},
            );
        });
        // `tc actions add action police rate 50gbit burst 10m peakrate 60gbit mtu 64k
        // conform-exceed drop/pipe index 10`: 64-bit rates, and the conform verdict.
        actions_as_tc("act_police64", |b| {
            one_action(
                b,
                "police",
                |o| {
                    police(
                        o,
                        10,
                        Verdict::SHOT,
                        (50 * GBIT, Some(60 * GBIT)),
                        10 << 20,
                        64 << 10,
                    );
                    PoliceAttr::Result(Verdict::PIPE).write_to(o);
                },
                |_| {},
            );
        });
        // `tc actions add action police pkts_rate 1000 pkts_burst 100 conform-exceed drop
        // index 11`: a packet rate, its bucket in ticks; the struct carries nothing else.
        actions_as_tc("act_police_pkt", |b| {
            one_action(
                b,
                "police",
                |o| {
                    o.put_struct(
                        TcaPolice::TBF,
                        &TcPolice {
                            index: U32::new(11),
                            action: I32::new(Verdict::SHOT.0),
                            ..TcPolice::default()
                        },
                    );
                    PoliceAttr::Pktrate64(1000).write_to(o);
                    let burst = PschedClock::KERNEL.xmit_time(1000, 100);
                    PoliceAttr::Pktburst64(u64::from(burst)).write_to(o);
                },
                |_| {},
            );
        });

        let a = action_message("act_police64");
        let Some(ActOptions::Police(n)) = a.options().unwrap() else {
            panic!()
        };
        let p = PoliceOptions::from(n);
        assert_eq!(
            (p.rate().unwrap(), p.peakrate().unwrap()),
            (Some(50 * GBIT), Some(60 * GBIT))
        );
        assert_eq!(p.result().unwrap(), Some(Verdict::PIPE));
        let tbf = p.tbf().unwrap().unwrap().get();
        assert_eq!(
            (tbf.verdict(), tbf.rate.rate.get(), tbf.rate.cell_log),
            (Verdict::SHOT, u32::MAX, 9)
        );
        let a = action_message("act_police");
        let Some(ActOptions::Police(n)) = a.options().unwrap() else {
            panic!()
        };
        let p = PoliceOptions::from(n);
        assert_eq!((p.rate().unwrap(), p.result().unwrap()), (Some(MBIT), None));
        assert_eq!(p.ptab().unwrap().unwrap().get(0), Some(1000));
    }
}
