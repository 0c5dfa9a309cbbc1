//! The options of a filter in `tc filter show`, after its header, as `tc` 6.1's
//! `u32_print_opt` prints them: `u32` in text. The JSON of the options, the other kinds'
//! options and the actions inside filters are not printed yet: a filter that has actions
//! fails by name rather than print without them.

use std::fmt;
use std::io;

use netlink::netlink_wire::rtnl::tc::{
    ClsFlags, Options, TcHandle, TcObjectMsg, U32Options, U32SelFlags, u32_parts,
};

use crate::sink::Sink;

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

/// Writes the options of filter `m` (text only; nothing in JSON).
pub(crate) fn options<S: Sink>(s: &mut S, m: &TcObjectMsg<'_>) -> io::Result<()> {
    let bad = |e: netlink::netlink_wire::Error| io::Error::other(e.to_string());
    match m.options().map_err(bad)? {
        Some(Options::U32(n)) => u32_options(s, m.handle(), &U32Options::from(n))
            .map_err(|e| io::Error::other(format!("a u32 filter nlctl cannot print: {e}"))),
        _ => Ok(()),
    }
}

/// The error of a part of the options nlctl does not print.
fn unprinted(what: &str) -> io::Error {
    io::Error::other(format!("nlctl prints no {what} inside filters yet"))
}

fn u32_options<S: Sink>(s: &mut S, handle: TcHandle, o: &U32Options<'_>) -> io::Result<()> {
    let bad = |e: netlink::netlink_wire::Error| io::Error::other(e.to_string());
    if handle.0 != 0 {
        s.text(format_args!("fh {} ", U32Handle(handle)))?;
    }
    let (_, _, node) = u32_parts(handle);
    if node != 0 {
        s.text(format_args!("order {node} "))?;
    }
    let sel = o.sel().map_err(bad)?;
    if let Some(d) = o.divisor().map_err(bad)? {
        s.text(format_args!("ht divisor {d} "))?;
    } else if let Some(h) = o.hash().map_err(bad)? {
        let (ht, bkt, _) = u32_parts(TcHandle(h));
        s.text(format_args!("key ht {ht:x} bkt {bkt:x} "))?;
    }
    let terminal =
        sel.is_some_and(|s| U32SelFlags(s.header().get().flags).contains(U32SelFlags::TERMINAL));
    if let Some(c) = o.classid().map_err(bad)? {
        let star = if terminal { "*" } else { "" };
        s.text(format_args!("{star}flowid {c} "))?;
    } else if terminal {
        s.text("terminal flowid ")?;
    }
    if let Some(l) = o.link().map_err(bad)? {
        s.text(format_args!("link {} ", U32Handle(TcHandle(l))))?;
    }
    if let Some(f) = o.flags().map_err(bad)? {
        for (bit, name) in [
            (ClsFlags::SKIP_HW, "skip_hw"),
            (ClsFlags::SKIP_SW, "skip_sw"),
        ] {
            if f.contains(bit) {
                s.text(format_args!("{name} "))?;
            }
        }
        if f.contains(ClsFlags::IN_HW) {
            s.text("in_hw ")?;
        } else if f.contains(ClsFlags::NOT_IN_HW) {
            s.text("not_in_hw ")?;
        }
    }
    if o.pcnt().map_err(bad)?.is_some() {
        return Err(unprinted("u32 counters"));
    }
    if let Some(mark) = o.mark().map_err(bad)? {
        let m = mark.get();
        s.text(format_args!(
            "\n  mark 0x{:04x} 0x{:04x} (success {})",
            m.val.get(),
            m.mask.get(),
            m.success.get()
        ))?;
    }
    if let Some(sel) = sel {
        for k in sel.entries() {
            let next = if k.offmask.get() != 0 { "nexthdr+" } else { "" };
            s.text(format_args!(
                "\n  match {:08x}/{:08x} at {next}{}",
                k.val.get(),
                k.mask.get(),
                k.off.get()
            ))?;
        }
        let h = sel.header().get();
        let flags = U32SelFlags(h.flags);
        if flags.contains(U32SelFlags::VAROFFSET) || flags.contains(U32SelFlags::OFFSET) {
            s.text("\n    offset ")?;
            if flags.contains(U32SelFlags::VAROFFSET) {
                s.text(format_args!(
                    "{:04x}>>{} at {} ",
                    h.offmask.get(),
                    h.offshift,
                    h.offoff.get()
                ))?;
            }
            if h.off.get() != 0 {
                s.text(format_args!("plus {} ", h.off.get()))?;
            }
        }
        if flags.contains(U32SelFlags::EAT) {
            s.text(" eat ")?;
        }
        if h.hmask.get() != 0 {
            s.text(format_args!(
                "\n    hash mask {:08x} at {} ",
                h.hmask.get(),
                h.hoff.get()
            ))?;
        }
    }
    if o.police().map_err(bad)?.is_some() {
        return Err(unprinted("police"));
    }
    if let Some(d) = o.indev().map_err(bad)? {
        s.text(format_args!("\n  input dev {d}\n"))?;
    }
    if o.actions().map_err(bad)?.is_some() {
        return Err(unprinted("actions"));
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
            options(s, self.0)
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
