//! Addresses: list, add, replace and delete IPv4 and IPv6 addresses.

use std::net::IpAddr;

use netlink_wire::rtnl::addr::{AddrFlags, AddrMsg, AddrProto, IfAddrMsg, Ifa, IfaCacheInfo};
use netlink_wire::rtnl::{AddressFamily, RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR, Scope};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

owned! {
    /// An address as the kernel reports it (`RTM_NEWADDR`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Address {
        /// `ifa_family`.
        family: AddressFamily = m.family(),
        /// `ifa_prefixlen`.
        prefix_len: u8 = m.prefix_len(),
        /// `IFA_FLAGS` (or `ifa_flags`).
        flags: AddrFlags = m.flags()?,
        /// `ifa_scope`.
        scope: Scope = m.scope(),
        /// `ifa_index`: the interface.
        index: u32 = m.index(),
        /// `IFA_ADDRESS`: the prefix address, or the peer on point-to-point links.
        address: Option<IpAddr> = m.address()?,
        /// `IFA_LOCAL`: the local address (IPv4; for IPv6 the kernel sends only `IFA_ADDRESS`).
        local: Option<IpAddr> = m.local()?,
        /// `IFA_BROADCAST`.
        broadcast: Option<IpAddr> = m.broadcast()?,
        /// `IFA_LABEL`.
        label: Option<String> = m.label()?.map(str::to_owned),
        /// `IFA_CACHEINFO` `ifa_valid`: seconds, [`INFINITY_LIFE_TIME`](netlink_wire::rtnl::addr::INFINITY_LIFE_TIME) for forever.
        valid_lifetime: Option<u32> = ci.map(|c| c.ifa_valid.get()),
        /// `IFA_CACHEINFO` `ifa_prefered`: seconds, [`INFINITY_LIFE_TIME`](netlink_wire::rtnl::addr::INFINITY_LIFE_TIME) for forever.
        preferred_lifetime: Option<u32> = ci.map(|c| c.ifa_prefered.get()),
        /// `IFA_RT_PRIORITY`: the metric of the prefix route.
        metric: Option<u32> = m.rt_priority()?,
        /// `IFA_PROTO`: who added it.
        protocol: Option<AddrProto> = m.protocol()?,
    }
    from(m: AddrMsg) {
        let ci = m.cache_info()?.map(|c| c.get());
    }
}

impl Address {
    /// The interface's own address: `IFA_LOCAL` when present, else `IFA_ADDRESS`.
    #[must_use]
    pub fn ip(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }
}

settable! {
    /// Which addresses [`Connection::addresses`](crate::Connection::addresses) returns: the
    /// kernel filters by family and index itself with strict checking, and both are checked again.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct AddrFilter {
        /// Only this family (`AF_INET`, `AF_INET6`); `None` for both.
        family: Option<AddressFamily>,
        /// Only addresses on this interface index.
        index: Option<u32>,
    }
}

settable! {
    /// An address to add, replace or delete.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AddressRequest {
        /// The interface index.
        fixed index: u32,
        /// The local address.
        fixed address: IpAddr,
        /// The prefix length (at most 32 for IPv4, 128 for IPv6).
        fixed prefix_len: u8,
        /// For point-to-point links: the peer address (`IFA_ADDRESS`).
        peer: Option<IpAddr>,
        /// `IFA_BROADCAST` (IPv4).
        broadcast: Option<IpAddr>,
        /// `IFA_ANYCAST`: an anycast address to add with it (IPv6; IPv4 stores it too).
        anycast: Option<IpAddr>,
        /// `IFA_LABEL` (IPv4), at most 15 bytes.
        label: Option<String>,
        /// `ifa_scope`; universe by default.
        scope: Scope,
        /// `IFA_FLAGS`, such as `NODAD` or `NOPREFIXROUTE`.
        flags: AddrFlags,
        /// Valid and preferred lifetimes in seconds (`IFA_CACHEINFO`); `None` for forever.
        lifetimes: Option<(u32, u32)>,
        /// `IFA_RT_PRIORITY`: the metric of the prefix route.
        metric: Option<u32>,
    }
}

