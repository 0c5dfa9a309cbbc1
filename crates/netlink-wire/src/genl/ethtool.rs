//! The ethtool family (`"ethtool"`): device settings and state by message kind (string sets,
//! link info, link modes, link state, debug, Wake-on-LAN, features, private flags, rings,
//! channels, coalescing, pause, EEE, timestamping, statistics) and the `monitor` group's
//! notifications.
//!
//! Every kind of message has an attribute space of its own (`ETHTOOL_A_LINKINFO_*`,
//! `ETHTOOL_A_RINGS_*`, ...) whose first attribute is the common request/reply header
//! ([`HeaderA`]: device and flags); many carry bit sets ([`Bitset`], `ETHTOOL_A_BITSET_*`),
//! compact (bitmaps) or verbose (one nest per bit, with its name). Commands are numbered
//! differently in each direction: [`EthtoolCmd`] for requests, [`EthtoolReply`] for what the
//! kernel sends (replies and `_NTF` notifications); a message's direction is its
//! `NLM_F_REQUEST` flag.
//!
//! Source of truth: `include/uapi/linux/ethtool_netlink.h` and `ethtool.h` (`ETH_SS_*`,
//! `PORT_*`, `DUPLEX_*`, `WAKE_*`), Linux 6.1; attributes of newer kernels are kept raw.

use crate::attr::{Attr, AttrWrite, Attrs, NLA_F_NESTED};
use crate::error::Result;
use crate::genl::{GenlFamily, family_info, walk_genl};
use crate::message::Msg;
use crate::typed::{Check, Untyped, Walker, walk_list};

/// `ETHTOOL_GENL_NAME`.
pub const NAME: &str = "ethtool";
/// `ETHTOOL_GENL_VERSION`.
pub const VERSION: u8 = 1;
/// `ETHTOOL_MCGRP_MONITOR_NAME`: the group of every `_NTF` notification.
pub const MCGRP_MONITOR: &str = "monitor";

/// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
pub const FAMILY: GenlFamily = GenlFamily {
    name: NAME,
    version: VERSION,
    groups: &[MCGRP_MONITOR],
    info: family_info(NAME, walk),
    command: |cmd, request| {
        if request {
            EthtoolCmd(cmd).name()
        } else {
            EthtoolReply(cmd).name()
        }
    },
};

fn walk(m: Msg<'_>, w: &mut Walker) {
    walk_genl(m, w, |g, w| {
        let _ = if g.is_request() {
            EthtoolCmd(g.cmd()).walk_attrs(g.attrs(), w)
        } else {
            EthtoolReply(g.cmd()).walk_attrs(g.attrs(), w)
        };
    });
}

flags! {
    /// `ETHTOOL_FLAG_*`: request header flags (`ETHTOOL_A_HEADER_FLAGS`).
    HeaderFlags(u32);
    /// Reply with compact bit sets (bitmaps, no names).
    COMPACT_BITSETS = 1, "ETHTOOL_FLAG_COMPACT_BITSETS", "compact-bitsets";
    /// No reply to a SET or ACT request.
    OMIT_REPLY = 2, "ETHTOOL_FLAG_OMIT_REPLY", "omit-reply";
    /// Include statistics, if the driver has them.
    STATS = 4, "ETHTOOL_FLAG_STATS", "stats";
}

values! {
    /// `ETH_SS_*`: the string sets (`ETHTOOL_A_STRINGSET_ID`).
    StringSetId(u32);
    TEST = 0, "ETH_SS_TEST", "test";
    STATS = 1, "ETH_SS_STATS", "stats";
    PRIV_FLAGS = 2, "ETH_SS_PRIV_FLAGS", "priv-flags";
    NTUPLE_FILTERS = 3, "ETH_SS_NTUPLE_FILTERS", "ntuple-filters";
    FEATURES = 4, "ETH_SS_FEATURES", "features";
    RSS_HASH_FUNCS = 5, "ETH_SS_RSS_HASH_FUNCS", "rss-hash-funcs";
    TUNABLES = 6, "ETH_SS_TUNABLES", "tunables";
    PHY_STATS = 7, "ETH_SS_PHY_STATS", "phy-stats";
    PHY_TUNABLES = 8, "ETH_SS_PHY_TUNABLES", "phy-tunables";
    LINK_MODES = 9, "ETH_SS_LINK_MODES", "link-modes";
    MSG_CLASSES = 10, "ETH_SS_MSG_CLASSES", "msg-classes";
    WOL_MODES = 11, "ETH_SS_WOL_MODES", "wol-modes";
    SOF_TIMESTAMPING = 12, "ETH_SS_SOF_TIMESTAMPING", "sof-timestamping";
    TS_TX_TYPES = 13, "ETH_SS_TS_TX_TYPES", "ts-tx-types";
    TS_RX_FILTERS = 14, "ETH_SS_TS_RX_FILTERS", "ts-rx-filters";
    UDP_TUNNEL_TYPES = 15, "ETH_SS_UDP_TUNNEL_TYPES", "udp-tunnel-types";
    STATS_STD = 16, "ETH_SS_STATS_STD", "stats-std";
    STATS_ETH_PHY = 17, "ETH_SS_STATS_ETH_PHY", "stats-eth-phy";
    STATS_ETH_MAC = 18, "ETH_SS_STATS_ETH_MAC", "stats-eth-mac";
    STATS_ETH_CTRL = 19, "ETH_SS_STATS_ETH_CTRL", "stats-eth-ctrl";
    STATS_RMON = 20, "ETH_SS_STATS_RMON", "stats-rmon";
}

values! {
    /// `PORT_*`: the connector (`ETHTOOL_A_LINKINFO_PORT`), as `ethtool` prints it.
    Port(u8);
    TP = 0x00, "PORT_TP", "Twisted Pair";
    AUI = 0x01, "PORT_AUI", "AUI";
    MII = 0x02, "PORT_MII", "MII";
    FIBRE = 0x03, "PORT_FIBRE", "FIBRE";
    BNC = 0x04, "PORT_BNC", "BNC";
    DA = 0x05, "PORT_DA", "Direct Attach Copper";
    NONE = 0xef, "PORT_NONE", "None";
    OTHER = 0xff, "PORT_OTHER", "Other";
}

values! {
    /// `XCVR_*`: the transceiver (`ETHTOOL_A_LINKINFO_TRANSCEIVER`).
    Transceiver(u8);
    INTERNAL = 0, "XCVR_INTERNAL", "internal";
    EXTERNAL = 1, "XCVR_EXTERNAL", "external";
}

values! {
    /// `ETH_TP_MDI_*`: MDI(-X) status and control.
    MdiX(u8);
    INVALID = 0, "ETH_TP_MDI_INVALID", "Unknown";
    MDI = 1, "ETH_TP_MDI", "off";
    MDI_X = 2, "ETH_TP_MDI_X", "on";
    AUTO = 3, "ETH_TP_MDI_AUTO", "auto";
}

values! {
    /// `DUPLEX_*` (`ETHTOOL_A_LINKMODES_DUPLEX`).
    Duplex(u8);
    HALF = 0, "DUPLEX_HALF", "Half";
    FULL = 1, "DUPLEX_FULL", "Full";
    UNKNOWN = 0xff, "DUPLEX_UNKNOWN", "Unknown!";
}

values! {
    /// `MASTER_SLAVE_CFG_*`.
    MasterSlaveCfg(u8);
    UNSUPPORTED = 0, "MASTER_SLAVE_CFG_UNSUPPORTED", "unsupported";
    UNKNOWN = 1, "MASTER_SLAVE_CFG_UNKNOWN", "unknown";
    MASTER_PREFERRED = 2, "MASTER_SLAVE_CFG_MASTER_PREFERRED", "preferred master";
    SLAVE_PREFERRED = 3, "MASTER_SLAVE_CFG_SLAVE_PREFERRED", "preferred slave";
    MASTER_FORCE = 4, "MASTER_SLAVE_CFG_MASTER_FORCE", "forced master";
    SLAVE_FORCE = 5, "MASTER_SLAVE_CFG_SLAVE_FORCE", "forced slave";
}

