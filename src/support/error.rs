//! Located errors for the support directory and the locale files.

use std::fmt;
use std::ops::Range;

/// A problem in a support-directory or locale file, located at `file:line:column`.
///
/// Lines and columns start at 1; the column counts characters, not bytes. Loading reports
/// every problem it can find at once (a TOML syntax error stops the checks of that one file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportError {
    file: String,
    line: usize,
    column: usize,
    message: String,
}

impl SupportError {
    /// An error at the start of `span` in `source` (the text of `file`).
    pub(crate) fn at(file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = line_col(source, span.start);
        SupportError { file: file.to_string(), line, column, message: message.into() }
    }

    /// Converts a TOML syntax or shape error, keeping its location.
    pub(crate) fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> Self {
        let span = err.span().unwrap_or(0..0);
        let message = err.message().trim_end().to_string();
        SupportError::at(file, source, span, message)
    }

    /// The file name as it was given to the loader (e.g. `rules/support/kz.toml`).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SupportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for SupportError {}

/// The 1-based line and character column of byte `offset` in `source`.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nб = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // `=` after the two-byte `б` and a space is the 3rd character of line 2.
        assert_eq!(line_col(src, 9), (2, 3));
        assert_eq!(line_col(src, 10_000), (3, 1));
        let e = SupportError::at("f.toml", src, 9..10, "bad");
        assert_eq!(e.to_string(), "f.toml:2:3: bad");
    }
}
