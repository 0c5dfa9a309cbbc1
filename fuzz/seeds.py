#!/usr/bin/env python3
"""Write the named seed files of the fuzz corpus (stdlib only).

    python3 fuzz/seeds.py            # (re)write every seed into fuzz/corpus/<target>/
    python3 fuzz/seeds.py --prune    # also delete fuzzer-named files that duplicate a seed,
                                     # and named files this script no longer writes
    python3 fuzz/seeds.py --check    # write nothing; exit 1 if the corpus is not what
                                     # --prune would leave (`cargo xtask ci` runs this)

Seeds come from the real kernel captures in crates/netlink-wire/testdata (see its README.md)
and from hand-made edge cases. They are named for what they hold (`capture-*`, `edge-*`,
`script-*`); files the fuzzer adds are named by the SHA-1 of their content. After
`cargo fuzz cmin <target> -- -use_counters=0`, run this again with --prune: cmin keeps
whatever adds coverage under a SHA-1 name, and this puts the descriptive names back and drops
the duplicates.

The named files of the corpus are exactly what this script writes: a seed is made here, not
by hand. The lists of message types that a target's first byte picks from are read from the
targets' Rust sources (`TYPES`, `MORE_TYPES`), so that a seed picks the type its name says
after those lists change; reordering one changes the seeds' first bytes, which --check reports
until the corpus is written again.

The build_roundtrip scripts follow the format documented on `netlink_fuzz::build_roundtrip`
in fuzz/src/lib.rs; keep the two in step.
"""

import hashlib
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "crates", "netlink-wire", "testdata")
# The capture folders, and the prefix their seeds' names get.
CAPTURE_DIRS = [(TESTDATA, ""), (os.path.join(TESTDATA, "tc"), "tc-"),
                (os.path.join(TESTDATA, "bridge"), "bridge-")]
CORPUS = os.path.join(HERE, "corpus")
# The fuzzer names what it adds by the SHA-1 of its content.
FUZZER_NAME = re.compile(r"^[0-9a-f]{40}$")

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLA_F_NESTED = 0x8000


def family_header_len(t):
    """The fixed header before the attributes of RTNETLINK message type t (as check.rs)."""
    for lo, hi, n in [(16, 19, 16), (20, 23, 8), (24, 27, 12), (28, 31, 12), (32, 35, 12),
                      (36, 47, 20), (48, 50, 4), (64, 67, 4), (84, 86, 8), (100, 102, 20),
                      (104, 107, 8), (112, 114, 8), (116, 118, 8), (120, 122, 8),
                      (52, 52, 12), (56, 62, 8), (68, 68, 16), (72, 74, 12), (78, 79, 4),
                      (80, 82, 4), (88, 90, 4), (92, 95, 12), (96, 96, 4), (108, 109, 16)]:
        if lo <= t <= hi:
            return n
    return 0


def align(n):
    return (n + 3) & ~3


def nlmsg(t, flags, payload, seq=1, pid=0, length=None):
    if length is None:
        length = 16 + len(payload)
    return struct.pack("<IHHII", length, t, flags, seq, pid) + payload


def nla(t, payload, length=None):
    if length is None:
        length = 4 + len(payload)
    raw = struct.pack("<HH", length, t) + payload
    return raw + b"\0" * (align(len(raw)) - len(raw))


def messages(buf):
    """(type, flags, payload) of each message, as capture.py --check walks them."""
    out, at = [], 0
    while at + 16 <= len(buf):
        n, t, f = struct.unpack_from("<IHH", buf, at)
        if n < 16 or at + n > len(buf):
            break
        out.append((t, f, buf[at + 16:at + n]))
        at += align(n)
    return out


def attr_region(t, f, payload):
    """The attribute list inside a message: after the family header, or a control message's
    extended-ACK TLVs."""
    if t == NLMSG_ERROR:
        if len(payload) < 20:
            return b""
        if not f & NLM_F_ACK_TLVS:
            return b""
        echoed = 16 if f & NLM_F_CAPPED else struct.unpack_from("<I", payload, 4)[0]
        return payload[4 + align(echoed):]
    if t == NLMSG_DONE:
        return payload[4:]
    return payload[align(family_header_len(t)):]


