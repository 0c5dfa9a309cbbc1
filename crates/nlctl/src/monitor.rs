//! `monitor [all | OBJECTS] [label]`: one line per event as it happens, in the shape of
//! `show -json` with an `event` key; on a notification overrun a warning on stderr and what
//! changed while notifications were lost, found by the live view's tables
//! ([`ViewTables`]): objects added or changed as `"event": "resync"`, objects removed as
//! `"event": "resync-del"`, so that nothing is missed silently and nothing else is repeated.
//! `nsid` and `netconf`, which the view does not keep, are listed again whole.
//!
//! The words are `ip monitor`'s, resolved with its table: `link`, `address`, `route`,
//! `mroute`, `neigh`, `rule`, `nexthop`, `nsid`, `netconf`, `prefix` and `stats` select objects
//! (none: all of them, as `ip` 6.1 watches them all); `label` and `all` tag each text line with
//! its object as `ip` does. Its other words are refused. `mroute` prints the multicast
//! forwarding cache's entries as `ip mroute show` does (`more::mroute`), from the raw message;
//! an overrun lists them again whole, as `nsid` and `netconf`. In text, `-timestamp` prints
//! `ip`'s `Timestamp:` line before each event and `-tshort` its `[date]` prefix, in local time
//! (UTC only for now); in JSON both add a `timestamp` key in UTC.
//!
//! nlctl's own words `qdisc`, `class`, `filter`, `chain`, `action` (or `actions`) and `tc` (all
//! five) watch traffic control (`RTNLGRP_TC`) and print its events as `tc monitor` 6.1 does
//! (`tc_show::monitor`): `deleted `, `added `, `replaced ` and the actions' `Added action `...
//! from each notification's flags, `-timestamp`/`-tshort` as `tc -t`/`-ts`, and text even with
//! `-json`, as `tc -j monitor` 6.1 prints it (so `-json` refuses to mix them with ip's objects).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::netlink_wire::rtnl::route::RouteMsg;
use netlink::netlink_wire::rtnl::tc::TcObjectMsg;
use netlink::netlink_wire::rtnl::{AddressFamily, Table};
use netlink::ops::route::Route;
use netlink::view::{TableKind, ViewObject, ViewOptions, ViewTables};
use netlink::{
    Address, Connection, Event, Group, IfStats, Link, Message, Neighbour, Netconf, NetconfDevice,
    NetconfFilter, Nexthop, Nsid, NsidFilter, PrefixInfo, RouteFilter, Rule, ViewEvent,
};

use crate::cli::{self, MonitorWord, Object};
use crate::error::{CliError, Result};
use crate::format::{
    IndexedAddr, LinkFields, LinkKeys, NeighFields, NexthopFields, RouteFields, RouteOmit,
    RuleFields,
};
use crate::more::StatsNoticeFields;
use crate::more::mroute::{Mroute, MrouteFields};
use crate::more::netconf::NetconfFields;
use crate::more::netns::{self, IdFields};
use crate::more::prefix::PrefixFields;
use crate::names::LinkNames;
use crate::out;
use crate::sink::{self, Fields, JsonState, Sink, Style};
use crate::tc_show::monitor::{self as tc_monitor, TcObject};
use crate::words::Words;
use crate::{Ctx, Stamp, help};

/// Which objects to watch, and whether text lines carry their object's tag.
#[derive(Debug, Clone, Default)]
pub(crate) struct Monitor {
    link: bool,
    addr: bool,
    route: bool,
    neigh: bool,
    rule: bool,
    nexthop: bool,
    /// `mroute`: the multicast forwarding cache (`RTNLGRP_IPV4_MROUTE`, `..._IPV6_MROUTE`).
    mroute: bool,
    /// `nsid`: peer namespace ids.
    nsid: bool,
    /// `netconf`: devices' IP configuration.
    netconf: bool,
    /// `prefix`: IPv6 prefixes from router advertisements.
    prefix: bool,
    /// `stats`: links' statistics settings.
    stats: bool,
    /// `label` or `all`: `[LINK]`, `[ROUTE]`... before each text line.
    banner: bool,
    /// `dev NAME`: only the links, addresses, routes (by output device) and neighbours of
    /// that device, as ip filters them; rules and nexthops all.
    dev: Option<String>,
    /// The traffic-control objects watched, printed as `tc monitor` prints them.
    tc: TcWatch,
}

impl Monitor {
    /// Whether any of `ip monitor`'s objects is watched.
    fn watches_ip(&self) -> bool {
        self.link
            || self.addr
            || self.route
            || self.neigh
            || self.rule
            || self.nexthop
            || self.mroute
            || self.nsid
            || self.netconf
            || self.prefix
            || self.stats
    }
}

/// The traffic-control objects a monitor watches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TcWatch {
    qdisc: bool,
    class: bool,
    filter: bool,
    chain: bool,
    action: bool,
}

impl TcWatch {
    const ALL: TcWatch = TcWatch {
        qdisc: true,
        class: true,
        filter: true,
        chain: true,
        action: true,
    };

