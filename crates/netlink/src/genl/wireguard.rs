//! WireGuard over netlink (`wg show`, `wg set`): a device with its keys and peers as owned
//! types, read by [`GenlConnection::wireguard_device`] and changed by
//! [`GenlConnection::set_wireguard_device`].
//!
//! Requests are written attribute for attribute as the `wg` tool writes them (checked byte for
//! byte against `wg`'s own requests, `testdata/wg_set_*.bin`), so that a capture of `wg` is an
//! exact oracle.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//! use netlink::genl::wireguard::{WgDeviceRequest, WgPeerRequest};
//!
//! let genl = GenlConnection::new()?;
//! // wg set wg0 listen-port 51820 peer PUBKEY allowed-ips 198.51.100.0/24
//! let mut req = WgDeviceRequest::new("wg0").listen_port(51820);
//! req.peers.push(WgPeerRequest::new([7; 32]).allowed_ip("198.51.100.0".parse().unwrap(), 24));
//! genl.set_wireguard_device(&req)?;
//! # Ok::<(), netlink::Error>(())
//! ```

use core::net::{IpAddr, SocketAddr};

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::wireguard::{
    self as wire, AF_INET, AF_INET6, Endpoint, KEY_LEN, WgAllowedIpA, WgAllowedIpView, WgCmd,
    WgDeviceA, WgDeviceFlags, WgDeviceView, WgPeerA, WgPeerFlags, WgPeerView,
};
use netlink_wire::{AttrBuilder, AttrWrite, Flags, MessageBuilder};

use crate::error::{Error, Result};
use crate::genl::{Device, GenlConnection, attrs};

/// A WireGuard key.
pub type Key = [u8; KEY_LEN];

fn key(bytes: Option<&[u8]>) -> Result<Option<Key>> {
    bytes
        .map(|b| {
            Key::try_from(b)
                .map_err(|_| Error::MalformedReply("a WireGuard key that is not 32 bytes"))
        })
        .transpose()
}

/// A peer of a device, as `wg show` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WgPeer {
    /// Its public key.
    pub public_key: Key,
    /// The preshared key (all zeros: none).
    pub preshared_key: Option<Key>,
    /// Where it is.
    pub endpoint: Option<SocketAddr>,
    /// Seconds between keepalives (0: off).
    pub persistent_keepalive_interval: Option<u16>,
    /// The last handshake, seconds and nanoseconds since the epoch (0: never).
    pub last_handshake: Option<(i64, i64)>,
    /// Bytes received.
    pub rx_bytes: Option<u64>,
    /// Bytes sent.
    pub tx_bytes: Option<u64>,
    /// The allowed IP ranges.
    pub allowed_ips: Vec<(IpAddr, u8)>,
    /// The protocol version.
    pub protocol_version: Option<u32>,
}

/// A WireGuard device, as `wg show` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WgDevice {
    /// The interface index.
    pub ifindex: u32,
    /// The interface name.
    pub ifname: String,
    /// The private key, when set (and readable: `CAP_NET_ADMIN`).
    pub private_key: Option<Key>,
    /// The public key.
    pub public_key: Option<Key>,
    /// The UDP port.
    pub listen_port: Option<u16>,
    /// The firewall mark.
    pub fwmark: Option<u32>,
    /// The peers.
    pub peers: Vec<WgPeer>,
}

impl WgDevice {
    /// Adds one message of a `WG_CMD_GET_DEVICE` dump: the first sets the device, later ones
    /// continue the peer list, a peer that repeats the last one's key continues its allowed
    /// IPs (see `wireguard.h`).
    ///
    /// # Errors
    /// A malformed attribute or key.
    pub fn add_message(&mut self, msg: &GenlMsg<'_>) -> Result<()> {
        let v = WgDeviceView::new(msg.attrs());
        v.validate()?;
        if let Some(i) = v.ifindex()? {
            self.ifindex = i;
        }
        if let Some(n) = v.ifname()? {
            n.clone_into(&mut self.ifname);
        }
        if let Some(k) = key(v.private_key()?)? {
            self.private_key = Some(k);
        }
        if let Some(k) = key(v.public_key()?)? {
            self.public_key = Some(k);
        }
        self.listen_port = v.listen_port()?.or(self.listen_port);
        self.fwmark = v.fwmark()?.or(self.fwmark);
        let Some(peers) = v.peers()? else {
            return Ok(());
        };
        for item in peers.iter() {
            let p = WgPeerView::from(item?.1);
            let public_key = key(p.public_key()?)?.ok_or(Error::MalformedReply(
                "a WireGuard peer without a public key",
            ))?;
            let mut allowed = Vec::new();
            if let Some(list) = p.allowed_ips()? {
                for ip in list.iter() {
                    if let Some(r) = WgAllowedIpView::from(ip?.1).range()? {
                        allowed.push(r);
                    }
                }
            }
            match self.peers.last_mut() {
                Some(last) if last.public_key == public_key => last.allowed_ips.extend(allowed),
                _ => self.peers.push(WgPeer {
                    public_key,
                    preshared_key: key(p.preshared_key()?)?,
                    endpoint: p.endpoint()?.map(|e| e.addr()).transpose()?,
                    persistent_keepalive_interval: p.persistent_keepalive_interval()?,
                    last_handshake: p
                        .last_handshake_time()?
                        .map(|t| (t.get().tv_sec.get(), t.get().tv_nsec.get())),
                    rx_bytes: p.rx_bytes()?,
                    tx_bytes: p.tx_bytes()?,
                    allowed_ips: allowed,
                    protocol_version: p.protocol_version()?,
                }),
            }
        }
        Ok(())
    }
}

