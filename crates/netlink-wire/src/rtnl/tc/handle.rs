//! Traffic-control handles: the 32-bit `major:minor` identifiers of qdiscs, classes and the
//! parents they hang from (`tcm_handle`, `tcm_parent`, class ids in options), with the text
//! forms `tc` reads and prints.
//!
//! Source of truth: `include/uapi/linux/pkt_sched.h` (`TC_H_*`).

use core::fmt;
use core::str::FromStr;

use crate::attr::{Attr, AttrWrite};
use crate::error::{Error, Result};
use crate::typed::{Check, Value};

/// A traffic-control handle: a 16-bit major number (the qdisc) and a 16-bit minor number (the
/// class within it), `TC_H_MAKE(major << 16, minor)`.
///
/// It prints and parses the way `tc` does, in hexadecimal: `1:` (a qdisc, minor 0), `1:2` (a
/// class), `:2` (major 0), `root` ([`TcHandle::ROOT`]) and `none` ([`TcHandle::UNSPEC`]);
/// parsing also takes `ingress` and `clsact` (both [`TcHandle::INGRESS`], the parent `tc`
/// gives those qdiscs) and a bare hexadecimal number as the whole 32 bits (`10` is `0x10`, as
/// in `tc ... htb default 10`).
///
/// ```
/// use netlink_wire::rtnl::tc::TcHandle;
///
/// let h: TcHandle = "1:2a".parse()?;
/// assert_eq!((h.major(), h.minor()), (1, 0x2a));
/// assert_eq!(h.to_string(), "1:2a");
/// assert_eq!(TcHandle::new(0xffff, 0).to_string(), "ffff:");
/// assert_eq!("root".parse::<TcHandle>()?, TcHandle::ROOT);
/// # Ok::<(), netlink_wire::Error>(())
/// ```
#[doc(alias = "TC_H_MAKE")]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TcHandle(pub u32);

impl TcHandle {
    /// `TC_H_UNSPEC`: no handle; `tc` prints it `none`, and the kernel picks one when a qdisc
    /// is added with it.
    #[doc(alias = "TC_H_UNSPEC")]
    pub const UNSPEC: TcHandle = TcHandle(0);
    /// `TC_H_ROOT`: the parent of a device's root qdisc.
    #[doc(alias = "TC_H_ROOT")]
    pub const ROOT: TcHandle = TcHandle(0xffff_ffff);
    /// `TC_H_INGRESS`: the parent of the `ingress` qdisc.
    #[doc(alias = "TC_H_INGRESS")]
    pub const INGRESS: TcHandle = TcHandle(0xffff_fff1);
    /// `TC_H_CLSACT`: the parent of the `clsact` qdisc (the same number as `TC_H_INGRESS`).
    #[doc(alias = "TC_H_CLSACT")]
    pub const CLSACT: TcHandle = TcHandle::INGRESS;
    /// `TC_H_MIN_PRIORITY`: the first minor number of the priority pseudo-classes.
    #[doc(alias = "TC_H_MIN_PRIORITY")]
    pub const MIN_PRIORITY: u16 = 0xffe0;
    /// `TC_H_MIN_INGRESS`: the minor number of the ingress hook of `clsact`/`ingress`.
    #[doc(alias = "TC_H_MIN_INGRESS")]
    pub const MIN_INGRESS: u16 = 0xfff2;
    /// `TC_H_MIN_EGRESS`: the minor number of the egress hook of `clsact`.
    #[doc(alias = "TC_H_MIN_EGRESS")]
    pub const MIN_EGRESS: u16 = 0xfff3;
    /// The parent of filters on the ingress hook (`ffff:fff2`, what `tc filter ... ingress`
    /// sends).
    pub const CLSACT_INGRESS: TcHandle = TcHandle::new(0xffff, TcHandle::MIN_INGRESS);
    /// The parent of filters on the egress hook of `clsact` (`ffff:fff3`).
    pub const CLSACT_EGRESS: TcHandle = TcHandle::new(0xffff, TcHandle::MIN_EGRESS);

    /// The handle `major:minor` (`TC_H_MAKE(major << 16, minor)`).
    #[must_use]
    #[inline]
    pub const fn new(major: u16, minor: u16) -> Self {
        let (a, b) = (major.to_be_bytes(), minor.to_be_bytes());
        TcHandle(u32::from_be_bytes([a[0], a[1], b[0], b[1]]))
    }

    /// `TC_H_MAJ(h) >> 16`: the qdisc's number.
    #[doc(alias = "TC_H_MAJ")]
    #[must_use]
    #[inline]
    pub const fn major(self) -> u16 {
        let b = self.0.to_be_bytes();
        u16::from_be_bytes([b[0], b[1]])
    }

