//! [`Dump`]: a streaming iterator over a multi-part reply.

use netlink_wire::{Flags, Message, Msg};

use crate::connection::{Connection, Pooled};
use crate::engine::{Exchange, Mode, Step};
use crate::error::{Error, Result};

/// The replies of a dump, read one datagram at a time in constant memory.
///
/// [`Dump::next_msg`] lends each message without copying; the [`Iterator`] implementation
/// yields owned [`Message`]s. Both end after `NLMSG_DONE`; a dump the kernel flagged as
/// inconsistent ends with `Err(`[`Error::DumpInterrupted`]`)` after its last entry.
///
/// Dropping an unfinished dump closes its socket, so that its remaining replies cannot reach
/// another request.
#[derive(Debug)]
pub struct Dump<'c> {
    conn: &'c Connection,
    socket: Option<Pooled>,
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
        let seq = self
            .conn
            .prepare(&mut self.request, Flags::REQUEST | Flags::DUMP)?;
        let socket = self.socket.as_ref().ok_or(Error::Closed)?;
        self.exchange = Exchange::new(seq, socket.port_id, Mode::Dump);
        self.pos = 0;
        self.loaded = false;
        self.finished = false;
        socket.socket.send(&self.request)?;
        Ok(())
    }

    /// Sends the same dump request again, with a new sequence number, e.g. after
    /// [`Error::DumpInterrupted`]. Replies still queued for the old request are skipped.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent.
    pub fn restart(&mut self) -> Result<()> {
        if self.socket.is_none() {
            self.socket = Some(self.conn.take_socket()?);
        }
        self.send()
    }

    /// The next reply, borrowed from the receive buffer, or `None` after the end.
    pub fn next_msg(&mut self) -> Option<Result<Msg<'_>>> {
        let at = match self.advance()? {
            Ok(at) => at,
            Err(e) => return Some(Err(e)),
        };
        let socket = self.socket.as_ref()?;
        let data = socket.buf.data().get(at..).unwrap_or_default();
        Some(Msg::parse(data).map_err(Error::Decode))
    }

    /// Finds the next item; returns its offset in the current datagram.
    fn advance(&mut self) -> Option<Result<usize>> {
        if self.finished {
            return None;
        }
        loop {
            let Some(socket) = self.socket.as_mut() else {
                self.finished = true;
                return Some(Err(Error::Closed));
            };
            if self.loaded {
                if let Some((at, next)) = self.exchange.plain_item(socket.buf.data(), self.pos) {
                    self.pos = next;
                    return Some(Ok(at));
                }
                let step = self.exchange.next_in(socket.buf.data(), &mut self.pos);
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
            if let Err(e) = self.conn.recv(socket) {
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
        if let Some(s) = self.socket.take()
            && clean
        {
            self.conn.put_socket(s);
        }
    }
}

impl Iterator for Dump<'_> {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_msg().map(|r| r.map(|m| m.to_owned()))
    }
}

impl std::iter::FusedIterator for Dump<'_> {}
