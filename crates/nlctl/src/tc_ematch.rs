//! `match EXPR` of the basic and cgroup classifiers, read as `tc` 6.1 reads it (`m_ematch.c`,
//! its lexer and grammar, and `em_cmp.c`, `em_nbyte.c`, `em_u32.c`, `em_meta.c`):
//! `TERM [ { and | or } EXPR ]`, a term `[ not ] { KIND(ARGS) | ( EXPR ) }`.
//!
//! `tc` joins the words after `match` and reads tokens until the expression is complete and
//! one token more; the classifier goes on at the word that token came from. So an expression
//! that ends the line fails as its last word ("What is ..."), and a word that does not continue
//! it ends it. The kinds `text`, `canid`, `ipset` and `ipt` are refused by name; a bad
//! expression fails with `tc`'s first error line and status 1, before anything is sent.

use netlink::netlink_wire::rtnl::tc::{
    EmMeta, EmatchExpr, EmatchTerm, EmatchTest, TcU32Key, TcfEmCmp, TcfMetaHdr, TcfMetaVal,
};

use crate::error::{CliError, Result};
use crate::words::Words;

/// `tc`'s error for a bad expression: its first line, status 1.
fn fail(message: impl Into<String>) -> CliError {
    CliError::Coded {
        message: message.into(),
        code: 1,
    }
}

/// Reads `match EXPR` after the word `match`, leaving `w` at the word `tc` goes on at.
pub(crate) fn parse(w: &mut Words<'_>) -> Result<EmatchExpr> {
    let words = w.rest();
    if words.is_empty() {
        // tc's NEXT_ARG, which exits with -1.
        return Err(CliError::Coded {
            message: "Command line is not complete. Try option \"help\"".into(),
            code: 255,
        });
    }
    let tokens = lex(words)?;
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
    };
    let expr = p.expr(0)?;
    // tc goes on at the word of the token after the expression, or at the last word when
    // none is left.
    let at = p
        .tokens
        .get(p.pos)
        .map_or(words.len().saturating_sub(1), |t| t.word);
    w.advance(at);
    Ok(expr)
}

/// A token of the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `and`, `AND`.
    And,
    /// `or`, `OR`.
    Or,
    /// `not`, `NOT` (not `!`, which tc's grammar reads as a word).
    Not,
    /// A kind's name followed by its arguments, up to its `)`.
    Match(String, Vec<Arg>),
    /// A word that is none of these (it ends an expression, or is an error in one).
    Word(String),
}

/// One argument of a kind: its bytes, and whether it was quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Arg {
    text: Vec<u8>,
    quoted: bool,
}

impl Arg {
    fn is(&self, s: &str) -> bool {
        self.text == s.as_bytes()
    }
}

/// A token and the index of the word it starts in.
#[derive(Debug)]
struct Token {
    tok: Tok,
    word: usize,
}

/// Splits the words, joined by spaces, into tokens.
fn lex(words: &[String]) -> Result<Vec<Token>> {
    let mut chars: Vec<(u8, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        chars.extend(w.bytes().map(|b| (b, i)));
        chars.push((b' ', i));
    }
    let mut out = Vec::new();
    let mut i = 0;
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    while let Some(&(c, word)) = chars.get(i) {
        if space(c) {
            i += 1;
            continue;
        }
        let tok = match c {
            b'(' => {
                i += 1;
                Tok::Open
            }
            b')' => {
                i += 1;
                Tok::Close
            }
            _ => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|&(b, _)| !space(b) && b != b'(' && b != b')')
                {
                    i += 1;
                }
                let name: String = chars[start..i]
                    .iter()
                    .map(|&(b, _)| char::from(b))
                    .collect();
                match name.as_str() {
                    "and" | "AND" => Tok::And,
                    "or" | "OR" => Tok::Or,
                    "not" | "NOT" => Tok::Not,
                    _ => {
                        // A kind: its arguments follow its `(`, spaces allowed before it.
                        let mut j = i;
                        while chars.get(j).is_some_and(|&(b, _)| space(b)) {
                            j += 1;
                        }
                        if chars.get(j).map(|&(b, _)| b) == Some(b'(') {
                            i = j + 1;
                            Tok::Match(name, args(&chars, &mut i)?)
                        } else {
                            Tok::Word(name)
                        }
                    }
                }
            }
        };
        out.push(Token { tok, word });
    }
    Ok(out)
}

