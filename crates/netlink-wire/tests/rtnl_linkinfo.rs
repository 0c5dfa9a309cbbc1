//! Property tests of the link-kind tables (`IFLA_LINKINFO` in `rtnl::link`, the per-kind
//! spaces of `rtnl::linkinfo`): typed attributes -> builder -> parse -> equal, for every
//! attribute space; random bytes never panic a view; the captured link dump decodes with no
//! typed error; and the 57 captured `ip link add` requests are rebuilt from their typed
//! attributes byte for byte.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_wire::attr::{AttrBuilder, AttrWrite, Attrs};
use netlink_wire::check::Walker;
use netlink_wire::rtnl::link::{
    IfInfoMsg, Ifla, IflaInfo, InfoAttr, KindData, KindName, LinkAttr, LinkInfo, LinkMsg,
    SlaveData, VethAttr, VethData, VethInfo,
};
use netlink_wire::rtnl::linkinfo::*;
use netlink_wire::rtnl::{AddressFamily, RTM_NEWLINK, Table};
use netlink_wire::typed::Check;
use netlink_wire::{Messages, Msg, StructView, TypedAttr, check};
use proptest::prelude::*;
use zerocopy::IntoBytes;
use zerocopy::byteorder::native_endian::U32;

/// A `'static` view of kernel struct `v`, for strategies of typed values (leaked: test only).
fn leak<T: IntoBytes + zerocopy::Immutable, U>(v: T) -> StructView<'static, U> {
    StructView::new(Box::leak(v.as_bytes().to_vec().into_boxed_slice()))
}

/// Decodes the check walk of one value: typed items and typed errors.
fn walked(v: &impl Check) -> (usize, usize) {
    let mut w = Walker::new();
    v.check(&mut w);
    (w.summary.typed, w.summary.typed_errors)
}

/// Builds one attribute `kind` with `payload` alone in a buffer.
fn one(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = AttrBuilder::new(&mut buf);
    b.put(kind, payload);
    b.finish().unwrap();
    buf
}

/// Decodes the only attribute in `buf` as `T`.
fn decode<'a, T: TypedAttr<'a>>(buf: &'a [u8]) -> netlink_wire::Result<T> {
    T::decode(Attrs::new(buf).next().unwrap().unwrap())
}

/// For any attribute number and payload of one attribute space: when it decodes, writing the
/// typed value back and decoding that gives the same value, and writing that again gives the
/// same bytes (the encoding is canonical after one round).
macro_rules! reencode_is_stable {
    ($name:ident, $Attr:ident, $max:literal) => {
        proptest! {
            #[test]
            fn $name(kind in 0u16..$max, payload in prop::collection::vec(any::<u8>(), 0..24)) {
                let buf = one(kind, &payload);
                if let Ok(first) = decode::<$Attr<'_>>(&buf) {
                    prop_assert_eq!(first.kind().0, kind);
                    let mut again = Vec::new();
                    let mut b = AttrBuilder::new(&mut again);
                    first.write_to(&mut b);
                    b.finish().unwrap();
                    let second = decode::<$Attr<'_>>(&again).unwrap();
                    prop_assert_eq!(second, first);
                    let mut third = Vec::new();
                    let mut b = AttrBuilder::new(&mut third);
                    second.write_to(&mut b);
                    b.finish().unwrap();
                    prop_assert_eq!(&third, &again);
                }
            }
        }
    };
}

