//! Extended matches (`TCA_EMATCH_TREE_*`), which the basic, cgroup and flow classifiers hold
//! in their `*_EMATCHES` attribute: a header (`struct tcf_ematch_tree_hdr`), then a list of
//! matches numbered from 1, each a `struct tcf_ematch_hdr` (its kind, and how it relates to
//! the next match) and the kind's data: `struct tcf_em_cmp`, `struct tcf_em_nbyte` and its
//! needle, a `struct tc_u32_key`, meta's attributes, or a container's reference to the
//! match its group starts at (its position in the list, from 0).
//!
//! [`EmatchTree`] reads a tree from the nest; [`Ematch`] hands out each match's data typed
//! by its kind. A match whose data is shorter than its kind's struct fails only its own
//! accessor. [`EmatchExpr`] builds a tree (matches joined by AND and OR, negated, grouped)
//! and writes it as `tc` 6.1 does; [`EmatchExpr::from_tree`] reads one back.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h` and `include/uapi/linux/tc_ematch/`.

use zerocopy::byteorder::native_endian::{U16, U32};

use zerocopy::IntoBytes;

use crate::attr::{Attr, AttrBuilder, AttrWrite, Attrs};
use crate::error::{Error, Result};
use crate::rtnl::tc::TcU32Key;
use crate::typed::Nested;

kernel_struct! {
    /// `struct tcf_ematch_tree_hdr`: how many matches the list has (`TCA_EMATCH_TREE_HDR`).
    TcfEmatchTreeHdr = "tcf_ematch_tree_hdr", 4 {
        /// `nmatches`: the number of matches.
        pub nmatches: U16,
        /// `progid`: who wrote the tree (`TCF_EM_PROG_TC` is 0).
        pub progid: U16,
    }
}

kernel_struct! {
    /// `struct tcf_ematch_hdr`: the start of each match of `TCA_EMATCH_TREE_LIST`.
    TcfEmatchHdr = "tcf_ematch_hdr", 8 {
        /// `matchid`: an id the kind may use (0 for the kinds tc writes).
        pub matchid: U16,
        /// `kind`: an [`EmatchKind`].
        pub kind: U16,
        /// `flags`: [`EmatchFlags`], the relation to the next match among them.
        pub flags: U16,
        /// `pad`.
        pub pad: U16,
    }
}

values! {
    /// `TCF_EM_*`: the kind of an extended match.
    EmatchKind(u16);
    /// A group of matches: its data is the position (from 0) of the group's first match.
    CONTAINER = 0, "TCF_EM_CONTAINER", "container";
    /// A masked comparison of 8, 16 or 32 bits ([`TcfEmCmp`]).
    CMP = 1, "TCF_EM_CMP", "cmp";
    /// A byte string at an offset ([`TcfEmNbyte`]).
    NBYTE = 2, "TCF_EM_NBYTE", "nbyte";
    /// A u32 key ([`TcU32Key`]).
    U32 = 3, "TCF_EM_U32", "u32";
    /// A comparison of packet or system metadata (`TCA_EM_META_*`).
    META = 4, "TCF_EM_META", "meta";
    /// A text search.
    TEXT = 5, "TCF_EM_TEXT", "text";
    /// The VLAN tag.
    VLAN = 6, "TCF_EM_VLAN", "vlan";
    /// A CAN identifier.
    CANID = 7, "TCF_EM_CANID", "canid";
    /// An ipset lookup.
    IPSET = 8, "TCF_EM_IPSET", "ipset";
    /// An iptables match.
    IPT = 9, "TCF_EM_IPT", "ipt";
}

flags! {
    /// `TCF_EM_*` flags of a match: its relation to the next one (the two low bits,
    /// [`EmatchFlags::relation`]), negation, and whether it is simple.
    EmatchFlags(u16);
    /// The next match is ANDed (`TCF_EM_REL_AND`).
    REL_AND = 1, "TCF_EM_REL_AND", "and";
    /// The next match is ORed (`TCF_EM_REL_OR`).
    REL_OR = 2, "TCF_EM_REL_OR", "or";
    /// The result is negated.
    INVERT = 4, "TCF_EM_INVERT", "invert";
    /// The data is a `u32` held in the header's place (`TCF_EM_SIMPLE`).
    SIMPLE = 8, "TCF_EM_SIMPLE", "simple";
}

