//! The bridge multicast database: `struct br_port_msg`, `struct br_mdb_entry`, the `MDBA_*`
//! attributes the kernel sends and the `MDBA_SET_ENTRY*` ones requests carry; messages
//! `RTM_NEWMDB`, `RTM_DELMDB`, `RTM_GETMDB` (`bridge mdb`).
//!
//! The same message numbers mean two things by direction. What the kernel sends (dump parts and
//! notifications) holds `MDBA_MDB` (a nest of `MDBA_MDB_ENTRY` nests, each with one or more
//! `MDBA_MDB_ENTRY_INFO`: a `struct br_mdb_entry` followed by `MDBA_MDB_EATTR_*` attributes) and
//! `MDBA_ROUTER` (a nest of `MDBA_ROUTER_PORT`: a port's ifindex followed by
//! `MDBA_ROUTER_PATTR_*` attributes). A request (`NLM_F_REQUEST`) holds `MDBA_SET_ENTRY` (the
//! entry) and `MDBA_SET_ENTRY_ATTRS` (`MDBE_ATTR_*`), numbered 1 and 2 as well: the view reads
//! both ([`MdbMsg::mdb`], [`MdbMsg::set_entry`]) and the check walk picks the space by
//! `NLM_F_REQUEST`.
//!
//! Source of truth: `include/uapi/linux/if_bridge.h`; the VXLAN MDB attributes
//! (`MDBA_MDB_EATTR_DST` and after, `MDBE_ATTR_SRC_LIST` and after) are newer than the header
//! installed here (Linux 6.3 and 6.5) and follow the kernel's `br_mdbe_attrs_pol`.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::byteorder::network_endian::U16 as BeU16;

use crate::header::Flags;
use crate::rtnl::tc::StructNest;
use crate::rtnl::{AddressFamily, Group, RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB, RouteProtocol};
use crate::typed::{Walker, walk_list};

/// The `family` and `ifindex` accessors of a bridge family's view, whose header
/// (`br_port_msg`, `br_vlan_msg`, `tunnel_msg`) has both.
macro_rules! bridge_header_accessors {
    ($View:ident, $what:literal) => {
        impl $View<'_> {
            /// `family`.
            #[must_use]
            #[inline]
            pub fn family(&self) -> $crate::rtnl::AddressFamily {
                $crate::rtnl::AddressFamily(self.header.family)
            }

            #[doc = concat!("`ifindex`: ", $what, ".")]
            #[must_use]
            #[inline]
            pub fn index(&self) -> u32 {
                self.header.ifindex.get()
            }
        }
    };
}
pub(crate) use bridge_header_accessors;

kernel_struct! {
    /// `struct br_port_msg`: the family header of multicast database messages.
    BrPortMsg = "br_port_msg", 8 {
        /// `family`: `AF_BRIDGE`.
        pub family: u8,
        /// Padding (the kernel's struct aligns `ifindex`).
        pub pad: [u8; 3],
        /// `ifindex`: the bridge.
        pub ifindex: U32,
    }
}

impl BrPortMsg {
    /// A header for `family` and bridge `ifindex` (0 in a dump request: every bridge).
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, ifindex: u32) -> Self {
        BrPortMsg {
            family: family.0,
            ifindex: U32::new(ifindex),
            ..BrPortMsg::default()
        }
    }
}

/// `ETH_P_IP`: the protocol of an IPv4 group in `br_mdb_entry.addr.proto`.
pub const ETH_P_IP: u16 = 0x0800;
/// `ETH_P_IPV6`: the protocol of an IPv6 group.
pub const ETH_P_IPV6: u16 = 0x86dd;

