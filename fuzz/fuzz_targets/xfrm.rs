//! `NETLINK_XFRM` bytes, as a receive buffer or as one message's body; see
//! `netlink_fuzz::xfrm`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = netlink_fuzz::xfrm(data);
});
