#!/usr/bin/env python3
"""Capture real kernel NETLINK_ROUTE replies as binary test vectors.

MUST be run inside a fresh, private network namespace; it refuses to run in
the init namespace.  Typical use (as root):

    ip netns add nlcap-$$
    ip netns exec nlcap-$$ python3 capture.py [OUTDIR]
    ip netns del nlcap-$$

`python3 capture.py --check [DIR]` only walks the existing *.bin files and
prints a summary (no namespace needed, nothing is changed).

Stdlib only.  Every reply datagram is kept byte-for-byte as received.
"""

import os
import socket
import struct
import subprocess
import sys
import time

# ---------------------------------------------------------------- constants
NETLINK_ROUTE = 0
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12

NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN = 1, 2, 3, 4
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 0x1, 0x2, 0x4, 0x8
NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED = 0x10, 0x20
NLM_F_ROOT, NLM_F_MATCH = 0x100, 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 0x100, 0x200, 0x400, 0x800
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200

RTM = {
    16: "RTM_NEWLINK", 17: "RTM_DELLINK", 18: "RTM_GETLINK", 19: "RTM_SETLINK",
    20: "RTM_NEWADDR", 21: "RTM_DELADDR", 22: "RTM_GETADDR",
    24: "RTM_NEWROUTE", 25: "RTM_DELROUTE", 26: "RTM_GETROUTE",
    28: "RTM_NEWNEIGH", 29: "RTM_DELNEIGH", 30: "RTM_GETNEIGH",
    32: "RTM_NEWRULE", 33: "RTM_DELRULE", 34: "RTM_GETRULE",
    104: "RTM_NEWNEXTHOP", 105: "RTM_DELNEXTHOP", 106: "RTM_GETNEXTHOP",
}
NLMSG_NAMES = {1: "NLMSG_NOOP", 2: "NLMSG_ERROR", 3: "NLMSG_DONE", 4: "NLMSG_OVERRUN"}
NLMSGERR_ATTRS = {1: "MSG", 2: "OFFS", 3: "COOKIE", 4: "POLICY", 5: "MISS_TYPE", 6: "MISS_NEST"}

RTM_NEWLINK, RTM_GETLINK = 16, 18
RTM_NEWADDR, RTM_GETADDR = 20, 22
RTM_NEWROUTE, RTM_GETROUTE = 24, 26
RTM_GETNEIGH = 30
RTM_GETRULE = 34
RTM_NEWNEXTHOP, RTM_GETNEXTHOP = 104, 106

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
NTF_PROXY = 0x08
IFF_UP = 0x1
IFLA_MTU = 4
RTA_DST, RTA_OIF, RTA_GATEWAY = 1, 4, 5
NHA_ID, NHA_OIF, NHA_GATEWAY = 1, 5, 6
RT_TABLE_MAIN = 254
RTPROT_STATIC, RT_SCOPE_UNIVERSE, RTN_UNICAST = 4, 0, 1

RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV4_ROUTE = 0x1, 0x10, 0x40
RTMGRP_NEIGH, RTMGRP_IPV6_IFADDR, RTMGRP_IPV6_ROUTE = 0x4, 0x100, 0x400

GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NETDEV_CMD_DEV_GET = 1

NLMSG_HDR = struct.Struct("=IHHII")  # len, type, flags, seq, pid

# ------------------------------------------------------------ namespace setup
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
    "ip link add mv0 link veth0 address 02:00:00:00:00:05 type macvlan mode bridge",
    "ip link set mv0 up",
    "ip addr add 192.0.2.1/24 dev veth0",
    "ip -6 addr add 2001:db8::1/64 dev veth0 nodad",
    "ip route add 198.51.100.0/24 via 192.0.2.254",
    "ip route add 203.0.113.0/24 nexthop via 192.0.2.253 weight 1 nexthop via 192.0.2.252 weight 2",
    "ip route add 203.0.113.0/24 via 192.0.2.254 dev veth0 table 100 mtu 1400 advmss 1360",
    "ip -6 route add 2001:db8:1::/48 via 2001:db8::fe",
    "ip neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev veth0 nud permanent",
    "ip -6 neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev veth0 nud permanent",
    "ip neigh add proxy 192.0.2.10 dev veth0",
    "ip -6 neigh add proxy 2001:db8::10 dev veth0",
    "ip rule add from 192.0.2.0/24 table 100 priority 100",
    "ip rule add fwmark 0x10 table 100 priority 200",
    "ip -6 rule add from 2001:db8::/32 table 100",
    "ip rule add ipproto tcp sport 1000-2000 dport 3000-4000 uidrange 100-200 table 100 priority 300",
    "ip nexthop add id 7 via 192.0.2.254 dev veth0",
    "ip nexthop add id 8 via 192.0.2.253 dev veth0",
    "ip nexthop add id 9 group 7/8,2",
    "ip nexthop add id 10 blackhole",
    "ip route add 198.51.100.128/25 nhid 7 table 100",
]