/// `TCF_EM_REL_MASK`: the bits of [`EmatchFlags`] that relate a match to the next one.
pub const TCF_EM_REL_MASK: u16 = 3;

impl EmatchFlags {
    /// The relation to the next match: `TCF_EM_REL_END` (0, the last of its group),
    /// `TCF_EM_REL_AND` (1) or `TCF_EM_REL_OR` (2); 3 is not defined.
    #[must_use]
    #[inline]
    pub fn relation(self) -> u16 {
        self.bits() & TCF_EM_REL_MASK
    }
}

kernel_struct! {
    /// `struct tcf_em_cmp`: `(the align-sized word at off of layer) & mask OPND val`. The
    /// C bit fields `align:4, flags:4` and `layer:4, opnd:4` share one byte each, the first
    /// of each pair in its low bits (the layout GCC gives them on a little-endian machine,
    /// which tc and the kernel share).
    TcfEmCmp = "tcf_em_cmp", 12 {
        /// `val`: the value compared with.
        pub val: U32,
        /// `mask`: the bits compared (0: all).
        pub mask: U32,
        /// `off`: the offset from the layer's start.
        pub off: U16,
        /// `align` (low bits: 1, 2 or 4 bytes) and `flags` (high bits:
        /// `TCF_EM_CMP_TRANS` 1, the word is in network order).
        pub align_flags: u8,
        /// `layer` (low bits: `TCF_LAYER_*`, 0 link, 1 network, 2 transport) and `opnd`
        /// (high bits: `TCF_EM_OPND_*`, 0 eq, 1 gt, 2 lt).
        pub layer_opnd: u8,
    }
}

impl TcfEmCmp {
    /// `(the align-byte word at off of layer) & mask OPND val`; `trans` sets
    /// `TCF_EM_CMP_TRANS`. `align`, `layer` and `opnd` keep their low 4 bits.
    #[must_use]
    pub fn new(align: u8, off: u16, layer: u8, mask: u32, opnd: u8, val: u32, trans: bool) -> Self {
        TcfEmCmp {
            val: U32::new(val),
            mask: U32::new(mask),
            off: U16::new(off),
            align_flags: (align & 0x0f) | u8::from(trans) << 4,
            layer_opnd: (layer & 0x0f) | (opnd & 0x0f) << 4,
        }
    }

    /// `align`: the size of the word compared, in bytes.
    #[must_use]
    #[inline]
    pub fn align(&self) -> u8 {
        self.align_flags & 0x0f
    }

    /// `flags`: `TCF_EM_CMP_TRANS` (1) when the word is in network order.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> u8 {
        self.align_flags >> 4
    }

    /// `layer`: `TCF_LAYER_LINK` (0), `_NETWORK` (1) or `_TRANSPORT` (2).
    #[must_use]
    #[inline]
    pub fn layer(&self) -> u8 {
        self.layer_opnd & 0x0f
    }

    /// `opnd`: `TCF_EM_OPND_EQ` (0), `_GT` (1) or `_LT` (2).
    #[must_use]
    #[inline]
    pub fn opnd(&self) -> u8 {
        self.layer_opnd >> 4
    }
}

kernel_struct! {
    /// `struct tcf_em_nbyte`: `len` bytes (the needle, which follows) at `off` of `layer`.
    /// `len:12` and `layer:4` share a 16-bit word, `len` in its low bits.
    TcfEmNbyte = "tcf_em_nbyte", 4 {
        /// `off`: the offset from the layer's start.
        pub off: U16,
        /// `len` (low 12 bits) and `layer` (high 4 bits).
        pub len_layer: U16,
    }
}

impl TcfEmNbyte {
    /// `len`: the needle's length.
    #[must_use]
    #[inline]
    pub fn len(&self) -> u16 {
        self.len_layer.get() & 0x0fff
    }

    /// Whether the needle is empty.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `layer`: `TCF_LAYER_*`.
    #[must_use]
    #[inline]
    pub fn layer(&self) -> u8 {
        (self.len_layer.get() >> 12) as u8
    }
}

