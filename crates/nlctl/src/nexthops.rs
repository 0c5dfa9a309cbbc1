//! `nexthop show|get|flush` and `nexthop bucket show|get`, read and printed as `ip` 6.1's
//! `ipnexthop.c` does: the same selector words (`dev`, `groups`, `master`, `vrf`, `id`,
//! `protocol`, `fdb`; `nhid` for buckets), the same errors, and a flush that deletes what one
//! listing picks and counts what it deleted.

use std::io::Write;

use netlink::{Errno, KernelError, Nexthop, NexthopBucket, NexthopBucketFilter, NexthopFilter};

use crate::cli::{self, Object};
use crate::error::{CliError, Result};
use crate::format::NexthopFields;
use crate::names::LinkNames;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;
use crate::{Ctx, help};

/// A parsed nexthop command.
#[derive(Debug)]
pub(crate) enum NhCommand {
    /// `nexthop show SELECTOR`.
    Show(Select),
    /// `nexthop get id ID`, and `nexthop show id ID`, which ip answers the same way.
    Get(u32),
    /// `nexthop flush SELECTOR`.
    Flush(Select),
    /// `nexthop flush id ID`: that one deleted.
    FlushId(u32),
    /// `nexthop bucket show SELECTOR`.
    Buckets(Select),
    /// `nexthop bucket get id ID index INDEX`.
    BucketGet(u32, u16),
}

/// ip's nexthop selector.
#[derive(Debug, Default)]
pub(crate) struct Select {
    dev: Option<String>,
    groups: bool,
    master: Option<String>,
    vrf: Option<String>,
    protocol: Option<u8>,
    fdb: bool,
    /// `nhid ID` (buckets).
    nhid: Option<u32>,
    /// `id ID` (buckets: a filter).
    id: Option<u32>,
}

/// ip's `invarg`: a bad argument, exit 255.
fn invarg(v: &str, what: &str) -> CliError {
    CliError::usage(format!("Error: argument \"{v}\" is wrong: {what}"))
}

/// An id as ip reads one (`ipnh_parse_id`).
fn id(v: &str) -> Result<u32> {
    cli::c_unsigned(v).ok_or_else(|| invarg(v, "invalid id value"))
}

/// What a selector word ends in: more words, or an `id` that makes the command a lookup.
enum Step {
    Go,
    Id(u32),
}

/// Reads one word of ip's selector into `s`; `buckets` takes `id` as a filter and `nhid`.
fn select_word(w: &mut Words<'_>, s: &mut Select, word: &str, buckets: bool) -> Result<Step> {
    match word {
        _ if cli::abbreviates(word, "dev") => s.dev = Some(w.value(word)?.to_owned()),
        _ if cli::abbreviates(word, "groups") => s.groups = true,
        _ if cli::abbreviates(word, "master") => s.master = Some(w.value(word)?.to_owned()),
        _ if cli::abbreviates(word, "vrf") => s.vrf = Some(w.value(word)?.to_owned()),
        "id" if buckets => s.id = Some(id(w.value(word)?)?),
        "id" => return Ok(Step::Id(id(w.value(word)?)?)),
        "nhid" if buckets => s.nhid = Some(id(w.value(word)?)?),
        _ if cli::abbreviates(word, "protocol") => {
            let v = w.value(word)?;
            s.protocol = Some(
                cli::c_unsigned(v)
                    .and_then(|p| u8::try_from(p).ok())
                    .ok_or_else(|| invarg(v, "invalid protocol value"))?,
            );
        }
        _ if cli::abbreviates(word, "fdb") => s.fdb = true,
        _ if cli::abbreviates(word, "help") => {
            return Err(CliError::Help(help::object(Object::Nexthop).to_owned()));
        }
        _ => return Err(invarg(word, "")),
    }
    Ok(Step::Go)
}

/// Parses `nexthop show` (`flush`: `nexthop flush`): an `id` ends the words, as in ip.
pub(crate) fn parse_list(w: &mut Words<'_>, flush: bool) -> Result<NhCommand> {
    let mut s = Select::default();
    while let Some(word) = w.next() {
        if let Step::Id(i) = select_word(w, &mut s, word, false)? {
            return Ok(if flush {
                NhCommand::FlushId(i)
            } else {
                NhCommand::Get(i)
            });
        }
    }
    Ok(if flush {
        NhCommand::Flush(s)
    } else {
        NhCommand::Show(s)
    })
}

