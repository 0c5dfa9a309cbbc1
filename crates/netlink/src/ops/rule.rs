//! Policy routing rules: list, add and delete IPv4 and IPv6 rules (`ip rule`).

use std::net::IpAddr;

use netlink_wire::rtnl::rule::{
    FibRulePortRange, FibRuleUidRange, Fra, RuleAction, RuleFlags, RuleHdr, RuleMsg,
};
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE, RouteProtocol, Table,
};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

/// The longest interface name the kernel accepts (`IFNAMSIZ - 1`).
const MAX_IFNAME: usize = 15;

owned! {
    /// A rule as the kernel reports it (`RTM_NEWRULE`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Rule {
        /// `family`: `AF_INET` or `AF_INET6` (`RTNL_FAMILY_IPMR`, `RTNL_FAMILY_IP6MR` for the
        /// multicast routing rules).
        family: AddressFamily = m.family(),
        /// `FRA_PRIORITY`: the preference; 0 when the kernel leaves the attribute out.
        priority: u32 = m.priority()?.unwrap_or(0),
        /// `FRA_TABLE` (or the header's `table`): the table looked up; 0 for other actions.
        table: Table = m.table()?,
        /// `action`.
        action: RuleAction = m.action(),
        /// `flags`: `FIB_RULE_INVERT` (`not`), and what the kernel adds (`FIB_RULE_UNRESOLVED`,
        /// `FIB_RULE_IIF_DETACHED`, ...).
        flags: RuleFlags = m.flags(),
        /// `FRA_SRC` and `src_len`: the source prefix; `None` for "from all".
        src: Option<(IpAddr, u8)> = m.src()?.map(|a| (a, m.src_len())),
        /// `FRA_DST` and `dst_len`: the destination prefix.
        dst: Option<(IpAddr, u8)> = m.dst()?.map(|a| (a, m.dst_len())),
        /// `tos`: the TOS byte to match; 0 for any.
        tos: u8 = m.tos(),
        /// `FRA_IIFNAME`: the input interface.
        iifname: Option<String> = m.iifname()?.map(str::to_owned),
        /// `FRA_OIFNAME`: the output interface.
        oifname: Option<String> = m.oifname()?.map(str::to_owned),
        /// `FRA_FWMARK`: the firewall mark.
        fwmark: Option<u32> = m.fwmark()?,
        /// `FRA_FWMASK`: the mask of the firewall mark (`0xffffffff` when only a mark was given).
        fwmask: Option<u32> = m.fwmask()?,
        /// `FRA_GOTO`: the priority a goto rule jumps to.
        goto: Option<u32> = m.goto()?,
        /// `FRA_FLOW`: the routing realms.
        flow: Option<u32> = m.flow()?,
        /// `FRA_TUN_ID`: the tunnel id.
        tun_id: Option<u64> = m.tun_id()?,
        /// `FRA_SUPPRESS_PREFIXLEN`; `None` when unset (the kernel sends -1).
        suppress_prefixlen: Option<u32> = m.suppress_prefixlen()?,
        /// `FRA_SUPPRESS_IFGROUP`; `None` when unset.
        suppress_ifgroup: Option<u32> = m.suppress_ifgroup()?,
        /// `FRA_L3MDEV`: the rule looks up the table of the packet's l3mdev (VRF) device.
        l3mdev: bool = m.l3mdev()?.is_some_and(|v| v != 0),
        /// `FRA_UID_RANGE`: the first and last user id.
        uid_range: Option<(u32, u32)> = m.uid_range()?.map(|u| range(u.start.get(), u.end.get())),
        /// `FRA_PROTOCOL`: who installed the rule (`RTPROT_KERNEL` for the default rules).
        protocol: RouteProtocol = m.protocol()?.unwrap_or(RouteProtocol::UNSPEC),
        /// `FRA_IP_PROTO`: the IP protocol (`IPPROTO_TCP` is 6).
        ip_proto: Option<u8> = m.ip_proto()?,
        /// `FRA_SPORT_RANGE`: the first and last source port.
        sport_range: Option<(u16, u16)> = m.sport_range()?.map(|p| range(p.start.get(), p.end.get())),
        /// `FRA_DPORT_RANGE`: the first and last destination port.
        dport_range: Option<(u16, u16)> = m.dport_range()?.map(|p| range(p.start.get(), p.end.get())),
        /// `FRA_SPORT_MASK`: the source port mask (the kernel sends `0xffff` for a single port).
        sport_mask: Option<u16> = m.sport_mask()?,
        /// `FRA_DPORT_MASK`: the destination port mask.
        dport_mask: Option<u16> = m.dport_mask()?,
        /// `FRA_DSCP`: the DSCP to match.
        dscp: Option<u8> = m.dscp()?,
        /// `FRA_DSCP_MASK`: the DSCP mask.
        dscp_mask: Option<u8> = m.dscp_mask()?,
        /// `FRA_FLOWLABEL`: the IPv6 flow label to match.
        flowlabel: Option<u32> = m.flowlabel()?,
        /// `FRA_FLOWLABEL_MASK`: the flow label mask.
        flowlabel_mask: Option<u32> = m.flowlabel_mask()?,
    }
    from(m: RuleMsg) {}
}

