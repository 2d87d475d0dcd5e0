//! Script-aware folding inside one word: look-alike letters resolved to the word's main
//! script, leetspeak digits and symbols read as letters, and Cyrillic transliterated into
//! the Latin skeleton so that a word typed in either script folds to the same letters.

/// The script a word is mostly written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Latin letters (and anything that is neither Latin nor Cyrillic).
    Latin,
    /// Cyrillic letters.
    Cyrillic,
}

/// A Cyrillic letter the skeleton transliterates (archaic letters such as `ѡ` pass through
/// unchanged and count as neither script, so that a word folds the same the second time).
fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}') && transliterate(c).is_some()
}

fn is_latin(c: char) -> bool {
    c.is_ascii_lowercase() || matches!(c, '\u{00C0}'..='\u{024F}')
}

/// The main script of a word's letters. Letters without a look-alike in the other script
/// decide first (`cкинь`: `и` and `ь` are plainly Cyrillic); if they tie, all letters count;
/// a full tie is Cyrillic (`нe`), where look-alike swapping is the usual evasion.
///
/// Only a word with letters of both scripts needs counting: without Cyrillic letters a word
/// is Latin, and with Cyrillic letters but no Latin ones it is Cyrillic.
pub(crate) fn main_script(letters: impl Iterator<Item = char> + Clone) -> Script {
    let (mut cyrillic, mut latin) = (false, false);
    for c in letters.clone() {
        if is_latin(c) {
            latin = true;
        } else if !cyrillic {
            cyrillic = is_cyrillic(c);
        }
        if cyrillic && latin {
            return majority_script(letters);
        }
    }
    if cyrillic {
        Script::Cyrillic
    } else {
        Script::Latin
    }
}

/// [`main_script`] by counting the letters of either script.
fn majority_script(letters: impl Iterator<Item = char>) -> Script {
    let (mut cyrillic, mut latin, mut plain_cyrillic, mut plain_latin) = (0usize, 0usize, 0usize, 0usize);
    for c in letters {
        if is_cyrillic(c) {
            cyrillic += 1;
            plain_cyrillic += usize::from(resolve_lookalike(c, Script::Latin) == c);
        } else if is_latin(c) {
            latin += 1;
            plain_latin += usize::from(resolve_lookalike(c, Script::Cyrillic) == c);
        }
    }
    let cyrillic_wins = if plain_cyrillic != plain_latin {
        plain_cyrillic > plain_latin
    } else {
        cyrillic > 0 && cyrillic >= latin
    };
    if cyrillic_wins {
        Script::Cyrillic
    } else {
        Script::Latin
    }
}

/// Replaces a letter that only looks like a letter of `script` with that letter
/// (`c` in a Cyrillic word becomes `с`; Cyrillic `р` in a Latin word becomes `p`).
pub(crate) fn resolve_lookalike(c: char, script: Script) -> char {
    match script {
        // Greek look-alikes resolve in Cyrillic words too, to the same letters as in Latin
        // ones after transliteration, so that a folded word folds to itself again.
        Script::Cyrillic => match c {
            'a' | 'α' => 'а',
            'b' | 'β' => 'в',
            'c' | 'ϲ' => 'с',
            'e' | 'ε' => 'е',
            'h' | 'η' => 'н',
            'ι' => 'і',
            'k' | 'κ' => 'к',
            'm' => 'м',
            'o' | 'ο' => 'о',
            'p' | 'ρ' => 'р',
            't' | 'τ' => 'т',
            'ν' => 'в',
            'υ' => 'у',
            'x' | 'χ' => 'х',
            'y' => 'у',
            _ => c,
        },
        Script::Latin => match c {
            'а' | 'α' => 'a',
            'в' | 'β' => 'b',
            'с' | 'ϲ' => 'c',
            'ԁ' => 'd',
            'е' | 'ε' => 'e',
            'н' | 'η' => 'h',
            'і' | 'ι' => 'i',
            'ј' => 'j',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'ν' => 'v',
            'о' | 'ο' => 'o',
            'р' | 'ρ' => 'p',
            'ԛ' => 'q',
            'ѕ' => 's',
            'т' | 'τ' => 't',
            'υ' => 'u',
            'ԝ' => 'w',
            'х' | 'χ' => 'x',
            'у' | 'ү' => 'y',
            _ => c,
        },
    }
}

