//! Neighbour discovery options handed to user space: `struct nduseroptmsg`, the ND options
//! that follow it and the `NDUSEROPT_*` attributes; the notification `RTM_NEWNDUSEROPT`
//! (group `RTNLGRP_ND_USEROPT`).
//!
//! The kernel passes on the options of a router advertisement that it does not act on itself
//! (recursive DNS servers, DNS search lists, captive portals, ...) so that a daemon can. The
//! message is unusual: `nduseropt_opts_len` bytes of raw ND options (RFC 4861 section 4.6:
//! type, length in units of 8 bytes, data) sit between the header and the attributes, which
//! is why the declaration skips them (`skip`).
//!
//! Source of truth: `include/uapi/linux/rtnetlink.h`; the layout as `ndisc_ra_useropt`
//! (`net/ipv6/ndisc.c`) builds it.

use zerocopy::byteorder::native_endian::{I32, U16, U32};

use crate::error::{Error, Result};
use crate::rtnl::{AddressFamily, Group, RTM_NEWNDUSEROPT};

kernel_struct! {
    /// `struct nduseroptmsg`: the family header of ND user option messages.
    NdUserOptHdr = "nduseroptmsg", 16 {
        /// `nduseropt_family`: `AF_INET6`.
        pub nduseropt_family: u8,
        /// `nduseropt_pad1`.
        pub nduseropt_pad1: u8,
        /// `nduseropt_opts_len`: the bytes of ND options after this header.
        pub nduseropt_opts_len: U16,
        /// `nduseropt_ifindex`: the interface the advertisement arrived on.
        pub nduseropt_ifindex: I32,
        /// `nduseropt_icmp_type`: the ICMPv6 type of the message the options came in (134,
        /// router advertisement).
        pub nduseropt_icmp_type: u8,
        /// `nduseropt_icmp_code`.
        pub nduseropt_icmp_code: u8,
        /// `nduseropt_pad2`.
        pub nduseropt_pad2: U16,
        /// `nduseropt_pad3`.
        pub nduseropt_pad3: U32,
    }
}

family! {
    /// A view of an ND user option notification (`RTM_NEWNDUSEROPT`).
    view NdUserOptMsg(NdUserOptHdr, "nduseroptmsg");
    family "nduseropt", messages [RTM_NEWNDUSEROPT], groups [Group::ND_USEROPT.0];
    skip options_len;
    /// `NDUSEROPT_*`: ND user option attribute numbers.
    numbers NdUserOptA;
    /// A typed ND user option attribute.
    enum NdUserOptAttr<'a>;
    /// The source address of the advertisement (a router's link-local address).
    SRCADDR = 1, "NDUSEROPT_SRCADDR", SrcAddr(ip), source;
}

/// The size of the fixed header.
const HDR: usize = size_of::<NdUserOptHdr>();

impl NdUserOptMsg<'_> {
    /// How many bytes of options follow the header: the attributes start after them.
    fn options_len(header: &NdUserOptHdr) -> usize {
        usize::from(header.nduseropt_opts_len.get())
    }

    /// `nduseropt_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.nduseropt_family)
    }

    /// `nduseropt_ifindex`, its bits read as they are.
    #[must_use]
    #[inline]
    pub fn index(&self) -> u32 {
        self.header.nduseropt_ifindex.get().cast_unsigned()
    }

    /// `nduseropt_icmp_type`.
    #[must_use]
    #[inline]
    pub fn icmp_type(&self) -> u8 {
        self.header.nduseropt_icmp_type
    }

    /// `nduseropt_icmp_code`.
    #[must_use]
    #[inline]
    pub fn icmp_code(&self) -> u8 {
        self.header.nduseropt_icmp_code
    }

    /// The raw ND options (`nduseropt_opts_len` bytes after the header; `parse` checked that
    /// they are there).
    #[must_use]
    #[inline]
    pub fn options_bytes(&self) -> &[u8] {
        let end = HDR.saturating_add(Self::options_len(self.header));
        self.msg.payload().get(HDR..end).unwrap_or_default()
    }

    /// The ND options one by one.
    #[must_use]
    #[inline]
    pub fn options(&self) -> NdOptions<'_> {
        NdOptions {
            bytes: self.options_bytes(),
            offset: self
                .msg
                .offset()
                .saturating_add(crate::header::Header::LEN)
                .saturating_add(HDR),
        }
    }
}

/// One neighbour discovery option (RFC 4861 section 4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NdOption<'a> {
    /// The option type (25: recursive DNS server, 31: DNS search list, ...).
    pub kind: u8,
    /// The bytes after the type and length, padding included.
    pub data: &'a [u8],
}

