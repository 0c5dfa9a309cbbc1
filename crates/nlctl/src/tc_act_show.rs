//! The options of one action as `tc` 6.1's kind printers (`m_*.c`'s `print_*`) print them,
//! text and `-j`: what `tc actions ls|get` and `filter show` print between an action's
//! `action order N: ` and its statistics. Checked against `tc` itself: live for gact and
//! mirred, which this kernel has, and on built dumps for the others (`tc_oracle`). A kind
//! without a printer here fails by name.

use std::io;

use std::fmt;
use std::net::Ipv4Addr;

use netlink::netlink_wire::rtnl::tc::{
    ActBpfOptions, ActOptions, Action, BpfOps, ConnmarkOptions, CsumFlags, CsumOptions, CtActFlags,
    CtOptions, CtinfoOptions, ErspanOpt, GactOptions, GactProb, GateEntryView, GateListAttr,
    GateOptions, GeneveOpt, MirredAction, MirredOptions, MplsAction, MplsOptions, NatOptions,
    PacketType, PeditAttr, PeditCmd, PeditHeader, PeditKeyEx, PeditOptions, PoliceOptions,
    PschedClock, SampleOptions, SkbeditFlags, SkbeditOptions, SkbmodFlags, SkbmodOptions,
    SockFilter, TcGen, TcfT, TunnelKeyAction, TunnelKeyOptions, TunnelOpts, TunnelOptsAttr,
    Verdict, VlanAction, VlanOptions, VxlanOpt,
};

use crate::names::LinkNames;
use crate::sink::{Lit, Sink, Txt};
use crate::tc_args::ProtocolName;
use crate::tc_units::{AltHex, Rate, Size, Time64};

/// A line end `tc` writes with `fprintf` inside an action whose other line ends are soft:
/// `-oneline` leaves it a line end (`TcOut` writes it as one).
pub(crate) const HARD: char = '\x1f';

fn bad(e: netlink::netlink_wire::Error) -> io::Error {
    io::Error::other(e.to_string())
}

fn missing(what: &str) -> io::Error {
    io::Error::other(format!("an action without its {what}"))
}

/// `print_action_control`: `prefix`, the verdict (`goto chain N`, `jump N` or its name),
/// `suffix`; in JSON a `control_action` object.
pub(crate) fn control<S: Sink>(
    s: &mut S,
    prefix: &str,
    v: Verdict,
    suffix: &str,
) -> io::Result<()> {
    s.text(prefix)?;
    s.open_object("control_action")?;
    if let Some(chain) = v.chain() {
        s.string("type", Some(Txt("", "")), "goto")?;
        s.number("chain", Some(Txt(" chain ", "")), chain)?;
    } else if let Some(n) = v.jump_count() {
        s.string("type", Some(Txt("", "")), "jump")?;
        s.number("jump", Some(Txt(" ", "")), n)?;
    } else {
        match v.short_name() {
            Some(name) => s.string("type", Some(Txt("", "")), name)?,
            None => s.string("type", Some(Txt("", "")), v.0)?,
        }
    }
    s.close_object()?;
    s.text(suffix)
}

/// An action's times (`print_tm`): seconds of the kernel's `USER_HZ` (100) ticks since it
/// was installed, last used and first used, and until it expires; as tc, each only when its
/// count of ticks is not 0 (an action installed or used within the last tick shows neither).
pub(crate) fn times<S: Sink>(s: &mut S, tm: &TcfT) -> io::Result<()> {
    const USER_HZ: u64 = 100;
    let rows = [
        ("installed", " installed ", tm.install.get()),
        ("last_used", " used ", tm.lastuse.get()),
        ("first_used", " firstused ", tm.firstuse.get()),
        ("expires", " expires ", tm.expires.get()),
    ];
    for (key, text, ticks) in rows {
        if ticks != 0 {
            s.number(key, Some(Txt(text, " sec")), ticks / USER_HZ)?;
        }
    }
    Ok(())
}

/// The index and counts every kind prints, after `sep` (`\n\t` or `\n\t `).
fn index<S: Sink>(
    s: &mut S,
    sep: &str,
    g: &netlink::netlink_wire::rtnl::tc::TcGen,
) -> io::Result<()> {
    s.text(sep)?;
    s.number("index", Some(Txt("index ", "")), g.index.get())?;
    s.number("ref", Some(Txt(" ref ", "")), g.refcnt.get())?;
    s.number("bind", Some(Txt(" bind ", "")), g.bindcnt.get())
}

