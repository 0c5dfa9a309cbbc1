//! The typed settings of the action kinds other than `gact` and `mirred`: each kind is a
//! struct that writes its `TCA_ACT_OPTIONS` the way `tc` 6.1 writes them (`m_*.c`, in the
//! same attribute order, so that a request is byte for byte `tc`'s) and reads them back from
//! the kernel's dumps.
//!
//! Every kind implements [`ActKind`]; the [`ActionKind`](super::ActionKind) enum and its
//! dispatch are generated from one table in `action.rs`.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_wire::attr::{AttrWrite, NLA_F_NESTED, Nest};
use netlink_wire::rtnl::tc::{
    ActBpfAttr, ActBpfOptions, ActOptions, ConnmarkOptions, CsumFlags, CsumOptions, CtActFlags,
    CtAttr, CtOptions, CtinfoAttr, CtinfoOptions, ErspanOpt, ErspanOptAttr, GateAttr,
    GateEntryAttr, GateEntryView, GateListAttr, GateOptions, GeneveOpt, GeneveOptAttr, GtpOpt,
    LinkLayer, MplsAction, MplsAttr, MplsOptions, NatOptions, PacketType, PeditCmd, PeditHeader,
    PeditKeyEx, PeditOptions, PoliceAttr, PoliceOptions, PschedClock, SampleAttr, SampleOptions,
    SkbeditAttr, SkbeditFlags, SkbeditOptions, SkbmodAttr, SkbmodFlags, SkbmodOptions, SockFilter,
    TCA_NAT_FLAG_EGRESS, TcConnmark, TcCsum, TcGen, TcHandle, TcMpls, TcNat, TcPeditKey,
    TcPeditSel, TcPolice, TcRatespec, TcSkbmod, TcTunnelKey, TcVlan, TcaActBpf, TcaConnmark,
    TcaCsum, TcaCt, TcaCtinfo, TcaGate, TcaGateList, TcaGtpOpt, TcaMpls, TcaNat, TcaPedit,
    TcaPeditKeyEx, TcaPolice, TcaSample, TcaSkbedit, TcaSkbmod, TcaTunnelKey, TcaTunnelOpts,
    TcaVlan, TcaVxlanOpt, TunnelKeyAction, TunnelKeyAttr, TunnelKeyOptions, TunnelOpts, Verdict,
    VlanAction, VlanAttr, VlanOptions, VxlanOpt, put_rate_table, put_struct_array,
};
use netlink_wire::typed::PutValue;
use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::byteorder::network_endian::U32 as BeU32;

use crate::error::Result;

/// One typed action kind: its name, the control action `tc` gives it when none is written,
/// and its options written and read as `tc` and the kernel write them.
pub(crate) trait ActKind: Sized {
    /// `TCA_ACT_KIND`.
    const NAME: &'static str;
    /// The control action `tc` sends when the command line has none.
    const CONTROL: Verdict;
    /// Writes the options (inside `TCA_ACT_OPTIONS`) with the index and control action.
    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict);
    /// Reads the options of `o`, with the index and control action of its parameters; `None`
    /// when `o` is another kind's or has no parameters.
    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>>;
}

/// The index and verdict of generic parameters.
fn gen_of(g: &TcGen) -> (u32, Verdict) {
    (g.index.get(), g.verdict())
}

// ---------------------------------------------------------------------------------------------
// police

settable! {
    /// `police [rate R burst B [mtu M] [peakrate P] [overhead O] [linklayer L] [mpu M]]
    /// [avrate A] [pkts_rate N pkts_burst B] [conform-exceed EXCEED[/CONFORM]]`
    /// (`m_police.c`). The exceed verdict is the action's control action
    /// ([`TcAction::control`](super::TcAction::control); `tc` sends `reclassify` without one).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Police {
        /// `rate`: bytes per second, 0 for none (a packet rate only).
        rate: u64,
        /// `burst`: the bucket in bytes (sent in scheduler ticks at `rate`).
        burst: u32,
        /// `mtu`: the largest packet, and the cell size of the rate tables (2047 when 0).
        mtu: u32,
        /// `peakrate`: bytes per second.
        peakrate: Option<u64>,
        /// `mpu`: the minimum packet unit of the rate tables.
        mpu: u16,
        /// `overhead`: bytes added to each packet by the rate tables.
        overhead: u16,
        /// `linklayer`: `ethernet` or `atm`.
        linklayer: LinkLayer,
        /// `avrate`: the average rate in bytes per second the estimator must stay under.
        avrate: Option<u32>,
        /// `conform-exceed .../CONFORM`: the verdict within the rate (`ok`, the kernel's
        /// default, is not sent).
        conform: Verdict,
        /// `pkts_rate`: packets per second.
        pkts_rate: Option<u64>,
        /// `pkts_burst`: the packet bucket, in packets.
        pkts_burst: u64,
    }
}

impl Police {
    /// A police of `rate` bytes per second with a bucket of `burst` bytes.
    #[must_use]
    pub fn new(rate: u64, burst: u32) -> Self {
        Police {
            rate,
            burst,
            mtu: 0,
            peakrate: None,
            mpu: 0,
            overhead: 0,
            linklayer: LinkLayer::ETHERNET,
            avrate: None,
            conform: Verdict::OK,
            pkts_rate: None,
            pkts_burst: 0,
        }
    }

    /// A police of `pps` packets per second with a bucket of `burst` packets.
    #[must_use]
    pub fn packets(pps: u64, burst: u64) -> Self {
        Police {
            pkts_rate: Some(pps),
            pkts_burst: burst,
            ..Police::new(0, 0)
        }
    }
}

