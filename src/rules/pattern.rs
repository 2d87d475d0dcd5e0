//! The pattern syntax of phrases, allow entries, near terms and word lists:
//! words with wildcards (`pic*`, `*ложь`, `*нюд*`), alternatives `(a|b c)`, optional parts
//! `[x]`, bounded gaps `~N` and shared word lists `@name`.
//!
//! ```
//! use tumar::rules::{parse_pattern, Expr};
//! let expr = parse_pattern("(dont|do not) tell [your] @parents").unwrap();
//! assert!(matches!(expr, Expr::Seq(_)));
//! let error = parse_pattern("send (nudes").unwrap_err();
//! assert_eq!(error.code, "E121");
//! ```
//!
//! Parsing gives an [`Expr`] tree whose list references are resolved later, once every list
//! file of the language is read ([`Expr::resolve_lists`]).

use crate::error::excerpt;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Longest gap `~N`, in words.
pub const MAX_GAP: u8 = 8;

/// Deepest nesting of groups and lists inside a pattern.
pub const MAX_DEPTH: usize = 16;

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    /// One written word with its wildcards.
    Word(Word),
    /// Parts that follow each other.
    Seq(Vec<Expr>),
    /// One of several alternatives.
    Alt(Vec<Expr>),
    /// An optional part.
    Opt(Box<Expr>),
    /// Up to this many arbitrary words.
    Gap(u8),
    /// A reference to a shared word list (`@name`), before resolution.
    List(ListRef),
}

/// A written word: its text without `*`, and whether it may start or end inside a message word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    /// The text as written, without wildcards.
    pub text: String,
    /// `*word`: may start inside a message word.
    pub open_start: bool,
    /// `word*`: may end inside a message word.
    pub open_end: bool,
}

/// `@name` and where it stands in the written pattern (byte range).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRef {
    /// The list name, without `@`.
    pub name: String,
    /// Byte range of `@name` in the written pattern.
    pub at: Range<usize>,
}

/// A problem in a written pattern: a diagnostic code, what is wrong, a hint, and the byte range
/// of the offending part inside the pattern text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Diagnostic code (`E111`, `E121`...).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Byte range inside the pattern text.
    pub at: Range<usize>,
}

impl PatternError {
    fn new(code: &'static str, message: impl Into<String>, help: impl Into<String>, at: Range<usize>) -> PatternError {
        PatternError { code, message: message.into(), help: help.into(), at }
    }
}

/// Parses a written pattern. Checks what the text alone can tell: brackets, wildcards, gaps,
/// list names, and parts that can match nothing or everything.
pub fn parse_pattern(text: &str) -> Result<Expr, PatternError> {
    let mut parser = Parser { text, tokens: tokenize(text)?, next: 0, depth: 0 };
    let expr = parser.alternatives()?;
    if let Some(token) = parser.tokens.get(parser.next) {
        let at = token.at.clone();
        let (message, help) = match token.kind {
            TokenKind::Close(c) => (format!("`{c}` closes nothing"), "remove it, or open the group before it"),
            TokenKind::Bar => ("`|` outside a group".to_string(), "put the alternatives in parentheses: `(a|b)`"),
            _ => ("unexpected text".to_string(), "check the brackets"),
        };
        return Err(PatternError::new("E121", message, help, at));
    }
    check_top(&expr, text)?;
    Ok(expr)
}

/// A whole pattern may not start or end with a gap, nor match the empty text.
fn check_top(expr: &Expr, text: &str) -> Result<(), PatternError> {
    let whole = 0..text.len();
    if expr.can_be_empty() {
        return Err(PatternError::new(
            "E124",
            "the pattern can match without any word, so it would fire on every message",
            "make at least one word required (not inside `[...]`)",
            whole,
        ));
    }
    if expr.edge_gap(true) || expr.edge_gap(false) {
        return Err(PatternError::new(
            "E123",
            "a gap `~N` at the start or the end of a pattern changes nothing",
            "remove it; gaps go between words",
            whole,
        ));
    }
    Ok(())
}

