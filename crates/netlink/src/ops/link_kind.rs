//! Link kinds for `add_link`: what `ip link add NAME type KIND ...` puts in `IFLA_LINKINFO`.
//!
//! [`LinkKind`] describes the link to create; its writer emits exactly the attributes iproute2
//! emits for the equivalent command, in the same order and with the same (absent) `NLA_F_NESTED`
//! bits, defaults included, so that a request can be compared byte for byte with `ip`'s (see
//! `crates/netlink-wire/testdata/linkinfo.md`). The per-kind attribute numbers and views live in
//! [`netlink_wire::rtnl::linkinfo`], the `IFLA_LINKINFO` nest and veth's in
//! [`netlink_wire::rtnl::link`].

use std::net::{IpAddr, Ipv4Addr};

use netlink_wire::AttrWrite;
use netlink_wire::PutValue;
use netlink_wire::rtnl::link::{Ifla, IflaInfo, VethInfo};
use netlink_wire::rtnl::linkinfo::{
    BondLacpRate, BondMode, BondXmitHashPolicy, GreFlags, IflaBond, IflaBr, IflaGeneve, IflaGre,
    IflaIptun, IflaIpvlan, IflaMacvlan, IflaVlan, IflaVrf, IflaVxlan, IpvlanMode, MacvlanMode,
    VlanProtocol,
};

use crate::error::Result;
use crate::ops::invalid;

/// `IFLA_ADDRESS`, `IFLA_IFNAME` and `IFLA_MTU`, the attributes of `VETH_INFO_PEER` we write.
const IFLA_ADDRESS: u16 = 1;
const IFLA_IFNAME: u16 = 3;
const IFLA_MTU: u16 = 4;
/// The size of `struct ifinfomsg` at the head of `VETH_INFO_PEER`.
const IFINFOMSG_LEN: usize = 16;
/// `IFNAMSIZ` minus the NUL.
const MAX_NAME: usize = 15;

/// The kind of link to create, with its kind-specific settings (`IFLA_INFO_KIND` and
/// `IFLA_INFO_DATA`).
///
/// Settings left `None` are not sent, so the kernel's defaults apply, as when the matching `ip`
/// argument is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// A veth pair (`type veth peer name PEER`); `peer` names the other end, created in the
    /// same namespace.
    Veth {
        /// The peer's name (`IFLA_IFNAME` inside `VETH_INFO_PEER`).
        peer: String,
    },
    /// A veth pair whose peer gets settings of its own
    /// (`type veth peer name PEER address ADDR mtu MTU`).
    VethWith {
        /// The peer's name.
        peer: String,
        /// The peer's Ethernet address (`IFLA_ADDRESS` inside `VETH_INFO_PEER`).
        peer_address: Option<[u8; 6]>,
        /// The peer's MTU (`IFLA_MTU` inside `VETH_INFO_PEER`).
        peer_mtu: Option<u32>,
    },
    /// A bridge with the kernel's default settings (`type bridge`).
    Bridge,
    /// A bridge with settings (`type bridge forward_delay .. stp_state .. vlan_filtering ..`).
    BridgeWith(BridgeSettings),
    /// An 802.1Q/802.1ad VLAN on `parent` (`link PARENT type vlan id ID [protocol P]`).
    Vlan {
        /// The parent's ifindex, sent as `IFLA_LINK` next to the name (see
        /// [`LinkKind::parent`]).
        parent: u32,
        /// `IFLA_VLAN_ID`: 0 to 4094.
        id: u16,
        /// `IFLA_VLAN_PROTOCOL`; the kernel defaults to 802.1Q.
        protocol: Option<VlanProtocol>,
    },
    /// A VXLAN tunnel (`type vxlan id ID ...`).
    Vxlan(VxlanSettings),
    /// A macvlan on `parent` (`link PARENT type macvlan [mode M]`).
    Macvlan {
        /// The parent's ifindex (`IFLA_LINK`).
        parent: u32,
        /// `IFLA_MACVLAN_MODE`; the kernel defaults to `vepa`.
        mode: Option<MacvlanMode>,
    },
    /// A macvtap on `parent` (`link PARENT type macvtap [mode M]`).
    Macvtap {
        /// The parent's ifindex (`IFLA_LINK`).
        parent: u32,
        /// `IFLA_MACVLAN_MODE`; the kernel defaults to `vepa`.
        mode: Option<MacvlanMode>,
    },
    /// An ipvlan on `parent` (`link PARENT type ipvlan [mode M]`).
    Ipvlan {
        /// The parent's ifindex (`IFLA_LINK`).
        parent: u32,
        /// `IFLA_IPVLAN_MODE`; the kernel defaults to `l3`.
        mode: Option<IpvlanMode>,
    },
    /// A dummy link (`type dummy`).
    Dummy,
    /// A bond (`type bond [mode M] [miimon N] ...`).
    Bond(BondSettings),
    /// A VRF bound to routing table `table` (`type vrf table T`).
    Vrf {
        /// `IFLA_VRF_TABLE`: not 0.
        table: u32,
    },
    /// A GRE tunnel (`type gre ...`).
    Gre(TunnelSettings),
    /// A GRE tunnel carrying Ethernet (`type gretap ...`).
    Gretap(TunnelSettings),
    /// An IPv4-in-IPv4 tunnel (`type ipip ...`); `key` must be `None`.
    Ipip(TunnelSettings),
    /// An IPv6-in-IPv4 tunnel (`type sit ...`); `key` must be `None`.
    Sit(TunnelSettings),
    /// A Geneve tunnel (`type geneve id ID remote R [dstport P]`).
    Geneve {
        /// `IFLA_GENEVE_ID`: the 24-bit network identifier.
        id: u32,
        /// `IFLA_GENEVE_REMOTE` or `IFLA_GENEVE_REMOTE6`.
        remote: Option<IpAddr>,
        /// `IFLA_GENEVE_PORT`: the UDP destination port; the kernel defaults to 6081.
        port: Option<u16>,
    },
    /// A WireGuard interface (`type wireguard`); its keys and peers are set over generic
    /// netlink.
    Wireguard,
    /// An intermediate functional block (`type ifb`).
    Ifb,
    /// Any other kind, by name, without data.
    Other(String),
}

