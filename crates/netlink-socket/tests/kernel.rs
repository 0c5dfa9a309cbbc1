//! Real-kernel tests. Each runs in its own fresh network namespace
//! ([`TestNs`]), so they can run in parallel and never touch the host's
//! configuration. They need root and iproute2, and fail (never skip) without.
//!
//! Netlink messages are built and walked by hand here: this crate moves
//! bytes and must not depend on the wire crate.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use netlink_socket::{Errno, Error, NetNs, Protocol, Received, RecvBuf, Socket, Waker};
use netlink_testns::TestNs;

// Values from include/uapi/linux/netlink.h and rtnetlink.h.
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_DUMP: u16 = 0x300;
const RTM_NEWLINK: u16 = 16;
const RTM_GETLINK: u16 = 18;
const RTM_NEWROUTE: u16 = 24;
const RTM_GETROUTE: u16 = 26;
const RTM_NEWNEXTHOP: u16 = 104;
const IFLA_IFNAME: u16 = 3;
const AF_INET: u8 = 2;
const RTNLGRP_LINK: u32 = 1;
const RTNLGRP_IPV4_ROUTE: u32 = 7;
const RTNLGRP_NEXTHOP: u32 = 32;
/// `RTNLGRP_IPV6_MCADDR` (kernel 6.15+; newer than the installed uapi
/// header): IPv6 multicast address joins and leaves, `RTM_NEWMULTICAST`.
const RTNLGRP_IPV6_MCADDR: u32 = 38;
const RTM_NEWMULTICAST: u16 = 56;

/// One netlink message header and its payload.
#[derive(Debug)]
struct Msg<'a> {
    kind: u16,
    flags: u16,
    payload: &'a [u8],
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes(bytes[at..at + 2].try_into().unwrap())
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Walks the `nlmsghdr`s of one datagram; panics unless they tile it
/// exactly (a cut datagram would end in a partial message).
fn messages(datagram: &[u8]) -> Vec<Msg<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < datagram.len() {
        assert!(
            datagram.len() - at >= 16,
            "partial header at {at} of {}",
            datagram.len()
        );
        let len = u32_at(datagram, at) as usize;
        assert!(
            len >= 16 && at + len <= datagram.len(),
            "message length {len} at {at} overruns the {}-byte datagram",
            datagram.len()
        );
        out.push(Msg {
            kind: u16_at(datagram, at + 4),
            flags: u16_at(datagram, at + 6),
            payload: &datagram[at + 16..at + len],
        });
        at += len.next_multiple_of(4);
    }
    out
}

/// A request: `nlmsghdr` followed by `body` (the family header).
fn request(kind: u16, flags: u16, seq: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&((16 + body.len()) as u32).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&flags.to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    out.extend_from_slice(body);
    out
}

/// Reads datagrams until `NLMSG_DONE`, handing each message to `each`.
/// Returns the datagram sizes seen.
fn read_dump(socket: &Socket, buf: &mut RecvBuf, mut each: impl FnMut(&Msg<'_>)) -> Vec<usize> {
    let mut sizes = Vec::new();
    loop {
        let received = socket
            .recv_timeout(buf, Duration::from_secs(10))
            .expect("recv")
            .expect("dump stalled");
        assert!(received.is_from_kernel());
        assert_eq!(received.len(), buf.data().len());
        sizes.push(received.len());
        for msg in messages(buf.data()) {
            match msg.kind {
                NLMSG_DONE => return sizes,
                NLMSG_ERROR => panic!("dump failed: errno {}", -(u32_at(msg.payload, 0) as i32)),
                _ => each(&msg),
            }
        }
    }
}

/// Waits up to five seconds for a message of type `kind`.
fn wait_for(socket: &Socket, buf: &mut RecvBuf, kind: u16) -> Received {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let received = socket
            .recv_timeout(buf, left)
            .expect("recv")
            .unwrap_or_else(|| panic!("no message of type {kind} within 5 s"));
        if messages(buf.data()).iter().any(|m| m.kind == kind) {
            return received;
        }
    }
}

