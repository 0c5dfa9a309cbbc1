//! What every traffic-control object shares: where it is attached, its statistics, its rate
//! estimator and size table, a kind this crate does not type, and `tc`'s rate units.

use netlink_wire::rtnl::tc::{
    LinkLayer, Options, Stab, Stats2, TCM_IFINDEX_MAGIC_BLOCK, TcEstimator, TcHandle, TcMsg,
    TcObjectMsg, TcSizespec, TcStats, Tca, TcaStab,
};
use netlink_wire::{AttrWrite, MessageBuilder};

use crate::error::Result;
use crate::ops::invalid;

/// Bits per second in bytes per second, the unit of every rate here (`tc`'s `bit`).
#[must_use]
pub const fn bit(n: u64) -> u64 {
    n / 8
}

/// Kilobits per second in bytes per second (`tc`'s `kbit`: 1,000 bits).
#[must_use]
pub const fn kbit(n: u64) -> u64 {
    n.saturating_mul(1000) / 8
}

/// Megabits per second in bytes per second (`tc`'s `mbit`).
#[must_use]
pub const fn mbit(n: u64) -> u64 {
    n.saturating_mul(1_000_000) / 8
}

/// Gigabits per second in bytes per second (`tc`'s `gbit`).
#[must_use]
pub const fn gbit(n: u64) -> u64 {
    n.saturating_mul(1_000_000_000) / 8
}

/// Where a filter or a chain hangs: a hook of a device's qdisc or class, or a shared block
/// (`tcm_ifindex` [`TCM_IFINDEX_MAGIC_BLOCK`], `tcm_block_index`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attach {
    /// The qdisc or class `parent` of interface `index` (`TcHandle::CLSACT_INGRESS` for
    /// `tc ... ingress`, `TcHandle::ROOT` for the root qdisc).
    Device {
        /// The interface index.
        index: u32,
        /// The qdisc or class whose filters these are.
        parent: TcHandle,
    },
    /// A shared block (`tc ... block N`).
    Block(u32),
}

impl Attach {
    /// The ingress hook of `clsact` or `ingress` on interface `index` (`tc ... dev X ingress`).
    #[must_use]
    pub fn ingress(index: u32) -> Self {
        Attach::Device {
            index,
            parent: TcHandle::CLSACT_INGRESS,
        }
    }

    /// The egress hook of `clsact` on interface `index` (`tc ... dev X egress`).
    #[must_use]
    pub fn egress(index: u32) -> Self {
        Attach::Device {
            index,
            parent: TcHandle::CLSACT_EGRESS,
        }
    }

    /// The `tcm_ifindex` and `tcm_parent` of a message about it.
    #[must_use]
    pub fn header(&self) -> (u32, TcHandle) {
        match *self {
            Attach::Device { index, parent } => (index, parent),
            Attach::Block(b) => (TCM_IFINDEX_MAGIC_BLOCK, TcHandle(b)),
        }
    }

    /// Where the object of `m` hangs.
    #[must_use]
    pub fn of(m: &TcObjectMsg<'_>) -> Self {
        match m.block_index() {
            Some(b) => Attach::Block(b),
            None => Attach::Device {
                index: m.ifindex(),
                parent: m.parent(),
            },
        }
    }

    /// Whether the object of `m` hangs here: on this block, or on this device (whatever its
    /// parent: the kernel dumped the hook it was asked for).
    pub(crate) fn holds(&self, m: &TcObjectMsg<'_>) -> bool {
        match *self {
            Attach::Block(b) => m.block_index() == Some(b),
            Attach::Device { index, .. } => m.block_index().is_none() && m.ifindex() == index,
        }
    }

    /// Checks a dump filter's attachment, which the kernel needs: `what` names the objects.
    pub(crate) fn required(attach: Option<Attach>, what: &str) -> Result<()> {
        match attach {
            Some(a) => a.validate(),
            None => Err(invalid(format!("listing {what} needs a device or a block"))),
        }
    }

    /// Checks that a device is named.
    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            Attach::Device { index: 0, .. } => Err(invalid("a tc object needs an interface index")),
            _ => Ok(()),
        }
    }
}

