//! Link messages: typed attributes -> builder -> parse -> equal; random attribute bytes never
//! panic; decode, re-encode, decode again equal; the captured link dump and notifications
//! decode with no typed error and the right names, MTUs and kinds.

use std::path::PathBuf;

use netlink_wire::rtnl::link::{
    IfFlags, IfInfoMsg, Ifla, LinkAttr, LinkMode, LinkMsg, LinkType, OperState, RtnlLinkIfmap,
    RtnlLinkStats, RtnlLinkStats64,
};
use netlink_wire::rtnl::{AddressFamily, RTM_NEWLINK};
use netlink_wire::{AttrWrite, Attrs, Flags, Messages, Msg, check};
use proptest::prelude::*;
use zerocopy::IntoBytes;
use zerocopy::byteorder::native_endian::{U16, U32, U64};

/// An owned stand-in for one [`LinkAttr`], so that borrowed variants have something to borrow.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Bytes(Ifla, Vec<u8>),
    Str(Ifla, String),
    U8(Ifla, u8),
    U16(Ifla, u16),
    U32(Ifla, u32),
    I32(Ifla, i32),
    Uint(Ifla, u64),
    Nested(Ifla, Vec<u8>),
    Stats(RtnlLinkStats),
    Stats64(RtnlLinkStats64),
    Map(RtnlLinkIfmap),
    Unknown(u16, Vec<u8>),
}

/// The attribute numbers of each payload type, as the table declares them.
const BYTES: &[Ifla] = &[
    Ifla::ADDRESS,
    Ifla::BROADCAST,
    Ifla::COST,
    Ifla::PRIORITY,
    Ifla::WIRELESS,
    Ifla::PHYS_PORT_ID,
    Ifla::PHYS_SWITCH_ID,
    Ifla::PAD,
    Ifla::PERM_ADDRESS,
];
const STRS: &[Ifla] = &[
    Ifla::IFNAME,
    Ifla::QDISC,
    Ifla::IFALIAS,
    Ifla::PHYS_PORT_NAME,
    Ifla::ALT_IFNAME,
    Ifla::PARENT_DEV_NAME,
    Ifla::PARENT_DEV_BUS_NAME,
];
const U8S: &[Ifla] = &[
    Ifla::OPERSTATE,
    Ifla::LINKMODE,
    Ifla::CARRIER,
    Ifla::PROTO_DOWN,
    Ifla::NETNS_IMMUTABLE,
];
const U16S: &[Ifla] = &[Ifla::HEADROOM, Ifla::TAILROOM];
const U32S: &[Ifla] = &[
    Ifla::MTU,
    Ifla::LINK,
    Ifla::MASTER,
    Ifla::TXQLEN,
    Ifla::WEIGHT,
    Ifla::NET_NS_PID,
    Ifla::NUM_VF,
    Ifla::GROUP,
    Ifla::NET_NS_FD,
    Ifla::EXT_MASK,
    Ifla::PROMISCUITY,
    Ifla::NUM_TX_QUEUES,
    Ifla::NUM_RX_QUEUES,
    Ifla::CARRIER_CHANGES,
    Ifla::GSO_MAX_SEGS,
    Ifla::GSO_MAX_SIZE,
    Ifla::EVENT,
    Ifla::CARRIER_UP_COUNT,
    Ifla::CARRIER_DOWN_COUNT,
    Ifla::MIN_MTU,
    Ifla::MAX_MTU,
    Ifla::GRO_MAX_SIZE,
    Ifla::TSO_MAX_SIZE,
    Ifla::TSO_MAX_SEGS,
    Ifla::ALLMULTI,
    Ifla::GSO_IPV4_MAX_SIZE,
    Ifla::GRO_IPV4_MAX_SIZE,
    Ifla::NEW_IFINDEX,
];
const I32S: &[Ifla] = &[Ifla::LINK_NETNSID, Ifla::NEW_NETNSID, Ifla::IF_NETNSID];
const NESTED: &[Ifla] = &[
    Ifla::PROTINFO,
    Ifla::LINKINFO,
    Ifla::VFINFO_LIST,
    Ifla::VF_PORTS,
    Ifla::PORT_SELF,
    Ifla::AF_SPEC,
    Ifla::XDP,
    Ifla::PROP_LIST,
    Ifla::PROTO_DOWN_REASON,
    Ifla::DEVLINK_PORT,
    Ifla::DPLL_PIN,
];

