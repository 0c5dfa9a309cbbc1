//! Persistent tun and tap devices (`ip tuntap add|del`): made and removed
//! through `/dev/net/tun` and its ioctls, not netlink. The device appears in
//! the network namespace the descriptor was opened in, so the work runs on a
//! short-lived thread inside the namespace asked for.
//!
//! # References
//!  - [Universal TUN/TAP device driver](https://docs.kernel.org/networking/tuntap.html)
//!  - `include/uapi/linux/if_tun.h`

use std::os::fd::{AsFd, OwnedFd};

use rustix::fs::{Mode, OFlags};

use crate::error::{Error, Result};
use crate::netns::{NetNs, in_netns};
use crate::sys;

/// `IFF_TUN`: an IP-level device.
pub const IFF_TUN: u16 = 0x0001;
/// `IFF_TAP`: an Ethernet-level device.
pub const IFF_TAP: u16 = 0x0002;
/// `IFF_NO_PI`: no packet information header in front of each packet.
pub const IFF_NO_PI: u16 = 0x1000;
/// `IFF_ONE_QUEUE`: kept for old programs; the kernel ignores it.
pub const IFF_ONE_QUEUE: u16 = 0x2000;
/// `IFF_VNET_HDR`: a `virtio_net_hdr` in front of each packet.
pub const IFF_VNET_HDR: u16 = 0x4000;
/// `IFF_MULTI_QUEUE`: one queue per attached descriptor.
pub const IFF_MULTI_QUEUE: u16 = 0x0100;
/// `IFF_TUN_EXCL`: `TUNSETIFF` fails with `EBUSY` instead of attaching to an existing
/// device of that name.
pub const IFF_TUN_EXCL: u16 = 0x8000;

/// A persistent tun or tap device to make, as `ip tuntap add` makes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TunDevice {
    /// The name; empty lets the kernel choose (`tun0`, `tap0`, ...).
    pub name: String,
    /// `IFF_TUN`, `IFF_TAP` and the other `IFF_*` flags of `TUNSETIFF`.
    pub flags: u16,
    /// `TUNSETOWNER`: the user allowed to attach.
    pub owner: Option<u32>,
    /// `TUNSETGROUP`: the group allowed to attach.
    pub group: Option<u32>,
}

impl TunDevice {
    /// A device named `name` with `flags`.
    #[must_use]
    pub fn new(name: &str, flags: u16) -> Self {
        TunDevice {
            name: name.to_owned(),
            flags,
            owner: None,
            group: None,
        }
    }
}

/// Opens `/dev/net/tun` in the calling thread's namespace.
fn open_tun() -> Result<OwnedFd> {
    loop {
        match rustix::fs::open(
            "/dev/net/tun",
            OFlags::RDWR | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => return Ok(fd),
            Err(rustix::io::Errno::INTR) => continue,
            Err(errno) => return Err(Error::sys("open(/dev/net/tun)", errno)),
        }
    }
}

/// Runs `f` in `netns` (on a helper thread), or on the calling thread.
fn within<T: Send>(netns: Option<&NetNs>, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    match netns {
        Some(ns) => in_netns(ns.as_fd(), f),
        None => f(),
    }
}

/// Makes `dev` and keeps it (`TUNSETIFF` with `IFF_TUN_EXCL` added, so that
/// an existing device is an error and not attached to, then `TUNSETOWNER`,
/// `TUNSETGROUP`, `TUNSETPERSIST` 1, as `ip tuntap add` sends them), in
/// `netns` or the calling thread's namespace; returns its name.
///
/// # Errors
/// [`Error::Sys`] naming the call that failed: `EBUSY` from `TUNSETIFF` for a
/// name in use by another device, `EPERM` without `CAP_NET_ADMIN`.
pub fn add_tun(netns: Option<&NetNs>, dev: &TunDevice) -> Result<String> {
    within(netns, || {
        let fd = open_tun()?;
        let name = sys::tun_set_iff(fd.as_fd(), dev.name.as_bytes(), dev.flags | IFF_TUN_EXCL)
            .map_err(|e| Error::sys("ioctl(TUNSETIFF)", e))?;
        if let Some(uid) = dev.owner {
            sys::tun_set_value(fd.as_fd(), sys::TUNSETOWNER, uid.into())
                .map_err(|e| Error::sys("ioctl(TUNSETOWNER)", e))?;
        }
        if let Some(gid) = dev.group {
            sys::tun_set_value(fd.as_fd(), sys::TUNSETGROUP, gid.into())
                .map_err(|e| Error::sys("ioctl(TUNSETGROUP)", e))?;
        }
        sys::tun_set_value(fd.as_fd(), sys::TUNSETPERSIST, 1)
            .map_err(|e| Error::sys("ioctl(TUNSETPERSIST)", e))?;
        Ok(String::from_utf8_lossy(&name).into_owned())
    })
}

/// Removes the persistent device `name` of kind `flags` (`IFF_TUN` or
/// `IFF_TAP`, with `IFF_MULTI_QUEUE` for a multi-queue one): attaches to it
/// and clears its persistence (`TUNSETPERSIST` 0), as `ip tuntap del` does;
/// the device goes when the descriptor closes.
///
/// # Errors
/// [`Error::Sys`] naming the call that failed: `EINVAL` from `TUNSETIFF`
/// when the device is of another kind.
pub fn delete_tun(netns: Option<&NetNs>, name: &str, flags: u16) -> Result<()> {
    within(netns, || {
        let fd = open_tun()?;
        sys::tun_set_iff(fd.as_fd(), name.as_bytes(), flags)
            .map_err(|e| Error::sys("ioctl(TUNSETIFF)", e))?;
        sys::tun_set_value(fd.as_fd(), sys::TUNSETPERSIST, 0)
            .map_err(|e| Error::sys("ioctl(TUNSETPERSIST)", e))
    })
}
