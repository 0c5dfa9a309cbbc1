//! `addrlabel list|add|del|flush`: the IPv6 address label table.

use std::net::{IpAddr, Ipv6Addr};

use netlink::{AddrLabel, AddrLabelFilter, AddrLabelRequest};

use crate::Ctx;
use crate::error::{CliError, Result};
use crate::more::V;
use crate::names::LinkNames;
use crate::out::Out;
use crate::sink::{Fields, Sink, Txt};
use crate::words::{self, Words};

/// A parsed `addrlabel` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `list`.
    List,
    /// `flush`.
    Flush,
    /// `add` or `del`: the prefix, the device's name, the label.
    Change {
        add: bool,
        prefix: (Ipv6Addr, u8),
        dev: Option<String>,
        label: u32,
    },
}

impl Cmd {
    /// Whether it prints.
    pub(crate) fn prints(&self) -> bool {
        matches!(self, Cmd::List)
    }
}

/// Reads the words after the verb.
pub(crate) fn parse(w: &mut Words<'_>, v: V) -> Result<Cmd> {
    match v {
        V::Show | V::Flush => {
            if let Some(word) = w.next() {
                return Err(w.unknown(word));
            }
            Ok(if v == V::Flush { Cmd::Flush } else { Cmd::List })
        }
        V::Add | V::Delete => {
            let (mut prefix, mut dev, mut label) = (None, None, None);
            while let Some(word) = w.next() {
                match word {
                    "prefix" => {
                        let p = words::prefix(w.value(word)?, None)?;
                        prefix = match p.addr {
                            IpAddr::V6(a) => Some((a, p.len)),
                            IpAddr::V4(_) => {
                                return Err(w.error("address labels take IPv6 prefixes"));
                            }
                        };
                    }
                    "dev" => dev = Some(w.value(word)?.to_owned()),
                    "label" => label = Some(words::number(w.value(word)?, "label")?),
                    _ => return Err(w.unknown(word)),
                }
            }
            let prefix = prefix.ok_or_else(|| {
                CliError::failed("Not enough information: \"prefix\" argument is required.")
            })?;
            let label = label.ok_or_else(|| {
                CliError::failed("Not enough information: \"label\" argument is required.")
            })?;
            Ok(Cmd::Change {
                add: v == V::Add,
                prefix,
                dev,
                label,
            })
        }
        _ => Err(w.unsupported(w.context())),
    }
}

/// A label as `ip addrlabel list` prints it.
struct LabelFields<'a> {
    l: &'a AddrLabel,
    names: &'a LinkNames,
}

impl Fields for LabelFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let l = self.l;
        s.text("prefix ")?;
        s.string("address", Some(Txt("", "")), l.prefix)?;
        s.number("prefixlen", Some(Txt("/", " ")), l.prefix_len)?;
        if l.index != 0 {
            s.string("ifname", Some(Txt("dev ", " ")), self.names.name(l.index))?;
        }
        s.number("label", Some(Txt("label ", " ")), l.label)
    }
}

/// Runs an `addrlabel` command.
pub(crate) fn run(ctx: &Ctx<'_>, c: &Cmd) -> Result<()> {
    match c {
        Cmd::List => {
            let names = LinkNames::load(ctx.conn)?;
            let mut out = Out::new(ctx)?;
            for l in ctx.conn.addr_labels(AddrLabelFilter::default())? {
                out.item(&LabelFields {
                    l: &l,
                    names: &names,
                })?;
            }
            out.finish()
        }
        Cmd::Flush => {
            ctx.conn.flush_addr_labels()?;
            Ok(())
        }
        Cmd::Change {
            add,
            prefix,
            dev,
            label,
        } => {
            let mut req = AddrLabelRequest::new(prefix.0, prefix.1, *label);
            if let Some(d) = dev {
                req.index = ctx.conn.link_index(d)?;
            }
            if *add {
                ctx.conn.add_addr_label(&req)?;
            } else {
                ctx.conn.delete_addr_label(&req)?;
            }
            Ok(())
        }
    }
}