# Commands whose notifications are recorded (socket bound to 1|0x10|0x40).
NOTIFY = [
    ("notify_addr", "ip addr add 192.0.2.2/24 dev veth0"),
    ("notify_route", "ip route add 198.51.100.64/26 via 192.0.2.254"),
    ("notify_link", "ip link add veth2 address 02:00:00:00:00:06 type veth peer name veth3 address 02:00:00:00:00:07"),
]

BIG_ROUTES = 3000


def run(cmd, check=True, **kw):
    print("+ " + cmd, file=sys.stderr)
    r = subprocess.run(cmd.split(), **kw)
    if check and r.returncode != 0:
        raise SystemExit("command failed: %s" % cmd)
    return r


def assert_private_netns():
    # Must be inside a named namespace (ip netns exec) ...
    name = subprocess.run(["ip", "netns", "identify", str(os.getpid())],
                          capture_output=True, text=True).stdout.strip()
    if not name:
        raise SystemExit("refusing to run outside a named network namespace; use ip netns exec")
    print("running in netns %s" % name, file=sys.stderr)
    # ... and that namespace must be fresh.
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    if len(out.strip().splitlines()) != 1:
        raise SystemExit("namespace is not fresh (expected only lo):\n" + out)


# ------------------------------------------------------------------ helpers
def nlattr(t, payload):
    l = 4 + len(payload)
    return struct.pack("=HH", l, t) + payload + b"\0" * ((4 - l % 4) % 4)


def nlmsg(mtype, flags, seq, payload):
    return NLMSG_HDR.pack(NLMSG_HDR.size + len(payload), mtype, flags, seq, 0) + payload


def nlsock(proto=NETLINK_ROUTE, groups=0, opts=()):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    for o in opts:
        s.setsockopt(SOL_NETLINK, o, 1)
    s.bind((0, groups))
    return s


def recv_one(s, timeout=None):
    s.settimeout(timeout)
    try:
        data, _anc, flags, _addr = s.recvmsg(1 << 20)
    except socket.timeout:
        return None
    if flags & socket.MSG_TRUNC:
        raise SystemExit("datagram truncated")
    return data


def walk(buf):
    """Yield (offset, len, type, flags, seq, pid, payload); insist on exact fit."""
    off = 0
    while off < len(buf):
        if len(buf) - off < NLMSG_HDR.size:
            raise ValueError("trailing %d bytes at %d" % (len(buf) - off, off))
        l, t, f, seq, pid = NLMSG_HDR.unpack_from(buf, off)
        if l < NLMSG_HDR.size or off + l > len(buf):
            raise ValueError("bad nlmsg_len %d at %d (buf %d)" % (l, off, len(buf)))
        yield off, l, t, f, seq, pid, buf[off + NLMSG_HDR.size:off + l]
        off += (l + 3) & ~3
    if off != len(buf):
        raise ValueError("walk overshot: %d != %d" % (off, len(buf)))


def is_terminal(dgram):
    return any(t in (NLMSG_DONE, NLMSG_ERROR) for _o, _l, t, *_ in walk(dgram))


def request(s, msg):
    """Send one request; return the list of reply datagrams up to DONE/ERROR."""
    s.send(msg)
    dgrams = []
    while True:
        d = recv_one(s, timeout=5)
        if d is None:
            raise SystemExit("timeout waiting for reply")
        dgrams.append(d)
        if is_terminal(d):
            return dgrams


