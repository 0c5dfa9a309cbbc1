//! The notification reader's driver: a thread that receives on the notification socket and
//! reports each datagram, overrun and failure to the engine's
//! [`Notifications`], which decides what reaches the subscriber. [`step`] is what happens
//! after one receive, shared with the readiness driver (`readiness.rs`), which receives
//! when the caller's reactor says the socket is readable. Both reach the socket through the
//! [`Transport`] seam, so that `faults.rs` can script its failures.

use std::time::Duration;

use netlink_socket::{Errno, RecvBuf, Waker};

use crate::engine::notify::{Flow, Notifications, Sink};
use crate::error::Error;
use crate::transport::{Transport, Wait};

/// Reads until woken by `close()`, or until the socket fails.
pub(crate) fn run<T: Transport + ?Sized, S: Sink>(
    socket: &T,
    waker: &Waker,
    engine: &Notifications<S>,
) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        let flow = match socket.recv(&mut buf, Wait::OrWake(waker, None)) {
            // Woken by close(): the subscriber asked for the end.
            Ok(None) => Flow::Stop,
            Ok(Some(port_id)) => step(socket, &mut buf, Ok(port_id), engine),
            Err(e) => step(socket, &mut buf, Err(e), engine),
        };
        if flow == Flow::Stop {
            return;
        }
    }
}

/// Hands the engine what one receive on the notification socket gave: the sender's port id of
/// the datagram now in `buf`, or the error. After an overrun, drains what is queued (without
/// waiting) through the engine's discard before the marker goes out. A signal or a readiness
/// without data ends nothing.
pub(crate) fn step<T: Transport + ?Sized, S: Sink>(
    socket: &T,
    buf: &mut RecvBuf,
    received: netlink_socket::Result<u32>,
    engine: &Notifications<S>,
) -> Flow {
    match received {
        Ok(port_id) => engine.datagram(port_id, buf.data()),
        Err(netlink_socket::Error::Overrun) => {
            let queued = socket.recv_buffer_size().unwrap_or(usize::MAX);
            let mut discard = engine.overrun(queued);
            while discard.wants_more() {
                match socket.recv(buf, Wait::For(Some(Duration::ZERO))) {
                    Ok(Some(_)) => discard.datagram(buf.data()),
                    Err(netlink_socket::Error::Overrun) => discard.overrun(),
                    Ok(None) | Err(_) => break,
                }
            }
            discard.finish()
        }
        Err(netlink_socket::Error::WouldBlock) => Flow::Continue,
        Err(e) if e.errno() == Some(Errno::INTR) => Flow::Continue,
        Err(e) => engine.failed(&Error::Socket(e)),
    }
}
