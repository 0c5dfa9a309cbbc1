//! Bulk route changes for `cargo xtask bench bulk`. `bulk --netns PATH --file BATCH --mode
//! batch|each|loop|prebuilt` reads the `route add|del blackhole A/32` lines of an `ip -batch`
//! file (the routes `ip` itself is timed on), then applies them and prints
//! `took_ms T failures F uncertain U peak_rss_kib R`:
//!
//! - `batch`: `netlink::Batch` with its defaults (errors only, a sync every 4,096 requests);
//! - `each`: `netlink::Batch` with an acknowledgement per request;
//! - `loop`: `Connection::add_route` / `delete_route` one after the other;
//! - `prebuilt`: the kernel's limit: every message built before the clock starts, packed 64 KiB
//!   per `sendmsg(2)` without `NLM_F_ACK`, then one acknowledged `NLMSG_NOOP` to know the
//!   kernel is done. It reports no failure by design.
//!
//! Only `batch`, `each` and `loop` build their messages while timed.

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use netlink::netlink_wire::rtnl::{RTM_DELROUTE, RTM_NEWROUTE, RouteType};
use netlink::netlink_wire::{Flags, Header, MessageType};
use netlink::{BatchOptions, Connection, ConnectionOptions, Request, RouteRequest};
use netlink_bench::{arg, open_socket, peak_rss_kib};
use netlink_socket::RecvBuf;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(netns), Some(file), Some(mode)) = (
        arg(&args, "--netns"),
        arg(&args, "--file"),
        arg(&args, "--mode"),
    ) else {
        eprintln!("usage: bulk --netns PATH --file BATCH --mode batch|each|loop|prebuilt");
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
    Ok((
        verb == "del",
        RouteRequest::new(addr, len).route_type(RouteType::BLACKHOLE),
    ))
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
    let (mut failures, mut uncertain) = (0usize, 0u64);
    let took = match mode {
        "batch" | "each" => {
            let start = Instant::now();
            let mut b = conn
                .batch(BatchOptions::default().ack_each(mode == "each"))
                .map_err(|e| e.to_string())?;
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
        "took_ms {} failures {failures} uncertain {uncertain} peak_rss_kib {}",
        took.as_millis(),
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}