/// The `IFLA_IFNAME`s in an `RTM_NEWLINK` payload (16-byte `ifinfomsg`,
/// then attributes).
fn link_name(payload: &[u8]) -> Option<String> {
    let mut at = 16;
    while at + 4 <= payload.len() {
        let len = u16_at(payload, at) as usize;
        let kind = u16_at(payload, at + 2) & 0x3fff;
        if len < 4 || at + len > payload.len() {
            return None;
        }
        if kind == IFLA_IFNAME {
            let value = &payload[at + 4..at + len];
            let value = value.split(|&b| b == 0).next().unwrap_or_default();
            return Some(String::from_utf8_lossy(value).into_owned());
        }
        at += len.next_multiple_of(4);
    }
    None
}

/// Dumps every link the socket's namespace has.
fn link_names(socket: &Socket) -> HashSet<String> {
    let ifinfomsg = [0u8; 16];
    socket
        .send(&request(
            RTM_GETLINK,
            NLM_F_REQUEST | NLM_F_DUMP,
            1,
            &ifinfomsg,
        ))
        .expect("send RTM_GETLINK");
    let mut names = HashSet::new();
    read_dump(socket, &mut RecvBuf::new(), |msg| {
        if msg.kind == RTM_NEWLINK {
            names.extend(link_name(msg.payload));
        }
    });
    names
}

#[test]
fn kernel_chosen_and_explicit_port_ids() {
    let ns = TestNs::new();
    let auto = ns.socket(Protocol::ROUTE);
    assert_eq!(auto.port_id().unwrap(), 0, "unbound socket has no port id");
    auto.bind(0, 0).unwrap();
    assert_ne!(auto.port_id().unwrap(), 0, "kernel chose a port id");

    let port = 0x7e57_0001;
    let first = ns.socket(Protocol::ROUTE);
    first.bind(port, 0).unwrap();
    assert_eq!(first.port_id().unwrap(), port);

    let second = ns.socket(Protocol::ROUTE);
    match second.bind(port, 0) {
        Err(Error::Sys {
            call: "bind",
            errno,
        }) => assert_eq!(errno, Errno::ADDRINUSE),
        other => panic!("second bind of port {port}: expected EADDRINUSE, got {other:?}"),
    }

    // Port ids are per namespace: the same id is free in another one.
    let other_ns = TestNs::new();
    let elsewhere = other_ns.socket(Protocol::ROUTE);
    elsewhere.bind(port, 0).unwrap();
    // And per protocol.
    let generic = ns.socket(Protocol::GENERIC);
    generic.bind(port, 0).unwrap();
}

#[test]
fn link_group_via_add_membership_with_pktinfo() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(RTNLGRP_LINK).unwrap();
    socket.set_pktinfo(true).unwrap();
    assert!(socket.pktinfo().unwrap());
    assert_eq!(socket.memberships().unwrap(), vec![RTNLGRP_LINK]);
    assert_eq!(socket.bound_groups().unwrap(), 1);

    ns.ip(&[
        "link", "add", "nltestv0", "type", "veth", "peer", "name", "nltestv1",
    ]);
    let mut buf = RecvBuf::new();
    let received = wait_for(&socket, &mut buf, RTM_NEWLINK);
    assert!(received.is_from_kernel());
    assert_eq!(received.group(), Some(RTNLGRP_LINK));
    assert_eq!(received.groups(), 1 << (RTNLGRP_LINK - 1));

    // After leaving the group nothing more arrives.
    socket.drop_membership(RTNLGRP_LINK).unwrap();
    assert!(socket.memberships().unwrap().is_empty());
    while socket
        .recv_timeout(&mut buf, Duration::from_millis(50))
        .unwrap()
        .is_some()
    {}
    ns.ip(&[
        "link", "add", "nltestv2", "type", "veth", "peer", "name", "nltestv3",
    ]);
    assert!(
        socket
            .recv_timeout(&mut buf, Duration::from_millis(200))
            .unwrap()
            .is_none()
    );
}

#[test]
fn nexthop_group_32_is_the_last_bitmask_bit() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(RTNLGRP_NEXTHOP).unwrap();
    socket.set_pktinfo(true).unwrap();
    assert_eq!(socket.bound_groups().unwrap(), 1 << 31);

    ns.ip(&["nexthop", "add", "id", "1", "blackhole"]);
    let mut buf = RecvBuf::new();
    let received = wait_for(&socket, &mut buf, RTM_NEWNEXTHOP);
    assert_eq!(received.group(), Some(RTNLGRP_NEXTHOP));
    assert_eq!(received.groups(), 1 << 31);
}

