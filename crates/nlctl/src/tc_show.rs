//! `tc qdisc|class|filter|chain show`, printed as `tc` 6.1 prints them: one field description
//! per object ([`Fields`]) for the text and `-json`, streamed from the library's views.
//!
//! Where `tc` 6.1 is odd, `nlctl` prints what it prints: `class show` is text even with
//! `-json` (tc 6.1 prints classes with `fprintf`), tbf's `-details` JSON repeats `mpu`, and
//! `-oneline` turns the line ends `tc` writes with `print_nl` into backslashes, the last one
//! included, and leaves the others.

use std::io::{self, BufWriter, Write};

use netlink::netlink_wire::rtnl::tc::{
    HtbOptions, LinkLayer, Options, PschedClock, Stats2, TbfOptions, TcHandle, TcObjectMsg, Xstats,
};
use netlink::ops::tc::{ChainFilter, ClassFilter, FilterSelector, QdiscFilter};

use crate::Ctx;
use crate::cli::{Object, Row, rows};
use crate::error::Result;
use crate::names::{LinkName, LinkNames};
use crate::sink::{self, Fields, JsonSink, JsonState, Lit, Sink, Txt};
use crate::tc_args::{
    Hook, ProtocolName, classid, device_index, help, parse_hook_words, qdisc_handle, set_once,
    set_parent, show_word,
};
use crate::tc_units::{Rate, Size, Time};
use crate::words::Words;

/// `qdisc show [dev DEV] [root | ingress | clsact | parent P | handle H] [invisible]`.
#[derive(Debug, Default)]
pub(crate) struct QdiscShow {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// The filter, without the device.
    pub(crate) filter: QdiscFilter,
}

/// `class show dev DEV [root | parent P] [classid C] [qdisc Q]`.
#[derive(Debug, Default)]
pub(crate) struct ClassShow {
    /// `dev`.
    pub(crate) dev: Option<String>,
    /// The filter, without the device.
    pub(crate) filter: ClassFilter,
    /// `qdisc Q`: only that qdisc's classes, printed by minor number.
    pub(crate) qdisc: Option<TcHandle>,
}

/// `filter show` and `chain show`: the hook and the selectors.
#[derive(Debug, Default)]
pub(crate) struct HookShow {
    /// The device hook or block.
    pub(crate) hook: Hook,
    /// The selectors, without the hook.
    pub(crate) filter: FilterSelector,
}

impl HookShow {
    /// The chain filter of `chain show`.
    pub(crate) fn chain_filter(&self, ctx: &Ctx<'_>) -> Result<ChainFilter> {
        let mut f = ChainFilter::default();
        f.attach = self.hook.attach(ctx)?;
        f.chain = self.filter.chain;
        Ok(f)
    }
}

/// The words a show of qdiscs takes, in `tc`'s order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QdiscShowWord {
    Dev,
    Ingress,
    Root,
    Parent,
    Handle,
    Invisible,
    Help,
}

const QDISC_SHOW_WORDS: &[Row<QdiscShowWord>] = rows![
    Exact "dev" => QdiscShowWord::Dev,
    Exact "ingress" => QdiscShowWord::Ingress,
    Exact "clsact" => QdiscShowWord::Ingress,
    Exact "root" => QdiscShowWord::Root,
    Prefix "parent" => QdiscShowWord::Parent,
    Prefix "handle" => QdiscShowWord::Handle,
    Exact "invisible" => QdiscShowWord::Invisible,
    Prefix "help" => QdiscShowWord::Help,
];

pub(crate) fn parse_qdisc_show(w: &mut Words<'_>) -> Result<QdiscShow> {
    let mut s = QdiscShow::default();
    while let Some(word) = w.next() {
        let what = show_word(QDISC_SHOW_WORDS, word, Object::Qdisc)?;
        match what {
            // tc takes the last `dev` of a qdisc show.
            QdiscShowWord::Dev => s.dev = Some(w.value("dev")?.to_owned()),
            QdiscShowWord::Ingress => set_parent(&mut s.filter.parent, TcHandle::INGRESS, w)?,
            QdiscShowWord::Root => set_parent(&mut s.filter.parent, TcHandle::ROOT, w)?,
            QdiscShowWord::Parent => {
                let v = w.value("parent")?;
                set_parent(&mut s.filter.parent, classid(v, "invalid parent ID")?, w)?;
            }
            QdiscShowWord::Handle => {
                let v = w.value("handle")?;
                s.filter.handle = Some(qdisc_handle(v)?);
            }
            QdiscShowWord::Invisible => s.filter.invisible = true,
            QdiscShowWord::Help => return Err(help(Object::Qdisc)),
        }
    }
    Ok(s)
}

/// The words a show of classes takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassShowWord {
    Dev,
    Qdisc,
    Classid,
    Root,
    Parent,
    Help,
}

const CLASS_SHOW_WORDS: &[Row<ClassShowWord>] = rows![
    Exact "dev" => ClassShowWord::Dev,
    Exact "qdisc" => ClassShowWord::Qdisc,
    Exact "classid" => ClassShowWord::Classid,
    Exact "root" => ClassShowWord::Root,
    Exact "parent" => ClassShowWord::Parent,
    Prefix "help" => ClassShowWord::Help,
];

pub(crate) fn parse_class_show(w: &mut Words<'_>) -> Result<ClassShow> {
    let mut s = ClassShow::default();
    while let Some(word) = w.next() {
        let what = show_word(CLASS_SHOW_WORDS, word, Object::Class)?;
        match what {
            ClassShowWord::Dev => set_once(&mut s.dev, w.value("dev")?.to_owned(), "dev", w)?,
            ClassShowWord::Qdisc => {
                let v = w.value("qdisc")?;
                s.qdisc = Some(qdisc_handle(v)?);
            }
            ClassShowWord::Classid => {
                let v = w.value("classid")?;
                s.filter.handle = Some(classid(v, "invalid class ID")?);
            }
            ClassShowWord::Root => set_once(&mut s.filter.qdisc, TcHandle::ROOT, "parent", w)?,
            ClassShowWord::Parent => {
                let v = w.value("parent")?;
                let p = classid(v, "invalid parent ID")?;
                set_once(&mut s.filter.qdisc, p, "parent", w)?;
            }
            ClassShowWord::Help => return Err(help(Object::Class)),
        }
    }
    Ok(s)
}

pub(crate) fn parse_hook_show(w: &mut Words<'_>, object: Object) -> Result<HookShow> {
    let (h, _) = parse_hook_words(w, Object::Filter, true)?;
    if h.estimator.is_some() {
        return Err(w.unsupported("estimator"));
    }
    // tc sends a chain show's pref, protocol and handle too; the kernel does not apply them.
    if object == Object::Chain {
        for (set, word) in [
            (h.pref.is_some(), "pref"),
            (h.protocol.is_some(), "protocol"),
            (h.handle.is_some(), "handle"),
        ] {
            if set {
                return Err(w.unsupported(word));
            }
        }
    }
    let mut f = FilterSelector::default();
    f.priority = h.pref;
    f.protocol = h.protocol;
    f.handle = h.handle;
    f.chain = h.chain;
    Ok(HookShow {
        hook: h.hook,
        filter: f,
    })
}

/// The options that change what `show` prints.
#[derive(Debug, Clone, Copy)]
struct Show {
    stats: bool,
    details: bool,
    iec: bool,
}

impl Show {
    fn of(ctx: &Ctx<'_>) -> Self {
        Show {
            stats: ctx.stats > 0,
            details: ctx.details > 0,
            iec: ctx.iec,
        }
    }
}

/// A line end `tc` writes with `print_nl`, which `-oneline` turns into a backslash (the
/// others it writes with `fprintf` stay line ends).
const SOFT: char = '\x1e';

/// Standard output for `tc`'s objects: a JSON array written one item at a time, or each
/// object's text with its line ends (backslashes with `-oneline`). Tests write into a `Vec`.
struct TcOut<W: Write> {
    w: W,
    json: Option<JsonState>,
    oneline: bool,
}

