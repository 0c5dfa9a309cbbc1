//! `tc`'s units, read and printed as iproute2 6.1 does: rates (`1mbit`, `5gbit`, `100kbps`),
//! sizes (`15k`, `64kb`, `1mbit`), times (`10ms`, `1.5s`), each a C `strtod` number and a
//! suffix from one table, case-insensitive; and the forms `tc` prints them in (`1Mbit`,
//! `4Kb`, `400ms`).
//!
//! A value `tc` would turn into garbage (a negative rate, one beyond 64 bits, `inf` or `nan`)
//! is refused here instead.

use std::fmt;

use netlink::netlink_wire::rtnl::tc::LinkLayer;

/// The longest prefix of `s` that C's `strtod` reads as a number (leading blanks, a sign, a
/// decimal or `0x` hexadecimal mantissa, an exponent), and the rest. `None` when there is
/// none. `inf` and `nan`, which `strtod` also reads, are refused.
pub(crate) fn strtod(s: &str) -> Option<(f64, &str)> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let b = t.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |from: usize, hex: bool| {
        b.get(from..).map_or(0, |r| {
            r.iter()
                .take_while(|c| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                })
                .count()
        })
    };
    let hex = matches!(b.get(i..i + 2), Some([b'0', b'x' | b'X']))
        && (digits(i + 2, true) > 0 || (b.get(i + 2) == Some(&b'.') && digits(i + 3, true) > 0));
    let start = if hex { i + 2 } else { i };
    let int = digits(start, hex);
    let mut end = start + int;
    let mut frac = 0;
    if b.get(end) == Some(&b'.') {
        frac = digits(end + 1, hex);
        if int + frac > 0 {
            end += 1 + frac;
        }
    }
    if int + frac == 0 {
        return None;
    }
    let mantissa_end = end;
    let (exp_char, exp_base) = if hex { (b'p', 2.0f64) } else { (b'e', 10.0f64) };
    let mut exp: i32 = 0;
    if b.get(end).map(u8::to_ascii_lowercase) == Some(exp_char) {
        let mut j = end + 1;
        let neg = match b.get(j) {
            Some(b'-') => {
                j += 1;
                true
            }
            Some(b'+') => {
                j += 1;
                false
            }
            _ => false,
        };
        let n = digits(j, false);
        if n > 0 {
            let e: i32 = t
                .get(j..j + n)?
                .parse()
                .unwrap_or(if neg { -100_000 } else { 100_000 });
            exp = if neg { -e } else { e };
            end = j + n;
        }
    }
    let negative = b.first() == Some(&b'-');
    let value = if hex {
        let (ip, fp) = (
            t.get(start..start + int)?,
            t.get(mantissa_end - frac..mantissa_end)?,
        );
        let mut v = 0f64;
        for c in ip.chars().chain(fp.chars()) {
            v = v * 16.0 + f64::from(c.to_digit(16)?);
        }
        let frac_bits = i32::try_from(frac.checked_mul(4)?).ok()?;
        v * exp_base.powi(exp.saturating_sub(frac_bits))
    } else {
        // Rust reads the same decimal notation, rounding as strtod does.
        let text = format!("{}e{exp}", t.get(start..mantissa_end)?);
        text.parse::<f64>().ok()?
    };
    let value = if negative { -value } else { value };
    Some((value, t.get(end..)?))
}

/// Bits per second of each rate suffix (`tc`'s table, compared case-insensitively).
const RATE_UNITS: [(&str, f64); 18] = [
    ("bit", 1.0),
    ("kibit", 1024.0),
    ("kbit", 1000.0),
    ("mibit", 1_048_576.0),
    ("mbit", 1_000_000.0),
    ("gibit", 1_073_741_824.0),
    ("gbit", 1_000_000_000.0),
    ("tibit", 1_099_511_627_776.0),
    ("tbit", 1_000_000_000_000.0),
    ("bps", 8.0),
    ("kibps", 8.0 * 1024.0),
    ("kbps", 8000.0),
    ("mibps", 8.0 * 1_048_576.0),
    ("mbps", 8_000_000.0),
    ("gibps", 8.0 * 1_073_741_824.0),
    ("gbps", 8_000_000_000.0),
    ("tibps", 8.0 * 1_099_511_627_776.0),
    ("tbps", 8_000_000_000_000.0),
];

