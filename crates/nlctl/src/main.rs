//! `nlctl`: show, change, flush and monitor links, addresses, routes, neighbours, rules and
//! nexthop objects, with the words of iproute2's `ip`, on the `netlink` crate.
//!
//! The command line is read as `ip` 6.1 reads it (see [`cli`]): its single-dash options with
//! their prefixes, its objects and verbs in its order. A word `ip` knows that `nlctl` does not
//! implement yet is refused by name, and a word `ip` does not know is an error naming it: no
//! word is ignored or taken for another, and a refused line sends nothing. `-json` prints the
//! keys and values `ip -j` prints. Exit codes are `ip`'s: 255 for a refused command line, 1 for
//! a command that cannot run, 2 for the kernel's refusals. See `docs/nlctl.md`.
#![forbid(unsafe_code)]

mod absent;
mod batch;
mod bridge;
mod bridge_fmt;
mod change;
mod cli;
mod details;
mod error;
mod ethtool;
mod families;
mod flush;
mod format;
mod genl;
mod help;
mod honours;
mod ioam;
mod ip_errors;
mod link_kinds;
mod monitor;
mod more;
mod mptcp;
mod names;
mod nexthops;
mod out;
mod pipeline;
mod save;
mod show;
mod sink;
mod sr;
mod stats;
mod tc;
mod tc_act_show;
mod tc_action_kinds;
mod tc_actions;
mod tc_args;
mod tc_ematch;
mod tc_ematch_show;
mod tc_filter_show;
mod tc_filters;
mod tc_flower_show;
mod tc_kinds;
#[cfg(test)]
mod tc_oracle;
mod tc_show;
mod tc_units;
mod tcp_metrics;
mod words;
mod xfrm;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::{Connection, ConnectionOptions};

use crate::cli::{Color, Family, Object, Opts, Start, Verb};
use crate::error::{CliError, Result};
use crate::words::Words;

/// How the monitor stamps its events (`-timestamp`, `-tshort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// No time.
    None,
    /// `-timestamp`: a `Timestamp:` line before each event.
    Long,
    /// `-tshort`: `[date]` before each event.
    Short,
}

/// The options every command sees, and the connection it uses.
#[derive(Debug)]
pub(crate) struct Ctx<'c> {
    /// `-json`.
    pub(crate) json: bool,
    /// `-pretty`: ip's indented JSON layout.
    pub(crate) pretty: bool,
    /// `-oneline`: each object's text on one line.
    pub(crate) oneline: bool,
    /// `-4` / `-6` / `-family inet|inet6`.
    pub(crate) family: Option<AddressFamily>,
    /// `-timestamp` / `-tshort`.
    pub(crate) stamp: Stamp,
    /// `-stats`, counted: flush reports, tc's statistics.
    pub(crate) stats: u32,
    /// `-details`, counted (tc's objects).
    pub(crate) details: u32,
    /// `-iec`: rates in powers of 1024 (tc's objects).
    pub(crate) iec: bool,
    /// How objects print: `-details`, `-stats`, `-Numeric`, `-human`, `-iec`.
    pub(crate) style: sink::Style,
    /// `-brief`: links and addresses on one short line each.
    pub(crate) brief: bool,
    /// `-0` / `-family link`: `address show` prints the links alone.
    pub(crate) link_family: bool,
    /// `-loops`: the rounds a flush may take, 0 for no limit.
    pub(crate) max_rounds: i64,
    /// The connection, opened in the namespace of `-netns`.
    pub(crate) conn: &'c Connection,
    /// `-netns`: the namespace's file, for what is read outside netlink (`/proc/net`).
    pub(crate) netns: Option<std::path::PathBuf>,
}

