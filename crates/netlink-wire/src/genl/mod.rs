//! Generic netlink (`NETLINK_GENERIC`): the `struct genlmsghdr` every message starts with and
//! its view ([`GenlMsg`]), the control family (`nlctrl`, [`ctrl`]) that names the others, the
//! policies it reports ([`policy`]), one module per typed family, and the [`REGISTRY`] of those
//! families keyed by name.
//!
//! This module is shaped like [`crate::rtnl`]: one declaration per family. What differs is the
//! key. A generic netlink family's message type is the id the kernel gave it when it
//! registered, found by name through `nlctrl`; only `nlctrl` itself has a fixed id
//! ([`GENL_ID_CTRL`]). So a family declared here lists no message types (its [`FamilyInfo`]
//! matches none), the registry is keyed by name, and a walk over captured bytes needs the ids
//! they were captured with: [`Ids`] learns them from `nlctrl` replies and answers
//! [`crate::check::walk_with`]'s question "which family is type `t`".
//!
//! Many families name their attributes by command: ethtool has one attribute space per kind of
//! message, and numbers its commands differently in each direction. Each family module
//! therefore declares its commands with `genl_messages!`, which maps every command to the view
//! and space of its attributes; the direction of a message is its `NLM_F_REQUEST` flag.
//!
//! Source of truth: `include/uapi/linux/genetlink.h`.

/// Declares a typed family's line in the [`REGISTRY`] (`pub const FAMILY`) and its check
/// walk, from its name, version, groups and the command set `genl_messages!` declared. With
/// `events EVENTS`, messages that [`is_event`] are walked and named by that second set (MPTCP,
/// IOAM6), others by the commands.
macro_rules! genl_family {
    ($name:expr, $version:expr, [$($group:expr),* $(,)?], $Cmd:ident) => {
        /// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
        pub const FAMILY: $crate::genl::GenlFamily = $crate::genl::GenlFamily {
            name: $name,
            version: $version,
            groups: &[$($group),*],
            info: $crate::genl::family_info($name, walk),
            command: |cmd, _| $Cmd(cmd).name(),
        };

        fn walk(m: $crate::message::Msg<'_>, w: &mut $crate::typed::Walker) {
            $crate::genl::walk_genl(m, w, |g, w| {
                let _ = $Cmd(g.cmd()).walk_attrs(g.attrs(), w);
            });
        }
    };
    ($name:expr, $version:expr, [$($group:expr),* $(,)?], $Cmd:ident, events $Event:ident) => {
        /// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
        pub const FAMILY: $crate::genl::GenlFamily = $crate::genl::GenlFamily {
            name: $name,
            version: $version,
            groups: &[$($group),*],
            info: $crate::genl::family_info($name, walk),
            command: |cmd, request| {
                if request {
                    $Cmd(cmd).name()
                } else {
                    $Cmd(cmd).name().or($Event(cmd).name())
                }
            },
        };

        fn walk(m: $crate::message::Msg<'_>, w: &mut $crate::typed::Walker) {
            $crate::genl::walk_genl(m, w, |g, w| {
                let _ = if $crate::genl::is_event(&g.msg()) {
                    $Event(g.cmd()).walk_attrs(g.attrs(), w)
                } else {
                    $Cmd(g.cmd()).walk_attrs(g.attrs(), w)
                };
            });
        }
    };
}

pub mod ctrl;
pub mod ethtool;
pub mod fou;
pub mod ila;
pub mod ioam6;
pub mod mptcp;
pub mod netdev;
pub mod policy;
pub mod seg6;
pub mod tcp_metrics;
pub mod wireguard;

use zerocopy::byteorder::native_endian::U16;

use crate::error::Result;
use crate::family::FamilyInfo;
use crate::header::{Flags, MessageType};
use crate::message::{MessageBuilder, Msg};
use crate::typed::Walker;

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
/// looked up by the ids a resolution gave ([`Ids`]).
pub const FAMILIES: &[&FamilyInfo] = &[&ctrl::CtrlMsg::FAMILY];

/// The declared family of generic netlink message type `t` when its id is fixed (`nlctrl`).
#[must_use]
#[inline]
pub fn family(t: MessageType) -> Option<&'static FamilyInfo> {
    crate::family::family_of(FAMILIES, t)
}

/// Every generic netlink family this crate types, one line each, keyed by the name the family
/// registers under. Adding a family is its module and a line here.
pub const REGISTRY: &[&GenlFamily] = &[
    &ctrl::FAMILY,
    &ethtool::FAMILY,
    &mptcp::FAMILY,
    &tcp_metrics::FAMILY,
    &netdev::FAMILY,
    &wireguard::FAMILY,
    &seg6::FAMILY,
    &ioam6::FAMILY,
    &fou::FAMILY,
    &ila::FAMILY,
];

