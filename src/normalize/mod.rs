//! The symmetric normalizer: the same code folds rule phrases at compile time and messages at
//! scan time, so that both sides fold alike and no language is "wrecked" by one-sided folding.
//!
//! The result is a stream of skeleton letters with the separators removed (`send nudes`,
//! `s e n d n u d e s` and `send.nudes` all become `sendnudes`), plus, for every normalized
//! character, the byte range of the original text it came from and whether it starts or ends a
//! word. Matchers use the word flags to honour whole-word, prefix and suffix modes.
//!
//! ```
//! let n = tumar::normalize::normalize("Ne govori roditelyam!!");
//! assert_eq!(n.as_str(), tumar::normalize::normalize("не говори родителям").as_str());
//! assert_eq!(n.display_words(), "ne govori roditeliam");
//! ```

mod chars;
mod script;
mod skeleton;

use chars::{fold_ascii, fold_char, Kind};
pub(crate) use chars::folded_len;
use script::{leet_letter, main_script, resolve_lookalike, transliterate, Script};
use skeleton::{fold_letter, fold_word, has_no_digraph, Piece};
use std::cell::Cell;
use std::ops::Range;

/// One character of normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Byte offset of the character in the normalized text.
    pub byte: u32,
    /// Byte range of the original text it came from.
    pub origin: (u32, u32),
    /// Index of the word it belongs to (0-based). A run of spaced-out single characters
    /// (`s e n d`, see [`Unit::spaced`]) counts as one word, so word distances are the same
    /// however a word is spaced.
    pub word: u32,
    /// Whether it is the first character of its word.
    pub starts_word: bool,
    /// Whether it is the last character of its word.
    pub ends_word: bool,
    /// Whether its word is one character of a run of at least three single-character words
    /// (letter-spacing such as `s e n d` or `с к и н ь`; `ш` may give several characters).
    pub spaced: bool,
}

/// Normalized text with a map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    units: Vec<Unit>,
}

impl Normalized {
    /// The normalized text: skeleton letters of every word, joined without separators.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether nothing was left after normalization.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// One entry per normalized character.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The index of the unit whose character starts at byte `byte` of the normalized text,
    /// or of the unit containing it.
    pub fn unit_at(&self, byte: usize) -> usize {
        self.units.partition_point(|u| (u.byte as usize) <= byte).saturating_sub(1)
    }

    /// The units covered by the normalized byte range `bytes` (which must not be empty).
    pub fn unit_range(&self, bytes: Range<usize>) -> Range<usize> {
        self.unit_at(bytes.start)..self.unit_at(bytes.end.saturating_sub(1)) + 1
    }

    /// The byte range of the original text covered by the units `units` (non-empty).
    pub fn original_span(&self, units: Range<usize>) -> Range<usize> {
        let first = &self.units[units.start];
        let last = &self.units[units.end - 1];
        first.origin.0 as usize..last.origin.1.max(first.origin.0) as usize
    }

    /// The normalized words separated by single spaces, for people to read.
    pub fn display_words(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.text.len() / 4);
        for (unit, ch) in self.units.iter().zip(self.text.chars()) {
            if unit.starts_word && !out.is_empty() {
                out.push(' ');
            }
            out.push(ch);
        }
        out
    }

    /// How many words there are.
    pub fn word_count(&self) -> usize {
        self.units.last().map_or(0, |u| u.word as usize + 1)
    }
}

impl Normalized {
    /// Appends the pieces of one folded word (not empty) as the units of word number `word`.
    fn push_word(&mut self, pieces: &[Piece], word: u32, spaced: bool) {
        let mut byte = self.text.len() as u32;
        let last = pieces.len() - 1;
        self.units.extend(pieces.iter().enumerate().map(|(i, p)| {
            let unit = Unit { byte, origin: (p.start, p.end), word, starts_word: i == 0, ends_word: i == last, spaced };
            byte += p.ch.len_utf8() as u32;
            unit
        }));
        self.text.extend(pieces.iter().map(|p| p.ch));
    }

    /// Appends a plain word (see [`is_plain_word`]) as the units of word number `word`: what
    /// [`fold_into_pieces`], [`fold_word`] and [`Normalized::push_word`] would give, in one pass.
    fn push_plain_word(&mut self, items: &[Item], word: u32) {
        let first = self.units.len();
        let mut previous = None;
        for it in items {
            let ch = fold_letter(it.ch);
            match self.units.last_mut() {
                // A repeated letter collapses into the one before (`uglyyyy`).
                Some(last) if previous == Some(ch) => last.origin = (last.origin.0.min(it.start), last.origin.1.max(it.end)),
                _ => {
                    let byte = self.text.len() as u32;
                    self.units.push(Unit { byte, origin: (it.start, it.end), word, starts_word: false, ends_word: false, spaced: false });
                    self.text.push(ch);
                    previous = Some(ch);
                }
            }
        }
        if let Some(unit) = self.units.get_mut(first) {
            unit.starts_word = true;
        }
        if let Some(unit) = self.units.last_mut() {
            unit.ends_word = true;
        }
    }

