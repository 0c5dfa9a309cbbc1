//! Extended matches (`basic match ...`, and cgroup's and flow's) as `tc` 6.1's `print_ematch`
//! prints them, in text only (tc writes them with `fprintf`, also into `-j`, which is then
//! not JSON): `\n  ` and the matches, each `KIND(...)` on a line of its own, `AND`/`OR`
//! between them, `NOT ` before a negated one and a group between parentheses, indented one
//! step deeper. The kinds named by `/etc/iproute2/ematch_map` print their data (`cmp`,
//! `nbyte`, `u32` and `meta` here; canid, ipset and ipt fail by name); others print
//! `[unknown ematch N]`. Checked against `tc` itself fed the same dumps (`tc_oracle`).

use std::io;

use netlink::netlink_wire::rtnl::tc::{Ematch, EmatchFlags, EmatchKind, EmatchTree, TcfMetaVal};
use netlink::netlink_wire::typed::Nested;

use crate::sink::Sink;

fn bad(e: netlink::netlink_wire::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// The deepest group nlctl follows (the kernel's `CONFIG_NET_EMATCH_STACK` is 32): a
/// container that refers to itself or an outer group ends there with an error, where
/// `tc` recurses until it crashes.
const MAX_DEPTH: usize = 32;

/// The tree in `nest`, after `\n  `; nothing when it has no match.
pub(crate) fn ematches<S: Sink>(s: &mut S, nest: Nested<'_>) -> io::Result<()> {
    let tree = EmatchTree::new(nest);
    let hdr = tree
        .header()
        .map_err(bad)?
        .ok_or_else(|| io::Error::other("an extended-match tree without its header"))?;
    // tc reads matches 1 to nmatches, by number.
    let n = hdr.nmatches.get();
    let mut list: Vec<Option<Ematch<'_>>> = vec![None; usize::from(n) + 1];
    for m in tree.matches().map_err(bad)? {
        let m = m.map_err(bad)?;
        if let Some(slot) = list.get_mut(usize::from(m.index())) {
            *slot = Some(m);
        }
    }
    if n == 0 {
        return Ok(());
    }
    s.text("\n  ")?;
    seq(s, &list, 1, 1)
}

/// The matches from number `start` to the end of their group, `prefix` steps deep.
fn seq<S: Sink>(
    s: &mut S,
    list: &[Option<Ematch<'_>>],
    start: usize,
    prefix: usize,
) -> io::Result<()> {
    if prefix > MAX_DEPTH {
        return Err(io::Error::other("extended matches nested too deep"));
    }
    let indent = |n: usize| "  ".repeat(n);
    for i in start.. {
        let m = list
            .get(i)
            .copied()
            .flatten()
            .ok_or_else(|| io::Error::other(format!("extended match {i} is missing")))?;
        let flags = m.flags();
        if flags.contains(EmatchFlags::INVERT) {
            s.text("NOT ")?;
        }
        if m.kind() == EmatchKind::CONTAINER {
            let first = m.container().map_err(bad)?;
            s.text(format_args!("(\n{}", indent(prefix + 1)))?;
            let first = usize::try_from(first)
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            seq(s, list, first, prefix + 1)?;
            s.text(format_args!("{}) ", indent(prefix)))?;
        } else {
            leaf(s, &m)?;
            if flags.relation() != 0 {
                s.text(indent(prefix))?;
            }
        }
        match flags.relation() {
            1 => s.text("AND ")?,
            2 => s.text("OR ")?,
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// The kinds `tc` 6.1 names through `/etc/iproute2/ematch_map`.
const NAMED: &[(EmatchKind, &str)] = &[
    (EmatchKind::CMP, "cmp"),
    (EmatchKind::NBYTE, "nbyte"),
    (EmatchKind::U32, "u32"),
    (EmatchKind::META, "meta"),
    (EmatchKind::CANID, "canid"),
    (EmatchKind::IPSET, "ipset"),
    (EmatchKind::IPT, "ipt"),
];

/// One match that is not a group: `KIND(DATA)` and a line end.
fn leaf<S: Sink>(s: &mut S, m: &Ematch<'_>) -> io::Result<()> {
    let Some((_, name)) = NAMED.iter().find(|(k, _)| *k == m.kind()) else {
        return s.text(format_args!("[unknown ematch {}]\n", m.kind().0));
    };
    s.text(format_args!("{name}("))?;
    match m.kind() {
        EmatchKind::CMP => {
            let c = m.cmp().map_err(bad)?;
            let align = match c.align() {
                1 => "u8 ",
                2 => "u16 ",
                4 => "u32 ",
                _ => "",
            };
            s.text(format_args!(
                "{align}at {} layer {} ",
                c.off.get(),
                c.layer()
            ))?;
            if c.mask.get() != 0 {
                s.text(format_args!("mask {:#x} ", c.mask.get()))?;
            }
            if c.flags() & 1 != 0 {
                s.text("trans ")?;
            }
            let opnd = match c.opnd() {
                0 => "eq ",
                1 => "gt ",
                2 => "lt ",
                _ => "",
            };
            // tc prints the value with %d.
            s.text(format_args!("{opnd}{}", c.val.get() as i32))?;
        }
        EmatchKind::NBYTE => {
            let (nb, needle) = m.nbyte().map_err(bad)?;
            for b in needle {
                s.text(format_args!("{b:02x} "))?;
            }
            let ascii: String = needle
                .iter()
                .map(|&b| {
                    if (0x20..0x7f).contains(&b) {
                        char::from(b)
                    } else {
                        '.'
                    }
                })
                .collect();
            s.text(format_args!(
                "\"{ascii}\" at {} layer {}",
                nb.off.get(),
                nb.layer()
            ))?;
        }
        EmatchKind::U32 => {
            let k = m.u32_key().map_err(bad)?;
            let next = if k.offmask.get() != 0 { "nexthdr+" } else { "" };
            s.text(format_args!(
                "{:08x}/{:08x} at {next}{}",
                k.val.get(),
                k.mask.get(),
                k.off.get()
            ))?;
        }
        EmatchKind::META => meta(s, m)?,
        _ => {
            return Err(io::Error::other(format!(
                "nlctl prints no {name} extended match yet"
            )));
        }
    }
    s.text(")\n")
}

/// The names `tc` 6.1 gives the meta ids 1 to 33 (`TCF_META_ID_RANDOM` to `_SK_SNDBUF`);
/// 46 (`TCF_META_ID_VLAN_TAG`) is `vlan`, the others `[unknown meta id N]`.
pub(crate) const META_NAMES: [&str; 33] = [
    "random",
    "loadavg_1",
    "loadavg_5",
    "loadavg_15",
    "dev",
    "priority",
    "protocol",
    "pkt_type",
    "pkt_len",
    "data_len",
    "mac_len",
    "nf_mark",
    "tc_index",
    "rt_classid",
    "rt_iif",
    "sk_family",
    "sk_state",
    "sk_reuse",
    "sk_bind_if",
    "sk_refcnt",
    "sk_shutdown",
    "sk_proto",
    "sk_type",
    "sk_rcvbuf",
    "sk_rmem",
    "sk_wmem",
    "sk_omem",
    "sk_wmem_queue",
    "sk_rcv_queue",
    "sk_snd_queue",
    "sk_err_queue",
    "sk_fwd_alloc",
    "sk_sndbuf",
];

/// `TCF_META_TYPE_INT`: a side that is a number (else `_VAR`, bytes).
const META_INT: u16 = 1;

/// A meta match (`meta_print_eopt`): `LEFT eq|gt|lt RIGHT`.
fn meta<S: Sink>(s: &mut S, m: &Ematch<'_>) -> io::Result<()> {
    let o = m.meta();
    let hdr = o
        .hdr()
        .map_err(bad)?
        .ok_or_else(|| io::Error::other("a meta match without its header"))?
        .get();
    meta_side(s, hdr.left, o.lvalue().map_err(bad)?)?;
    match hdr.left.op {
        0 => s.text(" eq ")?,
        1 => s.text(" gt ")?,
        2 => s.text(" lt ")?,
        _ => {}
    }
    meta_side(s, hdr.right, o.rvalue().map_err(bad)?)
}

/// One side (`print_object`): a constant, or a meta id with its shift and, for a number, its
/// mask when not 0.
fn meta_side<S: Sink>(s: &mut S, v: TcfMetaVal, value: Option<&[u8]>) -> io::Result<()> {
    let int = |b: &[u8]| -> io::Result<u32> {
        b.first_chunk::<4>()
            .map(|c| u32::from_ne_bytes(*c))
            .ok_or_else(|| io::Error::other("a meta number shorter than 4 bytes"))
    };
    if v.id() == 0 {
        let b = value.ok_or_else(|| io::Error::other("a meta value without its attribute"))?;
        return match v.meta_type() {
            // tc prints it with %d.
            META_INT => s.text(int(b)? as i32),
            0 => s.text(Binary(b)),
            _ => Ok(()),
        };
    }
    let name = match v.id() {
        46 => Some("vlan"),
        id => META_NAMES.get(usize::from(id) - 1).copied(),
    };
    match name {
        Some(n) => s.text(n)?,
        None => s.text(format_args!("[unknown meta id {}]", v.id()))?,
    }
    if v.shift != 0 {
        s.text(format_args!(" shift {}", v.shift))?;
    }
    // tc 6.1 prints a mask that is not 0 (what it writes for an id without `mask`).
    if v.meta_type() == META_INT
        && let Some(b) = value
        && int(b)? != 0
    {
        s.text(format_args!(" mask 0x{:08x}", int(b)?))?;
    }
    Ok(())
}

/// Bytes as `tc`'s `print_binary` writes them: as text when all are printable, else in hex
/// and then as text between quotes, `.` for the others.
struct Binary<'a>(&'a [u8]);

impl std::fmt::Display for Binary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let printable = |b: u8| (0x20..0x7f).contains(&b);
        if self.0.iter().all(|&b| printable(b)) {
            return self
                .0
                .iter()
                .try_for_each(|&b| write!(f, "{}", char::from(b)));
        }
        for b in self.0 {
            write!(f, "{b:02x} ")?;
        }
        f.write_str("\"")?;
        for &b in self.0 {
            write!(f, "{}", if printable(b) { char::from(b) } else { '.' })?;
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::TextSink;
    use crate::tc_oracle::attr;
    use netlink::netlink_wire::attr::Attrs;

    /// What nlctl prints for the tree of `matches` (each `(kind, flags, data)`).
    fn printed(matches: &[(u16, u16, Vec<u8>)]) -> io::Result<String> {
        let list: Vec<u8> = matches
            .iter()
            .enumerate()
            .flat_map(|(i, (kind, flags, data))| {
                let hdr = [0u16, *kind, *flags, 0].map(u16::to_ne_bytes).concat();
                attr(i as u16 + 1, &[hdr, data.clone()].concat())
            })
            .collect();
        let n = (matches.len() as u16).to_ne_bytes();
        let tree = attr(
            2,
            &[attr(1, &[n, [1, 0]].concat()), attr(2, &list)].concat(),
        );
        let a = Attrs::new(&tree).next().unwrap().unwrap();
        let mut out = Vec::new();
        ematches(&mut TextSink::new(&mut out), Nested::new(a))?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_group_that_holds_itself_is_an_error_not_a_loop() {
        // Match 1 is a group starting at position 0: itself, AND-ed to nothing.
        let e = printed(&[(0, 0, 0u32.to_ne_bytes().to_vec())]).unwrap_err();
        assert!(e.to_string().contains("too deep"), "{e}");
        // A relation to a match the list does not have.
        let e = printed(&[(1, 1, vec![0; 12])]).unwrap_err();
        assert!(e.to_string().contains("match 2 is missing"), "{e}");
        // Data shorter than its kind's struct.
        assert!(printed(&[(1, 0, vec![0; 4])]).is_err());
        assert_eq!(
            printed(&[(3, 4, vec![0; 16])]).unwrap(),
            "\n  NOT u32(00000000/00000000 at 0)\n"
        );
        // A kind tc names but nlctl does not print yet.
        let e = printed(&[(8, 0, vec![0; 8])]).unwrap_err();
        assert!(e.to_string().contains("ipset"), "{e}");
        // A meta match without its header.
        assert!(printed(&[(4, 0, vec![])]).is_err());
    }
}
