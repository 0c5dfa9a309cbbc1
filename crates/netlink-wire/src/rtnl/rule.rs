//! Policy routing rules: `struct fib_rule_hdr`, the `FRA_*` attributes, `FR_ACT_*` actions and
//! `FIB_RULE_*` flags; messages `RTM_NEWRULE`, `RTM_DELRULE`, `RTM_GETRULE`.
//!
//! Source of truth: `include/uapi/linux/fib_rules.h`; widths as the kernel's
//! `FRA_GENERIC_POLICY` (`include/net/fib_rules.h`) and `fib4_rule_policy` read them. The
//! installed header ends at `FRA_DPORT_RANGE`; the numbers after it (`FRA_DSCP` ..
//! `FRA_DSCP_MASK`) are from the upstream header of the running kernel (6.18), which sends
//! `FRA_DPORT_MASK` for a single-port rule.

use zerocopy::byteorder::native_endian::{U16, U32};

use crate::error::Result;
use crate::rtnl::{
    AddressFamily, Group, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE, RouteProtocol, Table,
};

kernel_struct! {
    /// `struct fib_rule_hdr`: the family header of rule messages.
    RuleHdr = "fib_rule_hdr", 12 {
        /// `family`: `AF_INET` or `AF_INET6`.
        pub family: u8,
        /// `dst_len`: the prefix length of `FRA_DST`.
        pub dst_len: u8,
        /// `src_len`: the prefix length of `FRA_SRC`.
        pub src_len: u8,
        /// `tos`: the TOS (IPv4) or traffic class (IPv6) byte to match.
        pub tos: u8,
        /// `table`: the table id when below 256; `RT_TABLE_COMPAT` when `FRA_TABLE` carries it.
        pub table: u8,
        /// `res1`: reserved.
        pub res1: u8,
        /// `res2`: reserved.
        pub res2: u8,
        /// `action`: an `FR_ACT_*` value.
        pub action: u8,
        /// `flags`: `FIB_RULE_*` flags.
        pub flags: U32,
    }
}

impl RuleHdr {
    /// A header for `family` with everything else zero (the header of a dump request).
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily) -> Self {
        RuleHdr {
            family: family.0,
            ..Self::default()
        }
    }
}

kernel_struct! {
    /// `struct fib_rule_uid_range`: an inclusive range of user ids (`FRA_UID_RANGE`).
    FibRuleUidRange = "fib_rule_uid_range", 8 {
        /// `start`: the first user id.
        pub start: U32,
        /// `end`: the last user id.
        pub end: U32,
    }
}

impl FibRuleUidRange {
    /// The range `start..=end`.
    #[must_use]
    #[inline]
    pub fn new(start: u32, end: u32) -> Self {
        FibRuleUidRange {
            start: U32::new(start),
            end: U32::new(end),
        }
    }
}

kernel_struct! {
    /// `struct fib_rule_port_range`: an inclusive range of ports in host byte order
    /// (`FRA_SPORT_RANGE`, `FRA_DPORT_RANGE`).
    FibRulePortRange = "fib_rule_port_range", 4 {
        /// `start`: the first port.
        pub start: U16,
        /// `end`: the last port.
        pub end: U16,
    }
}

impl FibRulePortRange {
    /// The range `start..=end`.
    #[must_use]
    #[inline]
    pub fn new(start: u16, end: u16) -> Self {
        FibRulePortRange {
            start: U16::new(start),
            end: U16::new(end),
        }
    }
}

// The ranges are values, not structs read by prefix (`{STRUCT}`): they never grow, and the
// kernel's policy (`.len = sizeof`) refuses a shorter one, so a short payload is an error here
// too instead of a range whose end reads as 0.
fixed_struct_value!(FibRuleUidRange, FibRulePortRange);

