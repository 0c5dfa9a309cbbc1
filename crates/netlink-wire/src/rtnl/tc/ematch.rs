//! Extended matches (`TCA_EMATCH_TREE_*`), which the basic, cgroup and flow classifiers hold
//! in their `*_EMATCHES` attribute: a header (`struct tcf_ematch_tree_hdr`), then a list of
//! matches numbered from 1, each a `struct tcf_ematch_hdr` (its kind, and how it relates to
//! the next match) and the kind's data: `struct tcf_em_cmp`, `struct tcf_em_nbyte` and its
//! needle, a `struct tc_u32_key`, meta's attributes, or a container's reference to the
//! match its group starts at (its position in the list, from 0).
//!
//! [`EmatchTree`] reads a tree from the nest; [`Ematch`] hands out each match's data typed
//! by its kind. A match whose data is shorter than its kind's struct fails only its own
//! accessor.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h` and `include/uapi/linux/tc_ematch/`.

use zerocopy::byteorder::native_endian::{U16, U32};

use crate::attr::{Attr, Attrs};
use crate::error::{Error, Result};
use crate::rtnl::tc::TcU32Key;
use crate::typed::Nested;

kernel_struct! {
    /// `struct tcf_ematch_tree_hdr`: how many matches the list has (`TCA_EMATCH_TREE_HDR`).
    TcfEmatchTreeHdr = "tcf_ematch_tree_hdr", 4 {
        /// `nmatches`: the number of matches.
        pub nmatches: U16,
        /// `progid`: who wrote the tree (`TCF_EM_PROG_TC` is 1).
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
