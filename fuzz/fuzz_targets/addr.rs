//! Bytes as the body of one RTNETLINK message of the addr family, through its typed view; see
//! `netlink_fuzz::addr`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::addr(data);
});
