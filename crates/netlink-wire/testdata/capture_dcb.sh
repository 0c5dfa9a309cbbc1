#!/bin/sh
# Captures the DCB requests of iproute2's `dcb` tool without a DCB-capable device:
# dcb_shim.c, preloaded, answers dcb's netlink socket itself (see its header) and appends
# every request to the file named by $DCB_CAPTURE. Nothing reaches the kernel but the
# socket's creation. The device name is only a word here: no request reaches a device.
#
#   sh capture_dcb.sh [OUTDIR]     # needs gcc and dcb (iproute2)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -shared -fPIC -O2 -o "$tmp/shim.so" "$here/dcb_shim.c" -ldl
capture() {
	name=$1; shift
	rm -f "$out/$name.bin"
	DCB_CAPTURE="$out/$name.bin" LD_PRELOAD="$tmp/shim.so" dcb "$@" > /dev/null
	echo "$name.bin: dcb $*"
}
capture dcb_ets_show ets show dev eth0
capture dcb_ets_set ets set dev eth0 willing on tc-bw 0:60 1:40
capture dcb_pfc_set pfc set dev eth0 prio-pfc 1:on delay 100
capture dcb_maxrate_set maxrate set dev eth0 tc-maxrate 1:100Mbit
capture dcb_app_add app add dev eth0 ethtype-prio 0x88cc:5
capture dcb_app_del app del dev eth0 ethtype-prio 0x8906:3
capture dcb_dcbx_set dcbx set dev eth0 host ieee
capture dcb_buffer_set buffer set dev eth0 buffer-size 0:2000