settable! {
    /// The settings of [`LinkKind::BridgeWith`] (`IFLA_BR_*`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct BridgeSettings {
        /// `IFLA_BR_FORWARD_DELAY`, in hundredths of a second (`forward_delay 400` is 4 s).
        forward_delay: Option<u32>,
        /// `IFLA_BR_STP_STATE`: the spanning tree protocol on or off.
        stp: Option<bool>,
        /// `IFLA_BR_VLAN_FILTERING`. Kernels built without `CONFIG_BRIDGE_VLAN_FILTERING` refuse
        /// it with `EOPNOTSUPP`.
        vlan_filtering: Option<bool>,
    }
}

settable! {
    /// The settings of [`LinkKind::Vxlan`] (`IFLA_VXLAN_*`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VxlanSettings {
        /// `IFLA_VXLAN_ID`: the 24-bit network identifier.
        fixed id: u32,
        /// `IFLA_VXLAN_GROUP` / `IFLA_VXLAN_GROUP6`: the unicast remote (`remote`), or the
        /// multicast group (`group`, which then needs `dev`).
        remote: Option<IpAddr>,
        /// `IFLA_VXLAN_LOCAL` / `IFLA_VXLAN_LOCAL6`: the source address; the same family as
        /// `remote`.
        local: Option<IpAddr>,
        /// `IFLA_VXLAN_PORT`: the UDP destination port. Left out, the kernel uses 8472, not the
        /// IANA port 4789.
        port: Option<u16>,
        /// `IFLA_VXLAN_LINK`: the ifindex of the underlying device (`dev`).
        dev: Option<u32>,
        /// `IFLA_VXLAN_TTL`.
        ttl: Option<u8>,
        /// `IFLA_VXLAN_LEARNING`: learn remote addresses from received packets (iproute2's
        /// default, always sent).
        learning: bool,
    }
}

impl VxlanSettings {
    /// VNI `id` with everything else at iproute2's defaults (learning on).
    #[must_use]
    pub fn new(id: u32) -> Self {
        VxlanSettings {
            id,
            remote: None,
            local: None,
            port: None,
            dev: None,
            ttl: None,
            learning: true,
        }
    }
}

