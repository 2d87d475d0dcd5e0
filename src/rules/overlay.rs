//! Overlays: a moderator's separate file that disables a shipped rule, changes its severity or
//! adds allow entries, without editing the shipped files.

use super::lists::WordLists;
use super::model::{Phrase, Rule};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::vocab::Severity;

/// The changes of one overlay file.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// One entry per `[rule.<id>]` table.
    pub entries: Vec<OverlayEntry>,
}

/// The changes to one rule.
#[derive(Debug, Clone)]
pub struct OverlayEntry {
    /// The rule changed.
    pub rule_id: String,
    /// Where the overlay names it.
    pub location: Location,
    /// `enabled = false` disables the rule.
    pub enabled: Option<bool>,
    /// A new severity.
    pub severity: Option<Severity>,
    /// Allow entries added to the rule's own.
    pub allow: Vec<Phrase>,
}

impl Overlay {
    /// Applies the overlay to `rules`; a rule id that does not exist is an E116 error. Allow
    /// patterns use the word lists of the rule's language.
    pub fn apply(&mut self, rules: &mut [Rule], lists: &mut WordLists, diagnostics: &mut Diagnostics) {
        for entry in &mut self.entries {
            let Some(rule) = rules.iter_mut().find(|r| r.id == entry.rule_id) else {
                let d = Diagnostic::error("E116", format!("the overlay names rule `{}`, which does not exist", entry.rule_id), entry.location.clone())
                    .in_rule(Some(&entry.rule_id))
                    .with_help("check the id with `tumar check`; ids are listed in the rule files");
                diagnostics.push(d);
                continue;
            };
            if let Some(enabled) = entry.enabled {
                rule.enabled = enabled;
            }
            if let Some(severity) = entry.severity {
                rule.severity = severity;
            }
            let (language, id) = (rule.language.clone(), rule.id.clone());
            entry.allow.retain_mut(|p| lists.resolve_phrase(&language, p, &id, diagnostics));
            rule.allow.extend(entry.allow.iter().cloned());
        }
    }
}
