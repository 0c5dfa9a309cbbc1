//! The words of the action kinds other than `gact` and `mirred`, as `tc` 6.1 reads them
//! (`m_police.c`, `m_skbedit.c`, `m_vlan.c`, `m_pedit.c`, `m_csum.c`, `m_nat.c`,
//! `m_tunnel_key.c`, `m_sample.c`, `m_ct.c`, `m_connmark.c`, `m_ctinfo.c`, `m_mpls.c`,
//! `m_bpf.c`, `m_skbmod.c`, `m_gate.c`): each kind's own words, then the control action and
//! `index N` every kind takes after them. One table ([`KINDS`]) maps a kind to its reader.

use core::net::{IpAddr, Ipv4Addr};

use netlink::netlink_wire::rtnl::tc::{
    CsumFlags, CtActFlags, LinkLayer, MplsAction, PacketType, PeditCmd, PeditHeader, SockFilter,
    TunnelKeyAction, Verdict, VlanAction,
};
use netlink::ops::tc::{
    ActBpf, ActionKind, Connmark, Csum, Ct, CtNat, Ctinfo, Gate, GateEntry, Mpls, Nat, Pedit,
    PeditKey, Police, Sample, Skbedit, Skbmod, TcAction, TunnelKey, TunnelOptions, Vlan,
};

use crate::cli::{Row, c_strtoul, resolve, rows};
use crate::error::{CliError, Result};
use crate::tc_units::{rate64, size};
use crate::words::Words;

/// A kind's reader: its own words, into its settings.
type Reader = fn(&mut Words<'_>) -> Result<TcAction>;

/// The kinds `nlctl` reads besides `gact` and `mirred`, with their readers.
pub(crate) const KINDS: &[(&str, Reader)] = &[
    ("police", police),
    ("skbedit", skbedit),
    ("vlan", vlan),
    ("pedit", pedit),
    ("csum", csum),
    ("nat", nat),
    ("tunnel_key", tunnel_key),
    ("sample", sample),
    ("ct", ct),
    ("connmark", connmark),
    ("ctinfo", ctinfo),
    ("mpls", mpls),
    ("bpf", bpf),
    ("skbmod", skbmod),
    ("gate", gate),
];

/// Reads the action of kind `kind` (its name already read): its words, then `[CONTROL]
/// [index N]`; `None` when `nlctl` does not read the kind.
pub(crate) fn parse_kind(kind: &str, w: &mut Words<'_>) -> Result<Option<TcAction>> {
    let Some((_, read)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        return Ok(None);
    };
    let mut a = read(w)?;
    // police reads its verdicts and its index among its own words.
    if !matches!(a.kind, ActionKind::Police(_)) {
        a.control = control(w)?;
    }
    if w.peek() == Some("index") {
        w.next();
        a.index = number(w, "index")?;
    }
    Ok(Some(a))
}

/// The control actions (`action_a2n`), compared whole; `goto` and `jump` take more words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Control {
    Plain(Verdict),
    Goto,
    Jump,
}

pub(crate) const CONTROLS: &[Row<Control>] = rows![
    Exact "continue" => Control::Plain(Verdict::UNSPEC),
    Exact "drop" => Control::Plain(Verdict::SHOT),
    Exact "shot" => Control::Plain(Verdict::SHOT),
    Exact "pass" => Control::Plain(Verdict::OK),
    Exact "ok" => Control::Plain(Verdict::OK),
    Exact "reclassify" => Control::Plain(Verdict::RECLASSIFY),
    Exact "pipe" => Control::Plain(Verdict::PIPE),
    Exact "goto" => Control::Goto,
    Exact "jump" => Control::Jump,
    Exact "trap" => Control::Plain(Verdict::TRAP),
];

/// A control action (`action_a2n`, `parse_action_control`): `None`, nothing read, when the
/// next word is none.
pub(crate) fn control(w: &mut Words<'_>) -> Result<Option<Verdict>> {
    let Some(c) = w.peek().and_then(|word| resolve(CONTROLS, word)) else {
        return Ok(None);
    };
    w.next();
    Ok(Some(match c {
        Control::Plain(v) => v,
        Control::Goto => {
            if w.next() != Some("chain") {
                return Err(CliError::usage("\"goto\" needs \"chain CHAIN_INDEX\""));
            }
            Verdict::goto_chain(number(w, "chain")?)
        }
        Control::Jump => Verdict::jump(number(w, "jump")?),
    }))
}

