//! One description of each object's fields drives both outputs, as iproute2's `print_*` calls
//! with `PRINT_ANY` do: every field is given once, with its JSON key and the text around it in
//! the human output, and a [`Sink`] writes either the JSON or the text straight into a writer,
//! without building a map or a `String` per object.
//!
//! A field that only one output has is written with [`Sink::text`] (text only) or with no
//! [`Txt`] (JSON only), so that the order of `ip -j` and the order of `ip`'s text can differ
//! where iproute2's do.

use std::fmt::{self, Display};
use std::io::{self, Write};

/// The global options that change how objects print: `-details`, `-stats` (counted),
/// `-Numeric`, `-human` and `-iec`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Style {
    /// `-details`, counted.
    pub(crate) details: u32,
    /// `-stats`, counted.
    pub(crate) stats: u32,
    /// `-Numeric`: numbers instead of names (protocols, scopes, tables, types, groups).
    pub(crate) numeric: bool,
    /// `-human`: counters in k, M, G.
    pub(crate) human: bool,
    /// `-iec`: with `-human`, powers of 1024.
    pub(crate) iec: bool,
}

/// The text written around a field's value in the human output: `Txt(" dev ", "")` prints
/// ` dev lo`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Txt(pub(crate) &'static str, pub(crate) &'static str);

/// A JSON literal for [`Sink::literal`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lit {
    /// `true`.
    True,
    /// `false`.
    False,
    /// `null`.
    Null,
}

impl Lit {
    /// `true` or `false`.
    pub(crate) fn bool(v: bool) -> Lit {
        if v { Lit::True } else { Lit::False }
    }
}

/// Where an object's fields go: JSON or text.
pub(crate) trait Sink {
    /// A string field (`"key":"v"` in JSON); in text, `v` between `text`'s two parts. In an
    /// array, `key` is not written.
    fn string(&mut self, key: &str, text: Option<Txt>, v: impl Display) -> io::Result<()>;
    /// A number field (`"key":v` in JSON, `v` a number's digits); in text as [`Sink::string`].
    fn number(&mut self, key: &str, text: Option<Txt>, v: impl Display) -> io::Result<()>;
    /// A field whose JSON value is `lit` and whose text is `text` alone.
    fn literal(&mut self, key: &str, lit: Lit, text: &str) -> io::Result<()>;
    /// Text written only in the human output.
    fn text(&mut self, t: impl Display) -> io::Result<()>;
    /// Opens an array (`"key":[`); text: nothing.
    fn open_array(&mut self, key: &str) -> io::Result<()>;
    /// Closes the innermost array.
    fn close_array(&mut self) -> io::Result<()>;
    /// Opens an object (`"key":{`, or `{` in an array); text: nothing.
    fn open_object(&mut self, key: &str) -> io::Result<()>;
    /// Closes the innermost object.
    fn close_object(&mut self) -> io::Result<()>;
}

/// Something with fields to print, in the order `ip -j` prints them.
pub(crate) trait Fields {
    /// Writes every field into `s` (inside an object the caller opened).
    fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()>;
}

/// Where a JSON writer stands: what comes before the next value and how deep it is. `Copy`,
/// so that a stream of objects (a top-level array written one item at a time) can keep it
/// between items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonState {
    /// A comma goes before the next value of this container.
    sep: bool,
    /// Bit `d` set: the container at depth `d` is an array. 64 levels is far more than any
    /// object nests.
    arrays: u64,
    depth: u32,
    /// ip's `-pretty` layout: a key per line, indented four spaces a level, arrays of values
    /// on one line between `[ ` and ` ]`.
    pretty: bool,
}

impl JsonState {
    /// The start of a document, compact or in ip's pretty layout.
    pub(crate) fn new(pretty: bool) -> Self {
        JsonState {
            sep: false,
            arrays: 0,
            depth: 0,
            pretty,
        }
    }
}

/// The JSON output, compact or laid out as ip's `-pretty` does (its separators, indentation and
/// spacing, value by value). Keys are written unescaped (they are ASCII names), values escaped
/// as `serde_json` escapes them.
#[derive(Debug)]
pub(crate) struct JsonSink<W> {
    w: W,
    st: JsonState,
}

impl<W: Write> JsonSink<W> {
    /// A sink that goes on from `st`.
    pub(crate) fn resume(w: W, st: JsonState) -> Self {
        JsonSink { w, st }
    }

    /// Where the sink stands, to resume from later.
    pub(crate) fn state(&self) -> JsonState {
        self.st
    }

    /// Whether values here go without a key: in an array, or at the top level.
    fn keyless(&self) -> bool {
        match self.st.depth.checked_sub(1) {
            None => true,
            Some(d) => self.st.arrays & (1 << d.min(63)) != 0,
        }
    }

