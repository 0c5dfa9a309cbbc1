//! The background thread that drains the notification socket and hands messages on.

use netlink_socket::{RecvBuf, Socket};
use netlink_wire::{Message, Messages};

use crate::connection::{Counters, Shared, lock, overrun_marker};

/// Reads until woken by `close()`.
pub(crate) fn run(socket: &Socket, shared: &Shared) {
    let mut buf = RecvBuf::with_capacity(64 * 1024);
    loop {
        match socket.recv_or_wake(&mut buf, &shared.waker) {
            Ok(None) => return,
            Ok(Some(received)) => {
                if !received.is_from_kernel() && !shared.accept_userspace {
                    Counters::bump(&shared.stats.dropped_userspace);
                    continue;
                }
                for m in Messages::new(buf.data()) {
                    match m {
                        Ok(m) => {
                            if !deliver(shared, m.to_owned()) {
                                return;
                            }
                        }
                        Err(_) => Counters::bump(&shared.stats.malformed),
                    }
                }
            }
            Err(netlink_socket::Error::Overrun) => {
                Counters::bump(&shared.stats.overruns);
                discard_stale(socket, &mut buf, shared);
                if !deliver(shared, overrun_marker()) {
                    return;
                }
            }
            Err(netlink_socket::Error::WouldBlock) => {}
            // Anything else means the socket is unusable; the reader ends and close() joins it.
            Err(_) => return,
        }
    }
}

/// After `ENOBUFS`, throws away the notifications still queued: they are older than the ones
/// the kernel dropped, and a subscriber that re-reads the state when it sees the overrun marker
/// would otherwise apply them on top of the fresh state and resurrect what the lost events
/// removed. Everything queued when the kernel reported the loss fits in the receive buffer, so
/// draining that many bytes is enough; the loop stops there even if a storm goes on.
fn discard_stale(socket: &Socket, buf: &mut RecvBuf, shared: &Shared) {
    let budget = socket.recv_buffer_size().unwrap_or(usize::MAX);
    let mut drained = 0usize;
    while drained < budget {
        match socket.recv_timeout(buf, std::time::Duration::ZERO) {
            Ok(Some(r)) => {
                drained = drained.saturating_add(r.len());
                let n = Messages::new(buf.data()).count();
                shared
                    .stats
                    .discarded
                    .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
            }
            Err(netlink_socket::Error::Overrun) => Counters::bump(&shared.stats.overruns),
            Ok(None) | Err(_) => return,
        }
    }
}

/// Hands `msg` to the channel, or else the callback. Returns `false` when the connection is
/// closing.
fn deliver(shared: &Shared, msg: Message) -> bool {
    let mut sinks = lock(&shared.sinks);
    if let Some(tx) = sinks.channel.clone() {
        drop(sinks);
        // Wait for room in a bounded channel, but not past close().
        crossbeam_channel::select! {
            send(tx, msg) -> r => match r {
                Ok(()) => Counters::bump(&shared.stats.delivered),
                Err(_) => Counters::bump(&shared.stats.dropped_disconnected),
            },
            recv(shared.stop_rx) -> _ => return false,
        }
        return true;
    }
    let Some(mut f) = sinks.callback.take() else {
        Counters::bump(&shared.stats.dropped_unsubscribed);
        return true;
    };
    let generation = sinks.generation;
    // The callback runs without the lock, so that it may call notify() or handle() itself.
    drop(sinks);
    f(&msg);
    Counters::bump(&shared.stats.delivered);
    let mut sinks = lock(&shared.sinks);
    if sinks.generation == generation && sinks.callback.is_none() {
        sinks.callback = Some(f);
    }
    true
}
