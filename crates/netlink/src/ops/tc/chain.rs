//! Filter chains: list, add and delete (`tc chain`), with an optional template (a classifier
//! kind and options that every filter of the chain must match).

use netlink_wire::rtnl::tc::{TcHandle, TcObjectMsg, Tca};
use netlink_wire::rtnl::{RTM_DELCHAIN, RTM_GETCHAIN, RTM_NEWCHAIN};
use netlink_wire::{AttrWrite, Flags, Message, MessageType, PutValue};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::tc::common::{Attach, chain_missing, header};
use crate::ops::tc::filter_kinds::FilterKind;

/// A filter chain as the kernel reports it (`RTM_NEWCHAIN`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Chain {
    /// The device hook or the shared block.
    pub attach: Attach,
    /// `TCA_CHAIN`: the chain's index.
    pub chain: u32,
    /// The template's classifier kind, if the chain has one.
    pub template: Option<String>,
    message: Message,
}

tc_views!(Chain);

impl Chain {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_msg(m: &TcObjectMsg<'_>) -> Result<Chain> {
        m.check_frame()?;
        Ok(Chain {
            attach: Attach::of(m),
            chain: m.chain()?.unwrap_or(0),
            template: m.kind()?.map(str::to_owned),
            message: m.msg().to_owned(),
        })
    }
}

settable! {
    /// Which chains [`Connection::chains`](crate::Connection::chains) returns: the kernel needs the
    /// device hook or block, and takes the chain index (`TCA_CHAIN`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct ChainFilter {
        /// The device hook or block: required.
        attach: Option<Attach>,
        /// `chain`.
        chain: Option<u32>,
    }
}

impl Object for Chain {
    type View<'a> = TcObjectMsg<'a>;
    type Filter = ChainFilter;
    const NEW: MessageType = RTM_NEWCHAIN;
    const DEL: MessageType = RTM_DELCHAIN;
    const GET: MessageType = RTM_GETCHAIN;

    fn dump_request(filter: &ChainFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let (index, parent) = filter.attach.map_or((0, TcHandle::UNSPEC), |a| a.header());
        let hdr = header(index, TcHandle::UNSPEC, parent);
        let mut b = TcObjectMsg::builder(buf, RTM_GETCHAIN, Flags::EMPTY, &hdr)?;
        b.put_some(Tca::CHAIN, filter.chain);
        b.finish()
    }

    fn matches(filter: &ChainFilter, c: &TcObjectMsg<'_>) -> Result<bool> {
        let attach_ok = filter.attach.is_none_or(|a| a.holds(c));
        Ok(attach_ok
            && match filter.chain {
                Some(n) => c.chain()? == Some(n),
                None => true,
            })
    }

    fn validate_filter(filter: &ChainFilter) -> Result<()> {
        Attach::required(filter.attach, "chains")
    }

    fn from_view(c: &TcObjectMsg<'_>) -> Result<Chain> {
        Chain::from_msg(c)
    }
}

settable! {
    /// A chain to add or delete.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ChainRequest {
        /// The device hook or the shared block.
        fixed attach: Attach,
        /// `chain`: the index.
        fixed chain: u32,
        /// A template: the classifier kind and options its filters must match (`tc chain
        /// add ... flower dst_mac ...`), typed as a filter's kind ([`Flower`](super::Flower),
        /// [`U32`](super::U32)..., or a [`RawKind`](super::RawKind)).
        template: Option<FilterKind>,
        /// `protocol` in host order, which a template's options are written for (`tcm_info`;
        /// 0 for none, as `tc` sends without `protocol`).
        protocol: u16,
    }
}

impl ChainRequest {
    /// Chain `chain` on `attach`.
    #[must_use]
    pub fn new(attach: Attach, chain: u32) -> Self {
        ChainRequest {
            attach,
            chain,
            template: None,
            protocol: 0,
        }
    }
}

impl Request for ChainRequest {
    type Object = Chain;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        self.attach.validate()?;
        if let Some(t) = &self.template {
            t.validate()?;
        }
        Ok(())
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let (index, parent) = self.attach.header();
        let mut hdr = header(index, TcHandle::UNSPEC, parent);
        // tc's `tcm_info` for a chain: priority 0, the protocol in network order.
        hdr.tcm_info.set(u32::from(self.protocol.to_be()));
        let mut b = TcObjectMsg::builder(buf, t, flags, &hdr)?;
        b.put_u32(Tca::CHAIN, self.chain);
        if let Some(k) = &self.template {
            k.write(&mut b, self.protocol);
        }
        b.finish()
    }
}

/// What identifies one chain for [`Connection::get`](crate::Connection::get) (`tc chain get`):
/// its device hook or shared block, and its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChainKey {
    /// The device hook or the shared block.
    pub attach: Attach,
    /// `chain`: the index; `None` sends no `TCA_CHAIN`, which the kernel reads as chain 0
    /// (`tc chain get` without `chain`).
    pub chain: Option<u32>,
}

impl ChainKey {
    /// Chain `chain` on `attach`.
    #[must_use]
    pub fn new(attach: Attach, chain: u32) -> Self {
        ChainKey {
            attach,
            chain: Some(chain),
        }
    }
}

impl Lookup<ChainKey> for Chain {
    const GET_REPLY: MessageType = RTM_GETCHAIN;

    fn get_request(key: &ChainKey, buf: &mut Vec<u8>) -> Result<()> {
        key.attach.validate()?;
        let (index, parent) = key.attach.header();
        let hdr = header(index, TcHandle::UNSPEC, parent);
        // tc's request: NLM_F_ECHO, the header, TCA_CHAIN when named.
        let mut b = TcObjectMsg::builder(buf, RTM_GETCHAIN, Flags::ECHO, &hdr)?;
        b.put_some(Tca::CHAIN, key.chain);
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }

    /// A missing chain, which the kernel answers with `EINVAL`, is a miss.
    fn is_miss(e: &Error) -> bool {
        e.is_not_found() || chain_missing(e)
    }
}

impl crate::Connection {
    /// The chain `key` names (`tc chain get dev DEV parent P chain N`); `None` when the
    /// kernel has no such chain, device or parent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad hook; the kernel's other errors.
    pub fn get_chain(&self, key: &ChainKey) -> Result<Option<Chain>> {
        self.get(key)
    }
}

named_ops! { Chain, ChainRequest;
    list chains "Every chain matching `filter` (`tc chain show`).";
    for_each for_each_chain "Every chain matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_chain "Adds a chain (`tc chain add`); fails with `EEXIST` if it is there.";
    delete delete_chain "Deletes a chain and its filters (`tc chain del`).";
}