/// The number in `s` times the scale of its suffix in `units` (compared case-insensitively;
/// no suffix is a scale of 1), as `tc`'s unit parsers compute it.
fn scaled(s: &str, units: &[(&str, f64)]) -> Option<f64> {
    let (v, rest) = strtod(s)?;
    if rest.is_empty() {
        return Some(v);
    }
    let (_, scale) = units
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(rest))?;
    Some(v * scale)
}

/// A rate in bytes per second, 64 bits (`tc`'s `get_rate64`): a number of bits per second
/// without a suffix.
pub(crate) fn rate64(s: &str) -> Option<u64> {
    let bytes = scaled(s, &RATE_UNITS)? / 8.0;
    // tc truncates the double; below 0 and beyond 64 bits it would send garbage.
    #[allow(clippy::cast_precision_loss)]
    if !(0.0..=u64::MAX as f64).contains(&bytes) {
        return None;
    }
    Some(bytes as u64)
}

/// Bytes per unit of each size suffix (`tc`'s `get_size`), compared case-insensitively.
const SIZE_UNITS: [(&str, f64); 10] = [
    ("kb", 1024.0),
    ("k", 1024.0),
    ("gb", 1_073_741_824.0),
    ("g", 1_073_741_824.0),
    ("gbit", 1_073_741_824.0 / 8.0),
    ("mb", 1_048_576.0),
    ("m", 1_048_576.0),
    ("mbit", 1_048_576.0 / 8.0),
    ("kbit", 1024.0 / 8.0),
    ("b", 1.0),
];

/// A size in bytes (`tc`'s `get_size`): bytes without a suffix.
pub(crate) fn size(s: &str) -> Option<u32> {
    to_u32(scaled(s, &SIZE_UNITS)?)
}

/// A size and an optional cell size (`15k/8`), as `tc`'s `get_size_and_cell`: the cell is a
/// power of two, returned as its log2.
pub(crate) fn size_and_cell(s: &str) -> Option<(u32, Option<u8>)> {
    let Some((sz, cell)) = s.split_once('/') else {
        return Some((size(s)?, None));
    };
    let cell: u32 = crate::cli::c_unsigned(cell)?;
    let log = (0u8..32).find(|i| 1u32.checked_shl(u32::from(*i)) == Some(cell))?;
    Some((size(sz)?, Some(log)))
}

/// Microseconds per unit of each time suffix (`tc`'s `get_time`), case-insensitive.
const TIME_UNITS: [(&str, f64); 9] = [
    ("s", 1e6),
    ("sec", 1e6),
    ("secs", 1e6),
    ("ms", 1e3),
    ("msec", 1e3),
    ("msecs", 1e3),
    ("us", 1.0),
    ("usec", 1.0),
    ("usecs", 1.0),
];

/// A time in microseconds (`tc`'s `get_time`): microseconds without a suffix.
pub(crate) fn time(s: &str) -> Option<u32> {
    to_u32(scaled(s, &TIME_UNITS)?)
}

/// A double as C converts it to an unsigned 32-bit number (truncated), when it fits.
fn to_u32(v: f64) -> Option<u32> {
    if !(0.0..4_294_967_296.0).contains(&v) {
        return None;
    }
    Some(v as u32)
}

/// A rate (bytes per second) as `tc` prints it: bits per second in the largest unit that
/// keeps it whole below 1000 of the next (`1Mbit`, `1500Kbit`, `50Gbit`); with `-iec`, in
/// powers of 1024 (`1Mibit`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rate(pub(crate) u64, pub(crate) bool);

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kilo, i) = if self.1 {
            (1024u64, "i")
        } else {
            (1000u64, "")
        };
        let units = ["", "K", "M", "G", "T"];
        let mut rate = self.0.wrapping_shl(3);
        let mut u = 0;
        while u < units.len() - 1 {
            if rate < kilo || (!rate.is_multiple_of(kilo) && rate < 1000 * kilo) {
                break;
            }
            rate /= kilo;
            u += 1;
        }
        // tc 6.1 writes the "i" only after a unit.
        let i = if u == 0 { "" } else { i };
        write!(f, "{rate}{}{i}bit", units.get(u).copied().unwrap_or(""))
    }
}

