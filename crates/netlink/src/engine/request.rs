//! A request before and after the socket: its sequence number, its header stamped through
//! [`Header`], and its replies collected into a [`Response`].

use std::sync::atomic::{AtomicU32, Ordering};

use netlink_wire::{Flags, Header, Message};
use zerocopy::FromBytes;

use super::exchange::{Exchange, Mode, Step};
use crate::error::{Error, Result};

/// The sequence numbers of one connection, shared by every thread that sends on it.
#[derive(Debug)]
pub(crate) struct Sequence(AtomicU32);

impl Sequence {
    /// Numbers from 1 on.
    pub(crate) fn new() -> Self {
        Sequence::starting_at(1)
    }

    /// Numbers from `first` on.
    pub(crate) fn starting_at(first: u32) -> Self {
        Sequence(AtomicU32::new(first))
    }

    /// The next number. It wraps after `u32::MAX` and is never 0, which is what notifications
    /// carry, so that no reply can be mistaken for one and no notification for a reply.
    pub(crate) fn next(&self) -> u32 {
        loop {
            let s = self.0.fetch_add(1, Ordering::Relaxed);
            if s != 0 {
                return s;
            }
        }
    }
}

/// Stamps the one request in `bytes`: adds `flags` to its own and sets its sequence number, in
/// place through [`Header`]. The port id is left as built (0 from our builders), as `ip` and `tc`
/// send it: the kernel answers the sending socket whatever the header says, and the captured
/// requests of the tools stay a byte-for-byte oracle.
///
/// # Errors
/// [`Error::InvalidRequest`] when `bytes` is shorter than a header, when `nlmsg_len` is not
/// their length (one message, whole), or when the type is a control type (`NLMSG_*`), which no
/// request has.
pub(crate) fn stamp(bytes: &mut [u8], flags: Flags, seq: u32) -> Result<()> {
    let total = bytes.len();
    let (header, _) = Header::mut_from_prefix(bytes)
        .map_err(|_| Error::InvalidRequest("shorter than a header"))?;
    if usize::try_from(header.len()).ok() != Some(total) {
        return Err(Error::InvalidRequest(
            "nlmsg_len does not match the request's length",
        ));
    }
    if header.message_type().is_control() {
        return Err(Error::InvalidRequest(
            "a control message type is not a request",
        ));
    }
    header.set_flags(header.flags() | flags);
    header.set_seq(seq);
    Ok(())
}

/// The replies to a request, in order, without the final acknowledgement, and the warning the
/// kernel put on that acknowledgement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    messages: Vec<Message>,
    warning: Option<String>,
}

impl Response {
    /// The reply messages (empty for a request the kernel only acknowledged).
    #[must_use]
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The first reply message, if any.
    #[must_use]
    pub fn first(&self) -> Option<&Message> {
        self.messages.first()
    }

    /// The first reply of type `t`: what a lookup (`RTM_GETROUTE` for one destination, ...)
    /// answers with.
    ///
    /// # Errors
    /// [`Error::MissingReply`] when the kernel acknowledged the request without one.
    pub fn require(&self, t: netlink_wire::MessageType) -> Result<&Message> {
        self.messages
            .iter()
            .find(|m| m.message_type() == t)
            .ok_or(Error::MissingReply { expected: t })
    }

    /// The warning the kernel attached to its acknowledgement of a change that worked (the
    /// extended-ACK message, `NLMSGERR_ATTR_MSG`, on an `NLMSG_ERROR` of errno 0), such as
    /// htb's `sch_htb: quantum of class 10001 is small. Consider r2q change.`: what `tc` and
    /// `ip` print after `Warning:`. `None` when the acknowledgement carried none.
    #[must_use]
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Takes the reply messages.
    #[must_use]
    pub fn into_messages(self) -> Vec<Message> {
        self.messages
    }
}

