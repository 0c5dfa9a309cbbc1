//! The actions on a packet's tunnel and connection-tracking metadata: `tunnel_key` (set or
//! release the tunnel a packet is sent through, with Geneve, VXLAN and ERSPAN options), `ct`
//! (conntrack, with NAT), `connmark` and `ctinfo` (marks and DSCP from the connection); and
//! the tunnel options themselves, which flower matches with the same numbers
//! (`TCA_FLOWER_KEY_ENC_OPTS`).
//!
//! Sources of truth: `include/uapi/linux/tc_act/tc_tunnel_key.h`, `tc_ct.h`,
//! `tc_connmark.h`, `tc_ctinfo.h` and `pkt_cls.h` (flower's option numbers).

use core::net::{Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::{I32, U16};

use crate::rtnl::tc::{TcGen, TcfT};

// ---------------------------------------------------------------------------------------------
// Tunnel options

attributes! {
    /// Tunnel options: what `TCA_TUNNEL_KEY_ENC_OPTS` sets and flower's
    /// `TCA_FLOWER_KEY_ENC_OPTS` (and its mask) match, one nest per option. Both use these
    /// numbers; flower's names are aliases.
    view TunnelOpts;
    /// `TCA_TUNNEL_KEY_ENC_OPTS_*` (and `TCA_FLOWER_KEY_ENC_OPTS_*`): the kinds of tunnel
    /// option.
    numbers TcaTunnelOpts;
    /// A typed tunnel option.
    enum TunnelOptsAttr<'a>;
    /// A Geneve option (one nest per option), read with [`GeneveOpt`].
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPTS_GENEVE")]
    GENEVE = 1, "TCA_TUNNEL_KEY_ENC_OPTS_GENEVE", Geneve(nest TcaGeneveOpt), geneve;
    /// The VXLAN group policy option, read with [`VxlanOpt`].
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPTS_VXLAN")]
    VXLAN = 2, "TCA_TUNNEL_KEY_ENC_OPTS_VXLAN", Vxlan(nest TcaVxlanOpt), vxlan;
    /// The ERSPAN options, read with [`ErspanOpt`].
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPTS_ERSPAN")]
    ERSPAN = 3, "TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN", Erspan(nest TcaErspanOpt), erspan;
    /// GTP options (flower only), read with [`GtpOpt`].
    GTP = 4, "TCA_FLOWER_KEY_ENC_OPTS_GTP", Gtp(nest TcaGtpOpt), gtp;
}

attributes! {
    /// A Geneve option.
    view GeneveOpt;
    /// `TCA_TUNNEL_KEY_ENC_OPT_GENEVE_*` (and flower's `..._ENC_OPT_GENEVE_*`).
    numbers TcaGeneveOpt;
    /// A typed Geneve option attribute.
    enum GeneveOptAttr<'a>;
    /// The option class.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS")]
    CLASS = 1, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS", Class(be16), class;
    /// The option type.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE")]
    TYPE = 2, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE", Type(u8), opt_type;
    /// The option data, 4 to 128 bytes in multiples of 4.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA")]
    DATA = 3, "TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA", Data(bytes), data;
}

attributes! {
    /// The VXLAN option.
    view VxlanOpt;
    /// `TCA_TUNNEL_KEY_ENC_OPT_VXLAN_*` (and flower's `..._ENC_OPT_VXLAN_*`).
    numbers TcaVxlanOpt;
    /// A typed VXLAN option attribute.
    enum VxlanOptAttr<'a>;
    /// The group policy id.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP")]
    GBP = 1, "TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP", Gbp(u32), gbp;
}

attributes! {
    /// The ERSPAN options.
    view ErspanOpt;
    /// `TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_*` (and flower's `..._ENC_OPT_ERSPAN_*`).
    numbers TcaErspanOpt;
    /// A typed ERSPAN option attribute.
    enum ErspanOptAttr<'a>;
    /// The version, 1 or 2.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER")]
    VER = 1, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER", Ver(u8), ver;
    /// The index (version 1).
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX")]
    INDEX = 2, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX", Index(be32), index;
    /// The direction (version 2).
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR")]
    DIR = 3, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR", Dir(u8), dir;
    /// The hardware id (version 2).
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID")]
    HWID = 4, "TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID", Hwid(u8), hwid;
}

attributes! {
    /// The GTP options (flower only).
    view GtpOpt;
    /// `TCA_FLOWER_KEY_ENC_OPT_GTP_*`.
    numbers TcaGtpOpt;
    /// A typed GTP option attribute.
    enum GtpOptAttr<'a>;
    /// The PDU type.
    PDU_TYPE = 1, "TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE", PduType(u8), pdu_type;
    /// The QoS flow identifier.
    QFI = 2, "TCA_FLOWER_KEY_ENC_OPT_GTP_QFI", Qfi(u8), qfi;
}

// ---------------------------------------------------------------------------------------------
// tunnel_key

kernel_struct! {
    /// `struct tc_tunnel_key`: what tunnel_key does (`TCA_TUNNEL_KEY_PARMS`).
    TcTunnelKey = "tc_tunnel_key", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `t_action`: a [`TunnelKeyAction`].
        pub t_action: I32,
    }
}

