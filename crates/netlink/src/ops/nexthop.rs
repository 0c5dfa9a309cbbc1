//! Nexthop objects: list, look up, add, replace and delete them (`ip nexthop`).
//!
//! A nexthop object is a gateway and/or device (or a blackhole) with an id, or a group of
//! other nexthop ids with weights; routes refer to one with `RTA_NH_ID`
//! ([`RouteRequest::nh_id`](crate::RouteRequest::nh_id)).

use std::net::IpAddr;

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::nexthop::{
    self, GroupType, NexthopGrp, NexthopMsg, NhMsg, Nha, NhaResGroup, ResGroupAttr,
};
use netlink_wire::rtnl::route::RtnhFlags;
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP, RouteProtocol, Scope,
};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;

/// The largest weight of a group member (`weight` and `weight_high` hold the weight minus one).
pub const MAX_WEIGHT: u32 = 65_536;

/// One member of a nexthop group (`struct nexthop_grp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupMember {
    /// The member nexthop's id.
    pub id: u32,
    /// Its weight, 1 to [`MAX_WEIGHT`].
    pub weight: u32,
}

impl GroupMember {
    /// Member `id` with `weight`.
    #[must_use]
    pub fn new(id: u32, weight: u32) -> Self {
        GroupMember { id, weight }
    }
}

settable! {
    /// The settings of a resilient group (`NHA_RES_GROUP`). Timers are in clock ticks of
    /// `USER_HZ` (100 per second), as the kernel reports them; `ip` prints seconds.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct ResilientGroup {
        /// `NHA_RES_GROUP_BUCKETS`: the number of hash buckets.
        fixed buckets: Option<u16>,
        /// `NHA_RES_GROUP_IDLE_TIMER`: how long a bucket must be idle before it may move.
        idle_timer: Option<u32>,
        /// `NHA_RES_GROUP_UNBALANCED_TIMER`: how long the group may stay unbalanced before
        /// buckets move even when busy (0: never).
        unbalanced_timer: Option<u32>,
        /// `NHA_RES_GROUP_UNBALANCED_TIME`: how long it has been unbalanced (reported only).
        fixed unbalanced_time: Option<u64>,
    }
}

impl ResilientGroup {
    /// `buckets` buckets, the kernel's default timers.
    #[must_use]
    pub fn buckets(buckets: u16) -> Self {
        ResilientGroup {
            buckets: Some(buckets),
            ..ResilientGroup::default()
        }
    }

    fn from_attrs(attrs: netlink_wire::Typed<'_, ResGroupAttr<'_>>) -> Result<Self> {
        let mut g = ResilientGroup::default();
        for a in attrs {
            match a? {
                ResGroupAttr::Buckets(v) => g.buckets = Some(v),
                ResGroupAttr::IdleTimer(v) => g.idle_timer = Some(v),
                ResGroupAttr::UnbalancedTimer(v) => g.unbalanced_timer = Some(v),
                ResGroupAttr::UnbalancedTime(v) => g.unbalanced_time = Some(v),
                _ => {}
            }
        }
        Ok(g)
    }
}

owned! {
    /// A nexthop object as the kernel reports it (`RTM_NEWNEXTHOP`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Nexthop {
        /// `NHA_ID`; 0 (which names no nexthop) if the message has none, which the kernel never
        /// sends.
        id: u32 = id,
        /// `nh_family`: `AF_INET` or `AF_INET6`, or `AF_UNSPEC` for groups.
        family: AddressFamily = m.family(),
        /// `nh_scope`, chosen by the kernel.
        scope: Scope = m.scope(),
        /// `nh_protocol`: who installed it.
        protocol: RouteProtocol = m.protocol(),
        /// `nh_flags`: `RTNH_F_ONLINK`, and what the kernel adds (`RTNH_F_DEAD`, `RTNH_F_LINKDOWN`).
        flags: RtnhFlags = m.rtnh_flags(),
        /// `NHA_OIF`: the output interface.
        oif: Option<u32> = m.oif()?,
        /// `NHA_GATEWAY`.
        gateway: Option<IpAddr> = m.gateway()?,
        /// `NHA_BLACKHOLE`: packets are dropped.
        blackhole: bool = m.blackhole()?.is_some(),
        /// `NHA_FDB`: a nexthop for bridge FDB entries (VXLAN), not for routes.
        fdb: bool = m.fdb()?.is_some(),
        /// `NHA_GROUP`: the members of a group; empty for a single nexthop.
        group: Vec<GroupMember> = group,
        /// `NHA_GROUP_TYPE`: multipath or resilient; `None` for a single nexthop.
        group_type: Option<GroupType> = m.group_type()?,
        /// `NHA_RES_GROUP`: a resilient group's buckets and timers.
        resilient: Option<ResilientGroup> = resilient,
    }
    from(m: NexthopMsg) {
        let id = m.id()?.unwrap_or(0);
        let group = match m.group()? {
            Some(members) => members
                .map(|g| GroupMember::new(g.id.get(), g.weight()))
                .collect(),
            None => Vec::new(),
        };
        let resilient = m
            .res_group()?
            .map(|g| ResilientGroup::from_attrs(g.typed()))
            .transpose()?;
    }
}

