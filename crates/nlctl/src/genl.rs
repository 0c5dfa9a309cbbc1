//! `nlctl genl`: the controller of generic netlink in the words of iproute2's `genl` 6.1
//! (`genl ctrl list`, `genl ctrl get name NAME | id ID`, `genl ctrl policy name NAME | id ID`),
//! printed line for line as `genl` prints it.
//!
//! `genl`'s own options (`-s`, `-d`, `-r`, which change nothing `genl ctrl` prints, `-V`,
//! `-h`) may stand after `genl`. A word `genl` ignores (`genl ctrl list extra`) is an error
//! naming it; `ctrl monitor` is refused as not supported yet.

use std::io::Write;

use netlink::genl::{Family, GenlConnection};
use netlink::netlink_wire::genl::ctrl::{self, CtrlA, CtrlCmd, CtrlMsg};
use netlink::netlink_wire::genl::policy::Policy;
use netlink::netlink_wire::genl::{GENL_ID_CTRL, GenlMsg};
use netlink::netlink_wire::{AttrWrite, Flags};
use netlink::{Errno, Error};

use crate::cli::{Row, resolve, rows};
use crate::error::{CliError, Result};
use crate::honours::Honours;

/// `genl ctrl` prints no JSON, filters no family and has no counters or times.
pub(crate) const HONOURS: Honours = Honours {
    json: false,
    family: false,
    stats: false,
    timestamp: false,
};

/// Which family a `get` or `policy` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Which {
    /// `name NAME`.
    Name(String),
    /// `id ID`.
    Id(u16),
}

/// A parsed `nlctl genl` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Genl {
    /// `ctrl list`.
    List,
    /// `ctrl get ...`.
    Get(Which),
    /// `ctrl policy ...`.
    Policy(Which),
    /// `-V`: the version.
    Version,
}

/// The words of `genl ctrl`, in the order `genl` 6.1 tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CtrlWord {
    Monitor,
    Get,
    Policy,
    List,
    Help,
}

const CTRL_WORDS: &[Row<CtrlWord>] = rows![
    Prefix "monitor" => CtrlWord::Monitor,
    Prefix "get" => CtrlWord::Get,
    Prefix "policy" => CtrlWord::Policy,
    Prefix "list" => CtrlWord::List,
    Prefix "show" => CtrlWord::List,
    Prefix "lst" => CtrlWord::List,
    Prefix "help" => CtrlWord::Help,
];

/// `genl`'s own options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GenlOpt {
    Quiet,
    Version,
    Help,
}

const GENL_OPTIONS: &[Row<GenlOpt>] = rows![
    Prefix "-statistics" => GenlOpt::Quiet,
    Prefix "-details" => GenlOpt::Quiet,
    Prefix "-raw" => GenlOpt::Quiet,
    Prefix "-Version" => GenlOpt::Version,
    Prefix "-help" => GenlOpt::Help,
];

/// `nlctl genl help`.
pub(crate) const USAGE: &str = "\
Usage: nlctl genl [ OPTIONS ] OBJECT [ help ]
OBJECT  := ctrl
OPTIONS := { -s[tatistics] | -d[etails] | -r[aw] | -V[ersion] | -h[elp] }";

/// `nlctl genl ctrl help`.
pub(crate) const CTRL_USAGE: &str = "\
Usage: nlctl genl ctrl CMD
CMD   := get PARMS | list | policy PARMS
PARMS := name NAME | id ID
Examples:
	nlctl genl ctrl ls
	nlctl genl ctrl get name foobar
	nlctl genl ctrl get id 0xF
	nlctl genl ctrl policy name foobar
	nlctl genl ctrl policy id 0xF
Not supported yet: monitor.";

/// The error `genl` exits 255 with.
fn usage(msg: impl Into<String>) -> CliError {
    CliError::usage(msg)
}

