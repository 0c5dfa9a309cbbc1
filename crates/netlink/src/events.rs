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
use netlink_wire::{FamilyMsg, Flags, Message, MessageType};

use crate::connection::Connection;
use crate::engine::notify::ReaderStopped;
use crate::error::Result;
use crate::object::Object;
use crate::ops::addr::Address;
use crate::ops::addrlabel::AddrLabel;
use crate::ops::bridge_vlan::BridgeVlan;
use crate::ops::link::Link;
use crate::ops::maddr::{AnycastAddress, MulticastAddress};
use crate::ops::mdb::Mdb;
use crate::ops::neigh::Neighbour;
use crate::ops::netconf::Netconf;
use crate::ops::nexthop::Nexthop;
use crate::ops::nexthop_bucket::NexthopBucket;
use crate::ops::notices::{CacheReport, NdUserOption, Notice, PrefixInfo};
use crate::ops::nsid::Nsid;
use crate::ops::route::Route;
use crate::ops::rule::Rule;
use crate::ops::stats::IfStats;
use crate::ops::tc::{ActionBatch, Chain, Class, Filter, Qdisc};
use crate::ops::vni::Vnis;

/// Decodes `m` as an owned object of kind `O`.
pub(crate) fn decode<O: Object>(m: &Message) -> Result<O> {
    let view: O::View<'_> = FamilyMsg::parse(m.as_msg())?;
    O::from_view(&view)
}

/// A traffic-control object as a notification announced it, with the header flags of the
/// notification.
///
/// For filters, chains and actions the kernel copies into its notification the flags of the
/// request that caused it (`NLM_F_CREATE`, `NLM_F_EXCL`, `NLM_F_REPLACE`), and `tc monitor`
/// tells from them whether an object was added, replaced or changed; a flush of actions
/// (`RTM_DELACTION`) carries `NLM_F_ROOT`. Qdisc and class notifications carry what the
/// kernel sets itself (`NLM_F_REPLACE` when a qdisc replaced another, on recent kernels).
///
/// ```
/// use netlink::{Event, Flags};
///
/// fn describe(e: &Event) -> Option<String> {
///     match e {
///         Event::NewFilter(f) if f.flags.contains(Flags::CREATE | Flags::EXCL) => {
///             Some(format!("added filter {:x}", f.object.handle))
///         }
///         Event::NewFilter(f) if f.flags.contains(Flags::CREATE) => {
///             Some(format!("replaced filter {:x}", f.object.handle))
///         }
///         Event::DelAction(a) if a.flags.contains(Flags::ROOT) => Some("flushed".into()),
///         _ => None,
///     }
/// }
/// # let _ = describe;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[doc(alias = "nlmsg_flags")]
pub struct Announced<O> {
    /// The object.
    pub object: O,
    /// The notification's header flags (`nlmsg_flags`).
    pub flags: Flags,
}

impl<O: Object> Announced<O> {
    /// Decodes `m` as an object of kind `O`, with `m`'s flags.
    fn decode(m: &Message) -> Result<Self> {
        Ok(Announced {
            object: decode(m)?,
            flags: m.header.flags(),
        })
    }
}

/// Declares [`Event`] from one line per object kind: its "new" and "delete" variants, whose
/// message types the kind's [`Object`] implementation names; in `@announced`, the kinds whose
/// variants also carry the notification's flags ([`Announced`]); then, in `@notices`, one
/// line per kind the kernel only announces, whose message type its [`Notice`] implementation
/// names.
macro_rules! events {
    (
        $( $O:ident: $New:ident $new_doc:literal, $Del:ident $del_doc:literal; )*
        @announced { $( $A:ident: $ANew:ident $anew_doc:literal, $ADel:ident $adel_doc:literal; )* }
        @notices { $( $Var:ident($N:ty) $n_doc:literal; )* }
    ) => {
        /// A decoded RTNETLINK notification.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Event {
            $(
                #[doc = $new_doc]
                $New($O),
                #[doc = $del_doc]
                $Del($O),
            )*
            $(
                #[doc = $anew_doc]
                $ANew(Announced<$A>),
                #[doc = $adel_doc]
                $ADel(Announced<$A>),
            )*
            $(
                #[doc = $n_doc]
                $Var($N),
            )*
            /// The kernel dropped notifications (`ENOBUFS`): re-read whatever state is
            /// mirrored.
            Overrun,
            /// The notification reader stopped on a socket error: nothing more arrives on
            /// this connection; open a new one and re-read the state.
            ReaderStopped(ReaderStopped),
            /// Any other message, undecoded.
            Other(Message),
        }

        impl Event {
            /// Decodes a notification.
            ///
            /// # Errors
            /// When a known message is malformed.
            pub fn from_message(m: &Message) -> Result<Event> {
                let t = m.message_type();
                if let Some(stopped) = ReaderStopped::from_message(m) {
                    return Ok(Event::ReaderStopped(stopped));
                }
                Ok(match t {
                    MessageType::OVERRUN => Event::Overrun,
                    $(
                        t if t == <$O as Object>::NEW => Event::$New(decode(m)?),
                        t if t == <$O as Object>::DEL => Event::$Del(decode(m)?),
                    )*
                    $(
                        t if t == <$A as Object>::NEW => Event::$ANew(Announced::decode(m)?),
                        t if t == <$A as Object>::DEL => Event::$ADel(Announced::decode(m)?),
                    )*
                    $( t if t == <$N as Notice>::TYPE => Event::$Var(<$N as Notice>::from_message(m)?), )*
                    _ => Event::Other(m.clone()),
                })
            }

            /// Whether the event removes an object.
            #[must_use]
            pub fn is_delete(&self) -> bool {
                matches!(self, $( Event::$Del(_) )|* $( | Event::$ADel(_) )*)
            }
        }
    };
}

