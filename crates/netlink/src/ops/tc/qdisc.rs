//! Queueing disciplines: list, look up, add, replace, change, link and delete (`tc qdisc`).

use netlink_wire::rtnl::tc::{TcAttr, TcHandle, TcObjectMsg, Tca};
use netlink_wire::rtnl::{RTM_DELQDISC, RTM_GETQDISC, RTM_NEWQDISC};
use netlink_wire::{Flags, Message, MessageType, PutValue};

use crate::error::Result;
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;
use crate::ops::tc::common::{Estimator, SizeTable, TcStatistics, echo_get, header, put_kind};
use crate::ops::tc::kinds::QdiscKind;

/// A qdisc as the kernel reports it (`RTM_NEWQDISC`): the header's fields, the common
/// attributes decoded, and the message kept for the kind's options and statistics
/// ([`Qdisc::view`], [`Qdisc::settings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Qdisc {
    /// `tcm_ifindex`: the interface.
    pub index: u32,
    /// `tcm_handle`: the qdisc's handle (`major:`).
    pub handle: TcHandle,
    /// `tcm_parent`: [`TcHandle::ROOT`], [`TcHandle::INGRESS`] or the class it hangs from.
    pub parent: TcHandle,
    /// `tcm_info`: the reference count.
    pub refcnt: u32,
    /// `TCA_KIND`.
    pub kind: String,
    /// `TCA_HW_OFFLOAD`: whether the device runs it.
    pub offloaded: bool,
    /// `TCA_INGRESS_BLOCK`: the shared block of the ingress hook (0: none).
    pub ingress_block: Option<u32>,
    /// `TCA_EGRESS_BLOCK`: the shared block of the egress hook (0: none).
    pub egress_block: Option<u32>,
    /// `TCA_STATS2` (or `TCA_STATS`).
    pub stats: Option<TcStatistics>,
    /// `TCA_STAB`: the size table (a dump carries its spec only).
    pub stab: Option<SizeTable>,
    /// `TCA_EXT_WARN_MSG`: a warning the kernel attached to the notification of a change.
    pub warning: Option<String>,
    message: Message,
}

tc_views!(Qdisc);

impl Qdisc {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_msg(m: &TcObjectMsg<'_>) -> Result<Qdisc> {
        m.check_frame()?;
        Ok(Qdisc {
            index: m.ifindex(),
            handle: m.handle(),
            parent: m.parent(),
            refcnt: m.info(),
            kind: m.kind()?.unwrap_or_default().to_owned(),
            offloaded: m.hw_offload()?.is_some_and(|o| o != 0),
            ingress_block: m.ingress_block()?,
            egress_block: m.egress_block()?,
            stats: TcStatistics::of(m)?,
            stab: match m.stab()? {
                Some(s) => SizeTable::of(&s)?,
                None => None,
            },
            warning: m.ext_warn_msg()?.map(str::to_owned),
            message: m.msg().to_owned(),
        })
    }

    /// The kind's settings, typed where this crate knows the kind: what a
    /// [`QdiscRequest`] would need to build the qdisc again.
    ///
    /// # Errors
    /// When the options are malformed.
    pub fn settings(&self) -> Result<Option<QdiscKind>> {
        QdiscKind::from_msg(&self.view()?)
    }
}

settable! {
    /// Which qdiscs [`Connection::qdiscs`](crate::Connection::qdiscs) returns. The kernel dumps
    /// every device's qdiscs whatever the header says (`tc qdisc show dev X` sends the index and
    /// filters the replies itself), so every field is checked on the replies.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct QdiscFilter {
        /// Only the qdiscs of this interface (`dev`).
        index: Option<u32>,
        /// Only the qdisc with this handle (`handle`).
        handle: Option<TcHandle>,
        /// Only the qdiscs under this parent (`root`, `ingress`, `parent`).
        parent: Option<TcHandle>,
        /// Only qdiscs of this kind.
        kind: Option<String>,
        /// `TCA_DUMP_INVISIBLE`: list the default qdiscs the kernel hides too (`invisible`).
        invisible: bool,
    }
}

impl Object for Qdisc {
    type View<'a> = TcObjectMsg<'a>;
    type Filter = QdiscFilter;
    const NEW: MessageType = RTM_NEWQDISC;
    const DEL: MessageType = RTM_DELQDISC;
    const GET: MessageType = RTM_GETQDISC;

    fn dump_request(filter: &QdiscFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = header(
            filter.index.unwrap_or(0),
            TcHandle::UNSPEC,
            TcHandle::UNSPEC,
        );
        let mut b = TcObjectMsg::builder(buf, RTM_GETQDISC, Flags::EMPTY, &hdr)?;
        if filter.invisible {
            TcAttr::DumpInvisible(()).write_to(&mut b);
        }
        b.finish()
    }

    fn matches(filter: &QdiscFilter, q: &TcObjectMsg<'_>) -> Result<bool> {
        if filter.index.is_some_and(|i| i != q.ifindex())
            || filter.handle.is_some_and(|h| h != q.handle())
            || filter.parent.is_some_and(|p| p != q.parent())
        {
            return Ok(false);
        }
        Ok(match &filter.kind {
            Some(k) => q.kind()? == Some(k.as_str()),
            None => true,
        })
    }

    fn from_view(q: &TcObjectMsg<'_>) -> Result<Qdisc> {
        Qdisc::from_msg(q)
    }
}

