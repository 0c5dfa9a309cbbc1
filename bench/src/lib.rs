//! Benchmarks of `netlink-wire` and `netlink` against their peers: the crates.io
//! `netlink-packet-route`, iproute2's `ip`, and the kernel itself (a receive loop that only counts
//! message headers).
//!
//! This crate is its own Cargo workspace so that the peers and the harness (criterion) never enter
//! the product's dependency tree. `cargo xtask bench ...` drives it; `docs/benchmarks.md` says what
//! each number means.
//!
//! The library part holds what the criterion benchmarks, the profiling binary and the capture
//! binary share: loading a capture, and the two decoders run over the same bytes.

use std::hint::black_box;
use std::io;
use std::path::Path;

use netlink_packet_core::NetlinkMessage;
use netlink_packet_route::RouteNetlinkMessage;
use netlink_wire::rtnl::link::{
    AfSpecAttr, Counters, DevConf, Inet6Attr, InetAttr, LinkAttr, LinkMsg,
};
use netlink_wire::rtnl::route::{RouteAttr, RouteMsg};
use netlink_wire::rtnl::{RTM_NEWLINK, RTM_NEWROUTE};
use netlink_wire::{DoneMsg, MessageType, Messages, Msg};

/// Captured datagrams: the bytes of every datagram one after the other, and their lengths (the
/// `.lens` file beside the `.bin`, one decimal length per line, as in
/// `crates/netlink-wire/testdata`).
#[derive(Debug, Clone, Default)]
pub struct Capture {
    /// Every datagram, concatenated.
    pub bytes: Vec<u8>,
    /// The length of each datagram, in order.
    pub lens: Vec<usize>,
}

impl Capture {
    /// Reads `NAME.bin` and `NAME.lens`.
    ///
    /// # Errors
    /// When a file cannot be read, a length does not parse, or the lengths do not add up to the
    /// size of the `.bin` file.
    pub fn load(bin: &Path) -> io::Result<Capture> {
        let bytes = std::fs::read(bin)?;
        let lens_text = std::fs::read_to_string(bin.with_extension("lens"))?;
        let lens = lens_text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().parse::<usize>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        if lens.iter().sum::<usize>() != bytes.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: .lens do not add up to the file size", bin.display()),
            ));
        }
        Ok(Capture { bytes, lens })
    }

    /// Writes `NAME.bin` and `NAME.lens`.
    ///
    /// # Errors
    /// When a file cannot be written.
    pub fn save(&self, bin: &Path) -> io::Result<()> {
        std::fs::write(bin, &self.bytes)?;
        let lens: String = self.lens.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(bin.with_extension("lens"), lens)
    }

    /// Appends one datagram.
    pub fn push(&mut self, datagram: &[u8]) {
        self.bytes.extend_from_slice(datagram);
        self.lens.push(datagram.len());
    }

    /// Every datagram, in order.
    pub fn datagrams(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.lens.iter().scan(0usize, move |at, &len| {
            let start = *at;
            *at = start.saturating_add(len);
            self.bytes.get(start..*at)
        })
    }

    /// The number of netlink messages in every datagram, counted from the headers only.
    #[must_use]
    pub fn message_count(&self) -> usize {
        self.datagrams().map(|d| message_slices(d).count()).sum()
    }
}

/// What a decoder saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Messages decoded (`NLMSG_DONE` included).
    pub messages: u64,
    /// Objects (`RTM_NEWROUTE`, `RTM_NEWLINK`) decoded.
    pub objects: u64,
    /// Attributes decoded into a typed value, nested ones included.
    pub typed: u64,
    /// Messages or attributes that failed to decode.
    pub errors: u64,
}

/// Splits one datagram into message slices by their `nlmsg_len` only, as a kernel-side reader
/// would; stops at the first length that does not fit.
pub fn message_slices(datagram: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut rest = datagram;
    std::iter::from_fn(move || {
        let len = u32::from_ne_bytes(*rest.first_chunk::<4>()?) as usize;
        if len < 16 || len > rest.len() {
            return None;
        }
        let msg = rest.get(..len)?;
        let aligned = len.next_multiple_of(4).min(rest.len());
        rest = rest.get(aligned..).unwrap_or_default();
        Some(msg)
    })
}

