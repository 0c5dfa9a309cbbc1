//! Generic netlink: control messages, policies and every typed family; see
//! `netlink_fuzz::genl`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::genl(data);
});
