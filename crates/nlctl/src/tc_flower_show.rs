//! A flower filter's options as `tc` 6.1's `flower_print_opt` prints them, text and `-j`: the
//! handle and class on the filter's line, then one line per key (`print_nl`, soft), the
//! classifier flags, the actions. Checked against `tc` itself on built dumps (`tc_oracle`;
//! this kernel has no `cls_flower`). The keys tc 6.1 neither reads nor prints (the hash, the
//! L2TPv3 session id, the tunnel's source port) fail by name rather than vanish.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};

use netlink::netlink_wire::rtnl::tc::{
    ClsFlags, CtStateFlags, ErspanOpt, FlowerKeyFlags, FlowerMplsOptsAttr, FlowerOptions,
    GeneveOptAttr, GtpOpt, MplsLse, TcaTunnelOpts, TunnelOpts, TunnelOptsAttr, VxlanOpt,
};

use crate::sink::{Lit, Sink, Txt};
use crate::tc_act_show::{Mac, geneve_opt, hex, opt_array};
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
    // tc 6.1 neither reads nor prints these: nlctl says so rather than hide a key.
    for (present, what) in [
        (o.hash().map_err(bad)?.is_some(), "hash"),
        (o.l2tpv3_sid().map_err(bad)?.is_some(), "L2TPv3 session id"),
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
    if let Some(n) = o.num_of_vlans().map_err(e)? {
        key_num(s, soft, "num_of_vlans", n)?;
    }
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
    mpls(s, o, soft)?;
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
    let [(ty, tm), (code, cm)] = proto_keys(o, proto, &ICMP)?;
    for (name, v, m) in [("icmp_type", ty, tm), ("icmp_code", code, cm)] {
        if let Some(v) = v {
            key(s, soft, name, masked_u8(v, m, None))?;
        }
    }
    arp(s, o, soft)?;
    if let Some(id) = o.pppoe_sid().map_err(e)? {
        key_num(s, soft, "pppoe_sid", id)?;
    }
    if let Some(p) = o.ppp_proto().map_err(e)? {
        key(s, soft, "ppp_proto", PppProtoName(p))?;
    }
    tunnel(s, o, soft)?;
    ip_flags(s, o, soft)?;
    conntrack(s, o, soft)
}

