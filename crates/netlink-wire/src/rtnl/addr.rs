//! Addresses: `struct ifaddrmsg`, the `IFA_*` attributes, `IFA_F_*` flags and
//! `struct ifa_cacheinfo`; messages `RTM_NEWADDR`, `RTM_DELADDR`, `RTM_GETADDR`.
//!
//! Source of truth: `include/uapi/linux/if_addr.h`.

use zerocopy::byteorder::native_endian::U32;

use crate::error::Result;
use crate::rtnl::{
    AddressFamily, Group, RTM_DELADDR, RTM_DELANYCAST, RTM_DELMULTICAST, RTM_GETADDR,
    RTM_GETANYCAST, RTM_GETMULTICAST, RTM_NEWADDR, RTM_NEWANYCAST, RTM_NEWMULTICAST, Scope,
};

kernel_struct! {
    /// `struct ifaddrmsg`: the family header of address messages.
    IfAddrMsg = "ifaddrmsg", 8 {
        /// `ifa_family`: `AF_INET` or `AF_INET6`.
        pub ifa_family: u8,
        /// `ifa_prefixlen`: the prefix length.
        pub ifa_prefixlen: u8,
        /// `ifa_flags`: the low 8 bits of the `IFA_F_*` flags (`IFA_FLAGS` carries all 32).
        pub ifa_flags: u8,
        /// `ifa_scope`: an `RT_SCOPE_*` value.
        pub ifa_scope: u8,
        /// `ifa_index`: the interface index.
        pub ifa_index: U32,
    }
}

impl IfAddrMsg {
    /// A header for `family`, `prefix_len` on interface `index`, scope universe, no flags.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, prefix_len: u8, index: u32) -> Self {
        IfAddrMsg {
            ifa_family: family.0,
            ifa_prefixlen: prefix_len,
            ifa_flags: 0,
            ifa_scope: 0,
            ifa_index: U32::new(index),
        }
    }
}

kernel_struct! {
    /// `struct ifa_cacheinfo`: lifetimes and timestamps of an address (`IFA_CACHEINFO`).
    IfaCacheInfo = "ifa_cacheinfo", 16 {
        /// `ifa_prefered`: preferred lifetime in seconds; `u32::MAX` is forever.
        pub ifa_prefered: U32,
        /// `ifa_valid`: valid lifetime in seconds; `u32::MAX` is forever.
        pub ifa_valid: U32,
        /// `cstamp`: created, in hundredths of seconds since boot.
        pub cstamp: U32,
        /// `tstamp`: last updated, in hundredths of seconds since boot.
        pub tstamp: U32,
    }
}

/// The lifetime value that means "forever" (`INFINITY_LIFE_TIME`).
pub const INFINITY_LIFE_TIME: u32 = u32::MAX;

impl IfaCacheInfo {
    /// Cache information carrying lifetimes, as sent when adding an address.
    #[must_use]
    #[inline]
    pub fn lifetimes(preferred: u32, valid: u32) -> Self {
        IfaCacheInfo {
            ifa_prefered: U32::new(preferred),
            ifa_valid: U32::new(valid),
            ..Self::default()
        }
    }
}

family! {
    /// A view of an address message (`RTM_NEWADDR`, `RTM_DELADDR`), or of a multicast or
    /// anycast address (`RTM_NEWMULTICAST` ... `RTM_GETANYCAST`: the same header and space,
    /// with the address in `IFA_MULTICAST` or `IFA_ANYCAST`).
    view AddrMsg(IfAddrMsg, "ifaddrmsg");
    family "address", messages [RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR,
        RTM_NEWMULTICAST, RTM_DELMULTICAST, RTM_GETMULTICAST,
        RTM_NEWANYCAST, RTM_DELANYCAST, RTM_GETANYCAST],
        groups [Group::IPV4_IFADDR.0, Group::IPV6_IFADDR.0, Group::IPV4_MCADDR.0,
            Group::IPV6_MCADDR.0, Group::IPV6_ACADDR.0];
    /// `IFA_*`: address attribute numbers.
    numbers Ifa;
    /// A typed address attribute.
    enum AddrAttr<'a>;
    /// The prefix address; the peer's address on point-to-point links.
    ADDRESS = 1, "IFA_ADDRESS", Address(ip), address;
    /// The local address.
    LOCAL = 2, "IFA_LOCAL", Local(ip), local;
    /// The label (IPv4 only), such as `eth0:1`.
    LABEL = 3, "IFA_LABEL", Label(str), label;
    /// The broadcast address (IPv4 only).
    BROADCAST = 4, "IFA_BROADCAST", Broadcast(ip), broadcast;
    /// An anycast address.
    ANYCAST = 5, "IFA_ANYCAST", Anycast(ip), anycast;
    /// Lifetimes and timestamps.
    CACHEINFO = 6, "IFA_CACHEINFO", CacheInfo({IfaCacheInfo}), cache_info;
    /// A multicast address.
    MULTICAST = 7, "IFA_MULTICAST", Multicast(ip), multicast;
    /// All 32 bits of the `IFA_F_*` flags; [`AddrMsg::flags`] reads them with the header's.
    FLAGS = 8, "IFA_FLAGS", Flags(val AddrFlags);
    /// The metric of the prefix route.
    RT_PRIORITY = 9, "IFA_RT_PRIORITY", RtPriority(u32), rt_priority;
    /// The target network namespace id of a request.
    TARGET_NETNSID = 10, "IFA_TARGET_NETNSID", TargetNetnsid(i32), target_netnsid;
    /// Who added the address (`IFAPROT_*`).
    PROTO = 11, "IFA_PROTO", Protocol(val AddrProto), protocol;
}

