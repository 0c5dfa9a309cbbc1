//! Links: list, look up, create, change, move and delete network interfaces.
//!
//! `ip link show` is [`Connection::links`]; `ip link add` is [`Connection::add_link`] (with a
//! [`LinkKind`] from [`crate::ops::link_kind`]); `ip link set` is [`Connection::set_link`]
//! with a [`LinkChange`] (every change in one request), or one of the `set_link_*`
//! shorthands; `ip link del` is [`Connection::delete_link`].

use std::fmt::Write as _;
use std::net::Ipv6Addr;
use std::os::fd::{AsFd, AsRawFd};

use netlink_wire::rtnl::link::{
    self, AddrGenMode, IfFlags, IfInfoMsg, Ifla, IflaAf, IflaInet6, IflaInfo, IflaXdp, LinkMode,
    LinkMsg, LinkType, OperState, RtnlLinkStats64, XdpFlags,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::connection::Connection;
use crate::error::{Errno, Error, KernelError, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;
use crate::ops::link_kind::LinkKind;

/// The longest alternative name (`ALTIFNAMSIZ` - 1).
pub(crate) const MAX_ALT_NAME: usize = 127;

native! {
    /// Interface counters (`IFLA_STATS64`, `struct rtnl_link_stats64`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct LinkStats: u64, from RtnlLinkStats64 {
        /// `rx_packets`: good packets received.
        rx_packets,
        /// `tx_packets`: packets transmitted.
        tx_packets,
        /// `rx_bytes`: good bytes received.
        rx_bytes,
        /// `tx_bytes`: bytes transmitted.
        tx_bytes,
        /// `rx_errors`: bad packets received.
        rx_errors,
        /// `tx_errors`: transmit problems.
        tx_errors,
        /// `rx_dropped`: packets received but dropped.
        rx_dropped,
        /// `tx_dropped`: packets dropped on their way out.
        tx_dropped,
        /// `multicast`: multicast packets received.
        multicast,
        /// `collisions`.
        collisions,
        /// `rx_length_errors`.
        rx_length_errors,
        /// `rx_over_errors`.
        rx_over_errors,
        /// `rx_crc_errors`.
        rx_crc_errors,
        /// `rx_frame_errors`.
        rx_frame_errors,
        /// `rx_fifo_errors`.
        rx_fifo_errors,
        /// `rx_missed_errors`.
        rx_missed_errors,
        /// `tx_aborted_errors`.
        tx_aborted_errors,
        /// `tx_carrier_errors`.
        tx_carrier_errors,
        /// `tx_fifo_errors`.
        tx_fifo_errors,
        /// `tx_heartbeat_errors`.
        tx_heartbeat_errors,
        /// `tx_window_errors`.
        tx_window_errors,
        /// `rx_compressed`.
        rx_compressed,
        /// `tx_compressed`.
        tx_compressed,
        /// `rx_nohandler`: packets no protocol handled.
        rx_nohandler,
        /// `rx_otherhost_dropped`: packets for another host's MAC (0 on kernels before 5.19).
        rx_otherhost_dropped,
    }
}

owned! {
    /// A link as the kernel reports it (`RTM_NEWLINK`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Link {
        /// `ifi_index`.
        index: u32 = m.index(),
        /// `IFLA_IFNAME` (empty if the message had none; the kernel always sends it).
        name: String = m.name()?.unwrap_or_default().to_owned(),
        /// `ifi_flags`.
        flags: IfFlags = m.flags(),
        /// `ifi_type`: the link type (`ether`, `loopback`, `none`).
        link_type: LinkType = m.link_type(),
        /// `IFLA_MTU`.
        mtu: Option<u32> = m.mtu()?,
        /// `IFLA_MIN_MTU`.
        min_mtu: Option<u32> = m.min_mtu()?,
        /// `IFLA_MAX_MTU`.
        max_mtu: Option<u32> = m.max_mtu()?,
        /// `IFLA_OPERSTATE`.
        operstate: Option<OperState> = m.operstate()?,
        /// `IFLA_LINKMODE`.
        link_mode: Option<LinkMode> = m.link_mode()?,
        /// `IFLA_ADDRESS`: the link-layer address.
        address: Option<Vec<u8>> = bytes(m.address()?),
        /// `IFLA_BROADCAST`: the link-layer broadcast address.
        broadcast: Option<Vec<u8>> = bytes(m.broadcast()?),
        /// `IFLA_PERM_ADDRESS`: the permanent hardware address.
        perm_address: Option<Vec<u8>> = bytes(m.perm_address()?),
        /// `IFLA_MASTER`: the index of the bridge or bond this link is enslaved to.
        master: Option<u32> = m.master()?,
        /// `IFLA_LINK`: the lower (parent) link's index, in the namespace `link_netnsid` names
        /// when that is set.
        link: Option<u32> = m.link()?,
        /// `IFLA_LINK_NETNSID`: the namespace id of the peer's or lower link's namespace.
        link_netnsid: Option<i32> = m.link_netnsid()?,
        /// `IFLA_TXQLEN`.
        txqlen: Option<u32> = m.txqlen()?,
        /// `IFLA_QDISC`: the root qdisc's name.
        qdisc: Option<String> = owned(m.qdisc()?),
        /// `IFLA_IFALIAS`.
        alias: Option<String> = owned(m.ifalias()?),
        /// `IFLA_INFO_KIND` in `IFLA_LINKINFO` (`"veth"`, `"bridge"`); `None` for `lo` and NICs.
        kind: Option<String> = owned(m.kind()?),
        /// `IFLA_INFO_SLAVE_KIND` in `IFLA_LINKINFO`: the master's kind on a port.
        slave_kind: Option<String> = owned(m.slave_kind()?),
        /// `IFLA_PROP_LIST` / `IFLA_ALT_IFNAME`: alternative names.
        alt_names: Vec<String> = m
                    .alt_names()?
                    .map(|n| n.map(str::to_owned))
                    .collect::<netlink_wire::Result<_>>()?,
        /// `IFLA_GROUP`.
        group: Option<u32> = m.group()?,
        /// `IFLA_PROMISCUITY`: the promiscuity count.
        promiscuity: Option<u32> = m.promiscuity()?,
        /// `IFLA_ALLMULTI`: the all-multicast count.
        allmulti: Option<u32> = m.allmulti()?,
        /// `IFLA_NUM_TX_QUEUES`.
        num_tx_queues: Option<u32> = m.num_tx_queues()?,
        /// `IFLA_NUM_RX_QUEUES`.
        num_rx_queues: Option<u32> = m.num_rx_queues()?,
        /// `IFLA_CARRIER`.
        carrier: Option<bool> = m.carrier()?.map(|c| c != 0),
        /// `IFLA_CARRIER_CHANGES`.
        carrier_changes: Option<u32> = m.carrier_changes()?,
        /// `IFLA_PROTO_DOWN`.
        proto_down: Option<bool> = m.proto_down()?.map(|p| p != 0),
        /// `IFLA_GSO_MAX_SIZE`.
        gso_max_size: Option<u32> = m.gso_max_size()?,
        /// `IFLA_GSO_MAX_SEGS`.
        gso_max_segs: Option<u32> = m.gso_max_segs()?,
        /// `IFLA_GRO_MAX_SIZE`.
        gro_max_size: Option<u32> = m.gro_max_size()?,
        /// `IFLA_TSO_MAX_SIZE`.
        tso_max_size: Option<u32> = m.tso_max_size()?,
        /// `IFLA_TSO_MAX_SEGS`.
        tso_max_segs: Option<u32> = m.tso_max_segs()?,
        /// `IFLA_PARENT_DEV_NAME`.
        parent_dev_name: Option<String> = owned(m.parent_dev_name()?),
        /// `IFLA_PARENT_DEV_BUS_NAME`.
        parent_dev_bus_name: Option<String> = owned(m.parent_dev_bus_name()?),
        /// `IFLA_STATS64`.
        stats64: Option<LinkStats> = m.stats64()?.map(|s| LinkStats::from(s.get())),
        /// `IFLA_INET6_TOKEN` in the `AF_INET6` nest of `IFLA_AF_SPEC`: the IPv6 interface
        /// identifier token (`ip token`), `::` when none is set; `None` for a link without
        /// IPv6 (and in `AF_BRIDGE` messages, whose `IFLA_AF_SPEC` is the bridge's).
        inet6_token: Option<Ipv6Addr> = inet6_token(m)?,
    }
    from(m: LinkMsg) {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        let bytes = |b: Option<&[u8]>| b.map(<[u8]>::to_vec);
    }
}