family! {
    /// A view of a rule message (`RTM_NEWRULE`, `RTM_DELRULE`, `RTM_GETRULE`).
    view RuleMsg(RuleHdr, "fib_rule_hdr");
    family "rule", messages [RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE],
        groups [Group::IPV4_RULE.0, Group::IPV6_RULE.0];
    /// `FRA_*`: rule attribute numbers.
    numbers Fra;
    /// A typed rule attribute.
    enum RuleAttr<'a>;
    /// The destination prefix; its length is [`RuleMsg::dst_len`].
    DST = 1, "FRA_DST", Dst(ip), dst;
    /// The source prefix; its length is [`RuleMsg::src_len`]; absent for "from all".
    SRC = 2, "FRA_SRC", Src(ip), src;
    /// The input interface name (`FRA_IFNAME` is the same number).
    IIFNAME = 3, "FRA_IIFNAME", Iifname(str), iifname;
    /// The priority of the rule a goto rule (`FR_ACT_GOTO`) jumps to.
    GOTO = 4, "FRA_GOTO", Goto(u32), goto;
    /// The priority (preference) of the rule; the kernel leaves it out when it is 0.
    PRIORITY = 6, "FRA_PRIORITY", Priority(u32), priority;
    /// The firewall mark to match.
    FWMARK = 10, "FRA_FWMARK", Fwmark(u32), fwmark;
    /// The routing realms (`realms`, IPv4): the low 16 bits are the destination realm.
    FLOW = 11, "FRA_FLOW", Flow(u32), flow;
    /// The tunnel id to match (network order on the wire).
    TUN_ID = 12, "FRA_TUN_ID", TunId(be64), tun_id;
    /// Reject a route result whose device is in this group; [`RuleMsg::suppress_ifgroup`]
    /// reads it, unset as `None`.
    SUPPRESS_IFGROUP = 13, "FRA_SUPPRESS_IFGROUP", SuppressIfgroup(u32);
    /// Reject a route result whose prefix is this long or shorter; `u32::MAX` (-1) is unset
    /// ([`RuleMsg::suppress_prefixlen`]).
    SUPPRESS_PREFIXLEN = 14, "FRA_SUPPRESS_PREFIXLEN", SuppressPrefixlen(u32);
    /// The table id, all 32 bits; [`RuleMsg::table`] reads it with the header's.
    TABLE = 15, "FRA_TABLE", Table(val Table);
    /// The mask applied to the firewall mark.
    FWMASK = 16, "FRA_FWMASK", Fwmask(u32), fwmask;
    /// The output interface name.
    OIFNAME = 17, "FRA_OIFNAME", Oifname(str), oifname;
    /// Padding before a 64-bit attribute.
    PAD = 18, "FRA_PAD", Pad(bytes);
    /// 1: look up the table of the l3mdev (VRF) device the packet is on.
    L3MDEV = 19, "FRA_L3MDEV", L3mdev(u8), l3mdev;
    /// The user ids to match.
    UID_RANGE = 20, "FRA_UID_RANGE", UidRange(val FibRuleUidRange), uid_range;
    /// Who installed the rule (`RTPROT_*`).
    PROTOCOL = 21, "FRA_PROTOCOL", Protocol(val RouteProtocol), protocol;
    /// The IP protocol to match (`IPPROTO_*`; `IPPROTO_TCP` is 6).
    IP_PROTO = 22, "FRA_IP_PROTO", IpProto(u8), ip_proto;
    /// The source ports to match.
    SPORT_RANGE = 23, "FRA_SPORT_RANGE", SportRange(val FibRulePortRange), sport_range;
    /// The destination ports to match.
    DPORT_RANGE = 24, "FRA_DPORT_RANGE", DportRange(val FibRulePortRange), dport_range;
    /// The DSCP to match (0 to 63).
    DSCP = 25, "FRA_DSCP", Dscp(u8), dscp;
    /// The IPv6 flow label to match (network order on the wire).
    FLOWLABEL = 26, "FRA_FLOWLABEL", Flowlabel(be32), flowlabel;
    /// The mask applied to the flow label (network order on the wire).
    FLOWLABEL_MASK = 27, "FRA_FLOWLABEL_MASK", FlowlabelMask(be32), flowlabel_mask;
    /// The mask applied to the source port (with a single-port `FRA_SPORT_RANGE`).
    SPORT_MASK = 28, "FRA_SPORT_MASK", SportMask(u16), sport_mask;
    /// The mask applied to the destination port (with a single-port `FRA_DPORT_RANGE`).
    DPORT_MASK = 29, "FRA_DPORT_MASK", DportMask(u16), dport_mask;
    /// The mask applied to the DSCP.
    DSCP_MASK = 30, "FRA_DSCP_MASK", DscpMask(u8), dscp_mask;
}

impl Fra {
    /// `FRA_IFNAME`: the old name of [`Fra::IIFNAME`].
    #[doc(alias = "FRA_IFNAME")]
    pub const IFNAME: Fra = Fra::IIFNAME;
}

