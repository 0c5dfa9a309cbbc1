//! The `differential` target: the same RTNETLINK message decoded by this project's decoders and
//! by netlink-packet-route (an independent implementation, a fuzz-only dependency), and the
//! fields both know compared.
//!
//! The first byte picks one of `TYPES` (`RTM_NEWLINK`, `RTM_NEWADDR`, `RTM_NEWROUTE`,
//! `RTM_NEWNEIGH`, `RTM_NEWRULE`); the rest is the message body (family header, then
//! attributes). Ours decodes it with `netlink::Event::from_message`, which goes through the
//! netlink-wire view and the facade's typed `from_msg`; it must never panic. netlink-packet-route
//! decodes the same body wrapped in an `nlmsghdr`. Where both accept the message, every field of
//! [`Common`] must be equal.
//!
//! What the two decoders may disagree on by design is normalised here, each with the reason in
//! docs/reliability.md ("Differential fuzzing"):
//! - an attribute repeated in one message: ours reads the first of its kind, theirs keeps all
//!   and the comparison takes the first too;
//! - names: ours stops at the first NUL, as C code reading the kernel's copy does; theirs strips
//!   one trailing NUL, so theirs is cut at the first NUL before the comparison;
//! - an `ifi_type` netlink-packet-route does not list reads as ARPHRD_VOID there;
//! - an address of another family than the message's (see `Common::normalised`).
//!
//! Not part of `src/lib.rs`: that file is compiled into netlink-wire's tests, which can see
//! neither the facade nor netlink-packet-route.

use std::net::IpAddr;

use netlink::{Event, Flags, Message, MessageType};
use netlink_packet_core::{NetlinkMessage, NetlinkPayload};
use netlink_packet_route::RouteNetlinkMessage;
use netlink_packet_route::address::AddressAttribute;
use netlink_packet_route::link::LinkAttribute;
use netlink_packet_route::neighbour::{NeighbourAddress, NeighbourAttribute};
use netlink_packet_route::route::{RouteAddress, RouteAttribute};
use netlink_packet_route::rule::RuleAttribute;

/// `RTM_NEWLINK`, `RTM_NEWADDR`, `RTM_NEWROUTE`, `RTM_NEWNEIGH`, `RTM_NEWRULE`.
pub const TYPES: [u16; 5] = [16, 20, 24, 28, 32];

/// The fields both decoders know, as plain values.
#[derive(Debug, PartialEq, Eq)]
pub enum Common {
    /// A link: `ifi_family`, `ifi_type`, `ifi_index`, `ifi_flags`, `IFLA_IFNAME`, `IFLA_MTU`,
    /// `IFLA_MASTER`, `IFLA_TXQLEN`.
    Link {
        family: u8,
        link_type: u16,
        index: u32,
        flags: u32,
        name: Option<String>,
        mtu: Option<u32>,
        master: Option<u32>,
        txqlen: Option<u32>,
    },
    /// An address: the `ifaddrmsg` fields, `IFA_ADDRESS`, `IFA_LOCAL`, `IFA_LABEL`.
    Address {
        family: u8,
        prefix_len: u8,
        scope: u8,
        index: u32,
        address: Option<IpAddr>,
        local: Option<IpAddr>,
        label: Option<String>,
    },
    /// A route: the `rtmsg` fields, the table (`RTA_TABLE` else `rtm_table`), `RTA_DST`,
    /// `RTA_OIF`, `RTA_GATEWAY`, `RTA_PRIORITY`.
    Route {
        family: u8,
        dst_len: u8,
        src_len: u8,
        tos: u8,
        table: u32,
        protocol: u8,
        scope: u8,
        route_type: u8,
        dst: Option<IpAddr>,
        oif: Option<u32>,
        gateway: Option<IpAddr>,
        priority: Option<u32>,
    },
    /// A neighbour: the `ndmsg` fields, `NDA_DST`, `NDA_LLADDR`.
    Neighbour {
        family: u8,
        index: u32,
        state: u16,
        flags: u8,
        neigh_type: u8,
        destination: Option<IpAddr>,
        lladdr: Option<Vec<u8>>,
    },
    /// A rule: the `fib_rule_hdr` fields, the table (`FRA_TABLE` else `table`), `FRA_PRIORITY`
    /// (0 when absent), `FRA_FWMARK`, `FRA_IIFNAME`, `FRA_OIFNAME`.
    Rule {
        family: u8,
        dst_len: u8,
        src_len: u8,
        tos: u8,
        table: u32,
        action: u8,
        flags: u32,
        priority: u32,
        fwmark: Option<u32>,
        iifname: Option<String>,
        oifname: Option<String>,
    },
}

/// Whether `ip` is an address of the family `family` (`AF_INET` 2, `AF_INET6` 10).
fn of_family(ip: Option<IpAddr>, family: u8) -> Option<IpAddr> {
    ip.filter(|ip| matches!((ip, family), (IpAddr::V4(_), 2) | (IpAddr::V6(_), 10)))
}