def capture_files():
    """(folder, name prefix, file name) of every NETLINK_ROUTE capture: the generic netlink
    ones (genl_*, wg_*) seed `genl`."""
    return [(d, prefix, f) for d, prefix in CAPTURE_DIRS
            for f in sorted(os.listdir(d))
            if f.endswith(".bin") and not f.startswith(("genl_", "wg_"))]


def capture_seeds():
    """{target: {name: bytes}} from the testdata captures."""
    decode, attrs = {}, {}

    def add(files, name, data):
        # link_dump.{0,1,2}.bin are also link_dump.bin's datagrams: keep one copy of each.
        if data not in files.values():
            files[name] = data

    for d, prefix, fname in capture_files():
        stem = fname[:-4]
        data = open(os.path.join(d, fname), "rb").read()
        stem, path_stem = prefix + stem, os.path.join(d, stem)
        add(decode, f"capture-{stem}.bin", data)
        lens = path_stem + ".lens"
        if os.path.exists(lens):
            at = 0
            for i, n in enumerate(int(x) for x in open(lens).read().split()):
                add(decode, f"capture-{stem}-dgram{i}.bin", data[at:at + n])
                at += n
        # One attribute list per message, up to 8 per capture (the big dump repeats itself).
        seen = 0
        for i, (t, f, payload) in enumerate(messages(data)):
            region = attr_region(t, f, payload)
            if region and seen < 8 and region not in attrs.values():
                attrs[f"capture-{stem}-msg{i}-attrs.bin"] = region
                seen += 1
    return decode, attrs


def rust_types(path, name):
    """The `const NAME: [u16; N] = [...]` array of the Rust file fuzz/<path>."""
    text = open(os.path.join(HERE, path)).read()
    m = re.search(r"const " + name + r": \[u16; (\d+)\] = \[([^\]]*)\];", text)
    if not m:
        sys.exit(f"seeds.py: no `const {name}: [u16; N]` in fuzz/{path}")
    values = [int(v) for v in m.group(2).replace(",", " ").split()]
    if len(values) != int(m.group(1)):
        sys.exit(f"seeds.py: fuzz/{path}: {name} holds {len(values)} values, not {m.group(1)}")
    return values


# The notification types of the events target (`TYPES` in fuzz/src/events.rs).
EVENT_TYPES = rust_types("src/events.rs", "TYPES")
# The message types of the differential target (`TYPES` in fuzz/src/differential.rs).
DIFFERENTIAL_TYPES = rust_types("src/differential.rs", "TYPES")
# The bridge target's modes whose bodies are also notifications of the events target: the
# MDB (dump parts read as notifications), bridge VLAN and tunnel messages.
BRIDGE_EVENTS = {0: 84, 2: 112, 4: 120}
# The rtnl_more target: a byte picking one of `MORE_TYPES` in fuzz/src/lib.rs, then a body.
MORE_TYPES = rust_types("src/lib.rs", "MORE_TYPES")
MORE_HEADER = {88: 1, 89: 1, 90: 1, 80: 1, 81: 1, 82: 1, 72: 12, 73: 12, 74: 12, 92: 12,
               94: 12, 95: 12, 52: 12, 68: 16, 96: 1, 78: 4, 79: 4, 56: 8, 57: 8, 58: 8, 60: 8,
               61: 8, 62: 8, 108: 16, 109: 16}
