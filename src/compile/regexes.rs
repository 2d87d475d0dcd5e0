//! Every regex of every rule compiled to an anchored DFA (regex-automata's dense DFA, every
//! match end reported). The scanner runs, from each word start, the DFAs whose first byte can
//! match there, and picks for each the longest end that lines up with a word end. (One DFA of
//! all the regexes together would be far larger: their `[a-z]{3,20}` runs multiply.)
//!
//! The DFAs are built once, when rules are compiled; a bundle stores them serialized (and
//! minimized, which takes longer to build but makes them a tenth smaller), and loading checks
//! and deserializes them without determinizing anything again.

use crate::vocab::Direction;
use regex_automata::dfa::dense::DFA;
use std::borrow::Cow;
use regex_automata::dfa::Automaton;
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::Anchored;
#[cfg(feature = "compiler")]
use {
    crate::error::{Diagnostic, Diagnostics},
    crate::rules::{Pattern, RuleSet},
    regex_automata::dfa::{dense, StartKind},
    regex_automata::meta::{self, Regex},
    regex_automata::nfa::thompson,
    regex_automata::MatchKind,
};

/// Largest compiled size of one regex (NFA), in bytes.
pub const MAX_REGEX_NFA_BYTES: usize = 1 << 20;

/// Largest size of the DFA of one regex, in bytes.
pub const MAX_REGEX_DFA_BYTES: usize = 1 << 20;

/// One rule's regex, ready to find matches that line up with words.
#[derive(Debug, Clone)]
pub(crate) struct WordRegex {
    /// Index of the rule.
    pub rule: u32,
    /// Anchored, reporting every match end.
    pub dfa: Dfa,
}

/// A regex's DFA: its tables used in place in the bundle built into the library's binary, or
/// owned (compiled, or read from a bundle given at run time).
#[derive(Debug, Clone)]
pub(crate) enum Dfa {
    /// Tables in the binary's own bytes: loading copies nothing.
    InPlace(DFA<&'static [u32]>),
    Owned(DFA<Vec<u32>>),
}

impl Dfa {
    /// The DFA over borrowed tables, the one form searches run on (the built-in DFAs are
    /// already in it; an owned one is borrowed into it, which copies ~600 bytes of its parts).
    pub fn get(&self) -> Cow<'_, DFA<&[u32]>> {
        match self {
            Dfa::InPlace(dfa) => Cow::Borrowed(dfa),
            Dfa::Owned(dfa) => Cow::Owned(dfa.as_ref()),
        }
    }
}

/// The compiled regexes.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegexMatcher {
    /// Every regex of every enabled rule.
    pub each: Vec<WordRegex>,
    /// For each message direction ([`direction_index`]) and each byte, the regexes (indices
    /// into `each`) of rules for messages in that direction whose match can start with it.
    by_first_byte: [Vec<Vec<u32>>; 3],
}

impl RegexMatcher {
    /// The matcher of `each`; `rule_directions[i]` is the direction of rule `i`.
    pub fn new(each: Vec<WordRegex>, rule_directions: &[Direction]) -> RegexMatcher {
        let mut by_first_byte: [Vec<Vec<u32>>; 3] = std::array::from_fn(|_| vec![Vec::new(); 256]);
        for (index, regex) in each.iter().enumerate() {
            let dfa = regex.dfa.get();
            let starts = start_states(&dfa);
            let direction = rule_directions.get(regex.rule as usize).copied().unwrap_or(Direction::Any);
            // Bytes of one class lead to the same states: one byte of each is looked at.
            let classes = dfa.byte_classes();
            let mut class_may_start = [false; 256];
            for byte in classes.representatives(..).filter_map(|unit| unit.as_u8()) {
                class_may_start[usize::from(classes.get(byte))] = starts.iter().any(|&state| !dfa.is_dead_state(dfa.next_state(state, byte)));
            }
            for byte in 0..=255u8 {
                if class_may_start[usize::from(classes.get(byte))] {
                    for message in [Direction::Incoming, Direction::Outgoing, Direction::Any].into_iter().filter(|&m| direction.applies_to(m)) {
                        by_first_byte[direction_index(message)][usize::from(byte)].push(index as u32);
                    }
                }
            }
        }
        RegexMatcher { each, by_first_byte }
    }

    /// The regexes of rules for messages in `direction` whose match can start with `byte`.
    pub fn starting_with(&self, direction: Direction, byte: u8) -> &[u32] {
        &self.by_first_byte[direction_index(direction)][usize::from(byte)]
    }
}

/// The index of a message direction in [`RegexMatcher::by_first_byte`].
fn direction_index(direction: Direction) -> usize {
    match direction {
        Direction::Incoming => 0,
        Direction::Outgoing => 1,
        Direction::Any => 2,
    }
}

/// The anchored start states of `dfa`, whatever comes before a start: nothing, a line end, a
/// word byte or another byte (the start state depends on it when a regex looks behind).
fn start_states(dfa: &DFA<&[u32]>) -> Vec<StateID> {
    [None, Some(b'\n'), Some(b'\r'), Some(b'a'), Some(b' ')]
        .into_iter()
        .filter_map(|before| dfa.start_state(&start::Config::new().anchored(Anchored::Yes).look_behind(before)).ok())
        .collect()
}

