//! The TCP metrics cache over netlink (`ip tcp_metrics`): entries as owned types that print
//! the way `ip tcp_metrics show` prints them, lookups, deletion and flushing.
//!
//! ```no_run
//! use netlink::genl::GenlConnection;
//!
//! let genl = GenlConnection::new()?;
//! for m in genl.tcp_metrics()? {
//!     println!("{m}"); // 192.0.2.1 age 0.540sec cwnd 12 rtt 31us rttvar 27us source 192.0.2.1
//! }
//! genl.flush_tcp_metrics()?;
//! # Ok::<(), netlink::Error>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use netlink_wire::genl::GenlMsg;
use netlink_wire::genl::tcp_metrics::{
    self as wire, TcpMetricAttr, TcpMetricsA, TcpMetricsCmd, TcpMetricsView,
};
use netlink_wire::{AttrBuilder, AttrWrite};

use crate::error::{Error, Result};
use crate::genl::{GenlConnection, GenlObject, attrs};

/// One entry of the TCP metrics cache: what TCP remembers about a destination.
///
/// The RTT values are as the kernel keeps them (scaled by 8 and 4, like `srtt` and
/// `rttvar`); [`TcpMetrics::rtt_us`] and [`TcpMetrics::rttvar_us`] give microseconds as
/// `ip tcp_metrics` prints them. `Display` prints the entry as `ip tcp_metrics show` does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TcpMetrics {
    /// The destination.
    pub addr: IpAddr,
    /// The source.
    pub saddr: Option<IpAddr>,
    /// Milliseconds since the entry was updated.
    pub age_ms: Option<u64>,
    /// The last TIME-WAIT timestamp value received.
    pub tw_tsval: Option<u32>,
    /// Seconds since that timestamp.
    pub tw_ts_stamp: Option<i32>,
    /// `TCP_METRIC_RTT`: smoothed RTT, milliseconds scaled by 8.
    pub rtt: Option<u32>,
    /// `TCP_METRIC_RTTVAR`: RTT variance, milliseconds scaled by 4.
    pub rttvar: Option<u32>,
    /// `TCP_METRIC_SSTHRESH`.
    pub ssthresh: Option<u32>,
    /// `TCP_METRIC_CWND`.
    pub cwnd: Option<u32>,
    /// `TCP_METRIC_REORDERING`.
    pub reordering: Option<u32>,
    /// `TCP_METRIC_RTT_US`: smoothed RTT, microseconds scaled by 8.
    pub rtt_us_scaled: Option<u32>,
    /// `TCP_METRIC_RTTVAR_US`: RTT variance, microseconds scaled by 4.
    pub rttvar_us_scaled: Option<u32>,
    /// The Fast Open MSS.
    pub fopen_mss: Option<u16>,
    /// Fast Open SYNs dropped.
    pub fopen_syn_drops: Option<u16>,
    /// Milliseconds since the last one.
    pub fopen_syn_drop_ts: Option<u64>,
    /// The Fast Open cookie.
    pub fopen_cookie: Option<Vec<u8>>,
}

impl TcpMetrics {
    /// The smoothed RTT in microseconds.
    #[must_use]
    pub fn rtt_us(&self) -> Option<u64> {
        match (self.rtt_us_scaled, self.rtt) {
            (Some(us), _) => Some(u64::from(us) >> 3),
            (None, Some(ms)) => Some(u64::from(ms).saturating_mul(1000) >> 3),
            (None, None) => None,
        }
    }

    /// The RTT variance in microseconds.
    #[must_use]
    pub fn rttvar_us(&self) -> Option<u64> {
        match (self.rttvar_us_scaled, self.rttvar) {
            (Some(us), _) => Some(u64::from(us) >> 2),
            (None, Some(ms)) => Some(u64::from(ms).saturating_mul(1000) >> 2),
            (None, None) => None,
        }
    }
}

impl GenlObject for TcpMetrics {
    const FAMILY: &'static netlink_wire::genl::GenlFamily = &wire::FAMILY;
    const GET: u8 = TcpMetricsCmd::GET.0;