/// The arguments from `*i` to the `)` that ends them, which is taken too.
fn args(chars: &[(u8, usize)], i: &mut usize) -> Result<Vec<Arg>> {
    let mut out = Vec::new();
    loop {
        let Some(&(c, _)) = chars.get(*i) else {
            return Err(fail("Parse error: syntax error"));
        };
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => *i += 1,
            b')' => {
                *i += 1;
                return Ok(out);
            }
            b'"' => {
                *i += 1;
                out.push(Arg {
                    text: quoted(chars, i)?,
                    quoted: true,
                });
            }
            _ => {
                let start = *i;
                while chars
                    .get(*i)
                    .is_some_and(|&(b, _)| !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b')' | b'"'))
                {
                    *i += 1;
                }
                out.push(Arg {
                    text: chars[start..*i].iter().map(|&(b, _)| b).collect(),
                    quoted: false,
                });
            }
        }
    }
}

/// A quoted argument after its `"`, with C's escapes, up to and taking its closing `"`.
fn quoted(chars: &[(u8, usize)], i: &mut usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let at = |i: usize| chars.get(i).map(|&(b, _)| b);
    loop {
        let c = at(*i).ok_or_else(|| fail("Parse error: syntax error"))?;
        *i += 1;
        match c {
            b'"' => return Ok(out),
            b'\\' => {
                let e = at(*i).ok_or_else(|| fail("Parse error: syntax error"))?;
                *i += 1;
                let digits = |i: &mut usize, radix: u32, max: usize, first: Option<u8>| {
                    let mut v: u32 = first.map_or(0, |d| u32::from(d - b'0'));
                    let mut n = usize::from(first.is_some());
                    while n < max
                        && let Some(d) = at(*i).and_then(|b| char::from(b).to_digit(radix))
                    {
                        v = v * radix + d;
                        *i += 1;
                        n += 1;
                    }
                    (v, n)
                };
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'x' => {
                        let (v, n) = digits(i, 16, 2, None);
                        if n == 0 {
                            return Err(CliError::unsupported("the escape \"\\x\" without digits"));
                        }
                        out.push(v as u8);
                    }
                    b'0'..=b'7' => out.push(digits(i, 8, 3, Some(e)).0 as u8),
                    other => out.push(other),
                }
            }
            other => out.push(other),
        }
    }
}

/// The recursive-descent twin of `tc`'s grammar.
struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn next(&mut self) -> Option<&Tok> {
        let t = self.tokens.get(self.pos).map(|t| &t.tok);
        self.pos += 1;
        t
    }

    /// `TERM [ { and | or } EXPR ]`, `depth` groups deep.
    fn expr(&mut self, depth: usize) -> Result<EmatchExpr> {
        let mut e = EmatchExpr::new(self.term(depth)?);
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    e = e.and(self.term(depth)?);
                }
                Some(Tok::Or) => {
                    self.pos += 1;
                    e = e.or(self.term(depth)?);
                }
                _ => return Ok(e),
            }
        }
    }

    /// `[ not ] { KIND(ARGS) | ( EXPR ) }`.
    fn term(&mut self, depth: usize) -> Result<EmatchTerm> {
        let invert = self.peek() == Some(&Tok::Not);
        if invert {
            self.pos += 1;
        }
        let test = match self.next().cloned() {
            Some(Tok::Open) => {
                if depth >= netlink::netlink_wire::rtnl::tc::EMATCH_MAX_DEPTH {
                    return Err(fail("Parse error: groups nested too deep"));
                }
                let e = self.expr(depth + 1)?;
                if self.next() != Some(&Tok::Close) {
                    return Err(fail("Parse error: syntax error"));
                }
                EmatchTest::Group(e)
            }
            Some(Tok::Match(kind, args)) => leaf(&kind, &args)?,
            _ => return Err(fail("Parse error: syntax error")),
        };
        Ok(if invert {
            EmatchTerm::not(test)
        } else {
            EmatchTerm::new(test)
        })
    }
}

