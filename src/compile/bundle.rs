//! Rule bundles: the validated rules (overlays applied; tests, notes and source lines left out)
//! with their compiled automata, in one file. Loading one compiles nothing again: the pattern
//! tables are read as they were written, the regex DFAs are deserialized (and checked by
//! regex-automata), and only the atom trie is built from the sorted atoms. Every count and
//! index is checked first. `tumar compile DIR -o FILE` writes one; the npm package embeds one
//! for its built-in rules.
//!
//! Layout (integers little-endian): the magic bytes `tumar\0bn`, the format version (u32), the
//! payload length (u32) and the payload's Adler-32 checksum (u32, as zlib computes it), then the payload: the rules in
//! postcard's binary encoding (what scanning needs: ids, categories, scopes...), the pattern tables ([`PatternSpec`]), one
//! DFA per regex, and, when the bundle keeps them ([`Texts::Keep`]), the patterns as written
//! and the rules' locations (see `Rules::write_payload`). Scanning never reads those texts;
//! only [`Rules::explain`] shows them, so bundles leave them out by default, and a build
//! without the `texts` feature (the npm package's runtime module) leaves them unread.
//! A bundle of another version, a damaged one (any changed byte) or one whose indices do not
//! agree is refused with E120, and nothing is half-loaded.
//! Rule locations keep only the path below `rules/` (no absolute paths of the compiling machine).

#[cfg(feature = "compiler")]
use super::anchors::write_cuts;
use super::atom_texts::AtomTexts;
use super::loading::{BundleBytes, Loading, Progress};
use super::patterns::PatternSpec;
#[cfg(feature = "compiler")]
use super::stored_rules::write_rules;
use super::tables::unzigzag;
#[cfg(feature = "compiler")]
use super::tables::{write_positions, zigzag};
use super::wire::{Reader, Truncated};
#[cfg(feature = "compiler")]
use super::wire::Writer;
use super::{Owner, Role, Rules};
use crate::error::Diagnostics;
#[cfg(any(feature = "compiler", feature = "texts"))]
use crate::error::Location;
use crate::rules::{Rule, RuleSet};
#[cfg(any(feature = "compiler", feature = "texts"))]
use crate::rules::{Near, Pattern, Phrase};
#[cfg(feature = "texts")]
use serde::Deserialize;
#[cfg(feature = "compiler")]
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// The bundle format version this build writes and reads. It changes whenever the normalizer
/// or the compiled form changes, since a bundle stores normalized, compiled patterns.
pub const BUNDLE_VERSION: u32 = 11;

/// The first bytes of every bundle.
pub(super) const MAGIC: &[u8; 8] = b"tumar\0bn";

/// Bytes before the payload: magic, version, length, checksum.
pub(super) const HEADER_BYTES: usize = 8 + 4 + 4 + 4;
// The DFAs lie at multiples of 4 bytes from the payload's start, so from the bundle's too.
const _: () = assert!(HEADER_BYTES.is_multiple_of(4));

/// Whether a bundle keeps the patterns as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Texts {
    /// Only what scanning needs: verdicts and errors still name rule ids, and
    /// [`Rules::explain`] still shows the pattern words that matched, but not the patterns
    /// as written. (The shipped rules' texts would add half again to the gzipped bundle.)
    #[default]
    Omit,
    /// Also every phrase, allow entry, near term and regex as written, and where each rule is
    /// written (for [`Rules::explain`] on the loaded rules).
    Keep,
}

/// A bundle written by [`Rules::write_bundle`]: its bytes, and what each of its parts is.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The bundle, as [`Rules::from_bundle`] reads it.
    pub bytes: Vec<u8>,
    /// Its parts, in order; together they cover every byte.
    pub parts: Vec<BundlePart>,
}

/// One part of a [`Bundle`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePart {
    /// What it holds (`rules`, `regex DFAs`...).
    pub name: &'static str,
    /// Where it is in [`Bundle::bytes`].
    pub bytes: Range<usize>,
}

