//! What `ip -details` adds to a link: the kind's settings (`IFLA_INFO_DATA`) and a port's
//! (`IFLA_INFO_SLAVE_DATA`), as `ip` 6.1 prints them, from one table per kind.
//!
//! A table row names an attribute, its JSON key, the word `ip` writes before its value in
//! text, and how the value prints; the rows are in the order `ip`'s `print_opt` of the kind
//! prints them. Kinds `ip` prints nothing for (`veth`, `ifb`) and kinds `nlctl` has no table for
//! print their name alone.

use std::fmt;
use std::io;

use netlink::netlink_wire::attr::Attrs;
use netlink::netlink_wire::rtnl::link::LinkInfo;
use netlink::netlink_wire::rtnl::linkinfo::{IflaBr, IflaBrport, IflaMacvlan, IflaVxlan};

use crate::names::LinkNames;
use crate::sink::{Lit, Sink, Txt};

/// How one attribute of a kind's data prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// An unsigned number of the attribute's width: `word N `.
    Uint,
    /// 0 or 1: `word on|off ` in text, a boolean in JSON.
    OnOff,
    /// `on|off` in text only (JSON has the same value under another key already).
    OnOffText,
    /// C's `%#x`: `0` or `0x8`, a string in JSON.
    Hex,
    /// `0x%x` always, a string in JSON.
    HexAlways,
    /// `struct ifla_bridge_id`: priority bytes, then the address without leading zeros
    /// (`8000.2:0:0:0:0:10`).
    BridgeId,
    /// A timer in clock ticks (hundredths): `word    0.00 `, a number with two decimals in
    /// JSON.
    Timer,
    /// A link-layer address.
    Mac,
    /// A bridge port's spanning-tree state (`forwarding`).
    PortState,
    /// A bridge's VLAN protocol, big-endian (`802.1Q`).
    VlanProtocol,
    /// `IFLA_BR_MULTI_BOOLOPT`: the two bits `ip` 6.1 names.
    BoolOpt,
    /// A port's group forward mask, with its names after it (`group_fwd_mask_str`).
    FwdMask,
    /// An interface index, printed by name.
    Device,
}

/// One attribute of a kind's data.
#[derive(Debug, Clone, Copy)]
struct Field {
    attr: u16,
    /// The JSON key.
    key: &'static str,
    /// The text before the value, its trailing blank included (`"forward_delay "`).
    word: &'static str,
    form: Form,
}

/// A row: attribute, JSON key, text word (the key when left out), form.
macro_rules! fields {
    ($($attr:expr, $key:literal $(, $word:literal)? => $form:ident;)*) => {
        &[$(Field {
            attr: $attr.0,
            key: $key,
            word: concat!(fields!(@word $key $(, $word)?), " "),
            form: Form::$form,
        }),*]
    };
    (@word $key:literal) => { $key };
    (@word $key:literal, $word:literal) => { $word };
}

