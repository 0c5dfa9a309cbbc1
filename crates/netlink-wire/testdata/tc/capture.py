#!/usr/bin/env python3
"""Capture traffic-control test vectors: the requests `tc` sends, and the kernel's dumps.

MUST be run inside a fresh, private network namespace (as root):

    ip netns add nltc-$$
    ip netns exec nltc-$$ python3 capture.py [OUTDIR]
    ip netns del nltc-$$

Two parts (see README.md in this folder):

1. Requests. Every command line of REQUESTS runs under `strace -e write=...`, and the
   RTNETLINK messages `tc` hands to sendmsg(2) are kept byte for byte as `req-NAME.bin`. `tc`
   builds and sends a request whether or not the kernel has the qdisc, so kinds this kernel
   lacks are captured too (the kernel's refusal is recorded in requests.tsv).
2. Dumps. A few qdiscs and htb classes that this kernel has are configured, some packets are
   sent through them, and RTM_GETQDISC / RTM_GETTCLASS dumps are kept as `dump-*.bin`, next to
   what `tc -j -s qdisc show` and `tc -s class show` print for the same state.

Stdlib only; the netlink helpers are the ones of ../capture.py.
"""

import os
import re
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import capture as nl  # noqa: E402  (../capture.py: nlsock, request, save, walk, nlmsg)

RTM_GETQDISC, RTM_GETTCLASS = 38, 42
TC_TYPES = set(range(36, 48)) | {100, 101, 102}
TCA_DUMP_INVISIBLE = 10

# The devices every request names: a veth pair, so that v0 has an ifindex of its own.
BASE = [
    "ip link set lo up",
    "ip link add v0 address 02:00:00:00:01:01 type veth peer name v1 address 02:00:00:00:01:02",
    "ip link set v0 up",
    "ip link set v1 up",
]

