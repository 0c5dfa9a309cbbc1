//! Opening and closing connections leaves no thread or file descriptor behind. Its own test
//! binary, so that no other test opens descriptors or threads while it counts.

use netlink::{Connection, ConnectionOptions, Error, Flags, Message, MessageType};
use netlink_testns::TestNs;

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn a_thousand_open_close_cycles_leave_fds_and_threads_unchanged() {
    let ns = TestNs::new();
    let opts = ConnectionOptions {
        groups: 0x40,
        netns: Some(ns.path()),
        ..ConnectionOptions::default()
    };
    // Warm up once so that lazily created process-wide state is not counted as a leak.
    drop(Connection::with_options(opts.clone()).unwrap());
    let (fds, threads) = (count("/proc/self/fd"), count("/proc/self/task"));
    for i in 0..1000 {
        let conn = Connection::with_options(opts.clone()).unwrap();
        if i % 2 == 0 {
            // Use a request socket too, so the pool is exercised.
            let req = Message::new(MessageType(18), Flags::EMPTY, vec![0; 16]);
            assert!(conn.dump(&req).unwrap().count() >= 1);
            conn.close();
        }
        if i % 3 == 0 {
            // A failing request must not leak either.
            let bad = Message::new(MessageType(16), Flags::EMPTY, vec![0; 4]);
            assert!(matches!(
                conn.request(&bad),
                Err(Error::Kernel(_)) | Err(Error::Closed)
            ));
        }
        drop(conn);
    }
    assert_eq!(count("/proc/self/fd"), fds, "file descriptors leaked");
    assert_eq!(count("/proc/self/task"), threads, "threads leaked");
}
