//! `nlctl`: show, change and monitor links, addresses, routes, neighbours, rules and nexthop
//! objects, in the word order of iproute2's `ip`, on the `netlink` crate.
//!
//! `--json` prints the keys and values `ip -j` prints for the same objects, so that scripts
//! written for `ip -j` keep working for the fields `nlctl` prints. Usage errors (an unknown word,
//! a bad address) exit with 2 before anything is sent; kernel refusals print the errno's text and
//! the kernel's extended-ACK message and exit with 1. See `docs/nlctl.md`.
#![forbid(unsafe_code)]

mod change;
mod error;
mod format;
mod monitor;
mod names;
mod out;
mod show;
mod sink;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::{Connection, ConnectionOptions};

use crate::error::{CliError, Result};
use crate::words::Words;

/// The command line: options before the object, as `ip` takes them.
#[derive(Debug, Parser)]
#[command(
    name = "nlctl",
    version,
    about = "Show, change and monitor links, addresses, routes, neighbours, rules and nexthops over netlink",
    after_help = "Objects take words in ip's order, e.g. `nlctl route add 198.51.100.0/24 via 192.0.2.1 dev eth0`.\nSee docs/nlctl.md."
)]
struct Cli {
    /// Print JSON with the keys and values of `ip -j`.
    #[arg(short = 'j', long = "json")]
    json: bool,
    /// IPv4 only.
    #[arg(short = '4', conflicts_with = "ipv6")]
    ipv4: bool,
    /// IPv6 only.
    #[arg(short = '6')]
    ipv6: bool,
    /// Run in the network namespace NAME (/run/netns/NAME), like `ip -n NAME`.
    #[arg(short = 'n', long = "netns", value_name = "NAME")]
    netns: Option<String>,
    /// Prefix every monitored event with the time it was received.
    #[arg(short = 't', long = "timestamp")]
    timestamp: bool,
    /// The notification socket's receive buffer in bytes (for tests that force overruns).
    #[arg(long = "rcvbuf", hide = true)]
    rcvbuf: Option<usize>,
    /// The object to show, change or monitor.
    #[command(subcommand)]
    object: Object,
}

/// What `nlctl` acts on; each takes the rest of the line as `ip`-style words.
#[derive(Debug, Subcommand)]
enum Object {
    /// Network interfaces: show, add, set, del.
    #[command(visible_alias = "l")]
    Link(Rest),
    /// IPv4 and IPv6 addresses: show, add, replace, del.
    #[command(visible_aliases = ["a", "address"])]
    Addr(Rest),
    /// Routes: show, add, replace, append, del.
    #[command(visible_alias = "r")]
    Route(Rest),
    /// Neighbour (ARP/NDISC) entries: show, add, replace, del.
    #[command(visible_aliases = ["n", "neighbour", "neighbor"])]
    Neigh(Rest),
    /// Policy routing rules: show, add, del.
    #[command(visible_alias = "ru")]
    Rule(Rest),
    /// Nexthop objects: show, add, replace, del.
    #[command(visible_alias = "nh")]
    Nexthop(Rest),
    /// Print events as they happen: link, addr, route, neigh, rule (none: all).
    #[command(visible_alias = "m")]
    Monitor(Rest),
}

/// The words after the object.
#[derive(Debug, clap::Args)]
struct Rest {
    /// The command and its arguments, in ip's word order.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    words: Vec<String>,
}

/// The options every command sees.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// `--json`.
    pub(crate) json: bool,
    /// `-4` / `-6`.
    pub(crate) family: Option<AddressFamily>,
    /// `--timestamp`.
    pub(crate) timestamp: bool,
    /// The connection, opened in the namespace of `--netns`.
    pub(crate) conn: Connection,
}

fn open(cli: &Cli, monitor: bool) -> Result<Connection> {
    let mut options = ConnectionOptions::default();
    if let Some(ns) = &cli.netns {
        if ns.is_empty() || ns.contains('/') {
            return Err(CliError::usage(format!("invalid namespace name {ns:?}")));
        }
        let path = PathBuf::from("/run/netns").join(ns);
        if !path.exists() {
            return Err(CliError::runtime(format!(
                "cannot open network namespace {ns:?}: {} does not exist",
                path.display()
            )));
        }
        options.netns = Some(path);
    }
    if monitor && let Some(size) = cli.rcvbuf {
        options.notify_buffer_size = size;
    }
    Connection::with_options(options).map_err(CliError::from)
}

fn run(cli: Cli) -> Result<()> {
    let family = if cli.ipv4 {
        Some(AddressFamily::INET)
    } else if cli.ipv6 {
        Some(AddressFamily::INET6)
    } else {
        None
    };
    let (name, words) = match &cli.object {
        Object::Link(r) => ("link", &r.words),
        Object::Addr(r) => ("addr", &r.words),
        Object::Route(r) => ("route", &r.words),
        Object::Neigh(r) => ("neigh", &r.words),
        Object::Rule(r) => ("rule", &r.words),
        Object::Nexthop(r) => ("nexthop", &r.words),
        Object::Monitor(r) => ("monitor", &r.words),
    };
    let mut w = Words::new(words);
    // The verb: `show` when there is none (or the first word is not a verb, as `ip`).
    let verb = if name == "monitor" {
        "monitor"
    } else {
        match w.peek() {
            None => "show",
            Some(v) => match v {
                "show" | "list" | "lst" | "ls" | "sh" | "s" => {
                    w.next();
                    "show"
                }
                "add" | "a" => {
                    w.next();
                    "add"
                }
                "del" | "delete" | "d" => {
                    w.next();
                    "del"
                }
                "set" => {
                    w.next();
                    "set"
                }
                "replace" | "change" | "chg" => {
                    w.next();
                    "replace"
                }
                "append" => {
                    w.next();
                    "append"
                }
                "help" => {
                    return Err(CliError::usage(format!(
                        "{name}: see `nlctl --help` and docs/nlctl.md"
                    )));
                }
                _ => "show",
            },
        }
    };
    w.set_context(format!("{name} {verb}"));
    // Parse every word before opening anything, so that a bad word never sends a request.
    let cmd = match (name, verb) {
        ("link", "show") => Command::Show(show::parse_link(&mut w)?.into()),
        ("addr", "show") => Command::Show(show::parse_addr(&mut w)?.into()),
        ("route", "show") => Command::Show(show::parse_route(&mut w, family)?.into()),
        ("neigh", "show") => Command::Show(show::parse_neigh(&mut w)?.into()),
        ("rule", "show") => Command::Show(show::parse_rule(&mut w)?.into()),
        ("nexthop", "show") => Command::Show(show::parse_nexthop(&mut w)?.into()),
        ("monitor", _) => Command::Monitor(monitor::parse(&mut w)?),
        _ => Command::Change(change::parse(name, verb, &mut w, family)?),
    };
    let conn = open(&cli, matches!(cmd, Command::Monitor(_)))?;
    let ctx = Ctx {
        json: cli.json,
        family,
        timestamp: cli.timestamp,
        conn,
    };
    let result = match cmd {
        Command::Show(s) => show::run(&ctx, &s),
        Command::Monitor(m) => monitor::run(&ctx, &m),
        Command::Change(c) => change::run(&ctx, &c),
    };
    result.map_err(|e| e.context(&format!("{name} {verb}")))
}

/// A parsed command line.
enum Command {
    /// `OBJECT show ...`.
    Show(show::Show),
    /// `monitor ...`.
    Monitor(monitor::Monitor),
    /// `OBJECT add|del|set|replace|append ...`.
    Change(change::Change),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors exit with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nlctl: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