kernel_struct! {
    /// `struct br_mdb_entry`: one group membership of a port (`MDBA_MDB_ENTRY_INFO`,
    /// `MDBA_SET_ENTRY`).
    BrMdbEntry = "br_mdb_entry", 28 {
        /// `ifindex`: the port (or the bridge itself, for its own membership).
        pub ifindex: U32,
        /// `state`: [`MdbState`].
        pub state: u8,
        /// `flags`: [`MdbFlags`] bits.
        pub flags: u8,
        /// `vid`: the VLAN, 0 for none.
        pub vid: U16,
        /// `addr.u`: the group, an IPv4 address (first 4 bytes), an IPv6 address, or a MAC
        /// address (first 6 bytes), as `addr.proto` says.
        pub addr: [u8; 16],
        /// `addr.proto`: `ETH_P_IP`, `ETH_P_IPV6`, or 0 for a layer-2 group (network order).
        pub proto: BeU16,
        /// Padding at the end of `addr`.
        pub pad: [u8; 2],
    }
}

/// A multicast group as `struct br_mdb_entry` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MdbGroup {
    /// An IPv4 or IPv6 group.
    Ip(IpAddr),
    /// A layer-2 group (`proto` 0): a MAC address.
    L2([u8; 6]),
}

impl MdbGroup {
    /// The address family iproute2 prints the group with: `AF_INET`, `AF_INET6`, or
    /// `AF_PACKET` for a layer-2 group.
    #[must_use]
    pub fn family(&self) -> AddressFamily {
        match self {
            MdbGroup::Ip(IpAddr::V4(_)) => AddressFamily::INET,
            MdbGroup::Ip(IpAddr::V6(_)) => AddressFamily::INET6,
            MdbGroup::L2(_) => AddressFamily::PACKET,
        }
    }
}

impl BrMdbEntry {
    /// An entry for `group` on port `ifindex` in VLAN `vid` (0: none) with `state`.
    #[must_use]
    pub fn new(ifindex: u32, group: MdbGroup, vid: u16, state: MdbState) -> Self {
        let mut addr = [0u8; 16];
        let proto = match group {
            MdbGroup::Ip(IpAddr::V4(a)) => {
                addr[..4].copy_from_slice(&a.octets());
                ETH_P_IP
            }
            MdbGroup::Ip(IpAddr::V6(a)) => {
                addr = a.octets();
                ETH_P_IPV6
            }
            MdbGroup::L2(mac) => {
                addr[..6].copy_from_slice(&mac);
                0
            }
        };
        BrMdbEntry {
            ifindex: U32::new(ifindex),
            state: state.0,
            flags: 0,
            vid: U16::new(vid),
            addr,
            proto: BeU16::new(proto),
            pad: [0; 2],
        }
    }

    /// The group, by `addr.proto`: any protocol but `ETH_P_IP` and 0 reads as IPv6, as
    /// iproute2 reads it.
    #[must_use]
    pub fn group(&self) -> MdbGroup {
        let a = self.addr;
        match self.proto.get() {
            0 => MdbGroup::L2([a[0], a[1], a[2], a[3], a[4], a[5]]),
            ETH_P_IP => MdbGroup::Ip(IpAddr::V4(Ipv4Addr::new(a[0], a[1], a[2], a[3]))),
            _ => MdbGroup::Ip(IpAddr::V6(Ipv6Addr::from(a))),
        }
    }

    /// `state`.
    #[must_use]
    pub fn mdb_state(&self) -> MdbState {
        MdbState(self.state)
    }

    /// `flags`.
    #[must_use]
    pub fn mdb_flags(&self) -> MdbFlags {
        MdbFlags(self.flags)
    }
}

kernel_struct! {
    /// The `u32` ifindex that starts an `MDBA_ROUTER_PORT` attribute, before its
    /// `MDBA_ROUTER_PATTR_*` attributes.
    RouterPortIndex = "u32", 4 {
        /// The router port's ifindex.
        pub ifindex: U32,
    }
}

/// `MDBA_MDB_ENTRY_INFO`: a `struct br_mdb_entry` followed by `MDBA_MDB_EATTR_*` attributes.
pub type MdbEntryInfo<'a> = StructNest<'a, BrMdbEntry, MdbaMdbEattr>;

