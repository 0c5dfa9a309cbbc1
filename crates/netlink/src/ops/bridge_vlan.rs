//! Bridge VLANs through `RTM_*VLAN` (`bridge -d vlan show`, `bridge vlan set`, `bridge vlan
//! global`): per-port VLAN entries with their options, and the bridges' global VLAN options.
//! Adding and deleting port VLANs goes through `RTM_SETLINK`
//! ([`BridgeVlanRequest`](crate::ops::bridge_port::BridgeVlanRequest)).
//!
//! These messages exist only in kernels with bridge VLAN filtering
//! (`CONFIG_BRIDGE_VLAN_FILTERING`); elsewhere the kernel answers `EOPNOTSUPP`.

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::bridge_vlan::{
    BrVlanMsg, BridgeVlanAttr, BridgeVlanDumpAttr, BridgeVlanMsg, BridgeVlandb, BridgeVlandbEntry,
    BridgeVlandbGopts, VlanDumpFlags, VlanEntry as VlanEntryView, VlanGlobalOptions, VlanStats,
    VlanTunnelInfo,
};
use netlink_wire::rtnl::link::{BridgeVlanFlags, BridgeVlanInfo};
use netlink_wire::rtnl::linkinfo::BridgePortState;
use netlink_wire::rtnl::mdb::MdbRouterType;
use netlink_wire::rtnl::{AddressFamily, RTM_DELVLAN, RTM_GETVLAN, RTM_NEWVLAN};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};
use zerocopy::byteorder::native_endian::U16;

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;
use crate::ops::mdb::MdbRouterPort;

/// A VLAN's counters (`BRIDGE_VLANDB_ENTRY_STATS`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VlanCounters {
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets received.
    pub rx_packets: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
}

/// One VLAN (range) of a port with its options (`BRIDGE_VLANDB_ENTRY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VlanEntry {
    /// The VLAN id, or the first of the range.
    pub vid: u16,
    /// The last VLAN of the range (`vid` for one VLAN).
    pub vid_end: u16,
    /// `PVID`, `untagged`, ...
    pub flags: BridgeVlanFlags,
    /// The per-VLAN spanning-tree state.
    pub state: Option<BridgePortState>,
    /// The per-VLAN multicast router setting.
    pub mcast_router: Option<MdbRouterType>,
    /// The tunnel id the VLAN maps to.
    pub tunnel_id: Option<u32>,
    /// The counters, in a dump asked for with them.
    pub stats: Option<VlanCounters>,
}

