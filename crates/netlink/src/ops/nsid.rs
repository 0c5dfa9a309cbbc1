//! Network namespace ids: list them (`ip netns list-id`), look one up (the id of a namespace
//! file, a process's namespace, or an id as another namespace sees it) and assign one
//! (`ip netns set NAME ID`).
//!
//! An id names a peer namespace from inside the connection's namespace. The kernel assigns
//! them on demand too (when a link's peer lives in another namespace); one goes away with its
//! peer. There is no request to remove one.

use std::os::fd::{AsFd, AsRawFd};

use netlink_wire::rtnl::nsid::{NSID_NOT_ASSIGNED, Netnsa, NsidMsg};
use netlink_wire::rtnl::{AddressFamily, RTM_DELNSID, RTM_GETNSID, RTM_NEWNSID, RtGenMsg};
use netlink_wire::{AttrWrite, Flags, MessageType, PutValue};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;

/// A namespace id as the kernel reports it (`RTM_NEWNSID`, `RTM_DELNSID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Nsid {
    /// `NETNSA_NSID`: the peer's id; `None` when it has none ([`NSID_NOT_ASSIGNED`]).
    pub nsid: Option<i32>,
    /// `NETNSA_CURRENT_NSID`: in an answer given as another namespace sees things
    /// ([`NsidFilter::target`]), the listed peer's id in the connection's own namespace;
    /// `Some(None)` when it has none there.
    pub current_nsid: Option<Option<i32>>,
}

impl Nsid {
    /// Decodes a namespace id message.
    ///
    /// # Errors
    /// When an attribute is malformed.
    pub fn from_msg(m: &NsidMsg<'_>) -> Result<Nsid> {
        m.check_frame()?;
        let assigned = |id: i32| (id != NSID_NOT_ASSIGNED).then_some(id);
        Ok(Nsid {
            nsid: m.nsid()?.and_then(assigned),
            current_nsid: m.current_nsid()?.map(assigned),
        })
    }
}

settable! {
    /// Which ids [`Connection::nsids`](crate::Connection::nsids) lists.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct NsidFilter {
        /// `NETNSA_TARGET_NSID`: list the ids the namespace of this id has, instead of the
        /// connection's own (`ip netns list-id target-nsid ID`); each answer then carries
        /// [`Nsid::current_nsid`].
        target: Option<i32>,
    }
}

/// The peer namespace a lookup or an assignment is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NsidPeer {
    /// `NETNSA_FD`: the namespace open as this descriptor of the calling process
    /// (`/run/netns/NAME`, `/proc/PID/ns/net`); it must stay open until the request is sent.
    Fd(u32),
    /// `NETNSA_PID`: the namespace of this process.
    Pid(u32),
    /// `NETNSA_NSID`: the namespace with this id (lookups only).
    Nsid(i32),
}

impl NsidPeer {
    /// The peer open as `netns`, such as a [`NetNs`](netlink_socket::NetNs).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a negative descriptor.
    pub fn fd(netns: impl AsFd) -> Result<NsidPeer> {
        let fd = netns.as_fd().as_raw_fd();
        u32::try_from(fd)
            .map(NsidPeer::Fd)
            .map_err(|_| invalid(format!("bad descriptor {fd}")))
    }

    fn write(self, b: &mut impl AttrWrite) {
        match self {
            NsidPeer::Fd(fd) => b.put_u32(Netnsa::FD, fd),
            NsidPeer::Pid(pid) => b.put_u32(Netnsa::PID, pid),
            NsidPeer::Nsid(id) => b.put_i32(Netnsa::NSID, id),
        };
    }
}

/// What a lookup of one id asks: a peer, as the connection's namespace or the namespace of
/// `target` sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NsidKey {
    /// The peer.
    pub peer: NsidPeer,
    /// `NETNSA_TARGET_NSID`: answer as the namespace of this id sees the peer.
    pub target: Option<i32>,
}

impl NsidKey {
    /// The id `peer` has in the connection's namespace.
    #[must_use]
    pub fn new(peer: NsidPeer) -> Self {
        NsidKey { peer, target: None }
    }
}

/// An id to give a peer (`ip netns set NAME ID`): [`NsidRequest::nsid`] `None` lets the kernel
/// pick the next free one (`ip netns set NAME auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct NsidRequest {
    /// The peer: [`NsidPeer::Fd`] or [`NsidPeer::Pid`].
    pub peer: NsidPeer,
    /// `NETNSA_NSID`: the id, 0 or more; `None` for any.
    pub nsid: Option<i32>,
}

impl NsidRequest {
    /// Id `nsid` for `peer`.
    #[must_use]
    pub fn new(peer: NsidPeer, nsid: Option<i32>) -> Self {
        NsidRequest { peer, nsid }
    }
}

