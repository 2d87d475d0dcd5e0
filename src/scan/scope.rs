//! Script scopes: a rule with `scripts = ["latin"]` fires only on words written mostly in
//! Latin letters, so English `kms` stays silent on the Cyrillic sports rank `КМС`.

use crate::vocab::Script;

/// The script most letters of `text` are written in, if it has letters of a known script.
pub(crate) fn main_script(text: &str) -> Option<Script> {
    let mut counts = [0usize; 3];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let script = match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
            '\u{0400}'..='\u{052F}' => Script::Cyrillic,
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
                Script::Arabic
            }
            _ => continue,
        };
        counts[script as usize] += 1;
    }
    let (index, &most) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (most > 0).then(|| Script::ALL[index])
}

/// Whether a hit over `text` (the original words) is in scope for `scripts` (empty: any).
/// Text without letters of a known script (digits, emoji) is in every scope.
pub(crate) fn script_admits(scripts: &[Script], text: &str) -> bool {
    scripts.is_empty() || main_script(text).is_none_or(|s| scripts.contains(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_of_letters() {
        assert_eq!(main_script("kms"), Some(Script::Latin));
        assert_eq!(main_script("КМС"), Some(Script::Cyrillic));
        assert_eq!(main_script("يا غبي"), Some(Script::Arabic));
        assert_eq!(main_script("Кms"), Some(Script::Latin));
        assert_eq!(main_script("123 🙂"), None);
    }

    #[test]
    fn scopes() {
        assert!(script_admits(&[], "КМС"));
        assert!(!script_admits(&[Script::Latin], "КМС"));
        assert!(script_admits(&[Script::Latin], "kms"));
        assert!(script_admits(&[Script::Latin], "123"));
    }
}
