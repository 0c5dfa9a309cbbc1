//! IPsec over `NETLINK_XFRM` (`ip xfrm`): [`XfrmConnection`] opens the protocol on the same
//! engine as every other connection, and the object layer's generic operations do the rest.
//! Policies ([`XfrmPolicy`]) and SAs ([`XfrmState`]) are [`Object`]s; what adds, changes,
//! deletes or flushes them are [`Request`]s; the counts are one request each; events decode
//! with [`XfrmEvent::from_message`].
//!
//! The requests are written as `ip xfrm` 6.1 writes them (its header fields, then its
//! attributes in its order), so that its captured requests are an exact oracle where this
//! kernel lacks a cipher.

use std::net::IpAddr;

use netlink_wire::xfrm::{
    AlgName, NoHeader, PolicyAction, PolicyDir, PolicyFlags, PolicyIdMsg, PolicyMsg, PolicyType,
    SaExtraFlags, SaFlags, SaIdMsg, SaMsg, SadInfoMsg, SpdInfoMsg, XFRM_MSG_ALLOCSPI,
    XFRM_MSG_DELPOLICY, XFRM_MSG_DELSA, XFRM_MSG_FLUSHPOLICY, XFRM_MSG_FLUSHSA, XFRM_MSG_GETPOLICY,
    XFRM_MSG_GETSA, XFRM_MSG_GETSADINFO, XFRM_MSG_GETSPDINFO, XFRM_MSG_NEWPOLICY, XFRM_MSG_NEWSA,
    XFRM_MSG_NEWSADINFO, XFRM_MSG_NEWSPDINFO, XFRM_MSG_UPDPOLICY, XFRM_MSG_UPDSA, XfrmAddress,
    XfrmAlgo, XfrmAlgoAead, XfrmAlgoAuth, XfrmEncapTmpl, XfrmId, XfrmInfoFlags, XfrmLifetimeCfg,
    XfrmLifetimeCur, XfrmMark, XfrmMode, XfrmProto, XfrmSelector, XfrmShare, XfrmStats,
    XfrmUserTmpl, XfrmUserpolicyId, XfrmUserpolicyInfo, XfrmUserpolicyType, XfrmUsersaFlush,
    XfrmUsersaId, XfrmUsersaInfo, XfrmUserspiInfo, Xfrma,
};
use netlink_wire::{AttrWrite, Flags, MessageBuilder, MessageType};
use zerocopy::IntoBytes;

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;
use crate::options::ConnectionOptions;
use netlink_socket::Protocol;

/// `AF_INET`.
const AF_INET: u16 = 2;
/// `AF_INET6`.
const AF_INET6: u16 = 10;

fn family_of(ip: IpAddr) -> u16 {
    if ip.is_ipv4() { AF_INET } else { AF_INET6 }
}

/// A connection on `NETLINK_XFRM`: a [`Connection`] (the same engine, request pool and
/// notification reader) whose protocol is XFRM, with the IPsec operations.
#[derive(Debug)]
pub struct XfrmConnection {
    conn: Connection,
}

impl XfrmConnection {
    /// A connection in the caller's namespace, subscribed to nothing.
    ///
    /// # Errors
    /// When a socket cannot be opened or bound.
    pub fn new() -> Result<XfrmConnection> {
        XfrmConnection::with_options(ConnectionOptions::default())
    }

    /// A connection with `options`; the protocol is `NETLINK_XFRM` whatever `options` says,
    /// and its memberships are `XFRMNLGRP_*` numbers ([`XfrmGroup`](netlink_wire::xfrm::XfrmGroup)).
    ///
    /// # Errors
    /// When a socket cannot be opened, bound or configured.
    pub fn with_options(options: ConnectionOptions) -> Result<XfrmConnection> {
        Ok(XfrmConnection {
            conn: Connection::with_options(options.protocol(Protocol::XFRM))?,
        })
    }

    /// The underlying connection: notifications, raw requests, and the generic operations
    /// ([`Connection::list`], [`Connection::get`], ...) over the XFRM objects.
    #[must_use]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Closes the sockets and stops the reader (see [`Connection::close`]).
    pub fn close(&self) {
        self.conn.close();
    }

    /// The policy counts (`ip xfrm policy count`).
    ///
    /// # Errors
    /// The kernel's error; a malformed reply.
    pub fn policy_count(&self) -> Result<SpdInfo> {
        let m = self.info(XFRM_MSG_GETSPDINFO, XFRM_MSG_NEWSPDINFO)?;
        SpdInfo::from_msg(&SpdInfoMsg::parse(m.as_msg())?)
    }

    /// Reserves an SPI: the kernel creates a larval SA (no keys yet) and answers with it
    /// (`ip xfrm state allocspi`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a range whose `min` is above its `max`; the kernel's
    /// error; a malformed reply.
    pub fn alloc_spi(&self, req: &AllocSpi) -> Result<XfrmState> {
        if req.min > req.max {
            return Err(invalid("allocspi: min is above max"));
        }
        let mut buf = Vec::with_capacity(256);
        req.build(&mut buf).map_err(Error::Encode)?;
        let reply = self.conn.request_bytes(buf)?;
        let m = reply.require(XFRM_MSG_NEWSA)?;
        XfrmState::from_view(&SaMsg::parse(m.as_msg())?)
    }

    /// The SA counts (`ip xfrm state count`).
    ///
    /// # Errors
    /// The kernel's error; a malformed reply.
    pub fn state_count(&self) -> Result<SadInfo> {
        let m = self.info(XFRM_MSG_GETSADINFO, XFRM_MSG_NEWSADINFO)?;
        SadInfo::from_msg(&SadInfoMsg::parse(m.as_msg())?)
    }

    /// Asks for a count (`GETSADINFO`, `GETSPDINFO`) with the all-ones flags `ip` sends.
    fn info(&self, get: MessageType, answer: MessageType) -> Result<netlink_wire::Message> {
        let mut buf = Vec::with_capacity(24);
        let mut b = MessageBuilder::new(&mut buf, get, Flags::EMPTY);
        b.family_header(&XfrmInfoFlags {
            flags: u32::MAX.into(),
        });
        b.finish().map_err(Error::Encode)?;
        let reply = self.conn.request_bytes(buf)?;
        reply.require(answer).cloned()
    }
}

