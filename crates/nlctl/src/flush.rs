//! `address flush`, `route flush`, `neigh flush` and `rule flush`: list what the selector picks
//! (the same selector as `show`), then delete each entry, in rounds as `ip` does.
//!
//! Each entry is deleted by sending back the message the kernel dumped with its type turned into
//! the matching delete, as `ip` does, so that exactly the listed object goes. A round lists and
//! deletes; the next round lists again, until a list comes back empty (addresses: at most
//! `-loops` rounds, 10 by default; neighbours: 10; routes: 30 seconds). `-stats` prints `ip`'s
//! report of the rounds, `-stats -stats` also each address or route as it is deleted. Rules go
//! in one pass and print nothing, as with `ip`.

use std::io::{StdoutLock, Write};
use std::time::Instant;

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::netlink_wire::rtnl::neigh::NeighState;
use netlink::netlink_wire::rtnl::{
    AddressFamily, RTM_DELADDR, RTM_DELNEIGH, RTM_DELROUTE, RTM_DELRULE, RouteType,
};
use netlink::netlink_wire::{Flags, Message, MessageType, Msg};
use netlink::ops::route::Route;
use netlink::{AddrFilter, Address};

use crate::Ctx;
use crate::cli::Object;
use crate::error::{CliError, Result};
use crate::format::{IndexedAddr, RouteFields};
use crate::names::LinkNames;
use crate::out::Out;
use crate::show::{self, AddrSelect, NeighShow, RouteShow, RuleShow};
use crate::sink;
use crate::words::Words;

/// A parsed flush.
#[derive(Debug)]
pub(crate) enum Flush {
    /// `address flush`.
    Addr(AddrSelect),
    /// `route flush`.
    Route(RouteShow),
    /// `neigh flush`.
    Neigh(NeighShow),
    /// `rule flush`.
    Rule(RuleShow),
}

/// Parses the words after `OBJECT flush`.
///
/// # Errors
/// A flush of addresses, routes or neighbours with no selector at all (`ip` refuses those, as
/// they would take everything), a bad word, or a selector word `nlctl` does not apply yet.
pub(crate) fn parse(
    object: Object,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<Flush> {
    let bare = w.peek().is_none();
    let requires = |what: &str| Err(CliError::failed(format!("{}: {what}", w.context())));
    Ok(match object {
        Object::Address => {
            if bare {
                return requires("Flush requires arguments.");
            }
            let sel = show::parse_select(w, family, Object::Address)?;
            // ip reads `up`, `master` and `type` here and then flushes without looking at the
            // links at all: refused rather than copied.
            if let Some(word) = sel.link_word {
                return Err(w.unsupported(word));
            }
            Flush::Addr(sel)
        }
        Object::Route => {
            if bare {
                return requires("\"nlctl route flush\" requires arguments.");
            }
            Flush::Route(show::parse_route(w, family)?)
        }
        Object::Neigh => {
            if bare {
                return requires("Flush requires arguments.");
            }
            Flush::Neigh(show::parse_neigh(w, family)?)
        }
        _ => Flush::Rule(show::parse_rule(w, family)?),
    })
}

/// One entry to delete: the delete request, and its text line for `-stats -stats`.
struct Doomed {
    /// The delete, the dumped message with a delete's type.
    request: Message,
    /// What `-stats -stats` prints for it.
    line: Option<Vec<u8>>,
}

/// The delete of the dumped message `m`: the same payload, as message type `t`.
fn delete_of(m: Msg<'_>, t: MessageType) -> Message {
    Message::new(t, Flags::EMPTY, m.payload().to_vec())
}

impl Doomed {
    /// The delete (type `t`) of the dumped message `m`, printed as `f` under `-stats -stats`.
    fn of(ctx: &Ctx, m: Msg<'_>, t: MessageType, f: &impl sink::Fields) -> Doomed {
        Doomed {
            request: delete_of(m, t),
            line: line(ctx, f),
        }
    }
}

/// How many rounds a flush may take, and what it says when they run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// At most this many rounds (addresses, `-loops`; 0 means no limit).
    Rounds(i64),
    /// At most 10 rounds (neighbours).
    Neigh,
    /// As long as 30 seconds allow (routes).
    Seconds(u64),
}

/// The rounds of a flush: `list` picks the entries, each round deletes them, until a list is
/// empty. `noun` names the entries in the report; `ignored` is an errno a delete may fail with
/// because an earlier delete of the round took its entry along (addresses).
struct Rounds<'a> {
    /// The options and the connection.
    ctx: &'a Ctx<'a>,
    /// The command, for messages.
    context: &'static str,
    /// What the report calls the entries (`addresses`, `entries`).
    noun: &'static str,
    /// When to give up.
    limit: Limit,
    /// The errno of a delete that does not count as a failure.
    ignored: Option<netlink::Errno>,
    /// Stop after one round (`address flush primary`: ip flushes the promoted secondaries only
    /// when asked).
    one_round: bool,
}

