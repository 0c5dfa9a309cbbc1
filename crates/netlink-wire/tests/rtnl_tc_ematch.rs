//! Extended-match trees: an [`EmatchExpr`] built, read back through [`EmatchTree`] into the
//! same expression, for every kind, negation, relation and nesting; tc 6.1's bytes for one
//! expression of every kind; random bytes never panic the reader.

use netlink_wire::rtnl::tc::*;
use proptest::prelude::*;
use zerocopy::FromBytes;

fn leaf() -> impl Strategy<Value = EmatchTest> {
    prop_oneof![
        any::<[u8; 12]>().prop_map(|b| EmatchTest::Cmp(TcfEmCmp::read_from_bytes(&b).unwrap())),
        (
            any::<u16>(),
            0u8..16,
            prop::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(|(off, layer, needle)| EmatchTest::Nbyte { off, layer, needle }),
        any::<[u8; 16]>().prop_map(|b| EmatchTest::U32(TcU32Key::read_from_bytes(&b).unwrap())),
        (
            any::<[u8; 8]>(),
            prop::option::of(prop::collection::vec(any::<u8>(), 0..12)),
            prop::option::of(prop::collection::vec(any::<u8>(), 0..12)),
        )
            .prop_map(|(h, l, r)| EmatchTest::Meta(EmMeta::new(
                TcfMetaHdr::read_from_bytes(&h).unwrap(),
                l,
                r
            ))),
    ]
}

/// An expression of 1 to 4 terms, each maybe negated, joined by AND or OR.
fn expr_of(test: impl Strategy<Value = EmatchTest> + Clone) -> impl Strategy<Value = EmatchExpr> {
    prop::collection::vec((any::<bool>(), any::<bool>(), test), 1..5).prop_map(|terms| {
        let mut it = terms.into_iter();
        let term = |(invert, t): (bool, EmatchTest)| {
            if invert {
                EmatchTerm::not(t)
            } else {
                EmatchTerm::new(t)
            }
        };
        let (inv, _, t) = it.next().unwrap();
        it.fold(EmatchExpr::new(term((inv, t))), |e, (inv, and, t)| {
            if and {
                e.and(term((inv, t)))
            } else {
                e.or(term((inv, t)))
            }
        })
    })
}

fn expr() -> impl Strategy<Value = EmatchExpr> {
    let test = leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![leaf(), expr_of(inner).prop_map(EmatchTest::Group)]
    });
    expr_of(test)
}

proptest! {
    #[test]
    fn built_trees_read_back_equal(e in expr()) {
        let bytes = e.to_bytes();
        let tree = EmatchTree::from_payload(&bytes);
        prop_assert_eq!(EmatchExpr::from_tree(&tree).unwrap(), e);
        // The header counts every match of the flat list.
        let n = tree.matches().unwrap().count();
        prop_assert_eq!(usize::from(tree.header().unwrap().unwrap().nmatches.get()), n);
    }

    #[test]
    fn random_trees_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = EmatchExpr::from_tree(&EmatchTree::from_payload(&bytes));
    }
}

/// What `tc` 6.1 sent (strace) as `TCA_BASIC_EMATCHES` for `basic match 'cmp(u16 at 12 layer
/// link mask 0xffff eq 0x800) and not (u32(u16 0x1122 0xffff at nexthdr+4) or nbyte("abA"
/// at 3 layer 1)) or meta(dev eq "lo")'`: the top level (cmp, the group's container, meta),
/// then the group (u32, nbyte). tc 6.1 reuses its lexer's string buffer, so its needle came
/// out as the later quoted string's bytes, "lo" and the needle's third byte: "loA".
const TC_TREE: &[u8] = &[
    0x08, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x84, 0x00, 0x02, 0x00, 0x18, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
    0x0c, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
    0x03, 0x00, 0x00, 0x00, 0x28, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0c, 0x00, 0x01, 0x00, 0x05, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x03, 0x00, 0x6c, 0x6f, 0x00, 0x00, 0x1c, 0x00, 0x04, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x11, 0x22, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x14, 0x00, 0x05, 0x00, 0x00, 0x00, 0x02, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, 0x10, 0x6c, 0x6f, 0x41, 0x00,
];

#[test]
fn the_builder_writes_tcs_bytes() {
    let e = EmatchExpr::new(EmatchTerm::new(EmatchTest::Cmp(TcfEmCmp::new(
        2, 12, 0, 0xffff, 0, 0x800, false,
    ))))
    .and(EmatchTerm::not(EmatchTest::Group(
        EmatchExpr::new(EmatchTerm::new(EmatchTest::U32(
            TcU32Key::new(0x1122_0000, 0xffff_0000, 4).at_nexthdr(),
        )))
        .or(EmatchTerm::new(EmatchTest::Nbyte {
            off: 3,
            layer: 1,
            needle: b"loA".to_vec(),
        })),
    )))
    .or(EmatchTerm::new(EmatchTest::Meta(EmMeta::new(
        TcfMetaHdr {
            left: TcfMetaVal::new(1, 5, 0, 0),
            right: TcfMetaVal::new(0, 0, 0, 0),
        },
        Some(0u32.to_ne_bytes().to_vec()),
        Some(b"lo".to_vec()),
    ))));
    assert_eq!(e.to_bytes(), TC_TREE);
    assert_eq!(
        EmatchExpr::from_tree(&EmatchTree::from_payload(TC_TREE)).unwrap(),
        e
    );
}
