//! ethtool over netlink: device settings and state as owned types (`ethtool -i/-k/-g/-l/-c/
//! -a/--show-eee/-T/-S`), their changes, and the `monitor` group's notifications.
//!
//! Every type here is one kind of ethtool message ([`netlink_wire::genl::ethtool`]); each
//! implements [`GenlObject`], so reading one is [`GenlConnection::fetch_object`] with the
//! request header, and the named methods (`ethtool_rings`, ...) are one line each. Settings
//! whose every field is an optional number (rings, channels, coalescing, pause, EEE) are
//! written back by the same type: the fields that are `Some` and settable are sent.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//!
//! let genl = GenlConnection::new()?;
//! let ch = genl.ethtool_channels("eth0")?; // ethtool -l eth0
//! println!("rx {:?} of {:?}", ch.rx_count, ch.rx_max);
//! for f in genl.ethtool_features("eth0")?.features.iter().filter(|f| f.active) {
//!     println!("{} on{}", f.name, if f.is_fixed() { " [fixed]" } else { "" });
//! }
//! # Ok::<(), netlink::Error>(())
//! ```

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::ethtool::{
    self as wire, Bitset, ChannelsAttr, CoalesceAttr, DebugView, Duplex, EeeAttr, EthtoolCmd,
    EthtoolMessage, FeaturesView, HeaderA, HeaderFlags, HeaderView, LinkExtState, LinkInfoView,
    LinkModesView, LinkStateView, MasterSlaveCfg, MasterSlaveState, MdiX, PauseAttr, PauseStatView,
    Port, PrivFlagsView, RingsAttr, StatsGroup, StatsGrpAttr, StatsView, StringSetId,
    StringSetView, StringView, StrsetView, TcpDataSplit, Transceiver, TsInfoView, WolModes,
    WolView,
};
use netlink_wire::typed::Nested;
use netlink_wire::{AttrBuilder, AttrWrite};

use crate::error::{Error, Result};
use crate::genl::{Device, GenlConnection, GenlObject, attrs};

/// The device a reply speaks of (its `ETHTOOL_A_*_HEADER`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeviceId {
    /// Its index.
    pub index: u32,
    /// Its name.
    pub name: String,
}

impl DeviceId {
    fn from_header(h: Option<Nested<'_, HeaderA>>) -> Result<DeviceId> {
        let Some(h) = h else {
            return Ok(DeviceId::default());
        };
        let v = HeaderView::from(h);
        Ok(DeviceId {
            index: v.dev_index()?.unwrap_or(0),
            name: v.dev_name()?.unwrap_or_default().to_owned(),
        })
    }
}

/// One bit of a [`BitSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BitValue {
    /// Its position.
    pub index: u32,
    /// Its name (verbose bit sets, which this module asks for).
    pub name: Option<String>,
    /// Whether it is set.
    pub value: bool,
}

/// An ethtool bit set, owned: the bits it speaks of (those of its mask; for a list, those set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BitSet {
    /// The number of bits.
    pub size: Option<u32>,
    /// Whether it is a list of the bits set (no mask).
    pub list: bool,
    /// The bits.
    pub bits: Vec<BitValue>,
}

impl BitSet {
    /// Reads a wire bit set.
    ///
    /// # Errors
    /// A malformed bit.
    pub fn from_wire(b: &Bitset<'_>) -> Result<BitSet> {
        let mut bits = Vec::new();
        for bit in b.bits() {
            let bit = bit?;
            bits.push(BitValue {
                index: bit.index,
                name: bit.name.map(str::to_owned),
                value: bit.value,
            });
        }
        Ok(BitSet {
            size: b.size()?,
            list: b.is_list()?,
            bits,
        })
    }

    fn from_opt(b: Option<Bitset<'_>>) -> Result<Option<BitSet>> {
        b.as_ref().map(BitSet::from_wire).transpose()
    }

    /// Whether the bit named `name` is set: `None` when the set does not speak of it (for a
    /// list, a bit not listed is clear).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<bool> {
        match self.bits.iter().find(|b| b.name.as_deref() == Some(name)) {
            Some(b) => Some(b.value),
            None if self.list => Some(false),
            None => None,
        }
    }

    /// Whether bit `index` is set, as [`BitSet::get`].
    #[must_use]
    pub fn get_index(&self, index: u32) -> Option<bool> {
        match self.bits.iter().find(|b| b.index == index) {
            Some(b) => Some(b.value),
            None if self.list => Some(false),
            None => None,
        }
    }

    /// The names of the bits set.
    pub fn names_set(&self) -> impl Iterator<Item = &str> {
        self.bits
            .iter()
            .filter(|b| b.value)
            .filter_map(|b| b.name.as_deref())
    }

    /// The bits set as a 32-bit mask (bits 0-31 only).
    #[must_use]
    pub fn to_u32(&self) -> u32 {
        self.bits
            .iter()
            .filter(|b| b.value && b.index < 32)
            .fold(0, |m, b| m | (1 << b.index))
    }
}

/// Writes the request header for `dev`.
fn header(w: &mut AttrBuilder<'_>, kind: u16, dev: Device<'_>, flags: HeaderFlags) {
    wire::put_header(w, kind, dev.index(), dev.name(), flags);
}

/// The attributes of a get of `dev` (or of every device, a dump, when `None`).
fn get_attrs(kind: u16, dev: Option<Device<'_>>) -> Result<Vec<u8>> {
    attrs(|w| match dev {
        Some(d) => header(w, kind, d, HeaderFlags::EMPTY),
        None => {
            let _ = w.nest(kind | NLA_F_NESTED);
        }
    })
}