impl AddressRequest {
    /// `address/prefix_len` on interface `index`, with everything else default.
    #[must_use]
    pub fn new(index: u32, address: IpAddr, prefix_len: u8) -> Self {
        AddressRequest {
            index,
            address,
            prefix_len,
            peer: None,
            broadcast: None,
            anycast: None,
            label: None,
            scope: Scope::UNIVERSE,
            flags: AddrFlags::EMPTY,
            lifetimes: None,
            metric: None,
        }
    }
}

impl Request for AddressRequest {
    type Object = Address;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        let max = if self.address.is_ipv4() { 32 } else { 128 };
        if self.prefix_len > max {
            return Err(invalid(format!(
                "prefix length {} exceeds {max} for {}",
                self.prefix_len, self.address
            )));
        }
        if self.index == 0 {
            return Err(invalid("an address needs an interface index"));
        }
        for other in [self.peer, self.broadcast, self.anycast]
            .into_iter()
            .flatten()
        {
            if other.is_ipv4() != self.address.is_ipv4() {
                return Err(invalid(format!(
                    "{other} is not of the same family as {}",
                    self.address
                )));
            }
        }
        if let Some(l) = &self.label
            && l.len() > 15
        {
            return Err(invalid(format!("label {l:?} is longer than 15 bytes")));
        }
        if let Some((valid, preferred)) = self.lifetimes
            && preferred > valid
        {
            return Err(invalid("the preferred lifetime exceeds the valid lifetime"));
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let family = if self.address.is_ipv4() {
            AddressFamily::INET
        } else {
            AddressFamily::INET6
        };
        let mut hdr = IfAddrMsg::new(family, self.prefix_len, self.index);
        hdr.ifa_scope = self.scope.0;
        hdr.ifa_flags = (self.flags.bits() & 0xff) as u8;
        let mut b = AddrMsg::builder(buf, t, flags, &hdr)?;
        b.put_ip(Ifa::LOCAL, self.address);
        b.put_ip(Ifa::ADDRESS, self.peer.unwrap_or(self.address));
        b.put_some(Ifa::BROADCAST, self.broadcast);
        b.put_some(Ifa::ANYCAST, self.anycast);
        b.put_some(Ifa::LABEL, self.label.as_deref());
        if self.flags.bits() > 0xff {
            b.put_u32(Ifa::FLAGS, self.flags.bits());
        }
        if let Some((valid, preferred)) = self.lifetimes {
            b.put_struct(Ifa::CACHEINFO, &IfaCacheInfo::lifetimes(preferred, valid));
        }
        b.put_some(Ifa::RT_PRIORITY, self.metric);
        b.finish()
    }
}

impl Object for Address {
    type View<'a> = AddrMsg<'a>;
    type Filter = AddrFilter;
    const NEW: MessageType = RTM_NEWADDR;
    const DEL: MessageType = RTM_DELADDR;
    const GET: MessageType = RTM_GETADDR;

    fn dump_request(filter: &AddrFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let family = filter.family.unwrap_or(AddressFamily::UNSPEC);
        // With NETLINK_GET_STRICT_CHK the kernel filters on ifa_index itself.
        let hdr = IfAddrMsg::new(family, 0, filter.index.unwrap_or(0));
        AddrMsg::builder(buf, RTM_GETADDR, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &AddrFilter, a: &AddrMsg<'_>) -> Result<bool> {
        Ok(filter.family.is_none_or(|f| f == a.family())
            && filter.index.is_none_or(|i| i == a.index()))
    }

    fn from_view(a: &AddrMsg<'_>) -> Result<Address> {
        Address::from_msg(a)
    }
}

named_ops! { Address, AddressRequest;
    list addresses "Every address matching `filter` (`ip addr show`).";
    for_each for_each_address "Every address matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_address "Adds an address (`ip addr add`); fails with `EEXIST` if it is there.";
    replace replace_address "Adds an address or changes it if it exists (`ip addr replace`).";
    change change_address "Changes an address that exists (`ip addr change`).";
    delete delete_address "Deletes an address (`ip addr del`); `EADDRNOTAVAIL` when there is no such address.";
}