values! {
    /// `MASTER_SLAVE_STATE_*`.
    MasterSlaveState(u8);
    UNSUPPORTED = 0, "MASTER_SLAVE_STATE_UNSUPPORTED", "unsupported";
    UNKNOWN = 1, "MASTER_SLAVE_STATE_UNKNOWN", "unknown";
    MASTER = 2, "MASTER_SLAVE_STATE_MASTER", "master";
    SLAVE = 3, "MASTER_SLAVE_STATE_SLAVE", "slave";
    ERR = 4, "MASTER_SLAVE_STATE_ERR", "resolution error";
}

values! {
    /// `ETHTOOL_LINK_EXT_STATE_*`: why a link is down.
    LinkExtState(u8);
    AUTONEG = 0, "ETHTOOL_LINK_EXT_STATE_AUTONEG", "Autoneg";
    LINK_TRAINING_FAILURE = 1, "ETHTOOL_LINK_EXT_STATE_LINK_TRAINING_FAILURE", "Link training failure";
    LINK_LOGICAL_MISMATCH = 2, "ETHTOOL_LINK_EXT_STATE_LINK_LOGICAL_MISMATCH", "Logical mismatch";
    BAD_SIGNAL_INTEGRITY = 3, "ETHTOOL_LINK_EXT_STATE_BAD_SIGNAL_INTEGRITY", "Bad signal integrity";
    NO_CABLE = 4, "ETHTOOL_LINK_EXT_STATE_NO_CABLE", "No cable";
    CABLE_ISSUE = 5, "ETHTOOL_LINK_EXT_STATE_CABLE_ISSUE", "Cable issue";
    EEPROM_ISSUE = 6, "ETHTOOL_LINK_EXT_STATE_EEPROM_ISSUE", "EEPROM issue";
    CALIBRATION_FAILURE = 7, "ETHTOOL_LINK_EXT_STATE_CALIBRATION_FAILURE", "Calibration failure";
    POWER_BUDGET_EXCEEDED = 8, "ETHTOOL_LINK_EXT_STATE_POWER_BUDGET_EXCEEDED", "Power budget exceeded";
    OVERHEAT = 9, "ETHTOOL_LINK_EXT_STATE_OVERHEAT", "Overheat";
    MODULE = 10, "ETHTOOL_LINK_EXT_STATE_MODULE", "Module";
}

values! {
    /// `ETHTOOL_TCP_DATA_SPLIT_*` (`ETHTOOL_A_RINGS_TCP_DATA_SPLIT`).
    TcpDataSplit(u8);
    UNKNOWN = 0, "ETHTOOL_TCP_DATA_SPLIT_UNKNOWN", "n/a";
    DISABLED = 1, "ETHTOOL_TCP_DATA_SPLIT_DISABLED", "off";
    ENABLED = 2, "ETHTOOL_TCP_DATA_SPLIT_ENABLED", "on";
}

values! {
    /// `ETHTOOL_STATS_*`: the standard statistics groups (`ETHTOOL_A_STATS_GRP_ID`, bits of
    /// `ETHTOOL_A_STATS_GROUPS`), named as the `ETH_SS_STATS_STD` string set names them.
    StatsGroup(u32);
    ETH_PHY = 0, "ETHTOOL_STATS_ETH_PHY", "eth-phy";
    ETH_MAC = 1, "ETHTOOL_STATS_ETH_MAC", "eth-mac";
    ETH_CTRL = 2, "ETHTOOL_STATS_ETH_CTRL", "eth-ctrl";
    RMON = 3, "ETHTOOL_STATS_RMON", "rmon";
}

flags! {
    /// `WAKE_*`: Wake-on-LAN modes, the bits of `ETHTOOL_A_WOL_MODES` (letters as `ethtool`).
    WolModes(u32);
    PHY = 0x1, "WAKE_PHY", "p";
    UCAST = 0x2, "WAKE_UCAST", "u";
    MCAST = 0x4, "WAKE_MCAST", "m";
    BCAST = 0x8, "WAKE_BCAST", "b";
    ARP = 0x10, "WAKE_ARP", "a";
    MAGIC = 0x20, "WAKE_MAGIC", "g";
    MAGICSECURE = 0x40, "WAKE_MAGICSECURE", "s";
    FILTER = 0x80, "WAKE_FILTER", "f";
}

attributes! {
    /// The common header of every request and reply: which device, and how to answer.
    view HeaderView;
    /// `ETHTOOL_A_HEADER_*`.
    numbers HeaderA;
    /// A typed header attribute.
    enum HeaderAttr<'a>;
    /// The device's index.
    DEV_INDEX = 1, "ETHTOOL_A_HEADER_DEV_INDEX", DevIndex(u32), dev_index;
    /// The device's name.
    DEV_NAME = 2, "ETHTOOL_A_HEADER_DEV_NAME", DevName(str), dev_name;
    /// Request flags.
    FLAGS = 3, "ETHTOOL_A_HEADER_FLAGS", Flags(val HeaderFlags), flags;
}

attributes! {
    /// One bit of a verbose bit set.
    view BitView;
    /// `ETHTOOL_A_BITSET_BIT_*`.
    numbers BitsetBitA;
    /// A typed bit attribute.
    enum BitsetBitAttr<'a>;
    /// The bit's position.
    INDEX = 1, "ETHTOOL_A_BITSET_BIT_INDEX", Index(u32), index;
    /// The bit's name (`"tx-checksum-ip-generic"`).
    NAME = 2, "ETHTOOL_A_BITSET_BIT_NAME", Name(str), name;
    /// Present when the bit is set (in a bit set with a mask).
    VALUE = 3, "ETHTOOL_A_BITSET_BIT_VALUE", Value(flag), value;
}

attributes! {
    /// A bit set's attributes.
    view BitsetView;
    /// `ETHTOOL_A_BITSET_*`.
    numbers BitsetA;
    /// A typed bit set attribute.
    enum BitsetAttr<'a>;
    /// A list, not a value/mask pair: the bits listed are the bits set.
    NOMASK = 1, "ETHTOOL_A_BITSET_NOMASK", NoMask(flag), nomask;
    /// The number of bits.
    SIZE = 2, "ETHTOOL_A_BITSET_SIZE", Size(u32), size;
    /// The bits, one nest each (`ETHTOOL_A_BITSET_BITS_BIT`): the verbose form.
    BITS = 3, "ETHTOOL_A_BITSET_BITS", Bits(nests BitsetBitA), bits;
    /// The values, 32-bit words in host order: the compact form.
    VALUE = 4, "ETHTOOL_A_BITSET_VALUE", Value(bytes), value;
    /// Which bits the value speaks of, in the compact form.
    MASK = 5, "ETHTOOL_A_BITSET_MASK", Mask(bytes), mask;
}

/// An ethtool bit set (`ETHTOOL_A_BITSET_*`): link modes, features, flags, timestamping modes.
///
/// It comes in two forms. Verbose (the kernel's default) lists bits as nests with their
/// index, name and a value flag; compact (`ETHTOOL_FLAG_COMPACT_BITSETS`) has a bitmap of
/// values and one of the mask. In both, `NOMASK` makes it a plain list of the bits set.
/// [`Bitset::bits`] reads either form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bitset<'a> {
    attr: Attr<'a>,
}

/// One bit of a [`Bitset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bit<'a> {
    /// The bit's position.
    pub index: u32,
    /// Its name, in the verbose form.
    pub name: Option<&'a str>,
    /// Whether it is set.
    pub value: bool,
}

impl<'a> Bitset<'a> {
    /// The bit set in attribute `attr`.
    #[must_use]
    pub fn new(attr: Attr<'a>) -> Self {
        Bitset { attr }
    }