#[test]
fn membership_above_group_32() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(RTNLGRP_IPV6_MCADDR).unwrap();
    socket.set_pktinfo(true).unwrap();
    assert_eq!(socket.memberships().unwrap(), vec![RTNLGRP_IPV6_MCADDR]);
    // The legacy bitmask cannot name it.
    assert_eq!(socket.bound_groups().unwrap(), 0);

    // A new link joins the IPv6 all-nodes group (ff02::1) as soon as it
    // gets IPv6, which the kernel announces on RTNLGRP_IPV6_MCADDR.
    ns.ip(&[
        "link", "add", "nltestv0", "type", "veth", "peer", "name", "nltestv1",
    ]);
    ns.ip(&["link", "set", "nltestv0", "up"]);
    ns.ip(&["link", "set", "nltestv1", "up"]);
    let mut buf = RecvBuf::new();
    let received = wait_for(&socket, &mut buf, RTM_NEWMULTICAST);
    assert!(received.is_from_kernel());
    assert_eq!(received.group(), Some(RTNLGRP_IPV6_MCADDR));
    assert_eq!(received.groups(), 0, "no bitmask bit for groups above 32");
}

#[test]
fn buffer_sizes_granted() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    let rmem_max: usize = std::fs::read_to_string("/proc/sys/net/core/rmem_max")
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    let asked = 65536.min(rmem_max);
    socket.set_recv_buffer_size(asked).unwrap();
    assert_eq!(
        socket.recv_buffer_size().unwrap(),
        asked * 2,
        "kernel doubles SO_RCVBUF"
    );

    socket.set_recv_buffer_size(rmem_max * 4).unwrap();
    assert_eq!(
        socket.recv_buffer_size().unwrap(),
        rmem_max * 2,
        "capped at rmem_max"
    );

    let forced = rmem_max + 1024 * 1024;
    socket.set_recv_buffer_size_force(forced).unwrap();
    let granted = socket.recv_buffer_size().unwrap();
    assert_eq!(granted, forced * 2);
    assert!(granted > rmem_max * 2, "SO_RCVBUFFORCE ignores rmem_max");

    socket.set_send_buffer_size(32768).unwrap();
    assert_eq!(socket.send_buffer_size().unwrap(), 65536);
}

#[test]
fn netlink_flag_options_read_back() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    type Set = fn(&Socket, bool) -> netlink_socket::Result<()>;
    type Get = fn(&Socket) -> netlink_socket::Result<bool>;
    let options: [(&str, Set, Get); 7] = [
        ("NETLINK_EXT_ACK", Socket::set_ext_ack, Socket::ext_ack),
        (
            "NETLINK_GET_STRICT_CHK",
            Socket::set_strict_checking,
            Socket::strict_checking,
        ),
        (
            "NETLINK_NO_ENOBUFS",
            Socket::set_no_enobufs,
            Socket::no_enobufs,
        ),
        ("NETLINK_CAP_ACK", Socket::set_cap_ack, Socket::cap_ack),
        (
            "NETLINK_LISTEN_ALL_NSID",
            Socket::set_listen_all_nsid,
            Socket::listen_all_nsid,
        ),
        (
            "NETLINK_BROADCAST_ERROR",
            Socket::set_broadcast_error,
            Socket::broadcast_error,
        ),
        ("NETLINK_PKTINFO", Socket::set_pktinfo, Socket::pktinfo),
    ];
    for (name, set, get) in options {
        assert!(!get(&socket).unwrap(), "{name} starts off");
        set(&socket, true).unwrap();
        assert!(get(&socket).unwrap(), "{name} turned on");
        set(&socket, false).unwrap();
        assert!(!get(&socket).unwrap(), "{name} turned off");
    }
}

