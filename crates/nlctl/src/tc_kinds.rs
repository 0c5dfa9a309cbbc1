//! The words after a qdisc's or class's kind, one table per kind in `tc` 6.1's order, read
//! into the library's typed settings ([`QdiscKind`], [`ClassKind`]). A kind `tc` knows and
//! `nlctl` has no table for is refused by name; a word `tc` does not know is its error.

use netlink::netlink_wire::rtnl::tc::LinkLayer;
use netlink::ops::tc::{
    ClassKind, Codel, Fifo, FqCodel, HtbClass, HtbQdisc, Prio, QdiscKind, SizeAccounting, Tbf,
    TbfLimit,
};

use crate::cli::Spelling;
use crate::error::{CliError, Result};
use crate::tc_units;
use crate::words::Words;

/// Every qdisc kind `tc` 6.1 has a parser for: what `nlctl` refuses as not supported yet
/// rather than as unknown.
const TC_QDISC_KINDS: &[&str] = &[
    "bfifo",
    "cake",
    "cbs",
    "choke",
    "clsact",
    "codel",
    "drr",
    "etf",
    "ets",
    "fq",
    "fq_codel",
    "fq_pie",
    "gred",
    "hfsc",
    "hhf",
    "htb",
    "ingress",
    "mq",
    "mqprio",
    "multiq",
    "netem",
    "noqueue",
    "pfifo",
    "pfifo_fast",
    "pfifo_head_drop",
    "pie",
    "plug",
    "prio",
    "qfq",
    "red",
    "sfb",
    "sfq",
    "skbprio",
    "taprio",
    "tbf",
    "dsmark",
    "atm",
    "cbq",
];

/// Every filter kind `tc` 6.1 has a parser for.
const TC_FILTER_KINDS: &[&str] = &[
    "basic", "bpf", "cgroup", "flow", "flower", "fw", "matchall", "route", "rsvp", "rsvp6",
    "tcindex", "u32",
];

