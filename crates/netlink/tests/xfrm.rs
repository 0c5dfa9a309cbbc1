//! IPsec over `NETLINK_XFRM` on the real kernel, each test in a namespace of its own, checked
//! against `ip xfrm` on the same namespace; and the requests this kernel refuses (it has no
//! cipher modules) checked byte for byte against `ip xfrm`'s captured requests.

use std::net::IpAddr;
use std::time::Duration;

use netlink::netlink_wire::Flags;
use netlink::netlink_wire::xfrm::{
    PolicyAction, PolicyDir, XFRM_MSG_DELPOLICY, XFRM_MSG_FLUSHPOLICY, XFRM_MSG_FLUSHSA,
    XFRM_MSG_GETPOLICY, XFRM_MSG_NEWPOLICY, XFRM_MSG_NEWSA, XfrmGroup, XfrmMode, XfrmProto,
};
use netlink::xfrm::{
    AlgoKind, Algorithm, AllocSpi, PolicyFilter, PolicyFlush, PolicyKey, PolicyRequest, Selector,
    StateFilter, StateFlush, StateKey, StateRequest, Template, XfrmEvent,
};
use netlink::{ConnectionOptions, Lookup, Object, Request, XfrmConnection};
use netlink_testns::TestNs;

fn conn(ns: &TestNs) -> XfrmConnection {
    XfrmConnection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn tunnel_policy() -> PolicyRequest {
    PolicyRequest::new(
        Selector::new((ip("192.0.2.0"), 24), (ip("198.51.100.0"), 24)),
        PolicyDir::OUT,
    )
    .template(Template::new(
        XfrmProto::ESP,
        XfrmMode::TUNNEL,
        Some(ip("192.0.2.1")),
        Some(ip("198.51.100.1")),
    ))
}

fn block_policy() -> PolicyRequest {
    PolicyRequest::new(
        Selector::new((ip("2001:db8:1::"), 48), (ip("2001:db8:2::"), 48))
            .proto(6)
            .dport(443),
        PolicyDir::FWD,
    )
    .priority(7)
    .action(PolicyAction::BLOCK)
    .mark((0x10, 0xff))
}

fn capture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../netlink-wire/testdata/xfrm/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The request with its sequence number zeroed and the flags the engine adds (request, ack)
/// taken off, so that it compares with what a builder writes.
fn comparable(b: &[u8]) -> Vec<u8> {
    let mut v = b.to_vec();
    v[8..12].fill(0);
    let flags = u16::from_ne_bytes([v[6], v[7]]) & !(Flags::REQUEST.0 | Flags::ACK.0);
    v[6..8].copy_from_slice(&flags.to_ne_bytes());
    v
}

fn built(r: &impl Request, t: netlink::MessageType) -> Vec<u8> {
    let mut buf = Vec::new();
    r.build(&mut buf, t, Flags::EMPTY).unwrap();
    buf
}

#[test]
fn requests_are_ip_xfrms_byte_for_byte() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "policy_add_tmpl.req",
            built(&tunnel_policy(), XFRM_MSG_NEWPOLICY),
        ),
        (
            "policy_add_block_mark.req",
            built(&block_policy(), XFRM_MSG_NEWPOLICY),
        ),
        (
            "policy_delete.req",
            built(&block_policy_key(), XFRM_MSG_DELPOLICY),
        ),
        (
            "policy_flush.req",
            built(&PolicyFlush::default(), XFRM_MSG_FLUSHPOLICY),
        ),
        (
            "state_flush.req",
            built(&StateFlush::default(), XFRM_MSG_FLUSHSA),
        ),
        (
            "state_add_esp_tunnel.req",
            built(
                &StateRequest::new(ip("192.0.2.1"), ip("198.51.100.1"), XfrmProto::ESP, 0x100)
                    .reqid(7)
                    .mode(XfrmMode::TUNNEL)
                    .algorithm(Algorithm::new(
                        AlgoKind::Enc,
                        "cbc(aes)",
                        &hex("00112233445566778899aabbccddeeff"),
                    ))
                    .algorithm(Algorithm::new(
                        AlgoKind::AuthTrunc(128),
                        "hmac(sha256)",
                        &hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
                    )),
                XFRM_MSG_NEWSA,
            ),
        ),
        (
            "state_add_aead.req",
            built(
                &StateRequest::new(ip("2001:db8::1"), ip("2001:db8::2"), XfrmProto::ESP, 0x200)
                    .algorithm(Algorithm::new(
                        AlgoKind::Aead(128),
                        "rfc4106(gcm(aes))",
                        &hex("0011223344556677889900112233445566778899"),
                    )),
                XFRM_MSG_NEWSA,
            ),
        ),
    ];
    for (name, ours) in cases {
        let mut theirs = capture(name);
        if name == "state_flush.req" {
            // `ip` sends `nlmsg_len` 17 (the 1-byte `xfrm_usersa_flush` unpadded); the
            // builder pads every family header to 4 bytes, which the kernel reads the same.
            assert_eq!(theirs[0], 17);
            theirs.resize(20, 0);
            theirs[0] = 20;
        }
        assert_eq!(comparable(&ours), comparable(&theirs), "{name}");
    }
    // A lookup is the delete's id with GETPOLICY.
    let mut get = Vec::new();
    <netlink::xfrm::XfrmPolicy as Lookup<PolicyKey>>::get_request(&block_policy_key(), &mut get)
        .unwrap();
    assert_eq!(comparable(&get), comparable(&capture("policy_get.req")));
    // The dumps: a bare GETPOLICY, a GETSA with an address filter that selects everything.
    let mut dump = Vec::new();
    <netlink::xfrm::XfrmPolicy as Object>::dump_request(&PolicyFilter::default(), &mut dump)
        .unwrap();
    assert_eq!(comparable(&dump), comparable(&capture("policy_dump.req")));
    let mut dump = Vec::new();
    <netlink::xfrm::XfrmState as Object>::dump_request(&StateFilter::default(), &mut dump).unwrap();
    assert_eq!(comparable(&dump), comparable(&capture("state_dump.req")));
    let _ = XFRM_MSG_GETPOLICY;
}