#[test]
fn large_route_dump_is_never_truncated() {
    const ROUTES: u32 = 2000;
    let ns = TestNs::new();
    // IPv4 blackhole routes in documentation ranges, spread over tables.
    ns.blackhole_routes(ROUTES);
    let expected = ns
        .ip(&["-4", "route", "show", "table", "all"])
        .lines()
        .count();
    assert!(expected >= ROUTES as usize, "ip sees {expected} routes");

    let socket = ns.socket(Protocol::ROUTE);
    // rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type,
    // flags (u32).
    let mut rtmsg = [0u8; 12];
    rtmsg[0] = AF_INET;
    socket
        .send(&request(
            RTM_GETROUTE,
            NLM_F_REQUEST | NLM_F_DUMP,
            7,
            &rtmsg,
        ))
        .unwrap();

    // Start tiny so that the buffer has to grow.
    let mut buf = RecvBuf::with_capacity(64);
    let mut count = 0;
    let sizes = read_dump(&socket, &mut buf, |msg| {
        assert_eq!(msg.kind, RTM_NEWROUTE);
        assert_eq!(msg.flags & 0x2, 0x2, "NLM_F_MULTI");
        assert_eq!(msg.payload[0], AF_INET);
        count += 1;
    });
    assert_eq!(count, expected, "netlink dump and `ip route show` agree");
    let largest = sizes.iter().copied().max().unwrap();
    assert!(buf.capacity() >= largest);
    assert!(largest > 64, "the buffer had to grow");
    eprintln!(
        "dump of {count} routes from a 64-byte buffer: {} datagrams, first {} bytes, \
         largest {largest} bytes, buffer grew to {}",
        sizes.len(),
        sizes[0],
        buf.capacity()
    );

    // With the default 32 KiB buffer the kernel sizes its dump chunks to
    // the buffer offered by the previous read (netlink_dump uses the
    // largest recvmsg length seen, capped near 32 KiB), so the same dump
    // takes far fewer datagrams.
    socket
        .send(&request(
            RTM_GETROUTE,
            NLM_F_REQUEST | NLM_F_DUMP,
            8,
            &rtmsg,
        ))
        .unwrap();
    let mut buf = RecvBuf::new();
    let mut again = 0;
    let big = read_dump(&socket, &mut buf, |_| again += 1);
    assert_eq!(again, expected);
    let largest_big = big.iter().copied().max().unwrap();
    eprintln!(
        "same dump into a {}-byte buffer: {} datagrams, first {} bytes, largest {largest_big} bytes",
        netlink_socket::DEFAULT_RECV_BUF_SIZE,
        big.len(),
        big[0]
    );
    assert!(largest_big > largest, "a larger buffer gets larger chunks");
    assert!(largest_big <= netlink_socket::DEFAULT_RECV_BUF_SIZE);
    assert_eq!(
        buf.capacity(),
        netlink_socket::DEFAULT_RECV_BUF_SIZE,
        "no growth needed"
    );
}

/// A socket on the IPv4 route group with the smallest receive buffer.
fn small_route_listener(ns: &TestNs) -> Socket {
    let socket = ns.socket(Protocol::ROUTE);
    socket.set_recv_buffer_size(1).unwrap();
    socket.bind(0, 0).unwrap();
    socket.add_membership(RTNLGRP_IPV4_ROUTE).unwrap();
    socket.set_nonblocking(true).unwrap();
    socket
}

#[test]
fn overrun_is_its_own_error() {
    let ns = TestNs::new();
    let socket = small_route_listener(&ns);
    eprintln!(
        "smallest SO_RCVBUF granted: {}",
        socket.recv_buffer_size().unwrap()
    );
    ns.blackhole_routes(3000);

    let mut buf = RecvBuf::new();
    let mut delivered = 0;
    let error = loop {
        match socket.recv(&mut buf) {
            Ok(_) => delivered += 1,
            Err(error) => break error,
        }
    };
    assert!(matches!(error, Error::Overrun), "got {error:?}");
    assert_eq!(error.errno(), Some(Errno::NOBUFS));
    assert_eq!(std::io::Error::from(error).raw_os_error(), None);
    eprintln!("{delivered} notifications read before ENOBUFS");

    // The socket stays usable: what was queued after the overrun is there.
    let after = socket.recv(&mut buf).expect("messages after the overrun");
    assert!(after.is_from_kernel());
}

