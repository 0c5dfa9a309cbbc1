//! The notification reader's driver: a thread that receives on the notification socket and
//! reports each datagram, overrun and failure to the engine's
//! [`Notifications`], which decides what reaches the subscriber. [`step`] is what happens
//! after one receive, shared with the readiness driver (`readiness.rs`), which receives
//! when the caller's reactor says the socket is readable.

use std::time::Duration;

use netlink_socket::{Received, RecvBuf, Socket, Waker};

use crate::engine::notify::{Flow, Notifications, Sink};
use crate::error::Error;

/// Reads until woken by `close()`, or until the socket fails.
pub(crate) fn run<S: Sink>(socket: &Socket, waker: &Waker, engine: &Notifications<S>) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        let flow = match socket.recv_or_wake(&mut buf, waker) {
            // Woken by close(): the subscriber asked for the end.
            Ok(None) => Flow::Stop,
            Ok(Some(received)) => step(socket, &mut buf, Ok(received), engine),
            Err(e) => step(socket, &mut buf, Err(e), engine),
        };
        if flow == Flow::Stop {
            return;
        }
    }
}

/// Hands the engine what one receive on the notification socket gave: the datagram now in
/// `buf`, or the error. After an overrun, drains what is queued (without waiting) through the
/// engine's discard before the marker goes out.
pub(crate) fn step<S: Sink>(
    socket: &Socket,
    buf: &mut RecvBuf,
    received: netlink_socket::Result<Received>,
    engine: &Notifications<S>,
) -> Flow {
    match received {
        Ok(received) => engine.datagram(received.port_id(), buf.data()),
        Err(netlink_socket::Error::Overrun) => {
            let queued = socket.recv_buffer_size().unwrap_or(usize::MAX);
            let mut discard = engine.overrun(queued);
            while discard.wants_more() {
                match socket.recv_timeout(buf, Duration::ZERO) {
                    Ok(Some(_)) => discard.datagram(buf.data()),
                    Err(netlink_socket::Error::Overrun) => discard.overrun(),
                    Ok(None) | Err(_) => break,
                }
            }
            discard.finish()
        }
        Err(netlink_socket::Error::WouldBlock) => Flow::Continue,
        Err(e) => engine.failed(&Error::Socket(e)),
    }
}
