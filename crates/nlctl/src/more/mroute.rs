//! `mroute show [ [ to ] PREFIX ] [ from PREFIX ] [ iif DEVICE ] [ table TABLE_ID ]`: the
//! multicast forwarding cache, a route dump of family `RTNL_FAMILY_IPMR` (`-6`:
//! `RTNL_FAMILY_IP6MR`), printed as `ip mroute show` prints it. `ip` 6.1 reads no address of
//! these families, so a prefix other than `all`/`any`/`default` is refused as it refuses it.

use std::net::IpAddr;

use netlink::netlink_wire::rtnl::route::{RouteMsg, RtmFlags};
use netlink::netlink_wire::rtnl::{AddressFamily, RouteType, Table};
use netlink::{Route, RouteFilter};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::names::{self, LinkNames};
use crate::out::Out;
use crate::sink::{Fields, Lit, Sink, Txt};
use crate::tc_units::G;
use crate::words::{self, Words};
use netlink::ops::route::Prefix;

/// A parsed `mroute show`.
#[derive(Debug)]
pub(crate) struct Show {
    /// `table`: `None` for `all`; IPv4's default is `default` (253), IPv6's every table.
    table: Option<Table>,
    /// `iif DEVICE`.
    iif: Option<String>,
    /// `from PREFIX`.
    from: Option<Prefix>,
    /// `[ to ] PREFIX`.
    to: Option<Prefix>,
}

/// The usage `ip mroute help` prints.
pub(crate) const USAGE: &str = "\
Usage: nlctl mroute show [ [ to ] PREFIX ] [ from PREFIX ] [ iif DEVICE ]
                        [ table TABLE_ID ]
TABLE_ID := [ local | main | default | all | NUMBER ]";

/// The family `mroute` dumps for `-4`/`-6`.
fn family(f: Option<AddressFamily>) -> AddressFamily {
    if f == Some(AddressFamily::INET6) {
        AddressFamily::IP6MR
    } else {
        AddressFamily::IPMR
    }
}

/// Reads the words after `show`.
pub(crate) fn parse(w: &mut Words<'_>, f: Option<AddressFamily>) -> Result<Show> {
    let fam = family(f);
    let mut s = Show {
        table: (fam == AddressFamily::IPMR).then_some(Table::DEFAULT),
        iif: None,
        from: None,
        to: None,
    };
    while let Some(word) = w.next() {
        if "table".starts_with(word) {
            let v = w.value(word)?;
            s.table = match v {
                "all" => None,
                "help" => return Err(CliError::Help(USAGE.to_owned())),
                v => Some(words::table(v).map_err(|_| {
                    CliError::usage(format!(
                        "Error: argument \"{v}\" is wrong: table id value is invalid"
                    ))
                })?),
            };
        } else if word == "iif" {
            s.iif = Some(w.value(word)?.to_owned());
        } else if "from".starts_with(word) {
            s.from = Some(words::prefix(w.value(word)?, Some(fam))?);
        } else {
            let p = if word == "to" { w.value(word)? } else { word };
            if "help".starts_with(p) {
                return Err(CliError::Help(USAGE.to_owned()));
            }
            s.to = Some(words::prefix(p, Some(fam))?);
        }
    }
    Ok(s)
}

/// One multicast forwarding cache entry, decoded from its route message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mroute {
    /// `RTA_SRC`: the source.
    src: Option<IpAddr>,
    /// `RTA_DST`: the group.
    dst: Option<IpAddr>,
    /// `RTA_IIF`: the incoming interface, 0 when unresolved.
    iif: u32,
    /// The outgoing interfaces of `RTA_MULTIPATH`, with their TTL thresholds
    /// (`rtnh_hops`); `None` without the attribute.
    oifs: Option<Vec<(u32, u8)>>,
    /// `RTNH_F_UNRESOLVED`.
    unresolved: bool,
    /// `RTNH_F_OFFLOAD`.
    offload: bool,
    /// The table.
    table: Table,
    /// Whether the message is a deletion.
    deleted: bool,
    /// `RTA_MFC_STATS`: packets, bytes and packets that arrived on the wrong interface.
    counters: Option<[u64; 3]>,
    /// `RTA_EXPIRES`: the clock ticks (`USER_HZ`) since the entry last forwarded.
    age: Option<u64>,
}