impl TcOut<BufWriter<io::StdoutLock<'static>>> {
    fn new(ctx: &Ctx<'_>, json: bool) -> Result<Self> {
        let w = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        TcOut::to(w, json, ctx.pretty, ctx.oneline)
    }
}

impl<W: Write> TcOut<W> {
    fn to(mut w: W, json: bool, pretty: bool, oneline: bool) -> Result<Self> {
        let json = if json {
            let mut s = JsonSink::resume(&mut w, JsonState::new(pretty));
            s.open_array("")?;
            Some(s.state())
        } else {
            None
        };
        Ok(TcOut { w, json, oneline })
    }

    /// One object: its JSON, or its text and a line end.
    fn item(&mut self, f: &impl Fields) -> Result<()> {
        match self.json {
            Some(st) => self.json = Some(sink::json_object(&mut self.w, f, st)?),
            None => {
                let mut text = Vec::with_capacity(256);
                sink::text(&mut text, f)?;
                // An item that ends with a hard line end (skbmod's), or with `END` (bpf's),
                // gets no soft one.
                if text.last() == Some(&(crate::tc_act_show::END as u8)) {
                    text.pop();
                } else if text.last() != Some(&(crate::tc_act_show::HARD as u8)) {
                    text.push(SOFT as u8);
                }
                self.text(&mut text)?;
            }
        }
        Ok(())
    }

    /// Raw text, its soft line ends turned into backslashes with `-oneline`.
    fn text(&mut self, text: &mut [u8]) -> Result<()> {
        let soft = if self.oneline { b'\\' } else { b'\n' };
        for b in text.iter_mut() {
            if *b == SOFT as u8 {
                *b = soft;
            } else if *b == crate::tc_act_show::HARD as u8 {
                *b = b'\n';
            }
        }
        // `END` is a mark, not text.
        for part in text.split(|b| *b == crate::tc_act_show::END as u8) {
            self.w.write_all(part)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if let Some(st) = self.json {
            JsonSink::resume(&mut self.w, st).close_array()?;
            self.w.write_all(b"\n")?;
        }
        self.w.flush()?;
        Ok(())
    }
}

/// A handle's major number as `tc` prints a qdisc's (`1:`, `0:`).
struct Major(TcHandle);

impl std::fmt::Display for Major {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:x}:", self.0.major())
    }
}

/// `tc qdisc show`.
pub(crate) fn qdiscs(ctx: &Ctx<'_>, s: &QdiscShow) -> Result<()> {
    let mut filter = s.filter.clone();
    if let Some(d) = &s.dev {
        filter.index = Some(device_index(ctx, d)?);
    }
    // The devices' names are printed when no device is asked for.
    let names = names_unless(ctx, filter.index.is_some())?;
    let show = Show::of(ctx);
    let mut out = TcOut::new(ctx, ctx.json)?;
    let mut failure = None;
    let r = ctx.conn.for_each_qdisc(filter, |m| {
        let q = QdiscFields {
            m,
            dev: names.as_ref().map(|n| n.name(m.ifindex())),
            show,
        };
        out.item(&q).map_err(|e| {
            failure = Some(e);
            netlink::Error::Closed
        })
    });
    finish(out, failure, r)
}

/// Every link's name, from one dump, unless a device was asked for (its name is not printed).
fn names_unless(ctx: &Ctx<'_>, filtered: bool) -> Result<Option<LinkNames>> {
    Ok(if filtered {
        None
    } else {
        Some(LinkNames::load(ctx.conn)?)
    })
}

/// Ends a streamed show: an output error first, then the library's.
fn finish<W: Write>(
    out: TcOut<W>,
    failure: Option<crate::error::CliError>,
    r: netlink::Result<()>,
) -> Result<()> {
    if let Some(e) = failure {
        return Err(e);
    }
    r?;
    out.finish()
}

/// A qdisc's fields as `tc`'s `print_qdisc` prints them.
struct QdiscFields<'a, 'm> {
    m: &'a TcObjectMsg<'m>,
    dev: Option<LinkName<'a>>,
    show: Show,
}

impl Fields for QdiscFields<'_, '_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let m = self.m;
        let kind = m.kind().ok().flatten().unwrap_or_default();
        s.string("kind", Some(Txt("qdisc ", "")), kind)?;
        s.string("handle", Some(Txt(" ", "")), Major(m.handle()))?;
        s.text(" ")?;
        if let Some(dev) = self.dev {
            s.string("dev", Some(Txt("dev ", " ")), dev)?;
        }
        match m.parent() {
            TcHandle::ROOT => s.literal("root", Lit::True, "root ")?,
            TcHandle::UNSPEC => {}
            p => s.string("parent", Some(Txt("parent ", " ")), p)?,
        }
        if m.info() != 1 {
            s.number("refcnt", Some(Txt("refcnt ", " ")), m.info())?;
        }
        if m.hw_offload().ok().flatten().is_some_and(|o| o != 0) {
            s.literal("offloaded", Lit::True, "offloaded ")?;
        }
        for (key, block) in [
            ("ingress_block", m.ingress_block()),
            ("egress_block", m.egress_block()),
        ] {
            if let Ok(Some(b)) = block
                && b != 0
            {
                let t = if key == "ingress_block" {
                    Txt("ingress_block ", " ")
                } else {
                    Txt("egress_block ", " ")
                };
                s.number(key, Some(t), b)?;
            }
        }
        s.open_object("options")?;
        if let Ok(Some(o)) = m.options() {
            qdisc_options(s, &o, self.show)?;
        }
        s.close_object()?;
        if self.show.details
            && let Ok(Some(stab)) = m.stab()
            && let Ok(Some(base)) = stab.base()
        {
            let b = base.get();
            s.text(format_args!("{SOFT} "))?;
            s.open_object("stab")?;
            let ll = b.linklayer.get();
            if ll != 0 {
                s.string(
                    "linklayer",
                    Some(Txt("linklayer ", " ")),
                    crate::tc_units::linklayer_name(ll),
                )?;
            }
            if b.overhead.get() != 0 {
                s.number("overhead", Some(Txt("overhead ", " ")), b.overhead.get())?;
            }
            for (key, before, v) in [
                ("mpu", "mpu ", b.mpu.get()),
                ("mtu", "mtu ", b.mtu.get()),
                ("tsize", "tsize ", b.tsize.get()),
            ] {
                if v != 0 {
                    s.number(key, Some(Txt(before, " ")), v)?;
                }
            }
            s.close_object()?;
        }
        if self.show.stats
            && let Ok(Some(st)) = m.stats2()
        {
            s.text(SOFT)?;
            stats(s, &st)?;
        }
        Ok(())
    }
}

/// A size: a number in JSON, `tc`'s size (`30000b`, `4Kb`) between `before` and `after` in
/// text (iproute2's `print_size`).
fn size<S: Sink>(s: &mut S, key: &str, before: &str, after: &str, v: u32) -> io::Result<()> {
    s.number(key, None, v)?;
    s.text(format_args!("{before}{}{after}", Size(v)))
}

/// The options of the qdisc kinds `nlctl` prints (every kind this kernel has, and prio).
fn qdisc_options<S: Sink>(s: &mut S, o: &Options<'_>, show: Show) -> io::Result<()> {
    match o {
        Options::Pfifo(f) | Options::PfifoHeadDrop(f) => {
            s.number("limit", Some(Txt("limit ", "p")), f.get().limit.get())
        }
        Options::Bfifo(f) => size(s, "limit", "limit ", "", f.get().limit.get()),
        Options::PfifoFast(p) | Options::Prio(p) => {
            let p = p.get();
            s.number("bands", Some(Txt("bands ", " ")), p.bands.get())?;
            s.text("priomap")?;
            s.open_array("priomap")?;
            for b in p.priomap {
                s.number("", Some(Txt(" ", "")), b)?;
            }
            s.close_array()?;
            s.literal("multiqueue", Lit::False, "")
        }
        Options::Ingress(_) => s.text("---------------- "),
        Options::Htb(n) => htb_qdisc(s, &HtbOptions::from(*n), show),
        Options::Tbf(n) => tbf(s, &TbfOptions::from(*n), show),
        _ => Ok(()),
    }
}

