//! [`ReadAhead`]: a thread that receives the rest of a long dump while the caller decodes.
//!
//! The kernel builds the next part of a dump inside the `recvmsg(2)` that takes the previous
//! one, so a single thread alternates between waiting for the kernel and decoding. Once a dump
//! has shown that it spans several datagrams, [`Dump`](crate::Dump) hands its socket to a
//! `ReadAhead`: a helper thread keeps receiving while the caller walks what came before.
//!
//! Datagrams travel in batches of [`BATCH`], so that the two threads wake each other once per
//! batch rather than once per datagram (waking a sleeping thread costs tens of microseconds on
//! a virtual machine, a third of what the kernel takes to fill a datagram). At most one batch
//! waits while another is filled and a third read, so memory stays constant whatever the size
//! of the dump. The exchange logic (which replies are ours, how the dump ends) stays with the
//! caller's engine, which stops the thread when it has seen the end; the thread receives with
//! the request path's own [`recv_from_kernel`], so the same sender check applies.
//! `request_timeout` bounds each datagram's wait on the thread, where the datagrams arrive, not
//! each batch's.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, TrySendError, bounded};
use netlink_socket::{RecvBuf, Waker};

use crate::engine::stats::Counters;
use crate::error::{Error, Result};
use crate::requests::{RequestSocket, Wait, recv_from_kernel};

/// Datagrams per batch handed from the helper thread to the caller.
pub(crate) const BATCH: usize = 8;

/// Filled batches that may wait for the caller.
pub(crate) const QUEUED_BATCHES: usize = 4;

/// What the thread hands over: datagrams in order, then possibly the receive error that
/// stopped it.
type Batch = (Vec<RecvBuf>, Option<Error>);

/// The helper thread of one dump and the datagrams the caller is reading.
#[derive(Debug)]
pub(crate) struct ReadAhead {
    /// Filled batches, in order.
    full: Option<Receiver<Batch>>,
    /// Buffers the caller has finished with, for the thread to fill again.
    empty: Sender<Vec<RecvBuf>>,
    waker: Arc<Waker>,
    /// Set before waking the thread to stop it, so that it can tell a stop from a timeout.
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<Option<RequestSocket>>>,
    /// The rest of the current batch, last datagram first.
    batch: Vec<RecvBuf>,
    /// The error that follows the current batch.
    error: Option<Error>,
    /// Datagrams already read, to go back to the thread with the next request for a batch.
    spent: Vec<RecvBuf>,
}

impl ReadAhead {
    /// Moves `socket`, whose dump is under way, to a new thread that receives the rest,
    /// waiting at most `timeout` for each datagram (`ConnectionOptions::request_timeout`) and
    /// counting refused senders in `counters`. When the thread cannot be started the socket
    /// comes back as the error.
    pub(crate) fn start(
        socket: RequestSocket,
        timeout: Option<Duration>,
        counters: Arc<Counters>,
    ) -> std::result::Result<ReadAhead, Option<RequestSocket>> {
        let Ok(waker) = Waker::new() else {
            return Err(Some(socket));
        };
        let waker = Arc::new(waker);
        let (full_tx, full_rx) = bounded(QUEUED_BATCHES);
        let (empty_tx, empty_rx) = bounded(QUEUED_BATCHES.saturating_add(2));
        // The socket travels through a channel so that it can be taken back if the thread
        // does not start.
        let (hand_tx, hand_rx) = bounded::<RequestSocket>(1);
        let keep = hand_rx.clone();
        if let Err(TrySendError::Full(s) | TrySendError::Disconnected(s)) = hand_tx.try_send(socket)
        {
            return Err(Some(s));
        }
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Stop {
            waker: Arc::clone(&waker),
            stopping: Arc::clone(&stopping),
            timeout,
            counters,
        };
        let spawned = std::thread::Builder::new()
            .name("netlink-dump".into())
            .spawn(move || {
                // The socket was sent before the thread started.
                let socket = hand_rx.try_recv().ok()?;
                Some(run(socket, &full_tx, &empty_rx, &stop))
            });
        match spawned {
            Ok(thread) => Ok(ReadAhead {
                full: Some(full_rx),
                empty: empty_tx,
                waker,
                stopping,
                thread: Some(thread),
                batch: Vec::new(),
                error: None,
                spent: Vec::new(),
            }),
            // A thread that never started cannot have taken the socket.
            Err(_) => Err(keep.try_recv().ok()),
        }
    }

