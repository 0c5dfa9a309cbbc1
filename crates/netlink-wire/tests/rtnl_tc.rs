//! Traffic control: for every qdisc kind, typed options -> builder -> parse -> equal (and the
//! kind statistics likewise); the check walk of everything built re-encodes every typed
//! attribute to its own bytes; random bytes, as a whole message or as one kind's options,
//! never panic and never break a round trip.

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tc::*;
use netlink_wire::rtnl::{
    RTM_DELCHAIN, RTM_GETQDISC, RTM_NEWCHAIN, RTM_NEWQDISC, RTM_NEWTCLASS, RTM_NEWTFILTER,
};
use netlink_wire::{AttrWrite, Flags, MessageBuilder, Msg, StructView, check};
use proptest::prelude::*;
use zerocopy::FromBytes;

/// A message of `object` and `kind` for `dev` 3, handle 1:2 under 1:, whose attributes after
/// `TCA_KIND` are written by `rest`.
fn build(object: TcObject, kind: &str, rest: impl FnOnce(&mut MessageBuilder<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    let hdr = TcMsg::new(3, TcHandle::new(1, 2), TcHandle::new(1, 0));
    let t = object.message_types()[0];
    let mut b = TcObjectMsg::builder(&mut buf, t, Flags::REQUEST, &hdr).unwrap();
    TcAttr::Kind(kind).write_to(&mut b);
    rest(&mut b);
    b.finish().unwrap();
    buf
}

/// The check walk of what this crate built: nothing malformed, every typed attribute
/// re-encoding to the bytes it came from.
fn clean(bytes: &[u8]) -> Result<(), TestCaseError> {
    let s = check::walk(bytes);
    prop_assert_eq!((s.errors, s.typed_errors), (0, 0), "{:?}", s);
    prop_assert_eq!(
        (s.reencoded_differently, s.roundtrip_failures),
        (0, 0),
        "{:?}",
        s
    );
    Ok(())
}

fn view(bytes: &[u8]) -> TcObjectMsg<'_> {
    TcObjectMsg::parse(Msg::parse(bytes).unwrap()).unwrap()
}

/// The first `size_of::<T>()` bytes of `pool` as a `T`.
fn read<T: FromBytes>(pool: &[u8]) -> T {
    T::read_from_prefix(pool).unwrap().0
}

/// Typed attributes from `pairs` (a selector and a number each) through `make`; written in a
/// nest of `TCA_OPTIONS` (with `NLA_F_NESTED` when `flag`), built, parsed: the kind's variant
/// of [`Options`] must hold them all, equal and in order.
macro_rules! nest_kind {
    ($pairs:expr, $object:expr, $kind:literal, $flag:expr, $Variant:ident, $make:expr) => {{
        let attrs: Vec<_> = $pairs
            .iter()
            .map(|&(i, v): &(usize, u64)| $make(i, v))
            .collect();
        let flag = if $flag { NLA_F_NESTED } else { 0 };
        let buf = build($object, $kind, |b| {
            let mut o = b.nest(Tca::OPTIONS.0 | flag);
            for a in &attrs {
                a.write_to(&mut o);
            }
        });
        clean(&buf)?;
        let v = view(&buf);
        let Some(Options::$Variant(n)) = v.options().unwrap() else {
            panic!("{}: {:?}", $kind, v.options())
        };
        prop_assert_eq!(n.is_flagged(), $flag);
        let got: Vec<_> = n.typed().map(Result::unwrap).collect();
        prop_assert_eq!(got, attrs, "{}", $kind);
    }};
}

/// A kernel struct read from `pool`, sent as the whole `TCA_OPTIONS` of `kind` (or as its
/// `TCA_STATS_APP`, for `Xstats`): the kind's variant must give it back.
macro_rules! struct_kind {
    ($pool:expr, $object:expr, $kind:literal, Options::$Variant:ident, $T:ty) => {{
        let value: $T = read(&$pool);
        let buf = build($object, $kind, |b| {
            b.put_struct(Tca::OPTIONS, &value);
        });
        clean(&buf)?;
        match view(&buf).options().unwrap() {
            Some(Options::$Variant(s)) => prop_assert_eq!(s.get(), value, "{}", $kind),
            other => panic!("{}: {other:?}", $kind),
        }
    }};
    ($pool:expr, $object:expr, $kind:literal, Xstats::$Variant:ident, $T:ty) => {{
        let value: $T = read(&$pool);
        let buf = build($object, $kind, |b| {
            b.nest(Tca::STATS2).put_struct(TcaStats::APP, &value);
        });
        clean(&buf)?;
        match view(&buf).xstats().unwrap() {
            Some(Xstats::$Variant(s)) => prop_assert_eq!(s.get(), value, "{}", $kind),
            other => panic!("{}: {other:?}", $kind),
        }
    }};
}