fn range<T>(start: T, end: T) -> (T, T) {
    (start, end)
}

impl Rule {
    /// Whether the selector is inverted (`FIB_RULE_INVERT`, `ip rule add not ...`).
    #[must_use]
    pub fn invert(&self) -> bool {
        self.flags.contains(RuleFlags::INVERT)
    }

    /// A request that selects exactly this rule, to delete it or to add it again (elsewhere).
    #[must_use]
    pub fn to_request(&self) -> RuleRequest {
        RuleRequest {
            family: self.family,
            priority: Some(self.priority),
            table: (self.table != Table::UNSPEC).then_some(self.table),
            action: Some(self.action),
            src: self.src,
            dst: self.dst,
            iifname: self.iifname.clone(),
            oifname: self.oifname.clone(),
            fwmark: self.fwmark,
            fwmask: self.fwmask,
            tos: self.tos,
            ip_proto: self.ip_proto,
            sport_range: self.sport_range,
            dport_range: self.dport_range,
            sport_mask: self.sport_mask,
            dport_mask: self.dport_mask,
            uid_range: self.uid_range,
            suppress_prefixlen: self.suppress_prefixlen,
            suppress_ifgroup: self.suppress_ifgroup,
            goto: self.goto,
            invert: self.invert(),
            l3mdev: self.l3mdev,
            protocol: Some(self.protocol),
            flow: self.flow,
            tun_id: self.tun_id,
            dscp: self.dscp,
            dscp_mask: self.dscp_mask,
            flowlabel: self.flowlabel,
            flowlabel_mask: self.flowlabel_mask,
        }
    }
}

settable! {
    /// Which rules [`Connection::rules`](crate::Connection::rules) returns.
    ///
    /// With strict checking the kernel filters rule dumps by family only
    /// (`fib_valid_dumprule_req` rejects anything else); the other fields are applied here.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct RuleFilter {
        /// Only this family (`AF_INET`, `AF_INET6`); `None` for every family.
        fixed family: Option<AddressFamily>,
        /// Only rules that look up this table.
        table: Option<Table>,
        /// Only rules of this priority.
        priority: Option<u32>,
        /// Only rules installed by this protocol.
        protocol: Option<RouteProtocol>,
        /// Only rules with this action.
        action: Option<RuleAction>,
    }
}

impl RuleFilter {
    /// Only rules of `family`.
    #[must_use]
    pub fn family(family: AddressFamily) -> Self {
        RuleFilter {
            family: Some(family),
            ..Self::default()
        }
    }

    fn matches(&self, r: &RuleMsg<'_>) -> Result<bool> {
        if self.family.is_some_and(|f| f != r.family())
            || self.action.is_some_and(|a| a != r.action())
        {
            return Ok(false);
        }
        if let Some(t) = self.table
            && r.table()? != t
        {
            return Ok(false);
        }
        if let Some(p) = self.priority
            && r.priority()?.unwrap_or(0) != p
        {
            return Ok(false);
        }
        if let Some(p) = self.protocol
            && r.protocol()?.unwrap_or(RouteProtocol::UNSPEC) != p
        {
            return Ok(false);
        }
        Ok(true)
    }
}

