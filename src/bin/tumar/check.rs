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
            let source = match load::bundle_path(args, dir) {
                Some(bundle) => format!("the bundle {bundle}"),
                None => {
                    let files: std::collections::BTreeSet<&str> = set.rules.iter().map(|r| r.location.file.as_str()).collect();
                    format!("{} files", files.len())
                }
            };
            say!("{} rules in {source}: 0 errors, {} warnings", set.rules.len(), rules.warnings().len());
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
            let (Some(support_files), Some(locale_files)) = (load::toml_files(&support), load::toml_files(&locales)) else {
                return false;
            };
            Support::from_sources(load::as_pairs(&support_files), load::as_pairs(&locale_files)).map(|_| ())
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