impl Expr {
    /// Whether the expression can match no word at all.
    pub fn can_be_empty(&self) -> bool {
        match self {
            Expr::Word(_) | Expr::List(_) => false,
            Expr::Seq(parts) => parts.iter().all(Expr::can_be_empty),
            Expr::Alt(options) => options.iter().any(Expr::can_be_empty),
            Expr::Opt(_) | Expr::Gap(_) => true,
        }
    }

    /// Whether a gap can be the first (`start`) or last part matched.
    fn edge_gap(&self, start: bool) -> bool {
        match self {
            Expr::Gap(_) => true,
            Expr::Word(_) | Expr::List(_) => false,
            Expr::Opt(inner) => inner.edge_gap(start),
            Expr::Alt(options) => options.iter().any(|o| o.edge_gap(start)),
            Expr::Seq(parts) => {
                let ordered: Box<dyn Iterator<Item = &Expr>> = if start { Box::new(parts.iter()) } else { Box::new(parts.iter().rev()) };
                for part in ordered {
                    if part.edge_gap(start) {
                        return true;
                    }
                    if !part.can_be_empty() {
                        return false;
                    }
                }
                false
            }
        }
    }

    /// Whether the expression holds a gap anywhere.
    pub fn has_gap(&self) -> bool {
        match self {
            Expr::Gap(_) => true,
            Expr::Word(_) | Expr::List(_) => false,
            Expr::Opt(inner) => inner.has_gap(),
            Expr::Seq(parts) | Expr::Alt(parts) => parts.iter().any(Expr::has_gap),
        }
    }

    /// Every list reference, in written order.
    pub fn list_refs(&self) -> Vec<&ListRef> {
        let mut out = Vec::new();
        self.visit_lists(&mut |r| out.push(r));
        out
    }

    fn visit_lists<'a>(&'a self, f: &mut dyn FnMut(&'a ListRef)) {
        match self {
            Expr::List(r) => f(r),
            Expr::Word(_) | Expr::Gap(_) => {}
            Expr::Opt(inner) => inner.visit_lists(f),
            Expr::Seq(parts) | Expr::Alt(parts) => parts.iter().for_each(|p| p.visit_lists(f)),
        }
    }

    /// Replaces every list reference by the list's expression. `lookup` returns the resolved
    /// list or `None` when there is no such list; the first unknown reference is the error.
    pub fn resolve_lists<'l>(&self, lookup: &dyn Fn(&str) -> Option<&'l Expr>) -> Result<Expr, ListRef> {
        Ok(match self {
            Expr::List(r) => lookup(&r.name).cloned().ok_or_else(|| r.clone())?,
            Expr::Word(_) | Expr::Gap(_) => self.clone(),
            Expr::Opt(inner) => Expr::Opt(Box::new(inner.resolve_lists(lookup)?)),
            Expr::Seq(parts) => Expr::Seq(parts.iter().map(|p| p.resolve_lists(lookup)).collect::<Result<_, _>>()?),
            Expr::Alt(parts) => Expr::Alt(parts.iter().map(|p| p.resolve_lists(lookup)).collect::<Result<_, _>>()?),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    Word(Word),
    Open(char),
    Close(char),
    Bar,
    Gap(u8),
    List(String),
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    at: Range<usize>,
}

fn is_syntax(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '|' | '~')
}

fn tokenize(text: &str) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if is_syntax(c) && c != '~' {
            chars.next();
            let kind = match c {
                '(' | '[' => TokenKind::Open(c),
                ')' | ']' => TokenKind::Close(c),
                _ => TokenKind::Bar,
            };
            tokens.push(Token { kind, at: at..at + 1 });
            continue;
        }
        let mut end = at;
        while let Some(&(i, ch)) = chars.peek() {
            if ch.is_whitespace() || (is_syntax(ch) && !(ch == '~' && i == at)) {
                break;
            }
            end = i + ch.len_utf8();
            chars.next();
        }
        let raw = &text[at..end];
        tokens.push(Token { kind: word_token(raw, at..end)?, at: at..end });
    }
    Ok(tokens)
}