values! {
    /// `FR_ACT_*`: what a matching rule does (`fib_rule_hdr.action`). The drop actions share
    /// their numbers with `RTN_BLACKHOLE`, `RTN_UNREACHABLE` and `RTN_PROHIBIT`.
    RuleAction(u8);
    /// No action; as a delete selector, any action.
    UNSPEC = 0, "FR_ACT_UNSPEC", "unspec";
    /// Look up a table (`ip rule ... table N`).
    TO_TBL = 1, "FR_ACT_TO_TBL", "to_tbl";
    /// Jump to the rule whose priority is `FRA_GOTO`.
    GOTO = 2, "FR_ACT_GOTO", "goto";
    /// Do nothing.
    NOP = 3, "FR_ACT_NOP", "nop";
    /// Reserved.
    RES3 = 4, "FR_ACT_RES3", "res3";
    /// Reserved.
    RES4 = 5, "FR_ACT_RES4", "res4";
    /// Drop silently.
    BLACKHOLE = 6, "FR_ACT_BLACKHOLE", "blackhole";
    /// Drop with `ENETUNREACH`.
    UNREACHABLE = 7, "FR_ACT_UNREACHABLE", "unreachable";
    /// Drop with `EACCES`.
    PROHIBIT = 8, "FR_ACT_PROHIBIT", "prohibit";
}

flags! {
    /// `FIB_RULE_*`: rule flags (`fib_rule_hdr.flags`).
    RuleFlags(u32);
    /// The rule cannot be deleted.
    PERMANENT = 0x01, "FIB_RULE_PERMANENT", "permanent";
    /// The selector is inverted (`ip rule add not ...`).
    INVERT = 0x02, "FIB_RULE_INVERT", "not";
    /// A goto rule whose target does not exist.
    UNRESOLVED = 0x04, "FIB_RULE_UNRESOLVED", "unresolved";
    /// The input interface does not exist (`FIB_RULE_DEV_DETACHED` is the same bit).
    IIF_DETACHED = 0x08, "FIB_RULE_IIF_DETACHED", "iif_detached";
    /// The output interface does not exist.
    OIF_DETACHED = 0x10, "FIB_RULE_OIF_DETACHED", "oif_detached";
    /// Try to find a source address in routing lookups.
    FIND_SADDR = 0x10000, "FIB_RULE_FIND_SADDR", "find_saddr";
}

impl RuleFlags {
    /// `FIB_RULE_DEV_DETACHED`: the old name of [`RuleFlags::IIF_DETACHED`].
    #[doc(alias = "FIB_RULE_DEV_DETACHED")]
    pub const DEV_DETACHED: RuleFlags = RuleFlags::IIF_DETACHED;
}

/// The value of `FRA_SUPPRESS_PREFIXLEN` (and of the kernel's `suppress_ifgroup`) that means
/// "not set": -1 as a `u32`.
pub const SUPPRESS_UNSET: u32 = u32::MAX;

header_fields! { RuleMsg;
    /// `family`.
    family: AddressFamily = |h| AddressFamily(h.family);
    /// `dst_len`: the prefix length of [`RuleMsg::dst`].
    dst_len: u8 = |h| h.dst_len;
    /// `src_len`: the prefix length of [`RuleMsg::src`].
    src_len: u8 = |h| h.src_len;
    /// `tos`: the TOS byte to match (0 for any; the kernel sets it to 0 when `FRA_DSCP` is
    /// used instead).
    tos: u8 = |h| h.tos;
    /// `action`.
    action: RuleAction = |h| RuleAction(h.action);
    /// `flags`.
    flags: RuleFlags = |h| RuleFlags(h.flags.get());
}

