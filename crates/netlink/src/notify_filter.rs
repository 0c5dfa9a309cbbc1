//! [`NotifyFilter`]: typed conditions on notifications, compiled to a classic BPF program that
//! the kernel runs before it queues a notification, so that what a subscriber does not want
//! never leaves the kernel: it wakes no thread, costs no copy and cannot cause an overrun.
//!
//! A notification passes when it meets every condition that applies to its kind; a condition
//! does not apply to the other kinds (a route table says nothing about link events, which pass).
//! Whatever is not a notification passes untouched: `NLMSG_ERROR`, `NLMSG_DONE` and parts of
//! multi-part replies (`NLM_F_MULTI`), so that answers to [`crate::Connection::send_message`]
//! still arrive.
//!
//! The program reads the header fields at their offsets and finds attributes with the kernel's
//! `SKF_AD_NLATTR` helper (`Documentation/networking/filter.rst`); absolute loads are
//! big-endian there, so the host-order netlink fields are compared with byte-swapped constants.

use std::mem::size_of;

use netlink_socket::BpfInstruction;
use netlink_wire::rtnl::link::IfInfoMsg;
use netlink_wire::rtnl::neigh::{NdMsg, NeighState};
use netlink_wire::rtnl::route::{RtMsg, Rta};
use netlink_wire::rtnl::{
    AddressFamily, RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELROUTE, RTM_DELRULE, RTM_NEWADDR,
    RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWROUTE, RTM_NEWRULE, RouteProtocol, RouteType, Table,
};
use netlink_wire::{Flags, Header, MessageType};

use crate::error::Result;
use crate::ops::invalid;

/// Typed conditions on the notifications a connection receives, enforced by the kernel.
///
/// ```
/// use netlink::{ConnectionOptions, Group, NotifyFilter};
/// use netlink::netlink_wire::rtnl::Table;
///
/// // Only the routes of table 200, and only the link events of interface 3; every other
/// // notification of the subscribed groups passes unchanged.
/// let filter = NotifyFilter::new().route_table(Table(200)).ifindex(3);
/// let opts = ConnectionOptions::default()
///     .membership(Group::IPV4_ROUTE)
///     .membership(Group::LINK)
///     .notify_filter(filter.clone());
/// assert!(filter.program()?.len() < 64);
/// # let _ = opts;
/// # Ok::<(), netlink::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotifyFilter {
    types: Vec<MessageType>,
    family: Option<AddressFamily>,
    ifindex: Option<u32>,
    table: Option<Table>,
    protocol: Option<RouteProtocol>,
    route_type: Option<RouteType>,
    neigh_states: Option<NeighState>,
}

impl NotifyFilter {
    /// A filter that lets every notification through; add conditions with the methods.
    #[must_use]
    pub fn new() -> Self {
        NotifyFilter::default()
    }

    /// Only notifications of this type (`RTM_NEWROUTE` ...); call again to allow more types.
    /// Applies to every notification.
    #[must_use]
    pub fn message_type(mut self, t: MessageType) -> Self {
        self.types.push(t);
        self
    }

    /// Only addresses, routes, neighbours and rules of this address family (the first byte of
    /// their family header). Links pass.
    #[must_use]
    pub fn family(mut self, family: AddressFamily) -> Self {
        self.family = Some(family);
        self
    }

    /// Only the links, addresses and neighbours of interface `index` (from their family
    /// header), and the routes whose `RTA_OIF` is `index`: a route without one (multipath,
    /// blackhole) does not pass, as with `ip monitor dev`. Other kinds pass.
    #[must_use]
    pub fn ifindex(mut self, index: u32) -> Self {
        self.ifindex = Some(index);
        self
    }

    /// Only the routes of `table` (`RTA_TABLE`, else `rtm_table`). Other kinds pass.
    #[must_use]
    pub fn route_table(mut self, table: Table) -> Self {
        self.table = Some(table);
        self
    }

    /// Only the routes installed by `protocol` (`rtm_protocol`). Other kinds pass.
    #[must_use]
    pub fn route_protocol(mut self, protocol: RouteProtocol) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// Only the routes of `route_type` (`rtm_type`). Other kinds pass.
    #[must_use]
    pub fn route_type(mut self, route_type: RouteType) -> Self {
        self.route_type = Some(route_type);
        self
    }

