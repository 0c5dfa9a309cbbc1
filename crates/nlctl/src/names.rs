//! Names as `ip` prints them: interface names from one link dump, and the names of tables,
//! protocols, scopes and groups from iproute2's standard files (`rt_tables`, `rt_protos`, ...).

use std::collections::HashMap;

use netlink::netlink_wire::rtnl::{Protocol, RouteType, Scope, Table};
use netlink::{Connection, LinkFilter};

use crate::error::Result;

/// Interface index to name, read with one link dump up front and kept up to date by the
/// monitor; never one lookup per route.
#[derive(Debug, Default)]
pub(crate) struct LinkNames {
    names: HashMap<u32, String>,
}

impl LinkNames {
    /// Every link's name, from one dump.
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let mut names = HashMap::new();
        conn.for_each_link(&LinkFilter::default(), |l| {
            if let Some(n) = l.name()? {
                names.insert(l.index(), n.to_owned());
            }
            Ok(())
        })?;
        Ok(LinkNames { names })
    }

    /// The name of interface `index`, or `if<index>` as `ip` prints an unknown one.
    pub(crate) fn name(&self, index: u32) -> String {
        self.names
            .get(&index)
            .cloned()
            .unwrap_or_else(|| format!("if{index}"))
    }

    /// Whether `index` has a known name.
    pub(crate) fn contains(&self, index: u32) -> bool {
        self.names.contains_key(&index)
    }

    /// Records a name (a link appeared or was renamed).
    pub(crate) fn insert(&mut self, index: u32, name: &str) {
        self.names.insert(index, name.to_owned());
    }

    /// The index of the link called `name`.
    pub(crate) fn index(&self, name: &str) -> Option<u32> {
        self.names
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(i, _)| *i)
    }
}

/// A table as `ip` prints it: `main`, `local`, `default`, else the number.
pub(crate) fn table(t: u32) -> String {
    match Table(t) {
        Table::MAIN | Table::LOCAL | Table::DEFAULT => Table(t).to_string(),
        _ => t.to_string(),
    }
}

/// A protocol as `ip` prints it, from `rt_protos` (`kernel`, `boot`, `static`, ...).
pub(crate) fn protocol(p: Protocol) -> String {
    p.to_string()
}

/// A scope as `ip` prints it (`global`, `link`, `host`, ...).
pub(crate) fn scope(s: Scope) -> String {
    s.to_string()
}

/// A route type or rule action as `ip` prints it (`unicast`, `blackhole`, ...).
pub(crate) fn route_type(t: RouteType) -> String {
    t.to_string()
}

/// An interface group as `ip` prints it: `default` for 0, else the number.
pub(crate) fn group(g: u32) -> String {
    if g == 0 {
        "default".to_owned()
    } else {
        g.to_string()
    }
}

/// An IP protocol number as `ip rule` prints it (`tcp`, `udp`, ...), else the number.
pub(crate) fn ip_proto(p: u8) -> String {
    match ip_proto_name(p) {
        Some(n) => n.to_owned(),
        None => p.to_string(),
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

fn ip_proto_name(p: u8) -> Option<&'static str> {
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

    #[test]
    fn names_match_iproute2s_files() {
        assert_eq!(table(254), "main");
        assert_eq!(table(255), "local");
        assert_eq!(table(253), "default");
        assert_eq!(table(100), "100");
        assert_eq!(protocol(Protocol::KERNEL), "kernel");
        assert_eq!(protocol(Protocol(77)), "77");
        assert_eq!(scope(Scope::UNIVERSE), "global");
        assert_eq!(group(0), "default");
        assert_eq!(ip_proto(6), "tcp");
        assert_eq!(ip_proto(250), "250");
        assert_eq!(ip_proto_number("udp"), Some(17));
        assert_eq!(ip_proto_number("33"), Some(33));
        assert_eq!(ip_proto_number("bogus"), None);
        let mut n = LinkNames::default();
        n.insert(3, "v0");
        assert_eq!(n.name(3), "v0");
        assert_eq!(n.name(9), "if9");
        assert_eq!(n.index("v0"), Some(3));
    }
}
