//! Attributes: `struct nlattr` (and RTNETLINK's identical `struct rtattr`) as views, an iterator
//! and writers.
//!
//! An attribute is a 4-byte header (`nla_len`, `nla_type`) and a payload, padded to 4 bytes. The
//! top two bits of `nla_type` are flags: `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER`. Source of
//! truth: `include/uapi/linux/netlink.h`.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

use crate::align;
use crate::error::{Error, Result};

/// `NLA_F_NESTED`: the payload is a list of attributes.
pub const NLA_F_NESTED: u16 = 1 << 15;
/// `NLA_F_NET_BYTEORDER`: the payload is in network byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// `NLA_TYPE_MASK`: the bits of `nla_type` that hold the type.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
/// `NLA_HDRLEN`: the size of the attribute header.
pub const NLA_HDRLEN: usize = 4;

/// A borrowed view of one attribute.
///
/// Typed accessors check the payload size and fail with [`Error::AttrSize`] naming the type and
/// the offset; a bad attribute fails only its own accessor, never its siblings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    raw_type: u16,
    payload: &'a [u8],
    offset: usize,
}

impl<'a> Attr<'a> {
    /// An attribute from its parts, as [`crate::typed::AttrTable`] kept them.
    #[inline]
    pub(crate) fn from_parts(raw_type: u16, payload: &'a [u8], offset: usize) -> Attr<'a> {
        Attr {
            raw_type,
            payload,
            offset,
        }
    }

    /// The type with the flag bits removed.
    #[must_use]
    #[inline]
    pub fn kind(&self) -> u16 {
        self.raw_type & NLA_TYPE_MASK
    }

    /// `nla_type` as it was on the wire, flags included.
    #[must_use]
    #[inline]
    pub fn raw_type(&self) -> u16 {
        self.raw_type
    }

    /// Whether `NLA_F_NESTED` is set. Many RTNETLINK nests do not set it.
    #[must_use]
    #[inline]
    pub fn is_nested(&self) -> bool {
        self.raw_type & NLA_F_NESTED != 0
    }

    /// Whether `NLA_F_NET_BYTEORDER` is set.
    #[must_use]
    #[inline]
    pub fn is_net_byteorder(&self) -> bool {
        self.raw_type & NLA_F_NET_BYTEORDER != 0
    }

    /// The payload, without header or padding.
    #[must_use]
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// Where the attribute's header starts, in the unit of the iterator that produced it.
    #[must_use]
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    #[inline]
    fn size_error(&self, expected: usize) -> Error {
        Error::AttrSize {
            kind: self.kind(),
            offset: self.offset,
            expected,
            found: self.payload.len(),
        }
    }

    #[inline]
    fn array<const N: usize>(&self) -> Result<[u8; N]> {
        <[u8; N]>::try_from(self.payload).map_err(|_| self.size_error(N))
    }

    /// The payload as a `u8`.
    #[inline]
    pub fn as_u8(&self) -> Result<u8> {
        self.array::<1>().map(u8::from_ne_bytes)
    }

    /// The payload as a host-order `u16`.
    #[inline]
    pub fn as_u16(&self) -> Result<u16> {
        self.array().map(u16::from_ne_bytes)
    }

    /// The payload as a host-order `u32`.
    #[inline]
    pub fn as_u32(&self) -> Result<u32> {
        self.array().map(u32::from_ne_bytes)
    }

    /// The payload as a host-order `u64`.
    #[inline]
    pub fn as_u64(&self) -> Result<u64> {
        self.array().map(u64::from_ne_bytes)
    }

    /// The payload as an `i8`.
    #[inline]
    pub fn as_i8(&self) -> Result<i8> {
        self.array::<1>().map(i8::from_ne_bytes)
    }

    /// The payload as a host-order `i16`.
    #[inline]
    pub fn as_i16(&self) -> Result<i16> {
        self.array().map(i16::from_ne_bytes)
    }

    /// The payload as a host-order `i32`.
    #[inline]
    pub fn as_i32(&self) -> Result<i32> {
        self.array().map(i32::from_ne_bytes)
    }

    /// The payload as a host-order `i64`.
    #[inline]
    pub fn as_i64(&self) -> Result<i64> {
        self.array().map(i64::from_ne_bytes)
    }

    /// The payload as a big-endian (network order) `u16`, such as a port.
    #[inline]
    pub fn as_be16(&self) -> Result<u16> {
        self.array().map(u16::from_be_bytes)
    }

    /// The payload as a big-endian (network order) `u32`.
    #[inline]
    pub fn as_be32(&self) -> Result<u32> {
        self.array().map(u32::from_be_bytes)
    }

    /// The payload as a big-endian (network order) `u64`.
    #[inline]
    pub fn as_be64(&self) -> Result<u64> {
        self.array().map(u64::from_be_bytes)
    }

    /// A variable-width unsigned integer (`NLA_UINT`): 1, 2, 4 or 8 bytes in host order.
    #[inline]
    pub fn as_uint(&self) -> Result<u64> {
        match self.payload.len() {
            1 => self.as_u8().map(u64::from),
            2 => self.as_u16().map(u64::from),
            4 => self.as_u32().map(u64::from),
            _ => self.as_u64(),
        }
    }

    /// The bytes of a string up to its first NUL, or all of them when there is none.
    #[must_use]
    #[inline]
    pub fn as_cstr_bytes(&self) -> &'a [u8] {
        match self.payload.iter().position(|&b| b == 0) {
            Some(end) => self.payload.get(..end).unwrap_or(self.payload),
            None => self.payload,
        }
    }