fn htb_qdisc<S: Sink>(s: &mut S, h: &HtbOptions<'_>, show: Show) -> io::Result<()> {
    if let Ok(Some(init)) = h.init() {
        let g = init.get();
        s.number(
            "r2q",
            Some(Txt("r2q ", "")),
            g.rate2quantum.get().cast_signed(),
        )?;
        let d = g.defcls.get();
        let hex = if d == 0 {
            "0".to_owned()
        } else {
            format!("{d:#x}")
        };
        s.string("default", Some(Txt(" default ", "")), hex)?;
        s.number(
            "direct_packets_stat",
            Some(Txt(" direct_packets_stat ", "")),
            g.direct_pkts.get(),
        )?;
        if show.details {
            let v = g.version.get();
            s.string(
                "ver",
                Some(Txt(" ver ", "")),
                format_args!("{}.{}", v >> 16, v & 0xffff),
            )?;
        }
    }
    if let Ok(Some(q)) = h.direct_qlen() {
        s.number("direct_qlen", Some(Txt(" direct_qlen ", "")), q)?;
    }
    if let Ok(Some(())) = h.offload() {
        s.literal("offload", Lit::Null, " offload")?;
    }
    Ok(())
}

fn tbf<S: Sink>(s: &mut S, t: &TbfOptions<'_>, show: Show) -> io::Result<()> {
    let Ok(Some(p)) = t.parms() else {
        return Ok(());
    };
    let q = p.get();
    let clock = PschedClock::KERNEL;
    let rate = t
        .rate64()
        .ok()
        .flatten()
        .unwrap_or(u64::from(q.rate.rate.get()));
    s.number("rate", None, rate)?;
    s.text(format_args!("rate {} ", Rate(rate, show.iec)))?;
    let buffer = clock.xmit_size(rate, q.buffer.get());
    bucket(
        s,
        show,
        ("burst", "burst "),
        ("burst", "burst "),
        buffer,
        &q.rate,
    )?;
    let prate = t
        .prate64()
        .ok()
        .flatten()
        .unwrap_or(u64::from(q.peakrate.rate.get()));
    if prate != 0 {
        s.text(format_args!("peakrate {} ", Rate(prate, show.iec)))?;
        if q.mtu.get() != 0 || q.peakrate.mpu.get() != 0 {
            let mtu = clock.xmit_size(prate, q.mtu.get());
            bucket(
                s,
                show,
                ("minburst", "minburst "),
                ("mtu", "mtu "),
                mtu,
                &q.peakrate,
            )?;
        }
    }
    // tc's latency: the queue's drain time less the bucket's, at the slower of the rates.
    #[allow(clippy::cast_precision_loss)]
    let lat = |r: u64, ticks: u32| {
        1e6 * (f64::from(q.limit.get()) / r as f64) - f64::from(clock.usecs(ticks))
    };
    let mut latency = lat(rate, q.buffer.get());
    if prate != 0 {
        latency = latency.max(lat(prate, q.mtu.get()));
    }
    if latency >= 0.0 {
        // Both forms take the value as tc's unsigned int.
        let us = latency as u32;
        s.number("lat", None, us)?;
        s.text(format_args!("lat {} ", Time(us)))?;
    } else {
        size(s, "limit", "limit ", " ", q.limit.get())?;
    }
    if q.rate.overhead.get() != 0 {
        s.number(
            "overhead",
            Some(Txt("overhead ", " ")),
            q.rate.overhead.get(),
        )?;
    }
    let ll = q.rate.linklayer & 0x0f;
    if ll > LinkLayer::ETHERNET.0 || show.details {
        s.string(
            "linklayer",
            Some(Txt("linklayer ", " ")),
            crate::tc_units::linklayer_name(u32::from(ll)),
        )?;
    }
    Ok(())
}

