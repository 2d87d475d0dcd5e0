//! A validated [`RuleSet`] to [`Rules`]: the automata that [`Rules::scan`] runs.
//!
//! ```
//! use tumar::{Direction, Rules, Source};
//! let file = r#"
//! [tumar]
//! format = 2
//! language = "en"
//! category = "grooming"
//!
//! [[rule]]
//! id = "en-grooming-secret"
//! stage = "secrecy"
//! severity = "medium"
//! direction = "incoming"
//! phrases = ["[this is] our [little] secret"]
//! match = ["this is our little secret ok"]
//! no_match = ["the surprise party is a secret"]
//! "#;
//! let rules = Rules::from_sources(&[Source::new("en/grooming.toml", file)]).unwrap();
//! let verdict = rules.scan("it's 0ur l1ttle s e c r e t", Direction::Incoming);
//! assert_eq!(verdict.hits[0].rule, "en-grooming-secret");
//! ```

mod atom_texts;
mod atoms;
mod bundle;
mod loading;
// Without the `compiler` feature, the building halves of these go unused.
#[cfg_attr(not(feature = "compiler"), allow(dead_code))]
mod anchors;
#[cfg_attr(not(feature = "compiler"), allow(dead_code))]
mod patterns;
mod regexes;
mod stored_rules;
mod tables;
#[cfg_attr(not(feature = "compiler"), allow(dead_code))]
mod wire;

pub use bundle::{Bundle, BundlePart, Texts};
pub(crate) use loading::{BundleBytes, Loading, Progress};
pub(crate) use patterns::{Edge, Owner, PatternMatcher, Position, Role, Start, HUB};
#[cfg(feature = "compiler")]
pub(crate) use patterns::PatternSpec;
pub use patterns::{MAX_PATTERN_EDGES, MAX_PATTERN_POSITIONS};
pub(crate) use regexes::RegexMatcher;
pub use regexes::{MAX_REGEX_DFA_BYTES, MAX_REGEX_NFA_BYTES};

use crate::error::{Diagnostic, Diagnostics};
#[cfg(feature = "compiler")]
use crate::error::Location;
use crate::rules::RuleSet;
#[cfg(feature = "compiler")]
use crate::rules::{builtin_sources, Source};

/// The bundle of the shipped rules, when the build embeds one (see `build.rs`).
static BUILTIN_BUNDLE: Option<&Aligned<[u8]>> = include!(concat!(env!("OUT_DIR"), "/builtin_bundle.rs"));

/// Bytes at a 4-byte boundary (`include_bytes!` promises none; regex DFAs are read in place
/// only from one).
#[repr(C, align(4))]
struct Aligned<Bytes: ?Sized>(Bytes);

/// Compiled rules: immutable, cheap to share, ready to scan messages.
#[derive(Debug, Clone)]
pub struct Rules {
    pub(crate) set: RuleSet,
    pub(crate) patterns: PatternMatcher,
    pub(crate) regexes: RegexMatcher,
    warnings: Vec<Diagnostic>,
}

#[cfg(feature = "compiler")]
impl Rules {
    /// Compiles a validated rule set. Regex problems come back as errors, all at once.
    pub fn compile(set: RuleSet) -> Result<Rules, Diagnostics> {
        Rules::compile_with(set, Diagnostics::new())
    }

