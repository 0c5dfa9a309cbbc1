//! Bytes as the body of one RTNETLINK message of the nexthop family, through its typed view; see
//! `netlink_fuzz::nexthop`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::nexthop(data);
});