/// Declares an owned type whose every field is an optional kernel value of one attribute
/// space, its [`GenlObject`] implementation, and the writer of its settable fields.
macro_rules! settings {
    (
        $(#[$meta:meta])* $Name:ident, $Attr:ident, get $GET:ident, set $SET:ident {
            $( $(#[$fdoc:meta])* $field:ident: $T:ty = $Variant:ident $(, $settable:ident)?; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $Name {
            /// The device.
            pub dev: DeviceId,
            $( $(#[$fdoc])* pub $field: Option<$T>, )*
        }

        impl GenlObject for $Name {
            const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
            const GET: u8 = EthtoolCmd::$GET.0;

            fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
                msg.attrs().validate()?;
                let mut out = $Name::default();
                for a in msg.attrs().typed::<$Attr<'_>>() {
                    match a? {
                        $Attr::Header(h) => out.dev = DeviceId::from_header(Some(h))?,
                        $( $Attr::$Variant(v) => out.$field = Some(v.into()), )*
                        _ => {}
                    }
                }
                Ok(out)
            }
        }

        impl $Name {
            /// The command that changes these settings.
            pub const SET: EthtoolCmd = EthtoolCmd::$SET;

            /// Writes the settable fields that are `Some`, after the header for `dev`.
            pub fn write_set(&self, w: &mut AttrBuilder<'_>, dev: Device<'_>) {
                header(w, 1, dev, HeaderFlags::EMPTY);
                $( settings!(@write self, w, $Attr, $Variant, $field $(, $settable)?); )*
            }
        }
    };
    (@write $s:ident, $w:ident, $Attr:ident, $Variant:ident, $field:ident, settable) => {
        if let Some(v) = $s.$field {
            $Attr::$Variant(v.into()).write_to($w);
        }
    };
    (@write $s:ident, $w:ident, $Attr:ident, $Variant:ident, $field:ident) => {};
}

settings! {
    /// Ring sizes (`ethtool -g`): the maximums and the current sizes.
    Rings, RingsAttr, get RINGS_GET, set RINGS_SET {
        /// The largest RX ring.
        rx_max: u32 = RxMax;
        /// The largest RX mini ring.
        rx_mini_max: u32 = RxMiniMax;
        /// The largest RX jumbo ring.
        rx_jumbo_max: u32 = RxJumboMax;
        /// The largest TX ring.
        tx_max: u32 = TxMax;
        /// The RX ring.
        rx: u32 = Rx, settable;
        /// The RX mini ring.
        rx_mini: u32 = RxMini, settable;
        /// The RX jumbo ring.
        rx_jumbo: u32 = RxJumbo, settable;
        /// The TX ring.
        tx: u32 = Tx, settable;
        /// The RX buffer length.
        rx_buf_len: u32 = RxBufLen, settable;
        /// TCP header/data split.
        tcp_data_split: TcpDataSplit = TcpDataSplit, settable;
        /// The completion queue entry size.
        cqe_size: u32 = CqeSize, settable;
        /// TX push.
        tx_push: u8 = TxPush, settable;
    }
}

settings! {
    /// Channel counts (`ethtool -l`).
    Channels, ChannelsAttr, get CHANNELS_GET, set CHANNELS_SET {
        /// The most RX channels.
        rx_max: u32 = RxMax;
        /// The most TX channels.
        tx_max: u32 = TxMax;
        /// The most other channels.
        other_max: u32 = OtherMax;
        /// The most combined channels.
        combined_max: u32 = CombinedMax;
        /// RX channels.
        rx_count: u32 = RxCount, settable;
        /// TX channels.
        tx_count: u32 = TxCount, settable;
        /// Other channels.
        other_count: u32 = OtherCount, settable;
        /// Combined channels.
        combined_count: u32 = CombinedCount, settable;
    }
}

settings! {
    /// Interrupt coalescing (`ethtool -c`); only the parameters the driver supports are
    /// reported, and only those may be set.
    Coalesce, CoalesceAttr, get COALESCE_GET, set COALESCE_SET {
        /// `rx-usecs`.
        rx_usecs: u32 = RxUsecs, settable;
        /// `rx-frames`.
        rx_max_frames: u32 = RxMaxFrames, settable;
        /// `rx-usecs-irq`.
        rx_usecs_irq: u32 = RxUsecsIrq, settable;
        /// `rx-frames-irq`.
        rx_max_frames_irq: u32 = RxMaxFramesIrq, settable;
        /// `tx-usecs`.
        tx_usecs: u32 = TxUsecs, settable;
        /// `tx-frames`.
        tx_max_frames: u32 = TxMaxFrames, settable;
        /// `tx-usecs-irq`.
        tx_usecs_irq: u32 = TxUsecsIrq, settable;
        /// `tx-frames-irq`.
        tx_max_frames_irq: u32 = TxMaxFramesIrq, settable;
        /// `stats-block-usecs`.
        stats_block_usecs: u32 = StatsBlockUsecs, settable;
        /// Adaptive RX.
        use_adaptive_rx: u8 = UseAdaptiveRx, settable;
        /// Adaptive TX.
        use_adaptive_tx: u8 = UseAdaptiveTx, settable;
        /// `pkt-rate-low`.
        pkt_rate_low: u32 = PktRateLow, settable;
        /// `rx-usecs-low`.
        rx_usecs_low: u32 = RxUsecsLow, settable;
        /// `rx-frames-low`.
        rx_max_frames_low: u32 = RxMaxFramesLow, settable;
        /// `tx-usecs-low`.
        tx_usecs_low: u32 = TxUsecsLow, settable;
        /// `tx-frames-low`.
        tx_max_frames_low: u32 = TxMaxFramesLow, settable;
        /// `pkt-rate-high`.
        pkt_rate_high: u32 = PktRateHigh, settable;
        /// `rx-usecs-high`.
        rx_usecs_high: u32 = RxUsecsHigh, settable;
        /// `rx-frames-high`.
        rx_max_frames_high: u32 = RxMaxFramesHigh, settable;
        /// `tx-usecs-high`.
        tx_usecs_high: u32 = TxUsecsHigh, settable;
        /// `tx-frames-high`.
        tx_max_frames_high: u32 = TxMaxFramesHigh, settable;
        /// `sample-interval`.
        rate_sample_interval: u32 = RateSampleInterval, settable;
        /// CQE mode for TX.
        use_cqe_mode_tx: u8 = UseCqeModeTx, settable;
        /// CQE mode for RX.
        use_cqe_mode_rx: u8 = UseCqeModeRx, settable;
    }
}

settings! {
    /// Flow control (`ethtool -a`). With [`HeaderFlags::STATS`] the reply has statistics,
    /// which [`GenlConnection::ethtool_pause_stats`] reads.
    Pause, PauseAttr, get PAUSE_GET, set PAUSE_SET {
        /// Pause autonegotiation.
        autoneg: u8 = Autoneg, settable;
        /// RX pause.
        rx: u8 = Rx, settable;
        /// TX pause.
        tx: u8 = Tx, settable;
    }
}

settings! {
    /// Energy-Efficient Ethernet (`ethtool --show-eee`); the mode bit sets are read with
    /// [`GenlConnection::ethtool_eee_modes`].
    Eee, EeeAttr, get EEE_GET, set EEE_SET {
        /// Whether EEE is active.
        active: u8 = Active;
        /// Whether EEE is enabled.
        enabled: u8 = Enabled, settable;
        /// Whether TX LPI is enabled.
        tx_lpi_enabled: u8 = TxLpiEnabled, settable;
        /// The TX LPI timer, in microseconds.
        tx_lpi_timer: u32 = TxLpiTimer, settable;
    }
}

/// Link information (`ethtool` without options: port, PHY address, MDI-X, transceiver).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkInfo {
    /// The device.
    pub dev: DeviceId,
    /// The connector.
    pub port: Option<Port>,
    /// The PHY's address.
    pub phyaddr: Option<u8>,
    /// MDI-X status.
    pub tp_mdix: Option<MdiX>,
    /// MDI-X control.
    pub tp_mdix_ctrl: Option<MdiX>,
    /// The transceiver.
    pub transceiver: Option<Transceiver>,
}

impl GenlObject for LinkInfo {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::LINKINFO_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = LinkInfoView::new(msg.attrs());
        v.validate()?;
        Ok(LinkInfo {
            dev: DeviceId::from_header(v.header()?)?,
            port: v.port()?,
            phyaddr: v.phyaddr()?,
            tp_mdix: v.tp_mdix()?,
            tp_mdix_ctrl: v.tp_mdix_ctrl()?,
            transceiver: v.transceiver()?,
        })
    }
}

