//! Benchmark (d): the kernel's own limit. `dump_count --netns PATH [--peek]` sends an `AF_INET`
//! route dump request and only walks `nlmsghdr` lengths of what comes back, counting messages
//! until `NLMSG_DONE`.
//!
//! Without `--peek` each datagram costs one `recv(2)` into a 1 MiB buffer; with `--peek` the
//! loop goes through `netlink_socket::Socket::recv` (a `MSG_PEEK | MSG_TRUNC` probe, then
//! `recvmsg(2)`), which isolates the cost of that extra system call.

use std::process::ExitCode;

use netlink_bench::{DumpKind, arg, dump_request, message_slices, open_socket, peak_rss_kib};
use netlink_socket::RecvBuf;
use rustix::net::RecvFlags;

const DONE: u16 = 3;
const ERROR: u16 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(netns) = arg(&args, "--netns") else {
        eprintln!("usage: dump_count --netns PATH [--peek]");
        return ExitCode::from(2);
    };
    let peek = args.iter().any(|a| a == "--peek");
    let run = || -> Result<(u64, u64, u64), String> {
        let socket = open_socket(std::path::Path::new(&netns), 0).map_err(|e| e.to_string())?;
        socket
            .send(&dump_request(DumpKind::Routes, 1).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        let (mut messages, mut datagrams, mut bytes) = (0u64, 0u64, 0u64);
        let mut big = vec![0u8; 1 << 20];
        let mut rb = RecvBuf::new();
        loop {
            let data: &[u8] = if peek {
                socket.recv(&mut rb).map_err(|e| e.to_string())?;
                rb.data()
            } else {
                let (n, _) = rustix::net::recv(&socket, &mut big[..], RecvFlags::empty())
                    .map_err(|e| e.to_string())?;
                &big[..n]
            };
            datagrams += 1;
            bytes += data.len() as u64;
            let mut end = false;
            for m in message_slices(data) {
                messages += 1;
                let t = u16::from_ne_bytes([m[4], m[5]]);
                end |= t == DONE || t == ERROR;
            }
            if end {
                return Ok((messages, datagrams, bytes));
            }
        }
    };
    match run() {
        Ok((messages, datagrams, bytes)) => {
            println!(
                "messages {messages} datagrams {datagrams} bytes {bytes} peak_rss_kib {}",
                peak_rss_kib().unwrap_or(0)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dump_count: {e}");
            ExitCode::FAILURE
        }
    }
}
