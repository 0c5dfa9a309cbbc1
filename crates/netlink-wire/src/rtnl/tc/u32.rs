//! The u32 classifier: 32-bit keys compared at offsets into the packet (a selector,
//! `struct tc_u32_sel`, and its `struct tc_u32_key`s), hash tables of filters (`divisor`)
//! that a filter can hash into (`hashkey`, `link`), variable offsets past a header (`offset`,
//! `eat`), marks, and the counters of `CONFIG_CLS_U32_PERF`.
//!
//! A u32 handle is `htid:hash:node`: 12 bits of hash table, 8 of bucket, 12 of node
//! ([`u32_handle`]); `tc` prints `800::800` for table `0x800`, bucket 0, node `0x800`.
//!
//! Source of truth: `include/uapi/linux/pkt_cls.h`.

use zerocopy::byteorder::native_endian::{I16, I32, U16, U32, U64};
use zerocopy::byteorder::network_endian::{U16 as BeU16, U32 as BeU32};

use crate::rtnl::tc::{ActionList, ClsFlags, StructArray, TcHandle, TcaPolice};

kernel_struct! {
    /// `struct tc_u32_key`: one 32-bit comparison: `(word at off) & mask == val`.
    TcU32Key = "tc_u32_key", 16 {
        /// `mask`: the bits compared (network order).
        pub mask: BeU32,
        /// `val`: their value (network order).
        pub val: BeU32,
        /// `off`: the offset of the word from the network header (or from the variable
        /// offset, when `offmask` is -1).
        pub off: I32,
        /// `offmask`: -1 for an offset past the variable offset (`nexthdr+`), else 0.
        pub offmask: I32,
    }
}

impl TcU32Key {
    /// The key `word at off & mask == val`, all in host order as `tc` prints them.
    #[must_use]
    #[inline]
    pub fn new(val: u32, mask: u32, off: i32) -> Self {
        TcU32Key {
            mask: BeU32::new(mask),
            val: BeU32::new(val & mask),
            off: I32::new(off),
            offmask: I32::new(0),
        }
    }

    /// The key with its offset past the variable offset (`nexthdr+`, `offmask` -1).
    #[must_use]
    #[inline]
    pub fn at_nexthdr(mut self) -> Self {
        self.offmask = I32::new(-1);
        self
    }
}

kernel_struct! {
    /// `struct tc_u32_sel`: a u32 filter's selector, before its `nkeys` keys
    /// ([`U32Sel`]): what makes it terminal, and how the variable offset and the hash are
    /// computed.
    TcU32Sel = "tc_u32_sel", 16 {
        /// `flags`: [`U32SelFlags`].
        pub flags: u8,
        /// `offshift`: the right shift of the variable offset's masked half-word.
        pub offshift: u8,
        /// `nkeys`: the number of keys.
        pub nkeys: u8,
        /// The padding C puts before `offmask`.
        pub _pad: u8,
        /// `offmask`: the mask of the half-word read at `offoff` (network order).
        pub offmask: BeU16,
        /// `off`: a fixed offset added to the variable offset.
        pub off: U16,
        /// `offoff`: where the half-word is read.
        pub offoff: I16,
        /// `hoff`: where the word hashed into a linked table is read.
        pub hoff: I16,
        /// `hmask`: the bits of that word hashed (network order).
        pub hmask: BeU32,
    }
}

/// A u32 selector and its keys (`TCA_U32_SEL`).
pub type U32Sel<'a> = StructArray<'a, TcU32Sel, TcU32Key>;

flags! {
    /// `TC_U32_*`: the bits of `tc_u32_sel.flags`.
    U32SelFlags(u8);
    /// A match ends the classification (the filter has a class or actions).
    TERMINAL = 0x1, "TC_U32_TERMINAL", "terminal";
    /// There is a fixed offset (`off`).
    OFFSET = 0x2, "TC_U32_OFFSET", "offset";
    /// There is a variable offset (`offoff`, `offmask`, `offshift`).
    VAROFFSET = 0x4, "TC_U32_VAROFFSET", "varoffset";
    /// The offset carries over to linked tables.
    EAT = 0x8, "TC_U32_EAT", "eat";
}

kernel_struct! {
    /// `struct tc_u32_mark`: a match on the packet's mark (`TCA_U32_MARK`).
    TcU32Mark = "tc_u32_mark", 12 {
        /// `val`: the mark's value.
        pub val: U32,
        /// `mask`: the bits compared.
        pub mask: U32,
        /// `success`: packets that matched (dumps).
        pub success: U32,
    }
}