    /// Only the neighbours whose state has one of the bits of `states` (`ndm_state`, such as
    /// `REACHABLE | STALE`). Other kinds pass.
    #[must_use]
    pub fn neigh_states(mut self, states: NeighState) -> Self {
        self.neigh_states = Some(states);
        self
    }

    /// Whether the filter lets every notification through.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == NotifyFilter::default()
    }

    /// The classic BPF program that enforces the filter, ready for
    /// [`netlink_socket::Socket::attach_filter`].
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when a conditional jump would exceed 255 instructions (more
    /// than about sixty message types).
    pub fn program(&self) -> Result<Vec<BpfInstruction>> {
        let mut p = Program::default();
        // Not notifications: acknowledgements, errors, dump parts.
        p.load(Size::Half, TYPE_OFFSET);
        p.jump_eq(be16(MessageType::ERROR.0), Label::Accept, Label::Next);
        p.jump_eq(be16(MessageType::DONE.0), Label::Accept, Label::Next);
        p.load(Size::Half, FLAGS_OFFSET);
        p.jump_set(be16(Flags::MULTI.0), Label::Accept, Label::Next);
        if !self.types.is_empty() {
            p.load(Size::Half, TYPE_OFFSET);
            for t in &self.types {
                p.jump_eq(be16(t.0), Label::Here(1), Label::Next);
            }
            p.ret(REJECT);
            p.mark(1);
        }
        // One block per kind whose conditions are set; each ends in accept, or falls through
        // to the next block when the message is of another kind.
        for (block, kind) in KINDS.iter().enumerate() {
            let checks: Vec<Check> = kind.checks.iter().filter_map(|c| c(self)).collect();
            if checks.is_empty() {
                continue;
            }
            let skip = 10 + u32::try_from(block).unwrap_or(0) * 2;
            p.load(Size::Half, TYPE_OFFSET);
            p.jump_eq(be16(kind.new.0), Label::Here(skip - 1), Label::Next);
            p.jump_eq(be16(kind.del.0), Label::Here(skip - 1), Label::Here(skip));
            p.mark(skip - 1);
            for check in checks {
                check.emit(&mut p);
            }
            p.ret(ACCEPT);
            p.mark(skip);
        }
        p.ret(ACCEPT);
        p.finish()
    }
}

/// `nlmsg_type`'s offset.
const TYPE_OFFSET: u32 = 4;
/// `nlmsg_flags`'s offset.
const FLAGS_OFFSET: u32 = 6;
/// Where every family header starts.
const BODY: u32 = size_of::<Header>() as u32;
/// What a filter returns to keep a datagram whole, and to drop it.
const ACCEPT: u32 = u32::MAX;
const REJECT: u32 = 0;

/// `SKF_AD_OFF + SKF_AD_NLATTR`: A = offset of the attribute of type X found from offset A.
const AD_NLATTR: u32 = 0xffff_f000 + 12;

/// `k` of a 16-bit absolute load of host-order `v`: loads are big-endian.
fn be16(v: u16) -> u32 {
    u32::from(u16::from_be_bytes(v.to_ne_bytes()))
}

/// `k` of a 32-bit load of host-order `v`.
fn be32(v: u32) -> u32 {
    u32::from_be_bytes(v.to_ne_bytes())
}

/// One condition of one kind, as instructions that fall through when it holds and reject the
/// datagram when it does not.
enum Check {
    /// The byte at `offset` equals `value`.
    Byte { offset: u32, value: u8 },
    /// The host-order `u32` at `offset` equals `value`.
    Word { offset: u32, value: u32 },
    /// The host-order `u16` at `offset` has one of the bits of `mask`.
    HalfAny { offset: u32, mask: u16 },
    /// The `u32` attribute `kind` (searched from `start`) equals `value`; `fallback_byte`, if
    /// any, is read instead when the attribute is missing, else the datagram is rejected.
    Attr {
        start: u32,
        kind: u16,
        value: u32,
        fallback_byte: Option<u32>,
    },
}

