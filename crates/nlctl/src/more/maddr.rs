//! `maddress show [ dev DEV ]`: the multicast groups of each interface, as `ip maddr` prints
//! them.
//!
//! Where each part comes from: the IPv4 and IPv6 groups from netlink (`RTM_GETMULTICAST`
//! dumps); the link-layer groups from `/proc/net/dev_mcast`, and how many sockets joined a
//! group (`users`) from `/proc/net/igmp` and `/proc/net/igmp6`, which netlink does not carry.
//! `ip` reads all three from `/proc`. The files are read in the connection's namespace.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink::netlink_socket::NetNs;
use netlink::netlink_wire::rtnl::AddressFamily;
use netlink::{GroupAddrFilter, MulticastAddress};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::family_name;
use crate::names::LinkNames;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::Words;

/// `maddress show`.
#[derive(Debug)]
pub(crate) struct Show {
    dev: Option<String>,
    family: Option<AddressFamily>,
}

/// Reads `[ dev ] DEV`: `ip` takes a name with or without `dev`.
pub(crate) fn parse(w: &mut Words<'_>, family: Option<AddressFamily>) -> Result<Show> {
    let mut dev = None;
    while let Some(word) = w.next() {
        let name = if word == "dev" { w.value(word)? } else { word };
        if dev.is_some() {
            return Err(crate::show::second_dev(w, name));
        }
        dev = Some(name.to_owned());
    }
    Ok(Show { dev, family })
}

/// `maddress add|del [ address ] LLADDR dev DEV`: a link-layer group, through the
/// `SIOCADDMULTI` / `SIOCDELMULTI` ioctls as `ip` sends them.
#[derive(Debug)]
pub(crate) struct Change {
    add: bool,
    dev: String,
    /// `sa_data`: zeroes when no address was given, as `ip` sends it then.
    addr: Vec<u8>,
}

/// `ip`'s `ll_addr_a2n` into the 14 bytes of `sa_data`: colon-separated hex bytes (at most 14
/// are kept, and the count then reads 15), or a dotted IPv4 address; the count of bytes.
fn ll_addr_a2n(arg: &str) -> Result<(Vec<u8>, usize)> {
    let bad = || CliError::failed(format!("\"{arg}\" is invalid lladdr."));
    if arg.contains('.') {
        let a: Ipv4Addr = arg.parse().map_err(|_| bad())?;
        return Ok((a.octets().to_vec(), 4));
    }
    let mut bytes = Vec::new();
    let mut parts = arg.split(':').peekable();
    while let Some(part) = parts.next() {
        // sscanf("%x"): blanks, a sign, an optional 0x, then at least one hex digit.
        let t = part.trim_start();
        let (negative, t) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let t = t
            .strip_prefix("0x")
            .or_else(|| t.strip_prefix("0X"))
            .filter(|r| r.starts_with(|c: char| c.is_ascii_hexdigit()))
            .unwrap_or(t);
        let digits: &str = &t[..t.find(|c: char| !c.is_ascii_hexdigit()).unwrap_or(t.len())];
        if digits.is_empty() {
            return Err(bad());
        }
        let v = u8::from_str_radix(digits.trim_start_matches('0'), 16)
            .or_else(|e| {
                if digits.trim_start_matches('0').is_empty() {
                    Ok(0)
                } else {
                    Err(e)
                }
            })
            .map_err(|_| bad())?;
        if negative && v != 0 {
            return Err(bad());
        }
        bytes.push(v);
        if bytes.len() == 14 && parts.peek().is_some() {
            return Ok((bytes, 15));
        }
    }
    let n = bytes.len();
    Ok((bytes, n))
}

