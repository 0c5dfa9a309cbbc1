//! A dump read one datagram at a time: [`DumpCursor`] lends out each reply as the [`Msg`] that
//! [`Exchange::next_in`] parsed, asks its driver ([`Source`]) for the next datagram when one is
//! spent, says when the dump is long enough to be read ahead on a helper thread, and tells the
//! driver once, when the exchange ends, whether its socket may serve another.
//!
//! # Why two buffers
//! A lent [`Msg`] borrows the datagram it was parsed from, so the cursor cannot receive into
//! that datagram's buffer in the same call (the borrow checker sees one borrow on every path).
//! When the rest of a datagram holds nothing for the dump (messages of another exchange, which
//! the kernel never mixes into a dump but a buggy or hostile peer might), the cursor receives
//! into its second buffer, finds the next step there with [`Exchange::skip`], and swaps the
//! buffers at the next call. That path reads one header twice; every other reply is parsed
//! exactly once.

use std::task::Poll;

use netlink_wire::Msg;

use super::exchange::{Exchange, Mode, Step};
use crate::error::{Error, Result};
use crate::options::READ_AHEAD_AFTER;

/// The bytes of one received datagram (the driver's receive buffer, a `Vec<u8>` in tests).
pub(crate) trait Datagram {
    /// The datagram.
    fn bytes(&self) -> &[u8];
}

/// What a [`DumpCursor`] needs from its driver.
pub(crate) trait Source<B> {
    /// Receives the next datagram of the dump into `buf`: `Ok(true)` when one arrived,
    /// `Ok(false)` when none is queued yet and `buf` was left as it was (only a driver that
    /// does not wait answers so: a readiness driver, which asks again once the socket is
    /// readable). `read_ahead` is true once per dump, before the datagram after the first
    /// [`READ_AHEAD_AFTER`], when the dump has shown itself long enough to be worth a helper
    /// thread and the options allow one.
    ///
    /// # Errors
    /// The receive's error, which ends the dump.
    fn receive(&mut self, buf: &mut B, read_ahead: bool) -> Result<bool>;

    /// The exchange ended: the driver hands its socket back, `reusable` saying whether it may
    /// carry another exchange ([`Pool::give_back`](super::pool::Pool::give_back)). Called once
    /// per exchange.
    fn finish(&mut self, reusable: bool);
}

/// The reading state of one dump.
#[derive(Debug)]
pub(crate) struct DumpCursor<B> {
    /// The datagram being read.
    current: B,
    /// Where a datagram goes while `current` is lent out (see the module's "Why two buffers").
    spare: B,
    flow: Flow,
}

/// Everything but the buffers, so that it can change while a buffer is lent out.
#[derive(Debug)]
struct Flow {
    exchange: Exchange,
    /// The next message's offset in the datagram being read.
    pos: usize,
    /// Datagrams received for this exchange.
    datagrams: usize,
    /// Whether the options allow a helper thread.
    read_ahead: bool,
    /// Whether `spare` holds the datagram being read; it becomes `current` at the next call.
    in_spare: bool,
    /// Whether the driver was told that the exchange ended.
    finished: bool,
}

impl<B: Datagram> DumpCursor<B> {
    /// A cursor over the dump sent with `seq` from `port_id`, reading into `current` and
    /// `spare`.
    pub(crate) fn new(current: B, spare: B, read_ahead: bool, seq: u32, port_id: u32) -> Self {
        let mut cursor = DumpCursor {
            current,
            spare,
            flow: Flow {
                exchange: Exchange::new(seq, port_id, Mode::Dump),
                pos: 0,
                datagrams: 0,
                read_ahead,
                in_spare: false,
                finished: false,
            },
        };
        cursor.begin(seq, port_id);
        cursor
    }

    /// Starts over with the dump sent again with `seq` from `port_id` (after
    /// [`DumpCursor::abandon`]). Nothing left of the previous datagram is read.
    pub(crate) fn begin(&mut self, seq: u32, port_id: u32) {
        if self.flow.in_spare {
            std::mem::swap(&mut self.current, &mut self.spare);
        }
        self.flow = Flow {
            exchange: Exchange::new(seq, port_id, Mode::Dump),
            pos: self.current.bytes().len(),
            datagrams: 0,
            read_ahead: self.flow.read_ahead,
            in_spare: false,
            finished: false,
        };
    }

