//! # tumar
//!
//! On-device, multilingual child-safety rules for chat. Rule files (TOML) compile to automata;
//! messages scan to verdicts that a messenger turns into a kind warning (a "nudge") with a way
//! to verified support services. No message text ever leaves the device.
//!
//! Data flows one way: `rules` (parse, validate) -> `compile` (automata) -> `scan` (verdicts),
//! with `normalize` shared by both sides so that folding is symmetric.

pub mod vocab;
pub mod support;

#[cfg(feature = "wasm")]
mod wasm;

pub use vocab::{Category, Direction, Severity, Stage};
