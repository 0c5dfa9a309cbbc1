//! The forwarding database of bridges and VXLAN devices (`bridge fdb`): `AF_BRIDGE`
//! neighbour entries, which the neighbour object ([`Neighbour`]) reads and lists.
//!
//! An entry is a MAC address on a port (`dev`), kept by the bridge (`master`) or by the device
//! itself (`self`: a VXLAN device's remotes, a NIC's own table), with a VLAN, and for VXLAN a
//! remote (`dst`, `port`, `vni`, `src_vni`, `via`) or a nexthop group (`nhid`). This module adds
//! the requests: [`FdbRequest`] (add, append, replace, delete), [`FdbFlush`] (a bulk delete)
//! and [`FdbKey`] (one entry, `bridge fdb get`); listing is [`Connection::fdb`].

use std::net::IpAddr;

use netlink_wire::rtnl::neigh::{NdMsg, Nda, NeighFlags, NeighMsg, NeighState};
use netlink_wire::rtnl::{AddressFamily, RTM_DELNEIGH, RTM_GETNEIGH};
use netlink_wire::{AttrWrite, Flags, MessageBuilder, MessageType, PutValue};

use crate::connection::Connection;
use crate::error::Result;
use crate::object::{Lookup, Request};
use crate::ops::invalid;
use crate::ops::neigh::{NeighFilter, Neighbour};

/// `ETH_ALEN`: the length of the MAC address of an FDB entry.
const ETH_ALEN: usize = 6;

/// The largest VNI (24 bits).
const VNI_MAX: u32 = (1 << 24) - 1;

settable! {
    /// An FDB entry to add, append, replace or delete (`bridge fdb add|append|replace|del`).
    ///
    /// The header follows `bridge` 6.1: `ndm_state` starts as `NUD_NOARP`, `static` adds
    /// `NUD_REACHABLE`, `dynamic` is `NUD_REACHABLE` alone, and without either the entry is
    /// `NUD_PERMANENT` too; the flags default to `NTF_SELF`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FdbRequest {
        /// `ndm_ifindex`: the port or device.
        fixed index: u32,
        /// `NDA_LLADDR`: the MAC address.
        fixed lladdr: [u8; ETH_ALEN],
        /// `ndm_state`: `NUD_NOARP | NUD_PERMANENT` by default (`permanent`, `local`),
        /// `NUD_NOARP | NUD_REACHABLE` for `static`, `NUD_REACHABLE` for `dynamic`.
        state: NeighState,
        /// `ndm_flags`: `NTF_SELF` (the default) or `NTF_MASTER`, and `NTF_ROUTER`, `NTF_USE`,
        /// `NTF_EXT_LEARNED`, `NTF_STICKY`.
        flags: NeighFlags,
        /// `NDA_VLAN`.
        vlan: Option<u16>,
        /// `NDA_DST`: a VXLAN entry's remote.
        dst: Option<IpAddr>,
        /// `NDA_PORT`: a VXLAN entry's UDP port.
        port: Option<u16>,
        /// `NDA_VNI`: a VXLAN entry's VNI.
        vni: Option<u32>,
        /// `NDA_SRC_VNI`: a VXLAN entry's source VNI.
        src_vni: Option<u32>,
        /// `NDA_IFINDEX`: the interface a VXLAN entry's remote is reached through (`via`).
        via: Option<u32>,
        /// `NDA_NH_ID`: a nexthop (group) instead of a remote.
        nh_id: Option<u32>,
    }
}

impl FdbRequest {
    /// A permanent entry for `lladdr` on device `index`, on the device itself (`NTF_SELF`), as
    /// `bridge fdb add LLADDR dev DEV` makes it.
    #[must_use]
    pub fn new(index: u32, lladdr: [u8; ETH_ALEN]) -> Self {
        FdbRequest {
            index,
            lladdr,
            state: NeighState::NOARP | NeighState::PERMANENT,
            flags: NeighFlags::SELF,
            vlan: None,
            dst: None,
            port: None,
            vni: None,
            src_vni: None,
            via: None,
            nh_id: None,
        }
    }

