//! The words of `tc` 6.1's classifiers, read as `f_u32.c`, `f_flower.c`, `f_basic.c`,
//! `f_cgroup.c`, `f_fw.c`, `f_route.c`, `f_flow.c` and `f_bpf.c` read them (`matchall` is read
//! with the actions, in `tc_actions.rs`).
//!
//! `tc` writes most words as attributes where they stand; the library writes each kind in one
//! order (its usage line's). A command line whose words `tc` would write in another order is
//! refused by name ("write X before Y"), so that what `nlctl` sends is always what `tc` sends.
//! Extended matches (`match` of basic, cgroup and flow) are `tc_ematch.rs`'s. The words
//! `nlctl` does not implement (an old-style police, tunnel
//! options, `sample`, an eBPF object) are refused by name, before anything is sent.

use std::net::IpAddr;

use netlink::netlink_wire::rtnl::tc::{
    ClsFlags, CtStateFlags, FlowKeys, FlowMode, FlowerKeyFlags, SockFilter, TcHandle, TcU32Key,
    U32SelFlags, u32_handle,
};
use netlink::ops::tc::{
    Basic, Bpf, BpfProgram, Cgroup, FilterKind, Flow, Flower, FlowerKey, Fw, MplsLseField, Route,
    TunnelOptions, U32, U32Selector,
};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::tc_actions::{ActionList, parse_action_list};
use crate::tc_args::{classid, device_index};
use crate::words::Words;

/// A filter kind as read: `matchall` by `tc_actions.rs`, the others here.
#[derive(Debug, Clone)]
pub(crate) enum FilterWords {
    /// `matchall`.
    Matchall(crate::tc_actions::FilterSpec),
    /// The kinds of this module.
    Typed(Spec),
}

impl FilterWords {
    /// The kind, resolved in `ctx`'s namespace, and the handle it gives the filter, if any.
    pub(crate) fn resolve(&self, ctx: &Ctx<'_>) -> Result<(FilterKind, Option<u32>)> {
        match self {
            FilterWords::Matchall(m) => Ok((m.resolve(ctx)?, None)),
            FilterWords::Typed(s) => s.resolve(ctx),
        }
    }

    /// The handle the kind read, if any.
    pub(crate) fn handle(&self) -> Option<u32> {
        match self {
            FilterWords::Matchall(_) => None,
            FilterWords::Typed(s) => s.handle,
        }
    }
}

/// The kinds this module reads.
const KINDS: &[&str] = &[
    "u32", "flower", "basic", "cgroup", "fw", "route", "flow", "bpf",
];

/// A filter kind as read: the typed kind without its actions, and the names resolved when
/// the command runs.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    kind: FilterKind,
    actions: Option<ActionList>,
    /// `route`'s `fromif`.
    fromif: Option<String>,
    /// The handle in the kind's notation, when one was given.
    pub(crate) handle: Option<u32>,
}

impl Spec {
    /// The kind, its actions and devices resolved in `ctx`'s namespace; the handle `route`
    /// computes when none was given.
    pub(crate) fn resolve(&self, ctx: &Ctx<'_>) -> Result<(FilterKind, Option<u32>)> {
        let actions = match &self.actions {
            Some(a) => a.resolve(ctx)?,
            None => Vec::new(),
        };
        let mut handle = self.handle;
        let kind = match self.kind.clone() {
            FilterKind::U32(k) => k.actions(actions).into(),
            FilterKind::Flower(k) => k.actions(actions).into(),
            FilterKind::Basic(k) => k.actions(actions).into(),
            FilterKind::Cgroup(k) => k.actions(actions).into(),
            FilterKind::Fw(k) => k.actions(actions).into(),
            FilterKind::Flow(k) => k.actions(actions).into(),
            FilterKind::Bpf(k) => k.actions(actions).into(),
            FilterKind::Route(mut r) => {
                if let Some(d) = &self.fromif {
                    r.fromif = Some(device_index(ctx, d)?);
                }
                handle = handle.or(Some(r.handle()));
                r.actions(actions).into()
            }
            k => k,
        };
        Ok((kind, handle))
    }
}

/// The order in which a kind writes its words: each word has a rank, and a word of a lower
/// rank after one of a higher is refused, as are two of one word.
#[derive(Debug, Default)]
struct Order {
    last: Option<(u8, &'static str)>,
    seen: Vec<&'static str>,
}

impl Order {
    fn see(&mut self, rank: u8, word: &'static str, w: &Words<'_>) -> Result<()> {
        if self.seen.contains(&word) {
            // tc writes the attribute twice; nlctl keeps one.
            return Err(w.unsupported(&format!("a second \"{word}\"")));
        }
        if let Some((r, before)) = self.last
            && r > rank
        {
            return Err(CliError::unsupported(format!(
                "{}: \"{word}\" after \"{before}\" (write it before)",
                w.context()
            )));
        }
        self.seen.push(word);
        self.last = Some((rank, word));
        Ok(())
    }
}

/// Reads the words of `kind`; `None` for a kind this module does not read. `handle` is the
/// word after `handle`, `protocol` the filter's EtherType, if given.
pub(crate) fn parse(
    kind: &str,
    w: &mut Words<'_>,
    handle: Option<&str>,
    protocol: Option<u16>,
) -> Result<Option<Spec>> {
    if !KINDS.contains(&kind) {
        return Ok(None);
    }
    let mut spec = Spec {
        kind: FilterKind::Raw(netlink::ops::tc::RawKind::new(kind)),
        actions: None,
        fromif: None,
        handle: None,
    };
    spec.handle = match (kind, handle) {
        (_, None) => None,
        ("u32", Some(h)) => Some(u32_handle_word(h, "handle")?.0),
        // cgroup reads its handle with strtol: the digits before anything else.
        ("cgroup", Some(h)) => Some(leading_number(h)),
        ("fw", Some(h)) => {
            let (mark, mask) = h.split_once('/').map_or((h, None), |(a, m)| (a, Some(m)));
            if let Some(m) = mask {
                let m = c_number(m, "Illegal \"handle\" mask")?;
                spec.kind = FilterKind::Fw(Fw::default().mask(m));
            }
            Some(c_number(mark, "Illegal \"handle\"")?)
        }
        (_, Some(h)) => Some(c_number(h, "Illegal \"handle\"")?),
    };
    // Without words, tc sends the kind without options (a delete, a get); flower writes its
    // flags and protocol all the same.
    if w.peek().is_none() && !matches!(kind, "flower" | "flow" | "bpf") {
        spec.kind = FilterKind::Raw(netlink::ops::tc::RawKind::new(kind));
        return Ok(Some(spec));
    }
    spec.kind = match kind {
        "u32" => FilterKind::U32(parse_u32(w, &mut spec)?),
        "flower" => FilterKind::Flower(parse_flower(w, &mut spec, protocol)?),
        "basic" => {
            let mut b = Basic::default();
            let mut order = Order::default();
            while let Some(word) = w.next() {
                match word {
                    "match" => {
                        order.see(0, "match", w)?;
                        b.ematches = Some(crate::tc_ematch::parse(w)?.to_bytes());
                    }
                    "classid" | "flowid" => {
                        order.see(1, "classid", w)?;
                        b.classid = Some(class(w, word)?);
                    }
                    "action" | "actions" => actions(w, &mut spec, &mut order, 2)?,
                    "police" => return Err(w.unsupported(word)),
                    _ => return Err(what_is(word)),
                }
            }
            FilterKind::Basic(b)
        }
        "cgroup" => {
            let mut order = Order::default();
            let mut c = Cgroup::default();
            while let Some(word) = w.next() {
                match word {
                    "match" => {
                        order.see(0, "match", w)?;
                        c.ematches = Some(crate::tc_ematch::parse(w)?.to_bytes());
                    }
                    "action" | "actions" => actions(w, &mut spec, &mut order, 1)?,
                    "police" => return Err(w.unsupported(word)),
                    _ => return Err(what_is(word)),
                }
            }
            FilterKind::Cgroup(c)
        }
        "fw" => {
            let mut f = match &spec.kind {
                FilterKind::Fw(f) => f.clone(),
                _ => Fw::default(),
            };
            let mut order = Order::default();
            while let Some(word) = w.next() {
                match word {
                    "classid" | "flowid" => {
                        order.see(0, "classid", w)?;
                        f.classid = Some(class(w, word)?);
                    }
                    "indev" => {
                        order.see(1, "indev", w)?;
                        f.indev = Some(w.value(word)?.to_owned());
                    }
                    "action" | "actions" => actions(w, &mut spec, &mut order, 2)?,
                    "police" => return Err(w.unsupported(word)),
                    _ => return Err(what_is(word)),
                }
            }
            FilterKind::Fw(f)
        }
        "route" => FilterKind::Route(parse_route(w, &mut spec)?),
        "flow" => FilterKind::Flow(parse_flow(w, &mut spec)?),
        "bpf" => FilterKind::Bpf(parse_bpf(w, &mut spec)?),
        _ => return Ok(None),
    };
    Ok(Some(spec))
}

/// tc's error for a word a kind does not know.
fn what_is(word: &str) -> CliError {
    CliError::usage(format!("What is \"{word}\"?"))
}

/// `action ...`: the rest of the line, as `tc`'s `parse_action` reads it.
fn actions(w: &mut Words<'_>, spec: &mut Spec, order: &mut Order, rank: u8) -> Result<()> {
    order.see(rank, "action", w)?;
    // tc's NEXT_ARG before `parse_action`.
    if w.peek().is_none() {
        return Err(CliError::Incomplete);
    }
    spec.actions = Some(parse_action_list(w)?);
    Ok(())
}

/// The class after `classid` or `flowid`.
fn class(w: &mut Words<'_>, word: &str) -> Result<TcHandle> {
    classid(w.value(word)?, "Illegal \"classid\"")
}

/// An unsigned number in C's notation.
fn c_number(s: &str, what: &str) -> Result<u32> {
    crate::cli::c_unsigned(s).ok_or_else(|| CliError::usage(format!("{what} \"{s}\"")))
}

/// A number in hexadecimal, with or without `0x` (`strtoul` with base 16).
fn hex_number(s: &str, what: &str) -> Result<u32> {
    let digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    u32::from_str_radix(digits, 16).map_err(|_| CliError::usage(format!("{what} \"{s}\"")))
}

/// A number of type `T` in C's notation.
fn c_small<T: TryFrom<u32>>(s: &str, what: &str) -> Result<T> {
    T::try_from(c_number(s, what)?).map_err(|_| CliError::usage(format!("{what} \"{s}\"")))
}

/// A decimal number no greater than `max`, of type `T`.
fn decimal<T: TryFrom<u32>>(v: &str, max: u32, word: &str) -> Result<T> {
    v.parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| CliError::usage(format!("Illegal \"{word}\"")))
}

