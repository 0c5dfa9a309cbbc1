//! The typed layer over attributes: attribute spaces and their typed enums, nested lists that
//! keep their flags, values that decode and encode themselves, the index that reads a message's
//! attributes once, and the walker that checks all of it.
//!
//! The attribute tables of every family (see the `attributes!` and `family!` macros) generate
//! the types here are made for: one [`AttrSpace`] per table (`Rta`), its typed enum
//! ([`TypedAttr`], `RouteAttr`), and view accessors that answer through an [`AttrIndex`].

use core::cell::OnceCell;
use core::marker::PhantomData;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::attr::{Attr, AttrBuilder, AttrWrite, Attrs, NLA_F_NESTED, NLA_TYPE_MASK};
use crate::error::Result;

/// An attribute space: the numbers of one kind of attribute list and the enum they decode to.
/// Each attribute table implements it on its numbers type (`Rta` for `RouteAttr`).
pub trait AttrSpace {
    /// The typed attribute enum of the space.
    type Attr<'a>: TypedAttr<'a>;
}

/// A typed attribute enum of one attribute space (`LinkAttr`, `RouteAttr`, ...).
pub trait TypedAttr<'a>: Sized + Check {
    /// Decodes one attribute; numbers the table does not know decode to the enum's `Other`
    /// variant, and so do known numbers carrying flag bits their type does not keep.
    ///
    /// # Errors
    /// When a known attribute's payload does not fit its type.
    fn decode(attr: Attr<'a>) -> Result<Self>;

    /// Appends the attribute as it decoded: same number, flags and payload.
    fn write_to<W: AttrWrite>(&self, w: &mut W);
}

/// The attribute numbers of the space `S` as `u16` constants named by their typed variant
/// (`ByVariant::<Rta>::Dst` is `RTA_DST`): a walk that dispatches on the number once, with a
/// table written by variant, matches these and decodes with the enum's `decode_number`.
#[derive(Debug, Clone, Copy)]
pub struct ByVariant<S>(PhantomData<fn() -> S>);

/// Attributes of no declared space: they decode to themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Untyped;

impl AttrSpace for Untyped {
    type Attr<'a> = Attr<'a>;
}

impl<'a> TypedAttr<'a> for Attr<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        Ok(attr)
    }

    #[inline]
    fn write_to<W: AttrWrite>(&self, w: &mut W) {
        w.put(self.raw_type(), self.payload());
    }
}

impl Check for Attr<'_> {
    fn check(&self, w: &mut Walker) {
        w.guess_nest(*self);
    }
}

/// A value an attribute decodes to by a type of its own (the `val T` entries of the tables):
/// value sets (`RoutePref`), flag sets, kernel lists (`NextHops`) and the like.
pub trait Value<'a>: Sized {
    /// Whether the type keeps the attribute's flag bits (`NLA_F_NESTED`) itself; a typed enum
    /// decodes an attribute with flags it does not keep as `Other`, so that a re-encode always
    /// gives the same bytes.
    const KEEPS_FLAGS: bool = false;

    /// Decodes the attribute's payload.
    ///
    /// # Errors
    /// When the payload does not fit the type.
    fn decode(attr: Attr<'a>) -> Result<Self>;

    /// Appends the value as attribute `kind`.
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W);
}

macro_rules! int_values {
    ($($t:ty => $as:ident),*) => {$(
        impl Value<'_> for $t {
            #[inline]
            fn decode(attr: Attr<'_>) -> Result<Self> {
                attr.$as()
            }

            #[inline]
            fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
                w.put(kind, &self.to_ne_bytes());
            }
        }

        impl Check for $t {}
    )*};
}

int_values!(u8 => as_u8, u16 => as_u16, u32 => as_u32, u64 => as_u64, i8 => as_i8,
    i16 => as_i16, i32 => as_i32, i64 => as_i64);

impl Value<'_> for IpAddr {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        attr.as_ip()
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put_ip(kind, *self);
    }
}

impl Check for IpAddr {}