/// `bridge`, in the order of `ip` 6.1's `bridge_print_opt`.
const BRIDGE: &[Field] = fields![
    IflaBr::FORWARD_DELAY, "forward_delay" => Uint;
    IflaBr::HELLO_TIME, "hello_time" => Uint;
    IflaBr::MAX_AGE, "max_age" => Uint;
    IflaBr::AGEING_TIME, "ageing_time" => Uint;
    IflaBr::STP_STATE, "stp_state" => Uint;
    IflaBr::PRIORITY, "priority" => Uint;
    IflaBr::VLAN_FILTERING, "vlan_filtering" => Uint;
    IflaBr::VLAN_PROTOCOL, "vlan_protocol" => VlanProtocol;
    IflaBr::BRIDGE_ID, "bridge_id" => BridgeId;
    IflaBr::ROOT_ID, "root_id", "designated_root" => BridgeId;
    IflaBr::ROOT_PORT, "root_port" => Uint;
    IflaBr::ROOT_PATH_COST, "root_path_cost" => Uint;
    IflaBr::TOPOLOGY_CHANGE, "topology_change" => Uint;
    IflaBr::TOPOLOGY_CHANGE_DETECTED, "topology_change_detected" => Uint;
    IflaBr::HELLO_TIMER, "hello_timer" => Timer;
    IflaBr::TCN_TIMER, "tcn_timer" => Timer;
    IflaBr::TOPOLOGY_CHANGE_TIMER, "topology_change_timer" => Timer;
    IflaBr::GC_TIMER, "gc_timer" => Timer;
    IflaBr::VLAN_DEFAULT_PVID, "vlan_default_pvid" => Uint;
    IflaBr::VLAN_STATS_ENABLED, "vlan_stats_enabled" => Uint;
    IflaBr::VLAN_STATS_PER_PORT, "vlan_stats_per_port" => Uint;
    IflaBr::GROUP_FWD_MASK, "group_fwd_mask" => Hex;
    IflaBr::GROUP_ADDR, "group_addr", "group_address" => Mac;
    IflaBr::MCAST_SNOOPING, "mcast_snooping" => Uint;
    IflaBr::MULTI_BOOLOPT, "" => BoolOpt;
    IflaBr::MCAST_ROUTER, "mcast_router" => Uint;
    IflaBr::MCAST_QUERY_USE_IFADDR, "mcast_query_use_ifaddr" => Uint;
    IflaBr::MCAST_QUERIER, "mcast_querier" => Uint;
    IflaBr::MCAST_HASH_ELASTICITY, "mcast_hash_elasticity" => Uint;
    IflaBr::MCAST_HASH_MAX, "mcast_hash_max" => Uint;
    IflaBr::MCAST_LAST_MEMBER_CNT, "mcast_last_member_cnt", "mcast_last_member_count" => Uint;
    IflaBr::MCAST_STARTUP_QUERY_CNT, "mcast_startup_query_cnt", "mcast_startup_query_count" => Uint;
    IflaBr::MCAST_LAST_MEMBER_INTVL, "mcast_last_member_intvl", "mcast_last_member_interval" => Uint;
    IflaBr::MCAST_MEMBERSHIP_INTVL, "mcast_membership_intvl", "mcast_membership_interval" => Uint;
    IflaBr::MCAST_QUERIER_INTVL, "mcast_querier_intvl", "mcast_querier_interval" => Uint;
    IflaBr::MCAST_QUERY_INTVL, "mcast_query_intvl", "mcast_query_interval" => Uint;
    IflaBr::MCAST_QUERY_RESPONSE_INTVL, "mcast_query_response_intvl", "mcast_query_response_interval" => Uint;
    IflaBr::MCAST_STARTUP_QUERY_INTVL, "mcast_startup_query_intvl", "mcast_startup_query_interval" => Uint;
    IflaBr::MCAST_STATS_ENABLED, "mcast_stats_enabled" => Uint;
    IflaBr::MCAST_IGMP_VERSION, "mcast_igmp_version" => Uint;
    IflaBr::MCAST_MLD_VERSION, "mcast_mld_version" => Uint;
    IflaBr::NF_CALL_IPTABLES, "nf_call_iptables" => Uint;
    IflaBr::NF_CALL_IP6TABLES, "nf_call_ip6tables" => Uint;
    IflaBr::NF_CALL_ARPTABLES, "nf_call_arptables" => Uint;
];

/// `bridge_slave`, in the order of `ip` 6.1's `bridge_slave_print_opt`.
const BRIDGE_PORT: &[Field] = fields![
    IflaBrport::STATE, "state" => PortState;
    IflaBrport::PRIORITY, "priority" => Uint;
    IflaBrport::COST, "cost" => Uint;
    IflaBrport::MODE, "hairpin" => OnOff;
    IflaBrport::GUARD, "guard" => OnOff;
    IflaBrport::PROTECT, "root_block" => OnOff;
    IflaBrport::FAST_LEAVE, "fastleave" => OnOff;
    IflaBrport::LEARNING, "learning" => OnOff;
    IflaBrport::UNICAST_FLOOD, "flood" => OnOff;
    IflaBrport::ID, "id", "port_id" => HexAlways;
    IflaBrport::NO, "no", "port_no" => HexAlways;
    IflaBrport::DESIGNATED_PORT, "designated_port" => Uint;
    IflaBrport::DESIGNATED_COST, "designated_cost" => Uint;
    IflaBrport::BRIDGE_ID, "bridge_id", "designated_bridge" => BridgeId;
    IflaBrport::ROOT_ID, "root_id", "designated_root" => BridgeId;
    IflaBrport::HOLD_TIMER, "hold_timer" => Timer;
    IflaBrport::MESSAGE_AGE_TIMER, "message_age_timer" => Timer;
    IflaBrport::FORWARD_DELAY_TIMER, "forward_delay_timer" => Timer;
    IflaBrport::TOPOLOGY_CHANGE_ACK, "topology_change_ack" => Uint;
    IflaBrport::CONFIG_PENDING, "config_pending" => Uint;
    IflaBrport::PROXYARP, "proxy_arp" => OnOff;
    IflaBrport::PROXYARP_WIFI, "proxy_arp_wifi" => OnOff;
    IflaBrport::MULTICAST_ROUTER, "multicast_router", "mcast_router" => Uint;
    IflaBrport::FAST_LEAVE, "", "mcast_fast_leave" => OnOffText;
    IflaBrport::MCAST_FLOOD, "mcast_flood" => OnOff;
    IflaBrport::BCAST_FLOOD, "bcast_flood" => OnOff;
    IflaBrport::MCAST_TO_UCAST, "mcast_to_unicast" => OnOff;
    IflaBrport::NEIGH_SUPPRESS, "neigh_suppress" => OnOff;
    IflaBrport::GROUP_FWD_MASK, "group_fwd_mask" => FwdMask;
    IflaBrport::VLAN_TUNNEL, "vlan_tunnel" => OnOff;
    IflaBrport::ISOLATED, "isolated" => OnOff;
    IflaBrport::BACKUP_PORT, "backup_port" => Device;
    IflaBrport::LOCKED, "locked" => OnOff;
];

