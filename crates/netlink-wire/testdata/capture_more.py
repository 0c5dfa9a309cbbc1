#!/usr/bin/env python3
"""Capture the RTNETLINK families beyond links, addresses, routes, neighbours, rules and
nexthops: namespace ids, netconf, address labels, link statistics, multicast and anycast
addresses, and the notifications that only events carry (IPv6 prefixes and ND user options
from a router advertisement, a multicast routing cache report, multicast joins).

Same rules as capture.py (whose helpers it uses): run as root inside a fresh, named network
namespace, stdlib only, every datagram kept byte for byte. It creates two more namespaces
(cap-more-<pid>-a and -b) to give ids to, and deletes them at the end.

    ip netns add nlmore-$$
    ip netns exec nlmore-$$ python3 capture_more.py [OUTDIR]
    ip netns del nlmore-$$

See families.md for what each file holds.
"""

import os
import socket
import struct
import sys
import time

import capture as c

RTM_NEWNSID, RTM_GETNSID = 88, 90
RTM_GETNETCONF = 82
RTM_GETADDRLABEL = 74
RTM_GETSTATS = 94
RTM_GETMULTICAST, RTM_GETANYCAST = 58, 62
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP = 270, 1
GRP_IPV6_PREFIX, GRP_ND_USEROPT, GRP_IPV4_MROUTE_R = 18, 20, 30
GRP_IPV4_MCADDR, GRP_IPV6_MCADDR = 37, 38
MRT_INIT, MRT_ADD_VIF, MRT_DONE = 200, 202, 201
VIFF_USE_IFINDEX = 0x8

PEERS = ["cap-more-%d-a" % os.getpid(), "cap-more-%d-b" % os.getpid()]

SETUP = [
    "ip link set lo up",
    "ip link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02",
    "ip link set veth0 up",
    "ip link set veth1 up",
    "ip link add br0 address 02:00:00:00:00:03 type bridge",
    "ip link set veth1 master br0",
    "ip link set br0 up",
    "ip addr add 192.0.2.1/24 dev veth0",
    "ip addr add 192.0.2.2/24 dev br0",
    "ip -6 addr add 2001:db8::1/64 dev veth0 nodad",
    "ip addrlabel add prefix 2001:db8::/32 label 100",
    "sysctl -qw net.ipv4.conf.all.rp_filter=2",
    # The cache report's packet comes from br0's address: accept it on veth0.
    "sysctl -qw net.ipv4.conf.veth0.accept_local=1",
]


def listener(groups):
    s = c.nlsock()
    for g in groups:
        s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)
    return s


def collect(s, quiet=1.5):
    """Every datagram that arrives until none has for `quiet` seconds."""
    out = []
    while True:
        d = c.recv_one(s, timeout=quiet)
        if d is None:
            return out
        out.append(d)


def icmp6_router_advertisement():
    """A router advertisement with a prefix (2001:db8:5::/64, on link and autoconf, valid
    3600 s, preferred 1800 s) and a recursive DNS server option (2001:db8::53, 600 s)."""
    ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 0, 0, 0)
    prefix = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 3600, 1800, 0)
    prefix += socket.inet_pton(socket.AF_INET6, "2001:db8:5::")
    rdnss = struct.pack("!BBHI", 25, 3, 0, 600) + socket.inet_pton(socket.AF_INET6, "2001:db8::53")
    return ra + prefix + rdnss


def send_ra(ifname):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, c.ifindex(ifname))
    s.sendto(icmp6_router_advertisement(), ("ff02::1", 0, 0, c.ifindex(ifname)))
    s.close()


def cache_report(outdir):
    """A multicast routing daemon with one vif on veth0 that has no route for a packet to
    239.1.2.3 sent in from veth1: the kernel reports IGMPMSG_NOCACHE."""
    lst = listener([GRP_IPV4_MROUTE_R])
    mr = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
    mr.setsockopt(socket.IPPROTO_IP, MRT_INIT, 1)
    vif = struct.pack("=HBBIiI", 0, VIFF_USE_IFINDEX, 1, 0, c.ifindex("veth0"), 0)
    mr.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vif)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"br0")
    tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("192.0.2.2"))
    tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 8)
    tx.sendto(b"report me", ("239.1.2.3", 9))
    dgrams = collect(lst)
    c.save(outdir, "cachereport_events", dgrams)
    mr.setsockopt(socket.IPPROTO_IP, MRT_DONE, 1)
    for s in (tx, mr, lst):
        s.close()


def capture(outdir):
    c.assert_private_netns()
    for cmd in SETUP:
        c.run(cmd)
    for p in PEERS:
        c.run("ip netns add " + p)
    try:
        c.run("ip netns set %s 5" % PEERS[0])
        c.run("ip netns set %s 7" % PEERS[1])
        c.settle()

        # The router advertisement, received on veth0 (accept_ra 1, forwarding 0).
        lst = listener([GRP_IPV6_PREFIX, GRP_ND_USEROPT])
        send_ra("veth1")
        c.save(outdir, "ra_events", collect(lst))
        lst.close()

        # Joining 239.9.9.9 and ff05::99 on veth0: multicast address notifications.
        lst = listener([GRP_IPV4_MCADDR, GRP_IPV6_MCADDR])
        j4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        j4.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                      socket.inet_aton("239.9.9.9") + socket.inet_aton("192.0.2.1"))
        j6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        j6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                      socket.inet_pton(socket.AF_INET6, "ff05::99")
                      + struct.pack("=I", c.ifindex("veth0")))
        time.sleep(0.2)
        j4.close()
        j6.close()
        c.save(outdir, "mcaddr_events", collect(lst))
        lst.close()

        cache_report(outdir)

        # Forwarding on: the subnet-router anycast address of 2001:db8::/64 appears.
        c.run("sysctl -qw net.ipv6.conf.all.forwarding=1")
        c.run("sysctl -qw net.ipv4.conf.all.forwarding=1")
        c.settle()

        c.dump(outdir, "nsid_dump", RTM_GETNSID, struct.pack("=Bxxx", c.AF_UNSPEC), 7001)
        c.dump(outdir, "netconf_dump", RTM_GETNETCONF, struct.pack("=Bxxx", c.AF_UNSPEC), 7002)
        c.dump(outdir, "addrlabel_dump", RTM_GETADDRLABEL,
               struct.pack("=BBBBII", c.AF_INET6, 0, 0, 0, 0, 0), 7003)
        c.dump(outdir, "stats_dump", RTM_GETSTATS, struct.pack("=BBHII", 0, 0, 0, 0, 0x1f),
               7004)
        ifaddrmsg = lambda fam: struct.pack("=BBBBI", fam, 0, 0, 0, 0)
        c.dump(outdir, "multicast4_dump", RTM_GETMULTICAST, ifaddrmsg(c.AF_INET), 7005)
        c.dump(outdir, "multicast6_dump", RTM_GETMULTICAST, ifaddrmsg(c.AF_INET6), 7006)
        c.dump(outdir, "anycast6_dump", RTM_GETANYCAST, ifaddrmsg(c.AF_INET6), 7007)
    finally:
        for p in PEERS:
            c.run("ip netns del " + p, check=False)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else here
    capture(out)
    c.check(out)
