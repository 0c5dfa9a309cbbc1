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
