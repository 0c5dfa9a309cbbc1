//! Messages: a borrowed view, an iterator over a receive buffer, an owned message and a builder.

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::align;
use crate::attr::{self, Attrs};
use crate::error::{Error, Result};
use crate::header::{Flags, Header, MessageType};

/// A borrowed view of one message: its header, read in place, and its payload.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Msg<'a> {
    header: &'a Header,
    payload: &'a [u8],
    offset: usize,
}

impl<'a> Msg<'a> {
    /// Reads the message at the start of `bytes`. Bytes after its `nlmsg_len` are ignored; use
    /// [`Messages`] to walk a buffer of many messages, or [`decode_message`] to insist on one.
    ///
    /// # Errors
    /// [`Error::Truncated`] for fewer than 16 bytes; [`Error::BadLength`] when `nlmsg_len` is
    /// shorter than the header or longer than `bytes`.
    #[inline]
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_at(bytes, 0)
    }

    #[inline]
    fn parse_at(bytes: &'a [u8], offset: usize) -> Result<Self> {
        let header = Header::parse_at(bytes, offset)?;
        let len = usize::try_from(header.len()).unwrap_or(usize::MAX);
        let payload = bytes
            .get(Header::LEN..len)
            .filter(|_| len >= Header::LEN)
            .ok_or(Error::BadLength {
                what: "nlmsghdr",
                offset,
                length: len,
                available: bytes.len(),
            })?;
        Ok(Msg {
            header,
            payload,
            offset,
        })
    }

    /// A view of a header and payload that are not contiguous (as in an owned [`Message`]).
    #[must_use]
    #[inline]
    pub fn from_parts(header: &'a Header, payload: &'a [u8]) -> Self {
        Msg {
            header,
            payload,
            offset: 0,
        }
    }

    /// The header.
    #[must_use]
    #[inline]
    pub fn header(&self) -> &'a Header {
        self.header
    }

    /// `nlmsg_type`.
    #[must_use]
    #[inline]
    pub fn message_type(&self) -> MessageType {
        self.header.message_type()
    }

    /// `nlmsg_flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> Flags {
        self.header.flags()
    }

    /// `nlmsg_seq`.
    #[must_use]
    #[inline]
    pub fn seq(&self) -> u32 {
        self.header.seq()
    }

    /// `nlmsg_pid`: the sender's port id, 0 for the kernel.
    #[must_use]
    #[inline]
    pub fn port_id(&self) -> u32 {
        self.header.port_id()
    }

    /// The bytes after the header, up to `nlmsg_len`.
    #[must_use]
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// Where this message starts in the buffer it was read from.
    #[must_use]
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The fixed family header at the start of the payload (`ifinfomsg`, `rtmsg`, ...), read in
    /// place.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the payload is shorter than `T`.
    #[inline]
    pub fn family_header<T: FromBytes + KnownLayout + Immutable + Unaligned>(
        &self,
    ) -> Result<&'a T> {
        T::ref_from_prefix(self.payload)
            .map(|(v, _)| v)
            .map_err(|_| Error::Truncated {
                what: "family header",
                offset: self.offset.saturating_add(Header::LEN),
                needed: size_of::<T>(),
                available: self.payload.len(),
            })
    }

    /// The attributes after a family header of `family_header_len` bytes (aligned to 4).
    /// Attribute offsets count from the start of this message, as `NLMSGERR_ATTR_OFFS` does.
    ///
    /// # Errors
    /// [`Error::Truncated`] when the payload is shorter than the family header.
    #[inline]
    pub fn attrs(&self, family_header_len: usize) -> Result<Attrs<'a>> {
        let skip = align::align(family_header_len).unwrap_or(usize::MAX);
        let bytes = match self.payload.get(skip..) {
            Some(b) => b,
            // A family header that exactly fills the payload without its padding has no attributes.
            None if self.payload.len() >= family_header_len => &[],
            None => {
                return Err(Error::Truncated {
                    what: "family header",
                    offset: self.offset.saturating_add(Header::LEN),
                    needed: family_header_len,
                    available: self.payload.len(),
                });
            }
        };
        Ok(Attrs::with_offset(bytes, Header::LEN.saturating_add(skip)))
    }

    /// Copies the message into an owned [`Message`].
    #[must_use]
    #[inline]
    pub fn to_owned(&self) -> Message {
        Message {
            header: *self.header,
            data: self.payload.to_vec(),
        }
    }

    /// Appends the message's bytes (header and payload) to `out`.
    #[inline]
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.header.as_bytes());
        out.extend_from_slice(self.payload);
    }
}

impl core::fmt::Debug for Msg<'_> {
    #[inline]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Msg")
            .field("header", self.header)
            .field("offset", &self.offset)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// A zero-copy iterator over the messages in a receive buffer.
