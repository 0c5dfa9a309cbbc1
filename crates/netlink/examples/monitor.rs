//! "Simple Alert Notify": prints IPv4 route notifications received through a channel.
//!
//! ```sh
//! cargo run -p netlink-client --example monitor            # the caller's namespace
//! cargo run -p netlink-client --example monitor -- NETNS   # /run/netns/NETNS
//! ```

use netlink::{Connection, ConnectionOptions, Message, RTMGRP_IPV4_ROUTE};

fn main() -> Result<(), netlink::Error> {
    let conn = match std::env::args().nth(1) {
        Some(ns) => Connection::with_options(
            ConnectionOptions::default()
                .groups(RTMGRP_IPV4_ROUTE)
                .netns(format!("/run/netns/{ns}")),
        )?,
        None => Connection::new()?,
    };
    let (tx, rx) = crossbeam_channel::unbounded();
    conn.notify(tx);
    eprintln!("listening for IPv4 route changes; Ctrl-C to stop");
    for msg in rx {
        println!("{}", describe(&msg));
    }
    Ok(())
}

/// One line per notification: the event, destination, and table.
pub fn describe(msg: &Message) -> String {
    if msg.is_overrun() {
        return "overrun: the kernel dropped notifications; re-read the routing table".into();
    }
    let event = match msg.message_type().0 {
        24 => "new route",
        25 => "deleted route",
        t => return format!("message type {t}"),
    };
    let view = msg.as_msg();
    let rtm = view.payload();
    let dst_len = rtm.get(1).copied().unwrap_or(0);
    let table = rtm.get(4).copied().unwrap_or(0);
    let dst = view
        .attrs(12)
        .ok()
        .and_then(|a| a.get(1u16).ok().flatten())
        .and_then(|a| a.as_ip().ok())
        .map_or_else(|| "default".to_owned(), |ip| format!("{ip}/{dst_len}"));
    format!("{event} {dst} table {table}")
}
