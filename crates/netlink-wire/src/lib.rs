//! The netlink wire format, with no I/O.
//!
//! `netlink-wire` turns bytes into borrowed views and builders into bytes: the `nlmsghdr`
//! [`Header`], the [`Messages`] iterator over a receive buffer, attributes ([`Attrs`],
//! [`AttrWrite`]), control messages ([`ErrorMsg`], [`DoneMsg`], [`ExtAck`]) and a
//! [`MessageBuilder`]. It never opens a socket, starts a thread or allocates on the parse path,
//! so it can parse bytes captured anywhere.
//!
//! # No panics
//! No input makes a decoder panic or loop: every byte string is either decoded or rejected with
//! an [`Error`] that says what was wrong and at which offset. Non-test code denies indexing,
//! `unwrap` and unchecked arithmetic; fuzzers and property tests check the promise.
//!
//! ```
//! use netlink_wire::{Messages, MessageType, ErrorMsg};
//!
//! // An acknowledgement (NLMSG_ERROR with error 0) for request 7, as the kernel sends it.
//! let bytes = [
//!     36, 0, 0, 0, 2, 0, 0, 1, 7, 0, 0, 0, 0x5d, 0x1f, 0, 0, // nlmsghdr, NLM_F_CAPPED
//!     0, 0, 0, 0,                                            // error 0
//!     32, 0, 0, 0, 16, 0, 5, 0, 7, 0, 0, 0, 0, 0, 0, 0,      // the request's header
//! ];
//! for msg in Messages::new(&bytes) {
//!     let msg = msg?;
//!     assert_eq!(msg.message_type(), MessageType::ERROR);
//!     let ack = ErrorMsg::parse(msg)?;
//!     assert!(ack.is_ack());
//!     assert_eq!(ack.request_header().seq(), 7);
//! }
//! # Ok::<(), netlink_wire::Error>(())
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::arithmetic_side_effects
    )
)]

#[macro_use]
mod macros;

mod ack;
mod align;
pub mod attr;
pub mod check;
mod error;
pub mod family;
pub mod genl;
mod header;
mod message;
pub mod parse;
pub mod rtnl;
pub mod typed;
pub mod xfrm;

pub use ack::{DoneMsg, ErrorMsg, ExtAck, ext_ack_attr};
pub use align::{ALIGNTO, align};
pub use attr::{Attr, AttrBuilder, AttrWrite, Attrs, Nest, StructView};
pub use error::{Error, Result};
pub use family::{FamilyInfo, FamilyMsg};
pub use header::{FlagContext, Flags, Header, MessageType};
pub use message::{Message, MessageBuilder, Messages, Msg, decode_message};
pub use typed::{AttrSpace, NestList, Nested, PutValue, Typed, TypedAttr, Value};
