//! The declarative tables every RTNETLINK family uses: attribute numbers with their typed enum,
//! open value sets and flag sets. Each kernel name is written once, next to its number and type.

/// The Rust type an attribute kind decodes to.
macro_rules! attr_type {
    ($lt:lifetime, u8) => { u8 };
    ($lt:lifetime, u16) => { u16 };
    ($lt:lifetime, u32) => { u32 };
    ($lt:lifetime, u64) => { u64 };
    ($lt:lifetime, i32) => { i32 };
    ($lt:lifetime, be16) => { u16 };
    ($lt:lifetime, be32) => { u32 };
    ($lt:lifetime, be64) => { u64 };
    ($lt:lifetime, uint) => { u64 };
    ($lt:lifetime, str) => { &$lt str };
    ($lt:lifetime, bytes) => { &$lt [u8] };
    ($lt:lifetime, ip) => { ::core::net::IpAddr };
    ($lt:lifetime, mac) => { [u8; 6] };
    ($lt:lifetime, flag) => { () };
    ($lt:lifetime, nest $s:ty) => { $crate::typed::Nested<$lt, $s> };
    ($lt:lifetime, nests $s:ty) => { $crate::typed::NestList<$lt, $s> };
    ($lt:lifetime, val $t:ty) => { $t };
    ($lt:lifetime, {$t:ty}) => { $crate::attr::StructView<$lt, $t> };
}

/// Decodes attribute `$a` as `kind`.
macro_rules! attr_decode {
    ($a:ident, u8) => {
        $a.as_u8()
    };
    ($a:ident, u16) => {
        $a.as_u16()
    };
    ($a:ident, u32) => {
        $a.as_u32()
    };
    ($a:ident, u64) => {
        $a.as_u64()
    };
    ($a:ident, i32) => {
        $a.as_i32()
    };
    ($a:ident, be16) => {
        $a.as_be16()
    };
    ($a:ident, be32) => {
        $a.as_be32()
    };
    ($a:ident, be64) => {
        $a.as_be64()
    };
    ($a:ident, uint) => {
        $a.as_uint()
    };
    ($a:ident, str) => {
        $a.as_str()
    };
    ($a:ident, bytes) => {
        $crate::Result::Ok($a.as_bytes())
    };
    ($a:ident, ip) => {
        $a.as_ip()
    };
    ($a:ident, mac) => {
        $a.as_mac()
    };
    ($a:ident, flag) => {{
        // A flag is its presence: the payload is not read.
        let _ = &$a;
        $crate::Result::Ok(())
    }};
    ($a:ident, nest $s:ty) => {
        $crate::Result::Ok($crate::typed::Nested::<$s>::new($a))
    };
    ($a:ident, nests $s:ty) => {
        $crate::Result::Ok($crate::typed::NestList::<$s>::new($a))
    };
    ($a:ident, val $t:ty) => {
        <$t as $crate::typed::Value>::decode($a)
    };
    ($a:ident, {$t:ty}) => {
        $crate::Result::Ok($crate::attr::StructView::<$t>::new($a.as_bytes()))
    };
}

