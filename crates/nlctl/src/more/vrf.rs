//! `vrf show [ NAME ]`: the VRF links and their tables, as `ip vrf show` lists them (the
//! links of kind `vrf`, with `IFLA_VRF_TABLE`). `vrf exec`, `identify` and `pids` work on
//! cgroups and BPF programs, not netlink: they are refused by name.

use std::io::Write;

use netlink::netlink_wire::rtnl::Table;
use netlink::netlink_wire::rtnl::link::KindData;
use netlink::{Link, LinkFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::out::Out;
use crate::sink::{Fields, Sink};
use crate::words::Words;

/// A parsed `vrf show`.
#[derive(Debug)]
pub(crate) struct Show {
    /// `show NAME`: that VRF's table alone.
    name: Option<String>,
}

/// The usage `ip vrf` prints for a bad line.
pub(crate) const USAGE: &str = "\
Usage: nlctl vrf show [NAME] ...
Not supported yet: exec, identify, pids (cgroups and BPF, not netlink).";

/// Reads the words after `show`.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Show> {
    if v != V::Show {
        return Err(w.unsupported(w.context()));
    }
    let name = w.next().map(str::to_owned);
    if w.peek().is_some() {
        return Err(CliError::usage(USAGE));
    }
    Ok(Show { name })
}

/// One VRF in JSON (the text is written in columns by [`run`]).
struct Row<'a> {
    name: &'a str,
    table: u32,
}

impl Fields for Row<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.string("name", None, self.name)?;
        s.number("table", None, self.table)
    }
}

/// The VRFs of the namespace, in the kernel's order: each link of kind `vrf`, with its table
/// (`ip` leaves out a VRF whose data lacks the table).
fn vrfs(ctx: &Ctx<'_>) -> Result<Vec<(String, Table)>> {
    let mut found = Vec::new();
    let mut filter = LinkFilter::default();
    filter.kind = Some("vrf".to_owned());
    ctx.conn.for_each::<Link>(filter, |m| {
        if let Some(KindData::Vrf(d)) = m.link_info()?.map(|i| i.kind_data()).transpose()?.flatten()
            && let Some(t) = d.table()?
        {
            found.push((m.name()?.unwrap_or_default().to_owned(), t));
        }
        Ok(())
    })?;
    Ok(found)
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, s: &Show) -> Result<()> {
    let vrfs = vrfs(ctx)?;
    if let Some(name) = &s.name {
        let Some((_, t)) = vrfs.iter().find(|(n, _)| n == name) else {
            return Err(CliError::usage("Invalid VRF"));
        };
        let mut out = std::io::stdout().lock();
        writeln!(out, "{name} {}", t.0)?;
        return Ok(out.flush()?);
    }
    if ctx.json {
        let mut out = Out::new(ctx)?;
        for (name, t) in &vrfs {
            out.item(&Row { name, table: t.0 })?;
        }
        return out.finish();
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<16}  {:>5}\n-----------------------",
        "Name", "Table"
    )?;
    for (name, t) in &vrfs {
        writeln!(out, "{name:<16} {:>5}", t.0)?;
    }
    if vrfs.is_empty() {
        writeln!(out, "No VRF has been configured")?;
    }
    Ok(out.flush()?)
}
