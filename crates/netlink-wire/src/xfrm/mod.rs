//! IPsec over `NETLINK_XFRM` (protocol 6): the `XFRM_MSG_*` message types, the `XFRMNLGRP_*`
//! groups, the fixed structs (`xfrm_usersa_info`, `xfrm_userpolicy_info`, their ids, selectors,
//! lifetimes, templates...) and the `XFRMA_*` attributes, which every XFRM message carries
//! after its own header.
//!
//! Source of truth: `include/uapi/linux/xfrm.h`. The structs are mirrored with alignment-1
//! integers, so the padding the C compiler puts in (`xfrm_usersa_info` is 224 bytes on every
//! 64-bit architecture) is written out as `pad` fields; each size is checked at compile time.
//!
//! Unlike RTNETLINK, the family header depends on the message type (an SA for `NEWSA`, an SA
//! id for `DELSA`, nothing at all for `FLUSHPOLICY`), so XFRM is one `family!` declaration per
//! header, all over the one `XFRMA_*` space ([`Xfrma`]); `GETSA` and `GETPOLICY` dumps carry
//! no header at all ([`GET_DUMPS`]).

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::byteorder::network_endian::{U16 as Be16, U32 as Be32};

use crate::attr::Attrs;
use crate::family::FamilyInfo;
use crate::header::{Flags, MessageType};
use crate::message::Msg;
use crate::rtnl::tc::StructArray;
use crate::typed::{Walker, walk_list};

message_types! {
    /// An SA was added or changed; a request to add one.
    XFRM_MSG_NEWSA = 0x10;
    /// An SA was deleted; a request to delete one.
    XFRM_MSG_DELSA = 0x11;
    /// A lookup of one SA, or a dump of all.
    XFRM_MSG_GETSA = 0x12;
    /// A policy was added; a request to add one.
    XFRM_MSG_NEWPOLICY = 0x13;
    /// A policy was deleted; a request to delete one.
    XFRM_MSG_DELPOLICY = 0x14;
    /// A lookup of one policy, or a dump of all.
    XFRM_MSG_GETPOLICY = 0x15;
    /// A request for an SPI.
    XFRM_MSG_ALLOCSPI = 0x16;
    /// The kernel asks a key manager for an SA.
    XFRM_MSG_ACQUIRE = 0x17;
    /// An SA reached a soft or hard limit.
    XFRM_MSG_EXPIRE = 0x18;
    /// A policy was changed; a request to add or change one.
    XFRM_MSG_UPDPOLICY = 0x19;
    /// An SA was changed; a request to add or change one.
    XFRM_MSG_UPDSA = 0x1a;
    /// A policy reached a soft or hard limit.
    XFRM_MSG_POLEXPIRE = 0x1b;
    /// Every SA (of a protocol) was deleted; the request to do so.
    XFRM_MSG_FLUSHSA = 0x1c;
    /// Every policy was deleted; the request to do so.
    XFRM_MSG_FLUSHPOLICY = 0x1d;
    /// An SA's replay and lifetime values (asynchronous events).
    XFRM_MSG_NEWAE = 0x1e;
    /// A request for an SA's replay and lifetime values.
    XFRM_MSG_GETAE = 0x1f;
    /// A report (of a Mobile IPv6 route optimisation).
    XFRM_MSG_REPORT = 0x20;
    /// SAs and policies were moved to new addresses.
    XFRM_MSG_MIGRATE = 0x21;
    /// The answer to `GETSADINFO`: SA counts.
    XFRM_MSG_NEWSADINFO = 0x22;
    /// A request for the SA counts (`ip xfrm state count`).
    XFRM_MSG_GETSADINFO = 0x23;
    /// The answer to `GETSPDINFO`; a request to set the policy hash thresholds.
    XFRM_MSG_NEWSPDINFO = 0x24;
    /// A request for the policy counts (`ip xfrm policy count`).
    XFRM_MSG_GETSPDINFO = 0x25;
    /// A NAT-T mapping changed.
    XFRM_MSG_MAPPING = 0x26;
    /// A request to set the default policies.
    XFRM_MSG_SETDEFAULT = 0x27;
    /// A request for the default policies; the answer.
    XFRM_MSG_GETDEFAULT = 0x28;
}

values! {
    /// `XFRMNLGRP_*`: XFRM multicast groups, joined by number with `NETLINK_ADD_MEMBERSHIP`.
    XfrmGroup(u32);
    /// No group.
    NONE = 0, "XFRMNLGRP_NONE", "none";
    /// `ACQUIRE` messages.
    ACQUIRE = 1, "XFRMNLGRP_ACQUIRE", "acquire";
    /// `EXPIRE` and `POLEXPIRE` messages.
    EXPIRE = 2, "XFRMNLGRP_EXPIRE", "expire";
    /// SA changes.
    SA = 3, "XFRMNLGRP_SA", "sa";
    /// Policy changes.
    POLICY = 4, "XFRMNLGRP_POLICY", "policy";
    /// Replay and lifetime events (`NEWAE`).
    AEVENTS = 5, "XFRMNLGRP_AEVENTS", "aevent";
    /// `REPORT` messages.
    REPORT = 6, "XFRMNLGRP_REPORT", "report";
    /// `MIGRATE` messages.
    MIGRATE = 7, "XFRMNLGRP_MIGRATE", "migrate";
    /// `MAPPING` messages.
    MAPPING = 8, "XFRMNLGRP_MAPPING", "mapping";
}

values! {
    /// `XFRM_MODE_*`: how an SA or template encapsulates.
    XfrmMode(u8);
    /// Transport mode.
    TRANSPORT = 0, "XFRM_MODE_TRANSPORT", "transport";
    /// Tunnel mode.
    TUNNEL = 1, "XFRM_MODE_TUNNEL", "tunnel";
    /// Mobile IPv6 route optimisation.
    ROUTEOPTIMIZATION = 2, "XFRM_MODE_ROUTEOPTIMIZATION", "ro";
    /// Mobile IPv6 inbound trigger.
    IN_TRIGGER = 3, "XFRM_MODE_IN_TRIGGER", "in_trigger";
    /// Bound end-to-end tunnel.
    BEET = 4, "XFRM_MODE_BEET", "beet";
}

