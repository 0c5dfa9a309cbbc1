//! The options of a filter in `tc filter show`, after its header, as `tc` 6.1's kind printers
//! (`u32_print_opt`, `bpf_print_opt`, `matchall_print_opt`, ...) print them, text and `-j`,
//! with the actions inside them as `tc_print_action` prints them (with `-s`, their times and
//! statistics). Checked live for u32 and bpf with mirred (this kernel has `cls_u32`, `cls_bpf`
//! and `act_mirred`), and for every kind against `tc` itself fed the same dump (`tc_oracle`).
//! fw, flow, route and cgroup, which `tc` 6.1 prints with `fprintf`, only in text (its `-j` of
//! them is not JSON).
//!
//! Where `tc` 6.1 writes JSON that does not parse (u32's variable offset: `"    offset "` and
//! `" eat "` as keys without values), `nlctl` writes `offset_mask`, `offset_shift` and
//! `offset_off` only. u32's counters and mark (which this kernel lacks) are checked on built
//! dumps. Extended matches are `tc_ematch_show.rs`'s. Not printed yet, and failing by name:
//! an old-style police, an eBPF program's id
//! (which `tc` completes from the bpf syscall), the flower keys `tc_flower_show.rs` names.

use std::fmt;
use std::io;

use netlink::netlink_wire::rtnl::tc::{
    ActionList, BasicOptions, BpfFlags, BpfOptions, CgroupOptions, ClsFlags, FlowMode, FlowOptions,
    FlowerOptions, FwOptions, MatchallOptions, Options, RouteOptions, TcHandle, TcObjectMsg,
    U32Options, U32SelFlags, u32_parts,
};

use crate::names::LinkNames;

use crate::sink::{Lit, Sink, Txt};
use crate::tc_units::AltHex;

/// A u32 handle as `tc`'s `sprint_u32_handle` writes it: `2:`, `2:2:1`, `800::800`.
struct U32Handle(TcHandle);

impl fmt::Display for U32Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (htid, hash, node) = u32_parts(self.0);
        if self.0.0 == 0 {
            return f.write_str("none");
        }
        if htid != 0 {
            write!(f, "{htid:x}:")?;
        }
        if hash != 0 {
            write!(f, "{hash:x}")?;
        }
        if node != 0 {
            write!(f, ":{node:x}")?;
        }
        Ok(())
    }
}

fn bad(e: netlink::netlink_wire::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Writes the `options` of filter `m`, for the kinds that have a printer; its actions through
/// `print_actions` (the actions printer of `tc_show.rs`), into a sink whose line ends are
/// `soft`, `tc`'s `print_nl`.
pub(crate) fn options<S: Sink>(
    s: &mut S,
    m: &TcObjectMsg<'_>,
    names: &LinkNames,
    stats: bool,
    soft: char,
    print_actions: impl FnOnce(&mut SoftLines<'_, S>, ActionList<'_>) -> io::Result<()>,
) -> io::Result<()> {
    // Each kind with a printer: its options object, its fields, then its actions.
    macro_rules! printed {
        ($n:expr, $View:ident, $print:ident) => {{
            s.open_object("options")?;
            let o = $View::from($n);
            $print(
                s,
                &Filter {
                    handle: m.handle(),
                    names,
                    stats,
                    soft,
                },
                &o,
            )?;
            (o.actions().map_err(bad)?, true)
        }};
    }
    let (actions, printed) = match m.options().map_err(bad)? {
        Some(Options::U32(n)) => printed!(n, U32Options, u32_options),
        Some(Options::Bpf(n)) => printed!(n, BpfOptions, bpf_options),
        Some(Options::Fw(n)) => printed!(n, FwOptions, fw_options),
        Some(Options::Flow(n)) => printed!(n, FlowOptions, flow_options),
        Some(Options::Matchall(n)) => printed!(n, MatchallOptions, matchall_options),
        Some(Options::Route(n)) => printed!(n, RouteOptions, route_options),
        Some(Options::Cgroup(n)) => printed!(n, CgroupOptions, cgroup_options),
        Some(Options::Basic(n)) => printed!(n, BasicOptions, basic_options),
        Some(Options::Flower(n)) => printed!(n, FlowerOptions, flower_options),
        _ => (None, false),
    };
    if let Some(list) = actions {
        // Inside a filter, tc ends the actions' lines with print_nl (backslashes with -o).
        let mut soft = SoftLines(s, soft);
        print_actions(&mut soft, list)?;
        soft.text("\n")?;
    }
    if printed {
        s.close_object()?;
    }
    Ok(())
}

/// What a kind's printer knows of the filter besides its options.
struct Filter<'a> {
    handle: TcHandle,
    /// The devices' names (route's `fromif`).
    names: &'a LinkNames,
    /// `-s`.
    stats: bool,
    /// The soft line end (`print_nl`).
    soft: char,
}

/// A sink whose text line ends are `tc`'s soft ones (`print_nl`), which `-o` turns into
/// backslashes.
pub(crate) struct SoftLines<'s, S>(&'s mut S, char);

impl<'s, S: Sink> SoftLines<'s, S> {
    /// `s`, its text line ends written as `soft`.
    pub(crate) fn new(s: &'s mut S, soft: char) -> Self {
        SoftLines(s, soft)
    }