impl RuleMsg<'_> {
    /// The table: `FRA_TABLE` when present (all 32 bits), else the header's `table`.
    ///
    /// # Errors
    /// When `FRA_TABLE` is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn table(&self) -> Result<Table> {
        Ok(match self.attr(Fra::TABLE.0)? {
            Some(a) => Table(a.as_u32()?),
            None => Table(u32::from(self.header.table)),
        })
    }

    /// `FRA_SUPPRESS_PREFIXLEN`, or `None` when absent or unset ([`SUPPRESS_UNSET`]).
    ///
    /// # Errors
    /// When the attribute is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn suppress_prefixlen(&self) -> Result<Option<u32>> {
        self.unless_unset(Fra::SUPPRESS_PREFIXLEN)
    }

    /// `FRA_SUPPRESS_IFGROUP`, or `None` when absent or unset ([`SUPPRESS_UNSET`]).
    ///
    /// # Errors
    /// When the attribute is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn suppress_ifgroup(&self) -> Result<Option<u32>> {
        self.unless_unset(Fra::SUPPRESS_IFGROUP)
    }

    #[inline]
    fn unless_unset(&self, kind: Fra) -> Result<Option<u32>> {
        Ok(match self.attr(kind.0)? {
            Some(a) => Some(a.as_u32()?).filter(|&v| v != SUPPRESS_UNSET),
            None => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::typed::{Summary, Walker};
    use crate::{AttrWrite, Messages};
    use core::net::{IpAddr, Ipv4Addr};

    fn walk(m: Msg<'_>) -> Summary {
        let mut w = Walker::new();
        crate::check::walk_message(m, &mut w);
        w.summary
    }

    fn builder<'b>(
        buf: &'b mut Vec<u8>,
        t: crate::header::MessageType,
        flags: Flags,
        hdr: &RuleHdr,
    ) -> Result<crate::message::MessageBuilder<'b>> {
        RuleMsg::builder(buf, t, flags, hdr)
    }

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn rules(bytes: &[u8]) -> Vec<RuleMsg<'_>> {
        Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == crate::rtnl::RTM_NEWRULE)
            .map(|m| RuleMsg::parse(m).unwrap())
            .collect()
    }

    // The second message of testdata/rule4_dump.bin, `from 192.0.2.0/24 lookup 100` at priority
    // 100, as the kernel sent it: fib_rule_hdr {AF_INET, 0, 24, 0, 100, 0, 0, FR_ACT_TO_TBL, 0},
    // FRA_TABLE 100, FRA_SUPPRESS_PREFIXLEN -1, FRA_PROTOCOL 0, FRA_PRIORITY 100, FRA_SRC.
    const FROM_PREFIX: [u8; 68] = [
        68, 0, 0, 0, 32, 0, 2, 0, 0xef, 3, 0, 0, 0xdc, 0x0f, 0,
        0, // nlmsghdr: NLM_F_MULTI, seq 1007, pid 4060
        2, 0, 24, 0, 100, 0, 0, 1, 0, 0, 0, 0, // fib_rule_hdr
        8, 0, 15, 0, 100, 0, 0, 0, // FRA_TABLE
        8, 0, 14, 0, 0xff, 0xff, 0xff, 0xff, // FRA_SUPPRESS_PREFIXLEN
        5, 0, 21, 0, 0, 0, 0, 0, // FRA_PROTOCOL
        8, 0, 6, 0, 100, 0, 0, 0, // FRA_PRIORITY
        8, 0, 2, 0, 192, 0, 2, 0, // FRA_SRC
    ];

    #[test]
    fn the_constant_is_the_captured_message() {
        let bytes = capture("rule4_dump.bin");
        let m = Messages::new(&bytes).nth(1).unwrap().unwrap();
        let mut out = Vec::new();
        m.write_to(&mut out);
        assert_eq!(out, FROM_PREFIX);
    }

    #[test]
    fn decodes_the_captured_ipv4_dump() {
        let bytes = capture("rule4_dump.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{s:?}"
        );
        let rs = rules(&bytes);
        assert_eq!(rs.len(), 6);
        for r in &rs {
            assert_eq!(r.family(), AddressFamily::INET);
            for t in r.typed_attrs() {
                t.unwrap();
            }
        }
        // 0: from all lookup local, installed by the kernel; FRA_PRIORITY is left out for 0.
        assert_eq!(rs[0].priority().unwrap(), None);
        assert_eq!(rs[0].table().unwrap(), Table::LOCAL);
        assert_eq!(rs[0].protocol().unwrap(), Some(RouteProtocol::KERNEL));
        assert_eq!(rs[0].suppress_prefixlen().unwrap(), None);
        // 100: from 192.0.2.0/24 lookup 100.
        assert_eq!(rs[1].priority().unwrap(), Some(100));
        assert_eq!(
            rs[1].src().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 0)))
        );
        assert_eq!(rs[1].src_len(), 24);
        assert_eq!(rs[1].action(), RuleAction::TO_TBL);
        assert_eq!(rs[1].table().unwrap(), Table(100));
        assert_eq!(rs[1].protocol().unwrap(), Some(RouteProtocol::UNSPEC));
        // 200: fwmark 0x10 (the kernel adds the implied full mask).
        assert_eq!(rs[2].priority().unwrap(), Some(200));
        assert_eq!(rs[2].fwmark().unwrap(), Some(0x10));
        assert_eq!(rs[2].fwmask().unwrap(), Some(0xffff_ffff));
        // 300: ipproto tcp sport 1000-2000 dport 3000-4000 uidrange 100-200.
        let r = &rs[3];
        assert_eq!(r.priority().unwrap(), Some(300));
        assert_eq!(r.ip_proto().unwrap(), Some(6));
        assert_eq!(
            r.sport_range().unwrap(),
            Some(FibRulePortRange::new(1000, 2000))
        );
        assert_eq!(
            r.dport_range().unwrap(),
            Some(FibRulePortRange::new(3000, 4000))
        );
        assert_eq!(r.uid_range().unwrap(), Some(FibRuleUidRange::new(100, 200)));
        assert_eq!(r.src().unwrap(), None);
        // 32766 main and 32767 default.
        assert_eq!(
            (rs[4].priority().unwrap(), rs[4].table().unwrap()),
            (Some(32766), Table::MAIN)
        );
        assert_eq!(
            (rs[5].priority().unwrap(), rs[5].table().unwrap()),
            (Some(32767), Table::DEFAULT)
        );
        assert!(rs.iter().all(|r| r.flags().is_empty()));
    }

    #[test]
    fn decodes_the_captured_ipv6_dump() {
        let bytes = capture("rule6_dump.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{s:?}"
        );
        let rs = rules(&bytes);
        assert_eq!(rs.len(), 3);
        let r = &rs[1];
        assert_eq!(r.family(), AddressFamily::INET6);
        assert_eq!(r.src().unwrap(), Some("2001:db8::".parse().unwrap()));
        assert_eq!(r.src_len(), 32);
        assert_eq!(r.table().unwrap(), Table(100));
        // Added without a priority: the kernel picked one below the first rule after 0.
        assert_eq!(r.priority().unwrap(), Some(32765));
        assert_eq!(rs[2].table().unwrap(), Table::MAIN);
    }

    #[test]
    fn builds_what_ip_rule_add_sends() {
        // `ip rule add ipproto tcp sport 1000-2000 dport 3000-4000 uidrange 100-200 table 100
        // priority 2130`, as strace showed it after the nlmsghdr.
        let expected: [u8; 56] = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, //
            5, 0, 22, 0, 6, 0, 0, 0, //
            8, 0, 23, 0, 232, 3, 208, 7, //
            8, 0, 24, 0, 184, 11, 160, 15, //
            12, 0, 20, 0, 100, 0, 0, 0, 200, 0, 0, 0, //
            8, 0, 6, 0, 82, 8, 0, 0,
        ];
        let mut hdr = RuleHdr::new(AddressFamily::INET);
        hdr.table = 100;
        hdr.action = RuleAction::TO_TBL.0;
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, crate::rtnl::RTM_NEWRULE, Flags::REQUEST, &hdr).unwrap();
        let attrs = [
            RuleAttr::IpProto(6),
            RuleAttr::SportRange(FibRulePortRange::new(1000, 2000)),
            RuleAttr::DportRange(FibRulePortRange::new(3000, 4000)),
            RuleAttr::UidRange(FibRuleUidRange::new(100, 200)),
            RuleAttr::Priority(2130),
        ];
        for a in &attrs {
            a.write_to(&mut b);
        }
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let r = RuleMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let typed: Vec<_> = r.typed_attrs().map(Result::unwrap).collect();
        assert_eq!(typed, attrs);
    }

    #[test]
    fn builds_a_tunnel_id_in_network_order() {
        // `ip rule add tun_id 5 realms 3 suppress_ifgroup 4 table 100 priority 2402`.
        let expected: [u8; 48] = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, //
            12, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 5, //
            8, 0, 11, 0, 3, 0, 0, 0, //
            8, 0, 13, 0, 4, 0, 0, 0, //
            8, 0, 6, 0, 98, 9, 0, 0,
        ];
        let mut hdr = RuleHdr::new(AddressFamily::INET);
        hdr.table = 100;
        hdr.action = 1;
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, crate::rtnl::RTM_NEWRULE, Flags::REQUEST, &hdr).unwrap();
        RuleAttr::TunId(5).write_to(&mut b);
        b.put_u32(Fra::FLOW, 3)
            .put_u32(Fra::SUPPRESS_IFGROUP, 4)
            .put_u32(Fra::PRIORITY, 2402);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let r = RuleMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(r.tun_id().unwrap(), Some(5));
        assert_eq!(r.flow().unwrap(), Some(3));
        assert_eq!(r.suppress_ifgroup().unwrap(), Some(4));
    }

    #[test]
    fn table_prefers_the_32_bit_attribute() {
        let mut hdr = RuleHdr::new(AddressFamily::INET);
        hdr.table = Table::COMPAT.0 as u8;
        hdr.flags = U32::new(0x2 | 0x8);
        let mut buf = Vec::new();
        let mut b = builder(&mut buf, crate::rtnl::RTM_NEWRULE, Flags::EMPTY, &hdr).unwrap();
        b.put_u32(Fra::TABLE, 5000);
        b.finish().unwrap();
        let r = RuleMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(r.table().unwrap(), Table(5000));
        assert!(r.flags().contains(RuleFlags::INVERT));
        assert!(r.flags().contains(RuleFlags::DEV_DETACHED));
        assert_eq!(
            format!("{:?}", r.flags()),
            "FIB_RULE_INVERT|FIB_RULE_IIF_DETACHED"
        );
        assert_eq!(
            r.flags().short_names().collect::<Vec<_>>(),
            ["not", "iif_detached"]
        );
        assert_eq!(RuleAction::BLACKHOLE.to_string(), "blackhole");
        assert_eq!(
            RuleAction::from_short_name("prohibit"),
            Some(RuleAction::PROHIBIT)
        );
        assert_eq!(format!("{:?}", Fra::IFNAME), "FRA_IIFNAME");
        assert_eq!(format!("{:?}", Fra(31)), "31");
    }

    #[test]
    fn bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let hdr = RuleHdr::new(AddressFamily::INET);
        let mut b = builder(&mut buf, crate::rtnl::RTM_NEWRULE, Flags::EMPTY, &hdr).unwrap();
        b.put(Fra::PRIORITY, &[1, 2])
            .put(Fra::UID_RANGE, &[1, 0, 0, 0])
            .put(Fra::TUN_ID, &[1, 2, 3])
            .put_str(Fra::IIFNAME, "veth0")
            .put(Fra::TABLE, &[9]);
        b.finish().unwrap();
        let r = RuleMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            r.priority().unwrap_err(),
            Error::AttrSize {
                kind: 6,
                offset: 28,
                expected: 4,
                found: 2
            }
        );
        assert!(r.uid_range().is_err());
        assert!(r.tun_id().is_err());
        assert_eq!(r.iifname().unwrap(), Some("veth0"));
        // A malformed FRA_TABLE is an error, not a silent fall back to the header's table.
        assert!(matches!(r.table(), Err(Error::AttrSize { kind: 15, .. })));
        let typed: Vec<_> = r.typed_attrs().collect();
        assert!(typed[0].is_err());
        // A short FRA_UID_RANGE is refused, as the kernel's policy refuses it.
        assert!(typed[1].is_err());
        assert!(typed[2].is_err());
        assert_eq!(typed[3], Ok(RuleAttr::Iifname("veth0")));
        assert!(typed[4].is_err());
        let s = walk(r.msg());
        assert_eq!((s.typed, s.typed_errors), (1, 4));
        assert_eq!(s.roundtrip_failures, 0);
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        for bytes in [
            FROM_PREFIX.to_vec(),
            capture("rule4_dump.bin"),
            capture("rule6_dump.bin"),
        ] {
            for n in 0..bytes.len() {
                let cut = &bytes[..n];
                let _ = crate::check::walk(cut);
                if let Ok(r) = Msg::parse(cut).and_then(RuleMsg::parse) {
                    let _ = (r.src(), r.priority(), r.table(), r.uid_range());
                    assert_eq!(walk(r.msg()).roundtrip_failures, 0);
                    let _ = r.typed_attrs().count();
                }
            }
            // The message cut inside its fib_rule_hdr is an error, not a view.
            let mut short = FROM_PREFIX[..24].to_vec();
            short[0] = 24;
            assert!(RuleMsg::parse(Msg::parse(&short).unwrap()).is_err());
        }
    }

    #[test]
    fn builder_rejects_other_message_types() {
        let mut buf = Vec::new();
        let hdr = RuleHdr::new(AddressFamily::INET);
        assert!(builder(&mut buf, crate::rtnl::RTM_NEWROUTE, Flags::EMPTY, &hdr).is_err());
    }
}
