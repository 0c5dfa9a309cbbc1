//! The qdisc and class kinds as two tables: each line names a kind as `TCA_KIND` spells it and
//! the settings it carries; the enums, their names, how they are written into a request and
//! how a dump's options read back into them are generated from the lines.

use netlink_wire::MessageBuilder;
use netlink_wire::rtnl::tc::{
    TcCbsQopt, TcEtfQopt, TcHfscQopt, TcMultiqQopt, TcObjectMsg, TcPlugQopt, TcSfbQopt,
    TcSfqQoptV1, TcSkbprioQopt,
};

use crate::error::Result;
use crate::ops::tc::common::{KindOptions, RawKind, validate_kind};
use crate::ops::tc::lists::{Cake, Codel, Drr, Fq, FqCodel, FqPie, Hhf, Pie, Qfq};
use crate::ops::tc::sched::{
    Choke, Ets, EtsClass, Fifo, HfscClass, Mqprio, Netem, Prio, Red, Taprio,
};
use crate::ops::tc::shaping::{HtbClass, HtbQdisc, Tbf};

/// Declares a kind enum from its table: `typed { Variant(Settings) = "name"; }` for kinds with
/// settings, `plain { Variant = "name"; }` for kinds `tc` sends without options.
macro_rules! kind_table {
    (
        $(#[$meta:meta])* enum $Enum:ident;
        typed { $( $(#[$tdoc:meta])* $T:ident($S:ty) = $tname:literal; )* }
        plain { $( $(#[$pdoc:meta])* $P:ident = $pname:literal; )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $Enum {
            $( $(#[$tdoc])* $T($S), )*
            $( $(#[$pdoc])* $P, )*
            /// A kind without typed settings here: its name and raw options.
            Other(RawKind),
        }

        impl $Enum {
            /// The kind's name, as `TCA_KIND` carries it.
            #[must_use]
            pub fn name(&self) -> &str {
                match self {
                    $( $Enum::$T(_) => $tname, )*
                    $( $Enum::$P => $pname, )*
                    $Enum::Other(r) => &r.kind,
                }
            }

            /// Checks the settings before anything is sent.
            ///
            /// # Errors
            /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming the problem.
            pub fn validate(&self) -> Result<()> {
                match self {
                    $( $Enum::$T(s) => s.validate(), )*
                    $( $Enum::$P => Ok(()), )*
                    $Enum::Other(r) => validate_kind(&r.kind),
                }
            }

            /// Appends the options (`TCA_OPTIONS`, after `TCA_KIND`), as `tc` writes them.
            pub(crate) fn write_options(&self, b: &mut MessageBuilder<'_>) {
                match self {
                    $( $Enum::$T(s) => s.write_options(b), )*
                    $( $Enum::$P => {} )*
                    $Enum::Other(r) => r.write_options(b),
                }
            }

            /// The kind and settings of a dumped object; `Other` for a kind without typed
            /// settings here, or whose options do not read as its settings.
            ///
            /// # Errors
            /// When the kind or options are malformed.
            pub fn from_msg(m: &TcObjectMsg<'_>) -> Result<Option<$Enum>> {
                let Some(kind) = m.kind()? else { return Ok(None) };
                $( if kind == $pname {
                    return Ok(Some($Enum::$P));
                } )*
                let options = m.options()?;
                $( if kind == $tname {
                    let settings = match &options {
                        Some(o) => <$S as KindOptions>::read_options(o)?,
                        None => <$S as KindOptions>::without_options(),
                    };
                    if let Some(s) = settings {
                        return Ok(Some($Enum::$T(s)));
                    }
                } )*
                Ok(RawKind::of(m)?.map($Enum::Other))
            }
        }
    };
}

kind_table! {
    /// A qdisc's kind and its settings.
    enum QdiscKind;
    typed {
        /// `pfifo`: a packet-limited fifo.
        Pfifo(Fifo) = "pfifo";
        /// `bfifo`: a byte-limited fifo.
        Bfifo(Fifo) = "bfifo";
        /// `pfifo_head_drop`: a fifo that drops from its head.
        PfifoHeadDrop(Fifo) = "pfifo_head_drop";
        /// `prio`: strict priority bands.
        Prio(Prio) = "prio";
        /// `multiq`: a band per transmit queue.
        Multiq(TcMultiqQopt) = "multiq";
        /// `skbprio`: priority by `skb->priority`.
        Skbprio(TcSkbprioQopt) = "skbprio";
        /// `plug`: hold or release traffic.
        Plug(TcPlugQopt) = "plug";
        /// `htb`: the hierarchical token bucket.
        Htb(HtbQdisc) = "htb";
        /// `tbf`: a token bucket.
        Tbf(Tbf) = "tbf";
        /// `cbs`: the credit-based shaper.
        Cbs(TcCbsQopt) = "cbs";
        /// `etf`: earliest txtime first.
        Etf(TcEtfQopt) = "etf";
        /// `hfsc`: the hierarchical fair service curve (its default class).
        Hfsc(TcHfscQopt) = "hfsc";
        /// `ets`: enhanced transmission selection.
        Ets(Ets) = "ets";
        /// `mqprio`: traffic classes over transmit queues.
        Mqprio(Mqprio) = "mqprio";
        /// `taprio`: time-aware priority.
        Taprio(Taprio) = "taprio";
        /// `red`: random early detection.
        Red(Red) = "red";
        /// `choke`: choose and keep / choose and kill.
        Choke(Choke) = "choke";
        /// `sfb`: stochastic fair blue.
        Sfb(TcSfbQopt) = "sfb";
        /// `codel`: controlled delay.
        Codel(Codel) = "codel";
        /// `fq_codel`: fair queueing with controlled delay.
        FqCodel(FqCodel) = "fq_codel";
        /// `pie`: proportional integral controller enhanced.
        Pie(Pie) = "pie";
        /// `fq_pie`: fair queueing with pie.
        FqPie(FqPie) = "fq_pie";
        /// `hhf`: heavy-hitter filter.
        Hhf(Hhf) = "hhf";
        /// `fq`: fair queue pacing.
        Fq(Fq) = "fq";
        /// `sfq`: stochastic fairness queueing (the whole v1 struct).
        Sfq(TcSfqQoptV1) = "sfq";
        /// `cake`: common applications kept enhanced.
        Cake(Cake) = "cake";
        /// `netem`: the network emulator.
        Netem(Netem) = "netem";
    }
    plain {
        /// `pfifo_fast`: the three-band default of devices with a queue.
        PfifoFast = "pfifo_fast";
        /// `mq`: a qdisc per transmit queue.
        Mq = "mq";
        /// `ingress`: the ingress hook for filters.
        Ingress = "ingress";
        /// `clsact`: the ingress and egress hooks for filters.
        Clsact = "clsact";
        /// `noqueue`: no queue at all.
        Noqueue = "noqueue";
        /// `drr`: deficit round robin (the classes have the settings).
        Drr = "drr";
        /// `qfq`: quick fair queueing (the classes have the settings).
        Qfq = "qfq";
    }
}

kind_table! {
    /// A class's kind and its settings.
    enum ClassKind;
    typed {
        /// An `htb` class.
        Htb(HtbClass) = "htb";
        /// An `hfsc` class.
        Hfsc(HfscClass) = "hfsc";
        /// A `drr` class.
        Drr(Drr) = "drr";
        /// A `qfq` class.
        Qfq(Qfq) = "qfq";
        /// An `ets` band.
        Ets(EtsClass) = "ets";
    }
    plain {
        /// An `mq` class: a transmit queue.
        Mq = "mq";
    }
}
