//! Per-device IP configuration as the kernel reports it (`ip netconf show`): forwarding,
//! reverse-path filtering, multicast forwarding, proxy ARP/NDP, ignoring routes whose link is
//! down, and MPLS input, for IPv4, IPv6 and MPLS. The settings are changed through sysctl
//! (`net.ipv4.conf.DEV.*`); netlink reads them and announces their changes.

use netlink_wire::rtnl::netconf::{
    NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT, NetconfHdr, NetconfMsg, Netconfa,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELNETCONF, RTM_GETNETCONF, RTM_NEWNETCONF};
use netlink_wire::{AttrWrite, Flags, MessageType};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object};
use crate::ops::invalid;

/// Which device a netconf entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetconfDevice {
    /// An interface, by index.
    Link(u32),
    /// `all` (`NETCONFA_IFINDEX_ALL`): the settings that apply to every device.
    All,
    /// `default` (`NETCONFA_IFINDEX_DEFAULT`): what new devices start with.
    Default,
}

impl NetconfDevice {
    /// The device of a `NETCONFA_IFINDEX` value; `None` for a value no device has.
    #[must_use]
    pub fn from_ifindex(v: i32) -> Option<Self> {
        match v {
            NETCONFA_IFINDEX_ALL => Some(NetconfDevice::All),
            NETCONFA_IFINDEX_DEFAULT => Some(NetconfDevice::Default),
            i => u32::try_from(i)
                .ok()
                .filter(|&i| i > 0)
                .map(NetconfDevice::Link),
        }
    }

    /// The `NETCONFA_IFINDEX` value.
    #[must_use]
    pub fn ifindex(self) -> i32 {
        match self {
            NetconfDevice::Link(i) => i.cast_signed(),
            NetconfDevice::All => NETCONFA_IFINDEX_ALL,
            NetconfDevice::Default => NETCONFA_IFINDEX_DEFAULT,
        }
    }
}

/// One device's configuration in one family (`RTM_NEWNETCONF`). Each setting is `None` when
/// the family has none (IPv6 has no reverse-path filter, only MPLS has `input`) or the
/// message left it out (a notification carries the setting that changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Netconf {
    /// `ncm_family`: `AF_INET`, `AF_INET6` or `AF_MPLS`.
    pub family: AddressFamily,
    /// `NETCONFA_IFINDEX`.
    pub device: NetconfDevice,
    /// `NETCONFA_FORWARDING`.
    pub forwarding: Option<i32>,
    /// `NETCONFA_RP_FILTER`: 0 off, 1 strict, 2 loose.
    pub rp_filter: Option<i32>,
    /// `NETCONFA_MC_FORWARDING`.
    pub mc_forwarding: Option<i32>,
    /// `NETCONFA_BC_FORWARDING`.
    pub bc_forwarding: Option<i32>,
    /// `NETCONFA_PROXY_NEIGH`.
    pub proxy_neigh: Option<i32>,
    /// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN`.
    pub ignore_routes_with_linkdown: Option<i32>,
    /// `NETCONFA_INPUT` (MPLS).
    pub input: Option<i32>,
}

impl Netconf {
    /// Decodes a netconf message.
    ///
    /// # Errors
    /// When an attribute is malformed, or `NETCONFA_IFINDEX` is missing or names no device.
    pub fn from_msg(m: &NetconfMsg<'_>) -> Result<Netconf> {
        m.check_frame()?;
        let v = m
            .ifindex()?
            .ok_or_else(|| invalid("a netconf message without NETCONFA_IFINDEX"))?;
        let device = NetconfDevice::from_ifindex(v)
            .ok_or_else(|| invalid(format!("NETCONFA_IFINDEX {v} names no device")))?;
        Ok(Netconf {
            family: m.family(),
            device,
            forwarding: m.forwarding()?,
            rp_filter: m.rp_filter()?,
            mc_forwarding: m.mc_forwarding()?,
            bc_forwarding: m.bc_forwarding()?,
            proxy_neigh: m.proxy_neigh()?,
            ignore_routes_with_linkdown: m.ignore_routes_with_linkdown()?,
            input: m.input()?,
        })
    }
}