/// The typed family registered under `name` (`"ethtool"`), if this crate declares it.
#[must_use]
pub fn by_name(name: &str) -> Option<&'static GenlFamily> {
    REGISTRY.iter().copied().find(|f| f.name == name)
}

/// One generic netlink family as this crate declares it: the name it registers under, the
/// interface version its requests carry, its multicast groups by name, its check walk, and the
/// names of its commands.
#[derive(Debug, Clone, Copy)]
pub struct GenlFamily {
    /// The name the family registers under (`CTRL_ATTR_FAMILY_NAME`), the registry's key.
    pub name: &'static str,
    /// The interface version written in `genlmsghdr.version` (`ETHTOOL_GENL_VERSION`).
    pub version: u8,
    /// The multicast groups the family declares, by name (`"monitor"`); their numbers are
    /// assigned at run time, like the family's id.
    pub groups: &'static [&'static str],
    /// The declaration the check walk runs (its message types are empty: the id is dynamic).
    pub info: FamilyInfo,
    /// The kernel name of a command, for a request (`true`) or a message from the kernel
    /// (`false`): some families number the two directions differently.
    pub command: fn(u8, bool) -> Option<&'static str>,
}

impl GenlFamily {
    /// The kernel name of the command of `msg`, in its direction.
    #[must_use]
    pub fn command_name(&self, msg: &GenlMsg<'_>) -> Option<&'static str> {
        (self.command)(msg.cmd(), msg.is_request())
    }
}

/// The families of the ids a resolution gave: generic netlink's answer to "which family is
/// message type `t`", for [`crate::check::walk_with`] over captured `NETLINK_GENERIC` bytes.
/// `nlctrl` is known from the start (its id is fixed).
#[derive(Debug, Clone)]
pub struct Ids {
    map: Vec<(u16, &'static GenlFamily)>,
}

impl Default for Ids {
    fn default() -> Self {
        Ids {
            map: vec![(GENL_ID_CTRL.0, &ctrl::FAMILY)],
        }
    }
}

impl Ids {
    /// Only `nlctrl`, at its fixed id.
    #[must_use]
    pub fn new() -> Self {
        Ids::default()
    }

    /// Records that family `name` has id `id`; returns its declaration, or `None` (and records
    /// nothing) when this crate does not type a family of that name.
    pub fn insert(&mut self, id: u16, name: &str) -> Option<&'static GenlFamily> {
        let fam = by_name(name)?;
        self.map.retain(|(i, f)| *i != id && f.name != name);
        self.map.push((id, fam));
        Some(fam)
    }

    /// Learns the ids of every `CTRL_CMD_NEWFAMILY` message in `bytes` (a `GETFAMILY` reply or
    /// dump, or notifications); messages that do not decode are skipped.
    pub fn learn(&mut self, bytes: &[u8]) {
        for m in crate::message::Messages::new(bytes).flatten() {
            if m.message_type() != GENL_ID_CTRL {
                continue;
            }
            let Ok(c) = ctrl::CtrlMsg::parse(m) else {
                continue;
            };
            if c.cmd() != ctrl::CtrlCmd::NEWFAMILY {
                continue;
            }
            if let (Ok(Some(id)), Ok(Some(name))) = (c.family_id(), c.family_name()) {
                let _ = self.insert(id, name);
            }
        }
    }

    /// The typed family of message type `t`.
    #[must_use]
    pub fn genl_family(&self, t: MessageType) -> Option<&'static GenlFamily> {
        self.map.iter().find(|(i, _)| *i == t.0).map(|(_, f)| *f)
    }

    /// The declaration of message type `t`, as [`crate::check::Registry`] asks.
    #[must_use]
    pub fn family(&self, t: MessageType) -> Option<&'static FamilyInfo> {
        self.genl_family(t).map(|f| &f.info)
    }
}

/// A generic netlink message of any family: `genlmsghdr` read in place and the attributes
/// after it (for the families whose own header is empty, every family this crate types; see
/// [`GenlMsg::parse_with_header`]). Typed families hand its attributes to the view of its
/// command's space.
#[derive(Debug, Clone, Copy)]
pub struct GenlMsg<'a> {
    msg: Msg<'a>,
    header: &'a GenlMsgHdr,
    attrs: crate::attr::Attrs<'a>,
}

impl<'a> GenlMsg<'a> {
    /// [`GenlMsg::parse`] for a family with a fixed header of `user_header` bytes after
    /// `genlmsghdr` (`CTRL_ATTR_HDRSIZE`), which the attributes follow.
    ///
    /// # Errors
    /// [`Error::Truncated`](crate::Error::Truncated) when the payload is shorter than both
    /// headers.
    #[inline]
    pub fn parse_with_header(msg: Msg<'a>, user_header: usize) -> Result<Self> {
        let header = msg.family_header::<GenlMsgHdr>()?;
        let attrs = msg.attrs(size_of::<GenlMsgHdr>().saturating_add(user_header))?;
        Ok(GenlMsg { msg, header, attrs })
    }

