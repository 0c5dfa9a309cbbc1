//! Names as `ip` prints them: interface names from one link dump, and the names of tables,
//! protocols, scopes and groups from iproute2's standard files (`rt_tables`, `rt_protos`, ...).

use std::collections::{HashMap, HashSet};
use std::fmt;

use netlink::netlink_wire::rtnl::Table;
use netlink::netlink_wire::rtnl::link::IfFlags;
use netlink::{Connection, LinkFilter};

use crate::error::Result;

/// Interface index to name, read with one link dump up front and kept up to date by the
/// monitor; never one lookup per route. Indexes below [`DENSE`] (every one a host normally
/// has) sit in a `Vec` indexed by ifindex, so that naming a route's device is one bounds
/// check; larger ones in a map.
#[derive(Debug, Default)]
pub(crate) struct LinkNames {
    dense: Vec<Option<Box<str>>>,
    sparse: HashMap<u32, Box<str>>,
    /// The links that are up (`IFF_UP`), for `ip`'s `M-DOWN`: a link whose lower link or peer
    /// is down.
    up: HashSet<u32>,
    /// The alternative names (`ip link property add ... altname`), which name a link too.
    alt: HashMap<Box<str>, u32>,
}

/// Indexes kept in the `Vec`.
const DENSE: u32 = 1 << 16;

/// An interface's name as `ip` prints it: the name, or `if<index>` for an unknown one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LinkName<'a> {
    /// A known name.
    Known(&'a str),
    /// No link with this index.
    Unknown(u32),
}

impl fmt::Display for LinkName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkName::Known(n) => f.write_str(n),
            LinkName::Unknown(i) => write!(f, "if{i}"),
        }
    }
}

impl LinkNames {
    /// Every link's name, from one dump.
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let mut names = LinkNames::default();
        conn.for_each_link(LinkFilter::default(), |l| {
            if let Some(n) = l.name()? {
                names.insert(l.index(), n);
            }
            for a in l.alt_names()? {
                names.alt.insert(a?.into(), l.index());
            }
            names.set_up(l.index(), l.flags().contains(IfFlags::UP));
            Ok(())
        })?;
        Ok(names)
    }

    fn get(&self, index: u32) -> Option<&str> {
        if index < DENSE {
            let i = usize::try_from(index).ok()?;
            self.dense.get(i)?.as_deref()
        } else {
            self.sparse.get(&index).map(|n| &**n)
        }
    }

    /// The name of interface `index`, or `if<index>` as `ip` prints an unknown one.
    pub(crate) fn name(&self, index: u32) -> LinkName<'_> {
        match self.get(index) {
            Some(n) => LinkName::Known(n),
            None => LinkName::Unknown(index),
        }
    }

    /// Whether `index` has a known name.
    pub(crate) fn contains(&self, index: u32) -> bool {
        self.get(index).is_some()
    }

    /// Records a name (a link appeared or was renamed).
    pub(crate) fn insert(&mut self, index: u32, name: &str) {
        match usize::try_from(index) {
            Ok(i) if index < DENSE => {
                if self.dense.len() <= i {
                    self.dense.resize(i.saturating_add(1), None);
                }
                if let Some(slot) = self.dense.get_mut(i) {
                    *slot = Some(name.into());
                }
            }
            _ => {
                self.sparse.insert(index, name.into());
            }
        }
    }

    /// Records whether link `index` is up.
    pub(crate) fn set_up(&mut self, index: u32, up: bool) {
        if up {
            self.up.insert(index);
        } else {
            self.up.remove(&index);
        }
    }

    /// Whether link `index` is known to be up.
    pub(crate) fn is_up(&self, index: u32) -> bool {
        self.up.contains(&index)
    }

    /// The index of the link called `name`, by its name or else an alternative name.
    pub(crate) fn index(&self, name: &str) -> Option<u32> {
        self.index_by_name(name)
            .or_else(|| self.alt.get(name).copied())
    }

    fn index_by_name(&self, name: &str) -> Option<u32> {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((u32::try_from(i).ok()?, n.as_deref()?)));
        let sparse = self.sparse.iter().map(|(i, n)| (*i, &**n));
        dense
            .chain(sparse)
            .find(|(_, n)| *n == name)
            .map(|(i, _)| i)
    }
}