impl Request for NsidRequest {
    type Object = Nsid;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_NEWNSID {
            return Err(invalid(
                "the kernel removes a namespace id only with its namespace",
            ));
        }
        if matches!(self.peer, NsidPeer::Nsid(_)) {
            return Err(invalid("a peer to give an id is a descriptor or a pid"));
        }
        if let Some(id) = self.nsid
            && id < 0
        {
            return Err(invalid(format!("namespace id {id} is negative")));
        }
        Ok(())
    }

    /// Writes the request as `ip netns set` does: the peer, then the id (-1 for any).
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = RtGenMsg::new(AddressFamily::UNSPEC);
        let mut b = NsidMsg::builder(buf, t, flags, &hdr)?;
        self.peer.write(&mut b);
        b.put_i32(Netnsa::NSID, self.nsid.unwrap_or(NSID_NOT_ASSIGNED));
        b.finish()
    }
}

impl Object for Nsid {
    type View<'a> = NsidMsg<'a>;
    type Filter = NsidFilter;
    const NEW: MessageType = RTM_NEWNSID;
    const DEL: MessageType = RTM_DELNSID;
    const GET: MessageType = RTM_GETNSID;

    fn dump_request(filter: &NsidFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = RtGenMsg::new(AddressFamily::UNSPEC);
        let mut b = NsidMsg::builder(buf, RTM_GETNSID, Flags::EMPTY, &hdr)?;
        b.put_some(Netnsa::TARGET_NSID, filter.target);
        b.finish()
    }

    fn matches(_filter: &NsidFilter, _view: &NsidMsg<'_>) -> Result<bool> {
        Ok(true)
    }

    fn from_view(view: &NsidMsg<'_>) -> Result<Nsid> {
        Nsid::from_msg(view)
    }
}

impl Lookup<NsidKey> for Nsid {
    fn get_request(key: &NsidKey, buf: &mut Vec<u8>) -> Result<()> {
        let hdr = RtGenMsg::new(AddressFamily::UNSPEC);
        let mut b = NsidMsg::builder(buf, RTM_GETNSID, Flags::EMPTY, &hdr)?;
        key.peer.write(&mut b);
        b.put_some(Netnsa::TARGET_NSID, key.target);
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }
}

named_ops! { Nsid, NsidRequest;
    list nsids "Every namespace id the connection's namespace (or the filter's target) has given (`ip netns list-id`).";
    for_each for_each_nsid "Every namespace id, streamed through `f` as borrowed views.";
}

impl crate::Connection {
    /// The id the namespace open as `netns` has in the connection's namespace, or `None` when
    /// it has none (what `ip netns list` shows as `(id: N)`).
    ///
    /// # Errors
    /// A kernel error (`EINVAL` for a descriptor that is no namespace); a decode error.
    pub fn nsid_of(&self, netns: impl AsFd) -> Result<Option<i32>> {
        let key = NsidKey::new(NsidPeer::fd(netns)?);
        Ok(self.get::<Nsid, _>(&key)?.and_then(|n| n.nsid))
    }

    /// Gives a peer namespace an id (`ip netns set NAME ID`; `None` for `auto`). The kernel
    /// refuses (`EEXIST`) an id taken by another peer, or a second id for the same peer.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before anything is sent for a negative id or an id as the
    /// peer; the kernel's error otherwise.
    pub fn set_nsid(&self, req: &NsidRequest) -> Result<()> {
        // `ip netns set` sends no creation flags; the kernel reads none.
        self.send(req, RTM_NEWNSID, Flags::EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_what_ip_sends() {
        // `ip netns set NAME 6` with the file open as descriptor 6.
        let mut buf = Vec::new();
        let req = NsidRequest::new(NsidPeer::Fd(6), Some(6));
        req.validate(RTM_NEWNSID, Flags::EMPTY).unwrap();
        req.build(&mut buf, RTM_NEWNSID, Flags::EMPTY).unwrap();
        assert_eq!(
            &buf[16..],
            &[0, 0, 0, 0, 8, 0, 3, 0, 6, 0, 0, 0, 8, 0, 1, 0, 6, 0, 0, 0]
        );
        // `ip netns list-id target-nsid 5 nsid 3`: the id first, then the target.
        let mut buf = Vec::new();
        let key = NsidKey {
            peer: NsidPeer::Nsid(3),
            target: Some(5),
        };
        Nsid::get_request(&key, &mut buf).unwrap();
        assert_eq!(
            &buf[16..],
            &[0, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0, 8, 0, 4, 0, 5, 0, 0, 0]
        );
        // `ip netns list-id`: the padded header alone.
        let mut buf = Vec::new();
        Nsid::dump_request(&NsidFilter::default(), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0]);
        // `auto` is -1.
        let mut buf = Vec::new();
        NsidRequest::new(NsidPeer::Pid(1), None)
            .build(&mut buf, RTM_NEWNSID, Flags::EMPTY)
            .unwrap();
        assert_eq!(&buf[28..], &[8, 0, 1, 0, 0xff, 0xff, 0xff, 0xff]);
    }

    #[test]
    fn bad_requests_are_refused() {
        let r = NsidRequest::new(NsidPeer::Fd(3), Some(-2));
        assert!(r.validate(RTM_NEWNSID, Flags::EMPTY).is_err());
        let r = NsidRequest::new(NsidPeer::Nsid(3), Some(2));
        assert!(r.validate(RTM_NEWNSID, Flags::EMPTY).is_err());
        let r = NsidRequest::new(NsidPeer::Fd(3), Some(2));
        assert!(r.validate(RTM_DELNSID, Flags::EMPTY).is_err());
    }
}