settable! {
    /// A change of one peer (`wg set DEV peer KEY ...`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct WgPeerRequest {
        /// The peer's public key.
        fixed public_key: Key,
        /// Remove the peer (`remove`).
        remove: bool,
        /// Change it only if it exists.
        update_only: bool,
        /// Replace its allowed IPs with those given (`allowed-ips`, as `wg set` does).
        replace_allowed_ips: bool,
        /// The preshared key (all zeros to remove it).
        preshared_key: Option<Key>,
        /// Its endpoint.
        endpoint: Option<SocketAddr>,
        /// Seconds between keepalives (0: off).
        persistent_keepalive_interval: Option<u16>,
        /// Allowed IP ranges to add.
        fixed allowed_ips: Vec<(IpAddr, u8)>,
    }
}

impl WgPeerRequest {
    /// A change of the peer with `public_key`, changing nothing yet.
    #[must_use]
    pub fn new(public_key: Key) -> Self {
        WgPeerRequest {
            public_key,
            ..WgPeerRequest::default()
        }
    }

    /// Adds an allowed IP range.
    #[must_use]
    pub fn allowed_ip(mut self, addr: IpAddr, prefix_len: u8) -> Self {
        self.allowed_ips.push((addr, prefix_len));
        self
    }

    fn write<W: AttrWrite>(&self, w: &mut W) {
        // `wg` numbers every peer nest 0, and orders the attributes as below.
        let mut p = w.nest(NLA_F_NESTED);
        p.put(WgPeerA::PUBLIC_KEY, &self.public_key);
        let mut flags = WgPeerFlags::EMPTY;
        if self.remove {
            flags |= WgPeerFlags::REMOVE_ME;
        }
        if self.update_only {
            flags |= WgPeerFlags::UPDATE_ONLY;
        }
        if self.replace_allowed_ips {
            flags |= WgPeerFlags::REPLACE_ALLOWEDIPS;
        }
        if let Some(k) = &self.preshared_key {
            p.put(WgPeerA::PRESHARED_KEY, k);
        }
        if let Some(e) = self.endpoint {
            Endpoint::put(&mut p, WgPeerA::ENDPOINT.0, e);
        }
        if let Some(k) = self.persistent_keepalive_interval {
            p.put_u16(WgPeerA::PERSISTENT_KEEPALIVE_INTERVAL, k);
        }
        if !flags.is_empty() {
            p.put_u32(WgPeerA::FLAGS, flags.bits());
        }
        if !self.allowed_ips.is_empty() {
            let mut list = p.nest(WgPeerA::ALLOWEDIPS.0 | NLA_F_NESTED);
            for (addr, cidr) in &self.allowed_ips {
                let mut ip = list.nest(NLA_F_NESTED);
                ip.put_u16(
                    WgAllowedIpA::FAMILY,
                    if addr.is_ipv4() { AF_INET } else { AF_INET6 },
                );
                ip.put_ip(WgAllowedIpA::IPADDR, *addr);
                ip.put_u8(WgAllowedIpA::CIDR_MASK, *cidr);
            }
        }
    }
}