/// [`Link::inet6_token`] of `m`.
fn inet6_token(m: &LinkMsg<'_>) -> netlink_wire::Result<Option<Ipv6Addr>> {
    if m.family() == AddressFamily::BRIDGE {
        return Ok(None);
    }
    match m.af_spec()? {
        Some(spec) => Ok(spec.inet6()?.map(|i| i.token()).transpose()?.flatten()),
        None => Ok(None),
    }
}

impl Link {
    /// Whether the link is administratively up (`IFF_UP`).
    #[must_use]
    pub fn is_up(&self) -> bool {
        self.flags.contains(IfFlags::UP)
    }

    /// The link-layer address as `ip` prints it (`02:00:00:00:00:01`).
    #[must_use]
    pub fn address_string(&self) -> Option<String> {
        self.address.as_deref().map(hw_address_string)
    }
}

/// Formats a link-layer address as `ip` prints it: lowercase hex bytes joined by `:`.
#[must_use]
pub fn hw_address_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(3));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{b:02x}");
    }
    s
}

settable! {
    /// Which links [`Connection::links`] returns. The kernel filters on `master` and `kind`
    /// itself; every field is also checked here.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct LinkFilter {
        /// Only ports of this master (`IFLA_MASTER`).
        master: Option<u32>,
        /// Only links of this kind (`IFLA_INFO_KIND`, `"veth"`).
        kind: Option<String>,
        /// Only links with all of these flags (e.g. [`IfFlags::UP`]).
        flags: IfFlags,
        /// `IFLA_TARGET_NETNSID`: list the links of the namespace with this id (as the
        /// connection's namespace numbers its peers) instead of the connection's own.
        target_netnsid: Option<i32>,
    }
}