/// A bridge id as `ip` prints it: `%.2x%.2x.` then the address as `ether_ntoa` writes it.
struct BridgeIdText<'a>(&'a [u8]);

impl fmt::Display for BridgeIdText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut b = self.0.iter();
        for p in b.by_ref().take(2) {
            write!(f, "{p:02x}")?;
        }
        f.write_str(".")?;
        for (i, x) in b.enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{x:x}")?;
        }
        Ok(())
    }
}

/// Lowercase hex bytes joined by `:`.
struct Mac<'a>(&'a [u8]);

impl fmt::Display for Mac<'_> {
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

/// C's `%#x`: no `0x` before a zero.
struct HexC(u64);

impl fmt::Display for HexC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            f.write_str("0")
        } else {
            write!(f, "{:#x}", self.0)
        }
    }
}

/// `on` or `off`, as `ip`'s `print_on_off` writes it in text.
fn on_off(v: u64) -> &'static str {
    if v != 0 { "on" } else { "off" }
}

/// Writes a boolean: `true`/`false` in JSON, `word on|off ` in text (`word` ends with its
/// blank).
fn switch<S: Sink>(s: &mut S, key: &str, word: &str, on: bool) -> io::Result<()> {
    s.literal(
        key,
        if on { Lit::True } else { Lit::False },
        &format!("{word}{} ", on_off(u64::from(on))),
    )
}

/// The bridge port states `ip` names, by `BR_STATE_*`.
const PORT_STATES: [&str; 5] = [
    "disabled",
    "listening",
    "learning",
    "forwarding",
    "blocking",
];

