//! `stats show [ dev DEV ] [ group G [ subgroup S [ suite U ] ] ] ...` and
//! `stats set dev DEV l3_stats on|off`: link statistics by group, as `ip stats` prints them.
//!
//! `ip` describes its statistics as a tree (group, subgroup, suite) whose leaves it prints in
//! a fixed order, the order of its descriptors in memory; [`LEAVES`] lists them in that order,
//! as `ip` 6.1 prints them.

use std::fmt::Display;
use std::io;

use netlink::netlink_wire::rtnl::stats::{
    BrMcastStats, BridgeStpXstats, MplsLinkStats, RtnlHwStats64, StatsMask,
};
use netlink::ops::link::LinkStats;
use netlink::ops::stats::{HwStatsUse, KindCounters, LacpCounters};
use netlink::{IfStats, StatsFilter, StatsSetRequest};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::{V, on_off};
use crate::names::LinkNames;
use crate::out::Out;
use crate::show::device;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// One leaf of `ip`'s statistics tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    AfMpls,
    Link,
    OffloadL3,
    OffloadHwInfo,
    OffloadCpuHit,
    SlaveBondLacp,
    BondLacp,
    SlaveBridgeMcast,
    SlaveBridgeStp,
    BridgeMcast,
    BridgeStp,
}

/// The bits of `IFLA_STATS_LINK_OFFLOAD_XSTATS` members (`1 << (n - 1)`).
const CPU_HIT: u32 = 1;
const HW_S_INFO: u32 = 2;
const L3_STATS: u32 = 4;

/// The leaves in the order `ip` 6.1 prints them, each with its path, its group and, for the
/// offload members, the bits of the group's filter it needs.
const LEAVES: [(Leaf, [&str; 3], StatsMask, u32); 11] = [
    (Leaf::AfMpls, ["afstats", "mpls", ""], StatsMask::AF_SPEC, 0),
    (Leaf::Link, ["link", "", ""], StatsMask::LINK_64, 0),
    (
        Leaf::OffloadL3,
        ["offload", "l3_stats", ""],
        StatsMask::LINK_OFFLOAD_XSTATS,
        L3_STATS | HW_S_INFO,
    ),
    (
        Leaf::OffloadHwInfo,
        ["offload", "hw_stats_info", ""],
        StatsMask::LINK_OFFLOAD_XSTATS,
        HW_S_INFO,
    ),
    (
        Leaf::OffloadCpuHit,
        ["offload", "cpu_hit", ""],
        StatsMask::LINK_OFFLOAD_XSTATS,
        CPU_HIT,
    ),
    (
        Leaf::SlaveBondLacp,
        ["xstats_slave", "bond", "802.3ad"],
        StatsMask::LINK_XSTATS_SLAVE,
        0,
    ),
    (
        Leaf::BondLacp,
        ["xstats", "bond", "802.3ad"],
        StatsMask::LINK_XSTATS,
        0,
    ),
    (
        Leaf::SlaveBridgeMcast,
        ["xstats_slave", "bridge", "mcast"],
        StatsMask::LINK_XSTATS_SLAVE,
        0,
    ),
    (
        Leaf::SlaveBridgeStp,
        ["xstats_slave", "bridge", "stp"],
        StatsMask::LINK_XSTATS_SLAVE,
        0,
    ),
    (
        Leaf::BridgeMcast,
        ["xstats", "bridge", "mcast"],
        StatsMask::LINK_XSTATS,
        0,
    ),
    (
        Leaf::BridgeStp,
        ["xstats", "bridge", "stp"],
        StatsMask::LINK_XSTATS,
        0,
    ),
];

/// The levels of a selection.
const LEVELS: [&str; 3] = ["group", "subgroup", "suite"];

/// A parsed `stats` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `show`: the device, and the leaves in `ip`'s order.
    Show {
        dev: Option<String>,
        leaves: Vec<usize>,
    },
    /// `set dev DEV l3_stats on|off`.
    Set { dev: String, on: bool },
}

impl Cmd {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Cmd::Show { .. })
    }
}