pub(crate) fn number(w: &mut Words<'_>, what: &str) -> Result<u32> {
    let v = w.value(what)?;
    v.parse()
        .map_err(|_| CliError::usage(format!("Illegal \"{what}\" \"{v}\"")))
}

/// `EXCEED[/CONFORM]` (`parse_action_control_slash`): two plain control actions in one word,
/// or one control action.
pub(crate) fn control_slash(w: &mut Words<'_>) -> Result<(Verdict, Option<Verdict>)> {
    let plain = |word: &str| match resolve(CONTROLS, word) {
        Some(Control::Plain(v)) => Ok(v),
        _ => Err(CliError::usage(format!("Bad action type {word}"))),
    };
    match w.peek().and_then(|x| x.split_once('/')) {
        Some((e, c)) => {
            w.next();
            Ok((plain(e)?, Some(plain(c)?)))
        }
        None => {
            let v = control(w)?.ok_or_else(|| {
                CliError::usage(format!("Bad action type {}", w.peek().unwrap_or("")))
            })?;
            Ok((v, None))
        }
    }
}

/// Reads `KEY [VALUE]` while the next word is one of `keys`, giving each key to `set` (which
/// reads its value); stops at the first other word, as `tc`'s loops do.
fn keyed<'a>(
    w: &mut Words<'a>,
    keys: &[&str],
    mut set: impl FnMut(&'a str, &mut Words<'a>) -> Result<()>,
) -> Result<()> {
    while let Some(k) = w.peek().filter(|k| keys.contains(k)) {
        w.next();
        set(k, w)?;
    }
    Ok(())
}

/// A number in C's notation that fits `T`.
fn num<T: TryFrom<u64>>(w: &mut Words<'_>, what: &str) -> Result<T> {
    let v = w.value(what)?;
    c_strtoul(v)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| CliError::usage(format!("Illegal \"{what}\" \"{v}\"")))
}

/// `V[/MASK]` in C's notation.
fn with_mask(w: &mut Words<'_>, what: &str) -> Result<(u32, Option<u32>)> {
    let v = w.value(what)?;
    let bad = || CliError::usage(format!("Illegal \"{what}\" \"{v}\""));
    let parse = |s: &str| c_strtoul(s).and_then(|n| u32::try_from(n).ok());
    match v.split_once('/') {
        Some((a, m)) => Ok((parse(a).ok_or_else(bad)?, Some(parse(m).ok_or_else(bad)?))),
        None => Ok((parse(v).ok_or_else(bad)?, None)),
    }
}

fn mac(w: &mut Words<'_>, what: &str) -> Result<[u8; 6]> {
    let v = w.value(what)?;
    crate::words::lladdr(v)?
        .try_into()
        .map_err(|_| CliError::usage(format!("Illegal \"{what}\" \"{v}\"")))
}

fn ethertype(w: &mut Words<'_>, what: &str) -> Result<u16> {
    let v = w.value(what)?;
    // ll_proto.c's table also names IPv4 `ipv4`, which filters print as `ip`.
    let v = if v.eq_ignore_ascii_case("ipv4") {
        "ip"
    } else {
        v
    };
    crate::tc_args::protocol_number(v)
        .ok_or_else(|| CliError::usage(format!("Illegal \"{what}\" \"{v}\"")))
}

fn bad_word(kind: &str, word: &str) -> CliError {
    CliError::usage(format!("{kind}: unknown or unsupported word \"{word}\""))
}

