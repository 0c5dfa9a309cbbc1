//! The generic netlink control family (`nlctrl`, message type [`GENL_ID_CTRL`]): families with
//! their ids, versions, operations and multicast groups (`CTRL_CMD_GETFAMILY`), and the attribute
//! policies of their operations (`CTRL_CMD_GETPOLICY`), which let any family be explored and its
//! messages decoded generically.
//!
//! Source of truth: `include/uapi/linux/genetlink.h` and `netlink.h` (`NL_ATTR_TYPE_*`,
//! `NL_POLICY_TYPE_ATTR_*`).

use crate::attr::{Attr, AttrWrite, Attrs};
use crate::error::Result;
use crate::genl::{GENL_ID_CTRL, GenlFamily, GenlMsg, GenlMsgHdr, OpFlags};
use crate::header::Flags;
use crate::typed::{Check, Nested, Value, Walker};

/// The control family's one multicast group, `notify` (families and groups that come and go),
/// whose number is fixed like the family's id.
pub const GENL_ID_CTRL_GROUP: u32 = 0x10;

values! {
    /// `CTRL_CMD_*`: the control family's commands.
    CtrlCmd(u8);
    UNSPEC = 0, "CTRL_CMD_UNSPEC", "unspec";
    /// A family appeared (notification), or the answer to `GETFAMILY`.
    NEWFAMILY = 1, "CTRL_CMD_NEWFAMILY", "newfamily";
    /// A family went away (notification).
    DELFAMILY = 2, "CTRL_CMD_DELFAMILY", "delfamily";
    /// Look a family up by name or id, or dump them all.
    GETFAMILY = 3, "CTRL_CMD_GETFAMILY", "getfamily";
    /// Operations were added (unused).
    NEWOPS = 4, "CTRL_CMD_NEWOPS", "newops";
    /// Operations were removed (unused).
    DELOPS = 5, "CTRL_CMD_DELOPS", "delops";
    /// Get operations (unused).
    GETOPS = 6, "CTRL_CMD_GETOPS", "getops";
    /// A multicast group appeared (notification).
    NEWMCAST_GRP = 7, "CTRL_CMD_NEWMCAST_GRP", "newmcast-grp";
    /// A multicast group went away (notification).
    DELMCAST_GRP = 8, "CTRL_CMD_DELMCAST_GRP", "delmcast-grp";
    /// Get multicast groups (unused).
    GETMCAST_GRP = 9, "CTRL_CMD_GETMCAST_GRP", "getmcast-grp";
    /// Dump the attribute policies of a family's operations.
    GETPOLICY = 10, "CTRL_CMD_GETPOLICY", "getpolicy";
}

values! {
    /// `NL_ATTR_TYPE_*`: the type of an attribute in a policy (`NL_POLICY_TYPE_ATTR_TYPE`).
    NlAttrType(u32);
    INVALID = 0, "NL_ATTR_TYPE_INVALID", "invalid";
    /// Present or absent, no payload.
    FLAG = 1, "NL_ATTR_TYPE_FLAG", "flag";
    /// An 8-bit unsigned integer.
    U8 = 2, "NL_ATTR_TYPE_U8", "u8";
    /// A 16-bit unsigned integer.
    U16 = 3, "NL_ATTR_TYPE_U16", "u16";
    /// A 32-bit unsigned integer.
    U32 = 4, "NL_ATTR_TYPE_U32", "u32";
    /// A 64-bit unsigned integer.
    U64 = 5, "NL_ATTR_TYPE_U64", "u64";
    /// An 8-bit signed integer.
    S8 = 6, "NL_ATTR_TYPE_S8", "s8";
    /// A 16-bit signed integer.
    S16 = 7, "NL_ATTR_TYPE_S16", "s16";
    /// A 32-bit signed integer.
    S32 = 8, "NL_ATTR_TYPE_S32", "s32";
    /// A 64-bit signed integer.
    S64 = 9, "NL_ATTR_TYPE_S64", "s64";
    /// Bytes, with optional length limits.
    BINARY = 10, "NL_ATTR_TYPE_BINARY", "binary";
    /// A string, NUL optional.
    STRING = 11, "NL_ATTR_TYPE_STRING", "string";
    /// A NUL-terminated string.
    NUL_STRING = 12, "NL_ATTR_TYPE_NUL_STRING", "nul-string";
    /// A nest of the attributes of another policy.
    NESTED = 13, "NL_ATTR_TYPE_NESTED", "nested";
    /// A nest of nests of another policy.
    NESTED_ARRAY = 14, "NL_ATTR_TYPE_NESTED_ARRAY", "nested-array";
    /// A `struct nla_bitfield32`.
    BITFIELD32 = 15, "NL_ATTR_TYPE_BITFIELD32", "bitfield32";
    /// A signed integer of 4 or 8 bytes.
    SINT = 16, "NL_ATTR_TYPE_SINT", "sint";
    /// An unsigned integer of 4 or 8 bytes.
    UINT = 17, "NL_ATTR_TYPE_UINT", "uint";
}