flags! {
    /// `IFA_F_*`: address flags.
    AddrFlags(u32);
    /// A secondary address (IPv4), or a temporary one (IPv6, `IFA_F_TEMPORARY`).
    SECONDARY = 0x01, "IFA_F_SECONDARY", "secondary";
    /// No duplicate address detection.
    NODAD = 0x02, "IFA_F_NODAD", "nodad";
    /// Optimistic duplicate address detection.
    OPTIMISTIC = 0x04, "IFA_F_OPTIMISTIC", "optimistic";
    /// Duplicate address detection failed.
    DADFAILED = 0x08, "IFA_F_DADFAILED", "dadfailed";
    /// A home address (mobile IPv6).
    HOMEADDRESS = 0x10, "IFA_F_HOMEADDRESS", "home";
    /// Deprecated: its preferred lifetime ran out.
    DEPRECATED = 0x20, "IFA_F_DEPRECATED", "deprecated";
    /// Duplicate address detection has not finished.
    TENTATIVE = 0x40, "IFA_F_TENTATIVE", "tentative";
    /// Permanent: no lifetime.
    PERMANENT = 0x80, "IFA_F_PERMANENT", "permanent";
    /// Manage temporary addresses from this one.
    MANAGETEMPADDR = 0x100, "IFA_F_MANAGETEMPADDR", "mngtmpaddr";
    /// Do not add a prefix route.
    NOPREFIXROUTE = 0x200, "IFA_F_NOPREFIXROUTE", "noprefixroute";
    /// Join the multicast group automatically.
    MCAUTOJOIN = 0x400, "IFA_F_MCAUTOJOIN", "autojoin";
    /// A stable-privacy address.
    STABLE_PRIVACY = 0x800, "IFA_F_STABLE_PRIVACY", "stable-privacy";
}

values! {
    /// `IFAPROT_*`: who added an address (`IFA_PROTO`).
    AddrProto(u8);
    UNSPEC = 0, "IFAPROT_UNSPEC", "unspec";
    /// The kernel, for the loopback addresses.
    KERNEL_LO = 1, "IFAPROT_KERNEL_LO", "kernel_lo";
    /// The kernel, from a router advertisement.
    KERNEL_RA = 2, "IFAPROT_KERNEL_RA", "kernel_ra";
    /// The kernel, for a link-local address.
    KERNEL_LL = 3, "IFAPROT_KERNEL_LL", "kernel_ll";
}

header_fields! { AddrMsg;
    /// `ifa_family`.
    family: AddressFamily = |h| AddressFamily(h.ifa_family);
    /// `ifa_prefixlen`.
    prefix_len: u8 = |h| h.ifa_prefixlen;
    /// `ifa_scope`.
    scope: Scope = |h| Scope(h.ifa_scope);
    /// `ifa_index`: the interface.
    index: u32 = |h| h.ifa_index.get();
}

