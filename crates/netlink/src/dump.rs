//! [`Dump`]: a streaming iterator over a multi-part reply. The engine's
//! [`DumpCursor`] reads it; this driver sends the request and hands the cursor datagrams from
//! the socket, or from the read-ahead helper once the cursor asks for one.

use netlink_socket::RecvBuf;
use netlink_wire::{Flags, Message, Msg};

use crate::engine::dump::{Datagram, DumpCursor, Source};
use crate::error::{Error, Result};
use crate::read_ahead::ReadAhead;
use crate::requests::{RequestSocket, Requests};

/// The replies of a dump, read one datagram at a time in constant memory.
///
/// [`Dump::next_msg`] lends each message without copying; the [`Iterator`] implementation
/// yields owned [`Message`]s. Both end after `NLMSG_DONE`; a dump the kernel flagged as
/// inconsistent ends with `Err(`[`Error::DumpInterrupted`]`)` after its last entry.
///
/// A dump longer than [`READ_AHEAD_AFTER`](crate::READ_AHEAD_AFTER) datagrams continues on a
/// helper thread that receives while the caller decodes
/// ([`ConnectionOptions::dump_read_ahead`]); what the caller sees is the same, message for
/// message.
///
/// Dropping an unfinished dump closes its socket, so that its remaining replies cannot reach
/// another request.
///
/// [`ConnectionOptions::dump_read_ahead`]: crate::ConnectionOptions::dump_read_ahead
#[derive(Debug)]
pub struct Dump<'c> {
    cursor: DumpCursor<RecvBuf>,
    link: Link<'c>,
}

/// The driver's side of a dump: the request, and where its datagrams come from.
#[derive(Debug)]
struct Link<'c> {
    requests: &'c Requests,
    request: Vec<u8>,
    from: Origin,
}

/// Where the datagrams come from.
#[derive(Debug)]
enum Origin {
    /// The calling thread receives on the socket.
    Socket(RequestSocket),
    /// A helper thread receives on it.
    Ahead(ReadAhead),
    /// The exchange ended and the socket went back (or was closed).
    Nothing,
}

impl Datagram for RecvBuf {
    #[inline]
    fn bytes(&self) -> &[u8] {
        self.data()
    }
}

impl<'c> Dump<'c> {
    pub(crate) fn start(requests: &'c Requests, request: Vec<u8>) -> Result<Self> {
        let mut link = Link {
            requests,
            request,
            from: Origin::Nothing,
        };
        let (seq, port_id) = link.send()?;
        let cursor = DumpCursor::new(
            RecvBuf::new(),
            // Used only after a datagram of strangers; it grows then.
            RecvBuf::with_capacity(1),
            requests.read_ahead,
            seq,
            port_id,
        );
        Ok(Dump { cursor, link })
    }

    /// Sends the same dump request again, with a new sequence number, e.g. after
    /// [`Error::DumpInterrupted`]. A dump restarted before its end moves to a fresh socket
    /// (the kernel refuses a second dump on a socket whose first is still running, `EBUSY`),
    /// and the old socket is closed with whatever it still holds.
    ///
    /// # Errors
    /// A socket error when the request cannot be sent; the dump then yields nothing more.
    pub fn restart(&mut self) -> Result<()> {
        self.cursor.abandon(&mut self.link);
        let (seq, port_id) = self.link.send()?;
        self.cursor.begin(seq, port_id);
        Ok(())
    }

    /// The next reply, borrowed from the receive buffer, or `None` after the end.
    #[inline]
    pub fn next_msg(&mut self) -> Option<Result<Msg<'_>>> {
        self.cursor.next(&mut self.link)
    }

    /// Hands every remaining reply to `f`, borrowed from the receive buffer, until the end:
    /// the replies [`Dump::next_msg`] would lend, with the same end, read in one loop per
    /// datagram. It costs less per message than a `next_msg` loop, and is what
    /// [`Connection::for_each`](crate::Connection::for_each) reads a dump with.
    ///
    /// # Errors
    /// The dump's error ([`Error::DumpInterrupted`] after the last entry of an inconsistent
    /// dump), or the first error `f` returns, which stops the dump (dropping it then closes
    /// its socket).
    pub fn for_each_msg(&mut self, f: impl FnMut(Msg<'_>) -> Result<()>) -> Result<()> {
        self.cursor.for_each(&mut self.link, f)
    }
}

impl Link<'_> {
    /// Stamps the request with a new sequence number and sends it on a socket from the pool.
    fn send(&mut self) -> Result<(u32, u32)> {
        let (socket, seq) = self
            .requests
            .start(&mut self.request, Flags::REQUEST | Flags::DUMP)?;
        let port_id = socket.port_id;
        self.from = Origin::Socket(socket);
        Ok((seq, port_id))
    }
}

impl Link<'_> {
    /// Takes the socket back from the helper thread, if one has it.
    fn reclaim(&mut self) {
        if matches!(self.from, Origin::Ahead(_))
            && let Origin::Ahead(ahead) = std::mem::replace(&mut self.from, Origin::Nothing)
        {
            self.from = ahead.stop().map_or(Origin::Nothing, Origin::Socket);
        }
    }
}

impl Source<RecvBuf> for Link<'_> {
    fn receive(&mut self, buf: &mut RecvBuf, read_ahead: bool) -> Result<bool> {
        if read_ahead
            && matches!(self.from, Origin::Socket(_))
            && let Origin::Socket(socket) = std::mem::replace(&mut self.from, Origin::Nothing)
        {
            let counters = std::sync::Arc::clone(&self.requests.counters);
            // A helper that cannot start leaves the dump on this thread.
            self.from = match ReadAhead::start(socket, self.requests.timeout, counters) {
                Ok(ahead) => Origin::Ahead(ahead),
                Err(Some(socket)) => Origin::Socket(socket),
                Err(None) => Origin::Nothing,
            };
        }
        if let Origin::Ahead(ahead) = &mut self.from {
            if let Some(received) = ahead.next_into(buf) {
                return received.map(|()| true);
            }
            // The thread ended without a word (it panicked): go on here.
            self.reclaim();
        }
        match &self.from {
            // This driver waits for every datagram.
            Origin::Socket(socket) => self.requests.receive(&socket.socket, buf).map(|()| true),
            Origin::Ahead(_) | Origin::Nothing => Err(Error::Closed),
        }
    }

    fn finish(&mut self, reusable: bool) {
        self.reclaim();
        if let Origin::Socket(socket) = std::mem::replace(&mut self.from, Origin::Nothing) {
            self.requests.give_back(socket, reusable);
        }
    }
}

impl Drop for Dump<'_> {
    /// An unfinished dump's socket is closed, not pooled: its remaining replies would reach
    /// the next request.
    fn drop(&mut self) {
        self.cursor.abandon(&mut self.link);
    }
}

impl Iterator for Dump<'_> {
    type Item = Result<Message>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_msg().map(|r| r.map(|m| m.to_owned()))
    }
}

impl std::iter::FusedIterator for Dump<'_> {}
