//! A waker that interrupts a blocked receive: an `eventfd` that [`Socket::recv_or_wake`] polls
//! next to the socket, so that a background reader can be stopped at once without a timeout
//! loop.
//!
//! # References
//!  - [eventfd(2)](https://man7.org/linux/man-pages/man2/eventfd.2.html)

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use rustix::event::{EventfdFlags, PollFd, PollFlags, eventfd};
use rustix::io::Errno;

use crate::error::{Error, Result};

/// An `eventfd(2)` that, once woken, stays readable until [`Waker::reset`].
///
/// [`Socket::recv_or_wake`](crate::Socket::recv_or_wake) returns `Ok(None)` while it is woken.
#[doc(alias = "eventfd")]
#[derive(Debug)]
pub struct Waker {
    fd: OwnedFd,
}

impl Waker {
    /// Creates a waker that is not woken (`EFD_CLOEXEC | EFD_NONBLOCK`).
    pub fn new() -> Result<Waker> {
        let fd = eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK)
            .map_err(|errno| Error::sys("eventfd", errno))?;
        Ok(Waker { fd })
    }

    /// Wakes every receive waiting on this waker, now and until [`Waker::reset`].
    pub fn wake(&self) -> Result<()> {
        match rustix::io::write(&self.fd, &1u64.to_ne_bytes()) {
            // The counter is saturated: it is woken already.
            Ok(_) | Err(Errno::AGAIN) => Ok(()),
            Err(errno) => Err(Error::sys("write(eventfd)", errno)),
        }
    }

    /// Waits at most `timeout` for a wake-up: `true` when woken (at once if it already is),
    /// `false` when the time passed. A signal does not end the wait early.
    ///
    /// # References
    ///  - [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html)
    pub fn wait(&self, timeout: Duration) -> Result<bool> {
        let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
        crate::socket::poll_until(&mut fds, Instant::now().checked_add(timeout)).map(|n| n > 0)
    }

    /// Clears the wake-up.
    pub fn reset(&self) -> Result<()> {
        let mut v = [0u8; 8];
        match rustix::io::read(&self.fd, &mut v) {
            Ok(_) | Err(Errno::AGAIN) => Ok(()),
            Err(errno) => Err(Error::sys("read(eventfd)", errno)),
        }
    }
}

impl AsFd for Waker {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_reports_a_wake_up_and_a_timeout_apart() {
        let waker = Waker::new().unwrap();
        assert!(!waker.wait(Duration::from_millis(20)).unwrap(), "not woken");
        waker.wake().unwrap();
        // Woken already: returns at once, however long it may wait, and stays woken.
        assert!(waker.wait(Duration::from_secs(3600)).unwrap());
        assert!(waker.wait(Duration::MAX).unwrap());
        waker.reset().unwrap();
        assert!(!waker.wait(Duration::ZERO).unwrap(), "reset");
        // Woken from another thread while waiting.
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                waker.wake().unwrap();
            });
            assert!(waker.wait(Duration::from_secs(3600)).unwrap());
        });
    }
}
