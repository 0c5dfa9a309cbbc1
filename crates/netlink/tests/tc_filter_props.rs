//! The typed classifiers round trip: random settings of u32, flower, basic, cgroup, fw,
//! route and flow, built as a request, read back (`Filter::settings`) equal, and built again
//! to the same bytes. Random options bytes under each kind never panic the reader.

use core::net::{Ipv4Addr, Ipv6Addr};

use netlink::Request;
use netlink::netlink_wire::rtnl::RTM_NEWTFILTER;
use netlink::netlink_wire::rtnl::tc::{
    ClsFlags, CtStateFlags, FlowKeys, FlowMode, FlowerKeyFlags, TcObjectMsg, TcU32Key, U32SelFlags,
    u32_handle,
};
use netlink::netlink_wire::{Flags, Msg};
use netlink::ops::tc::{
    Attach, Basic, Cgroup, Filter, FilterKind, FilterRequest, Flow, Flower, FlowerKey, Fw,
    MplsLseField, RawKind, Route, TcHandle, TunnelOptions, U32, U32Selector,
};
use proptest::prelude::*;

fn bytes_of(kind: &FilterKind, protocol: u16) -> Vec<u8> {
    let req = FilterRequest::new(Attach::ingress(3), 1, protocol, kind.clone());
    let mut buf = Vec::new();
    req.build(&mut buf, RTM_NEWTFILTER, Flags::REQUEST).unwrap();
    buf
}

fn read(bytes: &[u8]) -> Option<FilterKind> {
    let m = TcObjectMsg::parse(Msg::parse(bytes).unwrap()).unwrap();
    Filter::from_msg(&m).unwrap().settings().unwrap()
}

/// Built, read back equal, built again the same.
fn round_trip(kind: FilterKind, protocol: u16) -> Result<(), TestCaseError> {
    let bytes = bytes_of(&kind, protocol);
    let back = read(&bytes);
    prop_assert_eq!(back.as_ref(), Some(&kind));
    prop_assert_eq!(bytes_of(&back.unwrap(), protocol), bytes);
    Ok(())
}

fn handle() -> impl Strategy<Value = Option<TcHandle>> {
    proptest::option::of(any::<u32>().prop_map(TcHandle))
}

fn cls_flags() -> impl Strategy<Value = ClsFlags> {
    (0u32..4).prop_map(ClsFlags)
}

fn key() -> impl Strategy<Value = TcU32Key> {
    (any::<u32>(), any::<u32>(), any::<i32>(), any::<bool>()).prop_map(|(v, m, off, next)| {
        let mut k = TcU32Key::new(v, m, off);
        k.offmask.set(if next { -1 } else { 0 });
        k
    })
}

fn u32_kind() -> impl Strategy<Value = U32> {
    (
        proptest::option::of(1u32..=256),
        handle(),
        proptest::option::of(any::<u32>()),
        proptest::collection::vec(key(), 0..8),
        any::<(u32, i16, u16, i16, u16, u8)>(),
        0u8..16,
        cls_flags(),
        proptest::option::of("[a-z]{1,15}"),
    )
        .prop_map(
            |(divisor, classid, link, keys, (hm, ho, off, oo, om, os), f, flags, indev)| {
                let mut sel_flags = U32SelFlags(f & 0xe);
                if classid.is_some() {
                    sel_flags |= U32SelFlags::TERMINAL;
                }
                let sel = U32Selector::default()
                    .keys(keys)
                    .flags(sel_flags)
                    .hmask(hm)
                    .hoff(ho)
                    .off(off)
                    .offoff(oo)
                    .offmask(om)
                    .offshift(os);
                let mut u = U32::default().selector(sel).flags(flags);
                u.divisor = divisor;
                u.classid = classid;
                u.link = link.map(TcHandle);
                u.indev = indev;
                u.ht = Some(u32_handle(0x800, 0, 0));
                u
            },
        )
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..=max)
}

