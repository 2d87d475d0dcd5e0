//! Loading a bundle a part at a time. [`Loading::step`] reads one part; a web page that loads
//! rules on its main thread runs each part as a task of its own, so that no part of the load
//! keeps the page from responding for long. [`Rules::from_bundle`] and [`Rules::builtin`] run
//! every part at once.
//!
//! The header is checked first (magic, version, length and, for a bundle given at run time,
//! the checksum); then come the rules, pattern words and owners; the pattern positions, cuts and
//! near clauses; the regex DFAs and texts, with the check of every index; the trie of the
//! pattern words; and last the matchers built from the tables. A part that does not read is an
//! E120 error, and the rules are only ever used whole.

use super::anchors::read_cuts;
use super::atoms::AtomTrie;
use super::bundle::{check_spec, checksum, read_atoms, read_owners, read_texts, Damaged, Texts, BUNDLE_VERSION, HEADER_BYTES, MAGIC};
use super::patterns::{NearClause, PatternSpec};
use super::regexes::{Dfa, RegexMatcher, WordRegex};
use super::stored_rules::read_rules;
use super::tables::read_positions;
use super::wire::Reader;
use super::{PatternMatcher, Rules};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::rules::RuleSet;
use regex_automata::dfa::dense::DFA;
use std::borrow::Cow;
use regex_automata::dfa::{Automaton, StartKind};

/// The bytes of a bundle being loaded.
pub(crate) enum BundleBytes<'a> {
    /// The bundle built into the library's binary, written by `tumar compile` as the library
    /// was built: its checksum is not computed on every load (a tenth of the load's work) and
    /// its regex DFAs are used where they lie (`build.rs` puts it at a 4-byte boundary). Every
    /// count and index is still checked, and every DFA by regex-automata.
    BuiltIn(&'static [u8]),
    /// A bundle given at run time (borrowed, or owned while it loads over a page's tasks):
    /// its checksum is verified and its DFAs copied.
    Given(Cow<'a, [u8]>),
}

impl BundleBytes<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            BundleBytes::BuiltIn(bytes) => bytes,
            BundleBytes::Given(bytes) => bytes,
        }
    }
}

/// A bundle whose header was checked, loaded part by part with [`Loading::step`].
pub(crate) struct Loading<'a> {
    bytes: BundleBytes<'a>,
    /// Where the next part starts, in bytes from the payload's start.
    at: usize,
    next: Part,
}

/// The part a [`Loading`] reads next, with what the parts before it gave.
enum Part {
    /// The rules, the pattern words and the patterns' owners.
    Rules,
    /// The pattern positions and their edges and cuts, and the near clauses.
    Positions { set: RuleSet, spec: PatternSpec },
    /// The regex DFAs and the texts; then every index is checked.
    Regexes { set: RuleSet, spec: PatternSpec },
    /// Nothing more to read: the trie of the pattern words is built.
    Trie { set: RuleSet, spec: PatternSpec, regexes: Vec<WordRegex> },
    /// The matchers' lists are built.
    Matchers { set: RuleSet, spec: PatternSpec, regexes: Vec<WordRegex>, atoms: AtomTrie },
}

/// Where a load is: still loading, or done. (Both are moved only once per part, so neither is
/// boxed to make the other smaller.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Progress<'a> {
    /// More parts to load.
    Loading(Loading<'a>),
    /// The rules, ready.
    Loaded(Rules),
}

impl<'a> Progress<'a> {
    /// Loads the next part (nothing when the rules are loaded already).
    pub fn step(self) -> Result<Progress<'a>, Diagnostics> {
        match self {
            Progress::Loading(loading) => loading.step(),
            loaded @ Progress::Loaded(_) => Ok(loaded),
        }
    }

    /// Loads every part left.
    pub fn finish(mut self) -> Result<Rules, Diagnostics> {
        loop {
            match self {
                Progress::Loaded(rules) => return Ok(rules),
                loading => self = loading.step()?,
            }
        }
    }
}

impl<'a> Loading<'a> {
    /// Checks a bundle's header (and, unless it is built in, its checksum); an E120 error
    /// when it is not a bundle of this version or was changed after it was written.
    pub fn new(bytes: BundleBytes<'a>) -> Result<Loading<'a>, Diagnostics> {
        check_header(&bytes)?;
        Ok(Loading { bytes, at: 0, next: Part::Rules })
    }

    /// Loads the next part; the rules when it was the last.
    pub fn step(self) -> Result<Progress<'a>, Diagnostics> {
        self.read_next().map_err(|Damaged(why)| bundle_error(&format!("damaged rule bundle: {why}")))
    }