/// `police`: its words in any order, the verdicts and the index among them.
fn police(w: &mut Words<'_>) -> Result<TcAction> {
    let mut p = Police::new(0, 0);
    let mut exceed = None;
    let mut index = 0;
    while let Some(word) = w.peek() {
        match word {
            "index" => {
                w.next();
                index = number(w, "index")?;
            }
            "burst" | "buffer" | "maxburst" => {
                w.next();
                let v = w.value(word)?;
                p.burst =
                    size(v).ok_or_else(|| CliError::usage(format!("Illegal \"burst\" \"{v}\"")))?;
            }
            "mtu" | "minburst" => {
                w.next();
                let v = w.value(word)?;
                p.mtu =
                    size(v).ok_or_else(|| CliError::usage(format!("Illegal \"mtu\" \"{v}\"")))?;
            }
            "mpu" => {
                w.next();
                let v = w.value(word)?;
                let s = size(v).and_then(|s| u16::try_from(s).ok());
                p.mpu = s.ok_or_else(|| CliError::usage(format!("Illegal \"mpu\" \"{v}\"")))?;
            }
            "rate" | "peakrate" => {
                w.next();
                let v = w.value(word)?;
                let r = rate64(v)
                    .ok_or_else(|| CliError::usage(format!("Illegal \"{word}\" \"{v}\"")))?;
                if word == "rate" {
                    p.rate = r;
                } else {
                    p.peakrate = Some(r);
                }
            }
            // tc 6.1 fails on its own `avrate` (its parser steps over the value twice:
            // "bad value"); nlctl refuses it by name rather than guess what was meant.
            "avrate" => return Err(w.unsupported(word)),
            "overhead" => {
                w.next();
                p.overhead = num(w, "overhead")?;
            }
            "linklayer" => {
                w.next();
                p.linklayer = match w.value("linklayer")? {
                    "ethernet" => LinkLayer::ETHERNET,
                    "atm" | "adsl" => LinkLayer::ATM,
                    v => return Err(CliError::usage(format!("Illegal \"linklayer\" \"{v}\""))),
                };
            }
            "pkts_rate" => {
                w.next();
                p.pkts_rate = Some(num(w, "pkts_rate")?);
            }
            "pkts_burst" => {
                w.next();
                p.pkts_burst = num(w, "pkts_burst")?;
            }
            "conform-exceed" => {
                w.next();
                let (e, c) = control_slash(w)?;
                exceed = Some(e);
                if let Some(c) = c {
                    p.conform = c;
                }
            }
            "estimator" | "action" => return Err(w.unsupported(word)),
            _ => match control(w)? {
                Some(v) => exceed = Some(v),
                None => break,
            },
        }
    }
    if p.rate == 0 && p.pkts_rate.is_none() && p.avrate.is_none() && exceed.is_none() {
        return Err(CliError::usage(
            "police: \"rate\" or \"pkts_rate\" is needed",
        ));
    }
    if p.rate != 0 && p.burst == 0 {
        return Err(CliError::usage(
            "police: \"burst\" requires \"rate\"; \"rate\" needs \"burst\"",
        ));
    }
    if p.peakrate.is_some() && p.mtu == 0 {
        return Err(CliError::usage("police: \"peakrate\" needs \"mtu\""));
    }
    if p.pkts_rate.is_some() != (p.pkts_burst != 0) {
        return Err(CliError::usage(
            "police: \"pkts_rate\" and \"pkts_burst\" go together",
        ));
    }
    let mut a = TcAction::new(ActionKind::Police(p)).index(index);
    a.control = exceed;
    Ok(a)
}

fn skbedit(w: &mut Words<'_>) -> Result<TcAction> {
    let mut s = Skbedit::default();
    let keys = [
        "queue_mapping",
        "priority",
        "mark",
        "ptype",
        "inheritdsfield",
    ];
    keyed(w, &keys, |k, w| {
        match k {
            "queue_mapping" => s.queue_mapping = Some(num(w, k)?),
            "priority" => {
                let v = w.value(k)?;
                s.priority = Some(crate::tc_args::classid(v, "Illegal \"priority\"")?);
            }
            "mark" => (s.mark, s.mask) = with_mask(w, k).map(|(m, mask)| (Some(m), mask))?,
            "ptype" => {
                s.ptype = Some(match w.value(k)? {
                    "host" => PacketType::HOST,
                    "otherhost" => PacketType::OTHERHOST,
                    "broadcast" => PacketType::BROADCAST,
                    "multicast" => PacketType::MULTICAST,
                    v => return Err(CliError::usage(format!("Illegal \"ptype\" \"{v}\""))),
                });
            }
            _ => s.inheritdsfield = true,
        }
        Ok(())
    })?;
    Ok(TcAction::new(ActionKind::Skbedit(s)))
}

