//! Data center bridging (DCB): `struct dcbmsg`, the `DCB_CMD_*` commands and the `DCB_ATTR_*`
//! attributes with their nests and structs; messages `RTM_GETDCB` and `RTM_SETDCB` (the
//! command in the header says what is asked or set), notifications in `RTNLGRP_DCB`.
//!
//! Two generations share the messages: the IEEE 802.1Qaz objects (`DCB_CMD_IEEE_GET` and
//! `_SET`: ETS, PFC, the application priority table, rate limits, QCN, buffers), which the
//! `dcb` tool of iproute2 uses, and the older CEE commands, one per setting. Only drivers of
//! DCB-capable NICs answer; on any other device the kernel refuses with `EOPNOTSUPP`.
//!
//! Source of truth: `include/uapi/linux/dcbnl.h`; widths as `dcbnl_rtnl_policy`,
//! `dcbnl_ieee_policy` and friends (`net/dcb/dcbnl.c`) read them.

use zerocopy::byteorder::native_endian::{U16, U32, U64};

use crate::rtnl::{AddressFamily, Group, RTM_GETDCB, RTM_SETDCB};

/// `IEEE_8021QAZ_MAX_TCS`: traffic classes.
pub const MAX_TCS: usize = 8;

kernel_struct! {
    /// `struct dcbmsg`: the family header of DCB messages.
    DcbHdr = "dcbmsg", 4 {
        /// `dcb_family`: `AF_UNSPEC`.
        pub dcb_family: u8,
        /// `cmd`: a [`DcbCmd`].
        pub cmd: u8,
        /// `dcb_pad`.
        pub dcb_pad: U16,
    }
}

impl DcbHdr {
    /// A header for command `cmd`.
    #[must_use]
    #[inline]
    pub fn new(cmd: DcbCmd) -> Self {
        DcbHdr {
            dcb_family: AddressFamily::UNSPEC.0,
            cmd: cmd.0,
            dcb_pad: U16::new(0),
        }
    }
}

values! {
    /// `DCB_CMD_*`: what a DCB message asks for or reports.
    DcbCmd(u8);
    UNDEFINED = 0, "DCB_CMD_UNDEFINED", "undefined";
    /// Get the DCB state.
    GSTATE = 1, "DCB_CMD_GSTATE", "gstate";
    /// Set the DCB state.
    SSTATE = 2, "DCB_CMD_SSTATE", "sstate";
    /// Get the transmit priority groups.
    PGTX_GCFG = 3, "DCB_CMD_PGTX_GCFG", "pgtx_gcfg";
    /// Set the transmit priority groups.
    PGTX_SCFG = 4, "DCB_CMD_PGTX_SCFG", "pgtx_scfg";
    /// Get the receive priority groups.
    PGRX_GCFG = 5, "DCB_CMD_PGRX_GCFG", "pgrx_gcfg";
    /// Set the receive priority groups.
    PGRX_SCFG = 6, "DCB_CMD_PGRX_SCFG", "pgrx_scfg";
    /// Get the priority flow control configuration.
    PFC_GCFG = 7, "DCB_CMD_PFC_GCFG", "pfc_gcfg";
    /// Set the priority flow control configuration.
    PFC_SCFG = 8, "DCB_CMD_PFC_SCFG", "pfc_scfg";
    /// Apply every setting.
    SET_ALL = 9, "DCB_CMD_SET_ALL", "set_all";
    /// Get the permanent hardware address.
    GPERM_HWADDR = 10, "DCB_CMD_GPERM_HWADDR", "gperm_hwaddr";
    /// Get the capabilities.
    GCAP = 11, "DCB_CMD_GCAP", "gcap";
    /// Get the number of traffic classes.
    GNUMTCS = 12, "DCB_CMD_GNUMTCS", "gnumtcs";
    /// Set the number of traffic classes.
    SNUMTCS = 13, "DCB_CMD_SNUMTCS", "snumtcs";
    /// Get the PFC state.
    PFC_GSTATE = 14, "DCB_CMD_PFC_GSTATE", "pfc_gstate";
    /// Set the PFC state.
    PFC_SSTATE = 15, "DCB_CMD_PFC_SSTATE", "pfc_sstate";
    /// Get the backward congestion notification configuration.
    BCN_GCFG = 16, "DCB_CMD_BCN_GCFG", "bcn_gcfg";
    /// Set it.
    BCN_SCFG = 17, "DCB_CMD_BCN_SCFG", "bcn_scfg";
    /// Get an application priority.
    GAPP = 18, "DCB_CMD_GAPP", "gapp";
    /// Set one.
    SAPP = 19, "DCB_CMD_SAPP", "sapp";
    /// Set IEEE 802.1Qaz objects.
    IEEE_SET = 20, "DCB_CMD_IEEE_SET", "ieee_set";
    /// Get the IEEE 802.1Qaz objects.
    IEEE_GET = 21, "DCB_CMD_IEEE_GET", "ieee_get";
    /// Get the DCBX mode.
    GDCBX = 22, "DCB_CMD_GDCBX", "gdcbx";
    /// Set the DCBX mode.
    SDCBX = 23, "DCB_CMD_SDCBX", "sdcbx";
    /// Get the feature configuration.
    GFEATCFG = 24, "DCB_CMD_GFEATCFG", "gfeatcfg";
    /// Set it.
    SFEATCFG = 25, "DCB_CMD_SFEATCFG", "sfeatcfg";
    /// Get the CEE objects.
    CEE_GET = 26, "DCB_CMD_CEE_GET", "cee_get";
    /// Delete IEEE application table entries.
    IEEE_DEL = 27, "DCB_CMD_IEEE_DEL", "ieee_del";
}