    /// `TC_H_MIN(h)`: the class's number within its qdisc.
    #[doc(alias = "TC_H_MIN")]
    #[must_use]
    #[inline]
    pub const fn minor(self) -> u16 {
        let b = self.0.to_be_bytes();
        u16::from_be_bytes([b[2], b[3]])
    }

    /// The raw 32 bits.
    #[must_use]
    #[inline]
    pub const fn bits(self) -> u32 {
        self.0
    }
}

impl From<u32> for TcHandle {
    fn from(v: u32) -> TcHandle {
        TcHandle(v)
    }
}

impl From<TcHandle> for u32 {
    fn from(h: TcHandle) -> u32 {
        h.0
    }
}

impl fmt::Display for TcHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (*self, self.major(), self.minor()) {
            (TcHandle::ROOT, _, _) => f.write_str("root"),
            (TcHandle::UNSPEC, _, _) => f.write_str("none"),
            (_, 0, min) => write!(f, ":{min:x}"),
            (_, maj, 0) => write!(f, "{maj:x}:"),
            (_, maj, min) => write!(f, "{maj:x}:{min:x}"),
        }
    }
}

impl fmt::Debug for TcHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TcHandle({self})")
    }
}

const BAD: Error = Error::Parse { what: "tc handle" };

/// A hexadecimal number without sign or prefix.
fn hex(s: &str) -> Result<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(BAD);
    }
    u32::from_str_radix(s, 16).map_err(|_| BAD)
}

/// One half of `major:minor`: 16 bits, empty for 0.
fn half(s: &str) -> Result<u16> {
    if s.is_empty() {
        return Ok(0);
    }
    u16::try_from(hex(s)?).map_err(|_| BAD)
}

impl FromStr for TcHandle {
    type Err = Error;

    /// Parses the forms listed on [`TcHandle`].
    ///
    /// # Errors
    /// [`Error::Parse`] for anything else, or a half beyond 16 bits.
    fn from_str(s: &str) -> Result<TcHandle> {
        match s {
            "root" => Ok(TcHandle::ROOT),
            "none" => Ok(TcHandle::UNSPEC),
            "ingress" => Ok(TcHandle::INGRESS),
            "clsact" => Ok(TcHandle::CLSACT),
            _ => match s.split_once(':') {
                Some((maj, min)) => Ok(TcHandle::new(half(maj)?, half(min)?)),
                None => hex(s).map(TcHandle),
            },
        }
    }
}

impl Value<'_> for TcHandle {
    #[inline]
    fn decode(attr: Attr<'_>) -> Result<Self> {
        attr.as_u32().map(TcHandle)
    }

    #[inline]
    fn encode<W: AttrWrite>(&self, kind: u16, w: &mut W) {
        w.put_u32(kind, self.0);
    }
}

impl Check for TcHandle {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_and_parses_as_tc_does() {
        for (text, h) in [
            ("1:", TcHandle::new(1, 0)),
            ("1:2", TcHandle::new(1, 2)),
            ("ffff:", TcHandle::new(0xffff, 0)),
            ("ffff:fff1", TcHandle::INGRESS),
            ("ffff:fff2", TcHandle::CLSACT_INGRESS),
            (":a", TcHandle::new(0, 10)),
            ("root", TcHandle::ROOT),
            ("none", TcHandle::UNSPEC),
        ] {
            assert_eq!(h.to_string(), text);
            assert_eq!(text.parse::<TcHandle>().unwrap(), h, "{text}");
        }
        assert_eq!("ingress".parse::<TcHandle>().unwrap(), TcHandle::INGRESS);
        assert_eq!("clsact".parse::<TcHandle>().unwrap(), TcHandle(0xffff_fff1));
        assert_eq!("10".parse::<TcHandle>().unwrap(), TcHandle(0x10));
        assert_eq!("1:10".parse::<TcHandle>().unwrap(), TcHandle(0x0001_0010));
        assert_eq!(
            "ABCD:EF".parse::<TcHandle>().unwrap(),
            TcHandle(0xabcd_00ef)
        );
        for bad in [
            "",
            ":",
            "x",
            "1:2:3",
            "10000:",
            "1:10000",
            "-1:",
            "1: 2",
            "123456789",
        ] {
            assert!(
                bad.parse::<TcHandle>().is_err() || bad == ":",
                "{bad} should not parse"
            );
        }
        // `:` alone is major 0, minor 0, as tc reads it.
        assert_eq!(":".parse::<TcHandle>().unwrap(), TcHandle::UNSPEC);
        assert_eq!(format!("{:?}", TcHandle::new(1, 0)), "TcHandle(1:)");
        assert_eq!(TcHandle(0x0003_0004).major(), 3);
        assert_eq!(TcHandle(0x0003_0004).minor(), 4);
    }
}
