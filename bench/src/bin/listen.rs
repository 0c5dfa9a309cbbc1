//! Notification listener for the storm benchmark. `listen --netns PATH --mode conn|handle|raw
//! [--table T] [--rcvbuf BYTES] [--coalesce-ms D] [--idle-ms MS] [--deadline-s S] [--stop-on-stdin]`
//! prints `ready` once subscribed to `RTNLGRP_IPV4_ROUTE`, then counts `RTM_NEWROUTE` and
//! `RTM_DELROUTE` notifications until none arrived for `--idle-ms` (2000) after the first one,
//! or `--deadline-s` (600) passed.
//!
//! With `--stop-on-stdin` (mode `handle` only), the main thread instead sleeps in a read of
//! standard input until the driver writes a line (or closes it) once its storm is over: the
//! kernel has queued every notification by then, so the listener only waits for its reader to
//! drain them. The main thread then costs no CPU during the storm, where the idle check's
//! wake-ups every 50 ms would be counted against the subscriber.
//!
//! - `conn`: `netlink::Connection` with default settings (its reader thread, a 4 MiB
//!   receive buffer, delivery through an unbounded crossbeam channel); lost events show as
//!   `NLMSG_OVERRUN` markers.
//!   With `--table T`, the connection carries a kernel-side `NotifyFilter` for routes of table
//!   `T`; the report then also counts `wrong_table`, the events of other tables that arrived.
//!   With `--coalesce-ms D`, the connection sets `ConnectionOptions::notify_coalesce` to D ms.
//! - `handle`: the same connection counting in its `Connection::handle` callback, on the reader
//!   thread, so that no second thread wakes per notification.
//! - `raw`: a `netlink_socket::Socket` bound to the group, read in a loop that only walks message
//!   headers; `--rcvbuf` sets `SO_RCVBUF` (the kernel default otherwise; for `conn` and
//!   `handle`, the connection's notification buffer).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use netlink::netlink_wire::rtnl::Table;
use netlink::netlink_wire::rtnl::route::RouteMsg;
use netlink::{Connection, ConnectionOptions, NotifyFilter, RTMGRP_IPV4_ROUTE};
use netlink_bench::{arg, cpu_ms, cpu_us_live_threads, message_slices, open_socket, peak_rss_kib};
use netlink_socket::RecvBuf;

const RTM_NEWROUTE: u16 = 24;
const RTM_DELROUTE: u16 = 25;

#[derive(Default)]
struct Counts {
    new: u64,
    del: u64,
    other: u64,
    overruns: u64,
    wrong_table: u64,
    /// The CPU time of the process's threads, read while the reader thread still runs.
    cpu_us: u64,
}

fn ready() {
    println!("ready");
    let _ = std::io::stdout().flush();
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(netns), Some(mode)) = (arg(&args, "--netns"), arg(&args, "--mode")) else {
        eprintln!(
            "usage: listen --netns PATH --mode conn|handle|raw [--table T] [--rcvbuf BYTES] \
             [--idle-ms MS]"
        );
        return ExitCode::from(2);
    };
    let idle = Duration::from_millis(
        arg(&args, "--idle-ms")
            .and_then(|s| s.parse().ok())
            .unwrap_or(2000),
    );
    let deadline = Instant::now()
        + Duration::from_secs(
            arg(&args, "--deadline-s")
                .and_then(|s| s.parse().ok())
                .unwrap_or(600),
        );
    let mut c = Counts::default();
    let result = match mode.as_str() {
        "conn" | "handle" => {
            let table = arg(&args, "--table")
                .and_then(|s| s.parse().ok())
                .map(Table);
            let mut options = ConnectionOptions::default()
                .groups(RTMGRP_IPV4_ROUTE)
                .netns(PathBuf::from(netns));
            if let Some(t) = table {
                options = options.notify_filter(NotifyFilter::new().route_table(t));
            }
            if let Some(size) = arg(&args, "--rcvbuf").and_then(|s| s.parse().ok()) {
                options = options.notify_buffer_size(size);
            }
            if let Some(ms) = arg(&args, "--coalesce-ms").and_then(|s| s.parse().ok()) {
                options = options.notify_coalesce(Duration::from_millis(ms));
            }
            let stop = if args.iter().any(|a| a == "--stop-on-stdin") {
                Stop::OnStdin
            } else {
                Stop::Idle(idle, deadline)
            };
            conn(options, table, mode == "handle", stop, &mut c)
        }
        "raw" => raw(
            PathBuf::from(netns),
            arg(&args, "--rcvbuf").and_then(|s| s.parse().ok()),
            idle,
            deadline,
            &mut c,
        ),
        _ => Err(format!("unknown mode {mode}")),
    };
    if let Err(e) = result {
        eprintln!("listen: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "new {} del {} other {} overruns {} wrong_table {} peak_rss_kib {} cpu_ms {} cpu_us {}",
        c.new,
        c.del,
        c.other,
        c.overruns,
        c.wrong_table,
        peak_rss_kib().unwrap_or(0),
        cpu_ms().unwrap_or(0),
        c.cpu_us
    );
    ExitCode::SUCCESS
}

fn tally(c: &mut Counts, t: u16) {
    match t {
        RTM_NEWROUTE => c.new += 1,
        RTM_DELROUTE => c.del += 1,
        _ => c.other += 1,
    }
}

