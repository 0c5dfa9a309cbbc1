//! IPv6 address labels (RFC 6724 policy table): `struct ifaddrlblmsg` and the `IFAL_*`
//! attributes; messages `RTM_NEWADDRLABEL`, `RTM_DELADDRLABEL`, `RTM_GETADDRLABEL`.
//!
//! Source of truth: `include/uapi/linux/if_addrlabel.h`; widths as `ifal_policy`
//! (`net/ipv6/addrlabel.c`) reads them.

use zerocopy::byteorder::native_endian::U32;

use crate::rtnl::{AddressFamily, RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL};

kernel_struct! {
    /// `struct ifaddrlblmsg`: the family header of address label messages.
    IfAddrLblMsg = "ifaddrlblmsg", 12 {
        /// `ifal_family`: `AF_INET6`.
        pub ifal_family: u8,
        /// `__ifal_reserved`: zero.
        pub ifal_reserved: u8,
        /// `ifal_prefixlen`: the prefix length of `IFAL_ADDRESS`.
        pub ifal_prefixlen: u8,
        /// `ifal_flags`: zero.
        pub ifal_flags: u8,
        /// `ifal_index`: the interface the label applies to; 0 for any.
        pub ifal_index: U32,
        /// `ifal_seq`: the table's generation when dumped; the kernel checks it on a delete
        /// that carries one.
        pub ifal_seq: U32,
    }
}

impl IfAddrLblMsg {
    /// A header for `prefix_len` on interface `index` (0 for any), `AF_INET6`.
    #[must_use]
    #[inline]
    pub fn new(prefix_len: u8, index: u32) -> Self {
        IfAddrLblMsg {
            ifal_family: AddressFamily::INET6.0,
            ifal_prefixlen: prefix_len,
            ifal_index: U32::new(index),
            ..IfAddrLblMsg::default()
        }
    }
}

family! {
    /// A view of an address label message (`RTM_NEWADDRLABEL`, `RTM_DELADDRLABEL`,
    /// `RTM_GETADDRLABEL`).
    view AddrLabelMsg(IfAddrLblMsg, "ifaddrlblmsg");
    family "addrlabel", messages [RTM_NEWADDRLABEL, RTM_DELADDRLABEL, RTM_GETADDRLABEL],
        groups [];
    /// `IFAL_*`: address label attribute numbers.
    numbers Ifal;
    /// A typed address label attribute.
    enum AddrLabelAttr<'a>;
    /// The prefix (an IPv6 address); its length is [`AddrLabelMsg::prefix_len`].
    ADDRESS = 1, "IFAL_ADDRESS", Address(ip), address;
    /// The label.
    LABEL = 2, "IFAL_LABEL", Label(u32), label;
}

impl AddrLabelMsg<'_> {
    /// `ifal_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.ifal_family)
    }

    /// `ifal_prefixlen`.
    #[must_use]
    #[inline]
    pub fn prefix_len(&self) -> u8 {
        self.header.ifal_prefixlen
    }

    /// `ifal_index`: the interface, 0 for any.
    #[must_use]
    #[inline]
    pub fn index(&self) -> u32 {
        self.header.ifal_index.get()
    }

    /// `ifal_seq`.
    #[must_use]
    #[inline]
    pub fn seq(&self) -> u32 {
        self.header.ifal_seq.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::{AttrWrite, Messages};
    use core::net::IpAddr;

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn builds_what_ip_addrlabel_add_sends() {
        // `ip addrlabel add prefix 2001:db8:1::/48 dev veth0 label 101`, veth0 at index 2:
        // ifaddrlblmsg {AF_INET6, 0, 48, 0, 2, 0}, IFAL_LABEL, IFAL_ADDRESS (ip's order).
        let expected: [u8; 40] = [
            10, 0, 48, 0, 2, 0, 0, 0, 0, 0, 0, 0, //
            8, 0, 2, 0, 101, 0, 0, 0, //
            20, 0, 1, 0, 0x20, 1, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let mut buf = Vec::new();
        let hdr = IfAddrLblMsg::new(48, 2);
        let mut b =
            AddrLabelMsg::builder(&mut buf, RTM_NEWADDRLABEL, Flags::REQUEST, &hdr).unwrap();
        let prefix: IpAddr = "2001:db8:1::".parse().unwrap();
        AddrLabelAttr::Label(101).write_to(&mut b);
        AddrLabelAttr::Address(prefix).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = AddrLabelMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            (
                m.prefix_len(),
                m.index(),
                m.label().unwrap(),
                m.address().unwrap()
            ),
            (48, 2, Some(101), Some(prefix))
        );
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = capture("addrlabel_dump.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let ls: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWADDRLABEL)
            .map(|m| {
                let l = AddrLabelMsg::parse(m).unwrap();
                (
                    l.address().unwrap().unwrap(),
                    l.prefix_len(),
                    l.label().unwrap().unwrap(),
                )
            })
            .collect();
        // The kernel's ten default labels, and the one the capture added.
        assert_eq!(ls.len(), 11);
        assert!(ls.contains(&("::1".parse().unwrap(), 128, 0)));
        assert!(ls.contains(&("2001:db8::".parse().unwrap(), 32, 100)));
        for n in 0..bytes.len() {
            let _ = crate::check::walk(&bytes[..n]);
        }
    }

    #[test]
    fn a_short_address_fails_alone() {
        let mut buf = Vec::new();
        let hdr = IfAddrLblMsg::new(0, 0);
        let mut b = AddrLabelMsg::builder(&mut buf, RTM_NEWADDRLABEL, Flags::EMPTY, &hdr).unwrap();
        b.put(Ifal::ADDRESS, &[1, 2, 3]).put_u32(Ifal::LABEL, 7);
        b.finish().unwrap();
        let m = AddrLabelMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(m.address().is_err());
        assert_eq!(m.label().unwrap(), Some(7));
        let mut short = buf[..24].to_vec();
        short[0] = 24;
        assert!(AddrLabelMsg::parse(Msg::parse(&short).unwrap()).is_err());
    }
}