impl IntoIterator for Response {
    type Item = Message;
    type IntoIter = std::vec::IntoIter<Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.messages.into_iter()
    }
}

/// One request's exchange: the datagrams the kernel answers with go in, the [`Response`] or
/// the error comes out.
#[derive(Debug)]
pub(crate) struct RequestFlow {
    exchange: Exchange,
    messages: Vec<Message>,
}

impl RequestFlow {
    /// The flow of the request stamped with `seq` and sent from `port_id`.
    pub(crate) fn new(seq: u32, port_id: u32) -> Self {
        RequestFlow {
            exchange: Exchange::new(seq, port_id, Mode::Request),
            messages: Vec::new(),
        }
    }

    /// Takes one datagram; `Some` when the exchange has ended with it.
    pub(crate) fn feed(&mut self, datagram: &[u8]) -> Option<Result<Response>> {
        let mut pos = 0;
        while let Some(step) = self.exchange.next_in(datagram, &mut pos) {
            match step {
                Step::Item(m) => self.messages.push(m.to_owned()),
                Step::Done => {
                    let messages = std::mem::take(&mut self.messages);
                    let warning = self.exchange.take_warning();
                    return Some(Ok(Response { messages, warning }));
                }
                Step::Fail(e) => return Some(Err(e)),
            }
        }
        None
    }

    /// Ends the exchange where it is: a receive failed or timed out.
    pub(crate) fn abandon(&mut self) {
        self.exchange.abandon();
    }