kernel_struct! {
    /// `struct tcf_meta_val`: one side of a meta comparison.
    TcfMetaVal = "tcf_meta_val", 4 {
        /// `kind`: the type (`TCF_META_TYPE_VAR` 0, `_INT` 1) in bits 12-15 and the meta id
        /// (`TCF_META_ID_*`, 0 for a value) in bits 0-10.
        pub kind: U16,
        /// `shift`: a right shift of the value.
        pub shift: u8,
        /// `op`: on the left side, the comparison (`TCF_EM_OPND_*`: 0 eq, 1 gt, 2 lt).
        pub op: u8,
    }
}

impl TcfMetaVal {
    /// A side of `meta_type` (`TCF_META_TYPE_*`, 4 bits) and meta `id` (11 bits), with its
    /// `shift` and, on the left side, the comparison `op`.
    #[must_use]
    pub fn new(meta_type: u16, id: u16, shift: u8, op: u8) -> Self {
        TcfMetaVal {
            kind: U16::new((meta_type & 0xf) << 12 | (id & 0x7ff)),
            shift,
            op,
        }
    }

    /// `TCF_META_TYPE`: `TCF_META_TYPE_VAR` (0) or `TCF_META_TYPE_INT` (1).
    #[must_use]
    #[inline]
    pub fn meta_type(&self) -> u16 {
        (self.kind.get() >> 12) & 0xf
    }

    /// `TCF_META_ID`: the meta id, `TCF_META_ID_VALUE` (0) for a constant.
    #[must_use]
    #[inline]
    pub fn id(&self) -> u16 {
        self.kind.get() & 0x7ff
    }
}

kernel_struct! {
    /// `struct tcf_meta_hdr`: both sides of a meta comparison (`TCA_EM_META_HDR`).
    TcfMetaHdr = "tcf_meta_hdr", 8 {
        /// `left`: the left side, and the comparison in its `op`.
        pub left: TcfMetaVal,
        /// `right`: the right side.
        pub right: TcfMetaVal,
    }
}

attributes! {
    /// The data of a meta match, read with [`Ematch::meta`].
    view EmMetaOptions;
    /// `TCA_EM_META_*`.
    numbers TcaEmMeta;
    /// A typed meta match attribute.
    enum EmMetaAttr<'a>;
    /// Both sides and the comparison.
    HDR = 1, "TCA_EM_META_HDR", Hdr({TcfMetaHdr}), hdr;
    /// The left side's value (a constant) or mask (a meta id of type int).
    LVALUE = 2, "TCA_EM_META_LVALUE", Lvalue(bytes), lvalue;
    /// The right side's value or mask.
    RVALUE = 3, "TCA_EM_META_RVALUE", Rvalue(bytes), rvalue;
}

attributes! {
    /// The attributes of an extended-match tree, read through [`EmatchTree`].
    view EmatchTreeAttrs;
    /// `TCA_EMATCH_TREE_*`.
    numbers TcaEmatchTree;
    /// A typed extended-match tree attribute.
    enum EmatchTreeAttr<'a>;
    /// How many matches the list has.
    HDR = 1, "TCA_EMATCH_TREE_HDR", Hdr({TcfEmatchTreeHdr}), hdr;
    /// The matches, numbered from 1.
    LIST = 2, "TCA_EMATCH_TREE_LIST", List(bytes), list;
}

/// An extended-match tree: a classifier's `*_EMATCHES` nest.
#[derive(Debug, Clone, Copy)]
pub struct EmatchTree<'a> {
    attrs: EmatchTreeAttrs<'a>,
}

impl<'a> EmatchTree<'a> {
    /// The tree in `nest` (`BasicOptions::ematches`).
    #[must_use]
    #[inline]
    pub fn new(nest: Nested<'a>) -> Self {
        EmatchTree {
            attrs: EmatchTreeAttrs::new(nest.attrs()),
        }
    }

    /// The tree whose attributes are `payload`: the bytes of a `*_EMATCHES` attribute after
    /// its header (what `netlink::ops::tc::Basic` holds as `ematches`).
    #[must_use]
    #[inline]
    pub fn from_payload(payload: &'a [u8]) -> Self {
        EmatchTree {
            attrs: EmatchTreeAttrs::new(Attrs::new(payload)),
        }
    }

    /// The header: how many matches the list has.
    ///
    /// # Errors
    /// A broken frame, or a header shorter than its struct.
    #[inline]
    pub fn header(&self) -> Result<Option<TcfEmatchTreeHdr>> {
        Ok(self.attrs.hdr()?.map(|h| h.get()))
    }

