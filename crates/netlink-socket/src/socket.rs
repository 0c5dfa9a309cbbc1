//! The netlink socket: open, bind, groups, options, send, receive.

use std::io::IoSliceMut;
use std::num::NonZeroU32;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::io::Errno;
use rustix::net::netlink::SocketAddrNetlink;
use rustix::net::sockopt;
use rustix::net::{
    AddressFamily, RecvAncillaryBuffer, RecvFlags, SendFlags, SocketFlags, SocketType,
};

use crate::error::{Error, Result};
use crate::protocol::Protocol;
use crate::recv::{Received, RecvBuf, parse_control};
use crate::sys;

/// Runs `call` again for as long as it fails with `EINTR`.
fn retry<T>(mut call: impl FnMut() -> rustix::io::Result<T>) -> rustix::io::Result<T> {
    loop {
        match call() {
            Err(Errno::INTR) => continue,
            result => return result,
        }
    }
}

/// `poll(2)` on `fds` until one is ready (their count) or `deadline` passes (0); `None` waits
/// for ever, and so does a deadline too far for a timespec. A signal only restarts the wait
/// with what is left of it. What every timed wait of this crate shares.
pub(crate) fn poll_until(fds: &mut [PollFd<'_>], deadline: Option<Instant>) -> Result<usize> {
    loop {
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        let timespec = left.and_then(|l| Timespec::try_from(l).ok());
        match rustix::event::poll(fds, timespec.as_ref()) {
            Err(Errno::INTR) => continue,
            result => return result.map_err(|errno| Error::sys("poll", errno)),
        }
    }
}

/// An `AF_NETLINK`, `SOCK_RAW` socket.
///
/// It owns its file descriptor (opened with `SOCK_CLOEXEC`, closed on drop)
/// and stays in the network namespace it was created in, whatever the
/// calling thread does afterwards.
///
/// All methods take `&self`, so one thread can send while another receives.
/// Receiving from two threads at once is not supported: a receive peeks the
/// next datagram's length before reading it (see [`Socket::recv`]), and a
/// second reader can take the datagram in between, which is reported as
/// [`Error::Truncated`].
///
/// # References
///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
}

impl Socket {
    /// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`: opens a
    /// netlink socket for any protocol number, in the calling thread's
    /// network namespace.
    ///
    /// The socket is unbound; bind it with [`Socket::bind`], or let the
    /// kernel bind it to a free port id on the first send.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    ///  - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html)
    #[doc(alias = "socket")]
    pub fn open(protocol: Protocol) -> Result<Socket> {
        let raw = NonZeroU32::new(protocol.raw()).map(rustix::net::Protocol::from_raw);
        let fd = retry(|| {
            rustix::net::socket_with(
                AddressFamily::NETLINK,
                SocketType::RAW,
                SocketFlags::CLOEXEC,
                raw,
            )
        })
        .map_err(|errno| Error::sys("socket(AF_NETLINK)", errno))?;
        Ok(Socket { fd })
    }

    /// Opens a netlink socket inside the network namespace `ns` (a
    /// [`NetNs`](crate::NetNs), or any descriptor of a namespace file such as
    /// `/run/netns/NAME` or `/proc/PID/ns/net`), without moving the calling
    /// thread.
    ///
    /// A short-lived helper thread calls `setns(ns, CLONE_NEWNET)`, opens the
    /// socket and exits; the socket belongs to that namespace for its whole
    /// life. Needs `CAP_SYS_ADMIN` over the namespace.
    ///
    /// # References
    ///  - [setns(2)](https://man7.org/linux/man-pages/man2/setns.2.html)
    ///  - [network_namespaces(7)](https://man7.org/linux/man-pages/man7/network_namespaces.7.html)
    #[doc(alias = "setns")]
    pub fn open_in_netns(protocol: Protocol, ns: impl AsFd) -> Result<Socket> {
        crate::netns::in_netns(ns.as_fd(), || Socket::open(protocol))
    }

    /// Opens a netlink socket inside the network namespace named by a path
    /// (`/run/netns/NAME`, `/proc/PID/ns/net`), without moving the calling
    /// thread. See [`Socket::open_in_netns`].
    pub fn open_in_netns_path(
        protocol: Protocol,
        path: impl AsRef<std::path::Path>,
    ) -> Result<Socket> {
        let ns = crate::NetNs::open(path)?;
        Socket::open_in_netns(protocol, &ns)
    }

