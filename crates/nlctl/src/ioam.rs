//! `nlctl ioam`: IPv6 In-situ OAM in the words of `ip ioam` (iproute2 6.1): namespaces and
//! schemas shown, added and deleted, and a namespace's schema set, printed as `ip` prints
//! them in text and with `-json`.
//!
//! `ip ioam` matches its words whole (`strcmp`), not by prefix, and ignores words after a
//! complete command; so does `nlctl`. Its JSON is printed as `ip` prints it, including the
//! schema data's bytes under empty keys. With `-oneline` each object ends with `\` and no line
//! ends the output, as `ip`'s does.

use std::io::{self, Write};

use netlink::genl::GenlConnection;
use netlink::genl::ioam6::{IoamNamespace, IoamSchema};
use netlink::netlink_wire::genl::ioam6::MAX_SCHEMA_DATA_LEN;

use crate::cli::Opts;
use crate::error::{CliError, Result};
use crate::honours::Honours;
use crate::ip_errors::{incomplete, ip_kernel_error, wrong};
use crate::out::Out;
use crate::sink::{Fields, Lit, Sink, Txt};

/// `nlctl ioam help`: `ip ioam help`'s usage.
pub(crate) const USAGE: &str = "\
Usage:	nlctl ioam { COMMAND | help }
	nlctl ioam namespace show
	nlctl ioam namespace add ID [ data DATA32 ] [ wide DATA64 ]
	nlctl ioam namespace del ID
	nlctl ioam schema show
	nlctl ioam schema add ID DATA
	nlctl ioam schema del ID
	nlctl ioam namespace set ID schema { ID | none }";

/// A parsed `nlctl ioam` command.
#[derive(Debug)]
pub(crate) enum Ioam {
    /// `namespace show`.
    NamespaceShow,
    /// `namespace add ID [ data DATA32 ] [ wide DATA64 ]`.
    NamespaceAdd(IoamNamespace),
    /// `namespace del ID`.
    NamespaceDel(u16),
    /// `namespace set ID schema { ID | none }`.
    NamespaceSet(u16, Option<u32>),
    /// `schema show`.
    SchemaShow,
    /// `schema add ID DATA`.
    SchemaAdd(IoamSchema),
    /// `schema del ID`.
    SchemaDel(u32),
}

impl Ioam {
    /// The global options the command honours: `-json` for the shows.
    pub(crate) fn honours(&self) -> Honours {
        Honours {
            json: matches!(self, Ioam::NamespaceShow | Ioam::SchemaShow),
            family: false,
            stats: false,
            timestamp: false,
        }
    }
}

/// `get_u16`/`get_u32` with base 0, or `ip`'s "argument is wrong" error.
fn id<T: TryFrom<u32>>(word: &str, what: &str) -> Result<T> {
    crate::cli::c_unsigned(word)
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| wrong(word, what))
}

/// `get_u64` with base 16, as `ip` reads wide data: hexadecimal digits, `0x` allowed.
fn wide(word: &str) -> Result<u64> {
    let digits = word
        .strip_prefix("0x")
        .or_else(|| word.strip_prefix("0X"))
        .unwrap_or(word);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(wrong(word, "Invalid wide data"));
    }
    u64::from_str_radix(digits, 16).map_err(|_| wrong(word, "Invalid wide data"))
}

/// The next word, which the command needs.
fn take<'a>(it: &mut impl Iterator<Item = &'a str>) -> Result<&'a str> {
    it.next().ok_or_else(incomplete)
}

/// Reads the words after `ioam`.
///
/// # Errors
/// `ip ioam`'s usage errors (255), `help`.
pub(crate) fn parse(words: &[String]) -> Result<(Ioam, String)> {
    let mut it = words.iter().map(String::as_str);
    let object = match it.next() {
        None | Some("help") => return Err(CliError::Help(USAGE.to_owned())),
        Some(w) => w,
    };
    let cmd = match object {
        "namespace" => match take(&mut it)? {
            "show" => Ioam::NamespaceShow,
            "add" => {
                let mut ns = IoamNamespace::new(id(take(&mut it)?, "Invalid namespace ID")?);
                let mut maybe_wide = false;
                if let Some(w) = it.next() {
                    match w {
                        "data" => {
                            let v = take(&mut it)?;
                            ns.data = Some(id(v, "Invalid data")?);
                            maybe_wide = true;
                        }
                        "wide" => ns.wide = Some(wide(take(&mut it)?)?),
                        _ => return Err(wrong(w, "Invalid argument")),
                    }
                }
                if let Some(w) = it.next() {
                    if !maybe_wide || w != "wide" {
                        return Err(wrong(w, "Unexpected argument"));
                    }
                    ns.wide = Some(wide(take(&mut it)?)?);
                }
                return Ok((Ioam::NamespaceAdd(ns), "ioam namespace add".into()));
            }
            "del" => Ioam::NamespaceDel(id(take(&mut it)?, "Invalid namespace ID")?),
            "set" => {
                let ns = id(take(&mut it)?, "Invalid namespace ID")?;
                let w = take(&mut it)?;
                if w != "schema" {
                    return Err(wrong(w, "Unknown"));
                }
                match take(&mut it)? {
                    "none" => Ioam::NamespaceSet(ns, None),
                    sc => Ioam::NamespaceSet(ns, Some(id(sc, "Invalid schema ID")?)),
                }
            }
            w => return Err(wrong(w, "Unknown")),
        },
        "schema" => match take(&mut it)? {
            "show" => Ioam::SchemaShow,
            "add" => {
                let sc = id(take(&mut it)?, "Invalid schema ID")?;
                let data = take(&mut it)?;
                if data.len() > MAX_SCHEMA_DATA_LEN {
                    return Err(wrong(data, "Schema DATA too big"));
                }
                Ioam::SchemaAdd(IoamSchema::new(sc, data.as_bytes().to_vec()))
            }
            "del" => Ioam::SchemaDel(id(take(&mut it)?, "Invalid schema ID")?),
            w => return Err(wrong(w, "Unknown")),
        },
        w => return Err(wrong(w, "Unknown")),
    };
    Ok((cmd, format!("ioam {object}")))
}