    fn any(self) -> bool {
        self != TcWatch::default()
    }

    fn wants(self, o: TcObject) -> bool {
        match o {
            TcObject::Qdisc => self.qdisc,
            TcObject::Class => self.class,
            TcObject::Filter => self.filter,
            TcObject::Chain => self.chain,
            TcObject::Action => self.action,
        }
    }
}

/// How many decoded notifications may wait for the printer. When it is full the reader waits,
/// the kernel fills the socket and reports an overrun, which triggers a resync.
const BACKLOG: usize = 1024;

/// Parses `ip monitor`'s words; no object means all of them.
pub(crate) fn parse(w: &mut Words<'_>) -> Result<Monitor> {
    let mut m = Monitor::default();
    while let Some(word) = w.next() {
        match cli::resolve(cli::MONITOR_WORDS, word) {
            Some(MonitorWord::Link) => m.link = true,
            Some(MonitorWord::Address) => m.addr = true,
            Some(MonitorWord::Route) => m.route = true,
            Some(MonitorWord::Neigh) => m.neigh = true,
            Some(MonitorWord::Rule) => m.rule = true,
            Some(MonitorWord::Nexthop) => m.nexthop = true,
            Some(MonitorWord::MRoute) => m.mroute = true,
            Some(MonitorWord::Nsid) => m.nsid = true,
            Some(MonitorWord::Netconf) => m.netconf = true,
            Some(MonitorWord::Prefix) => m.prefix = true,
            Some(MonitorWord::Stats) => m.stats = true,
            // `all` tags the lines; the objects stay as chosen (all when none is).
            Some(MonitorWord::Label | MonitorWord::All) => m.banner = true,
            Some(MonitorWord::Help) => {
                return Err(CliError::Help(help::object(Object::Monitor).to_owned()));
            }
            Some(MonitorWord::Dev) => m.dev = Some(w.value(word)?.to_owned()),
            Some(MonitorWord::Qdisc) => m.tc.qdisc = true,
            Some(MonitorWord::Class) => m.tc.class = true,
            Some(MonitorWord::Filter) => m.tc.filter = true,
            Some(MonitorWord::Chain) => m.tc.chain = true,
            Some(MonitorWord::Action) => m.tc.action = true,
            Some(MonitorWord::Tc) => m.tc = TcWatch::ALL,
            Some(_) => return Err(w.unsupported_in(cli::MONITOR_WORDS, word)),
            None => {
                return Err(CliError::usage(format!(
                    "Argument \"{word}\" is unknown, try \"nlctl monitor help\"."
                )));
            }
        }
    }
    // No object named: every one `ip` 6.1 watches then (not traffic control, which is tc's).
    if !(m.watches_ip() || m.tc.any()) {
        m = Monitor {
            banner: m.banner,
            dev: m.dev,
            link: true,
            addr: true,
            route: true,
            neigh: true,
            rule: true,
            nexthop: true,
            mroute: true,
            nsid: true,
            netconf: true,
            prefix: true,
            stats: true,
            tc: TcWatch::default(),
        };
    }
    Ok(m)
}

fn groups(m: &Monitor, family: Option<AddressFamily>) -> Vec<Group> {
    let v4 = family != Some(AddressFamily::INET6);
    let v6 = family != Some(AddressFamily::INET);
    let mut g = Vec::new();
    let mut add = |on: bool, group: Group| {
        if on {
            g.push(group);
        }
    };
    add(m.link, Group::LINK);
    add(m.addr && v4, Group::IPV4_IFADDR);
    add(m.addr && v6, Group::IPV6_IFADDR);
    add(m.route && v4, Group::IPV4_ROUTE);
    add(m.route && v6, Group::IPV6_ROUTE);
    add(m.neigh, Group::NEIGH);
    add(m.rule && v4, Group::IPV4_RULE);
    add(m.rule && v6, Group::IPV6_RULE);
    add(m.nexthop, Group::NEXTHOP);
    add(m.mroute && v4, Group::IPV4_MROUTE);
    add(m.mroute && v6, Group::IPV6_MROUTE);
    add(m.nsid, Group::NSID);
    add(m.netconf && v4, Group::IPV4_NETCONF);
    add(m.netconf && v6, Group::IPV6_NETCONF);
    add(m.netconf && family.is_none(), Group::MPLS_NETCONF);
    add(m.prefix && v6, Group::IPV6_PREFIX);
    add(m.stats, Group::STATS);
    add(m.tc.any(), Group::TC);
    g
}

/// A time of day in UTC, split as a calendar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    /// The year.
    year: i64,
    /// 1 to 12.
    month: i64,
    /// 1 to 31.
    day: i64,
    /// 0 to 23.
    hour: u64,
    /// 0 to 59.
    minute: u64,
    /// 0 to 59.
    second: u64,
    /// Microseconds into the second.
    micros: u32,
    /// 0 for Sunday.
    weekday: i64,
}

