//! The crate's one error type.
//!
//! Every variant is small and `Copy`: it says what was wrong, how many bytes were needed and
//! available, and at which byte offset. Offsets count from the start of the buffer handed to the
//! decoder; for attributes read through a message view they count from the start of that
//! message's `nlmsghdr`, the unit the kernel uses for `NLMSGERR_ATTR_OFFS`.

/// What went wrong while decoding or building netlink bytes.
///
/// A kernel `NLMSG_ERROR` is not a decode error: it is data, see [`crate::ErrorMsg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Fewer bytes were left than the structure named by `what` occupies.
    #[error("{what} truncated at offset {offset}: needs {needed} bytes, {available} available")]
    Truncated {
        /// The structure being read, e.g. `"nlmsghdr"`.
        what: &'static str,
        /// Where the structure starts.
        offset: usize,
        /// How many bytes it needs.
        needed: usize,
        /// How many bytes were left.
        available: usize,
    },
    /// A length field (`nlmsg_len`, `nla_len`, ...) is impossible: smaller than its own header or
    /// larger than the bytes that contain it.
    #[error("{what} at offset {offset} has invalid length {length} ({available} bytes available)")]
    BadLength {
        /// The structure whose length field is wrong.
        what: &'static str,
        /// Where the structure starts.
        offset: usize,
        /// The length it claims.
        length: usize,
        /// The bytes that were available for it.
        available: usize,
    },
    /// An attribute's payload does not have the size its type requires.
    #[error(
        "attribute type {kind} at offset {offset}: payload of {found} bytes where {expected} expected"
    )]
    AttrSize {
        /// The attribute type, flags removed.
        kind: u16,
        /// Where the attribute header starts.
        offset: usize,
        /// The size the accessor requires (the minimum, for variable-size values).
        expected: usize,
        /// The payload size found.
        found: usize,
    },
    /// A string attribute is not valid UTF-8.
    #[error("attribute type {kind} at offset {offset}: string is not valid UTF-8")]
    Utf8 {
        /// The attribute type, flags removed.
        kind: u16,
        /// Where the attribute header starts.
        offset: usize,
    },
    /// The buffer holds bytes after the message that its `nlmsg_len` does not cover.
    #[error("{extra} bytes after the message that ends at offset {offset}")]
    TrailingBytes {
        /// Where the message ends.
        offset: usize,
        /// How many bytes follow it.
        extra: usize,
    },
    /// A typed view was asked for a message of another type.
    #[error("message type {found} where {expected} was expected")]
    UnexpectedType {
        /// The type the view decodes.
        expected: u16,
        /// The type the message carries.
        found: u16,
    },
    /// An accessor was asked for what a message of its address family does not carry, such as
    /// the IP destination of an `AF_MPLS` route (whose `RTA_DST` is a label).
    #[error("a message of address family {family} has no {what}")]
    WrongFamily {
        /// What was asked for.
        what: &'static str,
        /// The message's address family.
        family: u8,
    },
    /// An attribute payload is too large for the 16-bit `nla_len`.
    #[error(
        "attribute type {kind} too large: {length} bytes exceed the 65535 that nla_len can hold"
    )]
    AttrTooLarge {
        /// The attribute type being written.
        kind: u16,
        /// Its total length, header included.
        length: usize,
    },
    /// A text form (a traffic-control handle such as `1:2`) that does not parse.
    #[error("not a valid {what}")]
    Parse {
        /// What the text was meant to be, e.g. `"tc handle"`.
        what: &'static str,
    },
    /// A message is too large for the 32-bit `nlmsg_len`.
    #[error("message too large: {length} bytes exceed what nlmsg_len can hold")]
    MessageTooLarge {
        /// The message's total length.
        length: usize,
    },
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;