/// Declares the named operations of policies and SAs on [`XfrmConnection`], one line each,
/// as calls into the generic ones of the object layer: `list`, `get`, `delete`, and `send`
/// with the verb's message type.
macro_rules! xfrm_ops {
    (@op $doc:literal $name:ident list $O:ty) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// A dump or decode error.
        pub fn $name(&self, filter: <$O as Object>::Filter) -> Result<Vec<$O>> {
            self.conn.list::<$O>(filter)
        }
    };
    (@op $doc:literal $name:ident get $O:ty, $K:ty) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// Any kernel error but "not found"; a malformed reply.
        pub fn $name(&self, key: &$K) -> Result<Option<$O>> {
            self.conn.get::<$O, $K>(key)
        }
    };
    (@op $doc:literal $name:ident delete $K:ty) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// The kernel's error; a not-found one ([`Error::is_not_found`]) when there is none.
        pub fn $name(&self, key: &$K) -> Result<()> {
            self.conn.delete(key)
        }
    };
    (@op $doc:literal $name:ident send $R:ty, $t:expr) => {
        #[doc = $doc]
        ///
        /// # Errors
        /// [`Error::InvalidArgument`] before anything is sent; the kernel's error (an SA
        /// whose cipher the kernel lacks is refused with `EPROTONOSUPPORT` or `ENOENT`).
        pub fn $name(&self, req: &$R) -> Result<()> {
            self.conn.send(req, $t, Flags::EMPTY)
        }
    };
    ($( $doc:literal $name:ident: $verb:ident [$($arg:tt)*] )*) => {
        impl XfrmConnection {
            $( xfrm_ops!(@op $doc $name $verb $($arg)*); )*
        }
    };
}

xfrm_ops! {
    "Every policy that passes `filter` (`ip xfrm policy list`)." policies: list [XfrmPolicy]
    "The policy `key` names, or `None` (`ip xfrm policy get`)." policy: get [XfrmPolicy, PolicyKey]
    "Adds a policy; fails with `EEXIST` if one has its selector and direction (`ip xfrm policy add`)."
        add_policy: send [PolicyRequest, XFRM_MSG_NEWPOLICY]
    "Adds or changes a policy (`ip xfrm policy update`)."
        update_policy: send [PolicyRequest, XFRM_MSG_UPDPOLICY]
    "Deletes the policy `key` names (`ip xfrm policy delete`)." delete_policy: delete [PolicyKey]
    "Deletes every policy of `flush`'s database (`ip xfrm policy flush`)."
        flush_policies: send [PolicyFlush, XFRM_MSG_FLUSHPOLICY]
    "Every SA that passes `filter` (`ip xfrm state list`)." states: list [XfrmState]
    "The SA `key` names, or `None` (`ip xfrm state get`)." state: get [XfrmState, StateKey]
    "Adds an SA (`ip xfrm state add`)." add_state: send [StateRequest, XFRM_MSG_NEWSA]
    "Adds or changes an SA (`ip xfrm state update`)." update_state: send [StateRequest, XFRM_MSG_UPDSA]
    "Deletes the SA `key` names (`ip xfrm state delete`)." delete_state: delete [StateKey]
    "Deletes every SA of `flush`'s protocol (`ip xfrm state flush`)."
        flush_states: send [StateFlush, XFRM_MSG_FLUSHSA]
}

/// A selector: the traffic a policy or SA applies to (`struct xfrm_selector`, `ip xfrm`'s
/// `SELECTOR`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selector {
    /// `family`: `AF_INET` (2), `AF_INET6` (10), or 0 for any.
    pub family: u16,
    /// The source address and prefix length.
    pub src: Option<(IpAddr, u8)>,
    /// The destination address and prefix length.
    pub dst: Option<(IpAddr, u8)>,
    /// The upper-layer protocol, 0 for any.
    pub proto: u8,
    /// The source port and its mask (0 for any).
    pub sport: (u16, u16),
    /// The destination port and its mask.
    pub dport: (u16, u16),
    /// The interface index, 0 for any.
    pub ifindex: i32,
    /// `user`.
    pub user: u32,
}

impl Selector {
    /// Traffic from `src` to `dst` (prefixes of one family).
    #[must_use]
    pub fn new(src: (IpAddr, u8), dst: (IpAddr, u8)) -> Self {
        Selector {
            family: family_of(src.0),
            src: Some(src),
            dst: Some(dst),
            ..Self::default()
        }
    }

    /// Only upper-layer protocol `proto` (`IPPROTO_TCP` is 6).
    #[must_use]
    pub fn proto(mut self, proto: u8) -> Self {
        self.proto = proto;
        self
    }

    /// Only destination port `port` (with a full mask, as `ip` sends it).
    #[must_use]
    pub fn dport(mut self, port: u16) -> Self {
        self.dport = (port, u16::MAX);
        self
    }

    /// Only source port `port`.
    #[must_use]
    pub fn sport(mut self, port: u16) -> Self {
        self.sport = (port, u16::MAX);
        self
    }

    /// The selector of kernel struct `s`; its addresses are read as `family` when its own
    /// family is 0 (an SA's selector, which the kernel fills without one).
    #[must_use]
    pub fn from_wire(s: &XfrmSelector, family: u16) -> Self {
        let f = if s.family.get() == 0 {
            family
        } else {
            s.family.get()
        };
        Selector {
            family: s.family.get(),
            src: s.saddr.ip(f).map(|a| (a, s.prefixlen_s)),
            dst: s.daddr.ip(f).map(|a| (a, s.prefixlen_d)),
            proto: s.proto,
            sport: (s.sport.get(), s.sport_mask.get()),
            dport: (s.dport.get(), s.dport_mask.get()),
            ifindex: s.ifindex.get(),
            user: s.user.get(),
        }
    }

    /// The kernel struct.
    #[must_use]
    pub fn to_wire(&self) -> XfrmSelector {
        let addr =
            |p: Option<(IpAddr, u8)>| p.map(|(a, _)| XfrmAddress::new(a)).unwrap_or_default();
        let len = |p: Option<(IpAddr, u8)>| p.map_or(0, |(_, l)| l);
        XfrmSelector {
            daddr: addr(self.dst),
            saddr: addr(self.src),
            dport: self.dport.0.into(),
            dport_mask: self.dport.1.into(),
            sport: self.sport.0.into(),
            sport_mask: self.sport.1.into(),
            family: self.family.into(),
            prefixlen_d: len(self.dst),
            prefixlen_s: len(self.src),
            proto: self.proto,
            ifindex: self.ifindex.into(),
            user: self.user.into(),
            ..XfrmSelector::default()
        }
    }
}

/// One template of a policy (`struct xfrm_user_tmpl`, `ip xfrm policy ... tmpl ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Template {
    /// `family` of the addresses.
    pub family: u16,
    /// The tunnel source (tunnel mode), or `None`.
    pub src: Option<IpAddr>,
    /// The tunnel destination, or `None`.
    pub dst: Option<IpAddr>,
    /// The IPsec protocol.
    pub proto: XfrmProto,
    /// The SPI, 0 for any.
    pub spi: u32,
    /// `reqid`.
    pub reqid: u32,
    /// The mode.
    pub mode: XfrmMode,
    /// `share`.
    pub share: XfrmShare,
    /// `optional`: `level use` (true) or `level required` (false).
    pub optional: bool,
    /// The allowed authentication algorithms (a mask; all ones by default).
    pub aalgos: u32,
    /// The allowed encryption algorithms.
    pub ealgos: u32,
    /// The allowed compression algorithms.
    pub calgos: u32,
}

