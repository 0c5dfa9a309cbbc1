//! Bridge objects as `bridge` 6.1 prints them, text and `-j`, from one description each (see
//! [`crate::sink`]): `fdb` lines (`print_fdb`), `link` lines (`print_linkinfo`), the `mdb`
//! object (`mdb_show`), `vlan show` ports (`print_vlan_info`, `print_vlan_tunnel_info`,
//! `print_vlan_opts`, `print_vlan_global_opts`) and `vni show` devices (`print_vnifilter_rtm`).
//!
//! `bridge` pads some text columns (`%-16s`) that its JSON does not have: those are written as
//! text only next to a JSON-only value.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufWriter, StdoutLock, Write};
use std::net::IpAddr;

use netlink::netlink_wire::rtnl::link::{BridgeMode, BridgeVlanFlags, IfFlags};
use netlink::netlink_wire::rtnl::linkinfo::BridgePortState;
use netlink::netlink_wire::rtnl::mdb::{McastFilterMode, MdbFlags, MdbGroup, MdbRouterType};
use netlink::netlink_wire::rtnl::neigh::{NeighFlags, NeighState};
use netlink::netlink_wire::rtnl::stats::BridgeVlanXstats;
use netlink::{BridgePort, BridgeVlan, Mdb, Neighbour, Vnis};

use crate::error::Result;
use crate::names::LinkNames;
use crate::sink::{self, Fields, JsonSink, JsonState, Lit, Sink, Txt};

/// `bridge vlan show`'s header: `%-16s  %-9s` of `port` and `vlan-id`.
pub(crate) const VLAN_HEADER: &str = "port              vlan-id  \n";
/// `bridge vlan tunnelshow`'s header.
pub(crate) const TUNNEL_HEADER: &str = "port              vlan-id    tunnel-id\n";
/// `bridge vni show`'s header: `%-16s  %-15s  %-15s` of `dev`, `vni`, `group/remote`.
pub(crate) const VNI_HEADER: &str = "dev               vni              group/remote   \n";

/// `USER_HZ`: the unit of the kernel's `clock_t` ages and timers.
const USER_HZ: u32 = 100;

/// Standard output for a bridge command: a JSON array written an item at a time, or text
/// exactly as the items write it (their lines end themselves).
#[derive(Debug)]
pub(crate) struct BridgeOut {
    w: BufWriter<StdoutLock<'static>>,
    json: Option<JsonState>,
}

impl BridgeOut {
    /// Locks standard output; with `-json`, opens the array (in ip's layout with `pretty`).
    pub(crate) fn new(json: bool, pretty: bool) -> Result<Self> {
        let mut w = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        let json = if json {
            let mut s = JsonSink::resume(&mut w, JsonState::new(pretty));
            s.open_array("")?;
            Some(s.state())
        } else {
            None
        };
        Ok(BridgeOut { w, json })
    }

    /// Flushes what is written so far (the header before a dump that may fail).
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.w.flush()?;
        Ok(())
    }

    /// One item: a JSON object, or its text.
    pub(crate) fn item(&mut self, f: &impl Fields) -> Result<()> {
        match self.json {
            Some(st) => self.json = Some(sink::json_object(&mut self.w, f, st)?),
            None => sink::text(&mut self.w, f)?,
        }
        Ok(())
    }

    /// Text only (a header).
    pub(crate) fn text(&mut self, t: &str) -> Result<()> {
        if self.json.is_none() {
            self.w.write_all(t.as_bytes())?;
        }
        Ok(())
    }

    /// Closes the array and flushes.
    pub(crate) fn finish(mut self) -> Result<()> {
        if let Some(st) = self.json {
            JsonSink::resume(&mut self.w, st).close_array()?;
            self.w.write_all(b"\n")?;
        }
        self.w.flush()?;
        Ok(())
    }
}

/// A hardware address as `ll_addr_n2a` prints it.
struct Hw<'a>(&'a [u8]);

impl fmt::Display for Hw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A `%-16s` column (`IFNAMSIZ`) and the two spaces after it.
struct Col16<T>(T);

impl<T: fmt::Display> fmt::Display for Col16<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<16}  ", self.0.to_string())
    }
}

/// A JSON-only `true`/`false` and its text, `KEY on|off `, as `print_on_off` prints it.
fn on_off<S: Sink>(s: &mut S, key: &str, v: bool) -> io::Result<()> {
    s.number(key, None, v)?;
    s.text(format_args!("{key} {} ", if v { "on" } else { "off" }))
}

/// `state_n2a` of `bridge fdb`, for text (`state=0x..` when unknown) or JSON.
fn fdb_state(s: NeighState, json: bool) -> String {
    if s.contains(NeighState::PERMANENT) {
        "permanent".into()
    } else if s.contains(NeighState::NOARP) {
        "static".into()
    } else if s.contains(NeighState::STALE) {
        "stale".into()
    } else if s.contains(NeighState::REACHABLE) {
        String::new()
    } else {
        // C's `%#x`: no prefix for 0.
        let hex = if s.bits() == 0 {
            "0".to_owned()
        } else {
            format!("{:#x}", s.bits())
        };
        if json { hex } else { format!("state={hex}") }
    }
}

/// An FDB entry as `bridge fdb show` prints it; in text, one line.
#[derive(Debug)]
pub(crate) struct FdbLine<'a> {
    /// The entry.
    pub(crate) n: &'a Neighbour,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// No `dev`/`brport` filter: the device is printed.
    pub(crate) show_dev: bool,
    /// `-s`: ages.
    pub(crate) stats: bool,
}