/// An accessor of a flower key.
type Getter<T> = fn(&FlowerOptions<'_>) -> Result<Option<T>, netlink::netlink_wire::Error>;

/// The port keys of each IP protocol: the destination and its mask, the source and its mask.
const PORTS: [(u8, [Getter<u16>; 4]); 3] = [
    (
        6,
        [
            |o| o.tcp_dst(),
            |o| o.tcp_dst_mask(),
            |o| o.tcp_src(),
            |o| o.tcp_src_mask(),
        ],
    ),
    (
        17,
        [
            |o| o.udp_dst(),
            |o| o.udp_dst_mask(),
            |o| o.udp_src(),
            |o| o.udp_src_mask(),
        ],
    ),
    (
        132,
        [
            |o| o.sctp_dst(),
            |o| o.sctp_dst_mask(),
            |o| o.sctp_src(),
            |o| o.sctp_src_mask(),
        ],
    ),
];

/// The ICMP keys of each IP protocol: the type and its mask, the code and its mask.
const ICMP: [(u8, [Getter<u8>; 4]); 2] = [
    (
        1,
        [
            |o| o.icmpv4_type(),
            |o| o.icmpv4_type_mask(),
            |o| o.icmpv4_code(),
            |o| o.icmpv4_code_mask(),
        ],
    ),
    (
        58,
        [
            |o| o.icmpv6_type(),
            |o| o.icmpv6_type_mask(),
            |o| o.icmpv6_code(),
            |o| o.icmpv6_code_mask(),
        ],
    ),
];

/// The two keys with their masks that `table` gives the IP protocol `proto`; none for a
/// protocol it does not list (tc prints them only under their protocol).
fn proto_keys<T>(
    o: &FlowerOptions<'_>,
    proto: Option<u8>,
    table: &[(u8, [Getter<T>; 4])],
) -> io::Result<[(Option<T>, Option<T>); 2]> {
    let Some((_, [a, am, b, bm])) = table.iter().find(|(p, _)| Some(*p) == proto) else {
        return Ok([(None, None), (None, None)]);
    };
    Ok([
        (a(o).map_err(bad)?, am(o).map_err(bad)?),
        (b(o).map_err(bad)?, bm(o).map_err(bad)?),
    ])
}

/// A byte and its mask as `flower_print_masked_u8` writes them: the value's name (if it has
/// one) or its number when the mask is full, `V/M` in decimal otherwise.
fn masked_u8(v: u8, mask: Option<u8>, name: Option<fn(u8) -> Option<&'static str>>) -> String {
    match mask.filter(|m| *m != u8::MAX) {
        Some(m) => format!("{v}/{m}"),
        None => name
            .and_then(|n| n(v))
            .map_or_else(|| v.to_string(), str::to_owned),
    }
}

/// The single ports (destination, source) of the protocol, with their masks, then the port
/// ranges.
fn ports<S: Sink>(
    s: &mut S,
    o: &FlowerOptions<'_>,
    proto: Option<u8>,
    soft: char,
) -> io::Result<()> {
    let e = bad;
    let [(dst, dmask), (src, smask)] = proto_keys(o, proto, &PORTS)?;
    for (name, p, m) in [("dst_port", dst, dmask), ("src_port", src, smask)] {
        if let Some(p) = p {
            masked_u(s, soft, name, p.into(), m.map(u64::from), 0xffff)?;
        }
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

/// The MPLS keys: the label stack (`mpls`, one `lse` line per entry, printed by tc only from
/// nests flagged `NLA_F_NESTED`, as the kernel dumps them), then the outer entry's fields.
fn mpls<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let e = bad;
    if let Some(stack) = o.mpls_opts().map_err(e)?.filter(|n| n.is_flagged()) {
        s.text(format_args!("{soft}  mpls"))?;
        s.open_array("mpls")?;
        for lse in stack.typed() {
            let FlowerMplsOptsAttr::Lse(lse) = lse.map_err(e)? else {
                continue;
            };
            if !lse.is_flagged() {
                continue;
            }
            let lse = MplsLse::from(lse);
            s.text(format_args!("{soft}    lse"))?;
            s.open_object("")?;
            for (name, v) in [
                ("depth", lse.depth().map_err(e)?.map(u32::from)),
                ("label", lse.label().map_err(e)?),
                ("tc", lse.tc().map_err(e)?.map(u32::from)),
                ("bos", lse.bos().map_err(e)?.map(u32::from)),
                ("ttl", lse.ttl().map_err(e)?.map(u32::from)),
            ] {
                if let Some(v) = v {
                    s.text(format_args!(" {name} "))?;
                    s.number(name, Some(Txt("", "")), v)?;
                }
            }
            s.close_object()?;
        }
        s.close_array()?;
    }
    if let Some(l) = o.mpls_label().map_err(e)? {
        key_num(s, soft, "mpls_label", l)?;
    }
    for (name, v) in [
        ("mpls_tc", o.mpls_tc().map_err(e)?),
        ("mpls_bos", o.mpls_bos().map_err(e)?),
        ("mpls_ttl", o.mpls_ttl().map_err(e)?),
    ] {
        if let Some(v) = v {
            key(s, soft, name, v)?;
        }
    }
    Ok(())
}

/// The fragment flags of the mask, `frag` or `nofrag`, `firstfrag` or `nofirstfrag`, joined
/// by `/`; in JSON an object of booleans.
fn ip_flags<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let Some(mask) = o.key_flags_mask().map_err(bad)? else {
        return Ok(());
    };
    let set = o.key_flags().map_err(bad)?.unwrap_or(0);
    let mut first = true;
    for (bit, name) in [
        (FlowerKeyFlags::IS_FRAGMENT, "frag"),
        (FlowerKeyFlags::FRAG_IS_FIRST, "firstfrag"),
    ] {
        if mask & bit.bits() == 0 {
            continue;
        }
        if first {
            s.text(format_args!("{soft}  ip_flags "))?;
            s.open_object("ip_flags")?;
            first = false;
        } else {
            s.text("/")?;
        }
        let on = set & bit.bits() != 0;
        let text = if on {
            name.to_owned()
        } else {
            format!("no{name}")
        };
        s.literal(name, Lit::bool(on), &text)?;
    }
    if !first {
        s.close_object()?;
    }
    Ok(())
}

/// The names `ppp_proto_n2a` knows (`linux/ppp_defs.h`), else the number in brackets.
struct PppProtoName(u16);

/// `ppp_proto`'s names, as iproute2's `ppp_proto_n2a` and `ppp_proto_a2n` know them.
pub(crate) const PPP_PROTOS: &[(u16, &str)] = &[
    (0x0021, "ip"),
    (0x0029, "at"),
    (0x002b, "ipx"),
    (0x002d, "vjc_comp"),
    (0x002f, "vjc_uncomp"),
    (0x003d, "mp"),
    (0x0057, "ipv6"),
    (0x00fb, "compfrag"),
    (0x00fd, "comp"),
    (0x0281, "mpls_uc"),
    (0x0283, "mpls_mc"),
    (0x8021, "ipcp"),
    (0x8029, "atcp"),
    (0x802b, "ipxcp"),
    (0x8057, "ipv6cp"),
    (0x80fb, "ccpfrag"),
    (0x80fd, "ccp"),
    (0xc021, "lcp"),
    (0xc023, "pap"),
    (0xc025, "lqr"),
    (0xc223, "chap"),
    (0xc029, "cbcp"),
];

/// The PPP protocol of a name (case-insensitive) or a number (C notation).
pub(crate) fn ppp_proto_number(s: &str) -> Option<u16> {
    crate::tc_args::named_number(PPP_PROTOS, s)
}

impl fmt::Display for PppProtoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match PPP_PROTOS.iter().find(|(n, _)| *n == self.0) {
            Some((_, name)) => f.write_str(name),
            None => write!(f, "[{}]", self.0),
        }
    }
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
        let name = |op: u8| match op {
            1 => Some("request"),
            2 => Some("reply"),
            _ => None,
        };
        let mask = o.arp_op_mask().map_err(e)?;
        key(s, soft, "arp_op", masked_u8(op, mask, Some(name)))?;
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
        let m = o.enc_udp_dst_port_mask().map_err(e)?;
        masked_u(s, soft, "enc_dst_port", p.into(), m.map(u64::from), 0xffff)?;
    }
    if let Some(v) = o.enc_ip_tos().map_err(e)? {
        let m = o.enc_ip_tos_mask().map_err(e)?;
        masked_u(s, soft, "enc_tos", v.into(), m.map(u64::from), 0xff)?;
    }
    if let Some(v) = o.enc_ip_ttl().map_err(e)? {
        let m = o.enc_ip_ttl_mask().map_err(e)?;
        masked_u(s, soft, "enc_ttl", v.into(), m.map(u64::from), 0xff)?;
    }
    enc_opts(s, o, soft)
}

