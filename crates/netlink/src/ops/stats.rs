//! Link statistics by group (`ip stats show`): the 64-bit counters, a bridge's or bond's
//! extended counters and its ports', offload counters and per family counters, for one link
//! or every link; and turning hardware L3 statistics on or off (`ip stats set`).

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::link::RtnlLinkStats64;
use netlink_wire::rtnl::stats::{
    Bond3adStats, BondXstats, BrMcastStats, BridgeStpXstats, BridgeVlanXstats, BridgeXstats,
    BridgeXstatsAttr, HwStatsInfo, HwStatsState, IfStatsMsg, IflaOffloadXstats, LinkXstats,
    MplsLinkStats, MplsStats, OffloadXstats, RtnlHwStats64, StatsAfSpec, StatsFilterA, StatsGetSet,
    StatsMask, StatsMsg,
};
use netlink_wire::rtnl::{AddressFamily, RTM_GETSTATS, RTM_NEWSTATS, RTM_SETSTATS};
use netlink_wire::{AttrWrite, Flags, MessageType};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;
use crate::ops::link::LinkStats;

/// A bridge's or bridge port's extended counters (`LINK_XSTATS_TYPE_BRIDGE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BridgeCounters {
    /// `BRIDGE_XSTATS_MCAST`: IGMP and MLD counters.
    pub mcast: Option<BrMcastStats>,
    /// `BRIDGE_XSTATS_STP`: STP counters (ports).
    pub stp: Option<BridgeStpXstats>,
    /// `BRIDGE_XSTATS_VLAN`: per VLAN counters (bridges with VLAN statistics on).
    pub vlans: Vec<BridgeVlanXstats>,
}

/// A bond's or bond port's 802.3ad counters (`BOND_XSTATS_3AD`); a counter the kernel left out
/// reads 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LacpCounters {
    /// `BOND_3AD_STAT_LACPDU_RX`.
    pub lacpdu_rx: u64,
    /// `BOND_3AD_STAT_LACPDU_TX`.
    pub lacpdu_tx: u64,
    /// `BOND_3AD_STAT_LACPDU_UNKNOWN_RX`.
    pub lacpdu_unknown_rx: u64,
    /// `BOND_3AD_STAT_LACPDU_ILLEGAL_RX`.
    pub lacpdu_illegal_rx: u64,
    /// `BOND_3AD_STAT_MARKER_RX`.
    pub marker_rx: u64,
    /// `BOND_3AD_STAT_MARKER_TX`.
    pub marker_tx: u64,
    /// `BOND_3AD_STAT_MARKER_RESP_RX`.
    pub marker_resp_rx: u64,
    /// `BOND_3AD_STAT_MARKER_RESP_TX`.
    pub marker_resp_tx: u64,
    /// `BOND_3AD_STAT_MARKER_UNKNOWN_RX`.
    pub marker_unknown_rx: u64,
}

/// The extended counters of one `IFLA_STATS_LINK_XSTATS` or `..._XSTATS_SLAVE` nest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct KindCounters {
    /// `LINK_XSTATS_TYPE_BRIDGE`.
    pub bridge: Option<BridgeCounters>,
    /// `LINK_XSTATS_TYPE_BOND` / `BOND_XSTATS_3AD`.
    pub bond: Option<LacpCounters>,
}

/// Whether a kind of hardware statistics is requested and used
/// (`IFLA_OFFLOAD_XSTATS_HW_S_INFO_*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HwStatsUse {
    /// `..._REQUEST`: someone asked for them.
    pub request: Option<u8>,
    /// `..._USED`: some hardware keeps them.
    pub used: Option<u8>,
}

/// Offload statistics (`IFLA_STATS_LINK_OFFLOAD_XSTATS`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OffloadCounters {
    /// `IFLA_OFFLOAD_XSTATS_CPU_HIT`: what the device handed to the CPU.
    pub cpu_hit: Option<LinkStats>,
    /// `IFLA_OFFLOAD_XSTATS_HW_S_INFO` for L3 statistics; `None` when the nest or its L3 entry
    /// is absent.
    pub l3_info: Option<HwStatsUse>,
    /// Whether `IFLA_OFFLOAD_XSTATS_HW_S_INFO` was there at all.
    pub hw_s_info: bool,
    /// `IFLA_OFFLOAD_XSTATS_L3_STATS`: the hardware's L3 counters.
    pub l3_stats: Option<RtnlHwStats64>,
}