settable! {
    /// The settings of [`LinkKind::Bond`] (`IFLA_BOND_*`), sent in this order.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct BondSettings {
        /// `IFLA_BOND_MODE`; the kernel defaults to `balance-rr`.
        mode: Option<BondMode>,
        /// `IFLA_BOND_MIIMON`: link monitoring interval in milliseconds.
        miimon: Option<u32>,
        /// `IFLA_BOND_UPDELAY`, in milliseconds.
        updelay: Option<u32>,
        /// `IFLA_BOND_DOWNDELAY`, in milliseconds.
        downdelay: Option<u32>,
        /// `IFLA_BOND_XMIT_HASH_POLICY`.
        xmit_hash_policy: Option<BondXmitHashPolicy>,
        /// `IFLA_BOND_AD_LACP_RATE` (802.3ad).
        lacp_rate: Option<BondLacpRate>,
    }
}

settable! {
    /// The settings of the IPv4 tunnels [`LinkKind::Gre`], [`LinkKind::Gretap`],
    /// [`LinkKind::Ipip`] and [`LinkKind::Sit`].
    ///
    /// With every field `None`, no data is sent (as `ip link add NAME type gre` alone); otherwise
    /// iproute2's whole set of defaults is sent with it (PMTU discovery on, TOS 0, no encapsulation,
    /// fwmark 0).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct TunnelSettings {
        /// `IFLA_GRE_LOCAL` / `IFLA_IPTUN_LOCAL`: the source address.
        local: Option<Ipv4Addr>,
        /// `IFLA_GRE_REMOTE` / `IFLA_IPTUN_REMOTE`: the remote address.
        remote: Option<Ipv4Addr>,
        /// `IFLA_GRE_TTL` / `IFLA_IPTUN_TTL`; 0 (the default) inherits the inner packet's.
        ttl: Option<u8>,
        /// The GRE key, both directions (`IFLA_GRE_IKEY`/`OKEY` with `GRE_KEY` in the flags).
        /// GRE kinds only.
        key: Option<u32>,
        /// `IFLA_GRE_LINK` / `IFLA_IPTUN_LINK`: the ifindex of the underlying device (`dev`).
        dev: Option<u32>,
    }
}

impl TunnelSettings {
    fn is_empty(&self) -> bool {
        *self == TunnelSettings::default()
    }
}

impl LinkKind {
    /// A veth pair whose other end is named `peer`.
    #[must_use]
    pub fn veth(peer: &str) -> Self {
        LinkKind::Veth {
            peer: peer.to_owned(),
        }
    }

    /// The kind's name, as in `IFLA_INFO_KIND` (`"veth"`, `"vxlan"`...).
    #[must_use]
    pub fn kind_name(&self) -> &str {
        match self {
            LinkKind::Veth { .. } | LinkKind::VethWith { .. } => "veth",
            LinkKind::Bridge | LinkKind::BridgeWith(_) => "bridge",
            LinkKind::Vlan { .. } => "vlan",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Macvlan { .. } => "macvlan",
            LinkKind::Macvtap { .. } => "macvtap",
            LinkKind::Ipvlan { .. } => "ipvlan",
            LinkKind::Dummy => "dummy",
            LinkKind::Bond(_) => "bond",
            LinkKind::Vrf { .. } => "vrf",
            LinkKind::Gre(_) => "gre",
            LinkKind::Gretap(_) => "gretap",
            LinkKind::Ipip(_) => "ipip",
            LinkKind::Sit(_) => "sit",
            LinkKind::Geneve { .. } => "geneve",
            LinkKind::Wireguard => "wireguard",
            LinkKind::Ifb => "ifb",
            LinkKind::Other(k) => k,
        }
    }

    /// The parent link of kinds stacked on one (vlan, macvlan, macvtap, ipvlan): it travels as
    /// `IFLA_LINK` in the link message itself, not inside `IFLA_LINKINFO`. `ip` writes it
    /// before `IFLA_IFNAME`.
    #[must_use]
    pub fn parent(&self) -> Option<u32> {
        match self {
            LinkKind::Vlan { parent, .. }
            | LinkKind::Macvlan { parent, .. }
            | LinkKind::Macvtap { parent, .. }
            | LinkKind::Ipvlan { parent, .. } => Some(*parent),
            _ => None,
        }
    }