/// `MDBA_ROUTER_PORT`: a port's ifindex followed by `MDBA_ROUTER_PATTR_*` attributes.
pub type MdbRouterPort<'a> = StructNest<'a, RouterPortIndex, MdbaRouterPattr>;

values! {
    /// `MDB_TEMPORARY`, `MDB_PERMANENT`: the state of a group membership (`br_mdb_entry.state`).
    MdbState(u8);
    /// Learned, or added with `temp`: it times out.
    TEMPORARY = 0, "MDB_TEMPORARY", "temp";
    /// Added with `permanent`.
    PERMANENT = 1, "MDB_PERMANENT", "permanent";
}

flags! {
    /// `MDB_FLAGS_*`: the flags of a group membership (`br_mdb_entry.flags`), with the names
    /// `bridge mdb show` prints.
    MdbFlags(u8);
    /// Offloaded to hardware.
    OFFLOAD = 0x1, "MDB_FLAGS_OFFLOAD", "offload";
    /// The port has fast leave on.
    FAST_LEAVE = 0x2, "MDB_FLAGS_FAST_LEAVE", "fast_leave";
    /// Added by a (*, G) exclude entry.
    STAR_EXCL = 0x4, "MDB_FLAGS_STAR_EXCL", "added_by_star_ex";
    /// Blocked (an exclude-mode source).
    BLOCKED = 0x8, "MDB_FLAGS_BLOCKED", "blocked";
}

values! {
    /// `MDB_RTR_TYPE_*`: a multicast router port's type (`MDBA_ROUTER_PATTR_TYPE`, and the
    /// `mcast_router` setting of ports and VLANs).
    MdbRouterType(u8);
    /// Not a router port.
    DISABLED = 0, "MDB_RTR_TYPE_DISABLED", "disabled";
    /// A router port while queries arrive.
    TEMP_QUERY = 1, "MDB_RTR_TYPE_TEMP_QUERY", "temp_query";
    /// Always a router port.
    PERM = 2, "MDB_RTR_TYPE_PERM", "permanent";
    /// A router port for a while.
    TEMP = 3, "MDB_RTR_TYPE_TEMP", "temp";
}

values! {
    /// `MCAST_EXCLUDE`, `MCAST_INCLUDE`: an IGMPv3/MLDv2 group's filter mode
    /// (`MDBA_MDB_EATTR_GROUP_MODE`).
    McastFilterMode(u8);
    /// Every source but those listed.
    EXCLUDE = 0, "MCAST_EXCLUDE", "exclude";
    /// Only the sources listed.
    INCLUDE = 1, "MCAST_INCLUDE", "include";
}

family! {
    /// A view of a multicast database message (`RTM_NEWMDB`, `RTM_DELMDB`, `RTM_GETMDB`).
    view MdbMsg(BrPortMsg, "br_port_msg");
    family "mdb", messages [RTM_NEWMDB, RTM_DELMDB, RTM_GETMDB], groups [Group::MDB.0];
    walk walk_by_direction;
    /// `MDBA_*`: the attribute numbers of what the kernel sends.
    numbers Mdba;
    /// A typed attribute of what the kernel sends.
    enum MdbAttr<'a>;
    /// The group memberships: `MDBA_MDB_ENTRY` nests.
    MDB = 1, "MDBA_MDB", Mdb(nest MdbaMdb), mdb;
    /// The router ports: `MDBA_ROUTER_PORT` attributes.
    ROUTER = 2, "MDBA_ROUTER", Router(nest MdbaRouter), router;
}

