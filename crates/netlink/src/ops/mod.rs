//! Typed RTNETLINK operations on [`Connection`]: links, addresses, routes, neighbours, rules.
//!
//! Each object kind has a module with an owned, plain description of the object (`Address`,
//! ...), the operations as `Connection` methods, and a streaming `for_each_*` variant that hands
//! out borrowed views in constant memory.

pub mod addr;
pub mod link;
pub mod link_kind;
pub mod neigh;
pub mod nexthop;
pub mod route;
pub mod rule;

use netlink_wire::{MessageType, Msg};

use crate::connection::Connection;
use crate::error::{Error, Result};

impl Connection {
    /// Streams a dump through `f`, one borrowed message at a time, in constant memory.
    /// Messages of other types than `t` are skipped.
    ///
    /// # Errors
    /// The first error of the dump or of `f`.
    pub fn dump_each(
        &self,
        bytes: Vec<u8>,
        t: MessageType,
        mut f: impl FnMut(Msg<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut dump = self.dump_bytes(bytes)?;
        while let Some(m) = dump.next_msg() {
            let m = m?;
            if m.message_type() == t {
                f(m)?;
            }
        }
        Ok(())
    }

    /// Sends a change request (NEW/DEL/SET) built by `build` and waits for the acknowledgement.
    pub(crate) fn send_built(
        &self,
        build: impl FnOnce(&mut Vec<u8>) -> netlink_wire::Result<usize>,
    ) -> Result<()> {
        let mut buf = Vec::with_capacity(256);
        build(&mut buf)?;
        self.request_bytes(buf).map(drop)
    }
}

/// An argument error, raised before anything is sent.
pub(crate) fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}