    fn read_next(self) -> Result<Progress<'a>, Damaged> {
        let Loading { bytes, at, next } = self;
        let rest = &bytes.as_slice()[HEADER_BYTES + at..];
        let mut r = Reader::new(rest);
        let next = match next {
            Part::Rules => {
                let set = read_rules(r.bytes()?).ok_or(Damaged("its rules do not read"))?;
                let spec = PatternSpec { atoms: read_atoms(&mut r)?, owners: read_owners(&mut r)?, ..PatternSpec::default() };
                Part::Positions { set, spec }
            }
            Part::Positions { set, mut spec } => {
                (spec.positions, spec.edges) = read_positions(&mut r, spec.owners.len(), spec.atoms.len())?;
                spec.cuts = read_cuts(&mut r, &spec)?;
                spec.near = read_near(&mut r)?;
                Part::Regexes { set, spec }
            }
            Part::Regexes { mut set, spec } => {
                // The built-in DFAs are read from the binary's own bytes, to be used in place.
                let (regexes, texts) = match &bytes {
                    BundleBytes::BuiltIn(all) => read_regexes_and_texts(Reader::new(&all[HEADER_BYTES + at..]), &mut set, read_dfa_in_place)?,
                    _ => read_regexes_and_texts(r, &mut set, read_owned_dfa)?,
                };
                check_spec(&spec, &set, texts)?;
                let end = bytes.as_slice().len() - HEADER_BYTES;
                return Ok(Progress::Loading(Loading { bytes, at: end, next: Part::Trie { set, spec, regexes } }));
            }
            Part::Trie { set, spec, regexes } => {
                let atoms = AtomTrie::new(&spec.atoms).map_err(|_| Damaged("two of its pattern words are the same"))?;
                return Ok(Progress::Loading(Loading { bytes, at, next: Part::Matchers { set, spec, regexes, atoms } }));
            }
            Part::Matchers { set, spec, regexes, atoms } => {
                let directions: Vec<_> = set.rules.iter().map(|r| r.direction).collect();
                let patterns = PatternMatcher::with_atoms(atoms, spec, &directions);
                return Ok(Progress::Loaded(Rules { set, patterns, regexes: RegexMatcher::new(regexes, &directions), warnings: Vec::new() }));
            }
        };
        let at = at + (rest.len() - r.left());
        Ok(Progress::Loading(Loading { bytes, at, next }))
    }
}

/// Checks the magic bytes, the version, the payload's length and (unless the bundle is built
/// in) its checksum.
fn check_header(bytes: &BundleBytes<'_>) -> Result<(), Diagnostics> {
    let all = bytes.as_slice();
    if all.starts_with(b"{\"tumar_bundle\":") {
        let version: String = all[16..].iter().take_while(|b| b.is_ascii_digit()).map(|&b| char::from(b)).collect();
        return Err(version_error(&version));
    }
    if all.len() < HEADER_BYTES || &all[..8] != MAGIC {
        return Err(bundle_error("not a tumar rule bundle"));
    }
    let mut header = Reader::new(&all[8..HEADER_BYTES]);
    let (version, length, sum) = match (header.u32(), header.u32(), header.u32()) {
        (Ok(v), Ok(l), Ok(c)) => (v, l as usize, c),
        _ => return Err(bundle_error("not a tumar rule bundle")),
    };
    if version != BUNDLE_VERSION {
        return Err(version_error(&version.to_string()));
    }
    let payload = &all[HEADER_BYTES..];
    let verified = matches!(bytes, BundleBytes::BuiltIn(_)) || sum == checksum(payload);
    if length != payload.len() || !verified {
        return Err(bundle_error("damaged rule bundle: its length or checksum does not match (rebuild it with `tumar compile`)"));
    }
    Ok(())
}

/// The near clauses: how many, then each one's rule, terms, window and order flag.
fn read_near(r: &mut Reader<'_>) -> Result<Vec<NearClause>, Damaged> {
    let n = r.count(4)?;
    let mut near = Vec::with_capacity(n);
    for _ in 0..n {
        near.push(NearClause { rule: r.var()?, terms: r.var()?, within: r.var()?, ordered: r.u8()? != 0 });
    }
    Ok(near)
}

/// The last part: the regexes (how many, then each one's rule and its DFA, read with
/// `read_dfa`), then the texts (a flag, then JSON when kept, put into the rules of `set`).
fn read_regexes_and_texts<'b>(mut r: Reader<'b>, set: &mut RuleSet, read_dfa: fn(&'b [u8]) -> Result<Dfa, Damaged>) -> Result<(Vec<WordRegex>, Texts), Damaged> {
    let n = r.count(2)?;
    let mut regexes = Vec::with_capacity(n);
    for _ in 0..n {
        let rule = r.var()?;
        if rule as usize >= set.rules.len() {
            return Err(Damaged("a regex names a rule it does not hold"));
        }
        regexes.push(WordRegex { rule, dfa: read_dfa(r.aligned_bytes()?)? });
    }
    let texts = match r.u8()? {
        0 => Texts::Omit,
        1 => read_texts(r.bytes()?, &mut set.rules)?,
        _ => return Err(Damaged("its texts flag is neither 0 nor 1")),
    };
    if !r.is_done() {
        return Err(Damaged("it has bytes after its end"));
    }
    Ok((regexes, texts))
}