def save(outdir, name, dgrams, per_datagram=False):
    with open(os.path.join(outdir, name + ".bin"), "wb") as f:
        f.write(b"".join(dgrams))
    if len(dgrams) > 1:
        with open(os.path.join(outdir, name + ".lens"), "w") as f:
            f.write("".join("%d\n" % len(d) for d in dgrams))
        if per_datagram:
            for i, d in enumerate(dgrams):
                with open(os.path.join(outdir, "%s.%d.bin" % (name, i)), "wb") as f:
                    f.write(d)
    print("saved %-24s %3d datagram(s) %s" % (name, len(dgrams), [len(d) for d in dgrams]),
          file=sys.stderr)


def save_raw(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def dump(outdir, name, mtype, hdr, seq, per_datagram=False, opts=()):
    s = nlsock(opts=opts)  # fresh socket per dump -> deterministic datagram sizing
    dgrams = request(s, nlmsg(mtype, NLM_F_REQUEST | NLM_F_DUMP, seq, hdr))
    s.close()
    save(outdir, name, dgrams, per_datagram)
    return dgrams


def settle(quiet=2.0, limit=20.0):
    """Wait until no rtnetlink notification has arrived for `quiet` seconds."""
    s = nlsock(groups=RTMGRP_LINK | RTMGRP_NEIGH | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE
               | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE)
    t0, n = time.time(), 0
    while time.time() - t0 < limit and recv_one(s, timeout=quiet) is not None:
        n += 1
    s.close()
    print("settled after %.1fs (%d notification datagrams)" % (time.time() - t0, n),
          file=sys.stderr)


def ifindex(name):
    return socket.if_nametoindex(name)


# ------------------------------------------------------------------ capture
def capture(outdir):
    assert_private_netns()
    for c in SETUP:
        run(c)
    settle()  # let linkwatch / IPv6 DAD finish so the dumps see a stable state

    ifinfomsg0 = struct.pack("=BBHiII", AF_UNSPEC, 0, 0, 0, 0, 0)
    dump(outdir, "link_dump", RTM_GETLINK, ifinfomsg0, 1001, per_datagram=True)
    dump(outdir, "addr_dump", RTM_GETADDR, struct.pack("=BBBBI", AF_UNSPEC, 0, 0, 0, 0), 1002)
    rtmsg = lambda fam: struct.pack("=BBBBBBBBI", fam, 0, 0, 0, 0, 0, 0, 0, 0)
    dump(outdir, "route4_dump", RTM_GETROUTE, rtmsg(AF_INET), 1003)
    dump(outdir, "route6_dump", RTM_GETROUTE, rtmsg(AF_INET6), 1004)
    ndmsg = lambda fl: struct.pack("=BBHiHBB", AF_UNSPEC, 0, 0, 0, 0, fl, 0)
    dump(outdir, "neigh_dump", RTM_GETNEIGH, ndmsg(0), 1005)
    dump(outdir, "neigh_proxy_dump", RTM_GETNEIGH, ndmsg(NTF_PROXY), 1006)
    # struct fib_rule_hdr has the same layout as struct rtmsg
    dump(outdir, "rule4_dump", RTM_GETRULE, rtmsg(AF_INET), 1007)
    dump(outdir, "rule6_dump", RTM_GETRULE, rtmsg(AF_INET6), 1008)
    dump(outdir, "nexthop_dump", RTM_GETNEXTHOP, struct.pack("=BBBBI", AF_UNSPEC, 0, 0, 0, 0), 1009)

    # --- ACK: "set lo up" (already up: no state change), NLM_F_ACK
    req = nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 2001,
                struct.pack("=BBHiII", AF_UNSPEC, 0, 0, ifindex("lo"), IFF_UP, IFF_UP))
    s = nlsock()
    save_raw(outdir, "ack.request.bin", req)
    save(outdir, "ack", request(s, req))
    s.close()

    # --- error WITHOUT ext-ack TLVs even though NETLINK_EXT_ACK is on:
    #     RTM_NEWROUTE 198.51.100.0/25 with RTA_OIF of a nonexistent ifindex (999)
    #     -> -ENODEV, kernel sets no message.
    def route_req(seq, attrs):
        rt = struct.pack("=BBBBBBBBI", AF_INET, 25, 0, 0, RT_TABLE_MAIN, RTPROT_STATIC,
                         RT_SCOPE_UNIVERSE, RTN_UNICAST, 0)
        rt += nlattr(RTA_DST, socket.inet_aton("198.51.100.0")) + attrs
        return nlmsg(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, rt)
    req = route_req(3000, nlattr(RTA_OIF, struct.pack("=I", 999)))
    save_raw(outdir, "error_noext.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK,))
    save(outdir, "error_noext", request(s, req))
    s.close()

    # --- error with ext-ack message: same route via gateway 203.0.113.77, which
    #     is not on-link -> -ENETUNREACH "Nexthop has invalid gateway"
    gw = nlattr(RTA_GATEWAY, socket.inet_aton("203.0.113.77"))
    req = route_req(3001, gw)
    save_raw(outdir, "error_extack.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK,))
    save(outdir, "error_extack", request(s, req))
    s.close()
    req = route_req(3002, gw)
    save_raw(outdir, "error_extack_capped.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK, NETLINK_CAP_ACK))
    save(outdir, "error_extack_capped", request(s, req))
    s.close()

    # --- attribute-level error (NLMSGERR_ATTR_OFFS): RTM_NEWLINK with a 2-byte IFLA_MTU
    req = nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 3003,
                struct.pack("=BBHiII", AF_UNSPEC, 0, 0, ifindex("veth0"), 0, 0)
                + nlattr(IFLA_MTU, struct.pack("=H", 1280)))
    save_raw(outdir, "error_offs.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK,))
    save(outdir, "error_offs", request(s, req))
    s.close()

    # --- message-only ext-ack on a doit: RTM_GETNEXTHOP without NHA_ID
    req = nlmsg(RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_ACK, 3004,
                struct.pack("=BBBBI", AF_UNSPEC, 0, 0, 0, 0))
    save_raw(outdir, "error_nh_noid.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK,))
    save(outdir, "error_nh_noid", request(s, req))
    s.close()

    # --- missing attribute (NLMSGERR_ATTR_MISS_TYPE): generic netlink, family
    #     "netdev", NETDEV_CMD_DEV_GET (doit) without NETDEV_A_DEV_IFINDEX
    s = nlsock(NETLINK_GENERIC, opts=(NETLINK_EXT_ACK,))
    req = nlmsg(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, 3006,
                struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0)
                + nlattr(CTRL_ATTR_FAMILY_NAME, b"netdev\0"))
    reply = b"".join(request(s, req))
    fam = None
    for _o, _l, t, _f, _s, _p, p in walk(reply):
        if t == GENL_ID_CTRL:
            off = 4
            while off + 4 <= len(p):
                al, at = struct.unpack_from("=HH", p, off)
                if at == CTRL_ATTR_FAMILY_ID:
                    fam = struct.unpack_from("=H", p, off + 4)[0]
                off += (al + 3) & ~3
    if fam is None:
        print("genl family netdev not found; skipping error_miss", file=sys.stderr)
    else:
        req = nlmsg(fam, NLM_F_REQUEST | NLM_F_ACK, 3007,
                    struct.pack("=BBH", NETDEV_CMD_DEV_GET, 1, 0))
        save_raw(outdir, "error_miss.request.bin", req)
        save(outdir, "error_miss", request(s, req))
    s.close()

    # --- NLMSG_DONE carrying an error: strict-checked link dump with ifi_index != 0
    req = nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 3005,
                struct.pack("=BBHiII", AF_UNSPEC, 0, 0, ifindex("veth0"), 0, 0))
    save_raw(outdir, "done_extack.request.bin", req)
    s = nlsock(opts=(NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK))
    save(outdir, "done_extack", request(s, req))
    s.close()

    # --- notifications
    for name, cmd in NOTIFY:
        settle()
        s = nlsock(groups=RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE)
        run(cmd)
        dgrams = []
        while True:
            d = recv_one(s, timeout=0.5)
            if d is None:
                break
            dgrams.append(d)
        s.close()
        save(outdir, name, dgrams)

    # --- big route dump
    lines = "".join("route add blackhole 198.18.%d.%d/32\n" % (i // 250, i % 250 + 1)
                    for i in range(BIG_ROUTES))
    print("+ ip -batch - (%d routes)" % BIG_ROUTES, file=sys.stderr)
    subprocess.run(["ip", "-batch", "-"], input=lines, text=True, check=True)
    d = dump(outdir, "route4_dump_big", RTM_GETROUTE, rtmsg(AF_INET), 4001)
    assert sum(map(len, d)) < (1 << 20)


# ------------------------------------------------------------------ summary
GENL_FILES = {"error_miss.request.bin"}  # generic netlink, type = dynamic family id


def describe(path):
    buf = open(path, "rb").read()
    genl = os.path.basename(path) in GENL_FILES
    counts, order, notes = {}, [], []
    for off, l, t, f, seq, pid, p in walk(buf):
        name = NLMSG_NAMES.get(t) or ("GENL(family %d, cmd %d)" % (t, p[0]) if genl else None) \
            or RTM.get(t) or "type%d" % t
        if t == NLMSG_ERROR:
            err = struct.unpack_from("=i", p)[0]
            name = "NLMSG_ERROR(%d)" % err
            ihdr = NLMSG_HDR.unpack_from(p, 4)
            inner = 4 + (NLMSG_HDR.size if f & NLM_F_CAPPED else ((ihdr[0] + 3) & ~3))
            fl = [n for b, n in ((NLM_F_CAPPED, "CAPPED"), (NLM_F_ACK_TLVS, "ACK_TLVS")) if f & b]
            notes.append("error=%d flags=0x%x(%s) echoed=%dB tlvs=%s" % (
                err, f, "|".join(fl) or "-", inner - 4, tlvs(p[inner:])))
        elif t == NLMSG_DONE:
            err = struct.unpack_from("=i", p)[0] if len(p) >= 4 else None
            name = "NLMSG_DONE(%s)" % err
            if f & NLM_F_ACK_TLVS:
                notes.append("DONE flags=0x%x tlvs=%s" % (f, tlvs(p[4:])))
        if name not in counts:
            order.append(name)
        counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    return len(buf), total, ", ".join("%s x%d" % (n, counts[n]) for n in order), notes


def tlvs(b):
    out, off = [], 0
    while off + 4 <= len(b):
        l, t = struct.unpack_from("=HH", b, off)
        if l < 4:
            break
        v = b[off + 4:off + l]
        n = NLMSGERR_ATTRS.get(t & 0x3fff, str(t))
        if n == "MSG":
            out.append('MSG="%s"' % v.rstrip(b"\0").decode())
        elif n in ("OFFS", "MISS_TYPE", "MISS_NEST") and len(v) == 4:
            out.append("%s=%d" % (n, struct.unpack("=I", v)[0]))
        else:
            out.append("%s(%dB)" % (n, len(v)))
        off += (l + 3) & ~3
    return "[" + ", ".join(out) + "]"


def check(d):
    rows = []
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".bin"):
            continue
        size, n, kinds, notes = describe(os.path.join(d, fn))
        lens = os.path.join(d, fn[:-4] + ".lens")
        extra = ""
        if os.path.exists(lens):
            ls = [int(x) for x in open(lens).read().split()]
            assert sum(ls) == size, fn
            off = 0
            data = open(os.path.join(d, fn), "rb").read()
            for l in ls:  # every datagram must walk on its own
                list(walk(data[off:off + l]))
                off += l
            extra = " datagrams=%d %s" % (len(ls), ls if len(ls) <= 8 else
                                           "[%d, %d, ... %d]" % (ls[0], ls[1], ls[-1]))
        rows.append("%-30s %7d B %5d msgs: %s%s" % (fn, size, n, kinds, extra))
        for note in notes:
            rows.append("%-30s     %s" % ("", note))
    print("\n".join(rows))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        check(sys.argv[2] if len(sys.argv) > 2 else here)
    else:
        out = sys.argv[1] if len(sys.argv) > 1 else here
        capture(out)
        check(out)
