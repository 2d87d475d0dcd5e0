//! Shared word lists: `rules/<lang>/lists.toml` defines `@name` once per language; every
//! pattern of that language's rule files may use it. Resolving replaces each reference by
//! the list's alternatives (lists may use other lists; a cycle is an error).

use super::model::{Phrase, Rule, WordList};
use super::pattern::{Expr, ListRef};
use crate::error::{Diagnostic, Diagnostics, Location};
use std::collections::{HashMap, HashSet};

/// Every list of every language, resolved, and which were used.
#[derive(Debug, Default)]
pub(crate) struct WordLists {
    /// `(language, name)` to the resolved alternatives of the list.
    resolved: HashMap<(String, String), Expr>,
    /// Definitions, for warnings about unused lists.
    defs: Vec<WordList>,
    /// Lists that some pattern used.
    used: HashSet<(String, String)>,
}

impl WordLists {
    /// Resolves every list definition. Duplicate names in one language and cycles are E126
    /// errors; unknown references inside lists are E122 errors.
    pub fn build(defs: &[WordList], diagnostics: &mut Diagnostics) -> WordLists {
        let mut by_key: HashMap<(String, String), &WordList> = HashMap::new();
        for def in defs {
            let key = (def.language.clone(), def.name.clone());
            if let Some(first) = by_key.get(&key) {
                let d = Diagnostic::error("E126", format!("list `@{}` is defined twice for `{}`", def.name, def.language), def.location.clone())
                    .with_help(format!("first defined at {}:{}; merge the two", first.location.file, first.location.line));
                diagnostics.push(d);
            } else {
                by_key.insert(key, def);
            }
        }
        let mut lists = WordLists { defs: defs.to_vec(), ..WordLists::default() };
        let mut visiting = Vec::new();
        let mut keys: Vec<_> = by_key.keys().cloned().collect();
        keys.sort();
        for key in keys {
            lists.resolve_list(&key, &by_key, &mut visiting, diagnostics);
        }
        lists
    }

    /// Resolves one list (and the lists it uses) into `self.resolved`; `None` after an error.
    fn resolve_list(
        &mut self,
        key: &(String, String),
        defs: &HashMap<(String, String), &WordList>,
        visiting: &mut Vec<(String, String)>,
        diagnostics: &mut Diagnostics,
    ) -> Option<()> {
        if self.resolved.contains_key(key) {
            return Some(());
        }
        let def = defs.get(key)?;
        visiting.push(key.clone());
        let mut options = Vec::with_capacity(def.entries.len());
        let mut ok = true;
        for entry in &def.entries {
            for r in entry.expr.list_refs() {
                let inner = (def.language.clone(), r.name.clone());
                if visiting.contains(&inner) {
                    let d = Diagnostic::error("E126", format!("list `@{}` is part of a cycle: it ends up using itself", r.name), ref_location(entry, r))
                        .with_help("a list may use other lists, but not in a cycle");
                    diagnostics.push(d);
                    ok = false;
                } else if defs.contains_key(&inner) {
                    ok &= self.resolve_list(&inner, defs, visiting, diagnostics).is_some();
                }
            }
            if !ok {
                continue;
            }
            match self.resolve_expr(&def.language, &entry.expr) {
                Ok(expr) => options.push(expr),
                Err(r) => {
                    diagnostics.push(self.unknown_list(&def.language, entry, &r, None));
                    ok = false;
                }
            }
        }
        visiting.pop();
        if !ok {
            return None;
        }
        let expr = if options.len() == 1 { options.remove(0) } else { Expr::Alt(options) };
        self.resolved.insert(key.clone(), expr);
        Some(())
    }

    fn resolve_expr(&mut self, language: &str, expr: &Expr) -> Result<Expr, ListRef> {
        for r in expr.list_refs() {
            self.used.insert((language.to_string(), r.name.clone()));
        }
        let resolved = &self.resolved;
        expr.resolve_lists(&|name: &str| resolved.get(&(language.to_string(), name.to_string())))
    }

    /// Resolves the list references of one pattern of `rule_id` in `language`; an unknown list
    /// is an E122 error at the reference, and the pattern is dropped.
    pub fn resolve_phrase(&mut self, language: &str, phrase: &mut Phrase, rule_id: &str, diagnostics: &mut Diagnostics) -> bool {
        match self.resolve_expr(language, &phrase.expr) {
            Ok(expr) => {
                phrase.expr = expr;
                true
            }
            Err(r) => {
                diagnostics.push(self.unknown_list(language, phrase, &r, Some(rule_id)));
                false
            }
        }
    }

    /// Resolves every pattern of every rule (phrases, allow entries, near terms). A near
    /// clause with an unresolved term is dropped.
    pub fn resolve_rules(&mut self, rules: &mut [Rule], diagnostics: &mut Diagnostics) {
        for rule in rules {
            let (language, id) = (rule.language.clone(), rule.id.clone());
            rule.phrases.retain_mut(|p| self.resolve_phrase(&language, p, &id, diagnostics));
            rule.allow.retain_mut(|p| self.resolve_phrase(&language, p, &id, diagnostics));
            rule.near.retain_mut(|clause| {
                let mut ok = true;
                for term in &mut clause.terms {
                    ok &= self.resolve_phrase(&language, term, &id, diagnostics);
                }
                ok
            });
        }
    }

    /// W205 for every list no pattern used.
    pub fn warn_unused(&self, diagnostics: &mut Diagnostics) {
        for def in &self.defs {
            if !self.used.contains(&(def.language.clone(), def.name.clone())) {
                let d = Diagnostic::warning("W205", format!("list `@{}` is never used", def.name), def.location.clone())
                    .with_help("use it in a pattern, or remove it");
                diagnostics.push(d);
            }
        }
    }

    fn unknown_list(&self, language: &str, phrase: &Phrase, r: &ListRef, rule: Option<&str>) -> Diagnostic {
        let mut names: Vec<&str> = self.defs.iter().filter(|d| d.language == language).map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        let help = if names.is_empty() {
            format!("no lists are defined for `{language}`: add them to rules/{language}/lists.toml")
        } else {
            format!("lists of `{language}`: {}", names.iter().map(|n| format!("@{n}")).collect::<Vec<_>>().join(", "))
        };
        Diagnostic::error("E122", format!("unknown list `@{}`", r.name), ref_location(phrase, r)).in_rule(rule).with_help(help)
    }
}

/// The location of a list reference inside a written pattern.
fn ref_location(phrase: &Phrase, r: &ListRef) -> Location {
    phrase.location.inside(&phrase.text, r.at.clone())
}
