//! `nlctl link add ... type KIND ...` for the kinds this kernel lacks: the `RTM_NEWLINK` each
//! command sends (under `strace`) equals, byte for byte, the request `ip` 6.1 sent for the same
//! command line (`crates/netlink-wire/testdata/linkinfo-*.bin`, see `linkinfo.md`), but for
//! the sequence number, the port id and the echo bit `nlctl` adds. The namespace is laid out as
//! the capture's was: `lo`, then `veth0` (ifindex 3) with its peer `veth1` (ifindex 2).

mod tc_support;

use tc_support::{NLCTL, traced_keeping};

/// `RTM_NEWLINK`.
const RTM_NEWLINK: u16 = 16;

/// ip's request for `file`.
fn captured(file: &str) -> Vec<u8> {
    let path = format!(
        "{}/../netlink-wire/testdata/linkinfo-{file}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn link_add_sends_ips_request_for_each_newer_kind() {
    let ns = netlink_testns::TestNs::new();
    ns.ip(&[
        "link", "add", "veth0", "type", "veth", "peer", "name", "veth1",
    ]);
    let index = |dev: &str| ns.ip_value(&["link", "show", "dev", dev])[0]["ifindex"].as_u64();
    assert_eq!((index("veth0"), index("veth1")), (Some(3), Some(2)));
    let cases = [
        (
            "macsec",
            "link veth0 macsec0 type macsec port 11 encrypt on cipher gcm-aes-256 icvlen 16 replay on window 32 validate strict encodingsa 2",
        ),
        (
            "macsec-sci",
            "link veth0 macsec1 type macsec sci 0200000000090001 send_sci on end_station off scb off protect on offload off",
        ),
        (
            "hsr",
            "hsr0 type hsr slave1 veth0 slave2 veth1 supervision 45 version 1",
        ),
        ("prp", "prp0 type hsr slave1 veth0 slave2 veth1 proto 1"),
        (
            "bareudp",
            "bu0 type bareudp dstport 6635 ethertype mpls_uc srcportmin 1000 multiproto",
        ),
        ("gtp", "gtp0 type gtp role sgsn hsize 1024 restart_count 3"),
        ("xfrm", "xfrm0 type xfrm dev veth0 if_id 5"),
        (
            "vti",
            "vti0 type vti remote 198.51.100.2 local 198.51.100.1 key 7",
        ),
        (
            "vti6",
            "vti6 type vti6 remote 2001:db8::2 local 2001:db8::1 ikey 7 okey 8 dev veth0",
        ),
        (
            "amt",
            "amt0 type amt mode gateway local 192.0.2.1 discovery 198.51.100.1 dev veth0 relay_port 2268 gateway_port 2268 max_tunnels 10",
        ),
        ("batadv", "bat0 type batadv ra BATMAN_V"),
        ("rmnet", "link veth0 rmnet0 type rmnet mux_id 5"),
        (
            "ipoib",
            "link veth0 ib0 type ipoib pkey 0x8001 mode connected umcast 1",
        ),
        ("wwan", "wwan1 type wwan linkid 3"),
        ("dsa", "dsa0 type dsa conduit veth0"),
        ("vxcan", "vxcan0 type vxcan peer name vxcan1"),
        ("vcan", "vcan0 type vcan"),
        ("nlmon", "nlmon0 type nlmon"),
        ("virt_wifi", "link veth0 vw0 type virt_wifi"),
        ("netkit", "nk0 type netkit"),
        ("team", "team0 type team"),
        ("netdevsim", "nsim0 type netdevsim"),
        ("lowpan", "link veth0 lowpan0 type lowpan"),
        (
            "ip6gre",
            "ip6gre0 type ip6gre remote 2001:db8::2 local 2001:db8::1 hoplimit 64 key 42",
        ),
        (
            "ip6gretap",
            "ip6gt0 type ip6gretap remote 2001:db8::2 local 2001:db8::1 dev veth0",
        ),
        (
            "erspan",
            "ers0 type erspan remote 198.51.100.2 local 198.51.100.1 seq key 10 erspan_ver 1 erspan 123",
        ),
        (
            "erspan-v2",
            "ers1 type erspan remote 198.51.100.2 local 198.51.100.1 seq key 11 erspan_ver 2 erspan_dir egress erspan_hwid 7",
        ),
        (
            "ip6erspan",
            "ers6 type ip6erspan remote 2001:db8::2 local 2001:db8::1 seq key 12 erspan_ver 2 erspan_dir ingress erspan_hwid 17",
        ),
        ("ipvtap", "link veth0 ipvt0 type ipvtap mode l2 vepa"),
        ("ipvlan", "link veth0 name ipv0 type ipvlan mode l3"),
        (
            "ip6tnl",
            "ip6t0 type ip6tnl remote 2001:db8::2 local 2001:db8::1 mode ip6ip6 hoplimit 64",
        ),
        (
            "geneve",
            "gnv0 type geneve id 42 remote 198.51.100.2 dstport 6081",
        ),
        (
            "geneve6",
            "gnv6 type geneve id 7 remote 2001:db8::2 ttl 64 tos 0x10 df set flowlabel 5 dstport 6081 noudpcsum udp6zerocsumtx udp6zerocsumrx",
        ),
    ];
    let mut failures = Vec::new();
    for (file, line) in cases {
        let mut args = vec!["link", "add"];
        args.extend(line.split_whitespace());
        let t = traced_keeping(NLCTL, &ns, &args, |t| t == RTM_NEWLINK);
        let sent = without_echo(&t.requests);
        let ip = captured(file);
        let same =
            matches!(sent.as_slice(), [ours] if ours[..8] == ip[..8] && ours[16..] == ip[16..]);
        if !same {
            failures.push(format!(
                "{file}: nlctl {line}\n  status {} {}\n  ours {:02x?}\n  ip's {:02x?}",
                t.status,
                t.stderr.trim(),
                sent,
                ip
            ));
        }
        // This kernel has none of these kinds: nothing was created.
        assert_ne!(t.status, 0, "{file}: {}", t.stdout);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The GRE, ip6tnl, geneve and ipvlan words beyond the captures: each command's `RTM_NEWLINK` equals the one
/// `ip` sends for it now, traced the same way (the last `RTM_NEWLINK` of `ip`'s: it probes the
/// kernel with an empty one first).
#[test]
fn link_add_sends_what_ip_sends_for_tunnel_and_ipvlan_words() {
    let ns = netlink_testns::TestNs::new();
    ns.ip(&[
        "link", "add", "veth0", "type", "veth", "peer", "name", "veth1",
    ]);
    let lines = [
        "link veth0 i0 type ipvlan bridge",
        "link veth0 i0 type ipvlan private",
        "link veth0 i0 type ipvlan mode l3s",
        "link veth0 i0 type ipvtap",
        "g0 type ip6gre dev veth0 ikey 5 oseq icsum",
        "g0 type ip6gre okey 9 ocsum iseq encaplimit 7 fwmark 3 hoplimit 1",
        "g0 type ip6gre ttl 3 csum seq ikey 1 okey 2",
        "g0 type ip6gretap local 2001:db8::5",
        "g0 type ip6erspan erspan_ver 2",
        "g0 type erspan remote 192.0.2.1 dev veth0 erspan_ver 1",
        "g0 type erspan key 0.0.1.2 ttl 9 tos 0x10 fwmark 7 erspan_ver 0",
        "g0 type erspan erspan_ver 1 erspan 5 erspan_dir egress erspan_hwid 3",
        "t0 type ip6tnl dev veth0 local 2001:db8::1",
        "t0 type ip6tnl mode ipip6 remote 2001:db8::2 encaplimit 5 hoplimit 3 fwmark 9",
        "t0 type ip6tnl mode any",
        "g0 type geneve vni 5 remote 192.0.2.1 udpcsum df inherit ttl inherit tos inherit",
        "g0 type geneve id 5 remote 192.0.2.1 ttl auto df unset innerprotoinherit",
        "g0 type geneve external",
        "g0 type geneve id 5 remote 192.0.2.1 noexternal udp6zerocsumrx",
        "g0 type geneve external dstport 99 noudpcsum",
        "g0 type erspan nopmtudisc ignore-df erspan_ver 1",
        "g0 type erspan pmtudisc noignore-df fwmark 0x10",
        "g0 type erspan external",
        "g0 type erspan encap fou encap-sport 5 encap-dport 6 encap-csum encap-remcsum",
        "g0 type erspan noencap-csum encap-udp6-csum noencap-remcsum encap gue noencap",
        "g0 type erspan nokey noseq nocsum key 5 seq csum noikey nooseq noocsum",
        "g0 type erspan key 7 nookey iseq noiseq icsum noicsum",
        "g0 type ip6gre tclass 0x12 flowlabel 0x345 dscp inherit allow-localremote",
        "g0 type ip6gre tclass inherit flowlabel inherit noallow-localremote fwmark inherit encaplimit none",
        "g0 type ip6gre tos 0x10 fl 5 encaplimit none encaplimit 9 fwmark inherit fwmark 3",
        "g0 type ip6gretap dsfield 0xff tc 0x1 external",
        "g0 type ip6gretap encap gue encap-sport auto noencap-udp6-csum encap-csum",
        "g0 type ip6erspan erspan_ver 2 nokey okey 3 noencap-csum",
        "t0 type ip6tnl tc 0x10",
        "t0 type ip6tnl external",
        "t0 type ip6tnl encap fou encap-csum encap-sport 7 encap-dport 8 encap-remcsum",
        "t0 type ip6tnl flowlabel 7 dscp inherit allow-localremote",
        "t0 type ip6tnl tclass inherit flowlabel inherit fwmark inherit encaplimit none",
        "t0 type ip6tnl mode ipip6 tos 0x20 fl 0xfffff noallow-localremote noencap-udp6-csum",
    ];
    let mut failures = Vec::new();
    for line in lines {
        let mut args = vec!["link", "add"];
        args.extend(line.split_whitespace());
        failures.extend(against_ip(&ns, &args).0);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs `nlctl ARGS` and `ip ARGS` under strace; a description of the difference when nlctl's
/// one `RTM_NEWLINK` is not the last one ip sends (ip probes the kernel with an empty one
/// first), byte for byte but the sequence number, port id and nlctl's echo bit; and both
/// exit statuses.
fn against_ip(ns: &netlink_testns::TestNs, args: &[&str]) -> (Option<String>, i32, i32) {
    let ours = traced_keeping(NLCTL, ns, args, |t| t == RTM_NEWLINK);
    let theirs = traced_keeping("ip", ns, args, |t| t == RTM_NEWLINK);
    let (sent, ip) = (without_echo(&ours.requests), &theirs.requests);
    let same = matches!((sent.as_slice(), ip.last()),
        ([o], Some(i)) if o[..8] == i[..8] && o[16..] == i[16..]);
    let diff = (!same).then(|| {
        format!(
            "{args:?}\n  ours ({} {}) {sent:02x?}\n  ip's {ip:02x?}",
            ours.status,
            ours.stderr.trim()
        )
    });
    (diff, ours.status, theirs.status)
}

/// The requests with `NLM_F_ECHO` (0x8) cleared: `nlctl link add` asks for the new link's
/// notification back, `ip` does not.
fn without_echo(reqs: &[Vec<u8>]) -> Vec<Vec<u8>> {
    reqs.iter()
        .map(|m| {
            let mut m = m.clone();
            let f = u16::from_ne_bytes([m[6], m[7]]) & !0x8;
            m[6..8].copy_from_slice(&f.to_ne_bytes());
            m
        })
        .collect()
}

/// `can` in ip 6.1's words, for `link add` and for `link set` on an existing link (this kernel
/// has no CAN devices: ip's request is refused but sent, and is the oracle): each command's
/// `RTM_NEWLINK` equals ip's, byte for byte but the sequence number and port id. The lines
/// cover every word, their shortest prefixes where ip's order decides (`t` is `tq`, `r` is
/// `restart`, `c` is `cc-len8-dlc`), ip's sample-point arithmetic, modes switched off, and
/// what ip writes at once (restart, restart-ms, termination) against after the last word.
#[test]
fn can_words_send_what_ip_sends() {
    let ns = netlink_testns::TestNs::new();
    ns.ip(&[
        "link", "add", "can0", "type", "veth", "peer", "name", "can9",
    ]);
    let lines = [
        "bitrate 500000",
        "bitrate 500000 sample-point 0.875 restart-ms 100 termination 120 restart loopback on fd off",
        "tq 10 prop-seg 1 phase-seg1 2 phase-seg2 3 sjw 4",
        "dbitrate 2000000 dsample-point 0.75 fd on fd-non-iso off",
        "dtq 10 dprop-seg 1 dphase-seg1 2 dphase-seg2 3 dsjw 4 bitrate 1",
        "bitrate 1 sample-point 0.7 dbitrate 1 dsample-point 0.3",
        "bitrate 1 sample-point 0.999 dbitrate 3 dsample-point 1e-1",
        "bitrate 5 sample-point -0.5",
        "bitrate 010 tq 0x10",
        "tdcv 1 tdco 2 tdcf 3",
        "tdcf 3 tdcv 0",
        "tdcv 4294967295 tdco 1",
        "tdc-mode auto cc-len8-dlc on",
        "tdc-mode manual",
        "tdc-mode off one-shot on",
        "listen-only on triple-sampling on berr-reporting on presume-ack on",
        "fd on fd off",
        "tdcv 1 fd on bitrate 5 dbitrate 6 dtq 3 restart termination 0x10",
        "r",
        "restart-m 5",
        "t 5",
        "te 5",
        "c on",
        "l on li on o on tr on b 9",
        "f on fd-n on p 1 d 5",
    ];
    let mut failures = Vec::new();
    for line in lines {
        for verb in [
            &["link", "add", "c0", "type", "can"][..],
            &["link", "set", "can0", "type", "can"],
        ] {
            let mut args = verb.to_vec();
            args.extend(line.split_whitespace());
            let (diff, ours, theirs) = against_ip(&ns, &args);
            failures.extend(diff);
            // The kernel has no CAN devices: it refuses both alike.
            assert_eq!((ours, theirs), (2, 2), "{args:?}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What ip refuses in `can`'s words, nlctl refuses alike, sending nothing, with ip's exit
/// status and message; `type can` alone is the kind without data.
#[test]
fn can_words_are_refused_as_ip_refuses_them() {
    let ns = netlink_testns::TestNs::new();
    ns.ip(&[
        "link", "add", "can0", "type", "veth", "peer", "name", "can9",
    ]);
    for line in [
        "fd maybe",
        "bitrate x",
        "sample-point abc",
        "sample-point",
        "tdc-mode bogus",
        "restart-ms -1",
        "termination 70000",
        "x 1",
    ] {
        let mut args = vec!["link", "set", "can0", "type", "can"];
        args.extend(line.split_whitespace());
        let ours = traced_keeping(NLCTL, &ns, &args, |t| t == RTM_NEWLINK);
        let theirs = traced_keeping("ip", &ns, &args, |t| t == RTM_NEWLINK);
        assert!(
            ours.requests.is_empty(),
            "{line}: nlctl sent {:02x?}",
            ours.requests
        );
        // ip probes the kernel with an empty RTM_NEWLINK (a bare ifinfomsg) before it reads
        // the words; nothing else.
        assert!(
            theirs.requests.iter().all(|r| r.len() == 32),
            "{line}: ip sent {:02x?}",
            theirs.requests
        );
        assert_eq!(ours.status, theirs.status, "{line}: {}", ours.stderr);
        let first = |s: &str| s.lines().next().unwrap_or_default().to_owned();
        assert!(
            ours.stderr.contains(&first(&theirs.stderr)),
            "{line}: ours {:?}, ip's {:?}",
            ours.stderr,
            theirs.stderr
        );
    }
    // The kind alone: ip sends IFLA_INFO_KIND without data, which the kernel takes on a veth.
    let (diff, ours, theirs) = against_ip(&ns, &["link", "set", "can0", "type", "can"]);
    assert_eq!(diff, None);
    assert_eq!((ours, theirs), (0, 0));
}