/// The texts of one rule that scanning does not need, as a bundle that keeps texts stores them.
#[cfg(any(feature = "compiler", feature = "texts"))]
#[cfg_attr(feature = "compiler", derive(Serialize))]
#[cfg_attr(feature = "texts", derive(Deserialize))]
struct RuleTexts {
    location: Location,
    phrases: Vec<Phrase>,
    allow: Vec<Phrase>,
    near: Vec<Near>,
    regexes: Vec<Pattern>,
}

#[cfg(feature = "compiler")]
impl RuleTexts {
    /// The texts of `rule`, with locations that name no folder of the compiling machine.
    fn of(rule: &Rule) -> RuleTexts {
        let regexes = rule.regexes.iter().map(|regex| Pattern { location: portable(&regex.location), ..regex.clone() }).collect();
        RuleTexts { location: portable(&rule.location), phrases: rule.phrases.clone(), allow: rule.allow.clone(), near: rule.near.clone(), regexes }
    }
}

/// Why a bundle was refused (the message of its E120 error).
pub(super) struct Damaged(pub(super) &'static str);

impl From<Truncated> for Damaged {
    fn from(_: Truncated) -> Damaged {
        Damaged("it ends early")
    }
}

impl Rules {
    /// The bundle of these rules (bytes), without the patterns as written ([`Texts::Omit`]).
    #[cfg(feature = "compiler")]
    pub fn to_bundle(&self) -> Vec<u8> {
        self.write_bundle(Texts::Omit).bytes
    }

    /// The bundle of these rules, with or without the patterns as written, and its parts.
    #[cfg(feature = "compiler")]
    pub fn write_bundle(&self, texts: Texts) -> Bundle {
        let mut parts = Parts::default();
        let payload = self.write_payload(texts, &mut parts);
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u32(BUNDLE_VERSION);
        out.u32(u32::try_from(payload.len()).unwrap_or(u32::MAX));
        out.u32(checksum(&payload));
        let mut all = vec![BundlePart { name: "header", bytes: 0..HEADER_BYTES }];
        all.extend(parts.0.into_iter().map(|p| BundlePart { bytes: p.bytes.start + HEADER_BYTES..p.bytes.end + HEADER_BYTES, ..p }));
        out.bytes.extend_from_slice(&payload);
        Bundle { bytes: out.bytes, parts: all }
    }

    /// Loads rules from a bundle written by [`Rules::to_bundle`]. A file that is not a bundle
    /// of this version, or that was changed after it was written, is an E120 error.
    ///
    /// The rules of a loaded bundle keep their patterns' text (for [`Rules::explain`]) when the
    /// bundle was written with [`Texts::Keep`] and the `texts` feature is on, but never their
    /// parsed form, which only compiling needs.
    pub fn from_bundle(bytes: &[u8]) -> Result<Rules, Diagnostics> {
        Progress::Loading(Loading::new(BundleBytes::Given(Cow::Borrowed(bytes)))?).finish()
    }

    /// The payload: the rules (postcard, without texts; see [`write_rules`]), the atoms, the patterns (owners; positions
    /// and their edges, one field at a time; where their cuts lie), the near clauses, the regexes (rule, serialized
    /// DFA at a 4-byte boundary) and the texts (a flag, then JSON when kept).
    #[cfg(feature = "compiler")]
    fn write_payload(&self, texts: Texts, parts: &mut Parts) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(&write_rules(&self.set));
        parts.end("rules", &w);
        let spec = &self.patterns.spec;
        write_atoms(&mut w, &spec.atoms);
        parts.end("pattern words", &w);
        write_owners(&mut w, &spec.owners);
        parts.end("pattern owners", &w);
        let edges = write_positions(&mut w, spec);
        parts.end("pattern positions", &w);
        w.bytes.extend_from_slice(&edges.bytes);
        parts.end("pattern edges", &w);
        write_cuts(&mut w, &spec.cuts);
        parts.end("pattern cuts", &w);
        w.len(spec.near.len());
        for near in &spec.near {
            w.var(near.rule);
            w.var(near.terms);
            w.var(near.within);
            w.u8(u8::from(near.ordered));
        }
        parts.end("near clauses", &w);
        w.len(self.regexes.each.len());
        let minimized = self.regexes.minimized(&self.set);
        for (index, regex) in self.regexes.each.iter().enumerate() {
            w.var(regex.rule);
            let (bytes, padding) = match &minimized {
                Some(minimized) => minimized[index].to_bytes_little_endian(),
                None => regex.dfa.get().to_bytes_little_endian(),
            };
            w.aligned_bytes(&bytes[padding..]);
        }
        parts.end("regex DFAs", &w);
        w.u8(u8::from(texts == Texts::Keep));
        if texts == Texts::Keep {
            let kept: Vec<RuleTexts> = self.set.rules.iter().map(RuleTexts::of).collect();
            w.bytes(&serde_json::to_vec(&kept).unwrap_or_default());
        }
        parts.end("texts", &w);
        w.bytes
    }
}

