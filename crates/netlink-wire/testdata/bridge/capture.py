#!/usr/bin/env python3
"""Capture bridge test vectors: the requests `bridge` 6.1 sends, and the kernel's dumps of the
multicast database, VXLAN VNI filters, forwarding database and bridge ports.

MUST be run inside a fresh, private network namespace (as root):

    ip netns add nlbr-$$
    ip netns exec nlbr-$$ python3 capture.py [OUTDIR]
    ip netns del nlbr-$$

Two parts (see README.md in this folder):

1. Requests. Every command line of REQUESTS runs under strace, and the RTNETLINK messages
   `bridge` hands to sendmsg(2) are kept byte for byte as `req-NAME.bin`. `bridge` builds and
   sends a request whether or not the kernel has the feature (this kernel has no bridge VLAN
   filtering), so the VLAN requests are captured too; the exit status and what `bridge`
   printed go to requests.tsv.
2. Dumps. The multicast database (with a router port), VNI filters (with statistics), the
   forwarding database and the AF_BRIDGE link dump are kept as `dump-*.bin`.

Stdlib only; the netlink helpers are the ones of ../capture.py.
"""

import os
import re
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import capture as nl  # noqa: E402  (../capture.py: nlsock, request, save, walk, nlmsg, dump)

RTM_GETLINK, RTM_GETNEIGH, RTM_GETMDB, RTM_GETVLAN, RTM_GETTUNNEL = 18, 30, 86, 114, 122
AF_BRIDGE = 7
IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN = 29, 2
TUNNEL_MSG_FLAG_STATS = 1
BRIDGE_VLANDB_DUMP_FLAGS = 1
RTNL_TYPES = set(range(16, 124))

BASE = [
    "ip link set lo up",
    "ip link add v0 address 02:00:00:00:02:01 type veth peer name v1 address 02:00:00:00:02:02",
    "ip link add br0 address 02:00:00:00:02:03 type bridge",
    "ip link set v1 master br0",
    "ip link add vx0 address 02:00:00:00:02:04 type vxlan id 42 dstport 4789 local 192.0.2.1",
    "ip link add vx1 address 02:00:00:00:02:05 type vxlan external vnifilter dstport 4790",
    "ip link set v0 up",
    "ip link set v1 up",
    "ip link set br0 up",
    "ip link set vx0 up",
    "ip link set vx1 up",
    "ip addr add 192.0.2.1/24 dev v0",
]

