//! Who may speak to our sockets. Any local process can send a datagram to any netlink port id,
//! so a reply or a notification is believed only when the kernel (port id 0) sent it. Request
//! sockets (the request path and the read-ahead helper alike) and the notification socket all
//! decide here, and every datagram refused is counted.

use std::sync::atomic::AtomicU64;

use super::stats::Counters;

/// The senders a socket takes datagrams from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Senders {
    /// The kernel only: every request socket, and the notification socket by default.
    KernelOnly,
    /// Anyone, for the notification socket with
    /// [`ConnectionOptions::accept_userspace`](crate::ConnectionOptions::accept_userspace).
    Anyone,
}

impl Senders {
    /// The rule of the notification socket.
    pub(crate) fn for_notifications(accept_userspace: bool) -> Self {
        if accept_userspace {
            Senders::Anyone
        } else {
            Senders::KernelOnly
        }
    }

    /// Whether a datagram from port id `sender` may be read; one that may not is counted in
    /// `dropped`.
    #[inline]
    pub(crate) fn admit(self, sender: u32, dropped: &AtomicU64) -> bool {
        let admitted = sender == 0 || self == Senders::Anyone;
        if !admitted {
            Counters::bump(dropped);
        }
        admitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    #[test]
    fn only_the_kernel_speaks_unless_anyone_may_and_every_refusal_is_counted() {
        let dropped = AtomicU64::new(0);
        assert!(Senders::KernelOnly.admit(0, &dropped));
        assert!(!Senders::KernelOnly.admit(4242, &dropped));
        assert!(!Senders::KernelOnly.admit(u32::MAX, &dropped));
        assert_eq!(dropped.load(Ordering::Relaxed), 2);
        assert!(Senders::Anyone.admit(0, &dropped));
        assert!(Senders::Anyone.admit(4242, &dropped));
        assert_eq!(dropped.load(Ordering::Relaxed), 2);
        assert_eq!(Senders::for_notifications(false), Senders::KernelOnly);
        assert_eq!(Senders::for_notifications(true), Senders::Anyone);
    }
}