values! {
    /// `TCA_TUNNEL_KEY_ACT_*`: what tunnel_key does (`tc_tunnel_key.t_action`).
    TunnelKeyAction(i32);
    /// Sets the tunnel the packet is sent through.
    SET = 1, "TCA_TUNNEL_KEY_ACT_SET", "set";
    /// Releases the tunnel metadata of a received packet.
    RELEASE = 2, "TCA_TUNNEL_KEY_ACT_RELEASE", "unset";
}

attributes! {
    /// The options of a tunnel_key action.
    view TunnelKeyOptions;
    /// `TCA_TUNNEL_KEY_*`: the tunnel_key action's attributes.
    numbers TcaTunnelKey;
    /// A typed tunnel_key attribute.
    enum TunnelKeyAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_TUNNEL_KEY_TM", Tm({TcfT}), tm;
    /// The index, the verdict and what to do.
    PARMS = 2, "TCA_TUNNEL_KEY_PARMS", Parms({TcTunnelKey}), parms;
    /// The tunnel's IPv4 source.
    ENC_IPV4_SRC = 3, "TCA_TUNNEL_KEY_ENC_IPV4_SRC", EncIpv4Src(val Ipv4Addr), enc_ipv4_src;
    /// The tunnel's IPv4 destination.
    ENC_IPV4_DST = 4, "TCA_TUNNEL_KEY_ENC_IPV4_DST", EncIpv4Dst(val Ipv4Addr), enc_ipv4_dst;
    /// The tunnel's IPv6 source.
    ENC_IPV6_SRC = 5, "TCA_TUNNEL_KEY_ENC_IPV6_SRC", EncIpv6Src(val Ipv6Addr), enc_ipv6_src;
    /// The tunnel's IPv6 destination.
    ENC_IPV6_DST = 6, "TCA_TUNNEL_KEY_ENC_IPV6_DST", EncIpv6Dst(val Ipv6Addr), enc_ipv6_dst;
    /// The tunnel id (VNI), 32 bits in network order (the header's "be64" notwithstanding:
    /// the kernel reads a `be32`).
    ENC_KEY_ID = 7, "TCA_TUNNEL_KEY_ENC_KEY_ID", EncKeyId(be32), enc_key_id;
    /// Padding for 64-bit alignment.
    PAD = 8, "TCA_TUNNEL_KEY_PAD", Pad(bytes);
    /// The tunnel's UDP destination port.
    ENC_DST_PORT = 9, "TCA_TUNNEL_KEY_ENC_DST_PORT", EncDstPort(be16), enc_dst_port;
    /// 1: send without a UDP checksum.
    NO_CSUM = 10, "TCA_TUNNEL_KEY_NO_CSUM", NoCsum(u8), no_csum;
    /// The tunnel options, read with [`TunnelOpts`].
    ENC_OPTS = 11, "TCA_TUNNEL_KEY_ENC_OPTS", EncOpts(nest TcaTunnelOpts), enc_opts;
    /// The tunnel's TOS.
    ENC_TOS = 12, "TCA_TUNNEL_KEY_ENC_TOS", EncTos(u8), enc_tos;
    /// The tunnel's TTL.
    ENC_TTL = 13, "TCA_TUNNEL_KEY_ENC_TTL", EncTtl(u8), enc_ttl;
}

// ---------------------------------------------------------------------------------------------
// ct

