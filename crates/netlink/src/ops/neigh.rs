//! Neighbours: list, add, replace and delete ARP (IPv4) and NDISC (IPv6) cache entries and
//! proxy entries (`ip neigh`).

use std::net::IpAddr;

use netlink_wire::rtnl::neigh::{NdMsg, Nda, NeighFlags, NeighFlagsExt, NeighMsg, NeighState};
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELNEIGH, RTM_GETLINK, RTM_GETNEIGH, RTM_NEWLINK, RTM_NEWNEIGH,
    RouteProtocol, RouteType,
};
use netlink_wire::{AttrWrite, Flags, MessageBuilder, MessageType, PutValue};

use crate::connection::Connection;
use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;
use crate::ops::link::hw_address_string;

/// `MAX_ADDR_LEN`: the longest link-layer address the kernel stores.
const MAX_ADDR_LEN: usize = 32;

/// The ages of a neighbour entry (`NDA_CACHEINFO`), in clock ticks (`USER_HZ`, 100 a second).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighCacheInfo {
    /// `ndm_confirmed`: ticks since the neighbour was last confirmed reachable.
    pub confirmed: u32,
    /// `ndm_used`: ticks since the entry was last used.
    pub used: u32,
    /// `ndm_updated`: ticks since the entry was last updated.
    pub updated: u32,
    /// `ndm_refcnt`: references held, not counting the table's own.
    pub refcnt: u32,
}

owned! {
    /// A neighbour entry as the kernel reports it (`RTM_NEWNEIGH`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Neighbour {
        /// `ndm_family`: `AF_INET`, `AF_INET6` (or `AF_BRIDGE` for forwarding database entries).
        family: AddressFamily = m.family(),
        /// `ndm_ifindex`: the interface; 0 for a proxy entry on no interface.
        index: u32 = m.index(),
        /// `ndm_state`: the `NUD_*` state; empty for proxy entries.
        state: NeighState = m.state(),
        /// `ndm_flags`: `NTF_ROUTER`, `NTF_PROXY`, ...
        flags: NeighFlags = m.flags(),
        /// `NDA_FLAGS_EXT`: the extended flags (`NTF_EXT_MANAGED`, ...); empty when absent.
        flags_ext: NeighFlagsExt = m.flags_ext()?.unwrap_or(NeighFlagsExt::EMPTY),
        /// `ndm_type`: `RTN_UNICAST`, or `RTN_MULTICAST` for multicast mappings.
        neigh_type: RouteType = m.neigh_type(),
        /// `NDA_DST`: the protocol address.
        destination: Option<IpAddr> = m.destination()?,
        /// `NDA_LLADDR`: the link-layer address, when resolved; see [`Neighbour::lladdr_string`].
        lladdr: Option<Vec<u8>> = m.lladdr()?.map(<[u8]>::to_vec),
        /// `NDA_PROBES`: probes sent.
        probes: Option<u32> = m.probes()?,
        /// `NDA_VLAN`: the VLAN of a bridge FDB entry.
        vlan: Option<u16> = m.vlan()?,
        /// `NDA_MASTER`: the master device of a bridge FDB entry.
        master: Option<u32> = m.master()?,
        /// `NDA_PROTOCOL`: who installed the entry.
        protocol: Option<RouteProtocol> = m.protocol()?,
        /// `NDA_VNI`: the VNI of a VXLAN FDB entry.
        vni: Option<u32> = m.vni()?,
        /// `NDA_PORT`: the UDP port of a VXLAN FDB entry.
        port: Option<u16> = m.port()?,
        /// `NDA_IFINDEX`: the outgoing interface of a VXLAN FDB entry's remote.
        remote_ifindex: Option<u32> = m.remote_ifindex()?,
        /// `NDA_SRC_VNI`: the source VNI of a VXLAN FDB entry.
        src_vni: Option<u32> = m.src_vni()?,
        /// `NDA_NH_ID`: the nexthop id of an FDB entry.
        nh_id: Option<u32> = m.nh_id()?,
        /// `NDA_CACHEINFO`: ages and reference count.
        cache_info: Option<NeighCacheInfo> = m.cache_info()?.map(|c| NeighCacheInfo {
            confirmed: c.get().ndm_confirmed.get(),
            used: c.get().ndm_used.get(),
            updated: c.get().ndm_updated.get(),
            refcnt: c.get().ndm_refcnt.get(),
        }),
        /// `NDA_LINK_NETNSID`: the namespace of a VXLAN FDB entry's remote interface.
        link_netnsid: Option<i32> = m.link_netnsid()?,
    }
    from(m: NeighMsg) {}
}

