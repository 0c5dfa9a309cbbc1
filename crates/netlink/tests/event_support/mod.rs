//! What the notification tests share: a connection in a test namespace that decodes what it
//! receives into events, and waiting for one.
#![allow(dead_code, unreachable_pub)]

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, unbounded};
use netlink::{Connection, ConnectionOptions, Event, Group};
use netlink_testns::TestNs;

/// A connection in `ns` joined to `groups`, its events (decoded) on the receiver.
pub fn listener(ns: &TestNs, groups: &[Group]) -> (Connection, Receiver<netlink::Result<Event>>) {
    let options = groups
        .iter()
        .fold(ConnectionOptions::default().netns(ns.path()), |o, g| {
            o.membership(*g)
        });
    let conn = Connection::with_options(options).unwrap();
    let (tx, rx) = unbounded();
    conn.handle_events(move |e| {
        let _ = tx.send(e);
    });
    (conn, rx)
}

/// Waits until `pred` accepts an event; panics naming `what` after 5 s.
pub fn expect(
    rx: &Receiver<netlink::Result<Event>>,
    what: &str,
    pred: impl Fn(&Event) -> bool,
) -> Event {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match rx.recv_deadline(deadline) {
            Ok(Ok(e)) if pred(&e) => return e,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("undecodable notification: {e}"),
            Err(_) => panic!("no {what} within 5 s"),
        }
    }
}