    /// The matches in list order, each with its number (from 1). A broken frame ends the
    /// iteration with its error; so does a match shorter than `struct tcf_ematch_hdr`.
    ///
    /// # Errors
    /// A broken frame before the list.
    pub fn matches(&self) -> Result<impl Iterator<Item = Result<Ematch<'a>>> + use<'a>> {
        let list = self.attrs.attr(TcaEmatchTree::LIST.0)?;
        let attrs = list.map_or_else(|| Attrs::new(&[]), |a| a.nested());
        Ok(attrs.map(|a| a.and_then(Ematch::parse)))
    }
}

/// One extended match: its number in the list, its header and its kind's data.
#[derive(Debug, Clone, Copy)]
pub struct Ematch<'a> {
    attr: Attr<'a>,
    hdr: TcfEmatchHdr,
}

impl<'a> Ematch<'a> {
    /// Reads the header of the match in `attr`.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than `struct tcf_ematch_hdr`.
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let hdr = read::<TcfEmatchHdr>(attr, attr.payload())?;
        Ok(Ematch { attr, hdr })
    }

    /// The match's number in the list (its attribute type), from 1.
    #[must_use]
    #[inline]
    pub fn index(&self) -> u16 {
        self.attr.kind()
    }

    /// The header.
    #[must_use]
    #[inline]
    pub fn header(&self) -> TcfEmatchHdr {
        self.hdr
    }

    /// The kind.
    #[must_use]
    #[inline]
    pub fn kind(&self) -> EmatchKind {
        EmatchKind(self.hdr.kind.get())
    }

    /// The flags: relation to the next match, negation.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> EmatchFlags {
        EmatchFlags(self.hdr.flags.get())
    }

    /// The kind's data, after the header.
    #[must_use]
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.attr
            .payload()
            .get(size_of::<TcfEmatchHdr>()..)
            .unwrap_or_default()
    }

    /// A container's data: the position (from 0) of the first match of its group, whose
    /// number is one more.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the data is shorter than a `u32`.
    #[inline]
    pub fn container(&self) -> Result<u32> {
        read::<U32>(self.attr, self.data()).map(|v| v.get())
    }

    /// A cmp match's data.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the data is shorter than `struct tcf_em_cmp`.
    #[inline]
    pub fn cmp(&self) -> Result<TcfEmCmp> {
        read(self.attr, self.data())
    }

    /// An nbyte match's data: the struct and its needle (`len` bytes).
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the data is shorter than the struct and its needle.
    pub fn nbyte(&self) -> Result<(TcfEmNbyte, &'a [u8])> {
        let nb: TcfEmNbyte = read(self.attr, self.data())?;
        let end = size_of::<TcfEmNbyte>().saturating_add(usize::from(nb.len()));
        let needle = self
            .data()
            .get(size_of::<TcfEmNbyte>()..end)
            .ok_or_else(|| short(self.attr, end, self.data().len()))?;
        Ok((nb, needle))
    }

    /// A meta match's attributes (`TCA_EM_META_*`), offsets continuing the message's.
    #[must_use]
    #[inline]
    pub fn meta(&self) -> EmMetaOptions<'a> {
        let start = self
            .attr
            .offset()
            .saturating_add(crate::attr::NLA_HDRLEN)
            .saturating_add(size_of::<TcfEmatchHdr>());
        EmMetaOptions::new(Attrs::with_offset(self.data(), start))
    }

    /// A u32 match's key.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the data is shorter than `struct tc_u32_key`.
    #[inline]
    pub fn u32_key(&self) -> Result<TcU32Key> {
        read(self.attr, self.data())
    }
}

/// What one match of an [`EmatchExpr`] tests: a kind's data, or a group of matches.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmatchTest {
    /// `cmp(...)`: a masked comparison.
    Cmp(TcfEmCmp),
    /// `nbyte(...)`: `needle` at `off` of `layer` (`TCF_LAYER_*`).
    Nbyte {
        /// The offset from the layer's start.
        off: u16,
        /// `TCF_LAYER_*` (the high 4 bits of the struct's second word).
        layer: u8,
        /// The bytes looked for (up to 4095).
        needle: Vec<u8>,
    },
    /// `u32(...)`: a u32 key.
    U32(TcU32Key),
    /// `meta(...)`: a comparison of metadata.
    Meta(EmMeta),
    /// `(...)`: a group, written as a container whose data refers to the group's first match.
    Group(EmatchExpr),
}