#[test]
fn no_enobufs_suppresses_overrun() {
    let ns = TestNs::new();
    let socket = small_route_listener(&ns);
    socket.set_no_enobufs(true).unwrap();
    ns.blackhole_routes(3000);

    let mut buf = RecvBuf::new();
    let mut delivered = 0;
    loop {
        match socket.recv(&mut buf) {
            Ok(_) => delivered += 1,
            Err(Error::WouldBlock) => break,
            Err(error) => panic!("with NETLINK_NO_ENOBUFS: {error:?}"),
        }
    }
    assert!(delivered < 3000, "some notifications were dropped silently");
}

#[test]
fn timeout_fires_on_a_quiet_socket() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    let mut buf = RecvBuf::new();
    let start = Instant::now();
    let received = socket
        .recv_timeout(&mut buf, Duration::from_millis(100))
        .unwrap();
    let elapsed = start.elapsed();
    assert!(received.is_none());
    assert!(
        elapsed >= Duration::from_millis(95) && elapsed < Duration::from_secs(2),
        "took {elapsed:?}"
    );
}

#[test]
fn waker_interrupts_a_blocked_receive_and_data_still_flows() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(1).unwrap(); // RTNLGRP_LINK
    let waker = Waker::new().unwrap();
    std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut buf = RecvBuf::new();
            let start = Instant::now();
            let r = socket.recv_or_wake(&mut buf, &waker).unwrap();
            (r.is_none(), start.elapsed())
        });
        std::thread::sleep(Duration::from_millis(50));
        waker.wake().unwrap();
        let (woken, elapsed) = reader.join().unwrap();
        assert!(woken, "the waker did not interrupt the receive");
        assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    });
    // While woken, receives return at once; after a reset, data is received again.
    let mut buf = RecvBuf::new();
    assert!(socket.recv_or_wake(&mut buf, &waker).unwrap().is_none());
    waker.reset().unwrap();
    ns.ip(&[
        "link", "add", "nltw0", "type", "veth", "peer", "name", "nltw1",
    ]);
    let got = socket
        .recv_or_wake(&mut buf, &waker)
        .unwrap()
        .expect("a link notification");
    assert!(got.is_from_kernel());
    assert_eq!(u16_at(buf.data(), 4), 16); // RTM_NEWLINK
}

#[test]
fn recv_or_wake_timeout_gives_up_in_time_and_still_receives() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(1).unwrap(); // RTNLGRP_LINK
    let waker = Waker::new().unwrap();
    let mut buf = RecvBuf::new();
    let start = Instant::now();
    let r = socket
        .recv_or_wake_timeout(&mut buf, &waker, Duration::from_millis(100))
        .unwrap();
    let elapsed = start.elapsed();
    assert!(r.is_none());
    assert!(
        elapsed >= Duration::from_millis(95) && elapsed < Duration::from_secs(2),
        "took {elapsed:?}"
    );
    ns.ip(&[
        "link", "add", "nltt0", "type", "veth", "peer", "name", "nltt1",
    ]);
    let got = socket
        .recv_or_wake_timeout(&mut buf, &waker, Duration::from_secs(5))
        .unwrap()
        .expect("a link notification");
    assert!(got.is_from_kernel());
    assert_eq!(u16_at(buf.data(), 4), 16); // RTM_NEWLINK
    // A woken waker ends the wait at once, however long the timeout.
    waker.wake().unwrap();
    let start = Instant::now();
    let r = socket
        .recv_or_wake_timeout(&mut buf, &waker, Duration::from_secs(60))
        .unwrap();
    assert!(r.is_none() && start.elapsed() < Duration::from_secs(1));
}

#[test]
fn nonblocking_recv_on_empty_socket_would_block() {
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.set_nonblocking(true).unwrap();
    let error = socket.recv(&mut RecvBuf::new()).unwrap_err();
    assert!(matches!(error, Error::WouldBlock), "got {error:?}");
    assert_eq!(error.errno(), Some(Errno::AGAIN));
    assert_eq!(
        std::io::Error::from(error).kind(),
        std::io::ErrorKind::WouldBlock
    );

    // Back to blocking: a timeout is then the only way out.
    socket.set_nonblocking(false).unwrap();
    assert!(
        socket
            .recv_timeout(&mut RecvBuf::new(), Duration::ZERO)
            .unwrap()
            .is_none()
    );
}

