//! The words after the object, read one at a time as `ip` reads them, and the parsers of their
//! values. Every error names the word it could not use. A malformed address, prefix or
//! link-layer address fails as `ip`'s do (exit 1); a bad number or name is a usage error (exit
//! 255), as `ip`'s `invarg`.

use std::net::IpAddr;

use netlink::netlink_wire::rtnl::neigh::NeighState;
use netlink::netlink_wire::rtnl::{AddressFamily, RouteProtocol, RouteType, Scope, Table};
use netlink::ops::route::Prefix;

use crate::error::{CliError, Result};

/// A cursor over the command's words.
#[derive(Debug)]
pub(crate) struct Words<'a> {
    words: &'a [String],
    pos: usize,
    context: String,
    /// Whether a missing value is iproute2's `incomplete_command` ([`CliError::Incomplete`],
    /// as `tc` reports it) rather than a usage error naming the keyword.
    next_arg: bool,
}

impl<'a> Words<'a> {
    /// A cursor at the first word.
    pub(crate) fn new(words: &'a [String]) -> Self {
        Words {
            words,
            pos: 0,
            context: String::new(),
            next_arg: false,
        }
    }

    /// Names the command for error messages (`"route add"`).
    pub(crate) fn set_context(&mut self, c: String) {
        self.context = c;
    }

    /// Makes a missing value fail as `tc`'s `NEXT_ARG`: its message, exit 255, even inside
    /// a kind's words, whose other errors exit 1.
    pub(crate) fn set_next_arg(&mut self) {
        self.next_arg = true;
    }

    /// The next word, without taking it.
    pub(crate) fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos).map(String::as_str)
    }

    /// Takes the next word.
    pub(crate) fn next(&mut self) -> Option<&'a str> {
        let w = self.peek()?;
        self.pos = self.pos.saturating_add(1);
        Some(w)
    }

    /// The words not taken yet.
    pub(crate) fn rest(&self) -> &'a [String] {
        self.words.get(self.pos..).unwrap_or_default()
    }

    /// Takes `n` words.
    pub(crate) fn advance(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n).min(self.words.len());
    }

    /// Takes the value of keyword `key`.
    ///
    /// # Errors
    /// A usage error when the line ends after `key` ([`CliError::Incomplete`] after
    /// [`Words::set_next_arg`]).
    pub(crate) fn value(&mut self, key: &str) -> Result<&'a str> {
        self.next().ok_or_else(|| {
            if self.next_arg {
                CliError::Incomplete
            } else {
                CliError::usage(format!("{}: {key:?} needs a value", self.context))
            }
        })
    }

    /// The command's name, as errors give it (`"route add"`).
    pub(crate) fn context(&self) -> &str {
        &self.context
    }

    /// The error for a word the command does not know.
    pub(crate) fn unknown(&self, word: &str) -> CliError {
        CliError::usage(format!("{}: unknown word {word:?}", self.context))
    }

    /// The error for a word `ip` knows here and `nlctl` does not implement yet.
    pub(crate) fn unsupported(&self, word: &str) -> CliError {
        CliError::unsupported(format!("{}: the word {word:?}", self.context))
    }

    /// The error for `word`, which `ip` reads as the word `name` of `table`, and which `nlctl`
    /// does not implement yet; the message gives the full name when `word` is short for it.
    pub(crate) fn unsupported_in<T>(&self, table: &[crate::cli::Row<T>], word: &str) -> CliError {
        match crate::cli::full_name(table, word) {
            Some(name) if name != word => {
                CliError::unsupported(format!("{}: the word {word:?} ({name})", self.context))
            }
            _ => self.unsupported(word),
        }
    }

    /// The error for a command that misses something and cannot run (exit 1); where ip
    /// treats the omission as a usage error, callers use [`Words::error`] instead.
    pub(crate) fn missing(&self, what: &str) -> CliError {
        CliError::failed(format!("{}: {what}", self.context))
    }

    /// A usage error prefixed with the command.
    pub(crate) fn error(&self, what: impl std::fmt::Display) -> CliError {
        CliError::usage(format!("{}: {what}", self.context))
    }
}

