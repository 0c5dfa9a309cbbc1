#!/usr/bin/env python3
"""Capture real kernel NETLINK_GENERIC replies and notifications as binary test vectors.

Run inside a fresh, private network namespace (as root), with iproute2 and ethtool installed:

    ip netns add nlcap-$$
    ip netns exec nlcap-$$ python3 capture_genl.py [OUTDIR]
    ip netns del nlcap-$$

The script sets the namespace up itself (lo, a veth pair veth0/veth1 with fixed MACs, a tap
device tap0, documentation addresses, three MPTCP endpoints and limits, one local TCP and one
local MPTCP connection), then writes, each datagram exactly as received:

  genl_ctrl_families.bin   CTRL_CMD_GETFAMILY dump: every family, its ops and groups (the ids
                           every other capture was taken with)
  genl_ctrl_ethtool.bin    CTRL_CMD_GETFAMILY for "ethtool" by name (a single reply)
  genl_policy_nlctrl.bin   CTRL_CMD_GETPOLICY dump for "nlctrl"
  genl_policy_ethtool.bin  CTRL_CMD_GETPOLICY dump for "ethtool", op ETHTOOL_MSG_LINKINFO_GET (2)
  genl_policy_netdev.bin   CTRL_CMD_GETPOLICY dump for "netdev", every op
  genl_policy_mptcp.bin    CTRL_CMD_GETPOLICY dump for "mptcp_pm", every op
  genl_ethtool.bin         ethtool replies: STRSET (features, link modes, msg classes of veth0),
                           LINKINFO, LINKMODES, LINKSTATE, FEATURES, CHANNELS, TSINFO, STATS for
                           veth0; COALESCE and DEBUG for tap0; a LINKINFO dump of every device
  genl_ethtool_monitor.bin the "monitor" group while `ethtool -K veth0 gro on` and
                           `ethtool -L veth0 rx 2` run
  genl_mptcp.bin           MPTCP_PM_CMD_GET_ADDR dump, then MPTCP_PM_CMD_GET_LIMITS
  genl_mptcp_events.bin    the "mptcp_pm_events" group during one local MPTCP connection
  genl_tcp_metrics.bin     TCP_METRICS_CMD_GET dump after one local TCP connection
  genl_netdev.bin          NETDEV_CMD_DEV_GET, QUEUE_GET, NAPI_GET and QSTATS_GET dumps

Requests carry fixed sequence numbers (5001 on). Stdlib only, like capture.py.
"""

import os
import socket
import struct
import subprocess
import sys
import threading
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
GENL_ID_CTRL = 0x10
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLA_F_NESTED = 0x8000
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_OP = 1, 2, 7, 10
NLMSG_ERROR, NLMSG_DONE = 2, 3
IPPROTO_MPTCP = 262


def private_netns():
    out = subprocess.run(["ip", "netns", "identify"], capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit("capture_genl.py: run it inside a private named network namespace")


def sh(*cmd):
    subprocess.run(cmd, check=True, capture_output=True)


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def strz(s):
    return s.encode() + b"\0"


def attrs_of(payload):
    out, at = {}, 0
    while at + 4 <= len(payload):
        n, t = struct.unpack_from("=HH", payload, at)
        out.setdefault(t & 0x3FFF, payload[at + 4:at + n])
        at += (n + 3) & ~3
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.seq = 5000
        self.families = {}

    def request(self, family, cmd, flags, attrs=b"", version=1):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        self.s.send(struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0) + body)
        dgrams = []
        while True:
            d = self.s.recv(1 << 20)
            dgrams.append(d)
            off, end = 0, False
            while off + 16 <= len(d):
                ln, t = struct.unpack_from("=IH", d, off)
                if t in (NLMSG_ERROR, NLMSG_DONE):
                    end = True
                off += (ln + 3) & ~3
            if end:
                return dgrams

    def resolve(self, name):
        """(id, {group name: group id}) of family `name`."""
        d = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST | NLM_F_ACK,
                         attr(CTRL_ATTR_FAMILY_NAME, strz(name)))[0]
        a = attrs_of(d[20:struct.unpack_from("=I", d)[0]])
        fid = struct.unpack("=H", a[CTRL_ATTR_FAMILY_ID][:2])[0]
        groups = {}
        for g in attrs_of(a.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            ga = attrs_of(g)
            groups[ga[1].rstrip(b"\0").decode()] = struct.unpack("=I", ga[2])[0]
        return fid, groups


def listen(groups):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    for g in groups:
        s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)
    return s


def drain(s, quiet=1.0):
    s.settimeout(quiet)
    out = []
    while True:
        try:
            out.append(s.recv(1 << 20))
        except socket.timeout:
            return out


