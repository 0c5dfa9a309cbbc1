//! IPv6 address labels, the RFC 6724 policy table that source and destination address
//! selection reads: list, look up, add, delete and flush (`ip addrlabel`).

use std::net::{IpAddr, Ipv6Addr};

use netlink_wire::rtnl::addrlabel::{AddrLabelMsg, IfAddrLblMsg, Ifal};
use netlink_wire::rtnl::{RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL};
use netlink_wire::{AttrWrite, Flags, MessageType};

use crate::error::{Error, Result};
use crate::object::{Lookup, Object, Request};
use crate::ops::invalid;

/// The label the kernel refuses (`IPV6_ADDR_LABEL_DEFAULT`, 0xffffffff).
const LABEL_DEFAULT: u32 = u32::MAX;

/// An address label as the kernel reports it (`RTM_NEWADDRLABEL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddrLabel {
    /// `IFAL_ADDRESS`: the prefix.
    pub prefix: Ipv6Addr,
    /// `ifal_prefixlen`.
    pub prefix_len: u8,
    /// `ifal_index`: the interface the label applies to; 0 for every interface.
    pub index: u32,
    /// `IFAL_LABEL`.
    pub label: u32,
    /// `ifal_seq`: the table's generation when it was read.
    pub seq: u32,
}

impl AddrLabel {
    /// Decodes an address label message.
    ///
    /// # Errors
    /// When an attribute is malformed, or the prefix or label is missing or not IPv6.
    pub fn from_msg(m: &AddrLabelMsg<'_>) -> Result<AddrLabel> {
        m.check_frame()?;
        let prefix = match m.address()? {
            Some(IpAddr::V6(a)) => a,
            Some(a) => return Err(invalid(format!("address label prefix {a} is not IPv6"))),
            None => return Err(invalid("an address label without IFAL_ADDRESS")),
        };
        Ok(AddrLabel {
            prefix,
            prefix_len: m.prefix_len(),
            index: m.index(),
            label: m
                .label()?
                .ok_or_else(|| invalid("an address label without IFAL_LABEL"))?,
            seq: m.seq(),
        })
    }

    /// A request that deletes exactly this label.
    #[must_use]
    pub fn to_request(&self) -> AddrLabelRequest {
        AddrLabelRequest {
            prefix: self.prefix,
            prefix_len: self.prefix_len,
            index: self.index,
            label: self.label,
        }
    }
}

settable! {
    /// Which labels [`Connection::addr_labels`](crate::Connection::addr_labels) lists; the kernel
    /// filters nothing, so every field is applied here.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct AddrLabelFilter {
        /// Only labels of this interface (0: those for every interface).
        index: Option<u32>,
        /// Only this label.
        label: Option<u32>,
    }
}

settable! {
    /// A label to add or delete (`ip addrlabel add|del prefix PREFIX [dev DEV] label LABEL`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct AddrLabelRequest {
        /// The prefix.
        fixed prefix: Ipv6Addr,
        /// Its length, at most 128.
        fixed prefix_len: u8,
        /// The interface; 0 for every interface.
        index: u32,
        /// The label; any but 0xffffffff. The kernel wants one on a delete too, and does not
        /// compare it.
        fixed label: u32,
    }
}

impl AddrLabelRequest {
    /// `prefix/prefix_len` labelled `label` on every interface.
    #[must_use]
    pub fn new(prefix: Ipv6Addr, prefix_len: u8, label: u32) -> Self {
        AddrLabelRequest {
            prefix,
            prefix_len,
            index: 0,
            label,
        }
    }
}

impl Request for AddrLabelRequest {
    type Object = AddrLabel;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.prefix_len > 128 {
            return Err(invalid(format!(
                "prefix length {} exceeds 128",
                self.prefix_len
            )));
        }
        if self.label == LABEL_DEFAULT {
            return Err(invalid("label 0xffffffff is reserved"));
        }
        Ok(())
    }

    /// Writes the request as `ip addrlabel` does: the label, then the prefix.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = IfAddrLblMsg::new(self.prefix_len, self.index);
        let mut b = AddrLabelMsg::builder(buf, t, flags, &hdr)?;
        b.put_u32(Ifal::LABEL, self.label);
        b.put_ipv6(Ifal::ADDRESS, self.prefix);
        b.finish()
    }
}

impl Object for AddrLabel {
    type View<'a> = AddrLabelMsg<'a>;
    type Filter = AddrLabelFilter;
    const NEW: MessageType = RTM_NEWADDRLABEL;
    const DEL: MessageType = RTM_DELADDRLABEL;
    const GET: MessageType = RTM_GETADDRLABEL;

