//! Command-line arguments, parsed by clap: one subcommand with its own options, plus the
//! options every command takes (`--rules`, `--overlay`).

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The moderators' tool for tumar rule files: check, test, explain, scan, eval, compile.
/// Every command uses the built-in rules unless given `--rules DIR`.
#[derive(Debug, Parser)]
#[command(name = "tumar", version, about, arg_required_else_help = true)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Options for every command.
    #[command(flatten)]
    pub common: Common,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Use the rule files in DIR instead of the built-in rules, or the bundle FILE written by
    /// `tumar compile` (not for `test`: a bundle keeps no rule tests).
    #[arg(long, value_name = "DIR|FILE", global = true)]
    pub rules: Option<String>,
    /// Apply a moderator overlay file (may be repeated).
    #[arg(long = "overlay", value_name = "FILE", global = true)]
    pub overlays: Vec<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every error and warning in the rules (exit 1 on errors).
    Check {
        /// The rules folder (default: --rules, else the built-in rules).
        dir: Option<String>,
    },
    /// Run every rule's match / no_match tests (exit 1 on failures).
    Test {
        /// The rules folder (default: --rules, else the built-in rules).
        dir: Option<String>,
    },
    /// Show the normalized text, the hits, which pattern words matched, and the verdict.
    Explain(ExplainArgs),
    /// Read JSON Lines on stdin ({"text", "direction", "lang", "conversation", "time_ms"}),
    /// write one verdict per line (with the conversation's risk when `conversation` is given).
    Scan,
    /// False-positive rate on benign lines and hit rate on harm lines of labelled JSONL files.
    Eval(EvalArgs),
    /// Write a compiled rule bundle that the library and the npm package load.
    Compile {
        /// The rules folder.
        dir: String,
        /// Where to write the bundle.
        #[arg(short, long, value_name = "FILE")]
        output: String,
        /// Also keep the patterns as written and the rules' locations, for explaining with the
        /// loaded bundle (scanning never needs them; they add about half to a gzipped bundle).
        #[arg(long)]
        texts: bool,
        /// Also write DIR/support and DIR/locales, validated, in the compact form a build
        /// embeds without a TOML parser (`TUMAR_BUILTIN_SUPPORT`, as the npm package's is).
        #[arg(long, value_name = "FILE")]
        support: Option<String>,
    },
}

/// `tumar explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Who sent the message, seen from the child.
    #[arg(long, value_enum, default_value_t = DirectionArg::Incoming)]
    pub direction: DirectionArg,
    /// The languages the chat is in (repeatable): rules scoped to other languages are skipped.
    #[arg(long = "lang", value_name = "TAG")]
    pub languages: Vec<String>,
    /// The message (several words are joined with spaces).
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
}

/// `tumar eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Show up to N benign lines that fire, per file.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub examples: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Conversations as JSON Lines ({"id", "lang", "expect", "high_from", "messages"} per
    /// line): per language, how many `high` ones reach high risk, how late, and false alarms.
    #[arg(long, value_name = "FILE")]
    pub conversations: Option<String>,
    /// Labelled JSON Lines files ({"text", "label"} per line).
    #[arg(required_unless_present = "conversations", num_args = 1..)]
    pub files: Vec<String>,
}

/// A message direction on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DirectionArg {
    /// Someone wrote it to the child.
    Incoming,
    /// The child is sending it.
    Outgoing,
}

impl From<DirectionArg> for tumar::Direction {
    fn from(d: DirectionArg) -> tumar::Direction {
        match d {
            DirectionArg::Incoming => tumar::Direction::Incoming,
            DirectionArg::Outgoing => tumar::Direction::Outgoing,
        }
    }
}