/// A tbf bucket of `bytes`: its size (`plain`), or with `-details` its size and cell
/// (`4Kb/1`, `detailed`) and the ratespec's minimum packet unit.
fn bucket<S: Sink>(
    s: &mut S,
    show: Show,
    plain: (&str, &'static str),
    detailed: (&str, &'static str),
    bytes: u32,
    spec: &netlink::netlink_wire::rtnl::tc::TcRatespec,
) -> io::Result<()> {
    if show.details {
        let v = format!("{}/{}", Size(bytes), 1u32 << (spec.cell_log & 31));
        s.string(detailed.0, Some(Txt(detailed.1, " ")), v)?;
        size(s, "mpu", "mpu ", " ", u32::from(spec.mpu.get()))
    } else {
        size(s, plain.0, plain.1, " ", bytes)
    }
}

/// The statistics as `tc`'s `print_tcstats2_attr` prints them, with its `" "` prefix.
fn stats<S: Sink>(s: &mut S, st: &Stats2<'_>) -> io::Result<()> {
    stats_prefixed(s, st, false)
}

/// [`stats`] with the prefix `"\t"` (actions) when `tab`, else `" "`.
fn stats_prefixed<S: Sink>(s: &mut S, st: &Stats2<'_>, tab: bool) -> io::Result<()> {
    let (sent, nl, backlog) = if tab {
        ("\tSent ", "\n\t", "\tbacklog ")
    } else {
        (" Sent ", "\n ", " backlog ")
    };
    if let Ok(Some(b)) = st.basic() {
        let b = b.get();
        s.number("bytes", Some(Txt(sent, " bytes")), b.bytes.get())?;
        match st.pkt64() {
            Ok(Some(p)) if p != 0 => s.number("packets", Some(Txt(" ", " pkt")), p)?,
            _ => s.number("packets", Some(Txt(" ", " pkt")), b.packets.get())?,
        }
    }
    let queue = st.queue().ok().flatten().map(|q| q.get());
    if let Some(q) = queue {
        s.number("drops", Some(Txt(" (dropped ", "")), q.drops.get())?;
        s.number(
            "overlimits",
            Some(Txt(", overlimits ", "")),
            q.overlimits.get(),
        )?;
        s.number("requeues", Some(Txt(" requeues ", ") ")), q.requeues.get())?;
    }
    let est = match (st.rate_est64(), st.rate_est()) {
        (Ok(Some(r)), _) => Some((r.get().bps.get(), r.get().pps.get())),
        (_, Ok(Some(r))) => Some((u64::from(r.get().bps.get()), u64::from(r.get().pps.get()))),
        _ => None,
    };
    let rate32 = st.rate_est().ok().flatten().is_some();
    if let Some((bps, pps)) = est {
        s.text(nl)?;
        s.number("rate", None, bps)?;
        s.text(format_args!("rate {}", Rate(bps, false)))?;
        s.number("pps", Some(Txt(" ", "pps")), pps)?;
    }
    if let Some(q) = queue {
        if !rate32 {
            s.text(SOFT)?;
        }
        size(s, "backlog", backlog, "", q.backlog.get())?;
        s.number("qlen", Some(Txt(" ", "p")), q.qlen.get())?;
        s.text(format_args!(" requeues {}", q.requeues.get()))?;
    }
    Ok(())
}

/// `tc class show`: text, even with `-json`, as `tc` 6.1 prints classes.
pub(crate) fn classes(ctx: &Ctx<'_>, s: &ClassShow) -> Result<()> {
    let mut filter: ClassFilter = s.filter;
    if let Some(d) = &s.dev {
        filter.index = Some(device_index(ctx, d)?);
    }
    let names = names_unless(ctx, filter.index.is_some())?;
    let show = Show::of(ctx);
    let mut out = TcOut::new(ctx, false)?;
    let mut text = Vec::with_capacity(512);
    let mut failure = None;
    let r = ctx.conn.for_each_class(filter, |m| {
        if let Some(q) = s.qdisc
            && m.handle().major() != q.major()
        {
            return Ok(());
        }
        text.clear();
        let c = ClassFields {
            m,
            dev: names.as_ref().map(|n| n.name(m.ifindex())),
            show,
            minor_only: s.qdisc.is_some(),
        };
        let written = c.write(&mut text).map_err(crate::error::CliError::from);
        match written.and_then(|()| out.text(&mut text)) {
            Ok(()) => Ok(()),
            Err(e) => {
                failure = Some(e);
                Err(netlink::Error::Closed)
            }
        }
    });
    finish(out, failure, r)
}

/// A class as `tc`'s `print_class` prints it (text only).
struct ClassFields<'a, 'm> {
    m: &'a TcObjectMsg<'m>,
    dev: Option<LinkName<'a>>,
    show: Show,
    minor_only: bool,
}

impl ClassFields<'_, '_> {
    fn write(&self, w: &mut Vec<u8>) -> io::Result<()> {
        let m = self.m;
        let id = |h: TcHandle| {
            if self.minor_only {
                TcHandle(u32::from(h.minor()))
            } else {
                h
            }
        };
        let kind = m.kind().ok().flatten().unwrap_or_default();
        let handle = if m.handle() == TcHandle::UNSPEC {
            String::new()
        } else {
            id(m.handle()).to_string()
        };
        write!(w, "class {kind} {handle} ")?;
        if let Some(dev) = self.dev {
            write!(w, "dev {dev} ")?;
        }
        match m.parent() {
            TcHandle::ROOT => w.write_all(b"root ")?,
            p => write!(w, "parent {} ", id(p))?,
        }
        if m.info() != 0 {
            write!(w, "leaf {:x}: ", m.info() >> 16)?;
        }
        match m.options() {
            Ok(Some(Options::Htb(n))) => htb_class(w, &HtbOptions::from(n), self.show)?,
            Ok(Some(_)) | Err(_) => w.write_all(b"[cannot parse class parameters]")?,
            Ok(None) => {}
        }
        w.write_all(b"\n")?;
        if self.show.stats {
            if let Ok(Some(st)) = m.stats2() {
                sink::text(w, &StatsOnly(&st))?;
                w.write_all(b"\n")?;
            }
            if let Ok(Some(Xstats::Htb(x))) = m.xstats() {
                let x = x.get();
                writeln!(
                    w,
                    " lended: {} borrowed: {} giants: {}",
                    x.lends.get(),
                    x.borrows.get(),
                    x.giants.get()
                )?;
                writeln!(
                    w,
                    " tokens: {} ctokens: {}",
                    x.tokens.get(),
                    x.ctokens.get()
                )?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }
}

/// The statistics alone, for a class's text.
struct StatsOnly<'a, 'm>(&'a Stats2<'m>);

impl Fields for StatsOnly<'_, '_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        stats(s, self.0)
    }
}

/// An htb class's options as `tc`'s `htb_print_opt` prints them.
fn htb_class(w: &mut Vec<u8>, h: &HtbOptions<'_>, show: Show) -> io::Result<()> {
    let Ok(Some(p)) = h.parms() else {
        return Ok(());
    };
    let o = p.get();
    if o.level.get() == 0 {
        write!(w, "prio {} ", o.prio.get().cast_signed())?;
        if show.details {
            write!(w, "quantum {} ", o.quantum.get().cast_signed())?;
        }
    }
    let rate = h.rate().ok().flatten().unwrap_or(0);
    let ceil = h.ceil().ok().flatten().unwrap_or(0);
    let clock = PschedClock::KERNEL;
    write!(w, "rate {} ", Rate(rate, show.iec))?;
    // tc 6.1 prints the rate's overhead only.
    if o.rate.overhead.get() != 0 {
        write!(w, "overhead {} ", o.rate.overhead.get())?;
    }
    let buffer = clock.xmit_size(rate, o.buffer.get());
    write!(w, "ceil {} ", Rate(ceil, show.iec))?;
    let cbuffer = clock.xmit_size(ceil, o.cbuffer.get());
    let ll = o.rate.linklayer & 0x0f;
    if ll > LinkLayer::ETHERNET.0 || show.details {
        write!(
            w,
            "linklayer {} ",
            crate::tc_units::linklayer_name(u32::from(ll))
        )?;
    }
    if show.details {
        write!(
            w,
            "burst {}/{} mpu {} cburst {}/{} mpu {} level {} ",
            Size(buffer),
            1u32 << (o.rate.cell_log & 31),
            Size(u32::from(o.rate.mpu.get())),
            Size(cbuffer),
            1u32 << (o.ceil.cell_log & 31),
            Size(u32::from(o.ceil.mpu.get())),
            o.level.get().cast_signed()
        )
    } else {
        write!(w, "burst {} cburst {} ", Size(buffer), Size(cbuffer))
    }
}

/// `tc filter show`: the header fields of each filter, then its options as
/// `tc_filter_show.rs` prints them.
pub(crate) fn filters(ctx: &Ctx<'_>, s: &HookShow) -> Result<()> {
    hook_show(ctx, s, false)
}

/// `tc chain show`.
pub(crate) fn chains(ctx: &Ctx<'_>, s: &HookShow) -> Result<()> {
    hook_show(ctx, s, true)
}

fn hook_show(ctx: &Ctx<'_>, s: &HookShow, chains: bool) -> Result<()> {
    let names = names_unless(ctx, s.hook.dev.is_some())?;
    // The actions inside filters (and chain templates' options) name their devices.
    let all_names = Some(LinkNames::load(ctx.conn)?);
    let mut out = TcOut::new(ctx, ctx.json)?;
    let Some(attach) = s.hook.attach(ctx)? else {
        // tc asks the kernel for interface 0, which has nothing to list.
        return out.finish();
    };
    let mut failure = None;
    let mut print = |m: &TcObjectMsg<'_>| {
        let f = HookFields {
            m,
            names: names.as_ref(),
            filter_block: s.hook.block,
            filter_parent: s.hook.parent,
            filter_proto: s.filter.protocol,
            filter_pref: s.filter.priority,
            filter_chain: s.filter.chain,
            chain_object: chains,
            all_names: all_names.as_ref(),
            stats: ctx.stats > 0,
            details: ctx.details > 0,
        };
        out.item(&f).map_err(|e| {
            failure = Some(e);
            netlink::Error::Closed
        })
    };
    let r = if chains {
        ctx.conn.for_each_chain(s.chain_filter(ctx)?, &mut print)
    } else {
        let mut f = s.filter.clone();
        f.attach = Some(attach);
        ctx.conn.for_each_filter(f, print)
    };
    finish(out, failure, r)
}

/// A filter's or chain's header as `tc`'s `print_filter` prints it.
struct HookFields<'a, 'm> {
    m: &'a TcObjectMsg<'m>,
    /// The devices' names, when no device was asked for.
    names: Option<&'a LinkNames>,
    filter_block: Option<u32>,
    filter_parent: Option<TcHandle>,
    filter_proto: Option<u16>,
    filter_pref: Option<u16>,
    filter_chain: Option<u32>,
    chain_object: bool,
    /// Every device's name, for the actions inside filters.
    all_names: Option<&'a LinkNames>,
    /// `-s`.
    stats: bool,
    /// `-d`.
    details: bool,
}

impl<'a, 'm> HookFields<'a, 'm> {
    /// A filter or a chain (`chain_object`) printed whole, no field left out for a word of
    /// the command (`get`, `monitor`): the device when `names` is given, the actions' devices
    /// by `all_names` (filters).
    fn whole(
        m: &'a TcObjectMsg<'m>,
        names: Option<&'a LinkNames>,
        chain_object: bool,
        all_names: Option<&'a LinkNames>,
        stats: bool,
        details: bool,
    ) -> Self {
        HookFields {
            m,
            names,
            filter_block: None,
            filter_parent: None,
            filter_proto: None,
            filter_pref: None,
            filter_chain: None,
            chain_object,
            all_names,
            stats,
            details,
        }
    }
}

impl Fields for HookFields<'_, '_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let m = self.m;
        s.text(if self.chain_object {
            "chain "
        } else {
            "filter "
        })?;
        if let Some(b) = m.block_index() {
            if self.filter_block != Some(b) {
                s.number("block", Some(Txt("block ", " ")), b)?;
            }
        } else {
            if let Some(names) = self.names {
                s.string("dev", Some(Txt("dev ", " ")), names.name(m.ifindex()))?;
            }
            let p = m.parent();
            if self.filter_parent != Some(p) {
                match p {
                    TcHandle::ROOT => s.literal("root", Lit::True, "root ")?,
                    TcHandle::CLSACT_INGRESS => s.literal("ingress", Lit::True, "ingress ")?,
                    TcHandle::CLSACT_EGRESS => s.literal("egress", Lit::True, "egress ")?,
                    p => s.string("parent", Some(Txt("parent ", " ")), p)?,
                }
            }
        }
        let info = m.info();
        if info != 0 {
            let proto = u16::from_be((info & 0xffff) as u16);
            let pref = (info >> 16) as u16;
            if self.filter_proto != Some(proto) && proto != 0 {
                s.string("protocol", Some(Txt("protocol ", " ")), ProtocolName(proto))?;
            }
            if self.filter_pref != Some(pref) && pref != 0 {
                s.number("pref", Some(Txt("pref ", " ")), pref)?;
            }
        }
        if let Ok(Some(kind)) = m.kind() {
            s.string("kind", Some(Txt("", " ")), kind)?;
        }
        if let Ok(Some(c)) = m.chain()
            && self.filter_chain != Some(c)
        {
            s.number("chain", Some(Txt("chain ", " ")), c)?;
        }
        // A filter's options, or a chain's template's.
        if let Some(names) = self.all_names {
            crate::tc_filter_show::options(s, m, names, self.stats, SOFT, |s, list| {
                ActionsFields {
                    list: Some(list),
                    names,
                    in_filter: true,
                    stats: self.stats,
                    details: self.details,
                }
                .fields(s)
            })?;
        }
        Ok(())
    }
}