/// A parsed command, checked before anything is opened or sent.
#[derive(Debug)]
enum Command {
    /// `OBJECT show ...`.
    Show(show::Show),
    /// `OBJECT flush ...`.
    Flush(flush::Flush),
    /// `monitor ...`.
    Monitor(monitor::Monitor),
    /// `OBJECT add|del|set|change|replace|prepend|append|test ...`.
    Change(change::Change),
    /// A command of `tc`'s objects.
    Tc(tc::Command),
    /// A command of a generic netlink family: `genl`, `mptcp`, `tcp_metrics`, `ethtool`.
    Genl(families::GenlCommand),
    /// `bridge ...`: `bridge`'s objects and words.
    Bridge(bridge::Bridge),
    /// `nexthop show|get|flush|bucket ...`.
    Nexthop(nexthops::NhCommand),
    /// `link help KIND`: the kind's words, printed on standard output.
    Print(&'static str),
    /// `xfrm state|policy|monitor ...` (on `NETLINK_XFRM`).
    Xfrm(xfrm::Command),
    /// The commands of `netns`, `netconf`, `addrlabel`, `maddress`, `stats`, `ntable`,
    /// `nexthop bucket` and `link property`.
    More(more::Command),
    /// `mrule ...`: a `rule` command on the multicast routing rules of a family
    /// (`RTNL_FAMILY_IPMR`, or `RTNL_FAMILY_IP6MR` with `-6`), as `ip mrule` runs `ip rule`.
    Multicast(AddressFamily, Box<Command>),
    /// `address|route|rule save` and `address|route showdump`: ip's binary dump format.
    Dump(save::Dump),
}

/// The process: the global options and, once a command needs it, the connection, which a
/// `-batch` run shares between its lines.
#[derive(Debug)]
pub(crate) struct Session {
    opts: Opts,
    conn: Option<Connection>,
    genl: Option<netlink::genl::GenlConnection>,
    /// `FILE:LINE` of the batch line being run when route changes may be pipelined
    /// (`-force -batch`), else `None`.
    at: Option<String>,
    /// The route changes waiting to be sent together.
    pending: pipeline::Pending,
}

impl Session {
    /// A session with `opts`; nothing is opened yet.
    pub(crate) fn new(opts: Opts) -> Self {
        Session {
            opts,
            conn: None,
            genl: None,
            at: None,
            pending: pipeline::Pending::default(),
        }
    }

    /// Says where the batch line about to run was read, so that route changes may wait in
    /// the pipeline (`-force -batch`); `None` runs every line at once.
    pub(crate) fn set_batch_line(&mut self, at: Option<String>) {
        self.at = at;
    }

    /// Sends the route changes that wait and reports their failures; returns how many batch
    /// lines failed there so far.
    pub(crate) fn flush_pending(&mut self) -> Result<usize> {
        if let Some(conn) = &self.conn {
            self.pending.flush(conn)?;
        }
        Ok(self.pending.failed)
    }

    /// The options.
    pub(crate) fn opts(&self) -> &Opts {
        &self.opts
    }

    fn connection_options(&self, monitor: bool) -> ConnectionOptions {
        let mut options = ConnectionOptions::default();
        options.netns.clone_from(&self.opts.netns);
        if monitor && let Some(size) = self.opts.rcvbuf {
            options.notify_buffer_size = usize::try_from(size).unwrap_or(usize::MAX);
        }
        options
    }