impl Check {
    fn emit(&self, p: &mut Program) {
        match *self {
            Check::Byte { offset, value } => {
                p.load(Size::Byte, offset);
                p.jump_eq(u32::from(value), Label::Next, Label::Reject);
            }
            Check::Word { offset, value } => {
                p.load(Size::Word, offset);
                p.jump_eq(be32(value), Label::Next, Label::Reject);
            }
            Check::HalfAny { offset, mask } => {
                p.load(Size::Half, offset);
                p.jump_set(be16(mask), Label::Next, Label::Reject);
            }
            Check::Attr {
                start,
                kind,
                value,
                fallback_byte,
            } => {
                p.push(BPF_LD | BPF_IMM, start);
                p.push(BPF_LDX | BPF_IMM, u32::from(kind));
                p.push(BPF_LD | BPF_B | BPF_ABS, AD_NLATTR);
                let missing = match fallback_byte {
                    Some(_) => Label::Here(FALLBACK),
                    None => Label::Reject,
                };
                p.jump_eq(0, missing, Label::Next);
                p.push(BPF_MISC | BPF_TAX, 0);
                p.push(BPF_LD | BPF_W | BPF_IND, 4);
                match fallback_byte {
                    // Found: compare and skip the two instructions of the fallback.
                    Some(offset) => {
                        p.jump_eq(be32(value), Label::Skip(2), Label::Reject);
                        p.mark(FALLBACK);
                        p.load(Size::Byte, offset);
                        p.jump_eq(value, Label::Next, Label::Reject);
                    }
                    None => p.jump_eq(be32(value), Label::Next, Label::Reject),
                }
            }
        }
    }
}

/// A local label number no kind block uses.
const FALLBACK: u32 = 0;

/// A kind of notification and the conditions that apply to it.
struct Kind {
    new: MessageType,
    del: MessageType,
    checks: &'static [fn(&NotifyFilter) -> Option<Check>],
}

/// Offsets in the family headers (`include/uapi/linux/rtnetlink.h`, `if_addr.h`,
/// `neighbour.h`): the family is always the first byte.
const FAMILY: u32 = BODY;
/// `ifi_index`, `ifa_index` and `ndm_ifindex` all sit 4 bytes into their headers.
const HEADER_IFINDEX: u32 = BODY + 4;
/// `rtm_table`, `rtm_protocol`, `rtm_type`.
const RTM_TABLE: u32 = BODY + 4;
const RTM_PROTOCOL: u32 = BODY + 5;
const RTM_TYPE: u32 = BODY + 7;
/// `ndm_state`.
const NDM_STATE: u32 = BODY + 8;
/// Where the attributes of routes start.
const ROUTE_ATTRS: u32 = BODY + size_of::<RtMsg>() as u32;

const _: () = assert!(size_of::<IfInfoMsg>() == 16 && size_of::<NdMsg>() == 12);

fn family(f: &NotifyFilter) -> Option<Check> {
    f.family.map(|a| Check::Byte {
        offset: FAMILY,
        value: a.0,
    })
}

fn header_ifindex(f: &NotifyFilter) -> Option<Check> {
    f.ifindex.map(|value| Check::Word {
        offset: HEADER_IFINDEX,
        value,
    })
}

/// The kinds, with the conditions of each (a table: a new condition is one line per kind).
const KINDS: &[Kind] = &[
    Kind {
        new: RTM_NEWLINK,
        del: RTM_DELLINK,
        checks: &[header_ifindex],
    },
    Kind {
        new: RTM_NEWADDR,
        del: RTM_DELADDR,
        checks: &[family, header_ifindex],
    },
    Kind {
        new: RTM_NEWROUTE,
        del: RTM_DELROUTE,
        checks: &[
            family,
            |f| {
                f.ifindex.map(|value| Check::Attr {
                    start: ROUTE_ATTRS,
                    kind: Rta::OIF.into(),
                    value,
                    fallback_byte: None,
                })
            },
            |f| {
                f.table.map(|t| Check::Attr {
                    start: ROUTE_ATTRS,
                    kind: Rta::TABLE.into(),
                    value: t.0,
                    fallback_byte: Some(RTM_TABLE),
                })
            },
            |f| {
                f.protocol.map(|p| Check::Byte {
                    offset: RTM_PROTOCOL,
                    value: p.0,
                })
            },
            |f| {
                f.route_type.map(|t| Check::Byte {
                    offset: RTM_TYPE,
                    value: t.0,
                })
            },
        ],
    },
    Kind {
        new: RTM_NEWNEIGH,
        del: RTM_DELNEIGH,
        checks: &[family, header_ifindex, |f| {
            f.neigh_states.map(|s| Check::HalfAny {
                offset: NDM_STATE,
                mask: s.0,
            })
        }],
    },
    Kind {
        new: RTM_NEWRULE,
        del: RTM_DELRULE,
        checks: &[family],
    },
];