impl<'a> Value<'a> for &'a str {
    /// Strings decode with or without their NUL.
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        attr.as_str()
    }

    /// Strings always encode with their NUL.
    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put_str(kind, self);
    }
}

impl<'a> Value<'a> for &'a [u8] {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        Ok(attr.payload())
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self);
    }
}

/// Writing [`Value`]s: attributes from typed values, and optional ones in one call. Every
/// [`AttrWrite`] has it.
pub trait PutValue: AttrWrite + Sized {
    /// Appends `value` as attribute `kind`, encoded as its type says.
    #[inline]
    fn put_value<'v, V: Value<'v>>(&mut self, kind: impl Into<u16>, value: &V) -> &mut Self {
        value.encode(kind.into(), self);
        self
    }

    /// Appends `value` as attribute `kind` when there is one.
    #[inline]
    fn put_some<'v, V: Value<'v>>(&mut self, kind: impl Into<u16>, value: Option<V>) -> &mut Self {
        if let Some(v) = value {
            v.encode(kind.into(), self);
        }
        self
    }
}

impl<W: AttrWrite> PutValue for W {}

impl Value<'_> for Ipv4Addr {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        attr.as_ipv4()
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put_ipv4(kind, *self);
    }
}

impl Check for Ipv4Addr {}

impl Value<'_> for Ipv6Addr {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        attr.as_ipv6()
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put_ipv6(kind, *self);
    }
}

impl Check for Ipv6Addr {}

/// A nested attribute list of space `S`, as it decoded: the attribute itself is kept, so that a
/// re-encode writes back the same flags (`NLA_F_NESTED` or not) and bytes.
pub struct Nested<'a, S = Untyped> {
    attr: Attr<'a>,
    _space: PhantomData<fn() -> S>,
}

impl<'a, S> Nested<'a, S> {
    /// The nest in attribute `attr`.
    #[must_use]
    #[inline]
    pub fn new(attr: Attr<'a>) -> Self {
        Nested {
            attr,
            _space: PhantomData,
        }
    }

    /// The attribute that holds the nest.
    #[must_use]
    #[inline]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// The nested attributes, offsets continuing the enclosing message's.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attr.nested()
    }

    /// The first nested attribute of type `kind`.
    ///
    /// # Errors
    /// The framing error of a malformed attribute met before it.
    #[inline]
    pub fn get(&self, kind: impl Into<u16>) -> Result<Option<Attr<'a>>> {
        self.attrs().get(kind)
    }

    /// Whether the nest carries `NLA_F_NESTED` (many RTNETLINK nests do not).
    #[must_use]
    #[inline]
    pub fn is_flagged(&self) -> bool {
        self.attr.is_nested()
    }
}

impl<'a, S: AttrSpace> Nested<'a, S> {
    /// The nested attributes decoded as the space's typed enum.
    #[must_use]
    #[inline]
    pub fn typed(&self) -> Typed<'a, S::Attr<'a>> {
        self.attrs().typed()
    }
}

impl<S> Clone for Nested<'_, S> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Nested<'_, S> {}

impl<S> PartialEq for Nested<'_, S> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.attr.raw_type() == other.attr.raw_type() && self.attr.payload() == other.attr.payload()
    }
}

impl<S> core::fmt::Debug for Nested<'_, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Nested")
            .field("flagged", &self.is_flagged())
            .field("attrs", &self.attrs())
            .finish()
    }
}

attr_view_value!(['a, S] Nested<'a, S> = Nested::new);

impl<S: AttrSpace> Check for Nested<'_, S> {
    fn check(&self, w: &mut Walker) {
        w.nested(|w| walk_list::<S>(self.attrs(), w));
    }
}

/// A nest of nests (generic netlink's arrays: `CTRL_ATTR_OPS`, `CTRL_ATTR_MCAST_GROUPS`): each
/// child's number is its position (or an index the kernel chose) and its payload a list of
/// space `S`. Iterating yields `(number, Nested<S>)`; the attribute is kept whole, flags
/// included, for a byte-exact re-encode.
pub struct NestList<'a, S> {
    attr: Attr<'a>,
    _space: PhantomData<fn() -> S>,
}

