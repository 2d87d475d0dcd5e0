//! # tumar
//!
//! On-device, multilingual child-safety rules for chat. Rule files (TOML) compile to automata;
//! messages scan to verdicts that a messenger turns into a kind warning (a "nudge") with a way
//! to verified support services. No message text ever leaves the device.
//!
//! Data flows one way: [`rules`] (parse, validate) → [`compile`] (automata) → [`scan`]
//! (verdicts), with [`normalize`] shared by both sides so that folding is symmetric.
//!
//! ```
//! use tumar::{Direction, Rules};
//! let rules = Rules::builtin().expect("the shipped rules compile");
//! let verdict = rules.scan("hey, how was school today?", Direction::Incoming);
//! assert!(verdict.hits.is_empty());
//! ```

pub mod compile;
pub mod conversation;
pub mod error;
pub mod normalize;
mod order;
pub mod rules;
pub mod scan;
pub mod selftest;
pub mod support;
#[cfg(test)]
mod test_random;
pub mod vocab;

#[cfg(any(feature = "wasm", feature = "wasm-compiler"))]
mod wasm;

pub use compile::{AutomatonSize, Rules};
pub use error::{excerpt, Diagnostic, Diagnostics, Level, Location};
pub use rules::{RuleSet, Source};
pub use scan::{Action, Hit, Verdict};
pub use vocab::{Category, Direction, Severity, Stage, Validator};

/// The README's Rust example, compiled and run as a doctest so that it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
