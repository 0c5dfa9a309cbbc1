//! Corrupting a captured message at every byte: the "no silent loss" promise, checked.
//!
//! Each byte of the message is flipped (with a few masks) in turn. For every corrupted copy
//! that still parses, each accessor's answer is compared with its answer on the original:
//!
//! - an accessor whose attribute the corruption does not touch answers the same;
//! - when the corrupted byte is an `nla_len` that breaks the list's framing, an accessor of a
//!   number whose first attribute came before it answers the same, and every other accessor
//!   answers an error (the framing error, when the list breaks at that very attribute; at the
//!   least never `Ok(None)`, when the new length swallowed its neighbours and the list broke
//!   further on);
//! - an accessor whose own attribute holds the corrupted byte may answer anything but a panic
//!   (a corrupted payload is a different value), except that a corrupted nest is checked again
//!   one level down for the accessors that read inside it.

// Each family's test binary uses the helpers it needs.
#![allow(dead_code)]

use netlink_wire::attr::{NLA_HDRLEN, NLA_TYPE_MASK};
use netlink_wire::{Attrs, Error, Msg, align};

/// One accessor's answer on one message.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The accessor, for messages.
    pub(crate) name: &'static str,
    /// The attributes it reads, each a path of numbers from the top level down (`[PARMS,
    /// IFINDEX]` for an accessor inside the `NDTA_PARMS` nest).
    pub(crate) reads: Vec<Vec<u16>>,
    /// Whether it reads the family header too.
    pub(crate) header: bool,
    /// What it answered, `Ok` values formatted with `{:?}`.
    pub(crate) result: Result<String, Error>,
}

/// An [`Answer`] of accessor `name`, which reads attribute number `kind` only.
pub(crate) fn attr<T: core::fmt::Debug>(
    name: &'static str,
    kind: impl Into<u16>,
    result: Result<T, Error>,
) -> Answer {
    path(name, &[kind.into()], result)
}

/// An [`Answer`] of accessor `name`, which reads the attribute at `path` only.
pub(crate) fn path<T: core::fmt::Debug>(
    name: &'static str,
    path: &[u16],
    result: Result<T, Error>,
) -> Answer {
    Answer {
        name,
        reads: vec![path.to_vec()],
        header: false,
        result: result.map(|v| format!("{v:?}")),
    }
}

/// An [`Answer`] of a derived accessor `name`, which reads the top-level attributes `kinds`
/// and, when `header`, the family header.
pub(crate) fn derived<T: core::fmt::Debug>(
    name: &'static str,
    kinds: &[u16],
    header: bool,
    result: Result<T, Error>,
) -> Answer {
    Answer {
        name,
        reads: kinds.iter().map(|k| vec![*k]).collect(),
        header,
        result: result.map(|v| format!("{v:?}")),
    }
}

/// What a corrupted byte allows an answer to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expect {
    /// The original answer.
    Same,
    /// Anything but `Ok(None)`.
    NotNone,
    /// An error.
    Err,
    /// Anything: the corrupted byte is part of what the accessor reads.
    Free,
}

/// How often each kind of check ran, so that a test can tell it did check something.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// Corrupted copies that still parsed.
    pub(crate) parsed: usize,
    /// Answers that had to equal the original.
    pub(crate) same: usize,
    /// Answers that had to be the framing error.
    pub(crate) errors: usize,
    /// Answers that had to be anything but `Ok(None)`.
    pub(crate) not_none: usize,
}

/// One attribute of the original message: where it starts, its kind and payload length.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    kind: u16,
    payload: usize,
}

impl Span {
    fn end(&self) -> usize {
        self.start + align(NLA_HDRLEN + self.payload).unwrap()
    }
}

fn spans(msg: &[u8], range: core::ops::Range<usize>) -> Vec<Span> {
    Attrs::with_offset(&msg[range.clone()], range.start)
        .map_while(Result::ok)
        .map(|a| Span {
            start: a.offset(),
            kind: a.kind(),
            payload: a.payload().len(),
        })
        .collect()
}