/// Writes the attributes of `attrs` that `table` lists, in the table's order.
fn table<S: Sink>(
    s: &mut S,
    attrs: Attrs<'_>,
    table: &[Field],
    names: &LinkNames,
) -> io::Result<()> {
    for f in table {
        let Ok(Some(a)) = attrs.get(f.attr) else {
            continue;
        };
        // The forms that read bytes; the others read a number of the attribute's width.
        match f.form {
            Form::BridgeId => {
                s.string(f.key, Some(Txt(f.word, " ")), BridgeIdText(a.payload()))?;
                continue;
            }
            Form::Mac => {
                s.string(f.key, Some(Txt(f.word, " ")), Mac(a.payload()))?;
                continue;
            }
            Form::BoolOpt => {
                let p = a.payload();
                let word = |i: usize| {
                    p.get(i..i + 4)
                        .and_then(|b| <[u8; 4]>::try_from(b).ok())
                        .map_or(0, u32::from_ne_bytes)
                };
                let (val, mask) = (word(0), word(4));
                for (bit, name) in [(0, "no_linklocal_learn"), (1, "mcast_vlan_snooping")] {
                    if mask & (1 << bit) != 0 {
                        let on = u32::from(val & (1 << bit) != 0);
                        s.number(name, None, on)?;
                        s.text(format_args!("{name} {on} "))?;
                    }
                }
                continue;
            }
            _ => {}
        }
        let Ok(n) = a.as_uint() else {
            continue;
        };
        match f.form {
            Form::Uint => s.number(f.key, Some(Txt(f.word, " ")), n)?,
            Form::OnOff => switch(s, f.key, f.word, n != 0)?,
            Form::OnOffText => s.text(format_args!("{}{} ", f.word, on_off(n)))?,
            Form::Hex => s.string(f.key, Some(Txt(f.word, " ")), HexC(n))?,
            Form::HexAlways => s.string(f.key, Some(Txt(f.word, " ")), format_args!("{n:#x}"))?,
            Form::FwdMask => {
                s.string(f.key, Some(Txt(f.word, " ")), HexC(n))?;
                s.string(
                    "group_fwd_mask_str",
                    Some(Txt("group_fwd_mask_str ", " ")),
                    format_args!("{n:#x}"),
                )?;
            }
            Form::Timer => {
                // Clock ticks (USER_HZ, 100 a second) as ip's `__jiffies_to_tv` gives them.
                let (sec, cs) = (n / 100, n % 100);
                s.number(f.key, None, format_args!("{sec}.{cs:02}"))?;
                s.text(format_args!("{}{sec:4}.{cs:02} ", f.word))?;
            }
            Form::PortState => {
                let name = usize::try_from(n)
                    .ok()
                    .and_then(|i| PORT_STATES.get(i))
                    .copied();
                match name {
                    Some(st) => s.string(f.key, Some(Txt(f.word, " ")), st)?,
                    None => s.number(f.key, Some(Txt(f.word, " ")), n)?,
                }
            }
            Form::VlanProtocol => {
                let p = u16::from_be(u16::try_from(n).unwrap_or_default());
                let name = match p {
                    0x8100 => "802.1Q",
                    0x88a8 => "802.1ad",
                    _ => "",
                };
                if name.is_empty() {
                    s.string(f.key, Some(Txt(f.word, " ")), format_args!("{p:#06x}"))?;
                } else {
                    s.string(f.key, Some(Txt(f.word, " ")), name)?;
                }
            }
            Form::Device => {
                let i = u32::try_from(n).unwrap_or_default();
                s.string(f.key, Some(Txt(f.word, " ")), names.name(i))?;
            }
            Form::BridgeId | Form::Mac | Form::BoolOpt => {}
        }
    }
    Ok(())
}

/// `macvlan` and `macvtap`, as `ip` 6.1's `macvlan_print_opt`.
fn macvlan<S: Sink>(s: &mut S, attrs: Attrs<'_>) -> io::Result<()> {
    let mode = attrs
        .get(IflaMacvlan::MODE.0)
        .ok()
        .flatten()
        .and_then(|m| m.as_u32().ok());
    if let Some(mode) = mode {
        let name = match mode {
            1 => "private",
            2 => "vepa",
            4 => "bridge",
            8 => "passthru",
            16 => "source",
            _ => "unknown",
        };
        s.string("mode", Some(Txt("mode ", " ")), name)?;
    }
    if let Ok(Some(f)) = attrs.get(IflaMacvlan::FLAGS.0)
        && let Ok(flags) = f.as_u16()
    {
        if flags & 1 != 0 {
            s.literal("nopromisc", Lit::True, "nopromisc ")?;
        }
        if flags & 2 != 0 {
            s.literal("nodst", Lit::True, "nodst ")?;
        }
    }
    let u32_of = |a: IflaMacvlan| attrs.get(a.0).ok().flatten().and_then(|x| x.as_u32().ok());
    if let Some(v) = u32_of(IflaMacvlan::BC_QUEUE_LEN) {
        s.number("bcqueuelen", Some(Txt("bcqueuelen ", " ")), v)?;
    }
    if let Some(v) = u32_of(IflaMacvlan::BC_QUEUE_LEN_USED) {
        s.number("usedbcqueuelen", Some(Txt("usedbcqueuelen ", " ")), v)?;
    }
    // Only source mode has the list of source addresses.
    if mode != Some(16) {
        return Ok(());
    }
    let Some(count) = u32_of(IflaMacvlan::MACADDR_COUNT) else {
        return Ok(());
    };
    s.number("macaddr_count", Some(Txt("remotes (", ") ")), count)?;
    let Ok(Some(data)) = attrs.get(IflaMacvlan::MACADDR_DATA.0) else {
        return Ok(());
    };
    s.open_array("macaddr_data")?;
    for a in data.nested().flatten() {
        if a.kind() == IflaMacvlan::MACADDR.0
            && let Ok(m) = a.as_mac()
        {
            let m = m.map(|b| format!("{b:02x}")).join(":");
            s.string("", Some(Txt("", " ")), m)?;
        }
    }
    s.close_array()
}