///
/// Messages start on 4-byte boundaries (`NLMSG_ALIGN`). A bad `nlmsg_len` (zero, shorter than
/// the header or longer than what is left) or a stray tail shorter than a header yields one
/// `Err` carrying the byte offset, and iteration then ends.
#[derive(Clone)]
pub struct Messages<'a> {
    bytes: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> Messages<'a> {
    /// Iterates over the messages in `bytes`.
    #[must_use]
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        Messages {
            bytes,
            pos: 0,
            failed: false,
        }
    }

    /// Iterates over the messages in `bytes` from offset `position` on (a value that
    /// [`Messages::position`] returned), reporting offsets from the start of `bytes`.
    #[must_use]
    #[inline]
    pub fn resume(bytes: &'a [u8], position: usize) -> Self {
        Messages {
            bytes,
            pos: position,
            failed: false,
        }
    }

    /// The offset of the next message to be read.
    #[must_use]
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Msg<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return None;
        }
        match Msg::parse_at(rest, self.pos) {
            Ok(m) => {
                let len = m.payload.len().saturating_add(Header::LEN);
                let advance = align::align(len).unwrap_or(len).min(rest.len());
                self.pos = self.pos.saturating_add(advance);
                Some(Ok(m))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Messages<'_> {}

impl core::fmt::Debug for Messages<'_> {
    #[inline]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Messages")
            .field("len", &self.bytes.len())
            .field("position", &self.pos)
            .finish()
    }
}

/// An owned message: a header and the payload after it.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Message {
    /// The header. [`Message::encode`] writes `nlmsg_len` from the payload's size.
    pub header: Header,
    /// The payload: family header and attributes, or a control message's body.
    pub data: Vec<u8>,
}

impl Message {
    /// A message of `message_type` with `flags` and `data`; sequence number and port id are 0.
    #[must_use]
    #[inline]
    pub fn new(message_type: MessageType, flags: Flags, data: Vec<u8>) -> Self {
        let len = u32::try_from(data.len().saturating_add(Header::LEN)).unwrap_or(u32::MAX);
        Message {
            header: Header::new(len, message_type, flags, 0, 0),
            data,
        }
    }

    /// `nlmsg_type`.
    #[must_use]
    #[inline]
    pub fn message_type(&self) -> MessageType {
        self.header.message_type()
    }

    /// Whether this is an `NLMSG_OVERRUN` message: data was lost. The `netlink` crate's
    /// notification reader delivers one when the kernel reports `ENOBUFS`.
    #[must_use]
    #[inline]
    pub fn is_overrun(&self) -> bool {
        self.message_type() == MessageType::OVERRUN
    }

    /// A borrowed view of this message.
    #[must_use]
    #[inline]
    pub fn as_msg(&self) -> Msg<'_> {
        Msg::from_parts(&self.header, &self.data)
    }

    /// Appends the message to `out`, with `nlmsg_len` set to 16 plus the payload's size.
    ///
    /// # Errors
    /// [`Error::MessageTooLarge`] when that does not fit in 32 bits.
    #[inline]
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let length = self.data.len().saturating_add(Header::LEN);
        let len = u32::try_from(length).map_err(|_| Error::MessageTooLarge { length })?;
        let mut header = self.header;
        header.set_len(len);
        header.write_to(out);
        out.extend_from_slice(&self.data);
        Ok(())
    }

    /// The message as a new byte vector; see [`Message::encode`].
    ///
    /// # Errors
    /// [`Error::MessageTooLarge`] when the length does not fit in 32 bits.
    #[inline]
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.data.len().saturating_add(Header::LEN));
        self.encode(&mut out)?;
        Ok(out)
    }
}

impl core::fmt::Debug for Message {
    #[inline]
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Message")
            .field("header", &self.header)
            .field("data", &self.data)
            .finish()
    }
}

/// Decodes exactly one message: `bytes` must hold a header whose `nlmsg_len` covers all of it.
///
/// This is the inverse of [`Message::encode`]: whatever it accepts re-encodes byte for byte.
///
/// # Errors
/// [`Error::Truncated`] or [`Error::BadLength`] for a bad header, and [`Error::TrailingBytes`]
/// when bytes follow the message.
#[inline]
#[doc(alias = "DecodeMessage")]
pub fn decode_message(bytes: &[u8]) -> Result<Message> {
    let m = Msg::parse(bytes)?;
    let end = m.payload.len().saturating_add(Header::LEN);
    if end != bytes.len() {
        return Err(Error::TrailingBytes {
            offset: end,
            extra: bytes.len().saturating_sub(end),
        });
    }
    Ok(m.to_owned())
}

