//! The options of one action as `tc` 6.1's kind printers (`m_*.c`'s `print_*`) print them,
//! text and `-j`: what `tc actions ls|get` and `filter show` print between an action's
//! `action order N: ` and its statistics. Checked against `tc` itself: live for gact and
//! mirred, which this kernel has, and on built dumps for the others (`tc_oracle`). A kind
//! without a printer here fails by name.

use std::io;

use netlink::netlink_wire::rtnl::tc::{
    ActOptions, Action, GactOptions, GactProb, MirredAction, MirredOptions, TcfT, Verdict,
};

use crate::names::LinkNames;
use crate::sink::{Sink, Txt};

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
/// was installed, last used and first used (only once it has been).
pub(crate) fn times<S: Sink>(s: &mut S, tm: &TcfT) -> io::Result<()> {
    const USER_HZ: u64 = 100;
    // (key, text, ticks, printed when 0)
    let rows = [
        ("installed", " installed ", tm.install.get(), true),
        ("last_used", " used ", tm.lastuse.get(), true),
        ("first_used", " firstused ", tm.firstuse.get(), false),
        ("expires", " expires ", tm.expires.get(), false),
    ];
    for (key, text, ticks, always) in rows {
        if always || ticks != 0 {
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
/// `stats`, its times.
pub(crate) fn options<S: Sink>(
    s: &mut S,
    a: &Action<'_>,
    names: &LinkNames,
    stats: bool,
) -> io::Result<()> {
    let kind = a.kind().map_err(bad)?.unwrap_or_default();
    match a.options().map_err(bad)? {
        Some(ActOptions::Mirred(n)) => mirred(s, &MirredOptions::from(n), names, stats),
        Some(ActOptions::Gact(n)) => gact(s, &GactOptions::from(n), stats),
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