impl Nexthop {
    /// Whether this is a group.
    #[must_use]
    pub fn is_group(&self) -> bool {
        !self.group.is_empty()
    }
}

settable! {
    /// Which nexthops [`Connection::nexthops`](crate::Connection::nexthops) returns. Every field set is sent to the kernel as a
    /// strict-checking dump filter (`nh_family`, `NHA_OIF`, `NHA_GROUPS`, `NHA_FDB`, `NHA_MASTER`)
    /// and, except `master`, applied again here.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct NexthopFilter {
        /// Only nexthops of this family (`AF_INET`, `AF_INET6`); groups are `AF_UNSPEC`.
        family: Option<AddressFamily>,
        /// Only nexthops through this interface.
        oif: Option<u32>,
        /// Only groups.
        groups: bool,
        /// Only FDB nexthops.
        fdb: bool,
        /// Only nexthops through ports of this master device (a VRF or bridge).
        master: Option<u32>,
    }
}

impl NexthopFilter {
    fn matches(&self, n: &NexthopMsg<'_>) -> Result<bool> {
        Ok(self.family.is_none_or(|f| f == n.family())
            && (self.oif.is_none() || n.oif()? == self.oif)
            && (!self.groups || n.group()?.is_some())
            && (!self.fdb || n.fdb()?.is_some()))
    }
}

settable! {
    /// A nexthop to add or replace (`ip nexthop add|replace ...`).
    ///
    /// Exactly one of these makes a valid request: a gateway (with a device unless `fdb`), a
    /// device alone, `blackhole`, or a non-empty `group`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct NexthopRequest {
        /// `NHA_ID`: 1 or more; 0 lets the kernel choose on an add (a replace needs the id).
        fixed id: u32,
        /// `nh_family`; `None` takes the gateway's family, `AF_UNSPEC` for a group, and `AF_INET`
        /// for a device alone or a blackhole (as `ip` does).
        family: Option<AddressFamily>,
        /// `nh_protocol`; `None` sends 0 (`RTPROT_UNSPEC`), as `ip` does without `proto`.
        protocol: Option<RouteProtocol>,
        /// `NHA_OIF`.
        fixed oif: Option<u32>,
        /// `NHA_GATEWAY`.
        fixed gateway: Option<IpAddr>,
        /// `RTNH_F_ONLINK`: use the gateway even without a route to it on `oif`.
        onlink: bool,
        /// `NHA_BLACKHOLE`.
        fixed blackhole: bool,
        /// `NHA_FDB`.
        fdb: bool,
        /// `NHA_GROUP`: the members of a group.
        fixed group: Vec<GroupMember>,
        /// `NHA_GROUP_TYPE`; `None` is multipath (the kernel's default).
        group_type: Option<GroupType>,
        /// `NHA_RES_GROUP`, for a group of type resilient.
        resilient: Option<ResilientGroup>,
    }
}

impl NexthopRequest {
    /// Nexthop `id` through `gateway` on interface `oif` (`ip nexthop add id ID via GW dev DEV`).
    #[must_use]
    pub fn gateway(id: u32, gateway: IpAddr, oif: u32) -> Self {
        NexthopRequest {
            id,
            gateway: Some(gateway),
            oif: Some(oif),
            ..NexthopRequest::default()
        }
    }

    /// Nexthop `id` straight out of interface `oif` (`ip nexthop add id ID dev DEV`).
    #[must_use]
    pub fn device(id: u32, oif: u32) -> Self {
        NexthopRequest {
            id,
            oif: Some(oif),
            ..NexthopRequest::default()
        }
    }

