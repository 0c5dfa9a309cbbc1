//! Control messages: `NLMSG_ERROR` (`struct nlmsgerr`, errors and acknowledgements), `NLMSG_DONE`
//! and the extended-ACK attributes (`NLMSGERR_ATTR_*`) both may carry.
//!
//! Source of truth: `include/uapi/linux/netlink.h` and `netlink_ack()` in
//! `net/netlink/af_netlink.c`: the error code, the request's header, the rest of the request
//! unless `NLM_F_CAPPED` is set, then, when `NLM_F_ACK_TLVS` is set, the attributes.

use crate::align;
use crate::attr::{Attr, Attrs};
use crate::error::{Error, Result};
use crate::header::{Flags, Header, MessageType};
use crate::message::Msg;

/// `NLMSGERR_ATTR_*`: the extended-ACK attribute types.
pub mod ext_ack_attr {
    /// `NLMSGERR_ATTR_MSG`: a human-readable error message (string).
    pub const MSG: u16 = 1;
    /// `NLMSGERR_ATTR_OFFS`: offset of the invalid attribute in the request (u32).
    pub const OFFS: u16 = 2;
    /// `NLMSGERR_ATTR_COOKIE`: an arbitrary cookie (binary).
    pub const COOKIE: u16 = 3;
    /// `NLMSGERR_ATTR_POLICY`: the policy of the rejected attribute (nested `NL_POLICY_TYPE_ATTR_*`).
    pub const POLICY: u16 = 4;
    /// `NLMSGERR_ATTR_MISS_TYPE`: the type of a missing required attribute (u32).
    pub const MISS_TYPE: u16 = 5;
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest where the attribute was missing (u32).
    pub const MISS_NEST: u16 = 6;
}

/// `struct nlmsgerr`: an `NLMSG_ERROR` message, an error or (errno 0) an acknowledgement.
#[doc(alias = "nlmsgerr")]
#[derive(Debug, Clone, Copy)]
pub struct ErrorMsg<'a> {
    error: i32,
    request: &'a Header,
    request_payload: Option<&'a [u8]>,
    ext_ack: ExtAck<'a>,
}

impl<'a> ErrorMsg<'a> {
    /// The size of `struct nlmsgerr`: the error code and the echoed request header.
    pub const LEN: usize = 20;

    /// Decodes an `NLMSG_ERROR` message.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] for another type; [`Error::Truncated`] or [`Error::BadLength`]
    /// when the payload cannot hold what its header and flags announce.
    #[inline]
    pub fn parse(msg: Msg<'a>) -> Result<Self> {
        expect_type(msg, MessageType::ERROR)?;
        let payload = msg.payload();
        let base = msg.offset().saturating_add(Header::LEN);
        let (code, rest) = payload.split_first_chunk::<4>().ok_or(Error::Truncated {
            what: "nlmsgerr",
            offset: base,
            needed: Self::LEN,
            available: payload.len(),
        })?;
        let error = i32::from_ne_bytes(*code);
        let request =
            Header::parse_at(rest, base.saturating_add(4)).map_err(|_| Error::Truncated {
                what: "nlmsgerr",
                offset: base,
                needed: Self::LEN,
                available: payload.len(),
            })?;
        let flags = msg.flags();
        // Without NLM_F_CAPPED the whole request follows; kernels before extended ACKs (4.12)
        // echoed only the header of a successful request and did not set the flag.
        let echoed = usize::try_from(request.len()).unwrap_or(usize::MAX);
        let echo_len = if flags.contains(Flags::CAPPED) || (error == 0 && rest.len() == Header::LEN)
        {
            Header::LEN
        } else {
            echoed
        };
        let echo = rest
            .get(..echo_len)
            .filter(|_| echo_len >= Header::LEN)
            .ok_or(Error::BadLength {
                what: "echoed request",
                offset: base.saturating_add(4),
                length: echo_len,
                available: rest.len(),
            })?;
        let request_payload = if echo_len == echoed {
            echo.get(Header::LEN..)
        } else {
            None
        };
        let request_payload = if flags.contains(Flags::CAPPED) {
            None
        } else {
            request_payload
        };
        let tlv_start = align::align(echo_len).unwrap_or(usize::MAX);
        let ext_ack = if flags.contains(Flags::ACK_TLVS) {
            let tlvs = rest.get(tlv_start..).unwrap_or_default();
            ExtAck {
                bytes: tlvs,
                base: base.saturating_add(4).saturating_add(tlv_start),
            }
        } else {
            ExtAck::EMPTY
        };
        Ok(ErrorMsg {
            error,
            request,
            request_payload,
            ext_ack,
        })
    }