    /// The payload as a string: up to the first NUL, or all of it when there is none.
    ///
    /// # Errors
    /// [`Error::Utf8`] when the bytes are not UTF-8.
    #[inline]
    pub fn as_str(&self) -> Result<&'a str> {
        core::str::from_utf8(self.as_cstr_bytes()).map_err(|_| Error::Utf8 {
            kind: self.kind(),
            offset: self.offset,
        })
    }

    /// The payload as raw bytes (no size check).
    #[must_use]
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.payload
    }

    /// The payload as an IPv4 address (4 bytes, network order).
    #[inline]
    pub fn as_ipv4(&self) -> Result<Ipv4Addr> {
        self.array::<4>().map(Ipv4Addr::from)
    }

    /// The payload as an IPv6 address (16 bytes, network order).
    #[inline]
    pub fn as_ipv6(&self) -> Result<Ipv6Addr> {
        self.array::<16>().map(Ipv6Addr::from)
    }

    /// The payload as an IPv4 or IPv6 address, chosen by its size (4 or 16 bytes).
    #[inline]
    pub fn as_ip(&self) -> Result<IpAddr> {
        match self.payload.len() {
            4 => self.as_ipv4().map(IpAddr::V4),
            _ => self.as_ipv6().map(IpAddr::V6),
        }
    }

    /// The payload as a 6-byte Ethernet (MAC) address.
    #[inline]
    pub fn as_mac(&self) -> Result<[u8; 6]> {
        self.array()
    }

    /// The payload as a list of attributes. Offsets of the nested attributes continue this one's.
    #[must_use]
    #[inline]
    pub fn nested(&self) -> Attrs<'a> {
        Attrs::with_offset(self.payload, self.offset.saturating_add(NLA_HDRLEN))
    }

    /// The payload as a fixed structure, read in place; the payload may be longer.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is shorter than `T`.
    #[inline]
    pub fn as_ref<T: FromBytes + KnownLayout + Immutable + zerocopy::Unaligned>(
        &self,
    ) -> Result<&'a T> {
        T::ref_from_prefix(self.payload)
            .map(|(v, _)| v)
            .map_err(|_| self.size_error(size_of::<T>()))
    }

    /// The payload as a structure that grows in newer kernels: read by prefix, and zero-extended
    /// when the kernel sent fewer bytes than `T` has.
    #[must_use]
    #[inline]
    pub fn read_zero_extended<T: FromBytes + IntoBytes>(&self) -> T {
        let mut v = T::new_zeroed();
        let dst = v.as_mut_bytes();
        let n = dst.len().min(self.payload.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), self.payload.get(..n)) {
            d.copy_from_slice(s);
        }
        v
    }
}