/// Writes value `$v` (a reference) as attribute `$k` of `kind`.
macro_rules! attr_encode {
    ($w:ident, $k:expr, $v:ident, u8) => {
        $w.put_u8($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, u16) => {
        $w.put_u16($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, u32) => {
        $w.put_u32($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, u64) => {
        $w.put_u64($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, i32) => {
        $w.put_i32($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, be16) => {
        $w.put_be16($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, be32) => {
        $w.put_be32($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, be64) => {
        $w.put_be64($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, uint) => {
        match u32::try_from(*$v) {
            Ok(small) => $w.put_u32($k, small),
            Err(_) => $w.put_u64($k, *$v),
        }
    };
    ($w:ident, $k:expr, $v:ident, str) => {
        $w.put_str($k, $v)
    };
    ($w:ident, $k:expr, $v:ident, bytes) => {
        $w.put($k, $v)
    };
    ($w:ident, $k:expr, $v:ident, ip) => {
        $w.put_ip($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, mac) => {
        $w.put_mac($k, *$v)
    };
    ($w:ident, $k:expr, $v:ident, flag) => {{
        let _ = $v;
        $w.put_flag($k)
    }};
    ($w:ident, $k:expr, $v:ident, nest $s:ty) => {
        $crate::typed::Value::encode($v, $k.0, $w)
    };
    ($w:ident, $k:expr, $v:ident, nests $s:ty) => {
        $crate::typed::Value::encode($v, $k.0, $w)
    };
    ($w:ident, $k:expr, $v:ident, val $t:ty) => {
        $crate::typed::Value::encode($v, $k.0, $w)
    };
    ($w:ident, $k:expr, $v:ident, {$t:ty}) => {
        $w.put($k, $v.as_bytes())
    };
}

/// Whether attribute `$a` may decode as its table's kind: `nest` values keep any flags, `val`
/// values say so themselves, every other kind needs a plain number (no `NLA_F_*` bit), so that a
/// typed attribute always writes back the bytes it came from.
macro_rules! attr_plain {
    ($a:ident, nest $s:ty) => {
        true
    };
    ($a:ident, nests $s:ty) => {
        true
    };
    ($a:ident, val $t:ty) => {
        <$t as $crate::typed::Value>::KEEPS_FLAGS || $crate::typed::plain(&$a)
    };
    ($a:ident, $($kind:tt)+) => {
        $crate::typed::plain(&$a)
    };
}

/// Looks into value `$v` of a kind for the check walk: nests and `val` types have something to
/// look into, scalars do not.
macro_rules! attr_check {
    ($v:ident, $w:ident, nest $s:ty) => {
        $crate::typed::Check::check($v, $w)
    };
    ($v:ident, $w:ident, nests $s:ty) => {
        $crate::typed::Check::check($v, $w)
    };
    ($v:ident, $w:ident, val $t:ty) => {
        $crate::typed::Check::check($v, $w)
    };
    ($v:ident, $w:ident, $($kind:tt)+) => {{
        let _ = ($v, &$w);
    }};
}

/// Declares one attribute space: the number newtype, the typed enum, and optionally the view
/// accessors, one per attribute that names a getter.
///
/// ```text
/// attributes! {
///     /// `IFA_*`: address attribute numbers.
///     numbers Ifa;
///     /// A typed address attribute.
///     enum AddrAttr<'a>;
///     ADDRESS = 1, "IFA_ADDRESS", Address(ip), address;
///     CACHEINFO = 6, "IFA_CACHEINFO", CacheInfo({IfaCacheInfo}), cache_info;
///     PAD = 9, "IFA_PAD", Pad(bytes);
/// }
/// ```
///
/// Each line lists the number, the kernel name, the variant with its kind and, optionally, the
/// accessor's name. Kinds: `u8 u16 u32 u64 i32`, `be16 be32 be64` (network order), `uint`
/// (`NLA_UINT`), `str`, `bytes`, `ip`, `mac` (6 bytes), `flag`, `nest SPACE` (a nested list of another table),
/// `nests SPACE` (a nest of nests, generic netlink's arrays),
/// `val TYPE` (a [`Value`](crate::typed::Value) type: value sets, flag sets, kernel lists),
/// `{STRUCT}` (a kernel struct read in place).
///
/// With `view VIEW;` before `numbers`, a view over such a list is declared too (for nests);
/// with `accessors VIEW;` the accessors go on a view declared elsewhere (by `family!`), which
/// must have `fn attr(&self, kind: u16) -> Result<Option<Attr>>`.
macro_rules! attributes {
    (@space
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+) $(, $getter:ident)?; )*
    ) => {
        $(#[$nmeta])*
        ///
        /// An open set: any `u16` is a value, and `Debug` prints the kernel name when known.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $Num(pub u16);

        impl $Num {
            $(
                #[doc = concat!("`", $kname, "`")]
                $(#[$doc])*
                #[doc(alias = $kname)]
                pub const $CONST: $Num = $Num($val);
            )*

            /// How many numbers an index over this space slots (the largest number, plus one).
            #[doc(hidden)]
            pub const INDEX_LEN: usize = $crate::typed::index_len(&[$($val),*]);

            /// The kernel name of this attribute number, if known.
            #[must_use]
            #[inline]
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($kname), )*
                    _ => None,
                }
            }
        }

        /// The numbers as `u16`, named by their typed variant (`ByVariant::<Rta>::Dst` is
        /// `RTA_DST`'s number): what a walk matching numbers for a table of variants writes.
        #[allow(non_upper_case_globals)]
        impl $crate::typed::ByVariant<$Num> {
            $( #[doc = concat!("`", $kname, "`")] pub const $Variant: u16 = $val; )*
        }

        impl From<$Num> for u16 {
            fn from(n: $Num) -> u16 {
                n.0
            }
        }

        impl From<u16> for $Num {
            fn from(n: u16) -> $Num {
                $Num(n)
            }
        }

        impl ::core::fmt::Debug for $Num {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }

        impl $crate::typed::AttrSpace for $Num {
            type Attr<$lt> = $Attr<$lt>;
        }

        $(#[$emeta])*
        ///
        /// Attributes this crate does not know are kept raw in `Other`, so nothing is lost; so
        /// are known ones with flag bits their kind does not keep, so that writing an attribute
        /// back always gives the bytes it came from.
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub enum $Attr<$lt> {
            $(
                #[doc = concat!("`", $kname, "`")]
                $(#[$doc])*
                $Variant(attr_type!($lt, $($kind)+)),
            )*
            /// An attribute of a number this crate does not decode, kept as it was.
            Other($crate::attr::Attr<$lt>),
        }

        impl<$lt> $Attr<$lt> {
            /// Decodes `attr` into its typed variant; unknown numbers become `Other`.
            ///
            /// # Errors
            /// [`Error::AttrSize`](crate::Error::AttrSize) or [`Error::Utf8`](crate::Error::Utf8)
            /// when a known attribute's payload does not fit its type; only this attribute fails.
            #[inline]
            pub fn decode(attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                #[allow(unused_variables)]
                let a = attr;
                match a.kind() {
                    $( $val if attr_plain!(a, $($kind)+) => attr_decode!(a, $($kind)+).map($Attr::$Variant), )*
                    _ => Ok($Attr::Other(a)),
                }
            }

            /// Decodes one attribute by its number alone, whatever its flag bits
            /// (`NLA_F_NESTED`, `NLA_F_NET_BYTEORDER`): what the views' accessors read, for a
            /// reader that wants values. [`decode`](Self::decode) keeps an attribute whose
            /// flags its type does not carry as `Other`, so that it is written back unchanged.
            ///
            /// # Errors
            /// When a known attribute's payload does not fit its type.
            #[inline]
            pub fn decode_value(attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                #[allow(unused_variables)]
                let a = attr;
                match a.kind() {
                    $( $val => attr_decode!(a, $($kind)+).map($Attr::$Variant), )*
                    _ => Ok($Attr::Other(a)),
                }
            }

            /// [`decode_value`](Self::decode_value) for an attribute whose number the caller
            /// has matched already (`K`, through the numbers named by variant on
            /// `typed::ByVariant`): the arm is chosen at compile time, so a walk that dispatches on the
            /// number once decodes without a second dispatch on it.
            ///
            /// # Errors
            /// When the payload does not fit the type of number `K`.
            #[doc(hidden)]
            #[inline(always)]
            pub fn decode_number<const K: u16>(attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                #[allow(unused_variables)]
                let a = attr;
                match K {
                    $( $val => attr_decode!(a, $($kind)+).map($Attr::$Variant), )*
                    _ => Ok($Attr::Other(a)),
                }
            }

            /// The attribute's number.
            #[must_use]
            #[inline]
            pub fn kind(&self) -> $Num {
                match self {
                    $( $Attr::$Variant(_) => $Num::$CONST, )*
                    $Attr::Other(a) => $Num(a.kind()),
                }
            }

            /// Appends the attribute to a message or nest being built. `Other` attributes are
            /// written back with their original type bits and payload.
            #[inline]
            pub fn write_to<W: $crate::attr::AttrWrite>(&self, w: &mut W) {
                match self {
                    $( $Attr::$Variant(v) => { attr_encode!(w, $Num::$CONST, v, $($kind)+); } )*
                    $Attr::Other(a) => { w.put(a.raw_type(), a.payload()); }
                }
            }
        }

        impl<$lt> $crate::typed::TypedAttr<$lt> for $Attr<$lt> {
            #[inline]
            fn decode(attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                $Attr::decode(attr)
            }

            #[inline]
            fn write_to<W: $crate::attr::AttrWrite>(&self, w: &mut W) {
                $Attr::write_to(self, w);
            }
        }

        impl $crate::typed::Check for $Attr<'_> {
            fn check(&self, w: &mut $crate::typed::Walker) {
                match self {
                    $( $Attr::$Variant(v) => attr_check!(v, w, $($kind)+), )*
                    $Attr::Other(_) => {}
                }
            }
        }
    };

    // One accessor per entry that names one, each in an `impl` block of its own.
    // The body of every getter, on a view and on an `AttrTable`: the first attribute of number
    // `$val`, decoded as `$kind`.
    (@get $self:ident, $val:literal, $($kind:tt)+) => {
        match $self.attr($val)? {
            Some(a) => attr_decode!(a, $($kind)+).map(Some),
            None => Ok(None),
        }
    };
    (@getters $View:ident, $Num:ident, $lt:lifetime; ) => {};
    (@getters $View:ident, $Num:ident, $lt:lifetime;
        $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+), $getter:ident;
        $($rest:tt)*
    ) => {
        impl<$lt> $View<$lt> {
            #[doc = concat!("`", $kname, "`.")]
            $(#[$doc])*
            ///
            /// # Errors
            /// When the attribute's payload does not fit its kind, or when a malformed attribute
            /// comes before it (its framing error, with its offset).
            #[inline]
            pub fn $getter(&self) -> $crate::Result<Option<attr_type!($lt, $($kind)+)>> {
                attributes!(@get self, $val, $($kind)+)
            }
        }
        attributes!(@getters $View, $Num, $lt; $($rest)*);
    };
    (@getters $View:ident, $Num:ident, $lt:lifetime;
        $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+);
        $($rest:tt)*
    ) => {
        attributes!(@getters $View, $Num, $lt; $($rest)*);
    };

    // The same accessors on a family's `AttrTable`, once per space.
    (@table $Num:ident, $lt:lifetime; ) => {};
    (@table $Num:ident, $lt:lifetime;
        $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+), $getter:ident;
        $($rest:tt)*
    ) => {
        impl<$lt> $crate::typed::AttrTable<$lt, $Num, { $Num::INDEX_LEN }> {
            #[doc = concat!("`", $kname, "`, as the view's accessor of the same name.")]
            $(#[$doc])*
            ///
            /// # Errors
            /// When the attribute's payload does not fit its kind.
            #[inline]
            pub fn $getter(&self) -> $crate::Result<Option<attr_type!($lt, $($kind)+)>> {
                attributes!(@get self, $val, $($kind)+)
            }
        }
        attributes!(@table $Num, $lt; $($rest)*);
    };
    (@table $Num:ident, $lt:lifetime;
        $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+);
        $($rest:tt)*
    ) => {
        attributes!(@table $Num, $lt; $($rest)*);
    };

    // Accessors on a view declared elsewhere.
    (
        accessors $View:ident;
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $($entries:tt)*
    ) => {
        attributes!(@space $(#[$nmeta])* numbers $Num; $(#[$emeta])* enum $Attr<$lt>; $($entries)*);
        attributes!(@getters $View, $Num, $lt; $($entries)*);
    };

    // A nest's view and its accessors.
    (
        $(#[$vmeta:meta])* view $View:ident;
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $($entries:tt)*
    ) => {
        attributes!(@space $(#[$nmeta])* numbers $Num; $(#[$emeta])* enum $Attr<$lt>; $($entries)*);

        $(#[$vmeta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $View<$lt> {
            attrs: $crate::attr::Attrs<$lt>,
        }

        impl<$lt> $View<$lt> {
            /// A view over `attrs`, the payload of the nest.
            #[must_use]
            #[inline]
            pub fn new(attrs: $crate::attr::Attrs<$lt>) -> Self {
                $View { attrs }
            }

            /// The raw attributes.
            #[must_use]
            #[inline]
            pub fn attrs(&self) -> $crate::attr::Attrs<$lt> {
                self.attrs
            }

            #[doc = concat!("The attributes decoded as [`", stringify!($Attr), "`].")]
            #[must_use]
            #[inline]
            pub fn typed_attrs(&self) -> $crate::typed::Typed<$lt, $Attr<$lt>> {
                self.attrs.typed()
            }

            /// Checks the whole list.
            ///
            /// # Errors
            /// The first malformed attribute's framing error.
            #[inline]
            pub fn validate(&self) -> $crate::Result<()> {
                self.attrs.validate()
            }

            /// The first attribute of number `kind`.
            ///
            /// # Errors
            /// The framing error of a malformed attribute met before it.
            #[inline]
            pub fn attr(&self, kind: u16) -> $crate::Result<Option<$crate::attr::Attr<$lt>>> {
                self.attrs.get(kind)
            }
        }

        impl<$lt> From<$crate::typed::Nested<$lt, $Num>> for $View<$lt> {
            fn from(n: $crate::typed::Nested<$lt, $Num>) -> Self {
                $View::new(n.attrs())
            }
        }

        attributes!(@getters $View, $Num, $lt; $($entries)*);
    };

    // A table alone.
    (
        $(#[$nmeta:meta])* numbers $Num:ident;
        $($entries:tt)*
    ) => {
        attributes!(@space $(#[$nmeta])* numbers $Num; $($entries)*);
    };
}

/// Declares an open value set: a newtype over an integer with kernel-named constants.
macro_rules! values {
    (
        $(#[$meta:meta])* $Name:ident($Int:ty);
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $short:literal; )*
    ) => {
        $(#[$meta])*
        ///
        /// An open set: unknown values are kept, and print as numbers.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $Name(pub $Int);

        impl $Name {
            $(
                #[doc = concat!("`", $kname, "`")]
                $(#[$doc])*
                #[doc(alias = $kname)]
                pub const $CONST: $Name = $Name($val);
            )*

            /// The kernel name of this value (`RTPROT_BOOT`), if known.
            #[must_use]
            #[inline]
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($kname), )*
                    _ => None,
                }
            }

            /// The short name iproute2 prints for this value (`boot`), if known.
            #[must_use]
            #[inline]
            pub fn short_name(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($short), )*
                    _ => None,
                }
            }

            /// The value whose short name (as iproute2 prints it) is `s`.
            #[must_use]
            #[inline]
            pub fn from_short_name(s: &str) -> Option<$Name> {
                match s {
                    $( $short => Some($Name($val)), )*
                    _ => None,
                }
            }

            /// Every named value, in declaration order.
            pub const NAMED_VALUES: &'static [$Name] = &[$($Name($val)),*];

            /// The short names, in declaration order.
            const SHORT_NAMES: &'static [&'static str] = &[$($short),*];
        }

        /// Reads the short name that `Display` prints, or a number as `strtoul(s, NULL, 0)`
        /// reads it (see [`crate::parse`]).
        impl ::core::str::FromStr for $Name {
            type Err = $crate::parse::ParseValueError;

            fn from_str(s: &str) -> ::core::result::Result<$Name, Self::Err> {
                $Name::from_short_name(s)
                    .or_else(|| $crate::parse::number::<$Int>(s).map($Name))
                    .ok_or_else(|| {
                        $crate::parse::ParseValueError::new(stringify!($Name), s, $Name::SHORT_NAMES)
                    })
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $Name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $Name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<$Name, D::Error> {
                $crate::parse::serde_value::deserialize::<D, $Name, $Int>(d)
            }
        }

        impl From<$Int> for $Name {
            fn from(v: $Int) -> $Name {
                $Name(v)
            }
        }

        impl From<$Name> for $Int {
            fn from(v: $Name) -> $Int {
                v.0
            }
        }

        impl ::core::fmt::Debug for $Name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({})", stringify!($Name), self.0),
                }
            }
        }

        impl ::core::fmt::Display for $Name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.short_name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }

        impl $crate::typed::Value<'_> for $Name {
            #[inline]
            fn decode(attr: $crate::attr::Attr<'_>) -> $crate::Result<Self> {
                <$Int as $crate::typed::Value>::decode(attr).map($Name)
            }

            #[inline]
            fn encode<W: $crate::attr::AttrWrite>(&self, kind: u16, w: &mut W) {
                $crate::typed::Value::encode(&self.0, kind, w);
            }
        }

        impl $crate::typed::Check for $Name {}
    };
}

/// Declares a flag set: a newtype over an integer with kernel-named bits.
macro_rules! flags {
    (
        $(#[$meta:meta])* $Name:ident($Int:ty);
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $short:literal; )*
    ) => {
        $(#[$meta])*
        ///
        /// Unknown bits are kept, and print in hex.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $Name(pub $Int);

        impl $Name {
            /// No bit set.
            pub const EMPTY: $Name = $Name(0);
            $(
                #[doc = concat!("`", $kname, "`")]
                $(#[$doc])*
                #[doc(alias = $kname)]
                pub const $CONST: $Name = $Name($val);
            )*

            const NAMES: &'static [($Int, &'static str, &'static str)] = &[$( ($val, $kname, $short), )*];

            /// The raw bits.
            #[must_use]
            #[inline]
            pub const fn bits(self) -> $Int {
                self.0
            }

            /// Whether every bit of `other` is set.
            #[must_use]
            #[inline]
            pub const fn contains(self, other: $Name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no bit is set.
            #[must_use]
            #[inline]
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// The short names (as iproute2 prints them, `noprefixroute`) of the known bits set.
            pub fn short_names(self) -> impl Iterator<Item = &'static str> {
                Self::NAMES.iter().filter(move |(v, _, _)| *v != 0 && self.0 & *v == *v).map(|(_, _, s)| *s)
            }

            /// The bits not named by any constant.
            #[must_use]
            pub fn unknown_bits(self) -> $Int {
                Self::NAMES.iter().fold(self.0, |rest, (v, _, _)| rest & !*v)
            }
        }

        impl ::core::ops::BitOr for $Name {
            type Output = $Name;
            fn bitor(self, rhs: $Name) -> $Name {
                $Name(self.0 | rhs.0)
            }
        }

        impl ::core::ops::BitOrAssign for $Name {
            fn bitor_assign(&mut self, rhs: $Name) {
                self.0 |= rhs.0;
            }
        }

        impl ::core::ops::BitAnd for $Name {
            type Output = $Name;
            fn bitand(self, rhs: $Name) -> $Name {
                $Name(self.0 & rhs.0)
            }
        }

        impl ::core::ops::Not for $Name {
            type Output = $Name;
            fn not(self) -> $Name {
                $Name(!self.0)
            }
        }

        impl $crate::typed::Value<'_> for $Name {
            #[inline]
            fn decode(attr: $crate::attr::Attr<'_>) -> $crate::Result<Self> {
                <$Int as $crate::typed::Value>::decode(attr).map($Name)
            }

            #[inline]
            fn encode<W: $crate::attr::AttrWrite>(&self, kind: u16, w: &mut W) {
                $crate::typed::Value::encode(&self.0, kind, w);
            }
        }

        impl $crate::typed::Check for $Name {}

        impl ::core::fmt::Debug for $Name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut first = true;
                for (v, n, _) in Self::NAMES {
                    if *v != 0 && self.0 & *v == *v {
                        if !first {
                            f.write_str("|")?;
                        }
                        f.write_str(n)?;
                        first = false;
                    }
                }
                let rest = self.unknown_bits();
                if rest != 0 || first {
                    if !first {
                        f.write_str("|")?;
                    }
                    write!(f, "{rest:#x}")?;
                }
                Ok(())
            }
        }
    };
}

/// Declares one family of messages: the view over its messages (the family header read in
/// place, the attributes indexed on first use), its attribute table with one accessor per
/// attribute, its builder, and its [`FamilyInfo`](crate::family::FamilyInfo) (message types,
/// multicast groups, the check walk), which one line in the protocol's registry makes known.
///
/// ```text
/// family! {
///     /// A view of an address message.
///     view AddrMsg(IfAddrMsg, "ifaddrmsg");
///     family "address", messages [RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR],
///         groups [Group::IPV4_IFADDR.0, Group::IPV6_IFADDR.0];
///     /// `IFA_*`: address attribute numbers.
///     numbers Ifa;
///     /// A typed address attribute.
///     enum AddrAttr<'a>;
///     ADDRESS = 1, "IFA_ADDRESS", Address(ip), address;
/// }
/// ```
///
/// A family whose nests change meaning with its header adds `walk FN;` after the `family`
/// line: the check walk then calls the view's `fn FN(&self, w: &mut Walker)` instead of walking
/// the attributes as the family's space. A family whose header is followed by bytes that are
/// not attributes (the ND options of `RTM_NEWNDUSEROPT`) adds `skip FN;` before it: the
/// attributes then start after `fn FN(header: &Hdr) -> usize` more bytes, aligned.
///
/// A header whose attributes are another declaration's space (XFRM's headers all carry
/// `XFRMA_*`) writes `space NUM;` instead of `numbers`, `enum` and the table: the view, its
/// builder and its `FamilyInfo` are generated over that space, with no table written twice.
macro_rules! family {
    (
        $(#[$vmeta:meta])* view $View:ident($Hdr:ty, $hname:literal);
        family $fname:literal, messages [$($Msg:expr),* $(,)?], groups [$($Grp:expr),* $(,)?];
        $(skip $skip:ident;)?
        $(walk $walk:ident;)?
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $($entries:tt)*
    ) => {
        attributes! {
            accessors $View;
            $(#[$nmeta])* numbers $Num;
            $(#[$emeta])* enum $Attr<$lt>;
            $($entries)*
        }
        attributes!(@table $Num, $lt; $($entries)*);

        family! {
            @view $(#[$vmeta])* view $View($Hdr, $hname);
            family $fname, messages [$($Msg),*], groups [$($Grp),*];
            $(skip $skip;)?
            $(walk $walk;)?
            space $Num;
        }
    };

    // A view over a space declared by another family (XFRM's headers all carry `XFRMA_*`).
    (
        $(#[$vmeta:meta])* view $View:ident($Hdr:ty, $hname:literal);
        family $fname:literal, messages [$($Msg:expr),* $(,)?], groups [$($Grp:expr),* $(,)?];
        space $Num:ident;
    ) => {
        family! {
            @view $(#[$vmeta])* view $View($Hdr, $hname);
            family $fname, messages [$($Msg),*], groups [$($Grp),*];
            space $Num;
        }
    };

    (
        @view $(#[$vmeta:meta])* view $View:ident($Hdr:ty, $hname:literal);
        family $fname:literal, messages [$($Msg:expr),* $(,)?], groups [$($Grp:expr),* $(,)?];
        $(skip $skip:ident;)?
        $(walk $walk:ident;)?
        space $Num:ident;
    ) => {
        $(#[$vmeta])*
        ///
        /// Reading the attributes is lazy: the first accessor walks the list once and indexes
        /// it by number, so that every accessor after it is a lookup; iterating
        /// ([`typed_attrs`](Self::typed_attrs)) never pays for the index. After a malformed
        /// attribute every accessor for a number not found before it returns its framing error.
        #[derive(Debug, Clone)]
        pub struct $View<'a> {
            msg: $crate::message::Msg<'a>,
            header: &'a $Hdr,
            attrs: $crate::attr::Attrs<'a>,
            index: $crate::typed::LazyIndex<{ $Num::INDEX_LEN }>,
        }

        impl<'a> $View<'a> {
            /// The family's declaration: its message types, header and groups.
            pub const FAMILY: $crate::family::FamilyInfo = $crate::family::FamilyInfo {
                name: $fname,
                header: $hname,
                header_len: size_of::<$Hdr>(),
                messages: &[$($Msg),*],
                groups: &[$($Grp),*],
                walk: Self::walk,
                attrs: Self::attrs_of,
            };

            #[doc = concat!("Reads the `", $hname, "` and locates the attributes.")]
            ///
            /// # Errors
            #[doc = concat!("[`Error::Truncated`](crate::Error::Truncated) when the payload is shorter than `", $hname, "`.")]
            #[inline]
            pub fn parse(msg: $crate::message::Msg<'a>) -> $crate::Result<Self> {
                let header = msg.family_header::<$Hdr>()?;
                let attrs = Self::attrs_after(msg, header)?;
                Ok($View {
                    msg,
                    header,
                    attrs,
                    index: $crate::typed::LazyIndex::new(),
                })
            }

            /// The message this view reads.
            #[must_use]
            #[inline]
            pub fn msg(&self) -> $crate::message::Msg<'a> {
                self.msg
            }

            #[doc = concat!("The `", $hname, "`.")]
            #[must_use]
            #[inline]
            pub fn header(&self) -> &'a $Hdr {
                self.header
            }

            /// The raw attributes, offsets counted from the start of the message.
            #[must_use]
            #[inline]
            pub fn attrs(&self) -> $crate::attr::Attrs<'a> {
                self.attrs
            }

            #[doc = concat!("The attributes decoded as the typed attributes of [`", stringify!($Num), "`].")]
            #[must_use]
            #[inline]
            pub fn typed_attrs(&self) -> $crate::typed::Typed<'a, <$Num as $crate::typed::AttrSpace>::Attr<'a>> {
                self.attrs.typed()
            }

            /// The first attribute of number `kind`, through the index.
            ///
            /// # Errors
            /// The framing error of a malformed attribute when none of `kind` came before it.
            #[inline]
            pub fn attr(&self, kind: u16) -> $crate::Result<Option<$crate::attr::Attr<'a>>> {
                $crate::typed::lookup(&self.index, self.attrs, kind)
            }

            /// The first attribute of each number, found in one walk that checks the whole
            /// list: owned conversions read every field through it (see
            /// [`AttrTable`](crate::typed::AttrTable)).
            ///
            /// # Errors
            /// The first malformed attribute's framing error.
            #[inline]
            pub fn attr_table(&self) -> $crate::Result<$crate::typed::AttrTable<'a, $Num, { $Num::INDEX_LEN }>> {
                $crate::typed::AttrTable::build(self.attrs)
            }

            /// Whether every attribute is well framed; owned conversions call it first, so
            /// that no field goes missing silently.
            ///
            /// # Errors
            /// The first malformed attribute's framing error.
            #[inline]
            pub fn check_frame(&self) -> $crate::Result<()> {
                $crate::typed::frame_check(&self.index, self.attrs)
            }

            #[doc = concat!("Starts a message of type `t` (one of the family's) with `header`; add attributes with the typed attributes' `write_to` (of [`", stringify!($Num), "`]) or the [`AttrWrite`](crate::AttrWrite) methods, then `finish()`.")]
            ///
            /// # Errors
            /// [`Error::UnexpectedType`](crate::Error::UnexpectedType) for a type that is not
            /// one of the family's.
            #[inline]
            pub fn builder<'b>(
                buf: &'b mut Vec<u8>,
                t: $crate::header::MessageType,
                flags: $crate::header::Flags,
                header: &$Hdr,
            ) -> $crate::Result<$crate::message::MessageBuilder<'b>> {
                Self::FAMILY.check_type(t)?;
                let mut b = $crate::message::MessageBuilder::new(buf, t, flags);
                b.family_header(header);
                Ok(b)
            }

            /// The attributes of `msg`: after the header (and what the header says follows
            /// it).
            fn attrs_of(msg: $crate::message::Msg<'_>) -> $crate::Result<$crate::attr::Attrs<'_>> {
                Self::attrs_after(msg, msg.family_header::<$Hdr>()?)
            }

            /// The attributes of `msg` whose header `parse` has read: a function of its own
            /// so that `parse`, on every message of a dump, reads the header once.
            #[inline]
            #[allow(unused_variables)]
            fn attrs_after<'m>(
                msg: $crate::message::Msg<'m>,
                header: &$Hdr,
            ) -> $crate::Result<$crate::attr::Attrs<'m>> {
                msg.attrs(size_of::<$Hdr>() $( .saturating_add(Self::$skip(header)) )?)
            }

            fn walk(m: $crate::message::Msg<'_>, w: &mut $crate::typed::Walker) {
                $crate::family::walk_family::<$View<'_>>(m, w);
            }
        }

        impl<'a> $crate::family::FamilyMsg<'a> for $View<'a> {
            type Header = $Hdr;
            type Space = $Num;
            const FAMILY: &'static $crate::family::FamilyInfo = &$View::FAMILY;

            #[inline]
            fn parse(msg: $crate::message::Msg<'a>) -> $crate::Result<Self> {
                $View::parse(msg)
            }

            #[inline]
            fn msg(&self) -> $crate::message::Msg<'a> {
                self.msg
            }

            #[inline]
            fn header(&self) -> &'a $Hdr {
                self.header
            }

            #[inline]
            fn attrs(&self) -> $crate::attr::Attrs<'a> {
                self.attrs
            }

            #[inline]
            fn check_frame(&self) -> $crate::Result<()> {
                $View::check_frame(self)
            }

            $(
                fn walk_attrs(&self, w: &mut $crate::typed::Walker) {
                    $View::$walk(self, w);
                }
            )?
        }
    };
}