/// The parts of a payload being written, each ending where the writer is when it is recorded.
#[derive(Default)]
#[cfg(feature = "compiler")]
struct Parts(Vec<BundlePart>);

#[cfg(feature = "compiler")]
impl Parts {
    fn end(&mut self, name: &'static str, w: &Writer) {
        let start = self.0.last().map_or(0, |p| p.bytes.end);
        self.0.push(BundlePart { name, bytes: start..w.bytes.len() });
    }
}

/// Puts the texts a bundle keeps (JSON, one [`RuleTexts`] for each rule) into its `rules`.
#[cfg(feature = "texts")]
pub(super) fn read_texts(json: &[u8], rules: &mut [Rule]) -> Result<Texts, Damaged> {
    let kept: Vec<RuleTexts> = serde_json::from_slice(json).map_err(|_| Damaged("its texts do not read"))?;
    if kept.len() != rules.len() {
        return Err(Damaged("its texts are not one for each rule"));
    }
    for (rule, text) in rules.iter_mut().zip(kept) {
        (rule.location, rule.phrases, rule.allow, rule.near, rule.regexes) = (text.location, text.phrases, text.allow, text.near, text.regexes);
    }
    Ok(Texts::Keep)
}

/// Without the `texts` feature the texts a bundle keeps are left unread: its rules load as
/// from a bundle without them.
#[cfg(not(feature = "texts"))]
pub(super) fn read_texts(_json: &[u8], _rules: &mut [Rule]) -> Result<Texts, Damaged> {
    Ok(Texts::Omit)
}

/// The atoms, which are in byte order: how many, then for each the length it shares with the
/// one before, then the rests one after another, each ended by a NUL byte. (Atoms are
/// normalized words, which never hold a NUL: it is a separator.)
#[cfg(feature = "compiler")]
fn write_atoms(w: &mut Writer, atoms: &AtomTexts) {
    w.len(atoms.len());
    let mut previous = "";
    let shared: Vec<usize> = atoms
        .iter()
        .map(|atom| {
            let n = previous.bytes().zip(atom.bytes()).take_while(|(a, b)| a == b).count();
            previous = atom;
            n
        })
        .collect();
    shared.iter().for_each(|&n| w.len(n));
    for (atom, &n) in atoms.iter().zip(&shared) {
        w.bytes.extend_from_slice(&atom.as_bytes()[n..]);
        w.u8(0);
    }
}

pub(super) fn read_atoms(r: &mut Reader<'_>) -> Result<AtomTexts, Damaged> {
    let n = r.count(2)?;
    let shared = r.vars(n)?;
    let (mut text, mut ends) = (Vec::new(), Vec::with_capacity(n));
    let mut start = 0;
    for &shared in &shared {
        let prefix = start..start + shared as usize;
        if prefix.end > text.len() {
            return Err(Damaged("a pattern word shares more than the word before has"));
        }
        start = text.len();
        text.extend_from_within(prefix);
        text.extend_from_slice(r.until_nul()?);
        ends.push(text.len() as u32);
    }
    let text = String::from_utf8(text).map_err(|_| Damaged("a pattern word is not UTF-8"))?;
    AtomTexts::from_parts(text, ends).ok_or(Damaged("a pattern word is not UTF-8"))
}

