//! `-force -batch`: runs of route changes go to the kernel as one pipelined
//! [`netlink::Batch`], many requests per `sendmsg(2)`, instead of one round trip a line.
//!
//! Only with `-force`: then `ip` goes on after a failed line, so every line's outcome is
//! independent of when its error is read, and the kernel applies the lines in their order
//! either way. Without `-force` a batch stops at the first failure, which a pipeline could
//! only do a window late: those batches run a line at a time. Before any other command the
//! pending routes are sent and their failures reported, so that output and errors keep the
//! order of the lines. A failed line is reported as `ip` reports it, with its line number.

use netlink::{BatchOptions, Connection, RouteRequest};

use crate::cli::Verb;
use crate::error::CliError;
use crate::report;

/// How many route lines wait at most before they are sent.
const CHUNK: usize = 4096;

/// A route change waiting to be sent.
#[derive(Debug)]
struct Line {
    /// Where it was read (`FILE:LINE`).
    at: String,
    /// The command, for the error's context (`route add`).
    context: String,
    verb: Verb,
    req: RouteRequest,
}

/// The route changes of the lines read since the last command of another kind.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    lines: Vec<Line>,
    /// Lines that failed, over the whole batch.
    pub(crate) failed: usize,
}

/// Whether a route change with `verb` can wait in the pipeline.
pub(crate) fn takes(verb: Verb) -> bool {
    matches!(
        verb,
        Verb::Add | Verb::Delete | Verb::Replace | Verb::Append
    )
}

impl Pending {
    /// Queues one line; sends the queue when it is full.
    pub(crate) fn push(
        &mut self,
        conn: &Connection,
        at: String,
        context: String,
        verb: Verb,
        req: RouteRequest,
    ) -> Result<(), CliError> {
        self.lines.push(Line {
            at,
            context,
            verb,
            req,
        });
        if self.lines.len() >= CHUNK {
            self.flush(conn)?;
        }
        Ok(())
    }

    /// Sends what waits and reports each failed line.
    ///
    /// # Errors
    /// A socket or decode error of the batch itself (not a refused line).
    pub(crate) fn flush(&mut self, conn: &Connection) -> Result<(), CliError> {
        if self.lines.is_empty() {
            return Ok(());
        }
        let lines = std::mem::take(&mut self.lines);
        let mut batch = conn.batch(BatchOptions::default())?;
        // The batch numbers only what it queued: `queued[i]` is the line of its request `i`.
        let mut queued = Vec::with_capacity(lines.len());
        let mut failures: Vec<(usize, netlink::Error)> = Vec::new();
        for (pos, l) in lines.iter().enumerate() {
            let sent = match l.verb {
                Verb::Add => batch.add(&l.req),
                Verb::Replace => batch.replace(&l.req),
                Verb::Append => batch.append(&l.req),
                _ => batch.delete(&l.req),
            };
            match sent {
                Ok(_) => queued.push(pos),
                // Refused before sending: that line's failure, as it would be alone.
                Err(e) => failures.push((pos, e)),
            }
        }
        let outcome = batch.finish()?;
        let line_of = |i: u64| usize::try_from(i).ok().and_then(|i| queued.get(i).copied());
        for f in outcome.failures {
            failures.extend(line_of(f.index).map(|pos| (pos, f.error)));
        }
        for r in &outcome.uncertain {
            // The kernel could not queue these replies: each may or may not have applied.
            failures.extend(
                r.clone()
                    .filter_map(line_of)
                    .map(|pos| (pos, netlink::Error::Overrun)),
            );
        }
        failures.sort_by_key(|(pos, _)| *pos);
        for (pos, e) in failures {
            let Some(l) = lines.get(pos) else { continue };
            report(&CliError::from(e).context(&l.context));
            crate::say!("nlctl: Command failed {}", l.at);
            self.failed += 1;
        }
        Ok(())
    }
}
