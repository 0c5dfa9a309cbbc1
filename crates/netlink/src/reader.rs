//! The notification reader's driver: a thread that receives on the notification socket and
//! reports each datagram, overrun and failure to the engine's
//! [`Notifications`], which decides what reaches the subscriber.

use std::time::Duration;

use netlink_socket::{Errno, RecvBuf, Waker};

use crate::engine::notify::{Flow, Notifications};
use crate::error::Error;
use crate::transport::{Transport, Wait};

/// Reads until woken by `close()`, or until the socket fails.
pub(crate) fn run<T: Transport + ?Sized>(socket: &T, waker: &Waker, engine: &Notifications) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        let flow = match socket.recv(&mut buf, Wait::OrWake(waker, None)) {
            // Woken by close(): the subscriber asked for the end.
            Ok(None) => Flow::Stop,
            Ok(Some(port_id)) => engine.datagram(port_id, buf.data()),
            Err(netlink_socket::Error::Overrun) => {
                let queued = socket.recv_buffer_size().unwrap_or(usize::MAX);
                let mut discard = engine.overrun(queued);
                while discard.wants_more() {
                    match socket.recv(&mut buf, Wait::For(Some(Duration::ZERO))) {
                        Ok(Some(_)) => discard.datagram(buf.data()),
                        Err(netlink_socket::Error::Overrun) => discard.overrun(),
                        Ok(None) | Err(_) => break,
                    }
                }
                discard.finish()
            }
            // A signal or a readiness without data ends nothing.
            Err(netlink_socket::Error::WouldBlock) => Flow::Continue,
            Err(e) if e.errno() == Some(Errno::INTR) => Flow::Continue,
            Err(e) => engine.failed(&Error::Socket(e)),
        };
        if flow == Flow::Stop {
            return;
        }
    }
}