/// Adds the leaves under selection `sel` to `enabled`.
fn enable(sel: &[Option<String>; 3], enabled: &mut Vec<usize>) -> Result<()> {
    let given: Vec<&str> = sel.iter().map_while(|s| s.as_deref()).collect();
    // Walk down the tree to report a name that is not there as ip does.
    for depth in 0..given.len() {
        let parent = if depth == 0 {
            "top-level"
        } else {
            given[depth - 1]
        };
        let known = LEAVES.iter().any(|(_, p, _, _)| {
            p.iter().take(depth).zip(&given).all(|(a, b)| a == b) && p[depth] == given[depth]
        });
        if known {
            continue;
        }
        let leaf_above = depth > 0
            && LEAVES.iter().any(|(_, p, _, _)| {
                p.iter().take(depth).zip(&given).all(|(a, b)| a == b) && p[depth].is_empty()
            });
        return Err(CliError::usage(if leaf_above {
            format!(
                "Error: {} {} requested inside leaf {} {}",
                LEVELS[depth],
                given[depth],
                LEVELS[depth - 1],
                parent
            )
        } else {
            format!(
                "Error: no {} named {} found inside {parent}",
                LEVELS[depth], given[depth]
            )
        }));
    }
    for (i, (_, p, _, _)) in LEAVES.iter().enumerate() {
        if p.iter().zip(&given).all(|(a, b)| a == b) && !enabled.contains(&i) {
            enabled.push(i);
        }
    }
    enabled.sort_unstable();
    Ok(())
}

/// Reads the words after `show` or `set`.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Cmd> {
    if v == V::Set {
        let (mut dev, mut on) = (None, None);
        while let Some(word) = w.next() {
            match word {
                "dev" => dev = Some(w.value(word)?.to_owned()),
                "l3_stats" => {
                    if on.is_some() {
                        return Err(CliError::usage(
                            "A statistics suite to toggle was already given.",
                        ));
                    }
                    on = Some(match w.value(word)? {
                        "on" => true,
                        "off" => false,
                        x => {
                            return Err(CliError::usage(format!(
                                "Error: argument of \"l3_stats\" must be \"on\" or \"off\", not \"{x}\""
                            )));
                        }
                    });
                }
                _ => return Err(CliError::usage(format!("What is \"{word}\"?"))),
            }
        }
        let dev = dev.ok_or_else(|| {
            CliError::usage("Not enough information: \"dev\" argument is required.")
        })?;
        let on = on.ok_or_else(|| {
            CliError::usage("Not enough information: stat type to toggle is required.")
        })?;
        return Ok(Cmd::Set { dev, on });
    }
    let mut dev = None;
    let mut sel: [Option<String>; 3] = Default::default();
    let mut enabled = Vec::new();
    while let Some(word) = w.next() {
        if word == "dev" {
            let d = w.value(word)?;
            if dev.is_some() {
                return Err(crate::show::second_dev(w, d));
            }
            dev = Some(d.to_owned());
            continue;
        }
        let Some(level) = LEVELS.iter().position(|l| *l == word) else {
            return Err(CliError::usage(format!("What is \"{word}\"?")));
        };
        let value = w.value(word)?;
        if let Some(missing) = (0..level).find(|&i| sel[i].is_none()) {
            return Err(CliError::usage(format!(
                "Error: {word} {value} requested without selecting a {} first",
                LEVELS[missing]
            )));
        }
        if sel.iter().skip(level).any(Option::is_some) {
            enable(&sel, &mut enabled)?;
        }
        sel[level] = Some(value.to_owned());
        for s in sel.iter_mut().skip(level + 1) {
            *s = None;
        }
    }
    enable(&sel, &mut enabled)?;
    Ok(Cmd::Show {
        dev,
        leaves: enabled,
    })
}

/// The request for `leaves`: their groups, and the offload members when not all are asked.
fn filter(leaves: &[usize]) -> StatsFilter {
    let mut mask = StatsMask::EMPTY;
    let mut offload = 0;
    for &i in leaves {
        let (_, _, m, bits) = LEAVES[i];
        mask |= m;
        offload |= bits;
    }
    let mut f = StatsFilter::groups(mask);
    if offload != 0 && offload != CPU_HIT | HW_S_INFO | L3_STATS {
        f.offload = Some(offload);
    }
    f
}

