#!/usr/bin/env python3
"""Capture neighbour, rule and nexthop dumps that carry the attributes the main captures
lack: bridge and VXLAN forwarding database entries, neighbours with extended flags and a
protocol, rules with every selector iproute2 and the kernel know, resilient nexthop groups,
their buckets and group statistics.

Same rules as capture.py (whose helpers it uses): run as root inside a fresh, named network
namespace, stdlib only, every reply datagram kept byte for byte.

    ip netns add nlfam-$$
    ip netns exec nlfam-$$ python3 capture_families.py [OUTDIR]
    ip netns del nlfam-$$

See families.md for what each file holds.
"""

import os
import socket
import struct
import sys

import capture as c

RTM_NEWNEIGH, RTM_GETNEIGH = 28, 30
RTM_NEWRULE, RTM_GETRULE = 32, 34
RTM_GETNEXTHOP, RTM_GETNEXTHOPBUCKET = 106, 118
AF_BRIDGE = 7
NUD_NOARP = 0x40
NTF_MASTER = 0x04
NLA_F_NESTED = 0x8000
NDA_LLADDR, NDA_FDB_EXT_ATTRS = 2, 14
NFEA_ACTIVITY_NOTIFY, FDB_NOTIFY_BIT = 1, 1
FR_ACT_TO_TBL = 1
FRA_PRIORITY, FRA_SPORT_RANGE, FRA_DSCP, FRA_FLOWLABEL = 6, 23, 25, 26
FRA_FLOWLABEL_MASK, FRA_SPORT_MASK, FRA_DSCP_MASK = 27, 28, 30
NHA_ID, NHA_OP_FLAGS = 1, 14
NHA_OP_FLAG_DUMP_STATS, NHA_OP_FLAG_DUMP_HW_STATS = 1, 2

SETUP = [
    "ip link set lo up",
    "ip link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02",
    "ip link set veth0 up",
    "ip link set veth1 up",
    "ip link add br0 address 02:00:00:00:00:03 type bridge",
    "ip link set veth1 master br0",
    "ip link set br0 up",
    "ip link add vx0 address 02:00:00:00:00:04 type vxlan id 42 dstport 4789 local 192.0.2.1 dev veth0",
    "ip link set vx0 up",
    "ip addr add 192.0.2.1/24 dev veth0",
    "ip -6 addr add 2001:db8::1/64 dev veth0 nodad",
    # Forwarding database (this kernel has no bridge VLAN filtering): a static bridge entry,
    # a sticky one, the VXLAN default destination and a full VXLAN remote.
    "bridge fdb add 02:00:00:00:00:aa dev veth1 master static",
    "bridge fdb add 02:00:00:00:00:bb dev veth1 master sticky static",
    "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.20 self permanent",
    "bridge fdb add 02:00:00:00:00:cc dev vx0 dst 192.0.2.21 port 4790 vni 100 via veth0 self permanent",
    # Neighbours with a router flag, a protocol and NTF_EXT_MANAGED.
    "ip -6 neigh add 2001:db8::30 lladdr 02:00:00:00:00:30 dev veth0 router nud reachable protocol static",
    "ip neigh add 192.0.2.31 lladdr 02:00:00:00:00:31 dev veth0 nud stale protocol boot",
    "ip neigh add 192.0.2.32 dev veth0 managed",
]

# After the links have their carrier (a gateway must be reachable through an up route).
NEXTHOPS = [
    # Nexthops: v4 and v6 gateways, a device alone, onlink with a protocol, FDB nexthops and
    # their group, a multipath group, a resilient group, a blackhole.
    "ip nexthop add id 1 via 192.0.2.254 dev veth0",
    "ip nexthop add id 2 via 192.0.2.253 dev veth0",
    "ip -6 nexthop add id 3 via 2001:db8::fe dev veth0",
    "ip nexthop add id 4 dev veth0",
    "ip nexthop add id 5 via 198.51.100.1 dev veth0 onlink protocol static",
    "ip nexthop add id 6 via 192.0.2.40 fdb",
    "ip nexthop add id 7 group 6 fdb",
    "ip nexthop add id 10 group 1/2,3 type resilient buckets 8 idle_timer 60 unbalanced_timer 120",
    "ip nexthop add id 11 group 1/2 type mpath",
    "ip nexthop add id 12 blackhole",
]

# Last, since a drop rule makes a nexthop's gateway unreachable.
RULES = [
    # Rules: interfaces, a masked mark, goto, suppressors, realms, tunnel id, l3mdev, drop
    # actions, a single port (which the kernel answers with a port mask), ranges.
    "ip rule add iif veth0 oif veth1 fwmark 0x20/0xff goto 1000 priority 400",
    "ip rule add priority 1000 not from 198.51.100.0/24 to 203.0.113.0/24 tos 0x10 table 200 suppress_prefixlength 8 suppress_ifgroup 5 protocol static",
    "ip rule add priority 500 tun_id 5 realms 3 table 100",
    "ip rule add priority 600 l3mdev",
    "ip rule add priority 700 unreachable",
    "ip rule add priority 710 prohibit",
    "ip rule add priority 720 blackhole",
    "ip rule add priority 800 ipproto udp sport 1234 dport 53 table 100",
    "ip rule add priority 900 uidrange 1000-2000 table 5000",
    "ip -6 rule add priority 400 iif veth0 to 2001:db8:2::/48 table 100",
]