settable! {
    /// A qdisc to add, replace, change or delete.
    ///
    /// ```
    /// use netlink::ops::tc::{HtbQdisc, QdiscKind, QdiscRequest, TcHandle};
    ///
    /// // tc qdisc add dev X root handle 1: htb default 10
    /// let req = QdiscRequest::root(2, QdiscKind::Htb(HtbQdisc::default().default_class(0x10)))
    ///     .handle(TcHandle::new(1, 0));
    /// assert_eq!(req.kind.as_ref().map(QdiscKind::name), Some("htb"));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct QdiscRequest {
        /// The interface index.
        fixed index: u32,
        /// `handle`: [`TcHandle::UNSPEC`] lets the kernel pick one.
        handle: TcHandle,
        /// `root`, `ingress`, `clsact` or `parent`.
        fixed parent: TcHandle,
        /// The kind and its settings; `None` sends no `TCA_KIND` (`tc qdisc del dev X root`, or
        /// a change that keeps the kind).
        fixed kind: Option<QdiscKind>,
        /// `estimator`: a rate estimator.
        estimator: Option<Estimator>,
        /// `stab`: a size table.
        stab: Option<SizeTable>,
        /// `ingress_block`: share the ingress hook's filters as this block.
        ingress_block: Option<u32>,
        /// `egress_block`: share the egress hook's filters as this block.
        egress_block: Option<u32>,
    }
}

impl QdiscRequest {
    /// A qdisc of `kind` under `parent` on interface `index`.
    #[must_use]
    pub fn new(index: u32, parent: TcHandle, kind: Option<QdiscKind>) -> Self {
        QdiscRequest {
            index,
            handle: TcHandle::UNSPEC,
            parent,
            kind,
            estimator: None,
            stab: None,
            ingress_block: None,
            egress_block: None,
        }
    }

    /// The root qdisc of interface `index` (`tc qdisc ... dev X root KIND`).
    #[must_use]
    pub fn root(index: u32, kind: QdiscKind) -> Self {
        QdiscRequest::new(index, TcHandle::ROOT, Some(kind))
    }

    /// The `ingress` qdisc (`tc qdisc add dev X ingress`: handle `ffff:`).
    #[must_use]
    pub fn ingress(index: u32) -> Self {
        QdiscRequest::new(index, TcHandle::INGRESS, Some(QdiscKind::Ingress))
            .handle(TcHandle::new(0xffff, 0))
    }

    /// The `clsact` qdisc (`tc qdisc add dev X clsact`: handle `ffff:`).
    #[must_use]
    pub fn clsact(index: u32) -> Self {
        QdiscRequest::new(index, TcHandle::CLSACT, Some(QdiscKind::Clsact))
            .handle(TcHandle::new(0xffff, 0))
    }
}

impl Request for QdiscRequest {
    type Object = Qdisc;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("a qdisc needs an interface index"));
        }
        if self.handle.minor() != 0 {
            return Err(invalid(format!(
                "qdisc handle {} has a minor number; a qdisc's is {:x}:",
                self.handle,
                self.handle.major()
            )));
        }
        // Without a kind the kernel keeps the qdisc's own (a change of its estimator or
        // blocks) or refuses to create one, as it refuses tc's request.
        self.kind.as_ref().map_or(Ok(()), QdiscKind::validate)
    }

    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = header(self.index, self.handle, self.parent);
        let mut b = TcObjectMsg::builder(buf, t, flags, &hdr)?;
        put_kind(
            &mut b,
            self.kind.as_ref().map(QdiscKind::name),
            self.estimator.as_ref(),
            |b| {
                if let Some(k) = &self.kind {
                    k.write_options(b);
                }
            },
        );
        if let Some(s) = &self.stab {
            s.write_to(&mut b);
        }
        b.put_some(Tca::INGRESS_BLOCK, self.ingress_block);
        b.put_some(Tca::EGRESS_BLOCK, self.egress_block);
        b.finish()
    }
}

/// What identifies one qdisc for [`Connection::get`](crate::Connection::get): its interface
/// and its handle, or the parent it hangs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QdiscKey {
    /// The qdisc with this handle on the interface.
    Handle(u32, TcHandle),
    /// The qdisc under this parent on the interface (`TcHandle::ROOT` for the root qdisc).
    Parent(u32, TcHandle),
}

impl Lookup<QdiscKey> for Qdisc {
    fn get_request(key: &QdiscKey, buf: &mut Vec<u8>) -> Result<()> {
        let hdr = match *key {
            QdiscKey::Handle(i, h) => header(i, h, TcHandle::UNSPEC),
            QdiscKey::Parent(i, p) => header(i, TcHandle::UNSPEC, p),
        };
        echo_get(buf, RTM_GETQDISC, &hdr)
    }
}

named_ops! { Qdisc, QdiscRequest;
    list qdiscs "Every qdisc matching `filter` (`tc qdisc show`).";
    for_each for_each_qdisc "Every qdisc matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_qdisc "Adds a qdisc (`tc qdisc add`); fails with `EEXIST` if one is there.";
    delete delete_qdisc "Deletes a qdisc (`tc qdisc del`).";
}

tc_verbs! { QdiscRequest;
    replace_qdisc QDISC_REPLACE "Adds a qdisc or replaces the one there (`tc qdisc replace`).";
    change_qdisc TC_CHANGE "Changes the settings of a qdisc that exists (`tc qdisc change`).";
    link_qdisc QDISC_LINK "Grafts a qdisc that exists under another parent (`tc qdisc link`).";
}
