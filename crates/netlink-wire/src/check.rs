//! Whole-buffer validation: run every decoder over a buffer and count what it found.
//!
//! The fuzz targets and the corpus-replay tests call [`walk`], so a crash found by the fuzzer
//! is replayed by `cargo test`; a user can call it to vet captured bytes.

use crate::ack::{DoneMsg, ErrorMsg, ExtAck};
use crate::attr::{Attr, Attrs};
use crate::header::MessageType;
use crate::message::{Messages, Msg};

/// How deep [`walk`] follows attributes that look nested.
pub const MAX_DEPTH: usize = 16;

/// What [`walk`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Messages decoded.
    pub messages: usize,
    /// Attributes decoded, nested ones included.
    pub attrs: usize,
    /// Errors met: malformed messages, attributes and control messages.
    pub errors: usize,
    /// `NLMSG_ERROR` messages with a non-zero error code.
    pub kernel_errors: usize,
    /// Attributes decoded into their family's typed enum.
    pub typed: usize,
    /// Typed accessors or typed attributes that rejected their payload (kept apart from
    /// `errors`: a captured message may carry an attribute newer than this crate's table).
    pub typed_errors: usize,
}

impl Summary {
    /// Counts one typed decode: into `typed` when it succeeded, else into `typed_errors`.
    #[inline]
    pub(crate) fn count<T>(&mut self, r: &crate::Result<T>) {
        match r {
            Ok(_) => self.typed = self.typed.saturating_add(1),
            Err(_) => self.typed_errors = self.typed_errors.saturating_add(1),
        }
    }
}

fn family_header_len(t: MessageType) -> usize {
    crate::rtnl::family_header_len(t).unwrap_or(0)
}

/// Decodes every message in `bytes`, every control message and every attribute, following
/// nested attributes (flagged, or whose payload parses as attributes) to [`MAX_DEPTH`].
#[must_use]
pub fn walk(bytes: &[u8]) -> Summary {
    let mut s = Summary::default();
    for msg in Messages::new(bytes) {
        match msg {
            Ok(m) => walk_message(m, &mut s),
            Err(_) => s.errors = s.errors.saturating_add(1),
        }
    }
    s
}

/// Decodes `payload` as the body of one message of type `t` (family header and attributes),
/// with the typed view of its RTNETLINK object kind: the entry point of the per-family fuzz
/// targets, which thus spend no effort on getting `nlmsghdr` right.
#[must_use]
pub fn walk_as(t: MessageType, payload: &[u8]) -> Summary {
    let mut s = Summary::default();
    let header = crate::header::Header::new(0, t, crate::header::Flags::EMPTY, 0, 0);
    walk_message(Msg::from_parts(&header, payload), &mut s);
    s
}

/// Decodes one message the way [`walk`] does.
pub fn walk_message(m: Msg<'_>, s: &mut Summary) {
    s.messages = s.messages.saturating_add(1);
    let _ = format_args!("{:?}", m.header());
    match m.message_type() {
        MessageType::ERROR => match ErrorMsg::parse(m) {
            Ok(e) => {
                if !e.is_ack() {
                    s.kernel_errors = s.kernel_errors.saturating_add(1);
                }
                let _ = e.errno();
                if let Some(p) = e.request_payload() {
                    // The echoed request is a message of its own: skip its family header.
                    let request = Msg::from_parts(e.request_header(), p);
                    match request.attrs(family_header_len(request.message_type())) {
                        Ok(a) => walk_attrs(a, 0, s),
                        Err(_) => s.errors = s.errors.saturating_add(1),
                    }
                }
                walk_ext_ack(e.ext_ack(), s);
            }
            Err(_) => s.errors = s.errors.saturating_add(1),
        },
        MessageType::DONE => match DoneMsg::parse(m) {
            Ok(d) => walk_ext_ack(d.ext_ack(), s),
            Err(_) => s.errors = s.errors.saturating_add(1),
        },
        t => {
            match m.attrs(family_header_len(t)) {
                Ok(a) => walk_attrs(a, 0, s),
                Err(_) => s.errors = s.errors.saturating_add(1),
            }
            crate::rtnl::walk_typed(m, s);
        }
    }
}

fn walk_ext_ack(x: ExtAck<'_>, s: &mut Summary) {
    let results = [
        x.message().map(drop),
        x.offset().map(drop),
        x.missing_type().map(drop),
        x.missing_nest().map(drop),
    ];
    s.errors = s
        .errors
        .saturating_add(results.iter().filter(|r| r.is_err()).count());
    let _ = x.cookie();
    if let Some(p) = x.policy() {
        walk_attrs(p, 1, s);
    }
    walk_attrs(x.attrs(), 0, s);
}

fn walk_attrs(attrs: Attrs<'_>, depth: usize, s: &mut Summary) {
    walk_attrs_in(attrs, depth, true, s);
}

/// Walks a list; `trusted` is false inside a payload that was only guessed to be a nest (no
/// `NLA_F_NESTED` on the way), where a malformed attribute is no fault of the message.
fn walk_attrs_in(attrs: Attrs<'_>, depth: usize, trusted: bool, s: &mut Summary) {
    for a in attrs {
        match a {
            Ok(a) => walk_attr(a, depth, trusted, s),
            Err(_) if trusted => s.errors = s.errors.saturating_add(1),
            Err(_) => {}
        }
    }
}

fn walk_attr(a: Attr<'_>, depth: usize, trusted: bool, s: &mut Summary) {
    s.attrs = s.attrs.saturating_add(1);
    // Every typed accessor must answer, right or wrong, without panicking.
    let _ = (
        a.as_u8(),
        a.as_u16(),
        a.as_u32(),
        a.as_u64(),
        a.as_i32(),
        a.as_uint(),
    );
    let _ = (a.as_be16(), a.as_be32(), a.as_str(), a.as_ip(), a.as_mac());
    let _: [u64; 3] = a.read_zero_extended();
    let nested = a.nested();
    if depth >= MAX_DEPTH {
        return;
    }
    if a.is_nested() {
        walk_attrs_in(nested, depth.saturating_add(1), trusted, s);
    } else if !a.payload().is_empty() && nested.validate().is_ok() {
        // Many RTNETLINK nests carry no flag: walk what parses as one, without blaming it.
        walk_attrs_in(nested, depth.saturating_add(1), false, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_survives_garbage() {
        assert_eq!(walk(&[]), Summary::default());
        let s = walk(&[0xff; 64]);
        assert_eq!(s.errors, 1);
        assert_eq!(s.messages, 0);
    }
}