/// The kind's own part of action `a`: its name, settings, index and counts and, with
/// `stats`, its times; with `details`, what `tc -d` adds (police's link layer).
pub(crate) fn options<S: Sink>(
    s: &mut S,
    a: &Action<'_>,
    names: &LinkNames,
    stats: bool,
    details: bool,
) -> io::Result<()> {
    let kind = a.kind().map_err(bad)?.unwrap_or_default();
    match a.options().map_err(bad)? {
        Some(ActOptions::Mirred(n)) => mirred(s, &MirredOptions::from(n), names, stats),
        Some(ActOptions::Gact(n)) => gact(s, &GactOptions::from(n), stats),
        Some(ActOptions::Vlan(n)) => vlan(s, &VlanOptions::from(n), stats),
        Some(ActOptions::Mpls(n)) => mpls(s, &MplsOptions::from(n), stats),
        Some(ActOptions::Sample(n)) => sample(s, &SampleOptions::from(n), stats),
        Some(ActOptions::Connmark(n)) => connmark(s, &ConnmarkOptions::from(n), stats),
        Some(ActOptions::Csum(n)) => csum(s, &CsumOptions::from(n), stats),
        Some(ActOptions::Nat(n)) => nat(s, &NatOptions::from(n), stats),
        Some(ActOptions::Skbedit(n)) => skbedit(s, &SkbeditOptions::from(n), stats),
        Some(ActOptions::Ctinfo(n)) => ctinfo(s, &CtinfoOptions::from(n), stats),
        Some(ActOptions::Skbmod(n)) => skbmod(s, &SkbmodOptions::from(n), stats),
        Some(ActOptions::Ct(n)) => ct(s, &CtOptions::from(n), stats),
        Some(ActOptions::Police(n)) => police(s, &PoliceOptions::from(n), stats, details),
        Some(ActOptions::TunnelKey(n)) => tunnel_key(s, &TunnelKeyOptions::from(n), stats),
        Some(ActOptions::Pedit(n)) => pedit(s, &PeditOptions::from(n), stats),
        Some(ActOptions::Bpf(n)) => act_bpf(s, &ActBpfOptions::from(n), stats),
        Some(ActOptions::Gate(n)) => gate(s, &GateOptions::from(n), stats),
        _ => Err(io::Error::other(format!(
            "nlctl prints no action of kind \"{kind}\" yet"
        ))),
    }
}

fn mirred<S: Sink>(
    s: &mut S,
    o: &MirredOptions<'_>,
    names: &LinkNames,
    stats: bool,
) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let (dir, what) = match MirredAction(p.eaction.get()) {
        MirredAction::EGRESS_REDIR => (("Egress", "egress"), ("Redirect", "redirect")),
        MirredAction::EGRESS_MIRROR => (("Egress", "egress"), ("Mirror", "mirror")),
        MirredAction::INGRESS_REDIR => (("Ingress", "ingress"), ("Redirect", "redirect")),
        MirredAction::INGRESS_MIRROR => (("Ingress", "ingress"), ("Mirror", "mirror")),
        _ => (("unknown", "unknown"), ("unknown", "unknown")),
    };
    s.string("kind", Some(Txt("", " ")), "mirred")?;
    s.text(format_args!("({} {}", dir.0, what.0))?;
    s.string("mirred_action", None, what.1)?;
    s.string("direction", None, dir.1)?;
    s.string(
        "to_dev",
        Some(Txt(" to device ", ")")),
        names.name(p.ifindex.get()),
    )?;
    control(s, " ", p.tc_gen.verdict(), "")?;
    index(s, "\n\t", &p.tc_gen)?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    Ok(())
}

fn gact<S: Sink>(s: &mut S, o: &GactOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    s.string("kind", Some(Txt("", " ")), "gact")?;
    control(s, "action ", p.verdict(), "")?;
    // tc prints a random verdict always: zeros when there is none.
    let (ptype, pval, paction) = match o.prob().map_err(bad)? {
        Some(pp) => {
            let pp = pp.get();
            (
                GactProb(pp.ptype.get()),
                pp.pval.get(),
                Verdict(pp.paction.get()),
            )
        }
        None => (GactProb::NONE, 0, Verdict(0)),
    };
    s.text("\n")?;
    s.open_object("prob")?;
    match ptype.short_name() {
        Some(n) => s.string("random_type", Some(Txt("\t random type ", "")), n)?,
        None => s.string("random_type", Some(Txt("\t random type ", "")), ptype.0)?,
    }
    control(s, " ", paction, " ")?;
    s.number("val", Some(Txt("val ", "")), pval)?;
    s.close_object()?;
    index(s, "\n\t ", &p)?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    Ok(())
}

/// A MAC address as `tc` prints one.
pub(crate) struct Mac(pub(crate) [u8; 6]);

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

/// The end every kind but gact and mirred shares: the verdict after a space, the index line
/// after `sep`, with `-s` the times.
fn tail<S: Sink>(s: &mut S, g: &TcGen, sep: &str, tm: Option<TcfT>, stats: bool) -> io::Result<()> {
    control(s, " ", g.verdict(), "")?;
    index(s, sep, g)?;
    match tm {
        Some(tm) if stats => times(s, &tm),
        _ => Ok(()),
    }
}

/// An enumerated value's name, or its number.
fn name_or_number(name: Option<&'static str>, n: i64) -> String {
    name.map_or_else(|| n.to_string(), str::to_owned)
}

