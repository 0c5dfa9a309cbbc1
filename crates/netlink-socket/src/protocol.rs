//! Netlink protocol (family) numbers, the third argument of `socket(2)`.
//!
//! The values come from `include/uapi/linux/netlink.h`.

use std::fmt;

/// A netlink protocol number (`NETLINK_ROUTE`, `NETLINK_GENERIC`, ...).
///
/// An open newtype: any number the kernel knows can be used, including ones
/// that have no constant here.
///
/// # References
///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
#[doc(alias = "Family")]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Protocol(u32);

macro_rules! protocols {
    ($($(#[$meta:meta])* $name:ident = $value:literal, $kernel:literal;)*) => {
        impl Protocol {
            $(
                $(#[$meta])*
                #[doc = concat!("`", $kernel, "` (", stringify!($value), ").")]
                #[doc(alias = $kernel)]
                pub const $name: Protocol = Protocol($value);
            )*

            /// The kernel name of this protocol, when it is one of the
            /// constants above.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($kernel),)*
                    _ => None,
                }
            }
        }
    };
}

protocols! {
    /// Routing and link configuration: links, addresses, routes, neighbours,
    /// rules, qdiscs.
    ROUTE = 0, "NETLINK_ROUTE";
    /// Reserved for user-mode socket protocols.
    USERSOCK = 2, "NETLINK_USERSOCK";
    /// Socket monitoring (`ss`); also known as `NETLINK_INET_DIAG`.
    SOCK_DIAG = 4, "NETLINK_SOCK_DIAG";
    /// Netfilter ULOG (obsolete).
    NFLOG = 5, "NETLINK_NFLOG";
    /// IPsec security associations and policies.
    XFRM = 6, "NETLINK_XFRM";
    /// SELinux event notifications.
    SELINUX = 7, "NETLINK_SELINUX";
    /// Open-iSCSI.
    ISCSI = 8, "NETLINK_ISCSI";
    /// The audit subsystem.
    AUDIT = 9, "NETLINK_AUDIT";
    /// FIB lookups from user space.
    FIB_LOOKUP = 10, "NETLINK_FIB_LOOKUP";
    /// The kernel connector (process events and others).
    CONNECTOR = 11, "NETLINK_CONNECTOR";
    /// Netfilter: nftables, conntrack, queues, logging.
    NETFILTER = 12, "NETLINK_NETFILTER";
    /// Kernel object events (uevents, as read by udev).
    KOBJECT_UEVENT = 15, "NETLINK_KOBJECT_UEVENT";
    /// Generic netlink: families resolved by name at run time.
    GENERIC = 16, "NETLINK_GENERIC";
    /// SCSI transports.
    SCSITRANSPORT = 18, "NETLINK_SCSITRANSPORT";
    /// eCryptfs.
    ECRYPTFS = 19, "NETLINK_ECRYPTFS";
    /// RDMA.
    RDMA = 20, "NETLINK_RDMA";
    /// The crypto layer's algorithm configuration.
    CRYPTO = 21, "NETLINK_CRYPTO";
    /// SMC monitoring.
    SMC = 22, "NETLINK_SMC";
}

impl Protocol {
    /// A protocol from its raw number.
    pub const fn new(raw: u32) -> Self {
        Protocol(raw)
    }

    /// The raw protocol number.
    pub const fn raw(self) -> u32 {
        self.0
    }
}

impl From<u32> for Protocol {
    fn from(raw: u32) -> Self {
        Protocol(raw)
    }
}

impl From<Protocol> for u32 {
    fn from(protocol: Protocol) -> Self {
        protocol.0
    }
}

/// Prints the kernel name (`NETLINK_ROUTE`) or, for unknown numbers,
/// `Protocol(N)`.
impl fmt::Debug for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "Protocol({})", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_prints_kernel_names_and_numbers() {
        assert_eq!(format!("{:?}", Protocol::ROUTE), "NETLINK_ROUTE");
        assert_eq!(format!("{:?}", Protocol::GENERIC), "NETLINK_GENERIC");
        assert_eq!(format!("{:?}", Protocol::new(31)), "Protocol(31)");
        assert_eq!(Protocol::NETFILTER.raw(), 12);
        assert_eq!(Protocol::from(16), Protocol::GENERIC);
    }
}