impl Template {
    /// A template of `proto` in `mode` between `src` and `dst`, every algorithm allowed (as
    /// `ip` fills it).
    #[must_use]
    pub fn new(proto: XfrmProto, mode: XfrmMode, src: Option<IpAddr>, dst: Option<IpAddr>) -> Self {
        Template {
            family: src.or(dst).map_or(0, family_of),
            src,
            dst,
            proto,
            spi: 0,
            reqid: 0,
            mode,
            share: XfrmShare::ANY,
            optional: false,
            aalgos: u32::MAX,
            ealgos: u32::MAX,
            calgos: u32::MAX,
        }
    }

    /// The template of kernel struct `t`.
    #[must_use]
    pub fn from_wire(t: &XfrmUserTmpl) -> Self {
        let family = t.family.get();
        let nonzero = |a: &XfrmAddress| (a.a != [0; 16]).then(|| a.ip(family)).flatten();
        Template {
            family,
            src: nonzero(&t.saddr),
            dst: nonzero(&t.id.daddr),
            proto: XfrmProto(t.id.proto),
            spi: t.id.spi.get(),
            reqid: t.reqid.get(),
            mode: XfrmMode(t.mode),
            share: XfrmShare(t.share),
            optional: t.optional != 0,
            aalgos: t.aalgos.get(),
            ealgos: t.ealgos.get(),
            calgos: t.calgos.get(),
        }
    }

    /// The kernel struct.
    #[must_use]
    pub fn to_wire(&self) -> XfrmUserTmpl {
        let addr = |a: Option<IpAddr>| a.map(XfrmAddress::new).unwrap_or_default();
        XfrmUserTmpl {
            id: XfrmId {
                daddr: addr(self.dst),
                spi: self.spi.into(),
                proto: self.proto.0,
                ..XfrmId::default()
            },
            family: self.family.into(),
            saddr: addr(self.src),
            reqid: self.reqid.into(),
            mode: self.mode.0,
            share: self.share.0,
            optional: u8::from(self.optional),
            aalgos: self.aalgos.into(),
            ealgos: self.ealgos.into(),
            calgos: self.calgos.into(),
            ..XfrmUserTmpl::default()
        }
    }
}

/// The optional attributes policies and SAs share: the mark and the interface id.
fn mark_of(m: Option<netlink_wire::StructView<'_, XfrmMark>>) -> Option<(u32, u32)> {
    m.map(|v| {
        let v = v.get();
        (v.v.get(), v.m.get())
    })
}

owned! {
    /// A policy as the kernel reports it (`XFRM_MSG_NEWPOLICY`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct XfrmPolicy {
        /// The traffic it applies to.
        selector: Selector = Selector::from_wire(&h.sel, 0),
        /// The direction.
        dir: PolicyDir = PolicyDir(h.dir),
        /// What it does.
        action: PolicyAction = PolicyAction(h.action),
        /// The priority (lower first).
        priority: u32 = h.priority.get(),
        /// The kernel's index of the policy.
        index: u32 = h.index.get(),
        /// Flags.
        flags: PolicyFlags = PolicyFlags(h.flags),
        /// `share`.
        share: XfrmShare = XfrmShare(h.share),
        /// The limits.
        lifetime: XfrmLifetimeCfg = h.lft,
        /// What it has used.
        current: XfrmLifetimeCur = h.curlft,
        /// `XFRMA_TMPL`: the templates, in order.
        templates: Vec<Template> = m
            .tmpl()?
            .map(|t| t.entries().map(|e| Template::from_wire(&e)).collect())
            .unwrap_or_default(),
        /// `XFRMA_POLICY_TYPE`: the database (the kernel always sends it; absent means `main`).
        ptype: Option<PolicyType> = m.policy_type()?.map(|t| PolicyType(t.get().r#type)),
        /// `XFRMA_MARK`: the mark and mask.
        mark: Option<(u32, u32)> = mark_of(m.mark()?),
        /// `XFRMA_IF_ID`: the XFRM interface id.
        if_id: Option<u32> = m.if_id()?,
    }
    from(m: PolicyMsg) { let h = m.header(); }
}

impl XfrmPolicy {
    /// The key that names this policy, to get or delete it.
    #[must_use]
    pub fn key(&self) -> PolicyKey {
        PolicyKey {
            selector: self.selector,
            dir: self.dir,
            index: 0,
            ptype: self.ptype.filter(|&t| t != PolicyType::MAIN),
            mark: self.mark,
            if_id: self.if_id,
        }
    }
}

settable! {
    /// Which policies [`XfrmConnection::policies`] returns (the kernel dumps them all; the
    /// filter applies here).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct PolicyFilter {
        /// Only this direction.
        dir: Option<PolicyDir>,
        /// Only this database.
        ptype: Option<PolicyType>,
        /// Only this action.
        action: Option<PolicyAction>,
        /// Only this index.
        index: Option<u32>,
    }
}

impl Object for XfrmPolicy {
    type View<'a> = PolicyMsg<'a>;
    type Filter = PolicyFilter;
    const NEW: MessageType = XFRM_MSG_NEWPOLICY;
    const DEL: MessageType = XFRM_MSG_DELPOLICY;
    const GET: MessageType = XFRM_MSG_GETPOLICY;

    fn dump_request(_: &PolicyFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // `ip xfrm policy list` sends the bare header.
        MessageBuilder::new(buf, XFRM_MSG_GETPOLICY, Flags::DUMP).finish()
    }

    fn matches(f: &PolicyFilter, v: &PolicyMsg<'_>) -> Result<bool> {
        let h = v.header();
        let ptype = v
            .policy_type()?
            .map_or(PolicyType::MAIN, |t| PolicyType(t.get().r#type));
        Ok(f.dir.is_none_or(|d| d.0 == h.dir)
            && f.action.is_none_or(|a| a.0 == h.action)
            && f.index.is_none_or(|i| i == h.index.get())
            && f.ptype.is_none_or(|t| t == ptype))
    }

    fn from_view(v: &PolicyMsg<'_>) -> Result<Self> {
        XfrmPolicy::from_msg(v)
    }
}

settable! {
    /// A policy to add or update (`ip xfrm policy add|update SELECTOR dir DIR ...`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct PolicyRequest {
        /// The traffic it applies to.
        fixed selector: Selector,
        /// The direction.
        fixed dir: PolicyDir,
        /// The priority.
        priority: u32,
        /// The index (0: the kernel picks one).
        index: u32,
        /// What it does.
        action: PolicyAction,
        /// Flags.
        flags: PolicyFlags,
        /// The limits; `None` for none (all limits infinite, as `ip` sends).
        lifetime: Option<XfrmLifetimeCfg>,
        /// The templates.
        templates: Vec<Template>,
        /// The database; sent only when set, as `ip` does.
        ptype: Option<PolicyType>,
        /// The mark and mask to match.
        mark: Option<(u32, u32)>,
        /// The XFRM interface id.
        if_id: Option<u32>,
    }
}

impl PolicyRequest {
    /// A policy for `selector` in direction `dir`, allowing traffic, with no template.
    #[must_use]
    pub fn new(selector: Selector, dir: PolicyDir) -> Self {
        PolicyRequest {
            selector,
            dir,
            ..Self::default()
        }
    }