/// The number `strtol` reads at the start of `s` (0 when there is none).
fn leading_number(s: &str) -> u32 {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.get(..end).and_then(|d| d.parse().ok()).unwrap_or(0)
}

/// A u32 handle `HT:[BKT:[NODE]]`, each part hexadecimal and empty for 0.
fn u32_handle_word(s: &str, what: &str) -> Result<TcHandle> {
    let bad = || CliError::usage(format!("Illegal \"{what}\" \"{s}\""));
    let mut parts = s.splitn(3, ':');
    let mut part = |max: u32| -> Result<u32> {
        match parts.next() {
            None | Some("") => Ok(0),
            Some(p) => u32::from_str_radix(p, 16)
                .ok()
                .filter(|v| *v <= max)
                .ok_or_else(bad),
        }
    };
    let (ht, bkt, node) = (part(0xfff)?, part(0xff)?, part(0xfff)?);
    let to = |v: u32| u16::try_from(v).map_err(|_| bad());
    Ok(u32_handle(
        to(ht)?,
        u8::try_from(bkt).map_err(|_| bad())?,
        to(node)?,
    ))
}

// ---------------------------------------------------------------------------------------
// u32

/// Adds the key `val & mask` at `off` as `tc`'s `pack_key` does: merged into a key at the same
/// offset, or appended.
fn pack_key(keys: &mut Vec<TcU32Key>, val: u32, mask: u32, off: i32, nexthdr: bool) -> Result<()> {
    let offmask = if nexthdr { -1 } else { 0 };
    let val = val & mask;
    for k in keys.iter_mut() {
        if k.off.get() == off && k.offmask.get() == offmask {
            if (k.val.get() ^ val) & k.mask.get() & mask != 0 {
                return Err(CliError::usage(
                    "key conflict: two matches of one word that cannot both hold",
                ));
            }
            k.val.set(k.val.get() | val);
            k.mask.set(k.mask.get() | mask);
            return Ok(());
        }
    }
    if keys.len() >= 128 {
        return Err(CliError::usage("too many keys"));
    }
    let mut k = TcU32Key::new(val, mask, off);
    k.offmask.set(offmask);
    keys.push(k);
    Ok(())
}

/// A key of `bits` (8, 16 or 32) at `off`, placed in its aligned 32-bit word.
fn pack_sized(
    keys: &mut Vec<TcU32Key>,
    bits: u32,
    val: u32,
    mask: u32,
    off: i32,
    nexthdr: bool,
) -> Result<()> {
    let limit = if bits == 32 {
        u32::MAX
    } else {
        (1u32 << bits) - 1
    };
    if val > limit || mask > limit {
        return Err(CliError::usage(format!(
            "a {bits}-bit value or mask too large"
        )));
    }
    let within = off.rem_euclid(4);
    let bytes = i32::try_from(bits / 8).unwrap_or(4);
    if within % bytes != 0 {
        return Err(CliError::usage(format!(
            "offset {off} is not aligned for {bits} bits"
        )));
    }
    let shift = u32::try_from(32 - 8 * (within + bytes)).unwrap_or(0);
    pack_key(keys, val << shift, mask << shift, off - within, nexthdr)
}

/// `VALUE MASK` of a `match`.
fn value_mask(w: &mut Words<'_>, what: &str) -> Result<(u32, u32)> {
    let v = c_number(selector_value(w)?, &format!("Illegal \"{what}\" value"))?;
    let m = c_number(selector_value(w)?, &format!("Illegal \"{what}\" mask"))?;
    Ok((v, m))
}

/// A value inside a `match` selector, after its kind and field: tc's selector parsers count
/// the words left and refuse a missing one as `Illegal "match"` (exit 1), where the kind and
/// the field are `NEXT_ARG`'s (exit 255).
fn selector_value<'a>(w: &mut Words<'a>) -> Result<&'a str> {
    w.next()
        .ok_or_else(|| CliError::failed("Illegal \"match\""))
}

/// `at [nexthdr+]OFF`.
fn at(w: &mut Words<'_>) -> Result<(i32, bool)> {
    if w.next() != Some("at") {
        return Err(CliError::usage(
            "Illegal \"match\": \"at OFFSET\" is needed",
        ));
    }
    let v = w.value("at")?;
    let (nexthdr, n) = v.strip_prefix("nexthdr+").map_or((false, v), |n| (true, n));
    let off = n
        .parse::<i32>()
        .map_err(|_| CliError::usage(format!("Illegal \"at\" \"{v}\"")))?;
    Ok((off, nexthdr))
}

/// `ADDR/LEN` of IPv4 at `off`, or of IPv6 at `off` (four words).
fn pack_addr(keys: &mut Vec<TcU32Key>, s: &str, v6: bool, off: i32) -> Result<()> {
    let p = crate::words::prefix(s, None)?;
    let len = u32::from(p.len);
    match (p.addr, v6) {
        (IpAddr::V4(a), false) => {
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            pack_key(keys, u32::from(a), mask, off, false)
        }
        (IpAddr::V6(a), true) => {
            let words = a.octets();
            for (i, chunk) in words.chunks(4).enumerate() {
                let i32i = i32::try_from(i).unwrap_or(0);
                let bits = len
                    .saturating_sub(32 * u32::try_from(i).unwrap_or(0))
                    .min(32);
                if bits == 0 {
                    break;
                }
                let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
                let val = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                pack_key(keys, val, mask, off + 4 * i32i, false)?;
            }
            Ok(())
        }
        _ => Err(CliError::usage(format!("Illegal address \"{s}\""))),
    }
}

