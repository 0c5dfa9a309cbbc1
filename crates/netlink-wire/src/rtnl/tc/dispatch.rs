//! How `TCA_OPTIONS` and the kind statistics get their type from `TCA_KIND`: the
//! [`tc_kinds!`] declaration (one line per kind and object) and [`StructNest`], the value of
//! the kinds whose options start with a kernel struct before their attributes.

use core::marker::PhantomData;

use crate::align;
use crate::attr::{Attr, AttrWrite, Attrs, NLA_HDRLEN, StructView};
use crate::error::{Error, Result};
use crate::typed::{AttrSpace, Check, Typed, Value, Walker, walk_list};

/// The pattern of a [`TcObject`](super::TcObject) named in a [`tc_kinds!`] line.
macro_rules! tc_object {
    (qdisc) => {
        $crate::rtnl::tc::TcObject::Qdisc
    };
    (class) => {
        $crate::rtnl::tc::TcObject::Class
    };
    (filter) => {
        $crate::rtnl::tc::TcObject::Filter
    };
    (chain) => {
        $crate::rtnl::tc::TcObject::Chain
    };
}

/// Declares a value typed by a tc object's kind: the enum of per-kind values, its decoder by
/// `(TCA_KIND, object)`, its writer and its check walk. Each line names the variant with its
/// type (the kinds of `attributes!`: `{STRUCT}`, `nest SPACE`, `val TYPE`, ...), the kind's
/// name and the objects (`qdisc`, `class`, `filter`, `chain`) whose attribute has that type:
///
/// ```text
/// tc_kinds! {
///     /// The typed TCA_OPTIONS.
///     enum Options<'a> = Tca::OPTIONS;
///     Htb(nest TcaHtb) = "htb", qdisc | class;
///     HfscClass(nest TcaHfsc) = "hfsc", class;
/// }
/// ```
///
/// Lines without objects declare a value typed by its kind alone, as an action's options are
/// by `TCA_ACT_KIND` (`Gact(nest TcaGact) = "gact";`); its decoder then takes no object.
///
/// A kind or object no line names decodes to `Other`, the attribute as it was.
macro_rules! tc_kinds {
    // Typed by the kind and the object.
    (
        $(#[$meta:meta])* enum $Enum:ident<$lt:lifetime> = $Num:ident::$NUM:ident;
        $( $(#[$doc:meta])* $Variant:ident($($kind:tt)+) = $kname:literal, $($obj:ident)|+; )*
    ) => {
        tc_kinds!(@common $(#[$meta])* enum $Enum<$lt> = $Num::$NUM;
            $( [concat!("Kind `", $kname, "`, for:", $(" ", stringify!($obj),)+ ".")]
               $(#[$doc])* $Variant($($kind)+) = $kname; )*);

        impl<$lt> $Enum<$lt> {
            #[doc = concat!("Decodes `attr` (a `", stringify!($NUM), "`) as the kind named `kind` of an object of type `object`.")]
            ///
            /// # Errors
            /// When the payload does not fit the kind's type; only this attribute fails.
            #[inline]
            pub fn decode(
                kind: &str,
                object: $crate::rtnl::tc::TcObject,
                attr: $crate::attr::Attr<$lt>,
            ) -> $crate::Result<Self> {
                #[allow(unused_variables)]
                let a = attr;
                match (kind, object) {
                    $(
                        ($kname, $(tc_object!($obj))|+) if attr_plain!(a, $($kind)+) => {
                            attr_decode!(a, $($kind)+).map($Enum::$Variant)
                        }
                    )*
                    _ => Ok($Enum::Other(a)),
                }
            }

            /// The check walk of one such attribute: decoded, counted, looked into and
            /// re-encoded like a table's attributes.
            pub fn check_attr(
                kind: &str,
                object: $crate::rtnl::tc::TcObject,
                attr: $crate::attr::Attr<'_>,
                w: &mut $crate::typed::Walker,
            ) {
                tc_kinds!(@check $Enum, attr, w, |a| $Enum::decode(kind, object, a));
            }
        }
    };

    // Typed by the kind alone.
    (
        $(#[$meta:meta])* enum $Enum:ident<$lt:lifetime> = $Num:ident::$NUM:ident;
        $( $(#[$doc:meta])* $Variant:ident($($kind:tt)+) = $kname:literal; )*
    ) => {
        tc_kinds!(@common $(#[$meta])* enum $Enum<$lt> = $Num::$NUM;
            $( [concat!("Kind `", $kname, "`.")] $(#[$doc])* $Variant($($kind)+) = $kname; )*);

        impl<$lt> $Enum<$lt> {
            #[doc = concat!("Decodes `attr` (a `", stringify!($NUM), "`) as the kind named `kind`.")]
            ///
            /// # Errors
            /// When the payload does not fit the kind's type; only this attribute fails.
            #[inline]
            pub fn decode(kind: &str, attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                #[allow(unused_variables)]
                let a = attr;
                match kind {
                    $(
                        $kname if attr_plain!(a, $($kind)+) => {
                            attr_decode!(a, $($kind)+).map($Enum::$Variant)
                        }
                    )*
                    _ => Ok($Enum::Other(a)),
                }
            }

            /// The check walk of one such attribute: decoded, counted, looked into and
            /// re-encoded like a table's attributes.
            pub fn check_attr(kind: &str, attr: $crate::attr::Attr<'_>, w: &mut $crate::typed::Walker) {
                tc_kinds!(@check $Enum, attr, w, |a| $Enum::decode(kind, a));
            }
        }
    };

    // Decode, count, look into and re-encode one attribute with `decode`.
    (@check $Enum:ident, $attr:ident, $w:ident, |$a:ident| $decode:expr) => {{
        let r = { let $a = $attr; $decode };
        $w.count(&r);
        if let Ok(v) = r {
            $crate::typed::Check::check(&v, $w);
            $w.reencode_with($attr, |$a, b| $decode.map(|v| v.write_to(b)));
        }
    }};

    // The enum, its kind names, its writer and what the walk looks into.
    (@common
        $(#[$meta:meta])* enum $Enum:ident<$lt:lifetime> = $Num:ident::$NUM:ident;
        $( [$what:expr] $(#[$doc:meta])* $Variant:ident($($kind:tt)+) = $kname:literal; )*
    ) => {
        $(#[$meta])*
        ///
        /// Kinds (and objects of a kind) that no line types are kept raw in `Other`.
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub enum $Enum<$lt> {
            $(
                #[doc = $what]
                $(#[$doc])*
                $Variant(attr_type!($lt, $($kind)+)),
            )*
            /// A kind this crate does not type, kept as it was.
            Other($crate::attr::Attr<$lt>),
        }

        impl<$lt> $Enum<$lt> {
            /// The name of the kind the value was decoded as; `None` for `Other`.
            #[must_use]
            #[inline]
            pub fn kind(&self) -> Option<&'static str> {
                match self {
                    $( $Enum::$Variant(_) => Some($kname), )*
                    $Enum::Other(_) => None,
                }
            }

            #[doc = concat!("Appends the value as `", stringify!($NUM), "`; `Other` is written back with its original type bits and payload.")]
            #[inline]
            pub fn write_to<W: $crate::attr::AttrWrite>(&self, w: &mut W) {
                let n = $Num::$NUM;
                match self {
                    $( $Enum::$Variant(v) => { attr_encode!(w, n, v, $($kind)+); } )*
                    $Enum::Other(a) => { w.put(a.raw_type(), a.payload()); }
                }
            }
        }

        impl $crate::typed::Check for $Enum<'_> {
            fn check(&self, w: &mut $crate::typed::Walker) {
                match self {
                    $( $Enum::$Variant(v) => attr_check!(v, w, $($kind)+), )*
                    $Enum::Other(_) => {}
                }
            }
        }
    };
}

/// `attr` when its payload holds a whole `T` (a kernel struct some payload starts with), else
/// the error that says how short it is.
fn holding<T>(attr: Attr<'_>) -> Result<Attr<'_>> {
    if attr.payload().len() < size_of::<T>() {
        return Err(Error::AttrSize {
            kind: attr.kind(),
            offset: attr.offset(),
            expected: size_of::<T>(),
            found: attr.payload().len(),
        });
    }
    Ok(attr)
}

/// The `T` at the start of `attr`'s payload.
fn head<T>(attr: Attr<'_>) -> StructView<'_, T> {
    StructView::new(attr.payload().get(..size_of::<T>()).unwrap_or_default())
}

/// A kernel struct `T` followed, at its 4-byte aligned end, by attributes of space `S`, all in
/// one attribute: the `TCA_OPTIONS` of netem (`struct tc_netem_qopt`) and mqprio
/// (`struct tc_mqprio_qopt`). The kernel requires the whole struct; the attributes are optional.
pub struct StructNest<'a, T, S> {
    attr: Attr<'a>,
    _t: PhantomData<fn() -> (T, S)>,
}

impl<'a, T, S> StructNest<'a, T, S> {
    /// Reads the struct and locates the attributes after it.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than `T`.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        holding::<T>(attr).map(|attr| StructNest {
            attr,
            _t: PhantomData,
        })
    }

    /// The attribute as it was.
    #[must_use]
    #[inline]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// The struct at the start of the payload.
    #[must_use]
    #[inline]
    pub fn header(&self) -> StructView<'a, T> {
        head(self.attr)
    }

    /// The attributes after the struct, offsets continuing the enclosing message's.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        let start = align::align(size_of::<T>()).unwrap_or(usize::MAX);
        let base = self
            .attr
            .offset()
            .saturating_add(NLA_HDRLEN)
            .saturating_add(start);
        Attrs::with_offset(self.attr.payload().get(start..).unwrap_or_default(), base)
    }
}

impl<'a, T, S: AttrSpace> StructNest<'a, T, S> {
    /// The attributes after the struct, decoded as the space's typed enum.
    #[must_use]
    #[inline]
    pub fn typed(&self) -> Typed<'a, S::Attr<'a>> {
        self.attrs().typed()
    }
}

impl<T, S> Clone for StructNest<'_, T, S> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, S> Copy for StructNest<'_, T, S> {}

impl<T, S> PartialEq for StructNest<'_, T, S> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.attr.payload() == other.attr.payload()
    }
}

impl<T: zerocopy::FromBytes + zerocopy::IntoBytes + core::fmt::Debug, S> core::fmt::Debug
    for StructNest<'_, T, S>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StructNest")
            .field("header", &self.header())
            .field("attrs", &self.attrs())
            .finish()
    }
}

impl<'a, T, S> Value<'a> for StructNest<'a, T, S> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        StructNest::parse(attr)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self.attr.payload());
    }
}

impl<T, S: AttrSpace> Check for StructNest<'_, T, S> {
    fn check(&self, w: &mut Walker) {
        w.nested(|w| walk_list::<S>(self.attrs(), w));
    }
}

/// Starts an attribute `kind` that holds `header` and then attributes, as [`StructNest`] reads
/// it and as `tc` writes netem's and mqprio's options: the struct padded to 4 bytes, then
/// whatever the caller adds to the returned guard, whose end patches the length.
#[inline]
pub fn put_struct_nest<'w, W: AttrWrite, T: zerocopy::IntoBytes + zerocopy::Immutable>(
    w: &'w mut W,
    kind: impl Into<u16>,
    header: &T,
) -> crate::attr::Nest<'w> {
    let mut nest = w.nest(kind);
    nest.put_raw(header.as_bytes());
    nest
}

/// A kernel struct `H` followed by an array of kernel structs `E`, all in one attribute: u32's
/// selector (`struct tc_u32_sel`, then its `struct tc_u32_key`s), pedit's
/// (`struct tc_pedit_sel`, then its `struct tc_pedit_key`s) and u32's counters
/// (`struct tc_u32_pcnt`, then a `u64` per key). The header says how many entries it has;
/// [`entries`](Self::entries) are the whole `E`s that follow it, so a header that claims
/// more than the attribute holds never reads past it.
pub struct StructArray<'a, H, E> {
    attr: Attr<'a>,
    _t: PhantomData<fn() -> (H, E)>,
}

impl<'a, H, E> StructArray<'a, H, E> {
    /// Reads the header and locates the entries after it.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than `H`.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        holding::<H>(attr).map(|attr| StructArray {
            attr,
            _t: PhantomData,
        })
    }

    /// The attribute as it was.
    #[must_use]
    #[inline]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// The header at the start of the payload.
    #[must_use]
    #[inline]
    pub fn header(&self) -> StructView<'a, H> {
        head(self.attr)
    }

    /// The bytes after the header.
    fn rest(&self) -> &'a [u8] {
        self.attr
            .payload()
            .get(size_of::<H>()..)
            .unwrap_or_default()
    }

    /// How many whole entries follow the header.
    #[must_use]
    #[inline]
    pub fn len(&self) -> usize {
        self.rest()
            .len()
            .checked_div(size_of::<E>())
            .unwrap_or_default()
    }

    /// Whether no whole entry follows the header.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, H, E: zerocopy::FromBytes> StructArray<'a, H, E> {
    /// The entries, in order: every whole `E` after the header (bytes after the last whole
    /// one are left out).
    pub fn entries(&self) -> impl Iterator<Item = E> + use<'a, H, E> {
        // A zero-sized entry would make no chunk; `max(1)` only keeps chunks_exact from
        // panicking on it.
        self.rest()
            .chunks_exact(size_of::<E>().max(1))
            .filter_map(|c| E::read_from_bytes(c).ok())
    }

    /// Entry `i`.
    #[must_use]
    #[inline]
    pub fn entry(&self, i: usize) -> Option<E> {
        self.entries().nth(i)
    }
}

