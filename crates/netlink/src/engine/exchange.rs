//! One request or dump on one socket: which replies are ours, when the exchange ends, and how
//! it failed. Every reply is parsed once, by [`Exchange::next_in`], and the [`Msg`] it parsed
//! is what the caller receives.

use netlink_wire::{DoneMsg, ErrorMsg, Flags, Header, MessageType, Messages, Msg};

use crate::error::{Error, KernelError};

/// What the exchange waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A request sent with `NLM_F_ACK`: replies until the acknowledgement or an error.
    Request,
    /// A dump (`NLM_F_DUMP`): a multi-part reply ended by `NLMSG_DONE`.
    Dump,
}

/// One step through a datagram.
#[derive(Debug)]
pub(crate) enum Step<'a> {
    /// A reply that belongs to the caller.
    Item(Msg<'a>),
    /// The exchange completed successfully.
    Done,
    /// The exchange failed; nothing more belongs to it.
    Fail(Error),
}

/// How an exchange ended, which decides whether its socket may serve another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The kernel's last word arrived (an acknowledgement, `NLMSG_ERROR` or `NLMSG_DONE`, with
    /// or without an errno): nothing more of this exchange is queued on the socket.
    Final,
    /// It stopped before its last word (overrun, undecodable bytes, a receive error or timeout,
    /// or the caller gave up): replies may still be queued or on their way.
    Cut,
}

/// The state of one request or dump on one socket.
#[derive(Debug)]
pub(crate) struct Exchange {
    seq: u32,
    port_id: u32,
    mode: Mode,
    interrupted: bool,
    end: Option<End>,
    /// Messages skipped because their sequence number or port id was not ours.
    foreign: u64,
    /// The warning (`NLMSGERR_ATTR_MSG`) the kernel put on a successful last word.
    warning: Option<String>,
}

impl Exchange {
    pub(crate) fn new(seq: u32, port_id: u32, mode: Mode) -> Self {
        Exchange {
            seq,
            port_id,
            mode,
            interrupted: false,
            end: None,
            foreign: 0,
            warning: None,
        }
    }

    /// Takes the warning the kernel attached to the acknowledgement (or the `NLMSG_DONE`) that
    /// ended the exchange successfully: the extended-ACK message of a change that worked, such
    /// as htb's `quantum of class 10001 is small`, which `tc` prints after `Warning:`.
    pub(crate) fn take_warning(&mut self) -> Option<String> {
        self.warning.take()
    }

    /// Whether the exchange is over, one way or the other.
    #[inline]
    pub(crate) fn ended(&self) -> bool {
        self.end.is_some()
    }

    /// Whether the socket may carry another exchange: only when this one read the kernel's
    /// last word, so that no reply of it can reach the next one. The pool's rule
    /// ([`Pool::give_back`](super::pool::Pool::give_back)).
    pub(crate) fn reusable(&self) -> bool {
        self.end == Some(End::Final)
    }

    /// Ends the exchange where it is, unless it has ended already: the caller stopped reading
    /// it (a receive failed, the dump was dropped or restarted half way).
    pub(crate) fn abandon(&mut self) {
        self.end.get_or_insert(End::Cut);
    }

    /// How many messages were skipped because another exchange's sequence number or another
    /// port id was on them.
    #[cfg(test)]
    pub(crate) fn foreign(&self) -> u64 {
        self.foreign
    }

