//! The bridge's redundancy and fault-management nests of `IFLA_AF_SPEC` in `AF_BRIDGE` link
//! messages: media redundancy protocol (`IFLA_BRIDGE_MRP`, IEC 62439-2), connectivity fault
//! management (`IFLA_BRIDGE_CFM`, IEEE 802.1Q CFM) and multiple spanning trees
//! (`IFLA_BRIDGE_MST`). Requests (`RTM_SETLINK`) carry one nest per operation; dumps with
//! `RTEXT_FILTER_MRP` / `RTEXT_FILTER_CFM_CONFIG` / `RTEXT_FILTER_CFM_STATUS` answer with the
//! `..._INFO` nests. Pure declarations: each nest is one table.
//!
//! Source of truth: `include/uapi/linux/if_bridge.h`; widths as the kernel's policies
//! (`net/bridge/br_mrp_netlink.c`, `br_cfm_netlink.c`, `br_mst.c`).

attributes! {
    /// The attributes of an `IFLA_BRIDGE_MRP` nest.
    view BridgeMrp;
    /// `IFLA_BRIDGE_MRP_*`: one nest per operation or, in dumps, per ring.
    numbers IflaBridgeMrp;
    /// A typed MRP attribute.
    enum BridgeMrpAttr<'a>;
    /// Create or delete a ring instance ([`IflaMrpInstance`]).
    INSTANCE = 1, "IFLA_BRIDGE_MRP_INSTANCE", Instance(nest IflaMrpInstance), instance;
    /// A ring port's state ([`IflaMrpPortState`]).
    PORT_STATE = 2, "IFLA_BRIDGE_MRP_PORT_STATE", PortState(nest IflaMrpPortState), port_state;
    /// A ring port's role ([`IflaMrpPortRole`]).
    PORT_ROLE = 3, "IFLA_BRIDGE_MRP_PORT_ROLE", PortRole(nest IflaMrpPortRole), port_role;
    /// A ring's state ([`IflaMrpRingState`]).
    RING_STATE = 4, "IFLA_BRIDGE_MRP_RING_STATE", RingState(nest IflaMrpRingState), ring_state;
    /// A ring's role ([`IflaMrpRingRole`]).
    RING_ROLE = 5, "IFLA_BRIDGE_MRP_RING_ROLE", RingRole(nest IflaMrpRingRole), ring_role;
    /// Start sending ring test frames ([`IflaMrpStartTest`]).
    START_TEST = 6, "IFLA_BRIDGE_MRP_START_TEST", StartTest(nest IflaMrpStartTest), start_test;
    /// One ring, in a dump ([`IflaMrpInfo`]).
    INFO = 7, "IFLA_BRIDGE_MRP_INFO", Info(nest IflaMrpInfo), info;
    /// An interconnect role ([`IflaMrpInRole`]).
    IN_ROLE = 8, "IFLA_BRIDGE_MRP_IN_ROLE", InRole(nest IflaMrpInRole), in_role;
    /// An interconnect state ([`IflaMrpInState`]).
    IN_STATE = 9, "IFLA_BRIDGE_MRP_IN_STATE", InState(nest IflaMrpInState), in_state;
    /// Start sending interconnect test frames ([`IflaMrpStartInTest`]).
    START_IN_TEST = 10, "IFLA_BRIDGE_MRP_START_IN_TEST", StartInTest(nest IflaMrpStartInTest), start_in_test;
}