    /// A static entry on the bridge (`bridge fdb add LLADDR dev PORT master static`).
    #[must_use]
    pub fn master(index: u32, lladdr: [u8; ETH_ALEN]) -> Self {
        FdbRequest {
            state: NeighState::NOARP | NeighState::REACHABLE,
            flags: NeighFlags::MASTER,
            ..Self::new(index, lladdr)
        }
    }
}

impl Request for FdbRequest {
    type Object = Neighbour;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("an FDB entry needs a device"));
        }
        if self.nh_id.is_some() && (self.dst.is_some() || self.port.is_some() || self.vni.is_some())
        {
            return Err(invalid("dst, port, vni are mutually exclusive with nhid"));
        }
        for (what, v) in [("VNI", self.vni), ("source VNI", self.src_vni)] {
            if v.is_some_and(|v| v > VNI_MAX) {
                return Err(invalid(format!("a {what} has 24 bits")));
            }
        }
        Ok(())
    }

    /// Writes the attributes in `bridge`'s order: `NDA_LLADDR`, `NDA_DST`, `NDA_VLAN`,
    /// `NDA_NH_ID`, `NDA_PORT`, `NDA_VNI`, `NDA_SRC_VNI`, `NDA_IFINDEX`.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = NdMsg::new(AddressFamily::BRIDGE, self.index, self.state, self.flags);
        let mut b = NeighMsg::builder(buf, t, flags, &hdr)?;
        b.put(Nda::LLADDR, &self.lladdr);
        b.put_some(Nda::DST, self.dst);
        b.put_some(Nda::VLAN, self.vlan);
        b.put_some(Nda::NH_ID, self.nh_id);
        if let Some(p) = self.port {
            b.put_be16(Nda::PORT, p);
        }
        b.put_some(Nda::VNI, self.vni);
        b.put_some(Nda::SRC_VNI, self.src_vni);
        b.put_some(Nda::IFINDEX, self.via);
        b.finish()
    }
}

settable! {
    /// A bulk delete of FDB entries (`bridge fdb flush`): `RTM_DELNEIGH` with `NLM_F_BULK`, the
    /// entries of `index` (a bridge, or a device with its own table) whose state and flags match
    /// under the masks.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct FdbFlush {
        /// `ndm_ifindex`: the bridge or device.
        fixed index: u32,
        /// `ndm_flags`: `NTF_SELF` (the default) or `NTF_MASTER`, and the flag values matched.
        flags: NeighFlags,
        /// `ndm_state`: the state values matched.
        state: NeighState,
        /// `NDA_NDM_FLAGS_MASK`: which `ndm_flags` bits must match.
        flags_mask: NeighFlags,
        /// `NDA_NDM_STATE_MASK`: which `ndm_state` bits must match.
        state_mask: NeighState,
        /// `NDA_IFINDEX`: only entries on this port.
        port: Option<u32>,
        /// `NDA_VLAN`: only entries of this VLAN.
        vlan: Option<u16>,
    }
}

impl FdbFlush {
    /// Every entry of device `index` (`bridge fdb flush dev DEV`).
    #[must_use]
    pub fn new(index: u32) -> Self {
        FdbFlush {
            index,
            flags: NeighFlags::SELF,
            state: NeighState::NONE,
            flags_mask: NeighFlags::EMPTY,
            state_mask: NeighState::NONE,
            port: None,
            vlan: None,
        }
    }
}

impl Request for FdbFlush {
    type Object = Neighbour;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.index == 0 {
            return Err(invalid("a flush needs a device"));
        }
        if self.vlan.is_some_and(|v| v >= 4096) {
            return Err(invalid("a VLAN id is below 4096"));
        }
        Ok(())
    }

    /// Writes the attributes in `bridge`'s order: `NDA_IFINDEX`, `NDA_VLAN`, the flags mask
    /// (when not empty), the state mask (when not empty).
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let hdr = NdMsg::new(AddressFamily::BRIDGE, self.index, self.state, self.flags);
        let mut b = NeighMsg::builder(buf, t, flags, &hdr)?;
        b.put_some(Nda::IFINDEX, self.port);
        b.put_some(Nda::VLAN, self.vlan);
        if !self.flags_mask.is_empty() {
            b.put_u8(Nda::NDM_FLAGS_MASK, self.flags_mask.bits());
        }
        if !self.state_mask.is_empty() {
            b.put_u16(Nda::NDM_STATE_MASK, self.state_mask.bits());
        }
        b.finish()
    }
}

