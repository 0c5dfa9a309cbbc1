//! Neighbours: `struct ndmsg`, the `NDA_*` attributes, `NUD_*` states, `NTF_*` and
//! `NTF_EXT_*` flags and `struct nda_cacheinfo`; messages `RTM_NEWNEIGH`, `RTM_DELNEIGH`,
//! `RTM_GETNEIGH`.
//!
//! The same messages carry the ARP and NDISC caches (`AF_INET`, `AF_INET6`), proxy entries
//! (`NTF_PROXY`) and the bridge and VXLAN forwarding databases (`AF_BRIDGE`, where
//! `NDA_VLAN`, `NDA_VNI`, `NDA_PORT` and friends appear).
//!
//! The neighbour tables themselves (`arp_cache`, `ndisc_cache`: thresholds, timers, counters)
//! travel in `RTM_NEWNEIGHTBL` messages with a 4-byte `struct ndtmsg` and the `NDTA_*` and
//! `NDTPA_*` attributes ([`NeighTableMsg`]): a second family declared in this file.
//!
//! Source of truth: `include/uapi/linux/neighbour.h`; widths as the kernel's `nda_policy`,
//! `nl_neightbl_policy` and `nl_ntbl_parm_policy` (`net/core/neighbour.c`) read them.

use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};

use crate::error::Result;
use crate::rtnl::{
    AddressFamily, Group, RTM_DELNEIGH, RTM_GETNEIGH, RTM_GETNEIGHTBL, RTM_NEWNEIGH,
    RTM_NEWNEIGHTBL, RTM_SETNEIGHTBL, RouteProtocol, RouteType,
};

kernel_struct! {
    /// `struct ndmsg`: the family header of neighbour messages.
    NdMsg = "ndmsg", 12 {
        /// `ndm_family`: `AF_INET`, `AF_INET6` or `AF_BRIDGE` (forwarding database).
        pub ndm_family: u8,
        /// `ndm_pad1`: zero.
        pub ndm_pad1: u8,
        /// `ndm_pad2`: zero.
        pub ndm_pad2: U16,
        /// `ndm_ifindex`: the interface index (an `int` in the kernel; read it with
        /// [`NeighMsg::index`]).
        pub ndm_ifindex: I32,
        /// `ndm_state`: the `NUD_*` state bits.
        pub ndm_state: U16,
        /// `ndm_flags`: the `NTF_*` flags.
        pub ndm_flags: u8,
        /// `ndm_type`: an `RTN_*` route type (`RTN_UNICAST`, `RTN_MULTICAST`, ...).
        pub ndm_type: u8,
    }
}

impl NdMsg {
    /// A header for `family` on interface `index` with `state` and `flags`; `ndm_type` 0.
    #[must_use]
    #[inline]
    pub fn new(family: AddressFamily, index: u32, state: NeighState, flags: NeighFlags) -> Self {
        NdMsg {
            ndm_family: family.0,
            ndm_ifindex: I32::new(index.cast_signed()),
            ndm_state: U16::new(state.0),
            ndm_flags: flags.0,
            ..NdMsg::default()
        }
    }
}

kernel_struct! {
    /// `struct nda_cacheinfo`: ages of a neighbour entry (`NDA_CACHEINFO`).
    NdaCacheInfo = "nda_cacheinfo", 16 {
        /// `ndm_confirmed`: clock ticks (`USER_HZ`) since the entry was last confirmed
        /// reachable.
        pub ndm_confirmed: U32,
        /// `ndm_used`: clock ticks since the entry was last used.
        pub ndm_used: U32,
        /// `ndm_updated`: clock ticks since the entry was last updated.
        pub ndm_updated: U32,
        /// `ndm_refcnt`: the reference count, less the table's own reference.
        pub ndm_refcnt: U32,
    }
}

