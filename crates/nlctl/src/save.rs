//! `address|route|rule save`, `address|route showdump` and `address|route|rule restore`: `ip`'s
//! binary dump format. `save` writes a 4-byte magic number of the object (native byte order)
//! and then every message of the dump that `show` would print with the same selector, as the
//! kernel sent it (header included, so with the dump's sequence number and port id);
//! `showdump` reads such a stream from standard input and prints its addresses or routes as
//! `ip` does; `restore` sends each message back as a request with `NLM_F_CREATE` added (an
//! entry that exists already is reported and skipped), routes in `ip`'s three passes.

use std::io::{IsTerminal, Read, Write};

use netlink::netlink_wire::Msg;
use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::addr::AddrMsg;
use netlink::netlink_wire::rtnl::route::RouteMsg;
use netlink::{AddrFilter, Address, Route, Rule};

use crate::Ctx;
use crate::cli::{Object, Verb};
use crate::error::{CliError, Result};
use crate::format::{AddrFields, RouteFields};
use crate::names::LinkNames;
use crate::out::Out;
use crate::show::{self, AddrSelect, RouteShow, RuleShow};
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// `ipadd_dump_magic`: the first 4 bytes of `ip address save`.
pub(crate) const ADDR_MAGIC: u32 = 0x4736_1222;
/// `route_dump_magic`: the first 4 bytes of `ip route save`.
pub(crate) const ROUTE_MAGIC: u32 = 0x4531_1224;
/// `rule_dump_magic`: the first 4 bytes of `ip rule save`.
pub(crate) const RULE_MAGIC: u32 = 0x7170_6986;

/// A parsed `save` or `showdump`.
#[derive(Debug)]
pub(crate) enum Dump {
    /// `address save SELECTOR`.
    SaveAddr(AddrSelect),
    /// `route save SELECTOR`.
    SaveRoute(RouteShow),
    /// `rule save SELECTOR`.
    SaveRule(RuleShow),
    /// `address showdump`.
    ShowAddr,
    /// `route showdump`.
    ShowRoute,
    /// `address|route|rule restore`.
    Restore(Object),
}

/// Reads the words after `OBJECT save` (the selector of `show`) or `OBJECT showdump` (none).
pub(crate) fn parse(
    object: Object,
    verb: Verb,
    w: &mut Words<'_>,
    family: Option<AddressFamily>,
) -> Result<Dump> {
    // ip reads no word after `restore` or `showdump` and ignores any: nlctl refuses them.
    if verb != Verb::Save
        && let Some(word) = w.next()
    {
        return Err(w.unsupported(word));
    }
    if verb == Verb::Restore {
        return Ok(Dump::Restore(object));
    }
    if verb != Verb::Save {
        return Ok(if object == Object::Route {
            Dump::ShowRoute
        } else {
            Dump::ShowAddr
        });
    }
    Ok(match object {
        Object::Address => {
            let sel = show::parse_select(w, family, Object::Address)?;
            // As for a flush: ip reads `up`, `master` and `type` and then ignores them.
            if let Some(word) = sel.link_word {
                return Err(w.unsupported(word));
            }
            Dump::SaveAddr(sel)
        }
        Object::Route => Dump::SaveRoute(show::parse_route(w, family)?),
        _ => {
            // ip saves every rule of the family and reads no selector.
            if w.peek().is_some() {
                return Err(CliError::failed(
                    "\"nlctl rule save\" does not take any arguments.",
                ));
            }
            Dump::SaveRule(RuleShow::default())
        }
    })
}

impl Dump {
    /// Whether it prints objects (as text or JSON), rather than bytes.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Dump::ShowAddr | Dump::ShowRoute)
    }
}