attributes! {
    accessors MdbMsg;
    /// `MDBA_SET_ENTRY*`: the attribute numbers of a request.
    numbers MdbaSet;
    /// A typed attribute of a request.
    enum MdbSetAttr<'a>;
    /// The membership to add or delete.
    SET_ENTRY = 1, "MDBA_SET_ENTRY", SetEntry({BrMdbEntry}), set_entry;
    /// What the entry does not say: `MDBE_ATTR_*` attributes.
    SET_ENTRY_ATTRS = 2, "MDBA_SET_ENTRY_ATTRS", SetEntryAttrs(nest Mdbe), set_entry_attrs;
}

attributes! {
    /// `MDBA_MDB_*`: the attributes of `MDBA_MDB`.
    numbers MdbaMdb;
    /// A typed `MDBA_MDB` attribute.
    enum MdbNestAttr<'a>;
    /// The memberships of one group: `MDBA_MDB_ENTRY_INFO` attributes.
    ENTRY = 1, "MDBA_MDB_ENTRY", Entry(nest MdbaMdbEntry);
}

attributes! {
    /// `MDBA_MDB_ENTRY_*`: the attributes of `MDBA_MDB_ENTRY`.
    numbers MdbaMdbEntry;
    /// A typed `MDBA_MDB_ENTRY` attribute.
    enum MdbEntryAttr<'a>;
    /// One membership and its details.
    INFO = 1, "MDBA_MDB_ENTRY_INFO", Info(val MdbEntryInfo<'a>);
}

attributes! {
    /// The attributes after the `struct br_mdb_entry` of an `MDBA_MDB_ENTRY_INFO`.
    view MdbEntryAttrs;
    /// `MDBA_MDB_EATTR_*`: a membership's details.
    numbers MdbaMdbEattr;
    /// A typed membership detail.
    enum MdbEattrAttr<'a>;
    /// The time left, in hundredths of a second (`USER_HZ` ticks).
    TIMER = 1, "MDBA_MDB_EATTR_TIMER", Timer(u32), timer;
    /// The sources of an IGMPv3/MLDv2 group: `MDBA_MDB_SRCLIST_ENTRY` nests.
    SRC_LIST = 2, "MDBA_MDB_EATTR_SRC_LIST", SrcList(nest MdbaMdbSrclist), src_list;
    /// The filter mode.
    GROUP_MODE = 3, "MDBA_MDB_EATTR_GROUP_MODE", GroupMode(val McastFilterMode), group_mode;
    /// The source of an (S, G) membership.
    SOURCE = 4, "MDBA_MDB_EATTR_SOURCE", Source(ip), source;
    /// Who added it (`RTPROT_*`).
    RTPROT = 5, "MDBA_MDB_EATTR_RTPROT", Rtprot(val RouteProtocol), rtprot;
    /// The VXLAN remote of a VXLAN MDB entry.
    DST = 6, "MDBA_MDB_EATTR_DST", Dst(ip), dst;
    /// The VXLAN UDP port (network order on the wire).
    DST_PORT = 7, "MDBA_MDB_EATTR_DST_PORT", DstPort(be16), dst_port;
    /// The VXLAN VNI.
    VNI = 8, "MDBA_MDB_EATTR_VNI", Vni(u32), vni;
    /// The VXLAN remote's outgoing interface.
    IFINDEX = 9, "MDBA_MDB_EATTR_IFINDEX", Ifindex(u32), ifindex;
    /// The VXLAN source VNI.
    SRC_VNI = 10, "MDBA_MDB_EATTR_SRC_VNI", SrcVni(u32), src_vni;
}

attributes! {
    /// `MDBA_MDB_SRCLIST_*`: the attributes of `MDBA_MDB_EATTR_SRC_LIST`.
    numbers MdbaMdbSrclist;
    /// A typed source list attribute.
    enum MdbSrclistAttr<'a>;
    /// One source: `MDBA_MDB_SRCATTR_*` attributes.
    ENTRY = 1, "MDBA_MDB_SRCLIST_ENTRY", Entry(nest MdbaMdbSrcattr);
}

attributes! {
    /// One source of an IGMPv3/MLDv2 group.
    view MdbSource;
    /// `MDBA_MDB_SRCATTR_*`: the attributes of `MDBA_MDB_SRCLIST_ENTRY`.
    numbers MdbaMdbSrcattr;
    /// A typed source attribute.
    enum MdbSrcattrAttr<'a>;
    /// The source address.
    ADDRESS = 1, "MDBA_MDB_SRCATTR_ADDRESS", Address(ip), address;
    /// The time left, in hundredths of a second.
    TIMER = 2, "MDBA_MDB_SRCATTR_TIMER", Timer(u32), timer;
}

attributes! {
    /// `MDBA_ROUTER_*`: the attributes of `MDBA_ROUTER`.
    numbers MdbaRouter;
    /// A typed `MDBA_ROUTER` attribute.
    enum MdbRouterAttr<'a>;
    /// One router port.
    PORT = 1, "MDBA_ROUTER_PORT", Port(val MdbRouterPort<'a>);
}

attributes! {
    /// The attributes after the ifindex of an `MDBA_ROUTER_PORT`.
    view MdbRouterPortAttrs;
    /// `MDBA_ROUTER_PATTR_*`: a router port's details.
    numbers MdbaRouterPattr;
    /// A typed router port detail.
    enum MdbRouterPattrAttr<'a>;
    /// The time left of a temporary router port, in hundredths of a second.
    TIMER = 1, "MDBA_ROUTER_PATTR_TIMER", Timer(u32), timer;
    /// The router port's type.
    TYPE = 2, "MDBA_ROUTER_PATTR_TYPE", Type(val MdbRouterType), router_type;
    /// The IPv4 timer.
    INET_TIMER = 3, "MDBA_ROUTER_PATTR_INET_TIMER", InetTimer(u32), inet_timer;
    /// The IPv6 timer.
    INET6_TIMER = 4, "MDBA_ROUTER_PATTR_INET6_TIMER", Inet6Timer(u32), inet6_timer;
    /// The VLAN of a per-VLAN router port.
    VID = 5, "MDBA_ROUTER_PATTR_VID", Vid(u16), vid;
}

attributes! {
    /// The `MDBA_SET_ENTRY_ATTRS` of a request.
    view MdbSetEntryAttrs;
    /// `MDBE_ATTR_*`: what a request adds to its `struct br_mdb_entry`.
    numbers Mdbe;
    /// A typed `MDBE_ATTR_*` attribute.
    enum MdbeAttr<'a>;
    /// The source of an (S, G) entry.
    SOURCE = 1, "MDBE_ATTR_SOURCE", Source(ip), source;
    /// The sources of a (*, G) entry: `MDBE_SRC_LIST_ENTRY` nests.
    SRC_LIST = 2, "MDBE_ATTR_SRC_LIST", SrcList(nest MdbeSrcList), src_list;
    /// The filter mode.
    GROUP_MODE = 3, "MDBE_ATTR_GROUP_MODE", GroupMode(val McastFilterMode), group_mode;
    /// Who adds it.
    RTPROT = 4, "MDBE_ATTR_RTPROT", Rtprot(val RouteProtocol), rtprot;
    /// The VXLAN remote.
    DST = 5, "MDBE_ATTR_DST", Dst(ip), dst;
    /// The VXLAN UDP port (network order).
    DST_PORT = 6, "MDBE_ATTR_DST_PORT", DstPort(be16), dst_port;
    /// The VXLAN VNI.
    VNI = 7, "MDBE_ATTR_VNI", Vni(u32), vni;
    /// The VXLAN remote's outgoing interface.
    IFINDEX = 8, "MDBE_ATTR_IFINDEX", Ifindex(u32), ifindex;
    /// The VXLAN source VNI.
    SRC_VNI = 9, "MDBE_ATTR_SRC_VNI", SrcVni(u32), src_vni;
    /// The states a bulk delete matches.
    STATE_MASK = 10, "MDBE_ATTR_STATE_MASK", StateMask(u8), state_mask;
}

attributes! {
    /// `MDBE_SRC_LIST_*`: the attributes of `MDBE_ATTR_SRC_LIST`.
    numbers MdbeSrcList;
    /// A typed request source list attribute.
    enum MdbeSrcListAttr<'a>;
    /// One source: `MDBE_SRCATTR_*` attributes.
    ENTRY = 1, "MDBE_SRC_LIST_ENTRY", Entry(nest MdbeSrcattr);
}

attributes! {
    /// `MDBE_SRCATTR_*`: one source of a request.
    numbers MdbeSrcattr;
    /// A typed request source attribute.
    enum MdbeSrcattrAttr<'a>;
    /// The source address.
    ADDRESS = 1, "MDBE_SRCATTR_ADDRESS", Address(ip);
}

bridge_header_accessors!(MdbMsg, "the bridge");

impl MdbMsg<'_> {
    /// Whether the message is a request (`NLM_F_REQUEST`), whose attributes are
    /// `MDBA_SET_ENTRY*`, rather than what the kernel sends (`MDBA_MDB`, `MDBA_ROUTER`).
    #[must_use]
    #[inline]
    pub fn is_request(&self) -> bool {
        self.msg.flags().contains(Flags::REQUEST)
    }

    /// The check walk: a request's attributes as `MDBA_SET_ENTRY*`, anything else's as
    /// `MDBA_*`.
    fn walk_by_direction(&self, w: &mut Walker) {
        if self.is_request() {
            walk_list::<MdbaSet>(self.attrs, w);
        } else {
            walk_list::<Mdba>(self.attrs, w);
        }
    }
}

impl<'a> MdbEntryInfo<'a> {
    /// The details after the entry.
    #[must_use]
    #[inline]
    pub fn details(&self) -> MdbEntryAttrs<'a> {
        MdbEntryAttrs::new(self.attrs())
    }
}

