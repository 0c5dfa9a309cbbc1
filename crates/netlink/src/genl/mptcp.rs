//! MPTCP path manager over netlink (`ip mptcp`): endpoints, limits and events, as owned types
//! that print the way `ip mptcp` prints them.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//! use netlink::genl::mptcp::MptcpEndpoint;
//! use netlink::netlink_wire::genl::mptcp::EndpointFlags;
//!
//! let genl = GenlConnection::new()?;
//! // ip mptcp endpoint add 192.0.2.1 id 5 signal
//! genl.add_mptcp_endpoint(
//!     &MptcpEndpoint::new("192.0.2.1".parse().unwrap()).id(5).flags(EndpointFlags::SIGNAL),
//! )?;
//! for ep in genl.mptcp_endpoints()? {
//!     println!("{ep}"); // 192.0.2.1 id 5 signal
//! }
//! # Ok::<(), netlink::Error>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::mptcp::{
    self as wire, EndpointFlags, EventFlags, MptcpAddrView, MptcpEvent, MptcpEventView, MptcpPmA,
    MptcpPmAddrA, MptcpPmCmd, MptcpPmView,
};
use netlink_wire::{AttrBuilder, AttrWrite};

use crate::error::{Errno, Error, Result};
use crate::genl::{GenlConnection, GenlObject, GenlRequest, attrs};

/// `AF_INET` and `AF_INET6` as `MPTCP_PM_ADDR_ATTR_FAMILY` carries them.
const AF_INET: u16 = 2;
const AF_INET6: u16 = 10;

settable! {
    /// An MPTCP endpoint (`ip mptcp endpoint`): an address the path manager uses, and how.
    ///
    /// `Display` prints it as `ip mptcp endpoint show` does (`192.0.2.1 id 5 signal dev eth0 `),
    /// with [`MptcpEndpoint::ifname`] for `dev` when it is filled in, else the index.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MptcpEndpoint {
        /// The address.
        fixed addr: IpAddr,
        /// The endpoint's id (0: let the kernel choose, when adding).
        id: u8,
        /// The port (`None` or 0: none).
        port: Option<u16>,
        /// What it is for.
        flags: EndpointFlags,
        /// The interface its subflows use.
        ifindex: Option<u32>,
        /// The interface's name, for printing; the kernel sends the index only.
        fixed ifname: Option<String>,
    }
}

impl MptcpEndpoint {
    /// An endpoint for `addr` with no flags, id or port.
    #[must_use]
    pub fn new(addr: IpAddr) -> Self {
        MptcpEndpoint {
            addr,
            id: 0,
            port: None,
            flags: EndpointFlags::EMPTY,
            ifindex: None,
            ifname: None,
        }
    }

    /// Reads an address nest.
    ///
    /// # Errors
    /// A malformed attribute; no address.
    pub fn from_view(v: &MptcpAddrView<'_>) -> Result<MptcpEndpoint> {
        v.validate()?;
        Ok(MptcpEndpoint {
            addr: v.addr()?.ok_or(Error::MalformedReply(
                "an MPTCP endpoint without an address",
            ))?,
            id: v.id()?.unwrap_or(0),
            port: v.port()?,
            flags: v.flags()?.unwrap_or_default(),
            ifindex: v
                .if_idx()?
                .and_then(|i| u32::try_from(i).ok())
                .filter(|i| *i != 0),
            ifname: None,
        })
    }

    /// Writes the endpoint as attribute `kind` (`MPTCP_PM_ATTR_ADDR`), as `ip mptcp` does.
    pub fn write<W: AttrWrite>(&self, w: &mut W, kind: u16) {
        let mut n = w.nest(kind | NLA_F_NESTED);
        match self.addr {
            IpAddr::V4(a) => {
                n.put_u16(MptcpPmAddrA::FAMILY, AF_INET);
                n.put_ipv4(MptcpPmAddrA::ADDR4, a);
            }
            IpAddr::V6(a) => {
                n.put_u16(MptcpPmAddrA::FAMILY, AF_INET6);
                n.put_ipv6(MptcpPmAddrA::ADDR6, a);
            }
        }
        if self.id != 0 {
            n.put_u8(MptcpPmAddrA::ID, self.id);
        }
        if let Some(p) = self.port.filter(|p| *p != 0) {
            n.put_u16(MptcpPmAddrA::PORT, p);
        }
        if !self.flags.is_empty() {
            n.put_u32(MptcpPmAddrA::FLAGS, self.flags.bits());
        }
        if let Some(i) = self.ifindex {
            n.put_i32(MptcpPmAddrA::IF_IDX, i32::try_from(i).unwrap_or(0));
        }
    }
}

