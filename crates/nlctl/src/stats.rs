//! Interface counters as `ip -statistics` prints them (`IFLA_STATS64`): in JSON the `stats64`
//! object, in text `ip` 6.1's tables, whose columns widen to the widest number (or its
//! `-human` form) under them.

use std::fmt;
use std::io;

use netlink::ops::link::LinkStats;

use crate::sink::{Sink, Style};

/// The widths `ip` starts its columns at: the longest heading of each.
const COLUMNS: [usize; 8] = [
    "*X errors:".len(),
    "packets".len(),
    "errors".len(),
    "dropped".len(),
    "heartbt".len(),
    "overrun".len(),
    "compressed".len(),
    "otherhost".len(),
];

/// Widens `cols` to the digits of `values`, as `ip`'s `size_columns` (which leaves them with
/// `-human`).
fn size(cols: &mut [usize; 8], values: [u64; 8], style: Style) {
    if style.human {
        return;
    }
    for (c, v) in cols.iter_mut().zip(values) {
        *c = (*c).max(v.to_string().len());
    }
}

/// A counter as `ip`'s `print_num` writes it: right-aligned in `width`, with `-human` in
/// units of 1000 (1024 with `-iec`) and two significant digits at most after the point.
struct Num {
    width: usize,
    value: u64,
    style: Style,
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Num {
            width,
            value,
            style,
        } = *self;
        let base: u64 = if style.iec { 1024 } else { 1000 };
        if !style.human || value < base {
            return write!(f, "{value:>width$} ");
        }
        let prefixes = ['k', 'M', 'G', 'T', 'P', 'E'];
        let mut powi: u64 = 1;
        let mut unit = 0usize;
        loop {
            powi = powi.saturating_mul(base);
            if value / base < powi || unit + 1 >= prefixes.len() {
                break;
            }
            unit += 1;
        }
        let mut precision = 2usize;
        let mut powj: u64 = 1;
        while precision > 0 {
            powj = powj.saturating_mul(10);
            if value / powi < powj {
                break;
            }
            precision -= 1;
        }
        #[allow(clippy::cast_precision_loss)]
        let scaled = value as f64 / powi as f64;
        let text = format!(
            "{scaled:.precision$}{}{}",
            prefixes.get(unit).copied().unwrap_or('E'),
            if style.iec { "i" } else { "" }
        );
        write!(f, "{text:>width$} ")
    }
}

/// Writes `stats64`: the counters `ip` prints for `-s`, and with `-s -s` the error
/// breakdown; `carrier_changes` is `IFLA_CARRIER_CHANGES`, which `-s -s` prints with them.
pub(crate) fn stats64<S: Sink>(
    s: &mut S,
    st: &LinkStats,
    carrier_changes: Option<u32>,
    style: Style,
) -> io::Result<()> {
    let more = style.stats > 1;
    let nonzero = |v: u64| (v != 0).then_some(v);
    s.open_object("stats64")?;
    direction(
        s,
        "rx",
        &[
            ("bytes", st.rx_bytes),
            ("packets", st.rx_packets),
            ("errors", st.rx_errors),
            ("dropped", st.rx_dropped),
            ("over_errors", st.rx_over_errors),
            ("multicast", st.multicast),
        ],
        st.rx_compressed,
        more.then_some((
            &[
                ("length_errors", st.rx_length_errors),
                ("crc_errors", st.rx_crc_errors),
                ("frame_errors", st.rx_frame_errors),
                ("fifo_errors", st.rx_fifo_errors),
                ("missed_errors", st.rx_missed_errors),
            ][..],
            &[
                ("nohandler", nonzero(st.rx_nohandler)),
                ("otherhost", nonzero(st.rx_otherhost_dropped)),
            ][..],
        )),
    )?;
    direction(
        s,
        "tx",
        &[
            ("bytes", st.tx_bytes),
            ("packets", st.tx_packets),
            ("errors", st.tx_errors),
            ("dropped", st.tx_dropped),
            ("carrier_errors", st.tx_carrier_errors),
            ("collisions", st.collisions),
        ],
        st.tx_compressed,
        more.then_some((
            &[
                ("aborted_errors", st.tx_aborted_errors),
                ("fifo_errors", st.tx_fifo_errors),
                ("window_errors", st.tx_window_errors),
                ("heartbeat_errors", st.tx_heartbeat_errors),
            ][..],
            &[("carrier_changes", carrier_changes.map(u64::from))][..],
        )),
    )?;
    s.close_object()?;
    text(s, st, carrier_changes, style)
}

