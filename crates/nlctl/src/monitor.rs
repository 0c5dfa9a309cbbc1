//! `monitor [link] [addr] [route] [neigh] [rule] [nexthop]`: one line per event as it happens, in the
//! shape of `show --json` with an `event` key; on a notification overrun a warning on stderr
//! and the watched state listed again (`"event": "resync"`), so that nothing is missed
//! silently.

use std::io::Write;
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::ops::route::{Route, RouteFilter};
use netlink::{
    AddrFilter, Address, Connection, Event, Group, Link, LinkFilter, NeighFilter, Neighbour,
    Nexthop, NexthopFilter, Rule, RuleFilter,
};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::format::{
    AddrFields, LinkFields, LinkKeys, NeighFields, NexthopFields, RouteFields, RouteOmit,
    RuleFields,
};
use crate::names::LinkNames;
use crate::out;
use crate::sink::{self, Fields, Sink, Txt};
use crate::words::Words;

/// Which objects to watch.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Monitor {
    link: bool,
    addr: bool,
    route: bool,
    neigh: bool,
    rule: bool,
    nexthop: bool,
}

impl Monitor {
    /// Every object.
    const ALL: Monitor = Monitor {
        link: true,
        addr: true,
        route: true,
        neigh: true,
        rule: true,
        nexthop: true,
    };
}

/// How many decoded notifications may wait for the printer. When it is full the reader waits,
/// the kernel fills the socket and reports an overrun, which triggers a resync.
const BACKLOG: usize = 1024;

/// Parses the objects to watch; none means all.
pub(crate) fn parse(w: &mut Words<'_>) -> Result<Monitor> {
    let mut m = Monitor::default();
    while let Some(word) = w.next() {
        match word {
            "link" => m.link = true,
            "addr" | "address" => m.addr = true,
            "route" => m.route = true,
            "neigh" | "neighbour" | "neighbor" => m.neigh = true,
            "rule" => m.rule = true,
            "nexthop" | "nh" => m.nexthop = true,
            "all" => m = Monitor::ALL,
            _ => return Err(w.unknown(word)),
        }
    }
    if !(m.link || m.addr || m.route || m.neigh || m.rule || m.nexthop) {
        m = Monitor::ALL;
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
    g
}

/// Seconds since 1970 as `2024-05-01T12:34:56.123456Z`.
pub(crate) fn timestamp(now: SystemTime) -> String {
    let d = now.duration_since(UNIX_EPOCH).unwrap_or_default();
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
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_micros()
    )
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
}

/// One event as it prints: in JSON the event's keys, then the object's, as `show --json`
/// prints it; in text `[OBJECT] `, `Deleted ` or `Resync `, then the object as `show` prints it.
struct Tagged<'a> {
    line: Line<'a>,
    stamp: Option<String>,
    names: &'a LinkNames,
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
        if let Some(t) = &self.stamp {
            s.string("timestamp", Some(Txt("[", "] ")), t)?;
        }
        let tag = match body {
            Body::Link(_) => "[LINK] ",
            Body::Addr(_) => "[ADDR] ",
            Body::Route(_) => "[ROUTE] ",
            Body::Neigh(_) => "[NEIGH] ",
            Body::Rule(_) => "[RULE] ",
            Body::Nexthop(_) => "[NEXTHOP] ",
        };
        s.text(tag)?;
        match event {
            "del" => s.text("Deleted ")?,
            "resync" => s.text("Resync ")?,
            _ => {}
        }
        let names = self.names;
        match body {
            Body::Link(l) => LinkFields {
                l,
                names,
                keys: LinkKeys::ALL,
            }
            .fields(s),
            Body::Addr(a) => {
                let dev = names.name(a.index);
                s.number("index", Some(Txt("", ": ")), a.index)?;
                s.string("dev", Some(Txt("", "")), dev)?;
                AddrFields { a, dev }.fields(s)
            }
            Body::Route(r) => RouteFields {
                r,
                names,
                omit: RouteOmit::default(),
            }
            .fields(s),
            Body::Neigh(n) => NeighFields {
                n,
                names,
                omit_dev: false,
            }
            .fields(s),
            Body::Rule(r) => RuleFields { r }.fields(s),
            Body::Nexthop(n) => NexthopFields { n, names }.fields(s),
        }
    }
}

