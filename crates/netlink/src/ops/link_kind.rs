//! Link kinds for `add_link`: what `ip link add NAME type KIND ...` puts in `IFLA_LINKINFO`.
//!
//! [`LinkKind`] describes the link to create; its writer emits exactly the attributes iproute2
//! emits for the equivalent command, in the same order and with the same (absent) `NLA_F_NESTED`
//! bits, defaults included, so that a request can be compared byte for byte with `ip`'s (see
//! `crates/netlink-wire/testdata/linkinfo.md`). The per-kind attribute numbers and views live in
//! [`netlink_wire::rtnl::linkinfo`], the `IFLA_LINKINFO` nest and veth's in
//! [`netlink_wire::rtnl::link`]. Kinds without settings structs of their own take their data as
//! a list of those typed attributes ([`KindAttrs`], declared by one table), written in order.

use std::net::{IpAddr, Ipv4Addr};

use netlink_wire::AttrWrite;
use netlink_wire::PutValue;
use netlink_wire::rtnl::link::{Ifla, IflaInfo, VethInfo};
use netlink_wire::rtnl::linkinfo::{
    AmtAttr, BareudpAttr, BatadvAttr, BondLacpRate, BondMode, BondXmitHashPolicy, CanAttr, DsaAttr,
    GeneveAttr, GreAttr, GreFlags, GtpAttr, HsrAttr, IflaBond, IflaBr, IflaGeneve, IflaGre,
    IflaIptun, IflaIpvlan, IflaMacvlan, IflaVlan, IflaVrf, IflaVxlan, IpoibAttr, IptunAttr,
    IpvlanAttr, IpvlanMode, MacsecAttr, MacvlanMode, RmnetAttr, VlanProtocol, VtiAttr, WwanAttr,
    XfrmAttr,
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
    /// A virtual CAN tunnel pair (`type vxcan peer name PEER`): like veth, its data is the
    /// peer (`VXCAN_INFO_PEER`).
    Vxcan {
        /// The peer's name.
        peer: String,
    },
    /// A kind given by its typed data attributes ([`KindAttrs`]), written in the order given,
    /// as `ip link add ... type KIND ARGS` writes them. Kinds stacked on a device (macsec,
    /// rmnet, ipvtap, ipoib) take it from [`LinkRequest::link`](crate::LinkRequest::link).
    Data(KindAttrs),
    /// Any other kind, by name, without data (`vcan`, `nlmon`, `virt_wifi`, `netkit`, `team`,
    /// ...); a device it stacks on is [`LinkRequest::link`](crate::LinkRequest::link).
    Other(String),
}