fn vlan<S: Sink>(s: &mut S, o: &VlanOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let act = VlanAction(p.v_action.get());
    s.string("kind", Some(Txt("", " ")), "vlan")?;
    s.string(
        "vlan_action",
        Some(Txt(" ", "")),
        name_or_number(act.short_name(), act.0.into()),
    )?;
    if let Some(id) = o.push_vlan_id().map_err(bad)? {
        s.number("id", Some(Txt(" id ", "")), id)?;
    }
    if let Some(pr) = o.push_vlan_protocol().map_err(bad)? {
        s.string("protocol", Some(Txt(" protocol ", "")), ProtocolName(pr))?;
    }
    if let Some(pr) = o.push_vlan_priority().map_err(bad)? {
        s.number("priority", Some(Txt(" priority ", "")), pr)?;
    }
    if let Some(m) = o.push_eth_dst().map_err(bad)? {
        s.string("dst_mac", Some(Txt(" dst_mac ", "")), Mac(m))?;
    }
    if let Some(m) = o.push_eth_src().map_err(bad)? {
        s.string("src_mac", Some(Txt(" src_mac ", "")), Mac(m))?;
    }
    tail(
        s,
        &p.tc_gen,
        "\n\t ",
        o.tm().map_err(bad)?.map(|t| t.get()),
        stats,
    )
}

fn mpls<S: Sink>(s: &mut S, o: &MplsOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let act = MplsAction(p.m_action.get());
    s.string("kind", Some(Txt("", " ")), "mpls")?;
    s.string(
        "mpls_action",
        Some(Txt(" ", "")),
        name_or_number(act.short_name(), act.0.into()),
    )?;
    if let Some(pr) = o.proto().map_err(bad)? {
        s.string("protocol", Some(Txt(" protocol ", "")), ProtocolName(pr))?;
    }
    if let Some(l) = o.label().map_err(bad)? {
        s.number("label", Some(Txt(" label ", "")), l)?;
    }
    if let Some(t) = o.tc().map_err(bad)? {
        s.number("tc", Some(Txt(" tc ", "")), t)?;
    }
    if let Some(b) = o.bos().map_err(bad)? {
        s.number("bos", Some(Txt(" bos ", "")), b)?;
    }
    if let Some(t) = o.ttl().map_err(bad)? {
        s.number("ttl", Some(Txt(" ttl ", "")), t)?;
    }
    tail(
        s,
        &p.tc_gen,
        "\n\t ",
        o.tm().map_err(bad)?.map(|t| t.get()),
        stats,
    )
}

fn sample<S: Sink>(s: &mut S, o: &SampleOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let rate = o.rate().map_err(bad)?.ok_or_else(|| missing("rate"))?;
    let group = o
        .psample_group()
        .map_err(bad)?
        .ok_or_else(|| missing("group"))?;
    s.string("kind", Some(Txt("", " ")), "sample")?;
    s.number("rate", Some(Txt("rate 1/", "")), rate)?;
    s.number("group", Some(Txt(" group ", "")), group)?;
    if let Some(t) = o.trunc_size().map_err(bad)? {
        s.number("trunc_size", Some(Txt(" trunc_size ", "")), t)?;
    }
    tail(s, &p, "\n\t ", o.tm().map_err(bad)?.map(|t| t.get()), stats)
}

fn connmark<S: Sink>(s: &mut S, o: &ConnmarkOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    s.string("kind", Some(Txt("", " ")), "connmark")?;
    s.number("zone", Some(Txt("zone ", "")), p.zone.get())?;
    tail(
        s,
        &p.tc_gen,
        "\n\t ",
        o.tm().map_err(bad)?.map(|t| t.get()),
        stats,
    )
}

fn csum<S: Sink>(s: &mut S, o: &CsumOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let flags = CsumFlags(p.update_flags.get());
    let names: Vec<_> = flags.short_names().collect();
    let list = if names.is_empty() {
        "?empty".to_owned()
    } else {
        names.join(", ")
    };
    s.string("kind", Some(Txt("", " ")), "csum")?;
    s.string("csum", Some(Txt("(", ") ")), list)?;
    control(s, "action ", p.tc_gen.verdict(), "")?;
    index(s, "\n\t", &p.tc_gen)?;
    match o.tm().map_err(bad)? {
        Some(tm) if stats => times(s, &tm.get()),
        _ => Ok(()),
    }
}

fn nat<S: Sink>(s: &mut S, o: &NatOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    // tc 6.1 takes the prefix length as 33 - ffs() of the mask read in host order, which on
    // a little-endian machine is 32 for any mask whose first byte is 0xff: printed as tc does.
    let m = u32::from_ne_bytes(p.mask);
    let len = if m == 0 { 0 } else { 32 - m.trailing_zeros() };
    let dir = if p.flags.get() & 1 != 0 {
        "egress"
    } else {
        "ingress"
    };
    s.string("type", Some(Txt(" ", " ")), "nat")?;
    s.string("direction", Some(Txt("", " ")), dir)?;
    s.string(
        "old_addr",
        Some(Txt("", " ")),
        format_args!("{}/{len}", Ipv4Addr::from(p.old_addr)),
    )?;
    s.string("new_addr", Some(Txt("", "")), Ipv4Addr::from(p.new_addr))?;
    tail(
        s,
        &p.tc_gen,
        "\n\t ",
        o.tm().map_err(bad)?.map(|t| t.get()),
        stats,
    )
}

