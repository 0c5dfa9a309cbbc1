//! The actions that change a packet or its metadata: `skbedit` (priority, queue, mark, packet
//! type), `skbmod` (Ethernet addresses and type), `vlan` and `mpls` (push, pop, modify),
//! `pedit` (bytes at offsets, with its keys and extended keys), `csum` (checksums) and `nat`
//! (stateless address translation).
//!
//! Sources of truth: `include/uapi/linux/tc_act/tc_skbedit.h`, `tc_skbmod.h`, `tc_vlan.h`,
//! `tc_mpls.h`, `tc_pedit.h`, `tc_csum.h` and `tc_nat.h`.

use zerocopy::byteorder::native_endian::{I32, U32, U64};
use zerocopy::byteorder::network_endian::U32 as BeU32;

use crate::rtnl::tc::{StructArray, TcGen, TcHandle, TcfT};

// ---------------------------------------------------------------------------------------------
// skbedit

flags! {
    /// `SKBEDIT_F_*`: what skbedit changes; `TCA_SKBEDIT_FLAGS` carries the bits that have no
    /// attribute of their own (`INHERITDSFIELD`, `TXQ_SKBHASH`).
    SkbeditFlags(u64);
    /// Sets the priority.
    PRIORITY = 0x1, "SKBEDIT_F_PRIORITY", "priority";
    /// Sets the transmit queue.
    QUEUE_MAPPING = 0x2, "SKBEDIT_F_QUEUE_MAPPING", "queue_mapping";
    /// Sets the mark.
    MARK = 0x4, "SKBEDIT_F_MARK", "mark";
    /// Sets the packet type.
    PTYPE = 0x8, "SKBEDIT_F_PTYPE", "ptype";
    /// Masks the mark.
    MASK = 0x10, "SKBEDIT_F_MASK", "mask";
    /// Sets the priority from the packet's DSCP.
    INHERITDSFIELD = 0x20, "SKBEDIT_F_INHERITDSFIELD", "inheritdsfield";
    /// Picks the transmit queue by the packet's hash.
    TXQ_SKBHASH = 0x40, "SKBEDIT_F_TXQ_SKBHASH", "txqueue_skbhash";
}

values! {
    /// `PACKET_*`: the packet types skbedit can set (`TCA_SKBEDIT_PTYPE`).
    PacketType(u16);
    /// For this host.
    HOST = 0, "PACKET_HOST", "host";
    /// Broadcast.
    BROADCAST = 1, "PACKET_BROADCAST", "broadcast";
    /// Multicast.
    MULTICAST = 2, "PACKET_MULTICAST", "multicast";
    /// For another host.
    OTHERHOST = 3, "PACKET_OTHERHOST", "otherhost";
}

attributes! {
    /// The options of a skbedit action.
    view SkbeditOptions;
    /// `TCA_SKBEDIT_*`: the skbedit action's attributes.
    numbers TcaSkbedit;
    /// A typed skbedit attribute.
    enum SkbeditAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_SKBEDIT_TM", Tm({TcfT}), tm;
    /// The index and the verdict.
    PARMS = 2, "TCA_SKBEDIT_PARMS", Parms({TcGen}), parms;
    /// The priority (a class id, `tc`'s `priority 1:10`).
    PRIORITY = 3, "TCA_SKBEDIT_PRIORITY", Priority(val TcHandle), priority;
    /// The transmit queue.
    QUEUE_MAPPING = 4, "TCA_SKBEDIT_QUEUE_MAPPING", QueueMapping(u16), queue_mapping;
    /// The mark.
    MARK = 5, "TCA_SKBEDIT_MARK", Mark(u32), mark;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_SKBEDIT_PAD", Pad(bytes);
    /// The packet type.
    PTYPE = 7, "TCA_SKBEDIT_PTYPE", Ptype(val PacketType), ptype;
    /// The bits of the mark that are set.
    MASK = 8, "TCA_SKBEDIT_MASK", Mask(u32), mask;
    /// [`SkbeditFlags`] without attributes of their own.
    FLAGS = 9, "TCA_SKBEDIT_FLAGS", Flags(val SkbeditFlags), flags;
    /// The last transmit queue of a range picked by hash.
    QUEUE_MAPPING_MAX = 10, "TCA_SKBEDIT_QUEUE_MAPPING_MAX", QueueMappingMax(u16), queue_mapping_max;
}