/// The owners of each pattern: how many, then for each its rule (relative to the owner
/// before), its kind of role, its index (relative to the one after the owner before, when that
/// has the same rule and kind: a rule's phrases 0, 1, 2... are then all 0) and its near term.
#[cfg(feature = "compiler")]
fn write_owners(w: &mut Writer, owners: &[Vec<Owner>]) {
    w.len(owners.len());
    let mut before: Option<Owner> = None;
    for of_pattern in owners {
        w.len(of_pattern.len());
        for owner in of_pattern {
            let (tag, index, term) = role_fields(owner.role);
            let rule_before = before.map_or(0, |b| b.rule);
            w.var(zigzag(i64::from(owner.rule) - i64::from(rule_before)));
            w.u8(tag);
            w.var(zigzag(i64::from(index) - index_base(before, owner.rule, tag)));
            if tag == NEAR_TERM {
                w.var(term);
            }
            before = Some(*owner);
        }
    }
}

pub(super) fn read_owners(r: &mut Reader<'_>) -> Result<Vec<Vec<Owner>>, Damaged> {
    let patterns = r.count(2)?;
    let mut owners = Vec::with_capacity(patterns);
    let mut before: Option<Owner> = None;
    for _ in 0..patterns {
        let n = r.count(3)?;
        let mut of_pattern = Vec::with_capacity(n);
        for _ in 0..n {
            let rule = u32::try_from(i64::from(before.map_or(0, |b| b.rule)) + unzigzag(r.var()?)).map_err(|_| Damaged("a pattern names a rule it does not hold"))?;
            let tag = r.u8()?;
            let index = u32::try_from(index_base(before, rule, tag) + unzigzag(r.var()?)).map_err(|_| Damaged("a pattern names a phrase its rule does not have"))?;
            let role = match tag {
                PHRASE => Role::Phrase { index },
                ALLOW => Role::Allow { index },
                NEAR_TERM => Role::NearTerm { clause: index, term: r.var()? },
                _ => return Err(Damaged("a pattern has an unknown role")),
            };
            let owner = Owner { rule, role };
            of_pattern.push(owner);
            before = Some(owner);
        }
        owners.push(of_pattern);
    }
    Ok(owners)
}

/// The kinds of role of a pattern owner, as written.
const PHRASE: u8 = 0;
const ALLOW: u8 = 1;
const NEAR_TERM: u8 = 2;

/// A role as its kind, its index (phrase, allow entry or near clause) and its near term.
fn role_fields(role: Role) -> (u8, u32, u32) {
    match role {
        Role::Phrase { index } => (PHRASE, index, 0),
        Role::Allow { index } => (ALLOW, index, 0),
        Role::NearTerm { clause, term } => (NEAR_TERM, clause, term),
    }
}

/// What an owner's index is written relative to (see [`write_owners`]).
fn index_base(before: Option<Owner>, rule: u32, tag: u8) -> i64 {
    match before {
        Some(b) if b.rule == rule && role_fields(b.role).0 == tag => i64::from(role_fields(b.role).1) + 1,
        _ => 0,
    }
}