fn skbedit<S: Sink>(s: &mut S, o: &SkbeditOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    // tc 6.1 prints neither the queue_mapping range's end (TCA_SKBEDIT_QUEUE_MAPPING_MAX)
    // nor the hash flag (SKBEDIT_F_TXQ_SKBHASH).
    s.string("kind", Some(Txt("", " ")), "skbedit")?;
    if let Some(q) = o.queue_mapping().map_err(bad)? {
        s.number("queue_mapping", Some(Txt("queue_mapping ", "")), q)?;
    }
    if let Some(pr) = o.priority().map_err(bad)? {
        s.string("priority", Some(Txt(" priority ", "")), pr)?;
    }
    if let Some(m) = o.mark().map_err(bad)? {
        s.number("mark", Some(Txt(" mark ", "")), m)?;
        if let Some(mask) = o.mask().map_err(bad)? {
            s.text(format_args!("/{mask:#x}"))?;
            s.string("mask", None, format_args!("{mask:x}"))?;
        }
    }
    if let Some(t) = o.ptype().map_err(bad)? {
        s.string(
            "ptype",
            Some(Txt(" ptype ", "")),
            name_or_number(PacketType(t.0).short_name(), t.0.into()),
        )?;
    }
    if let Some(f) = o.flags().map_err(bad)?
        && f.contains(SkbeditFlags::INHERITDSFIELD)
    {
        s.literal("inheritdsfield", Lit::Null, " inheritdsfield")?;
    }
    tail(s, &p, "\n\t ", o.tm().map_err(bad)?.map(|t| t.get()), stats)
}

fn ctinfo<S: Sink>(s: &mut S, o: &CtinfoOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .act()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    s.string("kind", Some(Txt("", " ")), "ctinfo")?;
    if let Some(z) = o.zone().map_err(bad)? {
        s.number("zone", Some(Txt("zone ", "")), z)?;
    }
    tail(s, &p, "\n\t ", None, false)?;
    if let Some(m) = o.dscp_mask().map_err(bad)? {
        // tc prints the state mask with the mask, 0 when there is none.
        let st = o.dscp_statemask().map_err(bad)?.unwrap_or(0);
        s.text(format_args!(" dscp {m:#010x} {st:#010x}"))?;
        s.string("dscpmask", None, format_args!("{m:#x}"))?;
        s.string("dscpstatemask", None, format_args!("{st:#x}"))?;
    }
    if let Some(m) = o.cpmark_mask().map_err(bad)? {
        s.text(format_args!(" cpmark {m:#010x}"))?;
        s.string("cpmark", None, format_args!("{m:#x}"))?;
    }
    if stats {
        if let Some(tm) = o.tm().map_err(bad)? {
            times(s, &tm.get())?;
        }
        for (key, text, v) in [
            ("dscpset", " DSCP set ", o.stats_dscp_set().map_err(bad)?),
            ("dscperror", " error ", o.stats_dscp_error().map_err(bad)?),
            (
                "cpmarkset",
                " CPMARK set ",
                o.stats_cpmark_set().map_err(bad)?,
            ),
        ] {
            if let Some(v) = v {
                s.number(key, Some(Txt(text, "")), v)?;
            }
        }
    }
    Ok(())
}

/// skbmod, which `tc` 6.1 prints with `fprintf` (text only; its `-j` is not JSON).
fn skbmod<S: Sink>(s: &mut S, o: &SkbmodOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    s.text("skbmod ")?;
    control(s, "", p.tc_gen.verdict(), " ")?;
    if let Some(e) = o.etype().map_err(bad)? {
        s.text(format_args!("set etype 0x{e:X} {HARD}\t "))?;
    }
    if let Some(m) = o.dmac().map_err(bad)? {
        s.text(format_args!("set dmac {} ", Mac(m)))?;
    }
    if let Some(m) = o.smac().map_err(bad)? {
        s.text(format_args!("set smac {} ", Mac(m)))?;
    }
    let flags = SkbmodFlags(p.flags.get());
    if flags.contains(SkbmodFlags::SWAPMAC) {
        s.text("swap mac ")?;
    }
    // tc 6.1 does not print SKBMOD_F_ECN.
    let g = p.tc_gen;
    s.text(format_args!(
        "{HARD}\t index {} ref {} bind {}",
        g.index.get(),
        g.refcnt.get(),
        g.bindcnt.get()
    ))?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    s.text(HARD)
}

/// Ends an action's text that `tc` ends without a soft line end (bpf's): none is added.
pub(crate) const END: char = '\x1d';