/// An IPv4 or IPv6 address.
pub(crate) fn addr(s: &str) -> Result<IpAddr> {
    s.parse()
        .map_err(|_| CliError::failed(format!("invalid address {s:?}")))
}

/// An address of `family` when one is given.
pub(crate) fn addr_of(s: &str, family: Option<AddressFamily>) -> Result<IpAddr> {
    let a = addr(s)?;
    check_family(s, a, family)?;
    Ok(a)
}

fn check_family(s: &str, a: IpAddr, family: Option<AddressFamily>) -> Result<()> {
    match family {
        // ip's words, and its exit status 1.
        Some(AddressFamily::INET) if !a.is_ipv4() => Err(CliError::failed(format!(
            "Error: inet address is expected rather than \"{s}\"."
        ))),
        Some(AddressFamily::INET6) if a.is_ipv4() => Err(CliError::failed(format!(
            "Error: inet6 address is expected rather than \"{s}\"."
        ))),
        _ => Ok(()),
    }
}

/// `ADDR[/LEN]`, `default`, `all` or `any`; a bare address is a host prefix. `default` has the
/// family `family`, or IPv4.
pub(crate) fn prefix(s: &str, family: Option<AddressFamily>) -> Result<Prefix> {
    if matches!(s, "default" | "all" | "any") {
        let any = if family == Some(AddressFamily::INET6) {
            IpAddr::from([0u16; 8])
        } else {
            IpAddr::from([0u8; 4])
        };
        return Ok(Prefix::new(any, 0));
    }
    // ip reads no address of the multicast routing families (`ip mrule add from ...`), and
    // names them `???`.
    if matches!(family, Some(AddressFamily::IPMR | AddressFamily::IP6MR)) {
        return Err(CliError::failed(format!(
            "??? prefix is expected rather than {s:?}."
        )));
    }
    let bad = || CliError::failed(format!("invalid prefix {s:?}"));
    let (a, len) = match s.split_once('/') {
        Some((a, l)) => {
            let a: IpAddr = a.parse().map_err(|_| bad())?;
            if l.is_empty() || !l.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let len: u8 = l.parse().map_err(|_| bad())?;
            (a, len)
        }
        None => {
            let a: IpAddr = s.parse().map_err(|_| bad())?;
            (a, if a.is_ipv4() { 32 } else { 128 })
        }
    };
    let p = Prefix::new(a, len);
    if len > p.max_len() {
        return Err(bad());
    }
    check_family(s, a, family)?;
    Ok(p)
}

/// A decimal or `0x` hexadecimal unsigned number.
pub(crate) fn number(s: &str, what: &str) -> Result<u32> {
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    };
    parsed.ok_or_else(|| CliError::usage(format!("invalid {what} {s:?}")))
}

/// A number that fits `T`.
pub(crate) fn small<T: TryFrom<u32>>(s: &str, what: &str) -> Result<T> {
    T::try_from(number(s, what)?).map_err(|_| CliError::usage(format!("{what} {s:?} is too large")))
}

/// A lifetime in seconds, or `forever`.
pub(crate) fn lifetime(s: &str, what: &str) -> Result<u32> {
    if s == "forever" {
        Ok(u32::MAX)
    } else {
        number(s, what)
    }
}

/// A link-layer address `aa:bb:cc:dd:ee:ff`.
pub(crate) fn lladdr(s: &str) -> Result<Vec<u8>> {
    netlink::ops::neigh::parse_lladdr(s)
        .map_err(|_| CliError::failed(format!("invalid link-layer address {s:?}")))
}

