//! `tumar check [DIR]`: every error and warning at once, for the rule files and, when DIR has
//! them (or for the built-in data), the support directory and nudge texts; exit 1 on errors.

use crate::args::Common;
use crate::load;
use std::path::Path;
use tumar::support::{Support, SupportError};

pub fn run(args: &Common, dir: Option<&str>) -> u8 {
    let rules_ok = check_rules(args, dir);
    let support_ok = check_support(dir.or(args.rules.as_deref()));
    u8::from(!(rules_ok && support_ok))
}

fn check_rules(args: &Common, dir: Option<&str>) -> bool {
    match load::compile(args, dir) {
        Ok(rules) => {
            for warning in rules.warnings() {
                say!("{warning}\n");
            }
            let set = rules.rule_set();
            let files: std::collections::BTreeSet<&str> = set.rules.iter().map(|r| r.location.file.as_str()).collect();
            say!("{} rules in {} files: 0 errors, {} warnings", set.rules.len(), files.len(), rules.warnings().len());
            true
        }
        Err(diagnostics) => {
            say!("{diagnostics}");
            false
        }
    }
}

/// Checks `DIR/support` and `DIR/locales` when both exist, or the built-in data without DIR.
fn check_support(dir: Option<&str>) -> bool {
    let result = match dir {
        None => Support::builtin().map(|_| ()).map_err(<[SupportError]>::to_vec),
        Some(dir) => {
            let (support, locales) = (Path::new(dir).join("support"), Path::new(dir).join("locales"));
            if !support.is_dir() || !locales.is_dir() {
                return true;
            }
            let (Some(support_files), Some(locale_files)) = (read_toml_files(&support), read_toml_files(&locales)) else {
                return false;
            };
            Support::from_sources(as_pairs(&support_files), as_pairs(&locale_files)).map(|_| ())
        }
    };
    match result {
        Ok(()) => {
            say!("support directory and nudge texts: 0 errors");
            true
        }
        Err(errors) => {
            for e in &errors {
                say!("{}\n", e.to_diagnostic());
            }
            say!("support directory and nudge texts: {} errors", errors.len());
            false
        }
    }
}

fn as_pairs(files: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    files.iter().map(|(name, text)| (name.as_str(), text.as_str()))
}

fn read_toml_files(dir: &Path) -> Option<Vec<(String, String)>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((path.display().to_string(), text)),
            Err(e) => {
                say!("error[E117]: cannot read {}: {e}", path.display());
                return None;
            }
        }
    }
    Some(files)
}
