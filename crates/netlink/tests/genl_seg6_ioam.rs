//! Segment Routing (`SEG6`) and In-situ OAM (`IOAM6`) on the real kernel, against `ip sr` and
//! `ip ioam` (iproute2 6.1), each test in a fresh namespace.

mod genl_support;

use std::io::Write;
use std::net::Ipv6Addr;
use std::process::{Command, Stdio};

use genl_support::genl;
use netlink::genl::ioam6::{IoamNamespace, IoamSchema};
use netlink::genl::seg6::Seg6HmacKey;
use netlink::netlink_wire::genl::seg6::HmacAlgo;
use netlink_testns::TestNs;

/// `ip sr hmac set ID ALGO` with `secret` typed at its prompt (standard input, no terminal).
fn ip_hmac_set(ns: &TestNs, id: &str, algo: &str, secret: &str) {
    let mut child = Command::new("ip")
        .args(["-n", ns.name(), "sr", "hmac", "set", id, algo])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{secret}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tunsrc_matches_ip_sr_both_ways() {
    let ns = TestNs::new();
    let g = genl(&ns);
    assert_eq!(g.seg6_tunsrc().unwrap(), Ipv6Addr::UNSPECIFIED);
    assert_eq!(ns.ip(&["sr", "tunsrc", "show"]), "tunsrc addr ::\n");
    g.set_seg6_tunsrc("2001:db8::1".parse().unwrap()).unwrap();
    assert_eq!(
        ns.ip(&["sr", "tunsrc", "show"]),
        "tunsrc addr 2001:db8::1\n"
    );
    ns.ip(&["sr", "tunsrc", "set", "2001:db8::2"]);
    assert_eq!(g.seg6_tunsrc().unwrap().to_string(), "2001:db8::2");
    let json = ns.ip_value(&["sr", "tunsrc", "show"]);
    assert_eq!(json[0]["tunsrc"], "2001:db8::2");
}

#[test]
fn hmac_keys_match_ip_sr_and_an_empty_secret_deletes() {
    let ns = TestNs::new();
    let g = genl(&ns);
    assert!(g.seg6_hmac_keys().unwrap().is_empty());
    g.set_seg6_hmac(&Seg6HmacKey::new(10, HmacAlgo::SHA256, b"s3cret".to_vec()))
        .unwrap();
    ip_hmac_set(&ns, "11", "sha1", "abc");
    let mut ours = g.seg6_hmac_keys().unwrap();
    ours.sort_by_key(|k| k.key_id);
    assert_eq!(
        ours,
        vec![
            Seg6HmacKey::new(10, HmacAlgo::SHA256, b"s3cret".to_vec()),
            Seg6HmacKey::new(11, HmacAlgo::SHA1, b"abc".to_vec()),
        ]
    );
    // Key by key against ip -j.
    let json = ns.ip_value(&["sr", "hmac", "show"]);
    let json = json.as_array().unwrap();
    assert_eq!(json.len(), 2);
    for k in &ours {
        let t = json
            .iter()
            .find(|t| t["hmac"].as_u64() == Some(u64::from(k.key_id)))
            .unwrap();
        assert_eq!(t["algo"].as_str(), k.algo.short_name());
        assert_eq!(t["secret"].as_str().unwrap().as_bytes(), &k.secret[..]);
    }
    // An empty secret deletes; deleting a key that is not there is ENOENT.
    g.set_seg6_hmac(&Seg6HmacKey::new(10, HmacAlgo::SHA256, Vec::new()))
        .unwrap();
    assert_eq!(
        ns.ip(&["sr", "hmac", "show"]),
        "hmac 11 algo sha1 secret \"abc\"\n"
    );
    let err = g
        .set_seg6_hmac(&Seg6HmacKey::new(10, HmacAlgo::SHA256, Vec::new()))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    // Refused before sending: key 0, a secret over 64 bytes.
    for bad in [
        Seg6HmacKey::new(0, HmacAlgo::SHA1, b"x".to_vec()),
        Seg6HmacKey::new(1, HmacAlgo::SHA1, vec![b'x'; 65]),
    ] {
        let err = g.set_seg6_hmac(&bad).unwrap_err();
        assert!(matches!(err, netlink::Error::InvalidArgument(_)), "{err}");
    }
}

#[test]
fn ioam_namespaces_and_schemas_match_ip_ioam() {
    let ns = TestNs::new();
    let g = genl(&ns);
    assert!(g.ioam_namespaces().unwrap().is_empty());
    assert!(g.ioam_schemas().unwrap().is_empty());
    g.add_ioam_namespace(&IoamNamespace::new(1).data(0xabcd))
        .unwrap();
    g.add_ioam_namespace(&IoamNamespace::new(2).wide(0x12_3456_7890))
        .unwrap();
    ns.ip(&["ioam", "namespace", "add", "3", "data", "7", "wide", "ff"]);
    g.add_ioam_schema(&IoamSchema::new(7, b"abcd".to_vec()))
        .unwrap();
    g.set_ioam_namespace_schema(1, Some(7)).unwrap();

    let mut ours = g.ioam_namespaces().unwrap();
    ours.sort_by_key(|n| n.id);
    let expect = [
        (1, Some(0xabcd), None, Some(7)),
        (2, None, Some(0x12_3456_7890), None),
        (3, Some(7), Some(0xff), None),
    ];
    let got: Vec<_> = ours
        .iter()
        .map(|n| (n.id, n.data, n.wide, n.schema))
        .collect();
    assert_eq!(got, expect);
    // Key by key against ip -j (data in hex, wide with 0x).
    let json = ns.ip_value(&["ioam", "namespace", "show"]);
    let json = json.as_array().unwrap();
    assert_eq!(json.len(), ours.len());
    for n in &ours {
        let t = json
            .iter()
            .find(|t| t["namespace"].as_u64() == Some(u64::from(n.id)))
            .unwrap();
        assert_eq!(
            t["data"].as_str().map(str::to_owned),
            n.data.map(|d| format!("{d:x}"))
        );
        assert_eq!(
            t["wide"].as_str().map(str::to_owned),
            n.wide.map(|d| format!("{d:#x}"))
        );
        assert_eq!(t["schema"].as_u64(), n.schema.map(u64::from));
    }
    let schemas = g.ioam_schemas().unwrap();
    assert_eq!(schemas.len(), 1);
    assert_eq!((schemas[0].id, schemas[0].namespace), (7, Some(1)));
    assert_eq!(schemas[0].data, b"abcd");
    assert_eq!(
        ns.ip(&["ioam", "schema", "show"]),
        "schema 7 [namespace 1], data: 61 62 63 64\n"
    );

    // Detach, delete; what is not there is ENOENT, what is there twice EEXIST.
    g.set_ioam_namespace_schema(1, None).unwrap();
    assert_eq!(
        ns.ip(&["ioam", "schema", "show"]),
        "schema 7, data: 61 62 63 64\n"
    );
    assert!(
        g.add_ioam_namespace(&IoamNamespace::new(1))
            .unwrap_err()
            .is_exists()
    );
    g.delete_ioam_schema(7).unwrap();
    assert!(g.delete_ioam_schema(7).unwrap_err().is_not_found());
    for id in [1, 2, 3] {
        g.delete_ioam_namespace(id).unwrap();
    }
    assert!(g.delete_ioam_namespace(1).unwrap_err().is_not_found());
    assert_eq!(ns.ip(&["ioam", "namespace", "show"]), "");
    // Schema data over IOAM6_MAX_SCHEMA_DATA_LEN is refused before sending.
    let err = g
        .add_ioam_schema(&IoamSchema::new(8, vec![0; 1021]))
        .unwrap_err();
    assert!(matches!(err, netlink::Error::InvalidArgument(_)), "{err}");
}

#[test]
fn a_family_this_kernel_lacks_is_an_unknown_family_naming_it() {
    let ns = TestNs::new();
    let g = genl(&ns);
    for name in ["l2tp", "fou", "ila", "macsec"] {
        match g.family(name) {
            Err(netlink::Error::UnknownFamily { name: n, available }) => {
                assert_eq!(n, name);
                assert!(available.iter().any(|f| f == "SEG6"), "{available:?}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}
