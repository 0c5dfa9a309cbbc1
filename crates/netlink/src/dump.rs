//! [`Dump`]: a streaming iterator over a multi-part reply.

use netlink_wire::{Flags, Message, Msg};

use crate::connection::{Connection, Pooled};
use crate::engine::{Exchange, Mode, Step};
use crate::error::{Error, Result};
use crate::options::READ_AHEAD_AFTER;
use crate::read_ahead::ReadAhead;

/// The replies of a dump, read one datagram at a time in constant memory.
///
/// [`Dump::next_msg`] lends each message without copying; the [`Iterator`] implementation
/// yields owned [`Message`]s. Both end after `NLMSG_DONE`; a dump the kernel flagged as
/// inconsistent ends with `Err(`[`Error::DumpInterrupted`]`)` after its last entry.
///
/// A dump longer than [`READ_AHEAD_AFTER`] datagrams continues on a helper thread that receives
/// while the caller decodes ([`ConnectionOptions::dump_read_ahead`]); what the caller sees is
/// the same, message for message.
///
/// Dropping an unfinished dump closes its socket, so that its remaining replies cannot reach
/// another request.
///
/// [`ConnectionOptions::dump_read_ahead`]: crate::ConnectionOptions::dump_read_ahead
#[derive(Debug)]
pub struct Dump<'c> {
    conn: &'c Connection,
    /// The socket, unless `ahead` has it.
    socket: Option<Pooled>,
    /// The helper thread of a long dump.
    ahead: Option<ReadAhead>,
    /// Datagrams received since the request was sent.
    datagrams: usize,
    request: Vec<u8>,
    exchange: Exchange,
    pos: usize,
    /// Whether the current buffer holds a datagram of this exchange.
    loaded: bool,
    finished: bool,
}

impl<'c> Dump<'c> {
    pub(crate) fn start(conn: &'c Connection, request: Vec<u8>) -> Result<Self> {
        let socket = conn.take_socket()?;
        let exchange = Exchange::new(0, socket.port_id, Mode::Dump);
        let mut dump = Dump {
            conn,
            socket: Some(socket),
            ahead: None,
            datagrams: 0,
            request,
            exchange,
            pos: 0,
            loaded: false,
            finished: false,
        };
        dump.send()?;
        Ok(dump)
    }

    fn send(&mut self) -> Result<()> {
        self.reclaim();
        let seq = self
            .conn
            .prepare(&mut self.request, Flags::REQUEST | Flags::DUMP)?;
        let socket = self.socket.as_ref().ok_or(Error::Closed)?;
        self.exchange = Exchange::new(seq, socket.port_id, Mode::Dump);
        self.pos = 0;
        self.loaded = false;
        self.finished = false;
        self.datagrams = 0;
        socket.socket.send(&self.request)?;
        Ok(())
    }

    /// Stops the helper thread, if any, and takes the socket back from it.
    fn reclaim(&mut self) {
        if let Some(ahead) = self.ahead.take() {
            self.socket = ahead.stop();
        }
    }

    /// The datagram being read.
    fn data(&self) -> &[u8] {
        current(self.ahead.as_ref(), self.socket.as_ref()).unwrap_or_default()
    }

    /// Receives the next datagram of the dump, from the helper thread once there is one.
    fn receive(&mut self) -> Result<()> {
        self.datagrams = self.datagrams.saturating_add(1);
        if self.ahead.is_none()
            && self.datagrams > READ_AHEAD_AFTER
            && self.conn.options.dump_read_ahead
            && let Some(socket) = self.socket.take()
        {
            match ReadAhead::start(socket, self.conn.options.request_timeout) {
                Ok(ahead) => self.ahead = Some(ahead),
                Err(socket) => self.socket = socket,
            }
        }
        if let Some(ahead) = self.ahead.as_mut() {
            match ahead.next() {
                Some(received) => return received,
                // The thread ended without a word (it panicked): go on here.
                None => self.reclaim(),
            }
        }
        let socket = self.socket.as_mut().ok_or(Error::Closed)?;
        self.conn.recv(socket)
    }