    /// Walks `datagram` from `*pos` to the next step and leaves `*pos` after it; `None` when
    /// the rest of the datagram holds nothing for this exchange (receive the next one), or the
    /// exchange has ended. Each message is parsed once, here; an item is that parse.
    #[inline]
    pub(crate) fn next_in<'a>(&mut self, datagram: &'a [u8], pos: &mut usize) -> Option<Step<'a>> {
        if self.end.is_some() {
            return None;
        }
        let mut msgs = Messages::resume(datagram, *pos);
        loop {
            let m = msgs.next();
            *pos = msgs.position();
            match m? {
                Ok(m) if self.passes_over(m.header()) => {}
                Ok(m) => return Some(self.take(m)),
                Err(e) => return Some(self.fail(Error::Decode(e), End::Cut)),
            }
        }
    }

    /// Hands every item of `datagram` from `*pos` on to `f` in one walk, leaving `*pos` after
    /// the last message read: `Ok(None)` when the datagram is spent (or the exchange had
    /// ended), `Ok(Some(end))` when the exchange ended in it (`Ok(())` done, `Err` failed),
    /// `f`'s error as it came. The same steps as [`Exchange::next_in`] called until it answers
    /// `None`, without building a step for each item.
    #[inline]
    pub(crate) fn items_in<'a, E>(
        &mut self,
        datagram: &'a [u8],
        pos: &mut usize,
        f: &mut impl FnMut(Msg<'a>) -> Result<(), E>,
    ) -> Result<Option<Result<(), Error>>, E> {
        if self.end.is_some() {
            return Ok(None);
        }
        let mut msgs = Messages::resume(datagram, *pos);
        while let Some(m) = msgs.next() {
            *pos = msgs.position();
            let step = match m {
                Ok(m) if self.passes_over(m.header()) => continue,
                Ok(m) => self.take(m),
                Err(e) => self.fail(Error::Decode(e), End::Cut),
            };
            match step {
                Step::Item(m) => f(m)?,
                Step::Done => return Ok(Some(Ok(()))),
                Step::Fail(e) => return Ok(Some(Err(e))),
            }
        }
        Ok(None)
    }

    /// Moves `*pos` over the messages that carry nothing for this exchange, without taking the
    /// one after them: `true` when one that does (or a broken frame) is at `*pos`, `false` when
    /// the datagram holds nothing more. [`Exchange::take_at`] then reads it.
    ///
    /// [`Exchange::next_in`] does both in one walk; this pair serves a caller that must know
    /// the datagram holds a step before it lends one out (the dump cursor after a datagram of
    /// strangers), at the cost of reading that one message's header twice.
    pub(crate) fn skip(&mut self, datagram: &[u8], pos: &mut usize) -> bool {
        let mut msgs = Messages::resume(datagram, *pos);
        while let Some(m) = msgs.next() {
            match m {
                Ok(m) if self.passes_over(m.header()) => *pos = msgs.position(),
                _ => return true,
            }
        }
        false
    }

    /// The step of the message at `*pos`, which [`Exchange::skip`] found, and moves past it.
    /// A missing or broken message there is a decode error, as anywhere else.
    pub(crate) fn take_at<'a>(&mut self, datagram: &'a [u8], pos: &mut usize) -> Step<'a> {
        if self.end.is_some() {
            // Only a caller that ignored the end gets here; nothing more belongs to it.
            return Step::Fail(Error::Closed);
        }
        let mut msgs = Messages::resume(datagram, *pos);
        let m = msgs.next().unwrap_or(Err(netlink_wire::Error::Truncated {
            what: "nlmsghdr",
            offset: *pos,
            needed: Header::LEN,
            available: 0,
        }));
        *pos = msgs.position();
        match m {
            Ok(m) => self.take(m),
            Err(e) => self.fail(Error::Decode(e), End::Cut),
        }
    }

    /// Whether `h` carries nothing for this exchange: another sequence number or port id
    /// (counted in [`Exchange::foreign`]), or `NLMSG_NOOP`.
    #[inline]
    fn passes_over(&mut self, h: &Header) -> bool {
        // The kernel addresses replies to our port id; some families leave it 0.
        if h.seq() != self.seq || (h.port_id() != 0 && h.port_id() != self.port_id) {
            self.foreign = self.foreign.saturating_add(1);
            return true;
        }
        h.message_type() == MessageType::NOOP
    }

    /// The step of one message of ours.
    #[inline]
    fn take<'a>(&mut self, m: Msg<'a>) -> Step<'a> {
        let flags = m.flags();
        if flags.contains(Flags::DUMP_INTR) {
            self.interrupted = true;
        }
        if m.message_type().is_control() {
            self.take_control(m)
        } else {
            Step::Item(m)
        }
    }

    /// The step of a control message of ours (below `NLMSG_MIN_TYPE`): out of line, since
    /// a dump has one and the data messages before it take the inlined path of `take`.
    #[inline(never)]
    fn take_control<'a>(&mut self, m: Msg<'a>) -> Step<'a> {
        match m.message_type() {
            MessageType::OVERRUN => self.fail(Error::Overrun, End::Cut),
            MessageType::ERROR => match ErrorMsg::parse(m) {
                Ok(e) if e.is_ack() => self.done_with(e.ext_ack().message()),
                Ok(e) => self.fail(KernelError::from_error_msg(&e), End::Final),
                Err(e) => self.fail(Error::Decode(e), End::Cut),
            },
            MessageType::DONE => match DoneMsg::parse(m) {
                Ok(d) if d.code() == 0 => self.done_with(d.ext_ack().message()),
                Ok(d) => self.fail(
                    KernelError::error(d.errno(), d.ext_ack(), self.seq),
                    End::Final,
                ),
                Err(e) => self.fail(Error::Decode(e), End::Cut),
            },
            // Other control types below NLMSG_MIN_TYPE are reserved; hand them over as data,
            // as unknown types are everywhere else.
            _ => Step::Item(m),
        }
    }

    /// The end of a successful exchange whose last word carried `warning`. A warning that does
    /// not decode fails the exchange, as any malformed reply does.
    fn done_with<'a>(&mut self, warning: netlink_wire::Result<Option<&str>>) -> Step<'a> {
        match warning {
            Ok(w) => {
                self.warning = w.map(str::to_owned);
                self.done()
            }
            Err(e) => self.fail(Error::Decode(e), End::Final),
        }
    }

    fn done<'a>(&mut self) -> Step<'a> {
        if self.mode == Mode::Dump && self.interrupted {
            self.fail(Error::DumpInterrupted, End::Final)
        } else {
            self.end = Some(End::Final);
            Step::Done
        }
    }

    fn fail<'a>(&mut self, e: Error, end: End) -> Step<'a> {
        self.end = Some(end);
        Step::Fail(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::script::{PORT, SEQ, done, error, reply, route};
    use crate::error::Errno;

    /// Runs the exchange over `datagrams`; returns the number of items, the end and the count
    /// of foreign messages.
    fn run(mode: Mode, datagrams: &[Vec<u8>]) -> (usize, Option<Result<(), Error>>, u64) {
        let mut x = Exchange::new(SEQ, PORT, mode);
        let mut items = 0;
        for d in datagrams {
            let mut pos = 0;
            while let Some(step) = x.next_in(d, &mut pos) {
                match step {
                    Step::Item(m) => {
                        assert_eq!(m.seq(), SEQ);
                        items += 1;
                    }
                    Step::Done => return (items, Some(Ok(())), x.foreign()),
                    Step::Fail(e) => return (items, Some(Err(e)), x.foreign()),
                }
            }
        }
        (items, None, x.foreign())
    }

    #[test]
    fn multi_part_dump_across_datagrams() {
        let mut d1 = Vec::new();
        for _ in 0..3 {
            route(&mut d1, Flags::MULTI, SEQ);
        }
        let mut d2 = Vec::new();
        route(&mut d2, Flags::MULTI, SEQ);
        let mut d3 = Vec::new();
        done(&mut d3, Flags::MULTI, 0, None);
        let (items, end, _) = run(Mode::Dump, &[d1.clone(), d2.clone()]);
        assert_eq!(
            (items, end.is_none()),
            (4, true),
            "no DONE yet: keep receiving"
        );
        let (items, end, _) = run(Mode::Dump, &[d1, d2, d3]);
        assert_eq!(items, 4);
        assert!(matches!(end, Some(Ok(()))));
    }

    #[test]
    fn items_are_the_parse_of_the_datagram_itself() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        let second = d.len();
        route(&mut d, Flags::MULTI, SEQ);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        let mut pos = 0;
        for at in [0, second] {
            let Some(Step::Item(m)) = x.next_in(&d, &mut pos) else {
                panic!("no item at {at}")
            };
            // The view points into the datagram: nothing was copied or parsed again.
            assert_eq!(m.offset(), at);
            assert!(std::ptr::addr_eq(
                m.header() as *const Header,
                d[at..].as_ptr()
            ));
        }
        assert_eq!(pos, d.len());
    }

    #[test]
    fn acknowledgement_ends_a_request() {
        let mut d = Vec::new();
        route(&mut d, Flags::EMPTY, SEQ);
        error(&mut d, 0, None, None);
        let (items, end, _) = run(Mode::Request, &[d]);
        assert_eq!(items, 1);
        assert!(matches!(end, Some(Ok(()))));
    }

    #[test]
    fn error_with_ext_ack_becomes_a_kernel_error() {
        let mut d = Vec::new();
        error(&mut d, -22, Some("Nexthop device is not up"), Some(32));
        let (_, end, _) = run(Mode::Request, &[d]);
        let Some(Err(Error::Kernel(k))) = end else {
            panic!("{end:?}")
        };
        assert_eq!(k.errno, Errno::INVAL);
        assert_eq!(k.seq, SEQ);
        assert_eq!(
            k.to_string(),
            "Invalid argument (EINVAL): Nexthop device is not up (attribute at offset 32)"
        );
    }

    #[test]
    fn an_error_code_that_is_no_errno_is_a_malformed_reply_not_a_panic() {
        for code in [5, -4096, i32::MIN, i32::MAX] {
            let mut d = Vec::new();
            error(&mut d, code, None, None);
            let (_, end, _) = run(Mode::Request, &[d]);
            assert!(
                matches!(end, Some(Err(Error::MalformedReply(_)))),
                "{code}: {end:?}"
            );
            let mut d = Vec::new();
            done(&mut d, Flags::MULTI, code, None);
            let (_, end, _) = run(Mode::Dump, &[d]);
            assert!(
                matches!(end, Some(Err(Error::MalformedReply(_)))),
                "{code}: {end:?}"
            );
        }
    }

    #[test]
    fn done_with_an_errno_fails_the_dump() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        done(&mut d, Flags::MULTI, -95, Some("filter not supported"));
        let (items, end, _) = run(Mode::Dump, &[d]);
        assert_eq!(items, 1);
        let Some(Err(Error::Kernel(k))) = end else {
            panic!("{end:?}")
        };
        assert_eq!(k.errno, Errno::OPNOTSUPP);
        assert_eq!(k.message.as_deref(), Some("filter not supported"));
    }

    #[test]
    fn dump_intr_is_reported_after_every_item() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        route(&mut d, Flags::MULTI | Flags::DUMP_INTR, SEQ);
        route(&mut d, Flags::MULTI | Flags::DUMP_INTR, SEQ);
        done(&mut d, Flags::MULTI | Flags::DUMP_INTR, 0, None);
        let (items, end, _) = run(Mode::Dump, &[d]);
        assert_eq!(items, 3);
        assert!(matches!(end, Some(Err(Error::DumpInterrupted))));
    }

    #[test]
    fn strangers_and_notifications_are_skipped_and_counted() {
        // A dump: a stale reply to an earlier request, ours, one addressed to another port,
        // ours with port 0 (accepted), NLMSG_NOOP, the end.
        let mut dump = Vec::new();
        route(&mut dump, Flags::MULTI, SEQ - 1);
        route(&mut dump, Flags::MULTI, SEQ);
        reply(&mut dump, 24, Flags::MULTI, SEQ, PORT + 1, &[0; 12]);
        reply(&mut dump, 24, Flags::MULTI, SEQ, 0, &[0; 12]);
        reply(&mut dump, 1, Flags::EMPTY, SEQ, PORT, &[]);
        done(&mut dump, Flags::MULTI, 0, None);
        // A request: its reply, a notification (sequence number 0), the acknowledgement.
        let mut request = Vec::new();
        route(&mut request, Flags::MULTI, SEQ);
        reply(&mut request, 16, Flags::EMPTY, 0, 0, &[0; 16]);
        error(&mut request, 0, None, None);
        for (mode, d, expected) in [(Mode::Dump, dump, (2, 2)), (Mode::Request, request, (1, 1))] {
            let (items, end, foreign) = run(mode, &[d]);
            assert_eq!((items, foreign), expected, "{mode:?}");
            assert!(matches!(end, Some(Ok(()))));
        }
    }

    #[test]
    fn malformed_datagram_is_a_decode_error_with_offset() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        let at = d.len();
        d.extend_from_slice(&[200, 0, 0, 0, 24, 0]);
        let (items, end, _) = run(Mode::Dump, &[d]);
        assert_eq!(items, 1);
        let Some(Err(Error::Decode(netlink_wire::Error::Truncated { offset, .. }))) = end else {
            panic!("{end:?}")
        };
        assert_eq!(offset, at);
    }

    #[test]
    fn overrun_message_fails_the_exchange() {
        let mut d = Vec::new();
        reply(&mut d, 4, Flags::EMPTY, SEQ, PORT, &[]);
        let (_, end, _) = run(Mode::Dump, &[d]);
        assert!(matches!(end, Some(Err(Error::Overrun))));
    }

    #[test]
    fn only_the_kernels_last_word_makes_a_socket_reusable() {
        let ended = |d: Vec<u8>, mode| {
            let mut x = Exchange::new(SEQ, PORT, mode);
            let mut pos = 0;
            while x.next_in(&d, &mut pos).is_some() && !x.ended() {}
            (x.ended(), x.reusable())
        };
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        assert_eq!(ended(d, Mode::Dump), (true, true), "NLMSG_DONE");
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, -95, None);
        assert_eq!(
            ended(d, Mode::Dump),
            (true, true),
            "NLMSG_DONE with an errno"
        );
        let mut d = Vec::new();
        error(&mut d, -17, None, None);
        assert_eq!(ended(d, Mode::Request), (true, true), "NLMSG_ERROR");
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI | Flags::DUMP_INTR, SEQ);
        done(&mut d, Flags::MULTI, 0, None);
        assert_eq!(ended(d, Mode::Dump), (true, true), "an interrupted dump");
        let mut d = Vec::new();
        reply(&mut d, 4, Flags::EMPTY, SEQ, PORT, &[]);
        assert_eq!(ended(d, Mode::Dump), (true, false), "NLMSG_OVERRUN");
        let d = vec![200, 0, 0, 0, 24, 0];
        assert_eq!(ended(d, Mode::Dump), (true, false), "a broken frame");
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        assert_eq!(ended(d, Mode::Dump), (false, false), "half a dump");

        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        x.abandon();
        assert_eq!((x.ended(), x.reusable()), (true, false), "abandoned");
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        assert!(matches!(x.next_in(&d, &mut 0), Some(Step::Done)));
        x.abandon();
        assert!(x.reusable(), "abandoning after the end changes nothing");
    }

    #[test]
    fn skip_then_take_agrees_with_next_in() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ + 1);
        reply(&mut d, 1, Flags::EMPTY, SEQ, PORT, &[]); // NLMSG_NOOP
        let ours = d.len();
        route(&mut d, Flags::MULTI, SEQ);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        let mut pos = 0;
        assert!(x.skip(&d, &mut pos));
        assert_eq!((pos, x.foreign()), (ours, 1));
        let Step::Item(m) = x.take_at(&d, &mut pos) else {
            panic!("no item")
        };
        assert_eq!((m.offset(), pos), (ours, d.len()));
        assert!(!x.skip(&d, &mut pos), "nothing left");
        assert!(
            matches!(
                x.take_at(&d, &mut pos),
                Step::Fail(Error::Decode(netlink_wire::Error::Truncated { .. }))
            ),
            "taking past the end is a decode error, not a panic"
        );

        let mut strangers = Vec::new();
        route(&mut strangers, Flags::MULTI, SEQ + 1);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        let mut pos = 0;
        assert!(!x.skip(&strangers, &mut pos));
        assert_eq!((pos, x.foreign()), (strangers.len(), 1));
        let broken = [200u8, 0, 0, 0, 24, 0];
        let mut pos = 0;
        assert!(
            x.skip(&broken, &mut pos),
            "a broken frame is for take_at to report"
        );
        assert!(matches!(
            x.take_at(&broken, &mut pos),
            Step::Fail(Error::Decode(_))
        ));
    }

    #[test]
    fn nothing_after_the_end_is_taken() {
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        route(&mut d, Flags::MULTI, SEQ);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        let mut pos = 0;
        assert!(matches!(x.next_in(&d, &mut pos), Some(Step::Done)));
        assert!(x.ended());
        assert!(x.next_in(&d, &mut pos).is_none());
        assert!(matches!(x.take_at(&d, &mut pos), Step::Fail(Error::Closed)));
    }

    #[test]
    fn every_cut_of_a_dump_datagram_ends_in_a_step_or_a_wait_never_a_panic() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        route(&mut d, Flags::MULTI | Flags::DUMP_INTR, SEQ);
        error(&mut d, -22, Some("bad"), Some(20));
        done(&mut d, Flags::MULTI, 0, None);
        for cut in 0..=d.len() {
            let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
            let mut pos = 0;
            while let Some(step) = x.next_in(&d[..cut], &mut pos) {
                if !matches!(step, Step::Item(_)) {
                    break;
                }
            }
            assert!(pos <= cut);
        }
    }
}