settable! {
    /// One FDB entry to look up (`bridge fdb get`): its MAC address on a port (`dev`) or bridge
    /// (`br`), with a VLAN or VNI.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct FdbKey {
        /// `NDA_LLADDR`.
        fixed lladdr: [u8; ETH_ALEN],
        /// `ndm_ifindex`: the port or device (0 with `master` alone).
        fixed index: u32,
        /// `NDA_MASTER`: the bridge.
        master: Option<u32>,
        /// `ndm_flags`: `NTF_SELF` or `NTF_MASTER`, or neither.
        flags: NeighFlags,
        /// `NDA_VLAN`.
        vlan: Option<u16>,
        /// `NDA_VNI`.
        vni: Option<u32>,
    }
}

impl FdbKey {
    /// The entry for `lladdr` on device `index`.
    #[must_use]
    pub fn new(index: u32, lladdr: [u8; ETH_ALEN]) -> Self {
        FdbKey {
            lladdr,
            index,
            master: None,
            flags: NeighFlags::EMPTY,
            vlan: None,
            vni: None,
        }
    }
}

impl Lookup<FdbKey> for Neighbour {
    /// Writes `bridge fdb get`'s request: the header, then `NDA_LLADDR`, `NDA_VLAN`, `NDA_VNI`,
    /// `NDA_MASTER`.
    fn get_request(key: &FdbKey, buf: &mut Vec<u8>) -> Result<()> {
        if key.index == 0 && key.master.is_none() {
            return Err(invalid("an FDB lookup needs a device or a bridge"));
        }
        let hdr = NdMsg::new(
            AddressFamily::BRIDGE,
            key.index,
            NeighState::NONE,
            key.flags,
        );
        let mut b = MessageBuilder::new(buf, RTM_GETNEIGH, Flags::EMPTY);
        b.family_header(&hdr);
        b.put(Nda::LLADDR, &key.lladdr);
        b.put_some(Nda::VLAN, key.vlan);
        b.put_some(Nda::VNI, key.vni);
        b.put_some(Nda::MASTER, key.master);
        b.finish()?;
        Ok(())
    }
}

impl NeighFilter {
    /// The forwarding database: every `AF_BRIDGE` entry.
    #[must_use]
    pub fn fdb() -> Self {
        NeighFilter::default().family(AddressFamily::BRIDGE)
    }
}

named_ops! { Neighbour, FdbRequest;
    add add_fdb "Adds an FDB entry (`bridge fdb add`); `EEXIST` when there is one.";
    append append_fdb "Adds an FDB entry after those with the same address (`bridge fdb append`): another remote of a VXLAN default destination.";
    replace replace_fdb "Adds an FDB entry or changes the one there (`bridge fdb replace`).";
    delete delete_fdb "Deletes an FDB entry (`bridge fdb del`).";
}

send_ops! {
    FdbFlush => flush_fdb(RTM_DELNEIGH, Flags::BULK) "Deletes the FDB entries the request matches at once (`bridge fdb flush`); `EOPNOTSUPP` from a device without bulk delete.";
}