    /// Swaps the next received datagram into `buf`; the datagram `buf` held goes back to the
    /// thread to be filled again. `None` when the thread has stopped without an error (it
    /// never does unless stopped; the caller would take the socket back with
    /// [`ReadAhead::stop`] and receive on it directly).
    /// The thread enforces the per-datagram timeout, so this waits for it without one.
    pub(crate) fn next_into(&mut self, buf: &mut RecvBuf) -> Option<Result<()>> {
        if self.batch.is_empty() {
            if let Some(e) = self.error.take() {
                return Some(Err(e));
            }
            let full = self.full.as_ref()?;
            // Hand the read buffers back before waiting, so that the thread need not allocate.
            if !self.spent.is_empty() {
                let _ = self.empty.try_send(std::mem::take(&mut self.spent));
            }
            let (mut batch, error) = full.recv().ok()?;
            batch.reverse();
            self.batch = batch;
            self.error = error;
            if self.batch.is_empty() {
                return self.error.take().map(Err);
            }
        }
        let next = self.batch.pop()?;
        self.spent.push(std::mem::replace(buf, next));
        Some(Ok(()))
    }

    /// Stops the thread and returns the socket; `None` if the thread panicked.
    pub(crate) fn stop(mut self) -> Option<RequestSocket> {
        self.halt()
    }

    fn halt(&mut self) -> Option<RequestSocket> {
        // Disconnecting `full` releases a thread blocked on a full queue; the waker one
        // blocked in `poll(2)`.
        drop(self.full.take());
        self.stopping.store(true, Ordering::Release);
        let _ = self.waker.wake();
        self.thread.take()?.join().ok().flatten()
    }
}

impl Drop for ReadAhead {
    /// Stops and joins the thread; the socket it returns is closed.
    fn drop(&mut self) {
        drop(self.halt());
    }
}

/// How the thread's waits end.
struct Stop {
    waker: Arc<Waker>,
    stopping: Arc<AtomicBool>,
    timeout: Option<Duration>,
    counters: Arc<Counters>,
}

/// The thread: receive a batch, hand it over, repeat, until an error or a stop.
///
/// While a dump runs the kernel always has its next part queued (it builds it inside the
/// `recvmsg(2)` that takes the previous one), so a batch ends early only when nothing is
/// queued: at the end of the dump. The thread then waits, without reading anything, until
/// the caller, having seen the end, stops it.
fn run(
    socket: RequestSocket,
    full: &Sender<Batch>,
    empty: &Receiver<Vec<RecvBuf>>,
    stop: &Stop,
) -> RequestSocket {
    let mut spare: Vec<RecvBuf> = Vec::new();
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        let mut error = None;
        while batch.len() < BATCH {
            if let Ok(back) = empty.try_recv() {
                spare.extend(back);
            }
            let mut buf = spare.pop().unwrap_or_default();
            // The first datagram of a batch is waited for; the rest only taken if queued.
            let wait = if batch.is_empty() {
                Wait::OrWake(&stop.waker, stop.timeout)
            } else {
                Wait::For(Some(Duration::ZERO))
            };
            match recv_from_kernel(&socket.socket, &mut buf, wait, &stop.counters) {
                Ok(true) => batch.push(buf),
                // Nothing queued: hand over what there is.
                Ok(false) if !batch.is_empty() => {
                    spare.push(buf);
                    break;
                }
                // Stopped by the caller.
                Ok(false) if stop.stopping.load(Ordering::Acquire) => return socket,
                // Nothing within the timeout.
                Ok(false) => match stop.timeout {
                    Some(t) => {
                        error = Some(Error::Timeout(t));
                        break;
                    }
                    None => return socket,
                },
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let failed = error.is_some();
        if full.send((batch, error)).is_err() || failed {
            return socket;
        }
    }
}