    /// Whether `word` (from one spaced-out character) is a single letter equal to the
    /// previous word, also a single spaced-out letter.
    fn repeats_spaced_letter(&self, word: &[Piece]) -> bool {
        let [piece] = word else { return false };
        let Some(last) = self.units.last() else { return false };
        last.spaced && last.starts_word && last.ends_word && !piece.ch.is_ascii_digit() && self.text.ends_with(piece.ch)
    }
}

/// A character of the original text after single-character folding.
#[derive(Debug, Clone, Copy)]
struct Item {
    ch: char,
    kind: Kind,
    start: u32,
    end: u32,
}

impl Item {
    /// The item as it stands in normalized text.
    fn piece(&self) -> Piece {
        Piece { ch: self.ch, start: self.start, end: self.end }
    }
}

/// The working buffers of [`normalize_into`], kept from one message to the next.
#[derive(Default)]
struct Work {
    items: Vec<Item>,
    words: Vec<Range<usize>>,
    spaced: Vec<bool>,
    pieces: Vec<Piece>,
    suffix: Vec<Piece>,
}

/// Most items (folded characters) whose buffers are kept for the next message: a long
/// message's buffers are freed once it is normalized.
const KEPT_ITEMS: usize = 1 << 14;

thread_local! {
    /// This thread's working buffers (taken while in use, so that a nested call gets its own).
    static WORK: Cell<Option<Work>> = const { Cell::new(None) };
}

/// Normalizes `input`. Never panics; linear in the length of `input`.
/// Byte offsets are stored as `u32`: callers scanning untrusted text cap its length first.
pub fn normalize(input: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(input, &mut out);
    out
}

/// [`normalize`] into `out`, reusing its buffers: once they have grown to a message's size,
/// normalizing another message as long allocates nothing.
pub fn normalize_into(input: &str, out: &mut Normalized) {
    let mut work = WORK.with(Cell::take).unwrap_or_default();
    fold_chars(input, &mut work.items);
    word_ranges(&work.items, &mut work.words);
    spaced_out(&work.words, &mut work.spaced);
    out.text.clear();
    out.units.clear();
    let Work { items, words, spaced, pieces, suffix } = &mut work;
    let mut word = 0u32;
    let mut previous_spaced = false;
    for (range, &spaced) in words.iter().zip(spaced.iter()) {
        if !spaced && is_plain_word(&items[range.clone()]) {
            word += u32::from(!out.units.is_empty());
            previous_spaced = false;
            out.push_plain_word(&items[range.clone()], word);
            continue;
        }
        fold_into_pieces(&items[range.clone()], pieces, suffix);
        fold_word(pieces);
        if pieces.is_empty() {
            continue;
        }
        if spaced && out.repeats_spaced_letter(pieces) {
            // `k i l l`: a spaced-out letter repeated collapses like `kill` does.
            if let Some(last) = out.units.last_mut() {
                last.origin.1 = pieces[0].end;
            }
            continue;
        }
        if out.units.is_empty() || !(spaced && previous_spaced) {
            word += u32::from(!out.units.is_empty());
        }
        previous_spaced = spaced;
        out.push_word(pieces, word, spaced);
    }
    if work.items.capacity() <= KEPT_ITEMS {
        WORK.with(|w| w.set(Some(work)));
    }
}

/// Folds every character of `input` into `items` (HTML character references become spaces).
fn fold_chars(input: &str, items: &mut Vec<Item>) {
    items.clear();
    let bytes = input.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() && b != b'&' {
            // ASCII but `&` folds byte by byte, without decoding UTF-8.
            let (ch, kind) = fold_ascii(b);
            items.push(Item { ch, kind, start: at as u32, end: at as u32 + 1 });
            at += 1;
            continue;
        }
        let Some(c) = input.get(at..).and_then(|rest| rest.chars().next()) else { break };
        let (mut c, mut end) = (c, at + c.len_utf8());
        if c == '&' {
            if let Some(len) = html_entity_len(&input[at..]) {
                // `&#9733;`, `&amp;`: markup that leaked into a message separates words; its
                // digits are not a number.
                (c, end) = (' ', at + len);
            }
        }
        let (start, end32) = (at as u32, end as u32);
        fold_char(c, &mut |ch, kind| items.push(Item { ch, kind, start, end: end32 }));
        at = end;
    }
}