    fn dump_request(_filter: &AddrLabelFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = IfAddrLblMsg::new(0, 0);
        AddrLabelMsg::builder(buf, RTM_GETADDRLABEL, Flags::EMPTY, &hdr)?.finish()
    }

    fn matches(filter: &AddrLabelFilter, view: &AddrLabelMsg<'_>) -> Result<bool> {
        if filter.index.is_some_and(|i| i != view.index()) {
            return Ok(false);
        }
        Ok(match filter.label {
            Some(l) => view.label()? == Some(l),
            None => true,
        })
    }

    fn from_view(view: &AddrLabelMsg<'_>) -> Result<AddrLabel> {
        AddrLabel::from_msg(view)
    }
}

/// An address and the interface it is used on: the kernel answers with the label of the
/// longest matching prefix.
impl Lookup<(Ipv6Addr, u32)> for AddrLabel {
    fn get_request(key: &(Ipv6Addr, u32), buf: &mut Vec<u8>) -> Result<()> {
        let hdr = IfAddrLblMsg::new(128, key.1);
        let mut b = AddrLabelMsg::builder(buf, RTM_GETADDRLABEL, Flags::EMPTY, &hdr)?;
        b.put_ipv6(Ifal::ADDRESS, key.0);
        b.finish().map_err(Error::Encode)?;
        Ok(())
    }
}

named_ops! { AddrLabel, AddrLabelRequest;
    list addr_labels "Every address label matching `filter`, in the kernel's order: most specific first (`ip addrlabel list`).";
    for_each for_each_addr_label "Every address label matching `filter`, streamed through `f` as borrowed views.";
    add add_addr_label "Adds a label (`ip addrlabel add`); `EEXIST` when the prefix and interface have one.";
    replace replace_addr_label "Adds a label or replaces the one of the same prefix and interface.";
    delete delete_addr_label "Deletes the label of a prefix and interface (`ip addrlabel del`); `ESRCH` when there is none.";
}

impl crate::Connection {
    /// The label the kernel gives `address` used on interface `index` (0 for any): the label
    /// of the longest prefix that contains it.
    ///
    /// # Errors
    /// A kernel or decode error.
    pub fn addr_label_of(&self, address: Ipv6Addr, index: u32) -> Result<Option<AddrLabel>> {
        self.get::<AddrLabel, _>(&(address, index))
    }

    /// Deletes every label (`ip addrlabel flush`), the kernel's defaults included; returns
    /// how many went.
    ///
    /// # Errors
    /// The first error of the dump or of a delete.
    pub fn flush_addr_labels(&self) -> Result<usize> {
        let labels = self.addr_labels(AddrLabelFilter::default())?;
        for l in &labels {
            self.delete(&l.to_request())?;
        }
        Ok(labels.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_what_ip_sends() {
        // `ip addrlabel add prefix 2001:db8::/32 label 100` (flags REQUEST|ACK|CREATE|EXCL).
        let expected = [
            10, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 2, 0, 100, 0, 0, 0, 20, 0, 1, 0, 0x20, 1,
            0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let req = AddrLabelRequest::new("2001:db8::".parse().unwrap(), 32, 100);
        req.validate(RTM_NEWADDRLABEL, crate::object::ADD).unwrap();
        let mut buf = Vec::new();
        req.build(&mut buf, RTM_NEWADDRLABEL, crate::object::ADD)
            .unwrap();
        assert_eq!(&buf[16..], &expected);
        // `ip addrlabel del prefix 2001:db8:1::/48 dev veth0 label 101`, veth0 at index 2.
        let expected = [
            10, 0, 48, 0, 2, 0, 0, 0, 0, 0, 0, 0, 8, 0, 2, 0, 101, 0, 0, 0, 20, 0, 1, 0, 0x20, 1,
            0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let req = AddrLabelRequest::new("2001:db8:1::".parse().unwrap(), 48, 101).index(2);
        let mut buf = Vec::new();
        req.build(&mut buf, RTM_DELADDRLABEL, Flags::EMPTY).unwrap();
        assert_eq!(&buf[16..], &expected);
        // `ip addrlabel list`: ifaddrlblmsg {AF_INET6} alone.
        let mut buf = Vec::new();
        AddrLabel::dump_request(&AddrLabelFilter::default(), &mut buf).unwrap();
        assert_eq!(&buf[16..], &[10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn bad_requests_are_refused() {
        let req = AddrLabelRequest::new(Ipv6Addr::UNSPECIFIED, 129, 1);
        assert!(req.validate(RTM_NEWADDRLABEL, Flags::EMPTY).is_err());
        let req = AddrLabelRequest::new(Ipv6Addr::UNSPECIFIED, 0, u32::MAX);
        assert!(req.validate(RTM_NEWADDRLABEL, Flags::EMPTY).is_err());
    }
}
