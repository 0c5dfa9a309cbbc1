#!/usr/bin/env python3
"""Capture real kernel NETLINK_GENERIC control-family replies as binary test vectors.

Run inside a fresh, private network namespace (as root):

    ip netns add nlcap-$$
    ip netns exec nlcap-$$ python3 capture_genl.py [OUTDIR]
    ip netns del nlcap-$$

Writes, each datagram exactly as received:
  genl_ctrl_families.bin  CTRL_CMD_GETFAMILY dump: every family, its ops and groups
  genl_ctrl_ethtool.bin   CTRL_CMD_GETFAMILY for "ethtool" by name (a single reply)
  genl_policy_nlctrl.bin  CTRL_CMD_GETPOLICY dump for "nlctrl"
  genl_policy_ethtool.bin CTRL_CMD_GETPOLICY dump for "ethtool", op ETHTOOL_MSG_LINKINFO_GET (2)
Stdlib only, like capture.py.
"""

import os
import socket
import struct
import subprocess
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_OP = 2, 10
NLMSG_ERROR, NLMSG_DONE = 2, 3


def private_netns():
    out = subprocess.run(["ip", "netns", "identify"], capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit("capture_genl.py: run it inside a private named network namespace")


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def request(s, seq, flags, cmd, attrs=b""):
    body = struct.pack("=BBH", cmd, 1, 0) + attrs
    s.send(struct.pack("=IHHII", 16 + len(body), GENL_ID_CTRL, flags, seq, 0) + body)
    dgrams = []
    while True:
        d = s.recv(1 << 20)
        dgrams.append(d)
        off, end = 0, False
        while off + 16 <= len(d):
            ln, t = struct.unpack_from("=IH", d, off)
            if t in (NLMSG_ERROR, NLMSG_DONE):
                end = True
            off += (ln + 3) & ~3
        if end:
            return dgrams


def main():
    private_netns()
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.bind((0, 0))
    name = lambda n: attr(CTRL_ATTR_FAMILY_NAME, n.encode() + b"\0")
    files = {
        "genl_ctrl_families.bin": request(s, 5001, NLM_F_REQUEST | NLM_F_DUMP, CTRL_CMD_GETFAMILY),
        "genl_ctrl_ethtool.bin": request(s, 5002, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, name("ethtool")),
        "genl_policy_nlctrl.bin": request(s, 5003, NLM_F_REQUEST | NLM_F_DUMP, CTRL_CMD_GETPOLICY, name("nlctrl")),
        "genl_policy_ethtool.bin": request(
            s, 5004, NLM_F_REQUEST | NLM_F_DUMP, CTRL_CMD_GETPOLICY,
            name("ethtool") + attr(CTRL_ATTR_OP, struct.pack("=I", 2)),
        ),
    }
    for f, dgrams in files.items():
        with open(os.path.join(out, f), "wb") as fh:
            fh.write(b"".join(dgrams))
        print(f, sum(len(d) for d in dgrams), "bytes in", len(dgrams), "datagrams")


if __name__ == "__main__":
    main()