/// Reads `name NAME` or `id ID`: exactly two words, as `genl` wants them.
fn which(rest: &[String]) -> Result<Which> {
    let [key, value] = rest else {
        return Err(usage("Wrong number of params"));
    };
    if crate::cli::abbreviates(key, "name") {
        Ok(Which::Name(value.clone()))
    } else if crate::cli::abbreviates(key, "id") {
        crate::cli::c_unsigned(value)
            .and_then(|v| u16::try_from(v).ok())
            .map(Which::Id)
            .ok_or_else(|| usage("Illegal \"id\""))
    } else {
        Err(usage("Wrong params"))
    }
}

/// Reads the words after `genl`.
///
/// # Errors
/// `genl`'s usage errors (exit 255) and `help`.
pub(crate) fn parse(words: &[String]) -> Result<(Genl, String)> {
    let mut i = 0;
    while let Some(w) = words.get(i).filter(|w| w.starts_with('-')) {
        let word = w
            .strip_prefix('-')
            .filter(|x| x.starts_with('-'))
            .unwrap_or(w);
        match resolve(GENL_OPTIONS, word) {
            Some(GenlOpt::Quiet) => {}
            Some(GenlOpt::Version) => return Ok((Genl::Version, "genl".into())),
            Some(GenlOpt::Help) => return Err(CliError::Help(USAGE.to_owned())),
            None => {
                return Err(usage(format!(
                    "Option \"{w}\" is unknown, try \"nlctl genl -help\"."
                )));
            }
        }
        i += 1;
    }
    let rest = words.get(i..).unwrap_or_default();
    let Some((object, rest)) = rest.split_first() else {
        return Err(CliError::Help(USAGE.to_owned()));
    };
    match object.as_str() {
        "ctrl" => {}
        "help" => return Err(CliError::Help(USAGE.to_owned())),
        o => {
            return Err(usage(format!(
                "Unknown genl \"{o}\", hence option \"{o}\" is unparsable"
            )));
        }
    }
    let Some((verb, rest)) = rest.split_first() else {
        return Err(usage("wrong controller params"));
    };
    let verb_word = resolve(CTRL_WORDS, verb).ok_or_else(|| {
        usage(format!(
            "ctrl command \"{verb}\" is unknown, try \"nlctl genl ctrl help\"."
        ))
    })?;
    let (cmd, name) = match verb_word {
        CtrlWord::Help => return Err(CliError::Help(CTRL_USAGE.to_owned())),
        CtrlWord::Monitor => {
            return Err(CliError::unsupported("\"genl ctrl monitor\""));
        }
        CtrlWord::List => {
            if let Some(extra) = rest.first() {
                return Err(usage(format!("genl ctrl list: unknown word {extra:?}")));
            }
            (Genl::List, "list")
        }
        CtrlWord::Get => (Genl::Get(which(rest)?), "get"),
        CtrlWord::Policy => (Genl::Policy(which(rest)?), "policy"),
    };
    Ok((cmd, format!("genl ctrl {name}")))
}

/// `CTRL_CMD_GETFAMILY` or `CTRL_CMD_GETPOLICY` for the family `which` names.
fn request(cmd: CtrlCmd, which: &Which) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(64);
    let mut b = GenlMsg::builder(
        &mut buf,
        GENL_ID_CTRL.0,
        Flags::EMPTY,
        cmd.0,
        ctrl::FAMILY.version,
    );
    match which {
        Which::Name(n) => b.put_str(CtrlA::FAMILY_NAME, n),
        Which::Id(id) => b.put_u16(CtrlA::FAMILY_ID, *id),
    };
    b.finish().map_err(Error::Encode)?;
    Ok(buf)
}