#[test]
fn socket_in_other_namespace_sees_its_links_only() {
    let before = NetNs::current().unwrap().inode().unwrap();
    let ns = TestNs::new();
    ns.ip(&[
        "link", "add", "nltestv0", "type", "veth", "peer", "name", "nltestv1",
    ]);

    // Through a borrowed descriptor of /run/netns/NAME.
    let netns = ns.netns();
    let inside = Socket::open_in_netns(Protocol::ROUTE, std::os::fd::AsFd::as_fd(&netns)).unwrap();
    let names = link_names(&inside);
    assert!(names.contains("nltestv0"), "inside sees {names:?}");
    assert!(names.contains("lo"));

    let host = Socket::open(Protocol::ROUTE).unwrap();
    let host_names = link_names(&host);
    assert!(!host_names.contains("nltestv0"), "host sees {host_names:?}");

    let after = NetNs::current().unwrap().inode().unwrap();
    assert_eq!(before, after, "the calling thread stayed in its namespace");
    assert_ne!(ns.netns().inode().unwrap(), before);
}

#[test]
fn open_in_missing_namespace_names_the_path() {
    let error = Socket::open_in_netns_path(Protocol::ROUTE, "/run/netns/nltest-does-not-exist")
        .unwrap_err();
    match &error {
        Error::OpenNetNs { path, errno } => {
            assert_eq!(*errno, Errno::NOENT);
            assert!(path.ends_with("nltest-does-not-exist"));
        }
        other => panic!("got {other:?}"),
    }
}

#[test]
fn send_to_another_user_port() {
    let ns = TestNs::new();
    let sender = ns.socket(Protocol::ROUTE);
    let receiver = ns.socket(Protocol::ROUTE);
    sender.bind(0, 0).unwrap();
    receiver.bind(0, 0).unwrap();
    let sender_port = sender.port_id().unwrap();

    let datagram = request(RTM_NEWLINK, 0, 99, b"hello, port");
    let sent = sender
        .send_to(&datagram, receiver.port_id().unwrap(), 0)
        .unwrap();
    assert_eq!(sent, datagram.len());

    let mut buf = RecvBuf::with_capacity(8);
    let received = receiver
        .recv_timeout(&mut buf, Duration::from_secs(5))
        .unwrap()
        .expect("datagram from the other socket");
    assert_eq!(received.port_id(), sender_port);
    assert_ne!(received.port_id(), 0);
    assert!(!received.is_from_kernel());
    assert_eq!(received.group(), None, "NETLINK_PKTINFO is off");
    assert_eq!(buf.data(), &datagram[..]);
}

#[test]
fn socket_converts_to_and_from_owned_fd() {
    use std::os::fd::{AsRawFd, OwnedFd};
    let ns = TestNs::new();
    let socket = ns.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    let port = socket.port_id().unwrap();
    let raw = socket.as_raw_fd();
    let fd: OwnedFd = socket.into();
    assert_eq!(fd.as_raw_fd(), raw);
    let socket = Socket::from(fd);
    assert_eq!(socket.port_id().unwrap(), port);
}

#[test]
fn listen_all_nsid_tags_peer_namespace_notifications() {
    let watcher = TestNs::new();
    let peer = TestNs::new();
    // Give the peer namespace id 5 inside the watcher's namespace.
    watcher.ip(&["netns", "set", peer.name(), "5"]);

    let socket = watcher.socket(Protocol::ROUTE);
    socket.bind(0, 0).unwrap();
    socket.add_membership(RTNLGRP_LINK).unwrap();
    socket.set_listen_all_nsid(true).unwrap();

    peer.ip(&[
        "link", "add", "nltestv0", "type", "veth", "peer", "name", "nltestv1",
    ]);
    let mut buf = RecvBuf::new();
    let received = wait_for(&socket, &mut buf, RTM_NEWLINK);
    assert_eq!(received.nsid(), Some(5), "{received:?}");
    assert!(received.is_from_kernel());
}
