//! `nlctl sr`: IPv6 Segment Routing in the words of `ip sr` (iproute2 6.1): `tunsrc show|set`
//! and `hmac show|set`, printed as `ip` prints them in text and with `-json`.
//!
//! `ip sr hmac set KEYID ALGO` asks for the secret at a prompt (`getpass`, which reads the
//! terminal, or standard input without one); `nlctl` reads it the same way from standard
//! input, one line, and a blank one deletes the key.

use std::io::{self, BufRead, Write};
use std::net::{IpAddr, Ipv6Addr};

use netlink::genl::GenlConnection;
use netlink::genl::seg6::Seg6HmacKey;
use netlink::netlink_wire::genl::seg6::HmacAlgo;

use crate::cli::{Opts, Row, resolve, rows};
use crate::error::{CliError, Result};
use crate::honours::Honours;
use crate::ip_errors::{incomplete, ip_kernel_error, wrong};
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};

/// `nlctl sr help`: `ip sr help`'s usage.
pub(crate) const USAGE: &str = "\
Usage: nlctl sr { COMMAND | help }
	   nlctl sr hmac show
	   nlctl sr hmac set KEYID ALGO
	   nlctl sr tunsrc show
	   nlctl sr tunsrc set ADDRESS
where  ALGO := { sha1 | sha256 }";

/// `ip sr hmac set`'s prompt, written to standard error.
const HMAC_KEY_PROMPT: &str = "Enter secret for HMAC key ID (blank to delete): ";

/// A parsed `nlctl sr` command.
#[derive(Debug)]
pub(crate) enum Sr {
    /// `hmac show`.
    HmacShow,
    /// `hmac set KEYID ALGO`: the secret is read when the command runs.
    HmacSet(u32, HmacAlgo),
    /// `tunsrc show`.
    TunsrcShow,
    /// `tunsrc set ADDRESS`.
    TunsrcSet(Ipv6Addr),
}

impl Sr {
    /// The global options the command honours: `-json` for the shows.
    pub(crate) fn honours(&self) -> Honours {
        Honours {
            json: matches!(self, Sr::HmacShow | Sr::TunsrcShow),
            family: false,
            stats: false,
            timestamp: false,
        }
    }
}

/// The two words after `sr`, matched as `ip` matches them (any prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Hmac,
    Tunsrc,
    Show,
    Set,
}

const OBJECTS: &[Row<Word>] = rows![Prefix "hmac" => Word::Hmac, Prefix "tunsrc" => Word::Tunsrc];
const VERBS: &[Row<Word>] = rows![Prefix "show" => Word::Show, Prefix "set" => Word::Set];

/// Reads the words after `sr`; words after a complete command are ignored, as `ip` ignores
/// them.
///
/// # Errors
/// `ip sr`'s usage errors (255), an address that is not IPv6 (1), `help`.
pub(crate) fn parse(words: &[String]) -> Result<(Sr, String)> {
    let mut it = words.iter().map(String::as_str);
    let first = match it.next() {
        None => return Err(CliError::Help(USAGE.to_owned())),
        Some(w) if crate::cli::abbreviates(w, "help") => {
            return Err(CliError::Help(USAGE.to_owned()));
        }
        Some(w) => w,
    };
    let object = resolve(OBJECTS, first).ok_or_else(|| wrong(first, "unknown"))?;
    let verb_word = it.next().ok_or_else(incomplete)?;
    let verb = resolve(VERBS, verb_word).ok_or_else(|| wrong(verb_word, "unknown"))?;
    let cmd = match (object, verb) {
        (Word::Hmac, Word::Show) => Sr::HmacShow,
        (Word::Tunsrc, Word::Show) => Sr::TunsrcShow,
        (Word::Hmac, _) => {
            let id_word = it.next().ok_or_else(incomplete)?;
            let id = crate::cli::c_unsigned(id_word)
                .filter(|id| *id != 0)
                .ok_or_else(|| wrong(id_word, "hmac KEYID value is invalid"))?;
            let algo_word = it.next().ok_or_else(incomplete)?;
            let algo = match algo_word {
                "sha1" => HmacAlgo::SHA1,
                "sha256" => HmacAlgo::SHA256,
                _ => return Err(wrong(algo_word, "hmac ALGO value is invalid")),
            };
            Sr::HmacSet(id, algo)
        }
        (_, _) => {
            let a = it.next().ok_or_else(incomplete)?;
            match a.parse::<IpAddr>() {
                Ok(IpAddr::V6(addr)) => Sr::TunsrcSet(addr),
                _ => {
                    return Err(CliError::failed(format!(
                        "Error: inet6 address is expected rather than \"{a}\"."
                    )));
                }
            }
        }
    };
    let ctx = match object {
        Word::Hmac => "sr hmac",
        _ => "sr tunsrc",
    };
    Ok((cmd, ctx.to_owned()))
}

/// An HMAC key as `ip sr hmac show` prints it.
struct KeyFields<'a>(&'a Seg6HmacKey);

impl Fields for KeyFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let k = self.0;
        s.number("hmac", Some(Txt("hmac ", "")), k.key_id)?;
        s.string(
            "algo",
            Some(Txt(" algo ", "")),
            k.algo.short_name().unwrap_or("<unknown>"),
        )?;
        // `ip` copies at most 63 bytes into a C string: the secret ends at its first NUL.
        let secret = k.secret.get(..63).unwrap_or(&k.secret);
        let secret = secret.split(|b| *b == 0).next().unwrap_or_default();
        s.string(
            "secret",
            Some(Txt(" secret \"", "\"")),
            String::from_utf8_lossy(secret),
        )
    }
}

/// The tunnel source as `ip sr tunsrc show` prints it.
struct TunsrcFields(Ipv6Addr);

impl Fields for TunsrcFields {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.string("tunsrc", Some(Txt("tunsrc addr ", "")), self.0)
    }
}

/// Runs an `sr` command.
///
/// # Errors
/// The kernel's refusals, with `ip`'s exit status 1.
pub(crate) fn run(cmd: &Sr, opts: &Opts, genl: &GenlConnection) -> Result<()> {
    match cmd {
        Sr::TunsrcShow => {
            let addr = genl.seg6_tunsrc().map_err(ip_kernel_error)?;
            // `ip -oneline` changes nothing here: ip ends the line itself.
            let mut out = Out::open(opts.json, opts.pretty, false)?;
            out.item(&TunsrcFields(addr))?;
            out.finish()
        }
        Sr::TunsrcSet(addr) => genl.set_seg6_tunsrc(*addr).map_err(ip_kernel_error),
        Sr::HmacShow => {
            let keys = genl.seg6_hmac_keys().map_err(ip_kernel_error)?;
            let mut out = Out::open(opts.json, opts.pretty, false)?;
            for k in &keys {
                out.item(&KeyFields(k))?;
            }
            out.finish()
        }
        Sr::HmacSet(id, algo) => {
            let secret = read_secret()?;
            genl.set_seg6_hmac(&Seg6HmacKey::new(*id, *algo, secret))
                .map_err(ip_kernel_error)
        }
    }
}

/// The secret typed after the prompt: one line of standard input without its line end.
fn read_secret() -> Result<Vec<u8>> {
    let mut err = io::stderr().lock();
    err.write_all(HMAC_KEY_PROMPT.as_bytes())?;
    err.flush()?;
    let mut line = Vec::new();
    io::stdin().lock().read_until(b'\n', &mut line)?;
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(line)
}
