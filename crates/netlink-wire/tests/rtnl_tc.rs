//! Traffic control: for every qdisc, filter and action kind, typed options -> builder ->
//! parse -> equal (and the kind statistics likewise); the check walk of everything built
//! re-encodes every typed attribute to its own bytes; random bytes, as a whole message or as
//! one kind's options, never panic and never break a round trip.

use core::net::{Ipv4Addr, Ipv6Addr};
use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tc::*;

use netlink_wire::rtnl::{
    RTM_DELACTION, RTM_DELCHAIN, RTM_GETACTION, RTM_GETQDISC, RTM_NEWACTION, RTM_NEWCHAIN,
    RTM_NEWQDISC, RTM_NEWTCLASS, RTM_NEWTFILTER,
};
use netlink_wire::{
    Attr, AttrBuilder, AttrWrite, Attrs, Flags, MessageBuilder, Msg, Nested, StructView, check,
};
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

// ---------------------------------------------------------------------------------------------
// Filters and actions

/// Constructor `i` of `fs` (wrapping) applied to `v`: a typed attribute of one payload type.
fn pick<T, A>(fs: &[fn(T) -> A], i: usize, v: T) -> A {
    fs[i % fs.len()](v)
}

/// The attributes written by `write`, built into a list of their own: for values that only
/// decode from an attribute (nests, action lists, struct arrays).
fn built(write: impl FnOnce(&mut AttrBuilder<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = AttrBuilder::new(&mut buf);
    write(&mut b);
    b.finish().unwrap();
    buf
}

/// The first attribute of `list`.
fn first(list: &[u8]) -> Attr<'_> {
    Attrs::new(list).next().unwrap().unwrap()
}

/// Prebuilt attributes whose values the generators below take, each under the number of the
/// attribute that holds it (a nest's value keeps its number, so that a written value reads
/// back equal): action lists (a gact and a police), u32 selectors and counters, police nests,
/// classic BPF code, raw extended matches, tunnel options, MPLS label stacks, pedit's
/// extended keys and gate schedules.
struct Parts {
    bufs: std::collections::BTreeMap<(&'static str, u16), Vec<u8>>,
}

impl Parts {
    fn new(pool: &[u8]) -> Parts {
        let mut bufs = std::collections::BTreeMap::new();
        let mut add =
            |what: &'static str, numbers: &[u16], write: &dyn Fn(&mut AttrBuilder<'_>, u16)| {
                for &n in numbers {
                    bufs.insert((what, n), built(|b| write(b, n)));
                }
            };
        add("actions", &[1, 2, 3, 4, 6, 7, 9], &|b, n| {
            let mut list = b.nest(n);
            let mut a = put_action(&mut list, 1, "gact");
            put_action_options(&mut a).put(TcaGact::PARMS, &pool[..20]);
            drop(a);
            let mut a = put_action(&mut list, 2, "police");
            PoliceAttr::Rate64(7).write_to(&mut put_action_options(&mut a));
        });
        add("sel", &[TcaU32::SEL.0], &|b, n| {
            let keys: Vec<TcU32Key> = (0..3).map(|i| read(&pool[i * 16..])).collect();
            put_struct_array(b, n, &read::<TcU32Sel>(&pool[64..]), &keys);
        });
        add("pcnt", &[TcaU32::PCNT.0], &|b, n| {
            b.put(n, &pool[..32]);
        });
        add("police", &[2, 4, 5, 6, 10], &|b, n| {
            let mut p = b.nest(n);
            p.put(TcaPolice::TBF, &pool[..56]);
            PoliceAttr::Result(Verdict::PIPE).write_to(&mut p);
        });
        add("ops", &[4, 5], &|b, n| {
            b.put(n, &pool[..24]);
        });
        add("ematches", &[2, 3, 11], &|b, n| {
            b.nest(n).put(1u16, &[1, 0, 0, 0]);
        });
        add("enc_opts", &[84, 85, 11], &|b, n| {
            let mut o = b.nest(n | NLA_F_NESTED);
            {
                let mut g = o.nest(TcaTunnelOpts::GENEVE);
                GeneveOptAttr::Class(0x0102).write_to(&mut g);
                GeneveOptAttr::Data(&pool[..8]).write_to(&mut g);
            }
            {
                let mut e = o.nest(TcaTunnelOpts::ERSPAN.0 | NLA_F_NESTED);
                ErspanOptAttr::Ver(2).write_to(&mut e);
                ErspanOptAttr::Index(9).write_to(&mut e);
            }
            VxlanOptAttr::Gbp(5).write_to(&mut o.nest(TcaTunnelOpts::VXLAN));
            GtpOptAttr::Qfi(3).write_to(&mut o.nest(TcaTunnelOpts::GTP));
        });
        add("lse", &[TcaFlower::KEY_MPLS_OPTS.0], &|b, n| {
            let mut o = b.nest(n | NLA_F_NESTED);
            MplsLseAttr::Label(100).write_to(&mut o.nest(TcaFlowerMplsOpts::LSE));
        });
        add(
            "pedit",
            &[TcaPedit::PARMS.0, TcaPedit::PARMS_EX.0],
            &|b, n| {
                let keys: Vec<TcPeditKey> = (0..2).map(|i| read(&pool[i * 24..])).collect();
                put_struct_array(b, n, &read::<TcPeditSel>(&pool[100..]), &keys);
            },
        );
        add("keys_ex", &[TcaPedit::KEYS_EX.0], &|b, n| {
            let mut o = b.nest(n | NLA_F_NESTED);
            let mut k = o.nest(TcaPedit::KEY_EX.0 | NLA_F_NESTED);
            PeditKeyExAttr::Htype(PeditHeader::TCP).write_to(&mut k);
            PeditKeyExAttr::Cmd(PeditCmd::ADD).write_to(&mut k);
        });
        add("gate", &[TcaGate::ENTRY_LIST.0], &|b, n| {
            let mut o = b.nest(n | NLA_F_NESTED);
            let mut e = o.nest(TcaGateList::ENTRY.0 | NLA_F_NESTED);
            GateEntryAttr::Gate(()).write_to(&mut e);
            GateEntryAttr::Interval(5).write_to(&mut e);
            GateEntryAttr::MaxOctets(-1).write_to(&mut e);
        });
        Parts { bufs }
    }