def setup():
    sh("ip", "link", "set", "lo", "up")
    sh("ip", "link", "add", "veth0", "address", "02:00:00:00:00:01", "type", "veth",
       "peer", "name", "veth1", "address", "02:00:00:00:00:02")
    sh("ip", "link", "set", "veth0", "up")
    sh("ip", "link", "set", "veth1", "up")
    sh("ip", "tuntap", "add", "mode", "tap", "tap0")
    sh("ip", "link", "set", "tap0", "address", "02:00:00:00:00:03")
    sh("ip", "addr", "add", "192.0.2.1/24", "dev", "veth0")
    sh("ip", "-6", "addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad")
    sh("ip", "mptcp", "endpoint", "add", "192.0.2.1", "dev", "veth0", "signal", "id", "5")
    sh("ip", "mptcp", "endpoint", "add", "2001:db8::1", "port", "8080", "signal", "backup")
    sh("ip", "mptcp", "endpoint", "add", "192.0.2.7", "subflow", "fullmesh")
    sh("ip", "mptcp", "limits", "set", "subflow", "3", "add_addr_accepted", "4")
    time.sleep(1)


def connect_once(proto=0, port=9000):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("192.0.2.1", port))
    srv.listen()

    def serve():
        c, _ = srv.accept()
        c.recv(10)
        c.close()

    t = threading.Thread(target=serve)
    t.start()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    c.connect(("192.0.2.1", port))
    c.send(b"hi")
    t.join()
    c.close()
    srv.close()


def ethtool_header(dev, flags=0, kind=1):
    parts = [attr(2, strz(dev))] if dev else []
    if flags:
        parts.append(attr(3, struct.pack("=I", flags)))
    return nest(kind, *parts)


def main():
    private_netns()
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    setup()
    g = Genl()
    req, dump = NLM_F_REQUEST | NLM_F_ACK, NLM_F_REQUEST | NLM_F_DUMP
    name = lambda n: attr(CTRL_ATTR_FAMILY_NAME, strz(n))
    files = {
        "genl_ctrl_families.bin": g.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, dump),
        "genl_ctrl_ethtool.bin": g.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, req, name("ethtool")),
        "genl_policy_nlctrl.bin": g.request(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, dump, name("nlctrl")),
        "genl_policy_ethtool.bin": g.request(
            GENL_ID_CTRL, CTRL_CMD_GETPOLICY, dump,
            name("ethtool") + attr(CTRL_ATTR_OP, struct.pack("=I", 2))),
        "genl_policy_netdev.bin": g.request(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, dump, name("netdev")),
        "genl_policy_mptcp.bin": g.request(GENL_ID_CTRL, CTRL_CMD_GETPOLICY, dump, name("mptcp_pm")),
    }

    eth, eth_groups = g.resolve("ethtool")
    e = []
    sets = nest(2, *[nest(1, attr(1, struct.pack("=I", i))) for i in (4, 9, 10)])
    e += g.request(eth, 1, req, ethtool_header("veth0") + sets)
    for cmd in (2, 4, 6, 11, 17, 25):  # LINKINFO LINKMODES LINKSTATE FEATURES CHANNELS TSINFO
        e += g.request(eth, cmd, req, ethtool_header("veth0"))
    groups = nest(3, attr(1, b""), nest(3, *[nest(1, attr(2, strz(n)))
                                               for n in ("eth-phy", "eth-mac", "eth-ctrl", "rmon")]))
    e += g.request(eth, 32, req, ethtool_header("veth0", kind=2) + groups)
    for cmd in (19, 7):  # COALESCE DEBUG
        e += g.request(eth, cmd, req, ethtool_header("tap0"))
    e += g.request(eth, 2, dump, ethtool_header(None))
    files["genl_ethtool.bin"] = e

    mon = listen([eth_groups["monitor"]])
    sh("ethtool", "-K", "veth0", "gro", "on")
    sh("ethtool", "-L", "veth0", "rx", "2")
    files["genl_ethtool_monitor.bin"] = drain(mon)
    sh("ethtool", "-L", "veth0", "rx", "1")

    mptcp, mptcp_groups = g.resolve("mptcp_pm")
    files["genl_mptcp.bin"] = g.request(mptcp, 3, dump) + g.request(mptcp, 6, req)
    ev = listen([mptcp_groups["mptcp_pm_events"]])
    connect_once(IPPROTO_MPTCP, 9001)
    files["genl_mptcp_events.bin"] = drain(ev)

    connect_once(0, 9000)
    time.sleep(0.2)
    tcpm, _ = g.resolve("tcp_metrics")
    files["genl_tcp_metrics.bin"] = g.request(tcpm, 1, dump)

    nd, _ = g.resolve("netdev")
    files["genl_netdev.bin"] = (g.request(nd, 1, dump) + g.request(nd, 10, dump)
                                + g.request(nd, 11, dump) + g.request(nd, 12, dump))

    for f, dgrams in files.items():
        with open(os.path.join(out, f), "wb") as fh:
            fh.write(b"".join(dgrams))
        print(f, sum(len(d) for d in dgrams), "bytes in", len(dgrams), "datagrams")


if __name__ == "__main__":
    main()
