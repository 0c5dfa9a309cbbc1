//! Generic netlink (`NETLINK_GENERIC`): the `struct genlmsghdr` every message starts with, the
//! control family (`nlctrl`, [`ctrl`]) that names the others, and the registry of the families
//! this crate declares.
//!
//! A generic netlink family's message type is the id the kernel gave it when it registered,
//! found by name through `nlctrl`; only `nlctrl` itself has a fixed id ([`GENL_ID_CTRL`]). So
//! a family declared here lists no message types (its [`FamilyInfo`] matches none), and a walk
//! over captured bytes needs the ids they were captured with: [`crate::check::walk_with`].
//!
//! Source of truth: `include/uapi/linux/genetlink.h`.

pub mod ctrl;

use zerocopy::byteorder::native_endian::U16;

use crate::family::FamilyInfo;
use crate::header::MessageType;

kernel_struct! {
    /// `struct genlmsghdr`: the header after `nlmsghdr` in every generic netlink message.
    GenlMsgHdr = "genlmsghdr", 4 {
        /// `cmd`: the family's command.
        pub cmd: u8,
        /// `version`: the family's interface version.
        pub version: u8,
        /// `reserved`.
        pub reserved: U16,
    }
}

impl GenlMsgHdr {
    /// A header for command `cmd` of interface `version`.
    #[must_use]
    #[inline]
    pub fn new(cmd: u8, version: u8) -> Self {
        GenlMsgHdr {
            cmd,
            version,
            reserved: U16::new(0),
        }
    }
}

/// `GENL_ID_CTRL`: the fixed message type of the control family.
pub const GENL_ID_CTRL: MessageType = MessageType(0x10);

/// `GENL_NAMSIZ`: the longest family name, NUL included.
pub const GENL_NAMSIZ: usize = 16;

flags! {
    /// `GENL_*` operation flags (`CTRL_ATTR_OP_FLAGS`): what a command allows and needs.
    OpFlags(u32);
    /// The command needs `CAP_NET_ADMIN` in the initial user namespace.
    ADMIN_PERM = 0x01, "GENL_ADMIN_PERM", "admin-perm";
    /// The command answers a single request (`doit`).
    CMD_CAP_DO = 0x02, "GENL_CMD_CAP_DO", "do";
    /// The command dumps (`dumpit`).
    CMD_CAP_DUMP = 0x04, "GENL_CMD_CAP_DUMP", "dump";
    /// The command has an attribute policy.
    CMD_CAP_HASPOL = 0x08, "GENL_CMD_CAP_HASPOL", "has-policy";
    /// The command needs `CAP_NET_ADMIN` in the network namespace's user namespace.
    UNS_ADMIN_PERM = 0x10, "GENL_UNS_ADMIN_PERM", "uns-admin-perm";
}

/// The generic netlink families this crate declares whose message type is fixed, for
/// [`crate::check::walk_with`] over `NETLINK_GENERIC` bytes; families with assigned ids are
/// looked up by the ids a resolution gave (see the facade's family resolution).
pub const FAMILIES: &[&FamilyInfo] = &[&ctrl::CtrlMsg::FAMILY];

/// The declared family of generic netlink message type `t` when its id is fixed (`nlctrl`).
#[must_use]
#[inline]
pub fn family(t: MessageType) -> Option<&'static FamilyInfo> {
    crate::family::family_of(FAMILIES, t)
}
