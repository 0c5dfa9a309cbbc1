//! Nexthop objects: `struct nhmsg`, the `NHA_*` attributes, `struct nexthop_grp` and the
//! nested resilient-group, bucket and group-statistics attributes; messages `RTM_NEWNEXTHOP`,
//! `RTM_DELNEXTHOP`, `RTM_GETNEXTHOP`.
//!
//! Source of truth: `include/uapi/linux/nexthop.h` (kernel 6.18: `weight_high`,
//! `NHA_OP_FLAGS`, `NHA_GROUP_STATS`, `NHA_HW_STATS_*` are newer than many installed headers).

use core::net::IpAddr;

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, AttrWrite, Attrs};
use crate::check::Summary;
use crate::error::{Error, Result};
use crate::header::{Flags, MessageType};
use crate::message::{MessageBuilder, Msg};
use crate::rtnl::route::{EncapType, MplsEncap, RtnhFlags};
use crate::rtnl::{AddressFamily, Protocol, Scope};
use crate::typed::Typed;

/// `struct nhmsg`: the family header of nexthop messages.
#[doc(alias = "nhmsg")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct NhMsg {
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

const _: () = assert!(size_of::<NhMsg>() == 8);

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

/// `struct nexthop_grp`: one member of a nexthop group (`NHA_GROUP` is an array of them).
#[doc(alias = "nexthop_grp")]
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct NexthopGrp {
    /// `id`: the member nexthop's id.
    pub id: U32,
    /// `weight`: the low 8 bits of the weight minus one.
    pub weight: u8,
    /// `weight_high`: the high 8 bits of the weight minus one (`resvd1` in older headers).
    pub weight_high: u8,
    /// `resvd2`: reserved, 0.
    pub resvd2: U16,
}

const _: () = assert!(size_of::<NexthopGrp>() == 8);

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

/// A zero-copy iterator over the `struct nexthop_grp` entries of `NHA_GROUP`.
#[derive(Debug, Clone)]
pub struct GroupMembers<'a> {
    entries: core::slice::ChunksExact<'a, u8>,
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
        Ok(GroupMembers {
            entries: p.chunks_exact(size),
        })
    }
}

impl<'a> Iterator for GroupMembers<'a> {
    type Item = &'a NexthopGrp;

    #[inline]
    fn next(&mut self) -> Option<&'a NexthopGrp> {
        NexthopGrp::ref_from_bytes(self.entries.next()?).ok()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for GroupMembers<'_> {}

/// Appends `NHA_GROUP` with `members`.
#[inline]
pub fn put_group<'w, W: AttrWrite>(w: &'w mut W, members: &[NexthopGrp]) -> &'w mut W {
    w.put(Nha::GROUP, members.as_bytes())
}

attributes! {
    /// `NHA_*`: nexthop attribute numbers.
    numbers Nha;
    /// A typed nexthop attribute.
    enum NexthopAttr<'a>;
    /// The nexthop id; 0 in a request means "assign one".
    ID = 1, "NHA_ID", Id(u32);
    /// The members of a group: an array of `struct nexthop_grp`; read it with
    /// [`GroupMembers::parse`].
    GROUP = 2, "NHA_GROUP", Group(bytes);
    /// The group type (`NEXTHOP_GRP_TYPE_*`, see [`GroupType`]).
    GROUP_TYPE = 3, "NHA_GROUP_TYPE", GroupType(u16);
    /// The nexthop drops packets.
    BLACKHOLE = 4, "NHA_BLACKHOLE", Blackhole(flag);
    /// The output interface; in a dump request, only nexthops using it.
    OIF = 5, "NHA_OIF", Oif(u32);
    /// The gateway (4 or 16 bytes by `nh_family`).
    GATEWAY = 6, "NHA_GATEWAY", Gateway(ip);
    /// The lightweight tunnel type of `NHA_ENCAP` (`LWTUNNEL_ENCAP_*`).
    ENCAP_TYPE = 7, "NHA_ENCAP_TYPE", EncapType(u16);
    /// The lightweight tunnel encapsulation, nested.
    ENCAP = 8, "NHA_ENCAP", Encap(nested);
    /// In a dump request: only groups.
    GROUPS = 9, "NHA_GROUPS", Groups(flag);
    /// In a dump request: only nexthops whose device has this master.
    MASTER = 10, "NHA_MASTER", Master(u32);
    /// The nexthop belongs to a bridge FDB.
    FDB = 11, "NHA_FDB", Fdb(flag);
    /// Resilient group parameters, nested (see [`ResGroupAttr`]).
    RES_GROUP = 12, "NHA_RES_GROUP", ResGroup(nested);
    /// One bucket of a resilient group, nested (see [`ResBucketAttr`]).
    RES_BUCKET = 13, "NHA_RES_BUCKET", ResBucket(nested);
    /// `NHA_OP_FLAG_*` bits: what a request asks for, or how a reply was built.
    OP_FLAGS = 14, "NHA_OP_FLAGS", OpFlags(u32);
    /// Per-member packet counters of a group, nested (`NHA_GROUP_STATS_ENTRY` nests).
    GROUP_STATS = 15, "NHA_GROUP_STATS", GroupStats(nested);
    /// Whether hardware statistics are enabled.
    HW_STATS_ENABLE = 16, "NHA_HW_STATS_ENABLE", HwStatsEnable(u32);
    /// Whether any driver collects hardware statistics (read-only).
    HW_STATS_USED = 17, "NHA_HW_STATS_USED", HwStatsUsed(u32);
}