    /// Adds a template.
    #[must_use]
    pub fn template(mut self, t: Template) -> Self {
        self.templates.push(t);
        self
    }
}

fn put_policy_type<W: AttrWrite>(w: &mut W, ptype: Option<PolicyType>) {
    if let Some(t) = ptype {
        let pt = XfrmUserpolicyType {
            r#type: t.0,
            ..XfrmUserpolicyType::default()
        };
        w.put(Xfrma::POLICY_TYPE.0, pt.as_bytes());
    }
}

fn put_mark_if_id<W: AttrWrite>(w: &mut W, mark: Option<(u32, u32)>, if_id: Option<u32>) {
    if let Some((v, m)) = mark {
        let mark = XfrmMark {
            v: v.into(),
            m: m.into(),
        };
        w.put(Xfrma::MARK.0, mark.as_bytes());
    }
    if let Some(id) = if_id {
        w.put_u32(Xfrma::IF_ID.0, id);
    }
}

impl Request for PolicyRequest {
    type Object = XfrmPolicy;

    fn validate(&self, _: MessageType, _: Flags) -> Result<()> {
        if self.dir.0 > PolicyDir::FWD.0 {
            return Err(invalid(format!(
                "policy direction {} is not in, out or fwd",
                self.dir.0
            )));
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let info = XfrmUserpolicyInfo {
            sel: self.selector.to_wire(),
            lft: self.lifetime.unwrap_or_else(XfrmLifetimeCfg::infinite),
            priority: self.priority.into(),
            index: self.index.into(),
            dir: self.dir.0,
            action: self.action.0,
            flags: self.flags.0,
            ..XfrmUserpolicyInfo::default()
        };
        let mut b = PolicyMsg::builder(buf, t, flags, &info)?;
        put_policy_type(&mut b, self.ptype);
        if !self.templates.is_empty() {
            let t: Vec<XfrmUserTmpl> = self.templates.iter().map(Template::to_wire).collect();
            b.put(Xfrma::TMPL.0, t.as_bytes());
        }
        put_mark_if_id(&mut b, self.mark, self.if_id);
        b.finish()
    }
}

settable! {
    /// What names one policy: its selector and direction, or its index when not 0
    /// (`ip xfrm policy get|delete`); also a request to delete it.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct PolicyKey {
        /// The selector.
        fixed selector: Selector,
        /// The direction.
        fixed dir: PolicyDir,
        /// The index; when not 0 it names the policy alone.
        index: u32,
        /// The database; sent only when set.
        ptype: Option<PolicyType>,
        /// The mark and mask.
        mark: Option<(u32, u32)>,
        /// The XFRM interface id.
        if_id: Option<u32>,
    }
}

impl PolicyKey {
    /// The policy of `selector` in direction `dir`.
    #[must_use]
    pub fn new(selector: Selector, dir: PolicyDir) -> Self {
        PolicyKey {
            selector,
            dir,
            ..Self::default()
        }
    }

    fn write(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let id = XfrmUserpolicyId {
            sel: self.selector.to_wire(),
            index: self.index.into(),
            dir: self.dir.0,
            ..XfrmUserpolicyId::default()
        };
        let mut b = PolicyIdMsg::builder(buf, t, flags, &id)?;
        put_policy_type(&mut b, self.ptype);
        put_mark_if_id(&mut b, self.mark, self.if_id);
        b.finish()
    }
}

settable! {
    /// A flush of policies (`ip xfrm policy flush [ptype TYPE]`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct PolicyFlush {
        /// Only this database; sent only when set (the kernel flushes `main` without it).
        ptype: Option<PolicyType>,
    }
}

impl PolicyFlush {
    fn write(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let mut b = netlink_wire::xfrm::BareMsg::builder(buf, t, flags, &NoHeader::default())?;
        put_policy_type(&mut b, self.ptype);
        b.finish()
    }
}

native! {
    /// The policy counts (`struct xfrmu_spdinfo`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct SpdCounts: u32, from netlink_wire::xfrm::XfrmuSpdinfo {
        /// Inbound policies.
        incnt,
        /// Outbound policies.
        outcnt,
        /// Forward policies.
        fwdcnt,
        /// Inbound socket policies.
        inscnt,
        /// Outbound socket policies.
        outscnt,
        /// Forward socket policies.
        fwdscnt,
    }
}

owned! {
    /// The answer to `GETSPDINFO` (`ip xfrm policy count`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SpdInfo {
        /// `XFRMA_SPD_INFO`: the counts per direction.
        counts: Option<SpdCounts> = m.info()?.map(|i| i.get().into()),
        /// `XFRMA_SPD_HINFO`: the hash buckets and their most.
        hash: Option<(u32, u32)> = m.hinfo()?.map(|h| {
            let h = h.get();
            (h.spdhcnt.get(), h.spdhmcnt.get())
        }),
        /// `XFRMA_SPD_IPV4_HTHRESH`: the IPv4 hash thresholds (local, remote bits).
        ipv4_thresh: Option<(u8, u8)> = m.ipv4_hthresh()?.map(|t| (t.get().lbits, t.get().rbits)),
        /// `XFRMA_SPD_IPV6_HTHRESH`: the IPv6 hash thresholds.
        ipv6_thresh: Option<(u8, u8)> = m.ipv6_hthresh()?.map(|t| (t.get().lbits, t.get().rbits)),
    }
    from(m: SpdInfoMsg) {}
}

owned! {
    /// The answer to `GETSADINFO` (`ip xfrm state count`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SadInfo {
        /// `XFRMA_SAD_CNT`: the number of SAs.
        count: u32 = m.cnt()?.unwrap_or(0),
        /// `XFRMA_SAD_HINFO`: the hash buckets and their most.
        hash: Option<(u32, u32)> = m.hinfo()?.map(|h| {
            let h = h.get();
            (h.sadhcnt.get(), h.sadhmcnt.get())
        }),
    }
    from(m: SadInfoMsg) {}
}

/// Which algorithm attribute an [`Algorithm`] travels in, with what follows its key length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgoKind {
    /// `XFRMA_ALG_CRYPT` (`enc`).
    Enc,
    /// `XFRMA_ALG_AUTH` (`auth`).
    Auth,
    /// `XFRMA_ALG_AUTH_TRUNC` (`auth-trunc`), with the truncation length in bits.
    AuthTrunc(u32),
    /// `XFRMA_ALG_AEAD` (`aead`), with the ICV length in bits.
    Aead(u32),
    /// `XFRMA_ALG_COMP` (`comp`).
    Comp,
}

