//! Filters: list, add, replace, change and delete (`tc filter`), on a device's qdisc or class
//! or on a shared block.
//!
//! A filter's classifier and settings are a [`FilterKind`]: `matchall` and `bpf` typed, with
//! their actions ([`TcAction`](super::TcAction)), the other classifiers as bytes
//! ([`RawKind`]); the owned [`Filter`] reads them back with [`Filter::settings`].

use netlink_wire::rtnl::tc::{DumpFlags, NlaBitfield32, TcObjectMsg, Tca};
use netlink_wire::rtnl::{RTM_DELTFILTER, RTM_GETTFILTER, RTM_NEWTFILTER};
use netlink_wire::{AttrWrite, Flags, Message, MessageType, PutValue};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::tc::common::{
    Attach, Estimator, RawKind, TcStatistics, chain_missing, header, validate_kind,
};
use crate::ops::tc::filter_kinds::FilterKind;

/// `tcm_info` of a filter: its priority in the high 16 bits, its protocol (an EtherType in
/// network order) in the low 16.
fn info(priority: u16, protocol: u16) -> u32 {
    (u32::from(priority) << 16) | u32::from(protocol.to_be())
}

/// A filter as the kernel reports it (`RTM_NEWTFILTER`), with the message kept for its
/// kind's options ([`Filter::view`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Filter {
    /// The device hook or the shared block.
    pub attach: Attach,
    /// `tcm_handle`: the filter's handle, in the kind's own notation.
    pub handle: u32,
    /// The priority (`pref`).
    pub priority: u16,
    /// The protocol: an EtherType in host order (`ETH_P_ALL` is 3, IPv4 0x0800).
    pub protocol: u16,
    /// `TCA_KIND`: the classifier.
    pub kind: String,
    /// `TCA_CHAIN`.
    pub chain: Option<u32>,
    /// `TCA_HW_OFFLOAD`.
    pub offloaded: bool,
    /// `TCA_STATS2` (or `TCA_STATS`).
    pub stats: Option<TcStatistics>,
    /// `TCA_EXT_WARN_MSG`: a warning the kernel attached to the notification of a change.
    pub warning: Option<String>,
    message: Message,
}

tc_views!(Filter);

impl Filter {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_msg(m: &TcObjectMsg<'_>) -> Result<Filter> {
        m.check_frame()?;
        let info = m.info();
        Ok(Filter {
            attach: Attach::of(m),
            handle: m.handle().0,
            priority: (info >> 16) as u16,
            protocol: u16::from_be((info & 0xffff) as u16),
            kind: m.kind()?.unwrap_or_default().to_owned(),
            chain: m.chain()?,
            offloaded: m.hw_offload()?.is_some_and(|o| o != 0),
            stats: TcStatistics::of(m)?,
            warning: m.ext_warn_msg()?.map(str::to_owned),
            message: m.msg().to_owned(),
        })
    }

    /// The kind and its options as bytes.
    ///
    /// # Errors
    /// When the options are malformed.
    pub fn raw_kind(&self) -> Result<Option<RawKind>> {
        RawKind::of(&self.view()?)
    }

    /// The classifier and its settings: typed for `matchall` and `bpf` (with their actions),
    /// [`FilterKind::Raw`] for the others.
    ///
    /// # Errors
    /// When the options or an action in them are malformed.
    pub fn settings(&self) -> Result<Option<FilterKind>> {
        FilterKind::of(&self.view()?)
    }
}

settable! {
    /// Which filters [`Connection::filters`](crate::Connection::filters) returns. The kernel
    /// needs the device hook or block; it filters by priority and protocol (`tcm_info`), chain
    /// (`TCA_CHAIN`) and leaves the options out with `terse` (`TCA_DUMP_FLAGS`); the handle and
    /// kind are checked on the replies.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct FilterSelector {
        /// The device hook or block (`dev X [parent P | ingress | egress | root]`, `block N`):
        /// required.
        attach: Option<Attach>,
        /// `pref`.
        priority: Option<u16>,
        /// `protocol`, in host order.
        protocol: Option<u16>,
        /// `handle`.
        handle: Option<u32>,
        /// `chain`.
        chain: Option<u32>,
        /// The classifier.
        kind: Option<String>,
        /// `TCA_DUMP_FLAGS_TERSE`: only the key fields of each filter (`tc -brief`).
        terse: bool,
    }
}

