//! `tumar compile DIR -o FILE [--support FILE]`: writes a compiled rule bundle and, if asked,
//! the support directory and nudge texts of DIR, validated, in the form a build embeds.

use crate::args::Common;
use crate::load;
use std::path::Path;
use tumar::support::Support;

pub fn run(args: &Common, dir: &str, output: &str, support: Option<&str>) -> u8 {
    let Some(rules) = load::rules(args, Some(dir)) else { return 1 };
    if let Some(support_output) = support {
        if write_support(dir, support_output) != 0 {
            return 1;
        }
    }
    let bundle = rules.to_bundle();
    if let Err(e) = std::fs::write(output, &bundle) {
        eprintln!("tumar compile: cannot write {output}: {e}");
        return 1;
    }
    let size = rules.automaton_size();
    say!(
        "{} rules -> {output} ({} bytes): {} distinct words ({} bytes), {} patterns, {} positions, {} hubs, {} edges",
        rules.rule_set().rules.len(),
        bundle.len(),
        size.words,
        size.word_bytes,
        size.patterns,
        size.positions,
        size.hubs,
        size.edges
    );
    0
}

/// Validates `DIR/support` and `DIR/locales` and writes them in [`Support::to_compact`] form.
fn write_support(dir: &str, output: &str) -> u8 {
    let (support, locales) = (Path::new(dir).join("support"), Path::new(dir).join("locales"));
    let (Some(support_files), Some(locale_files)) = (load::toml_files(&support), load::toml_files(&locales)) else {
        eprintln!("tumar compile: --support needs the folders {} and {}", support.display(), locales.display());
        return 1;
    };
    match Support::from_sources(load::as_pairs(&support_files), load::as_pairs(&locale_files)) {
        Ok(data) => {
            let bytes = data.to_compact();
            if let Err(e) = std::fs::write(output, &bytes) {
                eprintln!("tumar compile: cannot write {output}: {e}");
                return 1;
            }
            say!("support directory and nudge texts -> {output} ({} bytes)", bytes.len());
            0
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}\n", e.to_diagnostic());
            }
            eprintln!("support directory and nudge texts: {} errors", errors.len());
            1
        }
    }
}
