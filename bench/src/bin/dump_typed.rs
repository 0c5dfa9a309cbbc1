//! Benchmark (a): our library's streaming typed route dump. `dump_typed --netns PATH [--mode
//! walk|count|owned|reuse|list|raw]` prints the route count, the typed-attribute count and the
//! peak RSS.
//!
//! - `walk` (the default, benchmark (a)): `Connection::for_each_route` for `AF_INET` in the
//!   namespace, decoding every attribute of every route with `netlink_bench::walk_route`.
//! - `count`: the same dump, only counting the `RouteMsg` views `for_each_route` hands out (the
//!   facade's cost without the typed walk).
//! - `owned`: the same dump, each route converted to a new owned `netlink::Route`
//!   (`Route::from_msg(r)?`), which the `?` moves once.
//! - `reuse`: the same dump, each route decoded in place into one owned `netlink::Route`
//!   (`Route::set_from_msg`): what a consumer that reads owned routes one at a time pays.
//! - `list`: `Connection::routes`, every route kept in a `Vec<netlink::Route>`.
//! - `raw`: `Connection::dump_bytes` and `Dump::next_msg`, each message through `RouteMsg::parse`
//!   and `walk_route` (the typed walk without `for_each_route`'s client-side filter).
//!
//! `--read-ahead off` sets `ConnectionOptions::dump_read_ahead` to false: the whole dump is
//! received and decoded on one thread.

use std::path::PathBuf;
use std::process::ExitCode;

use netlink::ops::route::RouteFilter;
use netlink::{Connection, ConnectionOptions};
use netlink_bench::{Tally, arg, peak_rss_kib, walk_route};
use netlink_wire::rtnl::route::RouteMsg;
use netlink_wire::rtnl::{AddressFamily, RTM_NEWROUTE};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(netns) = arg(&args, "--netns") else {
        eprintln!(
            "usage: dump_typed --netns PATH [--mode walk|count|owned|reuse|list|raw] \
             [--read-ahead on|off]"
        );
        return ExitCode::from(2);
    };
    let read_ahead = arg(&args, "--read-ahead").is_none_or(|v| v != "off");
    let conn = match Connection::with_options(
        ConnectionOptions::default()
            .netns(PathBuf::from(netns))
            .dump_read_ahead(read_ahead),
    ) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dump_typed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut t = Tally::default();
    let filter = RouteFilter::default().family(AddressFamily::INET);
    let mode = arg(&args, "--mode").unwrap_or_else(|| "walk".into());
    let result = match mode.as_str() {
        "walk" => conn.for_each_route(filter, |r| {
            walk_route(r, &mut t);
            Ok(())
        }),
        "count" => conn.for_each_route(filter, |r| {
            std::hint::black_box(r);
            t.objects += 1;
            Ok(())
        }),
        "owned" => conn.for_each_route(filter, |r| {
            let route = netlink::Route::from_msg(r)?;
            t.objects += 1;
            t.typed += route.multipath.len() as u64;
            std::hint::black_box(&route);
            Ok(())
        }),
        "reuse" => {
            let mut route = netlink::Route::default();
            conn.for_each_route(filter, |r| {
                route.set_from_msg(r)?;
                t.objects += 1;
                t.typed += route.multipath.len() as u64;
                std::hint::black_box(&route);
                Ok(())
            })
        }
        "list" => conn.routes(filter).map(|routes| {
            t.objects = routes.len() as u64;
            t.typed = routes.iter().map(|r| r.multipath.len() as u64).sum();
        }),
        "raw" => raw(&conn, &mut t),
        _ => {
            eprintln!("dump_typed: unknown mode {mode}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = result {
        eprintln!("dump_typed: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "routes {} typed {} errors {} peak_rss_kib {}",
        t.objects,
        t.typed,
        t.errors,
        peak_rss_kib().unwrap_or(0)
    );
    ExitCode::SUCCESS
}

fn raw(conn: &Connection, t: &mut Tally) -> netlink::Result<()> {
    let request = netlink_bench::dump_request(netlink_bench::DumpKind::Routes, 0)?;
    let mut dump = conn.dump_bytes(request)?;
    while let Some(m) = dump.next_msg() {
        let m = m?;
        if m.message_type() == RTM_NEWROUTE {
            walk_route(&RouteMsg::parse(m)?, t);
        }
    }
    Ok(())
}
