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
import shlex
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import capture as nl  # noqa: E402  (../capture.py: nlsock, request, save, walk, nlmsg)

RTM_GETLINK, RTM_GETQDISC, RTM_GETTCLASS = 18, 38, 42
TC_TYPES = set(range(36, 51)) | {100, 101, 102}
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

# Filters, actions and chains: the qdiscs every filter hangs from (htb 1: at the root, clsact),
# then what each request needs first. This kernel has cls_u32, cls_bpf and act_mirred built in
# and no other classifier or action, so most of these are refused; tc sends them all the same.
QDISCS = ["tc qdisc add dev v0 root handle 1: htb", "tc qdisc add dev v0 clsact"]
U32_HT = QDISCS + ["tc filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256"]
BPF_PIN = "/sys/fs/bpf/nltc"
CODE = "4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0"
FILTERS = [
    # u32: selectors and keys, hash tables, links, offsets, the old-style police, marks.
    ("u32", QDISCS, "tc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.1/32 "
                    "match ip sport 80 0xffff match ip protocol 6 0xff flowid 1:10"),
    ("u32_divisor", QDISCS, "tc filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256"),
    ("u32_link", U32_HT, "tc filter add dev v0 parent 1: prio 5 protocol ip u32 ht 800:: "
                         "match ip dst 192.0.2.0/24 hashkey mask 0x000000ff at 16 link 2:"),
    ("u32_ht", U32_HT, "tc filter add dev v0 parent 1: prio 5 handle 2:7:1 protocol ip u32 ht 2:7: "
                       "match ip src 198.51.100.7/32 flowid 1:10"),
    ("u32_offset", QDISCS, "tc filter add dev v0 parent 1: prio 7 protocol ip u32 match ip protocol 6 0xff "
                           "offset at 0 mask 0x0f00 shift 6 eat match tcp dst 22 0xffff flowid 1:1"),
    ("u32_police", QDISCS, "tc filter add dev v0 parent 1: protocol ip prio 6 u32 match ip src 192.0.2.0/24 "
                           "police rate 1mbit burst 10k drop flowid 1:1"),
    ("u32_mark", QDISCS, "tc filter add dev v0 ingress protocol ip prio 8 u32 match mark 0x10 0xff indev v1 "
                         "skip_hw classid 1:2 action mirred egress redirect dev v1"),
    # flower: every common key with its mask.
    ("flower_eth", QDISCS, "tc filter add dev v0 ingress protocol 802.1ad prio 1 flower "
                           "dst_mac 02:00:00:00:00:01/ff:ff:ff:00:00:00 src_mac 02:00:00:00:00:02 "
                           "vlan_id 100 vlan_prio 3 vlan_ethtype 802.1q cvlan_id 200 cvlan_prio 5 "
                           "cvlan_ethtype ipv4 skip_hw classid 1:1"),
    ("flower_ipv4", QDISCS, "tc filter add dev v0 ingress protocol ip prio 2 flower ip_proto tcp "
                            "src_ip 192.0.2.0/24 dst_ip 198.51.100.1 src_port 1000-2000 dst_port 80 "
                            "tcp_flags 0x02/0x12 ip_tos 0x10/0xfc ip_ttl 64/0xff ip_flags frag/firstfrag "
                            "action drop"),
    ("flower_ipv6", QDISCS, "tc filter add dev v0 ingress protocol ipv6 prio 3 flower ip_proto icmpv6 "
                            "src_ip 2001:db8::1/64 dst_ip 2001:db8::2 type 128 code 0 action pass"),
    ("flower_icmp", QDISCS, "tc filter add dev v0 ingress protocol ip prio 3 flower ip_proto icmp "
                            "type 8 code 0 action ok"),
    ("flower_sctp", QDISCS, "tc filter add dev v0 ingress protocol ip prio 3 flower ip_proto sctp "
                            "src_port 5000 dst_port 6000-6010 action continue"),
    ("flower_arp", QDISCS, "tc filter add dev v0 ingress protocol arp prio 4 flower arp_op request "
                           "arp_sip 192.0.2.1 arp_tip 192.0.2.0/24 arp_sha 02:00:00:00:00:01 "
                           "arp_tha 02:00:00:00:00:00/ff:ff:ff:00:00:00 action pass"),
    ("flower_ct", QDISCS, "tc filter add dev v0 ingress protocol ip prio 5 chain 1 flower ip_proto udp "
                          "dst_port 53 ct_state +trk+est-new ct_zone 5 ct_mark 0x10/0xff "
                          "ct_label 01/ff action ct commit zone 5"),
    ("flower_tunnel", QDISCS, "tc filter add dev v0 ingress protocol ip prio 6 flower enc_key_id 42 "
                              "enc_src_ip 192.0.2.1 enc_dst_ip 192.0.2.2 enc_dst_port 6081 enc_tos 0x10/0xff "
                              "enc_ttl 64 geneve_opts 0102:80:00112233/ffff:ff:ffffffff "
                              "action tunnel_key unset"),
    ("flower_tunnel6", QDISCS, "tc filter add dev v0 ingress protocol ipv6 prio 6 flower "
                               "enc_src_ip 2001:db8::1 enc_dst_ip 2001:db8::2 enc_dst_port 4789 "
                               "vxlan_opts 0x800001/0xffffff action pass"),
    ("flower_erspan", QDISCS, "tc filter add dev v0 ingress protocol ip prio 6 flower enc_dst_port 4754 "
                              "erspan_opts 1:12:0:0/0xff:0xffffffff:0:0 action pass"),
    ("flower_mpls", QDISCS, "tc filter add dev v0 ingress protocol mpls_uc prio 7 flower mpls_label 100 "
                            "mpls_tc 3 mpls_bos 1 mpls_ttl 64 action pass"),
    ("flower_lse", QDISCS, "tc filter add dev v0 ingress protocol mpls_uc prio 7 flower "
                           "mpls lse depth 1 label 100 tc 3 lse depth 2 bos 1 ttl 64 action pass"),
    ("flower_police_mirred", QDISCS, "tc filter add dev v0 ingress protocol ip prio 9 handle 9 flower "
                                     "ip_proto udp dst_port 4789 "
                                     "action police rate 50gbit burst 10m conform-exceed drop/pipe "
                                     "action mirred egress redirect dev v1"),
    # The other classifiers.
    ("matchall_gact", QDISCS, "tc filter add dev v0 ingress prio 11 matchall skip_sw action gact drop"),
    ("matchall_goto", QDISCS, "tc filter add dev v0 ingress chain 5 prio 11 matchall action goto chain 6"),
    ("basic", QDISCS, "tc filter add dev v0 parent 1: prio 12 basic "
                      "match 'cmp(u16 at 12 layer link mask 0xffff eq 0x0800)' classid 1:10"),
    ("bpf", QDISCS, "tc filter add dev v0 ingress prio 13 bpf bytecode '%s' classid 1:1 "
                    "action mirred egress redirect dev v1" % CODE),
    ("bpf_pinned", QDISCS, "tc filter add dev v0 ingress prio 14 bpf pinned %s da skip_hw" % BPF_PIN),
    ("fw", QDISCS, "tc filter add dev v0 parent 1: protocol ip prio 15 handle 6/0xff fw classid 1:6 indev v1"),
    ("route", QDISCS, "tc filter add dev v0 parent 1: protocol ip prio 16 route to 10 from 3 classid 1:10"),
    ("route_fromif", QDISCS, "tc filter add dev v0 parent 1: protocol ip prio 16 route fromif v1 to 5 classid 1:5"),
    ("cgroup", QDISCS, "tc filter add dev v0 parent 1: prio 17 handle 1: cgroup action drop"),
    ("flow_hash", QDISCS, "tc filter add dev v0 parent 1: prio 18 handle 3 protocol ip flow hash "
                          "keys src,dst,proto,proto-src,proto-dst divisor 1024 perturb 10 baseclass 1:10"),
    ("flow_map", QDISCS, "tc filter add dev v0 parent 1: prio 19 handle 4 protocol ip flow map key mark "
                         "and 0xff xor 0x1 rshift 2 addend 0x10 baseclass 1:1 divisor 8"),
    ("block", ["tc qdisc add dev v0 ingress_block 21 clsact"],
     "tc filter add block 21 prio 1 protocol all matchall action drop"),
    # Requests without options.
    ("filter_del", U32_HT, "tc filter del dev v0 parent 1: prio 5 handle 2: protocol ip u32"),
    ("filter_get", U32_HT, "tc filter get dev v0 parent 1: prio 5 handle 2: protocol ip u32"),
    ("filter_show", QDISCS, "tc filter show dev v0 ingress"),
    # Chains and chain templates.
    ("chain_template", QDISCS, "tc chain add dev v0 ingress protocol ip chain 7 flower "
                               "dst_mac 02:00:00:00:00:01 dst_ip 192.0.2.0/24 ip_proto tcp"),
    ("chain_del", QDISCS + ["tc chain add dev v0 ingress chain 3"], "tc chain del dev v0 ingress chain 3"),
    ("chain_show", QDISCS, "tc chain show dev v0 ingress"),
    # Actions, each kind on its own (RTM_NEWACTION), with its parameters.
    ("act_gact", [], "tc actions add action gact drop random determ pass 10 index 5 cookie 0102030405060708"),
    ("act_gact_goto", [], "tc actions add action gact goto chain 6 index 6"),
    ("act_mirred", [], "tc actions add action mirred egress redirect dev v1 index 7"),
    ("act_mirred_ingress", [], "tc actions add action mirred ingress mirror dev v1 index 8"),
    ("act_police", [], "tc actions add action police rate 1mbit burst 10k mtu 2k peakrate 2mbit "
                       "conform-exceed drop/ok index 9"),
    ("act_police64", [], "tc actions add action police rate 50gbit burst 10m peakrate 60gbit mtu 64k "
                         "conform-exceed drop/pipe index 10"),
    ("act_police_pkt", [], "tc actions add action police pkts_rate 1000 pkts_burst 100 "
                           "conform-exceed drop index 11"),
    ("act_skbedit", [], "tc actions add action skbedit priority 1:10 queue_mapping 3 mark 0x10/0xff "
                        "ptype host index 12"),
    ("act_skbedit_ds", [], "tc actions add action skbedit inheritdsfield index 13"),
    ("act_vlan_push", [], "tc actions add action vlan push id 100 protocol 802.1ad priority 3 index 14"),
    ("act_vlan_pop", [], "tc actions add action vlan pop index 15"),
    ("act_vlan_modify", [], "tc actions add action vlan modify id 200 index 16"),
    ("act_vlan_eth", [], "tc actions add action vlan push_eth dst_mac 02:00:00:00:00:09 "
                         "src_mac 02:00:00:00:00:0a index 17"),
    ("act_pedit", [], "tc actions add action pedit munge offset 12 u32 set 0x01020304 "
                      "munge offset 16 u16 set 0x0506 retain 0xffff index 18"),
    ("act_pedit_ex", [], "tc actions add action pedit ex munge eth dst set 02:00:00:00:00:09 "
                         "munge ip ttl add 255 munge tcp dport set 8080 index 19"),
    ("act_csum", [], "tc actions add action csum iph and tcp and udp index 20"),
    ("act_nat", [], "tc actions add action nat ingress 192.0.2.0/24 198.51.100.0 index 21"),
    ("act_nat_egress", [], "tc actions add action nat egress 198.51.100.1 192.0.2.1 index 22"),
    ("act_tunnel_key", [], "tc actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 42 "
                           "dst_port 6081 geneve_opts 0102:80:00112233 tos 0x10 ttl 64 nocsum index 23"),
    ("act_tunnel_key6", [], "tc actions add action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 "
                            "id 7 dst_port 4789 vxlan_opts 0x800001 index 24"),
    ("act_tunnel_key_erspan", [], "tc actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 "
                                  "id 9 erspan_opts 2:0:1:17 index 25"),
    ("act_tunnel_key_unset", [], "tc actions add action tunnel_key unset index 26"),
    ("act_sample", [], "tc actions add action sample rate 100 group 5 trunc 128 index 27"),
    ("act_ct", [], "tc actions add action ct commit zone 5 mark 0x1/0xff label 01/ff "
                   "nat src addr 192.0.2.1-192.0.2.10 port 1000-2000 index 28"),
    ("act_ct_nat6", [], "tc actions add action ct commit nat dst addr 2001:db8::1 index 29"),
    ("act_ct_clear", [], "tc actions add action ct clear index 30"),
    ("act_connmark", [], "tc actions add action connmark zone 3 index 31"),
    ("act_ctinfo", [], "tc actions add action ctinfo dscp 0xfc000000 0x01000000 cpmark 0xff zone 2 index 32"),
    ("act_mpls_push", [], "tc actions add action mpls push protocol mpls_uc label 100 tc 3 ttl 64 bos 1 index 33"),
    ("act_mpls_pop", [], "tc actions add action mpls pop protocol ipv4 index 34"),
    ("act_mpls_modify", [], "tc actions add action mpls modify label 200 ttl 10 index 35"),
    ("act_mpls_dec_ttl", [], "tc actions add action mpls dec_ttl index 36"),
    ("act_bpf", [], "tc actions add action bpf bytecode '1,6 0 0 0' index 37"),
    ("act_skbmod", [], "tc actions add action skbmod set dmac 02:00:00:00:00:01 set smac 02:00:00:00:00:02 "
                       "set etype 0x0800 index 38"),
    ("act_skbmod_swap", [], "tc actions add action skbmod swap mac index 39"),
    ("act_gate", [], "tc actions add action gate priority 1 base-time 1000000000 cycle-time 300000000 "
                     "cycle-time-ext 1000 clockid CLOCK_TAI sched-entry open 200000000 -1 8000000 "
                     "sched-entry close 100000000 -1 -1 index 40"),
    ("act_flags", [], "tc actions add action gact pass index 41 cookie 0a0b hw_stats immediate no_percpu skip_hw"),
    ("act_two", [], "tc actions add action gact drop index 42 action mirred egress mirror dev v1 index 43"),
    # Standalone action requests without options.
    ("act_get", ["tc actions add action mirred egress redirect dev v1 index 7"],
     "tc actions get action mirred index 7"),
    ("act_del", ["tc actions add action mirred egress redirect dev v1 index 7"],
     "tc actions del action mirred index 7"),
    ("act_ls", [], "tc actions ls action mirred"),
    ("act_ls_terse", [], "tc -brief actions ls action mirred"),
    ("act_flush", [], "tc actions flush action gact"),
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
    # shlex, not str.split: bpf bytecode and ematch arguments are quoted.
    print("+ " + cmd, file=sys.stderr)
    r = subprocess.run(shlex.split(cmd), capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit("command failed: %s: %s" % (cmd, r.stderr))
    return r


def reset():
    for dev in ("v0",):
        sh("tc qdisc del dev %s root" % dev, check=False)
        sh("tc qdisc del dev %s ingress" % dev, check=False)
        sh("tc qdisc del dev %s clsact" % dev, check=False)
    # Actions outlive the filters that made them; mirred is the only kind this kernel has.
    sh("tc actions flush action mirred", check=False)


def traced(cmd):
    """What the command passed to each sendmsg (its iovec joined), its exit status and stderr."""
    r = subprocess.run(STRACE + shlex.split(cmd), capture_output=True, text=True)
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


def capture_requests(outdir, requests=REQUESTS, tsv="requests.tsv"):
    rows = []
    for name, setup, cmd in requests:
        reset()
        for c in setup:
            sh(c, check=False)
        buffers, status, err = traced(cmd)
        msgs = b""
        for b in buffers:
            types = {t for _off, _l, t, _f, _s, _p, _pl in nl.walk(b)}
            if types <= {RTM_GETLINK}:
                # `tc actions get` reads the links after the request, to print device names.
                continue
            if not types <= TC_TYPES:
                raise SystemExit("%s: tc sent message types %s" % (name, sorted(types)))
            msgs += b
        if not msgs:
            raise SystemExit("%s: tc sent nothing (%s)" % (name, err))
        nl.save_raw(outdir, "req-%s.bin" % name, msgs)
        rows.append("%s\t%d\t%s\t%s\n" % (name, status, cmd, err))
        print("request %-16s %4d bytes, exit %d %s" % (name, len(msgs), status, err), file=sys.stderr)
    reset()
    with open(os.path.join(outdir, tsv), "w") as f:
        f.write("# name\texit status\tcommand line\twhat tc printed\n")
        f.writelines(rows)


def pin_bpf_prog(path):
    """Loads the smallest sched_cls program (r0 = 0, exit: TC_ACT_OK) and pins it at `path`,
    on a bpf filesystem mounted in this process's own mount namespace (`ip netns exec` gives
    it one, and keeps its mounts from the host), for `tc ... bpf pinned PATH`."""
    import ctypes
    sh("mount -t bpf bpf %s" % os.path.dirname(path))
    libc = ctypes.CDLL(None, use_errno=True)
    sys_bpf, prog_load, obj_pin, sched_cls = 321, 5, 6, 3  # x86-64
    insns = bytes.fromhex("b700000000000000" "9500000000000000")
    license = ctypes.create_string_buffer(b"GPL")
    code = ctypes.create_string_buffer(insns, len(insns))
    attr = bytearray(128)
    struct.pack_into("=IIQQ", attr, 0, sched_cls, 2, ctypes.addressof(code), ctypes.addressof(license))
    attr[48:48 + 5] = b"nltc\0"
    buf = (ctypes.c_char * len(attr)).from_buffer(attr)
    fd = libc.syscall(sys_bpf, prog_load, buf, len(attr))
    if fd < 0:
        raise SystemExit("BPF_PROG_LOAD: errno %d" % ctypes.get_errno())
    name = ctypes.create_string_buffer(path.encode())
    pin = bytearray(16)
    struct.pack_into("=QI", pin, 0, ctypes.addressof(name), fd)
    buf = (ctypes.c_char * len(pin)).from_buffer(pin)
    if libc.syscall(sys_bpf, obj_pin, buf, len(pin)) != 0:
        raise SystemExit("BPF_OBJ_PIN: errno %d" % ctypes.get_errno())
    os.close(fd)


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


PARTS = ("qdiscs", "filters", "dumps", "filter-dumps")


# The filters, actions and chains whose dumps are kept (see README.md): this kernel's own
# classifiers (u32, with a hash table and a link into it; classic and pinned eBPF bpf) and its
# one action (mirred), inline and standalone, and chains.
LIVE_FILTERS = [
    "ip addr replace 192.0.2.1/24 dev v0",
    "ip neigh replace 192.0.2.2 lladdr 02:00:00:00:01:02 dev v0 nud permanent",
    "tc qdisc add dev v0 root handle 1: htb default 10",
    "tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit",
    "tc qdisc add dev v0 clsact",
    "tc filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256",
    "tc filter add dev v0 parent 1: prio 5 protocol ip u32 ht 800:: match ip dst 192.0.2.0/24 "
    "hashkey mask 0x000000ff at 16 link 2:",
    "tc filter add dev v0 parent 1: prio 5 handle 2:2:1 protocol ip u32 ht 2:2: "
    "match ip dst 192.0.2.2/32 flowid 1:10",
    "tc filter add dev v0 parent 1: prio 7 protocol ip u32 match ip protocol 6 0xff "
    "offset at 0 mask 0x0f00 shift 6 eat match tcp dst 22 0xffff flowid 1:10",
    "tc filter add dev v0 ingress protocol ip prio 10 u32 match ip dst 192.0.2.1/32 "
    "action mirred egress mirror dev lo cookie 0a0b0c0d",
    "tc filter add dev v0 egress prio 13 bpf bytecode '%s' classid 1:1 "
    "action mirred egress mirror dev v1" % CODE,
    "tc filter add dev v0 ingress prio 14 bpf pinned %s da skip_hw" % BPF_PIN,
    "tc actions add action mirred egress mirror dev v1 index 5 cookie 1122334455667788",
    "tc actions add action mirred ingress redirect dev v1 index 6",
    "tc chain add dev v0 ingress chain 3",
    "tc filter add dev v0 ingress chain 3 prio 1 protocol ip u32 match ip src 198.51.100.0/24 "
    "action mirred egress redirect dev v1",
]

RTM_GETTFILTER, RTM_GETACTION, RTM_GETCHAIN = 46, 50, 102
NLM_F_REQUEST, NLM_F_ACK = 1, 4


def frames_into_v0():
    """Sends 10 UDP datagrams to 192.0.2.1 as frames on v1, so that they arrive on v0's
    ingress hook, through its u32 and bpf filters and their mirred actions. (The u32 filter
    mirrors them to lo: mirrored to v1 they would come back to v0 and be mirrored forever.)"""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(("v1", 0))
    for i in range(10):
        payload = b"y" * (20 + i)
        udp = struct.pack("!HHHH", 40000, 9, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0,
                         bytes([198, 51, 100, 7]), bytes([192, 0, 2, 1]))
        eth = bytes.fromhex("020000000101" "020000000102" "0800")
        s.send(eth + ip + udp)
    s.close()


def capture_filter_dumps(outdir):
    reset()
    for c in LIVE_FILTERS:
        sh(c)
    traffic()
    frames_into_v0()
    time.sleep(1)
    v0 = socket.if_nametoindex("v0")

    def filters(parent):
        return struct.pack("=BBHiIII", 0, 0, 0, v0, 0, parent, 0)

    nl.dump(outdir, "dump-filter-htb", RTM_GETTFILTER, filters(0x10000), 6001)
    nl.dump(outdir, "dump-filter-ingress", RTM_GETTFILTER, filters(0xfffffff2), 6002)
    nl.dump(outdir, "dump-filter-egress", RTM_GETTFILTER, filters(0xfffffff3), 6003)
    nl.dump(outdir, "dump-chain", RTM_GETCHAIN, filters(0xfffffff2), 6004)
    tcamsg = struct.pack("=BBH", 0, 0, 0)
    mirred = nl.nlattr(1, nl.nlattr(1, nl.nlattr(1, b"mirred\0")))
    large = nl.nlattr(2, struct.pack("=II", 1, 1))
    terse = nl.nlattr(2, struct.pack("=II", 2, 2))
    nl.dump(outdir, "dump-action-mirred", RTM_GETACTION, tcamsg + mirred + large, 6005)
    nl.dump(outdir, "dump-action-terse", RTM_GETACTION, tcamsg + mirred + terse, 6006)
    # One action and one filter asked for by their ids: the answer, then the ACK.
    index = nl.nlattr(1, nl.nlattr(1, nl.nlattr(1, b"mirred\0") + nl.nlattr(3, struct.pack("=I", 5))))
    s = nl.nlsock()
    got = nl.request(s, nl.nlmsg(RTM_GETACTION, NLM_F_REQUEST | NLM_F_ACK, 6007, tcamsg + index))
    nl.save(outdir, "get-action", got)
    one = struct.pack("=BBHiIII", 0, 0, 0, v0, 0x80000800, 0xfffffff2, (10 << 16) | 0x0008)
    got = nl.request(s, nl.nlmsg(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_ACK, 6008,
                                 one + nl.nlattr(1, b"u32\0")))
    nl.save(outdir, "get-filter", got)
    s.close()
    for name, cmd in [("filter-show-htb.txt", "tc -s filter show dev v0"),
                      ("filter-show-ingress.txt", "tc -s filter show dev v0 ingress"),
                      ("filter-show-egress.txt", "tc -s filter show dev v0 egress"),
                      ("action-show-mirred.txt", "tc -s actions ls action mirred"),
                      ("chain-show.txt", "tc chain show dev v0 ingress")]:
        out = sh(cmd).stdout
        with open(os.path.join(outdir, name), "w") as f:
            f.write(out if out.endswith("\n") else out + "\n")
    with open(os.path.join(outdir, "ifindex-filters.txt"), "w") as f:
        f.writelines("%s %d\n" % (n, socket.if_nametoindex(n)) for n in ("lo", "v0", "v1"))
    reset()


def main():
    args = sys.argv[1:]
    parts = [a for a in args if a in PARTS] or list(PARTS)
    dirs = [a for a in args if a not in PARTS]
    outdir = dirs[0] if dirs else HERE
    nl.assert_private_netns()
    for c in BASE:
        nl.run(c)
    if "qdiscs" in parts:
        capture_requests(outdir)
    if "filters" in parts or "filter-dumps" in parts:
        pin_bpf_prog(BPF_PIN)
    if "filters" in parts:
        capture_requests(outdir, FILTERS, "filters.tsv")
    if "dumps" in parts:
        capture_dumps(outdir)
    if "filter-dumps" in parts:
        capture_filter_dumps(outdir)


if __name__ == "__main__":
    main()
