//! Property tests: build -> parse -> equal; decode -> encode byte for byte; no input panics.

use netlink_wire::attr::{NLA_F_NESTED, NLA_F_NET_BYTEORDER};
use netlink_wire::{
    AttrWrite, Attrs, DoneMsg, ErrorMsg, Flags, Header, MessageBuilder, MessageType, Messages,
    check, decode_message,
};
use proptest::prelude::*;

/// A tree of attributes: leaves carry bytes, nests carry children.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf {
        kind: u16,
        net: bool,
        payload: Vec<u8>,
    },
    Nest {
        kind: u16,
        children: Vec<Node>,
    },
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (
        0u16..0x4000,
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(|(kind, net, payload)| Node::Leaf { kind, net, payload });
    leaf.prop_recursive(4, 64, 6, |inner| {
        (0u16..0x4000, prop::collection::vec(inner, 0..6))
            .prop_map(|(kind, children)| Node::Nest { kind, children })
    })
}

fn write<W: AttrWrite>(w: &mut W, nodes: &[Node]) {
    for n in nodes {
        match n {
            Node::Leaf { kind, net, payload } => {
                let k = if *net {
                    kind | NLA_F_NET_BYTEORDER
                } else {
                    *kind
                };
                w.put(k, payload);
            }
            Node::Nest { kind, children } => {
                let mut nest = w.nest(kind | NLA_F_NESTED);
                write(&mut nest, children);
            }
        }
    }
}

fn read(attrs: Attrs<'_>) -> Vec<Node> {
    attrs
        .map(|a| {
            let a = a.expect("attribute we built must parse");
            if a.is_nested() {
                Node::Nest {
                    kind: a.kind(),
                    children: read(a.nested()),
                }
            } else {
                Node::Leaf {
                    kind: a.kind(),
                    net: a.is_net_byteorder(),
                    payload: a.payload().to_vec(),
                }
            }
        })
        .collect()
}

fn header() -> impl Strategy<Value = (u16, u16, u32, u32)> {
    (any::<u16>(), any::<u16>(), any::<u32>(), any::<u32>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_header_survives(len in any::<u32>(), (t, f, seq, pid) in header()) {
        let h = Header::new(len, MessageType(t), Flags(f), seq, pid);
        let mut buf = Vec::new();
        h.write_to(&mut buf);
        let back = Header::parse(&buf).unwrap();
        prop_assert_eq!(back, &h);
        prop_assert_eq!((back.len(), back.message_type().0, back.flags().0, back.seq(), back.port_id()), (len, t, f, seq, pid));
    }

    #[test]
    fn any_attribute_tree_survives_build_and_parse(
        (t, f, seq, pid) in header(),
        family in prop::collection::vec(any::<u8>(), 0..24),
        tree in prop::collection::vec(node(), 0..8),
        prefix in 0usize..7,
    ) {
        // Messages are appended after whatever the reused buffer already holds.
        let mut buf = vec![0xee; prefix];
        let mut b = MessageBuilder::new(&mut buf, MessageType(t), Flags(f));
        b.seq(seq).port_id(pid).family_header(family.as_slice());
        write(&mut b, &tree);
        let start = b.start();
        let len = b.finish().unwrap();
        prop_assert_eq!(start % 4, 0);
        prop_assert_eq!(buf.len(), start + len);

        let mut msgs = Messages::new(&buf[start..]);
        let m = msgs.next().unwrap().unwrap();
        prop_assert!(msgs.next().is_none());
        prop_assert_eq!((m.message_type().0, m.flags().0, m.seq(), m.port_id()), (t, f, seq, pid));
        prop_assert_eq!(&m.payload()[..family.len()], family.as_slice());
        prop_assert_eq!(read(m.attrs(family.len()).unwrap()), tree);

        // The same bytes decode as one owned message that re-encodes byte for byte.
        let owned = decode_message(&buf[start..]).unwrap();
        prop_assert_eq!(owned.to_bytes().unwrap(), &buf[start..]);
    }

    #[test]
    fn decoded_messages_reencode_byte_for_byte(bytes in prop::collection::vec(any::<u8>(), 0..300), len_ok in any::<bool>()) {
        let mut bytes = bytes;
        if len_ok && bytes.len() >= 16 {
            // Half the inputs get a consistent length so that the success path is exercised.
            let n = u32::try_from(bytes.len()).unwrap();
            bytes[..4].copy_from_slice(&n.to_ne_bytes());
        }
        match decode_message(&bytes) {
            Ok(m) => prop_assert_eq!(&m.to_bytes().unwrap(), &bytes),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        for m in Messages::new(&bytes).flatten() {
            let mut out = Vec::new();
            m.write_to(&mut out);
            prop_assert_eq!(&out[..], &bytes[m.offset()..m.offset() + m.header().len() as usize]);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), kind in prop::sample::select(vec![2u16, 3, 16, 24, 0x100])) {
        let _ = check::walk(&bytes);
        let mut b = bytes.clone();
        if b.len() >= 16 {
            // Steer toward control messages with a self-consistent length.
            let n = u32::try_from(b.len()).unwrap();
            b[..4].copy_from_slice(&n.to_ne_bytes());
            b[4..6].copy_from_slice(&kind.to_ne_bytes());
        }
        let s = check::walk(&b);
        prop_assert!(s.messages <= 1 + b.len() / 16);
        for m in Messages::new(&b).flatten() {
            if let Ok(e) = ErrorMsg::parse(m) { let _ = e.ext_ack().message(); }
            if let Ok(d) = DoneMsg::parse(m) { let _ = d.ext_ack().offset(); }
        }
        prop_assert!(Attrs::new(&bytes).count() <= bytes.len() / 4 + 1);
    }
}
