//! Creates a veth pair with addresses and routes in a namespace, the way
//!
//! ```sh
//! ip -n NETNS link add v0 type veth peer name v1
//! ip -n NETNS link set v0 up; ip -n NETNS link set v1 up
//! ip -n NETNS addr add 192.0.2.1/24 dev v0
//! ip -n NETNS addr add 2001:db8::1/64 dev v0 nodad
//! ip -n NETNS route add 198.51.100.0/24 via 192.0.2.2 dev v0
//! ip -n NETNS route add 2001:db8:1::/48 via 2001:db8::2 dev v0
//! ```
//!
//! would. It takes the namespace as its argument and never changes the caller's:
//!
//! ```sh
//! ip netns add demo
//! cargo run -p netlink-client --example veth -- demo
//! ip -n demo route; ip netns del demo
//! ```

use netlink::netlink_wire::rtnl::addr::AddrFlags;
use netlink::ops::link::LinkChange;
use netlink::{AddressRequest, Connection, ConnectionOptions, LinkKind, RouteRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(netns) = std::env::args().nth(1) else {
        return Err(
            "usage: veth NETNS (a name in /run/netns; `ip netns add NETNS` makes one)".into(),
        );
    };
    run(&netns)
}

/// Creates `v0`/`v1` with their addresses and routes in `/run/netns/NETNS`.
pub fn run(netns: &str) -> Result<(), Box<dyn std::error::Error>> {
    let conn = Connection::with_options(
        ConnectionOptions::default().netns(format!("/run/netns/{netns}")),
    )?;
    conn.add_link("v0", &LinkKind::veth("v1"))?;
    let v0 = conn.link_index("v0")?;
    let v1 = conn.link_index("v1")?;
    for index in [v0, v1] {
        conn.set_link(&LinkChange::new(index).up(true))?;
    }
    conn.add_address(&AddressRequest::new(v0, "192.0.2.1".parse()?, 24))?;
    let v6 = AddressRequest::new(v0, "2001:db8::1".parse()?, 64).flags(AddrFlags::NODAD);
    conn.add_address(&v6)?;
    conn.add_route(
        &RouteRequest::new("198.51.100.0".parse()?, 24)
            .gateway("192.0.2.2".parse()?)
            .oif(v0),
    )?;
    conn.add_route(
        &RouteRequest::new("2001:db8:1::".parse()?, 48)
            .gateway("2001:db8::2".parse()?)
            .oif(v0),
    )?;
    println!("created v0 (if{v0}) and v1 (if{v1}) in {netns}");
    Ok(())
}
