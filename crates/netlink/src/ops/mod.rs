//! Typed RTNETLINK objects on the object layer ([`crate::object`]): links, addresses, routes,
//! neighbours, rules and nexthop objects.
//!
//! Each kind has a module with its owned description (`Address`, ...), its filter and its
//! requests, the [`Object`](crate::Object) and [`Request`](crate::Request) implementations, and
//! the named operations on [`Connection`](crate::Connection) that read like `ip`
//! (`addresses`, `add_route`, `set_link_up`, ...), each a call into the generic ones.

pub mod addr;
pub mod bridge_port;
pub mod bridge_vlan;
pub mod fdb;
pub mod link;
pub mod link_kind;
pub mod mdb;
pub mod neigh;
pub mod nexthop;
pub mod route;
pub mod rule;
pub mod vni;

use crate::error::Error;

/// An argument error, raised before anything is sent.
pub(crate) fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}
