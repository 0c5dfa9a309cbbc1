//! `netconf show [ dev DEV ]`: each device's IP configuration, as `ip netconf show` prints it.

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::{Netconf, NetconfDevice, NetconfFilter};

use crate::Ctx;
use crate::error::Result;
use crate::more::{family_name, on_off};
use crate::names::LinkNames;
use crate::out::{Out, one_line};
use crate::show::device;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// `netconf show`.
#[derive(Debug, Default)]
pub(crate) struct Show {
    dev: Option<String>,
    family: Option<AddressFamily>,
}

/// Reads `[ dev DEV ]`.
pub(crate) fn parse(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Show> {
    let mut s = Show { dev: None, family };
    while let Some(word) = w.next() {
        match word {
            "dev" => s.dev = Some(w.value(word)?.to_owned()),
            _ => return Err(w.unknown(word)),
        }
    }
    Ok(s)
}

/// One entry as `ip` prints it (`show`, and `monitor netconf`, where a change carries only
/// what changed).
pub(crate) struct NetconfFields<'a> {
    /// The entry.
    pub(crate) n: &'a Netconf,
    /// The names of its device.
    pub(crate) names: &'a LinkNames,
}

/// A flag as `print_on_off` writes it: a JSON boolean, `KEY on|off ` in text.
fn flag<S: Sink>(s: &mut S, key: &str, v: Option<i32>) -> std::io::Result<()> {
    if let Some(v) = v {
        s.number(key, None, v != 0)?;
        s.text(format_args!("{key} {} ", on_off(v != 0)))?;
    }
    Ok(())
}

impl Fields for NetconfFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let n = self.n;
        s.string("family", Some(Txt("", " ")), family_name(n.family))?;
        match n.device {
            NetconfDevice::All => s.string("interface", Some(Txt("", " ")), "all")?,
            NetconfDevice::Default => s.string("interface", Some(Txt("", " ")), "default")?,
            NetconfDevice::Link(i) => {
                s.string("interface", Some(Txt("", " ")), self.names.name(i))?
            }
        }
        flag(s, "forwarding", n.forwarding)?;
        if let Some(rp) = n.rp_filter {
            match ["off", "strict", "loose"].get(usize::try_from(rp).unwrap_or(usize::MAX)) {
                Some(name) => s.string("rp_filter", Some(Txt("rp_filter ", " ")), name)?,
                None => s.number(
                    "rp_filter",
                    Some(Txt("rp_filter ", " ")),
                    rp.cast_unsigned(),
                )?,
            }
        }
        flag(s, "mc_forwarding", n.mc_forwarding)?;
        flag(s, "proxy_neigh", n.proxy_neigh)?;
        flag(
            s,
            "ignore_routes_with_linkdown",
            n.ignore_routes_with_linkdown,
        )?;
        flag(s, "input", n.input)
    }
}

/// Runs `netconf show`.
pub(crate) fn run(ctx: &Ctx<'_>, s: &Show) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let index = s.dev.as_deref().map(|d| device(&names, d)).transpose()?;
    let family = s.family.or(ctx.family);
    if let (Some(i), Some(f)) = (index, family) {
        // `ip -4 netconf show dev X` asks for the one entry and prints it outside any JSON
        // array: as text, even with -json.
        let n = ctx
            .conn
            .netconf(f, NetconfDevice::Link(i))?
            .ok_or_else(|| crate::error::CliError::failed(format!("no netconf for {i}")))?;
        let line = one_line(&NetconfFields {
            n: &n,
            names: &names,
        });
        let mut out = std::io::stdout().lock();
        crate::out::line(&mut out, &line)?;
        return Ok(());
    }
    let mut filter = NetconfFilter::default();
    filter.family = family;
    filter.device = index.map(NetconfDevice::Link);
    let mut out = Out::new(ctx)?;
    // One dump: with no family, the kernel answers IPv4, then IPv6 (then MPLS).
    for n in ctx.conn.netconfs(filter)? {
        out.item(&NetconfFields {
            n: &n,
            names: &names,
        })?;
    }
    out.finish()
}