impl Rounds<'_> {
    /// Lists (with the round's number) and deletes until a list is empty.
    fn run(&self, mut list: impl FnMut(u32) -> Result<Vec<Doomed>>) -> Result<()> {
        let stats = self.ctx.stats;
        let mut out = std::io::stdout().lock();
        let start = Instant::now();
        let mut round: u32 = 0;
        loop {
            if let Limit::Rounds(max) = self.limit
                && max != 0
                && i64::from(round) >= max
            {
                out.flush()?;
                crate::say!("*** Flush remains incomplete after {max} rounds. ***");
                return Err(CliError::Reported(255));
            }
            if self.limit == Limit::Neigh && round >= 10 {
                writeln!(out, "*** Flush not complete bailing out after 10 rounds")?;
                out.flush()?;
                return Err(CliError::Reported(255));
            }
            let doomed = list(round)?;
            if doomed.is_empty() {
                return self.done(&mut out, round);
            }
            round = round.saturating_add(1);
            let mut failure = None;
            for d in &doomed {
                if let Some(line) = &d.line {
                    out.write_all(line)?;
                    out.write_all(b"\n")?;
                }
                match self.ctx.conn.request(&d.request) {
                    Ok(_) => {}
                    Err(netlink::Error::Kernel(k)) if Some(k.errno) == self.ignored => {}
                    // As ip, which sends a round's deletes together: the others still go.
                    Err(e) => {
                        failure.get_or_insert(e);
                    }
                }
            }
            if let Some(e) = failure {
                out.flush()?;
                // ip's statuses for a delete that fails: 255 for addresses, 1 for neighbours,
                // the kernel's 2 for routes.
                return match self.limit {
                    Limit::Seconds(_) => Err(e.into()),
                    limit => {
                        crate::report(&CliError::from(e).context(self.context));
                        Err(CliError::Reported(if limit == Limit::Neigh {
                            1
                        } else {
                            255
                        }))
                    }
                };
            }
            if let Limit::Seconds(max) = self.limit
                && start.elapsed().as_secs() > max
            {
                writeln!(
                    out,
                    "\n*** Flush not completed after {} seconds, {} entries remain ***",
                    start.elapsed().as_secs(),
                    doomed.len()
                )?;
                return Err(CliError::Reported(1));
            }
            if stats > 0 {
                writeln!(
                    out,
                    "\n*** Round {round}, deleting {} {} ***",
                    doomed.len(),
                    self.noun
                )?;
                out.flush()?;
            }
            if self.one_round {
                return self.done(&mut out, round);
            }
        }
    }

    /// ip's last words on a flush that ended after `round` rounds.
    fn done(&self, out: &mut StdoutLock<'_>, round: u32) -> Result<()> {
        if self.ctx.stats > 0 {
            if round == 0 {
                writeln!(out, "Nothing to flush.")?;
            } else {
                let s = if round > 1 { "s" } else { "" };
                writeln!(out, "*** Flush is complete after {round} round{s} ***")?;
            }
        }
        out.flush()?;
        Ok(())
    }
}

/// The text of `f` for `-stats -stats` (on one line with `-oneline`).
fn line(ctx: &Ctx, f: &impl sink::Fields) -> Option<Vec<u8>> {
    (ctx.stats >= 2).then(|| {
        if ctx.oneline {
            return crate::out::one_line(f);
        }
        let mut v = Vec::new();
        // Writing into a vector cannot fail.
        let _ = sink::text(&mut v, f);
        v
    })
}

/// Runs a flush.
pub(crate) fn run(ctx: &Ctx, f: &Flush) -> Result<()> {
    match f {
        Flush::Addr(sel) => addr(ctx, sel),
        Flush::Route(s) => route(ctx, s),
        Flush::Neigh(s) => neigh(ctx, s),
        Flush::Rule(s) => rule(ctx, s),
    }
}