impl<H, E> Clone for StructArray<'_, H, E> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<H, E> Copy for StructArray<'_, H, E> {}

impl<H, E> PartialEq for StructArray<'_, H, E> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.attr.payload() == other.attr.payload()
    }
}

impl<H, E> core::fmt::Debug for StructArray<'_, H, E>
where
    H: zerocopy::FromBytes + zerocopy::IntoBytes + core::fmt::Debug,
    E: zerocopy::FromBytes + core::fmt::Debug,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StructArray")
            .field("header", &self.header())
            .field("entries", &DebugEntries(self))
            .finish()
    }
}

/// The entries of a [`StructArray`], for its `Debug`.
struct DebugEntries<'r, 'a, H, E>(&'r StructArray<'a, H, E>);

impl<H, E: zerocopy::FromBytes + core::fmt::Debug> core::fmt::Debug for DebugEntries<'_, '_, H, E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.0.entries()).finish()
    }
}

impl<'a, H, E> Value<'a> for StructArray<'a, H, E> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        StructArray::parse(attr)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self.attr.payload());
    }
}

impl<H, E> Check for StructArray<'_, H, E> {}

/// Appends `header` and then `entries` as one attribute `kind`, as [`StructArray`] reads it
/// and as `tc` writes u32's and pedit's selectors.
#[inline]
pub fn put_struct_array<'w, W, H, E>(
    w: &'w mut W,
    kind: impl Into<u16>,
    header: &H,
    entries: &[E],
) -> &'w mut W
where
    W: AttrWrite,
    H: zerocopy::IntoBytes + zerocopy::Immutable,
    E: zerocopy::IntoBytes + zerocopy::Immutable,
{
    use zerocopy::IntoBytes;
    w.put_parts(kind, &[header.as_bytes(), entries.as_bytes()])
}