fn tunnel_opts() -> impl Strategy<Value = TunnelOptions> {
    prop_oneof![
        proptest::collection::vec((any::<u16>(), any::<u8>(), bytes(8)), 0..3)
            .prop_map(TunnelOptions::Geneve),
        any::<u32>().prop_map(TunnelOptions::Vxlan),
        any::<(u8, u32, u8, u8)>().prop_map(|(ver, index, dir, hwid)| TunnelOptions::Erspan {
            ver,
            index,
            dir,
            hwid
        }),
        any::<(Option<u8>, Option<u8>)>()
            .prop_map(|(pdu_type, qfi)| TunnelOptions::Gtp { pdu_type, qfi }),
    ]
}

fn lse_field() -> impl Strategy<Value = MplsLseField> {
    prop_oneof![
        any::<u8>().prop_map(MplsLseField::Depth),
        any::<u32>().prop_map(MplsLseField::Label),
        any::<u8>().prop_map(MplsLseField::Tc),
        any::<u8>().prop_map(MplsLseField::Bos),
        any::<u8>().prop_map(MplsLseField::Ttl),
    ]
}

fn flower_key() -> impl Strategy<Value = FlowerKey> {
    let v4 = any::<u32>().prop_map(Ipv4Addr::from);
    let v6 = any::<u128>().prop_map(Ipv6Addr::from);
    prop_oneof![
        any::<([u8; 6], [u8; 6])>().prop_map(|(a, m)| FlowerKey::EthDst(a, m)),
        any::<([u8; 6], [u8; 6])>().prop_map(|(a, m)| FlowerKey::ArpSha(a, m)),
        (v4.clone(), v4.clone()).prop_map(|(a, m)| FlowerKey::Ipv4Src(a, m)),
        (v4.clone(), v4).prop_map(|(a, m)| FlowerKey::EncIpv4Dst(a, m)),
        (v6.clone(), v6).prop_map(|(a, m)| FlowerKey::Ipv6Dst(a, m)),
        any::<(u16, u16)>().prop_map(|(a, m)| FlowerKey::TcpFlags(a, m)),
        any::<(u8, u8)>().prop_map(|(a, m)| FlowerKey::IpTos(a, m)),
        any::<(u8, u8)>().prop_map(|(a, m)| FlowerKey::Icmpv6Code(a, m)),
        any::<(u16, u16)>().prop_map(|(a, m)| FlowerKey::CtState(CtStateFlags(a), CtStateFlags(m))),
        any::<(u32, u32)>().prop_map(|(a, m)| FlowerKey::CtMark(a, m)),
        any::<u16>().prop_map(FlowerKey::VlanId),
        any::<u16>().prop_map(FlowerKey::CvlanEthType),
        any::<u8>().prop_map(FlowerKey::IpProto),
        any::<u16>().prop_map(FlowerKey::UdpDst),
        any::<u16>().prop_map(FlowerKey::SctpSrc),
        any::<(u16, u16)>().prop_map(|(p, m)| FlowerKey::TcpDstMasked(p, m)),
        any::<(u16, u16)>().prop_map(|(p, m)| FlowerKey::UdpSrcMasked(p, m)),
        (bytes(16), bytes(16)).prop_map(|(l, m)| FlowerKey::CtLabels(l, m)),
        proptest::collection::vec(proptest::collection::vec(lse_field(), 0..4), 0..3)
            .prop_map(FlowerKey::MplsStack),
        (tunnel_opts(), tunnel_opts()).prop_map(|(k, m)| FlowerKey::EncOpts(k, m)),
        any::<u32>().prop_map(FlowerKey::EncKeyId),
        any::<u32>().prop_map(FlowerKey::MplsLabel),
        any::<(u16, u16)>().prop_map(|(a, b)| FlowerKey::PortDstRange(a, b)),
    ]
}