family! {
    /// A view of a neighbour message (`RTM_NEWNEIGH`, `RTM_DELNEIGH`, `RTM_GETNEIGH`).
    view NeighMsg(NdMsg, "ndmsg");
    family "neighbour", messages [RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH],
        groups [Group::NEIGH.0];
    /// `NDA_*`: neighbour attribute numbers.
    numbers Nda;
    /// A typed neighbour attribute.
    enum NeighAttr<'a>;
    /// The protocol address: the IPv4 or IPv6 address, or a VXLAN FDB entry's remote.
    DST = 1, "NDA_DST", Dst(ip), destination;
    /// The link-layer address, as many bytes as the link type uses (6 on Ethernet).
    LLADDR = 2, "NDA_LLADDR", LlAddr(bytes), lladdr;
    /// Ages and reference count.
    CACHEINFO = 3, "NDA_CACHEINFO", CacheInfo({NdaCacheInfo}), cache_info;
    /// How many probes were sent.
    PROBES = 4, "NDA_PROBES", Probes(u32), probes;
    /// The VLAN id of a bridge FDB entry.
    VLAN = 5, "NDA_VLAN", Vlan(u16), vlan;
    /// The UDP destination port of a VXLAN FDB entry (network order on the wire).
    PORT = 6, "NDA_PORT", Port(be16), port;
    /// The VNI of a VXLAN FDB entry (host order, unlike the packet's).
    VNI = 7, "NDA_VNI", Vni(u32), vni;
    /// The outgoing interface of a VXLAN FDB entry's remote (not the entry's own interface,
    /// which is [`NeighMsg::index`]); also a dump filter.
    IFINDEX = 8, "NDA_IFINDEX", Ifindex(u32), remote_ifindex;
    /// The master device (bridge) of the entry's interface; also a dump filter.
    MASTER = 9, "NDA_MASTER", Master(u32), master;
    /// The network namespace id of the device's link.
    LINK_NETNSID = 10, "NDA_LINK_NETNSID", LinkNetnsid(i32), link_netnsid;
    /// The source VNI of a VXLAN FDB entry (collect-metadata devices).
    SRC_VNI = 11, "NDA_SRC_VNI", SrcVni(u32), src_vni;
    /// Who installed the entry (`RTPROT_*`).
    PROTOCOL = 12, "NDA_PROTOCOL", Protocol(val RouteProtocol), protocol;
    /// The nexthop (group) id of an FDB entry.
    NH_ID = 13, "NDA_NH_ID", NhId(u32), nh_id;
    /// Bridge FDB extensions, `NFEA_*` attributes (read them with [`FdbExt`]).
    FDB_EXT_ATTRS = 14, "NDA_FDB_EXT_ATTRS", FdbExtAttrs(nest Nfea), fdb_ext_attrs;
    /// The extended flags, `NTF_EXT_*`.
    FLAGS_EXT = 15, "NDA_FLAGS_EXT", FlagsExt(val NeighFlagsExt), flags_ext;
    /// The `ndm_state` bits a bulk FDB delete matches on.
    NDM_STATE_MASK = 16, "NDA_NDM_STATE_MASK", NdmStateMask(val NeighState), state_mask;
    /// The `ndm_flags` bits a bulk FDB delete matches on.
    NDM_FLAGS_MASK = 17, "NDA_NDM_FLAGS_MASK", NdmFlagsMask(val NeighFlags), flags_mask;
}

attributes! {
    /// The attributes of an `NDA_FDB_EXT_ATTRS` nest ([`NeighMsg::fdb_ext_attrs`]).
    view FdbExt;
    /// `NFEA_*`: attribute numbers inside `NDA_FDB_EXT_ATTRS`.
    numbers Nfea;
    /// A typed bridge FDB extension attribute.
    enum FdbExtAttr<'a>;
    /// Activity notification bits (`FDB_NOTIFY_BIT`, `FDB_NOTIFY_INACTIVE_BIT`).
    ACTIVITY_NOTIFY = 1, "NFEA_ACTIVITY_NOTIFY", ActivityNotify(u8), activity_notify;
    /// Do not refresh the entry's activity on this update.
    DONT_REFRESH = 2, "NFEA_DONT_REFRESH", DontRefresh(flag), dont_refresh;
}

flags! {
    /// `NUD_*`: neighbour unreachability detection states, in `ndm_state`. `NUD_NONE` is the
    /// empty set. Short names are what `ip neigh` prints (`REACHABLE`).
    NeighState(u16);
    /// `NUD_NONE`: no state (a freshly created entry).
    NONE = 0x00, "NUD_NONE", "NONE";
    /// Resolution is in progress.
    INCOMPLETE = 0x01, "NUD_INCOMPLETE", "INCOMPLETE";
    /// Confirmed reachable recently.
    REACHABLE = 0x02, "NUD_REACHABLE", "REACHABLE";
    /// Valid but not confirmed recently.
    STALE = 0x04, "NUD_STALE", "STALE";
    /// Waiting before probing.
    DELAY = 0x08, "NUD_DELAY", "DELAY";
    /// Probing.
    PROBE = 0x10, "NUD_PROBE", "PROBE";
    /// Resolution failed.
    FAILED = 0x20, "NUD_FAILED", "FAILED";
    /// A pseudo state: no resolution needed (multicast, point-to-point).
    NOARP = 0x40, "NUD_NOARP", "NOARP";
    /// A pseudo state: configured, never expires.
    PERMANENT = 0x80, "NUD_PERMANENT", "PERMANENT";
}

flags! {
    /// `NTF_*`: neighbour entry flags, in `ndm_flags`.
    NeighFlags(u8);
    /// Mark the entry as used (a request flag).
    USE = 0x01, "NTF_USE", "use";
    /// An FDB entry on the device itself, not on its master.
    SELF = 0x02, "NTF_SELF", "self";
    /// An FDB entry on the master (bridge).
    MASTER = 0x04, "NTF_MASTER", "master";
    /// A proxy ARP / proxy NDP entry (`ATF_PUBL`).
    PROXY = 0x08, "NTF_PROXY", "proxy";
    /// Learned by an external agent (a switch driver, EVPN).
    EXT_LEARNED = 0x10, "NTF_EXT_LEARNED", "extern_learn";
    /// Offloaded to hardware.
    OFFLOADED = 0x20, "NTF_OFFLOADED", "offload";
    /// A sticky FDB entry: it does not roam.
    STICKY = 0x40, "NTF_STICKY", "sticky";
    /// The neighbour is an IPv6 router.
    ROUTER = 0x80, "NTF_ROUTER", "router";
}

flags! {
    /// `NTF_EXT_*`: extended neighbour flags, in `NDA_FLAGS_EXT`.
    NeighFlagsExt(u32);
    /// Managed by the kernel on behalf of user space and kept reachable.
    MANAGED = 0x01, "NTF_EXT_MANAGED", "managed";
    /// A locked bridge FDB entry (802.1X port authentication). Newer than the
    /// `neighbour.h` installed here; added in Linux 6.0.
    LOCKED = 0x02, "NTF_EXT_LOCKED", "locked";
}