/// A rule to add, or the selectors of rules to delete (`ip rule add|del ...`).
///
/// An unset `action` is `FR_ACT_GOTO` when `goto` is set; otherwise, when adding, it is
/// `FR_ACT_TO_TBL`, and an unset `table` of a `FR_ACT_TO_TBL` rule is `main`, as `ip rule add`
/// does. When deleting, unset fields match any rule, as with `ip rule del`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleRequest {
    /// `AF_INET` or `AF_INET6` (`RTNL_FAMILY_IPMR`, `RTNL_FAMILY_IP6MR` for the multicast
    /// routing rules).
    pub family: AddressFamily,
    /// `FRA_PRIORITY`; when adding without one the kernel picks one below the first rule after
    /// priority 0.
    pub priority: Option<u32>,
    /// The table to look up (`table`, `FRA_TABLE` above 255).
    pub table: Option<Table>,
    /// `action`: `blackhole`, `unreachable`, `prohibit`, `nop`, `goto`, or a table lookup.
    pub action: Option<RuleAction>,
    /// `FRA_SRC`: the source prefix (`from`); the prefix length is at most 32 or 128.
    pub src: Option<(IpAddr, u8)>,
    /// `FRA_DST`: the destination prefix (`to`).
    pub dst: Option<(IpAddr, u8)>,
    /// `FRA_IIFNAME`: the input interface (`iif`), at most 15 bytes.
    pub iifname: Option<String>,
    /// `FRA_OIFNAME`: the output interface (`oif`), at most 15 bytes.
    pub oifname: Option<String>,
    /// `FRA_FWMARK`: the firewall mark (`fwmark`).
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`: the mask of the firewall mark (`fwmark MARK/MASK`).
    pub fwmask: Option<u32>,
    /// `tos`: the TOS byte to match; 0 for any.
    pub tos: u8,
    /// `FRA_IP_PROTO`: the IP protocol (`ipproto`; TCP is 6).
    pub ip_proto: Option<u8>,
    /// `FRA_SPORT_RANGE`: the first and last source port (`sport`), 1 to 65534.
    pub sport_range: Option<(u16, u16)>,
    /// `FRA_DPORT_RANGE`: the first and last destination port (`dport`).
    pub dport_range: Option<(u16, u16)>,
    /// `FRA_SPORT_MASK`: a mask for a single source port (`sport PORT/MASK`).
    pub sport_mask: Option<u16>,
    /// `FRA_DPORT_MASK`: a mask for a single destination port.
    pub dport_mask: Option<u16>,
    /// `FRA_UID_RANGE`: the first and last user id (`uidrange`).
    pub uid_range: Option<(u32, u32)>,
    /// `FRA_SUPPRESS_PREFIXLEN` (`suppress_prefixlength`).
    pub suppress_prefixlen: Option<u32>,
    /// `FRA_SUPPRESS_IFGROUP` (`suppress_ifgroup`).
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_GOTO`: the priority to jump to (`goto`); it must be above `priority`.
    pub goto: Option<u32>,
    /// `FIB_RULE_INVERT`: invert the selector (`not`).
    pub invert: bool,
    /// `FRA_L3MDEV`: look up the table of the packet's l3mdev (VRF) device; excludes `table`.
    pub l3mdev: bool,
    /// `FRA_PROTOCOL`: who installs the rule (`protocol`).
    pub protocol: Option<RouteProtocol>,
    /// `FRA_FLOW`: the routing realms (`realms`).
    pub flow: Option<u32>,
    /// `FRA_TUN_ID`: the tunnel id (`tun_id`).
    pub tun_id: Option<u64>,
    /// `FRA_DSCP`: the DSCP to match, 0 to 63; excludes `tos`.
    pub dscp: Option<u8>,
    /// `FRA_DSCP_MASK`: the DSCP mask, 0 to 63; needs `dscp`.
    pub dscp_mask: Option<u8>,
    /// `FRA_FLOWLABEL`: the IPv6 flow label to match, at most 20 bits.
    pub flowlabel: Option<u32>,
    /// `FRA_FLOWLABEL_MASK`: the flow label mask.
    pub flowlabel_mask: Option<u32>,
}

