//! Notification listener for the storm benchmark. `listen --netns PATH --mode conn|raw
//! [--rcvbuf BYTES] [--idle-ms MS] [--deadline-s S]` prints `ready` once subscribed to
//! `RTNLGRP_IPV4_ROUTE`, then counts `RTM_NEWROUTE` and `RTM_DELROUTE` notifications until none
//! arrived for `--idle-ms` (2000) after the first one, or `--deadline-s` (600) passed.
//!
//! - `conn`: `netlink::Connection` with default settings (its reader thread, a 4 MiB
//!   receive buffer, delivery through an unbounded crossbeam channel); lost events show as
//!   `NLMSG_OVERRUN` markers.
//! - `raw`: a `netlink_socket::Socket` bound to the group, read in a loop that only walks message
//!   headers; `--rcvbuf` sets `SO_RCVBUF` (the kernel default otherwise).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use netlink::{Connection, ConnectionOptions, RTMGRP_IPV4_ROUTE};
use netlink_bench::{arg, message_slices, open_socket, peak_rss_kib};
use netlink_socket::RecvBuf;

const RTM_NEWROUTE: u16 = 24;
const RTM_DELROUTE: u16 = 25;

#[derive(Default)]
struct Counts {
    new: u64,
    del: u64,
    other: u64,
    overruns: u64,
}

fn ready() {
    println!("ready");
    let _ = std::io::stdout().flush();
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(netns), Some(mode)) = (arg(&args, "--netns"), arg(&args, "--mode")) else {
        eprintln!("usage: listen --netns PATH --mode conn|raw [--rcvbuf BYTES] [--idle-ms MS]");
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
        "conn" => conn(PathBuf::from(netns), idle, deadline, &mut c),
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
        "new {} del {} other {} overruns {} peak_rss_kib {}",
        c.new,
        c.del,
        c.other,
        c.overruns,
        peak_rss_kib().unwrap_or(0)
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

fn conn(netns: PathBuf, idle: Duration, deadline: Instant, c: &mut Counts) -> Result<(), String> {
    let conn = Connection::with_options(
        ConnectionOptions::default()
            .groups(RTMGRP_IPV4_ROUTE)
            .netns(netns),
    )
    .map_err(|e| e.to_string())?;
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.notify(tx);
    ready();
    let mut started = false;
    while let Some(wait) = wait_for(started, idle, deadline) {
        match rx.recv_timeout(wait) {
            Ok(m) => {
                started = true;
                if m.is_overrun() {
                    c.overruns += 1;
                } else {
                    tally(c, m.header.message_type().0);
                }
            }
            Err(_) => break,
        }
    }
    conn.close();
    Ok(())
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
    Ok(())
}