    /// Stops reading the exchange: when it had not ended, the driver hears that its socket
    /// cannot be reused (its remaining replies would reach the next request).
    pub(crate) fn abandon(&mut self, source: &mut impl Source<B>) {
        self.flow.exchange.abandon();
        self.flow.finish(source);
    }

    /// The next reply, `None` after the end, from a driver that waits for each datagram. The
    /// `Msg` is the exchange's own parse of the bytes in this cursor's buffer.
    #[inline]
    pub(crate) fn next<'a>(&'a mut self, source: &mut impl Source<B>) -> Option<Result<Msg<'a>>> {
        match self.poll_next(source) {
            Poll::Ready(next) => next,
            Poll::Pending => Some(Err(nothing_yet())),
        }
    }

    /// Hands every reply to `f` until the end, from a driver that waits for each datagram:
    /// the replies [`DumpCursor::next`] would lend, in the same order and with the same end,
    /// but each datagram's messages in one walk ([`Exchange::items_in`]), without a step
    /// built, returned and matched for each. `f` borrows each message only for its call, so
    /// every datagram is received into `current`. Stops at `f`'s first error.
    ///
    /// # Errors
    /// The dump's error, or `f`'s.
    pub(crate) fn for_each(
        &mut self,
        source: &mut impl Source<B>,
        mut f: impl FnMut(Msg<'_>) -> Result<()>,
    ) -> Result<()> {
        if self.flow.in_spare {
            std::mem::swap(&mut self.current, &mut self.spare);
            self.flow.in_spare = false;
        }
        loop {
            if self.flow.pos >= self.current.bytes().len() {
                match self.flow.receive(&mut self.current, source) {
                    None => return Ok(()),
                    Some(Err(e)) => return Err(e),
                    Some(Ok(false)) => return Err(nothing_yet()),
                    Some(Ok(true)) => {}
                }
            }
            let step =
                self.flow
                    .exchange
                    .items_in(self.current.bytes(), &mut self.flow.pos, &mut f)?;
            match step {
                // The datagram is spent: receive the next one (none once the exchange ended).
                None => self.flow.pos = self.current.bytes().len(),
                Some(end) => {
                    self.flow.finish(source);
                    return end;
                }
            }
        }
    }

    /// The next reply as [`DumpCursor::next`] reads it, or `Pending` when the driver has no
    /// datagram queued yet: nothing was consumed, and the same call once the socket is
    /// readable goes on where this one stopped. Both drivers, blocking and readiness, read
    /// the dump through here.
    #[inline]
    pub(crate) fn poll_next<'a>(
        &'a mut self,
        source: &mut impl Source<B>,
    ) -> Poll<Option<Result<Msg<'a>>>> {
        if self.flow.in_spare {
            std::mem::swap(&mut self.current, &mut self.spare);
            self.flow.in_spare = false;
        }
        if self.flow.pos >= self.current.bytes().len() {
            match self.flow.receive(&mut self.current, source) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(false)) => return Poll::Pending,
                Some(Ok(true)) => {}
            }
        }
        let step = self
            .flow
            .exchange
            .next_in(self.current.bytes(), &mut self.flow.pos);
        Poll::Ready(match step {
            Some(Step::Item(m)) => Some(Ok(m)),
            Some(Step::Done) => self.flow.conclude(None, source),
            Some(Step::Fail(e)) => self.flow.conclude(Some(e), source),
            None => return self.flow.strangers(&mut self.spare, source),
        })
    }

    /// Whether the exchange has ended: nothing more will be read, so a readiness driver need
    /// not wait for the socket before asking for the (absent) next reply.
    pub(crate) fn ended(&self) -> bool {
        self.flow.exchange.ended()
    }
}

/// What a driver that waits for each datagram hears when its source had none queued: such a
/// driver never answers "nothing yet", and one that did would be asked again and again, so
/// its answer ends the step as what it is ([`DumpCursor::next`], [`DumpCursor::for_each`]).
fn nothing_yet() -> Error {
    Error::Socket(netlink_socket::Error::WouldBlock)
}

