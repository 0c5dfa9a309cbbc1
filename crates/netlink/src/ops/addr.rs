//! Addresses: list, add, replace and delete IPv4 and IPv6 addresses.

use std::net::IpAddr;

use netlink_wire::rtnl::addr::{AddrFlags, AddrMsg, AddrProto, IfAddrMsg, Ifa, IfaCacheInfo};
use netlink_wire::rtnl::{AddressFamily, RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR, Scope};
use netlink_wire::{AttrWrite, Flags};

use crate::connection::Connection;
use crate::error::Result;
use crate::ops::{ADD, REPLACE, invalid};

/// An address as the kernel reports it (`RTM_NEWADDR`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Address {
    /// `ifa_family`.
    pub family: AddressFamily,
    /// `ifa_prefixlen`.
    pub prefix_len: u8,
    /// `IFA_FLAGS` (or `ifa_flags`).
    pub flags: AddrFlags,
    /// `ifa_scope`.
    pub scope: Scope,
    /// `ifa_index`: the interface.
    pub index: u32,
    /// `IFA_ADDRESS`: the prefix address, or the peer on point-to-point links.
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`: the local address (IPv4; for IPv6 the kernel sends only `IFA_ADDRESS`).
    pub local: Option<IpAddr>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<IpAddr>,
    /// `IFA_LABEL`.
    pub label: Option<String>,
    /// `IFA_CACHEINFO` `ifa_valid`: seconds, [`INFINITY_LIFE_TIME`](netlink_wire::rtnl::addr::INFINITY_LIFE_TIME) for forever.
    pub valid_lifetime: Option<u32>,
    /// `IFA_CACHEINFO` `ifa_prefered`: seconds, [`INFINITY_LIFE_TIME`](netlink_wire::rtnl::addr::INFINITY_LIFE_TIME) for forever.
    pub preferred_lifetime: Option<u32>,
    /// `IFA_RT_PRIORITY`: the metric of the prefix route.
    pub metric: Option<u32>,
    /// `IFA_PROTO`: who added it.
    pub proto: Option<AddrProto>,
}

impl Address {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_msg(m: &AddrMsg<'_>) -> Result<Address> {
        m.check_frame()?;
        let ci = m.cache_info()?.map(|c| c.get());
        Ok(Address {
            family: m.family(),
            prefix_len: m.prefix_len(),
            flags: m.flags()?,
            scope: m.scope(),
            index: m.index(),
            address: m.address()?,
            local: m.local()?,
            broadcast: m.broadcast()?,
            label: m.label()?.map(str::to_owned),
            valid_lifetime: ci.map(|c| c.ifa_valid.get()),
            preferred_lifetime: ci.map(|c| c.ifa_prefered.get()),
            metric: m.rt_priority()?,
            proto: m.proto()?,
        })
    }

    /// The interface's own address: `IFA_LOCAL` when present, else `IFA_ADDRESS`.
    #[must_use]
    pub fn ip(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }
}

/// Which addresses [`Connection::addresses`] returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddrFilter {
    /// Only this family (`AF_INET`, `AF_INET6`); `None` for both.
    pub family: Option<AddressFamily>,
    /// Only addresses on this interface index.
    pub index: Option<u32>,
}

/// An address to add, replace or delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRequest {
    /// The interface index.
    pub index: u32,
    /// The local address.
    pub address: IpAddr,
    /// The prefix length (at most 32 for IPv4, 128 for IPv6).
    pub prefix_len: u8,
    /// For point-to-point links: the peer address (`IFA_ADDRESS`).
    pub peer: Option<IpAddr>,
    /// `IFA_BROADCAST` (IPv4).
    pub broadcast: Option<IpAddr>,
    /// `IFA_LABEL` (IPv4), at most 15 bytes.
    pub label: Option<String>,
    /// `ifa_scope`; universe by default.
    pub scope: Scope,
    /// `IFA_FLAGS`, such as `NODAD` or `NOPREFIXROUTE`.
    pub flags: AddrFlags,
    /// Valid and preferred lifetimes in seconds (`IFA_CACHEINFO`); `None` for forever.
    pub lifetimes: Option<(u32, u32)>,
    /// `IFA_RT_PRIORITY`: the metric of the prefix route.
    pub metric: Option<u32>,
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
            label: None,
            scope: Scope::UNIVERSE,
            flags: AddrFlags::EMPTY,
            lifetimes: None,
            metric: None,
        }
    }

    fn validate(&self) -> Result<()> {
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
        for other in [self.peer, self.broadcast].into_iter().flatten() {
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
        t: netlink_wire::MessageType,
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
        if let Some(bc) = self.broadcast {
            b.put_ip(Ifa::BROADCAST, bc);
        }
        if let Some(l) = &self.label {
            b.put_str(Ifa::LABEL, l);
        }
        if self.flags.bits() > 0xff {
            b.put_u32(Ifa::FLAGS, self.flags.bits());
        }
        if let Some((valid, preferred)) = self.lifetimes {
            b.put_struct(Ifa::CACHEINFO, &IfaCacheInfo::lifetimes(preferred, valid));
        }
        if let Some(m) = self.metric {
            b.put_u32(Ifa::RT_PRIORITY, m);
        }
        b.finish()
    }
}

fn dump_request(filter: &AddrFilter) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(32);
    let family = filter.family.unwrap_or(AddressFamily::UNSPEC);
    // With NETLINK_GET_STRICT_CHK the kernel filters on ifa_index itself.
    let hdr = IfAddrMsg::new(family, 0, filter.index.unwrap_or(0));
    AddrMsg::builder(&mut buf, RTM_GETADDR, Flags::EMPTY, &hdr)?.finish()?;
    Ok(buf)
}

impl Connection {
    /// Every address matching `filter`, streamed through `f` as borrowed views in constant
    /// memory.
    ///
    /// # Errors
    /// The first error of the dump or of `f`.
    pub fn for_each_address(
        &self,
        filter: AddrFilter,
        mut f: impl FnMut(AddrMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(dump_request(&filter)?, RTM_NEWADDR, |m| {
            let a = AddrMsg::parse(m)?;
            // Without strict checking the kernel ignores the filter; apply it here too.
            if filter.family.is_some_and(|f| f != a.family())
                || filter.index.is_some_and(|i| i != a.index())
            {
                return Ok(());
            }
            f(a)
        })
    }

    /// Every address matching `filter` (`ip addr show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn addresses(&self, filter: AddrFilter) -> Result<Vec<Address>> {
        let mut out = Vec::new();
        self.for_each_address(filter, |a| {
            out.push(Address::from_msg(&a)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Adds an address (`ip addr add`); fails with `EEXIST` if it is there.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad request before
    /// anything is sent; the kernel's error otherwise.
    pub fn add_address(&self, req: &AddressRequest) -> Result<()> {
        req.validate()?;
        self.change(|buf| req.build(buf, RTM_NEWADDR, ADD))
    }

    /// Adds an address or changes it if it exists (`ip addr replace`).
    ///
    /// # Errors
    /// As [`Connection::add_address`].
    pub fn replace_address(&self, req: &AddressRequest) -> Result<()> {
        req.validate()?;
        self.change(|buf| req.build(buf, RTM_NEWADDR, REPLACE))
    }

    /// Deletes an address (`ip addr del`).
    ///
    /// # Errors
    /// As [`Connection::add_address`]; `EADDRNOTAVAIL` when there is no such address.
    pub fn delete_address(&self, req: &AddressRequest) -> Result<()> {
        req.validate()?;
        self.change(|buf| req.build(buf, RTM_DELADDR, Flags::EMPTY))
    }
}