fn pick(set: &'static [Ifla]) -> impl Strategy<Value = Ifla> {
    prop::sample::select(set)
}

fn name() -> impl Strategy<Value = String> {
    "[a-z0-9.:_-]{0,15}"
}

fn stats64() -> impl Strategy<Value = RtnlLinkStats64> {
    prop::collection::vec(any::<u64>(), 25).prop_map(|v| RtnlLinkStats64 {
        rx_packets: U64::new(v[0]),
        tx_packets: U64::new(v[1]),
        rx_bytes: U64::new(v[2]),
        tx_bytes: U64::new(v[3]),
        rx_errors: U64::new(v[4]),
        tx_errors: U64::new(v[5]),
        rx_dropped: U64::new(v[6]),
        tx_dropped: U64::new(v[7]),
        multicast: U64::new(v[8]),
        collisions: U64::new(v[9]),
        rx_length_errors: U64::new(v[10]),
        rx_over_errors: U64::new(v[11]),
        rx_crc_errors: U64::new(v[12]),
        rx_frame_errors: U64::new(v[13]),
        rx_fifo_errors: U64::new(v[14]),
        rx_missed_errors: U64::new(v[15]),
        tx_aborted_errors: U64::new(v[16]),
        tx_carrier_errors: U64::new(v[17]),
        tx_fifo_errors: U64::new(v[18]),
        tx_heartbeat_errors: U64::new(v[19]),
        tx_window_errors: U64::new(v[20]),
        rx_compressed: U64::new(v[21]),
        tx_compressed: U64::new(v[22]),
        rx_nohandler: U64::new(v[23]),
        rx_otherhost_dropped: U64::new(v[24]),
    })
}

fn stats() -> impl Strategy<Value = RtnlLinkStats> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(a, b, c, d)| {
        RtnlLinkStats {
            rx_packets: U32::new(a),
            tx_packets: U32::new(b),
            rx_bytes: U32::new(c),
            tx_bytes: U32::new(d),
            rx_nohandler: U32::new(a ^ d),
            ..RtnlLinkStats::default()
        }
    })
}

fn ifmap() -> impl Strategy<Value = RtnlLinkIfmap> {
    (any::<u64>(), any::<u16>(), any::<u8>(), any::<u8>()).prop_map(|(m, irq, dma, port)| {
        RtnlLinkIfmap {
            mem_start: U64::new(m),
            mem_end: U64::new(m.wrapping_add(1)),
            base_addr: U64::new(m >> 3),
            irq: U16::new(irq),
            dma,
            port,
            _pad: [0; 4],
        }
    })
}

/// A nested payload: a well-formed list of attributes.
fn nest_payload() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((1u16..100, prop::collection::vec(any::<u8>(), 0..12)), 0..4).prop_map(
        |items| {
            let mut buf = Vec::new();
            let mut b = netlink_wire::AttrBuilder::new(&mut buf);
            for (k, p) in &items {
                b.put(*k, p);
            }
            b.finish().unwrap();
            buf
        },
    )
}