/// `n` bytes of `pool` as a struct view (the typed value of a `{STRUCT}` attribute).
fn sv<T>(pool: &[u8], n: usize) -> StructView<'_, T> {
    StructView::new(&pool[..n])
}

fn pairs() -> impl Strategy<Value = Vec<(usize, u64)>> {
    prop::collection::vec((any::<usize>(), any::<u64>()), 0..10)
}

fn pool() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), TC_RTAB_SIZE)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn struct_kinds_round_trip(pool in pool()) {
        let q = TcObject::Qdisc;
        struct_kind!(pool, q, "pfifo", Options::Pfifo, TcFifoQopt);
        struct_kind!(pool, q, "bfifo", Options::Bfifo, TcFifoQopt);
        struct_kind!(pool, q, "pfifo_head_drop", Options::PfifoHeadDrop, TcFifoQopt);
        struct_kind!(pool, q, "pfifo_fast", Options::PfifoFast, TcPrioQopt);
        struct_kind!(pool, q, "prio", Options::Prio, TcPrioQopt);
        struct_kind!(pool, q, "multiq", Options::Multiq, TcMultiqQopt);
        struct_kind!(pool, q, "skbprio", Options::Skbprio, TcSkbprioQopt);
        struct_kind!(pool, q, "plug", Options::Plug, TcPlugQopt);
        struct_kind!(pool, q, "hfsc", Options::Hfsc, TcHfscQopt);
        struct_kind!(pool, q, "sfq", Options::Sfq, TcSfqQoptV1);
        // The kind statistics that are structs, in TCA_STATS_APP.
        let c = TcObject::Class;
        struct_kind!(pool, c, "htb", Xstats::Htb, TcHtbXstats);
        struct_kind!(pool, c, "hfsc", Xstats::Hfsc, TcHfscStats);
        struct_kind!(pool, c, "drr", Xstats::Drr, TcDrrStats);
        struct_kind!(pool, c, "qfq", Xstats::Qfq, TcQfqStats);
        struct_kind!(pool, c, "sfq", Xstats::Sfq, TcSfqXstats);
        struct_kind!(pool, q, "red", Xstats::Red, TcRedXstats);
        struct_kind!(pool, q, "choke", Xstats::Choke, TcChokeXstats);
        struct_kind!(pool, q, "sfb", Xstats::Sfb, TcSfbXstats);
        struct_kind!(pool, q, "codel", Xstats::Codel, TcCodelXstats);
        struct_kind!(pool, q, "pie", Xstats::Pie, TcPieXstats);
        struct_kind!(pool, q, "fq_pie", Xstats::FqPie, TcFqPieXstats);
        struct_kind!(pool, q, "hhf", Xstats::Hhf, TcHhfXstats);
        struct_kind!(pool, q, "fq", Xstats::Fq, TcFqQdStats);
    }

    #[test]
    fn integer_kinds_round_trip(p in pairs()) {
        let q = TcObject::Qdisc;
        nest_kind!(p, q, "codel", false, Codel, |i: usize, v: u64| {
            let v = v as u32;
            [CodelAttr::Target, CodelAttr::Limit, CodelAttr::Interval, CodelAttr::Ecn,
                CodelAttr::CeThreshold][i % 5](v)
        });
        nest_kind!(p, q, "fq_codel", false, FqCodel, |i: usize, v: u64| match i % 11 {
            9 => FqCodelAttr::CeThresholdSelector(v as u8),
            10 => FqCodelAttr::CeThresholdMask(v as u8),
            i => [FqCodelAttr::Target, FqCodelAttr::Limit, FqCodelAttr::Interval,
                FqCodelAttr::Ecn, FqCodelAttr::Flows, FqCodelAttr::Quantum,
                FqCodelAttr::CeThreshold, FqCodelAttr::DropBatchSize,
                FqCodelAttr::MemoryLimit][i](v as u32),
        });
        nest_kind!(p, q, "pie", false, Pie, |i: usize, v: u64| {
            [PieAttr::Target, PieAttr::Limit, PieAttr::Tupdate, PieAttr::Alpha, PieAttr::Beta,
                PieAttr::Ecn, PieAttr::Bytemode, PieAttr::DqRateEstimator][i % 8](v as u32)
        });
        nest_kind!(p, q, "fq_pie", true, FqPie, |i: usize, v: u64| {
            [FqPieAttr::Limit, FqPieAttr::Flows, FqPieAttr::Target, FqPieAttr::Tupdate,
                FqPieAttr::Alpha, FqPieAttr::Beta, FqPieAttr::Quantum, FqPieAttr::MemoryLimit,
                FqPieAttr::EcnProb, FqPieAttr::Ecn, FqPieAttr::Bytemode,
                FqPieAttr::DqRateEstimator][i % 12](v as u32)
        });
        nest_kind!(p, q, "hhf", false, Hhf, |i: usize, v: u64| {
            [HhfAttr::BacklogLimit, HhfAttr::Quantum, HhfAttr::HhFlowsLimit,
                HhfAttr::ResetTimeout, HhfAttr::AdmitBytes, HhfAttr::EvictTimeout,
                HhfAttr::NonHhWeight][i % 7](v as u32)
        });
        nest_kind!(p, q, "fq", false, Fq, |i: usize, v: u64| match i % 15 {
            14 => FqAttr::HorizonDrop(v as u8),
            i => [FqAttr::Plimit, FqAttr::FlowPlimit, FqAttr::Quantum, FqAttr::InitialQuantum,
                FqAttr::RateEnable, FqAttr::FlowDefaultRate, FqAttr::FlowMaxRate,
                FqAttr::BucketsLog, FqAttr::FlowRefillDelay, FqAttr::OrphanMask,
                FqAttr::LowRateThreshold, FqAttr::CeThreshold, FqAttr::TimerSlack,
                FqAttr::Horizon][i](v as u32),
        });
        nest_kind!(p, q, "cake", false, Cake, |i: usize, v: u64| match i % 17 {
            0 => CakeAttr::BaseRate64(v),
            1 => CakeAttr::DiffservMode(CakeDiffserv(v as u32)),
            2 => CakeAttr::Atm(CakeAtm(v as u32)),
            3 => CakeAttr::FlowMode(CakeFlowMode(v as u32)),
            4 => CakeAttr::Overhead(v as i32),
            5 => CakeAttr::AckFilter(CakeAckFilter(v as u32)),
            i => [CakeAttr::Rtt, CakeAttr::Target, CakeAttr::Autorate, CakeAttr::Memory,
                CakeAttr::Nat, CakeAttr::Raw, CakeAttr::Wash, CakeAttr::Mpu, CakeAttr::Ingress,
                CakeAttr::SplitGso, CakeAttr::Fwmark][i - 6](v as u32),
        });
        let c = TcObject::Class;
        nest_kind!(p, c, "drr", false, Drr, |_, v: u64| DrrAttr::Quantum(v as u32));
        nest_kind!(p, c, "qfq", false, Qfq, |i: usize, v: u64| {
            [QfqAttr::Weight, QfqAttr::Lmax][i % 2](v as u32)
        });
        nest_kind!(p, c, "ets", true, Ets, |i: usize, v: u64| match i % 4 {
            0 => EtsAttr::Nbands(v as u8),
            1 => EtsAttr::Nstrict(v as u8),
            2 => EtsAttr::QuantaBand(v as u32),
            _ => EtsAttr::PriomapBand(v as u8),
        });
    }

    #[test]
    fn struct_attribute_kinds_round_trip(p in pairs(), pool in pool()) {
        let q = TcObject::Qdisc;
        let table = RateTable::from_bytes(&pool).unwrap();
        for object in [TcObject::Qdisc, TcObject::Class] {
            nest_kind!(p, object, "htb", false, Htb, |i: usize, v: u64| match i % 9 {
                0 => HtbAttr::Parms(sv(&pool, 44)),
                1 => HtbAttr::Init(sv(&pool, 20)),
                2 => HtbAttr::Ctab(table),
                3 => HtbAttr::Rtab(table),
                4 => HtbAttr::DirectQlen(v as u32),
                5 => HtbAttr::Rate64(v),
                6 => HtbAttr::Ceil64(v),
                7 => HtbAttr::Offload(()),
                _ => HtbAttr::Pad(&pool[..(v % 8) as usize]),
            });
        }
        nest_kind!(p, q, "tbf", false, Tbf, |i: usize, v: u64| match i % 7 {
            0 => TbfAttr::Parms(sv(&pool, 36)),
            1 => TbfAttr::Rtab(table),
            2 => TbfAttr::Ptab(table),
            3 => TbfAttr::Rate64(v),
            4 => TbfAttr::Prate64(v),
            5 => TbfAttr::Burst(v as u32),
            _ => TbfAttr::Pburst(v as u32),
        });
        nest_kind!(p, q, "cbs", false, Cbs, |_, _| CbsAttr::Parms(sv(&pool, 20)));
        nest_kind!(p, q, "etf", false, Etf, |_, _| EtfAttr::Parms(sv(&pool, 12)));
        nest_kind!(p, q, "sfb", false, Sfb, |_, _| SfbAttr::Parms(sv(&pool, 36)));
        nest_kind!(p, q, "red", false, Red, |i: usize, v: u64| match i % 6 {
            0 => RedAttr::Parms(sv(&pool, 16)),
            1 => RedAttr::Stab(&pool[..256]),
            2 => RedAttr::MaxP(v as u32),
            3 => RedAttr::Flags(sv(&pool, 8)),
            4 => RedAttr::EarlyDropBlock(v as u32),
            _ => RedAttr::MarkBlock(v as u32),
        });
        nest_kind!(p, q, "choke", false, Choke, |i: usize, v: u64| match i % 3 {
            0 => ChokeAttr::Parms(sv(&pool, 16)),
            1 => ChokeAttr::Stab(&pool[..256]),
            _ => ChokeAttr::MaxP(v as u32),
        });
        nest_kind!(p, TcObject::Class, "hfsc", false, HfscClass, |i: usize, _| match i % 3 {
            0 => HfscAttr::Rsc(sv(&pool, 12)),
            1 => HfscAttr::Fsc(sv(&pool, 12)),
            _ => HfscAttr::Usc(sv(&pool, 12)),
        });
        nest_kind!(p, q, "taprio", false, Taprio, |i: usize, v: u64| match i % 6 {
            0 => TaprioAttr::Priomap(sv(&pool, 82)),
            1 => TaprioAttr::SchedBaseTime(v as i64),
            2 => TaprioAttr::SchedClockid(v as i32),
            3 => TaprioAttr::SchedCycleTime(v as i64),
            4 => TaprioAttr::Flags(TaprioFlags(v as u32)),
            _ => TaprioAttr::TxtimeDelay(v as u32),
        });
    }

    #[test]
    fn struct_then_attribute_kinds_round_trip(p in pairs(), pool in pool()) {
        // netem: struct tc_netem_qopt, then attributes.
        let qopt: TcNetemQopt = read(&pool);
        let attrs: Vec<_> = p.iter().map(|&(i, v)| match i % 9 {
            0 => NetemAttr::Corr(sv(&pool, 12)),
            1 => NetemAttr::DelayDist(&pool[..(v % 64) as usize]),
            2 => NetemAttr::Reorder(sv(&pool, 8)),
            3 => NetemAttr::Corrupt(sv(&pool, 8)),
            4 => NetemAttr::Rate(sv(&pool, 16)),
            5 => NetemAttr::Ecn(v as u32),
            6 => NetemAttr::Rate64(v),
            7 => NetemAttr::Latency64(v as i64),
            _ => NetemAttr::Slot(sv(&pool, 40)),
        }).collect();
        let buf = build(TcObject::Qdisc, "netem", |b| {
            let mut o = put_struct_nest(b, Tca::OPTIONS, &qopt);
            for a in &attrs {
                a.write_to(&mut o);
            }
            // A loss model, nested with its flag as tc sends it.
            o.nest(TcaNetem::LOSS.0 | NLA_F_NESTED)
                .put_struct(NetemLoss::GE, &read::<TcNetemGemodel>(&pool));
        });
        clean(&buf)?;
        let v = view(&buf);
        let Some(Options::Netem(n)) = v.options().unwrap() else { panic!() };
        prop_assert_eq!(n.header().get(), qopt);
        let got: Vec<_> = n.typed().map(Result::unwrap).collect();
        prop_assert_eq!(&got[..attrs.len()], &attrs[..]);
        let NetemAttr::Loss(loss) = got[attrs.len()] else { panic!() };
        let ge = NetemLossModel::from(loss).ge().unwrap().unwrap().get();
        prop_assert_eq!(ge, read::<TcNetemGemodel>(&pool));

        // mqprio: struct tc_mqprio_qopt (82 bytes, padded), then attributes.
        let qopt: TcMqprioQopt = read(&pool);
        let rates: Vec<u64> = p.iter().map(|&(_, v)| v).collect();
        let buf = build(TcObject::Qdisc, "mqprio", |b| {
            let mut o = put_struct_nest(b, Tca::OPTIONS, &qopt);
            MqprioAttr::Mode(MqprioMode(rates.len() as u16)).write_to(&mut o);
            let mut list = o.nest(TcaMqprio::MAX_RATE64.0 | NLA_F_NESTED);
            for r in &rates {
                MqprioRateAttr::MaxRate64(*r).write_to(&mut list);
            }
        });
        clean(&buf)?;
        let v = view(&buf);
        let Some(Options::Mqprio(m)) = v.options().unwrap() else { panic!() };
        prop_assert_eq!(m.header().get(), qopt);
        let a = MqprioAttrs::new(m.attrs());
        prop_assert_eq!(a.mode().unwrap(), Some(MqprioMode(rates.len() as u16)));
        let got: Vec<u64> = a.max_rate64().unwrap().unwrap().typed().map(|r| match r.unwrap() {
            MqprioRateAttr::MaxRate64(r) => r,
            other => panic!("{other:?}"),
        }).collect();
        prop_assert_eq!(got, rates);
    }

    #[test]
    fn fq_codel_and_cake_statistics_round_trip(pool in pool(), class in any::<bool>(), v in any::<u64>()) {
        let (object, t, len) = if class {
            (TcObject::Class, 1u32, 24)
        } else {
            (TcObject::Qdisc, 0, 36)
        };
        let buf = build(object, "fq_codel", |b| {
            let mut s = b.nest(Tca::STATS2);
            s.put_parts(TcaStats::APP, &[&t.to_ne_bytes(), &pool[..len]]);
        });
        clean(&buf)?;
        match (view(&buf).xstats().unwrap(), class) {
            (Some(Xstats::FqCodel(FqCodelXstats::Qdisc(s))), false) => {
                prop_assert_eq!(s.get(), read::<TcFqCodelQdStats>(&pool));
            }
            (Some(Xstats::FqCodel(FqCodelXstats::Class(s))), true) => {
                prop_assert_eq!(s.get(), read::<TcFqCodelClStats>(&pool));
            }
            other => panic!("{other:?}"),
        }
        let buf = build(object, "cake", |b| {
            let mut x = b.nest(Tca::XSTATS);
            CakeStatsAttr::CapacityEstimate64(v).write_to(&mut x);
            let mut tins = x.nest(TcaCakeStats::TIN_STATS);
            let mut tin = tins.nest(CakeTins::TIN_7);
            CakeTinStatsAttr::SentBytes64(v).write_to(&mut tin);
        });
        clean(&buf)?;
        let Some(Xstats::Cake(n)) = view(&buf).xstats().unwrap() else { panic!() };
        prop_assert_eq!(CakeStats::from(n).capacity_estimate64().unwrap(), Some(v));
    }

    #[test]
    fn headers_and_common_attributes_round_trip(
        ifindex in any::<u32>(),
        handle in any::<u32>(),
        parent in any::<u32>(),
        info in any::<u32>(),
        chain in any::<u32>(),
        blocks in any::<(u32, u32)>(),
        stats in prop::collection::vec(any::<u8>(), 40),
        object in prop::sample::select(vec![TcObject::Qdisc, TcObject::Class, TcObject::Filter, TcObject::Chain]),
    ) {
        let mut buf = Vec::new();
        let mut hdr = TcMsg::new(ifindex, TcHandle(handle), TcHandle(parent));
        hdr.tcm_info.set(info);
        let mut b = TcObjectMsg::builder(&mut buf, object.message_types()[0], Flags::EMPTY, &hdr).unwrap();
        TcAttr::Chain(chain).write_to(&mut b);
        TcAttr::IngressBlock(blocks.0).write_to(&mut b);
        TcAttr::EgressBlock(blocks.1).write_to(&mut b);
        TcAttr::ExtWarnMsg("warn").write_to(&mut b);
        b.put_struct(Tca::DUMP_FLAGS, &NlaBitfield32::new(DumpFlags::TERSE.bits(), 1));
        {
            let mut s = b.nest(Tca::STATS2);
            StatsAttr::Basic(sv(&stats, 16)).write_to(&mut s);
            StatsAttr::Queue(sv(&stats, 20)).write_to(&mut s);
            StatsAttr::RateEst64(sv(&stats, 16)).write_to(&mut s);
            StatsAttr::Pkt64(u64::from(chain)).write_to(&mut s);
        }
        TcAttr::Stats(sv(&stats, 40)).write_to(&mut b);
        b.finish().unwrap();
        clean(&buf)?;
        let v = view(&buf);
        prop_assert_eq!(v.header(), &hdr);
        prop_assert_eq!(v.object(), Some(object));
        prop_assert_eq!((v.ifindex(), v.handle(), v.parent(), v.info()), (ifindex, TcHandle(handle), TcHandle(parent), info));
        prop_assert_eq!(v.block_index(), (ifindex == TCM_IFINDEX_MAGIC_BLOCK).then_some(parent));
        prop_assert_eq!(v.chain().unwrap(), Some(chain));
        prop_assert_eq!((v.ingress_block().unwrap(), v.egress_block().unwrap()), (Some(blocks.0), Some(blocks.1)));
        prop_assert_eq!(v.ext_warn_msg().unwrap(), Some("warn"));
        prop_assert_eq!(DumpFlags(v.dump_flags().unwrap().unwrap().get().value.get()), DumpFlags::TERSE);
        let s = v.stats2().unwrap().unwrap();
        prop_assert_eq!(s.basic().unwrap().unwrap().get(), read::<GnetStatsBasic>(&stats));
        prop_assert_eq!(s.queue().unwrap().unwrap().get(), read::<GnetStatsQueue>(&stats));
        prop_assert_eq!(s.rate_est64().unwrap().unwrap().get(), read::<GnetStatsRateEst64>(&stats));
        prop_assert_eq!(s.pkt64().unwrap(), Some(u64::from(chain)));
        prop_assert_eq!(v.stats().unwrap().unwrap().get(), read::<TcStats>(&stats));
        prop_assert_eq!(v.options().unwrap(), None);
        // Handles print and parse back.
        let h = TcHandle(handle);
        if h != TcHandle::INGRESS {
            prop_assert_eq!(h.to_string().parse::<TcHandle>().unwrap(), h);
        }
    }

    #[test]
    fn random_bytes_never_panic(
        t in prop::sample::select(vec![RTM_NEWQDISC, RTM_GETQDISC, RTM_NEWTCLASS, RTM_NEWTFILTER, RTM_NEWCHAIN, RTM_DELCHAIN]),
        body in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let s = check::walk_as(t, &body);
        prop_assert_eq!(s.roundtrip_failures, 0);
        let header = netlink_wire::Header::new(0, t, Flags::EMPTY, 0, 0);
        if let Ok(v) = TcObjectMsg::parse(Msg::from_parts(&header, &body)) {
            let _ = (v.options(), v.xstats(), v.stats2(), v.stab(), v.kind(), v.rate());
            let _ = v.typed_attrs().count();
        }
    }

    #[test]
    fn random_options_never_panic_and_round_trip(
        kind in prop::sample::select(KINDS.to_vec()),
        class in any::<bool>(),
        flagged in any::<bool>(),
        payload in prop::collection::vec(any::<u8>(), 0..160),
    ) {
        let object = if class { TcObject::Class } else { TcObject::Qdisc };
        let flag = if flagged { NLA_F_NESTED } else { 0 };
        let buf = build(object, kind, |b| {
            b.put(Tca::OPTIONS.0 | flag, &payload);
            b.put(Tca::XSTATS, &payload);
        });
        let s = check::walk(&buf);
        prop_assert_eq!(s.roundtrip_failures, 0, "{:?}", s);
        let v = view(&buf);
        let _ = (v.options(), v.xstats());
    }
}

/// Every kind [`Options`] or [`Xstats`] types.
const KINDS: [&str; 34] = [
    "pfifo",
    "bfifo",
    "pfifo_head_drop",
    "pfifo_fast",
    "prio",
    "multiq",
    "skbprio",
    "plug",
    "mq",
    "ingress",
    "clsact",
    "htb",
    "tbf",
    "cbs",
    "etf",
    "hfsc",
    "drr",
    "qfq",
    "ets",
    "mqprio",
    "taprio",
    "red",
    "choke",
    "sfb",
    "codel",
    "fq_codel",
    "pie",
    "fq_pie",
    "hhf",
    "fq",
    "sfq",
    "cake",
    "netem",
    "noqueue",
];

#[test]
fn every_kind_is_typed() {
    for kind in KINDS {
        let buf = build(TcObject::Qdisc, kind, |b| {
            b.put_struct(Tca::OPTIONS, &[0u8; 120]);
        });
        let o = view(&buf).options().unwrap().unwrap();
        assert_eq!(o.kind(), (kind != "noqueue").then_some(kind), "{kind}");
    }
}
