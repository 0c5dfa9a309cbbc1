//! Attribute policies as a tree: what `CTRL_CMD_GETPOLICY` reports, turned into which attributes
//! each command takes, their types, ranges and nests ([`Policy`]), and a decoder that reads any
//! family's attributes by that tree, typed or not ([`Policy::decode`]).
//!
//! A policy dump is a stream of `nlctrl` messages, each holding one piece: one attribute of one
//! policy table (`CTRL_ATTR_POLICY`: table index, attribute number, description) or the tables
//! one command uses (`CTRL_ATTR_OP_POLICY`). [`Policy::add`] folds them in one at a time, so the
//! facade can build the tree while it streams the dump.
//!
//! A table may refer to itself or to a table that refers back (recursive nests): every walk
//! here stops at [`MAX_DEPTH`].
//!
//! Source of truth: `include/uapi/linux/netlink.h` (`NL_ATTR_TYPE_*`, `NL_POLICY_TYPE_ATTR_*`)
//! and `genetlink.h` (`CTRL_ATTR_POLICY_*`).

use core::fmt;
use std::collections::BTreeMap;

use crate::attr::{Attr, Attrs};
use crate::error::{Error, Result};
use crate::genl::ctrl::{CtrlMsg, NlAttrType, NlPolicyView, op_policy};
use crate::message::Messages;
use crate::typed::{MAX_DEPTH, Walker};

/// What one policy says of one attribute: its type, and the limits and sub-policy that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AttrPolicy {
    /// `NL_POLICY_TYPE_ATTR_TYPE`.
    pub kind: NlAttrType,
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_S`.
    pub min_s: Option<i64>,
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_S`.
    pub max_s: Option<i64>,
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_U`.
    pub min_u: Option<u64>,
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_U`.
    pub max_u: Option<u64>,
    /// `NL_POLICY_TYPE_ATTR_MIN_LENGTH`.
    pub min_len: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_MAX_LENGTH`.
    pub max_len: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_POLICY_IDX`: the table of a nest's attributes.
    pub policy: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE`: the largest number in that table.
    pub max_type: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_BITFIELD32_MASK`.
    pub bitfield32_mask: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_MASK`: the bits an unsigned integer may have.
    pub mask: Option<u64>,
}

impl AttrPolicy {
    /// Reads one description.
    ///
    /// # Errors
    /// A malformed attribute of the description.
    pub fn from_view(v: &NlPolicyView<'_>) -> Result<Self> {
        Ok(AttrPolicy {
            kind: v.attr_type()?.unwrap_or_default(),
            min_s: v.min_value_s()?,
            max_s: v.max_value_s()?,
            min_u: v.min_value_u()?,
            max_u: v.max_value_u()?,
            min_len: v.min_length()?,
            max_len: v.max_length()?,
            policy: v.policy_idx()?,
            max_type: v.policy_maxtype()?,
            bitfield32_mask: v.bitfield32_mask()?,
            mask: v.mask()?,
        })
    }

    /// Whether the attribute is a nest (of one table, or an array of nests of it).
    #[must_use]
    pub fn is_nest(&self) -> bool {
        matches!(self.kind, NlAttrType::NESTED | NlAttrType::NESTED_ARRAY)
    }
}

impl fmt::Display for AttrPolicy {
    /// `u32 range [0,4294967295]`, `nested policy 1 maxattr 7`, `binary len [16,16]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind.short_name() {
            Some(n) => f.write_str(n)?,
            None => write!(f, "type {}", self.kind.0)?,
        }
        if let (Some(lo), Some(hi)) = (self.min_u, self.max_u) {
            write!(f, " range [{lo},{hi}]")?;
        }
        if let (Some(lo), Some(hi)) = (self.min_s, self.max_s) {
            write!(f, " range [{lo},{hi}]")?;
        }
        match (self.min_len, self.max_len) {
            (Some(lo), Some(hi)) => write!(f, " len [{lo},{hi}]")?,
            (Some(lo), None) => write!(f, " min len {lo}")?,
            (None, Some(hi)) => write!(f, " max len {hi}")?,
            (None, None) => {}
        }
        if let Some(p) = self.policy {
            write!(f, " policy {p}")?;
            if let Some(m) = self.max_type {
                write!(f, " maxattr {m}")?;
            }
        }
        if let Some(m) = self.bitfield32_mask {
            write!(f, " mask {m:#x}")?;
        }
        if let Some(m) = self.mask {
            write!(f, " mask {m:#x}")?;
        }
        Ok(())
    }
}