# (name, commands run first (not traced), the traced tc command line). Each request starts
# from a device without qdiscs; `reset` deletes what the previous one left.
REQUESTS = [
    ("pfifo", [], "tc qdisc add dev v0 root handle 1: pfifo limit 100"),
    ("bfifo", [], "tc qdisc add dev v0 root bfifo limit 10000"),
    ("pfifo_head_drop", [], "tc qdisc add dev v0 root pfifo_head_drop limit 50"),
    ("pfifo_fast", [], "tc qdisc add dev v0 root pfifo_fast"),
    ("prio", [], "tc qdisc add dev v0 root handle 1: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 3"),
    ("multiq", [], "tc qdisc add dev v0 root handle 1: multiq"),
    ("mq", [], "tc qdisc add dev v0 root handle 1: mq"),
    ("mqprio", [], "tc qdisc add dev v0 root mqprio num_tc 2 map 0 0 0 0 1 1 1 1 queues 1@0 1@1 "
                   "hw 1 mode channel shaper bw_rlimit min_rate 1mbit 2mbit max_rate 5mbit 50gbit"),
    ("mqprio_plain", [], "tc qdisc add dev v0 root mqprio num_tc 2 map 0 1 queues 1@0 1@1 hw 0"),
    ("htb", [], "tc qdisc add dev v0 root handle 1: htb default 10 r2q 5 direct_qlen 100"),
    ("htb_offload", [], "tc qdisc add dev v0 root handle 1: htb offload"),
    ("htb_class", ["tc qdisc add dev v0 root handle 1: htb"],
     "tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit burst 15k prio 1 quantum 1500"),
    ("htb_class64", ["tc qdisc add dev v0 root handle 1: htb"],
     "tc class add dev v0 parent 1: classid 1:20 htb rate 50gbit ceil 60gbit"),
    ("tbf", [], "tc qdisc add dev v0 root tbf rate 1mbit burst 32kbit latency 400ms"),
    ("tbf64", [], "tc qdisc add dev v0 root tbf rate 50gbit burst 10mb limit 20mb peakrate 60gbit mtu 65536"),
    ("fq", [], "tc qdisc add dev v0 root fq limit 1000 flow_limit 50 quantum 3028 initial_quantum 15140 "
               "maxrate 1gbit buckets 1024 refill_delay 40ms orphan_mask 1023 low_rate_threshold 550kbit "
               "ce_threshold 5ms timer_slack 10us horizon 10s horizon_drop nopacing"),
    ("fq_codel", [], "tc qdisc add dev v0 root fq_codel limit 1024 flows 512 target 5ms interval 100ms "
                     "quantum 1514 ce_threshold 2ms memory_limit 32Mb ecn drop_batch 32"),
    ("codel", [], "tc qdisc add dev v0 root codel limit 1000 target 5ms interval 100ms ecn ce_threshold 1ms"),
    ("sfq", [], "tc qdisc add dev v0 root sfq perturb 10 quantum 1514 limit 127 divisor 1024 depth 127 headdrop flows 128"),
    ("sfq_red", [], "tc qdisc add dev v0 root sfq limit 3000 depth 64 redflowlimit 40000 min 5000 max 15000 "
                    "probability 0.15 avpkt 1000 ecn harddrop"),
    ("netem", [], "tc qdisc add dev v0 root netem delay 100ms 10ms 25% loss gemodel 1% 10% 70% 0.1% "
                  "rate 1mbit 20 100 5 slot 800us 1ms packets 32 bytes 64k"),
    ("netem_state", [], "tc qdisc add dev v0 root netem limit 2000 delay 5s loss state 1% 2% 3% 4% 5% "
                        "duplicate 1% 10% corrupt 0.1% reorder 25% 50% gap 5 rate 50gbit ecn"),
    ("red", [], "tc qdisc add dev v0 root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 "
                "bandwidth 10mbit probability 0.02 ecn adaptive"),
    ("cake", [], "tc qdisc add dev v0 root cake bandwidth 50gbit diffserv4 triple-isolate nat wash ack-filter "
                 "split-gso rtt 50ms ethernet mpu 64 memlimit 32mb fwmark 0xff ingress"),
    ("cake_plain", [], "tc qdisc add dev v0 root cake unlimited besteffort flows nonat nowash no-ack-filter raw"),
    ("hfsc", [], "tc qdisc add dev v0 root handle 1: hfsc default 10"),
    ("hfsc_class", [], "tc class add dev v0 parent 1: classid 1:10 hfsc sc rate 1mbit ul rate 2mbit"),
    ("hfsc_class_rt", [], "tc class add dev v0 parent 1: classid 1:20 hfsc rt m1 2mbit d 10ms m2 1mbit"),
    ("drr", [], "tc qdisc add dev v0 root handle 1: drr"),
    ("drr_class", [], "tc class add dev v0 parent 1: classid 1:1 drr quantum 1514"),
    ("ets", [], "tc qdisc add dev v0 root handle 1: ets bands 4 strict 1 quanta 2000 3000 1500 priomap 3 2 1 0"),
    ("ets_class", [], "tc class change dev v0 classid 1:2 ets quantum 2500"),
    ("qfq", [], "tc qdisc add dev v0 root handle 1: qfq"),
    ("qfq_class", [], "tc class add dev v0 parent 1: classid 1:1 qfq weight 10 maxpkt 2000"),
    ("ingress", [], "tc qdisc add dev v0 ingress"),
    ("clsact", [], "tc qdisc add dev v0 clsact"),
    ("pie", [], "tc qdisc add dev v0 root pie limit 1000 target 15ms tupdate 15ms alpha 2 beta 20 ecn "
                "bytemode dq_rate_estimator"),
    ("fq_pie", [], "tc qdisc add dev v0 root fq_pie limit 10240 flows 1024 target 15ms tupdate 15ms alpha 2 "
                   "beta 20 quantum 1514 memory_limit 32mb ecn_prob 10 ecn bytemode dq_rate_estimator"),
    ("taprio", [], "tc qdisc add dev v0 parent root handle 100 taprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 "
                   "queues 1@0 1@1 2@2 base-time 1000000000 sched-entry S 01 300000 sched-entry S 02 300000 "
                   "sched-entry S 04 400000 clockid CLOCK_TAI"),
    ("cbs", [], "tc qdisc add dev v0 root cbs idleslope 98688 sendslope -901312 hicredit 153 locredit -1389 offload 0"),
    ("etf", [], "tc qdisc add dev v0 root etf clockid CLOCK_TAI delta 300000 deadline_mode skip_sock_check"),
    ("plug", [], "tc qdisc add dev v0 root plug limit 10000"),
    ("plug_release", [], "tc qdisc change dev v0 root plug release_indefinite"),
    ("skbprio", [], "tc qdisc add dev v0 root skbprio limit 100"),
    ("sfb", [], "tc qdisc add dev v0 root sfb rehash 600000 db 60000 limit 1000 max 25 target 20 "
                "increment 0.0005 decrement 0.00005 penalty_rate 10 penalty_burst 20"),
    ("choke", [], "tc qdisc add dev v0 root choke limit 1000 min 100 max 300 avpkt 1000 burst 200 "
                  "bandwidth 10mbit probability 0.05 ecn"),
    ("hhf", [], "tc qdisc add dev v0 root hhf limit 1000 quantum 1514 hh_limit 2048 reset_timeout 40ms "
                "admit_bytes 131072 evict_timeout 1s non_hh_weight 2"),
    ("stab", [], "tc qdisc add dev v0 root handle 1: stab overhead 20 linklayer atm mtu 1500 tsize 64 pfifo limit 50"),
    ("estimator", [], "tc qdisc add dev v0 root handle 1: estimator 1sec 8sec ingress_block 7 egress_block 9 bfifo"),
    ("del", ["tc qdisc add dev v0 root handle 1: pfifo"], "tc qdisc del dev v0 root"),
    ("show", [], "tc qdisc show dev v0"),
    ("show_invisible", [], "tc qdisc show dev v0 invisible"),
    ("class_show", [], "tc class show dev v0"),
    ("chain", ["tc qdisc add dev v0 clsact"], "tc chain add dev v0 ingress chain 3"),
]