impl<'a, S> NestList<'a, S> {
    /// The array in attribute `attr`.
    #[must_use]
    #[inline]
    pub fn new(attr: Attr<'a>) -> Self {
        NestList {
            attr,
            _space: PhantomData,
        }
    }

    /// The attribute that holds the array.
    #[must_use]
    #[inline]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// The elements: each child's number and its nest. A malformed child ends the iteration
    /// with its framing error.
    pub fn iter(&self) -> impl Iterator<Item = Result<(u16, Nested<'a, S>)>> + use<'a, S> {
        self.attr
            .nested()
            .map(|r| r.map(|a| (a.kind(), Nested::new(a))))
    }
}

impl<S> Clone for NestList<'_, S> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for NestList<'_, S> {}

impl<S> PartialEq for NestList<'_, S> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.attr.raw_type() == other.attr.raw_type() && self.attr.payload() == other.attr.payload()
    }
}

impl<S> core::fmt::Debug for NestList<'_, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NestList")
            .field("flagged", &self.attr.is_nested())
            .field("items", &self.attr.nested())
            .finish()
    }
}

attr_view_value!(['a, S] NestList<'a, S> = NestList::new);

impl<S: AttrSpace> Check for NestList<'_, S> {
    fn check(&self, w: &mut Walker) {
        for item in self.iter() {
            match item {
                Ok((_, n)) => n.check(w),
                Err(_) => w.summary.typed_errors = w.summary.typed_errors.saturating_add(1),
            }
        }
    }
}

impl<'a> Attrs<'a> {
    /// The attributes decoded as the typed enum `T` of their space (`LinkAttr`, `AddrAttr`...).
    #[must_use]
    #[inline]
    pub fn typed<T: TypedAttr<'a>>(self) -> Typed<'a, T> {
        Typed {
            attrs: self,
            _t: PhantomData,
        }
    }
}

/// An iterator over attributes decoded as `T`. A payload that does not fit its type fails only
/// its own item; a broken attribute header ends the iteration after its error.
///
/// In a hot loop, decoding in the loop's body yields the same items for less:
/// `for a in view.attrs() { let a = a.and_then(RouteAttr::decode); ... }`. There the decoder
/// writes each result where the body reads it; through this iterator the result (48 bytes for
/// a route attribute) is moved once more out of the `Option` that `next` returns, a move the
/// compiler does not remove. `cargo xtask bench decode` measures both loops over the same
/// route messages (see `docs/benchmarks.md`).
#[derive(Debug, Clone)]
pub struct Typed<'a, T> {
    attrs: Attrs<'a>,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T: TypedAttr<'a>> Iterator for Typed<'a, T> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        self.attrs.next().map(|r| r.and_then(T::decode))
    }
}

/// The largest attribute number an [`AttrIndex`] slots; larger numbers are found by scanning.
pub const INDEX_LIMIT: usize = 128;

/// The number of slots an index over the attribute numbers `numbers` needs: the largest plus
/// one, at most [`INDEX_LIMIT`]. The tables evaluate it at compile time, where an out-of-range
/// index or an overflow would be a compile error, not a panic; `get` is not `const`.
#[must_use]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub const fn index_len(numbers: &[u16]) -> usize {
    let mut max = 0usize;
    let mut i = 0;
    while i < numbers.len() {
        let n = numbers[i] as usize;
        if n > max {
            max = n;
        }
        i += 1;
    }
    if max + 1 > INDEX_LIMIT {
        INDEX_LIMIT
    } else {
        max + 1
    }
}

/// Where the first attribute of each number below `N` is in a list, found in one walk; and
/// whether the walk met a malformed attribute.
///
/// Attributes start on 4-byte boundaries, so a slot holds the position divided by 4, plus one
/// (0 is "absent"): 16 bits reach 256 KiB. A position beyond that, which no kernel message
/// has, makes the slot say "scan" instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrIndex<const N: usize> {
    slots: [u16; N],
    broken: bool,
}

