//! The u32 classifier: 32-bit keys compared at offsets into the packet (a selector,
//! `struct tc_u32_sel`, and its `struct tc_u32_key`s), hash tables of filters (`divisor`)
//! that a filter can hash into (`hashkey`, `link`), variable offsets past a header (`offset`,
//! `eat`), marks, and the counters of `CONFIG_CLS_U32_PERF`.
//!
//! A u32 handle is `htid:hash:node`: 12 bits of hash table, 8 of bucket, 12 of node
//! ([`u32_handle`]); `tc` prints `800::800` for table `0x800`, bucket 0, node `0x800`.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use zerocopy::byteorder::native_endian::{I16, I32, U16, U32, U64};
use zerocopy::byteorder::network_endian::{U16 as BeU16, U32 as BeU32};

use crate::rtnl::tc::{ActionList, ClsFlags, StructArray, TcHandle, TcaPolice};

kernel_struct! {
    /// `struct tc_u32_key`: one 32-bit comparison: `(word at off) & mask == val`.
    TcU32Key = "tc_u32_key", 16 {
        /// `mask`: the bits compared (network order).
        pub mask: BeU32,
        /// `val`: their value (network order).
        pub val: BeU32,
        /// `off`: the offset of the word from the network header (or from the variable
        /// offset, when `offmask` is -1).
        pub off: I32,
        /// `offmask`: -1 for an offset past the variable offset (`nexthdr+`), else 0.
        pub offmask: I32,
    }
}

impl TcU32Key {
    /// The key `word at off & mask == val`, all in host order as `tc` prints them.
    #[must_use]
    #[inline]
    pub fn new(val: u32, mask: u32, off: i32) -> Self {
        TcU32Key {
            mask: BeU32::new(mask),
            val: BeU32::new(val & mask),
            off: I32::new(off),
            offmask: I32::new(0),
        }
    }
}

kernel_struct! {
    /// `struct tc_u32_sel`: a u32 filter's selector, before its `nkeys` keys
    /// ([`U32Sel`]): what makes it terminal, and how the variable offset and the hash are
    /// computed.
    TcU32Sel = "tc_u32_sel", 16 {
        /// `flags`: [`U32SelFlags`].
        pub flags: u8,
        /// `offshift`: the right shift of the variable offset's masked half-word.
        pub offshift: u8,
        /// `nkeys`: the number of keys.
        pub nkeys: u8,
        /// The padding C puts before `offmask`.
        pub _pad: u8,
        /// `offmask`: the mask of the half-word read at `offoff` (network order).
        pub offmask: BeU16,
        /// `off`: a fixed offset added to the variable offset.
        pub off: U16,
        /// `offoff`: where the half-word is read.
        pub offoff: I16,
        /// `hoff`: where the word hashed into a linked table is read.
        pub hoff: I16,
        /// `hmask`: the bits of that word hashed (network order).
        pub hmask: BeU32,
    }
}

/// A u32 selector and its keys (`TCA_U32_SEL`).
pub type U32Sel<'a> = StructArray<'a, TcU32Sel, TcU32Key>;

flags! {
    /// `TC_U32_*`: the bits of `tc_u32_sel.flags`.
    U32SelFlags(u8);
    /// A match ends the classification (the filter has a class or actions).
    TERMINAL = 0x1, "TC_U32_TERMINAL", "terminal";
    /// There is a fixed offset (`off`).
    OFFSET = 0x2, "TC_U32_OFFSET", "offset";
    /// There is a variable offset (`offoff`, `offmask`, `offshift`).
    VAROFFSET = 0x4, "TC_U32_VAROFFSET", "varoffset";
    /// The offset carries over to linked tables.
    EAT = 0x8, "TC_U32_EAT", "eat";
}