/// The tables one command uses (`CTRL_ATTR_OP_POLICY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpPolicy {
    /// The command.
    pub cmd: u32,
    /// The table of its requests (`CTRL_ATTR_POLICY_DO`).
    pub do_policy: Option<u32>,
    /// The table of its dump requests (`CTRL_ATTR_POLICY_DUMP`).
    pub dump_policy: Option<u32>,
}

/// One attribute table: attribute number to description.
pub type PolicyTable = BTreeMap<u16, AttrPolicy>;

/// A family's attribute policies as a tree: which tables each command uses, and every table
/// by index. Built from a `CTRL_CMD_GETPOLICY` dump ([`Policy::add`], [`Policy::from_bytes`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// The family's id, as the dump gave it.
    pub family_id: Option<u16>,
    /// The commands' tables, in the order the dump gave them.
    pub ops: Vec<OpPolicy>,
    /// Every table, by index.
    pub tables: BTreeMap<u32, PolicyTable>,
}

impl Policy {
    /// An empty tree.
    #[must_use]
    pub fn new() -> Self {
        Policy::default()
    }

    /// Folds one message of a policy dump into the tree.
    ///
    /// # Errors
    /// A malformed attribute: the message is not a policy entry this crate can read.
    pub fn add(&mut self, msg: &CtrlMsg<'_>) -> Result<()> {
        if let Some(id) = msg.family_id()? {
            self.family_id = Some(id);
        }
        if let Some(tables) = msg.policy()? {
            for entry in tables.iter() {
                let (idx, attr, view) = entry?;
                let table = self.tables.entry(u32::from(idx)).or_default();
                table.insert(attr, AttrPolicy::from_view(&view)?);
            }
        }
        if let Some(list) = msg.op_policy()? {
            for item in list.iter() {
                let (cmd, nest) = item?;
                let v = op_policy(nest);
                let op = OpPolicy {
                    cmd: u32::from(cmd),
                    do_policy: v.do_policy()?,
                    dump_policy: v.dump_policy()?,
                };
                // Dump-only commands all come as command 0 (see `name_dump_only`): keep each.
                match self.ops.iter_mut().find(|o| o.cmd == op.cmd && op.cmd != 0) {
                    Some(o) => *o = op,
                    None => self.ops.push(op),
                }
            }
        }
        Ok(())
    }