impl Neighbour {
    /// Whether `NTF_ROUTER` is set: the neighbour is an IPv6 router.
    #[must_use]
    pub fn is_router(&self) -> bool {
        self.flags.contains(NeighFlags::ROUTER)
    }

    /// Whether `NTF_PROXY` is set: a proxy ARP / proxy NDP entry.
    #[must_use]
    pub fn is_proxy(&self) -> bool {
        self.flags.contains(NeighFlags::PROXY)
    }

    /// The link-layer address as `ip` prints it (`02:00:00:00:00:09`).
    #[must_use]
    pub fn lladdr_string(&self) -> Option<String> {
        self.lladdr.as_deref().map(hw_address_string)
    }
}

/// Parses a link-layer address written as hex bytes joined by colons (`02:00:00:00:00:09`).
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when a part is not one or two hex
/// digits, or there are more than 32 bytes (`MAX_ADDR_LEN`).
pub fn parse_lladdr(s: &str) -> Result<Vec<u8>> {
    let bytes = s
        .split(':')
        .map(|part| {
            if part.is_empty() || part.len() > 2 {
                return Err(invalid(format!("bad link-layer address {s:?}")));
            }
            u8::from_str_radix(part, 16)
                .map_err(|_| invalid(format!("bad link-layer address {s:?}")))
        })
        .collect::<Result<Vec<u8>>>()?;
    if bytes.len() > MAX_ADDR_LEN {
        return Err(invalid(format!(
            "link-layer address {s:?} is longer than {MAX_ADDR_LEN} bytes"
        )));
    }
    Ok(bytes)
}

settable! {
    /// Which neighbour entries [`Connection::neighbours`] returns.
    ///
    /// With strict checking (the default) the interface, master and proxy choice travel to the
    /// kernel, which filters the dump (`NDA_IFINDEX`, `NDA_MASTER`, `NTF_PROXY`); every field is
    /// also applied to what comes back.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct NeighFilter {
        /// Only this family (`AF_INET`, `AF_INET6`, `AF_BRIDGE`); `None` for IPv4 and IPv6.
        family: Option<AddressFamily>,
        /// Only entries on this interface index.
        index: Option<u32>,
        /// Only entries on interfaces enslaved to this master (a bridge or VRF).
        master: Option<u32>,
        /// Proxy entries (`ip neigh show proxy`) instead of cache entries.
        proxy: bool,
        /// Only entries with at least one of these `NUD_*` bits; `None` for all states
        /// (`ip neigh show nud all`). Proxy entries have no state and ignore it.
        state: Option<NeighState>,
    }
}

impl NeighFilter {
    /// The checks that need no kernel: run before the dump is sent.
    fn validate(&self) -> Result<()> {
        if self.proxy && self.family == Some(AddressFamily::BRIDGE) {
            return Err(invalid(
                "the forwarding database (AF_BRIDGE) has no proxy entries",
            ));
        }
        Ok(())
    }

    fn matches(&self, n: &NeighMsg<'_>) -> Result<bool> {
        if self.family.is_some_and(|f| f != n.family())
            || self.index.is_some_and(|i| i != n.index())
            || self.proxy != n.flags().contains(NeighFlags::PROXY)
        {
            return Ok(false);
        }
        if !self.proxy && self.state.is_some_and(|s| (s & n.state()).is_empty()) {
            return Ok(false);
        }
        // The kernel answers NDA_MASTER by checking the device's master; entries do not
        // always carry the attribute, so only an entry that names another master is dropped.
        if let Some(m) = self.master
            && n.master()?.is_some_and(|got| got != m)
        {
            return Ok(false);
        }
        Ok(true)
    }
}

settable! {
    /// A neighbour entry to add, replace or delete.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NeighRequest {
        /// The interface index; a proxy entry may use 0 for "any interface".
        fixed index: u32,
        /// The protocol address (`NDA_DST`); its kind picks `AF_INET` or `AF_INET6`.
        fixed destination: IpAddr,
        /// The link-layer address (`NDA_LLADDR`), exactly as long as the interface's
        /// (6 bytes on Ethernet). Proxy entries have none.
        lladdr: Option<Vec<u8>>,
        /// `ndm_state`; `NUD_PERMANENT` by default, as `ip neigh add` uses.
        state: NeighState,
        /// `ndm_flags` such as `NTF_ROUTER`; `NTF_PROXY` is added when `proxy` is set.
        flags: NeighFlags,
        /// A proxy ARP / proxy NDP entry (`ip neigh add proxy`).
        fixed proxy: bool,
        /// `NDA_PROTOCOL`: who installs the entry.
        protocol: Option<RouteProtocol>,
        /// `NDA_FLAGS_EXT`: the extended flags (`NTF_EXT_MANAGED`); left out when empty.
        flags_ext: NeighFlagsExt,
    }
}