/// The tunnel options of the first kind the key has (Geneve, VXLAN, ERSPAN, GTP, in tc's
/// order): in text `KIND_opts KEY/MASK[,KEY/MASK...]`, in JSON the key's and the mask's
/// options as arrays `KIND_opt_key` and `KIND_opt_mask` (none for GTP, as tc 6.1).
fn enc_opts<S: Sink>(s: &mut S, o: &FlowerOptions<'_>, soft: char) -> io::Result<()> {
    let Some(k) = o.enc_opts().map_err(bad)? else {
        return Ok(());
    };
    let key = TunnelOpts::from(k);
    let mask = o.enc_opts_mask().map_err(bad)?.map(TunnelOpts::from);
    for (ty, kind) in [
        (TcaTunnelOpts::GENEVE, "geneve"),
        (TcaTunnelOpts::VXLAN, "vxlan"),
        (TcaTunnelOpts::ERSPAN, "erspan"),
        (TcaTunnelOpts::GTP, "gtp"),
    ] {
        let Some(k) = first_of(&key, ty)? else {
            continue;
        };
        let keys = enc_side(s, &format!("{kind}_opt_key"), k)?;
        let masks = match mask
            .as_ref()
            .map(|m| first_of(m, ty))
            .transpose()?
            .flatten()
        {
            Some(m) => enc_side(s, &format!("{kind}_opt_mask"), m)?,
            None => Vec::new(),
        };
        let text: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k}/{}", masks.get(i).map_or("", String::as_str)))
            .collect();
        return s.text(format_args!("{soft}  {kind}_opts {}", text.join(",")));
    }
    Ok(())
}