/// The FDB flags `bridge` prints, in its order.
const FDB_FLAGS: [(NeighFlags, &str); 6] = [
    (NeighFlags::SELF, "self"),
    (NeighFlags::ROUTER, "router"),
    (NeighFlags::EXT_LEARNED, "extern_learn"),
    (NeighFlags::OFFLOADED, "offload"),
    (NeighFlags::MASTER, "master"),
    (NeighFlags::STICKY, "sticky"),
];

impl Fields for FdbLine<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let n = self.n;
        if let Some(ll) = &n.lladdr {
            s.string("mac", Some(Txt("", " ")), Hw(ll))?;
        }
        if self.show_dev && n.index != 0 {
            s.text("dev ")?;
            s.string("ifname", Some(Txt("", " ")), self.names.name(n.index))?;
        }
        if let Some(d) = n.destination {
            s.text("dst ")?;
            s.string("dst", Some(Txt("", " ")), d)?;
        }
        if let Some(v) = n.vlan.filter(|v| *v != 0) {
            s.number("vlan", Some(Txt("vlan ", " ")), v)?;
        }
        if let Some(p) = n.port {
            s.number("port", Some(Txt("port ", " ")), p)?;
        }
        if let Some(v) = n.vni {
            s.number("vni", Some(Txt("vni ", " ")), v)?;
        }
        if let Some(v) = n.src_vni {
            s.number("src_vni", Some(Txt("src_vni ", " ")), v)?;
        }
        if let Some(i) = n.remote_ifindex {
            if n.link_netnsid.is_some() {
                s.number("viaIfIndex", Some(Txt("via ifindex ", " ")), i)?;
            } else {
                s.string("viaIf", Some(Txt("via ", " ")), self.names.name(i))?;
            }
        }
        if let Some(id) = n.nh_id {
            s.number("nhid", Some(Txt("nhid ", " ")), id)?;
        }
        if let Some(id) = n.link_netnsid {
            // `print_uint` of the attribute's u32.
            s.number("linkNetNsId", None, u32::from_ne_bytes(id.to_ne_bytes()))?;
            s.text(format_args!("link-netnsid {id} "))?;
        }
        if self.stats
            && let Some(ci) = n.cache_info
        {
            s.number("used", None, ci.used / USER_HZ)?;
            s.number("updated", None, ci.updated / USER_HZ)?;
            s.text(format_args!(
                "used {}/{} ",
                ci.used / USER_HZ,
                ci.updated / USER_HZ
            ))?;
        }
        s.open_array("flags")?;
        for (f, name) in FDB_FLAGS {
            if n.flags.contains(f) {
                s.string("", Some(Txt("", " ")), name)?;
            }
        }
        s.close_array()?;
        if let Some(m) = n.master {
            s.string("master", Some(Txt("master ", " ")), self.names.name(m))?;
        }
        s.string("state", None, fdb_state(n.state, true))?;
        s.text(format_args!("{}\n", fdb_state(n.state, false)))
    }
}

/// The interface flags `bridge link` prints, in its order.
const LINK_FLAGS: [(u32, &str); 18] = [
    (0x8, "LOOPBACK"),
    (0x2, "BROADCAST"),
    (0x10, "POINTOPOINT"),
    (0x1000, "MULTICAST"),
    (0x80, "NOARP"),
    (0x200, "ALLMULTI"),
    (0x100, "PROMISC"),
    (0x400, "MASTER"),
    (0x800, "SLAVE"),
    (0x4, "DEBUG"),
    (0x8000, "DYNAMIC"),
    (0x4000, "AUTOMEDIA"),
    (0x2000, "PORTSEL"),
    (0x20, "NOTRAILERS"),
    (0x1, "UP"),
    (0x10000, "LOWER_UP"),
    (0x20000, "DORMANT"),
    (0x40000, "ECHO"),
];

/// `print_stp_state`.
fn stp_state<S: Sink>(s: &mut S, st: BridgePortState) -> io::Result<()> {
    match st.short_name() {
        Some(n) => s.string("state", Some(Txt("state ", " ")), n),
        None => s.number("state", Some(Txt("state (", ") ")), st.0),
    }
}

/// A bridge port as `bridge link show` prints it; in text, one line (two with `-d`).
#[derive(Debug)]
pub(crate) struct LinkLine<'a> {
    /// The port.
    pub(crate) p: &'a BridgePort,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// Interface flags, for `M-DOWN`.
    pub(crate) flags: &'a HashMap<u32, IfFlags>,
    /// `-d`.
    pub(crate) details: bool,
}

