//! Tests of the XFRM declarations on captured bytes: the kernel's answers to `ip xfrm` (policy
//! dumps and lookups, the SA and policy counts) and `ip xfrm`'s own requests, taken with
//! `strace` in a private namespace (`testdata/xfrm/README.md`).

use super::*;
use crate::header::Flags;
use crate::message::{MessageBuilder, Messages};
use crate::{AttrWrite, Error};
use zerocopy::IntoBytes;

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/xfrm/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const CAPTURES: &[&str] = &[
    "policy_add_block_mark.req",
    "policy_add_tmpl.req",
    "policy_delete.req",
    "policy_dump.bin",
    "policy_dump.req",
    "policy_flush.req",
    "policy_get.bin",
    "policy_get.req",
    "sadinfo.bin",
    "sadinfo.req",
    "spdinfo.bin",
    "spdinfo.req",
    "state_add_aead.req",
    "state_add_esp_tunnel.req",
    "state_dump.req",
    "state_flush.req",
];

#[test]
fn every_capture_walks_clean_and_reencodes_exactly() {
    for name in CAPTURES {
        let bytes = capture(name);
        let s = walk(&bytes);
        assert!(s.messages >= 1, "{name}");
        assert_eq!(s.errors, 0, "{name}: {s:?}");
        assert_eq!(s.typed_errors, 0, "{name}: {s:?}");
        assert_eq!(s.reencoded_differently, 0, "{name}: {s:?}");
        assert_eq!(s.roundtrip_failures, 0, "{name}: {s:?}");
    }
}

#[test]
fn every_cut_of_every_capture_is_an_error_or_data_never_a_panic() {
    for name in CAPTURES {
        let bytes = capture(name);
        for n in 0..bytes.len() {
            let _ = walk(bytes.get(..n).unwrap());
        }
    }
}