settable! {
    /// A change of a device (`wg set`, `wg setconf`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct WgDeviceRequest {
        /// The device's name (`wg` names the device; an index is used when the name is empty).
        fixed ifname: String,
        /// The device's index, when it has no name here.
        fixed ifindex: Option<u32>,
        /// The private key (all zeros to remove it).
        private_key: Option<Key>,
        /// The UDP port (0: random).
        listen_port: Option<u16>,
        /// The firewall mark (0: none).
        fwmark: Option<u32>,
        /// Remove every peer first (`wg setconf`).
        replace_peers: bool,
        /// The peers to change.
        fixed peers: Vec<WgPeerRequest>,
    }
}

impl WgDeviceRequest {
    /// A change of device `ifname`, changing nothing yet.
    #[must_use]
    pub fn new(ifname: &str) -> Self {
        WgDeviceRequest {
            ifname: ifname.to_owned(),
            ..WgDeviceRequest::default()
        }
    }

    /// Writes the request's attributes, in `wg`'s order: the device, its settings, its flags,
    /// then the peers.
    pub fn write<W: AttrWrite>(&self, w: &mut W) {
        match self.ifindex {
            Some(i) if self.ifname.is_empty() => {
                w.put_u32(WgDeviceA::IFINDEX, i);
            }
            _ => {
                w.put_str(WgDeviceA::IFNAME, &self.ifname);
            }
        }
        if let Some(k) = &self.private_key {
            w.put(WgDeviceA::PRIVATE_KEY, k);
        }
        if let Some(p) = self.listen_port {
            w.put_u16(WgDeviceA::LISTEN_PORT, p);
        }
        if let Some(m) = self.fwmark {
            w.put_u32(WgDeviceA::FWMARK, m);
        }
        if self.replace_peers {
            w.put_u32(WgDeviceA::FLAGS, WgDeviceFlags::REPLACE_PEERS.bits());
        }
        if !self.peers.is_empty() {
            let mut peers = w.nest(WgDeviceA::PEERS.0 | NLA_F_NESTED);
            for p in &self.peers {
                p.write(&mut peers);
            }
        }
    }

    /// Writes the whole `WG_CMD_SET_DEVICE` message for family id `family_id` with sequence
    /// number `seq`, flags `NLM_F_REQUEST | NLM_F_ACK` as `wg` sends it.
    ///
    /// # Errors
    /// A request too large for one message.
    pub fn message(&self, buf: &mut Vec<u8>, family_id: u16, seq: u32) -> Result<usize> {
        let mut b: MessageBuilder<'_> = GenlMsg::builder(
            buf,
            family_id,
            Flags::REQUEST | Flags::ACK,
            WgCmd::SET_DEVICE.0,
            wire::VERSION,
        );
        b.seq(seq);
        self.write(&mut b);
        b.finish().map_err(Error::Encode)
    }
}