/// Reads the words after `maddress add|del`, as `ip` 6.1's `multiaddr_modify`.
pub(crate) fn parse_change(w: &mut Words<'_>, add: bool, usage: &str) -> Result<Change> {
    let (mut dev, mut addr): (Option<String>, Option<(Vec<u8>, usize)>) = (None, None);
    while let Some(word) = w.next() {
        if word == "dev" {
            let d = w.value(word)?;
            if dev.is_some() {
                return Err(CliError::usage(format!(
                    "Error: duplicate \"dev\": \"{d}\" is the second value."
                )));
            }
            if d.is_empty() || d.len() >= 16 || d.contains(['/', ' ', ':']) {
                return Err(CliError::usage(format!(
                    "Error: argument \"{d}\" is wrong: \"dev\" not a valid ifname"
                )));
            }
            dev = Some(d.to_owned());
            continue;
        }
        let word = if crate::cli::abbreviates(word, "address") {
            w.value(word)?
        } else {
            word
        };
        if crate::cli::abbreviates(word, "help") {
            return Err(CliError::Help(usage.to_owned()));
        }
        // ip knows an address was given by a first byte that is not zero.
        if addr
            .as_ref()
            .is_some_and(|(a, _)| a.first().is_some_and(|b| *b != 0))
        {
            return Err(CliError::usage(format!(
                "Error: duplicate \"address\": \"{word}\" is the second value."
            )));
        }
        addr = Some(ll_addr_a2n(word)?);
    }
    let dev = dev.ok_or_else(|| CliError::usage("Not enough information: \"dev\" is required."))?;
    let addr = match addr {
        Some((_, n)) if n != 6 => {
            return Err(CliError::failed(format!(
                "Error: Invalid address length {n} - must be 6 bytes"
            )));
        }
        Some((a, _)) => a,
        None => vec![0; 6],
    };
    Ok(Change { add, dev, addr })
}

/// Runs `maddress add|del`.
pub(crate) fn run_change(ctx: &Ctx<'_>, c: &Change) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let index = names
        .index(&c.dev)
        .ok_or_else(|| CliError::failed("ioctl: No such device"))?;
    if c.add {
        ctx.conn.add_link_multicast_address(index, &c.addr)?;
    } else {
        ctx.conn.delete_link_multicast_address(index, &c.addr)?;
    }
    Ok(())
}

/// One group of one interface.
#[derive(Debug)]
struct Entry {
    index: u32,
    /// A link-layer address, or an IP address.
    addr: Addr,
    users: u32,
    /// `/proc/net/dev_mcast` marks it global (`static`).
    global: bool,
}

#[derive(Debug)]
enum Addr {
    Link(Vec<u8>),
    Ip(IpAddr),
}

/// The `/proc/net` file `name` of the connection's namespace.
fn proc_net(ctx: &Ctx<'_>, name: &str) -> Result<String> {
    let ns = match &ctx.netns {
        Some(p) => NetNs::open(p),
        None => NetNs::current(),
    }
    .map_err(|e| CliError::failed(format!("cannot open the namespace: {e}")))?;
    let bytes = ns
        .read_proc_net(name)
        .map_err(|e| CliError::failed(format!("cannot read /proc/net/{name}: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i.checked_add(2)?)?, 16).ok())
        .collect()
}

/// `/proc/net/dev_mcast`: `index name users global address` per line.
fn link_groups(text: &str) -> Vec<Entry> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some(Entry {
                index: f.first()?.parse().ok()?,
                users: f.get(2)?.parse().ok()?,
                global: f.get(3)?.parse::<u32>().ok()? != 0,
                addr: Addr::Link(hex_bytes(f.get(4)?)?),
            })
        })
        .collect()
}

/// The users of each IPv4 group: `/proc/net/igmp` has a line per device (`index name : ...`)
/// and a tab-led line per group (the address as the kernel's native-order `u32` in hex, then
/// the users).
fn igmp_users(text: &str) -> HashMap<(u32, IpAddr), u32> {
    let mut out = HashMap::new();
    let mut index = None;
    for l in text.lines().skip(1) {
        let f: Vec<&str> = l.split_whitespace().collect();
        if !l.starts_with('\t') {
            index = f.first().and_then(|i| i.parse::<u32>().ok());
            continue;
        }
        let (Some(i), Some(a), Some(u)) = (index, f.first(), f.get(1)) else {
            continue;
        };
        if let (Ok(a), Ok(u)) = (u32::from_str_radix(a, 16), u.parse()) {
            out.insert((i, IpAddr::V4(Ipv4Addr::from(a.to_ne_bytes()))), u);
        }
    }
    out
}