reencode_is_stable!(info_attrs_reencode, InfoAttr, 8);
reencode_is_stable!(veth_attrs_reencode, VethAttr, 4);
reencode_is_stable!(bridge_attrs_reencode, BridgeAttr, 56);
reencode_is_stable!(bridge_port_attrs_reencode, BridgePortAttr, 50);
reencode_is_stable!(vlan_attrs_reencode, VlanAttr, 8);
reencode_is_stable!(vlan_qos_attrs_reencode, VlanQosAttr, 4);
reencode_is_stable!(vxlan_attrs_reencode, VxlanAttr, 40);
reencode_is_stable!(bond_attrs_reencode, BondAttr, 40);
reencode_is_stable!(bond_ad_info_attrs_reencode, BondAdInfoAttr, 8);
reencode_is_stable!(bond_slave_attrs_reencode, BondSlaveAttr, 16);
reencode_is_stable!(macvlan_attrs_reencode, MacvlanAttr, 12);
reencode_is_stable!(ipvlan_attrs_reencode, IpvlanAttr, 4);
reencode_is_stable!(vrf_attrs_reencode, VrfAttr, 4);
reencode_is_stable!(vrf_port_attrs_reencode, VrfPortAttr, 4);
reencode_is_stable!(gre_attrs_reencode, GreAttr, 28);
reencode_is_stable!(iptun_attrs_reencode, IptunAttr, 24);
reencode_is_stable!(geneve_attrs_reencode, GeneveAttr, 20);
reencode_is_stable!(tun_attrs_reencode, TunAttr, 12);
reencode_is_stable!(macsec_attrs_reencode, MacsecAttr, 18);
reencode_is_stable!(hsr_attrs_reencode, HsrAttr, 10);
reencode_is_stable!(bareudp_attrs_reencode, BareudpAttr, 6);
reencode_is_stable!(gtp_attrs_reencode, GtpAttr, 8);
reencode_is_stable!(xfrm_attrs_reencode, XfrmAttr, 5);
reencode_is_stable!(vti_attrs_reencode, VtiAttr, 8);
reencode_is_stable!(amt_attrs_reencode, AmtAttr, 10);
reencode_is_stable!(batadv_attrs_reencode, BatadvAttr, 4);
reencode_is_stable!(rmnet_attrs_reencode, RmnetAttr, 4);
reencode_is_stable!(ipoib_attrs_reencode, IpoibAttr, 5);
reencode_is_stable!(wwan_attrs_reencode, WwanAttr, 3);
reencode_is_stable!(dsa_attrs_reencode, DsaAttr, 3);
reencode_is_stable!(can_attrs_reencode, CanAttr, 20);

fn ipv4() -> impl Strategy<Value = IpAddr> {
    any::<[u8; 4]>().prop_map(|o| IpAddr::V4(Ipv4Addr::from(o)))
}

fn ipv6() -> impl Strategy<Value = IpAddr> {
    any::<[u8; 16]>().prop_map(|o| IpAddr::V6(Ipv6Addr::from(o)))
}

/// Owned values of vxlan attributes, one of each type class.
fn vxlan_attr() -> impl Strategy<Value = VxlanAttr<'static>> {
    prop_oneof![
        any::<u32>().prop_map(VxlanAttr::Id),
        ipv4().prop_map(VxlanAttr::Group),
        ipv6().prop_map(VxlanAttr::Group6),
        any::<u32>().prop_map(VxlanAttr::Link),
        ipv4().prop_map(VxlanAttr::Local),
        ipv6().prop_map(VxlanAttr::Local6),
        any::<u8>().prop_map(VxlanAttr::Ttl),
        any::<u8>().prop_map(VxlanAttr::Learning),
        any::<u16>().prop_map(VxlanAttr::Port),
        any::<(u16, u16)>().prop_map(|(l, h)| VxlanAttr::PortRange(leak(IflaPortRange::new(l, h)))),
        any::<u32>().prop_map(VxlanAttr::Label),
        Just(VxlanAttr::Gbp(())),
        Just(VxlanAttr::TtlInherit(FlagOrU8::Flag)),
        any::<u8>().prop_map(|v| VxlanAttr::TtlInherit(FlagOrU8::U8(v))),
        any::<u32>().prop_map(VxlanAttr::LabelPolicy),
    ]
}

fn bridge_attr() -> impl Strategy<Value = BridgeAttr<'static>> {
    prop_oneof![
        any::<u32>().prop_map(BridgeAttr::ForwardDelay),
        any::<u32>().prop_map(BridgeAttr::StpState),
        any::<u16>().prop_map(BridgeAttr::Priority),
        any::<u8>().prop_map(BridgeAttr::VlanFiltering),
        any::<u16>().prop_map(BridgeAttr::VlanProtocol),
        any::<([u8; 2], [u8; 6])>()
            .prop_map(|(prio, addr)| BridgeAttr::RootId(leak(IflaBridgeId { prio, addr }))),
        any::<u64>().prop_map(BridgeAttr::HelloTimer),
        any::<u64>().prop_map(BridgeAttr::McastQueryIntvl),
        Just(BridgeAttr::FdbFlush(())),
        any::<(u32, u32)>().prop_map(|(v, m)| BridgeAttr::MultiBoolopt(leak(BrBoolOptMulti {
            optval: U32::new(v),
            optmask: U32::new(m)
        }))),
        Just(BridgeAttr::GroupAddr(&[1, 0x80, 0xc2, 0, 0, 0][..])),
    ]
}