flags! {
    /// `DCB_CAP_DCBX_*`: the DCBX modes (`DCB_ATTR_DCBX`, `DCB_CAP_ATTR_DCBX`).
    DcbxMode(u8);
    /// The host runs the DCBX agent.
    HOST = 0x01, "DCB_CAP_DCBX_HOST", "host";
    /// The device runs it.
    LLD_MANAGED = 0x02, "DCB_CAP_DCBX_LLD_MANAGED", "lld-managed";
    /// CEE.
    VER_CEE = 0x04, "DCB_CAP_DCBX_VER_CEE", "cee";
    /// IEEE.
    VER_IEEE = 0x08, "DCB_CAP_DCBX_VER_IEEE", "ieee";
    /// Static configuration, no negotiation.
    STATIC = 0x10, "DCB_CAP_DCBX_STATIC", "static";
}

kernel_struct! {
    /// `struct ieee_ets`: the 802.1Qaz enhanced transmission selection object.
    IeeeEts = "ieee_ets", 59 {
        /// `willing`.
        pub willing: u8,
        /// `ets_cap`: traffic classes the device supports.
        pub ets_cap: u8,
        /// `cbs`: credit-based shaper support.
        pub cbs: u8,
        /// `tc_tx_bw`: transmit bandwidth share of each class, in percent.
        pub tc_tx_bw: [u8; MAX_TCS],
        /// `tc_rx_bw`.
        pub tc_rx_bw: [u8; MAX_TCS],
        /// `tc_tsa`: each class's algorithm (`IEEE_8021QAZ_TSA_*`).
        pub tc_tsa: [u8; MAX_TCS],
        /// `prio_tc`: the class of each priority.
        pub prio_tc: [u8; MAX_TCS],
        /// `tc_reco_bw`.
        pub tc_reco_bw: [u8; MAX_TCS],
        /// `tc_reco_tsa`.
        pub tc_reco_tsa: [u8; MAX_TCS],
        /// `reco_prio_tc`.
        pub reco_prio_tc: [u8; MAX_TCS],
    }
}

kernel_struct! {
    /// `struct ieee_maxrate`: a rate limit per traffic class, in kbit/s as the header says
    /// (iproute2 6.1's `dcb maxrate` sends bytes per second: 12500000 for `100Mbit`).
    IeeeMaxrate = "ieee_maxrate", 64 {
        /// `tc_maxrate`.
        pub tc_maxrate: [U64; MAX_TCS],
    }
}

kernel_struct! {
    /// `struct ieee_pfc`: the 802.1Qaz priority flow control object (the C struct's padding
    /// spelled out).
    IeeePfc = "ieee_pfc", 136 {
        /// `pfc_cap`: classes that may be PFC-enabled at once.
        pub pfc_cap: u8,
        /// `pfc_en`: one bit per priority.
        pub pfc_en: u8,
        /// `mbc`: MACsec bypass capability.
        pub mbc: u8,
        /// Padding.
        pub pad1: u8,
        /// `delay`: the allowance for the cable delay, in bit times.
        pub delay: U16,
        /// Padding.
        pub pad2: [u8; 2],
        /// `requests`: PFC frames sent per priority.
        pub requests: [U64; MAX_TCS],
        /// `indications`: PFC frames received per priority.
        pub indications: [U64; MAX_TCS],
    }
}

kernel_struct! {
    /// `struct ieee_qcn`: the 802.1Qau congestion notification object.
    IeeeQcn = "ieee_qcn", 360 {
        /// `rpg_enable`.
        pub rpg_enable: [u8; MAX_TCS],
        /// `rppp_max_rps`.
        pub rppp_max_rps: [U32; MAX_TCS],
        /// `rpg_time_reset`.
        pub rpg_time_reset: [U32; MAX_TCS],
        /// `rpg_byte_reset`.
        pub rpg_byte_reset: [U32; MAX_TCS],
        /// `rpg_threshold`.
        pub rpg_threshold: [U32; MAX_TCS],
        /// `rpg_max_rate`.
        pub rpg_max_rate: [U32; MAX_TCS],
        /// `rpg_ai_rate`.
        pub rpg_ai_rate: [U32; MAX_TCS],
        /// `rpg_hai_rate`.
        pub rpg_hai_rate: [U32; MAX_TCS],
        /// `rpg_gd`.
        pub rpg_gd: [U32; MAX_TCS],
        /// `rpg_min_dec_fac`.
        pub rpg_min_dec_fac: [U32; MAX_TCS],
        /// `rpg_min_rate`.
        pub rpg_min_rate: [U32; MAX_TCS],
        /// `cndd_state_machine`.
        pub cndd_state_machine: [U32; MAX_TCS],
    }
}

kernel_struct! {
    /// `struct ieee_qcn_stats`: congestion notification counters.
    IeeeQcnStats = "ieee_qcn_stats", 96 {
        /// `rppp_rp_centiseconds`.
        pub rppp_rp_centiseconds: [U64; MAX_TCS],
        /// `rppp_created_rps`.
        pub rppp_created_rps: [U32; MAX_TCS],
    }
}

kernel_struct! {
    /// `struct dcbnl_buffer`: the device's buffers.
    DcbnlBuffer = "dcbnl_buffer", 44 {
        /// `prio2buffer`: the buffer of each priority.
        pub prio2buffer: [u8; 8],
        /// `buffer_size`: each buffer's size in bytes.
        pub buffer_size: [U32; 8],
        /// `total_size`.
        pub total_size: U32,
    }
}

kernel_struct! {
    /// `struct dcb_app`: an application priority table entry.
    DcbApp = "dcb_app", 4 {
        /// `selector`: `IEEE_8021QAZ_APP_SEL_*` (1 ethertype, 2 TCP/SCTP port, 3 UDP/DCCP
        /// port, 4 any port, 5 DSCP).
        pub selector: u8,
        /// `priority`.
        pub priority: u8,
        /// `protocol`: the ethertype, port or DSCP value.
        pub protocol: U16,
    }
}

kernel_struct! {
    /// `struct dcb_peer_app_info`: the peer's application table state.
    DcbPeerAppInfo = "dcb_peer_app_info", 2 {
        /// `willing`.
        pub willing: u8,
        /// `error`.
        pub error: u8,
    }
}