/// Parses `nexthop get id ID`.
pub(crate) fn parse_get(w: &mut Words<'_>) -> Result<NhCommand> {
    let mut found = None;
    while let Some(word) = w.next() {
        match word {
            "id" => found = Some(id(w.value(word)?)?),
            _ if cli::abbreviates(word, "help") => {
                return Err(CliError::Help(help::object(Object::Nexthop).to_owned()));
            }
            _ => return Err(invarg(word, "")),
        }
    }
    found
        .map(NhCommand::Get)
        .ok_or_else(|| CliError::Help(help::object(Object::Nexthop).to_owned()))
}

/// Parses `nexthop bucket show|list|get ...`.
pub(crate) fn parse_bucket(w: &mut Words<'_>) -> Result<NhCommand> {
    let usage = || CliError::Help(help::object(Object::Nexthop).to_owned());
    let verb = w.next();
    match verb {
        None => Ok(NhCommand::Buckets(Select::default())),
        Some(v) if cli::abbreviates(v, "list") || cli::abbreviates(v, "show") => {
            let mut s = Select::default();
            while let Some(word) = w.next() {
                select_word(w, &mut s, word, true)?;
            }
            Ok(NhCommand::Buckets(s))
        }
        Some(v) if cli::abbreviates(v, "get") => {
            let (mut group, mut index) = (None, None);
            while let Some(word) = w.next() {
                match word {
                    "id" => group = Some(id(w.value(word)?)?),
                    "index" => {
                        let v = w.value(word)?;
                        index = Some(
                            cli::c_unsigned(v)
                                .and_then(|i| u16::try_from(i).ok())
                                .ok_or_else(|| invarg(v, "invalid index value"))?,
                        );
                    }
                    _ => return Err(usage()),
                }
            }
            match (group, index) {
                (Some(g), Some(i)) => Ok(NhCommand::BucketGet(g, i)),
                _ => Err(usage()),
            }
        }
        Some(_) => Err(usage()),
    }
}

/// The kernel's "not found", for the lookups the library answers with `None`.
fn not_found() -> CliError {
    netlink::Error::Kernel(KernelError::new(Errno::NOENT)).into()
}

impl Select {
    /// The dump filter, with the names resolved as ip resolves them (a missing device is a
    /// bad argument, exit 255).
    fn filter(&self, ctx: &Ctx, names: &LinkNames) -> Result<NexthopFilter> {
        let dev = |d: &str| {
            names
                .index(d)
                .ok_or_else(|| invarg(d, "Device does not exist"))
        };
        let mut f = NexthopFilter::default().groups(self.groups).fdb(self.fdb);
        f.family = ctx.family;
        f.oif = self.dev.as_deref().map(dev).transpose()?;
        f.master = self.master.as_deref().map(dev).transpose()?;
        if let Some(v) = &self.vrf {
            let vrf = names
                .index(v)
                .and_then(|i| ctx.conn.link_by_index(i).ok().flatten())
                .filter(|l| l.kind.as_deref() == Some("vrf"))
                .ok_or_else(|| invarg(v, "Invalid VRF"))?;
            f.master = Some(vrf.index);
        }
        Ok(f)
    }
}

