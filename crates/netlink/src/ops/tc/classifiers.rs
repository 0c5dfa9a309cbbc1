//! The typed settings of the classifiers that match packets by their contents: `u32`
//! (selectors of 32-bit keys, hash tables), `flower` (keys with masks, in the order given),
//! `basic` and `cgroup` (extended matches, kept as bytes), `fw` (the mark), `route` (the
//! realms) and `flow` (a class from packet keys).
//!
//! `tc` writes most of a classifier's words as attributes at once, in the order of its command
//! line, and a few after it. Each kind here writes its settings in one documented order, the
//! order of `tc`'s usage line, so that a command given in that order is sent byte for byte as
//! `tc` sends it; `flower` keeps its keys in a list, in the order they are written.

use core::net::{Ipv4Addr, Ipv6Addr};

use netlink_wire::attr::NLA_F_NESTED;
use netlink_wire::rtnl::tc::{
    BasicOptions, CgroupOptions, ClsFlags, CtStateFlags, FlowKeys, FlowMode, FlowOptions,
    FlowerAttr, FlowerKeyFlags, FlowerMplsOptsAttr, FlowerOptions, FwOptions, MplsLseAttr,
    RouteOptions, TcHandle, TcU32Key, TcU32Mark, TcU32Sel, TcaBasic, TcaCgroup, TcaFlow, TcaFlower,
    TcaFlowerMplsOpts, TcaFw, TcaRoute4, TcaU32, U32Options, U32SelFlags, put_struct_array,
};
use netlink_wire::typed::{Nested, Untyped};
use netlink_wire::{AttrWrite, Nest, PutValue};
use zerocopy::byteorder::native_endian::{I16, U16, U32 as NeU32};
use zerocopy::byteorder::network_endian::{U16 as BeU16, U32 as BeU32};

use crate::error::Result;
use crate::ops::tc::action::{TcAction, read_list, write_list};
use crate::ops::tc::action_kinds::TunnelOptions;

/// Writes `actions` as the list `list` of a filter's options, if there are any.
pub(crate) fn put_actions<W: AttrWrite>(o: &mut W, list: u16, actions: &[TcAction]) {
    if !actions.is_empty() {
        write_list(&mut o.nest(list), actions);
    }
}

/// `ETH_P_ALL`: the protocol `flower` writes no `TCA_FLOWER_KEY_ETH_TYPE` for.
const ETH_P_ALL: u16 = 0x0003;

settable! {
    /// A u32 selector (`struct tc_u32_sel` and its keys): the `match` keys, and how the hash
    /// (`hashkey`) and the variable offset (`offset`) are computed. The `terminal` flag is
    /// added when the filter has a class or actions, as `tc` adds it.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct U32Selector {
        /// `match ...`: the keys, in order ([`TcU32Key::new`]: value, mask, offset in host
        /// order; `offmask` -1 for `nexthdr+`).
        keys: Vec<TcU32Key>,
        /// The flags (`offset`, `varoffset`, `eat`; `terminal`).
        flags: U32SelFlags,
        /// `hashkey mask M`: the bits of the word hashed into a linked table.
        hmask: u32,
        /// `hashkey ... at O`: where that word is read.
        hoff: i16,
        /// `offset plus P`: a fixed offset.
        off: u16,
        /// `offset at A`: where the half-word of the variable offset is read.
        offoff: i16,
        /// `offset mask M`: the bits of that half-word.
        offmask: u16,
        /// `offset shift S`: the right shift of the masked half-word.
        offshift: u8,
    }
}

impl U32Selector {
    /// The `struct tc_u32_sel` before the keys, `terminal` added when asked.
    fn header(&self, terminal: bool) -> TcU32Sel {
        let mut flags = self.flags;
        if terminal {
            flags |= U32SelFlags::TERMINAL;
        }
        TcU32Sel {
            flags: flags.bits(),
            offshift: self.offshift,
            nkeys: u8::try_from(self.keys.len()).unwrap_or(u8::MAX),
            _pad: 0,
            offmask: BeU16::new(self.offmask),
            off: U16::new(self.off),
            offoff: I16::new(self.offoff),
            hoff: I16::new(self.hoff),
            hmask: BeU32::new(self.hmask),
        }
    }
}

