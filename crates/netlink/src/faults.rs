//! Injected faults: `EINTR`, `EAGAIN` and `ENOBUFS` on every system call of the request, dump,
//! batch and notification drivers, through a scripted socket in the kernel's place (the
//! [`Transport`] seam). Each case must end in the right answer, a clear error or a reported
//! event: never a panic, a hang or a lost failure. A script that runs out answers "nothing
//! queued", so no driver here can wait for ever.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crossbeam_channel::unbounded;
use netlink_socket::{Errno, RecvBuf, Waker};
use netlink_wire::{Flags, MessageBuilder, MessageType, Messages};

use crate::batch::{BatchOptions, Io, Pipe};
use crate::engine::dump::{DumpCursor, Source};
use crate::engine::notify::{Notifications, Router, lock};
use crate::engine::request::{RequestFlow, stamp};
use crate::engine::script::{self, PORT, SEQ};
use crate::engine::sender::Senders;
use crate::engine::stats::Counters;
use crate::error::Error;
use crate::options::ConnectionOptions;
use crate::requests::{Requests, round_trip};
use crate::transport::{Transport, Wait};
use crate::{Message, ReaderStopped};

/// A fault the scripted socket reports instead of a datagram, or on a send.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// A signal interrupted the call (`EINTR`).
    Intr,
    /// Nothing to read after all, or no room to send (`EAGAIN`).
    Again,
    /// The kernel dropped datagrams for this socket (`ENOBUFS`), or could not allocate one.
    NoBufs,
    /// The socket is gone (`EBADF`): what a namespace torn down under it cannot cause, but a
    /// failing socket can.
    BadFd,
}

impl Fault {
    fn error(self, call: &'static str) -> netlink_socket::Error {
        match self {
            Fault::Intr => netlink_socket::Error::Sys {
                call,
                errno: Errno::INTR,
            },
            Fault::Again => netlink_socket::Error::WouldBlock,
            Fault::NoBufs if call == "recvmsg" => netlink_socket::Error::Overrun,
            Fault::NoBufs => netlink_socket::Error::Sys {
                call,
                errno: Errno::NOBUFS,
            },
            Fault::BadFd => netlink_socket::Error::Sys {
                call,
                errno: Errno::BADF,
            },
        }
    }
}

/// One step of what the scripted socket delivers.
#[derive(Debug)]
enum Step {
    /// A datagram from the kernel.
    Datagram(Vec<u8>),
    /// A datagram from another user-space socket (port id 1234).
    Stranger(Vec<u8>),
    /// A failed receive.
    Fail(Fault),
    /// Nothing queued (a wait that ends empty).
    Empty,
}

/// A socket whose receives follow a script and whose sends are recorded, or fail as told.
#[derive(Debug, Default)]
struct Scripted {
    steps: Mutex<VecDeque<Step>>,
    send_faults: Mutex<VecDeque<Option<Fault>>>,
    sent: Mutex<Vec<Vec<u8>>>,
    recv_buffer: usize,
}

impl Scripted {
    fn new(steps: Vec<Step>) -> Self {
        Scripted {
            steps: Mutex::new(steps.into()),
            recv_buffer: 1,
            ..Scripted::default()
        }
    }

    fn failing_sends(self, faults: Vec<Option<Fault>>) -> Self {
        *lock(&self.send_faults) = faults.into();
        self
    }

    fn left(&self) -> usize {
        lock(&self.steps).len()
    }
}

impl Transport for Scripted {
    fn send(&self, datagram: &[u8]) -> netlink_socket::Result<usize> {
        if let Some(Some(f)) = lock(&self.send_faults).pop_front() {
            return Err(f.error("sendmsg"));
        }
        lock(&self.sent).push(datagram.to_vec());
        Ok(datagram.len())
    }

    fn recv(&self, buf: &mut RecvBuf, _wait: Wait<'_>) -> netlink_socket::Result<Option<u32>> {
        match lock(&self.steps).pop_front() {
            Some(Step::Datagram(d)) => {
                buf.fill(&d);
                Ok(Some(0))
            }
            Some(Step::Stranger(d)) => {
                buf.fill(&d);
                Ok(Some(1234))
            }
            Some(Step::Fail(f)) => Err(f.error("recvmsg")),
            Some(Step::Empty) | None => Ok(None),
        }
    }