fn vlan(w: &mut Words<'_>) -> Result<TcAction> {
    let action = match w.next() {
        Some("pop") => VlanAction::POP,
        Some("push") => VlanAction::PUSH,
        Some("modify") => VlanAction::MODIFY,
        Some("pop_eth") => VlanAction::POP_ETH,
        Some("push_eth") => VlanAction::PUSH_ETH,
        other => return Err(bad_word("vlan", other.unwrap_or(""))),
    };
    let mut v = Vlan::new(action);
    let keys = ["id", "protocol", "priority", "dst_mac", "src_mac"];
    keyed(w, &keys, |k, w| {
        match k {
            "id" => v.id = Some(num(w, k)?),
            "protocol" => v.protocol = Some(ethertype(w, k)?),
            "priority" => v.priority = Some(num(w, k)?),
            "dst_mac" => v.dst_mac = Some(mac(w, k)?),
            _ => v.src_mac = Some(mac(w, k)?),
        }
        Ok(())
    })?;
    let needs_id = matches!(action, VlanAction::PUSH | VlanAction::MODIFY);
    if needs_id && v.id.is_none() {
        return Err(CliError::usage("vlan: \"id\" is required"));
    }
    Ok(TcAction::new(ActionKind::Vlan(v)))
}

fn mpls(w: &mut Words<'_>) -> Result<TcAction> {
    let action = match w.next() {
        Some("pop") => MplsAction::POP,
        Some("push") => MplsAction::PUSH,
        Some("mac_push") => MplsAction::MAC_PUSH,
        Some("modify") => MplsAction::MODIFY,
        Some("dec_ttl") => MplsAction::DEC_TTL,
        other => return Err(bad_word("mpls", other.unwrap_or(""))),
    };
    let mut m = Mpls::new(action);
    keyed(w, &["label", "tc", "ttl", "bos", "protocol"], |k, w| {
        match k {
            "label" => m.label = Some(num(w, k)?),
            "tc" => m.tc = Some(num(w, k)?),
            "ttl" => m.ttl = Some(num(w, k)?),
            "bos" => m.bos = Some(num(w, k)?),
            _ => m.protocol = Some(ethertype(w, k)?),
        }
        Ok(())
    })?;
    if action == MplsAction::POP && m.protocol.is_none() {
        return Err(CliError::usage("mpls: \"protocol\" is required for pop"));
    }
    if matches!(action, MplsAction::PUSH | MplsAction::MAC_PUSH) && m.label.is_none() {
        return Err(CliError::usage("mpls: \"label\" is required for push"));
    }
    Ok(TcAction::new(ActionKind::Mpls(m)))
}

fn csum(w: &mut Words<'_>) -> Result<TcAction> {
    let mut targets = CsumFlags::EMPTY;
    while let Some(word) = w.peek() {
        let f = match word {
            "iph" | "ip4h" | "ipv4h" => CsumFlags::IPV4HDR,
            "icmp" => CsumFlags::ICMP,
            "igmp" => CsumFlags::IGMP,
            "tcp" => CsumFlags::TCP,
            "udp" => CsumFlags::UDP,
            "udplite" => CsumFlags::UDPLITE,
            "sctp" => CsumFlags::SCTP,
            "and" | "or" | "+" => CsumFlags::EMPTY,
            _ => break,
        };
        w.next();
        targets |= f;
    }
    if targets.is_empty() {
        return Err(CliError::usage("csum: a target is needed"));
    }
    Ok(TcAction::new(ActionKind::Csum(
        Csum::default().targets(targets),
    )))
}

