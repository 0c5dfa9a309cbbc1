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
