//! Numbers as C's `printf("%g")` writes them, which `ip` uses for times in seconds.

use std::fmt;

/// A number printed as `%g`: six significant digits, trailing zeros dropped, an exponent
/// (`1.5e+07`) when the exponent is below -4 or at least 6.
#[derive(Debug, Clone, Copy)]
pub(crate) struct G(pub(crate) f64);

impl fmt::Display for G {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v == 0.0 || !v.is_finite() {
            return write!(f, "{v}");
        }
        // The exponent after rounding to six significant digits, as %e would print it.
        let e = format!("{v:.5e}");
        let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        if (-4..6).contains(&exp) {
            let decimals = usize::try_from(5 - exp).unwrap_or(0);
            f.write_str(trim(&format!("{v:.decimals$}")))
        } else {
            let sign = if exp < 0 { '-' } else { '+' };
            write!(f, "{}e{sign}{:02}", trim(mantissa), exp.unsigned_abs())
        }
    }
}

/// Drops the trailing zeros of a decimal fraction, and its point when nothing follows.
fn trim(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::G;

    #[test]
    fn as_printf_prints_it() {
        for (v, s) in [
            (0.0, "0"),
            (0.05, "0.05"),
            (0.07, "0.07"),
            (2292.78, "2292.78"),
            (2286.0, "2286"),
            (2292.8, "2292.8"),
            (123_456.0, "123456"),
            (1_234_567.0, "1.23457e+06"),
            (0.000_012_5, "1.25e-05"),
            (999_999.5, "1e+06"),
            (1.0, "1"),
        ] {
            assert_eq!(G(v).to_string(), s, "{v}");
        }
    }
}