/// C's `%#0Nx`: zero-padded to `width` with `0x` in front, except for 0, which `#` leaves
/// without it.
fn alt_hex(v: u64, width: usize) -> String {
    if v == 0 {
        "0".repeat(width)
    } else {
        format!("{v:#0width$x}")
    }
}

/// A namespace as `ip ioam namespace show` prints it.
struct NamespaceFields<'a>(&'a IoamNamespace);

impl Fields for NamespaceFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let ns = self.0;
        s.number("namespace", Some(Txt("namespace ", "")), ns.id)?;
        if let Some(sc) = ns.schema {
            s.number("schema", Some(Txt(" [schema ", "]")), sc)?;
        }
        if let Some(d) = ns.data {
            s.string("data", None, format_args!("{d:x}"))?;
            s.text(format_args!(", data {}", alt_hex(u64::from(d), 10)))?;
        }
        if let Some(w) = ns.wide {
            // `print_0xhex`: `%#llx` in JSON.
            let json = if w == 0 {
                "0".to_owned()
            } else {
                format!("{w:#x}")
            };
            s.string("wide", None, json)?;
            s.text(format_args!(", wide {}", alt_hex(w, 18)))?;
        }
        Ok(())
    }
}

/// A schema as `ip ioam schema show` prints it.
struct SchemaFields<'a>(&'a IoamSchema);

impl Fields for SchemaFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let sc = self.0;
        s.number("schema", Some(Txt("schema ", "")), sc.id)?;
        if let Some(ns) = sc.namespace {
            s.number("namespace", Some(Txt(" [namespace ", "]")), ns)?;
        }
        s.literal("data", Lit::Null, ", data:")?;
        for b in &sc.data {
            s.number("", None, b)?;
            s.text(format_args!(" {b:02x}"))?;
        }
        Ok(())
    }
}

/// Runs an `ioam` command.
///
/// # Errors
/// The kernel's refusals, with `ip`'s exit status 1.
pub(crate) fn run(cmd: &Ioam, opts: &Opts, genl: &GenlConnection) -> Result<()> {
    match cmd {
        Ioam::NamespaceShow => {
            let all = genl.ioam_namespaces().map_err(ip_kernel_error)?;
            show(opts, all.iter().map(NamespaceFields))
        }
        Ioam::SchemaShow => {
            let all = genl.ioam_schemas().map_err(ip_kernel_error)?;
            show(opts, all.iter().map(SchemaFields))
        }
        Ioam::NamespaceAdd(ns) => genl.add_ioam_namespace(ns).map_err(ip_kernel_error),
        Ioam::NamespaceDel(id) => genl.delete_ioam_namespace(*id).map_err(ip_kernel_error),
        Ioam::NamespaceSet(id, sc) => genl
            .set_ioam_namespace_schema(*id, *sc)
            .map_err(ip_kernel_error),
        Ioam::SchemaAdd(sc) => genl.add_ioam_schema(sc).map_err(ip_kernel_error),
        Ioam::SchemaDel(id) => genl.delete_ioam_schema(*id).map_err(ip_kernel_error),
    }
}

/// Prints a dump as `ip ioam` does: a JSON array, text lines, or with `-oneline` each
/// object's text ended by `\` and no line end.
fn show<F: Fields>(opts: &Opts, items: impl Iterator<Item = F>) -> Result<()> {
    if opts.oneline && !opts.json {
        let mut w = io::stdout().lock();
        for f in items {
            w.write_all(&crate::out::one_line(&f))?;
            w.write_all(b"\\")?;
        }
        w.flush()?;
        return Ok(());
    }
    let mut out = Out::open(opts.json, opts.pretty, false)?;
    for f in items {
        out.item(&f)?;
    }
    out.finish()
}