/// Link modes (`ethtool` without options: speed, duplex, autonegotiation, advertised modes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkModes {
    /// The device.
    pub dev: DeviceId,
    /// Whether autonegotiation is on.
    pub autoneg: Option<bool>,
    /// Our modes: supported (the bits spoken of) and advertised (those set).
    pub ours: Option<BitSet>,
    /// The link partner's modes.
    pub peer: Option<BitSet>,
    /// Mb/s; `None` also when the kernel says unknown (`SPEED_UNKNOWN`).
    pub speed: Option<u32>,
    /// Duplex.
    pub duplex: Option<Duplex>,
    /// Master/slave configuration.
    pub master_slave_cfg: Option<MasterSlaveCfg>,
    /// Master/slave state.
    pub master_slave_state: Option<MasterSlaveState>,
    /// The number of lanes.
    pub lanes: Option<u32>,
    /// Rate matching.
    pub rate_matching: Option<u8>,
}

impl GenlObject for LinkModes {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::LINKMODES_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = LinkModesView::new(msg.attrs());
        v.validate()?;
        Ok(LinkModes {
            dev: DeviceId::from_header(v.header()?)?,
            autoneg: v.autoneg()?.map(|a| a != 0),
            ours: BitSet::from_opt(v.ours()?)?,
            peer: BitSet::from_opt(v.peer()?)?,
            speed: v.speed()?.filter(|s| *s != u32::MAX),
            duplex: v.duplex()?,
            master_slave_cfg: v.master_slave_cfg()?,
            master_slave_state: v.master_slave_state()?,
            lanes: v.lanes()?,
            rate_matching: v.rate_matching()?,
        })
    }
}

/// Link state (`ethtool` without options: "Link detected", signal quality, why it is down).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LinkState {
    /// The device.
    pub dev: DeviceId,
    /// Whether a link is detected.
    pub link: Option<bool>,
    /// Signal quality.
    pub sqi: Option<u32>,
    /// The best signal quality.
    pub sqi_max: Option<u32>,
    /// Why the link is down.
    pub ext_state: Option<LinkExtState>,
    /// More about why.
    pub ext_substate: Option<u8>,
}

impl GenlObject for LinkState {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::LINKSTATE_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = LinkStateView::new(msg.attrs());
        v.validate()?;
        Ok(LinkState {
            dev: DeviceId::from_header(v.header()?)?,
            link: v.link()?.map(|l| l != 0),
            sqi: v.sqi()?,
            sqi_max: v.sqi_max()?,
            ext_state: v.ext_state()?,
            ext_substate: v.ext_substate()?,
        })
    }
}

/// The driver's message level (`ethtool -s DEV msglvl`; "Current message level").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MsgLevel {
    /// The device.
    pub dev: DeviceId,
    /// The message classes (`ETH_SS_MSG_CLASSES`) and whether each is on.
    pub classes: BitSet,
}

impl GenlObject for MsgLevel {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::DEBUG_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = DebugView::new(msg.attrs());
        v.validate()?;
        Ok(MsgLevel {
            dev: DeviceId::from_header(v.header()?)?,
            classes: BitSet::from_opt(v.msgmask()?)?.unwrap_or_default(),
        })
    }
}