values! {
    /// `XFRM_POLICY_IN` ..: the direction of a policy.
    PolicyDir(u8);
    /// Inbound.
    IN = 0, "XFRM_POLICY_IN", "in";
    /// Outbound.
    OUT = 1, "XFRM_POLICY_OUT", "out";
    /// Forwarded.
    FWD = 2, "XFRM_POLICY_FWD", "fwd";
}

values! {
    /// `XFRM_POLICY_ALLOW` / `XFRM_POLICY_BLOCK`: what a policy does.
    PolicyAction(u8);
    /// Let the traffic through its templates.
    ALLOW = 0, "XFRM_POLICY_ALLOW", "allow";
    /// Drop the traffic.
    BLOCK = 1, "XFRM_POLICY_BLOCK", "block";
}

values! {
    /// `XFRM_SHARE_*`: who may share an SA.
    XfrmShare(u8);
    /// No limitation.
    ANY = 0, "XFRM_SHARE_ANY", "any";
    /// This session only.
    SESSION = 1, "XFRM_SHARE_SESSION", "session";
    /// This user only.
    USER = 2, "XFRM_SHARE_USER", "user";
    /// Used once.
    UNIQUE = 3, "XFRM_SHARE_UNIQUE", "unique";
}

values! {
    /// `XFRM_POLICY_TYPE_*`: the policy database (`XFRMA_POLICY_TYPE`).
    PolicyType(u8);
    /// The main database.
    MAIN = 0, "XFRM_POLICY_TYPE_MAIN", "main";
    /// The sub-policy database.
    SUB = 1, "XFRM_POLICY_TYPE_SUB", "sub";
    /// Any database (a flush of all).
    ANY = 255, "XFRM_POLICY_TYPE_ANY", "any";
}

values! {
    /// The IPsec protocols of an SA or template (`IPPROTO_*`, as `ip xfrm` names them).
    XfrmProto(u8);
    /// Mobile IPv6 routing header type 2.
    ROUTE2 = 43, "IPPROTO_ROUTING", "route2";
    /// Encapsulating security payload.
    ESP = 50, "IPPROTO_ESP", "esp";
    /// Authentication header.
    AH = 51, "IPPROTO_AH", "ah";
    /// Mobile IPv6 home address option.
    HAO = 60, "IPPROTO_DSTOPTS", "hao";
    /// IP payload compression.
    COMP = 108, "IPPROTO_COMP", "comp";
    /// Any IPsec protocol (`IPSEC_PROTO_ANY`).
    ANY = 255, "IPSEC_PROTO_ANY", "ipsec-any";
}

flags! {
    /// `XFRM_STATE_*`: SA flags (`xfrm_usersa_info.flags`).
    SaFlags(u8);
    /// Do not copy ECN bits.
    NOECN = 1, "XFRM_STATE_NOECN", "noecn";
    /// Copy the DSCP from the outer header when decapsulating.
    DECAP_DSCP = 2, "XFRM_STATE_DECAP_DSCP", "decap-dscp";
    /// No path MTU discovery.
    NOPMTUDISC = 4, "XFRM_STATE_NOPMTUDISC", "nopmtudisc";
    /// Accept packets of any destination.
    WILDRECV = 8, "XFRM_STATE_WILDRECV", "wildrecv";
    /// Match ICMP errors by their payload.
    ICMP = 16, "XFRM_STATE_ICMP", "icmp";
    /// Inner packets of any family.
    AF_UNSPEC = 32, "XFRM_STATE_AF_UNSPEC", "af-unspec";
    /// Pad to 4 bytes.
    ALIGN4 = 64, "XFRM_STATE_ALIGN4", "align4";
    /// Extended sequence numbers.
    ESN = 128, "XFRM_STATE_ESN", "esn";
}

flags! {
    /// `XFRM_SA_XFLAG_*`: extra SA flags (`XFRMA_SA_EXTRA_FLAGS`).
    SaExtraFlags(u32);
    /// Do not copy the DSCP when encapsulating.
    DONT_ENCAP_DSCP = 1, "XFRM_SA_XFLAG_DONT_ENCAP_DSCP", "dont-encap-dscp";
    /// The outbound sequence number may wrap.
    OSEQ_MAY_WRAP = 2, "XFRM_SA_XFLAG_OSEQ_MAY_WRAP", "oseq-may-wrap";
}

flags! {
    /// `XFRM_POLICY_LOCALOK`, `XFRM_POLICY_ICMP`: policy flags.
    PolicyFlags(u8);
    /// Allow a user to override the global policy.
    LOCALOK = 1, "XFRM_POLICY_LOCALOK", "localok";
    /// Extend the selector to matching ICMP payloads.
    ICMP = 2, "XFRM_POLICY_ICMP", "icmp";
}

/// `XFRM_INF`: the "no limit" of a lifetime.
pub const XFRM_INF: u64 = u64::MAX;

kernel_struct! {
    /// `xfrm_address_t`: an IPv4 address in the first 4 bytes, or an IPv6 address.
    XfrmAddress = "xfrm_address_t", 16 {
        /// The address bytes, in network order.
        pub a: [u8; 16],
    }
}

impl XfrmAddress {
    /// The address of `ip`, as the kernel stores it (IPv4 in the first 4 bytes).
    #[must_use]
    pub fn new(ip: IpAddr) -> Self {
        let mut a = [0u8; 16];
        match ip {
            IpAddr::V4(v4) => {
                for (d, s) in a.iter_mut().zip(v4.octets()) {
                    *d = s;
                }
            }
            IpAddr::V6(v6) => a = v6.octets(),
        }
        XfrmAddress { a }
    }