/// Writes one message into a caller's buffer, which can be reused for many messages.
///
/// The message starts at the buffer's end (after padding to 4 bytes), so that several messages
/// can be batched in one buffer. Attributes are written through [`AttrWrite`](crate::AttrWrite).
/// [`MessageBuilder::finish`] fills in `nlmsg_len`; a builder dropped without it removes its
/// bytes again.
///
/// ```
/// use netlink_wire::{AttrWrite, Flags, MessageBuilder, MessageType, Messages};
///
/// let mut buf = Vec::new();
/// let mut b = MessageBuilder::new(&mut buf, MessageType(18), Flags::REQUEST | Flags::ACK);
/// b.seq(7).family_header(&[0u8; 16]);
/// b.put_str(3u16, "lo");
/// let len = b.finish()?;
/// assert_eq!(len, 40);
/// let msg = Messages::new(&buf).next().unwrap()?;
/// assert_eq!(msg.attrs(16)?.get(3u16)?.unwrap().as_str()?, "lo");
/// # Ok::<(), netlink_wire::Error>(())
/// ```
#[derive(Debug)]
#[must_use = "call finish() to fill in the message length"]
pub struct MessageBuilder<'a> {
    buf: &'a mut Vec<u8>,
    start: usize,
    error: Option<Error>,
    finished: bool,
}

impl<'a> MessageBuilder<'a> {
    /// Starts a message of `message_type` with `flags`, sequence number 0 and port id 0.
    #[inline]
    pub fn new(buf: &'a mut Vec<u8>, message_type: MessageType, flags: Flags) -> Self {
        attr::pad(buf);
        let start = buf.len();
        Header::new(0, message_type, flags, 0, 0).write_to(buf);
        MessageBuilder {
            buf,
            start,
            error: None,
            finished: false,
        }
    }

    /// Overwrites header bytes at `at` (relative to the message start); the builder wrote all
    /// 16 header bytes first, so the range always exists.
    #[inline]
    fn patch(&mut self, at: usize, bytes: &[u8]) {
        let from = self.start.saturating_add(at);
        if let Some(dst) = self.buf.get_mut(from..from.saturating_add(bytes.len())) {
            dst.copy_from_slice(bytes);
        }
    }

    /// Sets `nlmsg_seq`.
    #[inline]
    pub fn seq(&mut self, seq: u32) -> &mut Self {
        self.patch(8, &seq.to_ne_bytes());
        self
    }

    /// Sets `nlmsg_pid`.
    #[inline]
    pub fn port_id(&mut self, port_id: u32) -> &mut Self {
        self.patch(12, &port_id.to_ne_bytes());
        self
    }

    /// Sets `nlmsg_flags`.
    #[inline]
    pub fn flags(&mut self, flags: Flags) -> &mut Self {
        self.patch(6, &flags.bits().to_ne_bytes());
        self
    }

    /// Appends a fixed family header (`ifinfomsg`, `rtmsg`, any zerocopy struct), padded to 4.
    #[inline]
    pub fn family_header<T: IntoBytes + Immutable + ?Sized>(&mut self, header: &T) -> &mut Self {
        self.buf.extend_from_slice(header.as_bytes());
        attr::pad(self.buf);
        self
    }

    /// Appends raw payload bytes, padded to 4.
    #[inline]
    pub fn payload(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        attr::pad(self.buf);
        self
    }

    /// Where the message starts in the buffer.
    #[must_use]
    #[inline]
    pub fn start(&self) -> usize {
        self.start
    }

    /// Fills in `nlmsg_len` and returns the message's length.
    ///
    /// # Errors
    /// The first deferred error ([`Error::AttrTooLarge`]) or [`Error::MessageTooLarge`]; the
    /// message's bytes are then removed from the buffer.
    #[inline]
    pub fn finish(mut self) -> Result<usize> {
        let length = self.buf.len().saturating_sub(self.start);
        let result = match (self.error, u32::try_from(length)) {
            (Some(e), _) => Err(e),
            (None, Err(_)) => Err(Error::MessageTooLarge { length }),
            (None, Ok(len)) => {
                self.patch(0, &len.to_ne_bytes());
                Ok(length)
            }
        };
        self.finished = result.is_ok();
        result
    }
}

impl Drop for MessageBuilder<'_> {
    #[inline]
    fn drop(&mut self) {
        if !self.finished {
            self.buf.truncate(self.start);
        }
    }
}

impl attr::Sink for MessageBuilder<'_> {
    #[inline]
    fn sink(&mut self) -> (&mut Vec<u8>, &mut Option<Error>) {
        (self.buf, &mut self.error)
    }
}