impl Civil {
    /// `t` in UTC (a time before 1970 reads as 1970).
    fn of(t: SystemTime) -> Civil {
        let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
        let secs = d.as_secs();
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let rem = secs % 86_400;
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        Civil {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            micros: d.subsec_micros(),
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7),
        }
    }
}

/// Seconds since 1970 as `2024-05-01 12:34:56` in UTC (`strftime`'s `%Y-%m-%d %T`, which
/// `ip xfrm -s` prints for lifetimes); call [`check_local_time`] first.
pub(crate) fn date_time(secs: u64) -> String {
    let c = Civil::of(UNIX_EPOCH + std::time::Duration::from_secs(secs));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// Seconds since 1970 as `2024-05-01T12:34:56.123456Z` (the JSON `timestamp`).
pub(crate) fn timestamp(now: SystemTime) -> String {
    let c = Civil::of(now);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.micros
    )
}

/// `-tshort`'s text prefix: `[2024-05-01T12:34:56.123456] `.
pub(crate) fn stamp_short(now: SystemTime) -> String {
    let c = Civil::of(now);
    format!(
        "[{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}] ",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.micros
    )
}

/// `-timestamp`'s text line: `Timestamp: Wed May  1 12:34:56 2024 123456 usec` and a new line.
pub(crate) fn stamp_long(now: SystemTime) -> String {
    format!(
        "Timestamp: {} {} usec\n",
        asctime(now),
        Civil::of(now).micros
    )
}

/// `t` as C's `asctime` writes it, without its new line: `Wed May  1 12:34:56 2024`.
pub(crate) fn asctime(t: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = Civil::of(t);
    let name = |names: &[&'static str], i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| names.get(i))
            .copied()
            .unwrap_or("???")
    };
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        name(&DAYS, c.weekday),
        name(&MONTHS, c.month - 1),
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year,
    )
}

/// Whether local time is UTC, which is all the text timestamps can print yet: `TZ` unset with
/// no `/etc/localtime` or a UTC one, or `TZ` naming UTC.
///
/// # Errors
/// An unsupported-option error for any other time zone.
pub(crate) fn check_local_time() -> Result<()> {
    const UTC_NAMES: [&str; 13] = [
        "",
        "UTC",
        "UTC0",
        "GMT",
        "GMT0",
        "UCT",
        "Universal",
        "Zulu",
        "Etc/UTC",
        "Etc/GMT",
        "Etc/UCT",
        "Etc/Universal",
        "Etc/Zulu",
    ];
    let utc = match std::env::var_os("TZ") {
        Some(tz) => {
            let tz = tz.to_string_lossy();
            UTC_NAMES.contains(&tz.strip_prefix(':').unwrap_or(&tz))
        }
        None => match std::fs::read("/etc/localtime") {
            Ok(bytes) => tzif_is_utc(&bytes),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        },
    };
    if utc {
        Ok(())
    } else {
        Err(CliError::unsupported(
            "option -timestamp or -tshort in a time zone other than UTC (text output)",
        ))
    }
}

/// Whether a TZif file (RFC 8536) describes UTC: no transitions and one local time type,
/// with no offset from UTC.
fn tzif_is_utc(b: &[u8]) -> bool {
    let count = |at: usize| -> Option<u32> {
        let bytes: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(u32::from_be_bytes(bytes))
    };
    let check = || -> Option<bool> {
        if b.get(..4)? != b"TZif" {
            return None;
        }
        let (timecnt, typecnt) = (count(32)?, count(36)?);
        // The first local time type follows the header and the transitions (5 bytes each).
        let ttinfo = usize::try_from(timecnt)
            .ok()?
            .checked_mul(5)?
            .checked_add(44)?;
        let utoff = count(ttinfo)?;
        Some(timecnt == 0 && typecnt == 1 && utoff == 0)
    };
    check().unwrap_or(false)
}

/// What one event prints: its kind, the object's name and the object.
struct Line<'e> {
    event: &'static str,
    object: &'static str,
    body: Body<'e>,
}