/// Checks that every index of the near clauses and pattern owners points inside the tables and
/// the rules (and the rules' texts, when kept). Reading the positions checked theirs.
pub(super) fn check_spec(spec: &PatternSpec, set: &RuleSet, texts: Texts) -> Result<(), Damaged> {
    for near in &spec.near {
        if near.rule as usize >= set.rules.len() || near.terms == 0 {
            return Err(Damaged("a near clause names a rule it does not hold"));
        }
    }
    for owner in spec.owners.iter().flatten() {
        let Some(rule) = set.rules.get(owner.rule as usize) else { return Err(Damaged("a pattern names a rule it does not hold")) };
        // Without texts, phrase and allow indices point at nothing (only explaining reads them).
        let ok = match owner.role {
            Role::Phrase { index } => texts == Texts::Omit || (index as usize) < rule.phrases.len(),
            Role::Allow { index } => texts == Texts::Omit || (index as usize) < rule.allow.len(),
            Role::NearTerm { clause, term } => spec.near.get(clause as usize).is_some_and(|c| c.rule == owner.rule && term < c.terms),
        };
        if !ok {
            return Err(Damaged("a pattern names a phrase its rule does not have"));
        }
    }
    Ok(())
}

/// A location without the compiling machine's folders: the path below `rules/`, or the file
/// name, with line and column.
#[cfg(feature = "compiler")]
fn portable(location: &Location) -> Location {
    let file = location.file.replace('\\', "/");
    let short = match file.rfind("rules/") {
        Some(at) => &file[at..],
        None => file.rsplit('/').next().unwrap_or(&file),
    };
    Location { file: short.to_string(), source_line: String::new(), source_line_start: 0, ..location.clone() }
}

