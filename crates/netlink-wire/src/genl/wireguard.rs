//! WireGuard (`"wireguard"`): a device's keys, port and firewall mark, its peers and their
//! allowed IPs (`WG_CMD_GET_DEVICE`, a dump), and changes to them (`WG_CMD_SET_DEVICE`), as
//! the `wg` tool reads and writes them.
//!
//! Peers and allowed IPs are arrays: nests of nests numbered 0 ([`NestList`]), each flagged
//! `NLA_F_NESTED`. A device too large for one message comes in several, the later ones with
//! only the name and more peers (or a peer's key and more allowed IPs); coalescing them is the
//! reader's job.
//!
//! Source of truth: `include/uapi/linux/wireguard.h`.
//!
//! [`NestList`]: crate::typed::NestList

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use zerocopy::byteorder::native_endian::I64;

use crate::attr::{Attr, AttrWrite};
use crate::error::{Error, Result};
use crate::genl::{GenlFamily, family_info, walk_genl};
use crate::message::Msg;
use crate::typed::{Check, Value, Walker};

/// `WG_GENL_NAME`.
pub const NAME: &str = "wireguard";
/// `WG_GENL_VERSION`.
pub const VERSION: u8 = 1;
/// `WG_KEY_LEN`: the length of every key.
pub const KEY_LEN: usize = 32;

/// The family's line in the [`REGISTRY`](crate::genl::REGISTRY).
pub const FAMILY: GenlFamily = GenlFamily {
    name: NAME,
    version: VERSION,
    groups: &[],
    info: family_info(NAME, walk),
    command: |cmd, _| WgCmd(cmd).name(),
};

fn walk(m: Msg<'_>, w: &mut Walker) {
    walk_genl(m, w, |g, w| {
        let _ = WgCmd(g.cmd()).walk_attrs(g.attrs(), w);
    });
}

flags! {
    /// `WGDEVICE_F_*` (`WGDEVICE_A_FLAGS`).
    WgDeviceFlags(u32);
    /// Remove every peer before adding those of the request.
    REPLACE_PEERS = 0x1, "WGDEVICE_F_REPLACE_PEERS", "replace-peers";
}

flags! {
    /// `WGPEER_F_*` (`WGPEER_A_FLAGS`).
    WgPeerFlags(u32);
    /// Remove the peer.
    REMOVE_ME = 0x1, "WGPEER_F_REMOVE_ME", "remove";
    /// Remove the peer's allowed IPs before adding those of the request.
    REPLACE_ALLOWEDIPS = 0x2, "WGPEER_F_REPLACE_ALLOWEDIPS", "replace-allowed-ips";
    /// Change the peer only if it exists.
    UPDATE_ONLY = 0x4, "WGPEER_F_UPDATE_ONLY", "update-only";
}

kernel_struct! {
    /// `struct __kernel_timespec`: a peer's last handshake.
    KernelTimespec = "__kernel_timespec", 16 {
        /// `tv_sec`.
        pub tv_sec: I64,
        /// `tv_nsec`.
        pub tv_nsec: I64,
    }
}

/// `AF_INET`, as `sockaddr_in.sin_family` and `WGALLOWEDIP_A_FAMILY` carry it.
pub const AF_INET: u16 = 2;
/// `AF_INET6`.
pub const AF_INET6: u16 = 10;

/// A peer's endpoint (`WGPEER_A_ENDPOINT`): a `struct sockaddr_in` or `sockaddr_in6`, kept as
/// it came so that it writes back unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint<'a> {
    bytes: &'a [u8],
}

impl<'a> Endpoint<'a> {
    /// The socket address.
    ///
    /// # Errors
    /// [`Error::AttrSize`] when the payload is no `sockaddr_in` (16 bytes) or `sockaddr_in6`
    /// (28 bytes) of its family.
    pub fn addr(&self) -> Result<SocketAddr> {
        let size = |expected| Error::AttrSize {
            kind: WgPeerA::ENDPOINT.0,
            offset: 0,
            expected,
            found: self.bytes.len(),
        };
        let family = self
            .bytes
            .first_chunk::<2>()
            .map(|f| u16::from_ne_bytes(*f))
            .ok_or(size(16))?;
        let port = match self.bytes.get(2..4) {
            Some(&[a, b]) => u16::from_be_bytes([a, b]),
            _ => return Err(size(16)),
        };
        match family {
            AF_INET6 => {
                let addr: [u8; 16] = self
                    .bytes
                    .get(8..24)
                    .and_then(|b| b.try_into().ok())
                    .ok_or(size(28))?;
                let flow = self.bytes.get(4..8).and_then(|b| b.try_into().ok());
                let scope = self.bytes.get(24..28).and_then(|b| b.try_into().ok());
                let (Some(flow), Some(scope)) = (flow, scope) else {
                    return Err(size(28));
                };
                Ok(SocketAddr::V6(SocketAddrV6::new(
                    Ipv6Addr::from(addr),
                    port,
                    u32::from_be_bytes(flow),
                    u32::from_ne_bytes(scope),
                )))
            }
            _ => {
                let addr: [u8; 4] = self
                    .bytes
                    .get(4..8)
                    .and_then(|b| b.try_into().ok())
                    .ok_or(size(16))?;
                Ok(SocketAddr::V4(SocketAddrV4::new(
                    Ipv4Addr::from(addr),
                    port,
                )))
            }
        }
    }