impl RuleRequest {
    /// A request for `family` with no selector, priority, table or action set.
    #[must_use]
    pub fn new(family: AddressFamily) -> Self {
        RuleRequest {
            family,
            ..RuleRequest::default()
        }
    }

    /// `from all lookup table` at `priority` (`ip rule add priority P table T`).
    #[must_use]
    pub fn lookup(family: AddressFamily, priority: u32, table: Table) -> Self {
        RuleRequest {
            priority: Some(priority),
            table: Some(table),
            ..Self::new(family)
        }
    }
}

impl Request for RuleRequest {
    type Object = Rule;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        let adding = t == RTM_NEWRULE;
        let bits = match self.family {
            // The multicast routing rules (`ip mrule`) have their families' address sizes.
            AddressFamily::INET | AddressFamily::IPMR => 32,
            AddressFamily::INET6 | AddressFamily::IP6MR => 128,
            f => {
                return Err(invalid(format!(
                    "rules are IPv4, IPv6 or their multicast routing ones, not {f:?}"
                )));
            }
        };
        for (what, prefix) in [("source", self.src), ("destination", self.dst)] {
            if let Some((a, len)) = prefix {
                if a.is_ipv4() != (bits == 32) {
                    return Err(invalid(format!(
                        "{what} {a} is not of family {}",
                        self.family
                    )));
                }
                if len > bits {
                    return Err(invalid(format!(
                        "prefix length {len} exceeds {bits} for {a}"
                    )));
                }
            }
        }
        for (what, name) in [("iif", &self.iifname), ("oif", &self.oifname)] {
            if let Some(n) = name
                && (n.is_empty() || n.len() > MAX_IFNAME || n.contains('\0'))
            {
                return Err(invalid(format!(
                    "{what} name {n:?} must be 1 to {MAX_IFNAME} bytes without NUL"
                )));
            }
        }
        for (what, ports, mask) in [
            ("sport", self.sport_range, self.sport_mask),
            ("dport", self.dport_range, self.dport_mask),
        ] {
            if let Some((start, end)) = ports
                && (start == 0 || start > end)
            {
                return Err(invalid(format!("{what} range {start}-{end} is empty")));
            }
            if mask.is_some() && ports.is_none_or(|(s, e)| s != e) {
                return Err(invalid(format!("a {what} mask needs a single {what}")));
            }
        }
        if let Some((start, end)) = self.uid_range
            && start > end
        {
            return Err(invalid(format!("uid range {start}-{end} is empty")));
        }
        let action = self.action.unwrap_or(RuleAction::UNSPEC);
        if self.goto.is_some() && !matches!(action, RuleAction::UNSPEC | RuleAction::GOTO) {
            return Err(invalid(format!("goto with action {action:?}")));
        }
        if adding && action == RuleAction::GOTO && self.goto.is_none() {
            return Err(invalid("action goto needs a goto target"));
        }
        if self.l3mdev && self.table.is_some_and(|t| t != Table::UNSPEC) {
            return Err(invalid("l3mdev and table are mutually exclusive"));
        }
        if let Some(d) = self.dscp {
            if d > 63 {
                return Err(invalid(format!("dscp {d} exceeds 63")));
            }
            if self.tos != 0 {
                return Err(invalid("tos and dscp are mutually exclusive"));
            }
        }
        if let Some(m) = self.dscp_mask
            && (m > 63 || self.dscp.is_none())
        {
            return Err(invalid(format!("dscp mask {m:#x} needs a dscp and 6 bits")));
        }
        for v in [self.flowlabel, self.flowlabel_mask].into_iter().flatten() {
            if bits != 128 {
                return Err(invalid("flow labels are IPv6 only"));
            }
            if v > 0xf_ffff {
                return Err(invalid(format!("flow label {v:#x} exceeds 20 bits")));
            }
        }
        Ok(())
    }

    /// Writes the request. The attributes come in the order `ip rule` writes them for the same
    /// arguments given in this order, so that its bytes can be compared with ours.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let adding = t == RTM_NEWRULE;
        // The kernel refuses FRA_GOTO without FR_ACT_GOTO ("Unexpected goto"), in deletes too.
        let action = match self.action {
            Some(a) => a,
            None if self.goto.is_some() => RuleAction::GOTO,
            None if adding => RuleAction::TO_TBL,
            None => RuleAction::UNSPEC,
        };
        let table = match self.table {
            Some(t) => t,
            None if adding && action == RuleAction::TO_TBL && !self.l3mdev => Table::MAIN,
            None => Table::UNSPEC,
        };
        let mut hdr = RuleHdr::new(self.family);
        hdr.src_len = self.src.map_or(0, |(_, l)| l);
        hdr.dst_len = self.dst.map_or(0, |(_, l)| l);
        hdr.tos = self.tos;
        hdr.action = action.0;
        // Tables above 255 travel in FRA_TABLE only, with 0 in the header (as `ip` sends).
        hdr.table = u8::try_from(table.0).unwrap_or(0);
        if self.invert {
            hdr.flags.set(RuleFlags::INVERT.bits());
        }
        let mut b = RuleMsg::builder(buf, t, flags, &hdr)?;
        if let Some((a, _)) = self.src {
            b.put_ip(Fra::SRC, a);
        }
        if let Some((a, _)) = self.dst {
            b.put_ip(Fra::DST, a);
        }
        b.put_some(Fra::IIFNAME, self.iifname.as_deref());
        b.put_some(Fra::OIFNAME, self.oifname.as_deref());
        b.put_some(Fra::FWMARK, self.fwmark);
        b.put_some(Fra::FWMASK, self.fwmask);
        b.put_some(Fra::IP_PROTO, self.ip_proto);
        if let Some((s, e)) = self.sport_range {
            b.put_struct(Fra::SPORT_RANGE, &FibRulePortRange::new(s, e));
        }
        b.put_some(Fra::SPORT_MASK, self.sport_mask);
        if let Some((s, e)) = self.dport_range {
            b.put_struct(Fra::DPORT_RANGE, &FibRulePortRange::new(s, e));
        }
        b.put_some(Fra::DPORT_MASK, self.dport_mask);
        if let Some((s, e)) = self.uid_range {
            b.put_struct(Fra::UID_RANGE, &FibRuleUidRange::new(s, e));
        }
        if let Some(id) = self.tun_id {
            b.put(Fra::TUN_ID, &id.to_be_bytes());
        }
        b.put_some(Fra::FLOW, self.flow);
        b.put_some(Fra::SUPPRESS_IFGROUP, self.suppress_ifgroup);
        b.put_some(Fra::SUPPRESS_PREFIXLEN, self.suppress_prefixlen);
        if self.l3mdev {
            b.put_u8(Fra::L3MDEV, 1);
        }
        b.put_some(Fra::GOTO, self.goto);
        if table.0 > 255 {
            b.put_u32(Fra::TABLE, table.0);
        }
        b.put_some(Fra::PRIORITY, self.priority);
        b.put_some(Fra::PROTOCOL, self.protocol.map(|v| v.0));
        b.put_some(Fra::DSCP, self.dscp);
        b.put_some(Fra::DSCP_MASK, self.dscp_mask);
        if let Some(l) = self.flowlabel {
            b.put_be32(Fra::FLOWLABEL, l);
        }
        if let Some(m) = self.flowlabel_mask {
            b.put_be32(Fra::FLOWLABEL_MASK, m);
        }
        b.finish()
    }
}