/// Declares that a view over one attribute is a [`Value`](crate::typed::Value) kept as it
/// came: decoded by `$new(attr)` (`try $new` when that returns a `Result`), written back as the
/// same payload with the same flag bits (`NLA_F_NESTED` included) under the new number.
macro_rules! attr_view_value {
    ([$lt:lifetime $(, $g:ident)*] $T:ty = $($new:ident)::+) => {
        attr_view_value!(@impl [$lt $(, $g)*] $T, |attr| Ok($($new)::+(attr)));
    };
    ([$lt:lifetime $(, $g:ident)*] $T:ty = try $($new:ident)::+) => {
        attr_view_value!(@impl [$lt $(, $g)*] $T, |attr| $($new)::+(attr));
    };
    (@impl [$lt:lifetime $(, $g:ident)*] $T:ty, |$a:ident| $decode:expr) => {
        impl<$lt $(, $g)*> $crate::typed::Value<$lt> for $T {
            const KEEPS_FLAGS: bool = true;

            #[inline]
            fn decode($a: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                $decode
            }

            #[inline]
            fn encode<W: $crate::attr::AttrWrite>(&self, kind: u16, w: &mut W) {
                let flags = self.attr.raw_type() & !$crate::attr::NLA_TYPE_MASK;
                w.put(kind | flags, self.attr.payload());
            }
        }
    };
}