    /// Reads the `genlmsghdr` and locates the attributes right after it.
    ///
    /// # Errors
    /// [`Error::Truncated`](crate::Error::Truncated) when the payload is shorter than
    /// `genlmsghdr`.
    #[inline]
    pub fn parse(msg: Msg<'a>) -> Result<Self> {
        Self::parse_with_header(msg, 0)
    }

    /// The message this view reads.
    #[must_use]
    #[inline]
    pub fn msg(&self) -> Msg<'a> {
        self.msg
    }

    /// The `genlmsghdr`.
    #[must_use]
    #[inline]
    pub fn header(&self) -> &'a GenlMsgHdr {
        self.header
    }

    /// The raw attributes, offsets counted from the start of the message.
    #[must_use]
    #[inline]
    pub fn attrs(&self) -> crate::attr::Attrs<'a> {
        self.attrs
    }

    /// The family's id (the message type).
    #[must_use]
    #[inline]
    pub fn family_id(&self) -> u16 {
        self.msg.message_type().0
    }

    /// `genlmsghdr.cmd`.
    #[must_use]
    #[inline]
    pub fn cmd(&self) -> u8 {
        self.header.cmd
    }

    /// `genlmsghdr.version`.
    #[must_use]
    #[inline]
    pub fn version(&self) -> u8 {
        self.header.version
    }

    /// Whether the message is a request (`NLM_F_REQUEST`): a message to the kernel, whose
    /// command numbers may differ from those of the kernel's messages (ethtool).
    #[must_use]
    #[inline]
    pub fn is_request(&self) -> bool {
        self.msg.flags().contains(Flags::REQUEST)
    }

    /// Starts a message of family `family_id` with command `cmd` of interface `version`; add
    /// attributes with the [`AttrWrite`](crate::AttrWrite) methods, then `finish()`.
    #[inline]
    pub fn builder<'b>(
        buf: &'b mut Vec<u8>,
        family_id: u16,
        flags: Flags,
        cmd: u8,
        version: u8,
    ) -> MessageBuilder<'b> {
        let mut b = MessageBuilder::new(buf, MessageType(family_id), flags);
        b.family_header(&GenlMsgHdr::new(cmd, version));
        b
    }
}

/// Whether `m` is a multicast event rather than a reply: sent by the kernel, sequence number
/// 0, not part of a dump. Families whose events share numbers with their commands (MPTCP,
/// IOAM6) tell the two apart so.
#[must_use]
pub fn is_event(m: &Msg<'_>) -> bool {
    !m.flags()
        .intersects(Flags(Flags::REQUEST.0 | Flags::MULTI.0))
        && m.seq() == 0
}

/// The check walk every generic netlink declaration registers: reads `genlmsghdr` (counting an
/// error when it is short) and hands the message to `f`, which walks its command's space.
pub fn walk_genl(m: Msg<'_>, w: &mut Walker, f: impl FnOnce(GenlMsg<'_>, &mut Walker)) {
    match GenlMsg::parse(m) {
        Ok(g) => f(g, w),
        Err(_) => w.error(),
    }
}

/// A [`FamilyInfo`] for a generic netlink family: no fixed message types, `genlmsghdr` as its
/// header, `walk` as its check walk.
#[must_use]
pub const fn family_info(name: &'static str, walk: fn(Msg<'_>, &mut Walker)) -> FamilyInfo {
    FamilyInfo {
        name,
        header: "genlmsghdr",
        header_len: size_of::<GenlMsgHdr>(),
        messages: &[],
        groups: &[],
        walk,
        attrs: |m| m.attrs(size_of::<GenlMsgHdr>()),
    }
}

/// What the families' tests share: the captures of `testdata/`, the ids they were taken with,
/// and the check that a capture decodes with no error and re-encodes byte for byte.
#[cfg(test)]
pub(crate) mod testing {
    use super::Ids;
    use crate::check::{self, Summary};

    /// `testdata/NAME`.
    pub(crate) fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The bytes of a hex string (kernel bytes kept in a test as text).
    pub(crate) fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The ids of the generic netlink captures (learned from `genl_ctrl_families.bin`).
    pub(crate) fn capture_ids() -> Ids {
        let mut ids = Ids::new();
        ids.learn(&captured("genl_ctrl_families.bin"));
        ids
    }

    /// Walks `bytes` with `ids`: no error, every typed attribute written back exactly; then
    /// every cut of it (each `step`-th length) walks without a panic or a broken round trip.
    pub(crate) fn assert_exact(bytes: &[u8], ids: &Ids, step: usize) -> Summary {
        let s = check::walk_with(bytes, &|t| ids.family(t));
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{s:?}"
        );
        for n in (0..bytes.len()).step_by(step) {
            let cut = check::walk_with(&bytes[..n], &|t| ids.family(t));
            assert_eq!(cut.roundtrip_failures, 0, "cut at {n}");
        }
        s
    }
}
