//! What the kernel only announces, never lists: IPv6 prefixes and neighbour discovery options
//! from router advertisements (`RTM_NEWPREFIX`, `RTM_NEWNDUSEROPT`) and multicast routing
//! cache reports (`RTM_NEWCACHEREPORT`). Each is an [`Event`](crate::Event); subscribe to
//! `Group::IPV6_PREFIX`, `Group::ND_USEROPT`, `Group::IPV4_MROUTE_R` or
//! `Group::IPV6_MROUTE_R`.

use std::net::IpAddr;

use netlink_wire::rtnl::cachereport::{CacheReportMsg, McastFamily, ReportType};
use netlink_wire::rtnl::nduseropt::NdUserOptMsg;
use netlink_wire::rtnl::prefix::{PrefixFlags, PrefixMsg};
use netlink_wire::rtnl::{AddressFamily, RTM_NEWCACHEREPORT, RTM_NEWNDUSEROPT, RTM_NEWPREFIX};
use netlink_wire::{FamilyMsg, Message, MessageType};

use crate::error::Result;

/// A kind of message the kernel only announces: its type and its decoding.
pub trait Notice: Sized {
    /// The message type.
    const TYPE: MessageType;
    /// The view of its messages.
    type View<'a>: FamilyMsg<'a>;

    /// Decodes a view.
    ///
    /// # Errors
    /// When the message is malformed.
    fn from_view(view: &Self::View<'_>) -> Result<Self>;

    /// Decodes a message.
    ///
    /// # Errors
    /// When the message is malformed.
    fn from_message(m: &Message) -> Result<Self> {
        Self::from_view(&FamilyMsg::parse(m.as_msg())?)
    }
}

/// A boxed notice decodes as the notice itself (for large ones in [`Event`](crate::Event)).
impl<T: Notice> Notice for Box<T> {
    const TYPE: MessageType = T::TYPE;
    type View<'a> = T::View<'a>;

    fn from_view(view: &Self::View<'_>) -> Result<Self> {
        T::from_view(view).map(Box::new)
    }
}

/// An IPv6 prefix from a router advertisement (`RTM_NEWPREFIX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrefixInfo {
    /// `prefix_family`: `AF_INET6`.
    pub family: AddressFamily,
    /// `prefix_ifindex`: the interface the advertisement arrived on.
    pub index: u32,
    /// `PREFIX_ADDRESS` and `prefix_len`.
    pub prefix: Option<(IpAddr, u8)>,
    /// `prefix_flags`.
    pub flags: PrefixFlags,
    /// `PREFIX_CACHEINFO` `preferred_time`, in seconds.
    pub preferred: Option<u32>,
    /// `PREFIX_CACHEINFO` `valid_time`, in seconds.
    pub valid: Option<u32>,
}

impl Notice for PrefixInfo {
    const TYPE: MessageType = RTM_NEWPREFIX;
    type View<'a> = PrefixMsg<'a>;

    fn from_view(m: &PrefixMsg<'_>) -> Result<Self> {
        m.check_frame()?;
        let cache = m.cache_info()?.map(|c| c.get());
        Ok(PrefixInfo {
            family: m.family(),
            index: m.index(),
            prefix: m.address()?.map(|a| (a, m.prefix_len())),
            flags: m.flags(),
            preferred: cache.map(|c| c.preferred_time.get()),
            valid: cache.map(|c| c.valid_time.get()),
        })
    }
}

/// One neighbour discovery option: its type and the bytes after its length.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NdOptionOwned {
    /// The option type (25: recursive DNS server, 31: DNS search list, ...).
    pub kind: u8,
    /// The bytes after the type and length.
    pub data: Vec<u8>,
}

/// Neighbour discovery options the kernel passed on (`RTM_NEWNDUSEROPT`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NdUserOption {
    /// `nduseropt_family`: `AF_INET6`.
    pub family: AddressFamily,
    /// `nduseropt_ifindex`.
    pub index: u32,
    /// `nduseropt_icmp_type`: 134 for a router advertisement.
    pub icmp_type: u8,
    /// `nduseropt_icmp_code`.
    pub icmp_code: u8,
    /// The options.
    pub options: Vec<NdOptionOwned>,
    /// `NDUSEROPT_SRCADDR`: the router.
    pub source: Option<IpAddr>,
}

impl Notice for NdUserOption {
    const TYPE: MessageType = RTM_NEWNDUSEROPT;
    type View<'a> = NdUserOptMsg<'a>;

    fn from_view(m: &NdUserOptMsg<'_>) -> Result<Self> {
        m.check_frame()?;
        let options = m
            .options()
            .map(|o| {
                o.map(|o| NdOptionOwned {
                    kind: o.kind,
                    data: o.data.to_vec(),
                })
            })
            .collect::<netlink_wire::Result<_>>()?;
        Ok(NdUserOption {
            family: m.family(),
            index: m.index(),
            icmp_type: m.icmp_type(),
            icmp_code: m.icmp_code(),
            options,
            source: m.source()?,
        })
    }
}

/// A multicast routing cache report (`RTM_NEWCACHEREPORT`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheReport {
    /// IPv4 or IPv6 multicast routing.
    pub family: McastFamily,
    /// `IPMRA_CREPORT_MSGTYPE`.
    pub kind: Option<ReportType>,
    /// `IPMRA_CREPORT_VIF_ID` / `IP6MRA_CREPORT_MIF_ID`.
    pub vif: Option<u32>,
    /// `IPMRA_CREPORT_SRC_ADDR`.
    pub source: Option<IpAddr>,
    /// `IPMRA_CREPORT_DST_ADDR`: the group.
    pub group: Option<IpAddr>,
    /// `IPMRA_CREPORT_TABLE` (IPv4).
    pub table: Option<u32>,
    /// `IPMRA_CREPORT_PKT`.
    pub packet: Vec<u8>,
}

impl Notice for CacheReport {
    const TYPE: MessageType = RTM_NEWCACHEREPORT;
    type View<'a> = CacheReportMsg<'a>;

    fn from_view(m: &CacheReportMsg<'_>) -> Result<Self> {
        m.check_frame()?;
        Ok(CacheReport {
            family: m.family(),
            kind: m.msg_type()?,
            vif: m.vif_id()?,
            source: m.source()?,
            group: m.group()?,
            table: m.table()?,
            packet: m.packet()?.unwrap_or_default().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(name: &str) -> Vec<Message> {
        let path = format!(
            "{}/../netlink-wire/testdata/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(path).unwrap();
        netlink_wire::Messages::new(&bytes)
            .map(|m| m.unwrap().to_owned())
            .collect()
    }

    #[test]
    fn captured_notices_decode() {
        let ra = capture("ra_events.bin");
        let p = PrefixInfo::from_message(&ra[0]).unwrap();
        assert_eq!(p.prefix, Some(("2001:db8:5::".parse().unwrap(), 64)));
        assert_eq!((p.preferred, p.valid), (Some(1800), Some(3600)));
        assert!(p.flags.onlink() && p.flags.autoconf());
        let o = NdUserOption::from_message(&ra[2]).unwrap();
        assert_eq!(o.options.len(), 1);
        assert_eq!(o.options[0].kind, 25);
        assert_eq!(o.icmp_type, 134);
        let c = CacheReport::from_message(&capture("cachereport_events.bin")[0]).unwrap();
        assert_eq!(c.kind, Some(ReportType::NOCACHE));
        assert_eq!(c.group, Some("239.1.2.3".parse().unwrap()));
    }
}
