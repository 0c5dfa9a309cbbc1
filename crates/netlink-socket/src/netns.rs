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

    /// The contents of `/proc/thread-self/net/NAME` as this namespace shows
    /// it (`dev_mcast`, `igmp`, `igmp6`, ...: what netlink does not tell),
    /// read on a short-lived thread that enters the namespace, so that the
    /// calling thread never moves.
    ///
    /// # Errors
    /// [`Error::Sys`] when the file cannot be opened (`ENOENT` for a name
    /// the kernel does not have) or read; the helper thread's errors.
    pub fn read_proc_net(&self, name: &str) -> Result<Vec<u8>> {
        let path = format!("/proc/thread-self/net/{name}");
        in_netns(self.as_fd(), || read_file(&path))
    }
}

/// Runs `f` on a short-lived thread that has entered network namespace `ns`
/// (`setns(CLONE_NEWNET)`), and returns what it returns.
pub(crate) fn in_netns<T: Send>(
    ns: BorrowedFd<'_>,
    f: impl FnOnce() -> Result<T> + Send,
) -> Result<T> {
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("netlink-netns".into())
            .spawn_scoped(scope, move || {
                rustix::thread::move_into_link_name_space(
                    ns,
                    Some(rustix::thread::LinkNameSpaceType::Network),
                )
                .map_err(|errno| Error::sys("setns(CLONE_NEWNET)", errno))?;
                f()
            })
            .map_err(|_| Error::NetNsThread("could not spawn the helper thread"))?;
        helper
            .join()
            .map_err(|_| Error::NetNsThread("the helper thread panicked"))?
    })
}

/// Reads a whole file, retrying interrupted calls.
fn read_file(path: &str) -> Result<Vec<u8>> {
    let fd = loop {
        match rustix::fs::open(path, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()) {
            Ok(fd) => break fd,
            Err(rustix::io::Errno::INTR) => continue,
            Err(errno) => return Err(Error::sys("open", errno)),
        }
    };
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match rustix::io::read(&fd, &mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(rustix::io::Errno::INTR) => continue,
            Err(errno) => return Err(Error::sys("read", errno)),
        }
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
