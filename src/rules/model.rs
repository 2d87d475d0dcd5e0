//! The validated rule set: what the compiler turns into automata.

use super::pattern::Expr;
use super::risk::RiskModel;
use crate::error::Location;
use crate::vocab::{Category, Direction, Script, Severity, Stage, Validator};
use serde::{Deserialize, Serialize};

/// Every rule of a load, in file order, with overlays applied.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleSet {
    /// The rules.
    pub rules: Vec<Rule>,
    /// The shared word lists the rules' patterns use (`@name`), as written.
    #[serde(default)]
    pub lists: Vec<WordList>,
    /// How hits add up to a conversation's risk (`kind = "conversation"`; the default model
    /// when no file gives one).
    #[serde(default)]
    pub risk: RiskModel,
}

/// One shared word list as written in a lists file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WordList {
    /// Its name, without `@`.
    pub name: String,
    /// The language of the file that defines it.
    pub language: String,
    /// Its entries (alternatives), each a pattern.
    pub entries: Vec<Phrase>,
    /// Where the name is written (not kept in bundles).
    #[serde(skip)]
    pub location: Location,
}

/// One rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    /// Unique kebab-case id.
    pub id: String,
    /// Language of the file the rule came from.
    pub language: String,
    /// The harm it detects.
    pub category: Category,
    /// Grooming stage (grooming rules only).
    pub stage: Option<Stage>,
    /// How serious a hit is.
    pub severity: Severity,
    /// Which messages it applies to.
    pub direction: Direction,
    /// False when an overlay disabled it; disabled rules never fire.
    pub enabled: bool,
    /// Where the rule applies (scripts of the hit, languages of the message).
    pub scope: Scope,
    /// Phrase patterns. (This and the other patterns as written, and the rule's location, are
    /// left out of a bundle unless it keeps texts; empty ones are not written.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<Phrase>,
    /// Regular expressions over the normalized text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regexes: Vec<Pattern>,
    /// A check every regex hit must also pass (a card number's Luhn checksum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<Validator>,
    /// Terms that must occur near each other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub near: Vec<Near>,
    /// Patterns that cancel the hits they overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Phrase>,
    /// The rule's own tests (not stored in bundles).
    #[serde(skip)]
    pub tests: RuleTests,
    /// Where the rule is defined.
    #[serde(default, skip_serializing_if = "is_unknown")]
    pub location: Location,
}

fn is_unknown(location: &Location) -> bool {
    *location == Location::default()
}


/// Where a rule applies. Empty lists mean everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// The words of a hit must be written mostly in one of these scripts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<Script>,
    /// When a message comes with language hints, one of them must be listed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

impl Scope {
    /// Whether a message with the language hints `hints` (none: unknown) is in scope.
    pub fn admits_languages(&self, hints: &[&str]) -> bool {
        hints.is_empty() || self.languages.is_empty() || hints.iter().any(|h| self.languages.iter().any(|l| l == h))
    }
}

/// A pattern as written, parsed (lists resolved), and where it was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Phrase {
    /// The pattern as written.
    pub text: String,
    /// The parsed pattern, list references resolved (not kept in bundles, which hold it compiled).
    #[serde(skip)]
    pub expr: Expr,
    /// Where it was written (not kept in bundles, whose rules are already validated).
    #[serde(skip)]
    pub location: Location,
}

/// A regex source and where it was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pattern {
    /// The regex source.
    pub source: String,
    /// Where it was written.
    pub location: Location,
}

/// Patterns that must all occur within `within` words of each other.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Near {
    /// The terms (at least two).
    pub terms: Vec<Phrase>,
    /// Largest distance in words between the first and the last term.
    pub within: u32,
    /// Whether the terms must occur in the written order.
    pub ordered: bool,
    /// Where it was written (not kept in bundles).
    #[serde(skip)]
    pub location: Location,
}

/// A test line and where it was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestLine {
    /// The message text.
    pub text: String,
    /// Where it was written.
    pub location: Location,
}

/// A rule's own tests.
#[derive(Debug, Clone, Default)]
pub struct RuleTests {
    /// Must fire.
    pub must_match: Vec<TestLine>,
    /// Must not fire.
    pub must_not_match: Vec<TestLine>,
    /// Known gaps that should fire one day (reported, not failed).
    pub todo_match: Vec<TestLine>,
    /// Known false positives that should stop firing one day (reported, not failed).
    pub todo_no_match: Vec<TestLine>,
}

/// Whether `id` is kebab-case: lowercase letters and digits in groups joined by single dashes.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}