impl LinkFilter {
    fn matches(&self, l: &LinkMsg<'_>) -> Result<bool> {
        if self.master.is_some() && l.master()? != self.master {
            return Ok(false);
        }
        if let Some(k) = &self.kind
            && l.kind()? != Some(k.as_str())
        {
            return Ok(false);
        }
        Ok(l.flags().contains(self.flags))
    }
}

settable! {
    /// A link to create with [`Connection::add_link_with`] (`ip link add`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LinkRequest {
        /// `IFLA_IFNAME`: at most 15 bytes, without `/`, `:` or whitespace.
        fixed name: String,
        /// The kind and its settings (`IFLA_LINKINFO`).
        fixed kind: LinkKind,
        /// `IFLA_MTU`.
        mtu: Option<u32>,
        /// `IFLA_ADDRESS`: the link-layer address.
        address: Option<Vec<u8>>,
        /// `IFLA_MASTER`: enslave it to this bridge or bond at once.
        master: Option<u32>,
        /// `IFLA_LINK`: the lower link; kinds that name a parent (macvlan, vlan) send theirs.
        link: Option<u32>,
        /// `IFLA_TXQLEN`.
        txqlen: Option<u32>,
        /// `IFLA_GROUP`.
        group: Option<u32>,
        /// Bring it up at once (`IFF_UP`).
        up: bool,
    }
}

impl LinkRequest {
    /// A link named `name` of `kind`, with everything else default.
    #[must_use]
    pub fn new(name: &str, kind: LinkKind) -> Self {
        LinkRequest {
            name: name.to_owned(),
            kind,
            mtu: None,
            address: None,
            master: None,
            link: None,
            txqlen: None,
            group: None,
            up: false,
        }
    }

    /// `IFLA_LINK`: the request's own, or the parent the kind names.
    fn lower(&self) -> Option<u32> {
        self.link.or(self.kind.link_attr())
    }
}

impl Request for LinkRequest {
    type Object = Link;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        validate_name(&self.name)?;
        self.kind.validate()?;
        if let (Some(a), Some(b)) = (self.link, self.kind.link_attr())
            && a != b
        {
            return Err(invalid(format!(
                "lower link {a} differs from the kind's parent {b}"
            )));
        }
        if let Some(a) = &self.address {
            validate_address(a)?;
        }
        for (what, v) in [("master", self.master), ("lower link", self.link)] {
            if let Some(i) = v {
                validate_index(i).map_err(|_| invalid(format!("{what} index {i} is invalid")))?;
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
        let mut hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 0);
        if self.up {
            hdr = hdr.with_flags(IfFlags::UP, IfFlags::UP);
        }
        let mut b = LinkMsg::builder(buf, t, flags, &hdr)?;
        // The order `ip link add` writes them in, so that the bytes can be compared.
        b.put_some(Ifla::MTU, self.mtu);
        b.put_some(Ifla::TXQLEN, self.txqlen);
        b.put_some(Ifla::ADDRESS, self.address.as_deref());
        b.put_some(Ifla::GROUP, self.group);
        b.put_some(Ifla::MASTER, self.master);
        b.put_some(Ifla::LINK, self.lower());
        b.put_str(Ifla::IFNAME, &self.name);
        self.kind.write(&mut b);
        b.finish()
    }
}

