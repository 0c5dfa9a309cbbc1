//! Bridge ports as the bridge sees them (`bridge link`, `bridge vlan show`): the `AF_BRIDGE`
//! link messages, with the port's `IFLA_BRPORT_*` options in `IFLA_PROTINFO` and its VLANs in
//! `IFLA_AF_SPEC`; and the two requests that go through `RTM_SETLINK`/`RTM_DELLINK` with
//! `AF_BRIDGE`: port options ([`BridgePortRequest`], `bridge link set`) and port VLANs
//! ([`BridgeVlanRequest`], `bridge vlan add|del`, the older path that VLAN filtering uses).

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::link::{
    BridgeAfAttr, BridgeFlags, BridgeMode, BridgeVlanFlags, BridgeVlanInfo, BridgeVlanTunnelAttr,
    ExtFilter, IfFlags, IfInfoMsg, Ifla, IflaBridge, IflaBridgeVlanTunnel, LinkMsg,
};
use netlink_wire::rtnl::linkinfo::{BridgePortData, BridgePortState, IflaBrport};
use netlink_wire::rtnl::{AddressFamily, RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};
use zerocopy::byteorder::native_endian::U16;

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

/// Declares [`BridgePortSettings`] from one line per `IFLA_BRPORT_*` option, in the order
/// `bridge link set` writes them: its field, how it travels (`flag`: a `u8` that is 0 or 1;
/// `val T`: a value of type `T`), its attribute and its view accessor.
macro_rules! port_settings {
    (@ty flag) => { bool };
    (@ty val $t:ty) => { $t };
    (@get flag, $v:expr) => { $v.map(|b| b != 0) };
    (@get val $t:ty, $v:expr) => { $v };
    (@put flag, $w:ident, $k:expr, $v:expr) => { $w.put_u8($k, u8::from($v)) };
    (@put val $t:ty, $w:ident, $k:expr, $v:expr) => { $w.put_value($k, &$v) };
    ($( $(#[$doc:meta])* $field:ident: ($($kind:tt)+) = $Const:ident, $getter:ident; )*) => {
        /// A bridge port's options (`IFLA_BRPORT_*`): what the kernel reports in
        /// `IFLA_PROTINFO`, and what a [`BridgePortRequest`] changes (`None`: unchanged).
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct BridgePortSettings {
            $( $(#[$doc])* pub $field: Option<port_settings!(@ty $($kind)+)>, )*
        }

        impl BridgePortSettings {
            fn from_view(v: &BridgePortData<'_>) -> Result<Self> {
                v.validate()?;
                Ok(BridgePortSettings {
                    $( $field: port_settings!(@get $($kind)+, v.$getter()?), )*
                })
            }

            /// Writes the options that are set, in `bridge`'s order.
            fn write_to<W: AttrWrite>(&self, w: &mut W) {
                $( if let Some(v) = self.$field {
                    port_settings!(@put $($kind)+, w, IflaBrport::$Const, v);
                } )*
            }
        }

        setters!(BridgePortSettings { $( $field: port_settings!(@ty $($kind)+), )* });
    };
}

port_settings! {
    /// `guard`: drop BPDUs received on the port.
    guard: (flag) = GUARD, guard;
    /// `hairpin`: send frames back out of the port they came in.
    hairpin: (flag) = MODE, mode;
    /// `fastleave`: leave a group at once on an IGMP/MLD leave.
    fast_leave: (flag) = FAST_LEAVE, fast_leave;
    /// `root_block`: the port may not become the root port.
    root_block: (flag) = PROTECT, protect;
    /// `flood`: flood unknown unicast.
    flood: (flag) = UNICAST_FLOOD, unicast_flood;
    /// `mcast_router`: 0 disabled, 1 learned from queries, 2 permanent, 3 temporary.
    mcast_router: (val u8) = MULTICAST_ROUTER, multicast_router;
    /// `mcast_flood`: flood unknown multicast.
    mcast_flood: (flag) = MCAST_FLOOD, mcast_flood;
    /// `bcast_flood`: flood broadcast.
    bcast_flood: (flag) = BCAST_FLOOD, bcast_flood;
    /// `mcast_to_unicast`.
    mcast_to_unicast: (flag) = MCAST_TO_UCAST, mcast_to_ucast;
    /// `learning`: learn source addresses.
    learning: (flag) = LEARNING, learning;
    /// `learning_sync`: sync learned addresses to the bridge.
    learning_sync: (flag) = LEARNING_SYNC, learning_sync;
    /// `cost`: the spanning-tree path cost.
    cost: (val u32) = COST, cost;
    /// `priority`: the spanning-tree port priority.
    priority: (val u16) = PRIORITY, priority;
    /// `state`: the spanning-tree state.
    state: (val BridgePortState) = STATE, state;
    /// `neigh_suppress`: answer ARP and ND for known hosts.
    neigh_suppress: (flag) = NEIGH_SUPPRESS, neigh_suppress;
    /// `vlan_tunnel`: map VLANs to tunnel ids.
    vlan_tunnel: (flag) = VLAN_TUNNEL, vlan_tunnel;
    /// `isolated`: forward only to ports that are not isolated.
    isolated: (flag) = ISOLATED, isolated;
    /// `locked`: forward only from addresses with an FDB entry (802.1X).
    locked: (flag) = LOCKED, locked;
    /// `backup_port`: where traffic goes when the port's carrier is down (0: none).
    backup_port: (val u32) = BACKUP_PORT, backup_port;
    /// `mab`: MAC authentication bypass.
    mab: (flag) = MAB, mab;
    /// `proxy_arp`.
    proxy_arp: (flag) = PROXYARP, proxyarp;
    /// `proxy_arp_wifi`.
    proxy_arp_wifi: (flag) = PROXYARP_WIFI, proxyarp_wifi;
    /// `neigh_vlan_suppress`: neighbour suppression per VLAN.
    neigh_vlan_suppress: (flag) = NEIGH_VLAN_SUPPRESS, neigh_vlan_suppress;
}

/// One VLAN of a port, as `IFLA_BRIDGE_VLAN_INFO` holds it (a range comes as two, flagged
/// `RANGE_BEGIN` and `RANGE_END`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PortVlan {
    /// The VLAN id.
    pub vid: u16,
    /// `PVID`, `untagged`, `RANGE_BEGIN`, `RANGE_END`, ...
    pub flags: BridgeVlanFlags,
}

/// One VLAN-to-tunnel mapping of a port (`IFLA_BRIDGE_VLAN_TUNNEL_INFO`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PortVlanTunnel {
    /// The VLAN id.
    pub vid: u16,
    /// The tunnel id.
    pub tunnel_id: u32,
    /// `RANGE_BEGIN`, `RANGE_END`.
    pub flags: BridgeVlanFlags,
}

/// A bridge port, or bridge, as an `AF_BRIDGE` link dump reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BridgePort {
    /// The interface index.
    pub index: u32,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// `ifi_flags`.
    pub flags: IfFlags,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MASTER`: the bridge.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the lower or peer link (0: none).
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the namespace `link` is in.
    pub link_netnsid: Option<i32>,
    /// `IFLA_PROTINFO` as the bridge fills it (nested, `NLA_F_NESTED`): the port's options.
    pub settings: Option<BridgePortSettings>,
    /// `IFLA_PROTINFO` as some drivers fill it: the spanning-tree state alone.
    pub legacy_state: Option<BridgePortState>,
    /// `IFLA_BRIDGE_MODE` in `IFLA_AF_SPEC`: `VEB` or `VEPA`.
    pub hwmode: Option<BridgeMode>,
    /// `IFLA_BRIDGE_VLAN_INFO`s in `IFLA_AF_SPEC` (a dump asked for with
    /// [`ExtFilter::BRVLAN`] or [`ExtFilter::BRVLAN_COMPRESSED`]).
    pub vlans: Vec<PortVlan>,
    /// `IFLA_BRIDGE_VLAN_TUNNEL_INFO`s in `IFLA_AF_SPEC`.
    pub vlan_tunnels: Vec<PortVlanTunnel>,
}

impl BridgePort {
    /// Decodes an `AF_BRIDGE` link message, or an `AF_UNSPEC` one as `bridge monitor` reads
    /// it (its name, flags, MTU, master and lower link; it has no bridge options or VLANs).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a message of another
    /// family; an attribute that does not fit its type, or a malformed one.
    pub fn from_msg(l: &LinkMsg<'_>) -> Result<BridgePort> {
        l.check_frame()?;
        let bridge = l.family() == AddressFamily::BRIDGE;
        if !bridge && l.family() != AddressFamily::UNSPEC {
            return Err(invalid("not an AF_BRIDGE or AF_UNSPEC link message"));
        }
        let (mut settings, mut legacy_state) = (None, None);
        if let Some(p) = l.protinfo()?.filter(|_| bridge) {
            if p.is_flagged() {
                settings = Some(BridgePortSettings::from_view(&BridgePortData::new(
                    p.attrs(),
                ))?);
            } else {
                legacy_state = Some(BridgePortState(p.attr().as_u8()?));
            }
        }
        let (mut hwmode, mut vlans, mut vlan_tunnels) = (None, Vec::new(), Vec::new());
        if let Some(af) = if bridge { l.bridge_af_spec()? } else { None } {
            for a in af.typed_attrs() {
                match a? {
                    BridgeAfAttr::Mode(m) => hwmode = Some(m),
                    BridgeAfAttr::VlanInfo(v) => {
                        let v = v.get();
                        vlans.push(PortVlan {
                            vid: v.vid.get(),
                            flags: BridgeVlanFlags(v.flags.get()),
                        });
                    }
                    BridgeAfAttr::VlanTunnelInfo(t) => {
                        let mut e = PortVlanTunnel {
                            vid: 0,
                            tunnel_id: 0,
                            flags: BridgeVlanFlags::EMPTY,
                        };
                        for a in t.typed() {
                            match a? {
                                BridgeVlanTunnelAttr::Id(id) => e.tunnel_id = id,
                                BridgeVlanTunnelAttr::Vid(vid) => e.vid = vid,
                                BridgeVlanTunnelAttr::Flags(f) => e.flags = f,
                                _ => {}
                            }
                        }
                        vlan_tunnels.push(e);
                    }
                    _ => {}
                }
            }
        }
        Ok(BridgePort {
            index: l.index(),
            name: l.name()?.unwrap_or_default().to_owned(),
            flags: l.flags(),
            mtu: l.mtu()?,
            master: l.master()?,
            link: l.link()?,
            link_netnsid: l.link_netnsid()?,
            settings,
            legacy_state,
            hwmode,
            vlans,
            vlan_tunnels,
        })
    }
}

settable! {
    /// Which bridge ports [`Connection::bridge_ports`](crate::Connection::bridge_ports) returns, and what their messages carry.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct BridgePortFilter {
        /// Only this interface.
        index: Option<u32>,
        /// `IFLA_EXT_MASK`: [`ExtFilter::BRVLAN`] for each VLAN, or
        /// [`ExtFilter::BRVLAN_COMPRESSED`] for ranges (`bridge vlan show`, `bridge -c vlan show`);
        /// empty for none (`bridge link show`).
        ext_mask: ExtFilter,
    }
}

impl Object for BridgePort {
    type View<'a> = LinkMsg<'a>;
    type Filter = BridgePortFilter;
    const NEW: MessageType = RTM_NEWLINK;
    const DEL: MessageType = RTM_DELLINK;
    const GET: MessageType = RTM_GETLINK;

    fn dump_request(filter: &BridgePortFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, 0);
        let mut b = LinkMsg::builder(buf, RTM_GETLINK, Flags::EMPTY, &hdr)?;
        if !filter.ext_mask.is_empty() {
            b.put_value(Ifla::EXT_MASK, &filter.ext_mask);
        }
        b.finish()
    }

    fn matches(filter: &BridgePortFilter, l: &LinkMsg<'_>) -> Result<bool> {
        Ok(l.family() == AddressFamily::BRIDGE && filter.index.is_none_or(|i| i == l.index()))
    }

    fn from_view(l: &LinkMsg<'_>) -> Result<BridgePort> {
        BridgePort::from_msg(l)
    }
}

settable! {
    /// A change of a bridge port's options (`bridge link set`): `RTM_SETLINK` with `AF_BRIDGE`,
    /// the options in `IFLA_PROTINFO` (`NLA_F_NESTED`), and `IFLA_BRIDGE_FLAGS` and
    /// `IFLA_BRIDGE_MODE` in `IFLA_AF_SPEC` when set.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct BridgePortRequest {
        /// The port.
        fixed index: u32,
        /// The options to change.
        fixed settings: BridgePortSettings,
        /// `self` (the device's own bridging, a NIC's) or `master` (the bridge).
        flags: BridgeFlags,
        /// `hwmode`: `VEB` or `VEPA` (only in `self` mode).
        hwmode: Option<BridgeMode>,
    }
}

impl BridgePortRequest {
    /// A change of `settings` of port `index`.
    #[must_use]
    pub fn new(index: u32, settings: BridgePortSettings) -> Self {
        BridgePortRequest {
            index,
            settings,
            flags: BridgeFlags::EMPTY,
            hwmode: None,
        }
    }
}

impl Request for BridgePortRequest {
    type Object = BridgePort;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_SETLINK {
            return Err(invalid(
                "bridge port options change with RTM_SETLINK (Connection::set_bridge_port)",
            ));
        }
        if self.index == 0 {
            return Err(invalid("bridge port options need a device"));
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, self.index);
        let mut b = LinkMsg::builder(buf, t, flags, &hdr)?;
        {
            let mut p = b.nest(Ifla::PROTINFO.0 | NLA_F_NESTED);
            self.settings.write_to(&mut p);
        }
        if !self.flags.is_empty() || self.hwmode.is_some() {
            let mut af = b.nest(Ifla::AF_SPEC);
            if !self.flags.is_empty() {
                BridgeAfAttr::Flags(self.flags).write_to(&mut af);
            }
            if let Some(m) = self.hwmode {
                BridgeAfAttr::Mode(m).write_to(&mut af);
            }
        }
        b.finish()
    }
}

settable! {
    /// VLANs to add to or delete from a port (`bridge vlan add|del`): `RTM_SETLINK` or
    /// `RTM_DELLINK` with `AF_BRIDGE` and `IFLA_BRIDGE_VLAN_INFO` (or, with a tunnel id,
    /// `IFLA_BRIDGE_VLAN_TUNNEL_INFO`) in `IFLA_AF_SPEC`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct BridgeVlanRequest {
        /// The port or bridge.
        fixed index: u32,
        /// The VLAN, or the first of a range.
        fixed vid: u16,
        /// The last VLAN of a range.
        fixed vid_end: Option<u16>,
        /// `pvid`: untagged ingress goes to this VLAN (not for a range).
        pvid: bool,
        /// `untagged`: egress untagged.
        untagged: bool,
        /// `self` and/or `master` (`IFLA_BRIDGE_FLAGS`); neither by default.
        flags: BridgeFlags,
        /// `tunnel_info id ID[-END]`: map the VLAN(s) to tunnel ids instead.
        tunnel_id: Option<(u32, Option<u32>)>,
    }
}

impl BridgeVlanRequest {
    /// VLAN `vid` of port `index`.
    #[must_use]
    pub fn new(index: u32, vid: u16) -> Self {
        BridgeVlanRequest {
            index,
            vid,
            vid_end: None,
            pvid: false,
            untagged: false,
            flags: BridgeFlags::EMPTY,
            tunnel_id: None,
        }
    }

    /// VLANs `vid` to `end` of port `index`.
    #[must_use]
    pub fn range(index: u32, vid: u16, end: u16) -> Self {
        BridgeVlanRequest {
            vid_end: Some(end),
            ..Self::new(index, vid)
        }
    }
}

/// The largest VLAN id plus one.
const VLAN_N_VID: u16 = 4096;

fn vlan_info(flags: BridgeVlanFlags, vid: u16) -> BridgeVlanInfo {
    BridgeVlanInfo {
        flags: U16::new(flags.bits()),
        vid: U16::new(vid),
    }
}

impl Request for BridgeVlanRequest {
    type Object = BridgePort;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_SETLINK && t != RTM_DELLINK {
            return Err(invalid(
                "port VLANs change with RTM_SETLINK and RTM_DELLINK (add_bridge_vlan, delete_bridge_vlan)",
            ));
        }
        if self.index == 0 {
            return Err(invalid("a VLAN needs a device"));
        }
        if self.vid >= VLAN_N_VID {
            return Err(invalid(format!("Invalid VLAN ID \"{}\"", self.vid)));
        }
        if let Some(end) = self.vid_end {
            if end >= VLAN_N_VID || self.vid >= end {
                return Err(invalid(format!(
                    "Invalid VLAN range \"{}-{end}\"",
                    self.vid
                )));
            }
            if self.pvid {
                return Err(invalid("pvid cannot be configured for a vlan range"));
            }
        }
        if let Some((start, end)) = self.tunnel_id
            && (start >= 1 << 24 || end.is_some_and(|e| e >= 1 << 24))
        {
            return Err(invalid("invalid tun id"));
        }
        Ok(())
    }

    /// Writes what `bridge vlan add|del` writes: the flags, then either the tunnel mappings
    /// or the VLAN infos, a range as its first and last VLAN.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, self.index);
        let mut b = LinkMsg::builder(buf, t, flags, &hdr)?;
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            if !self.flags.is_empty() {
                BridgeAfAttr::Flags(self.flags).write_to(&mut af);
            }
            let range_end = self.vid_end.filter(|e| *e > self.vid);
            if let Some((id, id_end)) = self.tunnel_id {
                let mut one = |vid: u16, id: u32, f: BridgeVlanFlags| {
                    let mut n = af.nest(IflaBridge::VLAN_TUNNEL_INFO);
                    n.put_u32(IflaBridgeVlanTunnel::ID, id)
                        .put_u16(IflaBridgeVlanTunnel::VID, vid)
                        .put_u16(IflaBridgeVlanTunnel::FLAGS, f.bits());
                };
                match range_end {
                    Some(end) => {
                        one(self.vid, id, BridgeVlanFlags::RANGE_BEGIN);
                        one(end, id_end.unwrap_or(0), BridgeVlanFlags::RANGE_END);
                    }
                    None => one(self.vid, id, BridgeVlanFlags::EMPTY),
                }
            } else {
                let mut f = BridgeVlanFlags::EMPTY;
                if self.pvid {
                    f |= BridgeVlanFlags::PVID;
                }
                if self.untagged {
                    f |= BridgeVlanFlags::UNTAGGED;
                }
                match self.vid_end {
                    Some(end) => {
                        af.put_struct(
                            IflaBridge::VLAN_INFO,
                            &vlan_info(f | BridgeVlanFlags::RANGE_BEGIN, self.vid),
                        );
                        af.put_struct(
                            IflaBridge::VLAN_INFO,
                            &vlan_info(f | BridgeVlanFlags::RANGE_END, end),
                        );
                    }
                    None => {
                        af.put_struct(IflaBridge::VLAN_INFO, &vlan_info(f, self.vid));
                    }
                }
            }
        }
        b.finish()
    }
}

named_ops! { BridgePort, BridgePortRequest;
    list bridge_ports "The `AF_BRIDGE` link dump: bridges and their ports with their options, and VLANs when `filter.ext_mask` asks (`bridge link show`, `bridge vlan show`).";
    for_each for_each_bridge_port "The `AF_BRIDGE` link dump, streamed through `f` as borrowed views.";
}

send_ops! {
    BridgePortRequest => set_bridge_port(RTM_SETLINK, Flags::EMPTY) "Changes a bridge port's options (`bridge link set`).";
    BridgeVlanRequest => add_bridge_vlan(RTM_SETLINK, Flags::EMPTY) "Adds VLANs to a port (`bridge vlan add`); needs a bridge with VLAN filtering.";
    BridgeVlanRequest => delete_bridge_vlan(RTM_DELLINK, Flags::EMPTY) "Deletes VLANs from a port (`bridge vlan del`).";
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_wire::Messages;

    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../netlink-wire/testdata/bridge/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn same(buf: &[u8], name: &str) {
        let want = captured(name);
        assert_eq!((&buf[..8], &buf[16..]), (&want[..8], &want[16..]), "{name}");
    }

    const ACK: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0);

    #[test]
    fn port_requests_are_what_bridge_sends() {
        // `bridge link set dev v1 cost 10 priority 5 state 3 guard on hairpin on fastleave on
        // root_block off learning off learning_sync off flood off mcast_router 2 mcast_flood
        // off bcast_flood off mcast_to_unicast on neigh_suppress on vlan_tunnel off isolated
        // on locked off backup_port v0` (v1 2, v0 3).
        let s = BridgePortSettings::default()
            .cost(10)
            .priority(5)
            .state(BridgePortState::FORWARDING)
            .guard(true)
            .hairpin(true)
            .fast_leave(true)
            .root_block(false)
            .learning(false)
            .learning_sync(false)
            .flood(false)
            .mcast_router(2)
            .mcast_flood(false)
            .bcast_flood(false)
            .mcast_to_unicast(true)
            .neigh_suppress(true)
            .vlan_tunnel(false)
            .isolated(true)
            .locked(false)
            .backup_port(3);
        let req = BridgePortRequest::new(2, s);
        req.validate(RTM_SETLINK, ACK).unwrap();
        let mut buf = Vec::new();
        req.build(&mut buf, RTM_SETLINK, ACK).unwrap();
        same(&buf, "req-link-set.bin");
        // `bridge link set dev v1 hwmode vepa self`, `... nobackup_port master`.
        let mut buf = Vec::new();
        BridgePortRequest::new(2, BridgePortSettings::default())
            .flags(BridgeFlags::SELF)
            .hwmode(BridgeMode::VEPA)
            .build(&mut buf, RTM_SETLINK, ACK)
            .unwrap();
        same(&buf, "req-link-set-hwmode.bin");
        let mut buf = Vec::new();
        BridgePortRequest::new(2, BridgePortSettings::default().backup_port(0))
            .flags(BridgeFlags::MASTER)
            .build(&mut buf, RTM_SETLINK, ACK)
            .unwrap();
        same(&buf, "req-link-set-nobackup.bin");
        assert!(req.validate(RTM_NEWLINK, ACK).is_err());
    }

    #[test]
    fn vlan_requests_are_what_bridge_sends() {
        // v1 2, vx0 5.
        let cases = [
            (
                "req-vlan-add.bin",
                RTM_SETLINK,
                BridgeVlanRequest::new(2, 10)
                    .pvid(true)
                    .untagged(true)
                    .flags(BridgeFlags::MASTER),
            ),
            (
                "req-vlan-add-range.bin",
                RTM_SETLINK,
                BridgeVlanRequest::range(2, 20, 30)
                    .untagged(true)
                    .flags(BridgeFlags::SELF),
            ),
            (
                "req-vlan-add-tunnel.bin",
                RTM_SETLINK,
                BridgeVlanRequest::range(5, 40, 42).tunnel_id((1040, Some(1042))),
            ),
            (
                "req-vlan-add-tunnel1.bin",
                RTM_SETLINK,
                BridgeVlanRequest::new(5, 50).tunnel_id((1050, None)),
            ),
            (
                "req-vlan-del.bin",
                RTM_DELLINK,
                BridgeVlanRequest::new(2, 10),
            ),
        ];
        for (name, t, req) in cases {
            req.validate(t, ACK).unwrap();
            let mut buf = Vec::new();
            req.build(&mut buf, t, ACK).unwrap();
            same(&buf, name);
        }
        for bad in [
            BridgeVlanRequest::new(2, 4096),
            BridgeVlanRequest::range(2, 30, 20),
            BridgeVlanRequest::range(2, 20, 30).pvid(true),
        ] {
            assert!(bad.validate(RTM_SETLINK, ACK).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn decodes_the_captured_link_dump() {
        let bytes = captured("dump-link-bridge.bin");
        let mut ports = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() == RTM_NEWLINK {
                ports.push(BridgePort::from_view(&LinkMsg::parse(m).unwrap()).unwrap());
            }
        }
        let v1 = ports.iter().find(|p| p.name == "v1").expect("v1");
        assert_eq!(v1.master, Some(4));
        let s = v1.settings.expect("IFLA_PROTINFO");
        assert_eq!(
            (s.learning, s.flood, s.isolated, s.mcast_router),
            (Some(true), Some(true), Some(false), Some(2))
        );
        assert!(ports.iter().any(|p| p.name == "br0"));
    }
}