flags! {
    /// `TCA_CT_ACT_*`: what ct does (`TCA_CT_ACTION`).
    CtActFlags(u16);
    /// Commits the connection to the table.
    COMMIT = 0x1, "TCA_CT_ACT_COMMIT", "commit";
    /// Replaces a connection in the other direction.
    FORCE = 0x2, "TCA_CT_ACT_FORCE", "force";
    /// Clears the packet's conntrack state.
    CLEAR = 0x4, "TCA_CT_ACT_CLEAR", "clear";
    /// Translates addresses (restores the translation without a range).
    NAT = 0x8, "TCA_CT_ACT_NAT", "nat";
    /// Translates sources.
    NAT_SRC = 0x10, "TCA_CT_ACT_NAT_SRC", "src";
    /// Translates destinations.
    NAT_DST = 0x20, "TCA_CT_ACT_NAT_DST", "dst";
}

attributes! {
    /// The options of a ct action.
    view CtOptions;
    /// `TCA_CT_*`: the ct action's attributes.
    numbers TcaCt;
    /// A typed ct attribute.
    enum CtAttr<'a>;
    /// The index and the verdict.
    PARMS = 1, "TCA_CT_PARMS", Parms({TcGen}), parms;
    /// When the action was installed and used.
    TM = 2, "TCA_CT_TM", Tm({TcfT}), tm;
    /// What to do.
    ACTION = 3, "TCA_CT_ACTION", Action(val CtActFlags), action;
    /// The conntrack zone.
    ZONE = 4, "TCA_CT_ZONE", Zone(u16), zone;
    /// The connection mark set when committing.
    MARK = 5, "TCA_CT_MARK", Mark(u32), mark;
    /// The bits of the mark set.
    MARK_MASK = 6, "TCA_CT_MARK_MASK", MarkMask(u32), mark_mask;
    /// The connection labels set (up to 16 bytes).
    LABELS = 7, "TCA_CT_LABELS", Labels(bytes), labels;
    /// The bits of the labels set.
    LABELS_MASK = 8, "TCA_CT_LABELS_MASK", LabelsMask(bytes), labels_mask;
    /// The first IPv4 address of the NAT range.
    NAT_IPV4_MIN = 9, "TCA_CT_NAT_IPV4_MIN", NatIpv4Min(val Ipv4Addr), nat_ipv4_min;
    /// The last IPv4 address of the NAT range.
    NAT_IPV4_MAX = 10, "TCA_CT_NAT_IPV4_MAX", NatIpv4Max(val Ipv4Addr), nat_ipv4_max;
    /// The first IPv6 address of the NAT range.
    NAT_IPV6_MIN = 11, "TCA_CT_NAT_IPV6_MIN", NatIpv6Min(val Ipv6Addr), nat_ipv6_min;
    /// The last IPv6 address of the NAT range.
    NAT_IPV6_MAX = 12, "TCA_CT_NAT_IPV6_MAX", NatIpv6Max(val Ipv6Addr), nat_ipv6_max;
    /// The first port of the NAT range.
    NAT_PORT_MIN = 13, "TCA_CT_NAT_PORT_MIN", NatPortMin(be16), nat_port_min;
    /// The last port of the NAT range.
    NAT_PORT_MAX = 14, "TCA_CT_NAT_PORT_MAX", NatPortMax(be16), nat_port_max;
    /// Padding for 64-bit alignment.
    PAD = 15, "TCA_CT_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// connmark, ctinfo

kernel_struct! {
    /// `struct tc_connmark`: connmark's parameters (`TCA_CONNMARK_PARMS`).
    TcConnmark = "tc_connmark", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `zone`: the conntrack zone.
        pub zone: U16,
        /// The padding C puts at the end.
        pub _pad: [u8; 2],
    }
}

attributes! {
    /// The options of a connmark action.
    view ConnmarkOptions;
    /// `TCA_CONNMARK_*`: the connmark action's attributes.
    numbers TcaConnmark;
    /// A typed connmark attribute.
    enum ConnmarkAttr<'a>;
    /// The index, the verdict and the zone.
    PARMS = 1, "TCA_CONNMARK_PARMS", Parms({TcConnmark}), parms;
    /// When the action was installed and used.
    TM = 2, "TCA_CONNMARK_TM", Tm({TcfT}), tm;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_CONNMARK_PAD", Pad(bytes);
}

