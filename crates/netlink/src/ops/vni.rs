//! VXLAN VNI filtering (`bridge vni`): the VNIs a VXLAN device in `external vnifilter` mode
//! carries, each with an optional multicast group or unicast remote.
//!
//! The kernel sends one `RTM_NEWTUNNEL` message per device (or per batch of its VNIs); [`Vnis`]
//! is that message, owned.

use std::net::IpAddr;

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tunnel::{
    TunnelAttr, TunnelMsg, TunnelMsgFlags, TunnelMsgHdr, VniEntry as VniEntryView, VniStats,
    VxlanVnifilter, VxlanVnifilterEntry,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELTUNNEL, RTM_GETTUNNEL, RTM_NEWTUNNEL};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

/// The counters of a VNI (`VXLAN_VNIFILTER_ENTRY_STATS`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VniCounters {
    /// Bytes received.
    pub rx_bytes: Option<u64>,
    /// Packets received.
    pub rx_pkts: Option<u64>,
    /// Received packets dropped.
    pub rx_drops: Option<u64>,
    /// Receive errors.
    pub rx_errors: Option<u64>,
    /// Bytes sent.
    pub tx_bytes: Option<u64>,
    /// Packets sent.
    pub tx_pkts: Option<u64>,
    /// Packets dropped on the way out.
    pub tx_drops: Option<u64>,
    /// Send errors.
    pub tx_errors: Option<u64>,
}

/// One VNI, or a range of VNIs, of a device (`VXLAN_VNIFILTER_ENTRY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VniRange {
    /// The first (or only) VNI.
    pub start: u32,
    /// The last VNI of a range (`None` or 0 for one VNI, as the kernel sends it).
    pub end: Option<u32>,
    /// The multicast group or unicast remote (`VXLAN_VNIFILTER_ENTRY_GROUP`/`GROUP6`).
    pub group: Option<IpAddr>,
    /// The counters, in a dump asked for with them.
    pub stats: Option<VniCounters>,
}

impl VniRange {
    /// One VNI.
    #[must_use]
    pub fn one(vni: u32) -> Self {
        VniRange {
            start: vni,
            end: None,
            group: None,
            stats: None,
        }
    }

    /// VNIs `start` to `end`.
    #[must_use]
    pub fn range(start: u32, end: u32) -> Self {
        VniRange {
            end: Some(end),
            ..Self::one(start)
        }
    }

    /// The same VNIs with a multicast group or unicast remote.
    #[must_use]
    pub fn group(mut self, group: IpAddr) -> Self {
        self.group = Some(group);
        self
    }

    fn from_view(e: &VniEntryView<'_>) -> Result<VniRange> {
        e.validate()?;
        let stats = match e.stats()? {
            Some(s) => {
                let s = VniStats::from(s);
                s.validate()?;
                Some(VniCounters {
                    rx_bytes: s.rx_bytes()?,
                    rx_pkts: s.rx_pkts()?,
                    rx_drops: s.rx_drops()?,
                    rx_errors: s.rx_errors()?,
                    tx_bytes: s.tx_bytes()?,
                    tx_pkts: s.tx_pkts()?,
                    tx_drops: s.tx_drops()?,
                    tx_errors: s.tx_errors()?,
                })
            }
            None => None,
        };
        Ok(VniRange {
            start: e.start()?.unwrap_or(0),
            end: e.end()?,
            group: e.group()?.or(e.group6()?),
            stats,
        })
    }
}

/// One tunnel message: VNIs of a VXLAN device.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Vnis {
    /// The VXLAN device.
    pub index: u32,
    /// Its VNIs and ranges, in the kernel's order.
    pub entries: Vec<VniRange>,
}

impl Vnis {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type, or one is malformed.
    pub fn from_msg(m: &TunnelMsg<'_>) -> Result<Vnis> {
        m.check_frame()?;
        let mut entries = Vec::new();
        for a in m.typed_attrs() {
            if let TunnelAttr::Entry(e) = a? {
                entries.push(VniRange::from_view(&VniEntryView::from(e))?);
            }
        }
        Ok(Vnis {
            index: m.index(),
            entries,
        })
    }
}

settable! {
    /// Which VNIs [`Connection::vnis`](crate::Connection::vnis) returns.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct VniFilter {
        /// Only this device (sent to the kernel in `tunnel_msg.ifindex`).
        index: Option<u32>,
        /// Ask for each VNI's counters (`TUNNEL_MSG_FLAG_STATS`); the kernel then lists the VNIs
        /// of a range one by one.
        stats: bool,
    }
}

impl Object for Vnis {
    type View<'a> = TunnelMsg<'a>;
    type Filter = VniFilter;
    const NEW: MessageType = RTM_NEWTUNNEL;
    const DEL: MessageType = RTM_DELTUNNEL;
    const GET: MessageType = RTM_GETTUNNEL;