/// One `match ...` selector word group; `Some(mark)` for `match mark`.
fn parse_match(w: &mut Words<'_>, keys: &mut Vec<TcU32Key>) -> Result<Option<(u32, u32)>> {
    let what = w.value("match")?;
    match what {
        // tc's NEXT_ARG after the selector's kind.
        "u32" | "u16" | "u8" | "mark" | "ip" | "ip6" | "tcp" | "udp" | "icmp"
            if w.peek().is_none() =>
        {
            return Err(CliError::Incomplete);
        }
        "u32" | "u16" | "u8" => {
            let bits = match what {
                "u32" => 32,
                "u16" => 16,
                _ => 8,
            };
            let (v, m) = value_mask(w, what)?;
            // `at OFFSET` is optional here (offset 0), as in tc's `parse_u32`.
            let (off, nexthdr) = if w.peek() == Some("at") {
                at(w)?
            } else {
                (0, false)
            };
            pack_sized(keys, bits, v, m, off, nexthdr)?;
        }
        "mark" => return Ok(Some(value_mask(w, "mark")?)),
        "ip" | "ip6" => {
            let v6 = what == "ip6";
            let field = w.value(what)?;
            // (bits, offset) of the fields read as `VALUE MASK`.
            let sized = |f: &str| -> Option<(u32, i32)> {
                Some(match (v6, f) {
                    (false, "tos" | "dsfield") => (8, 1),
                    (false, "ihl") => (8, 0),
                    (false, "protocol") => (8, 9),
                    (false, "sport") => (16, 20),
                    (false, "dport") => (16, 22),
                    (false, "icmp_type") => (8, 20),
                    (false, "icmp_code") => (8, 21),
                    (true, "protocol") => (8, 6),
                    (true, "sport") => (16, 40),
                    (true, "dport") => (16, 42),
                    (true, "icmp_type") => (8, 40),
                    (true, "icmp_code") => (8, 41),
                    _ => return None,
                })
            };
            match field {
                "src" | "dst" => {
                    let off = match (v6, field) {
                        (false, "src") => 12,
                        (false, _) => 16,
                        (true, "src") => 8,
                        (true, _) => 24,
                    };
                    let a = selector_value(w)?;
                    pack_addr(keys, a, v6, off)?;
                }
                // The fragment words take no value: tc's fixed 16-bit keys at offset 6.
                "nofrag" | "firstfrag" | "df" | "mf" if !v6 => {
                    let (v, m) = match field {
                        "nofrag" => (0, 0x3fff),
                        "firstfrag" => (0x2000, 0x3fff),
                        "df" => (0x4000, 0x4000),
                        _ => (0x2000, 0x2000),
                    };
                    pack_sized(keys, 16, v, m, 6, false)?;
                }
                // The traffic class: 8 bits at bit 20 of the first word.
                "priority" if v6 => {
                    let (v, m) = value_mask(w, field)?;
                    if v > 0xff || m > 0xff {
                        return Err(CliError::usage(format!("Illegal \"{field}\": 8 bits")));
                    }
                    pack_key(keys, v << 20, m << 20, 0, false)?;
                }
                // The flow label: the first word, as given.
                "flowlabel" if v6 => {
                    let (v, m) = value_mask(w, field)?;
                    pack_key(keys, v, m, 0, false)?;
                }
                f => {
                    let Some((bits, off)) = sized(f) else {
                        return Err(w.unsupported(&format!("match {what} {f}")));
                    };
                    let (v, m) = value_mask(w, f)?;
                    pack_sized(keys, bits, v, m, off, false)?;
                }
            }
        }
        "tcp" | "udp" | "icmp" => {
            let field = w.value(what)?;
            let (bits, off) = match (what, field) {
                ("icmp", "type") => (8, 0),
                ("icmp", "code") => (8, 1),
                ("tcp" | "udp", "src") => (16, 0),
                ("tcp" | "udp", "dst") => (16, 2),
                (_, f) => return Err(w.unsupported(&format!("match {what} {f}"))),
            };
            let (v, m) = value_mask(w, field)?;
            pack_sized(keys, bits, v, m, off, true)?;
        }
        other => return Err(w.unsupported(&format!("match {other}"))),
    }
    Ok(None)
}

/// The bucket `tc`'s `sample` hashes a key into: the key's bytes, as they are sent, folded
/// as `u32_hash_fold` folds them.
fn sample_bucket(k: &TcU32Key, divisor: u32) -> u32 {
    let mut h = (k.val.get() & k.mask.get()).to_be();
    h ^= h >> 16;
    h ^= h >> 8;
    h % divisor
}

/// `offset [plus P] [at A] [mask M] [shift S] [eat]`.
fn parse_offset(w: &mut Words<'_>, s: &mut U32Selector) -> Result<()> {
    let mut any = false;
    while let Some(word) = w.peek() {
        match word {
            "plus" => {
                w.next();
                s.off = c_small(w.value(word)?, "Illegal \"offset plus\"")?;
                s.flags |= U32SelFlags::OFFSET;
            }
            "at" => {
                w.next();
                let v = w.value(word)?;
                s.offoff = v
                    .parse()
                    .map_err(|_| CliError::usage(format!("Illegal \"offset at\" \"{v}\"")))?;
                s.flags |= U32SelFlags::VAROFFSET;
            }
            "mask" => {
                w.next();
                let v = hex_number(w.value(word)?, "Illegal \"offset mask\"")?;
                s.offmask = u16::try_from(v)
                    .map_err(|_| CliError::usage("Illegal \"offset mask\": 16 bits"))?;
                s.flags |= U32SelFlags::VAROFFSET;
            }
            "shift" => {
                w.next();
                s.offshift = c_small(w.value(word)?, "Illegal \"offset shift\"")?;
                s.flags |= U32SelFlags::VAROFFSET;
            }
            "eat" => {
                w.next();
                s.flags |= U32SelFlags::EAT;
            }
            _ => break,
        }
        any = true;
    }
    if !any {
        return Err(CliError::usage("Illegal \"offset\""));
    }
    Ok(())
}