impl Fields for LinkLine<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let p = self.p;
        s.number("ifindex", Some(Txt("", ": ")), p.index)?;
        let mut mdown = false;
        let shown = match p.link {
            Some(0) => {
                s.literal("link", Lit::Null, "")?;
                format!("{}@NONE", p.name)
            }
            Some(l) if p.link_netnsid.is_some() => {
                s.number("link_index", None, l)?;
                format!("{}@if{l}", p.name)
            }
            Some(l) => {
                s.string("link", None, self.names.name(l))?;
                // ll_index_to_flags: -1, every flag, for a link bridge does not know.
                mdown = self.flags.get(&l).is_some_and(|f| !f.contains(IfFlags::UP));
                format!("{}@{}", p.name, self.names.name(l))
            }
            None => p.name.clone(),
        };
        s.string("ifname", None, &p.name)?;
        s.text(format_args!("{shown}: "))?;
        s.text("<")?;
        s.open_array("flags")?;
        let mut flags = p.flags.bits();
        if flags & 0x1 != 0 && flags & 0x40 == 0 {
            s.string("", Some(Txt("", ",")), "NO-CARRIER")?;
        }
        flags &= !0x40;
        for (bit, name) in LINK_FLAGS {
            if flags & bit != 0 {
                flags &= !bit;
                s.string("", Some(Txt("", if flags != 0 { "," } else { "" })), name)?;
            }
        }
        if flags != 0 {
            s.string("", Some(Txt("", "")), format_args!("{flags:x}"))?;
        }
        if mdown {
            s.string("", Some(Txt(",", "")), "M-DOWN")?;
        }
        s.close_array()?;
        s.text("> ")?;
        if let Some(m) = p.mtu {
            s.number("mtu", Some(Txt("mtu ", " ")), m)?;
        }
        if let Some(m) = p.master {
            s.string("master", Some(Txt("master ", " ")), self.names.name(m))?;
        }
        if let Some(st) = &p.settings {
            if let Some(state) = st.state {
                stp_state(s, state)?;
            }
            if let Some(v) = st.priority {
                s.number("priority", Some(Txt("priority ", " ")), v)?;
            }
            if let Some(v) = st.cost {
                s.number("cost", Some(Txt("cost ", " ")), v)?;
            }
            if self.details {
                s.text("\n    ")?;
                let flag_pairs = [
                    ("hairpin", st.hairpin),
                    ("guard", st.guard),
                    ("root_block", st.root_block),
                    ("fastleave", st.fast_leave),
                    ("learning", st.learning),
                    ("learning_sync", st.learning_sync),
                    ("flood", st.flood),
                    ("mcast_flood", st.mcast_flood),
                    ("bcast_flood", st.bcast_flood),
                ];
                for (k, v) in flag_pairs {
                    if let Some(v) = v {
                        on_off(s, k, v)?;
                    }
                }
                if let Some(v) = st.mcast_router {
                    s.number("mcast_router", Some(Txt("mcast_router ", " ")), v)?;
                }
                for (k, v) in [
                    ("mcast_to_unicast", st.mcast_to_unicast),
                    ("neigh_suppress", st.neigh_suppress),
                    ("vlan_tunnel", st.vlan_tunnel),
                ] {
                    if let Some(v) = v {
                        on_off(s, k, v)?;
                    }
                }
                if let Some(b) = st.backup_port {
                    s.string(
                        "backup_port",
                        Some(Txt("backup_port ", " ")),
                        self.names.name(b),
                    )?;
                }
                for (k, v) in [("isolated", st.isolated), ("locked", st.locked)] {
                    if let Some(v) = v {
                        on_off(s, k, v)?;
                    }
                }
            }
        } else if let Some(state) = p.legacy_state {
            stp_state(s, state)?;
        }
        if let Some(m) = p.hwmode {
            match m {
                BridgeMode::VEB => s.string("hwmode", Some(Txt("hwmode ", " ")), "VEB")?,
                BridgeMode::VEPA => s.string("hwmode", Some(Txt("hwmode ", " ")), "VEPA")?,
                m => s.string(
                    "hwmode",
                    Some(Txt("hwmode ", " ")),
                    format_args!("{:#x}", m.0),
                )?,
            }
        }
        s.text("\n")
    }
}

/// `format_timer`: hundredths of a second as `SEC.HH`, the seconds padded to 4 when aligned.
struct Timer(u32, bool);

impl fmt::Display for Timer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sec, hundredths) = (self.0 / 100, self.0 % 100);
        if self.1 {
            write!(f, "{sec:4}.{hundredths:02}")
        } else {
            write!(f, "{sec}.{hundredths:02}")
        }
    }
}

/// A multicast group as `bridge mdb` prints it.
struct Grp(MdbGroup);

impl fmt::Display for Grp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            MdbGroup::Ip(a) => a.fmt(f),
            MdbGroup::L2(m) => Hw(&m).fmt(f),
        }
    }
}

/// The MDB flags `bridge` prints, in its order.
const MDB_FLAGS: [(MdbFlags, &str); 4] = [
    (MdbFlags::OFFLOAD, "offload"),
    (MdbFlags::FAST_LEAVE, "fast_leave"),
    (MdbFlags::STAR_EXCL, "added_by_star_ex"),
    (MdbFlags::BLOCKED, "blocked"),
];

/// The whole `bridge mdb show`: one JSON object with `mdb` (the memberships) and `router`
/// (the router ports by bridge, with `-d`); in text, a line each.
#[derive(Debug)]
pub(crate) struct MdbAll<'a> {
    /// Every bridge's database, in dump order.
    pub(crate) all: &'a [Mdb],
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `vid VID` (0: all).
    pub(crate) vid: u16,
    /// `-d`.
    pub(crate) details: bool,
    /// `-s`.
    pub(crate) stats: bool,
}

