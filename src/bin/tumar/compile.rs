//! `tumar compile DIR -o FILE [--texts]`: writes a compiled rule bundle and shows what its
//! bytes hold.

use crate::args::Common;
use crate::load;
use tumar::compile::Texts;

pub fn run(args: &Common, dir: &str, output: &str, keep_texts: bool) -> u8 {
    let Some(rules) = load::rules(args, Some(dir)) else { return 1 };
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