impl<'a> MdbRouterPort<'a> {
    /// The router port's ifindex.
    #[must_use]
    #[inline]
    pub fn ifindex(&self) -> u32 {
        self.header().get().ifindex.get()
    }

    /// The details after the ifindex.
    #[must_use]
    #[inline]
    pub fn details(&self) -> MdbRouterPortAttrs<'a> {
        MdbRouterPortAttrs::new(self.attrs())
    }
}

/// The bridge captures (`testdata/bridge/`), for the tests of the bridge families.
#[cfg(test)]
pub(crate) mod capture {
    /// The bytes of `testdata/bridge/NAME`.
    pub(crate) fn bridge_capture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/testdata/bridge/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// The request `bridge` sent, as strace showed it (`testdata/bridge/req-*.bin`).
    pub(crate) fn bridge_requests(name: &str) -> Vec<u8> {
        bridge_capture(name)
    }

    /// The check walk's counts for one message.
    pub(crate) fn walk(m: crate::message::Msg<'_>) -> crate::typed::Summary {
        let mut w = crate::typed::Walker::new();
        crate::check::walk_message(m, &mut w);
        w.summary
    }

    /// What a request says, without its sequence number and port id: its length, type and
    /// flags, and everything after the `nlmsghdr`.
    pub(crate) fn body_of(msg: &[u8]) -> (&[u8], &[u8], &[u8]) {
        (&msg[..4], &msg[4..8], &msg[16..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::error::Error;
    use crate::message::{Messages, Msg};
    use crate::rtnl::mdb::capture::{body_of, bridge_capture, bridge_requests, walk};
    use crate::typed::Nested;
    use zerocopy::IntoBytes;

    /// Bridge, port, group, vid, state, source.
    type Membership = (u32, u32, MdbGroup, u16, MdbState, Option<IpAddr>);

    /// Every membership of a dump.
    fn memberships(bytes: &[u8]) -> Vec<Membership> {
        let mut out = Vec::new();
        for m in Messages::new(bytes) {
            let m = m.unwrap();
            // Dump parts come as RTM_GETMDB; notifications as RTM_NEWMDB and RTM_DELMDB.
            if m.message_type() != RTM_GETMDB {
                continue;
            }
            let s = walk(m);
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
            assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
            let v = MdbMsg::parse(m).unwrap();
            assert!(!v.is_request());
            let Some(mdb) = v.mdb().unwrap() else {
                continue;
            };
            for e in mdb.typed() {
                let MdbNestAttr::Entry(e) = e.unwrap() else {
                    panic!("not an entry")
                };
                for i in e.typed() {
                    let MdbEntryAttr::Info(i) = i.unwrap() else {
                        panic!("not an entry info")
                    };
                    let h = i.header().get();
                    out.push((
                        v.index(),
                        h.ifindex.get(),
                        h.group(),
                        h.vid.get(),
                        h.mdb_state(),
                        i.details().source().unwrap(),
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn decodes_the_captured_dump() {
        // testdata/bridge/dump-mdb.bin: br0 is ifindex 4, v1 (its port) 2.
        let bytes = bridge_capture("dump-mdb.bin");
        let all = memberships(&bytes);
        let g4 = |a: [u8; 4]| MdbGroup::Ip(IpAddr::V4(Ipv4Addr::from(a)));
        let src = Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 6)));
        for want in [
            (4, 2, g4([239, 1, 2, 1]), 0, MdbState::PERMANENT, None),
            (4, 2, g4([239, 1, 2, 2]), 0, MdbState::PERMANENT, src),
            (
                4,
                2,
                MdbGroup::L2([1, 0, 0x5e, 1, 2, 1]),
                0,
                MdbState::PERMANENT,
                None,
            ),
            (
                4,
                2,
                MdbGroup::Ip("ff0e::2".parse().unwrap()),
                0,
                MdbState::TEMPORARY,
                None,
            ),
        ] {
            assert!(all.contains(&want), "{want:?} not in {all:?}");
        }
        // v1 is a permanent router port (`mcast_router 2`).
        let mut ports = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_GETMDB {
                continue;
            }
            let v = MdbMsg::parse(m).unwrap();
            if let Some(r) = v.router().unwrap() {
                for p in r.typed() {
                    let MdbRouterAttr::Port(p) = p.unwrap() else {
                        panic!()
                    };
                    ports.push((p.ifindex(), p.details().router_type().unwrap()));
                }
            }
        }
        assert_eq!(ports, [(2, Some(MdbRouterType::PERM))]);
    }

    #[test]
    fn builds_what_bridge_mdb_add_sends() {
        // `bridge mdb add dev br0 port v1 grp 239.1.1.2 src 192.0.2.5 temp` (br0 4, v1 2).
        let want = bridge_requests("req-mdb-add-src.bin");
        let mut buf = Vec::new();
        let mut b = MdbMsg::builder(
            &mut buf,
            RTM_NEWMDB,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            &BrPortMsg::new(AddressFamily::BRIDGE, 4),
        )
        .unwrap();
        let g = MdbGroup::Ip(IpAddr::V4(Ipv4Addr::new(239, 1, 1, 2)));
        b.put_struct(
            MdbaSet::SET_ENTRY,
            &BrMdbEntry::new(2, g, 0, MdbState::TEMPORARY),
        );
        {
            let mut n = b.nest(MdbaSet::SET_ENTRY_ATTRS.0 | NLA_F_NESTED);
            n.put_ip(Mdbe::SOURCE, IpAddr::V4(Ipv4Addr::new(192, 0, 2, 5)));
        }
        b.finish().unwrap();
        assert_eq!(body_of(&buf), body_of(&want));
        let m = Msg::parse(&want).unwrap();
        let v = MdbMsg::parse(m).unwrap();
        assert!(v.is_request());
        assert_eq!(v.set_entry().unwrap().unwrap().get().group(), g);
        let attrs = MdbSetEntryAttrs::from(v.set_entry_attrs().unwrap().unwrap());
        assert_eq!(
            attrs.source().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 5)))
        );
        let s = walk(m);
        assert_eq!((s.errors, s.typed_errors, s.typed), (0, 0, 3), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        // The other captured requests: an IPv6 group with a source, a layer-2 group, a VLAN.
        for (name, group, vid, state) in [
            (
                "req-mdb-add6.bin",
                MdbGroup::Ip("ff0e::1".parse().unwrap()),
                0,
                MdbState::PERMANENT,
            ),
            (
                "req-mdb-add-l2.bin",
                MdbGroup::L2([1, 0, 0x5e, 1, 1, 1]),
                0,
                MdbState::PERMANENT,
            ),
            (
                "req-mdb-add.bin",
                MdbGroup::Ip(IpAddr::V4(Ipv4Addr::new(239, 1, 1, 1))),
                10,
                MdbState::PERMANENT,
            ),
            (
                "req-mdb-del.bin",
                MdbGroup::Ip(IpAddr::V4(Ipv4Addr::new(239, 1, 1, 1))),
                10,
                MdbState::TEMPORARY,
            ),
        ] {
            let want = bridge_requests(name);
            let m = Msg::parse(&want).unwrap();
            let e = MdbMsg::parse(m)
                .unwrap()
                .set_entry()
                .unwrap()
                .unwrap()
                .get();
            assert_eq!(
                e.as_bytes(),
                BrMdbEntry::new(2, group, vid, state).as_bytes(),
                "{name}"
            );
            let s = walk(m);
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}");
        }
    }

    #[test]
    fn a_short_entry_fails_alone() {
        let mut buf = Vec::new();
        let mut b = MdbMsg::builder(
            &mut buf,
            RTM_NEWMDB,
            Flags::EMPTY,
            &BrPortMsg::new(AddressFamily::BRIDGE, 4),
        )
        .unwrap();
        {
            let mut mdb = b.nest(Mdba::MDB);
            let mut e = mdb.nest(MdbaMdb::ENTRY);
            e.put(MdbaMdbEntry::INFO, &[0u8; 12]);
        }
        b.put_u32(Mdba::ROUTER, 7);
        b.finish().unwrap();
        let v = MdbMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let e = v.mdb().unwrap().unwrap().typed().next().unwrap().unwrap();
        let MdbNestAttr::Entry(e) = e else { panic!() };
        let info: Nested<'_, MdbaMdbEntry> = e;
        assert!(matches!(
            info.typed().next().unwrap(),
            Err(Error::AttrSize {
                expected: 28,
                found: 12,
                ..
            })
        ));
        let s = walk(v.msg());
        assert_eq!(s.errors, 0);
        assert!(s.typed_errors >= 1, "{s:?}");
    }

    #[test]
    fn names_follow_the_kernel_and_bridge() {
        assert_eq!(format!("{:?}", Mdba::ROUTER), "MDBA_ROUTER");
        assert_eq!(format!("{:?}", MdbaSet::SET_ENTRY), "MDBA_SET_ENTRY");
        assert_eq!(
            format!("{:?}", MdbaMdbEattr::RTPROT),
            "MDBA_MDB_EATTR_RTPROT"
        );
        assert_eq!(MdbState::PERMANENT.to_string(), "permanent");
        assert_eq!(
            MdbFlags(0x6).short_names().collect::<Vec<_>>(),
            ["fast_leave", "added_by_star_ex"]
        );
        assert_eq!(crate::rtnl::family_header_len(RTM_GETMDB), Some(8));
        assert_eq!(MdbGroup::L2([1; 6]).family(), AddressFamily::PACKET);
    }
}