    /// Runs one command: `words` starts with the object.
    pub(crate) fn run(&mut self, words: &[String]) -> Result<()> {
        let (cmd, context) = parse(&self.opts, words)?;
        let pipelined = |c: &Command| matches!(c, Command::Change(change::Change::Route(v, _)) if pipeline::takes(*v));
        if self.at.is_none() || !pipelined(&cmd) {
            self.flush_pending()?;
        }
        let (cmd, family) = match cmd {
            Command::Multicast(f, c) => (*c, Some(f)),
            c => (c, ip_family(self.opts.family)),
        };
        if let Command::Genl(g) = &cmd {
            families::check_options(&self.opts, g, &context)?;
            return self.run_genl(g).map_err(|e| e.context(&context));
        }
        if let Command::Xfrm(x) = &cmd {
            let monitor = matches!(x, xfrm::Command::Monitor(_));
            return xfrm::run(x, &self.opts, self.connection_options(monitor))
                .map_err(|e| e.context(&context));
        }
        if let Command::Print(text) = cmd {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}")?;
            return Ok(out.flush()?);
        }
        check_options(&self.opts, &cmd, &context)?;
        let monitor_conn;
        let conn = match &cmd {
            // The monitor's connection has its own buffer size and lives as long as it runs.
            Command::Monitor(_) => {
                monitor_conn = Connection::with_options(self.connection_options(true))?;
                &monitor_conn
            }
            // `bridge -netns NAME ...`: a connection of the command's own, in that namespace.
            Command::Bridge(b) if b.netns().is_some() => {
                let mut options = self.connection_options(false);
                options.netns = b.netns().map(Into::into);
                monitor_conn = Connection::with_options(options)?;
                &monitor_conn
            }
            _ => {
                if self.conn.is_none() {
                    self.conn = Some(Connection::with_options(self.connection_options(false))?);
                }
                self.conn.as_ref().ok_or(netlink::Error::Closed)?
            }
        };
        if let (Some(at), Command::Change(change::Change::Route(v, r))) = (&self.at, &cmd)
            && pipeline::takes(*v)
        {
            let req = match change::route_request(conn, r) {
                Ok(req) => req,
                Err(e) => {
                    // The lines before this one fail or succeed first, as they were read.
                    self.pending.flush(conn)?;
                    return Err(e.context(&context));
                }
            };
            self.pending.push(conn, at.clone(), context, *v, req)?;
            return Ok(());
        }
        let ctx = Ctx {
            json: self.opts.json,
            pretty: self.opts.pretty,
            oneline: self.opts.oneline,
            family,
            stamp: match (self.opts.timestamp, self.opts.tshort) {
                (false, _) => Stamp::None,
                (true, false) => Stamp::Long,
                (true, true) => Stamp::Short,
            },
            stats: self.opts.stats,
            details: self.opts.details,
            iec: self.opts.iec,
            style: sink::Style {
                details: self.opts.details,
                stats: self.opts.stats,
                numeric: self.opts.numeric,
                human: self.opts.human,
                iec: self.opts.iec,
            },
            brief: self.opts.brief,
            link_family: self.opts.family == Some(Family::Packet),
            max_rounds: self.opts.max_rounds(),
            conn,
            netns: self.opts.netns.clone(),
        };
        let result = match &cmd {
            Command::Show(s) => show::run(&ctx, s),
            Command::Flush(f) => flush::run(&ctx, f),
            Command::Monitor(m) => monitor::run(&ctx, m),
            Command::Change(c) => change::run(&ctx, c),
            Command::Tc(c) => tc::run(&ctx, c),
            Command::Genl(_) => Ok(()),
            Command::Bridge(b) => bridge::run(&ctx, b),
            Command::Nexthop(c) => nexthops::run(&ctx, c),
            Command::Print(_) | Command::Xfrm(_) => Ok(()),
            Command::More(c) => more::run(&ctx, c),
            Command::Multicast(..) => Ok(()),
            Command::Dump(d) => save::run(&ctx, d),
        };
        result.map_err(|e| e.context(&context))
    }

    /// Runs a generic netlink command on the session's generic netlink connection, opened
    /// once, with a routing connection beside it for interface names.
    fn run_genl(&mut self, cmd: &families::GenlCommand) -> Result<()> {
        if self.conn.is_none() {
            self.conn = Some(Connection::with_options(self.connection_options(false))?);
        }
        if self.genl.is_none() {
            self.genl = Some(netlink::genl::GenlConnection::with_options(
                self.connection_options(false),
            )?);
        }
        let (Some(rt), Some(genl)) = (&self.conn, &self.genl) else {
            return Err(netlink::Error::Closed.into());
        };
        families::run(cmd, &self.opts, genl, rt)
    }
}

/// The IP family of `-4`/`-6`/`-family`, which the commands filter by.
fn ip_family(f: Option<Family>) -> Option<AddressFamily> {
    match f {
        Some(Family::Inet) => Some(AddressFamily::INET),
        Some(Family::Inet6) => Some(AddressFamily::INET6),
        _ => None,
    }
}

