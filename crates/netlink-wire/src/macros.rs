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
    ($lt:lifetime, nested) => { $crate::attr::Attrs<$lt> };
    ($lt:lifetime, flag) => { () };
    ($lt:lifetime, [$t:ty]) => { $t };
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
    ($a:ident, nested) => {
        $crate::Result::Ok($a.nested())
    };
    ($a:ident, flag) => {
        $crate::Result::Ok(())
    };
    ($a:ident, [$t:ty]) => {
        $crate::Result::Ok($a.read_zero_extended::<$t>())
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
    ($w:ident, $k:expr, $v:ident, nested) => {
        $w.put($k, $v.as_bytes())
    };
    ($w:ident, $k:expr, $v:ident, flag) => {{
        let _ = $v;
        $w.put_flag($k)
    }};
    ($w:ident, $k:expr, $v:ident, [$t:ty]) => {
        $w.put_struct($k, $v)
    };
    ($w:ident, $k:expr, $v:ident, {$t:ty}) => {
        $w.put($k, $v.as_bytes())
    };
}

/// Declares an attribute-number newtype and the typed attribute enum of one attribute space.
///
/// ```text
/// attributes! {
///     /// `IFA_*`: address attribute numbers.
///     numbers Ifa;
///     /// A typed address attribute.
///     enum AddrAttr<'a>;
///     ADDRESS = 1, "IFA_ADDRESS", Address(ip);
/// }
/// ```
macro_rules! attributes {
    (
        $(#[$nmeta:meta])* numbers $Num:ident;
        $(#[$emeta:meta])* enum $Attr:ident<$lt:lifetime>;
        $( $(#[$doc:meta])* $CONST:ident = $val:literal, $kname:literal, $Variant:ident($($kind:tt)+); )*
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

        $(#[$emeta])*
        ///
        /// Attributes this crate does not know are kept raw in `Other`, so nothing is lost.
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

        impl<$lt> $crate::attr::TypedAttr<$lt> for $Attr<$lt> {
            #[inline]
            fn decode(attr: $crate::attr::Attr<$lt>) -> $crate::Result<Self> {
                $Attr::decode(attr)
            }
        }
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

/// Declares the borrowed view of one RTNETLINK object message: the message, its fixed family
/// header read in place and its attributes, with the accessors every family shares. Each family
/// adds its own accessors in a further `impl` block.
macro_rules! family_view {
    ($(#[$meta:meta])* $View:ident, $Hdr:ty, $hname:literal, $Attr:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $View<'a> {
            msg: $crate::message::Msg<'a>,
            header: &'a $Hdr,
            attrs: $crate::attr::Attrs<'a>,
        }

        impl<'a> $View<'a> {
            #[doc = concat!("Reads the `", $hname, "` and locates the attributes.")]
            ///
            /// # Errors
            #[doc = concat!("[`Error::Truncated`](crate::Error::Truncated) when the payload is shorter than `", $hname, "`.")]
            #[inline]
            pub fn parse(msg: $crate::message::Msg<'a>) -> $crate::Result<Self> {
                let header = msg.family_header::<$Hdr>()?;
                let attrs = msg.attrs(size_of::<$Hdr>())?;
                Ok($View { msg, header, attrs })
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

            #[doc = concat!("The attributes decoded as [`", stringify!($Attr), "`].")]
            #[must_use]
            #[inline]
            pub fn typed_attrs(&self) -> $crate::attr::Typed<'a, $Attr<'a>> {
                self.attrs.typed()
            }
        }
    };
}
