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
//! `offset_off` only. Not printed yet, and failing by name: extended matches, an old-style
//! police, u32's counters and mark, an eBPF program's id (which `tc` completes from the bpf
//! syscall), the flower keys `tc_flower_show.rs` names.

use std::fmt;
use std::io;

use netlink::netlink_wire::rtnl::tc::{
    ActionList, BasicOptions, BpfFlags, BpfOptions, CgroupOptions, ClsFlags, FlowMode, FlowOptions,
    FlowerOptions, FwOptions, MatchallOptions, Options, RouteOptions, TcHandle, TcObjectMsg,
    U32Options, U32SelFlags, u32_parts,
};

use crate::names::LinkNames;

use crate::sink::{Lit, Sink, Txt};

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
    if o.pcnt().map_err(bad)?.is_some() {
        return Err(unprinted("u32 counters"));
    }
    if o.mark().map_err(bad)?.is_some() {
        return Err(unprinted("u32 mark"));
    }
    if let Some(sel) = sel {
        for k in sel.entries() {
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
        s.string("input_dev", Some(Txt("\n  input dev ", "\n")), d)?;
    }
    Ok(())
}

/// A classic program as `tc` prints it: `'N,C JT JF K,...'`.
struct Bytecode<'a>(&'a [netlink::netlink_wire::rtnl::tc::SockFilter]);

impl fmt::Display for Bytecode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{},", self.0.len())?;
        for (i, op) in self.0.iter().enumerate() {
            let sep = if i + 1 == self.0.len() { "'" } else { "," };
            write!(
                f,
                "{} {} {} {}{sep}",
                op.code.get(),
                op.jt,
                op.jf,
                op.k.get()
            )?;
        }
        Ok(())
    }
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
    if o.ematches().map_err(bad)?.is_some() {
        return Err(unprinted("extended matches"));
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
        let code: Vec<_> = ops.entries().collect();
        s.text(format_args!("bytecode {}", Bytecode(&code)))?;
        s.open_object("bytecode")?;
        s.number("length", None, code.len())?;
        s.open_array("insns")?;
        for op in &code {
            s.open_object("")?;
            s.number("code", None, op.code.get())?;
            s.number("jt", None, op.jt)?;
            s.number("jf", None, op.jf)?;
            s.number("k", None, op.k.get())?;
            s.close_object()?;
        }
        s.close_array()?;
        s.close_object()?;
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
    if o.ematches().map_err(bad)?.is_some() {
        return Err(unprinted("extended matches"));
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    Ok(())
}

/// `basic`: the handle (hexadecimal digits in JSON), the class; its matches are not printed
/// yet.
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
    if o.ematches().map_err(bad)?.is_some() {
        return Err(unprinted("extended matches"));
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
    use crate::tc_oracle::{Lab, attr, built_filter, filter_dump, request, same_filter_show};

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
        ("flower_police_mirred", &[&[], &["-j"], &["-o"]]),
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
        ("cgroup", &[&[], &["-o"], &["-d"]]),
    ];

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
}
