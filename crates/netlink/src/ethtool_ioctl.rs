//! ethtool's ioctl queries (`SIOCETHTOOL`): driver information (`ethtool -i`) and the NIC
//! statistics (`ethtool -S`), which ethtool 6.1 still asks through the ioctl rather than
//! through the ethtool netlink family ([`crate::genl::ethtool`]).
//!
//! The ioctl goes through a netlink socket of its own, opened in the current network namespace
//! or in the one named by a path, where the device is looked up. Its structs are the kernel's,
//! in native byte order.
//!
//! ```no_run
//! use netlink::ethtool_ioctl::EthtoolIoctl;
//!
//! let ioctl = EthtoolIoctl::new()?;
//! let info = ioctl.driver_info("veth0")?;
//! println!("driver: {} version: {}", info.driver, info.version); // driver: veth version: 1.0
//! for (name, value) in ioctl.statistics("veth0")? {
//!     println!("{name}: {value}"); // peer_ifindex: 2 ...
//! }
//! # Ok::<(), netlink::Error>(())
//! ```
//!
//! Source of truth: `include/uapi/linux/ethtool.h`.

use std::path::Path;

use netlink_socket::{Protocol, Socket};

use crate::error::{Error, Result};

/// `ETHTOOL_GDRVINFO`.
const ETHTOOL_GDRVINFO: u32 = 0x03;
/// `ETHTOOL_GSTRINGS`.
const ETHTOOL_GSTRINGS: u32 = 0x1b;
/// `ETHTOOL_GSTATS`.
const ETHTOOL_GSTATS: u32 = 0x1d;
/// `ETHTOOL_GSSET_INFO`.
const ETHTOOL_GSSET_INFO: u32 = 0x37;
/// `ETH_GSTRING_LEN`: the room of one string of a string set.
pub const ETH_GSTRING_LEN: usize = 32;
/// `ETH_SS_STATS`: the string set that names the NIC statistics.
pub const ETH_SS_STATS: u32 = 1;
/// `sizeof(struct ethtool_drvinfo)`.
const DRVINFO_LEN: usize = 196;
/// How many times a strings or statistics query is asked again when the driver's count
/// changed between the count and the query.
const RETRIES: usize = 3;

/// `struct ethtool_drvinfo`: what `ethtool -i` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[doc(alias = "ethtool_drvinfo")]
pub struct DriverInfo {
    /// `driver`: the driver's name.
    pub driver: String,
    /// `version`: the driver's version.
    pub version: String,
    /// `fw_version`: the firmware's version.
    pub fw_version: String,
    /// `bus_info`: where the device sits.
    pub bus_info: String,
    /// `erom_version`: the expansion ROM's version.
    pub erom_version: String,
    /// `n_priv_flags`: how many private flags the driver has.
    pub n_priv_flags: u32,
    /// `n_stats`: how many statistics `ETHTOOL_GSTATS` returns.
    pub n_stats: u32,
    /// `testinfo_len`: how many results a self-test has.
    pub testinfo_len: u32,
    /// `eedump_len`: the size of the EEPROM.
    pub eedump_len: u32,
    /// `regdump_len`: the size of the register dump.
    pub regdump_len: u32,
}

/// A fixed-size C string field: the bytes before the first NUL (all of them when there is
/// none, as `%.*s` prints them).
fn c_string(b: &[u8]) -> String {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or_default()).into_owned()
}

/// The native `u32` at `at`.
fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, u32::from_ne_bytes)
}

impl DriverInfo {
    /// Reads `struct ethtool_drvinfo`.
    fn from_bytes(b: &[u8]) -> DriverInfo {
        let field = |i: usize| c_string(b.get(4 + 32 * i..4 + 32 * (i + 1)).unwrap_or_default());
        // After cmd and five 32-byte strings come 12 reserved bytes, then the counts.
        let counts = 4 + 32 * 5 + 12;
        DriverInfo {
            driver: field(0),
            version: field(1),
            fw_version: field(2),
            bus_info: field(3),
            erom_version: field(4),
            n_priv_flags: u32_at(b, counts),
            n_stats: u32_at(b, counts + 4),
            testinfo_len: u32_at(b, counts + 8),
            eedump_len: u32_at(b, counts + 12),
            regdump_len: u32_at(b, counts + 16),
        }
    }
}

/// The ethtool ioctl on a socket of its own, in one network namespace.
#[derive(Debug)]
pub struct EthtoolIoctl {
    socket: Socket,
}

impl EthtoolIoctl {
    /// In the current network namespace.
    ///
    /// # Errors
    /// When the socket cannot be opened.
    pub fn new() -> Result<EthtoolIoctl> {
        Ok(EthtoolIoctl {
            socket: Socket::open(Protocol::GENERIC)?,
        })
    }

    /// In the network namespace named by `path` (`/run/netns/NAME`), or the current one
    /// with `None`.
    ///
    /// # Errors
    /// When the namespace or the socket cannot be opened.
    pub fn in_netns(path: Option<&Path>) -> Result<EthtoolIoctl> {
        Ok(EthtoolIoctl {
            socket: match path {
                Some(p) => Socket::open_in_netns_path(Protocol::GENERIC, p)?,
                None => Socket::open(Protocol::GENERIC)?,
            },
        })
    }