/// Statistics of one link by group, as the kernel reports them (`RTM_NEWSTATS`): each group
/// the request asked for that the link has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IfStats {
    /// `ifindex`.
    pub index: u32,
    /// `filter_mask`: the groups asked for.
    pub mask: StatsMask,
    /// `IFLA_STATS_LINK_64`.
    pub link64: Option<LinkStats>,
    /// `IFLA_STATS_LINK_XSTATS`: as a bridge or bond.
    pub xstats: Option<KindCounters>,
    /// `IFLA_STATS_LINK_XSTATS_SLAVE`: as a port of one.
    pub xstats_slave: Option<KindCounters>,
    /// `IFLA_STATS_LINK_OFFLOAD_XSTATS`.
    pub offload: Option<OffloadCounters>,
    /// `IFLA_STATS_AF_SPEC`: whether the nest was there.
    pub af_spec: bool,
    /// `IFLA_STATS_AF_SPEC` / `AF_MPLS` / `MPLS_STATS_LINK`.
    pub mpls: Option<MplsLinkStats>,
    /// The address families of the nests inside `IFLA_STATS_AF_SPEC`, in the kernel's order
    /// (MPLS, and any the crate does not decode).
    pub af_families: Vec<AddressFamily>,
}

fn link_stats(s: RtnlLinkStats64) -> LinkStats {
    LinkStats::from(s)
}

fn kind_counters(x: LinkXstats<'_>) -> Result<KindCounters> {
    let mut k = KindCounters::default();
    if let Some(b) = x.bridge()? {
        let b = BridgeXstats::from(b);
        let mut c = BridgeCounters::default();
        for a in b.typed_attrs() {
            match a? {
                BridgeXstatsAttr::Mcast(m) => c.mcast = Some(m.get()),
                BridgeXstatsAttr::Stp(s) => c.stp = Some(s.get()),
                BridgeXstatsAttr::Vlan(v) => c.vlans.push(v.get()),
                _ => {}
            }
        }
        k.bridge = Some(c);
    }
    if let Some(b) = x.bond()? {
        let b = BondXstats::from(b);
        if let Some(l) = b.lacp()? {
            let l = Bond3adStats::from(l);
            let z = |v: Option<u64>| v.unwrap_or(0);
            k.bond = Some(LacpCounters {
                lacpdu_rx: z(l.lacpdu_rx()?),
                lacpdu_tx: z(l.lacpdu_tx()?),
                lacpdu_unknown_rx: z(l.lacpdu_unknown_rx()?),
                lacpdu_illegal_rx: z(l.lacpdu_illegal_rx()?),
                marker_rx: z(l.marker_rx()?),
                marker_tx: z(l.marker_tx()?),
                marker_resp_rx: z(l.marker_resp_rx()?),
                marker_resp_tx: z(l.marker_resp_tx()?),
                marker_unknown_rx: z(l.marker_unknown_rx()?),
            });
        }
    }
    Ok(k)
}

fn offload_counters(o: OffloadXstats<'_>) -> Result<OffloadCounters> {
    let mut c = OffloadCounters {
        cpu_hit: o.cpu_hit()?.map(|s| link_stats(s.get())),
        l3_stats: o.l3_stats()?.map(|s| s.get()),
        ..OffloadCounters::default()
    };
    if let Some(info) = o.hw_s_info()? {
        c.hw_s_info = true;
        if let Some(l3) = HwStatsInfo::from(info).l3_stats()? {
            let l3 = HwStatsState::from(l3);
            c.l3_info = Some(HwStatsUse {
                request: l3.request()?,
                used: l3.used()?,
            });
        }
    }
    Ok(c)
}

impl IfStats {
    /// Decodes a statistics message.
    ///
    /// # Errors
    /// When an attribute, at any depth, is malformed.
    pub fn from_msg(m: &StatsMsg<'_>) -> Result<IfStats> {
        m.check_frame()?;
        let mut s = IfStats {
            index: m.index(),
            mask: m.mask(),
            link64: m.link64()?.map(|s| link_stats(s.get())),
            xstats: m
                .xstats()?
                .map(LinkXstats::from)
                .map(kind_counters)
                .transpose()?,
            xstats_slave: m
                .xstats_slave()?
                .map(LinkXstats::from)
                .map(kind_counters)
                .transpose()?,
            offload: m
                .offload_xstats()?
                .map(OffloadXstats::from)
                .map(offload_counters)
                .transpose()?,
            ..IfStats::default()
        };
        if let Some(af) = m.af_spec()? {
            s.af_spec = true;
            let af = StatsAfSpec::from(af);
            for a in af.attrs() {
                // A family number past a byte is no family ip knows either; it keeps its
                // low byte rather than failing the message.
                let n = a?.kind();
                s.af_families
                    .push(AddressFamily(u8::try_from(n).unwrap_or(u8::MAX)));
            }
            if let Some(mpls) = af.mpls()? {
                s.mpls = MplsStats::from(mpls).link()?.map(|l| l.get());
            }
        }
        Ok(s)
    }
}