#[cfg(feature = "compiler")]
fn meta_config() -> meta::Config {
    meta::Config::new().nfa_size_limit(Some(MAX_REGEX_NFA_BYTES))
}

#[cfg(feature = "compiler")]
/// The DFA of `source`, anchored, every match (or why it cannot be built). Minimizing gives
/// a smaller DFA with the same matches, but takes several times as long to build.
fn build_dfa(source: &str, minimize: bool) -> Result<DFA<Vec<u32>>, String> {
    dense::Builder::new()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Anchored)
                .minimize(minimize)
                .dfa_size_limit(Some(MAX_REGEX_DFA_BYTES))
                .determinize_size_limit(Some(MAX_REGEX_DFA_BYTES)),
        )
        .thompson(thompson::Config::new().nfa_size_limit(Some(MAX_REGEX_NFA_BYTES)))
        .build(source)
        .map_err(|e| dfa_error(&e))
}

#[cfg(feature = "compiler")]
impl RegexMatcher {
    /// Compiles every regex of every enabled rule. Errors (E114) and warnings (W204, a regex
    /// that matches the empty string) go to `diagnostics`.
    pub fn build(set: &RuleSet, diagnostics: &mut Diagnostics) -> RegexMatcher {
        let mut each = Vec::new();
        for (index, pattern) in enabled_regexes(set) {
            let rule = &set.rules[index as usize];
            // The regex engine's own checks first, for their precise messages.
            let checked = Regex::builder().configure(meta_config()).build(&pattern.source).map_err(|e| explain(&e));
            let built = checked.and_then(|regex| {
                if regex.is_match("") {
                    let d = Diagnostic::warning("W204", "this regex matches the empty string", pattern.location.clone())
                        .in_rule(Some(&rule.id))
                        .with_help("empty matches are never hits; use `+` instead of `*`");
                    diagnostics.push(d);
                }
                build_dfa(&pattern.source, false)
            });
            match built {
                Ok(dfa) => each.push(WordRegex { rule: index, dfa: Dfa::Owned(dfa) }),
                Err(message) => {
                    let d = Diagnostic::error("E114", format!("regex does not compile: {message}"), pattern.location.clone()).in_rule(Some(&rule.id));
                    diagnostics.push(d);
                }
            }
        }
        let directions: Vec<_> = set.rules.iter().map(|r| r.direction).collect();
        RegexMatcher::new(each, &directions)
    }

    /// The DFAs of these regexes built again and minimized, for a bundle, where their size
    /// counts and the time to build them does not; `None` when `set` does not hold the
    /// regexes they were built from (rules loaded from a bundle without texts).
    pub fn minimized(&self, set: &RuleSet) -> Option<Vec<DFA<Vec<u32>>>> {
        let sources: Vec<_> = enabled_regexes(set).collect();
        if sources.len() != self.each.len() || sources.iter().zip(&self.each).any(|((rule, _), regex)| *rule != regex.rule) {
            return None;
        }
        sources.iter().map(|(_, pattern)| build_dfa(&pattern.source, true).ok()).collect()
    }
}

#[cfg(feature = "compiler")]
/// Every regex of every enabled rule, with the rule's index, in the order they are compiled.
fn enabled_regexes(set: &RuleSet) -> impl Iterator<Item = (u32, &Pattern)> {
    set.rules.iter().enumerate().filter(|(_, r)| r.enabled).flat_map(|(index, r)| r.regexes.iter().map(move |p| (index as u32, p)))
}

#[cfg(feature = "compiler")]
/// The useful part of a build error: the syntax error, or the size limit that was exceeded.
fn explain(error: &meta::BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        return format!("it compiles to more than the limit of {} KiB; make it simpler", limit / 1024);
    }
    match error.syntax_error() {
        Some(syntax) => one_line(&syntax.to_string().replace("regex parse error:", "")),
        None => one_line(&error.to_string()),
    }
}

#[cfg(feature = "compiler")]
fn dfa_error(error: &dense::BuildError) -> String {
    if error.is_size_limit_exceeded() {
        return format!("its automaton is larger than the limit of {} KiB; make it simpler", MAX_REGEX_DFA_BYTES / 1024);
    }
    // The outer error says only which stage failed; its sources say why.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    one_line(&message)
}

#[cfg(feature = "compiler")]
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regexes_by_first_byte_are_those_a_byte_can_start() {
        let rules = crate::Rules::builtin().expect("the shipped rules load");
        let matcher = &rules.regexes;
        assert!(matcher.each.len() > 10);
        for message in [Direction::Incoming, Direction::Outgoing, Direction::Any] {
            for byte in 0..=255u8 {
                let can_start = |regex: &WordRegex| {
                    let dfa = regex.dfa.get();
                    let applies = rules.set.rules[regex.rule as usize].direction.applies_to(message);
                    applies && start_states(&dfa).iter().any(|&state| !dfa.is_dead_state(dfa.next_state(state, byte)))
                };
                let expected: Vec<u32> = (0..matcher.each.len() as u32).filter(|&i| can_start(&matcher.each[i as usize])).collect();
                assert_eq!(matcher.starting_with(message, byte), expected, "{message:?} byte {byte}");
            }
        }
        assert!(!matcher.starting_with(Direction::Outgoing, b'4').is_empty(), "card numbers start with digits");
    }
}