// Opcodes (`include/uapi/linux/bpf_common.h`, `filter.h`).
const BPF_LD: u16 = 0x00;
const BPF_LDX: u16 = 0x01;
const BPF_JMP: u16 = 0x05;
const BPF_RET: u16 = 0x06;
const BPF_MISC: u16 = 0x07;
const BPF_W: u16 = 0x00;
const BPF_H: u16 = 0x08;
const BPF_B: u16 = 0x10;
const BPF_IMM: u16 = 0x00;
const BPF_ABS: u16 = 0x20;
const BPF_IND: u16 = 0x40;
const BPF_JA: u16 = 0x00;
const BPF_JEQ: u16 = 0x10;
const BPF_JSET: u16 = 0x40;
const BPF_K: u16 = 0x00;
const BPF_TAX: u16 = 0x00;

#[derive(Clone, Copy)]
enum Size {
    Byte,
    Half,
    Word,
}

/// Where a conditional jump goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    /// The next instruction.
    Next,
    /// Over `n` instructions.
    Skip(u8),
    /// The next mark with this number.
    Here(u32),
    /// The shared `ret #0` at the end.
    Reject,
    /// The shared `ret #-1` at the end.
    Accept,
}

/// A program under construction: instructions whose jumps name labels until `finish`.
#[derive(Default)]
struct Program {
    code: Vec<(BpfInstruction, Label, Label)>,
    /// (mark number, index of the instruction it precedes).
    marks: Vec<(u32, usize)>,
}

impl Program {
    fn push(&mut self, code: u16, k: u32) {
        self.code.push((
            BpfInstruction {
                code,
                jt: 0,
                jf: 0,
                k,
            },
            Label::Next,
            Label::Next,
        ));
    }

    fn load(&mut self, size: Size, offset: u32) {
        let size = match size {
            Size::Byte => BPF_B,
            Size::Half => BPF_H,
            Size::Word => BPF_W,
        };
        self.push(BPF_LD | size | BPF_ABS, offset);
    }

    fn jump(&mut self, op: u16, k: u32, yes: Label, no: Label) {
        let code = BPF_JMP | op | BPF_K;
        self.code.push((
            BpfInstruction {
                code,
                jt: 0,
                jf: 0,
                k,
            },
            yes,
            no,
        ));
    }

    fn jump_eq(&mut self, k: u32, yes: Label, no: Label) {
        self.jump(BPF_JEQ, k, yes, no);
    }

    fn jump_set(&mut self, k: u32, yes: Label, no: Label) {
        self.jump(BPF_JSET, k, yes, no);
    }

    fn ret(&mut self, k: u32) {
        self.push(BPF_RET | BPF_K, k);
    }

    fn mark(&mut self, n: u32) {
        self.marks.push((n, self.code.len()));
    }

    /// Appends the shared exits and resolves every label to a forward offset.
    fn finish(mut self) -> Result<Vec<BpfInstruction>> {
        let reject = self.code.len();
        self.ret(REJECT);
        let accept = self.code.len();
        self.ret(ACCEPT);
        let marks = std::mem::take(&mut self.marks);
        let target = |at: usize, label: Label| -> Result<u8> {
            let to = match label {
                Label::Next => at + 1,
                Label::Skip(n) => at + 1 + usize::from(n),
                Label::Reject => reject,
                Label::Accept => accept,
                Label::Here(n) => marks
                    .iter()
                    .find(|(m, i)| *m == n && *i > at)
                    .map(|(_, i)| *i)
                    .ok_or_else(|| invalid(format!("filter label {n} missing")))?,
            };
            u8::try_from(to - (at + 1))
                .map_err(|_| invalid("notification filter too long for a BPF jump"))
        };
        let mut out = Vec::with_capacity(self.code.len());
        for (at, (mut insn, yes, no)) in self.code.iter().copied().enumerate() {
            if insn.code & 0x07 == BPF_JMP && insn.code != BPF_JMP | BPF_JA {
                insn.jt = target(at, yes)?;
                insn.jf = target(at, no)?;
            }
            out.push(insn);
        }
        Ok(out)
    }
}