impl Object for Filter {
    type View<'a> = TcObjectMsg<'a>;
    type Filter = FilterSelector;
    const NEW: MessageType = RTM_NEWTFILTER;
    const DEL: MessageType = RTM_DELTFILTER;
    const GET: MessageType = RTM_GETTFILTER;

    fn dump_request(filter: &FilterSelector, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let (index, parent) = filter
            .attach
            .map_or((0, Default::default()), |a| a.header());
        let mut hdr = header(index, Default::default(), parent);
        hdr.tcm_info.set(info(
            filter.priority.unwrap_or(0),
            filter.protocol.unwrap_or(0),
        ));
        let mut b = TcObjectMsg::builder(buf, RTM_GETTFILTER, Flags::EMPTY, &hdr)?;
        b.put_some(Tca::CHAIN, filter.chain);
        if filter.terse {
            let terse = DumpFlags::TERSE.bits();
            b.put_struct(Tca::DUMP_FLAGS, &NlaBitfield32::new(terse, terse));
        }
        b.finish()
    }

    fn matches(filter: &FilterSelector, f: &TcObjectMsg<'_>) -> Result<bool> {
        let info = f.info();
        let attach_ok = filter.attach.is_none_or(|a| a.holds(f));
        if !attach_ok
            || filter.priority.is_some_and(|p| u32::from(p) != info >> 16)
            || filter
                .protocol
                .is_some_and(|p| u32::from(p.to_be()) != info & 0xffff)
            || filter.handle.is_some_and(|h| h != f.handle().0)
        {
            return Ok(false);
        }
        if let Some(c) = filter.chain
            && f.chain()?.is_some_and(|fc| fc != c)
        {
            return Ok(false);
        }
        Ok(match &filter.kind {
            Some(k) => f.kind()? == Some(k.as_str()),
            None => true,
        })
    }

    fn validate_filter(filter: &FilterSelector) -> Result<()> {
        Attach::required(filter.attach, "filters")
    }

    fn from_view(f: &TcObjectMsg<'_>) -> Result<Filter> {
        Filter::from_msg(f)
    }
}

settable! {
    /// A filter to add, replace, change or delete.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FilterRequest {
        /// The device hook or the shared block.
        fixed attach: Attach,
        /// `pref`: 0 lets the kernel pick one when adding.
        fixed priority: u16,
        /// `protocol` in host order (`ETH_P_ALL` is 3); 0 for any when deleting.
        fixed protocol: u16,
        /// `handle`.
        handle: u32,
        /// `chain`.
        chain: Option<u32>,
        /// The classifier and its settings; `None` sends no `TCA_KIND` (a delete of every filter
        /// of a priority; the kernel refuses to add a filter without one).
        fixed kind: Option<FilterKind>,
        /// `estimator`.
        estimator: Option<Estimator>,
    }
}

impl FilterRequest {
    /// A filter of `kind` ([`Matchall`](super::Matchall), [`Bpf`](super::Bpf), a
    /// [`RawKind`]...) at `priority` for `protocol` on `attach`.
    #[must_use]
    pub fn new(attach: Attach, priority: u16, protocol: u16, kind: impl Into<FilterKind>) -> Self {
        FilterRequest {
            attach,
            priority,
            protocol,
            handle: 0,
            chain: None,
            kind: Some(kind.into()),
            estimator: None,
        }
    }
}