    /// A blackhole nexthop (`ip nexthop add id ID blackhole`).
    #[must_use]
    pub fn blackhole(id: u32) -> Self {
        NexthopRequest {
            id,
            blackhole: true,
            ..NexthopRequest::default()
        }
    }

    /// A multipath group of `members` (`ip nexthop add id ID group A,W/B,W`).
    #[must_use]
    pub fn group(id: u32, members: Vec<GroupMember>) -> Self {
        NexthopRequest {
            id,
            group: members,
            ..NexthopRequest::default()
        }
    }

    /// The family the header carries.
    fn header_family(&self) -> AddressFamily {
        if let Some(f) = self.family {
            return f;
        }
        if !self.group.is_empty() {
            return AddressFamily::UNSPEC;
        }
        match self.gateway {
            Some(IpAddr::V6(_)) => AddressFamily::INET6,
            _ => AddressFamily::INET,
        }
    }
}

impl Request for NexthopRequest {
    type Object = Nexthop;

    /// Rejects what the kernel would reject, with a clearer message, before anything is sent.
    fn validate(&self, t: MessageType, flags: Flags) -> Result<()> {
        if t == RTM_DELNEXTHOP {
            return if self.id == 0 {
                Err(invalid("nexthop id 0 names no nexthop"))
            } else {
                Ok(())
            };
        }
        if flags.contains(Flags::REPLACE) && self.id == 0 {
            return Err(invalid("a nexthop replace needs the id of the nexthop"));
        }
        let kinds = [
            self.gateway.is_some() || (self.oif.is_some() && self.group.is_empty()),
            self.blackhole,
            !self.group.is_empty(),
        ];
        match kinds.iter().filter(|k| **k).count() {
            0 => {
                return Err(invalid(
                    "a nexthop needs a gateway, a device, blackhole or a group",
                ));
            }
            1 => {}
            _ => {
                return Err(invalid(
                    "a nexthop is one of: a gateway and/or device, a blackhole, a group",
                ));
            }
        }
        if self.blackhole && self.oif.is_some() {
            return Err(invalid("a blackhole nexthop takes no device"));
        }
        if !self.group.is_empty() && self.oif.is_some() {
            return Err(invalid("a nexthop group takes no device"));
        }
        if self.gateway.is_some() && self.oif.is_none() && !self.fdb {
            return Err(invalid("a nexthop gateway needs a device (or fdb)"));
        }
        if self.fdb && self.oif.is_some() {
            return Err(invalid("an fdb nexthop takes no device"));
        }
        if self.onlink && self.gateway.is_none() {
            return Err(invalid("onlink needs a gateway"));
        }
        if let (Some(family), Some(gw)) = (self.family, self.gateway) {
            let gw_family = match gw {
                IpAddr::V4(_) => AddressFamily::INET,
                IpAddr::V6(_) => AddressFamily::INET6,
            };
            if family != gw_family {
                return Err(invalid(format!(
                    "gateway {gw} is not of the nexthop's family"
                )));
            }
        }
        for m in &self.group {
            if m.id == 0 {
                return Err(invalid("a group member needs a nexthop id (1 or more)"));
            }
            if m.weight == 0 || m.weight > MAX_WEIGHT {
                return Err(invalid(format!(
                    "weight {} of member {} is outside 1..={MAX_WEIGHT}",
                    m.weight, m.id
                )));
            }
            if m.id == self.id {
                return Err(invalid(format!("group {} cannot contain itself", self.id)));
            }
        }
        if self.group.is_empty() && (self.group_type.is_some() || self.resilient.is_some()) {
            return Err(invalid("a group type or resilient settings need a group"));
        }
        if self.resilient.is_some() && self.group_type != Some(GroupType::RES) {
            return Err(invalid(
                "resilient settings need group type NEXTHOP_GRP_TYPE_RES",
            ));
        }
        Ok(())
    }

