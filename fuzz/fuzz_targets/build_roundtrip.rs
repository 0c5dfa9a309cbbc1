//! Arbitrary bytes read as a script of builder calls: what was built must decode to what was
//! written. See `netlink_fuzz::build_roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    netlink_fuzz::build_roundtrip(data);
});
