//! Network namespace handles.
//!
//! A netlink socket talks to the network namespace it was created in. These
//! handles name a namespace by an open file (`/run/netns/NAME` as made by
//! `ip netns add`, or `/proc/PID/ns/net`) so that
//! [`Socket::open_in_netns`](crate::Socket::open_in_netns) can create a
//! socket there.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::path::Path;

use rustix::fs::{Mode, OFlags};

use crate::error::{Error, Result};
use crate::{Protocol, Socket};

/// An open network namespace file.
///
/// # References
///  - [network_namespaces(7)](https://man7.org/linux/man-pages/man7/network_namespaces.7.html)
///  - [ip-netns(8)](https://man7.org/linux/man-pages/man8/ip-netns.8.html)
#[derive(Debug)]
pub struct NetNs {
    fd: OwnedFd,
}

impl NetNs {
    /// Opens a namespace file: `/run/netns/NAME`, `/proc/PID/ns/net`,
    /// `/proc/thread-self/ns/net`, or a bind mount of one.
    pub fn open(path: impl AsRef<Path>) -> Result<NetNs> {
        let path = path.as_ref();
        let fd = loop {
            match rustix::fs::open(path, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()) {
                Ok(fd) => break fd,
                Err(rustix::io::Errno::INTR) => continue,
                Err(errno) => {
                    return Err(Error::OpenNetNs {
                        path: path.to_owned(),
                        errno,
                    });
                }
            }
        };
        Ok(NetNs { fd })
    }

    /// The calling thread's network namespace
    /// (`/proc/thread-self/ns/net`).
    pub fn current() -> Result<NetNs> {
        NetNs::open("/proc/thread-self/ns/net")
    }

    /// Adopts an open namespace file descriptor.
    pub fn from_fd(fd: OwnedFd) -> NetNs {
        NetNs { fd }
    }

    /// The namespace's inode number, which identifies it (it is what
    /// `readlink /proc/self/ns/net` shows as `net:[INODE]`).
    pub fn inode(&self) -> Result<u64> {
        rustix::fs::fstat(&self.fd)
            .map(|stat| stat.st_ino)
            .map_err(|errno| Error::sys("fstat", errno))
    }

    /// Opens a netlink socket inside this namespace without moving the
    /// calling thread; see [`Socket::open_in_netns`].
    pub fn socket(&self, protocol: Protocol) -> Result<Socket> {
        Socket::open_in_netns(protocol, self)
    }
}

impl AsFd for NetNs {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for NetNs {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl From<OwnedFd> for NetNs {
    fn from(fd: OwnedFd) -> Self {
        NetNs { fd }
    }
}

impl From<NetNs> for OwnedFd {
    fn from(ns: NetNs) -> Self {
        ns.fd
    }
}