    /// The value `add_link` writes as `IFLA_LINK` (type 5); see [`LinkKind::parent`].
    pub(crate) fn link_attr(&self) -> Option<u32> {
        self.parent()
    }

    /// Checks the settings the kernel would refuse, before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming the bad setting.
    pub fn validate(&self) -> Result<()> {
        match self {
            LinkKind::Veth { peer } => validate_name(peer, "veth peer name"),
            LinkKind::VethWith { peer, peer_mtu, .. } => {
                if *peer_mtu == Some(0) {
                    return Err(invalid("a veth peer MTU of 0 is refused by the kernel"));
                }
                validate_name(peer, "veth peer name")
            }
            LinkKind::Vlan { parent, id, .. } => {
                validate_parent(*parent)?;
                if *id > 4094 {
                    return Err(invalid(format!("VLAN id {id} is above 4094")));
                }
                Ok(())
            }
            LinkKind::Macvlan { parent, .. }
            | LinkKind::Macvtap { parent, .. }
            | LinkKind::Ipvlan { parent, .. } => validate_parent(*parent),
            LinkKind::Vxlan(v) => {
                validate_vni(v.id, "VXLAN")?;
                if let (Some(l), Some(r)) = (v.local, v.remote)
                    && l.is_ipv4() != r.is_ipv4()
                {
                    return Err(invalid(format!(
                        "VXLAN local {l} and remote {r} are of different families"
                    )));
                }
                Ok(())
            }
            LinkKind::Geneve { id, .. } => validate_vni(*id, "Geneve"),
            LinkKind::Vrf { table } => {
                if *table == 0 {
                    return Err(invalid("a VRF needs a routing table other than 0"));
                }
                Ok(())
            }
            LinkKind::Ipip(t) | LinkKind::Sit(t) => {
                if t.key.is_some() {
                    return Err(invalid(format!(
                        "{} tunnels have no key; only GRE kinds do",
                        self.kind_name()
                    )));
                }
                Ok(())
            }
            LinkKind::Other(k) => validate_name(k, "link kind"),
            _ => Ok(()),
        }
    }