impl Mroute {
    /// The incoming interface, 0 when unresolved.
    pub(crate) fn iif(&self) -> u32 {
        self.iif
    }

    /// The table.
    pub(crate) fn table(&self) -> Table {
        self.table
    }

    /// The interfaces it names: in, and out.
    pub(crate) fn interfaces(&self) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.iif).chain(self.oifs.iter().flatten().map(|(i, _)| *i))
    }

    /// Decodes `m`; `None` for a route that is not multicast.
    ///
    /// # Errors
    /// A malformed attribute.
    pub(crate) fn from_msg(m: &RouteMsg<'_>, deleted: bool) -> netlink::Result<Option<Mroute>> {
        if m.route_type() != RouteType::MULTICAST {
            return Ok(None);
        }
        let oifs = match m.multipath()? {
            Some(paths) => Some(
                paths
                    .map(|p| p.map(|p| (p.ifindex(), p.hops())))
                    .collect::<netlink::netlink_wire::Result<Vec<_>>>()?,
            ),
            None => None,
        };
        Ok(Some(Mroute {
            src: m.src()?,
            dst: m.dst()?,
            iif: m.iif()?.unwrap_or(0),
            oifs,
            unresolved: m.flags().contains(RtmFlags::UNRESOLVED),
            offload: m.flags().contains(RtmFlags::NH_OFFLOAD),
            table: m.table()?,
            deleted,
            counters: m.mfc_stats()?.map(|c| {
                let c = c.get();
                [
                    c.mfcs_packets.get(),
                    c.mfcs_bytes.get(),
                    c.mfcs_wrong_if.get(),
                ]
            }),
            age: m.expires()?,
        }))
    }
}

/// An entry as `ip mroute show` prints it.
pub(crate) struct MrouteFields<'a> {
    /// The entry.
    pub(crate) r: &'a Mroute,
    /// The interface names.
    pub(crate) names: &'a LinkNames,
    /// Whether the table is printed (`ip` prints it when no table was asked for, and then
    /// not `main` without `-details`).
    pub(crate) table: bool,
    /// `-stats`: the counters and the age, on a line of their own.
    pub(crate) stats: bool,
}

impl Fields for MrouteFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let r = self.r;
        if r.deleted {
            s.literal("deleted", Lit::True, "Deleted ")?;
        }
        let src = r
            .src
            .map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        let dst = r
            .dst
            .map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        s.string("src", None, &src)?;
        s.string("dst", None, &dst)?;
        s.text(format_args!("{:<32} Iif: ", format!("({src},{dst})")))?;
        if r.iif != 0 {
            let name = self.names.name(r.iif).to_string();
            // ip pads the name to 10 columns in text (`%-10s `) alone.
            s.string("iif", None, &name)?;
            s.text(format_args!("{name:<10} "))?;
        } else {
            s.string("iif", Some(Txt("", " ")), "unresolved")?;
        }
        if let Some(oifs) = &r.oifs {
            s.open_array("multipath")?;
            for (i, (oif, hops)) in oifs.iter().enumerate() {
                s.open_object("")?;
                if i == 0 {
                    s.text("Oifs: ")?;
                }
                s.string("oif", Some(Txt("", "")), self.names.name(*oif))?;
                if *hops > 1 {
                    s.number("ttl", Some(Txt("(ttl ", ") ")), hops)?;
                } else {
                    s.text(" ")?;
                }
                s.close_object()?;
            }
            s.close_array()?;
        }
        s.string(
            "state",
            Some(Txt(" State: ", "")),
            if r.unresolved {
                "unresolved"
            } else {
                "resolved"
            },
        )?;
        if r.offload {
            s.literal("offload", Lit::Null, " offload")?;
        }
        if let Some([packets, bytes, wrong_if]) = r.counters.filter(|_| self.stats) {
            s.text("\n")?;
            s.number("packets", Some(Txt("  ", " packets,")), packets)?;
            s.number("bytes", Some(Txt(" ", " bytes")), bytes)?;
            if wrong_if != 0 {
                s.number(
                    "wrong_if",
                    Some(Txt(", ", " arrived on wrong iif.")),
                    wrong_if,
                )?;
            }
        }
        if let Some(ticks) = r.age.filter(|_| self.stats) {
            // ip's __jiffies_to_tv counts 10 ms a tick; it prints %.2f, and %g in JSON.
            let age = ticks as f64 / 100.0;
            s.number("expires", None, G(age, 6))?;
            s.text(format_args!(", Age {age:.2}"))?;
        }
        if self.table && r.table.0 != 0 {
            s.string("table", Some(Txt(" Table: ", "")), names::table(r.table))?;
        }
        Ok(())
    }
}