    /// The raw `sockaddr`.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Appends `addr` as attribute `kind`: a 16-byte `sockaddr_in` or a 28-byte
    /// `sockaddr_in6`, as `wg` writes it.
    pub fn put<W: AttrWrite>(w: &mut W, kind: u16, addr: SocketAddr) {
        match addr {
            SocketAddr::V4(a) => {
                let parts: [&[u8]; 4] = [
                    &AF_INET.to_ne_bytes(),
                    &a.port().to_be_bytes(),
                    &a.ip().octets(),
                    &[0; 8],
                ];
                w.put_parts(kind, &parts);
            }
            SocketAddr::V6(a) => {
                let parts: [&[u8]; 5] = [
                    &AF_INET6.to_ne_bytes(),
                    &a.port().to_be_bytes(),
                    &a.flowinfo().to_be_bytes(),
                    &a.ip().octets(),
                    &a.scope_id().to_ne_bytes(),
                ];
                w.put_parts(kind, &parts);
            }
        }
    }
}

impl<'a> Value<'a> for Endpoint<'a> {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Self> {
        let e = Endpoint {
            bytes: attr.payload(),
        };
        e.addr().map_err(|_| Error::AttrSize {
            kind: attr.kind(),
            offset: attr.offset(),
            expected: 16,
            found: attr.payload().len(),
        })?;
        Ok(e)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put(kind, self.bytes);
    }
}

impl Check for Endpoint<'_> {}

attributes! {
    /// One allowed IP range of a peer.
    view WgAllowedIpView;
    /// `WGALLOWEDIP_A_*`.
    numbers WgAllowedIpA;
    /// A typed allowed-IP attribute.
    enum WgAllowedIpAttr<'a>;
    /// `AF_INET` or `AF_INET6`.
    FAMILY = 1, "WGALLOWEDIP_A_FAMILY", Family(u16), family;
    /// The address.
    IPADDR = 2, "WGALLOWEDIP_A_IPADDR", Ipaddr(ip), ipaddr;
    /// The prefix length.
    CIDR_MASK = 3, "WGALLOWEDIP_A_CIDR_MASK", CidrMask(u8), cidr_mask;
}