# Requests of ip and dcb this kernel cannot answer or that no capture holds, as strace showed
# their bodies (see the tests of each family in crates/netlink-wire/src/rtnl/).
MORE_REQUESTS = {
    "request-netns-set": (88, "00000000 08000300 06000000 08000100 06000000"),
    "request-netns-list-id-target": (90, "00000000 08000100 03000000 08000400 05000000"),
    "request-netconf-get": (82, "02000000 08000100 02000000"),
    "request-addrlabel-add": (72, "0a003000 02000000 00000000 08000200 65000000 14000100 "
                                  "20010db8 00010000 00000000 00000000"),
    "request-stats-get-filters": (94, "00000000 02000000 08000000 0c000180 08000400 06000000"),
    "request-stats-set-l3": (95, "00000000 02000000 00000000 05000200 01000000"),
    "request-linkprop-add": (108, "00000000 02000000 00000000 00000000 14003480 07003500 "
                                  "78310000 07003500 78320000"),
    "request-dcb-ieee-get": (78, "00150000 0a000100 76657468 30000000"),
}
# The per-family targets (fuzz/src/lib.rs): the message types whose body each one decodes, and
# the size of that body's family header.
FAMILIES = {
    "link": ([range(16, 20)], 16),
    "addr": ([range(20, 24)], 8),
    "route": ([range(24, 28)], 12),
    "neigh": ([range(28, 32), range(64, 68)], 12),
    "rule": ([range(32, 36)], 12),
    "nexthop": ([range(104, 108), range(116, 119)], 8),
    "tc": ([range(36, 48), range(48, 51), range(100, 103)], 20),
}
RTM_NAMES = {16: "newlink", 17: "dellink", 18: "getlink", 19: "setlink", 20: "newaddr",
             21: "deladdr", 22: "getaddr", 24: "newroute", 25: "delroute", 26: "getroute",
             28: "newneigh", 29: "delneigh", 30: "getneigh", 32: "newrule", 33: "delrule",
             34: "getrule", 64: "newneightbl", 66: "getneightbl", 104: "newnexthop",
             105: "delnexthop", 106: "getnexthop", 116: "newnexthopbucket", 36: "newqdisc",
             37: "delqdisc", 38: "getqdisc", 40: "newtclass", 41: "deltclass", 42: "gettclass",
             44: "newtfilter", 45: "deltfilter", 46: "gettfilter", 100: "newchain",
             101: "delchain", 102: "getchain", 48: "newaction", 49: "delaction",
             50: "getaction"}
# Captures with more messages of one family than this keep one message per shape (the
# sequence of attribute numbers and sizes): route4_dump_big's 3,012 routes differ only in
# their addresses, which no decoder branches on.
SHAPE_DEDUP_ABOVE = 64


def family_of(t):
    for name, (ranges, _) in FAMILIES.items():
        if any(t in r for r in ranges):
            return name
    return None


def shape(body, fh):
    """The attribute numbers and sizes of a body, the family header skipped."""
    out, at = [], align(fh)
    while at + 4 <= len(body):
        n, k = struct.unpack_from("<HH", body, at)
        out.append((k, n))
        if n < 4:
            break
        at += align(n)
    return tuple(out)


def datagrams(path_stem, data):
    """(suffix, bytes) of each datagram of a capture: its `.lens` split, or the whole file."""
    lens = path_stem + ".lens"
    if not os.path.exists(lens):
        return [("", data)]
    out, at = [], 0
    for i, n in enumerate(int(x) for x in open(lens).read().split()):
        out.append((f"-dgram{i}", data[at:at + n]))
        at += n
    return out


def family_seeds():
    """{target: {name: body}}: the body (the bytes after nlmsghdr) of every message of each
    family in the captures, named capture-<capture>[-dgram<d>]-msg<i>-<rtm>.bin, and the
    request echoed in an uncapped NLMSG_ERROR as ...-echoed-<rtm>.bin."""
    out = {name: {} for name in FAMILIES}
    for d, prefix, fname in capture_files():
        stem = fname[:-4]
        data = open(os.path.join(d, fname), "rb").read()
        per_family = {}
        path_stem, stem = os.path.join(d, stem), prefix + stem
        for suffix, dgram in datagrams(path_stem, data):
            for i, (t, f, payload) in enumerate(messages(dgram)):
                base = f"capture-{stem}{suffix}-msg{i}"
                if t == NLMSG_ERROR and len(payload) >= 20 and not f & NLM_F_CAPPED:
                    n, et = struct.unpack_from("<IH", payload, 4)
                    if 16 <= n <= len(payload) - 4:
                        t, payload, base = et, payload[20:4 + n], base + "-echoed"
                fam = family_of(t)
                if fam:
                    per_family.setdefault(fam, []).append(
                        (f"{base}-{RTM_NAMES.get(t, t)}.bin", payload))
        for fam, items in per_family.items():
            files, shapes = out[fam], set()
            fh = FAMILIES[fam][1]
            for name, body in items:
                if body in files.values():
                    continue
                if len(items) > SHAPE_DEDUP_ABOVE:
                    key = shape(body, fh)
                    if key in shapes:
                        continue
                    shapes.add(key)
                files[name] = body
    return out