/// Wake-on-LAN (`ethtool` without options: "Supports Wake-on", "Wake-on").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Wol {
    /// The device.
    pub dev: DeviceId,
    /// The modes (`ETH_SS_WOL_MODES`): supported (spoken of) and enabled (set).
    pub modes: BitSet,
    /// The SecureOn password.
    pub sopass: Option<Vec<u8>>,
}

impl Wol {
    /// The modes supported.
    #[must_use]
    pub fn supported(&self) -> WolModes {
        WolModes(
            self.modes
                .bits
                .iter()
                .filter(|b| b.index < 32)
                .fold(0, |m, b| m | (1 << b.index)),
        )
    }

    /// The modes enabled.
    #[must_use]
    pub fn enabled(&self) -> WolModes {
        WolModes(self.modes.to_u32())
    }
}

impl GenlObject for Wol {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::WOL_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = WolView::new(msg.attrs());
        v.validate()?;
        Ok(Wol {
            dev: DeviceId::from_header(v.header()?)?,
            modes: BitSet::from_opt(v.modes()?)?.unwrap_or_default(),
            sopass: v.sopass()?.map(<[u8]>::to_vec),
        })
    }
}

/// One device feature (`ethtool -k`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Feature {
    /// Its name (`"rx-gro"`).
    pub name: String,
    /// Its position in `ETH_SS_FEATURES`.
    pub index: u32,
    /// Whether it is on.
    pub active: bool,
    /// Whether it was asked for ("requested").
    pub wanted: bool,
    /// Whether it can be changed (`hw_features`).
    pub changeable: bool,
    /// Whether it never changes.
    pub never_changes: bool,
}

impl Feature {
    /// Whether `ethtool -k` prints it `[fixed]`: it cannot be changed, or never does.
    #[must_use]
    pub fn is_fixed(&self) -> bool {
        !self.changeable || self.never_changes
    }
}

/// Device features (`ethtool -k`): every feature the kernel names, with its state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Features {
    /// The device.
    pub dev: DeviceId,
    /// The features, in the kernel's order (`ETH_SS_FEATURES`).
    pub features: Vec<Feature>,
}

impl Features {
    /// The feature named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.name == name)
    }

    /// Reads a reply (or notification) with the feature names of `names` (the
    /// `ETH_SS_FEATURES` string set); bits beyond it are named by the reply.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn from_view(v: &FeaturesView<'_>, names: &[String]) -> Result<Features> {
        v.validate()?;
        let set = |b: Option<Bitset<'_>>| -> Result<BitSet> {
            Ok(BitSet::from_opt(b)?.unwrap_or(BitSet {
                list: true,
                ..BitSet::default()
            }))
        };
        let (hw, wanted, active, nochange) = (
            set(v.hw()?)?,
            set(v.wanted()?)?,
            set(v.active()?)?,
            set(v.nochange()?)?,
        );
        let mut features: Vec<Feature> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Feature {
                name: n.clone(),
                index: u32::try_from(i).unwrap_or(u32::MAX),
                ..Feature::default()
            })
            .collect();
        for set in [&hw, &wanted, &active, &nochange] {
            for b in &set.bits {
                if !features.iter().any(|f| f.index == b.index) {
                    features.push(Feature {
                        name: b.name.clone().unwrap_or_else(|| format!("bit{}", b.index)),
                        index: b.index,
                        ..Feature::default()
                    });
                }
            }
        }
        for f in &mut features {
            f.changeable = hw.get_index(f.index).unwrap_or(false);
            f.wanted = wanted.get_index(f.index).unwrap_or(false);
            f.active = active.get_index(f.index).unwrap_or(false);
            f.never_changes = nochange.get_index(f.index).unwrap_or(false);
        }
        Ok(Features {
            dev: DeviceId::from_header(v.header()?)?,
            features,
        })
    }
}

/// The driver's private flags (`ethtool --show-priv-flags`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PrivateFlags {
    /// The device.
    pub dev: DeviceId,
    /// The flags and whether each is on.
    pub flags: BitSet,
}

impl GenlObject for PrivateFlags {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::PRIVFLAGS_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = PrivFlagsView::new(msg.attrs());
        v.validate()?;
        Ok(PrivateFlags {
            dev: DeviceId::from_header(v.header()?)?,
            flags: BitSet::from_opt(v.flags()?)?.unwrap_or_default(),
        })
    }
}

/// Timestamping capabilities (`ethtool -T`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimestampingInfo {
    /// The device.
    pub dev: DeviceId,
    /// `SOF_TIMESTAMPING_*` capabilities ("Capabilities").
    pub timestamping: BitSet,
    /// Hardware transmit modes.
    pub tx_types: BitSet,
    /// Hardware receive filters.
    pub rx_filters: BitSet,
    /// The PTP hardware clock ("PTP Hardware Clock"), if any.
    pub phc_index: Option<u32>,
}

impl GenlObject for TimestampingInfo {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::TSINFO_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = TsInfoView::new(msg.attrs());
        v.validate()?;
        Ok(TimestampingInfo {
            dev: DeviceId::from_header(v.header()?)?,
            timestamping: BitSet::from_opt(v.timestamping()?)?.unwrap_or_default(),
            tx_types: BitSet::from_opt(v.tx_types()?)?.unwrap_or_default(),
            rx_filters: BitSet::from_opt(v.rx_filters()?)?.unwrap_or_default(),
            phc_index: v.phc_index()?,
        })
    }
}

/// A string set (`ETH_SS_*`): names of features, link modes, statistics...
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StringSet {
    /// Which set.
    pub id: StringSetId,
    /// How many strings it has.
    pub count: u32,
    /// The strings, by position (empty where the kernel sent none).
    pub strings: Vec<String>,
}