attributes! {
    /// The options of a ctinfo action.
    view CtinfoOptions;
    /// `TCA_CTINFO_*`: the ctinfo action's attributes.
    numbers TcaCtinfo;
    /// A typed ctinfo attribute.
    enum CtinfoAttr<'a>;
    /// Padding for 64-bit alignment.
    PAD = 1, "TCA_CTINFO_PAD", Pad(bytes);
    /// When the action was installed and used.
    TM = 2, "TCA_CTINFO_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    ACT = 3, "TCA_CTINFO_ACT", Act({TcGen}), act;
    /// The conntrack zone.
    ZONE = 4, "TCA_CTINFO_ZONE", Zone(u16), zone;
    /// The bits of the connection mark that hold the DSCP.
    PARMS_DSCP_MASK = 5, "TCA_CTINFO_PARMS_DSCP_MASK", ParmsDscpMask(u32), dscp_mask;
    /// The bit of the mark that says the DSCP is valid.
    PARMS_DSCP_STATEMASK = 6, "TCA_CTINFO_PARMS_DSCP_STATEMASK", ParmsDscpStatemask(u32), dscp_statemask;
    /// The bits of the connection mark copied to the packet's mark.
    PARMS_CPMARK_MASK = 7, "TCA_CTINFO_PARMS_CPMARK_MASK", ParmsCpmarkMask(u32), cpmark_mask;
    /// Packets whose DSCP was set (dumps).
    STATS_DSCP_SET = 8, "TCA_CTINFO_STATS_DSCP_SET", StatsDscpSet(u64), stats_dscp_set;
    /// Packets whose DSCP could not be set (dumps).
    STATS_DSCP_ERROR = 9, "TCA_CTINFO_STATS_DSCP_ERROR", StatsDscpError(u64), stats_dscp_error;
    /// Packets whose mark was set (dumps).
    STATS_CPMARK_SET = 10, "TCA_CTINFO_STATS_CPMARK_SET", StatsCpmarkSet(u64), stats_cpmark_set;
}

#[cfg(test)]
mod tests {
    use zerocopy::IntoBytes;

    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::rtnl::tc::action::tests::{action_message, one_action};
    use crate::rtnl::tc::tests::actions_as_tc;
    use crate::rtnl::tc::{ActOptions, Verdict};