fn owned() -> impl Strategy<Value = Owned> {
    prop_oneof![
        (pick(BYTES), prop::collection::vec(any::<u8>(), 0..20))
            .prop_map(|(k, v)| Owned::Bytes(k, v)),
        (pick(STRS), name()).prop_map(|(k, v)| Owned::Str(k, v)),
        (pick(U8S), any::<u8>()).prop_map(|(k, v)| Owned::U8(k, v)),
        (pick(U16S), any::<u16>()).prop_map(|(k, v)| Owned::U16(k, v)),
        (pick(U32S), any::<u32>()).prop_map(|(k, v)| Owned::U32(k, v)),
        (pick(I32S), any::<i32>()).prop_map(|(k, v)| Owned::I32(k, v)),
        any::<u64>().prop_map(|v| Owned::Uint(Ifla::MAX_PACING_OFFLOAD_HORIZON, v)),
        (pick(NESTED), nest_payload()).prop_map(|(k, v)| Owned::Nested(k, v)),
        stats().prop_map(Owned::Stats),
        stats64().prop_map(Owned::Stats64),
        ifmap().prop_map(Owned::Map),
        (70u16..0x4000, prop::collection::vec(any::<u8>(), 0..12))
            .prop_map(|(k, v)| Owned::Unknown(k, v)),
    ]
}

/// Writes `o` through the typed enum, as a user would.
fn write<W: AttrWrite>(w: &mut W, o: &Owned) {
    let attr = match o {
        Owned::Bytes(k, v) => bytes_attr(*k, v),
        Owned::Str(k, v) => str_attr(*k, v),
        Owned::U8(k, v) => match *k {
            Ifla::OPERSTATE => LinkAttr::Operstate(OperState(*v)),
            Ifla::LINKMODE => LinkAttr::Linkmode(LinkMode(*v)),
            Ifla::CARRIER => LinkAttr::Carrier(*v),
            Ifla::PROTO_DOWN => LinkAttr::ProtoDown(*v),
            _ => LinkAttr::NetnsImmutable(*v),
        },
        Owned::U16(k, v) => match *k {
            Ifla::HEADROOM => LinkAttr::Headroom(*v),
            _ => LinkAttr::Tailroom(*v),
        },
        Owned::U32(k, v) => {
            // Every u32 attribute is written through the typed enum by decoding a raw one:
            // that exercises `decode` and `write_to` for each number of the table.
            let mut buf = Vec::new();
            let mut b = netlink_wire::AttrBuilder::new(&mut buf);
            b.put_u32(*k, *v);
            b.finish().unwrap();
            let a = Attrs::new(&buf).next().unwrap().unwrap();
            let t = LinkAttr::decode(a).unwrap();
            assert_eq!(t.kind(), *k);
            assert!(!matches!(t, LinkAttr::Other(_)), "{k:?} is typed");
            t.write_to(w);
            return;
        }
        Owned::I32(k, v) => match *k {
            Ifla::LINK_NETNSID => LinkAttr::LinkNetnsid(*v),
            Ifla::NEW_NETNSID => LinkAttr::NewNetnsid(*v),
            _ => LinkAttr::IfNetnsid(*v),
        },
        Owned::Uint(_, v) => LinkAttr::MaxPacingOffloadHorizon(*v),
        // Nests and kernel structs are values over the bytes they came from: a writer puts the
        // bytes, and they decode to their typed variant.
        Owned::Nested(k, v) => {
            w.put(*k, v);
            return;
        }
        Owned::Stats(s) => {
            w.put(Ifla::STATS, s.as_bytes());
            return;
        }
        Owned::Stats64(s) => {
            w.put(Ifla::STATS64, s.as_bytes());
            return;
        }
        Owned::Map(m) => {
            w.put(Ifla::MAP, m.as_bytes());
            return;
        }
        Owned::Unknown(k, v) => {
            w.put(*k, v);
            return;
        }
    };
    attr.write_to(w);
}

fn bytes_attr(k: Ifla, v: &[u8]) -> LinkAttr<'_> {
    match k {
        Ifla::ADDRESS => LinkAttr::Address(v),
        Ifla::BROADCAST => LinkAttr::Broadcast(v),
        Ifla::COST => LinkAttr::Cost(v),
        Ifla::PRIORITY => LinkAttr::Priority(v),
        Ifla::WIRELESS => LinkAttr::Wireless(v),
        Ifla::PHYS_PORT_ID => LinkAttr::PhysPortId(v),
        Ifla::PHYS_SWITCH_ID => LinkAttr::PhysSwitchId(v),
        Ifla::PAD => LinkAttr::Pad(v),
        _ => LinkAttr::PermAddress(v),
    }
}