/// Bytes in hexadecimal, two digits each.
pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn ct<S: Sink>(s: &mut S, o: &CtOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let act = o.action().map_err(bad)?.unwrap_or(CtActFlags(0));
    s.string("kind", Some(Txt("", "")), "ct")?;
    // tc 6.1 names force only after commit, in the same string.
    if act.contains(CtActFlags::CLEAR) {
        s.string("action", Some(Txt(" ", "")), "clear")?;
    } else if act.contains(CtActFlags::COMMIT | CtActFlags::FORCE) {
        s.string("action", Some(Txt(" ", "")), "commit force")?;
    } else if act.contains(CtActFlags::COMMIT) {
        s.string("action", Some(Txt(" ", "")), "commit")?;
    }
    if let Some(m) = o.mark().map_err(bad)? {
        s.number("mark", Some(Txt(" mark ", "")), m)?;
        if let Some(mask) = o.mark_mask().map_err(bad)? {
            s.text(format_args!("/{mask:#x}"))?;
            s.string("mark_mask", None, format_args!("{mask:x}"))?;
        }
    }
    if let Some(z) = o.zone().map_err(bad)? {
        s.number("zone", Some(Txt(" zone ", "")), z)?;
    }
    if let Some(l) = o.labels().map_err(bad)? {
        let mask = o.labels_mask().map_err(bad)?.unwrap_or_default();
        s.string(
            "label",
            Some(Txt(" label ", "")),
            format_args!("{}/{}", hex(l), hex(mask)),
        )?;
    }
    if act.contains(CtActFlags::NAT) {
        let mut nat = String::new();
        if act.contains(CtActFlags::NAT_SRC) {
            nat.push_str("src");
        } else if act.contains(CtActFlags::NAT_DST) {
            nat.push_str("dst");
        }
        let v4 = (
            o.nat_ipv4_min().map_err(bad)?,
            o.nat_ipv4_max().map_err(bad)?,
        );
        let v6 = (
            o.nat_ipv6_min().map_err(bad)?,
            o.nat_ipv6_max().map_err(bad)?,
        );
        let range = match (v4, v6) {
            ((Some(a), b), _) => {
                Some((a.to_string(), b.filter(|b| *b != a).map(|b| b.to_string())))
            }
            (_, (Some(a), b)) => {
                Some((a.to_string(), b.filter(|b| *b != a).map(|b| b.to_string())))
            }
            _ => None,
        };
        if let Some((min, max)) = range {
            nat.push_str(&format!(" addr {min}"));
            if let Some(max) = max {
                nat.push_str(&format!("-{max}"));
            }
        }
        let ports = (
            o.nat_port_min().map_err(bad)?,
            o.nat_port_max().map_err(bad)?,
        );
        if let (Some(a), b) = ports {
            nat.push_str(&format!(" port {a}"));
            if let Some(b) = b.filter(|b| *b != a) {
                nat.push_str(&format!("-{b}"));
            }
        }
        s.string("nat", Some(Txt(" nat ", "")), nat)?;
    }
    tail(s, &p, "\n\t ", o.tm().map_err(bad)?.map(|t| t.get()), stats)
}

fn tunnel_key<S: Sink>(s: &mut S, o: &TunnelKeyOptions<'_>, stats: bool) -> io::Result<()> {
    let p = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let act = TunnelKeyAction(p.t_action.get());
    s.string("kind", Some(Txt("", " ")), "tunnel_key")?;
    s.string(
        "mode",
        Some(Txt(" ", "")),
        name_or_number(act.short_name(), act.0.into()),
    )?;
    if act == TunnelKeyAction::SET {
        let src = o.enc_ipv4_src().map_err(bad)?.map(|a| a.to_string());
        let src = src.or(o.enc_ipv6_src().map_err(bad)?.map(|a| a.to_string()));
        if let Some(a) = src {
            s.string("src_ip", Some(Txt("\n\tsrc_ip ", "")), a)?;
        }
        let dst = o.enc_ipv4_dst().map_err(bad)?.map(|a| a.to_string());
        let dst = dst.or(o.enc_ipv6_dst().map_err(bad)?.map(|a| a.to_string()));
        if let Some(a) = dst {
            s.string("dst_ip", Some(Txt("\n\tdst_ip ", "")), a)?;
        }
        if let Some(k) = o.enc_key_id().map_err(bad)? {
            s.number("key_id", Some(Txt("\n\tkey_id ", "")), k)?;
        }
        if let Some(port) = o.enc_dst_port().map_err(bad)? {
            s.number("dst_port", Some(Txt("\n\tdst_port ", "")), port)?;
        }
        if let Some(n) = o.enc_opts().map_err(bad)? {
            tunnel_opts(s, &TunnelOpts::from(n))?;
        }
        if let Some(c) = o.no_csum().map_err(bad)? {
            let flag = if c != 0 { "nocsum" } else { "csum" };
            s.string("flag", Some(Txt("\n\t", "")), flag)?;
        }
        if let Some(t) = o.enc_tos().map_err(bad)? {
            s.text(format_args!("\n\ttos {t:#x}"))?;
            s.number("tos", None, t)?;
        }
        if let Some(t) = o.enc_ttl().map_err(bad)? {
            s.number("ttl", Some(Txt("\n\tttl ", "")), t)?;
        }
    }
    tail(
        s,
        &p.tc_gen,
        "\n\t ",
        o.tm().map_err(bad)?.map(|t| t.get()),
        stats,
    )
}