settable! {
    /// Changes to an existing link, sent as ONE `RTM_NEWLINK` request (without `NLM_F_CREATE`, as
    /// `ip link set` sends it) by [`Connection::set_link`], so that a refusal leaves the link as
    /// it was instead of half changed. Unset fields are left alone.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct LinkChange {
        /// The link to change.
        fixed index: u32,
        /// `IFF_UP`: bring it up (`true`) or down (`false`).
        up: Option<bool>,
        /// `IFF_NOARP` cleared (`true`, `arp on`) or set (`false`, `arp off`).
        arp: Option<bool>,
        /// `IFF_MULTICAST`.
        multicast: Option<bool>,
        /// `IFF_ALLMULTI`.
        allmulticast: Option<bool>,
        /// `IFF_PROMISC`.
        promisc: Option<bool>,
        /// `IFF_DYNAMIC`.
        dynamic: Option<bool>,
        /// `IFF_NOTRAILERS` cleared (`true`, `trailers on`) or set (`false`, `trailers off`).
        trailers: Option<bool>,
        /// `IFLA_IFNAME`: a new name (the kernel refuses while the link is up).
        name: Option<String>,
        /// `IFLA_MTU`.
        mtu: Option<u32>,
        /// `IFLA_ADDRESS`: the link-layer address.
        address: Option<Vec<u8>>,
        /// `IFLA_BROADCAST`: the link-layer broadcast address.
        broadcast: Option<Vec<u8>>,
        /// `IFLA_MASTER`: enslave to this bridge or bond; 0 releases it (`nomaster`).
        master: Option<u32>,
        /// `IFLA_TXQLEN`.
        txqlen: Option<u32>,
        /// `IFLA_IFALIAS`: the alias; an empty one removes it.
        alias: Option<String>,
        /// `IFLA_GROUP`.
        group: Option<u32>,
        /// `IFLA_NET_NS_FD`: move to the network namespace open as this descriptor.
        fixed netns_fd: Option<u32>,
        /// `IFLA_NET_NS_PID`: move to the network namespace of this process.
        netns_pid: Option<u32>,
        /// `IFLA_GSO_MAX_SIZE`.
        gso_max_size: Option<u32>,
        /// `IFLA_GSO_MAX_SEGS`.
        gso_max_segs: Option<u32>,
        /// `IFLA_GRO_MAX_SIZE`.
        gro_max_size: Option<u32>,
        /// `IFLA_CARRIER`: the carrier, for the drivers that let it be set.
        carrier: Option<bool>,
        /// `IFLA_PROTO_DOWN`.
        proto_down: Option<bool>,
        /// `IFLA_OPERSTATE` (`ip link set DEV state UP`).
        operstate: Option<OperState>,
        /// `IFLA_LINKMODE` (`ip link set DEV mode dormant`).
        link_mode: Option<LinkMode>,
        /// `IFLA_INET6_ADDR_GEN_MODE` in the `AF_INET6` nest of `IFLA_AF_SPEC`.
        addr_gen_mode: Option<AddrGenMode>,
        /// `IFLA_INET6_TOKEN` in the `AF_INET6` nest of `IFLA_AF_SPEC`: the IPv6 interface
        /// identifier token (`ip token set`; `::` removes it, `ip token del`). The kernel
        /// refuses it on a loopback link and on one that does not accept router advertisements.
        token: Option<Ipv6Addr>,
        /// Detaches the XDP program (`ip link set DEV xdp off`): `IFLA_XDP_FD` -1 in `IFLA_XDP`,
        /// with these `IFLA_XDP_FLAGS` (left out when empty).
        xdp_off: Option<XdpFlags>,
        /// `IFLA_TARGET_NETNSID`: move to the namespace with this id (as the connection's
        /// namespace numbers its peers).
        netns_id: Option<i32>,
        /// `IFLA_LINKINFO`: the link's kind with settings to change (`ip link set DEV type KIND
        /// ARGS`), written last, as `ip` writes it. The kernel refuses settings for a kind other
        /// than the link's with `EOPNOTSUPP`.
        kind: Option<LinkKind>,
    }
}

impl LinkChange {
    /// No change yet to link `index`.
    #[must_use]
    pub fn new(index: u32) -> Self {
        LinkChange {
            index,
            ..LinkChange::default()
        }
    }

    /// Moves the link to the network namespace open as `netns` (`IFLA_NET_NS_FD`), such as a
    /// [`NetNs`](netlink_socket::NetNs) or an open `/run/netns/NAME`; the descriptor must stay
    /// open until the request is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a descriptor that is negative.
    pub fn netns(mut self, netns: impl AsFd) -> Result<Self> {
        let fd = netns.as_fd().as_raw_fd();
        self.netns_fd =
            Some(u32::try_from(fd).map_err(|_| invalid(format!("bad descriptor {fd}")))?);
        Ok(self)
    }

    /// `ifi_flags` and `ifi_change`: the flags to set and the mask of those to change.
    fn flags(&self) -> (IfFlags, IfFlags) {
        let mut flags = IfFlags::EMPTY;
        let mut mask = IfFlags::EMPTY;
        for (setting, bit, inverted) in [
            (self.up, IfFlags::UP, false),
            (self.arp, IfFlags::NOARP, true),
            (self.multicast, IfFlags::MULTICAST, false),
            (self.allmulticast, IfFlags::ALLMULTI, false),
            (self.promisc, IfFlags::PROMISC, false),
            (self.dynamic, IfFlags::DYNAMIC, false),
            (self.trailers, IfFlags::NOTRAILERS, true),
        ] {
            if let Some(on) = setting {
                mask |= bit;
                if on != inverted {
                    flags |= bit;
                }
            }
        }
        (flags, mask)
    }
}