/// A table as `ip` prints it: `main`, `local`, `default`, else the number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableName(pub(crate) Table);

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            t @ (Table::MAIN | Table::LOCAL | Table::DEFAULT) => t.fmt(f),
            t => t.0.fmt(f),
        }
    }
}

/// A table as `ip` prints it: `main`, `local`, `default`, else the number.
pub(crate) fn table(t: Table) -> TableName {
    TableName(t)
}

/// An interface group as `ip` prints it: `default` for 0, else the number.
pub(crate) fn group(g: u32) -> Named {
    if g == 0 {
        Named::Name("default")
    } else {
        Named::Number(g)
    }
}

/// An IP protocol number as `ip rule` prints it (`tcp`, `udp`, ...), else the number.
pub(crate) fn ip_proto(p: u8) -> Named {
    match ip_proto_name(p) {
        Some(n) => Named::Name(n),
        None => Named::Number(u32::from(p)),
    }
}

/// A number `ip` prints by its name when it has one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Named {
    /// The name.
    Name(&'static str),
    /// The number, which has no name.
    Number(u32),
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Named::Name(n) => f.write_str(n),
            Named::Number(v) => v.fmt(f),
        }
    }
}

const IP_PROTOS: [(u8, &str); 9] = [
    (1, "icmp"),
    (2, "igmp"),
    (6, "tcp"),
    (17, "udp"),
    (41, "ipv6"),
    (47, "gre"),
    (58, "ipv6-icmp"),
    (132, "sctp"),
    (136, "udplite"),
];

pub(crate) fn ip_proto_name(p: u8) -> Option<&'static str> {
    IP_PROTOS.iter().find(|(n, _)| *n == p).map(|(_, s)| *s)
}

/// The number of an IP protocol name (`tcp`), or a number.
pub(crate) fn ip_proto_number(s: &str) -> Option<u8> {
    let s = if s == "icmpv6" { "ipv6-icmp" } else { s };
    IP_PROTOS
        .iter()
        .find(|(_, n)| *n == s)
        .map(|(p, _)| *p)
        .or_else(|| s.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink::netlink_wire::rtnl::{RouteProtocol, Scope};

    #[test]
    fn names_match_iproute2s_files() {
        assert_eq!(table(Table(254)).to_string(), "main");
        assert_eq!(table(Table(255)).to_string(), "local");
        assert_eq!(table(Table(253)).to_string(), "default");
        assert_eq!(table(Table(100)).to_string(), "100");
        // Protocols, scopes and route types print with their own Display (iproute2's names).
        assert_eq!(RouteProtocol::KERNEL.to_string(), "kernel");
        assert_eq!(RouteProtocol(77).to_string(), "77");
        assert_eq!(Scope::UNIVERSE.to_string(), "global");
        assert_eq!(group(0).to_string(), "default");
        assert_eq!(ip_proto(6).to_string(), "tcp");
        assert_eq!(ip_proto(250).to_string(), "250");
        assert_eq!(ip_proto_number("udp"), Some(17));
        assert_eq!(ip_proto_number("33"), Some(33));
        assert_eq!(ip_proto_number("bogus"), None);
        let mut n = LinkNames::default();
        n.insert(3, "v0");
        n.insert(70_000, "big");
        assert_eq!(n.name(3).to_string(), "v0");
        assert_eq!(n.name(9).to_string(), "if9");
        assert_eq!(n.name(70_000).to_string(), "big");
        assert_eq!(n.index("v0"), Some(3));
        assert_eq!(n.index("big"), Some(70_000));
        assert_eq!(TableName(Table::MAIN).to_string(), "main");
        assert_eq!(TableName(Table(100)).to_string(), "100");
    }
}