impl Common {
    /// The fields compared: an address counts only when it is of the message's family. The
    /// kernel reads an address attribute by the family of the message (`nla_get_in_addr` in
    /// the `AF_INET` handlers, `nla_get_in6_addr` in the `AF_INET6` ones); ours reads it by its
    /// length, netlink-packet-route by the family, so the two differ exactly where the kernel
    /// would never send such a message (docs/reliability.md, "Differential fuzzing").
    fn normalised(mut self) -> Common {
        match &mut self {
            Common::Address {
                family,
                address,
                local,
                ..
            } => {
                *address = of_family(*address, *family);
                *local = of_family(*local, *family);
            }
            Common::Route {
                family,
                dst,
                gateway,
                ..
            } => {
                *dst = of_family(*dst, *family);
                *gateway = of_family(*gateway, *family);
            }
            Common::Neighbour {
                family,
                destination,
                ..
            } => *destination = of_family(*destination, *family),
            Common::Link { .. } | Common::Rule { .. } => {}
        }
        self
    }
}

/// The message type and body that `data` stands for.
fn split(data: &[u8]) -> Option<(u16, &[u8])> {
    let (&pick, body) = data.split_first()?;
    Some((TYPES[usize::from(pick) % TYPES.len()], body))
}

/// Our reading of `body` as a message of type `t`: `None` when we refuse it. Never panics.
pub fn ours(t: u16, body: &[u8]) -> Option<Common> {
    let m = Message::new(MessageType(t), Flags::EMPTY, body.to_vec());
    Some(match Event::from_message(&m).ok()? {
        Event::NewLink(l) => Common::Link {
            family: body.first().copied().unwrap_or(0),
            link_type: l.link_type.0,
            index: l.index,
            flags: l.flags.0,
            // Ours reads an absent IFLA_IFNAME as the empty name.
            name: Some(l.name).filter(|n| !n.is_empty()),
            mtu: l.mtu,
            master: l.master,
            txqlen: l.txqlen,
        },
        Event::NewAddress(a) => Common::Address {
            family: a.family.0,
            prefix_len: a.prefix_len,
            scope: a.scope.0,
            index: a.index,
            address: a.address,
            local: a.local,
            label: a.label,
        },
        Event::NewRoute(r) => Common::Route {
            family: r.family.0,
            dst_len: body.get(1).copied().unwrap_or(0),
            src_len: body.get(2).copied().unwrap_or(0),
            tos: r.tos,
            table: r.table.0,
            protocol: r.protocol.0,
            scope: r.scope.0,
            route_type: r.route_type.0,
            dst: r.dst.map(|p| p.addr),
            oif: r.oif,
            gateway: r.gateway,
            priority: r.metric,
        },
        Event::NewNeighbour(n) => Common::Neighbour {
            family: n.family.0,
            index: n.index,
            state: n.state.0,
            flags: n.flags.0,
            neigh_type: n.neigh_type.0,
            destination: n.destination,
            lladdr: n.lladdr,
        },
        Event::NewRule(r) => Common::Rule {
            family: r.family.0,
            dst_len: r.dst.map_or(body.get(1).copied().unwrap_or(0), |d| d.1),
            src_len: r.src.map_or(body.get(2).copied().unwrap_or(0), |s| s.1),
            tos: r.tos,
            table: r.table.0,
            action: r.action.0,
            flags: r.flags.0,
            priority: r.priority,
            fwmark: r.fwmark,
            iifname: r.iifname,
            oifname: r.oifname,
        },
        _ => return None,
    })
}

/// A string as C code reads it: up to the first NUL. The kernel copies a string attribute with
/// `nla_strscpy` and uses it as a C string; netlink-packet-route strips one trailing NUL only.
fn c_str(s: &str) -> String {
    s.split('\0').next().unwrap_or_default().to_owned()
}

/// The first attribute of `$attrs` that matches `$pat`, as `$val`: where ours reads an attribute
/// (the first of its kind).
macro_rules! first {
    ($attrs:expr, $pat:pat => $val:expr) => {
        $attrs.iter().find_map(|x| match x {
            $pat => Some($val),
            _ => None,
        })
    };
}

fn ip_of_route(a: &RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(v4) => Some(IpAddr::V4(*v4)),
        RouteAddress::Inet6(v6) => Some(IpAddr::V6(*v6)),
        _ => None,
    }
}