    /// The error code as sent: 0 for an acknowledgement, a negative errno otherwise.
    #[must_use]
    #[inline]
    pub fn code(&self) -> i32 {
        self.error
    }

    /// The positive errno (`EINVAL` is 22), or 0 for an acknowledgement.
    #[must_use]
    #[inline]
    pub fn errno(&self) -> i32 {
        self.error.checked_neg().unwrap_or(i32::MAX)
    }

    /// Whether this is an acknowledgement (error code 0).
    #[must_use]
    #[inline]
    pub fn is_ack(&self) -> bool {
        self.error == 0
    }

    /// The header of the request this answers; its `nlmsg_seq` pairs the two.
    #[must_use]
    #[inline]
    pub fn request_header(&self) -> &'a Header {
        self.request
    }

    /// The request's payload as echoed back, or `None` when the kernel capped it
    /// (`NLM_F_CAPPED`, always for acknowledgements).
    #[must_use]
    #[inline]
    pub fn request_payload(&self) -> Option<&'a [u8]> {
        self.request_payload
    }

    /// The extended-ACK attributes; empty unless `NLM_F_ACK_TLVS` is set.
    #[must_use]
    #[inline]
    pub fn ext_ack(&self) -> ExtAck<'a> {
        self.ext_ack
    }
}

/// `NLMSG_DONE`: the end of a dump, with the dump's error code and extended-ACK attributes.
#[derive(Debug, Clone, Copy)]
pub struct DoneMsg<'a> {
    error: i32,
    ext_ack: ExtAck<'a>,
}

impl<'a> DoneMsg<'a> {
    /// Decodes an `NLMSG_DONE` message. An empty payload (sent by some families) means success.
    ///
    /// # Errors
    /// [`Error::UnexpectedType`] for another type; [`Error::Truncated`] for a payload of 1 to 3
    /// bytes.
    #[inline]
    pub fn parse(msg: Msg<'a>) -> Result<Self> {
        expect_type(msg, MessageType::DONE)?;
        let payload = msg.payload();
        if payload.is_empty() {
            return Ok(DoneMsg {
                error: 0,
                ext_ack: ExtAck::EMPTY,
            });
        }
        let base = msg.offset().saturating_add(Header::LEN);
        let (code, rest) = payload.split_first_chunk::<4>().ok_or(Error::Truncated {
            what: "NLMSG_DONE error code",
            offset: base,
            needed: 4,
            available: payload.len(),
        })?;
        let ext_ack = if msg.flags().contains(Flags::ACK_TLVS) {
            ExtAck {
                bytes: rest,
                base: base.saturating_add(4),
            }
        } else {
            ExtAck::EMPTY
        };
        Ok(DoneMsg {
            error: i32::from_ne_bytes(*code),
            ext_ack,
        })
    }

    /// The error code as sent: 0 when the dump succeeded, a negative errno otherwise.
    #[must_use]
    #[inline]
    pub fn code(&self) -> i32 {
        self.error
    }

    /// The positive errno, or 0 when the dump succeeded.
    #[must_use]
    #[inline]
    pub fn errno(&self) -> i32 {
        self.error.checked_neg().unwrap_or(i32::MAX)
    }

    /// The extended-ACK attributes; empty unless `NLM_F_ACK_TLVS` is set.
    #[must_use]
    #[inline]
    pub fn ext_ack(&self) -> ExtAck<'a> {
        self.ext_ack
    }
}