    /// A struct as the typed value of a `{STRUCT}` attribute.
    fn sv<T: IntoBytes + zerocopy::Immutable>(v: &T) -> crate::StructView<'_, T> {
        crate::StructView::new(v.as_bytes())
    }

    fn tunnel_key(index: u32, action: TunnelKeyAction) -> TcTunnelKey {
        TcTunnelKey {
            tc_gen: TcGen::new(index, Verdict::PIPE),
            t_action: I32::new(action.0),
        }
    }

    #[test]
    fn builds_what_tc_sends_for_tunnel_key() {
        let (v4a, v4b) = (Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(192, 0, 2, 2));
        // `tc actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 42
        // dst_port 6081 geneve_opts 0102:80:00112233 tos 0x10 ttl 64 nocsum index 23`: Geneve
        // options without NLA_F_NESTED, NO_CSUM and the parameters last.
        actions_as_tc("act_tunnel_key", |b| {
            one_action(
                b,
                "tunnel_key",
                |o| {
                    TunnelKeyAttr::EncIpv4Src(v4a).write_to(o);
                    TunnelKeyAttr::EncIpv4Dst(v4b).write_to(o);
                    TunnelKeyAttr::EncKeyId(42).write_to(o);
                    TunnelKeyAttr::EncDstPort(6081).write_to(o);
                    {
                        let mut opts = o.nest(TcaTunnelKey::ENC_OPTS);
                        let mut g = opts.nest(TcaTunnelOpts::GENEVE);
                        GeneveOptAttr::Class(0x0102).write_to(&mut g);
                        GeneveOptAttr::Type(0x80).write_to(&mut g);
                        GeneveOptAttr::Data(&[0x00, 0x11, 0x22, 0x33]).write_to(&mut g);
                    }
                    TunnelKeyAttr::EncTos(0x10).write_to(o);
                    TunnelKeyAttr::EncTtl(64).write_to(o);
                    TunnelKeyAttr::NoCsum(1).write_to(o);
                    TunnelKeyAttr::Parms(sv(&tunnel_key(23, TunnelKeyAction::SET))).write_to(o);
                },
                |_| {},
            );
        });
        // `... set src_ip 2001:db8::1 dst_ip 2001:db8::2 id 7 dst_port 4789 vxlan_opts
        // 0x800001 index 24`: VXLAN options flagged as nests, and NO_CSUM 0.
        actions_as_tc("act_tunnel_key6", |b| {
            one_action(
                b,
                "tunnel_key",
                |o| {
                    TunnelKeyAttr::EncIpv6Src("2001:db8::1".parse().unwrap()).write_to(o);
                    TunnelKeyAttr::EncIpv6Dst("2001:db8::2".parse().unwrap()).write_to(o);
                    TunnelKeyAttr::EncKeyId(7).write_to(o);
                    TunnelKeyAttr::EncDstPort(4789).write_to(o);
                    o.nest(TcaTunnelKey::ENC_OPTS.0 | NLA_F_NESTED)
                        .nest(TcaTunnelOpts::VXLAN.0 | NLA_F_NESTED)
                        .put_u32(TcaVxlanOpt::GBP, 0x80_0001);
                    TunnelKeyAttr::NoCsum(0).write_to(o);
                    TunnelKeyAttr::Parms(sv(&tunnel_key(24, TunnelKeyAction::SET))).write_to(o);
                },
                |_| {},
            );
        });
        // `... set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 9 erspan_opts 2:0:1:17 index 25`.
        actions_as_tc("act_tunnel_key_erspan", |b| {
            one_action(
                b,
                "tunnel_key",
                |o| {
                    TunnelKeyAttr::EncIpv4Src(v4a).write_to(o);
                    TunnelKeyAttr::EncIpv4Dst(v4b).write_to(o);
                    TunnelKeyAttr::EncKeyId(9).write_to(o);
                    {
                        let mut opts = o.nest(TcaTunnelKey::ENC_OPTS.0 | NLA_F_NESTED);
                        let mut e = opts.nest(TcaTunnelOpts::ERSPAN.0 | NLA_F_NESTED);
                        for a in [
                            ErspanOptAttr::Ver(2),
                            ErspanOptAttr::Index(0),
                            ErspanOptAttr::Dir(1),
                            ErspanOptAttr::Hwid(17),
                        ] {
                            a.write_to(&mut e);
                        }
                    }
                    TunnelKeyAttr::NoCsum(0).write_to(o);
                    TunnelKeyAttr::Parms(sv(&tunnel_key(25, TunnelKeyAction::SET))).write_to(o);
                },
                |_| {},
            );
        });
        // `tc actions add action tunnel_key unset index 26`: NO_CSUM all the same.
        actions_as_tc("act_tunnel_key_unset", |b| {
            one_action(
                b,
                "tunnel_key",
                |o| {
                    TunnelKeyAttr::NoCsum(0).write_to(o);
                    let p = tunnel_key(26, TunnelKeyAction::RELEASE);
                    TunnelKeyAttr::Parms(sv(&p)).write_to(o);
                },
                |_| {},
            );
        });

        let a = action_message("act_tunnel_key");
        let Some(ActOptions::TunnelKey(n)) = a.options().unwrap() else {
            panic!()
        };
        let t = TunnelKeyOptions::from(n);
        assert_eq!(
            (t.enc_key_id().unwrap(), t.enc_dst_port().unwrap()),
            (Some(42), Some(6081))
        );
        let opts = TunnelOpts::from(t.enc_opts().unwrap().unwrap());
        let g = GeneveOpt::from(opts.geneve().unwrap().unwrap());
        assert_eq!(
            (g.class().unwrap(), g.opt_type().unwrap()),
            (Some(0x0102), Some(0x80))
        );
        assert_eq!(g.data().unwrap(), Some(&[0x00, 0x11, 0x22, 0x33][..]));
        let a = action_message("act_tunnel_key_erspan");
        let Some(ActOptions::TunnelKey(n)) = a.options().unwrap() else {
            panic!()
        };
        let opts = TunnelOpts::from(TunnelKeyOptions::from(n).enc_opts().unwrap().unwrap());
        let e = ErspanOpt::from(opts.erspan().unwrap().unwrap());
        assert_eq!((e.ver().unwrap(), e.hwid().unwrap()), (Some(2), Some(17)));
    }

    #[test]
    fn builds_what_tc_sends_for_ct_connmark_and_ctinfo() {
        // `tc actions add action ct commit zone 5 mark 0x1/0xff label 01/ff nat src addr
        // 192.0.2.1-192.0.2.10 port 1000-2000 index 28`: the label as the one byte given; the
        // action bits and the parameters last.
        let parms = TcGen::new(28, Verdict::PIPE);
        actions_as_tc("act_ct", |b| {
            one_action(
                b,
                "ct",
                |o| {
                    for a in [
                        CtAttr::Zone(5),
                        CtAttr::Mark(1),
                        CtAttr::MarkMask(0xff),
                        CtAttr::Labels(&[0x01]),
                        CtAttr::LabelsMask(&[0xff]),
                        CtAttr::NatIpv4Min(Ipv4Addr::new(192, 0, 2, 1)),
                        CtAttr::NatIpv4Max(Ipv4Addr::new(192, 0, 2, 10)),
                        CtAttr::NatPortMin(1000),
                        CtAttr::NatPortMax(2000),
                        CtAttr::Action(CtActFlags::COMMIT | CtActFlags::NAT | CtActFlags::NAT_SRC),
                        CtAttr::Parms(sv(&parms)),
                    ] {
                        a.write_to(o);
                    }
                },
                |_| {},
            );
        });
        // `tc actions add action ct commit nat dst addr 2001:db8::1 index 29`: one address is
        // both ends of the range.
        let parms = TcGen::new(29, Verdict::PIPE);
        let addr: Ipv6Addr = "2001:db8::1".parse().unwrap();
        actions_as_tc("act_ct_nat6", |b| {
            one_action(
                b,
                "ct",
                |o| {
                    for a in [
                        CtAttr::NatIpv6Min(addr),
                        CtAttr::NatIpv6Max(addr),
                        CtAttr::Action(CtActFlags::COMMIT | CtActFlags::NAT | CtActFlags::NAT_DST),
                        CtAttr::Parms(sv(&parms)),
                    ] {
                        a.write_to(o);
                    }
                },
                |_| {},
            );
        });
        // `tc actions add action ct clear index 30`.
        let parms = TcGen::new(30, Verdict::PIPE);
        actions_as_tc("act_ct_clear", |b| {
            one_action(
                b,
                "ct",
                |o| {
                    CtAttr::Action(CtActFlags::CLEAR).write_to(o);
                    CtAttr::Parms(sv(&parms)).write_to(o);
                },
                |_| {},
            );
        });
        // `tc actions add action connmark zone 3 index 31`.
        let parms = TcConnmark {
            tc_gen: TcGen::new(31, Verdict::PIPE),
            zone: U16::new(3),
            ..TcConnmark::default()
        };
        actions_as_tc("act_connmark", |b| {
            one_action(
                b,
                "connmark",
                |o| ConnmarkAttr::Parms(sv(&parms)).write_to(o),
                |_| {},
            );
        });
        // `tc actions add action ctinfo dscp 0xfc000000 0x01000000 cpmark 0xff zone 2 index
        // 32`: the parameters are TCA_CTINFO_ACT, and come first.
        let parms = TcGen::new(32, Verdict::PIPE);
        actions_as_tc("act_ctinfo", |b| {
            one_action(
                b,
                "ctinfo",
                |o| {
                    for a in [
                        CtinfoAttr::Act(sv(&parms)),
                        CtinfoAttr::Zone(2),
                        CtinfoAttr::ParmsDscpMask(0xfc00_0000),
                        CtinfoAttr::ParmsDscpStatemask(0x0100_0000),
                        CtinfoAttr::ParmsCpmarkMask(0xff),
                    ] {
                        a.write_to(o);
                    }
                },
                |_| {},
            );
        });

        let a = action_message("act_ct");
        let Some(ActOptions::Ct(n)) = a.options().unwrap() else {
            panic!()
        };
        let c = CtOptions::from(n);
        assert_eq!(
            c.action().unwrap(),
            Some(CtActFlags::COMMIT | CtActFlags::NAT | CtActFlags::NAT_SRC)
        );
        assert_eq!(
            c.nat_ipv4_max().unwrap(),
            Some(Ipv4Addr::new(192, 0, 2, 10))
        );
        assert_eq!(
            (c.nat_port_min().unwrap(), c.zone().unwrap()),
            (Some(1000), Some(5))
        );
        let a = action_message("act_ctinfo");
        let Some(ActOptions::Ctinfo(n)) = a.options().unwrap() else {
            panic!()
        };
        assert_eq!(
            CtinfoOptions::from(n).dscp_mask().unwrap(),
            Some(0xfc00_0000)
        );
    }
}