/// `vxlan`, as `ip` 6.1's `vxlan_print_opt`.
fn vxlan<S: Sink>(s: &mut S, attrs: Attrs<'_>, names: &LinkNames) -> io::Result<()> {
    let get = |a: IflaVxlan| attrs.get(a.0).ok().flatten();
    let u8_of = |a: IflaVxlan| get(a).and_then(|x| x.as_u8().ok());
    if u8_of(IflaVxlan::COLLECT_METADATA).is_some_and(|v| v != 0) {
        s.literal("external", Lit::True, "external ")?;
    }
    if let Some(id) = get(IflaVxlan::ID).and_then(|a| a.as_u32().ok())
        && id != 0
    {
        s.number("id", Some(Txt("id ", " ")), id)?;
    }
    let ip_of = |a: IflaVxlan| get(a).and_then(|x| x.as_ip().ok());
    let remote = ip_of(IflaVxlan::GROUP).or_else(|| ip_of(IflaVxlan::GROUP6));
    if let Some(r) = remote.filter(|r| !r.is_unspecified()) {
        let v6 = r.is_ipv6();
        let key = match (r.is_multicast(), v6) {
            (true, false) => "group",
            (true, true) => "group6",
            (false, false) => "remote",
            (false, true) => "remote6",
        };
        let word = if r.is_multicast() {
            "group "
        } else {
            "remote "
        };
        s.string(key, Some(Txt(word, " ")), r)?;
    }
    let local = ip_of(IflaVxlan::LOCAL).or_else(|| ip_of(IflaVxlan::LOCAL6));
    if let Some(l) = local.filter(|l| !l.is_unspecified()) {
        let key = if l.is_ipv6() { "local6" } else { "local" };
        s.string(key, Some(Txt("local ", " ")), l)?;
    }
    if let Some(link) = get(IflaVxlan::LINK).and_then(|a| a.as_u32().ok())
        && link != 0
    {
        s.string("link", Some(Txt("dev ", " ")), names.name(link))?;
    }
    if let Some(r) = get(IflaVxlan::PORT_RANGE) {
        let p = r.payload();
        let port = |i: usize| {
            p.get(i..i + 2)
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map_or(0, u16::from_be_bytes)
        };
        s.open_object("port_range")?;
        s.number("low", None, port(0))?;
        s.number("high", None, port(2))?;
        s.close_object()?;
        s.text(format_args!("srcport {} {} ", port(0), port(2)))?;
    }
    if let Some(p) = get(IflaVxlan::PORT).and_then(|a| a.as_be16().ok()) {
        s.number("port", Some(Txt("dstport ", " ")), p)?;
    }
    if let Some(l) = u8_of(IflaVxlan::LEARNING) {
        s.literal("learning", if l != 0 { Lit::True } else { Lit::False }, "")?;
        if l == 0 {
            s.text("nolearning ")?;
        }
    }
    for (a, key) in [
        (IflaVxlan::PROXY, "proxy"),
        (IflaVxlan::RSC, "rsc"),
        (IflaVxlan::L2MISS, "l2miss"),
        (IflaVxlan::L3MISS, "l3miss"),
    ] {
        if u8_of(a).is_some_and(|v| v != 0) {
            s.literal(key, Lit::True, &format!("{key} "))?;
        }
    }
    if let Some(tos) = u8_of(IflaVxlan::TOS).filter(|t| *t != 0) {
        s.string("tos", None, format_args!("{tos:#x}"))?;
        if tos == 1 {
            s.text("tos inherit ")?;
        } else {
            s.text(format_args!("tos {tos:#x} "))?;
        }
    }
    if u8_of(IflaVxlan::TTL_INHERIT).is_some_and(|v| v != 0) {
        s.text("ttl inherit ")?;
    } else if let Some(ttl) = u8_of(IflaVxlan::TTL) {
        s.number("ttl", None, ttl)?;
        if ttl == 0 {
            s.text("ttl auto ")?;
        } else {
            s.text(format_args!("ttl {ttl} "))?;
        }
    }
    if let Some(df) = u8_of(IflaVxlan::DF) {
        match df {
            0 => s.string("df", None, "unset")?,
            1 => s.string("df", Some(Txt("df ", " ")), "set")?,
            2 => s.string("df", Some(Txt("df ", " ")), "inherit")?,
            _ => {}
        }
    }
    if let Some(label) = get(IflaVxlan::LABEL).and_then(|a| a.as_be32().ok())
        && label != 0
    {
        s.string(
            "label",
            Some(Txt("flowlabel ", " ")),
            HexC(u64::from(label)),
        )?;
    }
    if let Some(age) = get(IflaVxlan::AGEING).and_then(|a| a.as_u32().ok()) {
        if age == 0 {
            s.number("ageing", Some(Txt("ageing none", " ")), "")?;
        } else {
            s.number("ageing", Some(Txt("ageing ", " ")), age)?;
        }
    }
    if let Some(max) = get(IflaVxlan::LIMIT).and_then(|a| a.as_u32().ok())
        && max != 0
    {
        s.number("limit", Some(Txt("maxaddr ", " ")), max)?;
    }
    for (a, key, word) in [
        (IflaVxlan::UDP_CSUM, "udp_csum", "udpcsum"),
        (
            IflaVxlan::UDP_ZERO_CSUM6_TX,
            "udp_zero_csum6_tx",
            "udp6zerocsumtx",
        ),
        (
            IflaVxlan::UDP_ZERO_CSUM6_RX,
            "udp_zero_csum6_rx",
            "udp6zerocsumrx",
        ),
    ] {
        if let Some(v) = u8_of(a) {
            let no = if v == 0 { "no" } else { "" };
            s.literal(
                key,
                if v != 0 { Lit::True } else { Lit::False },
                &format!("{no}{word} "),
            )?;
        }
    }
    for (a, key, word) in [
        (IflaVxlan::REMCSUM_TX, "remcsum_tx", "remcsumtx "),
        (IflaVxlan::REMCSUM_RX, "remcsum_rx", "remcsumrx "),
    ] {
        if u8_of(a).is_some_and(|v| v != 0) {
            s.literal(key, Lit::True, word)?;
        }
    }
    if get(IflaVxlan::GBP).is_some() {
        s.literal("gbp", Lit::True, "gbp ")?;
    }
    if get(IflaVxlan::GPE).is_some() {
        s.literal("gpe", Lit::True, "gpe ")?;
    }
    Ok(())
}