/// `tc filter get` and `tc chain get`: the reply printed as `print_filter` prints it, with
/// its parent and without its device (`tc` sets the device as the filter of its printer).
pub(crate) fn hook_get(ctx: &Ctx<'_>, reply: &netlink::Message, chain: bool) -> Result<()> {
    let m = TcObjectMsg::parse(reply.as_msg()).map_err(netlink::Error::from)?;
    // A filter's actions and a chain's template name devices.
    let all_names = Some(LinkNames::load(ctx.conn)?);
    let mut out = TcOut::new(ctx, ctx.json)?;
    let printed = out.item(&HookFields::whole(
        &m,
        None,
        chain,
        all_names.as_ref(),
        ctx.stats > 0,
        ctx.details > 0,
    ));
    finish(out, printed.err(), Ok(()))
}

/// `tc actions ls action KIND`: for each message of the dump, its count, then its actions as
/// `m_action.c` and the kind's printer (`tc_act_show.rs`) print them; a kind without a
/// printer fails by name.
pub(crate) fn actions(ctx: &Ctx<'_>, kind: &str) -> Result<()> {
    use netlink::ops::tc::{ActionBatch, ActionSelector};
    let names = LinkNames::load(ctx.conn)?;
    let stats = ctx.stats > 0;
    let mut out = TcOut::new(ctx, ctx.json)?;
    let mut failure = None;
    let selector = ActionSelector::default().kind(kind.to_owned());
    let r = ctx.conn.for_each::<ActionBatch>(selector, |m| {
        let printed = (|| {
            let count = m.count().map_err(netlink::Error::from)?.unwrap_or(0);
            out.item(&TotalActs(count))?;
            out.item(&SoftFields(&ActionsFields {
                list: m.actions().map_err(netlink::Error::from)?,
                names: &names,
                in_filter: false,
                stats,
                details: ctx.details > 0,
            }))
        })();
        printed.map_err(|e| {
            failure = Some(e);
            netlink::Error::Closed
        })
    });
    finish(out, failure, r)
}

/// `tc actions get action KIND index N`: the reply printed as a dump's message (its count
/// is 0: the reply has none).
pub(crate) fn action_get(ctx: &Ctx<'_>, reply: &netlink::Message) -> Result<()> {
    use netlink::netlink_wire::rtnl::tc::ActionMsg;
    let names = LinkNames::load(ctx.conn)?;
    let mut out = TcOut::new(ctx, ctx.json)?;
    let m = ActionMsg::parse(reply.as_msg()).map_err(netlink::Error::from)?;
    let printed = (|| {
        out.item(&TotalActs(0))?;
        out.item(&SoftFields(&ActionsFields {
            list: m.actions().map_err(netlink::Error::from)?,
            names: &names,
            in_filter: false,
            stats: ctx.stats > 0,
            details: ctx.details > 0,
        }))
    })();
    finish(out, printed.err(), Ok(()))
}

/// Fields whose text line ends are all soft: `tc` ends an action's lines with `print_nl`,
/// which `-oneline` turns into backslashes.
struct SoftFields<'a, F>(&'a F);

impl<F: Fields> Fields for SoftFields<'_, F> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        self.0
            .fields(&mut crate::tc_filter_show::SoftLines::new(s, SOFT))
    }
}

/// `total acts N`.
struct TotalActs(u32);

impl Fields for TotalActs {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.number("total acts", Some(Txt("total acts ", "")), self.0)
    }
}

/// The actions of one action message.
struct ActionsFields<'a, 'm> {
    /// The list: of an action message, or of a filter's options.
    list: Option<netlink::netlink_wire::rtnl::tc::ActionList<'m>>,
    names: &'a LinkNames,
    /// Inside a filter, where `tc` prints no `in_hw`/`not_in_hw`.
    in_filter: bool,
    /// `-s`: the times and the statistics.
    stats: bool,
    /// `-d`: what the kinds print with details (police's link layer).
    details: bool,
}

impl Fields for ActionsFields<'_, '_> {
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        use netlink::netlink_wire::rtnl::tc::HwStats;
        let bad = |e: netlink::netlink_wire::Error| io::Error::other(e.to_string());
        s.open_array("actions")?;
        let Some(list) = self.list else {
            return s.close_array();
        };
        for (i, a) in list.iter().enumerate() {
            let (order, a) = a.map_err(bad)?;
            if i > 0 {
                s.text("\n")?;
            }
            s.open_object("")?;
            s.number("order", Some(Txt("\n\taction order ", ": ")), order)?;
            crate::tc_act_show::options(s, &a, self.names, self.stats, self.details)?;
            if self.stats
                && let Some(st) = a.stats().map_err(bad)?
            {
                s.text("\n\tAction statistics:\n")?;
                s.open_object("stats")?;
                stats_prefixed(s, &Stats2::from(st), true)?;
                s.close_object()?;
            }
            if let Some(c) = a.cookie().map_err(bad)? {
                let hex: String = c.iter().map(|b| format!("{b:02x}")).collect();
                s.string("cookie", Some(Txt("\n\tcookie ", "")), hex)?;
            }
            match a.in_hw_count().map_err(bad)?.filter(|_| !self.in_filter) {
                Some(0) => s.literal("not_in_hw", Lit::True, "\n\tnot_in_hw")?,
                Some(n) => s.number("in_hw_count", Some(Txt("\n\tin_hw in_hw_count ", "")), n)?,
                None => {}
            }
            if let Some(u) = a.used_hw_stats().map_err(bad)? {
                let used = HwStats(u.get().value.get());
                s.text("\n\tused_hw_stats")?;
                s.open_array("used_hw_stats")?;
                if used.bits() == 0 {
                    s.string("", Some(Txt(" ", "")), "disabled")?;
                }
                for (bit, name) in [
                    (HwStats::IMMEDIATE, "immediate"),
                    (HwStats::DELAYED, "delayed"),
                ] {
                    if used.contains(bit) {
                        s.string("", Some(Txt(" ", "")), name)?;
                    }
                }
                s.close_array()?;
            }
            s.close_object()?;
        }
        s.close_array()
    }
}