/// Runs a nexthop command.
pub(crate) fn run(ctx: &Ctx, c: &NhCommand) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    match c {
        NhCommand::Get(i) => {
            let n = ctx.conn.nexthop(*i)?.ok_or_else(not_found)?;
            let mut out = Out::new(ctx)?;
            out.item(&NexthopFields {
                n: &n,
                names: &names,
                style: ctx.style,
            })?;
            out.finish()
        }
        NhCommand::Show(s) => {
            let filter = s.filter(ctx, &names)?;
            let mut out = Out::new(ctx)?;
            let mut failure = None;
            ctx.conn.for_each_nexthop(filter, |m| {
                // ip filters the protocol itself; the kernel has no such dump filter.
                if s.protocol.is_some_and(|p| p != m.protocol().0) || failure.is_some() {
                    return Ok(());
                }
                let n = Nexthop::from_msg(m)?;
                if let Err(e) = out.item(&NexthopFields {
                    n: &n,
                    names: &names,
                    style: ctx.style,
                }) {
                    failure = Some(e);
                }
                Ok(())
            })?;
            if let Some(e) = failure {
                return Err(e);
            }
            out.finish()
        }
        NhCommand::Flush(s) => flush(ctx, s, &names),
        NhCommand::FlushId(i) => {
            // ip deletes that one and says nothing; a failure is its status 1.
            ctx.conn.delete_nexthop(*i).map_err(|e| match e {
                netlink::Error::Kernel(k) => {
                    CliError::failed(format!("RTNETLINK answers: {}", netlink::Error::Kernel(k)))
                }
                e => e.into(),
            })
        }
        NhCommand::Buckets(s) => {
            let f = s.filter(ctx, &names)?;
            let mut filter = NexthopBucketFilter::default();
            filter.group = s.id;
            filter.nh_id = s.nhid;
            filter.oif = f.oif;
            filter.master = f.master;
            let mut out = Out::new(ctx)?;
            for b in ctx.conn.nexthop_buckets(filter)? {
                out.item(&BucketFields { b: &b })?;
            }
            out.finish()
        }
        NhCommand::BucketGet(g, i) => {
            let b = ctx.conn.nexthop_bucket(*g, *i)?.ok_or_else(not_found)?;
            let mut out = Out::new(ctx)?;
            out.item(&BucketFields { b: &b })?;
            out.finish()
        }
    }
}

/// `nexthop flush`: every nexthop the selector picks, deleted in the order of one listing, as
/// ip deletes them; a delete that fails (a group went with its last member) is not counted.
/// A flush of everything deletes the groups first, then the rest, so that no group dies with
/// its members uncounted. ip prints the count, or that there was nothing to flush.
fn flush(ctx: &Ctx, s: &Select, names: &LinkNames) -> Result<()> {
    let filter = s.filter(ctx, names)?;
    // ip's flush of everything is a flush without words.
    let everything = s.dev.is_none()
        && !s.groups
        && s.master.is_none()
        && s.vrf.is_none()
        && s.protocol.is_none()
        && !s.fdb;
    let passes = if everything {
        vec![filter.groups(true), filter]
    } else {
        vec![filter]
    };
    let mut flushed = 0usize;
    for filter in passes {
        let picked: Vec<u32> = ctx
            .conn
            .nexthops(filter)?
            .into_iter()
            .filter(|n| s.protocol.is_none_or(|p| p == n.protocol.0))
            .map(|n| n.id)
            .collect();
        for i in picked {
            match ctx.conn.delete_nexthop(i) {
                Ok(()) => flushed += 1,
                Err(netlink::Error::Kernel(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let mut out = std::io::stdout().lock();
    if flushed > 0 {
        writeln!(out, "Flushed {flushed} nexthops")?;
    } else {
        writeln!(out, "Nothing to flush")?;
    }
    out.flush()?;
    Ok(())
}

/// A bucket as `ip nexthop bucket show` prints it.
#[derive(Debug)]
struct BucketFields<'a> {
    b: &'a NexthopBucket,
}

impl Fields for BucketFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let b = self.b;
        s.number("id", Some(Txt("id ", " ")), b.group)?;
        s.open_object("bucket")?;
        s.number("index", Some(Txt("index ", " ")), b.index)?;
        // Clock ticks (USER_HZ) as seconds with two decimals, as ip prints them.
        let (sec, cs) = (b.idle_time / 100, b.idle_time % 100);
        s.number(
            "idle_time",
            Some(Txt("idle_time ", " ")),
            format_args!("{sec}.{cs:02}"),
        )?;
        s.number("nhid", Some(Txt("nhid ", " ")), b.nh_id)?;
        s.close_object()?;
        s.open_array("flags")?;
        for (f, name) in crate::format::NEXTHOP_FLAGS {
            if b.flags.contains(f) {
                s.string("", Some(Txt("", " ")), name)?;
            }
        }
        s.close_array()
    }
}