/// tunnel_key's options: each kind's list as text (`geneve_opts CLASS:TYPE:DATA,...`) and as
/// a JSON array.
fn tunnel_opts<S: Sink>(s: &mut S, opts: &TunnelOpts<'_>) -> io::Result<()> {
    let mut geneve = Vec::new();
    let mut vxlan = Vec::new();
    let mut erspan = Vec::new();
    for a in opts.typed_attrs() {
        match a.map_err(bad)? {
            TunnelOptsAttr::Geneve(n) => geneve.push(GeneveOpt::from(n)),
            TunnelOptsAttr::Vxlan(n) => vxlan.push(VxlanOpt::from(n)),
            TunnelOptsAttr::Erspan(n) => erspan.push(ErspanOpt::from(n)),
            _ => return Err(io::Error::other("nlctl prints no such tunnel option yet")),
        }
    }
    if !geneve.is_empty() {
        s.text("\n\tgeneve_opts ")?;
        s.open_array("geneve_opts")?;
        for (i, g) in geneve.iter().enumerate() {
            let class = g.class().map_err(bad)?.unwrap_or(0);
            let ty = g.opt_type().map_err(bad)?.unwrap_or(0);
            let data = g.data().map_err(bad)?.unwrap_or_default();
            let sep = if i > 0 { "," } else { "" };
            let text = geneve_opt(s, class, ty, data)?;
            s.text(format_args!("{sep}{text}"))?;
        }
        s.close_array()?;
    }
    if let Some(v) = vxlan.first() {
        let gbp = v.gbp().map_err(bad)?.unwrap_or(0);
        s.text(format_args!("\n\tvxlan_opts {gbp}"))?;
        opt_array(s, "vxlan_opts", &[("gbp", gbp)])?;
    }
    if let Some(e) = erspan.first() {
        let ver = e.ver().map_err(bad)?.unwrap_or(0);
        let index = e.index().map_err(bad)?.unwrap_or(0);
        let dir = e.dir().map_err(bad)?.unwrap_or(0);
        let hwid = e.hwid().map_err(bad)?.unwrap_or(0);
        s.text(format_args!("\n\terspan_opts {ver}:{index}:{dir}:{hwid}"))?;
        let fields = [
            ("ver", ver.into()),
            ("index", index),
            ("dir", dir.into()),
            ("hwid", hwid.into()),
        ];
        opt_array(s, "erspan_opts", &fields)?;
    }
    Ok(())
}

/// One Geneve option as tunnel_key and flower print it: its JSON object (class, type, the
/// data's bytes), and its text `CLASS:TYPE:DATA` returned.
pub(crate) fn geneve_opt<S: Sink>(
    s: &mut S,
    class: u16,
    ty: u8,
    data: &[u8],
) -> io::Result<String> {
    s.open_object("")?;
    s.number("class", None, class)?;
    s.number("type", None, ty)?;
    s.open_array("data")?;
    for b in data {
        s.number("", None, b)?;
    }
    s.close_array()?;
    s.close_object()?;
    Ok(format!("{class:04x}:{ty:02x}:{}", hex(data)))
}

/// A tunnel option of named numbers as tunnel_key and flower write it in JSON: an array
/// `name` of one object.
pub(crate) fn opt_array<S: Sink>(s: &mut S, name: &str, fields: &[(&str, u32)]) -> io::Result<()> {
    s.open_array(name)?;
    s.open_object("")?;
    for (k, v) in fields {
        s.number(k, None, v)?;
    }
    s.close_object()?;
    s.close_array()
}

/// police, whose rates and sizes `tc` 6.1 prints in text only (its JSON has the index, the
/// verdicts, the overhead, with `-d` the link layer, and the counts).
fn police<S: Sink>(s: &mut S, o: &PoliceOptions<'_>, stats: bool, details: bool) -> io::Result<()> {
    let p = o
        .tbf()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    let clock = PschedClock::KERNEL;
    s.string("kind", Some(Txt(" ", " ")), "police")?;
    s.text(format_args!("{:#x} ", p.index.get()))?;
    s.number("index", None, p.index.get())?;
    let rate = o.rate().map_err(bad)?.unwrap_or(0);
    s.text(format_args!("rate {} ", Rate(rate, false)))?;
    s.text(format_args!(
        "burst {} ",
        Size(clock.xmit_size(rate, p.burst.get()))
    ))?;
    s.text(format_args!("mtu {} ", Size(p.mtu.get())))?;
    let peak = o.peakrate().map_err(bad)?.unwrap_or(0);
    if peak != 0 {
        s.text(format_args!("peakrate {} ", Rate(peak, false)))?;
    }
    if let Some(avrate) = o.avrate().map_err(bad)? {
        s.text(format_args!("avrate {} ", Rate(avrate.into(), false)))?;
    }
    if let Some(pps) = o.pktrate64().map_err(bad)? {
        let ticks = o.pktburst64().map_err(bad)?.unwrap_or(0);
        let burst = clock.xmit_size(pps, u32::try_from(ticks).unwrap_or(u32::MAX));
        s.number("pkts_rate", Some(Txt("pkts_rate ", " ")), pps)?;
        s.number("pkts_burst", Some(Txt("pkts_burst ", " ")), burst)?;
    }
    control(s, "action ", p.verdict(), "")?;
    if let Some(r) = o.result().map_err(bad)? {
        control(s, "/", r, "")?;
    }
    s.number(
        "overhead",
        Some(Txt(" overhead ", "b ")),
        p.rate.overhead.get(),
    )?;
    if details {
        let ll = u32::from(p.rate.linklayer & 0x0f);
        s.string(
            "linklayer",
            Some(Txt("linklayer ", " ")),
            crate::tc_units::linklayer_name(ll),
        )?;
    }
    s.text("\n\t")?;
    s.number("ref", Some(Txt("ref ", "")), p.refcnt.get())?;
    s.number("bind", Some(Txt(" bind ", " ")), p.bindcnt.get())?;
    match o.tm().map_err(bad)? {
        Some(tm) if stats => times(s, &tm.get()),
        _ => Ok(()),
    }
}