impl core::fmt::Debug for Attr<'_> {
    #[inline]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Attr")
            .field("kind", &self.kind())
            .field("nested", &self.is_nested())
            .field("net_byteorder", &self.is_net_byteorder())
            .field("offset", &self.offset)
            .field("payload", &self.payload)
            .finish()
    }
}

/// A fixed kernel structure inside an attribute, read on demand instead of copied when the
/// attribute is decoded (the large statistics structs would otherwise make every typed attribute
/// as big as they are). Kernel structs grow over time: a shorter payload is zero-extended, a
/// longer one is read by its prefix.
pub struct StructView<'a, T> {
    bytes: &'a [u8],
    _t: core::marker::PhantomData<fn() -> T>,
}

impl<'a, T> StructView<'a, T> {
    /// A view of `bytes` as a `T`.
    #[inline]
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        StructView {
            bytes,
            _t: core::marker::PhantomData,
        }
    }

    /// The payload as sent.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl<T: FromBytes + IntoBytes> StructView<'_, T> {
    /// The structure, zero-extended if the payload was shorter than `T`.
    #[inline]
    #[must_use]
    pub fn get(&self) -> T {
        let mut v = T::new_zeroed();
        let dst = v.as_mut_bytes();
        let n = dst.len().min(self.bytes.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), self.bytes.get(..n)) {
            d.copy_from_slice(s);
        }
        v
    }
}

impl<'a, T: FromBytes + KnownLayout + Immutable + zerocopy::Unaligned> StructView<'a, T> {
    /// The structure in place, when the payload is at least as long as `T`.
    #[inline]
    #[must_use]
    pub fn as_ref(&self) -> Option<&'a T> {
        T::ref_from_prefix(self.bytes).ok().map(|(v, _)| v)
    }
}

impl<T> Clone for StructView<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for StructView<'_, T> {}

impl<T: FromBytes + IntoBytes + PartialEq> PartialEq for StructView<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl<T: FromBytes + IntoBytes + core::fmt::Debug> core::fmt::Debug for StructView<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.get().fmt(f)
    }
}

/// A zero-copy iterator over a list of attributes.
///
/// Yields `Err` once for a bad `nla_len` (shorter than its header or longer than what is left)
/// or for 1 to 3 stray bytes at the end, then ends: never a panic, never an endless loop.
///
/// It is `Copy` so that typed attributes can hold a nested list; copying restarts nothing, it
/// duplicates the position.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Attrs<'a> {
    /// The whole list, from its start.
    bytes: &'a [u8],
    /// What is left to iterate over: a tail of `bytes`, emptied by an error.
    rest: &'a [u8],
    base: usize,
}