    fn soft(&mut self, t: &str) -> io::Result<()> {
        if t.is_empty() {
            return Ok(());
        }
        self.0.text(t.replace('\n', &self.1.to_string()))
    }

    /// `v` with the text around it made soft.
    fn field(
        &mut self,
        text: Option<Txt>,
        write: impl FnOnce(&mut S, Option<Txt>) -> io::Result<()>,
    ) -> io::Result<()> {
        match text {
            Some(Txt(pre, post)) => {
                self.soft(pre)?;
                write(self.0, Some(Txt("", "")))?;
                self.soft(post)
            }
            None => write(self.0, None),
        }
    }
}

impl<S: Sink> Sink for SoftLines<'_, S> {
    fn string(&mut self, key: &str, text: Option<Txt>, v: impl fmt::Display) -> io::Result<()> {
        self.field(text, |s, t| s.string(key, t, v))
    }

    fn number(&mut self, key: &str, text: Option<Txt>, v: impl fmt::Display) -> io::Result<()> {
        self.field(text, |s, t| s.number(key, t, v))
    }

    fn literal(&mut self, key: &str, lit: Lit, text: &str) -> io::Result<()> {
        self.0.literal(key, lit, "")?;
        self.soft(text)
    }

    fn text(&mut self, t: impl fmt::Display) -> io::Result<()> {
        self.soft(&t.to_string())
    }

    fn open_array(&mut self, key: &str) -> io::Result<()> {
        self.0.open_array(key)
    }

    fn close_array(&mut self) -> io::Result<()> {
        self.0.close_array()
    }

    fn open_object(&mut self, key: &str) -> io::Result<()> {
        self.0.open_object(key)
    }

    fn close_object(&mut self) -> io::Result<()> {
        self.0.close_object()
    }
}

/// The error of a part of the options nlctl does not print.
fn unprinted(what: &str) -> io::Error {
    io::Error::other(format!("nlctl prints no {what} inside filters yet"))
}

/// `skip_hw`, `skip_sw`, then `in_hw` or `not_in_hw`.
fn cls_flags<S: Sink>(s: &mut S, f: ClsFlags) -> io::Result<()> {
    for (bit, name, text) in [
        (ClsFlags::SKIP_HW, "skip_hw", "skip_hw "),
        (ClsFlags::SKIP_SW, "skip_sw", "skip_sw "),
    ] {
        if f.contains(bit) {
            s.literal(name, Lit::True, text)?;
        }
    }
    if f.contains(ClsFlags::IN_HW) {
        s.literal("in_hw", Lit::True, "in_hw ")?;
    } else if f.contains(ClsFlags::NOT_IN_HW) {
        s.literal("not_in_hw", Lit::True, "not_in_hw ")?;
    }
    Ok(())
}

