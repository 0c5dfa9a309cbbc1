//! The MPTCP path manager (`"mptcp_pm"`): endpoints (`ip mptcp endpoint`), limits
//! (`ip mptcp limits`), and the events of the `mptcp_pm_events` group (`ip mptcp monitor`).
//!
//! Commands and their replies use one attribute space ([`MptcpPmA`], addresses nested as
//! [`MptcpPmAddrA`]); events use another ([`MptcpAttrA`]) and are numbered by event type, which
//! overlaps the command numbers. The check walk tells them apart the way the kernel sends them:
//! an event is a message from the kernel with sequence number 0 that is not part of a dump.
//!
//! Source of truth: `include/uapi/linux/mptcp.h` (Linux 6.1) and
//! `Documentation/netlink/specs/mptcp_pm.yaml`.

use crate::error::Result;
use crate::message::Msg;

/// `MPTCP_PM_NAME`.
pub const NAME: &str = "mptcp_pm";
/// `MPTCP_PM_VER`.
pub const VERSION: u8 = 1;
/// `MPTCP_PM_CMD_GRP_NAME`.
pub const MCGRP_CMDS: &str = "mptcp_pm_cmds";
/// `MPTCP_PM_EV_GRP_NAME`: the group of the connection and subflow events.
pub const MCGRP_EVENTS: &str = "mptcp_pm_events";

genl_family!(
    NAME,
    VERSION,
    [MCGRP_CMDS, MCGRP_EVENTS],
    MptcpPmCmd,
    events MptcpEvent
);

/// Whether `m` is an event of the `mptcp_pm_events` group rather than a reply: sent by the
/// kernel, sequence number 0, not part of a dump.
#[must_use]
pub fn is_event(m: &Msg<'_>) -> bool {
    crate::genl::is_event(m)
}

flags! {
    /// `MPTCP_PM_ADDR_FLAG_*`: what an endpoint is used for, as `ip mptcp` names it.
    EndpointFlags(u32);
    /// Announce the address to peers (`ADD_ADDR`).
    SIGNAL = 0x1, "MPTCP_PM_ADDR_FLAG_SIGNAL", "signal";
    /// Open subflows from the address.
    SUBFLOW = 0x2, "MPTCP_PM_ADDR_FLAG_SUBFLOW", "subflow";
    /// Subflows from it are backups.
    BACKUP = 0x4, "MPTCP_PM_ADDR_FLAG_BACKUP", "backup";
    /// A subflow to every address the peer announced.
    FULLMESH = 0x8, "MPTCP_PM_ADDR_FLAG_FULLMESH", "fullmesh";
    /// Created by the kernel, not configured.
    IMPLICIT = 0x10, "MPTCP_PM_ADDR_FLAG_IMPLICIT", "implicit";
}

flags! {
    /// `MPTCP_PM_EV_FLAG_*` (`MPTCP_ATTR_FLAGS` of an event).
    EventFlags(u16);
    /// The peer refuses joins to its initial address.
    DENY_JOIN_ID0 = 0x1, "MPTCP_PM_EV_FLAG_DENY_JOIN_ID0", "deny_join_id0";
}

attributes! {
    /// An address: an endpoint's, or one given to a command.
    view MptcpAddrView;
    /// `MPTCP_PM_ADDR_ATTR_*`.
    numbers MptcpPmAddrA;
    /// A typed address attribute.
    enum MptcpPmAddrAttr<'a>;
    /// `AF_INET` or `AF_INET6`.
    FAMILY = 1, "MPTCP_PM_ADDR_ATTR_FAMILY", Family(u16), family;
    /// The endpoint's id.
    ID = 2, "MPTCP_PM_ADDR_ATTR_ID", Id(u8), id;
    /// An IPv4 address.
    ADDR4 = 3, "MPTCP_PM_ADDR_ATTR_ADDR4", Addr4(ip), addr4;
    /// An IPv6 address.
    ADDR6 = 4, "MPTCP_PM_ADDR_ATTR_ADDR6", Addr6(ip), addr6;
    /// The port (host order).
    PORT = 5, "MPTCP_PM_ADDR_ATTR_PORT", Port(u16), port;
    /// What the endpoint is for.
    FLAGS = 6, "MPTCP_PM_ADDR_ATTR_FLAGS", Flags(val EndpointFlags), flags;
    /// The interface its subflows use.
    IF_IDX = 7, "MPTCP_PM_ADDR_ATTR_IF_IDX", IfIdx(i32), if_idx;
}