header_fields! { NeighMsg;
    /// `ndm_family`.
    family: AddressFamily = |h| AddressFamily(h.ndm_family);
    /// `ndm_ifindex`: the entry's interface (0 for a proxy entry on no interface). The kernel
    /// keeps it in an `int` but never sends a negative one; such bits read as they are
    /// (`i32::cast_unsigned`), as every interface index in this crate does.
    index: u32 = |h| h.ndm_ifindex.get().cast_unsigned();
    /// `ndm_state`.
    state: NeighState = |h| NeighState(h.ndm_state.get());
    /// `ndm_flags`.
    flags: NeighFlags = |h| NeighFlags(h.ndm_flags);
    /// `ndm_type`: `RTN_UNICAST`, `RTN_MULTICAST`, ...
    neigh_type: RouteType = |h| RouteType(h.ndm_type);
}

kernel_struct! {
    /// `struct ndtmsg`: the family header of neighbour table messages.
    NdtMsg = "ndtmsg", 4 {
        /// `ndtm_family`: `AF_INET` (`arp_cache`) or `AF_INET6` (`ndisc_cache`).
        pub ndtm_family: u8,
        /// `ndtm_pad1`: zero.
        pub ndtm_pad1: u8,
        /// `ndtm_pad2`: zero.
        pub ndtm_pad2: U16,
    }
}

kernel_struct! {
    /// `struct ndt_config`: a neighbour table's fixed configuration (`NDTA_CONFIG`, read-only).
    NdtConfig = "ndt_config", 32 {
        /// `ndtc_key_len`: the size of a protocol address (4 or 16).
        pub ndtc_key_len: U16,
        /// `ndtc_entry_size`: the size of an entry in the kernel.
        pub ndtc_entry_size: U16,
        /// `ndtc_entries`: entries in the table.
        pub ndtc_entries: U32,
        /// `ndtc_last_flush`: milliseconds since the last flush.
        pub ndtc_last_flush: U32,
        /// `ndtc_last_rand`: milliseconds since reachable times were last randomized.
        pub ndtc_last_rand: U32,
        /// `ndtc_hash_rnd`: the hash seed.
        pub ndtc_hash_rnd: U32,
        /// `ndtc_hash_mask`: the hash table's mask.
        pub ndtc_hash_mask: U32,
        /// `ndtc_hash_chain_gc`: the hash chain the garbage collector visits next.
        pub ndtc_hash_chain_gc: U32,
        /// `ndtc_proxy_qlen`: packets queued for proxy processing.
        pub ndtc_proxy_qlen: U32,
    }
}

kernel_struct! {
    /// `struct ndt_stats`: a neighbour table's counters (`NDTA_STATS`), zero-extended when an
    /// older kernel sends fewer.
    NdtStats = "ndt_stats", 88 {
        /// `ndts_allocs`: entries allocated.
        pub ndts_allocs: U64,
        /// `ndts_destroys`: entries destroyed.
        pub ndts_destroys: U64,
        /// `ndts_hash_grows`: times the hash table grew.
        pub ndts_hash_grows: U64,
        /// `ndts_res_failed`: failed resolutions.
        pub ndts_res_failed: U64,
        /// `ndts_lookups`: lookups.
        pub ndts_lookups: U64,
        /// `ndts_hits`: lookups that found an entry.
        pub ndts_hits: U64,
        /// `ndts_rcv_probes_mcast`: multicast probes received.
        pub ndts_rcv_probes_mcast: U64,
        /// `ndts_rcv_probes_ucast`: unicast probes received.
        pub ndts_rcv_probes_ucast: U64,
        /// `ndts_periodic_gc_runs`: periodic garbage collections.
        pub ndts_periodic_gc_runs: U64,
        /// `ndts_forced_gc_runs`: forced garbage collections.
        pub ndts_forced_gc_runs: U64,
        /// `ndts_table_fulls`: times the table was full.
        pub ndts_table_fulls: U64,
    }
}

family! {
    /// A view of a neighbour table message (`RTM_NEWNEIGHTBL`, `RTM_GETNEIGHTBL`,
    /// `RTM_SETNEIGHTBL`).
    ///
    /// A table's dump is one message with its name, thresholds, configuration, statistics and
    /// default parameters, followed by one message per interface with that interface's
    /// `NDTA_PARMS`.
    view NeighTableMsg(NdtMsg, "ndtmsg");
    family "neighbour table", messages [RTM_NEWNEIGHTBL, RTM_GETNEIGHTBL, RTM_SETNEIGHTBL],
        groups [];
    /// `NDTA_*`: neighbour table attribute numbers.
    numbers Ndta;
    /// A typed neighbour table attribute.
    enum NeighTableAttr<'a>;
    /// The table's name: `arp_cache`, `ndisc_cache`.
    NAME = 1, "NDTA_NAME", Name(str), name;
    /// `gc_thresh1`: below this many entries the garbage collector does nothing.
    THRESH1 = 2, "NDTA_THRESH1", Thresh1(u32), thresh1;
    /// `gc_thresh2`: the soft limit.
    THRESH2 = 3, "NDTA_THRESH2", Thresh2(u32), thresh2;
    /// `gc_thresh3`: the hard limit.
    THRESH3 = 4, "NDTA_THRESH3", Thresh3(u32), thresh3;
    /// Fixed configuration (read-only).
    CONFIG = 5, "NDTA_CONFIG", Config({NdtConfig}), config;
    /// A parameter set, `NDTPA_*` attributes (read them with [`NeighTableParms`]).
    PARMS = 6, "NDTA_PARMS", Parms(nest Ndtpa), parms;
    /// Counters (read-only).
    STATS = 7, "NDTA_STATS", Stats({NdtStats}), stats;
    /// The garbage collector's interval in milliseconds.
    GC_INTERVAL = 8, "NDTA_GC_INTERVAL", GcInterval(u64), gc_interval;
    /// Padding that aligns the next 64-bit attribute.
    PAD = 9, "NDTA_PAD", Pad(bytes);
}