fn u32_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &U32Options<'_>) -> io::Result<()> {
    let handle = f.handle;
    if handle.0 != 0 {
        s.string("fh", Some(Txt("fh ", " ")), U32Handle(handle))?;
    }
    let (_, _, node) = u32_parts(handle);
    if node != 0 {
        s.number("order", Some(Txt("order ", " ")), node)?;
    }
    let sel = o.sel().map_err(bad)?;
    if let Some(d) = o.divisor().map_err(bad)? {
        s.number("ht_divisor", Some(Txt("ht divisor ", " ")), d)?;
    } else if let Some(h) = o.hash().map_err(bad)? {
        let (ht, bkt, _) = u32_parts(TcHandle(h));
        s.string("key_ht", Some(Txt("key ht ", " ")), format_args!("{ht:x}"))?;
        s.string("bkt", Some(Txt("bkt ", " ")), format_args!("{bkt:x}"))?;
    }
    let terminal =
        sel.is_some_and(|s| U32SelFlags(s.header().get().flags).contains(U32SelFlags::TERMINAL));
    if let Some(c) = o.classid().map_err(bad)? {
        s.text(if terminal { "*" } else { "" })?;
        s.string("flowid", Some(Txt("flowid ", " ")), c)?;
    } else if terminal {
        s.text("terminal flowid ")?;
    }
    if let Some(l) = o.link().map_err(bad)? {
        s.string("link", Some(Txt("link ", " ")), U32Handle(TcHandle(l)))?;
    }
    if let Some(f) = o.flags().map_err(bad)? {
        cls_flags(s, f)?;
    }
    // The counters (CONFIG_CLS_U32_PERF): the filter's with -s, then each key's after it.
    let pcnt = o.pcnt().map_err(bad)?.filter(|_| f.stats);
    if let (Some(_), Some(p)) = (sel, pcnt) {
        let h = p.header().get();
        s.number("rule_hit", Some(Txt("(rule hit ", " ")), h.rcnt.get())?;
        s.number("success", Some(Txt("success ", ")")), h.rhit.get())?;
    }
    // The mark match (CONFIG_CLS_U32_MARK), with the packets it matched.
    if let Some(m) = o.mark().map_err(bad)? {
        let m = m.get();
        let (val, mask) = (m.val.get(), m.mask.get());
        s.text(format_args!("{}  mark 0x{val:04x} 0x{mask:04x} ", f.soft))?;
        s.string("fwmark_value", None, AltHex(val.into()))?;
        s.string("fwmark_mask", None, AltHex(mask.into()))?;
        s.number(
            "fwmark_success",
            Some(Txt("(success ", ")")),
            m.success.get() as i32,
        )?;
    }
    if let Some(sel) = sel {
        let hits = pcnt.map(|p| p.entries().map(|c| c.get()).collect::<Vec<_>>());
        for (i, k) in sel.entries().enumerate() {
            let next = if k.offmask.get() != 0 { "nexthdr+" } else { "" };
            let (val, mask, off) = (k.val.get(), k.mask.get(), k.off.get());
            s.text(format_args!(
                "{}  match {val:08x}/{mask:08x} at {next}{off}",
                f.soft
            ))?;
            s.open_object("match")?;
            s.string("value", None, format_args!("{val:x}"))?;
            s.string("mask", None, format_args!("{mask:x}"))?;
            s.string("offmask", None, next)?;
            s.number("off", None, off)?;
            s.close_object()?;
            if let Some(hits) = &hits {
                // A key the counters do not cover prints 0.
                let n = hits.get(i).copied().unwrap_or(0);
                s.number("success", Some(Txt(" (success ", " ) ")), n)?;
            }
        }
        let h = sel.header().get();
        let flags = U32SelFlags(h.flags);
        if flags.contains(U32SelFlags::VAROFFSET) || flags.contains(U32SelFlags::OFFSET) {
            s.text(format_args!("{}    offset ", f.soft))?;
            if flags.contains(U32SelFlags::VAROFFSET) {
                let (mask, shift, at) = (h.offmask.get(), h.offshift, h.offoff.get());
                s.text(format_args!("{mask:04x}>>{shift} at {at} "))?;
                s.string("offset_mask", None, format_args!("{mask:x}"))?;
                s.number("offset_shift", None, shift)?;
                s.number("offset_off", None, at)?;
            }
            if h.off.get() != 0 {
                s.number("offset_plus", Some(Txt("plus ", " ")), h.off.get())?;
            }
        }
        if flags.contains(U32SelFlags::EAT) {
            s.text(" eat ")?;
        }
        if h.hmask.get() != 0 {
            let (mask, at) = (h.hmask.get(), h.hoff.get());
            s.text(format_args!("{}    hash mask {mask:08x} at {at} ", f.soft))?;
            s.string("hash_mask", None, format_args!("{mask:x}"))?;
            s.number("hash_off", None, at)?;
        }
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    if let Some(d) = o.indev().map_err(bad)? {
        // Between soft line ends (print_nl), which -o turns into backslashes.
        s.text(f.soft)?;
        s.string("input_dev", Some(Txt("  input dev ", "")), d)?;
        s.text(f.soft)?;
    }
    Ok(())
}

/// `fw`, which `tc` 6.1 prints with `fprintf` (text only; its `-j` of them is not JSON).
fn fw_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &FwOptions<'_>) -> io::Result<()> {
    let handle = f.handle;
    let mask = o.mask().map_err(bad)?;
    if handle.0 != 0 || mask.is_some() {
        match mask.filter(|m| *m != u32::MAX) {
            Some(m) => s.text(format_args!("handle {:#x}/{m:#x} ", handle.0))?,
            None => s.text(format_args!("handle {:#x} ", handle.0))?,
        }
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.text(format_args!("classid {c} "))?;
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    if let Some(d) = o.indev().map_err(bad)? {
        s.text(format_args!("input dev {d} "))?;
    }
    if o.actions().map_err(bad)?.is_some() {
        s.text("\n")?;
    }
    Ok(())
}

/// `flow`, which `tc` 6.1 prints with `fprintf` (text only).
fn flow_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &FlowOptions<'_>) -> io::Result<()> {
    let handle = f.handle;
    s.text(format_args!("handle {:#x} ", handle.0))?;
    match o.mode().map_err(bad)? {
        Some(FlowMode::MAP) => s.text("map ")?,
        Some(FlowMode::HASH) => s.text("hash ")?,
        _ => {}
    }
    if let Some(k) = o.keys().map_err(bad)? {
        let names: Vec<_> = k.short_names().collect();
        s.text(format_args!("keys {} ", names.join(",")))?;
    }
    let mask = o.mask().map_err(bad)?.unwrap_or(u32::MAX);
    let val = o.xor().map_err(bad)?.unwrap_or(0);
    if mask != u32::MAX || val != 0 {
        // tc shows the pair as the `and`, `xor` and `or` that make it.
        let (or, xor) = ((mask & val) ^ val, mask & val);
        if mask != u32::MAX {
            s.text(format_args!("and 0x{mask:08x} "))?;
        }
        if xor != 0 {
            s.text(format_args!("xor 0x{xor:08x} "))?;
        }
        if or != 0 {
            s.text(format_args!("or 0x{or:08x} "))?;
        }
    }
    if let Some(r) = o.rshift().map_err(bad)? {
        s.text(format_args!("rshift {r} "))?;
    }
    if let Some(a) = o.addend().map_err(bad)? {
        s.text(format_args!("addend {a:#x} "))?;
    }
    if let Some(d) = o.divisor().map_err(bad)? {
        s.text(format_args!("divisor {d} "))?;
    }
    if let Some(b) = o.baseclass().map_err(bad)? {
        s.text(format_args!("baseclass {b} "))?;
    }
    if let Some(p) = o.perturb().map_err(bad)? {
        s.text(format_args!("perturb {p}sec "))?;
    }
    if let Some(n) = o.ematches().map_err(bad)? {
        crate::tc_ematch_show::ematches(s, n)?;
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    if o.actions().map_err(bad)?.is_some() {
        s.text("\n")?;
    }
    Ok(())
}