impl<'a> Attrs<'a> {
    /// Iterates over the attributes in `bytes`; offsets count from the start of `bytes`.
    #[must_use]
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_offset(bytes, 0)
    }

    /// Iterates over the attributes in `bytes`, reporting offsets as `base` plus the position
    /// in `bytes` (so that they can count from the start of the enclosing message).
    #[must_use]
    #[inline]
    pub fn with_offset(bytes: &'a [u8], base: usize) -> Self {
        Attrs {
            bytes,
            rest: bytes,
            base,
        }
    }

    /// The bytes being iterated over, from the start.
    #[must_use]
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Where the list's offsets start (the `base` of [`Attrs::with_offset`]).
    #[must_use]
    #[inline]
    pub fn base(&self) -> usize {
        self.base
    }

    /// The first attribute of type `kind` (flags ignored), from the current position on.
    ///
    /// # Errors
    /// When a malformed attribute comes before any of type `kind`: its framing error, with its
    /// offset, because the attribute asked for may have been behind it. A list is never read
    /// past a broken length, so "absent" is only answered for a list that is whole up to its end.
    #[inline]
    pub fn get(&self, kind: impl Into<u16>) -> Result<Option<Attr<'a>>> {
        let kind = kind.into() & NLA_TYPE_MASK;
        for a in *self {
            let a = a?;
            if a.kind() == kind {
                return Ok(Some(a));
            }
        }
        Ok(None)
    }

    /// The attribute that starts `pos` bytes into the list, if one parses there.
    #[must_use]
    #[inline]
    pub(crate) fn at(&self, pos: usize) -> Option<Attr<'a>> {
        let rest = self.bytes.get(pos..)?;
        parse_one(rest, self.base.saturating_add(pos))
            .ok()
            .map(|(a, _)| a)
    }

    /// Checks the whole list, returning the first error if any.
    ///
    /// # Errors
    /// The first malformed attribute header.
    #[inline]
    pub fn validate(&self) -> Result<()> {
        let mut all = *self;
        all.try_for_each(|a| a.map(drop))
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        if rest.is_empty() {
            return None;
        }
        // `rest` is a tail of `bytes`: the subtraction cannot wrap.
        let pos = self.bytes.len().wrapping_sub(rest.len());
        match parse_one(rest, self.base.saturating_add(pos)) {
            Ok((a, advance)) => {
                self.rest = rest.get(advance..).unwrap_or_default();
                Some(Ok(a))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Attrs<'_> {}

impl core::fmt::Debug for Attrs<'_> {
    #[inline]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(*self).finish()
    }
}

/// Parses the attribute at the start of `rest`; returns it and how far to advance.
#[inline]
fn parse_one(rest: &[u8], offset: usize) -> Result<(Attr<'_>, usize)> {
    let (hdr, _) = rest
        .split_first_chunk::<NLA_HDRLEN>()
        .ok_or(Error::Truncated {
            what: "nlattr",
            offset,
            needed: NLA_HDRLEN,
            available: rest.len(),
        })?;
    let len = usize::from(u16::from_ne_bytes([hdr[0], hdr[1]]));
    let raw_type = u16::from_ne_bytes([hdr[2], hdr[3]]);
    let payload = rest
        .get(NLA_HDRLEN..len)
        .filter(|_| len >= NLA_HDRLEN)
        .ok_or(Error::BadLength {
            what: "nlattr",
            offset,
            length: len,
            available: rest.len(),
        })?;
    // The last attribute may omit its padding; never step past the end.
    // `len` is at most 65,535 (16 bits): rounding it up cannot wrap.
    let advance = (len.wrapping_add(align::ALIGNTO - 1) & !(align::ALIGNTO - 1)).min(rest.len());
    Ok((
        Attr {
            raw_type,
            payload,
            offset,
        },
        advance,
    ))
}

mod sealed {
    use crate::error::Error;

    pub trait Sink {
        fn sink(&mut self) -> (&mut Vec<u8>, &mut Option<Error>);
    }
}

/// Appends attributes; implemented by [`crate::MessageBuilder`], [`Nest`] and [`AttrBuilder`].
///
/// Writing never fails on the spot: an attribute too large for its 16-bit `nla_len` is left out
/// and remembered, and the `finish` of the message or builder returns the error.
pub trait AttrWrite: sealed::Sink {
    /// Appends an attribute with `payload`, padded to 4 bytes.
    #[inline]
    fn put(&mut self, kind: impl Into<u16>, payload: &[u8]) -> &mut Self
    where
        Self: Sized,
    {
        put_parts(self, kind.into(), &[payload]);
        self
    }

    /// Appends an attribute whose payload is the concatenation of `parts`.
    #[inline]
    fn put_parts(&mut self, kind: impl Into<u16>, parts: &[&[u8]]) -> &mut Self
    where
        Self: Sized,
    {
        put_parts(self, kind.into(), parts);
        self
    }

    /// Appends an attribute with an empty payload (a flag attribute, `NLA_FLAG`).
    #[inline]
    fn put_flag(&mut self, kind: impl Into<u16>) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &[])
    }

    /// Appends a `u8` attribute.
    #[inline]
    fn put_u8(&mut self, kind: impl Into<u16>, v: u8) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &[v])
    }

    /// Appends a host-order `u16` attribute.
    #[inline]
    fn put_u16(&mut self, kind: impl Into<u16>, v: u16) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_ne_bytes())
    }

    /// Appends a host-order `u32` attribute.
    #[inline]
    fn put_u32(&mut self, kind: impl Into<u16>, v: u32) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_ne_bytes())
    }

    /// Appends a host-order `u64` attribute.
    #[inline]
    fn put_u64(&mut self, kind: impl Into<u16>, v: u64) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_ne_bytes())
    }

    /// Appends a host-order `i32` attribute.
    #[inline]
    fn put_i32(&mut self, kind: impl Into<u16>, v: i32) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_ne_bytes())
    }

    /// Appends a big-endian (network order) `u16` attribute.
    #[inline]
    fn put_be16(&mut self, kind: impl Into<u16>, v: u16) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_be_bytes())
    }

    /// Appends a big-endian (network order) `u32` attribute.
    #[inline]
    fn put_be32(&mut self, kind: impl Into<u16>, v: u32) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_be_bytes())
    }

    /// Appends a big-endian (network order) `u64` attribute.
    #[inline]
    fn put_be64(&mut self, kind: impl Into<u16>, v: u64) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.to_be_bytes())
    }

    /// Appends a string attribute, always NUL-terminated.
    #[inline]
    fn put_str(&mut self, kind: impl Into<u16>, v: &str) -> &mut Self
    where
        Self: Sized,
    {
        put_parts(self, kind.into(), &[v.as_bytes(), &[0]]);
        self
    }

    /// Appends an IPv4 address (4 bytes, network order).
    #[inline]
    fn put_ipv4(&mut self, kind: impl Into<u16>, v: Ipv4Addr) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.octets())
    }

    /// Appends an IPv6 address (16 bytes, network order).
    #[inline]
    fn put_ipv6(&mut self, kind: impl Into<u16>, v: Ipv6Addr) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v.octets())
    }

    /// Appends an IPv4 or IPv6 address (4 or 16 bytes).
    #[inline]
    fn put_ip(&mut self, kind: impl Into<u16>, v: IpAddr) -> &mut Self
    where
        Self: Sized,
    {
        match v {
            IpAddr::V4(a) => self.put_ipv4(kind, a),
            IpAddr::V6(a) => self.put_ipv6(kind, a),
        }
    }

    /// Appends a 6-byte Ethernet (MAC) address.
    #[inline]
    fn put_mac(&mut self, kind: impl Into<u16>, v: [u8; 6]) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, &v)
    }

    /// Appends a fixed structure as the payload.
    #[inline]
    fn put_struct<T: IntoBytes + Immutable + ?Sized>(
        &mut self,
        kind: impl Into<u16>,
        v: &T,
    ) -> &mut Self
    where
        Self: Sized,
    {
        self.put(kind, v.as_bytes())
    }

    /// Appends raw bytes, padded to 4, with no attribute header: for the fixed structure some
    /// nests start with, such as the `ifinfomsg` at the head of `VETH_INFO_PEER`.
    #[inline]
    fn put_raw(&mut self, bytes: &[u8]) -> &mut Self
    where
        Self: Sized,
    {
        let (buf, _) = self.sink();
        buf.extend_from_slice(bytes);
        pad(buf);
        self
    }

    /// Starts a nested attribute of type `kind`; its length is patched when the guard ends.
    ///
    /// `kind` is written as given: add [`NLA_F_NESTED`] where the kernel expects it (iproute2
    /// leaves it out for most RTNETLINK nests).
    #[inline]
    fn nest(&mut self, kind: impl Into<u16>) -> Nest<'_> {
        let (buf, error) = self.sink();
        let start = buf.len();
        buf.extend_from_slice(&[0, 0]);
        buf.extend_from_slice(&kind.into().to_ne_bytes());
        Nest { buf, error, start }
    }
}

