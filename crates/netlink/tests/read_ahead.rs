//! Long dumps continue on a helper thread (`ConnectionOptions::dump_read_ahead`): the caller
//! sees the same messages as without it, the thread really runs, and dumps dropped half way
//! leave no thread, descriptor, memory or stray reply behind. Its own test binary, so that no
//! other test starts threads or opens descriptors while it counts.

use std::time::{Duration, Instant};

use netlink::{Connection, ConnectionOptions, Flags, Message, MessageType, READ_AHEAD_AFTER};
use netlink_testns::TestNs;

const RTM_NEWROUTE: MessageType = MessageType(24);
const RTM_GETROUTE: MessageType = MessageType(26);
const ROUTES: u32 = 20_000;
// 5,000 route messages of 44 bytes fill more than READ_AHEAD_AFTER datagrams of up to 32 KiB.
const _: () = assert!(5_000 * 44 > READ_AHEAD_AFTER * 32 * 1024);

fn count(dir: &str) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

/// Resident memory in KiB (`VmRSS`).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Waits up to a second for `/proc/self/task` to show `n` threads: a joined thread's task can
/// outlive `pthread_join` by a moment.
fn wait_threads(n: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let now = count("/proc/self/task");
        if now == n || Instant::now() > deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn route_dump() -> Message {
    Message::new(
        RTM_GETROUTE,
        Flags::EMPTY,
        vec![2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    )
}

fn connect(ns: &TestNs, read_ahead: bool) -> Connection {
    Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .dump_read_ahead(read_ahead),
    )
    .unwrap()
}

/// Every message of a route dump, type, flags and payload.
fn collect(conn: &Connection) -> Vec<(MessageType, Flags, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dump = conn.dump(&route_dump()).unwrap();
    while let Some(m) = dump.next_msg() {
        let m = m.unwrap();
        out.push((m.message_type(), m.flags(), m.payload().to_vec()));
    }
    out
}

/// The same, read through `Dump::for_each_msg`.
fn collect_each(conn: &Connection) -> Vec<(MessageType, Flags, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dump = conn.dump(&route_dump()).unwrap();
    dump.for_each_msg(|m| {
        out.push((m.message_type(), m.flags(), m.payload().to_vec()));
        Ok(())
    })
    .unwrap();
    assert!(dump.next_msg().is_none(), "for_each_msg read to the end");
    out
}

#[test]
fn read_ahead_dumps_match_and_leave_nothing_behind() {
    let ns = TestNs::new();
    ns.blackhole_routes(ROUTES);
    let expected = ns
        .ip(&["-4", "route", "show", "table", "all"])
        .lines()
        .count();

    // The same messages, in the same order, with and without the helper thread.
    let plain = collect(&connect(&ns, false));
    let conn = connect(&ns, true);
    let ahead = collect(&conn);
    assert_eq!(plain.len(), expected);
    assert!(plain.iter().all(|(t, _, _)| *t == RTM_NEWROUTE));
    assert!(ahead == plain, "read-ahead changed the dump");
    // `for_each_msg` hands over the same messages, on either side of the helper thread.
    assert!(collect_each(&connect(&ns, false)) == plain, "for_each_msg");
    assert!(collect_each(&conn) == plain, "for_each_msg with read-ahead");
    // With a per-datagram timeout the caller waits on the thread with that timeout.
    let timed = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns.path())
            .request_timeout(Duration::from_secs(10)),
    )
    .unwrap();
    assert!(
        collect(&timed) == plain,
        "read-ahead with a timeout changed the dump"
    );
    drop(timed);

    // A dump dropped half way stops and joins its thread, closes its socket (the first one
    // takes the idle socket the complete dump left in the pool), and leaves the connection able
    // to dump again.
    let threads = count("/proc/self/task");
    let mut fds = 0;
    let mut rss = 0;
    for round in 0..300 {
        let mut dump = conn.dump(&route_dump()).unwrap();
        for _ in 0..5_000 {
            dump.next_msg().unwrap().unwrap();
        }
        assert_eq!(
            count("/proc/self/task"),
            threads + 1,
            "no helper thread is reading this dump"
        );
        drop(dump);
        assert_eq!(
            wait_threads(threads),
            threads,
            "the helper thread outlived its dump"
        );
        if round == 0 {
            fds = count("/proc/self/fd");
        }
        assert_eq!(count("/proc/self/fd"), fds, "descriptors leaked");
        // After a warm-up, memory stays put: buffers go with their dump.
        if round == 20 {
            rss = rss_kib();
        }
    }
    let grown = rss_kib().saturating_sub(rss);
    assert!(
        grown < 1024,
        "resident memory grew by {grown} KiB over 280 dumps"
    );
    assert!(
        collect(&conn) == plain,
        "a dropped dump disturbed the next one"
    );
    assert_eq!(wait_threads(threads), threads);
    // The complete dump put its socket back in the pool.
    assert_eq!(count("/proc/self/fd"), fds + 1);

    // Restarting half way (as after NLM_F_DUMP_INTR) gives the whole dump again.
    let mut dump = conn.dump(&route_dump()).unwrap();
    for _ in 0..5_000 {
        dump.next_msg().unwrap().unwrap();
    }
    dump.restart().unwrap();
    let mut again = 0;
    while let Some(m) = dump.next_msg() {
        m.unwrap();
        again += 1;
    }
    assert_eq!(again, expected);
    drop(dump);
    assert_eq!(wait_threads(threads), threads);
    assert_eq!(count("/proc/self/fd"), fds + 1);

    // A `for_each_msg` stopped by its caller half way leaves the dump where it stopped; the
    // rest can still be read, and dropping it stops the helper thread.
    let mut dump = conn.dump(&route_dump()).unwrap();
    let mut seen = 0;
    let stopped = dump.for_each_msg(|_| {
        seen += 1;
        if seen == 5_000 {
            Err(netlink::Error::Closed)
        } else {
            Ok(())
        }
    });
    assert!(
        matches!(stopped, Err(netlink::Error::Closed)),
        "{stopped:?}"
    );
    assert_eq!(count("/proc/self/task"), threads + 1, "read ahead");
    let mut rest = 0;
    while let Some(m) = dump.next_msg() {
        m.unwrap();
        rest += 1;
    }
    assert_eq!(seen + rest, expected, "each message once");
    drop(dump);
    assert_eq!(wait_threads(threads), threads);
}