/// The first option of type `ty` among `opts`.
fn first_of<'a>(
    opts: &TunnelOpts<'a>,
    ty: TcaTunnelOpts,
) -> io::Result<Option<TunnelOptsAttr<'a>>> {
    for a in opts.typed_attrs() {
        let a = a.map_err(bad)?;
        if a.kind() == ty {
            return Ok(Some(a));
        }
    }
    Ok(None)
}

/// One side (key or mask) of a kind's tunnel options: its JSON array `name`, and the text of
/// each option. A Geneve nest holds its options one after the other (class, type, data).
fn enc_side<S: Sink>(s: &mut S, name: &str, opt: TunnelOptsAttr<'_>) -> io::Result<Vec<String>> {
    let e = bad;
    let mut texts = Vec::new();
    match opt {
        TunnelOptsAttr::Geneve(n) => {
            s.open_array(name)?;
            let (mut class, mut ty) = (0, 0);
            for a in n.typed() {
                match a.map_err(e)? {
                    GeneveOptAttr::Class(c) => class = c,
                    GeneveOptAttr::Type(t) => ty = t,
                    GeneveOptAttr::Data(d) => texts.push(geneve_opt(s, class, ty, d)?),
                    _ => {}
                }
            }
            s.close_array()?;
        }
        TunnelOptsAttr::Vxlan(n) => {
            let gbp = VxlanOpt::from(n).gbp().map_err(e)?.unwrap_or(0);
            texts.push(gbp.to_string());
            opt_array(s, name, &[("gbp", gbp)])?;
        }
        TunnelOptsAttr::Erspan(n) => {
            let o = ErspanOpt::from(n);
            let ver = o.ver().map_err(e)?.unwrap_or(0);
            // Version 1 has an index, version 2 a direction and a hardware id.
            let (index, dir, hwid) = if ver == 1 {
                (o.index().map_err(e)?.unwrap_or(0), 0, 0)
            } else {
                let dir = o.dir().map_err(e)?.unwrap_or(0);
                (0, dir, o.hwid().map_err(e)?.unwrap_or(0))
            };
            texts.push(format!("{ver}:{index}:{dir}:{hwid}"));
            let fields = [
                ("ver", ver.into()),
                ("index", index),
                ("dir", dir.into()),
                ("hwid", hwid.into()),
            ];
            opt_array(s, name, &fields)?;
        }
        TunnelOptsAttr::Gtp(n) => {
            let o = GtpOpt::from(n);
            let pdu = o.pdu_type().map_err(e)?.unwrap_or(0);
            let qfi = o.qfi().map_err(e)?.unwrap_or(0);
            texts.push(format!("{pdu:02x}:{qfi:02x}"));
        }
        _ => {}
    }
    Ok(texts)
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
        // tc 6.1 prints the mask (as many bytes as the label has) unless the label has all
        // 16 bytes and the mask is all ones.
        let m = o.ct_labels_mask().map_err(e)?.unwrap_or_default();
        let m = m.get(..l.len()).unwrap_or(m);
        let text = if l.len() == 16 && m.iter().all(|b| *b == 0xff) {
            hex(l)
        } else {
            format!("{}/{}", hex(l), hex(m))
        };
        key(s, soft, "ct_label", text)?;
    }
    Ok(())
}