/// An algorithm of an SA and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Algorithm {
    /// Its attribute.
    pub kind: AlgoKind,
    /// The kernel's name (`cbc(aes)`).
    pub name: String,
    /// The key.
    pub key: Vec<u8>,
}

impl Algorithm {
    /// `kind` named `name` with `key`.
    #[must_use]
    pub fn new(kind: AlgoKind, name: &str, key: &[u8]) -> Self {
        Algorithm {
            kind,
            name: name.to_owned(),
            key: key.to_vec(),
        }
    }

    /// The key length in bits, as the kernel counts it.
    #[must_use]
    pub fn key_bits(&self) -> u32 {
        u32::try_from(self.key.len().saturating_mul(8)).unwrap_or(u32::MAX)
    }

    fn write<W: AttrWrite>(&self, w: &mut W) {
        let name = AlgName::new(&self.name);
        let bits = self.key_bits().into();
        match self.kind {
            AlgoKind::Enc | AlgoKind::Auth | AlgoKind::Comp => {
                let kind = match self.kind {
                    AlgoKind::Enc => Xfrma::ALG_CRYPT,
                    AlgoKind::Auth => Xfrma::ALG_AUTH,
                    _ => Xfrma::ALG_COMP,
                };
                let head = XfrmAlgo {
                    alg_name: name,
                    alg_key_len: bits,
                };
                w.put_parts(kind.0, &[head.as_bytes(), &self.key]);
            }
            AlgoKind::AuthTrunc(trunc) => {
                let head = XfrmAlgoAuth {
                    alg_name: name,
                    alg_key_len: bits,
                    alg_trunc_len: trunc.into(),
                };
                w.put_parts(Xfrma::ALG_AUTH_TRUNC.0, &[head.as_bytes(), &self.key]);
            }
            AlgoKind::Aead(icv) => {
                let head = XfrmAlgoAead {
                    alg_name: name,
                    alg_key_len: bits,
                    alg_icv_len: icv.into(),
                };
                w.put_parts(Xfrma::ALG_AEAD.0, &[head.as_bytes(), &self.key]);
            }
        }
    }
}

/// The key of an algorithm attribute: `alg_key_len` bits after the head, cut to what is there.
fn key_of(head_bits: u32, entries: impl Iterator<Item = u8>) -> Vec<u8> {
    let bytes = usize::try_from(head_bits.div_ceil(8)).unwrap_or(usize::MAX);
    entries.take(bytes).collect()
}

/// The algorithms of an SA message, in the order `ip` prints them.
fn algorithms(m: &SaMsg<'_>) -> Result<Vec<Algorithm>> {
    let mut out = Vec::new();
    if let Some(a) = m.alg_aead()? {
        let h = a.header().get();
        out.push(Algorithm {
            kind: AlgoKind::Aead(h.alg_icv_len.get()),
            name: h.alg_name.as_str().to_owned(),
            key: key_of(h.alg_key_len.get(), a.entries()),
        });
    }
    if let Some(a) = m.alg_crypt()? {
        let h = a.header().get();
        out.push(Algorithm {
            kind: AlgoKind::Enc,
            name: h.alg_name.as_str().to_owned(),
            key: key_of(h.alg_key_len.get(), a.entries()),
        });
    }
    if let Some(a) = m.alg_auth_trunc()? {
        let h = a.header().get();
        out.push(Algorithm {
            kind: AlgoKind::AuthTrunc(h.alg_trunc_len.get()),
            name: h.alg_name.as_str().to_owned(),
            key: key_of(h.alg_key_len.get(), a.entries()),
        });
    } else if let Some(a) = m.alg_auth()? {
        let h = a.header().get();
        out.push(Algorithm {
            kind: AlgoKind::Auth,
            name: h.alg_name.as_str().to_owned(),
            key: key_of(h.alg_key_len.get(), a.entries()),
        });
    }
    if let Some(a) = m.alg_comp()? {
        let h = a.header().get();
        out.push(Algorithm {
            kind: AlgoKind::Comp,
            name: h.alg_name.as_str().to_owned(),
            key: key_of(h.alg_key_len.get(), a.entries()),
        });
    }
    Ok(out)
}

owned! {
    /// An SA as the kernel reports it (`XFRM_MSG_NEWSA`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct XfrmState {
        /// `family` of the addresses.
        family: u16 = h.family.get(),
        /// The source address.
        src: Option<IpAddr> = h.saddr.ip(h.family.get()),
        /// The destination address.
        dst: Option<IpAddr> = h.id.daddr.ip(h.family.get()),
        /// The IPsec protocol.
        proto: XfrmProto = XfrmProto(h.id.proto),
        /// The SPI.
        spi: u32 = h.id.spi.get(),
        /// `reqid`.
        reqid: u32 = h.reqid.get(),
        /// The mode.
        mode: XfrmMode = XfrmMode(h.mode),
        /// The replay window.
        replay_window: u8 = h.replay_window,
        /// Flags.
        flags: SaFlags = SaFlags(h.flags),
        /// `seq`.
        seq: u32 = h.seq.get(),
        /// The traffic it applies to; `None` when the kernel's selector is all zero.
        selector: Option<Selector> = (h.sel != XfrmSelector::default())
            .then(|| Selector::from_wire(&h.sel, h.family.get())),
        /// The limits.
        lifetime: XfrmLifetimeCfg = h.lft,
        /// What it has used.
        current: XfrmLifetimeCur = h.curlft,
        /// Its error counters.
        stats: XfrmStats = h.stats,
        /// The algorithms and their keys.
        algorithms: Vec<Algorithm> = algorithms(m)?,
        /// `XFRMA_ENCAP`: the UDP encapsulation.
        encap: Option<XfrmEncapTmpl> = m.encap()?.map(|e| e.get()),
        /// `XFRMA_MARK`.
        mark: Option<(u32, u32)> = mark_of(m.mark()?),
        /// `XFRMA_IF_ID`.
        if_id: Option<u32> = m.if_id()?,
        /// `XFRMA_SA_EXTRA_FLAGS`.
        extra_flags: SaExtraFlags = m.sa_extra_flags()?.unwrap_or_default(),
        /// `XFRMA_REPLAY_VAL`: sequence, output sequence and bitmap.
        replay: Option<(u32, u32, u32)> = m.replay_val()?.map(|r| {
            let r = r.get();
            (r.seq.get(), r.oseq.get(), r.bitmap.get())
        }),
        /// `XFRMA_LASTUSED`: when it was last used.
        last_used: Option<u64> = m.lastused()?,
        /// `XFRMA_SET_MARK` and its mask: the mark set on packets.
        output_mark: Option<(u32, u32)> = m.set_mark()?.map(|v| (v, 0)),
    }
    from(m: SaMsg) { let h = m.header(); }
}