impl Request for LinkChange {
    type Object = Link;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        validate_index(self.index)?;
        if t == RTM_DELLINK {
            return Ok(());
        }
        if let Some(n) = &self.name {
            validate_name(n)?;
        }
        for a in [&self.address, &self.broadcast].into_iter().flatten() {
            validate_address(a)?;
        }
        if let Some(m) = self.master
            && m != 0
        {
            validate_index(m)?;
        }
        if let Some(a) = &self.alias
            && a.len() > 255
        {
            return Err(invalid(format!("alias {a:?} is longer than 255 bytes")));
        }
        let targets = [
            self.netns_fd.is_some(),
            self.netns_pid.is_some(),
            self.netns_id.is_some(),
        ];
        if targets.iter().filter(|&&t| t).count() > 1 {
            return Err(invalid(
                "a link moves to one namespace: a descriptor, a pid or an id",
            ));
        }
        if let Some(k) = &self.kind {
            k.validate()?;
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let (f, mask) = if t == RTM_DELLINK {
            (IfFlags::EMPTY, IfFlags::EMPTY)
        } else {
            self.flags()
        };
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, self.index).with_flags(f, mask);
        let mut b = LinkMsg::builder(buf, t, flags, &hdr)?;
        if t != RTM_DELLINK {
            b.put_some(Ifla::IFNAME, self.name.as_deref());
            b.put_some(Ifla::MTU, self.mtu);
            b.put_some(Ifla::ADDRESS, self.address.as_deref());
            b.put_some(Ifla::BROADCAST, self.broadcast.as_deref());
            b.put_some(Ifla::MASTER, self.master);
            b.put_some(Ifla::TXQLEN, self.txqlen);
            b.put_some(Ifla::IFALIAS, self.alias.as_deref());
            b.put_some(Ifla::GROUP, self.group);
            b.put_some(Ifla::NET_NS_FD, self.netns_fd);
            b.put_some(Ifla::NET_NS_PID, self.netns_pid);
            b.put_some(Ifla::TARGET_NETNSID, self.netns_id);
            b.put_some(Ifla::GSO_MAX_SIZE, self.gso_max_size);
            b.put_some(Ifla::GSO_MAX_SEGS, self.gso_max_segs);
            b.put_some(Ifla::GRO_MAX_SIZE, self.gro_max_size);
            b.put_some(Ifla::CARRIER, self.carrier.map(u8::from));
            b.put_some(Ifla::PROTO_DOWN, self.proto_down.map(u8::from));
            b.put_some(Ifla::OPERSTATE, self.operstate.map(|s| s.0));
            b.put_some(Ifla::LINKMODE, self.link_mode.map(|m| m.0));
            if self.addr_gen_mode.is_some() || self.token.is_some() {
                let mut spec = b.nest(Ifla::AF_SPEC);
                let mut inet6 = spec.nest(IflaAf::INET6);
                if let Some(t) = self.token {
                    inet6.put(IflaInet6::TOKEN, &t.octets());
                }
                if let Some(mode) = self.addr_gen_mode {
                    inet6.put_u8(IflaInet6::ADDR_GEN_MODE, mode.0);
                }
            }
            if let Some(f) = self.xdp_off {
                let mut xdp = b.nest(Ifla::XDP);
                xdp.put_i32(IflaXdp::FD, -1);
                if !f.is_empty() {
                    xdp.put_u32(IflaXdp::FLAGS, f.bits());
                }
            }
            if let Some(k) = &self.kind {
                k.write_linkinfo(&mut b);
            }
        }
        b.finish()
    }
}

/// What identifies a link for [`Connection::get`]: its index, or its name (or an alternative
/// name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKey {
    /// `ifi_index`.
    Index(u32),
    /// `IFLA_IFNAME`, or `IFLA_ALT_IFNAME` for an alternative name longer than 15 bytes.
    Name(String),
}

impl Object for Link {
    type View<'a> = LinkMsg<'a>;
    type Filter = LinkFilter;
    const NEW: MessageType = RTM_NEWLINK;
    const DEL: MessageType = RTM_DELLINK;
    const GET: MessageType = RTM_GETLINK;

    fn dump_request(filter: &LinkFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // A strict link dump takes no index, type or flags in the header; it filters on
        // IFLA_MASTER and the kind in IFLA_LINKINFO.
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, 0);
        let mut b = LinkMsg::builder(buf, RTM_GETLINK, Flags::EMPTY, &hdr)?;
        b.put_some(Ifla::MASTER, filter.master);
        b.put_some(Ifla::TARGET_NETNSID, filter.target_netnsid);
        if let Some(k) = &filter.kind {
            let mut info = b.nest(Ifla::LINKINFO);
            info.put_str(IflaInfo::KIND, k);
        }
        b.finish()
    }

    fn matches(filter: &LinkFilter, l: &LinkMsg<'_>) -> Result<bool> {
        filter.matches(l)
    }

    fn from_view(l: &LinkMsg<'_>) -> Result<Link> {
        Link::from_msg(l)
    }
}

impl Lookup<LinkKey> for Link {
    fn get_request(key: &LinkKey, buf: &mut Vec<u8>) -> Result<()> {
        write_get(key, None, buf)
    }
}

