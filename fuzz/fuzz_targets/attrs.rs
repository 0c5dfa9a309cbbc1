//! Arbitrary bytes read as a bare attribute list, nests followed; see `netlink_fuzz::attrs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::attrs(data);
});
