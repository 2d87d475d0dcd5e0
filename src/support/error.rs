//! Located errors for the support directory and the locale files.

use crate::error::{Diagnostic, Location};
use std::fmt;

/// Diagnostic code of a problem in a support-directory file (`rules/support/*.toml`).
pub const CODE_SUPPORT: &str = "S001";
/// Diagnostic code of a problem in a locale file (`rules/locales/*.toml`).
pub const CODE_LOCALE: &str = "S002";

/// A problem in a support-directory or locale file, located at `file:line:column`.
///
/// Lines and columns start at 1; the column counts characters, not bytes. Loading reports
/// every problem it can find at once (a TOML syntax error stops the checks of that one file).
/// [`SupportError::to_diagnostic`] renders it like the rule-file diagnostics, with the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportError {
    location: Location,
    message: String,
}

impl SupportError {
    /// An error about `file` as a whole, placed at its line 1, column 1 (as [`SupportError::at`]
    /// places an error at the start of an empty source).
    pub(crate) fn in_file(file: &str, message: impl Into<String>) -> Self {
        SupportError { location: Location::file_only(file), message: message.into() }
    }

    /// An error at the start of `span` in `source` (the text of `file`).
    #[cfg(feature = "compiler")]
    pub(crate) fn at(file: &str, source: &str, span: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        SupportError { location: Location::from_span(file, source, span), message: message.into() }
    }

    /// Converts a TOML syntax or shape error, keeping its location.
    #[cfg(feature = "compiler")]
    pub(crate) fn from_toml(file: &str, source: &str, err: &toml::de::Error) -> Self {
        let span = err.span().unwrap_or(0..0);
        SupportError::at(file, source, span, err.message().trim_end())
    }

    /// The file name as it was given to the loader (e.g. `rules/support/kz.toml`).
    pub fn file(&self) -> &str {
        &self.location.file
    }

    /// The 1-based line.
    pub fn line(&self) -> usize {
        self.location.line as usize
    }

    /// The 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.location.column as usize
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error as a [`Diagnostic`] (code [`CODE_LOCALE`] for files under `locales/`,
    /// [`CODE_SUPPORT`] otherwise), for the CLI's rustc-like rendering.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let file = self.location.file.replace('\\', "/");
        let code = if file.contains("locales/") { CODE_LOCALE } else { CODE_SUPPORT };
        Diagnostic::error(code, self.message.clone(), self.location.clone())
    }
}

impl fmt::Display for SupportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file(), self.line(), self.column(), self.message)
    }
}

impl std::error::Error for SupportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nб = \"x\"\n";
        let at = |offset| {
            let e = SupportError::at("f.toml", src, offset..offset, "bad");
            (e.line(), e.column())
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(6), (2, 1));
        // `=` after the two-byte `б` and a space is the 3rd character of line 2.
        assert_eq!(at(9), (2, 3));
        assert_eq!(at(10_000), (3, 1));
        let e = SupportError::at("f.toml", src, 9..10, "bad");
        assert_eq!(e.to_string(), "f.toml:2:3: bad");
    }

    #[test]
    fn a_whole_file_error_sits_where_an_empty_source_puts_one() {
        let whole = SupportError::in_file("<data>", "unreadable");
        assert_eq!(whole, SupportError::at("<data>", "", 0..0, "unreadable"));
        assert_eq!(whole.to_string(), "<data>:1:1: unreadable");
    }

    #[test]
    fn renders_as_a_diagnostic_with_the_source_line() {
        let src = "[ui]\nclose = \"\"\n";
        let e = SupportError::at("rules/locales/en.toml", src, 13..15, "`ui.close` must not be empty");
        let d = e.to_diagnostic();
        assert_eq!(d.code, CODE_LOCALE);
        assert_eq!(d.position(), "rules/locales/en.toml:2:9");
        assert!(d.to_string().contains("close = \"\""), "{d}");
        let e = SupportError::at("rules/support/kz.toml", src, 0..1, "x");
        assert_eq!(e.to_diagnostic().code, CODE_SUPPORT);
    }
}
