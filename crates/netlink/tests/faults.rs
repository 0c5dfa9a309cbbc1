//! Faults on the real kernel that the scripted socket of `src/faults.rs` cannot show: a
//! namespace deleted under an open connection and a process out of file descriptors (a batch
//! of errors only whose replies overflow its socket is in tests/batch.rs). Every wait has a
//! deadline, so a hang fails the test instead of stalling it.

use std::net::IpAddr;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::unbounded;
use netlink::{
    AddrFilter, AddressRequest, Connection, ConnectionOptions, Errno, Event, Group, LinkFilter,
};
use netlink_testns::TestNs;

/// Long enough for a loaded 2-CPU machine; only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(60);

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default()
        .netns(ns.path())
        .request_timeout(Duration::from_secs(20))
}

#[test]
fn a_namespace_deleted_under_an_open_connection_keeps_it_working_until_closed() {
    let ns = TestNs::new();
    let path = ns.path();
    let c =
        Arc::new(Connection::with_options(options(&ns).membership(Group::IPV4_IFADDR)).unwrap());
    let (tx, rx) = unbounded();
    c.notify(tx);
    let stop = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = unbounded();
    // Requests and dumps from four threads, before, during and after the deletion.
    for t in 0..4u8 {
        let (c, stop, done_tx) = (Arc::clone(&c), Arc::clone(&stop), done_tx.clone());
        std::thread::spawn(move || {
            let mut n = 0u32;
            let mut errors = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let ip = IpAddr::from([192, 0, 2, 1 + t * 50 + (n % 50) as u8]);
                let req = AddressRequest::new(1, ip, 32);
                if let Err(e) = c.add(&req).and_then(|()| c.delete(&req)) {
                    errors.push(e.to_string());
                }
                if let Err(e) = c.list::<netlink::Link>(LinkFilter::default()) {
                    errors.push(e.to_string());
                }
                n += 1;
            }
            done_tx.send((n, errors)).unwrap();
        });
    }
    drop(done_tx);
    // Let the workers run, then delete the namespace while they do.
    let before = rx.recv_timeout(DEADLINE).expect("notifications flow");
    assert!(matches!(
        Event::from_message(&before),
        Ok(Event::NewAddress(_) | Event::DelAddress(_))
    ));
    drop(ns);
    assert!(!path.exists(), "the namespace file is gone");
    // The sockets (and the connection's namespace handle) keep the namespace alive: requests
    // and the reader go on.
    for _ in 0..rx.len() {
        let _ = rx.try_recv();
    }
    let after = rx
        .recv_timeout(DEADLINE)
        .expect("notifications still flow after the deletion");
    assert!(Event::from_message(&after).is_ok());
    let lo = c.list::<netlink::Address>(AddrFilter::default()).unwrap();
    assert!(lo.iter().any(|a| a.index == 1), "{lo:?}");
    // A new connection by the deleted path fails with a clear error.
    let e = Connection::with_options(ConnectionOptions::default().netns(&path)).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::NOENT), "{e}");
    stop.store(true, Ordering::Relaxed);
    for _ in 0..4 {
        let (n, errors) = done_rx.recv_timeout(DEADLINE).expect("every worker ends");
        assert!(n > 0);
        assert!(errors.is_empty(), "{errors:?}");
    }
    c.close();
    assert!(!c.stats().reader_failed);
    assert!(matches!(
        c.list::<netlink::Link>(LinkFilter::default()),
        Err(netlink::Error::Closed)
    ));
}

/// Set in the child process that runs under `prlimit`.
const CHILD: &str = "NETLINK_FAULTS_NOFILE_CHILD";

#[test]
fn out_of_file_descriptors_a_request_fails_with_emfile_and_recovers() {
    if let Ok(ns_path) = std::env::var(CHILD) {
        return out_of_fds_child(&ns_path);
    }
    // setrlimit and the descriptors this test fills belong to the whole process: run it in a
    // child of its own, under a limit of 64 descriptors.
    let ns = TestNs::new();
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("prlimit")
        .arg("--nofile=64:64")
        .arg(&exe)
        .args([
            "--exact",
            "out_of_file_descriptors_a_request_fails_with_emfile_and_recovers",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, ns.path())
        .output()
        .expect("prlimit runs (util-linux)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed: {stdout}\n{stderr}");
    assert!(
        stdout.contains("child: EMFILE seen, recovered"),
        "the child ran the checks: {stdout}\n{stderr}"
    );
}

fn out_of_fds_child(ns_path: &str) {
    let limit = rustix_free_limit();
    assert!(
        limit <= 64,
        "the child runs under prlimit --nofile=64 ({limit})"
    );
    let c = Connection::with_options(
        ConnectionOptions::default()
            .netns(ns_path)
            .request_timeout(Duration::from_secs(20)),
    )
    .unwrap();
    // Fill every free descriptor.
    let mut files = Vec::new();
    loop {
        match std::fs::File::open("/dev/null") {
            Ok(f) => files.push(f),
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(Errno::MFILE.raw_os_error()), "{e}");
                break;
            }
        }
        assert!(files.len() < 1000, "the limit did not apply");
    }
    // No idle request socket is pooled yet: the request must open one, and cannot.
    let e = c.list::<netlink::Link>(LinkFilter::default()).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::MFILE), "{e}");
    let e = c
        .add(&AddressRequest::new(1, IpAddr::from([192, 0, 2, 9]), 32))
        .unwrap_err();
    assert_eq!(e.errno(), Some(Errno::MFILE), "{e}");
    // A new connection fails the same way, and leaks nothing.
    let e = Connection::with_options(ConnectionOptions::default().netns(ns_path)).unwrap_err();
    assert_eq!(e.errno(), Some(Errno::MFILE), "{e}");
    assert!(
        std::fs::File::open("/dev/null").is_err(),
        "a failed open leaked nothing free"
    );
    // The notification reader is unaffected, and requests work again once descriptors free.
    assert!(!c.stats().reader_failed);
    files.truncate(files.len() - 4);
    c.add(&AddressRequest::new(1, IpAddr::from([192, 0, 2, 9]), 32))
        .unwrap();
    let links = c.list::<netlink::Link>(LinkFilter::default()).unwrap();
    assert!(links.iter().any(|l| l.name == "lo"));
    println!("child: EMFILE seen, recovered");
}

/// The soft limit on open files, from /proc/self/limits.
fn rustix_free_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    line.split_whitespace().nth(3).unwrap().parse().unwrap()
}