/// The slot value that sends a lookup back to scanning.
const SCAN: u16 = u16::MAX;

impl<const N: usize> AttrIndex<N> {
    /// Walks `attrs` once.
    #[must_use]
    #[inline]
    pub fn build(attrs: Attrs<'_>) -> Self {
        let mut slots = [0u16; N];
        let mut broken = false;
        let start = attrs.base();
        for a in attrs {
            let Ok(a) = a else {
                broken = true;
                break;
            };
            if let Some(slot) = slots.get_mut(usize::from(a.kind()))
                && *slot == 0
            {
                let pos = a.offset().saturating_sub(start) / 4;
                *slot = u16::try_from(pos.saturating_add(1))
                    .ok()
                    .filter(|s| *s != SCAN)
                    .unwrap_or(SCAN);
            }
        }
        AttrIndex { slots, broken }
    }

    /// Whether the walk met a malformed attribute.
    #[must_use]
    #[inline]
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// The first attribute of type `kind` in `attrs` (the list the index was built from).
    ///
    /// # Errors
    /// When there is none before a malformed attribute: that attribute's framing error, since
    /// the one asked for may have been behind it.
    #[inline]
    pub fn get<'a>(&self, attrs: Attrs<'a>, kind: u16) -> Result<Option<Attr<'a>>> {
        match self.slots.get(usize::from(kind & NLA_TYPE_MASK)) {
            Some(&0) if !self.broken => Ok(None),
            Some(&slot) if slot != 0 && slot != SCAN => {
                let pos = usize::from(slot.saturating_sub(1)).saturating_mul(4);
                Ok(attrs.at(pos))
            }
            _ => attrs.get(kind),
        }
    }
}

/// The first attribute of each number below `N` of one list, found in a single walk that also
/// checks the whole list's framing: for a caller that reads many fields by number.
///
/// A view's accessors each look their number up through the view's lazy index, which suits a
/// caller that reads a few fields. The table answers each number with one slot read and no
/// scan, and it carries the same generated accessors as the view (`table.gateway()`,
/// `table.oif()` ...) with the same results, the space `S` telling whose they are. Numbers at
/// or above `N` are found by scanning. (The netlink crate's owned route conversion no longer
/// reads through it: one walk over the typed attributes that are present costs less when most
/// numbers are absent.)
#[derive(Clone, Copy)]
pub struct AttrTable<'a, S, const N: usize> {
    attrs: Attrs<'a>,
    slots: [Slot; N],
    _space: PhantomData<fn() -> S>,
}

/// Where one attribute is: its payload's start in the list (0 for "absent": a payload always
/// follows its 4-byte header), its payload's length and its type with the flag bits.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    start: u32,
    len: u16,
    raw_type: u16,
}

impl<'a, S, const N: usize> AttrTable<'a, S, N> {
    /// Walks `attrs` once, keeping the first attribute of each number below `N`.
    ///
    /// # Errors
    /// The first malformed attribute's framing error (as [`Attrs::validate`]): a conversion
    /// that reads through the table never leaves a field empty because its attribute was
    /// behind a broken one.
    #[inline]
    pub fn build(attrs: Attrs<'a>) -> Result<Self> {
        let mut slots = [Slot::default(); N];
        let base = attrs.base();
        for a in attrs {
            let a = a?;
            if let Some(slot) = slots.get_mut(usize::from(a.kind()))
                && slot.start == 0
            {
                // Lists longer than 4 GiB or payloads over 64 KiB cannot exist (`nla_len` is
                // 16 bits); the fallbacks only keep the arithmetic total.
                let start = a.offset().saturating_sub(base).saturating_add(4);
                *slot = Slot {
                    start: u32::try_from(start).unwrap_or(0),
                    len: u16::try_from(a.payload().len()).unwrap_or(u16::MAX),
                    raw_type: a.raw_type(),
                };
            }
        }
        Ok(AttrTable {
            attrs,
            slots,
            _space: PhantomData,
        })
    }