    fn recv_buffer_size(&self) -> netlink_socket::Result<usize> {
        Ok(self.recv_buffer)
    }
}

fn datagram(f: impl FnOnce(&mut Vec<u8>)) -> Step {
    let mut b = Vec::new();
    f(&mut b);
    Step::Datagram(b)
}

fn ack() -> Step {
    datagram(|b| script::error(b, 0, None, None))
}

fn requests() -> Requests {
    let options = ConnectionOptions::default().request_timeout(std::time::Duration::from_secs(5));
    Requests::new(&options, None, Arc::new(Counters::default()))
}

/// A request stamped as the request driver stamps it, with sequence number [`SEQ`].
fn request_bytes() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut b = MessageBuilder::new(&mut bytes, MessageType(24), Flags::EMPTY);
    b.family_header(&[2u8, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0]);
    b.finish().unwrap();
    stamp(&mut bytes, Flags::REQUEST | Flags::ACK, SEQ).unwrap();
    bytes
}

fn run_request(socket: &Scripted) -> (crate::Result<crate::Response>, bool) {
    let r = requests();
    let mut flow = RequestFlow::new(SEQ, PORT);
    let mut buf = RecvBuf::new();
    let bytes = request_bytes();
    let result = round_trip(socket, &mut buf, &bytes, &mut flow, r.timeout, &r.counters);
    if result.is_err() {
        flow.abandon();
    }
    (result, flow.reusable())
}

#[test]
fn a_request_survives_eintr_and_eagain_before_its_reply() {
    for f in [Fault::Intr, Fault::Again] {
        let socket = Scripted::new(vec![
            Step::Fail(f),
            Step::Fail(f),
            datagram(|b| script::route(b, Flags::EMPTY, SEQ)),
            Step::Fail(f),
            ack(),
        ]);
        let (result, reusable) = run_request(&socket);
        let response = result.unwrap_or_else(|e| panic!("{f:?}: {e}"));
        assert_eq!(response.messages().len(), 1, "{f:?}");
        assert!(reusable, "{f:?}: a clean exchange leaves a clean socket");
        assert_eq!(socket.left(), 0);
        assert_eq!(lock(&socket.sent).len(), 1);
    }
}

#[test]
fn enobufs_on_a_request_socket_is_an_overrun_and_the_socket_is_not_reused() {
    let socket = Scripted::new(vec![
        datagram(|b| script::route(b, Flags::EMPTY, SEQ)),
        Step::Fail(Fault::NoBufs),
        ack(),
    ]);
    let (result, reusable) = run_request(&socket);
    assert!(matches!(result, Err(Error::Overrun)), "{result:?}");
    assert_eq!(result.unwrap_err().errno(), Some(Errno::NOBUFS));
    // The acknowledgement still queued must not reach another request.
    assert!(!reusable);
}

#[test]
fn a_failed_send_is_a_clear_error_with_its_errno_and_nothing_is_received() {
    for (f, errno) in [
        (Fault::Intr, Errno::INTR),
        (Fault::Again, Errno::AGAIN),
        (Fault::NoBufs, Errno::NOBUFS),
    ] {
        let socket = Scripted::new(vec![ack()]).failing_sends(vec![Some(f)]);
        let (result, _) = run_request(&socket);
        let e = result.expect_err("the send failed");
        assert_eq!(e.errno(), Some(errno), "{f:?}: {e}");
        assert_eq!(
            socket.left(),
            1,
            "{f:?}: nothing may be read for a request never sent"
        );
    }
}

#[test]
fn a_request_whose_replies_never_come_times_out() {
    // EAGAIN for ever (the script's end is "nothing queued"): the wait ends at its deadline.
    let socket = Scripted::new(vec![Step::Fail(Fault::Again), Step::Empty]);
    let (result, reusable) = run_request(&socket);
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(!reusable);
}

