//! Bytes as the body of one RTNETLINK message of the rule family, through its typed view; see
//! `netlink_fuzz::rule`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::rule(data);
});