/// The length of the HTML character reference `text` starts with (`&#9733;`, `&#x2605;`,
/// `&amp;`), if it starts with one.
fn html_entity_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let body = match bytes.get(1) {
        Some(b'#') => match bytes.get(2) {
            Some(b'x' | b'X') => bytes[3..].iter().take_while(|b| b.is_ascii_hexdigit()).count().min(6) + 3,
            _ => bytes[2..].iter().take_while(|b| b.is_ascii_digit()).count().min(7) + 2,
        },
        _ => bytes[1..].iter().take_while(|b| b.is_ascii_alphabetic()).count().min(10) + 1,
    };
    let minimum = if bytes.get(1) == Some(&b'#') { 4 } else { 3 };
    (body >= minimum - 1 && bytes.get(body) == Some(&b';')).then_some(body + 1)
}

/// Shortest run of single-character words that reads as one spaced-out word (`s e n d`);
/// shorter runs are ordinary one-letter words (`u r`, Russian `и я`).
const MIN_SPACED_RUN: usize = 3;

/// For each word, whether it belongs to a run of single-character words long enough to be
/// letter-spacing (into `spaced`).
fn spaced_out(ranges: &[Range<usize>], spaced: &mut Vec<bool>) {
    spaced.clear();
    spaced.resize(ranges.len(), false);
    let mut run_start = 0;
    for i in 0..=ranges.len() {
        if i < ranges.len() && ranges[i].len() == 1 {
            continue;
        }
        if i - run_start >= MIN_SPACED_RUN {
            spaced[run_start..i].fill(true);
        }
        run_start = i + 1;
    }
}