    fn dump_request(filter: &VniFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let flags = if filter.stats {
            TunnelMsgFlags::STATS
        } else {
            TunnelMsgFlags::EMPTY
        };
        let hdr = TunnelMsgHdr::new(AddressFamily::BRIDGE, filter.index.unwrap_or(0), flags);
        TunnelMsg::builder(buf, RTM_GETTUNNEL, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &VniFilter, m: &TunnelMsg<'_>) -> Result<bool> {
        Ok(filter.index.is_none_or(|i| i == m.index()))
    }

    fn from_view(m: &TunnelMsg<'_>) -> Result<Vnis> {
        Vnis::from_msg(m)
    }
}

/// VNIs to add to or delete from a VXLAN device (`bridge vni add|del`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VniRequest {
    /// The VXLAN device.
    pub index: u32,
    /// The VNIs, one `VXLAN_VNIFILTER_ENTRY` each.
    pub entries: Vec<VniRange>,
}

impl VniRequest {
    /// `entries` of device `index`.
    #[must_use]
    pub fn new(index: u32, entries: Vec<VniRange>) -> Self {
        VniRequest { index, entries }
    }
}

impl Request for VniRequest {
    type Object = Vnis;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("VNIs need a VXLAN device"));
        }
        if self.entries.is_empty() {
            return Err(invalid("no VNI given"));
        }
        for e in &self.entries {
            if e.start > 0xff_ffff || e.end.is_some_and(|end| end > 0xff_ffff || end < e.start) {
                return Err(invalid(format!(
                    "invalid VNI range {}-{:?}",
                    e.start, e.end
                )));
            }
        }
        Ok(())
    }

    /// Writes one `VXLAN_VNIFILTER_ENTRY` (`NLA_F_NESTED`) per range, as `bridge` does:
    /// start, end (when not 0), group.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = TunnelMsgHdr::new(AddressFamily::BRIDGE, self.index, TunnelMsgFlags::EMPTY);
        let mut b = TunnelMsg::builder(buf, t, flags, &hdr)?;
        for e in &self.entries {
            let mut n = b.nest(VxlanVnifilter::ENTRY.0 | NLA_F_NESTED);
            n.put_u32(VxlanVnifilterEntry::START, e.start);
            n.put_some(VxlanVnifilterEntry::END, e.end.filter(|v| *v != 0));
            match e.group {
                Some(g @ IpAddr::V4(_)) => {
                    n.put_ip(VxlanVnifilterEntry::GROUP, g);
                }
                Some(g @ IpAddr::V6(_)) => {
                    n.put_ip(VxlanVnifilterEntry::GROUP6, g);
                }
                None => {}
            }
        }
        b.finish()
    }
}

named_ops! { Vnis, VniRequest;
    list vnis "The VNIs of the VXLAN devices matching `filter` (`bridge vni show`).";
    for_each for_each_vni "The VNIs, streamed through `f` as borrowed views.";
    delete delete_vnis "Deletes VNIs from a VXLAN device (`bridge vni del`).";
}

send_ops! {
    VniRequest => add_vnis(RTM_NEWTUNNEL, Flags::EMPTY) "Adds VNIs to a VXLAN device (`bridge vni add`). As `bridge`, the request carries no creation flags: adding a VNI that is there already succeeds.";
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

    #[test]
    fn decodes_and_builds_as_bridge() {
        let bytes = captured("dump-vni.bin");
        let mut all = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() == RTM_NEWTUNNEL {
                all.push(Vnis::from_view(&TunnelMsg::parse(m).unwrap()).unwrap());
            }
        }
        let ranges: Vec<VniRange> = all.iter().flat_map(|v| v.entries.clone()).collect();
        assert!(ranges.contains(&VniRange::range(200, 210).group("192.0.2.30".parse().unwrap())));
        let ack = Flags::REQUEST | Flags::ACK;
        for (name, t, req) in [
            (
                "req-vni-add.bin",
                RTM_NEWTUNNEL,
                VniRequest::new(6, vec![VniRange::one(100)]),
            ),
            (
                "req-vni-add-remote6.bin",
                RTM_NEWTUNNEL,
                VniRequest::new(
                    6,
                    [300, 301]
                        .map(|v| VniRange::one(v).group("2001:db8::7".parse().unwrap()))
                        .to_vec(),
                ),
            ),
            (
                "req-vni-del.bin",
                RTM_DELTUNNEL,
                VniRequest::new(6, vec![VniRange::one(100)]),
            ),
        ] {
            req.validate(t, ack).unwrap();
            let mut buf = Vec::new();
            req.build(&mut buf, t, ack).unwrap();
            let want = captured(name);
            assert_eq!((&buf[..8], &buf[16..]), (&want[..8], &want[16..]), "{name}");
        }
        assert!(
            VniRequest::new(6, vec![VniRange::one(1 << 24)])
                .validate(RTM_NEWTUNNEL, ack)
                .is_err()
        );
    }
}
