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
    say!("{} rules -> {output} ({} bytes)", rules.rule_set().rules.len(), bundle.len());
    0
}