# The state whose dumps are kept: htb with a class tree and leaf qdiscs on v0, an ingress
# qdisc next to it; pfifo_fast and clsact on v1; a pfifo with a size table on v2; v3 keeps
# veth's default noqueue; mq on v4 (two transmit queues), whose classes hold pfifo_fast.
LIVE = [
    "ip link add v2 address 02:00:00:00:01:03 type veth peer name v3 address 02:00:00:00:01:04",
    "ip link set v2 up",
    "ip link set v3 up",
    "ip addr add 192.0.2.1/24 dev v0",
    "ip neigh add 192.0.2.2 lladdr 02:00:00:00:01:02 dev v0 nud permanent",
    "tc qdisc add dev v0 root handle 1: htb default 10 direct_qlen 100",
    "tc class add dev v0 parent 1: classid 1:1 htb rate 10mbit ceil 10mbit",
    "tc class add dev v0 parent 1:1 classid 1:10 htb rate 1mbit ceil 5mbit prio 1",
    "tc class add dev v0 parent 1:1 classid 1:20 htb rate 50gbit ceil 60gbit prio 2",
    "tc qdisc add dev v0 parent 1:10 handle 10: pfifo limit 50",
    "tc qdisc add dev v0 parent 1:20 handle 20: bfifo limit 30000",
    "tc qdisc add dev v0 ingress",
    "tc qdisc add dev v1 root handle 2: pfifo_fast",
    "tc qdisc add dev v1 clsact",
    "tc qdisc add dev v2 root handle 3: stab overhead 20 linklayer atm pfifo limit 10",
    "ip link add v4 address 02:00:00:00:01:05 numtxqueues 2 type veth peer name v5 address 02:00:00:00:01:06",
    "ip link set v4 up",
    "tc qdisc add dev v4 root handle 4: mq",
]

