#!/usr/bin/env python3
"""Capture the `RTM_NEWLINK` requests `ip link add ... type KIND ...` sends (`linkinfo-*.bin`).

MUST be run inside a fresh, private network namespace (as root):

    ip netns add lkcap-$$
    ip netns exec lkcap-$$ python3 capture_linkinfo.py [OUTDIR] [NAME ...]
    ip netns del lkcap-$$

Every command line of REQUESTS runs under `strace -e write=...` (the tracing of tc/capture.py),
and the one `RTM_NEWLINK` message ip hands to sendmsg(2) is kept byte for byte as
`linkinfo-NAME.bin`. ip builds and sends the request whether or not this kernel has the kind,
so kinds it lacks are captured too; the kernel's answer is recorded in linkinfo.tsv. A link
that was created is deleted again, so that every request starts from the same namespace: `lo`
and the veth pair `veth0`/`veth1`, with veth0 at ifindex 3 (the captures name it by number).

NAME arguments capture only those requests (linkinfo.tsv then lists only them).
Stdlib only; the helpers are the ones of ../capture.py and tc/capture.py.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import capture as nl  # noqa: E402  (capture.py: run, assert_private_netns, walk, save_raw)

_spec = importlib.util.spec_from_file_location("tc_capture", os.path.join(HERE, "tc", "capture.py"))
tc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tc)  # tc.traced: a command's sendmsg buffers under strace

RTM_NEWLINK = 16

BASE = [
    "ip link set lo up",
    "ip link add veth0 type veth peer name veth1",
]

# (name, the traced command line). The names are the files' and the tests'.
REQUESTS = [
    # Kinds the earlier captures have (see linkinfo.md).
    ("dummy", "ip link add d0 type dummy"),
    ("wireguard", "ip link add wg0 type wireguard"),
    ("vlan", "ip link add link veth0 name v0 type vlan id 100"),
    ("vlan-ad", "ip link add link veth0 name v1 type vlan id 200 protocol 802.1ad"),
    ("bond", "ip link add b0 type bond mode active-backup miimon 100"),
    ("bond-lacp", "ip link add b1 type bond mode 802.3ad miimon 100 updelay 200 downdelay 200 "
                  "xmit_hash_policy layer3+4 lacp_rate fast"),
    ("vrf", "ip link add vrf0 type vrf table 100"),
    ("ipvlan", "ip link add link veth0 name ipv0 type ipvlan mode l3"),
    ("gre", "ip link add gre0 type gre remote 198.51.100.2 local 198.51.100.1 ttl 64 key 42"),
    ("gre-dev", "ip link add gre2 type gre remote 198.51.100.2 local 198.51.100.1 dev veth0"),
    ("gretap", "ip link add gt0 type gretap remote 198.51.100.2 local 198.51.100.1 ttl 64 key 42"),
    ("ipip", "ip link add ipip0 type ipip remote 198.51.100.2 local 198.51.100.1 ttl 64"),
    ("sit", "ip link add sit0 type sit remote 198.51.100.2 local 198.51.100.1 ttl 64"),
    ("geneve", "ip link add gnv0 type geneve id 42 remote 198.51.100.2 dstport 6081"),
    ("veth", "ip link add va type veth peer name vb"),
    ("veth-peer", "ip link add vc type veth peer name vd address 02:00:00:00:00:09 mtu 1400"),
    ("bridge", "ip link add br0 type bridge"),
    ("bridge-stp", "ip link add br2 type bridge forward_delay 400 stp_state 1"),
    ("bridge-vlanfilter", "ip link add br1 type bridge forward_delay 400 stp_state 1 vlan_filtering 1"),
    ("vxlan", "ip link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1 dev veth0"),
    ("vxlan-full", "ip link add vx3 type vxlan id 45 remote 198.51.100.2 local 192.0.2.1 dev veth0 "
                   "ttl 10 dstport 4789 nolearning"),
    ("vxlan6", "ip link add vx5 type vxlan id 47 remote 2001:db8::2 local 2001:db8::1 dstport 4789"),
    ("macvlan", "ip link add link veth0 name mv0 type macvlan mode bridge"),
    ("macvtap", "ip link add link veth0 name mt0 type macvtap mode vepa"),
    ("ifb", "ip link add ifb0 type ifb"),
    # The IPv6 GRE kinds, ERSPAN, ip6tnl, vti, xfrm.
    ("ip6gre", "ip link add ip6gre0 type ip6gre remote 2001:db8::2 local 2001:db8::1 hoplimit 64 key 42"),
    ("ip6gretap", "ip link add ip6gt0 type ip6gretap remote 2001:db8::2 local 2001:db8::1 dev veth0"),
    ("erspan", "ip link add ers0 type erspan remote 198.51.100.2 local 198.51.100.1 seq key 10 "
               "erspan_ver 1 erspan 123"),
    ("erspan-v2", "ip link add ers1 type erspan remote 198.51.100.2 local 198.51.100.1 seq key 11 "
                  "erspan_ver 2 erspan_dir egress erspan_hwid 7"),
    ("ip6erspan", "ip link add ers6 type ip6erspan remote 2001:db8::2 local 2001:db8::1 seq key 12 "
                  "erspan_ver 2 erspan_dir ingress erspan_hwid 17"),
    ("ip6tnl", "ip link add ip6t0 type ip6tnl remote 2001:db8::2 local 2001:db8::1 mode ip6ip6 hoplimit 64"),
    ("vti", "ip link add vti0 type vti remote 198.51.100.2 local 198.51.100.1 key 7"),
    ("vti6", "ip link add vti6 type vti6 remote 2001:db8::2 local 2001:db8::1 ikey 7 okey 8 dev veth0"),
    ("xfrm", "ip link add xfrm0 type xfrm dev veth0 if_id 5"),
    # UDP tunnels.
    ("geneve6", "ip link add gnv6 type geneve id 7 remote 2001:db8::2 ttl 64 tos 0x10 df set "
                "flowlabel 5 dstport 6081 noudpcsum udp6zerocsumtx udp6zerocsumrx"),
    ("bareudp", "ip link add bu0 type bareudp dstport 6635 ethertype mpls_uc srcportmin 1000 multiproto"),
    ("gtp", "ip link add gtp0 type gtp role sgsn hsize 1024 restart_count 3"),
    ("amt", "ip link add amt0 type amt mode gateway local 192.0.2.1 discovery 198.51.100.1 dev veth0 "
            "relay_port 2268 gateway_port 2268 max_tunnels 10"),
    # Link-layer kinds.
    ("macsec", "ip link add link veth0 macsec0 type macsec port 11 encrypt on cipher gcm-aes-256 "
               "icvlen 16 replay on window 32 validate strict encodingsa 2"),
    ("macsec-sci", "ip link add link veth0 macsec1 type macsec sci 0200000000090001 send_sci on "
                   "end_station off scb off protect on offload off"),
    ("hsr", "ip link add hsr0 type hsr slave1 veth0 slave2 veth1 supervision 45 version 1"),
    ("prp", "ip link add prp0 type hsr slave1 veth0 slave2 veth1 proto 1"),
    ("rmnet", "ip link add link veth0 rmnet0 type rmnet mux_id 5"),
    ("batadv", "ip link add bat0 type batadv ra BATMAN_V"),
    ("ipvtap", "ip link add link veth0 ipvt0 type ipvtap mode l2 vepa"),
    ("ipoib", "ip link add link veth0 ib0 type ipoib pkey 0x8001 mode connected umcast 1"),
    ("wwan", "ip link add wwan1 type wwan linkid 3"),
    ("dsa", "ip link add dsa0 type dsa conduit veth0"),
    ("can", "ip link add can0 type can bitrate 500000 restart-ms 100"),
    ("vxcan", "ip link add vxcan0 type vxcan peer name vxcan1"),
    # Kinds without data.
    ("vcan", "ip link add vcan0 type vcan"),
    ("nlmon", "ip link add nlmon0 type nlmon"),
    ("virt_wifi", "ip link add link veth0 vw0 type virt_wifi"),
    ("netkit", "ip link add nk0 type netkit"),
    ("team", "ip link add team0 type team"),
    ("netdevsim", "ip link add nsim0 type netdevsim"),
    ("lowpan", "ip link add link veth0 lowpan0 type lowpan"),
]


def links():
    return set(os.listdir("/sys/class/net"))


def main():
    args = sys.argv[1:]
    names = {n for n, _ in REQUESTS}
    only = [a for a in args if a in names]
    dirs = [a for a in args if a not in names]
    outdir = dirs[0] if dirs else HERE
    nl.assert_private_netns()
    for c in BASE:
        nl.run(c)
    if nl.ifindex("veth0") != 3:
        raise SystemExit("veth0 is ifindex %d, not 3" % nl.ifindex("veth0"))
    before = links()
    rows = []
    for name, cmd in REQUESTS:
        if only and name not in only:
            continue
        buffers, status, err = tc.traced(cmd)
        msgs = [b for b in buffers if any(t == RTM_NEWLINK for _o, _l, t, _f, _s, _p, _pl in nl.walk(b))]
        if len(msgs) != 1:
            raise SystemExit("%s: %d RTM_NEWLINK requests (%s)" % (name, len(msgs), err))
        nl.save_raw(outdir, "linkinfo-%s.bin" % name, msgs[0])
        answer = err or "created"
        rows.append("%s\t%d\t%s\t%s\n" % (name, status, cmd, answer))
        print("%-18s %4d bytes, exit %d %s" % (name, len(msgs[0]), status, answer), file=sys.stderr)
        for dev in sorted(links() - before):
            nl.run("ip link del %s" % dev, check=False)
    with open(os.path.join(outdir, "linkinfo.tsv"), "w") as f:
        f.write("# name\texit status\tcommand line\tthe kernel's answer\n")
        f.writelines(rows)


if __name__ == "__main__":
    main()