attributes! {
    /// `NHA_RES_GROUP_*`: the attributes inside `NHA_RES_GROUP`.
    numbers NhaResGroup;
    /// A typed resilient-group attribute.
    enum ResGroupAttr<'a>;
    /// The number of buckets.
    BUCKETS = 1, "NHA_RES_GROUP_BUCKETS", Buckets(u16);
    /// The bucket idle timer, in clock ticks.
    IDLE_TIMER = 2, "NHA_RES_GROUP_IDLE_TIMER", IdleTimer(u32);
    /// The unbalanced timer, in clock ticks.
    UNBALANCED_TIMER = 3, "NHA_RES_GROUP_UNBALANCED_TIMER", UnbalancedTimer(u32);
    /// How long the group has been unbalanced, in clock ticks.
    UNBALANCED_TIME = 4, "NHA_RES_GROUP_UNBALANCED_TIME", UnbalancedTime(u64);
}

attributes! {
    /// `NHA_RES_BUCKET_*`: the attributes inside `NHA_RES_BUCKET`.
    numbers NhaResBucket;
    /// A typed resilient-group bucket attribute.
    enum ResBucketAttr<'a>;
    /// The bucket index.
    INDEX = 1, "NHA_RES_BUCKET_INDEX", Index(u16);
    /// How long the bucket has been idle, in clock ticks.
    IDLE_TIME = 2, "NHA_RES_BUCKET_IDLE_TIME", IdleTime(u64);
    /// The nexthop the bucket points to.
    NH_ID = 3, "NHA_RES_BUCKET_NH_ID", NhId(u32);
}

attributes! {
    /// `NHA_GROUP_STATS_ENTRY_*`: the attributes of one `NHA_GROUP_STATS_ENTRY` nest.
    numbers NhaGroupStatsEntry;
    /// A typed group-statistics entry attribute.
    enum GroupStatsEntryAttr<'a>;
    /// The member nexthop's id.
    ID = 1, "NHA_GROUP_STATS_ENTRY_ID", Id(u32);
    /// Packets forwarded through the member.
    PACKETS = 2, "NHA_GROUP_STATS_ENTRY_PACKETS", Packets(uint);
    /// Packets forwarded through the member in hardware.
    PACKETS_HW = 3, "NHA_GROUP_STATS_ENTRY_PACKETS_HW", PacketsHw(uint);
}

/// `NHA_GROUP_STATS_ENTRY`: the type of each nest inside `NHA_GROUP_STATS`.
pub const NHA_GROUP_STATS_ENTRY: u16 = 1;

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

family_view! {
    /// A view of a nexthop message (`RTM_NEWNEXTHOP`, `RTM_DELNEXTHOP`).
    NexthopMsg,
    NhMsg,
    "nhmsg",
    NexthopAttr
}

