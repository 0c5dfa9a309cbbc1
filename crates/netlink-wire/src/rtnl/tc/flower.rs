//! The flower classifier: packets matched by keys of every layer, each with its mask, from
//! the Ethernet header to the tunnel a packet came in (its addresses, ports, id and options),
//! with VLAN tags, MPLS label stacks, ICMP, ARP and conntrack state; and flower's chain
//! templates, which are flower keys too.
//!
//! Masks travel as attributes of their own (`TCA_FLOWER_KEY_*_MASK`), right after their keys;
//! a key sent without one is matched exactly. Port ranges have `MIN` and `MAX` keys instead.
//! The tunnel options use the numbers of `tunnel_key`'s ([`TunnelOpts`]).
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::rtnl::tc::{ActionList, ClsFlags, TcHandle, TcaTunnelOpts};

#[cfg(doc)]
use crate::rtnl::tc::TunnelOpts;

attributes! {
    /// The options of a flower filter, or of a flower chain template.
    view FlowerOptions;
    /// `TCA_FLOWER_*`: the flower classifier's attributes.
    numbers TcaFlower;
    /// A typed flower attribute.
    enum FlowerAttr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_FLOWER_CLASSID", Classid(val TcHandle), classid;
    /// The device packets must come in on.
    INDEV = 2, "TCA_FLOWER_INDEV", Indev(str), indev;
    /// The actions.
    ACT = 3, "TCA_FLOWER_ACT", Act(val ActionList<'a>), actions;
    /// The Ethernet destination.
    KEY_ETH_DST = 4, "TCA_FLOWER_KEY_ETH_DST", KeyEthDst(mac), eth_dst;
    /// The mask of `TCA_FLOWER_KEY_ETH_DST`.
    KEY_ETH_DST_MASK = 5, "TCA_FLOWER_KEY_ETH_DST_MASK", KeyEthDstMask(mac), eth_dst_mask;
    /// The Ethernet source.
    KEY_ETH_SRC = 6, "TCA_FLOWER_KEY_ETH_SRC", KeyEthSrc(mac), eth_src;
    /// The mask of `TCA_FLOWER_KEY_ETH_SRC`.
    KEY_ETH_SRC_MASK = 7, "TCA_FLOWER_KEY_ETH_SRC_MASK", KeyEthSrcMask(mac), eth_src_mask;
    /// The Ethernet type (the filter's protocol).
    KEY_ETH_TYPE = 8, "TCA_FLOWER_KEY_ETH_TYPE", KeyEthType(be16), eth_type;
    /// The IP protocol.
    KEY_IP_PROTO = 9, "TCA_FLOWER_KEY_IP_PROTO", KeyIpProto(u8), ip_proto;
    /// The IPv4 source.
    KEY_IPV4_SRC = 10, "TCA_FLOWER_KEY_IPV4_SRC", KeyIpv4Src(val Ipv4Addr), ipv4_src;
    /// The mask of `TCA_FLOWER_KEY_IPV4_SRC`.
    KEY_IPV4_SRC_MASK = 11, "TCA_FLOWER_KEY_IPV4_SRC_MASK", KeyIpv4SrcMask(val Ipv4Addr), ipv4_src_mask;
    /// The IPv4 destination.
    KEY_IPV4_DST = 12, "TCA_FLOWER_KEY_IPV4_DST", KeyIpv4Dst(val Ipv4Addr), ipv4_dst;
    /// The mask of `TCA_FLOWER_KEY_IPV4_DST`.
    KEY_IPV4_DST_MASK = 13, "TCA_FLOWER_KEY_IPV4_DST_MASK", KeyIpv4DstMask(val Ipv4Addr), ipv4_dst_mask;
    /// The IPv6 source.
    KEY_IPV6_SRC = 14, "TCA_FLOWER_KEY_IPV6_SRC", KeyIpv6Src(val Ipv6Addr), ipv6_src;
    /// The mask of `TCA_FLOWER_KEY_IPV6_SRC`.
    KEY_IPV6_SRC_MASK = 15, "TCA_FLOWER_KEY_IPV6_SRC_MASK", KeyIpv6SrcMask(val Ipv6Addr), ipv6_src_mask;
    /// The IPv6 destination.
    KEY_IPV6_DST = 16, "TCA_FLOWER_KEY_IPV6_DST", KeyIpv6Dst(val Ipv6Addr), ipv6_dst;
    /// The mask of `TCA_FLOWER_KEY_IPV6_DST`.
    KEY_IPV6_DST_MASK = 17, "TCA_FLOWER_KEY_IPV6_DST_MASK", KeyIpv6DstMask(val Ipv6Addr), ipv6_dst_mask;
    /// The TCP source port.
    KEY_TCP_SRC = 18, "TCA_FLOWER_KEY_TCP_SRC", KeyTcpSrc(be16), tcp_src;
    /// The TCP destination port.
    KEY_TCP_DST = 19, "TCA_FLOWER_KEY_TCP_DST", KeyTcpDst(be16), tcp_dst;
    /// The UDP source port.
    KEY_UDP_SRC = 20, "TCA_FLOWER_KEY_UDP_SRC", KeyUdpSrc(be16), udp_src;
    /// The UDP destination port.
    KEY_UDP_DST = 21, "TCA_FLOWER_KEY_UDP_DST", KeyUdpDst(be16), udp_dst;
    /// [`ClsFlags`].
    FLAGS = 22, "TCA_FLOWER_FLAGS", Flags(val ClsFlags), flags;
    /// The VLAN id (host order).
    KEY_VLAN_ID = 23, "TCA_FLOWER_KEY_VLAN_ID", KeyVlanId(u16), vlan_id;
    /// The VLAN priority.
    KEY_VLAN_PRIO = 24, "TCA_FLOWER_KEY_VLAN_PRIO", KeyVlanPrio(u8), vlan_prio;
    /// The Ethernet type inside the VLAN tag.
    KEY_VLAN_ETH_TYPE = 25, "TCA_FLOWER_KEY_VLAN_ETH_TYPE", KeyVlanEthType(be16), vlan_eth_type;
    /// The tunnel id (VNI).
    KEY_ENC_KEY_ID = 26, "TCA_FLOWER_KEY_ENC_KEY_ID", KeyEncKeyId(be32), enc_key_id;
    /// The tunnel's IPv4 source.
    KEY_ENC_IPV4_SRC = 27, "TCA_FLOWER_KEY_ENC_IPV4_SRC", KeyEncIpv4Src(val Ipv4Addr), enc_ipv4_src;
    /// The mask of `TCA_FLOWER_KEY_ENC_IPV4_SRC`.
    KEY_ENC_IPV4_SRC_MASK = 28, "TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK", KeyEncIpv4SrcMask(val Ipv4Addr), enc_ipv4_src_mask;
    /// The tunnel's IPv4 destination.
    KEY_ENC_IPV4_DST = 29, "TCA_FLOWER_KEY_ENC_IPV4_DST", KeyEncIpv4Dst(val Ipv4Addr), enc_ipv4_dst;
    /// The mask of `TCA_FLOWER_KEY_ENC_IPV4_DST`.
    KEY_ENC_IPV4_DST_MASK = 30, "TCA_FLOWER_KEY_ENC_IPV4_DST_MASK", KeyEncIpv4DstMask(val Ipv4Addr), enc_ipv4_dst_mask;
    /// The tunnel's IPv6 source.
    KEY_ENC_IPV6_SRC = 31, "TCA_FLOWER_KEY_ENC_IPV6_SRC", KeyEncIpv6Src(val Ipv6Addr), enc_ipv6_src;
    /// The mask of `TCA_FLOWER_KEY_ENC_IPV6_SRC`.
    KEY_ENC_IPV6_SRC_MASK = 32, "TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK", KeyEncIpv6SrcMask(val Ipv6Addr), enc_ipv6_src_mask;
    /// The tunnel's IPv6 destination.
    KEY_ENC_IPV6_DST = 33, "TCA_FLOWER_KEY_ENC_IPV6_DST", KeyEncIpv6Dst(val Ipv6Addr), enc_ipv6_dst;
    /// The mask of `TCA_FLOWER_KEY_ENC_IPV6_DST`.
    KEY_ENC_IPV6_DST_MASK = 34, "TCA_FLOWER_KEY_ENC_IPV6_DST_MASK", KeyEncIpv6DstMask(val Ipv6Addr), enc_ipv6_dst_mask;
    /// The mask of `TCA_FLOWER_KEY_TCP_SRC`.
    KEY_TCP_SRC_MASK = 35, "TCA_FLOWER_KEY_TCP_SRC_MASK", KeyTcpSrcMask(be16), tcp_src_mask;
    /// The mask of `TCA_FLOWER_KEY_TCP_DST`.
    KEY_TCP_DST_MASK = 36, "TCA_FLOWER_KEY_TCP_DST_MASK", KeyTcpDstMask(be16), tcp_dst_mask;
    /// The mask of `TCA_FLOWER_KEY_UDP_SRC`.
    KEY_UDP_SRC_MASK = 37, "TCA_FLOWER_KEY_UDP_SRC_MASK", KeyUdpSrcMask(be16), udp_src_mask;
    /// The mask of `TCA_FLOWER_KEY_UDP_DST`.
    KEY_UDP_DST_MASK = 38, "TCA_FLOWER_KEY_UDP_DST_MASK", KeyUdpDstMask(be16), udp_dst_mask;
    /// The mask of `TCA_FLOWER_KEY_SCTP_SRC`.
    KEY_SCTP_SRC_MASK = 39, "TCA_FLOWER_KEY_SCTP_SRC_MASK", KeySctpSrcMask(be16), sctp_src_mask;
    /// The mask of `TCA_FLOWER_KEY_SCTP_DST`.
    KEY_SCTP_DST_MASK = 40, "TCA_FLOWER_KEY_SCTP_DST_MASK", KeySctpDstMask(be16), sctp_dst_mask;
    /// The SCTP source port.
    KEY_SCTP_SRC = 41, "TCA_FLOWER_KEY_SCTP_SRC", KeySctpSrc(be16), sctp_src;
    /// The SCTP destination port.
    KEY_SCTP_DST = 42, "TCA_FLOWER_KEY_SCTP_DST", KeySctpDst(be16), sctp_dst;
    /// The tunnel's UDP source port.
    KEY_ENC_UDP_SRC_PORT = 43, "TCA_FLOWER_KEY_ENC_UDP_SRC_PORT", KeyEncUdpSrcPort(be16), enc_udp_src_port;
    /// The mask of `TCA_FLOWER_KEY_ENC_UDP_SRC_PORT`.
    KEY_ENC_UDP_SRC_PORT_MASK = 44, "TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK", KeyEncUdpSrcPortMask(be16), enc_udp_src_port_mask;
    /// The tunnel's UDP destination port.
    KEY_ENC_UDP_DST_PORT = 45, "TCA_FLOWER_KEY_ENC_UDP_DST_PORT", KeyEncUdpDstPort(be16), enc_udp_dst_port;
    /// The mask of `TCA_FLOWER_KEY_ENC_UDP_DST_PORT`.
    KEY_ENC_UDP_DST_PORT_MASK = 46, "TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK", KeyEncUdpDstPortMask(be16), enc_udp_dst_port_mask;
    /// [`FlowerKeyFlags`], network order.
    KEY_FLAGS = 47, "TCA_FLOWER_KEY_FLAGS", KeyFlags(be32), key_flags;
    /// The mask of `TCA_FLOWER_KEY_FLAGS`.
    KEY_FLAGS_MASK = 48, "TCA_FLOWER_KEY_FLAGS_MASK", KeyFlagsMask(be32), key_flags_mask;
    /// The ICMP code.
    KEY_ICMPV4_CODE = 49, "TCA_FLOWER_KEY_ICMPV4_CODE", KeyIcmpv4Code(u8), icmpv4_code;
    /// The mask of `TCA_FLOWER_KEY_ICMPV4_CODE`.
    KEY_ICMPV4_CODE_MASK = 50, "TCA_FLOWER_KEY_ICMPV4_CODE_MASK", KeyIcmpv4CodeMask(u8), icmpv4_code_mask;
    /// The ICMP type.
    KEY_ICMPV4_TYPE = 51, "TCA_FLOWER_KEY_ICMPV4_TYPE", KeyIcmpv4Type(u8), icmpv4_type;
    /// The mask of `TCA_FLOWER_KEY_ICMPV4_TYPE`.
    KEY_ICMPV4_TYPE_MASK = 52, "TCA_FLOWER_KEY_ICMPV4_TYPE_MASK", KeyIcmpv4TypeMask(u8), icmpv4_type_mask;
    /// The ICMPv6 code.
    KEY_ICMPV6_CODE = 53, "TCA_FLOWER_KEY_ICMPV6_CODE", KeyIcmpv6Code(u8), icmpv6_code;
    /// The mask of `TCA_FLOWER_KEY_ICMPV6_CODE`.
    KEY_ICMPV6_CODE_MASK = 54, "TCA_FLOWER_KEY_ICMPV6_CODE_MASK", KeyIcmpv6CodeMask(u8), icmpv6_code_mask;
    /// The ICMPv6 type.
    KEY_ICMPV6_TYPE = 55, "TCA_FLOWER_KEY_ICMPV6_TYPE", KeyIcmpv6Type(u8), icmpv6_type;
    /// The mask of `TCA_FLOWER_KEY_ICMPV6_TYPE`.
    KEY_ICMPV6_TYPE_MASK = 56, "TCA_FLOWER_KEY_ICMPV6_TYPE_MASK", KeyIcmpv6TypeMask(u8), icmpv6_type_mask;
    /// The ARP sender address.
    KEY_ARP_SIP = 57, "TCA_FLOWER_KEY_ARP_SIP", KeyArpSip(val Ipv4Addr), arp_sip;
    /// The mask of `TCA_FLOWER_KEY_ARP_SIP`.
    KEY_ARP_SIP_MASK = 58, "TCA_FLOWER_KEY_ARP_SIP_MASK", KeyArpSipMask(val Ipv4Addr), arp_sip_mask;
    /// The ARP target address.
    KEY_ARP_TIP = 59, "TCA_FLOWER_KEY_ARP_TIP", KeyArpTip(val Ipv4Addr), arp_tip;
    /// The mask of `TCA_FLOWER_KEY_ARP_TIP`.
    KEY_ARP_TIP_MASK = 60, "TCA_FLOWER_KEY_ARP_TIP_MASK", KeyArpTipMask(val Ipv4Addr), arp_tip_mask;
    /// The ARP operation.
    KEY_ARP_OP = 61, "TCA_FLOWER_KEY_ARP_OP", KeyArpOp(u8), arp_op;
    /// The mask of `TCA_FLOWER_KEY_ARP_OP`.
    KEY_ARP_OP_MASK = 62, "TCA_FLOWER_KEY_ARP_OP_MASK", KeyArpOpMask(u8), arp_op_mask;
    /// The ARP sender hardware address.
    KEY_ARP_SHA = 63, "TCA_FLOWER_KEY_ARP_SHA", KeyArpSha(mac), arp_sha;
    /// The mask of `TCA_FLOWER_KEY_ARP_SHA`.
    KEY_ARP_SHA_MASK = 64, "TCA_FLOWER_KEY_ARP_SHA_MASK", KeyArpShaMask(mac), arp_sha_mask;
    /// The ARP target hardware address.
    KEY_ARP_THA = 65, "TCA_FLOWER_KEY_ARP_THA", KeyArpTha(mac), arp_tha;
    /// The mask of `TCA_FLOWER_KEY_ARP_THA`.
    KEY_ARP_THA_MASK = 66, "TCA_FLOWER_KEY_ARP_THA_MASK", KeyArpThaMask(mac), arp_tha_mask;
    /// The outer MPLS entry's TTL.
    KEY_MPLS_TTL = 67, "TCA_FLOWER_KEY_MPLS_TTL", KeyMplsTtl(u8), mpls_ttl;
    /// The outer MPLS entry's bottom-of-stack bit.
    KEY_MPLS_BOS = 68, "TCA_FLOWER_KEY_MPLS_BOS", KeyMplsBos(u8), mpls_bos;
    /// The outer MPLS entry's traffic class.
    KEY_MPLS_TC = 69, "TCA_FLOWER_KEY_MPLS_TC", KeyMplsTc(u8), mpls_tc;
    /// The outer MPLS entry's label (host order).
    KEY_MPLS_LABEL = 70, "TCA_FLOWER_KEY_MPLS_LABEL", KeyMplsLabel(u32), mpls_label;
    /// The TCP flags.
    KEY_TCP_FLAGS = 71, "TCA_FLOWER_KEY_TCP_FLAGS", KeyTcpFlags(be16), tcp_flags;
    /// The mask of `TCA_FLOWER_KEY_TCP_FLAGS`.
    KEY_TCP_FLAGS_MASK = 72, "TCA_FLOWER_KEY_TCP_FLAGS_MASK", KeyTcpFlagsMask(be16), tcp_flags_mask;
    /// The IP TOS (traffic class).
    KEY_IP_TOS = 73, "TCA_FLOWER_KEY_IP_TOS", KeyIpTos(u8), ip_tos;
    /// The mask of `TCA_FLOWER_KEY_IP_TOS`.
    KEY_IP_TOS_MASK = 74, "TCA_FLOWER_KEY_IP_TOS_MASK", KeyIpTosMask(u8), ip_tos_mask;
    /// The IP TTL (hop limit).
    KEY_IP_TTL = 75, "TCA_FLOWER_KEY_IP_TTL", KeyIpTtl(u8), ip_ttl;
    /// The mask of `TCA_FLOWER_KEY_IP_TTL`.
    KEY_IP_TTL_MASK = 76, "TCA_FLOWER_KEY_IP_TTL_MASK", KeyIpTtlMask(u8), ip_ttl_mask;
    /// The inner (customer) VLAN id (host order).
    KEY_CVLAN_ID = 77, "TCA_FLOWER_KEY_CVLAN_ID", KeyCvlanId(u16), cvlan_id;
    /// The inner VLAN priority.
    KEY_CVLAN_PRIO = 78, "TCA_FLOWER_KEY_CVLAN_PRIO", KeyCvlanPrio(u8), cvlan_prio;
    /// The Ethernet type inside the inner VLAN tag.
    KEY_CVLAN_ETH_TYPE = 79, "TCA_FLOWER_KEY_CVLAN_ETH_TYPE", KeyCvlanEthType(be16), cvlan_eth_type;
    /// The tunnel's IP TOS.
    KEY_ENC_IP_TOS = 80, "TCA_FLOWER_KEY_ENC_IP_TOS", KeyEncIpTos(u8), enc_ip_tos;
    /// The mask of `TCA_FLOWER_KEY_ENC_IP_TOS`.
    KEY_ENC_IP_TOS_MASK = 81, "TCA_FLOWER_KEY_ENC_IP_TOS_MASK", KeyEncIpTosMask(u8), enc_ip_tos_mask;
    /// The tunnel's IP TTL.
    KEY_ENC_IP_TTL = 82, "TCA_FLOWER_KEY_ENC_IP_TTL", KeyEncIpTtl(u8), enc_ip_ttl;
    /// The mask of `TCA_FLOWER_KEY_ENC_IP_TTL`.
    KEY_ENC_IP_TTL_MASK = 83, "TCA_FLOWER_KEY_ENC_IP_TTL_MASK", KeyEncIpTtlMask(u8), enc_ip_ttl_mask;
    /// The tunnel options, read with [`TunnelOpts`].
    KEY_ENC_OPTS = 84, "TCA_FLOWER_KEY_ENC_OPTS", KeyEncOpts(nest TcaTunnelOpts), enc_opts;
    /// The mask of `TCA_FLOWER_KEY_ENC_OPTS`.
    KEY_ENC_OPTS_MASK = 85, "TCA_FLOWER_KEY_ENC_OPTS_MASK", KeyEncOptsMask(nest TcaTunnelOpts), enc_opts_mask;
    /// How many devices run the filter in hardware (dumps).
    IN_HW_COUNT = 86, "TCA_FLOWER_IN_HW_COUNT", InHwCount(u32), in_hw_count;
    /// The first source port of a range.
    KEY_PORT_SRC_MIN = 87, "TCA_FLOWER_KEY_PORT_SRC_MIN", KeyPortSrcMin(be16), port_src_min;
    /// The last source port of a range.
    KEY_PORT_SRC_MAX = 88, "TCA_FLOWER_KEY_PORT_SRC_MAX", KeyPortSrcMax(be16), port_src_max;
    /// The first destination port of a range.
    KEY_PORT_DST_MIN = 89, "TCA_FLOWER_KEY_PORT_DST_MIN", KeyPortDstMin(be16), port_dst_min;
    /// The last destination port of a range.
    KEY_PORT_DST_MAX = 90, "TCA_FLOWER_KEY_PORT_DST_MAX", KeyPortDstMax(be16), port_dst_max;
    /// The conntrack state: [`CtStateFlags`].
    KEY_CT_STATE = 91, "TCA_FLOWER_KEY_CT_STATE", KeyCtState(val CtStateFlags), ct_state;
    /// The mask of `TCA_FLOWER_KEY_CT_STATE`.
    KEY_CT_STATE_MASK = 92, "TCA_FLOWER_KEY_CT_STATE_MASK", KeyCtStateMask(val CtStateFlags), ct_state_mask;
    /// The conntrack zone.
    KEY_CT_ZONE = 93, "TCA_FLOWER_KEY_CT_ZONE", KeyCtZone(u16), ct_zone;
    /// The mask of `TCA_FLOWER_KEY_CT_ZONE`.
    KEY_CT_ZONE_MASK = 94, "TCA_FLOWER_KEY_CT_ZONE_MASK", KeyCtZoneMask(u16), ct_zone_mask;
    /// The connection mark.
    KEY_CT_MARK = 95, "TCA_FLOWER_KEY_CT_MARK", KeyCtMark(u32), ct_mark;
    /// The mask of `TCA_FLOWER_KEY_CT_MARK`.
    KEY_CT_MARK_MASK = 96, "TCA_FLOWER_KEY_CT_MARK_MASK", KeyCtMarkMask(u32), ct_mark_mask;
    /// The connection labels (up to 16 bytes).
    KEY_CT_LABELS = 97, "TCA_FLOWER_KEY_CT_LABELS", KeyCtLabels(bytes), ct_labels;
    /// The mask of `TCA_FLOWER_KEY_CT_LABELS`.
    KEY_CT_LABELS_MASK = 98, "TCA_FLOWER_KEY_CT_LABELS_MASK", KeyCtLabelsMask(bytes), ct_labels_mask;
    /// MPLS label stack entries by depth: `TCA_FLOWER_KEY_MPLS_OPTS_LSE` nests, read with [`MplsLse`].
    KEY_MPLS_OPTS = 99, "TCA_FLOWER_KEY_MPLS_OPTS", KeyMplsOpts(nest TcaFlowerMplsOpts), mpls_opts;
    /// The packet's hash.
    KEY_HASH = 100, "TCA_FLOWER_KEY_HASH", KeyHash(u32), hash;
    /// The mask of `TCA_FLOWER_KEY_HASH`.
    KEY_HASH_MASK = 101, "TCA_FLOWER_KEY_HASH_MASK", KeyHashMask(u32), hash_mask;
    /// How many VLAN tags the packet has.
    KEY_NUM_OF_VLANS = 102, "TCA_FLOWER_KEY_NUM_OF_VLANS", KeyNumOfVlans(u8), num_of_vlans;
    /// The PPPoE session id.
    KEY_PPPOE_SID = 103, "TCA_FLOWER_KEY_PPPOE_SID", KeyPppoeSid(be16), pppoe_sid;
    /// The PPP protocol.
    KEY_PPP_PROTO = 104, "TCA_FLOWER_KEY_PPP_PROTO", KeyPppProto(be16), ppp_proto;
    /// The L2TPv3 session id.
    KEY_L2TPV3_SID = 105, "TCA_FLOWER_KEY_L2TPV3_SID", KeyL2tpv3Sid(be32), l2tpv3_sid;

}

flags! {
    /// `TCA_FLOWER_KEY_CT_FLAGS_*`: the conntrack states flower matches
    /// (`TCA_FLOWER_KEY_CT_STATE` and its mask).
    CtStateFlags(u16);
    /// The first packet of a connection.
    NEW = 0x1, "TCA_FLOWER_KEY_CT_FLAGS_NEW", "new";
    /// A packet of a connection seen both ways.
    ESTABLISHED = 0x2, "TCA_FLOWER_KEY_CT_FLAGS_ESTABLISHED", "est";
    /// A packet related to an established connection.
    RELATED = 0x4, "TCA_FLOWER_KEY_CT_FLAGS_RELATED", "rel";
    /// The packet went through conntrack.
    TRACKED = 0x8, "TCA_FLOWER_KEY_CT_FLAGS_TRACKED", "trk";
    /// Conntrack found the packet invalid.
    INVALID = 0x10, "TCA_FLOWER_KEY_CT_FLAGS_INVALID", "inv";
    /// A packet in the reply direction.
    REPLY = 0x20, "TCA_FLOWER_KEY_CT_FLAGS_REPLY", "rpl";
}

flags! {
    /// `TCA_FLOWER_KEY_FLAGS_*`: the packet flags flower matches (`TCA_FLOWER_KEY_FLAGS`, a
    /// network-order `u32`, and its mask).
    FlowerKeyFlags(u32);
    /// The packet is a fragment.
    IS_FRAGMENT = 0x1, "TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT", "frag";
    /// The packet is the first fragment.
    FRAG_IS_FIRST = 0x2, "TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST", "firstfrag";
}

attributes! {
    /// `TCA_FLOWER_KEY_MPLS_OPTS_*`: the label stack entries of `TCA_FLOWER_KEY_MPLS_OPTS`.
    numbers TcaFlowerMplsOpts;
    /// A typed MPLS options attribute.
    enum FlowerMplsOptsAttr<'a>;
    /// One label stack entry, read with [`MplsLse`].
    LSE = 1, "TCA_FLOWER_KEY_MPLS_OPTS_LSE", Lse(nest TcaFlowerMplsLse);
}

attributes! {
    /// One MPLS label stack entry flower matches.
    view MplsLse;
    /// `TCA_FLOWER_KEY_MPLS_OPT_LSE_*`: the attributes of one entry.
    numbers TcaFlowerMplsLse;
    /// A typed label stack entry attribute.
    enum MplsLseAttr<'a>;
    /// The entry's depth in the stack, from 1.
    DEPTH = 1, "TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH", Depth(u8), depth;
    /// The time to live.
    TTL = 2, "TCA_FLOWER_KEY_MPLS_OPT_LSE_TTL", Ttl(u8), ttl;
    /// The bottom-of-stack bit.
    BOS = 3, "TCA_FLOWER_KEY_MPLS_OPT_LSE_BOS", Bos(u8), bos;
    /// The traffic class.
    TC = 4, "TCA_FLOWER_KEY_MPLS_OPT_LSE_TC", Tc(u8), tc;
    /// The label.
    LABEL = 5, "TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL", Label(u32), label;
}

/// `TCA_FLOWER_MASK_FLAGS_RANGE`: a port range rather than a port (in the kernel's masks).
pub const TCA_FLOWER_MASK_FLAGS_RANGE: u32 = 1;

#[cfg(test)]
mod tests {
    use zerocopy::byteorder::native_endian::{I32, U32};

    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED, Nest};
    use crate::message::MessageBuilder;
    use crate::rtnl::tc::action::tests::{all, filter_action, gact, redirect_parms};
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{
        ActOptions, Action, CtActFlags, CtAttr, EthProtocol, GeneveOptAttr, LinkLayer, Options,
        PoliceAttr, PschedClock, TcGen, TcMsg, TcPolice, TcRatespec, TcTunnelKey, Tca, TcaAct,
        TcaErspanOpt, TcaGeneveOpt, TcaMirred, TcaPolice, TcaTunnelKey, TcaTunnelOpts, TcaVxlanOpt,
        TunnelKeyAction, TunnelKeyAttr, Verdict, put_rate_table,
    };

    /// A flower filter on v0's ingress hook (`ffff:fff2`): `TCA_KIND`, then the options
    /// `keys` writes, then what `tc` always adds: `TCA_FLOWER_FLAGS` and the protocol as
    /// `TCA_FLOWER_KEY_ETH_TYPE`.
    fn flower(
        name: &str,
        prio: u16,
        protocol: EthProtocol,
        flags: ClsFlags,
        keys: impl FnOnce(&mut Nest<'_>),
    ) {
        flower_in(name, TcHandle::UNSPEC, prio, protocol, |b| {
            b.put_str(Tca::KIND, "flower");
            let mut o = b.nest(Tca::OPTIONS);
            keys(&mut o);
            FlowerAttr::Flags(flags).write_to(&mut o);
            FlowerAttr::KeyEthType(protocol.0).write_to(&mut o);
        });
    }

    fn flower_in(
        name: &str,
        handle: TcHandle,
        prio: u16,
        protocol: EthProtocol,
        attrs: impl FnOnce(&mut MessageBuilder<'_>),
    ) {
        let hdr = TcMsg::filter(3, handle, TcHandle::CLSACT_INGRESS, prio, protocol);
        builds_as_tc(name, hdr, attrs);
    }

    fn write(o: &mut Nest<'_>, attrs: &[FlowerAttr<'_>]) {
        for a in attrs {
            a.write_to(o);
        }
    }

    const ALL_ONES: [u8; 6] = [0xff; 6];

    #[test]
    fn builds_what_tc_sends_for_ethernet_vlan_and_ip_keys() {
        // `... protocol 802.1ad prio 1 flower dst_mac 02:00:00:00:00:01/ff:ff:ff:00:00:00
        // src_mac 02:00:00:00:00:02 vlan_id 100 vlan_prio 3 vlan_ethtype 802.1q cvlan_id 200
        // cvlan_prio 5 cvlan_ethtype ipv4 skip_hw classid 1:1`: VLAN ids in host order, types
        // in network order.
        flower(
            "flower_eth",
            1,
            EthProtocol::DOT1AD,
            ClsFlags::SKIP_HW,
            |o| {
                write(
                    o,
                    &[
                        FlowerAttr::KeyEthDst([2, 0, 0, 0, 0, 1]),
                        FlowerAttr::KeyEthDstMask([0xff, 0xff, 0xff, 0, 0, 0]),
                        FlowerAttr::KeyEthSrc([2, 0, 0, 0, 0, 2]),
                        FlowerAttr::KeyEthSrcMask(ALL_ONES),
                        FlowerAttr::KeyVlanId(100),
                        FlowerAttr::KeyVlanPrio(3),
                        FlowerAttr::KeyVlanEthType(EthProtocol::DOT1Q.0),
                        FlowerAttr::KeyCvlanId(200),
                        FlowerAttr::KeyCvlanPrio(5),
                        FlowerAttr::KeyCvlanEthType(EthProtocol::IP.0),
                        FlowerAttr::Classid(TcHandle::new(1, 1)),
                    ],
                );
            },
        );
        // `... protocol ip prio 2 flower ip_proto tcp src_ip 192.0.2.0/24 dst_ip
        // 198.51.100.1 src_port 1000-2000 dst_port 80 tcp_flags 0x02/0x12 ip_tos 0x10/0xfc
        // ip_ttl 64/0xff ip_flags frag/firstfrag action drop`: a port range, a port without a
        // mask, and the fragment flags after TCA_FLOWER_FLAGS.
        flower_in("flower_ipv4", TcHandle::UNSPEC, 2, EthProtocol::IP, |b| {
            b.put_str(Tca::KIND, "flower");
            let mut o = b.nest(Tca::OPTIONS);
            write(
                &mut o,
                &[
                    FlowerAttr::KeyIpProto(6),
                    FlowerAttr::KeyIpv4Src(Ipv4Addr::new(192, 0, 2, 0)),
                    FlowerAttr::KeyIpv4SrcMask(Ipv4Addr::new(255, 255, 255, 0)),
                    FlowerAttr::KeyIpv4Dst(Ipv4Addr::new(198, 51, 100, 1)),
                    FlowerAttr::KeyIpv4DstMask(Ipv4Addr::BROADCAST),
                    FlowerAttr::KeyPortSrcMin(1000),
                    FlowerAttr::KeyPortSrcMax(2000),
                    FlowerAttr::KeyTcpDst(80),
                    FlowerAttr::KeyTcpFlags(0x02),
                    FlowerAttr::KeyTcpFlagsMask(0x12),
                    FlowerAttr::KeyIpTos(0x10),
                    FlowerAttr::KeyIpTosMask(0xfc),
                    FlowerAttr::KeyIpTtl(64),
                    FlowerAttr::KeyIpTtlMask(0xff),
                ],
            );
            gact(&mut o, TcaFlower::ACT, Verdict::SHOT);
            let frag = (FlowerKeyFlags::IS_FRAGMENT | FlowerKeyFlags::FRAG_IS_FIRST).bits();
            write(
                &mut o,
                &[
                    FlowerAttr::Flags(ClsFlags::EMPTY),
                    FlowerAttr::KeyFlags(frag),
                    FlowerAttr::KeyFlagsMask(frag),
                    FlowerAttr::KeyEthType(EthProtocol::IP.0),
                ],
            );
        });
        // `... protocol ipv6 prio 3 flower ip_proto icmpv6 src_ip 2001:db8::1/64 dst_ip
        // 2001:db8::2 type 128 code 0 action pass`: the source keeps its host bits.
        flower("flower_ipv6", 3, EthProtocol::IPV6, ClsFlags::EMPTY, |o| {
            let v6 = |s: &str| s.parse::<Ipv6Addr>().unwrap();
            write(
                o,
                &[
                    FlowerAttr::KeyIpProto(58),
                    FlowerAttr::KeyIpv6Src(v6("2001:db8::1")),
                    FlowerAttr::KeyIpv6SrcMask(v6("ffff:ffff:ffff:ffff::")),
                    FlowerAttr::KeyIpv6Dst(v6("2001:db8::2")),
                    FlowerAttr::KeyIpv6DstMask(Ipv6Addr::from(u128::MAX)),
                    FlowerAttr::KeyIcmpv6Type(128),
                    FlowerAttr::KeyIcmpv6TypeMask(0xff),
                    FlowerAttr::KeyIcmpv6Code(0),
                    FlowerAttr::KeyIcmpv6CodeMask(0xff),
                ],
            );
            gact(o, TcaFlower::ACT, Verdict::OK);
        });
        // `... protocol ip prio 3 flower ip_proto icmp type 8 code 0 action ok`.
        flower("flower_icmp", 3, EthProtocol::IP, ClsFlags::EMPTY, |o| {
            write(
                o,
                &[
                    FlowerAttr::KeyIpProto(1),
                    FlowerAttr::KeyIcmpv4Type(8),
                    FlowerAttr::KeyIcmpv4TypeMask(0xff),
                    FlowerAttr::KeyIcmpv4Code(0),
                    FlowerAttr::KeyIcmpv4CodeMask(0xff),
                ],
            );
            gact(o, TcaFlower::ACT, Verdict::OK);
        });
        // `... flower ip_proto sctp src_port 5000 dst_port 6000-6010 action continue`.
        flower("flower_sctp", 3, EthProtocol::IP, ClsFlags::EMPTY, |o| {
            write(
                o,
                &[
                    FlowerAttr::KeyIpProto(132),
                    FlowerAttr::KeySctpSrc(5000),
                    FlowerAttr::KeyPortDstMin(6000),
                    FlowerAttr::KeyPortDstMax(6010),
                ],
            );
            gact(o, TcaFlower::ACT, Verdict::UNSPEC);
        });
        // `... protocol arp prio 4 flower arp_op request arp_sip 192.0.2.1 arp_tip
        // 192.0.2.0/24 arp_sha 02:00:00:00:00:01 arp_tha 02:00:00:00:00:00/ff:ff:ff:00:00:00
        // action pass`.
        flower("flower_arp", 4, EthProtocol::ARP, ClsFlags::EMPTY, |o| {
            write(
                o,
                &[
                    FlowerAttr::KeyArpOp(1),
                    FlowerAttr::KeyArpOpMask(0xff),
                    FlowerAttr::KeyArpSip(Ipv4Addr::new(192, 0, 2, 1)),
                    FlowerAttr::KeyArpSipMask(Ipv4Addr::BROADCAST),
                    FlowerAttr::KeyArpTip(Ipv4Addr::new(192, 0, 2, 0)),
                    FlowerAttr::KeyArpTipMask(Ipv4Addr::new(255, 255, 255, 0)),
                    FlowerAttr::KeyArpSha([2, 0, 0, 0, 0, 1]),
                    FlowerAttr::KeyArpShaMask(ALL_ONES),
                    FlowerAttr::KeyArpTha([2, 0, 0, 0, 0, 0]),
                    FlowerAttr::KeyArpThaMask([0xff, 0xff, 0xff, 0, 0, 0]),
                ],
            );
            gact(o, TcaFlower::ACT, Verdict::OK);
        });
    }

    #[test]
    fn builds_what_tc_sends_for_conntrack_tunnel_and_mpls_keys() {
        // `... protocol ip prio 5 chain 1 flower ip_proto udp dst_port 53 ct_state
        // +trk+est-new ct_zone 5 ct_mark 0x10/0xff ct_label 01/ff action ct commit zone 5`:
        // TCA_CHAIN before the kind; `-new` is a bit of the mask only.
        flower_in("flower_ct", TcHandle::UNSPEC, 5, EthProtocol::IP, |b| {
            b.put_u32(Tca::CHAIN, 1).put_str(Tca::KIND, "flower");
            let mut o = b.nest(Tca::OPTIONS);
            let state = CtStateFlags::TRACKED | CtStateFlags::ESTABLISHED;
            write(
                &mut o,
                &[
                    FlowerAttr::KeyIpProto(17),
                    FlowerAttr::KeyUdpDst(53),
                    FlowerAttr::KeyCtState(state),
                    FlowerAttr::KeyCtStateMask(state | CtStateFlags::NEW),
                    FlowerAttr::KeyCtZone(5),
                    FlowerAttr::KeyCtZoneMask(0xffff),
                    FlowerAttr::KeyCtMark(0x10),
                    FlowerAttr::KeyCtMarkMask(0xff),
                    FlowerAttr::KeyCtLabels(&[0x01]),
                    FlowerAttr::KeyCtLabelsMask(&[0xff]),
                ],
            );
            filter_action(&mut o, TcaFlower::ACT, "ct", |a| {
                CtAttr::Zone(5).write_to(a);
                CtAttr::Action(CtActFlags::COMMIT).write_to(a);
                a.put_struct(crate::rtnl::tc::TcaCt::PARMS, &TcGen::new(0, Verdict::PIPE));
            });
            write(
                &mut o,
                &[
                    FlowerAttr::Flags(ClsFlags::EMPTY),
                    FlowerAttr::KeyEthType(EthProtocol::IP.0),
                ],
            );
        });
        // `... prio 6 flower enc_key_id 42 enc_src_ip 192.0.2.1 enc_dst_ip 192.0.2.2
        // enc_dst_port 6081 enc_tos 0x10/0xff enc_ttl 64 geneve_opts
        // 0102:80:00112233/ffff:ff:ffffffff action tunnel_key unset`: Geneve options and their
        // mask without NLA_F_NESTED.
        flower("flower_tunnel", 6, EthProtocol::IP, ClsFlags::EMPTY, |o| {
            write(
                o,
                &[
                    FlowerAttr::KeyEncKeyId(42),
                    FlowerAttr::KeyEncIpv4Src(Ipv4Addr::new(192, 0, 2, 1)),
                    FlowerAttr::KeyEncIpv4SrcMask(Ipv4Addr::BROADCAST),
                    FlowerAttr::KeyEncIpv4Dst(Ipv4Addr::new(192, 0, 2, 2)),
                    FlowerAttr::KeyEncIpv4DstMask(Ipv4Addr::BROADCAST),
                    FlowerAttr::KeyEncUdpDstPort(6081),
                    FlowerAttr::KeyEncIpTos(0x10),
                    FlowerAttr::KeyEncIpTosMask(0xff),
                    FlowerAttr::KeyEncIpTtl(64),
                    FlowerAttr::KeyEncIpTtlMask(0xff),
                ],
            );
            for (kind, class, ty, data) in [
                (
                    TcaFlower::KEY_ENC_OPTS,
                    0x0102,
                    0x80,
                    [0x00, 0x11, 0x22, 0x33],
                ),
                (TcaFlower::KEY_ENC_OPTS_MASK, 0xffff, 0xff, [0xff; 4]),
            ] {
                let mut opts = o.nest(kind);
                let mut g = opts.nest(TcaTunnelOpts::GENEVE);
                GeneveOptAttr::Class(class).write_to(&mut g);
                GeneveOptAttr::Type(ty).write_to(&mut g);
                g.put(TcaGeneveOpt::DATA, &data);
            }
            filter_action(o, TcaFlower::ACT, "tunnel_key", |a| {
                TunnelKeyAttr::NoCsum(0).write_to(a);
                a.put_struct(
                    TcaTunnelKey::PARMS,
                    &TcTunnelKey {
                        tc_gen: TcGen::new(0, Verdict::PIPE),
                        t_action: I32::new(TunnelKeyAction::RELEASE.0),
                    },
                );
            });
        });
        // `... protocol ipv6 prio 6 flower enc_src_ip 2001:db8::1 enc_dst_ip 2001:db8::2
        // enc_dst_port 4789 vxlan_opts 0x800001/0xffffff action pass`: VXLAN options flagged.
        flower(
            "flower_tunnel6",
            6,
            EthProtocol::IPV6,
            ClsFlags::EMPTY,
            |o| {
                let v6 = |s: &str| s.parse::<Ipv6Addr>().unwrap();
                write(
                    o,
                    &[
                        FlowerAttr::KeyEncIpv6Src(v6("2001:db8::1")),
                        FlowerAttr::KeyEncIpv6SrcMask(Ipv6Addr::from(u128::MAX)),
                        FlowerAttr::KeyEncIpv6Dst(v6("2001:db8::2")),
                        FlowerAttr::KeyEncIpv6DstMask(Ipv6Addr::from(u128::MAX)),
                        FlowerAttr::KeyEncUdpDstPort(4789),
                    ],
                );
                for (kind, gbp) in [
                    (TcaFlower::KEY_ENC_OPTS, 0x80_0001),
                    (TcaFlower::KEY_ENC_OPTS_MASK, 0xff_ffff),
                ] {
                    o.nest(kind.0 | NLA_F_NESTED)
                        .nest(TcaTunnelOpts::VXLAN.0 | NLA_F_NESTED)
                        .put_u32(TcaVxlanOpt::GBP, gbp);
                }
                gact(o, TcaFlower::ACT, Verdict::OK);
            },
        );
        // `... prio 6 flower enc_dst_port 4754 erspan_opts 1:12:0:0/0xff:0xffffffff:0:0
        // action pass`.
        flower("flower_erspan", 6, EthProtocol::IP, ClsFlags::EMPTY, |o| {
            FlowerAttr::KeyEncUdpDstPort(4754).write_to(o);
            for (kind, ver, index) in [
                (TcaFlower::KEY_ENC_OPTS, 1, 12),
                (TcaFlower::KEY_ENC_OPTS_MASK, 0xff, u32::MAX),
            ] {
                let mut opts = o.nest(kind.0 | NLA_F_NESTED);
                let mut e = opts.nest(TcaTunnelOpts::ERSPAN.0 | NLA_F_NESTED);
                e.put_u8(TcaErspanOpt::VER, ver)
                    .put_be32(TcaErspanOpt::INDEX, index)
                    .put_u8(TcaErspanOpt::DIR, 0)
                    .put_u8(TcaErspanOpt::HWID, 0);
            }
            gact(o, TcaFlower::ACT, Verdict::OK);
        });
        // `... protocol mpls_uc prio 7 flower mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64
        // action pass`: the label in host order.
        flower(
            "flower_mpls",
            7,
            EthProtocol::MPLS_UC,
            ClsFlags::EMPTY,
            |o| {
                write(
                    o,
                    &[
                        FlowerAttr::KeyMplsLabel(100),
                        FlowerAttr::KeyMplsTc(3),
                        FlowerAttr::KeyMplsBos(1),
                        FlowerAttr::KeyMplsTtl(64),
                    ],
                );
                gact(o, TcaFlower::ACT, Verdict::OK);
            },
        );
        // `... flower mpls lse depth 1 label 100 tc 3 lse depth 2 bos 1 ttl 64 action pass`.
        flower(
            "flower_lse",
            7,
            EthProtocol::MPLS_UC,
            ClsFlags::EMPTY,
            |o| {
                {
                    let mut opts = o.nest(TcaFlower::KEY_MPLS_OPTS.0 | NLA_F_NESTED);
                    for lse in [
                        [
                            MplsLseAttr::Depth(1),
                            MplsLseAttr::Label(100),
                            MplsLseAttr::Tc(3),
                        ],
                        [
                            MplsLseAttr::Depth(2),
                            MplsLseAttr::Bos(1),
                            MplsLseAttr::Ttl(64),
                        ],
                    ] {
                        let mut e = opts.nest(TcaFlowerMplsOpts::LSE.0 | NLA_F_NESTED);
                        for a in lse {
                            a.write_to(&mut e);
                        }
                    }
                }
                gact(o, TcaFlower::ACT, Verdict::OK);
            },
        );
    }

    #[test]
    fn builds_what_tc_sends_for_flower_with_police_and_mirred() {
        // `... protocol ip prio 9 handle 9 flower ip_proto udp dst_port 4789 action police
        // rate 50gbit burst 10m conform-exceed drop/pipe action mirred egress redirect dev
        // v1`: two actions; police's bucket and table at the 64-bit rate, its ratespec
        // saturated, cells for the default MTU of 2047.
        flower_in(
            "flower_police_mirred",
            TcHandle(9),
            9,
            EthProtocol::IP,
            |b| {
                b.put_str(Tca::KIND, "flower");
                let mut o = b.nest(Tca::OPTIONS);
                FlowerAttr::KeyIpProto(17).write_to(&mut o);
                FlowerAttr::KeyUdpDst(4789).write_to(&mut o);
                {
                    let clock = PschedClock::KERNEL;
                    let rate = 50_000_000_000 / 8;
                    let mut p = TcPolice {
                        action: I32::new(Verdict::SHOT.0),
                        burst: U32::new(clock.xmit_time(rate, 10 << 20)),
                        rate: TcRatespec::new(rate),
                        ..TcPolice::default()
                    };
                    let rtab = clock.rate_table64(rate, &mut p.rate, None, 0, LinkLayer::ETHERNET);
                    let mut list = o.nest(TcaFlower::ACT);
                    {
                        let mut a = crate::rtnl::tc::put_action(&mut list, 1, "police");
                        let mut opts = crate::rtnl::tc::put_action_options(&mut a);
                        opts.put_struct(TcaPolice::TBF, &p);
                        put_rate_table(&mut opts, TcaPolice::RATE, &rtab);
                        PoliceAttr::Rate64(rate).write_to(&mut opts);
                        PoliceAttr::Result(Verdict::PIPE).write_to(&mut opts);
                    }
                    let mut a = crate::rtnl::tc::put_action(&mut list, 2, "mirred");
                    crate::rtnl::tc::put_action_options(&mut a)
                        .put_struct(TcaMirred::PARMS, &redirect_parms());
                }
                FlowerAttr::Flags(ClsFlags::EMPTY).write_to(&mut o);
                FlowerAttr::KeyEthType(EthProtocol::IP.0).write_to(&mut o);
            },
        );

        let f = object("flower_police_mirred");
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let actions: Vec<(u16, Action<'_>)> = all(FlowerOptions::from(n).actions());
        assert_eq!(actions.len(), 2);
        let Some(ActOptions::Police(p)) = actions[0].1.options().unwrap() else {
            panic!()
        };
        let p = crate::rtnl::tc::PoliceOptions::from(p);
        assert_eq!(p.rate().unwrap(), Some(50_000_000_000 / 8));
        assert_eq!(actions[1].0, 2);
        assert_eq!(actions[1].1.kind().unwrap(), Some("mirred"));
        assert!(
            actions[1]
                .1
                .attr(TcaAct::OPTIONS.0)
                .unwrap()
                .unwrap()
                .is_nested()
        );
    }

    #[test]
    fn reads_flowers_keys_back() {
        let f = object("flower_ct");
        assert_eq!(f.chain().unwrap(), Some(1));
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let o = FlowerOptions::from(n);
        assert_eq!(
            o.ct_state().unwrap(),
            Some(CtStateFlags::TRACKED | CtStateFlags::ESTABLISHED)
        );
        assert_eq!(
            format!("{:?}", o.ct_state_mask().unwrap().unwrap()),
            "TCA_FLOWER_KEY_CT_FLAGS_NEW|TCA_FLOWER_KEY_CT_FLAGS_ESTABLISHED|TCA_FLOWER_KEY_CT_FLAGS_TRACKED"
        );
        assert_eq!(o.udp_dst().unwrap(), Some(53));
        let f = object("flower_ipv4");
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let o = FlowerOptions::from(n);
        assert_eq!(
            o.ipv4_src_mask().unwrap(),
            Some(Ipv4Addr::new(255, 255, 255, 0))
        );
        assert_eq!(
            (o.port_src_min().unwrap(), o.port_src_max().unwrap()),
            (Some(1000), Some(2000))
        );
        assert_eq!(
            FlowerKeyFlags(o.key_flags().unwrap().unwrap()),
            FlowerKeyFlags::IS_FRAGMENT | FlowerKeyFlags::FRAG_IS_FIRST
        );
        assert_eq!(o.eth_type().unwrap(), Some(0x0800));
        let f = object("flower_eth");
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let o = FlowerOptions::from(n);
        assert_eq!(
            (o.vlan_id().unwrap(), o.cvlan_id().unwrap()),
            (Some(100), Some(200))
        );
        assert_eq!(o.eth_dst_mask().unwrap(), Some([0xff, 0xff, 0xff, 0, 0, 0]));
        assert_eq!(o.flags().unwrap(), Some(ClsFlags::SKIP_HW));
        let f = object("flower_lse");
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let depths: Vec<_> = FlowerOptions::from(n)
            .mpls_opts()
            .unwrap()
            .unwrap()
            .typed()
            .map(|l| match l.unwrap() {
                FlowerMplsOptsAttr::Lse(l) => MplsLse::from(l).depth().unwrap(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(depths, [Some(1), Some(2)]);
    }

    #[test]
    fn decodes_flower_in_the_kernels_dump_layout() {
        use crate::rtnl::RTM_NEWCHAIN;
        use crate::rtnl::tc::action::tests::kernel_action;
        use crate::rtnl::tc::tests::{Skb, kernel_filter, walks_cleanly};
        use crate::rtnl::tc::{TcObjectMsg, TcaGact};
        // cls_flower is missing here, so this is fl_dump's layout built from the uapi: the
        // class, the keys each followed by its mask (fl_dump_key_val), the MPLS stack and the
        // tunnel options in nests without NLA_F_NESTED, the conntrack keys, the fragment
        // flags, then TCA_FLOWER_FLAGS, the in-hardware count and the actions.
        let bytes = kernel_filter("flower", 1, |k| {
            k.put(TcaFlower::CLASSID, &TcHandle::new(1, 1).0.to_ne_bytes());
            k.put(TcaFlower::INDEV, b"v1\0");
            for (key, mask, v, m) in [
                (
                    TcaFlower::KEY_ETH_DST,
                    TcaFlower::KEY_ETH_DST_MASK,
                    &[2u8, 0, 0, 0, 0, 1][..],
                    &[0xffu8; 6][..],
                ),
                (
                    TcaFlower::KEY_ETH_SRC,
                    TcaFlower::KEY_ETH_SRC_MASK,
                    &[2, 0, 0, 0, 0, 2],
                    &[0xff, 0xff, 0xff, 0, 0, 0],
                ),
            ] {
                k.put(key, v).put(mask, m);
            }
            k.put(TcaFlower::KEY_ETH_TYPE, &0x0800u16.to_be_bytes());
            k.put(TcaFlower::KEY_VLAN_ID, &100u16.to_ne_bytes());
            k.put(TcaFlower::KEY_VLAN_PRIO, &[3]);
            k.put(TcaFlower::KEY_NUM_OF_VLANS, &[1]);
            k.put(TcaFlower::KEY_IP_PROTO, &[6]);
            k.put(TcaFlower::KEY_IPV4_SRC, &[192, 0, 2, 0])
                .put(TcaFlower::KEY_IPV4_SRC_MASK, &[255, 255, 255, 0]);
            k.put(TcaFlower::KEY_IPV4_DST, &[198, 51, 100, 1])
                .put(TcaFlower::KEY_IPV4_DST_MASK, &[255; 4]);
            k.put(TcaFlower::KEY_TCP_DST, &443u16.to_be_bytes())
                .put(TcaFlower::KEY_TCP_DST_MASK, &[0xff; 2]);
            k.put(TcaFlower::KEY_PORT_SRC_MIN, &1000u16.to_be_bytes())
                .put(TcaFlower::KEY_PORT_SRC_MAX, &2000u16.to_be_bytes());
            k.put(TcaFlower::KEY_TCP_FLAGS, &0x02u16.to_be_bytes())
                .put(TcaFlower::KEY_TCP_FLAGS_MASK, &0x12u16.to_be_bytes());
            k.put(TcaFlower::KEY_IP_TOS, &[0x10])
                .put(TcaFlower::KEY_IP_TOS_MASK, &[0xfc]);
            k.put(TcaFlower::KEY_IP_TTL, &[64])
                .put(TcaFlower::KEY_IP_TTL_MASK, &[0xff]);
            k.start(TcaFlower::KEY_MPLS_OPTS)
                .start(TcaFlowerMplsOpts::LSE);
            k.put(TcaFlowerMplsLse::DEPTH, &[1])
                .put(TcaFlowerMplsLse::LABEL, &100u32.to_ne_bytes());
            k.end().end();
            k.put(TcaFlower::KEY_ENC_KEY_ID, &42u32.to_be_bytes());
            k.put(TcaFlower::KEY_ENC_IPV4_DST, &[192, 0, 2, 2])
                .put(TcaFlower::KEY_ENC_IPV4_DST_MASK, &[255; 4]);
            k.put(TcaFlower::KEY_ENC_UDP_DST_PORT, &6081u16.to_be_bytes())
                .put(TcaFlower::KEY_ENC_UDP_DST_PORT_MASK, &[0xff; 2]);
            for (kind, class, data) in [
                (TcaFlower::KEY_ENC_OPTS, 0x0102u16, [1u8, 2, 3, 4]),
                (TcaFlower::KEY_ENC_OPTS_MASK, 0xffff, [0xff; 4]),
            ] {
                k.start(kind).start(TcaTunnelOpts::GENEVE);
                k.put(crate::rtnl::tc::TcaGeneveOpt::CLASS, &class.to_be_bytes());
                k.put(crate::rtnl::tc::TcaGeneveOpt::TYPE, &[0x80]);
                k.put(crate::rtnl::tc::TcaGeneveOpt::DATA, &data);
                k.end().end();
            }
            let state = (CtStateFlags::TRACKED | CtStateFlags::ESTABLISHED).bits();
            k.put(TcaFlower::KEY_CT_STATE, &state.to_ne_bytes())
                .put(TcaFlower::KEY_CT_STATE_MASK, &state.to_ne_bytes());
            k.put(TcaFlower::KEY_CT_ZONE, &5u16.to_ne_bytes())
                .put(TcaFlower::KEY_CT_ZONE_MASK, &[0xff; 2]);
            k.put(TcaFlower::KEY_CT_LABELS, &[1; 16])
                .put(TcaFlower::KEY_CT_LABELS_MASK, &[0xff; 16]);
            k.put(TcaFlower::KEY_FLAGS, &1u32.to_be_bytes())
                .put(TcaFlower::KEY_FLAGS_MASK, &3u32.to_be_bytes());
            k.put(TcaFlower::KEY_HASH, &7u32.to_ne_bytes())
                .put(TcaFlower::KEY_HASH_MASK, &0xffu32.to_ne_bytes());
            k.put(
                TcaFlower::FLAGS,
                &(ClsFlags::SKIP_HW | ClsFlags::NOT_IN_HW)
                    .bits()
                    .to_ne_bytes(),
            );
            k.put(TcaFlower::IN_HW_COUNT, &0u32.to_ne_bytes());
            k.start(TcaFlower::ACT);
            kernel_action(k, 1, "gact", None, |k| {
                k.put(
                    TcaGact::PARMS,
                    zerocopy::IntoBytes::as_bytes(&TcGen::new(1, Verdict::SHOT)),
                );
            });
            k.end();
        });
        walks_cleanly("flower dump", &bytes);
        let f = TcObjectMsg::parse(crate::Msg::parse(&bytes).unwrap()).unwrap();
        let Some(Options::Flower(n)) = f.options().unwrap() else {
            panic!()
        };
        let o = FlowerOptions::from(n);
        assert_eq!(o.indev().unwrap(), Some("v1"));
        assert_eq!(
            (o.eth_src_mask().unwrap(), o.eth_type().unwrap()),
            (Some([0xff, 0xff, 0xff, 0, 0, 0]), Some(0x0800))
        );
        assert_eq!(
            (o.tcp_dst().unwrap(), o.tcp_dst_mask().unwrap()),
            (Some(443), Some(0xffff))
        );
        assert_eq!(o.enc_key_id().unwrap(), Some(42));
        let opts = crate::rtnl::tc::TunnelOpts::from(o.enc_opts_mask().unwrap().unwrap());
        let g = crate::rtnl::tc::GeneveOpt::from(opts.geneve().unwrap().unwrap());
        assert_eq!(g.class().unwrap(), Some(0xffff));
        assert_eq!(o.ct_labels().unwrap(), Some(&[1u8; 16][..]));
        assert_eq!(
            o.flags().unwrap(),
            Some(ClsFlags::SKIP_HW | ClsFlags::NOT_IN_HW)
        );
        assert_eq!(
            (o.hash().unwrap(), o.num_of_vlans().unwrap()),
            (Some(7), Some(1))
        );
        assert_eq!(o.actions().unwrap().unwrap().iter().count(), 1);

        // A chain template, as tc_chain_fill_node and fl_tmplt_dump write it: the kind, the
        // chain, and the template's masks as keys.
        let hdr = TcMsg::filter(
            3,
            TcHandle::UNSPEC,
            TcHandle::new(0xffff, 0),
            0,
            EthProtocol::IP,
        );
        let mut k = Skb::new(RTM_NEWCHAIN, zerocopy::IntoBytes::as_bytes(&hdr));
        k.put(Tca::KIND, b"flower\0")
            .put(Tca::CHAIN, &7u32.to_ne_bytes());
        k.start(Tca::OPTIONS);
        k.put(TcaFlower::KEY_ETH_DST_MASK, &[0xff; 6]);
        k.put(TcaFlower::KEY_IPV4_DST_MASK, &[255, 255, 0, 0]);
        k.end();
        let bytes = k.finish();
        walks_cleanly("chain template", &bytes);
        let t = TcObjectMsg::parse(crate::Msg::parse(&bytes).unwrap()).unwrap();
        let Some(Options::Flower(n)) = t.options().unwrap() else {
            panic!()
        };
        assert_eq!(
            FlowerOptions::from(n).ipv4_dst_mask().unwrap(),
            Some(Ipv4Addr::new(255, 255, 0, 0))
        );
    }
}