/// The `RTM_GETLINK` request for `key`, in the namespace with id `netnsid` when given
/// (`IFLA_TARGET_NETNSID`).
pub(crate) fn write_get(key: &LinkKey, netnsid: Option<i32>, buf: &mut Vec<u8>) -> Result<()> {
    let mut hdr = IfInfoMsg::default();
    if let LinkKey::Index(i) = key {
        hdr.ifi_index.set(validate_index(*i)?);
    }
    let mut b = LinkMsg::builder(buf, RTM_GETLINK, Flags::EMPTY, &hdr)?;
    if let LinkKey::Name(name) = key {
        validate_name_max(name, MAX_ALT_NAME)?;
        // IFLA_IFNAME takes at most 15 bytes; longer alternative names go in
        // IFLA_ALT_IFNAME.
        let kind = if name.len() < link::IFNAMSIZ {
            Ifla::IFNAME
        } else {
            Ifla::ALT_IFNAME
        };
        b.put_str(kind, name);
    }
    b.put_some(Ifla::TARGET_NETNSID, netnsid);
    b.finish().map_err(Error::Encode)?;
    Ok(())
}

named_ops! { Link, LinkChange;
    list links "Every link matching `filter` (`ip link show`).";
    for_each for_each_link "Every link matching `filter`, streamed through `f` as borrowed views in constant memory.";
}

/// Checks an interface name as the kernel's `dev_valid_name` does, before anything is sent.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the bad name: empty, longer than 15 bytes (`IFNAMSIZ` - 1),
/// `.` or `..`, or containing `/`, `:`, NUL or whitespace.
pub fn validate_name(name: &str) -> Result<()> {
    validate_name_max(name, link::IFNAMSIZ.saturating_sub(1))
}

pub(crate) fn validate_name_max(name: &str, max: usize) -> Result<()> {
    if name.is_empty() {
        return Err(invalid("an interface name cannot be empty"));
    }
    if name.len() > max {
        return Err(invalid(format!(
            "interface name {name:?} is longer than {max} bytes"
        )));
    }
    if name == "." || name == ".." {
        return Err(invalid(format!("interface name {name:?} is not allowed")));
    }
    if let Some(c) = name
        .chars()
        .find(|c| *c == '/' || *c == ':' || *c == '\0' || c.is_whitespace())
    {
        return Err(invalid(format!(
            "interface name {name:?} contains {c:?}, which the kernel refuses"
        )));
    }
    Ok(())
}

pub(crate) fn validate_index(index: u32) -> Result<i32> {
    match i32::try_from(index) {
        Ok(i) if i > 0 => Ok(i),
        _ => Err(invalid(format!("interface index {index} is invalid"))),
    }
}

fn validate_address(a: &[u8]) -> Result<()> {
    if a.is_empty() || a.len() > 32 {
        return Err(invalid(format!(
            "a link-layer address of {} bytes is invalid",
            a.len()
        )));
    }
    Ok(())
}

impl Connection {
    /// The link named `name` (its name or an alternative name), or `None` when there is none
    /// (`ip link show dev NAME`). One `RTM_GETLINK` request, no dump.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a name the kernel could never hold; a kernel or decode
    /// error.
    pub fn link_by_name(&self, name: &str) -> Result<Option<Link>> {
        self.get::<Link, _>(&LinkKey::Name(name.to_owned()))
    }

    /// The link with interface index `index`, or `None` when there is none.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for index 0 or above `i32::MAX`; a kernel or decode error.
    pub fn link_by_index(&self, index: u32) -> Result<Option<Link>> {
        self.get::<Link, _>(&LinkKey::Index(index))
    }

    /// The interface index of `name` (`if_nametoindex`).
    ///
    /// # Errors
    /// [`Error::Kernel`] with `ENODEV` and a message naming the interface when there is none;
    /// [`Error::InvalidArgument`] for an impossible name.
    pub fn link_index(&self, name: &str) -> Result<u32> {
        match self.link_by_name(name)? {
            Some(l) => Ok(l.index),
            None => Err(Error::Kernel(
                KernelError::new(Errno::NODEV).with_message(format!("no interface named {name:?}")),
            )),
        }
    }

    /// Creates link `name` of `kind` (`ip link add NAME type KIND`); fails with `EEXIST` if a
    /// link of that name exists.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad name before anything is sent; the kernel's error
    /// otherwise (`EOPNOTSUPP` for a kind this kernel lacks).
    pub fn add_link(&self, name: &str, kind: &LinkKind) -> Result<()> {
        self.add(&LinkRequest::new(name, kind.clone()))
    }

    /// Creates a link with the settings of `req` in one request.
    ///
    /// # Errors
    /// As [`Connection::add_link`].
    pub fn add_link_with(&self, req: &LinkRequest) -> Result<()> {
        self.add(req)
    }