kernel_struct! {
    /// `struct cee_pg`: the CEE priority groups of a peer.
    CeePg = "cee_pg", 20 {
        /// `willing`.
        pub willing: u8,
        /// `error`.
        pub error: u8,
        /// `pg_en`.
        pub pg_en: u8,
        /// `tcs_supported`.
        pub tcs_supported: u8,
        /// `pg_bw`.
        pub pg_bw: [u8; 8],
        /// `prio_pg`.
        pub prio_pg: [u8; 8],
    }
}

kernel_struct! {
    /// `struct cee_pfc`: the CEE flow control of a peer.
    CeePfc = "cee_pfc", 4 {
        /// `willing`.
        pub willing: u8,
        /// `error`.
        pub error: u8,
        /// `pfc_en`.
        pub pfc_en: u8,
        /// `tcs_supported`.
        pub tcs_supported: u8,
    }
}

family! {
    /// A view of a DCB message (`RTM_GETDCB`, `RTM_SETDCB`).
    view DcbMsg(DcbHdr, "dcbmsg");
    family "dcb", messages [RTM_GETDCB, RTM_SETDCB], groups [Group::DCB.0];
    /// `DCB_ATTR_*`: DCB attribute numbers.
    numbers DcbA;
    /// A typed DCB attribute.
    enum DcbAttr<'a>;
    /// The device's name (every request names one).
    IFNAME = 1, "DCB_ATTR_IFNAME", Ifname(str), ifname;
    /// The DCB state (on, off), or a set command's status.
    STATE = 2, "DCB_ATTR_STATE", State(u8), state;
    /// The PFC state.
    PFC_STATE = 3, "DCB_ATTR_PFC_STATE", PfcState(u8), pfc_state;
    /// PFC per priority ([`DcbPfcUp`]).
    PFC_CFG = 4, "DCB_ATTR_PFC_CFG", PfcCfg(nest DcbPfcUp), pfc_cfg;
    /// The number of traffic classes (older drivers).
    NUM_TC = 5, "DCB_ATTR_NUM_TC", NumTc(u8), num_tc;
    /// The priority groups ([`DcbPg`]).
    PG_CFG = 6, "DCB_ATTR_PG_CFG", PgCfg(nest DcbPg), pg_cfg;
    /// A set-all command's status.
    SET_ALL = 7, "DCB_ATTR_SET_ALL", SetAll(u8), set_all;
    /// The permanent hardware address (an answer's bytes; a request's nest).
    PERM_HWADDR = 8, "DCB_ATTR_PERM_HWADDR", PermHwaddr(bytes), perm_hwaddr;
    /// The capabilities ([`DcbCap`]).
    CAP = 9, "DCB_ATTR_CAP", Cap(nest DcbCap), cap;
    /// The number of traffic classes by kind ([`DcbNumtcs`]).
    NUMTCS = 10, "DCB_ATTR_NUMTCS", Numtcs(nest DcbNumtcs), numtcs;
    /// Backward congestion notification ([`DcbBcn`]).
    BCN = 11, "DCB_ATTR_BCN", Bcn(nest DcbBcn), bcn;
    /// An application priority ([`DcbAppAttrs`]).
    APP = 12, "DCB_ATTR_APP", App(nest DcbAppA), app;
    /// The IEEE 802.1Qaz objects ([`DcbIeee`]).
    IEEE = 13, "DCB_ATTR_IEEE", Ieee(nest DcbIeeeA), ieee;
    /// The DCBX mode ([`DcbxMode`]), or a set command's status.
    DCBX = 14, "DCB_ATTR_DCBX", Dcbx(val DcbxMode), dcbx;
    /// The feature configuration ([`DcbFeatcfg`]).
    FEATCFG = 15, "DCB_ATTR_FEATCFG", Featcfg(nest DcbFeatcfgA), featcfg;
    /// The CEE objects ([`DcbCee`]).
    CEE = 16, "DCB_ATTR_CEE", Cee(nest DcbCeeA), cee;
}

attributes! {
    /// The attributes of a `DCB_ATTR_IEEE` nest.
    view DcbIeee;
    /// `DCB_ATTR_IEEE_*`.
    numbers DcbIeeeA;
    /// A typed IEEE DCB attribute.
    enum DcbIeeeAttr<'a>;
    /// Enhanced transmission selection.
    ETS = 1, "DCB_ATTR_IEEE_ETS", Ets({IeeeEts}), ets;
    /// Priority flow control.
    PFC = 2, "DCB_ATTR_IEEE_PFC", Pfc({IeeePfc}), pfc;
    /// The application priority table ([`DcbAppTable`]).
    APP_TABLE = 3, "DCB_ATTR_IEEE_APP_TABLE", AppTable(nest DcbIeeeAppA), app_table;
    /// The peer's ETS.
    PEER_ETS = 4, "DCB_ATTR_IEEE_PEER_ETS", PeerEts({IeeeEts}), peer_ets;
    /// The peer's PFC.
    PEER_PFC = 5, "DCB_ATTR_IEEE_PEER_PFC", PeerPfc({IeeePfc}), peer_pfc;
    /// The peer's application table ([`DcbAppTable`]).
    PEER_APP = 6, "DCB_ATTR_IEEE_PEER_APP", PeerApp(nest DcbIeeeAppA), peer_app;
    /// Rate limits.
    MAXRATE = 7, "DCB_ATTR_IEEE_MAXRATE", Maxrate({IeeeMaxrate}), maxrate;
    /// Congestion notification.
    QCN = 8, "DCB_ATTR_IEEE_QCN", Qcn({IeeeQcn}), qcn;
    /// Congestion notification counters.
    QCN_STATS = 9, "DCB_ATTR_IEEE_QCN_STATS", QcnStats({IeeeQcnStats}), qcn_stats;
    /// Buffers.
    DCB_BUFFER = 10, "DCB_ATTR_DCB_BUFFER", Buffer({DcbnlBuffer}), buffer;
}