/// netlink-packet-route's reading of the same message: `None` when it refuses it.
pub fn theirs(t: u16, body: &[u8]) -> Option<Common> {
    let mut bytes = Vec::with_capacity(16 + body.len());
    let len = u32::try_from(16 + body.len()).ok()?;
    bytes.extend_from_slice(&len.to_ne_bytes());
    bytes.extend_from_slice(&t.to_ne_bytes());
    bytes.extend_from_slice(&[0; 10]);
    bytes.extend_from_slice(body);
    let msg = NetlinkMessage::<RouteNetlinkMessage>::deserialize(&bytes).ok()?;
    let NetlinkPayload::InnerMessage(inner) = msg.payload else {
        return None;
    };
    Some(match inner {
        RouteNetlinkMessage::NewLink(l) => {
            let a = &l.attributes;
            Common::Link {
                family: u8::from(l.header.interface_family),
                link_type: u16::from(l.header.link_layer_type),
                index: l.header.index,
                flags: l.header.flags.bits(),
                // The facade folds an absent and an empty IFLA_IFNAME into "".
                name: first!(a, LinkAttribute::IfName(n) => c_str(n)).filter(|n| !n.is_empty()),
                mtu: first!(a, LinkAttribute::Mtu(v) => *v),
                master: first!(a, LinkAttribute::Controller(v) => *v),
                txqlen: first!(a, LinkAttribute::TxQueueLen(v) => *v),
            }
        }
        RouteNetlinkMessage::NewAddress(m) => {
            let a = &m.attributes;
            Common::Address {
                family: u8::from(m.header.family),
                prefix_len: m.header.prefix_len,
                scope: u8::from(m.header.scope),
                index: m.header.index,
                address: first!(a, AddressAttribute::Address(v) => *v),
                local: first!(a, AddressAttribute::Local(v) => *v),
                label: first!(a, AddressAttribute::Label(v) => c_str(v)),
            }
        }
        RouteNetlinkMessage::NewRoute(m) => {
            let a = &m.attributes;
            let h = &m.header;
            Common::Route {
                family: u8::from(h.address_family),
                dst_len: h.destination_prefix_length,
                src_len: h.source_prefix_length,
                tos: h.tos,
                table: first!(a, RouteAttribute::Table(v) => *v).unwrap_or(u32::from(h.table)),
                protocol: u8::from(h.protocol),
                scope: u8::from(h.scope),
                route_type: u8::from(h.kind),
                dst: a.iter().find_map(|x| match x {
                    RouteAttribute::Destination(v) => ip_of_route(v),
                    _ => None,
                }),
                oif: first!(a, RouteAttribute::Oif(v) => *v),
                gateway: a.iter().find_map(|x| match x {
                    RouteAttribute::Gateway(v) => ip_of_route(v),
                    _ => None,
                }),
                priority: first!(a, RouteAttribute::Priority(v) => *v),
            }
        }
        RouteNetlinkMessage::NewNeighbour(m) => {
            let a = &m.attributes;
            let h = &m.header;
            Common::Neighbour {
                family: u8::from(h.family),
                index: h.ifindex,
                state: u16::from(h.state),
                flags: h.flags.bits(),
                neigh_type: u8::from(h.kind),
                destination: a.iter().find_map(|x| match x {
                    NeighbourAttribute::Destination(NeighbourAddress::Inet(v)) => {
                        Some(IpAddr::V4(*v))
                    }
                    NeighbourAttribute::Destination(NeighbourAddress::Inet6(v)) => {
                        Some(IpAddr::V6(*v))
                    }
                    _ => None,
                }),
                lladdr: first!(a, NeighbourAttribute::LinkLayerAddress(v) => v.clone()),
            }
        }
        RouteNetlinkMessage::NewRule(m) => {
            let a = &m.attributes;
            let h = &m.header;
            Common::Rule {
                family: u8::from(h.family),
                dst_len: h.dst_len,
                src_len: h.src_len,
                tos: h.tos,
                table: first!(a, RuleAttribute::Table(v) => *v).unwrap_or(u32::from(h.table)),
                action: u8::from(h.action),
                flags: h.flags.bits(),
                // The facade reads an absent FRA_PRIORITY as 0, the kernel's default.
                priority: first!(a, RuleAttribute::Priority(v) => *v).unwrap_or(0),
                fwmark: first!(a, RuleAttribute::FwMark(v) => *v),
                iifname: first!(a, RuleAttribute::Iifname(v) => c_str(v)),
                oifname: first!(a, RuleAttribute::Oifname(v) => c_str(v)),
            }
        }
        _ => return None,
    })
}

/// The target: ours never panics; where both accept `data`, the common fields are equal.
pub fn differential(data: &[u8]) {
    let Some((t, body)) = split(data) else {
        return;
    };
    let a = ours(t, body);
    let Ok(b) = std::panic::catch_unwind(|| theirs(t, body)) else {
        // A panic inside netlink-packet-route is theirs to fix, not a disagreement.
        return;
    };
    if let (Some(a), Some(b)) = (a, b) {
        let (mut a, b) = (a.normalised(), b.normalised());
        // netlink-packet-route reads an `ifi_type` it does not list as ARPHRD_VOID (0xffff),
        // by design ("we do not add `Other(u16)`"); ours keeps the number.
        if let (
            Common::Link {
                link_type: ours, ..
            },
            Common::Link {
                link_type: 0xffff, ..
            },
        ) = (&mut a, &b)
        {
            *ours = 0xffff;
        }
        assert_eq!(
            a, b,
            "type {t}: ours (left) and netlink-packet-route (right) disagree"
        );
    }
}