impl fmt::Display for MptcpEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.addr)?;
        if let Some(p) = self.port.filter(|p| *p != 0) {
            write!(f, "port {p} ")?;
        }
        write!(f, "id {} ", self.id)?;
        for n in self.flags.short_names() {
            write!(f, "{n} ")?;
        }
        if self.flags.unknown_bits() != 0 {
            write!(f, "flags {:x} ", self.flags.unknown_bits())?;
        }
        match (&self.ifname, self.ifindex) {
            (Some(n), _) => write!(f, "dev {n} ")?,
            (None, Some(i)) => write!(f, "dev {i} ")?,
            (None, None) => {}
        }
        Ok(())
    }
}

impl GenlObject for MptcpEndpoint {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = MptcpPmCmd::GET_ADDR.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = MptcpPmView::new(msg.attrs());
        let addr = v.addr()?.ok_or(Error::MalformedReply(
            "an MPTCP reply without MPTCP_PM_ATTR_ADDR",
        ))?;
        MptcpEndpoint::from_view(&MptcpAddrView::from(addr))
    }
}

settable! {
    /// The path manager's limits (`ip mptcp limits`); `Display` prints them as it does.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct MptcpLimits {
        /// The most subflows per connection.
        subflows: Option<u32>,
        /// The most `ADD_ADDR`s accepted per connection.
        add_addr_accepted: Option<u32>,
    }
}

impl fmt::Display for MptcpLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = self.add_addr_accepted {
            write!(f, "add_addr_accepted {a} ")?;
        }
        if let Some(s) = self.subflows {
            write!(f, "subflows {s} ")?;
        }
        Ok(())
    }
}

impl GenlObject for MptcpLimits {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = MptcpPmCmd::GET_LIMITS.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = MptcpPmView::new(msg.attrs());
        v.validate()?;
        Ok(MptcpLimits {
            subflows: v.subflows()?,
            add_addr_accepted: v.rcv_add_addrs()?,
        })
    }
}

impl GenlRequest for MptcpLimits {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const CMD: u8 = MptcpPmCmd::SET_LIMITS.0;

    fn write(&self, w: &mut AttrBuilder<'_>) {
        if let Some(a) = self.add_addr_accepted {
            w.put_u32(MptcpPmA::RCV_ADD_ADDRS, a);
        }
        if let Some(s) = self.subflows {
            w.put_u32(MptcpPmA::SUBFLOWS, s);
        }
    }
}

/// An event of the `mptcp_pm_events` group (`ip mptcp monitor`), owned; `Display` prints it
/// as `ip mptcp monitor` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MptcpEventData {
    /// What happened.
    pub kind: MptcpEvent,
    /// The connection.
    pub token: Option<u32>,
    /// `AF_INET` or `AF_INET6`.
    pub family: Option<u16>,
    /// The local address id.
    pub loc_id: Option<u8>,
    /// The remote address id.
    pub rem_id: Option<u8>,
    /// The source address.
    pub saddr: Option<IpAddr>,
    /// The destination address.
    pub daddr: Option<IpAddr>,
    /// The source port.
    pub sport: Option<u16>,
    /// The destination port.
    pub dport: Option<u16>,
    /// Whether the subflow is a backup.
    pub backup: Option<u8>,
    /// The subflow's error.
    pub error: Option<u8>,
    /// Event flags.
    pub flags: Option<EventFlags>,
    /// The timeout.
    pub timeout: Option<u32>,
    /// The interface.
    pub ifindex: Option<i32>,
    /// The reset reason.
    pub reset_reason: Option<u32>,
    /// The reset flags.
    pub reset_flags: Option<u32>,
    /// Whether this side is the server.
    pub server_side: Option<u8>,
}

impl MptcpEventData {
    /// Reads an event.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn from_genl(msg: &GenlMsg<'_>) -> Result<MptcpEventData> {
        let v = MptcpEventView::new(msg.attrs());
        v.validate()?;
        Ok(MptcpEventData {
            kind: MptcpEvent(msg.cmd()),
            token: v.token()?,
            family: v.family()?,
            loc_id: v.loc_id()?,
            rem_id: v.rem_id()?,
            saddr: v.saddr4()?.or(v.saddr6()?),
            daddr: v.daddr4()?.or(v.daddr6()?),
            sport: v.sport()?,
            dport: v.dport()?,
            backup: v.backup()?,
            error: v.error()?,
            flags: v.flags()?,
            timeout: v.timeout()?,
            ifindex: v.if_idx()?,
            reset_reason: v.reset_reason()?,
            reset_flags: v.reset_flags()?,
            server_side: v.server_side()?,
        })
    }
}