/// The data of a meta match: both sides and their values (`TCA_EM_META_*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmMeta {
    /// `TCA_EM_META_HDR`: both sides, the comparison in the left side's `op`.
    pub hdr: TcfMetaHdr,
    /// `TCA_EM_META_LVALUE`: the left side's value or mask, when written.
    pub lvalue: Option<Vec<u8>>,
    /// `TCA_EM_META_RVALUE`: the right side's value or mask, when written.
    pub rvalue: Option<Vec<u8>>,
}

impl EmMeta {
    /// A meta match of `hdr` and the values given.
    #[must_use]
    pub fn new(hdr: TcfMetaHdr, lvalue: Option<Vec<u8>>, rvalue: Option<Vec<u8>>) -> Self {
        EmMeta {
            hdr,
            lvalue,
            rvalue,
        }
    }
}

/// One match of an [`EmatchExpr`]: a test, maybe negated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmatchTerm {
    /// `not`: the result is negated (`TCF_EM_INVERT`).
    pub invert: bool,
    /// What is tested.
    pub test: EmatchTest,
}

impl EmatchTerm {
    /// `test`, not negated.
    #[must_use]
    pub fn new(test: EmatchTest) -> Self {
        EmatchTerm {
            invert: false,
            test,
        }
    }

    /// `not test`.
    #[must_use]
    pub fn not(test: EmatchTest) -> Self {
        EmatchTerm { invert: true, test }
    }
}

/// The deepest group [`EmatchExpr::from_tree`] follows (the kernel's
/// `CONFIG_NET_EMATCH_STACK` default).
pub const EMATCH_MAX_DEPTH: usize = 32;

/// An extended-match expression to write: matches joined left to right by AND and OR (the
/// kernel evaluates them in that order, without precedence), a group standing for a nested
/// expression. [`EmatchExpr::write`] lays it out as `tc` does: the top sequence first, each
/// group's sequence appended to the list when its container is met, then that group's own
/// groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmatchExpr {
    terms: Vec<EmatchTerm>,
    /// The relation of each term to the next (`TCF_EM_REL_AND` or `_OR`), one fewer than
    /// the terms.
    relations: Vec<u16>,
}

impl EmatchExpr {
    /// An expression of one match.
    #[must_use]
    pub fn new(first: EmatchTerm) -> Self {
        EmatchExpr {
            terms: vec![first],
            relations: Vec::new(),
        }
    }

    /// This expression, AND `next`.
    #[must_use]
    pub fn and(mut self, next: EmatchTerm) -> Self {
        self.relations.push(EmatchFlags::REL_AND.bits());
        self.terms.push(next);
        self
    }

    /// This expression, OR `next`.
    #[must_use]
    pub fn or(mut self, next: EmatchTerm) -> Self {
        self.relations.push(EmatchFlags::REL_OR.bits());
        self.terms.push(next);
        self
    }

    /// The matches of the top sequence, in order.
    #[must_use]
    pub fn terms(&self) -> &[EmatchTerm] {
        &self.terms
    }

    /// The relation of term `i` to the next: `TCF_EM_REL_AND` (1), `_OR` (2), or 0 for the
    /// last.
    #[must_use]
    pub fn relation(&self, i: usize) -> u16 {
        self.relations.get(i).copied().unwrap_or(0)
    }