/// `KIND(ARGS)`.
fn leaf(kind: &str, args: &[Arg]) -> Result<EmatchTest> {
    match kind {
        "cmp" => cmp(args),
        "nbyte" => nbyte(args),
        "u32" => u32_key(args),
        "meta" => meta(args),
        "text" | "canid" | "ipset" | "ipt" => Err(CliError::unsupported(format!(
            "filter: the extended match {kind:?}"
        ))),
        _ => Err(fail(format!("Unknown ematch \"{kind}\""))),
    }
}

/// `bstrtoul`: `strtoul` with base 0 on the argument, digits then anything; `None` for no
/// digits or `ULONG_MAX`.
fn bstrtoul(a: &Arg) -> Option<u64> {
    let s = std::str::from_utf8(&a.text).ok()?;
    let (v, n) = strtoul(s);
    (n > 0 && v != u64::MAX).then_some(v)
}

/// C's `strtoul(s, &end, 0)`: the value and how many bytes it read (0 without digits);
/// `u64::MAX` on overflow.
fn strtoul(s: &str) -> (u64, usize) {
    let b = s.as_bytes();
    let mut i = b
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .count();
    let neg = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let hex_digit = |j: usize| b.get(j).is_some_and(u8::is_ascii_hexdigit);
    let (radix, start) = match (b.get(i), b.get(i + 1)) {
        (Some(b'0'), Some(b'x' | b'X')) if hex_digit(i + 2) => (16, i + 2),
        (Some(b'0'), _) => (8, i),
        _ => (10, i),
    };
    let mut v: u64 = 0;
    let mut overflow = false;
    let mut j = start;
    while let Some(d) = b.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
        match v
            .checked_mul(u64::from(radix))
            .and_then(|x| x.checked_add(u64::from(d)))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
        j += 1;
    }
    if j == start {
        return (0, 0);
    }
    if overflow {
        return (u64::MAX, j);
    }
    (if neg { v.wrapping_neg() } else { v }, j)
}

/// A number after `word`, or tc's error for it.
fn number(args: &[Arg], i: &mut usize, kind: &str, invalid: &str) -> Result<u64> {
    *i += 1;
    let a = args
        .get(*i)
        .ok_or_else(|| fail(format!("{kind}: missing argument")))?;
    bstrtoul(a).ok_or_else(|| fail(format!("{kind}: {invalid}")))
}

/// `TCF_LAYER_MAX`.
const LAYER_MAX: u64 = 2;

/// `layer LAYER` of cmp and nbyte.
fn layer(args: &[Arg], i: &mut usize, kind: &str) -> Result<u64> {
    *i += 1;
    let a = args
        .get(*i)
        .ok_or_else(|| fail(format!("{kind}: missing argument")))?;
    let l = if a.is("link") {
        0
    } else if a.is("network") {
        1
    } else if a.is("transport") {
        2
    } else {
        bstrtoul(a).ok_or_else(|| fail(format!("{kind}: invalid layer")))?
    };
    if l > LAYER_MAX {
        return Err(fail(format!("{kind}: illegal layer, must be in 0..2")));
    }
    Ok(l)
}