    /// The raw attributes the table was built from.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.attrs
    }

    /// The first attribute of number `kind` (flag bits ignored).
    ///
    /// # Errors
    /// None for numbers below `N`, whose list [`build`](Self::build) checked; the framing
    /// error of a scan otherwise (never, for a list `build` accepted).
    #[inline]
    pub fn attr(&self, kind: u16) -> Result<Option<Attr<'a>>> {
        match self.slots.get(usize::from(kind & NLA_TYPE_MASK)) {
            Some(s) if s.start == 0 => Ok(None),
            Some(s) => {
                let start = s.start as usize;
                let payload = self
                    .attrs
                    .as_bytes()
                    .get(start..start.saturating_add(usize::from(s.len)));
                Ok(payload.map(|p| {
                    Attr::from_parts(
                        s.raw_type,
                        p,
                        self.attrs.base().saturating_add(start).saturating_sub(4),
                    )
                }))
            }
            None => self.attrs.get(kind),
        }
    }
}

impl<S, const N: usize> core::fmt::Debug for AttrTable<'_, S, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AttrTable")
            .field("attrs", &self.attrs)
            .finish_non_exhaustive()
    }
}

/// What [`crate::check::walk`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Messages decoded.
    pub messages: usize,
    /// Attributes decoded, nested ones included.
    pub attrs: usize,
    /// Errors met: malformed messages, attributes and control messages.
    pub errors: usize,
    /// `NLMSG_ERROR` messages with a non-zero error code.
    pub kernel_errors: usize,
    /// Attributes decoded into their space's typed enum.
    pub typed: usize,
    /// Typed attributes that rejected their payload (kept apart from `errors`: a captured
    /// message may carry an attribute newer than this crate's table).
    pub typed_errors: usize,
    /// Typed attributes whose re-encoding (`write_to`) differs from the bytes they came from.
    /// Kernel messages re-encode exactly; arbitrary bytes need not (a string without its NUL
    /// is written with one).
    pub reencoded_differently: usize,
    /// Typed attributes whose re-encoding did not decode back to the same value (encoded
    /// again, the bytes changed): a broken promise, always 0.
    pub roundtrip_failures: usize,
}

impl Summary {
    /// Counts one typed decode: into `typed` when it succeeded, else into `typed_errors`.
    #[inline]
    pub fn count<T>(&mut self, r: &Result<T>) {
        match r {
            Ok(_) => self.typed = self.typed.saturating_add(1),
            Err(_) => self.typed_errors = self.typed_errors.saturating_add(1),
        }
    }
}

/// How deep the walker follows nests.
pub const MAX_DEPTH: usize = 16;

/// The state of a check walk: the counts, the depth and two scratch buffers for re-encoding.
#[derive(Debug, Default)]
pub struct Walker {
    /// What was found so far.
    pub summary: Summary,
    depth: usize,
    first: Vec<u8>,
    second: Vec<u8>,
}

impl Walker {
    /// A walker with nothing counted.
    #[must_use]
    pub fn new() -> Self {
        Walker::default()
    }

