//! `tuntap show`: the tun and tap links and their flags, as `ip tuntap show` prints them.
//! `ip` reads the flags from sysfs (`tun_flags`, `owner`, `group`); `nlctl` reads the same
//! from the links' `IFLA_TUN_*` data. `tuntap add|del` open `/dev/net/tun` with ioctls and
//! are refused by name.

use netlink::netlink_wire::rtnl::link::KindData;
use netlink::{Link, LinkFilter};

use crate::Ctx;
use crate::error::Result;
use crate::more::V;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// A parsed `tuntap show`.
#[derive(Debug)]
pub(crate) struct Show;

/// Reads the words after the verb.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Show> {
    if v != V::Show {
        return Err(w.unsupported(w.context()));
    }
    // ip 6.1 reads no word after `show` (it ignores them all): nlctl refuses them rather
    // than ignore them.
    if let Some(word) = w.next() {
        return Err(w.unknown(word));
    }
    Ok(Show)
}

/// One tun or tap link.
#[derive(Debug, Default)]
struct Tun {
    name: String,
    /// `IFLA_TUN_TYPE`: 1 `tun`, 2 `tap`.
    tun_type: u8,
    pi: bool,
    vnet_hdr: bool,
    multi_queue: bool,
    persist: bool,
    owner: Option<u32>,
    group: Option<u32>,
}

impl Fields for Tun {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.string("ifname", Some(Txt("", ":")), &self.name)?;
        s.open_array("flags")?;
        let kind = match self.tun_type {
            1 => "tun",
            2 => "tap",
            _ => "UNKNOWN",
        };
        // ip's order; `filter` is the absence of IFF_NOFILTER, which is IFF_NO_PI's bit.
        for (on, word) in [
            (true, kind),
            (self.pi, "pi"),
            (self.vnet_hdr, "vnet_hdr"),
            (self.multi_queue, "multi_queue"),
            (self.persist, "persist"),
            (self.pi, "filter"),
        ] {
            if on {
                s.string("", Some(Txt(" ", "")), word)?;
            }
        }
        s.close_array()?;
        if let Some(u) = self.owner {
            s.number("user", Some(Txt(" user ", "")), u)?;
        }
        if let Some(g) = self.group {
            s.number("group", Some(Txt(" group ", "")), g)?;
        }
        Ok(())
    }
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, _: &Show) -> Result<()> {
    let mut found = Vec::new();
    let mut filter = LinkFilter::default();
    filter.kind = Some("tun".to_owned());
    ctx.conn.for_each::<Link>(filter, |m| {
        let name = m.name()?.unwrap_or_default();
        let mut t = Tun {
            name: name.to_owned(),
            ..Tun::default()
        };
        if let Some(KindData::Tun(d)) = m.link_info()?.map(|i| i.kind_data()).transpose()?.flatten()
        {
            t.tun_type = d.tun_type()?.unwrap_or(0);
            t.pi = d.pi()?.unwrap_or(0) != 0;
            t.vnet_hdr = d.vnet_hdr()?.unwrap_or(0) != 0;
            t.multi_queue = d.multi_queue()?.unwrap_or(0) != 0;
            t.persist = d.persist()?.unwrap_or(0) != 0;
            // ip prints an owner and a group only when one is set (not -1).
            t.owner = d.owner()?.filter(|&u| u != u32::MAX);
            t.group = d.group()?.filter(|&g| g != u32::MAX);
        }
        found.push(t);
        Ok(())
    })?;
    let mut out = Out::new(ctx)?;
    for t in &found {
        out.item(t)?;
    }
    out.finish()
}