/// The width of `v` in digits.
fn digits(v: u64) -> usize {
    v.checked_ilog10()
        .map_or(1, |d| usize::try_from(d).unwrap_or(19) + 1)
}

/// A table of counters as `ip` lays them out: a header row of right-aligned names over rows of
/// numbers, each column as wide as its name's slot or its widest number.
fn table<S: Sink>(
    s: &mut S,
    mut cols: Vec<usize>,
    rows: &[(&str, &[&str], Vec<u64>)],
    newline_after_last: bool,
) -> io::Result<()> {
    for (_, _, values) in rows {
        for (c, v) in cols.iter_mut().zip(values) {
            *c = (*c).max(digits(*v));
        }
    }
    for (n, (label, names, values)) in rows.iter().enumerate() {
        s.text(format_args!("    {label}:"))?;
        for (i, name) in names.iter().enumerate() {
            let width = if i == 0 { cols[0] - 4 } else { cols[i] };
            s.text(format_args!(" {name:>width$}"))?;
        }
        s.text("\n    ")?;
        for (c, v) in cols.iter().zip(values) {
            s.text(format_args!("{v:>c$} "))?;
        }
        if n + 1 < rows.len() || newline_after_last {
            s.text("\n")?;
        }
    }
    Ok(())
}

/// JSON members `KEY: VALUE`, in order.
fn json<S: Sink>(s: &mut S, object: &str, members: &[(&str, u64)]) -> io::Result<()> {
    s.open_object(object)?;
    for (k, v) in members {
        s.number(k, None, v)?;
    }
    s.close_object()
}

/// `rtnl_link_stats64` as `ip stats` prints it (`print_stats64` with one `-s`).
fn stats64<S: Sink>(s: &mut S, l: &LinkStats) -> io::Result<()> {
    s.open_object("stats64")?;
    let mut rx = vec![
        ("bytes", l.rx_bytes),
        ("packets", l.rx_packets),
        ("errors", l.rx_errors),
        ("dropped", l.rx_dropped),
        ("over_errors", l.rx_over_errors),
        ("multicast", l.multicast),
    ];
    let mut tx = vec![
        ("bytes", l.tx_bytes),
        ("packets", l.tx_packets),
        ("errors", l.tx_errors),
        ("dropped", l.tx_dropped),
        ("carrier_errors", l.tx_carrier_errors),
        ("collisions", l.collisions),
    ];
    if l.rx_compressed != 0 {
        rx.push(("compressed", l.rx_compressed));
    }
    if l.tx_compressed != 0 {
        tx.push(("compressed", l.tx_compressed));
    }
    json(s, "rx", &rx)?;
    json(s, "tx", &tx)?;
    s.close_object()?;
    let rc = if l.rx_compressed != 0 {
        "compressed"
    } else {
        ""
    };
    let tc = if l.tx_compressed != 0 {
        "compressed"
    } else {
        ""
    };
    let mut rxv = vec![
        l.rx_bytes,
        l.rx_packets,
        l.rx_errors,
        l.rx_dropped,
        l.rx_missed_errors,
        l.multicast,
    ];
    let mut txv = vec![
        l.tx_bytes,
        l.tx_packets,
        l.tx_errors,
        l.tx_dropped,
        l.tx_carrier_errors,
        l.collisions,
    ];
    // The compressed column is sized by both rows but printed only when not zero.
    let mut cols = vec![10, 7, 6, 7, 7, 7, 10];
    cols[6] = cols[6]
        .max(digits(l.rx_compressed))
        .max(digits(l.tx_compressed));
    if l.rx_compressed != 0 {
        rxv.push(l.rx_compressed);
    }
    if l.tx_compressed != 0 {
        txv.push(l.tx_compressed);
    }
    table(
        s,
        cols,
        &[
            (
                "RX",
                &[
                    "bytes", "packets", "errors", "dropped", "missed", "mcast", rc,
                ],
                rxv,
            ),
            (
                "TX",
                &[
                    "bytes", "packets", "errors", "dropped", "carrier", "collsns", tc,
                ],
                txv,
            ),
        ],
        false,
    )
}

