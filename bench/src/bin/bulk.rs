//! Bulk route changes for `cargo xtask bench bulk`. `bulk --netns PATH --file BATCH --mode
//! batch|thread|each|loop|prebuilt|check` reads the `route add|del blackhole A/32` lines of an `ip
//! -batch` file (the routes `ip` itself is timed on), then applies them and prints
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
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use netlink::netlink_wire::rtnl::{AddressFamily, RTM_DELROUTE, RTM_NEWROUTE, RouteType, Table};
use netlink::netlink_wire::{Flags, Header, MessageType};
use netlink::{
    BatchOptions, BatchReport, Connection, ConnectionOptions, Error, Prefix, Request, RouteFilter,
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
        eprintln!("usage: bulk --netns PATH --file BATCH --mode batch|thread|each|loop|prebuilt|check");
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

/// One `route add|del blackhole A/LEN` line: whether it deletes, and the route.
fn parse(line: &str) -> Result<(bool, RouteRequest), String> {
    let w: Vec<&str> = line.split_whitespace().collect();
    let [_, verb, _, dst] = w[..] else {
        return Err(format!("unexpected line {line:?}"));
    };
    let (addr, len) = dst.split_once('/').ok_or("no prefix length")?;
    let addr: IpAddr = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let len: u8 = len.parse().map_err(|e| format!("{len}: {e}"))?;
    Ok((verb == "del", blackhole(addr, len)))
}

/// The route of a line: a blackhole route to `addr/len` in the main table.
fn blackhole(addr: IpAddr, len: u8) -> RouteRequest {
    RouteRequest::new(addr, len).route_type(RouteType::BLACKHOLE)
}

/// The routes of the batch file, read as the timed modes go (so that their peak RSS is theirs,
/// not the list's).
fn lines(file: &str) -> Result<impl Iterator<Item = Result<(bool, RouteRequest), String>>, String> {
    let f = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
    Ok(BufReader::new(f)
        .lines()
        .map(|l| l.map_err(|e| e.to_string()).and_then(|l| parse(&l))))
}

fn run(netns: PathBuf, file: &str, mode: &str) -> Result<(), String> {
    let conn = Connection::with_options(ConnectionOptions::default().netns(&netns))
        .map_err(|e| e.to_string())?;
    if mode == "check" {
        return check(&conn, file);
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
            for route in lines(file)? {
                let (delete, r) = route?;
                if delete { b.delete(&r) } else { b.add(&r) }.map_err(|e| e.to_string())?;
            }
            let report = b.finish().map_err(|e| e.to_string())?;
            failures = report.failures.len();
            uncertain = report.uncertain.iter().map(|r| r.end - r.start).sum();
            start.elapsed()
        }
        "loop" => {
            let start = Instant::now();
            for route in lines(file)? {
                let (delete, r) = route?;
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
            for route in lines(file)? {
                let (delete, r) = route?;
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
fn check(conn: &Connection, file: &str) -> Result<(), String> {
    // Every route's IPv4 destination (4 bytes each, not a request each: the check runs at a
    // million routes too), and the same with its index, sorted, to read the table back.
    let mut dsts: Vec<u32> = Vec::new();
    for l in lines(file)? {
        match l?.1.dst {
            Prefix {
                addr: IpAddr::V4(a),
                len: 32,
                ..
            } => dsts.push(a.into()),
            other => return Err(format!("the check adds IPv4 /32 routes, not {other:?}")),
        }
    }
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
