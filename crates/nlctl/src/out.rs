//! Standard output, locked and buffered, with JSON arrays written one item at a time
//! (`[` item `,` item ... `]`), never collected, so that long dumps print at once in constant
//! memory.

use std::io::{BufWriter, StdoutLock, Write};

use crate::Ctx;
use crate::error::Result;
use crate::sink::{self, Fields, JsonSink, JsonState, Sink};

/// A streaming writer of either a JSON array or text lines.
#[derive(Debug)]
pub(crate) struct Out {
    w: BufWriter<StdoutLock<'static>>,
    /// With `-json`: where the array stands between items.
    json: Option<JsonState>,
    /// `-oneline`: each object's text on one line.
    oneline: bool,
}

impl Out {
    /// Locks standard output; with `-json`, opens the array (in ip's pretty layout with
    /// `-pretty`).
    pub(crate) fn new(ctx: &Ctx<'_>) -> Result<Self> {
        Out::open(ctx.json, ctx.pretty, ctx.oneline)
    }

    /// [`Out::new`] with the options given one by one, for the commands without a [`Ctx`].
    pub(crate) fn open(json: bool, pretty: bool, oneline: bool) -> Result<Self> {
        let mut w = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        let json = if json {
            let mut s = JsonSink::resume(&mut w, JsonState::new(pretty));
            s.open_array("")?;
            Some(s.state())
        } else {
            None
        };
        Ok(Out { w, json, oneline })
    }

    /// Writes one object: a JSON array element, or its text and a newline, straight into
    /// the buffer.
    pub(crate) fn item(&mut self, f: &impl Fields) -> Result<()> {
        match self.json {
            Some(st) => self.json = Some(sink::json_object(&mut self.w, f, st)?),
            None if self.oneline => {
                self.w.write_all(&one_line(f))?;
                self.w.write_all(b"\n")?;
            }
            None => {
                sink::text(&mut self.w, f)?;
                self.w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Closes the array and flushes.
    pub(crate) fn finish(mut self) -> Result<()> {
        if let Some(st) = self.json {
            JsonSink::resume(&mut self.w, st).close_array()?;
            self.w.write_all(b"\n")?;
        }
        self.w.flush()?;
        Ok(())
    }
}

/// `f`'s text on one line, as ip's `-oneline` prints it: each line break inside an object
/// becomes a backslash.
pub(crate) fn one_line(f: &impl Fields) -> Vec<u8> {
    let mut v = Vec::new();
    // Writing into a vector cannot fail.
    let _ = sink::text(&mut v, f);
    for b in &mut v {
        if *b == b'\n' {
            *b = b'\\';
        }
    }
    v
}

/// Writes one line to standard output and flushes it (the monitor's events).
pub(crate) fn line(w: &mut impl Write, l: &[u8]) -> Result<()> {
    w.write_all(l)?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}