impl StringSet {
    fn from_view(v: &StringSetView<'_>) -> Result<StringSet> {
        let mut strings = Vec::new();
        if let Some(list) = v.strings()? {
            for item in list.iter() {
                let s = StringView::from(item?.1);
                let i = usize::try_from(s.index()?.unwrap_or(0)).unwrap_or(usize::MAX);
                // A kernel index is below the set's count; anything larger is not stored.
                if i < 1 << 16 {
                    if strings.len() <= i {
                        strings.resize(i.saturating_add(1), String::new());
                    }
                    if let Some(slot) = strings.get_mut(i) {
                        *slot = s.value()?.unwrap_or_default().to_owned();
                    }
                }
            }
        }
        Ok(StringSet {
            id: v.id()?.unwrap_or_default(),
            count: v.count()?.unwrap_or(0),
            strings,
        })
    }
}

/// A statistics group's counters (`ethtool -S --groups`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatsGroupValues {
    /// The group.
    pub id: StatsGroup,
    /// The string set naming its counters.
    pub string_set: Option<StringSetId>,
    /// The counters: position in that set, value.
    pub counters: Vec<(u16, u64)>,
    /// RX histogram buckets: low bound, high bound, count.
    pub hist_rx: Vec<(u32, u32, u64)>,
    /// TX histogram buckets.
    pub hist_tx: Vec<(u32, u32, u64)>,
}

/// Standard statistics (`ethtool -S DEV --all-groups`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// The device.
    pub dev: DeviceId,
    /// The groups the driver reported.
    pub groups: Vec<StatsGroupValues>,
}

fn bucket(n: Nested<'_, netlink_wire::genl::ethtool::StatsGrpA>) -> Result<(u32, u32, u64)> {
    let v = netlink_wire::genl::ethtool::StatsGrpView::from(n);
    Ok((
        v.hist_bkt_low()?.unwrap_or(0),
        v.hist_bkt_hi()?.unwrap_or(0),
        v.hist_val()?.unwrap_or(0),
    ))
}

impl GenlObject for Stats {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = EthtoolCmd::STATS_GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = StatsView::new(msg.attrs());
        v.validate()?;
        let mut groups = Vec::new();
        for a in msg
            .attrs()
            .typed::<netlink_wire::genl::ethtool::StatsAttr<'_>>()
        {
            let netlink_wire::genl::ethtool::StatsAttr::Grp(g) = a? else {
                continue;
            };
            let mut out = StatsGroupValues::default();
            for x in g.typed() {
                match x? {
                    StatsGrpAttr::Id(id) => out.id = id,
                    StatsGrpAttr::SsId(ss) => out.string_set = Some(ss),
                    StatsGrpAttr::Stat(s) => {
                        for c in s.attrs() {
                            let c = c?;
                            out.counters.push((c.kind(), c.as_u64()?));
                        }
                    }
                    StatsGrpAttr::HistRx(b) => out.hist_rx.push(bucket(b)?),
                    StatsGrpAttr::HistTx(b) => out.hist_tx.push(bucket(b)?),
                    _ => {}
                }
            }
            groups.push(out);
        }
        Ok(Stats {
            dev: DeviceId::from_header(v.header()?)?,
            groups,
        })
    }
}

/// Pause frame counters (`ethtool -I -a`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PauseStats {
    /// Pause frames sent.
    pub tx_frames: Option<u64>,
    /// Pause frames received.
    pub rx_frames: Option<u64>,
}

/// EEE link modes (`ethtool --show-eee`: supported, advertised, link partner).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EeeModes {
    /// Ours: supported (spoken of) and advertised (set).
    pub ours: Option<BitSet>,
    /// The link partner's.
    pub peer: Option<BitSet>,
}

/// An ethtool notification of the `monitor` group, owned: which kind, and the device.
/// Fetch the new state with the matching getter; [`EthtoolMessage`] has the full view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notification {
    /// The notification's command (`ETHTOOL_MSG_*_NTF`).
    pub kind: netlink_wire::genl::ethtool::EthtoolReply,
    /// The device.
    pub dev: DeviceId,
}

impl Notification {
    /// Reads a notification of the `monitor` group (any message of the family from the kernel).
    ///
    /// # Errors
    /// A malformed message.
    pub fn from_genl(msg: &GenlMsg<'_>) -> Result<Notification> {
        msg.attrs().validate()?;
        // Every kind's header is its attribute 1, except statistics' (2).
        let kind = netlink_wire::genl::ethtool::EthtoolReply(msg.cmd());
        let slot = if kind == netlink_wire::genl::ethtool::EthtoolReply::STATS_GET_REPLY {
            2u16
        } else {
            1
        };
        let h = msg.attrs().get(slot)?.map(Nested::new);
        Ok(Notification {
            kind,
            dev: DeviceId::from_header(h)?,
        })
    }

    /// The typed view of the same message.
    ///
    /// # Errors
    /// A message shorter than `genlmsghdr`.
    pub fn view<'a>(msg: &netlink_wire::Msg<'a>) -> Result<EthtoolMessage<'a>> {
        Ok(EthtoolMessage::parse(*msg)?)
    }
}

impl GenlConnection {
    fn ethtool_fetch<O: GenlObject>(&self, dev: Device<'_>) -> Result<O> {
        self.fetch_object::<O>(&get_attrs(1, Some(dev))?)
    }