/// What prints a kind's `IFLA_INFO_DATA`.
type DataPrinter<S> = fn(&mut S, Attrs<'_>, &LinkNames) -> io::Result<()>;

/// What `ip -details` prints of `IFLA_LINKINFO`: in text a line with the kind and its settings
/// (`\n    bridge forward_delay 1500 ...`), then one with the port's (`\n    bridge_slave
/// state forwarding ...`); in JSON the `linkinfo` object.
pub(crate) fn link_info<S: Sink>(
    s: &mut S,
    info: &LinkInfo<'_>,
    names: &LinkNames,
) -> io::Result<()> {
    s.open_object("linkinfo")?;
    if let Ok(Some(kind)) = info.kind() {
        s.string("info_kind", Some(Txt("\n    ", " ")), kind)?;
        let data = info.data().ok().flatten().map(|d| d.attrs());
        let printer: Option<DataPrinter<S>> = match kind {
            "bridge" => Some(|s, a, n| table(s, a, BRIDGE, n)),
            "macvlan" | "macvtap" => Some(|s, a, _| macvlan(s, a)),
            "vxlan" => Some(vxlan),
            _ => None,
        };
        if let Some(print) = printer {
            s.open_object("info_data")?;
            if let Some(a) = data {
                print(s, a, names)?;
            }
            s.close_object()?;
        }
    }
    if let Ok(Some(kind)) = info.slave_kind() {
        s.string("info_slave_kind", Some(Txt("\n    ", "_slave ")), kind)?;
        if kind == "bridge" {
            s.open_object("info_slave_data")?;
            if let Ok(Some(d)) = info.slave_data() {
                table(s, d.attrs(), BRIDGE_PORT, names)?;
            }
            s.close_object()?;
        }
    }
    s.close_object()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_hex_print_as_ip() {
        assert_eq!(
            BridgeIdText(&[0x80, 0, 2, 0, 0, 0, 0, 0x10]).to_string(),
            "8000.2:0:0:0:0:10"
        );
        assert_eq!(HexC(0).to_string(), "0");
        assert_eq!(HexC(8).to_string(), "0x8");
        assert_eq!(
            Mac(&[1, 0x80, 0xc2, 0, 0, 0]).to_string(),
            "01:80:c2:00:00:00"
        );
    }
}
