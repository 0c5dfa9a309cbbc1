//! Watches link, address, route, neighbour and rule changes and prints each typed event, as
//! `ip monitor` does; after an overrun it says that events were lost.
//!
//! ```sh
//! cargo run -p netlink-client --example watch            # the caller's namespace (read only)
//! cargo run -p netlink-client --example watch -- NETNS   # /run/netns/NETNS
//! ```

use netlink::{Connection, ConnectionOptions, Event, Group};

fn main() -> Result<(), netlink::Error> {
    let mut options = ConnectionOptions::default();
    if let Some(ns) = std::env::args().nth(1) {
        options = options.netns(format!("/run/netns/{ns}"));
    }
    let conn = Connection::with_options(options)?;
    for group in [
        Group::LINK,
        Group::IPV4_IFADDR,
        Group::IPV6_IFADDR,
        Group::IPV4_ROUTE,
        Group::IPV6_ROUTE,
        Group::NEIGH,
        Group::IPV4_RULE,
        Group::IPV6_RULE,
    ] {
        conn.subscribe(group)?;
    }
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.notify(tx);
    eprintln!("watching; Ctrl-C to stop");
    for msg in rx {
        match Event::from_message(&msg)? {
            Event::NewLink(l) => println!("link {l}"),
            Event::DelLink(l) => println!("Deleted link {l}"),
            Event::NewAddress(a) => println!("address if{}: {a}", a.index),
            Event::DelAddress(a) => println!("Deleted address if{}: {a}", a.index),
            Event::NewRoute(r) => println!("route {r}"),
            Event::DelRoute(r) => println!("Deleted route {r}"),
            Event::NewNeighbour(n) => println!("neigh {n}"),
            Event::DelNeighbour(n) => println!("Deleted neigh {n}"),
            Event::NewRule(r) => println!("rule {r}"),
            Event::DelRule(r) => println!("Deleted rule {r}"),
            Event::Overrun => println!("events were lost: list the tables again"),
            other => println!("{other:?}"),
        }
    }
    Ok(())
}
