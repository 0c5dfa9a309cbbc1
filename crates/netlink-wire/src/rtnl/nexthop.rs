//! Nexthop objects: `struct nhmsg`, the `NHA_*` attributes, `struct nexthop_grp` and the
//! nested resilient-group, bucket and group-statistics attributes; messages `RTM_NEWNEXTHOP`,
//! `RTM_DELNEXTHOP`, `RTM_GETNEXTHOP` and the bucket messages of resilient groups
//! (`RTM_NEWNEXTHOPBUCKET`, ...), which carry the same header and attributes.
//!
//! Source of truth: `include/uapi/linux/nexthop.h` (kernel 6.18: `weight_high`,
//! `NHA_OP_FLAGS`, `NHA_GROUP_STATS`, `NHA_HW_STATS_*` are newer than many installed headers);
//! widths as the kernel's `rtm_nh_policy_*` (`net/ipv4/nexthop.c`) read them.

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, IntoBytes};

use crate::attr::{Attr, AttrWrite};
use crate::error::{Error, Result};
use crate::rtnl::route::{EncapType, MplsEncap, RtnhFlags};
use crate::rtnl::{
    AddressFamily, Group, RTM_DELNEXTHOP, RTM_DELNEXTHOPBUCKET, RTM_GETNEXTHOP,
    RTM_GETNEXTHOPBUCKET, RTM_NEWNEXTHOP, RTM_NEWNEXTHOPBUCKET, RouteProtocol, Scope,
};
use crate::typed::{Check, Untyped, Value};

kernel_struct! {
    /// `struct nhmsg`: the family header of nexthop messages.
    NhMsg = "nhmsg", 8 {
        /// `nh_family`: `AF_INET`, `AF_INET6`, or `AF_UNSPEC` for groups and blackholes.
        pub nh_family: u8,
        /// `nh_scope`: an `RT_SCOPE_*` value (set by the kernel only).
        pub nh_scope: u8,
        /// `nh_protocol`: who installed the nexthop (`RTPROT_*`).
        pub nh_protocol: u8,
        /// `resvd`: reserved, 0.
        pub resvd: u8,
        /// `nh_flags`: `RTNH_F_*` flags.
        pub nh_flags: U32,
    }
}

impl NhMsg {
    /// A header for `family`, everything else zero.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily) -> Self {
        NhMsg {
            nh_family: family.0,
            ..NhMsg::default()
        }
    }
}

kernel_struct! {
    /// `struct nexthop_grp`: one member of a nexthop group (`NHA_GROUP` is an array of them).
    NexthopGrp = "nexthop_grp", 8 {
        /// `id`: the member nexthop's id.
        pub id: U32,
        /// `weight`: the low 8 bits of the weight minus one.
        pub weight: u8,
        /// `weight_high`: the high 8 bits of the weight minus one (`resvd1` in older headers).
        pub weight_high: u8,
        /// `resvd2`: reserved, 0.
        pub resvd2: U16,
    }
}

impl NexthopGrp {
    /// A member `id` with `weight` (1 to 65536; 0 is taken as 1).
    #[must_use]
    #[inline]
    pub fn new(id: u32, weight: u32) -> Self {
        let w = u16::try_from(weight.saturating_sub(1)).unwrap_or(u16::MAX);
        let [lo, hi] = w.to_le_bytes();
        NexthopGrp {
            id: U32::new(id),
            weight: lo,
            weight_high: hi,
            resvd2: U16::new(0),
        }
    }

    /// The weight, 1 to 65536, as `ip` prints it (`nexthop_grp_weight()`).
    #[must_use]
    #[inline]
    pub fn weight(&self) -> u32 {
        u32::from(u16::from_le_bytes([self.weight, self.weight_high])).saturating_add(1)
    }
}

/// The members of a group (`NHA_GROUP`: an array of `struct nexthop_grp`), read in place; it
/// iterates over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMembers<'a> {
    bytes: &'a [u8],
}

impl<'a> GroupMembers<'a> {
    /// Reads the members in an `NHA_GROUP` attribute.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is not a whole number of 8-byte entries.
    #[inline]
    pub fn parse(attr: Attr<'a>) -> Result<Self> {
        let p = attr.payload();
        let size = size_of::<NexthopGrp>();
        if !p.len().is_multiple_of(size) {
            return Err(Error::AttrSize {
                kind: attr.kind(),
                offset: attr.offset(),
                expected: p.len().checked_next_multiple_of(size).unwrap_or(usize::MAX),
                found: p.len(),
            });
        }
        Ok(GroupMembers { bytes: p })
    }