    /// The comma between two values of a container.
    fn separate(&mut self) -> io::Result<()> {
        if self.st.sep {
            self.w.write_all(b",")?;
        }
        self.st.sep = true;
        Ok(())
    }

    /// A new line at the current depth (pretty only).
    fn new_line(&mut self) -> io::Result<()> {
        if self.st.pretty {
            self.w.write_all(b"\n")?;
            for _ in 0..self.st.depth {
                self.w.write_all(b"    ")?;
            }
        }
        Ok(())
    }

    /// What goes before a value: in an object its key on a line of its own, then the comma
    /// the value itself needs (none after a key).
    fn key(&mut self, key: &str) -> io::Result<()> {
        if !self.keyless() {
            self.separate()?;
            self.new_line()?;
            self.st.sep = false;
            self.w.write_all(b"\"")?;
            self.w.write_all(key.as_bytes())?;
            self.w
                .write_all(if self.st.pretty { b"\": " } else { b"\":" })?;
        }
        self.separate()
    }

    fn open(&mut self, key: &str, array: bool) -> io::Result<()> {
        self.key(key)?;
        self.w.write_all(if array { b"[" } else { b"{" })?;
        let bit = 1u64 << self.st.depth.min(63);
        if array {
            self.st.arrays |= bit;
        } else {
            self.st.arrays &= !bit;
        }
        self.st.depth = self.st.depth.saturating_add(1);
        self.st.sep = false;
        if array && self.st.pretty {
            self.w.write_all(b" ")?;
        }
        Ok(())
    }

    fn close(&mut self, array: bool) -> io::Result<()> {
        if array {
            if self.st.pretty && self.st.sep {
                self.w.write_all(b" ")?;
            }
            self.st.sep = false;
        }
        self.st.depth = self.st.depth.saturating_sub(1);
        if self.st.sep {
            self.new_line()?;
        }
        self.w.write_all(if array { b"]" } else { b"}" })?;
        self.st.sep = true;
        Ok(())
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn string(&mut self, key: &str, _text: Option<Txt>, v: impl Display) -> io::Result<()> {
        self.key(key)?;
        self.w.write_all(b"\"")?;
        let mut e = Escape {
            w: &mut self.w,
            error: None,
        };
        if fmt::write(&mut e, format_args!("{v}")).is_err() {
            return Err(e
                .error
                .unwrap_or_else(|| io::Error::other("formatter error")));
        }
        self.w.write_all(b"\"")
    }

    fn number(&mut self, key: &str, _text: Option<Txt>, v: impl Display) -> io::Result<()> {
        self.key(key)?;
        write!(self.w, "{v}")
    }

    fn literal(&mut self, key: &str, lit: Lit, _text: &str) -> io::Result<()> {
        self.key(key)?;
        self.w.write_all(match lit {
            Lit::True => b"true",
            Lit::False => b"false",
            Lit::Null => b"null",
        })
    }

    fn text(&mut self, _t: impl Display) -> io::Result<()> {
        Ok(())
    }

    fn open_array(&mut self, key: &str) -> io::Result<()> {
        self.open(key, true)
    }

    fn close_array(&mut self) -> io::Result<()> {
        self.close(true)
    }

    fn open_object(&mut self, key: &str) -> io::Result<()> {
        self.open(key, false)
    }

    fn close_object(&mut self) -> io::Result<()> {
        self.close(false)
    }
}

/// Escapes a JSON string's contents as `serde_json` does: `"`, `\` and the control
/// characters, short forms where JSON has them, else `\u00XX` in lowercase hex.
struct Escape<'a, W> {
    w: &'a mut W,
    error: Option<io::Error>,
}

impl<W: Write> Escape<'_, W> {
    fn put(&mut self, s: &str) -> io::Result<()> {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let short: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => b"",
                _ => continue,
            };
            self.w.write_all(bytes.get(start..i).unwrap_or_default())?;
            if short.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ];
                self.w.write_all(&hex)?;
            } else {
                self.w.write_all(short)?;
            }
            start = i + 1;
        }
        self.w.write_all(bytes.get(start..).unwrap_or_default())
    }
}

impl<W: Write> fmt::Write for Escape<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.put(s).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

/// The human output: each field's value between its text, containers invisible.
#[derive(Debug)]
pub(crate) struct TextSink<W> {
    w: W,
}

impl<W: Write> TextSink<W> {
    /// A sink writing into `w`.
    pub(crate) fn new(w: W) -> Self {
        TextSink { w }
    }
}

impl<W: Write> Sink for TextSink<W> {
    fn string(&mut self, _key: &str, text: Option<Txt>, v: impl Display) -> io::Result<()> {
        if let Some(Txt(before, after)) = text {
            self.w.write_all(before.as_bytes())?;
            write!(self.w, "{v}")?;
            self.w.write_all(after.as_bytes())?;
        }
        Ok(())
    }

