//! `link property add|del dev DEV altname NAME [ altname NAME ... ]`.

use netlink::AltNames;

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::words::Words;

/// A parsed `link property` command.
#[derive(Debug)]
pub(crate) struct Cmd {
    add: bool,
    dev: String,
    names: Vec<String>,
}

/// Reads the words after `add` or `del`.
pub(crate) fn parse(w: &mut Words<'_>, v: Option<V>) -> Result<Cmd> {
    let add = match v {
        Some(V::Add) => true,
        Some(V::Delete) => false,
        _ => return Err(CliError::usage("Operator required")),
    };
    let (mut dev, mut names) = (None, Vec::new());
    while let Some(word) = w.next() {
        match word {
            "dev" => dev = Some(w.value(word)?.to_owned()),
            "altname" => names.push(w.value(word)?.to_owned()),
            _ => return Err(w.unknown(word)),
        }
    }
    let dev = dev.ok_or_else(|| {
        CliError::usage("Not enough of information: \"dev\" argument is required.")
    })?;
    if names.is_empty() {
        return Err(CliError::usage(
            "Not enough of information: \"altname\" is required.",
        ));
    }
    Ok(Cmd { add, dev, names })
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    let index = ctx.conn.link_index(&c.dev)?;
    let names: Vec<&str> = c.names.iter().map(String::as_str).collect();
    let req = AltNames::new(index, &names);
    if c.add {
        ctx.conn.add_alt_names(&req)?;
    } else {
        ctx.conn.delete_alt_names(&req)?;
    }
    Ok(())
}