impl Object for Rule {
    type View<'a> = RuleMsg<'a>;
    type Filter = RuleFilter;
    const NEW: MessageType = RTM_NEWRULE;
    const DEL: MessageType = RTM_DELRULE;
    const GET: MessageType = RTM_GETRULE;

    fn dump_request(filter: &RuleFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // fib_valid_dumprule_req accepts only the family in a strict dump request.
        let hdr = RuleHdr::new(filter.family.unwrap_or(AddressFamily::UNSPEC));
        RuleMsg::builder(buf, RTM_GETRULE, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &RuleFilter, r: &RuleMsg<'_>) -> Result<bool> {
        filter.matches(r)
    }

    fn from_view(r: &RuleMsg<'_>) -> Result<Rule> {
        Rule::from_msg(r)
    }
}

named_ops! { Rule, RuleRequest;
    list rules "Every rule matching `filter` (`ip rule show`), in the kernel's order: by family, then by priority.";
    for_each for_each_rule "Every rule matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_rule "Adds a rule (`ip rule add`); fails with `EEXIST` if an identical one is there.";
    delete delete_rule "Deletes the first rule matching the selectors set in `req` (`ip rule del`); `ENOENT` when no rule matches, `EPERM` for a permanent one.";
}

#[cfg(test)]
mod tests {
    use super::*;