fn count<T>(t: &mut Tally, r: &netlink_wire::Result<T>) {
    match r {
        Ok(_) => t.typed = t.typed.saturating_add(1),
        Err(_) => t.errors = t.errors.saturating_add(1),
    }
}

/// Walks one route message with `walk` (see [`walk_route`]).
#[inline(always)]
fn route(m: Msg<'_>, t: &mut Tally, walk: impl Fn(&RouteMsg<'_>, &mut Tally)) {
    let Ok(r) = RouteMsg::parse(m) else {
        t.errors = t.errors.saturating_add(1);
        return;
    };
    walk(&r, t);
}

/// Decodes every field and attribute of a route view, as [`walk_ours`] does for each
/// `RTM_NEWROUTE`: every header field, every attribute typed, `RTA_METRICS` typed as `RTAX_*`
/// and `RTA_MULTIPATH` as next hops with their own typed attributes.
///
/// Each attribute is decoded with `RouteAttr::decode` in the loop body rather than taken from
/// `typed_attrs()`, which yields the same values: the body then reads the result where the
/// decoder wrote it. Through the iterator, the 48-byte result is moved out of the iterator's
/// `Option` once more for every attribute, a move LLVM does not elide (callgrind: 35
/// instructions a route message more). The counters are kept in registers and added once a
/// message, as netlink-packet-route's walk adds its attribute count once a message.
#[inline]
pub fn walk_route(r: &RouteMsg<'_>, t: &mut Tally) {
    t.objects = t.objects.saturating_add(1);
    // The `rtmsg` header, every field of it, as a zero-copy reference (`rtm_table` included;
    // `RTA_TABLE` is typed below with the other attributes).
    black_box(r.header());
    let mut n = (0, 0);
    for a in r.attrs() {
        route_attr(&a.and_then(RouteAttr::decode), t, &mut n);
    }
    add_counts(t, n);
}

/// [`walk_route`] through the view's typed iterator, `for a in r.typed_attrs()`: the same
/// attributes decoded into the same values, each moved once more on its way out of the
/// iterator. [`walk_ours_iter`] measures what that move costs.
#[inline]
pub fn walk_route_iter(r: &RouteMsg<'_>, t: &mut Tally) {
    t.objects = t.objects.saturating_add(1);
    black_box(r.header());
    let mut n = (0, 0);
    for a in r.typed_attrs() {
        route_attr(&a, t, &mut n);
    }
    add_counts(t, n);
}

/// One attribute of a route: counted in `n` (typed, errors), kept by `black_box`, and what
/// `RTA_METRICS` and `RTA_MULTIPATH` nest walked.
#[inline(always)]
fn route_attr(a: &netlink_wire::Result<RouteAttr<'_>>, t: &mut Tally, n: &mut (u64, u64)) {
    match black_box(a) {
        Ok(attr) => {
            n.0 = n.0.wrapping_add(1);
            match attr {
                RouteAttr::Metrics(m) => metrics(*m, t),
                RouteAttr::Multipath(hops) => multipath(*hops, t),
                _ => {}
            }
        }
        Err(_) => n.1 = n.1.wrapping_add(1),
    }
}

/// Adds a message's counts (typed, errors) to the tally.
#[inline(always)]
fn add_counts(t: &mut Tally, (typed, errors): (u64, u64)) {
    t.typed = t.typed.saturating_add(typed);
    t.errors = t.errors.saturating_add(errors);
}

/// `RTA_METRICS` typed as `RTAX_*` (out of line: most routes have none, and the walk's loop
/// keeps its registers).
#[inline(never)]
fn metrics(n: netlink_wire::typed::Nested<'_, netlink_wire::rtnl::route::Rtax>, t: &mut Tally) {
    for x in n.typed() {
        count(t, &x);
        black_box(&x);
    }
}

/// `RTA_MULTIPATH` as next hops with their own typed attributes (out of line, as [`metrics`]).
#[inline(never)]
fn multipath(hops: netlink_wire::rtnl::route::NextHops<'_>, t: &mut Tally) {
    for h in hops {
        let Ok(h) = h else {
            t.errors = t.errors.saturating_add(1);
            continue;
        };
        black_box((h.flags(), h.hops(), h.ifindex()));
        for x in h.typed_attrs() {
            count(t, &x);
            black_box(&x);
        }
    }
}