    fn number(&mut self, key: &str, text: Option<Txt>, v: impl Display) -> io::Result<()> {
        self.string(key, text, v)
    }

    fn literal(&mut self, _key: &str, _lit: Lit, text: &str) -> io::Result<()> {
        self.w.write_all(text.as_bytes())
    }

    fn text(&mut self, t: impl Display) -> io::Result<()> {
        write!(self.w, "{t}")
    }

    fn open_array(&mut self, _key: &str) -> io::Result<()> {
        Ok(())
    }

    fn close_array(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn open_object(&mut self, _key: &str) -> io::Result<()> {
        Ok(())
    }

    fn close_object(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `f`'s fields as one JSON object, appended to `w` from where `st` stands; returns where it
/// ends.
pub(crate) fn json_object(
    w: &mut impl Write,
    f: &impl Fields,
    st: JsonState,
) -> io::Result<JsonState> {
    let mut s = JsonSink::resume(w, st);
    s.open_object("")?;
    f.fields(&mut s)?;
    s.close_object()?;
    Ok(s.state())
}

/// `f`'s fields as text, appended to `w`.
pub(crate) fn text(w: &mut impl Write, f: &impl Fields) -> io::Result<()> {
    f.fields(&mut TextSink::new(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample;

    impl Fields for Sample {
        fn fields<S: Sink>(&self, s: &mut S) -> io::Result<()> {
            s.string("dst", Some(Txt("", "")), "10.0.0.0/8")?;
            s.string("dev", Some(Txt(" dev ", "")), "a\"b\\c\n\u{1}")?;
            s.number("metric", Some(Txt(" metric ", "")), 5)?;
            s.open_array("flags")?;
            s.string("", Some(Txt(" ", "")), "onlink")?;
            s.string("", Some(Txt(" ", "")), "dead")?;
            s.close_array()?;
            s.open_array("nexthops")?;
            s.text("\n\tnexthop")?;
            s.open_object("")?;
            s.number("weight", Some(Txt(" weight ", "")), 1)?;
            s.open_array("flags")?;
            s.close_array()?;
            s.close_object()?;
            s.close_array()?;
            s.literal("proxy", Lit::Null, " proxy")?;
            s.literal("dynamic", Lit::True, " dynamic")?;
            s.number("json_only", None, 7)
        }
    }

    #[test]
    fn one_description_two_outputs() {
        let mut j = Vec::new();
        json_object(&mut j, &Sample, JsonState::new(false)).unwrap();
        let j = String::from_utf8(j).unwrap();
        let expected = serde_json::json!({
            "dst": "10.0.0.0/8",
            "dev": "a\"b\\c\n\u{1}",
            "metric": 5,
            "flags": ["onlink", "dead"],
            "nexthops": [{"weight": 1, "flags": []}],
            "proxy": null,
            "dynamic": true,
            "json_only": 7,
        });
        assert_eq!(j, expected.to_string());
        let mut t = Vec::new();
        text(&mut t, &Sample).unwrap();
        assert_eq!(
            String::from_utf8(t).unwrap(),
            "10.0.0.0/8 dev a\"b\\c\n\u{1} metric 5 onlink dead\n\tnexthop weight 1 proxy dynamic"
        );
    }

    #[test]
    fn pretty_as_ip_lays_it_out() {
        let mut j = Vec::new();
        let mut s = JsonSink::resume(&mut j, JsonState::new(true));
        s.open_array("").unwrap();
        let st = s.state();
        let st = json_object(&mut j, &Sample, st).unwrap();
        let st = json_object(&mut j, &Sample, st).unwrap();
        let mut s = JsonSink::resume(&mut j, st);
        s.close_array().unwrap();
        let one = "{
        \"dst\": \"10.0.0.0/8\",
        \"dev\": \"a\\\"b\\\\c\\n\\u0001\",
        \"metric\": 5,
        \"flags\": [ \"onlink\",\"dead\" ],
        \"nexthops\": [ {
                \"weight\": 1,
                \"flags\": [ ]
            } ],
        \"proxy\": null,
        \"dynamic\": true,
        \"json_only\": 7
    }";
        assert_eq!(String::from_utf8(j).unwrap(), format!("[ {one},{one} ]"));
        let mut e = Vec::new();
        let mut s = JsonSink::resume(&mut e, JsonState::new(true));
        s.open_array("").unwrap();
        s.close_array().unwrap();
        assert_eq!(e, b"[ ]");
    }

    #[test]
    fn escapes_like_serde_json() {
        let all: String = (0u8..0x80)
            .map(char::from)
            .chain(['é', '\u{2028}'])
            .collect();
        let mut j = Vec::new();
        JsonSink::resume(&mut j, JsonState::new(false))
            .string("", None, &all)
            .unwrap();
        assert_eq!(
            String::from_utf8(j).unwrap(),
            serde_json::to_string(&all).unwrap()
        );
    }
}
