//! `tumar check [DIR]`: every error and warning at once; exit 1 on errors.

use crate::args::Args;
use crate::load;
use tumar::Rules;

pub fn run(args: &Args) -> u8 {
    let dir = args.positional.first().map(String::as_str);
    let result = load::sources(args, dir).and_then(|sources| Rules::from_sources(&sources));
    match result {
        Ok(rules) => {
            for warning in rules.warnings() {
                println!("{warning}\n");
            }
            let set = rules.rule_set();
            let files: std::collections::BTreeSet<&str> = set.rules.iter().map(|r| r.location.file.as_str()).collect();
            println!("{} rules in {} files: 0 errors, {} warnings", set.rules.len(), files.len(), rules.warnings().len());
            0
        }
        Err(diagnostics) => {
            println!("{diagnostics}");
            1
        }
    }
}