fn sum_devconf(c: DevConf<'_>) {
    for v in c.iter() {
        black_box(v);
    }
}

fn sum_counters(c: Counters<'_>) {
    for v in c.iter() {
        black_box(v);
    }
}

/// Walks one link message the way `ours` does: the view, every header field, every attribute
/// typed, and inside `IFLA_LINKINFO` (`IFLA_INFO_*`), `IFLA_PROP_LIST` (alternative names) and
/// `IFLA_AF_SPEC` (`AF_INET` and `AF_INET6`, whose sysctl and counter arrays are read value by
/// value, as netlink-packet-route reads them into structs).
/// `ITER`: the attributes from the view's typed iterator, as [`walk_route_iter`] takes them.
fn link<const ITER: bool>(m: Msg<'_>, t: &mut Tally) {
    let Ok(l) = LinkMsg::parse(m) else {
        t.errors = t.errors.saturating_add(1);
        return;
    };
    t.objects = t.objects.saturating_add(1);
    // The `ifinfomsg` header, every field of it, as a zero-copy reference.
    black_box(l.header());
    if ITER {
        for a in l.typed_attrs() {
            link_attr(&a, t);
        }
    } else {
        for a in l.attrs() {
            link_attr(&a.and_then(LinkAttr::decode), t);
        }
    }
}