    /// Runs `f` one nest deeper, unless that is deeper than [`MAX_DEPTH`].
    pub fn nested(&mut self, f: impl FnOnce(&mut Walker)) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth = self.depth.saturating_add(1);
        f(self);
        self.depth = self.depth.saturating_sub(1);
    }

    /// Counts an error of the walk itself (a family header too short, a bad list).
    pub fn error(&mut self) {
        self.summary.errors = self.summary.errors.saturating_add(1);
    }

    /// Counts a typed decode, as [`Summary::count`].
    pub fn count<T>(&mut self, r: &Result<T>) {
        self.summary.count(r);
    }

    /// Walks an untyped attribute whose payload parses as an attribute list, without blaming
    /// it when it does not: many RTNETLINK nests carry no flag, so a payload is only guessed
    /// to be one.
    pub fn guess_nest(&mut self, a: Attr<'_>) {
        let inner = a.nested();
        if !a.payload().is_empty() && inner.validate().is_ok() {
            self.nested(|w| {
                for x in inner.flatten() {
                    x.check(w);
                }
            });
        }
    }

    /// Re-encodes `original` through `recode` (decode it, then write what decoded), compares
    /// the bytes, then recodes the re-encoding: the second pass must give the same bytes.
    ///
    /// [`walk_list`] does this for every attribute of a table. A value whose type another
    /// attribute picks (`TCA_OPTIONS` by `TCA_KIND`) has no table that can decode it alone; its
    /// family's check hook calls this with a decoder that carries what it needs. A first pass
    /// that fails counts nothing (the decode was counted where it failed).
    pub fn reencode_with(
        &mut self,
        original: Attr<'_>,
        recode: impl Fn(Attr<'_>, &mut AttrBuilder<'_>) -> Result<()>,
    ) {
        self.first.clear();
        let mut b = AttrBuilder::new(&mut self.first);
        if recode(original, &mut b).is_err() || b.finish().is_err() {
            // Too large to write again: only a payload of exactly 65,531 bytes that gained a
            // NUL gets here; nothing to compare.
            return;
        }
        if !same_attr(&self.first, original) {
            self.summary.reencoded_differently =
                self.summary.reencoded_differently.saturating_add(1);
        }
        let same = match Attrs::new(&self.first).next() {
            Some(Ok(a)) => {
                self.second.clear();
                let mut b = AttrBuilder::new(&mut self.second);
                recode(a, &mut b).is_ok() && b.finish().is_ok() && self.second == self.first
            }
            _ => false,
        };
        if !same {
            self.summary.roundtrip_failures = self.summary.roundtrip_failures.saturating_add(1);
        }
    }
}

/// Decodes `a` as an attribute of space `S` and writes it back: the recoding of
/// [`Walker::reencode_with`] for a table's attributes.
fn recode<S: AttrSpace>(a: Attr<'_>, b: &mut AttrBuilder<'_>) -> Result<()> {
    <S::Attr<'_> as TypedAttr<'_>>::decode(a).map(|v| v.write_to(b))
}

/// Whether `bytes` (one attribute as written, padded) is `a` exactly.
fn same_attr(bytes: &[u8], a: Attr<'_>) -> bool {
    let Some((hdr, rest)) = bytes.split_first_chunk::<4>() else {
        return false;
    };
    let len = usize::from(u16::from_ne_bytes([hdr[0], hdr[1]]));
    u16::from_ne_bytes([hdr[2], hdr[3]]) == a.raw_type()
        && len == a.payload().len().saturating_add(4)
        && rest.get(..a.payload().len()) == Some(a.payload())
}

/// A value the walker can look into: nests walk their attributes, kernel lists their entries.
/// Plain values have nothing to look into.
pub trait Check {
    /// Decodes what the value holds, counting into `w`.
    fn check(&self, w: &mut Walker) {
        let _ = w;
    }
}

impl Check for () {}
impl Check for &str {}
impl Check for &[u8] {}

impl<T> Check for crate::attr::StructView<'_, T> {}

/// Walks a list of space `S`: every attribute decoded as `S`'s enum, counted, looked into
/// ([`Check`]) and re-encoded.
pub fn walk_list<S: AttrSpace>(attrs: Attrs<'_>, w: &mut Walker) {
    walk_list_by::<S>(attrs, w, |v, w| v.check(w));
}

/// Walks a list of space `S` as [`walk_list`] does, but looks into each decoded value with
/// `look` instead of the value's own [`Check`]: for lists whose nests change meaning with
/// something outside the nest (a link message's `IFLA_AF_SPEC` with its `ifi_family`,
/// `IFLA_INFO_DATA` with the `IFLA_INFO_KIND` next to it). Every value is still counted and
/// re-encoded.
pub fn walk_list_by<'a, S: AttrSpace>(
    attrs: Attrs<'a>,
    w: &mut Walker,
    mut look: impl FnMut(&S::Attr<'a>, &mut Walker),
) {
    for a in attrs {
        let Ok(a) = a else {
            // The untyped walk counts framing errors once.
            return;
        };
        let r = <S::Attr<'a> as TypedAttr<'a>>::decode(a);
        w.count(&r);
        if let Ok(v) = r {
            look(&v, w);
            w.reencode_with(a, recode::<S>);
        }
    }
}

