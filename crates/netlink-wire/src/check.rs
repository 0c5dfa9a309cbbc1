//! Whole-buffer validation: run every decoder over a buffer and count what it found.
//!
//! The fuzz targets and the corpus-replay tests call [`walk`], so a crash found by the fuzzer
//! is replayed by `cargo test`; a user can call it to vet captured bytes.

use crate::ack::{DoneMsg, ErrorMsg, ExtAck};
use crate::attr::{Attr, Attrs};
use crate::family::FamilyInfo;
use crate::header::MessageType;
use crate::message::{Messages, Msg};
pub use crate::typed::{MAX_DEPTH, Summary, Walker};

/// Finds the declared family of a message type, for [`walk_with`].
pub type Registry<'r> = &'r dyn Fn(MessageType) -> Option<&'static FamilyInfo>;

/// Decodes every message in `bytes` (RTNETLINK: `NETLINK_ROUTE` bytes), every control message
/// and every attribute, following nested attributes (flagged, or whose payload parses as
/// attributes) to [`MAX_DEPTH`], and re-encodes every typed attribute (see
/// [`Summary::reencoded_differently`]).
#[must_use]
pub fn walk(bytes: &[u8]) -> Summary {
    walk_with(bytes, &crate::rtnl::family)
}

/// [`walk`] for the bytes of another netlink protocol, whose message types `families` maps to
/// their declarations: `&netlink_wire::genl::family` for generic netlink's fixed ids, or a
/// closure over the ids a family resolution gave.
#[must_use]
pub fn walk_with(bytes: &[u8], families: Registry<'_>) -> Summary {
    let mut w = Walker::new();
    for msg in Messages::new(bytes) {
        match msg {
            Ok(m) => walk_message_with(m, &mut w, families),
            Err(_) => w.error(),
        }
    }
    w.summary
}

/// Decodes `payload` as the body of one message of type `t` (family header and attributes),
/// with the typed view of its family: the entry point of the per-family fuzz targets, which
/// thus spend no effort on getting `nlmsghdr` right.
#[must_use]
pub fn walk_as(t: MessageType, payload: &[u8]) -> Summary {
    let mut w = Walker::new();
    let header = crate::header::Header::new(0, t, crate::header::Flags::EMPTY, 0, 0);
    walk_message(Msg::from_parts(&header, payload), &mut w);
    w.summary
}

/// Decodes one message the way [`walk`] does.
pub fn walk_message(m: Msg<'_>, w: &mut Walker) {
    walk_message_with(m, w, &crate::rtnl::family);
}

/// Decodes one message the way [`walk_with`] does.
pub fn walk_message_with(m: Msg<'_>, w: &mut Walker, families: Registry<'_>) {
    fn located<'a>(m: Msg<'a>, families: Registry<'_>) -> crate::Result<Attrs<'a>> {
        match families(m.message_type()) {
            Some(f) => (f.attrs)(m),
            None => m.attrs(0),
        }
    }
    let attrs = |m| located(m, families);
    let s = &mut w.summary;
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
                    match attrs(request) {
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
            match attrs(m) {
                Ok(a) => walk_attrs(a, 0, s),
                Err(_) => s.errors = s.errors.saturating_add(1),
            }
            if let Some(f) = families(t) {
                (f.walk)(m, w);
            }
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
    if let Ok(Some(p)) = x.policy() {
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