/// The object of an event.
#[derive(Clone, Copy)]
enum Body<'e> {
    Link(&'e Link),
    Addr(&'e Address),
    Route(&'e Route),
    Neigh(&'e Neighbour),
    Rule(&'e Rule),
    Nexthop(&'e Nexthop),
    Mroute(&'e Mroute),
    Nsid(&'e Nsid),
    Netconf(&'e Netconf),
    Prefix(&'e PrefixInfo),
    Stats(&'e IfStats),
}

/// One event as it prints: in JSON the event's keys, then the object's, as `show -json`
/// prints it; in text the time, the `[OBJECT]` tag, `Deleted ` or `Resync `, then the object
/// as `show` prints it.
struct Tagged<'a> {
    line: Line<'a>,
    stamp: Stamp,
    now: SystemTime,
    banner: bool,
    names: &'a LinkNames,
    /// `dev NAME` was given: ip then leaves the device out of routes and neighbours.
    one_dev: bool,
    /// The names of `/run/netns` by id, for `nsid` events.
    peers: &'a BTreeMap<i32, String>,
}

impl Fields for Tagged<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let Line {
            event,
            object,
            body,
        } = self.line;
        s.string("event", None, event)?;
        s.string("object", None, object)?;
        if self.stamp != Stamp::None {
            s.string("timestamp", None, timestamp(self.now))?;
        }
        match self.stamp {
            Stamp::None => {}
            Stamp::Long => s.text(stamp_long(self.now))?,
            Stamp::Short => s.text(stamp_short(self.now))?,
        }
        if self.banner {
            s.text(match body {
                Body::Link(_) => "[LINK]",
                Body::Addr(_) => "[ADDR]",
                Body::Route(_) => "[ROUTE]",
                Body::Neigh(_) => "[NEIGH]",
                Body::Rule(_) => "[RULE]",
                Body::Nexthop(_) => "[NEXTHOP]",
                Body::Mroute(_) => "[MROUTE]",
                Body::Nsid(_) => "[NSID]",
                Body::Netconf(_) => "[NETCONF]",
                Body::Prefix(_) => "[PREFIX]",
                Body::Stats(_) => "[STATS]",
            })?;
        }
        match event {
            "del" => s.text("Deleted ")?,
            "resync" => s.text("Resync ")?,
            "resync-del" => s.text("Resync Deleted ")?,
            _ => {}
        }
        let names = self.names;
        match body {
            Body::Link(l) => LinkFields {
                l,
                names,
                keys: LinkKeys::MONITOR,
                style: Style::default(),
                msg: None,
            }
            .fields(s),
            Body::Addr(a) => IndexedAddr {
                a,
                dev: names.name(a.index),
            }
            .fields(s),
            Body::Route(r) => RouteFields {
                r,
                names,
                omit: RouteOmit {
                    dev: self.one_dev,
                    ..RouteOmit::default()
                },
                style: Style::default(),
                nexthops: None,
            }
            .fields(s),
            Body::Neigh(n) => NeighFields {
                n,
                names,
                omit_dev: self.one_dev,
                style: Style::default(),
            }
            .fields(s),
            Body::Rule(r) => RuleFields {
                r,
                style: Style::default(),
            }
            .fields(s),
            Body::Nexthop(n) => NexthopFields {
                n,
                names,
                style: Style::default(),
            }
            .fields(s),
            // As print_mroute in a monitor, which has no table filter: the table unless main
            // (`-details` and `-stats` are refused for monitor).
            Body::Mroute(r) => MrouteFields {
                r,
                names,
                table: r.table() != Table::MAIN,
                stats: false,
            }
            .fields(s),
            Body::Nsid(n) => IdFields {
                n,
                name: n.nsid.and_then(|i| self.peers.get(&i)).map(String::as_str),
            }
            .fields(s),
            Body::Netconf(n) => NetconfFields { n, names }.fields(s),
            Body::Prefix(p) => PrefixFields { p, names }.fields(s),
            Body::Stats(st) => StatsNoticeFields {
                st,
                name: &names.name(st.index),
            }
            .fields(s),
        }
    }
}

struct Printer<'a> {
    ctx: &'a Ctx<'a>,
    watch: Monitor,
    names: LinkNames,
    /// The index of `dev NAME`.
    ifindex: Option<u32>,
    /// The names of `/run/netns` by id; a deleted id keeps its name until its event printed.
    peers: BTreeMap<i32, String>,
}

impl Printer<'_> {
    /// Makes sure the names of `indexes` are known (a link created since the start).
    fn learn(&mut self, indexes: impl IntoIterator<Item = u32>) {
        for i in indexes {
            if i != 0
                && !self.names.contains(i)
                && let Ok(Some(l)) = self.ctx.conn.link_by_index(i)
            {
                self.names.insert(i, &l.name);
            }
        }
    }

    fn family_ok(&self, f: AddressFamily) -> bool {
        self.ctx.family.is_none_or(|want| want == f)
    }

    /// Whether an object of device `index` passes `dev NAME` (0: none).
    fn dev_ok(&self, index: u32) -> bool {
        self.ifindex.is_none_or(|want| want == index)
    }

    fn link<'e>(&mut self, event: &'static str, l: &'e Link) -> Option<Line<'e>> {
        if !event.ends_with("del") {
            self.names.insert(l.index, &l.name);
            self.names.set_up(l.index, l.flags.contains(IfFlags::UP));
        }
        self.learn(l.master.into_iter().chain(l.link));
        (self.watch.link && self.dev_ok(l.index)).then_some(Line {
            event,
            object: "link",
            body: Body::Link(l),
        })
    }

    fn addr<'e>(&mut self, event: &'static str, a: &'e Address) -> Option<Line<'e>> {
        if !self.watch.addr || !self.family_ok(a.family) || !self.dev_ok(a.index) {
            return None;
        }
        self.learn([a.index]);
        Some(Line {
            event,
            object: "addr",
            body: Body::Addr(a),
        })
    }

    fn route<'e>(&mut self, event: &'static str, r: &'e Route) -> Option<Line<'e>> {
        // The multicast forwarding cache's entries are `mroute`'s ([`Printer::mroute`]).
        if !self.watch.route
            || mroute_family(r.family).is_some()
            || !self.family_ok(r.family)
            || !self.dev_ok(r.oif.unwrap_or(0))
        {
            return None;
        }
        self.learn(
            r.oif
                .into_iter()
                .chain(r.iif)
                .chain(r.multipath.iter().filter_map(|h| h.oif)),
        );
        Some(Line {
            event,
            object: "route",
            body: Body::Route(r),
        })
    }

    fn neigh<'e>(&mut self, event: &'static str, n: &'e Neighbour) -> Option<Line<'e>> {
        let ip = matches!(n.family, AddressFamily::INET | AddressFamily::INET6);
        if !self.watch.neigh || !ip || !self.family_ok(n.family) || !self.dev_ok(n.index) {
            return None;
        }
        self.learn([n.index]);
        Some(Line {
            event,
            object: "neigh",
            body: Body::Neigh(n),
        })
    }

    fn rule<'e>(&mut self, event: &'static str, r: &'e Rule) -> Option<Line<'e>> {
        if !self.watch.rule || !self.family_ok(r.family) {
            return None;
        }
        Some(Line {
            event,
            object: "rule",
            body: Body::Rule(r),
        })
    }

    fn nexthop<'e>(&mut self, event: &'static str, n: &'e Nexthop) -> Option<Line<'e>> {
        if !self.watch.nexthop || !(n.family == AddressFamily::UNSPEC || self.family_ok(n.family)) {
            return None;
        }
        self.learn(n.oif);
        Some(Line {
            event,
            object: "nexthop",
            body: Body::Nexthop(n),
        })
    }

    fn nsid<'e>(&mut self, event: &'static str, n: &'e Nsid) -> Option<Line<'e>> {
        if !self.watch.nsid {
            return None;
        }
        // A new id (or one not known yet) may name a namespace named since the start: read
        // the names again. A deleted id keeps the name it had, as `ip`'s map keeps it.
        if (event == "new" || n.nsid.is_some_and(|i| !self.peers.contains_key(&i)))
            && let Ok(p) = netns::names_by_id(self.ctx)
        {
            self.peers.extend(p);
        }
        Some(Line {
            event,
            object: "nsid",
            body: Body::Nsid(n),
        })
    }

    fn netconf<'e>(&mut self, event: &'static str, n: &'e Netconf) -> Option<Line<'e>> {
        if !self.watch.netconf || !self.family_ok(n.family) {
            return None;
        }
        if let NetconfDevice::Link(i) = n.device {
            self.learn([i]);
        }
        Some(Line {
            event,
            object: "netconf",
            body: Body::Netconf(n),
        })
    }

    fn prefix<'e>(&mut self, p: &'e PrefixInfo) -> Option<Line<'e>> {
        if !self.watch.prefix || !self.family_ok(p.family) {
            return None;
        }
        self.learn([p.index]);
        Some(Line {
            event: "new",
            object: "prefix",
            body: Body::Prefix(p),
        })
    }

    fn stats<'e>(&mut self, st: &'e IfStats) -> Option<Line<'e>> {
        if !self.watch.stats {
            return None;
        }
        self.learn([st.index]);
        Some(Line {
            event: "new",
            object: "stats",
            body: Body::Stats(st),
        })
    }

    fn event<'e>(&mut self, e: &'e Event) -> Option<Line<'e>> {
        match e {
            Event::NewLink(l) => self.link("new", l),
            Event::DelLink(l) => self.link("del", l),
            Event::NewAddress(a) => self.addr("new", a),
            Event::DelAddress(a) => self.addr("del", a),
            Event::NewRoute(r) => self.route("new", r),
            Event::DelRoute(r) => self.route("del", r),
            Event::NewNeighbour(n) => self.neigh("new", n),
            Event::DelNeighbour(n) => self.neigh("del", n),
            Event::NewRule(r) => self.rule("new", r),
            Event::DelRule(r) => self.rule("del", r),
            Event::NewNexthop(n) => self.nexthop("new", n),
            Event::DelNexthop(n) => self.nexthop("del", n),
            Event::NewNsid(n) => self.nsid("new", n),
            Event::DelNsid(n) => self.nsid("del", n),
            Event::NewNetconf(n) => self.netconf("new", n),
            Event::DelNetconf(n) => self.netconf("del", n),
            Event::Prefix(p) => self.prefix(p),
            Event::Stats(st) => self.stats(st),
            _ => None,
        }
    }

    /// The text of a watched traffic-control event, as `tc monitor` prints it, after the
    /// stamp `tc -t` or `-ts` prints; `None` for other events.
    fn tc_text(&mut self, e: &Event, msg: &Message) -> Result<Option<Vec<u8>>> {
        match tc_monitor::classify(e) {
            Some((o, _, _)) if self.watch.tc.wants(o) => {}
            _ => return Ok(None),
        }
        if let Ok(t) = TcObjectMsg::parse(msg.as_msg()) {
            self.learn([t.ifindex()]);
        }
        let o = tc_monitor::Opts {
            stats: self.ctx.stats > 0,
            details: self.ctx.details > 0,
            iec: self.ctx.iec,
            oneline: self.ctx.oneline,
        };
        let Some(text) = tc_monitor::text(e, msg, &self.names, o)? else {
            return Ok(None);
        };
        let now = SystemTime::now();
        let mut v = match self.ctx.stamp {
            Stamp::None => Vec::new(),
            Stamp::Long => stamp_long(now).into_bytes(),
            Stamp::Short => stamp_short(now).into_bytes(),
        };
        v.extend_from_slice(&text);
        Ok(Some(v))
    }

    /// A watched entry of the multicast forwarding cache, from the raw message of a route
    /// event of family `RTNL_FAMILY_IPMR` or `RTNL_FAMILY_IP6MR`: `-4`/`-6` and `dev NAME`
    /// (its incoming interface) filter it as `ip`'s `print_mroute` does.
    fn mroute(&mut self, e: &Event, msg: &Message) -> Result<Option<(&'static str, Mroute)>> {
        let (event, r) = match e {
            Event::NewRoute(r) => ("new", r),
            Event::DelRoute(r) => ("del", r),
            _ => return Ok(None),
        };
        let Some(ip_family) = mroute_family(r.family) else {
            return Ok(None);
        };
        if !self.watch.mroute || !self.family_ok(ip_family) {
            return Ok(None);
        }
        let Some(m) = Mroute::from_msg(
            &RouteMsg::parse(msg.as_msg()).map_err(netlink::Error::from)?,
            false,
        )?
        else {
            return Ok(None);
        };
        if !self.dev_ok(m.iif()) {
            return Ok(None);
        }
        self.learn(m.interfaces());
        Ok(Some((event, m)))
    }

    /// The bytes of one event's line, without the newline.
    fn render(&self, line: Line<'_>) -> Result<Vec<u8>> {
        let t = Tagged {
            line,
            stamp: self.ctx.stamp,
            now: SystemTime::now(),
            banner: self.watch.banner,
            names: &self.names,
            one_dev: self.ifindex.is_some(),
            peers: &self.peers,
        };
        let mut v = Vec::new();
        if self.ctx.json {
            sink::json_object(&mut v, &t, JsonState::new(self.ctx.pretty))?;
        } else {
            sink::text(&mut v, &t)?;
        }
        Ok(v)
    }

    /// Prints what changed while notifications were lost: `tables` re-reads the watched
    /// tables and reports the differences with its copy (objects added or changed as
    /// `resync`, removed as `resync-del`); `nsid` and `netconf`, which it does not keep, are
    /// listed again whole as `resync`.
    fn resync(&mut self, tables: &mut ViewTables, w: &mut impl Write) -> Result<()> {
        let conn: &Connection = self.ctx.conn;
        self.names = LinkNames::load(conn)?;
        let mut kinds = tables.kept();
        for k in tables.needs_reread().to_vec() {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        for change in tables.reread(conn, &kinds)? {
            let (event, kind) = match change {
                ViewEvent::Added(o) | ViewEvent::Changed { new: o, .. } => (new_event(o), "resync"),
                ViewEvent::Removed(o) => (del_event(o), "resync-del"),
                _ => (None, ""),
            };
            if let Some(e) = event {
                self.print_as(&e, kind, w)?;
            }
        }
        let mut lines = Vec::new();
        if self.watch.nsid {
            self.peers = netns::names_by_id(self.ctx)?;
            lines.extend(
                conn.nsids(NsidFilter::default())?
                    .into_iter()
                    .map(Event::NewNsid),
            );
        }
        if self.watch.netconf {
            let mut f = NetconfFilter::default();
            f.family = self.ctx.family;
            lines.extend(conn.netconfs(f)?.into_iter().map(Event::NewNetconf));
        }
        for e in &lines {
            self.print_as(e, "resync", w)?;
        }
        if self.watch.mroute {
            for family in [AddressFamily::IPMR, AddressFamily::IP6MR] {
                if mroute_family(family).is_some_and(|f| !self.family_ok(f)) {
                    continue;
                }
                let mut found = Vec::new();
                conn.for_each::<Route>(RouteFilter::default().family(family), |m| {
                    found.extend(Mroute::from_msg(m, false)?);
                    Ok(())
                })?;
                for m in found.iter().filter(|m| self.dev_ok(m.iif())) {
                    self.print(mroute_line("resync", m), w)?;
                }
            }
        }
        Ok(())
    }

    /// Prints `e` with the event word `kind`, if it is watched.
    fn print_as(&mut self, e: &Event, kind: &'static str, w: &mut impl Write) -> Result<()> {
        if let Some(mut l) = self.event(e) {
            l.event = kind;
            self.print(l, w)?;
        }
        Ok(())
    }

    /// Prints one event's line.
    fn print(&self, line: Line<'_>, w: &mut impl Write) -> Result<()> {
        let s = self.render(line)?;
        out::line(w, &s)?;
        Ok(())
    }
}

