//! A live view of the routing tables: prints the routes once synced, then every change, and
//! says when it repaired itself after lost notifications.
//!
//! ```sh
//! cargo run -p netlink-client --example live_view            # the caller's namespace
//! cargo run -p netlink-client --example live_view -- NETNS   # /run/netns/NETNS
//! ```

use netlink::ConnectionOptions;
use netlink::view::{LiveView, TableKind, ViewEvent, ViewObject, ViewOptions};

fn main() -> Result<(), netlink::Error> {
    let mut connection = ConnectionOptions::default();
    if let Some(ns) = std::env::args().nth(1) {
        connection = connection.netns(format!("/run/netns/{ns}"));
    }
    let view = LiveView::start(
        ViewOptions::default()
            .tables([TableKind::Route])
            .connection(connection),
    )?;
    let sub = view.subscribe();
    view.wait_synced()?;
    println!("{} routes", view.read().routes().count());
    for event in sub.events {
        match event {
            ViewEvent::Added(ViewObject::Route(r)) => println!("+ {:?} {:?}", r.dst, r.table),
            ViewEvent::Removed(ViewObject::Route(r)) => println!("- {:?} {:?}", r.dst, r.table),
            ViewEvent::Changed {
                new: ViewObject::Route(r),
                ..
            } => println!("~ {:?} {:?}", r.dst, r.table),
            ViewEvent::Resyncing(why) => println!("re-reading: {why:?}"),
            ViewEvent::Resynced(_) => {
                println!("repaired; {} routes", view.read().routes().count());
            }
            ViewEvent::Stopped(why) => {
                eprintln!("the view stopped: {why}");
                break;
            }
            _ => {}
        }
    }
    Ok(())
}
