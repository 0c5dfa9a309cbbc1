//! The TCP metrics cache (`"tcp_metrics"`): what TCP remembers per destination (RTT, window,
//! Fast Open cookie), as `ip tcp_metrics` shows, deletes and flushes it.
//!
//! Source of truth: `include/uapi/linux/tcp_metrics.h`.

use crate::error::Result;

/// `TCP_METRICS_GENL_NAME`.
pub const NAME: &str = "tcp_metrics";
/// `TCP_METRICS_GENL_VERSION`.
pub const VERSION: u8 = 1;

genl_family!(NAME, VERSION, [], TcpMetricsCmd);

attributes! {
    /// The metrics of one entry: attribute number = `TCP_METRIC_*` + 1, `u32` values.
    view TcpMetricValsView;
    /// `TCP_METRIC_*` + 1 (`TCP_METRICS_ATTR_VALS`'s attributes).
    numbers TcpMetricA;
    /// A typed metric.
    enum TcpMetricAttr<'a>;
    /// Smoothed RTT, milliseconds.
    RTT = 1, "TCP_METRIC_RTT", Rtt(u32), rtt;
    /// RTT variance, milliseconds.
    RTTVAR = 2, "TCP_METRIC_RTTVAR", RttVar(u32), rttvar;
    /// Slow-start threshold.
    SSTHRESH = 3, "TCP_METRIC_SSTHRESH", Ssthresh(u32), ssthresh;
    /// Congestion window.
    CWND = 4, "TCP_METRIC_CWND", Cwnd(u32), cwnd;
    /// Reordering.
    REORDERING = 5, "TCP_METRIC_REORDERING", Reordering(u32), reordering;
    /// Smoothed RTT, microseconds.
    RTT_US = 6, "TCP_METRIC_RTT_US", RttUs(u32), rtt_us;
    /// RTT variance, microseconds.
    RTTVAR_US = 7, "TCP_METRIC_RTTVAR_US", RttVarUs(u32), rttvar_us;
}

attributes! {
    /// One cache entry, or the key of a request.
    view TcpMetricsView;
    /// `TCP_METRICS_ATTR_*`.
    numbers TcpMetricsA;
    /// A typed TCP metrics attribute.
    enum TcpMetricsAttr<'a>;
    /// The IPv4 destination.
    ADDR_IPV4 = 1, "TCP_METRICS_ATTR_ADDR_IPV4", AddrIpv4(ip), addr_ipv4;
    /// The IPv6 destination.
    ADDR_IPV6 = 2, "TCP_METRICS_ATTR_ADDR_IPV6", AddrIpv6(ip), addr_ipv6;
    /// Milliseconds since the entry was updated.
    AGE = 3, "TCP_METRICS_ATTR_AGE", Age(u64), age;
    /// The last TIME-WAIT timestamp value received.
    TW_TSVAL = 4, "TCP_METRICS_ATTR_TW_TSVAL", TwTsVal(u32), tw_tsval;
    /// Seconds since that timestamp.
    TW_TS_STAMP = 5, "TCP_METRICS_ATTR_TW_TS_STAMP", TwTsStamp(i32), tw_ts_stamp;
    /// The metrics.
    VALS = 6, "TCP_METRICS_ATTR_VALS", Vals(nest TcpMetricA), vals;
    /// The Fast Open MSS.
    FOPEN_MSS = 7, "TCP_METRICS_ATTR_FOPEN_MSS", FopenMss(u16), fopen_mss;
    /// Fast Open SYNs dropped.
    FOPEN_SYN_DROPS = 8, "TCP_METRICS_ATTR_FOPEN_SYN_DROPS", FopenSynDrops(u16), fopen_syn_drops;
    /// Milliseconds since the last one.
    FOPEN_SYN_DROP_TS = 9, "TCP_METRICS_ATTR_FOPEN_SYN_DROP_TS", FopenSynDropTs(u64), fopen_syn_drop_ts;
    /// The Fast Open cookie.
    FOPEN_COOKIE = 10, "TCP_METRICS_ATTR_FOPEN_COOKIE", FopenCookie(bytes), fopen_cookie;
    /// The IPv4 source.
    SADDR_IPV4 = 11, "TCP_METRICS_ATTR_SADDR_IPV4", SaddrIpv4(ip), saddr_ipv4;
    /// The IPv6 source.
    SADDR_IPV6 = 12, "TCP_METRICS_ATTR_SADDR_IPV6", SaddrIpv6(ip), saddr_ipv6;
    /// Padding for 64-bit alignment.
    PAD = 13, "TCP_METRICS_ATTR_PAD", Pad(bytes);
}

impl TcpMetricsView<'_> {
    /// The destination, IPv4 or IPv6.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn addr(&self) -> Result<Option<core::net::IpAddr>> {
        Ok(match self.addr_ipv4()? {
            Some(a) => Some(a),
            None => self.addr_ipv6()?,
        })
    }

    /// The source, IPv4 or IPv6.
    ///
    /// # Errors
    /// A malformed attribute.
    pub fn saddr(&self) -> Result<Option<core::net::IpAddr>> {
        Ok(match self.saddr_ipv4()? {
            Some(a) => Some(a),
            None => self.saddr_ipv6()?,
        })
    }
}

genl_messages! {
    /// `TCP_METRICS_CMD_*`.
    commands TcpMetricsCmd;
    /// A TCP metrics message, typed by command.
    enum TcpMetricsMessage<'a>;
    /// Get one entry, or dump them (the replies are `GET`).
    GET = 1, "TCP_METRICS_CMD_GET", "get", Get(TcpMetricsView, TcpMetricsA);
    /// Delete one entry, or every entry (no address).
    DEL = 2, "TCP_METRICS_CMD_DEL", "del", Del(TcpMetricsView, TcpMetricsA);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genl::testing::{assert_exact, capture_ids, captured};
    use crate::message::Messages;

    #[test]
    fn the_captured_dump_decodes() {
        // testdata/genl_tcp_metrics.bin: the dump after a TCP connection to 192.0.2.1 inside
        // the capture's namespace.
        let bytes = captured("genl_tcp_metrics.bin");
        let mut seen = 0;
        for m in Messages::new(&bytes).map(Result::unwrap) {
            if m.message_type().is_control() {
                continue;
            }
            let TcpMetricsMessage::Get(v) = TcpMetricsMessage::parse(m).unwrap() else {
                panic!("not a GET reply");
            };
            assert_eq!(v.addr().unwrap(), Some("192.0.2.1".parse().unwrap()));
            assert_eq!(v.saddr().unwrap(), Some("192.0.2.1".parse().unwrap()));
            assert!(v.age().unwrap().is_some());
            let vals = TcpMetricValsView::from(v.vals().unwrap().unwrap());
            assert!(vals.rtt_us().unwrap().is_some());
            seen += 1;
        }
        assert_eq!(seen, 1);
        assert_exact(&bytes, &capture_ids(), 1);
    }
}