/// Writes one attribute whose payload is the concatenation of `parts`.
#[inline]
fn put_parts<W: sealed::Sink + ?Sized>(w: &mut W, kind: u16, parts: &[&[u8]]) {
    let (buf, error) = w.sink();
    let payload_len: usize = parts.iter().map(|p| p.len()).sum();
    let Some(len) = payload_len
        .checked_add(NLA_HDRLEN)
        .and_then(|l| u16::try_from(l).ok())
    else {
        error.get_or_insert(Error::AttrTooLarge {
            kind: kind & NLA_TYPE_MASK,
            length: payload_len.saturating_add(NLA_HDRLEN),
        });
        return;
    };
    buf.extend_from_slice(&len.to_ne_bytes());
    buf.extend_from_slice(&kind.to_ne_bytes());
    for p in parts {
        buf.extend_from_slice(p);
    }
    pad(buf);
}

/// Appends zero bytes up to the next 4-byte boundary.
#[inline]
pub(crate) fn pad(buf: &mut Vec<u8>) {
    buf.resize(buf.len().saturating_add(align::padding(buf.len())), 0);
}

/// A nested attribute being written. Dropping it (or calling [`Nest::end`]) patches its length.
#[derive(Debug)]
#[must_use = "a nest is closed when this guard ends"]
pub struct Nest<'w> {
    buf: &'w mut Vec<u8>,
    error: &'w mut Option<Error>,
    start: usize,
}

