//! A type byte and a message body through this project's decoders and netlink-packet-route's;
//! see `fuzz/src/differential.rs`.
#![no_main]

#[path = "../src/differential.rs"]
mod differential;

libfuzzer_sys::fuzz_target!(
    init: {
        // A panic inside netlink-packet-route is caught and skipped (it is not ours to fix);
        // any other panic must still abort so that libFuzzer reports the input.
        let abort_on_ours = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let theirs = info
                .location()
                .is_some_and(|l| l.file().contains("netlink-packet"));
            if !theirs {
                abort_on_ours(info);
                std::process::abort();
            }
        }));
    },
    |data: &[u8]| {
        differential::differential(data);
    }
);