impl MptcpAddrView<'_> {
    /// The address, IPv4 or IPv6, whichever is present.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn addr(&self) -> Result<Option<core::net::IpAddr>> {
        Ok(match self.addr4()? {
            Some(a) => Some(a),
            None => self.addr6()?,
        })
    }
}

attributes! {
    /// A path manager command or its reply.
    view MptcpPmView;
    /// `MPTCP_PM_ATTR_*`.
    numbers MptcpPmA;
    /// A typed path manager attribute.
    enum MptcpPmAttr<'a>;
    /// The (local) address or endpoint.
    ADDR = 1, "MPTCP_PM_ATTR_ADDR", Addr(nest MptcpPmAddrA), addr;
    /// The most `ADD_ADDR`s accepted per connection.
    RCV_ADD_ADDRS = 2, "MPTCP_PM_ATTR_RCV_ADD_ADDRS", RcvAddAddrs(u32), rcv_add_addrs;
    /// The most subflows per connection.
    SUBFLOWS = 3, "MPTCP_PM_ATTR_SUBFLOWS", Subflows(u32), subflows;
    /// The connection (user-space path manager).
    TOKEN = 4, "MPTCP_PM_ATTR_TOKEN", Token(u32), token;
    /// The local endpoint id (user-space path manager).
    LOC_ID = 5, "MPTCP_PM_ATTR_LOC_ID", LocId(u8), loc_id;
    /// The remote address (user-space path manager).
    ADDR_REMOTE = 6, "MPTCP_PM_ATTR_ADDR_REMOTE", AddrRemote(nest MptcpPmAddrA), addr_remote;
}

attributes! {
    /// An event of the `mptcp_pm_events` group.
    view MptcpEventView;
    /// `MPTCP_ATTR_*`.
    numbers MptcpAttrA;
    /// A typed event attribute.
    enum MptcpEventAttr<'a>;
    /// The connection.
    TOKEN = 1, "MPTCP_ATTR_TOKEN", Token(u32), token;
    /// `AF_INET` or `AF_INET6`.
    FAMILY = 2, "MPTCP_ATTR_FAMILY", Family(u16), family;
    /// The local address id.
    LOC_ID = 3, "MPTCP_ATTR_LOC_ID", LocId(u8), loc_id;
    /// The remote address id.
    REM_ID = 4, "MPTCP_ATTR_REM_ID", RemId(u8), rem_id;
    /// The IPv4 source.
    SADDR4 = 5, "MPTCP_ATTR_SADDR4", Saddr4(ip), saddr4;
    /// The IPv6 source.
    SADDR6 = 6, "MPTCP_ATTR_SADDR6", Saddr6(ip), saddr6;
    /// The IPv4 destination.
    DADDR4 = 7, "MPTCP_ATTR_DADDR4", Daddr4(ip), daddr4;
    /// The IPv6 destination.
    DADDR6 = 8, "MPTCP_ATTR_DADDR6", Daddr6(ip), daddr6;
    /// The source port.
    SPORT = 9, "MPTCP_ATTR_SPORT", Sport(be16), sport;
    /// The destination port.
    DPORT = 10, "MPTCP_ATTR_DPORT", Dport(be16), dport;
    /// Whether the subflow is a backup.
    BACKUP = 11, "MPTCP_ATTR_BACKUP", Backup(u8), backup;
    /// The subflow's error (`sk_err`).
    ERROR = 12, "MPTCP_ATTR_ERROR", Error(u8), error;
    /// Event flags.
    FLAGS = 13, "MPTCP_ATTR_FLAGS", Flags(val EventFlags), flags;
    /// The timeout.
    TIMEOUT = 14, "MPTCP_ATTR_TIMEOUT", Timeout(u32), timeout;
    /// The interface.
    IF_IDX = 15, "MPTCP_ATTR_IF_IDX", IfIdx(i32), if_idx;
    /// The reset reason (`MPTCP_RST_*`).
    RESET_REASON = 16, "MPTCP_ATTR_RESET_REASON", ResetReason(u32), reset_reason;
    /// The reset flags.
    RESET_FLAGS = 17, "MPTCP_ATTR_RESET_FLAGS", ResetFlags(u32), reset_flags;
    /// Whether this side is the server.
    SERVER_SIDE = 18, "MPTCP_ATTR_SERVER_SIDE", ServerSide(u8), server_side;
}

