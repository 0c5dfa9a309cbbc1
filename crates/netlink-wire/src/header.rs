//! `struct nlmsghdr`, the message types every protocol shares and the `NLM_F_*` flags.
//!
//! Source of truth: `include/uapi/linux/netlink.h`.

use core::fmt;

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::{Error, Result};

/// `struct nlmsghdr`: the 16-byte header in front of every netlink message, in host byte order.
///
/// The fields use alignment-1 integers, so a header can be read in place at any offset of a
/// receive buffer; "too short" is the only way reading one can fail.
///
/// The seed's header vocabulary, and where each field is read (rustdoc's search finds the
/// accessors by these names too):
///
/// | seed | kernel | accessor |
/// |---|---|---|
/// | `Length` | `nlmsg_len` | [`Header::len`] |
/// | `Type` | `nlmsg_type` | [`Header::message_type`] |
/// | `Flags` | `nlmsg_flags` | [`Header::flags`] |
/// | `Seq` | `nlmsg_seq` | [`Header::seq`] |
/// | `Pid` | `nlmsg_pid` | [`Header::port_id`] |
///
/// ```
/// use netlink_wire::{Flags, Header, MessageType};
///
/// let h = Header::new(20, MessageType::DONE, Flags::MULTI, 7, 0);
/// let bytes = zerocopy::IntoBytes::as_bytes(&h);
/// let h = Header::parse(bytes)?;
/// assert_eq!(h.len(), 20); // Length
/// assert_eq!(h.message_type(), MessageType::DONE); // Type
/// assert_eq!(h.flags(), Flags::MULTI); // Flags
/// assert_eq!(h.seq(), 7); // Seq
/// assert_eq!(h.port_id(), 0); // Pid: the kernel
/// # Ok::<(), netlink_wire::Error>(())
/// ```
#[doc(alias = "nlmsghdr")]
#[derive(
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct Header {
    /// `nlmsg_len`: length of the message, this header included.
    pub nlmsg_len: U32,
    /// `nlmsg_type`: the message type, see [`MessageType`].
    pub nlmsg_type: U16,
    /// `nlmsg_flags`: see [`Flags`].
    pub nlmsg_flags: U16,
    /// `nlmsg_seq`: the sequence number that pairs replies with requests.
    pub nlmsg_seq: U32,
    /// `nlmsg_pid`: the sending port id; 0 for the kernel.
    pub nlmsg_pid: U32,
}

const _: () = assert!(size_of::<Header>() == 16);

impl Header {
    /// `NLMSG_HDRLEN`: the size of the header on the wire.
    #[doc(alias = "NLMSG_HDRLEN")]
    pub const LEN: usize = 16;

    /// A header with every field given.
    #[must_use]
    #[inline]
    pub fn new(len: u32, message_type: MessageType, flags: Flags, seq: u32, port_id: u32) -> Self {
        Header {
            nlmsg_len: U32::new(len),
            nlmsg_type: U16::new(message_type.0),
            nlmsg_flags: U16::new(flags.0),
            nlmsg_seq: U32::new(seq),
            nlmsg_pid: U32::new(port_id),
        }
    }

    /// Reads the header at the start of `bytes` in place, without copying.
    ///
    /// # Errors
    /// [`Error::Truncated`] when fewer than 16 bytes are given.
    #[inline]
    pub fn parse(bytes: &[u8]) -> Result<&Header> {
        Self::parse_at(bytes, 0)
    }

    /// Like [`Header::parse`], reporting errors at `offset`.
    #[inline]
    pub(crate) fn parse_at(bytes: &[u8], offset: usize) -> Result<&Header> {
        Header::ref_from_prefix(bytes)
            .map(|(h, _)| h)
            .map_err(|_| Error::Truncated {
                what: "nlmsghdr",
                offset,
                needed: Self::LEN,
                available: bytes.len(),
            })
    }

    /// `nlmsg_len`: the message's length, header included (the seed's `Length`).
    #[doc(alias = "Length")]
    #[doc(alias = "nlmsg_len")]
    #[must_use]
    #[inline]
    pub fn len(&self) -> u32 {
        self.nlmsg_len.get()
    }

