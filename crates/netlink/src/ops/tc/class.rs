//! Classes: list, look up, add, replace, change and delete (`tc class`).

use netlink_wire::rtnl::tc::{TcHandle, TcObjectMsg};
use netlink_wire::rtnl::{RTM_DELTCLASS, RTM_GETTCLASS, RTM_NEWTCLASS};
use netlink_wire::{Flags, Message, MessageType};

use crate::error::Result;
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;
use crate::ops::tc::common::{Estimator, TcStatistics, echo_get, header, put_kind};
use crate::ops::tc::kinds::ClassKind;

/// A class as the kernel reports it (`RTM_NEWTCLASS`), with the message kept for its kind's
/// options and statistics ([`Class::view`], [`Class::settings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Class {
    /// `tcm_ifindex`: the interface.
    pub index: u32,
    /// `tcm_handle`: the class id (`major:minor`).
    pub handle: TcHandle,
    /// `tcm_parent`: the parent class, or [`TcHandle::ROOT`] for a top-level class.
    pub parent: TcHandle,
    /// `tcm_info`: the handle of the class's leaf qdisc, if it has one.
    pub leaf: Option<TcHandle>,
    /// `TCA_KIND`.
    pub kind: String,
    /// `TCA_STATS2` (or `TCA_STATS`).
    pub stats: Option<TcStatistics>,
    /// `TCA_EXT_WARN_MSG`: a warning the kernel attached to the notification of a change.
    pub warning: Option<String>,
    message: Message,
}

tc_views!(Class);

impl Class {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type.
    pub fn from_msg(m: &TcObjectMsg<'_>) -> Result<Class> {
        m.check_frame()?;
        Ok(Class {
            index: m.ifindex(),
            handle: m.handle(),
            parent: m.parent(),
            leaf: (m.info() != 0).then(|| TcHandle(m.info())),
            kind: m.kind()?.unwrap_or_default().to_owned(),
            stats: TcStatistics::of(m)?,
            warning: m.ext_warn_msg()?.map(str::to_owned),
            message: m.msg().to_owned(),
        })
    }

    /// The kind's settings, typed where this crate knows the kind.
    ///
    /// # Errors
    /// When the options are malformed.
    pub fn settings(&self) -> Result<Option<ClassKind>> {
        ClassKind::from_msg(&self.view()?)
    }
}

settable! {
    /// Which classes [`Connection::classes`](crate::Connection::classes) returns. The kernel
    /// dumps the classes of one interface (none without it) and, given `qdisc`, only those of the
    /// qdisc whose major number it has (what `tc class show dev X parent P` sends as
    /// `tcm_parent`); the other fields are checked on the replies.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct ClassFilter {
        /// The interface (`dev`): the kernel lists nothing without one.
        index: Option<u32>,
        /// Only the classes of the qdisc with this major number; the minor number goes to the
        /// kernel too and is ignored there (`tc class show ... parent`).
        qdisc: Option<TcHandle>,
        /// Only the class with this id (`classid`).
        handle: Option<TcHandle>,
        /// Only the classes whose parent is this one.
        parent: Option<TcHandle>,
    }
}

impl Object for Class {
    type View<'a> = TcObjectMsg<'a>;
    type Filter = ClassFilter;
    const NEW: MessageType = RTM_NEWTCLASS;
    const DEL: MessageType = RTM_DELTCLASS;
    const GET: MessageType = RTM_GETTCLASS;

    fn dump_request(filter: &ClassFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = header(
            filter.index.unwrap_or(0),
            TcHandle::UNSPEC,
            filter.qdisc.unwrap_or(TcHandle::UNSPEC),
        );
        TcObjectMsg::builder(buf, RTM_GETTCLASS, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &ClassFilter, c: &TcObjectMsg<'_>) -> Result<bool> {
        Ok(filter.index.is_none_or(|i| i == c.ifindex())
            && filter.qdisc.is_none_or(|q| q.major() == c.handle().major())
            && filter.handle.is_none_or(|h| h == c.handle())
            && filter.parent.is_none_or(|p| p == c.parent()))
    }

    fn from_view(c: &TcObjectMsg<'_>) -> Result<Class> {
        Class::from_msg(c)
    }
}

settable! {
    /// A class to add, replace, change or delete.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ClassRequest {
        /// The interface index.
        fixed index: u32,
        /// `classid`: the class's id.
        fixed handle: TcHandle,
        /// `parent`: the qdisc (`1:`) or class (`1:1`) it hangs from; [`TcHandle::UNSPEC`] to
        /// leave it to the kernel (`tc class change` without `parent`).
        parent: TcHandle,
        /// The kind and its settings; `None` sends no `TCA_KIND` (`tc class del`).
        fixed kind: Option<ClassKind>,
        /// `estimator`: a rate estimator.
        estimator: Option<Estimator>,
    }
}

impl ClassRequest {
    /// Class `handle` of `kind` under `parent` on interface `index`.
    #[must_use]
    pub fn new(index: u32, handle: TcHandle, parent: TcHandle, kind: ClassKind) -> Self {
        ClassRequest {
            index,
            handle,
            parent,
            kind: Some(kind),
            estimator: None,
        }
    }

    /// Class `handle` on interface `index`, to delete.
    #[must_use]
    pub fn existing(index: u32, handle: TcHandle) -> Self {
        ClassRequest {
            index,
            handle,
            parent: TcHandle::UNSPEC,
            kind: None,
            estimator: None,
        }
    }
}

impl Request for ClassRequest {
    type Object = Class;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("a class needs an interface index"));
        }
        // Without a kind the kernel keeps the class's own or refuses, as for tc.
        self.kind.as_ref().map_or(Ok(()), ClassKind::validate)
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
            self.kind.as_ref().map(ClassKind::name),
            self.estimator.as_ref(),
            |b| {
                if let Some(k) = &self.kind {
                    k.write_options(b);
                }
            },
        );
        b.finish()
    }
}

/// What identifies one class for [`Connection::get`](crate::Connection::get): the interface
/// and the class id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassKey {
    /// The interface index.
    pub index: u32,
    /// The class id.
    pub handle: TcHandle,
}

impl Lookup<ClassKey> for Class {
    fn get_request(key: &ClassKey, buf: &mut Vec<u8>) -> Result<()> {
        let hdr = header(key.index, key.handle, TcHandle::UNSPEC);
        echo_get(buf, RTM_GETTCLASS, &hdr)
    }
}

named_ops! { Class, ClassRequest;
    list classes "Every class matching `filter` (`tc class show`).";
    for_each for_each_class "Every class matching `filter`, streamed through `f` as borrowed views in constant memory.";
    add add_class "Adds a class (`tc class add`); fails with `EEXIST` if it is there.";
    delete delete_class "Deletes a class (`tc class del`).";
}

tc_verbs! { ClassRequest;
    replace_class TC_REPLACE "Adds a class or changes the one there (`tc class replace`).";
    change_class TC_CHANGE "Changes a class that exists (`tc class change`).";
}