/// Counters whose JSON and text agree, as `ip stats` prints them: an object `key` with `rx` and
/// `tx` members, and in text a table; each column is its JSON key, its text name and its
/// value.
fn counters<S: Sink>(
    s: &mut S,
    key: &str,
    widths: Vec<usize>,
    rx: &[(&str, &'static str, u64)],
    tx: &[(&str, &'static str, u64)],
) -> io::Result<()> {
    s.open_object(key)?;
    for (dir, cols) in [("rx", rx), ("tx", tx)] {
        let members: Vec<(&str, u64)> = cols.iter().map(|(k, _, v)| (*k, *v)).collect();
        json(s, dir, &members)?;
    }
    s.close_object()?;
    let names = |cols: &[(&str, &'static str, u64)]| -> Vec<&'static str> {
        cols.iter().map(|(_, n, _)| *n).collect()
    };
    let values = |cols: &[(&str, &str, u64)]| -> Vec<u64> { cols.iter().map(|c| c.2).collect() };
    let (rx_names, tx_names) = (names(rx), names(tx));
    table(
        s,
        widths,
        &[("RX", &rx_names, values(rx)), ("TX", &tx_names, values(tx))],
        false,
    )
}

/// `rtnl_hw_stats64` as `ip stats` prints it.
fn hw_stats64<S: Sink>(s: &mut S, h: &RtnlHwStats64) -> io::Result<()> {
    counters(
        s,
        "stats64",
        vec![9, 7, 6, 7, 7],
        &[
            ("bytes", "bytes", h.rx_bytes.get()),
            ("packets", "packets", h.rx_packets.get()),
            ("errors", "errors", h.rx_errors.get()),
            ("dropped", "dropped", h.rx_dropped.get()),
            ("multicast", "mcast", h.multicast.get()),
        ],
        &[
            ("bytes", "bytes", h.tx_bytes.get()),
            ("packets", "packets", h.tx_packets.get()),
            ("errors", "errors", h.tx_errors.get()),
            ("dropped", "dropped", h.tx_dropped.get()),
        ],
    )
}

/// `struct mpls_link_stats` as `ip stats` prints it.
fn mpls<S: Sink>(s: &mut S, m: &MplsLinkStats) -> io::Result<()> {
    counters(
        s,
        "mpls_stats",
        vec![9, 7, 6, 7, 7],
        &[
            ("bytes", "bytes", m.rx_bytes.get()),
            ("packets", "packets", m.rx_packets.get()),
            ("errors", "errors", m.rx_errors.get()),
            ("dropped", "dropped", m.rx_dropped.get()),
            ("noroute", "noroute", m.rx_noroute.get()),
        ],
        &[
            ("bytes", "bytes", m.tx_bytes.get()),
            ("packets", "packets", m.tx_packets.get()),
            ("errors", "errors", m.tx_errors.get()),
            ("dropped", "dropped", m.tx_dropped.get()),
        ],
    )
}

/// Twenty spaces: where `ip` starts the lines of extended statistics.
const PAD: &str = "                    ";

/// A bridge's IGMP and MLD counters as `ip stats` prints them.
fn mcast<S: Sink>(s: &mut S, m: &BrMcastStats) -> io::Result<()> {
    // Each counter is a pair: received, sent.
    macro_rules! p {
        ($f:ident) => {
            [m.$f[0].get(), m.$f[1].get()]
        };
    }
    let (q1, q2, q3) = (p!(igmp_v1queries), p!(igmp_v2queries), p!(igmp_v3queries));
    let (r1, r2, r3) = (p!(igmp_v1reports), p!(igmp_v2reports), p!(igmp_v3reports));
    let (lv, ml) = (p!(igmp_leaves), p!(mld_leaves));
    let (mq1, mq2) = (p!(mld_v1queries), p!(mld_v2queries));
    let (mr1, mr2) = (p!(mld_v1reports), p!(mld_v2reports));
    s.open_object("multicast")?;
    for (key, label, v) in [
        ("igmp_queries", "IGMP queries", [q1, q2, q3]),
        ("igmp_reports", "IGMP reports", [r1, r2, r3]),
    ] {
        json(
            s,
            key,
            &[
                ("rx_v1", v[0][0]),
                ("rx_v2", v[1][0]),
                ("rx_v3", v[2][0]),
                ("tx_v1", v[0][1]),
                ("tx_v2", v[1][1]),
                ("tx_v3", v[2][1]),
            ],
        )?;
        s.text(format_args!(
            "{PAD}{label}:\n{PAD}  RX: v1 {} v2 {} v3 {}\n{PAD}  TX: v1 {} v2 {} v3 {}\n",
            v[0][0], v[1][0], v[2][0], v[0][1], v[1][1], v[2][1]
        ))?;
    }
    json(s, "igmp_leaves", &[("rx", lv[0]), ("tx", lv[1])])?;
    s.text(format_args!(
        "{PAD}IGMP leaves: RX: {} TX: {}\n",
        lv[0], lv[1]
    ))?;
    s.number("igmp_parse_errors", None, m.igmp_parse_errors.get())?;
    s.text(format_args!(
        "{PAD}IGMP parse errors: {}\n",
        m.igmp_parse_errors.get()
    ))?;
    for (key, label, v) in [
        ("mld_queries", "MLD queries", [mq1, mq2]),
        ("mld_reports", "MLD reports", [mr1, mr2]),
    ] {
        json(
            s,
            key,
            &[
                ("rx_v1", v[0][0]),
                ("rx_v2", v[1][0]),
                ("tx_v1", v[0][1]),
                ("tx_v2", v[1][1]),
            ],
        )?;
        s.text(format_args!(
            "{PAD}{label}:\n{PAD}  RX: v1 {} v2 {}\n{PAD}  TX: v1 {} v2 {}\n",
            v[0][0], v[1][0], v[0][1], v[1][1]
        ))?;
    }
    json(s, "mld_leaves", &[("rx", ml[0]), ("tx", ml[1])])?;
    s.text(format_args!(
        "{PAD}MLD leaves: RX: {} TX: {}\n",
        ml[0], ml[1]
    ))?;
    s.number("mld_parse_errors", None, m.mld_parse_errors.get())?;
    s.text(format_args!(
        "{PAD}MLD parse errors: {}\n",
        m.mld_parse_errors.get()
    ))?;
    s.close_object()
}

/// A bridge port's STP counters as `ip stats` prints them.
fn stp<S: Sink>(s: &mut S, t: &BridgeStpXstats) -> io::Result<()> {
    json(
        s,
        "stp",
        &[
            ("rx_bpdu", t.rx_bpdu.get()),
            ("tx_bpdu", t.tx_bpdu.get()),
            ("rx_tcn", t.rx_tcn.get()),
            ("tx_tcn", t.tx_tcn.get()),
            ("transition_blk", t.transition_blk.get()),
            ("transition_fwd", t.transition_fwd.get()),
        ],
    )?;
    s.text(format_args!(
        "{PAD}STP BPDU:  RX: {} TX: {}\n{PAD}STP TCN:   RX: {} TX: {}\n{PAD}STP Transitions: Blocked: {} Forwarding: {}\n",
        t.rx_bpdu.get(),
        t.tx_bpdu.get(),
        t.rx_tcn.get(),
        t.tx_tcn.get(),
        t.transition_blk.get(),
        t.transition_fwd.get()
    ))
}

/// A bond's 802.3ad counters as `ip stats` prints them.
fn lacp<S: Sink>(s: &mut S, l: &LacpCounters) -> io::Result<()> {
    s.open_object("802.3ad")?;
    for (key, label, v) in [
        ("lacpdu_rx", "LACPDU Rx ", l.lacpdu_rx),
        ("lacpdu_tx", "LACPDU Tx ", l.lacpdu_tx),
        (
            "lacpdu_unknown_rx",
            "LACPDU Unknown type Rx ",
            l.lacpdu_unknown_rx,
        ),
        (
            "lacpdu_illegal_rx",
            "LACPDU Illegal Rx ",
            l.lacpdu_illegal_rx,
        ),
        ("marker_rx", "Marker Rx ", l.marker_rx),
        ("marker_tx", "Marker Tx ", l.marker_tx),
        (
            "marker_response_rx",
            "Marker response Rx ",
            l.marker_resp_rx,
        ),
        (
            "marker_response_tx",
            "Marker response Tx ",
            l.marker_resp_tx,
        ),
        (
            "marker_unknown_rx",
            "Marker unknown type Rx ",
            l.marker_unknown_rx,
        ),
    ] {
        s.text(PAD)?;
        s.number(key, Some(Txt(label, "\n")), v)?;
    }
    s.close_object()
}

/// Whether and how a hardware statistics state prints: `" on|off used on|off"`.
fn hw_use<S: Sink>(s: &mut S, u: &HwStatsUse) -> io::Result<()> {
    for (key, text, v) in [("request", " ", u.request), ("used", " used ", u.used)] {
        if let Some(v) = v.filter(|v| *v <= 1) {
            s.number(key, None, v == 1)?;
            s.text(format_args!("{text}{}", on_off(v == 1)))?;
        }
    }
    Ok(())
}

/// One leaf of one link's statistics.
struct LeafFields<'a> {
    st: &'a IfStats,
    name: &'a dyn Display,
    leaf: usize,
    /// A blank line follows (after a link's last leaf in a dump).
    blank: bool,
    /// The leaf's `group`/`subgroup` words follow the name (not in `ip monitor stats`).
    path: bool,
}

impl Fields for LeafFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let st = self.st;
        let (leaf, path, _, _) = LEAVES[self.leaf];
        s.number("ifindex", Some(Txt("", ":")), st.index)?;
        s.string("ifname", Some(Txt(" ", ":")), self.name)?;
        let path = path.iter().filter(|_| self.path);
        for (level, name) in LEVELS.iter().zip(path).filter(|(_, n)| !n.is_empty()) {
            s.string(level, None, name)?;
            s.text(format_args!(" {level} {name}"))?;
        }
        match leaf {
            Leaf::Link => {
                s.text("\n")?;
                if let Some(l) = &st.link64 {
                    stats64(s, l)?;
                }
            }
            Leaf::OffloadCpuHit => {
                s.text("\n")?;
                if let Some(l) = st.offload.as_ref().and_then(|o| o.cpu_hit.as_ref()) {
                    stats64(s, l)?;
                }
            }
            Leaf::OffloadHwInfo => {
                if let Some(o) = st.offload.as_ref().filter(|o| o.hw_s_info) {
                    s.text("\n")?;
                    s.open_object("info")?;
                    if let Some(u) = &o.l3_info {
                        s.text("    l3_stats")?;
                        s.open_object("l3_stats")?;
                        hw_use(s, u)?;
                        s.close_object()?;
                    }
                    s.close_object()?;
                }
            }
            Leaf::OffloadL3 => {
                if let Some(o) = st.offload.as_ref().filter(|o| o.hw_s_info) {
                    s.open_object("info")?;
                    if let Some(u) = &o.l3_info {
                        hw_use(s, u)?;
                    }
                    s.close_object()?;
                    if let Some(h) = &o.l3_stats {
                        s.text("\n")?;
                        hw_stats64(s, h)?;
                    }
                }
            }
            Leaf::AfMpls => {
                if let Some(m) = &st.mpls {
                    s.text("\n")?;
                    mpls(s, m)?;
                }
            }
            Leaf::BridgeMcast | Leaf::SlaveBridgeMcast | Leaf::BridgeStp | Leaf::SlaveBridgeStp => {
                let k: Option<&KindCounters> =
                    if matches!(leaf, Leaf::BridgeMcast | Leaf::BridgeStp) {
                        st.xstats.as_ref()
                    } else {
                        st.xstats_slave.as_ref()
                    };
                let b = k.and_then(|k| k.bridge.as_ref());
                if matches!(leaf, Leaf::BridgeMcast | Leaf::SlaveBridgeMcast) {
                    if let Some(m) = b.and_then(|b| b.mcast.as_ref()) {
                        s.text("\n")?;
                        mcast(s, m)?;
                    }
                } else if let Some(t) = b.and_then(|b| b.stp.as_ref()) {
                    s.text("\n")?;
                    stp(s, t)?;
                }
            }
            Leaf::BondLacp | Leaf::SlaveBondLacp => {
                let k = if leaf == Leaf::BondLacp {
                    st.xstats.as_ref()
                } else {
                    st.xstats_slave.as_ref()
                };
                if let Some(l) = k.and_then(|k| k.bond.as_ref()) {
                    s.text("\n")?;
                    lacp(s, l)?;
                }
            }
        }
        if self.blank {
            s.text("\n")?;
        }
        Ok(())
    }
}

/// A statistics notification as `ip monitor stats` prints it: the hardware statistics leaf
/// (`offload hw_stats_info`, the only one `ip` prints there, and the only one the kernel
/// announces), without its group words.
pub(crate) struct NoticeFields<'a> {
    /// The notification.
    pub(crate) st: &'a IfStats,
    /// The name of its link.
    pub(crate) name: &'a dyn Display,
}

impl Fields for NoticeFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        LeafFields {
            st: self.st,
            name: self.name,
            leaf: LEAVES
                .iter()
                .position(|l| l.0 == Leaf::OffloadHwInfo)
                .unwrap_or_default(),
            blank: false,
            path: false,
        }
        .fields(s)
    }
}