impl Flow {
    /// Receives the next datagram into `buf`; `None` once the exchange has ended, `false`
    /// when none is queued yet (the position and count stay as they were).
    #[inline(never)]
    fn receive<B>(&mut self, buf: &mut B, source: &mut impl Source<B>) -> Option<Result<bool>> {
        if self.exchange.ended() {
            return None;
        }
        let read_ahead = self.read_ahead && self.datagrams == READ_AHEAD_AFTER;
        match source.receive(buf, read_ahead) {
            Ok(true) => {
                self.pos = 0;
                self.datagrams = self.datagrams.saturating_add(1);
                Some(Ok(true))
            }
            Ok(false) => Some(Ok(false)),
            Err(e) => {
                self.exchange.abandon();
                self.finish(source);
                Some(Err(e))
            }
        }
    }

    /// The rest of the current datagram held nothing for this exchange: receives into `spare`
    /// until a datagram does, and lends the step from there.
    #[inline(never)]
    fn strangers<'a, B: Datagram>(
        &mut self,
        spare: &'a mut B,
        source: &mut impl Source<B>,
    ) -> Poll<Option<Result<Msg<'a>>>> {
        let mut read_some = false;
        loop {
            match self.receive(spare, source) {
                None => return Poll::Ready(None),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                Some(Ok(false)) => {
                    // When a datagram of strangers was read into `spare`, `pos` is at its
                    // end: the next call must start from there (swapped in, spent), not
                    // from the end of `current`.
                    self.in_spare = read_some;
                    return Poll::Pending;
                }
                Some(Ok(true)) => read_some = true,
            }
            if self.exchange.skip(spare.bytes(), &mut self.pos) {
                break;
            }
        }
        self.in_spare = true;
        Poll::Ready(match self.exchange.take_at(spare.bytes(), &mut self.pos) {
            Step::Item(m) => Some(Ok(m)),
            Step::Done => self.conclude(None, source),
            Step::Fail(e) => self.conclude(Some(e), source),
        })
    }

    /// The exchange ended, with `error` or cleanly.
    fn conclude<'a, B>(
        &mut self,
        error: Option<Error>,
        source: &mut impl Source<B>,
    ) -> Option<Result<Msg<'a>>> {
        self.finish(source);
        error.map(Err)
    }

    fn finish<B>(&mut self, source: &mut impl Source<B>) {
        if !self.finished {
            self.finished = true;
            source.finish(self.exchange.reusable());
        }
    }
}

/// How many times [`Connection::dump_all`](crate::Connection::dump_all) may start an
/// interrupted dump again.
#[derive(Debug)]
pub(crate) struct Restarts {
    left: u32,
}

impl Restarts {
    /// At most `max` restarts.
    pub(crate) fn new(max: u32) -> Self {
        Restarts { left: max }
    }

