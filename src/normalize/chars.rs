//! Folding of single characters: invisible characters dropped, compatibility forms
//! (fullwidth, styled, ligatures) decomposed, combining marks removed, case folded, and the
//! letter variants that must fold alike (Arabic alef forms, dotless i, ...) unified. The recipe
//! is in `fold_recipe.rs`; the library folds by the table build.rs makes from it.

#[cfg(test)]
#[path = "fold_recipe.rs"]
mod fold_recipe;
#[path = "fold_table.rs"]
mod fold_table;

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
        let (c, kind) = fold_ascii(c as u8);
        emit(c, kind);
    } else if let Some(letter) = fold_common_letter(c) {
        emit(letter, Kind::Letter);
    } else if !is_common_ignorable(c) {
        fold_any_char(c, emit);
    }
}

/// [`fold_char`] of the ASCII character `b`, which always folds to one character.
#[inline]
pub(crate) fn fold_ascii(b: u8) -> (char, Kind) {
    let (folded, kind) = ASCII_FOLDS[usize::from(b & 0x7F)];
    (char::from(folded), kind)
}

/// What each ASCII character folds to, and the kind of what it folds to, by byte.
const ASCII_FOLDS: [(u8, Kind); 128] = {
    let mut folds = [(0, Kind::Separator); 128];
    let mut b = 0;
    while b < 128 {
        let folded = (b as u8).to_ascii_lowercase();
        folds[b] = (folded, classify_ascii(folded));
        b += 1;
    }
    folds
};

/// The fast path of [`fold_char`] for the letters most chat text is written in: the Cyrillic
/// alphabets of Russian and Kazakh and the common Arabic letters, folded here without Unicode
/// table lookups. `None` for any other character.
#[inline]
fn fold_common_letter(c: char) -> Option<char> {
    match c {
        // `й` and `ё` decompose to `и` and `е` with a mark.
        'й' | 'Й' => Some('и'),
        'ё' | 'Ё' => Some('е'),
        'а'..='я' | 'і' | 'ғ' | 'қ' | 'ң' | 'ү' | 'ұ' | 'һ' | 'ә' | 'ө' => Some(c),
        'А'..='Я' => char::from_u32(c as u32 + ('а' as u32 - 'А' as u32)),
        'Ғ' | 'Қ' | 'Ң' | 'Ү' | 'Ұ' | 'Һ' | 'Ә' | 'Ө' => char::from_u32(c as u32 + 1),
        'І' => Some('і'),
        '\u{0621}' | '\u{0627}'..='\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}' => Some(c),
        // Alef with hamza or madda, ta marbuta, alef maksura, yeh and waw with hamza.
        'أ' | 'إ' | 'آ' => Some('ا'),
        'ة' => Some('ه'),
        'ى' | 'ئ' => Some('ي'),
        'ؤ' => Some('و'),
        _ => None,
    }
}

/// Whether `c` is one of the characters typed (or pasted by the thousand) to split words or
/// stack on letters: zero-width spaces and joiners, direction marks and controls, word joiners,
/// the soft hyphen, variation selectors, the byte order mark and the basic combining marks
/// (but U+0345, which case-folds to iota). They fold to nothing, as the table has it; found
/// here without the table's binary search.
fn is_common_ignorable(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{0344}' | '\u{0346}'..='\u{036F}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// [`fold_char`] for any character, through the fold table.
fn fold_any_char(c: char, emit: &mut impl FnMut(char, Kind)) {
    fold_table::fold(c, &mut |folded| emit(folded, classify(folded)));
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

/// What the folded character `c` does in a word.
#[inline]
fn classify(c: char) -> Kind {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => classify_ascii(b),
        _ if c.is_alphabetic() => Kind::Letter,
        _ => Kind::Separator,
    }
}

/// [`classify`] for the ASCII character `b`.
const fn classify_ascii(b: u8) -> Kind {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Kind::Letter,
        b'0'..=b'9' => Kind::Digit,
        b'@' | b'$' | b'!' => Kind::Symbol,
        b'\'' | b'`' => Kind::Joiner,
        _ => Kind::Separator,
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
    fn east_asian_compatibility_letters_stay_letters_of_their_own() {
        assert_eq!(fold("한국 ｶﾀｶﾅ 豈"), "한국 ｶﾀｶﾅ 豈");
        assert!("한ｶ豈".chars().all(|c| classify(c) == Kind::Letter));
        // Symbols still decompose, as all others do.
        assert_eq!(fold("㈜⒜"), "(\u{110C}\u{116E})(a)");
    }

    #[test]
    fn the_fast_path_folds_cyrillic_and_arabic_letters() {
        assert_eq!(fold("АБВ Ёж Йй بة ى"), "абв еж ии به ي");
        assert_eq!(fold("ҚАЗАҚ Әңгіме Іс Һ ҰҮӨҒ"), "қазақ әңгіме іс һ ұүөғ");
        assert_eq!(fold("أإآ ئؤ"), "ااا يو");
    }

    #[test]
    fn folding_by_the_fast_paths_and_by_the_table_is_the_recipe_for_every_character() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let (mut by_fold, mut by_table, mut by_recipe) = (Vec::new(), Vec::new(), Vec::new());
            fold_char(c, &mut |f, kind| by_fold.push((f, kind)));
            fold_any_char(c, &mut |f, kind| by_table.push((f, kind)));
            fold_recipe::fold(c, &mut |f| by_recipe.push((f, classify(f))));
            assert_eq!(by_fold, by_recipe, "{c:?}");
            assert_eq!(by_table, by_recipe, "{c:?} by the table");
        }
    }

    #[test]
    fn classifies() {
        let mut kinds = Vec::new();
        "a1@ ʻ.".chars().for_each(|c| fold_char(c, &mut |_, k| kinds.push(k)));
        assert_eq!(kinds, [Kind::Letter, Kind::Digit, Kind::Symbol, Kind::Separator, Kind::Joiner, Kind::Separator]);
    }
}
