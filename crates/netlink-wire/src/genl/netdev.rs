//! The netdev family (`"netdev"`): devices' XDP and AF_XDP features (`dev-get`), their queues
//! (`queue-get`), NAPI instances (`napi-get`, `napi-set`), queue statistics (`qstats-get`),
//! page pools, and the `mgmt` and `page-pool` groups' notifications.
//!
//! The header (`include/uapi/linux/netdev.h`) is generated from the family's YAML
//! specification; this crate's headers predate it, so the numbers here follow
//! `Documentation/netlink/specs/netdev.yaml` and are checked against this kernel's own policy
//! dump (`testdata/genl_policy_netdev.bin`).

use crate::genl::{GenlFamily, family_info, walk_genl};
use crate::message::Msg;
use crate::typed::{Untyped, Walker};

/// `NETDEV_FAMILY_NAME`.
pub const NAME: &str = "netdev";
/// `NETDEV_FAMILY_VERSION`.
pub const VERSION: u8 = 1;
/// `NETDEV_MCGRP_MGMT`: devices that appear, change and go.
pub const MCGRP_MGMT: &str = "mgmt";
/// `NETDEV_MCGRP_PAGE_POOL`: page pools that appear, change and go.
pub const MCGRP_PAGE_POOL: &str = "page-pool";

/// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
pub const FAMILY: GenlFamily = GenlFamily {
    name: NAME,
    version: VERSION,
    groups: &[MCGRP_MGMT, MCGRP_PAGE_POOL],
    info: family_info(NAME, walk),
    command: |cmd, _| NetdevCmd(cmd).name(),
};

fn walk(m: Msg<'_>, w: &mut Walker) {
    walk_genl(m, w, |g, w| {
        let _ = NetdevCmd(g.cmd()).walk_attrs(g.attrs(), w);
    });
}

flags! {
    /// `NETDEV_XDP_ACT_*`: the XDP features of a device.
    XdpFeatures(u64);
    BASIC = 0x1, "NETDEV_XDP_ACT_BASIC", "basic";
    REDIRECT = 0x2, "NETDEV_XDP_ACT_REDIRECT", "redirect";
    NDO_XMIT = 0x4, "NETDEV_XDP_ACT_NDO_XMIT", "ndo-xmit";
    XSK_ZEROCOPY = 0x8, "NETDEV_XDP_ACT_XSK_ZEROCOPY", "xsk-zerocopy";
    HW_OFFLOAD = 0x10, "NETDEV_XDP_ACT_HW_OFFLOAD", "hw-offload";
    RX_SG = 0x20, "NETDEV_XDP_ACT_RX_SG", "rx-sg";
    NDO_XMIT_SG = 0x40, "NETDEV_XDP_ACT_NDO_XMIT_SG", "ndo-xmit-sg";
}

flags! {
    /// `NETDEV_XDP_RX_METADATA_*`: the metadata XDP programs can read.
    XdpRxMetadata(u64);
    TIMESTAMP = 0x1, "NETDEV_XDP_RX_METADATA_TIMESTAMP", "timestamp";
    HASH = 0x2, "NETDEV_XDP_RX_METADATA_HASH", "hash";
    VLAN_TAG = 0x4, "NETDEV_XDP_RX_METADATA_VLAN_TAG", "vlan-tag";
}

flags! {
    /// `NETDEV_XSK_FLAGS_*`: AF_XDP features.
    XskFeatures(u64);
    TX_TIMESTAMP = 0x1, "NETDEV_XSK_FLAGS_TX_TIMESTAMP", "tx-timestamp";
    TX_CHECKSUM = 0x2, "NETDEV_XSK_FLAGS_TX_CHECKSUM", "tx-checksum";
    TX_LAUNCH_TIME_FIFO = 0x4, "NETDEV_XSK_FLAGS_TX_LAUNCH_TIME_FIFO", "tx-launch-time-fifo";
}

values! {
    /// `NETDEV_QUEUE_TYPE_*`.
    QueueType(u32);
    RX = 0, "NETDEV_QUEUE_TYPE_RX", "rx";
    TX = 1, "NETDEV_QUEUE_TYPE_TX", "tx";
}

values! {
    /// `NETDEV_NAPI_THREADED_*`.
    NapiThreaded(u32);
    DISABLED = 0, "NETDEV_NAPI_THREADED_DISABLED", "disabled";
    ENABLED = 1, "NETDEV_NAPI_THREADED_ENABLED", "enabled";
}

