//! Network namespace ids: `struct rtgenmsg` and the `NETNSA_*` attributes; messages
//! `RTM_NEWNSID`, `RTM_DELNSID`, `RTM_GETNSID`.
//!
//! A namespace id names another network namespace from inside this one (the "peer"'s id as
//! this namespace sees it); `ip netns set NAME ID` assigns one, `ip netns list-id` dumps them.
//! Requests name the peer by an open namespace file (`NETNSA_FD`) or a process (`NETNSA_PID`);
//! `NETNSA_TARGET_NSID` makes a dump or lookup answer as the namespace of that id sees it, and
//! the answer then carries `NETNSA_CURRENT_NSID`.
//!
//! Source of truth: `include/uapi/linux/net_namespace.h`; widths as the kernel's
//! `rtnl_net_policy` (`net/core/net_namespace.c`) reads them.

use crate::error::Result;
use crate::rtnl::{AddressFamily, Group, RTM_DELNSID, RTM_GETNSID, RTM_NEWNSID, RtGenMsg};

/// `NETNSA_NSID_NOT_ASSIGNED`: the id of a peer that has none (-1).
pub const NSID_NOT_ASSIGNED: i32 = -1;

family! {
    /// A view of a namespace id message (`RTM_NEWNSID`, `RTM_DELNSID`, `RTM_GETNSID`).
    view NsidMsg(RtGenMsg, "rtgenmsg");
    family "nsid", messages [RTM_NEWNSID, RTM_DELNSID, RTM_GETNSID],
        groups [Group::NSID.0];
    /// `NETNSA_*`: namespace id attribute numbers.
    numbers Netnsa;
    /// A typed namespace id attribute.
    enum NsidAttr<'a>;
    /// The id; [`NSID_NOT_ASSIGNED`] in a lookup's answer when the peer has none.
    NSID = 1, "NETNSA_NSID", Nsid(i32), nsid;
    /// The peer, as the namespace of this process.
    PID = 2, "NETNSA_PID", Pid(u32), pid;
    /// The peer, as an open namespace file descriptor of the sender.
    FD = 3, "NETNSA_FD", Fd(u32), fd;
    /// Answer as the namespace with this id sees it (a dump or lookup filter).
    TARGET_NSID = 4, "NETNSA_TARGET_NSID", TargetNsid(i32), target_nsid;
    /// In an answer to a request with a target: the id of the requester's namespace as the
    /// target sees it.
    CURRENT_NSID = 5, "NETNSA_CURRENT_NSID", CurrentNsid(i32), current_nsid;
}

impl NsidMsg<'_> {
    /// `rtgen_family` (`AF_UNSPEC` in everything the kernel sends).
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.rtgen_family)
    }

    /// `NETNSA_NSID` unless it is [`NSID_NOT_ASSIGNED`]: the peer's id, or `None` when the
    /// peer has none.
    ///
    /// # Errors
    /// When `NETNSA_NSID` is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn assigned_nsid(&self) -> Result<Option<i32>> {
        Ok(self.nsid()?.filter(|&id| id != NSID_NOT_ASSIGNED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::typed::Walker;
    use crate::{AttrWrite, Messages};

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn builds_what_ip_netns_sends() {
        // `ip netns set NAME 6`, with the namespace file open as descriptor 6, as strace
        // showed it after the nlmsghdr: rtgenmsg (padded), NETNSA_FD, NETNSA_NSID.
        let expected: [u8; 20] = [0, 0, 0, 0, 8, 0, 3, 0, 6, 0, 0, 0, 8, 0, 1, 0, 6, 0, 0, 0];
        let mut buf = Vec::new();
        let hdr = RtGenMsg::new(AddressFamily::UNSPEC);
        let mut b = NsidMsg::builder(&mut buf, RTM_NEWNSID, Flags::REQUEST, &hdr).unwrap();
        NsidAttr::Fd(6).write_to(&mut b);
        NsidAttr::Nsid(6).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        // The lookup `ip netns list-id` makes per name: RTM_GETNSID with NETNSA_FD alone.
        let mut buf = Vec::new();
        let mut b = NsidMsg::builder(&mut buf, RTM_GETNSID, Flags::REQUEST, &hdr).unwrap();
        b.put_u32(Netnsa::FD, 6);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected[..12]);
        let m = NsidMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!((m.fd().unwrap(), m.nsid().unwrap()), (Some(6), None));
        // The dump: the padded header alone.
        let mut buf = Vec::new();
        NsidMsg::builder(&mut buf, RTM_GETNSID, Flags::DUMP, &hdr)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(&buf[16..], &[0, 0, 0, 0]);
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = capture("nsid_dump.bin");
        let s = crate::check::walk(&bytes);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let ids: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == RTM_NEWNSID)
            .map(|m| NsidMsg::parse(m).unwrap().assigned_nsid().unwrap())
            .collect();
        assert_eq!(ids, [Some(5), Some(7)]);
    }

    #[test]
    fn unassigned_and_malformed() {
        let hdr = RtGenMsg::new(AddressFamily::UNSPEC);
        let mut buf = Vec::new();
        let mut b = NsidMsg::builder(&mut buf, RTM_NEWNSID, Flags::EMPTY, &hdr).unwrap();
        b.put_i32(Netnsa::NSID, NSID_NOT_ASSIGNED);
        b.put(Netnsa::CURRENT_NSID, &[1, 2]);
        b.finish().unwrap();
        let m = NsidMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(m.nsid().unwrap(), Some(-1));
        assert_eq!(m.assigned_nsid().unwrap(), None);
        assert!(m.current_nsid().is_err());
        let mut w = Walker::new();
        crate::check::walk_message(m.msg(), &mut w);
        assert_eq!((w.summary.typed, w.summary.typed_errors), (1, 1));
        for n in 0..buf.len() {
            let _ = crate::check::walk(&buf[..n]);
        }
        assert!(NsidMsg::builder(&mut Vec::new(), RTM_GETNSID, Flags::EMPTY, &hdr).is_ok());
        assert!(
            NsidMsg::builder(
                &mut Vec::new(),
                crate::rtnl::RTM_GETLINK,
                Flags::EMPTY,
                &hdr
            )
            .is_err()
        );
        assert_eq!(format!("{:?}", Netnsa::TARGET_NSID), "NETNSA_TARGET_NSID");
    }
}
