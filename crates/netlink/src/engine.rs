//! The protocol logic of one request or dump, with no socket: which replies are ours, when the
//! exchange ends, and how it failed. The driver feeds it datagrams; the tests feed it bytes from
//! a scripted kernel.

use netlink_wire::{DoneMsg, ErrorMsg, Flags, MessageType, Messages, Msg};

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

/// The state of one request or dump on one socket.
#[derive(Debug)]
pub(crate) struct Exchange {
    seq: u32,
    port_id: u32,
    mode: Mode,
    interrupted: bool,
    finished: bool,
    /// Messages skipped because their sequence number or port id was not ours.
    pub(crate) foreign: u64,
}

impl Exchange {
    pub(crate) fn new(seq: u32, port_id: u32, mode: Mode) -> Self {
        Exchange {
            seq,
            port_id,
            mode,
            interrupted: false,
            finished: false,
            foreign: 0,
        }
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }

    /// The fast path of a dump: when the message at `pos` is a plain reply of ours (our
    /// sequence number and port, not a control message, no `NLM_F_DUMP_INTR`), returns where
    /// it starts and where the next one starts, without the engine's bookkeeping. Anything else
    /// returns `None` and must go through [`Exchange::next_in`], which decides what it is.
    #[inline]
    pub(crate) fn plain_item(&self, datagram: &[u8], pos: usize) -> Option<(usize, usize)> {
        if self.finished {
            return None;
        }
        let rest = datagram.get(pos..)?;
        let h = netlink_wire::Header::parse(rest).ok()?;
        let len = usize::try_from(h.len()).ok()?;
        let plain = len >= netlink_wire::Header::LEN
            && len <= rest.len()
            && h.seq() == self.seq
            && (h.port_id() == 0 || h.port_id() == self.port_id)
            && !h.message_type().is_control()
            && !h.flags().contains(Flags::DUMP_INTR);
        plain.then(|| {
            (
                pos,
                pos.saturating_add(netlink_wire::align(len).unwrap_or(len).min(rest.len())),
            )
        })
    }