/// Whether `p` (a filter prefix) takes `a`, as `inet_addr_match_rta`: a zero-length prefix
/// takes everything, an address missing from the message nothing else.
fn takes(p: &Option<Prefix>, a: Option<IpAddr>) -> bool {
    let Some(p) = p else { return true };
    if p.len == 0 {
        return true;
    }
    a.is_some_and(|a| crate::show::masked(a, p.len) == crate::show::masked(p.addr, p.len))
}

/// Runs it.
pub(crate) fn run(ctx: &Ctx<'_>, s: &Show) -> Result<()> {
    let names = LinkNames::load(ctx.conn)?;
    let iif = match &s.iif {
        Some(d) => Some(
            names
                .index(d)
                .ok_or_else(|| CliError::failed(format!("Cannot find device \"{d}\"")))?,
        ),
        None => None,
    };
    let mut filter = RouteFilter::default().family(family(ctx.family));
    if let Some(t) = s.table {
        filter = filter.table(t);
    }
    let mut out = Out::new(ctx)?;
    let mut found = Vec::new();
    ctx.conn.for_each::<Route>(filter, |m| {
        if let Some(r) = Mroute::from_msg(m, false)? {
            found.push(r);
        }
        Ok(())
    })?;
    for r in found.iter().filter(|r| {
        s.table.is_none_or(|t| t == r.table)
            && iif.is_none_or(|i| i == r.iif)
            && takes(&s.to, r.dst)
            && takes(&s.from, r.src)
    }) {
        out.item(&MrouteFields {
            r,
            names: &names,
            table: s.table.is_none() && (r.table != Table::MAIN || ctx.details > 0),
            stats: ctx.stats > 0,
        })?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    use netlink::netlink_wire::Flags;
    use netlink::netlink_wire::rtnl::RTM_NEWROUTE;
    use netlink::netlink_wire::rtnl::route::{RtMsg, Rta};
    use netlink::netlink_wire::{AttrWrite, Msg};

    /// An `RTM_NEWROUTE` of family `RTNL_FAMILY_IPMR` as `ipmr_fill_mroute` builds it: source
    /// 192.0.2.1, group 232.1.1.1, in on interface 2, out on 3 (TTL threshold 1) and 4 (TTL
    /// threshold 5), table 253.
    fn sample(unresolved: bool) -> Vec<u8> {
        let mut hdr = RtMsg::new(AddressFamily::IPMR, 0);
        hdr.rtm_dst_len = 32;
        hdr.rtm_src_len = 32;
        hdr.rtm_table = 253;
        hdr.rtm_type = RouteType::MULTICAST.0;
        hdr.rtm_protocol = 17;
        if unresolved {
            hdr.rtm_flags.set(RtmFlags::UNRESOLVED.bits());
        }
        let mut buf = Vec::new();
        let mut b = RouteMsg::builder(&mut buf, RTM_NEWROUTE, Flags::EMPTY, &hdr).unwrap();
        b.put_u32(Rta::TABLE, 253);
        b.put(Rta::SRC, &[192, 0, 2, 1]);
        b.put(Rta::DST, &[232, 1, 1, 1]);
        b.put_u32(Rta::IIF, 2);
        // Two struct rtnexthop of 8 bytes: len, flags, hops, ifindex.
        let mut paths = Vec::new();
        for (hops, ifindex) in [(1u8, 3i32), (5, 4)] {
            paths.extend_from_slice(&8u16.to_ne_bytes());
            paths.push(0);
            paths.push(hops);
            paths.extend_from_slice(&ifindex.to_ne_bytes());
        }
        b.put(Rta::MULTIPATH, &paths);
        // rta_mfc_stats (packets, bytes, wrong interface) and the age, 64 bits, as
        // mr_fill_mroute puts them.
        let counters: Vec<u8> = [7u64, 1400, 2]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        b.put(Rta::MFC_STATS, &counters);
        b.put(Rta::EXPIRES, &1234u64.to_ne_bytes());
        b.finish().unwrap();
        buf
    }

    fn names() -> LinkNames {
        let mut n = LinkNames::default();
        n.insert(2, "v0");
        n.insert(3, "v1");
        n.insert(4, "br0");
        n
    }

    fn decode(buf: &[u8]) -> Mroute {
        let m = RouteMsg::parse(Msg::parse(buf).unwrap()).unwrap();
        Mroute::from_msg(&m, false).unwrap().unwrap()
    }

    /// The sample's text and JSON, printed with `table` and `stats` as given.
    fn printed(unresolved: bool, table: bool, stats: bool) -> (String, String) {
        let (names, r) = (names(), decode(&sample(unresolved)));
        let f = MrouteFields {
            r: &r,
            names: &names,
            table,
            stats,
        };
        let (mut text, mut json) = (Vec::new(), Vec::new());
        crate::sink::text(&mut text, &f).unwrap();
        crate::sink::json_object(&mut json, &f, crate::sink::JsonState::new(false)).unwrap();
        (
            String::from_utf8(text).unwrap(),
            String::from_utf8(json).unwrap(),
        )
    }

    #[test]
    fn prints_as_ip_mroute_show() {
        let (text, json) = printed(false, false, false);
        assert_eq!(
            text,
            "(192.0.2.1,232.1.1.1)            Iif: v0         Oifs: v1 br0(ttl 5)  State: resolved"
        );
        assert_eq!(
            json,
            r#"{"src":"192.0.2.1","dst":"232.1.1.1","iif":"v0","multipath":[{"oif":"v1"},{"oif":"br0","ttl":5}],"state":"resolved"}"#
        );
        let (text, _) = printed(true, true, false);
        assert!(text.ends_with("State: unresolved Table: default"));
    }

    #[test]
    fn stats_print_as_ip_s_mroute_show() {
        let (text, json) = printed(false, false, true);
        assert_eq!(
            text,
            "(192.0.2.1,232.1.1.1)            Iif: v0         Oifs: v1 br0(ttl 5)  State: resolved\n  \
             7 packets, 1400 bytes, 2 arrived on wrong iif., Age 12.34"
        );
        assert!(json.ends_with(
            r#""state":"resolved","packets":7,"bytes":1400,"wrong_if":2,"expires":12.34}"#
        ));
    }

    #[test]
    fn cut_samples_are_errors_not_panics() {
        let buf = sample(false);
        for n in 0..buf.len() {
            let Ok(msg) = Msg::parse(&buf[..n]) else {
                continue;
            };
            if let Ok(m) = RouteMsg::parse(msg) {
                let _ = Mroute::from_msg(&m, false);
            }
        }
    }
}
