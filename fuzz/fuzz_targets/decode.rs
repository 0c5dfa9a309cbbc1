//! Every decoder over arbitrary bytes read as a receive buffer, and the decode/encode round
//! trip; see `netlink_fuzz::decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::decode(data);
});