/// Declares [`VlanGlobals`] and [`VlanGlobalRequest`]'s options from one line per
/// `BRIDGE_VLANDB_GOPTS_*` option, in the order `bridge vlan global set` writes them.
macro_rules! global_options {
    ($( $(#[$doc:meta])* $field:ident: $t:ty = $Const:ident, $getter:ident; )*) => {
        /// A bridge VLAN's global multicast options (`BRIDGE_VLANDB_GOPTS_*`): what the kernel
        /// reports, and what a [`VlanGlobalRequest`] changes (`None`: unchanged). Intervals are
        /// in hundredths of a second.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct VlanGlobalSettings {
            $( $(#[$doc])* pub $field: Option<$t>, )*
        }

        impl VlanGlobalSettings {
            fn from_view(v: &VlanGlobalOptions<'_>) -> Result<Self> {
                Ok(VlanGlobalSettings { $( $field: v.$getter()?, )* })
            }

            fn write_to<W: AttrWrite>(&self, w: &mut W) {
                $( if let Some(v) = self.$field {
                    w.put_value(BridgeVlandbGopts::$Const, &v);
                } )*
            }
        }

        setters!(VlanGlobalSettings { $( $field: $t, )* });
    };
}

global_options! {
    /// `mcast_snooping`.
    mcast_snooping: u8 = MCAST_SNOOPING, mcast_snooping;
    /// `mcast_querier`.
    mcast_querier: u8 = MCAST_QUERIER, mcast_querier;
    /// `mcast_igmp_version`.
    mcast_igmp_version: u8 = MCAST_IGMP_VERSION, mcast_igmp_version;
    /// `mcast_mld_version`.
    mcast_mld_version: u8 = MCAST_MLD_VERSION, mcast_mld_version;
    /// `mcast_last_member_count`.
    mcast_last_member_count: u32 = MCAST_LAST_MEMBER_CNT, mcast_last_member_cnt;
    /// `mcast_startup_query_count`.
    mcast_startup_query_count: u32 = MCAST_STARTUP_QUERY_CNT, mcast_startup_query_cnt;
    /// `mcast_last_member_interval`.
    mcast_last_member_interval: u64 = MCAST_LAST_MEMBER_INTVL, mcast_last_member_intvl;
    /// `mcast_membership_interval`.
    mcast_membership_interval: u64 = MCAST_MEMBERSHIP_INTVL, mcast_membership_intvl;
    /// `mcast_querier_interval`.
    mcast_querier_interval: u64 = MCAST_QUERIER_INTVL, mcast_querier_intvl;
    /// `mcast_query_interval`.
    mcast_query_interval: u64 = MCAST_QUERY_INTVL, mcast_query_intvl;
    /// `mcast_query_response_interval`.
    mcast_query_response_interval: u64 = MCAST_QUERY_RESPONSE_INTVL, mcast_query_response_intvl;
    /// `mcast_startup_query_interval`.
    mcast_startup_query_interval: u64 = MCAST_STARTUP_QUERY_INTVL, mcast_startup_query_intvl;
}

/// One VLAN (range) of a bridge with its global options (`BRIDGE_VLANDB_GLOBAL_OPTIONS`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VlanGlobals {
    /// The VLAN id, or the first of the range.
    pub vid: u16,
    /// The last VLAN of the range (`vid` for one VLAN).
    pub vid_end: u16,
    /// The options.
    pub settings: VlanGlobalSettings,
    /// The VLAN's multicast router ports.
    pub router_ports: Vec<MdbRouterPort>,
}

/// One bridge VLAN message: a port's (or bridge's) VLAN entries, or a bridge's global VLAN
/// options.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BridgeVlan {
    /// The port or bridge.
    pub index: u32,
    /// Its VLAN entries.
    pub entries: Vec<VlanEntry>,
    /// Its global VLAN options (a bridge's, in a dump asked for with
    /// [`VlanDumpFlags::GLOBAL`]).
    pub globals: Vec<VlanGlobals>,
}

impl VlanEntry {
    fn from_view(e: &VlanEntryView<'_>) -> Result<VlanEntry> {
        e.validate()?;
        let info = e
            .info()?
            .map(|i| i.get())
            .ok_or_else(|| invalid("a VLAN entry without BRIDGE_VLANDB_ENTRY_INFO"))?;
        let vid = info.vid.get();
        let stats = match e.stats()? {
            Some(s) => {
                let s = VlanStats::from(s);
                s.validate()?;
                Some(VlanCounters {
                    rx_bytes: s.rx_bytes()?.unwrap_or(0),
                    rx_packets: s.rx_packets()?.unwrap_or(0),
                    tx_bytes: s.tx_bytes()?.unwrap_or(0),
                    tx_packets: s.tx_packets()?.unwrap_or(0),
                })
            }
            None => None,
        };
        Ok(VlanEntry {
            vid,
            vid_end: e.range()?.unwrap_or(vid),
            flags: BridgeVlanFlags(info.flags.get()),
            state: e.state()?,
            mcast_router: e.mcast_router()?,
            tunnel_id: e
                .tunnel_info()?
                .map(|t| VlanTunnelInfo::from(t).id())
                .transpose()?
                .flatten(),
            stats,
        })
    }
}

impl VlanGlobals {
    fn from_view(g: &VlanGlobalOptions<'_>) -> Result<VlanGlobals> {
        g.validate()?;
        let vid = g.id()?.unwrap_or(0);
        let router_ports = match g.mcast_router_ports()? {
            Some(r) => MdbRouterPort::list(&r)?,
            None => Vec::new(),
        };
        Ok(VlanGlobals {
            vid,
            vid_end: g.range()?.unwrap_or(vid),
            settings: VlanGlobalSettings::from_view(g)?,
            router_ports,
        })
    }
}

impl BridgeVlan {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type, or one is malformed.
    pub fn from_msg(m: &BridgeVlanMsg<'_>) -> Result<BridgeVlan> {
        m.check_frame()?;
        let (mut entries, mut globals) = (Vec::new(), Vec::new());
        for a in m.typed_attrs() {
            match a? {
                BridgeVlanAttr::Entry(e) => {
                    entries.push(VlanEntry::from_view(&VlanEntryView::from(e))?);
                }
                BridgeVlanAttr::GlobalOptions(g) => {
                    globals.push(VlanGlobals::from_view(&VlanGlobalOptions::from(g))?);
                }
                _ => {}
            }
        }
        Ok(BridgeVlan {
            index: m.index(),
            entries,
            globals,
        })
    }
}

settable! {
    /// Which VLANs [`Connection::bridge_vlans`](crate::Connection::bridge_vlans) returns.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct BridgeVlanFilter {
        /// Only this port or bridge (applied to what comes back, as `bridge` does).
        index: Option<u32>,
        /// `BRIDGE_VLANDB_DUMP_FLAGS`: counters, or the global options only.
        dump_flags: VlanDumpFlags,
    }
}

