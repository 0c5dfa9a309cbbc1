//! A scripted kernel for the engine's tests: reply datagrams built byte for byte, as the kernel
//! would send them to a request socket or a notification socket.

use netlink_wire::{AttrWrite, Flags, Header, MessageBuilder, MessageType, ext_ack_attr};

/// The sequence number of the scripted exchange.
pub(crate) const SEQ: u32 = 7;
/// The port id of the scripted request socket.
pub(crate) const PORT: u32 = 4242;

/// Appends a message of type `t` with a raw payload.
pub(crate) fn reply(buf: &mut Vec<u8>, t: u16, flags: Flags, seq: u32, port: u32, body: &[u8]) {
    let mut b = MessageBuilder::new(buf, MessageType(t), flags);
    b.seq(seq).port_id(port).payload(body);
    b.finish().unwrap();
}

/// Appends an `RTM_NEWROUTE` for 198.51.100.1/32 of exchange `seq`.
pub(crate) fn route(buf: &mut Vec<u8>, flags: Flags, seq: u32) {
    let mut b = MessageBuilder::new(buf, MessageType(24), flags);
    b.seq(seq)
        .port_id(PORT)
        .family_header(&[2u8, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0]);
    b.put_ipv4(1u16, core::net::Ipv4Addr::new(198, 51, 100, 1));
    b.finish().unwrap();
}

/// Appends an `RTM_NEWROUTE` notification (sequence number and port id 0).
pub(crate) fn notification(buf: &mut Vec<u8>) {
    let mut b = MessageBuilder::new(buf, MessageType(24), Flags::EMPTY);
    b.family_header(&[2u8, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0]);
    b.put_ipv4(1u16, core::net::Ipv4Addr::new(198, 51, 100, 1));
    b.finish().unwrap();
}

/// Appends `NLMSG_DONE` of exchange [`SEQ`] with `code`, and an extended-ACK message if given.
pub(crate) fn done(buf: &mut Vec<u8>, flags: Flags, code: i32, msg: Option<&str>) {
    let f = if msg.is_some() {
        flags | Flags::ACK_TLVS
    } else {
        flags
    };
    let mut b = MessageBuilder::new(buf, MessageType::DONE, f);
    b.seq(SEQ).port_id(PORT).payload(&code.to_ne_bytes());
    if let Some(m) = msg {
        b.put_str(ext_ack_attr::MSG, m);
    }
    b.finish().unwrap();
}

/// Appends `NLMSG_ERROR` of exchange [`SEQ`] with `code` (0: an acknowledgement), capped, with
/// the extended-ACK message and offset if given.
pub(crate) fn error(buf: &mut Vec<u8>, code: i32, msg: Option<&str>, offs: Option<u32>) {
    error_at(buf, SEQ, code, msg, offs);
}

/// Appends `NLMSG_ERROR` for request `seq` with `code` (0: an acknowledgement) and an
/// extended-ACK message if given.
pub(crate) fn error_for(buf: &mut Vec<u8>, seq: u32, code: i32, msg: Option<&str>) {
    error_at(buf, seq, code, msg, None);
}

fn error_at(buf: &mut Vec<u8>, seq: u32, code: i32, msg: Option<&str>, offs: Option<u32>) {
    let mut flags = Flags::CAPPED;
    if msg.is_some() || offs.is_some() {
        flags |= Flags::ACK_TLVS;
    }
    let mut b = MessageBuilder::new(buf, MessageType::ERROR, flags);
    let req = Header::new(40, MessageType(24), Flags::REQUEST | Flags::ACK, seq, PORT);
    let mut echoed = Vec::new();
    req.write_to(&mut echoed);
    b.seq(seq)
        .port_id(PORT)
        .payload(&code.to_ne_bytes())
        .payload(&echoed);
    if let Some(m) = msg {
        b.put_str(ext_ack_attr::MSG, m);
    }
    if let Some(o) = offs {
        b.put_u32(ext_ack_attr::OFFS, o);
    }
    b.finish().unwrap();
}