/// The line of an entry of the multicast forwarding cache, with the event word `event`.
fn mroute_line<'e>(event: &'static str, m: &'e Mroute) -> Line<'e> {
    Line {
        event,
        object: "mroute",
        body: Body::Mroute(m),
    }
}

/// The IP family of a multicast forwarding cache's family (`RTNL_FAMILY_IPMR`: IPv4), `None`
/// for any other.
fn mroute_family(f: AddressFamily) -> Option<AddressFamily> {
    match f {
        AddressFamily::IPMR => Some(AddressFamily::INET),
        AddressFamily::IP6MR => Some(AddressFamily::INET6),
        _ => None,
    }
}

/// The notification that would have announced `o`.
fn new_event(o: ViewObject) -> Option<Event> {
    Some(match o {
        ViewObject::Link(l) => Event::NewLink(l),
        ViewObject::Address(a) => Event::NewAddress(a),
        ViewObject::Route(r) => Event::NewRoute(r),
        ViewObject::Neighbour(n) => Event::NewNeighbour(n),
        ViewObject::Rule(r) => Event::NewRule(r),
        ViewObject::Nexthop(n) => Event::NewNexthop(n),
        _ => return None,
    })
}

/// The notification that would have announced the removal of `o`.
fn del_event(o: ViewObject) -> Option<Event> {
    Some(match o {
        ViewObject::Link(l) => Event::DelLink(l),
        ViewObject::Address(a) => Event::DelAddress(a),
        ViewObject::Route(r) => Event::DelRoute(r),
        ViewObject::Neighbour(n) => Event::DelNeighbour(n),
        ViewObject::Rule(r) => Event::DelRule(r),
        ViewObject::Nexthop(n) => Event::DelNexthop(n),
        _ => return None,
    })
}

