//! `nlctl tcp_metrics` (also `tcpmetrics`): the TCP metrics cache in the words of
//! `ip tcp_metrics` (iproute2 6.1): `show`, `delete` and `flush` with its selector, printed as
//! `ip` prints the entries in text and with `-json`.
//!
//! `ip -j tcp_metrics show ADDRESS` prints text (its single entry is not put in a JSON
//! document); `nlctl` prints a JSON array of that one entry.

use std::io::{self, Write};
use std::net::IpAddr;

use netlink::genl::GenlConnection;
use netlink::genl::tcp_metrics::TcpMetrics as Entry;
use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::ops::route::Prefix;

use crate::cli::{Family, Opts, Row, resolve, rows};
use crate::error::{CliError, Result};
use crate::honours::Honours;
use crate::out::Out;
use crate::sink::{Fields, Lit, Sink, Txt};

/// `nlctl tcp_metrics help`: `ip tcp_metrics help`'s usage.
pub(crate) const USAGE: &str = "\
Usage: nlctl tcp_metrics { COMMAND | help }
       nlctl tcp_metrics { show | flush } SELECTOR
       nlctl tcp_metrics delete [ address ] ADDRESS [ source ADDRESS ]
SELECTOR := [ [ address ] PREFIX ] [ source PREFIX ]";

/// The verbs, in `ip`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// `list`, `lst`, `show`.
    Show,
    /// `delete`, `remove`.
    Delete,
    /// `flush`.
    Flush,
}

const VERBS: &[Row<Option<Verb>>] = rows![
    Prefix "list" => Some(Verb::Show),
    Prefix "lst" => Some(Verb::Show),
    Prefix "show" => Some(Verb::Show),
    Prefix "delete" => Some(Verb::Delete),
    Prefix "remove" => Some(Verb::Delete),
    Prefix "flush" => Some(Verb::Flush),
    Prefix "help" => None,
];

/// A selector: a prefix (a whole address when its length is the address's), or the
/// `default`/`all`/`any` that selects everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Select {
    prefix: Option<Prefix>,
}

impl Select {
    /// The whole address, when the selector is one.
    fn exact(&self) -> Option<IpAddr> {
        self.prefix.filter(|p| p.len == p.max_len()).map(|p| p.addr)
    }

    fn matches(&self, a: IpAddr) -> bool {
        self.prefix.is_none_or(|p| in_prefix(&p, a))
    }
}

/// Whether `a` is of `p`'s family and has its first `p.len` bits.
fn in_prefix(p: &Prefix, a: IpAddr) -> bool {
    let (x, y, bits) = match (p.addr, a) {
        (IpAddr::V4(x), IpAddr::V4(y)) => (
            u128::from(u32::from(x)) << 96,
            u128::from(u32::from(y)) << 96,
            p.len,
        ),
        (IpAddr::V6(x), IpAddr::V6(y)) => (u128::from(x), u128::from(y), p.len),
        _ => return false,
    };
    let mask = u128::MAX
        .checked_shl(128 - u32::from(bits.min(128)))
        .unwrap_or(0);
    x & mask == y & mask
}

/// A parsed `nlctl tcp_metrics` command.
#[derive(Debug)]
pub(crate) struct TcpMetrics {
    verb: Verb,
    /// `-4`/`-6`: only entries of that family.
    family: Option<AddressFamily>,
    dst: Option<Select>,
    src: Option<Select>,
}

impl TcpMetrics {
    /// The global options the command honours.
    pub(crate) fn honours(&self) -> Honours {
        Honours {
            json: self.verb == Verb::Show,
            family: true,
            stats: self.verb == Verb::Flush,
            timestamp: false,
        }
    }
}

/// A selector's word: a prefix of the family `-4`/`-6` gave, or everything.
fn select(ctx: &str, word: &str, family: Option<AddressFamily>) -> Result<Select> {
    if matches!(word, "default" | "all" | "any") {
        return Ok(Select { prefix: None });
    }
    crate::words::prefix(word, family)
        .map(|p| Select { prefix: Some(p) })
        .map_err(|_| {
            CliError::failed(format!(
                "{ctx}: any valid prefix is expected rather than \"{word}\""
            ))
        })
}

