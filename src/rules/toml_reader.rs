//! Reading a spanned TOML table key by key, so that every problem (wrong type, unknown key,
//! missing key, unknown word) is reported with its own location and the reading goes on.

use crate::error::{excerpt, Diagnostic, Diagnostics, LineIndex, Location};
use std::ops::Range;
use std::str::FromStr;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML value with its byte span.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// One file being read: its name and text (for locations) and the diagnostics so far.
pub(crate) struct FileReader<'a> {
    /// The file name as shown in diagnostics.
    pub file: &'a str,
    /// The file text.
    pub text: &'a str,
    /// Every problem found so far.
    pub diagnostics: &'a mut Diagnostics,
    /// Line starts of `text`.
    pub lines: LineIndex,
}

impl<'a> FileReader<'a> {
    /// A reader of `text`, the file named `file`.
    pub fn new(file: &'a str, text: &'a str, diagnostics: &'a mut Diagnostics) -> FileReader<'a> {
        FileReader { file, text, diagnostics, lines: LineIndex::new(text) }
    }

    /// The location of a byte span of this file.
    pub fn locate(&self, span: Range<usize>) -> Location {
        self.lines.locate(self.file, self.text, span)
    }

    /// Records an error.
    pub fn error(&mut self, code: &str, message: impl Into<String>, span: Range<usize>, rule: Option<&str>) {
        let d = Diagnostic::error(code, message, self.locate(span)).in_rule(rule);
        self.diagnostics.push(d);
    }

    /// Records a diagnostic built by the caller.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A string value, or an E105 error.
    pub fn string(&mut self, key: &str, value: &Value<'_>, rule: Option<&str>) -> Option<Spanned<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(value.span(), s.to_string())),
            other => {
                self.wrong_type(key, "a string", other, value.span(), rule);
                None
            }
        }
    }

    /// An array of strings, or E105 errors for the parts that are not.
    pub fn strings(&mut self, key: &str, value: &Value<'_>, rule: Option<&str>) -> Vec<Spanned<String>> {
        let Some(items) = self.array(key, value, rule) else { return Vec::new() };
        items.iter().filter_map(|item| self.string(key, item, rule)).collect()
    }

    /// An array, or an E105 error.
    pub fn array<'v, 'i>(&mut self, key: &str, value: &'v Value<'i>, rule: Option<&str>) -> Option<&'v [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            other => {
                self.wrong_type(key, "an array", other, value.span(), rule);
                None
            }
        }
    }

    /// A table, or an E105 error.
    pub fn table<'v, 'i>(&mut self, key: &str, value: &'v Value<'i>, rule: Option<&str>) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                self.wrong_type(key, "a table", other, value.span(), rule);
                None
            }
        }
    }

    /// An integer, or an E105 error.
    pub fn integer(&mut self, key: &str, value: &Value<'_>, rule: Option<&str>) -> Option<i64> {
        let parsed = value.get_ref().as_integer().and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok());
        if parsed.is_none() {
            self.wrong_type(key, "an integer", value.get_ref(), value.span(), rule);
        }
        parsed
    }

    /// A boolean, or an E105 error.
    pub fn boolean(&mut self, key: &str, value: &Value<'_>, rule: Option<&str>) -> Option<bool> {
        let parsed = value.get_ref().as_bool();
        if parsed.is_none() {
            self.wrong_type(key, "`true` or `false`", value.get_ref(), value.span(), rule);
        }
        parsed
    }

    /// One word of a closed vocabulary (`severity = "high"`), or an E106 error listing the
    /// accepted words.
    pub fn word<T: FromStr>(&mut self, key: &str, value: &Value<'_>, expected: &str, rule: Option<&str>) -> Option<T> {
        let s = self.string(key, value, rule)?;
        match s.get_ref().parse::<T>() {
            Ok(word) => Some(word),
            Err(_) => {
                let d = Diagnostic::error("E106", format!("unknown {key} `{}`", excerpt(s.get_ref(), 40)), self.locate(s.span()))
                    .in_rule(rule)
                    .with_help(format!("expected one of {expected}"));
                self.push(d);
                None
            }
        }
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &DeValue<'_>, span: Range<usize>, rule: Option<&str>) {
        let message = format!("`{key}` must be {expected}, found {}", found.type_str());
        self.error("E105", message, span, rule);
    }
}

/// The keys of one table, taken one by one; whatever is left over is unknown.
pub(crate) struct Keys<'t, 'i> {
    table: &'t DeTable<'i>,
    taken: Vec<&'t str>,
}

impl<'t, 'i> Keys<'t, 'i> {
    /// Starts reading `table`.
    pub fn new(table: &'t DeTable<'i>) -> Keys<'t, 'i> {
        Keys { table, taken: Vec::new() }
    }

    /// The value of `key`, if present.
    pub fn take(&mut self, key: &'t str) -> Option<&'t Value<'i>> {
        self.taken.push(key);
        self.table.get(key)
    }

    /// Reports every key that was not taken as E104, with a spelling hint when one of
    /// `known` is close.
    pub fn finish(self, reader: &mut FileReader<'_>, known: &[&str], rule: Option<&str>) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.taken.contains(&name) {
                continue;
            }
            let mut d = Diagnostic::error("E104", format!("unknown key `{}`", excerpt(name, 40)), reader.locate(key.span())).in_rule(rule);
            d = match closest(name, known) {
                Some(hint) => d.with_help(format!("did you mean `{hint}`?")),
                None => d.with_help(format!("known keys: {}", known.join(", "))),
            };
            reader.push(d);
        }
    }
}

/// The known key closest to `name` (edit distance at most 2), for spelling hints.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_hints() {
        assert_eq!(closest("phrase", &["phrases", "regex"]), Some("phrases"));
        assert_eq!(closest("sevrity", &["severity", "stage"]), Some("severity"));
        assert_eq!(closest("banana", &["phrases", "regex"]), None);
    }
}