attributes! {
    /// A device.
    view DevView;
    /// `NETDEV_A_DEV_*`.
    numbers NetdevDevA;
    /// A typed device attribute.
    enum NetdevDevAttr<'a>;
    /// The interface index.
    IFINDEX = 1, "NETDEV_A_DEV_IFINDEX", Ifindex(u32), ifindex;
    /// Padding for 64-bit alignment.
    PAD = 2, "NETDEV_A_DEV_PAD", Pad(bytes);
    /// XDP features.
    XDP_FEATURES = 3, "NETDEV_A_DEV_XDP_FEATURES", XdpFeatures(val XdpFeatures), xdp_features;
    /// The most fragments an AF_XDP zero-copy frame may have.
    XDP_ZC_MAX_SEGS = 4, "NETDEV_A_DEV_XDP_ZC_MAX_SEGS", XdpZcMaxSegs(u32), xdp_zc_max_segs;
    /// XDP receive metadata.
    XDP_RX_METADATA_FEATURES = 5, "NETDEV_A_DEV_XDP_RX_METADATA_FEATURES", XdpRxMetadataFeatures(val XdpRxMetadata), xdp_rx_metadata_features;
    /// AF_XDP features.
    XSK_FEATURES = 6, "NETDEV_A_DEV_XSK_FEATURES", XskFeatures(val XskFeatures), xsk_features;
}

attributes! {
    /// A page pool.
    view PagePoolView;
    /// `NETDEV_A_PAGE_POOL_*`.
    numbers NetdevPagePoolA;
    /// A typed page pool attribute.
    enum NetdevPagePoolAttr<'a>;
    /// Its id.
    ID = 1, "NETDEV_A_PAGE_POOL_ID", Id(uint), id;
    /// Its device.
    IFINDEX = 2, "NETDEV_A_PAGE_POOL_IFINDEX", Ifindex(u32), ifindex;
    /// The NAPI instance it serves.
    NAPI_ID = 3, "NETDEV_A_PAGE_POOL_NAPI_ID", NapiId(u32), napi_id;
    /// Pages in flight.
    INFLIGHT = 4, "NETDEV_A_PAGE_POOL_INFLIGHT", Inflight(uint), inflight;
    /// Memory in flight.
    INFLIGHT_MEM = 5, "NETDEV_A_PAGE_POOL_INFLIGHT_MEM", InflightMem(uint), inflight_mem;
    /// When its device went away.
    DETACH_TIME = 6, "NETDEV_A_PAGE_POOL_DETACH_TIME", DetachTime(uint), detach_time;
    /// Its dma-buf.
    DMABUF = 7, "NETDEV_A_PAGE_POOL_DMABUF", Dmabuf(u32), dmabuf;
    /// io_uring's use of it.
    IO_URING = 8, "NETDEV_A_PAGE_POOL_IO_URING", IoUring(nest Untyped), io_uring;
}

attributes! {
    /// A page pool's statistics.
    view PagePoolStatsView;
    /// `NETDEV_A_PAGE_POOL_STATS_*`.
    numbers NetdevPagePoolStatsA;
    /// A typed page pool statistics attribute.
    enum NetdevPagePoolStatsAttr<'a>;
    /// Which pool.
    INFO = 1, "NETDEV_A_PAGE_POOL_STATS_INFO", Info(nest NetdevPagePoolA), info;
    /// Fast allocations.
    ALLOC_FAST = 8, "NETDEV_A_PAGE_POOL_STATS_ALLOC_FAST", AllocFast(uint), alloc_fast;
    /// Slow allocations.
    ALLOC_SLOW = 9, "NETDEV_A_PAGE_POOL_STATS_ALLOC_SLOW", AllocSlow(uint), alloc_slow;
    /// Slow high-order allocations.
    ALLOC_SLOW_HIGH_ORDER = 10, "NETDEV_A_PAGE_POOL_STATS_ALLOC_SLOW_HIGH_ORDER", AllocSlowHighOrder(uint), alloc_slow_high_order;
    /// Allocations from an empty ring.
    ALLOC_EMPTY = 11, "NETDEV_A_PAGE_POOL_STATS_ALLOC_EMPTY", AllocEmpty(uint), alloc_empty;
    /// Cache refills.
    ALLOC_REFILL = 12, "NETDEV_A_PAGE_POOL_STATS_ALLOC_REFILL", AllocRefill(uint), alloc_refill;
    /// Pages waived.
    ALLOC_WAIVE = 13, "NETDEV_A_PAGE_POOL_STATS_ALLOC_WAIVE", AllocWaive(uint), alloc_waive;
    /// Recycled into the cache.
    RECYCLE_CACHED = 14, "NETDEV_A_PAGE_POOL_STATS_RECYCLE_CACHED", RecycleCached(uint), recycle_cached;
    /// Not recycled: the cache was full.
    RECYCLE_CACHE_FULL = 15, "NETDEV_A_PAGE_POOL_STATS_RECYCLE_CACHE_FULL", RecycleCacheFull(uint), recycle_cache_full;
    /// Recycled into the ring.
    RECYCLE_RING = 16, "NETDEV_A_PAGE_POOL_STATS_RECYCLE_RING", RecycleRing(uint), recycle_ring;
    /// Not recycled: the ring was full.
    RECYCLE_RING_FULL = 17, "NETDEV_A_PAGE_POOL_STATS_RECYCLE_RING_FULL", RecycleRingFull(uint), recycle_ring_full;
    /// Released by reference count.
    RECYCLE_RELEASED_REFCNT = 18, "NETDEV_A_PAGE_POOL_STATS_RECYCLE_RELEASED_REFCNT", RecycleReleasedRefcnt(uint), recycle_released_refcnt;
}