    /// The address as `family` (`AF_INET` 2, `AF_INET6` 10) reads it; `None` for another
    /// family.
    #[must_use]
    pub fn ip(&self, family: u16) -> Option<IpAddr> {
        match family {
            2 => {
                let [a, b, c, d, ..] = self.a;
                Some(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
            }
            10 => Some(IpAddr::V6(Ipv6Addr::from(self.a))),
            _ => None,
        }
    }
}

kernel_struct! {
    /// `struct xfrm_selector`: the traffic a policy or SA applies to.
    XfrmSelector = "xfrm_selector", 56 {
        /// `daddr`: the destination prefix.
        pub daddr: XfrmAddress,
        /// `saddr`: the source prefix.
        pub saddr: XfrmAddress,
        /// `dport` (network order).
        pub dport: Be16,
        /// `dport_mask` (network order).
        pub dport_mask: Be16,
        /// `sport` (network order).
        pub sport: Be16,
        /// `sport_mask` (network order).
        pub sport_mask: Be16,
        /// `family`: `AF_INET` or `AF_INET6`, 0 for any.
        pub family: U16,
        /// `prefixlen_d`.
        pub prefixlen_d: u8,
        /// `prefixlen_s`.
        pub prefixlen_s: u8,
        /// `proto`: the upper-layer protocol, 0 for any.
        pub proto: u8,
        /// Padding.
        pub pad: [u8; 3],
        /// `ifindex`: the interface, 0 for any.
        pub ifindex: I32,
        /// `user`: the user id.
        pub user: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_id`: what identifies an SA (destination, SPI, protocol).
    XfrmId = "xfrm_id", 24 {
        /// `daddr`.
        pub daddr: XfrmAddress,
        /// `spi` (network order).
        pub spi: Be32,
        /// `proto`: an [`XfrmProto`].
        pub proto: u8,
        /// Padding.
        pub pad: [u8; 3],
    }
}

kernel_struct! {
    /// `struct xfrm_lifetime_cfg`: the limits of an SA or policy ([`XFRM_INF`] for none).
    XfrmLifetimeCfg = "xfrm_lifetime_cfg", 64 {
        /// `soft_byte_limit`.
        pub soft_byte_limit: U64,
        /// `hard_byte_limit`.
        pub hard_byte_limit: U64,
        /// `soft_packet_limit`.
        pub soft_packet_limit: U64,
        /// `hard_packet_limit`.
        pub hard_packet_limit: U64,
        /// `soft_add_expires_seconds`.
        pub soft_add_expires_seconds: U64,
        /// `hard_add_expires_seconds`.
        pub hard_add_expires_seconds: U64,
        /// `soft_use_expires_seconds`.
        pub soft_use_expires_seconds: U64,
        /// `hard_use_expires_seconds`.
        pub hard_use_expires_seconds: U64,
    }
}

impl XfrmLifetimeCfg {
    /// No limit at all, as `ip xfrm` sends when none is given.
    #[must_use]
    pub fn infinite() -> Self {
        XfrmLifetimeCfg {
            soft_byte_limit: U64::new(XFRM_INF),
            hard_byte_limit: U64::new(XFRM_INF),
            soft_packet_limit: U64::new(XFRM_INF),
            hard_packet_limit: U64::new(XFRM_INF),
            ..Self::default()
        }
    }
}

kernel_struct! {
    /// `struct xfrm_lifetime_cur`: what an SA or policy has used.
    XfrmLifetimeCur = "xfrm_lifetime_cur", 32 {
        /// `bytes`.
        pub bytes: U64,
        /// `packets`.
        pub packets: U64,
        /// `add_time`: when it was added (seconds since the epoch).
        pub add_time: U64,
        /// `use_time`: when it was first used, 0 if never.
        pub use_time: U64,
    }
}

kernel_struct! {
    /// `struct xfrm_stats`: an SA's error counters.
    XfrmStats = "xfrm_stats", 12 {
        /// `replay_window`.
        pub replay_window: U32,
        /// `replay`.
        pub replay: U32,
        /// `integrity_failed`.
        pub integrity_failed: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_usersa_info`: an SA, the header of `NEWSA` and `UPDSA`.
    XfrmUsersaInfo = "xfrm_usersa_info", 224 {
        /// `sel`.
        pub sel: XfrmSelector,
        /// `id`.
        pub id: XfrmId,
        /// `saddr`.
        pub saddr: XfrmAddress,
        /// `lft`.
        pub lft: XfrmLifetimeCfg,
        /// `curlft`.
        pub curlft: XfrmLifetimeCur,
        /// `stats`.
        pub stats: XfrmStats,
        /// `seq`.
        pub seq: U32,
        /// `reqid`.
        pub reqid: U32,
        /// `family`.
        pub family: U16,
        /// `mode`: an [`XfrmMode`].
        pub mode: u8,
        /// `replay_window`.
        pub replay_window: u8,
        /// `flags`: [`SaFlags`].
        pub flags: u8,
        /// Padding.
        pub pad: [u8; 7],
    }
}

kernel_struct! {
    /// `struct xfrm_usersa_id`: what names an SA, the header of `DELSA` and `GETSA`.
    XfrmUsersaId = "xfrm_usersa_id", 24 {
        /// `daddr`.
        pub daddr: XfrmAddress,
        /// `spi` (network order).
        pub spi: Be32,
        /// `family`.
        pub family: U16,
        /// `proto`.
        pub proto: u8,
        /// Padding.
        pub pad: u8,
    }
}

kernel_struct! {
    /// `struct xfrm_userpolicy_info`: a policy, the header of `NEWPOLICY` and `UPDPOLICY`.
    XfrmUserpolicyInfo = "xfrm_userpolicy_info", 168 {
        /// `sel`.
        pub sel: XfrmSelector,
        /// `lft`.
        pub lft: XfrmLifetimeCfg,
        /// `curlft`.
        pub curlft: XfrmLifetimeCur,
        /// `priority`.
        pub priority: U32,
        /// `index`.
        pub index: U32,
        /// `dir`: a [`PolicyDir`].
        pub dir: u8,
        /// `action`: a [`PolicyAction`].
        pub action: u8,
        /// `flags`: [`PolicyFlags`].
        pub flags: u8,
        /// `share`: an [`XfrmShare`].
        pub share: u8,
        /// Padding.
        pub pad: [u8; 4],
    }
}

kernel_struct! {
    /// `struct xfrm_userpolicy_id`: what names a policy (its selector and direction, or its
    /// index), the header of `DELPOLICY` and `GETPOLICY`.
    XfrmUserpolicyId = "xfrm_userpolicy_id", 64 {
        /// `sel`.
        pub sel: XfrmSelector,
        /// `index`: when not 0, the policy is named by it alone.
        pub index: U32,
        /// `dir`.
        pub dir: u8,
        /// Padding.
        pub pad: [u8; 3],
    }
}

kernel_struct! {
    /// `struct xfrm_user_tmpl`: one template of a policy (`XFRMA_TMPL` holds several).
    XfrmUserTmpl = "xfrm_user_tmpl", 64 {
        /// `id`: destination, SPI and protocol.
        pub id: XfrmId,
        /// `family`.
        pub family: U16,
        /// Padding.
        pub pad: [u8; 2],
        /// `saddr`.
        pub saddr: XfrmAddress,
        /// `reqid`.
        pub reqid: U32,
        /// `mode`.
        pub mode: u8,
        /// `share`.
        pub share: u8,
        /// `optional`: 1 for `level use`.
        pub optional: u8,
        /// Padding.
        pub pad2: u8,
        /// `aalgos`: the allowed authentication algorithms (a bit mask).
        pub aalgos: U32,
        /// `ealgos`: the allowed encryption algorithms.
        pub ealgos: U32,
        /// `calgos`: the allowed compression algorithms.
        pub calgos: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_user_expire`: the header of `EXPIRE`.
    XfrmUserExpire = "xfrm_user_expire", 232 {
        /// `state`.
        pub state: XfrmUsersaInfo,
        /// `hard`: 1 for a hard limit.
        pub hard: u8,
        /// Padding.
        pub pad: [u8; 7],
    }
}

kernel_struct! {
    /// `struct xfrm_user_polexpire`: the header of `POLEXPIRE`.
    XfrmUserPolexpire = "xfrm_user_polexpire", 176 {
        /// `pol`.
        pub pol: XfrmUserpolicyInfo,
        /// `hard`.
        pub hard: u8,
        /// Padding.
        pub pad: [u8; 7],
    }
}

kernel_struct! {
    /// `struct xfrm_user_acquire`: the header of `ACQUIRE`.
    XfrmUserAcquire = "xfrm_user_acquire", 280 {
        /// `id`.
        pub id: XfrmId,
        /// `saddr`.
        pub saddr: XfrmAddress,
        /// `sel`.
        pub sel: XfrmSelector,
        /// `policy`.
        pub policy: XfrmUserpolicyInfo,
        /// `aalgos`.
        pub aalgos: U32,
        /// `ealgos`.
        pub ealgos: U32,
        /// `calgos`.
        pub calgos: U32,
        /// `seq`.
        pub seq: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_usersa_flush`: the header of `FLUSHSA`.
    XfrmUsersaFlush = "xfrm_usersa_flush", 1 {
        /// `proto`: the protocol to flush, 0 or [`XfrmProto::ANY`] for all.
        pub proto: u8,
    }
}

kernel_struct! {
    /// No header: `FLUSHPOLICY` and the `GETSA`/`GETPOLICY` dumps carry attributes right
    /// after `nlmsghdr`.
    NoHeader = "(none)", 0 {}
}

kernel_struct! {
    /// `struct xfrm_aevent_id`: the header of `NEWAE` and `GETAE`.
    XfrmAeventId = "xfrm_aevent_id", 48 {
        /// `sa_id`.
        pub sa_id: XfrmUsersaId,
        /// `saddr`.
        pub saddr: XfrmAddress,
        /// `flags`: `XFRM_AE_*`.
        pub flags: U32,
        /// `reqid`.
        pub reqid: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_userspi_info`: the header of `ALLOCSPI`.
    XfrmUserspiInfo = "xfrm_userspi_info", 232 {
        /// `info`.
        pub info: XfrmUsersaInfo,
        /// `min`.
        pub min: U32,
        /// `max`.
        pub max: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_user_report`: the header of `REPORT`.
    XfrmUserReport = "xfrm_user_report", 60 {
        /// `proto`.
        pub proto: u8,
        /// Padding.
        pub pad: [u8; 3],
        /// `sel`.
        pub sel: XfrmSelector,
    }
}

kernel_struct! {
    /// `struct xfrm_user_mapping`: the header of `MAPPING`.
    XfrmUserMapping = "xfrm_user_mapping", 64 {
        /// `id`.
        pub id: XfrmUsersaId,
        /// `reqid`.
        pub reqid: U32,
        /// `old_saddr`.
        pub old_saddr: XfrmAddress,
        /// `new_saddr`.
        pub new_saddr: XfrmAddress,
        /// `old_sport` (network order).
        pub old_sport: Be16,
        /// `new_sport` (network order).
        pub new_sport: Be16,
    }
}

kernel_struct! {
    /// `struct xfrm_userpolicy_default`: the header of `SETDEFAULT` and `GETDEFAULT`.
    XfrmUserpolicyDefault = "xfrm_userpolicy_default", 3 {
        /// `in`: `XFRM_USERPOLICY_*`.
        pub r#in: u8,
        /// `fwd`.
        pub fwd: u8,
        /// `out`.
        pub out: u8,
    }
}

kernel_struct! {
    /// The `u32` of flags that heads `NEWSADINFO`, `GETSADINFO`, `NEWSPDINFO` and
    /// `GETSPDINFO` (`ip` sends all ones).
    XfrmInfoFlags = "u32", 4 {
        /// The flags.
        pub flags: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_userpolicy_type` (`XFRMA_POLICY_TYPE`).
    XfrmUserpolicyType = "xfrm_userpolicy_type", 6 {
        /// `type`: a [`PolicyType`].
        pub r#type: u8,
        /// Padding.
        pub pad: u8,
        /// `reserved1`.
        pub reserved1: U16,
        /// `reserved2`.
        pub reserved2: u8,
        /// Padding.
        pub pad2: u8,
    }
}

kernel_struct! {
    /// `struct xfrm_mark` (`XFRMA_MARK`).
    XfrmMark = "xfrm_mark", 8 {
        /// `v`: the value.
        pub v: U32,
        /// `m`: the mask.
        pub m: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_encap_tmpl` (`XFRMA_ENCAP`).
    XfrmEncapTmpl = "xfrm_encap_tmpl", 24 {
        /// `encap_type`: `UDP_ENCAP_ESPINUDP` (2) and others.
        pub encap_type: U16,
        /// `encap_sport` (network order).
        pub encap_sport: Be16,
        /// `encap_dport` (network order).
        pub encap_dport: Be16,
        /// Padding.
        pub pad: [u8; 2],
        /// `encap_oa`: the original address.
        pub encap_oa: XfrmAddress,
    }
}

kernel_struct! {
    /// `struct xfrm_algo` without its key: the head of `XFRMA_ALG_CRYPT`, `XFRMA_ALG_AUTH`
    /// and `XFRMA_ALG_COMP`.
    XfrmAlgo = "xfrm_algo", 68 {
        /// `alg_name`: NUL-padded.
        pub alg_name: AlgName,
        /// `alg_key_len`: in bits.
        pub alg_key_len: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_algo_auth` without its key (`XFRMA_ALG_AUTH_TRUNC`).
    XfrmAlgoAuth = "xfrm_algo_auth", 72 {
        /// `alg_name`.
        pub alg_name: AlgName,
        /// `alg_key_len`: in bits.
        pub alg_key_len: U32,
        /// `alg_trunc_len`: in bits.
        pub alg_trunc_len: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_algo_aead` without its key (`XFRMA_ALG_AEAD`).
    XfrmAlgoAead = "xfrm_algo_aead", 72 {
        /// `alg_name`.
        pub alg_name: AlgName,
        /// `alg_key_len`: in bits.
        pub alg_key_len: U32,
        /// `alg_icv_len`: in bits.
        pub alg_icv_len: U32,
    }
}

/// `alg_name`: an algorithm's name, NUL-padded to 64 bytes.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    zerocopy::FromBytes,
    zerocopy::IntoBytes,
    zerocopy::KnownLayout,
    zerocopy::Immutable,
    zerocopy::Unaligned,
)]
#[repr(transparent)]
pub struct AlgName(pub [u8; 64]);

impl Default for AlgName {
    fn default() -> Self {
        AlgName([0; 64])
    }
}

impl AlgName {
    /// `name`, cut to 63 bytes so that a NUL always follows it.
    #[must_use]
    pub fn new(name: &str) -> Self {
        let mut a = [0u8; 64];
        for (d, s) in a.iter_mut().take(63).zip(name.bytes()) {
            *d = s;
        }
        AlgName(a)
    }

    /// The name: the bytes before the first NUL, if UTF-8 (else empty).
    #[must_use]
    pub fn as_str(&self) -> &str {
        let end = self.0.iter().position(|&b| b == 0).unwrap_or(self.0.len());
        self.0
            .get(..end)
            .and_then(|n| core::str::from_utf8(n).ok())
            .unwrap_or_default()
    }
}

kernel_struct! {
    /// `struct xfrm_replay_state` (`XFRMA_REPLAY_VAL`).
    XfrmReplayState = "xfrm_replay_state", 12 {
        /// `oseq`.
        pub oseq: U32,
        /// `seq`.
        pub seq: U32,
        /// `bitmap`.
        pub bitmap: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_replay_state_esn` without its bitmap (`XFRMA_REPLAY_ESN_VAL`).
    XfrmReplayStateEsn = "xfrm_replay_state_esn", 24 {
        /// `bmp_len`: the bitmap's length in 32-bit words.
        pub bmp_len: U32,
        /// `oseq`.
        pub oseq: U32,
        /// `seq`.
        pub seq: U32,
        /// `oseq_hi`.
        pub oseq_hi: U32,
        /// `seq_hi`.
        pub seq_hi: U32,
        /// `replay_window`.
        pub replay_window: U32,
    }
}

kernel_struct! {
    /// `struct xfrm_user_sec_ctx` without its context string (`XFRMA_SEC_CTX`).
    XfrmUserSecCtx = "xfrm_user_sec_ctx", 8 {
        /// `len`.
        pub len: U16,
        /// `exttype`.
        pub exttype: U16,
        /// `ctx_alg`.
        pub ctx_alg: u8,
        /// `ctx_doi`.
        pub ctx_doi: u8,
        /// `ctx_len`.
        pub ctx_len: U16,
    }
}

kernel_struct! {
    /// `struct xfrm_user_kmaddress` (`XFRMA_KMADDRESS`).
    XfrmUserKmaddress = "xfrm_user_kmaddress", 40 {
        /// `local`.
        pub local: XfrmAddress,
        /// `remote`.
        pub remote: XfrmAddress,
        /// `reserved`.
        pub reserved: U32,
        /// `family`.
        pub family: U16,
        /// Padding.
        pub pad: [u8; 2],
    }
}

kernel_struct! {
    /// `struct xfrm_user_migrate`: one entry of `XFRMA_MIGRATE`.
    XfrmUserMigrate = "xfrm_user_migrate", 76 {
        /// `old_daddr`.
        pub old_daddr: XfrmAddress,
        /// `old_saddr`.
        pub old_saddr: XfrmAddress,
        /// `new_daddr`.
        pub new_daddr: XfrmAddress,
        /// `new_saddr`.
        pub new_saddr: XfrmAddress,
        /// `proto`.
        pub proto: u8,
        /// `mode`.
        pub mode: u8,
        /// `reserved`.
        pub reserved: U16,
        /// `reqid`.
        pub reqid: U32,
        /// `old_family`.
        pub old_family: U16,
        /// `new_family`.
        pub new_family: U16,
    }
}

kernel_struct! {
    /// `struct xfrm_address_filter` (`XFRMA_ADDRESS_FILTER`): what an SA dump returns.
    XfrmAddressFilter = "xfrm_address_filter", 36 {
        /// `saddr`.
        pub saddr: XfrmAddress,
        /// `daddr`.
        pub daddr: XfrmAddress,
        /// `family`.
        pub family: U16,
        /// `splen`.
        pub splen: u8,
        /// `dplen`.
        pub dplen: u8,
    }
}

kernel_struct! {
    /// `struct xfrm_user_offload` (`XFRMA_OFFLOAD_DEV`).
    XfrmUserOffload = "xfrm_user_offload", 8 {
        /// `ifindex`.
        pub ifindex: I32,
        /// `flags`: `XFRM_OFFLOAD_*`.
        pub flags: u8,
        /// Padding.
        pub pad: [u8; 3],
    }
}

kernel_struct! {
    /// `struct xfrmu_sadhinfo` (`XFRMA_SAD_HINFO`).
    XfrmuSadhinfo = "xfrmu_sadhinfo", 8 {
        /// `sadhcnt`: the hash buckets.
        pub sadhcnt: U32,
        /// `sadhmcnt`: the most hash buckets allowed.
        pub sadhmcnt: U32,
    }
}

kernel_struct! {
    /// `struct xfrmu_spdinfo` (`XFRMA_SPD_INFO`).
    XfrmuSpdinfo = "xfrmu_spdinfo", 24 {
        /// `incnt`: inbound policies.
        pub incnt: U32,
        /// `outcnt`.
        pub outcnt: U32,
        /// `fwdcnt`.
        pub fwdcnt: U32,
        /// `inscnt`: inbound socket policies.
        pub inscnt: U32,
        /// `outscnt`.
        pub outscnt: U32,
        /// `fwdscnt`.
        pub fwdscnt: U32,
    }
}

kernel_struct! {
    /// `struct xfrmu_spdhinfo` (`XFRMA_SPD_HINFO`).
    XfrmuSpdhinfo = "xfrmu_spdhinfo", 8 {
        /// `spdhcnt`.
        pub spdhcnt: U32,
        /// `spdhmcnt`.
        pub spdhmcnt: U32,
    }
}

kernel_struct! {
    /// `struct xfrmu_spdhthresh` (`XFRMA_SPD_IPV4_HTHRESH`, `XFRMA_SPD_IPV6_HTHRESH`).
    XfrmuSpdhthresh = "xfrmu_spdhthresh", 2 {
        /// `lbits`.
        pub lbits: u8,
        /// `rbits`.
        pub rbits: u8,
    }
}

/// An algorithm attribute: the fixed head, then the key.
pub type AlgoAttr<'a, H> = StructArray<'a, H, u8>;

/// Calls `$m!` with its words followed by the `XFRMA_*` table, so that the one table serves
/// the declaration of the space and the accessors of every XFRM view.
macro_rules! with_xfrma {
    ($m:ident ! { $($head:tt)* }) => {
        $m! {
            $($head)*
            /// The authentication algorithm and key.
            ALG_AUTH = 1, "XFRMA_ALG_AUTH", AlgAuth(val AlgoAttr<'a, XfrmAlgo>), alg_auth;
            /// The encryption algorithm and key.
            ALG_CRYPT = 2, "XFRMA_ALG_CRYPT", AlgCrypt(val AlgoAttr<'a, XfrmAlgo>), alg_crypt;
            /// The compression algorithm.
            ALG_COMP = 3, "XFRMA_ALG_COMP", AlgComp(val AlgoAttr<'a, XfrmAlgo>), alg_comp;
            /// The UDP encapsulation (NAT traversal).
            ENCAP = 4, "XFRMA_ENCAP", Encap({XfrmEncapTmpl}), encap;
            /// A policy's templates.
            TMPL = 5, "XFRMA_TMPL", Tmpl(val StructArray<'a, NoHeader, XfrmUserTmpl>), tmpl;
            /// The SA (of a `DELSA` notification).
            SA = 6, "XFRMA_SA", Sa({XfrmUsersaInfo}), sa;
            /// The policy (of a `DELPOLICY` notification).
            POLICY = 7, "XFRMA_POLICY", Policy({XfrmUserpolicyInfo}), policy;
            /// The security context.
            SEC_CTX = 8, "XFRMA_SEC_CTX", SecCtx(val AlgoAttr<'a, XfrmUserSecCtx>), sec_ctx;
            /// The current lifetime (`NEWAE`).
            LTIME_VAL = 9, "XFRMA_LTIME_VAL", LtimeVal({XfrmLifetimeCur}), ltime_val;
            /// The replay state (`NEWAE`).
            REPLAY_VAL = 10, "XFRMA_REPLAY_VAL", ReplayVal({XfrmReplayState}), replay_val;
            /// The replay threshold.
            REPLAY_THRESH = 11, "XFRMA_REPLAY_THRESH", ReplayThresh(u32), replay_thresh;
            /// The expiry timer threshold.
            ETIMER_THRESH = 12, "XFRMA_ETIMER_THRESH", EtimerThresh(u32), etimer_thresh;
            /// The source address (of an SA's lookup or delete).
            SRCADDR = 13, "XFRMA_SRCADDR", Srcaddr({XfrmAddress}), srcaddr;
            /// The care-of address (Mobile IPv6).
            COADDR = 14, "XFRMA_COADDR", Coaddr({XfrmAddress}), coaddr;
            /// When the SA was last used.
            LASTUSED = 15, "XFRMA_LASTUSED", Lastused(u64), lastused;
            /// The policy database.
            POLICY_TYPE = 16, "XFRMA_POLICY_TYPE", PolicyType({XfrmUserpolicyType}), policy_type;
            /// The migrations (`MIGRATE`).
            MIGRATE = 17, "XFRMA_MIGRATE", Migrate(val StructArray<'a, NoHeader, XfrmUserMigrate>), migrate;
            /// The AEAD algorithm and key.
            ALG_AEAD = 18, "XFRMA_ALG_AEAD", AlgAead(val AlgoAttr<'a, XfrmAlgoAead>), alg_aead;
            /// The key manager's addresses (`MIGRATE`).
            KMADDRESS = 19, "XFRMA_KMADDRESS", Kmaddress({XfrmUserKmaddress}), kmaddress;
            /// The authentication algorithm with its truncation.
            ALG_AUTH_TRUNC = 20, "XFRMA_ALG_AUTH_TRUNC", AlgAuthTrunc(val AlgoAttr<'a, XfrmAlgoAuth>), alg_auth_trunc;
            /// The firewall mark and mask to match.
            MARK = 21, "XFRMA_MARK", Mark({XfrmMark}), mark;
            /// The traffic flow confidentiality padding.
            TFCPAD = 22, "XFRMA_TFCPAD", Tfcpad(u32), tfcpad;
            /// The extended sequence number replay state.
            REPLAY_ESN_VAL = 23, "XFRMA_REPLAY_ESN_VAL", ReplayEsnVal(val StructArray<'a, XfrmReplayStateEsn, U32>), replay_esn_val;
            /// [`SaExtraFlags`].
            SA_EXTRA_FLAGS = 24, "XFRMA_SA_EXTRA_FLAGS", SaExtraFlags(val SaExtraFlags), sa_extra_flags;
            /// The protocol to dump or flush.
            PROTO = 25, "XFRMA_PROTO", Proto(u8), proto;
            /// Which SAs a dump returns.
            ADDRESS_FILTER = 26, "XFRMA_ADDRESS_FILTER", AddressFilter({XfrmAddressFilter}), address_filter;
            /// Padding before a 64-bit attribute.
            PAD = 27, "XFRMA_PAD", Pad(bytes);
            /// The offload device.
            OFFLOAD_DEV = 28, "XFRMA_OFFLOAD_DEV", OffloadDev({XfrmUserOffload}), offload_dev;
            /// The mark set on packets (`output-mark`).
            SET_MARK = 29, "XFRMA_SET_MARK", SetMark(u32), set_mark;
            /// The mask of [`Xfrma::SET_MARK`].
            SET_MARK_MASK = 30, "XFRMA_SET_MARK_MASK", SetMarkMask(u32), set_mark_mask;
            /// The XFRM interface id.
            IF_ID = 31, "XFRMA_IF_ID", IfId(u32), if_id;
            /// The mapping change threshold of an inbound SA, in seconds.
            MTIMER_THRESH = 32, "XFRMA_MTIMER_THRESH", MtimerThresh(u32), mtimer_thresh;
        }
    };
}

with_xfrma!(family! {
    /// A view of an SA message (`NEWSA`, `UPDSA`): an [`XfrmUsersaInfo`] and attributes.
    view SaMsg(XfrmUsersaInfo, "xfrm_usersa_info");
    family "xfrm state", messages [XFRM_MSG_NEWSA, XFRM_MSG_UPDSA], groups [XfrmGroup::SA.0];
    /// `XFRMA_*`: the attribute numbers of every XFRM message.
    numbers Xfrma;
    /// A typed XFRM attribute.
    enum XfrmAttr<'a>;
});

impl Xfrma {
    /// `XFRMA_OUTPUT_MARK`: the old name of [`Xfrma::SET_MARK`].
    #[doc(alias = "XFRMA_OUTPUT_MARK")]
    pub const OUTPUT_MARK: Xfrma = Xfrma::SET_MARK;
}

/// Declares the views over the other XFRM headers, each with the `XFRMA_*` accessors.
macro_rules! xfrm_views {
    ($( $(#[$m:meta])* $View:ident($Hdr:ty, $hname:literal), $fname:literal, [$($Msg:expr),*], [$($Grp:expr),*]; )*) => {$(
        family! {
            $(#[$m])*
            view $View($Hdr, $hname);
            family $fname, messages [$($Msg),*], groups [$($Grp),*];
            space Xfrma;
        }
        with_xfrma!(attributes! { @getters $View, Xfrma, 'a; });
    )*};
}

xfrm_views! {
    /// A view of an SA id message (`DELSA`, and `GETSA` but for its dump).
    SaIdMsg(XfrmUsersaId, "xfrm_usersa_id"), "xfrm state id",
        [XFRM_MSG_DELSA, XFRM_MSG_GETSA], [XfrmGroup::SA.0];
    /// A view of a policy message (`NEWPOLICY`, `UPDPOLICY`).
    PolicyMsg(XfrmUserpolicyInfo, "xfrm_userpolicy_info"), "xfrm policy",
        [XFRM_MSG_NEWPOLICY, XFRM_MSG_UPDPOLICY], [XfrmGroup::POLICY.0];
    /// A view of a policy id message (`DELPOLICY`, and `GETPOLICY` but for its dump;
    /// `MIGRATE`).
    PolicyIdMsg(XfrmUserpolicyId, "xfrm_userpolicy_id"), "xfrm policy id",
        [XFRM_MSG_DELPOLICY, XFRM_MSG_GETPOLICY, XFRM_MSG_MIGRATE],
        [XfrmGroup::POLICY.0, XfrmGroup::MIGRATE.0];
    /// A view of a flush of SAs (`FLUSHSA`).
    FlushSaMsg(XfrmUsersaFlush, "xfrm_usersa_flush"), "xfrm state flush",
        [XFRM_MSG_FLUSHSA], [XfrmGroup::SA.0];
    /// A view of a message without a header: `FLUSHPOLICY`.
    BareMsg(NoHeader, "(none)"), "xfrm policy flush",
        [XFRM_MSG_FLUSHPOLICY], [XfrmGroup::POLICY.0];
    /// A view of an SA expiry (`EXPIRE`).
    ExpireMsg(XfrmUserExpire, "xfrm_user_expire"), "xfrm expire",
        [XFRM_MSG_EXPIRE], [XfrmGroup::EXPIRE.0];
    /// A view of a policy expiry (`POLEXPIRE`).
    PolexpireMsg(XfrmUserPolexpire, "xfrm_user_polexpire"), "xfrm polexpire",
        [XFRM_MSG_POLEXPIRE], [XfrmGroup::EXPIRE.0];
    /// A view of an acquire (`ACQUIRE`).
    AcquireMsg(XfrmUserAcquire, "xfrm_user_acquire"), "xfrm acquire",
        [XFRM_MSG_ACQUIRE], [XfrmGroup::ACQUIRE.0];
    /// A view of an SPI allocation (`ALLOCSPI`).
    AllocSpiMsg(XfrmUserspiInfo, "xfrm_userspi_info"), "xfrm allocspi",
        [XFRM_MSG_ALLOCSPI], [];
    /// A view of an SA's replay and lifetime values (`NEWAE`, `GETAE`).
    AeventMsg(XfrmAeventId, "xfrm_aevent_id"), "xfrm aevent",
        [XFRM_MSG_NEWAE, XFRM_MSG_GETAE], [XfrmGroup::AEVENTS.0];
    /// A view of a report (`REPORT`).
    ReportMsg(XfrmUserReport, "xfrm_user_report"), "xfrm report",
        [XFRM_MSG_REPORT], [XfrmGroup::REPORT.0];
    /// A view of a NAT-T mapping change (`MAPPING`).
    MappingMsg(XfrmUserMapping, "xfrm_user_mapping"), "xfrm mapping",
        [XFRM_MSG_MAPPING], [XfrmGroup::MAPPING.0];
    /// A view of the default policies (`SETDEFAULT`, `GETDEFAULT`).
    DefaultMsg(XfrmUserpolicyDefault, "xfrm_userpolicy_default"), "xfrm default",
        [XFRM_MSG_SETDEFAULT, XFRM_MSG_GETDEFAULT], [];
}

family! {
    /// A view of the SA counts (`NEWSADINFO`, `GETSADINFO`).
    view SadInfoMsg(XfrmInfoFlags, "u32");
    family "xfrm sadinfo", messages [XFRM_MSG_NEWSADINFO, XFRM_MSG_GETSADINFO], groups [];
    /// `XFRMA_SAD_*`: the attribute numbers of SA counts.
    numbers XfrmaSad;
    /// A typed SA count attribute.
    enum SadAttr<'a>;
    /// The number of SAs.
    CNT = 1, "XFRMA_SAD_CNT", Cnt(u32), cnt;
    /// The hash table's size.
    HINFO = 2, "XFRMA_SAD_HINFO", Hinfo({XfrmuSadhinfo}), hinfo;
}

family! {
    /// A view of the policy counts (`NEWSPDINFO`, `GETSPDINFO`).
    view SpdInfoMsg(XfrmInfoFlags, "u32");
    family "xfrm spdinfo", messages [XFRM_MSG_NEWSPDINFO, XFRM_MSG_GETSPDINFO], groups [];
    /// `XFRMA_SPD_*`: the attribute numbers of policy counts.
    numbers XfrmaSpd;
    /// A typed policy count attribute.
    enum SpdAttr<'a>;
    /// The counts per direction.
    INFO = 1, "XFRMA_SPD_INFO", Info({XfrmuSpdinfo}), info;
    /// The hash table's size.
    HINFO = 2, "XFRMA_SPD_HINFO", Hinfo({XfrmuSpdhinfo}), hinfo;
    /// The IPv4 hash thresholds.
    IPV4_HTHRESH = 3, "XFRMA_SPD_IPV4_HTHRESH", Ipv4Hthresh({XfrmuSpdhthresh}), ipv4_hthresh;
    /// The IPv6 hash thresholds.
    IPV6_HTHRESH = 4, "XFRMA_SPD_IPV6_HTHRESH", Ipv6Hthresh({XfrmuSpdhthresh}), ipv6_hthresh;
}

/// The dumps of SAs and policies: `GETSA` and `GETPOLICY` with `NLM_F_DUMP` carry no header,
/// only attributes (`XFRMA_ADDRESS_FILTER`, `XFRMA_PROTO`, `XFRMA_POLICY_TYPE`), as the
/// kernel reads them; without the flag they are lookups, with [`SaIdMsg`]'s and
/// [`PolicyIdMsg`]'s headers. Listed before those in [`FAMILIES`], so the check walk sees
/// both shapes.
pub const GET_DUMPS: FamilyInfo = FamilyInfo {
    name: "xfrm get",
    header: "(none) or an id",
    header_len: 0,
    messages: &[XFRM_MSG_GETSA, XFRM_MSG_GETPOLICY],
    groups: &[],
    walk: walk_get,
    attrs: attrs_of_get,
};

fn is_dump(m: Msg<'_>) -> bool {
    m.header().flags().contains(Flags::DUMP)
}

fn lookup_family(m: Msg<'_>) -> &'static FamilyInfo {
    if m.message_type() == XFRM_MSG_GETSA {
        &SaIdMsg::FAMILY
    } else {
        &PolicyIdMsg::FAMILY
    }
}

fn walk_get(m: Msg<'_>, w: &mut Walker) {
    if is_dump(m) {
        match m.attrs(0) {
            Ok(a) => walk_list::<Xfrma>(a, w),
            Err(_) => w.error(),
        }
    } else {
        (lookup_family(m).walk)(m, w);
    }
}

fn attrs_of_get(m: Msg<'_>) -> crate::Result<Attrs<'_>> {
    if is_dump(m) {
        m.attrs(0)
    } else {
        (lookup_family(m).attrs)(m)
    }
}

/// Every XFRM declaration, one line each; [`family`] looks message types up here.
pub const FAMILIES: &[&FamilyInfo] = &[
    &GET_DUMPS,
    &SaMsg::FAMILY,
    &SaIdMsg::FAMILY,
    &PolicyMsg::FAMILY,
    &PolicyIdMsg::FAMILY,
    &FlushSaMsg::FAMILY,
    &BareMsg::FAMILY,
    &ExpireMsg::FAMILY,
    &PolexpireMsg::FAMILY,
    &AcquireMsg::FAMILY,
    &AllocSpiMsg::FAMILY,
    &AeventMsg::FAMILY,
    &ReportMsg::FAMILY,
    &MappingMsg::FAMILY,
    &DefaultMsg::FAMILY,
    &SadInfoMsg::FAMILY,
    &SpdInfoMsg::FAMILY,
];

/// The declaration of XFRM message type `t`, if this crate has one.
#[must_use]
#[inline]
pub fn family(t: MessageType) -> Option<&'static FamilyInfo> {
    crate::family::family_of(FAMILIES, t)
}

/// Decodes every message of `bytes` (`NETLINK_XFRM` bytes) with its typed view, as
/// [`check::walk`](crate::check::walk) does for RTNETLINK: the entry point of the XFRM fuzz
/// target and of the capture tests.
#[must_use]
pub fn walk(bytes: &[u8]) -> crate::check::Summary {
    crate::check::walk_with(bytes, &family)
}

impl XfrmSelector {
    /// The destination prefix, when the family is known.
    #[must_use]
    pub fn dst(&self) -> Option<(IpAddr, u8)> {
        self.daddr
            .ip(self.family.get())
            .map(|a| (a, self.prefixlen_d))
    }

    /// The source prefix, when the family is known.
    #[must_use]
    pub fn src(&self) -> Option<(IpAddr, u8)> {
        self.saddr
            .ip(self.family.get())
            .map(|a| (a, self.prefixlen_s))
    }
}

#[cfg(test)]
mod tests;