    /// Writes `TCA_EMATCH_TREE_HDR` and `TCA_EMATCH_TREE_LIST` to `w` (inside a classifier's
    /// `*_EMATCHES` nest), byte for byte as `tc` 6.1 writes them.
    pub fn write<W: AttrWrite>(&self, w: &mut W) {
        let mut list: Vec<Flat<'_>> = Vec::new();
        self.push(&mut list);
        flatten(self, &mut list, 0);
        let hdr = TcfEmatchTreeHdr {
            nmatches: U16::new(u16::try_from(list.len()).unwrap_or(u16::MAX)),
            progid: U16::new(TCF_EM_PROG_TC),
        };
        w.put_struct(TcaEmatchTree::HDR, &hdr);
        let mut l = w.nest(TcaEmatchTree::LIST);
        for (i, f) in list.iter().enumerate() {
            let index = u16::try_from(i).unwrap_or(u16::MAX).saturating_add(1);
            let mut flags = f.relation;
            if f.term.invert {
                flags |= EmatchFlags::INVERT.bits();
            }
            let kind = match &f.term.test {
                EmatchTest::Group(_) => EmatchKind::CONTAINER,
                EmatchTest::Cmp(_) => EmatchKind::CMP,
                EmatchTest::Nbyte { .. } => EmatchKind::NBYTE,
                EmatchTest::U32(_) => EmatchKind::U32,
                EmatchTest::Meta(_) => EmatchKind::META,
            };
            let hdr = TcfEmatchHdr {
                matchid: U16::new(0),
                kind: U16::new(kind.0),
                flags: U16::new(flags),
                pad: U16::new(0),
            };
            let hdr = hdr.as_bytes();
            match &f.term.test {
                EmatchTest::Group(_) => {
                    let r = u32::try_from(f.child).unwrap_or(u32::MAX).to_ne_bytes();
                    l.put_parts(index, &[hdr, &r]);
                }
                EmatchTest::Cmp(c) => {
                    l.put_parts(index, &[hdr, c.as_bytes()]);
                }
                EmatchTest::Nbyte { off, layer, needle } => {
                    let len = u16::try_from(needle.len()).unwrap_or(u16::MAX) & 0x0fff;
                    let nb = TcfEmNbyte {
                        off: U16::new(*off),
                        len_layer: U16::new(len | u16::from(*layer & 0xf) << 12),
                    };
                    // tc pads the needle with the match, and counts the padding in nla_len.
                    let pad = [0u8; 3];
                    let pad = pad
                        .get(..needle.len().wrapping_neg() & 3)
                        .unwrap_or_default();
                    l.put_parts(index, &[hdr, nb.as_bytes(), needle, pad]);
                }
                EmatchTest::U32(k) => {
                    l.put_parts(index, &[hdr, k.as_bytes()]);
                }
                EmatchTest::Meta(m) => {
                    let mut n = l.nest(index);
                    n.put_raw(hdr);
                    n.put_struct(TcaEmMeta::HDR, &m.hdr);
                    if let Some(v) = &m.lvalue {
                        n.put(TcaEmMeta::LVALUE, v);
                    }
                    if let Some(v) = &m.rvalue {
                        n.put(TcaEmMeta::RVALUE, v);
                    }
                }
            }
        }
    }

    /// The payload of a `*_EMATCHES` attribute: [`EmatchExpr::write`]'s bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut b = AttrBuilder::new(&mut out);
        self.write(&mut b);
        // Only a needle or list beyond 64 KiB can fail; what fitted is kept.
        let _ = b.finish();
        out
    }

    /// Reads `tree` back into an expression: the sequence from match 1, each container's
    /// group from the match it refers to.
    ///
    /// # Errors
    /// A broken frame, a match whose data is shorter than its kind's, a kind this type does
    /// not hold, a relation or reference to a match the list lacks, or groups deeper than
    /// [`EMATCH_MAX_DEPTH`] (a group that holds itself): [`Error::Parse`] for those.
    pub fn from_tree(tree: &EmatchTree<'_>) -> Result<Self> {
        let list: Vec<Ematch<'_>> = tree.matches()?.collect::<Result<_>>()?;
        seq_from(&list, 0, 0)
    }

    /// Pushes this sequence's terms onto `list`, relations attached, groups not yet followed.
    fn push<'a>(&'a self, list: &mut Vec<Flat<'a>>) {
        for (i, term) in self.terms.iter().enumerate() {
            list.push(Flat {
                term,
                relation: self.relation(i),
                child: 0,
            });
        }
    }
}

/// `TCF_EM_PROG_TC`: the program id `tc` writes into the tree header.
pub const TCF_EM_PROG_TC: u16 = 0;

/// A match as placed in the flat list: its term, its relation, and for a group the position
/// of the group's first match.
struct Flat<'a> {
    term: &'a EmatchTerm,
    relation: u16,
    child: usize,
}

/// Appends the groups of `seq` (whose terms sit at `start..` of `list`) as `tc`'s
/// `flatten_tree` does: each group's sequence at the end of the list when its container is
/// met, then that sequence's own groups, depth first.
fn flatten<'a>(seq: &'a EmatchExpr, list: &mut Vec<Flat<'a>>, start: usize) {
    for (i, term) in seq.terms.iter().enumerate() {
        if let EmatchTest::Group(g) = &term.test {
            let child = list.len();
            if let Some(f) = start.checked_add(i).and_then(|p| list.get_mut(p)) {
                f.child = child;
            }
            g.push(list);
            flatten(g, list, child);
        }
    }
}