attributes! {
    /// `IFLA_BRIDGE_MRP_INSTANCE_*`.
    numbers IflaMrpInstance;
    /// A typed MRP instance attribute.
    enum MrpInstanceAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_INSTANCE_RING_ID", RingId(u32);
    /// The primary port's ifindex.
    P_IFINDEX = 2, "IFLA_BRIDGE_MRP_INSTANCE_P_IFINDEX", PIfindex(u32);
    /// The secondary port's ifindex.
    S_IFINDEX = 3, "IFLA_BRIDGE_MRP_INSTANCE_S_IFINDEX", SIfindex(u32);
    /// The priority.
    PRIO = 4, "IFLA_BRIDGE_MRP_INSTANCE_PRIO", Prio(u16);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_PORT_STATE_*`.
    numbers IflaMrpPortState;
    /// A typed MRP port state attribute.
    enum MrpPortStateAttr<'a>;
    /// `BR_MRP_PORT_STATE_*`.
    STATE = 1, "IFLA_BRIDGE_MRP_PORT_STATE_STATE", State(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_PORT_ROLE_*`.
    numbers IflaMrpPortRole;
    /// A typed MRP port role attribute.
    enum MrpPortRoleAttr<'a>;
    /// `BR_MRP_PORT_ROLE_*`.
    ROLE = 1, "IFLA_BRIDGE_MRP_PORT_ROLE_ROLE", Role(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_RING_STATE_*`.
    numbers IflaMrpRingState;
    /// A typed MRP ring state attribute.
    enum MrpRingStateAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_RING_STATE_RING_ID", RingId(u32);
    /// `BR_MRP_RING_STATE_*`.
    STATE = 2, "IFLA_BRIDGE_MRP_RING_STATE_STATE", State(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_RING_ROLE_*`.
    numbers IflaMrpRingRole;
    /// A typed MRP ring role attribute.
    enum MrpRingRoleAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_RING_ROLE_RING_ID", RingId(u32);
    /// `BR_MRP_RING_ROLE_*`.
    ROLE = 2, "IFLA_BRIDGE_MRP_RING_ROLE_ROLE", Role(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_START_TEST_*`.
    numbers IflaMrpStartTest;
    /// A typed MRP test attribute.
    enum MrpStartTestAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_START_TEST_RING_ID", RingId(u32);
    /// Between test frames, in microseconds.
    INTERVAL = 2, "IFLA_BRIDGE_MRP_START_TEST_INTERVAL", Interval(u32);
    /// Test frames missed before the ring counts as open.
    MAX_MISS = 3, "IFLA_BRIDGE_MRP_START_TEST_MAX_MISS", MaxMiss(u32);
    /// How long to send them, in microseconds.
    PERIOD = 4, "IFLA_BRIDGE_MRP_START_TEST_PERIOD", Period(u32);
    /// Only monitor (1).
    MONITOR = 5, "IFLA_BRIDGE_MRP_START_TEST_MONITOR", Monitor(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_INFO_*`: one ring in a dump.
    numbers IflaMrpInfo;
    /// A typed MRP ring information attribute.
    enum MrpInfoAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_INFO_RING_ID", RingId(u32);
    /// The primary port's ifindex.
    P_IFINDEX = 2, "IFLA_BRIDGE_MRP_INFO_P_IFINDEX", PIfindex(u32);
    /// The secondary port's ifindex.
    S_IFINDEX = 3, "IFLA_BRIDGE_MRP_INFO_S_IFINDEX", SIfindex(u32);
    /// The priority.
    PRIO = 4, "IFLA_BRIDGE_MRP_INFO_PRIO", Prio(u16);
    /// `BR_MRP_RING_STATE_*`.
    RING_STATE = 5, "IFLA_BRIDGE_MRP_INFO_RING_STATE", RingState(u32);
    /// `BR_MRP_RING_ROLE_*`.
    RING_ROLE = 6, "IFLA_BRIDGE_MRP_INFO_RING_ROLE", RingRole(u32);
    /// The test interval, in microseconds.
    TEST_INTERVAL = 7, "IFLA_BRIDGE_MRP_INFO_TEST_INTERVAL", TestInterval(u32);
    /// The test frames that may be missed.
    TEST_MAX_MISS = 8, "IFLA_BRIDGE_MRP_INFO_TEST_MAX_MISS", TestMaxMiss(u32);
    /// Whether it only monitors.
    TEST_MONITOR = 9, "IFLA_BRIDGE_MRP_INFO_TEST_MONITOR", TestMonitor(u32);
    /// The interconnect port's ifindex.
    I_IFINDEX = 10, "IFLA_BRIDGE_MRP_INFO_I_IFINDEX", IIfindex(u32);
    /// `BR_MRP_IN_STATE_*`.
    IN_STATE = 11, "IFLA_BRIDGE_MRP_INFO_IN_STATE", InState(u32);
    /// `BR_MRP_IN_ROLE_*`.
    IN_ROLE = 12, "IFLA_BRIDGE_MRP_INFO_IN_ROLE", InRole(u32);
    /// The interconnect test interval, in microseconds.
    IN_TEST_INTERVAL = 13, "IFLA_BRIDGE_MRP_INFO_IN_TEST_INTERVAL", InTestInterval(u32);
    /// The interconnect test frames that may be missed.
    IN_TEST_MAX_MISS = 14, "IFLA_BRIDGE_MRP_INFO_IN_TEST_MAX_MISS", InTestMaxMiss(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_IN_ROLE_*`.
    numbers IflaMrpInRole;
    /// A typed MRP interconnect role attribute.
    enum MrpInRoleAttr<'a>;
    /// The ring id.
    RING_ID = 1, "IFLA_BRIDGE_MRP_IN_ROLE_RING_ID", RingId(u32);
    /// The interconnect id (16 bits, unlike the other nests' interconnect ids).
    IN_ID = 2, "IFLA_BRIDGE_MRP_IN_ROLE_IN_ID", InId(u16);
    /// `BR_MRP_IN_ROLE_*`.
    ROLE = 3, "IFLA_BRIDGE_MRP_IN_ROLE_ROLE", Role(u32);
    /// The interconnect port's ifindex.
    I_IFINDEX = 4, "IFLA_BRIDGE_MRP_IN_ROLE_I_IFINDEX", IIfindex(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_IN_STATE_*`.
    numbers IflaMrpInState;
    /// A typed MRP interconnect state attribute.
    enum MrpInStateAttr<'a>;
    /// The interconnect id.
    IN_ID = 1, "IFLA_BRIDGE_MRP_IN_STATE_IN_ID", InId(u32);
    /// `BR_MRP_IN_STATE_*`.
    STATE = 2, "IFLA_BRIDGE_MRP_IN_STATE_STATE", State(u32);
}

attributes! {
    /// `IFLA_BRIDGE_MRP_START_IN_TEST_*`.
    numbers IflaMrpStartInTest;
    /// A typed MRP interconnect test attribute.
    enum MrpStartInTestAttr<'a>;
    /// The interconnect id.
    IN_ID = 1, "IFLA_BRIDGE_MRP_START_IN_TEST_IN_ID", InId(u32);
    /// Between test frames, in microseconds.
    INTERVAL = 2, "IFLA_BRIDGE_MRP_START_IN_TEST_INTERVAL", Interval(u32);
    /// Test frames missed before the interconnect counts as open.
    MAX_MISS = 3, "IFLA_BRIDGE_MRP_START_IN_TEST_MAX_MISS", MaxMiss(u32);
    /// How long to send them, in microseconds.
    PERIOD = 4, "IFLA_BRIDGE_MRP_START_IN_TEST_PERIOD", Period(u32);
}

attributes! {
    /// The attributes of an `IFLA_BRIDGE_CFM` nest.
    view BridgeCfm;
    /// `IFLA_BRIDGE_CFM_*`: one nest per operation or, in dumps, per endpoint and peer.
    numbers IflaBridgeCfm;
    /// A typed CFM attribute.
    enum BridgeCfmAttr<'a>;
    /// Create a maintenance endpoint ([`IflaCfmMepCreate`]).
    MEP_CREATE = 1, "IFLA_BRIDGE_CFM_MEP_CREATE", MepCreate(nest IflaCfmMepCreate), mep_create;
    /// Delete one ([`IflaCfmMepDelete`]).
    MEP_DELETE = 2, "IFLA_BRIDGE_CFM_MEP_DELETE", MepDelete(nest IflaCfmMepDelete), mep_delete;
    /// Configure one ([`IflaCfmMepConfig`]).
    MEP_CONFIG = 3, "IFLA_BRIDGE_CFM_MEP_CONFIG", MepConfig(nest IflaCfmMepConfig), mep_config;
    /// Continuity check configuration ([`IflaCfmCcConfig`]).
    CC_CONFIG = 4, "IFLA_BRIDGE_CFM_CC_CONFIG", CcConfig(nest IflaCfmCcConfig), cc_config;
    /// Add a peer endpoint ([`IflaCfmCcPeerMep`]).
    CC_PEER_MEP_ADD = 5, "IFLA_BRIDGE_CFM_CC_PEER_MEP_ADD", CcPeerMepAdd(nest IflaCfmCcPeerMep), cc_peer_mep_add;
    /// Remove a peer endpoint ([`IflaCfmCcPeerMep`]).
    CC_PEER_MEP_REMOVE = 6, "IFLA_BRIDGE_CFM_CC_PEER_MEP_REMOVE", CcPeerMepRemove(nest IflaCfmCcPeerMep), cc_peer_mep_remove;
    /// Remote defect indication ([`IflaCfmCcRdi`]).
    CC_RDI = 7, "IFLA_BRIDGE_CFM_CC_RDI", CcRdi(nest IflaCfmCcRdi), cc_rdi;
    /// Continuity check message transmission ([`IflaCfmCcCcmTx`]).
    CC_CCM_TX = 8, "IFLA_BRIDGE_CFM_CC_CCM_TX", CcCcmTx(nest IflaCfmCcCcmTx), cc_ccm_tx;
    /// An endpoint, in a dump ([`IflaCfmMepCreate`]).
    MEP_CREATE_INFO = 9, "IFLA_BRIDGE_CFM_MEP_CREATE_INFO", MepCreateInfo(nest IflaCfmMepCreate), mep_create_info;
    /// Its configuration ([`IflaCfmMepConfig`]).
    MEP_CONFIG_INFO = 10, "IFLA_BRIDGE_CFM_MEP_CONFIG_INFO", MepConfigInfo(nest IflaCfmMepConfig), mep_config_info;
    /// Its continuity check configuration ([`IflaCfmCcConfig`]).
    CC_CONFIG_INFO = 11, "IFLA_BRIDGE_CFM_CC_CONFIG_INFO", CcConfigInfo(nest IflaCfmCcConfig), cc_config_info;
    /// Its remote defect indication ([`IflaCfmCcRdi`]).
    CC_RDI_INFO = 12, "IFLA_BRIDGE_CFM_CC_RDI_INFO", CcRdiInfo(nest IflaCfmCcRdi), cc_rdi_info;
    /// Its transmission settings ([`IflaCfmCcCcmTx`]).
    CC_CCM_TX_INFO = 13, "IFLA_BRIDGE_CFM_CC_CCM_TX_INFO", CcCcmTxInfo(nest IflaCfmCcCcmTx), cc_ccm_tx_info;
    /// One of its peers ([`IflaCfmCcPeerMep`]).
    CC_PEER_MEP_INFO = 14, "IFLA_BRIDGE_CFM_CC_PEER_MEP_INFO", CcPeerMepInfo(nest IflaCfmCcPeerMep), cc_peer_mep_info;
    /// Its status ([`IflaCfmMepStatus`]).
    MEP_STATUS_INFO = 15, "IFLA_BRIDGE_CFM_MEP_STATUS_INFO", MepStatusInfo(nest IflaCfmMepStatus), mep_status_info;
    /// A peer's status ([`IflaCfmCcPeerStatus`]).
    CC_PEER_STATUS_INFO = 16, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_INFO", CcPeerStatusInfo(nest IflaCfmCcPeerStatus), cc_peer_status_info;
}

attributes! {
    /// `IFLA_BRIDGE_CFM_MEP_CREATE_*`.
    numbers IflaCfmMepCreate;
    /// A typed CFM endpoint attribute.
    enum CfmMepCreateAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_MEP_CREATE_INSTANCE", Instance(u32);
    /// `BR_CFM_PORT` or `BR_CFM_VLAN`.
    DOMAIN = 2, "IFLA_BRIDGE_CFM_MEP_CREATE_DOMAIN", Domain(u32);
    /// `BR_CFM_MEP_DIRECTION_DOWN` or `_UP`.
    DIRECTION = 3, "IFLA_BRIDGE_CFM_MEP_CREATE_DIRECTION", Direction(u32);
    /// The residence port's ifindex.
    IFINDEX = 4, "IFLA_BRIDGE_CFM_MEP_CREATE_IFINDEX", Ifindex(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_MEP_DELETE_*`.
    numbers IflaCfmMepDelete;
    /// A typed CFM endpoint deletion attribute.
    enum CfmMepDeleteAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_MEP_DELETE_INSTANCE", Instance(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_MEP_CONFIG_*`.
    numbers IflaCfmMepConfig;
    /// A typed CFM endpoint configuration attribute.
    enum CfmMepConfigAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_MEP_CONFIG_INSTANCE", Instance(u32);
    /// The endpoint's unicast MAC address.
    UNICAST_MAC = 2, "IFLA_BRIDGE_CFM_MEP_CONFIG_UNICAST_MAC", UnicastMac(mac);
    /// The maintenance domain level (0-7).
    MDLEVEL = 3, "IFLA_BRIDGE_CFM_MEP_CONFIG_MDLEVEL", Mdlevel(u32);
    /// The endpoint id.
    MEPID = 4, "IFLA_BRIDGE_CFM_MEP_CONFIG_MEPID", Mepid(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_CC_CONFIG_*`.
    numbers IflaCfmCcConfig;
    /// A typed CFM continuity check configuration attribute.
    enum CfmCcConfigAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_CC_CONFIG_INSTANCE", Instance(u32);
    /// Whether continuity checks run.
    ENABLE = 2, "IFLA_BRIDGE_CFM_CC_CONFIG_ENABLE", Enable(u32);
    /// `BR_CFM_CCM_INTERVAL_*`: the expected interval.
    EXP_INTERVAL = 3, "IFLA_BRIDGE_CFM_CC_CONFIG_EXP_INTERVAL", ExpInterval(u32);
    /// The expected maintenance association id (`CFM_MAID_LENGTH`, 48 bytes).
    EXP_MAID = 4, "IFLA_BRIDGE_CFM_CC_CONFIG_EXP_MAID", ExpMaid(bytes);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_CC_PEER_MEP_*`.
    numbers IflaCfmCcPeerMep;
    /// A typed CFM peer endpoint attribute.
    enum CfmCcPeerMepAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_CC_PEER_MEP_INSTANCE", Instance(u32);
    /// The peer's endpoint id.
    MEPID = 2, "IFLA_BRIDGE_CFM_CC_PEER_MEPID", Mepid(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_CC_RDI_*`.
    numbers IflaCfmCcRdi;
    /// A typed CFM remote defect indication attribute.
    enum CfmCcRdiAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_CC_RDI_INSTANCE", Instance(u32);
    /// The indication sent.
    RDI = 2, "IFLA_BRIDGE_CFM_CC_RDI_RDI", Rdi(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_CC_CCM_TX_*`.
    numbers IflaCfmCcCcmTx;
    /// A typed CFM transmission attribute.
    enum CfmCcCcmTxAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_CC_CCM_TX_INSTANCE", Instance(u32);
    /// The destination MAC address.
    DMAC = 2, "IFLA_BRIDGE_CFM_CC_CCM_TX_DMAC", Dmac(mac);
    /// Whether the sequence number is updated.
    SEQ_NO_UPDATE = 3, "IFLA_BRIDGE_CFM_CC_CCM_TX_SEQ_NO_UPDATE", SeqNoUpdate(u32);
    /// How long to transmit, in seconds.
    PERIOD = 4, "IFLA_BRIDGE_CFM_CC_CCM_TX_PERIOD", Period(u32);
    /// Whether the interface status TLV is sent.
    IF_TLV = 5, "IFLA_BRIDGE_CFM_CC_CCM_TX_IF_TLV", IfTlv(u32);
    /// Its value.
    IF_TLV_VALUE = 6, "IFLA_BRIDGE_CFM_CC_CCM_TX_IF_TLV_VALUE", IfTlvValue(u8);
    /// Whether the port status TLV is sent.
    PORT_TLV = 7, "IFLA_BRIDGE_CFM_CC_CCM_TX_PORT_TLV", PortTlv(u32);
    /// Its value.
    PORT_TLV_VALUE = 8, "IFLA_BRIDGE_CFM_CC_CCM_TX_PORT_TLV_VALUE", PortTlvValue(u8);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_MEP_STATUS_*`.
    numbers IflaCfmMepStatus;
    /// A typed CFM endpoint status attribute.
    enum CfmMepStatusAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_MEP_STATUS_INSTANCE", Instance(u32);
    /// A frame with an unexpected opcode was seen.
    OPCODE_UNEXP_SEEN = 2, "IFLA_BRIDGE_CFM_MEP_STATUS_OPCODE_UNEXP_SEEN", OpcodeUnexpSeen(u32);
    /// A frame with an unexpected version was seen.
    VERSION_UNEXP_SEEN = 3, "IFLA_BRIDGE_CFM_MEP_STATUS_VERSION_UNEXP_SEEN", VersionUnexpSeen(u32);
    /// A frame with too low a level was seen.
    RX_LEVEL_LOW_SEEN = 4, "IFLA_BRIDGE_CFM_MEP_STATUS_RX_LEVEL_LOW_SEEN", RxLevelLowSeen(u32);
}

attributes! {
    /// `IFLA_BRIDGE_CFM_CC_PEER_STATUS_*`.
    numbers IflaCfmCcPeerStatus;
    /// A typed CFM peer status attribute.
    enum CfmCcPeerStatusAttr<'a>;
    /// The endpoint instance.
    INSTANCE = 1, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_INSTANCE", Instance(u32);
    /// The peer's endpoint id.
    PEER_MEPID = 2, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_PEER_MEPID", PeerMepid(u32);
    /// A continuity defect.
    CCM_DEFECT = 3, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_CCM_DEFECT", CcmDefect(u32);
    /// The remote defect indication last received.
    RDI = 4, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_RDI", Rdi(u32);
    /// The port status TLV last received.
    PORT_TLV_VALUE = 5, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_PORT_TLV_VALUE", PortTlvValue(u8);
    /// The interface status TLV last received.
    IF_TLV_VALUE = 6, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_IF_TLV_VALUE", IfTlvValue(u8);
    /// A frame was seen.
    SEEN = 7, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_SEEN", Seen(u32);
    /// A TLV was seen.
    TLV_SEEN = 8, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_TLV_SEEN", TlvSeen(u32);
    /// A frame with an unexpected sequence number was seen.
    SEQ_UNEXP_SEEN = 9, "IFLA_BRIDGE_CFM_CC_PEER_STATUS_SEQ_UNEXP_SEEN", SeqUnexpSeen(u32);
}

attributes! {
    /// The attributes of an `IFLA_BRIDGE_MST` nest.
    view BridgeMst;
    /// `IFLA_BRIDGE_MST_*`.
    numbers IflaBridgeMst;
    /// A typed MST attribute.
    enum BridgeMstAttr<'a>;
    /// One spanning tree instance's state on the port ([`IflaMstEntry`]; repeated).
    ENTRY = 1, "IFLA_BRIDGE_MST_ENTRY", Entry(nest IflaMstEntry), entry;
}

attributes! {
    /// `IFLA_BRIDGE_MST_ENTRY_*`.
    numbers IflaMstEntry;
    /// A typed MST entry attribute.
    enum MstEntryAttr<'a>;
    /// The spanning tree instance id.
    MSTI = 1, "IFLA_BRIDGE_MST_ENTRY_MSTI", Msti(u16);
    /// `BR_STATE_*`: the port's state in it.
    STATE = 2, "IFLA_BRIDGE_MST_ENTRY_STATE", State(u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::NLA_F_NESTED;
    use crate::header::Flags;
    use crate::message::Msg;
    use crate::rtnl::link::{BridgeAfAttr, IfInfoMsg, Ifla, LinkMsg};
    use crate::rtnl::{AddressFamily, RTM_NEWLINK};
    use crate::{AttrWrite, Messages};

    /// A bridge's dump answer with every kind of nest: an MRP ring and interconnect, a CFM
    /// endpoint with its configuration, continuity check, peer and statuses, and two MST
    /// entries, as `br_fill_ifinfo` lays them out (this kernel has neither MRP nor CFM, so
    /// the bytes are built here from `if_bridge.h`).
    fn dump() -> Vec<u8> {
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, 4);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::MULTI, &hdr).unwrap();
        b.put_str(Ifla::IFNAME, "br0");
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            {
                let mut mrp = af.nest(IflaBridge::MRP.0 | NLA_F_NESTED);
                {
                    let mut i = mrp.nest(IflaBridgeMrp::INFO.0 | NLA_F_NESTED);
                    i.put_u32(IflaMrpInfo::RING_ID, 7)
                        .put_u32(IflaMrpInfo::P_IFINDEX, 2)
                        .put_u32(IflaMrpInfo::S_IFINDEX, 3)
                        .put_u16(IflaMrpInfo::PRIO, 0x8000)
                        .put_u32(IflaMrpInfo::RING_STATE, 1)
                        .put_u32(IflaMrpInfo::RING_ROLE, 2)
                        .put_u32(IflaMrpInfo::TEST_INTERVAL, 10_000)
                        .put_u32(IflaMrpInfo::TEST_MAX_MISS, 3)
                        .put_u32(IflaMrpInfo::TEST_MONITOR, 0)
                        .put_u32(IflaMrpInfo::I_IFINDEX, 5)
                        .put_u32(IflaMrpInfo::IN_STATE, 1)
                        .put_u32(IflaMrpInfo::IN_ROLE, 1)
                        .put_u32(IflaMrpInfo::IN_TEST_INTERVAL, 20_000)
                        .put_u32(IflaMrpInfo::IN_TEST_MAX_MISS, 4);
                }
                mrp.nest(IflaBridgeMrp::IN_ROLE.0 | NLA_F_NESTED)
                    .put_u32(IflaMrpInRole::RING_ID, 7)
                    .put_u16(IflaMrpInRole::IN_ID, 9)
                    .put_u32(IflaMrpInRole::ROLE, 1)
                    .put_u32(IflaMrpInRole::I_IFINDEX, 5);
            }
            {
                let mut cfm = af.nest(IflaBridge::CFM.0 | NLA_F_NESTED);
                cfm.nest(IflaBridgeCfm::MEP_CREATE_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmMepCreate::INSTANCE, 1)
                    .put_u32(IflaCfmMepCreate::DOMAIN, 0)
                    .put_u32(IflaCfmMepCreate::DIRECTION, 0)
                    .put_u32(IflaCfmMepCreate::IFINDEX, 2);
                cfm.nest(IflaBridgeCfm::MEP_CONFIG_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmMepConfig::INSTANCE, 1)
                    .put(IflaCfmMepConfig::UNICAST_MAC, &[2, 0, 0, 0, 0, 0x10])
                    .put_u32(IflaCfmMepConfig::MDLEVEL, 3)
                    .put_u32(IflaCfmMepConfig::MEPID, 100);
                cfm.nest(IflaBridgeCfm::CC_CONFIG_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmCcConfig::INSTANCE, 1)
                    .put_u32(IflaCfmCcConfig::ENABLE, 1)
                    .put_u32(IflaCfmCcConfig::EXP_INTERVAL, 4)
                    .put(IflaCfmCcConfig::EXP_MAID, &[0x5a; 48]);
                cfm.nest(IflaBridgeCfm::CC_CCM_TX_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmCcCcmTx::INSTANCE, 1)
                    .put(IflaCfmCcCcmTx::DMAC, &[1, 0x80, 0xc2, 0, 0, 0x33])
                    .put_u32(IflaCfmCcCcmTx::SEQ_NO_UPDATE, 1)
                    .put_u32(IflaCfmCcCcmTx::PERIOD, 60)
                    .put_u32(IflaCfmCcCcmTx::IF_TLV, 1)
                    .put_u8(IflaCfmCcCcmTx::IF_TLV_VALUE, 1)
                    .put_u32(IflaCfmCcCcmTx::PORT_TLV, 1)
                    .put_u8(IflaCfmCcCcmTx::PORT_TLV_VALUE, 2);
                cfm.nest(IflaBridgeCfm::CC_PEER_MEP_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmCcPeerMep::INSTANCE, 1)
                    .put_u32(IflaCfmCcPeerMep::MEPID, 200);
                cfm.nest(IflaBridgeCfm::MEP_STATUS_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmMepStatus::INSTANCE, 1)
                    .put_u32(IflaCfmMepStatus::OPCODE_UNEXP_SEEN, 0)
                    .put_u32(IflaCfmMepStatus::VERSION_UNEXP_SEEN, 0)
                    .put_u32(IflaCfmMepStatus::RX_LEVEL_LOW_SEEN, 1);
                cfm.nest(IflaBridgeCfm::CC_PEER_STATUS_INFO.0 | NLA_F_NESTED)
                    .put_u32(IflaCfmCcPeerStatus::INSTANCE, 1)
                    .put_u32(IflaCfmCcPeerStatus::PEER_MEPID, 200)
                    .put_u32(IflaCfmCcPeerStatus::CCM_DEFECT, 1)
                    .put_u32(IflaCfmCcPeerStatus::RDI, 0)
                    .put_u8(IflaCfmCcPeerStatus::PORT_TLV_VALUE, 2)
                    .put_u8(IflaCfmCcPeerStatus::IF_TLV_VALUE, 1)
                    .put_u32(IflaCfmCcPeerStatus::SEEN, 1)
                    .put_u32(IflaCfmCcPeerStatus::TLV_SEEN, 1)
                    .put_u32(IflaCfmCcPeerStatus::SEQ_UNEXP_SEEN, 0);
            }
            {
                let mut mst = af.nest(IflaBridge::MST.0 | NLA_F_NESTED);
                for (msti, state) in [(1u16, 3u8), (2, 4)] {
                    mst.nest(IflaBridgeMst::ENTRY.0 | NLA_F_NESTED)
                        .put_u16(IflaMstEntry::MSTI, msti)
                        .put_u8(IflaMstEntry::STATE, state);
                }
            }
        }
        b.finish().unwrap();
        buf
    }

    use crate::rtnl::link::IflaBridge;

    #[test]
    fn mrp_cfm_and_mst_nests_decode_and_reencode_byte_for_byte() {
        let buf = dump();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let af = l.bridge_af_spec().unwrap().unwrap();
        let mut seen = Vec::new();
        for a in af.typed_attrs() {
            match a.unwrap() {
                BridgeAfAttr::Mrp(n) => {
                    let mrp = BridgeMrp::from(n);
                    let info = mrp.info().unwrap().unwrap();
                    let fields: Vec<_> = info.typed().map(Result::unwrap).collect();
                    assert_eq!(fields[0], MrpInfoAttr::RingId(7));
                    assert_eq!(fields[3], MrpInfoAttr::Prio(0x8000));
                    assert_eq!(fields.len(), 14);
                    let role: Vec<_> = mrp
                        .in_role()
                        .unwrap()
                        .unwrap()
                        .typed()
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(role[1], MrpInRoleAttr::InId(9));
                    seen.push("mrp");
                }
                BridgeAfAttr::Cfm(n) => {
                    let cfm = BridgeCfm::from(n);
                    let config: Vec<_> = cfm
                        .mep_config_info()
                        .unwrap()
                        .unwrap()
                        .typed()
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(
                        config[1],
                        CfmMepConfigAttr::UnicastMac([2, 0, 0, 0, 0, 0x10])
                    );
                    let cc: Vec<_> = cfm
                        .cc_config_info()
                        .unwrap()
                        .unwrap()
                        .typed()
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(cc[3], CfmCcConfigAttr::ExpMaid(&[0x5a; 48]));
                    let peer: Vec<_> = cfm
                        .cc_peer_status_info()
                        .unwrap()
                        .unwrap()
                        .typed()
                        .map(Result::unwrap)
                        .collect();
                    assert_eq!(peer[4], CfmCcPeerStatusAttr::PortTlvValue(2));
                    assert_eq!(cfm.typed_attrs().count(), 7);
                    seen.push("cfm");
                }
                BridgeAfAttr::Mst(n) => {
                    let entries: Vec<Vec<MstEntryAttr<'_>>> = BridgeMst::from(n)
                        .typed_attrs()
                        .map(|e| match e.unwrap() {
                            BridgeMstAttr::Entry(e) => e.typed().map(Result::unwrap).collect(),
                            other => panic!("{other:?}"),
                        })
                        .collect();
                    assert_eq!(
                        entries,
                        [
                            [MstEntryAttr::Msti(1), MstEntryAttr::State(3)],
                            [MstEntryAttr::Msti(2), MstEntryAttr::State(4)]
                        ]
                    );
                    seen.push("mst");
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(seen, ["mrp", "cfm", "mst"]);
        // Every typed attribute, at every depth, written again is the same bytes.
        let s = crate::check::walk(&buf);
        assert_eq!((s.errors, s.typed_errors), (0, 0), "{s:?}");
        assert_eq!(
            (s.reencoded_differently, s.roundtrip_failures),
            (0, 0),
            "{s:?}"
        );
        // ifname, af_spec, mrp { info { 14 }, in_role { 4 } }, cfm { 7 nests, 4+4+4+8+2+4+9 },
        // mst { 2 x entry { 2 } }.
        assert_eq!(s.typed, 1 + 1 + 1 + 1 + 14 + 1 + 4 + 1 + 7 + 35 + 1 + 2 + 4);
        for n in 0..buf.len() {
            let _ = crate::check::walk(&buf[..n]);
            for m in Messages::new(&buf[..n]).flatten() {
                let _ = LinkMsg::parse(m);
            }
        }
    }

    #[test]
    fn a_wrong_width_fails_only_its_attribute() {
        // An interconnect role whose id has 4 bytes instead of the kernel's 2.
        let mut buf = Vec::new();
        let hdr = IfInfoMsg::new(AddressFamily::BRIDGE, 4);
        let mut b = LinkMsg::builder(&mut buf, RTM_NEWLINK, Flags::EMPTY, &hdr).unwrap();
        {
            let mut af = b.nest(Ifla::AF_SPEC);
            let mut mrp = af.nest(IflaBridge::MRP.0 | NLA_F_NESTED);
            mrp.nest(IflaBridgeMrp::IN_ROLE.0 | NLA_F_NESTED)
                .put_u32(IflaMrpInRole::IN_ID, 9)
                .put_u32(IflaMrpInRole::ROLE, 1);
        }
        b.finish().unwrap();
        let l = LinkMsg::parse(Msg::parse(&buf).unwrap()).unwrap();
        let Some(Ok(BridgeAfAttr::Mrp(n))) =
            l.bridge_af_spec().unwrap().unwrap().typed_attrs().next()
        else {
            panic!("no MRP nest");
        };
        let items: Vec<_> = BridgeMrp::from(n)
            .in_role()
            .unwrap()
            .unwrap()
            .typed()
            .collect();
        assert!(items[0].is_err());
        assert_eq!(items[1].as_ref().unwrap(), &MrpInRoleAttr::Role(1));
    }
}
