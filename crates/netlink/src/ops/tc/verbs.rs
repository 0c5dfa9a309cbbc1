//! The verbs of `tc` and the flags each sends, and changes that report the kernel's warnings.

use netlink_wire::rtnl::tc::TcObject;
use netlink_wire::{Flags, MessageType};

use crate::connection::Connection;
use crate::error::Result;
use crate::object::{Object, Request};

/// `tc qdisc replace`: create, or replace what is there.
pub(crate) const QDISC_REPLACE: Flags = Flags(Flags::CREATE.0 | Flags::REPLACE.0);
/// `tc qdisc link`: graft an existing qdisc.
pub(crate) const QDISC_LINK: Flags = Flags::REPLACE;
/// `tc class replace`, `tc filter replace`: create, or change what is there.
pub(crate) const TC_REPLACE: Flags = Flags::CREATE;
/// `tc ... change`: change what is there, create nothing.
pub(crate) const TC_CHANGE: Flags = Flags::EMPTY;

/// `tc ... add`: create, fail if it exists.
pub(crate) const TC_ADD: Flags = Flags(Flags::CREATE.0 | Flags::EXCL.0);

/// A verb of `tc qdisc|class|filter|chain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcVerb {
    /// `add`.
    Add,
    /// `replace`.
    Replace,
    /// `change`.
    Change,
    /// `link` (qdiscs).
    Link,
    /// `delete`.
    Delete,
}

impl TcVerb {
    /// The message type and flags `tc` 6.1 sends for this verb on `object` (`NEW`, `DEL`):
    /// `replace` is `NLM_F_CREATE | NLM_F_REPLACE` for qdiscs and `NLM_F_CREATE` alone for
    /// the others; `change` sends no flag.
    #[must_use]
    pub fn message(
        self,
        object: TcObject,
        new: MessageType,
        del: MessageType,
    ) -> (MessageType, Flags) {
        match self {
            TcVerb::Add => (new, TC_ADD),
            TcVerb::Replace if object == TcObject::Qdisc => (new, QDISC_REPLACE),
            TcVerb::Replace => (new, TC_REPLACE),
            TcVerb::Change => (new, TC_CHANGE),
            TcVerb::Link => (new, QDISC_LINK),
            TcVerb::Delete => (del, Flags::EMPTY),
        }
    }
}

impl Connection {
    /// Sends `req` as `tc` sends `verb`, byte for byte, and returns the warning the kernel put
    /// on its acknowledgement ([`Response::warning`](crate::Response::warning)): the text `tc`
    /// prints after `Warning:`, such as htb's `sch_htb: quantum of class 10020 is big.
    /// Consider r2q change.`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad request before
    /// anything is sent; the kernel's error otherwise.
    pub fn tc_apply<R: Request>(&self, req: &R, verb: TcVerb) -> Result<Option<String>> {
        let new = <R::Object as Object>::NEW;
        let object = TcObject::of(new).ok_or(crate::Error::InvalidRequest(
            "tc_apply takes traffic-control requests",
        ))?;
        let (t, flags) = verb.message(object, new, <R::Object as Object>::DEL);
        req.validate(t, flags)?;
        req.check_with(self, t)?;
        let mut buf = Vec::with_capacity(256);
        req.build(&mut buf, t, flags)
            .map_err(crate::Error::Encode)?;
        Ok(self.request_bytes(buf)?.warning().map(str::to_owned))
    }
}