    /// The tree of every `nlctrl` message in `bytes` (a captured policy dump).
    ///
    /// # Errors
    /// The first malformed message or attribute.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut p = Policy::new();
        for m in Messages::new(bytes) {
            let m = m?;
            if m.message_type() != crate::genl::GENL_ID_CTRL {
                continue;
            }
            p.add(&CtrlMsg::parse(m)?)?;
        }
        Ok(p)
    }

    /// Gives the operations the kernel reported as command 0 their numbers.
    ///
    /// The kernel numbers each `CTRL_ATTR_OP_POLICY` entry by the command of the operation's
    /// `doit`, which a dump-only operation lacks: those come as command 0 (seen on 6.18 for
    /// nlctrl's `GETPOLICY` and netdev's `qstats-get`). They come in the family's order, so
    /// `dump_only` (the family's commands with `GENL_CMD_CAP_DUMP` and without
    /// `GENL_CMD_CAP_DO`, from `CTRL_ATTR_OPS`, in order) names them one by one.
    pub fn name_dump_only(&mut self, dump_only: &[u32]) {
        let mut names = dump_only.iter();
        for op in &mut self.ops {
            if op.cmd == 0 && op.do_policy.is_none() {
                match names.next() {
                    Some(cmd) => op.cmd = *cmd,
                    None => return,
                }
            }
        }
    }

    /// The tables command `cmd` uses.
    #[must_use]
    pub fn op(&self, cmd: u32) -> Option<&OpPolicy> {
        self.ops.iter().find(|o| o.cmd == cmd)
    }

    /// Table `idx`.
    #[must_use]
    pub fn table(&self, idx: u32) -> Option<&PolicyTable> {
        self.tables.get(&idx)
    }

    /// What table `idx` says of attribute `attr`.
    #[must_use]
    pub fn attr(&self, idx: u32, attr: u16) -> Option<&AttrPolicy> {
        self.table(idx).and_then(|t| t.get(&attr))
    }

    /// The table of the requests of command `cmd`: its dump table when `dump`, else its do
    /// table (each falling back to the other when the command has one only).
    #[must_use]
    pub fn request_table(&self, cmd: u32, dump: bool) -> Option<u32> {
        let op = self.op(cmd)?;
        if dump {
            op.dump_policy.or(op.do_policy)
        } else {
            op.do_policy.or(op.dump_policy)
        }
    }

    /// The attributes `attrs` read through table `table`: a value that prints as an indented
    /// tree, one attribute a line, nests by their own tables.
    #[must_use]
    pub fn decode<'p, 'a>(&'p self, table: Option<u32>, attrs: Attrs<'a>) -> Decoded<'p, 'a> {
        Decoded {
            policy: self,
            table,
            attrs,
        }
    }

    /// The tree for command `cmd`, printed as `op`, its tables, then each table with its
    /// attributes and the tables its nests use, indented.
    #[must_use]
    pub fn command_tree(&self, cmd: u32) -> CommandTree<'_> {
        CommandTree { policy: self, cmd }
    }

    /// The policy printed the way iproute2's (6.1) `genl ctrl policy` prints it, one line per
    /// operation and per attribute (`ID: 0x14  policy[3]:attr[2]: type=U32 range:[1,...]`),
    /// for comparing with that tool: types it does not know are `unknown`, and masks are not
    /// shown (the [`AttrPolicy`] `Display` shows everything).
    #[must_use]
    pub fn genl_lines(&self) -> Vec<String> {
        let id = self.family_id.unwrap_or_default();
        let mut out = Vec::new();
        for op in &self.ops {
            let mut line = format!("ID: {id:#x}  op {} policies:", op.cmd);
            if let Some(d) = op.do_policy {
                line.push_str(&format!(" do={d}"));
            }
            if let Some(d) = op.dump_policy {
                line.push_str(&format!(" dump={d}"));
            }
            out.push(line);
        }
        for (idx, table) in &self.tables {
            for (attr, p) in table {
                out.push(format!(
                    "ID: {id:#x}  policy[{idx}]:attr[{attr}]: {}",
                    genl_style(p)
                ));
            }
        }
        out
    }

    /// Walks `attrs` through table `table` the way [`crate::check::walk`] walks typed spaces:
    /// every attribute's value decoded by its description, nests followed by their tables,
    /// counting into `w`.
    pub fn walk(&self, table: Option<u32>, attrs: Attrs<'_>, w: &mut Walker) {
        for a in attrs {
            let Ok(a) = a else {
                w.error();
                return;
            };
            let p = table.and_then(|t| self.attr(t, a.kind()));
            let r = value(p, a);
            w.count(&r);
            if let (Ok(GenericValue::Nest { array, table }), true) = (r, a.payload().len() >= 4) {
                w.nested(|w| {
                    if array {
                        for item in a.nested() {
                            match item {
                                Ok(item) => w.nested(|w| self.walk(table, item.nested(), w)),
                                Err(_) => w.error(),
                            }
                        }
                    } else {
                        self.walk(table, a.nested(), w);
                    }
                });
            }
        }
    }
}