STRACE = ["strace", "-f", "-qq", "-e", "trace=sendmsg", "-e", "write=3,4,5,6", "-s", "65535", "-xx"]
HEXLINE = re.compile(r"^ \| ([0-9a-f]{5})  (.{48})")


def sh(cmd, check=True):
    return nl.run(cmd, check=check, capture_output=True, text=True)


def reset():
    for dev in ("v0",):
        sh("tc qdisc del dev %s root" % dev, check=False)
        sh("tc qdisc del dev %s ingress" % dev, check=False)
        sh("tc qdisc del dev %s clsact" % dev, check=False)


def traced(cmd):
    """What the command passed to each sendmsg (its iovec joined), its exit status and stderr."""
    r = subprocess.run(STRACE + cmd.split(), capture_output=True, text=True)
    buffers, cur = [], None
    for line in r.stderr.splitlines():
        if line.startswith(" * ") and "bytes in buffer" in line:
            if line.endswith(" buffer 0"):
                cur = bytearray()
                buffers.append(cur)
            continue
        m = HEXLINE.match(line)
        if m and cur is not None:
            cur.extend(bytes.fromhex(m.group(2).replace(" ", "")))
    noise = [l for l in r.stderr.splitlines()
             if not (l.startswith("sendmsg(") or l.startswith(" ") or l.startswith("+++"))]
    return [bytes(b) for b in buffers], r.returncode, " / ".join(noise)


def capture_requests(outdir):
    rows = []
    for name, setup, cmd in REQUESTS:
        reset()
        for c in setup:
            sh(c, check=False)
        buffers, status, err = traced(cmd)
        msgs = b""
        for b in buffers:
            for _off, _l, t, _f, _s, _p, _pl in nl.walk(b):
                if t not in TC_TYPES:
                    raise SystemExit("%s: tc sent message type %d" % (name, t))
            msgs += b
        if not msgs:
            raise SystemExit("%s: tc sent nothing (%s)" % (name, err))
        nl.save_raw(outdir, "req-%s.bin" % name, msgs)
        rows.append("%s\t%d\t%s\t%s\n" % (name, status, cmd, err))
        print("request %-16s %4d bytes, exit %d %s" % (name, len(msgs), status, err), file=sys.stderr)
    reset()
    with open(os.path.join(outdir, "requests.tsv"), "w") as f:
        f.write("# name\texit status\tcommand line\twhat tc printed\n")
        f.writelines(rows)


def traffic():
    """Sends UDP datagrams to 192.0.2.2 through v0 (its neighbour entry is permanent, so
    they leave through htb class 1:10 and its pfifo), then lets the queues drain."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(40):
        s.sendto(b"x" * (100 + i), ("192.0.2.2", 9))
    s.close()
    time.sleep(2)


def tcmsg(ifindex=0):
    return struct.pack("=BBHiIII", 0, 0, 0, ifindex, 0, 0, 0)


def capture_dumps(outdir):
    for c in LIVE:
        nl.run(c)
    traffic()
    nl.dump(outdir, "dump-qdisc", RTM_GETQDISC, tcmsg(), 5001)
    nl.dump(outdir, "dump-qdisc-invisible", RTM_GETQDISC,
            tcmsg() + nl.nlattr(TCA_DUMP_INVISIBLE, b""), 5002)
    nl.dump(outdir, "dump-class-v0", RTM_GETTCLASS, tcmsg(socket.if_nametoindex("v0")), 5003)
    nl.dump(outdir, "dump-class-v4", RTM_GETTCLASS, tcmsg(socket.if_nametoindex("v4")), 5004)
    for name, cmd in [("qdisc-show.json", "tc -j -s qdisc show"),
                      ("class-show-v0.txt", "tc -s class show dev v0"),
                      ("class-show-v4.txt", "tc -s class show dev v4")]:
        out = sh(cmd).stdout
        with open(os.path.join(outdir, name), "w") as f:
            f.write(out if out.endswith("\n") else out + "\n")
    ifs = {n: socket.if_nametoindex(n) for n in ("lo", "v0", "v1", "v2", "v3", "v4", "v5")}
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