    /// Whether `nlmsg_len` is zero, which no valid message has.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `nlmsg_type` (the seed's `Type`).
    #[doc(alias = "Type")]
    #[doc(alias = "nlmsg_type")]
    #[must_use]
    #[inline]
    pub fn message_type(&self) -> MessageType {
        MessageType(self.nlmsg_type.get())
    }

    /// `nlmsg_flags` (the seed's `Flags`).
    #[doc(alias = "Flags")]
    #[doc(alias = "nlmsg_flags")]
    #[must_use]
    #[inline]
    pub fn flags(&self) -> Flags {
        Flags(self.nlmsg_flags.get())
    }

    /// `nlmsg_seq` (the seed's `Seq`).
    #[doc(alias = "Seq")]
    #[doc(alias = "nlmsg_seq")]
    #[must_use]
    #[inline]
    pub fn seq(&self) -> u32 {
        self.nlmsg_seq.get()
    }

    /// `nlmsg_pid`: the sender's port id, 0 when the kernel sent the message (the seed's `Pid`).
    #[doc(alias = "Pid")]
    #[doc(alias = "nlmsg_pid")]
    #[must_use]
    #[inline]
    pub fn port_id(&self) -> u32 {
        self.nlmsg_pid.get()
    }

    /// Sets `nlmsg_len`.
    #[inline]
    pub fn set_len(&mut self, len: u32) {
        self.nlmsg_len.set(len);
    }

    /// Sets `nlmsg_type`.
    #[inline]
    pub fn set_message_type(&mut self, message_type: MessageType) {
        self.nlmsg_type.set(message_type.0);
    }

    /// Sets `nlmsg_flags`.
    #[inline]
    pub fn set_flags(&mut self, flags: Flags) {
        self.nlmsg_flags.set(flags.0);
    }

    /// Sets `nlmsg_seq`.
    #[inline]
    pub fn set_seq(&mut self, seq: u32) {
        self.nlmsg_seq.set(seq);
    }

    /// Sets `nlmsg_pid`.
    #[inline]
    pub fn set_port_id(&mut self, port_id: u32) {
        self.nlmsg_pid.set(port_id);
    }

    /// Appends the 16 header bytes to `out`.
    #[inline]
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes());
    }
}

impl fmt::Debug for Header {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.message_type();
        f.debug_struct("Header")
            .field("len", &self.len())
            .field("type", &t)
            .field("flags", &self.flags().in_context(t.flag_context()))
            .field("seq", &self.seq())
            .field("port_id", &self.port_id())
            .finish()
    }
}

/// `nlmsg_type`: an open set of message types.
///
/// Types below [`MessageType::MIN`] are control messages shared by every protocol; above it each
/// protocol has its own (`RTM_NEWLINK` and a generic-netlink family id may share a number), so
/// `Debug` names only the control types.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageType(pub u16);

impl MessageType {
    /// `NLMSG_NOOP`: nothing; to be ignored.
    #[doc(alias = "NLMSG_NOOP")]
    pub const NOOP: MessageType = MessageType(1);
    /// `NLMSG_ERROR`: an error or, with errno 0, an acknowledgement.
    #[doc(alias = "NLMSG_ERROR")]
    pub const ERROR: MessageType = MessageType(2);
    /// `NLMSG_DONE`: the end of a multi-part reply.
    #[doc(alias = "NLMSG_DONE")]
    pub const DONE: MessageType = MessageType(3);
    /// `NLMSG_OVERRUN`: data was lost.
    #[doc(alias = "NLMSG_OVERRUN")]
    pub const OVERRUN: MessageType = MessageType(4);
    /// `NLMSG_MIN_TYPE`: the first type that is not a control message.
    #[doc(alias = "NLMSG_MIN_TYPE")]
    pub const MIN: MessageType = MessageType(0x10);

    /// Whether this is one of the reserved control types (below `NLMSG_MIN_TYPE`).
    #[must_use]
    #[inline]
    pub fn is_control(self) -> bool {
        self < Self::MIN
    }