    /// `bind(2)` to `sockaddr_nl { nl_pid: port_id, nl_groups: groups }`.
    ///
    /// A `port_id` of 0 lets the kernel choose a free one (read it back with
    /// [`Socket::port_id`]); an explicit one fails with `EADDRINUSE` when
    /// another socket of the same protocol in the same namespace holds it.
    /// `groups` is the legacy bitmask of multicast groups 1 to 32 (bit
    /// `n - 1` for group `n`); use [`Socket::add_membership`] for any group.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    ///  - [bind(2)](https://man7.org/linux/man-pages/man2/bind.2.html)
    pub fn bind(&self, port_id: u32, groups: u32) -> Result<()> {
        let addr = SocketAddrNetlink::new(port_id, groups);
        retry(|| rustix::net::bind(&self.fd, &addr)).map_err(|errno| Error::sys("bind", errno))
    }

    /// The socket's own address as `getsockname(2)` reports it.
    fn local_addr(&self) -> Result<SocketAddrNetlink> {
        let addr = retry(|| rustix::net::getsockname(&self.fd))
            .map_err(|errno| Error::sys("getsockname", errno))?;
        SocketAddrNetlink::try_from(addr).map_err(|_| Error::NotNetlinkAddress {
            call: "getsockname",
        })
    }

    /// The port id the socket is bound to (`nl_pid` from `getsockname(2)`):
    /// the one passed to [`Socket::bind`] or the one the kernel chose. 0 when
    /// the socket is not bound yet.
    #[doc(alias = "getsockname")]
    #[doc(alias = "nl_pid")]
    pub fn port_id(&self) -> Result<u32> {
        Ok(self.local_addr()?.pid())
    }

    /// The legacy group bitmask the socket is bound to (`nl_groups` from
    /// `getsockname(2)`), including groups 1 to 32 joined with
    /// [`Socket::add_membership`].
    #[doc(alias = "nl_groups")]
    pub fn bound_groups(&self) -> Result<u32> {
        Ok(self.local_addr()?.groups())
    }

    /// Sets a boolean `SOL_NETLINK` option.
    fn set_flag(&self, option: i32, call: &'static str, on: bool) -> Result<()> {
        sys::set_netlink_option(self.fd.as_fd(), option, u32::from(on))
            .map_err(|errno| Error::sys(call, errno))
    }

    /// Reads a boolean `SOL_NETLINK` option.
    fn flag(&self, option: i32, call: &'static str) -> Result<bool> {
        sys::netlink_option(self.fd.as_fd(), option)
            .map(|value| value != 0)
            .map_err(|errno| Error::sys(call, errno))
    }

    /// `NETLINK_ADD_MEMBERSHIP`: joins multicast group `group` (an
    /// `RTNLGRP_*`-style number, 1-based). Works for groups above 32, which
    /// the bind bitmask cannot name. Joining the same group twice is not an
    /// error.
    ///
    /// Non-root users may only join groups the protocol allows them to
    /// (`NL_CFG_F_NONROOT_RECV`).
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_ADD_MEMBERSHIP")]
    pub fn add_membership(&self, group: u32) -> Result<()> {
        sys::set_netlink_option(self.fd.as_fd(), sys::NETLINK_ADD_MEMBERSHIP, group)
            .map_err(|errno| Error::sys("setsockopt(NETLINK_ADD_MEMBERSHIP)", errno))
    }

    /// `NETLINK_DROP_MEMBERSHIP`: leaves multicast group `group`.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_DROP_MEMBERSHIP")]
    pub fn drop_membership(&self, group: u32) -> Result<()> {
        sys::set_netlink_option(self.fd.as_fd(), sys::NETLINK_DROP_MEMBERSHIP, group)
            .map_err(|errno| Error::sys("setsockopt(NETLINK_DROP_MEMBERSHIP)", errno))
    }