attributes! {
    /// The attributes of an application table nest (`DCB_ATTR_IEEE_APP_TABLE`,
    /// `DCB_ATTR_IEEE_PEER_APP`): one entry per attribute.
    view DcbAppTable;
    /// `DCB_ATTR_IEEE_APP_*`.
    numbers DcbIeeeAppA;
    /// A typed application table entry.
    enum DcbIeeeAppAttr<'a>;
    /// The peer's table state (in `DCB_ATTR_IEEE_PEER_APP`; `DCB_ATTR_IEEE_APP_UNSPEC`'s
    /// number).
    PEER_INFO = 0, "DCB_ATTR_IEEE_APP_UNSPEC", PeerInfo({DcbPeerAppInfo}), peer_info;
    /// One entry.
    APP = 1, "DCB_ATTR_IEEE_APP", App({DcbApp}), app;
}

/// Declares a DCB nest whose attributes are all of one width: the view, the numbers and the
/// typed enum, from one line per attribute.
macro_rules! dcb_nest {
    (
        $(#[$vmeta:meta])* view $View:ident; numbers $Num:ident; enum $Attr:ident;
        kind $kind:tt;
        $( $CONST:ident = $val:literal, $kname:literal, $Variant:ident, $getter:ident; )*
    ) => {
        attributes! {
            $(#[$vmeta])*
            view $View;
            #[doc = concat!("The numbers of [`", stringify!($View), "`].")]
            numbers $Num;
            #[doc = concat!("A typed [`", stringify!($View), "`] attribute.")]
            enum $Attr<'a>;
            $( $CONST = $val, $kname, $Variant($kind), $getter; )*
        }
    };
}

dcb_nest! {
    /// The attributes of a `DCB_ATTR_PFC_CFG` nest: PFC on (1) or off per priority.
    view DcbPfcUpAttrs; numbers DcbPfcUp; enum DcbPfcUpAttr;
    kind u8;
    UP_0 = 1, "DCB_PFC_UP_ATTR_0", Up0, up0;
    UP_1 = 2, "DCB_PFC_UP_ATTR_1", Up1, up1;
    UP_2 = 3, "DCB_PFC_UP_ATTR_2", Up2, up2;
    UP_3 = 4, "DCB_PFC_UP_ATTR_3", Up3, up3;
    UP_4 = 5, "DCB_PFC_UP_ATTR_4", Up4, up4;
    UP_5 = 6, "DCB_PFC_UP_ATTR_5", Up5, up5;
    UP_6 = 7, "DCB_PFC_UP_ATTR_6", Up6, up6;
    UP_7 = 8, "DCB_PFC_UP_ATTR_7", Up7, up7;
    ALL = 9, "DCB_PFC_UP_ATTR_ALL", All, all;
}

attributes! {
    /// The attributes of a `DCB_ATTR_PG_CFG` nest: per traffic class parameters and per
    /// bandwidth group percentages.
    view DcbPgAttrs;
    /// `DCB_PG_ATTR_*`.
    numbers DcbPg;
    /// A typed priority group attribute.
    enum DcbPgAttr<'a>;
    /// Class 0 ([`DcbTcParams`]).
    TC_0 = 1, "DCB_PG_ATTR_TC_0", Tc0(nest DcbTcParam), tc0;
    /// Class 1.
    TC_1 = 2, "DCB_PG_ATTR_TC_1", Tc1(nest DcbTcParam), tc1;
    /// Class 2.
    TC_2 = 3, "DCB_PG_ATTR_TC_2", Tc2(nest DcbTcParam), tc2;
    /// Class 3.
    TC_3 = 4, "DCB_PG_ATTR_TC_3", Tc3(nest DcbTcParam), tc3;
    /// Class 4.
    TC_4 = 5, "DCB_PG_ATTR_TC_4", Tc4(nest DcbTcParam), tc4;
    /// Class 5.
    TC_5 = 6, "DCB_PG_ATTR_TC_5", Tc5(nest DcbTcParam), tc5;
    /// Class 6.
    TC_6 = 7, "DCB_PG_ATTR_TC_6", Tc6(nest DcbTcParam), tc6;
    /// Class 7.
    TC_7 = 8, "DCB_PG_ATTR_TC_7", Tc7(nest DcbTcParam), tc7;
    /// Every class (a request flag).
    TC_ALL = 10, "DCB_PG_ATTR_TC_ALL", TcAll(flag), tc_all;
    /// Bandwidth group 0, in percent.
    BW_ID_0 = 11, "DCB_PG_ATTR_BW_ID_0", BwId0(u8), bw0;
    /// Group 1.
    BW_ID_1 = 12, "DCB_PG_ATTR_BW_ID_1", BwId1(u8), bw1;
    /// Group 2.
    BW_ID_2 = 13, "DCB_PG_ATTR_BW_ID_2", BwId2(u8), bw2;
    /// Group 3.
    BW_ID_3 = 14, "DCB_PG_ATTR_BW_ID_3", BwId3(u8), bw3;
    /// Group 4.
    BW_ID_4 = 15, "DCB_PG_ATTR_BW_ID_4", BwId4(u8), bw4;
    /// Group 5.
    BW_ID_5 = 16, "DCB_PG_ATTR_BW_ID_5", BwId5(u8), bw5;
    /// Group 6.
    BW_ID_6 = 17, "DCB_PG_ATTR_BW_ID_6", BwId6(u8), bw6;
    /// Group 7.
    BW_ID_7 = 18, "DCB_PG_ATTR_BW_ID_7", BwId7(u8), bw7;
    /// Every group (a request flag).
    BW_ID_ALL = 20, "DCB_PG_ATTR_BW_ID_ALL", BwIdAll(flag), bw_all;
}

dcb_nest! {
    /// The attributes of a traffic class nest of `DCB_ATTR_PG_CFG`.
    view DcbTcParams; numbers DcbTcParam; enum DcbTcParamAttr;
    kind u8;
    PGID = 1, "DCB_TC_ATTR_PARAM_PGID", Pgid, pgid;
    UP_MAPPING = 2, "DCB_TC_ATTR_PARAM_UP_MAPPING", UpMapping, up_mapping;
    STRICT_PRIO = 3, "DCB_TC_ATTR_PARAM_STRICT_PRIO", StrictPrio, strict_prio;
    BW_PCT = 4, "DCB_TC_ATTR_PARAM_BW_PCT", BwPct, bw_pct;
    ALL = 5, "DCB_TC_ATTR_PARAM_ALL", All, all;
}

dcb_nest! {
    /// The attributes of a `DCB_ATTR_CAP` nest.
    view DcbCapAttrs; numbers DcbCap; enum DcbCapAttr;
    kind u8;
    ALL = 1, "DCB_CAP_ATTR_ALL", All, all;
    PG = 2, "DCB_CAP_ATTR_PG", Pg, pg;
    PFC = 3, "DCB_CAP_ATTR_PFC", Pfc, pfc;
    UP2TC = 4, "DCB_CAP_ATTR_UP2TC", Up2tc, up2tc;
    PG_TCS = 5, "DCB_CAP_ATTR_PG_TCS", PgTcs, pg_tcs;
    PFC_TCS = 6, "DCB_CAP_ATTR_PFC_TCS", PfcTcs, pfc_tcs;
    GSP = 7, "DCB_CAP_ATTR_GSP", Gsp, gsp;
    BCN = 8, "DCB_CAP_ATTR_BCN", Bcn, bcn;
    DCBX = 9, "DCB_CAP_ATTR_DCBX", Dcbx, dcbx;
}

dcb_nest! {
    /// The attributes of a `DCB_ATTR_NUMTCS` nest.
    view DcbNumtcsAttrs; numbers DcbNumtcs; enum DcbNumtcsAttr;
    kind u8;
    ALL = 1, "DCB_NUMTCS_ATTR_ALL", All, all;
    PG = 2, "DCB_NUMTCS_ATTR_PG", Pg, pg;
    PFC = 3, "DCB_NUMTCS_ATTR_PFC", Pfc, pfc;
}

attributes! {
    /// The attributes of a `DCB_ATTR_BCN` nest: rate-limiter flags (`u8`) and parameters
    /// (`u32`).
    view DcbBcnAttrs;
    /// `DCB_BCN_ATTR_*`.
    numbers DcbBcn;
    /// A typed congestion notification attribute.
    enum DcbBcnAttr<'a>;
    /// Reaction point 0 on (1) or off.
    RP_0 = 1, "DCB_BCN_ATTR_RP_0", Rp0(u8), rp0;
    /// Reaction point 1.
    RP_1 = 2, "DCB_BCN_ATTR_RP_1", Rp1(u8), rp1;
    /// Reaction point 2.
    RP_2 = 3, "DCB_BCN_ATTR_RP_2", Rp2(u8), rp2;
    /// Reaction point 3.
    RP_3 = 4, "DCB_BCN_ATTR_RP_3", Rp3(u8), rp3;
    /// Reaction point 4.
    RP_4 = 5, "DCB_BCN_ATTR_RP_4", Rp4(u8), rp4;
    /// Reaction point 5.
    RP_5 = 6, "DCB_BCN_ATTR_RP_5", Rp5(u8), rp5;
    /// Reaction point 6.
    RP_6 = 7, "DCB_BCN_ATTR_RP_6", Rp6(u8), rp6;
    /// Reaction point 7.
    RP_7 = 8, "DCB_BCN_ATTR_RP_7", Rp7(u8), rp7;
    /// Every reaction point (a request flag).
    RP_ALL = 9, "DCB_BCN_ATTR_RP_ALL", RpAll(flag), rp_all;
    /// `BCNA_0`.
    BCNA_0 = 10, "DCB_BCN_ATTR_BCNA_0", Bcna0(u32), bcna0;
    /// `BCNA_1`.
    BCNA_1 = 11, "DCB_BCN_ATTR_BCNA_1", Bcna1(u32), bcna1;
    /// `ALPHA`.
    ALPHA = 12, "DCB_BCN_ATTR_ALPHA", Alpha(u32), alpha;
    /// `BETA`.
    BETA = 13, "DCB_BCN_ATTR_BETA", Beta(u32), beta;
    /// `GD`.
    GD = 14, "DCB_BCN_ATTR_GD", Gd(u32), gd;
    /// `GI`.
    GI = 15, "DCB_BCN_ATTR_GI", Gi(u32), gi;
    /// `TMAX`.
    TMAX = 16, "DCB_BCN_ATTR_TMAX", Tmax(u32), tmax;
    /// `TD`.
    TD = 17, "DCB_BCN_ATTR_TD", Td(u32), td;
    /// `RMIN`.
    RMIN = 18, "DCB_BCN_ATTR_RMIN", Rmin(u32), rmin;
    /// `W`.
    W = 19, "DCB_BCN_ATTR_W", W(u32), w;
    /// `RD`.
    RD = 20, "DCB_BCN_ATTR_RD", Rd(u32), rd;
    /// `RU`.
    RU = 21, "DCB_BCN_ATTR_RU", Ru(u32), ru;
    /// `WRTT`.
    WRTT = 22, "DCB_BCN_ATTR_WRTT", Wrtt(u32), wrtt;
    /// `RI`.
    RI = 23, "DCB_BCN_ATTR_RI", Ri(u32), ri;
    /// `C`.
    C = 24, "DCB_BCN_ATTR_C", C(u32), c;
    /// Every parameter (a request flag).
    ALL = 25, "DCB_BCN_ATTR_ALL", All(flag), all;
}

attributes! {
    /// The attributes of a `DCB_ATTR_APP` nest (the CEE application priority commands).
    view DcbAppAttrs;
    /// `DCB_APP_ATTR_*`.
    numbers DcbAppA;
    /// A typed CEE application attribute.
    enum DcbAppAttr<'a>;
    /// `DCB_APP_IDTYPE_ETHTYPE` (0) or `DCB_APP_IDTYPE_PORTNUM` (1).
    IDTYPE = 1, "DCB_APP_ATTR_IDTYPE", Idtype(u8), idtype;
    /// The ethertype or port.
    ID = 2, "DCB_APP_ATTR_ID", Id(u16), id;
    /// The priority bitmap.
    PRIORITY = 3, "DCB_APP_ATTR_PRIORITY", Priority(u8), priority;
}

dcb_nest! {
    /// The attributes of a `DCB_ATTR_FEATCFG` nest: `DCB_FEATCFG_*` flag bytes per feature.
    view DcbFeatcfg; numbers DcbFeatcfgA; enum DcbFeatcfgAttr;
    kind u8;
    ALL = 1, "DCB_FEATCFG_ATTR_ALL", All, all;
    PG = 2, "DCB_FEATCFG_ATTR_PG", Pg, pg;
    PFC = 3, "DCB_FEATCFG_ATTR_PFC", Pfc, pfc;
    APP = 4, "DCB_FEATCFG_ATTR_APP", App, app;
}

attributes! {
    /// The attributes of a `DCB_ATTR_CEE` nest.
    view DcbCee;
    /// `DCB_ATTR_CEE_*`.
    numbers DcbCeeA;
    /// A typed CEE attribute.
    enum DcbCeeAttr<'a>;
    /// The peer's priority groups.
    PEER_PG = 1, "DCB_ATTR_CEE_PEER_PG", PeerPg({CeePg}), peer_pg;
    /// The peer's flow control.
    PEER_PFC = 2, "DCB_ATTR_CEE_PEER_PFC", PeerPfc({CeePfc}), peer_pfc;
    /// The peer's application table ([`DcbCeePeerApp`]).
    PEER_APP_TABLE = 3, "DCB_ATTR_CEE_PEER_APP_TABLE", PeerAppTable(nest DcbCeePeerAppA), peer_app_table;
    /// Transmit priority groups ([`DcbPgAttrs`]).
    TX_PG = 4, "DCB_ATTR_CEE_TX_PG", TxPg(nest DcbPg), tx_pg;
    /// Receive priority groups.
    RX_PG = 5, "DCB_ATTR_CEE_RX_PG", RxPg(nest DcbPg), rx_pg;
    /// Flow control per priority ([`DcbPfcUpAttrs`]).
    PFC = 6, "DCB_ATTR_CEE_PFC", Pfc(nest DcbPfcUp), pfc;
    /// The application table ([`DcbCeeApps`]).
    APP_TABLE = 7, "DCB_ATTR_CEE_APP_TABLE", AppTable(nest DcbCeeAppA), app_table;
    /// The features ([`DcbFeatcfg`]).
    FEAT = 8, "DCB_ATTR_CEE_FEAT", Feat(nest DcbFeatcfgA), feat;
}

attributes! {
    /// The attributes of a `DCB_ATTR_CEE_PEER_APP_TABLE` nest.
    view DcbCeePeerApp;
    /// `DCB_ATTR_CEE_PEER_APP_*`.
    numbers DcbCeePeerAppA;
    /// A typed CEE peer application attribute.
    enum DcbCeePeerAppAttr<'a>;
    /// The peer's table state.
    INFO = 1, "DCB_ATTR_CEE_PEER_APP_INFO", Info({DcbPeerAppInfo}), info;
    /// One entry.
    APP = 2, "DCB_ATTR_CEE_PEER_APP", App({DcbApp}), app;
}

attributes! {
    /// The attributes of a `DCB_ATTR_CEE_APP_TABLE` nest: one application nest each.
    view DcbCeeApps;
    /// `DCB_ATTR_CEE_APP_*`.
    numbers DcbCeeAppA;
    /// A typed CEE application table entry.
    enum DcbCeeAppAttr<'a>;
    /// One entry ([`DcbAppAttrs`]).
    APP = 1, "DCB_ATTR_CEE_APP", App(nest DcbAppA), app;
}

impl DcbMsg<'_> {
    /// `cmd`: what the message asks for or reports.
    #[must_use]
    #[inline]
    pub fn cmd(&self) -> DcbCmd {
        DcbCmd(self.header.cmd)
    }

    /// `dcb_family`.
    #[must_use]
    #[inline]
    pub fn family(&self) -> AddressFamily {
        AddressFamily(self.header.dcb_family)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AttrWrite;
    use crate::attr::NLA_F_NESTED;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::typed::Summary;
    use zerocopy::IntoBytes;

    fn walk(buf: &[u8]) -> Summary {
        crate::check::walk(buf)
    }

    #[test]
    fn builds_what_dcb_sends() {
        // `dcb ets show dev veth0`: RTM_GETDCB with dcbmsg {AF_UNSPEC, DCB_CMD_IEEE_GET} and
        // DCB_ATTR_IFNAME, as strace showed it after the nlmsghdr (the kernel refuses it on a
        // veth with EOPNOTSUPP).
        let expected: [u8; 16] = [
            0, 0x15, 0, 0, 10, 0, 1, 0, b'v', b'e', b't', b'h', b'0', 0, 0, 0,
        ];
        let mut buf = Vec::new();
        let hdr = DcbHdr::new(DcbCmd::IEEE_GET);
        let mut b = DcbMsg::builder(&mut buf, RTM_GETDCB, Flags::REQUEST, &hdr).unwrap();
        DcbAttr::Ifname("veth0").write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], &expected);
        let m = DcbMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(
            (m.cmd(), m.ifname().unwrap()),
            (DcbCmd::IEEE_GET, Some("veth0"))
        );
        assert_eq!(format!("{:?}", m.cmd()), "DCB_CMD_IEEE_GET");
    }

    fn capture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// The body (after nlmsghdr) of the `RTM_SETDCB` request `dcb` sent, as captured through
    /// `dcb_shim.c` (`capture_dcb.sh`), which answers `DCB_CMD_IEEE_GET` with the objects
    /// [`shim_ets`] and friends describe.
    fn captured_set(name: &str) -> Vec<u8> {
        let bytes = capture(name);
        let s = crate::check::walk(&bytes);
        assert_eq!(
            (s.errors, s.typed_errors, s.roundtrip_failures),
            (0, 0, 0),
            "{s:?}"
        );
        let m = crate::Messages::new(&bytes)
            .map(Result::unwrap)
            .find(|m| m.message_type() == RTM_SETDCB)
            .unwrap();
        assert_eq!(m.flags(), Flags::REQUEST | Flags::ACK);
        m.payload().to_vec()
    }

    /// A set request for `eth0` as `dcb` writes it: the name, then the IEEE nest (with
    /// `NLA_F_NESTED`) that `ieee` fills.
    fn set_request(cmd: DcbCmd, ieee: impl FnOnce(&mut crate::attr::Nest<'_>)) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b =
            DcbMsg::builder(&mut buf, RTM_SETDCB, Flags::REQUEST, &DcbHdr::new(cmd)).unwrap();
        DcbAttr::Ifname("eth0").write_to(&mut b);
        let mut n = b.nest(DcbA::IEEE.0 | NLA_F_NESTED);
        ieee(&mut n);
        n.end();
        b.finish().unwrap();
        buf[16..].to_vec()
    }

    /// The shim's ETS: 8 classes, 50/50 on classes 0 and 1 with the ETS algorithm, priorities
    /// 0-3 on class 0 and 4-7 on class 1.
    fn shim_ets() -> IeeeEts {
        IeeeEts {
            ets_cap: 8,
            tc_tx_bw: [50, 50, 0, 0, 0, 0, 0, 0],
            tc_tsa: [2, 2, 0, 0, 0, 0, 0, 0],
            prio_tc: [0, 0, 0, 0, 1, 1, 1, 1],
            ..IeeeEts::default()
        }
    }

    #[test]
    fn set_requests_are_what_dcb_sends() {
        // dcb ets set dev eth0 willing on tc-bw 0:60 1:40
        let mut ets = shim_ets();
        ets.willing = 1;
        ets.tc_tx_bw[0] = 60;
        ets.tc_tx_bw[1] = 40;
        let ours = set_request(DcbCmd::IEEE_SET, |n| {
            DcbIeeeAttr::Ets(crate::attr::StructView::new(ets.as_bytes())).write_to(n);
        });
        assert_eq!(ours, captured_set("dcb_ets_set.bin"));
        // dcb pfc set dev eth0 prio-pfc 1:on delay 100 (the shim enabled priority 4).
        let pfc = IeeePfc {
            pfc_cap: 8,
            pfc_en: 0x12,
            delay: U16::new(100),
            ..IeeePfc::default()
        };
        let ours = set_request(DcbCmd::IEEE_SET, |n| {
            n.put(DcbIeeeA::PFC, pfc.as_bytes());
        });
        assert_eq!(ours, captured_set("dcb_pfc_set.bin"));
        // dcb maxrate set dev eth0 tc-maxrate 1:100Mbit
        let mut rate = IeeeMaxrate::default();
        rate.tc_maxrate[1] = U64::new(12_500_000);
        let ours = set_request(DcbCmd::IEEE_SET, |n| {
            n.put(DcbIeeeA::MAXRATE, rate.as_bytes());
        });
        assert_eq!(ours, captured_set("dcb_maxrate_set.bin"));
        // dcb buffer set dev eth0 buffer-size 0:2000 (the shim's total stays).
        let mut buffer = DcbnlBuffer {
            total_size: U32::new(1000),
            ..DcbnlBuffer::default()
        };
        buffer.buffer_size[0] = U32::new(2000);
        let ours = set_request(DcbCmd::IEEE_SET, |n| {
            n.put(DcbIeeeA::DCB_BUFFER, buffer.as_bytes());
        });
        assert_eq!(ours, captured_set("dcb_buffer_set.bin"));
        // dcb app add dev eth0 ethtype-prio 0x88cc:5; dcb app del ... 0x8906:3
        for (cmd, prio, proto, file) in [
            (DcbCmd::IEEE_SET, 5, 0x88cc, "dcb_app_add.bin"),
            (DcbCmd::IEEE_DEL, 3, 0x8906, "dcb_app_del.bin"),
        ] {
            let app = DcbApp {
                selector: 1,
                priority: prio,
                protocol: U16::new(proto),
            };
            let ours = set_request(cmd, |n| {
                let mut t = n.nest(DcbIeeeA::APP_TABLE.0 | NLA_F_NESTED);
                t.put(DcbIeeeAppA::APP, app.as_bytes());
                t.end();
            });
            assert_eq!(ours, captured_set(file), "{file}");
        }
        // dcb dcbx set dev eth0 host ieee: no IEEE nest, the mode alone.
        let mut buf = Vec::new();
        let mut b = DcbMsg::builder(
            &mut buf,
            RTM_SETDCB,
            Flags::REQUEST,
            &DcbHdr::new(DcbCmd::SDCBX),
        )
        .unwrap();
        DcbAttr::Ifname("eth0").write_to(&mut b);
        DcbAttr::Dcbx(DcbxMode::HOST | DcbxMode::VER_IEEE).write_to(&mut b);
        b.finish().unwrap();
        assert_eq!(&buf[16..], captured_set("dcb_dcbx_set.bin"));
    }

    #[test]
    fn every_get_dcb_sends_first_is_the_ieee_get() {
        for file in ["dcb_ets_show.bin", "dcb_ets_set.bin", "dcb_pfc_set.bin"] {
            let bytes = capture(file);
            let m = crate::Messages::new(&bytes).next().unwrap().unwrap();
            let d = DcbMsg::parse(m).unwrap();
            assert_eq!((m.message_type(), d.cmd()), (RTM_GETDCB, DcbCmd::IEEE_GET));
            assert_eq!(d.ifname().unwrap(), Some("eth0"));
        }
    }

    /// An `DCB_CMD_IEEE_GET` answer as a driver fills it (`dcbnl_ieee_fill`): the name, the
    /// IEEE nest with ETS, PFC, an application table, rate limits and buffers, and the DCBX
    /// mode.
    fn ieee_answer() -> Vec<u8> {
        let mut buf = Vec::new();
        let hdr = DcbHdr::new(DcbCmd::IEEE_GET);
        let mut b = DcbMsg::builder(&mut buf, RTM_GETDCB, Flags::EMPTY, &hdr).unwrap();
        b.put_str(DcbA::IFNAME, "eth0");
        let mut ieee = b.nest(DcbA::IEEE.0 | NLA_F_NESTED);
        let ets = IeeeEts {
            willing: 1,
            ets_cap: 8,
            tc_tx_bw: [50, 50, 0, 0, 0, 0, 0, 0],
            tc_tsa: [2, 2, 0, 0, 0, 0, 0, 0],
            prio_tc: [0, 0, 0, 0, 1, 1, 1, 1],
            ..IeeeEts::default()
        };
        ieee.put(DcbIeeeA::ETS, ets.as_bytes());
        let pfc = IeeePfc {
            pfc_cap: 8,
            pfc_en: 0x10,
            delay: U16::new(100),
            ..IeeePfc::default()
        };
        ieee.put(DcbIeeeA::PFC, pfc.as_bytes());
        let mut apps = ieee.nest(DcbIeeeA::APP_TABLE.0 | NLA_F_NESTED);
        for (sel, prio, proto) in [(1u8, 3u8, 0x8906u16), (5, 6, 46)] {
            let app = DcbApp {
                selector: sel,
                priority: prio,
                protocol: U16::new(proto),
            };
            apps.put(DcbIeeeAppA::APP, app.as_bytes());
        }
        apps.end();
        let mut rate = IeeeMaxrate::default();
        rate.tc_maxrate[1] = U64::new(1_000_000);
        ieee.put(DcbIeeeA::MAXRATE, rate.as_bytes());
        ieee.put(DcbIeeeA::DCB_BUFFER, DcbnlBuffer::default().as_bytes());
        ieee.end();
        b.put_u8(DcbA::DCBX, DcbxMode::HOST.0 | DcbxMode::VER_IEEE.0);
        b.finish().unwrap();
        buf
    }

    #[test]
    fn decodes_an_ieee_answer() {
        let buf = ieee_answer();
        let s = walk(&buf);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!((s.reencoded_differently, s.roundtrip_failures), (0, 0));
        let m = DcbMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        assert_eq!(m.dcbx().unwrap(), Some(DcbxMode::HOST | DcbxMode::VER_IEEE));
        let ieee = DcbIeee::from(m.ieee().unwrap().unwrap());
        let ets = ieee.ets().unwrap().unwrap().get();
        assert_eq!((ets.willing, ets.tc_tx_bw[1], ets.prio_tc[7]), (1, 50, 1));
        let pfc = ieee.pfc().unwrap().unwrap().get();
        assert_eq!((pfc.pfc_en, pfc.delay.get()), (0x10, 100));
        let apps: Vec<_> = DcbAppTable::from(ieee.app_table().unwrap().unwrap())
            .typed_attrs()
            .map(|a| match a.unwrap() {
                DcbIeeeAppAttr::App(v) => {
                    let v = v.get();
                    (v.selector, v.priority, v.protocol.get())
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(apps, [(1, 3, 0x8906), (5, 6, 46)]);
        let rate = ieee.maxrate().unwrap().unwrap().get();
        assert_eq!(rate.tc_maxrate[1].get(), 1_000_000);
        for n in 0..buf.len() {
            let _ = walk(&buf[..n]);
        }
    }

    #[test]
    fn cee_nests_decode() {
        let mut buf = Vec::new();
        let hdr = DcbHdr::new(DcbCmd::PGTX_GCFG);
        let mut b = DcbMsg::builder(&mut buf, RTM_GETDCB, Flags::EMPTY, &hdr).unwrap();
        let mut pg = b.nest(DcbA::PG_CFG.0);
        let mut tc = pg.nest(DcbPg::TC_3.0);
        tc.put_u8(DcbTcParam::PGID, 2)
            .put_u8(DcbTcParam::BW_PCT, 25);
        tc.end();
        pg.put_u8(DcbPg::BW_ID_2, 40);
        pg.end();
        let mut cap = b.nest(DcbA::CAP.0);
        cap.put_u8(DcbCap::DCBX, DcbxMode::VER_CEE.0);
        cap.end();
        let mut bcn = b.nest(DcbA::BCN.0);
        bcn.put_u8(DcbBcn::RP_0, 1).put_u32(DcbBcn::ALPHA, 7);
        bcn.end();
        b.finish().unwrap();
        let s = walk(&buf);
        assert_eq!(
            (s.errors, s.typed_errors, s.roundtrip_failures),
            (0, 0, 0),
            "{s:?}"
        );
        let m = DcbMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let pg = DcbPgAttrs::from(m.pg_cfg().unwrap().unwrap());
        let tc = DcbTcParams::from(pg.tc3().unwrap().unwrap());
        assert_eq!(
            (tc.pgid().unwrap(), tc.bw_pct().unwrap()),
            (Some(2), Some(25))
        );
        assert_eq!(pg.bw2().unwrap(), Some(40));
        let bcn = DcbBcnAttrs::from(m.bcn().unwrap().unwrap());
        assert_eq!(bcn.alpha().unwrap(), Some(7));
        assert_eq!(
            DcbCapAttrs::from(m.cap().unwrap().unwrap()).dcbx().unwrap(),
            Some(DcbxMode::VER_CEE.0)
        );
    }
}