fn bpf_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &BpfOptions<'_>) -> io::Result<()> {
    let handle = f.handle;
    if handle.0 != 0 {
        s.string(
            "handle",
            Some(Txt("handle ", " ")),
            format_args!("{:#x}", handle.0),
        )?;
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.string("flowid", Some(Txt("flowid ", " ")), c)?;
    }
    if let Some(n) = o.name().map_err(bad)? {
        s.string("bpf_name", Some(Txt("", " ")), n)?;
    }
    if o.flags()
        .map_err(bad)?
        .is_some_and(|f| f.contains(BpfFlags::ACT_DIRECT))
    {
        s.literal("direct-action", Lit::True, "direct-action ")?;
    }
    if let Some(f) = o.flags_gen().map_err(bad)? {
        cls_flags(s, f)?;
    }
    if let (Some(ops), Some(_)) = (o.ops().map_err(bad)?, o.ops_len().map_err(bad)?) {
        crate::tc_act_show::bytecode(s, ops)?;
    }
    if o.id().map_err(bad)?.is_some() {
        return Err(unprinted(
            "eBPF program (its id, name and tag come from the bpf syscall)",
        ));
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    Ok(())
}

/// `matchall`: the handle, the class, the flags on lines of their own, with `-s` the hits.
fn matchall_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &MatchallOptions<'_>) -> io::Result<()> {
    if f.handle.0 != 0 {
        s.text(format_args!("handle {:#x} ", f.handle.0))?;
        s.number("handle", None, f.handle.0)?;
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.string("flowid", Some(Txt("flowid ", " ")), c)?;
    }
    if let Some(fl) = o.flags().map_err(bad)? {
        line_flags(s, fl)?;
    }
    if f.stats
        && let Some(p) = o.pcnt().map_err(bad)?
    {
        s.number(
            "rule_hit",
            Some(Txt(" (rule hit ", ")")),
            p.get().rhit.get(),
        )?;
    }
    Ok(())
}

/// flower (`tc_flower_show.rs`).
fn flower_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &FlowerOptions<'_>) -> io::Result<()> {
    crate::tc_flower_show::flower_options(s, f.handle.0, o, f.soft)
}

/// The classifier flags as matchall prints them, each on a line of its own.
fn line_flags<S: Sink>(s: &mut S, f: ClsFlags) -> io::Result<()> {
    for (bit, name, text) in [
        (ClsFlags::SKIP_HW, "skip_hw", "\n  skip_hw"),
        (ClsFlags::SKIP_SW, "skip_sw", "\n  skip_sw"),
    ] {
        if f.contains(bit) {
            s.literal(name, Lit::True, text)?;
        }
    }
    if f.contains(ClsFlags::IN_HW) {
        s.literal("in_hw", Lit::True, "\n  in_hw")?;
    } else if f.contains(ClsFlags::NOT_IN_HW) {
        s.literal("not_in_hw", Lit::True, "\n  not_in_hw")?;
    }
    Ok(())
}

/// A realm as `tc` names it: `cosmos` for 0 (the one name of the standard `rt_realms`).
fn realm(r: u32) -> String {
    if r == 0 {
        "cosmos".to_owned()
    } else {
        r.to_string()
    }
}

/// `route`, which `tc` 6.1 prints with `fprintf` (text only).
fn route_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &RouteOptions<'_>) -> io::Result<()> {
    let h = f.handle.0;
    if h != 0 {
        s.text(format_args!("fh 0x{h:08x} "))?;
    }
    if h & 0x7f00 != 0 {
        s.text(format_args!("order {} ", (h >> 8) & 0x7f))?;
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.text(format_args!("flowid {c} "))?;
    }
    if let Some(t) = o.to_realm().map_err(bad)? {
        s.text(format_args!("to {} ", realm(t)))?;
    }
    if let Some(r) = o.from_realm().map_err(bad)? {
        s.text(format_args!("from {} ", realm(r)))?;
    }
    if let Some(i) = o.iif().map_err(bad)? {
        s.text(format_args!("fromif {}", f.names.name(i)))?;
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    Ok(())
}

/// `cgroup`: its handle with `fprintf` (text only), its matches and actions.
fn cgroup_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &CgroupOptions<'_>) -> io::Result<()> {
    if f.handle.0 != 0 {
        s.text(format_args!("handle {:#x} ", f.handle.0))?;
    }
    if let Some(n) = o.ematches().map_err(bad)? {
        crate::tc_ematch_show::ematches(s, n)?;
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    Ok(())
}

