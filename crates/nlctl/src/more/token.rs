//! `token list|get|set|del`: the IPv6 interface identifier tokens of the links
//! (`IFLA_INET6_TOKEN` in the `AF_INET6` nest of `IFLA_AF_SPEC`), as `ip token` reads and
//! writes them.

use std::net::{IpAddr, Ipv6Addr};

use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::ops::link::LinkChange;
use netlink::{Link, LinkFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::names::LinkNames;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::{self, Words};

/// A parsed `token` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `list [ dev DEV ]` and `get dev DEV`: the tokens, of one link or of all.
    List { dev: Option<String> },
    /// `set TOKEN dev DEV` and `del dev DEV` (the token `::`).
    Set { token: Ipv6Addr, dev: String },
}

impl Cmd {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Cmd::List { .. })
    }
}

/// The message of a command that lacks its `dev`.
fn dev_required() -> CliError {
    CliError::failed("Not enough information: \"dev\" argument is required.")
}

/// Reads the words after the verb, as `ip token`'s `iptoken_list`, `iptoken_get` and
/// `iptoken_set`.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Cmd> {
    let mut dev = None;
    let mut token = None;
    while let Some(word) = w.next() {
        match (word, v) {
            ("dev", _) => dev = Some(w.value(word)?.to_owned()),
            (_, V::Add) if token.is_none() => {
                let p = words::prefix(
                    word,
                    Some(netlink::netlink_wire::rtnl::AddressFamily::INET6),
                )
                .map_err(|_| {
                    CliError::failed(format!(
                        "Error: inet6 prefix is expected rather than \"{word}\"."
                    ))
                })?;
                token = match p.addr {
                    IpAddr::V6(a) => Some(a),
                    IpAddr::V4(_) => None,
                };
            }
            _ => return Err(w.unknown(word)),
        }
    }
    match v {
        // ip's `get` without a device lists them all.
        V::Show | V::Get => Ok(Cmd::List { dev }),
        V::Add => {
            let dev = dev.ok_or_else(dev_required)?;
            let token = token
                .ok_or_else(|| CliError::failed("Not enough information: token is required."))?;
            Ok(Cmd::Set { token, dev })
        }
        _ => Ok(Cmd::Set {
            token: Ipv6Addr::UNSPECIFIED,
            dev: dev.ok_or_else(dev_required)?,
        }),
    }
}

/// An IPv6 address as glibc's `inet_ntop` writes it, which `ip` prints: an address whose first
/// 96 bits are zero and whose next 16 are not is written with its last 32 bits dotted
/// (`::0.1.0.2`); everything else as Rust writes it (which dots `::ffff:a.b.c.d` alike).
pub(crate) fn ntop6(a: Ipv6Addr) -> String {
    let s = a.segments();
    if s[..6].iter().all(|&x| x == 0) && s[6] != 0 {
        let [.., a, b, c, d] = a.octets();
        return format!("::{a}.{b}.{c}.{d}");
    }
    a.to_string()
}

/// One line of `ip token list`.
struct TokenFields<'a> {
    token: Ipv6Addr,
    name: &'a str,
}

impl Fields for TokenFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.string("token", Some(Txt("token ", " ")), ntop6(self.token))?;
        s.string("ifname", Some(Txt("dev ", "")), self.name)
    }
}

/// The index of link `name`, or ip's complaint about `dev`.
fn known(names: &LinkNames, name: &str) -> Result<u32> {
    names.index(name).ok_or_else(|| {
        CliError::usage(format!(
            "Error: argument \"{name}\" is wrong: dev is invalid"
        ))
    })
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    match c {
        Cmd::List { dev } => {
            let names = LinkNames::load(ctx.conn)?;
            let only = dev.as_deref().map(|d| known(&names, d)).transpose()?;
            let mut out = Out::new(ctx)?;
            let links: Vec<Link> = ctx.conn.list::<Link>(LinkFilter::default())?;
            // ip lists the links the IPv6 code knows, but neither loopback nor the links
            // without ARP (whose tokens the kernel refuses).
            for l in links.iter().filter(|l| {
                only.is_none_or(|i| i == l.index)
                    && !l.flags.contains(IfFlags::LOOPBACK)
                    && !l.flags.contains(IfFlags::NOARP)
            }) {
                if let Some(token) = l.inet6_token {
                    out.item(&TokenFields {
                        token,
                        name: &l.name,
                    })?;
                }
            }
            out.finish()
        }
        Cmd::Set { token, dev } => {
            let names = LinkNames::load(ctx.conn)?;
            let index = known(&names, dev)?;
            let mut change = LinkChange::new(index);
            change.token = Some(*token);
            ctx.conn.set_link(&change)?;
            Ok(())
        }
    }
}