/// The options of an ND user option message; stops after the first malformed one (a length
/// of 0, or one that overruns the options), which is an error with its offset.
#[derive(Debug, Clone)]
pub struct NdOptions<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = Result<NdOption<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let (&kind, rest) = self.bytes.split_first()?;
        let units = rest.first().copied().unwrap_or(0);
        let len = usize::from(units).saturating_mul(8);
        let Some((option, rest)) = self.bytes.split_at_checked(len).filter(|_| len > 0) else {
            let e = Error::BadLength {
                what: "ND option",
                offset: self.offset,
                length: len,
                available: self.bytes.len(),
            };
            self.bytes = &[];
            return Some(Err(e));
        };
        self.bytes = rest;
        self.offset = self.offset.saturating_add(len);
        Some(Ok(NdOption {
            kind,
            data: option.get(2..).unwrap_or_default(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Messages;
    use crate::header::Flags;
    use crate::message::Msg;

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn decodes_a_captured_notification() {
        // The router advertisement sent into the capture namespace, as the kernel passed its
        // options on: the prefix information option (type 3) in one message, the RDNSS option
        // (type 25, lifetime 600 s, 2001:db8::53) in the next.
        let bytes = capture("ra_events.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let ms: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWNDUSEROPT)
            .map(|m| NdUserOptMsg::parse(m).unwrap())
            .collect();
        assert_eq!(ms.len(), 2);
        let kinds: Vec<Vec<u8>> = ms
            .iter()
            .map(|m| m.options().map(|o| o.unwrap().kind).collect())
            .collect();
        assert_eq!(kinds, [vec![3], vec![25]]);
        let m = &ms[1];
        assert_eq!(
            (m.family(), m.icmp_type(), m.icmp_code()),
            (AddressFamily::INET6, 134, 0)
        );
        assert_eq!(m.index(), 3, "veth0");
        let rdnss = m.options().next().unwrap().unwrap();
        assert_eq!(&rdnss.data[2..6], &600u32.to_be_bytes());
        let dns: core::net::Ipv6Addr = "2001:db8::53".parse().unwrap();
        assert_eq!(&rdnss.data[6..], &dns.octets());
        let src = m.source().unwrap().unwrap();
        assert!(matches!(src, core::net::IpAddr::V6(a) if a.segments()[0] == 0xfe80));
        for n in 0..bytes.len() {
            let _ = crate::check::walk(&bytes[..n]);
        }
    }

    fn message(options: &[u8], opts_len: u16) -> Vec<u8> {
        let hdr = NdUserOptHdr {
            nduseropt_family: AddressFamily::INET6.0,
            nduseropt_opts_len: U16::new(opts_len),
            nduseropt_ifindex: I32::new(2),
            nduseropt_icmp_type: 134,
            ..NdUserOptHdr::default()
        };
        let mut buf = Vec::new();
        let mut b = NdUserOptMsg::builder(&mut buf, RTM_NEWNDUSEROPT, Flags::EMPTY, &hdr).unwrap();
        b.payload(options);
        NdUserOptAttr::SrcAddr("fe80::1".parse().unwrap()).write_to(&mut b);
        b.finish().unwrap();
        buf
    }

    #[test]
    fn attributes_follow_the_options() {
        let buf = message(
            &[
                31, 1, 0, 0, 0, 0, 0, 0, 25, 2, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8,
            ],
            24,
        );
        let m = NdUserOptMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let kinds: Vec<_> = m.options().map(|o| o.unwrap().kind).collect();
        assert_eq!(kinds, [31, 25]);
        assert_eq!(m.source().unwrap(), Some("fe80::1".parse().unwrap()));
        assert_eq!(m.attrs().base(), 16 + 16 + 24);
    }

    #[test]
    fn a_bad_option_is_an_error_with_its_offset() {
        // An option of length 0 after a good one.
        let buf = message(&[31, 1, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 0, 0, 0, 0], 16);
        let m = NdUserOptMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let opts: Vec<_> = m.options().collect();
        assert!(opts[0].is_ok());
        assert_eq!(
            opts[1],
            Err(Error::BadLength {
                what: "ND option",
                offset: 16 + 16 + 8,
                length: 0,
                available: 8
            })
        );
        assert_eq!(opts.len(), 2);
        // Options that claim more bytes than the message has: no view.
        let mut buf = message(&[], 0);
        buf[18] = 200;
        assert!(NdUserOptMsg::parse(Msg::parse(&buf).unwrap()).is_err());
    }
}