    /// Appends the complete `IFLA_LINKINFO` nest for this kind, as `ip link add` writes it.
    /// `add_link` does this for you; use it to build an `RTM_NEWLINK` by hand.
    pub fn write_linkinfo<W: AttrWrite>(&self, w: &mut W) {
        let mut info = w.nest(Ifla::LINKINFO);
        // iproute2 sends the kind without its NUL (`addattr_l(.., strlen(type))`); the kernel's
        // NLA_STRING policy takes both, and matching `ip` keeps requests comparable.
        info.put(IflaInfo::KIND, self.kind_name().as_bytes());
        match self {
            LinkKind::Veth { peer } => write_veth(&mut info, peer, None, None),
            LinkKind::VethWith {
                peer,
                peer_address,
                peer_mtu,
            } => write_veth(&mut info, peer, *peer_address, *peer_mtu),
            LinkKind::BridgeWith(s) => {
                if *s != BridgeSettings::default() {
                    let mut data = info.nest(IflaInfo::DATA);
                    data.put_some(IflaBr::FORWARD_DELAY, s.forward_delay);
                    if let Some(stp) = s.stp {
                        data.put_u32(IflaBr::STP_STATE, u32::from(stp));
                    }
                    if let Some(f) = s.vlan_filtering {
                        data.put_u8(IflaBr::VLAN_FILTERING, u8::from(f));
                    }
                }
            }
            LinkKind::Vlan { id, protocol, .. } => {
                let mut data = info.nest(IflaInfo::DATA);
                data.put_u16(IflaVlan::ID, *id);
                if let Some(p) = protocol {
                    data.put_be16(IflaVlan::PROTOCOL, p.0);
                }
            }
            LinkKind::Vxlan(v) => write_vxlan(&mut info, v),
            LinkKind::Macvlan { mode, .. } | LinkKind::Macvtap { mode, .. } => {
                if let Some(m) = mode {
                    info.nest(IflaInfo::DATA).put_u32(IflaMacvlan::MODE, m.0);
                }
            }
            LinkKind::Ipvlan { mode, .. } => {
                if let Some(m) = mode {
                    let mut data = info.nest(IflaInfo::DATA);
                    data.put_u16(IflaIpvlan::MODE, m.0);
                    data.put_u16(IflaIpvlan::FLAGS, 0);
                }
            }
            LinkKind::Bond(b) => {
                if *b != BondSettings::default() {
                    let mut data = info.nest(IflaInfo::DATA);
                    data.put_some(IflaBond::MODE, b.mode.map(|v| v.0));
                    for (k, v) in [
                        (IflaBond::MIIMON, b.miimon),
                        (IflaBond::UPDELAY, b.updelay),
                        (IflaBond::DOWNDELAY, b.downdelay),
                    ] {
                        data.put_some(k, v);
                    }
                    data.put_some(IflaBond::XMIT_HASH_POLICY, b.xmit_hash_policy.map(|v| v.0));
                    data.put_some(IflaBond::AD_LACP_RATE, b.lacp_rate.map(|v| v.0));
                }
            }
            LinkKind::Vrf { table } => {
                info.nest(IflaInfo::DATA).put_u32(IflaVrf::TABLE, *table);
            }
            LinkKind::Gre(t) | LinkKind::Gretap(t) => {
                if !t.is_empty() {
                    write_gre(&mut info.nest(IflaInfo::DATA), t);
                }
            }
            LinkKind::Ipip(t) | LinkKind::Sit(t) => {
                if !t.is_empty() {
                    let mut data = info.nest(IflaInfo::DATA);
                    write_iptun(&mut data, t);
                    if matches!(self, LinkKind::Sit(_)) {
                        data.put_u16(IflaIptun::FLAGS, 0);
                    }
                }
            }
            LinkKind::Geneve { id, remote, port } => {
                let mut data = info.nest(IflaInfo::DATA);
                data.put_u32(IflaGeneve::ID, *id);
                match remote {
                    Some(IpAddr::V4(a)) => {
                        data.put_ipv4(IflaGeneve::REMOTE, *a);
                    }
                    Some(IpAddr::V6(a)) => {
                        data.put_ipv6(IflaGeneve::REMOTE6, *a);
                    }
                    None => {}
                }
                data.put_be32(IflaGeneve::LABEL, 0)
                    .put_u8(IflaGeneve::TTL, 0)
                    .put_u8(IflaGeneve::TOS, 0);
                if let Some(p) = port {
                    data.put_be16(IflaGeneve::PORT, *p);
                }
            }
            LinkKind::Bridge
            | LinkKind::Dummy
            | LinkKind::Wireguard
            | LinkKind::Ifb
            | LinkKind::Other(_) => {}
        }
    }

    /// Writes the `IFLA_LINKINFO` nest (type 18) for this kind.
    pub(crate) fn write<W: AttrWrite>(&self, w: &mut W) {
        self.write_linkinfo(w);
    }
}

/// `VETH_INFO_PEER`: an empty `ifinfomsg`, then the peer's attributes in iproute2's order
/// (its name always last).
fn write_veth<W: AttrWrite>(info: &mut W, peer: &str, address: Option<[u8; 6]>, mtu: Option<u32>) {
    let mut data = info.nest(IflaInfo::DATA);
    let mut p = data.nest(VethInfo::PEER);
    p.put_raw(&[0u8; IFINFOMSG_LEN]);
    if let Some(a) = address {
        p.put_mac(IFLA_ADDRESS, a);
    }
    p.put_some(IFLA_MTU, mtu);
    p.put_str(IFLA_IFNAME, peer);
}

