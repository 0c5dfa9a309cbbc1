//! [`Family`]: a resolved generic netlink family, as nlctrl describes it.

use core::fmt;

use netlink_wire::genl::ctrl::{self, CtrlMsg};
use netlink_wire::genl::{GenlFamily, OpFlags};

use crate::error::Result;

/// One operation of a family (`CTRL_ATTR_OPS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Op {
    /// The command.
    pub cmd: u32,
    /// What it allows and needs.
    pub flags: OpFlags,
}

/// One multicast group of a family (`CTRL_ATTR_MCAST_GROUPS`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct McastGroup {
    /// Its name (`"monitor"`).
    pub name: String,
    /// Its number, for `NETLINK_ADD_MEMBERSHIP`.
    pub id: u32,
}

/// A generic netlink family as the kernel registered it: what `genl ctrl get name NAME` shows.
///
/// `Display` prints it the way `genl ctrl get` does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Family {
    /// Its name.
    pub name: String,
    /// Its id: the message type of its messages.
    pub id: u16,
    /// Its interface version.
    pub version: u32,
    /// The size of its own header after `genlmsghdr` (0 for every typed family).
    pub hdrsize: u32,
    /// Its largest attribute number (0 for families with per-command policies).
    pub maxattr: u32,
    /// Its operations.
    pub ops: Vec<Op>,
    /// Its multicast groups.
    pub groups: Vec<McastGroup>,
}

impl Family {
    /// A family named `name` with id `id` and nothing else known: for tests and for callers
    /// that learned an id elsewhere.
    #[must_use]
    pub fn new(name: &str, id: u16) -> Family {
        Family {
            name: name.to_owned(),
            id,
            version: 0,
            hdrsize: 0,
            maxattr: 0,
            ops: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Reads a `CTRL_CMD_NEWFAMILY` message (a reply to `GETFAMILY` or a notification).
    ///
    /// # Errors
    /// A malformed attribute; a missing id or name.
    pub fn from_ctrl(m: &CtrlMsg<'_>) -> Result<Family> {
        m.check_frame()?;
        let mut ops = Vec::new();
        if let Some(list) = m.ops()? {
            for op in ctrl::ops(list) {
                let op = op?;
                ops.push(Op {
                    cmd: op.id()?.unwrap_or(0),
                    flags: op.flags()?.unwrap_or_default(),
                });
            }
        }
        let mut groups = Vec::new();
        if let Some(list) = m.mcast_groups()? {
            for g in ctrl::mcast_groups(list) {
                let g = g?;
                groups.push(McastGroup {
                    name: g.name()?.unwrap_or_default().to_owned(),
                    id: g.id()?.unwrap_or(0),
                });
            }
        }
        Ok(Family {
            name: m
                .family_name()?
                .ok_or(crate::Error::MalformedReply(
                    "a family without CTRL_ATTR_FAMILY_NAME",
                ))?
                .to_owned(),
            id: m.family_id()?.ok_or(crate::Error::MalformedReply(
                "a family without CTRL_ATTR_FAMILY_ID",
            ))?,
            version: m.family_version()?.unwrap_or(0),
            hdrsize: m.hdrsize()?.unwrap_or(0),
            maxattr: m.maxattr()?.unwrap_or(0),
            ops,
            groups,
        })
    }

    /// The number of multicast group `name`.
    #[must_use]
    pub fn group(&self, name: &str) -> Option<u32> {
        self.groups.iter().find(|g| g.name == name).map(|g| g.id)
    }

    /// Operation `cmd`.
    #[must_use]
    pub fn op(&self, cmd: u32) -> Option<&Op> {
        self.ops.iter().find(|o| o.cmd == cmd)
    }

    /// This crate's typed declaration of the family, if it has one.
    #[must_use]
    pub fn typed(&self) -> Option<&'static GenlFamily> {
        netlink_wire::genl::by_name(&self.name)
    }
}

impl fmt::Display for Family {
    /// As `genl ctrl get name NAME` (iproute2 6.1) prints it. Like `genl`, it shows the
    /// commands' capabilities only for families of version 2 and above (`genl` takes the
    /// family's version for the controller's).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\nName: {}", self.name)?;
        writeln!(
            f,
            "\tID: {:#x}  Version: {:#x}  header size: {}  max attribs: {} ",
            self.id, self.version, self.hdrsize, self.maxattr
        )?;
        if !self.ops.is_empty() {
            writeln!(f, "\tcommands supported: ")?;
            for (i, op) in self.ops.iter().enumerate() {
                write!(f, "\t\t#{}:  ID-{:#x} ", i.saturating_add(1), op.cmd)?;
                if self.version < 2 {
                    writeln!(f)?;
                    continue;
                }
                write!(f, "\n\t\tCapabilities ({:#x}):\n ", op.flags.bits())?;
                if op.flags.is_empty() {
                    writeln!(f)?;
                } else {
                    f.write_str("\t\t ")?;
                    for (flag, text) in [
                        (OpFlags::ADMIN_PERM, " requires admin permission;"),
                        (OpFlags::CMD_CAP_DO, " can doit;"),
                        (OpFlags::CMD_CAP_DUMP, " can dumpit;"),
                        (OpFlags::CMD_CAP_HASPOL, " has policy"),
                    ] {
                        if op.flags.contains(flag) {
                            f.write_str(text)?;
                        }
                    }
                    writeln!(f)?;
                }
                writeln!(f)?;
            }
            writeln!(f)?;
        }
        if !self.groups.is_empty() {
            writeln!(f, "\tmulticast groups:")?;
            for (i, g) in self.groups.iter().enumerate() {
                writeln!(
                    f,
                    "\t\t#{}:  ID-{:#x}  name: {} ",
                    i.saturating_add(1),
                    g.id,
                    g.name
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