impl MdbAll<'_> {
    /// The membership lines (`print_mdb_entries`).
    fn entries<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let names = self.names;
        for m in self.all {
            for e in &m.entries {
                if self.vid != 0 && e.vid != self.vid {
                    continue;
                }
                s.open_object("")?;
                s.number("index", None, m.index)?;
                s.string("dev", Some(Txt("dev ", "")), names.name(m.index))?;
                s.string("port", Some(Txt(" port ", "")), names.name(e.port))?;
                s.string("grp", Some(Txt(" grp ", "")), Grp(e.group))?;
                if let Some(src) = e.source {
                    s.string("src", Some(Txt(" src ", "")), src)?;
                }
                s.string(
                    "state",
                    Some(Txt(" ", "")),
                    if e.state.0 & 1 != 0 {
                        "permanent"
                    } else {
                        "temp"
                    },
                )?;
                if self.details {
                    if let Some(mode) = e.filter_mode {
                        let mode = if mode == McastFilterMode::INCLUDE {
                            "include"
                        } else {
                            "exclude"
                        };
                        s.string("filter_mode", Some(Txt(" filter_mode ", "")), mode)?;
                    }
                    if !e.sources.is_empty() || e.filter_mode.is_some() {
                        // `bridge` opens the list whenever the attribute is there; the
                        // kernel sends it with the filter mode.
                        s.text(" source_list")?;
                        s.open_array("source_list")?;
                        for (i, src) in e.sources.iter().enumerate() {
                            s.open_object("")?;
                            s.text(if i == 0 { " " } else { "," })?;
                            s.string("address", Some(Txt("", "")), src.address)?;
                            s.string("timer", Some(Txt("/", "")), Timer(src.timer, false))?;
                            s.close_object()?;
                        }
                        s.close_array()?;
                    }
                    if let Some(p) = e.protocol {
                        s.string("protocol", Some(Txt(" proto ", " ")), p)?;
                    }
                }
                s.open_array("flags")?;
                for (f, name) in MDB_FLAGS {
                    if e.flags.contains(f) {
                        s.string("", Some(Txt(" ", "")), name)?;
                    }
                }
                s.close_array()?;
                if e.vid != 0 {
                    s.number("vid", Some(Txt(" vid ", "")), e.vid)?;
                }
                if self.stats
                    && let Some(t) = e.timer
                {
                    s.string("timer", Some(Txt(" ", "")), Timer(t, true))?;
                }
                s.text("\n")?;
                s.close_object()?;
            }
        }
        Ok(())
    }
}

impl Fields for MdbAll<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let names = self.names;
        s.open_array("mdb")?;
        self.entries(s)?;
        s.close_array()?;
        s.open_object("router")?;
        if self.details {
            for m in self.all.iter().filter(|m| !m.router_ports.is_empty()) {
                let br = names.name(m.index).to_string();
                s.open_array(&br)?;
                if !self.stats {
                    s.text(format_args!("router ports on {br}: "))?;
                }
                for p in &m.router_ports {
                    s.open_object("")?;
                    s.string("port", None, names.name(p.port))?;
                    if self.stats {
                        s.text(format_args!("router ports on {br}: {}", names.name(p.port)))?;
                        if let Some(t) = p.timer {
                            s.string("timer", Some(Txt(" ", "")), Timer(t, true))?;
                        }
                        if let Some(t) = p.router_type {
                            let temp = t == MdbRouterType::TEMP_QUERY || t == MdbRouterType::TEMP;
                            s.string(
                                "type",
                                Some(Txt(" ", "")),
                                if temp { "temp" } else { "permanent" },
                            )?;
                        }
                        s.text("\n")?;
                    } else {
                        s.text(format_args!("{} ", names.name(p.port)))?;
                    }
                    s.close_object()?;
                }
                if !self.stats {
                    s.text("\n")?;
                }
                s.close_array()?;
            }
        }
        s.close_object()
    }
}

/// One multicast database notification as `bridge monitor` prints it: its memberships, then
/// its first router port as `router port dev PORT master BRIDGE`.
#[derive(Debug)]
pub(crate) struct MdbEvent<'a> {
    /// The notification.
    pub(crate) m: &'a Mdb,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `-d`.
    pub(crate) details: bool,
    /// `-s`.
    pub(crate) stats: bool,
}

impl Fields for MdbEvent<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        MdbAll {
            all: core::slice::from_ref(self.m),
            names: self.names,
            vid: 0,
            details: self.details,
            stats: self.stats,
        }
        .entries(s)?;
        if let Some(p) = self.m.router_ports.first() {
            s.text(format_args!(
                "router port dev {} master {}\n",
                self.names.name(p.port),
                self.names.name(self.m.index)
            ))?;
        }
        Ok(())
    }
}

/// `filter_vlan_check`: -1 stop, 0 skip, 1 print.
fn vlan_check(filter: u16, vid: u16, flags: BridgeVlanFlags) -> i8 {
    if filter != 0 && vid > filter && !flags.contains(BridgeVlanFlags::RANGE_END) {
        return -1;
    }
    if flags.contains(BridgeVlanFlags::RANGE_BEGIN) || vid < filter {
        return 0;
    }
    1
}

/// `print_range` of `vlan.c`: `START[-END]` with keys `NAME` and `NAMEEnd`; returns how many
/// characters the text took.
fn range<S: Sink>(s: &mut S, keys: [&str; 2], start: u32, end: u32) -> io::Result<usize> {
    s.number(keys[0], Some(Txt("", "")), start)?;
    let mut width = start.to_string().len();
    if start != end {
        s.number(keys[1], Some(Txt("-", "")), end)?;
        width = width
            .saturating_add(1)
            .saturating_add(end.to_string().len());
    }
    Ok(width)
}

