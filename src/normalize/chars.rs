//! Folding of single characters: invisible characters dropped, compatibility forms
//! (fullwidth, styled, ligatures) decomposed, combining marks removed, case folded, and the
//! letter variants that must fold alike (Arabic alef forms, dotless i, ...) unified.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// What a folded character does in a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A letter of any script.
    Letter,
    /// An ASCII digit.
    Digit,
    /// `@`, `$` or `!`: a leetspeak letter when it stands next to letters.
    Symbol,
    /// An apostrophe-like mark: dropped inside a word without splitting it (`o'zingni`).
    Joiner,
    /// Anything that separates words: spaces, punctuation, emoji, other symbols.
    Separator,
}

/// Folds the character `c` and calls `emit` for each resulting character with its kind.
/// Invisible characters (zero-width, bidi controls, variation selectors, tatweel, ...) and
/// combining marks emit nothing.
pub(crate) fn fold_char(c: char, emit: &mut impl FnMut(char, Kind)) {
    if c.is_ascii() {
        let c = c.to_ascii_lowercase();
        emit(c, classify(c));
    } else if let Some(letter) = fold_common_letter(c) {
        emit(letter, Kind::Letter);
    } else {
        fold_any_char(c, emit);
    }
}

/// The fast path of [`fold_char`] for the letters most chat text is written in: the basic
/// Cyrillic alphabet and the Arabic letters that neither decompose nor have a variant fold to
/// one letter, found here without Unicode table lookups. `None` for any other character.
fn fold_common_letter(c: char) -> Option<char> {
    match c {
        // `й` decomposes to `и` and a breve.
        'а'..='я' if c != 'й' => Some(c),
        'А'..='Я' if c != 'Й' => char::from_u32(c as u32 + ('а' as u32 - 'А' as u32)),
        '\u{0621}' | '\u{0627}'..='\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}' => Some(c),
        _ => None,
    }
}

/// [`fold_char`] for any character, through the Unicode tables.
fn fold_any_char(c: char, emit: &mut impl FnMut(char, Kind)) {
    if is_invisible(c) {
        return;
    }
    if is_joiner(c) {
        emit('\'', Kind::Joiner);
        return;
    }
    if let Some(replacement) = before_decomposition(c) {
        replacement.chars().for_each(|r| emit(r, classify(r)));
        return;
    }
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) || is_invisible(d) {
            continue;
        }
        for lower in d.to_lowercase() {
            if is_combining_mark(lower) {
                continue;
            }
            let folded = after_decomposition(lower);
            emit(folded, classify(folded));
        }
    }
}

/// How many bytes folding `c` gives: what the matcher sees of it (0 for invisible characters
/// and marks, 33 for U+FDFA, which folds to four words).
pub(crate) fn folded_len(c: char) -> usize {
    if c.is_ascii() {
        return 1;
    }
    let mut len = 0;
    fold_char(c, &mut |folded, _| len += folded.len_utf8());
    len
}

fn classify(c: char) -> Kind {
    match c {
        '0'..='9' => Kind::Digit,
        '@' | '$' | '!' => Kind::Symbol,
        '\'' | '`' => Kind::Joiner,
        c if c.is_alphabetic() => Kind::Letter,
        _ => Kind::Separator,
    }
}

/// Characters that render as nothing and are used to split words invisibly.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{0640}' | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Apostrophe look-alikes used inside words (Uzbek `oʻ`, `gʻ`; Russian soft-sign `'`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{02BB}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' | '\u{2032}' | '\u{02C8}')
}

/// Letters whose canonical decomposition would fold them wrongly, mapped before it.
fn before_decomposition(c: char) -> Option<&'static str> {
    Some(match c {
        // Uzbek Cyrillic ў is Latin oʻ, not у with a breve.
        'ў' | 'Ў' => "o",
        // Kazakh 2021 Latin and Turkish-style letters for ш, ч, ң (ң folds to n: informal
        // Latin types it as n, and Latin ng must stay apart for Uzbek -ng "your").
        'ş' | 'Ş' => "sh",
        'ç' | 'Ç' => "ch",
        'ñ' | 'Ñ' => "n",
        'ß' | 'ẞ' => "ss",
        // The numero sign separates (`№12`), it is not the letters "No".
        '№' => " ",
        _ => return None,
    })
}

/// Variants that must fold alike once decomposed and lowercased.
fn after_decomposition(c: char) -> char {
    match c {
        'ı' => 'i',
        // Arabic letter variants: alef wasla, alef maksura, ta marbuta, Persian kaf and yeh.
        'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        // Arabic-Indic and Eastern Arabic-Indic digits.
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| fold_char(c, &mut |f, _| out.push(f)));
        out
    }

    #[test]
    fn folds_compatibility_case_and_marks() {
        assert_eq!(fold("ＳＥＮＤ 𝐬𝐞𝐧𝐝 Ⓢ ﬁ"), "send send s fi");
        assert_eq!(fold("İSTANBUL ıslak"), "istanbul islak");
        assert_eq!(fold("ё й"), "е и");
        assert_eq!(fold("ўзинг Ўзбек"), "oзинг oзбек");
    }

    #[test]
    fn drops_invisible_characters() {
        assert_eq!(fold("s\u{200B}e\u{200D}n\u{FE0F}d\u{202E}"), "send");
        assert_eq!(fold("هـــذا"), "هذا");
    }

    #[test]
    fn folds_arabic_variants_and_digits() {
        assert_eq!(fold("أإآٱا"), "ااااا");
        assert_eq!(fold("مدرسة على"), "مدرسه علي");
        assert_eq!(fold("مُحَمَّد"), "محمد");
        assert_eq!(fold("٠١٢٣٤٥٦٧٨٩ ۷"), "0123456789 7");
        assert_eq!(fold("ؤ ئ"), "و ي");
    }

    #[test]
    fn the_fast_path_folds_as_the_tables_do() {
        for c in (0x80..0x800).filter_map(char::from_u32) {
            if let Some(letter) = fold_common_letter(c) {
                let mut folded = Vec::new();
                fold_any_char(c, &mut |f, kind| folded.push((f, kind)));
                assert_eq!(folded, [(letter, Kind::Letter)], "{c:?}");
            }
        }
        assert_eq!(fold("АБВ Ёж Йй بة ى"), "абв еж ии به ي");
    }

    #[test]
    fn classifies() {
        let mut kinds = Vec::new();
        "a1@ ʻ.".chars().for_each(|c| fold_char(c, &mut |_, k| kinds.push(k)));
        assert_eq!(kinds, [Kind::Letter, Kind::Digit, Kind::Symbol, Kind::Separator, Kind::Joiner, Kind::Separator]);
    }
}