/// Keys of distinct kinds: a dump holds each attribute once.
fn flower_kind() -> impl Strategy<Value = Flower> {
    (
        proptest::collection::vec(flower_key(), 0..10),
        handle(),
        cls_flags(),
        proptest::option::of((0u32..4, 0u32..4)),
        proptest::option::of("[a-z]{1,15}"),
    )
        .prop_map(|(keys, classid, flags, frag, indev)| {
            let mut seen = Vec::new();
            let keys = keys
                .into_iter()
                .filter(|k| {
                    let d = core::mem::discriminant(k);
                    let new = !seen.contains(&d);
                    seen.push(d);
                    new
                })
                .collect();
            let mut f = Flower::default().keys(keys).flags(flags);
            f.classid = classid;
            f.indev = indev;
            f.fragment = frag.map(|(s, m)| (FlowerKeyFlags(s), FlowerKeyFlags(m)));
            f
        })
}

fn other_kind() -> impl Strategy<Value = FilterKind> {
    // A tree of one attribute of 4 bytes: well framed, its contents random.
    let ematch = proptest::option::of(any::<u32>().prop_map(|v| {
        let mut e = vec![8, 0, 1, 0];
        e.extend(v.to_ne_bytes());
        e
    }));
    prop_oneof![
        (ematch.clone(), handle()).prop_map(|(e, c)| {
            let mut b = Basic::default();
            b.ematches = e;
            b.classid = c;
            FilterKind::from(b)
        }),
        ematch.prop_map(|e| {
            let mut c = Cgroup::default();
            c.ematches = e;
            FilterKind::from(c)
        }),
        (
            proptest::option::of(any::<u32>()),
            handle(),
            proptest::option::of("[a-z]{1,15}")
        )
            .prop_map(|(m, c, d)| {
                let mut f = Fw::default();
                f.mask = m;
                f.classid = c;
                f.indev = d;
                FilterKind::from(f)
            }),
        (
            proptest::option::of(any::<u32>()),
            proptest::option::of(0u32..256),
            proptest::option::of(0u32..256),
            handle()
        )
            .prop_map(|(i, t, fr, c)| {
                let mut r = Route::default();
                r.fromif = i;
                r.to = t;
                r.from = fr;
                r.classid = c;
                FilterKind::from(r)
            }),
        (
            any::<bool>(),
            1u32..0x4_0000,
            any::<[Option<u32>; 4]>(),
            handle(),
            any::<(u32, u32)>()
        )
            .prop_map(|(hash, keys, [r, a, d, p], c, (mask, xor))| {
                let mode = if hash { FlowMode::HASH } else { FlowMode::MAP };
                let mut f = Flow::new(mode, FlowKeys(keys)).mask(mask).xor(xor);
                f.divisor = d;
                f.baseclass = c;
                if hash {
                    f.perturb = p;
                } else {
                    f.rshift = r;
                    f.addend = a;
                }
                FilterKind::from(f)
            }),
    ]
}

proptest! {
    #[test]
    fn u32_settings_round_trip(u in u32_kind()) {
        round_trip(u.into(), 0x0800)?;
    }

    #[test]
    fn flower_settings_round_trip(f in flower_kind(), all in any::<bool>()) {
        round_trip(f.into(), if all { 0x0003 } else { 0x86dd })?;
    }

    #[test]
    fn the_other_classifiers_round_trip(k in other_kind()) {
        round_trip(k, 0x0800)?;
    }

    #[test]
    fn random_options_never_panic_the_reader(
        kind in prop_oneof![
            Just("u32"), Just("flower"), Just("basic"), Just("cgroup"), Just("fw"),
            Just("route"), Just("flow")
        ],
        options in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let bytes = bytes_of(&RawKind::with_options(kind, options).into(), 0x0800);
        let m = TcObjectMsg::parse(Msg::parse(&bytes).unwrap()).unwrap();
        if let Ok(f) = Filter::from_msg(&m) {
            let _ = f.settings();
        }
    }
}