    /// The kernel name of a control type, if this is one.
    #[must_use]
    #[inline]
    pub fn control_name(self) -> Option<&'static str> {
        Some(match self {
            Self::NOOP => "NLMSG_NOOP",
            Self::ERROR => "NLMSG_ERROR",
            Self::DONE => "NLMSG_DONE",
            Self::OVERRUN => "NLMSG_OVERRUN",
            _ => return None,
        })
    }

    /// Which meaning the overloaded flag bits 0x100..0x800 carry in replies of this type.
    #[inline]
    fn flag_context(self) -> FlagContext {
        match self {
            Self::ERROR | Self::DONE => FlagContext::Ack,
            _ => FlagContext::Unknown,
        }
    }
}

impl From<u16> for MessageType {
    #[inline]
    fn from(v: u16) -> Self {
        MessageType(v)
    }
}

impl From<MessageType> for u16 {
    #[inline]
    fn from(v: MessageType) -> Self {
        v.0
    }
}

impl fmt::Debug for MessageType {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.control_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{}", self.0),
        }
    }
}

impl fmt::Display for MessageType {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// `nlmsg_flags`: the `NLM_F_*` bits.
///
/// Bits 0x100 to 0x800 mean different things in a GET request (`ROOT`, `MATCH`, `ATOMIC`), a NEW
/// request (`REPLACE`, `EXCL`, `CREATE`, `APPEND`), a DELETE request (`NONREC`, `BULK`) and an
/// acknowledgement (`CAPPED`, `ACK_TLVS`). `Debug` and `Display` print every name a bit can have
/// (`ROOT/REPLACE/NONREC/CAPPED`); [`Flags::in_context`] prints the one that applies.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u16);

impl Flags {
    /// No flag set.
    pub const EMPTY: Flags = Flags(0);
    /// `NLM_F_REQUEST`: this is a request.
    #[doc(alias = "NLM_F_REQUEST")]
    pub const REQUEST: Flags = Flags(0x01);
    /// `NLM_F_MULTI`: part of a multi-part reply, terminated by `NLMSG_DONE`.
    #[doc(alias = "NLM_F_MULTI")]
    pub const MULTI: Flags = Flags(0x02);
    /// `NLM_F_ACK`: reply with an acknowledgement (an `NLMSG_ERROR` with errno 0) or an error.
    #[doc(alias = "NLM_F_ACK")]
    pub const ACK: Flags = Flags(0x04);
    /// `NLM_F_ECHO`: echo this request back as a notification.
    #[doc(alias = "NLM_F_ECHO")]
    pub const ECHO: Flags = Flags(0x08);
    /// `NLM_F_DUMP_INTR`: the dump was inconsistent because the data changed while it ran.
    #[doc(alias = "NLM_F_DUMP_INTR")]
    pub const DUMP_INTR: Flags = Flags(0x10);
    /// `NLM_F_DUMP_FILTERED`: the kernel applied the dump filter the request asked for.
    #[doc(alias = "NLM_F_DUMP_FILTERED")]
    pub const DUMP_FILTERED: Flags = Flags(0x20);
    /// `NLM_F_ROOT` (GET requests): return the whole table.
    #[doc(alias = "NLM_F_ROOT")]
    pub const ROOT: Flags = Flags(0x100);
    /// `NLM_F_MATCH` (GET requests): return every matching entry.
    #[doc(alias = "NLM_F_MATCH")]
    pub const MATCH: Flags = Flags(0x200);
    /// `NLM_F_ATOMIC` (GET requests): return an atomic snapshot.
    #[doc(alias = "NLM_F_ATOMIC")]
    pub const ATOMIC: Flags = Flags(0x400);
    /// `NLM_F_DUMP` (GET requests): `ROOT | MATCH`, dump everything.
    #[doc(alias = "NLM_F_DUMP")]
    pub const DUMP: Flags = Flags(0x300);
    /// `NLM_F_REPLACE` (NEW requests): override an existing object.
    #[doc(alias = "NLM_F_REPLACE")]
    pub const REPLACE: Flags = Flags(0x100);
    /// `NLM_F_EXCL` (NEW requests): fail if the object exists.
    #[doc(alias = "NLM_F_EXCL")]
    pub const EXCL: Flags = Flags(0x200);
    /// `NLM_F_CREATE` (NEW requests): create the object if it does not exist.
    #[doc(alias = "NLM_F_CREATE")]
    pub const CREATE: Flags = Flags(0x400);
    /// `NLM_F_APPEND` (NEW requests): add to the end of the list.
    #[doc(alias = "NLM_F_APPEND")]
    pub const APPEND: Flags = Flags(0x800);
    /// `NLM_F_NONREC` (DELETE requests): do not delete recursively.
    #[doc(alias = "NLM_F_NONREC")]
    pub const NONREC: Flags = Flags(0x100);
    /// `NLM_F_BULK` (DELETE requests): delete several objects.
    #[doc(alias = "NLM_F_BULK")]
    pub const BULK: Flags = Flags(0x200);
    /// `NLM_F_CAPPED` (acknowledgements): the echoed request was cut to its header.
    #[doc(alias = "NLM_F_CAPPED")]
    pub const CAPPED: Flags = Flags(0x100);
    /// `NLM_F_ACK_TLVS` (acknowledgements): extended-ACK attributes follow.
    #[doc(alias = "NLM_F_ACK_TLVS")]
    pub const ACK_TLVS: Flags = Flags(0x200);