fn parse_u32(w: &mut Words<'_>, spec: &mut Spec) -> Result<U32> {
    let mut u = U32::default();
    let mut sel: Option<U32Selector> = None;
    let mut order = Order::default();
    while let Some(word) = w.next() {
        match word {
            "match" => {
                let s = sel.get_or_insert_with(U32Selector::default);
                if let Some(mark) = parse_match(w, &mut s.keys)? {
                    order.see(1, "match mark", w)?;
                    u.mark = Some(mark);
                }
            }
            "divisor" => {
                order.see(0, "divisor", w)?;
                let v = w.value(word)?;
                let d = crate::cli::c_unsigned(v)
                    .filter(|d| *d != 0 && *d <= 0x100 && d.is_power_of_two())
                    .ok_or_else(|| CliError::usage(format!("Illegal \"divisor\" \"{v}\"")))?;
                u.divisor = Some(d);
            }
            "indev" => {
                order.see(2, "indev", w)?;
                u.indev = Some(w.value(word)?.to_owned());
            }
            "classid" | "flowid" => {
                order.see(3, "classid", w)?;
                u.classid = Some(class(w, word)?);
            }
            "link" => {
                order.see(4, "link", w)?;
                let h = u32_handle_word(w.value(word)?, "link")?;
                if h.0 & 0x000f_ffff != 0 {
                    return Err(CliError::usage("\"link\" must be a hash table"));
                }
                u.link = Some(h);
            }
            "action" | "actions" => actions(w, spec, &mut order, 5)?,
            "ht" => {
                let h = u32_handle_word(w.value(word)?, "ht")?;
                if h.0 & 0x0000_0fff != 0 {
                    return Err(CliError::usage("\"ht\" must be a hash table"));
                }
                // As tc: a later `ht` replaces the bucket `sample` chose.
                u.ht = Some(h);
            }
            "sample" => {
                // One key, hashed into a bucket of `divisor` (256 unless given) of the table.
                let mut keys = Vec::new();
                if parse_match(w, &mut keys)?.is_some() || keys.len() != 1 {
                    return Err(CliError::usage("\"sample\" must contain exactly ONE key."));
                }
                let mut divisor = 0x100;
                if w.peek() == Some("divisor") {
                    w.next();
                    let v = w.value("divisor")?;
                    divisor = crate::cli::c_unsigned(v)
                        .filter(|d| *d != 0 && *d <= 0x100 && d.is_power_of_two())
                        .ok_or_else(|| CliError::usage("Illegal sample \"divisor\""))?;
                }
                let k = keys[0];
                let table = u.ht.map_or(0, |h| h.0 & 0xfff0_0000);
                u.ht = Some(TcHandle(table | (sample_bucket(&k, divisor) << 12)));
            }
            "hashkey" => {
                let s = sel.get_or_insert_with(U32Selector::default);
                if w.next() != Some("mask") {
                    return Err(CliError::usage("\"hashkey\" needs \"mask MASK at OFF\""));
                }
                s.hmask = hex_number(w.value("mask")?, "Illegal \"hashkey mask\"")?;
                let (off, nexthdr) = at(w)?;
                if nexthdr || off % 4 != 0 {
                    return Err(CliError::usage("Illegal \"hashkey\" offset"));
                }
                s.hoff = i16::try_from(off).map_err(|_| CliError::usage("Illegal \"at\""))?;
            }
            "offset" => parse_offset(w, sel.get_or_insert_with(U32Selector::default))?,
            "skip_hw" => u.flags |= ClsFlags::SKIP_HW,
            "skip_sw" => u.flags |= ClsFlags::SKIP_SW,
            "order" | "police" => return Err(w.unsupported(word)),
            "help" => {
                return Err(CliError::usage(
                    "Usage: ... u32 [ match SELECTOR ... ] [ link HTID ] [ classid CLASSID ]\n\
                     \x20              [ action ACTION_SPEC ] [ offset OFFSET_SPEC ]\n\
                     \x20              [ ht HTID ] [ hashkey HASHKEY_SPEC ] [ divisor DIVISOR ]",
                ));
            }
            _ => return Err(what_is(word)),
        }
    }
    u.selector = sel;
    Ok(u)
}

// ---------------------------------------------------------------------------------------
// flower

/// `MAC[/MASK]`: the mask a MAC address or a prefix length.
fn mac_mask(s: &str) -> Result<([u8; 6], [u8; 6])> {
    let mac = |t: &str| -> Result<[u8; 6]> {
        let b = crate::words::lladdr(t)?;
        <[u8; 6]>::try_from(b.as_slice())
            .map_err(|_| CliError::usage(format!("Illegal MAC address \"{s}\"")))
    };
    match s.split_once('/') {
        None => Ok((mac(s)?, [0xff; 6])),
        Some((a, m)) if m.contains(':') => Ok((mac(a)?, mac(m)?)),
        Some((a, m)) => {
            let len: u32 = m
                .parse()
                .ok()
                .filter(|l| *l <= 48)
                .ok_or_else(|| CliError::usage(format!("Illegal MAC mask \"{s}\"")))?;
            let bits = u64::MAX.checked_shl(64 - len).unwrap_or(0) >> 16;
            let b = bits.to_be_bytes();
            Ok((mac(a)?, [b[2], b[3], b[4], b[5], b[6], b[7]]))
        }
    }
}

/// `VALUE[/MASK]`, in C's notation, the mask all ones of `T` by default.
fn masked<T: TryFrom<u32> + Copy>(s: &str, what: &str, full: T) -> Result<(T, T)> {
    let (v, m) = s.split_once('/').map_or((s, None), |(v, m)| (v, Some(m)));
    let v = c_small(v, &format!("Illegal \"{what}\""))?;
    let m = match m {
        Some(m) => c_small(m, &format!("Illegal \"{what}\" mask"))?,
        None => full,
    };
    Ok((v, m))
}

/// An address and its mask from `ADDR[/LEN]`, of IPv4 or IPv6 by `v6` (`None`: either).
fn ip_mask(s: &str, v6: Option<bool>) -> Result<(IpAddr, IpAddr)> {
    let p = crate::words::prefix(s, None)?;
    if v6.is_some_and(|v6| v6 != p.addr.is_ipv6()) {
        return Err(CliError::usage(format!(
            "Illegal \"{s}\": not of the filter's protocol"
        )));
    }
    let len = u32::from(p.len);
    Ok(match p.addr {
        IpAddr::V4(a) => {
            let m = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            (IpAddr::V4(a), IpAddr::V4(m.into()))
        }
        IpAddr::V6(a) => {
            let m = u128::MAX.checked_shl(128 - len).unwrap_or(0);
            (IpAddr::V6(a), IpAddr::V6(m.into()))
        }
    })
}

/// The EtherTypes flower's words depend on.
const ETH_IP: u16 = 0x0800;
const ETH_IPV6: u16 = 0x86dd;
const ETH_ARP: u16 = 0x0806;
const ETH_RARP: u16 = 0x8035;
const ETH_8021Q: u16 = 0x8100;
const ETH_8021AD: u16 = 0x88a8;
const ETH_MPLS_UC: u16 = 0x8847;
const ETH_MPLS_MC: u16 = 0x8848;
const ETH_PPP_SES: u16 = 0x8864;