fn vlan_attr() -> impl Strategy<Value = VlanAttr<'static>> {
    prop_oneof![
        any::<u16>().prop_map(VlanAttr::Id),
        any::<u16>().prop_map(VlanAttr::Protocol),
        any::<(u32, u32)>().prop_map(|(f, m)| VlanAttr::Flags(leak(IflaVlanFlags {
            flags: U32::new(f),
            mask: U32::new(m)
        }))),
    ]
}

fn gre_attr() -> impl Strategy<Value = GreAttr<'static>> {
    prop_oneof![
        any::<u32>().prop_map(GreAttr::Link),
        any::<u16>().prop_map(GreAttr::Iflags),
        any::<u32>().prop_map(GreAttr::Ikey),
        ipv4().prop_map(GreAttr::Local),
        ipv6().prop_map(GreAttr::Remote),
        any::<u8>().prop_map(GreAttr::Ttl),
        any::<u16>().prop_map(GreAttr::EncapDport),
        Just(GreAttr::CollectMetadata(())),
        any::<u16>().prop_map(GreAttr::ErspanHwid),
    ]
}

fn bond_attr() -> impl Strategy<Value = BondAttr<'static>> {
    prop_oneof![
        any::<u8>().prop_map(|v| BondAttr::Mode(BondMode(v))),
        any::<u32>().prop_map(BondAttr::Miimon),
        any::<u16>().prop_map(BondAttr::AdActorSysPrio),
        any::<u8>().prop_map(|v| BondAttr::XmitHashPolicy(BondXmitHashPolicy(v))),
        Just(BondAttr::AdActorSystem(&[2, 0, 0, 0, 0, 1][..])),
    ]
}

fn misc_attrs() -> impl Strategy<Value = (Vec<MacvlanAttr<'static>>, Vec<GeneveAttr<'static>>)> {
    let mac = prop_oneof![
        any::<u32>().prop_map(|v| MacvlanAttr::Mode(MacvlanMode(v))),
        any::<u16>().prop_map(|v| MacvlanAttr::Flags(MacvlanFlags(v))),
        any::<i32>().prop_map(MacvlanAttr::BcCutoff),
        any::<u32>().prop_map(MacvlanAttr::BcQueueLen),
    ];
    let gnv = prop_oneof![
        any::<u32>().prop_map(GeneveAttr::Id),
        ipv4().prop_map(GeneveAttr::Remote),
        ipv6().prop_map(GeneveAttr::Remote6),
        ipv4().prop_map(GeneveAttr::Local),
        ipv6().prop_map(GeneveAttr::Local6),
        any::<u16>().prop_map(GeneveAttr::Port),
        Just(GeneveAttr::InnerProtoInherit(())),
    ];
    (
        prop::collection::vec(mac, 0..6),
        prop::collection::vec(gnv, 0..6),
    )
}

/// Writes `attrs` as the `IFLA_INFO_DATA` of an `IFLA_LINKINFO` nest of `kind`.
fn linkinfo<T: Copy>(
    kind: &str,
    attrs: &[T],
    write: impl Fn(&T, &mut netlink_wire::Nest<'_>),
) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = AttrBuilder::new(&mut buf);
    {
        let mut info = b.nest(Ifla::LINKINFO);
        InfoAttr::Kind(KindName::new(kind)).write_to(&mut info);
        let mut data = info.nest(IflaInfo::DATA);
        for a in attrs {
            write(a, &mut data);
        }
    }
    b.finish().unwrap();
    buf
}