def edge_family(fh):
    """Edge cases of a body with a family header of fh bytes."""
    hdr = b"\0" * fh
    return {
        "edge-empty.bin": b"",
        "edge-family-header-short.bin": b"\1" * (fh - 1),
        "edge-family-header-only.bin": hdr,
        "edge-nla_len-ffff.bin": hdr + struct.pack("<HH", 0xFFFF, 1) + b"\0" * 12,
        "edge-nla_len-3.bin": hdr + struct.pack("<HH", 3, 1) + b"\0" * 4,
        "edge-unknown-and-flagged.bin": hdr + nla(0x7FFF, b"\1\2\3") + nla(1 | NLA_F_NESTED, nla(1, b"")),
        "edge-every-number-4-bytes.bin": hdr + b"".join(nla(k, b"\xff" * 4) for k in range(0, 64)),
        "edge-every-number-empty.bin": hdr + b"".join(nla(k, b"") for k in range(0, 64)),
    }


# The bridge target (fuzz/src/lib.rs, BRIDGE_MODES): the first byte picks how the body is
# read. Dump parts and notifications of the MDB family read as mode 0, its requests as 1;
# VLAN messages as 2, VLAN dump requests as 3; tunnel messages as 4; AF_BRIDGE neighbours 5.
AF_BRIDGE, NLM_F_REQUEST = 7, 1


def bridge_mode(t, f, payload):
    if t in (84, 85, 86):
        return 1 if f & NLM_F_REQUEST else 0
    if t in (112, 113):
        return 2
    if t == 114:
        return 3 if f & NLM_F_REQUEST else 2
    if t in (120, 121, 122):
        return 4
    if t in (28, 29, 30) and payload[:1] == bytes([AF_BRIDGE]):
        return 5
    return None


def bridge_seeds():
    """{name: mode byte + body} of every bridge message of the bridge captures, and the edge
    cases of an 8-byte family header in each mode."""
    out = {}
    d = os.path.join(TESTDATA, "bridge")
    for fname in sorted(os.listdir(d)):
        if not fname.endswith(".bin"):
            continue
        data = open(os.path.join(d, fname), "rb").read()
        for i, (t, f, payload) in enumerate(messages(data)):
            mode = bridge_mode(t, f, payload)
            if mode is None:
                continue
            seed = bytes([mode]) + payload
            if seed not in out.values():
                out[f"capture-{fname[:-4]}-msg{i}-{t}.bin"] = seed
    for mode in range(6):
        for name, body in edge_family(12 if mode == 5 else 8).items():
            out[f"mode{mode}-{name}"] = bytes([mode]) + body
    return out


def edge_decode():
    done = nlmsg(NLMSG_DONE, 2, struct.pack("<i", 0))
    capped_req = nlmsg(16, 5, b"", seq=7, length=32)
    nested = b"\x01\0\0\0"
    for _ in range(20):
        nested = nla(1 | NLA_F_NESTED, nested)
    return {
        "edge-short-header-15.bin": struct.pack("<IHHII", 16, 16, 0, 1, 0)[:15],
        "edge-zero-len-header.bin": nlmsg(16, 0, b"", length=0),
        "edge-len-15.bin": nlmsg(16, 0, b"", length=15),
        "edge-len-ffffffff.bin": nlmsg(16, 0, b"\0" * 16, length=0xFFFFFFFF),
        "edge-len-past-end.bin": nlmsg(24, 2, b"\0" * 12, length=64),
        "edge-truncated-error-errno.bin": nlmsg(NLMSG_ERROR, 0, b"\xea\xff"),
        "edge-truncated-error-echo.bin": nlmsg(NLMSG_ERROR, 0, struct.pack("<i", -22) + capped_req[:8]),
        "edge-error-echo-len-lies.bin": nlmsg(NLMSG_ERROR, 0, struct.pack("<i", -22) + nlmsg(16, 5, b"", length=1000)),
        "edge-error-capped-bad-tlv.bin": nlmsg(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS,
                                               struct.pack("<i", -22) + capped_req[:16] + struct.pack("<HH", 200, 1) + b"oops"),
        "edge-error-tlv-wrong-sizes.bin": nlmsg(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS,
                                                struct.pack("<i", -34) + capped_req[:16] + nla(1, b"\xff\xfe") + nla(2, b"\x20\0") + nla(5, b"x") + nla(6, b"\1\2\3")),
        "edge-done-no-errno.bin": nlmsg(NLMSG_DONE, 2, b""),
        "edge-done-bad-tlv.bin": nlmsg(NLMSG_DONE, 2 | NLM_F_ACK_TLVS, struct.pack("<i", -22) + struct.pack("<HH", 3, 1)),
        "edge-unaligned-then-done.bin": nlmsg(24, 2, b"\0") + b"\0\0\0" + done,
        "edge-trailing-3-bytes.bin": done + b"\1\2\3",
        "edge-second-message-bad.bin": done + nlmsg(16, 2, b"", length=8),
        "edge-family-header-short.bin": nlmsg(16, 2, b"\0" * 8),
        "edge-deep-nest.bin": nlmsg(16, 2, b"\0" * 16 + nested),
        "edge-noop-overrun.bin": nlmsg(1, 0, b"") + nlmsg(4, 0, b"\0" * 4),
    }


