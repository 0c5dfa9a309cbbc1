//! Replays the `events` fuzz corpus on stable, through the very function the fuzz target calls.
//!
//! `fuzz/src/events.rs` holds the target's check (the facade's `Event::from_message` on any
//! body, for every notification type); it is included here as a module, so `cargo test` runs
//! every file of `fuzz/corpus/events/` and, when present, `fuzz/artifacts/events/` (where
//! cargo-fuzz leaves crashes) through it, without a fuzzer or a nightly compiler.

use std::path::{Path, PathBuf};

#[allow(dead_code, unreachable_pub)]
#[path = "../../../fuzz/src/events.rs"]
mod events;

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    out.sort();
    out
}

#[test]
fn events_corpus_and_artifacts_replay_without_a_panic() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let corpus = files(&fuzz.join("corpus/events"));
    assert!(
        corpus.len() >= 100,
        "fuzz/corpus/events has {} files; run python3 fuzz/seeds.py",
        corpus.len()
    );
    let mut decoded = 0;
    for f in corpus.iter().chain(&files(&fuzz.join("artifacts/events"))) {
        let data = std::fs::read(f).unwrap();
        let ok = std::panic::catch_unwind(|| events::events(&data));
        assert!(ok.is_ok(), "{} panicked", f.display());
        decoded += 1;
    }
    // The seeds are real kernel messages: most of them must decode to an event.
    let typed = corpus
        .iter()
        .filter(|f| {
            let data = std::fs::read(f).unwrap();
            let Some((&pick, body)) = data.split_first() else {
                return false;
            };
            let t = events::TYPES[usize::from(pick) % events::TYPES.len()];
            let m = netlink::Message::new(
                netlink::MessageType(t),
                netlink::Flags::EMPTY,
                body.to_vec(),
            );
            netlink::Event::from_message(&m).is_ok()
        })
        .count();
    assert!(
        typed * 2 > decoded,
        "only {typed} of {decoded} corpus files decode to an event"
    );
}