/// Reads a whole command (object, verb and arguments) before anything is opened, so that a
/// bad word never sends a request. Returns the command and its name for messages
/// (`"route add"`).
fn parse(opts: &Opts, words: &[String]) -> Result<(Command, String)> {
    let (first, rest) = words
        .split_first()
        .ok_or_else(|| CliError::Help(help::GLOBAL.to_owned()))?;
    let object = cli::resolve(cli::OBJECTS, first).ok_or_else(|| {
        CliError::failed(format!(
            "Object \"{first}\" is unknown, try \"nlctl help\"."
        ))
    })?;
    if let Some((cmd, context)) = families::parse(object, rest, opts)? {
        return Ok((Command::Genl(cmd), context));
    }
    let mut family = ip_family(opts.family);
    let mut w = Words::new(rest);
    if object.is_tc() {
        w.set_context(object.name().to_owned());
        let (cmd, context) = tc::parse(object, &mut w).map_err(|e| {
            let c = w.context().to_owned();
            e.in_command(&c)
        })?;
        return Ok((Command::Tc(cmd), context));
    }
    match object {
        Object::Help => return Err(CliError::Help(help::GLOBAL.to_owned())),
        Object::Monitor => {
            w.set_context("monitor".into());
            return Ok((Command::Monitor(monitor::parse(&mut w)?), "monitor".into()));
        }
        Object::Xfrm => {
            let (cmd, context) = xfrm::parse(rest)?;
            return Ok((Command::Xfrm(cmd), context));
        }
        Object::Bridge => {
            let base = bridge::BrOpts {
                json: opts.json,
                pretty: opts.pretty,
                stats: opts.stats,
                details: opts.details,
                compress: false,
            };
            return Ok((Command::Bridge(bridge::parse(base, rest)?), "bridge".into()));
        }
        o if more::handles(o) => {
            let (cmd, context) = more::parse(o, &mut w, family)?;
            return Ok((Command::More(cmd), context));
        }
        _ => {}
    }
    // `ip mrule` is `ip rule` on the multicast routing family of `-4` (the default) or `-6`.
    let multicast = (object == Object::MRule).then(|| {
        if family == Some(AddressFamily::INET6) {
            AddressFamily::IP6MR
        } else {
            AddressFamily::IPMR
        }
    });
    let object = if multicast.is_some() {
        family = multicast;
        Object::Rule
    } else {
        object
    };
    let name = if multicast.is_some() {
        "mrule"
    } else {
        object.name()
    };
    let Some(verbs) = object.verbs() else {
        return Err(CliError::unsupported(format!(
            "object \"{}\" ({first:?})",
            object.name()
        )));
    };
    let verb = match w.next() {
        None => Verb::Show,
        Some(v) => cli::resolve(verbs, v).ok_or_else(|| {
            CliError::usage(format!(
                "Command \"{v}\" is unknown, try \"nlctl {name} help\"."
            ))
        })?,
    };
    if verb == Verb::Help {
        // `ip link help KIND` prints the kind's words on standard output and succeeds.
        if object == Object::Link
            && let Some(text) = w.peek().and_then(help::link_kind)
        {
            return Ok((Command::Print(text), "link help".into()));
        }
        // `mrule help` is rule's, under its own name.
        let text = help::object(object);
        return Err(CliError::Help(if multicast.is_some() {
            text.replace("nlctl rule", "nlctl mrule")
        } else {
            text.to_owned()
        }));
    }
    let context = format!("{name} {}", verb.name());
    w.set_context(context.clone());
    let cmd =
        command(object, verb, &mut w, family, &context).map_err(|e| e.in_command(&context))?;
    Ok(match multicast {
        Some(f) => (Command::Multicast(f, Box::new(cmd)), context),
        None => (cmd, context),
    })
}