impl ActKind for Police {
    const NAME: &'static str = "police";
    const CONTROL: Verdict = Verdict::RECLASSIFY;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        // m_police.c: the struct, each table with its 64-bit rate, avrate, the conform
        // verdict and the packet rate, in that order.
        let clock = PschedClock::KERNEL;
        let mut p = TcPolice {
            index: U32::new(index),
            action: I32::new(control.0),
            mtu: U32::new(self.mtu),
            ..TcPolice::default()
        };
        let spec = |rate: u64, p: &mut TcRatespec| {
            *p = TcRatespec::new(rate);
            p.mpu.set(self.mpu);
            p.overhead.set(self.overhead);
            clock.rate_table64(rate, p, None, self.mtu, self.linklayer)
        };
        let rtab = (self.rate != 0).then(|| {
            p.burst.set(clock.xmit_time(self.rate, self.burst));
            spec(self.rate, &mut p.rate)
        });
        let ptab = self.peakrate.map(|r| spec(r, &mut p.peakrate));
        o.put_struct(TcaPolice::TBF, &p);
        if let Some(t) = rtab {
            put_rate_table(o, TcaPolice::RATE, &t);
            if TcRatespec::needs_rate64(self.rate) {
                PoliceAttr::Rate64(self.rate).write_to(o);
            }
        }
        if let (Some(t), Some(r)) = (ptab, self.peakrate) {
            put_rate_table(o, TcaPolice::PEAKRATE, &t);
            if TcRatespec::needs_rate64(r) {
                PoliceAttr::Peakrate64(r).write_to(o);
            }
        }
        if let Some(a) = self.avrate {
            PoliceAttr::Avrate(a).write_to(o);
        }
        if self.conform != Verdict::OK {
            PoliceAttr::Result(self.conform).write_to(o);
        }
        if let Some(pps) = self.pkts_rate {
            PoliceAttr::Pktrate64(pps).write_to(o);
            // tc converts the packet bucket as it converts a byte bucket.
            let burst = u32::try_from(self.pkts_burst).unwrap_or(u32::MAX);
            PoliceAttr::Pktburst64(u64::from(clock.xmit_time(pps, burst))).write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Police(n) = o else {
            return Ok(None);
        };
        let v = PoliceOptions::from(*n);
        let Some(t) = v.tbf()? else { return Ok(None) };
        let t = t.get();
        let clock = PschedClock::KERNEL;
        let rate = v.rate()?.unwrap_or(0);
        let pkts_rate = v.pktrate64()?;
        let pkts_burst = match (pkts_rate, v.pktburst64()?) {
            (Some(r), Some(b)) => u64::from(clock.xmit_size(r, u32::try_from(b).unwrap_or(0))),
            _ => 0,
        };
        let p = Police {
            rate,
            burst: if rate == 0 {
                0
            } else {
                clock.xmit_size(rate, t.burst.get())
            },
            mtu: t.mtu.get(),
            peakrate: v.peakrate()?.filter(|r| *r != 0),
            mpu: t.rate.mpu.get(),
            overhead: t.rate.overhead.get(),
            // Without a rate the ratespec is empty: the default link layer.
            linklayer: if rate == 0 {
                LinkLayer::ETHERNET
            } else {
                LinkLayer(t.rate.linklayer & 0x0f)
            },
            avrate: v.avrate()?,
            conform: v.result()?.unwrap_or(Verdict::OK),
            pkts_rate,
            pkts_burst,
        };
        Ok(Some((p, t.index.get(), t.verdict())))
    }
}

// ---------------------------------------------------------------------------------------------
// skbedit

settable! {
    /// `skbedit [queue_mapping Q] [priority CLASSID] [mark M[/MASK]] [ptype TYPE]
    /// [inheritdsfield]` (`m_skbedit.c`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Skbedit {
        /// `queue_mapping`: the transmit queue.
        queue_mapping: Option<u16>,
        /// `priority`: the packet's priority, a class id.
        priority: Option<TcHandle>,
        /// `mark`: the mark.
        mark: Option<u32>,
        /// `mark .../MASK`: the bits of the mark that are set.
        mask: Option<u32>,
        /// `ptype`: the packet type.
        ptype: Option<PacketType>,
        /// `inheritdsfield`: the priority from the packet's DSCP.
        inheritdsfield: bool,
    }
}

