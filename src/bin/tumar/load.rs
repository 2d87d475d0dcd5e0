//! Loading the rules a command works on: `--rules DIR`, a positional DIR, or the built-in
//! rules, plus `--overlay` files.

use crate::args::Common;
use std::path::Path;
use tumar::rules::{builtin_sources, read_dir, read_file};
use tumar::{Diagnostics, Rules, Source};

/// The rule sources (from `dir` if given, else `--rules`, else built in; overlays appended)
/// that could be read, and an error for each file that could not.
fn sources(args: &Common, dir: Option<&str>) -> (Vec<Source>, Diagnostics) {
    let (mut sources, mut unreadable) = match dir.or(args.rules.as_deref()) {
        Some(dir) => read_dir(Path::new(dir)),
        None => (builtin_sources(), Diagnostics::new()),
    };
    for overlay in &args.overlays {
        match read_file(Path::new(overlay)) {
            Ok(source) => sources.push(source),
            Err(errors) => unreadable.extend(errors),
        }
    }
    (sources, unreadable)
}

/// The compiled rules, or every problem: the files that could not be read and the problems of
/// the files that could, all at once.
pub fn compile(args: &Common, dir: Option<&str>) -> Result<Rules, Diagnostics> {
    let (sources, mut problems) = sources(args, dir);
    match Rules::from_sources(&sources) {
        Ok(rules) if !problems.has_errors() => Ok(rules),
        Ok(rules) => {
            for warning in rules.warnings() {
                problems.push(warning.clone());
            }
            problems.sort();
            Err(problems)
        }
        Err(found) => {
            problems.extend(found);
            problems.sort();
            Err(problems)
        }
    }
}

/// Compiled rules, or the diagnostics printed to stderr and `None`.
pub fn rules(args: &Common, dir: Option<&str>) -> Option<Rules> {
    let loaded = compile(args, dir);
    match loaded {
        Ok(rules) => Some(rules),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            None
        }
    }
}

/// `(name, text)` pairs of files read by [`toml_files`].
pub fn as_pairs(files: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    files.iter().map(|(name, text)| (name.as_str(), text.as_str()))
}

/// Every `*.toml` file directly in `dir`, sorted by path, as `(path, text)`; `None` when the
/// folder cannot be listed or a file cannot be read (that error is printed).
pub fn toml_files(dir: &Path) -> Option<Vec<(String, String)>> {
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