    fn ethtool_set(&self, cmd: EthtoolCmd, write: impl FnOnce(&mut AttrBuilder<'_>)) -> Result<()> {
        let body = attrs(write)?;
        self.execute(&wire::FAMILY, cmd.0, &body).map(drop)
    }

    /// String sets `sets` (`ETH_SS_*`), of device `dev` or global (`None`); every set when
    /// `sets` is empty.
    ///
    /// # Errors
    /// The kernel's error; a malformed reply.
    pub fn ethtool_strings(
        &self,
        dev: Option<Device<'_>>,
        sets: &[StringSetId],
    ) -> Result<Vec<StringSet>> {
        let body = attrs(|w| {
            match dev {
                Some(d) => header(w, 1, d, HeaderFlags::EMPTY),
                None => {
                    let _ = w.nest(1 | NLA_F_NESTED);
                }
            }
            if !sets.is_empty() {
                let mut list = w.nest(2 | NLA_F_NESTED);
                for s in sets {
                    let mut one = list.nest(1 | NLA_F_NESTED);
                    one.put_u32(1u16, s.0);
                }
            }
        })?;
        let replies = self.execute(&wire::FAMILY, EthtoolCmd::STRSET_GET.0, &body)?;
        let mut out = Vec::new();
        for m in &replies {
            let g = GenlMsg::parse(m.as_msg())?;
            let v = StrsetView::new(g.attrs());
            if let Some(list) = v.string_sets()? {
                for item in list.iter() {
                    out.push(StringSet::from_view(&StringSetView::from(item?.1))?);
                }
            }
        }
        Ok(out)
    }

    /// Link information of `dev` (port, PHY address, MDI-X, transceiver).
    ///
    /// # Errors
    /// The kernel's error (`ENODEV`, `EOPNOTSUPP`); a malformed reply.
    pub fn ethtool_link_info<'d>(&self, dev: impl Into<Device<'d>>) -> Result<LinkInfo> {
        self.ethtool_fetch(dev.into())
    }