#[test]
fn a_fatal_receive_error_ends_the_request_with_its_errno() {
    let socket = Scripted::new(vec![Step::Fail(Fault::BadFd), ack()]);
    let (result, reusable) = run_request(&socket);
    assert_eq!(result.unwrap_err().errno(), Some(Errno::BADF));
    assert!(!reusable);
}

/// The dump driver's receive (`Requests::receive`) over a scripted socket, behind the engine's
/// cursor, as `dump.rs` puts it.
struct ScriptedDump<'a> {
    requests: &'a Requests,
    socket: &'a Scripted,
    finished: Option<bool>,
}

impl Source<RecvBuf> for ScriptedDump<'_> {
    fn receive(&mut self, buf: &mut RecvBuf, _read_ahead: bool) -> crate::Result<bool> {
        self.requests.receive(self.socket, buf).map(|()| true)
    }

    fn finish(&mut self, reusable: bool) {
        self.finished = Some(reusable);
    }
}

fn dump_part(n: usize) -> Step {
    datagram(|b| {
        for _ in 0..n {
            script::route(b, Flags::MULTI, SEQ);
        }
    })
}

fn run_dump(socket: &Scripted) -> (usize, Vec<Error>, Option<bool>) {
    let requests = requests();
    let mut source = ScriptedDump {
        requests: &requests,
        socket,
        finished: None,
    };
    let mut cursor = DumpCursor::new(RecvBuf::new(), RecvBuf::with_capacity(1), false, SEQ, PORT);
    let (mut ok, mut errors) = (0, Vec::new());
    // Bounded: a dump that never ended would fail here instead of hanging.
    for _ in 0..1000 {
        match cursor.next(&mut source) {
            None => return (ok, errors, source.finished),
            Some(Ok(_)) => ok += 1,
            Some(Err(e)) => errors.push(e),
        }
    }
    panic!("the dump did not end");
}

#[test]
fn a_dump_survives_eintr_and_eagain_between_its_datagrams() {
    for f in [Fault::Intr, Fault::Again] {
        let socket = Scripted::new(vec![
            Step::Fail(f),
            dump_part(3),
            Step::Fail(f),
            Step::Stranger(b"forged".to_vec()),
            dump_part(2),
            Step::Fail(f),
            datagram(|b| script::done(b, Flags::MULTI, 0, None)),
        ]);
        let (ok, errors, finished) = run_dump(&socket);
        assert_eq!((ok, errors.len()), (5, 0), "{f:?}: {errors:?}");
        assert_eq!(finished, Some(true), "{f:?}");
    }
}

#[test]
fn enobufs_in_a_dump_ends_it_with_an_overrun_and_closes_its_socket() {
    let socket = Scripted::new(vec![
        dump_part(3),
        Step::Fail(Fault::NoBufs),
        dump_part(2),
        datagram(|b| script::done(b, Flags::MULTI, 0, None)),
    ]);
    let (ok, errors, finished) = run_dump(&socket);
    assert_eq!(ok, 3);
    assert!(
        matches!(errors.as_slice(), [Error::Overrun]),
        "exactly one overrun, then the end: {errors:?}"
    );
    assert_eq!(
        finished,
        Some(false),
        "the rest of the dump is still queued"
    );
}

#[test]
fn a_dump_cut_short_by_the_script_times_out_instead_of_hanging() {
    let socket = Scripted::new(vec![dump_part(2), Step::Fail(Fault::Again)]);
    let (ok, errors, finished) = run_dump(&socket);
    assert_eq!(ok, 2);
    assert!(
        matches!(errors.as_slice(), [Error::Timeout(_)]),
        "{errors:?}"
    );
    assert_eq!(finished, Some(false));
}

const BASE: u32 = 100;

fn batch_request() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut b = MessageBuilder::new(&mut bytes, MessageType(24), Flags::EMPTY);
    b.family_header(&[2u8, 32, 0, 0, 254, 2, 0, 1, 0, 0, 0, 0]);
    b.finish().unwrap();
    bytes
}

fn run_batch(socket: &Scripted, ack_each: bool, n: u64) -> crate::Result<crate::BatchReport> {
    // A receive buffer without limit: the script decides what is lost.
    run_batch_in(socket, ack_each, n, usize::MAX)
}