/// The letter a leetspeak digit or symbol stands for in a word of `script`, if any.
/// Cyrillic words use Cyrillic readings (`3` is `з`, `4` is `ч`) and fall back to the Latin ones.
pub(crate) fn leet_letter(c: char, script: Script) -> Option<char> {
    match script {
        Script::Latin => match c {
            '0' => Some('o'),
            '1' | '!' => Some('i'),
            '3' => Some('e'),
            '4' | '@' => Some('a'),
            '5' | '$' => Some('s'),
            '7' => Some('t'),
            '8' => Some('b'),
            '9' => Some('g'),
            _ => None,
        },
        Script::Cyrillic => match c {
            '0' => Some('о'),
            '3' => Some('з'),
            '4' => Some('ч'),
            '6' => Some('б'),
            '8' => Some('в'),
            '@' => Some('а'),
            '$' => Some('с'),
            '!' => Some('и'),
            _ => leet_letter(c, Script::Latin),
        },
    }
}

/// The Latin-skeleton spelling of a Cyrillic letter (Russian, Kazakh, Uzbek, Kyrgyz,
/// Tajik, Ukrainian and Serbian letters). Other characters map to themselves (`None`).
pub(crate) fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' | 'ґ' => "g",
        'д' | 'ђ' => "d",
        'е' | 'э' | 'є' => "e",
        'ж' | 'ҷ' | 'ј' => "j",
        'з' => "z",
        'и' | 'й' | 'і' | 'ы' | 'ї' => "i",
        'к' | 'қ' => "k",
        'л' | 'љ' => "l",
        'м' => "m",
        'н' | 'њ' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' | 'ѕ' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' | 'һ' | 'ҳ' => "h",
        'ц' => "ts",
        'ч' | 'ћ' => "ch",
        'ш' | 'щ' => "sh",
        'ъ' | 'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        'џ' => "dj",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_script_is_the_majority() {
        assert_eq!(main_script("cкинь".chars()), Script::Cyrillic);
        assert_eq!(main_script("sеnd".chars()), Script::Latin);
        assert_eq!(main_script("рiсture".chars()), Script::Latin);
        assert_eq!(main_script("مرحبا".chars()), Script::Latin);
    }

    #[test]
    fn a_word_of_one_script_is_that_script_as_counting_says() {
        let letters: Vec<char> = "aceopxyhkmtbwqz\u{e9}\u{11f}асеорхункмтвжиьіјѕәαοω\u{0628}".chars().collect();
        let mut words: Vec<Vec<char>> = letters.iter().map(|&c| vec![c]).collect();
        for &a in &letters {
            for &b in &letters {
                words.push(vec![a, b]);
                words.extend(letters.iter().map(|&c| vec![a, b, c]));
            }
        }
        for word in words {
            let script = main_script(word.iter().copied());
            assert_eq!(script, majority_script(word.iter().copied()), "{word:?}");
        }
    }

    #[test]
    fn lookalikes_follow_the_word() {
        assert_eq!(resolve_lookalike('c', Script::Cyrillic), 'с');
        assert_eq!(resolve_lookalike('р', Script::Latin), 'p');
        assert_eq!(resolve_lookalike('ж', Script::Latin), 'ж');
    }

    #[test]
    fn every_russian_letter_transliterates() {
        for c in "абвгдежзийклмнопрстуфхцчшщъыьэюя".chars() {
            assert!(transliterate(c).is_some(), "{c}");
        }
        for c in "әғқңөұүһі".chars() {
            assert!(transliterate(c).is_some(), "{c}");
        }
    }
}