impl Object for BridgeVlan {
    type View<'a> = BridgeVlanMsg<'a>;
    type Filter = BridgeVlanFilter;
    const NEW: MessageType = RTM_NEWVLAN;
    const DEL: MessageType = RTM_DELVLAN;
    const GET: MessageType = RTM_GETVLAN;

    /// `bridge -d vlan show`'s request: every device, the flags always sent.
    fn dump_request(filter: &BridgeVlanFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = BrVlanMsg::new(AddressFamily::BRIDGE, 0);
        let mut b = BridgeVlanMsg::builder(buf, RTM_GETVLAN, Flags::EMPTY, &hdr)?;
        BridgeVlanDumpAttr::Flags(filter.dump_flags).write_to(&mut b);
        b.finish()
    }

    fn matches(filter: &BridgeVlanFilter, m: &BridgeVlanMsg<'_>) -> Result<bool> {
        Ok(filter.index.is_none_or(|i| i == m.index()))
    }

    fn from_view(m: &BridgeVlanMsg<'_>) -> Result<BridgeVlan> {
        BridgeVlan::from_msg(m)
    }
}

settable! {
    /// A change of the options of a port's VLANs (`bridge vlan set`): an entry flagged
    /// `BRIDGE_VLAN_INFO_ONLY_OPTS`, so that nothing is created or deleted.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct VlanOptionsRequest {
        /// The port or bridge.
        fixed index: u32,
        /// The VLAN, or the first of a range.
        fixed vid: u16,
        /// The last VLAN of a range.
        vid_end: Option<u16>,
        /// The spanning-tree state.
        state: Option<BridgePortState>,
        /// The multicast router setting.
        mcast_router: Option<MdbRouterType>,
    }
}

impl VlanOptionsRequest {
    /// A change of VLAN `vid` of `index`.
    #[must_use]
    pub fn new(index: u32, vid: u16) -> Self {
        VlanOptionsRequest {
            index,
            vid,
            vid_end: None,
            state: None,
            mcast_router: None,
        }
    }
}

/// The checks of a VLAN or range, as `bridge` words them.
fn check_vid(vid: u16, end: Option<u16>) -> Result<()> {
    if let Some(end) = end
        && (vid >= end || end >= 4096)
    {
        return Err(invalid(format!("Invalid VLAN range \"{vid}-{end}\"")));
    }
    if vid >= 4096 {
        return Err(invalid(format!("Invalid VLAN ID \"{vid}\"")));
    }
    Ok(())
}

impl Request for VlanOptionsRequest {
    type Object = BridgeVlan;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("VLAN options need a device"));
        }
        check_vid(self.vid, self.vid_end)
    }

    /// Writes the entry (`NLA_F_NESTED`): info, range, state, router.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = BrVlanMsg::new(AddressFamily::BRIDGE, self.index);
        let mut b = BridgeVlanMsg::builder(buf, t, flags, &hdr)?;
        {
            let mut e = b.nest(BridgeVlandb::ENTRY.0 | NLA_F_NESTED);
            e.put_struct(
                BridgeVlandbEntry::INFO,
                &BridgeVlanInfo {
                    flags: U16::new(BridgeVlanFlags::ONLY_OPTS.bits()),
                    vid: U16::new(self.vid),
                },
            );
            e.put_some(BridgeVlandbEntry::RANGE, self.vid_end);
            e.put_some(BridgeVlandbEntry::STATE, self.state);
            e.put_some(BridgeVlandbEntry::MCAST_ROUTER, self.mcast_router);
        }
        b.finish()
    }
}

settable! {
    /// A change of a bridge VLAN's global options (`bridge vlan global set`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct VlanGlobalRequest {
        /// The bridge.
        fixed index: u32,
        /// The VLAN, or the first of a range.
        fixed vid: u16,
        /// The last VLAN of a range.
        vid_end: Option<u16>,
        /// The options to change.
        fixed settings: VlanGlobalSettings,
    }
}