    /// Link information of every device (a dump).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn ethtool_link_infos(&self) -> Result<Vec<LinkInfo>> {
        self.list_objects::<LinkInfo>(&get_attrs(1, None)?)
    }

    /// Sets the link information of `dev` that is `Some` in `info`: port, PHY address and
    /// MDI-X control (`ethtool -s DEV port tp phyad 0 mdix auto`).
    ///
    /// # Errors
    /// The kernel's error (`EOPNOTSUPP` for a driver without link settings).
    pub fn set_ethtool_link_info<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        info: &LinkInfo,
    ) -> Result<()> {
        use netlink_wire::genl::ethtool::LinkInfoAttr;
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::LINKINFO_SET, |w| {
            header(w, 1, dev, HeaderFlags::EMPTY);
            for a in [
                info.port.map(LinkInfoAttr::Port),
                info.phyaddr.map(LinkInfoAttr::PhyAddr),
                info.tp_mdix_ctrl.map(LinkInfoAttr::TpMdixCtrl),
            ]
            .into_iter()
            .flatten()
            {
                a.write_to(w);
            }
        })
    }

    /// Sets the link modes of `dev` that are `Some` in `m`: autonegotiation, speed, duplex,
    /// master/slave configuration and lanes (`ethtool -s DEV speed 1000 duplex full autoneg
    /// off`); the mode bit sets are not written.
    ///
    /// # Errors
    /// The kernel's error (`EOPNOTSUPP` for a driver without link settings).
    pub fn set_ethtool_link_modes<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        m: &LinkModes,
    ) -> Result<()> {
        use netlink_wire::genl::ethtool::LinkModesAttr;
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::LINKMODES_SET, |w| {
            header(w, 1, dev, HeaderFlags::EMPTY);
            for a in [
                m.autoneg.map(|a| LinkModesAttr::Autoneg(u8::from(a))),
                m.speed.map(LinkModesAttr::Speed),
                m.duplex.map(LinkModesAttr::Duplex),
                m.master_slave_cfg.map(LinkModesAttr::MasterSlaveCfg),
                m.lanes.map(LinkModesAttr::Lanes),
            ]
            .into_iter()
            .flatten()
            {
                a.write_to(w);
            }
        })
    }

    /// Link modes of `dev`: speed, duplex, autonegotiation, advertised modes.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_link_modes<'d>(&self, dev: impl Into<Device<'d>>) -> Result<LinkModes> {
        self.ethtool_fetch(dev.into())
    }

    /// Link state of `dev`: link detected, signal quality.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_link_state<'d>(&self, dev: impl Into<Device<'d>>) -> Result<LinkState> {
        self.ethtool_fetch(dev.into())
    }

    /// The message level of `dev`.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_msg_level<'d>(&self, dev: impl Into<Device<'d>>) -> Result<MsgLevel> {
        self.ethtool_fetch(dev.into())
    }

    /// Sets the message level of `dev` to `mask` (`ethtool -s DEV msglvl MASK`): exactly the
    /// classes of its bits are on.
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_msg_level<'d>(&self, dev: impl Into<Device<'d>>, mask: u32) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::DEBUG_SET, |w| {
            header(w, 1, dev, HeaderFlags::EMPTY);
            Bitset::write_compact(w, 2, 32, &[mask], None);
        })
    }

    /// Wake-on-LAN of `dev`.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_wol<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Wol> {
        self.ethtool_fetch(dev.into())
    }

    /// Enables exactly the Wake-on-LAN `modes` on `dev` (`ethtool -s DEV wol MODES`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_wol<'d>(&self, dev: impl Into<Device<'d>>, modes: WolModes) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::WOL_SET, |w| {
            header(w, 1, dev, HeaderFlags::EMPTY);
            Bitset::write_compact(w, 2, 32, &[modes.bits()], None);
        })
    }

    /// Every feature of `dev` and its state (`ethtool -k`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_features<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Features> {
        let dev = dev.into();
        let names = self
            .ethtool_strings(None, &[StringSetId::FEATURES])?
            .into_iter()
            .next()
            .map(|s| s.strings)
            .unwrap_or_default();
        let body = get_attrs(1, Some(dev))?;
        let replies = self.execute(&wire::FAMILY, EthtoolCmd::FEATURES_GET.0, &body)?;
        let m = replies.first().ok_or(Error::MalformedReply(
            "FEATURES_GET answered without a reply",
        ))?;
        Features::from_view(
            &FeaturesView::new(GenlMsg::parse(m.as_msg())?.attrs()),
            &names,
        )
    }

    /// Turns features of `dev` on or off by name (`ethtool -K DEV gro on tso off`); the
    /// others stay as they are.
    ///
    /// # Errors
    /// The kernel's error (an unknown name is `EINVAL`); the kernel refuses nothing it cannot
    /// do: read [`GenlConnection::ethtool_features`] to see what took.
    pub fn set_ethtool_features<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        changes: &[(&str, bool)],
    ) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::FEATURES_SET, |w| {
            header(w, 1, dev, HeaderFlags::OMIT_REPLY);
            Bitset::write_named(w, 3, changes, false);
        })
    }

    /// The private flags of `dev`.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_private_flags<'d>(&self, dev: impl Into<Device<'d>>) -> Result<PrivateFlags> {
        self.ethtool_fetch(dev.into())
    }

    /// Turns private flags of `dev` on or off by name (`ethtool --set-priv-flags`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_private_flags<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        changes: &[(&str, bool)],
    ) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(EthtoolCmd::PRIVFLAGS_SET, |w| {
            header(w, 1, dev, HeaderFlags::EMPTY);
            Bitset::write_named(w, 2, changes, false);
        })
    }

    /// Ring sizes of `dev` (`ethtool -g`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_rings<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Rings> {
        self.ethtool_fetch(dev.into())
    }

    /// Sets the ring sizes of `dev` that are `Some` in `rings` (`ethtool -G`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_rings<'d>(&self, dev: impl Into<Device<'d>>, rings: &Rings) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(Rings::SET, |w| rings.write_set(w, dev))
    }

    /// Channel counts of `dev` (`ethtool -l`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_channels<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Channels> {
        self.ethtool_fetch(dev.into())
    }

    /// Sets the channel counts of `dev` that are `Some` in `channels` (`ethtool -L`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_channels<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        channels: &Channels,
    ) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(Channels::SET, |w| channels.write_set(w, dev))
    }

    /// Interrupt coalescing of `dev` (`ethtool -c`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_coalesce<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Coalesce> {
        self.ethtool_fetch(dev.into())
    }

    /// Sets the coalescing parameters of `dev` that are `Some` in `c` (`ethtool -C`).
    ///
    /// # Errors
    /// The kernel's error (`EOPNOTSUPP` for a parameter the driver lacks).
    pub fn set_ethtool_coalesce<'d>(&self, dev: impl Into<Device<'d>>, c: &Coalesce) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(Coalesce::SET, |w| c.write_set(w, dev))
    }

    /// Flow control of `dev` (`ethtool -a`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_pause<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Pause> {
        self.ethtool_fetch(dev.into())
    }

    /// Pause frame counters of `dev` (`ethtool -I -a`), when the driver keeps them.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_pause_stats<'d>(
        &self,
        dev: impl Into<Device<'d>>,
    ) -> Result<Option<PauseStats>> {
        let dev = dev.into();
        let body = attrs(|w| header(w, 1, dev, HeaderFlags::STATS))?;
        let replies = self.execute(&wire::FAMILY, EthtoolCmd::PAUSE_GET.0, &body)?;
        let Some(m) = replies.first() else {
            return Ok(None);
        };
        let g = GenlMsg::parse(m.as_msg())?;
        let v = netlink_wire::genl::ethtool::PauseView::new(g.attrs());
        let Some(s) = v.stats()? else {
            return Ok(None);
        };
        let s = PauseStatView::from(s);
        Ok(Some(PauseStats {
            tx_frames: s.tx_frames()?,
            rx_frames: s.rx_frames()?,
        }))
    }

    /// Sets the flow control of `dev` that is `Some` in `p` (`ethtool -A`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_pause<'d>(&self, dev: impl Into<Device<'d>>, p: &Pause) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(Pause::SET, |w| p.write_set(w, dev))
    }

    /// Energy-Efficient Ethernet of `dev` (`ethtool --show-eee`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_eee<'d>(&self, dev: impl Into<Device<'d>>) -> Result<Eee> {
        self.ethtool_fetch(dev.into())
    }

    /// The EEE link modes of `dev`.
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_eee_modes<'d>(&self, dev: impl Into<Device<'d>>) -> Result<EeeModes> {
        let dev = dev.into();
        let replies = self.execute(
            &wire::FAMILY,
            EthtoolCmd::EEE_GET.0,
            &get_attrs(1, Some(dev))?,
        )?;
        let Some(m) = replies.first() else {
            return Ok(EeeModes::default());
        };
        let g = GenlMsg::parse(m.as_msg())?;
        let v = netlink_wire::genl::ethtool::EeeView::new(g.attrs());
        Ok(EeeModes {
            ours: BitSet::from_opt(v.modes_ours()?)?,
            peer: BitSet::from_opt(v.modes_peer()?)?,
        })
    }

    /// Sets the EEE settings of `dev` that are `Some` in `e` (`ethtool --set-eee`).
    ///
    /// # Errors
    /// The kernel's error.
    pub fn set_ethtool_eee<'d>(&self, dev: impl Into<Device<'d>>, e: &Eee) -> Result<()> {
        let dev = dev.into();
        self.ethtool_set(Eee::SET, |w| e.write_set(w, dev))
    }

    /// Timestamping capabilities of `dev` (`ethtool -T`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_timestamping<'d>(&self, dev: impl Into<Device<'d>>) -> Result<TimestampingInfo> {
        self.ethtool_fetch(dev.into())
    }

    /// Standard statistics of `dev` for `groups` (every group when empty; `ethtool -S DEV
    /// --all-groups`).
    ///
    /// # Errors
    /// As [`GenlConnection::ethtool_link_info`].
    pub fn ethtool_stats<'d>(
        &self,
        dev: impl Into<Device<'d>>,
        groups: &[StatsGroup],
    ) -> Result<Stats> {
        let dev = dev.into();
        let all = [
            StatsGroup::ETH_PHY,
            StatsGroup::ETH_MAC,
            StatsGroup::ETH_CTRL,
            StatsGroup::RMON,
        ];
        let groups = if groups.is_empty() { &all[..] } else { groups };
        let names: Vec<(&str, bool)> = groups
            .iter()
            .filter_map(|g| g.short_name())
            .map(|n| (n, true))
            .collect();
        let body = attrs(|w| {
            header(w, 2, dev, HeaderFlags::EMPTY);
            Bitset::write_named(w, 3, &names, true);
        })?;
        self.fetch_object::<Stats>(&body)
    }
}

