//! Bytes as a bridge message (multicast database, bridge VLAN, VNI filter or forwarding
//! database entry) picked by the first byte; see `netlink_fuzz::bridge`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::bridge(data);
});
