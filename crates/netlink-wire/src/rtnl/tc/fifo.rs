//! The qdiscs whose options are one kernel struct: `pfifo`, `bfifo` and `pfifo_head_drop`
//! (`struct tc_fifo_qopt`), `pfifo_fast` and `prio` (`struct tc_prio_qopt`), `multiq`
//! (`struct tc_multiq_qopt`), `skbprio` (`struct tc_skbprio_qopt`) and `plug`
//! (`struct tc_plug_qopt`). `mq`, `ingress` and `clsact` take no options.
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h`.

use zerocopy::IntoBytes;
use zerocopy::byteorder::native_endian::{I32, U16, U32};

use crate::attr::AttrWrite;
use crate::rtnl::tc::Tca;

kernel_struct! {
    /// `struct tc_fifo_qopt`: the options of `pfifo`, `bfifo` and `pfifo_head_drop`.
    TcFifoQopt = "tc_fifo_qopt", 4 {
        /// `limit`: the queue length, in packets (`pfifo`, `pfifo_head_drop`) or bytes (`bfifo`).
        pub limit: U32,
    }
}

impl TcFifoQopt {
    /// A queue of `limit` packets or bytes.
    #[must_use]
    #[inline]
    pub fn new(limit: u32) -> Self {
        TcFifoQopt {
            limit: U32::new(limit),
        }
    }
}

/// `TC_PRIO_MAX`: the largest logical priority; a priority map has `TC_PRIO_MAX + 1` entries.
pub const TC_PRIO_MAX: usize = 15;

/// The priority map `pfifo_fast` uses, and `prio` by default: logical priority (`skb->priority`
/// modulo 16) to band.
pub const DEFAULT_PRIOMAP: [u8; TC_PRIO_MAX + 1] = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];

kernel_struct! {
    /// `struct tc_prio_qopt`: the options of `prio` and `pfifo_fast`.
    TcPrioQopt = "tc_prio_qopt", 20 {
        /// `bands`: the number of bands, 2 to `TCQ_PRIO_BANDS` (16).
        pub bands: I32,
        /// `priomap`: the band of each logical priority.
        pub priomap: [u8; TC_PRIO_MAX + 1],
    }
}

impl TcPrioQopt {
    /// `bands` bands with `priomap`.
    #[must_use]
    #[inline]
    pub fn new(bands: i32, priomap: [u8; TC_PRIO_MAX + 1]) -> Self {
        TcPrioQopt {
            bands: I32::new(bands),
            priomap,
        }
    }
}

/// `TCA_PRIO_MQ`: the flag `tc ... prio multiqueue` puts in the "compat" nest after the struct
/// ([`put_prio_options`]).
pub const TCA_PRIO_MQ: u16 = 1;

/// Appends `prio`'s options as `tc` writes them: the struct, then a nested attribute of type
/// `TCA_OPTIONS` (iproute2's "compat" nest), empty, or holding the flag [`TCA_PRIO_MQ`] when
/// `multiqueue` is set. The kernel reads the struct and ignores the rest; dumps carry the
/// struct alone.
#[inline]
pub fn put_prio_options<'w, W: AttrWrite>(
    w: &'w mut W,
    opt: &TcPrioQopt,
    multiqueue: bool,
) -> &'w mut W {
    {
        let mut nest = w.nest(Tca::OPTIONS);
        nest.put_raw(opt.as_bytes());
        let mut compat = nest.nest(Tca::OPTIONS);
        if multiqueue {
            compat.put_flag(TCA_PRIO_MQ);
        }
    }
    w
}

/// Whether `prio` options in `attr` (a whole `TCA_OPTIONS`, as [`put_prio_options`] writes it)
/// carry [`TCA_PRIO_MQ`] in their compat nest. Dumps never do: the kernel reports the struct
/// alone.
#[must_use]
pub fn prio_multiqueue(attr: crate::attr::Attr<'_>) -> bool {
    let start = crate::align::align(size_of::<TcPrioQopt>()).unwrap_or(usize::MAX);
    let rest = attr.payload().get(start..).unwrap_or_default();
    crate::attr::Attrs::new(rest)
        .flatten()
        .filter(|a| a.kind() == Tca::OPTIONS.0)
        .any(|compat| compat.nested().flatten().any(|a| a.kind() == TCA_PRIO_MQ))
}

kernel_struct! {
    /// `struct tc_multiq_qopt`: the options of `multiq`.
    TcMultiqQopt = "tc_multiq_qopt", 4 {
        /// `bands`: the number of bands (set by the kernel to the number of transmit queues).
        pub bands: U16,
        /// `max_bands`: the largest number of bands.
        pub max_bands: U16,
    }
}

kernel_struct! {
    /// `struct tc_skbprio_qopt`: the options of `skbprio`.
    TcSkbprioQopt = "tc_skbprio_qopt", 4 {
        /// `limit`: the queue length, in packets.
        pub limit: U32,
    }
}

kernel_struct! {
    /// `struct tc_plug_qopt`: a command to the `plug` qdisc.
    TcPlugQopt = "tc_plug_qopt", 8 {
        /// `action`: a [`PlugAction`].
        pub action: I32,
        /// `limit`: the queue length in bytes, for `TCQ_PLUG_LIMIT`.
        pub limit: U32,
    }
}

impl TcPlugQopt {
    /// `action` with `limit`.
    #[must_use]
    #[inline]
    pub fn new(action: PlugAction, limit: u32) -> Self {
        TcPlugQopt {
            action: I32::new(action.0),
            limit: U32::new(limit),
        }
    }
}

values! {
    /// `TCQ_PLUG_*`: what a `plug` command does (`tc_plug_qopt.action`).
    PlugAction(i32);
    /// Insert a plug: buffer what comes next.
    BUFFER = 0, "TCQ_PLUG_BUFFER", "block";
    /// Release the packets up to the next plug.
    RELEASE_ONE = 1, "TCQ_PLUG_RELEASE_ONE", "release";
    /// Release everything and stop buffering until the next plug.
    RELEASE_INDEFINITE = 2, "TCQ_PLUG_RELEASE_INDEFINITE", "release_indefinite";
    /// Change the queue's limit.
    LIMIT = 3, "TCQ_PLUG_LIMIT", "limit";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::tc::tests::{builds_as_tc, object};
    use crate::rtnl::tc::{Options, TcHandle, TcMsg};

    #[test]
    fn builds_what_tc_sends_for_the_struct_kinds() {
        // `tc qdisc add dev v0 root handle 1: pfifo limit 100` (testdata/tc/req-pfifo.bin).
        builds_as_tc(
            "pfifo",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "pfifo")
                    .put_struct(Tca::OPTIONS, &TcFifoQopt::new(100));
            },
        );
        // `tc qdisc add dev v0 root bfifo limit 10000`.
        builds_as_tc(
            "bfifo",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "bfifo")
                    .put_struct(Tca::OPTIONS, &TcFifoQopt::new(10000));
            },
        );
        // `tc qdisc add dev v0 root pfifo_head_drop limit 50`.
        builds_as_tc(
            "pfifo_head_drop",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "pfifo_head_drop")
                    .put_struct(Tca::OPTIONS, &TcFifoQopt::new(50));
            },
        );
        // `tc qdisc add dev v0 root pfifo_fast`: no options.
        builds_as_tc(
            "pfifo_fast",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "pfifo_fast");
            },
        );
        // `tc qdisc add dev v0 root handle 1: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 3`.
        let mut map = DEFAULT_PRIOMAP;
        map[15] = 3;
        builds_as_tc(
            "prio",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "prio");
                put_prio_options(b, &TcPrioQopt::new(4, map), false);
            },
        );
        // `tc qdisc add dev v0 root handle 1: multiq`: bands 0, the kernel fills them in.
        builds_as_tc(
            "multiq",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "multiq")
                    .put_struct(Tca::OPTIONS, &TcMultiqQopt::default());
            },
        );
        // `tc qdisc add dev v0 root handle 1: mq`: no options.
        builds_as_tc(
            "mq",
            TcMsg::new(3, TcHandle::new(1, 0), TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "mq");
            },
        );
        // `tc qdisc add dev v0 root skbprio limit 100`.
        builds_as_tc(
            "skbprio",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "skbprio").put_struct(
                    Tca::OPTIONS,
                    &TcSkbprioQopt {
                        limit: U32::new(100),
                    },
                );
            },
        );
        // `tc qdisc add dev v0 root plug limit 10000`.
        builds_as_tc(
            "plug",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "plug")
                    .put_struct(Tca::OPTIONS, &TcPlugQopt::new(PlugAction::LIMIT, 10000));
            },
        );
        // `tc qdisc change dev v0 root plug release_indefinite` (no NLM_F_CREATE|EXCL).
        builds_as_tc(
            "plug_release",
            TcMsg::new(3, TcHandle::UNSPEC, TcHandle::ROOT),
            |b| {
                b.put_str(Tca::KIND, "plug").put_struct(
                    Tca::OPTIONS,
                    &TcPlugQopt::new(PlugAction::RELEASE_INDEFINITE, 0),
                );
            },
        );
        // `tc qdisc add dev v0 ingress` and `... clsact`: handle ffff:, parent ffff:fff1.
        for kind in ["ingress", "clsact"] {
            builds_as_tc(
                kind,
                TcMsg::new(3, TcHandle::new(0xffff, 0), TcHandle::INGRESS),
                |b| {
                    b.put_str(Tca::KIND, kind);
                },
            );
        }
    }

    #[test]
    fn decodes_the_struct_kinds() {
        let o = object("prio");
        let Some(Options::Prio(p)) = o.options().unwrap() else {
            panic!("{:?}", o.options())
        };
        // The struct is read by its prefix; tc's empty compat nest follows it.
        assert_eq!(p.get().bands.get(), 4);
        assert_eq!(p.get().priomap[15], 3);
        assert_eq!(p.as_bytes().len(), 24);
        let o = object("plug");
        let Some(Options::Plug(p)) = o.options().unwrap() else {
            panic!()
        };
        assert_eq!(PlugAction(p.get().action.get()), PlugAction::LIMIT);
        assert_eq!(PlugAction::LIMIT.to_string(), "limit");
        let o = object("pfifo_head_drop");
        assert!(
            matches!(o.options().unwrap(), Some(Options::PfifoHeadDrop(f)) if f.get().limit.get() == 50)
        );
        let o = object("multiq");
        assert!(
            matches!(o.options().unwrap(), Some(Options::Multiq(m)) if m.get().bands.get() == 0)
        );
        assert_eq!(object("mq").options().unwrap(), None);
    }

    #[test]
    fn prio_multiqueue_goes_in_the_compat_nest() {
        // `tc qdisc add dev v1 root handle 1: prio bands 3 multiqueue` sent (read under
        // strace) the struct, then TCA_OPTIONS { TCA_PRIO_MQ }: 8 bytes, the flag inside.
        let mut buf = Vec::new();
        let hdr = TcMsg::new(2, TcHandle::new(1, 0), TcHandle::ROOT);
        let mut b = crate::rtnl::tc::TcObjectMsg::builder(
            &mut buf,
            crate::rtnl::RTM_NEWQDISC,
            crate::Flags::REQUEST,
            &hdr,
        )
        .unwrap();
        put_prio_options(&mut b, &TcPrioQopt::new(3, DEFAULT_PRIOMAP), true);
        b.finish().unwrap();
        let v = crate::rtnl::tc::TcObjectMsg::parse(crate::Msg::parse(&buf).unwrap()).unwrap();
        let a = v.attr(Tca::OPTIONS.0).unwrap().unwrap();
        assert_eq!(a.payload()[20..], [8, 0, 2, 0, 4, 0, 1, 0]);
        assert!(prio_multiqueue(a));
        assert!(!prio_multiqueue(
            object("prio").attr(Tca::OPTIONS.0).unwrap().unwrap()
        ));
    }
}