/// Appends `m` as the kernel sent it: its header, then its payload.
fn append(out: &mut Vec<u8>, m: Msg<'_>) {
    m.header().write_to(out);
    out.extend_from_slice(m.payload());
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, d: &Dump) -> Result<()> {
    match d {
        Dump::ShowAddr => return show_addr(ctx),
        Dump::ShowRoute => return show_route(ctx),
        Dump::Restore(o) => return restore(ctx, *o),
        _ => {}
    }
    // As ip: a binary stream is not for a terminal.
    if std::io::stdout().is_terminal() {
        return Err(CliError::usage("Not sending a binary stream to stdout"));
    }
    let names = LinkNames::load(ctx.conn)?;
    let mut bytes = Vec::with_capacity(4096);
    match d {
        Dump::SaveAddr(sel) => {
            bytes.extend_from_slice(&ADDR_MAGIC.to_ne_bytes());
            let mut filter = AddrFilter::default();
            filter.family = sel.family(ctx.family);
            filter.index = sel.dev_index(&names)?;
            ctx.conn.for_each_address(filter, |m| {
                let a = Address::from_msg(m)?;
                if sel.matches(&a, names.name(a.index)) {
                    append(&mut bytes, m.msg());
                }
                Ok(())
            })?;
        }
        Dump::SaveRoute(s) => {
            bytes.extend_from_slice(&ROUTE_MAGIC.to_ne_bytes());
            let sel = show::route_filter(ctx, s, &names)?;
            ctx.conn.for_each_route(sel.filter, |m| {
                if sel.selected(&Route::from_msg(m)?) {
                    append(&mut bytes, m.msg());
                }
                Ok(())
            })?;
        }
        Dump::SaveRule(s) => {
            bytes.extend_from_slice(&RULE_MAGIC.to_ne_bytes());
            ctx.conn.for_each_rule(s.filter(ctx.family), |m| {
                if s.selects(&Rule::from_msg(m)?) {
                    append(&mut bytes, m.msg());
                }
                Ok(())
            })?;
        }
        Dump::ShowAddr | Dump::ShowRoute | Dump::Restore(_) => {}
    }
    // With -json ip 6.1 also opens and closes an empty array after a route or rule stream.
    if ctx.json && !matches!(d, Dump::SaveAddr(_)) {
        bytes.extend_from_slice(b"[]\n");
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    Ok(out.flush()?)
}

/// The messages of a saved stream of `magic`, as `rtnl_from_file` reads them. `fail` makes the
/// error of the object (`address showdump` exits 255, `route showdump` 1).
fn messages(bytes: &[u8], magic: u32, fail: fn(String) -> CliError) -> Result<Vec<Msg<'_>>> {
    let (head, mut rest) = bytes.split_at_checked(4).unwrap_or((bytes, &[]));
    let got = <[u8; 4]>::try_from(head).map_or(0, u32::from_ne_bytes);
    if got != magic {
        return Err(fail(format!(
            "Magic mismatch ({} elems, {got:x} magic)",
            usize::from(head.len() == 4)
        )));
    }
    let mut found = Vec::new();
    while !rest.is_empty() {
        let m =
            Msg::parse(rest).map_err(|_| fail("rtnl-from_file: truncated message".to_owned()))?;
        let len = usize::try_from(m.header().len()).unwrap_or(usize::MAX);
        rest = netlink::netlink_wire::align(len)
            .and_then(|n| rest.get(n..))
            .unwrap_or_default();
        found.push(m);
    }
    Ok(found)
}

/// Standard input, whole.
fn stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The addresses of `address showdump`: in text, each under `ifINDEX:` (ip prints no names
/// here); in JSON, one object whose `addr_info` holds them all, each with its `index`.
struct Saved<'a> {
    addrs: &'a [Address],
    names: &'a LinkNames,
}

impl Fields for Saved<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.open_array("addr_info")?;
        for (i, a) in self.addrs.iter().enumerate() {
            if i > 0 {
                s.text("\n")?;
            }
            s.open_object("")?;
            s.number("index", Some(Txt("if", ":\n")), a.index)?;
            AddrFields {
                a,
                dev: self.names.name(a.index),
                numeric: false,
            }
            .fields(s)?;
            s.close_object()?;
        }
        s.close_array()
    }
}

/// `address showdump`.
fn show_addr(ctx: &Ctx<'_>) -> Result<()> {
    let bytes = stdin()?;
    let mut addrs = Vec::new();
    for m in messages(&bytes, ADDR_MAGIC, CliError::usage)? {
        let view = AddrMsg::parse(m).map_err(netlink::Error::from)?;
        addrs.push(Address::from_msg(&view)?);
    }
    let names = LinkNames::default();
    if addrs.is_empty() && !ctx.json {
        return Ok(());
    }
    let mut out = Out::new(ctx)?;
    out.item(&Saved {
        addrs: &addrs,
        names: &names,
    })?;
    out.finish()
}