    fn from_genl(msg: &GenlMsg<'_>) -> Result<Self> {
        let v = TcpMetricsView::new(msg.attrs());
        v.validate()?;
        let mut m = TcpMetrics {
            addr: v.addr()?.ok_or(Error::MalformedReply(
                "a TCP metrics entry without an address",
            ))?,
            saddr: v.saddr()?,
            age_ms: v.age()?,
            tw_tsval: v.tw_tsval()?,
            tw_ts_stamp: v.tw_ts_stamp()?,
            rtt: None,
            rttvar: None,
            ssthresh: None,
            cwnd: None,
            reordering: None,
            rtt_us_scaled: None,
            rttvar_us_scaled: None,
            fopen_mss: v.fopen_mss()?,
            fopen_syn_drops: v.fopen_syn_drops()?,
            fopen_syn_drop_ts: v.fopen_syn_drop_ts()?,
            fopen_cookie: v.fopen_cookie()?.map(<[u8]>::to_vec),
        };
        if let Some(vals) = v.vals()? {
            for a in vals.typed() {
                match a? {
                    TcpMetricAttr::Rtt(x) => m.rtt = Some(x),
                    TcpMetricAttr::RttVar(x) => m.rttvar = Some(x),
                    TcpMetricAttr::Ssthresh(x) => m.ssthresh = Some(x),
                    TcpMetricAttr::Cwnd(x) => m.cwnd = Some(x),
                    TcpMetricAttr::Reordering(x) => m.reordering = Some(x),
                    TcpMetricAttr::RttUs(x) => m.rtt_us_scaled = Some(x),
                    TcpMetricAttr::RttVarUs(x) => m.rttvar_us_scaled = Some(x),
                    _ => {}
                }
            }
        }
        Ok(m)
    }
}

impl fmt::Display for TcpMetrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.addr)?;
        if let Some(ms) = self.age_ms {
            write!(f, " age {}.{:03}sec", ms / 1000, ms % 1000)?;
        }
        if let Some(stamp) = self.tw_ts_stamp {
            write!(f, " tw_ts {} ts_age {stamp}sec", self.tw_tsval.unwrap_or(0))?;
        }
        for (name, v) in [
            ("ssthresh", self.ssthresh),
            ("cwnd", self.cwnd),
            ("reordering", self.reordering),
        ] {
            if let Some(v) = v {
                write!(f, " {name} {v}")?;
            }
        }
        if let Some(r) = self.rtt_us().filter(|r| *r != 0) {
            write!(f, " rtt {r}us")?;
        }
        if let Some(r) = self.rttvar_us().filter(|r| *r != 0) {
            write!(f, " rttvar {r}us")?;
        }
        if let Some(mss) = self.fopen_mss {
            write!(f, " fo_mss {mss}")?;
        }
        if let Some(drops) = self.fopen_syn_drops {
            let us = self.fopen_syn_drop_ts.unwrap_or(0);
            write!(
                f,
                " fo_syn_drops {drops}/{}.{:03}usec ago",
                us / 1_000_000,
                (us / 1000) % 1000
            )?;
        }
        if let Some(c) = &self.fopen_cookie {
            f.write_str(" fo_cookie ")?;
            for b in c.iter().take(16) {
                write!(f, "{b:02x}")?;
            }
        }
        if let Some(s) = self.saddr {
            write!(f, " source {s}")?;
        }
        Ok(())
    }
}

/// Writes the key of an entry: destination, and source when given.
fn key(w: &mut AttrBuilder<'_>, addr: IpAddr, saddr: Option<IpAddr>) {
    match addr {
        IpAddr::V4(a) => w.put_ipv4(TcpMetricsA::ADDR_IPV4, a),
        IpAddr::V6(a) => w.put_ipv6(TcpMetricsA::ADDR_IPV6, a),
    };
    match saddr {
        Some(IpAddr::V4(a)) => {
            w.put_ipv4(TcpMetricsA::SADDR_IPV4, a);
        }
        Some(IpAddr::V6(a)) => {
            w.put_ipv6(TcpMetricsA::SADDR_IPV6, a);
        }
        None => {}
    }
}

impl GenlConnection {
    /// Every entry of the cache (`ip tcp_metrics show`).
    ///
    /// # Errors
    /// A dump or decode error.
    pub fn tcp_metrics(&self) -> Result<Vec<TcpMetrics>> {
        self.list_objects::<TcpMetrics>(&[])
    }

    /// The entry for destination `addr` (and source `saddr`), or `None`
    /// (`ip tcp_metrics show ADDR`).
    ///
    /// # Errors
    /// Any kernel error but "not found"; a malformed reply.
    pub fn tcp_metrics_get(
        &self,
        addr: IpAddr,
        saddr: Option<IpAddr>,
    ) -> Result<Option<TcpMetrics>> {
        self.get_object::<TcpMetrics>(&attrs(|w| key(w, addr, saddr))?)
    }

    /// Deletes the entries for destination `addr` (of source `saddr` only, when given)
    /// (`ip tcp_metrics delete ADDR`).
    ///
    /// # Errors
    /// The kernel's error (`ESRCH` when there is none).
    pub fn delete_tcp_metrics(&self, addr: IpAddr, saddr: Option<IpAddr>) -> Result<()> {
        let body = attrs(|w| key(w, addr, saddr))?;
        self.execute(&wire::FAMILY, TcpMetricsCmd::DEL.0, &body)
            .map(drop)
    }

    /// Deletes every entry (`ip tcp_metrics flush all`): a delete without an address.
    ///
    /// # Errors
    /// The kernel's error.
    pub fn flush_tcp_metrics(&self) -> Result<()> {
        self.execute(&wire::FAMILY, TcpMetricsCmd::DEL.0, &[])
            .map(drop)
    }
}
