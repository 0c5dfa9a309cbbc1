#!/bin/sh
# Captures the WG_CMD_SET_DEVICE requests of the `wg` tool (wireguard-tools) without a
# WireGuard kernel: wg_shim.c, preloaded, answers wg's netlink socket itself (see its header)
# and appends every request to the file named by $WG_CAPTURE. Nothing reaches the kernel
# but the socket's creation. Keys are fixed test values (32 bytes of 0x01, 0x02, ...).
#
#   sh capture_wg.sh [OUTDIR]     # needs gcc and wg (apt-get install wireguard-tools)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -shared -fPIC -O2 -o "$tmp/shim.so" "$here/wg_shim.c" -ldl
key() { python3 -c "import base64,sys; print(base64.b64encode(bytes([int(sys.argv[1])]*32)).decode())" "$1"; }
key 1 > "$tmp/private"
key 3 > "$tmp/psk"
P1=$(key 2)
P2=$(key 4)
cat > "$tmp/wg0.conf" <<CONF
[Interface]
PrivateKey = $(key 5)
ListenPort = 51821
FwMark = 0x20

[Peer]
PublicKey = $P1
AllowedIPs = 198.51.100.0/24, 2001:db8:1::/48
Endpoint = 192.0.2.9:51822
PersistentKeepalive = 15
CONF
capture() {
	name=$1; shift
	rm -f "$out/$name.bin"
	WG_CAPTURE="$out/$name.bin" LD_PRELOAD="$tmp/shim.so" wg "$@"
	echo "$name.bin: wg $*"
}
capture wg_set_device set wg0 private-key "$tmp/private" listen-port 51820 fwmark 0x10
capture wg_set_peer set wg0 peer "$P1" preshared-key "$tmp/psk" endpoint 192.0.2.2:51820 \
	persistent-keepalive 25 allowed-ips 198.51.100.0/24,2001:db8::/32
capture wg_set_peer6 set wg0 peer "$P2" endpoint '[2001:db8::2]:51820' allowed-ips 203.0.113.7/32
capture wg_remove_peer set wg0 peer "$P1" remove
capture wg_setconf setconf wg0 "$tmp/wg0.conf"