/// The error of a tree that does not read back into an expression.
const BAD_TREE: Error = Error::Parse {
    what: "extended-match tree",
};

/// The sequence that starts at position `pos` of `list`.
fn seq_from(list: &[Ematch<'_>], pos: usize, depth: usize) -> Result<EmatchExpr> {
    if depth >= EMATCH_MAX_DEPTH {
        return Err(BAD_TREE);
    }
    let mut out: Option<EmatchExpr> = None;
    let mut rel = 0;
    for p in pos.. {
        let m = list.get(p).ok_or(BAD_TREE)?;
        let test = match m.kind() {
            EmatchKind::CONTAINER => {
                let first = usize::try_from(m.container()?).map_err(|_| BAD_TREE)?;
                EmatchTest::Group(seq_from(list, first, depth.saturating_add(1))?)
            }
            EmatchKind::CMP => EmatchTest::Cmp(m.cmp()?),
            EmatchKind::NBYTE => {
                let (nb, needle) = m.nbyte()?;
                EmatchTest::Nbyte {
                    off: nb.off.get(),
                    layer: nb.layer(),
                    needle: needle.to_vec(),
                }
            }
            EmatchKind::U32 => EmatchTest::U32(m.u32_key()?),
            EmatchKind::META => {
                let o = m.meta();
                let hdr = o.hdr()?.ok_or(BAD_TREE)?.get();
                EmatchTest::Meta(EmMeta {
                    hdr,
                    lvalue: o.lvalue()?.map(<[u8]>::to_vec),
                    rvalue: o.rvalue()?.map(<[u8]>::to_vec),
                })
            }
            _ => return Err(BAD_TREE),
        };
        let term = EmatchTerm {
            invert: m.flags().contains(EmatchFlags::INVERT),
            test,
        };
        let e = match (out.take(), rel) {
            (None, _) => EmatchExpr::new(term),
            (Some(e), 1) => e.and(term),
            (Some(e), _) => e.or(term),
        };
        rel = m.flags().relation();
        match rel {
            0 => return Ok(e),
            1 | 2 => out = Some(e),
            _ => return Err(BAD_TREE),
        }
    }
    Err(BAD_TREE)
}

/// The error of `data` (in `attr`) shorter than `needed`.
fn short(attr: Attr<'_>, needed: usize, found: usize) -> Error {
    Error::AttrSize {
        kind: attr.kind(),
        offset: attr.offset(),
        expected: needed,
        found,
    }
}

/// The `T` at the start of `data`, a part of `attr`'s payload.
fn read<T: zerocopy::FromBytes>(attr: Attr<'_>, data: &[u8]) -> Result<T> {
    T::read_from_prefix(data)
        .map(|(v, _)| v)
        .map_err(|_| short(attr, size_of::<T>(), data.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An attribute: header, payload, padding.
    fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
        let mut a = u16::try_from(4 + payload.len())
            .unwrap()
            .to_ne_bytes()
            .to_vec();
        a.extend(ty.to_ne_bytes());
        a.extend(payload);
        a.resize((a.len() + 3) & !3, 0);
        a
    }

    fn hdr(kind: u16, flags: u16) -> Vec<u8> {
        [0u16, kind, flags, 0]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect()
    }

    /// `NOT cmp(u16 at 12 layer 0 mask 0xffff eq 2048) AND (nbyte("ab" at 3 layer 1) OR
    /// u32(00110000/00ff0000 at 8))` as tc writes it: the container (match 2) refers to
    /// position 2, match 3, the first of its group.
    fn tree() -> Vec<u8> {
        // The first match's bytes are those tc sent for `basic match 'cmp(u16 at 12 layer
        // link mask 0xffff eq 0x0800)'` (testdata/tc/req-basic.bin), with flags.
        let cmp = [
            hdr(1, 4 | 1),
            vec![0, 8, 0, 0, 0xff, 0xff, 0, 0, 12, 0, 2, 0],
        ]
        .concat();
        let container = [hdr(0, 0), 2u32.to_ne_bytes().to_vec()].concat();
        let nbyte = [
            hdr(2, 2),
            3u16.to_ne_bytes().to_vec(),
            (2u16 | 1 << 12).to_ne_bytes().to_vec(),
            b"ab".to_vec(),
        ]
        .concat();
        let key = TcU32Key::new(0x0011_0000, 0x00ff_0000, 8);
        let u32m = [hdr(3, 0), zerocopy::IntoBytes::as_bytes(&key).to_vec()].concat();
        let list = [
            attr(1, &cmp),
            attr(2, &container),
            attr(3, &nbyte),
            attr(4, &u32m),
        ]
        .concat();
        [attr(1, &[4, 0, 1, 0]), attr(2, &list)].concat()
    }

    #[test]
    fn a_tree_reads_as_tc_wrote_it() {
        let bytes = tree();
        let t = EmatchTree::from_payload(&bytes);
        assert_eq!(t.header().unwrap().unwrap().nmatches.get(), 4);
        let m: Vec<Ematch<'_>> = t.matches().unwrap().map(Result::unwrap).collect();
        assert_eq!(m.len(), 4);
        assert_eq!((m[0].index(), m[0].kind()), (1, EmatchKind::CMP));
        assert!(m[0].flags().contains(EmatchFlags::INVERT));
        assert_eq!(m[0].flags().relation(), 1);
        let c = m[0].cmp().unwrap();
        assert_eq!(
            (
                c.val.get(),
                c.mask.get(),
                c.off.get(),
                c.align(),
                c.layer(),
                c.opnd()
            ),
            (0x800, 0xffff, 12, 2, 0, 0)
        );
        assert_eq!(m[1].container().unwrap(), 2);
        let (nb, needle) = m[2].nbyte().unwrap();
        assert_eq!(
            (nb.off.get(), nb.len(), nb.layer(), needle),
            (3, 2, 1, &b"ab"[..])
        );
        assert_eq!(m[2].flags().relation(), 2);
        assert_eq!(m[3].u32_key().unwrap().off.get(), 8);
        // A kind's accessor on another kind's short data fails alone.
        assert!(matches!(
            m[1].cmp(),
            Err(Error::AttrSize { expected: 12, .. })
        ));
    }

    #[test]
    fn a_meta_match_reads_as_tc_wrote_it() {
        // `meta(nf_mark shift 2 mask 0xff gt 3)`: the header, the left side's mask, the right
        // side's value.
        let side = |kind: u16, shift: u8, op: u8| [&kind.to_ne_bytes()[..], &[shift, op]].concat();
        let data = [
            attr(1, &[side(1 << 12 | 12, 2, 1), side(1 << 12, 0, 0)].concat()),
            attr(2, &0xffu32.to_ne_bytes()),
            attr(3, &3u32.to_ne_bytes()),
        ]
        .concat();
        let bytes = [
            attr(1, &[1, 0, 1, 0]),
            attr(2, &attr(1, &[hdr(4, 0), data].concat())),
        ]
        .concat();
        let t = EmatchTree::from_payload(&bytes);
        let m = t.matches().unwrap().next().unwrap().unwrap();
        let o = m.meta();
        let h = o.hdr().unwrap().unwrap().get();
        assert_eq!(
            (h.left.id(), h.left.meta_type(), h.left.shift, h.left.op),
            (12, 1, 2, 1)
        );
        assert_eq!((h.right.id(), h.right.meta_type()), (0, 1));
        assert_eq!(o.lvalue().unwrap(), Some(&0xffu32.to_ne_bytes()[..]));
        assert_eq!(o.rvalue().unwrap(), Some(&3u32.to_ne_bytes()[..]));
        // Offsets continue the tree's: the header's attribute starts after the list's
        // header, the match's and its tcf_ematch_hdr.
        assert_eq!(o.attr(1).unwrap().unwrap().offset(), 8 + 4 + 4 + 8);
    }

    #[test]
    fn a_cut_tree_never_panics() {
        let bytes = tree();
        for n in 0..bytes.len() {
            let t = EmatchTree::from_payload(&bytes[..n]);
            let _ = t.header();
            if let Ok(ms) = t.matches() {
                for m in ms.flatten() {
                    let _ = (m.container(), m.cmp(), m.nbyte(), m.u32_key(), m.data());
                    let _ = m.meta().typed_attrs().count();
                }
            }
        }
    }
}