/// What `show` prints for messages a test built, through the printers `show` uses: the
/// filters of a `filter show dev DEV PARENT` dump, or the messages of an `actions ls` dump.
#[cfg(test)]
pub(crate) mod replay {
    use super::*;
    use netlink::netlink_wire::Messages;
    use netlink::netlink_wire::rtnl::tc::ActionMsg;

    fn w(e: netlink::netlink_wire::Error) -> netlink::Error {
        e.into()
    }

    /// The options of a replayed `show`.
    #[derive(Debug, Clone, Copy, Default)]
    pub(crate) struct Opts {
        pub(crate) json: bool,
        pub(crate) pretty: bool,
        pub(crate) oneline: bool,
        pub(crate) stats: bool,
        /// `-d`.
        pub(crate) details: bool,
        /// `filter show dev DEV parent P`'s parent (filters only).
        pub(crate) parent: Option<TcHandle>,
    }

    /// `tc filter show dev DEV ...` of the RTM_NEWTFILTER messages in `dump`.
    pub(crate) fn filters(dump: &[u8], names: &LinkNames, o: Opts) -> Result<String> {
        hooks(dump, names, o, false)
    }

    /// `tc chain show dev DEV` of the RTM_NEWCHAIN messages in `dump`.
    pub(crate) fn chains(dump: &[u8], names: &LinkNames, o: Opts) -> Result<String> {
        hooks(dump, names, o, true)
    }