    /// `NETLINK_LIST_MEMBERSHIPS`: the multicast groups this socket has
    /// joined, in ascending order, whichever way they were joined.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_LIST_MEMBERSHIPS")]
    pub fn memberships(&self) -> Result<Vec<u32>> {
        let call = "getsockopt(NETLINK_LIST_MEMBERSHIPS)";
        let mut words = vec![0u32; 4];
        loop {
            let wanted = sys::netlink_option_words(
                self.fd.as_fd(),
                sys::NETLINK_LIST_MEMBERSHIPS,
                &mut words,
            )
            .map_err(|errno| Error::sys(call, errno))?;
            let wanted_words = wanted.div_ceil(4);
            if wanted_words <= words.len() {
                words.truncate(wanted_words);
                break;
            }
            words.resize(wanted_words, 0);
        }
        let mut groups = Vec::new();
        for (index, word) in words.iter().enumerate() {
            for bit in 0..32u32 {
                if word & (1 << bit) != 0 {
                    groups.push(index as u32 * 32 + bit + 1);
                }
            }
        }
        Ok(groups)
    }

    /// `SO_RCVBUF`: asks for a receive buffer of `size` bytes. The kernel
    /// doubles the value (for its bookkeeping overhead) and caps the request
    /// at `net.core.rmem_max`; read the result with
    /// [`Socket::recv_buffer_size`].
    ///
    /// # References
    ///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_RCVBUF")]
    pub fn set_recv_buffer_size(&self, size: usize) -> Result<()> {
        sockopt::set_socket_recv_buffer_size(&self.fd, size)
            .map_err(|errno| Error::sys("setsockopt(SO_RCVBUF)", errno))
    }

    /// `SO_RCVBUFFORCE`: like [`Socket::set_recv_buffer_size`] but ignores
    /// `net.core.rmem_max`. Needs `CAP_NET_ADMIN`.
    ///
    /// # References
    ///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_RCVBUFFORCE")]
    pub fn set_recv_buffer_size_force(&self, size: usize) -> Result<()> {
        sockopt::set_socket_recv_buffer_size_force(&self.fd, size)
            .map_err(|errno| Error::sys("setsockopt(SO_RCVBUFFORCE)", errno))
    }

    /// `SO_RCVBUF` as read back: the receive buffer the kernel actually
    /// granted (twice the requested size, capped, with a minimum).
    ///
    /// # References
    ///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_RCVBUF")]
    pub fn recv_buffer_size(&self) -> Result<usize> {
        sockopt::socket_recv_buffer_size(&self.fd)
            .map_err(|errno| Error::sys("getsockopt(SO_RCVBUF)", errno))
    }

    /// `SO_SNDBUF`: asks for a send buffer of `size` bytes (doubled and
    /// capped at `net.core.wmem_max` by the kernel).
    ///
    /// # References
    ///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_SNDBUF")]
    pub fn set_send_buffer_size(&self, size: usize) -> Result<()> {
        sockopt::set_socket_send_buffer_size(&self.fd, size)
            .map_err(|errno| Error::sys("setsockopt(SO_SNDBUF)", errno))
    }

    /// `SO_SNDBUF` as read back: the send buffer the kernel granted.
    ///
    /// # References
    ///  - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_SNDBUF")]
    pub fn send_buffer_size(&self) -> Result<usize> {
        sockopt::socket_send_buffer_size(&self.fd)
            .map_err(|errno| Error::sys("getsockopt(SO_SNDBUF)", errno))
    }

    /// `NETLINK_EXT_ACK`: asks the kernel to attach extended ACK attributes
    /// (an error message, the offset of the bad attribute) to errors and
    /// ACKs.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_EXT_ACK")]
    pub fn set_ext_ack(&self, on: bool) -> Result<()> {
        self.set_flag(sys::NETLINK_EXT_ACK, "setsockopt(NETLINK_EXT_ACK)", on)
    }

    /// Whether `NETLINK_EXT_ACK` is on.
    #[doc(alias = "NETLINK_EXT_ACK")]
    pub fn ext_ack(&self) -> Result<bool> {
        self.flag(sys::NETLINK_EXT_ACK, "getsockopt(NETLINK_EXT_ACK)")
    }

