//! Persistent tun and tap devices made and removed inside another namespace through
//! `/dev/net/tun`, checked with `ip -j -d link show`, and the calling thread never moves.

use netlink_socket::tun::{self, IFF_MULTI_QUEUE, IFF_NO_PI, IFF_TAP, IFF_TUN, TunDevice};
use netlink_socket::{Errno, Error, NetNs};
use netlink_testns::TestNs;
use netlink_testns::serde_json::Value;

/// The `linkinfo.info_data` of link `name` as `ip -j -d` prints it.
fn tun_data(ns: &TestNs, name: &str) -> Value {
    let text = ns.ip(&["-j", "-d", "link", "show", "dev", name]);
    let v: Value = netlink_testns::serde_json::from_str(&text).unwrap();
    v[0]["linkinfo"]["info_data"].clone()
}

#[test]
fn tun_and_tap_devices_are_made_and_removed_in_the_namespace() {
    let ns = TestNs::new();
    let here = NetNs::current().unwrap().inode().unwrap();
    let netns = ns.netns();
    let mut tap = TunDevice::new("tt0", IFF_TAP | IFF_NO_PI);
    // Ids without names, which ip prints as numbers.
    tap.owner = Some(61234);
    tap.group = Some(61235);
    assert_eq!(tun::add_tun(Some(&netns), &tap).unwrap(), "tt0");
    let d = tun_data(&ns, "tt0");
    assert_eq!(d["type"], "tap", "{d}");
    assert_eq!(d["pi"], false, "{d}");
    assert_eq!(d["persist"], true, "{d}");
    assert_eq!(d["user"], 61234, "{d}");
    assert_eq!(d["group"], 61235, "{d}");
    // The kernel names a device made without a name.
    let named = tun::add_tun(Some(&netns), &TunDevice::new("", IFF_TUN | IFF_MULTI_QUEUE)).unwrap();
    assert_eq!(named, "tun0");
    assert_eq!(tun_data(&ns, "tun0")["multi_queue"], true);
    // A name in use is EBUSY (IFF_TUN_EXCL), not an attach.
    let again = tun::add_tun(Some(&netns), &tap).unwrap_err();
    assert!(
        matches!(
            again,
            Error::Sys {
                errno: Errno::BUSY,
                ..
            }
        ),
        "{again:?}"
    );
    // Removing with the wrong kind fails and leaves the device.
    assert!(tun::delete_tun(Some(&netns), "tt0", IFF_TUN | IFF_NO_PI).is_err());
    tun::delete_tun(Some(&netns), "tt0", IFF_TAP | IFF_NO_PI).unwrap();
    tun::delete_tun(Some(&netns), "tun0", IFF_TUN | IFF_MULTI_QUEUE).unwrap();
    let left = ns.ip(&["-j", "link", "show"]);
    assert!(!left.contains("tt0") && !left.contains("tun0"), "{left}");
    assert_eq!(NetNs::current().unwrap().inode().unwrap(), here);
}