attributes! {
    /// A NAPI instance.
    view NapiView;
    /// `NETDEV_A_NAPI_*`.
    numbers NetdevNapiA;
    /// A typed NAPI attribute.
    enum NetdevNapiAttr<'a>;
    /// Its device.
    IFINDEX = 1, "NETDEV_A_NAPI_IFINDEX", Ifindex(u32), ifindex;
    /// Its id.
    ID = 2, "NETDEV_A_NAPI_ID", Id(u32), id;
    /// Its interrupt.
    IRQ = 3, "NETDEV_A_NAPI_IRQ", Irq(u32), irq;
    /// Its thread's pid (threaded NAPI).
    PID = 4, "NETDEV_A_NAPI_PID", Pid(u32), pid;
    /// Hard interrupts deferred.
    DEFER_HARD_IRQS = 5, "NETDEV_A_NAPI_DEFER_HARD_IRQS", DeferHardIrqs(u32), defer_hard_irqs;
    /// The GRO flush timeout, nanoseconds.
    GRO_FLUSH_TIMEOUT = 6, "NETDEV_A_NAPI_GRO_FLUSH_TIMEOUT", GroFlushTimeout(uint), gro_flush_timeout;
    /// The interrupt suspension timeout, nanoseconds.
    IRQ_SUSPEND_TIMEOUT = 7, "NETDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT", IrqSuspendTimeout(uint), irq_suspend_timeout;
    /// Threaded mode.
    THREADED = 8, "NETDEV_A_NAPI_THREADED", Threaded(val NapiThreaded), threaded;
}

attributes! {
    /// A queue.
    view QueueView;
    /// `NETDEV_A_QUEUE_*`.
    numbers NetdevQueueA;
    /// A typed queue attribute.
    enum NetdevQueueAttr<'a>;
    /// Its index among the device's queues of its type.
    ID = 1, "NETDEV_A_QUEUE_ID", Id(u32), id;
    /// Its device.
    IFINDEX = 2, "NETDEV_A_QUEUE_IFINDEX", Ifindex(u32), ifindex;
    /// RX or TX.
    TYPE = 3, "NETDEV_A_QUEUE_TYPE", Type(val QueueType), queue_type;
    /// The NAPI instance that serves it.
    NAPI_ID = 4, "NETDEV_A_QUEUE_NAPI_ID", NapiId(u32), napi_id;
    /// The dma-buf bound to it.
    DMABUF = 5, "NETDEV_A_QUEUE_DMABUF", Dmabuf(u32), dmabuf;
    /// io_uring's use of it.
    IO_URING = 6, "NETDEV_A_QUEUE_IO_URING", IoUring(nest Untyped), io_uring;
    /// AF_XDP's use of it.
    XSK = 7, "NETDEV_A_QUEUE_XSK", Xsk(nest Untyped), xsk;
}

flags! {
    /// `NETDEV_QSTATS_SCOPE_*`: how `qstats-get` groups its counters.
    QstatsScope(u64);
    /// One entry per queue (else one per device).
    QUEUE = 0x1, "NETDEV_QSTATS_SCOPE_QUEUE", "queue";
}