    /// `NETLINK_GET_STRICT_CHK`: asks the kernel to validate dump requests
    /// strictly (reject unknown header fields and attributes instead of
    /// ignoring them) and to honour dump filters.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_GET_STRICT_CHK")]
    pub fn set_strict_checking(&self, on: bool) -> Result<()> {
        self.set_flag(
            sys::NETLINK_GET_STRICT_CHK,
            "setsockopt(NETLINK_GET_STRICT_CHK)",
            on,
        )
    }

    /// Whether `NETLINK_GET_STRICT_CHK` is on.
    #[doc(alias = "NETLINK_GET_STRICT_CHK")]
    pub fn strict_checking(&self) -> Result<bool> {
        self.flag(
            sys::NETLINK_GET_STRICT_CHK,
            "getsockopt(NETLINK_GET_STRICT_CHK)",
        )
    }

    /// `NETLINK_NO_ENOBUFS`: stops the kernel from reporting receive-queue
    /// overruns; dropped notifications are then lost silently instead of
    /// surfacing as [`Error::Overrun`].
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_NO_ENOBUFS")]
    pub fn set_no_enobufs(&self, on: bool) -> Result<()> {
        self.set_flag(
            sys::NETLINK_NO_ENOBUFS,
            "setsockopt(NETLINK_NO_ENOBUFS)",
            on,
        )
    }

    /// Whether `NETLINK_NO_ENOBUFS` is on.
    #[doc(alias = "NETLINK_NO_ENOBUFS")]
    pub fn no_enobufs(&self) -> Result<bool> {
        self.flag(sys::NETLINK_NO_ENOBUFS, "getsockopt(NETLINK_NO_ENOBUFS)")
    }

    /// `NETLINK_CAP_ACK`: asks the kernel not to copy the failed request's
    /// payload into `NLMSG_ERROR` messages (only its header).
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_CAP_ACK")]
    pub fn set_cap_ack(&self, on: bool) -> Result<()> {
        self.set_flag(sys::NETLINK_CAP_ACK, "setsockopt(NETLINK_CAP_ACK)", on)
    }

    /// Whether `NETLINK_CAP_ACK` is on.
    #[doc(alias = "NETLINK_CAP_ACK")]
    pub fn cap_ack(&self) -> Result<bool> {
        self.flag(sys::NETLINK_CAP_ACK, "getsockopt(NETLINK_CAP_ACK)")
    }

    /// `NETLINK_LISTEN_ALL_NSID`: receives notifications from every network
    /// namespace that has an id in this socket's namespace, each tagged with
    /// that id ([`Received::nsid`]).
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_LISTEN_ALL_NSID")]
    pub fn set_listen_all_nsid(&self, on: bool) -> Result<()> {
        self.set_flag(
            sys::NETLINK_LISTEN_ALL_NSID,
            "setsockopt(NETLINK_LISTEN_ALL_NSID)",
            on,
        )
    }

    /// Whether `NETLINK_LISTEN_ALL_NSID` is on.
    #[doc(alias = "NETLINK_LISTEN_ALL_NSID")]
    pub fn listen_all_nsid(&self) -> Result<bool> {
        self.flag(
            sys::NETLINK_LISTEN_ALL_NSID,
            "getsockopt(NETLINK_LISTEN_ALL_NSID)",
        )
    }

    /// `NETLINK_BROADCAST_ERROR`: makes a multicast send from this socket
    /// report delivery failures to other members instead of ignoring them.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_BROADCAST_ERROR")]
    pub fn set_broadcast_error(&self, on: bool) -> Result<()> {
        self.set_flag(
            sys::NETLINK_BROADCAST_ERROR,
            "setsockopt(NETLINK_BROADCAST_ERROR)",
            on,
        )
    }

    /// Whether `NETLINK_BROADCAST_ERROR` is on.
    #[doc(alias = "NETLINK_BROADCAST_ERROR")]
    pub fn broadcast_error(&self) -> Result<bool> {
        self.flag(
            sys::NETLINK_BROADCAST_ERROR,
            "getsockopt(NETLINK_BROADCAST_ERROR)",
        )
    }