    /// The prebuilt attribute `what` numbered `n`.
    fn get(&self, what: &'static str, n: impl Into<u16>) -> Attr<'_> {
        first(&self.bufs[&(what, n.into())])
    }

    fn actions(&self, n: impl Into<u16>) -> ActionList<'_> {
        ActionList::new(self.get("actions", n))
    }

    fn police(&self, n: impl Into<u16>) -> Nested<'_, TcaPolice> {
        Nested::new(self.get("police", n))
    }

    fn nest<S>(&self, what: &'static str, n: impl Into<u16>) -> Nested<'_, S> {
        Nested::new(self.get(what, n))
    }
}

/// The kinds' attributes from a selector and a number: every variant of each filter kind's
/// table is reachable.
fn flower_attr<'a>(i: usize, v: u64, pool: &'a [u8], parts: &'a Parts) -> FlowerAttr<'a> {
    use FlowerAttr as F;
    let j = i / 16;
    match i % 16 {
        0 => pick(
            &[
                F::KeyIpProto,
                F::KeyVlanPrio,
                F::KeyCvlanPrio,
                F::KeyIcmpv4Code,
                F::KeyIcmpv4CodeMask,
                F::KeyIcmpv4Type,
                F::KeyIcmpv4TypeMask,
                F::KeyIcmpv6Code,
                F::KeyIcmpv6CodeMask,
                F::KeyIcmpv6Type,
                F::KeyIcmpv6TypeMask,
                F::KeyArpOp,
                F::KeyArpOpMask,
                F::KeyMplsTtl,
                F::KeyMplsBos,
                F::KeyMplsTc,
                F::KeyIpTos,
                F::KeyIpTosMask,
                F::KeyIpTtl,
                F::KeyIpTtlMask,
                F::KeyEncIpTos,
                F::KeyEncIpTosMask,
                F::KeyEncIpTtl,
                F::KeyEncIpTtlMask,
                F::KeyNumOfVlans,
            ],
            j,
            v as u8,
        ),
        1 => pick(
            &[
                F::KeyEthType,
                F::KeyTcpSrc,
                F::KeyTcpDst,
                F::KeyUdpSrc,
                F::KeyUdpDst,
                F::KeyVlanId,
                F::KeyVlanEthType,
                F::KeyEncUdpSrcPort,
                F::KeyEncUdpSrcPortMask,
                F::KeyEncUdpDstPort,
                F::KeyEncUdpDstPortMask,
                F::KeyTcpSrcMask,
                F::KeyTcpDstMask,
                F::KeyUdpSrcMask,
                F::KeyUdpDstMask,
                F::KeySctpSrcMask,
                F::KeySctpDstMask,
                F::KeySctpSrc,
                F::KeySctpDst,
                F::KeyTcpFlags,
                F::KeyTcpFlagsMask,
                F::KeyCvlanId,
                F::KeyCvlanEthType,
                F::KeyPortSrcMin,
                F::KeyPortSrcMax,
                F::KeyPortDstMin,
                F::KeyPortDstMax,
                F::KeyCtZone,
                F::KeyCtZoneMask,
                F::KeyPppoeSid,
                F::KeyPppProto,
            ],
            j,
            v as u16,
        ),
        2 => pick(
            &[
                F::KeyEncKeyId,
                F::KeyFlags,
                F::KeyFlagsMask,
                F::KeyMplsLabel,
                F::InHwCount,
                F::KeyCtMark,
                F::KeyCtMarkMask,
                F::KeyHash,
                F::KeyHashMask,
                F::KeyL2tpv3Sid,
            ],
            j,
            v as u32,
        ),
        3 => pick(
            &[
                F::KeyEthDst,
                F::KeyEthDstMask,
                F::KeyEthSrc,
                F::KeyEthSrcMask,
                F::KeyArpSha,
                F::KeyArpShaMask,
                F::KeyArpTha,
                F::KeyArpThaMask,
            ],
            j,
            read::<[u8; 6]>(&v.to_ne_bytes()),
        ),
        4 => pick(
            &[
                F::KeyIpv4Src,
                F::KeyIpv4SrcMask,
                F::KeyIpv4Dst,
                F::KeyIpv4DstMask,
                F::KeyEncIpv4Src,
                F::KeyEncIpv4SrcMask,
                F::KeyEncIpv4Dst,
                F::KeyEncIpv4DstMask,
                F::KeyArpSip,
                F::KeyArpSipMask,
                F::KeyArpTip,
                F::KeyArpTipMask,
            ],
            j,
            Ipv4Addr::from(v as u32),
        ),
        5 => pick(
            &[
                F::KeyIpv6Src,
                F::KeyIpv6SrcMask,
                F::KeyIpv6Dst,
                F::KeyIpv6DstMask,
                F::KeyEncIpv6Src,
                F::KeyEncIpv6SrcMask,
                F::KeyEncIpv6Dst,
                F::KeyEncIpv6DstMask,
            ],
            j,
            Ipv6Addr::from(u128::from(v) << 64 | u128::from(v)),
        ),
        6 => pick(
            &[F::KeyCtLabels, F::KeyCtLabelsMask],
            j,
            &pool[..(v % 17) as usize],
        ),
        7 => F::KeyCtState(CtStateFlags(v as u16)),
        8 => F::KeyCtStateMask(CtStateFlags(v as u16)),
        9 => F::Flags(ClsFlags(v as u32)),
        10 => F::Classid(TcHandle(v as u32)),
        11 => F::Indev(["v0", "eth0", ""][j % 3]),
        12 => F::Act(parts.actions(TcaFlower::ACT)),
        13 => match j % 2 {
            0 => F::KeyEncOpts(parts.nest("enc_opts", TcaFlower::KEY_ENC_OPTS)),
            _ => F::KeyEncOptsMask(parts.nest("enc_opts", TcaFlower::KEY_ENC_OPTS_MASK)),
        },
        14 => F::KeyMplsOpts(parts.nest("lse", TcaFlower::KEY_MPLS_OPTS)),
        _ => F::KeyFlagsMask(v as u32),
    }
}

