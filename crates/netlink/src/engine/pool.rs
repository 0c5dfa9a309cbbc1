//! When a request socket is used again. A socket goes back to the pool only when its exchange
//! read the kernel's last word ([`Exchange::reusable`](super::exchange::Exchange::reusable)),
//! so that no stale reply can reach the next request; an abandoned dump's socket, or one whose
//! request timed out, is closed with whatever it still holds. A few idle sockets are kept, and
//! none once the connection is closed.

use crate::error::{Error, Result};

/// How many idle request sockets a connection keeps.
pub(crate) const IDLE_SOCKETS: usize = 4;

/// Idle request sockets (generic so that the policy is tested without sockets).
#[derive(Debug)]
pub(crate) struct Pool<T> {
    idle: Vec<T>,
    closed: bool,
}

impl<T> Pool<T> {
    pub(crate) fn new() -> Self {
        Pool {
            idle: Vec::new(),
            closed: false,
        }
    }

    /// An idle socket, `Ok(None)` when the caller must open a new one.
    ///
    /// # Errors
    /// [`Error::Closed`] once [`Pool::close`] was called.
    pub(crate) fn take(&mut self) -> Result<Option<T>> {
        if self.closed {
            return Err(Error::Closed);
        }
        Ok(self.idle.pop())
    }

    /// Takes `socket` back after an exchange, keeping it when the exchange was `reusable` and
    /// there is room; otherwise returns it for the caller to close (outside any lock).
    pub(crate) fn give_back(&mut self, socket: T, reusable: bool) -> Option<T> {
        if reusable && !self.closed && self.idle.len() < IDLE_SOCKETS {
            self.idle.push(socket);
            None
        } else {
            Some(socket)
        }
    }

    /// Refuses every later [`Pool::take`] and returns the idle sockets, to be closed.
    pub(crate) fn close(&mut self) -> Vec<T> {
        self.closed = true;
        std::mem::take(&mut self.idle)
    }

    /// How many sockets wait in the pool.
    #[cfg(test)]
    pub(crate) fn idle(&self) -> usize {
        self.idle.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_returns_only_after_the_kernels_last_word() {
        let mut pool = Pool::new();
        assert!(matches!(pool.take(), Ok(None)), "empty: open one");
        assert_eq!(pool.give_back("finished", true), None);
        assert_eq!(
            pool.give_back("abandoned dump", false),
            Some("abandoned dump")
        );
        assert_eq!(pool.idle(), 1);
        assert!(matches!(pool.take(), Ok(Some("finished"))));
    }

    #[test]
    fn a_few_idle_sockets_are_kept() {
        let mut pool = Pool::new();
        for i in 0..IDLE_SOCKETS {
            assert_eq!(pool.give_back(i, true), None);
        }
        assert_eq!(pool.give_back(99, true), Some(99), "full: close it");
        assert_eq!(pool.idle(), IDLE_SOCKETS);
        assert!(matches!(pool.take(), Ok(Some(3))), "the most recent first");
    }

    #[test]
    fn a_closed_pool_keeps_nothing_and_gives_nothing() {
        let mut pool = Pool::new();
        assert_eq!(pool.give_back(1, true), None);
        assert_eq!(pool.close(), vec![1]);
        assert!(matches!(pool.take(), Err(Error::Closed)));
        assert_eq!(
            pool.give_back(2, true),
            Some(2),
            "a request in flight at close()"
        );
        assert_eq!(pool.idle(), 0);
    }
}
