//! Multicast and anycast addresses of interfaces: the groups an interface listens on
//! (`RTM_GETMULTICAST`, IPv4 and IPv6) and its IPv6 anycast addresses (`RTM_GETANYCAST`), and
//! their notifications (`RTM_NEWMULTICAST` ... `RTM_DELANYCAST`, groups `RTNLGRP_IPV4_MCADDR`,
//! `RTNLGRP_IPV6_MCADDR`, `RTNLGRP_IPV6_ACADDR`, Linux 6.13).
//!
//! Both travel as address messages (`ifaddrmsg`), the address in `IFA_MULTICAST` or
//! `IFA_ANYCAST`. The kernel answers these dumps with the get type itself, and dumps one
//! family at a time; with no family in the filter, the named operations list each family in
//! turn. Neither netlink nor these messages carry how many sockets joined a group, or the
//! link-layer groups (`/proc/net/igmp`, `/proc/net/igmp6` and `/proc/net/dev_mcast` have
//! those; `nlctl maddr` reads them there).

use std::net::IpAddr;

use netlink_wire::rtnl::addr::{AddrMsg, IfAddrMsg};
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELANYCAST, RTM_DELMULTICAST, RTM_GETANYCAST, RTM_GETMULTICAST,
    RTM_NEWANYCAST, RTM_NEWMULTICAST,
};
use netlink_wire::{Flags, MessageType};

use crate::error::Result;
use crate::object::Object;
use crate::ops::invalid;

settable! {
    /// Which addresses a listing returns: the kernel dumps one family per request and filters
    /// nothing else, so the interface is applied here.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct GroupAddrFilter {
        /// Only this family; `None` for each family in turn (named operations only: a generic
        /// dump needs one).
        family: Option<AddressFamily>,
        /// Only this interface.
        index: Option<u32>,
    }
}