kernel_struct! {
    /// `struct tc_u32_mark`: a match on the packet's mark (`TCA_U32_MARK`).
    TcU32Mark = "tc_u32_mark", 12 {
        /// `val`: the mark's value.
        pub val: U32,
        /// `mask`: the bits compared.
        pub mask: U32,
        /// `success`: packets that matched (dumps).
        pub success: U32,
    }
}

kernel_struct! {
    /// `struct tc_u32_pcnt`: a u32 filter's counters, before one `u64` per key ([`U32Pcnt`]).
    TcU32Pcnt = "tc_u32_pcnt", 16 {
        /// `rcnt`: packets seen.
        pub rcnt: U64,
        /// `rhit`: packets matched.
        pub rhit: U64,
    }
}

/// A u32 filter's counters and the hits of each key (`TCA_U32_PCNT`).
pub type U32Pcnt<'a> = StructArray<'a, TcU32Pcnt, U64>;

attributes! {
    /// The options of a u32 filter, or of one of its hash tables.
    view U32Options;
    /// `TCA_U32_*`: the u32 classifier's attributes.
    numbers TcaU32;
    /// A typed u32 attribute.
    enum U32Attr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_U32_CLASSID", Classid(val TcHandle), classid;
    /// The hash table and bucket the filter is in (`ht`).
    HASH = 2, "TCA_U32_HASH", Hash(u32), hash;
    /// The hash table packets go on in (`link`).
    LINK = 3, "TCA_U32_LINK", Link(u32), link;
    /// A hash table's number of buckets.
    DIVISOR = 4, "TCA_U32_DIVISOR", Divisor(u32), divisor;
    /// The selector and its keys.
    SEL = 5, "TCA_U32_SEL", Sel(val U32Sel<'a>), sel;
    /// The old-style police.
    POLICE = 6, "TCA_U32_POLICE", Police(nest TcaPolice), police;
    /// The actions.
    ACT = 7, "TCA_U32_ACT", Act(val ActionList<'a>), actions;
    /// The device packets must come in on.
    INDEV = 8, "TCA_U32_INDEV", Indev(str), indev;
    /// The counters (`CONFIG_CLS_U32_PERF`).
    PCNT = 9, "TCA_U32_PCNT", Pcnt(val U32Pcnt<'a>), pcnt;
    /// A match on the mark (`CONFIG_CLS_U32_MARK`).
    MARK = 10, "TCA_U32_MARK", Mark({TcU32Mark}), mark;
    /// [`ClsFlags`].
    FLAGS = 11, "TCA_U32_FLAGS", Flags(val ClsFlags), flags;
    /// Padding for 64-bit alignment.
    PAD = 12, "TCA_U32_PAD", Pad(bytes);
}

/// `TC_U32_ROOT`: the hash table id of the root table's handles (`800:`).
pub const TC_U32_ROOT: u32 = 0xfff0_0000;

/// The u32 handle `htid:hash:node` (`tc`'s `ht:bkt:node`, hexadecimal): the hash table id's
/// low 12 bits, the bucket and the node's low 12 bits.
#[must_use]
#[inline]
pub const fn u32_handle(htid: u16, hash: u8, node: u16) -> TcHandle {
    let htid = (htid as u32 & 0xfff) << 20;
    let hash = (hash as u32) << 12;
    TcHandle(htid | hash | (node as u32 & 0xfff))
}

/// The parts of a u32 handle: `TC_U32_USERHTID`, `TC_U32_HASH`, `TC_U32_NODE`.
#[doc(alias = "TC_U32_USERHTID")]
#[doc(alias = "TC_U32_HASH")]
#[doc(alias = "TC_U32_NODE")]
#[must_use]
#[inline]
pub const fn u32_parts(h: TcHandle) -> (u16, u8, u16) {
    let [a, b, c, d] = h.0.to_be_bytes();
    let htid = u16::from_be_bytes([a, b]) >> 4;
    let hash = ((b & 0x0f) << 4) | (c >> 4);
    let node = u16::from_be_bytes([c & 0x0f, d]);
    (htid, hash, node)
}