/// One top-level attribute of a link, and what it nests.
#[inline(always)]
fn link_attr(a: &netlink_wire::Result<LinkAttr<'_>>, t: &mut Tally) {
    count(t, a);
    match black_box(a) {
        Ok(LinkAttr::Linkinfo(info)) => {
            for x in info.typed_attrs() {
                count(t, &x);
                black_box(&x);
            }
        }
        Ok(LinkAttr::PropList(names)) => {
            for x in names.typed() {
                count(t, &x);
                black_box(&x);
            }
        }
        Ok(LinkAttr::AfSpec(n)) => {
            for x in n.typed() {
                count(t, &x);
                match x {
                    Ok(AfSpecAttr::Inet(inet)) => {
                        for x in inet.typed() {
                            count(t, &x);
                            if let Ok(InetAttr::Conf(c)) = x {
                                sum_devconf(c);
                            }
                        }
                    }
                    Ok(AfSpecAttr::Inet6(v6)) => {
                        for x in v6.typed() {
                            count(t, &x);
                            match black_box(&x) {
                                Ok(Inet6Attr::Conf(c)) => sum_devconf(*c),
                                Ok(Inet6Attr::Stats(c) | Inet6Attr::Icmp6Stats(c)) => {
                                    sum_counters(*c);
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// netlink-wire: every message of every datagram through [`Messages`], each `RTM_NEWROUTE` or
/// `RTM_NEWLINK` through its typed view with every attribute typed (see the module docs of
/// `docs/benchmarks.md`), `NLMSG_DONE` through [`DoneMsg`]. Allocates nothing.
#[must_use]
pub fn walk_ours(cap: &Capture) -> Tally {
    walk_messages::<false>(cap)
}

/// [`walk_ours`] with each message's attributes taken from the view's typed iterator
/// (`typed_attrs()`, see [`walk_route_iter`]).
#[must_use]
pub fn walk_ours_iter(cap: &Capture) -> Tally {
    walk_messages::<true>(cap)
}

/// `ITER`: the top-level attributes from the views' typed iterators.
#[inline(always)]
fn walk_messages<const ITER: bool>(cap: &Capture) -> Tally {
    let mut t = Tally::default();
    for d in cap.datagrams() {
        for m in Messages::new(d) {
            let Ok(m) = m else {
                t.errors = t.errors.saturating_add(1);
                break;
            };
            t.messages = t.messages.saturating_add(1);
            match m.message_type() {
                RTM_NEWROUTE if ITER => route(m, &mut t, walk_route_iter),
                RTM_NEWROUTE => route(m, &mut t, walk_route),
                RTM_NEWLINK => link::<ITER>(m, &mut t),
                MessageType::DONE if DoneMsg::parse(m).is_err() => {
                    t.errors = t.errors.saturating_add(1);
                }
                _ => {}
            }
        }
    }
    t
}

/// netlink: every message of every datagram through [`Messages`], each `RTM_NEWROUTE` into an
/// owned [`netlink::Route`] and each `RTM_NEWLINK` into an owned [`netlink::Link`] (`from_msg`,
/// which checks the framing and reads every field it holds through the view's attribute index):
/// the same kind of result as netlink-packet-route's owned messages.
#[must_use]
pub fn walk_owned(cap: &Capture) -> Tally {
    let mut t = Tally::default();
    for d in cap.datagrams() {
        for m in Messages::new(d) {
            let Ok(m) = m else {
                t.errors = t.errors.saturating_add(1);
                break;
            };
            t.messages = t.messages.saturating_add(1);
            let ok = match m.message_type() {
                RTM_NEWROUTE => RouteMsg::parse(m)
                    .ok()
                    .and_then(|r| netlink::Route::from_msg(&r).ok())
                    .map(|r| black_box(r).multipath.len()),
                RTM_NEWLINK => LinkMsg::parse(m)
                    .ok()
                    .and_then(|l| netlink::Link::from_msg(&l).ok())
                    .map(|l| usize::from(black_box(l).name.is_empty())),
                _ => continue,
            };
            match ok {
                Some(_) => t.objects = t.objects.saturating_add(1),
                None => t.errors = t.errors.saturating_add(1),
            }
        }
    }
    t
}

/// netlink-packet-route: every message of every datagram (split by `nlmsg_len`) through
/// `NetlinkMessage::<RouteNetlinkMessage>::deserialize`, which builds an owned message with every
/// attribute typed, nested ones included; the message is then dropped.
#[must_use]
pub fn walk_theirs(cap: &Capture) -> Tally {
    let mut t = Tally::default();
    for d in cap.datagrams() {
        for m in message_slices(d) {
            t.messages = t.messages.saturating_add(1);
            match NetlinkMessage::<RouteNetlinkMessage>::deserialize(m) {
                Ok(msg) => {
                    if let netlink_packet_core::NetlinkPayload::InnerMessage(inner) = &msg.payload {
                        t.objects = t.objects.saturating_add(1);
                        let attrs = match inner {
                            RouteNetlinkMessage::NewRoute(r) => r.attributes.len(),
                            RouteNetlinkMessage::NewLink(l) => l.attributes.len(),
                            _ => 0,
                        };
                        t.typed = t.typed.saturating_add(attrs as u64);
                    }
                    black_box(msg);
                }
                Err(e) => {
                    black_box(e);
                    t.errors = t.errors.saturating_add(1);
                }
            }
        }
    }
    t
}

/// What a dump request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpKind {
    /// `RTM_GETROUTE` for `AF_INET`, every table (what `ip route show table all` asks for).
    Routes,
    /// `RTM_GETLINK` for `AF_UNSPEC`, no attributes.
    Links,
}

/// Encodes the dump request for `kind` with sequence number `seq` (`NLM_F_REQUEST |
/// NLM_F_DUMP`).
///
/// # Errors
/// Never in practice; the builder's error is passed on.
pub fn dump_request(kind: DumpKind, seq: u32) -> netlink_wire::Result<Vec<u8>> {
    use netlink_wire::Flags;
    use netlink_wire::rtnl::link::IfInfoMsg;
    use netlink_wire::rtnl::route::RtMsg;
    use netlink_wire::rtnl::{AddressFamily, RTM_GETLINK, RTM_GETROUTE};
    let mut buf = Vec::with_capacity(64);
    let flags = Flags(Flags::REQUEST.0 | Flags::DUMP.0);
    let len = match kind {
        DumpKind::Routes => netlink_wire::rtnl::route::RouteMsg::builder(
            &mut buf,
            RTM_GETROUTE,
            flags,
            &RtMsg::new(AddressFamily::INET, 0),
        )?
        .finish()?,
        DumpKind::Links => netlink_wire::rtnl::link::LinkMsg::builder(
            &mut buf,
            RTM_GETLINK,
            flags,
            &IfInfoMsg::new(AddressFamily::UNSPEC, 0),
        )?
        .finish()?,
    };
    buf.truncate(len);
    if let Some(s) = buf.get_mut(8..12) {
        s.copy_from_slice(&seq.to_ne_bytes());
    }
    Ok(buf)
}

/// Opens a bound `NETLINK_ROUTE` socket in the namespace at `netns` with strict checking on,
/// as the `netlink` crate's request sockets are.
///
/// # Errors
/// When the namespace or the socket cannot be opened.
pub fn open_socket(netns: &Path, groups: u32) -> netlink_socket::Result<netlink_socket::Socket> {
    let s = netlink_socket::Socket::open_in_netns_path(netlink_socket::Protocol::ROUTE, netns)?;
    s.bind(0, groups)?;
    s.set_strict_checking(true)?;
    Ok(s)
}

/// Whether `datagram` ends a dump: its last message is `NLMSG_DONE` or `NLMSG_ERROR`.
#[must_use]
pub fn ends_dump(datagram: &[u8]) -> bool {
    message_slices(datagram).last().is_some_and(|m| {
        let t = u16::from_ne_bytes([
            m.get(4).copied().unwrap_or(0),
            m.get(5).copied().unwrap_or(0),
        ]);
        t == MessageType::DONE.0 || t == MessageType::ERROR.0
    })
}

/// The peak resident set size of this process (`VmHWM` of `/proc/self/status`), in KiB.
#[must_use]
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User plus system CPU time of this process so far, in milliseconds (`/proc/self/stat`'s
/// utime and stime, in `USER_HZ` = 100 ticks a second: 10 ms resolution).
#[must_use]
pub fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: state is field 3, utime 14.
    let mut rest = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: u64 = rest.next()?.parse().ok()?;
    let stime: u64 = rest.next()?.parse().ok()?;
    Some((utime + stime) * 10)
}

/// The CPU time, in microseconds, of the process's threads that are alive now: the sum of
/// each one's time on a CPU (`/proc/self/task/*/schedstat`, nanoseconds, user and system
/// together). Unlike [`cpu_ms`] (10 ms clock ticks) it resolves the tens of milliseconds a
/// quiet listener costs; threads that already ended are not counted, so read it before
/// stopping them. A thread that ends while the list is read is left out, not a failure;
/// `None` only when `/proc/self/task` cannot be read or a thread's line does not parse.
#[must_use]
pub fn cpu_us_live_threads() -> Option<u64> {
    let mut total: u64 = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
        total = total.saturating_add(ns);
    }
    Some(total / 1000)
}

/// Reads `--name VALUE` from `args`.
#[must_use]
pub fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i.saturating_add(1)))
        .cloned()
}

/// The floor under [`walk_ours`]: the same messages and attributes (nested ones of
/// `RTA_METRICS`, `IFLA_LINKINFO` and `IFLA_AF_SPEC` included) iterated as raw [`Attr`]s,
/// without typing any value. The difference to [`walk_ours`] is the cost of the typed enums.
///
/// [`Attr`]: netlink_wire::Attr
#[must_use]
pub fn walk_ours_untyped(cap: &Capture) -> Tally {
    fn attrs(a: netlink_wire::Attrs<'_>, depth: u8, t: &mut Tally) {
        for a in a {
            let Ok(a) = a else {
                t.errors = t.errors.saturating_add(1);
                break;
            };
            t.typed = t.typed.saturating_add(1);
            black_box(a.payload());
            if depth < 2 && a.is_nested() || (depth == 0 && matches!(a.kind(), 8 | 18 | 26)) {
                attrs(a.nested(), depth.saturating_add(1), t);
            }
        }
    }
    let mut t = Tally::default();
    for d in cap.datagrams() {
        for m in Messages::new(d) {
            let Ok(m) = m else {
                t.errors = t.errors.saturating_add(1);
                break;
            };
            t.messages = t.messages.saturating_add(1);
            let header = match m.message_type() {
                RTM_NEWROUTE => 12,
                RTM_NEWLINK => 16,
                _ => continue,
            };
            t.objects = t.objects.saturating_add(1);
            match m.attrs(header) {
                Ok(a) => attrs(a, 0, &mut t),
                Err(_) => t.errors = t.errors.saturating_add(1),
            }
        }
    }
    t
}