/// pedit (`print_pedit`): the verdict and the number of keys, the index, then each key
/// (`key #N  at OFF: val VAL mask MASK`; with extended keys the header before a signed
/// offset, `eth+0`, and `add` for an adding key). Its parameters come as
/// `TCA_PEDIT_PARMS`, or as `TCA_PEDIT_PARMS_EX` with one `TCA_PEDIT_KEY_EX` per key.
fn pedit<S: Sink>(s: &mut S, o: &PeditOptions<'_>, stats: bool) -> io::Result<()> {
    let (sel, extended) = match (o.parms().map_err(bad)?, o.parms_ex().map_err(bad)?) {
        (Some(sel), _) => (sel, None),
        (None, Some(sel)) => (sel, Some(pedit_keys_ex(o)?)),
        (None, None) => return Err(missing("parameters")),
    };
    let h = sel.header().get();
    let g = h.tc_gen;
    s.string("kind", Some(Txt(" ", " ")), "pedit")?;
    control(s, "action ", g.verdict(), " ")?;
    s.number("nkeys", Some(Txt("keys ", "")), h.nkeys)?;
    s.text(HARD)?;
    s.number("index", Some(Txt(" \t index ", "")), g.index.get())?;
    s.number("ref", Some(Txt(" ref ", "")), g.refcnt.get())?;
    s.number("bind", Some(Txt(" bind ", "")), g.bindcnt.get())?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    s.open_array("keys")?;
    for (i, key) in sel.entries().take(usize::from(h.nkeys)).enumerate() {
        let (htype, cmd) = extended
            .as_ref()
            .and_then(|ex| ex.get(i).copied())
            .unwrap_or((PeditHeader::NETWORK, PeditCmd::SET));
        // tc prints the offset as a C int.
        let off = key.off.get() as i32;
        s.open_object("")?;
        s.text(format_args!("{HARD}\t key #{i}  at "))?;
        if htype == PeditHeader::NETWORK {
            s.string("htype", None, "network")?;
            s.number("offset", Some(Txt("", "")), off)?;
        } else {
            let name = match htype.short_name() {
                Some(n) => n.to_owned(),
                None => format!("unknown({})", htype.0),
            };
            s.string("htype", Some(Txt("", "")), name)?;
            s.text(format_args!("{off:+}"))?;
            s.number("offset", None, off)?;
        }
        let add = cmd != PeditCmd::SET;
        s.text(if add { ": add" } else { ": val" })?;
        s.string("cmd", None, if add { "add" } else { "set" })?;
        for (key, text, v) in [
            ("val", " ", key.val.get()),
            ("mask", " mask ", key.mask.get()),
        ] {
            s.text(format_args!("{text}{v:08x}"))?;
            s.string(key, None, format_args!("{v:x}"))?;
        }
        s.close_object()?;
    }
    if h.nkeys == 0 {
        s.text(format_args!(
            "\npedit {:x} keys 0 is not LEGIT",
            g.index.get()
        ))?;
    }
    s.close_array()
}

/// The header and command of each extended pedit key, in order; `tc` refuses a
/// `TCA_PEDIT_PARMS_EX` without them (`Netlink error`).
fn pedit_keys_ex(o: &PeditOptions<'_>) -> io::Result<Vec<(PeditHeader, PeditCmd)>> {
    let list = o
        .keys_ex()
        .map_err(bad)?
        .ok_or_else(|| missing("extended keys"))?;
    let mut out = Vec::new();
    for a in list.typed() {
        let PeditAttr::KeyEx(n) = a.map_err(bad)? else {
            return Err(io::Error::other(
                "a pedit extended key list with another attribute",
            ));
        };
        let k = PeditKeyEx::from(n);
        out.push((
            k.htype().map_err(bad)?.unwrap_or(PeditHeader::NETWORK),
            k.cmd().map_err(bad)?.unwrap_or(PeditCmd::SET),
        ));
    }
    Ok(out)
}

/// A classic BPF program (`bpf_print_ops`): `bytecode 'N,C JT JF K,...'` in text, a
/// `bytecode` object with its length and instructions in JSON.
pub(crate) fn bytecode<S: Sink>(s: &mut S, ops: BpfOps<'_>) -> io::Result<()> {
    let code: Vec<SockFilter> = ops.entries().collect();
    s.text(format_args!("bytecode '{}", code.len()))?;
    for op in &code {
        s.text(format_args!(
            ",{} {} {} {}",
            op.code.get(),
            op.jt,
            op.jf,
            op.k.get()
        ))?;
    }
    s.text("'")?;
    s.open_object("bytecode")?;
    s.number("length", None, code.len())?;
    s.open_array("insns")?;
    for op in &code {
        s.open_object("")?;
        s.number("code", None, op.code.get())?;
        s.number("jt", None, op.jt)?;
        s.number("jf", None, op.jf)?;
        s.number("k", None, op.k.get())?;
        s.close_object()?;
    }
    s.close_array()?;
    s.close_object()
}

