//! The commands of generic netlink families, each in the words of the tool `nlctl` follows
//! for it: `genl` (iproute2's `genl ctrl`), `mptcp` and `tcp_metrics` (`ip mptcp`,
//! `ip tcp_metrics`) and `ethtool` (the `ethtool` tool's own command line). They run on a
//! [`GenlConnection`], beside the routing [`Connection`] that names interfaces.
//!
//! Each family's words, output and errors live in its own module; this one only routes an
//! object to its parser and a parsed command to its runner, and says which of `nlctl`'s
//! global options each command honours.

use netlink::Connection;
use netlink::genl::GenlConnection;

use crate::cli::{Color, Family, Object, Opts};
use crate::error::{CliError, Result};
use crate::{absent, ethtool, genl, ioam, mptcp, sr, tcp_metrics};

/// A parsed command of a generic netlink family.
#[derive(Debug)]
pub(crate) enum GenlCommand {
    /// `genl ...`.
    Genl(genl::Genl),
    /// `mptcp ...`.
    Mptcp(mptcp::Mptcp),
    /// `tcp_metrics ...`.
    TcpMetrics(tcp_metrics::TcpMetrics),
    /// `ethtool ...`.
    Ethtool(ethtool::Ethtool),
    /// `sr ...`.
    Sr(sr::Sr),
    /// `ioam ...`.
    Ioam(ioam::Ioam),
    /// `l2tp`, `fou`, `ila`, `macsec`: families this kernel lacks.
    Absent(absent::Absent),
}

/// Reads the words after `object` when it is a generic netlink family's; `None` for the
/// other objects. Returns the command and its name for messages (`"mptcp endpoint add"`).
///
/// # Errors
/// The family's usage errors, and its `help`.
pub(crate) fn parse(
    object: Object,
    words: &[String],
    opts: &Opts,
) -> Result<Option<(GenlCommand, String)>> {
    Ok(Some(match object {
        Object::Genl => {
            let (g, ctx) = genl::parse(words)?;
            (GenlCommand::Genl(g), ctx)
        }
        Object::Mptcp => {
            let (m, ctx) = mptcp::parse(words)?;
            (GenlCommand::Mptcp(m), ctx)
        }
        Object::TcpMetrics => {
            let (t, ctx) = tcp_metrics::parse(words, opts)?;
            (GenlCommand::TcpMetrics(t), ctx)
        }
        Object::Ethtool => {
            let (e, ctx) = ethtool::parse(words, opts)?;
            (GenlCommand::Ethtool(e), ctx)
        }
        Object::Sr => {
            let (c, ctx) = sr::parse(words)?;
            (GenlCommand::Sr(c), ctx)
        }
        Object::Ioam => {
            let (c, ctx) = ioam::parse(words)?;
            (GenlCommand::Ioam(c), ctx)
        }
        o => match absent::parse(o, words)? {
            Some((a, ctx)) => (GenlCommand::Absent(a), ctx),
            None => return Ok(None),
        },
    }))
}

/// Refuses the global options `cmd` cannot honour exactly: each module says which it does.
///
/// # Errors
/// [`CliError::Unsupported`] naming the option.
pub(crate) fn check_options(o: &Opts, cmd: &GenlCommand, context: &str) -> Result<()> {
    let h = match cmd {
        GenlCommand::Genl(_) => genl::HONOURS,
        GenlCommand::Mptcp(m) => m.honours(),
        GenlCommand::TcpMetrics(t) => t.honours(),
        GenlCommand::Ethtool(e) => e.honours(),
        GenlCommand::Sr(c) => c.honours(),
        GenlCommand::Ioam(c) => c.honours(),
        // ip reads no option before it finds the family missing.
        GenlCommand::Absent(_) => crate::honours::Honours {
            json: true,
            family: true,
            stats: true,
            timestamp: true,
        },
    };
    let refuse = |opt: &str| {
        Err(CliError::unsupported(format!(
            "option {opt} with \"{context}\""
        )))
    };
    if o.json && !h.json {
        return refuse("-json");
    }
    if o.pretty && !h.json {
        return refuse("-pretty");
    }
    if let Some(f) = o.family
        && !(h.family && matches!(f, Family::Inet | Family::Inet6))
    {
        return refuse(&format!("-family {}", f.name()));
    }
    if o.stats > 0 && !h.stats {
        return refuse("-stats");
    }
    if o.timestamp && !h.timestamp {
        return refuse(if o.tshort { "-tshort" } else { "-timestamp" });
    }
    if o.timestamp && !o.json {
        crate::monitor::check_local_time()?;
    }
    // None of these commands prints in colour, details or brief forms, or resolves names.
    if matches!(o.color, Some(Color::Always)) && !o.json {
        return refuse("-color");
    }
    for (set, name) in [
        (o.details > 0, "-details"),
        (o.brief, "-brief"),
        (o.resolve, "-resolve"),
        (o.numeric, "-Numeric"),
    ] {
        if set {
            return refuse(name);
        }
    }
    Ok(())
}

/// Runs `cmd`.
///
/// # Errors
/// What the command reports, with the exit status of the tool it follows.
pub(crate) fn run(
    cmd: &GenlCommand,
    opts: &Opts,
    genl: &GenlConnection,
    rt: &Connection,
) -> Result<()> {
    match cmd {
        GenlCommand::Genl(g) => genl::run(g, genl),
        GenlCommand::Mptcp(m) => mptcp::run(m, opts, genl, rt),
        GenlCommand::TcpMetrics(t) => tcp_metrics::run(t, opts, genl),
        GenlCommand::Ethtool(e) => ethtool::run(e, opts, genl),
        GenlCommand::Sr(c) => sr::run(c, opts, genl),
        GenlCommand::Ioam(c) => ioam::run(c, opts, genl),
        GenlCommand::Absent(a) => absent::run(*a, genl),
    }
}