    /// Builds the request in the attribute order `ip nexthop` uses; a delete carries the id
    /// alone, as `ip nexthop del id ID` sends it.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        if t == RTM_DELNEXTHOP {
            let hdr = NhMsg::new(AddressFamily::UNSPEC);
            let mut b = NexthopMsg::builder(buf, t, flags, &hdr)?;
            b.put_u32(Nha::ID, self.id);
            return b.finish();
        }
        let mut hdr = NhMsg::new(self.header_family());
        hdr.nh_protocol = self.protocol.map_or(0, |p| p.0);
        if self.onlink {
            hdr.nh_flags.set(u32::from(RtnhFlags::ONLINK.0));
        }
        let mut b = NexthopMsg::builder(buf, t, flags, &hdr)?;
        if self.id != 0 {
            b.put_u32(Nha::ID, self.id);
        }
        if !self.group.is_empty() {
            let members: Vec<NexthopGrp> = self
                .group
                .iter()
                .map(|m| NexthopGrp::new(m.id, m.weight))
                .collect();
            nexthop::put_group(&mut b, &members);
            if let Some(r) = self.resilient {
                let mut n = b.nest(u16::from(Nha::RES_GROUP) | NLA_F_NESTED);
                n.put_some(NhaResGroup::BUCKETS, r.buckets);
                n.put_some(NhaResGroup::IDLE_TIMER, r.idle_timer);
                n.put_some(NhaResGroup::UNBALANCED_TIMER, r.unbalanced_timer);
                n.end();
            }
            b.put_some(Nha::GROUP_TYPE, self.group_type.map(|v| v.0));
        }
        if self.blackhole {
            b.put_flag(Nha::BLACKHOLE);
        }
        b.put_some(Nha::GATEWAY, self.gateway);
        b.put_some(Nha::OIF, self.oif);
        if self.fdb {
            b.put_flag(Nha::FDB);
        }
        b.finish()
    }
}

impl Object for Nexthop {
    type View<'a> = NexthopMsg<'a>;
    type Filter = NexthopFilter;
    const NEW: MessageType = RTM_NEWNEXTHOP;
    const DEL: MessageType = RTM_DELNEXTHOP;
    const GET: MessageType = RTM_GETNEXTHOP;

    fn dump_request(filter: &NexthopFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = NhMsg::new(filter.family.unwrap_or(AddressFamily::UNSPEC));
        let mut b = NexthopMsg::builder(buf, RTM_GETNEXTHOP, Flags::EMPTY, &hdr)?;
        b.put_some(Nha::OIF, filter.oif);
        if filter.groups {
            b.put_flag(Nha::GROUPS);
        }
        b.put_some(Nha::MASTER, filter.master);
        if filter.fdb {
            b.put_flag(Nha::FDB);
        }
        b.finish()
    }

    fn matches(filter: &NexthopFilter, n: &NexthopMsg<'_>) -> Result<bool> {
        filter.matches(n)
    }

    fn from_view(n: &NexthopMsg<'_>) -> Result<Nexthop> {
        Nexthop::from_msg(n)
    }
}

impl Lookup<u32> for Nexthop {
    /// `ip nexthop get id ID`: an `RTM_GETNEXTHOP` request, not a dump.
    fn get_request(id: &u32, buf: &mut Vec<u8>) -> Result<()> {
        let hdr = NhMsg::new(AddressFamily::UNSPEC);
        let mut b = NexthopMsg::builder(buf, RTM_GETNEXTHOP, Flags::EMPTY, &hdr)?;
        b.put_u32(Nha::ID, *id);
        b.finish().map_err(crate::Error::Encode)?;
        Ok(())
    }
}

named_ops! { Nexthop, NexthopRequest;
    list nexthops "Every nexthop object matching `filter` (`ip nexthop show`), by id.";
    for_each for_each_nexthop "Every nexthop object matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_nexthop "Adds a nexthop object (`ip nexthop add`); fails with `EEXIST` if the id is taken.";
    replace replace_nexthop "Adds or changes the nexthop object with `req.id` (`ip nexthop replace`); routes that use it follow the change.";
}

impl crate::Connection {
    /// The nexthop with id `id` (`ip nexthop get id ID`), or `None` when there is none.
    ///
    /// # Errors
    /// A kernel error other than "not found"; a malformed reply.
    pub fn nexthop(&self, id: u32) -> Result<Option<Nexthop>> {
        self.get::<Nexthop, _>(&id)
    }