impl Connection {
    /// The forwarding database entries matching `filter`, whose family is set to `AF_BRIDGE`
    /// (`bridge fdb show`; `index` is `brport`, `master` is `br`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn fdb(&self, filter: NeighFilter) -> Result<Vec<Neighbour>> {
        self.list::<Neighbour>(filter.family(AddressFamily::BRIDGE))
    }

    /// The FDB entry `key` names, or `None` (`bridge fdb get`).
    ///
    /// # Errors
    /// As [`Connection::get`].
    pub fn fdb_entry(&self, key: &FdbKey) -> Result<Option<Neighbour>> {
        self.get::<Neighbour, _>(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request `bridge` sent, from `testdata/bridge/` (strace).
    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../netlink-wire/testdata/bridge/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// Everything but the sequence number and port id.
    fn same(ours: &[u8], theirs: &[u8]) {
        assert_eq!(
            (&ours[..8], &ours[16..]),
            (&theirs[..8], &theirs[16..]),
            "\nours   {ours:02x?}\ntheirs {theirs:02x?}"
        );
    }

    const ACK: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0);

    #[test]
    fn requests_are_what_bridge_sends() {
        // v1 2, v0 3, br0 4, vx0 5 (testdata/bridge/ifindex.txt).
        let mac = |last| [2, 0, 0, 0, 0, last];
        let cases = [
            (
                "req-fdb-add-master.bin",
                crate::object::ADD,
                FdbRequest::master(2, mac(0xaa)).vlan(10),
            ),
            (
                "req-fdb-add-vxlan.bin",
                crate::object::ADD,
                FdbRequest::new(5, mac(0xbb))
                    .dst("192.0.2.21".parse().unwrap())
                    .port(4790)
                    .vni(100)
                    .src_vni(42)
                    .via(3),
            ),
            (
                "req-fdb-append.bin",
                crate::object::APPEND,
                FdbRequest::new(5, [0; 6]).dst("192.0.2.20".parse().unwrap()),
            ),
            (
                "req-fdb-replace.bin",
                crate::object::REPLACE,
                FdbRequest::master(2, mac(0xcc))
                    .state(NeighState::REACHABLE)
                    .flags(NeighFlags::MASTER | NeighFlags::STICKY | NeighFlags::EXT_LEARNED),
            ),
            (
                "req-fdb-add-nhid.bin",
                crate::object::ADD,
                FdbRequest::new(5, mac(0xdd)).nh_id(5),
            ),
        ];
        for (name, flags, req) in cases {
            req.validate(RTM_DELNEIGH, flags).unwrap();
            let mut buf = Vec::new();
            req.build(
                &mut buf,
                netlink_wire::rtnl::RTM_NEWNEIGH,
                Flags(ACK.0 | flags.0),
            )
            .unwrap();
            same(&buf, &captured(name));
        }
        // `bridge fdb del 02:00:00:00:00:aa dev v1 master vlan 10`: the default state.
        let mut buf = Vec::new();
        FdbRequest::new(2, mac(0xaa))
            .flags(NeighFlags::MASTER)
            .vlan(10)
            .build(&mut buf, RTM_DELNEIGH, ACK)
            .unwrap();
        same(&buf, &captured("req-fdb-del.bin"));
        assert!(
            FdbRequest::new(5, mac(1))
                .nh_id(5)
                .vni(7)
                .validate(RTM_DELNEIGH, Flags::EMPTY)
                .is_err()
        );
        assert!(
            FdbRequest::new(5, mac(1))
                .vni(1 << 24)
                .validate(RTM_DELNEIGH, Flags::EMPTY)
                .is_err()
        );
    }

    #[test]
    fn flush_and_get_are_what_bridge_sends() {
        // `bridge fdb flush dev br0 brport v1 vlan 10 master nopermanent dynamic
        // noextern_learn sticky`.
        let f = FdbFlush::new(4)
            .flags(NeighFlags::MASTER | NeighFlags::STICKY)
            .flags_mask(NeighFlags::EXT_LEARNED | NeighFlags::STICKY)
            .state_mask(NeighState::NOARP | NeighState::PERMANENT)
            .port(2)
            .vlan(10);
        let mut buf = Vec::new();
        f.build(&mut buf, RTM_DELNEIGH, Flags(ACK.0 | Flags::BULK.0))
            .unwrap();
        same(&buf, &captured("req-fdb-flush.bin"));
        // `bridge fdb get 02:00:00:00:00:aa br br0 vlan 10 master`: no ACK asked.
        let key = FdbKey::new(0, [2, 0, 0, 0, 0, 0xaa])
            .master(4)
            .vlan(10)
            .flags(NeighFlags::MASTER);
        let mut buf = Vec::new();
        Neighbour::get_request(&key, &mut buf).unwrap();
        let mut want = captured("req-fdb-get.bin");
        // The engine stamps NLM_F_REQUEST when it sends; `bridge` had it in the bytes.
        want[6] &= !(Flags::REQUEST.0 as u8);
        same(&buf, &want);
        assert!(Neighbour::get_request(&FdbKey::new(0, [0; 6]), &mut Vec::new()).is_err());
        assert!(
            FdbFlush::new(4)
                .vlan(4096)
                .validate(RTM_DELNEIGH, Flags::EMPTY)
                .is_err()
        );
    }
}
