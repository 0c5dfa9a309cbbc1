//! Foo-over-UDP (`"fou"`): the UDP ports that receive IP packets encapsulated directly or in
//! GUE (`ip fou add|del|show`). This project's kernel lacks the family; the declaration
//! follows the header and is tested by round trips.
//!
//! Source of truth: `include/uapi/linux/fou.h`.

/// `FOU_GENL_NAME`.
pub const NAME: &str = "fou";
/// `FOU_GENL_VERSION`.
pub const VERSION: u8 = 1;

genl_family!(NAME, VERSION, [], FouCmd);

values! {
    /// `FOU_ENCAP_*`: how a port's packets are encapsulated.
    FouEncap(u8);
    /// Not given.
    UNSPEC = 0, "FOU_ENCAP_UNSPEC", "unspec";
    /// The inner packet follows the UDP header (`ipproto PROTO`).
    DIRECT = 1, "FOU_ENCAP_DIRECT", "direct";
    /// Generic UDP Encapsulation (`gue`).
    GUE = 2, "FOU_ENCAP_GUE", "gue";
}

attributes! {
    /// A FOU port, or the key of a request.
    view FouView;
    /// `FOU_ATTR_*`.
    numbers FouA;
    /// A typed FOU attribute.
    enum FouAttr<'a>;
    /// The local UDP port (network order).
    PORT = 1, "FOU_ATTR_PORT", Port(be16), port;
    /// The address family of the socket (`AF_INET`, `AF_INET6`).
    AF = 2, "FOU_ATTR_AF", Af(u8), af;
    /// The inner protocol (direct encapsulation).
    IPPROTO = 3, "FOU_ATTR_IPPROTO", IpProto(u8), ipproto;
    /// The encapsulation.
    TYPE = 4, "FOU_ATTR_TYPE", Type(val FouEncap), encap;
    /// No partial remote checksum offload.
    REMCSUM_NOPARTIAL = 5, "FOU_ATTR_REMCSUM_NOPARTIAL", RemcsumNoPartial(flag), remcsum_nopartial;
    /// The local IPv4 address.
    LOCAL_V4 = 6, "FOU_ATTR_LOCAL_V4", LocalV4(ip), local_v4;
    /// The local IPv6 address.
    LOCAL_V6 = 7, "FOU_ATTR_LOCAL_V6", LocalV6(ip), local_v6;
    /// The peer's IPv4 address.
    PEER_V4 = 8, "FOU_ATTR_PEER_V4", PeerV4(ip), peer_v4;
    /// The peer's IPv6 address.
    PEER_V6 = 9, "FOU_ATTR_PEER_V6", PeerV6(ip), peer_v6;
    /// The peer's UDP port (network order).
    PEER_PORT = 10, "FOU_ATTR_PEER_PORT", PeerPort(be16), peer_port;
    /// The interface the socket is bound to.
    IFINDEX = 11, "FOU_ATTR_IFINDEX", IfIndex(i32), ifindex;
}

genl_messages! {
    /// `FOU_CMD_*`; a dump's entries are `GET`.
    commands FouCmd;
    /// A FOU request or reply, typed by command.
    enum FouMessage<'a>;
    /// Opens a port.
    ADD = 1, "FOU_CMD_ADD", "add", Add(FouView, FouA);
    /// Closes a port.
    DEL = 2, "FOU_CMD_DEL", "del", Del(FouView, FouA);
    /// Gets one port, or dumps them.
    GET = 3, "FOU_CMD_GET", "get", Get(FouView, FouA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::genl::GenlMsg;
    use crate::genl::testing::{assert_exact, capture_ids};
    use crate::header::Flags;
    use crate::message::Messages;

    #[test]
    fn an_add_as_ip_fou_builds_it_round_trips() {
        // `ip fou add port 5555 gue local 192.0.2.1 peer 192.0.2.2 peer_port 6666 dev lo`.
        let mut buf = Vec::new();
        let mut b = GenlMsg::builder(&mut buf, 0x30, Flags::REQUEST, FouCmd::ADD.0, VERSION);
        b.put_be16(FouA::PORT, 5555);
        b.put_u8(FouA::AF, 2);
        b.put_u8(FouA::TYPE, FouEncap::GUE.0);
        b.put_ipv4(FouA::LOCAL_V4, "192.0.2.1".parse().unwrap());
        b.put_ipv4(FouA::PEER_V4, "192.0.2.2".parse().unwrap());
        b.put_be16(FouA::PEER_PORT, 6666);
        b.put_i32(FouA::IFINDEX, 1);
        b.finish().unwrap();
        // The port as ip's addattr16 of htons(port) writes it: nla_len 6, padded to 8.
        assert_eq!(&buf[20..28], &[6, 0, 1, 0, 0x15, 0xb3, 0, 0]);
        let m = Messages::new(&buf).next().unwrap().unwrap();
        let FouMessage::Add(v) = FouMessage::parse(m).unwrap() else {
            panic!("not an add");
        };
        assert_eq!(v.port().unwrap(), Some(5555));
        assert_eq!(v.encap().unwrap(), Some(FouEncap::GUE));
        assert_eq!(v.local_v4().unwrap(), Some("192.0.2.1".parse().unwrap()));
        assert_eq!(v.peer_port().unwrap(), Some(6666));
        assert_eq!(v.ifindex().unwrap(), Some(1));
        let mut ids = capture_ids();
        ids.insert(0x30, NAME).unwrap();
        assert_exact(&buf, &ids, 1);
    }
}