    /// The attribute that holds it.
    #[must_use]
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }

    /// Its attributes.
    #[must_use]
    pub fn view(&self) -> BitsetView<'a> {
        BitsetView::new(self.attr.nested())
    }

    /// Whether it is a list of the bits set (`ETHTOOL_A_BITSET_NOMASK`).
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn is_list(&self) -> Result<bool> {
        Ok(self.view().nomask()?.is_some())
    }

    /// Its number of bits.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn size(&self) -> Result<Option<u32>> {
        self.view().size()
    }

    /// Whether it is in the compact form (a value bitmap).
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn is_compact(&self) -> Result<bool> {
        Ok(self.view().value()?.is_some())
    }

    /// The bits it speaks of, in either form: those of the mask, or those set for a list. A
    /// malformed bit ends the iteration with its error.
    pub fn bits(&self) -> Bits<'a> {
        let v = self.view();
        let nomask = matches!(v.nomask(), Ok(Some(())));
        match v.value() {
            Ok(Some(value)) => {
                let mask = if nomask {
                    None
                } else {
                    v.mask().ok().flatten()
                };
                // Bits past both bitmaps are clear and listed nowhere: a SIZE larger than
                // the maps (up to 2^32 bits) must not cost a loop over nothing.
                let mapped = value.len().max(mask.map_or(0, <[u8]>::len));
                let mapped = u32::try_from(mapped.saturating_mul(8)).unwrap_or(u32::MAX);
                Bits::Compact {
                    value,
                    mask,
                    size: v.size().ok().flatten().unwrap_or(0).min(mapped),
                    next: 0,
                }
            }
            Ok(None) => match v.bits() {
                Ok(Some(list)) => Bits::Verbose {
                    items: list.attr().nested(),
                    nomask,
                },
                Ok(None) => Bits::Done,
                Err(e) => Bits::Failed(Some(e)),
            },
            Err(e) => Bits::Failed(Some(e)),
        }
    }

    /// Whether bit `index` is set: `None` when the set does not speak of it (outside the mask).
    ///
    /// # Errors
    /// A malformed bit.
    pub fn get(&self, index: u32) -> Result<Option<bool>> {
        if let Bits::Compact {
            value, mask, size, ..
        } = self.bits()
        {
            if index >= size {
                return Ok(if mask.is_none() { Some(false) } else { None });
            }
            let on = bitmap_bit(value, index);
            return Ok(match mask {
                Some(m) if !bitmap_bit(m, index) => None,
                _ => Some(on),
            });
        }
        for b in self.bits() {
            let b = b?;
            if b.index == index {
                return Ok(Some(b.value));
            }
        }
        Ok(if self.is_list()? { Some(false) } else { None })
    }

    /// Whether the bit named `name` is set (verbose form only).
    ///
    /// # Errors
    /// A malformed bit.
    pub fn get_named(&self, name: &str) -> Result<Option<bool>> {
        for b in self.bits() {
            let b = b?;
            if b.name == Some(name) {
                return Ok(Some(b.value));
            }
        }
        Ok(None)
    }

    /// Writes a verbose bit set as attribute `kind` (with `NLA_F_NESTED`): the bits named in
    /// `bits` set or cleared and, without `list`, every other bit left as it is (the mask is
    /// the bits named). With `list`, the bits named with `true` are the bits set
    /// (`ETHTOOL_A_BITSET_NOMASK`) and the others are cleared.
    pub fn write_named<W: AttrWrite>(w: &mut W, kind: u16, bits: &[(&str, bool)], list: bool) {
        let mut set = w.nest(kind | NLA_F_NESTED);
        if list {
            set.put_flag(BitsetA::NOMASK);
        }
        let mut items = set.nest(BitsetA::BITS.0 | NLA_F_NESTED);
        for (name, value) in bits {
            if list && !*value {
                continue;
            }
            let mut bit = items.nest(1 | NLA_F_NESTED);
            bit.put_str(BitsetBitA::NAME, name);
            if *value && !list {
                bit.put_flag(BitsetBitA::VALUE);
            }
        }
    }

    /// Writes a compact bit set of `size` bits as attribute `kind` (with `NLA_F_NESTED`):
    /// `value` and `mask` as 32-bit words (`mask` `None`: a list, `NOMASK`).
    pub fn write_compact<W: AttrWrite>(
        w: &mut W,
        kind: u16,
        size: u32,
        value: &[u32],
        mask: Option<&[u32]>,
    ) {
        let words = |ws: &[u32]| ws.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<u8>>();
        let mut set = w.nest(kind | NLA_F_NESTED);
        if mask.is_none() {
            set.put_flag(BitsetA::NOMASK);
        }
        set.put_u32(BitsetA::SIZE, size);
        set.put(BitsetA::VALUE, &words(value));
        if let Some(mask) = mask {
            set.put(BitsetA::MASK, &words(mask));
        }
    }
}

/// The bits of a [`Bitset`], in either form.
#[derive(Debug, Clone)]
pub enum Bits<'a> {
    /// The verbose form: one nest per bit.
    Verbose {
        /// The bit nests left.
        items: Attrs<'a>,
        /// Whether the set is a list.
        nomask: bool,
    },
    /// The compact form: bitmaps.
    Compact {
        /// The value words.
        value: &'a [u8],
        /// The mask words (`None`: a list).
        mask: Option<&'a [u8]>,
        /// The number of bits.
        size: u32,
        /// The next bit to look at.
        next: u32,
    },
    /// A malformed set: its error, once.
    Failed(Option<crate::Error>),
    /// Nothing left.
    Done,
}

/// Bit `i` of a bitmap of 32-bit host-order words; bits past its end are clear.
fn bitmap_bit(map: &[u8], i: u32) -> bool {
    let word = usize::try_from(i / 32).unwrap_or(usize::MAX);
    let start = word.saturating_mul(4);
    match map.get(start..start.saturating_add(4)) {
        Some(&[a, b, c, d]) => u32::from_ne_bytes([a, b, c, d]) & (1 << (i % 32)) != 0,
        _ => false,
    }
}

impl<'a> Iterator for Bits<'a> {
    type Item = Result<Bit<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Bits::Verbose { items, nomask } => {
                let item = match items.next()? {
                    Ok(a) => a,
                    Err(e) => return Some(Err(e)),
                };
                let v = BitView::new(item.nested());
                let bit = (|| {
                    Ok(Bit {
                        index: v.index()?.unwrap_or(0),
                        name: v.name()?,
                        value: *nomask || v.value()?.is_some(),
                    })
                })();
                Some(bit)
            }
            Bits::Compact {
                value,
                mask,
                size,
                next,
            } => {
                while *next < *size {
                    let i = *next;
                    *next = next.saturating_add(1);
                    let on = bitmap_bit(value, i);
                    let listed = match mask {
                        Some(m) => bitmap_bit(m, i),
                        None => on,
                    };
                    if listed {
                        return Some(Ok(Bit {
                            index: i,
                            name: None,
                            value: on,
                        }));
                    }
                }
                None
            }
            Bits::Failed(e) => e.take().map(Err),
            Bits::Done => None,
        }
    }
}

attr_view_value!(['a] Bitset<'a> = Bitset::new);

impl Check for Bitset<'_> {
    fn check(&self, w: &mut Walker) {
        w.nested(|w| walk_list::<BitsetA>(self.view().attrs(), w));
        for b in self.bits() {
            w.count(&b);
        }
    }
}

/// Writes the request header nest as attribute `kind` (with `NLA_F_NESTED`): the device by
/// index or name (or both), and `flags` when not empty.
pub fn put_header<W: AttrWrite>(
    w: &mut W,
    kind: u16,
    index: Option<u32>,
    name: Option<&str>,
    flags: HeaderFlags,
) {
    let mut h = w.nest(kind | NLA_F_NESTED);
    if let Some(i) = index {
        h.put_u32(HeaderA::DEV_INDEX, i);
    }
    if let Some(n) = name {
        h.put_str(HeaderA::DEV_NAME, n);
    }
    if !flags.is_empty() {
        h.put_u32(HeaderA::FLAGS, flags.bits());
    }
}