fn info(buf: &[u8]) -> LinkInfo<'_> {
    LinkInfo::from_attr(Attrs::new(buf).next().unwrap().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn vxlan_data_round_trips(attrs in prop::collection::vec(vxlan_attr(), 0..12)) {
        let buf = linkinfo("vxlan", &attrs, |a, w| a.write_to(w));
        let i = info(&buf);
        prop_assert_eq!(i.kind().unwrap(), Some("vxlan"));
        let Some(KindData::Vxlan(d)) = i.kind_data().unwrap() else {
            panic!("not vxlan");
        };
        let back: Vec<_> = d.typed_attrs().map(Result::unwrap).collect();
        prop_assert_eq!(&back, &attrs);
        prop_assert_eq!(walked(&KindData::Vxlan(d)), (attrs.len(), 0));
        // Each accessor returns the first attribute of its number.
        let first_id = attrs.iter().find_map(|a| match a { VxlanAttr::Id(v) => Some(*v), _ => None });
        prop_assert_eq!(d.id().unwrap(), first_id);
        let first_port = attrs.iter().find_map(|a| match a { VxlanAttr::Port(v) => Some(*v), _ => None });
        prop_assert_eq!(d.port().unwrap(), first_port);
        let first_group = attrs.iter().find_map(|a| match a { VxlanAttr::Group(v) => Some(*v), _ => None });
        prop_assert_eq!(d.group().unwrap(), first_group);
    }

    #[test]
    fn bridge_data_round_trips(attrs in prop::collection::vec(bridge_attr(), 0..12)) {
        let buf = linkinfo("bridge", &attrs, |a, w| a.write_to(w));
        let Some(KindData::Bridge(d)) = info(&buf).kind_data().unwrap() else {
            panic!("not bridge");
        };
        let back: Vec<_> = d.typed_attrs().map(Result::unwrap).collect();
        prop_assert_eq!(&back, &attrs);
        let first = attrs.iter().find_map(|a| match a { BridgeAttr::RootId(v) => Some(*v), _ => None });
        prop_assert_eq!(d.root_id().unwrap(), first);
    }

    #[test]
    fn vlan_gre_bond_data_round_trip(
        vlan in prop::collection::vec(vlan_attr(), 0..6),
        gre in prop::collection::vec(gre_attr(), 0..10),
        bond in prop::collection::vec(bond_attr(), 0..6),
        (mac, gnv) in misc_attrs(),
    ) {
        let buf = linkinfo("vlan", &vlan, |a, w| a.write_to(w));
        let Some(KindData::Vlan(d)) = info(&buf).kind_data().unwrap() else { panic!() };
        prop_assert_eq!(d.typed_attrs().map(Result::unwrap).collect::<Vec<_>>(), vlan);

        for kind in ["gre", "gretap", "ip6gre", "erspan"] {
            let buf = linkinfo(kind, &gre, |a, w| a.write_to(w));
            let Some(KindData::Gre(d)) = info(&buf).kind_data().unwrap() else { panic!() };
            prop_assert_eq!(d.typed_attrs().map(Result::unwrap).collect::<Vec<_>>(), gre.clone());
        }

        let buf = linkinfo("bond", &bond, |a, w| a.write_to(w));
        let Some(KindData::Bond(d)) = info(&buf).kind_data().unwrap() else { panic!() };
        prop_assert_eq!(d.typed_attrs().map(Result::unwrap).collect::<Vec<_>>(), bond);

        for kind in ["macvlan", "macvtap"] {
            let buf = linkinfo(kind, &mac, |a, w| a.write_to(w));
            let Some(KindData::Macvlan(d)) = info(&buf).kind_data().unwrap() else { panic!() };
            prop_assert_eq!(d.typed_attrs().map(Result::unwrap).collect::<Vec<_>>(), mac.clone());
        }

        let buf = linkinfo("geneve", &gnv, |a, w| a.write_to(w));
        let Some(KindData::Geneve(d)) = info(&buf).kind_data().unwrap() else { panic!() };
        prop_assert_eq!(d.typed_attrs().map(Result::unwrap).collect::<Vec<_>>(), gnv);
    }

    #[test]
    fn unknown_kinds_keep_their_data_raw(
        kind in "[a-z]{1,12}",
        payload in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let data = one(1, &payload);
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut info = b.nest(Ifla::LINKINFO);
            info.put_str(IflaInfo::KIND, &kind);
            info.put(IflaInfo::DATA, &data);
        }
        b.finish().unwrap();
        let i = info(&buf);
        let d = i.kind_data().unwrap().unwrap();
        prop_assert_eq!(d.attrs().as_bytes(), &data[..]);
        let known = matches!(kind.as_str(), "veth" | "bridge" | "vlan" | "vxlan" | "bond"
            | "macvlan" | "macvtap" | "ipvlan" | "ipvtap" | "vrf" | "gre" | "gretap" | "erspan"
            | "ipip" | "sit" | "geneve" | "tun");
        prop_assert_eq!(matches!(d, KindData::Other(_)), !known);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), kind in 0usize..34) {
        const KINDS: [&str; 34] = [
            "veth", "bridge", "vlan", "vxlan", "bond", "macvlan", "macvtap", "ipvlan", "vrf",
            "gre", "gretap", "ip6gre", "ipip", "sit", "ip6tnl", "geneve", "tun", "dummy",
            "wireguard", "x", "vxcan", "macsec", "hsr", "bareudp", "gtp", "xfrm", "vti", "amt",
            "batadv", "rmnet", "ipoib", "wwan", "dsa", "can",
        ];
        let wrapped = one(Ifla::LINKINFO.0, &bytes);
        let i = info(&wrapped);
        let _ = (i.kind(), i.slave_kind(), i.xstats(), i.data(), i.slave_data());
        if let Ok(Some(d)) = i.kind_data() {
            let _ = walked(&d);
        }
        if let Ok(Some(d)) = i.slave_kind_data() {
            let _ = walked(&d);
        }
        let _ = walked(&i);
        let _ = walked(&KindData::new(KINDS[kind], Attrs::new(&bytes)));
        for s in ["bridge", "bond", "vrf", "team"] {
            let _ = walked(&SlaveData::new(s, Attrs::new(&bytes)));
        }
        let v = VethData::new(Attrs::new(&bytes));
        if let Ok(Some(p)) = v.peer() {
            let _ = (p.name(), p.header(), p.attrs().count(), walked(&p));
        }
    }
}