/// iproute2's spelling of one description, for [`Policy::genl_lines`].
fn genl_style(p: &AttrPolicy) -> String {
    let name = match p.kind {
        NlAttrType::FLAG => "FLAG",
        NlAttrType::U8 => "U8",
        NlAttrType::U16 => "U16",
        NlAttrType::U32 => "U32",
        NlAttrType::U64 => "U64",
        NlAttrType::S8 => "S8",
        NlAttrType::S16 => "S16",
        NlAttrType::S32 => "S32",
        NlAttrType::S64 => "S64",
        NlAttrType::BINARY => "BINARY",
        NlAttrType::STRING => "STRING",
        NlAttrType::NUL_STRING => "NUL_STRING",
        NlAttrType::NESTED => "NESTED",
        NlAttrType::NESTED_ARRAY => "NESTED_ARRAY",
        NlAttrType::BITFIELD32 => "BITFIELD32",
        _ => "unknown",
    };
    let mut s = format!("type={name}");
    if let Some(idx) = p.policy {
        s.push_str(&format!(" policy:{idx}"));
    }
    if let Some(m) = p.max_type {
        s.push_str(&format!(" maxattr:{m}"));
    }
    if let (Some(lo), Some(hi)) = (p.min_s, p.max_s) {
        s.push_str(&format!(" range:[{lo},{hi}]"));
    }
    if let (Some(lo), Some(hi)) = (p.min_u, p.max_u) {
        s.push_str(&format!(" range:[{lo},{hi}]"));
    }
    if let Some(lo) = p.min_len {
        s.push_str(&format!(" min len:{lo}"));
    }
    if let Some(hi) = p.max_len {
        s.push_str(&format!(" max len:{hi}"));
    }
    s
}

/// One attribute's value as its policy describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GenericValue<'a> {
    /// A flag: present.
    Flag,
    /// An unsigned integer (`u8` to `u64`, `uint`).
    Unsigned(u64),
    /// A signed integer (`s8` to `s64`, `sint`).
    Signed(i64),
    /// A string.
    Str(&'a str),
    /// A `struct nla_bitfield32`.
    Bitfield32 {
        /// The bits' values.
        value: u32,
        /// Which bits the value sets.
        selector: u32,
    },
    /// A nest: of table `table` (`None`: no description), or an array of such nests.
    Nest {
        /// Whether it is an array of nests (`NL_ATTR_TYPE_NESTED_ARRAY`).
        array: bool,
        /// The table of the nested attributes.
        table: Option<u32>,
    },
    /// Bytes: binary data, or an attribute the policy does not describe.
    Bytes(&'a [u8]),
}

/// Decodes `a` as description `p` says (bytes when there is none; a flagged nest without a
/// description is still a nest).
///
/// # Errors
/// [`Error::AttrSize`] (or a UTF-8 error) when the payload does not fit the type.
pub fn value<'a>(p: Option<&AttrPolicy>, a: Attr<'a>) -> Result<GenericValue<'a>> {
    let Some(p) = p else {
        return Ok(if a.is_nested() {
            GenericValue::Nest {
                array: false,
                table: None,
            }
        } else {
            GenericValue::Bytes(a.payload())
        });
    };
    Ok(match p.kind {
        NlAttrType::FLAG => GenericValue::Flag,
        NlAttrType::U8 => GenericValue::Unsigned(a.as_u8()?.into()),
        NlAttrType::U16 => GenericValue::Unsigned(a.as_u16()?.into()),
        NlAttrType::U32 => GenericValue::Unsigned(a.as_u32()?.into()),
        NlAttrType::U64 => GenericValue::Unsigned(a.as_u64()?),
        NlAttrType::UINT => GenericValue::Unsigned(a.as_uint()?),
        NlAttrType::S8 => GenericValue::Signed(a.as_i8()?.into()),
        NlAttrType::S16 => GenericValue::Signed(a.as_i16()?.into()),
        NlAttrType::S32 => GenericValue::Signed(a.as_i32()?.into()),
        NlAttrType::S64 => GenericValue::Signed(a.as_i64()?),
        NlAttrType::SINT => GenericValue::Signed(match a.payload().len() {
            4 => a.as_i32()?.into(),
            _ => a.as_i64()?,
        }),
        NlAttrType::STRING | NlAttrType::NUL_STRING => GenericValue::Str(a.as_str()?),
        NlAttrType::BITFIELD32 => {
            let [value, selector]: [u32; 2] = match a.payload().len() {
                8 => a.read_zero_extended(),
                n => {
                    return Err(Error::AttrSize {
                        kind: a.kind(),
                        expected: 8,
                        found: n,
                        offset: a.offset(),
                    });
                }
            };
            GenericValue::Bitfield32 { value, selector }
        }
        NlAttrType::NESTED => GenericValue::Nest {
            array: false,
            table: p.policy,
        },
        NlAttrType::NESTED_ARRAY => GenericValue::Nest {
            array: true,
            table: p.policy,
        },
        _ => GenericValue::Bytes(a.payload()),
    })
}