// ---------------------------------------------------------------------------------------------
// skbmod

kernel_struct! {
    /// `struct tc_skbmod`: what skbmod changes (`TCA_SKBMOD_PARMS`).
    TcSkbmod = "tc_skbmod", 32 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// The padding C puts before the 8-byte `flags`.
        pub _pad: [u8; 4],
        /// `flags`: [`SkbmodFlags`].
        pub flags: U64,
    }
}

flags! {
    /// `SKBMOD_F_*`: what skbmod changes (`tc_skbmod.flags`).
    SkbmodFlags(u64);
    /// Sets the destination address.
    DMAC = 0x1, "SKBMOD_F_DMAC", "dmac";
    /// Sets the source address.
    SMAC = 0x2, "SKBMOD_F_SMAC", "smac";
    /// Sets the Ethernet type.
    ETYPE = 0x4, "SKBMOD_F_ETYPE", "etype";
    /// Swaps the source and destination addresses.
    SWAPMAC = 0x8, "SKBMOD_F_SWAPMAC", "swap mac";
    /// Marks ECN-capable packets instead of dropping them.
    ECN = 0x10, "SKBMOD_F_ECN", "ecn";
}

attributes! {
    /// The options of a skbmod action.
    view SkbmodOptions;
    /// `TCA_SKBMOD_*`: the skbmod action's attributes.
    numbers TcaSkbmod;
    /// A typed skbmod attribute.
    enum SkbmodAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_SKBMOD_TM", Tm({TcfT}), tm;
    /// The index, the verdict and what changes.
    PARMS = 2, "TCA_SKBMOD_PARMS", Parms({TcSkbmod}), parms;
    /// The new destination address.
    DMAC = 3, "TCA_SKBMOD_DMAC", Dmac(mac), dmac;
    /// The new source address.
    SMAC = 4, "TCA_SKBMOD_SMAC", Smac(mac), smac;
    /// The new Ethernet type, in host order (the kernel reads a `u16` and converts it).
    ETYPE = 5, "TCA_SKBMOD_ETYPE", Etype(u16), etype;
    /// Padding for 64-bit alignment.
    PAD = 6, "TCA_SKBMOD_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// vlan

kernel_struct! {
    /// `struct tc_vlan`: what the vlan action does (`TCA_VLAN_PARMS`).
    TcVlan = "tc_vlan", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `v_action`: a [`VlanAction`].
        pub v_action: I32,
    }
}

values! {
    /// `TCA_VLAN_ACT_*`: what the vlan action does (`tc_vlan.v_action`).
    VlanAction(i32);
    /// Removes the outer tag.
    POP = 1, "TCA_VLAN_ACT_POP", "pop";
    /// Adds a tag.
    PUSH = 2, "TCA_VLAN_ACT_PUSH", "push";
    /// Changes the outer tag.
    MODIFY = 3, "TCA_VLAN_ACT_MODIFY", "modify";
    /// Removes the Ethernet header.
    POP_ETH = 4, "TCA_VLAN_ACT_POP_ETH", "pop_eth";
    /// Adds an Ethernet header.
    PUSH_ETH = 5, "TCA_VLAN_ACT_PUSH_ETH", "push_eth";
}