attributes! {
    /// Queue statistics: per device, or per queue.
    view QstatsView;
    /// `NETDEV_A_QSTATS_*`.
    numbers NetdevQstatsA;
    /// A typed queue statistics attribute.
    enum NetdevQstatsAttr<'a>;
    /// The device.
    IFINDEX = 1, "NETDEV_A_QSTATS_IFINDEX", Ifindex(u32), ifindex;
    /// The queue's type (per-queue scope).
    QUEUE_TYPE = 2, "NETDEV_A_QSTATS_QUEUE_TYPE", QueueType(val QueueType), queue_type;
    /// The queue (per-queue scope).
    QUEUE_ID = 3, "NETDEV_A_QSTATS_QUEUE_ID", QueueId(u32), queue_id;
    /// The scope asked for.
    SCOPE = 4, "NETDEV_A_QSTATS_SCOPE", Scope(uint), scope;
    /// Packets received.
    RX_PACKETS = 8, "NETDEV_A_QSTATS_RX_PACKETS", RxPackets(uint), rx_packets;
    /// Bytes received.
    RX_BYTES = 9, "NETDEV_A_QSTATS_RX_BYTES", RxBytes(uint), rx_bytes;
    /// Packets sent.
    TX_PACKETS = 10, "NETDEV_A_QSTATS_TX_PACKETS", TxPackets(uint), tx_packets;
    /// Bytes sent.
    TX_BYTES = 11, "NETDEV_A_QSTATS_TX_BYTES", TxBytes(uint), tx_bytes;
    /// Buffer allocation failures.
    RX_ALLOC_FAIL = 12, "NETDEV_A_QSTATS_RX_ALLOC_FAIL", RxAllocFail(uint), rx_alloc_fail;
    /// Packets the hardware dropped.
    RX_HW_DROPS = 13, "NETDEV_A_QSTATS_RX_HW_DROPS", RxHwDrops(uint), rx_hw_drops;
    /// Packets dropped for lack of buffers.
    RX_HW_DROP_OVERRUNS = 14, "NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS", RxHwDropOverruns(uint), rx_hw_drop_overruns;
    /// Checksum complete.
    RX_CSUM_COMPLETE = 15, "NETDEV_A_QSTATS_RX_CSUM_COMPLETE", RxCsumComplete(uint), rx_csum_complete;
    /// Checksum unnecessary.
    RX_CSUM_UNNECESSARY = 16, "NETDEV_A_QSTATS_RX_CSUM_UNNECESSARY", RxCsumUnnecessary(uint), rx_csum_unnecessary;
    /// No checksum.
    RX_CSUM_NONE = 17, "NETDEV_A_QSTATS_RX_CSUM_NONE", RxCsumNone(uint), rx_csum_none;
    /// Bad checksum.
    RX_CSUM_BAD = 18, "NETDEV_A_QSTATS_RX_CSUM_BAD", RxCsumBad(uint), rx_csum_bad;
    /// Hardware GRO packets.
    RX_HW_GRO_PACKETS = 19, "NETDEV_A_QSTATS_RX_HW_GRO_PACKETS", RxHwGroPackets(uint), rx_hw_gro_packets;
    /// Hardware GRO bytes.
    RX_HW_GRO_BYTES = 20, "NETDEV_A_QSTATS_RX_HW_GRO_BYTES", RxHwGroBytes(uint), rx_hw_gro_bytes;
    /// Hardware GRO wire packets.
    RX_HW_GRO_WIRE_PACKETS = 21, "NETDEV_A_QSTATS_RX_HW_GRO_WIRE_PACKETS", RxHwGroWirePackets(uint), rx_hw_gro_wire_packets;
    /// Hardware GRO wire bytes.
    RX_HW_GRO_WIRE_BYTES = 22, "NETDEV_A_QSTATS_RX_HW_GRO_WIRE_BYTES", RxHwGroWireBytes(uint), rx_hw_gro_wire_bytes;
    /// Packets dropped by rate limits.
    RX_HW_DROP_RATELIMITS = 23, "NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS", RxHwDropRatelimits(uint), rx_hw_drop_ratelimits;
    /// Packets the hardware dropped on send.
    TX_HW_DROPS = 24, "NETDEV_A_QSTATS_TX_HW_DROPS", TxHwDrops(uint), tx_hw_drops;
    /// Packets dropped for errors on send.
    TX_HW_DROP_ERRORS = 25, "NETDEV_A_QSTATS_TX_HW_DROP_ERRORS", TxHwDropErrors(uint), tx_hw_drop_errors;
    /// Sent without checksum offload.
    TX_CSUM_NONE = 26, "NETDEV_A_QSTATS_TX_CSUM_NONE", TxCsumNone(uint), tx_csum_none;
    /// Sent needing a checksum.
    TX_NEEDS_CSUM = 27, "NETDEV_A_QSTATS_TX_NEEDS_CSUM", TxNeedsCsum(uint), tx_needs_csum;
    /// Hardware GSO packets.
    TX_HW_GSO_PACKETS = 28, "NETDEV_A_QSTATS_TX_HW_GSO_PACKETS", TxHwGsoPackets(uint), tx_hw_gso_packets;
    /// Hardware GSO bytes.
    TX_HW_GSO_BYTES = 29, "NETDEV_A_QSTATS_TX_HW_GSO_BYTES", TxHwGsoBytes(uint), tx_hw_gso_bytes;
    /// Hardware GSO wire packets.
    TX_HW_GSO_WIRE_PACKETS = 30, "NETDEV_A_QSTATS_TX_HW_GSO_WIRE_PACKETS", TxHwGsoWirePackets(uint), tx_hw_gso_wire_packets;
    /// Hardware GSO wire bytes.
    TX_HW_GSO_WIRE_BYTES = 31, "NETDEV_A_QSTATS_TX_HW_GSO_WIRE_BYTES", TxHwGsoWireBytes(uint), tx_hw_gso_wire_bytes;
    /// Packets dropped by rate limits on send.
    TX_HW_DROP_RATELIMITS = 32, "NETDEV_A_QSTATS_TX_HW_DROP_RATELIMITS", TxHwDropRatelimits(uint), tx_hw_drop_ratelimits;
    /// Times the queue was stopped.
    TX_STOP = 33, "NETDEV_A_QSTATS_TX_STOP", TxStop(uint), tx_stop;
    /// Times the queue was woken.
    TX_WAKE = 34, "NETDEV_A_QSTATS_TX_WAKE", TxWake(uint), tx_wake;
}

