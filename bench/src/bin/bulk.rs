//! Bulk route changes for `cargo xtask bench bulk`. `bulk --netns PATH --file BATCH --mode
//! batch|thread|each|loop|prebuilt|check` reads the `route add|del blackhole A/32` lines of an `ip
//! -batch` file (the routes `ip` itself is timed on) into a list before any clock starts, then
//! applies them and prints
//! `took_ms T cpu_ms C failures F uncertain U peak_rss_kib R` (C: the process's user and
//! system CPU while timed, every thread's, 10 ms resolution):
//!
//! - `batch`: `netlink::Batch` with its defaults (errors only, a sync every 4,096 requests);
//! - `thread`: the same with its sender thread (`BatchOptions::send_thread`);
//! - `each`: `netlink::Batch` with an acknowledgement per request;
//! - `loop`: `Connection::add_route` / `delete_route` one after the other;
//! - `prebuilt`: the kernel's limit: every message built before the clock starts, packed 64 KiB
//!   per `sendmsg(2)` without `NLM_F_ACK`, then one acknowledged `NLMSG_NOOP` to know the
//!   kernel is done. It reports no failure by design.
//! - `check`: the 1% failure check, on the adds of the file: `Batch` with its defaults adds
//!   them with every 100th request (99, 199, ...) repeating the route before it (`EEXIST`), then
//!   deletes every route of the file (the never-added ones refused: `ESRCH`), and after each
//!   phase compares the report with what should fail and with the kernel's main table. Prints
//!   for each phase (`add_`, `del_`) `took_ms`, `requests`, `refused` (reported), `expected`
//!   (what should fail), `attributed` (failures at the right index, with the sequence number
//!   the kernel echoed and the errno's text), `uncertain`, and `table_equal` (1 when the
//!   table holds exactly the routes the report says were applied).
//!
//! Only `batch`, `each` and `loop` build their messages while timed.

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use netlink::netlink_wire::rtnl::{AddressFamily, RTM_DELROUTE, RTM_NEWROUTE, RouteType, Table};
use netlink::netlink_wire::{Flags, Header, MessageType};
use netlink::{
    BatchOptions, BatchReport, Connection, ConnectionOptions, Error, Request, RouteFilter,
    RouteRequest,
};
use netlink_bench::{arg, cpu_ms, open_socket, peak_rss_kib};
use netlink_socket::RecvBuf;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(netns), Some(file), Some(mode)) = (
        arg(&args, "--netns"),
        arg(&args, "--file"),
        arg(&args, "--mode"),
    ) else {
        eprintln!(
            "usage: bulk --netns PATH --file BATCH --mode batch|thread|each|loop|prebuilt|check"
        );
        return ExitCode::from(2);
    };
    match run(PathBuf::from(netns), &file, &mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bulk: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One `route add|del blackhole A/LEN` line: whether it deletes, the IPv4 destination and the
/// prefix length.
fn parse(line: &str) -> Result<(bool, u32, u8), String> {
    let mut w = line.split_whitespace();
    let (Some(_), Some(verb), Some(_), Some(dst), None) =
        (w.next(), w.next(), w.next(), w.next(), w.next())
    else {
        return Err(format!("unexpected line {line:?}"));
    };
    let (addr, len) = dst.split_once('/').ok_or("no prefix length")?;
    let addr: Ipv4Addr = addr
        .parse()
        .map_err(|e| format!("{addr}: {e} (the bulk routes are IPv4)"))?;
    let len: u8 = len.parse().map_err(|e| format!("{len}: {e}"))?;
    if len > 32 {
        return Err(format!("prefix length {len}"));
    }
    Ok((verb == "del", addr.into(), len))
}

/// The route of a line: a blackhole route to `addr/len` in the main table.
fn blackhole(addr: IpAddr, len: u8) -> RouteRequest {
    RouteRequest::new(addr, len).route_type(RouteType::BLACKHOLE)
}

/// The routes of the batch file, read and parsed before any clock starts, 5 bytes a line (5
/// MB for 1,000,000 routes, counted in the peak RSS): the text is the benchmark's way to give
/// every tool the same routes, and parsing it (about 1,500 instructions a line) is `ip
/// -batch`'s work, not the library's. A daemon has its routes in memory.
struct Routes {
    dst: Vec<u32>,
    /// The prefix length, with bit 7 set for a delete.
    len_verb: Vec<u8>,
}

impl Routes {
    fn read(file: &str) -> Result<Routes, String> {
        let f = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
        let mut routes = Routes {
            dst: Vec::new(),
            len_verb: Vec::new(),
        };
        for line in BufReader::new(f).lines() {
            let (delete, dst, len) = parse(&line.map_err(|e| e.to_string())?)?;
            routes.dst.push(dst);
            routes.len_verb.push(len | if delete { 0x80 } else { 0 });
        }
        Ok(routes)
    }

    /// Each line's verb (`true`: delete) and route, built as the timed modes go.
    fn iter(&self) -> impl Iterator<Item = (bool, RouteRequest)> + '_ {
        self.dst
            .iter()
            .zip(&self.len_verb)
            .map(|(&dst, &lv)| (lv & 0x80 != 0, blackhole(IpAddr::V4(dst.into()), lv & 0x7f)))
    }
}

