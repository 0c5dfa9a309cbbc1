//! Real kernel bytes, captured from a private namespace (see `testdata/README.md`), decoded.

use std::path::PathBuf;

use netlink_wire::{
    DoneMsg, ErrorMsg, Flags, Header, MessageType, Messages, Msg, check, decode_message,
};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The datagram boundaries recorded next to a capture, or the whole file as one datagram.
fn datagrams(name: &str) -> Vec<Vec<u8>> {
    let bytes = data(&format!("{name}.bin"));
    let lens = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("testdata/{name}.lens"));
    let Ok(lens) = std::fs::read_to_string(lens) else {
        return vec![bytes];
    };
    let mut out = Vec::new();
    let mut at = 0;
    for l in lens.lines() {
        let n: usize = l.trim().parse().unwrap();
        out.push(bytes[at..at + n].to_vec());
        at += n;
    }
    assert_eq!(at, bytes.len(), "{name}.lens does not add up");
    out
}

fn only(bytes: &[u8]) -> Msg<'_> {
    let mut it = Messages::new(bytes);
    let m = it.next().unwrap().unwrap();
    assert!(it.next().is_none());
    m
}

const ALL: [(&str, usize); 14] = [
    ("link_dump", 7),
    ("addr_dump", 10),
    ("route4_dump", 11),
    ("route6_dump", 20),
    ("neigh_dump", 19),
    ("neigh_proxy_dump", 3),
    ("rule4_dump", 7),
    ("rule6_dump", 4),
    ("nexthop_dump", 5),
    ("notify_addr", 2),
    ("notify_link", 2),
    ("notify_route", 1),
    ("route4_dump_big", 3013),
    ("neigh_table_dump", 5),
];

#[test]
fn every_capture_decodes_without_error() {
    for (name, count) in ALL {
        let bytes = data(&format!("{name}.bin"));
        let s = check::walk(&bytes);
        assert_eq!(s.messages, count, "{name}");
        assert_eq!(s.errors, 0, "{name}: {s:?}");
        assert_eq!(s.typed_errors, 0, "{name}: {s:?}");
        assert!(s.attrs + 1 >= count, "{name}: only {} attributes", s.attrs);
        // Each datagram walks on its own, and every message re-encodes byte for byte.
        for d in datagrams(name) {
            for m in Messages::new(&d) {
                let m = m.unwrap();
                let len = m.header().len() as usize;
                let orig = &d[m.offset()..m.offset() + len];
                assert_eq!(decode_message(orig).unwrap().to_bytes().unwrap(), orig);
                for a in m.attrs(family_len(m.message_type())).unwrap() {
                    a.unwrap();
                }
            }
        }
    }
}

fn family_len(t: MessageType) -> usize {
    match t.0 {
        16..=19 => 16,
        20..=23 | 104..=107 => 8,
        24..=35 => 12,
        _ => 4,
    }
}

#[test]
fn big_route_dump_counts_and_ends_with_done() {
    let bytes = data("route4_dump_big.bin");
    let msgs: Vec<_> = Messages::new(&bytes).map(Result::unwrap).collect();
    assert_eq!(msgs.len(), 3013);
    assert!(
        msgs[..3012]
            .iter()
            .all(|m| m.message_type() == MessageType(24)
                && m.flags().contains(Flags::MULTI)
                && m.seq() == 4001)
    );
    let done = DoneMsg::parse(msgs[3012]).unwrap();
    assert_eq!(done.code(), 0);
    assert!(done.ext_ack().is_empty());
}