/// Prints one link's leaves.
fn print(
    out: &mut Out,
    st: &IfStats,
    names: &LinkNames,
    leaves: &[usize],
    dump: bool,
) -> Result<()> {
    let name = names.name(st.index);
    for (n, &leaf) in leaves.iter().enumerate() {
        out.item(&LeafFields {
            st,
            name: &name,
            leaf,
            blank: dump && n + 1 == leaves.len(),
            path: true,
        })?;
    }
    Ok(())
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    match c {
        Cmd::Set { dev, on } => {
            let index = device(&names, dev)?;
            ctx.conn
                .set_link_statistics(&StatsSetRequest::l3_stats(index, *on))?;
            Ok(())
        }
        Cmd::Show { dev, leaves } => {
            let mut f = filter(leaves);
            let mut out = Out::new(ctx)?;
            if let Some(d) = dev {
                f.index = Some(device(&names, d)?);
                if let Some(st) = ctx.conn.link_statistics_of(&f)? {
                    print(&mut out, &st, &names, leaves, false)?;
                }
            } else {
                for st in ctx.conn.link_statistics(f)? {
                    print(&mut out, &st, &names, leaves, true)?;
                }
            }
            out.finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(words: &[&str]) -> Result<Vec<usize>> {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let mut w = Words::new(&words);
        match parse(&mut w, V::Show)? {
            Cmd::Show { leaves, .. } => Ok(leaves),
            Cmd::Set { .. } => unreachable!(),
        }
    }

    #[test]
    fn selections_enable_leaves_as_ip_does() {
        assert_eq!(leaves(&[]).unwrap().len(), 11);
        assert_eq!(leaves(&["group", "link"]).unwrap(), [1]);
        assert_eq!(leaves(&["group", "offload"]).unwrap(), [2, 3, 4]);
        // Two selections, and the order is ip's whatever the order of the words.
        assert_eq!(
            leaves(&["group", "offload", "subgroup", "cpu_hit", "group", "link"]).unwrap(),
            [1, 4]
        );
        assert_eq!(
            leaves(&[
                "group", "xstats", "subgroup", "bridge", "suite", "stp", "suite", "mcast"
            ])
            .unwrap(),
            [9, 10]
        );
        let e = |w: &[&str]| leaves(w).unwrap_err().to_string();
        assert_eq!(
            e(&["group", "nope"]),
            "Error: no group named nope found inside top-level"
        );
        assert_eq!(
            e(&["group", "link", "subgroup", "x"]),
            "Error: subgroup x requested inside leaf group link"
        );
        assert_eq!(
            e(&["subgroup", "bridge"]),
            "Error: subgroup bridge requested without selecting a group first"
        );
        assert_eq!(e(&["bogus"]), "What is \"bogus\"?");
    }

    #[test]
    fn filters_are_what_ip_sends() {
        let f = filter(&leaves(&[]).unwrap());
        assert_eq!((f.mask, f.offload), (StatsMask::ALL, None));
        let f = filter(&leaves(&["group", "offload", "subgroup", "l3_stats"]).unwrap());
        assert_eq!(
            (f.mask, f.offload),
            (StatsMask::LINK_OFFLOAD_XSTATS, Some(6))
        );
    }

    #[test]
    fn digits_count() {
        assert_eq!(
            (digits(0), digits(9), digits(10), digits(u64::MAX)),
            (1, 1, 2, 20)
        );
    }
}
