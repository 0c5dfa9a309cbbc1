//! A type byte and a message body through the facade's `Event::from_message`; see
//! `fuzz/src/events.rs`.
#![no_main]

#[path = "../src/events.rs"]
mod events;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    events::events(data);
});