#[test]
fn policy_dump_reads_the_selector_and_the_template() {
    let bytes = capture("policy_dump.bin");
    let m = Messages::new(&bytes).next().unwrap().unwrap();
    assert_eq!(m.message_type(), XFRM_MSG_NEWPOLICY);
    let p = PolicyMsg::parse(m).unwrap();
    let h = p.header();
    assert_eq!(
        h.sel.src(),
        Some(("192.0.2.0".parse().unwrap(), 24)),
        "src 192.0.2.0/24"
    );
    assert_eq!(h.sel.dst(), Some(("198.51.100.0".parse().unwrap(), 24)));
    assert_eq!(PolicyDir(h.dir), PolicyDir::OUT);
    assert_eq!(PolicyAction(h.action), PolicyAction::ALLOW);
    assert_eq!(h.lft.soft_byte_limit.get(), XFRM_INF);
    let tmpl = p.tmpl().unwrap().unwrap();
    let t: Vec<XfrmUserTmpl> = tmpl.entries().collect();
    assert_eq!(t.len(), 1);
    let t = t.first().unwrap();
    assert_eq!(XfrmProto(t.id.proto), XfrmProto::ESP);
    assert_eq!(XfrmMode(t.mode), XfrmMode::TUNNEL);
    assert_eq!(
        t.saddr.ip(t.family.get()),
        Some("192.0.2.1".parse().unwrap())
    );
    assert_eq!(
        t.id.daddr.ip(t.family.get()),
        Some("198.51.100.1".parse().unwrap())
    );
    assert_eq!(t.aalgos.get(), u32::MAX);
    let pt = p.policy_type().unwrap().unwrap().get();
    assert_eq!(PolicyType(pt.r#type), PolicyType::MAIN);
}

#[test]
fn counts_read_their_attributes() {
    let bytes = capture("spdinfo.bin");
    let m = Messages::new(&bytes).next().unwrap().unwrap();
    let v = SpdInfoMsg::parse(m).unwrap();
    let info = v.info().unwrap().unwrap().get();
    assert_eq!(info.outcnt.get(), 1);
    assert_eq!(info.incnt.get(), 0);
    let bytes = capture("sadinfo.bin");
    let m = Messages::new(&bytes).next().unwrap().unwrap();
    let v = SadInfoMsg::parse(m).unwrap();
    assert_eq!(v.cnt().unwrap(), Some(0));
}

/// Rebuilds `ip xfrm state add ... enc cbc(aes) ... auth-trunc hmac(sha256) ...` from its
/// parts, byte for byte but for the sequence number: the kernel here lacks the ciphers, so
/// `ip`'s request is the oracle.
#[test]
fn state_add_request_is_rebuilt_exactly() {
    let want = capture("state_add_esp_tunnel.req");
    let m = Messages::new(&want).next().unwrap().unwrap();
    let seen = SaMsg::parse(m).unwrap();
    let sa = *seen.header();
    // The header as `ip` writes it, from the words; without a selector `ip` leaves all of
    // it zero, its family included.
    let fresh = XfrmUsersaInfo {
        id: XfrmId {
            daddr: XfrmAddress::new("198.51.100.1".parse().unwrap()),
            spi: 0x100.into(),
            proto: XfrmProto::ESP.0,
            ..XfrmId::default()
        },
        saddr: XfrmAddress::new("192.0.2.1".parse().unwrap()),
        lft: XfrmLifetimeCfg::infinite(),
        reqid: 7.into(),
        family: 2.into(),
        mode: XfrmMode::TUNNEL.0,
        ..XfrmUsersaInfo::default()
    };
    assert_eq!(sa, fresh);
    let mut buf = Vec::new();
    let mut b = SaMsg::builder(
        &mut buf,
        XFRM_MSG_NEWSA,
        Flags(Flags::REQUEST.0 | Flags::ACK.0),
        &fresh,
    )
    .unwrap();
    put_algo(
        &mut b,
        Xfrma::ALG_CRYPT,
        XfrmAlgo {
            alg_name: AlgName::new("cbc(aes)"),
            alg_key_len: 128.into(),
        }
        .as_bytes(),
        &hex("00112233445566778899aabbccddeeff"),
    );
    put_algo(
        &mut b,
        Xfrma::ALG_AUTH_TRUNC,
        XfrmAlgoAuth {
            alg_name: AlgName::new("hmac(sha256)"),
            alg_key_len: 256.into(),
            alg_trunc_len: 128.into(),
        }
        .as_bytes(),
        &hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
    );
    b.finish().unwrap();
    assert_eq!(without_seq(&buf), without_seq(&want));
}

fn put_algo(b: &mut MessageBuilder<'_>, kind: Xfrma, head: &[u8], key: &[u8]) {
    b.put_parts(kind.0, &[head, key]);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap(), 16).unwrap())
        .collect()
}

fn without_seq(b: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    v.get_mut(8..12).unwrap().fill(0);
    v
}

#[test]
fn a_dump_request_has_no_header_and_a_lookup_one() {
    let dump = capture("state_dump.req");
    let m = Messages::new(&dump).next().unwrap().unwrap();
    assert!(family(m.message_type()).is_some_and(|f| f.name == "xfrm get"));
    let attrs = (GET_DUMPS.attrs)(m).unwrap();
    let a = attrs.into_iter().next().unwrap().unwrap();
    assert_eq!(a.kind(), Xfrma::ADDRESS_FILTER.0);
    let get = capture("policy_get.req");
    let m = Messages::new(&get).next().unwrap().unwrap();
    let v = PolicyIdMsg::parse(m).unwrap();
    assert_eq!(PolicyDir(v.header().dir), PolicyDir::FWD);
    assert_eq!(v.mark().unwrap().unwrap().get().m.get(), 0xff);
}

#[test]
fn a_short_template_list_keeps_only_whole_entries_and_a_short_header_is_an_error() {
    let bytes = capture("policy_dump.bin");
    let m = Messages::new(&bytes).next().unwrap().unwrap();
    let short = m.payload().get(..100).unwrap();
    let header = crate::header::Header::new(0, XFRM_MSG_NEWPOLICY, Flags::EMPTY, 0, 0);
    let cut = Msg::from_parts(&header, short);
    assert!(matches!(
        PolicyMsg::parse(cut),
        Err(Error::Truncated { .. })
    ));
}