/// `ethtool`'s way of printing an optional number: the number, or `n/a`.
struct OrNa<T>(Option<T>);

impl<T: core::fmt::Display> core::fmt::Display for OrNa<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            Some(v) => write!(f, "{v}"),
            None => f.write_str("n/a"),
        }
    }
}

/// `ethtool`'s way of printing an optional switch: `on`, `off` or `n/a`.
fn on_off(v: Option<u8>) -> &'static str {
    match v {
        Some(0) => "off",
        Some(_) => "on",
        None => "n/a",
    }
}

impl core::fmt::Display for Channels {
    /// As `ethtool -l DEV` (6.1) prints it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(f, "Channel parameters for {}:", self.dev.name)?;
        writeln!(f, "Pre-set maximums:")?;
        writeln!(f, "RX:\t\t{}", OrNa(self.rx_max))?;
        writeln!(f, "TX:\t\t{}", OrNa(self.tx_max))?;
        writeln!(f, "Other:\t\t{}", OrNa(self.other_max))?;
        writeln!(f, "Combined:\t{}", OrNa(self.combined_max))?;
        writeln!(f, "Current hardware settings:")?;
        writeln!(f, "RX:\t\t{}", OrNa(self.rx_count))?;
        writeln!(f, "TX:\t\t{}", OrNa(self.tx_count))?;
        writeln!(f, "Other:\t\t{}", OrNa(self.other_count))?;
        writeln!(f, "Combined:\t{}", OrNa(self.combined_count))
    }
}

impl core::fmt::Display for Coalesce {
    /// As `ethtool -c DEV` (6.1) prints it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        writeln!(f, "Coalesce parameters for {}:", self.dev.name)?;
        writeln!(
            f,
            "Adaptive RX: {}  TX: {}",
            on_off(self.use_adaptive_rx),
            on_off(self.use_adaptive_tx)
        )?;
        let groups: [&[(&str, Option<u32>)]; 5] = [
            &[
                ("stats-block-usecs", self.stats_block_usecs),
                ("sample-interval", self.rate_sample_interval),
                ("pkt-rate-low", self.pkt_rate_low),
                ("pkt-rate-high", self.pkt_rate_high),
            ],
            &[
                ("rx-usecs", self.rx_usecs),
                ("rx-frames", self.rx_max_frames),
                ("rx-usecs-irq", self.rx_usecs_irq),
                ("rx-frames-irq", self.rx_max_frames_irq),
            ],
            &[
                ("tx-usecs", self.tx_usecs),
                ("tx-frames", self.tx_max_frames),
                ("tx-usecs-irq", self.tx_usecs_irq),
                ("tx-frames-irq", self.tx_max_frames_irq),
            ],
            &[
                ("rx-usecs-low", self.rx_usecs_low),
                ("rx-frame-low", self.rx_max_frames_low),
                ("tx-usecs-low", self.tx_usecs_low),
                ("tx-frame-low", self.tx_max_frames_low),
            ],
            &[
                ("rx-usecs-high", self.rx_usecs_high),
                ("rx-frame-high", self.rx_max_frames_high),
                ("tx-usecs-high", self.tx_usecs_high),
                ("tx-frame-high", self.tx_max_frames_high),
            ],
        ];
        for (i, group) in groups.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            for (name, v) in *group {
                writeln!(f, "{name}: {}", OrNa(*v))?;
            }
        }
        writeln!(f)?;
        writeln!(
            f,
            "CQE mode RX: {}  TX: {}",
            on_off(self.use_cqe_mode_rx),
            on_off(self.use_cqe_mode_tx)
        )?;
        writeln!(f)
    }
}

impl core::fmt::Display for TimestampingInfo {
    /// As `ethtool -T DEV` (6.1) prints it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        fn names(f: &mut core::fmt::Formatter<'_>, label: &str, set: &BitSet) -> core::fmt::Result {
            let mut set_bits = set.bits.iter().filter(|b| b.value).peekable();
            if set_bits.peek().is_none() {
                return writeln!(f, "{label} none");
            }
            writeln!(f, "{label}")?;
            for b in set_bits {
                match &b.name {
                    Some(n) => writeln!(f, "\t{n}")?,
                    None => writeln!(f, "\tbit{}", b.index)?,
                }
            }
            Ok(())
        }
        writeln!(f, "Time stamping parameters for {}:", self.dev.name)?;
        names(f, "Capabilities:", &self.timestamping)?;
        match self.phc_index {
            Some(i) => writeln!(f, "PTP Hardware Clock: {i}")?,
            None => writeln!(f, "PTP Hardware Clock: none")?,
        }
        names(f, "Hardware Transmit Timestamp Modes:", &self.tx_types)?;
        names(f, "Hardware Receive Filter Modes:", &self.rx_filters)
    }
}