    /// The filters, or chains, of `dump`.
    fn hooks(dump: &[u8], names: &LinkNames, o: Opts, chains: bool) -> Result<String> {
        let mut buf = Vec::new();
        let mut out = TcOut::to(&mut buf, o.json, o.pretty, o.oneline)?;
        for m in Messages::new(dump) {
            let m = TcObjectMsg::parse(m.map_err(w)?).map_err(w)?;
            let mut f = HookFields::whole(&m, None, chains, Some(names), o.stats, o.details);
            f.filter_parent = o.parent;
            out.item(&f)?;
        }
        out.finish()?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    /// `tc actions ls action KIND` of the RTM_NEWACTION messages in `dump`.
    pub(crate) fn actions(dump: &[u8], names: &LinkNames, o: Opts) -> Result<String> {
        let mut buf = Vec::new();
        let mut out = TcOut::to(&mut buf, o.json, o.pretty, o.oneline)?;
        for m in Messages::new(dump) {
            let m = ActionMsg::parse(m.map_err(w)?).map_err(w)?;
            out.item(&TotalActs(m.count().map_err(w)?.unwrap_or(0)))?;
            out.item(&SoftFields(&ActionsFields {
                list: m.actions().map_err(w)?,
                names,
                in_filter: false,
                stats: o.stats,
                details: o.details,
            }))?;
        }
        out.finish()?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}

/// The actions of kinds this kernel lacks, printed by `tc` itself from the same messages
/// (`tc_oracle`).
#[cfg(test)]
mod against_tc {
    use crate::tc_oracle::{
        Lab, action_dump, attr, built_action, key_bytes, request, same_actions_ls, tc_gen, tm,
        with_option, with_times,
    };

    /// Each captured `actions add` request as the kernel would dump it: its kind, the
    /// flags it is shown with.
    const CASES: &[(&str, &str, &[&[&str]])] = &[
        ("mirred", "mirred", &[&[], &["-j"], &["-s"]]),
        ("mirred_ingress", "mirred", &[&[], &["-j"]]),
        ("gact", "gact", &[&[], &["-j"], &["-s"], &["-o"]]),
        ("gact_goto", "gact", &[&[], &["-j"]]),
        ("vlan_push", "vlan", &[&[], &["-j"], &["-o"]]),
        ("vlan_pop", "vlan", &[&[], &["-j"]]),
        ("vlan_modify", "vlan", &[&[], &["-j"]]),
        ("vlan_eth", "vlan", &[&[], &["-j"]]),
        ("mpls_push", "mpls", &[&[], &["-j"]]),
        ("mpls_pop", "mpls", &[&[], &["-j"]]),
        ("mpls_modify", "mpls", &[&[], &["-j"]]),
        ("mpls_dec_ttl", "mpls", &[&[], &["-j"]]),
        ("sample", "sample", &[&[], &["-j"], &["-o"]]),
        ("connmark", "connmark", &[&[], &["-j"]]),
        ("csum", "csum", &[&[], &["-j"], &["-o"]]),
        ("nat", "nat", &[&[], &["-j"]]),
        ("nat_egress", "nat", &[&[], &["-j"]]),
        ("skbedit", "skbedit", &[&[], &["-j"], &["-o"]]),
        ("skbedit_ds", "skbedit", &[&[], &["-j"]]),
        ("ctinfo", "ctinfo", &[&[], &["-j"], &["-o"]]),
        ("skbmod", "skbmod", &[&[], &["-o"]]),
        ("skbmod_swap", "skbmod", &[&[]]),
        ("ct", "ct", &[&[], &["-j"], &["-o"]]),
        ("police", "police", &[&[], &["-j"], &["-o"]]),
        ("police64", "police", &[&[], &["-j"]]),
        ("police_pkt", "police", &[&[], &["-j"]]),
        ("ct_clear", "ct", &[&[], &["-j"]]),
        ("ct_nat6", "ct", &[&[], &["-j"]]),
        ("tunnel_key", "tunnel_key", &[&[], &["-j"], &["-o"]]),
        ("tunnel_key6", "tunnel_key", &[&[], &["-j"]]),
        ("tunnel_key_erspan", "tunnel_key", &[&[], &["-j"]]),
        ("tunnel_key_unset", "tunnel_key", &[&[], &["-j"]]),
        ("pedit", "pedit", &[&[], &["-j"], &["-o"]]),
        ("bpf", "bpf", &[&[], &["-j"], &["-o"]]),
    ];

    #[test]
    fn actions_print_as_tc_prints_them() {
        let lab = Lab::new();
        for (name, kind, flag_sets) in CASES {
            let dump = action_dump(&request(&format!("act_{name}")));
            // -d adds to police only (its link layer); every kind is checked with it.
            for flags in flag_sets
                .iter()
                .copied()
                .chain([&["-d"][..], &["-d", "-j"]])
            {
                if *kind == "skbmod" && flags.contains(&"-j") {
                    continue;
                }
                same_actions_ls(&lab, flags, kind, &dump);
            }
        }
    }

    #[test]
    fn actions_print_their_times_as_tc_prints_them() {
        // Each kind with its TCA_*_TM: -s prints when it was installed and used.
        let lab = Lab::new();
        for (name, kind, tm) in [
            ("gact", "gact", 1),
            ("mirred", "mirred", 1),
            ("vlan_push", "vlan", 1),
            ("mpls_push", "mpls", 1),
            ("sample", "sample", 1),
            ("skbedit", "skbedit", 1),
            ("tunnel_key", "tunnel_key", 1),
            ("csum", "csum", 2),
            ("nat", "nat", 2),
            ("ct", "ct", 2),
            ("connmark", "connmark", 2),
            ("police", "police", 6),
            ("ctinfo", "ctinfo", 2),
            ("skbmod", "skbmod", 1),
        ] {
            let dump = with_times(&action_dump(&request(&format!("act_{name}"))), tm);
            let t = same_actions_ls(&lab, &["-s"], kind, &dump);
            assert!(t.contains(" installed 2 sec used 1 sec"), "{name}: {t}");
            same_actions_ls(&lab, &["-s", "-o"], kind, &dump);
            // tc 6.1's -j of skbmod is not JSON.
            if kind != "skbmod" {
                same_actions_ls(&lab, &["-s", "-j"], kind, &dump);
            }
        }
    }

    /// The flags every built action is shown with.
    const FLAGS: &[&[&str]] = &[&[], &["-j"], &["-o"], &["-s"], &["-s", "-j"], &["-d"]];

    /// Compares tc's and nlctl's output of an action of `kind` with each of `options`, under
    /// every one of `FLAGS`.
    fn every_flag(lab: &Lab, kind: &str, options: &[Vec<u8>]) {
        for o in options {
            for flags in FLAGS {
                same_actions_ls(lab, flags, kind, &built_action(kind, o));
            }
        }
    }

    #[test]
    fn pedit_keys_print_as_tc_prints_them() {
        let lab = Lab::new();
        // struct tc_pedit_key: mask and val in network order, off, at, offmask, shift.
        let key = |mask: u32, val: u32, off: i32| key_bytes(mask, val, off, 3);
        let sel = |index: u32, keys: &[Vec<u8>]| -> Vec<u8> {
            let mut s = tc_gen(index, 3);
            s.extend([keys.len() as u8, 0, 0, 0]);
            s.extend(keys.concat());
            s
        };
        // The kernel dumps its extended keys first, as nests without NLA_F_NESTED.
        let ex = |keys: &[(u16, u16)]| -> Vec<u8> {
            let list: Vec<u8> = keys
                .iter()
                .flat_map(|(h, c)| {
                    attr(
                        6,
                        &[attr(1, &h.to_ne_bytes()), attr(2, &c.to_ne_bytes())].concat(),
                    )
                })
                .collect();
            attr(5, &list)
        };
        let keys = [
            key(0xffff_0000, 0x0200_0000, 0),
            key(0x00ff_ffff, 0xff00_0000, 8),
            key(0xffff_0000, 0x0000_1f90, 0),
            key(0, 0x0102_0304, -4),
            key(0xff00_ffff, 0x0011_0000, 12),
            key(0, 1, 20),
            key(0, 2, 24),
        ];
        let kinds = [(1, 0), (2, 1), (4, 0), (3, 0), (5, 1), (0, 0), (9, 0)];
        let options = [ex(&kinds), attr(4, &sel(19, &keys)), tm(1)].concat();
        let dump = built_action("pedit", &options);
        for flags in FLAGS {
            same_actions_ls(&lab, flags, "pedit", &dump);
        }
        // Plain keys (TCA_PEDIT_PARMS), and none at all.
        let options = [attr(2, &sel(20, &keys[..2])), tm(1)].concat();
        for flags in FLAGS {
            same_actions_ls(&lab, flags, "pedit", &built_action("pedit", &options));
        }
        let dump = built_action("pedit", &attr(2, &sel(21, &[])));
        same_actions_ls(&lab, &[], "pedit", &dump);
    }

    #[test]
    fn bpf_actions_print_as_tc_prints_them() {
        let lab = Lab::new();
        // An eBPF program by id (no program has this one: tc prints the message's tag) and
        // name, and a classic one.
        let ebpf = [
            attr(2, &tc_gen(37, 2)),
            attr(6, b"prog\0"),
            attr(9, &0xffff_fff0u32.to_ne_bytes()),
            attr(8, &[0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]),
            tm(1),
        ]
        .concat();
        let ops: Vec<u8> = [
            (0x28u16, 0u8, 0u8, 12u32),
            (0x15, 0, 1, 0x800),
            (6, 0, 0, 0x40000),
            (6, 0, 0, 0),
        ]
        .iter()
        .flat_map(|(c, jt, jf, k)| [&c.to_ne_bytes()[..], &[*jt, *jf], &k.to_ne_bytes()].concat())
        .collect();
        let classic = [
            attr(2, &tc_gen(38, -1)),
            attr(3, &4u16.to_ne_bytes()),
            attr(4, &ops),
            tm(1),
        ]
        .concat();
        every_flag(&lab, "bpf", &[ebpf, classic]);
    }

    #[test]
    fn gate_schedules_print_as_tc_prints_them() {
        let lab = Lab::new();
        let entry =
            |index: u32, open: bool, interval: u32, ipv: Option<i32>, octets: Option<i32>| {
                let mut e = attr(1, &index.to_ne_bytes());
                if open {
                    e.extend(attr(2, &[]));
                }
                e.extend(attr(3, &interval.to_ne_bytes()));
                e.extend(attr(4, &ipv.unwrap_or(-1).to_ne_bytes()));
                e.extend(attr(5, &octets.unwrap_or(-1).to_ne_bytes()));
                attr(1, &e)
            };
        let list = [
            entry(0, true, 200_000_000, None, Some(8_000_000)),
            entry(1, false, 1_500, Some(3), None),
            entry(2, true, 999, Some(7), Some(4096)),
            entry(3, false, 2_500_000_000, None, None),
        ]
        .concat();
        let times = |base: u64, cycle: u64, ext: u64| {
            [
                attr(6, &base.to_ne_bytes()),
                attr(7, &cycle.to_ne_bytes()),
                attr(8, &ext.to_ne_bytes()),
            ]
            .concat()
        };
        // As the kernel dumps one: parameters, priority, times, clock, flags, the list, tm.
        let tai = [
            attr(2, &tc_gen(40, 3)),
            attr(4, &5i32.to_ne_bytes()),
            times(1_000_000_000, 300_000_000, 1_000),
            attr(10, &11i32.to_ne_bytes()),
            attr(9, &0u32.to_ne_bytes()),
            attr(5, &list),
            tm(1),
        ]
        .concat();
        // A wildcard priority, an unknown clock, times of every unit, some flags.
        let odd = [
            attr(2, &tc_gen(41, 2)),
            attr(4, &(-1i32).to_ne_bytes()),
            times(1_234_567_890_123, 1_500_000, 42),
            attr(10, &99i32.to_ne_bytes()),
            attr(9, &6u32.to_ne_bytes()),
            attr(5, &list),
        ]
        .concat();
        every_flag(&lab, "gate", &[tai, odd]);
    }

    #[test]
    fn police_prints_its_average_rate_and_link_layer_as_tc_does() {
        // TCA_POLICE_AVRATE (500 kbit/s) and TCA_POLICE_RESULT (pipe) added to each captured
        // police; -d adds the link layer.
        let lab = Lab::new();
        let extra = [
            attr(4, &62_500u32.to_ne_bytes()),
            attr(5, &3i32.to_ne_bytes()),
        ]
        .concat();
        for name in ["police", "police64", "police_pkt"] {
            let dump = with_option(&action_dump(&request(&format!("act_{name}"))), &extra);
            for flags in FLAGS {
                let t = same_actions_ls(&lab, flags, "police", &dump);
                if flags.is_empty() {
                    assert!(t.contains("avrate 500Kbit "), "{t}");
                }
            }
        }
    }

    #[test]
    fn ctinfo_prints_its_counters_with_s_as_tc_does() {
        // TCA_CTINFO_STATS_DSCP_SET, _DSCP_ERROR and _CPMARK_SET after the times.
        let lab = Lab::new();
        let counters: Vec<u8> = [(8u16, 7u64), (9, 2), (10, 5)]
            .iter()
            .flat_map(|(ty, v)| attr(*ty, &v.to_ne_bytes()))
            .collect();
        let dump = with_option(
            &action_dump(&request("act_ctinfo")),
            &[tm(2), counters].concat(),
        );
        for flags in [&["-s"][..], &["-s", "-j"], &["-s", "-o"], &[]] {
            let t = same_actions_ls(&lab, flags, "ctinfo", &dump);
            let text_stats = flags.contains(&"-s") && !flags.contains(&"-j");
            assert_eq!(
                t.contains("DSCP set 7 error 2 CPMARK set 5"),
                text_stats,
                "{t}"
            );
        }
    }

    #[test]
    fn settings_tc_6_1_leaves_out_print_as_it_prints_them() {
        // ct force (alone, and after commit); skbedit's queue_mapping range and hash flag;
        // skbmod's ecn.
        let lab = Lab::new();
        let u16a = |ty: u16, v: u16| attr(ty, &v.to_ne_bytes());
        let ct = |flags: u16| [attr(1, &tc_gen(5, 3)), u16a(3, flags), u16a(4, 3)].concat();
        every_flag(&lab, "ct", &[ct(0x1 | 0x2), ct(0x2), ct(0x4 | 0x2)]);
        let skbedit = [
            attr(2, &tc_gen(7, 3)),
            u16a(4, 1),
            u16a(10, 4),
            attr(9, &0x40u64.to_ne_bytes()),
        ]
        .concat();
        let hash = [attr(2, &tc_gen(8, 3)), attr(9, &0x40u64.to_ne_bytes())].concat();
        every_flag(&lab, "skbedit", &[skbedit, hash]);
        let ecn = attr(2, &[tc_gen(6, 3), 0x10u64.to_ne_bytes().to_vec()].concat());
        for flags in [&[][..], &["-o"], &["-s"]] {
            same_actions_ls(&lab, flags, "skbmod", &built_action("skbmod", &ecn));
        }
    }
}

/// `tc monitor`'s lines: one traffic-control notification printed as `tc` 6.1's
/// `accept_tcmsg` prints it, with the printers `show` uses and the word that `tc` takes from
/// the message's type and flags ([`Announced`](netlink::Announced)).
pub(crate) mod monitor {
    use super::*;
    use netlink::netlink_wire::Flags;
    use netlink::netlink_wire::rtnl::tc::ActionMsg;
    use netlink::{Announced, Event};

    /// The options of `tc monitor` that change its lines.
    #[derive(Debug, Clone, Copy, Default)]
    pub(crate) struct Opts {
        /// `-s`.
        pub(crate) stats: bool,
        /// `-d`.
        pub(crate) details: bool,
        /// `-iec`.
        pub(crate) iec: bool,
        /// `-oneline`.
        pub(crate) oneline: bool,
    }

    /// Which printer a notification goes to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum TcObject {
        /// `RTM_*QDISC`.
        Qdisc,
        /// `RTM_*TCLASS`.
        Class,
        /// `RTM_*TFILTER`.
        Filter,
        /// `RTM_*CHAIN`.
        Chain,
        /// `RTM_*ACTION`.
        Action,
    }

    /// The object of a tc event, whether it removes it, and its notification's flags.
    pub(crate) fn classify(e: &Event) -> Option<(TcObject, bool, Flags)> {
        fn f<O>(a: &Announced<O>) -> Flags {
            a.flags
        }
        Some(match e {
            Event::NewQdisc(a) => (TcObject::Qdisc, false, f(a)),
            Event::DelQdisc(a) => (TcObject::Qdisc, true, f(a)),
            Event::NewClass(a) => (TcObject::Class, false, f(a)),
            Event::DelClass(a) => (TcObject::Class, true, f(a)),
            Event::NewFilter(a) => (TcObject::Filter, false, f(a)),
            Event::DelFilter(a) => (TcObject::Filter, true, f(a)),
            Event::NewChain(a) => (TcObject::Chain, false, f(a)),
            Event::DelChain(a) => (TcObject::Chain, true, f(a)),
            Event::NewAction(a) => (TcObject::Action, false, f(a)),
            Event::DelAction(a) => (TcObject::Action, true, f(a)),
            _ => return None,
        })
    }

    /// The word `tc` 6.1 prints before a filter or chain (`print_filter`): `deleted `, or
    /// `added ` for a creation that had to be new (`NLM_F_CREATE | NLM_F_EXCL`), `replaced `
    /// for one that could replace (`NLM_F_CREATE` alone), nothing for a change.
    fn hook_word(del: bool, flags: Flags) -> &'static str {
        if del {
            "deleted "
        } else if !flags.contains(Flags::CREATE) {
            ""
        } else if flags.contains(Flags::EXCL) {
            "added "
        } else {
            "replaced "
        }
    }

