//! Diagnostics: every problem found in rule files, with a stable code, a location
//! (`file:line:col`), the rule it belongs to, and a rustc-like rendering with the source line.
//!
//! Errors stop rules from loading; warnings do not. Both come back together, all at once.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// Whether a diagnostic stops the rules from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rules cannot be used until this is fixed.
    Error,
    /// Worth fixing; the rules still load.
    Warning,
}

/// A place in a source file: the file name, 1-based line and column (in characters),
/// and the text of that line for rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The file name as given to the loader (a path, or a label such as `<overlay>`).
    pub file: String,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// How many characters to underline (at least 1).
    #[serde(default, skip_serializing)]
    pub width: u32,
    /// The text of the line, without its line break (empty when unknown; not kept in bundles).
    /// A long line is cut to [`MAX_SHOWN_LINE_CHARS`] around the place, and control characters
    /// are replaced, so that memory and output stay bounded whatever the file holds.
    #[serde(default, skip_serializing)]
    pub source_line: String,
    /// How many characters of the line were cut before `source_line`.
    #[serde(default, skip_serializing)]
    pub source_line_start: u32,
}

/// Longest part of a source line a location keeps.
pub const MAX_SHOWN_LINE_CHARS: usize = 160;

/// At most `max` characters of `text`, with control characters replaced, and `…` when cut:
/// how user-written text (a pattern, a name) is quoted in a diagnostic message.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// `words` each in backquotes, separated by commas (`` `a`, `b` ``): how a diagnostic lists the
/// words it accepts.
pub(crate) fn quoted_list(words: &[&str]) -> String {
    let mut out = String::new();
    for word in words {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(word);
        out.push('`');
    }
    out
}

impl Location {
    /// Locates the byte range `span` inside `text` (a file named `file`). For many lookups in
    /// one file, use a [`LineIndex`].
    pub fn from_span(file: &str, text: &str, span: Range<usize>) -> Location {
        LineIndex::new(text).locate(file, text, span)
    }

    /// The location of the byte range `part` of `text`, a string whose opening quote is at
    /// `self`. Falls back to `self` when the line does not hold `text` verbatim right after the
    /// quote (a string with escapes or over several lines).
    pub fn inside(&self, text: &str, part: Range<usize>) -> Location {
        let after_quote: String = self.source_line.chars().skip((self.column - self.source_line_start.min(self.column)) as usize).collect();
        if !after_quote.starts_with(text) || part.end > text.len() || !text.is_char_boundary(part.start) || !text.is_char_boundary(part.end) {
            return self.clone();
        }
        Location {
            column: self.column + 1 + text[..part.start].chars().count() as u32,
            width: text[part].chars().count().max(1) as u32,
            ..self.clone()
        }
    }

    /// A location naming only a file (for problems that have no better place).
    pub fn file_only(file: &str) -> Location {
        Location { file: file.to_string(), line: 1, column: 1, width: 1, source_line: String::new(), source_line_start: 0 }
    }
}

