//! Every phrase, near term and allow entry of every rule in one Aho-Corasick automaton over
//! normalized text. Identical normalized patterns share one automaton pattern with several
//! owners.
//!
//! Building happens in two steps so that bundles can skip the first: [`PhraseSpec::from_rules`]
//! normalizes every phrase (the slow part), [`PhraseMatcher::from_spec`] builds the automaton.

use crate::normalize::{normalize, Normalized};
use crate::rules::{MatchMode, Phrase, RuleSet};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a pattern match means for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Role {
    /// A phrase of the rule: a match is a hit.
    Phrase,
    /// Term `term` of near clause `clause`.
    NearTerm { clause: u32, term: u32 },
    /// An allow entry of the rule: cancels hits it overlaps.
    Allow,
}

/// One owner of a pattern. (Short serde names keep bundles small: there is one per phrase.)
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Owner {
    /// Index of the rule in the rule set.
    #[serde(rename = "r")]
    pub rule: u32,
    /// How the match must line up with words.
    #[serde(rename = "m")]
    pub mode: MatchMode,
    /// What the match means.
    #[serde(rename = "o")]
    pub role: Role,
    /// How many words the phrase has: a match may not cover more real words than this.
    #[serde(rename = "w")]
    pub words: u32,
}

/// A near clause, compiled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct NearClause {
    /// Index of the rule in the rule set.
    pub rule: u32,
    /// Number of terms.
    pub terms: u32,
    /// Largest word distance between the first and the last term.
    pub within: u32,
    /// Whether the terms must occur in order.
    pub ordered: bool,
}

/// The normalized patterns, what each means, and the near clauses: everything the automaton is
/// built from. Bundles store it, so loading one skips normalization.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PhraseSpec {
    /// The normalized patterns.
    pub patterns: Vec<String>,
    /// Owners of pattern `i`.
    pub owners: Vec<Vec<Owner>>,
    /// Every near clause, indexed by `Role::NearTerm::clause`.
    pub near: Vec<NearClause>,
}

/// The phrase automaton and what each of its patterns means.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseMatcher {
    /// The automaton; `None` when there are no patterns.
    pub automaton: Option<AhoCorasick>,
    /// What it was built from.
    pub spec: PhraseSpec,
}

impl PhraseMatcher {
    /// Builds the automaton from a spec.
    pub fn from_spec(spec: PhraseSpec) -> Result<PhraseMatcher, aho_corasick::BuildError> {
        let automaton = if spec.patterns.is_empty() {
            None
        } else {
            Some(AhoCorasick::builder().match_kind(MatchKind::Standard).build(&spec.patterns)?)
        };
        Ok(PhraseMatcher { automaton, spec })
    }
}

impl PhraseSpec {
    /// Whether every index points where it should (a spec read from a bundle is not trusted):
    /// owners per pattern, rules below `rules`, near clauses and their terms in range.
    pub fn is_consistent(&self, rules: usize) -> bool {
        let near_ok = self.near.iter().all(|c| (c.rule as usize) < rules);
        let owner_ok = |o: &Owner| {
            (o.rule as usize) < rules
                && match o.role {
                    Role::NearTerm { clause, term } => self.near.get(clause as usize).is_some_and(|c| term < c.terms),
                    Role::Phrase | Role::Allow => true,
                }
        };
        self.owners.len() == self.patterns.len() && near_ok && self.owners.iter().flatten().all(owner_ok)
    }

    /// Normalizes every phrase, near term and allow entry of every enabled rule of `set`.
    pub fn from_rules(set: &RuleSet) -> PhraseSpec {
        let mut builder = PatternCollector::default();
        let mut near = Vec::new();
        for (index, rule) in set.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            let rule_index = index as u32;
            for phrase in &rule.phrases {
                builder.add(phrase, rule_index, Role::Phrase);
            }
            for phrase in &rule.allow {
                builder.add(phrase, rule_index, Role::Allow);
            }
            for clause in &rule.near {
                let clause_index = near.len() as u32;
                for (term_index, term) in clause.terms.iter().enumerate() {
                    let role = Role::NearTerm { clause: clause_index, term: term_index as u32 };
                    builder.add(term, rule_index, role);
                }
                near.push(NearClause { rule: rule_index, terms: clause.terms.len() as u32, within: clause.within, ordered: clause.ordered });
            }
        }
        PhraseSpec { patterns: builder.patterns, owners: builder.owners, near }
    }
}

/// The phrase with a letter that ends one word and starts the next written once
/// (`хочу умереть` → `hochumeret`), as it normalizes when the message is spaced out letter
/// by letter (`х о ч у у м е р е т ь`); `None` when there is no such letter.
fn collapsed_across_words(folded: &Normalized) -> Option<String> {
    let units = folded.units();
    let mut out = String::with_capacity(folded.as_str().len());
    let mut previous: Option<char> = None;
    let mut changed = false;
    for (unit, ch) in units.iter().zip(folded.as_str().chars()) {
        if unit.starts_word && previous == Some(ch) && !ch.is_ascii_digit() {
            changed = true;
            continue;
        }
        out.push(ch);
        previous = Some(ch);
    }
    changed.then_some(out)
}

#[derive(Default)]
struct PatternCollector {
    patterns: Vec<String>,
    owners: Vec<Vec<Owner>>,
    index: HashMap<String, usize>,
}

impl PatternCollector {
    fn add(&mut self, phrase: &Phrase, rule: u32, role: Role) {
        let folded = normalize(&phrase.text);
        if folded.is_empty() {
            return;
        }
        let owner = Owner { rule, mode: phrase.mode, role, words: folded.word_count() as u32 };
        if let Some(variant) = collapsed_across_words(&folded) {
            self.add_pattern(variant, owner);
        }
        self.add_pattern(folded.as_str().to_string(), owner);
    }

    fn add_pattern(&mut self, normalized: String, owner: Owner) {
        let id = *self.index.entry(normalized.clone()).or_insert_with(|| {
            self.patterns.push(normalized);
            self.owners.push(Vec::new());
            self.patterns.len() - 1
        });
        self.owners[id].push(owner);
    }
}