# (name, the traced bridge command line).
REQUESTS = [
    ("fdb-add-master", "bridge fdb add 02:00:00:00:00:aa dev v1 master static vlan 10"),
    ("fdb-add-vxlan", "bridge fdb add 02:00:00:00:00:bb dev vx0 dst 192.0.2.21 port 4790 vni 100 "
                      "src_vni 42 via v0 self permanent"),
    ("fdb-append", "bridge fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.20"),
    ("fdb-replace", "bridge fdb replace 02:00:00:00:00:cc dev v1 master dynamic sticky extern_learn"),
    ("fdb-add-router-use", "bridge fdb add 02:00:00:00:00:ee dev v1 master router use local"),
    ("fdb-add-nhid", "bridge fdb add 02:00:00:00:00:dd dev vx0 nhid 5 self"),
    ("fdb-del", "bridge fdb del 02:00:00:00:00:aa dev v1 master vlan 10"),
    ("fdb-get", "bridge fdb get 02:00:00:00:00:aa br br0 vlan 10 master"),
    ("fdb-get-vni", "bridge fdb get 02:00:00:00:00:bb dev vx0 vni 100 self"),
    ("fdb-flush", "bridge fdb flush dev br0 brport v1 vlan 10 master nopermanent dynamic noextern_learn sticky"),
    ("fdb-flush-self", "bridge fdb flush dev vx0 permanent"),
    ("fdb-show", "bridge fdb show br br0 brport v1"),
    ("mdb-add", "bridge mdb add dev br0 port v1 grp 239.1.1.1 permanent vid 10"),
    ("mdb-add-src", "bridge mdb add dev br0 port v1 grp 239.1.1.2 src 192.0.2.5 temp"),
    ("mdb-add6", "bridge mdb add dev br0 port v1 grp ff0e::1 src 2001:db8::5 permanent"),
    ("mdb-add-l2", "bridge mdb add dev br0 port v1 grp 01:00:5e:01:01:01 permanent"),
    ("mdb-del", "bridge mdb del dev br0 port v1 grp 239.1.1.1 vid 10"),
    ("mdb-show", "bridge mdb show"),
    ("vlan-add", "bridge vlan add vid 10 dev v1 pvid untagged master"),
    ("vlan-add-range", "bridge vlan add vid 20-30 dev v1 untagged self"),
    ("vlan-add-tunnel", "bridge vlan add vid 40-42 dev vx0 tunnel_info id 1040-1042"),
    ("vlan-add-tunnel1", "bridge vlan add vid 50 dev vx0 tunnel_info id 1050"),
    ("vlan-del", "bridge vlan del vid 10 dev v1"),
    ("vlan-set", "bridge vlan set vid 10-12 dev v1 state forwarding mcast_router 2"),
    ("vlan-set-state", "bridge vlan set dev v1 vid 13 state 4"),
    ("vlan-global-set", "bridge vlan global set vid 10 dev br0 mcast_snooping 1 mcast_querier 1 "
                        "mcast_igmp_version 3 mcast_mld_version 2 mcast_last_member_count 3 "
                        "mcast_startup_query_count 4 mcast_last_member_interval 200 "
                        "mcast_membership_interval 26000 mcast_querier_interval 25500 "
                        "mcast_query_interval 12500 mcast_query_response_interval 1000 "
                        "mcast_startup_query_interval 3125"),
    ("vlan-global-set-range", "bridge vlan global set dev br0 vid 20-25 mcast_snooping 0"),
    ("vlan-show", "bridge vlan show"),
    ("vlan-show-compressed", "bridge -compressvlans vlan show"),
    ("vlan-show-details", "bridge -d vlan show"),
    ("vlan-show-details-stats", "bridge -d -s vlan show"),
    ("vlan-global-show", "bridge vlan global show"),
    ("vni-add", "bridge vni add dev vx1 vni 100"),
    ("vni-add-group", "bridge vni add dev vx1 vni 200-210 group 239.1.1.100"),
    ("vni-add-remote6", "bridge vni add dev vx1 vni 300,301 remote 2001:db8::7"),
    ("vni-del", "bridge vni delete dev vx1 vni 100"),
    ("vni-show", "bridge vni show"),
    ("vni-show-stats", "bridge -s vni show dev vx1"),
    ("link-set", "bridge link set dev v1 cost 10 priority 5 state 3 guard on hairpin on fastleave on "
                 "root_block off learning off learning_sync off flood off mcast_router 2 mcast_flood off "
                 "bcast_flood off mcast_to_unicast on neigh_suppress on vlan_tunnel off isolated on "
                 "locked off backup_port v0"),
    ("link-set-hwmode", "bridge link set dev v1 hwmode vepa self"),
    ("link-set-nobackup", "bridge link set dev v1 nobackup_port master"),
    ("link-show", "bridge link show"),
]

# The state whose dumps are kept.
LIVE = [
    "bridge link set dev v1 learning on flood on isolated off mcast_router 2 neigh_suppress off",
    "bridge mdb add dev br0 port v1 grp 239.1.2.1 permanent",
    "bridge mdb add dev br0 port v1 grp 239.1.2.2 src 192.0.2.6 permanent",
    "bridge mdb add dev br0 port v1 grp ff0e::2 temp",
    "bridge mdb add dev br0 port v1 grp 01:00:5e:01:02:01 permanent",
    "bridge vni add dev vx1 vni 100",
    "bridge vni add dev vx1 vni 200-210 remote 192.0.2.30",
    "bridge vni add dev vx1 vni 400 remote 2001:db8::8",
    "bridge fdb add 02:00:00:00:01:aa dev v1 master static",
    "bridge fdb add 02:00:00:00:01:bb dev vx0 dst 192.0.2.22 port 4790 vni 100 via v0 self permanent",
]

STRACE = ["strace", "-f", "-qq", "-e", "trace=sendmsg,sendto", "-e", "write=3,4,5,6",
          "-s", "65535", "-xx"]
HEXLINE = re.compile(r"^ \| ([0-9a-f]{5})  (.{48})")


def sh(cmd, check=True):
    return nl.run(cmd, check=check, capture_output=True, text=True)