/// `route showdump`: ip 6.1 prints the routes as text even with `-json`.
fn show_route(ctx: &Ctx<'_>) -> Result<()> {
    let bytes = stdin()?;
    let names = LinkNames::load(ctx.conn)?;
    let all = RouteShow::all_tables();
    let sel = show::route_filter(ctx, &all, &names)?;
    let mut out = Out::open(false, false, ctx.oneline)?;
    for m in messages(&bytes, ROUTE_MAGIC, CliError::failed)? {
        let r = Route::from_msg(&RouteMsg::parse(m).map_err(netlink::Error::from)?)?;
        out.item(&RouteFields {
            r: &r,
            names: &names,
            omit: sel.omit,
            style: ctx.style,
            nexthops: None,
        })?;
    }
    out.finish()
}

/// Which of `ip route restore`'s passes sends route `m`: 0 the routes of local addresses (no
/// gateway, and no preferred source or one equal to the destination), 1 those of local
/// networks (no gateway, another preferred source), 2 the others (with a gateway).
fn route_pass(m: &RouteMsg<'_>) -> Result<u8> {
    use netlink::netlink_wire::rtnl::route::Rta;
    let raw = |kind: Rta| -> Result<Option<&[u8]>> {
        Ok(m.attr(kind.0)
            .map_err(netlink::Error::from)?
            .map(|a| a.payload()))
    };
    let gateway = raw(Rta::GATEWAY)?.is_some();
    let prefsrc = raw(Rta::PREFSRC)?;
    let dst = raw(Rta::DST)?;
    Ok(match (gateway, prefsrc) {
        (false, None) => 0,
        (false, Some(p)) if Some(p) == dst => 0,
        (false, Some(_)) => 1,
        (true, _) => 2,
    })
}

/// `restore`: each message of the stream on standard input, back to the kernel.
fn restore(ctx: &Ctx<'_>, object: Object) -> Result<()> {
    let (magic, code, fail): (u32, u8, fn(String) -> CliError) = match object {
        Object::Address => (ADDR_MAGIC, 255, CliError::usage),
        Object::Route => (ROUTE_MAGIC, 2, CliError::failed),
        _ => (RULE_MAGIC, 255, CliError::usage),
    };
    if std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "Can't restore {} dump from a terminal",
            object.name()
        )));
    }
    // ip rereads standard input for each pass of a route restore, and so needs a file.
    if object == Object::Route && !stdin_seekable() {
        return Err(CliError::failed("Failed to restore: ftell: Illegal seek"));
    }
    let bytes = stdin()?;
    let msgs = messages(&bytes, magic, fail)?;
    let send = |m: &Msg<'_>| -> Result<()> {
        let req = netlink::netlink_wire::Message::new(
            m.message_type(),
            m.flags() | netlink::netlink_wire::Flags::CREATE,
            m.payload().to_vec(),
        );
        match ctx.conn.request(&req) {
            Ok(_) => Ok(()),
            // ip reports an entry that exists already and goes on.
            Err(e) if e.is_exists() => {
                eprintln!("nlctl: {e}");
                Ok(())
            }
            Err(e) => Err(CliError::Coded {
                message: e.to_string(),
                code,
            }),
        }
    };
    if object != Object::Route {
        return msgs.iter().try_for_each(send);
    }
    for pass in 0..3 {
        for m in &msgs {
            let view = RouteMsg::parse(*m).map_err(netlink::Error::from)?;
            if route_pass(&view)? == pass {
                send(m)?;
            }
        }
    }
    Ok(())
}

/// Whether standard input can seek (a file, not a pipe).
fn stdin_seekable() -> bool {
    use std::io::Seek;
    use std::os::fd::AsFd;
    std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .is_ok_and(|mut f| f.stream_position().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_its_magic_then_whole_messages() {
        let mut b = ADDR_MAGIC.to_ne_bytes().to_vec();
        assert!(
            messages(&b, ADDR_MAGIC, CliError::usage)
                .unwrap()
                .is_empty()
        );
        assert!(messages(&b, ROUTE_MAGIC, CliError::failed).is_err());
        assert!(messages(&[], ADDR_MAGIC, CliError::usage).is_err());
        // An empty RTM_NEWADDR header of 16 bytes, then the same cut short.
        let h = netlink::netlink_wire::Header::new(
            16,
            netlink::netlink_wire::rtnl::RTM_NEWADDR,
            netlink::netlink_wire::Flags::EMPTY,
            7,
            9,
        );
        h.write_to(&mut b);
        assert_eq!(messages(&b, ADDR_MAGIC, CliError::usage).unwrap().len(), 1);
        for cut in 5..b.len() {
            assert!(messages(&b[..cut], ADDR_MAGIC, CliError::usage).is_err());
        }
    }
}