attributes! {
    /// One operation of a family (an element of `CTRL_ATTR_OPS`).
    view CtrlOpView;
    /// `CTRL_ATTR_OP_*`: an operation's attributes.
    numbers CtrlOpA;
    /// A typed operation attribute.
    enum CtrlOpAttr<'a>;
    /// The command number.
    ID = 1, "CTRL_ATTR_OP_ID", Id(u32), id;
    /// What the command allows and needs.
    FLAGS = 2, "CTRL_ATTR_OP_FLAGS", Flags(val OpFlags), flags;
}

attributes! {
    /// One multicast group of a family (an element of `CTRL_ATTR_MCAST_GROUPS`).
    view CtrlMcastGrpView;
    /// `CTRL_ATTR_MCAST_GRP_*`: a multicast group's attributes.
    numbers CtrlMcastGrpA;
    /// A typed multicast group attribute.
    enum CtrlMcastGrpAttr<'a>;
    /// The group's name (`"monitor"`).
    NAME = 1, "CTRL_ATTR_MCAST_GRP_NAME", Name(str), name;
    /// The group's number, for `NETLINK_ADD_MEMBERSHIP`.
    ID = 2, "CTRL_ATTR_MCAST_GRP_ID", Id(u32), id;
}

attributes! {
    /// The policies of one operation (an element of `CTRL_ATTR_OP_POLICY`, numbered by command).
    view CtrlOpPolicyView;
    /// `CTRL_ATTR_POLICY_*`: which policy a command's request and dump use.
    numbers CtrlOpPolicyA;
    /// A typed operation policy attribute.
    enum CtrlOpPolicyAttr<'a>;
    /// The index of the policy of the command's request (in `CTRL_ATTR_POLICY`).
    DO = 1, "CTRL_ATTR_POLICY_DO", Do(u32), do_policy;
    /// The index of the policy of the command's dump request.
    DUMP = 2, "CTRL_ATTR_POLICY_DUMP", Dump(u32), dump_policy;
}

attributes! {
    /// What a policy says of one attribute: its type, ranges, lengths and sub-policy.
    view NlPolicyView;
    /// `NL_POLICY_TYPE_ATTR_*`: the description of one attribute in a policy.
    numbers NlPolicyA;
    /// A typed policy attribute.
    enum NlPolicyAttr<'a>;
    /// The attribute's type.
    TYPE = 1, "NL_POLICY_TYPE_ATTR_TYPE", Type(val NlAttrType), attr_type;
    /// The smallest value of a signed integer.
    MIN_VALUE_S = 2, "NL_POLICY_TYPE_ATTR_MIN_VALUE_S", MinValueS(val i64), min_value_s;
    /// The largest value of a signed integer.
    MAX_VALUE_S = 3, "NL_POLICY_TYPE_ATTR_MAX_VALUE_S", MaxValueS(val i64), max_value_s;
    /// The smallest value of an unsigned integer.
    MIN_VALUE_U = 4, "NL_POLICY_TYPE_ATTR_MIN_VALUE_U", MinValueU(u64), min_value_u;
    /// The largest value of an unsigned integer.
    MAX_VALUE_U = 5, "NL_POLICY_TYPE_ATTR_MAX_VALUE_U", MaxValueU(u64), max_value_u;
    /// The shortest payload of binary data or a string.
    MIN_LENGTH = 6, "NL_POLICY_TYPE_ATTR_MIN_LENGTH", MinLength(u32), min_length;
    /// The longest payload of binary data or a string.
    MAX_LENGTH = 7, "NL_POLICY_TYPE_ATTR_MAX_LENGTH", MaxLength(u32), max_length;
    /// The policy of a nest's attributes (an index in `CTRL_ATTR_POLICY`).
    POLICY_IDX = 8, "NL_POLICY_TYPE_ATTR_POLICY_IDX", PolicyIdx(u32), policy_idx;
    /// The largest attribute number of that sub-policy.
    POLICY_MAXTYPE = 9, "NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE", PolicyMaxType(u32), policy_maxtype;
    /// The valid bits of a `struct nla_bitfield32`.
    BITFIELD32_MASK = 10, "NL_POLICY_TYPE_ATTR_BITFIELD32_MASK", Bitfield32Mask(u32), bitfield32_mask;
    /// Padding for 64-bit alignment.
    PAD = 11, "NL_POLICY_TYPE_ATTR_PAD", Pad(bytes);
    /// The valid bits of an unsigned integer.
    MASK = 12, "NL_POLICY_TYPE_ATTR_MASK", Mask(u64), mask;
}

