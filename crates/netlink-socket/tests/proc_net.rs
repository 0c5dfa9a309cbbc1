//! `/proc/net` files read inside another namespace without moving the calling thread: what
//! netlink does not carry (link-layer multicast addresses, multicast users).

use netlink_socket::{Error, NetNs};
use netlink_testns::TestNs;

#[test]
fn proc_net_files_are_read_in_the_namespace() {
    let ns = TestNs::new();
    ns.ip(&[
        "link", "add", "pnv0", "type", "veth", "peer", "name", "pnv1",
    ]);
    ns.ip(&["link", "set", "pnv0", "up"]);
    let here = NetNs::current().unwrap().inode().unwrap();
    let text = String::from_utf8(ns.netns().read_proc_net("dev_mcast").unwrap()).unwrap();
    assert!(text.lines().any(|l| l.contains("pnv0")), "{text}");
    let dev = String::from_utf8(ns.netns().read_proc_net("dev").unwrap()).unwrap();
    assert!(dev.contains("pnv1:") && dev.contains("lo:"), "{dev}");
    // The caller's thread is where it was.
    assert_eq!(NetNs::current().unwrap().inode().unwrap(), here);
    assert!(matches!(
        ns.netns().read_proc_net("no_such_file"),
        Err(Error::Sys { .. })
    ));
}
