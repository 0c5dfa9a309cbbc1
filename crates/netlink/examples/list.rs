//! Lists the links, addresses and routes of a namespace, one line each as `ip` prints them
//! (`ip link`, `ip address`, `ip route show table all`), interfaces by index as `if<N>`.
//!
//! ```sh
//! cargo run -p netlink-client --example list            # the caller's namespace (read only)
//! cargo run -p netlink-client --example list -- NETNS   # /run/netns/NETNS
//! ```

use std::io::{self, Write};

use netlink::{AddrFilter, Connection, ConnectionOptions, LinkFilter, RouteFilter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let netns = std::env::args().nth(1);
    run(netns.as_deref(), &mut io::stdout().lock())
}

/// Writes every link, address and route of `netns` (a name in `/run/netns`, or the caller's
/// namespace) to `out`.
pub fn run(netns: Option<&str>, out: &mut dyn Write) -> Result<(), Box<dyn std::error::Error>> {
    let mut options = ConnectionOptions::default();
    if let Some(ns) = netns {
        options = options.netns(format!("/run/netns/{ns}"));
    }
    let conn = Connection::with_options(options)?;
    writeln!(out, "# links")?;
    for link in conn.links(LinkFilter::default())? {
        writeln!(out, "{link}")?;
    }
    writeln!(out, "# addresses")?;
    for address in conn.addresses(AddrFilter::default())? {
        writeln!(out, "if{}: {address}", address.index)?;
    }
    writeln!(out, "# routes")?;
    for route in conn.routes(RouteFilter::default())? {
        writeln!(out, "{route}")?;
    }
    Ok(())
}
