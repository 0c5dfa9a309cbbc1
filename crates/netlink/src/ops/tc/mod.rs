//! Traffic control on the object layer ([`crate::object`]): queueing disciplines
//! ([`Qdisc`]), classes ([`Class`]), filters ([`Filter`]), filter chains ([`Chain`]) and
//! actions ([`TcAction`]), as `tc` 6.1 lists and changes them.
//!
//! Each object kind has its owned description, its dump filter (whose fields go to the kernel
//! where `tcmsg` and the `TCA_*` dump attributes let it filter, and are checked again on every
//! reply) and its requests. A request's options are built from typed settings per kind
//! ([`QdiscKind`], [`ClassKind`]) with the wire layer's builders, computing buckets and rate
//! tables as `tc` does ([`PschedClock`](netlink_wire::rtnl::tc::PschedClock)), so that a
//! request is byte for byte what `tc` sends for the same words, for the kinds this kernel has
//! and for those it lacks alike. A kind without typed settings goes as a [`RawKind`].
//!
//! Each verb sends the flags `tc` sends: `add` `NLM_F_CREATE | NLM_F_EXCL`; `replace`
//! `NLM_F_CREATE | NLM_F_REPLACE` for qdiscs and `NLM_F_CREATE` alone for classes and
//! filters; `change` no flag at all (the object must exist); `link` (qdiscs)
//! `NLM_F_REPLACE`.
//!
//! ```no_run
//! use netlink::Connection;
//! use netlink::ops::tc::{ClassKind, ClassRequest, HtbClass, HtbQdisc, QdiscKind, QdiscRequest, TcHandle, mbit};
//!
//! let conn = Connection::new()?;
//! let dev = conn.link_index("v0")?;
//! // tc qdisc add dev v0 root handle 1: htb default 10
//! conn.add_qdisc(
//!     &QdiscRequest::root(dev, QdiscKind::Htb(HtbQdisc::default().default_class(0x10)))
//!         .handle(TcHandle::new(1, 0)),
//! )?;
//! // tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit
//! let class = HtbClass::new(mbit(1)).ceil(mbit(2));
//! conn.add_class(&ClassRequest::new(
//!     dev,
//!     TcHandle::new(1, 0x10),
//!     TcHandle::new(1, 0),
//!     ClassKind::Htb(class),
//! ))?;
//! # Ok::<(), netlink::Error>(())
//! ```
//!
//! Standalone actions (`RTM_*ACTION`) are [`ActionRequest`]s and [`TcAction`]s, `gact` and
//! `mirred` typed ([`ActionKind`]), the other kinds raw. Filters are typed for `matchall`
//! and `bpf` ([`FilterKind`], their actions [`TcAction`]s); other classifiers go as a
//! [`RawKind`].

/// Declares named change operations that send the flags `tc` sends for their verb:
/// `name FLAGS "doc";`, FLAGS being one of the constants of `verbs`.
macro_rules! tc_verbs {
    ($R:ty; $( $name:ident $flags:ident $doc:literal; )*) => {
        impl $crate::Connection {
            $(
                #[doc = $doc]
                ///
                /// # Errors
                /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad request
                /// before anything is sent; the kernel's error otherwise.
                pub fn $name(&self, req: &$R) -> $crate::Result<()> {
                    self.send(
                        req,
                        <<$R as $crate::object::Request>::Object as $crate::object::Object>::NEW,
                        $crate::ops::tc::verbs::$flags,
                    )
                }
            )*
        }
    };
}

/// Gives an owned object (whose file invokes it, for its private `message`) `view()`: its
/// message again as a borrowed view, for what the wire layer types.
macro_rules! tc_views {
    ($($O:ident),*) => {$(
        impl $O {
            /// The message again as a view: the kind's options (`view()?.options()`) and
            /// statistics (`view()?.xstats()`), typed by the wire layer.
            ///
            /// # Errors
            /// Never for an object decoded by this crate; a decode error otherwise.
            pub fn view(&self) -> $crate::Result<netlink_wire::rtnl::tc::TcObjectMsg<'_>> {
                Ok(netlink_wire::FamilyMsg::parse(self.message.as_msg())?)
            }
        }
    )*};
}

mod action;
mod action_kinds;
mod chain;
mod class;
mod classifiers;
mod common;
mod filter;
mod filter_kinds;
mod kinds;
mod lists;
mod qdisc;
mod sched;
mod shaping;
mod verbs;

pub use action::{ActionBatch, ActionKind, ActionRequest, ActionSelector, TcAction};
pub use action_kinds::{
    ActBpf, Connmark, Csum, Ct, CtNat, Ctinfo, Gate, GateEntry, Mpls, Nat, Pedit, PeditKey, Police,
    Sample, Skbedit, Skbmod, TunnelKey, TunnelOptions, Vlan,
};
pub use chain::{Chain, ChainFilter, ChainKey, ChainRequest};
pub use class::{Class, ClassFilter, ClassKey, ClassRequest};
pub use classifiers::{
    Basic, Cgroup, Flow, Flower, FlowerKey, Fw, MplsLseField, Route, U32, U32Selector,
};
pub use common::{Attach, Estimator, RawKind, SizeTable, TcStatistics, bit, gbit, kbit, mbit};
pub use filter::{Filter, FilterKey, FilterRequest, FilterSelector};
pub use filter_kinds::{Bpf, BpfProgram, FilterKind, Matchall};
pub use kinds::{ClassKind, QdiscKind};
pub use lists::{Cake, Codel, Drr, Fq, FqCodel, FqPie, Hhf, Pie, Qfq};
pub use netlink_wire::rtnl::tc::TcHandle;
pub use qdisc::{Qdisc, QdiscFilter, QdiscKey, QdiscRequest};
pub use sched::{
    Choke, Ets, EtsClass, Fifo, HfscClass, LossModel, Mqprio, Netem, Prio, Red, RedTuning, Taprio,
    TaprioEntrySpec,
};
pub use shaping::{HtbClass, HtbQdisc, SizeAccounting, Tbf, TbfLimit};
pub use verbs::TcVerb;
