//! The bridge multicast database (`bridge mdb`): group memberships of bridge ports and the
//! bridges' multicast router ports.
//!
//! The kernel sends one message per bridge, holding that bridge's memberships and router ports;
//! [`Mdb`] is that message, owned. Dump parts come as `RTM_GETMDB`, notifications as
//! `RTM_NEWMDB`/`RTM_DELMDB` (one membership or router port each).

use std::net::IpAddr;

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::mdb::{
    BrMdbEntry, BrPortMsg, McastFilterMode, MdbEntryAttr, MdbEntryInfo, MdbFlags, MdbGroup, MdbMsg,
    MdbNestAttr, MdbRouterAttr, MdbRouterType, MdbSource, MdbSrclistAttr, MdbState, MdbaRouter,
    MdbaSet, Mdbe,
};
use netlink_wire::rtnl::{AddressFamily, RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB, RouteProtocol};
use netlink_wire::{AttrWrite, Flags, MessageType, Nested, PutValue};

use crate::error::Result;
use crate::object::{Object, Request};
use crate::ops::invalid;

/// One source of an IGMPv3/MLDv2 membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MdbSourceEntry {
    /// `MDBA_MDB_SRCATTR_ADDRESS`.
    pub address: IpAddr,
    /// `MDBA_MDB_SRCATTR_TIMER`: the time left, in hundredths of a second.
    pub timer: u32,
}

/// One group membership of a port (`MDBA_MDB_ENTRY_INFO`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MdbEntry {
    /// The port (or the bridge itself).
    pub port: u32,
    /// The group.
    pub group: MdbGroup,
    /// The VLAN, 0 for none.
    pub vid: u16,
    /// `permanent` or `temp`.
    pub state: MdbState,
    /// `offload`, `fast_leave`, ...
    pub flags: MdbFlags,
    /// `MDBA_MDB_EATTR_SOURCE`: the source of an (S, G) membership.
    pub source: Option<IpAddr>,
    /// `MDBA_MDB_EATTR_TIMER`: the time left, in hundredths of a second.
    pub timer: Option<u32>,
    /// `MDBA_MDB_EATTR_GROUP_MODE`.
    pub filter_mode: Option<McastFilterMode>,
    /// `MDBA_MDB_EATTR_SRC_LIST`.
    pub sources: Vec<MdbSourceEntry>,
    /// `MDBA_MDB_EATTR_RTPROT`: who added it.
    pub protocol: Option<RouteProtocol>,
}

/// A multicast router port of a bridge (`MDBA_ROUTER_PORT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MdbRouterPort {
    /// The port.
    pub port: u32,
    /// `MDBA_ROUTER_PATTR_TIMER`: the time left, in hundredths of a second.
    pub timer: Option<u32>,
    /// `MDBA_ROUTER_PATTR_TYPE`.
    pub router_type: Option<MdbRouterType>,
    /// `MDBA_ROUTER_PATTR_VID`: the VLAN of a per-VLAN router port.
    pub vid: Option<u16>,
}

/// One multicast database message: a bridge's memberships and router ports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mdb {
    /// The bridge.
    pub index: u32,
    /// Its memberships, in the kernel's order.
    pub entries: Vec<MdbEntry>,
    /// Its multicast router ports.
    pub router_ports: Vec<MdbRouterPort>,
}

impl MdbEntry {
    fn from_info(i: &MdbEntryInfo<'_>) -> Result<MdbEntry> {
        let h = i.header().get();
        let d = i.details();
        d.validate()?;
        let mut sources = Vec::new();
        if let Some(list) = d.src_list()? {
            for s in list.typed() {
                let MdbSrclistAttr::Entry(s) = s? else {
                    continue;
                };
                let s = MdbSource::from(s);
                if let (Some(address), Some(timer)) = (s.address()?, s.timer()?) {
                    sources.push(MdbSourceEntry { address, timer });
                }
            }
        }
        Ok(MdbEntry {
            port: h.ifindex.get(),
            group: h.group(),
            vid: h.vid.get(),
            state: h.mdb_state(),
            flags: h.mdb_flags(),
            source: d.source()?,
            timer: d.timer()?,
            filter_mode: d.group_mode()?,
            sources,
            protocol: d.rtprot()?,
        })
    }
}