impl ActKind for Skbedit {
    const NAME: &'static str = "skbedit";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        o.put_struct(TcaSkbedit::PARMS, &TcGen::new(index, control));
        let attrs = [
            self.queue_mapping.map(SkbeditAttr::QueueMapping),
            self.priority.map(SkbeditAttr::Priority),
            self.mark.map(SkbeditAttr::Mark),
            self.mask.map(SkbeditAttr::Mask),
            self.ptype.map(SkbeditAttr::Ptype),
            self.inheritdsfield
                .then_some(SkbeditAttr::Flags(SkbeditFlags::INHERITDSFIELD)),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Skbedit(n) = o else {
            return Ok(None);
        };
        let v = SkbeditOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let s = Skbedit {
            queue_mapping: v.queue_mapping()?,
            priority: v.priority()?,
            mark: v.mark()?,
            mask: v.mask()?,
            ptype: v.ptype()?,
            inheritdsfield: v
                .flags()?
                .is_some_and(|f| f.contains(SkbeditFlags::INHERITDSFIELD)),
        };
        let (i, c) = gen_of(&p.get());
        Ok(Some((s, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// vlan

settable! {
    /// `vlan pop | push id ID [protocol P] [priority N] | modify id ID ... | pop_eth |
    /// push_eth dst_mac MAC src_mac MAC` (`m_vlan.c`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Vlan {
        /// What the action does.
        fixed action: VlanAction,
        /// `id`: the tag's id.
        id: Option<u16>,
        /// `protocol`: the tag's Ethernet type (host order: `0x88a8` for 802.1ad).
        protocol: Option<u16>,
        /// `priority`: the tag's priority.
        priority: Option<u8>,
        /// `dst_mac` of `push_eth`.
        dst_mac: Option<[u8; 6]>,
        /// `src_mac` of `push_eth`.
        src_mac: Option<[u8; 6]>,
    }
}

impl Vlan {
    /// The vlan action doing `action`, nothing else set.
    #[must_use]
    pub fn new(action: VlanAction) -> Self {
        Vlan {
            action,
            id: None,
            protocol: None,
            priority: None,
            dst_mac: None,
            src_mac: None,
        }
    }
}

impl ActKind for Vlan {
    const NAME: &'static str = "vlan";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let parms = TcVlan {
            tc_gen: TcGen::new(index, control),
            v_action: I32::new(self.action.0),
        };
        o.put_struct(TcaVlan::PARMS, &parms);
        let attrs = [
            self.id.map(VlanAttr::PushVlanId),
            self.protocol.map(VlanAttr::PushVlanProtocol),
            self.priority.map(VlanAttr::PushVlanPriority),
            self.dst_mac.map(VlanAttr::PushEthDst),
            self.src_mac.map(VlanAttr::PushEthSrc),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Vlan(n) = o else {
            return Ok(None);
        };
        let v = VlanOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let p = p.get();
        let s = Vlan {
            action: VlanAction(p.v_action.get()),
            id: v.push_vlan_id()?,
            protocol: v.push_vlan_protocol()?,
            priority: v.push_vlan_priority()?,
            dst_mac: v.push_eth_dst()?,
            src_mac: v.push_eth_src()?,
        };
        let (i, c) = gen_of(&p.tc_gen);
        Ok(Some((s, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// mpls

settable! {
    /// `mpls pop protocol P | push|mac_push [protocol P] label L [tc T] [ttl N] [bos B] |
    /// modify [label L] [tc T] [ttl N] | dec_ttl` (`m_mpls.c`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Mpls {
        /// What the action does.
        fixed action: MplsAction,
        /// `label`.
        label: Option<u32>,
        /// `protocol`: an Ethernet type in host order (`0x8847` for `mpls_uc`).
        protocol: Option<u16>,
        /// `tc`: the traffic class.
        tc: Option<u8>,
        /// `ttl`.
        ttl: Option<u8>,
        /// `bos`: the bottom-of-stack bit.
        bos: Option<u8>,
    }
}

impl Mpls {
    /// The mpls action doing `action`, nothing else set.
    #[must_use]
    pub fn new(action: MplsAction) -> Self {
        Mpls {
            action,
            label: None,
            protocol: None,
            tc: None,
            ttl: None,
            bos: None,
        }
    }
}

impl ActKind for Mpls {
    const NAME: &'static str = "mpls";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let parms = TcMpls {
            tc_gen: TcGen::new(index, control),
            m_action: I32::new(self.action.0),
        };
        o.put_struct(TcaMpls::PARMS, &parms);
        let attrs = [
            self.label.map(MplsAttr::Label),
            self.protocol.map(MplsAttr::Proto),
            self.tc.map(MplsAttr::Tc),
            self.ttl.map(MplsAttr::Ttl),
            self.bos.map(MplsAttr::Bos),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Mpls(n) = o else {
            return Ok(None);
        };
        let v = MplsOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let p = p.get();
        let s = Mpls {
            action: MplsAction(p.m_action.get()),
            label: v.label()?,
            protocol: v.proto()?,
            tc: v.tc()?,
            ttl: v.ttl()?,
            bos: v.bos()?,
        };
        let (i, c) = gen_of(&p.tc_gen);
        Ok(Some((s, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// pedit

/// One pedit key: the edit of 32 bits at an offset, and with `ex`, the header the offset
/// counts from and whether the value is set or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PeditKey {
    /// The key as the kernel takes it (`mask` kept, `val` set, at `off`).
    pub key: TcPeditKey,
    /// The extended key: header and command (only with [`Pedit::extended`]).
    pub ex: Option<(PeditHeader, PeditCmd)>,
}

impl PeditKey {
    /// Keeps the bits of `mask`, sets those of `val` (both in the packet's byte order) of the
    /// 32 bits at `off`.
    #[must_use]
    pub fn new(mask: u32, val: u32, off: u32) -> Self {
        PeditKey {
            key: TcPeditKey {
                mask: BeU32::new(mask),
                val: BeU32::new(val),
                off: U32::new(off),
                ..TcPeditKey::default()
            },
            ex: None,
        }
    }

    /// The same key counted from `header`, doing `cmd` (`ex munge ...`).
    #[must_use]
    pub fn ex(mut self, header: PeditHeader, cmd: PeditCmd) -> Self {
        self.ex = Some((header, cmd));
        self
    }
}

settable! {
    /// `pedit [ex] munge ...` (`m_pedit.c`): its keys.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Pedit {
        /// The keys, in order.
        keys: Vec<PeditKey>,
        /// `ex`: extended keys (`TCA_PEDIT_PARMS_EX` and `TCA_PEDIT_KEYS_EX`).
        extended: bool,
    }
}

impl ActKind for Pedit {
    const NAME: &'static str = "pedit";
    const CONTROL: Verdict = Verdict::OK;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let sel = TcPeditSel {
            tc_gen: TcGen::new(index, control),
            nkeys: u8::try_from(self.keys.len()).unwrap_or(u8::MAX),
            ..TcPeditSel::default()
        };
        let keys: Vec<TcPeditKey> = self.keys.iter().map(|k| k.key).collect();
        let kind = if self.extended {
            TcaPedit::PARMS_EX
        } else {
            TcaPedit::PARMS
        };
        put_struct_array(o, kind, &sel, &keys);
        if self.extended {
            let mut list = o.nest(TcaPedit::KEYS_EX.0 | NLA_F_NESTED);
            for k in &self.keys {
                let (h, c) = k.ex.unwrap_or((PeditHeader::NETWORK, PeditCmd::SET));
                list.nest(TcaPedit::KEY_EX.0 | NLA_F_NESTED)
                    .put_value(TcaPeditKeyEx::HTYPE, &h)
                    .put_value(TcaPeditKeyEx::CMD, &c);
            }
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Pedit(n) = o else {
            return Ok(None);
        };
        let v = PeditOptions::from(*n);
        let (sel, extended) = match (v.parms_ex()?, v.parms()?) {
            (Some(s), _) => (s, true),
            (None, Some(s)) => (s, false),
            (None, None) => return Ok(None),
        };
        let mut ex = Vec::new();
        if let Some(list) = v.keys_ex()? {
            for a in list.typed() {
                if let netlink_wire::rtnl::tc::PeditAttr::KeyEx(k) = a? {
                    let k = PeditKeyEx::from(k);
                    ex.push((
                        k.htype()?.unwrap_or(PeditHeader::NETWORK),
                        k.cmd()?.unwrap_or(PeditCmd::SET),
                    ));
                }
            }
        }
        let keys = sel
            .entries()
            .enumerate()
            .map(|(i, key)| PeditKey {
                key,
                ex: ex.get(i).copied(),
            })
            .collect();
        let (i, c) = gen_of(&sel.header().get().tc_gen);
        Ok(Some((Pedit { keys, extended }, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// csum, nat, connmark, sample

settable! {
    /// `csum TARGET [and TARGET]...` (`m_csum.c`): the checksums recomputed.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Csum {
        /// The checksums.
        targets: CsumFlags,
    }
}

impl ActKind for Csum {
    const NAME: &'static str = "csum";
    const CONTROL: Verdict = Verdict::OK;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let p = TcCsum {
            tc_gen: TcGen::new(index, control),
            update_flags: U32::new(self.targets.bits()),
        };
        o.put_struct(TcaCsum::PARMS, &p);
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Csum(n) = o else {
            return Ok(None);
        };
        let Some(p) = CsumOptions::from(*n).parms()? else {
            return Ok(None);
        };
        let p = p.get();
        let (i, c) = gen_of(&p.tc_gen);
        let targets = CsumFlags(p.update_flags.get());
        Ok(Some((Csum { targets }, i, c)))
    }
}

settable! {
    /// `nat ingress|egress OLD[/LEN] NEW` (`m_nat.c`): stateless translation of the
    /// destination (ingress) or source (egress) addresses in `old`'s prefix.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Nat {
        /// `egress`: translate sources on egress (else destinations on ingress).
        fixed egress: bool,
        /// The prefix matched.
        fixed old: Ipv4Addr,
        /// Its length (32: one address).
        fixed prefix_len: u8,
        /// The replacement.
        fixed new: Ipv4Addr,
    }
}

impl Nat {
    /// Translates `old/prefix_len` to `new`, on egress (sources) or ingress (destinations).
    #[must_use]
    pub fn new(egress: bool, old: Ipv4Addr, prefix_len: u8, new: Ipv4Addr) -> Self {
        Nat {
            egress,
            old,
            prefix_len,
            new,
        }
    }
}

impl ActKind for Nat {
    const NAME: &'static str = "nat";
    const CONTROL: Verdict = Verdict::OK;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let mask = u32::MAX
            .checked_shl(32u32.saturating_sub(u32::from(self.prefix_len)))
            .unwrap_or(0);
        let p = TcNat {
            tc_gen: TcGen::new(index, control),
            old_addr: self.old.octets(),
            new_addr: self.new.octets(),
            mask: mask.to_be_bytes(),
            flags: U32::new(if self.egress { TCA_NAT_FLAG_EGRESS } else { 0 }),
        };
        o.put_struct(TcaNat::PARMS, &p);
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Nat(n) = o else {
            return Ok(None);
        };
        let Some(p) = NatOptions::from(*n).parms()? else {
            return Ok(None);
        };
        let p = p.get();
        let (i, c) = gen_of(&p.tc_gen);
        let prefix_len = u8::try_from(u32::from_be_bytes(p.mask).count_ones()).unwrap_or(32);
        let nat = Nat {
            egress: p.flags.get() & TCA_NAT_FLAG_EGRESS != 0,
            old: Ipv4Addr::from(p.old_addr),
            prefix_len,
            new: Ipv4Addr::from(p.new_addr),
        };
        Ok(Some((nat, i, c)))
    }
}

settable! {
    /// `connmark [zone Z]` (`m_connmark.c`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Connmark {
        /// `zone`: the conntrack zone.
        zone: u16,
    }
}

impl ActKind for Connmark {
    const NAME: &'static str = "connmark";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let p = TcConnmark {
            tc_gen: TcGen::new(index, control),
            zone: U16::new(self.zone),
            ..TcConnmark::default()
        };
        o.put_struct(TcaConnmark::PARMS, &p);
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Connmark(n) = o else {
            return Ok(None);
        };
        let Some(p) = ConnmarkOptions::from(*n).parms()? else {
            return Ok(None);
        };
        let p = p.get();
        let (i, c) = gen_of(&p.tc_gen);
        Ok(Some((Connmark { zone: p.zone.get() }, i, c)))
    }
}

settable! {
    /// `sample rate R group G [trunc SIZE]` (`m_sample.c`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Sample {
        /// `rate`: one packet in `rate`.
        fixed rate: u32,
        /// `group`: the psample group.
        fixed group: u32,
        /// `trunc`: the bytes of each packet kept.
        trunc: Option<u32>,
    }
}

impl Sample {
    /// Samples one packet in `rate` to psample group `group`.
    #[must_use]
    pub fn new(rate: u32, group: u32) -> Self {
        Sample {
            rate,
            group,
            trunc: None,
        }
    }
}

impl ActKind for Sample {
    const NAME: &'static str = "sample";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        o.put_struct(TcaSample::PARMS, &TcGen::new(index, control));
        SampleAttr::Rate(self.rate).write_to(o);
        SampleAttr::PsampleGroup(self.group).write_to(o);
        if let Some(t) = self.trunc {
            SampleAttr::TruncSize(t).write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Sample(n) = o else {
            return Ok(None);
        };
        let v = SampleOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let s = Sample {
            rate: v.rate()?.unwrap_or(0),
            group: v.psample_group()?.unwrap_or(0),
            trunc: v.trunc_size()?,
        };
        let (i, c) = gen_of(&p.get());
        Ok(Some((s, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// tunnel_key

/// The tunnel options of `tunnel_key set` (`TCA_TUNNEL_KEY_ENC_OPTS`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TunnelOptions {
    /// `geneve_opts CLASS:TYPE:DATA[,...]`: each option's class, type and data.
    Geneve(Vec<(u16, u8, Vec<u8>)>),
    /// `vxlan_opts GBP`.
    Vxlan(u32),
    /// `erspan_opts VER:INDEX:DIR:HWID`.
    Erspan {
        /// The version (1 or 2).
        ver: u8,
        /// The index (version 1).
        index: u32,
        /// The direction (version 2).
        dir: u8,
        /// The hardware id (version 2).
        hwid: u8,
    },
    /// `gtp_opts PDU_TYPE:QFI` (flower only: `tunnel_key` has no GTP options): each field
    /// sent only when given, as `tc` sends `gtp_opts 1:` and `gtp_opts :8`.
    #[doc(alias = "TCA_FLOWER_KEY_ENC_OPTS_GTP")]
    Gtp {
        /// `TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE`.
        pdu_type: Option<u8>,
        /// `TCA_FLOWER_KEY_ENC_OPT_GTP_QFI`: the QoS flow identifier.
        qfi: Option<u8>,
    },
}

impl TunnelOptions {
    /// Writes the options as attribute `ty` (`TCA_TUNNEL_KEY_ENC_OPTS`, flower's
    /// `TCA_FLOWER_KEY_ENC_OPTS` and its mask): tc 6.1 sends the Geneve nests without
    /// NLA_F_NESTED, the others with it.
    pub(crate) fn write(&self, o: &mut Nest<'_>, ty: u16) {
        match self {
            TunnelOptions::Geneve(list) => {
                let mut opts = o.nest(ty);
                for (class, t, data) in list {
                    let mut g = opts.nest(TcaTunnelOpts::GENEVE);
                    GeneveOptAttr::Class(*class).write_to(&mut g);
                    GeneveOptAttr::Type(*t).write_to(&mut g);
                    GeneveOptAttr::Data(data).write_to(&mut g);
                }
            }
            TunnelOptions::Vxlan(gbp) => {
                o.nest(ty | NLA_F_NESTED)
                    .nest(TcaTunnelOpts::VXLAN.0 | NLA_F_NESTED)
                    .put_u32(TcaVxlanOpt::GBP, *gbp);
            }
            TunnelOptions::Erspan {
                ver,
                index,
                dir,
                hwid,
            } => {
                let mut opts = o.nest(ty | NLA_F_NESTED);
                let mut e = opts.nest(TcaTunnelOpts::ERSPAN.0 | NLA_F_NESTED);
                for a in [
                    ErspanOptAttr::Ver(*ver),
                    ErspanOptAttr::Index(*index),
                    ErspanOptAttr::Dir(*dir),
                    ErspanOptAttr::Hwid(*hwid),
                ] {
                    a.write_to(&mut e);
                }
            }
            TunnelOptions::Gtp { pdu_type, qfi } => {
                let mut opts = o.nest(ty | NLA_F_NESTED);
                let mut g = opts.nest(TcaTunnelOpts::GTP.0 | NLA_F_NESTED);
                g.put_some(TcaGtpOpt::PDU_TYPE, *pdu_type);
                g.put_some(TcaGtpOpt::QFI, *qfi);
            }
        }
    }

    /// Reads options written as [`TunnelOptions::write`] writes them: ERSPAN, else VXLAN,
    /// else GTP, else one Geneve option per Geneve nest (as tc sends them).
    pub(crate) fn read(n: netlink_wire::typed::Nested<'_, TcaTunnelOpts>) -> Result<TunnelOptions> {
        let t = TunnelOpts::from(n);
        Ok(if let Some(e) = t.erspan()? {
            let e = ErspanOpt::from(e);
            TunnelOptions::Erspan {
                ver: e.ver()?.unwrap_or(0),
                index: e.index()?.unwrap_or(0),
                dir: e.dir()?.unwrap_or(0),
                hwid: e.hwid()?.unwrap_or(0),
            }
        } else if let Some(x) = t.vxlan()? {
            TunnelOptions::Vxlan(VxlanOpt::from(x).gbp()?.unwrap_or(0))
        } else if let Some(g) = t.gtp()? {
            let g = GtpOpt::from(g);
            TunnelOptions::Gtp {
                pdu_type: g.pdu_type()?,
                qfi: g.qfi()?,
            }
        } else {
            let mut list = Vec::new();
            for a in t.typed_attrs() {
                if let netlink_wire::rtnl::tc::TunnelOptsAttr::Geneve(g) = a? {
                    let g = GeneveOpt::from(g);
                    list.push((
                        g.class()?.unwrap_or(0),
                        g.opt_type()?.unwrap_or(0),
                        g.data()?.unwrap_or_default().to_vec(),
                    ));
                }
            }
            TunnelOptions::Geneve(list)
        })
    }
}

settable! {
    /// `tunnel_key unset | set src_ip A dst_ip A [id N] [dst_port P] [geneve_opts ...|
    /// vxlan_opts ...|erspan_opts ...] [tos T] [ttl T] [csum|nocsum]` (`m_tunnel_key.c`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TunnelKey {
        /// `set` or `unset`.
        fixed action: TunnelKeyAction,
        /// `src_ip`.
        src: Option<IpAddr>,
        /// `dst_ip`.
        dst: Option<IpAddr>,
        /// `id`: the key id.
        key_id: Option<u32>,
        /// `dst_port`.
        dst_port: Option<u16>,
        /// The tunnel options.
        options: Option<TunnelOptions>,
        /// `tos`.
        tos: Option<u8>,
        /// `ttl`.
        ttl: Option<u8>,
        /// `nocsum`: no UDP checksum on the outer header.
        no_csum: bool,
    }
}

impl TunnelKey {
    /// `tunnel_key set` or `unset`, nothing else set.
    #[must_use]
    pub fn new(action: TunnelKeyAction) -> Self {
        TunnelKey {
            action,
            src: None,
            dst: None,
            key_id: None,
            dst_port: None,
            options: None,
            tos: None,
            ttl: None,
            no_csum: false,
        }
    }
}

/// Writes an address as tunnel_key's IPv4 or IPv6 attribute.
fn put_ip(
    o: &mut Nest<'_>,
    ip: Option<IpAddr>,
    v4: fn(Ipv4Addr) -> TunnelKeyAttr<'static>,
    v6: fn(Ipv6Addr) -> TunnelKeyAttr<'static>,
) {
    match ip {
        Some(IpAddr::V4(a)) => v4(a).write_to(o),
        Some(IpAddr::V6(a)) => v6(a).write_to(o),
        None => {}
    }
}

impl ActKind for TunnelKey {
    const NAME: &'static str = "tunnel_key";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        put_ip(
            o,
            self.src,
            TunnelKeyAttr::EncIpv4Src,
            TunnelKeyAttr::EncIpv6Src,
        );
        put_ip(
            o,
            self.dst,
            TunnelKeyAttr::EncIpv4Dst,
            TunnelKeyAttr::EncIpv6Dst,
        );
        let attrs = [
            self.key_id.map(TunnelKeyAttr::EncKeyId),
            self.dst_port.map(TunnelKeyAttr::EncDstPort),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
        if let Some(opts) = &self.options {
            opts.write(o, TcaTunnelKey::ENC_OPTS.0);
        }
        let attrs = [
            self.tos.map(TunnelKeyAttr::EncTos),
            self.ttl.map(TunnelKeyAttr::EncTtl),
            Some(TunnelKeyAttr::NoCsum(u8::from(self.no_csum))),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
        let p = TcTunnelKey {
            tc_gen: TcGen::new(index, control),
            t_action: I32::new(self.action.0),
        };
        o.put_struct(TcaTunnelKey::PARMS, &p);
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::TunnelKey(n) = o else {
            return Ok(None);
        };
        let v = TunnelKeyOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let p = p.get();
        let options = v.enc_opts()?.map(TunnelOptions::read).transpose()?;
        let t = TunnelKey {
            action: TunnelKeyAction(p.t_action.get()),
            src: match v.enc_ipv4_src()? {
                Some(a) => Some(IpAddr::V4(a)),
                None => v.enc_ipv6_src()?.map(IpAddr::V6),
            },
            dst: match v.enc_ipv4_dst()? {
                Some(a) => Some(IpAddr::V4(a)),
                None => v.enc_ipv6_dst()?.map(IpAddr::V6),
            },
            key_id: v.enc_key_id()?,
            dst_port: v.enc_dst_port()?,
            options,
            tos: v.enc_tos()?,
            ttl: v.enc_ttl()?,
            no_csum: v.no_csum()?.is_some_and(|c| c != 0),
        };
        let (i, c) = gen_of(&p.tc_gen);
        Ok(Some((t, i, c)))
    }
}

// ---------------------------------------------------------------------------------------------
// ct, ctinfo

/// `ct ... nat [src|dst addr MIN[-MAX] [port MIN[-MAX]]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CtNat {
    /// `src`, `dst`, or neither (`nat` alone: restore the connection's translation).
    pub src: Option<bool>,
    /// `addr MIN[-MAX]`.
    pub addrs: Option<(IpAddr, IpAddr)>,
    /// `port MIN[-MAX]`.
    pub ports: Option<(u16, u16)>,
}

impl CtNat {
    /// `nat` alone.
    #[must_use]
    pub fn new() -> Self {
        CtNat {
            src: None,
            addrs: None,
            ports: None,
        }
    }
}

impl Default for CtNat {
    fn default() -> Self {
        CtNat::new()
    }
}

settable! {
    /// `ct [commit] [force] [clear] [zone Z] [mark M[/MASK]] [label L[/MASK]] [nat ...]`
    /// (`m_ct.c`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Ct {
        /// `commit`, `force`, `clear` (the NAT bits come from [`Ct::nat`]).
        flags: CtActFlags,
        /// `zone`.
        zone: Option<u16>,
        /// `mark M/MASK`.
        mark: Option<(u32, u32)>,
        /// `label L/MASK`, as the bytes given.
        label: Option<(Vec<u8>, Vec<u8>)>,
        /// `nat ...`.
        nat: Option<CtNat>,
    }
}

impl ActKind for Ct {
    const NAME: &'static str = "ct";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let mut attrs: Vec<CtAttr<'_>> = Vec::new();
        attrs.extend(self.zone.map(CtAttr::Zone));
        if let Some((m, mask)) = self.mark {
            attrs.extend([CtAttr::Mark(m), CtAttr::MarkMask(mask)]);
        }
        if let Some((l, mask)) = &self.label {
            attrs.extend([CtAttr::Labels(l), CtAttr::LabelsMask(mask)]);
        }
        let mut flags = self.flags;
        if let Some(nat) = &self.nat {
            flags |= CtActFlags::NAT;
            match nat.src {
                Some(true) => flags |= CtActFlags::NAT_SRC,
                Some(false) => flags |= CtActFlags::NAT_DST,
                None => {}
            }
            match nat.addrs {
                Some((IpAddr::V4(a), IpAddr::V4(b))) => {
                    attrs.extend([CtAttr::NatIpv4Min(a), CtAttr::NatIpv4Max(b)]);
                }
                Some((IpAddr::V6(a), IpAddr::V6(b))) => {
                    attrs.extend([CtAttr::NatIpv6Min(a), CtAttr::NatIpv6Max(b)]);
                }
                _ => {}
            }
            if let Some((a, b)) = nat.ports {
                attrs.extend([CtAttr::NatPortMin(a), CtAttr::NatPortMax(b)]);
            }
        }
        attrs.push(CtAttr::Action(flags));
        for a in &attrs {
            a.write_to(o);
        }
        o.put_struct(TcaCt::PARMS, &TcGen::new(index, control));
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Ct(n) = o else {
            return Ok(None);
        };
        let v = CtOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let all = v.action()?.unwrap_or_default();
        let nat_bits = CtActFlags::NAT | CtActFlags::NAT_SRC | CtActFlags::NAT_DST;
        let addrs = match (v.nat_ipv4_min()?, v.nat_ipv4_max()?) {
            (Some(a), b) => Some((IpAddr::V4(a), IpAddr::V4(b.unwrap_or(a)))),
            _ => match (v.nat_ipv6_min()?, v.nat_ipv6_max()?) {
                (Some(a), b) => Some((IpAddr::V6(a), IpAddr::V6(b.unwrap_or(a)))),
                _ => None,
            },
        };
        let ports = match (v.nat_port_min()?, v.nat_port_max()?) {
            (Some(a), b) => Some((a, b.unwrap_or(a))),
            _ => None,
        };
        let nat = all.contains(CtActFlags::NAT).then(|| CtNat {
            src: if all.contains(CtActFlags::NAT_SRC) {
                Some(true)
            } else if all.contains(CtActFlags::NAT_DST) {
                Some(false)
            } else {
                None
            },
            addrs,
            ports,
        });
        let ct = Ct {
            flags: CtActFlags(all.0 & !nat_bits.0),
            zone: v.zone()?,
            mark: match v.mark()? {
                Some(m) => Some((m, v.mark_mask()?.unwrap_or(u32::MAX))),
                None => None,
            },
            label: match v.labels()? {
                Some(l) => Some((l.to_vec(), v.labels_mask()?.unwrap_or_default().to_vec())),
                None => None,
            },
            nat,
        };
        let (i, c) = gen_of(&p.get());
        Ok(Some((ct, i, c)))
    }
}

settable! {
    /// `ctinfo [dscp MASK [STATEMASK]] [cpmark [MASK]] [zone Z]` (`m_ctinfo.c`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Ctinfo {
        /// `zone` (0 by default; `tc` always sends it).
        zone: u16,
        /// `dscp MASK`: the bits of the mark that hold the DSCP.
        dscp_mask: Option<u32>,
        /// `dscp ... STATEMASK`: the bit that says the mark holds one.
        dscp_statemask: Option<u32>,
        /// `cpmark [MASK]`: copy the connection mark to the packet's, masked.
        cpmark_mask: Option<u32>,
    }
}

impl ActKind for Ctinfo {
    const NAME: &'static str = "ctinfo";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        o.put_struct(TcaCtinfo::ACT, &TcGen::new(index, control));
        let attrs = [
            Some(CtinfoAttr::Zone(self.zone)),
            self.dscp_mask.map(CtinfoAttr::ParmsDscpMask),
            self.dscp_statemask.map(CtinfoAttr::ParmsDscpStatemask),
            self.cpmark_mask.map(CtinfoAttr::ParmsCpmarkMask),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Ctinfo(n) = o else {
            return Ok(None);
        };
        let v = CtinfoOptions::from(*n);
        let Some(p) = v.act()? else { return Ok(None) };
        let c = Ctinfo {
            zone: v.zone()?.unwrap_or(0),
            dscp_mask: v.dscp_mask()?,
            dscp_statemask: v.dscp_statemask()?,
            cpmark_mask: v.cpmark_mask()?,
        };
        let (i, ctl) = gen_of(&p.get());
        Ok(Some((c, i, ctl)))
    }
}

// ---------------------------------------------------------------------------------------------
// bpf, skbmod, gate

settable! {
    /// `bpf bytecode ... | object-pinned/fd` (`m_bpf.c`): a classic program, or an eBPF
    /// program's descriptor and name.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ActBpf {
        /// `bytecode`: classic BPF instructions.
        ops: Vec<SockFilter>,
        /// An eBPF program's descriptor in the sending process.
        fd: Option<u32>,
        /// Its name (`FILE:[SECTION]`, as `tc` names it).
        name: Option<String>,
    }
}

impl ActKind for ActBpf {
    const NAME: &'static str = "bpf";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        if !self.ops.is_empty() {
            ActBpfAttr::OpsLen(u16::try_from(self.ops.len()).unwrap_or(u16::MAX)).write_to(o);
            put_struct_array(o, TcaActBpf::OPS, &(), &self.ops);
        }
        if let Some(fd) = self.fd {
            ActBpfAttr::Fd(fd).write_to(o);
        }
        if let Some(n) = &self.name {
            ActBpfAttr::Name(n).write_to(o);
        }
        o.put_struct(TcaActBpf::PARMS, &TcGen::new(index, control));
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Bpf(n) = o else {
            return Ok(None);
        };
        let v = ActBpfOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let b = ActBpf {
            ops: v.ops()?.map(|o| o.entries().collect()).unwrap_or_default(),
            fd: v.fd()?,
            name: v.name()?.map(str::to_owned),
        };
        let (i, c) = gen_of(&p.get());
        Ok(Some((b, i, c)))
    }
}

settable! {
    /// `skbmod [set dmac MAC] [set smac MAC] [set etype TYPE] [swap mac] [ecn]`
    /// (`m_skbmod.c`).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Skbmod {
        /// `set dmac`.
        dmac: Option<[u8; 6]>,
        /// `set smac`.
        smac: Option<[u8; 6]>,
        /// `set etype`: host order.
        etype: Option<u16>,
        /// `swap mac`.
        swap_mac: bool,
        /// `ecn`.
        ecn: bool,
    }
}

impl ActKind for Skbmod {
    const NAME: &'static str = "skbmod";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        let mut flags = SkbmodFlags::EMPTY;
        for (on, f) in [
            (self.dmac.is_some(), SkbmodFlags::DMAC),
            (self.smac.is_some(), SkbmodFlags::SMAC),
            (self.etype.is_some(), SkbmodFlags::ETYPE),
            (self.swap_mac, SkbmodFlags::SWAPMAC),
            (self.ecn, SkbmodFlags::ECN),
        ] {
            if on {
                flags |= f;
            }
        }
        let p = TcSkbmod {
            tc_gen: TcGen::new(index, control),
            flags: U64::new(flags.bits()),
            ..TcSkbmod::default()
        };
        o.put_struct(TcaSkbmod::PARMS, &p);
        // m_skbmod.c writes the type between the two addresses.
        let attrs = [
            self.dmac.map(SkbmodAttr::Dmac),
            self.etype.map(SkbmodAttr::Etype),
            self.smac.map(SkbmodAttr::Smac),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Skbmod(n) = o else {
            return Ok(None);
        };
        let v = SkbmodOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let p = p.get();
        let flags = SkbmodFlags(p.flags.get());
        let s = Skbmod {
            dmac: v.dmac()?,
            smac: v.smac()?,
            etype: v.etype()?,
            swap_mac: flags.contains(SkbmodFlags::SWAPMAC),
            ecn: flags.contains(SkbmodFlags::ECN),
        };
        let (i, c) = gen_of(&p.tc_gen);
        Ok(Some((s, i, c)))
    }
}

/// One `sched-entry open|close INTERVAL [IPV [MAX_OCTETS]]` of a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GateEntry {
    /// `open` (else `close`).
    pub open: bool,
    /// The interval in nanoseconds.
    pub interval: u32,
    /// The internal priority value, -1 for none.
    pub ipv: i32,
    /// The most bytes let through, -1 for no limit.
    pub max_octets: i32,
}