/// `IFLA_VXLAN_*` in iproute2's order: link, ttl, id, local, group, learning, port.
fn write_vxlan<W: AttrWrite>(info: &mut W, v: &VxlanSettings) {
    let mut data = info.nest(IflaInfo::DATA);
    data.put_some(IflaVxlan::LINK, v.dev);
    data.put_some(IflaVxlan::TTL, v.ttl);
    data.put_u32(IflaVxlan::ID, v.id);
    match v.local {
        Some(IpAddr::V4(a)) => {
            data.put_ipv4(IflaVxlan::LOCAL, a);
        }
        Some(IpAddr::V6(a)) => {
            data.put_ipv6(IflaVxlan::LOCAL6, a);
        }
        None => {}
    }
    match v.remote {
        Some(IpAddr::V4(a)) => {
            data.put_ipv4(IflaVxlan::GROUP, a);
        }
        Some(IpAddr::V6(a)) => {
            data.put_ipv6(IflaVxlan::GROUP6, a);
        }
        None => {}
    }
    data.put_u8(IflaVxlan::LEARNING, u8::from(v.learning));
    if let Some(p) = v.port {
        data.put_be16(IflaVxlan::PORT, p);
    }
}

/// `IFLA_GRE_*` in iproute2's order, its defaults included.
fn write_gre<W: AttrWrite>(data: &mut W, t: &TunnelSettings) {
    let flags = if t.key.is_some() {
        GreFlags::KEY
    } else {
        GreFlags::EMPTY
    };
    let key = t.key.unwrap_or(0);
    data.put_be32(IflaGre::IKEY, key)
        .put_be32(IflaGre::OKEY, key)
        .put_be16(IflaGre::IFLAGS, flags.bits())
        .put_be16(IflaGre::OFLAGS, flags.bits());
    data.put_some(IflaGre::LOCAL, t.local);
    data.put_some(IflaGre::REMOTE, t.remote);
    data.put_u8(IflaGre::PMTUDISC, 1).put_u8(IflaGre::TOS, 0);
    data.put_some(IflaGre::LINK, t.dev);
    data.put_u8(IflaGre::TTL, t.ttl.unwrap_or(0))
        .put_u32(IflaGre::FWMARK, 0)
        .put_u16(IflaGre::ENCAP_TYPE, 0)
        .put_u16(IflaGre::ENCAP_FLAGS, 0)
        .put_be16(IflaGre::ENCAP_SPORT, 0)
        .put_be16(IflaGre::ENCAP_DPORT, 0);
}

/// `IFLA_IPTUN_*` in iproute2's order for ipip and sit, its defaults included.
fn write_iptun<W: AttrWrite>(data: &mut W, t: &TunnelSettings) {
    data.put_u8(IflaIptun::PROTO, 0);
    data.put_some(IflaIptun::LOCAL, t.local);
    data.put_some(IflaIptun::REMOTE, t.remote);
    data.put_u8(IflaIptun::PMTUDISC, 1)
        .put_u8(IflaIptun::TOS, 0)
        .put_u8(IflaIptun::TTL, t.ttl.unwrap_or(0))
        .put_u32(IflaIptun::LINK, t.dev.unwrap_or(0))
        .put_u32(IflaIptun::FWMARK, 0)
        .put_u16(IflaIptun::ENCAP_TYPE, 0)
        .put_u16(IflaIptun::ENCAP_FLAGS, 0)
        .put_be16(IflaIptun::ENCAP_SPORT, 0)
        .put_be16(IflaIptun::ENCAP_DPORT, 0);
}

fn validate_name(name: &str, what: &str) -> Result<()> {
    if name.is_empty() || name.len() > MAX_NAME {
        return Err(invalid(format!(
            "{what} {name:?} must be 1 to {MAX_NAME} bytes"
        )));
    }
    if name
        .chars()
        .any(|c| c == '/' || c == ':' || c == '\0' || c.is_whitespace())
    {
        return Err(invalid(format!(
            "{what} {name:?} contains '/', ':', NUL or whitespace"
        )));
    }
    Ok(())
}

fn validate_parent(parent: u32) -> Result<()> {
    if parent == 0 || i32::try_from(parent).is_err() {
        return Err(invalid(format!("parent link index {parent} is invalid")));
    }
    Ok(())
}