    const INET: AddressFamily = AddressFamily::INET;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    /// The bytes after the nlmsghdr, and the nlmsg_flags, that `req` produces.
    fn bytes(req: &RuleRequest, t: MessageType, flags: Flags) -> (Vec<u8>, u16) {
        let mut buf = Vec::new();
        req.build(&mut buf, t, flags).unwrap();
        let f = u16::from_ne_bytes([buf[6], buf[7]]);
        (buf[16..].to_vec(), f)
    }

    fn add(req: &RuleRequest) -> Vec<u8> {
        req.validate(RTM_NEWRULE, Flags::EMPTY).unwrap();
        let (b, f) = bytes(req, RTM_NEWRULE, Flags::CREATE | Flags::EXCL);
        assert_eq!(f, 0x600, "NLM_F_CREATE|NLM_F_EXCL, as ip rule add sends");
        b
    }

    fn del(req: &RuleRequest) -> Vec<u8> {
        req.validate(RTM_DELRULE, Flags::EMPTY).unwrap();
        let (b, f) = bytes(req, RTM_DELRULE, Flags::EMPTY);
        assert_eq!(f, 0);
        b
    }

    // Each expected payload is what `strace -e trace=sendmsg -xx ip rule ...` showed after the
    // 16-byte nlmsghdr (iproute2 6.1, kernel 6.18), the command in the comment above it.

    #[test]
    fn from_prefix_lookup_table() {
        // ip rule add from 192.0.2.0/24 table 100 priority 2100
        let expected = [
            2, 0, 24, 0, 100, 0, 0, 1, 0, 0, 0, 0, 8, 0, 2, 0, 192, 0, 2, 0, 8, 0, 6, 0, 52, 8, 0,
            0,
        ];
        let mut r = RuleRequest::lookup(INET, 2100, Table(100));
        r.src = Some((ip("192.0.2.0"), 24));
        assert_eq!(add(&r), expected);
        // ip rule add from 192.0.2.0/24: no table means main, no priority attribute.
        let expected = [
            2, 0, 24, 0, 254, 0, 0, 1, 0, 0, 0, 0, 8, 0, 2, 0, 192, 0, 2, 0,
        ];
        let mut r = RuleRequest::new(INET);
        r.src = Some((ip("192.0.2.0"), 24));
        assert_eq!(add(&r), expected);
        // ip -6 rule add from 2001:db8::/32 table 100 priority 2200
        let expected = [
            10, 0, 32, 0, 100, 0, 0, 1, 0, 0, 0, 0, 20, 0, 2, 0, 32, 1, 13, 184, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 8, 0, 6, 0, 152, 8, 0, 0,
        ];
        let mut r = RuleRequest::lookup(AddressFamily::INET6, 2200, Table(100));
        r.src = Some((ip("2001:db8::"), 32));
        assert_eq!(add(&r), expected);
    }

