//! Links: list, look up, create, change, move and delete network interfaces.
//!
//! `ip link show` is [`Connection::links`]; `ip link add` is [`Connection::add_link`] (with a
//! [`LinkKind`] from [`crate::ops::link_kind`]); `ip link set` is [`Connection::set_link`]
//! with a [`LinkChange`] (every change in one request), or one of the `set_link_*`
//! shorthands; `ip link del` is [`Connection::delete_link`].

use std::os::fd::{AsFd, AsRawFd};

use netlink_wire::rtnl::link::{
    self, IfFlags, IfInfoMsg, Ifla, IflaInfo, LinkMode, LinkMsg, LinkType, OperState,
    RtnlLinkStats64,
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

/// Interface counters (`IFLA_STATS64`, `struct rtnl_link_stats64`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkStats {
    /// `rx_packets`: good packets received.
    pub rx_packets: u64,
    /// `tx_packets`: packets transmitted.
    pub tx_packets: u64,
    /// `rx_bytes`: good bytes received.
    pub rx_bytes: u64,
    /// `tx_bytes`: bytes transmitted.
    pub tx_bytes: u64,
    /// `rx_errors`: bad packets received.
    pub rx_errors: u64,
    /// `tx_errors`: transmit problems.
    pub tx_errors: u64,
    /// `rx_dropped`: packets received but dropped.
    pub rx_dropped: u64,
    /// `tx_dropped`: packets dropped on their way out.
    pub tx_dropped: u64,
    /// `multicast`: multicast packets received.
    pub multicast: u64,
    /// `collisions`.
    pub collisions: u64,
    /// `rx_length_errors`.
    pub rx_length_errors: u64,
    /// `rx_over_errors`.
    pub rx_over_errors: u64,
    /// `rx_crc_errors`.
    pub rx_crc_errors: u64,
    /// `rx_frame_errors`.
    pub rx_frame_errors: u64,
    /// `rx_fifo_errors`.
    pub rx_fifo_errors: u64,
    /// `rx_missed_errors`.
    pub rx_missed_errors: u64,
    /// `tx_aborted_errors`.
    pub tx_aborted_errors: u64,
    /// `tx_carrier_errors`.
    pub tx_carrier_errors: u64,
    /// `tx_fifo_errors`.
    pub tx_fifo_errors: u64,
    /// `tx_heartbeat_errors`.
    pub tx_heartbeat_errors: u64,
    /// `tx_window_errors`.
    pub tx_window_errors: u64,
    /// `rx_compressed`.
    pub rx_compressed: u64,
    /// `tx_compressed`.
    pub tx_compressed: u64,
    /// `rx_nohandler`: packets no protocol handled.
    pub rx_nohandler: u64,
    /// `rx_otherhost_dropped`: packets for another host's MAC (0 on kernels before 5.19).
    pub rx_otherhost_dropped: u64,
}

impl From<RtnlLinkStats64> for LinkStats {
    fn from(s: RtnlLinkStats64) -> LinkStats {
        LinkStats {
            rx_packets: s.rx_packets.get(),
            tx_packets: s.tx_packets.get(),
            rx_bytes: s.rx_bytes.get(),
            tx_bytes: s.tx_bytes.get(),
            rx_errors: s.rx_errors.get(),
            tx_errors: s.tx_errors.get(),
            rx_dropped: s.rx_dropped.get(),
            tx_dropped: s.tx_dropped.get(),
            multicast: s.multicast.get(),
            collisions: s.collisions.get(),
            rx_length_errors: s.rx_length_errors.get(),
            rx_over_errors: s.rx_over_errors.get(),
            rx_crc_errors: s.rx_crc_errors.get(),
            rx_frame_errors: s.rx_frame_errors.get(),
            rx_fifo_errors: s.rx_fifo_errors.get(),
            rx_missed_errors: s.rx_missed_errors.get(),
            tx_aborted_errors: s.tx_aborted_errors.get(),
            tx_carrier_errors: s.tx_carrier_errors.get(),
            tx_fifo_errors: s.tx_fifo_errors.get(),
            tx_heartbeat_errors: s.tx_heartbeat_errors.get(),
            tx_window_errors: s.tx_window_errors.get(),
            rx_compressed: s.rx_compressed.get(),
            tx_compressed: s.tx_compressed.get(),
            rx_nohandler: s.rx_nohandler.get(),
            rx_otherhost_dropped: s.rx_otherhost_dropped.get(),
        }
    }
}