family! {
    /// A view of a control family message (`nlctrl`): a family's description, or one entry of
    /// a policy dump.
    view CtrlMsg(GenlMsgHdr, "genlmsghdr");
    family "nlctrl", messages [GENL_ID_CTRL], groups [GENL_ID_CTRL_GROUP];
    /// `CTRL_ATTR_*`: the control family's attribute numbers.
    numbers CtrlA;
    /// A typed control family attribute.
    enum CtrlAttr<'a>;
    /// The family's id: the message type of its messages.
    FAMILY_ID = 1, "CTRL_ATTR_FAMILY_ID", FamilyId(u16), family_id;
    /// The family's name (`"ethtool"`).
    FAMILY_NAME = 2, "CTRL_ATTR_FAMILY_NAME", FamilyName(str), family_name;
    /// The family's interface version.
    VERSION = 3, "CTRL_ATTR_VERSION", Version(u32), family_version;
    /// The size of the family's own header after `genlmsghdr`.
    HDRSIZE = 4, "CTRL_ATTR_HDRSIZE", HdrSize(u32), hdrsize;
    /// The family's largest attribute number.
    MAXATTR = 5, "CTRL_ATTR_MAXATTR", MaxAttr(u32), maxattr;
    /// The family's operations.
    OPS = 6, "CTRL_ATTR_OPS", Ops(nests CtrlOpA), ops;
    /// The family's multicast groups.
    MCAST_GROUPS = 7, "CTRL_ATTR_MCAST_GROUPS", McastGroups(nests CtrlMcastGrpA), mcast_groups;
    /// Attribute policies, by policy index, then attribute number (a `GETPOLICY` dump).
    POLICY = 8, "CTRL_ATTR_POLICY", Policy(val PolicyTables<'a>), policy;
    /// Which policies a command uses, by command (a `GETPOLICY` dump).
    OP_POLICY = 9, "CTRL_ATTR_OP_POLICY", OpPolicy(nests CtrlOpPolicyA), op_policy;
    /// The command a `GETPOLICY` request asks about.
    OP = 10, "CTRL_ATTR_OP", Op(u32), op;
}

/// `GENL_NAME` of the control family.
pub const NAME: &str = "nlctrl";

/// The control family's line in the [`REGISTRY`](crate::genl::REGISTRY).
pub const FAMILY: GenlFamily = GenlFamily {
    name: NAME,
    version: 2,
    groups: &["notify"],
    info: CtrlMsg::FAMILY,
    command: |cmd, _| CtrlCmd(cmd).name(),
};

impl CtrlMsg<'_> {
    /// `genlmsghdr.cmd`.
    #[must_use]
    #[inline]
    pub fn cmd(&self) -> CtrlCmd {
        CtrlCmd(self.header.cmd)
    }

    /// `genlmsghdr.version`: the control family's interface version.
    #[must_use]
    #[inline]
    pub fn version(&self) -> u8 {
        self.header.version
    }
}

/// `CTRL_ATTR_POLICY`: policies by index, each a nest of attribute descriptions by attribute
/// number. Iterating yields `(policy index, attribute number, description)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyTables<'a> {
    attr: Attr<'a>,
}