/// Declares the owned type, its [`Object`] implementation and its listing of each kind of
/// address an interface has without owning it.
macro_rules! group_addresses {
    ($(
        $(#[$meta:meta])*
        $T:ident: $accessor:ident, $attr:literal, [$($fam:ident),+],
            new $NEW:ident, del $DEL:ident, get $GET:ident,
            list $list:ident $doc:literal;
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $T {
            /// `ifa_family`.
            pub family: AddressFamily,
            /// `ifa_index`: the interface.
            pub index: u32,
            #[doc = concat!("`", $attr, "`: the address.")]
            pub address: IpAddr,
            /// `IFA_CACHEINFO` `cstamp`: when it was added, in hundredths of seconds since
            /// boot.
            pub created: Option<u32>,
            /// `IFA_CACHEINFO` `tstamp`: when it last changed.
            pub updated: Option<u32>,
        }

        impl $T {
            /// The families the kernel keeps these addresses for, in the order listed.
            pub const FAMILIES: &'static [AddressFamily] = &[$(AddressFamily::$fam),+];

            /// Decodes an address message carrying one.
            ///
            /// # Errors
            #[doc = concat!("When an attribute is malformed or `", $attr, "` is missing.")]
            pub fn from_msg(m: &AddrMsg<'_>) -> Result<$T> {
                m.check_frame()?;
                let address = m
                    .$accessor()?
                    .ok_or_else(|| invalid(concat!("an address message without ", $attr)))?;
                let cache = m.cache_info()?.map(|c| c.get());
                Ok($T {
                    family: m.family(),
                    index: m.index(),
                    address,
                    created: cache.map(|c| c.cstamp.get()),
                    updated: cache.map(|c| c.tstamp.get()),
                })
            }
        }

        impl Object for $T {
            type View<'a> = AddrMsg<'a>;
            type Filter = GroupAddrFilter;
            const NEW: MessageType = $NEW;
            const DEL: MessageType = $DEL;
            const GET: MessageType = $GET;
            const REPLY: MessageType = $GET;

            fn dump_request(f: &GroupAddrFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
                let hdr = IfAddrMsg::new(f.family.unwrap_or(AddressFamily::UNSPEC), 0, 0);
                AddrMsg::builder(buf, $GET, Flags::EMPTY, &hdr)?.finish()
            }

            fn matches(f: &GroupAddrFilter, v: &AddrMsg<'_>) -> Result<bool> {
                Ok(f.family.is_none_or(|x| x == v.family())
                    && f.index.is_none_or(|i| i == v.index()))
            }

            fn from_view(v: &AddrMsg<'_>) -> Result<$T> {
                $T::from_msg(v)
            }

            fn validate_filter(f: &GroupAddrFilter) -> Result<()> {
                match f.family {
                    Some(x) if $T::FAMILIES.contains(&x) => Ok(()),
                    Some(x) => Err(invalid(format!(
                        concat!("the kernel keeps no ", stringify!($T), " of family {}"),
                        x
                    ))),
                    None => Err(invalid("the kernel dumps these one family at a time")),
                }
            }
        }

        impl crate::Connection {
            #[doc = $doc]
            ///
            /// # Errors
            /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a family the
            /// kernel keeps none of; a dump or decode error.
            pub fn $list(&self, filter: GroupAddrFilter) -> Result<Vec<$T>> {
                let families = match filter.family {
                    Some(f) => vec![f],
                    None => $T::FAMILIES.to_vec(),
                };
                let mut out = Vec::new();
                for f in families {
                    out.extend(self.list::<$T>(GroupAddrFilter { family: Some(f), ..filter })?);
                }
                Ok(out)
            }
        }
    )*};
}

group_addresses! {
    /// A multicast group an interface has joined (`RTM_GETMULTICAST` in a dump,
    /// `RTM_NEWMULTICAST` / `RTM_DELMULTICAST` as notifications).
    MulticastAddress: multicast, "IFA_MULTICAST", [INET, INET6],
        new RTM_NEWMULTICAST, del RTM_DELMULTICAST, get RTM_GETMULTICAST,
        list multicast_addresses "The multicast groups interfaces have joined, IPv4 then IPv6 unless `filter` names a family, each in the kernel's order (what `ip maddr show` prints for `inet` and `inet6`).";
    /// An IPv6 anycast address of an interface (`RTM_GETANYCAST`, `RTM_NEWANYCAST`,
    /// `RTM_DELANYCAST`): the subnet-router anycast addresses of a forwarding interface, and
    /// those sockets joined (`IPV6_JOIN_ANYCAST`).
    AnycastAddress: anycast, "IFA_ANYCAST", [INET6],
        new RTM_NEWANYCAST, del RTM_DELANYCAST, get RTM_GETANYCAST,
        list anycast_addresses "The IPv6 anycast addresses of interfaces, in the kernel's order.";
}

/// Link-layer multicast addresses (`ip maddr add|del LLADDR dev NAME`): netlink has no message
/// for them, so these go through the `SIOCADDMULTI` / `SIOCDELMULTI` ioctls, on a socket in
/// the connection's namespace. An address added by hand is marked so (`static` in `ip maddr`);
/// adding it again changes nothing, and one delete removes it.
impl crate::Connection {
    /// Adds link-layer multicast address `addr` (a MAC address) to link `index`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for index 0, an unknown link or an address longer
    /// than 14 bytes; the kernel's errno otherwise (`EINVAL` for a link without multicast
    /// filtering).
    pub fn add_link_multicast_address(&self, index: u32, addr: &[u8]) -> Result<()> {
        let name = self.multicast_link_name(index, addr)?;
        Ok(self.open_socket()?.add_link_multicast(&name, addr)?)
    }

    /// Removes link-layer multicast address `addr`, added by hand, from link `index`.
    ///
    /// # Errors
    /// As [`Connection::add_link_multicast_address`](crate::Connection::add_link_multicast_address);
    /// `ENOENT` for an address that was never added.
    pub fn delete_link_multicast_address(&self, index: u32, addr: &[u8]) -> Result<()> {
        let name = self.multicast_link_name(index, addr)?;
        Ok(self.open_socket()?.delete_link_multicast(&name, addr)?)
    }

    /// The name the ioctl needs for link `index`, after checking the arguments.
    fn multicast_link_name(&self, index: u32, addr: &[u8]) -> Result<String> {
        if index == 0 {
            return Err(invalid("interface index 0 is invalid"));
        }
        if addr.is_empty() || addr.len() > 14 {
            return Err(invalid("a link-layer address has 1 to 14 bytes"));
        }
        self.link_by_index(index)?
            .map(|l| l.name)
            .ok_or_else(|| invalid("no such link"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../netlink-wire/testdata/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).unwrap()
    }

    #[test]
    fn captured_dumps_decode() {
        let v6 = capture("multicast6_dump.bin");
        let m: Vec<MulticastAddress> = netlink_wire::Messages::new(&v6)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == MulticastAddress::REPLY)
            .map(|m| MulticastAddress::from_msg(&AddrMsg::parse(m).unwrap()).unwrap())
            .collect();
        assert!(
            m.iter()
                .any(|a| a.index == 1 && a.address == "ff02::1".parse::<IpAddr>().unwrap())
        );
        assert!(m.iter().all(|a| a.created.is_some()));
        let any = capture("anycast6_dump.bin");
        let a: Vec<AnycastAddress> = netlink_wire::Messages::new(&any)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == AnycastAddress::REPLY)
            .map(|m| AnycastAddress::from_msg(&AddrMsg::parse(m).unwrap()).unwrap())
            .collect();
        assert!(
            a.iter()
                .any(|x| x.address == "2001:db8::".parse::<IpAddr>().unwrap())
        );
    }

    #[test]
    fn dump_requests_and_filters() {
        let mut buf = Vec::new();
        let f = GroupAddrFilter::default().family(AddressFamily::INET);
        MulticastAddress::dump_request(&f, &mut buf).unwrap();
        assert_eq!(&buf[4..6], &58u16.to_ne_bytes());
        assert_eq!(&buf[16..], &[2, 0, 0, 0, 0, 0, 0, 0]);
        assert!(MulticastAddress::validate_filter(&GroupAddrFilter::default()).is_err());
        assert!(AnycastAddress::validate_filter(&f).is_err());
        assert!(MulticastAddress::validate_filter(&f).is_ok());
    }
}