impl<'a> NexthopMsg<'a> {
    /// `nh_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.nh_family)
    }

    /// `nh_scope`.
    #[must_use]
    #[inline]
    pub fn scope(&self) -> Scope {
        Scope(self.header.nh_scope)
    }

    /// `nh_protocol`.
    #[must_use]
    #[inline]
    pub fn protocol(&self) -> Protocol {
        Protocol(self.header.nh_protocol)
    }

    /// `nh_flags` (`RTNH_F_*`, of which only the low 8 bits are defined).
    #[must_use]
    #[inline]
    pub fn flags(&self) -> u32 {
        self.header.nh_flags.get()
    }

    /// `nh_flags` as [`RtnhFlags`]; bits above the low 8 are dropped.
    #[must_use]
    #[inline]
    pub fn rtnh_flags(&self) -> RtnhFlags {
        RtnhFlags(self.header.nh_flags.get().to_le_bytes()[0])
    }

    #[inline]
    fn u32(&self, kind: Nha) -> Result<Option<u32>> {
        self.attrs.get_lossy(kind).map(|a| a.as_u32()).transpose()
    }

    /// `NHA_ID`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn id(&self) -> Result<Option<u32>> {
        self.u32(Nha::ID)
    }

    /// `NHA_GROUP`: the members of a group.
    ///
    /// # Errors
    /// When the attribute is not a whole number of 8-byte entries.
    #[inline]
    pub fn group(&self) -> Result<Option<GroupMembers<'a>>> {
        self.attrs
            .get_lossy(Nha::GROUP)
            .map(GroupMembers::parse)
            .transpose()
    }

    /// `NHA_GROUP_TYPE`.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn group_type(&self) -> Result<Option<GroupType>> {
        self.attrs
            .get_lossy(Nha::GROUP_TYPE)
            .map(|a| a.as_u16().map(GroupType))
            .transpose()
    }

    /// Whether `NHA_BLACKHOLE` is present.
    #[must_use]
    #[inline]
    pub fn blackhole(&self) -> bool {
        self.attrs.get_lossy(Nha::BLACKHOLE).is_some()
    }

    /// Whether `NHA_FDB` is present.
    #[must_use]
    #[inline]
    pub fn fdb(&self) -> bool {
        self.attrs.get_lossy(Nha::FDB).is_some()
    }

    /// `NHA_OIF`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn oif(&self) -> Result<Option<u32>> {
        self.u32(Nha::OIF)
    }

    /// `NHA_GATEWAY`.
    ///
    /// # Errors
    /// When the attribute is neither 4 nor 16 bytes.
    #[inline]
    pub fn gateway(&self) -> Result<Option<IpAddr>> {
        self.attrs
            .get_lossy(Nha::GATEWAY)
            .map(|a| a.as_ip())
            .transpose()
    }

    /// `NHA_ENCAP_TYPE`.
    ///
    /// # Errors
    /// When the attribute is not 2 bytes.
    #[inline]
    pub fn encap_type(&self) -> Result<Option<EncapType>> {
        self.attrs
            .get_lossy(Nha::ENCAP_TYPE)
            .map(|a| a.as_u16().map(EncapType))
            .transpose()
    }

    /// `NHA_ENCAP`, raw; its attributes depend on [`NexthopMsg::encap_type`].
    #[must_use]
    #[inline]
    pub fn encap(&self) -> Option<Attrs<'a>> {
        self.attrs.get_lossy(Nha::ENCAP).map(|a| a.nested())
    }

    /// `NHA_ENCAP` when `NHA_ENCAP_TYPE` is `LWTUNNEL_ENCAP_MPLS`.
    ///
    /// # Errors
    /// When either attribute is malformed.
    #[inline]
    pub fn mpls_encap(&self) -> Result<Option<MplsEncap<'a>>> {
        if self.encap_type()? != Some(EncapType::MPLS) {
            return Ok(None);
        }
        Ok(self.encap().map(MplsEncap::new))
    }

    /// `NHA_MASTER`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn master(&self) -> Result<Option<u32>> {
        self.u32(Nha::MASTER)
    }

    /// `NHA_OP_FLAGS`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn op_flags(&self) -> Result<Option<NhOpFlags>> {
        self.u32(Nha::OP_FLAGS).map(|f| f.map(NhOpFlags))
    }

    /// `NHA_RES_GROUP` decoded as [`ResGroupAttr`].
    #[must_use]
    #[inline]
    pub fn res_group(&self) -> Option<Typed<'a, ResGroupAttr<'a>>> {
        self.attrs
            .get_lossy(Nha::RES_GROUP)
            .map(|a| a.nested().typed())
    }

    /// `NHA_RES_BUCKET` decoded as [`ResBucketAttr`].
    #[must_use]
    #[inline]
    pub fn res_bucket(&self) -> Option<Typed<'a, ResBucketAttr<'a>>> {
        self.attrs
            .get_lossy(Nha::RES_BUCKET)
            .map(|a| a.nested().typed())
    }

    /// `NHA_GROUP_STATS`: one `NHA_GROUP_STATS_ENTRY` nest per member.
    #[must_use]
    #[inline]
    pub fn group_stats(&self) -> Option<Attrs<'a>> {
        self.attrs.get_lossy(Nha::GROUP_STATS).map(|a| a.nested())
    }

    /// `NHA_HW_STATS_ENABLE`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn hw_stats_enable(&self) -> Result<Option<u32>> {
        self.u32(Nha::HW_STATS_ENABLE)
    }

    /// `NHA_HW_STATS_USED`.
    ///
    /// # Errors
    /// When the attribute is not 4 bytes.
    #[inline]
    pub fn hw_stats_used(&self) -> Result<Option<u32>> {
        self.u32(Nha::HW_STATS_USED)
    }
}