/// The view's tables for the watched objects among the six it keeps.
fn view_tables(m: &Monitor, family: Option<AddressFamily>) -> ViewTables {
    let kinds = [
        (m.link, TableKind::Link),
        (m.addr, TableKind::Address),
        (m.route, TableKind::Route),
        (m.neigh, TableKind::Neighbour),
        (m.rule, TableKind::Rule),
        (m.nexthop, TableKind::Nexthop),
    ]
    .into_iter()
    .filter_map(|(on, k)| on.then_some(k));
    let mut options = ViewOptions::default().tables(kinds);
    options.family = family;
    ViewTables::new(&options)
}

/// Runs the monitor until it is killed or its output is closed.
pub(crate) fn run(ctx: &Ctx, m: &Monitor) -> Result<()> {
    if ctx.json && m.watches_ip() && m.tc.any() {
        return Err(CliError::unsupported(
            "-json with ip's objects and tc's together (tc 6.1's monitor prints text only)",
        ));
    }
    // ip resolves the device before it listens; a missing one is a bad argument.
    let names = LinkNames::load(ctx.conn)?;
    let ifindex = match &m.dev {
        Some(d) => Some(names.index(d).ok_or_else(|| {
            CliError::usage(format!(
                "Error: argument \"{d}\" is wrong: Device does not exist"
            ))
        })?),
        None => None,
    };
    let (tx, rx) = mpsc::sync_channel::<Message>(BACKLOG);
    ctx.conn.handle(move |m| {
        let _ = tx.send(m.clone());
    });
    // `dev NAME` also runs in the kernel: the other devices' addresses, routes and neighbours
    // are never queued for us. Not when links are watched: their events of every device keep
    // the names printed for masters and peers current, as ip's do.
    // Not with tc's objects either: actions name no device, and tc monitor prints every
    // device's.
    // Not with mroute either: the filter reads the output interface, an entry names its input.
    if let (Some(index), false, false, false) = (ifindex, m.link, m.tc.any(), m.mroute) {
        ctx.conn
            .set_notify_filter(&netlink::NotifyFilter::new().ifindex(index))?;
    }
    for g in groups(m, ctx.family) {
        ctx.conn.subscribe(g)?;
    }
    // Subscribed first, then the copy: what changes meanwhile is applied after, in order.
    let mut tables = view_tables(m, ctx.family);
    let kept = tables.kept();
    tables.reread(ctx.conn, &kept)?;
    let mut p = Printer {
        ctx,
        watch: m.clone(),
        names,
        ifindex,
        peers: if m.nsid {
            netns::names_by_id(ctx)?
        } else {
            BTreeMap::new()
        },
    };
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for msg in rx {
        if msg.is_overrun() {
            crate::say!(
                "nlctl: warning: the kernel dropped notifications (ENOBUFS); printing what \
                 changed meanwhile"
            );
            p.resync(&mut tables, &mut w)?;
            continue;
        }
        // Undecodable notifications are reported below, from their event.
        let _ = tables.apply(&msg);
        match Event::from_message(&msg) {
            Ok(Event::ReaderStopped(stopped)) => {
                return Err(CliError::failed(stopped.to_string()));
            }
            Ok(e) => {
                if let Some(text) = p.tc_text(&e, &msg)? {
                    w.write_all(&text)?;
                    w.flush()?;
                } else if let Some((event, m)) = p.mroute(&e, &msg)? {
                    p.print(mroute_line(event, &m), &mut w)?;
                } else if let Some(l) = p.event(&e) {
                    p.print(l, &mut w)?;
                }
            }
            Err(e) => crate::say!("nlctl: warning: undecodable notification: {e}"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_iso8601() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000000Z");
        let t = UNIX_EPOCH + Duration::from_micros(1_709_251_199_123_456);
        assert_eq!(timestamp(t), "2024-02-29T23:59:59.123456Z");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(timestamp(t), "2000-02-29T00:00:00.000000Z");
    }

    #[test]
    fn text_stamps_as_ip_prints_them() {
        let t = UNIX_EPOCH + Duration::from_micros(1_796_168_074_302_033);
        assert_eq!(
            stamp_long(t),
            "Timestamp: Tue Dec  1 23:34:34 2026 302033 usec\n"
        );
        assert_eq!(stamp_short(t), "[2026-12-01T23:34:34.302033] ");
        let utc = b"TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x04\0\0\0\0\0\0UTC\0";
        assert!(tzif_is_utc(utc));
        let mut paris = utc.to_vec();
        if let Some(b) = paris.get_mut(47) {
            *b = 0x10;
        }
        assert!(!tzif_is_utc(&paris));
        assert!(!tzif_is_utc(b"TZif"));
    }

    #[test]
    fn groups_follow_objects_and_family() {
        // No object named: every group ip 6.1 joins then (its MPLS routes aside).
        let all = parse(&mut Words::new(&[])).unwrap();
        assert_eq!(
            groups(&all, None),
            [
                Group::LINK,
                Group::IPV4_IFADDR,
                Group::IPV6_IFADDR,
                Group::IPV4_ROUTE,
                Group::IPV6_ROUTE,
                Group::NEIGH,
                Group::IPV4_RULE,
                Group::IPV6_RULE,
                Group::NEXTHOP,
                Group::IPV4_MROUTE,
                Group::IPV6_MROUTE,
                Group::NSID,
                Group::IPV4_NETCONF,
                Group::IPV6_NETCONF,
                Group::MPLS_NETCONF,
                Group::IPV6_PREFIX,
                Group::STATS,
            ]
        );
        let g = groups(&all, Some(AddressFamily::INET6));
        assert!(g.contains(&Group::IPV6_ROUTE) && !g.contains(&Group::IPV4_ROUTE));
        assert!(g.contains(&Group::IPV6_MROUTE) && !g.contains(&Group::IPV4_MROUTE));
        let mroute = parse(&mut Words::new(&["mr".to_owned()])).unwrap();
        assert_eq!(
            groups(&mroute, Some(AddressFamily::INET)),
            [Group::IPV4_MROUTE]
        );
        let route = Monitor {
            route: true,
            ..Monitor::default()
        };
        assert_eq!(groups(&route, None), [Group::IPV4_ROUTE, Group::IPV6_ROUTE]);
        // Naming objects leaves the others out.
        let named = parse(&mut Words::new(&["nsid".to_owned(), "netconf".to_owned()])).unwrap();
        assert_eq!(
            groups(&named, None),
            [
                Group::NSID,
                Group::IPV4_NETCONF,
                Group::IPV6_NETCONF,
                Group::MPLS_NETCONF
            ]
        );
        assert_eq!(
            groups(&named, Some(AddressFamily::INET)),
            [Group::NSID, Group::IPV4_NETCONF]
        );
        // tc's objects alone: RTNLGRP_TC and nothing of ip's; whole words only.
        let tc = parse(&mut Words::new(&["qdisc".to_owned(), "actions".to_owned()])).unwrap();
        assert_eq!(groups(&tc, None), [Group::TC]);
        assert!(tc.tc.qdisc && tc.tc.action && !tc.tc.filter);
        let both = parse(&mut Words::new(&["link".to_owned(), "tc".to_owned()])).unwrap();
        assert_eq!(groups(&both, None), [Group::LINK, Group::TC]);
        assert_eq!(both.tc, TcWatch::ALL);
        assert!(parse(&mut Words::new(&["qd".to_owned()])).is_err());
        let prefix = parse(&mut Words::new(&["pref".to_owned()])).unwrap();
        assert_eq!(groups(&prefix, None), [Group::IPV6_PREFIX]);
        assert!(groups(&prefix, Some(AddressFamily::INET)).is_empty());
    }
}
