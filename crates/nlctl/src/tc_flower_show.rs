//! A flower filter's options as `tc` 6.1's `flower_print_opt` prints them, text and `-j`: the
//! handle and class on the filter's line, then one line per key (`print_nl`, soft), the
//! classifier flags, the actions. Checked against `tc` itself on built dumps (`tc_oracle`;
//! this kernel has no `cls_flower`). Keys `nlctl` does not print yet (IP flags, tunnel
//! options, MPLS, hashes, PPPoE, L2TPv3, the number of VLANs) fail by name.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};

use netlink::netlink_wire::rtnl::tc::{ClsFlags, CtStateFlags, FlowerOptions};

use crate::sink::{Lit, Sink, Txt};
use crate::tc_act_show::{Mac, hex};
use crate::tc_args::ProtocolName;

fn bad(e: netlink::netlink_wire::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// One key's line: the soft line end, two spaces, the name, the value.
fn key<S: Sink>(s: &mut S, soft: char, name: &str, v: impl fmt::Display) -> io::Result<()> {
    s.text(format_args!("{soft}  {name} "))?;
    s.string(name, Some(Txt("", "")), v)
}

/// One key's line with a number for JSON.
fn key_num<S: Sink>(s: &mut S, soft: char, name: &str, v: impl fmt::Display) -> io::Result<()> {
    s.text(format_args!("{soft}  {name} "))?;
    s.number(name, Some(Txt("", "")), v)
}

/// A value and its mask: `V` when the mask is all ones or absent, `V/0xM` otherwise, with the
/// mask as hexadecimal digits under `NAME_mask` in JSON.
fn masked_u<S: Sink>(
    s: &mut S,
    soft: char,
    name: &str,
    v: u64,
    mask: Option<u64>,
    full: u64,
) -> io::Result<()> {
    key_num(s, soft, name, v)?;
    if let Some(m) = mask.filter(|m| *m != full) {
        s.text(format_args!("/{m:#x}"))?;
        s.string(&format!("{name}_mask"), None, format_args!("{m:x}"))?;
    }
    Ok(())
}

/// The prefix length of a contiguous mask, if it is one.
fn prefix_len(mask: &[u8]) -> Option<u32> {
    if mask.len() > 16 {
        return None;
    }
    // The mask's bytes at the top of a u128, so that a prefix is its leading ones.
    let bits = mask
        .iter()
        .fold(0u128, |a, b| (a << 8) | u128::from(*b))
        .checked_shl(u32::try_from(128 - mask.len() * 8).ok()?)
        .unwrap_or(0);
    let ones = bits.leading_ones();
    (ones == bits.count_ones()).then_some(ones)
}

/// An address with its mask as flower prints it: alone when the mask is full, `/LEN` when it
/// is a prefix, `/MASK` otherwise.
fn addr_masked(addr: impl fmt::Display, mask: Option<(&[u8], String)>) -> String {
    match mask {
        None => addr.to_string(),
        Some((m, text)) => match prefix_len(m) {
            Some(l) if l as usize == m.len() * 8 => addr.to_string(),
            Some(l) => format!("{addr}/{l}"),
            None => format!("{addr}/{text}"),
        },
    }
}

fn mac_masked(v: [u8; 6], m: Option<[u8; 6]>) -> String {
    addr_masked(Mac(v), m.as_ref().map(|m| (&m[..], Mac(*m).to_string())))
}

fn v4_masked(v: Ipv4Addr, m: Option<Ipv4Addr>) -> String {
    let m = m.map(|m| m.octets());
    addr_masked(
        v,
        m.as_ref().map(|o| (&o[..], Ipv4Addr::from(*o).to_string())),
    )
}

fn v6_masked(v: Ipv6Addr, m: Option<Ipv6Addr>) -> String {
    let m = m.map(|m| m.octets());
    addr_masked(
        v,
        m.as_ref().map(|o| (&o[..], Ipv6Addr::from(*o).to_string())),
    )
}

/// flower's `eth_type`: `ipv4`, `ipv6`, `arp`, else four hexadecimal digits.
fn eth_type_name(t: u16) -> String {
    match t {
        0x0800 => "ipv4".into(),
        0x86dd => "ipv6".into(),
        0x0806 => "arp".into(),
        0x8035 => "rarp".into(),
        t => format!("{t:04x}"),
    }
}

/// flower's `ip_proto`: the names it knows, else two hexadecimal digits.
fn ip_proto_name(p: u8) -> String {
    match p {
        6 => "tcp".into(),
        17 => "udp".into(),
        132 => "sctp".into(),
        1 => "icmp".into(),
        58 => "icmpv6".into(),
        p => format!("{p:02x}"),
    }
}

/// The conntrack flags in tc's order, `+` set and `-` clear, for the bits of the mask.
fn ct_state(state: CtStateFlags, mask: CtStateFlags) -> String {
    let mut out = String::new();
    for (bit, name) in [
        (CtStateFlags::TRACKED, "trk"),
        (CtStateFlags::NEW, "new"),
        (CtStateFlags::ESTABLISHED, "est"),
        (CtStateFlags::RELATED, "rel"),
        (CtStateFlags::INVALID, "inv"),
        (CtStateFlags::REPLY, "rpl"),
    ] {
        if mask.contains(bit) {
            out.push(if state.contains(bit) { '+' } else { '-' });
            out.push_str(name);
        }
    }
    out
}

fn unprinted(what: &str) -> io::Error {
    io::Error::other(format!("nlctl prints no flower {what} yet"))
}

/// The options of a flower filter with `handle`; `soft` is `tc`'s `print_nl`.
pub(crate) fn flower_options<S: Sink>(
    s: &mut S,
    handle: u32,
    o: &FlowerOptions<'_>,
    soft: char,
) -> io::Result<()> {
    if handle != 0 {
        s.text(format_args!("handle {handle:#x} "))?;
        s.number("handle", None, handle)?;
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.string("classid", Some(Txt("classid ", " ")), c)?;
    }
    if let Some(d) = o.indev().map_err(bad)? {
        s.text(format_args!("{soft}  "))?;
        s.string("indev", Some(Txt("indev ", "")), d)?;
    }
    for (present, what) in [
        (o.key_flags().map_err(bad)?.is_some(), "ip_flags"),
        (o.enc_opts().map_err(bad)?.is_some(), "tunnel options"),
        (o.mpls_opts().map_err(bad)?.is_some(), "MPLS label stack"),
        (o.mpls_label().map_err(bad)?.is_some(), "MPLS keys"),
        (o.mpls_tc().map_err(bad)?.is_some(), "MPLS keys"),
        (o.mpls_bos().map_err(bad)?.is_some(), "MPLS keys"),
        (o.mpls_ttl().map_err(bad)?.is_some(), "MPLS keys"),
        (o.hash().map_err(bad)?.is_some(), "hash"),
        (o.num_of_vlans().map_err(bad)?.is_some(), "number of VLANs"),
        (o.pppoe_sid().map_err(bad)?.is_some(), "PPPoE keys"),
        (o.ppp_proto().map_err(bad)?.is_some(), "PPPoE keys"),
        (o.l2tpv3_sid().map_err(bad)?.is_some(), "L2TPv3 keys"),
        (
            o.enc_udp_src_port().map_err(bad)?.is_some(),
            "tunnel source port",
        ),
    ] {
        if present {
            return Err(unprinted(what));
        }
    }
    s.open_object("keys")?;
    keys(s, o, soft)?;
    s.close_object()?;
    if let Some(f) = o.flags().map_err(bad)? {
        for (bit, name) in [
            (ClsFlags::SKIP_HW, "skip_hw"),
            (ClsFlags::SKIP_SW, "skip_sw"),
        ] {
            if f.contains(bit) {
                s.text(format_args!("{soft}  "))?;
                s.literal(name, Lit::True, name)?;
            }
        }
        if f.contains(ClsFlags::IN_HW) {
            s.text(format_args!("{soft}  "))?;
            s.literal("in_hw", Lit::True, "in_hw")?;
            if let Some(n) = o.in_hw_count().map_err(bad)? {
                s.number("in_hw_count", Some(Txt(" in_hw_count ", "")), n)?;
            }
        } else if f.contains(ClsFlags::NOT_IN_HW) {
            s.text(format_args!("{soft}  "))?;
            s.literal("not_in_hw", Lit::True, "not_in_hw")?;
        }
    }
    Ok(())
}

fn keys<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let e = bad;
    if let Some(v) = o.vlan_id().map_err(e)? {
        key_num(s, soft, "vlan_id", v)?;
    }
    if let Some(v) = o.vlan_prio().map_err(e)? {
        key_num(s, soft, "vlan_prio", v)?;
    }
    if let Some(v) = o.vlan_eth_type().map_err(e)? {
        key(s, soft, "vlan_ethtype", ProtocolName(v))?;
    }
    if let Some(v) = o.cvlan_id().map_err(e)? {
        key_num(s, soft, "cvlan_id", v)?;
    }
    if let Some(v) = o.cvlan_prio().map_err(e)? {
        key_num(s, soft, "cvlan_prio", v)?;
    }
    if let Some(v) = o.cvlan_eth_type().map_err(e)? {
        key(s, soft, "cvlan_ethtype", ProtocolName(v))?;
    }
    if let Some(v) = o.eth_dst().map_err(e)? {
        key(
            s,
            soft,
            "dst_mac",
            mac_masked(v, o.eth_dst_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.eth_src().map_err(e)? {
        key(
            s,
            soft,
            "src_mac",
            mac_masked(v, o.eth_src_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.eth_type().map_err(e)? {
        key(s, soft, "eth_type", eth_type_name(v))?;
    }
    let proto = o.ip_proto().map_err(e)?;
    if let Some(p) = proto {
        key(s, soft, "ip_proto", ip_proto_name(p))?;
    }
    if let Some(v) = o.ip_tos().map_err(e)? {
        let m = o.ip_tos_mask().map_err(e)?;
        masked_u(s, soft, "ip_tos", v.into(), m.map(u64::from), 0xff)?;
    }
    if let Some(v) = o.ip_ttl().map_err(e)? {
        let m = o.ip_ttl_mask().map_err(e)?;
        masked_u(s, soft, "ip_ttl", v.into(), m.map(u64::from), 0xff)?;
    }
    if let Some(v) = o.ipv4_dst().map_err(e)? {
        key(
            s,
            soft,
            "dst_ip",
            v4_masked(v, o.ipv4_dst_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.ipv4_src().map_err(e)? {
        key(
            s,
            soft,
            "src_ip",
            v4_masked(v, o.ipv4_src_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.ipv6_dst().map_err(e)? {
        key(
            s,
            soft,
            "dst_ip",
            v6_masked(v, o.ipv6_dst_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.ipv6_src().map_err(e)? {
        key(
            s,
            soft,
            "src_ip",
            v6_masked(v, o.ipv6_src_mask().map_err(e)?),
        )?;
    }
    ports(s, o, proto, soft)?;
    if let Some(v) = o.tcp_flags().map_err(e)? {
        let text = match o.tcp_flags_mask().map_err(e)? {
            Some(m) => format!("{v:#x}/{m:x}"),
            None => format!("{v:#x}"),
        };
        key(s, soft, "tcp_flags", text)?;
    }
    icmp(s, o, proto, soft)?;
    arp(s, o, soft)?;
    tunnel(s, o, soft)?;
    conntrack(s, o, soft)
}

/// The single ports (destination, source) of the protocol, then the port ranges.
fn ports<S: Sink>(
    s: &mut S,
    o: &FlowerOptions<'_>,
    proto: Option<u8>,
    soft: char,
) -> io::Result<()> {
    let e = bad;
    let (dst, src, dmask, smask) = match proto {
        Some(6) => (
            o.tcp_dst().map_err(e)?,
            o.tcp_src().map_err(e)?,
            o.tcp_dst_mask().map_err(e)?,
            o.tcp_src_mask().map_err(e)?,
        ),
        Some(17) => (
            o.udp_dst().map_err(e)?,
            o.udp_src().map_err(e)?,
            o.udp_dst_mask().map_err(e)?,
            o.udp_src_mask().map_err(e)?,
        ),
        Some(132) => (
            o.sctp_dst().map_err(e)?,
            o.sctp_src().map_err(e)?,
            o.sctp_dst_mask().map_err(e)?,
            o.sctp_src_mask().map_err(e)?,
        ),
        _ => (None, None, None, None),
    };
    if dmask.is_some_and(|m| m != u16::MAX) || smask.is_some_and(|m| m != u16::MAX) {
        return Err(unprinted("port masks"));
    }
    if let Some(p) = dst {
        key_num(s, soft, "dst_port", p)?;
    }
    if let Some(p) = src {
        key_num(s, soft, "src_port", p)?;
    }
    for (name, min, max) in [
        (
            "dst_port",
            o.port_dst_min().map_err(e)?,
            o.port_dst_max().map_err(e)?,
        ),
        (
            "src_port",
            o.port_src_min().map_err(e)?,
            o.port_src_max().map_err(e)?,
        ),
    ] {
        if let (Some(a), Some(b)) = (min, max) {
            s.text(format_args!("{soft}  {name} {a}-{b}"))?;
            s.open_object(name)?;
            s.number("start", None, a)?;
            s.number("end", None, b)?;
            s.close_object()?;
        }
    }
    Ok(())
}

fn icmp<S: Sink>(
    s: &mut S,
    o: &FlowerOptions<'_>,
    proto: Option<u8>,
    soft: char,
) -> io::Result<()> {
    let e = bad;
    let (ty, tm, code, cm) = match proto {
        Some(1) => (
            o.icmpv4_type().map_err(e)?,
            o.icmpv4_type_mask().map_err(e)?,
            o.icmpv4_code().map_err(e)?,
            o.icmpv4_code_mask().map_err(e)?,
        ),
        Some(58) => (
            o.icmpv6_type().map_err(e)?,
            o.icmpv6_type_mask().map_err(e)?,
            o.icmpv6_code().map_err(e)?,
            o.icmpv6_code_mask().map_err(e)?,
        ),
        _ => return Ok(()),
    };
    if tm.is_some_and(|m| m != u8::MAX) || cm.is_some_and(|m| m != u8::MAX) {
        return Err(unprinted("ICMP masks"));
    }
    if let Some(t) = ty {
        key(s, soft, "icmp_type", t)?;
    }
    if let Some(c) = code {
        key(s, soft, "icmp_code", c)?;
    }
    Ok(())
}

fn arp<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let e = bad;
    if let Some(v) = o.arp_sip().map_err(e)? {
        key(
            s,
            soft,
            "arp_sip",
            v4_masked(v, o.arp_sip_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.arp_tip().map_err(e)? {
        key(
            s,
            soft,
            "arp_tip",
            v4_masked(v, o.arp_tip_mask().map_err(e)?),
        )?;
    }
    if let Some(op) = o.arp_op().map_err(e)? {
        if o.arp_op_mask().map_err(e)?.is_some_and(|m| m != u8::MAX) {
            return Err(unprinted("ARP opcode masks"));
        }
        let name = match op {
            1 => "request".to_owned(),
            2 => "reply".to_owned(),
            n => n.to_string(),
        };
        key(s, soft, "arp_op", name)?;
    }
    if let Some(v) = o.arp_sha().map_err(e)? {
        key(
            s,
            soft,
            "arp_sha",
            mac_masked(v, o.arp_sha_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.arp_tha().map_err(e)? {
        key(
            s,
            soft,
            "arp_tha",
            mac_masked(v, o.arp_tha_mask().map_err(e)?),
        )?;
    }
    Ok(())
}

fn tunnel<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let e = bad;
    if let Some(v) = o.enc_ipv4_dst().map_err(e)? {
        key(
            s,
            soft,
            "enc_dst_ip",
            v4_masked(v, o.enc_ipv4_dst_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.enc_ipv4_src().map_err(e)? {
        key(
            s,
            soft,
            "enc_src_ip",
            v4_masked(v, o.enc_ipv4_src_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.enc_ipv6_dst().map_err(e)? {
        key(
            s,
            soft,
            "enc_dst_ip",
            v6_masked(v, o.enc_ipv6_dst_mask().map_err(e)?),
        )?;
    }
    if let Some(v) = o.enc_ipv6_src().map_err(e)? {
        key(
            s,
            soft,
            "enc_src_ip",
            v6_masked(v, o.enc_ipv6_src_mask().map_err(e)?),
        )?;
    }
    if let Some(k) = o.enc_key_id().map_err(e)? {
        key_num(s, soft, "enc_key_id", k)?;
    }
    if let Some(p) = o.enc_udp_dst_port().map_err(e)? {
        if o.enc_udp_dst_port_mask()
            .map_err(e)?
            .is_some_and(|m| m != u16::MAX)
        {
            return Err(unprinted("tunnel port masks"));
        }
        key_num(s, soft, "enc_dst_port", p)?;
    }
    if let Some(v) = o.enc_ip_tos().map_err(e)? {
        let m = o.enc_ip_tos_mask().map_err(e)?;
        masked_u(s, soft, "enc_tos", v.into(), m.map(u64::from), 0xff)?;
    }
    if let Some(v) = o.enc_ip_ttl().map_err(e)? {
        let m = o.enc_ip_ttl_mask().map_err(e)?;
        masked_u(s, soft, "enc_ttl", v.into(), m.map(u64::from), 0xff)?;
    }
    Ok(())
}

fn conntrack<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let e = bad;
    if let Some(st) = o.ct_state().map_err(e)? {
        let mask = o.ct_state_mask().map_err(e)?.unwrap_or(st);
        key(s, soft, "ct_state", ct_state(st, mask))?;
    }
    if let Some(z) = o.ct_zone().map_err(e)? {
        let m = o.ct_zone_mask().map_err(e)?;
        masked_u(s, soft, "ct_zone", z.into(), m.map(u64::from), 0xffff)?;
    }
    if let Some(v) = o.ct_mark().map_err(e)? {
        let m = o.ct_mark_mask().map_err(e)?;
        masked_u(s, soft, "ct_mark", v.into(), m.map(u64::from), 0xffff_ffff)?;
    }
    if let Some(l) = o.ct_labels().map_err(e)? {
        let text = match o.ct_labels_mask().map_err(e)? {
            Some(m) => format!("{}/{}", hex(l), hex(m)),
            None => hex(l),
        };
        key(s, soft, "ct_label", text)?;
    }
    Ok(())
}