/// The bpf action (`bpf_print_opt`): the program's name, its classic instructions, its id
/// and tag (`tc` completes an eBPF program still loaded from the bpf syscall; nlctl prints
/// what the message says, as `tc` does for a program that is gone), the default verdict.
fn act_bpf<S: Sink>(s: &mut S, o: &ActBpfOptions<'_>, stats: bool) -> io::Result<()> {
    let g = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    s.string("kind", Some(Txt("", " ")), "bpf")?;
    if let Some(n) = o.name().map_err(bad)? {
        s.string("bpf_name", Some(Txt("", " ")), n)?;
    }
    if let (Some(ops), Some(_)) = (o.ops().map_err(bad)?, o.ops_len().map_err(bad)?) {
        bytecode(s, ops)?;
        s.text(" ")?;
    }
    if let Some(id) = o.id().map_err(bad)? {
        s.open_object("prog")?;
        s.number("id", Some(Txt("id ", " ")), id)?;
        s.close_object()?;
    }
    if let Some(tag) = o.tag().map_err(bad)? {
        s.string("tag", Some(Txt("tag ", " ")), hex(tag))?;
    }
    control(s, "default-action ", g.verdict(), "\n")?;
    s.number("index", Some(Txt("\t index ", "")), g.index.get())?;
    s.number("ref", Some(Txt(" ref ", "")), g.refcnt.get())?;
    s.number("bind", Some(Txt(" bind ", "")), g.bindcnt.get())?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    s.text(format_args!("{HARD} {END}"))
}

/// A clock's name as `tc`'s `get_clock_name` writes it.
fn clock_name(id: i32) -> &'static str {
    match id {
        0 => "REALTIME",
        11 => "TAI",
        7 => "BOOTTIME",
        1 => "MONOTONIC",
        _ => "invalid",
    }
}

/// gate (`print_gate`), which prints no kind: the priority and clock, the times, the
/// schedule one entry a line, the verdict, the index.
fn gate<S: Sink>(s: &mut S, o: &GateOptions<'_>, stats: bool) -> io::Result<()> {
    let g = o
        .parms()
        .map_err(bad)?
        .ok_or_else(|| missing("parameters"))?
        .get();
    // tc writes these line ends with fprintf, the schedule's with print_nl.
    s.text(HARD)?;
    match o.priority().map_err(bad)?.unwrap_or(-1) {
        -1 => {
            s.text("\tpriority wildcard")?;
            s.number("priority", None, -1)?;
        }
        p => {
            s.text(format_args!("\tpriority {p:<8}"))?;
            s.number("priority", None, p)?;
        }
    }
    let clock = o.clockid().map_err(bad)?.unwrap_or(-1);
    s.string("clockid", Some(Txt("\tclockid ", "")), clock_name(clock))?;
    if let Some(f) = o.flags().map_err(bad)? {
        s.string("flags", Some(Txt("\tflags ", "")), AltHex(f.into()))?;
    }
    s.text(HARD)?;
    for (key, text, t) in [
        ("base_time", "\tbase-time ", o.base_time().map_err(bad)?),
        ("cycle_time", "\tcycle-time ", o.cycle_time().map_err(bad)?),
        (
            "cycle_time_ext",
            "\tcycle-time-ext ",
            o.cycle_time_ext().map_err(bad)?,
        ),
    ] {
        // A C s64 read, printed as one.
        let t = t.unwrap_or(0) as i64;
        s.text(format_args!("{text}{}", Time64(t)))?;
        s.number(key, None, t)?;
    }
    if let Some(list) = o.entry_list().map_err(bad)? {
        s.text("\n\tschedule:\n")?;
        s.open_array("schedule")?;
        for a in list.typed() {
            let GateListAttr::Entry(n) = a.map_err(bad)? else {
                continue;
            };
            gate_entry(s, &GateEntryView::from(n))?;
        }
        s.close_array()?;
    }
    control(s, "\t", g.verdict(), "")?;
    index(s, &format!("{HARD}\t "), &g)?;
    if stats && let Some(tm) = o.tm().map_err(bad)? {
        times(s, &tm.get())?;
    }
    s.text(HARD)
}

/// One entry of a gate's schedule (`print_gate_list`).
fn gate_entry<S: Sink>(s: &mut S, e: &GateEntryView<'_>) -> io::Result<()> {
    s.open_object("")?;
    let index = e.index().map_err(bad)?.unwrap_or(0);
    s.text(format_args!("\t number {index:>4}"))?;
    s.number("number", None, index)?;
    let state = if e.gate().map_err(bad)?.is_some() {
        "open"
    } else {
        "close"
    };
    s.string("gate_state", Some(Txt("\tgate-state ", " ")), state)?;
    let interval = e.interval().map_err(bad)?.unwrap_or(0);
    s.number("interval", None, interval)?;
    s.text(format_args!("\tinterval {}", Time64(interval.into())))?;
    match e.ipv().map_err(bad)?.unwrap_or(-1) {
        -1 => {
            s.number("ipv", None, -1)?;
            s.text("\t ipv wildcard")?;
        }
        // tc prints it with %u.
        v => {
            let v = v as u32;
            s.text(format_args!("\t ipv {v:<10}"))?;
            s.number("ipv", None, v)?;
        }
    }
    match e.max_octets().map_err(bad)?.unwrap_or(-1) {
        -1 => {
            s.text("\t max-octets wildcard")?;
            s.number("max_octets", None, -1)?;
        }
        v => {
            s.text(format_args!("\t max-octets {}", Size(v as u32)))?;
            s.number("max_octets", None, v as u32)?;
        }
    }
    s.close_object()?;
    s.text("\n")
}