    /// The raw bits.
    #[must_use]
    #[inline]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every bit of `other` is set.
    #[must_use]
    #[inline]
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any bit of `other` is set.
    #[must_use]
    #[inline]
    pub const fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    /// A value that prints the names these bits have in `context`.
    #[must_use]
    #[inline]
    pub fn in_context(self, context: FlagContext) -> impl fmt::Debug + fmt::Display {
        FlagsIn(self, context)
    }
}

/// Which family of meanings the overloaded flag bits 0x100..0x800 carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FlagContext {
    /// Not known: print every name a bit may have.
    Unknown,
    /// A GET request: `ROOT`, `MATCH`, `ATOMIC` (`DUMP` for both of the first two).
    Get,
    /// A NEW request: `REPLACE`, `EXCL`, `CREATE`, `APPEND`.
    New,
    /// A DELETE request: `NONREC`, `BULK`.
    Delete,
    /// An `NLMSG_ERROR` or `NLMSG_DONE`: `CAPPED`, `ACK_TLVS`.
    Ack,
}

struct FlagsIn(Flags, FlagContext);

const COMMON_NAMES: [(u16, &str); 6] = [
    (0x01, "REQUEST"),
    (0x02, "MULTI"),
    (0x04, "ACK"),
    (0x08, "ECHO"),
    (0x10, "DUMP_INTR"),
    (0x20, "DUMP_FILTERED"),
];

#[inline]
fn high_names(context: FlagContext) -> &'static [(u16, &'static str)] {
    match context {
        FlagContext::Unknown => &[
            (0x100, "ROOT/REPLACE/NONREC/CAPPED"),
            (0x200, "MATCH/EXCL/BULK/ACK_TLVS"),
            (0x400, "ATOMIC/CREATE"),
            (0x800, "APPEND"),
        ],
        FlagContext::Get => &[
            (0x300, "DUMP"),
            (0x100, "ROOT"),
            (0x200, "MATCH"),
            (0x400, "ATOMIC"),
        ],
        FlagContext::New => &[
            (0x100, "REPLACE"),
            (0x200, "EXCL"),
            (0x400, "CREATE"),
            (0x800, "APPEND"),
        ],
        FlagContext::Delete => &[(0x100, "NONREC"), (0x200, "BULK")],
        FlagContext::Ack => &[(0x100, "CAPPED"), (0x200, "ACK_TLVS")],
    }
}