/// The error for a family the kernel does not have: the library's, which names the families
/// it does have, and exit status 255 as `genl`'s.
fn unknown(genl: &GenlConnection, which: &Which) -> CliError {
    let message = match which {
        Which::Name(n) => match genl.family(n) {
            Err(e @ Error::UnknownFamily { .. }) => e.to_string(),
            Err(e) => e.to_string(),
            Ok(_) => format!("family {n:?} went away while it was asked for"),
        },
        Which::Id(id) => {
            let names = genl
                .families()
                .map(|f| f.into_iter().map(|f| f.name).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            format!("no generic netlink family with id {id:#x}; the kernel has: {names}")
        }
    };
    CliError::Coded { message, code: 255 }
}

/// A kernel error as `genl` ends with it: exit status 255.
fn coded(e: Error) -> CliError {
    match e {
        Error::Kernel(_) => CliError::Coded {
            message: e.to_string(),
            code: 255,
        },
        e => e.into(),
    }
}

/// Runs a `genl` command.
///
/// # Errors
/// An unknown family (with the families the kernel has), the kernel's errors.
pub(crate) fn run(cmd: &Genl, genl: &GenlConnection) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        Genl::Version => writeln!(out, "nlctl {}", env!("CARGO_PKG_VERSION"))?,
        Genl::List => {
            for f in genl.families()? {
                write!(out, "{f}")?;
            }
        }
        Genl::Get(which) => {
            let reply = match genl
                .connection()
                .request_bytes(request(CtrlCmd::GETFAMILY, which)?)
            {
                Err(Error::Kernel(k)) if k.errno == Errno::NOENT => {
                    return Err(unknown(genl, which));
                }
                r => r.map_err(coded)?,
            };
            let msg = reply.first().ok_or(Error::MalformedReply(
                "CTRL_CMD_GETFAMILY answered with no family",
            ))?;
            let f = Family::from_ctrl(&CtrlMsg::parse(msg.as_msg()).map_err(Error::from)?)?;
            write!(out, "{f}")?;
        }
        Genl::Policy(which) => {
            let bytes = request(CtrlCmd::GETPOLICY, which)?;
            let result = (|| -> Result<()> {
                let mut dump = genl.connection().dump_bytes(bytes)?;
                while let Some(m) = dump.next_msg() {
                    let m = m?;
                    if m.message_type() != GENL_ID_CTRL {
                        continue;
                    }
                    // One policy message at a time, printed as it comes, as `genl` does.
                    let mut p = Policy::new();
                    p.add(&CtrlMsg::parse(m).map_err(Error::from)?)
                        .map_err(Error::from)?;
                    for line in p.genl_lines() {
                        writeln!(out, "\t{line}")?;
                    }
                }
                Ok(())
            })();
            match result {
                Err(CliError::Netlink {
                    error: Error::Kernel(k),
                    ..
                }) if k.errno == Errno::NOENT => return Err(unknown(genl, which)),
                Err(CliError::Netlink { error, .. }) => return Err(coded(error)),
                r => r?,
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn words_as_genl_reads_them() {
        assert_eq!(parse(&words(&["ctrl", "ls"])).unwrap().0, Genl::List);
        assert_eq!(parse(&words(&["ctrl", "l"])).unwrap().0, Genl::List);
        assert_eq!(
            parse(&words(&["-s", "ctrl", "g", "n", "nlctrl"]))
                .unwrap()
                .0,
            Genl::Get(Which::Name("nlctrl".into()))
        );
        assert_eq!(
            parse(&words(&["ctrl", "p", "id", "0x10"])).unwrap().0,
            Genl::Policy(Which::Id(16))
        );
        assert_eq!(
            parse(&words(&["ctrl", "get", "id", "020"])).unwrap().0,
            Genl::Get(Which::Id(16))
        );
        for (bad, msg) in [
            (&["ctrl"][..], "wrong controller params"),
            (&["ctrl", "get"], "Wrong number of params"),
            (&["ctrl", "get", "ID", "1"], "Wrong params"),
            (&["ctrl", "get", "id", "zz"], "Illegal \"id\""),
            (
                &["ct", "list"],
                "Unknown genl \"ct\", hence option \"ct\" is unparsable",
            ),
        ] {
            let e = parse(&words(bad)).unwrap_err();
            assert_eq!(e.exit_code(), 255, "{bad:?}");
            assert_eq!(e.to_string(), msg, "{bad:?}");
        }
        assert!(parse(&words(&["ctrl", "list", "extra"])).is_err());
        assert!(matches!(
            parse(&words(&["ctrl", "help"])),
            Err(CliError::Help(_))
        ));
        assert!(matches!(
            parse(&words(&["ctrl", "monitor"])),
            Err(CliError::Unsupported(_))
        ));
    }
}