impl GenlConnection {
    /// Device `dev` with its peers (`wg show DEV dump`), the dump's messages coalesced.
    ///
    /// # Errors
    /// [`Error::UnknownFamily`] when the kernel has no WireGuard; the kernel's error
    /// (`ENODEV`); a malformed reply.
    pub fn wireguard_device<'d>(&self, dev: impl Into<Device<'d>>) -> Result<WgDevice> {
        let dev = dev.into();
        let body = attrs(|w: &mut AttrBuilder<'_>| match dev {
            Device::Index(i) => {
                w.put_u32(WgDeviceA::IFINDEX, i);
            }
            Device::Name(n) => {
                w.put_str(WgDeviceA::IFNAME, n);
            }
        })?;
        let mut device = WgDevice::default();
        self.dump(
            wire::NAME,
            WgCmd::GET_DEVICE.0,
            Some(wire::VERSION),
            &body,
            |m| device.add_message(&m),
        )?;
        Ok(device)
    }

    /// Applies `req` (`wg set`).
    ///
    /// # Errors
    /// [`Error::UnknownFamily`] when the kernel has no WireGuard; the kernel's error; a
    /// request too large for one message.
    pub fn set_wireguard_device(&self, req: &WgDeviceRequest) -> Result<()> {
        let body = attrs(|w| req.write(w))?;
        self.execute(&wire::FAMILY, WgCmd::SET_DEVICE.0, &body)
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request `wg` sent (testdata/capture_wg.sh), and its sequence number.
    fn captured(name: &str) -> (Vec<u8>, u32) {
        let path = format!(
            "{}/../netlink-wire/testdata/{name}.bin",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(path).unwrap();
        let seq = u32::from_ne_bytes(bytes[8..12].try_into().unwrap());
        (bytes, seq)
    }

    /// The id the capture's stand-in kernel gave the family (wg_shim.c's WG_ID).
    const WG_ID: u16 = 0x3a0;

    fn ours(req: &WgDeviceRequest, seq: u32) -> Vec<u8> {
        let mut buf = Vec::new();
        req.message(&mut buf, WG_ID, seq).unwrap();
        buf
    }

    fn k(b: u8) -> Key {
        [b; KEY_LEN]
    }

    #[test]
    fn requests_are_byte_for_byte_those_of_wg() {
        // wg set wg0 private-key K1 listen-port 51820 fwmark 0x10
        let (theirs, seq) = captured("wg_set_device");
        let req = WgDeviceRequest::new("wg0")
            .private_key(k(1))
            .listen_port(51820)
            .fwmark(0x10);
        assert_eq!(ours(&req, seq), theirs);

        // wg set wg0 peer P1 preshared-key PSK endpoint 192.0.2.2:51820 persistent-keepalive 25
        //     allowed-ips 198.51.100.0/24,2001:db8::/32
        let (theirs, seq) = captured("wg_set_peer");
        let mut req = WgDeviceRequest::new("wg0");
        req.peers.push(
            WgPeerRequest::new(k(2))
                .preshared_key(k(3))
                .endpoint("192.0.2.2:51820".parse().unwrap())
                .persistent_keepalive_interval(25)
                .replace_allowed_ips(true)
                .allowed_ip("198.51.100.0".parse().unwrap(), 24)
                .allowed_ip("2001:db8::".parse().unwrap(), 32),
        );
        assert_eq!(ours(&req, seq), theirs);

        // wg set wg0 peer P2 endpoint [2001:db8::2]:51820 allowed-ips 203.0.113.7/32
        let (theirs, seq) = captured("wg_set_peer6");
        let mut req = WgDeviceRequest::new("wg0");
        req.peers.push(
            WgPeerRequest::new(k(4))
                .endpoint("[2001:db8::2]:51820".parse().unwrap())
                .replace_allowed_ips(true)
                .allowed_ip("203.0.113.7".parse().unwrap(), 32),
        );
        assert_eq!(ours(&req, seq), theirs);

        // wg set wg0 peer P1 remove
        let (theirs, seq) = captured("wg_remove_peer");
        let mut req = WgDeviceRequest::new("wg0");
        req.peers.push(WgPeerRequest::new(k(2)).remove(true));
        assert_eq!(ours(&req, seq), theirs);

        // wg setconf wg0 FILE: the interface and one peer, replacing what is there.
        let (theirs, seq) = captured("wg_setconf");
        let mut req = WgDeviceRequest::new("wg0")
            .private_key(k(5))
            .listen_port(51821)
            .fwmark(0x20)
            .replace_peers(true);
        req.peers.push(
            WgPeerRequest::new(k(2))
                .endpoint("192.0.2.9:51822".parse().unwrap())
                .persistent_keepalive_interval(15)
                .replace_allowed_ips(true)
                .allowed_ip("198.51.100.0".parse().unwrap(), 24)
                .allowed_ip("2001:db8:1::".parse().unwrap(), 48),
        );
        assert_eq!(ours(&req, seq), theirs);
    }

    #[test]
    fn a_get_dump_coalesces_into_one_device() {
        // Two messages as the kernel splits a large device: the second repeats the last
        // peer's key with more allowed IPs, then adds a peer.
        let mut device = WgDevice::default();
        let first = {
            let mut req = WgDeviceRequest::new("wg0")
                .private_key(k(1))
                .listen_port(51820);
            req.peers
                .push(WgPeerRequest::new(k(2)).allowed_ip("198.51.100.0".parse().unwrap(), 24));
            ours(&req, 1)
        };
        let second = {
            let mut req = WgDeviceRequest::new("wg0");
            req.peers
                .push(WgPeerRequest::new(k(2)).allowed_ip("2001:db8::".parse().unwrap(), 32));
            req.peers
                .push(WgPeerRequest::new(k(4)).endpoint("192.0.2.2:51820".parse().unwrap()));
            ours(&req, 1)
        };
        for bytes in [&first, &second] {
            let m = netlink_wire::Msg::parse(bytes).unwrap();
            device.add_message(&GenlMsg::parse(m).unwrap()).unwrap();
        }
        assert_eq!(device.ifname, "wg0");
        assert_eq!(device.private_key, Some(k(1)));
        assert_eq!(device.listen_port, Some(51820));
        assert_eq!(device.peers.len(), 2);
        assert_eq!(device.peers[0].allowed_ips.len(), 2);
        assert_eq!(
            device.peers[1].endpoint,
            Some("192.0.2.2:51820".parse().unwrap())
        );
    }
}