fn nat(w: &mut Words<'_>) -> Result<TcAction> {
    let egress = match w.next() {
        Some("egress") => true,
        Some("ingress") => false,
        other => return Err(bad_word("nat", other.unwrap_or(""))),
    };
    let old = w.value("nat")?;
    let (addr, len) = match old.split_once('/') {
        Some((a, l)) => (a, l.parse::<u8>().ok().filter(|l| *l <= 32)),
        None => (old, Some(32)),
    };
    let bad = |v: &str| CliError::usage(format!("nat: Illegal address \"{v}\""));
    let old_addr: Ipv4Addr = addr.parse().map_err(|_| bad(old))?;
    let len = len.ok_or_else(|| bad(old))?;
    let new = w.value("nat")?;
    let new_addr: Ipv4Addr = new.parse().map_err(|_| bad(new))?;
    Ok(TcAction::new(ActionKind::Nat(Nat::new(
        egress, old_addr, len, new_addr,
    ))))
}

fn sample(w: &mut Words<'_>) -> Result<TcAction> {
    let (mut rate, mut group, mut trunc) = (None, None, None);
    keyed(w, &["rate", "group", "trunc"], |k, w| {
        let v = Some(num(w, k)?);
        match k {
            "rate" => rate = v,
            "group" => group = v,
            _ => trunc = v,
        }
        Ok(())
    })?;
    let (Some(rate), Some(group)) = (rate, group) else {
        return Err(CliError::usage(
            "sample: \"rate\" and \"group\" are required",
        ));
    };
    let mut s = Sample::new(rate, group);
    s.trunc = trunc;
    Ok(TcAction::new(ActionKind::Sample(s)))
}

fn connmark(w: &mut Words<'_>) -> Result<TcAction> {
    let mut c = Connmark::default();
    if w.peek() == Some("zone") {
        w.next();
        c.zone = num(w, "zone")?;
    }
    Ok(TcAction::new(ActionKind::Connmark(c)))
}

fn ctinfo(w: &mut Words<'_>) -> Result<TcAction> {
    let mut c = Ctinfo::default();
    let is_num = |w: &Words<'_>| w.peek().and_then(c_strtoul).is_some();
    keyed(w, &["zone", "dscp", "cpmark"], |k, w| {
        match k {
            "zone" => c.zone = num(w, k)?,
            "dscp" => {
                c.dscp_mask = Some(num(w, k)?);
                if is_num(w) {
                    c.dscp_statemask = Some(num(w, k)?);
                }
            }
            _ => c.cpmark_mask = Some(if is_num(w) { num(w, k)? } else { u32::MAX }),
        }
        Ok(())
    })?;
    Ok(TcAction::new(ActionKind::Ctinfo(c)))
}

fn skbmod(w: &mut Words<'_>) -> Result<TcAction> {
    let mut s = Skbmod::default();
    while let Some(word) = w.peek() {
        match word {
            "set" => {
                w.next();
                match w.next() {
                    Some("dmac") => s.dmac = Some(mac(w, "dmac")?),
                    Some("smac") => s.smac = Some(mac(w, "smac")?),
                    Some("etype") => s.etype = Some(num(w, "etype")?),
                    other => return Err(bad_word("skbmod set", other.unwrap_or(""))),
                }
            }
            "swap" => {
                w.next();
                if w.next() != Some("mac") {
                    return Err(CliError::usage("skbmod: \"swap\" is followed by \"mac\""));
                }
                s.swap_mac = true;
            }
            "ecn" => {
                w.next();
                s.ecn = true;
            }
            _ => break,
        }
    }
    Ok(TcAction::new(ActionKind::Skbmod(s)))
}

