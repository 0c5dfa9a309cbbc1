//! XFRM messages: policies and SAs built from random headers, templates, marks and algorithms
//! parse back equal; random bytes as any XFRM message type never panic and every typed
//! attribute re-encodes to itself; decode, re-encode, decode again equal.

use netlink_wire::xfrm::{
    self, AlgName, PolicyMsg, SaMsg, XFRM_MSG_NEWPOLICY, XFRM_MSG_NEWSA, XfrmAddress, XfrmAlgo,
    XfrmAttr, XfrmId, XfrmMark, XfrmSelector, XfrmUserTmpl, XfrmUserpolicyInfo, XfrmUsersaInfo,
    Xfrma,
};
use netlink_wire::{AttrWrite, Flags, MessageBuilder, MessageType, Messages};
use proptest::prelude::*;
use zerocopy::{FromBytes, IntoBytes};

fn selector() -> impl Strategy<Value = XfrmSelector> {
    any::<[u8; 56]>().prop_map(|b| XfrmSelector::read_from_bytes(&b).unwrap())
}

fn tmpl() -> impl Strategy<Value = XfrmUserTmpl> {
    any::<[u8; 64]>().prop_map(|b| XfrmUserTmpl::read_from_bytes(&b).unwrap())
}

proptest! {
    #[test]
    fn policies_round_trip(
        sel in selector(),
        dir in 0u8..3,
        priority in any::<u32>(),
        tmpls in proptest::collection::vec(tmpl(), 0..4),
        mark in proptest::option::of(any::<(u32, u32)>()),
    ) {
        let info = XfrmUserpolicyInfo {
            sel,
            priority: priority.into(),
            dir,
            ..XfrmUserpolicyInfo::default()
        };
        let mut buf = Vec::new();
        let mut b = PolicyMsg::builder(&mut buf, XFRM_MSG_NEWPOLICY, Flags::EMPTY, &info).unwrap();
        if !tmpls.is_empty() {
            b.put(Xfrma::TMPL.0, tmpls.as_bytes());
        }
        if let Some((v, m)) = mark {
            b.put(Xfrma::MARK.0, XfrmMark { v: v.into(), m: m.into() }.as_bytes());
        }
        b.finish().unwrap();
        let m = Messages::new(&buf).next().unwrap().unwrap();
        let p = PolicyMsg::parse(m).unwrap();
        prop_assert_eq!(*p.header(), info);
        let got: Vec<XfrmUserTmpl> = p.tmpl().unwrap().map(|t| t.entries().collect()).unwrap_or_default();
        prop_assert_eq!(got, tmpls);
        prop_assert_eq!(p.mark().unwrap().map(|v| (v.get().v.get(), v.get().m.get())), mark);
        let s = xfrm::walk(&buf);
        prop_assert_eq!((s.errors, s.typed_errors, s.reencoded_differently), (0, 0, 0));
    }

    #[test]
    fn sas_round_trip_with_their_keys(
        spi in any::<u32>(),
        daddr in any::<[u8; 16]>(),
        name in "[a-z()0-9]{1,40}",
        key in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let info = XfrmUsersaInfo {
            id: XfrmId { daddr: XfrmAddress { a: daddr }, spi: spi.into(), proto: 50, ..XfrmId::default() },
            family: 10.into(),
            ..XfrmUsersaInfo::default()
        };
        let head = XfrmAlgo {
            alg_name: AlgName::new(&name),
            alg_key_len: u32::try_from(key.len() * 8).unwrap().into(),
        };
        let mut buf = Vec::new();
        let mut b = SaMsg::builder(&mut buf, XFRM_MSG_NEWSA, Flags::EMPTY, &info).unwrap();
        b.put_parts(Xfrma::ALG_CRYPT.0, &[head.as_bytes(), &key]);
        b.finish().unwrap();
        let m = Messages::new(&buf).next().unwrap().unwrap();
        let sa = SaMsg::parse(m).unwrap();
        prop_assert_eq!(sa.header().id.spi.get(), spi);
        let alg = sa.alg_crypt().unwrap().unwrap();
        let head = alg.header().get();
        prop_assert_eq!(head.alg_name.as_str(), name.as_str());
        prop_assert_eq!(alg.entries().collect::<Vec<u8>>(), key);
    }

    #[test]
    fn random_bodies_of_every_type_never_panic_and_reencode(
        pick in any::<u16>(),
        dump in any::<bool>(),
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let types: Vec<MessageType> = xfrm::FAMILIES.iter().flat_map(|f| f.messages.iter().copied()).collect();
        let t = types[usize::from(pick) % types.len()];
        let flags = if dump { Flags(Flags::REQUEST.0 | Flags::DUMP.0) } else { Flags::REQUEST };
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, t, flags);
        b.payload(&body);
        b.finish().unwrap();
        let s = xfrm::walk(&buf);
        prop_assert_eq!(s.roundtrip_failures, 0);
        // Every typed attribute decoded from the message writes bytes that decode to an
        // attribute writing the same bytes again.
        if let Some(f) = xfrm::family(t)
            && let Ok(attrs) = (f.attrs)(Messages::new(&buf).next().unwrap().unwrap())
        {
            for a in attrs.into_iter().map_while(Result::ok) {
                if let Ok(x) = XfrmAttr::decode(a) {
                    let once = encoded(t, &x);
                    let m = Messages::new(&once).next().unwrap().unwrap();
                    let first = m.attrs(0).unwrap().into_iter().next().unwrap().unwrap();
                    let again = encoded(t, &XfrmAttr::decode(first).unwrap());
                    prop_assert_eq!(once, again);
                }
            }
        }
    }
}

/// A message of type `t` holding only `x`.
fn encoded(t: MessageType, x: &XfrmAttr<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut mb = MessageBuilder::new(&mut out, t, Flags::EMPTY);
    x.write_to(&mut mb);
    mb.finish().unwrap();
    out
}
