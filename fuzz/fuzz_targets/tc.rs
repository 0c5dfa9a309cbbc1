//! Bytes as the body of a qdisc, class, filter and chain message of the traffic-control family,
//! through its typed view; see `netlink_fuzz::tc`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::tc(data);
});