    /// The words `tc` 6.1 prints before standalone actions (`print_action`): `Flushed table `
    /// (a delete with `NLM_F_ROOT`), `Deleted action `, `Added action ` (`NLM_F_CREATE`
    /// without `NLM_F_REPLACE`), `Replaced action ` (`NLM_F_REPLACE`).
    fn action_word(del: bool, flags: Flags) -> &'static str {
        match (del, flags.contains(Flags::ROOT)) {
            (true, true) => "Flushed table ",
            (true, false) => "Deleted action ",
            (false, true) => "Replaced action ",
            (false, false) if flags.contains(Flags::CREATE) => "Added action ",
            (false, false) => "",
        }
    }

    /// The text of one tc notification `m` (without a final line end of its own: the
    /// printers end their lines), or `None` when `e` is no tc event.
    ///
    /// # Errors
    /// When `m` is not the message it claims to be.
    pub(crate) fn text(
        e: &Event,
        m: &netlink::Message,
        names: &LinkNames,
        o: Opts,
    ) -> Result<Option<Vec<u8>>> {
        let Some((object, del, flags)) = classify(e) else {
            return Ok(None);
        };
        let w = |e: netlink::netlink_wire::Error| netlink::Error::from(e);
        let show = Show {
            stats: o.stats,
            details: o.details,
            iec: o.iec,
        };
        let mut buf = Vec::new();
        let mut out = TcOut::to(&mut buf, false, false, o.oneline)?;
        match object {
            TcObject::Action => {
                let a = ActionMsg::parse(m.as_msg()).map_err(w)?;
                out.item(&TotalActs(a.count().map_err(w)?.unwrap_or(0)))?;
                let word = action_word(del, flags);
                out.text(&mut word.as_bytes().to_vec())?;
                let list = a.actions().map_err(w)?;
                if word == "Flushed table " {
                    out.text(&mut flushed(list).into_bytes())?;
                } else {
                    out.item(&SoftFields(&ActionsFields {
                        list,
                        names,
                        in_filter: false,
                        stats: o.stats,
                        details: o.details,
                    }))?;
                }
            }
            TcObject::Qdisc | TcObject::Class => {
                let t = TcObjectMsg::parse(m.as_msg()).map_err(w)?;
                if del {
                    out.text(&mut b"deleted ".to_vec())?;
                }
                let dev = Some(names.name(t.ifindex()));
                if object == TcObject::Qdisc {
                    out.item(&QdiscFields { m: &t, dev, show })?;
                } else {
                    let mut text = Vec::with_capacity(256);
                    ClassFields {
                        m: &t,
                        dev,
                        show,
                        minor_only: false,
                    }
                    .write(&mut text)?;
                    out.text(&mut text)?;
                }
            }
            TcObject::Filter | TcObject::Chain => {
                let t = TcObjectMsg::parse(m.as_msg()).map_err(w)?;
                out.text(&mut hook_word(del, flags).as_bytes().to_vec())?;
                let chain = object == TcObject::Chain;
                out.item(&HookFields::whole(
                    &t,
                    Some(names),
                    chain,
                    Some(names),
                    o.stats,
                    o.details,
                ))?;
            }
        }
        out.finish()?;
        Ok(Some(buf))
    }

    /// What `tc` prints after `Flushed table `: the kind and how many actions went
    /// (`tc_print_action_flush`). The kernel numbers the flush's one nest 0 and puts the count
    /// in it as `TCA_FCNT`, whose number is `TCA_ACT_COOKIE`'s.
    fn flushed(list: Option<netlink::netlink_wire::rtnl::tc::ActionList<'_>>) -> String {
        let mut it = list.iter().flat_map(|l| l.iter());
        let (Some(Ok((0, a))), None) = (it.next(), it.next()) else {
            return String::new();
        };
        let kind = a.kind().ok().flatten().unwrap_or_default();
        let count = a
            .cookie()
            .ok()
            .flatten()
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_ne_bytes);
        format!(" {kind} ({count} entries)\n")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn words_follow_the_flags_tc_sends() {
            let (create, excl, replace) = (Flags::CREATE, Flags::EXCL, Flags::REPLACE);
            // tc filter|chain add, replace, change, delete.
            assert_eq!(hook_word(false, create | excl), "added ");
            assert_eq!(hook_word(false, create), "replaced ");
            assert_eq!(hook_word(false, Flags::EMPTY), "");
            assert_eq!(hook_word(true, Flags::EMPTY), "deleted ");
            // tc actions add, replace (and change), delete, flush.
            assert_eq!(action_word(false, create | excl), "Added action ");
            assert_eq!(action_word(false, create | replace), "Replaced action ");
            assert_eq!(action_word(true, Flags::EMPTY), "Deleted action ");
            assert_eq!(action_word(true, Flags::ROOT), "Flushed table ");
        }
    }
}