impl XfrmState {
    /// The key that names this SA, to get or delete it.
    #[must_use]
    pub fn key(&self) -> StateKey {
        StateKey {
            dst: self.dst,
            spi: self.spi,
            proto: self.proto,
            src: None,
            mark: self.mark,
            family: self.family,
        }
    }
}

settable! {
    /// Which SAs [`XfrmConnection::states`] returns.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct StateFilter {
        /// Only this protocol.
        proto: Option<XfrmProto>,
        /// Only this SPI.
        spi: Option<u32>,
        /// Only this mode.
        mode: Option<XfrmMode>,
        /// Only this reqid.
        reqid: Option<u32>,
    }
}

impl Object for XfrmState {
    type View<'a> = SaMsg<'a>;
    type Filter = StateFilter;
    const NEW: MessageType = XFRM_MSG_NEWSA;
    const DEL: MessageType = XFRM_MSG_DELSA;
    const GET: MessageType = XFRM_MSG_GETSA;

    fn dump_request(_: &StateFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        // `ip xfrm state list` sends an address filter that selects everything.
        let mut b = MessageBuilder::new(buf, XFRM_MSG_GETSA, Flags::DUMP);
        b.put(
            Xfrma::ADDRESS_FILTER.0,
            netlink_wire::xfrm::XfrmAddressFilter::default().as_bytes(),
        );
        b.finish()
    }

    fn matches(f: &StateFilter, v: &SaMsg<'_>) -> Result<bool> {
        let h = v.header();
        Ok(f.proto.is_none_or(|p| p.0 == h.id.proto)
            && f.spi.is_none_or(|s| s == h.id.spi.get())
            && f.mode.is_none_or(|m| m.0 == h.mode)
            && f.reqid.is_none_or(|r| r == h.reqid.get()))
    }

    fn from_view(v: &SaMsg<'_>) -> Result<Self> {
        XfrmState::from_msg(v)
    }
}

settable! {
    /// An SA to add or update (`ip xfrm state add|update ID ALGO-LIST ...`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StateRequest {
        /// The source address.
        fixed src: IpAddr,
        /// The destination address.
        fixed dst: IpAddr,
        /// The IPsec protocol.
        fixed proto: XfrmProto,
        /// The SPI.
        fixed spi: u32,
        /// The mode.
        mode: XfrmMode,
        /// `reqid`.
        reqid: u32,
        /// `seq`.
        seq: u32,
        /// The replay window.
        replay_window: u8,
        /// Flags.
        flags: SaFlags,
        /// The traffic it applies to; `None` leaves the selector empty, as `ip` does.
        selector: Option<Selector>,
        /// The limits; `None` for none.
        lifetime: Option<XfrmLifetimeCfg>,
        /// The algorithms, written in this order (as `ip` writes them in the order of its
        /// words).
        algorithms: Vec<Algorithm>,
        /// `XFRMA_SA_EXTRA_FLAGS`, sent when not empty.
        extra_flags: SaExtraFlags,
        /// The mark and mask.
        mark: Option<(u32, u32)>,
        /// The XFRM interface id.
        if_id: Option<u32>,
    }
}

impl StateRequest {
    /// An SA of `proto` with `spi` from `src` to `dst`, in transport mode, with no algorithm.
    #[must_use]
    pub fn new(src: IpAddr, dst: IpAddr, proto: XfrmProto, spi: u32) -> Self {
        StateRequest {
            src,
            dst,
            proto,
            spi,
            mode: XfrmMode::TRANSPORT,
            reqid: 0,
            seq: 0,
            replay_window: 0,
            flags: SaFlags::EMPTY,
            selector: None,
            lifetime: None,
            algorithms: Vec::new(),
            extra_flags: SaExtraFlags::EMPTY,
            mark: None,
            if_id: None,
        }
    }

    /// Adds an algorithm.
    #[must_use]
    pub fn algorithm(mut self, a: Algorithm) -> Self {
        self.algorithms.push(a);
        self
    }
}

impl Request for StateRequest {
    type Object = XfrmState;

    fn validate(&self, _: MessageType, _: Flags) -> Result<()> {
        if self.src.is_ipv4() != self.dst.is_ipv4() {
            return Err(invalid(
                "the SA's source and destination are of different families",
            ));
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let info = XfrmUsersaInfo {
            sel: self.selector.map(|s| s.to_wire()).unwrap_or_default(),
            id: XfrmId {
                daddr: XfrmAddress::new(self.dst),
                spi: self.spi.into(),
                proto: self.proto.0,
                ..XfrmId::default()
            },
            saddr: XfrmAddress::new(self.src),
            lft: self.lifetime.unwrap_or_else(XfrmLifetimeCfg::infinite),
            seq: self.seq.into(),
            reqid: self.reqid.into(),
            family: family_of(self.src).into(),
            mode: self.mode.0,
            replay_window: self.replay_window,
            flags: self.flags.0,
            ..XfrmUsersaInfo::default()
        };
        let mut b = SaMsg::builder(buf, t, flags, &info)?;
        for a in &self.algorithms {
            a.write(&mut b);
        }
        if !self.extra_flags.is_empty() {
            b.put_u32(Xfrma::SA_EXTRA_FLAGS.0, self.extra_flags.0);
        }
        put_mark_if_id(&mut b, self.mark, self.if_id);
        b.finish()
    }
}

settable! {
    /// What names one SA: destination, SPI and protocol (`ip xfrm state get|delete ID`);
    /// also a request to delete it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct StateKey {
        /// The destination address.
        fixed dst: Option<IpAddr>,
        /// The SPI.
        fixed spi: u32,
        /// The protocol.
        fixed proto: XfrmProto,
        /// `family` of the addresses.
        fixed family: u16,
        /// The source address (`XFRMA_SRCADDR`), sent when set.
        src: Option<IpAddr>,
        /// The mark and mask.
        mark: Option<(u32, u32)>,
    }
}

impl StateKey {
    /// The SA of `proto` with `spi` towards `dst`.
    #[must_use]
    pub fn new(dst: IpAddr, proto: XfrmProto, spi: u32) -> Self {
        StateKey {
            dst: Some(dst),
            spi,
            proto,
            family: family_of(dst),
            src: None,
            mark: None,
        }
    }

    fn write(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let id = XfrmUsersaId {
            daddr: self.dst.map(XfrmAddress::new).unwrap_or_default(),
            spi: self.spi.into(),
            family: self.family.into(),
            proto: self.proto.0,
            ..XfrmUsersaId::default()
        };
        let mut b = SaIdMsg::builder(buf, t, flags, &id)?;
        if let Some(src) = self.src {
            b.put(Xfrma::SRCADDR.0, XfrmAddress::new(src).as_bytes());
        }
        put_mark_if_id(&mut b, self.mark, None);
        b.finish()
    }
}