fn parse_flower(w: &mut Words<'_>, spec: &mut Spec, protocol: Option<u16>) -> Result<Flower> {
    let mut f = Flower::default();
    let mut order = Order::default();
    let eth = protocol.unwrap_or(0x0003);
    // The EtherType the IP words read: the protocol, or the innermost VLAN's.
    let mut inner = eth;
    let mut vlan_ethtype = None;
    let mut ip_proto: Option<u8> = None;
    // tc takes the label stack or the single MPLS keys, not both.
    let (mut mpls_stack, mut mpls_single) = (false, false);
    let illegal = |what: &str| CliError::usage(format!("Illegal \"{what}\""));
    while let Some(word) = w.next() {
        let keys = &mut f.keys;
        let context = w.context().to_owned();
        let mut key = |order: &mut Order, k: FlowerKey| -> Result<()> {
            // Keys may repeat in order; only their place against the other words counts.
            if let Some((r, before)) = order.last
                && r > 1
            {
                return Err(CliError::unsupported(format!(
                    "{context}: \"{word}\" after \"{before}\" (write it before)"
                )));
            }
            order.last = Some((1, "the keys"));
            keys.push(k);
            Ok(())
        };
        match word {
            // tc takes these keywords' values (NEXT_ARG) before it checks them against the
            // protocol: at the end of the line they are incomplete whatever the protocol.
            "vlan_id" | "vlan_prio" | "vlan_ethtype" | "cvlan_id" | "cvlan_prio"
            | "cvlan_ethtype" | "mpls_label" | "mpls_tc" | "mpls_bos" | "mpls_ttl" | "mpls"
            | "ip_proto" | "src_ip" | "dst_ip" | "enc_src_ip" | "enc_dst_ip" | "arp_sip"
            | "arp_tip" | "tcp_flags" | "arp_op" | "pppoe_sid" | "ppp_proto"
                if w.peek().is_none() =>
            {
                return Err(CliError::Incomplete);
            }
            "indev" => {
                order.see(0, "indev", w)?;
                f.indev = Some(w.value(word)?.to_owned());
            }
            "classid" | "flowid" => {
                order.see(2, "classid", w)?;
                f.classid = Some(class(w, word)?);
            }
            "action" | "actions" => actions(w, spec, &mut order, 3)?,
            "skip_hw" => f.flags |= ClsFlags::SKIP_HW,
            "skip_sw" => f.flags |= ClsFlags::SKIP_SW,
            "dst_mac" | "src_mac" | "arp_sha" | "arp_tha" => {
                let (m, mask) = mac_mask(w.value(word)?)?;
                if word.starts_with("arp") && !matches!(eth, ETH_ARP | ETH_RARP) {
                    return Err(illegal(word));
                }
                key(
                    &mut order,
                    match word {
                        "dst_mac" => FlowerKey::EthDst(m, mask),
                        "src_mac" => FlowerKey::EthSrc(m, mask),
                        "arp_sha" => FlowerKey::ArpSha(m, mask),
                        _ => FlowerKey::ArpTha(m, mask),
                    },
                )?;
            }
            "vlan_id" | "vlan_prio" | "vlan_ethtype" | "cvlan_id" | "cvlan_prio"
            | "cvlan_ethtype" => {
                let outer = if word.starts_with('c') {
                    vlan_ethtype.unwrap_or(0)
                } else {
                    eth
                };
                if !matches!(outer, ETH_8021Q | ETH_8021AD) {
                    return Err(CliError::usage(format!(
                        "Can't set \"{word}\" if ethertype isn't 802.1Q or 802.1AD"
                    )));
                }
                let v = w.value(word)?;
                let k = match word.trim_start_matches('c') {
                    "vlan_id" => {
                        let id = decimal(v, 0xfff, word)?;
                        if word.starts_with('c') {
                            FlowerKey::CvlanId(id)
                        } else {
                            FlowerKey::VlanId(id)
                        }
                    }
                    "vlan_prio" => {
                        let p = decimal(v, 7, word)?;
                        if word.starts_with('c') {
                            FlowerKey::CvlanPrio(p)
                        } else {
                            FlowerKey::VlanPrio(p)
                        }
                    }
                    _ => {
                        // tc's names (ll_proto_a2n) know `ipv4` too.
                        let t = match v {
                            "ipv4" => Some(ETH_IP),
                            v => crate::tc_args::protocol_number(v),
                        }
                        .ok_or_else(|| illegal(word))?;
                        inner = t;
                        if word.starts_with('c') {
                            FlowerKey::CvlanEthType(t)
                        } else {
                            vlan_ethtype = Some(t);
                            FlowerKey::VlanEthType(t)
                        }
                    }
                };
                key(&mut order, k)?;
            }
            "mpls_label" | "mpls_tc" | "mpls_bos" | "mpls_ttl" => {
                if !matches!(eth, ETH_MPLS_UC | ETH_MPLS_MC) {
                    return Err(illegal(word));
                }
                if mpls_stack {
                    return Err(CliError::usage(format!(
                        "Can't set \"{word}\" if \"mpls\" is set"
                    )));
                }
                mpls_single = true;
                let v = w.value(word)?;
                let max = match word {
                    "mpls_label" => 0xf_ffff,
                    "mpls_tc" => 7,
                    "mpls_bos" => 1,
                    _ => 0xff,
                };
                let n: u32 = decimal(v, max, word)?;
                let small = u8::try_from(n).unwrap_or(u8::MAX);
                key(
                    &mut order,
                    match word {
                        "mpls_label" => FlowerKey::MplsLabel(n),
                        "mpls_tc" => FlowerKey::MplsTc(small),
                        "mpls_bos" => FlowerKey::MplsBos(small),
                        _ => FlowerKey::MplsTtl(small),
                    },
                )?;
            }
            "mpls" => {
                if !matches!(eth, ETH_MPLS_UC | ETH_MPLS_MC) {
                    return Err(CliError::usage(
                        "Can't set \"mpls\" if ethertype isn't MPLS",
                    ));
                }
                if mpls_single {
                    return Err(CliError::usage(
                        "Can't set \"mpls\" if \"mpls_label\", \"mpls_tc\", \"mpls_bos\" or \"mpls_ttl\" is set",
                    ));
                }
                mpls_stack = true;
                key(&mut order, FlowerKey::MplsStack(mpls_lses(w)?))?;
            }
            "ip_proto" => {
                if !matches!(inner, ETH_IP | ETH_IPV6) {
                    return Err(CliError::usage("Illegal \"eth_type\" for ip proto"));
                }
                let v = w.value(word)?;
                let p = match v {
                    "tcp" => 6,
                    "udp" => 17,
                    "sctp" => 132,
                    "icmp" if inner == ETH_IP => 1,
                    "icmpv6" if inner == ETH_IPV6 => 58,
                    _ => u8::try_from(hex_number(v, "Illegal \"ip_proto\"")?)
                        .map_err(|_| illegal(word))?,
                };
                ip_proto = Some(p);
                key(&mut order, FlowerKey::IpProto(p))?;
            }
            "ip_tos" | "ip_ttl" | "enc_tos" | "enc_ttl" => {
                let (v, m) = masked::<u8>(w.value(word)?, word, 0xff)?;
                key(
                    &mut order,
                    match word {
                        "ip_tos" => FlowerKey::IpTos(v, m),
                        "ip_ttl" => FlowerKey::IpTtl(v, m),
                        "enc_tos" => FlowerKey::EncIpTos(v, m),
                        _ => FlowerKey::EncIpTtl(v, m),
                    },
                )?;
            }
            "src_ip" | "dst_ip" | "enc_src_ip" | "enc_dst_ip" | "arp_sip" | "arp_tip" => {
                let v6 = match word {
                    "enc_src_ip" | "enc_dst_ip" => None,
                    "arp_sip" | "arp_tip" if matches!(eth, ETH_ARP | ETH_RARP) => Some(false),
                    _ if inner == ETH_IP => Some(false),
                    _ if inner == ETH_IPV6 => Some(true),
                    _ => return Err(CliError::usage("Illegal \"eth_type\" for ip address")),
                };
                let k = match ip_mask(w.value(word)?, v6)? {
                    (IpAddr::V4(a), IpAddr::V4(m)) => match word {
                        "src_ip" => FlowerKey::Ipv4Src(a, m),
                        "dst_ip" => FlowerKey::Ipv4Dst(a, m),
                        "enc_src_ip" => FlowerKey::EncIpv4Src(a, m),
                        "enc_dst_ip" => FlowerKey::EncIpv4Dst(a, m),
                        "arp_sip" => FlowerKey::ArpSip(a, m),
                        _ => FlowerKey::ArpTip(a, m),
                    },
                    (IpAddr::V6(a), IpAddr::V6(m)) => match word {
                        "src_ip" => FlowerKey::Ipv6Src(a, m),
                        "dst_ip" => FlowerKey::Ipv6Dst(a, m),
                        "enc_src_ip" => FlowerKey::EncIpv6Src(a, m),
                        "enc_dst_ip" => FlowerKey::EncIpv6Dst(a, m),
                        _ => return Err(illegal(word)),
                    },
                    _ => return Err(illegal(word)),
                };
                key(&mut order, k)?;
            }
            "src_port" | "dst_port" => {
                let v = w.value(word)?;
                let src = word == "src_port";
                if let Some((lo, hi)) = v.split_once('-') {
                    let lo: u16 = lo.parse().map_err(|_| illegal(word))?;
                    let hi: u16 = hi.parse().map_err(|_| illegal(word))?;
                    if lo >= hi || !matches!(ip_proto, Some(6 | 17 | 132)) {
                        return Err(illegal(word));
                    }
                    let k = if src {
                        FlowerKey::PortSrcRange(lo, hi)
                    } else {
                        FlowerKey::PortDstRange(lo, hi)
                    };
                    key(&mut order, k)?;
                } else {
                    // tc 6.1: a port alone is decimal and sent without a mask; `PORT/MASK`
                    // reads both in C's notation and sends both.
                    let (p, mask) = match v.split_once('/') {
                        None => (v.parse().map_err(|_| illegal(word))?, None),
                        Some(_) => {
                            let (p, m) = masked::<u16>(v, word, u16::MAX)?;
                            (p, Some(m))
                        }
                    };
                    type Port = (fn(u16) -> FlowerKey, fn(u16, u16) -> FlowerKey);
                    let (plain, masked): Port = match (ip_proto, src) {
                        (Some(6), true) => (FlowerKey::TcpSrc, FlowerKey::TcpSrcMasked),
                        (Some(6), false) => (FlowerKey::TcpDst, FlowerKey::TcpDstMasked),
                        (Some(17), true) => (FlowerKey::UdpSrc, FlowerKey::UdpSrcMasked),
                        (Some(17), false) => (FlowerKey::UdpDst, FlowerKey::UdpDstMasked),
                        (Some(132), true) => (FlowerKey::SctpSrc, FlowerKey::SctpSrcMasked),
                        (Some(132), false) => (FlowerKey::SctpDst, FlowerKey::SctpDstMasked),
                        _ => return Err(CliError::usage("Illegal \"ip_proto\" for port")),
                    };
                    let k = mask.map_or(plain(p), |m| masked(p, m));
                    key(&mut order, k)?;
                }
            }
            "tcp_flags" => {
                if ip_proto != Some(6) {
                    return Err(illegal(word));
                }
                let v = w.value(word)?;
                let (f0, m) = v.split_once('/').map_or((v, None), |(a, m)| (a, Some(m)));
                let flags = u16::try_from(hex_number(f0, "Illegal \"tcp_flags\"")?)
                    .map_err(|_| illegal(word))?;
                let mask = match m {
                    Some(m) => u16::try_from(hex_number(m, "Illegal \"tcp_flags\" mask")?)
                        .map_err(|_| illegal(word))?,
                    None => 0xffff,
                };
                key(&mut order, FlowerKey::TcpFlags(flags, mask))?;
            }
            "type" | "code" => {
                // tc 6.1 reads `VALUE[/MASK]`, both in decimal.
                let v = w.value(word)?;
                let (v, m) = v.split_once('/').map_or((v, None), |(a, m)| (a, Some(m)));
                let what = format!("icmp {word}");
                let v: u8 = v.parse().map_err(|_| illegal(&what))?;
                let m: u8 = m.map_or(Ok(u8::MAX), |m| m.parse().map_err(|_| illegal(&what)))?;
                let k = match (ip_proto, word) {
                    (Some(1), "type") => FlowerKey::Icmpv4Type(v, m),
                    (Some(1), _) => FlowerKey::Icmpv4Code(v, m),
                    (Some(58), "type") => FlowerKey::Icmpv6Type(v, m),
                    (Some(58), _) => FlowerKey::Icmpv6Code(v, m),
                    _ => return Err(illegal(word)),
                };
                key(&mut order, k)?;
            }
            "arp_op" => {
                if !matches!(eth, ETH_ARP | ETH_RARP) {
                    return Err(illegal(word));
                }
                let v = w.value(word)?;
                let (op, m) = match v.split_once('/').map_or((v, None), |(a, m)| (a, Some(m))) {
                    ("request", m) => (1, m),
                    ("reply", m) => (2, m),
                    (n, m) => (c_small(n, "Illegal \"arp_op\"")?, m),
                };
                let mask = m.map_or(Ok(0xff), |m| c_small(m, "Illegal \"arp_op\" mask"))?;
                key(&mut order, FlowerKey::ArpOp(op, mask))?;
            }
            "ct_state" => {
                let v = w.value(word)?;
                let (state, mask) = ct_state(v)?;
                key(&mut order, FlowerKey::CtState(state, mask))?;
            }
            "ct_zone" => {
                let (z, m) = masked::<u16>(w.value(word)?, word, 0xffff)?;
                key(&mut order, FlowerKey::CtZone(z, m))?;
            }
            "ct_mark" => {
                let (z, m) = masked::<u32>(w.value(word)?, word, u32::MAX)?;
                key(&mut order, FlowerKey::CtMark(z, m))?;
            }
            "enc_key_id" => {
                let id = c_number(w.value(word)?, "Illegal \"enc_key_id\"")?;
                key(&mut order, FlowerKey::EncKeyId(id))?;
            }
            // tc 6.1 has no `enc_src_port`.
            "enc_dst_port" => {
                let p: u16 = w.value(word)?.parse().map_err(|_| illegal(word))?;
                key(&mut order, FlowerKey::EncUdpDstPort(p))?;
            }
            "ip_flags" => {
                if f.fragment.is_some() {
                    return Err(w.unsupported("a second \"ip_flags\""));
                }
                let mut set = FlowerKeyFlags::EMPTY;
                let mut mask = FlowerKeyFlags::EMPTY;
                for part in w.value(word)?.split('/') {
                    let (no, name) = part.strip_prefix("no").map_or((false, part), |n| (true, n));
                    let bit = match name {
                        "frag" => FlowerKeyFlags::IS_FRAGMENT,
                        "firstfrag" => FlowerKeyFlags::FRAG_IS_FIRST,
                        _ => return Err(illegal(word)),
                    };
                    mask |= bit;
                    if !no {
                        set |= bit;
                    }
                }
                f.fragment = Some((set, mask));
            }
            "verbose" => f.flags |= ClsFlags::VERBOSE,
            "num_of_vlans" => {
                let n = decimal(w.value(word)?, u8::MAX.into(), word)?;
                key(&mut order, FlowerKey::NumOfVlans(n))?;
            }
            "pppoe_sid" | "ppp_proto" => {
                if eth != ETH_PPP_SES {
                    return Err(illegal(word));
                }
                let v = w.value(word)?;
                let k = if word == "pppoe_sid" {
                    FlowerKey::PppoeSid(decimal(v, u16::MAX.into(), word)?)
                } else {
                    let p =
                        crate::tc_flower_show::ppp_proto_number(v).ok_or_else(|| illegal(word))?;
                    // The IP and MPLS words that follow read the PPP payload's type.
                    inner = match p {
                        0x0021 => ETH_IP,
                        0x0057 => ETH_IPV6,
                        0x0281 => ETH_MPLS_UC,
                        0x0283 => ETH_MPLS_MC,
                        _ => inner,
                    };
                    FlowerKey::PppProto(p)
                };
                key(&mut order, k)?;
            }
            "ct_label" => {
                let (label, mask) = ct_label(w.value(word)?)?;
                key(&mut order, FlowerKey::CtLabels(label, mask))?;
            }
            "geneve_opts" | "vxlan_opts" | "erspan_opts" | "gtp_opts" => {
                let (k, m) = enc_opts(word, w.value(word)?)?;
                key(&mut order, FlowerKey::EncOpts(k, m))?;
            }
            "l2tpv3_sid" | "hash" | "cfm" | "enc_flags" | "police" => {
                return Err(w.unsupported(word));
            }
            "help" => {
                return Err(CliError::usage(
                    "Usage: ... flower [ MATCH-LIST ] [ skip_sw | skip_hw ]\n\
                     \x20                 [ classid CLASSID ] [ action ACTION_SPEC ]",
                ));
            }
            _ => return Err(what_is(word)),
        }
    }
    if f.flags == ClsFlags::SKIP_HW | ClsFlags::SKIP_SW {
        return Err(CliError::usage(
            "skip_hw and skip_sw are mutually exclusive",
        ));
    }
    Ok(f)
}