/// A link as the kernel reports it (`RTM_NEWLINK`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Link {
    /// `ifi_index`.
    pub index: u32,
    /// `IFLA_IFNAME` (empty if the message had none; the kernel always sends it).
    pub name: String,
    /// `ifi_flags`.
    pub flags: IfFlags,
    /// `ifi_type`: the link type (`ether`, `loopback`, `none`).
    pub link_type: LinkType,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MIN_MTU`.
    pub min_mtu: Option<u32>,
    /// `IFLA_MAX_MTU`.
    pub max_mtu: Option<u32>,
    /// `IFLA_OPERSTATE`.
    pub operstate: Option<OperState>,
    /// `IFLA_LINKMODE`.
    pub link_mode: Option<LinkMode>,
    /// `IFLA_ADDRESS`: the link-layer address.
    pub address: Option<Vec<u8>>,
    /// `IFLA_BROADCAST`: the link-layer broadcast address.
    pub broadcast: Option<Vec<u8>>,
    /// `IFLA_PERM_ADDRESS`: the permanent hardware address.
    pub perm_address: Option<Vec<u8>>,
    /// `IFLA_MASTER`: the index of the bridge or bond this link is enslaved to.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the lower (parent) link's index, in the namespace `link_netnsid` names
    /// when that is set.
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the namespace id of the peer's or lower link's namespace.
    pub link_netnsid: Option<i32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_QDISC`: the root qdisc's name.
    pub qdisc: Option<String>,
    /// `IFLA_IFALIAS`.
    pub alias: Option<String>,
    /// `IFLA_INFO_KIND` in `IFLA_LINKINFO` (`"veth"`, `"bridge"`); `None` for `lo` and NICs.
    pub kind: Option<String>,
    /// `IFLA_INFO_SLAVE_KIND` in `IFLA_LINKINFO`: the master's kind on a port.
    pub slave_kind: Option<String>,
    /// `IFLA_PROP_LIST` / `IFLA_ALT_IFNAME`: alternative names.
    pub alt_names: Vec<String>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_PROMISCUITY`: the promiscuity count.
    pub promiscuity: Option<u32>,
    /// `IFLA_ALLMULTI`: the all-multicast count.
    pub allmulti: Option<u32>,
    /// `IFLA_NUM_TX_QUEUES`.
    pub num_tx_queues: Option<u32>,
    /// `IFLA_NUM_RX_QUEUES`.
    pub num_rx_queues: Option<u32>,
    /// `IFLA_CARRIER`.
    pub carrier: Option<bool>,
    /// `IFLA_CARRIER_CHANGES`.
    pub carrier_changes: Option<u32>,
    /// `IFLA_PROTO_DOWN`.
    pub proto_down: Option<bool>,
    /// `IFLA_GSO_MAX_SIZE`.
    pub gso_max_size: Option<u32>,
    /// `IFLA_GSO_MAX_SEGS`.
    pub gso_max_segs: Option<u32>,
    /// `IFLA_GRO_MAX_SIZE`.
    pub gro_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SIZE`.
    pub tso_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SEGS`.
    pub tso_max_segs: Option<u32>,
    /// `IFLA_PARENT_DEV_NAME`.
    pub parent_dev_name: Option<String>,
    /// `IFLA_PARENT_DEV_BUS_NAME`.
    pub parent_dev_bus_name: Option<String>,
    /// `IFLA_STATS64`.
    pub stats64: Option<LinkStats>,
}

impl Link {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute is malformed (its framing error, with its offset, even for a field
    /// it would not hold) or does not fit its type.
    pub fn from_msg(m: &LinkMsg<'_>) -> Result<Link> {
        m.check_frame()?;
        let owned = |s: Option<&str>| s.map(str::to_owned);
        let bytes = |b: Option<&[u8]>| b.map(<[u8]>::to_vec);
        Ok(Link {
            index: m.index(),
            name: m.name()?.unwrap_or_default().to_owned(),
            flags: m.flags(),
            link_type: m.link_type(),
            mtu: m.mtu()?,
            min_mtu: m.min_mtu()?,
            max_mtu: m.max_mtu()?,
            operstate: m.operstate()?,
            link_mode: m.link_mode()?,
            address: bytes(m.address()?),
            broadcast: bytes(m.broadcast()?),
            perm_address: bytes(m.perm_address()?),
            master: m.master()?,
            link: m.link()?,
            link_netnsid: m.link_netnsid()?,
            txqlen: m.txqlen()?,
            qdisc: owned(m.qdisc()?),
            alias: owned(m.ifalias()?),
            kind: owned(m.kind()?),
            slave_kind: owned(m.slave_kind()?),
            alt_names: m
                .alt_names()?
                .map(|n| n.map(str::to_owned))
                .collect::<netlink_wire::Result<_>>()?,
            group: m.group()?,
            promiscuity: m.promiscuity()?,
            allmulti: m.allmulti()?,
            num_tx_queues: m.num_tx_queues()?,
            num_rx_queues: m.num_rx_queues()?,
            carrier: m.carrier()?.map(|c| c != 0),
            carrier_changes: m.carrier_changes()?,
            proto_down: m.proto_down()?.map(|p| p != 0),
            gso_max_size: m.gso_max_size()?,
            gso_max_segs: m.gso_max_segs()?,
            gro_max_size: m.gro_max_size()?,
            tso_max_size: m.tso_max_size()?,
            tso_max_segs: m.tso_max_segs()?,
            parent_dev_name: owned(m.parent_dev_name()?),
            parent_dev_bus_name: owned(m.parent_dev_bus_name()?),
            stats64: m.stats64()?.map(|s| LinkStats::from(s.get())),
        })
    }

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
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Which links [`Connection::links`] returns. The kernel filters on `master` and `kind`
/// itself; every field is also checked here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkFilter {
    /// Only ports of this master (`IFLA_MASTER`).
    pub master: Option<u32>,
    /// Only links of this kind (`IFLA_INFO_KIND`, `"veth"`).
    pub kind: Option<String>,
    /// Only links with all of these flags (e.g. [`IfFlags::UP`]).
    pub flags: IfFlags,
    /// `IFLA_TARGET_NETNSID`: list the links of the namespace with this id (as the
    /// connection's namespace numbers its peers) instead of the connection's own.
    pub target_netnsid: Option<i32>,
}

setters!(LinkFilter {
    master: u32,
    kind: String,
    flags = IfFlags,
    target_netnsid: i32,
});

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

/// A link to create with [`Connection::add_link_with`] (`ip link add`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkRequest {
    /// `IFLA_IFNAME`: at most 15 bytes, without `/`, `:` or whitespace.
    pub name: String,
    /// The kind and its settings (`IFLA_LINKINFO`).
    pub kind: LinkKind,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_ADDRESS`: the link-layer address.
    pub address: Option<Vec<u8>>,
    /// `IFLA_MASTER`: enslave it to this bridge or bond at once.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the lower link; kinds that name a parent (macvlan, vlan) send theirs.
    pub link: Option<u32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// Bring it up at once (`IFF_UP`).
    pub up: bool,
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