/// The statistics of a qdisc, class or filter (`TCA_STATS2`, or the older `TCA_STATS`): what
/// `tc -s` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TcStatistics {
    /// Bytes sent.
    pub bytes: u64,
    /// Packets sent (`TCA_STATS_PKT64` when the kernel sends it).
    pub packets: u64,
    /// Packets dropped.
    pub drops: u32,
    /// Times the object was over its limit.
    pub overlimits: u32,
    /// Packets requeued.
    pub requeues: u32,
    /// Bytes queued.
    pub backlog: u32,
    /// Packets queued.
    pub qlen: u32,
    /// The rate estimator's bytes per second, when one runs.
    pub rate_bps: Option<u64>,
    /// The rate estimator's packets per second, when one runs.
    pub rate_pps: Option<u64>,
}

impl TcStatistics {
    /// Reads the statistics of `m`: `TCA_STATS2` when present, else `TCA_STATS`.
    ///
    /// # Errors
    /// When an attribute is malformed.
    pub fn of(m: &TcObjectMsg<'_>) -> Result<Option<TcStatistics>> {
        if let Some(s) = m.stats2()? {
            return Self::from_stats2(&s).map(Some);
        }
        Ok(m.stats()?.map(|s| Self::from_tc_stats(&s.get())))
    }

    pub(crate) fn from_stats2(s: &Stats2<'_>) -> Result<TcStatistics> {
        let mut out = TcStatistics::default();
        if let Some(b) = s.basic()? {
            let b = b.get();
            out.bytes = b.bytes.get();
            out.packets = u64::from(b.packets.get());
        }
        if let Some(p) = s.pkt64()? {
            out.packets = p;
        }
        if let Some(q) = s.queue()? {
            let q = q.get();
            out.drops = q.drops.get();
            out.overlimits = q.overlimits.get();
            out.requeues = q.requeues.get();
            out.backlog = q.backlog.get();
            out.qlen = q.qlen.get();
        }
        if let Some(r) = s.rate_est64()? {
            let r = r.get();
            out.rate_bps = Some(r.bps.get());
            out.rate_pps = Some(r.pps.get());
        } else if let Some(r) = s.rate_est()? {
            let r = r.get();
            out.rate_bps = Some(u64::from(r.bps.get()));
            out.rate_pps = Some(u64::from(r.pps.get()));
        }
        Ok(out)
    }

    fn from_tc_stats(s: &TcStats) -> TcStatistics {
        TcStatistics {
            bytes: s.bytes.get(),
            packets: u64::from(s.packets.get()),
            drops: s.drops.get(),
            overlimits: s.overlimits.get(),
            requeues: 0,
            backlog: s.backlog.get(),
            qlen: s.qlen.get(),
            rate_bps: Some(u64::from(s.bps.get())),
            rate_pps: Some(u64::from(s.pps.get())),
        }
    }
}

/// A rate estimator (`TCA_RATE`, `tc ... estimator INTERVAL TIME_CONSTANT`): how often the
/// kernel samples the rate and how slowly its average moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimator {
    /// `interval`: the sampling period is 2^interval quarter seconds (-2 to 3).
    pub interval: i8,
    /// `ewma_log`: the averaging weight is 2^-ewma_log.
    pub ewma_log: u8,
}

impl Estimator {
    /// The estimator `tc` asks for with `estimator INTERVAL TIME_CONSTANT` (both in
    /// microseconds): the shortest period of at least `interval` and the weight whose time
    /// constant first exceeds `time_constant` (tc's `tc_setup_estimator`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when the interval exceeds 8
    /// seconds or no weight fits.
    pub fn from_times(interval: u32, time_constant: u32) -> Result<Estimator> {
        let quarter = 250_000u64;
        let step = (0u8..=5)
            .find(|i| u64::from(interval) <= quarter << i)
            .ok_or_else(|| invalid(format!("estimator interval {interval} us exceeds 8 s")))?;
        let a = f64::from(interval);
        let log = (1u8..32)
            .find(|l| {
                let w = 1.0 - 1.0 / f64::from(1u32 << l);
                a / -w.ln() > f64::from(time_constant)
            })
            .unwrap_or(32)
            .saturating_sub(1);
        if log == 0 || log >= 31 {
            return Err(invalid(format!(
                "no estimator averages {interval} us samples over {time_constant} us"
            )));
        }
        Ok(Estimator {
            // 0..=5 minus 2 fits an i8.
            interval: i8::try_from(step).unwrap_or(0).saturating_sub(2),
            ewma_log: log,
        })
    }

