//! Link properties (`ip link property add|del dev X altname NAME`): alternative names, which a
//! link is found by as by its name (up to 127 bytes), and links of a peer namespace seen
//! through its namespace id (`IFLA_TARGET_NETNSID`). A link's alternative names are read with
//! the link itself ([`Link::alt_names`](crate::Link::alt_names)).

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::link::{IfInfoMsg, Ifla, LinkMsg};
use netlink_wire::rtnl::{AddressFamily, RTM_DELLINKPROP, RTM_NEWLINK, RTM_NEWLINKPROP};
use netlink_wire::{AttrWrite, Flags, MessageType};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;
use crate::ops::link::{Link, LinkKey, MAX_ALT_NAME, validate_index, write_get};

/// Alternative names to add to a link or remove from it, in one request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AltNames {
    /// The link.
    pub index: u32,
    /// The names: each 1 to 127 bytes without NUL (the kernel takes `:`, `/` and spaces).
    pub names: Vec<String>,
}

impl AltNames {
    /// `names` for link `index`.
    #[must_use]
    pub fn new(index: u32, names: &[&str]) -> Self {
        AltNames {
            index,
            names: names.iter().map(|&n| n.to_owned()).collect(),
        }
    }
}

impl Request for AltNames {
    type Object = Link;

    fn validate(&self, t: MessageType, _flags: Flags) -> Result<()> {
        if t != RTM_NEWLINKPROP && t != RTM_DELLINKPROP {
            return Err(invalid(
                "alternative names are added or deleted as link properties",
            ));
        }
        validate_index(self.index)?;
        // No name at all is a request the kernel accepts (and `ip link property add dev X`
        // sends): it changes nothing.
        // The kernel takes any bytes but NUL in an alternative name, `:`, `/` and `..` too
        // (unlike a link's name): only the length and NUL are checked here.
        for n in &self.names {
            if n.is_empty() || n.len() > MAX_ALT_NAME || n.contains('\0') {
                return Err(invalid(format!(
                    "alternative name {n:?} is empty, longer than {MAX_ALT_NAME} bytes or \
                     contains NUL"
                )));
            }
        }
        Ok(())
    }

    /// Writes the request as `ip link property` does: the link's index in the header and the
    /// names in `IFLA_PROP_LIST`, with `NLA_F_NESTED`.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = IfInfoMsg::new(AddressFamily::UNSPEC, self.index);
        let mut b = LinkMsg::builder(buf, t, flags, &hdr)?;
        let mut p = b.nest(Ifla::PROP_LIST.0 | NLA_F_NESTED);
        for n in &self.names {
            p.put_str(Ifla::ALT_IFNAME, n);
        }
        p.end();
        b.finish()
    }
}

impl crate::Connection {
    /// Adds alternative names to a link (`ip link property add dev X altname NAME ...`), with
    /// the flags `ip` sends (`NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND`); `EEXIST` when a
    /// link already has one of the names as its name or alternative name.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before anything is sent; the
    /// kernel's error otherwise.
    pub fn add_alt_names(&self, names: &AltNames) -> Result<()> {
        let flags = Flags(Flags::CREATE.0 | Flags::EXCL.0 | Flags::APPEND.0);
        self.send(names, RTM_NEWLINKPROP, flags)
    }

    /// Removes alternative names from a link (`ip link property del dev X altname NAME`);
    /// `ENOENT` when the link has no such name.
    ///
    /// # Errors
    /// As [`Connection::add_alt_names`](crate::Connection::add_alt_names).
    pub fn delete_alt_names(&self, names: &AltNames) -> Result<()> {
        self.send(names, RTM_DELLINKPROP, Flags::EMPTY)
    }

    /// The link `key` names in the peer namespace with id `netnsid` (`IFLA_TARGET_NETNSID`;
    /// [`LinkFilter::target_netnsid`](crate::LinkFilter::target_netnsid) lists them all), or
    /// `None` when there is none.
    ///
    /// # Errors
    /// A kernel error (`EINVAL` for an id no namespace has); a decode error.
    pub fn link_in_netns(&self, netnsid: i32, key: &LinkKey) -> Result<Option<Link>> {
        let mut buf = Vec::with_capacity(64);
        write_get(key, Some(netnsid), &mut buf)?;
        let reply = match self.request_bytes(buf) {
            Ok(r) => r,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e),
        };
        let m = reply.require(RTM_NEWLINK)?;
        Link::from_view(&LinkMsg::parse(m.as_msg())?).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_what_ip_sends() {
        // ip link property add dev veth0 altname abc (veth0 at index 2), after the nlmsghdr.
        let expected = [
            0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0x34, 0x80, 8, 0, 0x35, 0, b'a',
            b'b', b'c', 0,
        ];
        let r = AltNames::new(2, &["abc"]);
        for t in [RTM_NEWLINKPROP, RTM_DELLINKPROP] {
            r.validate(t, Flags::EMPTY).unwrap();
            let mut buf = Vec::new();
            r.build(&mut buf, t, Flags::EMPTY).unwrap();
            assert_eq!(&buf[16..], &expected);
        }
    }

    #[test]
    fn bad_names_are_refused() {
        let long = "x".repeat(128);
        for names in [vec!["a\0b"], vec![long.as_str()], vec![""]] {
            let r = AltNames::new(2, &names);
            assert!(
                r.validate(RTM_NEWLINKPROP, Flags::EMPTY).is_err(),
                "{names:?}"
            );
        }
        assert!(
            AltNames::new(0, &["a"])
                .validate(RTM_NEWLINKPROP, Flags::EMPTY)
                .is_err()
        );
        assert!(
            AltNames::new(2, &["a"])
                .validate(RTM_NEWLINK, Flags::EMPTY)
                .is_err()
        );
    }

    #[test]
    fn a_lookup_in_a_peer_namespace_carries_its_id() {
        let mut buf = Vec::new();
        write_get(&LinkKey::Index(3), Some(5), &mut buf).unwrap();
        assert_eq!(
            &buf[16..],
            &[
                0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 46, 0, 5, 0, 0, 0
            ]
        );
    }
}