/// `ct_label LABEL[/MASK]` as tc 6.1 reads it: hexadecimal pairs (a last odd digit is
/// dropped), 32 digits at the most; the mask 16 bytes of ones when none is given. Its refusals
/// are `invarg`'s, which exit 255 even inside a classifier's words.
fn ct_label(v: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let (label, mask) = v.split_once('/').map_or((v, None), |(l, m)| (l, Some(m)));
    let invarg = |what: String| CliError::Coded {
        message: format!("Error: argument \"{label}\" is wrong: {what}"),
        code: 255,
    };
    // tc names the label and its length when either is too long.
    if label.len() > 32 || mask.is_some_and(|m| m.len() > 32) {
        return Err(invarg(format!("{} Max allowed size 32", label.len())));
    }
    let bytes = |s: &str| -> Result<Vec<u8>> {
        s.as_bytes()
            .chunks_exact(2)
            .map(|p| {
                std::str::from_utf8(p)
                    .ok()
                    .filter(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|p| u8::from_str_radix(p, 16).ok())
                    .ok_or_else(|| invarg("labels must be a hex string".into()))
            })
            .collect()
    };
    Ok((bytes(label)?, mask.map_or(Ok(vec![0xff; 16]), bytes)?))
}

/// `mpls`'s list: `lse` entries, each of `depth` (required), `label`, `tc`, `bos` and `ttl`
/// in decimal, kept in the order written; the list ends at the first other word.
fn mpls_lses(w: &mut Words<'_>) -> Result<Vec<Vec<MplsLseField>>> {
    let mut stack = Vec::new();
    while w.peek() == Some("lse") {
        w.next();
        if w.peek().is_none() {
            return Err(CliError::Incomplete);
        }
        let mut lse = Vec::new();
        while let Some(f @ ("depth" | "label" | "tc" | "bos" | "ttl")) = w.peek() {
            w.next();
            let v = w.next().ok_or(CliError::Incomplete)?;
            lse.push(match f {
                "depth" => MplsLseField::Depth(
                    decimal::<u8>(v, 0xff, f)
                        .ok()
                        .filter(|d| *d > 0)
                        .ok_or_else(|| CliError::usage("Illegal \"depth\""))?,
                ),
                "label" => MplsLseField::Label(decimal(v, 0xf_ffff, f)?),
                "tc" => MplsLseField::Tc(decimal(v, 7, f)?),
                "bos" => MplsLseField::Bos(decimal(v, 1, f)?),
                _ => MplsLseField::Ttl(decimal(v, 0xff, f)?),
            });
        }
        if !lse.iter().any(|f| matches!(f, MplsLseField::Depth(_))) {
            return Err(CliError::Coded {
                message: "Error: argument \"depth\" is required".into(),
                code: 255,
            });
        }
        stack.push(lse);
    }
    Ok(stack)
}

