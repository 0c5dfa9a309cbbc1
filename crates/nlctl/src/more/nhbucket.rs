//! `nexthop bucket [ show ] [ id ID ] [ nhid ID ] [ dev DEV ] [ master DEV ]` and
//! `nexthop bucket get id ID index INDEX`.

use netlink::{NexthopBucket, NexthopBucketFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::format::NEXTHOP_FLAGS;
use crate::more::V;
use crate::more::g::G;
use crate::names::LinkNames;
use crate::out::Out;
use crate::show::device;
use crate::sink::{Fields, Sink, Txt};
use crate::words::{self, Words};

/// A parsed `nexthop bucket` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `show`: the filter's words.
    Show {
        id: Option<u32>,
        nhid: Option<u32>,
        dev: Option<String>,
        master: Option<String>,
    },
    /// `get id ID index INDEX`.
    Get { id: u32, index: u16 },
}

/// Reads the words after the verb.
pub(crate) fn parse(w: &mut Words<'_>, v: Option<V>) -> Result<Cmd> {
    let (mut id, mut nhid, mut dev, mut master, mut index) = (None, None, None, None, None);
    while let Some(word) = w.next() {
        match word {
            "id" => id = Some(words::number(w.value(word)?, "id")?),
            "nhid" => nhid = Some(words::number(w.value(word)?, "nhid")?),
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "master" => master = Some(w.value(word)?.to_owned()),
            "index" if v == Some(V::Get) => {
                index = Some(words::small::<u16>(w.value(word)?, "index")?);
            }
            "vrf" => return Err(w.unsupported(word)),
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(match v {
        Some(V::Get) => {
            let (Some(id), Some(index)) = (id, index) else {
                return Err(CliError::usage(
                    "nexthop bucket get: \"id\" and \"index\" are required",
                ));
            };
            Cmd::Get { id, index }
        }
        _ => Cmd::Show {
            id,
            nhid,
            dev,
            master,
        },
    })
}

/// A bucket as `ip nexthop bucket` prints it.
struct BucketFields<'a> {
    b: &'a NexthopBucket,
}

impl Fields for BucketFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let b = self.b;
        s.number("id", Some(Txt("id ", " ")), b.group)?;
        s.open_object("bucket")?;
        s.number("index", Some(Txt("index ", " ")), b.index)?;
        // Clock ticks (USER_HZ, 100 a second) as seconds, printed with %g.
        let secs = u32::try_from(b.idle_time / 100).map_or(f64::from(u32::MAX), f64::from)
            + f64::from(u8::try_from(b.idle_time % 100).unwrap_or(0)) / 100.0;
        s.number("idle_time", Some(Txt("idle_time ", " ")), G(secs))?;
        s.number("nhid", Some(Txt("nhid ", " ")), b.nh_id)?;
        s.close_object()?;
        s.open_array("flags")?;
        for (f, name) in NEXTHOP_FLAGS {
            if b.flags.contains(f) {
                s.string("", Some(Txt("", " ")), name)?;
            }
        }
        s.close_array()
    }
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    let mut out;
    match c {
        Cmd::Get { id, index } => {
            let b = ctx.conn.nexthop_bucket(*id, *index)?.ok_or_else(|| {
                CliError::failed(format!("nexthop group {id} has no bucket {index}"))
            })?;
            out = Out::new(ctx)?;
            out.item(&BucketFields { b: &b })?;
        }
        Cmd::Show {
            id,
            nhid,
            dev,
            master,
        } => {
            let names = LinkNames::load(ctx.conn)?;
            let mut f = NexthopBucketFilter::default();
            f.group = *id;
            f.nh_id = *nhid;
            f.oif = dev.as_deref().map(|d| device(&names, d)).transpose()?;
            f.master = master.as_deref().map(|d| device(&names, d)).transpose()?;
            out = Out::new(ctx)?;
            for b in ctx.conn.nexthop_buckets(f)? {
                out.item(&BucketFields { b: &b })?;
            }
        }
    }
    out.finish()
}