attributes! {
    /// The options of a vlan action.
    view VlanOptions;
    /// `TCA_VLAN_*`: the vlan action's attributes.
    numbers TcaVlan;
    /// A typed vlan attribute.
    enum VlanAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_VLAN_TM", Tm({TcfT}), tm;
    /// The index, the verdict and what to do.
    PARMS = 2, "TCA_VLAN_PARMS", Parms({TcVlan}), parms;
    /// The id of the tag pushed or changed.
    PUSH_VLAN_ID = 3, "TCA_VLAN_PUSH_VLAN_ID", PushVlanId(u16), push_vlan_id;
    /// The tag's protocol (an Ethernet type, network order).
    PUSH_VLAN_PROTOCOL = 4, "TCA_VLAN_PUSH_VLAN_PROTOCOL", PushVlanProtocol(be16), push_vlan_protocol;
    /// Padding for 64-bit alignment.
    PAD = 5, "TCA_VLAN_PAD", Pad(bytes);
    /// The tag's priority.
    PUSH_VLAN_PRIORITY = 6, "TCA_VLAN_PUSH_VLAN_PRIORITY", PushVlanPriority(u8), push_vlan_priority;
    /// The destination address of the Ethernet header pushed.
    PUSH_ETH_DST = 7, "TCA_VLAN_PUSH_ETH_DST", PushEthDst(mac), push_eth_dst;
    /// The source address of the Ethernet header pushed.
    PUSH_ETH_SRC = 8, "TCA_VLAN_PUSH_ETH_SRC", PushEthSrc(mac), push_eth_src;
}

// ---------------------------------------------------------------------------------------------
// mpls

kernel_struct! {
    /// `struct tc_mpls`: what the mpls action does (`TCA_MPLS_PARMS`).
    TcMpls = "tc_mpls", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `m_action`: an [`MplsAction`].
        pub m_action: I32,
    }
}

values! {
    /// `TCA_MPLS_ACT_*`: what the mpls action does (`tc_mpls.m_action`).
    MplsAction(i32);
    /// Removes the outer label stack entry.
    POP = 1, "TCA_MPLS_ACT_POP", "pop";
    /// Adds a label stack entry.
    PUSH = 2, "TCA_MPLS_ACT_PUSH", "push";
    /// Changes the outer entry.
    MODIFY = 3, "TCA_MPLS_ACT_MODIFY", "modify";
    /// Decrements the outer entry's TTL.
    DEC_TTL = 4, "TCA_MPLS_ACT_DEC_TTL", "dec_ttl";
    /// Adds an entry before the Ethernet header.
    MAC_PUSH = 5, "TCA_MPLS_ACT_MAC_PUSH", "mac_push";
}

attributes! {
    /// The options of an mpls action.
    view MplsOptions;
    /// `TCA_MPLS_*`: the mpls action's attributes.
    numbers TcaMpls;
    /// A typed mpls attribute.
    enum MplsAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_MPLS_TM", Tm({TcfT}), tm;
    /// The index, the verdict and what to do.
    PARMS = 2, "TCA_MPLS_PARMS", Parms({TcMpls}), parms;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_MPLS_PAD", Pad(bytes);
    /// The Ethernet type of the entry pushed, or of what follows the one popped.
    PROTO = 4, "TCA_MPLS_PROTO", Proto(be16), proto;
    /// The label (its low 20 bits).
    LABEL = 5, "TCA_MPLS_LABEL", Label(u32), label;
    /// The traffic class (its low 3 bits).
    TC = 6, "TCA_MPLS_TC", Tc(u8), tc;
    /// The time to live.
    TTL = 7, "TCA_MPLS_TTL", Ttl(u8), ttl;
    /// The bottom-of-stack bit.
    BOS = 8, "TCA_MPLS_BOS", Bos(u8), bos;
}

// ---------------------------------------------------------------------------------------------
// pedit

kernel_struct! {
    /// `struct tc_pedit_key`: one edit of the 32 bits at an offset. The C fields are `__u32`,
    /// but `mask` and `val` apply to the packet's bytes as they are: network order.
    TcPeditKey = "tc_pedit_key", 24 {
        /// `mask`: the bits kept (AND).
        pub mask: BeU32,
        /// `val`: the bits set (XOR), or added with an `ADD` extended key.
        pub val: BeU32,
        /// `off`: the offset from the header's start.
        pub off: U32,
        /// `at`: with `offmask`, an offset read from the packet.
        pub at: U32,
        /// `offmask`: the mask of the byte read at `at`.
        pub offmask: U32,
        /// `shift`: the shift of that byte.
        pub shift: U32,
    }
}