attributes! {
    /// A dma-buf binding (`bind-rx`, `bind-tx`).
    view DmabufView;
    /// `NETDEV_A_DMABUF_*`.
    numbers NetdevDmabufA;
    /// A typed dma-buf attribute.
    enum NetdevDmabufAttr<'a>;
    /// The device.
    IFINDEX = 1, "NETDEV_A_DMABUF_IFINDEX", Ifindex(u32), ifindex;
    /// A queue to bind (first of several).
    QUEUES = 2, "NETDEV_A_DMABUF_QUEUES", Queues(nest NetdevQueueA), queues;
    /// The dma-buf's file descriptor.
    FD = 3, "NETDEV_A_DMABUF_FD", Fd(u32), fd;
    /// The binding's id.
    ID = 4, "NETDEV_A_DMABUF_ID", Id(u32), id;
}

genl_messages! {
    /// `NETDEV_CMD_*`: requests, their replies and the notifications share numbers.
    commands NetdevCmd;
    /// A netdev message, typed by command.
    enum NetdevMessage<'a>;
    DEV_GET = 1, "NETDEV_CMD_DEV_GET", "dev-get", Dev(DevView, NetdevDevA);
    DEV_ADD_NTF = 2, "NETDEV_CMD_DEV_ADD_NTF", "dev-add-ntf", DevAdd(DevView, NetdevDevA);
    DEV_DEL_NTF = 3, "NETDEV_CMD_DEV_DEL_NTF", "dev-del-ntf", DevDel(DevView, NetdevDevA);
    DEV_CHANGE_NTF = 4, "NETDEV_CMD_DEV_CHANGE_NTF", "dev-change-ntf", DevChange(DevView, NetdevDevA);
    PAGE_POOL_GET = 5, "NETDEV_CMD_PAGE_POOL_GET", "page-pool-get", PagePool(PagePoolView, NetdevPagePoolA);
    PAGE_POOL_ADD_NTF = 6, "NETDEV_CMD_PAGE_POOL_ADD_NTF", "page-pool-add-ntf", PagePoolAdd(PagePoolView, NetdevPagePoolA);
    PAGE_POOL_DEL_NTF = 7, "NETDEV_CMD_PAGE_POOL_DEL_NTF", "page-pool-del-ntf", PagePoolDel(PagePoolView, NetdevPagePoolA);
    PAGE_POOL_CHANGE_NTF = 8, "NETDEV_CMD_PAGE_POOL_CHANGE_NTF", "page-pool-change-ntf", PagePoolChange(PagePoolView, NetdevPagePoolA);
    PAGE_POOL_STATS_GET = 9, "NETDEV_CMD_PAGE_POOL_STATS_GET", "page-pool-stats-get", PagePoolStats(PagePoolStatsView, NetdevPagePoolStatsA);
    QUEUE_GET = 10, "NETDEV_CMD_QUEUE_GET", "queue-get", Queue(QueueView, NetdevQueueA);
    NAPI_GET = 11, "NETDEV_CMD_NAPI_GET", "napi-get", Napi(NapiView, NetdevNapiA);
    QSTATS_GET = 12, "NETDEV_CMD_QSTATS_GET", "qstats-get", Qstats(QstatsView, NetdevQstatsA);
    BIND_RX = 13, "NETDEV_CMD_BIND_RX", "bind-rx", BindRx(DmabufView, NetdevDmabufA);
    NAPI_SET = 14, "NETDEV_CMD_NAPI_SET", "napi-set", NapiSet(NapiView, NetdevNapiA);
    BIND_TX = 15, "NETDEV_CMD_BIND_TX", "bind-tx", BindTx(DmabufView, NetdevDmabufA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::ctrl::NlAttrType;
    use crate::genl::policy::Policy;
    use crate::genl::testing::{assert_exact, capture_ids, captured};
    use crate::message::Messages;

    #[test]
    fn the_numbers_agree_with_this_kernels_policy() {
        // The kernel's own description of its requests: every attribute it takes has the
        // number and width declared here.
        let mut p = Policy::from_bytes(&captured("genl_policy_netdev.bin")).unwrap();
        p.name_dump_only(&[NetdevCmd::QSTATS_GET.0.into()]);
        let table = |cmd: NetdevCmd, dump| {
            p.table(p.request_table(cmd.0.into(), dump).unwrap())
                .unwrap()
        };
        let queue = table(NetdevCmd::QUEUE_GET, false);
        assert_eq!(queue[&NetdevQueueA::ID.0].kind, NlAttrType::U32);
        assert_eq!(queue[&NetdevQueueA::IFINDEX.0].min_u, Some(1));
        assert_eq!(queue[&NetdevQueueA::TYPE.0].max_u, Some(1));
        let napi = table(NetdevCmd::NAPI_GET, false);
        assert!(napi.contains_key(&NetdevNapiA::ID.0));
        let set = table(NetdevCmd::NAPI_SET, false);
        assert_eq!(
            set[&NetdevNapiA::GRO_FLUSH_TIMEOUT.0].kind,
            NlAttrType::UINT
        );
        assert_eq!(set[&NetdevNapiA::THREADED.0].max_u, Some(1));
        let qstats = table(NetdevCmd::QSTATS_GET, true);
        assert_eq!(qstats[&NetdevQstatsA::SCOPE.0].kind, NlAttrType::UINT);
        let dev = table(NetdevCmd::DEV_GET, false);
        assert_eq!(dev[&NetdevDevA::IFINDEX.0].min_u, Some(1));
        let bind = table(NetdevCmd::BIND_RX, false);
        assert_eq!(bind[&NetdevDmabufA::QUEUES.0].kind, NlAttrType::NESTED);
    }

    #[test]
    fn the_captured_replies_decode() {
        // testdata/genl_netdev.bin: dev-get dump, queue-get dump, napi-get dump and
        // qstats-get dump in a namespace with lo and a veth pair.
        let bytes = captured("genl_netdev.bin");
        let mut devs = Vec::new();
        let mut queues = Vec::new();
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type().is_control() {
                continue;
            }
            match NetdevMessage::parse(m).unwrap() {
                NetdevMessage::Dev(d) => {
                    devs.push(d.ifindex().unwrap().unwrap());
                    let _ = d.xdp_features().unwrap().unwrap();
                }
                NetdevMessage::Queue(q) => {
                    queues.push((
                        q.ifindex().unwrap().unwrap(),
                        q.queue_type().unwrap().unwrap(),
                    ));
                }
                _ => {}
            }
        }
        assert!(devs.len() >= 3, "{devs:?}");
        assert!(
            queues.iter().any(|(_, t)| *t == QueueType::RX),
            "{queues:?}"
        );
        assert!(
            queues.iter().any(|(_, t)| *t == QueueType::TX),
            "{queues:?}"
        );
        assert_exact(&bytes, &capture_ids(), 1);
    }
}