    /// Runs command `cmd` on `dev` with `buf`, whose first four bytes it sets to `cmd`.
    fn call(&self, dev: &str, cmd: u32, buf: &mut [u8]) -> Result<()> {
        if let Some(head) = buf.get_mut(..4) {
            head.copy_from_slice(&cmd.to_ne_bytes());
        }
        Ok(self.socket.ethtool_ioctl(dev, buf)?)
    }

    /// `ETHTOOL_GDRVINFO` (`ethtool -i DEV`).
    ///
    /// # Errors
    /// `ENODEV` for a device that does not exist; `EOPNOTSUPP` when the driver has no answer
    /// (loopback).
    #[doc(alias = "ETHTOOL_GDRVINFO")]
    pub fn driver_info(&self, dev: &str) -> Result<DriverInfo> {
        let mut buf = [0u8; DRVINFO_LEN];
        self.call(dev, ETHTOOL_GDRVINFO, &mut buf)?;
        Ok(DriverInfo::from_bytes(&buf))
    }

    /// `ETHTOOL_GSSET_INFO` for one string set: how many strings it has, or `None` when the
    /// driver has no such set.
    ///
    /// # Errors
    /// The kernel's errno (`ENODEV`).
    #[doc(alias = "ETHTOOL_GSSET_INFO")]
    pub fn string_set_len(&self, dev: &str, set: u32) -> Result<Option<u32>> {
        let mask = 1u64.checked_shl(set).ok_or_else(|| {
            Error::InvalidArgument(format!("string set {set} is beyond the 64-bit mask"))
        })?;
        // cmd, reserved, sset_mask, then one u32 per set asked for.
        let mut buf = [0u8; 20];
        buf[8..16].copy_from_slice(&mask.to_ne_bytes());
        self.call(dev, ETHTOOL_GSSET_INFO, &mut buf)?;
        let answered = u64::from_ne_bytes(buf[8..16].try_into().unwrap_or_default());
        Ok((answered & mask != 0).then(|| u32_at(&buf, 16)))
    }

    /// `ETHTOOL_GSTRINGS`: the strings of set `set`, `len` of them as
    /// [`EthtoolIoctl::string_set_len`] said.
    fn strings_of_len(&self, dev: &str, set: u32, len: u32) -> Result<Vec<String>> {
        let n = usize::try_from(len).unwrap_or(usize::MAX);
        let mut buf = vec![0u8; 12 + n.saturating_mul(ETH_GSTRING_LEN)];
        buf[4..8].copy_from_slice(&set.to_ne_bytes());
        buf[8..12].copy_from_slice(&len.to_ne_bytes());
        self.call(dev, ETHTOOL_GSTRINGS, &mut buf)?;
        let got = usize::try_from(u32_at(&buf, 8))
            .unwrap_or(usize::MAX)
            .min(n);
        Ok(buf[12..]
            .chunks_exact(ETH_GSTRING_LEN)
            .take(got)
            .map(c_string)
            .collect())
    }

    /// The strings of set `set` (`ETHTOOL_GSSET_INFO`, then `ETHTOOL_GSTRINGS`); empty when
    /// the driver has none.
    ///
    /// # Errors
    /// The kernel's errno; `EFAULT` when the set kept growing between the two calls.
    #[doc(alias = "ETHTOOL_GSTRINGS")]
    pub fn strings(&self, dev: &str, set: u32) -> Result<Vec<String>> {
        let len = self.string_set_len(dev, set)?.unwrap_or(0);
        if len == 0 {
            return Ok(Vec::new());
        }
        self.strings_of_len(dev, set, len)
    }

    /// The NIC statistics with their names (`ethtool -S DEV`): the names of `ETH_SS_STATS`,
    /// then `ETHTOOL_GSTATS`; empty when the driver has none. When the count changes between
    /// the calls (the driver's queues changed), the kernel's longer answer cannot reach past
    /// the buffer (it fails with `EFAULT`) and the query starts again, a few times.
    ///
    /// # Errors
    /// The kernel's errno (`ENODEV`).
    #[doc(alias = "ETHTOOL_GSTATS")]
    pub fn statistics(&self, dev: &str) -> Result<Vec<(String, u64)>> {
        let mut last = None;
        for _ in 0..RETRIES {
            let names = self.strings(dev, ETH_SS_STATS)?;
            if names.is_empty() {
                return Ok(Vec::new());
            }
            let mut buf = vec![0u8; 8 + names.len() * 8];
            let n = u32::try_from(names.len()).unwrap_or(u32::MAX);
            buf[4..8].copy_from_slice(&n.to_ne_bytes());
            match self.call(dev, ETHTOOL_GSTATS, &mut buf) {
                Ok(()) if u32_at(&buf, 4) == n => {
                    let values = buf[8..]
                        .chunks_exact(8)
                        .map(|c| u64::from_ne_bytes(<[u8; 8]>::try_from(c).unwrap_or_default()));
                    return Ok(names.into_iter().zip(values).collect());
                }
                Ok(()) => {}
                Err(e) if e.errno() == Some(crate::Errno::FAULT) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or(Error::MalformedReply(
            "the statistics' count kept changing between ETHTOOL_GSTRINGS and ETHTOOL_GSTATS",
        )))
    }
}