/// A word of a kind's table: how it may be spelled and what it reads.
struct KindWord<S> {
    name: &'static str,
    spelling: Spelling,
    read: fn(&mut S, &mut Words<'_>, &str) -> Result<()>,
}

/// Reads `w`'s words with `table` into `s`; `unknown` is the kind's error for any other word.
fn read_words<S>(
    table: &[KindWord<S>],
    s: &mut S,
    w: &mut Words<'_>,
    unknown: impl Fn(&str) -> CliError,
) -> Result<()> {
    while let Some(word) = w.next() {
        let row = table.iter().find(|r| match r.spelling {
            Spelling::Prefix => crate::cli::abbreviates(word, r.name),
            Spelling::Exact => word == r.name,
        });
        match row {
            Some(r) => (r.read)(s, w, word)?,
            None => return Err(unknown(word)),
        }
    }
    Ok(())
}

/// The value after `word`, parsed by `parse`; `bad` words the error.
fn value<T>(
    w: &mut Words<'_>,
    word: &str,
    parse: impl Fn(&str) -> Option<T>,
    bad: impl Fn(&str) -> String,
) -> Result<T> {
    let v = w.value(word)?;
    parse(v).ok_or_else(|| CliError::failed(bad(v)))
}

/// C's `strtoul` in `base` (0: C notation), the whole word, at most 32 bits, as iproute2's
/// `get_u32` checks it.
fn get_u32(s: &str, base: u32) -> Option<u32> {
    let t = s.trim_start_matches([' ', '\t', '\n']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    let (digits, radix) = match base {
        0 => {
            if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                (h, 16)
            } else if t.len() > 1 && t.starts_with('0') {
                (t.get(1..)?, 8)
            } else {
                (t, 10)
            }
        }
        16 => (
            t.strip_prefix("0x")
                .or_else(|| t.strip_prefix("0X"))
                .unwrap_or(t),
            16,
        ),
        b => (t, b),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    // strtoul negates into the unsigned long; anything but -0 leaves 32 bits.
    if neg && v != 0 {
        return None;
    }
    u32::try_from(v).ok()
}

/// `tc`'s `get_integer` in base 10: a signed int, the whole word.
fn get_int(s: &str) -> Option<i32> {
    let t = s.trim_start_matches([' ', '\t', '\n']);
    t.strip_prefix('+').unwrap_or(t).parse().ok()
}

/// `ethernet`, `atm` or `adsl`, abbreviated (`tc`'s `get_linklayer`).
pub(crate) fn linklayer(s: &str) -> Option<LinkLayer> {
    let ab = |n| crate::cli::abbreviates(s, n);
    if ab("ethernet") {
        Some(LinkLayer::ETHERNET)
    } else if ab("atm") || ab("adsl") {
        Some(LinkLayer::ATM)
    } else {
        None
    }
}

/// A rate as `tc`'s `get_rate64` reads it; a percentage of the device's speed is refused.
fn rate(s: &str) -> Option<u64> {
    if s.contains('%') {
        return None;
    }
    tc_units::rate64(s)
}

/// The settings of the qdisc of kind `kind`, read from the words after it.
pub(crate) fn qdisc(kind: &str, w: &mut Words<'_>) -> Result<QdiscKind> {
    Ok(match kind {
        "pfifo" => QdiscKind::Pfifo(fifo(kind, w)?),
        "bfifo" => QdiscKind::Bfifo(fifo(kind, w)?),
        "pfifo_head_drop" => QdiscKind::PfifoHeadDrop(fifo(kind, w)?),
        "pfifo_fast" => no_options(kind, w, QdiscKind::PfifoFast)?,
        "noqueue" => no_options(kind, w, QdiscKind::Noqueue)?,
        "mq" => no_options(kind, w, QdiscKind::Mq)?,
        "prio" => QdiscKind::Prio(prio(w)?),
        "htb" => QdiscKind::Htb(htb(w)?),
        "tbf" => QdiscKind::Tbf(tbf(w)?),
        "codel" => QdiscKind::Codel(codel(w)?),
        "fq_codel" => QdiscKind::FqCodel(fq_codel(w)?),
        k if TC_QDISC_KINDS.contains(&k) => return Err(refused("qdisc", k, w)),
        k => {
            return Err(CliError::failed(format!(
                "Unknown qdisc \"{k}\": tc has no such kind"
            )));
        }
    })
}

/// The settings of the class of kind `kind`.
pub(crate) fn class(kind: &str, w: &mut Words<'_>) -> Result<ClassKind> {
    Ok(match kind {
        "htb" => ClassKind::Htb(htb_class(w)?),
        k if TC_QDISC_KINDS.contains(&k) => return Err(refused("class", k, w)),
        k => {
            return Err(CliError::failed(format!(
                "Unknown qdisc \"{k}\": tc has no such kind"
            )));
        }
    })
}

/// The error for a filter or chain template kind: none is implemented yet.
pub(crate) fn filter_kind_refused(kind: &str, w: &Words<'_>) -> CliError {
    if TC_FILTER_KINDS.contains(&kind) {
        refused("filter", kind, w)
    } else {
        CliError::failed(format!("Unknown filter \"{kind}\": tc has no such kind"))
    }
}

/// The error for a kind `tc` knows and `nlctl` does not implement yet.
fn refused(object: &str, kind: &str, w: &Words<'_>) -> CliError {
    CliError::unsupported(format!("{}: the {object} kind {kind:?}", w.context()))
}

/// A kind that takes no words (`tc`: `qdisc 'KIND' does not support option parsing`).
fn no_options(kind: &str, w: &mut Words<'_>, k: QdiscKind) -> Result<QdiscKind> {
    match w.next() {
        None => Ok(k),
        Some(_) => Err(CliError::usage(format!(
            "qdisc '{kind}' does not support option parsing"
        ))),
    }
}

fn fifo(kind: &str, w: &mut Words<'_>) -> Result<Fifo> {
    let mut f = Fifo::default();
    while let Some(word) = w.next() {
        if word != "limit" {
            return Err(CliError::failed(format!(
                "{kind}: unknown parameter \"{word}\""
            )));
        }
        f = f.limit(value(w, word, tc_units::size, |v| {
            format!("{kind}: Illegal value for \"limit\": \"{v}\"")
        })?);
    }
    Ok(f)
}

/// prio's `priomap` reads numbers until the first other word.
fn prio(w: &mut Words<'_>) -> Result<Prio> {
    let mut p = Prio::default();
    let mut map_mode = false;
    let mut idx = 0usize;
    while let Some(word) = w.next() {
        match word {
            "bands" => {
                let b = value(
                    w,
                    word,
                    |v| get_int(v).and_then(|b| u8::try_from(b).ok()),
                    |_| "Illegal \"bands\"".to_owned(),
                )?;
                p = p.bands(b);
            }
            "priomap" if map_mode => return Err(CliError::failed("Error: duplicate priomap")),
            "priomap" => map_mode = true,
            "multiqueue" => p = p.multiqueue(true),
            _ if !map_mode => return Err(CliError::failed(format!("What is \"{word}\"?"))),
            _ => {
                let band = get_u32(word, 10)
                    .ok_or_else(|| CliError::failed("Illegal \"priomap\" element"))?;
                if band >= u32::from(p.bands) {
                    return Err(CliError::failed("\"priomap\" element is out of bands"));
                }
                let mut map = p.priomap;
                *map.get_mut(idx)
                    .ok_or_else(|| CliError::failed("\"priomap\" index > TC_PRIO_MAX=15"))? =
                    u8::try_from(band).unwrap_or(u8::MAX);
                p = p.priomap(map);
                idx += 1;
            }
        }
    }
    Ok(p)
}

/// A row of a kind's table: `word!(Prefix "name", bad("label"), PARSE, |s, v| SET)` reads
/// the value after the word with PARSE (refused with `bad("label", value)`) and runs SET
/// (a `Result<()>`) on the settings `s` with it.
macro_rules! word {
    ($sp:ident $name:literal, $bad:ident($label:literal), $parse:expr, |$s:ident, $v:ident| $set:expr) => {
        KindWord {
            name: $name,
            spelling: Spelling::$sp,
            read: |$s, w, word| {
                let $v = value(w, word, $parse, |val| $bad($label, val))?;
                $set
            },
        }
    };
}

/// htb's error for a value: `Illegal "rate"`.
fn htb_bad(label: &str, _value: &str) -> String {
    format!("Illegal \"{label}\"")
}

/// Sets `slot` once; a second value is the kind's error `dup`.
fn once<T>(slot: &mut Option<T>, v: T, dup: &str) -> Result<()> {
    if slot.is_some() {
        return Err(CliError::failed(dup));
    }
    *slot = Some(v);
    Ok(())
}

fn htb(w: &mut Words<'_>) -> Result<HtbQdisc> {
    const WORDS: &[KindWord<HtbQdisc>] = &[
        word!(Prefix "r2q", htb_bad("r2q"), |v| get_u32(v, 10), |s, v| {
            s.r2q = v;
            Ok(())
        }),
        word!(Prefix "default", htb_bad("default"), |v| get_u32(v, 16), |s, v| {
            s.default_class = v;
            Ok(())
        }),
        KindWord {
            name: "debug",
            spelling: Spelling::Prefix,
            read: |_, w, _| Err(w.unsupported("debug")),
        },
        word!(Prefix "direct_qlen", htb_bad("direct_qlen"), |v| get_u32(v, 10), |s, v| {
            s.direct_qlen = Some(v);
            Ok(())
        }),
        KindWord {
            name: "offload",
            spelling: Spelling::Prefix,
            read: |s, _, _| {
                s.offload = true;
                Ok(())
            },
        },
    ];
    let mut s = HtbQdisc::default();
    read_words(WORDS, &mut s, w, |word| {
        CliError::failed(format!("What is \"{word}\"?"))
    })?;
    Ok(s)
}

/// What htb's class words set before the class is built.
#[derive(Default)]
struct HtbClassWords {
    rate: Option<u64>,
    ceil: Option<u64>,
    burst: Option<(u32, Option<u8>)>,
    cburst: Option<(u32, Option<u8>)>,
    prio: u32,
    quantum: u32,
    accounting: SizeAccounting,
}

fn htb_class(w: &mut Words<'_>) -> Result<HtbClass> {
    type S = HtbClassWords;
    /// `burst`, `buffer` and `maxburst` are one setting; so are the three for the ceil.
    fn burst(s: &mut S, v: (u32, Option<u8>)) -> Result<()> {
        s.burst = Some(v);
        Ok(())
    }
    fn cburst(s: &mut S, v: (u32, Option<u8>)) -> Result<()> {
        s.cburst = Some(v);
        Ok(())
    }
    fn small(v: &str) -> Option<u16> {
        get_u32(v, 10).and_then(|n| u16::try_from(n).ok())
    }
    const WORDS: &[KindWord<S>] = &[
        word!(Prefix "prio", htb_bad("prio"), |v| get_u32(v, 10), |s, v| {
            s.prio = v;
            Ok(())
        }),
        word!(Prefix "mtu", htb_bad("mtu"), |v| get_u32(v, 10), |s, v| {
            s.accounting.mtu = v;
            Ok(())
        }),
        word!(Prefix "mpu", htb_bad("mpu"), small, |s, v| {
            s.accounting.mpu = v;
            Ok(())
        }),
        word!(Prefix "overhead", htb_bad("overhead"), small, |s, v| {
            s.accounting.overhead = v;
            Ok(())
        }),
        word!(Prefix "linklayer", htb_bad("linklayer"), linklayer, |s, v| {
            s.accounting.linklayer = v;
            Ok(())
        }),
        word!(Prefix "quantum", htb_bad("quantum"), |v| get_u32(v, 10), |s, v| {
            s.quantum = v;
            Ok(())
        }),
        word!(Prefix "burst", htb_bad("buffer"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Exact "buffer", htb_bad("buffer"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Exact "maxburst", htb_bad("buffer"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Prefix "cburst", htb_bad("cbuffer"), tc_units::size_and_cell, |s, v| cburst(s, v)),
        word!(Exact "cbuffer", htb_bad("cbuffer"), tc_units::size_and_cell, |s, v| cburst(s, v)),
        word!(Exact "cmaxburst", htb_bad("cbuffer"), tc_units::size_and_cell, |s, v| {
            cburst(s, v)
        }),
        word!(Exact "ceil", htb_bad("ceil"), rate, |s, v| once(&mut s.ceil, v, "Double \"ceil\" spec")),
        word!(Exact "rate", htb_bad("rate"), rate, |s, v| once(&mut s.rate, v, "Double \"rate\" spec")),
    ];
    let mut s = HtbClassWords::default();
    read_words(WORDS, &mut s, w, |word| {
        CliError::failed(format!("What is \"{word}\"?"))
    })?;
    let r = s
        .rate
        .filter(|r| *r != 0)
        .ok_or_else(|| CliError::failed("\"rate\" is required."))?;
    let mut c = HtbClass::new(r)
        .prio(s.prio)
        .quantum(s.quantum)
        .accounting(s.accounting);
    if let Some(ceil) = s.ceil.filter(|c| *c != 0) {
        c = c.ceil(ceil);
    }
    if let Some((b, cell)) = s.burst.filter(|b| b.0 != 0) {
        c = c.burst(b);
        c.cell_log = cell;
    }
    if let Some((b, cell)) = s.cburst.filter(|b| b.0 != 0) {
        c = c.cburst(b);
        c.ccell_log = cell;
    }
    Ok(c)
}

/// What tbf's words set before the qdisc is built.
#[derive(Default)]
struct TbfWords {
    rate: Option<u64>,
    peakrate: Option<u64>,
    burst: Option<(u32, Option<u8>)>,
    mtu: Option<(u32, Option<u8>)>,
    limit: Option<u32>,
    latency: Option<u32>,
    mpu: u32,
    overhead: i32,
    linklayer: Option<LinkLayer>,
}

/// tbf's error for a value: `tbf: illegal value for "limit": "x"`.
fn tbf_bad(label: &str, value: &str) -> String {
    format!("tbf: illegal value for \"{label}\": \"{value}\"")
}

/// tbf's other errors.
fn tbf_fail(msg: &str) -> CliError {
    CliError::failed(format!("tbf: {msg}"))
}

fn tbf(w: &mut Words<'_>) -> Result<Tbf> {
    type S = TbfWords;
    fn burst(s: &mut S, v: (u32, Option<u8>)) -> Result<()> {
        once(
            &mut s.burst,
            v,
            "tbf: duplicate \"buffer/burst/maxburst\" specification",
        )
    }
    fn mtu(s: &mut S, v: (u32, Option<u8>)) -> Result<()> {
        once(
            &mut s.mtu,
            v,
            "tbf: duplicate \"mtu/minburst\" specification",
        )
    }
    const WORDS: &[KindWord<S>] = &[
        word!(Prefix "limit", tbf_bad("limit"), tc_units::size, |s, v| {
            if s.latency.is_some() {
                return Err(tbf_fail("specifying both \"latency\" and \"limit\" is not allowed"));
            }
            once(&mut s.limit, v, "tbf: duplicate \"limit\" specification")
        }),
        word!(Prefix "latency", tbf_bad("latency"), tc_units::time, |s, v| {
            if s.limit.is_some() {
                return Err(tbf_fail("specifying both \"limit\" and \"/latency\" is not allowed"));
            }
            once(&mut s.latency, v, "tbf: duplicate \"latency\" specification")
        }),
        word!(Prefix "burst", tbf_bad("burst"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Exact "buffer", tbf_bad("buffer"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Exact "maxburst", tbf_bad("maxburst"), tc_units::size_and_cell, |s, v| burst(s, v)),
        word!(Exact "mtu", tbf_bad("mtu"), tc_units::size_and_cell, |s, v| mtu(s, v)),
        word!(Exact "minburst", tbf_bad("minburst"), tc_units::size_and_cell, |s, v| mtu(s, v)),
        word!(Exact "mpu", tbf_bad("mpu"), tc_units::size, |s, v| {
            s.mpu = v;
            Ok(())
        }),
        word!(Exact "rate", tbf_bad("rate"), rate, |s, v| {
            once(&mut s.rate, v, "tbf: duplicate \"rate\" specification")
        }),
        word!(Prefix "peakrate", tbf_bad("peakrate"), rate, |s, v| {
            once(&mut s.peakrate, v, "tbf: duplicate \"peakrate\" specification")
        }),
        word!(Prefix "overhead", tbf_bad("overhead"), get_int, |s, v| {
            s.overhead = v;
            Ok(())
        }),
        word!(Prefix "linklayer", tbf_bad("linklayer"), linklayer, |s, v| {
            s.linklayer = Some(v);
            Ok(())
        }),
    ];
    let mut s = TbfWords::default();
    read_words(WORDS, &mut s, w, |word| {
        tbf_fail(&format!("unknown parameter \"{word}\""))
    })?;
    let rate = s
        .rate
        .filter(|r| *r != 0)
        .ok_or_else(|| tbf_fail("the \"rate\" parameter is mandatory."))?;
    let (burst, cell_log) = s
        .burst
        .filter(|b| b.0 != 0)
        .ok_or_else(|| tbf_fail("the \"burst\" parameter is mandatory."))?;
    let peak = s.peakrate.filter(|p| *p != 0);
    let (mtu, pcell_log) = s.mtu.unwrap_or((0, None));
    if peak.is_some() && mtu == 0 {
        return Err(tbf_fail(
            "when \"peakrate\" is specified, \"mtu\" must also be specified.",
        ));
    }
    let limit = match (s.limit.filter(|l| *l != 0), s.latency.filter(|l| *l != 0)) {
        (Some(l), _) => TbfLimit::Bytes(l),
        (None, Some(l)) => TbfLimit::Latency(l),
        (None, None) => return Err(tbf_fail("either \"limit\" or \"latency\" is required.")),
    };
    let accounting = SizeAccounting::default()
        .mpu(u16::try_from(s.mpu).map_err(|_| tbf_fail("\"mpu\" is too large"))?)
        .overhead(u16::try_from(s.overhead).map_err(|_| tbf_fail("\"overhead\" is out of range"))?)
        .linklayer(s.linklayer.unwrap_or(LinkLayer::ETHERNET))
        .mtu(mtu);
    let mut t = Tbf::new(rate, burst, limit).accounting(accounting);
    t.cell_log = cell_log;
    t.pcell_log = pcell_log;
    if let Some(p) = peak {
        t = t.peakrate(p);
    }
    Ok(t)
}

/// codel's and fq_codel's words, one table: the ones a kind lacks are not in its list.
fn codel_like<S>(w: &mut Words<'_>, table: &[KindWord<S>], s: &mut S) -> Result<()> {
    read_words(table, s, w, |word| {
        CliError::failed(format!("What is \"{word}\"?"))
    })
}

/// A word that sets a field when its value is not 0, as `tc` sends only those.
macro_rules! nonzero_word {
    ($S:ty, $name:literal, $field:ident, $parse:expr) => {
        KindWord::<$S> {
            name: $name,
            spelling: Spelling::Exact,
            read: |s, w, word| {
                let v = value(w, word, $parse, |_| {
                    concat!("Illegal \"", $name, "\"").to_owned()
                })?;
                if v != 0 {
                    s.$field = Some(v);
                }
                Ok(())
            },
        }
    };
}

/// A word that sets a field whatever its value.
macro_rules! any_word {
    ($S:ty, $name:literal, $field:ident, $parse:expr) => {
        KindWord::<$S> {
            name: $name,
            spelling: Spelling::Exact,
            read: |s, w, word| {
                s.$field = Some(value(w, word, $parse, |_| {
                    concat!("Illegal \"", $name, "\"").to_owned()
                })?);
                Ok(())
            },
        }
    };
}

/// A flag word that sets a field to a value.
macro_rules! flag_word {
    ($S:ty, $name:literal, $field:ident, $v:expr) => {
        KindWord::<$S> {
            name: $name,
            spelling: Spelling::Exact,
            read: |s, _, _| {
                s.$field = Some($v);
                Ok(())
            },
        }
    };
}

fn codel(w: &mut Words<'_>) -> Result<Codel> {
    const WORDS: &[KindWord<Codel>] = &[
        nonzero_word!(Codel, "limit", limit, |v| get_u32(v, 0)),
        nonzero_word!(Codel, "target", target, tc_units::time),
        any_word!(Codel, "ce_threshold", ce_threshold, tc_units::time),
        nonzero_word!(Codel, "interval", interval, tc_units::time),
        flag_word!(Codel, "ecn", ecn, 1),
        flag_word!(Codel, "noecn", ecn, 0),
    ];
    let mut s = Codel::default();
    codel_like(w, WORDS, &mut s)?;
    Ok(s)
}

fn fq_codel(w: &mut Words<'_>) -> Result<FqCodel> {
    const WORDS: &[KindWord<FqCodel>] = &[
        nonzero_word!(FqCodel, "limit", limit, |v| get_u32(v, 0)),
        nonzero_word!(FqCodel, "flows", flows, |v| get_u32(v, 0)),
        nonzero_word!(FqCodel, "quantum", quantum, |v| get_u32(v, 0)),
        nonzero_word!(FqCodel, "drop_batch", drop_batch_size, |v| get_u32(v, 0)),
        nonzero_word!(FqCodel, "target", target, tc_units::time),
        any_word!(FqCodel, "ce_threshold", ce_threshold, tc_units::time),
        any_word!(FqCodel, "memory_limit", memory_limit, tc_units::size),
        nonzero_word!(FqCodel, "interval", interval, tc_units::time),
        flag_word!(FqCodel, "ecn", ecn, 1),
        flag_word!(FqCodel, "noecn", ecn, 0),
    ];
    let mut s = FqCodel::default();
    codel_like(w, WORDS, &mut s)?;
    Ok(s)
}
