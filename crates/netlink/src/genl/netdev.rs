//! The netdev family over netlink: devices' XDP features (`dev-get`), queues (`queue-get`),
//! NAPI instances (`napi-get`), queue statistics (`qstats-get`), and the `mgmt` group's
//! notifications, as owned types.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//!
//! let genl = GenlConnection::new()?;
//! for q in genl.netdev_queues(None)? {
//!     println!("ifindex {} {} queue {} napi {:?}", q.ifindex, q.kind, q.id, q.napi_id);
//! }
//! # Ok::<(), netlink::Error>(())
//! ```

use std::collections::BTreeMap;

use netlink_wire::AttrWrite;
use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::netdev::{
    self as wire, DevView, NapiThreaded, NapiView, NetdevCmd, NetdevDevA, NetdevNapiA,
    NetdevQstatsA, NetdevQueueA, QstatsScope, QueueType, QueueView, XdpFeatures, XdpRxMetadata,
    XskFeatures,
};

use crate::error::{Errno, Error, Result};
use crate::genl::{GenlConnection, GenlObject, attrs};

/// A device's XDP and AF_XDP features (`dev-get`, and the `mgmt` group's notifications).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetdevDevice {
    /// The interface index.
    pub ifindex: u32,
    /// XDP features.
    pub xdp_features: XdpFeatures,
    /// The most fragments an AF_XDP zero-copy frame may have.
    pub xdp_zc_max_segs: Option<u32>,
    /// The metadata XDP programs can read.
    pub xdp_rx_metadata_features: XdpRxMetadata,
    /// AF_XDP features.
    pub xsk_features: XskFeatures,
}

impl GenlObject for NetdevDevice {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = NetdevCmd::DEV_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = DevView::new(msg.attrs());
        v.validate()?;
        Ok(NetdevDevice {
            ifindex: v.ifindex()?.unwrap_or(0),
            xdp_features: v.xdp_features()?.unwrap_or_default(),
            xdp_zc_max_segs: v.xdp_zc_max_segs()?,
            xdp_rx_metadata_features: v.xdp_rx_metadata_features()?.unwrap_or_default(),
            xsk_features: v.xsk_features()?.unwrap_or_default(),
        })
    }
}

/// One queue of a device (`queue-get`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NetdevQueue {
    /// The device.
    pub ifindex: u32,
    /// RX or TX.
    pub kind: QueueType,
    /// Its index among the device's queues of that kind.
    pub id: u32,
    /// The NAPI instance that serves it.
    pub napi_id: Option<u32>,
    /// The dma-buf bound to it.
    pub dmabuf: Option<u32>,
}

impl GenlObject for NetdevQueue {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = NetdevCmd::QUEUE_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = QueueView::new(msg.attrs());
        v.validate()?;
        Ok(NetdevQueue {
            ifindex: v.ifindex()?.unwrap_or(0),
            kind: v.queue_type()?.unwrap_or_default(),
            id: v.id()?.unwrap_or(0),
            napi_id: v.napi_id()?,
            dmabuf: v.dmabuf()?,
        })
    }
}

/// One NAPI instance (`napi-get`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Napi {
    /// The device.
    pub ifindex: u32,
    /// Its id.
    pub id: u32,
    /// Its interrupt.
    pub irq: Option<u32>,
    /// Its thread's pid (threaded NAPI).
    pub pid: Option<u32>,
    /// Hard interrupts deferred.
    pub defer_hard_irqs: Option<u32>,
    /// The GRO flush timeout, nanoseconds.
    pub gro_flush_timeout: Option<u64>,
    /// The interrupt suspension timeout, nanoseconds.
    pub irq_suspend_timeout: Option<u64>,
    /// Threaded mode.
    pub threaded: Option<NapiThreaded>,
}

impl GenlObject for Napi {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = NetdevCmd::NAPI_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = NapiView::new(msg.attrs());
        v.validate()?;
        Ok(Napi {
            ifindex: v.ifindex()?.unwrap_or(0),
            id: v.id()?.unwrap_or(0),
            irq: v.irq()?,
            pid: v.pid()?,
            defer_hard_irqs: v.defer_hard_irqs()?,
            gro_flush_timeout: v.gro_flush_timeout()?,
            irq_suspend_timeout: v.irq_suspend_timeout()?,
            threaded: v.threaded()?,
        })
    }
}

/// Queue statistics (`qstats-get`): of a device, or of one queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueueStats {
    /// The device.
    pub ifindex: u32,
    /// The queue, in the per-queue scope.
    pub queue: Option<(QueueType, u32)>,
    /// The counters the driver keeps, by attribute (`NetdevQstatsA::RX_PACKETS`...).
    pub counters: BTreeMap<NetdevQstatsA, u64>,
}