/// Attributes read through a policy, printed as an indented tree (see [`Policy::decode`]).
#[derive(Debug, Clone, Copy)]
pub struct Decoded<'p, 'a> {
    policy: &'p Policy,
    table: Option<u32>,
    attrs: Attrs<'a>,
}

impl fmt::Display for Decoded<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        print_attrs(self.policy, self.table, self.attrs, 0, f)
    }
}

fn indent(f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    for _ in 0..depth {
        f.write_str("  ")?;
    }
    Ok(())
}

fn print_attrs(
    policy: &Policy,
    table: Option<u32>,
    attrs: Attrs<'_>,
    depth: usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    for a in attrs {
        indent(f, depth)?;
        let a = match a {
            Ok(a) => a,
            Err(e) => return writeln!(f, "error: {e}"),
        };
        let p = table.and_then(|t| policy.attr(t, a.kind()));
        write!(f, "[{}] ", a.kind())?;
        match value(p, a) {
            Ok(GenericValue::Flag) => writeln!(f, "flag")?,
            Ok(GenericValue::Unsigned(v)) => writeln!(f, "{v}")?,
            Ok(GenericValue::Signed(v)) => writeln!(f, "{v}")?,
            Ok(GenericValue::Str(s)) => writeln!(f, "{s:?}")?,
            Ok(GenericValue::Bitfield32 { value, selector }) => {
                writeln!(f, "{value:#x}/{selector:#x}")?;
            }
            Ok(GenericValue::Bytes(b)) => {
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                writeln!(f)?;
            }
            Ok(GenericValue::Nest { array, table }) => {
                writeln!(f, "{}", if array { "nests" } else { "nest" })?;
                if depth >= MAX_DEPTH {
                    continue;
                }
                let inner = depth.saturating_add(1);
                if array {
                    for item in a.nested() {
                        indent(f, inner)?;
                        match item {
                            Ok(item) => {
                                writeln!(f, "[{}]", item.kind())?;
                                print_attrs(
                                    policy,
                                    table,
                                    item.nested(),
                                    inner.saturating_add(1),
                                    f,
                                )?;
                            }
                            Err(e) => return writeln!(f, "error: {e}"),
                        }
                    }
                } else {
                    print_attrs(policy, table, a.nested(), inner, f)?;
                }
            }
            Err(e) => writeln!(f, "error: {e}")?,
        }
    }
    Ok(())
}