fn str_attr(k: Ifla, v: &str) -> LinkAttr<'_> {
    match k {
        Ifla::IFNAME => LinkAttr::Ifname(v),
        Ifla::QDISC => LinkAttr::Qdisc(v),
        Ifla::IFALIAS => LinkAttr::Ifalias(v),
        Ifla::PHYS_PORT_NAME => LinkAttr::PhysPortName(v),
        Ifla::ALT_IFNAME => LinkAttr::AltIfname(v),
        Ifla::PARENT_DEV_NAME => LinkAttr::ParentDevName(v),
        _ => LinkAttr::ParentDevBusName(v),
    }
}

/// Turns a decoded attribute back into its owned stand-in.
fn own(t: &LinkAttr<'_>) -> Owned {
    let k = t.kind();
    match *t {
        LinkAttr::Address(v)
        | LinkAttr::Broadcast(v)
        | LinkAttr::Cost(v)
        | LinkAttr::Priority(v)
        | LinkAttr::Wireless(v)
        | LinkAttr::PhysPortId(v)
        | LinkAttr::PhysSwitchId(v)
        | LinkAttr::Pad(v)
        | LinkAttr::PermAddress(v) => Owned::Bytes(k, v.to_vec()),
        LinkAttr::Ifname(v)
        | LinkAttr::Qdisc(v)
        | LinkAttr::Ifalias(v)
        | LinkAttr::PhysPortName(v)
        | LinkAttr::AltIfname(v)
        | LinkAttr::ParentDevName(v)
        | LinkAttr::ParentDevBusName(v) => Owned::Str(k, v.to_owned()),
        LinkAttr::Operstate(OperState(v))
        | LinkAttr::Linkmode(LinkMode(v))
        | LinkAttr::Carrier(v)
        | LinkAttr::ProtoDown(v)
        | LinkAttr::NetnsImmutable(v) => Owned::U8(k, v),
        LinkAttr::Headroom(v) | LinkAttr::Tailroom(v) => Owned::U16(k, v),
        LinkAttr::LinkNetnsid(v) | LinkAttr::NewNetnsid(v) | LinkAttr::IfNetnsid(v) => {
            Owned::I32(k, v)
        }
        LinkAttr::MaxPacingOffloadHorizon(v) => Owned::Uint(k, v),
        LinkAttr::Protinfo(a) | LinkAttr::DevlinkPort(a) | LinkAttr::DpllPin(a) => {
            Owned::Nested(k, a.attr().payload().to_vec())
        }
        LinkAttr::Linkinfo(i) => Owned::Nested(k, i.attrs().as_bytes().to_vec()),
        LinkAttr::VfinfoList(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::VfPorts(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::PortSelf(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::AfSpec(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::Xdp(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::PropList(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::ProtoDownReason(a) => Owned::Nested(k, a.attr().payload().to_vec()),
        LinkAttr::Stats(s) => Owned::Stats(s.get()),
        LinkAttr::Stats64(s) => Owned::Stats64(s.get()),
        LinkAttr::Map(m) => Owned::Map(m.get()),
        LinkAttr::Other(a) => Owned::Unknown(a.kind(), a.payload().to_vec()),
        // Every remaining variant is a u32.
        _ => {
            let mut buf = Vec::new();
            let mut b = netlink_wire::AttrBuilder::new(&mut buf);
            t.write_to(&mut b);
            b.finish().unwrap();
            let a = Attrs::new(&buf).next().unwrap().unwrap();
            Owned::U32(k, a.as_u32().unwrap())
        }
    }
}

fn build(header: &IfInfoMsg, attrs: &[Owned]) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::REQUEST, header).unwrap();
    for a in attrs {
        write(&mut b, a);
    }
    b.finish().unwrap();
    buf
}

fn header() -> impl Strategy<Value = IfInfoMsg> {
    (any::<u16>(), 0u32..0x7fff_ffff, any::<u32>(), any::<u32>()).prop_map(|(t, i, f, c)| {
        let mut h = IfInfoMsg::new(AddressFamily::UNSPEC, i);
        h.ifi_type = U16::new(t);
        h.ifi_flags = U32::new(f);
        h.ifi_change = U32::new(c);
        h
    })
}

proptest! {
    #[test]
    fn typed_attributes_round_trip(
        h in header(),
        attrs in prop::collection::vec(owned(), 0..24),
    ) {
        let buf = build(&h, &attrs);
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        prop_assert_eq!(l.header(), &h);
        prop_assert_eq!(l.index(), h.ifi_index.get().cast_unsigned());
        prop_assert_eq!(l.flags(), IfFlags(h.ifi_flags.get()));
        prop_assert_eq!(l.link_type(), LinkType(h.ifi_type.get()));
        let back: Vec<Owned> = l.typed_attrs().map(|t| own(&t.unwrap())).collect();
        prop_assert_eq!(&back, &attrs);

        // The accessors read the first attribute of their number.
        let first = |k: Ifla| attrs.iter().find(|o| match o {
            Owned::Str(n, _) | Owned::U32(n, _) | Owned::U8(n, _) => *n == k,
            _ => false,
        });
        match first(Ifla::IFNAME) {
            Some(Owned::Str(_, s)) => prop_assert_eq!(l.name().unwrap(), Some(s.as_str())),
            _ => prop_assert_eq!(l.name().unwrap(), None),
        }
        match first(Ifla::MTU) {
            Some(Owned::U32(_, v)) => prop_assert_eq!(l.mtu().unwrap(), Some(*v)),
            _ => prop_assert_eq!(l.mtu().unwrap(), None),
        }
        match first(Ifla::OPERSTATE) {
            Some(Owned::U8(_, v)) => {
                prop_assert_eq!(l.operstate().unwrap(), Some(OperState(*v)));
            }
            _ => prop_assert_eq!(l.operstate().unwrap(), None),
        }
        let s = check::walk(&buf);
        prop_assert_eq!(s.errors, 0);
    }

    #[test]
    fn decode_encode_decode_is_stable(
        h in header(),
        attrs in prop::collection::vec(owned(), 0..24),
    ) {
        let buf = build(&h, &attrs);
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let mut again = Vec::new();
        let mut b = LinkMsg::builder(&mut again, RTM_NEWLINK, Flags::REQUEST, l.header()).unwrap();
        for t in l.typed_attrs() {
            t.unwrap().write_to(&mut b);
        }
        b.finish().unwrap();
        // Everything we wrote was written with canonical type bits, so the bytes are equal.
        prop_assert_eq!(&again, &buf);
    }

    #[test]
    fn random_attribute_bytes_never_panic(
        h in header(),
        tail in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut buf = Vec::new();
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &h).unwrap();
        b.put_raw(&tail);
        b.finish().unwrap();
        let _ = check::walk(&buf);
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let _ = (l.name(), l.mtu(), l.kind(), l.slave_kind(), l.stats64(), l.map());
        let _ = (l.alt_names().map(Iterator::count), l.xdp_attached(), l.operstate(), l.carrier());
        if let Ok(Some(af)) = l.af_spec() {
            let _ = af.inet_conf().map(|c| c.map(|c| c.iter().count()));
            if let Ok(Some(v6)) = af.inet6() {
                let _ = (v6.flags(), v6.token(), v6.addr_gen_mode(), v6.cache_info());
                let _ = v6.conf().map(|c| c.map(|c| c.iter().count()));
            }
        }
        let _ = l.typed_attrs().count();
    }

    #[test]
    fn alt_names_round_trip(names in prop::collection::vec("[a-z0-9-]{1,40}", 0..5)) {
        let mut buf = Vec::new();
        let h = IfInfoMsg::new(AddressFamily::UNSPEC, 3);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &h).unwrap();
        {
            let mut p = b.nest(Ifla::PROP_LIST.0 | netlink_wire::attr::NLA_F_NESTED);
            for n in &names {
                p.put_str(Ifla::ALT_IFNAME, n);
            }
        }
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let back: Vec<String> = l.alt_names().unwrap().map(|n| n.unwrap().to_owned()).collect();
        prop_assert_eq!(back, names);
    }
}

fn testdata(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn links(bytes: &[u8]) -> Vec<(String, u32, Option<String>)> {
    Messages::new(bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWLINK)
        .map(|m| {
            let l = LinkMsg::parse(m).unwrap();
            (
                l.name().unwrap().unwrap().to_owned(),
                l.mtu().unwrap().unwrap(),
                l.kind().unwrap().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn captured_dump_decodes_with_no_typed_error() {
    let bytes = testdata("link_dump.bin");
    let s = check::walk(&bytes);
    assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
    assert!(s.typed > 6 * 40, "{s:?}");
    let veth = Some("veth".to_owned());
    assert_eq!(
        links(&bytes),
        [
            ("lo".to_owned(), 65536, None),
            ("veth1".to_owned(), 1500, veth.clone()),
            ("veth0".to_owned(), 1500, veth),
            ("br0".to_owned(), 1500, Some("bridge".to_owned())),
            ("vx0".to_owned(), 1450, Some("vxlan".to_owned())),
            ("mv0".to_owned(), 1500, Some("macvlan".to_owned())),
        ]
    );
    // Each datagram of the dump decodes on its own as well.
    for part in ["link_dump.0.bin", "link_dump.1.bin", "link_dump.2.bin"] {
        let s = check::walk(&testdata(part));
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{part}: {s:?}");
    }
}

#[test]
fn captured_notifications_decode_with_no_typed_error() {
    let bytes = testdata("notify_link.bin");
    let s = check::walk(&bytes);
    assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
    let veth = Some("veth".to_owned());
    assert_eq!(
        links(&bytes),
        [
            ("veth3".to_owned(), 1500, veth.clone()),
            ("veth2".to_owned(), 1500, veth)
        ]
    );
}

#[test]
fn captured_attributes_re_encode_to_the_same_typed_values() {
    let bytes = testdata("link_dump.bin");
    for m in Messages::new(&bytes).map(Result::unwrap) {
        if m.message_type() != RTM_NEWLINK {
            continue;
        }
        let l = LinkMsg::parse(m).unwrap();
        let mut buf = Vec::new();
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, l.header()).unwrap();
        let first: Vec<Owned> = l
            .typed_attrs()
            .map(|t| {
                let t = t.unwrap();
                t.write_to(&mut b);
                own(&t)
            })
            .collect();
        b.finish().unwrap();
        let again = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let second: Vec<Owned> = again.typed_attrs().map(|t| own(&t.unwrap())).collect();
        assert_eq!(first, second);
    }
}

/// Every capture of link messages: the kernel's dumps and notifications, and the `ip link add`
/// requests of `testdata/linkinfo.md`.
fn link_captures() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            n.ends_with(".bin")
                && (n.starts_with("link_dump")
                    || n.starts_with("linkinfo-")
                    || n == "notify_link.bin")
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 4 + 1 + 57, "{names:?}");
    names
        .into_iter()
        .map(|n| {
            let b = testdata(&n);
            (n, b)
        })
        .collect()
}

#[test]
fn every_link_capture_re_encodes_byte_for_byte() {
    for (name, bytes) in link_captures() {
        let s = check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{name}: {s:?}"
        );
        let links = Messages::new(&bytes)
            .filter(|m| m.as_ref().unwrap().message_type() == RTM_NEWLINK)
            .count();
        assert!(s.typed >= links, "{name}");
        // Written back from its typed attributes, each message is the same bytes.
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type() != RTM_NEWLINK {
                continue;
            }
            let l = LinkMsg::parse(m).unwrap();
            let mut buf = Vec::new();
            let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, m.flags(), l.header()).unwrap();
            b.seq(m.seq()).port_id(m.port_id());
            for t in l.typed_attrs() {
                let t = t.unwrap();
                assert!(!matches!(t, LinkAttr::Other(_)), "{name}: {t:?}");
                t.write_to(&mut b);
            }
            b.finish().unwrap();
            let len = m.header().len() as usize;
            assert_eq!(buf, bytes[m.offset()..m.offset() + len], "{name}");
        }
    }
}

/// What one accessor of a link view answered, with the top-level attribute it reads.
type Answer = (
    &'static str,
    Ifla,
    Result<Option<String>, netlink_wire::Error>,
);

fn answers(l: &LinkMsg<'_>) -> Vec<Answer> {
    fn dbg<T: core::fmt::Debug>(
        r: netlink_wire::Result<Option<T>>,
    ) -> netlink_wire::Result<Option<String>> {
        r.map(|v| v.map(|v| format!("{v:?}")))
    }
    macro_rules! all {
        ($($acc:ident: $kind:ident),* $(,)?) => {
            vec![$( (stringify!($acc), Ifla::$kind, dbg(l.$acc())), )*]
        };
    }
    let mut v = all!(
        name: IFNAME, mtu: MTU, link: LINK, qdisc: QDISC, master: MASTER, txqlen: TXQLEN,
        operstate: OPERSTATE, link_mode: LINKMODE, group: GROUP, promiscuity: PROMISCUITY,
        allmulti: ALLMULTI, num_tx_queues: NUM_TX_QUEUES, num_rx_queues: NUM_RX_QUEUES,
        carrier: CARRIER, carrier_changes: CARRIER_CHANGES, carrier_up_count: CARRIER_UP_COUNT,
        carrier_down_count: CARRIER_DOWN_COUNT, proto_down: PROTO_DOWN, min_mtu: MIN_MTU,
        max_mtu: MAX_MTU, gso_max_segs: GSO_MAX_SEGS, gso_max_size: GSO_MAX_SIZE,
        gro_max_size: GRO_MAX_SIZE, tso_max_size: TSO_MAX_SIZE, tso_max_segs: TSO_MAX_SEGS,
        gso_ipv4_max_size: GSO_IPV4_MAX_SIZE, gro_ipv4_max_size: GRO_IPV4_MAX_SIZE,
        address: ADDRESS, broadcast: BROADCAST, perm_address: PERM_ADDRESS, stats: STATS,
        stats64: STATS64, map: MAP, link_netnsid: LINK_NETNSID, ifalias: IFALIAS,
        parent_dev_name: PARENT_DEV_NAME, headroom: HEADROOM, tailroom: TAILROOM,
        netns_immutable: NETNS_IMMUTABLE, link_info: LINKINFO, kind: LINKINFO,
        slave_kind: LINKINFO, xdp: XDP, xdp_attached: XDP, proto_down_reason: PROTO_DOWN_REASON,
        event: EVENT, protinfo: PROTINFO,
    );
    v.push((
        "alt_names",
        Ifla::PROP_LIST,
        l.alt_names()
            .map(|n| Some(format!("{:?}", n.collect::<Vec<_>>()))),
    ));
    v.push(("af_spec", Ifla::AF_SPEC, dbg(l.af_spec())));
    v.push((
        "inet6 conf",
        Ifla::AF_SPEC,
        l.af_spec().and_then(|a| match a {
            Some(a) => dbg(a.inet6().and_then(|i| i.map_or(Ok(None), |i| i.conf()))),
            None => Ok(None),
        }),
    ));
    v.push((
        "kind data",
        Ifla::LINKINFO,
        l.link_info().and_then(|i| match i {
            Some(i) => dbg(i.kind_data()),
            None => Ok(None),
        }),
    ));
    v
}

/// Corrupts byte `at` of the link message `msg` to `to` and holds every accessor to the rule:
/// an accessor whose attribute the byte is not in answers as before, or with an error; after
/// an `nla_len` that breaks the frame, an accessor of an attribute at or after it, or of an
/// absent one, answers with the error, never `Ok(None)`.
fn check_corruption(msg: &[u8], at: usize, to: u8) {
    if msg[at] == to {
        return;
    }
    let original = LinkMsg::parse(Msg::parse(msg).unwrap()).unwrap();
    let before = answers(&original);
    // Where each top-level attribute starts and ends, in message offsets.
    let spans: Vec<(usize, usize, u16)> = original
        .attrs()
        .map(|a| {
            let a = a.unwrap();
            (a.offset(), a.offset() + 4 + a.payload().len(), a.kind())
        })
        .collect();
    let first_of = |k: Ifla| spans.iter().find(|s| s.2 == k.0).map(|s| s.0);
    let mut bytes = msg.to_vec();
    bytes[at] = to;
    let Ok(m) = Msg::parse(&bytes) else {
        return;
    };
    let s = check::walk(&bytes);
    assert_eq!(s.roundtrip_failures, 0, "byte {at} to {to}");
    let Ok(l) = LinkMsg::parse(m) else {
        return;
    };
    let after = answers(&l);
    if at < 4 {
        // nlmsg_len: a shorter message is a cut one; nothing to compare.
        return;
    }
    let hit = spans.iter().find(|(s, e, _)| (*s..*e).contains(&at));
    let frame = l.check_frame();
    for ((name, kind, was), (_, _, now)) in before.iter().zip(&after) {
        let start = first_of(*kind);
        let ok = match hit {
            // The family header or nlmsghdr after nlmsg_len: attributes do not move.
            None => now == was,
            // Inside the payload of an attribute: only that attribute's accessors may change.
            Some((s, _, _)) if at >= s + 4 => start == Some(*s) || now == was,
            // Inside an attribute's header: those before it answer as before; with a broken
            // frame, those at or after it (or absent) answer an error.
            Some((s, _, _)) => match start {
                Some(st) if st < *s => now == was,
                _ if frame.is_err() => now.is_err() || now.as_ref().is_ok_and(Option::is_some),
                _ => true,
            },
        };
        assert!(
            ok || now.is_err(),
            "byte {at} to {to:#x}: {name} was {was:?}, now {now:?} (frame {frame:?})"
        );
        if hit.is_some_and(|(s, _, _)| at < s + 4)
            && frame.is_err()
            && start.is_none_or(|st| st >= hit.unwrap().0)
        {
            assert!(
                !matches!(now, Ok(None)),
                "byte {at} to {to:#x}: {name} reads absent after a broken frame"
            );
        }
    }
}

#[test]
fn corrupting_any_byte_loses_nothing_silently() {
    let dump = testdata("link_dump.bin");
    let request = testdata("linkinfo-veth-peer.bin");
    let msgs: Vec<&[u8]> = Messages::new(&dump)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == RTM_NEWLINK)
        .map(|m| &dump[m.offset()..m.offset() + m.header().len() as usize])
        .skip(1)
        .take(1)
        .chain([&request[..]])
        .collect();
    for msg in msgs {
        for at in 0..msg.len() {
            for to in [msg[at] ^ 0xff, msg[at].wrapping_add(4), 0] {
                check_corruption(msg, at, to);
            }
        }
    }
}

/// Every link message of every capture, once.
fn captured_links() -> &'static [Vec<u8>] {
    static ALL: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        link_captures()
            .into_iter()
            .flat_map(|(_, b)| {
                Messages::new(&b)
                    .map(Result::unwrap)
                    .filter(|m| m.message_type() == RTM_NEWLINK)
                    .map(|m| b[m.offset()..m.offset() + m.header().len() as usize].to_vec())
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn corrupting_any_capture_loses_nothing_silently(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        to in any::<u8>(),
    ) {
        let msg = which.get(captured_links());
        check_corruption(msg, at.index(msg.len()), to);
    }
}