/// Starts a nexthop message of type `t` (`RTM_NEWNEXTHOP`, `RTM_DELNEXTHOP`,
/// `RTM_GETNEXTHOP`) with `header`; add attributes with [`NexthopAttr::write_to`], the
/// [`AttrWrite`] methods or [`put_group`], then `finish()`.
///
/// # Errors
/// [`Error::UnexpectedType`] for a type that is not a nexthop message.
#[inline]
pub fn builder<'b>(
    buf: &'b mut Vec<u8>,
    t: MessageType,
    flags: Flags,
    header: &NhMsg,
) -> Result<MessageBuilder<'b>> {
    if !(104..=107).contains(&t.0) {
        return Err(Error::UnexpectedType {
            expected: 104,
            found: t.0,
        });
    }
    let mut b = MessageBuilder::new(buf, t, flags);
    b.family_header(header);
    Ok(b)
}

/// Decodes `m` as a nexthop message with every typed attribute, counting into `s`.
#[inline]
pub(crate) fn walk(m: Msg<'_>, s: &mut Summary) {
    let Ok(n) = NexthopMsg::parse(m) else {
        s.errors = s.errors.saturating_add(1);
        return;
    };
    let _ = (
        n.family(),
        n.scope(),
        n.protocol(),
        n.flags(),
        n.blackhole(),
        n.fdb(),
    );
    let results = [
        n.id().map(drop),
        n.group()
            .map(|g| g.map(|g| g.map(NexthopGrp::weight).count()))
            .map(drop),
        n.group_type().map(drop),
        n.oif().map(drop),
        n.gateway().map(drop),
        n.mpls_encap().map(drop),
        n.master().map(drop),
        n.op_flags().map(drop),
    ];
    s.typed_errors = s
        .typed_errors
        .saturating_add(results.iter().filter(|r| r.is_err()).count());
    for t in n.typed_attrs() {
        s.count(&t);
        match t {
            Ok(NexthopAttr::ResGroup(g)) => {
                for x in g.typed::<ResGroupAttr<'_>>() {
                    s.count(&x);
                }
            }
            Ok(NexthopAttr::ResBucket(b)) => {
                for x in b.typed::<ResBucketAttr<'_>>() {
                    s.count(&x);
                }
            }
            Ok(NexthopAttr::GroupStats(g)) => {
                for e in g.flatten() {
                    for x in e.nested().typed::<GroupStatsEntryAttr<'_>>() {
                        s.count(&x);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::{RTM_GETNEXTHOP, RTM_NEWNEXTHOP};
    use crate::{AttrBuilder, Messages};

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
        assert!(all[3].blackhole());
        assert!(!all[0].blackhole());
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
        let mut s = Summary::default();
        walk(n.msg(), &mut s);
        assert_eq!((s.typed, s.typed_errors), (4, 0));
    }

    #[test]
    fn builds_a_group_and_round_trips() {
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, RTM_NEWNEXTHOP, Flags::EMPTY, &NhMsg::default()).unwrap();
        NexthopAttr::Id(9).write_to(&mut b);
        NexthopAttr::GroupType(0).write_to(&mut b);
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
        let mut s = Summary::default();
        walk(n.msg(), &mut s);
        assert_eq!(s.typed_errors, 3);
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
            let mut g = b.nest(Nha::RES_GROUP);
            g.put_u16(NhaResGroup::BUCKETS, 32)
                .put_u32(NhaResGroup::IDLE_TIMER, 12000)
                .put_u64(NhaResGroup::UNBALANCED_TIME, 5);
        }
        {
            let mut st = b.nest(Nha::GROUP_STATS);
            let mut e = st.nest(NHA_GROUP_STATS_ENTRY);
            e.put_u32(NhaGroupStatsEntry::ID, 7)
                .put_u64(NhaGroupStatsEntry::PACKETS, 99);
        }
        b.finish().unwrap();
        let mut it = Attrs::new(&buf).typed::<NexthopAttr<'_>>();
        let Some(Ok(NexthopAttr::ResGroup(g))) = it.next() else {
            panic!()
        };
        let g: Vec<_> = g.typed::<ResGroupAttr<'_>>().map(Result::unwrap).collect();
        assert_eq!(
            g,
            [
                ResGroupAttr::Buckets(32),
                ResGroupAttr::IdleTimer(12000),
                ResGroupAttr::UnbalancedTime(5)
            ]
        );
        let Some(Ok(NexthopAttr::GroupStats(st))) = it.next() else {
            panic!()
        };
        let e = st.get(NHA_GROUP_STATS_ENTRY).unwrap().unwrap();
        let e: Vec<_> = e
            .nested()
            .typed::<GroupStatsEntryAttr<'_>>()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            e,
            [GroupStatsEntryAttr::Id(7), GroupStatsEntryAttr::Packets(99)]
        );
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let bytes = captured();
        for n in 0..bytes.len() {
            let cut = &bytes[..n];
            let _ = crate::check::walk(cut);
            for m in Messages::new(cut).flatten() {
                let mut s = Summary::default();
                walk(m, &mut s);
            }
        }
    }
}