settable! {
    /// Which entries [`Connection::netconfs`](crate::Connection::netconfs) lists.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct NetconfFilter {
        /// Only this family; `None` for every family the kernel has.
        family: Option<AddressFamily>,
        /// Only this device.
        device: Option<NetconfDevice>,
    }
}

impl Object for Netconf {
    type View<'a> = NetconfMsg<'a>;
    type Filter = NetconfFilter;
    const NEW: MessageType = RTM_NEWNETCONF;
    const DEL: MessageType = RTM_DELNETCONF;
    const GET: MessageType = RTM_GETNETCONF;

    fn dump_request(filter: &NetconfFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // The kernel dumps one family, or all of them for AF_UNSPEC; it reads no attribute.
        let hdr = NetconfHdr::new(filter.family.unwrap_or(AddressFamily::UNSPEC));
        NetconfMsg::builder(buf, RTM_GETNETCONF, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &NetconfFilter, view: &NetconfMsg<'_>) -> Result<bool> {
        if filter.family.is_some_and(|f| f != view.family()) {
            return Ok(false);
        }
        Ok(match filter.device {
            Some(d) => view.ifindex()? == Some(d.ifindex()),
            None => true,
        })
    }

    fn from_view(view: &NetconfMsg<'_>) -> Result<Netconf> {
        Netconf::from_msg(view)
    }
}

/// The family (`AF_INET`, `AF_INET6` or `AF_MPLS`) and the device.
impl Lookup<(AddressFamily, NetconfDevice)> for Netconf {
    fn get_request(key: &(AddressFamily, NetconfDevice), buf: &mut Vec<u8>) -> Result<()> {
        let (family, device) = *key;
        if !matches!(
            family,
            AddressFamily::INET | AddressFamily::INET6 | AddressFamily::MPLS
        ) {
            return Err(invalid(format!(
                "netconf is IPv4, IPv6 or MPLS, not {family:?}"
            )));
        }
        let mut b =
            NetconfMsg::builder(buf, RTM_GETNETCONF, Flags::EMPTY, &NetconfHdr::new(family))?;
        b.put_i32(Netconfa::IFINDEX, device.ifindex());
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }
}

named_ops! { Netconf, ();
    list netconfs "Every device's configuration matching `filter`, family by family (`ip netconf show`).";
    for_each for_each_netconf "Every device's configuration matching `filter`, streamed through `f` as borrowed views.";
}

impl crate::Connection {
    /// One device's configuration in `family` (`ip -4 netconf show dev X`), or `None` when
    /// the kernel has none (a device the family does not know).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a family without netconf; a kernel or decode error.
    pub fn netconf(&self, family: AddressFamily, device: NetconfDevice) -> Result<Option<Netconf>> {
        self.get::<Netconf, _>(&(family, device))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_what_ip_sends() {
        // `ip -4 netconf show dev veth0`, veth0 at index 2.
        let mut buf = Vec::new();
        Netconf::get_request(&(AddressFamily::INET, NetconfDevice::Link(2)), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[2, 0, 0, 0, 8, 0, 1, 0, 2, 0, 0, 0]);
        // `ip netconf show`.
        let mut buf = Vec::new();
        Netconf::dump_request(&NetconfFilter::default(), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0]);
        assert!(
            Netconf::get_request(&(AddressFamily::BRIDGE, NetconfDevice::All), &mut buf).is_err()
        );
    }

    #[test]
    fn devices() {
        assert_eq!(NetconfDevice::from_ifindex(-1), Some(NetconfDevice::All));
        assert_eq!(
            NetconfDevice::from_ifindex(-2),
            Some(NetconfDevice::Default)
        );
        assert_eq!(NetconfDevice::from_ifindex(7), Some(NetconfDevice::Link(7)));
        assert_eq!(NetconfDevice::from_ifindex(0), None);
        assert_eq!(NetconfDevice::from_ifindex(-3), None);
        assert_eq!(NetconfDevice::Default.ifindex(), -2);
    }
}