def edge_attrs():
    nested = nla(3, b"x\0")
    for _ in range(20):
        nested = nla(1 | NLA_F_NESTED, nested)
    return {
        "edge-nla_len-0.bin": struct.pack("<HH", 0, 1) + b"\0" * 4,
        "edge-nla_len-3.bin": struct.pack("<HH", 3, 1) + b"\0" * 4,
        "edge-nla_len-ffff.bin": struct.pack("<HH", 0xFFFF, 1) + b"\0" * 12,
        "edge-stray-3-bytes.bin": nla(1, b"\1\0\0\0") + b"\1\2\3",
        "edge-last-unpadded.bin": nla(1, b"\1\0\0\0") + struct.pack("<HH", 5, 2) + b"\7",
        "edge-deep-nest.bin": nested,
        "edge-nested-flag-garbage.bin": nla(2 | NLA_F_NESTED, b"\xff\xff\xff\xff\1"),
        "edge-empty-nests.bin": nla(1 | NLA_F_NESTED, b"") + nla(2, b"") + nla(3 | 0x4000, b"\0\x50"),
        "edge-every-size.bin": b"".join(nla(i, bytes(range(i))) for i in range(0, 25)),
        "edge-strings.bin": nla(1, b"lo\0") + nla(2, b"lo") + nla(3, b"\xff\xfe\0") + nla(4, b"a\0b\0"),
    }


# build_roundtrip opcodes (fuzz/src/lib.rs, `Op`).
(PUT, PUT_FILL, PUT_FLAG, PUT_U8, PUT_U16, PUT_U32, PUT_U64, PUT_I32, PUT_BE16, PUT_BE32,
 PUT_STR, PUT_IPV4, PUT_IPV6, PUT_IP, PUT_MAC, PUT_STRUCT, NEST, END) = range(18)


def op(code, kind, operands=b""):
    return struct.pack("<BH", code, kind) + operands


def message_script(mode, t, flags, seq, pid, fh, patched=None):
    out = struct.pack("<BHHII", mode | 1, t, flags, seq, pid)
    if patched is not None:
        out += struct.pack("<H", patched)
    return out + struct.pack("<B", len(fh)) + fh


