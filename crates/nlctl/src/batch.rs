//! `-batch FILE` (`-` for standard input): one command a line, read as `ip -batch` reads them.
//!
//! A `#` starts a comment that runs to the end of its line; a line ending in `\` continues on
//! the next; words are separated by blanks, and a word that starts with `'` or `"` runs to the
//! next such quote. A command that fails prints `Command failed FILE:LINE` (the last line it
//! was read from) and stops the batch, or with `-force` lets it go on; the batch then exits
//! with status 1. A command line `ip` would refuse outright (an unknown word, exit 255) ends
//! the whole run at once, as `ip`'s `exit(-1)` does. The lines share one connection; with
//! `-force`, runs of route changes are sent pipelined (see `pipeline.rs`).

use std::fs::File;
use std::io::{BufRead, BufReader};

use crate::error::{CliError, Result};
use crate::{Session, report};

/// The most words a command may have, as in `ip`.
const MAX_WORDS: usize = 511;

/// Runs every command of `name` in `session`.
///
/// # Errors
/// A file that cannot be read, a line that cannot be split into words, an error that ends the
/// batch, or [`CliError::Reported`] when a command failed.
pub(crate) fn run(session: &mut Session, name: &str) -> Result<()> {
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = File::open(name).map_err(|e| {
            CliError::failed(format!("Cannot open file \"{name}\" for reading: {e}"))
        })?;
        Box::new(BufReader::new(file))
    };
    let force = session.opts().force;
    let mut lines = Lines { input, number: 0 };
    let mut failed = false;
    while let Some(line) = lines.command()? {
        let words = split(&line)?;
        if words.is_empty() {
            continue;
        }
        if force {
            session.set_batch_line(Some(format!("{name}:{}", lines.number)));
        }
        match session.run(&words) {
            Ok(()) => {}
            Err(e) if e.ends_batch() || matches!(e, CliError::BrokenPipe) => {
                // What was read before the line that ends the batch still goes out.
                session.flush_pending()?;
                return Err(e);
            }
            Err(e) => {
                report(&e);
                crate::say!("nlctl: Command failed {name}:{}", lines.number);
                failed = true;
                if !force {
                    break;
                }
            }
        }
    }
    // The route changes still waiting (-force), and whether any of them failed.
    failed |= session.flush_pending()? > 0;
    if failed {
        Err(CliError::Reported(1))
    } else {
        Ok(())
    }
}

/// The commands of a batch file, one logical line at a time.
struct Lines {
    /// The file, or standard input.
    input: Box<dyn BufRead>,
    /// The number of the last physical line read.
    number: usize,
}

impl Lines {
    /// One physical line without its comment, `None` at the end.
    fn physical(&mut self) -> Result<Option<String>> {
        let mut buf = Vec::new();
        let n = self
            .input
            .read_until(b'\n', &mut buf)
            .map_err(|e| CliError::failed(format!("cannot read the batch: {e}")))?;
        if n == 0 {
            return Ok(None);
        }
        self.number = self.number.saturating_add(1);
        if let Some(hash) = buf.iter().position(|b| *b == b'#') {
            buf.truncate(hash);
        }
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| CliError::failed(format!("line {} is not valid UTF-8", self.number)))
    }

    /// The next command: a line and the lines its trailing `\` continues on.
    fn command(&mut self) -> Result<Option<String>> {
        let Some(mut line) = self.physical()? else {
            return Ok(None);
        };
        while let Some(cut) = line.find("\\\n") {
            let Some(next) = self.physical()? else {
                // As `ip`: the batch ends there, with the status it has so far.
                crate::say!("nlctl: Missing continuation line");
                return Ok(None);
            };
            line.truncate(cut);
            line.push_str(&next);
        }
        Ok(Some(line))
    }
}

/// Splits a command into words: blanks separate them, and a word that starts with a quote
/// runs to the next quote of the same kind.
fn split(line: &str) -> Result<Vec<String>> {
    const BLANKS: [char; 4] = [' ', '\t', '\r', '\n'];
    let mut words = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches(BLANKS);
        let Some(first) = rest.chars().next() else {
            break;
        };
        if words.len() >= MAX_WORDS {
            return Err(CliError::failed("Too many arguments to command"));
        }
        if first == '\'' || first == '"' {
            let body = rest.get(1..).unwrap_or_default();
            let end = body
                .find(first)
                .ok_or_else(|| CliError::failed("Unterminated quoted string"))?;
            words.push(body.get(..end).unwrap_or_default().to_owned());
            rest = body.get(end.saturating_add(1)..).unwrap_or_default();
        } else {
            let end = rest.find(BLANKS).unwrap_or(rest.len());
            words.push(rest.get(..end).unwrap_or_default().to_owned());
            rest = rest.get(end..).unwrap_or_default();
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut l = Lines {
            input: Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            number: 0,
        };
        let mut out = Vec::new();
        while let Some(c) = l.command().unwrap() {
            out.push((l.number, split(&c).unwrap()));
        }
        out
    }

    #[test]
    fn words_and_lines_as_ip_batch() {
        let got = lines("link show lo # c\n\n  addr  \\\n show\t'a b'\"c\"d\n# x \\\nrule\n");
        let want: Vec<(usize, Vec<&str>)> = vec![
            (1, vec!["link", "show", "lo"]),
            (2, vec![]),
            (4, vec!["addr", "show", "a b", "c", "d"]),
            (5, vec![]),
            (6, vec!["rule"]),
        ];
        let got: Vec<(usize, Vec<&str>)> = got
            .iter()
            .map(|(n, w)| (*n, w.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(got, want);
        assert!(split("link show \"lo").is_err());
        assert!(split(&"x ".repeat(512)).is_err());
        assert_eq!(split(&"x ".repeat(511)).unwrap().len(), 511);
        let mut l = Lines {
            input: Box::new(std::io::Cursor::new(b"a \\\n".to_vec())),
            number: 0,
        };
        assert!(l.command().unwrap().is_none());
    }
}