impl fmt::Display for MptcpEventData {
    /// As `ip mptcp monitor` (iproute2 6.1) prints it, one line without its newline; an event
    /// this crate does not name prints as `[UNKNOWN 15]` alone, as `ip` prints those.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(name) = self.kind.short_name() else {
            return write!(f, "[UNKNOWN {}]", self.kind.0);
        };
        write!(f, "[{name:>14}]")?;
        if let Some(t) = self.token {
            write!(f, " token={t:08x}")?;
        }
        if let Some(r) = self.rem_id {
            write!(f, " remid={r}")?;
        }
        if let Some(l) = self.loc_id {
            write!(f, " locid={l}")?;
        }
        for (name, addr) in [("saddr", self.saddr), ("daddr", self.daddr)] {
            match addr {
                Some(IpAddr::V4(a)) => write!(f, " {name}4={a}")?,
                Some(IpAddr::V6(a)) => write!(f, " {name}6={a}")?,
                None => {}
            }
        }
        if let Some(p) = self.sport {
            write!(f, " sport={p}")?;
        }
        if let Some(p) = self.dport {
            write!(f, " dport={p}")?;
        }
        if let Some(b) = self.backup {
            write!(f, " backup={b}")?;
        }
        if let Some(e) = self.error {
            write!(f, " error={e}")?;
        }
        if let Some(x) = self.flags {
            write!(f, " flags={:x}", x.bits())?;
        }
        if let Some(t) = self.timeout {
            write!(f, " timeout={t}")?;
        }
        if let Some(i) = self.ifindex {
            write!(f, " ifindex={i}")?;
        }
        if let Some(r) = self.reset_reason {
            write!(f, " reset_reason={r}")?;
        }
        if let Some(r) = self.reset_flags {
            write!(f, " reset_flags={r:#x}")?;
        }
        Ok(())
    }
}

impl GenlConnection {
    fn mptcp_change(&self, cmd: MptcpPmCmd, endpoint: &MptcpEndpoint) -> Result<()> {
        let body = attrs(|w| endpoint.write(w, MptcpPmA::ADDR.0))?;
        self.execute(&wire::FAMILY, cmd.0, &body).map(drop)
    }

    /// Every MPTCP endpoint (`ip mptcp endpoint show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn mptcp_endpoints(&self) -> Result<Vec<MptcpEndpoint>> {
        self.list_objects::<MptcpEndpoint>(&[])
    }

    /// The endpoint with id `id` (`ip mptcp endpoint show id ID`), or `None`.
    ///
    /// # Errors
    /// Any kernel error but "not found"; a malformed reply.
    pub fn mptcp_endpoint(&self, id: u8) -> Result<Option<MptcpEndpoint>> {
        let body = attrs(|w| {
            let mut n = w.nest(MptcpPmA::ADDR.0 | NLA_F_NESTED);
            n.put_u8(MptcpPmAddrA::ID, id);
        })?;
        match self.get_object::<MptcpEndpoint>(&body) {
            // The kernel answers a missing id with EINVAL ("address not found").
            Err(Error::Kernel(k)) if k.errno == Errno::INVAL => Ok(None),
            other => other,
        }
    }

    /// Adds an endpoint (`ip mptcp endpoint add`).
    ///
    /// # Errors
    /// The kernel's error (`EINVAL` for a duplicate address or id).
    pub fn add_mptcp_endpoint(&self, endpoint: &MptcpEndpoint) -> Result<()> {
        self.mptcp_change(MptcpPmCmd::ADD_ADDR, endpoint)
    }

    /// Deletes the endpoint with id `id` (`ip mptcp endpoint delete id ID`).
    ///
    /// # Errors
    /// The kernel's error (`EINVAL` when there is none).
    pub fn delete_mptcp_endpoint(&self, id: u8) -> Result<()> {
        let body = attrs(|w| {
            let mut n = w.nest(MptcpPmA::ADDR.0 | NLA_F_NESTED);
            n.put_u8(MptcpPmAddrA::ID, id);
        })?;
        self.execute(&wire::FAMILY, MptcpPmCmd::DEL_ADDR.0, &body)
            .map(drop)
    }

    /// Changes the flags of an endpoint, found by its id or address (`ip mptcp endpoint
    /// change id ID backup`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_mptcp_endpoint_flags(&self, endpoint: &MptcpEndpoint) -> Result<()> {
        self.mptcp_change(MptcpPmCmd::SET_FLAGS, endpoint)
    }

    /// Deletes every endpoint (`ip mptcp endpoint flush`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn flush_mptcp_endpoints(&self) -> Result<()> {
        self.execute(&wire::FAMILY, MptcpPmCmd::FLUSH_ADDRS.0, &[])
            .map(drop)
    }

    /// The path manager's limits (`ip mptcp limits show`).
    ///
    /// # Errors
    /// The kernel's error; a malformed reply.
    pub fn mptcp_limits(&self) -> Result<MptcpLimits> {
        self.fetch_object::<MptcpLimits>(&[])
    }

    /// Sets the limits that are `Some` (`ip mptcp limits set`).
    ///
    /// # Errors
    /// The kernel's error (`EINVAL` above the kernel's maximum, 8).
    pub fn set_mptcp_limits(&self, limits: &MptcpLimits) -> Result<()> {
        self.apply(limits).map(drop)
    }
}