    /// Whether an interrupted dump may run again; spends one restart if so.
    pub(crate) fn again(&mut self) -> bool {
        match self.left.checked_sub(1) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use netlink_wire::Flags;

    use super::*;
    use crate::engine::script::{PORT, SEQ, done, reply, route};

    impl Datagram for Vec<u8> {
        fn bytes(&self) -> &[u8] {
            self
        }
    }

    /// A scripted driver: the datagrams the kernel sends, and what the cursor asked for.
    #[derive(Default)]
    struct Script {
        datagrams: VecDeque<Result<Vec<u8>>>,
        received: usize,
        read_ahead_at: Vec<usize>,
        finished: Vec<bool>,
        /// Answer "nothing yet" before every datagram, as a socket read by readiness does.
        gappy: bool,
        /// Answer "nothing yet" before the datagrams of these numbers (counted from 0) only.
        gaps: Vec<usize>,
        gap_given: bool,
    }

    impl Script {
        fn new(datagrams: impl IntoIterator<Item = Vec<u8>>) -> Self {
            Script {
                datagrams: datagrams.into_iter().map(Ok).collect(),
                ..Script::default()
            }
        }
    }

    impl Source<Vec<u8>> for Script {
        fn receive(&mut self, buf: &mut Vec<u8>, read_ahead: bool) -> Result<bool> {
            let due = self.gappy || self.gaps.contains(&self.received);
            if due && !self.gap_given {
                // Nothing queued yet: a readiness driver's answer; the buffer is untouched.
                self.gap_given = true;
                return Ok(false);
            }
            self.gap_given = false;
            self.received += 1;
            if read_ahead {
                self.read_ahead_at.push(self.received);
            }
            *buf = self
                .datagrams
                .pop_front()
                .unwrap_or(Err(Error::Timeout(std::time::Duration::ZERO)))?;
            Ok(true)
        }

        fn finish(&mut self, reusable: bool) {
            self.finished.push(reusable);
        }
    }

    fn cursor(read_ahead: bool) -> DumpCursor<Vec<u8>> {
        DumpCursor::new(Vec::new(), Vec::new(), read_ahead, SEQ, PORT)
    }

    /// Routes of exchange `seq`, `n` to a datagram.
    fn part(n: usize, seq: u32) -> Vec<u8> {
        let mut d = Vec::new();
        for _ in 0..n {
            route(&mut d, Flags::MULTI, seq);
        }
        d
    }

    fn end() -> Vec<u8> {
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        d
    }

    /// One route, then a route and `NLMSG_DONE` both flagged `NLM_F_DUMP_INTR`.
    fn interrupted_tail() -> Vec<u8> {
        let mut d = part(1, SEQ);
        reply(
            &mut d,
            24,
            Flags::MULTI | Flags::DUMP_INTR,
            SEQ,
            PORT,
            &[0; 12],
        );
        done(&mut d, Flags::MULTI | Flags::DUMP_INTR, 0, None);
        d
    }

    /// `routes` routes of exchange `seq`, then a header whose length overruns the datagram.
    fn broken(routes: usize, seq: u32) -> Vec<u8> {
        let mut d = part(routes, seq);
        d.extend_from_slice(&[200, 0, 0, 0, 24, 0]);
        d
    }

    /// Two routes of ours, then two of the next exchange's, in one datagram.
    fn mixed() -> Vec<u8> {
        let mut d = part(2, SEQ);
        d.extend(part(2, SEQ + 1));
        d
    }

    /// Reads to the end: the number of items and the errors, in order.
    fn drain(c: &mut DumpCursor<Vec<u8>>, s: &mut Script) -> (usize, Vec<String>) {
        let (mut items, mut errors) = (0, Vec::new());
        while let Some(m) = c.next(s) {
            match m {
                Ok(m) => {
                    assert_eq!(m.seq(), SEQ);
                    items += 1;
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        (items, errors)
    }

    #[test]
    fn lends_every_reply_parsed_once_and_gives_the_socket_back_at_the_end() {
        let first = part(3, SEQ);
        let mut s = Script::new([first.clone(), part(2, SEQ), end()]);
        let mut c = cursor(false);
        let Some(Ok(m)) = c.next(&mut s) else {
            panic!("no first reply")
        };
        // The lent view is the exchange's parse of the cursor's own buffer.
        assert_eq!(m.offset(), 0);
        let mut whole = Vec::new();
        m.write_to(&mut whole);
        assert_eq!(whole, first[..whole.len()]);
        assert_eq!(drain(&mut c, &mut s), (4, vec![]));
        assert_eq!(
            s.finished,
            [true],
            "the kernel's last word came: reuse the socket"
        );
        assert!(c.next(&mut s).is_none(), "fused");
        assert_eq!(s.received, 3, "nothing is received after the end");
    }

    #[test]
    fn a_datagram_of_strangers_is_skipped_wherever_it_falls() {
        let mut s = Script::new([
            part(1, SEQ),
            part(3, SEQ - 1), // a whole datagram of strangers
            Vec::new(),       // an empty one
            mixed(),          // ending in a tail of another exchange's replies
            part(2, SEQ + 5),
            part(1, SEQ),
            end(),
        ]);
        let mut c = cursor(false);
        assert_eq!(drain(&mut c, &mut s), (4, vec![]));
        assert_eq!(c.flow.exchange.foreign(), 7);
        assert_eq!(s.finished, [true]);
    }

    #[test]
    fn strangers_before_the_end_or_an_error_are_skipped_too() {
        let mut s = Script::new([part(2, SEQ), part(1, SEQ + 1), end()]);
        assert_eq!(drain(&mut cursor(false), &mut s), (2, vec![]));
        let mut s = Script::new([part(2, SEQ), broken(1, SEQ + 1)]);
        let (items, errors) = drain(&mut cursor(false), &mut s);
        assert_eq!((items, errors.len()), (2, 1));
        assert!(errors[0].starts_with("malformed reply"), "{errors:?}");
        assert_eq!(s.finished, [false], "undecodable bytes: close the socket");
    }

    #[test]
    fn read_ahead_is_asked_for_once_after_the_first_datagrams() {
        let parts = || (0..10).map(|_| part(2, SEQ)).chain([end()]);
        let mut s = Script::new(parts());
        assert_eq!(drain(&mut cursor(true), &mut s), (20, vec![]));
        assert_eq!(s.read_ahead_at, [READ_AHEAD_AFTER + 1]);
        let mut s = Script::new(parts());
        assert_eq!(drain(&mut cursor(false), &mut s), (20, vec![]));
        assert!(s.read_ahead_at.is_empty(), "off in the options");
        let mut s = Script::new([part(1, SEQ), end()]);
        assert_eq!(drain(&mut cursor(true), &mut s), (1, vec![]));
        assert!(
            s.read_ahead_at.is_empty(),
            "a short dump never starts a thread"
        );
    }

    #[test]
    fn a_receive_error_ends_the_dump_and_closes_its_socket() {
        let mut s = Script::new([part(2, SEQ)]);
        s.datagrams.push_back(Err(Error::Overrun));
        let mut c = cursor(false);
        let (items, errors) = drain(&mut c, &mut s);
        assert_eq!((items, errors.len()), (2, 1));
        assert_eq!(s.finished, [false]);
        assert!(c.next(&mut s).is_none());
    }

    #[test]
    fn an_interrupted_dump_delivers_everything_then_says_so() {
        let mut s = Script::new([part(2, SEQ), interrupted_tail()]);
        let (items, errors) = drain(&mut cursor(false), &mut s);
        assert_eq!(items, 4);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("dump interrupted"));
        assert_eq!(s.finished, [true], "DONE arrived: the socket is clean");
    }

    #[test]
    fn restarting_half_way_closes_the_socket_and_reads_only_the_new_exchange() {
        let mut s = Script::new([part(3, SEQ)]);
        let mut c = cursor(false);
        assert!(matches!(c.next(&mut s), Some(Ok(_))));
        c.abandon(&mut s);
        assert_eq!(
            s.finished,
            [false],
            "replies of it may still come: close it"
        );
        c.abandon(&mut s);
        assert_eq!(s.finished, [false], "told once");

        // The rest of the old datagram is not read, even though the buffer still holds it.
        let seq = SEQ + 1;
        c.begin(seq, PORT);
        let mut new = Vec::new();
        route(&mut new, Flags::MULTI, seq);
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        d[8..12].copy_from_slice(&seq.to_ne_bytes());
        new.extend(d);
        s.datagrams.push_back(Ok(new));
        let mut items = 0;
        while let Some(m) = c.next(&mut s) {
            assert_eq!(m.unwrap().seq(), seq);
            items += 1;
        }
        assert_eq!(items, 1);
        assert_eq!(s.finished, [false, true]);
    }

    #[test]
    fn restarting_after_the_end_gives_the_socket_back_once() {
        let mut s = Script::new([part(1, SEQ), end()]);
        let mut c = cursor(false);
        assert_eq!(drain(&mut c, &mut s), (1, vec![]));
        c.abandon(&mut s);
        assert_eq!(
            s.finished,
            [true],
            "it ended cleanly; abandoning changes nothing"
        );
    }

    /// Reads to the end through `poll_next`, counting the times it answered `Pending`.
    fn drain_polled(c: &mut DumpCursor<Vec<u8>>, s: &mut Script) -> (usize, Vec<String>, usize) {
        let (mut items, mut errors, mut pending) = (0, Vec::new(), 0);
        loop {
            match c.poll_next(s) {
                Poll::Pending => pending += 1,
                Poll::Ready(None) => return (items, errors, pending),
                Poll::Ready(Some(Ok(m))) => {
                    assert_eq!(m.seq(), SEQ);
                    items += 1;
                }
                Poll::Ready(Some(Err(e))) => errors.push(e.to_string()),
            }
        }
    }

    /// Dumps without errors from the source: plain, strangers anywhere (a whole datagram, an
    /// empty one, a tail, several in a row, shorter than the datagram before them), a broken
    /// frame, and one cut before its end.
    fn plain_scripts() -> Vec<Vec<Vec<u8>>> {
        vec![
            vec![part(3, SEQ), part(2, SEQ), end()],
            vec![
                part(1, SEQ),
                part(3, SEQ - 1),
                Vec::new(),
                mixed(),
                part(2, SEQ + 5),
                part(1, SEQ),
                end(),
            ],
            vec![part(2, SEQ), part(1, SEQ + 1), part(1, SEQ - 1), end()],
            // Strangers shorter than the datagram before them: after a wait, reading must go
            // on after the strangers, not at their length inside the earlier datagram.
            vec![
                part(4, SEQ),
                part(1, SEQ + 1),
                part(1, SEQ + 2),
                part(1, SEQ),
                end(),
            ],
            vec![part(2, SEQ), broken(1, SEQ + 1)],
            vec![part(2, SEQ)],
        ]
    }

    #[test]
    fn a_driver_with_nothing_queued_yet_changes_nothing_but_the_wait() {
        for datagrams in plain_scripts() {
            let mut waiting = Script::new(datagrams.clone());
            let mut c = cursor(false);
            let (items, errors) = drain(&mut c, &mut waiting);
            let foreign = c.flow.exchange.foreign();

            // A wait before every datagram, then a single wait before each one in turn (which
            // puts a wait between every two datagrams of strangers the cursor reads in one go).
            let patterns = std::iter::once(None).chain((0..datagrams.len()).map(Some));
            for gap in patterns {
                let mut gappy = Script::new(datagrams.clone());
                gappy.gappy = gap.is_none();
                gappy.gaps.extend(gap);
                let mut c = cursor(false);
                let (gappy_items, gappy_errors, pending) = drain_polled(&mut c, &mut gappy);
                assert_eq!(
                    (gappy_items, &gappy_errors, c.flow.exchange.foreign()),
                    (items, &errors, foreign),
                    "{} datagrams, wait before {gap:?}",
                    datagrams.len()
                );
                assert_eq!(gappy.finished, waiting.finished);
                assert_eq!(gappy.received, waiting.received);
                let waits = match gap {
                    None => waiting.received,
                    Some(at) => usize::from(at < waiting.received),
                };
                assert_eq!(pending, waits, "one wait where the source had nothing");
            }
        }
    }

    #[test]
    fn a_waiting_caller_that_meets_nothing_yet_gets_an_error_not_a_spin() {
        let mut s = Script::new([part(1, SEQ), end()]);
        s.gappy = true;
        let mut c = cursor(false);
        assert!(matches!(
            c.next(&mut s),
            Some(Err(Error::Socket(netlink_socket::Error::WouldBlock)))
        ));
        assert!(
            c.next(&mut s).is_some_and(|m| m.is_ok()),
            "nothing was lost"
        );

        // The same through `for_each`.
        let mut s = Script::new([part(1, SEQ), end()]);
        s.gappy = true;
        let mut c = cursor(false);
        assert!(matches!(
            c.for_each(&mut s, |_| Ok(())),
            Err(Error::Socket(netlink_socket::Error::WouldBlock))
        ));
        assert_eq!(drain_each(&mut c, &mut s).0, 1, "nothing was lost");
    }

    /// Reads to the end through `for_each`: the number of items and its error, if any.
    fn drain_each(c: &mut DumpCursor<Vec<u8>>, s: &mut Script) -> (usize, Vec<String>) {
        let mut items = 0;
        let r = c.for_each(s, |m| {
            assert_eq!(m.seq(), SEQ);
            items += 1;
            Ok(())
        });
        (items, r.err().into_iter().map(|e| e.to_string()).collect())
    }

    /// Every script of the tests above: [`plain_scripts`], then a broken frame after items of
    /// the same datagram, an interrupted dump, an error reply, data after `NLMSG_DONE`, one
    /// long enough to be read ahead, and a receive error.
    fn scripts() -> Vec<Vec<Result<Vec<u8>>>> {
        let mut refused = part(1, SEQ);
        crate::engine::script::error(&mut refused, -95, Some("not supported"), None);
        let mut after_done = part(2, SEQ);
        after_done.extend(end());
        after_done.extend(part(2, SEQ));
        let ok = |d: Vec<Vec<u8>>| d.into_iter().map(Ok).collect::<Vec<_>>();
        let mut scripts: Vec<_> = plain_scripts().into_iter().map(ok).collect();
        scripts.extend([
            ok(vec![part(1, SEQ), broken(2, SEQ)]),
            ok(vec![part(2, SEQ)]),
            ok(vec![part(2, SEQ), interrupted_tail()]),
            ok(vec![refused]),
            ok(vec![after_done, part(1, SEQ)]),
            ok((0..10).map(|_| part(2, SEQ)).chain([end()]).collect()),
        ]);
        scripts.push(vec![Ok(part(2, SEQ)), Err(Error::Overrun)]);
        scripts
    }

    fn script_of(datagrams: &[Result<Vec<u8>>]) -> Script {
        Script {
            datagrams: datagrams
                .iter()
                .map(|d| match d {
                    Ok(d) => Ok(d.clone()),
                    Err(_) => Err(Error::Overrun),
                })
                .collect(),
            ..Script::default()
        }
    }

    #[test]
    fn for_each_hands_over_what_next_lends_and_ends_the_same_way() {
        for (i, datagrams) in scripts().iter().enumerate() {
            for read_ahead in [false, true] {
                let mut lent = script_of(datagrams);
                let mut c = cursor(read_ahead);
                let by_next = drain(&mut c, &mut lent);
                let foreign = c.flow.exchange.foreign();

                let mut handed = script_of(datagrams);
                let mut c = cursor(read_ahead);
                let by_each = drain_each(&mut c, &mut handed);
                assert_eq!(by_each, by_next, "script {i}");
                assert_eq!(c.flow.exchange.foreign(), foreign, "script {i}");
                assert_eq!(handed.finished, lent.finished, "script {i}");
                assert_eq!(handed.received, lent.received, "script {i}");
                assert_eq!(handed.read_ahead_at, lent.read_ahead_at, "script {i}");
                assert!(c.next(&mut handed).is_none(), "script {i}: ended");
                assert_eq!(drain_each(&mut c, &mut handed), (0, vec![]), "script {i}");
            }
        }
    }

    #[test]
    fn for_each_stops_at_the_callers_error_and_goes_on_from_there() {
        let mut s = Script::new([part(3, SEQ), part(2, SEQ), end()]);
        let mut c = cursor(false);
        let mut seen = 0;
        let r = c.for_each(&mut s, |_| {
            seen += 1;
            if seen == 2 {
                Err(Error::Closed)
            } else {
                Ok(())
            }
        });
        assert!(matches!(r, Err(Error::Closed)));
        assert_eq!((seen, s.received), (2, 1), "nothing more was read");
        assert!(
            s.finished.is_empty(),
            "the caller decides what happens next"
        );
        assert_eq!(drain(&mut c, &mut s), (3, vec![]), "the rest, once each");
        assert_eq!(s.finished, [true]);
    }

    #[test]
    fn for_each_takes_over_from_next_after_strangers() {
        // `next` leaves the cursor reading its spare buffer after a datagram of strangers;
        // `for_each` must go on from there, not from the spent datagram before it.
        let mut s = Script::new([part(2, SEQ), part(1, SEQ + 1), part(3, SEQ), end()]);
        let mut c = cursor(false);
        for _ in 0..3 {
            assert!(matches!(c.next(&mut s), Some(Ok(_))));
        }
        assert!(c.flow.in_spare);
        assert_eq!(drain_each(&mut c, &mut s), (2, vec![]));
        assert_eq!(s.finished, [true]);
    }

    #[test]
    fn restarts_are_counted() {
        let mut r = Restarts::new(2);
        assert!(r.again());
        assert!(r.again());
        assert!(!r.again());
        assert!(!Restarts::new(0).again());
    }
}