kernel_struct! {
    /// `struct tc_u32_pcnt`: a u32 filter's counters, before one `u64` per key ([`U32Pcnt`]).
    TcU32Pcnt = "tc_u32_pcnt", 16 {
        /// `rcnt`: packets seen.
        pub rcnt: U64,
        /// `rhit`: packets matched.
        pub rhit: U64,
    }
}

/// A u32 filter's counters and the hits of each key (`TCA_U32_PCNT`).
pub type U32Pcnt<'a> = StructArray<'a, TcU32Pcnt, U64>;

attributes! {
    /// The options of a u32 filter, or of one of its hash tables.
    view U32Options;
    /// `TCA_U32_*`: the u32 classifier's attributes.
    numbers TcaU32;
    /// A typed u32 attribute.
    enum U32Attr<'a>;
    /// The class packets go to.
    CLASSID = 1, "TCA_U32_CLASSID", Classid(val TcHandle), classid;
    /// The hash table and bucket the filter is in (`ht`).
    HASH = 2, "TCA_U32_HASH", Hash(u32), hash;
    /// The hash table packets go on in (`link`).
    LINK = 3, "TCA_U32_LINK", Link(u32), link;
    /// A hash table's number of buckets.
    DIVISOR = 4, "TCA_U32_DIVISOR", Divisor(u32), divisor;
    /// The selector and its keys.
    SEL = 5, "TCA_U32_SEL", Sel(val U32Sel<'a>), sel;
    /// The old-style police.
    POLICE = 6, "TCA_U32_POLICE", Police(nest TcaPolice), police;
    /// The actions.
    ACT = 7, "TCA_U32_ACT", Act(val ActionList<'a>), actions;
    /// The device packets must come in on.
    INDEV = 8, "TCA_U32_INDEV", Indev(str), indev;
    /// The counters (`CONFIG_CLS_U32_PERF`).
    PCNT = 9, "TCA_U32_PCNT", Pcnt(val U32Pcnt<'a>), pcnt;
    /// A match on the mark (`CONFIG_CLS_U32_MARK`).
    MARK = 10, "TCA_U32_MARK", Mark({TcU32Mark}), mark;
    /// [`ClsFlags`].
    FLAGS = 11, "TCA_U32_FLAGS", Flags(val ClsFlags), flags;
    /// Padding for 64-bit alignment.
    PAD = 12, "TCA_U32_PAD", Pad(bytes);
}

/// `TC_U32_ROOT`: the hash table id of the root table's handles (`800:`).
pub const TC_U32_ROOT: u32 = 0xfff0_0000;

/// The u32 handle `htid:hash:node` (`tc`'s `ht:bkt:node`, hexadecimal): the hash table id's
/// low 12 bits, the bucket and the node's low 12 bits.
#[must_use]
#[inline]
pub const fn u32_handle(htid: u16, hash: u8, node: u16) -> TcHandle {
    let htid = (htid as u32 & 0xfff) << 20;
    let hash = (hash as u32) << 12;
    TcHandle(htid | hash | (node as u32 & 0xfff))
}

/// The parts of a u32 handle: `TC_U32_USERHTID`, `TC_U32_HASH`, `TC_U32_NODE`.
#[doc(alias = "TC_U32_USERHTID")]
#[doc(alias = "TC_U32_HASH")]
#[doc(alias = "TC_U32_NODE")]
#[must_use]
#[inline]
pub const fn u32_parts(h: TcHandle) -> (u16, u8, u16) {
    let [a, b, c, d] = h.0.to_be_bytes();
    let htid = u16::from_be_bytes([a, b]) >> 4;
    let hash = ((b & 0x0f) << 4) | (c >> 4);
    let node = u16::from_be_bytes([c & 0x0f, d]);
    (htid, hash, node)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::attr::AttrWrite;
    use crate::rtnl::tc::action::tests::redirect;
    use crate::rtnl::tc::tests::{
        after, blocks, builds_as_tc, messages, object, testdata, walks_cleanly,
    };
    use crate::rtnl::tc::{
        EthProtocol, LinkLayer, Options, PschedClock, TcMsg, TcPolice, TcRatespec, Tca, Verdict,
        put_rate_table, put_struct_array,
    };

    /// The header of a u32 filter on v0 (ifindex 3) under `parent`.
    fn hdr(handle: TcHandle, parent: TcHandle, prio: u16) -> TcMsg {
        TcMsg::filter(3, handle, parent, prio, EthProtocol::IP)
    }

    fn sel(flags: U32SelFlags, nkeys: u8) -> TcU32Sel {
        TcU32Sel {
            flags: flags.bits(),
            nkeys,
            ..TcU32Sel::default()
        }
    }

    /// `match ip src|dst ADDR/LEN`: the address at offset 12 or 16 of the IPv4 header.
    fn ip(addr: [u8; 4], len: u32, off: i32) -> TcU32Key {
        let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
        TcU32Key::new(u32::from_be_bytes(addr), mask, off)
    }

    const ROOT: TcHandle = TcHandle::new(1, 0);

    #[test]
    fn builds_what_tc_sends_for_u32() {
        // `tc filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 192.0.2.1/32
        // match ip sport 80 0xffff match ip protocol 6 0xff flowid 1:10`: a class makes the
        // selector terminal; keys in command-line order, the port in the high half of the
        // word at 20.
        builds_as_tc("u32", hdr(TcHandle::UNSPEC, ROOT, 10), |b| {
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            U32Attr::Classid(TcHandle::new(1, 0x10)).write_to(&mut o);
            let keys = [
                ip([192, 0, 2, 1], 32, 16),
                TcU32Key::new(80 << 16, 0xffff_0000, 20),
                TcU32Key::new(6 << 16, 0x00ff_0000, 8),
            ];
            put_struct_array(&mut o, TcaU32::SEL, &sel(U32SelFlags::TERMINAL, 3), &keys);
        });
        // `... prio 5 handle 2: protocol ip u32 divisor 256`: a hash table, whose handle is
        // u32's `2::`, not `2:`.
        builds_as_tc("u32_divisor", hdr(u32_handle(2, 0, 0), ROOT, 5), |b| {
            b.put_str(Tca::KIND, "u32");
            U32Attr::Divisor(256).write_to(&mut b.nest(Tca::OPTIONS));
        });
        // `... prio 5 protocol ip u32 ht 800:: match ip dst 192.0.2.0/24 hashkey mask
        // 0x000000ff at 16 link 2:`: the link first, then where the filter goes, then the
        // selector with its hash mask and offset; not terminal.
        builds_as_tc("u32_link", hdr(TcHandle::UNSPEC, ROOT, 5), |b| {
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            U32Attr::Link(u32_handle(2, 0, 0).0).write_to(&mut o);
            U32Attr::Hash(u32_handle(0x800, 0, 0).0).write_to(&mut o);
            let s = TcU32Sel {
                hoff: I16::new(16),
                hmask: BeU32::new(0xff),
                ..sel(U32SelFlags::EMPTY, 1)
            };
            put_struct_array(&mut o, TcaU32::SEL, &s, &[ip([192, 0, 2, 0], 24, 16)]);
        });
        // `... prio 5 handle 2:7:1 protocol ip u32 ht 2:7: match ip src 198.51.100.7/32
        // flowid 1:10`: a filter in bucket 7 of table 2.
        builds_as_tc("u32_ht", hdr(u32_handle(2, 7, 1), ROOT, 5), |b| {
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            U32Attr::Classid(TcHandle::new(1, 0x10)).write_to(&mut o);
            U32Attr::Hash(u32_handle(2, 7, 0).0).write_to(&mut o);
            let key = ip([198, 51, 100, 7], 32, 12);
            put_struct_array(&mut o, TcaU32::SEL, &sel(U32SelFlags::TERMINAL, 1), &[key]);
        });
        // `... prio 7 protocol ip u32 match ip protocol 6 0xff offset at 0 mask 0x0f00 shift
        // 6 eat match tcp dst 22 0xffff flowid 1:1`: a variable offset (the IP header length),
        // and a key past it (offmask -1).
        builds_as_tc("u32_offset", hdr(TcHandle::UNSPEC, ROOT, 7), |b| {
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            U32Attr::Classid(TcHandle::new(1, 1)).write_to(&mut o);
            let flags = U32SelFlags::TERMINAL | U32SelFlags::VAROFFSET | U32SelFlags::EAT;
            let s = TcU32Sel {
                offshift: 6,
                offmask: BeU16::new(0x0f00),
                ..sel(flags, 2)
            };
            let tcp = TcU32Key {
                offmask: I32::new(-1),
                ..TcU32Key::new(22, 0xffff, 0)
            };
            let keys = [TcU32Key::new(6 << 16, 0x00ff_0000, 8), tcp];
            put_struct_array(&mut o, TcaU32::SEL, &s, &keys);
        });
        // `... prio 6 u32 match ip src 192.0.2.0/24 police rate 1mbit burst 10k drop flowid
        // 1:1`: the old-style police holds the police attributes, the MTU's default 2047 gives
        // the rate table cells of 8 bytes.
        builds_as_tc("u32_police", hdr(TcHandle::UNSPEC, ROOT, 6), |b| {
            let clock = PschedClock::KERNEL;
            let rate = 1_000_000 / 8;
            let mut p = TcPolice {
                action: I32::new(Verdict::SHOT.0),
                burst: U32::new(clock.xmit_time(rate, 10 * 1024)),
                rate: TcRatespec::new(rate),
                ..TcPolice::default()
            };
            let rtab = clock.rate_table(&mut p.rate, None, 0, LinkLayer::ETHERNET);
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            {
                let mut police = o.nest(TcaU32::POLICE);
                police.put_struct(TcaPolice::TBF, &p);
                put_rate_table(&mut police, TcaPolice::RATE, &rtab);
            }
            U32Attr::Classid(TcHandle::new(1, 1)).write_to(&mut o);
            let key = ip([192, 0, 2, 0], 24, 12);
            put_struct_array(&mut o, TcaU32::SEL, &sel(U32SelFlags::TERMINAL, 1), &[key]);
        });
        // `tc filter add dev v0 ingress protocol ip prio 8 u32 match mark 0x10 0xff indev v1
        // skip_hw classid 1:2 action mirred egress redirect dev v1`: a selector without keys,
        // after the actions; the flags last.
        let ingress = hdr(TcHandle::UNSPEC, TcHandle::CLSACT_INGRESS, 8);
        builds_as_tc("u32_mark", ingress, |b| {
            b.put_str(Tca::KIND, "u32");
            let mut o = b.nest(Tca::OPTIONS);
            o.put_struct(
                TcaU32::MARK,
                &TcU32Mark {
                    val: U32::new(0x10),
                    mask: U32::new(0xff),
                    success: U32::new(0),
                },
            );
            U32Attr::Indev("v1").write_to(&mut o);
            U32Attr::Classid(TcHandle::new(1, 2)).write_to(&mut o);
            redirect(&mut o, TcaU32::ACT);
            put_struct_array::<_, _, TcU32Key>(
                &mut o,
                TcaU32::SEL,
                &sel(U32SelFlags::TERMINAL, 0),
                &[],
            );
            U32Attr::Flags(ClsFlags::SKIP_HW).write_to(&mut o);
        });

        let f = object("u32_offset");
        assert_eq!((f.priority(), f.protocol()), (7, EthProtocol::IP));
        let Some(Options::U32(n)) = f.options().unwrap() else {
            panic!()
        };
        let s = U32Options::from(n).sel().unwrap().unwrap();
        let h = s.header().get();
        assert_eq!(
            U32SelFlags(h.flags),
            U32SelFlags::TERMINAL | U32SelFlags::VAROFFSET | U32SelFlags::EAT
        );
        assert_eq!((h.offshift, h.offmask.get(), s.len()), (6, 0x0f00, 2));
        let tcp = s.entry(1).unwrap();
        assert_eq!(
            (tcp.val.get(), tcp.mask.get(), tcp.offmask.get()),
            (22, 0xffff, -1)
        );
        let f = object("u32_ht");
        assert_eq!(u32_parts(f.handle()), (2, 7, 1));
        assert_eq!(f.handle().to_string(), "20:7001");
    }

    /// A u32 handle as `tc` prints it: `2:`, `2:2:1`, `800::800`.
    pub(crate) fn u32_text(h: TcHandle) -> String {
        let (htid, hash, node) = u32_parts(h);
        let mut s = format!("{htid:x}:");
        if hash != 0 || node != 0 {
            if hash != 0 {
                s.push_str(&format!("{hash:x}"));
            }
            s.push_str(&format!(":{node:x}"));
        }
        s
    }

    /// Checks a u32 filter message against the block `tc filter show` printed for it: an
    /// instance (no handle, no options), a hash table (`ht divisor N`) or a filter (its
    /// bucket, class, link, flags and keys, with the hash mask and variable offset).
    pub(crate) fn u32_as_shown(f: &crate::rtnl::tc::TcObjectMsg<'_>, block: &[&str]) {
        let head = block[0];
        assert_eq!(f.kind().unwrap(), Some("u32"));
        assert_eq!(after(head, " pref "), f.priority().to_string(), "{head}");
        assert_eq!(
            after(head, " chain "),
            f.chain().unwrap().unwrap().to_string()
        );
        assert_eq!(after(head, " protocol "), f.protocol().to_string());
        let Some(options) = f.options().unwrap() else {
            assert_eq!(f.handle(), TcHandle::UNSPEC);
            assert!(!head.contains(" fh "), "{head}");
            return;
        };
        let Options::U32(n) = options else {
            panic!("{options:?}")
        };
        let o = U32Options::from(n);
        assert_eq!(after(head, " fh "), u32_text(f.handle()), "{head}");
        if let Some(divisor) = o.divisor().unwrap() {
            assert_eq!(after(head, "ht divisor "), divisor.to_string());
            return;
        }
        let (htid, hash, node) = u32_parts(f.handle());
        assert_eq!(after(head, " order "), node.to_string());
        assert_eq!(after(head, "key ht "), format!("{htid:x}"));
        assert_eq!(after(head, " bkt "), format!("{hash:x}"));
        assert_eq!(
            u32_parts(TcHandle(o.hash().unwrap().unwrap())),
            (htid, hash, 0)
        );
        if let Some(class) = o.classid().unwrap() {
            assert_eq!(after(head, "flowid "), class.to_string());
        }
        if let Some(link) = o.link().unwrap() {
            assert_eq!(after(head, " link "), u32_text(TcHandle(link)));
        }
        let flags = o.flags().unwrap().unwrap();
        assert_eq!(flags, ClsFlags::NOT_IN_HW);
        assert!(
            head.trim_end()
                .ends_with(flags.short_names().next().unwrap())
        );
        let sel = o.sel().unwrap().unwrap();
        let h = sel.header().get();
        assert_eq!(
            U32SelFlags(h.flags).contains(U32SelFlags::TERMINAL),
            head.contains("terminal") || head.contains("*flowid")
        );
        let matches: Vec<_> = block
            .iter()
            .filter(|l| l.trim_start().starts_with("match "))
            .collect();
        assert_eq!(
            (usize::from(h.nkeys), sel.len()),
            (matches.len(), matches.len())
        );
        for (k, line) in sel.entries().zip(matches) {
            let at = if k.offmask.get() == -1 {
                format!("nexthdr+{}", k.off.get())
            } else {
                k.off.get().to_string()
            };
            assert_eq!(
                line.trim(),
                format!("match {:08x}/{:08x} at {at}", k.val.get(), k.mask.get())
            );
        }
        if let Some(l) = block.iter().find(|l| l.contains("hash mask ")) {
            assert_eq!(after(l, "hash mask "), format!("{:08x}", h.hmask.get()));
            assert_eq!(after(l, " at "), h.hoff.get().to_string());
        }
        if let Some(l) = block.iter().find(|l| l.contains("offset ")) {
            assert_eq!(
                after(l, "offset "),
                format!("{:04x}>>{}", h.offmask.get(), h.offshift)
            );
            assert_eq!(after(l, " at "), h.offoff.get().to_string());
        }
    }

    #[test]
    fn decodes_the_kernels_u32_dump_as_tc_shows_it() {
        // RTM_GETTFILTER dump of v0's filters under htb 1: (testdata/tc/README.md), against
        // `tc -s filter show dev v0`: two instances, their hash tables and filters, one of
        // them in bucket 2 of table 2: that the other links to.
        let bytes = testdata("dump-filter-htb.bin");
        walks_cleanly("dump-filter-htb", &bytes);
        let fs = messages(&bytes);
        let text = String::from_utf8(testdata("filter-show-htb.txt")).unwrap();
        let shown = blocks(&text, "filter ");
        assert_eq!(fs.len(), shown.len());
        for (f, block) in fs.iter().zip(&shown) {
            assert_eq!(after(block[0], "parent "), f.parent().to_string());
            u32_as_shown(f, block);
        }
        let linked = fs
            .iter()
            .find(|f| u32_parts(f.handle()) == (2, 2, 1))
            .unwrap();
        let Some(Options::U32(n)) = linked.options().unwrap() else {
            panic!()
        };
        assert_eq!(
            U32Options::from(n).classid().unwrap(),
            Some(TcHandle::new(1, 0x10))
        );
    }
}