/// A size in bytes as `tc` prints it: `4Kb` or `2Mb` when that is within 16 bytes (1 KiB)
/// of it, else `1600b`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Size(pub(crate) u32);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sz = f64::from(self.0);
        let mb = (sz / 1_048_576.0).round_ties_even();
        let kb = (sz / 1024.0).round_ties_even();
        if self.0 >= 1 << 20 && (1_048_576.0 * mb - sz).abs() < 1024.0 {
            write!(f, "{}Mb", G(mb, 6))
        } else if self.0 >= 1 << 10 && (1024.0 * kb - sz).abs() < 16.0 {
            write!(f, "{}Kb", G(kb, 6))
        } else {
            write!(f, "{}b", self.0)
        }
    }
}

/// A time in microseconds as `tc` prints it (`sprint_time`): `1.5s`, `400ms`, `2.79ms` (C's
/// `%.3g`), or `100us`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Time(pub(crate) u32);

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = f64::from(self.0);
        if t >= 1e6 {
            write!(f, "{}s", G(t / 1e6, 3))
        } else if t >= 1e3 {
            write!(f, "{}ms", G(t / 1e3, 3))
        } else {
            write!(f, "{}us", self.0)
        }
    }
}

/// A time in nanoseconds as `tc` prints a 64-bit one (`sprint_time64`): `1s`, `300ms`,
/// `1.5us` (C's `%.3g`), or `999ns`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Time64(pub(crate) i64);

impl fmt::Display for Time64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // tc compares the double it made of the time.
        let t = self.0 as f64;
        if t >= 1e9 {
            write!(f, "{}s", G(t / 1e9, 3))
        } else if t >= 1e6 {
            write!(f, "{}ms", G(t / 1e6, 3))
        } else if t >= 1e3 {
            write!(f, "{}us", G(t / 1e3, 3))
        } else {
            write!(f, "{}ns", self.0)
        }
    }
}

/// A number as C's `%#x` writes it: `0x10`, and `0` bare (`print_0xhex`'s JSON too).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AltHex(pub(crate) u64);

impl fmt::Display for AltHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            f.write_str("0")
        } else {
            write!(f, "{:#x}", self.0)
        }
    }
}

/// The name `tc` prints for a link layer.
pub(crate) fn linklayer_name(ll: u32) -> &'static str {
    match u8::try_from(ll).map(LinkLayer) {
        Ok(LinkLayer::UNAWARE) => "unspec",
        Ok(LinkLayer::ETHERNET) => "ethernet",
        Ok(LinkLayer::ATM) => "atm",
        _ => "unknown",
    }
}

/// A double as C's `%.Pg` prints it: P significant digits, trailing zeros dropped, an
/// exponent (`1.5e+06`) when it is below -4 or at least P.
#[derive(Debug, Clone, Copy)]
pub(crate) struct G(pub(crate) f64, pub(crate) usize);