/// The users of each IPv6 group: `/proc/net/igmp6` has `index name address users ...`.
fn igmp6_users(text: &str) -> HashMap<(u32, IpAddr), u32> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let bytes: [u8; 16] = hex_bytes(f.get(2)?)?.try_into().ok()?;
            Some((
                (f.first()?.parse().ok()?, IpAddr::V6(Ipv6Addr::from(bytes))),
                f.get(3)?.parse().ok()?,
            ))
        })
        .collect()
}

/// The groups of one interface as `ip maddr` prints them.
struct DeviceFields<'a> {
    index: u32,
    name: &'a str,
    entries: &'a [Entry],
}

impl Fields for DeviceFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        s.number("ifindex", Some(Txt("", ":")), self.index)?;
        s.string("ifname", Some(Txt("\t", "")), self.name)?;
        s.open_array("maddr")?;
        for e in self.entries {
            s.text("\n\t")?;
            s.open_object("")?;
            match &e.addr {
                Addr::Link(b) => {
                    s.string("link", Some(Txt("link  ", "")), crate::format::Hw(b))?;
                }
                Addr::Ip(a) => {
                    let f = family_name(if a.is_ipv4() {
                        AddressFamily::INET
                    } else {
                        AddressFamily::INET6
                    });
                    s.string("family", None, &f)?;
                    s.text(format_args!("{f:<5} "))?;
                    s.string("address", Some(Txt("", "")), a)?;
                }
            }
            if e.users != 1 {
                s.number("users", Some(Txt(" users ", "")), e.users)?;
            }
            if e.global {
                s.string("features", Some(Txt(" ", "")), "static")?;
            }
            s.close_object()?;
        }
        s.close_array()
    }
}

/// Runs `maddress show`.
pub(crate) fn run(ctx: &Ctx<'_>, s: &Show) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let family = s.family.or(ctx.family);
    let mut entries = Vec::new();
    if family.is_none() {
        entries.extend(link_groups(&proc_net(ctx, "dev_mcast")?));
    }
    for (f, file) in [
        (AddressFamily::INET, "igmp"),
        (AddressFamily::INET6, "igmp6"),
    ] {
        if family.is_some_and(|x| x != f) {
            continue;
        }
        let text = proc_net(ctx, file)?;
        let users = if f == AddressFamily::INET {
            igmp_users(&text)
        } else {
            igmp6_users(&text)
        };
        let groups: Vec<MulticastAddress> = ctx
            .conn
            .multicast_addresses(GroupAddrFilter::default().family(f))?;
        entries.extend(groups.into_iter().map(|g| Entry {
            index: g.index,
            users: users.get(&(g.index, g.address)).copied().unwrap_or(1),
            global: false,
            addr: Addr::Ip(g.address),
        }));
    }
    // As `ip`: by interface, each source in the order read (stable).
    entries.sort_by_key(|e| e.index);
    let mut out = Out::new(ctx)?;
    for group in entries.chunk_by(|a, b| a.index == b.index) {
        let Some(first) = group.first() else { continue };
        let name = names.name(first.index).to_string();
        if s.dev.as_deref().is_some_and(|d| d != name) {
            continue;
        }
        out.item(&DeviceFields {
            index: first.index,
            name: &name,
            entries: group,
        })?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_files_parse() {
        let dev = "2    veth0           1     0     333300000001\n3    br0             2     1     01005e000001\n";
        let l = link_groups(dev);
        assert_eq!(l.len(), 2);
        assert!(matches!(&l[1].addr, Addr::Link(b) if b == &[1, 0, 0x5e, 0, 0, 1]));
        assert_eq!((l[1].users, l[1].global), (2, true));
        let igmp = "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n\
                    1\tlo        :     1      V3\n\
                    \t\t\t\t010000E0     1 0:00000000\t\t0\n\
                    2\tveth0     :     2      V3\n\
                    \t\t\t\t070707EF     2 0:00000000\t\t1\n";
        let u = igmp_users(igmp);
        if cfg!(target_endian = "little") {
            assert_eq!(u.get(&(2, "239.7.7.7".parse().unwrap())), Some(&2));
            assert_eq!(u.get(&(1, "224.0.0.1".parse().unwrap())), Some(&1));
        }
        let igmp6 = "1    lo              ff020000000000000000000000000001     3 0000000C 0\n";
        let u = igmp6_users(igmp6);
        assert_eq!(u.get(&(1, "ff02::1".parse().unwrap())), Some(&3));
    }
}