/// Runs a batch of `n` requests on a socket whose receive buffer is `reply_buffer` bytes.
fn run_batch_in(
    socket: &Scripted,
    ack_each: bool,
    n: u64,
    reply_buffer: usize,
) -> crate::Result<crate::BatchReport> {
    let options = BatchOptions::default().ack_each(ack_each);
    let mut pipe = Pipe::new(
        BASE,
        options,
        Some(std::time::Duration::from_secs(5)),
        reply_buffer,
    );
    let counters = Counters::default();
    let mut buf = RecvBuf::new();
    let mut io = Io {
        socket,
        buf: &mut buf,
        counters: &counters,
    };
    for i in 0..n {
        assert_eq!(pipe.push_bytes(&mut io, &batch_request())?, i);
    }
    pipe.finish(&mut io)
}

#[test]
fn a_batch_acknowledged_each_reports_every_failure_and_what_enobufs_made_uncertain() {
    let eexist = -(Errno::EXIST.raw_os_error());
    let socket = Scripted::new(vec![
        datagram(|b| script::error_for(b, BASE, 0, None)),
        Step::Fail(Fault::Intr),
        Step::Fail(Fault::Again),
        // The acknowledgement of request 1 is lost.
        Step::Fail(Fault::NoBufs),
        datagram(|b| script::error_for(b, BASE + 2, eexist, Some("exists"))),
        Step::Fail(Fault::Intr),
        datagram(|b| script::error_for(b, BASE + 3, 0, None)),
        datagram(|b| script::error_for(b, BASE - 1, 0, None)),
        // The second sync, sent after the overrun once the queue was empty (at the EINTR).
        datagram(|b| script::error_for(b, BASE - 2, 0, None)),
    ]);
    let report = run_batch(&socket, true, 4).unwrap();
    assert_eq!(report.requests, 4);
    let failed: Vec<_> = report.failures.iter().map(|f| f.index).collect();
    assert_eq!(failed, [2], "{report:?}");
    assert_eq!(report.failures[0].error.errno(), Some(Errno::EXIST));
    assert_eq!(
        report.uncertain,
        vec![std::ops::Range { start: 1, end: 2 }],
        "{report:?}"
    );
    assert!(!report.all_applied());
    assert_eq!(socket.left(), 0);
}

#[test]
fn a_batch_of_errors_only_makes_the_overrun_stretch_uncertain() {
    let eexist = -(Errno::EXIST.raw_os_error());
    let socket = Scripted::new(vec![
        datagram(|b| script::error_for(b, BASE + 1, eexist, None)),
        // Whatever came between is lost: maybe another error.
        Step::Fail(Fault::NoBufs),
        Step::Fail(Fault::Again),
        datagram(|b| script::error_for(b, BASE - 1, 0, None)),
        Step::Empty,
        datagram(|b| script::error_for(b, BASE - 2, 0, None)),
    ]);
    let report = run_batch(&socket, false, 5).unwrap();
    let failed: Vec<_> = report.failures.iter().map(|f| f.index).collect();
    assert_eq!(failed, [1], "{report:?}");
    // The errors of the requests after the last one read may be among the lost replies.
    for i in 2..5u64 {
        assert!(
            report.uncertain.iter().any(|r| r.contains(&i)),
            "request {i} cannot be known applied: {report:?}"
        );
    }
}

#[test]
fn a_batch_owes_no_more_replies_than_its_buffer_holds_and_halves_after_an_overrun() {
    // Room for four replies (1,280 bytes each in the kernel's accounting).
    let socket = Scripted::new(vec![
        // After the first datagram: a loss all the same (a reply larger than foreseen).
        Step::Fail(Fault::NoBufs),
        Step::Empty,
        // The resynchronising sync, sent alone once the queue was empty.
        datagram(|b| script::error_for(b, BASE - 1, 0, None)),
        Step::Empty,
        Step::Empty,
        Step::Empty,
        datagram(|b| script::error_for(b, BASE - 2, 0, None)),
    ]);
    let report = run_batch_in(&socket, false, 8, 4 * 1280).unwrap();
    assert_eq!(report.uncertain, vec![std::ops::Range { start: 0, end: 4 }]);
    assert!(report.failures.is_empty());
    let counts: Vec<usize> = lock(&socket.sent)
        .iter()
        .map(|d| Messages::new(d).count())
        .collect();
    // Four messages, the sync alone, then two at a time, the last sync alone.
    assert_eq!(counts, [4, 1, 2, 2, 1]);
    assert_eq!(socket.left(), 0);
}