/// Reads the words of `object verb`.
fn command(
    object: Object,
    verb: Verb,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
    context: &str,
) -> Result<Command> {
    Ok(match (object, verb) {
        (Object::Link, Verb::Show) => Command::Show(show::parse_link(w)?.into()),
        (Object::Address, Verb::Show) => Command::Show(show::parse_addr(w, family)?.into()),
        (Object::Route, Verb::Show) => Command::Show(show::parse_route(w, family)?.into()),
        (Object::Neigh, Verb::Show) => Command::Show(show::parse_neigh(w, family)?.into()),
        (Object::Rule, Verb::Show) => Command::Show(show::parse_rule(w, family)?.into()),
        (Object::Nexthop, Verb::Show) => Command::Nexthop(nexthops::parse_list(w, false)?),
        (Object::Nexthop, Verb::Flush) => Command::Nexthop(nexthops::parse_list(w, true)?),
        (Object::Nexthop, Verb::Get) => Command::Nexthop(nexthops::parse_get(w)?),
        (Object::Nexthop, Verb::Bucket) => Command::Nexthop(nexthops::parse_bucket(w)?),
        (Object::Route, Verb::Get) => Command::Show(show::parse_route_get(w, family)?.into()),
        (Object::Neigh, Verb::Get) => Command::Show(show::parse_neigh_get(w, family)?.into()),
        (Object::Link, Verb::Xstats | Verb::Afstats) => {
            let parsed = if verb == Verb::Xstats {
                more::parse_xstats(w)?
            } else {
                more::parse_afstats(w)?
            };
            match parsed {
                more::LinkStatsCmd::Cmd(c) => Command::More(more::Command::Stats(c)),
                more::LinkStatsCmd::Usage(text) => Command::Print(text),
            }
        }
        (Object::Address | Object::Route | Object::Rule, Verb::Save | Verb::Restore)
        | (Object::Address | Object::Route, Verb::Showdump) => {
            Command::Dump(save::parse(object, verb, w, family)?)
        }
        (Object::Address | Object::Route | Object::Neigh | Object::Rule, Verb::Flush) => {
            Command::Flush(flush::parse(object, w, family)?)
        }
        _ => match change::parse(object, verb, w, family)? {
            Some(c) => Command::Change(c),
            None => {
                return Err(CliError::unsupported(format!("\"{context}\"")));
            }
        },
    })
}

/// Refuses the options `nlctl` cannot honour exactly for `cmd` yet. An option that changes
/// nothing `ip` would print for the command is accepted: changes print nothing, and
/// `-human`/`-iec` only change counters, which nothing here prints.
fn check_options(o: &Opts, cmd: &Command, context: &str) -> Result<()> {
    if let Command::Tc(c) = cmd {
        return tc::check_options(o, c, context);
    }
    if let Command::Multicast(_, c) = cmd {
        return check_options(o, c, context);
    }
    let refuse = |opt: &str| {
        Err(CliError::unsupported(format!(
            "option {opt} with \"{context}\""
        )))
    };
    if let Some(f) = o.family
        && matches!(f, Family::Packet | Family::Mpls | Family::Bridge)
        && !context.starts_with("link ")
        && !(f == Family::Packet && context == "address show")
    {
        return refuse(&format!("-family {}", f.name()));
    }
    if matches!(cmd, Command::Bridge(_)) {
        return bridge_options(o, context);
    }
    let flush = matches!(cmd, Command::Flush(_));
    let prints = match cmd {
        Command::Show(_) | Command::Monitor(_) => true,
        Command::Print(_) | Command::Xfrm(_) => false,
        Command::Nexthop(c) => !matches!(
            c,
            nexthops::NhCommand::Flush(_) | nexthops::NhCommand::FlushId(_)
        ),
        Command::Flush(_) => o.stats >= 2,
        Command::Change(_) | Command::Tc(_) | Command::Genl(_) | Command::Bridge(_) => false,
        Command::More(c) => c.prints(),
        Command::Multicast(..) => false,
        Command::Dump(d) => d.prints(),
    };
    if !prints {
        return Ok(());
    }
    // What each show prints of the options it honours.
    let (stats, details, brief, numeric) = match cmd {
        Command::Show(show::Show::Link(_) | show::Show::Addr(_)) => (true, true, true, true),
        // ip prints routes and nexthops alike with -brief.
        Command::Show(
            show::Show::Route(_)
            | show::Show::RouteGet(_)
            | show::Show::Neigh(_)
            | show::Show::NeighGet(_)
            | show::Show::Rule(_),
        )
        | Command::Nexthop(_) => (true, true, true, true),
        Command::More(c) if c.honours_stats_and_details() => (true, true, false, false),
        _ => (flush, false, false, false),
    };
    if o.stats > 0 && !stats {
        return refuse("-stats");
    }
    if o.details > 0 && !details {
        return refuse("-details");
    }
    if o.brief && !brief {
        return refuse("-brief");
    }
    if o.numeric && !numeric {
        return refuse("-Numeric");
    }
    if o.resolve && !context.starts_with("link ") {
        return refuse("-resolve");
    }
    if flush && o.json {
        // ip mixes the deleted objects' JSON with its text report.
        return refuse("-json");
    }
    let colours = match o.color {
        None | Some(Color::Never) => false,
        Some(Color::Always) => true,
        Some(Color::Auto) => std::io::stdout().is_terminal(),
    };
    if colours && !o.json {
        return refuse("-color");
    }
    // The monitor's -timestamp line stays a line of its own in ip's -oneline output.
    if o.oneline && !o.json && matches!(cmd, Command::Monitor(_)) {
        return refuse("-oneline");
    }
    if matches!(cmd, Command::Monitor(_)) && o.timestamp && !o.json {
        monitor::check_local_time()?;
    }
    Ok(())
}

