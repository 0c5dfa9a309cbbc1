//! Watches links, addresses and routes with the async adapter (feature `tokio`): lists the
//! links, then prints every change as it comes, and lists again when events were lost.
//!
//! ```sh
//! cargo run -p netlink-client --features tokio --example async_watch            # this namespace
//! cargo run -p netlink-client --features tokio --example async_watch -- NETNS   # /run/netns/NETNS
//! ```

use netlink::tokio::AsyncConnection;
use netlink::{ConnectionOptions, Event, Group, Link, LinkFilter};

fn main() -> Result<(), netlink::Error> {
    // One thread is enough: the runtime's reactor drives the sockets, no thread reads them.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| netlink::Error::InvalidArgument(format!("tokio runtime: {e}")))?;
    runtime.block_on(watch(std::env::args().nth(1)))
}

async fn watch(netns: Option<String>) -> Result<(), netlink::Error> {
    let mut options = ConnectionOptions::default();
    for group in [
        Group::LINK,
        Group::IPV4_IFADDR,
        Group::IPV6_IFADDR,
        Group::IPV4_ROUTE,
        Group::IPV6_ROUTE,
    ] {
        options = options.membership(group);
    }
    if let Some(ns) = netns {
        options = options.netns(format!("/run/netns/{ns}"));
    }
    let conn = AsyncConnection::with_options(options)?;
    // Subscribed before the first dump, so that no change falls between the two.
    let mut events = conn.events()?;
    print_links(&conn).await?;
    eprintln!("watching links, addresses and routes; Ctrl-C to stop");
    while let Some(event) = events.next_event().await {
        match event {
            Ok(Event::NewLink(l)) => println!("link {} {} {:?}", l.index, l.name, l.operstate),
            Ok(Event::DelLink(l)) => println!("link {} {} deleted", l.index, l.name),
            Ok(Event::NewAddress(a)) => println!("address {:?} on {}", a.address, a.index),
            Ok(Event::DelAddress(a)) => println!("address {:?} on {} deleted", a.address, a.index),
            Ok(Event::NewRoute(r)) => println!("route {:?} table {:?}", r.dst, r.table),
            Ok(Event::DelRoute(r)) => println!("route {:?} table {:?} deleted", r.dst, r.table),
            Ok(Event::Overrun) => {
                eprintln!("events were lost: listing the links again");
                print_links(&conn).await?;
            }
            Ok(Event::ReaderStopped(stopped)) => {
                eprintln!("{stopped}");
                break;
            }
            Ok(other) => println!("{other:?}"),
            Err(e) => eprintln!("undecodable notification: {e}"),
        }
    }
    Ok(())
}

async fn print_links(conn: &AsyncConnection) -> Result<(), netlink::Error> {
    for link in conn.list::<Link>(LinkFilter::default()).await? {
        println!("link {} {} mtu {:?}", link.index, link.name, link.mtu);
    }
    Ok(())
}