    /// `NETLINK_PKTINFO`: tags each received datagram with the multicast
    /// group it was sent to (`struct nl_pktinfo`), reported by
    /// [`Received::group`]. Unlike the `nl_groups` bitmask this names groups
    /// above 32.
    ///
    /// # References
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "NETLINK_PKTINFO")]
    pub fn set_pktinfo(&self, on: bool) -> Result<()> {
        self.set_flag(sys::NETLINK_PKTINFO, "setsockopt(NETLINK_PKTINFO)", on)
    }

    /// Whether `NETLINK_PKTINFO` is on.
    #[doc(alias = "NETLINK_PKTINFO")]
    pub fn pktinfo(&self) -> Result<bool> {
        self.flag(sys::NETLINK_PKTINFO, "getsockopt(NETLINK_PKTINFO)")
    }

    /// Switches `O_NONBLOCK` (through `FIONBIO`). A non-blocking socket
    /// returns [`Error::WouldBlock`] instead of waiting, which is what a
    /// readiness loop (mio, tokio's `AsyncFd`) expects.
    ///
    /// # References
    ///  - [ioctl(2)](https://man7.org/linux/man-pages/man2/ioctl.2.html)
    #[doc(alias = "O_NONBLOCK")]
    #[doc(alias = "FIONBIO")]
    pub fn set_nonblocking(&self, on: bool) -> Result<()> {
        retry(|| rustix::io::ioctl_fionbio(&self.fd, on))
            .map_err(|errno| Error::sys("ioctl(FIONBIO)", errno))
    }

    /// Sends one datagram to the kernel (port id 0). Returns the number of
    /// bytes sent, which for netlink is all of them.
    ///
    /// An unbound socket is bound to a kernel-chosen port id on its first
    /// send.
    ///
    /// # References
    ///  - [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html)
    #[doc(alias = "sendto")]
    pub fn send(&self, datagram: &[u8]) -> Result<usize> {
        self.send_to(datagram, 0, 0)
    }

    /// Sends one datagram to `sockaddr_nl { nl_pid: port_id, nl_groups:
    /// groups }`: another socket's port id, or the kernel (0), optionally
    /// multicast to a legacy group bitmask (which needs the protocol to allow
    /// it, and usually `CAP_NET_ADMIN`).
    ///
    /// # References
    ///  - [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html)
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "sendto")]
    pub fn send_to(&self, datagram: &[u8], port_id: u32, groups: u32) -> Result<usize> {
        let addr = SocketAddrNetlink::new(port_id, groups);
        retry(|| rustix::net::sendto(&self.fd, datagram, SendFlags::empty(), &addr))
            .map_err(|errno| Error::sys("sendto", errno))
    }

    /// Receives one datagram into `buf`, growing it first if the datagram
    /// would not fit, so that no datagram is ever cut. Blocks unless the
    /// socket is non-blocking.
    ///
    /// How: `recv(MSG_PEEK | MSG_TRUNC)` with an empty buffer returns the
    /// next datagram's real length without copying or consuming it (netlink
    /// reports the full length under `MSG_TRUNC`); the buffer grows to that
    /// length and `recvmsg(MSG_TRUNC)` then takes the datagram, its sender
    /// and its control messages. A plain read into a buffer that is too small
    /// would consume and lose the rest of the datagram, so there is no "try
    /// first, grow on truncation" path; the price is one extra system call
    /// per datagram that copies nothing, the same as iproute2's
    /// `rtnl_recvmsg`.
    ///
    /// The second read offers the whole buffer, so a kernel dump sizes its
    /// later chunks to it (up to about 32 KiB).
    ///
    /// # Errors
    ///  - [`Error::Overrun`] when the kernel dropped messages for this socket
    ///    (`ENOBUFS`); the socket stays usable.
    ///  - [`Error::WouldBlock`] on a non-blocking socket with nothing queued.
    ///  - [`Error::Truncated`] if another thread read the same socket between
    ///    the peek and the read.
    ///
    /// # References
    ///  - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
    ///  - [netlink(7)](https://man7.org/linux/man-pages/man7/netlink.7.html)
    #[doc(alias = "recvmsg")]
    #[doc(alias = "recvfrom")]
    #[doc(alias = "MSG_PEEK")]
    #[doc(alias = "MSG_TRUNC")]
    pub fn recv(&self, buf: &mut RecvBuf) -> Result<Received> {
        self.recv_with(buf, RecvFlags::empty())
    }

    /// Like [`Socket::recv`] but never waits, whether the socket is blocking or not
    /// (`MSG_DONTWAIT`): `Ok(None)` when nothing is queued. One system call per datagram, for
    /// the step of a readiness loop (mio, tokio's `AsyncFd`) after the socket was reported
    /// readable, on sockets that other threads read in blocking mode.
    ///
    /// # References
    ///  - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
    #[doc(alias = "MSG_DONTWAIT")]
    pub fn try_recv(&self, buf: &mut RecvBuf) -> Result<Option<Received>> {
        match self.recv_with(buf, RecvFlags::DONTWAIT) {
            Ok(received) => Ok(Some(received)),
            Err(Error::WouldBlock) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Like [`Socket::recv`] but waits at most `timeout` (with `poll(2)`)
    /// for a datagram: `Ok(None)` when none arrived in time. Works on
    /// blocking and non-blocking sockets alike.
    ///
    /// # References
    ///  - [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html)
    #[doc(alias = "poll")]
    pub fn recv_timeout(&self, buf: &mut RecvBuf, timeout: Duration) -> Result<Option<Received>> {
        let deadline = Instant::now().checked_add(timeout);
        loop {
            let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
            if poll_until(&mut fds, deadline)? == 0 {
                return Ok(None);
            }
            match self.recv_with(buf, RecvFlags::DONTWAIT) {
                Ok(received) => return Ok(Some(received)),
                // Readiness without data: another reader won, or the wakeup
                // was spurious. Wait for what is left of the timeout.
                Err(Error::WouldBlock) if deadline.is_none_or(|d| Instant::now() < d) => continue,
                Err(Error::WouldBlock) => return Ok(None),
                Err(error) => return Err(error),
            }
        }
    }

    /// Like [`Socket::recv`], but returns `Ok(None)` as soon as `waker` is woken (and for as
    /// long as it stays woken), so that another thread can stop a blocked reader at once.
    ///
    /// # References
    ///  - [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html)
    ///  - [eventfd(2)](https://man7.org/linux/man-pages/man2/eventfd.2.html)
    pub fn recv_or_wake(
        &self,
        buf: &mut RecvBuf,
        waker: &crate::Waker,
    ) -> Result<Option<Received>> {
        self.recv_or_wake_until(buf, waker, None)
    }

    /// Like [`Socket::recv_or_wake`], but waits at most `timeout`: `Ok(None)` also when no
    /// datagram came in time. The thread that wakes the waker knows why it did, so it can tell
    /// the two apart (for example with a flag it sets before waking).
    ///
    /// # References
    ///  - [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html)
    pub fn recv_or_wake_timeout(
        &self,
        buf: &mut RecvBuf,
        waker: &crate::Waker,
        timeout: Duration,
    ) -> Result<Option<Received>> {
        // A timeout too large for an `Instant` means "wait forever".
        match Instant::now().checked_add(timeout) {
            Some(deadline) => self.recv_or_wake_until(buf, waker, Some(deadline)),
            None => self.recv_or_wake(buf, waker),
        }
    }

    fn recv_or_wake_until(
        &self,
        buf: &mut RecvBuf,
        waker: &crate::Waker,
        deadline: Option<Instant>,
    ) -> Result<Option<Received>> {
        loop {
            let mut fds = [
                PollFd::new(&self.fd, PollFlags::IN),
                PollFd::new(waker, PollFlags::IN),
            ];
            if poll_until(&mut fds, deadline)? == 0 {
                return Ok(None);
            }
            if !fds[1].revents().is_empty() {
                return Ok(None);
            }
            match self.recv_with(buf, RecvFlags::DONTWAIT) {
                Ok(received) => return Ok(Some(received)),
                Err(Error::WouldBlock) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Peeks the next datagram's length, grows `buf` to fit, then reads it.
    fn recv_with(&self, buf: &mut RecvBuf, flags: RecvFlags) -> Result<Received> {
        loop {
            let empty: &mut [u8] = &mut [];
            let (_, len) = retry(|| {
                rustix::net::recv(
                    &self.fd,
                    &mut *empty,
                    flags | RecvFlags::PEEK | RecvFlags::TRUNC,
                )
            })
            .map_err(|errno| Error::from_errno("recv(MSG_PEEK|MSG_TRUNC)", errno))?;
            buf.reserve_datagram(len);
            let capacity = buf.capacity();

            let mut space = sys::CmsgSpace::new();
            let result = {
                let mut control = RecvAncillaryBuffer::new(space.as_uninit_mut());
                let mut iov = [IoSliceMut::new(buf.spare())];
                // The datagram is known to be queued, so this read never
                // blocks unless another reader took it; then go back to the
                // peek (or report EAGAIN on a non-blocking call).
                retry(|| {
                    rustix::net::recvmsg(
                        &self.fd,
                        &mut iov,
                        &mut control,
                        flags | RecvFlags::TRUNC | RecvFlags::DONTWAIT | RecvFlags::CMSG_CLOEXEC,
                    )
                })
            };
            let msg = match result {
                Ok(msg) => msg,
                Err(Errno::AGAIN) if !flags.contains(RecvFlags::DONTWAIT) => continue,
                Err(errno) => return Err(Error::from_errno("recvmsg", errno)),
            };
            if msg.bytes > capacity {
                return Err(Error::Truncated {
                    len: msg.bytes,
                    capacity,
                });
            }
            buf.set_len(msg.bytes);
            let addr = msg
                .address
                .map(SocketAddrNetlink::try_from)
                .and_then(|addr| addr.ok())
                .ok_or(Error::NotNetlinkAddress { call: "recvmsg" })?;
            let control = parse_control(space.bytes());
            return Ok(Received {
                len: msg.bytes,
                port_id: addr.pid(),
                groups: addr.groups(),
                group: control.group,
                nsid: control.nsid,
            });
        }
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

/// Adopts a descriptor that must be an `AF_NETLINK` socket (for example one
/// passed in by a parent process or systemd).
impl From<OwnedFd> for Socket {
    fn from(fd: OwnedFd) -> Self {
        Socket { fd }
    }
}

impl From<Socket> for OwnedFd {
    fn from(socket: Socket) -> Self {
        socket.fd
    }
}

/// Link-layer multicast addresses, through the `SIOCADDMULTI` / `SIOCDELMULTI` ioctls, which
/// netlink has no message for.
impl Socket {
    /// Adds link-layer multicast address `addr` (a MAC address, at most 14 bytes) to interface
    /// `name` in the socket's network namespace (`ip maddr add ADDR dev NAME`), marked as
    /// added by hand (`static` in `ip maddr`); adding it again changes nothing. Needs
    /// `CAP_NET_ADMIN`.
    ///
    /// # Errors
    /// [`Error::Sys`] with the kernel's errno: `ENODEV` for a name that is no interface (or
    /// `IFNAMSIZ` long or longer), `EINVAL` for an interface without multicast filtering or an
    /// address longer than 14 bytes.
    ///
    /// # References
    ///  - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html)
    #[doc(alias = "SIOCADDMULTI")]
    pub fn add_link_multicast(&self, name: &str, addr: &[u8]) -> Result<()> {
        self.link_multicast(sys::MulticastIoctl::Add, name, addr)
    }

    /// Removes link-layer multicast address `addr`, added by hand, from interface `name`
    /// (`ip maddr del ADDR dev NAME`).
    ///
    /// # Errors
    /// As [`Socket::add_link_multicast`]; `ENOENT` when the address was never added.
    #[doc(alias = "SIOCDELMULTI")]
    pub fn delete_link_multicast(&self, name: &str, addr: &[u8]) -> Result<()> {
        self.link_multicast(sys::MulticastIoctl::Delete, name, addr)
    }

    fn link_multicast(&self, op: sys::MulticastIoctl, name: &str, addr: &[u8]) -> Result<()> {
        sys::link_multicast(self.as_fd(), op, name.as_bytes(), addr).map_err(|errno| Error::Sys {
            call: match op {
                sys::MulticastIoctl::Add => "ioctl(SIOCADDMULTI)",
                sys::MulticastIoctl::Delete => "ioctl(SIOCDELMULTI)",
            },
            errno,
        })
    }
}