fn word_token(raw: &str, at: Range<usize>) -> Result<TokenKind, PatternError> {
    let shown = excerpt(raw, 40);
    if let Some(count) = raw.strip_prefix('~') {
        return match count.parse::<u8>() {
            Ok(n) if (1..=MAX_GAP).contains(&n) => Ok(TokenKind::Gap(n)),
            Ok(_) | Err(_) if count.bytes().all(|b| b.is_ascii_digit()) && !count.is_empty() => Err(PatternError::new(
                "E123",
                format!("gap `{shown}` is over the limit"),
                format!("a gap spans 1 to {MAX_GAP} words"),
                at,
            )),
            _ => Err(PatternError::new("E123", format!("`{shown}` is not a gap"), format!("write `~N` with N from 1 to {MAX_GAP}, e.g. `send ~3 pic*`"), at)),
        };
    }
    if let Some(name) = raw.strip_prefix('@') {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(PatternError::new(
                "E122",
                format!("`{shown}` is not a list name"),
                "list names are lowercase letters, digits and `_`: `@parents`",
                at,
            ));
        }
        return Ok(TokenKind::List(name.to_string()));
    }
    let (rest, open_start) = match raw.strip_prefix('*') {
        Some(rest) => (rest, true),
        None => (raw, false),
    };
    let (core, open_end) = match rest.strip_suffix('*') {
        Some(core) => (core, true),
        None => (rest, false),
    };
    if core.is_empty() {
        return Err(PatternError::new("E111", format!("`{shown}` is only wildcards"), "a wildcard goes on a word: `pic*`, `*ложь`, `*нюд*`", at));
    }
    if core.contains('*') {
        return Err(PatternError::new(
            "E111",
            format!("`*` inside the word `{shown}`"),
            "`*` may only start or end a word: `pic*`, `*ложь`, `*нюд*`",
            at,
        ));
    }
    Ok(TokenKind::Word(Word { text: core.to_string(), open_start, open_end }))
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.next).map(|t| &t.kind)
    }

    /// `seq (| seq)*`
    fn alternatives(&mut self) -> Result<Expr, PatternError> {
        let start = self.tokens.get(self.next).map_or(self.text.len(), |t| t.at.start);
        let mut options = vec![self.sequence(start)?];
        while self.peek() == Some(&TokenKind::Bar) {
            let bar = self.tokens[self.next].at.clone();
            self.next += 1;
            options.push(self.sequence(bar.start)?);
        }
        Ok(if options.len() == 1 { options.remove(0) } else { Expr::Alt(options) })
    }

    /// Parts up to `|`, a closing bracket or the end. Empty is an error at `at`.
    fn sequence(&mut self, at: usize) -> Result<Expr, PatternError> {
        let mut parts = Vec::new();
        while let Some(kind) = self.peek().cloned() {
            let token_at = self.tokens[self.next].at.clone();
            match kind {
                TokenKind::Bar | TokenKind::Close(_) => break,
                TokenKind::Word(word) => {
                    self.next += 1;
                    parts.push(Expr::Word(word));
                }
                TokenKind::Gap(n) => {
                    self.next += 1;
                    parts.push(Expr::Gap(n));
                }
                TokenKind::List(name) => {
                    self.next += 1;
                    parts.push(Expr::List(ListRef { name, at: token_at }));
                }
                TokenKind::Open(open) => {
                    self.next += 1;
                    parts.push(self.group(open, token_at)?);
                }
            }
        }
        match parts.len() {
            0 => Err(PatternError::new(
                "E124",
                "an empty alternative or group matches nothing",
                "remove it; for an optional part write `[word]` instead of `(word|)`",
                at..(at + 1).min(self.text.len()).max(at),
            )),
            1 => Ok(parts.remove(0)),
            _ => Ok(Expr::Seq(parts)),
        }
    }

    fn group(&mut self, open: char, open_at: Range<usize>) -> Result<Expr, PatternError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PatternError::new("E125", "groups nested too deeply", format!("at most {MAX_DEPTH} levels"), open_at));
        }
        let inner = self.alternatives()?;
        let close = if open == '(' { ')' } else { ']' };
        match self.peek() {
            Some(TokenKind::Close(c)) if *c == close => self.next += 1,
            Some(TokenKind::Close(c)) => {
                let at = self.tokens[self.next].at.clone();
                return Err(PatternError::new("E121", format!("`{open}` is closed by `{c}`"), format!("close it with `{close}`"), at));
            }
            _ => {
                return Err(PatternError::new("E121", format!("`{open}` is never closed"), format!("add `{close}`"), open_at));
            }
        }
        self.depth -= 1;
        if open == '(' {
            return Ok(inner);
        }
        if let Expr::Gap(n) = inner {
            return Err(PatternError::new("E123", format!("`[~{n}]`: a gap is optional already"), format!("write `~{n}`: it skips 0 to {n} words"), open_at));
        }
        if inner.can_be_empty() {
            return Err(PatternError::new("E124", "an optional part inside an optional part", "write it once: `[a b]`", open_at));
        }
        Ok(Expr::Opt(Box::new(inner)))
    }
}