/// `at OFFSET` or `layer LAYER` of cmp and nbyte at `args[*i]`, read into `off` or `lay`;
/// `false` for another word.
fn place(
    args: &[Arg],
    i: &mut usize,
    kind: &str,
    off: &mut Option<u64>,
    lay: &mut u64,
) -> Result<bool> {
    let Some(a) = args.get(*i) else {
        return Ok(false);
    };
    if a.is("at") {
        *off = Some(number(args, i, kind, "invalid offset, must be numeric")?);
    } else if a.is("layer") {
        *lay = layer(args, i, kind)?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// The size word `u8`, `u16` or `u32`: 1, 2 or 4 bytes.
fn align(a: Option<&Arg>, kind: &str) -> Result<u8> {
    match a {
        Some(a) if a.is("u8") => Ok(1),
        Some(a) if a.is("u16") => Ok(2),
        Some(a) if a.is("u32") => Ok(4),
        Some(_) => Err(fail(format!("{kind}: invalid alignment"))),
        None => Err(fail(format!("{kind}: missing arguments"))),
    }
}

/// `cmp(ALIGN at OFFSET [ layer LAYER ] [ mask MASK ] [ trans ] { eq | lt | gt } VALUE)`.
fn cmp(args: &[Arg]) -> Result<EmatchTest> {
    let align = align(args.first(), "cmp")?;
    let (mut off, mut lay, mut mask, mut val, mut opnd, mut trans) = (None, 1, 0, None, 0, false);
    let mut i = 1;
    while let Some(a) = args.get(i) {
        if place(args, &mut i, "cmp", &mut off, &mut lay)? {
            // `at` or `layer`, read.
        } else if a.is("mask") {
            mask = number(args, &mut i, "cmp", "invalid mask")?;
        } else if a.is("trans") {
            trans = true;
        } else if let Some(o) = ["eq", "gt", "lt"].iter().position(|o| a.is(o)) {
            opnd = o as u8;
            val = Some(number(args, &mut i, "cmp", "invalid value")?);
        } else {
            // tc's own words.
            return Err(fail("nbyte: unknown parameter"));
        }
        i += 1;
    }
    let (Some(off), Some(val)) = (off, val) else {
        return Err(fail("cmp: offset and value required"));
    };
    Ok(EmatchTest::Cmp(TcfEmCmp::new(
        align,
        off as u16,
        lay as u8,
        mask as u32,
        opnd,
        val as u32,
        trans,
    )))
}

/// `nbyte(NEEDLE at OFFSET [ layer LAYER ])`.
fn nbyte(args: &[Arg]) -> Result<EmatchTest> {
    let needle = args
        .first()
        .ok_or_else(|| fail("nbyte: missing arguments"))?;
    if needle.text.is_empty() {
        return Err(fail("nbyte: needle length is 0"));
    }
    if needle.text.len() > 0xfff {
        return Err(CliError::unsupported(
            "nbyte: a needle longer than 4095 bytes",
        ));
    }
    let (mut off, mut lay) = (None, 1);
    let mut i = 1;
    while i < args.len() {
        if !place(args, &mut i, "nbyte", &mut off, &mut lay)? {
            return Err(fail("nbyte: unknown parameter"));
        }
        i += 1;
    }
    let off = off.ok_or_else(|| fail("nbyte: offset required"))?;
    Ok(EmatchTest::Nbyte {
        off: off as u16,
        layer: lay as u8,
        needle: needle.text.clone(),
    })
}

/// `u32(ALIGN VALUE MASK at [ nexthdr+ ] OFFSET)`.
fn u32_key(args: &[Arg]) -> Result<EmatchTest> {
    let align = align(args.first(), "u32")?;
    let arg = |i: usize, what: &str| {
        args.get(i)
            .ok_or_else(|| fail(format!("u32: missing {what}")))
    };
    let mut key =
        bstrtoul(arg(1, "key")?).ok_or_else(|| fail("u32: invalid key, must be numeric"))?;
    let mut mask =
        bstrtoul(arg(2, "mask")?).ok_or_else(|| fail("u32: invalid mask, must be numeric"))?;
    if !args.get(3).is_some_and(|a| a.is("at")) {
        return Err(fail("u32: missing \"at\""));
    }
    let mut i = 4;
    let a = arg(i, "offset")?;
    let mut nexthdr = false;
    let offset = if let Some(rest) = a.text.strip_prefix(b"nexthdr+").filter(|r| !r.is_empty()) {
        nexthdr = true;
        // tc reads this one with plain strtoul: no digits is 0.
        strtoul(&String::from_utf8_lossy(rest)).0
    } else if a.is("nexthdr+") {
        i += 1;
        bstrtoul(arg(i, "offset")?).unwrap_or(u64::MAX)
    } else {
        bstrtoul(a).unwrap_or(u64::MAX)
    };
    if offset == u64::MAX {
        return Err(fail("u32: invalid offset"));
    }
    if args.len() > i + 1 {
        return Err(fail("u32: unexpected trailer"));
    }
    let mut offset = offset;
    match align {
        1 => {
            if key > 0xff {
                return Err(fail("Illegal key (>0xFF)"));
            }
            if mask > 0xff {
                return Err(fail("Illegal mask (>0xFF)"));
            }
            let shift = 24 - (offset & 3) * 8;
            key <<= shift;
            mask <<= shift;
            offset &= !3;
        }
        2 => {
            if key > 0xffff {
                return Err(fail("Illegal key (>0xFFFF)"));
            }
            if mask > 0xffff {
                return Err(fail("Illegal mask (>0xFFFF)"));
            }
            if offset & 3 == 0 {
                key <<= 16;
                mask <<= 16;
            }
            offset &= !3;
        }
        _ => {}
    }
    if offset % 4 != 0 {
        return Err(fail("u32: invalid offset alignment, must be aligned to 4."));
    }
    let k = TcU32Key::new(key as u32, mask as u32, offset as u32 as i32);
    Ok(EmatchTest::U32(if nexthdr { k.at_nexthdr() } else { k }))
}

/// The meta ids `tc` 6.1 knows by name (`meta(list)`): `TCF_META_ID_*`.
fn meta_id(name: &[u8]) -> Option<u16> {
    let name = std::str::from_utf8(name).ok()?;
    match name {
        "fwmark" => Some(12),
        "vlan" => Some(46),
        _ => crate::tc_ematch_show::META_NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|p| u16::try_from(p + 1).ok()),
    }
}

/// `TCF_META_TYPE_VAR`: a side of bytes.
const META_VAR: u16 = 0;
/// `TCF_META_TYPE_INT`: a side that is a number.
const META_INT: u16 = 1;

/// One side of a meta comparison as `parse_object` reads it from `args[*i]`: its header and
/// the value written for it (a number, or the bytes of a quoted value); `*i` ends after it.
fn meta_side(args: &[Arg], i: &mut usize, right: bool) -> Result<(TcfMetaVal, Option<Vec<u8>>)> {
    let Some(a) = args.get(*i) else {
        return Err(fail("meta: missing rvalue"));
    };
    *i += 1;
    if a.quoted {
        if !right {
            return Err(CliError::unsupported("meta: a quoted left side"));
        }
        return Ok((TcfMetaVal::new(META_VAR, 0, 0, 0), Some(a.text.clone())));
    }
    if let Some(n) = bstrtoul(a) {
        let v = TcfMetaVal::new(META_INT, 0, 0, 0);
        return Ok((v, Some((n as u32).to_ne_bytes().to_vec())));
    }
    let id = meta_id(&a.text).ok_or_else(|| fail("meta: unknown meta id"))?;
    // Every id tc names is an INT first, so both sides agree.
    let mut v = TcfMetaVal::new(META_INT, id, 0, 0);
    let mut mask: u64 = 0;
    while let Some(a) = args.get(*i) {
        if a.is("shift") {
            v.shift = number(args, i, "meta", "invalid shift, must be numeric")? as u8;
        } else if a.is("mask") {
            mask = number(args, i, "meta", "invalid mask, must be numeric")?;
        } else {
            break;
        }
        *i += 1;
    }
    Ok((v, Some((mask as u32).to_ne_bytes().to_vec())))
}

/// `meta(OBJECT { eq | lt | gt } OBJECT)`.
fn meta(args: &[Arg]) -> Result<EmatchTest> {
    match args.first() {
        None => return Err(fail("meta: missing arguments")),
        Some(a) if a.is("list") => return Err(fail("meta(list): see tc's list of meta ids")),
        _ => {}
    }
    let mut i = 0;
    let (mut left, lvalue) = meta_side(args, &mut i, false)?;
    let op = args.get(i).ok_or_else(|| fail("meta: missing operand"))?;
    let opnd = ["eq", "gt", "lt"]
        .iter()
        .position(|o| op.is(o))
        .ok_or_else(|| fail("meta: invalid operand"))?;
    left.op = opnd as u8;
    i += 1;
    if args.get(i).is_none() {
        return Err(fail("meta: missing rvalue"));
    }
    let (right, rvalue) = meta_side(args, &mut i, true)?;
    if args.get(i).is_some() {
        return Err(fail("meta: unexpected trailer"));
    }
    Ok(EmatchTest::Meta(EmMeta::new(
        TcfMetaHdr { left, right },
        lvalue,
        rvalue,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<(EmatchExpr, Vec<String>)> {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        let mut w = Words::new(&words);
        let e = parse(&mut w)?;
        Ok((e, w.rest().to_vec()))
    }

    #[test]
    fn the_expression_ends_where_tc_goes_on() {
        let (e, rest) =
            parsed("cmp(u8 at 1 eq 1) and not (u32(u8 1 0xff at 0)) classid 1:1").unwrap();
        assert_eq!(e.terms().len(), 2);
        assert_eq!(e.relation(0), 1);
        assert!(e.terms()[1].invert);
        assert_eq!(rest, ["classid", "1:1"]);
        // At the end of the line tc goes on at the last word.
        let (_, rest) = parsed("cmp(u8 at 1 eq 1)").unwrap();
        assert_eq!(rest, ["cmp(u8", "at", "1", "eq", "1)"][4..]);
        // `&&` is not tc's: it ends the expression inside the word.
        let (e, rest) = parsed("cmp(u8 at 1 eq 1) && x").unwrap();
        assert_eq!((e.terms().len(), rest[0].as_str()), (1, "&&"));
    }

    #[test]
    fn bad_expressions_fail_with_tcs_words() {
        for (line, msg) in [
            ("cmp(u16 at 12) x", "cmp: offset and value required"),
            ("cmp(u8 at 1 eq 1) and", "syntax error"),
            ("(cmp(u8 at 1 eq 1) x", "syntax error"),
            ("CMP(u8 at 1 eq 1) x", "Unknown ematch \"CMP\""),
            ("u32(u8 0x1ff 0xff at 5) x", "Illegal key (>0xFF)"),
            ("u32(u32 1 1 at 9) x", "must be aligned to 4"),
            ("meta(mark eq 1) x", "meta: unknown meta id"),
            ("meta(nf_mark 1) x", "meta: invalid operand"),
            ("nbyte(\"\" at 1) x", "needle length is 0"),
            ("cmp(u8 at 1 layer 3 eq 1) x", "illegal layer"),
        ] {
            let e = parsed(line).unwrap_err();
            assert!(e.to_string().contains(msg), "{line}: {e}");
        }
        let e = parsed("text(kmp foo) x").unwrap_err();
        assert!(e.to_string().contains("text"), "{e}");
    }

    #[test]
    fn what_nlctl_builds_prints_as_tc_prints_it() {
        // The bytes nlctl writes for each form, read back through EmatchTree by nlctl's
        // printer and by tc 6.1 (the shim feeds it the same dump), and read back into the
        // same expression.
        use crate::tc_oracle::{Lab, attr, built_filter, same_filter_show, shows_all};
        use netlink::netlink_wire::rtnl::tc::EmatchTree;
        let lab = Lab::new();
        let mut dump = Vec::new();
        let exprs = [
            "cmp(u16 at 12 layer link mask 0xffff eq 0x800)",
            "cmp(u8 at 3 layer 2 mask 0xf0 gt 20 trans) AND cmp(u32 at 3 layer transport lt 0x10)",
            "nbyte(\"a\\x00\\nb\" at 12 layer network) or nbyte(abcde at 16)",
            "u32(u16 0x1122 0xffff at nexthdr+4) and not u32(u8 0x11 0xff at 7)",
            "meta(nf_mark shift 2 mask 0xff gt 5) or meta(5 eq priority) or meta(dev eq \"lo\")",
            "(cmp(u8 at 1 eq 1) or (cmp(u8 at 2 eq 2) and not (cmp(u8 at 3 eq 3)))) and (meta(pkt_len gt 100) or not cmp(u8 at 4 eq 4))",
        ];
        for (i, line) in exprs.iter().enumerate() {
            let (e, _) = parsed(&format!("{line} x")).unwrap();
            let bytes = e.to_bytes();
            assert_eq!(
                EmatchExpr::from_tree(&EmatchTree::from_payload(&bytes)).unwrap(),
                e,
                "{line}"
            );
            dump.extend(built_filter(
                "basic",
                i as u32 + 1,
                0x0003,
                &attr(2, &bytes),
            ));
        }
        for flags in [&[][..], &["-o"]] {
            let t = same_filter_show(&lab, flags, &dump);
            shows_all(
                &t,
                &[
                    "nbyte(61 00 0a 62 \"a..b\" at 12 layer 1)",
                    "meta(dev eq lo)",
                ],
            );
        }
    }

    #[test]
    fn strtoul_reads_as_c_does() {
        assert_eq!(strtoul("0x10z"), (16, 4));
        assert_eq!(strtoul("010"), (8, 3));
        assert_eq!(strtoul("-1"), (u64::MAX, 2));
        assert_eq!(strtoul("x"), (0, 0));
        assert_eq!(strtoul("0x"), (0, 1));
    }
}