impl NeighRequest {
    /// A permanent entry for `destination` on interface `index`, with no link-layer address
    /// yet: set [`NeighRequest::lladdr`] to add one.
    #[must_use]
    pub fn new(index: u32, destination: IpAddr) -> Self {
        NeighRequest {
            index,
            destination,
            lladdr: None,
            state: NeighState::PERMANENT,
            flags: NeighFlags::EMPTY,
            proxy: false,
            protocol: None,
            flags_ext: NeighFlagsExt::EMPTY,
        }
    }

    /// A permanent entry mapping `destination` to `lladdr` on interface `index`.
    #[must_use]
    pub fn with_lladdr(index: u32, destination: IpAddr, lladdr: &[u8]) -> Self {
        NeighRequest {
            lladdr: Some(lladdr.to_vec()),
            ..Self::new(index, destination)
        }
    }

    /// A proxy entry: answer ARP / neighbour solicitations for `destination` on `index`.
    #[must_use]
    pub fn proxy(index: u32, destination: IpAddr) -> Self {
        NeighRequest {
            proxy: true,
            ..Self::new(index, destination)
        }
    }

    fn family(&self) -> AddressFamily {
        if self.destination.is_ipv4() {
            AddressFamily::INET
        } else {
            AddressFamily::INET6
        }
    }
}

impl Request for NeighRequest {
    type Object = Neighbour;

    /// The checks that need no kernel: run before anything is sent.
    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        let deleting = t == RTM_DELNEIGH;
        if self.destination.is_unspecified() {
            return Err(invalid(format!(
                "{} is not a neighbour address",
                self.destination
            )));
        }
        if let IpAddr::V6(v6) = self.destination
            && v6.to_ipv4_mapped().is_some()
        {
            return Err(invalid(format!(
                "{v6} is an IPv4-mapped address; use the IPv4 address for an ARP entry"
            )));
        }
        if self.flags.contains(NeighFlags::PROXY) && !self.proxy {
            return Err(invalid("set `proxy` rather than NTF_PROXY in `flags`"));
        }
        if self.proxy {
            if self.lladdr.is_some() {
                return Err(invalid(format!(
                    "the proxy entry for {} cannot carry a link-layer address",
                    self.destination
                )));
            }
        } else if self.index == 0 {
            return Err(invalid(format!(
                "the neighbour entry for {} needs an interface index",
                self.destination
            )));
        }
        if let Some(ll) = &self.lladdr {
            if deleting {
                return Err(invalid("a delete request carries no link-layer address"));
            }
            if ll.is_empty() || ll.len() > MAX_ADDR_LEN {
                return Err(invalid(format!(
                    "a link-layer address has 1 to {MAX_ADDR_LEN} bytes, not {}",
                    ll.len()
                )));
            }
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let mut ndm_flags = self.flags;
        if self.proxy {
            ndm_flags |= NeighFlags::PROXY;
        }
        let hdr = NdMsg::new(self.family(), self.index, self.state, ndm_flags);
        let mut b = NeighMsg::builder(buf, t, flags, &hdr)?;
        b.put_ip(Nda::DST, self.destination);
        b.put_some(Nda::LLADDR, self.lladdr.as_deref());
        b.put_some(Nda::PROTOCOL, self.protocol.map(|v| v.0));
        if !self.flags_ext.is_empty() {
            b.put_u32(Nda::FLAGS_EXT, self.flags_ext.bits());
        }
        b.finish()
    }

    /// A link-layer address must be exactly as long as the interface's own (the kernel takes
    /// a longer one and silently drops its tail): the interface is looked up to check this.
    fn check_with(&self, conn: &Connection, t: MessageType) -> Result<()> {
        if t == RTM_NEWNEIGH {
            conn.check_lladdr_len(self)?;
        }
        Ok(())
    }
}

/// What identifies one neighbour entry for [`Connection::neighbour`] (`ip neigh get ADDR dev
/// DEV [proxy]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighKey {
    /// `ndm_ifindex`: the interface.
    pub index: u32,
    /// `NDA_DST`: the protocol address.
    pub destination: IpAddr,
    /// `NTF_PROXY`: the proxy entry instead of the cache's.
    pub proxy: bool,
}

impl NeighKey {
    /// The cache entry for `destination` on interface `index`.
    #[must_use]
    pub fn new(index: u32, destination: IpAddr) -> Self {
        NeighKey {
            index,
            destination,
            proxy: false,
        }
    }