impl Nest<'_> {
    /// Ends the nest; the same as dropping it.
    #[inline]
    pub fn end(self) {}
}

impl sealed::Sink for Nest<'_> {
    #[inline]
    fn sink(&mut self) -> (&mut Vec<u8>, &mut Option<Error>) {
        (self.buf, self.error)
    }
}

impl AttrWrite for Nest<'_> {}

impl Drop for Nest<'_> {
    #[inline]
    fn drop(&mut self) {
        let len = self.buf.len().saturating_sub(self.start);
        match u16::try_from(len) {
            Ok(l) => {
                if let Some(field) = self.buf.get_mut(self.start..self.start.saturating_add(2)) {
                    field.copy_from_slice(&l.to_ne_bytes());
                }
            }
            Err(_) => {
                let kind = self
                    .buf
                    .get(self.start.saturating_add(2)..)
                    .and_then(|b| b.first_chunk::<2>())
                    .map_or(0, |b| u16::from_ne_bytes(*b));
                self.error.get_or_insert(Error::AttrTooLarge {
                    kind: kind & NLA_TYPE_MASK,
                    length: len,
                });
            }
        }
    }
}

/// Builds a list of attributes on its own, outside any message (for a nested payload built
/// ahead of time, or for tests).
#[derive(Debug)]
pub struct AttrBuilder<'a> {
    buf: &'a mut Vec<u8>,
    start: usize,
    error: Option<Error>,
}

impl<'a> AttrBuilder<'a> {
    /// Appends attributes to `buf`, starting at its current end padded to 4 bytes.
    #[inline]
    pub fn new(buf: &'a mut Vec<u8>) -> Self {
        // Attributes start on a 4-byte boundary, whatever the buffer held before.
        pad(buf);
        let start = buf.len();
        AttrBuilder {
            buf,
            start,
            error: None,
        }
    }

    /// Returns how many bytes were written, or the first deferred error (the bytes written are
    /// then removed again).
    ///
    /// # Errors
    /// [`Error::AttrTooLarge`] when an attribute or nest did not fit its 16-bit length.
    #[inline]
    pub fn finish(self) -> Result<usize> {
        if let Some(e) = self.error {
            self.buf.truncate(self.start);
            return Err(e);
        }
        Ok(self.buf.len().saturating_sub(self.start))
    }
}

impl sealed::Sink for AttrBuilder<'_> {
    #[inline]
    fn sink(&mut self) -> (&mut Vec<u8>, &mut Option<Error>) {
        (self.buf, &mut self.error)
    }
}

impl AttrWrite for AttrBuilder<'_> {}

pub(crate) use sealed::Sink;

#[cfg(test)]
mod tests {
    use super::*;

    // The attributes of an RTM_NEWLINK for `lo` as the kernel sent them (prefix):
    // IFLA_IFNAME "lo", IFLA_TXQLEN 1000, IFLA_OPERSTATE 0 (u8, padded), IFLA_MTU 65536.
    const LO: [u8; 36] = [
        0x07, 0x00, 0x03, 0x00, b'l', b'o', 0x00, 0x00, // IFLA_IFNAME
        0x08, 0x00, 0x0d, 0x00, 0xe8, 0x03, 0x00, 0x00, // IFLA_TXQLEN
        0x05, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, // IFLA_OPERSTATE
        0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, // IFLA_MTU
        0x04, 0x00, 0x1d, 0x80, // empty nest with NLA_F_NESTED
    ];