/// Refuses the options before the word `bridge` that `bridge` has not, or that `nlctl` cannot
/// honour for its commands yet; `-json`, `-pretty`, `-stats` and `-details` are `bridge`'s too.
fn bridge_options(o: &Opts, context: &str) -> Result<()> {
    let refuse = |opt: &str| {
        Err(CliError::unsupported(format!(
            "option {opt} with \"{context}\""
        )))
    };
    if let Some(f) = o.family {
        return refuse(&format!("-family {}", f.name()));
    }
    for (set, name) in [
        (o.oneline, "-oneline"),
        (o.timestamp, "-timestamp"),
        (o.brief, "-brief"),
        (o.numeric, "-Numeric"),
        (o.resolve, "-resolve"),
        (o.human, "-human"),
        (o.iec, "-iec"),
        (o.all, "-all"),
    ] {
        if set {
            return refuse(name);
        }
    }
    let colours = match o.color {
        None | Some(Color::Never) => false,
        Some(Color::Always) => true,
        Some(Color::Auto) => std::io::stdout().is_terminal(),
    };
    if colours && !o.json {
        return refuse("-color");
    }
    Ok(())
}

/// Runs the command line `args` (without the program name).
fn main_args(args: &[String]) -> Result<()> {
    let (opts, start) = match cli::options(args)? {
        Start::Version => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "nlctl {}", env!("CARGO_PKG_VERSION"))?;
            out.flush()?;
            return Ok(());
        }
        Start::Help => return Err(CliError::Help(help::GLOBAL.to_owned())),
        Start::Run(opts, start) => (opts, start),
    };
    let mut session = Session::new(opts);
    // As `ip`, a batch ignores whatever follows the options.
    if let Some(file) = session.opts().batch.clone() {
        return batch::run(&mut session, &file);
    }
    session.run(args.get(start..).unwrap_or_default())
}

/// Writes a line to standard error; a closed standard error is no reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Prints an error as `ip` would place it: a usage text as it is, anything else after
/// `nlctl: `.
pub(crate) fn report(e: &CliError) {
    match e {
        CliError::Help(text) => say!("{text}"),
        CliError::BrokenPipe | CliError::Reported(_) => {}
        e => say!("nlctl: {e}"),
    }
}

fn main() -> ExitCode {
    let args: Result<Vec<String>> = std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string()
                .map_err(|a| CliError::usage(format!("argument {a:?} is not valid UTF-8")))
        })
        .collect();
    match args.and_then(|a| main_args(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
