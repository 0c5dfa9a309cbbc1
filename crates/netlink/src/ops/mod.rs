//! Typed RTNETLINK objects on the object layer ([`crate::object`]): links, addresses, routes,
//! neighbours, rules and nexthop objects; namespace ids, netconf, address labels, link
//! statistics, multicast and anycast addresses, neighbour tables, link properties and nexthop
//! buckets; bridges' forwarding and multicast databases, VLANs and VNIs; traffic control's
//! qdiscs, classes, filters and chains; and what the kernel only announces ([`notices`]).
//!
//! Each kind has a module with its owned description (`Address`, ...), its filter and its
//! requests, the [`Object`](crate::Object) and [`Request`](crate::Request) implementations, and
//! the named operations on [`Connection`](crate::Connection) that read like `ip`
//! (`addresses`, `add_route`, `set_link_up`, ...), each a call into the generic ones.

pub mod addr;
pub mod addrlabel;
pub mod bridge_port;
pub mod bridge_vlan;
pub mod fdb;
pub mod link;
pub mod link_kind;
pub mod link_prop;
pub mod maddr;
pub mod mdb;
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
pub mod tc;
pub mod vni;

use crate::error::Error;

/// An argument error, raised before anything is sent.
pub(crate) fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}

#[cfg(test)]
mod tests {
    use netlink_wire::{FamilyMsg, Flags, Msg};

    use crate::error::Error;
    use crate::object::{Object, Request};

    /// Builds `req` as its kind's "new" message, checks that it converts, then appends an
    /// attribute claiming more bytes than follow: the owned conversion must fail with that
    /// attribute's framing error at its offset, not return the object with a field missing.
    fn a_broken_tail_fails<R: Request>(req: &R) {
        let mut buf = Vec::new();
        req.build(&mut buf, R::Object::NEW, Flags::EMPTY).unwrap();
        let convert = |buf: &[u8]| {
            let view = <R::Object as Object>::View::parse(Msg::parse(buf).unwrap()).unwrap();
            R::Object::from_view(&view).map(|_| ())
        };
        assert!(convert(&buf).is_ok());
        let at = buf.len();
        buf.extend_from_slice(&[64, 0, 1, 0]);
        let len = u32::try_from(buf.len()).unwrap();
        buf[..4].copy_from_slice(&len.to_ne_bytes());
        match convert(&buf) {
            Err(Error::Decode(netlink_wire::Error::BadLength { offset, .. })) => {
                assert_eq!(offset, at);
            }
            other => panic!("{}: {other:?}", std::any::type_name::<R>()),
        }
    }

    #[test]
    fn a_broken_frame_fails_every_owned_conversion() {
        use netlink_wire::rtnl::{AddressFamily, Table};

        use super::link_kind::LinkKind;
        let ip = |s: &str| s.parse().unwrap();
        a_broken_tail_fails(&super::addr::AddressRequest::new(3, ip("192.0.2.1"), 24));
        a_broken_tail_fails(&super::route::RouteRequest::new(ip("198.51.100.0"), 24).oif(3));
        a_broken_tail_fails(&super::neigh::NeighRequest::with_lladdr(
            3,
            ip("192.0.2.9"),
            &[2, 0, 0, 0, 0, 9],
        ));
        a_broken_tail_fails(&super::rule::RuleRequest::lookup(
            AddressFamily::INET,
            100,
            Table(100),
        ));
        a_broken_tail_fails(&super::nexthop::NexthopRequest::gateway(
            7,
            ip("192.0.2.254"),
            3,
        ));
        a_broken_tail_fails(&super::link::LinkRequest::new("v0", LinkKind::veth("v1")));
    }
}