attributes! {
    /// One string of a string set.
    view StringView;
    /// `ETHTOOL_A_STRING_*`.
    numbers StringA;
    /// A typed string attribute.
    enum StringAttr<'a>;
    /// Its position in the set.
    INDEX = 1, "ETHTOOL_A_STRING_INDEX", Index(u32), index;
    /// The string.
    VALUE = 2, "ETHTOOL_A_STRING_VALUE", Value(str), value;
}

attributes! {
    /// One string set.
    view StringSetView;
    /// `ETHTOOL_A_STRINGSET_*`.
    numbers StringSetA;
    /// A typed string set attribute.
    enum StringSetAttr<'a>;
    /// Which set.
    ID = 1, "ETHTOOL_A_STRINGSET_ID", Id(val StringSetId), id;
    /// How many strings it has.
    COUNT = 2, "ETHTOOL_A_STRINGSET_COUNT", Count(u32), count;
    /// The strings (`ETHTOOL_A_STRINGS_STRING` nests).
    STRINGS = 3, "ETHTOOL_A_STRINGSET_STRINGS", Strings(nests StringA), strings;
}

attributes! {
    /// `ETHTOOL_MSG_STRSET_GET` and its reply.
    view StrsetView;
    /// `ETHTOOL_A_STRSET_*`.
    numbers StrsetA;
    /// A typed string-set message attribute.
    enum StrsetAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_STRSET_HEADER", Header(nest HeaderA), header;
    /// The sets (`ETHTOOL_A_STRINGSETS_STRINGSET` nests).
    STRINGSETS = 2, "ETHTOOL_A_STRSET_STRINGSETS", StringSets(nests StringSetA), string_sets;
    /// Ask for the sizes only.
    COUNTS_ONLY = 3, "ETHTOOL_A_STRSET_COUNTS_ONLY", CountsOnly(flag), counts_only;
}

attributes! {
    /// `ETHTOOL_MSG_LINKINFO_*`: port, PHY address, MDI-X, transceiver.
    view LinkInfoView;
    /// `ETHTOOL_A_LINKINFO_*`.
    numbers LinkInfoA;
    /// A typed link-info attribute.
    enum LinkInfoAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_LINKINFO_HEADER", Header(nest HeaderA), header;
    /// The connector.
    PORT = 2, "ETHTOOL_A_LINKINFO_PORT", Port(val Port), port;
    /// The PHY's address.
    PHYADDR = 3, "ETHTOOL_A_LINKINFO_PHYADDR", PhyAddr(u8), phyaddr;
    /// MDI(-X) status.
    TP_MDIX = 4, "ETHTOOL_A_LINKINFO_TP_MDIX", TpMdix(val MdiX), tp_mdix;
    /// MDI(-X) control.
    TP_MDIX_CTRL = 5, "ETHTOOL_A_LINKINFO_TP_MDIX_CTRL", TpMdixCtrl(val MdiX), tp_mdix_ctrl;
    /// The transceiver.
    TRANSCEIVER = 6, "ETHTOOL_A_LINKINFO_TRANSCEIVER", Transceiver(val Transceiver), transceiver;
}