impl MdbRouterPort {
    /// The router ports of an `MDBA_ROUTER` nest (or of a VLAN's
    /// `BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS`, which holds the same attributes).
    pub(crate) fn list(r: &Nested<'_, MdbaRouter>) -> Result<Vec<MdbRouterPort>> {
        let mut out = Vec::new();
        for p in r.typed() {
            let MdbRouterAttr::Port(p) = p? else {
                continue;
            };
            let d = p.details();
            d.validate()?;
            out.push(MdbRouterPort {
                port: p.ifindex(),
                timer: d.timer()?,
                router_type: d.router_type()?,
                vid: d.vid()?,
            });
        }
        Ok(out)
    }
}

impl Mdb {
    /// Decodes a view into an owned description.
    ///
    /// # Errors
    /// When an attribute does not fit its type, or one is malformed.
    pub fn from_msg(m: &MdbMsg<'_>) -> Result<Mdb> {
        m.check_frame()?;
        let mut entries = Vec::new();
        if let Some(mdb) = m.mdb()? {
            for e in mdb.typed() {
                let MdbNestAttr::Entry(e) = e? else {
                    continue;
                };
                for i in e.typed() {
                    if let MdbEntryAttr::Info(i) = i? {
                        entries.push(MdbEntry::from_info(&i)?);
                    }
                }
            }
        }
        let router_ports = match m.router()? {
            Some(r) => MdbRouterPort::list(&r)?,
            None => Vec::new(),
        };
        Ok(Mdb {
            index: m.index(),
            entries,
            router_ports,
        })
    }
}

settable! {
    /// Which bridges' multicast databases [`Connection::mdb`](crate::Connection::mdb) returns.
    /// The kernel takes no filter in a dump request: both fields are applied to what comes back.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct MdbFilter {
        /// Only this bridge.
        index: Option<u32>,
    }
}

impl Object for Mdb {
    type View<'a> = MdbMsg<'a>;
    type Filter = MdbFilter;
    const NEW: MessageType = RTM_NEWMDB;
    const DEL: MessageType = RTM_DELMDB;
    const GET: MessageType = RTM_GETMDB;

    fn dump_request(_filter: &MdbFilter, buf: &mut Vec<u8>) -> netlink_wire::Result<usize> {
        let hdr = BrPortMsg::new(AddressFamily::BRIDGE, 0);
        MdbMsg::builder(buf, RTM_GETMDB, Flags::EMPTY, &hdr)?.finish()
    }

    fn is_dump_reply(t: MessageType) -> bool {
        t == RTM_GETMDB || t == RTM_NEWMDB
    }

    fn matches(filter: &MdbFilter, m: &MdbMsg<'_>) -> Result<bool> {
        Ok(filter.index.is_none_or(|i| i == m.index()))
    }

    fn from_view(m: &MdbMsg<'_>) -> Result<Mdb> {
        Mdb::from_msg(m)
    }
}

settable! {
    /// A membership to add or delete (`bridge mdb add|del`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct MdbRequest {
        /// The bridge.
        fixed bridge: u32,
        /// The port.
        fixed port: u32,
        /// The group.
        fixed group: MdbGroup,
        /// The VLAN, 0 for none.
        vid: u16,
        /// `permanent` or `temp` (a delete sends `temp`, as `bridge` does).
        state: MdbState,
        /// The source of an (S, G) membership (`MDBE_ATTR_SOURCE`).
        source: Option<IpAddr>,
    }
}

impl MdbRequest {
    /// A temporary membership of `port` of `bridge` in `group` (`bridge mdb add dev BRIDGE port
    /// PORT grp GROUP`).
    #[must_use]
    pub fn new(bridge: u32, port: u32, group: MdbGroup) -> Self {
        MdbRequest {
            bridge,
            port,
            group,
            vid: 0,
            state: MdbState::TEMPORARY,
            source: None,
        }
    }
}

impl Request for MdbRequest {
    type Object = Mdb;

    fn validate(&self, _t: MessageType, _flags: Flags) -> Result<()> {
        if self.bridge == 0 || self.port == 0 {
            return Err(invalid("a membership needs a bridge and a port"));
        }
        if let (Some(s), MdbGroup::Ip(g)) = (self.source, self.group)
            && s.is_ipv4() != g.is_ipv4()
        {
            return Err(invalid(format!(
                "source {s} is not of the family of group {g}"
            )));
        }
        Ok(())
    }