    /// Changes link `change.index` in one request (`ip link set`): flags, name, MTU,
    /// addresses, master, queue length, alias, group and namespace together, so that a
    /// refusal changes nothing. The kernel refuses `NLM_F_REPLACE` on a link, so this sends
    /// none (unlike [`Connection::change`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad change before anything is sent; the kernel's
    /// error otherwise (`ENODEV`, `EBUSY` for a rename while up).
    pub fn set_link(&self, change: &LinkChange) -> Result<()> {
        self.send(change, RTM_NEWLINK, Flags::EMPTY)
    }

    /// Brings a link up (`ip link set dev X up`).
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_up(&self, index: u32) -> Result<()> {
        self.set_link(&LinkChange::new(index).up(true))
    }

    /// Takes a link down (`ip link set dev X down`).
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_down(&self, index: u32) -> Result<()> {
        self.set_link(&LinkChange::new(index).up(false))
    }

    /// Sets the MTU (`IFLA_MTU`).
    ///
    /// # Errors
    /// As [`Connection::set_link`]; `EINVAL` outside the device's min/max MTU.
    pub fn set_link_mtu(&self, index: u32, mtu: u32) -> Result<()> {
        self.set_link(&LinkChange::new(index).mtu(mtu))
    }

    /// Renames a link (`IFLA_IFNAME`); the kernel refuses (`EBUSY`) while it is up.
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_name(&self, index: u32, name: &str) -> Result<()> {
        self.set_link(&LinkChange::new(index).name(name.to_owned()))
    }

    /// Sets the link-layer address (`IFLA_ADDRESS`).
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_address(&self, index: u32, address: &[u8]) -> Result<()> {
        self.set_link(&LinkChange::new(index).address(address.to_vec()))
    }

    /// Enslaves a link to a bridge or bond (`ip link set dev X master M`).
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_master(&self, index: u32, master: u32) -> Result<()> {
        validate_index(master)?;
        self.set_link(&LinkChange::new(index).master(master))
    }

    /// Releases a link from its master (`ip link set dev X nomaster`: `IFLA_MASTER` 0).
    ///
    /// # Errors
    /// As [`Connection::set_link`].
    pub fn set_link_nomaster(&self, index: u32) -> Result<()> {
        self.set_link(&LinkChange::new(index).master(0))
    }

    /// Moves a link to the network namespace open as `netns` (`IFLA_NET_NS_FD`), such as a
    /// [`NetNs`](netlink_socket::NetNs) or a `/run/netns/NAME` file. The link usually keeps
    /// its index there unless another link has it.
    ///
    /// # Errors
    /// As [`Connection::set_link`]; `EINVAL` for a descriptor that is no namespace.
    pub fn set_link_netns_fd(&self, index: u32, netns: impl AsFd) -> Result<()> {
        self.set_link(&LinkChange::new(index).netns(netns)?)
    }

    /// Moves a link to the network namespace of process `pid` (`IFLA_NET_NS_PID`).
    ///
    /// # Errors
    /// As [`Connection::set_link`]; `ESRCH` when there is no such process.
    pub fn set_link_netns_pid(&self, index: u32, pid: u32) -> Result<()> {
        self.set_link(&LinkChange::new(index).netns_pid(pid))
    }