/// Declares accessors that read a view's fixed header, one line each: documentation, name,
/// type and the expression over the header `h` (its fields as the kernel names them).
///
/// ```text
/// header_fields! { RouteMsg;
///     /// `rtm_dst_len`: the destination prefix length.
///     dst_len: u8 = |h| h.rtm_dst_len;
/// }
/// ```
macro_rules! header_fields {
    ($View:ident; $( $(#[$m:meta])* $name:ident: $t:ty = |$h:ident| $e:expr; )*) => {
        impl $View<'_> {
            $(
                $(#[$m])*
                #[must_use]
                #[inline]
                pub fn $name(&self) -> $t {
                    let $h = self.header;
                    $e
                }
            )*
        }
    };
}

/// Declares kernel structs that never grow as [`Value`](crate::typed::Value)s held by value
/// (not `{STRUCT}` views read by prefix and zero-extended): the kernel's policy for them is
/// `.len = sizeof`, which refuses a shorter payload, so a short one is an error here too; a
/// longer one is read by its prefix, as the kernel reads it. Small structs a request is built
/// from (rule ranges, CAN bit timing) are values so that a caller can make one.
macro_rules! fixed_struct_value {
    ($($T:ty),*) => {$(
        impl $crate::typed::Value<'_> for $T {
            #[inline]
            fn decode(attr: $crate::attr::Attr<'_>) -> $crate::Result<Self> {
                attr.as_ref::<$T>().copied()
            }

            #[inline]
            fn encode<W: $crate::attr::AttrWrite>(&self, kind: u16, w: &mut W) {
                w.put(kind, ::zerocopy::IntoBytes::as_bytes(self));
            }
        }

        impl $crate::typed::Check for $T {}
    )*};
}

/// Declares a mirror of a kernel struct: `#[repr(C)]`, the zerocopy derives that let it be read
/// in place at any offset, and a compile-time check of its size against the kernel's.
macro_rules! kernel_struct {
    (
        $(#[$meta:meta])* $Name:ident = $kname:literal, $size:literal {
            $( $(#[$fmeta:meta])* $fvis:vis $field:ident: $t:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[doc(alias = $kname)]
        #[derive(
            Debug,
            Clone,
            Copy,
            Default,
            PartialEq,
            Eq,
            ::zerocopy::FromBytes,
            ::zerocopy::IntoBytes,
            ::zerocopy::KnownLayout,
            ::zerocopy::Immutable,
            ::zerocopy::Unaligned,
        )]
        #[repr(C)]
        pub struct $Name {
            $( $(#[$fmeta])* $fvis $field: $t, )*
        }

        const _: () = assert!(size_of::<$Name>() == $size);
    };
}

/// Declares the commands of a generic netlink family in one direction (requests, or what the
/// kernel sends): the command numbers (an open value set with kernel names), the typed message
/// enum that hands each command its attribute space's view, and the check walk of each command's
/// space. One line per command: number, kernel name, short name, variant, view and space.
///
/// ```text
/// genl_messages! {
///     /// `TCP_METRICS_CMD_*`.
///     commands TcpMetricsCmd;
///     /// A typed tcp_metrics message.
///     enum TcpMetricsMessage<'a>;
///     GET = 1, "TCP_METRICS_CMD_GET", "get", Get(TcpMetricsView, TcpMetricsA);
///     DEL = 2, "TCP_METRICS_CMD_DEL", "del", Del(TcpMetricsView, TcpMetricsA);
/// }
/// ```
macro_rules! genl_messages {
    (
        $(#[$cmeta:meta])* commands $Cmd:ident;
        $(#[$emeta:meta])* enum $Msg:ident<$lt:lifetime>;
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $short:literal, $Variant:ident($View:ident, $Space:ty); )*
    ) => {
        values! {
            $(#[$cmeta])*
            $Cmd(u8);
            $( $(#[$doc])* $CONST = $val, $kname, $short; )*
        }

        impl $Cmd {
            /// Walks `attrs` as this command's attribute space, counting into `w`; `false` for a
            /// command the table does not declare (its attributes stay untyped).
            pub fn walk_attrs(self, attrs: $crate::attr::Attrs<'_>, w: &mut $crate::typed::Walker) -> bool {
                match self.0 {
                    $( $val => {
                        $crate::typed::walk_list::<$Space>(attrs, w);
                        true
                    } )*
                    _ => false,
                }
            }
        }

        $(#[$emeta])*
        ///
        /// Each variant holds the view of its command's attribute space; commands this crate
        /// does not declare are `Other`, with the message itself.
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub enum $Msg<$lt> {
            $(
                #[doc = concat!("`", $kname, "`")]
                $(#[$doc])*
                $Variant($View<$lt>),
            )*
            /// A command this crate does not declare.
            Other($crate::genl::GenlMsg<$lt>),
        }

        impl<$lt> $Msg<$lt> {
            /// Reads `genlmsghdr` and picks the view of the message's command.
            ///
            /// # Errors
            /// A message shorter than `genlmsghdr`.
            pub fn parse(msg: $crate::message::Msg<$lt>) -> $crate::Result<Self> {
                $crate::genl::GenlMsg::parse(msg).map($Msg::from_genl)
            }

            /// Picks the view of `msg`'s command.
            #[must_use]
            pub fn from_genl(msg: $crate::genl::GenlMsg<$lt>) -> Self {
                match msg.cmd() {
                    $( $val => $Msg::$Variant($View::new(msg.attrs())), )*
                    _ => $Msg::Other(msg),
                }
            }

            /// The message's command.
            #[must_use]
            pub fn cmd(&self) -> $Cmd {
                match self {
                    $( $Msg::$Variant(_) => $Cmd::$CONST, )*
                    $Msg::Other(m) => $Cmd(m.cmd()),
                }
            }
        }
    };
}

/// Declares a protocol's message types (`RTM_*`, `XFRM_MSG_*`) with their kernel names, and
/// `message_name` over them.
macro_rules! message_types {
    ($( $(#[$doc:meta])* $name:ident = $val:literal; )*) => {
        $(
            $(#[$doc])*
            pub const $name: MessageType = MessageType($val);
        )*

        /// The kernel name of a message type of this protocol (`"RTM_NEWLINK"`), or of a
        /// control message type, if known.
        #[must_use]
        #[inline]
        pub fn message_name(t: MessageType) -> Option<&'static str> {
            match t.0 {
                $( $val => Some(stringify!($name)), )*
                _ => t.control_name(),
            }
        }
    };
}