/// A regex DFA in bytes that are part of the binary, used where it lies (when it lies at a
/// 4-byte boundary, as those of the built-in bundle do).
fn read_dfa_in_place(bytes: &'static [u8]) -> Result<Dfa, Damaged> {
    if is_aligned(bytes) {
        deserialize_dfa(bytes).map(Dfa::InPlace)
    } else {
        read_owned_dfa(bytes)
    }
}

/// A regex DFA copied out of a bundle's bytes (to a 4-byte boundary first, when it does not lie
/// at one).
fn read_owned_dfa(bytes: &[u8]) -> Result<Dfa, Damaged> {
    if is_aligned(bytes) {
        return deserialize_dfa(bytes).map(|dfa| Dfa::Owned(dfa.to_owned()));
    }
    let mut aligned = vec![0u8; bytes.len() + 3];
    let pad = aligned.as_ptr().align_offset(4);
    let Some(slot) = aligned.get_mut(pad..pad.saturating_add(bytes.len())) else { return Err(Damaged("a regex does not read")) };
    slot.copy_from_slice(bytes);
    deserialize_dfa(slot).map(|dfa| Dfa::Owned(dfa.to_owned()))
}

/// A regex DFA, checked by regex-automata as it is deserialized, and of the kind the scanner
/// runs (anchored, one pattern). Its bytes must lie at a 4-byte boundary.
fn deserialize_dfa(bytes: &[u8]) -> Result<DFA<&[u32]>, Damaged> {
    let (dfa, read) = DFA::from_bytes(bytes).map_err(|_| Damaged("a regex does not read"))?;
    let anchored = matches!(dfa.start_kind(), StartKind::Anchored | StartKind::Both);
    if read != bytes.len() || dfa.pattern_len() != 1 || !anchored {
        return Err(Damaged("a regex is not of the kind this build runs"));
    }
    Ok(dfa)
}

fn is_aligned(bytes: &[u8]) -> bool {
    bytes.as_ptr().cast::<u32>().is_aligned()
}

fn version_error(version: &str) -> Diagnostics {
    bundle_error(&format!("rule bundle version {version} is not supported; this build reads version {BUNDLE_VERSION} (rebuild it with `tumar compile`)"))
}

fn bundle_error(message: &str) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(Diagnostic::error("E120", message, Location::file_only("<bundle>")));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, Source};

    #[test]
    fn a_bundle_loads_in_five_parts_to_the_rules_it_was_written_from() {
        let text = include_str!("../../tests/fixtures/rules/en/fixture.toml");
        let rules = Rules::from_sources(&[Source::new("en/fixture.toml", text)]).expect("the fixture compiles");
        let bundle = rules.to_bundle();
        let mut progress = Progress::Loading(Loading::new(BundleBytes::Given(Cow::Owned(bundle.clone()))).expect("the header is right"));
        let mut steps = 0;
        let loaded = loop {
            steps += 1;
            match progress.step().expect("every part loads") {
                Progress::Loaded(loaded) => break loaded,
                loading => progress = loading,
            }
        };
        assert_eq!(steps, 5, "rules and words, positions, regexes and texts, word trie, matchers");
        for text in ["my number 8 701 123 45 67", "this is our little secret", "i want to die"] {
            assert_eq!(loaded.scan(text, Direction::Outgoing), rules.scan(text, Direction::Outgoing), "{text}");
        }
        assert!(!loaded.scan("my number 8 701 123 45 67", Direction::Outgoing).hits.is_empty());
    }

    #[test]
    fn a_part_that_does_not_read_is_an_error_of_its_step() {
        let text = include_str!("../../tests/fixtures/rules/en/fixture.toml");
        let mut bundle = Rules::from_sources(&[Source::new("en/fixture.toml", text)]).expect("compiles").to_bundle();
        // The last byte (the texts flag) says neither 0 nor 1; the checksum is made to agree.
        *bundle.last_mut().expect("not empty") = 7;
        let sum = checksum(&bundle[HEADER_BYTES..]);
        bundle[16..20].copy_from_slice(&sum.to_le_bytes());
        let first = Loading::new(BundleBytes::Given(Cow::Borrowed(&bundle))).expect("the header is right").step().expect("the rules read");
        let second = first.step().expect("the positions read");
        let Err(error) = second.step() else { panic!("the regexes' part does not read") };
        assert_eq!(error.iter().next().map(|d| d.code.as_str()), Some("E120"));
        assert!(error.to_string().contains("texts flag"), "{error}");
    }
}