/// Keys no captured request has (masks tc 6.1 accepts but the captures lack, what only the
/// kernel writes: several Geneve options in one nest, the offload flags), in dumps built
/// from the uapi layout, printed by `tc` itself from the same bytes (`tc_oracle`).
#[cfg(test)]
mod against_tc {
    use netlink::netlink_wire::rtnl::tc::TcaFlower;

    use crate::tc_oracle::{Lab, attr, built_filter, same_filter_show};

    fn a(ty: TcaFlower, payload: &[u8]) -> Vec<u8> {
        attr(ty.0, payload)
    }

    fn be16(ty: TcaFlower, v: u16) -> Vec<u8> {
        a(ty, &v.to_be_bytes())
    }

    fn be32(ty: TcaFlower, v: u32) -> Vec<u8> {
        a(ty, &v.to_be_bytes())
    }

    fn u32a(ty: TcaFlower, v: u32) -> Vec<u8> {
        a(ty, &v.to_ne_bytes())
    }

    /// A nest of type `ty` (no `NLA_F_NESTED`, as the kernel writes tunnel options).
    fn nest(ty: u16, parts: &[Vec<u8>]) -> Vec<u8> {
        attr(ty, &parts.concat())
    }

    fn geneve(opts: &[(u16, u8, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (class, ty, data) in opts {
            body.extend(attr(1, &class.to_be_bytes()));
            body.extend(attr(2, &[*ty]));
            body.extend(attr(3, data));
        }
        attr(1, &body)
    }

    /// The filters, each with its own keys; `tcp` and `udp` carry everything tc 6.1 prints
    /// as JSON too.
    fn dumps() -> (Vec<u8>, Vec<u8>) {
        use TcaFlower as F;
        let ip = be16(F::KEY_ETH_TYPE, 0x0800);
        let frag = 1u32;
        let first = 2u32;
        let mut json = Vec::new();
        // Port masks, a full mask written out, fragment flags, offload flags.
        json.extend(built_filter(
            "flower",
            1,
            0x0800,
            &[
                ip.clone(),
                a(F::KEY_IP_PROTO, &[6]),
                be16(F::KEY_TCP_DST, 80),
                be16(F::KEY_TCP_DST_MASK, 0xfff0),
                be16(F::KEY_TCP_SRC, 1024),
                be16(F::KEY_TCP_SRC_MASK, 0xffff),
                be32(F::KEY_FLAGS, frag),
                be32(F::KEY_FLAGS_MASK, frag | first),
                u32a(F::FLAGS, 0x2 | 0x4),
                u32a(F::IN_HW_COUNT, 2),
            ]
            .concat(),
        ));
        // UDP port masks, a tunnel port mask, two Geneve options in one nest, nofirstfrag.
        json.extend(built_filter(
            "flower",
            2,
            0x0800,
            &[
                ip.clone(),
                a(F::KEY_IP_PROTO, &[17]),
                be16(F::KEY_UDP_DST, 4789),
                be16(F::KEY_UDP_DST_MASK, 0xff00),
                be16(F::KEY_UDP_SRC, 53),
                be16(F::KEY_ENC_UDP_DST_PORT, 6081),
                be16(F::KEY_ENC_UDP_DST_PORT_MASK, 0xfff0),
                nest(
                    F::KEY_ENC_OPTS.0,
                    &[geneve(&[
                        (0x0102, 0x80, &[0, 0x11, 0x22, 0x33]),
                        (0xffff, 1, &[1; 8]),
                    ])],
                ),
                nest(
                    F::KEY_ENC_OPTS_MASK.0,
                    &[geneve(&[
                        (0xffff, 0xff, &[0xff; 4]),
                        (0xffff, 0xff, &[0; 8]),
                    ])],
                ),
                be32(F::KEY_FLAGS, 0),
                be32(F::KEY_FLAGS_MASK, first),
                u32a(F::FLAGS, 0x1 | 0x8),
            ]
            .concat(),
        ));
        // A VLAN count, conntrack labels with a partial mask.
        json.extend(built_filter(
            "flower",
            3,
            0x8100,
            &[
                a(F::KEY_NUM_OF_VLANS, &[2]),
                a(F::KEY_VLAN_ID, &10u16.to_ne_bytes()),
                a(F::KEY_CT_LABELS, &[0x12; 16]),
                a(F::KEY_CT_LABELS_MASK, &[[0xff; 8], [0; 8]].concat()),
            ]
            .concat(),
        ));
        // Short conntrack labels with their masks; a whole label with a full mask.
        json.extend(built_filter(
            "flower",
            13,
            0x0800,
            &[
                ip.clone(),
                a(F::KEY_CT_LABELS, &[1, 2]),
                a(F::KEY_CT_LABELS_MASK, &[0xff, 0]),
            ]
            .concat(),
        ));
        json.extend(built_filter(
            "flower",
            14,
            0x0800,
            &[
                ip.clone(),
                a(F::KEY_CT_LABELS, &[0xab; 16]),
                a(F::KEY_CT_LABELS_MASK, &[0xff; 16]),
            ]
            .concat(),
        ));
        let mut text = json.clone();
        // ICMP masks (tc prints them in decimal), an ARP opcode mask.
        text.extend(built_filter(
            "flower",
            4,
            0x0800,
            &[
                ip.clone(),
                a(F::KEY_IP_PROTO, &[1]),
                a(F::KEY_ICMPV4_TYPE, &[8]),
                a(F::KEY_ICMPV4_TYPE_MASK, &[0xf0]),
                a(F::KEY_ICMPV4_CODE, &[3]),
                a(F::KEY_ICMPV4_CODE_MASK, &[0xff]),
            ]
            .concat(),
        ));
        text.extend(built_filter(
            "flower",
            5,
            0x0806,
            &[a(F::KEY_ARP_OP, &[2]), a(F::KEY_ARP_OP_MASK, &[0x0f])].concat(),
        ));
        // PPPoE: named, a control protocol, an unknown one.
        for (h, p) in [(6, 0x0021), (7, 0xc021), (8, 0x1234)] {
            text.extend(built_filter(
                "flower",
                h,
                0x8864,
                &[be16(F::KEY_PPPOE_SID, 300), be16(F::KEY_PPP_PROTO, p)].concat(),
            ));
        }
        // VXLAN, ERSPAN version 2, GTP options.
        let vxlan = nest(2, &[attr(1, &0x80_0001u32.to_ne_bytes())]);
        let vxlan_mask = nest(2, &[attr(1, &0xff_ffffu32.to_ne_bytes())]);
        let erspan = nest(3, &[attr(1, &[2]), attr(3, &[1]), attr(4, &[7])]);
        let erspan_mask = nest(3, &[attr(1, &[0xff]), attr(3, &[1]), attr(4, &[0x3f])]);
        let gtp = nest(4, &[attr(1, &[1]), attr(2, &[9])]);
        let gtp_mask = nest(4, &[attr(1, &[0xff]), attr(2, &[0x3f])]);
        for (h, k, m) in [
            (10, vxlan, vxlan_mask),
            (11, erspan, erspan_mask),
            (12, gtp, gtp_mask),
        ] {
            text.extend(built_filter(
                "flower",
                h,
                0x0800,
                &[
                    ip.clone(),
                    nest(F::KEY_ENC_OPTS.0, &[k]),
                    nest(F::KEY_ENC_OPTS_MASK.0, &[m]),
                ]
                .concat(),
            ));
        }
        (json, text)
    }

    #[test]
    fn built_flower_keys_print_as_tc_prints_them() {
        let lab = Lab::new();
        let (json, text) = dumps();
        for flags in [&[][..], &["-o"], &["-d"]] {
            same_filter_show(&lab, flags, &text);
        }
        for flags in [&["-j"][..], &["-j", "-d"]] {
            same_filter_show(&lab, flags, &json);
        }
    }
}