def traced(cmd):
    """What the command passed to each sendmsg/sendto (its buffers joined), its exit status
    and stderr."""
    r = subprocess.run(STRACE + cmd.split(), capture_output=True, text=True)
    buffers, cur = [], None
    for line in r.stderr.splitlines():
        if line.startswith(" * ") and "bytes in buffer" in line:
            if line.endswith(" buffer 0"):
                cur = bytearray()
                buffers.append(cur)
            continue
        if line.startswith("sendto(") or line.startswith("sendmsg("):
            if line.startswith("sendto("):
                cur = bytearray()
                buffers.append(cur)
            continue
        m = HEXLINE.match(line)
        if m and cur is not None:
            cur.extend(bytes.fromhex(m.group(2).replace(" ", "")))
    noise = [l for l in r.stderr.splitlines()
             if not (l.startswith("sendmsg(") or l.startswith("sendto(") or l.startswith(" ")
                     or l.startswith("+++"))]
    return [bytes(b) for b in buffers], r.returncode, " / ".join(noise)


def capture_requests(outdir):
    rows = []
    for name, cmd in REQUESTS:
        buffers, status, err = traced(cmd)
        msgs = b""
        for b in buffers:
            # A dump request goes out with the whole buffer `bridge` reserved for it: what
            # follows nlmsg_len (zeros) is not part of the message.
            off = 0
            while off + 16 <= len(b):
                l, t = struct.unpack_from("=IH", b, off)
                if l < 16 or off + l > len(b):
                    break
                # The link dump `bridge` makes for its name cache is not the request.
                if not (t == RTM_GETLINK and b[off + 16:off + 17] == b"\x00"):
                    if t not in RTNL_TYPES:
                        raise SystemExit("%s: bridge sent message type %d" % (name, t))
                    msgs += b[off:off + l] + b"\0" * ((4 - l % 4) % 4)
                off += (l + 3) & ~3
        if not msgs:
            raise SystemExit("%s: bridge sent nothing (%s)" % (name, err))
        nl.save_raw(outdir, "req-%s.bin" % name, msgs)
        rows.append("%s\t%d\t%s\t%s\n" % (name, status, cmd, err))
        print("request %-24s %4d bytes, exit %d %s" % (name, len(msgs), status, err),
              file=sys.stderr)
    with open(os.path.join(outdir, "requests.tsv"), "w") as f:
        f.write("# name\texit status\tcommand line\twhat bridge printed\n")
        f.writelines(rows)


def capture_dumps(outdir):
    for c in LIVE:
        sh(c)
    nl.settle()
    bpm = struct.pack("=BxxxI", AF_BRIDGE, 0)
    nl.dump(outdir, "dump-mdb", RTM_GETMDB, bpm, 7001)
    tmsg = struct.pack("=BBHI", AF_BRIDGE, 0, 0, 0)
    nl.dump(outdir, "dump-vni", RTM_GETTUNNEL, tmsg, 7002)
    tmsg = struct.pack("=BBHI", AF_BRIDGE, TUNNEL_MSG_FLAG_STATS, 0, socket.if_nametoindex("vx1"))
    nl.dump(outdir, "dump-vni-stats", RTM_GETTUNNEL, tmsg, 7003)
    ndm = struct.pack("=BBHiHBB", AF_BRIDGE, 0, 0, 0, 0, 0, 0)
    nl.dump(outdir, "dump-fdb", RTM_GETNEIGH, ndm, 7004)
    ifm = struct.pack("=BxHiII", AF_BRIDGE, 0, 0, 0, 0)
    nl.dump(outdir, "dump-link-bridge", RTM_GETLINK,
            ifm + nl.nlattr(IFLA_EXT_MASK, struct.pack("=I", RTEXT_FILTER_BRVLAN)), 7005)
    ifs = {n: socket.if_nametoindex(n) for n in ("lo", "v0", "v1", "br0", "vx0", "vx1")}
    with open(os.path.join(outdir, "ifindex.txt"), "w") as f:
        f.writelines("%s %d\n" % kv for kv in ifs.items())


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else HERE
    nl.assert_private_netns()
    for c in BASE:
        nl.run(c)
    capture_requests(outdir)
    capture_dumps(outdir)


if __name__ == "__main__":
    main()
