//! `tumar compile DIR -o FILE [--texts] [--support FILE]`: writes a compiled rule bundle, shows
//! what its bytes hold and, if asked, writes the support directory and nudge texts of DIR,
//! validated, in the form a build embeds.

use crate::args::Common;
use crate::load;
use std::path::Path;
use tumar::compile::Texts;
use tumar::support::Support;

pub fn run(args: &Common, dir: &str, output: &str, keep_texts: bool, support: Option<&str>) -> u8 {
    let Some(rules) = load::rules(args, Some(dir)) else { return 1 };
    if let Some(support_output) = support {
        if write_support(dir, support_output) != 0 {
            return 1;
        }
    }
    let texts = if keep_texts { Texts::Keep } else { Texts::Omit };
    let bundle = rules.write_bundle(texts);
    if let Err(e) = std::fs::write(output, &bundle.bytes) {
        eprintln!("tumar compile: cannot write {output}: {e}");
        return 1;
    }
    let size = rules.automaton_size();
    say!(
        "{} rules -> {output} ({} bytes): {} distinct words ({} bytes), {} patterns, {} positions, {} hubs, {} edges",
        rules.rule_set().rules.len(),
        bundle.bytes.len(),
        size.words,
        size.word_bytes,
        size.patterns,
        size.positions,
        size.hubs,
        size.edges
    );
    let total = bundle.bytes.len().max(1) as f64;
    for part in &bundle.parts {
        let bytes = part.bytes.len();
        let note = if part.name == "texts" && texts == Texts::Omit { "  (left out; --texts keeps them for explaining)" } else { "" };
        say!("  {:<18} {bytes:>9} bytes {:>5.1}%{note}", part.name, bytes as f64 * 100.0 / total);
    }
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