attributes! {
    /// One peer.
    view WgPeerView;
    /// `WGPEER_A_*`.
    numbers WgPeerA;
    /// A typed peer attribute.
    enum WgPeerAttr<'a>;
    /// The peer's public key.
    PUBLIC_KEY = 1, "WGPEER_A_PUBLIC_KEY", PublicKey(bytes), public_key;
    /// The preshared key (all zeros: none).
    PRESHARED_KEY = 2, "WGPEER_A_PRESHARED_KEY", PresharedKey(bytes), preshared_key;
    /// Change flags.
    FLAGS = 3, "WGPEER_A_FLAGS", Flags(val WgPeerFlags), flags;
    /// Where the peer is.
    ENDPOINT = 4, "WGPEER_A_ENDPOINT", Endpoint(val Endpoint<'a>), endpoint;
    /// Seconds between keepalives (0: off).
    PERSISTENT_KEEPALIVE_INTERVAL = 5, "WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL", PersistentKeepaliveInterval(u16), persistent_keepalive_interval;
    /// The last handshake.
    LAST_HANDSHAKE_TIME = 6, "WGPEER_A_LAST_HANDSHAKE_TIME", LastHandshakeTime({KernelTimespec}), last_handshake_time;
    /// Bytes received.
    RX_BYTES = 7, "WGPEER_A_RX_BYTES", RxBytes(u64), rx_bytes;
    /// Bytes sent.
    TX_BYTES = 8, "WGPEER_A_TX_BYTES", TxBytes(u64), tx_bytes;
    /// The allowed IPs.
    ALLOWEDIPS = 9, "WGPEER_A_ALLOWEDIPS", AllowedIps(nests WgAllowedIpA), allowed_ips;
    /// The protocol version.
    PROTOCOL_VERSION = 10, "WGPEER_A_PROTOCOL_VERSION", ProtocolVersion(u32), protocol_version;
}

attributes! {
    /// A device.
    view WgDeviceView;
    /// `WGDEVICE_A_*`.
    numbers WgDeviceA;
    /// A typed device attribute.
    enum WgDeviceAttr<'a>;
    /// The interface index.
    IFINDEX = 1, "WGDEVICE_A_IFINDEX", Ifindex(u32), ifindex;
    /// The interface name.
    IFNAME = 2, "WGDEVICE_A_IFNAME", Ifname(str), ifname;
    /// The private key (all zeros to remove it).
    PRIVATE_KEY = 3, "WGDEVICE_A_PRIVATE_KEY", PrivateKey(bytes), private_key;
    /// The public key.
    PUBLIC_KEY = 4, "WGDEVICE_A_PUBLIC_KEY", PublicKey(bytes), public_key;
    /// Change flags.
    FLAGS = 5, "WGDEVICE_A_FLAGS", Flags(val WgDeviceFlags), flags;
    /// The UDP port (0: random).
    LISTEN_PORT = 6, "WGDEVICE_A_LISTEN_PORT", ListenPort(u16), listen_port;
    /// The firewall mark (0: none).
    FWMARK = 7, "WGDEVICE_A_FWMARK", Fwmark(u32), fwmark;
    /// The peers.
    PEERS = 8, "WGDEVICE_A_PEERS", Peers(nests WgPeerA), peers;
}

genl_messages! {
    /// `WG_CMD_*`.
    commands WgCmd;
    /// A WireGuard message, typed by command.
    enum WgMessage<'a>;
    /// Read a device (a dump).
    GET_DEVICE = 0, "WG_CMD_GET_DEVICE", "get-device", GetDevice(WgDeviceView, WgDeviceA);
    /// Change a device.
    SET_DEVICE = 1, "WG_CMD_SET_DEVICE", "set-device", SetDevice(WgDeviceView, WgDeviceA);
}

impl WgAllowedIpView<'_> {
    /// The range as an address and prefix length.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn range(&self) -> Result<Option<(IpAddr, u8)>> {
        Ok(match (self.ipaddr()?, self.cidr_mask()?) {
            (Some(a), Some(m)) => Some((a, m)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{AttrBuilder, Attrs};

    #[test]
    fn endpoints_round_trip_both_families() {
        for addr in ["192.0.2.1:51820", "[2001:db8::1]:51820"] {
            let addr: SocketAddr = addr.parse().unwrap();
            let mut buf = Vec::new();
            let mut b = AttrBuilder::new(&mut buf);
            Endpoint::put(&mut b, WgPeerA::ENDPOINT.0, addr);
            b.finish().unwrap();
            let a = Attrs::new(&buf).next().unwrap().unwrap();
            let e = Endpoint::decode(a).unwrap();
            assert_eq!(e.addr().unwrap(), addr);
            assert_eq!(e.as_bytes().len(), if addr.is_ipv4() { 16 } else { 28 });
        }
        let short = [0u8; 4];
        let mut buf = Vec::new();
        let mut b = AttrBuilder::new(&mut buf);
        b.put(4u16, &short);
        b.finish().unwrap();
        let a = Attrs::new(&buf).next().unwrap().unwrap();
        assert!(Endpoint::decode(a).is_err());
    }

    #[test]
    fn the_requests_of_wg_decode_and_reencode_exactly() {
        // testdata/wg_*.bin: what `wg set` and `wg setconf` sent (capture_wg.sh), with the
        // family at id 0x3a0.
        let mut ids = crate::genl::Ids::new();
        ids.insert(0x3a0, NAME).unwrap();
        for name in [
            "wg_set_device",
            "wg_set_peer",
            "wg_set_peer6",
            "wg_remove_peer",
            "wg_setconf",
        ] {
            let bytes = std::fs::read(format!(
                "{}/testdata/{name}.bin",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let s = crate::check::walk_with(&bytes, &|t| ids.family(t));
            assert_eq!((s.errors, s.typed_errors), (0, 0), "{name}: {s:?}");
            assert_eq!(
                (s.reencoded_differently, s.roundtrip_failures),
                (0, 0),
                "{name}: {s:?}"
            );
            let m = crate::message::Msg::parse(&bytes).unwrap();
            let WgMessage::SetDevice(d) = WgMessage::parse(m).unwrap() else {
                panic!("{name}: not SET_DEVICE");
            };
            assert_eq!(d.ifname().unwrap(), Some("wg0"));
            if name == "wg_set_peer" {
                let (_, peer) = d.peers().unwrap().unwrap().iter().next().unwrap().unwrap();
                let peer = WgPeerView::from(peer);
                assert_eq!(peer.public_key().unwrap(), Some(&[2u8; 32][..]));
                assert_eq!(
                    peer.endpoint().unwrap().unwrap().addr().unwrap(),
                    "192.0.2.2:51820".parse().unwrap()
                );
                assert_eq!(peer.flags().unwrap(), Some(WgPeerFlags::REPLACE_ALLOWEDIPS));
                let ips: Vec<_> = peer
                    .allowed_ips()
                    .unwrap()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        WgAllowedIpView::from(r.unwrap().1)
                            .range()
                            .unwrap()
                            .unwrap()
                    })
                    .collect();
                assert_eq!(
                    ips,
                    [
                        ("198.51.100.0".parse().unwrap(), 24),
                        ("2001:db8::".parse().unwrap(), 32)
                    ]
                );
            }
            for n in 0..bytes.len() {
                let _ = crate::check::walk_with(&bytes[..n], &|t| ids.family(t));
            }
        }
    }
}
