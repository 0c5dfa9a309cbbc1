//! Spoofing: messages that another local process sends to our port ids never reach notify,
//! handle or a request's reply.

use netlink::Errno;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::time::Duration;

use crossbeam_channel::unbounded;
use netlink::netlink_wire::{AttrWrite, Header, MessageBuilder};
use netlink::{AddressRequest, Connection, ConnectionOptions, Error, Flags, MessageType, Protocol};
use netlink_testns::TestNs;

/// The port ids of this process's netlink sockets inside `ns`, found by matching the socket
/// inodes of `/proc/self/fd` against the namespace's `/proc/net/netlink`.
fn our_port_ids(ns: &TestNs) -> Vec<u32> {
    let inodes: HashSet<String> = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter_map(|l| {
            l.to_str()?
                .strip_prefix("socket:[")?
                .strip_suffix(']')
                .map(str::to_owned)
        })
        .collect();
    let out = std::process::Command::new("ip")
        .args(["netns", "exec", ns.name(), "cat", "/proc/net/netlink"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
            (f.get(1) == Some(&"0") && inodes.contains(*f.get(9)?)).then(|| f[2].parse().ok())?
        })
        .collect()
}

/// A forged `NLMSG_ERROR` with `code` for sequence number `seq` addressed to `port`.
fn forged_error(seq: u32, port: u32, code: i32) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, MessageType::ERROR, Flags::CAPPED);
    let mut echoed = Vec::new();
    Header::new(16, MessageType(20), Flags::REQUEST | Flags::ACK, seq, port).write_to(&mut echoed);
    b.seq(seq)
        .port_id(port)
        .payload(&code.to_ne_bytes())
        .payload(&echoed);
    b.finish().unwrap();
    buf
}

#[test]
fn forged_replies_never_answer_a_request() {
    let ns = TestNs::new();
    let conn = Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap();
    let a = AddressRequest::new(1, Ipv4Addr::new(192, 0, 2, 1).into(), 24);
    conn.add_address(&a).unwrap(); // creates and pools a request socket
    let ports = our_port_ids(&ns);
    assert!(
        ports.len() >= 2,
        "expected the notification and a request socket, found {ports:?}"
    );

    let spoofer = ns.socket(Protocol::ROUTE);
    spoofer.bind(0, 0).unwrap();
    // Forged acknowledgements for every plausible sequence number, queued on every socket.
    for &port in &ports {
        for seq in 1..=64 {
            spoofer
                .send_to(&forged_error(seq, port, 0), port, 0)
                .unwrap();
        }
    }
    // The kernel refuses this (EEXIST); a forged ACK must not turn it into success.
    match conn.add_address(&a) {
        Err(Error::Kernel(k)) => assert_eq!(k.errno, Errno::EXIST),
        other => panic!("a forged acknowledgement was taken for the kernel's answer: {other:?}"),
    }
    // Forged errors for a request the kernel accepts must not turn it into a failure.
    for &port in &ports {
        for seq in 1..=64 {
            spoofer
                .send_to(&forged_error(seq, port, -1), port, 0)
                .unwrap();
        }
    }
    conn.delete_address(&a).unwrap();
    // The forgeries queued on the request socket were read, refused and counted.
    assert!(conn.stats().dropped_userspace_replies >= 1);
}