impl crate::AttrWrite for MessageBuilder<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;

    // Two messages as one datagram of an RTM_GETADDR dump reply, cut to their headers and
    // family headers: RTM_NEWADDR (20) for 127.0.0.1/8 on lo, then NLMSG_DONE with error 0.
    const TWO: [u8; 52] = [
        0x20, 0, 0, 0, 0x14, 0, 0x02, 0, 0x01, 0, 0, 0, 0x10, 0, 0, 0, // nlmsghdr
        0x02, 0x08, 0x80, 0xfe, 0x01, 0, 0, 0, // ifaddrmsg: AF_INET /8 PERMANENT host lo
        0x08, 0, 0x01, 0, 127, 0, 0, 1, // IFA_ADDRESS
        0x14, 0, 0, 0, 0x03, 0, 0x02, 0, 0x01, 0, 0, 0, 0x10, 0, 0, 0, // NLMSG_DONE
        0, 0, 0, 0,
    ];

    #[test]
    fn iterates_a_datagram() {
        let msgs: Vec<_> = Messages::new(&TWO).collect::<Result<_>>().unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].message_type(), MessageType(20));
        assert_eq!(msgs[0].flags(), Flags::MULTI);
        assert_eq!(msgs[0].port_id(), 16);
        let a = msgs[0].attrs(8).unwrap().next().unwrap().unwrap();
        assert_eq!(a.offset(), 24);
        assert_eq!(a.as_ipv4().unwrap().to_string(), "127.0.0.1");
        assert_eq!(msgs[1].message_type(), MessageType::DONE);
        assert_eq!(msgs[1].offset(), 32);
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        for n in 0..TWO.len() {
            let items: Vec<_> = Messages::new(&TWO[..n]).collect();
            let ok = items.iter().filter(|r| r.is_ok()).count();
            assert_eq!(ok, usize::from(n >= 32));
            if n != 0 && n != 32 {
                let err = items.last().unwrap().as_ref().unwrap_err();
                match *err {
                    Error::Truncated { offset, .. } | Error::BadLength { offset, .. } => {
                        assert_eq!(offset, if n > 32 { 32 } else { 0 });
                    }
                    other => panic!("{other:?}"),
                }
            }
        }
    }

    #[test]
    fn zero_length_message_ends_iteration() {
        let mut bytes = TWO;
        bytes[32] = 0;
        let items: Vec<_> = Messages::new(&bytes).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[1],
            Err(Error::BadLength {
                what: "nlmsghdr",
                offset: 32,
                length: 0,
                available: 20
            })
        );
    }

    #[test]
    fn decode_message_round_trips() {
        let m = decode_message(&TWO[..32]).unwrap();
        assert_eq!(m.header.message_type(), MessageType(20));
        assert_eq!(m.data.len(), 16);
        assert_eq!(m.to_bytes().unwrap(), TWO[..32]);
        assert_eq!(
            decode_message(&TWO),
            Err(Error::TrailingBytes {
                offset: 32,
                extra: 20
            })
        );
    }

    #[test]
    fn builder_writes_header_family_header_and_attributes() {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, MessageType(20), Flags::MULTI);
        b.seq(1)
            .port_id(16)
            .family_header(&[0x02u8, 0x08, 0x80, 0xfe, 0x01, 0, 0, 0]);
        b.put_ipv4(1u16, core::net::Ipv4Addr::LOCALHOST);
        assert_eq!(b.finish().unwrap(), 32);
        assert_eq!(buf, TWO[..32]);

        // The buffer is reused: a second message is appended after the first.
        let mut b = MessageBuilder::new(&mut buf, MessageType::DONE, Flags::MULTI);
        b.seq(1).port_id(16).payload(&0i32.to_ne_bytes());
        b.finish().unwrap();
        assert_eq!(buf, TWO);
    }

    #[test]
    fn dropped_or_failed_builder_leaves_the_buffer_as_it_was() {
        let mut buf = vec![9u8; 5];
        drop(MessageBuilder::new(
            &mut buf,
            MessageType(16),
            Flags::REQUEST,
        ));
        assert_eq!(buf.len(), 8); // padded to a boundary, nothing more
        let mut b = MessageBuilder::new(&mut buf, MessageType(16), Flags::REQUEST);
        b.put(1u16, &[0; 70000]);
        assert_eq!(
            b.finish(),
            Err(Error::AttrTooLarge {
                kind: 1,
                length: 70004
            })
        );
        assert_eq!(buf.len(), 8);
    }

    #[test]
    fn short_family_header_is_an_error() {
        let m = Msg::parse(&TWO[..32]).unwrap();
        assert!(m.family_header::<[u8; 8]>().is_ok());
        assert_eq!(
            m.family_header::<[u8; 24]>().unwrap_err(),
            Error::Truncated {
                what: "family header",
                offset: 16,
                needed: 24,
                available: 16
            }
        );
        assert!(m.attrs(24).is_err());
        assert_eq!(m.attrs(16).unwrap().count(), 0);
    }
}
