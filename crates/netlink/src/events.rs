//! Typed notifications: the raw messages that [`Connection::notify`] and
//! [`Connection::handle`] deliver, decoded into links, addresses, routes, neighbours and rules.
//!
//! Subscribe with [`ConnectionOptions::memberships`](crate::ConnectionOptions::memberships) or
//! [`Connection::subscribe`] to the `RTNLGRP_*` groups ([`Group`]) of the objects to watch,
//! then decode each message with [`Event::from_message`] or let
//! [`Connection::handle_events`] do it.
//!
//! ```no_run
//! use netlink::{Connection, ConnectionOptions, Event, Group};
//!
//! let conn = Connection::with_options(ConnectionOptions::default())?;
//! for g in [Group::LINK, Group::IPV4_IFADDR, Group::IPV4_ROUTE] {
//!     conn.subscribe(g)?;
//! }
//! conn.handle_events(|event| match event {
//!     Ok(Event::NewLink(l)) => println!("link {} is {:?}", l.name, l.operstate),
//!     Ok(Event::Overrun) => println!("events lost: re-read the state"),
//!     Ok(other) => println!("{other:?}"),
//!     Err(e) => eprintln!("undecodable notification: {e}"),
//! });
//! # Ok::<(), netlink::Error>(())
//! ```

pub use netlink_wire::rtnl::Group;
use netlink_wire::rtnl::addr::AddrMsg;
use netlink_wire::rtnl::link::LinkMsg;
use netlink_wire::rtnl::neigh::NeighMsg;
use netlink_wire::rtnl::nexthop::NexthopMsg;
use netlink_wire::rtnl::route::RouteMsg;
use netlink_wire::rtnl::rule::RuleMsg;
use netlink_wire::rtnl::{
    RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELNEXTHOP, RTM_DELROUTE, RTM_DELRULE, RTM_NEWADDR,
    RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWNEXTHOP, RTM_NEWROUTE, RTM_NEWRULE,
};
use netlink_wire::{Message, MessageType};

use crate::connection::Connection;
use crate::error::Result;
use crate::ops::addr::Address;
use crate::ops::link::Link;
use crate::ops::neigh::Neighbour;
use crate::ops::nexthop::Nexthop;
use crate::ops::route::Route;
use crate::ops::rule::Rule;

/// A decoded RTNETLINK notification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// `RTM_NEWLINK`: a link appeared or changed.
    NewLink(Link),
    /// `RTM_DELLINK`: a link went away.
    DelLink(Link),
    /// `RTM_NEWADDR`: an address was added or changed.
    NewAddress(Address),
    /// `RTM_DELADDR`: an address was removed.
    DelAddress(Address),
    /// `RTM_NEWROUTE`: a route was added or changed.
    NewRoute(Route),
    /// `RTM_DELROUTE`: a route was deleted.
    DelRoute(Route),
    /// `RTM_NEWNEIGH`: a neighbour entry was added or changed.
    NewNeighbour(Neighbour),
    /// `RTM_DELNEIGH`: a neighbour entry was deleted.
    DelNeighbour(Neighbour),
    /// `RTM_NEWRULE`: a rule was added.
    NewRule(Rule),
    /// `RTM_DELRULE`: a rule was deleted.
    DelRule(Rule),
    /// `RTM_NEWNEXTHOP`: a nexthop object was added or replaced.
    NewNexthop(Nexthop),
    /// `RTM_DELNEXTHOP`: a nexthop object was deleted.
    DelNexthop(Nexthop),
    /// The kernel dropped notifications (`ENOBUFS`): re-read whatever state is mirrored.
    Overrun,
    /// Any other message, undecoded.
    Other(Message),
}

impl Event {
    /// Decodes a notification.
    ///
    /// # Errors
    /// When a known message is malformed.
    pub fn from_message(m: &Message) -> Result<Event> {
        let msg = m.as_msg();
        Ok(match m.message_type() {
            MessageType::OVERRUN => Event::Overrun,
            RTM_NEWLINK => Event::NewLink(Link::from_msg(&LinkMsg::parse(msg)?)?),
            RTM_DELLINK => Event::DelLink(Link::from_msg(&LinkMsg::parse(msg)?)?),
            RTM_NEWADDR => Event::NewAddress(Address::from_msg(&AddrMsg::parse(msg)?)?),
            RTM_DELADDR => Event::DelAddress(Address::from_msg(&AddrMsg::parse(msg)?)?),
            RTM_NEWROUTE => Event::NewRoute(Route::from_msg(&RouteMsg::parse(msg)?)?),
            RTM_DELROUTE => Event::DelRoute(Route::from_msg(&RouteMsg::parse(msg)?)?),
            RTM_NEWNEIGH => Event::NewNeighbour(Neighbour::from_msg(&NeighMsg::parse(msg)?)?),
            RTM_DELNEIGH => Event::DelNeighbour(Neighbour::from_msg(&NeighMsg::parse(msg)?)?),
            RTM_NEWRULE => Event::NewRule(Rule::from_msg(&RuleMsg::parse(msg)?)?),
            RTM_DELRULE => Event::DelRule(Rule::from_msg(&RuleMsg::parse(msg)?)?),
            RTM_NEWNEXTHOP => Event::NewNexthop(Nexthop::from_msg(&NexthopMsg::parse(msg)?)?),
            RTM_DELNEXTHOP => Event::DelNexthop(Nexthop::from_msg(&NexthopMsg::parse(msg)?)?),
            _ => Event::Other(m.clone()),
        })
    }

    /// Whether the event removes an object.
    #[must_use]
    pub fn is_delete(&self) -> bool {
        matches!(
            self,
            Event::DelLink(_)
                | Event::DelAddress(_)
                | Event::DelRoute(_)
                | Event::DelNeighbour(_)
                | Event::DelRule(_)
                | Event::DelNexthop(_)
        )
    }
}

impl Connection {
    /// Calls `f` with every notification decoded as an [`Event`] (a callback registered with
    /// [`Connection::handle`]; a channel registered with [`Connection::notify`] still takes
    /// precedence).
    pub fn handle_events(&self, mut f: impl FnMut(Result<Event>) + Send + 'static) {
        self.handle(move |m| f(Event::from_message(m)));
    }
}