#[inline]
fn expect_type(msg: Msg<'_>, expected: MessageType) -> Result<()> {
    if msg.message_type() == expected {
        Ok(())
    } else {
        Err(Error::UnexpectedType {
            expected: expected.0,
            found: msg.message_type().0,
        })
    }
}

/// The extended-ACK attributes of an error, acknowledgement or `NLMSG_DONE`.
///
/// Each accessor reads its own attribute: a malformed one fails only that accessor.
#[derive(Debug, Clone, Copy)]
pub struct ExtAck<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl<'a> ExtAck<'a> {
    const EMPTY: ExtAck<'static> = ExtAck {
        bytes: &[],
        base: 0,
    };

    /// All the attributes, including kinds this crate does not know.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs::with_offset(self.bytes, self.base)
    }

    /// Whether there are no attributes.
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    #[inline]
    fn get(&self, kind: u16) -> Result<Option<Attr<'a>>> {
        self.attrs().get(kind)
    }

    /// `NLMSGERR_ATTR_MSG`: the kernel's message ("Nexthop device is not up").
    ///
    /// # Errors
    /// [`Error::Utf8`] when the message is not UTF-8.
    #[doc(alias = "NLMSGERR_ATTR_MSG")]
    #[inline]
    pub fn message(&self) -> Result<Option<&'a str>> {
        self.get(ext_ack_attr::MSG)?.map(|a| a.as_str()).transpose()
    }

    /// `NLMSGERR_ATTR_OFFS`: the offset of the offending attribute in the request, counted from
    /// the start of its `nlmsghdr`.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the attribute is not 4 bytes.
    #[doc(alias = "NLMSGERR_ATTR_OFFS")]
    #[inline]
    pub fn offset(&self) -> Result<Option<u32>> {
        self.get(ext_ack_attr::OFFS)?
            .map(|a| a.as_u32())
            .transpose()
    }

    /// `NLMSGERR_ATTR_COOKIE`: a subsystem-specific cookie.
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[doc(alias = "NLMSGERR_ATTR_COOKIE")]
    #[inline]
    pub fn cookie(&self) -> Result<Option<&'a [u8]>> {
        Ok(self.get(ext_ack_attr::COOKIE)?.map(|a| a.as_bytes()))
    }

    /// `NLMSGERR_ATTR_POLICY`: the policy of the rejected attribute (`NL_POLICY_TYPE_ATTR_*`).
    ///
    /// # Errors
    /// The framing error of a malformed attribute before it.
    #[doc(alias = "NLMSGERR_ATTR_POLICY")]
    #[inline]
    pub fn policy(&self) -> Result<Option<Attrs<'a>>> {
        Ok(self.get(ext_ack_attr::POLICY)?.map(|a| a.nested()))
    }

    /// `NLMSGERR_ATTR_MISS_TYPE`: the type of a missing required attribute.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the attribute is not 4 bytes.
    #[doc(alias = "NLMSGERR_ATTR_MISS_TYPE")]
    #[inline]
    pub fn missing_type(&self) -> Result<Option<u32>> {
        self.get(ext_ack_attr::MISS_TYPE)?
            .map(|a| a.as_u32())
            .transpose()
    }

    /// `NLMSGERR_ATTR_MISS_NEST`: the offset of the nest the attribute was missing from.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the attribute is not 4 bytes.
    #[doc(alias = "NLMSGERR_ATTR_MISS_NEST")]
    #[inline]
    pub fn missing_nest(&self) -> Result<Option<u32>> {
        self.get(ext_ack_attr::MISS_NEST)?
            .map(|a| a.as_u32())
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AttrWrite, MessageBuilder, Messages};

    fn build_error(flags: Flags, code: i32, request: &[u8], tlvs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, MessageType::ERROR, flags);
        b.payload(&code.to_ne_bytes()).payload(request);
        for (k, v) in tlvs {
            b.put(*k, v);
        }
        b.finish().unwrap();
        buf
    }

    fn request() -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, MessageType(24), Flags::REQUEST | Flags::ACK);
        b.seq(42).family_header(&[0u8; 12]).put_u32(4u16, 7);
        b.finish().unwrap();
        buf
    }

    #[test]
    fn acknowledgement_is_capped() {
        let req = request();
        let buf = build_error(Flags::CAPPED, 0, &req[..16], &[]);
        let m = Messages::new(&buf).next().unwrap().unwrap();
        let e = ErrorMsg::parse(m).unwrap();
        assert!(e.is_ack());
        assert_eq!(e.errno(), 0);
        assert_eq!(e.request_header().seq(), 42);
        assert_eq!(e.request_payload(), None);
        assert!(e.ext_ack().is_empty());
    }

    #[test]
    fn uncapped_error_echoes_the_request_and_ext_ack_follows() {
        let req = request();
        let buf = build_error(
            Flags::ACK_TLVS,
            -22,
            &req,
            &[
                (ext_ack_attr::MSG, b"bad\0"),
                (ext_ack_attr::OFFS, &32u32.to_ne_bytes()),
            ],
        );
        let e = ErrorMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(e.errno(), 22);
        assert_eq!(e.request_payload().unwrap(), &req[16..]);
        assert_eq!(e.ext_ack().message().unwrap(), Some("bad"));
        assert_eq!(e.ext_ack().offset().unwrap(), Some(32));
        assert_eq!(e.ext_ack().missing_type().unwrap(), None);
        assert_eq!(
            e.ext_ack().attrs().next().unwrap().unwrap().offset(),
            16 + 4 + req.len()
        );
    }

    #[test]
    fn capped_error_with_missing_attribute() {
        let req = request();
        let buf = build_error(
            Flags::CAPPED | Flags::ACK_TLVS,
            -22,
            &req[..16],
            &[
                (ext_ack_attr::MISS_TYPE, &6u32.to_ne_bytes()),
                (ext_ack_attr::MISS_NEST, &[1]),
            ],
        );
        let e = ErrorMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(e.request_payload(), None);
        assert_eq!(e.ext_ack().missing_type().unwrap(), Some(6));
        // A malformed MISS_NEST fails alone.
        assert!(e.ext_ack().missing_nest().is_err());
        assert_eq!(e.ext_ack().message().unwrap(), None);
    }

    #[test]
    fn echo_longer_than_the_message_is_an_error() {
        let mut req = request();
        req[0] = 200;
        let buf = build_error(Flags::EMPTY, -1, &req, &[]);
        let err = ErrorMsg::parse(Msg::parse(&buf).unwrap()).unwrap_err();
        assert!(matches!(
            err,
            Error::BadLength {
                what: "echoed request",
                offset: 20,
                ..
            }
        ));
    }

    #[test]
    fn every_cut_of_an_error_is_rejected_or_parsed() {
        let req = request();
        let full = build_error(Flags::ACK_TLVS, -22, &req, &[(ext_ack_attr::MSG, b"x\0")]);
        for n in 16..full.len() {
            let mut cut = full[..n].to_vec();
            cut[0..4].copy_from_slice(&u32::try_from(n).unwrap().to_ne_bytes());
            if let Ok(e) = ErrorMsg::parse(Msg::parse(&cut).unwrap()) {
                let _ = e.ext_ack().message();
            }
        }
    }

    #[test]
    fn done_with_and_without_error() {
        let mut buf = Vec::new();
        let mut b =
            MessageBuilder::new(&mut buf, MessageType::DONE, Flags::MULTI | Flags::ACK_TLVS);
        b.payload(&(-95i32).to_ne_bytes())
            .put_str(ext_ack_attr::MSG, "filter not supported");
        b.finish().unwrap();
        let d = DoneMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(d.errno(), 95);
        assert_eq!(d.ext_ack().message().unwrap(), Some("filter not supported"));

        let empty = Header::new(16, MessageType::DONE, Flags::MULTI, 0, 0);
        let mut buf = Vec::new();
        empty.write_to(&mut buf);
        assert_eq!(DoneMsg::parse(Msg::parse(&buf).unwrap()).unwrap().code(), 0);
        assert!(matches!(
            ErrorMsg::parse(Msg::parse(&buf).unwrap()),
            Err(Error::UnexpectedType {
                expected: 2,
                found: 3
            })
        ));
    }
}
