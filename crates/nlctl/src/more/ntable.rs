//! `ntable show [ dev DEV ] [ name NAME ]` and `ntable change name NAME [ dev DEV ] ...`.

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::{NeighTable, NeighTableChange, NeighTableFilter, NeighTableParams};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::{V, family_name};
use crate::names::LinkNames;
use crate::out::Out;
use crate::show::device;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// A device filter: `dev none` keeps the tables' own messages.
#[derive(Debug, Clone)]
pub(crate) enum Dev {
    None,
    Name(String),
}

/// A parsed `ntable` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `show`.
    Show {
        dev: Option<Dev>,
        name: Option<String>,
        family: Option<AddressFamily>,
    },
    /// `change`: the change, and the device's name.
    Change {
        change: Box<NeighTableChange>,
        dev: Option<String>,
    },
}

impl Cmd {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Cmd::Show { .. })
    }
}

/// The number after `word`, as `ip`'s `get_u32`/`get_u64` reads it.
fn num_of<T: std::str::FromStr>(w: &mut Words<'_>, word: &str) -> Result<T> {
    let v = w.value(word)?;
    v.parse()
        .map_err(|_| w.error(format!("\"{word}\" value is invalid: {v:?}")))
}

/// Reads the words after the verb.
pub(crate) fn parse(w: &mut Words<'_>, v: V, family: Option<AddressFamily>) -> Result<Cmd> {
    if v == V::Show {
        let (mut dev, mut name) = (None, None);
        while let Some(word) = w.next() {
            match word {
                "dev" => {
                    let d = w.value(word)?;
                    dev = Some(if d == "none" {
                        Dev::None
                    } else {
                        Dev::Name(d.to_owned())
                    });
                }
                "name" => name = Some(w.value(word)?.to_owned()),
                _ => return Err(w.unknown(word)),
            }
        }
        return Ok(Cmd::Show { dev, name, family });
    }
    let mut c = NeighTableChange::default();
    c.family = family.unwrap_or(AddressFamily::UNSPEC);
    let mut dev = None;
    let mut p = NeighTableParams::default();
    while let Some(word) = w.next() {
        match word {
            "name" => c.name = w.value(word)?.to_owned(),
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "thresh1" => c.thresh1 = Some(num_of(w, word)?),
            "thresh2" => c.thresh2 = Some(num_of(w, word)?),
            "thresh3" => c.thresh3 = Some(num_of(w, word)?),
            "gc_int" => c.gc_interval = Some(num_of(w, word)?),
            "base_reachable" => p.base_reachable_time = Some(num_of(w, word)?),
            "retrans" => p.retrans_time = Some(num_of(w, word)?),
            "gc_stale" => p.gc_staletime = Some(num_of(w, word)?),
            "delay_probe" => p.delay_probe_time = Some(num_of(w, word)?),
            "queue" => p.queue_len = Some(num_of(w, word)?),
            "app_probes" => p.app_probes = Some(num_of(w, word)?),
            "ucast_probes" => p.ucast_probes = Some(num_of(w, word)?),
            "mcast_probes" => p.mcast_probes = Some(num_of(w, word)?),
            "anycast_delay" => p.anycast_delay = Some(num_of(w, word)?),
            "proxy_delay" => p.proxy_delay = Some(num_of(w, word)?),
            "proxy_queue" => p.proxy_qlen = Some(num_of(w, word)?),
            "locktime" => p.locktime = Some(num_of(w, word)?),
            _ => return Err(w.unknown(word)),
        }
    }
    if c.name.is_empty() {
        return Err(CliError::usage("Error: argument \"NAME\" is required"));
    }
    let tops = [c.thresh1, c.thresh2, c.thresh3]
        .iter()
        .any(Option::is_some);
    if !tops && c.gc_interval.is_none() && p == NeighTableParams::default() && dev.is_none() {
        return Err(CliError::usage(
            "Not enough information: changeable attributes required.",
        ));
    }
    c.parms = p;
    Ok(Cmd::Change {
        change: Box::new(c),
        dev,
    })
}

/// One message as `ip ntable show` prints it.
struct TableFields<'a> {
    t: &'a NeighTable,
    names: &'a LinkNames,
}

/// `KEY VALUE ` in text, `"KEY":VALUE` in JSON, when present.
fn num<S: Sink>(
    s: &mut S,
    key: &str,
    text: &'static str,
    v: Option<impl std::fmt::Display>,
) -> std::io::Result<()> {
    match v {
        Some(v) => s.number(key, Some(Txt(text, " ")), v),
        None => Ok(()),
    }
}

impl Fields for TableFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let t = self.t;
        s.string("family", Some(Txt("", " ")), family_name(t.family))?;
        s.string("name", Some(Txt("", " ")), &t.name)?;
        s.text("\n")?;
        let thresholds = t.thresh1.is_some()
            || t.thresh2.is_some()
            || t.thresh3.is_some()
            || t.gc_interval.is_some();
        if thresholds {
            s.text("    ")?;
        }
        num(s, "thresh1", "thresh1 ", t.thresh1)?;
        num(s, "thresh2", "thresh2 ", t.thresh2)?;
        num(s, "thresh3", "thresh3 ", t.thresh3)?;
        num(s, "gc_interval", "gc_int ", t.gc_interval)?;
        if thresholds {
            s.text("\n")?;
        }
        if let Some(p) = &t.parms {
            if let Some(i) = p.index {
                s.text("    dev ")?;
                s.string("dev", Some(Txt("", " ")), self.names.name(i))?;
                s.text("\n")?;
            }
            s.text("    ")?;
            num(s, "refcnt", "refcnt ", p.refcnt)?;
            num(s, "reachable", "reachable ", p.reachable_time)?;
            num(
                s,
                "base_reachable",
                "base_reachable ",
                p.base_reachable_time,
            )?;
            num(s, "retrans", "retrans ", p.retrans_time)?;
            s.text("\n    ")?;
            num(s, "gc_stale", "gc_stale ", p.gc_staletime)?;
            num(s, "delay_probe", "delay_probe ", p.delay_probe_time)?;
            num(s, "queue", "queue ", p.queue_len)?;
            s.text("\n    ")?;
            num(s, "app_probes", "app_probes ", p.app_probes)?;
            num(s, "ucast_probes", "ucast_probes ", p.ucast_probes)?;
            num(s, "mcast_probes", "mcast_probes ", p.mcast_probes)?;
            s.text("\n    ")?;
            num(s, "anycast_delay", "anycast_delay ", p.anycast_delay)?;
            num(s, "proxy_delay", "proxy_delay ", p.proxy_delay)?;
            num(s, "proxy_queue", "proxy_queue ", p.proxy_qlen)?;
            num(s, "locktime", "locktime ", p.locktime)?;
            s.text("\n")?;
        }
        Ok(())
    }
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    match c {
        Cmd::Show { dev, name, family } => {
            let mut f = NeighTableFilter::default();
            f.family = family.or(ctx.family);
            f.name.clone_from(name);
            f.device = match dev {
                None => None,
                Some(Dev::None) => Some(None),
                Some(Dev::Name(d)) => Some(Some(device(&names, d)?)),
            };
            let mut out = Out::new(ctx)?;
            for t in ctx.conn.neigh_tables(f)? {
                out.item(&TableFields {
                    t: &t,
                    names: &names,
                })?;
            }
            out.finish()
        }
        Cmd::Change { change, dev } => {
            let mut change = (**change).clone();
            change.device = dev.as_deref().map(|d| device(&names, d)).transpose()?;
            ctx.conn.change_neigh_table(&change)?;
            Ok(())
        }
    }
}