impl VlanGlobalRequest {
    /// A change of `settings` of VLAN `vid` of bridge `index`.
    #[must_use]
    pub fn new(index: u32, vid: u16, settings: VlanGlobalSettings) -> Self {
        VlanGlobalRequest {
            index,
            vid,
            vid_end: None,
            settings,
        }
    }
}

impl Request for VlanGlobalRequest {
    type Object = BridgeVlan;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("global VLAN options need a bridge"));
        }
        check_vid(self.vid, self.vid_end)
    }

    /// Writes the global options nest (`NLA_F_NESTED`): id, range, then the options.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = BrVlanMsg::new(AddressFamily::BRIDGE, self.index);
        let mut b = BridgeVlanMsg::builder(buf, t, flags, &hdr)?;
        {
            let mut g = b.nest(BridgeVlandb::GLOBAL_OPTIONS.0 | NLA_F_NESTED);
            g.put_u16(BridgeVlandbGopts::ID, self.vid);
            g.put_some(BridgeVlandbGopts::RANGE, self.vid_end);
            self.settings.write_to(&mut g);
        }
        b.finish()
    }
}

named_ops! { BridgeVlan, VlanOptionsRequest;
    list bridge_vlans "Bridge VLANs through `RTM_GETVLAN` (`bridge -d vlan show`, `bridge vlan global show`).";
    for_each for_each_bridge_vlan "Bridge VLANs through `RTM_GETVLAN`, streamed through `f` as borrowed views.";
}

send_ops! {
    VlanOptionsRequest => set_vlan_options(RTM_NEWVLAN, Flags::EMPTY) "Changes the options of a port's VLANs (`bridge vlan set`); `EOPNOTSUPP` without VLAN filtering.";
    VlanGlobalRequest => set_vlan_global_options(RTM_NEWVLAN, Flags::EMPTY) "Changes a bridge VLAN's global options (`bridge vlan global set`).";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(buf: &[u8], name: &str) {
        let want = std::fs::read(format!(
            "{}/../netlink-wire/testdata/bridge/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!((&buf[..8], &buf[16..]), (&want[..8], &want[16..]), "{name}");
    }

    const ACK: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0);

    #[test]
    fn requests_are_what_bridge_sends() {
        // v1 2, br0 4.
        let mut buf = Vec::new();
        VlanOptionsRequest::new(2, 10)
            .vid_end(12)
            .state(BridgePortState::FORWARDING)
            .mcast_router(MdbRouterType::PERM)
            .build(&mut buf, RTM_NEWVLAN, ACK)
            .unwrap();
        same(&buf, "req-vlan-set.bin");
        let s = VlanGlobalSettings::default()
            .mcast_snooping(1)
            .mcast_querier(1)
            .mcast_igmp_version(3)
            .mcast_mld_version(2)
            .mcast_last_member_count(3)
            .mcast_startup_query_count(4)
            .mcast_last_member_interval(200)
            .mcast_membership_interval(26000)
            .mcast_querier_interval(25500)
            .mcast_query_interval(12500)
            .mcast_query_response_interval(1000)
            .mcast_startup_query_interval(3125);
        let mut buf = Vec::new();
        VlanGlobalRequest::new(4, 10, s)
            .build(&mut buf, RTM_NEWVLAN, ACK)
            .unwrap();
        same(&buf, "req-vlan-global-set.bin");
        let mut buf = Vec::new();
        VlanGlobalRequest::new(4, 20, VlanGlobalSettings::default().mcast_snooping(0))
            .vid_end(25)
            .build(&mut buf, RTM_NEWVLAN, ACK)
            .unwrap();
        same(&buf, "req-vlan-global-set-range.bin");
        let mut buf = Vec::new();
        BridgeVlan::dump_request(
            &BridgeVlanFilter::default().dump_flags(VlanDumpFlags::STATS),
            &mut buf,
        )
        .unwrap();
        buf[6] |= (Flags::REQUEST.0 | Flags::DUMP.0) as u8;
        buf[7] |= (Flags::DUMP.0 >> 8) as u8;
        same(&buf, "req-vlan-show-details-stats.bin");
        for bad in [
            VlanOptionsRequest::new(2, 4096),
            VlanOptionsRequest::new(2, 10).vid_end(10),
        ] {
            assert!(bad.validate(RTM_NEWVLAN, ACK).is_err());
        }
    }
}
