//! The readiness API without any runtime: requests, dumps and notifications driven by a plain
//! `poll(2)` loop, as a mio or polling user would, against the real kernel in private
//! namespaces.

use std::net::Ipv4Addr;
use std::os::fd::AsFd;
use std::task::Poll;

use netlink::netlink_wire::rtnl::{RTM_GETROUTE, RTM_NEWROUTE};
use netlink::{
    Connection, ConnectionOptions, Errno, Error, Event, Flags, Group, LinkKind, LinkRequest,
    Message, Request, RouteRequest,
};
use netlink_testns::TestNs;
use rustix::event::{PollFd, PollFlags, Timespec, poll};

fn options(ns: &TestNs) -> ConnectionOptions {
    ConnectionOptions::default().netns(ns.path())
}

/// Waits until `fd` is readable: the reactor of these tests.
fn wait_readable(fd: impl AsFd) {
    let mut fds = [PollFd::new(&fd, PollFlags::IN)];
    // A generous bound, so that a bug fails the test instead of hanging it.
    let timeout = Timespec {
        tv_sec: 30,
        tv_nsec: 0,
    };
    let n = poll(&mut fds, Some(&timeout)).unwrap();
    assert_eq!(n, 1, "not readable within 30 s");
}

#[test]
fn a_dump_read_by_readiness_equals_the_blocking_dump() {
    let ns = TestNs::new();
    let batch: String = (1..=1_500)
        .map(|i| format!("route add blackhole 2001:db8:1::{i:x}/128\n"))
        .collect();
    ns.ip_batch(&batch);
    let (conn, _events) = Connection::without_reader(options(&ns)).unwrap();
    let request = Message::new(
        RTM_GETROUTE,
        Flags::EMPTY,
        vec![10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let mut dump = conn.start_dump(&request).unwrap();
    let fd = dump.as_fd().try_clone_to_owned().unwrap();
    // The kernel builds each part of a dump inside the receive that asks for it, so a step
    // rarely finds nothing queued; the loop is written for when it does.
    let mut got = Vec::new();
    loop {
        match dump.poll_next_msg() {
            Poll::Ready(Some(m)) => got.push(m.unwrap().to_owned()),
            Poll::Ready(None) => break,
            Poll::Pending => wait_readable(dump.as_fd()),
        }
    }
    assert!(dump.is_ended());
    // The socket stayed the handle's for the whole dump.
    assert_eq!(
        rustix::fs::fstat(&fd).unwrap().st_ino,
        rustix::fs::fstat(dump.as_fd()).unwrap().st_ino
    );
    let blocking: Vec<Message> = conn.dump(&request).unwrap().map(Result::unwrap).collect();
    assert_eq!(got.len(), blocking.len());
    assert!(got.len() > 1_500);
    for (a, b) in got.iter().zip(&blocking) {
        assert_eq!(a.data, b.data);
    }

    // A restart moves the dump to a fresh socket and reads it whole again.
    dump.restart().unwrap();
    let mut again = 0;
    loop {
        match dump.poll_next_msg() {
            Poll::Ready(Some(m)) => {
                m.unwrap();
                again += 1;
            }
            Poll::Ready(None) => break,
            Poll::Pending => wait_readable(dump.as_fd()),
        }
    }
    assert_eq!(again, blocking.len());
}

#[test]
fn a_request_read_by_readiness_answers_as_the_blocking_one() {
    let ns = TestNs::new();
    let (conn, _events) = Connection::without_reader(options(&ns)).unwrap();
    let mut buf = Vec::new();
    RouteRequest::new(Ipv4Addr::new(198, 51, 100, 0).into(), 24)
        .gateway(Ipv4Addr::new(203, 0, 113, 77).into())
        .build(&mut buf, RTM_NEWROUTE, Flags::CREATE | Flags::EXCL)
        .unwrap();
    let mut pending = conn.start_request_bytes(buf).unwrap();
    let answer = loop {
        match pending.poll() {
            Poll::Ready(answer) => break answer,
            Poll::Pending => wait_readable(pending.as_fd()),
        }
    };
    let Err(Error::Kernel(k)) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(k.errno, Errno::NETUNREACH);
    assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));
    assert!(
        matches!(pending.poll(), Poll::Ready(Err(Error::Closed))),
        "answered once"
    );
}

#[test]
fn notifications_read_by_readiness_arrive_without_a_thread() {
    let ns = TestNs::new();
    let (conn, mut events) =
        Connection::without_reader(options(&ns).membership(Group::LINK)).unwrap();
    assert!(
        matches!(events.poll_next(), Poll::Pending),
        "nothing happened yet"
    );
    conn.add(&LinkRequest::new("br9", LinkKind::Bridge))
        .unwrap();
    let link = loop {
        match events.poll_next() {
            Poll::Ready(Some(m)) => match Event::from_message(&m).unwrap() {
                Event::NewLink(l) if l.name == "br9" => break l,
                _ => {}
            },
            Poll::Ready(None) => panic!("the event socket stopped"),
            Poll::Pending => wait_readable(events.as_fd()),
        }
    };
    assert_eq!(Some(link), conn.link_by_name("br9").unwrap());
    assert!(!conn.stats().reader_failed);
}