impl Default for Expr {
    /// An empty sequence (what a bundle's rules hold in place of their compiled patterns).
    fn default() -> Expr {
        Expr::Seq(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Expr {
        Expr::Word(Word { text: text.to_string(), open_start: false, open_end: false })
    }

    #[test]
    fn sequences_alternatives_optionals() {
        assert_eq!(parse_pattern("send nudes"), Ok(Expr::Seq(vec![word("send"), word("nudes")])));
        assert_eq!(
            parse_pattern("(mom|my parents)"),
            Ok(Expr::Alt(vec![word("mom"), Expr::Seq(vec![word("my"), word("parents")])]))
        );
        assert_eq!(parse_pattern("i [really] hate"), Ok(Expr::Seq(vec![word("i"), Expr::Opt(Box::new(word("really"))), word("hate")])));
        assert_eq!(parse_pattern("send ~3 pic"), Ok(Expr::Seq(vec![word("send"), Expr::Gap(3), word("pic")])));
    }

    #[test]
    fn wildcards_and_lists() {
        let Ok(Expr::Seq(parts)) = parse_pattern("*нюд* pic* @parents") else { panic!("a sequence") };
        assert_eq!(parts[0], Expr::Word(Word { text: "нюд".into(), open_start: true, open_end: true }));
        assert_eq!(parts[1], Expr::Word(Word { text: "pic".into(), open_start: false, open_end: true }));
        assert_eq!(parts[2], Expr::List(ListRef { name: "parents".into(), at: 14..22 }));
    }

    #[test]
    fn errors_point_at_the_part() {
        let e = parse_pattern("send (nudes").unwrap_err();
        assert_eq!((e.code, e.at), ("E121", 5..6));
        let e = parse_pattern("send nudes)").unwrap_err();
        assert_eq!((e.code, e.at), ("E121", 10..11));
        let e = parse_pattern("(a]").unwrap_err();
        assert_eq!(e.code, "E121");
        let e = parse_pattern("send ~9 pic").unwrap_err();
        assert_eq!((e.code, e.at), ("E123", 5..7));
        let e = parse_pattern("send ~x pic").unwrap_err();
        assert_eq!(e.code, "E123");
        assert_eq!(parse_pattern("~2 pic").unwrap_err().code, "E123");
        assert_eq!(parse_pattern("pic [~2]").unwrap_err().code, "E123");
        assert_eq!(parse_pattern("a [~2] b").unwrap_err().code, "E123");
        assert_eq!(parse_pattern("[pic]").unwrap_err().code, "E124");
        assert_eq!(parse_pattern("(a|)").unwrap_err().code, "E124");
        assert_eq!(parse_pattern("").unwrap_err().code, "E124");
        assert_eq!(parse_pattern("se*nd").unwrap_err().code, "E111");
        assert_eq!(parse_pattern("**").unwrap_err().code, "E111");
        assert_eq!(parse_pattern("@Parents").unwrap_err().code, "E122");
        assert!(parse_pattern("mom | dad").is_ok());
    }

    #[test]
    fn list_resolution() {
        let parents = parse_pattern("(mom|dad)").unwrap();
        let expr = parse_pattern("tell @parents").unwrap();
        let lookup = |name: &str| (name == "parents").then_some(&parents);
        assert_eq!(expr.resolve_lists(&lookup), Ok(Expr::Seq(vec![word("tell"), parents.clone()])));
        let unknown = parse_pattern("tell @folks").unwrap();
        assert_eq!(unknown.resolve_lists(&lookup).unwrap_err().name, "folks");
    }
}
