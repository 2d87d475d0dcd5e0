//! The recipe for folding one character through the Unicode tables of `unicode-normalization`:
//! invisible characters dropped, compatibility forms (fullwidth, styled, ligatures) decomposed,
//! combining marks removed, case folded, and the letter variants that must fold alike (Arabic
//! alef forms, dotless i, ...) unified. The compatibility forms of East Asian letters stay as
//! they are: no rule is written in those scripts, and they are letters either way.
//!
//! It does not run in the library: build.rs runs it for every code point and writes what it
//! gives into the compact fold table that `fold_table` reads, and the tests of `chars` check
//! that table against it for every code point. This file is the one place the recipe is
//! written (build.rs includes it with `#[path]`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds the character `c` and calls `emit` for each resulting character (none for invisible
/// characters and combining marks).
pub(crate) fn fold(c: char, emit: &mut impl FnMut(char)) {
    if is_invisible(c) {
        return;
    }
    if is_joiner(c) {
        emit('\'');
        return;
    }
    if is_east_asian_compatibility_letter(c) {
        emit(c);
        return;
    }
    if let Some(replacement) = before_decomposition(c) {
        replacement.chars().for_each(emit);
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
            emit(after_decomposition(lower));
        }
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

/// Letters of Han, Hangul and Katakana whose decomposition gives letters of the same script:
/// CJK compatibility ideographs, Hangul syllables and compatibility jamo, halfwidth Katakana
/// and Hangul. Folding them would change no word boundary and no match of tumar's languages,
/// and their tables were a quarter of the fold table.
fn is_east_asian_compatibility_letter(c: char) -> bool {
    matches!(c,
        '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' | '\u{AC00}'..='\u{D7A3}'
        | '\u{3131}'..='\u{318E}' | '\u{FF66}'..='\u{FF9D}' | '\u{FFA1}'..='\u{FFDC}')
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
