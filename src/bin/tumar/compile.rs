//! `tumar compile DIR -o FILE`: writes a compiled rule bundle.

use crate::args::Common;
use crate::load;

pub fn run(args: &Common, dir: &str, output: &str) -> u8 {
    let Some(rules) = load::rules(args, Some(dir)) else { return 1 };
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