fn expect_path(
    path: &[u16],
    orig: &[u8],
    corrupt: &[u8],
    range: core::ops::Range<usize>,
    p: usize,
) -> Expect {
    let list = spans(orig, range.clone());
    let Some(at) = list.iter().find(|s| s.start <= p && p < s.end()) else {
        return Expect::Same;
    };
    let kind = path[0];
    let first = list.iter().find(|s| s.kind == kind);
    let own = first.is_some_and(|f| f.start == at.start);
    match p - at.start {
        0 | 1 => {
            if first.is_some_and(|f| f.start < at.start) {
                return Expect::Same;
            }
            match Attrs::with_offset(&corrupt[range.clone()], range.start).validate() {
                // The new length frames the list again, differently: anything goes.
                Ok(()) => Expect::Free,
                Err(Error::BadLength { offset, .. } | Error::Truncated { offset, .. })
                    if offset == at.start =>
                {
                    Expect::Err
                }
                Err(_) => Expect::NotNone,
            }
        }
        2 | 3 => {
            let new = u16::from_ne_bytes([corrupt[at.start + 2], corrupt[at.start + 3]]);
            if own || new & NLA_TYPE_MASK == kind {
                Expect::Free
            } else {
                Expect::Same
            }
        }
        _ if own && path.len() > 1 => {
            let inner = at.start + NLA_HDRLEN..at.start + NLA_HDRLEN + at.payload;
            expect_path(&path[1..], orig, corrupt, inner, p)
        }
        _ if own => Expect::Free,
        _ => Expect::Same,
    }
}

/// Flips each byte of `msg` (one message, `fh_len` bytes of family header) with each of a few
/// masks and checks every answer of `answers` on the copy against its answer on `msg`, as the
/// module documentation says. `answers` returns `None` when the copy does not parse as the
/// family's view.
pub(crate) fn every_byte(
    msg: &[u8],
    fh_len: usize,
    answers: impl Fn(&[u8]) -> Option<Vec<Answer>>,
) -> Counts {
    let original = answers(msg).expect("the original parses");
    for a in &original {
        assert!(
            a.result.is_ok(),
            "{}: {:?} on the original",
            a.name,
            a.result
        );
    }
    let attrs_start = 16 + align(fh_len).unwrap();
    let mut counts = Counts::default();
    for p in 0..msg.len() {
        for mask in [0xff, 0x01, 0x80, 0x10] {
            let mut c = msg.to_vec();
            c[p] ^= mask;
            let Some(got) = answers(&c) else {
                continue;
            };
            // A shorter nlmsg_len that still parses cuts the message where it says: nothing to
            // tell apart from a shorter message.
            if Msg::parse(&c).unwrap().header().len() as usize != msg.len() {
                continue;
            }
            counts.parsed += 1;
            assert_eq!(got.len(), original.len());
            for (o, g) in original.iter().zip(&got) {
                let expect = if p < attrs_start {
                    if o.header { Expect::Free } else { Expect::Same }
                } else {
                    o.reads
                        .iter()
                        .map(|path| expect_path(path, msg, &c, attrs_start..msg.len(), p))
                        .max()
                        .unwrap_or(Expect::Same)
                };
                let what = format!("{} with byte {p} ^ {mask:#x}", o.name);
                match expect {
                    Expect::Same => {
                        counts.same += 1;
                        assert_eq!(g.result, o.result, "{what}");
                    }
                    Expect::Err => {
                        counts.errors += 1;
                        assert!(
                            matches!(
                                g.result,
                                Err(Error::BadLength { .. } | Error::Truncated { .. })
                            ),
                            "{what}: {:?} instead of the framing error",
                            g.result
                        );
                    }
                    Expect::NotNone => {
                        counts.not_none += 1;
                        assert!(
                            g.result.as_deref() != Ok("None"),
                            "{what}: Ok(None) after a broken frame"
                        );
                    }
                    Expect::Free => {}
                }
            }
        }
    }
    counts
}