events! {
    Link: NewLink "`RTM_NEWLINK`: a link appeared or changed.",
        DelLink "`RTM_DELLINK`: a link went away.";
    Address: NewAddress "`RTM_NEWADDR`: an address was added or changed.",
        DelAddress "`RTM_DELADDR`: an address was removed.";
    Route: NewRoute "`RTM_NEWROUTE`: a route was added or changed.",
        DelRoute "`RTM_DELROUTE`: a route was deleted.";
    Neighbour: NewNeighbour "`RTM_NEWNEIGH`: a neighbour entry was added or changed.",
        DelNeighbour "`RTM_DELNEIGH`: a neighbour entry was deleted.";
    Rule: NewRule "`RTM_NEWRULE`: a rule was added.",
        DelRule "`RTM_DELRULE`: a rule was deleted.";
    Nexthop: NewNexthop "`RTM_NEWNEXTHOP`: a nexthop object was added or replaced.",
        DelNexthop "`RTM_DELNEXTHOP`: a nexthop object was deleted.";
    Mdb: NewMdb "`RTM_NEWMDB`: a multicast group membership or router port was added.",
        DelMdb "`RTM_DELMDB`: a multicast group membership or router port was deleted.";
    BridgeVlan: NewBridgeVlan "`RTM_NEWVLAN`: bridge VLANs were added or their options changed.",
        DelBridgeVlan "`RTM_DELVLAN`: bridge VLANs were deleted.";
    Vnis: NewVnis "`RTM_NEWTUNNEL`: VNIs were added to a VXLAN device.",
        DelVnis "`RTM_DELTUNNEL`: VNIs were deleted from a VXLAN device.";
    Nsid: NewNsid "`RTM_NEWNSID`: a peer namespace got an id.",
        DelNsid "`RTM_DELNSID`: a peer namespace's id went away with it.";
    Netconf: NewNetconf "`RTM_NEWNETCONF`: a device's IP configuration changed (or the device appeared).",
        DelNetconf "`RTM_DELNETCONF`: a device's IP configuration went away with it.";
    AddrLabel: NewAddrLabel "`RTM_NEWADDRLABEL`: an address label was added.",
        DelAddrLabel "`RTM_DELADDRLABEL`: an address label was deleted.";
    MulticastAddress: NewMulticast "`RTM_NEWMULTICAST`: an interface joined a multicast group.",
        DelMulticast "`RTM_DELMULTICAST`: an interface left a multicast group.";
    AnycastAddress: NewAnycast "`RTM_NEWANYCAST`: an interface got an IPv6 anycast address.",
        DelAnycast "`RTM_DELANYCAST`: an IPv6 anycast address went away.";
    NexthopBucket: NewNexthopBucket "`RTM_NEWNEXTHOPBUCKET`: a resilient group's bucket moved.",
        DelNexthopBucket "`RTM_DELNEXTHOPBUCKET`: a bucket went away.";
    @announced {
        Qdisc: NewQdisc "`RTM_NEWQDISC`: a qdisc was added or changed (`RTNLGRP_TC`).",
            DelQdisc "`RTM_DELQDISC`: a qdisc was deleted.";
        Class: NewClass "`RTM_NEWTCLASS`: a class was added or changed.",
            DelClass "`RTM_DELTCLASS`: a class was deleted.";
        Filter: NewFilter "`RTM_NEWTFILTER`: a filter was added or changed.",
            DelFilter "`RTM_DELTFILTER`: a filter was deleted.";
        Chain: NewChain "`RTM_NEWCHAIN`: a filter chain was added.",
            DelChain "`RTM_DELCHAIN`: a filter chain was deleted.";
        ActionBatch: NewAction "`RTM_NEWACTION`: standalone actions were added or replaced (`RTNLGRP_TC`).",
            DelAction "`RTM_DELACTION`: standalone actions were deleted (or flushed).";
    }
    @notices {
        Prefix(PrefixInfo) "`RTM_NEWPREFIX`: a router advertisement announced an IPv6 prefix.";
        NdUserOption(NdUserOption) "`RTM_NEWNDUSEROPT`: neighbour discovery options for user space.";
        CacheReport(CacheReport) "`RTM_NEWCACHEREPORT`: a multicast routing cache report.";
        Stats(Box<IfStats>) "`RTM_NEWSTATS`: a link's statistics settings changed (`ip stats set`).";
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Errno;

    #[test]
    fn the_reader_stopping_is_an_event_and_a_kernel_done_is_not() {
        let stopped = ReaderStopped {
            errno: Some(Errno::NOBUFS),
            reason: "No buffer space available".into(),
        };
        assert_eq!(
            Event::from_message(&stopped.to_message()).unwrap(),
            Event::ReaderStopped(stopped)
        );
        let done = Message::new(
            MessageType::DONE,
            netlink_wire::Flags::MULTI,
            0i32.to_ne_bytes().to_vec(),
        );
        assert!(matches!(
            Event::from_message(&done).unwrap(),
            Event::Other(_)
        ));
    }
}