attributes! {
    /// The attributes of an `NDTA_PARMS` nest ([`NeighTableMsg::parms`]). Times are in
    /// milliseconds.
    view NeighTableParms;
    /// `NDTPA_*`: attribute numbers inside `NDTA_PARMS`.
    numbers Ndtpa;
    /// A typed neighbour table parameter.
    enum NeighTableParamAttr<'a>;
    /// The interface these parameters are for; absent for the table's defaults.
    IFINDEX = 1, "NDTPA_IFINDEX", Ifindex(u32), index;
    /// References held (read-only).
    REFCNT = 2, "NDTPA_REFCNT", Refcnt(u32), refcnt;
    /// The current, randomized reachable time (read-only).
    REACHABLE_TIME = 3, "NDTPA_REACHABLE_TIME", ReachableTime(u64), reachable_time;
    /// The base reachable time.
    BASE_REACHABLE_TIME = 4, "NDTPA_BASE_REACHABLE_TIME", BaseReachableTime(u64), base_reachable_time;
    /// The time between retransmitted probes.
    RETRANS_TIME = 5, "NDTPA_RETRANS_TIME", RetransTime(u64), retrans_time;
    /// How long a stale entry lives.
    GC_STALETIME = 6, "NDTPA_GC_STALETIME", GcStaletime(u64), gc_staletime;
    /// The delay before the first probe.
    DELAY_PROBE_TIME = 7, "NDTPA_DELAY_PROBE_TIME", DelayProbeTime(u64), delay_probe_time;
    /// Packets queued per unresolved entry.
    QUEUE_LEN = 8, "NDTPA_QUEUE_LEN", QueueLen(u32), queue_len;
    /// Probes through the user-space daemon.
    APP_PROBES = 9, "NDTPA_APP_PROBES", AppProbes(u32), app_probes;
    /// Unicast probes before failing.
    UCAST_PROBES = 10, "NDTPA_UCAST_PROBES", UcastProbes(u32), ucast_probes;
    /// Multicast probes before failing.
    MCAST_PROBES = 11, "NDTPA_MCAST_PROBES", McastProbes(u32), mcast_probes;
    /// The maximum random delay of answers to anycast solicitations.
    ANYCAST_DELAY = 12, "NDTPA_ANYCAST_DELAY", AnycastDelay(u64), anycast_delay;
    /// The maximum random delay of proxy answers.
    PROXY_DELAY = 13, "NDTPA_PROXY_DELAY", ProxyDelay(u64), proxy_delay;
    /// Packets queued for proxy processing.
    PROXY_QLEN = 14, "NDTPA_PROXY_QLEN", ProxyQlen(u32), proxy_qlen;
    /// The minimum time between two link-layer address changes.
    LOCKTIME = 15, "NDTPA_LOCKTIME", Locktime(u64), locktime;
    /// Bytes queued per unresolved entry.
    QUEUE_LENBYTES = 16, "NDTPA_QUEUE_LENBYTES", QueueLenbytes(u32), queue_lenbytes;
    /// Multicast re-probes.
    MCAST_REPROBES = 17, "NDTPA_MCAST_REPROBES", McastReprobes(u32), mcast_reprobes;
    /// Padding that aligns the next 64-bit attribute.
    PAD = 18, "NDTPA_PAD", Pad(bytes);
    /// The probe interval of managed entries.
    INTERVAL_PROBE_TIME_MS = 19, "NDTPA_INTERVAL_PROBE_TIME_MS", IntervalProbeTimeMs(u64), interval_probe_time_ms;
}

header_fields! { NeighTableMsg;
    /// `ndtm_family`.
    family: AddressFamily = |h| AddressFamily(h.ndtm_family);
}