genl_messages! {
    /// `MPTCP_PM_CMD_*`: the path manager's commands; replies carry the command they answer
    /// (a dump's entries are `GET_ADDR`, `ADD_ADDR` before Linux 6.7).
    commands MptcpPmCmd;
    /// A path manager request or reply, typed by command.
    enum MptcpPmMessage<'a>;
    ADD_ADDR = 1, "MPTCP_PM_CMD_ADD_ADDR", "add-addr", AddAddr(MptcpPmView, MptcpPmA);
    DEL_ADDR = 2, "MPTCP_PM_CMD_DEL_ADDR", "del-addr", DelAddr(MptcpPmView, MptcpPmA);
    GET_ADDR = 3, "MPTCP_PM_CMD_GET_ADDR", "get-addr", GetAddr(MptcpPmView, MptcpPmA);
    FLUSH_ADDRS = 4, "MPTCP_PM_CMD_FLUSH_ADDRS", "flush-addrs", FlushAddrs(MptcpPmView, MptcpPmA);
    SET_LIMITS = 5, "MPTCP_PM_CMD_SET_LIMITS", "set-limits", SetLimits(MptcpPmView, MptcpPmA);
    GET_LIMITS = 6, "MPTCP_PM_CMD_GET_LIMITS", "get-limits", GetLimits(MptcpPmView, MptcpPmA);
    SET_FLAGS = 7, "MPTCP_PM_CMD_SET_FLAGS", "set-flags", SetFlags(MptcpPmView, MptcpPmA);
    ANNOUNCE = 8, "MPTCP_PM_CMD_ANNOUNCE", "announce", Announce(MptcpPmView, MptcpPmA);
    REMOVE = 9, "MPTCP_PM_CMD_REMOVE", "remove", Remove(MptcpPmView, MptcpPmA);
    SUBFLOW_CREATE = 10, "MPTCP_PM_CMD_SUBFLOW_CREATE", "subflow-create", SubflowCreate(MptcpPmView, MptcpPmA);
    SUBFLOW_DESTROY = 11, "MPTCP_PM_CMD_SUBFLOW_DESTROY", "subflow-destroy", SubflowDestroy(MptcpPmView, MptcpPmA);
}