/// `geneve_opts CLASS:TYPE:DATA[/MASK][,...]` (hexadecimal; the mask all ones, as long as
/// the data, when not given), `vxlan_opts GBP[/MASK]` and `erspan_opts VER:INDEX:DIR:HWID[/MASK]`
/// (C notation; the default mask keeps the version and is all ones otherwise) and `gtp_opts
/// PDU_TYPE:QFI[/MASK]` (hexadecimal), as tc 6.1 reads them: the options and their mask.
fn enc_opts(word: &str, v: &str) -> Result<(TunnelOptions, TunnelOptions)> {
    let bad = || CliError::usage(format!("Illegal \"{word}\""));
    match word {
        "geneve_opts" => {
            let (mut key, mut mask) = (Vec::new(), Vec::new());
            for opt in v.split(',') {
                let (k, m) = opt
                    .split_once('/')
                    .map_or((opt, None), |(k, m)| (k, Some(m)));
                let k = geneve_opt(k).ok_or_else(bad)?;
                let m = match m {
                    Some(m) => geneve_opt(m).ok_or_else(bad)?,
                    None => (u16::MAX, u8::MAX, vec![0xff; k.2.len()]),
                };
                key.push(k);
                mask.push(m);
            }
            Ok((TunnelOptions::Geneve(key), TunnelOptions::Geneve(mask)))
        }
        "vxlan_opts" => {
            let (k, m) = v.split_once('/').map_or((v, None), |(k, m)| (k, Some(m)));
            let gbp = |s: &str| crate::cli::c_unsigned(s).ok_or_else(bad);
            let m = m.map_or(Ok(u32::MAX), gbp)?;
            Ok((TunnelOptions::Vxlan(gbp(k)?), TunnelOptions::Vxlan(m)))
        }
        "gtp_opts" => {
            // `PDU_TYPE:QFI[/MASK]` in hexadecimal, a field left empty not sent, the mask
            // `ff:ff` when not given; a third field is ignored, as tc 6.1 ignores it. Without a
            // colon tc 6.1 crashes: nlctl refuses it.
            let gtp = |s: &str| -> Result<TunnelOptions> {
                let mut p = s.splitn(3, ':');
                let mut field = |required: bool| -> Result<Option<u8>> {
                    match p.next() {
                        None if required => Err(bad()),
                        None | Some("") => Ok(None),
                        Some(f) => u8::try_from(hex_number(f, word).map_err(|_| bad())?)
                            .map(Some)
                            .map_err(|_| bad()),
                    }
                };
                let pdu_type = field(false)?;
                let qfi = field(true)?;
                Ok(TunnelOptions::Gtp { pdu_type, qfi })
            };
            let (k, m) = v.split_once('/').map_or((v, None), |(k, m)| (k, Some(m)));
            Ok((gtp(k)?, gtp(m.unwrap_or("ff:ff"))?))
        }
        _ => {
            let (k, m) = v.split_once('/').map_or((v, None), |(k, m)| (k, Some(m)));
            let erspan = |s: &str| -> Result<TunnelOptions> {
                let p: Vec<&str> = s.split(':').collect();
                let [ver, index, dir, hwid] = p.as_slice() else {
                    return Err(bad());
                };
                let n = |s: &str| crate::cli::c_unsigned(s).ok_or_else(bad);
                let small = |s: &str| u8::try_from(n(s)?).map_err(|_| bad());
                Ok(TunnelOptions::Erspan {
                    ver: small(ver)?,
                    index: n(index)?,
                    dir: small(dir)?,
                    hwid: small(hwid)?,
                })
            };
            // tc writes only the fields given (and crashes on a version alone); nlctl's
            // options always have the four.
            if (2..4).contains(&k.split(':').count()) {
                return Err(CliError::unsupported(format!(
                    "{word} {v}: fewer than the four fields VER:INDEX:DIR:HWID"
                )));
            }
            let key = erspan(k)?;
            let mask = match (m, &key) {
                (Some(m), _) => erspan(m)?,
                (None, TunnelOptions::Erspan { ver, .. }) => TunnelOptions::Erspan {
                    ver: *ver,
                    index: u32::MAX,
                    dir: u8::MAX,
                    hwid: u8::MAX,
                },
                (None, _) => return Err(bad()),
            };
            Ok((key, mask))
        }
    }
}