#[test]
fn a_failed_batch_send_is_a_clear_error() {
    for (f, errno) in [
        (Fault::Intr, Errno::INTR),
        (Fault::Again, Errno::AGAIN),
        (Fault::NoBufs, Errno::NOBUFS),
    ] {
        let socket = Scripted::new(vec![]).failing_sends(vec![Some(f)]);
        let e = run_batch(&socket, false, 3).expect_err("the send failed");
        assert_eq!(e.errno(), Some(errno), "{f:?}: {e}");
    }
}

#[test]
fn a_batch_whose_replies_stop_coming_times_out() {
    let socket = Scripted::new(vec![Step::Fail(Fault::Again)]);
    let e = run_batch(&socket, true, 2).expect_err("no reply");
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
}

fn run_reader(socket: &Scripted) -> (Vec<Message>, crate::Stats) {
    let (closing_tx, closing_rx) = crossbeam_channel::bounded(0);
    let router = Arc::new(Router::new(closing_rx));
    let counters = Arc::new(Counters::default());
    let engine = Notifications::new(
        Arc::clone(&router),
        Arc::clone(&counters),
        Senders::for_notifications(false),
    );
    let (tx, rx) = unbounded();
    router.set_channel(Some(tx));
    let waker = Waker::new().unwrap();
    // The script's end reads as a wake-up, so the reader returns.
    crate::reader::run(socket, &waker, &engine, None);
    drop(closing_tx);
    (rx.try_iter().collect(), counters.snapshot())
}

fn notification() -> Step {
    datagram(script::notification)
}

#[test]
fn the_reader_survives_eintr_and_eagain_and_reports_enobufs_as_an_overrun() {
    let mut socket = Scripted::new(vec![
        notification(),
        Step::Fail(Fault::Intr),
        Step::Fail(Fault::Again),
        notification(),
        Step::Fail(Fault::NoBufs),
        // Queued before the loss was reported: drained and discarded.
        notification(),
        notification(),
    ]);
    // One datagram's worth was queued when the kernel reported the loss.
    socket.recv_buffer = 1;
    let (got, stats) = run_reader(&socket);
    let kinds: Vec<_> = got.iter().map(Message::is_overrun).collect();
    assert_eq!(kinds, [false, false, true, false], "{got:?}");
    assert_eq!(stats.overruns, 1);
    assert_eq!(stats.discarded_after_overrun, 1);
    assert!(!stats.reader_failed);
}

#[test]
fn a_failing_notification_socket_ends_the_reader_with_the_marker() {
    let socket = Scripted::new(vec![
        notification(),
        Step::Fail(Fault::BadFd),
        // Never read: the reader ended.
        notification(),
    ]);
    let (got, stats) = run_reader(&socket);
    assert_eq!(got.len(), 2, "{got:?}");
    let stopped = ReaderStopped::from_message(&got[1]).expect("the last message is the marker");
    assert_eq!(stopped.errno, Some(Errno::BADF));
    assert!(stats.reader_failed);
    assert_eq!(socket.left(), 1);
}

#[test]
fn enobufs_while_draining_is_counted_and_one_marker_follows() {
    let socket = Scripted::new(vec![
        Step::Fail(Fault::NoBufs),
        Step::Fail(Fault::NoBufs),
        Step::Fail(Fault::Intr),
        notification(),
    ]);
    let (got, stats) = run_reader(&socket);
    let kinds: Vec<_> = got.iter().map(Message::is_overrun).collect();
    assert_eq!(kinds, [true, false], "{got:?}");
    assert_eq!(stats.overruns, 2);
}
