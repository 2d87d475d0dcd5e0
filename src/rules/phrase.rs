//! Wildcard syntax of phrases: `word`, `prefix*`, `*suffix`, `*anywhere*`.

use super::model::MatchMode;

/// Splits a written phrase into its text and match mode.
/// Errors name what is wrong: a `*` inside the phrase, or nothing but wildcards.
pub fn parse_wildcards(written: &str) -> Result<(&str, MatchMode), String> {
    let trimmed = written.trim();
    let (rest, leading) = match trimmed.strip_prefix('*') {
        Some(rest) => (rest, true),
        None => (trimmed, false),
    };
    let (core, trailing) = match rest.strip_suffix('*') {
        Some(core) => (core, true),
        None => (rest, false),
    };
    if core.contains('*') {
        return Err("`*` may only stand at the start or the end of a phrase".to_string());
    }
    if core.trim().is_empty() {
        return Err("the phrase is empty".to_string());
    }
    let mode = match (leading, trailing) {
        (false, false) => MatchMode::Word,
        (false, true) => MatchMode::Prefix,
        (true, false) => MatchMode::Suffix,
        (true, true) => MatchMode::Anywhere,
    };
    Ok((core.trim(), mode))
}

/// Splits a phrase with wildcards at word edges inside it (`взросл* для своего возраста`)
/// into segments that must follow each other word by word. Returns `None` for a phrase
/// without inner wildcards. Each segment keeps its own outer wildcards.
pub fn split_sequence(written: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = written.split_whitespace().collect();
    let inner_wildcard = words.windows(2).any(|pair| pair[0].ends_with('*') || pair[1].starts_with('*'));
    if !inner_wildcard {
        return None;
    }
    let mut segments: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let joins_previous = i > 0 && !words[i - 1].ends_with('*') && !word.starts_with('*');
        match segments.last_mut() {
            Some(segment) if joins_previous => {
                segment.push(' ');
                segment.push_str(word);
            }
            _ => segments.push(word.to_string()),
        }
    }
    Some(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences() {
        assert_eq!(split_sequence("send nudes*"), None);
        assert_eq!(
            split_sequence("взросл* для своего возраста"),
            Some(vec!["взросл*".to_string(), "для своего возраста".to_string()])
        );
        assert_eq!(
            split_sequence("я единственн* кто *понимает"),
            Some(vec!["я единственн*".to_string(), "кто".to_string(), "*понимает".to_string()])
        );
    }

    #[test]
    fn modes() {
        assert_eq!(parse_wildcards("send nudes"), Ok(("send nudes", MatchMode::Word)));
        assert_eq!(parse_wildcards("nude*"), Ok(("nude", MatchMode::Prefix)));
        assert_eq!(parse_wildcards("*ложь"), Ok(("ложь", MatchMode::Suffix)));
        assert_eq!(parse_wildcards(" *нюд* "), Ok(("нюд", MatchMode::Anywhere)));
    }

    #[test]
    fn errors() {
        assert!(parse_wildcards("se*nd").is_err());
        assert!(parse_wildcards("**").is_err());
        assert!(parse_wildcards("").is_err());
    }
}