/// Where each line of a text starts, so that locating a span costs a binary search instead
/// of a scan from the start of the file.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last place located: its byte offset and its column (0-based, in characters), so
    /// that locating many places along one long line costs the distance between them.
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts, last: std::cell::Cell::new((0, 0)) }
    }

    /// Locates the byte range `span` of `text` (which must be the indexed text).
    pub fn locate(&self, file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = self.starts[line];
        let line_end = self.starts.get(line + 1).map_or(text.len(), |next| next - 1);
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let (last_byte, last_column) = self.last.get();
        let column0 = if (line_start..=start).contains(&last_byte) {
            last_column + text[last_byte..start].chars().count()
        } else {
            text[line_start..start].chars().count()
        };
        self.last.set((start, column0));
        let column = 1 + column0 as u32;
        let width = text[start..end].chars().take(MAX_SHOWN_LINE_CHARS).count().max(1) as u32;
        let full_line = text[line_start..line_end].trim_end_matches('\r');
        let before: Vec<(usize, char)> = text[line_start..start].char_indices().rev().take(MAX_SHOWN_LINE_CHARS / 2).collect();
        let window_start = before.last().map_or(start - line_start, |(i, _)| *i);
        let shown_from = column0 - before.len();
        let source_line: String = full_line[window_start.min(full_line.len())..]
            .chars()
            .take(MAX_SHOWN_LINE_CHARS)
            .map(|c| if c.is_control() && c != '\t' { '\u{FFFD}' } else { c })
            .collect();
        let room = (MAX_SHOWN_LINE_CHARS - (column as usize - 1 - shown_from)).max(1) as u32;
        Location { file: file.to_string(), line: line as u32 + 1, column, width: width.min(room), source_line, source_line_start: shown_from as u32 }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// Stable code such as `E104` (see `rules/DIAGNOSTICS.md`).
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is.
    pub location: Location,
    /// The id of the rule the problem belongs to, when there is one.
    pub rule_id: Option<String>,
    /// A short hint shown under the underlined source (e.g. "did you mean `phrases`?").
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` and `message` at `location`.
    pub fn error(code: &str, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic::new(Level::Error, code, message, location)
    }

    /// A warning with `code` and `message` at `location`.
    pub fn warning(code: &str, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic::new(Level::Warning, code, message, location)
    }

    fn new(level: Level, code: &str, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic { level, code: code.to_string(), message: message.into(), location, rule_id: None, help: None }
    }

    /// Attaches the rule id.
    pub fn in_rule(mut self, rule_id: Option<&str>) -> Diagnostic {
        self.rule_id = rule_id.map(str::to_string);
        self
    }

    /// Attaches a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `file:line:col`.
    pub fn position(&self) -> String {
        format!("{}:{}:{}", self.location.file, self.location.line, self.location.column)
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like rustc:
    ///
    /// ```text
    /// error[E104]: unknown key `phrase`
    ///   --> rules/ru/grooming.toml:9:1
    ///    |
    ///  9 | phrase = ["скинь фото"]
    ///    | ^^^^^^ did you mean `phrases`?
    ///    = rule: ru-grooming-send-photo
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(f, "{level}[{}]: {}", self.code, self.message)?;
        let loc = &self.location;
        let gutter = loc.line.to_string().len();
        let pad = " ".repeat(gutter);
        write!(f, "{pad}--> {}", self.position())?;
        if !loc.source_line.is_empty() {
            let indent: String = loc
                .source_line
                .chars()
                .take(loc.column.saturating_sub(1 + loc.source_line_start) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(loc.width.max(1) as usize);
            write!(f, "\n{pad} |\n{} | {}\n{pad} | {indent}{carets}", loc.line, loc.source_line)?;
            if let Some(help) = &self.help {
                write!(f, " {help}")?;
            }
        } else if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        if let Some(rule) = &self.rule_id {
            write!(f, "\n{pad} = rule: {rule}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of one load, errors and warnings together, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The first error in file order, the one an API caller reports.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.0.iter().find(|d| d.is_error())
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// Every diagnostic.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file, line and column (stable, so equal places keep their order).
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let (a, b) = (&a.location, &b.location);
            (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
        });
    }

    /// Splits off the warnings, leaving only errors, and returns the warnings.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let (errors, warnings) = std::mem::take(&mut self.0).into_iter().partition(Diagnostic::is_error);
        self.0 = errors;
        warnings
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Most diagnostics [`Diagnostics`] renders in full; the summary line counts them all.
pub const MAX_RENDERED_DIAGNOSTICS: usize = 200;

impl fmt::Display for Diagnostics {
    /// Every diagnostic (the first [`MAX_RENDERED_DIAGNOSTICS`]), separated by blank lines,
    /// then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0.iter().take(MAX_RENDERED_DIAGNOSTICS) {
            writeln!(f, "{d}\n")?;
        }
        if self.0.len() > MAX_RENDERED_DIAGNOSTICS {
            writeln!(f, "... and {} more; fix the ones above first\n", self.0.len() - MAX_RENDERED_DIAGNOSTICS)?;
        }
        let errors = self.errors().count();
        let warnings = self.len() - errors;
        write!(f, "{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings))
    }
}

impl std::error::Error for Diagnostics {}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let text = "[tumar]\nфраза = 1\nphrase = [\"x\"]\n";
        let at = text.find("phrase").unwrap();
        let loc = Location::from_span("f.toml", text, at..at + 6);
        assert_eq!((loc.line, loc.column, loc.width), (3, 1, 6));
        let at = text.find("= 1").unwrap();
        let loc = Location::from_span("f.toml", text, at..at + 1);
        assert_eq!((loc.line, loc.column), (2, 7));
        assert_eq!(loc.source_line, "фраза = 1");
    }

    #[test]
    fn renders_like_rustc() {
        let text = "[[rule]]\nphrase = [\"x\"]\n";
        let d = Diagnostic::error("E104", "unknown key `phrase`", Location::from_span("r.toml", text, 9..15))
            .with_help("did you mean `phrases`?")
            .in_rule(Some("en-x"));
        let shown = d.to_string();
        assert_eq!(
            shown,
            "error[E104]: unknown key `phrase`\n --> r.toml:2:1\n  |\n2 | phrase = [\"x\"]\n  | ^^^^^^ did you mean `phrases`?\n  = rule: en-x"
        );
    }

    #[test]
    fn first_error_skips_warnings() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("W001", "w", Location::file_only("a")));
        all.push(Diagnostic::error("E101", "e", Location::file_only("a")));
        assert_eq!(all.first_error().map(|d| d.code.as_str()), Some("E101"));
        assert!(all.to_string().ends_with("1 error, 1 warning"));
        let warnings = all.take_warnings();
        assert_eq!((warnings.len(), all.len()), (1, 1));
    }
}