impl Request for FilterRequest {
    type Object = Filter;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        self.attach.validate()?;
        // Without a kind, the kernel deletes every filter of the priority, or refuses.
        self.kind.as_ref().map_or(Ok(()), FilterKind::validate)
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let (index, parent) = self.attach.header();
        let mut hdr = header(index, self.handle.into(), parent);
        hdr.tcm_info.set(info(self.priority, self.protocol));
        let mut b = TcObjectMsg::builder(buf, t, flags, &hdr)?;
        // tc's order: the chain, the kind, the options, the estimator.
        b.put_some(Tca::CHAIN, self.chain);
        if let Some(k) = &self.kind {
            k.write(&mut b, self.protocol);
        }
        if let Some(e) = &self.estimator {
            b.put_struct(Tca::RATE, &e.to_struct());
        }
        b.finish()
    }
}

/// What identifies one filter for [`Connection::get`](crate::Connection::get) (`tc filter
/// get`): its hook or block, priority, protocol, handle (in its kind's notation) and kind, which
/// the kernel checks, and its chain (0 when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FilterKey {
    /// The device hook or the shared block.
    pub attach: Attach,
    /// `pref`.
    pub priority: u16,
    /// `protocol` in host order.
    pub protocol: u16,
    /// `handle`: `tcm_handle` (a u32 filter's `800::800` is `0x8000_0800`).
    pub handle: u32,
    /// The classifier's kind (`u32`, `bpf`...).
    pub kind: String,
    /// `chain`.
    pub chain: Option<u32>,
}

impl FilterKey {
    /// The filter of `kind` with `handle` at `priority` for `protocol` on `attach`, in chain 0.
    #[must_use]
    pub fn new(
        attach: Attach,
        priority: u16,
        protocol: u16,
        handle: u32,
        kind: impl Into<String>,
    ) -> Self {
        FilterKey {
            attach,
            priority,
            protocol,
            handle,
            kind: kind.into(),
            chain: None,
        }
    }

    /// The same filter in chain `chain`.
    #[must_use]
    pub fn chain(mut self, chain: u32) -> Self {
        self.chain = Some(chain);
        self
    }
}

impl Lookup<FilterKey> for Filter {
    fn get_request(key: &FilterKey, buf: &mut Vec<u8>) -> Result<()> {
        key.attach.validate()?;
        validate_kind(&key.kind)?;
        let (index, parent) = key.attach.header();
        let mut hdr = header(index, key.handle.into(), parent);
        hdr.tcm_info.set(info(key.priority, key.protocol));
        // tc's request: NLM_F_ECHO, the header, then the chain and the kind.
        let mut b = TcObjectMsg::builder(buf, RTM_GETTFILTER, Flags::ECHO, &hdr)?;
        b.put_some(Tca::CHAIN, key.chain);
        b.put_str(Tca::KIND, &key.kind);
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }

    /// A filter in a missing chain, which the kernel answers with `EINVAL`, is a miss.
    fn is_miss(e: &Error) -> bool {
        e.is_not_found() || chain_missing(e)
    }
}

impl crate::Connection {
    /// The filter `key` names (`tc filter get dev DEV parent P protocol PROTO pref N handle H
    /// KIND`); `None` when the kernel has no such filter, priority, chain, device or parent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad hook or kind; the kernel's other errors (`EINVAL`
    /// when the filter there is of another kind).
    pub fn get_filter(&self, key: &FilterKey) -> Result<Option<Filter>> {
        self.get(key)
    }
}

named_ops! { Filter, FilterRequest;
    list filters "Every filter matching `filter` (`tc filter show`).";
    for_each for_each_filter "Every filter matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_filter "Adds a filter (`tc filter add`); fails with `EEXIST` if it is there.";
    delete delete_filter "Deletes a filter (`tc filter del`).";
}

tc_verbs! { FilterRequest;
    replace_filter TC_REPLACE "Adds a filter or changes the one there (`tc filter replace`).";
    change_filter TC_CHANGE "Changes a filter that exists (`tc filter change`).";
}