    /// Writes `MDBA_SET_ENTRY` and, with a source, `MDBA_SET_ENTRY_ATTRS` (`NLA_F_NESTED`), as
    /// `bridge` does; a delete never says `permanent`.
    fn build(
        &self,
        buf: &mut Vec<u8>,
        t: MessageType,
        flags: Flags,
    ) -> netlink_wire::Result<usize> {
        let state = if t == RTM_NEWMDB {
            self.state
        } else {
            MdbState::TEMPORARY
        };
        let hdr = BrPortMsg::new(AddressFamily::BRIDGE, self.bridge);
        let mut b = MdbMsg::builder(buf, t, flags, &hdr)?;
        b.put_struct(
            MdbaSet::SET_ENTRY,
            &BrMdbEntry::new(self.port, self.group, self.vid, state),
        );
        if let Some(s) = self.source {
            let mut n = b.nest(MdbaSet::SET_ENTRY_ATTRS.0 | NLA_F_NESTED);
            n.put_value(Mdbe::SOURCE, &s);
        }
        b.finish()
    }
}

named_ops! { Mdb, MdbRequest;
    list mdb "The multicast database of every bridge matching `filter`, one [`Mdb`] per bridge (`bridge mdb show`).";
    for_each for_each_mdb "The multicast database, streamed through `f` as borrowed views.";
    add add_mdb "Adds a group membership (`bridge mdb add`).";
    replace replace_mdb "Adds a group membership or changes the one there (`bridge mdb replace`, Linux 6.3).";
    delete delete_mdb "Deletes a group membership (`bridge mdb del`).";
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_wire::{Messages, Msg};

    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../netlink-wire/testdata/bridge/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn decodes_the_captured_dump() {
        let bytes = captured("dump-mdb.bin");
        let mut all = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if Mdb::is_dump_reply(m.message_type()) {
                all.push(Mdb::from_view(&MdbMsg::parse(m).unwrap()).unwrap());
            }
        }
        let entries: Vec<&MdbEntry> = all.iter().flat_map(|m| &m.entries).collect();
        let sg = entries
            .iter()
            .find(|e| e.source.is_some())
            .expect("the (S, G) membership");
        assert_eq!(sg.group, MdbGroup::Ip("239.1.2.2".parse().unwrap()));
        assert_eq!(sg.protocol, Some(RouteProtocol::STATIC));
        // The VXLAN devices (5, 6) answer the dump too, with no entries.
        assert!(
            all.iter()
                .all(|m| m.index == 4 || (m.entries.is_empty() && m.router_ports.is_empty()))
        );
        let ports: Vec<_> = all.iter().flat_map(|m| &m.router_ports).collect();
        assert_eq!(ports.len(), 1);
        assert_eq!(
            (ports[0].port, ports[0].router_type),
            (2, Some(MdbRouterType::PERM))
        );
    }

    #[test]
    fn requests_are_what_bridge_sends() {
        // `bridge mdb add dev br0 port v1 grp 239.1.1.2 src 192.0.2.5 temp`, `... grp
        // 239.1.1.1 permanent vid 10`, and `bridge mdb del ... vid 10` (br0 4, v1 2).
        let g = |s: &str| MdbGroup::Ip(s.parse().unwrap());
        let ack = Flags::REQUEST | Flags::ACK;
        for (name, t, flags, req) in [
            (
                "req-mdb-add-src.bin",
                RTM_NEWMDB,
                crate::object::ADD,
                MdbRequest::new(4, 2, g("239.1.1.2")).source("192.0.2.5".parse().unwrap()),
            ),
            (
                "req-mdb-add.bin",
                RTM_NEWMDB,
                crate::object::ADD,
                MdbRequest::new(4, 2, g("239.1.1.1"))
                    .state(MdbState::PERMANENT)
                    .vid(10),
            ),
            (
                "req-mdb-del.bin",
                RTM_DELMDB,
                Flags::EMPTY,
                MdbRequest::new(4, 2, g("239.1.1.1"))
                    .state(MdbState::PERMANENT)
                    .vid(10),
            ),
        ] {
            req.validate(t, flags).unwrap();
            let mut buf = Vec::new();
            req.build(&mut buf, t, ack | flags).unwrap();
            let want = captured(name);
            assert_eq!((&buf[..8], &buf[16..]), (&want[..8], &want[16..]), "{name}");
            let _ = Msg::parse(&buf).unwrap();
        }
        assert!(
            MdbRequest::new(4, 2, g("ff0e::1"))
                .source("192.0.2.1".parse().unwrap())
                .validate(RTM_NEWMDB, Flags::EMPTY)
                .is_err()
        );
    }
}