    /// Whether the socket may carry another request ([`Exchange::reusable`]).
    pub(crate) fn reusable(&self) -> bool {
        self.exchange.reusable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::script::{PORT, SEQ, error, notification, route};
    use crate::error::Errno;
    use netlink_wire::{MessageBuilder, MessageType};

    #[test]
    fn sequence_numbers_are_never_zero_and_wrap() {
        let s = Sequence::new();
        assert_eq!((s.next(), s.next()), (1, 2));
        let s = Sequence::starting_at(u32::MAX - 1);
        assert_eq!(
            [s.next(), s.next(), s.next(), s.next()],
            [u32::MAX - 1, u32::MAX, 1, 2],
            "0 is skipped when the counter wraps"
        );
        let s = Sequence::starting_at(0);
        assert_eq!(s.next(), 1);
    }

    #[test]
    fn sequence_numbers_are_unique_across_threads() {
        let s = Sequence::starting_at(u32::MAX - 500);
        let mut all: Vec<u32> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| (0..250).map(|_| s.next()).collect::<Vec<_>>()))
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap())
                .collect()
        });
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 1000);
        assert!(!all.contains(&0));
    }

    fn request(flags: Flags) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut b = MessageBuilder::new(&mut buf, MessageType(26), flags);
        b.family_header(&[2u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        b.finish().unwrap();
        buf
    }

    #[test]
    fn stamping_sets_flags_and_sequence_through_the_header() {
        let mut bytes = request(Flags::ROOT);
        let before = bytes.clone();
        stamp(&mut bytes, Flags::REQUEST | Flags::ACK, 9).unwrap();
        let h = Header::parse(&bytes).unwrap();
        assert_eq!(h.flags(), Flags::ROOT | Flags::REQUEST | Flags::ACK);
        // The port id stays 0, as ip and tc send it.
        assert_eq!((h.seq(), h.port_id()), (9, 0));
        assert_eq!(
            (h.len() as usize, h.message_type()),
            (before.len(), MessageType(26))
        );
        assert_eq!(
            bytes[Header::LEN..],
            before[Header::LEN..],
            "the payload is untouched"
        );
        // Stamping again (a restarted dump) replaces the number and keeps the flags.
        stamp(&mut bytes, Flags::REQUEST | Flags::DUMP, 10).unwrap();
        let h = Header::parse(&bytes).unwrap();
        assert_eq!((h.seq(), h.port_id()), (10, 0));
        assert_eq!(
            h.flags(),
            Flags::ROOT | Flags::REQUEST | Flags::ACK | Flags::DUMP
        );
    }

    #[test]
    fn stamping_refuses_what_is_not_one_request() {
        let whole = request(Flags::EMPTY);
        for cut in 0..whole.len() {
            let mut bytes = whole[..cut].to_vec();
            assert!(
                matches!(
                    stamp(&mut bytes, Flags::REQUEST, 1),
                    Err(Error::InvalidRequest(_))
                ),
                "a request cut to {cut} bytes was stamped"
            );
            assert_eq!(bytes, whole[..cut], "a refused request is left as it was");
        }
        let mut two = whole.clone();
        two.extend_from_slice(&whole);
        assert!(matches!(
            stamp(&mut two, Flags::REQUEST, 1),
            Err(Error::InvalidRequest(_))
        ));
        let mut control = Vec::new();
        MessageBuilder::new(&mut control, MessageType::DONE, Flags::EMPTY)
            .finish()
            .unwrap();
        assert!(matches!(
            stamp(&mut control, Flags::REQUEST, 1),
            Err(Error::InvalidRequest(_))
        ));
    }

    #[test]
    fn a_request_collects_its_replies_until_the_acknowledgement() {
        let mut flow = RequestFlow::new(SEQ, PORT);
        let mut d1 = Vec::new();
        route(&mut d1, Flags::EMPTY, SEQ);
        notification(&mut d1); // not ours: sequence number 0
        assert!(flow.feed(&d1).is_none(), "no acknowledgement yet");
        assert!(!flow.reusable());
        let mut d2 = Vec::new();
        route(&mut d2, Flags::EMPTY, SEQ);
        error(&mut d2, 0, None, None);
        let response = flow.feed(&d2).unwrap().unwrap();
        assert_eq!(response.messages().len(), 2);
        assert_eq!(response.warning(), None);
        assert!(flow.reusable());
        assert_eq!(response.require(MessageType(24)).unwrap().header.seq(), SEQ);
        assert!(matches!(
            response.require(MessageType(16)),
            Err(Error::MissingReply {
                expected: MessageType(16)
            })
        ));
    }

    #[test]
    fn a_refused_request_ends_with_the_kernels_error_and_a_timeout_discards_the_socket() {
        let mut flow = RequestFlow::new(SEQ, PORT);
        let mut d = Vec::new();
        error(&mut d, -17, Some("exists"), None);
        assert!(matches!(flow.feed(&d), Some(Err(Error::Kernel(k))) if k.errno == Errno::EXIST));
        assert!(flow.reusable(), "the kernel said its last word");

        let mut flow = RequestFlow::new(SEQ, PORT);
        flow.abandon();
        assert!(!flow.reusable(), "the answer may still come");
    }

    #[test]
    fn the_warning_on_an_acknowledgement_reaches_the_response() {
        // The kernel's extended ACK on success: errno 0, NLMSGERR_ATTR_MSG, as htb sends it.
        let text = "sch_htb: quantum of class 10001 is small. Consider r2q change.";
        let mut flow = RequestFlow::new(SEQ, PORT);
        let mut d = Vec::new();
        error(&mut d, 0, Some(text), None);
        let response = flow.feed(&d).unwrap().unwrap();
        assert_eq!(response.warning(), Some(text));
        assert!(response.messages().is_empty());

        // A warning that does not decode (an attribute running past the message) is an error.
        let mut bad = Vec::new();
        error(&mut bad, 0, Some(text), None);
        // The attribute follows the header, the errno and the capped echo of the request.
        let at = Header::LEN + netlink_wire::ErrorMsg::LEN;
        bad[at..at + 2].copy_from_slice(&200u16.to_ne_bytes());
        let mut flow = RequestFlow::new(SEQ, PORT);
        assert!(matches!(flow.feed(&bad), Some(Err(Error::Decode(_)))));
    }
}