/// The actions of the action message in `buf`.
fn actions_of(buf: &[u8]) -> Vec<(u16, Action<'_>)> {
    let m = ActionMsg::parse(Msg::parse(buf).unwrap()).unwrap();
    m.actions()
        .unwrap()
        .unwrap()
        .iter()
        .map(Result::unwrap)
        .collect()
}

/// Writes one action of `kind` whose options are `attrs` (in a flagged nest, as `tc` does)
/// into an `RTM_NEWACTION`, with a cookie and flags after them.
fn action_message(
    kind: &str,
    write: impl FnOnce(&mut netlink_wire::Nest<'_>),
    cookie: &[u8],
) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b =
        ActionMsg::builder(&mut buf, RTM_NEWACTION, Flags::REQUEST, &TcaMsg::default()).unwrap();
    {
        let mut tab = b.nest(TcaRoot::TAB);
        let mut a = put_action(&mut tab, 1, kind);
        write(&mut put_action_options(&mut a));
        ActionAttr::Cookie(cookie).write_to(&mut a);
        ActionAttr::Flags(StructView::new(&[2, 0, 0, 0, 2, 0, 0, 0])).write_to(&mut a);
    }
    b.finish().unwrap();
    buf
}

/// Typed attributes from `pairs` through `make`, written as the options of one action of
/// `kind`; built, parsed: the kind's variant of [`ActOptions`] must hold them all, equal and
/// in order, and the action its cookie.
macro_rules! act_kind {
    ($pairs:expr, $kind:literal, $Variant:ident, $make:expr) => {{
        let attrs: Vec<_> = $pairs
            .iter()
            .map(|&(i, v): &(usize, u64)| $make(i, v))
            .collect();
        let cookie = [7u8; 9];
        let buf = action_message(
            $kind,
            |o| {
                for a in &attrs {
                    a.write_to(o);
                }
            },
            &cookie,
        );
        clean(&buf)?;
        let (order, a) = actions_of(&buf)[0];
        prop_assert_eq!((order, a.kind().unwrap()), (1, Some($kind)));
        prop_assert_eq!(a.cookie().unwrap(), Some(&cookie[..]));
        let Some(ActOptions::$Variant(n)) = a.options().unwrap() else {
            panic!("{}: {:?}", $kind, a.options())
        };
        prop_assert!(n.is_flagged());
        let got: Vec<_> = n.typed().map(Result::unwrap).collect();
        prop_assert_eq!(got, attrs, "{}", $kind);
    }};
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn filter_kinds_round_trip(p in pairs(), pool in pool()) {
        let parts = Parts::new(&pool);
        let f = TcObject::Filter;
        nest_kind!(p, f, "flower", false, Flower, |i: usize, v: u64| flower_attr(i, v, &pool, &parts));
        nest_kind!(p, TcObject::Chain, "flower", false, Flower, |i: usize, v: u64| flower_attr(i, v, &pool, &parts));
        let sel = U32Sel::parse(parts.get("sel", TcaU32::SEL)).unwrap();
        let pcnt = U32Pcnt::parse(parts.get("pcnt", TcaU32::PCNT)).unwrap();
        nest_kind!(p, f, "u32", false, U32, |i: usize, v: u64| match i % 9 {
            0 => U32Attr::Classid(TcHandle(v as u32)),
            1 => pick(&[U32Attr::Hash, U32Attr::Link, U32Attr::Divisor], i / 9, v as u32),
            2 => U32Attr::Sel(sel),
            3 => U32Attr::Police(parts.police(TcaU32::POLICE)),
            4 => U32Attr::Act(parts.actions(TcaU32::ACT)),
            5 => U32Attr::Indev("v1"),
            6 => U32Attr::Pcnt(pcnt),
            7 => U32Attr::Mark(sv(&pool, 12)),
            _ => U32Attr::Flags(ClsFlags(v as u32)),
        });
        nest_kind!(p, f, "matchall", false, Matchall, |i: usize, v: u64| match i % 4 {
            0 => MatchallAttr::Classid(TcHandle(v as u32)),
            1 => MatchallAttr::Act(parts.actions(TcaMatchall::ACT)),
            2 => MatchallAttr::Flags(ClsFlags(v as u32)),
            _ => MatchallAttr::Pcnt(sv(&pool, 8)),
        });
        nest_kind!(p, f, "basic", false, Basic, |i: usize, v: u64| match i % 5 {
            0 => BasicAttr::Classid(TcHandle(v as u32)),
            1 => BasicAttr::Ematches(parts.nest("ematches", TcaBasic::EMATCHES)),
            2 => BasicAttr::Act(parts.actions(TcaBasic::ACT)),
            3 => BasicAttr::Police(parts.police(TcaBasic::POLICE)),
            _ => BasicAttr::Pcnt(sv(&pool, 16)),
        });
        let ops = BpfOps::parse(parts.get("ops", TcaBpf::OPS)).unwrap();
        nest_kind!(p, f, "bpf", false, Bpf, |i: usize, v: u64| match i % 10 {
            0 => BpfAttr::Act(parts.actions(TcaBpf::ACT)),
            1 => BpfAttr::Police(parts.police(TcaBpf::POLICE)),
            2 => BpfAttr::Classid(TcHandle(v as u32)),
            3 => BpfAttr::OpsLen(v as u16),
            4 => BpfAttr::Ops(ops),
            5 => pick(&[BpfAttr::Fd, BpfAttr::Id], i / 10, v as u32),
            6 => BpfAttr::Name("prog:[sec]"),
            7 => BpfAttr::Flags(BpfFlags(v as u32)),
            8 => BpfAttr::FlagsGen(ClsFlags(v as u32)),
            _ => BpfAttr::Tag(&pool[..8]),
        });
        nest_kind!(p, f, "fw", false, Fw, |i: usize, v: u64| match i % 5 {
            0 => FwAttr::Classid(TcHandle(v as u32)),
            1 => FwAttr::Police(parts.police(TcaFw::POLICE)),
            2 => FwAttr::Indev("lo"),
            3 => FwAttr::Act(parts.actions(TcaFw::ACT)),
            _ => FwAttr::Mask(v as u32),
        });
        nest_kind!(p, f, "route", false, Route, |i: usize, v: u64| match i % 4 {
            0 => Route4Attr::Classid(TcHandle(v as u32)),
            1 => pick(&[Route4Attr::To, Route4Attr::From, Route4Attr::Iif], i / 4, v as u32),
            2 => Route4Attr::Police(parts.police(TcaRoute4::POLICE)),
            _ => Route4Attr::Act(parts.actions(TcaRoute4::ACT)),
        });
        nest_kind!(p, f, "cgroup", false, Cgroup, |i: usize, _| match i % 3 {
            0 => CgroupAttr::Act(parts.actions(TcaCgroup::ACT)),
            1 => CgroupAttr::Police(parts.police(TcaCgroup::POLICE)),
            _ => CgroupAttr::Ematches(parts.nest("ematches", TcaCgroup::EMATCHES)),
        });
        nest_kind!(p, f, "flow", false, Flow, |i: usize, v: u64| match i % 8 {
            0 => FlowAttr::Keys(FlowKeys(v as u32)),
            1 => FlowAttr::Mode(FlowMode(v as u32)),
            2 => FlowAttr::Baseclass(TcHandle(v as u32)),
            3 => pick(
                &[FlowAttr::Rshift, FlowAttr::Addend, FlowAttr::Mask, FlowAttr::Xor, FlowAttr::Divisor, FlowAttr::Perturb],
                i / 8,
                v as u32,
            ),
            4 => FlowAttr::Act(parts.actions(TcaFlow::ACT)),
            5 => FlowAttr::Police(parts.police(TcaFlow::POLICE)),
            6 => FlowAttr::Ematches(parts.nest("ematches", TcaFlow::EMATCHES)),
            _ => FlowAttr::Divisor(v as u32),
        });
    }

    #[test]
    fn action_kinds_round_trip(p in pairs(), pool in pool()) {
        let table = RateTable::from_bytes(&pool).unwrap();
        let tm = |n: usize| sv::<TcfT>(&pool, 32.min(n));
        act_kind!(p, "gact", Gact, |i: usize, _| match i % 4 {
            0 => GactAttr::Tm(tm(32)),
            1 => GactAttr::Parms(sv(&pool, 20)),
            2 => GactAttr::Prob(sv(&pool, 8)),
            _ => GactAttr::Pad(&pool[..0]),
        });
        act_kind!(p, "mirred", Mirred, |i: usize, _| match i % 2 {
            0 => MirredAttr::Tm(tm(32)),
            _ => MirredAttr::Parms(sv(&pool, 28)),
        });
        act_kind!(p, "police", Police, |i: usize, v: u64| match i % 8 {
            0 => PoliceAttr::Tbf(sv(&pool, 56)),
            1 => PoliceAttr::Rate(table),
            2 => PoliceAttr::Peakrate(table),
            3 => PoliceAttr::Avrate(v as u32),
            4 => PoliceAttr::Result(Verdict(v as i32)),
            5 => PoliceAttr::Tm(tm(32)),
            _ => pick(
                &[PoliceAttr::Rate64, PoliceAttr::Peakrate64, PoliceAttr::Pktrate64, PoliceAttr::Pktburst64],
                i / 8,
                v,
            ),
        });
        act_kind!(p, "skbedit", Skbedit, |i: usize, v: u64| match i % 7 {
            0 => SkbeditAttr::Parms(sv(&pool, 20)),
            1 => SkbeditAttr::Priority(TcHandle(v as u32)),
            2 => pick(&[SkbeditAttr::QueueMapping, SkbeditAttr::QueueMappingMax], i / 7, v as u16),
            3 => pick(&[SkbeditAttr::Mark, SkbeditAttr::Mask], i / 7, v as u32),
            4 => SkbeditAttr::Ptype(PacketType(v as u16)),
            5 => SkbeditAttr::Flags(SkbeditFlags(v)),
            _ => SkbeditAttr::Tm(tm(32)),
        });
        act_kind!(p, "vlan", Vlan, |i: usize, v: u64| match i % 6 {
            0 => VlanAttr::Parms(sv(&pool, 24)),
            1 => pick(&[VlanAttr::PushVlanId, VlanAttr::PushVlanProtocol], i / 6, v as u16),
            2 => VlanAttr::PushVlanPriority(v as u8),
            3 => pick(&[VlanAttr::PushEthDst, VlanAttr::PushEthSrc], i / 6, read::<[u8; 6]>(&v.to_ne_bytes())),
            4 => VlanAttr::Tm(tm(32)),
            _ => VlanAttr::Pad(&pool[..0]),
        });
        let parts = Parts::new(&pool);
        let parms = PeditSel::parse(parts.get("pedit", TcaPedit::PARMS)).unwrap();
        let parms_ex = PeditSel::parse(parts.get("pedit", TcaPedit::PARMS_EX)).unwrap();
        act_kind!(p, "pedit", Pedit, |i: usize, _| match i % 4 {
            0 => PeditAttr::Parms(parms),
            1 => PeditAttr::ParmsEx(parms_ex),
            2 => PeditAttr::KeysEx(parts.nest("keys_ex", TcaPedit::KEYS_EX)),
            _ => PeditAttr::Tm(tm(32)),
        });
        act_kind!(p, "csum", Csum, |i: usize, _| match i % 2 {
            0 => CsumAttr::Parms(sv(&pool, 24)),
            _ => CsumAttr::Tm(tm(32)),
        });
        act_kind!(p, "nat", Nat, |i: usize, _| match i % 2 {
            0 => NatAttr::Parms(sv(&pool, 36)),
            _ => NatAttr::Tm(tm(32)),
        });
        act_kind!(p, "tunnel_key", TunnelKey, |i: usize, v: u64| match i % 9 {
            0 => TunnelKeyAttr::Parms(sv(&pool, 24)),
            1 => pick(&[TunnelKeyAttr::EncIpv4Src, TunnelKeyAttr::EncIpv4Dst], i / 9, Ipv4Addr::from(v as u32)),
            2 => pick(&[TunnelKeyAttr::EncIpv6Src, TunnelKeyAttr::EncIpv6Dst], i / 9, Ipv6Addr::from(u128::from(v))),
            3 => TunnelKeyAttr::EncKeyId(v as u32),
            4 => TunnelKeyAttr::EncDstPort(v as u16),
            5 => pick(&[TunnelKeyAttr::NoCsum, TunnelKeyAttr::EncTos, TunnelKeyAttr::EncTtl], i / 9, v as u8),
            6 => TunnelKeyAttr::EncOpts(parts.nest("enc_opts", TcaTunnelKey::ENC_OPTS)),
            7 => TunnelKeyAttr::Tm(tm(32)),
            _ => TunnelKeyAttr::Pad(&pool[..0]),
        });
        act_kind!(p, "sample", Sample, |i: usize, v: u64| match i % 3 {
            0 => SampleAttr::Parms(sv(&pool, 20)),
            1 => pick(&[SampleAttr::Rate, SampleAttr::TruncSize, SampleAttr::PsampleGroup], i / 3, v as u32),
            _ => SampleAttr::Tm(tm(32)),
        });
        act_kind!(p, "ct", Ct, |i: usize, v: u64| match i % 9 {
            0 => CtAttr::Parms(sv(&pool, 20)),
            1 => CtAttr::Action(CtActFlags(v as u16)),
            2 => CtAttr::Zone(v as u16),
            3 => pick(&[CtAttr::Mark, CtAttr::MarkMask], i / 9, v as u32),
            4 => pick(&[CtAttr::Labels, CtAttr::LabelsMask], i / 9, &pool[..(v % 17) as usize]),
            5 => pick(&[CtAttr::NatIpv4Min, CtAttr::NatIpv4Max], i / 9, Ipv4Addr::from(v as u32)),
            6 => pick(&[CtAttr::NatIpv6Min, CtAttr::NatIpv6Max], i / 9, Ipv6Addr::from(u128::from(v))),
            7 => pick(&[CtAttr::NatPortMin, CtAttr::NatPortMax], i / 9, v as u16),
            _ => CtAttr::Tm(tm(32)),
        });
        act_kind!(p, "connmark", Connmark, |i: usize, _| match i % 2 {
            0 => ConnmarkAttr::Parms(sv(&pool, 24)),
            _ => ConnmarkAttr::Tm(tm(32)),
        });
        act_kind!(p, "ctinfo", Ctinfo, |i: usize, v: u64| match i % 5 {
            0 => CtinfoAttr::Act(sv(&pool, 20)),
            1 => CtinfoAttr::Zone(v as u16),
            2 => pick(
                &[CtinfoAttr::ParmsDscpMask, CtinfoAttr::ParmsDscpStatemask, CtinfoAttr::ParmsCpmarkMask],
                i / 5,
                v as u32,
            ),
            3 => pick(
                &[CtinfoAttr::StatsDscpSet, CtinfoAttr::StatsDscpError, CtinfoAttr::StatsCpmarkSet],
                i / 5,
                v,
            ),
            _ => CtinfoAttr::Tm(tm(32)),
        });
        act_kind!(p, "mpls", Mpls, |i: usize, v: u64| match i % 5 {
            0 => MplsAttr::Parms(sv(&pool, 24)),
            1 => MplsAttr::Proto(v as u16),
            2 => MplsAttr::Label(v as u32),
            3 => pick(&[MplsAttr::Tc, MplsAttr::Ttl, MplsAttr::Bos], i / 5, v as u8),
            _ => MplsAttr::Tm(tm(32)),
        });
        let ops = BpfOps::parse(parts.get("ops", TcaActBpf::OPS)).unwrap();
        act_kind!(p, "bpf", Bpf, |i: usize, v: u64| match i % 7 {
            0 => ActBpfAttr::Parms(sv(&pool, 20)),
            1 => ActBpfAttr::OpsLen(v as u16),
            2 => ActBpfAttr::Ops(ops),
            3 => pick(&[ActBpfAttr::Fd, ActBpfAttr::Id], i / 7, v as u32),
            4 => ActBpfAttr::Name("prog"),
            5 => ActBpfAttr::Tag(&pool[..8]),
            _ => ActBpfAttr::Tm(tm(32)),
        });
        act_kind!(p, "skbmod", Skbmod, |i: usize, v: u64| match i % 4 {
            0 => SkbmodAttr::Parms(sv(&pool, 32)),
            1 => pick(&[SkbmodAttr::Dmac, SkbmodAttr::Smac], i / 4, read::<[u8; 6]>(&v.to_ne_bytes())),
            2 => SkbmodAttr::Etype(v as u16),
            _ => SkbmodAttr::Tm(tm(32)),
        });
        act_kind!(p, "gate", Gate, |i: usize, v: u64| match i % 7 {
            0 => GateAttr::Parms(sv(&pool, 20)),
            1 => pick(&[GateAttr::Priority, GateAttr::Clockid], i / 7, v as i32),
            2 => GateAttr::EntryList(parts.nest("gate", TcaGate::ENTRY_LIST)),
            3 => pick(&[GateAttr::BaseTime, GateAttr::CycleTime, GateAttr::CycleTimeExt], i / 7, v),
            4 => GateAttr::Flags(v as u32),
            5 => GateAttr::Tm(tm(32)),
            _ => GateAttr::Pad(&pool[..0]),
        });
    }

    #[test]
    fn action_messages_round_trip(
        kinds in prop::collection::vec(prop::sample::select(ACTION_KINDS.to_vec()), 0..6),
        index in any::<u32>(),
        count in any::<u32>(),
        flags in any::<(u32, u32)>(),
        stats in prop::collection::vec(any::<u8>(), 40),
        t in prop::sample::select(vec![RTM_NEWACTION, RTM_DELACTION, RTM_GETACTION]),
    ) {
        // An action message with every top-level attribute and every TCA_ACT_* one, actions
        // numbered from 0 as the kernel's dumps number them.
        let mut buf = Vec::new();
        let mut b = ActionMsg::builder(&mut buf, t, Flags::MULTI, &TcaMsg::default()).unwrap();
        RootAttr::Count(count).write_to(&mut b);
        RootAttr::TimeDelta(index).write_to(&mut b);
        RootAttr::ExtWarnMsg("warning").write_to(&mut b);
        b.put_struct(TcaRoot::FLAGS, &NlaBitfield32::new(flags.0, flags.1));
        {
            let mut tab = b.nest(TcaRoot::TAB);
            for (n, kind) in kinds.iter().enumerate() {
                let mut a = put_action(&mut tab, n as u16, kind);
                ActionAttr::Index(index).write_to(&mut a);
                {
                    let mut s = a.nest(TcaAct::STATS);
                    StatsAttr::Basic(sv(&stats, 16)).write_to(&mut s);
                    StatsAttr::BasicHw(sv(&stats, 16)).write_to(&mut s);
                    StatsAttr::Queue(sv(&stats, 20)).write_to(&mut s);
                }
                ActionAttr::Cookie(&stats[..16]).write_to(&mut a);
                a.put_struct(TcaAct::HW_STATS, &NlaBitfield32::new(flags.0, 3));
                a.put_struct(TcaAct::USED_HW_STATS, &NlaBitfield32::new(flags.1, 3));
                ActionAttr::InHwCount(count).write_to(&mut a);
                put_action_options(&mut a).nest(1u16).put(2u16, &stats[..8]);
            }
        }
        b.finish().unwrap();
        // Options of random shape may not fit their kind's types: the walk may count typed
        // errors there, never a broken round trip.
        let s = check::walk(&buf);
        prop_assert_eq!((s.errors, s.roundtrip_failures), (0, 0), "{:?}", s);
        let m = ActionMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!((m.count().unwrap(), m.time_delta().unwrap()), (Some(count), Some(index)));
        prop_assert_eq!(m.ext_warn_msg().unwrap(), Some("warning"));
        let f = m.flags().unwrap().unwrap().get();
        prop_assert_eq!((f.value.get(), f.selector.get()), flags);
        let got: Vec<_> = m.actions().unwrap().unwrap().iter().map(Result::unwrap).collect();
        prop_assert_eq!(got.len(), kinds.len());
        for (n, ((order, a), kind)) in got.iter().zip(&kinds).enumerate() {
            prop_assert_eq!(usize::from(*order), n);
            prop_assert_eq!(a.kind().unwrap(), Some(*kind));
            prop_assert_eq!((a.index().unwrap(), a.in_hw_count().unwrap()), (Some(index), Some(count)));
            prop_assert_eq!(a.cookie().unwrap(), Some(&stats[..16]));
            let st = Stats2::from(a.stats().unwrap().unwrap());
            prop_assert_eq!(st.basic_hw().unwrap().unwrap().get(), read::<GnetStatsBasic>(&stats));
            prop_assert_eq!(HwStats(a.used_hw_stats().unwrap().unwrap().get().value.get()), HwStats(flags.1));
            let options = a.options().unwrap().unwrap();
            prop_assert_eq!(options.kind(), Some(*kind));
        }
    }

    #[test]
    fn random_action_messages_and_options_never_panic(
        t in prop::sample::select(vec![RTM_NEWACTION, RTM_DELACTION, RTM_GETACTION]),
        kind in prop::sample::select(ACTION_KINDS.to_vec()),
        body in prop::collection::vec(any::<u8>(), 0..200),
        flagged in any::<bool>(),
    ) {
        let s = check::walk_as(t, &body);
        prop_assert_eq!(s.roundtrip_failures, 0);
        let header = netlink_wire::Header::new(0, t, Flags::EMPTY, 0, 0);
        if let Ok(v) = ActionMsg::parse(Msg::from_parts(&header, &body)) {
            let _ = (v.count(), v.flags(), v.ext_warn_msg());
            if let Ok(Some(list)) = v.actions() {
                for a in list.iter().flatten() {
                    let _ = (a.1.options(), a.1.kind(), a.1.stats(), a.1.cookie());
                }
            }
        }
        // Random bytes as the options of each kind.
        let buf = action_message(
            kind,
            |o| {
                o.put(if flagged { NLA_F_NESTED | 1 } else { 1 }, &body);
                o.put_raw(&body);
            },
            &[],
        );
        let s = check::walk(&buf);
        prop_assert_eq!(s.roundtrip_failures, 0, "{:?}", s);
    }

    #[test]
    fn random_filter_options_never_panic_and_round_trip(
        kind in prop::sample::select(FILTER_KINDS.to_vec()),
        chain in any::<bool>(),
        flagged in any::<bool>(),
        payload in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let object = if chain { TcObject::Chain } else { TcObject::Filter };
        let flag = if flagged { NLA_F_NESTED } else { 0 };
        let buf = build(object, kind, |b| {
            b.put(Tca::OPTIONS.0 | flag, &payload);
        });
        let s = check::walk(&buf);
        prop_assert_eq!(s.roundtrip_failures, 0, "{:?}", s);
        let _ = view(&buf).options();
    }
}

/// Every action kind [`ActOptions`] types.
const ACTION_KINDS: [&str; 17] = [
    "gact",
    "mirred",
    "police",
    "skbedit",
    "vlan",
    "pedit",
    "csum",
    "nat",
    "tunnel_key",
    "sample",
    "ct",
    "connmark",
    "ctinfo",
    "mpls",
    "bpf",
    "skbmod",
    "gate",
];

/// Every filter kind [`Options`] types.
const FILTER_KINDS: [&str; 9] = [
    "u32", "flower", "matchall", "basic", "bpf", "fw", "route", "cgroup", "flow",
];

#[test]
fn every_filter_and_action_kind_is_typed() {
    for kind in FILTER_KINDS {
        let buf = build(TcObject::Filter, kind, |b| {
            b.nest(Tca::OPTIONS).end();
        });
        let o = view(&buf).options().unwrap().unwrap();
        assert_eq!(o.kind(), Some(kind), "{kind}");
    }
    for kind in ACTION_KINDS {
        let buf = action_message(kind, |_| {}, &[]);
        let (_, a) = actions_of(&buf)[0];
        assert_eq!(a.options().unwrap().unwrap().kind(), Some(kind), "{kind}");
    }
}