settable! {
    /// `u32 [divisor N] [match mark V M] [indev DEV] [classid CLASSID] [link HT] [action ...]
    /// [ht HT] [match ...] [hashkey ...] [offset ...] [skip_hw|skip_sw]`: a filter of keys, or
    /// a hash table (`divisor`). Written in that order, the flags last.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct U32 {
        /// `divisor`: the number of buckets of a hash table this filter creates.
        divisor: Option<u32>,
        /// `match mark VALUE MASK`.
        mark: Option<(u32, u32)>,
        /// `indev`: the device packets must come in on.
        indev: Option<String>,
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// `link`: the hash table packets go on in.
        link: Option<TcHandle>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
        /// `ht`: the table and bucket the filter goes in (`TCA_U32_HASH`).
        ht: Option<TcHandle>,
        /// The selector (any `match`).
        selector: Option<U32Selector>,
        /// `skip_hw`, `skip_sw` (and, in dumps, `in_hw`, `not_in_hw`).
        flags: ClsFlags,
    }
}

impl U32 {
    pub(crate) fn write(&self, o: &mut Nest<'_>) {
        o.put_some(TcaU32::DIVISOR, self.divisor);
        if let Some((val, mask)) = self.mark {
            let mark = TcU32Mark {
                val: NeU32::new(val),
                mask: NeU32::new(mask),
                success: NeU32::new(0),
            };
            o.put_struct(TcaU32::MARK, &mark);
        }
        if let Some(d) = &self.indev {
            o.put_str(TcaU32::INDEV, d);
        }
        o.put_some(TcaU32::CLASSID, self.classid.map(|c| c.0));
        o.put_some(TcaU32::LINK, self.link.map(|c| c.0));
        put_actions(o, TcaU32::ACT.0, &self.actions);
        o.put_some(TcaU32::HASH, self.ht.map(|c| c.0));
        if let Some(s) = &self.selector {
            let terminal = self.classid.is_some() || !self.actions.is_empty();
            put_struct_array(o, TcaU32::SEL, &s.header(terminal), &s.keys);
        }
        if self.flags != ClsFlags::default() {
            o.put_u32(TcaU32::FLAGS, self.flags.bits());
        }
    }

    /// Reads the options; `None` when they hold what this type does not (an old-style police).
    pub(crate) fn read(o: &U32Options<'_>) -> Result<Option<U32>> {
        if o.police()?.is_some() {
            return Ok(None);
        }
        let selector = o.sel()?.map(|s| {
            let h = s.header().get();
            U32Selector {
                keys: s.entries().collect(),
                flags: U32SelFlags(h.flags),
                hmask: h.hmask.get(),
                hoff: h.hoff.get(),
                off: h.off.get(),
                offoff: h.offoff.get(),
                offmask: h.offmask.get(),
                offshift: h.offshift,
            }
        });
        Ok(Some(U32 {
            divisor: o.divisor()?,
            mark: o.mark()?.map(|m| {
                let m = m.get();
                (m.val.get(), m.mask.get())
            }),
            indev: o.indev()?.map(str::to_owned),
            classid: o.classid()?,
            link: o.link()?.map(TcHandle),
            actions: read_list(o.actions()?)?,
            ht: o.hash()?.map(TcHandle),
            selector,
            flags: o.flags()?.unwrap_or_default(),
        }))
    }
}

