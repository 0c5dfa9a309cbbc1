//! Reading value sets from text: the names iproute2 prints, or numbers.
//!
//! Every value set declared with `values!` ([`crate::rtnl::Table`], [`crate::rtnl::RouteProtocol`],
//! [`crate::rtnl::Scope`], [`crate::rtnl::RouteType`] ...) implements [`core::str::FromStr`]:
//! it reads the short name that its `Display` prints (`main`, `static`, `link`, `blackhole`), or
//! a number as iproute2's `strtoul(s, NULL, 0)` reads it (`254`, `0xfe`, and `0376` in octal),
//! so that `s.parse()` and `to_string()` round-trip.

use std::fmt;

/// A string that names no value of a set and is not a number that fits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseValueError {
    set: &'static str,
    input: String,
    names: &'static [&'static str],
}

impl ParseValueError {
    /// Builds the error for `input`, which is neither one of `names` nor a number of `set`.
    #[must_use]
    pub fn new(set: &'static str, input: &str, names: &'static [&'static str]) -> Self {
        ParseValueError {
            set,
            input: input.to_owned(),
            names,
        }
    }

    /// The value set that was asked for (`"Table"`).
    #[must_use]
    pub fn set(&self) -> &'static str {
        self.set
    }

    /// The text that was refused.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The names the set knows, in declaration order.
    #[must_use]
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }
}

impl fmt::Display for ParseValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {} (a number or one of: ",
            self.input, self.set
        )?;
        for (i, n) in self.names.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(n)?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ParseValueError {}

/// Reads an unsigned number as C's `strtoul(s, NULL, 0)` does for a whole string: `0x`/`0X`
/// hexadecimal, a leading `0` octal, else decimal; no sign, no spaces, nothing after it.
/// `None` when it is no such number or does not fit `T`.
#[must_use]
pub fn number<T: TryFrom<u64>>(s: &str) -> Option<T> {
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (s.get(1..)?, 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix)
        .ok()
        .and_then(|n| T::try_from(n).ok())
}

/// With the `serde` feature, a value set serializes as the name its `Display` prints (`"main"`,
/// or `"100"` for a value without a name, as `ip -j` writes tables) and deserializes from such a
/// string or from a number.
#[cfg(feature = "serde")]
pub(crate) mod serde_value {
    use core::fmt;
    use core::marker::PhantomData;
    use core::str::FromStr;

    use serde::de::{self, Deserializer, Visitor};

    /// Reads a value of `T` (an integer type `I` inside) from a name or a number.
    pub(crate) fn deserialize<'de, D, T, I>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr<Err = super::ParseValueError> + From<I>,
        I: TryFrom<u64>,
    {
        d.deserialize_any(ValueVisitor::<T, I>(PhantomData))
    }

    struct ValueVisitor<T, I>(PhantomData<(T, I)>);

    impl<T, I> Visitor<'_> for ValueVisitor<T, I>
    where
        T: FromStr<Err = super::ParseValueError> + From<I>,
        I: TryFrom<u64>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a name as iproute2 prints it, or a number")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            I::try_from(v)
                .map(T::from)
                .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rtnl::{RouteProtocol, RouteType, Scope, Table};

    #[test]
    fn numbers_read_as_strtoul_base_zero() {
        assert_eq!(number::<u32>("254"), Some(254));
        assert_eq!(number::<u32>("0xfe"), Some(254));
        assert_eq!(number::<u32>("0XFE"), Some(254));
        assert_eq!(number::<u32>("0376"), Some(254));
        assert_eq!(number::<u32>("0"), Some(0));
        assert_eq!(number::<u8>("256"), None, "does not fit");
        for bad in ["", "0x", "-1", "+1", " 1", "1 ", "08", "1e3", "0xg"] {
            assert_eq!(number::<u32>(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_named_value_round_trips_through_its_name() {
        for t in [
            Table::UNSPEC,
            Table::COMPAT,
            Table::DEFAULT,
            Table::MAIN,
            Table::LOCAL,
        ] {
            assert_eq!(t.to_string().parse::<Table>(), Ok(t));
        }
        for p in RouteProtocol::NAMED_VALUES {
            assert_eq!(p.to_string().parse::<RouteProtocol>(), Ok(*p), "{p:?}");
        }
        for s in Scope::NAMED_VALUES {
            assert_eq!(s.to_string().parse::<Scope>(), Ok(*s));
        }
        for t in RouteType::NAMED_VALUES {
            assert_eq!(t.to_string().parse::<RouteType>(), Ok(*t));
        }
        // Unnamed values print and parse as numbers.
        assert_eq!(Table(100).to_string(), "100");
        assert_eq!("100".parse::<Table>(), Ok(Table(100)));
        assert_eq!("0x10000".parse::<Table>(), Ok(Table(65_536)));
        assert_eq!("main".parse::<Table>(), Ok(Table::MAIN));
        assert_eq!("static".parse::<RouteProtocol>(), Ok(RouteProtocol::STATIC));
        assert_eq!("link".parse::<Scope>(), Ok(Scope::LINK));
        assert_eq!("blackhole".parse::<RouteType>(), Ok(RouteType::BLACKHOLE));
    }

    #[test]
    fn refusals_name_the_input_and_the_choices() {
        let e = "mian".parse::<Table>().unwrap_err();
        assert_eq!(e.input(), "mian");
        assert_eq!(e.set(), "Table");
        assert_eq!(
            e.to_string(),
            "\"mian\" is not a Table (a number or one of: unspec, compat, default, main, local)"
        );
        assert!("256".parse::<Scope>().is_err(), "a u8 set refuses 256");
        assert!(
            "Main".parse::<Table>().is_err(),
            "names are case-sensitive, as in ip"
        );
    }
}