    /// Sends the same dump request again, with a new sequence number, e.g. after
    /// [`Error::DumpInterrupted`]. A dump restarted before its end moves to a fresh socket
    /// (the kernel refuses a second dump on a socket whose first is still running, `EBUSY`),
    /// and the old socket is closed with whatever it still holds.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent.
    pub fn restart(&mut self) -> Result<()> {
        self.reclaim();
        if !self.finished {
            self.socket = None;
        }
        if self.socket.is_none() {
            self.socket = Some(self.conn.take_socket()?);
        }
        self.send()
    }

    /// The next reply, borrowed from the receive buffer, or `None` after the end.
    #[inline]
    pub fn next_msg(&mut self) -> Option<Result<Msg<'_>>> {
        let at = match self.next_plain() {
            Some(at) => at,
            None => match self.advance()? {
                Ok(at) => at,
                Err(e) => return Some(Err(e)),
            },
        };
        let data = self.data().get(at..).unwrap_or_default();
        Some(Msg::parse(data).map_err(Error::Decode))
    }

    /// The fast path of [`Dump::next_msg`], small enough to inline into the caller's loop:
    /// the offset of the next message when it is a plain reply of ours in the current
    /// datagram ([`Exchange::plain_item`]). Everything else goes through [`Dump::advance`].
    #[inline]
    fn next_plain(&mut self) -> Option<usize> {
        if self.finished || !self.loaded {
            return None;
        }
        let data = current(self.ahead.as_ref(), self.socket.as_ref())?;
        let (at, next) = self.exchange.plain_item(data, self.pos)?;
        self.pos = next;
        Some(at)
    }

    /// Finds the next item; returns its offset in the current datagram.
    #[inline(never)]
    fn advance(&mut self) -> Option<Result<usize>> {
        if self.finished {
            return None;
        }
        loop {
            if self.loaded {
                let Some(data) = current(self.ahead.as_ref(), self.socket.as_ref()) else {
                    self.finished = true;
                    return Some(Err(Error::Closed));
                };
                if let Some((at, next)) = self.exchange.plain_item(data, self.pos) {
                    self.pos = next;
                    return Some(Ok(at));
                }
                let step = self.exchange.next_in(data, &mut self.pos);
                match step {
                    // Offsets count from the start of the datagram.
                    Some(Step::Item(m)) => return Some(Ok(m.offset())),
                    Some(Step::Done) => {
                        self.finish(true);
                        return None;
                    }
                    Some(Step::Fail(e)) => {
                        let clean = matches!(e, Error::Kernel(_) | Error::DumpInterrupted);
                        self.finish(clean);
                        return Some(Err(e));
                    }
                    None => self.loaded = false,
                }
            }
            if let Err(e) = self.receive() {
                self.finish(false);
                return Some(Err(e));
            }
            self.pos = 0;
            self.loaded = true;
        }
    }

    /// Ends the dump; a socket whose exchange ended cleanly goes back to the pool.
    fn finish(&mut self, clean: bool) {
        self.finished = true;
        self.reclaim();
        if let Some(s) = self.socket.take()
            && clean
        {
            self.conn.put_socket(s);
        }
    }
}

/// The datagram being read: the helper thread's current one, else the socket's buffer; `None`
/// when the dump has neither (its socket was closed). A free function over the two fields, so
/// that the caller can still change the others while it holds the bytes.
#[inline]
fn current<'a>(ahead: Option<&'a ReadAhead>, socket: Option<&'a Pooled>) -> Option<&'a [u8]> {
    match (ahead, socket) {
        (Some(ahead), _) => Some(ahead.data()),
        (None, Some(socket)) => Some(socket.buf.data()),
        (None, None) => None,
    }
}

impl Iterator for Dump<'_> {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_msg().map(|r| r.map(|m| m.to_owned()))
    }
}

impl std::iter::FusedIterator for Dump<'_> {}