#[test]
fn link_dump_names() {
    let bytes = data("link_dump.bin");
    let names: Vec<String> = Messages::new(&bytes)
        .map(Result::unwrap)
        .filter(|m| m.message_type() == MessageType(16))
        .map(|m| {
            m.attrs(16)
                .unwrap()
                .get(3u16)
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["lo", "veth1", "veth0", "br0", "vx0", "mv0"]);
}

#[test]
fn acknowledgement() {
    let bytes = data("ack.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert!(e.is_ack());
    assert_eq!(only(&bytes).flags(), Flags::CAPPED);
    let request = data("ack.request.bin");
    assert_eq!(e.request_header(), Header::parse(&request).unwrap());
    assert_eq!(e.request_payload(), None);
}

#[test]
fn error_with_extended_ack_message() {
    let bytes = data("error_extack.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(e.errno(), 101); // ENETUNREACH
    let request = data("error_extack.request.bin");
    assert_eq!(e.request_payload().unwrap(), &request[16..]);
    assert_eq!(
        e.ext_ack().message().unwrap(),
        Some("Nexthop has invalid gateway")
    );
    assert_eq!(e.ext_ack().offset().unwrap(), None);

    let bytes = data("error_extack_capped.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(only(&bytes).flags(), Flags::CAPPED | Flags::ACK_TLVS);
    assert_eq!(e.request_payload(), None);
    assert_eq!(e.request_header().len(), 44);
    assert_eq!(
        e.ext_ack().message().unwrap(),
        Some("Nexthop has invalid gateway")
    );
}

#[test]
fn error_without_ext_ack() {
    let bytes = data("error_noext.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(e.errno(), 19); // ENODEV
    assert!(e.ext_ack().is_empty());
    assert_eq!(e.request_payload().unwrap().len(), 28);
}

#[test]
fn error_with_offset_and_policy() {
    let bytes = data("error_offs.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(e.errno(), 34); // ERANGE
    let x = e.ext_ack();
    assert_eq!(
        x.message().unwrap(),
        Some("Attribute failed policy validation")
    );
    assert_eq!(x.offset().unwrap(), Some(32));
    // The offset points at the 2-byte IFLA_MTU (type 4) in the echoed request.
    let request = data("error_offs.request.bin");
    assert_eq!(&request[32..36], &[6, 0, 4, 0]);
    let policy = x.policy().unwrap().unwrap();
    // NL_POLICY_TYPE_ATTR_TYPE is NL_ATTR_TYPE_U32, with MIN_VALUE_U 0 and MAX_VALUE_U 2^32-1.
    assert_eq!(policy.get(1u16).unwrap().unwrap().as_u32().unwrap(), 4);
    assert_eq!(policy.get(4u16).unwrap().unwrap().as_u64().unwrap(), 0);
    assert_eq!(
        policy.get(5u16).unwrap().unwrap().as_u64().unwrap(),
        u64::from(u32::MAX)
    );
}

#[test]
fn error_with_missing_attribute() {
    let bytes = data("error_miss.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(e.errno(), 22);
    assert_eq!(e.ext_ack().missing_type().unwrap(), Some(1));
    assert_eq!(e.ext_ack().message().unwrap(), None);
    let bytes = data("error_nh_noid.bin");
    let e = ErrorMsg::parse(only(&bytes)).unwrap();
    assert_eq!(
        e.ext_ack().message().unwrap(),
        Some("Nexthop id is missing")
    );
}

#[test]
fn done_carrying_an_error() {
    let bytes = data("done_extack.bin");
    let m = only(&bytes);
    assert_eq!(m.flags(), Flags::MULTI | Flags::ACK_TLVS);
    let d = DoneMsg::parse(m).unwrap();
    assert_eq!(d.errno(), 22);
    assert_eq!(
        d.ext_ack().message().unwrap(),
        Some("Filter by device index not supported for link dumps")
    );
}

#[test]
fn every_cut_of_every_small_capture_is_handled() {
    for name in [
        "ack",
        "error_extack",
        "error_extack_capped",
        "error_offs",
        "error_miss",
        "done_extack",
        "notify_route",
        "rule4_dump",
        "nexthop_dump",
        "neigh_proxy_dump",
    ] {
        let bytes = data(&format!("{name}.bin"));
        let full = check::walk(&bytes);
        for n in 0..bytes.len() {
            let s = check::walk(&bytes[..n]);
            assert!(s.messages <= full.messages, "{name} cut at {n}");
            // A cut inside a message is always reported, never silently accepted.
            let on_boundary = Messages::new(&bytes)
                .map_while(Result::ok)
                .any(|m| m.offset() == n)
                || n == 0;
            if !on_boundary {
                assert!(s.errors > 0, "{name} cut at {n} reported no error");
            }
            // Patch the first header's length to the cut so inner decoders see short payloads.
            if n >= 16 {
                let mut c = bytes[..n].to_vec();
                c[..4].copy_from_slice(&u32::try_from(n).unwrap().to_ne_bytes());
                let _ = check::walk(&c);
            }
        }
    }
}

/// The neighbour, neighbour table, rule and nexthop captures (`README.md`, `neigh.md`,
/// `families.md`) and their message counts, DONE included.
const NEIGH_RULE_NEXTHOP: [(&str, usize); 13] = [
    ("neigh_dump", 19),
    ("neigh_proxy_dump", 3),
    ("neigh_table_dump", 5),
    ("neigh_fdb_dump", 20),
    ("neigh_extra_dump", 19),
    ("rule4_dump", 7),
    ("rule6_dump", 4),
    ("rule4_extra_dump", 15),
    ("rule6_extra_dump", 5),
    ("nexthop_dump", 5),
    ("nexthop_extra_dump", 11),
    ("nexthop_stats_dump", 11),
    ("nexthop_bucket_dump", 9),
];

#[test]
fn neighbour_rule_and_nexthop_captures_reencode_byte_for_byte() {
    for (name, count) in NEIGH_RULE_NEXTHOP {
        // Every datagram on its own, then the whole capture: every typed attribute, nests
        // included, writes back the kernel's bytes, NLA_F_NESTED and widths as they were.
        for d in datagrams(name)
            .iter()
            .chain([&data(&format!("{name}.bin"))])
        {
            let s = check::walk(d);
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{name}: {s:?}"
            );
        }
        let bytes = data(&format!("{name}.bin"));
        let s = check::walk(&bytes);
        assert_eq!(s.messages, count, "{name}");
        // Every message but DONE belongs to a declared family, and so walks typed.
        let declared = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| netlink_wire::rtnl::family(m.message_type()).is_some())
            .count();
        assert_eq!(
            declared,
            count - 1,
            "{name}: every message but DONE is declared"
        );
        assert!(s.typed > 0, "{name}: {s:?}");
    }
}

/// Every `.bin` under `testdata/` except the deliberately malformed ones, found by listing
/// the folders so that a new capture is covered without being named here.
fn every_capture() -> Vec<PathBuf> {
    fn visit(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "malformed") {
                    visit(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "bin") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    visit(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata"),
        &mut out,
    );
    out.sort();
    out
}

/// The byte-exact promise over every capture in `testdata`: each decodes without error and
/// every typed attribute, nests included, writes back the kernel's (or the tool's) bytes,
/// `NLA_F_NESTED` bits and integer widths as they were. Generic netlink captures are walked
/// with the ids their own `CTRL_CMD_GETFAMILY` capture gave.
#[test]
fn every_capture_in_testdata_re_encodes_byte_for_byte() {
    let mut ids = netlink_wire::genl::Ids::new();
    ids.learn(&data("genl_ctrl_families.bin"));
    // capture_wg.sh's stand-in kernel gave WireGuard id 0x3a0.
    ids.insert(0x3a0, "wireguard").unwrap();
    let captures = every_capture();
    assert!(captures.len() > 60, "{captures:?}");
    let (mut typed, mut genl) = (0, 0);
    for path in captures {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        // `error_miss` is a netdev (generic netlink) request and its refusal.
        let s = if name.starts_with("genl_")
            || name.starts_with("wg_")
            || name.starts_with("error_miss")
        {
            genl += 1;
            check::walk_with(&bytes, &|t| ids.family(t))
        } else if path.parent().is_some_and(|p| p.ends_with("xfrm")) {
            // NETLINK_XFRM captures, walked with the XFRM declarations.
            netlink_wire::xfrm::walk(&bytes)
        } else {
            check::walk(&bytes)
        };
        // The kernel's refusals (captured NLMSG_ERROR messages) are errors the walk counts;
        // the one request captured for its refusal holds the malformed attribute that caused
        // it (a 2-byte IFLA_MTU), which must be found.
        let bad = usize::from(name == "error_offs.request.bin");
        assert_eq!(
            (s.errors.saturating_sub(s.kernel_errors), s.typed_errors),
            (0, bad),
            "{name}: {s:?}"
        );
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{name}: {s:?}"
        );
        typed += s.typed;
    }
    assert!(
        genl >= 10 && typed > 10_000,
        "{genl} genl captures, {typed} typed attributes"
    );
}
