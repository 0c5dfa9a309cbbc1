//! An IPv6 prefix from a router advertisement, as `ip monitor prefix` prints it.

use netlink::PrefixInfo;
use netlink::netlink_wire::rtnl::prefix::PrefixFlags;

use crate::names::LinkNames;
use crate::sink::{Fields, Lit, Sink, Txt};

/// One `RTM_NEWPREFIX` as `ip` 6.1 prints it: `prefix ADDR/LEN` (no space before `dev`, as
/// `ip` writes it), `dev NAME `, `onlink `/`autoconf ` when the older encoding's bits are set
/// (`ip` tests `IF_PREFIX_ONLINK` and `IF_PREFIX_AUTOCONF` only, so a kernel that sends the
/// option's own L and A bits prints neither), then `valid N preferred N `.
pub(crate) struct PrefixFields<'a> {
    /// The prefix.
    pub(crate) p: &'a PrefixInfo,
    /// The names of its device.
    pub(crate) names: &'a LinkNames,
}

impl Fields for PrefixFields<'_> {
    fn fields<S: Sink>(&self, s: &mut S) -> std::io::Result<()> {
        let p = self.p;
        if let Some((addr, len)) = p.prefix {
            s.string(
                "prefix",
                Some(Txt("prefix ", "")),
                format_args!("{addr}/{len}"),
            )?;
        }
        if p.index != 0 {
            s.string("dev", Some(Txt("dev ", " ")), self.names.name(p.index))?;
        }
        for (bit, word) in [
            (PrefixFlags::IF_ONLINK, "onlink"),
            (PrefixFlags::IF_AUTOCONF, "autoconf"),
        ] {
            if p.flags.contains(bit) {
                s.literal(word, Lit::Null, &format!("{word} "))?;
            }
        }
        if let (Some(valid), Some(preferred)) = (p.valid, p.preferred) {
            s.number("valid", Some(Txt("valid ", " ")), valid)?;
            s.number("preferred", Some(Txt("preferred ", " ")), preferred)?;
        }
        Ok(())
    }
}
