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

/// Reads until woken by `close()`, or until the socket fails. With `coalesce`, each wake-up
/// is followed by a wait of that long (ended at once by `close()`), then everything queued is
/// taken before the reader sleeps again: notifications that trickle in then cost one wake-up
/// per `coalesce` instead of one each, for at most that much more latency.
pub(crate) fn run<T: Transport + ?Sized, S: Sink>(
    socket: &T,
    waker: &Waker,
    engine: &Notifications<S>,
    coalesce: Option<Duration>,
) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        let flow = match socket.recv(&mut buf, Wait::OrWake(waker, None)) {
            // Woken by close(): the subscriber asked for the end.
            Ok(None) => Flow::Stop,
            Ok(Some(port_id)) => step(socket, &mut buf, Ok(port_id), engine),
            Err(e) => step(socket, &mut buf, Err(e), engine),
        };
        let flow = match coalesce {
            Some(delay) if flow == Flow::Continue => gather(socket, &mut buf, waker, engine, delay),
            _ => flow,
        };
        if flow == Flow::Stop {
            return;
        }
    }
}

/// Waits `delay` (or until `close()` wakes the waker), then hands the engine every datagram
/// queued meanwhile, without waiting for more.
fn gather<T: Transport + ?Sized, S: Sink>(
    socket: &T,
    buf: &mut RecvBuf,
    waker: &Waker,
    engine: &Notifications<S>,
    delay: Duration,
) -> Flow {
    // A wait that fails (it cannot, short of a closed eventfd) only loses the delay.
    if waker.wait(delay).unwrap_or(false) {
        return Flow::Stop;
    }
    loop {
        let flow = match socket.recv(buf, Wait::Never) {
            Ok(None) => return Flow::Continue,
            Ok(Some(port_id)) => step(socket, buf, Ok(port_id), engine),
            Err(e) => step(socket, buf, Err(e), engine),
        };
        if flow == Flow::Stop {
            return Flow::Stop;
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
