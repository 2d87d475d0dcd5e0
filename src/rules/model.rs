//! The validated rule set: what the compiler turns into automata.

use crate::error::Location;
use crate::vocab::{Category, Direction, Severity, Stage};
use serde::{Deserialize, Serialize};

/// Every rule of a load, in file order, with overlays applied.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleSet {
    /// The rules.
    pub rules: Vec<Rule>,
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
    /// Phrases with their match modes.
    pub phrases: Vec<Phrase>,
    /// Regular expressions over the normalized text.
    pub regexes: Vec<Pattern>,
    /// Terms that must occur near each other.
    pub near: Vec<Near>,
    /// Phrases that cancel the hits they overlap.
    pub allow: Vec<Phrase>,
    /// The rule's own tests (not stored in bundles).
    #[serde(skip)]
    pub tests: RuleTests,
    /// Where the rule is defined.
    pub location: Location,
}

/// How a phrase must line up with word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// `phrase`: starts at a word start and ends at a word end.
    Word,
    /// `phrase*`: starts at a word start.
    Prefix,
    /// `*phrase`: ends at a word end.
    Suffix,
    /// `*phrase*`: anywhere.
    Anywhere,
}

impl MatchMode {
    /// Whether a match must begin at the start of a word.
    pub fn needs_word_start(self) -> bool {
        matches!(self, MatchMode::Word | MatchMode::Prefix)
    }

    /// Whether a match must finish at the end of a word.
    pub fn needs_word_end(self) -> bool {
        matches!(self, MatchMode::Word | MatchMode::Suffix)
    }
}

/// A phrase as written (without its wildcards), its mode and where it was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Phrase {
    /// The phrase without `*`.
    pub text: String,
    /// The match mode its wildcards chose.
    pub mode: MatchMode,
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

/// Terms that must all occur within `within` words of each other.
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
