//! The rules as a bundle stores them: of each rule what scanning needs (no patterns, tests or
//! location: the bundle holds the patterns compiled, and their texts apart), and the risk
//! model, in postcard's binary encoding, which is smaller than JSON and reads faster.

use crate::rules::{RiskModel, Rule, RuleSet, Scope};
use crate::vocab::{Category, Direction, Script, Severity, Stage, Validator};
use serde::{Deserialize, Serialize};

/// What a bundle stores of a [`Rule`]. (Postcard writes every field, in this order: no field
/// may be skipped when empty, as some of [`Rule`]'s are in JSON.)
#[derive(Serialize, Deserialize)]
struct StoredRule {
    id: String,
    language: String,
    category: Category,
    stage: Option<Stage>,
    severity: Severity,
    direction: Direction,
    enabled: bool,
    scripts: Vec<Script>,
    languages: Vec<String>,
    validate: Option<Validator>,
}

/// What a bundle stores of a [`RuleSet`] (its word lists are compiled into the patterns).
#[derive(Serialize, Deserialize)]
struct StoredRules {
    rules: Vec<StoredRule>,
    risk: RiskModel,
}

/// The stored form of `set`.
#[cfg(feature = "compiler")]
pub(super) fn write_rules(set: &RuleSet) -> Vec<u8> {
    let stored = |rule: &Rule| StoredRule {
        id: rule.id.clone(),
        language: rule.language.clone(),
        category: rule.category,
        stage: rule.stage,
        severity: rule.severity,
        direction: rule.direction,
        enabled: rule.enabled,
        scripts: rule.scope.scripts.clone(),
        languages: rule.scope.languages.clone(),
        validate: rule.validate,
    };
    let rules = StoredRules { rules: set.rules.iter().map(stored).collect(), risk: set.risk.clone() };
    postcard::to_allocvec(&rules).unwrap_or_default()
}

/// The rule set stored in `bytes` (without patterns, tests or locations), or `None` when they do
/// not read as one, or not to their end.
pub(super) fn read_rules(bytes: &[u8]) -> Option<RuleSet> {
    let (stored, rest): (StoredRules, _) = postcard::take_from_bytes(bytes).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let rule = |r: StoredRule| Rule {
        id: r.id,
        language: r.language,
        category: r.category,
        stage: r.stage,
        severity: r.severity,
        direction: r.direction,
        enabled: r.enabled,
        scope: Scope { scripts: r.scripts, languages: r.languages },
        phrases: Vec::new(),
        regexes: Vec::new(),
        validate: r.validate,
        near: Vec::new(),
        allow: Vec::new(),
        tests: Default::default(),
        location: Default::default(),
    };
    Some(RuleSet { rules: stored.rules.into_iter().map(rule).collect(), lists: Vec::new(), risk: stored.risk })
}