/// `print_vlan_flags`.
fn vlan_flags<S: Sink>(s: &mut S, flags: BridgeVlanFlags) -> io::Result<()> {
    if flags.is_empty() {
        return Ok(());
    }
    s.open_array("flags")?;
    if flags.contains(BridgeVlanFlags::PVID) {
        s.string("", Some(Txt(" ", "")), "PVID")?;
    }
    if flags.contains(BridgeVlanFlags::UNTAGGED) {
        s.string("", Some(Txt(" ", "")), "Egress Untagged")?;
    }
    s.close_array()
}

/// A port's VLANs (or VLAN-to-tunnel mappings) as `bridge vlan show` (`tunnelshow`) prints
/// them from the link dump.
#[derive(Debug)]
pub(crate) struct VlanPort<'a> {
    /// The port.
    pub(crate) p: &'a BridgePort,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `vid VID` (0: all).
    pub(crate) vid: u16,
    /// `tunnelshow`.
    pub(crate) tunnel: bool,
}

/// A row of `bridge vlan show`: first and last VLAN, flags, first and last tunnel id.
type VlanRow = (u16, u16, BridgeVlanFlags, Option<(u32, u32)>);

impl VlanPort<'_> {
    /// The rows to print.
    fn rows(&self) -> Vec<VlanRow> {
        let mut out = Vec::new();
        let (mut start, mut tun_start) = (0u16, 0u32);
        if self.tunnel {
            for t in &self.p.vlan_tunnels {
                if !t.flags.contains(BridgeVlanFlags::RANGE_END) {
                    start = t.vid;
                    tun_start = t.tunnel_id;
                }
                match vlan_check(self.vid, t.vid, t.flags) {
                    -1 => break,
                    0 => continue,
                    _ => out.push((start, t.vid, t.flags, Some((tun_start, t.tunnel_id)))),
                }
            }
        } else {
            for v in &self.p.vlans {
                if !v.flags.contains(BridgeVlanFlags::RANGE_END) {
                    start = v.vid;
                }
                match vlan_check(self.vid, v.vid, v.flags) {
                    -1 => break,
                    0 => continue,
                    _ => out.push((start, v.vid, v.flags, None)),
                }
            }
        }
        out
    }

    /// Whether `bridge` prints nothing for the port.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows().is_empty()
    }
}

impl Fields for VlanPort<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let name = self.names.name(self.p.index);
        s.string("ifname", None, name)?;
        s.text(Col16(name))?;
        s.open_array(if self.tunnel { "tunnels" } else { "vlans" })?;
        for (i, (start, end, flags, tun)) in self.rows().into_iter().enumerate() {
            if i > 0 {
                s.text(Col16(""))?;
            }
            s.open_object("")?;
            let width = range(s, ["vlan", "vlanEnd"], start.into(), end.into())?;
            match tun {
                Some((a, b)) => {
                    s.text(format_args!(
                        "{:w$}  ",
                        "",
                        w = 9usize.saturating_sub(width)
                    ))?;
                    range(s, ["tunid", "tunidEnd"], a, b)?;
                }
                None => vlan_flags(s, flags)?,
            }
            s.close_object()?;
            s.text("\n")?;
        }
        s.close_array()
    }
}

/// `bridge_print_vlan_stats_only`: a VLAN's received and sent bytes and packets, two lines.
fn vlan_counters<S: Sink>(s: &mut S, [rb, rp, tb, tp]: [u64; 4]) -> io::Result<()> {
    s.text(format_args!("{:<16}    ", ""))?;
    s.number("rx_bytes", Some(Txt("RX: ", " bytes")), rb)?;
    s.number("rx_packets", Some(Txt(" ", " packets\n")), rp)?;
    s.text(format_args!("{:<16}    ", ""))?;
    s.number("tx_bytes", Some(Txt("TX: ", " bytes")), tb)?;
    s.number("tx_packets", Some(Txt(" ", " packets\n")), tp)
}

/// `bridge -s vlan show`'s header (`%-16s  vlan-id`, without the column's padding).
pub(crate) const VLAN_STATS_HEADER: &str = "port              vlan-id\n";

/// A link's per-VLAN counters as `bridge -s vlan show` prints them from a statistics dump
/// (`BRIDGE_XSTATS_VLAN`): the VLANs `vid` selects, without the bridge's entries for VLANs it
/// only carries for its ports (those come with the ports).
#[derive(Debug)]
pub(crate) struct VlanStatsPort<'a> {
    /// The link.
    pub(crate) index: u32,
    /// Its VLANs' counters, in the kernel's order.
    pub(crate) vlans: &'a [BridgeVlanXstats],
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `vid VID` (0: all).
    pub(crate) vid: u16,
}

impl VlanStatsPort<'_> {
    /// The VLANs printed.
    fn rows(&self) -> impl Iterator<Item = &BridgeVlanXstats> {
        self.vlans.iter().filter(|v| {
            let flags = BridgeVlanFlags(v.flags.get());
            // A bridge's entry for a VLAN only its ports carry comes with the ports.
            let port_only = flags.contains(BridgeVlanFlags::MASTER)
                && !flags.contains(BridgeVlanFlags::BRENTRY);
            (self.vid == 0 || self.vid == v.vid.get()) && !port_only
        })
    }

    /// Whether `bridge` prints nothing for the link.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows().next().is_none()
    }
}