/// A table: `main`, `local`, `default` or a number.
pub(crate) fn table(s: &str) -> Result<Table> {
    match Table::from_short_name(s) {
        Some(t) if t != Table::UNSPEC => Ok(t),
        _ => {
            let t = number(s, "table")?;
            if t == 0 {
                return Err(CliError::usage(format!("invalid table {s:?}")));
            }
            Ok(Table(t))
        }
    }
}

/// The DSCP names of iproute2's standard `rt_dsfield` file.
pub(crate) const DSFIELDS: [(u8, &str); 21] = [
    (0x00, "default"),
    (0x28, "AF11"),
    (0x30, "AF12"),
    (0x38, "AF13"),
    (0x48, "AF21"),
    (0x50, "AF22"),
    (0x58, "AF23"),
    (0x68, "AF31"),
    (0x70, "AF32"),
    (0x78, "AF33"),
    (0x88, "AF41"),
    (0x90, "AF42"),
    (0x98, "AF43"),
    (0x20, "CS1"),
    (0x40, "CS2"),
    (0x60, "CS3"),
    (0x80, "CS4"),
    (0xa0, "CS5"),
    (0xc0, "CS6"),
    (0xe0, "CS7"),
    (0xb8, "EF"),
];

/// A TOS (DS field) as `ip` reads it (`rtnl_dsfield_a2n`): a name of `rt_dsfield`, else a
/// number in hexadecimal (`10` is 16), at most 255.
pub(crate) fn dsfield(s: &str) -> Option<u8> {
    if let Some((v, _)) = DSFIELDS.iter().find(|(_, n)| *n == s) {
        return Some(*v);
    }
    let h = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    if h.is_empty() || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::try_from(u32::from_str_radix(h, 16).ok()?).ok()
}

/// A realm as `ip` reads one: `cosmos` (0, the one name of the standard `rt_realms`) or a
/// number.
fn realm(s: &str) -> Option<u32> {
    match s {
        "cosmos" => Some(0),
        _ => crate::cli::c_unsigned(s).filter(|v| *v <= 0xffff),
    }
}

/// `realms` of `route show`: a raw number, or `[FROM/]TO`; with the mask of the parts that
/// select, as `ip` sets its `realmmask` (an empty or zero part given as `X/` or `/Y` does not).
pub(crate) fn realms(s: &str) -> Option<(u32, u32)> {
    let value = match crate::cli::c_unsigned(s) {
        Some(raw) => raw,
        None => {
            let (from, to) = match s.split_once('/') {
                Some((f, t)) => (
                    if f.is_empty() { 0 } else { realm(f)? },
                    if t.is_empty() { 0 } else { realm(t)? },
                ),
                None => (0, realm(s)?),
            };
            from << 16 | to
        }
    };
    let mut mask = u32::MAX;
    if value & 0xffff == 0 && s.ends_with('/') {
        mask &= !0xffff;
    }
    if value & 0xffff_0000 == 0 && (!s.contains('/') || s.starts_with('/')) {
        mask &= !0xffff_0000;
    }
    Some((value, mask))
}

/// An interface group as `ip` reads it: `default` or a number (`rtnl_group_a2n`).
pub(crate) fn group(s: &str) -> Option<u32> {
    if s == "default" {
        Some(0)
    } else {
        crate::cli::c_unsigned(s)
    }
}

/// A protocol name from `rt_protos` (`static`, `kernel`) or a number.
pub(crate) fn protocol(s: &str) -> Result<RouteProtocol> {
    match RouteProtocol::from_short_name(s) {
        Some(p) => Ok(p),
        None => Ok(RouteProtocol(small(s, "protocol")?)),
    }
}

/// A scope name (`global`, `link`, `host`) or a number.
pub(crate) fn scope(s: &str) -> Result<Scope> {
    match Scope::from_short_name(s) {
        Some(p) => Ok(p),
        None => Ok(Scope(small(s, "scope")?)),
    }
}