/// `basic`: the handle (hexadecimal digits in JSON), the class, the extended matches (text
/// only).
fn basic_options<S: Sink>(s: &mut S, f: &Filter<'_>, o: &BasicOptions<'_>) -> io::Result<()> {
    if f.handle.0 != 0 {
        s.text("handle ")?;
        s.string(
            "handle",
            Some(Txt("0x", " ")),
            format_args!("{:x}", f.handle.0),
        )?;
    }
    if let Some(c) = o.classid().map_err(bad)? {
        s.string("flowid", Some(Txt("flowid ", " ")), c)?;
    }
    if let Some(n) = o.ematches().map_err(bad)? {
        crate::tc_ematch_show::ematches(s, n)?;
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::{Fields, text};
    use netlink::netlink_wire::Messages;

    struct Opts<'a, 'm>(&'a TcObjectMsg<'m>);

    impl Fields for Opts<'_, '_> {
        fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
            options(s, self.0, &LinkNames::default(), false, '\n', |_, _| Ok(()))
        }
    }

    fn testdata(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../netlink-wire/testdata/tc/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn u32_options_print_as_tc_printed_the_kernels_dump() {
        // dump-filter-htb.bin is the kernel's dump of v0's u32 filters under htb 1:, and
        // filter-show-htb.txt what `tc -s filter show dev v0` printed for it right after
        // (testdata/tc/README.md): each filter's text after its header (`... chain 0 `).
        let bytes = testdata("dump-filter-htb.bin");
        let shown = String::from_utf8(testdata("filter-show-htb.txt")).unwrap();
        let mut blocks: Vec<String> = Vec::new();
        for line in shown.lines() {
            match blocks.last_mut() {
                Some(b) if !line.starts_with("filter ") => {
                    b.push('\n');
                    b.push_str(line);
                }
                _ => blocks.push(line.to_owned()),
            }
        }
        let msgs: Vec<_> = Messages::new(&bytes)
            .map(Result::unwrap)
            .filter(|m| m.message_type() == netlink::netlink_wire::rtnl::RTM_NEWTFILTER)
            .collect();
        assert_eq!(msgs.len(), blocks.len());
        for (m, block) in msgs.into_iter().zip(&blocks) {
            let f = TcObjectMsg::parse(m).unwrap();
            let mut out = Vec::new();
            text(&mut out, &Opts(&f)).unwrap();
            let (_, expected) = block.split_once(" chain 0 ").unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{block}");
        }
    }

    /// The text of the options of a filter of `kind` whose options `opts` writes.
    fn shown(
        kind: &str,
        handle: u32,
        opts: impl FnOnce(&mut netlink::netlink_wire::Nest<'_>),
    ) -> String {
        use netlink::netlink_wire::rtnl::tc::{TcMsg, Tca};
        use netlink::netlink_wire::{AttrWrite, Flags};
        let mut buf = Vec::new();
        let hdr = TcMsg::new(3, TcHandle(handle), TcHandle::new(1, 0));
        let mut b = TcObjectMsg::builder(
            &mut buf,
            netlink::netlink_wire::rtnl::RTM_NEWTFILTER,
            Flags::EMPTY,
            &hdr,
        )
        .unwrap();
        b.put_str(Tca::KIND, kind);
        opts(&mut b.nest(Tca::OPTIONS));
        b.finish().unwrap();
        let f = TcObjectMsg::parse(netlink::netlink_wire::Msg::parse(&buf).unwrap()).unwrap();
        let mut out = Vec::new();
        text(&mut out, &Opts(&f)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fw_and_flow_options_print_as_tc_6_1_prints_them() {
        use netlink::netlink_wire::AttrWrite;
        use netlink::netlink_wire::rtnl::tc::{FlowKeys, TcaFlow, TcaFw};
        // f_fw.c of 6.1: the handle with its mask unless all ones, the class, the device.
        let t = shown("fw", 6, |o| {
            o.put_u32(TcaFw::MASK, 0xff)
                .put_u32(TcaFw::CLASSID, TcHandle::new(1, 6).0)
                .put_str(TcaFw::INDEV, "v1");
        });
        assert_eq!(t, "handle 0x6/0xff classid 1:6 input dev v1 ");
        let t = shown("fw", 7, |o| {
            o.put_u32(TcaFw::MASK, u32::MAX);
        });
        assert_eq!(t, "handle 0x7 ");
        // f_flow.c: the handle always, the mode, the keys, the mask and xor as `and`, `xor`
        // and `or`, then the map's and the hash's numbers.
        let keys = FlowKeys::SRC | FlowKeys::DST | FlowKeys::PROTO_DST;
        let t = shown("flow", 3, |o| {
            o.put_u32(TcaFlow::KEYS, keys.bits())
                .put_u32(TcaFlow::DIVISOR, 1024)
                .put_u32(TcaFlow::PERTURB, 10)
                .put_u32(TcaFlow::BASECLASS, TcHandle::new(1, 0x10).0)
                .put_u32(TcaFlow::MODE, FlowMode::HASH.0);
        });
        assert_eq!(
            t,
            "handle 0x3 hash keys src,dst,proto-dst divisor 1024 baseclass 1:10 perturb 10sec "
        );
        // `map key mark and 0xff xor 0x1 rshift 2 addend 0x10`, and `or 0x10` (mask ~0x10,
        // xor 0x10).
        let t = shown("flow", 4, |o| {
            o.put_u32(TcaFlow::KEYS, FlowKeys::MARK.bits())
                .put_u32(TcaFlow::RSHIFT, 2)
                .put_u32(TcaFlow::ADDEND, 0x10)
                .put_u32(TcaFlow::MODE, FlowMode::MAP.0)
                .put_u32(TcaFlow::MASK, 0xff)
                .put_u32(TcaFlow::XOR, 1);
        });
        assert_eq!(
            t,
            "handle 0x4 map keys mark and 0x000000ff xor 0x00000001 rshift 2 addend 0x10 "
        );
        let t = shown("flow", 5, |o| {
            o.put_u32(TcaFlow::KEYS, FlowKeys::DST.bits())
                .put_u32(TcaFlow::MODE, FlowMode::MAP.0)
                .put_u32(TcaFlow::MASK, !0x10)
                .put_u32(TcaFlow::XOR, 0x10);
        });
        assert_eq!(t, "handle 0x5 map keys dst and 0xffffffef or 0x00000010 ");
    }

    #[test]
    fn u32_handles_print_as_tcs() {
        use netlink::netlink_wire::rtnl::tc::u32_handle;
        for (h, t) in [
            (u32_handle(2, 0, 0), "2:"),
            (u32_handle(2, 2, 1), "2:2:1"),
            (u32_handle(0x800, 0, 0x800), "800::800"),
            (u32_handle(2, 7, 0), "2:7"),
            (TcHandle(0), "none"),
        ] {
            assert_eq!(U32Handle(h).to_string(), t);
        }
    }
}

/// The filters this kernel cannot hold, printed by `tc` itself from the same messages
/// (`tc_oracle`).
#[cfg(test)]
mod against_tc {
    use crate::tc_oracle::{
        Lab, attr, built_filter, chain_dump, filter_dump, key_bytes, request, same_chain_show,
        same_filter_show, shows_all,
    };

    /// Each captured request, as the kernel would dump it, with the flags it is shown with
    /// (`tc` 6.1 prints fw, flow, route, cgroup's handle and basic's matches with `fprintf`:
    /// its `-j` of them is not JSON, so they are compared as text). `-d` adds nothing to what
    /// tc 6.1 prints of a classifier (only actions have details, police's link layer among
    /// them), so nlctl's one printer must match `tc -d` too.
    const CASES: &[(&str, &[&[&str]])] = &[
        ("fw", &[&[], &["-o"], &["-d"]]),
        ("flow_hash", &[&[], &["-d"]]),
        ("flow_map", &[&[], &["-d"]]),
        (
            "matchall_gact",
            &[&[], &["-j"], &["-o"], &["-s"], &["-d"], &["-d", "-j"]],
        ),
        ("matchall_goto", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        ("route", &[&[], &["-o"], &["-d"]]),
        ("route_fromif", &[&[], &["-d"]]),
        ("u32", &[&[], &["-o"], &["-j"], &["-d"], &["-d", "-j"]]),
        (
            "flower_eth",
            &[&[], &["-o"], &["-j"], &["-d"], &["-d", "-j"]],
        ),
        ("flower_ipv6", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        ("flower_icmp", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        (
            "flower_sctp",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        ("flower_arp", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        (
            "flower_ct",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        (
            "flower_police_mirred",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        (
            "flower_ipv4",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        (
            "flower_tunnel",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        ("flower_tunnel6", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        ("flower_erspan", &[&[], &["-j"], &["-d"], &["-d", "-j"]]),
        (
            "flower_mpls",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        (
            "flower_lse",
            &[&[], &["-j"], &["-o"], &["-d"], &["-d", "-j"]],
        ),
        ("u32_ht", &[&[], &["-o"], &["-j"], &["-d"], &["-d", "-j"]]),
        ("u32_link", &[&[], &["-o"], &["-j"], &["-d"], &["-d", "-j"]]),
        (
            "u32_divisor",
            &[&[], &["-o"], &["-j"], &["-d"], &["-d", "-j"]],
        ),
        ("u32_offset", &[&[], &["-o"], &["-d"]]),
        ("bpf", &[&[], &["-d"], &["-j"], &["-d", "-j"]]),
        ("u32_mark", &[&[], &["-o"], &["-s"], &["-d"]]),
        ("basic", &[&[], &["-o"], &["-d"]]),
        ("cgroup", &[&[], &["-o"], &["-d"]]),
    ];

    /// Chains with a template (the kind and options of a captured flower filter request; only
    /// flower has templates in the kernel), as `tc chain show` prints them; and one without.
    #[test]
    fn chain_templates_print_as_tc_prints_them() {
        let lab = Lab::new();
        for (name, flag_sets) in [
            ("flower_eth", &[&[][..], &["-j"], &["-o"]][..]),
            ("flower_sctp", &[&[], &["-j"]]),
            ("flower_ipv6", &[&[], &["-j"]]),
            ("flower_icmp", &[&[], &["-j"]]),
        ] {
            let dump = chain_dump(&request(name), 1);
            for flags in flag_sets {
                let t = same_chain_show(&lab, flags, &dump);
                // The template is printed: its kind and its keys.
                assert!(t.contains("flower"), "{name}: {t}");
                assert!(
                    t.contains("chain 1") || t.contains("\"chain\":1"),
                    "{name}: {t}"
                );
            }
        }
        // A chain without a template prints no kind and no options.
        let mut bare = chain_dump(&request("flower_eth"), 4);
        bare.truncate(44);
        bare[..4].copy_from_slice(&44u32.to_ne_bytes());
        for flags in [&[][..], &["-j"]] {
            same_chain_show(&lab, flags, &bare);
        }
    }

    #[test]
    fn filters_print_as_tc_prints_them() {
        let lab = Lab::new();
        for (name, flag_sets) in CASES {
            let dump = filter_dump(&request(name));
            for flags in *flag_sets {
                same_filter_show(&lab, flags, &dump);
            }
        }
    }

    #[test]
    fn built_filters_print_as_tc_prints_them() {
        let lab = Lab::new();
        let u32a = |ty: u16, v: u32| attr(ty, &v.to_ne_bytes());
        let mut dump = Vec::new();
        // matchall: a class, skip_sw and in_hw, hits; skip_hw and not_in_hw.
        let hits = attr(4, &1234u64.to_ne_bytes());
        dump.extend(built_filter(
            "matchall",
            1,
            0x0003,
            &[u32a(1, 0x1_0010), u32a(3, 0x2 | 0x4), hits].concat(),
        ));
        dump.extend(built_filter("matchall", 2, 0x0003, &u32a(3, 0x1 | 0x8)));
        // route: to a realm from an interface; from realm 0 (cosmos) with an order.
        let route = [u32a(1, 0x1_0005), u32a(2, 5), u32a(4, 2)].concat();
        dump.extend(built_filter("route", 0x8002_0005, 0x0800, &route));
        let route = [u32a(1, 0x1_0005), u32a(3, 0)].concat();
        dump.extend(built_filter("route", 0x0000_ff00, 0x0800, &route));
        // basic with a handle of more than one digit, cgroup bare.
        dump.extend(built_filter("basic", 0x1a, 0x0003, &u32a(1, 0x1_0005)));
        dump.extend(built_filter("cgroup", 2, 0x0003, &[]));
        for flags in [&[][..], &["-s"], &["-o"], &["-d"], &["-d", "-s"]] {
            same_filter_show(&lab, flags, &dump);
        }
        // tc's -j of route and cgroup is not JSON: matchall and basic alone.
        let mut dump = Vec::new();
        dump.extend(built_filter(
            "matchall",
            1,
            0x0003,
            &[
                u32a(1, 0x1_0010),
                u32a(3, 0x2 | 0x4),
                attr(4, &7u64.to_ne_bytes()),
            ]
            .concat(),
        ));
        dump.extend(built_filter("basic", 0x1a, 0x0003, &u32a(1, 0x1_0005)));
        for flags in [&["-j"][..], &["-j", "-s"], &["-j", "-d"]] {
            same_filter_show(&lab, flags, &dump);
        }
    }

    #[test]
    fn u32_counters_and_mark_print_as_tc_prints_them() {
        // This kernel has neither CONFIG_CLS_U32_PERF nor CONFIG_CLS_U32_MARK: the dumps are
        // built as u32_dump() writes them (selector, class, mark, counters).
        let lab = Lab::new();
        let key = |mask: u32, val: u32, off: i32| key_bytes(mask, val, off, 1);
        // struct tc_u32_sel: flags TC_U32_TERMINAL, nkeys, no offsets or hash.
        let sel = |keys: &[Vec<u8>]| -> Vec<u8> {
            let mut s = vec![1, 0, keys.len() as u8, 0];
            s.extend([0; 12]);
            s.extend(keys.concat());
            s
        };
        let u64s = |v: &[u64]| -> Vec<u8> { v.iter().flat_map(|x| x.to_ne_bytes()).collect() };
        let mark = [0x10u32, 0xff, 3]
            .iter()
            .flat_map(|x| x.to_ne_bytes())
            .collect::<Vec<u8>>();
        let two = [
            key(0xffff_ff00, 0xcb00_7100, 16),
            key(0x00ff_0000, 0x0011_0000, 8),
        ];
        let options = |keys: &[Vec<u8>], counts: &[u64]| {
            [
                attr(5, &sel(keys)),
                attr(1, &0x1_0001u32.to_ne_bytes()),
                attr(10, &mark),
                attr(9, &u64s(counts)),
            ]
            .concat()
        };
        // Two keys and their counts (tc reads a count past the attribute's end when it has
        // fewer than keys: such a dump is not compared).
        let dump = built_filter("u32", 0x8000_0800, 0x0800, &options(&two, &[12, 5, 5, 3]));
        for flags in [&[][..], &["-s"], &["-s", "-o"]] {
            same_filter_show(&lab, flags, &dump);
        }
        // tc 6.1's -j of several u32 keys nests them wrongly: one key.
        let one = [key(0xffff_ff00, 0xcb00_7100, 16)];
        let dump = built_filter("u32", 0x8000_0800, 0x0003, &options(&one, &[4, 2, 2]));
        for flags in [&["-j"][..], &["-s", "-j"], &["-s"]] {
            same_filter_show(&lab, flags, &dump);
        }
    }

    /// A `struct tcf_ematch_hdr` of `kind` and `flags` with its `data`, as match `n`.
    fn ematch(n: u16, kind: u16, flags: u16, data: &[u8]) -> Vec<u8> {
        let hdr: Vec<u8> = [0u16, kind, flags, 0]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        attr(n, &[hdr, data.to_vec()].concat())
    }

    /// A tree of `matches` as tcf_em_tree_dump() writes it (nests without NLA_F_NESTED).
    fn ematch_tree(matches: &[Vec<u8>]) -> Vec<u8> {
        let hdr = [(matches.len() as u16).to_ne_bytes(), 1u16.to_ne_bytes()].concat();
        [attr(1, &hdr), attr(2, &matches.concat())].concat()
    }

    /// `struct tcf_em_cmp`: val, mask, off, align | flags << 4, layer | opnd << 4.
    fn cmp(val: u32, mask: u32, off: u16, align_flags: u8, layer_opnd: u8) -> Vec<u8> {
        [
            &val.to_ne_bytes()[..],
            &mask.to_ne_bytes(),
            &off.to_ne_bytes(),
            &[align_flags, layer_opnd],
        ]
        .concat()
    }

    #[test]
    fn extended_matches_print_as_tc_prints_them() {
        let lab = Lab::new();
        // NOT cmp AND (nbyte OR u32 OR NOT (cmp AND a kind tc does not name)) AND cmp, laid
        // out as tc writes it: the top level first, then each group; a container holds the
        // position (from 0) of its group's first match.
        let (and, or, not) = (1u16, 2u16, 4u16);
        let nbyte = [
            &3u16.to_ne_bytes()[..],
            &(4u16 | 1 << 12).to_ne_bytes(),
            b"a\x01b ",
        ]
        .concat();
        let key: Vec<u8> = [
            &0x00ff_0000u32.to_be_bytes()[..],
            &0x0011_0000u32.to_be_bytes(),
            &8i32.to_ne_bytes(),
            &(-1i32).to_ne_bytes(),
        ]
        .concat();
        let tree = ematch_tree(&[
            ematch(1, 1, not | and, &cmp(0x800, 0xffff, 12, 2, 0)),
            ematch(2, 0, and, &3u32.to_ne_bytes()),
            ematch(3, 1, 0, &cmp(7, 0xff, 0, 4, 1 | 2 << 4)),
            ematch(4, 2, or, &nbyte),
            ematch(5, 3, or, &key),
            ematch(6, 0, not, &6u32.to_ne_bytes()),
            ematch(7, 1, and, &cmp(0xffff_fff0, 0, 20, 1 | 1 << 4, 2 | 1 << 4)),
            ematch(8, 6, 0, &[0; 4]),
        ]);
        let u32a = |ty: u16, v: u32| attr(ty, &v.to_ne_bytes());
        let mut dump = built_filter(
            "basic",
            1,
            0x0003,
            &[u32a(1, 0x1_0010), attr(2, &tree)].concat(),
        );
        // One match alone, in cgroup and flow.
        let one = ematch_tree(&[ematch(1, 1, 0, &cmp(0x800, 0xffff, 12, 2, 0))]);
        dump.extend(built_filter("cgroup", 2, 0x0003, &attr(3, &one)));
        let flow = [u32a(1, 1 << 2), u32a(2, 1), attr(11, &one)].concat();
        dump.extend(built_filter("flow", 3, 0x0003, &flow));
        for flags in [&[][..], &["-o"], &["-s"]] {
            same_filter_show(&lab, flags, &dump);
        }
        // Meta: every id tc 6.1 names and some it does not, compared with a constant; a
        // shift and a mask; constants as text and as bytes on the left; each comparison.
        let meta = |n: u16, rel: u16, left: (u16, u8, u8), right: u16, lv: &[u8], rv: &[u8]| {
            let val =
                |(kind, shift, op): (u16, u8, u8)| [&kind.to_ne_bytes()[..], &[shift, op]].concat();
            let mut d = attr(1, &[val(left), val((right, 0, 0))].concat());
            if !lv.is_empty() {
                d.extend(attr(2, lv));
            }
            if !rv.is_empty() {
                d.extend(attr(3, rv));
            }
            ematch(n, 4, rel, &d)
        };
        let int = 1 << 12;
        let mut list: Vec<Vec<u8>> = (1..=48u16)
            .map(|id| meta(id, or, (int | id, 0, 0), int, &[], &7u32.to_ne_bytes()))
            .collect();
        list.push(meta(
            49,
            or,
            (int | 12, 2, 1),
            int,
            &0xffu32.to_ne_bytes(),
            &3u32.to_ne_bytes(),
        ));
        list.push(meta(50, or, (5, 0, 2), 0, &[], b"eth0"));
        list.push(meta(51, 0, (0, 0, 0), 0, b"a\x01", b"ok"));
        let meta_dump = built_filter("basic", 4, 0x0003, &attr(2, &ematch_tree(&list)));
        let t = same_filter_show(&lab, &[], &meta_dump);
        shows_all(
            &t,
            &[
                "meta(loadavg_15 eq 7)",
                "OR meta(vlan eq 7)",
                "meta([unknown meta id 47] eq 7)",
                "meta(nf_mark shift 2 mask 0x000000ff gt 3)",
                "meta(dev lt eth0)",
                "meta(61 01 \"a.\" eq ok)",
            ],
        );
        same_filter_show(&lab, &["-o"], &meta_dump);
        let t = same_filter_show(&lab, &[], &dump);
        shows_all(
            &t,
            &[
                "\n  NOT cmp(u16 at 12 layer 0 mask 0xffff eq 2048)\n  AND (\n    nbyte(",
                "u32(00110000/00ff0000 at nexthdr+8)",
                "[unknown ematch 6]",
                "cmp(u32 at 0 layer 1 mask 0xff lt 7)",
            ],
        );
    }
}