    #[test]
    fn walks_real_link_attributes() {
        let attrs: Vec<_> = Attrs::new(&LO).collect::<Result<_>>().unwrap();
        assert_eq!(attrs.len(), 5);
        assert_eq!(attrs[0].kind(), 3);
        assert_eq!(attrs[0].as_str().unwrap(), "lo");
        assert_eq!(attrs[1].as_u32().unwrap(), 1000);
        assert_eq!(attrs[2].as_u8().unwrap(), 0);
        assert_eq!(attrs[3].as_u32().unwrap(), 65536);
        assert_eq!(attrs[3].offset(), 24);
        assert!(attrs[4].is_nested());
        assert_eq!(attrs[4].kind(), 0x1d);
        assert_eq!(attrs[4].nested().count(), 0);
        assert_eq!(
            Attrs::new(&LO)
                .get(4u16)
                .unwrap()
                .unwrap()
                .as_u32()
                .unwrap(),
            65536
        );
    }

    #[test]
    fn wrong_sizes_name_type_and_offset() {
        let a = Attrs::with_offset(&LO, 32).nth(1).unwrap().unwrap();
        assert_eq!(
            a.as_u64().unwrap_err(),
            Error::AttrSize {
                kind: 13,
                offset: 40,
                expected: 8,
                found: 4
            }
        );
        assert_eq!(
            a.as_u8().unwrap_err(),
            Error::AttrSize {
                kind: 13,
                offset: 40,
                expected: 1,
                found: 4
            }
        );
        assert!(a.as_ipv6().is_err());
        assert!(a.as_mac().is_err());
    }

    #[test]
    fn cut_at_every_length_errors_or_ends_cleanly() {
        for n in 0..LO.len() {
            let items: Vec<_> = Attrs::new(&LO[..n]).collect();
            assert!(items.len() <= 5);
            let errors = items.iter().filter(|r| r.is_err()).count();
            assert!(errors <= 1);
            if let Some(Err(e)) = items.last() {
                match e {
                    Error::Truncated { .. } | Error::BadLength { .. } => {}
                    other => panic!("unexpected {other:?}"),
                }
            }
        }
    }

    #[test]
    fn zero_length_attribute_is_an_error_not_a_loop() {
        let bytes = [0u8, 0, 1, 0, 0, 0, 0, 0];
        let mut it = Attrs::new(&bytes);
        assert_eq!(
            it.next().unwrap().unwrap_err(),
            Error::BadLength {
                what: "nlattr",
                offset: 0,
                length: 0,
                available: 8
            }
        );
        assert!(it.next().is_none());
    }