    /// The kernel struct.
    #[must_use]
    pub fn to_struct(&self) -> TcEstimator {
        TcEstimator {
            interval: self.interval,
            ewma_log: self.ewma_log,
        }
    }
}

/// A size table (`TCA_STAB`, `tc ... stab ...`): how the kernel accounts a packet's size
/// before a qdisc sees it (link-layer cells, per-packet overhead, a minimum size).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SizeTable {
    /// `struct tc_sizespec`.
    pub spec: TcSizespec,
    /// `TCA_STAB_DATA`: the accounted size of each cell, when the link layer or the minimum
    /// size needs a table.
    pub data: Vec<u16>,
}

impl SizeTable {
    /// The table `tc ... stab overhead O linklayer L mtu M tsize T mpu P` sends (tc's
    /// `tc_calc_size_table`): a table only for ATM cells or a minimum size, for `mtu` (2047
    /// when 0) in `tsize` cells (512 when 0); without one, the spec alone.
    #[must_use]
    pub fn new(overhead: i32, linklayer: LinkLayer, mtu: u32, tsize: u32, mpu: u32) -> Self {
        let mut spec = TcSizespec::default();
        spec.overhead.set(overhead);
        spec.linklayer.set(u32::from(linklayer.0));
        spec.mpu.set(mpu);
        let needs_table = linklayer.0 > LinkLayer::ETHERNET.0 || mpu != 0;
        if !needs_table {
            // tc sends the table's size fields only with a table.
            return SizeTable {
                spec,
                data: Vec::new(),
            };
        }
        let mtu = if mtu == 0 { 2047 } else { mtu };
        let tsize = if tsize == 0 { 512 } else { tsize };
        let mut cell_log = 0u8;
        while mtu.checked_shr(u32::from(cell_log)).unwrap_or(0) > tsize.saturating_sub(1) {
            cell_log = cell_log.saturating_add(1);
        }
        spec.cell_log = cell_log;
        spec.mtu.set(mtu);
        spec.tsize.set(tsize);
        spec.cell_align.set(-1);
        let data = (1u32..=tsize)
            .map(|i| {
                let size = i.checked_shl(u32::from(cell_log)).unwrap_or(0).max(mpu);
                let size = if linklayer == LinkLayer::ATM {
                    size.div_ceil(48).saturating_mul(53)
                } else {
                    size
                };
                u16::try_from(size).unwrap_or(u16::MAX)
            })
            .collect();
        SizeTable { spec, data }
    }

    /// Reads the table of a dump (the kernel sends the spec alone).
    pub(crate) fn of(s: &Stab<'_>) -> Result<Option<SizeTable>> {
        let Some(base) = s.base()? else {
            return Ok(None);
        };
        let data = s
            .data()?
            .map(|d| {
                d.chunks_exact(2)
                    .map(|c| u16::from_ne_bytes([c[0], c[1]]))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(SizeTable {
            spec: base.get(),
            data,
        }))
    }

    /// Appends `TCA_STAB`.
    pub(crate) fn write_to(&self, b: &mut MessageBuilder<'_>) {
        let mut n = b.nest(Tca::STAB);
        n.put_struct(TcaStab::BASE, &self.spec);
        if !self.data.is_empty() {
            let bytes: Vec<u8> = self.data.iter().flat_map(|v| v.to_ne_bytes()).collect();
            n.put(TcaStab::DATA, &bytes);
        }
    }
}

/// The kind and options of an object whose kind this crate has no typed settings for:
/// `TCA_KIND` and the payload of `TCA_OPTIONS`, written back as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawKind {
    /// `TCA_KIND`.
    pub kind: String,
    /// The payload of `TCA_OPTIONS`, if any.
    pub options: Option<Vec<u8>>,
}

