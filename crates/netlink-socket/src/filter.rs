//! Classic BPF socket filters (`SO_ATTACH_FILTER`): programs the kernel runs on every datagram
//! before it queues it, so that what a reader does not want never reaches its receive buffer
//! (and never counts towards an overrun).
//!
//! This module only attaches programs; `netlink::NotifyFilter` generates them from typed
//! conditions. The instruction encoding is `include/uapi/linux/filter.h`'s.

use std::os::fd::AsFd;

use crate::error::{Error, Result};
use crate::socket::Socket;
use crate::sys;

/// One classic BPF instruction, `struct sock_filter`: an opcode, two forward jump offsets
/// (taken, not taken) and a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BpfInstruction {
    /// `code`: class, size, mode or operation bits (`BPF_LD | BPF_H | BPF_ABS` ...).
    pub code: u16,
    /// `jt`: instructions to skip when a conditional jump is taken.
    pub jt: u8,
    /// `jf`: instructions to skip when it is not.
    pub jf: u8,
    /// `k`: the constant operand.
    pub k: u32,
}

impl Socket {
    /// `SO_ATTACH_FILTER`: runs `program` on every datagram the socket would queue and keeps
    /// only those it accepts (a non-zero return). Replaces any earlier filter. The kernel
    /// checks the program and refuses an invalid one with `EINVAL`.
    ///
    /// # Errors
    /// The errno of `setsockopt`: `EINVAL` for an invalid program or one longer than 65,535
    /// instructions, `EPERM` when the filter is locked.
    #[doc(alias = "SO_ATTACH_FILTER")]
    pub fn attach_filter(&self, program: &[BpfInstruction]) -> Result<()> {
        let words: Vec<libc::sock_filter> = program
            .iter()
            .map(|i| libc::sock_filter {
                code: i.code,
                jt: i.jt,
                jf: i.jf,
                k: i.k,
            })
            .collect();
        sys::attach_filter(self.as_fd(), &words)
            .map_err(|errno| Error::sys("setsockopt(SO_ATTACH_FILTER)", errno))
    }

    /// `SO_DETACH_FILTER`: removes the filter; every datagram is queued again.
    ///
    /// # Errors
    /// `ENOENT` when no filter is attached, `EPERM` when it is locked.
    #[doc(alias = "SO_DETACH_FILTER")]
    pub fn detach_filter(&self) -> Result<()> {
        sys::detach_filter(self.as_fd())
            .map_err(|errno| Error::sys("setsockopt(SO_DETACH_FILTER)", errno))
    }

    /// `SO_LOCK_FILTER`: the attached filter can no longer be replaced or removed, not even by
    /// this process (for a socket handed to less trusted code).
    ///
    /// # Errors
    /// The errno of `setsockopt`.
    #[doc(alias = "SO_LOCK_FILTER")]
    pub fn lock_filter(&self) -> Result<()> {
        sys::lock_filter(self.as_fd())
            .map_err(|errno| Error::sys("setsockopt(SO_LOCK_FILTER)", errno))
    }
}