/// A lazily built [`AttrIndex`]: the views build it at the first accessor that needs it, so that
/// code that only iterates never pays for it.
pub type LazyIndex<const N: usize> = OnceCell<AttrIndex<N>>;

/// Looks `kind` up in `attrs` through `index`, building the index first if needed.
///
/// # Errors
/// As [`AttrIndex::get`].
#[inline]
pub fn lookup<'a, const N: usize>(
    index: &LazyIndex<N>,
    attrs: Attrs<'a>,
    kind: u16,
) -> Result<Option<Attr<'a>>> {
    index
        .get_or_init(|| AttrIndex::build(attrs))
        .get(attrs, kind)
}

/// The framing error of `attrs`, if the index found one.
///
/// # Errors
/// The first malformed attribute's framing error.
#[inline]
pub fn frame_check<const N: usize>(index: &LazyIndex<N>, attrs: Attrs<'_>) -> Result<()> {
    if index.get_or_init(|| AttrIndex::build(attrs)).is_broken() {
        attrs.validate()
    } else {
        Ok(())
    }
}

/// Tells the tables' `NLA_F_NESTED` bit apart from the number, for the typed enums: a known
/// number whose flags its type does not keep decodes to `Other`.
#[must_use]
#[inline]
pub fn plain(a: &Attr<'_>) -> bool {
    a.raw_type() & !NLA_TYPE_MASK == 0
}

/// [`NLA_F_NESTED`], re-exported for the tables.
pub const NESTED: u16 = NLA_F_NESTED;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn list(parts: &[(u16, &[u8])]) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        for (k, p) in parts {
            b.put(*k, p);
        }
        b.finish().unwrap();
        buf
    }

    #[test]
    fn the_index_finds_first_attributes_and_reports_a_broken_frame() {
        let mut buf = list(&[(1, &[1, 0, 0, 0]), (3, &[3]), (1, &[9, 9, 9, 9])]);
        let idx = AttrIndex::<4>::build(Attrs::new(&buf));
        let a = Attrs::new(&buf);
        assert_eq!(idx.get(a, 1).unwrap().unwrap().payload(), [1, 0, 0, 0]);
        assert_eq!(idx.get(a, 3).unwrap().unwrap().payload(), [3]);
        assert_eq!(idx.get(a, 2).unwrap(), None);
        // Numbers beyond the slots are scanned.
        assert_eq!(idx.get(a, 9).unwrap(), None);
        // A broken length after the first two attributes: what came before is found, anything
        // else is the framing error with its offset.
        buf.extend_from_slice(&[40, 0, 2, 0]);
        let a = Attrs::new(&buf);
        let idx = AttrIndex::<4>::build(a);
        assert!(idx.is_broken());
        assert_eq!(idx.get(a, 3).unwrap().unwrap().payload(), [3]);
        let e = idx.get(a, 2).unwrap_err();
        assert!(matches!(e, Error::BadLength { offset: 24, .. }), "{e:?}");
        assert!(matches!(a.get(9u16), Err(Error::BadLength { .. })));
    }

    #[test]
    fn nests_keep_their_flag_through_a_reencode() {
        let buf = list(&[(5 | NLA_F_NESTED, &[8, 0, 1, 0, 7, 0, 0, 0])]);
        let a = Attrs::new(&buf).next().unwrap().unwrap();
        let n: Nested<'_> = Nested::decode(a).unwrap();
        assert!(n.is_flagged());
        let mut out = Vec::new();
        let mut b = AttrBuilder::new(&mut out);
        n.encode(5, &mut b);
        b.finish().unwrap();
        assert_eq!(out, buf);
    }

    #[test]
    fn index_len_caps_at_the_limit() {
        assert_eq!(index_len(&[1, 7, 3]), 8);
        assert_eq!(index_len(&[]), 1);
        assert_eq!(index_len(&[500]), INDEX_LIMIT);
    }
}