/// Splits the items into words: runs of letters and digits, with apostrophes kept inside a
/// word and `@ $ !` kept where they stand for letters (into `ranges`).
fn word_ranges(items: &[Item], ranges: &mut Vec<Range<usize>>) {
    let kind_at = |i: usize| items.get(i).map(|it| it.kind);
    let alnum = |k: Option<Kind>| matches!(k, Some(Kind::Letter | Kind::Digit));
    let in_word = |i: usize| match items[i].kind {
        Kind::Letter | Kind::Digit => true,
        Kind::Joiner => i > 0 && alnum(kind_at(i - 1)) && alnum(kind_at(i + 1)),
        Kind::Symbol => {
            let before = i > 0 && kind_at(i - 1) == Some(Kind::Letter);
            let after = kind_at(i + 1) == Some(Kind::Letter);
            if items[i].ch == '!' {
                before && after
            } else {
                before || after
            }
        }
        Kind::Separator => false,
    };
    ranges.clear();
    // Where the current run of word items started (or will start).
    let mut start = 0;
    for i in 0..items.len() {
        if !in_word(i) {
            if start < i {
                ranges.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < items.len() {
        ranges.push(start..items.len());
    }
}

/// Whether a word is plain: ASCII letters only (so Latin, with no look-alike, leetspeak or
/// transliteration) and no digraph to fold, the most common word, which
/// [`Normalized::push_plain_word`] folds in one pass.
fn is_plain_word(word: &[Item]) -> bool {
    word.iter().all(|it| it.ch.is_ascii_lowercase() && has_no_digraph(it.ch))
}

/// Resolves look-alikes and leetspeak for one word and transliterates it into pieces
/// (`suffix` is a working buffer).
fn fold_into_pieces(word: &[Item], pieces: &mut Vec<Piece>, suffix: &mut Vec<Piece>) {
    pieces.clear();
    if word.iter().all(|it| it.kind == Kind::Letter && it.ch.is_ascii()) {
        // The most common word, ASCII letters only, is Latin: none of its letters is a
        // look-alike or transliterated, as `fold_any_word_into_pieces` would find.
        pieces.extend(word.iter().map(Item::piece));
    } else {
        fold_any_word_into_pieces(word, pieces, suffix);
    }
}

/// [`fold_into_pieces`] for any word (appended to `pieces`).
fn fold_any_word_into_pieces(word: &[Item], pieces: &mut Vec<Piece>, suffix: &mut Vec<Piece>) {
    let mut letters = word.iter().filter(|it| it.kind == Kind::Letter).map(|it| it.ch);
    let script = main_script(letters.clone());
    let has_letters = letters.next().is_some();
    // Digits read as letters in words with letters (`s3nd`, `la7ad`), but not in a number
    // with a unit or ordinal (`7th`, `10am`, `5km`).
    let leet = has_letters && !is_number_with_unit(word, suffix);
    for it in word {
        if it.kind == Kind::Letter && it.ch.is_ascii() && script == Script::Latin {
            // An ASCII letter in a Latin word is neither a look-alike nor transliterated.
            pieces.push(it.piece());
            continue;
        }
        let ch = match it.kind {
            Kind::Joiner => continue,
            Kind::Letter => resolve_lookalike(it.ch, script),
            Kind::Digit | Kind::Symbol if leet => leet_letter(it.ch, script).unwrap_or(it.ch),
            _ => it.ch,
        };
        match transliterate(ch) {
            // A letter that transliterates to nothing (ь, ъ) still belongs to the span.
            Some("") => {
                if let Some(last) = pieces.last_mut() {
                    last.end = it.end;
                }
            }
            Some(latin) => latin.chars().for_each(|c| pieces.push(Piece { ch: c, start: it.start, end: it.end })),
            None => pieces.push(Piece { ch, start: it.start, end: it.end }),
        }
    }
}

/// Suffixes (in skeleton form) that make digits a number rather than leetspeak: ordinals,
/// times and units in English and Russian (`7th`, `10am`, `5km`, `57й`), school classes (`7б`).
const NUMBER_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "am", "pm", "k", "m", "s", "h", "g", "kg", "km", "cm", "ml", "min", "gb", "mb", "fps", "io",
    "i", "ia", "iu", "e", "go", "mu", "om", "a", "b", "v", "sm", "r", "rub", "tg", "som",
];

/// Whether a word is digits followed by a unit or ordinal suffix, in either script (the
/// suffix is compared in skeleton form, so the answer is the same for the normalized word).
/// `suffix` is a working buffer.
fn is_number_with_unit(word: &[Item], suffix: &mut Vec<Piece>) -> bool {
    let digits = word.iter().take_while(|it| it.kind == Kind::Digit).count();
    if digits == 0 || digits == word.len() {
        return false;
    }
    suffix.clear();
    for it in &word[digits..] {
        let piece = |ch| Piece { ch, start: it.start, end: it.end };
        match transliterate(it.ch) {
            Some(latin) => suffix.extend(latin.chars().map(piece)),
            None => suffix.push(piece(it.ch)),
        }
    }
    fold_word(suffix);
    NUMBER_SUFFIXES.iter().any(|s| s.chars().eq(suffix.iter().map(|p| p.ch)))
}

#[cfg(test)]
mod tests {

    #[test]
    fn html_entities_separate_words_and_are_not_numbers() {
        assert_eq!(normalize("call me &#9733;&#9733; 5551234567").display_words(), "cal me 5551234567");
        assert_eq!(normalize("tom&amp;jerry").display_words(), "tom jeri");
        assert_eq!(normalize("a &#x2605; b").display_words(), "a b");
        assert_eq!(normalize("salt & pepper &; &#").display_words(), "salt peper");
        assert_eq!(html_entity_len("&#9733;x"), Some(7));
        assert_eq!(html_entity_len("&#"), None);
    }
    use super::*;

    /// Every word of one to three of `letters`.
    fn short_words(letters: &[char]) -> Vec<String> {
        let mut words: Vec<String> = letters.iter().map(|c| c.to_string()).collect();
        for a in letters {
            for b in letters {
                words.push(format!("{a}{b}"));
                words.extend(letters.iter().map(|c| format!("{a}{b}{c}")));
            }
        }
        words
    }

    #[test]
    fn words_of_ascii_letters_fold_into_pieces_as_any_word_does() {
        let mut words = short_words(&('a'..='z').collect::<Vec<_>>());
        words.extend(["shch", "zhghkh", "yyqxw", "letmeseeyourpics"].map(String::from));
        let (mut items, mut fast, mut general, mut suffix) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for word in words {
            fold_chars(&word, &mut items);
            fold_into_pieces(&items, &mut fast, &mut suffix);
            general.clear();
            fold_any_word_into_pieces(&items, &mut general, &mut suffix);
            assert_eq!(fast, general, "{word}");
        }
    }

    /// [`fold_chars`] character by character, as `char_indices` gives them: the reference
    /// its byte-by-byte loop over ASCII must match.
    fn fold_chars_by_char(input: &str) -> Vec<(char, Kind, u32, u32)> {
        let mut items = Vec::new();
        let mut skip_until = 0;
        for (at, c) in input.char_indices() {
            if at < skip_until {
                continue;
            }
            let (mut c, mut end) = (c, at + c.len_utf8());
            if let Some(len) = html_entity_len(&input[at..]).filter(|_| c == '&') {
                (c, end, skip_until) = (' ', at + len, at + len);
            }
            fold_char(c, &mut |ch, kind| items.push((ch, kind, at as u32, end as u32)));
        }
        items
    }

    /// Texts made of every pair of the given pieces, and every piece between letters.
    fn pairs_of(pieces: &[String]) -> impl Iterator<Item = String> + '_ {
        let pairs = pieces.iter().flat_map(move |a| pieces.iter().map(move |b| format!("{a}{b}")));
        pairs.chain(pieces.iter().map(|p| format!("s{p}e{p}n{p}d {p}")))
    }

    /// ASCII characters, letters of other scripts, character references and marks.
    fn text_pieces() -> Vec<String> {
        let mut pieces: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        let others = [
            "ж", "Й", "ё", "қ", "Ә", "ў", "ك", "أ", "ة", "٣", "&amp;", "&#9733;", "&#x2605;", "&#", "&;", "&lt", "s e n d",
            "7th", "\u{200B}", "\u{0301}", "ＳＥ", "ﬁ", "\u{FDFA}", "🙂", "ʻ", "№", "ß", "İ",
        ];
        pieces.extend(others.map(String::from));
        pieces
    }

    #[test]
    fn folding_ascii_byte_by_byte_folds_as_character_by_character() {
        let pieces = text_pieces();
        let mut items = Vec::new();
        for text in pairs_of(&pieces) {
            fold_chars(&text, &mut items);
            let folded: Vec<_> = items.iter().map(|it| (it.ch, it.kind, it.start, it.end)).collect();
            assert_eq!(folded, fold_chars_by_char(&text), "{text:?}");
        }
    }

    #[test]
    fn plain_words_fold_in_one_pass_as_any_word_does() {
        let mut words = short_words(&('a'..='z').filter(|&c| has_no_digraph(c)).collect::<Vec<_>>());
        // Letters folded from other characters: fullwidth, styled, a ligature of two letters.
        words.extend(["uglyyyy", "wvwvvv", "qqkkq", "ﬁﬁi", "ＳＥＮＤ", "ｙｉyi", "𝐬𝐞𝐧𝐝", "letmeseeyourpics"].map(String::from));
        let (mut items, mut pieces, mut suffix) = (Vec::new(), Vec::new(), Vec::new());
        for word in words {
            fold_chars(&word, &mut items);
            assert!(is_plain_word(&items), "{word}");
            let mut plain = normalize("ok");
            let mut general = plain.clone();
            plain.push_plain_word(&items, 1);
            fold_into_pieces(&items, &mut pieces, &mut suffix);
            fold_word(&mut pieces);
            general.push_word(&pieces, 1, false);
            assert_eq!(plain.as_str(), general.as_str(), "{word}");
            assert_eq!(plain.units(), general.units(), "{word}");
        }
        for word in ["hi", "x", "a1", "ж", "o'k", "Ж", "a@"] {
            fold_chars(word, &mut items);
            assert!(!is_plain_word(&items), "{word}");
        }
    }

    #[test]
    fn maps_back_to_the_original() {
        let text = "Привет, s e n d!";
        let n = normalize(text);
        assert_eq!(n.display_words(), "privet s e n d");
        let at = n.as_str().find("send").unwrap();
        let span = n.original_span(n.unit_range(at..at + 4));
        assert_eq!(&text[span], "s e n d");
    }

    #[test]
    fn word_flags() {
        let n = normalize("ab c");
        let flags: Vec<(bool, bool, u32)> = n.units().iter().map(|u| (u.starts_word, u.ends_word, u.word)).collect();
        assert_eq!(flags, [(true, false, 0), (false, true, 0), (true, true, 1)]);
        assert_eq!(n.word_count(), 2);
    }

    #[test]
    fn spaced_letters_count_as_one_word() {
        let n = normalize("ok s e n d ш м pic u r");
        let words: Vec<u32> = n.units().iter().map(|u| u.word).collect();
        assert_eq!(words, [0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4]);
        assert!(n.units()[2..9].iter().all(|u| u.spaced));
    }

    #[test]
    fn soft_sign_stays_in_the_span() {
        let text = "ты мразь";
        let n = normalize(text);
        assert_eq!(n.original_span(0..n.units().len()), 0..text.len());
    }

    #[test]
    fn empty_and_invisible_only() {
        assert!(normalize("").is_empty());
        assert!(normalize("\u{200B}\u{200B} ... 🙂").is_empty());
    }
}