settable! {
    /// A flush of SAs (`ip xfrm state flush [proto PROTO]`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct StateFlush {
        /// Only this protocol; `None` for every IPsec protocol (0, as `ip` sends).
        proto: Option<XfrmProto>,
    }
}

impl StateFlush {
    fn write(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let f = XfrmUsersaFlush {
            proto: self.proto.map_or(0, |p| p.0),
        };
        netlink_wire::xfrm::FlushSaMsg::builder(buf, t, flags, &f)?.finish()
    }
}

settable! {
    /// A request for an SPI (`ip xfrm state allocspi ID [min N max N]`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct AllocSpi {
        /// The source address.
        fixed src: IpAddr,
        /// The destination address.
        fixed dst: IpAddr,
        /// The protocol.
        fixed proto: XfrmProto,
        /// The mode.
        mode: XfrmMode,
        /// `reqid`.
        reqid: u32,
        /// `seq`.
        seq: u32,
        /// The lowest SPI to pick.
        min: u32,
        /// The highest SPI to pick.
        max: u32,
    }
}

impl AllocSpi {
    /// An SPI for `proto` from `src` to `dst`, in `ip`'s default range (0x100 to 0x0fffffff,
    /// 0xffff for IPComp).
    #[must_use]
    pub fn new(src: IpAddr, dst: IpAddr, proto: XfrmProto) -> Self {
        AllocSpi {
            src,
            dst,
            proto,
            mode: XfrmMode::TRANSPORT,
            reqid: 0,
            seq: 0,
            min: 0x100,
            max: if proto == XfrmProto::COMP {
                0xffff
            } else {
                0x0fff_ffff
            },
        }
    }

    fn build(&self, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let info = XfrmUserspiInfo {
            info: XfrmUsersaInfo {
                id: XfrmId {
                    daddr: XfrmAddress::new(self.dst),
                    proto: self.proto.0,
                    ..XfrmId::default()
                },
                saddr: XfrmAddress::new(self.src),
                seq: self.seq.into(),
                reqid: self.reqid.into(),
                family: family_of(self.src).into(),
                mode: self.mode.0,
                ..XfrmUsersaInfo::default()
            },
            min: self.min.into(),
            max: self.max.into(),
        };
        netlink_wire::xfrm::AllocSpiMsg::builder(buf, XFRM_MSG_ALLOCSPI, Flags::EMPTY, &info)?
            .finish()
    }
}

/// The requests that need no check before they are sent (a key or a flush, whose every
/// field the kernel judges), each written by its own `write`; the keys are lookups too.
macro_rules! plain_requests {
    ($( $R:ty => $O:ty $(, lookup $get:expr)?; )*) => {$(
        impl Request for $R {
            type Object = $O;

            fn validate(&self, _: MessageType, _: Flags) -> Result<()> {
                Ok(())
            }

            fn build(
                &self,
                buf: &mut Vec<u8>,
                t: MessageType,
                flags: Flags,
            ) -> netlink_wire::Result<usize> {
                self.write(buf, t, flags)
            }
        }

        $(
            impl Lookup<$R> for $O {
                fn get_request(key: &$R, buf: &mut Vec<u8>) -> Result<()> {
                    key.write(buf, $get, Flags::EMPTY)
                        .map(drop)
                        .map_err(Error::Encode)
                }
            }
        )?
    )*};
}

plain_requests! {
    PolicyKey => XfrmPolicy, lookup XFRM_MSG_GETPOLICY;
    PolicyFlush => XfrmPolicy;
    StateKey => XfrmState, lookup XFRM_MSG_GETSA;
    StateFlush => XfrmState;
}

/// An XFRM notification, decoded (`ip xfrm monitor`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XfrmEvent {
    /// An SA was added or changed (`NEWSA`, `UPDSA`).
    NewState(XfrmState),
    /// An SA was deleted (`DELSA`, which carries the SA in `XFRMA_SA`).
    DelState(Option<XfrmState>),
    /// A policy was added or changed (`NEWPOLICY`, `UPDPOLICY`).
    NewPolicy(XfrmPolicy),
    /// A policy was deleted (`DELPOLICY`, which carries it in `XFRMA_POLICY`).
    DelPolicy(Option<XfrmPolicy>),
    /// Every SA of a protocol was deleted (`FLUSHSA`).
    FlushStates(XfrmProto),
    /// Every policy (of a database) was deleted (`FLUSHPOLICY`).
    FlushPolicies(PolicyType),
    /// An SA reached a limit (`EXPIRE`): the SA and whether the limit was hard.
    Expire(XfrmState, bool),
    /// A policy reached a limit (`POLEXPIRE`).
    PolExpire(XfrmPolicy, bool),
    /// The kernel asks for an SA (`ACQUIRE`): the template's protocol and addresses.
    Acquire {
        /// The protocol asked for.
        proto: XfrmProto,
        /// The source.
        src: Option<IpAddr>,
        /// The destination.
        dst: Option<IpAddr>,
    },
    /// Another XFRM message, by type.
    Other(MessageType),
}