settable! {
    /// Which statistics a dump or lookup asks for: the groups, and inside a group the members
    /// (`IFLA_STATS_GET_FILTERS`, `1 << (n - 1)` for member `n`). The default asks for every group
    /// of every link.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct StatsFilter {
        /// Only this link; a lookup names one.
        index: Option<u32>,
        /// The groups (`filter_mask`); the kernel refuses an empty one.
        mask: StatsMask,
        /// Inside `IFLA_STATS_LINK_XSTATS`: `LINK_XSTATS_TYPE_*` bits.
        xstats: Option<u32>,
        /// Inside `IFLA_STATS_LINK_XSTATS_SLAVE`.
        xstats_slave: Option<u32>,
        /// Inside `IFLA_STATS_LINK_OFFLOAD_XSTATS`: `IFLA_OFFLOAD_XSTATS_*` bits.
        offload: Option<u32>,
        /// Inside `IFLA_STATS_AF_SPEC`: address family bits.
        af_spec: Option<u32>,
    }
}

impl Default for StatsFilter {
    fn default() -> Self {
        StatsFilter {
            index: None,
            mask: StatsMask::ALL,
            xstats: None,
            xstats_slave: None,
            offload: None,
            af_spec: None,
        }
    }
}

impl StatsFilter {
    /// The groups of `mask`, every member.
    #[must_use]
    pub fn groups(mask: StatsMask) -> Self {
        StatsFilter {
            mask,
            ..StatsFilter::default()
        }
    }

    /// The request: `if_stats_msg` for link `index` (0 for a dump) and, when a group is
    /// narrowed, `IFLA_STATS_GET_FILTERS` with `NLA_F_NESTED` (as `ip stats` sends it).
    fn write(&self, buf: &mut Vec<u8>, index: u32) -> netlink_wire::Result<usize> {
        let hdr = IfStatsMsg::new(index, self.mask);
        let mut b = StatsMsg::builder(buf, RTM_GETSTATS, Flags::EMPTY, &hdr)?;
        let nested = [
            (StatsFilterA::LINK_XSTATS, self.xstats),
            (StatsFilterA::LINK_XSTATS_SLAVE, self.xstats_slave),
            (StatsFilterA::LINK_OFFLOAD_XSTATS, self.offload),
            (StatsFilterA::AF_SPEC, self.af_spec),
        ];
        if nested.iter().any(|(_, m)| m.is_some()) {
            let mut n = b.nest(StatsGetSet::GET_FILTERS.0 | NLA_F_NESTED);
            for (k, m) in nested {
                if let Some(m) = m {
                    n.put_u32(k, m);
                }
            }
            n.end();
        }
        b.finish()
    }
}

/// `IFLA_OFFLOAD_XSTATS_*` bit of `n` for [`StatsFilter::offload`].
#[must_use]
pub fn offload_bit(n: IflaOffloadXstats) -> u32 {
    StatsMask::bit(n.0)
}

impl Object for IfStats {
    type View<'a> = StatsMsg<'a>;
    type Filter = StatsFilter;
    const NEW: MessageType = RTM_NEWSTATS;
    /// Statistics are never deleted: this is [`Object::NEW`], and no request deletes.
    const DEL: MessageType = RTM_NEWSTATS;
    const GET: MessageType = RTM_GETSTATS;

    fn dump_request(filter: &StatsFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // A dump takes no link; the index is applied to the answers.
        filter.write(buf, 0)
    }

    fn matches(filter: &StatsFilter, view: &StatsMsg<'_>) -> Result<bool> {
        Ok(filter.index.is_none_or(|i| i == view.index()))
    }

    fn from_view(view: &StatsMsg<'_>) -> Result<IfStats> {
        IfStats::from_msg(view)
    }

    fn validate_filter(filter: &StatsFilter) -> Result<()> {
        if filter.mask.is_empty() {
            return Err(invalid("a statistics request needs at least one group"));
        }
        Ok(())
    }
}

/// The link (its [`StatsFilter::index`]) and the groups.
impl Lookup<StatsFilter> for IfStats {
    fn get_request(key: &StatsFilter, buf: &mut Vec<u8>) -> Result<()> {
        IfStats::validate_filter(key)?;
        let index = key
            .index
            .filter(|&i| i > 0)
            .ok_or_else(|| invalid("a statistics lookup names a link"))?;
        key.write(buf, index).map_err(Error::Encode)?;
        Ok(())
    }
}

/// Turns hardware L3 statistics of a link on or off (`ip stats set dev DEV l3_stats on|off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatsSetRequest {
    /// The link.
    pub index: u32,
    /// `IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS`.
    pub l3_stats: bool,
}

impl StatsSetRequest {
    /// Hardware L3 statistics on (`true`) or off for link `index`.
    #[must_use]
    pub fn l3_stats(index: u32, on: bool) -> Self {
        StatsSetRequest {
            index,
            l3_stats: on,
        }
    }
}

