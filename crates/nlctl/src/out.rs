//! Standard output, locked and buffered, with JSON arrays written one item at a time
//! (`[` item `,` item ... `]`), never collected, so that long dumps print at once in constant
//! memory.

use std::io::{BufWriter, StdoutLock, Write};

use crate::error::Result;
use crate::sink::{self, Fields};

/// A streaming writer of either a JSON array or text lines.
#[derive(Debug)]
pub(crate) struct Out {
    w: BufWriter<StdoutLock<'static>>,
    json: bool,
    items: u64,
}

impl Out {
    /// Locks standard output; with `json`, opens the array.
    pub(crate) fn new(json: bool) -> Result<Self> {
        let mut w = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        if json {
            w.write_all(b"[")?;
        }
        Ok(Out { w, json, items: 0 })
    }

    /// Writes one object: a JSON array element, or its text and a newline, straight into
    /// the buffer.
    pub(crate) fn item(&mut self, f: &impl Fields) -> Result<()> {
        if self.json {
            if self.items > 0 {
                self.w.write_all(b",")?;
            }
            sink::json_object(&mut self.w, f)?;
        } else {
            sink::text(&mut self.w, f)?;
            self.w.write_all(b"\n")?;
        }
        self.items = self.items.saturating_add(1);
        Ok(())
    }

    /// Closes the array and flushes.
    pub(crate) fn finish(mut self) -> Result<()> {
        if self.json {
            self.w.write_all(b"]\n")?;
        }
        self.w.flush()?;
        Ok(())
    }
}

/// Writes one line to standard output and flushes it (the monitor's events).
pub(crate) fn line(w: &mut impl Write, l: &[u8]) -> Result<()> {
    w.write_all(l)?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}