    fn compile_with(set: RuleSet, mut diagnostics: Diagnostics) -> Result<Rules, Diagnostics> {
        let (spec, too_large) = PatternSpec::from_rules(&set);
        for problem in too_large {
            let rule = &set.rules[problem.rule as usize];
            let phrase = match problem.role {
                Role::Phrase { index } => rule.phrases.get(index as usize),
                Role::Allow { index } => rule.allow.get(index as usize),
                Role::NearTerm { .. } => None,
            };
            let location = phrase.map_or_else(|| rule.location.clone(), |p| p.location.clone());
            let d = Diagnostic::error("E125", format!("pattern too large: {}", problem.message), location)
                .in_rule(Some(&rule.id))
                .with_help("split it into several patterns, or use shorter lists");
            diagnostics.push(d);
        }
        let regexes = RegexMatcher::build(&set, &mut diagnostics);
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(diagnostics);
        }
        let directions: Vec<_> = set.rules.iter().map(|r| r.direction).collect();
        let patterns = match PatternMatcher::from_spec(spec, &directions) {
            Ok(patterns) => patterns,
            Err(_) => {
                let location = set.rules.first().map_or_else(|| Location::file_only("<rules>"), |r| r.location.clone());
                diagnostics.push(Diagnostic::error("E115", "the word automaton cannot be built: two pattern words are the same", location));
                PatternMatcher::default()
            }
        };
        diagnostics.sort();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Rules { set, patterns, regexes, warnings: diagnostics.take_warnings() })
    }

    /// Parses, validates and compiles rule files (and overlays). Every error and warning of
    /// every file comes back at once; on success the warnings stay in [`Rules::warnings`].
    /// A set without a single rule (no files, or files that define none) is an E128 error:
    /// swapping working rules for it would silently check nothing.
    pub fn from_sources(sources: &[Source]) -> Result<Rules, Diagnostics> {
        let (set, mut diagnostics) = RuleSet::read_all(sources);
        if set.rules.is_empty() && !diagnostics.has_errors() {
            let file = sources.first().map_or("<rules>", |s| s.name.as_str());
            let d = Diagnostic::error("E128", "the rule set is empty: no file defines a rule", Location::file_only(file))
                .with_help("give at least one file with a `[[rule]]` table");
            diagnostics.push(d);
        }
        Rules::compile_with(set, diagnostics)
    }
}

impl Rules {
    /// The shipped rules, built into the library: from the embedded bundle when the build has
    /// one (the npm package), else from the embedded rule files, without the warnings pass
    /// (the test suite keeps them free of warnings, and `tumar check` shows any). A build
    /// without the `compiler` feature always embeds a bundle (`build.rs` sees to it).
    pub fn builtin() -> Result<Rules, Diagnostics> {
        Rules::load_builtin()?.finish()
    }

    /// The shipped rules as [`Rules::builtin`] gives them, loaded a part at a time (see
    /// [`Progress::step`]); rules compiled from the embedded rule files come whole.
    pub(crate) fn load_builtin() -> Result<Progress<'static>, Diagnostics> {
        match BUILTIN_BUNDLE {
            Some(bundle) => Ok(Progress::Loading(Loading::new(BundleBytes::BuiltIn(&bundle.0))?)),
            #[cfg(feature = "compiler")]
            None => {
                let (set, diagnostics) = RuleSet::read(&builtin_sources(), false);
                Rules::compile_with(set, diagnostics).map(Progress::Loaded)
            }
            #[cfg(not(feature = "compiler"))]
            None => unreachable!("build.rs refuses a build with neither a bundle nor the compiler"),
        }
    }

    /// Warnings found while loading (phrases that normalize to nothing, rules without tests...).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The validated rules these automata were built from.
    pub fn rule_set(&self) -> &RuleSet {
        &self.set
    }

    /// How big the compiled word automaton is.
    pub fn automaton_size(&self) -> AutomatonSize {
        let spec = &self.patterns.spec;
        let hubs = spec.positions.iter().filter(|p| p.atom == HUB).count();
        AutomatonSize {
            words: spec.atoms.len(),
            word_bytes: spec.atoms.total_bytes(),
            patterns: spec.owners.len(),
            positions: spec.positions.len() - hubs,
            hubs,
            edges: spec.edges.len(),
        }
    }
}

/// The size of a compiled word automaton ([`Rules::automaton_size`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutomatonSize {
    /// Distinct normalized words (the words of the atom dictionary).
    pub words: usize,
    /// Their total length in bytes.
    pub word_bytes: usize,
    /// Distinct compiled patterns.
    pub patterns: usize,
    /// Pattern words (positions), list words counted at each use.
    pub positions: usize,
    /// Junctions that join many alternatives to many (instead of an edge for every pair).
    pub hubs: usize,
    /// Edges between positions.
    pub edges: usize,
}
