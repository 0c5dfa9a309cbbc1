//! IPv6 prefixes learned from router advertisements: `struct prefixmsg`, the `PREFIX_*`
//! attributes and `struct prefix_cacheinfo`; the notification `RTM_NEWPREFIX` (group
//! `RTNLGRP_IPV6_PREFIX`). There is no dump: the kernel only announces.
//!
//! Source of truth: `include/uapi/linux/rtnetlink.h`; the flags as `inet6_fill_prefix`
//! (`net/ipv6/addrconf.c`) fills them (see [`PrefixFlags`]).

use zerocopy::byteorder::native_endian::{I32, U16, U32};

use crate::rtnl::{AddressFamily, Group, RTM_NEWPREFIX};

kernel_struct! {
    /// `struct prefixmsg`: the family header of prefix messages.
    PrefixHdr = "prefixmsg", 12 {
        /// `prefix_family`: `AF_INET6`.
        pub prefix_family: u8,
        /// `prefix_pad1`.
        pub prefix_pad1: u8,
        /// `prefix_pad2`.
        pub prefix_pad2: U16,
        /// `prefix_ifindex`: the interface the advertisement arrived on.
        pub prefix_ifindex: I32,
        /// `prefix_type`: the ND option type it came in (3, prefix information).
        pub prefix_type: u8,
        /// `prefix_len`: the prefix length.
        pub prefix_len: u8,
        /// `prefix_flags`: [`PrefixFlags`].
        pub prefix_flags: u8,
        /// `prefix_pad3`.
        pub prefix_pad3: u8,
    }
}

kernel_struct! {
    /// `struct prefix_cacheinfo`: the prefix's lifetimes in seconds (`PREFIX_CACHEINFO`).
    PrefixCacheInfo = "prefix_cacheinfo", 8 {
        /// `preferred_time`.
        pub preferred_time: U32,
        /// `valid_time`.
        pub valid_time: U32,
    }
}

flags! {
    /// The flags of the prefix information option (`prefix_flags`). Linux 6.18 copies the
    /// option's flag byte as it came (L is 0x80, A is 0x40); older kernels translated the two
    /// bits into `IF_PREFIX_ONLINK` (0x01) and `IF_PREFIX_AUTOCONF` (0x02), which iproute2
    /// still reads. [`PrefixFlags::onlink`] and [`PrefixFlags::autoconf`] accept both.
    PrefixFlags(u8);
    /// `IF_PREFIX_ONLINK`: on link, as older kernels sent it.
    IF_ONLINK = 0x01, "IF_PREFIX_ONLINK", "onlink";
    /// `IF_PREFIX_AUTOCONF`: autoconf, as older kernels sent it.
    IF_AUTOCONF = 0x02, "IF_PREFIX_AUTOCONF", "autoconf";
    /// The P bit (RFC 9762): prefer DHCPv6 prefix delegation.
    PREFERPD = 0x10, "PREFIX_FLAG_PREFERPD", "preferpd";
    /// The R bit (RFC 6275): the prefix field is the router's address.
    ROUTERADDR = 0x20, "PREFIX_FLAG_ROUTERADDR", "routeraddr";
    /// The A bit: addresses may be formed from the prefix.
    AUTOCONF = 0x40, "PREFIX_FLAG_AUTOCONF", "autoconf";
    /// The L bit: the prefix is on link.
    ONLINK = 0x80, "PREFIX_FLAG_ONLINK", "onlink";
}

impl PrefixFlags {
    /// Whether the prefix is on link, in either encoding.
    #[must_use]
    #[inline]
    pub fn onlink(self) -> bool {
        self.0 & (Self::ONLINK.0 | Self::IF_ONLINK.0) != 0
    }

    /// Whether addresses may be formed from the prefix, in either encoding.
    #[must_use]
    #[inline]
    pub fn autoconf(self) -> bool {
        self.0 & (Self::AUTOCONF.0 | Self::IF_AUTOCONF.0) != 0
    }
}

family! {
    /// A view of a prefix notification (`RTM_NEWPREFIX`).
    view PrefixMsg(PrefixHdr, "prefixmsg");
    family "prefix", messages [RTM_NEWPREFIX], groups [Group::IPV6_PREFIX.0];
    /// `PREFIX_*`: prefix attribute numbers.
    numbers PrefixA;
    /// A typed prefix attribute.
    enum PrefixAttr<'a>;
    /// The prefix.
    ADDRESS = 1, "PREFIX_ADDRESS", Address(ip), address;
    /// Its lifetimes.
    CACHEINFO = 2, "PREFIX_CACHEINFO", CacheInfo({PrefixCacheInfo}), cache_info;
}

impl PrefixMsg<'_> {
    /// `prefix_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.prefix_family)
    }

    /// `prefix_ifindex`, its bits read as they are (the kernel never sends a negative one).
    #[must_use]
    #[inline]
    pub fn index(&self) -> u32 {
        self.header.prefix_ifindex.get().cast_unsigned()
    }

    /// `prefix_len`.
    #[must_use]
    #[inline]
    pub fn prefix_len(&self) -> u8 {
        self.header.prefix_len
    }

    /// `prefix_type`: the ND option type.
    #[must_use]
    #[inline]
    pub fn option_type(&self) -> u8 {
        self.header.prefix_type
    }

    /// `prefix_flags`.
    #[must_use]
    #[inline]
    pub fn flags(&self) -> PrefixFlags {
        PrefixFlags(self.header.prefix_flags)
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
        // What the kernel announced for a router advertisement of 2001:db8:5::/64 (on link,
        // autoconf, valid 3600 s, preferred 1800 s) sent into the capture namespace.
        let bytes = capture("ra_events.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let p = Messages::new(&bytes)
            .map(Result::unwrap)
            .find(|m| m.message_type() == RTM_NEWPREFIX)
            .map(|m| PrefixMsg::parse(m).unwrap())
            .unwrap();
        assert_eq!(p.family(), AddressFamily::INET6);
        assert_eq!(p.address().unwrap(), Some("2001:db8:5::".parse().unwrap()));
        assert_eq!((p.prefix_len(), p.option_type()), (64, 3));
        assert_eq!(p.flags(), PrefixFlags::ONLINK | PrefixFlags::AUTOCONF);
        assert!(p.flags().onlink() && p.flags().autoconf());
        let c = p.cache_info().unwrap().unwrap().get();
        assert_eq!((c.preferred_time.get(), c.valid_time.get()), (1800, 3600));
        for n in 0..bytes.len() {
            let _ = crate::check::walk(&bytes[..n]);
        }
    }

    #[test]
    fn builds_and_reads_back() {
        let hdr = PrefixHdr {
            prefix_family: AddressFamily::INET6.0,
            prefix_ifindex: I32::new(3),
            prefix_type: 3,
            prefix_len: 48,
            prefix_flags: PrefixFlags::IF_ONLINK.0,
            ..PrefixHdr::default()
        };
        let mut buf = Vec::new();
        let mut b = PrefixMsg::builder(&mut buf, RTM_NEWPREFIX, Flags::EMPTY, &hdr).unwrap();
        PrefixAttr::Address("2001:db8::".parse().unwrap()).write_to(&mut b);
        b.finish().unwrap();
        let p = PrefixMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!((p.index(), p.prefix_len()), (3, 48));
        assert_eq!(format!("{:?}", p.flags()), "IF_PREFIX_ONLINK");
        assert!(p.flags().onlink() && !p.flags().autoconf());
        assert_eq!(p.cache_info().unwrap(), None);
    }
}