fn validate_vni(id: u32, what: &str) -> Result<()> {
    if id >= 1 << 24 {
        return Err(invalid(format!("{what} id {id} does not fit in 24 bits")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_wire::rtnl::RTM_NEWLINK;
    use netlink_wire::{Flags, MessageBuilder};

    /// `IFLA_LINK`, the parent link of vlan, macvlan, macvtap and ipvlan links.
    const IFLA_LINK: u16 = 5;

    /// A capture of `ip -n NS link add ...` (see `testdata/linkinfo.md`).
    fn oracle(name: &str) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../netlink-wire/testdata/");
        std::fs::read(format!("{path}linkinfo-{name}.bin")).unwrap()
    }

    /// Our `RTM_NEWLINK` for `name` of `kind`: ifinfomsg, `IFLA_LINK` (before the name, as
    /// `ip` writes it), `IFLA_IFNAME`, `IFLA_LINKINFO`.
    fn ours(name: &str, kind: &LinkKind) -> Vec<u8> {
        kind.validate().unwrap();
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, RTM_NEWLINK, Flags(0x605));
        b.family_header(&[0u8; 16]);
        if let Some(p) = kind.link_attr() {
            b.put_u32(IFLA_LINK, p);
        }
        b.put_str(IFLA_IFNAME, name);
        kind.write(&mut b);
        b.finish().unwrap();
        buf
    }

    /// Compares everything but `nlmsg_seq` and `nlmsg_pid`.
    fn assert_same(file: &str, name: &str, kind: &LinkKind) {
        let ip = oracle(file);
        let ours = ours(name, kind);
        assert_eq!(ours[..8], ip[..8], "{file}: nlmsghdr len/type/flags");
        assert_eq!(ours[16..], ip[16..], "{file}: ifinfomsg and attributes");
    }

    fn v4(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    // veth0 was ifindex 3 in the capture namespace.
    const VETH0: u32 = 3;

    #[test]
    fn kinds_this_kernel_lacks_match_ip_byte_for_byte() {
        assert_same("dummy", "d0", &LinkKind::Dummy);
        assert_same("wireguard", "wg0", &LinkKind::Wireguard);
        let vlan = LinkKind::Vlan {
            parent: VETH0,
            id: 100,
            protocol: None,
        };
        assert_same("vlan", "v0", &vlan);
        let vlan_ad = LinkKind::Vlan {
            parent: VETH0,
            id: 200,
            protocol: Some(VlanProtocol::DOT1AD),
        };
        assert_same("vlan-ad", "v1", &vlan_ad);
        let bond = BondSettings {
            mode: Some(BondMode::ACTIVEBACKUP),
            miimon: Some(100),
            ..BondSettings::default()
        };
        assert_same("bond", "b0", &LinkKind::Bond(bond));
        let lacp = BondSettings {
            mode: BondMode::from_short_name("802.3ad"),
            miimon: Some(100),
            updelay: Some(200),
            downdelay: Some(200),
            xmit_hash_policy: BondXmitHashPolicy::from_short_name("layer3+4"),
            lacp_rate: Some(BondLacpRate::FAST),
        };
        assert_same("bond-lacp", "b1", &LinkKind::Bond(lacp));
        assert_same("vrf", "vrf0", &LinkKind::Vrf { table: 100 });
        let ipvlan = LinkKind::Ipvlan {
            parent: VETH0,
            mode: Some(IpvlanMode::L3),
        };
        assert_same("ipvlan", "ipv0", &ipvlan);
        let keyed = TunnelSettings {
            local: Some(v4("198.51.100.1")),
            remote: Some(v4("198.51.100.2")),
            ttl: Some(64),
            key: Some(42),
            dev: None,
        };
        assert_same("gre", "gre0", &LinkKind::Gre(keyed.clone()));
        assert_same("gretap", "gt0", &LinkKind::Gretap(keyed));
        let on_dev = TunnelSettings {
            local: Some(v4("198.51.100.1")),
            remote: Some(v4("198.51.100.2")),
            dev: Some(VETH0),
            ..TunnelSettings::default()
        };
        assert_same("gre-dev", "gre2", &LinkKind::Gre(on_dev));
        let plain = TunnelSettings {
            local: Some(v4("198.51.100.1")),
            remote: Some(v4("198.51.100.2")),
            ttl: Some(64),
            ..TunnelSettings::default()
        };
        assert_same("ipip", "ipip0", &LinkKind::Ipip(plain.clone()));
        assert_same("sit", "sit0", &LinkKind::Sit(plain));
        let geneve = LinkKind::Geneve {
            id: 42,
            remote: Some(IpAddr::V4(v4("198.51.100.2"))),
            port: Some(6081),
        };
        assert_same("geneve", "gnv0", &geneve);
    }

    #[test]
    fn kinds_this_kernel_has_match_ip_byte_for_byte() {
        assert_same("veth", "va", &LinkKind::veth("vb"));
        let peer = LinkKind::VethWith {
            peer: "vd".into(),
            peer_address: Some([2, 0, 0, 0, 0, 9]),
            peer_mtu: Some(1400),
        };
        assert_same("veth-peer", "vc", &peer);
        assert_same("bridge", "br0", &LinkKind::Bridge);
        assert_same(
            "bridge",
            "br0",
            &LinkKind::BridgeWith(BridgeSettings::default()),
        );
        let stp = BridgeSettings {
            forward_delay: Some(400),
            stp: Some(true),
            vlan_filtering: None,
        };
        assert_same("bridge-stp", "br2", &LinkKind::BridgeWith(stp.clone()));
        let filtering = BridgeSettings {
            vlan_filtering: Some(true),
            ..stp
        };
        assert_same("bridge-vlanfilter", "br1", &LinkKind::BridgeWith(filtering));
        let vx = VxlanSettings {
            local: Some("192.0.2.1".parse().unwrap()),
            port: Some(4789),
            dev: Some(VETH0),
            ..VxlanSettings::new(42)
        };
        assert_same("vxlan", "vx0", &LinkKind::Vxlan(vx));
        let full = VxlanSettings {
            remote: Some("198.51.100.2".parse().unwrap()),
            local: Some("192.0.2.1".parse().unwrap()),
            port: Some(4789),
            dev: Some(VETH0),
            ttl: Some(10),
            learning: false,
            ..VxlanSettings::new(45)
        };
        assert_same("vxlan-full", "vx3", &LinkKind::Vxlan(full));
        let v6 = VxlanSettings {
            remote: Some("2001:db8::2".parse().unwrap()),
            local: Some("2001:db8::1".parse().unwrap()),
            port: Some(4789),
            ..VxlanSettings::new(47)
        };
        assert_same("vxlan6", "vx5", &LinkKind::Vxlan(v6));
        let mv = LinkKind::Macvlan {
            parent: VETH0,
            mode: Some(MacvlanMode::BRIDGE),
        };
        assert_same("macvlan", "mv0", &mv);
        let mt = LinkKind::Macvtap {
            parent: VETH0,
            mode: Some(MacvlanMode::VEPA),
        };
        assert_same("macvtap", "mt0", &mt);
        assert_same("ifb", "ifb0", &LinkKind::Ifb);
    }

    #[test]
    fn invalid_settings_are_refused_before_sending() {
        let bad = [
            LinkKind::veth(""),
            LinkKind::veth("a-name-too-long-x"),
            LinkKind::veth("a b"),
            LinkKind::Vlan {
                parent: 3,
                id: 4095,
                protocol: None,
            },
            LinkKind::Macvlan {
                parent: 0,
                mode: None,
            },
            LinkKind::Vxlan(VxlanSettings::new(1 << 24)),
            LinkKind::Vxlan(VxlanSettings {
                local: Some("192.0.2.1".parse().unwrap()),
                remote: Some("2001:db8::1".parse().unwrap()),
                ..VxlanSettings::new(1)
            }),
            LinkKind::Vrf { table: 0 },
            LinkKind::Ipip(TunnelSettings {
                key: Some(1),
                ..TunnelSettings::default()
            }),
            LinkKind::Other(String::new()),
        ];
        for k in bad {
            assert!(
                matches!(k.validate(), Err(crate::Error::InvalidArgument(_))),
                "{k:?}"
            );
        }
        assert_eq!(LinkKind::Other("nlmon".into()).kind_name(), "nlmon");
        assert_eq!(LinkKind::Ifb.parent(), None);
    }
}