impl fmt::Display for FlagsIn {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0.0;
        if rest == 0 {
            return f.write_str("0");
        }
        let mut first = true;
        for &(bits, name) in COMMON_NAMES.iter().chain(high_names(self.1)) {
            if rest & bits == bits {
                if !first {
                    f.write_str("|")?;
                }
                f.write_str(name)?;
                first = false;
                rest &= !bits;
            }
        }
        if rest != 0 {
            if !first {
                f.write_str("|")?;
            }
            write!(f, "{rest:#x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for FlagsIn {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Flags {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&FlagsIn(*self, FlagContext::Unknown), f)
    }
}

impl fmt::Debug for Flags {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({self})")
    }
}

impl core::ops::BitOr for Flags {
    type Output = Flags;
    #[inline]
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for Flags {
    #[inline]
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

impl core::ops::BitAnd for Flags {
    type Output = Flags;
    #[inline]
    fn bitand(self, rhs: Flags) -> Flags {
        Flags(self.0 & rhs.0)
    }
}

impl core::ops::Not for Flags {
    type Output = Flags;
    #[inline]
    fn not(self) -> Flags {
        Flags(!self.0)
    }
}

impl From<u16> for Flags {
    #[inline]
    fn from(v: u16) -> Self {
        Flags(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // An RTM_GETLINK dump request as `ip link show` sends it: len 40, type 18,
    // flags REQUEST|DUMP, seq 0x5f5e1000, port 0.
    const GETLINK: [u8; 16] = [
        0x28, 0, 0, 0, 0x12, 0, 0x01, 0x03, 0x00, 0x10, 0x5e, 0x5f, 0, 0, 0, 0,
    ];

    #[test]
    fn reads_in_place() {
        let h = Header::parse(&GETLINK).unwrap();
        assert_eq!(h.len(), 40);
        assert_eq!(h.message_type(), MessageType(18));
        assert_eq!(h.flags(), Flags::REQUEST | Flags::DUMP);
        assert_eq!(h.seq(), 0x5f5e_1000);
        assert_eq!(h.port_id(), 0);
        assert!(core::ptr::eq(h.as_bytes().as_ptr(), GETLINK.as_ptr()));
    }

    #[test]
    fn reads_at_odd_offsets() {
        let mut buf = vec![0xaa];
        buf.extend_from_slice(&GETLINK);
        assert_eq!(Header::parse(&buf[1..]).unwrap().len(), 40);
    }

    #[test]
    fn short_input_is_an_error_at_every_length() {
        for n in 0..16 {
            let err = Header::parse(&GETLINK[..n]).unwrap_err();
            assert_eq!(
                err,
                Error::Truncated {
                    what: "nlmsghdr",
                    offset: 0,
                    needed: 16,
                    available: n
                }
            );
        }
    }

    #[test]
    fn writes_back_the_same_bytes() {
        let h = Header::new(
            40,
            MessageType(18),
            Flags::REQUEST | Flags::DUMP,
            0x5f5e_1000,
            0,
        );
        let mut out = Vec::new();
        h.write_to(&mut out);
        assert_eq!(out, GETLINK);
    }

    #[test]
    fn flags_print_readably() {
        assert_eq!((Flags::REQUEST | Flags::ACK).to_string(), "REQUEST|ACK");
        assert_eq!(
            (Flags::REQUEST | Flags::DUMP)
                .in_context(FlagContext::Get)
                .to_string(),
            "REQUEST|DUMP"
        );
        assert_eq!(
            (Flags::REQUEST | Flags::CREATE | Flags::EXCL)
                .in_context(FlagContext::New)
                .to_string(),
            "REQUEST|EXCL|CREATE"
        );
        assert_eq!(
            (Flags::CAPPED | Flags::ACK_TLVS)
                .in_context(FlagContext::Ack)
                .to_string(),
            "CAPPED|ACK_TLVS"
        );
        assert_eq!(Flags(0x1001).to_string(), "REQUEST|0x1000");
        assert_eq!(Flags(0).to_string(), "0");
        assert_eq!(format!("{:?}", Flags::MULTI), "Flags(MULTI)");
        assert_eq!(format!("{:?}", MessageType::ERROR), "NLMSG_ERROR");
        assert_eq!(format!("{:?}", MessageType(24)), "24");
    }
}