impl<'a> PolicyTables<'a> {
    /// The policies, as `(policy index, attribute number, description)`. A malformed nest ends
    /// the iteration with its framing error.
    pub fn iter(&self) -> impl Iterator<Item = Result<(u16, u16, NlPolicyView<'a>)>> + use<'a> {
        self.attr.nested().flat_map(|table| {
            let (idx, inner): (u16, Attrs<'a>) = match table {
                Ok(t) => (t.kind(), t.nested()),
                Err(e) => return PolicyEntries::Failed(Some(e)),
            };
            PolicyEntries::Table(idx, inner)
        })
    }
}

/// The entries of one policy table, for [`PolicyTables::iter`].
enum PolicyEntries<'a> {
    Table(u16, Attrs<'a>),
    Failed(Option<crate::Error>),
}

impl<'a> Iterator for PolicyEntries<'a> {
    type Item = Result<(u16, u16, NlPolicyView<'a>)>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            PolicyEntries::Table(idx, attrs) => {
                let idx = *idx;
                attrs
                    .next()
                    .map(|r| r.map(|a| (idx, a.kind(), NlPolicyView::new(a.nested()))))
            }
            PolicyEntries::Failed(e) => e.take().map(Err),
        }
    }
}

impl<'a> Value<'a> for PolicyTables<'a> {
    const KEEPS_FLAGS: bool = true;

    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        Ok(PolicyTables { attr })
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        let flags = self.attr.raw_type() & !crate::attr::NLA_TYPE_MASK;
        w.put(kind | flags, self.attr.payload());
    }
}

impl Check for PolicyTables<'_> {
    fn check(&self, w: &mut Walker) {
        for entry in self.iter() {
            match entry {
                Ok((_, _, d)) => {
                    w.nested(|w| crate::typed::walk_list::<NlPolicyA>(d.attrs(), w));
                }
                Err(_) => w.summary.typed_errors = w.summary.typed_errors.saturating_add(1),
            }
        }
    }
}

/// Writes a `CTRL_CMD_GETFAMILY` request for family `name`, or for every family (a dump
/// request; the caller sets `NLM_F_DUMP`) when `name` is `None`.
///
/// # Errors
/// An attribute too long for its 16-bit length.
pub fn get_family_request(buf: &mut Vec<u8>, flags: Flags, name: Option<&str>) -> Result<usize> {
    let mut b = GenlMsg::builder(
        buf,
        GENL_ID_CTRL.0,
        flags,
        CtrlCmd::GETFAMILY.0,
        FAMILY.version,
    );
    if let Some(name) = name {
        b.put_str(CtrlA::FAMILY_NAME, name);
    }
    b.finish()
}

/// Writes a `CTRL_CMD_GETPOLICY` dump request for family `name`: the policies of every command,
/// or of command `op` only.
///
/// # Errors
/// An attribute too long for its 16-bit length.
pub fn get_policy_request(
    buf: &mut Vec<u8>,
    flags: Flags,
    name: &str,
    op: Option<u8>,
) -> Result<usize> {
    let mut b = GenlMsg::builder(
        buf,
        GENL_ID_CTRL.0,
        flags,
        CtrlCmd::GETPOLICY.0,
        FAMILY.version,
    );
    b.put_str(CtrlA::FAMILY_NAME, name);
    if let Some(op) = op {
        b.put_u32(CtrlA::OP, u32::from(op));
    }
    b.finish()
}

/// The operations of a family (`CTRL_ATTR_OPS`), as views.
///
/// # Errors
/// The framing error of a malformed element.
pub fn ops<'a>(
    list: crate::typed::NestList<'a, CtrlOpA>,
) -> impl Iterator<Item = Result<CtrlOpView<'a>>> + 'a {
    list.iter().map(|r| r.map(|(_, n)| CtrlOpView::from(n)))
}

/// The multicast groups of a family (`CTRL_ATTR_MCAST_GROUPS`), as views.
pub fn mcast_groups<'a>(
    list: crate::typed::NestList<'a, CtrlMcastGrpA>,
) -> impl Iterator<Item = Result<CtrlMcastGrpView<'a>>> + 'a {
    list.iter()
        .map(|r| r.map(|(_, n)| CtrlMcastGrpView::from(n)))
}