def scripts():
    every_op = b"".join([
        op(PUT, 1, b"\3abc"), op(PUT_FLAG, 2), op(PUT_U8, 3, b"\x2a"), op(PUT_U16, 4, b"\xef\xbe"),
        op(PUT_U32, 5, struct.pack("<I", 65536)), op(PUT_U64, 6, struct.pack("<Q", 2**64 - 2)),
        op(PUT_I32, 7, struct.pack("<i", -22)), op(PUT_BE16, 8 | 0x4000, b"\x12\xb5"),
        op(PUT_BE32, 9, b"\1\2\3\4"), op(PUT_STR, 10, b"\5veth0"), op(PUT_IPV4, 11, bytes([192, 0, 2, 1])),
        op(PUT_IPV6, 12, bytes.fromhex("20010db8000000000000000000000001")),
        op(PUT_IP, 13, b"\0" + bytes([198, 51, 100, 7]) + b"\0" * 12),
        op(PUT_IP, 13, b"\1" + bytes.fromhex("fe800000000000000000000000000001")),
        op(PUT_MAC, 14, bytes([2, 0, 0, 0, 0, 9])), op(PUT_STRUCT, 15, b"\6" + bytes(range(6))),
        op(PUT_FILL, 16, struct.pack("<HB", 300, 0xAA)),
    ])
    newlink = message_script(0, 16, 0x0605, 1, 0, b"\0" * 16) + b"".join([
        op(PUT_STR, 3, b"\5veth0"), op(PUT_U32, 4, struct.pack("<I", 1500)),
        op(NEST, 18), op(PUT_STR, 1, b"\4veth"), op(NEST, 2), op(NEST, 1),
        op(PUT_STR, 3, b"\5veth1"), op(END, 0), op(END, 0), op(END, 0),
        op(PUT_MAC, 1, bytes([2, 0, 0, 0, 0, 1])),
    ])
    deep = b"".join(op(NEST, 1 | NLA_F_NESTED) for _ in range(40)) + op(PUT_U32, 2, b"\1\0\0\0")
    return {
        "script-rtm_newlink-veth-request.bin": newlink,
        "script-message-every-op.bin": message_script(0, 24, 0x0601, 9, 4060, b"\2" + b"\0" * 11) + every_op,
        "script-attrs-every-op.bin": b"\0" + every_op,
        "script-junk-patched-flags-odd-family-header.bin":
            message_script(0x10 | (2 << 1), 0x1234, 1, 0xFFFFFFFF, 7, b"\1\2\3", patched=0x0300)
            + op(PUT_U8, 1, b"\1"),
        "script-unfinished-dropped.bin": message_script(0x08 | (3 << 1), 16, 1, 2, 3, b"") + every_op,
        "script-leaf-too-large.bin": message_script(0, 16, 1, 1, 0, b"") + op(PUT_U32, 1, b"\0" * 4)
            + op(PUT_FILL, 7, struct.pack("<HB", 65532, 0)) + op(PUT_FILL, 8, struct.pack("<HB", 65533, 0)),
        "script-leaf-largest.bin": b"\0" + op(PUT_FILL, 7, struct.pack("<HB", 65531, 0x55)),
        "script-nest-too-large.bin": b"\0" + op(NEST, 9) + op(PUT_FILL, 1, struct.pack("<HB", 40000, 1))
            + op(PUT_FILL, 1, struct.pack("<HB", 40000, 2)) + op(END, 0) + op(PUT_U8, 2, b"\1"),
        "script-deep-nest.bin": b"\2" + deep,
        "script-strings-nul-and-invalid-utf8.bin": b"\0" + op(PUT_STR, 1, b"\5ab\0cd")
            + op(PUT_STR, 2, b"\3\xff\xfe\x41") + op(PUT_STR, 3, b"\0") + op(END, 0) + op(PUT_FLAG, 4),
    }


# The genl target (fuzz/src/lib.rs, `genl`): the family ids of its registry, as the captures
# were taken (this kernel's ids; 0x3a0 is the id wg_shim.c gave WireGuard; SEG6 and IOAM6 last).
GENL_IDS = [0x10, 0x15, 0x1c, 0x1b, 0x14, 0x3a0, 0x1d, 0x1e]


def genl_seeds():
    """Mode 0: each generic netlink capture as a buffer; mode 1: each policy dump with a
    family description to decode; mode 2: each message body with its family and flags."""
    out = {}
    captures = sorted(f for f in os.listdir(TESTDATA)
                      if f.endswith(".bin") and (f.startswith("genl_") or f.startswith("wg_")))
    ethtool_desc = open(os.path.join(TESTDATA, "genl_ctrl_ethtool.bin"), "rb").read()
    for fname in captures:
        stem = fname[:-4]
        data = open(os.path.join(TESTDATA, fname), "rb").read()
        out[f"capture-{stem}.bin"] = b"\0" + data
        if stem.startswith("genl_policy_"):
            out[f"policy-{stem}.bin"] = b"\1" + struct.pack(">H", len(data)) + data + ethtool_desc
        seen = 0
        for i, (t, f, payload) in enumerate(messages(data)):
            if t not in GENL_IDS or seen >= 12:
                continue
            seen += 1
            flags = (1 if f & 1 else 0) | (2 if f & 2 else 0)
            if t == 0x1c and not f & 2:
                flags |= 4 if stem != "genl_mptcp_events" else 0
            out[f"msg-{stem}-{i}.bin"] = bytes([2, GENL_IDS.index(t), flags]) + payload
    out["edge-empty.bin"] = b""
    out["edge-short-genlmsghdr.bin"] = bytes([2, 1, 0, 1, 1])
    out["edge-every-command.bin"] = b"\0" + b"".join(
        nlmsg(t, 0, bytes([c, 1, 0, 0]) + nla(1 | NLA_F_NESTED, nla(2, b"veth0\0")))
        for t in GENL_IDS for c in range(0, 40))
    out["edge-policy-cycle.bin"] = b"\1" + struct.pack(">H", 40) + nlmsg(
        0x10, 2, bytes([10, 2, 0, 0]) + nla(8 | NLA_F_NESTED, nla(0 | NLA_F_NESTED, nla(
            1 | NLA_F_NESTED, nla(1, struct.pack("<I", 13)) + nla(8, struct.pack("<I", 0)))))
    )[:40] + nlmsg(0x15, 2, bytes([2, 1, 0, 0]) + nla(1 | NLA_F_NESTED, nla(1 | NLA_F_NESTED, b"")))
    return out


