//! The seam between the drivers and the socket: the three calls the request, dump, batch and
//! notification drivers make on a socket, as a trait. [`Socket`] is the one implementation
//! outside tests; `faults.rs` puts a scripted socket in its place to inject `EINTR`, `EAGAIN`
//! and `ENOBUFS` into every driver without a kernel. No protocol logic lives here.

use std::time::Duration;

use netlink_socket::{RecvBuf, Socket, Waker};

/// How long a receive may wait.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wait<'a> {
    /// At most this long; `None` waits for ever, `Some(Duration::ZERO)` takes only what is
    /// queued.
    For(Option<Duration>),
    /// Like `For`, but also ends as soon as the waker is woken.
    OrWake(&'a Waker, Option<Duration>),
    /// Not at all: only what is queued now (a readiness driver's step).
    Never,
}

/// What the drivers need from a socket.
pub(crate) trait Transport {
    /// Sends one datagram to the kernel.
    fn send(&self, datagram: &[u8]) -> netlink_socket::Result<usize>;

    /// Receives the next datagram into `buf` and returns its sender's port id; `Ok(None)` when
    /// the wait ended with nothing (time out, nothing queued, or the waker woken).
    fn recv(&self, buf: &mut RecvBuf, wait: Wait<'_>) -> netlink_socket::Result<Option<u32>>;

    /// The receive buffer's size, which bounds what was queued when an overrun was reported.
    fn recv_buffer_size(&self) -> netlink_socket::Result<usize>;
}

impl Transport for Socket {
    #[inline]
    fn send(&self, datagram: &[u8]) -> netlink_socket::Result<usize> {
        Socket::send(self, datagram)
    }

    #[inline]
    fn recv(&self, buf: &mut RecvBuf, wait: Wait<'_>) -> netlink_socket::Result<Option<u32>> {
        let received = match wait {
            Wait::For(None) => Socket::recv(self, buf).map(Some),
            Wait::For(Some(t)) => self.recv_timeout(buf, t),
            Wait::OrWake(w, None) => self.recv_or_wake(buf, w),
            Wait::OrWake(w, Some(t)) => self.recv_or_wake_timeout(buf, w, t),
            Wait::Never => self.try_recv(buf),
        };
        received.map(|r| r.map(|r| r.port_id()))
    }

    #[inline]
    fn recv_buffer_size(&self) -> netlink_socket::Result<usize> {
        Socket::recv_buffer_size(self)
    }
}