def ext_ack_request(name, msg):
    """Sends a request the ip tool cannot make; reports and goes on if the kernel refuses."""
    s = c.nlsock(opts=(c.NETLINK_EXT_ACK,))
    reply = b"".join(c.request(s, msg))
    s.close()
    for _o, _l, t, _f, _s, _p, p in c.walk(reply):
        if t == c.NLMSG_ERROR:
            err = struct.unpack_from("=i", p)[0]
            print("%s: %s" % (name, "ok" if err == 0 else "refused, errno %d" % -err),
                  file=sys.stderr)


def capture(outdir):
    c.assert_private_netns()
    for cmd in SETUP:
        c.run(cmd)
    c.settle()
    for cmd in NEXTHOPS + RULES:
        c.run(cmd)
    veth1 = c.ifindex("veth1")
    create = c.NLM_F_REQUEST | c.NLM_F_ACK | c.NLM_F_CREATE | c.NLM_F_EXCL

    # A static FDB entry with activity notification (NDA_FDB_EXT_ATTRS, nested with
    # NLA_F_NESTED), which iproute2 6.1 cannot ask for.
    ndm = struct.pack("=BBHiHBB", AF_BRIDGE, 0, 0, veth1, NUD_NOARP, NTF_MASTER, 0)
    ext = c.nlattr(NFEA_ACTIVITY_NOTIFY, struct.pack("=B", FDB_NOTIFY_BIT))
    ext_ack_request("fdb activity_notify", c.nlmsg(
        RTM_NEWNEIGH, c.NLM_F_REQUEST | c.NLM_F_ACK | c.NLM_F_CREATE | c.NLM_F_REPLACE, 6001,
        ndm + c.nlattr(NDA_LLADDR, bytes.fromhex("0200000000dd"))
        + c.nlattr(NDA_FDB_EXT_ATTRS | NLA_F_NESTED, ext)))

    # Rules with what iproute2 6.1 cannot say: DSCP with a mask, a flow label with a mask
    # (IPv6), a single source port with a mask.
    def rule(seq, fam, attrs):
        hdr = struct.pack("=BBBBBBBBI", fam, 0, 0, 0, 100, 0, 0, FR_ACT_TO_TBL, 0)
        return c.nlmsg(RTM_NEWRULE, create, seq, hdr + attrs)
    ext_ack_request("rule dscp", rule(6002, c.AF_INET,
        c.nlattr(FRA_PRIORITY, struct.pack("=I", 1200)) + c.nlattr(FRA_DSCP, b"\x0a")
        + c.nlattr(FRA_DSCP_MASK, b"\x3e")))
    ext_ack_request("rule flowlabel", rule(6003, c.AF_INET6,
        c.nlattr(FRA_PRIORITY, struct.pack("=I", 1100))
        + c.nlattr(FRA_FLOWLABEL, struct.pack(">I", 0x12345))
        + c.nlattr(FRA_FLOWLABEL_MASK, struct.pack(">I", 0xfffff))))
    ext_ack_request("rule sport mask", rule(6004, c.AF_INET,
        c.nlattr(FRA_PRIORITY, struct.pack("=I", 1300))
        + c.nlattr(FRA_SPORT_RANGE, struct.pack("=HH", 4096, 4096))
        + c.nlattr(FRA_SPORT_MASK, struct.pack("=H", 0xf000))))
    c.settle()

    ndmsg = lambda fam: struct.pack("=BBHiHBB", fam, 0, 0, 0, 0, 0, 0)
    c.dump(outdir, "neigh_fdb_dump", RTM_GETNEIGH, ndmsg(AF_BRIDGE), 6101)
    c.dump(outdir, "neigh_extra_dump", RTM_GETNEIGH, ndmsg(c.AF_UNSPEC), 6102)
    rtmsg = lambda fam: struct.pack("=BBBBBBBBI", fam, 0, 0, 0, 0, 0, 0, 0, 0)
    c.dump(outdir, "rule4_extra_dump", RTM_GETRULE, rtmsg(c.AF_INET), 6103)
    c.dump(outdir, "rule6_extra_dump", RTM_GETRULE, rtmsg(c.AF_INET6), 6104)
    nhmsg = struct.pack("=BBBBI", c.AF_UNSPEC, 0, 0, 0, 0)
    c.dump(outdir, "nexthop_extra_dump", RTM_GETNEXTHOP, nhmsg, 6105)
    # With group statistics: a dump request carrying NHA_OP_FLAGS.
    stats = nhmsg + c.nlattr(NHA_OP_FLAGS, struct.pack(
        "=I", NHA_OP_FLAG_DUMP_STATS | NHA_OP_FLAG_DUMP_HW_STATS))
    c.dump(outdir, "nexthop_stats_dump", RTM_GETNEXTHOP, stats, 6106)
    # The buckets of resilient group 10.
    c.dump(outdir, "nexthop_bucket_dump", RTM_GETNEXTHOPBUCKET,
           nhmsg + c.nlattr(NHA_ID, struct.pack("=I", 10)), 6107)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else here
    capture(out)
    c.check(out)
