//! `tumar`: the moderators' command-line tool.
//!
//! ```text
//! tumar check [DIR]                                  diagnostics; exit 1 on errors
//! tumar test [DIR]                                   every rule's match / no_match tests
//! tumar explain [--direction D] [--lang L] TEXT      normalized text, hits, matched words, verdict
//! tumar scan                                         JSON Lines in, one verdict line out per line
//! tumar eval [--examples N] [--json] FILE.jsonl...   false-positive and hit rates on labelled data
//! tumar eval --conversations FILE.jsonl              conversation risk: reached high, latency, false alarms
//! tumar compile DIR -o FILE [--texts]                a rule bundle the library loads, and its parts
//! ```
//! Every command takes `--rules DIR` (instead of the built-in rules) and `--overlay FILE`
//! (repeatable). `tumar <command> --help` describes each. Usage errors exit with 2.

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
mod eval_conversations;
mod explain;
mod load;
mod scan;
mod test;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = &cli.common;
    let code = match &cli.command {
        Command::Check { dir } => check::run(common, dir.as_deref()),
        Command::Test { dir } => test::run(common, dir.as_deref()),
        Command::Explain(args) => explain::run(common, args),
        Command::Scan => scan::run(common),
        Command::Eval(args) => eval::run(common, args),
        Command::Compile { dir, output, texts, support } => compile::run(common, dir, output, *texts, support.as_deref()),
    };
    ExitCode::from(code)
}
