//! `tuntap show|add|del`. `show` lists the tun and tap links and their flags as `ip tuntap
//! show` prints them: `ip` reads the flags from sysfs (`tun_flags`, `owner`, `group`), `nlctl`
//! the same from the links' `IFLA_TUN_*` data, which lacks `one_queue` (a flag the kernel keeps
//! and ignores): a device made with it shows without it. `add` and `del` are `ip`'s ioctls on
//! `/dev/net/tun` (`netlink_socket::tun`), made in the namespace of `-netns`.

use netlink::netlink_socket::NetNs;
use netlink::netlink_socket::tun::{
    self, IFF_MULTI_QUEUE, IFF_NO_PI, IFF_ONE_QUEUE, IFF_TAP, IFF_TUN, IFF_VNET_HDR, TunDevice,
};
use netlink::netlink_wire::rtnl::link::KindData;
use netlink::{Link, LinkFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// A parsed `tuntap` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `show`.
    Show,
    /// `add`: the device to make.
    Add(TunDevice),
    /// `del`: the name and the `TUNSETIFF` flags that attach to it.
    Delete(String, u16),
}

impl Cmd {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Cmd::Show)
    }
}

/// A user or group as `ip` reads it: a number, or a name in `file` (`/etc/passwd`,
/// `/etc/group`), whose third field is the number.
fn id_of(v: &str, file: &str) -> Option<u32> {
    if let Ok(n) = v.parse() {
        return Some(n);
    }
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().find_map(|l| {
        let mut f = l.split(':');
        (f.next() == Some(v)).then(|| f.nth(1)?.parse().ok())?
    })
}

/// Reads the words after the verb, as `ip tuntap`'s `parse_args`.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Cmd> {
    if v == V::Show {
        // ip 6.1 reads no word after `show` (it ignores them all): nlctl refuses them rather
        // than ignore them.
        if let Some(word) = w.next() {
            return Err(w.unknown(word));
        }
        return Ok(Cmd::Show);
    }
    let mut dev = TunDevice::new("", IFF_NO_PI);
    let mut named = false;
    while let Some(word) = w.next() {
        match word {
            "mode" => {
                let m = w.value(word)?;
                let kind = match m {
                    "tun" => IFF_TUN,
                    "tap" => IFF_TAP,
                    _ => return Err(CliError::usage(format!("Unknown tunnel mode \"{m}\""))),
                };
                if dev.flags & (IFF_TUN | IFF_TAP) != 0 {
                    return Err(CliError::usage(
                        "You managed to ask for more than one tunnel mode.",
                    ));
                }
                dev.flags |= kind;
            }
            "user" => {
                let u = w.value(word)?;
                dev.owner = Some(
                    id_of(u, "/etc/passwd")
                        .ok_or_else(|| CliError::usage(format!("invalid user \"{u}\"")))?,
                );
            }
            "group" => {
                let g = w.value(word)?;
                dev.group = Some(
                    id_of(g, "/etc/group")
                        .ok_or_else(|| CliError::usage(format!("invalid group \"{g}\"")))?,
                );
            }
            "pi" => dev.flags &= !IFF_NO_PI,
            "one_queue" => dev.flags |= IFF_ONE_QUEUE,
            "vnet_hdr" => dev.flags |= IFF_VNET_HDR,
            "multi_queue" => dev.flags |= IFF_MULTI_QUEUE,
            _ => {
                let name = if word == "dev" || word == "name" {
                    w.value(word)?
                } else {
                    word
                };
                if named {
                    return Err(CliError::usage(format!(
                        "Error: either \"name\" is duplicate, or \"{name}\" is a garbage."
                    )));
                }
                if name.len() > 15 {
                    return Err(CliError::usage(format!(
                        "Error: argument \"{name}\" is wrong: \"name\" not a valid ifname"
                    )));
                }
                dev.name = name.to_owned();
                named = true;
            }
        }
    }
    if dev.flags & (IFF_TUN | IFF_TAP) == 0 {
        return Err(CliError::failed("You failed to specify a tunnel mode"));
    }
    Ok(match v {
        V::Add => Cmd::Add(dev),
        _ => Cmd::Delete(dev.name, dev.flags),
    })
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

/// The namespace of `-netns`, for the ioctls.
fn netns(ctx: &Ctx<'_>) -> Result<Option<NetNs>> {
    Ok(ctx
        .netns
        .as_deref()
        .map(NetNs::open)
        .transpose()
        .map_err(netlink::Error::from)?)
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    let ioctl_error = |e: netlink::netlink_socket::Error| match e {
        netlink::netlink_socket::Error::Sys { call, errno } => {
            CliError::failed(format!("{call}: {}", errno_text(errno)))
        }
        e => CliError::from(netlink::Error::from(e)),
    };
    match c {
        Cmd::Show => show(ctx),
        Cmd::Add(dev) => {
            tun::add_tun(netns(ctx)?.as_ref(), dev).map_err(ioctl_error)?;
            Ok(())
        }
        Cmd::Delete(name, flags) => {
            tun::delete_tun(netns(ctx)?.as_ref(), name, *flags).map_err(ioctl_error)
        }
    }
}

/// The C library's text for `errno`, as `perror` prints it.
fn errno_text(errno: netlink::netlink_socket::Errno) -> String {
    let s = std::io::Error::from_raw_os_error(errno.raw_os_error()).to_string();
    // Rust appends " (os error N)".
    s.split(" (os error").next().unwrap_or_default().to_owned()
}

/// `show`.
fn show(ctx: &Ctx<'_>) -> Result<()> {
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