    /// Deletes the nexthop object `id` (`ip nexthop del id ID`), and with it the routes that
    /// use it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for id 0; `ENOENT` when there
    /// is none.
    pub fn delete_nexthop(&self, id: u32) -> Result<()> {
        self.delete(&NexthopRequest {
            id,
            ..NexthopRequest::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::object::{ADD, REPLACE};

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// What `req` sends after the nlmsghdr, and the nlmsg_flags.
    fn bytes(req: &NexthopRequest, t: MessageType, flags: Flags) -> (Vec<u8>, u16) {
        let mut buf = Vec::new();
        req.build(&mut buf, t, flags).unwrap();
        (buf[16..].to_vec(), u16::from_ne_bytes([buf[6], buf[7]]))
    }

    // The payloads below are what `strace -f -e trace=sendmsg -xx ip nexthop ...` (iproute2
    // 6.1) sent, with interface index 3 for `dev va`.

    #[test]
    fn gateway_request_is_what_ip_sends() {
        let req = NexthopRequest::gateway(11, ip("192.0.2.5"), 3);
        let (b, flags) = bytes(&req, RTM_NEWNEXTHOP, Flags::REQUEST | Flags::ACK | ADD);
        assert_eq!(flags, 0x605);
        assert_eq!(
            b,
            b"\x02\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0b\x00\x00\x00\
              \x08\x00\x06\x00\xc0\x00\x02\x05\x08\x00\x05\x00\x03\x00\x00\x00"
        );
    }

    #[test]
    fn device_request_is_what_ip_sends() {
        let (b, _) = bytes(&NexthopRequest::device(12, 3), RTM_NEWNEXTHOP, ADD);
        assert_eq!(
            b,
            b"\x02\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0c\x00\x00\x00\
              \x08\x00\x05\x00\x03\x00\x00\x00"
        );
    }

    #[test]
    fn blackhole_request_is_what_ip_sends() {
        let (b, _) = bytes(&NexthopRequest::blackhole(4), RTM_NEWNEXTHOP, ADD);
        assert_eq!(
            b,
            b"\x02\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x04\x00\x00\x00\x04\x00\x04\x00"
        );
    }

    #[test]
    fn replace_with_onlink_and_protocol_is_what_ip_sends() {
        let req = NexthopRequest {
            onlink: true,
            protocol: Some(RouteProtocol::STATIC),
            ..NexthopRequest::gateway(11, ip("192.0.2.6"), 3)
        };
        let (b, flags) = bytes(&req, RTM_NEWNEXTHOP, Flags::REQUEST | Flags::ACK | REPLACE);
        assert_eq!(flags, 0x505);
        assert_eq!(
            b,
            b"\x02\x00\x04\x00\x04\x00\x00\x00\x08\x00\x01\x00\x0b\x00\x00\x00\
              \x08\x00\x06\x00\xc0\x00\x02\x06\x08\x00\x05\x00\x03\x00\x00\x00"
        );
    }

    #[test]
    fn resilient_group_request_is_what_ip_sends() {
        // ip nexthop add id 14 group 1,2/11 type resilient buckets 16 idle_timer 10
        //   unbalanced_timer 20
        let req = NexthopRequest {
            group_type: Some(GroupType::RES),
            resilient: Some(ResilientGroup {
                buckets: Some(16),
                idle_timer: Some(1000),
                unbalanced_timer: Some(2000),
                unbalanced_time: None,
            }),
            ..NexthopRequest::group(14, vec![GroupMember::new(1, 2), GroupMember::new(11, 1)])
        };
        let (b, _) = bytes(&req, RTM_NEWNEXTHOP, ADD);
        assert_eq!(
            b,
            b"\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0e\x00\x00\x00\
              \x14\x00\x02\x00\x01\x00\x00\x00\x01\x00\x00\x00\x0b\x00\x00\x00\x00\x00\x00\x00\
              \x1c\x00\x0c\x80\x06\x00\x01\x00\x10\x00\x00\x00\x08\x00\x02\x00\xe8\x03\x00\x00\
              \x08\x00\x03\x00\xd0\x07\x00\x00\x06\x00\x03\x00\x01\x00\x00\x00"
        );
    }

    #[test]
    fn bad_requests_are_refused_before_sending() {
        let bad = [
            NexthopRequest::default(),
            NexthopRequest {
                blackhole: true,
                ..NexthopRequest::device(1, 3)
            },
            NexthopRequest {
                gateway: Some(ip("192.0.2.1")),
                ..NexthopRequest::default()
            },
            NexthopRequest {
                family: Some(AddressFamily::INET6),
                ..NexthopRequest::gateway(1, ip("192.0.2.1"), 3)
            },
            NexthopRequest::group(1, vec![GroupMember::new(2, 0)]),
            NexthopRequest::group(1, vec![GroupMember::new(2, MAX_WEIGHT + 1)]),
            NexthopRequest::group(1, vec![GroupMember::new(1, 1)]),
            NexthopRequest::group(1, vec![GroupMember::new(0, 1)]),
            NexthopRequest {
                resilient: Some(ResilientGroup::buckets(8)),
                ..NexthopRequest::group(1, vec![GroupMember::new(2, 1)])
            },
            NexthopRequest {
                onlink: true,
                ..NexthopRequest::device(1, 3)
            },
        ];
        for req in &bad {
            assert!(
                matches!(
                    req.validate(RTM_NEWNEXTHOP, ADD),
                    Err(Error::InvalidArgument(_))
                ),
                "{req:?} was accepted"
            );
        }
        assert!(
            NexthopRequest::blackhole(0)
                .validate(RTM_NEWNEXTHOP, REPLACE)
                .is_err()
        );
        assert!(
            NexthopRequest::blackhole(0)
                .validate(RTM_NEWNEXTHOP, ADD)
                .is_ok()
        );
    }

    mod roundtrip {
        use super::*;
        use netlink_wire::Msg;
        use proptest::prelude::*;

        fn addr() -> impl Strategy<Value = IpAddr> {
            prop_oneof![
                any::<[u8; 4]>().prop_map(IpAddr::from),
                any::<[u8; 16]>().prop_map(IpAddr::from),
            ]
        }

        /// Valid requests of every kind.
        fn request() -> impl Strategy<Value = NexthopRequest> {
            let single = (
                1..u32::MAX,
                proptest::option::of(addr()),
                1..u32::MAX,
                any::<bool>(),
                any::<u8>(),
            )
                .prop_map(|(id, gw, oif, onlink, proto)| NexthopRequest {
                    onlink: onlink && gw.is_some(),
                    protocol: Some(RouteProtocol(proto)),
                    gateway: gw,
                    ..NexthopRequest::device(id, oif)
                });
            let fdb = (1..u32::MAX, addr()).prop_map(|(id, gw)| NexthopRequest {
                id,
                gateway: Some(gw),
                fdb: true,
                ..NexthopRequest::default()
            });
            let blackhole = (1..u32::MAX).prop_map(NexthopRequest::blackhole);
            let group = (
                1..1000u32,
                proptest::collection::vec((1000..u32::MAX, 1..=MAX_WEIGHT), 1..20),
                proptest::option::of((any::<u16>(), any::<u32>(), any::<u32>())),
            )
                .prop_map(|(id, members, res)| NexthopRequest {
                    group_type: res.map(|_| GroupType::RES),
                    resilient: res.map(|(b, i, u)| ResilientGroup {
                        buckets: Some(b),
                        idle_timer: Some(i),
                        unbalanced_timer: Some(u),
                        unbalanced_time: None,
                    }),
                    ..NexthopRequest::group(
                        id,
                        members
                            .into_iter()
                            .map(|(m, w)| GroupMember::new(m, w))
                            .collect(),
                    )
                });
            prop_oneof![single, fdb, blackhole, group]
        }

        proptest! {
            /// Whatever a valid request says, the bytes decode back to the same nexthop.
            #[test]
            fn requests_decode_to_what_they_say(req in request()) {
                prop_assert!(req.validate(RTM_NEWNEXTHOP, ADD).is_ok(), "{req:?}");
                let mut buf = Vec::new();
                req.build(&mut buf, RTM_NEWNEXTHOP, ADD).unwrap();
                let n = Nexthop::from_msg(&NexthopMsg::parse(Msg::parse(&buf).unwrap()).unwrap())
                    .unwrap();
                prop_assert_eq!(n.id, req.id);
                prop_assert_eq!(n.gateway, req.gateway);
                prop_assert_eq!(n.oif, req.oif);
                prop_assert_eq!(n.blackhole, req.blackhole);
                prop_assert_eq!(n.fdb, req.fdb);
                prop_assert_eq!(&n.group, &req.group);
                prop_assert_eq!(n.group_type, req.group_type);
                prop_assert_eq!(n.resilient, req.resilient);
                prop_assert_eq!(n.protocol, req.protocol.unwrap_or(RouteProtocol(0)));
                prop_assert_eq!(n.flags.contains(RtnhFlags::ONLINK), req.onlink);
                prop_assert_eq!(n.family, req.header_family());
            }
        }
    }
}