fn block_policy_key() -> PolicyKey {
    PolicyKey::new(
        Selector::new((ip("2001:db8:1::"), 48), (ip("2001:db8:2::"), 48))
            .proto(6)
            .dport(443),
        PolicyDir::FWD,
    )
    .mark((0x10, 0xff))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn policies_add_list_get_delete_count_and_flush_as_ip_sees_them() {
    let ns = TestNs::new();
    let x = conn(&ns);
    x.add_policy(&tunnel_policy()).unwrap();
    ns.ip(&[
        "xfrm",
        "policy",
        "add",
        "src",
        "2001:db8:1::/48",
        "dst",
        "2001:db8:2::/48",
        "proto",
        "tcp",
        "dport",
        "443",
        "dir",
        "fwd",
        "priority",
        "7",
        "action",
        "block",
        "mark",
        "0x10",
        "mask",
        "0xff",
    ]);
    let shown = ns.ip(&["xfrm", "policy", "show"]);
    assert!(
        shown.contains("src 192.0.2.0/24 dst 198.51.100.0/24 \n\tdir out priority 0 ptype main \n\ttmpl src 192.0.2.1 dst 198.51.100.1\n\t\tproto esp reqid 0 mode tunnel\n"),
        "{shown}"
    );

    let all = x.policies(PolicyFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let out = all.iter().find(|p| p.dir == PolicyDir::OUT).unwrap();
    assert_eq!(out.selector.src, Some((ip("192.0.2.0"), 24)));
    assert_eq!(out.templates.len(), 1);
    assert_eq!(out.templates[0].dst, Some(ip("198.51.100.1")));
    assert_eq!(out.templates[0].mode, XfrmMode::TUNNEL);
    let fwd = x
        .policies(PolicyFilter::default().dir(PolicyDir::FWD))
        .unwrap();
    assert_eq!(fwd.len(), 1);
    assert_eq!(fwd[0].action, PolicyAction::BLOCK);
    assert_eq!(fwd[0].priority, 7);
    assert_eq!(fwd[0].mark, Some((0x10, 0xff)));
    assert_eq!(fwd[0].selector.dport, (443, 0xffff));

    let got = x.policy(&block_policy_key()).unwrap().unwrap();
    assert_eq!(got, fwd[0]);
    assert!(x.policy(&out.key().mark((1, 1))).unwrap().is_none());

    let count = x.policy_count().unwrap().counts.unwrap();
    let ip_count = ns.ip(&["xfrm", "policy", "count"]);
    assert!(
        ip_count.contains(&format!(
            "SPD IN  {} OUT {} FWD {}",
            count.incnt, count.outcnt, count.fwdcnt
        )),
        "{ip_count} vs {count:?}"
    );
    assert_eq!((count.outcnt, count.fwdcnt), (1, 1));

    // update changes the priority of what is there.
    x.update_policy(&tunnel_policy().priority(9)).unwrap();
    assert!(
        ns.ip(&["xfrm", "policy", "show"])
            .contains("dir out priority 9")
    );
    // add refuses a policy that exists.
    assert!(x.add_policy(&tunnel_policy()).is_err());

    x.delete_policy(&out.key()).unwrap();
    let shown = ns.ip(&["xfrm", "policy", "show"]);
    assert!(!shown.contains("dir out"), "{shown}");
    assert!(shown.contains("dir fwd action block priority 7"), "{shown}");
    assert!(x.delete_policy(&out.key()).unwrap_err().is_not_found());

    x.flush_policies(&PolicyFlush::default()).unwrap();
    assert_eq!(ns.ip(&["xfrm", "policy", "show"]), "");
    assert!(x.policies(PolicyFilter::default()).unwrap().is_empty());
}

#[test]
fn states_allocspi_list_get_delete_count_and_flush_as_ip_sees_them() {
    let ns = TestNs::new();
    let x = conn(&ns);
    let req = AllocSpi::new(ip("192.0.2.1"), ip("198.51.100.1"), XfrmProto::ESP)
        .mode(XfrmMode::TUNNEL)
        .reqid(3)
        .min(0x1234)
        .max(0x1234);
    let sa = x.alloc_spi(&req).unwrap();
    assert_eq!(sa.spi, 0x1234);
    assert_eq!(sa.reqid, 3);
    let shown = ns.ip(&["xfrm", "state", "show"]);
    assert!(
        shown.starts_with(
            "src 192.0.2.1 dst 198.51.100.1\n\tproto esp spi 0x00001234 reqid 3 mode tunnel\n"
        ),
        "{shown}"
    );
    let all = x.states(StateFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].spi, 0x1234);
    assert_eq!(all[0].src, Some(ip("192.0.2.1")));
    assert_eq!(all[0].mode, XfrmMode::TUNNEL);
    assert!(x.states(StateFilter::default().spi(1)).unwrap().is_empty());
    assert_eq!(x.state_count().unwrap().count, 1);
    assert!(ns.ip(&["xfrm", "state", "count"]).contains("SAD count 1"));

    let key = StateKey::new(ip("198.51.100.1"), XfrmProto::ESP, 0x1234);
    assert_eq!(x.state(&key).unwrap().unwrap().spi, 0x1234);
    x.delete_state(&key).unwrap();
    assert_eq!(ns.ip(&["xfrm", "state", "show"]), "");
    assert!(x.state(&key).unwrap().is_none());

    x.alloc_spi(&req).unwrap();
    x.flush_states(&StateFlush::default()).unwrap();
    assert_eq!(ns.ip(&["xfrm", "state", "count"]).trim(), "SAD count 0");
}

#[test]
fn a_state_this_kernel_cannot_key_is_refused_as_ip_is_refused() {
    let ns = TestNs::new();
    let x = conn(&ns);
    let req = StateRequest::new(ip("192.0.2.1"), ip("198.51.100.1"), XfrmProto::ESP, 0x100)
        .algorithm(Algorithm::new(AlgoKind::Enc, "cbc(aes)", &[0; 16]));
    match x.add_state(&req) {
        // The kernel has no cipher modules here; with them, the SA is there.
        Err(e) => {
            assert!(e.errno().is_some(), "{e}");
            assert_eq!(x.state_count().unwrap().count, 0);
        }
        Ok(()) => assert_eq!(x.state_count().unwrap().count, 1),
    }
}

#[test]
fn policy_events_decode() {
    let ns = TestNs::new();
    let x = XfrmConnection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .membership(XfrmGroup::POLICY.0),
    )
    .unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    x.connection().notify(tx);
    x.add_policy(&tunnel_policy()).unwrap();
    ns.ip(&["xfrm", "policy", "flush"]);
    let wait = Duration::from_secs(10);
    let first = XfrmEvent::from_message(&rx.recv_timeout(wait).unwrap()).unwrap();
    match first {
        XfrmEvent::NewPolicy(p) => assert_eq!(p.dir, PolicyDir::OUT),
        other => panic!("{other:?}"),
    }
    let second = XfrmEvent::from_message(&rx.recv_timeout(wait).unwrap()).unwrap();
    assert!(matches!(second, XfrmEvent::FlushPolicies(_)), "{second:?}");
}