fn hex_bytes(v: &str, what: &str) -> Result<Vec<u8>> {
    let bad = || CliError::usage(format!("Illegal \"{what}\" \"{v}\""));
    if v.is_empty() || !v.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..v.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(v.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect()
}

fn tunnel_key(w: &mut Words<'_>) -> Result<TcAction> {
    let action = match w.next() {
        Some("set") => TunnelKeyAction::SET,
        Some("unset") => TunnelKeyAction::RELEASE,
        other => return Err(bad_word("tunnel_key", other.unwrap_or(""))),
    };
    let mut t = TunnelKey::new(action);
    let ip =
        |w: &mut Words<'_>, what: &str| -> Result<IpAddr> { crate::words::addr(w.value(what)?) };
    let keys = [
        "src_ip",
        "dst_ip",
        "id",
        "dst_port",
        "tos",
        "ttl",
        "csum",
        "nocsum",
        "geneve_opts",
    ];
    keyed(w, &keys, |k, w| {
        match k {
            "src_ip" => t.src = Some(ip(w, k)?),
            "dst_ip" => t.dst = Some(ip(w, k)?),
            "id" => t.key_id = Some(num(w, k)?),
            "dst_port" => t.dst_port = Some(num(w, k)?),
            "tos" => t.tos = Some(num(w, k)?),
            "ttl" => t.ttl = Some(num(w, k)?),
            "csum" | "nocsum" => t.no_csum = k == "nocsum",
            _ => t.options = Some(TunnelOptions::Geneve(geneve_opts(w.value(k)?)?)),
        }
        Ok(())
    })?;
    if let Some(word @ ("vxlan_opts" | "erspan_opts")) = w.peek() {
        return Err(w.unsupported(word));
    }
    Ok(TcAction::new(ActionKind::TunnelKey(t)))
}

/// `CLASS:TYPE:DATA[,...]` in hex, as `tc`'s `geneve_opts`.
fn geneve_opts(v: &str) -> Result<Vec<(u16, u8, Vec<u8>)>> {
    let bad = || CliError::usage(format!("Illegal \"geneve_opts\" \"{v}\""));
    v.split(',')
        .map(|opt| {
            let mut parts = opt.split(':');
            let (Some(c), Some(ty), Some(d), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let class = u16::from_str_radix(c, 16).map_err(|_| bad())?;
            let ty = u8::from_str_radix(ty, 16).map_err(|_| bad())?;
            Ok((class, ty, hex_bytes(d, "geneve_opts")?))
        })
        .collect()
}

/// `A[-B]` with `parse`.
fn range<T: Copy>(v: &str, parse: impl Fn(&str) -> Option<T>) -> Option<(T, T)> {
    match v.split_once('-') {
        Some((a, b)) => Some((parse(a)?, parse(b)?)),
        None => parse(v).map(|a| (a, a)),
    }
}

fn ct(w: &mut Words<'_>) -> Result<TcAction> {
    let mut c = Ct::default();
    while let Some(word) = w.peek() {
        match word {
            "commit" => c.flags |= CtActFlags::COMMIT,
            "force" => c.flags |= CtActFlags::FORCE,
            "clear" => c.flags |= CtActFlags::CLEAR,
            "zone" => {
                w.next();
                c.zone = Some(num(w, "zone")?);
                continue;
            }
            "mark" => {
                w.next();
                let (m, mask) = with_mask(w, "mark")?;
                c.mark = Some((m, mask.unwrap_or(u32::MAX)));
                continue;
            }
            "label" => {
                w.next();
                let v = w.value("label")?;
                let (l, m) = match v.split_once('/') {
                    Some((l, m)) => (hex_bytes(l, "label")?, hex_bytes(m, "label")?),
                    None => {
                        let l = hex_bytes(v, "label")?;
                        let m = vec![0xff; l.len()];
                        (l, m)
                    }
                };
                c.label = Some((l, m));
                continue;
            }
            "nat" => {
                w.next();
                let mut nat = CtNat::new();
                if let Some(dir @ ("src" | "dst")) = w.peek() {
                    w.next();
                    nat.src = Some(dir == "src");
                    if w.next() != Some("addr") {
                        return Err(CliError::usage("ct nat: \"addr\" is needed"));
                    }
                    let v = w.value("addr")?;
                    let (a, b) = range(v, |s| s.parse::<IpAddr>().ok())
                        .filter(|(a, b)| a.is_ipv4() == b.is_ipv4())
                        .ok_or_else(|| CliError::usage(format!("Illegal \"addr\" \"{v}\"")))?;
                    nat.addrs = Some((a, b));
                    if w.peek() == Some("port") {
                        w.next();
                        let v = w.value("port")?;
                        nat.ports =
                            Some(range(v, |s| s.parse::<u16>().ok()).ok_or_else(|| {
                                CliError::usage(format!("Illegal \"port\" \"{v}\""))
                            })?);
                    }
                }
                c.nat = Some(nat);
                continue;
            }
            _ => break,
        }
        w.next();
    }
    Ok(TcAction::new(ActionKind::Ct(c)))
}

fn bpf(w: &mut Words<'_>) -> Result<TcAction> {
    match w.next() {
        Some("bytecode" | "bc") => {}
        Some(word @ ("object-file" | "obj" | "object-pinned" | "pinned" | "fd")) => {
            return Err(crate::tc_args::no_ebpf_loader(w, word));
        }
        Some(word @ ("bytecode-file" | "bcf")) => return Err(w.unsupported(word)),
        other => return Err(bad_word("bpf", other.unwrap_or(""))),
    }
    let v = w.value("bytecode")?;
    let bad = || CliError::usage(format!("bpf: Illegal \"bytecode\" \"{v}\""));
    let mut parts = v.split(',');
    let n: usize = parts
        .next()
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(bad)?;
    let mut ops = Vec::new();
    for insn in parts {
        let f: Vec<u64> = insn
            .split_whitespace()
            .map(|x| x.parse().ok())
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let [code, jt, jf, k] = f[..] else {
            return Err(bad());
        };
        let fit = |x: u64, max: u64| (x <= max).then_some(x).ok_or_else(bad);
        ops.push(SockFilter::new(
            u16::try_from(fit(code, 0xffff)?).map_err(|_| bad())?,
            u8::try_from(fit(jt, 0xff)?).map_err(|_| bad())?,
            u8::try_from(fit(jf, 0xff)?).map_err(|_| bad())?,
            u32::try_from(k).map_err(|_| bad())?,
        ));
    }
    if ops.len() != n || n == 0 {
        return Err(bad());
    }
    Ok(TcAction::new(ActionKind::Bpf(ActBpf::default().ops(ops))))
}

fn gate(w: &mut Words<'_>) -> Result<TcAction> {
    let mut g = Gate::default();
    let int = |w: &mut Words<'_>, what: &str| -> Result<i32> {
        let v = w.value(what)?;
        v.parse()
            .map_err(|_| CliError::usage(format!("Illegal \"{what}\" \"{v}\"")))
    };
    while let Some(word) = w.peek() {
        match word {
            "priority" => {
                w.next();
                g.priority = Some(int(w, "priority")?);
            }
            "base-time" => {
                w.next();
                g.base_time = Some(num(w, "base-time")?);
            }
            "cycle-time" => {
                w.next();
                g.cycle_time = Some(num(w, "cycle-time")?);
            }
            "cycle-time-ext" => {
                w.next();
                g.cycle_time_ext = Some(num(w, "cycle-time-ext")?);
            }
            "clockid" => {
                w.next();
                g.clockid = Some(match w.value("clockid")? {
                    "CLOCK_REALTIME" => 0,
                    "CLOCK_MONOTONIC" => 1,
                    "CLOCK_BOOTTIME" => 7,
                    "CLOCK_TAI" => 11,
                    v => return Err(CliError::usage(format!("Illegal \"clockid\" \"{v}\""))),
                });
            }
            "sched-entry" => {
                w.next();
                let open = match w.next() {
                    Some("open") => true,
                    Some("close") => false,
                    other => return Err(bad_word("gate sched-entry", other.unwrap_or(""))),
                };
                let mut e = GateEntry::new(open, num(w, "sched-entry")?);
                let is_int = |w: &Words<'_>| w.peek().is_some_and(|x| x.parse::<i32>().is_ok());
                if is_int(w) {
                    e.ipv = int(w, "sched-entry")?;
                    if is_int(w) {
                        e.max_octets = int(w, "sched-entry")?;
                    }
                }
                g.entries.push(e);
            }
            _ => break,
        }
    }
    if g.entries.is_empty() {
        return Err(CliError::usage("gate: \"sched-entry\" is needed"));
    }
    Ok(TcAction::new(ActionKind::Gate(g)))
}

/// A field of `munge ip|eth|tcp|udp FIELD`: its header, offset and width in bytes.
const PEDIT_FIELDS: &[(&str, &str, PeditHeader, u32, u32)] = &[
    ("ip", "src", PeditHeader::IP4, 12, 4),
    ("ip", "dst", PeditHeader::IP4, 16, 4),
    ("ip", "tos", PeditHeader::IP4, 1, 1),
    ("ip", "dsfield", PeditHeader::IP4, 1, 1),
    ("ip", "ttl", PeditHeader::IP4, 8, 1),
    ("ip", "protocol", PeditHeader::IP4, 9, 1),
    ("tcp", "sport", PeditHeader::TCP, 0, 2),
    ("tcp", "dport", PeditHeader::TCP, 2, 2),
    ("udp", "sport", PeditHeader::UDP, 0, 2),
    ("udp", "dport", PeditHeader::UDP, 2, 2),
];

/// The key of a `width`-byte value `val` at byte `off`, as `tc`'s `pack_key32/16/8`: the
/// 32-bit word at `off & !3`, the value shifted into its bytes (network order), the other
/// bits kept; `retain` limits the bits changed. `None` when the value straddles two words.
fn pedit_key(off: u32, width: u32, val: u32, retain: u32) -> Option<PeditKey> {
    let shift = 8 * 4u32.checked_sub(width + (off & 3))?;
    let field = if width == 4 {
        u32::MAX
    } else {
        ((1u32 << (8 * width)) - 1) << shift
    };
    let bits = field & retain.checked_shl(shift).unwrap_or(0);
    let val = val.checked_shl(shift).unwrap_or(0) & bits;
    Some(PeditKey::new(!bits, val, off & !3))
}

fn pedit(w: &mut Words<'_>) -> Result<TcAction> {
    let mut p = Pedit::default();
    if w.peek() == Some("ex") {
        w.next();
        p.extended = true;
    }
    while w.peek() == Some("munge") {
        w.next();
        let what = w.value("munge")?;
        let (header, off, width) = if what == "offset" {
            let off: u32 = num(w, "offset")?;
            let width = match w.value("offset")? {
                "u8" => 1,
                "u16" => 2,
                "u32" => 4,
                v => return Err(bad_word("pedit", v)),
            };
            (PeditHeader::NETWORK, off, width)
        } else {
            let field = w.value("munge")?;
            let Some(&(_, _, h, off, width)) = PEDIT_FIELDS
                .iter()
                .find(|(hd, f, ..)| *hd == what && *f == field)
            else {
                return Err(w.unsupported(&format!("munge {what} {field}")));
            };
            if !p.extended && h != PeditHeader::IP4 {
                return Err(w.unsupported(&format!("munge {what} without ex")));
            }
            // Without `ex`, tc counts ip fields from the network header.
            (
                if p.extended { h } else { PeditHeader::NETWORK },
                off,
                width,
            )
        };
        let cmd = match w.value("munge")? {
            "set" => PeditCmd::SET,
            "add" if p.extended => PeditCmd::ADD,
            v => return Err(w.unsupported(v)),
        };
        let v = w.value("munge")?;
        let val = match v.parse::<Ipv4Addr>() {
            Ok(a) if width == 4 => u32::from(a),
            _ => c_strtoul(v)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| CliError::usage(format!("pedit: Illegal value \"{v}\"")))?,
        };
        let mut retain = u32::MAX;
        if w.peek() == Some("retain") {
            w.next();
            retain = num(w, "retain")?;
        }
        let mut key = pedit_key(off, width, val, retain)
            .ok_or_else(|| CliError::usage(format!("pedit: offset {off} does not fit")))?;
        if p.extended {
            key = key.ex(header, cmd);
        }
        p.keys.push(key);
    }
    if p.keys.is_empty() {
        return Err(CliError::usage("pedit: \"munge\" is needed"));
    }
    Ok(TcAction::new(ActionKind::Pedit(p)))
}