/// How long to wait now: the idle timeout once events flow, else until the deadline.
fn wait_for(started: bool, idle: Duration, deadline: Instant) -> Option<Duration> {
    let left = deadline.checked_duration_since(Instant::now())?;
    Some(if started { idle.min(left) } else { left })
}

/// When a `conn` or `handle` listener stops.
#[derive(Clone, Copy)]
enum Stop {
    /// After the idle period that follows the last event, or at the deadline.
    Idle(Duration, Instant),
    /// Once standard input gives a line or ends, and the reader has drained its socket.
    OnStdin,
}

fn conn(
    options: ConnectionOptions,
    table: Option<Table>,
    callback: bool,
    stop: Stop,
    c: &mut Counts,
) -> Result<(), String> {
    let conn = Connection::with_options(options).map_err(|e| e.to_string())?;
    if callback {
        return counted_in_callback(&conn, table, stop, c);
    }
    let Stop::Idle(idle, deadline) = stop else {
        return Err("--stop-on-stdin needs --mode handle".into());
    };
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.notify(tx);
    ready();
    let mut started = false;
    while let Some(wait) = wait_for(started, idle, deadline) {
        match rx.recv_timeout(wait) {
            Ok(m) => {
                started = true;
                count(c, table, &m);
            }
            Err(_) => break,
        }
    }
    c.cpu_us = cpu_us_live_threads().unwrap_or(0);
    conn.close();
    Ok(())
}

/// Counts on the reader thread (`Connection::handle`), so that no other thread wakes per
/// notification; the main thread only checks every 50 ms whether the stream went idle, or
/// sleeps until standard input says the storm is over.
fn counted_in_callback(
    conn: &Connection,
    table: Option<Table>,
    stop: Stop,
    c: &mut Counts,
) -> Result<(), String> {
    let shared = std::sync::Arc::new(std::sync::Mutex::new(Counts::default()));
    let counts = std::sync::Arc::clone(&shared);
    conn.handle(move |m| {
        let Ok(mut c) = counts.lock() else { return };
        count(&mut c, table, m);
    });
    ready();
    let seen = || {
        shared
            .lock()
            .map(|c| c.new + c.del + c.other + c.overruns)
            .unwrap_or(0)
    };
    // The idle period starts with the first event, or at once when the storm is known over.
    let (idle, deadline, check, mut quiet_since) = match stop {
        Stop::Idle(idle, deadline) => (idle, deadline, Duration::from_millis(50), None),
        Stop::OnStdin => {
            // A read error ends the wait as the line would.
            let _ = std::io::stdin().read_line(&mut String::new());
            // Everything is queued: a reader that counted nothing for 50 ms (five of its
            // longest coalescing waits in the benchmarks) has drained the socket.
            let idle = Duration::from_millis(50);
            let deadline = Instant::now() + Duration::from_secs(60);
            (
                idle,
                deadline,
                Duration::from_millis(10),
                Some(Instant::now()),
            )
        }
    };
    let mut last = 0u64;
    while Instant::now() < deadline {
        std::thread::sleep(check);
        let now = seen();
        if now != last {
            (last, quiet_since) = (now, Some(Instant::now()));
        } else if quiet_since.is_some_and(|q| q.elapsed() >= idle) {
            break;
        }
    }
    c.cpu_us = cpu_us_live_threads().unwrap_or(0);
    conn.close();
    let done = shared.lock().map_err(|_| "counter poisoned")?;
    (c.new, c.del, c.other, c.overruns, c.wrong_table) = (
        done.new,
        done.del,
        done.other,
        done.overruns,
        done.wrong_table,
    );
    Ok(())
}

/// Counts one message delivered by a `Connection`.
fn count(c: &mut Counts, table: Option<Table>, m: &netlink::Message) {
    if m.is_overrun() {
        c.overruns += 1;
        return;
    }
    tally(c, m.header.message_type().0);
    if let Some(t) = table
        && RouteMsg::parse(m.as_msg()).and_then(|r| r.table()).ok() != Some(t)
    {
        c.wrong_table += 1;
    }
}

fn raw(
    netns: PathBuf,
    rcvbuf: Option<usize>,
    idle: Duration,
    deadline: Instant,
    c: &mut Counts,
) -> Result<(), String> {
    let socket = open_socket(&netns, RTMGRP_IPV4_ROUTE).map_err(|e| e.to_string())?;
    if let Some(size) = rcvbuf {
        socket
            .set_recv_buffer_size_force(size)
            .map_err(|e| e.to_string())?;
    }
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    ready();
    let mut started = false;
    while let Some(wait) = wait_for(started, idle, deadline) {
        match socket.recv_timeout(&mut buf, wait) {
            Ok(Some(_)) => {
                started = true;
                for m in message_slices(buf.data()) {
                    tally(c, u16::from_ne_bytes([m[4], m[5]]));
                }
            }
            Ok(None) => break,
            Err(netlink_socket::Error::Overrun) => {
                started = true;
                c.overruns += 1;
            }
            Err(e) => return Err(e.to_string()),
        }
    }
    c.cpu_us = cpu_us_live_threads().unwrap_or(0);
    Ok(())
}