struct Printer<'a> {
    ctx: &'a Ctx,
    watch: Monitor,
    names: LinkNames,
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

    fn link<'e>(&mut self, event: &'static str, l: &'e Link) -> Option<Line<'e>> {
        if event != "del" {
            self.names.insert(l.index, &l.name);
        }
        self.learn(l.master.into_iter().chain(l.link));
        self.watch.link.then_some(Line {
            event,
            object: "link",
            body: Body::Link(l),
        })
    }

    fn addr<'e>(&mut self, event: &'static str, a: &'e Address) -> Option<Line<'e>> {
        if !self.watch.addr || !self.family_ok(a.family) {
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
        if !self.watch.route || !self.family_ok(r.family) {
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
        if !self.watch.neigh || !ip || !self.family_ok(n.family) {
            return None;
        }
        self.learn([n.ifindex]);
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
            _ => None,
        }
    }

    /// The bytes of one event's line, without the newline.
    fn render(&self, line: Line<'_>) -> Result<Vec<u8>> {
        let t = Tagged {
            line,
            stamp: self.ctx.timestamp.then(|| timestamp(SystemTime::now())),
            names: &self.names,
        };
        let mut v = Vec::new();
        if self.ctx.json {
            sink::json_object(&mut v, &t)?;
        } else {
            sink::text(&mut v, &t)?;
        }
        Ok(v)
    }

    /// Lists every watched object again, each as a `resync` event.
    fn resync(&mut self, w: &mut impl Write) -> Result<()> {
        let conn: &Connection = &self.ctx.conn;
        self.names = LinkNames::load(conn)?;
        let family = self.ctx.family;
        let mut lines = Vec::new();
        // Collected per object kind, then printed: the dumps are small next to a route table,
        // and a resync is rare.
        if self.watch.link {
            conn.for_each_link(&LinkFilter::default(), |m| {
                lines.push(Event::NewLink(Link::from_msg(&m)?));
                Ok(())
            })?;
        }
        if self.watch.addr {
            conn.for_each_address(
                {
                    let mut f = AddrFilter::default();
                    f.family = family;
                    f
                },
                |m| {
                    lines.push(Event::NewAddress(Address::from_msg(&m)?));
                    Ok(())
                },
            )?;
        }
        if self.watch.neigh {
            for proxy in [false, true] {
                let filter = NeighFilter {
                    family,
                    proxy,
                    ..NeighFilter::default()
                };
                conn.for_each_neighbour(filter, |m| {
                    lines.push(Event::NewNeighbour(Neighbour::from_msg(&m)?));
                    Ok(())
                })?;
            }
        }
        if self.watch.rule {
            conn.for_each_rule(
                RuleFilter {
                    family,
                    ..RuleFilter::default()
                },
                |m| {
                    lines.push(Event::NewRule(Rule::from_msg(&m)?));
                    Ok(())
                },
            )?;
        }
        if self.watch.nexthop {
            conn.for_each_nexthop(NexthopFilter::default(), |m| {
                lines.push(Event::NewNexthop(Nexthop::from_msg(&m)?));
                Ok(())
            })?;
        }
        for e in &lines {
            if let Some(mut l) = self.event(e) {
                l.event = "resync";
                let s = self.render(l)?;
                out::line(w, &s)?;
            }
        }
        if self.watch.route {
            // Routes stream straight out: the table may be large.
            let mut failure = None;
            let mut filter = RouteFilter::default();
            filter.family = family;
            let r = conn.for_each_route(filter, |m| {
                let route = Route::from_msg(&m)?;
                if let Some(mut l) = self.route("resync", &route) {
                    l.event = "resync";
                    if let Err(e) = self.render(l).and_then(|s| out::line(w, &s)) {
                        failure = Some(e);
                        return Err(netlink::Error::Closed);
                    }
                }
                Ok(())
            });
            if let Some(e) = failure {
                return Err(e);
            }
            r?;
        }
        Ok(())
    }
}

/// Runs the monitor until it is killed or its output is closed.
pub(crate) fn run(ctx: &Ctx, m: &Monitor) -> Result<()> {
    let (tx, rx) = mpsc::sync_channel::<netlink::Result<Event>>(BACKLOG);
    ctx.conn.handle_events(move |e| {
        let _ = tx.send(e);
    });
    for g in groups(m, ctx.family) {
        ctx.conn.subscribe(g)?;
    }
    let mut p = Printer {
        ctx,
        watch: *m,
        names: LinkNames::load(&ctx.conn)?,
    };
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for e in rx {
        match e {
            Ok(Event::Overrun) => {
                eprintln!(
                    "nlctl: warning: the kernel dropped notifications (ENOBUFS); listing the \
                     watched objects again"
                );
                // A table that changes while it is listed interrupts the dump: list again.
                let mut attempts = 0;
                loop {
                    match p.resync(&mut w) {
                        Err(CliError::Netlink {
                            error: netlink::Error::DumpInterrupted,
                            ..
                        }) if attempts < 3 => attempts += 1,
                        Err(CliError::Netlink {
                            error: netlink::Error::DumpInterrupted,
                            ..
                        }) => {
                            eprintln!(
                                "nlctl: warning: the state changed during every resync; it may \
                                 be inconsistent"
                            );
                            break;
                        }
                        other => break other?,
                    }
                }
            }
            Ok(e) => {
                if let Some(l) = p.event(&e) {
                    let s = p.render(l)?;
                    out::line(&mut w, &s)?;
                }
            }
            Err(e) => eprintln!("nlctl: warning: undecodable notification: {e}"),
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
    fn groups_follow_objects_and_family() {
        let all = Monitor::ALL;
        assert_eq!(groups(&all, None).len(), 9);
        let g = groups(&all, Some(AddressFamily::INET6));
        assert!(g.contains(&Group::IPV6_ROUTE) && !g.contains(&Group::IPV4_ROUTE));
        let route = Monitor {
            route: true,
            ..Monitor::default()
        };
        assert_eq!(groups(&route, None), [Group::IPV4_ROUTE, Group::IPV6_ROUTE]);
    }
}