/// `address flush`.
fn addr(ctx: &Ctx, sel: &AddrSelect) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let dev = sel.dev_index(&names)?;
    let mut filter = AddrFilter::default();
    filter.family = sel.family(ctx.family);
    filter.index = dev;
    let secondary = AddrFlags::SECONDARY.bits();
    Rounds {
        ctx,
        context: "address flush",
        noun: "addresses",
        limit: Limit::Rounds(ctx.max_rounds),
        // An address a delete of the same round took along (a primary's secondaries when
        // promotion is off), which ip ignores.
        ignored: Some(netlink::Errno::ADDRNOTAVAIL),
        one_round: sel.flag_mask & secondary != 0 && sel.flags & secondary == 0,
    }
    .run(|_| {
        let mut doomed = Vec::new();
        ctx.conn.for_each_address(filter, |m| {
            let a = Address::from_msg(m)?;
            if !sel.matches(&a, names.name(a.index)) {
                return Ok(());
            }
            let dev = names.name(a.index);
            let f = IndexedAddr { a: &a, dev };
            doomed.push(Doomed::of(ctx, m.msg(), RTM_DELADDR, &f));
            Ok(())
        })?;
        Ok(doomed)
    })
}

/// `route flush`.
fn route(ctx: &Ctx, s: &RouteShow) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let sel = show::route_filter(ctx, s, &names)?;
    Rounds {
        ctx,
        context: "route flush",
        noun: "entries",
        limit: Limit::Seconds(30),
        ignored: None,
        one_round: false,
    }
    .run(|_| {
        let mut doomed = Vec::new();
        ctx.conn.for_each_route(sel.filter, |m| {
            let r = Route::from_msg(m)?;
            if !sel.selected(&r) || kernel_null_route(&r) {
                return Ok(());
            }
            let f = RouteFields {
                r: &r,
                names: &names,
                omit: sel.omit,
                style: ctx.style,
                nexthops: None,
            };
            doomed.push(Doomed::of(ctx, m.msg(), RTM_DELROUTE, &f));
            Ok(())
        })?;
        Ok(doomed)
    })
}

/// IPv6's unreachable default route with the largest metric, which the kernel keeps as the end
/// of every table and ip never flushes.
fn kernel_null_route(r: &Route) -> bool {
    r.family == AddressFamily::INET6
        && r.dst.is_none()
        && r.route_type == RouteType::UNREACHABLE
        && r.metric == Some(u32::MAX)
}

/// `neigh flush`.
fn neigh(ctx: &Ctx, s: &NeighShow) -> Result<()> {
    if ctx.stats >= 2 {
        // ip prints each deleted entry with its counters (`used`, `probes`), which `neigh show`
        // does not print yet.
        return Err(CliError::unsupported(
            "option -stats given twice with \"neigh flush\"",
        ));
    }
    let names = LinkNames::load(ctx.conn)?;
    let dev = s
        .dev
        .as_deref()
        .map(|d| show::find_device(&names, d))
        .transpose()?;
    let filter = s.dump_filter(ctx, &names, dev)?;
    let permanent_or_noarp = u32::from((NeighState::PERMANENT | NeighState::NOARP).bits());
    // A flush leaves permanent and NOARP entries alone unless `nud` names them; `nud all`
    // still spares NOARP ones.
    let mut mask = match s.nud {
        None => 0x1ff & !permanent_or_noarp,
        Some(m) if s.nud_all => m & !u32::from(NeighState::NOARP.bits()),
        Some(m) => m,
    };
    Rounds {
        ctx,
        context: "neigh flush",
        noun: "entries",
        limit: Limit::Neigh,
        ignored: None,
        one_round: false,
    }
    .run(|round| {
        if round > 0 {
            // As ip: entries that failed may stay failed; they are not flushed again.
            mask &= !u32::from(NeighState::FAILED.bits());
        }
        let mut doomed = Vec::new();
        ctx.conn.for_each_neighbour(filter, |m| {
            if !show::neigh_shown(Some(mask), m.state(), m.flags()) {
                return Ok(());
            }
            let n = netlink::Neighbour::from_msg(m)?;
            if s.inside(&n) {
                doomed.push(Doomed {
                    request: delete_of(m.msg(), RTM_DELNEIGH),
                    line: None,
                });
            }
            Ok(())
        })?;
        Ok(doomed)
    })
}

/// `rule flush`: every rule the selector picks but rule 0, in one pass.
fn rule(ctx: &Ctx, s: &RuleShow) -> Result<()> {
    let mut doomed = Vec::new();
    ctx.conn.for_each_rule(s.filter(ctx.family), |m| {
        // Rule 0 (`lookup local`) has no priority attribute, and ip leaves it alone.
        if m.priority()?.is_some() && s.selects(&netlink::Rule::from_msg(m)?) {
            doomed.push(delete_of(m.msg(), RTM_DELRULE));
        }
        Ok(())
    })?;
    for d in &doomed {
        ctx.conn.request(d)?;
    }
    // With -json ip opens and closes an empty array around a rule flush.
    if ctx.json {
        Out::new(ctx)?.finish()?;
    }
    Ok(())
}