def more_seeds():
    """The rtnl_more seeds: every captured message of its types, the requests above, and
    each type's edge cases, each after the byte that picks its type."""
    out = {}
    for d, prefix, fname in capture_files():
        stem = prefix + fname[:-4]
        data = open(os.path.join(d, fname), "rb").read()
        shapes = set()
        for suffix, dgram in datagrams(os.path.join(d, fname[:-4]), data):
            for i, (t, f, payload) in enumerate(messages(dgram)):
                # Address and link messages of the first families have their own targets.
                if t not in MORE_TYPES or t in (56, 57, 58, 60, 61, 62, 108, 109) and \
                        fname.startswith(("addr_", "link_")):
                    continue
                key = (t, shape(payload, MORE_HEADER[t]))
                if key in shapes:
                    continue
                shapes.add(key)
                out[f"capture-{stem}{suffix}-msg{i}-{t}.bin"] = \
                    bytes([MORE_TYPES.index(t)]) + payload
    for name, (t, body) in MORE_REQUESTS.items():
        out[name + ".bin"] = bytes([MORE_TYPES.index(t)]) + bytes.fromhex(body.replace(" ", ""))
    for t in sorted(set(MORE_TYPES)):
        for name, body in edge_family(MORE_HEADER[t]).items():
            out[f"edge-{t}-{name[5:]}"] = bytes([MORE_TYPES.index(t)]) + body
    # An ND user option message whose options overrun it, and one with a zero-length option.
    out["edge-68-options-overrun.bin"] = bytes([MORE_TYPES.index(68)]) + \
        struct.pack("<BBHiBBHI", 10, 0, 64, 2, 134, 0, 0, 0)
    out["edge-68-option-length-0.bin"] = bytes([MORE_TYPES.index(68)]) + \
        struct.pack("<BBHiBBHI", 10, 0, 8, 2, 134, 0, 0, 0) + bytes([25, 0]) + b"\0" * 6
    return out


# The xfrm target (fuzz/src/lib.rs, `xfrm`): mode 0 walks a buffer; mode 1 takes a byte that
# picks a message type (its index among the messages of `netlink_wire::xfrm::FAMILIES`, 0x80
# for a dump) and a body. The bodies: the first message of a capture, with its pick.
XFRM_BODIES = {
    "body-newsa": ("state_add_esp_tunnel.req", 0x02),
    "body-newpolicy": ("policy_dump.bin", 0x06),
    "body-getsa-dump": ("state_dump.req", 0x80),
}