    /// The entries' bytes as sent.
    #[must_use]
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl<'a> Iterator for GroupMembers<'a> {
    type Item = &'a NexthopGrp;

    #[inline]
    fn next(&mut self) -> Option<&'a NexthopGrp> {
        let (entry, rest) = NexthopGrp::ref_from_prefix(self.bytes).ok()?;
        self.bytes = rest;
        Some(entry)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self
            .bytes
            .len()
            .checked_div(size_of::<NexthopGrp>())
            .unwrap_or(0);
        (n, Some(n))
    }
}

impl ExactSizeIterator for GroupMembers<'_> {}

impl<'a> Value<'a> for GroupMembers<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        GroupMembers::parse(attr)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self.bytes);
    }
}

impl Check for GroupMembers<'_> {}

/// Appends `NHA_GROUP` with `members`.
#[inline]
pub fn put_group<'w, W: AttrWrite>(w: &'w mut W, members: &[NexthopGrp]) -> &'w mut W {
    w.put(Nha::GROUP, members.as_bytes())
}

family! {
    /// A view of a nexthop message (`RTM_NEWNEXTHOP`, `RTM_DELNEXTHOP`, `RTM_GETNEXTHOP`), or
    /// of a resilient group's bucket (`RTM_NEWNEXTHOPBUCKET`: `NHA_ID` and `NHA_RES_BUCKET`).
    view NexthopMsg(NhMsg, "nhmsg");
    family "nexthop", messages [RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP,
        RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET, RTM_GETNEXTHOPBUCKET],
        groups [Group::NEXTHOP.0];
    /// `NHA_*`: nexthop attribute numbers.
    numbers Nha;
    /// A typed nexthop attribute.
    enum NexthopAttr<'a>;
    /// The nexthop id; 0 in a request means "assign one". In a bucket message, the group's.
    ID = 1, "NHA_ID", Id(u32), id;
    /// The members of a group: an array of `struct nexthop_grp`.
    GROUP = 2, "NHA_GROUP", Group(val GroupMembers<'a>), group;
    /// The group type (`NEXTHOP_GRP_TYPE_*`).
    GROUP_TYPE = 3, "NHA_GROUP_TYPE", GroupType(val GroupType), group_type;
    /// The nexthop drops packets.
    BLACKHOLE = 4, "NHA_BLACKHOLE", Blackhole(flag), blackhole;
    /// The output interface; in a dump request, only nexthops using it.
    OIF = 5, "NHA_OIF", Oif(u32), oif;
    /// The gateway (4 or 16 bytes by `nh_family`).
    GATEWAY = 6, "NHA_GATEWAY", Gateway(ip), gateway;
    /// The lightweight tunnel type of `NHA_ENCAP` (`LWTUNNEL_ENCAP_*`).
    ENCAP_TYPE = 7, "NHA_ENCAP_TYPE", EncapType(val EncapType), encap_type;
    /// The lightweight tunnel encapsulation; its attributes depend on `NHA_ENCAP_TYPE` (see
    /// [`NexthopMsg::mpls_encap`]).
    ENCAP = 8, "NHA_ENCAP", Encap(nest Untyped), encap;
    /// In a dump request: only groups.
    GROUPS = 9, "NHA_GROUPS", Groups(flag), groups;
    /// In a dump request: only nexthops whose device has this master.
    MASTER = 10, "NHA_MASTER", Master(u32), master;
    /// The nexthop belongs to a bridge FDB.
    FDB = 11, "NHA_FDB", Fdb(flag), fdb;
    /// Resilient group parameters (read them with [`ResGroup`]).
    RES_GROUP = 12, "NHA_RES_GROUP", ResGroup(nest NhaResGroup), res_group;
    /// One bucket of a resilient group (read it with [`ResBucket`]).
    RES_BUCKET = 13, "NHA_RES_BUCKET", ResBucket(nest NhaResBucket), res_bucket;
    /// `NHA_OP_FLAG_*` bits: what a request asks for, or how a reply was built.
    OP_FLAGS = 14, "NHA_OP_FLAGS", OpFlags(val NhOpFlags), op_flags;
    /// Per-member packet counters of a group: one `NHA_GROUP_STATS_ENTRY` nest per member.
    GROUP_STATS = 15, "NHA_GROUP_STATS", GroupStats(nest NhaGroupStats), group_stats;
    /// Whether hardware statistics are enabled.
    HW_STATS_ENABLE = 16, "NHA_HW_STATS_ENABLE", HwStatsEnable(u32), hw_stats_enable;
    /// Whether any driver collects hardware statistics (read-only).
    HW_STATS_USED = 17, "NHA_HW_STATS_USED", HwStatsUsed(u32), hw_stats_used;
}

attributes! {
    /// The attributes of an `NHA_RES_GROUP` nest ([`NexthopMsg::res_group`]).
    view ResGroup;
    /// `NHA_RES_GROUP_*`: the attributes inside `NHA_RES_GROUP`.
    numbers NhaResGroup;
    /// A typed resilient-group attribute.
    enum ResGroupAttr<'a>;
    /// Padding that aligns the next 64-bit attribute (`NHA_RES_GROUP_UNSPEC`'s number).
    PAD = 0, "NHA_RES_GROUP_PAD", Pad(bytes);
    /// The number of buckets.
    BUCKETS = 1, "NHA_RES_GROUP_BUCKETS", Buckets(u16), buckets;
    /// The bucket idle timer, in clock ticks.
    IDLE_TIMER = 2, "NHA_RES_GROUP_IDLE_TIMER", IdleTimer(u32), idle_timer;
    /// The unbalanced timer, in clock ticks.
    UNBALANCED_TIMER = 3, "NHA_RES_GROUP_UNBALANCED_TIMER", UnbalancedTimer(u32), unbalanced_timer;
    /// How long the group has been unbalanced, in clock ticks.
    UNBALANCED_TIME = 4, "NHA_RES_GROUP_UNBALANCED_TIME", UnbalancedTime(u64), unbalanced_time;
}

attributes! {
    /// The attributes of an `NHA_RES_BUCKET` nest ([`NexthopMsg::res_bucket`]).
    view ResBucket;
    /// `NHA_RES_BUCKET_*`: the attributes inside `NHA_RES_BUCKET`.
    numbers NhaResBucket;
    /// A typed resilient-group bucket attribute.
    enum ResBucketAttr<'a>;
    /// Padding that aligns the next 64-bit attribute (`NHA_RES_BUCKET_UNSPEC`'s number).
    PAD = 0, "NHA_RES_BUCKET_PAD", Pad(bytes);
    /// The bucket index.
    INDEX = 1, "NHA_RES_BUCKET_INDEX", Index(u16), index;
    /// How long the bucket has been idle, in clock ticks.
    IDLE_TIME = 2, "NHA_RES_BUCKET_IDLE_TIME", IdleTime(u64), idle_time;
    /// The nexthop the bucket points to.
    NH_ID = 3, "NHA_RES_BUCKET_NH_ID", NhId(u32), nh_id;
}

attributes! {
    /// `NHA_GROUP_STATS_*`: the attributes inside `NHA_GROUP_STATS`, one per member.
    numbers NhaGroupStats;
    /// A typed group-statistics attribute.
    enum GroupStatsAttr<'a>;
    /// One member's counters (read them with [`GroupStatsEntry`]).
    ENTRY = 1, "NHA_GROUP_STATS_ENTRY", Entry(nest NhaGroupStatsEntry);
}

attributes! {
    /// The attributes of one `NHA_GROUP_STATS_ENTRY` nest.
    view GroupStatsEntry;
    /// `NHA_GROUP_STATS_ENTRY_*`: the attributes of one `NHA_GROUP_STATS_ENTRY` nest.
    numbers NhaGroupStatsEntry;
    /// A typed group-statistics entry attribute.
    enum GroupStatsEntryAttr<'a>;
    /// The member nexthop's id.
    ID = 1, "NHA_GROUP_STATS_ENTRY_ID", Id(u32), id;
    /// Packets forwarded through the member.
    PACKETS = 2, "NHA_GROUP_STATS_ENTRY_PACKETS", Packets(uint), packets;
    /// Packets forwarded through the member in hardware.
    PACKETS_HW = 3, "NHA_GROUP_STATS_ENTRY_PACKETS_HW", PacketsHw(uint), packets_hw;
}

values! {
    /// `NEXTHOP_GRP_TYPE_*`: the type of a nexthop group (`NHA_GROUP_TYPE`).
    GroupType(u16);
    /// Hash-threshold multipath, the default.
    MPATH = 0, "NEXTHOP_GRP_TYPE_MPATH", "mpath";
    /// Resilient hashing with buckets.
    RES = 1, "NEXTHOP_GRP_TYPE_RES", "resilient";
}

flags! {
    /// `NHA_OP_FLAG_*`: the bits of `NHA_OP_FLAGS`.
    NhOpFlags(u32);
    /// Include group statistics in the reply.
    DUMP_STATS = 0x1, "NHA_OP_FLAG_DUMP_STATS", "stats";
    /// Include hardware statistics too.
    DUMP_HW_STATS = 0x2, "NHA_OP_FLAG_DUMP_HW_STATS", "hw_stats";
    /// Set by the kernel in replies: group members' `resvd` fields are reserved (zero).
    RESP_GRP_RESVD_0 = 0x8000_0000, "NHA_OP_FLAG_RESP_GRP_RESVD_0", "resp_grp_resvd_0";
}

header_fields! { NexthopMsg;
    /// `nh_family`.
    family: AddressFamily = |h| AddressFamily(h.nh_family);
    /// `nh_scope`.
    scope: Scope = |h| Scope(h.nh_scope);
    /// `nh_protocol`.
    protocol: RouteProtocol = |h| RouteProtocol(h.nh_protocol);
    /// `nh_flags` (`RTNH_F_*`, of which only the low 8 bits are defined).
    flags: u32 = |h| h.nh_flags.get();
    /// `nh_flags` as [`RtnhFlags`]; bits above the low 8 are dropped.
    rtnh_flags: RtnhFlags = |h| RtnhFlags(h.nh_flags.get().to_le_bytes()[0]);
}

impl<'a> NexthopMsg<'a> {
    /// `NHA_ENCAP` when `NHA_ENCAP_TYPE` is `LWTUNNEL_ENCAP_MPLS`: the same nest as a route's
    /// MPLS `RTA_ENCAP`.
    ///
    /// # Errors
    /// When either attribute is malformed, or a malformed attribute comes before them.
    #[inline]
    pub fn mpls_encap(&self) -> Result<Option<MplsEncap<'a>>> {
        Ok(match (self.encap_type()?, self.encap()?) {
            (Some(EncapType::MPLS), Some(e)) => Some(MplsEncap::new(e.attrs())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{Attrs, NLA_F_NESTED};
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::typed::{Summary, Walker};
    use crate::{AttrBuilder, Messages};

    fn walk(m: Msg<'_>) -> Summary {
        let mut w = Walker::new();
        crate::check::walk_message(m, &mut w);
        w.summary
    }

    fn builder<'b>(
        buf: &'b mut Vec<u8>,
        t: crate::header::MessageType,
        flags: Flags,
        hdr: &NhMsg,
    ) -> Result<crate::message::MessageBuilder<'b>> {
        NexthopMsg::builder(buf, t, flags, hdr)
    }

    // The group `ip nexthop add id 9 group 7/8,2` as the kernel dumped it
    // (testdata/nexthop_dump.bin, third message): NHA_ID 9, NHA_GROUP_TYPE 0 (mpath),
    // NHA_GROUP [{7, weight 1}, {8, weight 2}], NHA_OP_FLAGS 0x80000000.
    const GROUP: [u8; 68] = [
        0x44, 0x00, 0x00, 0x00, 0x68, 0x00, 0x02, 0x00, 0xf1, 0x03, 0x00, 0x00, 0xdc, 0x0f, 0x00,
        0x00, // nlmsghdr, NLM_F_MULTI
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // nhmsg AF_UNSPEC
        0x08, 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00, // NHA_ID
        0x06, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, // NHA_GROUP_TYPE
        0x14, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, // NHA_GROUP
        0x08, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x00, 0x80, // NHA_OP_FLAGS
    ];

    fn captured() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/nexthop_dump.bin"
        ))
        .unwrap()
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = captured();
        let all: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWNEXTHOP)
            .map(|m| NexthopMsg::parse(m).unwrap())
            .collect();
        assert_eq!(all.len(), 4);
        let ids: Vec<_> = all.iter().map(|n| n.id().unwrap().unwrap()).collect();
        assert_eq!(ids, [7, 8, 9, 10]);
        assert_eq!(all[0].family(), AddressFamily::INET);
        assert_eq!(all[0].scope(), Scope::LINK);
        assert_eq!(
            all[0].gateway().unwrap(),
            Some("192.0.2.254".parse().unwrap())
        );
        assert_eq!(all[0].oif().unwrap(), Some(3));
        assert_eq!(
            all[1].gateway().unwrap(),
            Some("192.0.2.253".parse().unwrap())
        );
        assert_eq!(all[3].blackhole().unwrap(), Some(()));
        assert_eq!(all[0].blackhole().unwrap(), None);
        for n in &all {
            for t in n.typed_attrs() {
                t.unwrap();
            }
        }
        // The group message is the GROUP constant above, byte for byte.
        assert_eq!(all[2].msg().offset(), 96);
        assert_eq!(&bytes[96..96 + GROUP.len()], &GROUP);
    }

    #[test]
    fn decodes_a_group() {
        let n = NexthopMsg::parse(Msg::parse(&GROUP).unwrap()).unwrap();
        assert_eq!(n.id().unwrap(), Some(9));
        assert_eq!(n.group_type().unwrap(), Some(GroupType::MPATH));
        let members: Vec<_> = n
            .group()
            .unwrap()
            .unwrap()
            .map(|g| (g.id.get(), g.weight()))
            .collect();
        assert_eq!(members, [(7, 1), (8, 2)]);
        assert_eq!(n.op_flags().unwrap(), Some(NhOpFlags::RESP_GRP_RESVD_0));
        let s = walk(n.msg());
        assert_eq!((s.typed, s.typed_errors), (4, 0));
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn builds_a_group_and_round_trips() {
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, RTM_NEWNEXTHOP, Flags::EMPTY, &NhMsg::default()).unwrap();
        NexthopAttr::Id(9).write_to(&mut b);
        NexthopAttr::GroupType(GroupType::MPATH).write_to(&mut b);
        put_group(&mut b, &[NexthopGrp::new(7, 1), NexthopGrp::new(8, 2)]);
        b.put_u32(Nha::OP_FLAGS, 0x8000_0000);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &GROUP[16..]);
        let heavy = NexthopGrp::new(1, 65536);
        assert_eq!(
            (heavy.weight, heavy.weight_high, heavy.weight()),
            (0xff, 0xff, 65536)
        );
        assert_eq!(NexthopGrp::new(1, 300).weight(), 300);
    }

    #[test]
    fn bad_attributes_fail_alone() {
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, RTM_NEWNEXTHOP, Flags::EMPTY, &NhMsg::default()).unwrap();
        b.put(Nha::GROUP, &[7, 0, 0, 0, 0])
            .put_u32(Nha::ID, 3)
            .put(Nha::GATEWAY, &[1, 2]);
        b.finish().unwrap();
        let n = NexthopMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert!(matches!(
            n.group(),
            Err(Error::AttrSize {
                kind: 2,
                offset: 24,
                expected: 8,
                found: 5
            })
        ));
        assert_eq!(n.id().unwrap(), Some(3));
        assert!(n.gateway().is_err());
        let s = walk(n.msg());
        assert_eq!((s.typed, s.typed_errors), (1, 2));
        assert!(
            builder(
                &mut buf,
                crate::rtnl::RTM_NEWROUTE,
                Flags::EMPTY,
                &NhMsg::default()
            )
            .is_err()
        );
        assert!(builder(&mut buf, RTM_GETNEXTHOP, Flags::EMPTY, &NhMsg::default()).is_ok());
    }

    #[test]
    fn nested_tables_decode() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        {
            let mut g = b.nest(Nha::RES_GROUP.0 | NLA_F_NESTED);
            g.put_u16(NhaResGroup::BUCKETS, 32)
                .put_u32(NhaResGroup::IDLE_TIMER, 12000)
                .put_u64(NhaResGroup::UNBALANCED_TIME, 5);
        }
        {
            let mut st = b.nest(Nha::GROUP_STATS.0 | NLA_F_NESTED);
            let mut e = st.nest(NhaGroupStats::ENTRY.0 | NLA_F_NESTED);
            e.put_u32(NhaGroupStatsEntry::ID, 7)
                .put_u64(NhaGroupStatsEntry::PACKETS, 99);
        }
        b.finish().unwrap();
        let mut it = Attrs::new(&buf).typed::<NexthopAttr<'_>>();
        let Some(Ok(NexthopAttr::ResGroup(g))) = it.next() else {
            panic!()
        };
        assert!(g.is_flagged());
        let typed: Vec<_> = g.typed().map(Result::unwrap).collect();
        assert_eq!(
            typed,
            [
                ResGroupAttr::Buckets(32),
                ResGroupAttr::IdleTimer(12000),
                ResGroupAttr::UnbalancedTime(5)
            ]
        );
        let g = ResGroup::from(g);
        assert_eq!(g.buckets().unwrap(), Some(32));
        assert_eq!(g.unbalanced_timer().unwrap(), None);
        let Some(Ok(NexthopAttr::GroupStats(st))) = it.next() else {
            panic!()
        };
        let entries: Vec<_> = st.typed().map(Result::unwrap).collect();
        let [GroupStatsAttr::Entry(e)] = entries[..] else {
            panic!("{entries:?}")
        };
        let e = GroupStatsEntry::from(e);
        assert_eq!(e.id().unwrap(), Some(7));
        assert_eq!(e.packets().unwrap(), Some(99));
        assert_eq!(e.packets_hw().unwrap(), None);
    }

    #[test]
    fn decodes_a_bucket_and_an_mpls_encap() {
        // What the kernel sends for one bucket of resilient group 9 (nh_fill_res_bucket):
        // NHA_ID, NHA_RES_BUCKET (NLA_F_NESTED) { INDEX, IDLE_TIME (64-bit), NH_ID }.
        let mut buf = Vec::new();
        let mut b = builder(
            &mut buf,
            RTM_NEWNEXTHOPBUCKET,
            Flags::MULTI,
            &NhMsg::new(AddressFamily::UNSPEC),
        )
        .unwrap();
        b.put_u32(Nha::ID, 9);
        {
            let mut n = b.nest(Nha::RES_BUCKET.0 | NLA_F_NESTED);
            n.put_u16(NhaResBucket::INDEX, 3)
                .put_u64(NhaResBucket::IDLE_TIME, 1234)
                .put_u32(NhaResBucket::NH_ID, 7);
        }
        b.finish().unwrap();
        let n = NexthopMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let bucket = ResBucket::from(n.res_bucket().unwrap().unwrap());
        assert_eq!(
            (bucket.index().unwrap(), bucket.idle_time().unwrap()),
            (Some(3), Some(1234))
        );
        assert_eq!(bucket.nh_id().unwrap(), Some(7));
        let s = walk(n.msg());
        assert_eq!((s.typed, s.typed_errors), (5, 0));
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));

        // `ip nexthop add id 5 encap mpls 100 via 192.0.2.254 dev veth0`: NHA_ENCAP (no flag)
        // with an MPLS_IPTUNNEL_DST, and NHA_ENCAP_TYPE 1.
        let mut buf = Vec::new();
        let mut b = builder(
            &mut buf,
            RTM_NEWNEXTHOP,
            Flags::REQUEST,
            &NhMsg::new(AddressFamily::INET),
        )
        .unwrap();
        b.put_u32(Nha::ID, 5);
        {
            let mut e = b.nest(Nha::ENCAP);
            crate::rtnl::route::put_mpls_labels(
                &mut e,
                crate::rtnl::route::MplsIptunnel::DST,
                &crate::rtnl::route::MplsLabel::stack(&[100]),
            );
        }
        b.put_u16(Nha::ENCAP_TYPE, EncapType::MPLS.0);
        b.finish().unwrap();
        let n = NexthopMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let labels: Vec<_> = n
            .mpls_encap()
            .unwrap()
            .unwrap()
            .labels()
            .unwrap()
            .unwrap()
            .map(|l| (l.label, l.bos))
            .collect();
        assert_eq!(labels, [(100, true)]);
        let s = walk(n.msg());
        assert_eq!((s.typed_errors, s.reencoded_differently), (0, 0));
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let bytes = captured();
        for n in 0..bytes.len() {
            let cut = &bytes[..n];
            let _ = crate::check::walk(cut);
            for m in Messages::new(cut).flatten() {
                assert_eq!(walk(m).roundtrip_failures, 0);
            }
        }
    }
}
