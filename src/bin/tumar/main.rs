//! `tumar`: the moderators' command-line tool.
//!
//! ```text
//! tumar check [DIR]                      diagnostics; exit 1 on errors
//! tumar test [DIR]                       every rule's match / no_match tests
//! tumar explain [--direction D] TEXT     normalized text, hits, verdict
//! tumar scan                             JSON Lines in, one verdict line out per line
//! tumar eval FILE.jsonl...               false-positive and hit rates on labelled data
//! tumar compile DIR -o FILE              a rule bundle the library loads
//! ```
//! Every command takes `--rules DIR` (instead of the built-in rules) and `--overlay FILE`
//! (repeatable).

/// `println!` that stops quietly when stdout is closed (`tumar eval ... | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod args;
mod check;
mod compile;
mod eval;
mod explain;
mod load;
mod scan;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: tumar <command> [options]

commands:
  check [DIR]                    report every error and warning in the rules (exit 1 on errors)
  test [DIR]                     run every rule's match / no_match tests (exit 1 on failures)
  explain [--direction D] TEXT   show the normalized text, the hits and the verdict
  scan                           read JSON Lines on stdin, write one verdict per line
  eval [--examples N] [--json] FILE.jsonl...
                                 false-positive rate on benign lines, hit rate on harm lines
  compile DIR -o FILE            write a compiled rule bundle

options for every command:
  --rules DIR       use the rule files in DIR instead of the built-in rules
  --overlay FILE    apply a moderator overlay file (may be repeated)
  -h, --help        show this help";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args::Args::parse(&argv) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("tumar: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let code = match parsed.command.as_str() {
        "help" => {
            say!("{USAGE}");
            0
        }
        "check" => check::run(&parsed),
        "test" => test::run(&parsed),
        "explain" => explain::run(&parsed),
        "scan" => scan::run(&parsed),
        "eval" => eval::run(&parsed),
        "compile" => compile::run(&parsed),
        other => {
            eprintln!("tumar: unknown command `{other}`\n\n{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