/// A route type name (`unicast`, `blackhole`, `unreachable`, ...).
pub(crate) fn route_type(s: &str) -> Option<RouteType> {
    RouteType::from_short_name(s).filter(|t| *t != RouteType::UNSPEC)
}

/// A neighbour state as `ip neigh ... nud` takes it (`permanent`, `reachable`, `all`, `none`).
/// `None` stands for `nud none` (no state at all).
pub(crate) fn nud(s: &str) -> Result<Option<NeighState>> {
    let upper = s.to_ascii_uppercase();
    match upper.as_str() {
        "ALL" => Ok(Some(NeighState(0xff))),
        "NONE" => Ok(None),
        _ => [
            NeighState::INCOMPLETE,
            NeighState::REACHABLE,
            NeighState::STALE,
            NeighState::DELAY,
            NeighState::PROBE,
            NeighState::FAILED,
            NeighState::NOARP,
            NeighState::PERMANENT,
        ]
        .into_iter()
        .find(|st| st.short_names().next() == Some(upper.as_str()))
        .map(Some)
        .ok_or_else(|| CliError::usage(format!("invalid nud state {s:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_like_ip() {
        let p = prefix("198.51.100.0/24", None).unwrap();
        assert_eq!(p.to_string(), "198.51.100.0/24");
        assert_eq!(prefix("192.0.2.1", None).unwrap().len, 32);
        assert_eq!(prefix("2001:db8::1", None).unwrap().len, 128);
        assert_eq!(prefix("default", None).unwrap().len, 0);
        assert!(
            prefix("default", Some(AddressFamily::INET6))
                .unwrap()
                .addr
                .is_ipv6()
        );
        for bad in [
            "198.51.100.0/33",
            "198.51.100.0/",
            "vai",
            "1.2.3/8",
            "::/129",
            "1.2.3.4/+1",
        ] {
            let e = prefix(bad, None).unwrap_err();
            assert_eq!(e.to_string(), format!("invalid prefix {bad:?}"));
            assert_eq!(e.exit_code(), 1);
        }
        assert!(prefix("2001:db8::/32", Some(AddressFamily::INET)).is_err());
    }

    #[test]
    fn numbers_names_and_states() {
        assert_eq!(number("0x10", "mark").unwrap(), 16);
        assert_eq!(number("42", "mark").unwrap(), 42);
        assert!(number("-1", "mark").is_err());
        assert!(small::<u8>("256", "x").is_err());
        assert_eq!(table("main").unwrap(), Table::MAIN);
        assert_eq!(table("100").unwrap(), Table(100));
        assert!(table("0").is_err());
        assert!(table("mian").is_err());
        assert_eq!(protocol("static").unwrap(), RouteProtocol::STATIC);
        assert_eq!(protocol("77").unwrap(), RouteProtocol(77));
        assert!(protocol("nope").is_err());
        assert_eq!(scope("link").unwrap(), Scope::LINK);
        assert_eq!(route_type("blackhole"), Some(RouteType::BLACKHOLE));
        assert_eq!(route_type("vai"), None);
        assert_eq!(nud("permanent").unwrap(), Some(NeighState::PERMANENT));
        assert_eq!(nud("none").unwrap(), None);
        assert!(nud("bogus").is_err());
        assert_eq!(lladdr("02:00:00:00:00:01").unwrap(), [2, 0, 0, 0, 0, 1]);
        assert!(lladdr("02:00:zz").is_err());
        assert_eq!(lifetime("forever", "x").unwrap(), u32::MAX);
    }

    #[test]
    fn words_name_the_bad_word() {
        let v = vec!["vai".to_owned()];
        let mut w = Words::new(&v);
        w.set_context("route add".into());
        let word = w.next().unwrap();
        assert_eq!(
            w.unknown(word).to_string(),
            "route add: unknown word \"vai\""
        );
        assert!(w.value("dev").is_err());
    }
}