kernel_struct! {
    /// `struct tc_pedit_sel` (`tc_pedit`): pedit's parameters before its keys
    /// (`TCA_PEDIT_PARMS`, `TCA_PEDIT_PARMS_EX`).
    TcPeditSel = "tc_pedit_sel", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `nkeys`: the number of keys that follow.
        pub nkeys: u8,
        /// `flags`: unused.
        pub flags: u8,
        /// The padding C puts before the keys.
        pub _pad: [u8; 2],
    }
}

/// pedit's parameters and keys.
pub type PeditSel<'a> = StructArray<'a, TcPeditSel, TcPeditKey>;

values! {
    /// `TCA_PEDIT_KEY_EX_HDR_TYPE_*`: the header an extended key's offset counts from.
    PeditHeader(u16);
    /// The network header (the only choice of keys without an extended key).
    NETWORK = 0, "TCA_PEDIT_KEY_EX_HDR_TYPE_NETWORK", "network";
    /// The Ethernet header.
    ETH = 1, "TCA_PEDIT_KEY_EX_HDR_TYPE_ETH", "eth";
    /// The IPv4 header.
    IP4 = 2, "TCA_PEDIT_KEY_EX_HDR_TYPE_IP4", "ipv4";
    /// The IPv6 header.
    IP6 = 3, "TCA_PEDIT_KEY_EX_HDR_TYPE_IP6", "ipv6";
    /// The TCP header.
    TCP = 4, "TCA_PEDIT_KEY_EX_HDR_TYPE_TCP", "tcp";
    /// The UDP header.
    UDP = 5, "TCA_PEDIT_KEY_EX_HDR_TYPE_UDP", "udp";
}

values! {
    /// `TCA_PEDIT_KEY_EX_CMD_*`: what an extended key does with its value.
    PeditCmd(u16);
    /// Sets the bits.
    SET = 0, "TCA_PEDIT_KEY_EX_CMD_SET", "set";
    /// Adds the value.
    ADD = 1, "TCA_PEDIT_KEY_EX_CMD_ADD", "add";
}