impl QueueStats {
    /// Counter `which`, if the driver keeps it.
    #[must_use]
    pub fn get(&self, which: NetdevQstatsA) -> Option<u64> {
        self.counters.get(&which).copied()
    }
}

impl GenlObject for QueueStats {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = NetdevCmd::QSTATS_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        msg.attrs().validate()?;
        let mut s = QueueStats::default();
        let (mut kind, mut id) = (None, None);
        for a in msg.attrs() {
            let a = a?;
            match NetdevQstatsA(a.kind()) {
                NetdevQstatsA::IFINDEX => s.ifindex = a.as_u32()?,
                NetdevQstatsA::QUEUE_TYPE => kind = Some(QueueType(a.as_u32()?)),
                NetdevQstatsA::QUEUE_ID => id = Some(a.as_u32()?),
                NetdevQstatsA::SCOPE => {}
                // Every other attribute is a counter (`uint`): new kernels add more.
                n => {
                    s.counters.insert(n, a.as_uint()?);
                }
            }
        }
        s.queue = kind.zip(id);
        Ok(s)
    }
}

impl GenlConnection {
    /// The XDP features of every device (`dev-get` dump).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn netdev_devices(&self) -> Result<Vec<NetdevDevice>> {
        self.list_objects::<NetdevDevice>(&[])
    }

    /// The XDP features of device `ifindex`, or `None`.
    ///
    /// # Errors
    /// Any kernel error but "no such device"; a malformed reply.
    pub fn netdev_device(&self, ifindex: u32) -> Result<Option<NetdevDevice>> {
        self.get_object::<NetdevDevice>(&attrs(|w| {
            w.put_u32(NetdevDevA::IFINDEX, ifindex);
        })?)
    }

    /// The queues of device `ifindex`, or of every device.
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn netdev_queues(&self, ifindex: Option<u32>) -> Result<Vec<NetdevQueue>> {
        self.list_objects::<NetdevQueue>(&attrs(|w| {
            if let Some(i) = ifindex {
                w.put_u32(NetdevQueueA::IFINDEX, i);
            }
        })?)
    }

    /// Queue `id` of kind `kind` of device `ifindex`, or `None` (also for an id beyond the
    /// device's queues, which the kernel answers with `EINVAL`).
    ///
    /// # Errors
    /// Any other kernel error; a malformed reply.
    pub fn netdev_queue(
        &self,
        ifindex: u32,
        kind: QueueType,
        id: u32,
    ) -> Result<Option<NetdevQueue>> {
        let r = self.get_object::<NetdevQueue>(&attrs(|w| {
            w.put_u32(NetdevQueueA::ID, id);
            w.put_u32(NetdevQueueA::IFINDEX, ifindex);
            w.put_u32(NetdevQueueA::TYPE, kind.0);
        })?);
        match r {
            Err(Error::Kernel(k)) if k.errno == Errno::INVAL && kind.name().is_some() => Ok(None),
            other => other,
        }
    }

    /// The NAPI instances of device `ifindex`, or of every device.
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn netdev_napis(&self, ifindex: Option<u32>) -> Result<Vec<Napi>> {
        self.list_objects::<Napi>(&attrs(|w| {
            if let Some(i) = ifindex {
                w.put_u32(NetdevNapiA::IFINDEX, i);
            }
        })?)
    }

    /// NAPI instance `id`, or `None`.
    ///
    /// # Errors
    /// Any kernel error but "not found"; a malformed reply.
    pub fn netdev_napi(&self, id: u32) -> Result<Option<Napi>> {
        self.get_object::<Napi>(&attrs(|w| {
            w.put_u32(NetdevNapiA::ID, id);
        })?)
    }

    /// Queue statistics of device `ifindex`, or of every device; per queue when
    /// `per_queue`, else per device.
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn netdev_qstats(&self, ifindex: Option<u32>, per_queue: bool) -> Result<Vec<QueueStats>> {
        let body = attrs(|w| {
            if let Some(i) = ifindex {
                w.put_u32(NetdevQstatsA::IFINDEX, i);
            }
            if per_queue {
                w.put_u32(
                    NetdevQstatsA::SCOPE,
                    u32::try_from(QstatsScope::QUEUE.bits()).unwrap_or(1),
                );
            }
        })?;
        match self.list_objects::<QueueStats>(&body) {
            // A device whose driver keeps no queue statistics answers EOPNOTSUPP.
            Err(Error::Kernel(k)) if k.errno == Errno::OPNOTSUPP && ifindex.is_some() => {
                Ok(Vec::new())
            }
            other => other,
        }
    }
}