impl AddrMsg<'_> {
    /// The flags: `IFA_FLAGS` when present (all 32 bits), else `ifa_flags`.
    ///
    /// # Errors
    /// When `IFA_FLAGS` is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn flags(&self) -> Result<AddrFlags> {
        Ok(match self.attr(Ifa::FLAGS.0)? {
            Some(a) => AddrFlags(a.as_u32()?),
            None => AddrFlags(u32::from(self.header.ifa_flags)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::header::Flags;
    use crate::message::{MessageBuilder, Msg};
    use crate::{AttrWrite, Messages};
    use core::net::{IpAddr, Ipv4Addr};

    // RTM_NEWADDR for 192.0.2.1/24 on ifindex 2 (veth0) from an `ip -j addr` dump of the
    // capture namespace (testdata/addr_dump.bin, first IPv4 message after lo).
    fn captured() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/addr_dump.bin"
        ))
        .unwrap()
    }

    #[test]
    fn decodes_a_captured_dump() {
        let bytes = captured();
        let mut v4 = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != crate::rtnl::RTM_NEWADDR {
                continue;
            }
            let a = AddrMsg::parse(m).unwrap();
            for t in a.typed_attrs() {
                t.unwrap();
            }
            if a.family() == AddressFamily::INET {
                v4.push((
                    a.local().unwrap().unwrap(),
                    a.prefix_len(),
                    a.label().unwrap().unwrap().to_owned(),
                ));
            }
        }
        assert!(v4.contains(&(
            IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
            24,
            "veth0".to_owned()
        )));
        assert!(v4.contains(&(IpAddr::V4(Ipv4Addr::LOCALHOST), 8, "lo".to_owned())));
    }

    #[test]
    fn builds_what_ip_addr_add_sends() {
        // `ip addr add 192.0.2.1/24 dev lo` (ifindex 1), as strace shows it after the header:
        // ifaddrmsg {AF_INET, 24, 0, 0, 1}, IFA_LOCAL, IFA_ADDRESS.
        let expected: [u8; 24] = [
            2, 24, 0, 0, 1, 0, 0, 0, //
            8, 0, 2, 0, 192, 0, 2, 1, //
            8, 0, 1, 0, 192, 0, 2, 1,
        ];
        let mut buf = Vec::new();
        let hdr = IfAddrMsg::new(AddressFamily::INET, 24, 1);
        let mut b =
            AddrMsg::builder(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::REQUEST, &hdr).unwrap();
        let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        AddrAttr::Local(ip).write_to(&mut b);
        b.put_ip(Ifa::ADDRESS, ip);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let a = AddrMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let typed: Vec<_> = a.typed_attrs().map(Result::unwrap).collect();
        assert_eq!(typed, [AddrAttr::Local(ip), AddrAttr::Address(ip)]);
    }

    #[test]
    fn flags_prefer_the_32_bit_attribute() {
        let mut buf = Vec::new();
        let mut hdr = IfAddrMsg::new(AddressFamily::INET6, 64, 1);
        hdr.ifa_flags = 0x80;
        let mut b =
            AddrMsg::builder(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::EMPTY, &hdr).unwrap();
        b.put_u32(Ifa::FLAGS, 0x280);
        b.finish().unwrap();
        let a = AddrMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            a.flags().unwrap(),
            AddrFlags::PERMANENT | AddrFlags::NOPREFIXROUTE
        );
        assert_eq!(
            a.flags().unwrap().short_names().collect::<Vec<_>>(),
            ["permanent", "noprefixroute"]
        );
        assert_eq!(
            format!("{:?}", a.flags().unwrap()),
            "IFA_F_PERMANENT|IFA_F_NOPREFIXROUTE"
        );
    }

    #[test]
    fn bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let hdr = IfAddrMsg::new(AddressFamily::INET, 24, 1);
        let mut b =
            AddrMsg::builder(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::EMPTY, &hdr).unwrap();
        b.put(Ifa::LOCAL, &[1, 2, 3]).put_str(Ifa::LABEL, "lo");
        b.finish().unwrap();
        let a = AddrMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(matches!(
            a.local(),
            Err(Error::AttrSize {
                kind: 2,
                offset: 24,
                expected: 16,
                found: 3
            })
        ));
        assert_eq!(a.label().unwrap(), Some("lo"));
        let typed: Vec<_> = a.typed_attrs().collect();
        assert!(typed[0].is_err());
        assert_eq!(typed[1], Ok(AddrAttr::Label("lo")));
        assert_eq!(format!("{:?}", Ifa::LOCAL), "IFA_LOCAL");
        assert_eq!(format!("{:?}", Ifa(99)), "99");
    }

    #[test]
    fn short_family_header_is_an_error() {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, crate::rtnl::RTM_NEWADDR, Flags::EMPTY);
        b.payload(&[2, 24]);
        b.finish().unwrap();
        assert!(AddrMsg::parse(Msg::parse(&buf).unwrap()).is_err());
    }
}