/// One Geneve option `CLASS:TYPE:DATA` in hexadecimal (a last odd digit of the data dropped).
fn geneve_opt(s: &str) -> Option<(u16, u8, Vec<u8>)> {
    let mut p = s.splitn(3, ':');
    let class = u16::from_str_radix(p.next()?, 16).ok()?;
    let ty = u8::from_str_radix(p.next()?, 16).ok()?;
    let data = p.next()?;
    let data = data
        .as_bytes()
        .chunks_exact(2)
        .map(|b| {
            std::str::from_utf8(b)
                .ok()
                .filter(|b| b.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()?;
    Some((class, ty, data))
}

/// The flag of `width` bits whose short name is `name`.
fn named_flag<F: Copy>(
    name: &str,
    width: u32,
    make: impl Fn(u32) -> F,
    short: impl Fn(F) -> Option<&'static str>,
) -> Option<F> {
    (0..width)
        .map(|b| make(1 << b))
        .find(|f| short(*f) == Some(name))
}

/// `ct_state`'s `[+|-]FLAG...`: the flags set, and the flags compared.
fn ct_state(v: &str) -> Result<(CtStateFlags, CtStateFlags)> {
    let bad = || CliError::usage(format!("Illegal \"ct_state\" \"{v}\""));
    let (mut state, mut mask) = (CtStateFlags::EMPTY, CtStateFlags::EMPTY);
    let mut rest = v;
    while !rest.is_empty() {
        let plus = match rest.as_bytes().first() {
            Some(b'+') => true,
            Some(b'-') => false,
            _ => return Err(bad()),
        };
        let tail = rest.get(1..).unwrap_or("");
        let end = tail.find(['+', '-']).unwrap_or(tail.len());
        let name = tail.get(..end).unwrap_or("");
        let bit = named_flag(
            name,
            16,
            |b| CtStateFlags(u16::try_from(b).unwrap_or(0)),
            |f| f.short_names().next(),
        )
        .ok_or_else(bad)?;
        mask |= bit;
        if plus {
            state |= bit;
        }
        rest = tail.get(end..).unwrap_or("");
    }
    Ok((state, mask))
}

// ---------------------------------------------------------------------------------------
// route, flow, bpf

fn parse_route(w: &mut Words<'_>, spec: &mut Spec) -> Result<Route> {
    let mut r = Route::default();
    let mut order = Order::default();
    let realm = |w: &mut Words<'_>, word: &str| -> Result<u32> {
        let v = w.value(word)?;
        crate::cli::c_unsigned(v)
            .filter(|r| *r <= 0xff)
            .ok_or_else(|| CliError::usage(format!("Illegal \"{word}\"")))
    };
    while let Some(word) = w.next() {
        match word {
            "fromif" => {
                order.see(0, "fromif", w)?;
                spec.fromif = Some(w.value(word)?.to_owned());
            }
            "to" => {
                order.see(1, "to", w)?;
                r.to = Some(realm(w, word)?);
            }
            "from" => {
                order.see(2, "from", w)?;
                r.from = Some(realm(w, word)?);
            }
            "classid" | "flowid" => {
                order.see(3, "classid", w)?;
                r.classid = Some(class(w, word)?);
            }
            "action" | "actions" => actions(w, spec, &mut order, 4)?,
            "order" | "police" => return Err(w.unsupported(word)),
            _ => return Err(what_is(word)),
        }
    }
    if spec.fromif.is_some() && r.from.is_some() {
        return Err(CliError::usage(
            "\"from\" and \"fromif\" are mutually exclusive",
        ));
    }
    Ok(r)
}

fn parse_flow(w: &mut Words<'_>, spec: &mut Spec) -> Result<Flow> {
    let mode = match w.next() {
        Some("map") => FlowMode::MAP,
        Some("hash") => FlowMode::HASH,
        Some(other) => return Err(what_is(other)),
        None => return Err(CliError::usage("flow needs \"map\" or \"hash\"")),
    };
    let mut f = Flow::new(mode, FlowKeys::EMPTY);
    let mut order = Order::default();
    let map = mode == FlowMode::MAP;
    // The ranks of the usage line's order, which depends on the mode.
    let rank = |word: &str| -> u8 {
        match (map, word) {
            (_, "keys") => 0,
            (true, "rshift") => 1,
            (true, "addend") => 2,
            (true, "baseclass") => 3,
            (true, "divisor") => 4,
            (false, "divisor") => 1,
            (false, "perturb") => 2,
            (false, "baseclass") => 3,
            _ => 5,
        }
    };
    let number = |w: &mut Words<'_>, word: &str| -> Result<u32> {
        c_number(w.value(word)?, &format!("Illegal \"{word}\""))
    };
    while let Some(word) = w.next() {
        match word {
            "key" | "keys" => {
                order.see(rank("keys"), "keys", w)?;
                for name in w.value(word)?.split(',') {
                    f.keys |= named_flag(name, 32, FlowKeys, |f| f.short_names().next())
                        .ok_or_else(|| CliError::usage(format!("Illegal \"{word}\" \"{name}\"")))?;
                }
                if map && f.keys.bits().count_ones() != 1 {
                    return Err(CliError::usage("map mode only supports a single key"));
                }
            }
            "and" => f.mask &= number(w, word)?,
            "or" => {
                let v = number(w, word)?;
                f.mask &= !v;
                f.xor |= v;
            }
            "xor" => f.xor ^= number(w, word)?,
            "rshift" | "addend" if map => {
                order.see(
                    rank(word),
                    if word == "rshift" { "rshift" } else { "addend" },
                    w,
                )?;
                let v = number(w, word)?;
                if word == "rshift" {
                    f.rshift = Some(v);
                } else {
                    f.addend = Some(v);
                }
            }
            "perturb" if !map => {
                order.see(rank(word), "perturb", w)?;
                f.perturb = Some(number(w, word)?);
            }
            "divisor" => {
                order.see(rank(word), "divisor", w)?;
                f.divisor = Some(number(w, word)?);
            }
            "baseclass" => {
                order.see(rank(word), "baseclass", w)?;
                f.baseclass = Some(classid(w.value(word)?, "Illegal \"baseclass\"")?);
            }
            "match" => {
                order.see(5, "match", w)?;
                f.ematches = Some(crate::tc_ematch::parse(w)?.to_bytes());
            }
            "action" | "actions" => actions(w, spec, &mut order, 6)?,
            "police" => return Err(w.unsupported(word)),
            _ => return Err(what_is(word)),
        }
    }
    if f.keys == FlowKeys::EMPTY {
        return Err(CliError::usage("flow needs its keys (\"key\" or \"keys\")"));
    }
    Ok(f)
}

/// `bytecode 'N,C JT JF K,...'`: classic BPF as `tc` (and `bpf_asm -c`) write it.
fn bytecode(s: &str) -> Result<Vec<SockFilter>> {
    let bad = || CliError::usage(format!("Illegal \"bytecode\" \"{s}\""));
    let mut parts = s.split(',');
    let n: usize = parts
        .next()
        .and_then(|p| p.trim().parse().ok())
        .ok_or_else(bad)?;
    let code: Vec<SockFilter> = parts
        .map(|ins| {
            let f: Vec<u32> = ins
                .split_whitespace()
                .map(|x| x.parse().map_err(|_| bad()))
                .collect::<Result<_>>()?;
            match f.as_slice() {
                [c, jt, jf, k] => Ok(SockFilter::new(
                    u16::try_from(*c).map_err(|_| bad())?,
                    u8::try_from(*jt).map_err(|_| bad())?,
                    u8::try_from(*jf).map_err(|_| bad())?,
                    *k,
                )),
                _ => Err(bad()),
            }
        })
        .collect::<Result<_>>()?;
    if code.len() != n || n == 0 {
        return Err(bad());
    }
    Ok(code)
}

fn parse_bpf(w: &mut Words<'_>, spec: &mut Spec) -> Result<Bpf> {
    let mut program = None;
    let mut b = Bpf::new(BpfProgram::Classic(Vec::new()));
    let mut order = Order::default();
    while let Some(word) = w.next() {
        match word {
            "bytecode" | "bc" => {
                if program.is_some() {
                    return Err(w.unsupported("a second program"));
                }
                program = Some(BpfProgram::Classic(bytecode(w.value(word)?)?));
            }
            "classid" | "flowid" => {
                order.see(0, "classid", w)?;
                b.classid = Some(class(w, word)?);
            }
            "action" | "actions" => actions(w, spec, &mut order, 1)?,
            "da" | "direct-action" => b.direct_action = true,
            "skip_hw" => b.flags |= ClsFlags::SKIP_HW,
            "skip_sw" => b.flags |= ClsFlags::SKIP_SW,
            // An eBPF program is opened or loaded by tc itself (libbpf); nlctl has no loader.
            "obj" | "object-file" | "pinned" | "object-pinned" | "fd" | "sec" | "section"
            | "export" | "verbose" => {
                return Err(crate::tc_args::no_ebpf_loader(w, word));
            }
            "bytecode-file" | "bcf" | "police" => return Err(w.unsupported(word)),
            _ => return Err(what_is(word)),
        }
    }
    b.program = program.ok_or_else(|| CliError::usage("a bpf filter needs its program"))?;
    Ok(b)
}
