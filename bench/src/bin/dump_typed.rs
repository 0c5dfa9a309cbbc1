//! Benchmark (a): our library's streaming typed route dump. `dump_typed --netns PATH` runs
//! `Connection::for_each_route` for `AF_INET` in the namespace and decodes every attribute of
//! every route with `netlink_bench::walk_route`; prints the route count, the typed-attribute
//! count and the peak RSS.

use std::path::PathBuf;
use std::process::ExitCode;

use netlink::ops::route::RouteFilter;
use netlink::{Connection, ConnectionOptions};
use netlink_bench::{Tally, arg, peak_rss_kib, walk_route};
use netlink_wire::rtnl::AddressFamily;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(netns) = arg(&args, "--netns") else {
        eprintln!("usage: dump_typed --netns PATH");
        return ExitCode::from(2);
    };
    let conn = match Connection::with_options(ConnectionOptions {
        netns: Some(PathBuf::from(netns)),
        ..ConnectionOptions::default()
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("dump_typed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut t = Tally::default();
    let filter = RouteFilter {
        family: Some(AddressFamily::INET),
        ..RouteFilter::default()
    };
    if let Err(e) = conn.for_each_route(filter, |r| {
        walk_route(&r, &mut t);
        Ok(())
    }) {
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