impl Fields for VlanStatsPort<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let name = self.names.name(self.index);
        s.string("ifname", None, name)?;
        s.text(Col16(name))?;
        s.open_array("vlans")?;
        for (i, v) in self.rows().enumerate() {
            if i > 0 {
                s.text(Col16(""))?;
            }
            s.open_object("")?;
            s.number("vid", Some(Txt("", "")), v.vid.get())?;
            vlan_flags(s, BridgeVlanFlags(v.flags.get()))?;
            s.text("\n")?;
            vlan_counters(
                s,
                [
                    v.rx_bytes.get(),
                    v.rx_packets.get(),
                    v.tx_bytes.get(),
                    v.tx_packets.get(),
                ],
            )?;
            s.close_object()?;
        }
        s.close_array()
    }
}

/// A port's VLANs, or a bridge's global VLAN options, as `bridge -d vlan show` and `bridge
/// vlan global show` print them from `RTM_NEWVLAN`.
#[derive(Debug)]
pub(crate) struct VlanRtmPort<'a> {
    /// The message.
    pub(crate) v: &'a BridgeVlan,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
    /// `vid VID` (0: all).
    pub(crate) vid: u16,
    /// `global`: the global options only.
    pub(crate) global: bool,
    /// `-s`.
    pub(crate) stats: bool,
}

impl Fields for VlanRtmPort<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let name = self.names.name(self.v.index);
        let inside = |vid: u16, first: u16, last: u16| vid == 0 || (first <= vid && vid <= last);
        s.string("ifname", None, name)?;
        s.text(Col16(name))?;
        s.open_array("vlans")?;
        let mut first = true;
        let mut lead = |s: &mut S| -> io::Result<()> {
            s.open_object("")?;
            if !first {
                s.text(Col16(""))?;
            }
            first = false;
            Ok(())
        };
        if !self.global {
            for e in &self.v.entries {
                if !inside(self.vid, e.vid, e.vid_end) {
                    continue;
                }
                lead(s)?;
                range(s, ["vlan", "vlanEnd"], e.vid.into(), e.vid_end.into())?;
                vlan_flags(s, e.flags)?;
                s.text(format_args!("\n{:<16}    ", ""))?;
                stp_state(s, e.state.unwrap_or(BridgePortState::DISABLED))?;
                if let Some(r) = e.mcast_router {
                    s.number("mcast_router", Some(Txt("mcast_router ", " ")), r.0)?;
                }
                s.text("\n")?;
                if self.stats {
                    let c = e.stats.unwrap_or_default();
                    vlan_counters(s, [c.rx_bytes, c.rx_packets, c.tx_bytes, c.tx_packets])?;
                }
                s.close_object()?;
            }
        }
        for g in &self.v.globals {
            if !inside(self.vid, g.vid, g.vid_end) {
                continue;
            }
            lead(s)?;
            range(s, ["vlan", "vlanEnd"], g.vid.into(), g.vid_end.into())?;
            s.text(format_args!("\n{:<16}    ", ""))?;
            let o = &g.settings;
            let small = [
                ("mcast_snooping", o.mcast_snooping),
                ("mcast_querier", o.mcast_querier),
                ("mcast_igmp_version", o.mcast_igmp_version),
                ("mcast_mld_version", o.mcast_mld_version),
            ];
            for (k, v) in small {
                if let Some(v) = v {
                    s.number(k, None, v)?;
                    s.text(format_args!("{k} {v} "))?;
                }
            }
            let counts = [
                ("mcast_last_member_count", o.mcast_last_member_count),
                ("mcast_startup_query_count", o.mcast_startup_query_count),
            ];
            let intervals = [
                ("mcast_last_member_interval", o.mcast_last_member_interval),
                (
                    "mcast_startup_query_interval",
                    o.mcast_startup_query_interval,
                ),
                ("mcast_membership_interval", o.mcast_membership_interval),
                ("mcast_querier_interval", o.mcast_querier_interval),
                ("mcast_query_interval", o.mcast_query_interval),
                (
                    "mcast_query_response_interval",
                    o.mcast_query_response_interval,
                ),
            ];
            if let Some(v) = counts[0].1 {
                s.number(counts[0].0, None, v)?;
                s.text(format_args!("{} {v} ", counts[0].0))?;
            }
            if let Some(v) = intervals[0].1 {
                s.number(intervals[0].0, None, v)?;
                s.text(format_args!("{} {v} ", intervals[0].0))?;
            }
            if let Some(v) = counts[1].1 {
                s.number(counts[1].0, None, v)?;
                s.text(format_args!("{} {v} ", counts[1].0))?;
            }
            for (k, v) in intervals.iter().skip(1) {
                if let Some(v) = v {
                    s.number(k, None, v)?;
                    s.text(format_args!("{k} {v} "))?;
                }
            }
            s.text("\n")?;
            if !g.router_ports.is_empty() {
                s.text(format_args!("{:<16}    ", ""))?;
                s.text("router ports: ")?;
                s.open_array("router_ports")?;
                for p in &g.router_ports {
                    s.open_object("")?;
                    s.string("port", Some(Txt("", " ")), self.names.name(p.port))?;
                    s.close_object()?;
                }
                s.close_array()?;
                s.text("\n")?;
            }
            s.close_object()?;
        }
        s.close_array()
    }
}

/// A VXLAN device's VNIs as `bridge vni show` prints them.
#[derive(Debug)]
pub(crate) struct VniPort<'a> {
    /// The message.
    pub(crate) v: &'a Vnis,
    /// Interface names.
    pub(crate) names: &'a LinkNames,
}

