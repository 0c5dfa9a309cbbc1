//! `tunnel show`: `ip tunnel` lists the IP tunnel links (types `ipip`, `sit`, `gre`, and with
//! `-6` `tunnel6` and `gre6`) and reads each one's parameters with the `SIOCGETTUNNEL`
//! ioctl. `nlctl` lists the same links over netlink; a namespace without any prints nothing,
//! as `ip` does, and one with a tunnel link is refused by name (its parameters are not read
//! yet), as are `tunnel add|change|del|prl|6rd`, which `ip` sends as ioctls: `link add type
//! ipip|sit|gre|ip6tnl|ip6gre` is their netlink form.

use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::netlink_wire::rtnl::link::LinkType;
use netlink::{Link, LinkFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::out::Out;
use crate::words::Words;

/// A parsed `tunnel show`, with the family of `-4`/`-6`.
#[derive(Debug)]
pub(crate) struct Show {
    family: Option<AddressFamily>,
}

/// Reads the words after the verb: `show` without a selector is what `nlctl` runs.
pub(crate) fn parse(w: &mut Words<'_>, v: V, family: Option<AddressFamily>) -> Result<Show> {
    if v != V::Show {
        return Err(w.unsupported(w.context()));
    }
    if let Some(word) = w.next() {
        return Err(w.unsupported(&format!("{} {word}", w.context())));
    }
    Ok(Show { family })
}

/// The link types `ip tunnel show` looks at, for IPv4 and for IPv6.
fn tunnel_type(t: LinkType, family: Option<AddressFamily>) -> bool {
    if family == Some(AddressFamily::INET6) {
        matches!(t, LinkType::TUNNEL6 | LinkType::IP6GRE)
    } else {
        matches!(t, LinkType::TUNNEL | LinkType::SIT | LinkType::IPGRE)
    }
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, s: &Show) -> Result<()> {
    let links = ctx.conn.list::<Link>(LinkFilter::default())?;
    if let Some(l) = links.iter().find(|l| tunnel_type(l.link_type, s.family)) {
        return Err(CliError::unsupported(format!(
            "\"tunnel show\" of the tunnel link {} (its parameters)",
            l.name
        )));
    }
    Out::new(ctx)?.finish()
}
