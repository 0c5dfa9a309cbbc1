//! "Simple Alert Callback": prints IPv4 route notifications from a callback.
//!
//! ```sh
//! cargo run -p netlink-client --example callback
//! ```

use netlink::{Connection, MessageType};

fn main() -> Result<(), netlink::Error> {
    let conn = Connection::new()?;
    conn.handle(|msg| {
        if msg.is_overrun() {
            println!("overrun: the kernel dropped notifications; re-read the routing table");
        } else if msg.message_type() == MessageType(24) {
            println!("new route: {:?}", msg.header);
        } else if msg.message_type() == MessageType(25) {
            println!("deleted route: {:?}", msg.header);
        }
    });
    eprintln!("listening for IPv4 route changes; Ctrl-C to stop");
    loop {
        std::thread::park();
    }
}