impl Request for StatsSetRequest {
    type Object = IfStats;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_SETSTATS {
            return Err(invalid("statistics are only set, never added or deleted"));
        }
        if self.index == 0 {
            return Err(invalid("interface index 0 is invalid"));
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = IfStatsMsg::new(self.index, StatsMask::EMPTY);
        let mut b = StatsMsg::builder(buf, t, flags, &hdr)?;
        b.put_u8(
            StatsGetSet::SET_OFFLOAD_XSTATS_L3_STATS,
            u8::from(self.l3_stats),
        );
        b.finish()
    }
}

named_ops! { IfStats, StatsSetRequest;
    list link_statistics "The statistics `filter` asks for, of every link or of its one (`ip stats show`).";
    for_each for_each_link_statistics "The statistics `filter` asks for, streamed through `f` as borrowed views.";
}

impl crate::ops::notices::Notice for IfStats {
    const TYPE: MessageType = RTM_NEWSTATS;
    type View<'a> = StatsMsg<'a>;

    fn from_view(m: &StatsMsg<'_>) -> Result<Self> {
        IfStats::from_msg(m)
    }
}

impl crate::Connection {
    /// The statistics `filter` asks for of link `filter.index` (`ip stats show dev DEV`): one
    /// `RTM_GETSTATS` request, no dump.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without a link or group; a kernel or decode error.
    pub fn link_statistics_of(&self, filter: &StatsFilter) -> Result<Option<IfStats>> {
        self.get::<IfStats, _>(filter)
    }

    /// Turns hardware L3 statistics on or off (`ip stats set`); `EOPNOTSUPP` on a link whose
    /// hardware cannot keep them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before anything is sent; the kernel's error otherwise.
    pub fn set_link_statistics(&self, req: &StatsSetRequest) -> Result<()> {
        self.send(req, RTM_SETSTATS, Flags::EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_what_ip_sends() {
        // `ip stats show dev veth0` (index 2): a lookup of every group.
        let mut buf = Vec::new();
        IfStats::get_request(&StatsFilter::default().index(2), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0, 2, 0, 0, 0, 0x1f, 0, 0, 0]);
        // `ip stats show dev veth0 group offload subgroup l3_stats`.
        let f = StatsFilter::groups(StatsMask::LINK_OFFLOAD_XSTATS)
            .index(2)
            .offload(
                offload_bit(IflaOffloadXstats::HW_S_INFO)
                    | offload_bit(IflaOffloadXstats::L3_STATS),
            );
        let mut buf = Vec::new();
        IfStats::get_request(&f, &mut buf).unwrap();
        assert_eq!(
            &buf[16..],
            &[
                0, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 12, 0, 1, 0x80, 8, 0, 4, 0, 6, 0, 0, 0
            ]
        );
        // `ip stats show group link`: a dump.
        let mut buf = Vec::new();
        IfStats::dump_request(&StatsFilter::groups(StatsMask::LINK_64), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        // `ip stats set dev veth0 l3_stats on`.
        let mut buf = Vec::new();
        let r = StatsSetRequest::l3_stats(2, true);
        r.validate(RTM_SETSTATS, Flags::EMPTY).unwrap();
        r.build(&mut buf, RTM_SETSTATS, Flags::EMPTY).unwrap();
        assert_eq!(
            &buf[16..],
            &[0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 2, 0, 1, 0, 0, 0]
        );
    }

    #[test]
    fn bad_requests_are_refused() {
        let mut buf = Vec::new();
        assert!(IfStats::get_request(&StatsFilter::default(), &mut buf).is_err());
        let empty = StatsFilter::groups(StatsMask::EMPTY).index(1);
        assert!(IfStats::get_request(&empty, &mut buf).is_err());
        assert!(
            StatsSetRequest::l3_stats(0, true)
                .validate(RTM_SETSTATS, Flags::EMPTY)
                .is_err()
        );
    }

    #[test]
    fn the_captured_dump_decodes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../netlink-wire/testdata/stats_dump.bin"
        );
        let bytes = std::fs::read(path).unwrap();
        let all: Vec<IfStats> = netlink_wire::Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWSTATS)
            .map(|m| IfStats::from_msg(&StatsMsg::parse(m).unwrap()).unwrap())
            .collect();
        assert_eq!(all.len(), 4);
        let port = all.iter().find(|s| s.index == 2).unwrap();
        let b = port.xstats_slave.as_ref().unwrap().bridge.as_ref().unwrap();
        assert!(b.mcast.is_some() && b.stp.is_some());
        let off = port.offload.unwrap();
        assert!(off.hw_s_info);
        assert_eq!(
            off.l3_info,
            Some(HwStatsUse {
                request: Some(0),
                used: Some(0)
            })
        );
        assert!(all.iter().all(|s| s.link64.is_some() && s.af_spec));
    }
}