#[test]
fn captured_link_messages_decode_with_no_typed_error() {
    for name in ["link_dump.bin", "notify_link.bin"] {
        let bytes =
            std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut kinds = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type().0 != 16 {
                continue;
            }
            let Some(i) = LinkInfo::of_link(m).unwrap() else {
                continue;
            };
            kinds.push(i.kind().unwrap().unwrap().to_owned());
            for t in i.typed_attrs() {
                t.unwrap();
            }
            if let Some(d) = i.kind_data().unwrap() {
                assert!(!matches!(d, KindData::Other(_)), "{name}: {d:?}");
                assert_eq!(walked(&d).1, 0, "{name}");
            }
            if let Some(d) = i.slave_kind_data().unwrap() {
                assert_eq!(walked(&d).1, 0, "{name}");
            }
        }
        assert!(kinds.iter().any(|k| k == "veth"), "{name}: {kinds:?}");
        let s = check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}");
    }
}

#[test]
fn ip_requests_decode_with_the_typed_views() {
    // The captured `ip link add` requests (testdata/linkinfo.md) read back as what was asked.
    let read = |n: &str| {
        std::fs::read(format!(
            "{}/testdata/linkinfo-{n}.bin",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let with = |n: &str, f: &mut dyn FnMut(LinkInfo<'_>)| {
        let bytes = read(n);
        let m = Messages::new(&bytes).next().unwrap().unwrap();
        let i = LinkInfo::of_link(m).unwrap().unwrap();
        assert_eq!(walked(&i).1, 0, "{n}");
        f(i);
    };
    with("gre", &mut |i| {
        let Some(KindData::Gre(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.ikey().unwrap(), Some(42));
        assert_eq!(
            d.iflags().map(|f| f.map(GreFlags)).unwrap(),
            Some(GreFlags::KEY)
        );
        assert_eq!(d.remote().unwrap(), Some("198.51.100.2".parse().unwrap()));
        assert_eq!(d.ttl().unwrap(), Some(64));
        assert_eq!(d.pmtudisc().unwrap(), Some(1));
    });
    with("vlan-ad", &mut |i| {
        let Some(KindData::Vlan(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.id().unwrap(), Some(200));
        assert_eq!(
            d.protocol().unwrap().map(VlanProtocol),
            Some(VlanProtocol::DOT1AD)
        );
    });
    with("bond-lacp", &mut |i| {
        let Some(KindData::Bond(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.mode().unwrap(), Some(BondMode::IEEE8023AD));
        assert_eq!(d.miimon().unwrap(), Some(100));
        assert_eq!(
            d.xmit_hash_policy().unwrap(),
            Some(BondXmitHashPolicy::LAYER34)
        );
        assert_eq!(d.ad_lacp_rate().unwrap(), Some(BondLacpRate::FAST));
    });
    with("sit", &mut |i| {
        let Some(KindData::Iptun(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        // sit's flags are 16 bits wide, and stay so.
        assert_eq!(d.flags().unwrap(), Some(IptunFlags::U16(0)));
        assert_eq!(d.local().unwrap(), Some("198.51.100.1".parse().unwrap()));
    });
    with("geneve", &mut |i| {
        let Some(KindData::Geneve(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!((d.id().unwrap(), d.port().unwrap()), (Some(42), Some(6081)));
    });
    with("ipvlan", &mut |i| {
        let Some(KindData::Ipvlan(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.mode().unwrap(), Some(IpvlanMode::L3));
    });
    with("vrf", &mut |i| {
        let Some(KindData::Vrf(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.table().unwrap(), Some(Table(100)));
    });
    with("veth", &mut |i| {
        let Some(KindData::Veth(d)) = i.kind_data().unwrap() else {
            panic!()
        };
        assert_eq!(d.peer().unwrap().unwrap().name().unwrap(), Some("vb"));
    });
    with("dummy", &mut |i| {
        // ip sends the kind without a NUL; it reads the same, and is written back without.
        assert_eq!(i.kind().unwrap(), Some("dummy"));
        assert_eq!(i.kind_name().unwrap(), Some(KindName::without_nul("dummy")));
        assert_eq!(i.kind_data().unwrap(), None);
    });
}

/// `$body` with `$d` bound to the view of each kind whose data is a plain attribute list;
/// `$rest` for the others (veth, vxcan, raw data).
macro_rules! plain_kinds {
    ($data:expr, $d:ident => $body:expr, $rest:pat => $other:expr) => {
        match $data {
            KindData::Bridge($d) => $body,
            KindData::Vlan($d) => $body,
            KindData::Vxlan($d) => $body,
            KindData::Bond($d) => $body,
            KindData::Macvlan($d) => $body,
            KindData::Ipvlan($d) => $body,
            KindData::Vrf($d) => $body,
            KindData::Gre($d) => $body,
            KindData::Iptun($d) => $body,
            KindData::Geneve($d) => $body,
            KindData::Tun($d) => $body,
            KindData::Macsec($d) => $body,
            KindData::Hsr($d) => $body,
            KindData::Bareudp($d) => $body,
            KindData::Gtp($d) => $body,
            KindData::Xfrm($d) => $body,
            KindData::Vti($d) => $body,
            KindData::Amt($d) => $body,
            KindData::Batadv($d) => $body,
            KindData::Rmnet($d) => $body,
            KindData::Ipoib($d) => $body,
            KindData::Wwan($d) => $body,
            KindData::Dsa($d) => $body,
            KindData::Can($d) => $body,
            $rest => $other,
        }
    };
}

/// Writes the `IFLA_*` list `attrs` again from its typed attributes, descending into
/// `IFLA_LINKINFO`, the data of its kind and a veth peer (whose `IFLA_*` are a link's again).
fn rebuild_link<W: AttrWrite>(attrs: Attrs<'_>, w: &mut W) {
    for t in attrs.typed::<LinkAttr<'_>>() {
        match t.unwrap() {
            LinkAttr::Linkinfo(info) => {
                let mut n = w.nest(Ifla::LINKINFO);
                let kind = info.kind().unwrap().unwrap_or_default();
                for t in info.typed_attrs() {
                    match t.unwrap() {
                        InfoAttr::Data(d) => {
                            rebuild_kind(
                                KindData::new(kind, d.attrs()),
                                &mut n.nest(IflaInfo::DATA),
                            );
                        }
                        t => t.write_to(&mut n),
                    }
                }
            }
            t => t.write_to(w),
        }
    }
}

/// Writes a kind's data again from its typed attributes.
fn rebuild_kind<W: AttrWrite>(data: KindData<'_>, w: &mut W) {
    plain_kinds!(data, d => {
        for t in d.typed_attrs() {
            t.unwrap().write_to(w);
        }
    }, d => {
        let (KindData::Veth(d) | KindData::Vxcan(d)) = d else {
            panic!("untyped data {d:?}")
        };
        for t in d.typed_attrs() {
            let VethAttr::Peer(p) = t.unwrap() else {
                panic!("a veth attribute other than the peer");
            };
            let mut n = w.nest(VethInfo::PEER);
            n.put_raw(p.header().as_bytes());
            rebuild_link(p.attrs(), &mut n);
        }
    })
}

#[test]
fn ip_requests_are_rebuilt_from_typed_attributes_byte_for_byte() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !(name.starts_with("linkinfo-") && name.ends_with(".bin")) {
            continue;
        }
        n += 1;
        let ip = std::fs::read(&path).unwrap();
        let m = Msg::parse(&ip).unwrap();
        let l = LinkMsg::parse(m).unwrap();
        let mut ours = Vec::new();
        let mut b = LinkMsg::builder(&mut ours, RTM_NEWLINK, m.flags(), l.header()).unwrap();
        b.seq(m.seq()).port_id(m.port_id());
        rebuild_link(l.attrs(), &mut b);
        b.finish().unwrap();
        assert_eq!(ours, ip, "{name}");
    }
    assert_eq!(n, 57);
}

#[test]
fn ip_requests_are_built_from_typed_values() {
    let read = |n: &str| {
        std::fs::read(format!(
            "{}/testdata/linkinfo-{n}.bin",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    // Builds the `RTM_NEWLINK` ip sent for `name`: IFLA_LINK when given, IFLA_IFNAME, then
    // IFLA_LINKINFO with the kind (without its NUL, as ip sends it) and the data `data` writes.
    let build = |ip: &[u8],
                 link: Option<u32>,
                 name: &str,
                 kind: &str,
                 data: &dyn Fn(&mut netlink_wire::Nest<'_>)| {
        let m = Msg::parse(ip).unwrap();
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 0);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, m.flags(), &hdr).unwrap();
        b.seq(m.seq());
        if let Some(l) = link {
            LinkAttr::Link(l).write_to(&mut b);
        }
        LinkAttr::Ifname(name).write_to(&mut b);
        {
            let mut info = b.nest(Ifla::LINKINFO);
            InfoAttr::Kind(KindName::without_nul(kind)).write_to(&mut info);
            data(&mut info.nest(IflaInfo::DATA));
        }
        b.finish().unwrap();
        buf
    };
    let v4 = |s: &str| -> IpAddr { s.parse().unwrap() };

    let ip = read("vxlan-full");
    let ours = build(&ip, None, "vx3", "vxlan", &|d| {
        for a in [
            VxlanAttr::Link(3),
            VxlanAttr::Ttl(10),
            VxlanAttr::Id(45),
            VxlanAttr::Local(v4("192.0.2.1")),
            VxlanAttr::Group(v4("198.51.100.2")),
            VxlanAttr::Learning(0),
            VxlanAttr::Port(4789),
        ] {
            a.write_to(d);
        }
    });
    assert_eq!(ours, ip);

    let ip = read("sit");
    let ours = build(&ip, None, "sit0", "sit", &|d| {
        for a in [
            IptunAttr::Proto(0),
            IptunAttr::Local(v4("198.51.100.1")),
            IptunAttr::Remote(v4("198.51.100.2")),
            IptunAttr::Pmtudisc(1),
            IptunAttr::Tos(0),
            IptunAttr::Ttl(64),
            IptunAttr::Link(0),
            IptunAttr::Fwmark(0),
            IptunAttr::EncapType(TunnelEncapType::NONE),
            IptunAttr::EncapFlags(TunnelEncapFlags::EMPTY),
            IptunAttr::EncapSport(0),
            IptunAttr::EncapDport(0),
            IptunAttr::Flags(IptunFlags::U16(0)),
        ] {
            a.write_to(d);
        }
    });
    assert_eq!(ours, ip);

    let ip = read("geneve");
    let ours = build(&ip, None, "gnv0", "geneve", &|d| {
        for a in [
            GeneveAttr::Id(42),
            GeneveAttr::Remote(v4("198.51.100.2")),
            GeneveAttr::Label(0),
            GeneveAttr::Ttl(0),
            GeneveAttr::Tos(0),
            GeneveAttr::Port(6081),
        ] {
            a.write_to(d);
        }
    });
    assert_eq!(ours, ip);

    let ip = read("bond-lacp");
    let ours = build(&ip, None, "b1", "bond", &|d| {
        for a in [
            BondAttr::Mode(BondMode::IEEE8023AD),
            BondAttr::Miimon(100),
            BondAttr::Updelay(200),
            BondAttr::Downdelay(200),
            BondAttr::XmitHashPolicy(BondXmitHashPolicy::LAYER34),
            BondAttr::AdLacpRate(BondLacpRate::FAST),
        ] {
            a.write_to(d);
        }
    });
    assert_eq!(ours, ip);

    let ip = read("ipvlan");
    let ours = build(&ip, Some(3), "ipv0", "ipvlan", &|d| {
        IpvlanAttr::Mode(IpvlanMode::L3).write_to(d);
        IpvlanAttr::Flags(IpvlanFlags::EMPTY).write_to(d);
    });
    assert_eq!(ours, ip);

    let ip = read("veth-peer");
    let ours = build(&ip, None, "vc", "veth", &|d| {
        let mut p = d.nest(VethInfo::PEER);
        p.put_raw(IfInfoMsg::default().as_bytes());
        LinkAttr::Address(&[2, 0, 0, 0, 0, 9]).write_to(&mut p);
        LinkAttr::Mtu(1400).write_to(&mut p);
        LinkAttr::Ifname("vd").write_to(&mut p);
    });
    assert_eq!(ours, ip);
}

/// Every attribute of the data in `linkinfo-NAME.bin`, decoded, as `Debug` text; fails on an
/// attribute left untyped (`Other`) or that does not decode.
fn typed_data(name: &str) -> Vec<String> {
    let bytes = std::fs::read(format!(
        "{}/testdata/linkinfo-{name}.bin",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let m = Messages::new(&bytes).next().unwrap().unwrap();
    let i = LinkInfo::of_link(m).unwrap().unwrap();
    assert_eq!(walked(&i).1, 0, "{name}");
    let mut out = Vec::new();
    plain_kinds!(i.kind_data().unwrap().unwrap(), d => {
        for t in d.typed_attrs() {
            out.push(format!("{:?}", t.unwrap()));
        }
    }, d => {
        let KindData::Vxcan(d) = d else {
            panic!("{name}: {d:?}")
        };
        out.push(format!("peer {:?}", d.peer().unwrap().unwrap().name().unwrap()));
    });
    for a in &out {
        assert!(!a.starts_with("Other("), "{name}: {a}");
    }
    out
}

#[test]
fn the_newer_kinds_decode_as_ip_asked() {
    // Each capture (testdata/linkinfo.md) reads back as the command line that made it.
    let cases: &[(&str, &[&str])] = &[
        (
            "macsec",
            &[
                "Port(11)",
                "Encrypt(1)",
                "Validation(MACSEC_VALIDATE_STRICT)",
                "CipherSuite(MACSEC_CIPHER_ID_GCM_AES_256)",
                "IcvLen(16)",
                "Window(32)",
                "ReplayProtect(1)",
                "EncodingSa(2)",
            ],
        ),
        (
            "macsec-sci",
            &[
                "Sci(144115188076445697)", // sci 0200000000090001
                "IncSci(1)",
                "Es(0)",
                "Scb(0)",
                "Protect(1)",
                "Offload(MACSEC_OFFLOAD_OFF)",
            ],
        ),
        (
            "hsr",
            &["Slave1(3)", "Slave2(2)", "MulticastSpec(45)", "Version(1)"],
        ),
        ("prp", &["Slave1(3)", "Slave2(2)", "Protocol(1)"]),
        (
            "bareudp",
            &[
                "Port(6635)",
                "Ethertype(34887)",
                "SrcportMin(1000)",
                "MultiprotoMode(())",
            ],
        ),
        (
            "gtp",
            &[
                "CreateSockets(1)",
                "Role(GTP_ROLE_SGSN)",
                "PdpHashsize(1024)",
                "RestartCount(3)",
            ],
        ),
        ("xfrm", &["IfId(5)", "Link(3)"]),
        (
            "vti",
            &[
                "Ikey(7)",
                "Okey(7)",
                "Local(198.51.100.1)",
                "Remote(198.51.100.2)",
                "Fwmark(0)",
            ],
        ),
        (
            "vti6",
            &[
                "Ikey(7)",
                "Okey(8)",
                "Local(2001:db8::1)",
                "Remote(2001:db8::2)",
                "Fwmark(0)",
                "Link(3)",
            ],
        ),
        (
            "amt",
            &[
                "Mode(AMT_MODE_GATEWAY)",
                "LocalIp(192.0.2.1)",
                "DiscoveryIp(198.51.100.1)",
                "Link(3)",
                "RelayPort(2268)",
                "GatewayPort(2268)",
                "MaxTunnels(10)",
            ],
        ),
        ("batadv", &["AlgoName(\"BATMAN_V\")"]),
        ("rmnet", &["MuxId(5)"]),
        ("ipoib", &["Pkey(32769)", "Mode(1)", "Umcast(1)"]),
        ("wwan", &["LinkId(3)"]),
        ("dsa", &["Conduit(3)"]),
        ("vxcan", &["peer Some(\"vxcan1\")"]),
        ("ipvtap", &["Mode(IPVLAN_MODE_L2)", "Flags(IPVLAN_F_VEPA)"]),
    ];
    for (name, want) in cases {
        assert_eq!(typed_data(name), *want, "{name}");
    }
    // The kinds that share an older space: every attribute typed.
    for name in [
        "ip6gre",
        "ip6gretap",
        "erspan",
        "erspan-v2",
        "ip6erspan",
        "ip6tnl",
        "geneve6",
        "can",
    ] {
        assert!(!typed_data(name).is_empty(), "{name}");
    }
    let can = typed_data("can");
    assert!(
        can[0] == "RestartMs(100)" && can[1].starts_with("Bittiming("),
        "{can:?}"
    );
}