/// One command's policies as a tree (see [`Policy::command_tree`]).
#[derive(Debug, Clone, Copy)]
pub struct CommandTree<'p> {
    policy: &'p Policy,
    cmd: u32,
}

impl fmt::Display for CommandTree<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(op) = self.policy.op(self.cmd) else {
            return writeln!(f, "op {}: no policy", self.cmd);
        };
        // Each table's attributes are printed once, under the first nest that uses it: tables
        // may use each other (or themselves), and a tree of every path would not end.
        let mut shown = Vec::new();
        for (what, table) in [("do", op.do_policy), ("dump", op.dump_policy)] {
            if let Some(t) = table {
                writeln!(f, "op {} {what}: policy {t}", self.cmd)?;
                print_table(self.policy, t, 1, &mut shown, f)?;
            }
        }
        Ok(())
    }
}

fn print_table(
    policy: &Policy,
    idx: u32,
    depth: usize,
    shown: &mut Vec<u32>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if shown.contains(&idx) {
        return Ok(());
    }
    shown.push(idx);
    let Some(table) = policy.table(idx) else {
        return Ok(());
    };
    for (attr, p) in table {
        indent(f, depth)?;
        writeln!(f, "attr {attr}: {p}")?;
        if let Some(inner) = p.policy
            && depth < MAX_DEPTH
        {
            print_table(policy, inner, depth.saturating_add(1), shown, f)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::ctrl::CtrlA;
    use crate::genl::testing::captured;

    #[test]
    fn the_nlctrl_policy_dump_becomes_a_tree() {
        let mut p = Policy::from_bytes(&captured("genl_policy_nlctrl.bin")).unwrap();
        assert_eq!(p.family_id, Some(0x10));
        // GETPOLICY is dump-only: the kernel reports it as command 0.
        assert!(p.op(10).is_none());
        p.name_dump_only(&[10]);
        // GETFAMILY's do table takes the family's name as a NUL string of at most 15 bytes.
        let t = p.request_table(3, false).unwrap();
        let name = p.attr(t, CtrlA::FAMILY_NAME.0).unwrap();
        assert_eq!(name.kind, NlAttrType::NUL_STRING);
        assert_eq!(name.max_len, Some(15));
        let tree = p.command_tree(3).to_string();
        assert!(tree.contains("attr 2: nul-string max len 15"), "{tree}");
        // GETPOLICY's table: family id, name and op.
        let t = p.request_table(10, true).unwrap();
        assert!(p.attr(t, CtrlA::OP.0).is_some());
        let lines = p.genl_lines();
        assert!(
            lines
                .iter()
                .any(|l| l.contains("type=NUL_STRING max len:15")),
            "{lines:?}"
        );
    }

    #[test]
    fn the_policy_decodes_its_own_family_messages() {
        // nlctrl's GETFAMILY replies read through nlctrl's own policy tree: nests follow.
        let p = Policy::from_bytes(&captured("genl_policy_nlctrl.bin")).unwrap();
        let fams = captured("genl_ctrl_ethtool.bin");
        let m = Messages::new(&fams).next().unwrap().unwrap();
        let c = CtrlMsg::parse(m).unwrap();
        let text = p.decode(p.request_table(3, false), c.attrs()).to_string();
        assert!(text.contains("[2] \"ethtool\""), "{text}");
        let mut w = Walker::new();
        p.walk(p.request_table(3, false), c.attrs(), &mut w);
        assert_eq!(w.summary.typed_errors, 0, "{:?}", w.summary);
    }

    #[test]
    fn cut_policy_dumps_never_panic() {
        let bytes = captured("genl_policy_ethtool.bin");
        for n in 0..bytes.len().min(2000) {
            let _ = Policy::from_bytes(&bytes[..n]);
        }
        let p = Policy::from_bytes(&bytes).unwrap();
        for t in p.tables.keys() {
            let _ = p.command_tree(*t).to_string();
        }
    }
}
