//! Loading the rules a command works on: `--rules DIR`, a positional DIR, or the built-in
//! rules, plus `--overlay` files.

use crate::args::Common;
use std::path::Path;
use tumar::rules::{builtin_sources, read_dir, read_file};
use tumar::{Diagnostics, Rules, Source};

/// The rule sources: from `dir` if given, else `--rules`, else built in; overlays appended.
pub fn sources(args: &Common, dir: Option<&str>) -> Result<Vec<Source>, Diagnostics> {
    let mut sources = match dir.or(args.rules.as_deref()) {
        Some(dir) => read_dir(Path::new(dir))?,
        None => builtin_sources(),
    };
    for overlay in &args.overlays {
        sources.push(read_file(Path::new(overlay))?);
    }
    Ok(sources)
}

/// Compiled rules, or the diagnostics printed to stderr and `None`.
pub fn rules(args: &Common, dir: Option<&str>) -> Option<Rules> {
    let loaded = sources(args, dir).and_then(|s| Rules::from_sources(&s));
    match loaded {
        Ok(rules) => Some(rules),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            None
        }
    }
}
