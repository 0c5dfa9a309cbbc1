//! Bytes as the body of one RTNETLINK message of the link family, through its typed view; see
//! `netlink_fuzz::link`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::link(data);
});