fn run(netns: PathBuf, file: &str, mode: &str) -> Result<(), String> {
    let conn = Connection::with_options(ConnectionOptions::default().netns(&netns))
        .map_err(|e| e.to_string())?;
    let routes = Routes::read(file)?;
    if mode == "check" {
        return check(&conn, &routes);
    }
    let (mut failures, mut uncertain) = (0usize, 0u64);
    // The CPU at the start of the timed part: where each mode starts its clock.
    let mut cpu_start = cpu_ms().unwrap_or(0);
    let took = match mode {
        "batch" | "each" | "thread" => {
            let start = Instant::now();
            let options = BatchOptions::default()
                .ack_each(mode == "each")
                .send_thread(mode == "thread");
            let mut b = conn.batch(options).map_err(|e| e.to_string())?;
            for (delete, r) in routes.iter() {
                if delete { b.delete(&r) } else { b.add(&r) }.map_err(|e| e.to_string())?;
            }
            let report = b.finish().map_err(|e| e.to_string())?;
            failures = report.failures.len();
            uncertain = report.uncertain.iter().map(|r| r.end - r.start).sum();
            start.elapsed()
        }
        "loop" => {
            let start = Instant::now();
            for (delete, r) in routes.iter() {
                let result = if delete {
                    conn.delete_route(&r)
                } else {
                    conn.add_route(&r)
                };
                failures += usize::from(result.is_err());
            }
            start.elapsed()
        }
        "prebuilt" => {
            let mut datagrams = vec![Vec::with_capacity(64 * 1024)];
            for (delete, r) in routes.iter() {
                let (t, flags) = if delete {
                    (RTM_DELROUTE, Flags::REQUEST)
                } else {
                    (RTM_NEWROUTE, Flags::REQUEST | Flags::CREATE | Flags::EXCL)
                };
                let mut one = Vec::with_capacity(64);
                r.build(&mut one, t, flags).map_err(|e| e.to_string())?;
                if datagrams
                    .last()
                    .is_some_and(|d| d.len() + one.len() > 64 * 1024)
                {
                    datagrams.push(Vec::with_capacity(64 * 1024));
                }
                datagrams
                    .last_mut()
                    .ok_or("no datagram")?
                    .extend_from_slice(&one);
            }
            let mut sync = Vec::new();
            Header::new(16, MessageType::NOOP, Flags::REQUEST | Flags::ACK, 1, 0)
                .write_to(&mut sync);
            let socket = open_socket(&netns, 0).map_err(|e| e.to_string())?;
            socket
                .set_send_buffer_size(128 * 1024)
                .map_err(|e| e.to_string())?;
            let mut buf = RecvBuf::with_capacity(64 * 1024);
            cpu_start = cpu_ms().unwrap_or(0);
            let start = Instant::now();
            for d in &datagrams {
                socket.send(d).map_err(|e| e.to_string())?;
            }
            socket.send(&sync).map_err(|e| e.to_string())?;
            socket.recv(&mut buf).map_err(|e| e.to_string())?;
            start.elapsed()
        }
        _ => return Err(format!("unknown mode {mode}")),
    };
    println!(
        "took_ms {} cpu_ms {} failures {failures} uncertain {uncertain} peak_rss_kib {}",
        took.as_millis(),
        cpu_ms().unwrap_or(0).saturating_sub(cpu_start),
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}

/// Whether request `i` of the check's adds repeats the route before it (and must fail).
fn repeats(i: usize) -> bool {
    i % 100 == 99
}

/// The `check` mode: see the module documentation.
fn check(conn: &Connection, routes: &Routes) -> Result<(), String> {
    // Every route's IPv4 destination (4 bytes each, not a request each: the check runs at a
    // million routes too), and the same with its index, sorted, to read the table back.
    if let Some(lv) = routes.len_verb.iter().find(|lv| **lv != 32) {
        return Err(format!(
            "the check adds IPv4 /32 routes, not /{} {}",
            lv & 0x7f,
            if lv & 0x80 != 0 { "deletes" } else { "adds" }
        ));
    }
    let dsts = &routes.dst;
    let route = |i: usize| blackhole(IpAddr::V4(dsts[i].into()), 32);
    let mut index: Vec<(u32, usize)> = dsts.iter().copied().zip(0..).collect();
    index.sort_unstable();
    let refused: Vec<usize> = (0..dsts.len()).filter(|i| repeats(*i)).collect();

    let start = Instant::now();
    let mut batch = conn
        .batch(BatchOptions::default())
        .map_err(|e| e.to_string())?;
    for i in 0..dsts.len() {
        let r = if repeats(i) { route(i - 1) } else { route(i) };
        batch.add(&r).map_err(|e| e.to_string())?;
    }
    let report = batch.finish().map_err(|e| e.to_string())?;
    let took = start.elapsed();
    let applied = |i: usize| !repeats(i);
    phase(
        conn,
        "add",
        &report,
        took,
        &refused,
        &index,
        applied,
        "File exists",
    )?;

    let start = Instant::now();
    let mut batch = conn
        .batch(BatchOptions::default())
        .map_err(|e| e.to_string())?;
    for i in 0..dsts.len() {
        batch.delete(&route(i)).map_err(|e| e.to_string())?;
    }
    let report = batch.finish().map_err(|e| e.to_string())?;
    let took = start.elapsed();
    phase(
        conn,
        "del",
        &report,
        took,
        &refused,
        &index,
        |_| false,
        "No such process",
    )?;
    println!("peak_rss_kib {}", peak_rss_kib().unwrap_or(0));
    Ok(())
}

/// Prints one phase of the check: how the report compares with the failures `expected` (the
/// indexes that must fail, with `text`) and with the kernel's main table, which must hold
/// route `i` exactly when `present(i)`.
#[allow(clippy::too_many_arguments)]
fn phase(
    conn: &Connection,
    name: &str,
    report: &BatchReport,
    took: std::time::Duration,
    expected: &[usize],
    index: &[(u32, usize)],
    present: impl Fn(usize) -> bool,
    text: &str,
) -> Result<(), String> {
    // The batch's first sequence number, from the first failure: every failure must carry
    // the same base plus its index, in its report and in the header the kernel echoed.
    let base = report
        .failures
        .first()
        .map(|f| f.seq.wrapping_sub(f.index as u32));
    let attributed = report
        .failures
        .iter()
        .zip(expected)
        .filter(|(f, want)| {
            let echoed = match &f.error {
                Error::Kernel(k) => k.seq == f.seq && k.to_string().starts_with(text),
                _ => false,
            };
            f.index == **want as u64 && Some(f.seq.wrapping_sub(f.index as u32)) == base && echoed
        })
        .count();
    let mut seen = vec![false; index.len()];
    let mut strangers = 0u64;
    let filter = RouteFilter::default()
        .family(AddressFamily::INET)
        .table(Table::MAIN);
    conn.for_each_route(filter, |r| {
        let found = match r.dst()? {
            Some(IpAddr::V4(a)) => index
                .binary_search_by_key(&u32::from(a), |e| e.0)
                .ok()
                .and_then(|k| index.get(k)),
            _ => None,
        };
        match found.and_then(|e| seen.get_mut(e.1)) {
            Some(s) => *s = true,
            None => strangers += 1,
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    let table_equal = strangers == 0 && seen.iter().enumerate().all(|(i, s)| *s == present(i));
    println!(
        "{name}_took_ms {} {name}_requests {} {name}_refused {} {name}_expected {} \
         {name}_attributed {attributed} {name}_uncertain {} {name}_table_equal {}",
        took.as_millis(),
        report.requests,
        report.failures.len(),
        expected.len(),
        report.uncertain.len(),
        u8::from(table_equal),
    );
    Ok(())
}