    /// The proxy entry for `destination` on interface `index`.
    #[must_use]
    pub fn proxy(index: u32, destination: IpAddr) -> Self {
        NeighKey {
            proxy: true,
            ..NeighKey::new(index, destination)
        }
    }
}

impl crate::object::Lookup<NeighKey> for Neighbour {
    /// `ip neigh get`: an `RTM_GETNEIGH` request for one entry, not a dump.
    fn get_request(key: &NeighKey, buf: &mut Vec<u8>) -> Result<()> {
        if key.index == 0 {
            return Err(invalid("a neighbour lookup needs an interface"));
        }
        let family = if key.destination.is_ipv4() {
            AddressFamily::INET
        } else {
            AddressFamily::INET6
        };
        let flags = if key.proxy {
            NeighFlags::PROXY
        } else {
            NeighFlags::EMPTY
        };
        let hdr = NdMsg::new(family, key.index, NeighState::NONE, flags);
        let mut b = NeighMsg::builder(buf, RTM_GETNEIGH, Flags::EMPTY, &hdr)?;
        b.put_ip(Nda::DST, key.destination);
        b.finish().map_err(crate::Error::Encode)?;
        Ok(())
    }
}

impl Connection {
    /// The neighbour entry `key` names (`ip neigh get`), or `None` when there is none.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for interface 0; a kernel
    /// error other than "not found"; a malformed reply.
    pub fn neighbour(&self, key: &NeighKey) -> Result<Option<Neighbour>> {
        self.get::<Neighbour, _>(key)
    }
}

impl Object for Neighbour {
    type View<'a> = NeighMsg<'a>;
    type Filter = NeighFilter;
    const NEW: MessageType = RTM_NEWNEIGH;
    const DEL: MessageType = RTM_DELNEIGH;
    const GET: MessageType = RTM_GETNEIGH;

    fn dump_request(filter: &NeighFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let family = filter.family.unwrap_or(AddressFamily::UNSPEC);
        // A strict dump request has a zero ndmsg but for the family and NTF_PROXY; the
        // interface and master filters travel as attributes.
        let flags = if filter.proxy {
            NeighFlags::PROXY
        } else {
            NeighFlags::EMPTY
        };
        let hdr = NdMsg::new(family, 0, NeighState::NONE, flags);
        let mut b = NeighMsg::builder(buf, RTM_GETNEIGH, Flags::EMPTY, &hdr)?;
        b.put_some(Nda::IFINDEX, filter.index);
        b.put_some(Nda::MASTER, filter.master);
        b.finish()
    }

    fn validate_filter(filter: &NeighFilter) -> Result<()> {
        filter.validate()
    }

    fn matches(filter: &NeighFilter, n: &NeighMsg<'_>) -> Result<bool> {
        filter.matches(n)
    }

    fn from_view(n: &NeighMsg<'_>) -> Result<Neighbour> {
        Neighbour::from_msg(n)
    }
}

named_ops! { Neighbour, NeighRequest;
    list neighbours "Every neighbour entry matching `filter` (`ip neigh show`).";
    for_each for_each_neighbour "Every neighbour entry matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_neighbour "Adds a neighbour entry (`ip neigh add`); fails with `EEXIST` if there is one. A link-layer address must be exactly as long as the interface's own, which is looked up to check it.";
    replace replace_neighbour "Adds a neighbour entry or changes the one there (`ip neigh replace`).";
    change change_neighbour "Changes a neighbour entry that exists (`ip neigh change`).";
    delete delete_neighbour "Deletes a neighbour entry (`ip neigh del`); `lladdr` and `state` are not needed; `ENOENT` when there is no such entry.";
}

impl Connection {
    /// Checks the request's link-layer address against the length of the interface's own
    /// (`IFLA_ADDRESS`, the kernel's `dev->addr_len`).
    fn check_lladdr_len(&self, req: &NeighRequest) -> Result<()> {
        let Some(ll) = &req.lladdr else {
            return Ok(());
        };
        let want = self.link_addr_len(req.index)?;
        // An interface without a link-layer address takes any (and ignores it).
        if want != 0 && ll.len() != want {
            return Err(invalid(format!(
                "link-layer address {} has {} bytes; interface {} uses {want}",
                hw_address_string(ll),
                ll.len(),
                req.index
            )));
        }
        Ok(())
    }