setters!(LinkRequest {
    mtu: u32,
    address: Vec<u8>,
    master: u32,
    link: u32,
    txqlen: u32,
    group: u32,
    up = bool,
});

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

/// Changes to an existing link, sent as ONE `RTM_NEWLINK` request (without `NLM_F_CREATE`, as
/// `ip link set` sends it) by [`Connection::set_link`], so that a refusal leaves the link as
/// it was instead of half changed. Unset fields are left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkChange {
    /// The link to change.
    pub index: u32,
    /// `IFF_UP`: bring it up (`true`) or down (`false`).
    pub up: Option<bool>,
    /// `IFF_NOARP` cleared (`true`, `arp on`) or set (`false`, `arp off`).
    pub arp: Option<bool>,
    /// `IFF_MULTICAST`.
    pub multicast: Option<bool>,
    /// `IFF_ALLMULTI`.
    pub allmulticast: Option<bool>,
    /// `IFF_PROMISC`.
    pub promisc: Option<bool>,
    /// `IFF_DYNAMIC`.
    pub dynamic: Option<bool>,
    /// `IFLA_IFNAME`: a new name (the kernel refuses while the link is up).
    pub name: Option<String>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_ADDRESS`: the link-layer address.
    pub address: Option<Vec<u8>>,
    /// `IFLA_BROADCAST`: the link-layer broadcast address.
    pub broadcast: Option<Vec<u8>>,
    /// `IFLA_MASTER`: enslave to this bridge or bond; 0 releases it (`nomaster`).
    pub master: Option<u32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_IFALIAS`: the alias; an empty one removes it.
    pub alias: Option<String>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_NET_NS_FD`: move to the network namespace open as this descriptor.
    pub netns_fd: Option<u32>,
    /// `IFLA_NET_NS_PID`: move to the network namespace of this process.
    pub netns_pid: Option<u32>,
    /// `IFLA_TARGET_NETNSID`: move to the peer namespace with this id (as the connection's
    /// namespace numbers its peers).
    pub netns_id: Option<i32>,
}

setters!(LinkChange {
    up: bool,
    arp: bool,
    multicast: bool,
    allmulticast: bool,
    promisc: bool,
    dynamic: bool,
    name: String,
    mtu: u32,
    address: Vec<u8>,
    broadcast: Vec<u8>,
    master: u32,
    txqlen: u32,
    alias: String,
    group: u32,
    netns_pid: u32,
    netns_id: i32,
});

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

impl Lookup for Link {
    type Key = LinkKey;

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
        self.get::<Link>(&LinkKey::Name(name.to_owned()))
    }

    /// The link with interface index `index`, or `None` when there is none.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for index 0 or above `i32::MAX`; a kernel or decode error.
    pub fn link_by_index(&self, index: u32) -> Result<Option<Link>> {
        self.get::<Link>(&LinkKey::Index(index))
    }

    /// The interface index of `name` (`if_nametoindex`).
    ///
    /// # Errors
    /// [`Error::Kernel`] with `ENODEV` and a message naming the interface when there is none;
    /// [`Error::InvalidArgument`] for an impossible name.
    pub fn link_index(&self, name: &str) -> Result<u32> {
        match self.link_by_name(name)? {
            Some(l) => Ok(l.index),
            None => Err(Error::Kernel(KernelError {
                errno: Errno::NODEV,
                message: Some(format!("no interface named {name:?}")),
                offset: None,
                missing_type: None,
                missing_nest: None,
                seq: 0,
            })),
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
