//! Per-device IP configuration: `struct netconfmsg` and the `NETCONFA_*` attributes; messages
//! `RTM_NEWNETCONF`, `RTM_DELNETCONF`, `RTM_GETNETCONF`.
//!
//! The kernel reports a device's forwarding, reverse-path filter, multicast forwarding, proxy
//! neighbour, ignore-routes-with-linkdown and (MPLS) input settings, for `AF_INET`,
//! `AF_INET6` and `AF_MPLS`, with two pseudo devices: [`NETCONFA_IFINDEX_ALL`] (`all`) and
//! [`NETCONFA_IFINDEX_DEFAULT`] (`default`).
//!
//! Source of truth: `include/uapi/linux/netconf.h`; widths as `devconf_ipv4_policy`
//! (`net/ipv4/devinet.c`) reads them: every value is an `s32`.

use crate::error::Result;
use crate::rtnl::{AddressFamily, Group, RTM_DELNETCONF, RTM_GETNETCONF, RTM_NEWNETCONF};

kernel_struct! {
    /// `struct netconfmsg`: the one-byte family header of netconf messages (padded to 4
    /// bytes on the wire).
    NetconfHdr = "netconfmsg", 1 {
        /// `ncm_family`: `AF_INET`, `AF_INET6`, `AF_MPLS`, or `AF_UNSPEC` to dump all.
        pub ncm_family: u8,
    }
}

impl NetconfHdr {
    /// A header for `family`.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily) -> Self {
        NetconfHdr {
            ncm_family: family.0,
        }
    }
}

/// `NETCONFA_IFINDEX_ALL`: the `all` pseudo device (`net.ipv4.conf.all`).
pub const NETCONFA_IFINDEX_ALL: i32 = -1;
/// `NETCONFA_IFINDEX_DEFAULT`: the `default` pseudo device (`net.ipv4.conf.default`).
pub const NETCONFA_IFINDEX_DEFAULT: i32 = -2;

family! {
    /// A view of a netconf message (`RTM_NEWNETCONF`, `RTM_DELNETCONF`, `RTM_GETNETCONF`).
    view NetconfMsg(NetconfHdr, "netconfmsg");
    family "netconf", messages [RTM_NEWNETCONF, RTM_DELNETCONF, RTM_GETNETCONF],
        groups [Group::IPV4_NETCONF.0, Group::IPV6_NETCONF.0, Group::MPLS_NETCONF.0];
    /// `NETCONFA_*`: netconf attribute numbers.
    numbers Netconfa;
    /// A typed netconf attribute.
    enum NetconfAttr<'a>;
    /// The device: an interface index, [`NETCONFA_IFINDEX_ALL`] or
    /// [`NETCONFA_IFINDEX_DEFAULT`].
    IFINDEX = 1, "NETCONFA_IFINDEX", Ifindex(i32), ifindex;
    /// `forwarding`: 1 when the device forwards.
    FORWARDING = 2, "NETCONFA_FORWARDING", Forwarding(i32), forwarding;
    /// `rp_filter`: 0 off, 1 strict, 2 loose (IPv4).
    RP_FILTER = 3, "NETCONFA_RP_FILTER", RpFilter(i32), rp_filter;
    /// `mc_forwarding`: multicast forwarding (read-only; a multicast router sets it).
    MC_FORWARDING = 4, "NETCONFA_MC_FORWARDING", McForwarding(i32), mc_forwarding;
    /// `proxy_arp` (IPv4) or `proxy_ndp` (IPv6).
    PROXY_NEIGH = 5, "NETCONFA_PROXY_NEIGH", ProxyNeigh(i32), proxy_neigh;
    /// `ignore_routes_with_linkdown`.
    IGNORE_ROUTES_WITH_LINKDOWN = 6, "NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN", IgnoreRoutesWithLinkdown(i32), ignore_routes_with_linkdown;
    /// `input` (MPLS): the device accepts labelled packets.
    INPUT = 7, "NETCONFA_INPUT", Input(i32), input;
    /// `bc_forwarding` (IPv4): forward directed broadcasts.
    BC_FORWARDING = 8, "NETCONFA_BC_FORWARDING", BcForwarding(i32), bc_forwarding;
}

impl NetconfMsg<'_> {
    /// `ncm_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.ncm_family)
    }

    /// Whether this message is about the `all` pseudo device.
    ///
    /// # Errors
    /// When `NETCONFA_IFINDEX` is malformed.
    #[inline]
    pub fn is_all(&self) -> Result<bool> {
        Ok(self.ifindex()? == Some(NETCONFA_IFINDEX_ALL))
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
    fn builds_what_ip_netconf_sends() {
        // `ip -4 netconf show dev veth0` with veth0 at index 2: RTM_GETNETCONF with the
        // padded netconfmsg {AF_INET} and NETCONFA_IFINDEX 2.
        let expected: [u8; 12] = [2, 0, 0, 0, 8, 0, 1, 0, 2, 0, 0, 0];
        let mut buf = Vec::new();
        let hdr = NetconfHdr::new(AddressFamily::INET);
        let mut b = NetconfMsg::builder(&mut buf, RTM_GETNETCONF, Flags::REQUEST, &hdr).unwrap();
        NetconfAttr::Ifindex(2).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = NetconfMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            (m.family(), m.ifindex().unwrap()),
            (AddressFamily::INET, Some(2))
        );
        // `ip netconf show` dumps with AF_UNSPEC and nothing else.
        let mut buf = Vec::new();
        let hdr = NetconfHdr::new(AddressFamily::UNSPEC);
        NetconfMsg::builder(&mut buf, RTM_GETNETCONF, Flags::DUMP, &hdr)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0]);
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = capture("netconf_dump.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let ms: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWNETCONF)
            .map(|m| NetconfMsg::parse(m).unwrap())
            .collect();
        // lo, veth1, veth0, br0, all and default for each of IPv4 and IPv6.
        assert_eq!(ms.len(), 12);
        let v4_all = ms
            .iter()
            .find(|m| m.family() == AddressFamily::INET && m.is_all().unwrap())
            .unwrap();
        // The capture turned on forwarding and loose reverse-path filtering for all.
        assert_eq!(v4_all.forwarding().unwrap(), Some(1));
        assert_eq!(v4_all.rp_filter().unwrap(), Some(2));
        let v6 = ms
            .iter()
            .find(|m| m.family() == AddressFamily::INET6)
            .unwrap();
        // IPv6 has no reverse-path filter.
        assert_eq!(v6.rp_filter().unwrap(), None);
        assert!(v6.proxy_neigh().unwrap().is_some());
        for n in 0..bytes.len() {
            let _ = crate::check::walk(&bytes[..n]);
        }
    }
}