/// Reads the words after `tcp_metrics`.
///
/// # Errors
/// `ip tcp_metrics`' usage errors (255), a prefix it cannot read (1), `help`.
pub(crate) fn parse(words: &[String], opts: &Opts) -> Result<(TcpMetrics, String)> {
    let (verb, rest) = match words.split_first() {
        None => (Verb::Show, words),
        Some((v, rest)) => match resolve(VERBS, v) {
            Some(Some(verb)) => (verb, rest),
            Some(None) => return Err(CliError::Help(USAGE.to_owned())),
            None => {
                return Err(CliError::usage(format!(
                    "Command \"{v}\" is unknown, try \"nlctl tcp_metrics help\"."
                )));
            }
        },
    };
    let ctx = format!(
        "tcp_metrics {}",
        match verb {
            Verb::Show => "show",
            Verb::Delete => "delete",
            Verb::Flush => "flush",
        }
    );
    let family = match opts.family {
        Some(Family::Inet) => Some(AddressFamily::INET),
        Some(Family::Inet6) => Some(AddressFamily::INET6),
        _ => None,
    };
    let mut cmd = TcpMetrics {
        verb,
        family,
        dst: None,
        src: None,
    };
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        let source = w == "src" || w == "source";
        let (who, value) = if source || w == "addr" || w == "address" {
            let v = it.next().ok_or_else(|| {
                CliError::usage("Command line is not complete. Try option \"help\"")
            })?;
            (w.as_str(), v)
        } else {
            ("address", w)
        };
        if crate::cli::abbreviates(value, "help") {
            return Err(CliError::Help(USAGE.to_owned()));
        }
        let slot = if source { &mut cmd.src } else { &mut cmd.dst };
        if slot.is_some() {
            return Err(CliError::usage(format!(
                "{ctx}: either \"{who}\" is duplicate, or \"{value}\" is a garbage."
            )));
        }
        let s = select(&ctx, value, family)?;
        // `ip` returns -1 here (exit 1), not its usage's exit(-1).
        if (source || verb == Verb::Delete) && s.exact().is_none() {
            return Err(CliError::failed(format!(
                "{ctx}: a specific IP address is expected rather than \"{value}\""
            )));
        }
        *slot = Some(s);
    }
    if verb == Verb::Delete && cmd.dst.is_none() {
        return Err(CliError::usage(format!(
            "{ctx}: argument \"address\" is required"
        )));
    }
    Ok((cmd, ctx))
}

/// An entry as `ip tcp_metrics show` prints it.
struct EntryFields<'a> {
    e: &'a Entry,
    deleted: bool,
}

/// Thousandths as `%.03f` prints them.
struct Milli(u64);

impl std::fmt::Display for Milli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:03}", self.0 / 1000, self.0 % 1000)
    }
}

impl Fields for EntryFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let e = self.e;
        if self.deleted {
            s.literal("deleted", Lit::True, "Deleted ")?;
        }
        s.string("dst", Some(Txt("", "")), e.addr)?;
        if let Some(ms) = e.age_ms {
            s.number("age", Some(Txt(" age ", "sec")), Milli(ms))?;
        }
        if let Some(stamp) = e.tw_ts_stamp {
            let tw = format!("{}/{stamp}", e.tw_tsval.unwrap_or(0));
            s.string("tw_ts_stamp", Some(Txt(" tw_ts ", " ago")), tw)?;
        }
        for (name, v) in [
            ("ssthresh", e.ssthresh),
            ("cwnd", e.cwnd),
            ("reordering", e.reordering),
        ] {
            if let Some(v) = v {
                s.number(name, None, v)?;
                s.text(format_args!(" {name} {v}"))?;
            }
        }
        for (name, us) in [("rtt", e.rtt_us()), ("rttvar", e.rttvar_us())] {
            if let Some(us) = us.filter(|u| *u != 0) {
                #[allow(clippy::cast_precision_loss)]
                let secs = us as f64 / 1_000_000.0;
                s.number(name, None, secs)?;
                s.text(format_args!(" {name} {us}us"))?;
            }
        }
        if let Some(mss) = e.fopen_mss {
            s.number("fopen_miss", Some(Txt(" fo_mss ", "")), mss)?;
        }
        if let Some(drops) = e.fopen_syn_drops {
            s.number("fopen_syn_drops", Some(Txt(" fo_syn_drops ", "")), drops)?;
            let ts = e.fopen_syn_drop_ts.unwrap_or(0);
            s.number(
                "fopen_syn_drop_ts",
                Some(Txt("/", "usec ago")),
                Milli(ts / 1000),
            )?;
        }
        if let Some(c) = &e.fopen_cookie {
            let hex: String = c.iter().take(16).map(|b| format!("{b:02x}")).collect();
            s.string("fo_cookie", Some(Txt(" fo_cookie ", "")), hex)?;
        }
        if let Some(src) = e.saddr {
            s.string("source", Some(Txt(" source ", "")), src)?;
        }
        Ok(())
    }
}

