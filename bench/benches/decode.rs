//! Decode benchmarks: the same captured bytes (`target/bench-data/{routes,links}.bin`, made by
//! `cargo xtask bench capture`) walked by netlink-wire ([`walk_ours`]) and parsed by
//! netlink-packet-route ([`walk_theirs`]), in the same run. Throughput is in messages; the xtask
//! turns criterion's estimates into messages per second, bytes per second and the ratio.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use netlink_bench::{Capture, walk_ours, walk_ours_iter, walk_ours_untyped, walk_theirs};

fn data_dir() -> PathBuf {
    std::env::var_os("NLBENCH_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data"),
        PathBuf::from,
    )
}

fn decode(c: &mut Criterion) {
    for name in ["routes", "links"] {
        let path = data_dir().join(format!("{name}.bin"));
        let cap = match Capture::load(&path) {
            Ok(cap) => cap,
            Err(e) => {
                eprintln!(
                    "{}: {e}; run `cargo xtask bench capture` first",
                    path.display()
                );
                continue;
            }
        };
        // Both decoders must see the same messages and decode them without error, or the
        // comparison means nothing.
        let (ours, theirs) = (walk_ours(&cap), walk_theirs(&cap));
        assert_eq!(ours, walk_ours_iter(&cap), "the two typed walks differ");
        eprintln!(
            "{name}: {} datagrams, {} bytes; ours {ours:?}; netlink-packet-route {theirs:?}",
            cap.lens.len(),
            cap.bytes.len()
        );
        assert_eq!(ours.messages, theirs.messages, "message counts differ");
        assert_eq!(ours.objects, theirs.objects, "object counts differ");
        assert_eq!(ours.errors, 0, "netlink-wire failed to decode");
        assert_eq!(theirs.errors, 0, "netlink-packet-route failed to decode");

        let mut g = c.benchmark_group(format!("decode_{name}"));
        g.throughput(Throughput::Elements(ours.messages));
        g.sample_size(20);
        g.measurement_time(Duration::from_secs(8));
        g.bench_function("netlink_wire", |b| b.iter(|| walk_ours(&cap)));
        g.bench_function("netlink_packet_route", |b| b.iter(|| walk_theirs(&cap)));
        g.bench_function("netlink_wire_typed_iter", |b| {
            b.iter(|| walk_ours_iter(&cap))
        });
        g.bench_function("netlink_wire_untyped", |b| {
            b.iter(|| walk_ours_untyped(&cap))
        });
        g.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