def xfrm_seeds():
    """Each capture of testdata/xfrm as a buffer (capture-<stem>-<req|bin>), and the bodies
    of XFRM_BODIES."""
    d = os.path.join(TESTDATA, "xfrm")
    out = {}
    for fname in sorted(os.listdir(d)):
        stem, ext = os.path.splitext(fname)
        if ext in (".req", ".bin"):
            out[f"capture-{stem}-{ext[1:]}"] = b"\0" + open(os.path.join(d, fname), "rb").read()
    for name, (fname, pick) in XFRM_BODIES.items():
        _, _, body = messages(open(os.path.join(d, fname), "rb").read())[0]
        out[name] = bytes([1, pick]) + body
    return out


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def all_seeds():
    """{target: {name: bytes}}: every named seed of the corpus."""
    decode, attrs = capture_seeds()
    decode.update(edge_decode())
    attrs.update(edge_attrs())
    seeds = {"decode": decode, "attrs": attrs, "build_roundtrip": scripts()}
    # events: a byte picking the notification type (fuzz/src/events.rs), then a body.
    events = {}
    # differential: a byte picking one of `TYPES` in fuzz/src/differential.rs, then a body.
    differential = {}
    for target, files in family_seeds().items():
        files.update(edge_family(FAMILIES[target][1]))
        seeds[target] = files
        t = FAMILIES[target][0][0].start
        if t in DIFFERENTIAL_TYPES:
            for name, body in sorted(files.items()):
                differential[f"{target}-{name}"] = bytes([DIFFERENTIAL_TYPES.index(t)]) + body
        if FAMILIES[target][0][0].start not in EVENT_TYPES:
            continue  # a family the facade's events do not decode
        pick = EVENT_TYPES.index(FAMILIES[target][0][0].start)
        for i, (name, body) in enumerate(sorted(files.items())):
            # Each body as RTM_NEW*; every other one also as RTM_DEL*.
            events[f"{target}-{name}"] = bytes([pick]) + body
            if i % 2 == 0:
                events[f"{target}-del-{name}"] = bytes([pick + 1]) + body
    seeds["differential"] = differential
    more = more_seeds()
    for name, body in sorted(more.items()):
        t = MORE_TYPES[body[0]]
        if t in EVENT_TYPES:
            events[f"more-{name}"] = bytes([EVENT_TYPES.index(t)]) + body[1:]
    seeds["rtnl_more"] = more
    seeds["genl"] = genl_seeds()
    seeds["bridge"] = bridge_seeds()
    for i, (name, seed) in enumerate(sorted(seeds["bridge"].items())):
        t = BRIDGE_EVENTS.get(seed[0])
        if t is None or not name.startswith("capture-"):
            continue
        pick = EVENT_TYPES.index(t)
        events[f"bridge-{name}"] = bytes([pick]) + seed[1:]
        if i % 2 == 0:
            events[f"bridge-del-{name}"] = bytes([pick + 1]) + seed[1:]
    seeds["events"] = events
    seeds["xfrm"] = xfrm_seeds()
    return seeds


def drift(seeds):
    """What differs between the corpus and the seeds: a seed missing or with other bytes, a
    fuzzer-named copy of a seed, a named file no seed has. Each as (target, file, why)."""
    out = []
    for target in sorted(set(seeds) | set(os.listdir(CORPUS))):
        files = seeds.get(target, {})
        d = os.path.join(CORPUS, target)
        present = set(os.listdir(d)) if os.path.isdir(d) else set()
        for name, data in sorted(files.items()):
            if name not in present:
                out.append((target, name, "missing"))
            elif open(os.path.join(d, name), "rb").read() != data:
                out.append((target, name, "other bytes than the seed"))
        copies = {hashlib.sha1(b).hexdigest() for b in files.values()}
        for f in sorted(present - set(files)):
            if not FUZZER_NAME.match(f):
                out.append((target, f, "a named file that no seed has"))
            elif f in copies:
                out.append((target, f, "a fuzzer-named copy of a seed"))
    return out


def check(seeds):
    """Exits 1, saying what, when the corpus is not what `--prune` would leave."""
    found = drift(seeds)
    if not found:
        print(f"fuzz/corpus agrees with seeds.py ({sum(map(len, seeds.values()))} seeds)")
        return
    per_target = {}
    for target, _, _ in found:
        per_target[target] = per_target.get(target, 0) + 1
    print("fuzz/corpus differs from what seeds.py writes: "
          + ", ".join(f"{t} {n}" for t, n in sorted(per_target.items())), file=sys.stderr)
    for target, name, why in found[:20]:
        print(f"  fuzz/corpus/{target}/{name}: {why}", file=sys.stderr)
    if len(found) > 20:
        print(f"  ... and {len(found) - 20} more", file=sys.stderr)
    print("Run `python3 fuzz/seeds.py --prune` and commit the corpus.", file=sys.stderr)
    sys.exit(1)


def main():
    seeds = all_seeds()
    if "--check" in sys.argv:
        check(seeds)
        return
    for target, files in seeds.items():
        for name, data in files.items():
            write(target, name, data)
    if "--prune" in sys.argv:
        # Every seed was just written: what differs is a copy or a file no seed has.
        for target, name, _ in drift(seeds):
            os.remove(os.path.join(CORPUS, target, name))
    for target, files in seeds.items():
        print(f"{target}: {len(files)} seeds")


if __name__ == "__main__":
    main()