impl TcpMetrics {
    /// Whether the dump's entry `e` is one the selector picks.
    fn picks(&self, e: &Entry) -> bool {
        let family_ok = |a: IpAddr| match self.family {
            Some(AddressFamily::INET) => a.is_ipv4(),
            Some(AddressFamily::INET6) => a.is_ipv6(),
            _ => true,
        };
        if !family_ok(e.addr) || !self.dst.is_none_or(|d| d.matches(e.addr)) {
            return false;
        }
        match e.saddr {
            Some(src) => family_ok(src) && self.src.is_none_or(|s| s.matches(src)),
            None => true,
        }
    }
}

/// Runs a `tcp_metrics` command.
///
/// # Errors
/// The kernel's refusals (exit 2): `ESRCH` for an entry that does not exist.
pub(crate) fn run(t: &TcpMetrics, opts: &Opts, genl: &GenlConnection) -> Result<()> {
    let exact = t.dst.and_then(|d| d.exact());
    let src = t.src.and_then(|s| s.exact());
    match (t.verb, exact) {
        (Verb::Show, Some(addr)) => {
            // The kernel answers a missing entry with ESRCH, which `ip` reports (exit 2).
            let replies = genl.execute(
                &netlink::netlink_wire::genl::tcp_metrics::FAMILY,
                netlink::netlink_wire::genl::tcp_metrics::TcpMetricsCmd::GET.0,
                &key(addr, src)?,
            )?;
            let mut out = Out::open(opts.json, opts.pretty, opts.oneline)?;
            for r in &replies {
                let g = netlink::netlink_wire::genl::GenlMsg::parse(r.as_msg())
                    .map_err(netlink::Error::from)?;
                let e = <Entry as netlink::genl::GenlObject>::from_genl(&g)?;
                out.item(&EntryFields {
                    e: &e,
                    deleted: false,
                })?;
            }
            out.finish()
        }
        (Verb::Show, None) => {
            let mut out = Out::open(opts.json, opts.pretty, opts.oneline)?;
            for e in genl.tcp_metrics()? {
                if t.picks(&e) {
                    out.item(&EntryFields {
                        e: &e,
                        deleted: false,
                    })?;
                }
            }
            out.finish()
        }
        (Verb::Delete | Verb::Flush, Some(addr)) => Ok(genl.delete_tcp_metrics(addr, src)?),
        (Verb::Delete, None) => Ok(()),
        (Verb::Flush, None) => {
            let everything = t.dst.is_none_or(|d| d.prefix.is_none_or(|p| p.len == 0))
                && t.src.is_none()
                && t.family.is_none();
            if everything {
                return Ok(genl.flush_tcp_metrics()?);
            }
            flush(t, opts, genl)
        }
    }
}

/// The key attributes of one entry.
fn key(addr: IpAddr, src: Option<IpAddr>) -> Result<Vec<u8>> {
    use netlink::netlink_wire::AttrWrite;
    use netlink::netlink_wire::genl::tcp_metrics::TcpMetricsA;
    Ok(netlink::genl::attrs(|w| {
        match addr {
            IpAddr::V4(a) => w.put_ipv4(TcpMetricsA::ADDR_IPV4, a),
            IpAddr::V6(a) => w.put_ipv6(TcpMetricsA::ADDR_IPV6, a),
        };
        match src {
            Some(IpAddr::V4(a)) => {
                w.put_ipv4(TcpMetricsA::SADDR_IPV4, a);
            }
            Some(IpAddr::V6(a)) => {
                w.put_ipv6(TcpMetricsA::SADDR_IPV6, a);
            }
            None => {}
        }
    })?)
}

/// A flush by selector: list, delete each entry by its key, round after round, with `ip`'s
/// `-s` report.
fn flush(t: &TcpMetrics, opts: &Opts, genl: &GenlConnection) -> Result<()> {
    let mut out = io::stdout().lock();
    let mut round = 0u32;
    loop {
        let picked: Vec<Entry> = genl
            .tcp_metrics()?
            .into_iter()
            .filter(|e| t.picks(e))
            .collect();
        if picked.is_empty() {
            if round == 0 {
                crate::say!("Nothing to flush.");
            } else if opts.stats > 0 {
                let s = if round > 1 { "s" } else { "" };
                writeln!(out, "*** Flush is complete after {round} round{s} ***")?;
            }
            out.flush()?;
            return Ok(());
        }
        for e in &picked {
            match genl.delete_tcp_metrics(e.addr, e.saddr) {
                // Gone meanwhile: what a flush wanted.
                Err(err) if err.is_not_found() => {}
                r => r?,
            }
            if opts.stats >= 2 {
                let mut line = Vec::new();
                crate::sink::text(&mut line, &EntryFields { e, deleted: true })?;
                writeln!(out, "{}", String::from_utf8_lossy(&line))?;
            }
        }
        round += 1;
        if opts.stats > 0 {
            writeln!(
                out,
                "\n*** Round {round}, deleting {} entries ***",
                picked.len()
            )?;
        }
        out.flush()?;
    }
}
