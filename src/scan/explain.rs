//! Which part of which pattern matched: for `tumar explain` and rule authors.

use super::window::Window;
use super::workspace::Workspace;
use super::Context;
use crate::compile::{Role, Rules};
use crate::vocab::Direction;
use std::ops::Range;

/// One pattern match in a message, explained word by word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The rule that owns the pattern.
    pub rule: String,
    /// `phrase`, `allow` or `near term`.
    pub role: &'static str,
    /// The pattern as written, when the rules were read from files (bundles keep no texts).
    pub pattern: Option<String>,
    /// The pattern words that matched, in order.
    pub words: Vec<MatchedWord>,
}

/// A word of a pattern (normalized) and the part of the message that matched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedWord {
    /// The normalized pattern word.
    pub pattern_word: String,
    /// Byte range of the message it matched.
    pub span: Range<usize>,
}

impl Rules {
    /// Every pattern match in a message that applies to it (phrases, allow entries and near
    /// terms), with the words that matched. Hits that an allow entry cancels still show here,
    /// next to the allow match; [`Rules::scan_in`] gives the verdict.
    pub fn explain(&self, text: &str, direction: Direction, languages: &[&str]) -> Vec<Explanation> {
        let scanned = &text[Window::of(text).head];
        let mut work = Workspace::default();
        let Workspace { normalized: n, matching, found } = &mut work;
        crate::normalize::normalize_into(scanned, n);
        self.find_all(scanned, n, Context { direction, languages }, matching, found);
        let matches = &matching.matches;
        let mut out = Vec::new();
        for m in &matches.found {
            let words: Vec<MatchedWord> = matches
                .trace(m.trace)
                .into_iter()
                .map(|step| {
                    let atom = self.patterns.spec.positions[step.position as usize].atom;
                    MatchedWord {
                        pattern_word: self.patterns.spec.atoms[atom as usize].to_string(),
                        span: n.original_span(step.start as usize..step.end as usize),
                    }
                })
                .collect();
            for owner in &self.patterns.spec.owners[m.pattern as usize] {
                if !self.applies(owner.rule, Context { direction, languages }) {
                    continue;
                }
                let rule = &self.set.rules[owner.rule as usize];
                let (role, pattern) = match owner.role {
                    Role::Phrase { index } => ("phrase", rule.phrases.get(index as usize)),
                    Role::Allow { index } => ("allow", rule.allow.get(index as usize)),
                    Role::NearTerm { clause, term } => {
                        let local = self.patterns.spec.near[..clause as usize].iter().filter(|c| c.rule == owner.rule).count();
                        ("near term", rule.near.get(local).and_then(|n| n.terms.get(term as usize)))
                    }
                };
                let explanation = Explanation { rule: rule.id.clone(), role, pattern: pattern.map(|p| p.text.clone()), words: words.clone() };
                if !out.contains(&explanation) {
                    out.push(explanation);
                }
            }
        }
        out
    }
}
