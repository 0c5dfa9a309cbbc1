//! The notification reader's driver: a thread that receives on the notification socket and
//! reports each datagram, overrun and failure to the engine's
//! [`Notifications`], which decides what reaches the subscriber.

use std::time::Duration;

use netlink_socket::{RecvBuf, Socket, Waker};

use crate::engine::notify::{Flow, Notifications};
use crate::error::Error;

/// Reads until woken by `close()`, or until the socket fails.
pub(crate) fn run(socket: &Socket, waker: &Waker, engine: &Notifications) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        let flow = match socket.recv_or_wake(&mut buf, waker) {
            // Woken by close(): the subscriber asked for the end.
            Ok(None) => Flow::Stop,
            Ok(Some(received)) => engine.datagram(received.port_id(), buf.data()),
            Err(netlink_socket::Error::Overrun) => {
                let queued = socket.recv_buffer_size().unwrap_or(usize::MAX);
                let mut discard = engine.overrun(queued);
                while discard.wants_more() {
                    match socket.recv_timeout(&mut buf, Duration::ZERO) {
                        Ok(Some(_)) => discard.datagram(buf.data()),
                        Err(netlink_socket::Error::Overrun) => discard.overrun(),
                        Ok(None) | Err(_) => break,
                    }
                }
                discard.finish()
            }
            Err(netlink_socket::Error::WouldBlock) => Flow::Continue,
            Err(e) => engine.failed(&Error::Socket(e)),
        };
        if flow == Flow::Stop {
            return;
        }
    }
}
