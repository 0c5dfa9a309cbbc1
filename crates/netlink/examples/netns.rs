//! Works across namespaces: creates a veth pair in one namespace, moves its peer into a
//! second one, and gives each end an address there, as
//!
//! ```sh
//! ip -n A link add a0 type veth peer name b0
//! ip -n A link set b0 netns B
//! ip -n A addr add 192.0.2.1/24 dev a0; ip -n A link set a0 up
//! ip -n B addr add 192.0.2.2/24 dev b0; ip -n B link set b0 up
//! ```
//!
//! does. Both namespaces are arguments; the caller's namespace is never changed.
//!
//! ```sh
//! ip netns add a; ip netns add b
//! cargo run -p netlink-client --example netns -- a b
//! ip -n b addr; ip netns del a; ip netns del b
//! ```

use std::fs::File;

use netlink::ops::link::LinkChange;
use netlink::{AddressRequest, Connection, ConnectionOptions, LinkKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(a), Some(b)) = (args.next(), args.next()) else {
        return Err("usage: netns NETNS_A NETNS_B (names in /run/netns)".into());
    };
    run(&a, &b)
}

/// A connection to the namespace `/run/netns/NAME`.
fn connect(name: &str) -> Result<Connection, netlink::Error> {
    Connection::with_options(ConnectionOptions::default().netns(format!("/run/netns/{name}")))
}

/// Creates `a0` in `a` and `b0` in `b`, the two ends of one veth pair, each up with an address.
pub fn run(a: &str, b: &str) -> Result<(), Box<dyn std::error::Error>> {
    let in_a = connect(a)?;
    in_a.add_link("a0", &LinkKind::veth("b0"))?;
    // The peer moves by a file descriptor of the target namespace (or a process id).
    let b_fd = File::open(format!("/run/netns/{b}"))?;
    in_a.set_link_netns_fd(in_a.link_index("b0")?, &b_fd)?;

    let in_b = connect(b)?;
    for (conn, name, addr) in [(&in_a, "a0", "192.0.2.1"), (&in_b, "b0", "192.0.2.2")] {
        let index = conn.link_index(name)?;
        conn.add_address(&AddressRequest::new(index, addr.parse()?, 24))?;
        conn.set_link(&LinkChange::new(index).up(true))?;
        println!(
            "{name} in its namespace: {}",
            conn.links(Default::default())?
                .iter()
                .find(|l| l.index == index)
                .map(ToString::to_string)
                .unwrap_or_default()
        );
    }
    Ok(())
}