    #[test]
    fn fwmark_iif_oif_ports_uids() {
        // ip rule add fwmark 0x10/0xff table 200 priority 2110
        let expected = [
            2, 0, 0, 0, 200, 0, 0, 1, 0, 0, 0, 0, 8, 0, 10, 0, 16, 0, 0, 0, 8, 0, 16, 0, 255, 0, 0,
            0, 8, 0, 6, 0, 62, 8, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2110, Table(200));
        r.fwmark = Some(0x10);
        r.fwmask = Some(0xff);
        assert_eq!(add(&r), expected);
        // ip rule add iif ra oif rb table 100 priority 2120
        let expected = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, 7, 0, 3, 0, 114, 97, 0, 0, 7, 0, 17, 0, 114, 98,
            0, 0, 8, 0, 6, 0, 72, 8, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2120, Table(100));
        r.iifname = Some("ra".into());
        r.oifname = Some("rb".into());
        assert_eq!(add(&r), expected);
        // ip rule add ipproto tcp sport 1000-2000 dport 3000-4000 uidrange 100-200 table 100
        // priority 2130
        let expected = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, 5, 0, 22, 0, 6, 0, 0, 0, 8, 0, 23, 0, 232, 3,
            208, 7, 8, 0, 24, 0, 184, 11, 160, 15, 12, 0, 20, 0, 100, 0, 0, 0, 200, 0, 0, 0, 8, 0,
            6, 0, 82, 8, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2130, Table(100));
        r.ip_proto = Some(6);
        r.sport_range = Some((1000, 2000));
        r.dport_range = Some((3000, 4000));
        r.uid_range = Some((100, 200));
        assert_eq!(add(&r), expected);
        // ip rule add dport 80 table 100 priority 2401
        let expected = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, 8, 0, 24, 0, 80, 0, 80, 0, 8, 0, 6, 0, 97, 9, 0,
            0,
        ];
        let mut r = RuleRequest::lookup(INET, 2401, Table(100));
        r.dport_range = Some((80, 80));
        assert_eq!(add(&r), expected);
    }

    #[test]
    fn actions() {
        // ip rule add blackhole priority 2150
        let expected = [2, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 8, 0, 6, 0, 102, 8, 0, 0];
        let mut r = RuleRequest::new(INET);
        r.priority = Some(2150);
        r.action = Some(RuleAction::BLACKHOLE);
        assert_eq!(add(&r), expected);
        // ip rule add goto 3000 priority 2156
        let expected = [
            2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 8, 0, 4, 0, 184, 11, 0, 0, 8, 0, 6, 0, 108, 8, 0, 0,
        ];
        let mut r = RuleRequest::new(INET);
        r.priority = Some(2156);
        r.goto = Some(3000);
        assert_eq!(add(&r), expected);
        // ip rule add l3mdev priority 2300
        let expected = [
            2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 5, 0, 19, 0, 1, 0, 0, 0, 8, 0, 6, 0, 252, 8, 0, 0,
        ];
        let mut r = RuleRequest::new(INET);
        r.priority = Some(2300);
        r.l3mdev = true;
        assert_eq!(add(&r), expected);
        // ip rule add table main suppress_prefixlength 0 priority 2155
        let expected = [
            2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 8, 0, 14, 0, 0, 0, 0, 0, 8, 0, 6, 0, 107, 8, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2155, Table::MAIN);
        r.suppress_prefixlen = Some(0);
        assert_eq!(add(&r), expected);
    }

    #[test]
    fn not_tos_big_table_protocol() {
        // ip rule add not from 198.51.100.0/24 to 203.0.113.0/24 tos 0x10 table 5000
        // priority 2154 protocol static
        let expected = [
            2, 24, 24, 16, 0, 0, 0, 1, 2, 0, 0, 0, 8, 0, 2, 0, 198, 51, 100, 0, 8, 0, 1, 0, 203, 0,
            113, 0, 8, 0, 15, 0, 136, 19, 0, 0, 8, 0, 6, 0, 106, 8, 0, 0, 5, 0, 21, 0, 4, 0, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2154, Table(5000));
        r.invert = true;
        r.src = Some((ip("198.51.100.0"), 24));
        r.dst = Some((ip("203.0.113.0"), 24));
        r.tos = 0x10;
        r.protocol = Some(RouteProtocol::STATIC);
        assert_eq!(add(&r), expected);
        // ip rule add tun_id 5 realms 3 suppress_ifgroup 4 table 100 priority 2402
        let expected = [
            2, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0, 12, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 5, 8, 0, 11,
            0, 3, 0, 0, 0, 8, 0, 13, 0, 4, 0, 0, 0, 8, 0, 6, 0, 98, 9, 0, 0,
        ];
        let mut r = RuleRequest::lookup(INET, 2402, Table(100));
        r.tun_id = Some(5);
        r.flow = Some(3);
        r.suppress_ifgroup = Some(4);
        assert_eq!(add(&r), expected);
    }

    #[test]
    fn deletes_send_only_the_selectors() {
        // ip rule del goto 3000 (the kernel wants FR_ACT_GOTO with FRA_GOTO)
        let expected = [
            2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 8, 0, 4, 0, 184, 11, 0, 0,
        ];
        let mut r = RuleRequest::new(INET);
        r.goto = Some(3000);
        assert_eq!(del(&r), expected);
        // ip rule del priority 2100
        let expected = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 6, 0, 52, 8, 0, 0];
        let mut r = RuleRequest::new(INET);
        r.priority = Some(2100);
        assert_eq!(del(&r), expected);
        // ip rule del from 198.51.100.0/24 table 5000
        let expected = [
            2, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 2, 0, 198, 51, 100, 0, 8, 0, 15, 0, 136, 19,
            0, 0,
        ];
        let mut r = RuleRequest::new(INET);
        r.src = Some((ip("198.51.100.0"), 24));
        r.table = Some(Table(5000));
        assert_eq!(del(&r), expected);
    }

    #[test]
    fn validation_names_the_problem() {
        let msg = |r: &RuleRequest| {
            r.validate(RTM_NEWRULE, Flags::EMPTY)
                .unwrap_err()
                .to_string()
        };
        let mut r = RuleRequest::new(INET);
        r.src = Some((ip("192.0.2.0"), 33));
        assert_eq!(
            msg(&r),
            "invalid argument: prefix length 33 exceeds 32 for 192.0.2.0"
        );
        r.src = Some((ip("2001:db8::"), 32));
        assert_eq!(
            msg(&r),
            "invalid argument: source 2001:db8:: is not of family inet"
        );
        let mut r = RuleRequest::new(AddressFamily::INET6);
        r.dst = Some((ip("2001:db8::"), 129));
        assert!(msg(&r).contains("exceeds 128"));
        let mut r = RuleRequest::new(INET);
        r.sport_range = Some((2000, 1000));
        assert!(msg(&r).contains("sport range 2000-1000"));
        r.sport_range = Some((80, 80));
        r.dport_mask = Some(0xff);
        assert!(msg(&r).contains("dport mask"));
        let mut r = RuleRequest::new(INET);
        r.uid_range = Some((200, 100));
        assert!(msg(&r).contains("uid range"));
        let mut r = RuleRequest::new(INET);
        r.iifname = Some("a-name-longer-than-15".into());
        assert!(msg(&r).contains("iif name"));
        let mut r = RuleRequest::new(INET);
        r.action = Some(RuleAction::GOTO);
        assert!(msg(&r).contains("goto target"));
        r.goto = Some(10);
        r.action = Some(RuleAction::BLACKHOLE);
        assert!(msg(&r).contains("goto with action"));
        let mut r = RuleRequest::new(INET);
        r.l3mdev = true;
        r.table = Some(Table(100));
        assert!(msg(&r).contains("mutually exclusive"));
        let mut r = RuleRequest::new(INET);
        r.flowlabel = Some(1);
        assert!(msg(&r).contains("IPv6 only"));
        let mut r = RuleRequest::new(INET);
        r.dscp = Some(64);
        assert!(msg(&r).contains("exceeds 63"));
        assert!(
            RuleRequest::new(AddressFamily::BRIDGE)
                .validate(RTM_DELRULE, Flags::EMPTY)
                .is_err()
        );
    }
}
