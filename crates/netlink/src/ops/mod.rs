//! Typed RTNETLINK objects on the object layer ([`crate::object`]): links, addresses, routes,
//! neighbours, rules and nexthop objects; namespace ids, netconf, address labels, link
//! statistics, multicast and anycast addresses, neighbour tables, link properties and nexthop
//! buckets; and what the kernel only announces ([`notices`]).
//!
//! Each kind has a module with its owned description (`Address`, ...), its filter and its
//! requests, the [`Object`](crate::Object) and [`Request`](crate::Request) implementations, and
//! the named operations on [`Connection`](crate::Connection) that read like `ip`
//! (`addresses`, `add_route`, `set_link_up`, ...), each a call into the generic ones.

pub mod addr;
pub mod addrlabel;
pub mod link;
pub mod link_kind;
pub mod link_prop;
pub mod maddr;
pub mod neigh;
pub mod netconf;
pub mod nexthop;
pub mod nexthop_bucket;
pub mod notices;
pub mod nsid;
pub mod ntable;
pub mod route;
pub mod rule;
pub mod stats;

use crate::error::Error;

/// An argument error, raised before anything is sent.
pub(crate) fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}
