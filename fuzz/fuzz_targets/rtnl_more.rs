//! Bytes as the body of one message of the families beyond the first six (namespace ids,
//! netconf, address labels, statistics, prefixes, ND user options, cache reports, DCB,
//! multicast, anycast and link properties), the first byte picking the type; see
//! `netlink_fuzz::rtnl_more`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::rtnl_more(data);
});