/// What `-s -s` adds to a direction: the error breakdown, then the counters printed only when
/// present.
type More<'a> = (&'a [(&'a str, u64)], &'a [(&'a str, Option<u64>)]);

/// One direction of `stats64` in JSON: the counters always printed, `compressed` when not zero,
/// then what `-s -s` adds.
fn direction<S: Sink>(
    s: &mut S,
    key: &str,
    always: &[(&str, u64)],
    compressed: u64,
    more: Option<More<'_>>,
) -> io::Result<()> {
    s.open_object(key)?;
    for &(k, v) in always {
        s.number(k, None, v)?;
    }
    if compressed != 0 {
        s.number("compressed", None, compressed)?;
    }
    if let Some((errors, present)) = more {
        for &(k, v) in errors {
            s.number(k, None, v)?;
        }
        for &(k, v) in present {
            if let Some(v) = v {
                s.number(k, None, v)?;
            }
        }
    }
    s.close_object()
}

/// The text tables, as `ip` 6.1's `print_stats64` lays them out.
fn text<S: Sink>(
    s: &mut S,
    st: &LinkStats,
    carrier_changes: Option<u32>,
    style: Style,
) -> io::Result<()> {
    let more = style.stats > 1;
    let cc = u64::from(carrier_changes.unwrap_or(0));
    let mut c = COLUMNS;
    size(
        &mut c,
        [
            st.rx_bytes,
            st.rx_packets,
            st.rx_errors,
            st.rx_dropped,
            st.rx_missed_errors,
            st.multicast,
            st.rx_compressed,
            0,
        ],
        style,
    );
    if more {
        size(
            &mut c,
            [
                0,
                st.rx_length_errors,
                st.rx_crc_errors,
                st.rx_frame_errors,
                st.rx_fifo_errors,
                st.rx_over_errors,
                st.rx_nohandler,
                st.rx_otherhost_dropped,
            ],
            style,
        );
    }
    size(
        &mut c,
        [
            st.tx_bytes,
            st.tx_packets,
            st.tx_errors,
            st.tx_dropped,
            st.tx_carrier_errors,
            st.collisions,
            st.tx_compressed,
            0,
        ],
        style,
    );
    if more {
        // ip 6.1 sizes these one column to the right of where it prints them.
        size(
            &mut c,
            [
                0,
                0,
                st.tx_aborted_errors,
                st.tx_fifo_errors,
                st.tx_window_errors,
                st.tx_heartbeat_errors,
                cc,
                0,
            ],
            style,
        );
    }
    let n = |i: usize, value: u64| Num {
        width: c.get(i).copied().unwrap_or_default(),
        value,
        style,
    };
    let [c0, c1, c2, c3, c4, c5, c6, c7] = c;
    let rx_comp = if st.rx_compressed != 0 {
        "compressed"
    } else {
        ""
    };
    s.text(format_args!(
        "\n    RX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {rx_comp:>c6$}",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "missed",
        "mcast",
        w0 = c0.saturating_sub(4),
    ))?;
    s.text(format_args!(
        "\n    {}{}{}{}{}{}",
        n(0, st.rx_bytes),
        n(1, st.rx_packets),
        n(2, st.rx_errors),
        n(3, st.rx_dropped),
        n(4, st.rx_missed_errors),
        n(5, st.multicast),
    ))?;
    if st.rx_compressed != 0 {
        s.text(n(6, st.rx_compressed))?;
    }
    if more {
        let (nh, nhw) = if st.rx_nohandler != 0 {
            (" nohandler", c6 + 1)
        } else {
            ("", 0)
        };
        let (oh, ohw) = if st.rx_otherhost_dropped != 0 {
            (" otherhost", c7 + 1)
        } else {
            ("", 0)
        };
        s.text(format_args!(
            "\n    RX errors:{:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$}{nh:>nhw$}{oh:>ohw$}",
            "",
            "length",
            "crc",
            "frame",
            "fifo",
            "overrun",
            w0 = c0.saturating_sub(10),
        ))?;
        s.text(format_args!(
            "\n{:w$}{}{}{}{}{}",
            "",
            n(1, st.rx_length_errors),
            n(2, st.rx_crc_errors),
            n(3, st.rx_frame_errors),
            n(4, st.rx_fifo_errors),
            n(5, st.rx_over_errors),
            w = c0 + 5,
        ))?;
        if st.rx_nohandler != 0 {
            s.text(n(6, st.rx_nohandler))?;
        }
        if st.rx_otherhost_dropped != 0 {
            s.text(n(7, st.rx_otherhost_dropped))?;
        }
    }
    let tx_comp = if st.tx_compressed != 0 {
        "compressed"
    } else {
        ""
    };
    s.text(format_args!(
        "\n    TX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {tx_comp:>c6$}",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "carrier",
        "collsns",
        w0 = c0.saturating_sub(4),
    ))?;
    s.text(format_args!(
        "\n    {}{}{}{}{}{}",
        n(0, st.tx_bytes),
        n(1, st.tx_packets),
        n(2, st.tx_errors),
        n(3, st.tx_dropped),
        n(4, st.tx_carrier_errors),
        n(5, st.collisions),
    ))?;
    if st.tx_compressed != 0 {
        s.text(n(6, st.tx_compressed))?;
    }
    if more {
        let (tr, trw) = if carrier_changes.is_some() {
            ("transns", c5)
        } else {
            ("", 0)
        };
        s.text(format_args!(
            "\n    TX errors:{:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {tr:>trw$}",
            "",
            "aborted",
            "fifo",
            "window",
            "heartbt",
            w0 = c0.saturating_sub(10),
        ))?;
        s.text(format_args!(
            "\n{:w$}{}{}{}{}",
            "",
            n(1, st.tx_aborted_errors),
            n(2, st.tx_fifo_errors),
            n(3, st.tx_window_errors),
            n(4, st.tx_heartbeat_errors),
            w = c0 + 5,
        ))?;
        if carrier_changes.is_some() {
            s.text(n(5, cc))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink;

    fn style(stats: u32, human: bool) -> Style {
        Style {
            stats,
            human,
            ..Style::default()
        }
    }

    #[test]
    fn tables_as_ip_lays_them_out() {
        let mut st = LinkStats::default();
        st.rx_bytes = 1420;
        st.rx_packets = 16;
        st.tx_bytes = 2160;
        st.tx_packets = 26;
        struct F(LinkStats, Style);
        impl sink::Fields for F {
            fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
                text(s, &self.0, Some(6), self.1)
            }
        }
        let mut out = Vec::new();
        sink::text(&mut out, &F(st, style(2, false))).unwrap();
        let expected = "
    RX:  bytes packets errors dropped  missed   mcast           
          1420      16      0       0       0       0 
    RX errors:  length    crc   frame    fifo overrun
                     0      0       0       0       0 
    TX:  bytes packets errors dropped carrier collsns           
          2160      26      0       0       0       0 
    TX errors: aborted   fifo  window heartbt transns
                     0      0       0       0       6 ";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn human_numbers() {
        let n = |value, iec| {
            Num {
                width: 0,
                value,
                style: Style {
                    human: true,
                    iec,
                    ..Style::default()
                },
            }
            .to_string()
        };
        assert_eq!(n(999, false), "999 ");
        assert_eq!(n(1420, false), "1.42k ");
        assert_eq!(n(12_345_678, false), "12.3M ");
        // ip 6.1 keeps its lower-case `k` with -iec (`ip -s -h -iec link` prints `4.77ki`).
        assert_eq!(n(2048, true), "2.00ki ");
    }
}
