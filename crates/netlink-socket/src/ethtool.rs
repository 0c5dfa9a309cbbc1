//! The `SIOCETHTOOL` ioctl on a [`Socket`]: the queries ethtool still makes through it.

use std::os::fd::AsFd;

use crate::{Error, Result, Socket, sys};

impl Socket {
    /// `ioctl(SIOCETHTOOL)` on this socket for interface `ifname`, found in the socket's
    /// network namespace: `data` is the command's buffer (an `ethtool_*` struct in native byte
    /// order, its `cmd` first), read and written by the kernel in place. The kernel may not
    /// write past `data`: a command whose answer is longer than `data` (a count that grew
    /// since it was asked) fails with `EFAULT` and nothing outside `data` changes.
    ///
    /// # Errors
    /// `ENODEV` for an interface name of 16 bytes or more (or with a NUL), or none of that
    /// name; `EOPNOTSUPP` when the driver does not answer the command; `EFAULT` as above.
    ///
    /// # References
    ///  - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html)
    #[doc(alias = "SIOCETHTOOL")]
    pub fn ethtool_ioctl(&self, ifname: &str, data: &mut [u8]) -> Result<()> {
        sys::siocethtool(self.as_fd(), ifname, data)
            .map_err(|errno| Error::sys("ioctl(SIOCETHTOOL)", errno))
    }
}