impl fmt::Display for G {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (v, p) = (self.0, self.1.max(1));
        if v == 0.0 || !v.is_finite() {
            return write!(f, "{v}");
        }
        // Rounded to P digits first: the exponent is the rounded value's.
        let e_form = format!("{:.*e}", p - 1, v);
        let (mantissa, exp) = e_form.split_once('e').unwrap_or((&e_form, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let trim = |s: &str| -> String {
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            } else {
                s.to_owned()
            }
        };
        if exp < -4 || exp >= i32::try_from(p).unwrap_or(i32::MAX) {
            let sign = if exp < 0 { '-' } else { '+' };
            write!(f, "{}e{sign}{:02}", trim(mantissa), exp.unsigned_abs())
        } else {
            let decimals = usize::try_from(i32::try_from(p).unwrap_or(0) - 1 - exp).unwrap_or(0);
            write!(f, "{}", trim(&format!("{v:.decimals$}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_strtod_reads_them() {
        assert_eq!(strtod("1.5mbit"), Some((1.5, "mbit")));
        assert_eq!(strtod("  10"), Some((10.0, "")));
        assert_eq!(strtod("0x10k"), Some((16.0, "k")));
        assert_eq!(strtod("1e3x"), Some((1000.0, "x")));
        assert_eq!(strtod("1e"), Some((1.0, "e")));
        assert_eq!(strtod(".5"), Some((0.5, "")));
        assert_eq!(strtod("5."), Some((5.0, "")));
        assert_eq!(strtod("-2"), Some((-2.0, "")));
        assert_eq!(strtod("0x1p4"), Some((16.0, "")));
        assert_eq!(strtod("0x"), Some((0.0, "x")));
        assert_eq!(strtod("."), None);
        assert_eq!(strtod("mbit"), None);
        assert_eq!(strtod("inf"), None);
    }

    #[test]
    fn units_as_tc_reads_them() {
        assert_eq!(rate64("1mbit"), Some(125_000));
        assert_eq!(rate64("1MBIT"), Some(125_000));
        assert_eq!(rate64("5gbit"), Some(625_000_000));
        assert_eq!(rate64("50Gbit"), Some(6_250_000_000));
        assert_eq!(rate64("100kbps"), Some(100_000));
        assert_eq!(rate64("1kibit"), Some(128));
        assert_eq!(rate64("1000"), Some(125));
        assert_eq!(rate64("1xbit"), None);
        assert_eq!(rate64("-1mbit"), None);
        assert_eq!(size("15k"), Some(15 * 1024));
        assert_eq!(size("64kb"), Some(64 * 1024));
        assert_eq!(size("32kbit"), Some(4096));
        assert_eq!(size("10mb"), Some(10 << 20));
        assert_eq!(size("1500"), Some(1500));
        assert_eq!(size("4g"), None);
        assert_eq!(size("15q"), None);
        assert_eq!(size_and_cell("15k/8"), Some((15 * 1024, Some(3))));
        assert_eq!(size_and_cell("15k/3"), None);
        assert_eq!(time("10ms"), Some(10_000));
        assert_eq!(time("1.5s"), Some(1_500_000));
        assert_eq!(time("10us"), Some(10));
        assert_eq!(time("400"), Some(400));
        assert_eq!(time("10qs"), None);
    }

    #[test]
    fn printed_as_tc_prints_them() {
        let r = |b| Rate(b, false).to_string();
        assert_eq!(r(125_000), "1Mbit");
        assert_eq!(r(187_500), "1500Kbit");
        assert_eq!(r(6_250_000_000), "50Gbit");
        assert_eq!(r(64_000), "512Kbit");
        assert_eq!(r(1), "8bit");
        assert_eq!(Rate(131_072, true).to_string(), "1Mibit");
        assert_eq!(Size(1600).to_string(), "1600b");
        assert_eq!(Size(4096).to_string(), "4Kb");
        assert_eq!(Size(20 * 1024).to_string(), "20Kb");
        assert_eq!(Size(30000).to_string(), "30000b");
        assert_eq!(Size(10 << 20).to_string(), "10Mb");
        assert_eq!(Size(10_481_250).to_string(), "10481250b");
        assert_eq!(Time(400_000).to_string(), "400ms");
        assert_eq!(Time(2788).to_string(), "2.79ms");
        assert_eq!(Time(3096).to_string(), "3.1ms");
        assert_eq!(Time(5_000_000).to_string(), "5s");
        assert_eq!(Time(1_234_567_890).to_string(), "1.23e+03s");
        assert_eq!(Time(80).to_string(), "80us");
        assert_eq!(G(0.0001234, 3).to_string(), "0.000123");
        assert_eq!(G(0.00001234, 3).to_string(), "1.23e-05");
        assert_eq!(G(999.6, 3).to_string(), "1e+03");
    }
}