impl NeighTableMsg<'_> {
    /// `NDTA_THRESH1`, `NDTA_THRESH2`, `NDTA_THRESH3`: the garbage collector's thresholds.
    ///
    /// # Errors
    /// When one of them is not 4 bytes, or a malformed attribute comes before it.
    #[inline]
    pub fn thresholds(&self) -> Result<[Option<u32>; 3]> {
        Ok([self.thresh1()?, self.thresh2()?, self.thresh3()?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::header::{Flags, MessageType};
    use crate::message::{MessageBuilder, Msg};
    use crate::typed::{Summary, Walker};
    use crate::{AttrWrite, Messages};
    use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    use zerocopy::IntoBytes;

    fn captured(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn walk(m: Msg<'_>) -> Summary {
        let mut w = Walker::new();
        crate::check::walk_message(m, &mut w);
        w.summary
    }

    // The second message of testdata/neigh_dump.bin: the permanent entry 192.0.2.9 on veth0
    // (ifindex 3), as the kernel sent it: ndmsg {AF_INET, ifindex 3, NUD_PERMANENT, 0,
    // RTN_UNICAST}, NDA_DST, NDA_LLADDR, NDA_PROBES 0, NDA_CACHEINFO.
    const PERMANENT_V4: [u8; 76] = [
        0x4c, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0xed, 0x03, 0x00, 0x00, 0xdc, 0x0f, 0x00,
        0x00, // nlmsghdr
        0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, // ndmsg
        0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x09, // NDA_DST
        0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, // NDA_LLADDR
        0x08, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, // NDA_PROBES
        0x14, 0x00, 0x03, 0x00, 0x8a, 0x01, 0x00, 0x00, 0x8a, 0x01, 0x00, 0x00, 0x8a, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, // NDA_CACHEINFO
    ];

    #[test]
    fn the_constant_is_the_captured_message() {
        let bytes = captured("neigh_dump.bin");
        let m = Messages::new(&bytes).nth(1).unwrap().unwrap();
        let mut out = Vec::new();
        m.write_to(&mut out);
        assert_eq!(out, PERMANENT_V4);
    }

    #[test]
    fn decodes_a_captured_entry() {
        let n = NeighMsg::parse(Msg::parse(&PERMANENT_V4).unwrap()).unwrap();
        assert_eq!(n.family(), AddressFamily::INET);
        assert_eq!(n.index(), 3);
        assert_eq!(n.state(), NeighState::PERMANENT);
        assert_eq!(n.flags(), NeighFlags::EMPTY);
        assert_eq!(n.neigh_type(), RouteType::UNICAST);
        assert_eq!(
            n.destination().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)))
        );
        assert_eq!(n.lladdr().unwrap(), Some(&[2u8, 0, 0, 0, 0, 9][..]));
        assert_eq!(n.probes().unwrap(), Some(0));
        let ci = n.cache_info().unwrap().unwrap().get();
        assert_eq!(ci.ndm_confirmed.get(), 0x18a);
        assert_eq!(ci.ndm_refcnt.get(), 0);
        assert_eq!(n.vlan().unwrap(), None);
        assert_eq!(n.master().unwrap(), None);
        let typed: Vec<_> = n.typed_attrs().map(Result::unwrap).collect();
        assert_eq!(typed.len(), 4);
        assert_eq!(typed[1], NeighAttr::LlAddr(&[2, 0, 0, 0, 0, 9]));
        assert_eq!(typed[2], NeighAttr::Probes(0));
        let s = walk(n.msg());
        assert_eq!((s.typed, s.typed_errors), (4, 0));
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn a_negative_ifindex_reads_as_its_bits() {
        let mut hdr = NdMsg::new(AddressFamily::INET, 0, NeighState::NONE, NeighFlags::EMPTY);
        hdr.ndm_ifindex.set(-2);
        let mut buf = Vec::new();
        NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &hdr)
            .unwrap()
            .finish()
            .unwrap();
        let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(n.index(), 0xffff_fffe);
        assert_eq!(
            NdMsg::new(
                AddressFamily::INET,
                u32::MAX,
                NeighState::NONE,
                NeighFlags::EMPTY
            )
            .ndm_ifindex
            .get(),
            -1
        );
    }

    #[test]
    fn decodes_the_captured_dumps() {
        let bytes = captured("neigh_dump.bin");
        let mut permanent = Vec::new();
        let mut noarp = 0;
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWNEIGH {
                continue;
            }
            let n = NeighMsg::parse(m).unwrap();
            for t in n.typed_attrs() {
                t.unwrap();
            }
            if n.state() == NeighState::PERMANENT {
                permanent.push((
                    n.destination().unwrap().unwrap(),
                    n.lladdr().unwrap().unwrap(),
                ));
            } else {
                assert_eq!(n.state(), NeighState::NOARP);
                assert_eq!(n.neigh_type(), RouteType::MULTICAST);
                noarp += 1;
            }
        }
        assert_eq!(
            permanent,
            [
                (
                    IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)),
                    &[2u8, 0, 0, 0, 0, 9][..]
                ),
                (
                    IpAddr::V6("2001:db8::9".parse::<Ipv6Addr>().unwrap()),
                    &[2u8, 0, 0, 0, 0, 0x0a][..]
                ),
            ]
        );
        assert_eq!(noarp, 16);

        let bytes = captured("neigh_proxy_dump.bin");
        let mut proxies = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWNEIGH {
                continue;
            }
            let n = NeighMsg::parse(m).unwrap();
            assert_eq!(n.flags(), NeighFlags::PROXY);
            assert_eq!(n.state(), NeighState::NONE);
            assert_eq!(n.lladdr().unwrap(), None);
            proxies.push(n.destination().unwrap().unwrap().to_string());
        }
        assert_eq!(proxies, ["192.0.2.10", "2001:db8::10"]);
    }

    #[test]
    fn walks_the_captures_without_typed_errors_and_reencodes_them_exactly() {
        for name in [
            "neigh_dump.bin",
            "neigh_proxy_dump.bin",
            "neigh_table_dump.bin",
        ] {
            let s = crate::check::walk(&captured(name));
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{name}"
            );
            assert!(s.typed > 0, "{name}");
        }
    }

    #[test]
    fn cut_at_every_length_never_panics() {
        for n in 0..PERMANENT_V4.len() {
            let cut = &PERMANENT_V4[..n];
            let _ = crate::check::walk(cut);
            // A cut message parses only when nlmsg_len is patched to match; then each accessor
            // answers on its own.
            let mut patched = cut.to_vec();
            if patched.len() >= 16 {
                let len = u32::try_from(patched.len()).unwrap();
                patched[..4].copy_from_slice(&len.to_ne_bytes());
                let m = Msg::parse(&patched).unwrap();
                match NeighMsg::parse(m) {
                    Ok(v) => {
                        let _ = (v.destination(), v.lladdr(), v.probes(), v.cache_info());
                        let _: Vec<_> = v.typed_attrs().collect();
                        assert_eq!(walk(m).roundtrip_failures, 0);
                    }
                    Err(e) => assert!(matches!(e, Error::Truncated { .. }), "{e:?}"),
                }
            }
        }
    }

    #[test]
    fn builds_what_ip_neigh_add_sends() {
        // `ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent` (ifindex 3),
        // as strace showed it after the nlmsghdr (flags REQUEST|ACK|CREATE|EXCL).
        let expected: [u8; 32] = [
            0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, //
            0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x09, //
            0x0a, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,
        ];
        let mut buf = Vec::new();
        let hdr = NdMsg::new(
            AddressFamily::INET,
            3,
            NeighState::PERMANENT,
            NeighFlags::EMPTY,
        );
        let mut b = NeighMsg::builder(
            &mut buf,
            RTM_NEWNEIGH,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            &hdr,
        )
        .unwrap();
        let dst = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9));
        NeighAttr::Dst(dst).write_to(&mut b);
        NeighAttr::LlAddr(&[2, 0, 0, 0, 0, 9]).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[4..6], &[0x1c, 0x00]);
        assert_eq!(&buf[6..8], &0x605u16.to_ne_bytes());
        assert_eq!(&buf[16..], &expected);

        // `ip neigh add proxy 192.0.2.10 dev v0`: NUD_PERMANENT, NTF_PROXY, no lladdr.
        let expected: [u8; 20] = [
            0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x80, 0x00, 0x08, 0x00, //
            0x08, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x0a,
        ];
        let mut buf = Vec::new();
        let hdr = NdMsg::new(
            AddressFamily::INET,
            3,
            NeighState::PERMANENT,
            NeighFlags::PROXY,
        );
        let mut b = NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::REQUEST, &hdr).unwrap();
        b.put_ip(Nda::DST, IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10)));
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);

        // `ip neigh replace 192.0.2.11 lladdr 02:00:00:00:00:0b dev v0 nud reachable router`.
        let expected: [u8; 12] = [
            0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x80, 0x00,
        ];
        let hdr = NdMsg::new(
            AddressFamily::INET,
            3,
            NeighState::REACHABLE,
            NeighFlags::ROUTER,
        );
        assert_eq!(hdr.as_bytes(), &expected);
    }

    #[test]
    fn builder_rejects_other_types() {
        let mut buf = Vec::new();
        let hdr = NdMsg::default();
        assert!(NeighMsg::builder(&mut buf, MessageType(20), Flags::EMPTY, &hdr).is_err());
        assert!(NeighMsg::builder(&mut buf, RTM_NEWNEIGHTBL, Flags::EMPTY, &hdr).is_err());
        assert!(NeighMsg::builder(&mut buf, RTM_DELNEIGH, Flags::EMPTY, &hdr).is_ok());
        assert!(NeighMsg::builder(&mut buf, RTM_GETNEIGH, Flags::EMPTY, &hdr).is_ok());
    }

    #[test]
    fn every_attribute_round_trips() {
        let mut ext = Vec::new();
        let mut b =
            NeighMsg::builder(&mut ext, RTM_NEWNEIGH, Flags::EMPTY, &NdMsg::default()).unwrap();
        {
            let mut eb = b.nest(Nda::FDB_EXT_ATTRS.0 | crate::attr::NLA_F_NESTED);
            FdbExtAttr::ActivityNotify(1).write_to(&mut eb);
            FdbExtAttr::DontRefresh(()).write_to(&mut eb);
        }
        b.finish().unwrap();
        let ext_msg = NeighMsg::parse(Msg::parse(&ext).unwrap()).unwrap();
        let fdb = ext_msg.fdb_ext_attrs().unwrap().unwrap();
        assert!(fdb.is_flagged());
        let ci = NdaCacheInfo {
            ndm_confirmed: U32::new(1),
            ndm_used: U32::new(2),
            ndm_updated: U32::new(3),
            ndm_refcnt: U32::new(4),
        };
        let all = [
            NeighAttr::Dst(IpAddr::V6(Ipv6Addr::LOCALHOST)),
            NeighAttr::LlAddr(&[1, 2, 3, 4, 5, 6]),
            NeighAttr::CacheInfo(crate::attr::StructView::new(ci.as_bytes())),
            NeighAttr::Probes(3),
            NeighAttr::Vlan(100),
            NeighAttr::Port(4789),
            NeighAttr::Vni(42),
            NeighAttr::Ifindex(7),
            NeighAttr::Master(8),
            NeighAttr::LinkNetnsid(-1),
            NeighAttr::SrcVni(43),
            NeighAttr::Protocol(RouteProtocol::STATIC),
            NeighAttr::NhId(9),
            NeighAttr::FdbExtAttrs(fdb),
            NeighAttr::FlagsExt(NeighFlagsExt::MANAGED),
            NeighAttr::NdmStateMask(NeighState::PERMANENT),
            NeighAttr::NdmFlagsMask(NeighFlags::PROXY),
        ];
        let mut buf = Vec::new();
        let hdr = NdMsg::new(
            AddressFamily::BRIDGE,
            5,
            NeighState::NOARP,
            NeighFlags::SELF,
        );
        let mut b = NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &hdr).unwrap();
        for a in &all {
            a.write_to(&mut b);
        }
        b.finish().unwrap();
        // NDA_PORT travels in network order.
        assert!(buf.windows(2).any(|w| w == 4789u16.to_be_bytes()));
        let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let back: Vec<_> = n.typed_attrs().map(Result::unwrap).collect();
        // A nest compares by its type bits and bytes, wherever it is.
        assert_eq!(back, all);
        assert_eq!(n.port().unwrap(), Some(4789));
        assert_eq!(n.vni().unwrap(), Some(42));
        assert_eq!(n.protocol().unwrap(), Some(RouteProtocol::STATIC));
        assert_eq!(n.flags_ext().unwrap(), Some(NeighFlagsExt::MANAGED));
        assert_eq!(n.state_mask().unwrap(), Some(NeighState::PERMANENT));
        assert_eq!(n.flags_mask().unwrap(), Some(NeighFlags::PROXY));
        assert_eq!(n.link_netnsid().unwrap(), Some(-1));
        assert_eq!(n.cache_info().unwrap().unwrap().get(), ci);
        let f = FdbExt::from(n.fdb_ext_attrs().unwrap().unwrap());
        assert_eq!(f.activity_notify().unwrap(), Some(1));
        assert_eq!(f.dont_refresh().unwrap(), Some(()));
        let s = walk(n.msg());
        assert_eq!((s.errors, s.typed_errors), (0, 0));
        assert_eq!(s.typed, all.len() + 2);
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
    }

    #[test]
    fn bad_attribute_fails_alone() {
        let mut buf = Vec::new();
        let hdr = NdMsg::new(
            AddressFamily::INET,
            1,
            NeighState::REACHABLE,
            NeighFlags::EMPTY,
        );
        let mut b = NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &hdr).unwrap();
        b.put(Nda::DST, &[1, 2, 3])
            .put_u16(Nda::PROBES, 1)
            .put_mac(Nda::LLADDR, [2, 0, 0, 0, 0, 1]);
        b.finish().unwrap();
        let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            n.destination().unwrap_err(),
            Error::AttrSize {
                kind: 1,
                offset: 28,
                expected: 16,
                found: 3
            }
        );
        assert!(n.probes().is_err());
        assert_eq!(n.lladdr().unwrap(), Some(&[2u8, 0, 0, 0, 0, 1][..]));
        assert_eq!(n.state(), NeighState::REACHABLE);
        n.check_frame().unwrap();
        let typed: Vec<_> = n.typed_attrs().collect();
        assert!(typed[0].is_err() && typed[1].is_err());
        assert_eq!(typed[2], Ok(NeighAttr::LlAddr(&[2, 0, 0, 0, 0, 1])));
        let s = walk(n.msg());
        assert_eq!((s.errors, s.typed, s.typed_errors), (0, 1, 2));
    }

    #[test]
    fn a_broken_frame_fails_every_later_accessor() {
        let mut buf = Vec::new();
        let hdr = NdMsg::new(AddressFamily::INET, 1, NeighState::STALE, NeighFlags::EMPTY);
        let mut b = NeighMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &hdr).unwrap();
        b.put_ip(Nda::DST, IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)))
            .put_u32(Nda::PROBES, 2)
            .put_mac(Nda::LLADDR, [2, 0, 0, 0, 0, 1]);
        b.finish().unwrap();
        // NDA_PROBES (at offset 36) claims 200 bytes.
        buf[36] = 200;
        let n = NeighMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let broken = Error::BadLength {
            what: "nlattr",
            offset: 36,
            length: 200,
            available: 20,
        };
        assert_eq!(n.check_frame(), Err(broken));
        assert_eq!(
            n.destination().unwrap(),
            Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)))
        );
        assert_eq!(n.probes(), Err(broken));
        assert_eq!(n.lladdr(), Err(broken));
        assert_eq!(n.vlan(), Err(broken));
        assert_eq!(n.cache_info().unwrap_err(), broken);
    }

    #[test]
    fn names_follow_the_kernel_and_ip() {
        assert_eq!(format!("{:?}", Nda::LLADDR), "NDA_LLADDR");
        assert_eq!(format!("{:?}", Nda(99)), "99");
        assert_eq!(format!("{:?}", Nfea::DONT_REFRESH), "NFEA_DONT_REFRESH");
        assert_eq!(
            format!("{:?}", NeighState::REACHABLE | NeighState::NOARP),
            "NUD_REACHABLE|NUD_NOARP"
        );
        assert_eq!(format!("{:?}", NeighState::NONE), "0x0");
        assert_eq!(
            NeighState(0x82).short_names().collect::<Vec<_>>(),
            ["REACHABLE", "PERMANENT"]
        );
        assert_eq!(
            NeighFlags::ROUTER.short_names().collect::<Vec<_>>(),
            ["router"]
        );
        assert_eq!(
            format!("{:?}", NeighFlags::PROXY | NeighFlags(0)),
            "NTF_PROXY"
        );
        assert_eq!(NeighFlagsExt(0x10).unknown_bits(), 0x10);
        assert_eq!(NeighMsg::FAMILY.name, "neighbour");
        assert_eq!(crate::rtnl::family_header_len(RTM_GETNEIGHTBL), Some(4));
        assert_eq!(crate::rtnl::family_header_len(RTM_DELNEIGH), Some(12));
    }

    #[test]
    fn decodes_the_captured_neighbour_tables() {
        // testdata/neigh_table_dump.bin: an RTM_GETNEIGHTBL dump in a namespace holding only lo.
        let bytes = captured("neigh_table_dump.bin");
        let mut tables = Vec::new();
        let mut per_device = Vec::new();
        for m in Messages::new(&bytes) {
            let m = m.unwrap();
            if m.message_type() != RTM_NEWNEIGHTBL {
                continue;
            }
            let s = walk(m);
            assert_eq!((s.errors, s.typed_errors), (0, 0));
            assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
            let t = NeighTableMsg::parse(m).unwrap();
            let name = t.name().unwrap().unwrap();
            let nest = t.parms().unwrap().unwrap();
            assert!(!nest.is_flagged());
            let parms: Vec<_> = nest.typed().map(Result::unwrap).collect();
            let p = NeighTableParms::from(nest);
            match t.config().unwrap() {
                Some(c) => {
                    assert_eq!(t.thresholds().unwrap(), [Some(128), Some(512), Some(1024)]);
                    assert_eq!(t.gc_interval().unwrap(), Some(30_000));
                    assert!(t.stats().unwrap().unwrap().get().ndts_allocs.get() > 0);
                    // The table's defaults carry no interface.
                    assert_eq!(p.index().unwrap(), None);
                    tables.push((name, t.family(), c.get().ndtc_key_len.get()));
                }
                None => {
                    assert!(parms.contains(&NeighTableParamAttr::Ifindex(1)));
                    assert_eq!(p.index().unwrap(), Some(1));
                    per_device.push(name);
                }
            }
            assert_eq!(p.base_reachable_time().unwrap(), Some(30_000));
        }
        assert_eq!(
            tables,
            [
                ("arp_cache", AddressFamily::INET, 4),
                ("ndisc_cache", AddressFamily::INET6, 16)
            ]
        );
        assert_eq!(per_device, ["arp_cache", "ndisc_cache"]);
        let s = crate::check::walk(&bytes);
        assert!(s.typed > 40, "{s:?}");
    }

    #[test]
    fn table_builder_builds_a_dump_request() {
        let mut buf = Vec::new();
        NeighTableMsg::builder(&mut buf, RTM_GETNEIGHTBL, Flags::DUMP, &NdtMsg::default())
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(buf.len(), 20);
        assert!(
            NeighTableMsg::builder(&mut buf, RTM_NEWNEIGH, Flags::EMPTY, &NdtMsg::default())
                .is_err()
        );
        let mut buf = Vec::new();
        let mut b =
            NeighTableMsg::builder(&mut buf, RTM_SETNEIGHTBL, Flags::EMPTY, &NdtMsg::default())
                .unwrap();
        NeighTableAttr::Name("arp_cache").write_to(&mut b);
        {
            let mut p = b.nest(Ndta::PARMS);
            NeighTableParamAttr::Ifindex(3).write_to(&mut p);
            NeighTableParamAttr::BaseReachableTime(3_600_000).write_to(&mut p);
        }
        b.finish().unwrap();
        // `ip ntable change name arp_cache dev v0 base_reachable 3600000` (v0 is ifindex 3),
        // as strace showed it after the nlmsghdr.
        let expected: [u8; 44] = [
            0x00, 0x00, 0x00, 0x00, // ndtmsg
            0x0e, 0x00, 0x01, 0x00, b'a', b'r', b'p', b'_', b'c', b'a', b'c', b'h', b'e', 0x00,
            0x00, 0x00, // NDTA_NAME
            0x18, 0x00, 0x06, 0x00, // NDTA_PARMS
            0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, // NDTPA_IFINDEX
            0x0c, 0x00, 0x04, 0x00, 0x80, 0xee, 0x36, 0x00, 0x00, 0x00, 0x00,
            0x00, // NDTPA_BASE_REACHABLE_TIME
        ];
        assert_eq!(&buf[16..], &expected);
        let t = NeighTableMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(t.name().unwrap(), Some("arp_cache"));
        let parms: Vec<_> = t
            .parms()
            .unwrap()
            .unwrap()
            .typed()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            parms,
            [
                NeighTableParamAttr::Ifindex(3),
                NeighTableParamAttr::BaseReachableTime(3_600_000)
            ]
        );
        assert_eq!(format!("{:?}", Ndtpa::LOCKTIME), "NDTPA_LOCKTIME");
    }

    #[test]
    fn short_family_header_is_an_error() {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, RTM_NEWNEIGH, Flags::EMPTY);
        b.payload(&[2, 0, 0, 0, 1, 0, 0, 0]);
        b.finish().unwrap();
        assert!(matches!(
            NeighMsg::parse(Msg::parse(&buf).unwrap()),
            Err(Error::Truncated { needed: 12, .. })
        ));
        let s = walk(Msg::parse(&buf).unwrap());
        assert!(s.errors >= 1, "{s:?}");
    }
}