    /// Deletes a link (`ip link del`); deleting one end of a veth pair deletes both.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for index 0; the kernel's error (`ENODEV`) otherwise.
    pub fn delete_link(&self, index: u32) -> Result<()> {
        self.delete(&LinkChange::new(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::ADD;

    #[test]
    fn names_are_checked_like_the_kernel() {
        assert!(validate_name("veth0").is_ok());
        assert!(validate_name("a23456789012345").is_ok());
        let long = validate_name("a234567890123456").unwrap_err();
        assert_eq!(
            long.to_string(),
            "invalid argument: interface name \"a234567890123456\" is longer than 15 bytes"
        );
        for bad in ["", ".", "..", "a/b", "a b", "a:1", "tab\t"] {
            assert!(
                matches!(validate_name(bad), Err(Error::InvalidArgument(_))),
                "{bad:?}"
            );
        }
        assert!(validate_index(0).is_err());
        assert!(validate_index(u32::MAX).is_err());
        assert_eq!(validate_index(7).unwrap(), 7);
    }

    #[test]
    fn addresses_print_like_ip() {
        assert_eq!(
            hw_address_string(&[2, 0, 0, 0, 0, 0xab]),
            "02:00:00:00:00:ab"
        );
        assert_eq!(hw_address_string(&[]), "");
    }

    #[test]
    fn add_builds_what_ip_link_add_sends() {
        // `ip link add br9 mtu 1400 txqlen 500 address 02:00:00:00:00:99 up type bridge`, as
        // strace showed it after the nlmsghdr (flags REQUEST|ACK|CREATE|EXCL).
        let expected: [u8; 68] = [
            0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, // ifinfomsg: IFF_UP / IFF_UP
            8, 0, 4, 0, 0x78, 5, 0, 0, // IFLA_MTU 1400
            8, 0, 0x0d, 0, 0xf4, 1, 0, 0, // IFLA_TXQLEN 500
            10, 0, 1, 0, 2, 0, 0, 0, 0, 0x99, 0, 0, // IFLA_ADDRESS
            8, 0, 3, 0, b'b', b'r', b'9', 0, // IFLA_IFNAME
            16, 0, 0x12, 0, 10, 0, 1, 0, b'b', b'r', b'i', b'd', b'g', b'e', 0, 0, // LINKINFO
        ];
        let mut req = LinkRequest::new("br9", LinkKind::Bridge);
        req.mtu = Some(1400);
        req.txqlen = Some(500);
        req.address = Some(vec![2, 0, 0, 0, 0, 0x99]);
        req.up = true;
        let mut buf = Vec::new();
        req.build(&mut buf, RTM_NEWLINK, ADD).unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = netlink_wire::Msg::parse(&buf).unwrap();
        assert_eq!(LinkMsg::parse(m).unwrap().kind().unwrap(), Some("bridge"));
        assert_eq!(m.flags(), ADD);
        assert_eq!(m.message_type(), RTM_NEWLINK);
    }

    #[test]
    fn lower_link_goes_before_the_name_as_ip_sends_it() {
        // `ip link add link v0 name mvx type macvlan` with v0 at index 3: IFLA_LINK, then
        // IFLA_IFNAME, then IFLA_LINKINFO (ip leaves the NUL out of IFLA_INFO_KIND).
        let expected: [u8; 48] = [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
            8, 0, 5, 0, 3, 0, 0, 0, // IFLA_LINK 3
            8, 0, 3, 0, b'm', b'v', b'x', 0, // IFLA_IFNAME
            16, 0, 0x12, 0, 11, 0, 1, 0, b'm', b'a', b'c', b'v', b'l', b'a', b'n', 0,
        ];
        let req = LinkRequest::new(
            "mvx",
            LinkKind::Macvlan {
                parent: 3,
                mode: None,
            },
        );
        req.validate(RTM_NEWLINK, ADD).unwrap();
        let mut buf = Vec::new();
        req.build(&mut buf, RTM_NEWLINK, ADD).unwrap();
        assert_eq!(&buf[16..], &expected);
        let l = LinkMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(l.kind().unwrap(), Some("macvlan"));
        let mut both = req.clone();
        both.link = Some(4);
        assert!(matches!(
            both.validate(RTM_NEWLINK, ADD),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn set_builds_what_ip_link_set_sends() {
        // `ip link set dev X master Y` with X at index 2 and Y at index 9 (`nomaster`: 0).
        let expected: [u8; 24] = [
            0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0x0a, 0, 9, 0, 0, 0,
        ];
        let mut buf = Vec::new();
        LinkChange::new(2)
            .master(9)
            .build(&mut buf, RTM_NEWLINK, Flags::EMPTY)
            .unwrap();
        assert_eq!(&buf[16..], &expected);
        assert_eq!(
            netlink_wire::Msg::parse(&buf).unwrap().flags(),
            Flags::EMPTY
        );
    }

    #[test]
    fn strict_dump_request_filters_on_master_and_kind() {
        let mut bytes = Vec::new();
        Link::dump_request(
            &LinkFilter::default().master(4).kind("veth".into()),
            &mut bytes,
        )
        .unwrap();
        let m = netlink_wire::Msg::parse(&bytes).unwrap();
        let l = LinkMsg::parse(m).unwrap();
        assert_eq!(l.index(), 0);
        assert_eq!(l.master().unwrap(), Some(4));
        assert_eq!(l.kind().unwrap(), Some("veth"));
    }

    #[test]
    fn a_broken_frame_fails_the_owned_conversion() {
        // veth1 of the captured dump (a bridge port), with each attribute's nla_len broken in
        // turn: the conversion fails with that attribute's framing error, whatever field it
        // would have held, instead of leaving the fields after it empty.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../netlink-wire/testdata/link_dump.bin"
        );
        let dump = std::fs::read(path).unwrap();
        let m = netlink_wire::Messages::new(&dump).nth(1).unwrap().unwrap();
        let msg = &dump[m.offset()..m.offset() + m.header().len() as usize];
        let whole = Link::from_msg(&LinkMsg::parse(m).unwrap()).unwrap();
        assert_eq!(whole.name, "veth1");
        let offsets: Vec<usize> = LinkMsg::parse(m)
            .unwrap()
            .attrs()
            .map(|a| a.unwrap().offset())
            .collect();
        assert!(offsets.len() > 30);
        for at in offsets {
            let mut bytes = msg.to_vec();
            bytes[at..at + 2].copy_from_slice(&0xfff0u16.to_ne_bytes());
            let l = LinkMsg::parse(netlink_wire::Msg::parse(&bytes).unwrap()).unwrap();
            match Link::from_msg(&l) {
                Err(Error::Decode(netlink_wire::Error::BadLength { offset, .. })) => {
                    assert_eq!(offset, at);
                }
                other => panic!("nla_len at {at} broken: {other:?}"),
            }
        }
    }
}