/// Declares [`FlowerKey`]: each key, the `TCA_FLOWER_KEY_*` attributes it is sent as (with its
/// mask's, or its range's two), and how it is read back from a dump.
macro_rules! flower_keys {
    (
        masked { $($(#[$md:meta])* $mv:ident($mt:ty) = $mk:ident / $mm:ident, $mget:ident;)* }
        exact { $($(#[$ed:meta])* $ev:ident($et:ty) = $ek:ident;)* }
        port {
            $($(#[$pd:meta])* $pv:ident, $(#[$pmd:meta])* $pmv:ident = $pk:ident / $pm:ident, $pget:ident;)*
        }
        bytes { $($(#[$bd:meta])* $bv:ident = $bk:ident / $bm:ident, $bget:ident;)* }
        range { $($(#[$rd:meta])* $rv:ident = $rmin:ident / $rmax:ident, $rget:ident;)* }
    ) => {
        /// A flower key: a field of the packet and, for most, a mask of the bits compared
        /// (all ones to compare it whole). Each is a `TCA_FLOWER_KEY_*` attribute (and its
        /// `_MASK`): which of the TCP, UDP or SCTP ports, or ICMP or ICMPv6 fields, a word of
        /// `tc`'s means is the caller's choice, as `tc` makes it from `ip_proto`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum FlowerKey {
            $($(#[$md])* $mv($mt, $mt),)*
            $($(#[$ed])* $ev($et),)*
            $($(#[$pd])* $pv(u16), $(#[$pmd])* $pmv(u16, u16),)*
            $($(#[$bd])* $bv(Vec<u8>, Vec<u8>),)*
            /// `mpls lse depth N [label L] [tc T] [bos B] [ttl T] lse ...`: the MPLS label
            /// stack entries compared, each its fields in the order written (`tc` writes them
            /// in the order of its words). It excludes the single `Mpls*` keys in `tc`.
            MplsStack(Vec<Vec<MplsLseField>>),
            /// `geneve_opts`, `vxlan_opts`, `erspan_opts` `KEY[/MASK]`: the tunnel's options
            /// and their mask (`tc` sends a mask of all ones when none is given).
            EncOpts(TunnelOptions, TunnelOptions),
            $($(#[$rd])* $rv(u16, u16),)*
        }

        impl FlowerKey {
            fn write(&self, o: &mut Nest<'_>) {
                match self {
                    $(FlowerKey::$mv(v, m) => {
                        FlowerAttr::$mk(v.clone().into()).write_to(o);
                        FlowerAttr::$mm(m.clone().into()).write_to(o);
                    })*
                    $(FlowerKey::$ev(v) => FlowerAttr::$ek(v.clone().into()).write_to(o),)*
                    $(FlowerKey::$pv(v) => FlowerAttr::$pk(*v).write_to(o),
                    FlowerKey::$pmv(v, m) => {
                        FlowerAttr::$pk(*v).write_to(o);
                        FlowerAttr::$pm(*m).write_to(o);
                    })*
                    $(FlowerKey::$bv(v, m) => {
                        FlowerAttr::$bk(v).write_to(o);
                        FlowerAttr::$bm(m).write_to(o);
                    })*
                    FlowerKey::MplsStack(stack) => {
                        let mut n = o.nest(TcaFlower::KEY_MPLS_OPTS.0 | NLA_F_NESTED);
                        for lse in stack {
                            let mut e = n.nest(TcaFlowerMplsOpts::LSE.0 | NLA_F_NESTED);
                            for f in lse {
                                f.attr().write_to(&mut e);
                            }
                        }
                    }
                    FlowerKey::EncOpts(key, mask) => {
                        key.write(o, TcaFlower::KEY_ENC_OPTS.0);
                        mask.write(o, TcaFlower::KEY_ENC_OPTS_MASK.0);
                    }
                    $(FlowerKey::$rv(min, max) => {
                        FlowerAttr::$rmin(*min).write_to(o);
                        FlowerAttr::$rmax(*max).write_to(o);
                    })*
                }
            }

            /// The key an attribute of a dump starts: `Ok(None)` for the attributes that are
            /// not keys or are read with the key before them (masks, range ends); `Err(())`
            /// for a key this type does not hold, or one without its mask.
            fn read(
                a: &FlowerAttr<'_>,
                o: &FlowerOptions<'_>,
            ) -> Result<core::result::Result<Option<FlowerKey>, ()>> {
                Ok(Ok(Some(match a {
                    $(FlowerAttr::$mk(v) => match o.$mget()? {
                        Some(m) => FlowerKey::$mv((*v).into(), m.into()),
                        None => return Ok(Err(())),
                    },)*
                    $(FlowerAttr::$mm(_) => return Ok(Ok(None)),)*
                    $(FlowerAttr::$ek(v) => FlowerKey::$ev((*v).into()),)*
                    $(FlowerAttr::$pk(v) => match o.$pget()? {
                        Some(m) => FlowerKey::$pmv(*v, m),
                        None => FlowerKey::$pv(*v),
                    },)*
                    $(FlowerAttr::$pm(_) => return Ok(Ok(None)),)*
                    $(FlowerAttr::$bk(v) => match o.$bget()? {
                        Some(m) => FlowerKey::$bv(v.to_vec(), m.to_vec()),
                        None => return Ok(Err(())),
                    },)*
                    $(FlowerAttr::$bm(_) => return Ok(Ok(None)),)*
                    FlowerAttr::KeyMplsOpts(n) => FlowerKey::MplsStack(mpls_stack(*n)?),
                    FlowerAttr::KeyEncOpts(n) => match o.enc_opts_mask()? {
                        Some(m) => FlowerKey::EncOpts(TunnelOptions::read(*n)?, TunnelOptions::read(m)?),
                        None => return Ok(Err(())),
                    },
                    FlowerAttr::KeyEncOptsMask(_) => return Ok(Ok(None)),
                    $(FlowerAttr::$rmin(v) => match o.$rget()? {
                        Some(m) => FlowerKey::$rv(*v, m),
                        None => return Ok(Err(())),
                    },)*
                    $(FlowerAttr::$rmax(_) => return Ok(Ok(None)),)*
                    FlowerAttr::Classid(_)
                    | FlowerAttr::Indev(_)
                    | FlowerAttr::Act(_)
                    | FlowerAttr::Flags(_)
                    | FlowerAttr::KeyFlags(_)
                    | FlowerAttr::KeyFlagsMask(_)
                    | FlowerAttr::KeyEthType(_)
                    | FlowerAttr::InHwCount(_) => return Ok(Ok(None)),
                    _ => return Ok(Err(())),
                })))
            }
        }
    };
}

/// One field of an MPLS label stack entry flower compares (`TCA_FLOWER_KEY_MPLS_OPT_LSE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MplsLseField {
    /// `depth`: the entry's place in the stack, from 1 (required by `tc`).
    Depth(u8),
    /// `label`: 20 bits.
    Label(u32),
    /// `tc`: the traffic class, 3 bits.
    Tc(u8),
    /// `bos`: the bottom-of-stack bit.
    Bos(u8),
    /// `ttl`.
    Ttl(u8),
}

impl MplsLseField {
    fn attr(self) -> MplsLseAttr<'static> {
        match self {
            MplsLseField::Depth(d) => MplsLseAttr::Depth(d),
            MplsLseField::Label(l) => MplsLseAttr::Label(l),
            MplsLseField::Tc(t) => MplsLseAttr::Tc(t),
            MplsLseField::Bos(b) => MplsLseAttr::Bos(b),
            MplsLseField::Ttl(t) => MplsLseAttr::Ttl(t),
        }
    }
}

/// The entries of a dump's `TCA_FLOWER_KEY_MPLS_OPTS`, their fields in the dump's order
/// (attributes of other numbers skipped).
fn mpls_stack(n: Nested<'_, TcaFlowerMplsOpts>) -> Result<Vec<Vec<MplsLseField>>> {
    let mut stack = Vec::new();
    for lse in n.typed() {
        let FlowerMplsOptsAttr::Lse(lse) = lse? else {
            continue;
        };
        let mut fields = Vec::new();
        for f in lse.typed() {
            fields.push(match f? {
                MplsLseAttr::Depth(d) => MplsLseField::Depth(d),
                MplsLseAttr::Label(l) => MplsLseField::Label(l),
                MplsLseAttr::Tc(t) => MplsLseField::Tc(t),
                MplsLseAttr::Bos(b) => MplsLseField::Bos(b),
                MplsLseAttr::Ttl(t) => MplsLseField::Ttl(t),
                _ => continue,
            });
        }
        stack.push(fields);
    }
    Ok(stack)
}

/// A MAC address.
type Mac = [u8; 6];

flower_keys! {
    masked {
        /// `dst_mac MAC[/MASK]`.
        EthDst(Mac) = KeyEthDst / KeyEthDstMask, eth_dst_mask;
        /// `src_mac MAC[/MASK]`.
        EthSrc(Mac) = KeyEthSrc / KeyEthSrcMask, eth_src_mask;
        /// `src_ip` of IPv4.
        Ipv4Src(Ipv4Addr) = KeyIpv4Src / KeyIpv4SrcMask, ipv4_src_mask;
        /// `dst_ip` of IPv4.
        Ipv4Dst(Ipv4Addr) = KeyIpv4Dst / KeyIpv4DstMask, ipv4_dst_mask;
        /// `src_ip` of IPv6.
        Ipv6Src(Ipv6Addr) = KeyIpv6Src / KeyIpv6SrcMask, ipv6_src_mask;
        /// `dst_ip` of IPv6.
        Ipv6Dst(Ipv6Addr) = KeyIpv6Dst / KeyIpv6DstMask, ipv6_dst_mask;
        /// `tcp_flags FLAGS[/MASK]`.
        TcpFlags(u16) = KeyTcpFlags / KeyTcpFlagsMask, tcp_flags_mask;
        /// `ip_tos TOS[/MASK]`.
        IpTos(u8) = KeyIpTos / KeyIpTosMask, ip_tos_mask;
        /// `ip_ttl TTL[/MASK]`.
        IpTtl(u8) = KeyIpTtl / KeyIpTtlMask, ip_ttl_mask;
        /// `type` of ICMP.
        Icmpv4Type(u8) = KeyIcmpv4Type / KeyIcmpv4TypeMask, icmpv4_type_mask;
        /// `code` of ICMP.
        Icmpv4Code(u8) = KeyIcmpv4Code / KeyIcmpv4CodeMask, icmpv4_code_mask;
        /// `type` of ICMPv6.
        Icmpv6Type(u8) = KeyIcmpv6Type / KeyIcmpv6TypeMask, icmpv6_type_mask;
        /// `code` of ICMPv6.
        Icmpv6Code(u8) = KeyIcmpv6Code / KeyIcmpv6CodeMask, icmpv6_code_mask;
        /// `arp_op request|reply|OP[/MASK]`.
        ArpOp(u8) = KeyArpOp / KeyArpOpMask, arp_op_mask;
        /// `arp_sip`.
        ArpSip(Ipv4Addr) = KeyArpSip / KeyArpSipMask, arp_sip_mask;
        /// `arp_tip`.
        ArpTip(Ipv4Addr) = KeyArpTip / KeyArpTipMask, arp_tip_mask;
        /// `arp_sha`.
        ArpSha(Mac) = KeyArpSha / KeyArpShaMask, arp_sha_mask;
        /// `arp_tha`.
        ArpTha(Mac) = KeyArpTha / KeyArpThaMask, arp_tha_mask;
        /// `ct_state [+|-]FLAG...`: the flags set, and the flags compared.
        CtState(CtStateFlags) = KeyCtState / KeyCtStateMask, ct_state_mask;
        /// `ct_zone ZONE[/MASK]`.
        CtZone(u16) = KeyCtZone / KeyCtZoneMask, ct_zone_mask;
        /// `ct_mark MARK[/MASK]`.
        CtMark(u32) = KeyCtMark / KeyCtMarkMask, ct_mark_mask;
        /// `enc_src_ip` of IPv4.
        EncIpv4Src(Ipv4Addr) = KeyEncIpv4Src / KeyEncIpv4SrcMask, enc_ipv4_src_mask;
        /// `enc_dst_ip` of IPv4.
        EncIpv4Dst(Ipv4Addr) = KeyEncIpv4Dst / KeyEncIpv4DstMask, enc_ipv4_dst_mask;
        /// `enc_src_ip` of IPv6.
        EncIpv6Src(Ipv6Addr) = KeyEncIpv6Src / KeyEncIpv6SrcMask, enc_ipv6_src_mask;
        /// `enc_dst_ip` of IPv6.
        EncIpv6Dst(Ipv6Addr) = KeyEncIpv6Dst / KeyEncIpv6DstMask, enc_ipv6_dst_mask;
        /// `enc_tos TOS[/MASK]`.
        EncIpTos(u8) = KeyEncIpTos / KeyEncIpTosMask, enc_ip_tos_mask;
        /// `enc_ttl TTL[/MASK]`.
        EncIpTtl(u8) = KeyEncIpTtl / KeyEncIpTtlMask, enc_ip_ttl_mask;
    }
    exact {
        /// `vlan_id`.
        VlanId(u16) = KeyVlanId;
        /// `vlan_prio`.
        VlanPrio(u8) = KeyVlanPrio;
        /// `vlan_ethtype`, an EtherType in host order.
        VlanEthType(u16) = KeyVlanEthType;
        /// `cvlan_id`.
        CvlanId(u16) = KeyCvlanId;
        /// `cvlan_prio`.
        CvlanPrio(u8) = KeyCvlanPrio;
        /// `cvlan_ethtype`.
        CvlanEthType(u16) = KeyCvlanEthType;
        /// `ip_proto`.
        IpProto(u8) = KeyIpProto;
        /// `enc_key_id`: the tunnel id.
        EncKeyId(u32) = KeyEncKeyId;
        /// `enc_src_port`.
        EncUdpSrcPort(u16) = KeyEncUdpSrcPort;
        /// `enc_dst_port`.
        EncUdpDstPort(u16) = KeyEncUdpDstPort;
        /// `mpls_label`.
        MplsLabel(u32) = KeyMplsLabel;
        /// `mpls_tc`.
        MplsTc(u8) = KeyMplsTc;
        /// `mpls_bos`.
        MplsBos(u8) = KeyMplsBos;
        /// `mpls_ttl`.
        MplsTtl(u8) = KeyMplsTtl;
        /// `num_of_vlans`: how many VLAN tags the packet has.
        NumOfVlans(u8) = KeyNumOfVlans;
        /// `pppoe_sid`: the PPPoE session id.
        PppoeSid(u16) = KeyPppoeSid;
        /// `ppp_proto`: the PPP protocol number (`linux/ppp_defs.h`).
        PppProto(u16) = KeyPppProto;
    }
    port {
        /// `src_port` of TCP.
        TcpSrc,
        /// `src_port PORT/MASK` of TCP (`tc` sends a mask only when given one).
        TcpSrcMasked = KeyTcpSrc / KeyTcpSrcMask, tcp_src_mask;
        /// `dst_port` of TCP.
        TcpDst,
        /// `dst_port PORT/MASK` of TCP.
        TcpDstMasked = KeyTcpDst / KeyTcpDstMask, tcp_dst_mask;
        /// `src_port` of UDP.
        UdpSrc,
        /// `src_port PORT/MASK` of UDP.
        UdpSrcMasked = KeyUdpSrc / KeyUdpSrcMask, udp_src_mask;
        /// `dst_port` of UDP.
        UdpDst,
        /// `dst_port PORT/MASK` of UDP.
        UdpDstMasked = KeyUdpDst / KeyUdpDstMask, udp_dst_mask;
        /// `src_port` of SCTP.
        SctpSrc,
        /// `src_port PORT/MASK` of SCTP.
        SctpSrcMasked = KeySctpSrc / KeySctpSrcMask, sctp_src_mask;
        /// `dst_port` of SCTP.
        SctpDst,
        /// `dst_port PORT/MASK` of SCTP.
        SctpDstMasked = KeySctpDst / KeySctpDstMask, sctp_dst_mask;
    }
    bytes {
        /// `ct_label LABEL[/MASK]`: the connection labels and their mask, up to 16 bytes each
        /// (`tc` sends a full 16-byte mask when none is given).
        CtLabels = KeyCtLabels / KeyCtLabelsMask, ct_labels_mask;
    }
    range {
        /// `src_port MIN-MAX`.
        PortSrcRange = KeyPortSrcMin / KeyPortSrcMax, port_src_max;
        /// `dst_port MIN-MAX`.
        PortDstRange = KeyPortDstMin / KeyPortDstMax, port_dst_max;
    }
}

settable! {
    /// `flower [indev DEV] KEY... [classid CLASSID] [action ...] [skip_hw|skip_sw]
    /// [ip_flags FLAGS]`: written in that order, the keys in the order of the list; then
    /// `TCA_FLOWER_FLAGS` (always), the fragment flags and the filter's protocol as
    /// `TCA_FLOWER_KEY_ETH_TYPE` (unless it is `all`), as `tc` writes them.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Flower {
        /// `indev`.
        indev: Option<String>,
        /// The keys, in order.
        keys: Vec<FlowerKey>,
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
        /// `skip_hw`, `skip_sw`.
        flags: ClsFlags,
        /// `ip_flags [no]frag/[no]firstfrag`: the flags set, and the flags compared.
        fragment: Option<(FlowerKeyFlags, FlowerKeyFlags)>,
    }
}

impl Flower {
    pub(crate) fn write(&self, o: &mut Nest<'_>, protocol: u16) {
        if let Some(d) = &self.indev {
            o.put_str(TcaFlower::INDEV, d);
        }
        for k in &self.keys {
            k.write(o);
        }
        o.put_some(TcaFlower::CLASSID, self.classid.map(|c| c.0));
        put_actions(o, TcaFlower::ACT.0, &self.actions);
        o.put_u32(TcaFlower::FLAGS, self.flags.bits());
        if let Some((set, mask)) = self.fragment {
            FlowerAttr::KeyFlags(set.bits()).write_to(o);
            FlowerAttr::KeyFlagsMask(mask.bits()).write_to(o);
        }
        if protocol != ETH_P_ALL {
            FlowerAttr::KeyEthType(protocol).write_to(o);
        }
    }

    /// Reads the options; `None` when they hold a key this type does not.
    pub(crate) fn read(o: &FlowerOptions<'_>) -> Result<Option<Flower>> {
        let mut keys = Vec::new();
        for a in o.typed_attrs() {
            match FlowerKey::read(&a?, o)? {
                Ok(Some(k)) => keys.push(k),
                Ok(None) => {}
                Err(()) => return Ok(None),
            }
        }
        let fragment = match (o.key_flags()?, o.key_flags_mask()?) {
            (Some(s), Some(m)) => Some((FlowerKeyFlags(s), FlowerKeyFlags(m))),
            _ => None,
        };
        Ok(Some(Flower {
            indev: o.indev()?.map(str::to_owned),
            keys,
            classid: o.classid()?,
            actions: read_list(o.actions()?)?,
            flags: o.flags()?.unwrap_or_default(),
            fragment,
        }))
    }
}

settable! {
    /// `basic [match EMATCH_TREE] [classid CLASSID] [action ...]`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Basic {
        /// `match`: the payload of `TCA_BASIC_EMATCHES` (`TCA_EMATCH_TREE_*`), as bytes.
        ematches: Option<Vec<u8>>,
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
    }
}

settable! {
    /// `cgroup [match EMATCH_TREE] [action ...]`: the class from the sending socket's cgroup.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Cgroup {
        /// `match`: the payload of `TCA_CGROUP_EMATCHES`, as bytes.
        ematches: Option<Vec<u8>>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
    }
}

settable! {
    /// `fw [classid CLASSID] [indev DEV] [action ...]`: packets whose mark, masked, is the
    /// filter's handle (`handle MARK[/MASK]`; the mask is `TCA_FW_MASK`, written first).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Fw {
        /// The `/MASK` of the handle.
        mask: Option<u32>,
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// `indev`.
        indev: Option<String>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
    }
}

settable! {
    /// `route [fromif DEV] [to REALM] [from REALM] [classid CLASSID] [action ...]`: packets by
    /// the realms of their routes. `tc` also puts the realms in the filter's handle
    /// ([`Route::handle`]).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Route {
        /// `fromif`: the index of the device packets come in on.
        fromif: Option<u32>,
        /// `to`: the realm of the route to the destination.
        to: Option<u32>,
        /// `from`: the realm of the route to the source.
        from: Option<u32>,
        /// `classid` (`flowid`).
        classid: Option<TcHandle>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
    }
}

impl Route {
    /// The handle `tc` gives the filter: `to`, and `from` (or `0x8000 | fromif`) in the high
    /// half.
    #[must_use]
    pub fn handle(&self) -> u32 {
        let high = match (self.fromif, self.from) {
            (Some(i), _) => 0x8000 | (i & 0x7fff),
            (None, Some(f)) => f & 0xffff,
            (None, None) => 0xffff,
        };
        let low = self.to.map_or(0x8000, |t| t & 0xffff);
        (high << 16) | low
    }
}

settable! {
    /// `flow (map key KEY [and|or|xor|rshift|addend N]... | hash keys KEY,... [perturb S])
    /// [divisor N] [baseclass ID] [action ...]`. Written as `tc` writes the usage line's
    /// words: the keys, `rshift`, `addend` and `baseclass` then `divisor` for a map; the keys,
    /// `divisor`, `perturb` and `baseclass` for a hash; then the mode, then the map's mask and
    /// xor (unless all ones and 0).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Flow {
        /// `map` or `hash`.
        fixed mode: FlowMode,
        /// `key` or `keys`.
        fixed keys: FlowKeys,
        /// `rshift`.
        rshift: Option<u32>,
        /// `addend`.
        addend: Option<u32>,
        /// `divisor`.
        divisor: Option<u32>,
        /// `perturb`: seconds.
        perturb: Option<u32>,
        /// `baseclass`.
        baseclass: Option<TcHandle>,
        /// The ematches, as bytes.
        ematches: Option<Vec<u8>>,
        /// The actions, run in order.
        actions: Vec<TcAction>,
        /// `and`, `or`: the mask (all ones when not set).
        mask: u32,
        /// `xor`, `or`.
        xor: u32,
    }
}

impl Flow {
    /// A flow filter that maps or hashes `keys`, nothing else set.
    #[must_use]
    pub fn new(mode: FlowMode, keys: FlowKeys) -> Self {
        Flow {
            mode,
            keys,
            rshift: None,
            addend: None,
            divisor: None,
            perturb: None,
            baseclass: None,
            ematches: None,
            actions: Vec::new(),
            mask: u32::MAX,
            xor: 0,
        }
    }

    fn write(&self, o: &mut Nest<'_>) {
        o.put_u32(TcaFlow::KEYS, self.keys.bits());
        let baseclass = self.baseclass.map(|c| c.0);
        if self.mode == FlowMode::HASH {
            o.put_some(TcaFlow::DIVISOR, self.divisor);
            o.put_some(TcaFlow::PERTURB, self.perturb);
            o.put_some(TcaFlow::BASECLASS, baseclass);
        } else {
            o.put_some(TcaFlow::RSHIFT, self.rshift);
            o.put_some(TcaFlow::ADDEND, self.addend);
            o.put_some(TcaFlow::BASECLASS, baseclass);
            o.put_some(TcaFlow::DIVISOR, self.divisor);
        }
        if let Some(e) = &self.ematches {
            o.put(TcaFlow::EMATCHES, e);
        }
        put_actions(o, TcaFlow::ACT.0, &self.actions);
        o.put_u32(TcaFlow::MODE, self.mode.0);
        if self.mask != u32::MAX || self.xor != 0 {
            o.put_u32(TcaFlow::MASK, self.mask);
            o.put_u32(TcaFlow::XOR, self.xor);
        }
    }
}

/// The typed classifiers of this module, as [`FilterKind`](super::FilterKind) holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Classifier<'s> {
    U32(&'s U32),
    Flower(&'s Flower),
    Basic(&'s Basic),
    Cgroup(&'s Cgroup),
    Fw(&'s Fw),
    Route(&'s Route),
    Flow(&'s Flow),
}

impl Classifier<'_> {
    /// The actions.
    pub(crate) fn actions(&self) -> &[TcAction] {
        match self {
            Classifier::U32(k) => &k.actions,
            Classifier::Flower(k) => &k.actions,
            Classifier::Basic(k) => &k.actions,
            Classifier::Cgroup(k) => &k.actions,
            Classifier::Fw(k) => &k.actions,
            Classifier::Route(k) => &k.actions,
            Classifier::Flow(k) => &k.actions,
        }
    }

    /// Writes the options' attributes as `tc` orders them, for a filter of `protocol`.
    pub(crate) fn write(&self, o: &mut Nest<'_>, protocol: u16) {
        match self {
            Classifier::U32(k) => k.write(o),
            Classifier::Flower(k) => k.write(o, protocol),
            Classifier::Basic(k) => {
                if let Some(e) = &k.ematches {
                    o.put(TcaBasic::EMATCHES, e);
                }
                o.put_some(TcaBasic::CLASSID, k.classid.map(|c| c.0));
                put_actions(o, TcaBasic::ACT.0, &k.actions);
            }
            Classifier::Cgroup(k) => {
                if let Some(e) = &k.ematches {
                    o.put(TcaCgroup::EMATCHES, e);
                }
                put_actions(o, TcaCgroup::ACT.0, &k.actions);
            }
            Classifier::Fw(k) => {
                o.put_some(TcaFw::MASK, k.mask);
                o.put_some(TcaFw::CLASSID, k.classid.map(|c| c.0));
                if let Some(d) = &k.indev {
                    o.put_str(TcaFw::INDEV, d);
                }
                put_actions(o, TcaFw::ACT.0, &k.actions);
            }
            Classifier::Route(k) => {
                o.put_some(TcaRoute4::IIF, k.fromif);
                o.put_some(TcaRoute4::TO, k.to);
                o.put_some(TcaRoute4::FROM, k.from);
                o.put_some(TcaRoute4::CLASSID, k.classid.map(|c| c.0));
                put_actions(o, TcaRoute4::ACT.0, &k.actions);
            }
            Classifier::Flow(k) => k.write(o),
        }
    }
}

/// The ematches of a view as bytes.
fn ematch_bytes(e: Option<Nested<'_, Untyped>>) -> Option<Vec<u8>> {
    e.map(|n| n.attr().payload().to_vec())
}

/// Reads `basic` options; `None` with an old-style police.
pub(crate) fn read_basic(o: &BasicOptions<'_>) -> Result<Option<Basic>> {
    if o.police()?.is_some() {
        return Ok(None);
    }
    Ok(Some(Basic {
        ematches: ematch_bytes(o.ematches()?),
        classid: o.classid()?,
        actions: read_list(o.actions()?)?,
    }))
}

/// Reads `cgroup` options; `None` with an old-style police.
pub(crate) fn read_cgroup(o: &CgroupOptions<'_>) -> Result<Option<Cgroup>> {
    if o.police()?.is_some() {
        return Ok(None);
    }
    Ok(Some(Cgroup {
        ematches: ematch_bytes(o.ematches()?),
        actions: read_list(o.actions()?)?,
    }))
}

/// Reads `fw` options; `None` with an old-style police.
pub(crate) fn read_fw(o: &FwOptions<'_>) -> Result<Option<Fw>> {
    if o.police()?.is_some() {
        return Ok(None);
    }
    Ok(Some(Fw {
        mask: o.mask()?,
        classid: o.classid()?,
        indev: o.indev()?.map(str::to_owned),
        actions: read_list(o.actions()?)?,
    }))
}

/// Reads `route` options; `None` with an old-style police.
pub(crate) fn read_route(o: &RouteOptions<'_>) -> Result<Option<Route>> {
    if o.police()?.is_some() {
        return Ok(None);
    }
    Ok(Some(Route {
        fromif: o.iif()?,
        to: o.to_realm()?,
        from: o.from_realm()?,
        classid: o.classid()?,
        actions: read_list(o.actions()?)?,
    }))
}

/// Reads `flow` options; `None` with an old-style police or without keys and mode.
pub(crate) fn read_flow(o: &FlowOptions<'_>) -> Result<Option<Flow>> {
    let (Some(keys), Some(mode)) = (o.keys()?, o.mode()?) else {
        return Ok(None);
    };
    if o.police()?.is_some() {
        return Ok(None);
    }
    Ok(Some(Flow {
        mode,
        keys,
        rshift: o.rshift()?,
        addend: o.addend()?,
        divisor: o.divisor()?,
        perturb: o.perturb()?,
        baseclass: o.baseclass()?,
        ematches: ematch_bytes(o.ematches()?),
        actions: read_list(o.actions()?)?,
        mask: o.mask()?.unwrap_or(u32::MAX),
        xor: o.xor()?.unwrap_or(0),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_handles_are_tcs() {
        // `route to 10 from 3`, `route fromif v1 to 5` (v1 is index 2).
        let r = Route::default().to(10).from(3);
        assert_eq!(r.handle(), 0x0003_000a);
        let r = Route::default().fromif(2).to(5);
        assert_eq!(r.handle(), 0x8002_0005);
    }
}