impl XfrmEvent {
    /// Decodes an XFRM notification.
    ///
    /// # Errors
    /// When the message is malformed.
    pub fn from_message(msg: &netlink_wire::Message) -> Result<XfrmEvent> {
        use netlink_wire::xfrm as x;
        let m = msg.as_msg();
        let t = msg.message_type();
        Ok(match t {
            x::XFRM_MSG_NEWSA | x::XFRM_MSG_UPDSA => {
                XfrmEvent::NewState(XfrmState::from_msg(&SaMsg::parse(m)?)?)
            }
            x::XFRM_MSG_DELSA => {
                let v = SaIdMsg::parse(m)?;
                v.check_frame()?;
                XfrmEvent::DelState(match v.sa()? {
                    Some(sa) => Some(state_of(&sa.get(), v.attrs())?),
                    None => None,
                })
            }
            x::XFRM_MSG_NEWPOLICY | x::XFRM_MSG_UPDPOLICY => {
                XfrmEvent::NewPolicy(XfrmPolicy::from_msg(&PolicyMsg::parse(m)?)?)
            }
            x::XFRM_MSG_DELPOLICY => {
                let v = PolicyIdMsg::parse(m)?;
                v.check_frame()?;
                XfrmEvent::DelPolicy(match v.policy()? {
                    Some(p) => Some(policy_of(&p.get(), v.attrs())?),
                    None => None,
                })
            }
            x::XFRM_MSG_FLUSHSA => {
                XfrmEvent::FlushStates(XfrmProto(x::FlushSaMsg::parse(m)?.header().proto))
            }
            x::XFRM_MSG_FLUSHPOLICY => {
                let v = x::BareMsg::parse(m)?;
                XfrmEvent::FlushPolicies(
                    v.policy_type()?
                        .map_or(PolicyType::MAIN, |p| PolicyType(p.get().r#type)),
                )
            }
            x::XFRM_MSG_EXPIRE => {
                let h = x::ExpireMsg::parse(m)?.header();
                XfrmEvent::Expire(
                    state_of(&h.state, x::ExpireMsg::parse(m)?.attrs())?,
                    h.hard != 0,
                )
            }
            x::XFRM_MSG_POLEXPIRE => {
                let h = x::PolexpireMsg::parse(m)?.header();
                XfrmEvent::PolExpire(
                    policy_of(&h.pol, x::PolexpireMsg::parse(m)?.attrs())?,
                    h.hard != 0,
                )
            }
            x::XFRM_MSG_ACQUIRE => {
                let h = x::AcquireMsg::parse(m)?.header();
                let family = h.policy.sel.family.get();
                XfrmEvent::Acquire {
                    proto: XfrmProto(h.id.proto),
                    src: h.saddr.ip(family),
                    dst: h.id.daddr.ip(family),
                }
            }
            other => XfrmEvent::Other(other),
        })
    }
}

/// Writes `attrs` after a header, but for the attribute that carried the header itself
/// (`XFRMA_SA` of a `DELSA`, `XFRMA_POLICY` of a `DELPOLICY`).
fn put_rest(b: &mut MessageBuilder<'_>, attrs: netlink_wire::Attrs<'_>, skip: Xfrma) -> Result<()> {
    for a in attrs {
        let a = a?;
        if a.kind() != skip.0 {
            b.put(a.raw_type(), a.payload());
        }
    }
    Ok(())
}

/// The owned SA of an `xfrm_usersa_info` carried inside another message (`DELSA`, `EXPIRE`),
/// with that message's attributes.
fn state_of(info: &XfrmUsersaInfo, attrs: netlink_wire::Attrs<'_>) -> Result<XfrmState> {
    let mut buf = Vec::with_capacity(256);
    let mut b =
        SaMsg::builder(&mut buf, XFRM_MSG_NEWSA, Flags::EMPTY, info).map_err(Error::Encode)?;
    put_rest(&mut b, attrs, Xfrma::SA)?;
    b.finish().map_err(Error::Encode)?;
    XfrmState::from_msg(&SaMsg::parse(netlink_wire::Msg::parse(&buf)?)?)
}

/// The owned policy of an `xfrm_userpolicy_info` carried inside another message
/// (`DELPOLICY`, `POLEXPIRE`), with that message's attributes.
fn policy_of(info: &XfrmUserpolicyInfo, attrs: netlink_wire::Attrs<'_>) -> Result<XfrmPolicy> {
    let mut buf = Vec::with_capacity(192);
    let mut b = PolicyMsg::builder(&mut buf, XFRM_MSG_NEWPOLICY, Flags::EMPTY, info)
        .map_err(Error::Encode)?;
    put_rest(&mut b, attrs, Xfrma::POLICY)?;
    b.finish().map_err(Error::Encode)?;
    XfrmPolicy::from_msg(&PolicyMsg::parse(netlink_wire::Msg::parse(&buf)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn reparse<R: Request>(req: &R, t: MessageType) -> Vec<u8> {
        let mut buf = Vec::new();
        req.build(&mut buf, t, Flags::EMPTY).unwrap();
        buf
    }

    fn policy() -> PolicyRequest {
        PolicyRequest::new(
            Selector::new((ip("192.0.2.0"), 24), (ip("198.51.100.0"), 24)).dport(443),
            PolicyDir::OUT,
        )
        .priority(4)
        .mark((1, 0xff))
        .template(Template::new(
            XfrmProto::ESP,
            XfrmMode::TUNNEL,
            Some(ip("192.0.2.1")),
            Some(ip("198.51.100.1")),
        ))
    }

    #[test]
    fn a_policy_request_reads_back_as_the_policy_it_describes() {
        let buf = reparse(&policy(), XFRM_MSG_NEWPOLICY);
        let p = XfrmPolicy::from_msg(
            &PolicyMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!(p.selector, policy().selector);
        assert_eq!(
            (p.dir, p.priority, p.mark),
            (PolicyDir::OUT, 4, Some((1, 0xff)))
        );
        assert_eq!(p.templates, policy().templates);
        assert_eq!(p.ptype, None);
        assert_eq!(p.key().mark, Some((1, 0xff)));
    }

    #[test]
    fn a_broken_attribute_fails_the_conversion_with_its_offset() {
        let mut buf = reparse(&policy(), XFRM_MSG_NEWPOLICY);
        let at = buf.len();
        buf.extend_from_slice(&[64, 0, 1, 0]);
        let len = u32::try_from(buf.len()).unwrap();
        buf[..4].copy_from_slice(&len.to_ne_bytes());
        let view = PolicyMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
        match XfrmPolicy::from_msg(&view) {
            Err(Error::Decode(netlink_wire::Error::BadLength { offset, .. })) => {
                assert_eq!(offset, at);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_sa_request_reads_back_with_its_algorithms_and_keys() {
        let req = StateRequest::new(ip("2001:db8::1"), ip("2001:db8::2"), XfrmProto::ESP, 7)
            .mode(XfrmMode::TUNNEL)
            .algorithm(Algorithm::new(
                AlgoKind::Aead(128),
                "rfc4106(gcm(aes))",
                &[1; 20],
            ))
            .algorithm(Algorithm::new(AlgoKind::Comp, "deflate", &[]));
        let buf = reparse(&req, XFRM_MSG_NEWSA);
        let sa =
            XfrmState::from_msg(&SaMsg::parse(netlink_wire::Msg::parse(&buf).unwrap()).unwrap())
                .unwrap();
        assert_eq!(
            (sa.src, sa.dst, sa.spi),
            (Some(ip("2001:db8::1")), Some(ip("2001:db8::2")), 7)
        );
        assert_eq!(sa.algorithms, req.algorithms);
        assert_eq!(sa.selector, None);
    }

    #[test]
    fn a_deleted_policy_event_carries_the_policy_and_its_attributes() {
        let info = reparse(&policy(), XFRM_MSG_NEWPOLICY);
        let inner = PolicyMsg::parse(netlink_wire::Msg::parse(&info).unwrap()).unwrap();
        let mut buf = Vec::new();
        let mut b = PolicyIdMsg::builder(
            &mut buf,
            XFRM_MSG_DELPOLICY,
            Flags::EMPTY,
            &XfrmUserpolicyId::default(),
        )
        .unwrap();
        b.put(Xfrma::POLICY.0, inner.header().as_bytes());
        for a in inner.attrs() {
            let a = a.unwrap();
            b.put(a.raw_type(), a.payload());
        }
        b.finish().unwrap();
        let msg = netlink_wire::decode_message(&buf).unwrap();
        match XfrmEvent::from_message(&msg).unwrap() {
            XfrmEvent::DelPolicy(Some(p)) => {
                assert_eq!(p.templates, policy().templates);
                assert_eq!(p.mark, Some((1, 0xff)));
            }
            other => panic!("{other:?}"),
        }
    }
}