attributes! {
    /// `ETHTOOL_MSG_LINKMODES_*`: autonegotiation, advertised and peer modes, speed, duplex.
    view LinkModesView;
    /// `ETHTOOL_A_LINKMODES_*`.
    numbers LinkModesA;
    /// A typed link-modes attribute.
    enum LinkModesAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_LINKMODES_HEADER", Header(nest HeaderA), header;
    /// Autonegotiation (`AUTONEG_*`: 0 off, 1 on).
    AUTONEG = 2, "ETHTOOL_A_LINKMODES_AUTONEG", Autoneg(u8), autoneg;
    /// Our modes: supported (the mask) and advertised (the value).
    OURS = 3, "ETHTOOL_A_LINKMODES_OURS", Ours(val Bitset<'a>), ours;
    /// The link partner's modes.
    PEER = 4, "ETHTOOL_A_LINKMODES_PEER", Peer(val Bitset<'a>), peer;
    /// Mb/s (`SPEED_UNKNOWN`, `u32::MAX`, when not known).
    SPEED = 5, "ETHTOOL_A_LINKMODES_SPEED", Speed(u32), speed;
    /// Duplex.
    DUPLEX = 6, "ETHTOOL_A_LINKMODES_DUPLEX", Duplex(val Duplex), duplex;
    /// Master/slave configuration.
    MASTER_SLAVE_CFG = 7, "ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG", MasterSlaveCfg(val MasterSlaveCfg), master_slave_cfg;
    /// Master/slave state.
    MASTER_SLAVE_STATE = 8, "ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE", MasterSlaveState(val MasterSlaveState), master_slave_state;
    /// The number of lanes.
    LANES = 9, "ETHTOOL_A_LINKMODES_LANES", Lanes(u32), lanes;
    /// Rate matching (`RATE_MATCH_*`).
    RATE_MATCHING = 10, "ETHTOOL_A_LINKMODES_RATE_MATCHING", RateMatching(u8), rate_matching;
}

attributes! {
    /// `ETHTOOL_MSG_LINKSTATE_*`: link detected, signal quality, why it is down.
    view LinkStateView;
    /// `ETHTOOL_A_LINKSTATE_*`.
    numbers LinkStateA;
    /// A typed link-state attribute.
    enum LinkStateAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_LINKSTATE_HEADER", Header(nest HeaderA), header;
    /// Whether a link is detected.
    LINK = 2, "ETHTOOL_A_LINKSTATE_LINK", Link(u8), link;
    /// Signal quality.
    SQI = 3, "ETHTOOL_A_LINKSTATE_SQI", Sqi(u32), sqi;
    /// The best signal quality.
    SQI_MAX = 4, "ETHTOOL_A_LINKSTATE_SQI_MAX", SqiMax(u32), sqi_max;
    /// Why the link is down.
    EXT_STATE = 5, "ETHTOOL_A_LINKSTATE_EXT_STATE", ExtState(val LinkExtState), ext_state;
    /// More about why.
    EXT_SUBSTATE = 6, "ETHTOOL_A_LINKSTATE_EXT_SUBSTATE", ExtSubstate(u8), ext_substate;
}

attributes! {
    /// `ETHTOOL_MSG_DEBUG_*`: the driver's message level.
    view DebugView;
    /// `ETHTOOL_A_DEBUG_*`.
    numbers DebugA;
    /// A typed debug attribute.
    enum DebugAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_DEBUG_HEADER", Header(nest HeaderA), header;
    /// The message classes enabled (`ETH_SS_MSG_CLASSES`).
    MSGMASK = 2, "ETHTOOL_A_DEBUG_MSGMASK", MsgMask(val Bitset<'a>), msgmask;
}

attributes! {
    /// `ETHTOOL_MSG_WOL_*`: Wake-on-LAN.
    view WolView;
    /// `ETHTOOL_A_WOL_*`.
    numbers WolA;
    /// A typed Wake-on-LAN attribute.
    enum WolAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_WOL_HEADER", Header(nest HeaderA), header;
    /// Supported (mask) and enabled (value) modes (`ETH_SS_WOL_MODES`).
    MODES = 2, "ETHTOOL_A_WOL_MODES", Modes(val Bitset<'a>), modes;
    /// The SecureOn password.
    SOPASS = 3, "ETHTOOL_A_WOL_SOPASS", SoPass(bytes), sopass;
}

attributes! {
    /// `ETHTOOL_MSG_FEATURES_*`: offloads and other device features (`ETH_SS_FEATURES`).
    view FeaturesView;
    /// `ETHTOOL_A_FEATURES_*`.
    numbers FeaturesA;
    /// A typed features attribute.
    enum FeaturesAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_FEATURES_HEADER", Header(nest HeaderA), header;
    /// The features that can be changed.
    HW = 2, "ETHTOOL_A_FEATURES_HW", Hw(val Bitset<'a>), hw;
    /// The features asked for.
    WANTED = 3, "ETHTOOL_A_FEATURES_WANTED", Wanted(val Bitset<'a>), wanted;
    /// The features on.
    ACTIVE = 4, "ETHTOOL_A_FEATURES_ACTIVE", Active(val Bitset<'a>), active;
    /// The features that never change.
    NOCHANGE = 5, "ETHTOOL_A_FEATURES_NOCHANGE", NoChange(val Bitset<'a>), nochange;
}

attributes! {
    /// `ETHTOOL_MSG_PRIVFLAGS_*`: the driver's private flags.
    view PrivFlagsView;
    /// `ETHTOOL_A_PRIVFLAGS_*`.
    numbers PrivFlagsA;
    /// A typed private-flags attribute.
    enum PrivFlagsAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_PRIVFLAGS_HEADER", Header(nest HeaderA), header;
    /// The flags.
    FLAGS = 2, "ETHTOOL_A_PRIVFLAGS_FLAGS", Flags(val Bitset<'a>), flags;
}

attributes! {
    /// `ETHTOOL_MSG_RINGS_*`: ring sizes.
    view RingsView;
    /// `ETHTOOL_A_RINGS_*`.
    numbers RingsA;
    /// A typed rings attribute.
    enum RingsAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_RINGS_HEADER", Header(nest HeaderA), header;
    /// The largest RX ring.
    RX_MAX = 2, "ETHTOOL_A_RINGS_RX_MAX", RxMax(u32), rx_max;
    /// The largest RX mini ring.
    RX_MINI_MAX = 3, "ETHTOOL_A_RINGS_RX_MINI_MAX", RxMiniMax(u32), rx_mini_max;
    /// The largest RX jumbo ring.
    RX_JUMBO_MAX = 4, "ETHTOOL_A_RINGS_RX_JUMBO_MAX", RxJumboMax(u32), rx_jumbo_max;
    /// The largest TX ring.
    TX_MAX = 5, "ETHTOOL_A_RINGS_TX_MAX", TxMax(u32), tx_max;
    /// The RX ring.
    RX = 6, "ETHTOOL_A_RINGS_RX", Rx(u32), rx;
    /// The RX mini ring.
    RX_MINI = 7, "ETHTOOL_A_RINGS_RX_MINI", RxMini(u32), rx_mini;
    /// The RX jumbo ring.
    RX_JUMBO = 8, "ETHTOOL_A_RINGS_RX_JUMBO", RxJumbo(u32), rx_jumbo;
    /// The TX ring.
    TX = 9, "ETHTOOL_A_RINGS_TX", Tx(u32), tx;
    /// The RX buffer size.
    RX_BUF_LEN = 10, "ETHTOOL_A_RINGS_RX_BUF_LEN", RxBufLen(u32), rx_buf_len;
    /// TCP header/data split.
    TCP_DATA_SPLIT = 11, "ETHTOOL_A_RINGS_TCP_DATA_SPLIT", TcpDataSplit(val TcpDataSplit), tcp_data_split;
    /// The completion queue entry size.
    CQE_SIZE = 12, "ETHTOOL_A_RINGS_CQE_SIZE", CqeSize(u32), cqe_size;
    /// TX push.
    TX_PUSH = 13, "ETHTOOL_A_RINGS_TX_PUSH", TxPush(u8), tx_push;
}

attributes! {
    /// `ETHTOOL_MSG_CHANNELS_*`: queue counts.
    view ChannelsView;
    /// `ETHTOOL_A_CHANNELS_*`.
    numbers ChannelsA;
    /// A typed channels attribute.
    enum ChannelsAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_CHANNELS_HEADER", Header(nest HeaderA), header;
    /// The most RX channels.
    RX_MAX = 2, "ETHTOOL_A_CHANNELS_RX_MAX", RxMax(u32), rx_max;
    /// The most TX channels.
    TX_MAX = 3, "ETHTOOL_A_CHANNELS_TX_MAX", TxMax(u32), tx_max;
    /// The most other channels.
    OTHER_MAX = 4, "ETHTOOL_A_CHANNELS_OTHER_MAX", OtherMax(u32), other_max;
    /// The most combined channels.
    COMBINED_MAX = 5, "ETHTOOL_A_CHANNELS_COMBINED_MAX", CombinedMax(u32), combined_max;
    /// RX channels.
    RX_COUNT = 6, "ETHTOOL_A_CHANNELS_RX_COUNT", RxCount(u32), rx_count;
    /// TX channels.
    TX_COUNT = 7, "ETHTOOL_A_CHANNELS_TX_COUNT", TxCount(u32), tx_count;
    /// Other channels.
    OTHER_COUNT = 8, "ETHTOOL_A_CHANNELS_OTHER_COUNT", OtherCount(u32), other_count;
    /// Combined channels.
    COMBINED_COUNT = 9, "ETHTOOL_A_CHANNELS_COMBINED_COUNT", CombinedCount(u32), combined_count;
}

attributes! {
    /// `ETHTOOL_MSG_COALESCE_*`: interrupt coalescing.
    view CoalesceView;
    /// `ETHTOOL_A_COALESCE_*`.
    numbers CoalesceA;
    /// A typed coalescing attribute.
    enum CoalesceAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_COALESCE_HEADER", Header(nest HeaderA), header;
    /// `rx-usecs`.
    RX_USECS = 2, "ETHTOOL_A_COALESCE_RX_USECS", RxUsecs(u32), rx_usecs;
    /// `rx-frames`.
    RX_MAX_FRAMES = 3, "ETHTOOL_A_COALESCE_RX_MAX_FRAMES", RxMaxFrames(u32), rx_max_frames;
    /// `rx-usecs-irq`.
    RX_USECS_IRQ = 4, "ETHTOOL_A_COALESCE_RX_USECS_IRQ", RxUsecsIrq(u32), rx_usecs_irq;
    /// `rx-frames-irq`.
    RX_MAX_FRAMES_IRQ = 5, "ETHTOOL_A_COALESCE_RX_MAX_FRAMES_IRQ", RxMaxFramesIrq(u32), rx_max_frames_irq;
    /// `tx-usecs`.
    TX_USECS = 6, "ETHTOOL_A_COALESCE_TX_USECS", TxUsecs(u32), tx_usecs;
    /// `tx-frames`.
    TX_MAX_FRAMES = 7, "ETHTOOL_A_COALESCE_TX_MAX_FRAMES", TxMaxFrames(u32), tx_max_frames;
    /// `tx-usecs-irq`.
    TX_USECS_IRQ = 8, "ETHTOOL_A_COALESCE_TX_USECS_IRQ", TxUsecsIrq(u32), tx_usecs_irq;
    /// `tx-frames-irq`.
    TX_MAX_FRAMES_IRQ = 9, "ETHTOOL_A_COALESCE_TX_MAX_FRAMES_IRQ", TxMaxFramesIrq(u32), tx_max_frames_irq;
    /// `stats-block-usecs`.
    STATS_BLOCK_USECS = 10, "ETHTOOL_A_COALESCE_STATS_BLOCK_USECS", StatsBlockUsecs(u32), stats_block_usecs;
    /// Adaptive RX.
    USE_ADAPTIVE_RX = 11, "ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX", UseAdaptiveRx(u8), use_adaptive_rx;
    /// Adaptive TX.
    USE_ADAPTIVE_TX = 12, "ETHTOOL_A_COALESCE_USE_ADAPTIVE_TX", UseAdaptiveTx(u8), use_adaptive_tx;
    /// `pkt-rate-low`.
    PKT_RATE_LOW = 13, "ETHTOOL_A_COALESCE_PKT_RATE_LOW", PktRateLow(u32), pkt_rate_low;
    /// `rx-usecs-low`.
    RX_USECS_LOW = 14, "ETHTOOL_A_COALESCE_RX_USECS_LOW", RxUsecsLow(u32), rx_usecs_low;
    /// `rx-frames-low`.
    RX_MAX_FRAMES_LOW = 15, "ETHTOOL_A_COALESCE_RX_MAX_FRAMES_LOW", RxMaxFramesLow(u32), rx_max_frames_low;
    /// `tx-usecs-low`.
    TX_USECS_LOW = 16, "ETHTOOL_A_COALESCE_TX_USECS_LOW", TxUsecsLow(u32), tx_usecs_low;
    /// `tx-frames-low`.
    TX_MAX_FRAMES_LOW = 17, "ETHTOOL_A_COALESCE_TX_MAX_FRAMES_LOW", TxMaxFramesLow(u32), tx_max_frames_low;
    /// `pkt-rate-high`.
    PKT_RATE_HIGH = 18, "ETHTOOL_A_COALESCE_PKT_RATE_HIGH", PktRateHigh(u32), pkt_rate_high;
    /// `rx-usecs-high`.
    RX_USECS_HIGH = 19, "ETHTOOL_A_COALESCE_RX_USECS_HIGH", RxUsecsHigh(u32), rx_usecs_high;
    /// `rx-frames-high`.
    RX_MAX_FRAMES_HIGH = 20, "ETHTOOL_A_COALESCE_RX_MAX_FRAMES_HIGH", RxMaxFramesHigh(u32), rx_max_frames_high;
    /// `tx-usecs-high`.
    TX_USECS_HIGH = 21, "ETHTOOL_A_COALESCE_TX_USECS_HIGH", TxUsecsHigh(u32), tx_usecs_high;
    /// `tx-frames-high`.
    TX_MAX_FRAMES_HIGH = 22, "ETHTOOL_A_COALESCE_TX_MAX_FRAMES_HIGH", TxMaxFramesHigh(u32), tx_max_frames_high;
    /// `sample-interval`.
    RATE_SAMPLE_INTERVAL = 23, "ETHTOOL_A_COALESCE_RATE_SAMPLE_INTERVAL", RateSampleInterval(u32), rate_sample_interval;
    /// CQE mode for TX.
    USE_CQE_MODE_TX = 24, "ETHTOOL_A_COALESCE_USE_CQE_MODE_TX", UseCqeModeTx(u8), use_cqe_mode_tx;
    /// CQE mode for RX.
    USE_CQE_MODE_RX = 25, "ETHTOOL_A_COALESCE_USE_CQE_MODE_RX", UseCqeModeRx(u8), use_cqe_mode_rx;
}

attributes! {
    /// Pause frame statistics.
    view PauseStatView;
    /// `ETHTOOL_A_PAUSE_STAT_*`.
    numbers PauseStatA;
    /// A typed pause statistics attribute.
    enum PauseStatAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "ETHTOOL_A_PAUSE_STAT_PAD", Pad(bytes);
    /// Pause frames sent.
    TX_FRAMES = 2, "ETHTOOL_A_PAUSE_STAT_TX_FRAMES", TxFrames(u64), tx_frames;
    /// Pause frames received.
    RX_FRAMES = 3, "ETHTOOL_A_PAUSE_STAT_RX_FRAMES", RxFrames(u64), rx_frames;
}

attributes! {
    /// `ETHTOOL_MSG_PAUSE_*`: flow control.
    view PauseView;
    /// `ETHTOOL_A_PAUSE_*`.
    numbers PauseA;
    /// A typed pause attribute.
    enum PauseAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_PAUSE_HEADER", Header(nest HeaderA), header;
    /// Pause autonegotiation.
    AUTONEG = 2, "ETHTOOL_A_PAUSE_AUTONEG", Autoneg(u8), autoneg;
    /// RX pause.
    RX = 3, "ETHTOOL_A_PAUSE_RX", Rx(u8), rx;
    /// TX pause.
    TX = 4, "ETHTOOL_A_PAUSE_TX", Tx(u8), tx;
    /// Statistics (with `ETHTOOL_FLAG_STATS`).
    STATS = 5, "ETHTOOL_A_PAUSE_STATS", Stats(nest PauseStatA), stats;
}

attributes! {
    /// `ETHTOOL_MSG_EEE_*`: Energy-Efficient Ethernet.
    view EeeView;
    /// `ETHTOOL_A_EEE_*`.
    numbers EeeA;
    /// A typed EEE attribute.
    enum EeeAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_EEE_HEADER", Header(nest HeaderA), header;
    /// Our supported (mask) and advertised (value) modes.
    MODES_OURS = 2, "ETHTOOL_A_EEE_MODES_OURS", ModesOurs(val Bitset<'a>), modes_ours;
    /// The link partner's modes.
    MODES_PEER = 3, "ETHTOOL_A_EEE_MODES_PEER", ModesPeer(val Bitset<'a>), modes_peer;
    /// Whether EEE is active.
    ACTIVE = 4, "ETHTOOL_A_EEE_ACTIVE", Active(u8), active;
    /// Whether EEE is enabled.
    ENABLED = 5, "ETHTOOL_A_EEE_ENABLED", Enabled(u8), enabled;
    /// Whether TX LPI is enabled.
    TX_LPI_ENABLED = 6, "ETHTOOL_A_EEE_TX_LPI_ENABLED", TxLpiEnabled(u8), tx_lpi_enabled;
    /// The TX LPI timer, in microseconds.
    TX_LPI_TIMER = 7, "ETHTOOL_A_EEE_TX_LPI_TIMER", TxLpiTimer(u32), tx_lpi_timer;
}

attributes! {
    /// `ETHTOOL_MSG_TSINFO_*`: timestamping capabilities.
    view TsInfoView;
    /// `ETHTOOL_A_TSINFO_*`.
    numbers TsInfoA;
    /// A typed timestamping attribute.
    enum TsInfoAttr<'a>;
    /// The header.
    HEADER = 1, "ETHTOOL_A_TSINFO_HEADER", Header(nest HeaderA), header;
    /// `SOF_TIMESTAMPING_*` capabilities (`ETH_SS_SOF_TIMESTAMPING`).
    TIMESTAMPING = 2, "ETHTOOL_A_TSINFO_TIMESTAMPING", Timestamping(val Bitset<'a>), timestamping;
    /// Hardware transmit modes (`ETH_SS_TS_TX_TYPES`).
    TX_TYPES = 3, "ETHTOOL_A_TSINFO_TX_TYPES", TxTypes(val Bitset<'a>), tx_types;
    /// Hardware receive filters (`ETH_SS_TS_RX_FILTERS`).
    RX_FILTERS = 4, "ETHTOOL_A_TSINFO_RX_FILTERS", RxFilters(val Bitset<'a>), rx_filters;
    /// The PTP hardware clock's index.
    PHC_INDEX = 5, "ETHTOOL_A_TSINFO_PHC_INDEX", PhcIndex(u32), phc_index;
}

attributes! {
    /// One statistics group, or one histogram bucket.
    view StatsGrpView;
    /// `ETHTOOL_A_STATS_GRP_*`.
    numbers StatsGrpA;
    /// A typed statistics group attribute.
    enum StatsGrpAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "ETHTOOL_A_STATS_GRP_PAD", Pad(bytes);
    /// The group ([`StatsGroup`]).
    ID = 2, "ETHTOOL_A_STATS_GRP_ID", Id(val StatsGroup), id;
    /// The string set naming its counters.
    SS_ID = 3, "ETHTOOL_A_STATS_GRP_SS_ID", SsId(val StringSetId), ss_id;
    /// The counters: attribute number = position in that set, `u64` values.
    STAT = 4, "ETHTOOL_A_STATS_GRP_STAT", Stat(nest Untyped), stat;
    /// An RX histogram bucket (first of several).
    HIST_RX = 5, "ETHTOOL_A_STATS_GRP_HIST_RX", HistRx(nest StatsGrpA), hist_rx;
    /// A TX histogram bucket (first of several).
    HIST_TX = 6, "ETHTOOL_A_STATS_GRP_HIST_TX", HistTx(nest StatsGrpA), hist_tx;
    /// A bucket's low bound.
    HIST_BKT_LOW = 7, "ETHTOOL_A_STATS_GRP_HIST_BKT_LOW", HistBktLow(u32), hist_bkt_low;
    /// A bucket's high bound.
    HIST_BKT_HI = 8, "ETHTOOL_A_STATS_GRP_HIST_BKT_HI", HistBktHi(u32), hist_bkt_hi;
    /// A bucket's count.
    HIST_VAL = 9, "ETHTOOL_A_STATS_GRP_HIST_VAL", HistVal(u64), hist_val;
}

attributes! {
    /// `ETHTOOL_MSG_STATS_*`: standard statistics, by group.
    view StatsView;
    /// `ETHTOOL_A_STATS_*`.
    numbers StatsA;
    /// A typed statistics attribute.
    enum StatsAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "ETHTOOL_A_STATS_PAD", Pad(bytes);
    /// The header.
    HEADER = 2, "ETHTOOL_A_STATS_HEADER", Header(nest HeaderA), header;
    /// The groups asked for (`ETH_SS_STATS_STD`).
    GROUPS = 3, "ETHTOOL_A_STATS_GROUPS", Groups(val Bitset<'a>), groups;
    /// One group (first of several).
    GRP = 4, "ETHTOOL_A_STATS_GRP", Grp(nest StatsGrpA), grp;
}

genl_messages! {
    /// `ETHTOOL_MSG_*` from userspace to the kernel: the requests.
    commands EthtoolCmd;
    /// An ethtool request, typed by command.
    enum EthtoolRequest<'a>;
    STRSET_GET = 1, "ETHTOOL_MSG_STRSET_GET", "strset-get", StrsetGet(StrsetView, StrsetA);
    LINKINFO_GET = 2, "ETHTOOL_MSG_LINKINFO_GET", "linkinfo-get", LinkInfoGet(LinkInfoView, LinkInfoA);
    LINKINFO_SET = 3, "ETHTOOL_MSG_LINKINFO_SET", "linkinfo-set", LinkInfoSet(LinkInfoView, LinkInfoA);
    LINKMODES_GET = 4, "ETHTOOL_MSG_LINKMODES_GET", "linkmodes-get", LinkModesGet(LinkModesView, LinkModesA);
    LINKMODES_SET = 5, "ETHTOOL_MSG_LINKMODES_SET", "linkmodes-set", LinkModesSet(LinkModesView, LinkModesA);
    LINKSTATE_GET = 6, "ETHTOOL_MSG_LINKSTATE_GET", "linkstate-get", LinkStateGet(LinkStateView, LinkStateA);
    DEBUG_GET = 7, "ETHTOOL_MSG_DEBUG_GET", "debug-get", DebugGet(DebugView, DebugA);
    DEBUG_SET = 8, "ETHTOOL_MSG_DEBUG_SET", "debug-set", DebugSet(DebugView, DebugA);
    WOL_GET = 9, "ETHTOOL_MSG_WOL_GET", "wol-get", WolGet(WolView, WolA);
    WOL_SET = 10, "ETHTOOL_MSG_WOL_SET", "wol-set", WolSet(WolView, WolA);
    FEATURES_GET = 11, "ETHTOOL_MSG_FEATURES_GET", "features-get", FeaturesGet(FeaturesView, FeaturesA);
    FEATURES_SET = 12, "ETHTOOL_MSG_FEATURES_SET", "features-set", FeaturesSet(FeaturesView, FeaturesA);
    PRIVFLAGS_GET = 13, "ETHTOOL_MSG_PRIVFLAGS_GET", "privflags-get", PrivFlagsGet(PrivFlagsView, PrivFlagsA);
    PRIVFLAGS_SET = 14, "ETHTOOL_MSG_PRIVFLAGS_SET", "privflags-set", PrivFlagsSet(PrivFlagsView, PrivFlagsA);
    RINGS_GET = 15, "ETHTOOL_MSG_RINGS_GET", "rings-get", RingsGet(RingsView, RingsA);
    RINGS_SET = 16, "ETHTOOL_MSG_RINGS_SET", "rings-set", RingsSet(RingsView, RingsA);
    CHANNELS_GET = 17, "ETHTOOL_MSG_CHANNELS_GET", "channels-get", ChannelsGet(ChannelsView, ChannelsA);
    CHANNELS_SET = 18, "ETHTOOL_MSG_CHANNELS_SET", "channels-set", ChannelsSet(ChannelsView, ChannelsA);
    COALESCE_GET = 19, "ETHTOOL_MSG_COALESCE_GET", "coalesce-get", CoalesceGet(CoalesceView, CoalesceA);
    COALESCE_SET = 20, "ETHTOOL_MSG_COALESCE_SET", "coalesce-set", CoalesceSet(CoalesceView, CoalesceA);
    PAUSE_GET = 21, "ETHTOOL_MSG_PAUSE_GET", "pause-get", PauseGet(PauseView, PauseA);
    PAUSE_SET = 22, "ETHTOOL_MSG_PAUSE_SET", "pause-set", PauseSet(PauseView, PauseA);
    EEE_GET = 23, "ETHTOOL_MSG_EEE_GET", "eee-get", EeeGet(EeeView, EeeA);
    EEE_SET = 24, "ETHTOOL_MSG_EEE_SET", "eee-set", EeeSet(EeeView, EeeA);
    TSINFO_GET = 25, "ETHTOOL_MSG_TSINFO_GET", "tsinfo-get", TsInfoGet(TsInfoView, TsInfoA);
    STATS_GET = 32, "ETHTOOL_MSG_STATS_GET", "stats-get", StatsGet(StatsView, StatsA);
}

genl_messages! {
    /// `ETHTOOL_MSG_*` from the kernel: replies (`_REPLY`) and notifications (`_NTF`, group
    /// `monitor`).
    commands EthtoolReply;
    /// An ethtool reply or notification, typed by command.
    enum EthtoolMessage<'a>;
    STRSET_GET_REPLY = 1, "ETHTOOL_MSG_STRSET_GET_REPLY", "strset-get-reply", Strset(StrsetView, StrsetA);
    LINKINFO_GET_REPLY = 2, "ETHTOOL_MSG_LINKINFO_GET_REPLY", "linkinfo-get-reply", LinkInfo(LinkInfoView, LinkInfoA);
    LINKINFO_NTF = 3, "ETHTOOL_MSG_LINKINFO_NTF", "linkinfo-ntf", LinkInfoNtf(LinkInfoView, LinkInfoA);
    LINKMODES_GET_REPLY = 4, "ETHTOOL_MSG_LINKMODES_GET_REPLY", "linkmodes-get-reply", LinkModes(LinkModesView, LinkModesA);
    LINKMODES_NTF = 5, "ETHTOOL_MSG_LINKMODES_NTF", "linkmodes-ntf", LinkModesNtf(LinkModesView, LinkModesA);
    LINKSTATE_GET_REPLY = 6, "ETHTOOL_MSG_LINKSTATE_GET_REPLY", "linkstate-get-reply", LinkState(LinkStateView, LinkStateA);
    DEBUG_GET_REPLY = 7, "ETHTOOL_MSG_DEBUG_GET_REPLY", "debug-get-reply", Debug(DebugView, DebugA);
    DEBUG_NTF = 8, "ETHTOOL_MSG_DEBUG_NTF", "debug-ntf", DebugNtf(DebugView, DebugA);
    WOL_GET_REPLY = 9, "ETHTOOL_MSG_WOL_GET_REPLY", "wol-get-reply", Wol(WolView, WolA);
    WOL_NTF = 10, "ETHTOOL_MSG_WOL_NTF", "wol-ntf", WolNtf(WolView, WolA);
    FEATURES_GET_REPLY = 11, "ETHTOOL_MSG_FEATURES_GET_REPLY", "features-get-reply", Features(FeaturesView, FeaturesA);
    FEATURES_SET_REPLY = 12, "ETHTOOL_MSG_FEATURES_SET_REPLY", "features-set-reply", FeaturesSetReply(FeaturesView, FeaturesA);
    FEATURES_NTF = 13, "ETHTOOL_MSG_FEATURES_NTF", "features-ntf", FeaturesNtf(FeaturesView, FeaturesA);
    PRIVFLAGS_GET_REPLY = 14, "ETHTOOL_MSG_PRIVFLAGS_GET_REPLY", "privflags-get-reply", PrivFlags(PrivFlagsView, PrivFlagsA);
    PRIVFLAGS_NTF = 15, "ETHTOOL_MSG_PRIVFLAGS_NTF", "privflags-ntf", PrivFlagsNtf(PrivFlagsView, PrivFlagsA);
    RINGS_GET_REPLY = 16, "ETHTOOL_MSG_RINGS_GET_REPLY", "rings-get-reply", Rings(RingsView, RingsA);
    RINGS_NTF = 17, "ETHTOOL_MSG_RINGS_NTF", "rings-ntf", RingsNtf(RingsView, RingsA);
    CHANNELS_GET_REPLY = 18, "ETHTOOL_MSG_CHANNELS_GET_REPLY", "channels-get-reply", Channels(ChannelsView, ChannelsA);
    CHANNELS_NTF = 19, "ETHTOOL_MSG_CHANNELS_NTF", "channels-ntf", ChannelsNtf(ChannelsView, ChannelsA);
    COALESCE_GET_REPLY = 20, "ETHTOOL_MSG_COALESCE_GET_REPLY", "coalesce-get-reply", Coalesce(CoalesceView, CoalesceA);
    COALESCE_NTF = 21, "ETHTOOL_MSG_COALESCE_NTF", "coalesce-ntf", CoalesceNtf(CoalesceView, CoalesceA);
    PAUSE_GET_REPLY = 22, "ETHTOOL_MSG_PAUSE_GET_REPLY", "pause-get-reply", Pause(PauseView, PauseA);
    PAUSE_NTF = 23, "ETHTOOL_MSG_PAUSE_NTF", "pause-ntf", PauseNtf(PauseView, PauseA);
    EEE_GET_REPLY = 24, "ETHTOOL_MSG_EEE_GET_REPLY", "eee-get-reply", Eee(EeeView, EeeA);
    EEE_NTF = 25, "ETHTOOL_MSG_EEE_NTF", "eee-ntf", EeeNtf(EeeView, EeeA);
    TSINFO_GET_REPLY = 26, "ETHTOOL_MSG_TSINFO_GET_REPLY", "tsinfo-get-reply", TsInfo(TsInfoView, TsInfoA);
    STATS_GET_REPLY = 33, "ETHTOOL_MSG_STATS_GET_REPLY", "stats-get-reply", Stats(StatsView, StatsA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::AttrBuilder;
    use crate::genl::testing::{assert_exact, capture_ids, captured};
    use crate::message::Messages;

    fn messages(bytes: &[u8]) -> Vec<EthtoolMessage<'_>> {
        Messages::new(bytes)
            .map(Result::unwrap)
            .filter(|m| !m.message_type().is_control())
            .map(|m| EthtoolMessage::parse(m).unwrap())
            .collect()
    }

    #[test]
    fn bitsets_read_both_forms_and_write_back() {
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        Bitset::write_named(
            &mut b,
            3,
            &[("tx-checksum-ip-generic", true), ("rx-gro", false)],
            false,
        );
        Bitset::write_compact(&mut b, 4, 40, &[0b101, 1], Some(&[0b111, 1]));
        Bitset::write_compact(&mut b, 5, 8, &[0b10], None);
        b.finish().unwrap();
        let attrs: Vec<_> = Attrs::new(&buf).map(Result::unwrap).collect();
        let named = Bitset::new(attrs[0]);
        assert!(!named.is_compact().unwrap());
        assert_eq!(
            named.get_named("tx-checksum-ip-generic").unwrap(),
            Some(true)
        );
        assert_eq!(named.get_named("rx-gro").unwrap(), Some(false));
        let compact = Bitset::new(attrs[1]);
        let bits: Vec<_> = compact
            .bits()
            .map(|b| (b.unwrap().index, b.unwrap().value))
            .collect();
        assert_eq!(bits, [(0, true), (1, false), (2, true), (32, true)]);
        assert_eq!(compact.get(3).unwrap(), None);
        let list = Bitset::new(attrs[2]);
        assert!(list.is_list().unwrap());
        assert_eq!(list.get(1).unwrap(), Some(true));
        assert_eq!(list.get(2).unwrap(), Some(false));
        let mut w = Walker::new();
        for a in &attrs {
            Bitset::new(*a).check(&mut w);
        }
        assert_eq!(w.summary.typed_errors, 0);
    }

    #[test]
    fn captured_replies_decode_by_kind() {
        // testdata/genl_ethtool.bin (capture_genl.py): replies for veth0 and tap0.
        let bytes = captured("genl_ethtool.bin");
        let msgs = messages(&bytes);
        let mut seen = Vec::new();
        for m in &msgs {
            seen.push(m.cmd());
            match m {
                EthtoolMessage::LinkInfo(l) => {
                    assert_eq!(l.port().unwrap(), Some(Port::TP));
                    let h = HeaderView::from(l.header().unwrap().unwrap());
                    assert!(h.dev_name().unwrap().is_some());
                }
                EthtoolMessage::LinkModes(l) => {
                    assert_eq!(l.duplex().unwrap(), Some(Duplex::FULL));
                    assert_eq!(l.speed().unwrap(), Some(10000));
                }
                EthtoolMessage::Features(f) => {
                    let active = f.active().unwrap().unwrap();
                    assert!(active.bits().count() > 10);
                    assert!(active.bits().all(|b| b.unwrap().name.is_some()));
                }
                EthtoolMessage::Channels(c) => assert!(c.rx_max().unwrap().is_some()),
                _ => {}
            }
        }
        for want in [
            EthtoolReply::STRSET_GET_REPLY,
            EthtoolReply::LINKINFO_GET_REPLY,
            EthtoolReply::LINKMODES_GET_REPLY,
            EthtoolReply::LINKSTATE_GET_REPLY,
            EthtoolReply::FEATURES_GET_REPLY,
            EthtoolReply::CHANNELS_GET_REPLY,
            EthtoolReply::COALESCE_GET_REPLY,
            EthtoolReply::DEBUG_GET_REPLY,
            EthtoolReply::TSINFO_GET_REPLY,
            EthtoolReply::STATS_GET_REPLY,
        ] {
            assert!(seen.contains(&want), "{want:?} missing from {seen:?}");
        }
        let s = assert_exact(&bytes, &capture_ids(), 7);
        assert!(s.typed > 200, "{s:?}");
    }

    #[test]
    fn monitor_notifications_decode() {
        // testdata/genl_ethtool_monitor.bin: the group's notifications for `ethtool -K` and
        // `ethtool -L` run in the capture's namespace.
        let bytes = captured("genl_ethtool_monitor.bin");
        let msgs = messages(&bytes);
        assert!(
            msgs.iter()
                .any(|m| matches!(m, EthtoolMessage::FeaturesNtf(_))),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| matches!(m, EthtoolMessage::ChannelsNtf(_))),
            "{msgs:?}"
        );
        assert_exact(&bytes, &capture_ids(), 1);
    }
}