impl GateEntry {
    /// An entry open or closed for `interval` nanoseconds, no priority, no limit.
    #[must_use]
    pub fn new(open: bool, interval: u32) -> Self {
        GateEntry {
            open,
            interval,
            ipv: -1,
            max_octets: -1,
        }
    }
}

settable! {
    /// `gate [priority P] [base-time T] [cycle-time T] [cycle-time-ext T] [clockid C]
    /// sched-entry ...` (`m_gate.c`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Gate {
        /// `priority`.
        priority: Option<i32>,
        /// `base-time`, nanoseconds.
        base_time: Option<u64>,
        /// `cycle-time`, nanoseconds.
        cycle_time: Option<u64>,
        /// `cycle-time-ext`, nanoseconds.
        cycle_time_ext: Option<u64>,
        /// `clockid`: a `CLOCK_*` number (`CLOCK_TAI` is 11).
        clockid: Option<i32>,
        /// The schedule.
        entries: Vec<GateEntry>,
    }
}

impl ActKind for Gate {
    const NAME: &'static str = "gate";
    const CONTROL: Verdict = Verdict::PIPE;

    fn write(&self, o: &mut Nest<'_>, index: u32, control: Verdict) {
        o.put_struct(TcaGate::PARMS, &TcGen::new(index, control));
        let attrs = [
            self.priority.map(GateAttr::Priority),
            self.base_time.map(GateAttr::BaseTime),
            self.cycle_time.map(GateAttr::CycleTime),
            self.cycle_time_ext.map(GateAttr::CycleTimeExt),
            self.clockid.map(GateAttr::Clockid),
        ];
        for a in attrs.iter().flatten() {
            a.write_to(o);
        }
        let mut list = o.nest(TcaGate::ENTRY_LIST.0 | NLA_F_NESTED);
        for e in &self.entries {
            let mut n = list.nest(TcaGateList::ENTRY.0 | NLA_F_NESTED);
            if e.open {
                GateEntryAttr::Gate(()).write_to(&mut n);
            }
            GateEntryAttr::Interval(e.interval).write_to(&mut n);
            GateEntryAttr::Ipv(e.ipv).write_to(&mut n);
            GateEntryAttr::MaxOctets(e.max_octets).write_to(&mut n);
        }
    }

    fn read(o: &ActOptions<'_>) -> Result<Option<(Self, u32, Verdict)>> {
        let ActOptions::Gate(n) = o else {
            return Ok(None);
        };
        let v = GateOptions::from(*n);
        let Some(p) = v.parms()? else { return Ok(None) };
        let mut entries = Vec::new();
        if let Some(list) = v.entry_list()? {
            for a in list.typed() {
                if let GateListAttr::Entry(e) = a? {
                    let e = GateEntryView::from(e);
                    entries.push(GateEntry {
                        open: e.gate()?.is_some(),
                        interval: e.interval()?.unwrap_or(0),
                        ipv: e.ipv()?.unwrap_or(-1),
                        max_octets: e.max_octets()?.unwrap_or(-1),
                    });
                }
            }
        }
        let g = Gate {
            priority: v.priority()?,
            base_time: v.base_time()?,
            cycle_time: v.cycle_time()?,
            cycle_time_ext: v.cycle_time_ext()?,
            clockid: v.clockid()?,
            entries,
        };
        let (i, c) = gen_of(&p.get());
        Ok(Some((g, i, c)))
    }
}