    /// The length of interface `ifindex`'s `IFLA_ADDRESS` (0 when it has none).
    fn link_addr_len(&self, ifindex: u32) -> Result<usize> {
        // `struct ifinfomsg` (16 bytes, ifi_index at 4) and `IFLA_ADDRESS` (1) are spelled out
        // here so that this module does not depend on the link module's API.
        const IFINFOMSG_LEN: usize = 16;
        const IFLA_ADDRESS: u16 = 1;
        let mut hdr = [0u8; IFINFOMSG_LEN];
        hdr[4..8].copy_from_slice(&ifindex.to_ne_bytes());
        let mut buf = Vec::with_capacity(32);
        let mut b = MessageBuilder::new(&mut buf, RTM_GETLINK, Flags::EMPTY);
        b.family_header(&hdr);
        b.finish()?;
        let reply = self.request_bytes(buf)?;
        for m in reply.messages() {
            let m = m.as_msg();
            if m.message_type() == RTM_NEWLINK {
                return Ok(m
                    .attrs(IFINFOMSG_LEN)?
                    .get(IFLA_ADDRESS)?
                    .map_or(0, |a| a.payload().len()));
            }
        }
        Err(invalid(format!("no link answered for interface {ifindex}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lladdr_text_round_trips() {
        assert_eq!(
            hw_address_string(&[2, 0, 0x5e, 0, 0, 0xab]),
            "02:00:5e:00:00:ab"
        );
        assert_eq!(hw_address_string(&[]), "");
        assert_eq!(
            parse_lladdr("02:00:5e:0:0:AB").unwrap(),
            [2, 0, 0x5e, 0, 0, 0xab]
        );
        assert!(parse_lladdr("02::00").is_err());
        assert!(parse_lladdr("02:100").is_err());
        assert!(parse_lladdr("zz").is_err());
        assert!(parse_lladdr(&["00"; 33].join(":")).is_err());
    }

    #[test]
    fn requests_are_validated_and_built_as_ip_builds_them() {
        let dst: IpAddr = "192.0.2.9".parse().unwrap();
        let ok = NeighRequest::with_lladdr(3, dst, &[2, 0, 0, 0, 0, 9]);
        ok.validate(RTM_NEWNEIGH, Flags::EMPTY).unwrap();
        let mut buf = Vec::new();
        ok.build(
            &mut buf,
            RTM_NEWNEIGH,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
        )
        .unwrap();
        // `ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent`, from strace.
        let expected: [u8; 32] = [
            0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, //
            0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x09, //
            0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
        ];
        assert_eq!(&buf[16..], &expected);

        let mut proxy = NeighRequest::proxy(3, dst);
        proxy.validate(RTM_NEWNEIGH, Flags::EMPTY).unwrap();
        proxy.lladdr = Some(vec![1; 6]);
        assert!(proxy.validate(RTM_NEWNEIGH, Flags::EMPTY).is_err());
        let mut flagged = NeighRequest::new(3, dst);
        flagged.flags = NeighFlags::PROXY;
        assert!(flagged.validate(RTM_NEWNEIGH, Flags::EMPTY).is_err());
        assert!(
            NeighRequest::new(0, dst)
                .validate(RTM_NEWNEIGH, Flags::EMPTY)
                .is_err()
        );
        assert!(
            NeighRequest::proxy(0, dst)
                .validate(RTM_NEWNEIGH, Flags::EMPTY)
                .is_ok()
        );
        assert!(
            NeighRequest::new(3, "0.0.0.0".parse().unwrap())
                .validate(RTM_NEWNEIGH, Flags::EMPTY)
                .is_err()
        );
        assert!(
            NeighRequest::new(3, "::ffff:192.0.2.1".parse().unwrap())
                .validate(RTM_NEWNEIGH, Flags::EMPTY)
                .is_err()
        );
        assert!(
            NeighRequest::with_lladdr(3, dst, &[])
                .validate(RTM_NEWNEIGH, Flags::EMPTY)
                .is_err()
        );
        assert!(ok.validate(RTM_DELNEIGH, Flags::EMPTY).is_err());
    }

    #[test]
    fn dump_requests_are_strict() {
        let mut buf = Vec::new();
        Neighbour::dump_request(&NeighFilter::default().index(3).proxy(true), &mut buf).unwrap();
        // `ip neigh show proxy` sends ndm_flags NTF_PROXY; `dev v0` adds NDA_IFINDEX.
        assert_eq!(
            &buf[16..],
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 8, 0, 8, 0, 3, 0, 0, 0]
        );
        let bridge_proxies = NeighFilter::default()
            .family(AddressFamily::BRIDGE)
            .proxy(true);
        assert!(bridge_proxies.validate().is_err());
        assert!(NeighFilter::default().validate().is_ok());
    }
}