    /// Advances through `datagram` from `*pos`, returning the next step, or `None` when the
    /// datagram holds nothing more for this exchange (receive the next one).
    pub(crate) fn next_in<'a>(&mut self, datagram: &'a [u8], pos: &mut usize) -> Option<Step<'a>> {
        if self.finished {
            return None;
        }
        let mut msgs = Messages::resume(datagram, *pos);
        while let Some(m) = msgs.next() {
            *pos = msgs.position();
            let step = match m {
                Ok(m) => self.step(m),
                Err(e) => Some(Step::Fail(Error::Decode(e))),
            };
            if let Some(step) = step {
                if !matches!(step, Step::Item(_)) {
                    self.finished = true;
                }
                return Some(step);
            }
        }
        *pos = datagram.len();
        None
    }

    /// Classifies one message; `None` means it is not ours or carries nothing.
    fn step<'a>(&mut self, m: Msg<'a>) -> Option<Step<'a>> {
        // The kernel addresses replies to our port id; some families leave it 0.
        if m.seq() != self.seq || (m.port_id() != 0 && m.port_id() != self.port_id) {
            self.foreign = self.foreign.saturating_add(1);
            return None;
        }
        if m.flags().contains(Flags::DUMP_INTR) {
            self.interrupted = true;
        }
        Some(match m.message_type() {
            MessageType::NOOP => return None,
            MessageType::OVERRUN => Step::Fail(Error::Overrun),
            MessageType::ERROR => match ErrorMsg::parse(m) {
                Ok(e) if e.is_ack() => self.done(),
                Ok(e) => Step::Fail(Error::Kernel(KernelError::from_error_msg(&e))),
                Err(e) => Step::Fail(Error::Decode(e)),
            },
            MessageType::DONE => match DoneMsg::parse(m) {
                Ok(d) if d.code() == 0 => self.done(),
                Ok(d) => Step::Fail(Error::Kernel(KernelError::new(
                    d.errno(),
                    d.ext_ack(),
                    self.seq,
                ))),
                Err(e) => Step::Fail(Error::Decode(e)),
            },
            _ => Step::Item(m),
        })
    }

    fn done<'a>(&self) -> Step<'a> {
        if self.mode == Mode::Dump && self.interrupted {
            Step::Fail(Error::DumpInterrupted)
        } else {
            Step::Done
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_wire::{AttrWrite, MessageBuilder, ext_ack_attr};

    const SEQ: u32 = 7;
    const PORT: u32 = 4242;

    /// A scripted kernel: builds reply datagrams.
    fn reply(buf: &mut Vec<u8>, t: u16, flags: Flags, seq: u32, port: u32, body: &[u8]) {
        let mut b = MessageBuilder::new(buf, MessageType(t), flags);
        b.seq(seq).port_id(port).payload(body);
        b.finish().unwrap();
    }

    fn route(buf: &mut Vec<u8>, flags: Flags, seq: u32) {
        let mut b = MessageBuilder::new(buf, MessageType(24), flags);
        b.seq(seq)
            .port_id(PORT)
            .family_header(&[2u8, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0]);
        b.put_ipv4(1u16, core::net::Ipv4Addr::new(198, 51, 100, 1));
        b.finish().unwrap();
    }

    fn done(buf: &mut Vec<u8>, flags: Flags, code: i32, msg: Option<&str>) {
        let f = if msg.is_some() {
            flags | Flags::ACK_TLVS
        } else {
            flags
        };
        let mut b = MessageBuilder::new(buf, MessageType::DONE, f);
        b.seq(SEQ).port_id(PORT).payload(&code.to_ne_bytes());
        if let Some(m) = msg {
            b.put_str(ext_ack_attr::MSG, m);
        }
        b.finish().unwrap();
    }

    fn error(buf: &mut Vec<u8>, code: i32, msg: Option<&str>, offs: Option<u32>) {
        let mut flags = Flags::CAPPED;
        if msg.is_some() || offs.is_some() {
            flags |= Flags::ACK_TLVS;
        }
        let mut b = MessageBuilder::new(buf, MessageType::ERROR, flags);
        let req =
            netlink_wire::Header::new(40, MessageType(24), Flags::REQUEST | Flags::ACK, SEQ, PORT);
        let mut echoed = Vec::new();
        req.write_to(&mut echoed);
        b.seq(SEQ)
            .port_id(PORT)
            .payload(&code.to_ne_bytes())
            .payload(&echoed);
        if let Some(m) = msg {
            b.put_str(ext_ack_attr::MSG, m);
        }
        if let Some(o) = offs {
            b.put_u32(ext_ack_attr::OFFS, o);
        }
        b.finish().unwrap();
    }

    /// Runs the exchange over `datagrams`; returns the items' sequence of types and the end.
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
                    Step::Done => return (items, Some(Ok(())), x.foreign),
                    Step::Fail(e) => return (items, Some(Err(e)), x.foreign),
                }
            }
        }
        (items, None, x.foreign)
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
        assert_eq!(k.errno, 22);
        assert_eq!(k.seq, SEQ);
        assert_eq!(
            k.to_string(),
            "Invalid argument (EINVAL): Nexthop device is not up (attribute at offset 32)"
        );
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
        assert_eq!(k.errno, 95);
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
    fn foreign_sequence_numbers_and_ports_are_skipped() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ - 1); // a stale reply to an earlier request
        route(&mut d, Flags::MULTI, SEQ);
        reply(&mut d, 24, Flags::MULTI, SEQ, PORT + 1, &[0; 12]); // addressed to another port
        reply(&mut d, 24, Flags::MULTI, SEQ, 0, &[0; 12]); // port 0 is accepted
        reply(&mut d, 1, Flags::EMPTY, SEQ, PORT, &[]); // NLMSG_NOOP
        done(&mut d, Flags::MULTI, 0, None);
        let (items, end, foreign) = run(Mode::Dump, &[d]);
        assert_eq!((items, foreign), (2, 2));
        assert!(matches!(end, Some(Ok(()))));
    }

    #[test]
    fn notifications_interleaved_with_replies_are_not_taken() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        reply(&mut d, 16, Flags::EMPTY, 0, 0, &[0; 16]); // a notification: seq 0
        error(&mut d, 0, None, None);
        let (items, end, foreign) = run(Mode::Request, &[d]);
        assert_eq!((items, foreign), (1, 1));
        assert!(matches!(end, Some(Ok(()))));
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
    fn the_fast_path_takes_only_plain_replies_of_ours() {
        let mut d = Vec::new();
        route(&mut d, Flags::MULTI, SEQ);
        let second = d.len();
        route(&mut d, Flags::MULTI, SEQ + 1);
        let third = d.len();
        route(&mut d, Flags::MULTI | Flags::DUMP_INTR, SEQ);
        let fourth = d.len();
        done(&mut d, Flags::MULTI, 0, None);
        let x = Exchange::new(SEQ, PORT, Mode::Dump);
        assert_eq!(x.plain_item(&d, 0), Some((0, second)));
        assert_eq!(x.plain_item(&d, second), None, "another sequence number");
        assert_eq!(x.plain_item(&d, third), None, "DUMP_INTR needs the engine");
        assert_eq!(
            x.plain_item(&d, fourth),
            None,
            "NLMSG_DONE needs the engine"
        );
        assert_eq!(x.plain_item(&d, d.len()), None);
        assert_eq!(
            x.plain_item(&d[..10], 0),
            None,
            "a cut header needs the engine"
        );
    }

    #[test]
    fn nothing_after_the_end_is_taken() {
        let mut d = Vec::new();
        done(&mut d, Flags::MULTI, 0, None);
        route(&mut d, Flags::MULTI, SEQ);
        let mut x = Exchange::new(SEQ, PORT, Mode::Dump);
        let mut pos = 0;
        assert!(matches!(x.next_in(&d, &mut pos), Some(Step::Done)));
        assert!(x.is_finished());
        assert!(x.next_in(&d, &mut pos).is_none());
    }
}