#[test]
fn forged_notifications_reach_neither_channel_nor_callback() {
    let ns = TestNs::new();
    let conn = Connection::with_options(ConnectionOptions::default().netns(ns.path()).groups(0x40))
        .unwrap();
    let (tx, rx) = unbounded();
    conn.handle(move |m| {
        let _ = tx.send(m.clone());
    });
    let spoofer = ns.socket(Protocol::ROUTE);
    spoofer.bind(0, 0).unwrap();
    let mut forged = Vec::new();
    let mut b = MessageBuilder::new(&mut forged, MessageType(24), Flags::CREATE);
    b.family_header(&[2u8, 32, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0])
        .put_ipv4(1u16, Ipv4Addr::new(192, 0, 2, 66));
    b.finish().unwrap();
    spoofer
        .send_to(&forged, conn.port_id().unwrap(), 0)
        .unwrap();
    // Multicast from userspace to the route group needs privileges we have; it must not be
    // delivered either, because its sender is not the kernel.
    let _ = spoofer.send_to(&forged, 0, 0x40);
    ns.ip(&["route", "add", "blackhole", "192.0.2.77/32"]);
    let m = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let dst = m
        .as_msg()
        .attrs(12)
        .unwrap()
        .get(1u16)
        .unwrap()
        .unwrap()
        .as_ipv4()
        .unwrap();
    assert_eq!(
        dst,
        Ipv4Addr::new(192, 0, 2, 77),
        "a forged notification reached the callback"
    );
    assert!(conn.stats().dropped_userspace >= 1);
}

/// A forged `RTM_NEWROUTE` to 203.0.113.77/32 and a forged `NLMSG_DONE`, both for `seq`,
/// addressed to `port`.
fn forged_dump_part(seq: u32, port: u32) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut b = MessageBuilder::new(&mut buf, MessageType(24), Flags::MULTI);
    b.seq(seq)
        .port_id(port)
        .family_header(&[2u8, 32, 0, 0, 254, 4, 0, 6, 0, 0, 0, 0])
        .put_ipv4(1u16, Ipv4Addr::new(203, 0, 113, 77));
    b.finish().unwrap();
    let mut b = MessageBuilder::new(&mut buf, MessageType::DONE, Flags::MULTI);
    b.seq(seq).port_id(port).payload(&0i32.to_ne_bytes());
    b.finish().unwrap();
    buf
}

#[test]
fn forged_parts_never_enter_a_dump_read_ahead() {
    let ns = TestNs::new();
    // Long enough that the helper thread cannot have read it all (it stops 32 datagrams
    // ahead) by the time the forgeries arrive: 100,000 routes are about 135 datagrams.
    ns.blackhole_routes(100_000);
    let expected = ns
        .ip(&["-4", "route", "show", "table", "all"])
        .lines()
        .count();
    let conn = Connection::with_options(ConnectionOptions::default().netns(ns.path())).unwrap();
    let request = netlink::Message::new(
        MessageType(26),
        Flags::EMPTY,
        vec![2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let spoofer = ns.socket(Protocol::ROUTE);
    spoofer.bind(0, 0).unwrap();
    let mut dump = conn.dump(&request).unwrap();
    let (mut routes, mut forged, mut spoofed) = (0usize, 0usize, false);
    while let Some(m) = dump.next_msg() {
        let m = m.unwrap();
        routes += 1;
        let dst = m
            .attrs(12)
            .unwrap()
            .get(1u16)
            .unwrap()
            .map(|a| a.as_ipv4().unwrap());
        // blackhole_routes has 203.0.113.77/32 too, but in tables from 10,000 on (rtm_table
        // RT_TABLE_COMPAT); only the forgery says the main table.
        let main = m.payload().get(4) == Some(&254);
        forged += usize::from(main && dst == Some(Ipv4Addr::new(203, 0, 113, 77)));
        // Half way, with the dump on its helper thread, forge a part and an end of it for
        // every plausible sequence number on every socket of ours.
        if routes == 5_000 {
            for port in our_port_ids(&ns) {
                for seq in 1..=16 {
                    spoofer
                        .send_to(&forged_dump_part(seq, port), port, 0)
                        .unwrap();
                }
            }
            spoofed = true;
        }
    }
    assert!(spoofed);
    assert_eq!(forged, 0, "a forged route entered the dump");
    assert!(
        conn.stats().dropped_userspace_replies >= 16,
        "the helper thread refuses strangers as the request path does, and counts them"
    );
    assert_eq!(
        routes, expected,
        "a forged NLMSG_DONE ended the dump early, or it lost routes"
    );
}
