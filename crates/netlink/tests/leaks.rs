//! Opening and closing connections, and failing requests, leave no thread, file descriptor or
//! memory behind. Its own test binary, so that no other test opens descriptors or threads
//! while it counts.

use netlink::{Connection, ConnectionOptions, Error, Flags, Message, MessageType};
use netlink_testns::TestNs;

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

/// The count of `dir` once it stops changing (three equal reads 50 ms apart, at most 5 s): a
/// thread that a dropped connection has woken and is joining, or that opened a namespace's
/// socket, may still be on its way out when the count is taken.
fn settled(dir: &str) -> usize {
    let mut last = count(dir);
    let mut same = 0;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let now = count(dir);
        same = if now == last { same + 1 } else { 0 };
        last = now;
        if same == 2 {
            break;
        }
    }
    last
}

/// Resident memory in KiB (`VmRSS`).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// How many cycles; `NETLINK_LEAK_CYCLES` raises it for long runs.
fn cycles() -> usize {
    std::env::var("NETLINK_LEAK_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

#[test]
fn open_close_cycles_and_failing_requests_leave_nothing_behind() {
    let ns = TestNs::new();
    let opts = ConnectionOptions::default().groups(0x40).netns(ns.path());
    let bad = Message::new(MessageType(16), Flags::EMPTY, vec![0; 4]); // ifinfomsg too short
    let dump = Message::new(MessageType(18), Flags::EMPTY, vec![0; 16]);

    // Warm up so that lazily created process-wide state is not counted as a leak.
    for _ in 0..200 {
        let c = Connection::with_options(opts.clone()).unwrap();
        let _ = c.request(&bad);
        assert!(c.dump(&dump).unwrap().count() >= 1);
    }
    let (fds, threads, rss) = (
        settled("/proc/self/fd"),
        settled("/proc/self/task"),
        rss_kib(),
    );

    let n = cycles();
    for i in 0..n {
        let conn = Connection::with_options(opts.clone()).unwrap();
        if i % 2 == 0 {
            // Use a request socket too, so that the pool is exercised.
            assert!(conn.dump(&dump).unwrap().count() >= 1);
            conn.close();
        }
        drop(conn);
    }
    let conn = Connection::with_options(opts.clone()).unwrap();
    for _ in 0..n {
        assert!(matches!(conn.request(&bad), Err(Error::Kernel(_))));
    }
    drop(conn);

    let (fds2, threads2, rss2) = (
        settled("/proc/self/fd"),
        settled("/proc/self/task"),
        rss_kib(),
    );
    eprintln!(
        "{n} cycles: fds {fds}->{fds2}, threads {threads}->{threads2}, rss {rss}->{rss2} KiB"
    );
    assert_eq!(fds2, fds, "file descriptors leaked");
    assert_eq!(threads2, threads, "threads leaked");
    // Allocator noise is a few hundred KiB; a leak of even 100 bytes per cycle would show.
    assert!(
        rss2 < rss + 1024,
        "resident memory grew from {rss} to {rss2} KiB"
    );
}