    #[test]
    fn builds_what_the_kernel_sends() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put_str(3u16, "lo")
            .put_u32(13u16, 1000)
            .put_u8(16u16, 0)
            .put_u32(4u16, 65536);
        b.nest(0x1d | NLA_F_NESTED).end();
        assert_eq!(b.finish().unwrap(), 36);
        assert_eq!(buf, LO);
    }

    #[test]
    fn nests_patch_their_length() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut outer = b.nest(18u16);
            outer.put_str(1u16, "veth");
            let mut inner = outer.nest(2u16);
            inner.nest(1u16).put_str(3u16, "peer");
        }
        b.finish().unwrap();
        let outer = Attrs::new(&buf).next().unwrap().unwrap();
        assert_eq!(outer.kind(), 18);
        let mut it = outer.nested();
        assert_eq!(it.next().unwrap().unwrap().as_str().unwrap(), "veth");
        let data = it.next().unwrap().unwrap();
        let peer = data.nested().next().unwrap().unwrap();
        assert_eq!(
            peer.nested().get(3u16).unwrap().unwrap().as_str().unwrap(),
            "peer"
        );
        assert_eq!(peer.nested().get(3u16).unwrap().unwrap().offset(), 24);
    }

    #[test]
    fn a_builder_on_an_unaligned_buffer_pads_first() {
        let mut buf = vec![0xaa];
        let mut b = AttrBuilder::new(&mut buf);
        b.put_u8(1u16, 1).put_u8(2u16, 2);
        assert_eq!(b.finish().unwrap(), 16);
        assert_eq!(buf.len(), 20);
        let a: Vec<_> = Attrs::new(&buf[4..]).map(Result::unwrap).collect();
        assert_eq!((a[0].as_u8().unwrap(), a[1].as_u8().unwrap()), (1, 2));
    }

    #[test]
    fn oversized_attribute_is_an_error() {
        let mut buf = vec![1, 2, 3, 4];
        let mut b = AttrBuilder::new(&mut buf);
        b.put(7u16, &[0; 65531]);
        assert_eq!(b.finish().unwrap(), 65536);
        let mut b = AttrBuilder::new(&mut buf);
        b.put(7u16, &[0; 65532]);
        assert_eq!(
            b.finish().unwrap_err(),
            Error::AttrTooLarge {
                kind: 7,
                length: 65536
            }
        );
        assert_eq!(buf.len(), 4 + 65536);
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut n = b.nest(9u16);
            n.put(1u16, &[0; 40000]);
            n.put(1u16, &[0; 40000]);
        }
        assert_eq!(
            b.finish().unwrap_err(),
            Error::AttrTooLarge {
                kind: 9,
                length: 80012
            }
        );
    }

    #[test]
    fn strings_with_and_without_nul() {
        let bytes = [6u8, 0, 1, 0, b'a', b'b', 0, 0];
        assert_eq!(
            Attrs::new(&bytes)
                .next()
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap(),
            "ab"
        );
        let bytes = [7u8, 0, 1, 0, b'a', 0, b'b', 0];
        assert_eq!(
            Attrs::new(&bytes)
                .next()
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap(),
            "a"
        );
        let bytes = [6u8, 0, 1, 0, 0xff, 0xfe, 0, 0];
        assert_eq!(
            Attrs::new(&bytes)
                .next()
                .unwrap()
                .unwrap()
                .as_str()
                .unwrap_err(),
            Error::Utf8 { kind: 1, offset: 0 }
        );
    }

    #[test]
    fn addresses_and_byte_orders() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put_ipv4(1u16, Ipv4Addr::new(192, 0, 2, 1))
            .put_ipv6(2u16, "2001:db8::1".parse().unwrap())
            .put_mac(3u16, [2, 0, 0, 0, 0, 9])
            .put_be16(4u16 | NLA_F_NET_BYTEORDER, 4789)
            .put_be32(5u16, 0x0102_0304)
            .put_u64(6u16, u64::MAX - 1)
            .put_i32(7u16, -22)
            .put_u16(8u16, 0xbeef)
            .put_flag(9u16);
        b.finish().unwrap();
        let a: Vec<_> = Attrs::new(&buf).map(Result::unwrap).collect();
        assert_eq!(
            a[0].as_ip().unwrap(),
            IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))
        );
        assert_eq!(a[1].as_ip().unwrap().to_string(), "2001:db8::1");
        assert_eq!(a[2].as_mac().unwrap(), [2, 0, 0, 0, 0, 9]);
        assert!(a[3].is_net_byteorder());
        assert_eq!(a[3].kind(), 4);
        assert_eq!(a[3].as_be16().unwrap(), 4789);
        assert_eq!(a[4].as_be32().unwrap(), 0x0102_0304);
        assert_eq!(a[5].as_u64().unwrap(), u64::MAX - 1);
        assert_eq!(a[5].as_uint().unwrap(), u64::MAX - 1);
        assert_eq!(a[6].as_i32().unwrap(), -22);
        assert_eq!(a[7].as_u16().unwrap(), 0xbeef);
        assert_eq!(a[7].as_uint().unwrap(), 0xbeef);
        assert!(a[8].payload().is_empty());
    }

    #[test]
    fn structs_read_by_prefix_and_zero_extended() {
        let bytes = [8u8, 0, 1, 0, 1, 0, 0, 0];
        let a = Attrs::new(&bytes).next().unwrap().unwrap();
        let v: [u32; 2] = a.read_zero_extended();
        assert_eq!(v, [1, 0]);
        let v: &[u8; 4] = a.as_ref().unwrap();
        assert_eq!(v, &[1, 0, 0, 0]);
        assert!(a.as_ref::<[u8; 5]>().is_err());
    }
}