/// A nest of one operation's policies, as a view.
#[must_use]
pub fn op_policy(n: Nested<'_, CtrlOpPolicyA>) -> CtrlOpPolicyView<'_> {
    CtrlOpPolicyView::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;
    use crate::genl::testing::captured;
    use crate::message::Messages;
    use crate::typed::NestList;

    fn ctrl_msgs(bytes: &[u8]) -> Vec<CtrlMsg<'_>> {
        Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == GENL_ID_CTRL)
            .map(|m| CtrlMsg::parse(m).unwrap())
            .collect()
    }

    fn names<S>(list: NestList<'_, S>, name: impl Fn(Nested<'_, S>) -> String) -> Vec<String> {
        list.iter().map(|r| name(r.unwrap().1)).collect()
    }

    #[test]
    fn the_captured_family_dump_names_this_kernels_families() {
        // testdata/genl_ctrl_families.bin: CTRL_CMD_GETFAMILY dump (capture_genl.py).
        let bytes = captured("genl_ctrl_families.bin");
        let fams = ctrl_msgs(&bytes);
        let by_name = |n: &str| {
            fams.iter()
                .find(|f| f.family_name().unwrap() == Some(n))
                .unwrap_or_else(|| panic!("no family {n}"))
        };
        let ctrl = by_name("nlctrl");
        assert_eq!(ctrl.cmd(), CtrlCmd::NEWFAMILY);
        assert_eq!(ctrl.family_id().unwrap(), Some(GENL_ID_CTRL.0));
        let groups = names(ctrl.mcast_groups().unwrap().unwrap(), |n| {
            CtrlMcastGrpView::from(n)
                .name()
                .unwrap()
                .unwrap()
                .to_owned()
        });
        assert_eq!(groups, ["notify"]);
        let ops: Vec<_> = ops(ctrl.ops().unwrap().unwrap())
            .map(|o| {
                let o = o.unwrap();
                (o.id().unwrap().unwrap(), o.flags().unwrap().unwrap())
            })
            .collect();
        assert!(ops.contains(&(
            u32::from(CtrlCmd::GETFAMILY.0),
            OpFlags::CMD_CAP_DO | OpFlags::CMD_CAP_DUMP | OpFlags::CMD_CAP_HASPOL
        )));
        let ethtool = by_name("ethtool");
        let groups = names(ethtool.mcast_groups().unwrap().unwrap(), |n| {
            CtrlMcastGrpView::from(n)
                .name()
                .unwrap()
                .unwrap()
                .to_owned()
        });
        assert_eq!(groups, ["monitor"]);
        assert!(ethtool.family_id().unwrap().unwrap() > GENL_ID_CTRL.0);
        // Every attribute typed, nothing lost, and written back byte for byte.
        let s = check::walk_with(&bytes, &crate::genl::family);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{s:?}"
        );
        assert!(s.typed > 100, "{s:?}");
    }

    #[test]
    fn captured_policies_decode_to_types_and_ranges() {
        // CTRL_CMD_GETPOLICY for nlctrl: its own CTRL_ATTR_FAMILY_NAME is a NUL string of at
        // most GENL_NAMSIZ - 1 bytes, CTRL_ATTR_FAMILY_ID a u16.
        let bytes = captured("genl_policy_nlctrl.bin");
        let mut seen = Vec::new();
        for m in ctrl_msgs(&bytes) {
            if let Some(p) = m.policy().unwrap() {
                for e in p.iter() {
                    let (idx, attr, d) = e.unwrap();
                    seen.push((
                        idx,
                        attr,
                        d.attr_type().unwrap().unwrap(),
                        d.max_length().unwrap(),
                    ));
                }
            }
        }
        assert!(
            seen.iter().any(|(_, a, t, max)| *a == CtrlA::FAMILY_NAME.0
                && *t == NlAttrType::NUL_STRING
                && *max == Some(15)),
            "{seen:?}"
        );
        assert!(
            seen.iter()
                .any(|(_, a, t, _)| *a == CtrlA::FAMILY_ID.0 && *t == NlAttrType::U16),
            "{seen:?}"
        );
        for name in [
            "genl_policy_nlctrl.bin",
            "genl_policy_ethtool.bin",
            "genl_ctrl_ethtool.bin",
        ] {
            let s = check::walk_with(&captured(name), &crate::genl::family);
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{name}: {s:?}"
            );
        }
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        let bytes = captured("genl_ctrl_ethtool.bin");
        for n in 0..bytes.len() {
            let cut = &bytes[..n];
            let s = check::walk_with(cut, &crate::genl::family);
            assert_eq!(s.roundtrip_failures, 0);
            for m in Messages::new(cut).flatten() {
                if let Ok(c) = CtrlMsg::parse(m) {
                    let _ = (c.family_name(), c.ops(), c.mcast_groups(), c.policy());
                }
            }
        }
    }
}