attributes! {
    /// The options of a pedit action.
    view PeditOptions;
    /// `TCA_PEDIT_*`: the pedit action's attributes.
    numbers TcaPedit;
    /// A typed pedit attribute.
    enum PeditAttr<'a>;
    /// When the action was installed and used.
    TM = 1, "TCA_PEDIT_TM", Tm({TcfT}), tm;
    /// The parameters and keys, without extended keys.
    PARMS = 2, "TCA_PEDIT_PARMS", Parms(val PeditSel<'a>), parms;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_PEDIT_PAD", Pad(bytes);
    /// The parameters and keys, when `TCA_PEDIT_KEYS_EX` follows.
    PARMS_EX = 4, "TCA_PEDIT_PARMS_EX", ParmsEx(val PeditSel<'a>), parms_ex;
    /// The extended keys, one `TCA_PEDIT_KEY_EX` per key of `TCA_PEDIT_PARMS_EX`.
    KEYS_EX = 5, "TCA_PEDIT_KEYS_EX", KeysEx(nest TcaPedit), keys_ex;
    /// One extended key (in `TCA_PEDIT_KEYS_EX`), read with [`PeditKeyEx`].
    KEY_EX = 6, "TCA_PEDIT_KEY_EX", KeyEx(nest TcaPeditKeyEx);
}

attributes! {
    /// An extended pedit key: the header its key's offset counts from, and what it does.
    view PeditKeyEx;
    /// `TCA_PEDIT_KEY_EX_*`: the attributes of an extended key.
    numbers TcaPeditKeyEx;
    /// A typed extended key attribute.
    enum PeditKeyExAttr<'a>;
    /// The header.
    HTYPE = 1, "TCA_PEDIT_KEY_EX_HTYPE", Htype(val PeditHeader), htype;
    /// The command.
    CMD = 2, "TCA_PEDIT_KEY_EX_CMD", Cmd(val PeditCmd), cmd;
}

// ---------------------------------------------------------------------------------------------
// csum

kernel_struct! {
    /// `struct tc_csum`: which checksums csum recomputes (`TCA_CSUM_PARMS`).
    TcCsum = "tc_csum", 24 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `update_flags`: [`CsumFlags`].
        pub update_flags: U32,
    }
}

flags! {
    /// `TCA_CSUM_UPDATE_FLAG_*`: the checksums csum recomputes.
    CsumFlags(u32);
    /// The IPv4 header's.
    IPV4HDR = 1, "TCA_CSUM_UPDATE_FLAG_IPV4HDR", "iph";
    /// ICMP's.
    ICMP = 2, "TCA_CSUM_UPDATE_FLAG_ICMP", "icmp";
    /// IGMP's.
    IGMP = 4, "TCA_CSUM_UPDATE_FLAG_IGMP", "igmp";
    /// TCP's.
    TCP = 8, "TCA_CSUM_UPDATE_FLAG_TCP", "tcp";
    /// UDP's.
    UDP = 16, "TCA_CSUM_UPDATE_FLAG_UDP", "udp";
    /// UDP-Lite's.
    UDPLITE = 32, "TCA_CSUM_UPDATE_FLAG_UDPLITE", "udplite";
    /// SCTP's.
    SCTP = 64, "TCA_CSUM_UPDATE_FLAG_SCTP", "sctp";
}

attributes! {
    /// The options of a csum action.
    view CsumOptions;
    /// `TCA_CSUM_*`: the csum action's attributes.
    numbers TcaCsum;
    /// A typed csum attribute.
    enum CsumAttr<'a>;
    /// The index, the verdict and the checksums.
    PARMS = 1, "TCA_CSUM_PARMS", Parms({TcCsum}), parms;
    /// When the action was installed and used.
    TM = 2, "TCA_CSUM_TM", Tm({TcfT}), tm;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_CSUM_PAD", Pad(bytes);
}

// ---------------------------------------------------------------------------------------------
// nat

kernel_struct! {
    /// `struct tc_nat`: the addresses nat translates (`TCA_NAT_PARMS`), in network order
    /// (`Ipv4Addr::from(nat.old_addr)`).
    TcNat = "tc_nat", 36 {
        /// The generic parameters.
        pub tc_gen: TcGen,
        /// `old_addr`: the address (prefix) matched.
        pub old_addr: [u8; 4],
        /// `new_addr`: its replacement.
        pub new_addr: [u8; 4],
        /// `mask`: the prefix's mask.
        pub mask: [u8; 4],
        /// `flags`: [`TCA_NAT_FLAG_EGRESS`] to translate sources on egress, else destinations
        /// on ingress.
        pub flags: U32,
    }
}

/// `TCA_NAT_FLAG_EGRESS`: `tc_nat.flags` of an egress (source) translation.
pub const TCA_NAT_FLAG_EGRESS: u32 = 1;

attributes! {
    /// The options of a nat action.
    view NatOptions;
    /// `TCA_NAT_*`: the nat action's attributes.
    numbers TcaNat;
    /// A typed nat attribute.
    enum NatAttr<'a>;
    /// The index, the verdict and the addresses.
    PARMS = 1, "TCA_NAT_PARMS", Parms({TcNat}), parms;
    /// When the action was installed and used.
    TM = 2, "TCA_NAT_TM", Tm({TcfT}), tm;
    /// Padding for 64-bit alignment.
    PAD = 3, "TCA_NAT_PAD", Pad(bytes);
}

#[cfg(test)]
mod tests {
    use zerocopy::IntoBytes;

    use super::*;
    use crate::attr::{AttrWrite, NLA_F_NESTED};
    use crate::rtnl::tc::action::tests::{action_message, one_action};
    use crate::rtnl::tc::tests::actions_as_tc;
    use crate::rtnl::tc::{ActOptions, EthProtocol, Verdict, put_struct_array};
    use crate::typed::PutValue;

    /// A struct as the typed value of a `{STRUCT}` attribute.
    fn sv<T: IntoBytes + zerocopy::Immutable>(v: &T) -> crate::StructView<'_, T> {
        crate::StructView::new(v.as_bytes())
    }

    /// Writes one action of `kind` whose options are `attrs`.
    fn simple<A>(name: &str, kind: &str, attrs: &[A])
    where
        A: Copy + WriteAttr,
    {
        actions_as_tc(name, |b| {
            one_action(
                b,
                kind,
                |o| {
                    for a in attrs {
                        a.write(o);
                    }
                },
                |_| {},
            );
        });
    }

    /// The `write_to` of every kind's typed enum, for [`simple`].
    trait WriteAttr {
        fn write(&self, w: &mut crate::attr::Nest<'_>);
    }

    macro_rules! write_attr {
        ($($T:ident),*) => {$(
            impl WriteAttr for $T<'_> {
                fn write(&self, w: &mut crate::attr::Nest<'_>) {
                    self.write_to(w);
                }
            }
        )*};
    }
    write_attr!(
        SkbeditAttr,
        VlanAttr,
        MplsAttr,
        SkbmodAttr,
        CsumAttr,
        NatAttr
    );

    #[test]
    fn builds_what_tc_sends_for_skbedit_vlan_and_mpls() {
        // `tc actions add action skbedit priority 1:10 queue_mapping 3 mark 0x10/0xff ptype
        // host index 12`: the queue first, the packet type last.
        let parms = TcGen::new(12, Verdict::PIPE);
        simple(
            "act_skbedit",
            "skbedit",
            &[
                SkbeditAttr::Parms(sv(&parms)),
                SkbeditAttr::QueueMapping(3),
                SkbeditAttr::Priority(TcHandle::new(1, 0x10)),
                SkbeditAttr::Mark(0x10),
                SkbeditAttr::Mask(0xff),
                SkbeditAttr::Ptype(PacketType::HOST),
            ],
        );
        // `tc actions add action skbedit inheritdsfield index 13`: a 64-bit flag set.
        let parms = TcGen::new(13, Verdict::PIPE);
        simple(
            "act_skbedit_ds",
            "skbedit",
            &[
                SkbeditAttr::Parms(sv(&parms)),
                SkbeditAttr::Flags(SkbeditFlags::INHERITDSFIELD),
            ],
        );
        // vlan: `push id 100 protocol 802.1ad priority 3 index 14`, `pop index 15`,
        // `modify id 200 index 16`, `push_eth dst_mac 02:00:00:00:00:09 src_mac
        // 02:00:00:00:00:0a index 17`.
        let vlan = |index, action: VlanAction| TcVlan {
            tc_gen: TcGen::new(index, Verdict::PIPE),
            v_action: I32::new(action.0),
        };
        let (push, pop, modify, eth) = (
            vlan(14, VlanAction::PUSH),
            vlan(15, VlanAction::POP),
            vlan(16, VlanAction::MODIFY),
            vlan(17, VlanAction::PUSH_ETH),
        );
        simple(
            "act_vlan_push",
            "vlan",
            &[
                VlanAttr::Parms(sv(&push)),
                VlanAttr::PushVlanId(100),
                VlanAttr::PushVlanProtocol(EthProtocol::DOT1AD.0),
                VlanAttr::PushVlanPriority(3),
            ],
        );
        simple("act_vlan_pop", "vlan", &[VlanAttr::Parms(sv(&pop))]);
        simple(
            "act_vlan_modify",
            "vlan",
            &[VlanAttr::Parms(sv(&modify)), VlanAttr::PushVlanId(200)],
        );
        simple(
            "act_vlan_eth",
            "vlan",
            &[
                VlanAttr::Parms(sv(&eth)),
                VlanAttr::PushEthDst([2, 0, 0, 0, 0, 9]),
                VlanAttr::PushEthSrc([2, 0, 0, 0, 0, 0x0a]),
            ],
        );
        // mpls: `push protocol mpls_uc label 100 tc 3 ttl 64 bos 1 index 33`, `pop protocol
        // ipv4 index 34`, `modify label 200 ttl 10 index 35`, `dec_ttl index 36`.
        let mpls = |index, action: MplsAction| TcMpls {
            tc_gen: TcGen::new(index, Verdict::PIPE),
            m_action: I32::new(action.0),
        };
        let (push, pop, modify, dec) = (
            mpls(33, MplsAction::PUSH),
            mpls(34, MplsAction::POP),
            mpls(35, MplsAction::MODIFY),
            mpls(36, MplsAction::DEC_TTL),
        );
        simple(
            "act_mpls_push",
            "mpls",
            &[
                MplsAttr::Parms(sv(&push)),
                MplsAttr::Label(100),
                MplsAttr::Proto(EthProtocol::MPLS_UC.0),
                MplsAttr::Tc(3),
                MplsAttr::Ttl(64),
                MplsAttr::Bos(1),
            ],
        );
        simple(
            "act_mpls_pop",
            "mpls",
            &[
                MplsAttr::Parms(sv(&pop)),
                MplsAttr::Proto(EthProtocol::IP.0),
            ],
        );
        simple(
            "act_mpls_modify",
            "mpls",
            &[
                MplsAttr::Parms(sv(&modify)),
                MplsAttr::Label(200),
                MplsAttr::Ttl(10),
            ],
        );
        simple("act_mpls_dec_ttl", "mpls", &[MplsAttr::Parms(sv(&dec))]);

        let a = action_message("act_skbedit");
        let Some(ActOptions::Skbedit(n)) = a.options().unwrap() else {
            panic!()
        };
        let s = SkbeditOptions::from(n);
        assert_eq!(s.priority().unwrap(), Some(TcHandle::new(1, 0x10)));
        assert_eq!(
            (s.mark().unwrap(), s.mask().unwrap()),
            (Some(0x10), Some(0xff))
        );
        let a = action_message("act_vlan_push");
        let Some(ActOptions::Vlan(n)) = a.options().unwrap() else {
            panic!()
        };
        let v = VlanOptions::from(n);
        assert_eq!(
            VlanAction(v.parms().unwrap().unwrap().get().v_action.get()),
            VlanAction::PUSH
        );
        assert_eq!(v.push_vlan_protocol().unwrap(), Some(0x88a8));
    }

    #[test]
    fn builds_what_tc_sends_for_skbmod_csum_nat_and_pedit() {
        // `tc actions add action skbmod set dmac 02:00:00:00:00:01 set smac 02:00:00:00:00:02
        // set etype 0x0800 index 38`: the type between the two addresses.
        let flags = SkbmodFlags::DMAC | SkbmodFlags::SMAC | SkbmodFlags::ETYPE;
        let parms = TcSkbmod {
            tc_gen: TcGen::new(38, Verdict::PIPE),
            flags: U64::new(flags.bits()),
            ..TcSkbmod::default()
        };
        simple(
            "act_skbmod",
            "skbmod",
            &[
                SkbmodAttr::Parms(sv(&parms)),
                SkbmodAttr::Dmac([2, 0, 0, 0, 0, 1]),
                SkbmodAttr::Etype(EthProtocol::IP.0),
                SkbmodAttr::Smac([2, 0, 0, 0, 0, 2]),
            ],
        );
        // `tc actions add action skbmod swap mac index 39`.
        let parms = TcSkbmod {
            tc_gen: TcGen::new(39, Verdict::PIPE),
            flags: U64::new(SkbmodFlags::SWAPMAC.bits()),
            ..TcSkbmod::default()
        };
        simple(
            "act_skbmod_swap",
            "skbmod",
            &[SkbmodAttr::Parms(sv(&parms))],
        );
        // `tc actions add action csum iph and tcp and udp index 20`: csum's verdict is `ok`.
        let parms = TcCsum {
            tc_gen: TcGen::new(20, Verdict::OK),
            update_flags: U32::new((CsumFlags::IPV4HDR | CsumFlags::TCP | CsumFlags::UDP).bits()),
        };
        simple("act_csum", "csum", &[CsumAttr::Parms(sv(&parms))]);
        // `tc actions add action nat ingress 192.0.2.0/24 198.51.100.0 index 21` and `nat
        // egress 198.51.100.1 192.0.2.1 index 22` (a /32 without a prefix length).
        let nat = |index, old: [u8; 4], new: [u8; 4], mask: [u8; 4], flags| TcNat {
            tc_gen: TcGen::new(index, Verdict::OK),
            old_addr: old,
            new_addr: new,
            mask,
            flags: U32::new(flags),
        };
        let ingress = nat(21, [192, 0, 2, 0], [198, 51, 100, 0], [255, 255, 255, 0], 0);
        let egress = nat(
            22,
            [198, 51, 100, 1],
            [192, 0, 2, 1],
            [255; 4],
            TCA_NAT_FLAG_EGRESS,
        );
        simple("act_nat", "nat", &[NatAttr::Parms(sv(&ingress))]);
        simple("act_nat_egress", "nat", &[NatAttr::Parms(sv(&egress))]);
        // `tc actions add action pedit munge offset 12 u32 set 0x01020304 munge offset 16
        // u16 set 0x0506 retain 0xffff index 18`: the second key keeps the last two bytes of
        // its word.
        let key = |mask: u32, val: u32, off| TcPeditKey {
            mask: BeU32::new(mask),
            val: BeU32::new(val),
            off: U32::new(off),
            ..TcPeditKey::default()
        };
        let sel = |index, nkeys| TcPeditSel {
            tc_gen: TcGen::new(index, Verdict::OK),
            nkeys,
            ..TcPeditSel::default()
        };
        actions_as_tc("act_pedit", |b| {
            one_action(
                b,
                "pedit",
                |o| {
                    put_struct_array(
                        o,
                        TcaPedit::PARMS,
                        &sel(18, 2),
                        &[key(0, 0x0102_0304, 12), key(0x0000_ffff, 0x0506_0000, 16)],
                    );
                },
                |_| {},
            );
        });
        // `tc actions add action pedit ex munge eth dst set 02:00:00:00:00:09 munge ip ttl
        // add 255 munge tcp dport set 8080 index 19`: the address takes two keys; each key has
        // its extended key, in order.
        let keys = [
            key(0, 0x0200_0000, 0),
            key(0x0000_ffff, 0x0009_0000, 4),
            key(0x00ff_ffff, 0xff00_0000, 8),
            key(0xffff_0000, 0x0000_1f90, 0),
        ];
        let ex = [
            (PeditHeader::ETH, PeditCmd::SET),
            (PeditHeader::ETH, PeditCmd::SET),
            (PeditHeader::IP4, PeditCmd::ADD),
            (PeditHeader::TCP, PeditCmd::SET),
        ];
        actions_as_tc("act_pedit_ex", |b| {
            one_action(
                b,
                "pedit",
                |o| {
                    put_struct_array(o, TcaPedit::PARMS_EX, &sel(19, 4), &keys);
                    let mut list = o.nest(TcaPedit::KEYS_EX.0 | NLA_F_NESTED);
                    for (htype, cmd) in ex {
                        let mut k = list.nest(TcaPedit::KEY_EX.0 | NLA_F_NESTED);
                        k.put_value(TcaPeditKeyEx::HTYPE, &htype)
                            .put_value(TcaPeditKeyEx::CMD, &cmd);
                    }
                },
                |_| {},
            );
        });

        let a = action_message("act_pedit_ex");
        let Some(ActOptions::Pedit(n)) = a.options().unwrap() else {
            panic!()
        };
        let p = PeditOptions::from(n);
        let sel = p.parms_ex().unwrap().unwrap();
        assert_eq!((sel.header().get().nkeys, sel.len()), (4, 4));
        assert_eq!(sel.entry(3).unwrap().val.get(), 8080);
        let got: Vec<_> = p
            .keys_ex()
            .unwrap()
            .unwrap()
            .typed()
            .map(|k| match k.unwrap() {
                PeditAttr::KeyEx(k) => {
                    let k = PeditKeyEx::from(k);
                    (k.htype().unwrap().unwrap(), k.cmd().unwrap().unwrap())
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(got, ex);
        let a = action_message("act_nat_egress");
        let Some(ActOptions::Nat(n)) = a.options().unwrap() else {
            panic!()
        };
        let nat = NatOptions::from(n).parms().unwrap().unwrap().get();
        assert_eq!(
            core::net::Ipv4Addr::from(nat.new_addr),
            core::net::Ipv4Addr::new(192, 0, 2, 1)
        );
    }
}