genl_messages! {
    /// `MPTCP_EVENT_*`: the events of the `mptcp_pm_events` group, as `ip mptcp monitor`
    /// names them.
    commands MptcpEvent;
    /// An event, typed.
    enum MptcpEventMessage<'a>;
    CREATED = 1, "MPTCP_EVENT_CREATED", "CREATED", Created(MptcpEventView, MptcpAttrA);
    ESTABLISHED = 2, "MPTCP_EVENT_ESTABLISHED", "ESTABLISHED", Established(MptcpEventView, MptcpAttrA);
    CLOSED = 3, "MPTCP_EVENT_CLOSED", "CLOSED", Closed(MptcpEventView, MptcpAttrA);
    ANNOUNCED = 6, "MPTCP_EVENT_ANNOUNCED", "ANNOUNCED", Announced(MptcpEventView, MptcpAttrA);
    REMOVED = 7, "MPTCP_EVENT_REMOVED", "REMOVED", Removed(MptcpEventView, MptcpAttrA);
    SUB_ESTABLISHED = 10, "MPTCP_EVENT_SUB_ESTABLISHED", "SF_ESTABLISHED", SubEstablished(MptcpEventView, MptcpAttrA);
    SUB_CLOSED = 11, "MPTCP_EVENT_SUB_CLOSED", "SF_CLOSED", SubClosed(MptcpEventView, MptcpAttrA);
    SUB_PRIORITY = 13, "MPTCP_EVENT_SUB_PRIORITY", "SF_PRIO", SubPriority(MptcpEventView, MptcpAttrA);
    /// A listening socket was created (Linux 6.2, `mptcp_pm.yaml`).
    LISTENER_CREATED = 15, "MPTCP_EVENT_LISTENER_CREATED", "LISTENER_CREATED", ListenerCreated(MptcpEventView, MptcpAttrA);
    /// A listening socket was closed (Linux 6.2, `mptcp_pm.yaml`).
    LISTENER_CLOSED = 16, "MPTCP_EVENT_LISTENER_CLOSED", "LISTENER_CLOSED", ListenerClosed(MptcpEventView, MptcpAttrA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::testing::{assert_exact, capture_ids, captured};
    use crate::header::Flags;
    use crate::message::Messages;
    use core::net::IpAddr;

    #[test]
    fn the_captured_endpoint_dump_and_limits_decode() {
        // testdata/genl_mptcp.bin: the endpoint dump after `ip mptcp endpoint add` of three
        // endpoints, then GET_LIMITS after `ip mptcp limits set subflow 3 add_addr_accepted 4`.
        let bytes = captured("genl_mptcp.bin");
        let mut endpoints = Vec::new();
        let mut limits = None;
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type().is_control() {
                continue;
            }
            assert!(!is_event(&m) || m.flags().contains(Flags::MULTI));
            match MptcpPmMessage::parse(m).unwrap() {
                // The dump's entries: 6.18 answers with GET_ADDR, older kernels with ADD_ADDR.
                MptcpPmMessage::GetAddr(v) | MptcpPmMessage::AddAddr(v) => {
                    let a = MptcpAddrView::from(v.addr().unwrap().unwrap());
                    endpoints.push((
                        a.addr().unwrap().unwrap(),
                        a.id().unwrap().unwrap(),
                        a.flags().unwrap().unwrap_or_default(),
                        a.port().unwrap(),
                    ));
                }
                MptcpPmMessage::GetLimits(v) => {
                    limits = Some((v.subflows().unwrap(), v.rcv_add_addrs().unwrap()));
                }
                other => panic!("{other:?}"),
            }
        }
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            endpoints,
            [
                (ip("192.0.2.1"), 5, EndpointFlags::SIGNAL, Some(0)),
                (
                    ip("2001:db8::1"),
                    6,
                    EndpointFlags::SIGNAL | EndpointFlags::BACKUP,
                    Some(8080)
                ),
                (
                    ip("192.0.2.7"),
                    7,
                    EndpointFlags::SUBFLOW | EndpointFlags::FULLMESH,
                    Some(0)
                ),
            ]
        );
        assert_eq!(limits, Some((Some(3), Some(4))));
        assert_exact(&bytes, &capture_ids(), 1);
    }

    #[test]
    fn the_captured_events_decode() {
        // testdata/genl_mptcp_events.bin: the events group during one local MPTCP connection.
        let bytes = captured("genl_mptcp_events.bin");
        let mut kinds = Vec::new();
        let mut ports = Vec::new();
        for m in Messages::new(&bytes).map(Result::unwrap) {
            assert!(is_event(&m));
            let e = MptcpEventMessage::parse(m).unwrap();
            kinds.push(e.cmd());
            if let MptcpEventMessage::Created(v) = e {
                assert!(v.token().unwrap().is_some());
                assert_eq!(v.family().unwrap(), Some(2));
                assert_eq!(v.daddr4().unwrap(), Some("192.0.2.1".parse().unwrap()));
                ports.push((v.sport().unwrap().unwrap(), v.dport().unwrap().unwrap()));
            }
        }
        // Both ends of the connection report it: one towards port 9001, one from it.
        assert!(ports.iter().any(|p| p.1 == 9001), "{ports:?}");
        assert!(ports.iter().any(|p| p.0 == 9001), "{ports:?}");
        for want in [
            MptcpEvent::CREATED,
            MptcpEvent::ESTABLISHED,
            MptcpEvent::CLOSED,
        ] {
            assert!(kinds.contains(&want), "{want:?} not in {kinds:?}");
        }
        assert_exact(&bytes, &capture_ids(), 1);
    }
}