/// A group or remote: `group` when multicast.
fn vni_group<S: Sink>(s: &mut S, g: IpAddr) -> io::Result<()> {
    if g.is_unspecified() {
        return Ok(());
    }
    let key = if g.is_multicast() { "group" } else { "remote" };
    s.string(key, Some(Txt(" ", "")), g)
}

impl Fields for VniPort<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let name = self.names.name(self.v.index);
        s.string("ifname", None, name)?;
        s.text(Col16(name))?;
        s.open_array("vnis")?;
        for (i, e) in self.v.entries.iter().enumerate() {
            s.open_object("")?;
            if i > 0 {
                s.text(Col16(""))?;
            }
            match e.end.filter(|v| *v != 0) {
                Some(end) => {
                    s.number("vni", Some(Txt(" ", "")), e.start)?;
                    if e.start != end {
                        s.number("vniEnd", None, end)?;
                        s.text(format_args!("-{end:<14} "))?;
                    }
                }
                None => {
                    s.number("vni", None, e.start)?;
                    s.text(format_args!(" {:<14}", e.start))?;
                }
            }
            if let Some(g) = e.group {
                vni_group(s, g)?;
            }
            if let Some(c) = &e.stats {
                s.open_object("stats")?;
                s.text(format_args!("\n{:<16}   RX: ", ""))?;
                for (k, t, v) in [
                    ("rx_bytes", "bytes ", c.rx_bytes),
                    ("rx_pkts", "pkts ", c.rx_pkts),
                    ("rx_drops", "drops ", c.rx_drops),
                    ("rx_errors", "errors ", c.rx_errors),
                ] {
                    if let Some(v) = v {
                        s.number(k, Some(Txt(t, " ")), v)?;
                    }
                }
                s.text(format_args!("\n{:<16}   TX: ", ""))?;
                for (k, t, v) in [
                    ("tx_bytes", "bytes ", c.tx_bytes),
                    ("tx_pkts", "pkts ", c.tx_pkts),
                    ("tx_drops", "drops ", c.tx_drops),
                    ("tx_errors", "errors ", c.tx_errors),
                ] {
                    if let Some(v) = v {
                        s.number(k, Some(Txt(t, " ")), v)?;
                    }
                }
                s.close_object()?;
            }
            s.close_object()?;
            s.text("\n")?;
        }
        s.close_array()?;
        s.text("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink::ops::bridge_port::PortVlan;

    fn text(f: &impl Fields) -> String {
        let mut v = Vec::new();
        sink::text(&mut v, f).unwrap();
        String::from_utf8(v).unwrap()
    }

    fn json(f: &impl Fields) -> String {
        let mut v = Vec::new();
        sink::json_object(&mut v, f, JsonState::new(false)).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn timers_and_states_print_as_bridge_prints_them() {
        assert_eq!(Timer(25988, true).to_string(), " 259.88");
        assert_eq!(Timer(5, false).to_string(), "0.05");
        assert_eq!(
            fdb_state(NeighState::NOARP | NeighState::PERMANENT, false),
            "permanent"
        );
        assert_eq!(
            fdb_state(NeighState::NOARP | NeighState::REACHABLE, false),
            "static"
        );
        assert_eq!(fdb_state(NeighState::REACHABLE, true), "");
        assert_eq!(fdb_state(NeighState::NONE, false), "state=0");
        assert_eq!(fdb_state(NeighState::DELAY, true), "0x8");
    }

    #[test]
    fn vlan_ports_print_ranges_and_flags_as_print_vlan_info_does() {
        // A port with VLAN 1 (PVID, untagged) and 10-20 as a range, as the kernel reports
        // them with RTEXT_FILTER_BRVLAN_COMPRESSED (the text and JSON of bridge 6.1's
        // print_vlan_info, worked out from its source: this kernel has no VLAN filtering).
        let mut names = LinkNames::default();
        names.insert(2, "v1");
        let mut p: BridgePort = port();
        p.index = 2;
        p.vlans = vec![
            vlan(1, BridgeVlanFlags::PVID | BridgeVlanFlags::UNTAGGED),
            vlan(10, BridgeVlanFlags::RANGE_BEGIN),
            vlan(20, BridgeVlanFlags::RANGE_END),
        ];
        let f = VlanPort {
            p: &p,
            names: &names,
            vid: 0,
            tunnel: false,
        };
        assert_eq!(
            text(&f),
            "v1                1 PVID Egress Untagged\n                  10-20\n"
        );
        assert_eq!(
            json(&f),
            r#"{"ifname":"v1","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"]},{"vlan":10,"vlanEnd":20,"flags":[]}]}"#
        );
        let only = VlanPort { vid: 15, ..f };
        assert_eq!(text(&only), "v1                10-20\n");
    }

    #[test]
    fn vlan_stats_print_as_print_vlan_stats_attr_does() {
        // BRIDGE_XSTATS_VLAN of v1 (2): VLAN 10 (PVID, untagged), VLAN 20, and the bridge's
        // own entry for VLAN 30 that only its ports carry (MASTER without BRENTRY: skipped).
        // The text and JSON of bridge 6.1's print_vlan_stats_attr, worked out from its source
        // (this kernel has no VLAN filtering, so no VLAN counters to compare live).
        let mut names = LinkNames::default();
        names.insert(2, "v1");
        let x = |vid: u16, flags: BridgeVlanFlags, base: u64| {
            let mut v = BridgeVlanXstats::default();
            v.vid.set(vid);
            v.flags.set(flags.0);
            v.rx_bytes.set(base);
            v.rx_packets.set(base + 1);
            v.tx_bytes.set(base + 2);
            v.tx_packets.set(base + 3);
            v
        };
        let vlans = [
            x(10, BridgeVlanFlags::PVID | BridgeVlanFlags::UNTAGGED, 100),
            x(20, BridgeVlanFlags::EMPTY, 7),
            x(30, BridgeVlanFlags::MASTER, 1),
        ];
        let f = VlanStatsPort {
            index: 2,
            vlans: &vlans,
            names: &names,
            vid: 0,
        };
        let pad = " ".repeat(20);
        assert_eq!(
            text(&f),
            format!(
                "v1                10 PVID Egress Untagged\n{pad}RX: 100 bytes 101 packets\n\
                 {pad}TX: 102 bytes 103 packets\n                  20\n\
                 {pad}RX: 7 bytes 8 packets\n{pad}TX: 9 bytes 10 packets\n"
            )
        );
        assert_eq!(
            json(&f),
            r#"{"ifname":"v1","vlans":[{"vid":10,"flags":["PVID","Egress Untagged"],"rx_bytes":100,"rx_packets":101,"tx_bytes":102,"tx_packets":103},{"vid":20,"rx_bytes":7,"rx_packets":8,"tx_bytes":9,"tx_packets":10}]}"#
        );
        assert!(VlanStatsPort { vid: 30, ..f }.is_empty());
    }

    #[test]
    fn vlan_entries_print_as_print_vlan_opts_does() {
        // RTM_NEWVLAN for v1 (2): VLAN 10, PVID and untagged, forwarding, mcast_router 1;
        // VLANs 20-30 blocking. The text and JSON of bridge 6.1's print_vlan_opts, worked
        // out from its source (this kernel answers RTM_GETVLAN with EOPNOTSUPP).
        use netlink::netlink_wire::attr::NLA_F_NESTED;
        use netlink::netlink_wire::rtnl::bridge_vlan::{
            BrVlanMsg, BridgeVlanMsg, BridgeVlandb, BridgeVlandbEntry,
        };
        use netlink::netlink_wire::rtnl::{AddressFamily, RTM_NEWVLAN};
        use netlink::netlink_wire::{AttrWrite, Flags, Msg};
        let mut buf = Vec::new();
        let hdr = BrVlanMsg::new(AddressFamily::BRIDGE, 2);
        let mut b = BridgeVlanMsg::builder(&mut buf, RTM_NEWVLAN, Flags::EMPTY, &hdr).unwrap();
        for (vid, flags, end, state) in [(10u16, 6u16, None, 3u8), (20, 0, Some(30u16), 4)] {
            let mut e = b.nest(BridgeVlandb::ENTRY.0 | NLA_F_NESTED);
            let mut info = flags.to_ne_bytes().to_vec();
            info.extend_from_slice(&vid.to_ne_bytes());
            e.put(BridgeVlandbEntry::INFO, &info);
            if let Some(end) = end {
                e.put_u16(BridgeVlandbEntry::RANGE, end);
            }
            e.put_u8(BridgeVlandbEntry::STATE, state);
            if end.is_none() {
                e.put_u8(BridgeVlandbEntry::MCAST_ROUTER, 1);
            }
        }
        b.finish().unwrap();
        let v = BridgeVlan::from_msg(&BridgeVlanMsg::parse(Msg::parse(&buf).unwrap()).unwrap())
            .unwrap();
        let mut names = LinkNames::default();
        names.insert(2, "v1");
        let f = VlanRtmPort {
            v: &v,
            names: &names,
            vid: 0,
            global: false,
            stats: false,
        };
        let pad = " ".repeat(20);
        assert_eq!(
            text(&f),
            format!(
                "v1                10 PVID Egress Untagged\n{pad}state forwarding mcast_router 1 \n\
                 {:18}20-30\n{pad}state blocking \n",
                ""
            )
        );
        assert_eq!(
            json(&f),
            r#"{"ifname":"v1","vlans":[{"vlan":10,"flags":["PVID","Egress Untagged"],"state":"forwarding","mcast_router":1},{"vlan":20,"vlanEnd":30,"state":"blocking"}]}"#
        );
    }

    fn vlan(vid: u16, flags: BridgeVlanFlags) -> PortVlan {
        let mut v: PortVlan = bogus_vlan();
        v.vid = vid;
        v.flags = flags;
        v
    }

    /// A `PortVlan` (non-exhaustive, so built from a decoded port).
    fn bogus_vlan() -> PortVlan {
        port_with_vlan().vlans[0]
    }

    fn port() -> BridgePort {
        port_with_vlan()
    }

    /// A bridge port decoded from an AF_BRIDGE link message with one VLAN.
    fn port_with_vlan() -> BridgePort {
        use netlink::netlink_wire::rtnl::AddressFamily;
        use netlink::netlink_wire::rtnl::RTM_NEWLINK;
        use netlink::netlink_wire::rtnl::link::{IfInfoMsg, Ifla, IflaBridge, LinkMsg};
        use netlink::netlink_wire::{AttrWrite, Flags, Msg};
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, 2);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        b.put_str(Ifla::IFNAME, "v1");
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            af.put(IflaBridge::VLAN_INFO, &[0, 0, 1, 0]);
        }
        b.finish().unwrap();
        BridgePort::from_msg(&LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap()).unwrap()
    }
}