impl RawKind {
    /// Kind `kind` without options.
    #[must_use]
    pub fn new(kind: impl Into<String>) -> Self {
        RawKind {
            kind: kind.into(),
            options: None,
        }
    }

    /// Kind `kind` with `options` as the payload of `TCA_OPTIONS`.
    #[must_use]
    pub fn with_options(kind: impl Into<String>, options: Vec<u8>) -> Self {
        RawKind {
            kind: kind.into(),
            options: Some(options),
        }
    }

    /// Appends the options.
    pub(crate) fn write_options(&self, b: &mut MessageBuilder<'_>) {
        if let Some(o) = &self.options {
            b.put(Tca::OPTIONS, o);
        }
    }

    /// Reads the kind and the raw options of `m`.
    pub(crate) fn of(m: &TcObjectMsg<'_>) -> Result<Option<RawKind>> {
        let Some(kind) = m.kind()? else {
            return Ok(None);
        };
        Ok(Some(RawKind {
            kind: kind.to_owned(),
            options: m.attr(Tca::OPTIONS.0)?.map(|a| a.payload().to_vec()),
        }))
    }
}

/// Checks a kind's name: `TCA_KIND` is at most 15 bytes (`IFNAMSIZ`).
pub(crate) fn validate_kind(kind: &str) -> Result<()> {
    if kind.is_empty() || kind.len() > 15 {
        return Err(invalid(format!(
            "tc kind {kind:?} must be 1 to 15 bytes long"
        )));
    }
    Ok(())
}

/// Writes a `GET` of one object as `tc` asks for it: with `NLM_F_ECHO`, without which the
/// kernel multicasts its answer instead of sending it back.
/// Whether `e` is the kernel's answer for a filter chain that is not there: `cls_api.c`
/// answers a lookup in a missing chain (`RTM_GETCHAIN`, `RTM_GETTFILTER`) with `EINVAL` and
/// "Cannot find specified filter chain", not with `ENOENT`.
pub(crate) fn chain_missing(e: &crate::Error) -> bool {
    matches!(e, crate::Error::Kernel(k)
        if k.errno == crate::Errno::INVAL
            && k.message.as_deref().is_some_and(|m| m.starts_with("Cannot find specified filter chain")))
}

pub(crate) fn echo_get(buf: &mut Vec<u8>, t: netlink_wire::MessageType, hdr: &TcMsg) -> Result<()> {
    TcObjectMsg::builder(buf, t, netlink_wire::Flags::ECHO, hdr)?
        .finish()
        .map_err(crate::Error::Encode)?;
    Ok(())
}

/// Appends what `tc` writes after a qdisc's or class's header, in its order: `TCA_KIND`,
/// `TCA_RATE`, then the options `options` writes.
pub(crate) fn put_kind(
    b: &mut MessageBuilder<'_>,
    kind: Option<&str>,
    estimator: Option<&Estimator>,
    options: impl FnOnce(&mut MessageBuilder<'_>),
) {
    if let Some(k) = kind {
        b.put_str(Tca::KIND, k);
    }
    if let Some(e) = estimator {
        b.put_struct(Tca::RATE, &e.to_struct());
    }
    options(b);
}

/// The header of a request about object `handle` under `parent` on `index`.
pub(crate) fn header(index: u32, handle: TcHandle, parent: TcHandle) -> TcMsg {
    TcMsg::new(index, handle, parent)
}

/// The settings of one qdisc or class kind: how `tc` writes them as `TCA_OPTIONS`, and how a
/// dump's options read back into them.
pub(crate) trait KindOptions: Sized {
    /// Appends `TCA_OPTIONS` (or nothing, for a kind `tc` sends without options).
    fn write_options(&self, b: &mut MessageBuilder<'_>);

    /// The settings in `o`, or `None` when `o` is no options of this kind.
    ///
    /// # Errors
    /// When an attribute is malformed.
    fn read_options(o: &Options<'_>) -> Result<Option<Self>>;

    /// The settings of an object of this kind without `TCA_OPTIONS`, for the kinds whose
    /// settings are all optional; `None` for the others.
    fn without_options() -> Option<Self> {
        None
    }

    /// Checks the settings before anything is sent.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming the problem.
    fn validate(&self) -> Result<()> {
        Ok(())
    }
}