/// The payload's Adler-32 checksum (zlib's). It finds any single changed byte, needs no tables
/// in the module (CRC-32's fast tables are 16 KiB of incompressible data) and runs faster; every
/// count and index of a payload is checked as it is read anyway.
pub(super) fn checksum(bytes: &[u8]) -> u32 {
    adler2::adler32_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::super::anchors::{Cut, PatternCut};
    use super::*;
    use crate::compile::regexes::Dfa;
    use crate::Direction;

    #[test]
    fn checksum_of_known_input() {
        assert_eq!(checksum(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(checksum(b""), 1);
    }

    fn fixture() -> Rules {
        let text = include_str!("../../tests/fixtures/rules/en/fixture.toml");
        Rules::from_sources(&[crate::Source::new("en/fixture.toml", text)]).expect("the fixture compiles")
    }

    /// `bytes` copied to memory that lives as long as the program, starting `offset` bytes
    /// after a 4-byte boundary.
    fn leaked_at(bytes: &[u8], offset: usize) -> &'static [u8] {
        let storage: &'static mut [u8] = Box::leak(vec![0u8; bytes.len() + 3 + offset].into_boxed_slice());
        let start = storage.as_ptr().align_offset(4) + offset;
        let slot = &mut storage[start..start + bytes.len()];
        slot.copy_from_slice(bytes);
        slot
    }

    /// Rules loaded from `bytes` as from the bundle built into the library.
    fn built_in(bytes: &'static [u8]) -> Result<Rules, Diagnostics> {
        Progress::Loading(Loading::new(BundleBytes::BuiltIn(bytes))?).finish()
    }

    #[test]
    fn a_built_in_bundle_uses_its_dfas_in_place_and_scans_alike() {
        let rules = fixture();
        let bundle = rules.to_bundle();
        let in_place = built_in(leaked_at(&bundle, 0)).expect("loads");
        assert!(!in_place.regexes.each.is_empty());
        assert!(in_place.regexes.each.iter().all(|r| matches!(r.dfa, Dfa::InPlace(_))), "aligned DFAs are not copied");
        // Off a 4-byte boundary (not how build.rs embeds it), the DFAs are copied instead.
        let copied = built_in(leaked_at(&bundle, 1)).expect("loads");
        assert!(copied.regexes.each.iter().all(|r| matches!(r.dfa, Dfa::Owned(_))));
        let given = Rules::from_bundle(&bundle).expect("loads");
        for text in ["my number 8 701 123 45 67", "mail abc, maila", "score 12 to 3", "i want to die"] {
            let expected = rules.scan(text, Direction::Outgoing);
            for loaded in [&in_place, &copied, &given] {
                assert_eq!(loaded.scan(text, Direction::Outgoing), expected, "{text}");
            }
        }
        assert_eq!(in_place.scan("my number 8 701 123 45 67", Direction::Outgoing).hits.len(), 1);
    }

    #[test]
    fn indices_outside_the_tables_are_refused() {
        let rules = fixture();
        assert!(Rules::from_bundle(&rules.to_bundle()).is_ok());
        assert!(!rules.patterns.spec.near.is_empty() && !rules.regexes.each.is_empty());
        let near_owner = rules.patterns.spec.owners.iter().position(|o| matches!(o[0].role, Role::NearTerm { .. })).expect("a near term");
        type Tamper = fn(&mut Rules, usize);
        let cases: Vec<(&str, Tamper)> = vec![
            ("an atom", |r, _| r.patterns.spec.positions[0].atom = 1_000_000),
            ("an edge", |r, _| {
                let last = r.patterns.spec.edges.len() - 1;
                r.patterns.spec.edges[last].to = 0;
            }),
            ("an owner's rule", |r, _| r.patterns.spec.owners[0][0].rule = 1_000),
            ("a phrase index", |r, _| r.patterns.spec.owners[0][0].role = Role::Phrase { index: 1_000 }),
            ("a role tag", |r, near| r.patterns.spec.owners[near][0].role = Role::NearTerm { clause: 1_000, term: 0 }),
            ("a near term", |r, near| {
                if let Role::NearTerm { clause, .. } = r.patterns.spec.owners[near][0].role {
                    r.patterns.spec.owners[near][0].role = Role::NearTerm { clause, term: 1_000 };
                }
            }),
            ("a near clause's rule", |r, _| r.patterns.spec.near[0].rule = 1_000),
            ("a regex's rule", |r, _| r.regexes.each[0].rule = 1_000),
            ("a cut's position", |r, _| r.patterns.spec.cuts = vec![PatternCut { pattern: 0, cut: Cut::OutOf(1_000) }]),
            ("a cut's pattern", |r, _| {
                let pattern = r.patterns.spec.owners.len() as u32;
                r.patterns.spec.cuts = vec![PatternCut { pattern, cut: Cut::Into(0) }];
            }),
            ("three cuts of a pattern", |r, _| r.patterns.spec.cuts = vec![PatternCut { pattern: 0, cut: Cut::Into(0) }; 3]),
            ("two equal words", |r, _| {
                let atoms = &r.patterns.spec.atoms;
                r.patterns.spec.atoms = atoms.iter().enumerate().map(|(i, atom)| if i == 1 { &atoms[0] } else { atom }).collect();
            }),
        ];
        for (what, tamper) in cases {
            let mut bad = rules.clone();
            tamper(&mut bad, near_owner);
            let error = Rules::from_bundle(&bad.write_bundle(Texts::Keep).bytes).err().unwrap_or_else(|| panic!("{what} out of range loads"));
            let d = error.first_error().expect("an error");
            assert_eq!(d.code, "E120", "{what}");
            assert!(d.message.starts_with("damaged rule bundle: "), "{what}: {}", d.message);
        }
    }

    /// `bundle` with its length and checksum written again after a change.
    fn resealed(mut bundle: Vec<u8>) -> Vec<u8> {
        let payload_len = (bundle.len() - HEADER_BYTES) as u32;
        let sum = checksum(&bundle[HEADER_BYTES..]);
        bundle[12..16].copy_from_slice(&payload_len.to_le_bytes());
        bundle[16..20].copy_from_slice(&sum.to_le_bytes());
        bundle
    }

    fn refusal(bundle: &[u8]) -> String {
        let Err(error) = Rules::from_bundle(bundle) else { panic!("a damaged bundle loads") };
        let d = error.first_error().expect("an error");
        assert_eq!(d.code, "E120");
        d.message.clone()
    }

    #[test]
    fn an_alternative_outside_the_atoms_is_refused() {
        let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = [\"(milk|tea) now\"]\n";
        let mut rules = Rules::from_sources(&[crate::Source::new("t.toml", file)]).expect("compiles");
        assert!(Rules::from_bundle(&rules.to_bundle()).is_ok());
        // Tea's atom is written as the step up from milk's, the alternative before it.
        rules.patterns.spec.positions[1].atom = 1_000_000;
        assert!(refusal(&rules.to_bundle()).contains("names a word the bundle does not hold"));
    }

    #[test]
    fn the_texts_are_checked_like_the_rest() {
        let rules = fixture();
        let bundle = rules.write_bundle(Texts::Keep);
        let texts = bundle.parts.iter().find(|p| p.name == "texts").expect("a texts part").bytes.clone();
        assert_eq!(texts.end, bundle.bytes.len(), "the texts come last");
        let mut flag = bundle.bytes.clone();
        flag[texts.start] = 2;
        assert!(refusal(&resealed(flag)).contains("texts flag"));
        // Texts for one rule fewer than the bundle holds.
        let mut fewer = bundle.bytes[..texts.start].to_vec();
        let mut json: Vec<serde_json::Value> = serde_json::from_slice(Reader::new(&bundle.bytes[texts.start + 1..]).bytes().unwrap()).expect("texts are JSON");
        json.pop();
        let mut w = Writer::default();
        w.u8(1);
        w.bytes(&serde_json::to_vec(&json).unwrap());
        fewer.extend_from_slice(&w.bytes);
        assert!(refusal(&resealed(fewer)).contains("one for each rule"));
        // A bundle without texts that claims to have them ends early.
        let lean = rules.write_bundle(Texts::Omit).bytes;
        let mut claims = lean.clone();
        *claims.last_mut().unwrap() = 1;
        assert!(refusal(&resealed(claims)).contains("ends early"));
        assert!(Rules::from_bundle(&lean).is_ok());
    }

    #[test]
    fn bundles_store_minimized_regexes_with_the_same_matches() {
        let file = "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"t\"\nseverity = \"low\"\ndirection = \"any\"\nregex = [\"(12|32|42)[0-9]{2,4}\"]\nmatch = [\"code 12345\"]\nno_match = [\"code 1\"]\n";
        let rules = Rules::from_sources(&[crate::Source::new("t.toml", file)]).expect("compiles");
        let loaded = Rules::from_bundle(&rules.to_bundle()).expect("loads");
        let (compiled, stored) = (rules.regexes.each[0].dfa.get(), loaded.regexes.each[0].dfa.get());
        assert!(stored.memory_usage() < compiled.memory_usage(), "{} < {}", stored.memory_usage(), compiled.memory_usage());
        for text in ["12345", "code 3299", "421234567", "4212345", "1", "5234"] {
            assert_eq!(loaded.scan(text, Direction::Incoming), rules.scan(text, Direction::Incoming), "{text}");
        }
        assert_eq!(loaded.scan("code 12345", Direction::Incoming).hits.len(), 1);
        // Rules loaded without their regexes' sources write the DFAs they have.
        let again = Rules::from_bundle(&loaded.to_bundle()).expect("loads");
        assert_eq!(again.regexes.each[0].dfa.get().memory_usage(), stored.memory_usage());
    }

    #[test]
    fn the_parts_cover_the_bundle() {
        let bundle = fixture().write_bundle(Texts::Keep);
        let mut end = 0;
        for part in &bundle.parts {
            assert_eq!(part.bytes.start, end, "{} follows the part before", part.name);
            end = part.bytes.end;
        }
        assert_eq!(end, bundle.bytes.len());
    }

    #[test]
    fn locations_lose_the_machine_folders() {
        let at = |file: &str| portable(&Location { file: file.into(), line: 3, ..Location::default() });
        assert_eq!(at("/home/me/tumar/rules/ru/grooming.toml").file, "rules/ru/grooming.toml");
        assert_eq!(at("C:\\work\\mine.toml").file, "mine.toml");
        assert_eq!(at("/tmp/x/mine.toml").line, 3);
    }
}