/// Declares [`KindAttrs`]: one variant per kind name, holding that kind's typed attributes.
macro_rules! kind_attrs {
    ($( $(#[$doc:meta])* $Variant:ident($Attr:ident) = $name:literal; )*) => {
        /// The typed `IFLA_INFO_DATA` of a link kind, as a list written in its order (iproute2
        /// writes most kinds' attributes in command-line order, some with defaults; see
        /// `testdata/linkinfo.md`). An empty list sends no `IFLA_INFO_DATA`, as `ip` does when
        /// nothing follows `type KIND`. The attribute types are those of
        /// [`netlink_wire::rtnl::linkinfo`], with `'static` data.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum KindAttrs {
            $( $(#[$doc])* $Variant(Vec<$Attr<'static>>), )*
        }

        impl KindAttrs {
            /// The kind's name, as in `IFLA_INFO_KIND`.
            #[must_use]
            pub fn kind_name(&self) -> &'static str {
                match self {
                    $( KindAttrs::$Variant(_) => $name, )*
                }
            }

            /// The empty list of the kind named `kind`, if it is one of these.
            #[must_use]
            pub fn empty(kind: &str) -> Option<Self> {
                match kind {
                    $( $name => Some(KindAttrs::$Variant(Vec::new())), )*
                    _ => None,
                }
            }

            /// How many attributes the list holds.
            #[must_use]
            pub fn len(&self) -> usize {
                match self {
                    $( KindAttrs::$Variant(v) => v.len(), )*
                }
            }

            /// Whether the list is empty (no `IFLA_INFO_DATA` is sent).
            #[must_use]
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Writes `IFLA_INFO_DATA` with the attributes, unless there are none.
            fn write<W: AttrWrite>(&self, info: &mut W) {
                if self.is_empty() {
                    return;
                }
                let mut data = info.nest(IflaInfo::DATA);
                match self {
                    $( KindAttrs::$Variant(v) => v.iter().for_each(|a| a.write_to(&mut data)), )*
                }
            }
        }
    };
}

kind_attrs! {
    /// `ip6gre` (`IFLA_GRE_*` with IPv6 addresses).
    Ip6gre(GreAttr) = "ip6gre";
    /// `ip6gretap`.
    Ip6gretap(GreAttr) = "ip6gretap";
    /// `erspan` (`IFLA_GRE_*` with the `ERSPAN_*` ones).
    Erspan(GreAttr) = "erspan";
    /// `ip6erspan`.
    Ip6erspan(GreAttr) = "ip6erspan";
    /// `ip6tnl` (`IFLA_IPTUN_*` with IPv6 addresses).
    Ip6tnl(IptunAttr) = "ip6tnl";
    /// `ipvtap` (`IFLA_IPVLAN_*`).
    Ipvtap(IpvlanAttr) = "ipvtap";
    /// `ipvlan` with any of its attributes.
    Ipvlan(IpvlanAttr) = "ipvlan";
    /// `geneve` with any of its attributes (IPv6 remote, local, flow label...).
    Geneve(GeneveAttr) = "geneve";
    /// `macsec` (`IFLA_MACSEC_*`).
    Macsec(MacsecAttr) = "macsec";
    /// `hsr`, HSR or PRP (`IFLA_HSR_*`).
    Hsr(HsrAttr) = "hsr";
    /// `bareudp` (`IFLA_BAREUDP_*`).
    Bareudp(BareudpAttr) = "bareudp";
    /// `gtp` (`IFLA_GTP_*`).
    Gtp(GtpAttr) = "gtp";
    /// `xfrm` (`IFLA_XFRM_*`).
    Xfrm(XfrmAttr) = "xfrm";
    /// `vti` (`IFLA_VTI_*` with IPv4 addresses).
    Vti(VtiAttr) = "vti";
    /// `vti6` (`IFLA_VTI_*` with IPv6 addresses).
    Vti6(VtiAttr) = "vti6";
    /// `amt` (`IFLA_AMT_*`).
    Amt(AmtAttr) = "amt";
    /// `batadv` (`IFLA_BATADV_*`).
    Batadv(BatadvAttr) = "batadv";
    /// `rmnet` (`IFLA_RMNET_*`).
    Rmnet(RmnetAttr) = "rmnet";
    /// `ipoib` (`IFLA_IPOIB_*`).
    Ipoib(IpoibAttr) = "ipoib";
    /// `wwan` (`IFLA_WWAN_*`).
    Wwan(WwanAttr) = "wwan";
    /// `dsa` (`IFLA_DSA_*`).
    Dsa(DsaAttr) = "dsa";
    /// `can` (`IFLA_CAN_*`).
    Can(CanAttr) = "can";
}

// The attribute enums hold no floating point: equality is reflexive.
impl Eq for KindAttrs {}

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
            LinkKind::Vxcan { .. } => "vxcan",
            LinkKind::Data(d) => d.kind_name(),
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
            LinkKind::Vxcan { peer } => validate_name(peer, "vxcan peer name"),
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
            LinkKind::Veth { peer } | LinkKind::Vxcan { peer } => {
                write_veth(&mut info, peer, None, None);
            }
            LinkKind::Data(d) => d.write(&mut info),
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
    use netlink_wire::rtnl::linkinfo::{
        CanBittiming, IptunFlags, TunnelEncapFlags, TunnelEncapType,
    };
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
        ours_on(name, kind.link_attr(), kind)
    }

    /// [`ours`] with `IFLA_LINK` `parent` (`LinkRequest::link`, for the kinds that do not name
    /// their parent).
    fn ours_on(name: &str, parent: Option<u32>, kind: &LinkKind) -> Vec<u8> {
        kind.validate().unwrap();
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, RTM_NEWLINK, Flags(0x605));
        b.family_header(&[0u8; 16]);
        if let Some(p) = parent {
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

    /// [`assert_same`] for a request with `IFLA_LINK` `parent`.
    fn assert_same_on(file: &str, name: &str, parent: Option<u32>, kind: &LinkKind) {
        let ip = oracle(file);
        let ours = ours_on(name, parent, kind);
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

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// The IPv6 GRE kinds and ERSPAN: ip's defaults, then what the command line asked.
    fn gre6(
        key: u32,
        flags: u16,
        ttl: u8,
        dev: Option<u32>,
        tail: &[GreAttr<'static>],
    ) -> Vec<GreAttr<'static>> {
        let mut v = vec![
            GreAttr::Ikey(key),
            GreAttr::Okey(key),
            GreAttr::Iflags(flags),
            GreAttr::Oflags(flags),
            GreAttr::Local(ip("2001:db8::1")),
            GreAttr::Remote(ip("2001:db8::2")),
        ];
        v.extend(dev.map(GreAttr::Link));
        v.extend([
            GreAttr::Ttl(ttl),
            GreAttr::EncapLimit(4),
            GreAttr::Flowinfo(0),
            GreAttr::Flags(0),
            GreAttr::Fwmark(0),
        ]);
        v.extend_from_slice(tail);
        v
    }

    /// ip's trailing `ENCAP_*` of the GRE kinds; `csum6` is ip's default for the IPv6 ones.
    fn gre_encap(flags: u16) -> [GreAttr<'static>; 4] {
        [
            GreAttr::EncapType(TunnelEncapType::NONE),
            GreAttr::EncapFlags(TunnelEncapFlags(flags)),
            GreAttr::EncapSport(0),
            GreAttr::EncapDport(0),
        ]
    }

    #[test]
    fn typed_kinds_match_ip_byte_for_byte() {
        use netlink_wire::rtnl::linkinfo::{
            AmtMode, GtpRole, IpvlanFlags, MacsecCipher, MacsecOffload, MacsecValidation,
            TunnelEncapFlags as F,
        };
        let data = |d: KindAttrs| LinkKind::Data(d);
        let gre_key = GreFlags::KEY.bits();
        let seq_key = (GreFlags::KEY | GreFlags::SEQ).bits();
        let ip6gre = gre6(42, gre_key, 64, None, &[GreAttr::ErspanVer(1)]);
        let mut ip6gre = ip6gre;
        ip6gre.extend(gre_encap(F::CSUM6.bits()));
        assert_same("ip6gre", "ip6gre0", &data(KindAttrs::Ip6gre(ip6gre)));
        let mut tap = gre6(0, 0, 64, Some(VETH0), &[GreAttr::ErspanVer(1)]);
        tap.extend(gre_encap(F::CSUM6.bits()));
        assert_same("ip6gretap", "ip6gt0", &data(KindAttrs::Ip6gretap(tap)));
        let mut ers6 = gre6(
            12,
            seq_key,
            64,
            None,
            &[
                GreAttr::ErspanVer(2),
                GreAttr::ErspanDir(0),
                GreAttr::ErspanHwid(17),
            ],
        );
        ers6.extend(gre_encap(F::CSUM6.bits()));
        assert_same("ip6erspan", "ers6", &data(KindAttrs::Ip6erspan(ers6)));
        for (file, name, key, tail) in [
            (
                "erspan",
                "ers0",
                10,
                [GreAttr::ErspanVer(1), GreAttr::ErspanIndex(123)].to_vec(),
            ),
            (
                "erspan-v2",
                "ers1",
                11,
                [
                    GreAttr::ErspanVer(2),
                    GreAttr::ErspanDir(1),
                    GreAttr::ErspanHwid(7),
                ]
                .to_vec(),
            ),
        ] {
            let mut v = vec![
                GreAttr::Ikey(key),
                GreAttr::Okey(key),
                GreAttr::Iflags(seq_key),
                GreAttr::Oflags(seq_key),
                GreAttr::Local(ip("198.51.100.1")),
                GreAttr::Remote(ip("198.51.100.2")),
                GreAttr::Pmtudisc(1),
                GreAttr::Tos(0),
                GreAttr::Ttl(0),
                GreAttr::Fwmark(0),
            ];
            v.extend(tail);
            v.extend(gre_encap(0));
            assert_same(file, name, &data(KindAttrs::Erspan(v)));
        }
        let ip6tnl = vec![
            IptunAttr::Proto(41),
            IptunAttr::Local(ip("2001:db8::1")),
            IptunAttr::Remote(ip("2001:db8::2")),
            IptunAttr::Ttl(64),
            IptunAttr::EncapLimit(4),
            IptunAttr::Flowinfo(0),
            IptunAttr::Flags(IptunFlags::U32(0)),
            IptunAttr::Link(0),
            IptunAttr::Fwmark(0),
            IptunAttr::EncapType(TunnelEncapType::NONE),
            IptunAttr::EncapFlags(F::CSUM6),
            IptunAttr::EncapSport(0),
            IptunAttr::EncapDport(0),
        ];
        assert_same("ip6tnl", "ip6t0", &data(KindAttrs::Ip6tnl(ip6tnl)));
        let ipvtap = vec![
            IpvlanAttr::Mode(IpvlanMode::L2),
            IpvlanAttr::Flags(IpvlanFlags::VEPA),
        ];
        assert_same_on(
            "ipvtap",
            "ipvt0",
            Some(VETH0),
            &data(KindAttrs::Ipvtap(ipvtap)),
        );
        let geneve6 = vec![
            GeneveAttr::Df(1),
            GeneveAttr::Id(7),
            GeneveAttr::Remote6(ip("2001:db8::2")),
            GeneveAttr::Label(5),
            GeneveAttr::Ttl(64),
            GeneveAttr::Tos(0x10),
            GeneveAttr::Port(6081),
            GeneveAttr::UdpCsum(0),
            GeneveAttr::UdpZeroCsum6Tx(1),
            GeneveAttr::UdpZeroCsum6Rx(1),
        ];
        assert_same("geneve6", "gnv6", &data(KindAttrs::Geneve(geneve6)));
        let macsec = vec![
            MacsecAttr::Port(11),
            MacsecAttr::Encrypt(1),
            MacsecAttr::Validation(MacsecValidation::STRICT),
            MacsecAttr::CipherSuite(MacsecCipher::GCM_AES_256),
            MacsecAttr::IcvLen(16),
            MacsecAttr::Window(32),
            MacsecAttr::ReplayProtect(1),
            MacsecAttr::EncodingSa(2),
        ];
        assert_same_on(
            "macsec",
            "macsec0",
            Some(VETH0),
            &data(KindAttrs::Macsec(macsec)),
        );
        let sci = vec![
            MacsecAttr::Sci(0x0200_0000_0009_0001),
            MacsecAttr::IncSci(1),
            MacsecAttr::Es(0),
            MacsecAttr::Scb(0),
            MacsecAttr::Protect(1),
            MacsecAttr::Offload(MacsecOffload::OFF),
        ];
        assert_same_on(
            "macsec-sci",
            "macsec1",
            Some(VETH0),
            &data(KindAttrs::Macsec(sci)),
        );
        // veth1 was ifindex 2.
        let hsr = vec![
            HsrAttr::Slave1(VETH0),
            HsrAttr::Slave2(2),
            HsrAttr::MulticastSpec(45),
            HsrAttr::Version(1),
        ];
        assert_same("hsr", "hsr0", &data(KindAttrs::Hsr(hsr)));
        let prp = vec![
            HsrAttr::Slave1(VETH0),
            HsrAttr::Slave2(2),
            HsrAttr::Protocol(1),
        ];
        assert_same("prp", "prp0", &data(KindAttrs::Hsr(prp)));
        let bareudp = vec![
            BareudpAttr::Port(6635),
            BareudpAttr::Ethertype(0x8847),
            BareudpAttr::SrcportMin(1000),
            BareudpAttr::MultiprotoMode(()),
        ];
        assert_same("bareudp", "bu0", &data(KindAttrs::Bareudp(bareudp)));
        let gtp = vec![
            GtpAttr::CreateSockets(1),
            GtpAttr::Role(GtpRole::SGSN),
            GtpAttr::PdpHashsize(1024),
            GtpAttr::RestartCount(3),
        ];
        assert_same("gtp", "gtp0", &data(KindAttrs::Gtp(gtp)));
        let xfrm = vec![XfrmAttr::IfId(5), XfrmAttr::Link(VETH0)];
        assert_same("xfrm", "xfrm0", &data(KindAttrs::Xfrm(xfrm)));
        let vti = vec![
            VtiAttr::Ikey(7),
            VtiAttr::Okey(7),
            VtiAttr::Local(ip("198.51.100.1")),
            VtiAttr::Remote(ip("198.51.100.2")),
            VtiAttr::Fwmark(0),
        ];
        assert_same("vti", "vti0", &data(KindAttrs::Vti(vti)));
        let vti6 = vec![
            VtiAttr::Ikey(7),
            VtiAttr::Okey(8),
            VtiAttr::Local(ip("2001:db8::1")),
            VtiAttr::Remote(ip("2001:db8::2")),
            VtiAttr::Fwmark(0),
            VtiAttr::Link(VETH0),
        ];
        assert_same("vti6", "vti6", &data(KindAttrs::Vti6(vti6)));
        let amt = vec![
            AmtAttr::Mode(AmtMode::GATEWAY),
            AmtAttr::LocalIp(ip("192.0.2.1")),
            AmtAttr::DiscoveryIp(ip("198.51.100.1")),
            AmtAttr::Link(VETH0),
            AmtAttr::RelayPort(2268),
            AmtAttr::GatewayPort(2268),
            AmtAttr::MaxTunnels(10),
        ];
        assert_same("amt", "amt0", &data(KindAttrs::Amt(amt)));
        let batadv = vec![BatadvAttr::AlgoName("BATMAN_V")];
        assert_same("batadv", "bat0", &data(KindAttrs::Batadv(batadv)));
        let rmnet = vec![RmnetAttr::MuxId(5)];
        assert_same_on(
            "rmnet",
            "rmnet0",
            Some(VETH0),
            &data(KindAttrs::Rmnet(rmnet)),
        );
        let ipoib = vec![
            IpoibAttr::Pkey(0x8001),
            IpoibAttr::Mode(1),
            IpoibAttr::Umcast(1),
        ];
        assert_same_on("ipoib", "ib0", Some(VETH0), &data(KindAttrs::Ipoib(ipoib)));
        assert_same(
            "wwan",
            "wwan1",
            &data(KindAttrs::Wwan(vec![WwanAttr::LinkId(3)])),
        );
        assert_same(
            "dsa",
            "dsa0",
            &data(KindAttrs::Dsa(vec![DsaAttr::Conduit(VETH0)])),
        );
        // can bitrate 500000: the bit timing with only the rate set, after restart-ms.
        let can = vec![
            CanAttr::RestartMs(100),
            CanAttr::Bittiming(CanBittiming::from_bitrate(500_000, 0)),
        ];
        assert_same("can", "can0", &data(KindAttrs::Can(can)));
        assert_same(
            "vxcan",
            "vxcan0",
            &LinkKind::Vxcan {
                peer: "vxcan1".into(),
            },
        );
        // The kinds without data: the kind alone, and IFLA_LINK for those on a device.
        for (file, name, on) in [
            ("vcan", "vcan0", None),
            ("nlmon", "nlmon0", None),
            ("netkit", "nk0", None),
            ("team", "team0", None),
            ("netdevsim", "nsim0", None),
            ("virt_wifi", "vw0", Some(VETH0)),
            ("lowpan", "lowpan0", Some(VETH0)),
        ] {
            let kind =
                KindAttrs::empty(file).map_or_else(|| LinkKind::Other(file.into()), LinkKind::Data);
            assert_same_on(file, name, on, &kind);
        }
        assert_eq!(KindAttrs::empty("vti6").unwrap().kind_name(), "vti6");
        assert!(KindAttrs::empty("can").unwrap().is_empty());
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
