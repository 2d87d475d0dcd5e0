//! Loading the rules a command works on: `--rules DIR`, a positional DIR, or the built-in
//! rules, plus `--overlay` files. DIR may also name a bundle written by `tumar compile`.

use crate::args::Common;
use std::io::Read;
use std::path::Path;
use tumar::rules::{builtin_sources, read_dir, read_file};
use tumar::{Diagnostic, Diagnostics, Location, Rules, Source};

/// Largest bundle the CLI reads (the built-in rules' bundle is about 1.2 MB).
const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024;

/// The bundle the rules come from, when `dir` (else `--rules`) names a file, not a folder.
pub fn bundle_path<'a>(args: &'a Common, dir: Option<&'a str>) -> Option<&'a str> {
    dir.or(args.rules.as_deref()).filter(|path| Path::new(path).is_file())
}

/// The rules of the bundle at `path`. Overlays change rule files, so they cannot be applied
/// to a bundle (E132); a file that is not a bundle of this version is E120.
fn from_bundle(args: &Common, path: &str) -> Result<Rules, Diagnostics> {
    let fail = |code: &str, message: String| {
        let mut problems = Diagnostics::new();
        problems.push(Diagnostic::error(code, message, Location::file_only(path)));
        problems
    };
    if !args.overlays.is_empty() {
        return Err(fail("E132", "an overlay changes rule files; it cannot be applied to a compiled bundle (give the rules folder)".into()));
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(MAX_BUNDLE_BYTES + 1).read_to_end(&mut bytes));
    match read {
        Err(e) => Err(fail("E117", format!("cannot read the bundle: {e}"))),
        Ok(_) if bytes.len() as u64 > MAX_BUNDLE_BYTES => Err(fail("E117", format!("the file is over {MAX_BUNDLE_BYTES} bytes; bundles are at most that"))),
        // The library names the bundle `<bundle>`; here it has a path.
        Ok(_) => Rules::from_bundle(&bytes).map_err(|problems| {
            let mut located = Diagnostics::new();
            for d in problems.iter() {
                located.push(Diagnostic { location: Location::file_only(path), ..d.clone() });
            }
            located
        }),
    }
}

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
    if let Some(path) = bundle_path(args, dir) {
        return from_bundle(args, path);
    }
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
