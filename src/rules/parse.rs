//! One rule file or overlay file (TOML text) to rules, reporting every problem with its place.

use super::model::{is_kebab_case, Near, Pattern, Phrase, Rule, RuleTests, Scope, TestLine, WordList};
use super::overlay::{Overlay, OverlayEntry};
use super::pattern::parse_pattern;
use super::risk::RiskModel;
use super::risk_file::read_model;
use super::toml_reader::{FileReader, Keys, Value};
use crate::error::{excerpt, Diagnostic};
use crate::vocab::{Category, Direction, Script, Severity, Stage, Validator};
use toml::de::DeTable;
use toml::Spanned;

/// The only rule-file format version this build reads.
pub const FORMAT_VERSION: i64 = 2;

/// Longest regex source accepted, in characters.
pub const MAX_REGEX_CHARS: usize = 200;

/// Largest `within` of a `near` clause, in words.
pub const MAX_NEAR_WITHIN: i64 = 20;

const HEADER_KEYS: &[&str] = &["format", "kind", "language", "category", "scripts", "languages"];
const RULE_KEYS: &[&str] = &[
    "id", "category", "stage", "severity", "direction", "note", "scripts", "languages", "phrases", "regex", "validate", "near",
    "allow", "match", "no_match", "todo_match", "todo_no_match",
];
const NEAR_KEYS: &[&str] = &["terms", "within", "ordered"];
const OVERLAY_RULE_KEYS: &[&str] = &["enabled", "severity", "allow"];

/// What a file turned out to hold.
pub(crate) enum Parsed {
    /// A rule file.
    Rules(Vec<Rule>),
    /// An overlay file.
    Overlay(Overlay),
    /// A file of shared word lists.
    Lists(Vec<WordList>),
    /// The conversation risk model.
    Conversation(RiskModel),
}

/// Parses one file. Problems go to `reader.diagnostics`; what could be read is returned.
pub(crate) fn parse_file(reader: &mut FileReader<'_>) -> Option<Parsed> {
    let root = match DeTable::parse(reader.text) {
        Ok(root) => root,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            reader.error("E101", format!("TOML syntax error: {message}"), span, None);
            return None;
        }
    };
    let mut keys = Keys::new(root.get_ref());
    let Some(header_value) = keys.take("tumar") else {
        reader.error("E102", "missing the `[tumar]` header (format, language, category)", 0..0, None);
        return None;
    };
    let header = read_header(reader, header_value)?;
    if let Header::Conversation = header {
        return Some(Parsed::Conversation(read_model(reader, keys, header_value.span())));
    }
    if let Header::Lists { language } = header {
        let lists_value = keys.take("lists");
        keys.finish(reader, &["tumar", "lists"], None);
        return Some(Parsed::Lists(lists_value.map(|v| read_lists(reader, v, &language)).unwrap_or_default()));
    }
    let rules_value = keys.take("rule");
    keys.finish(reader, &["tumar", "rule"], None);
    match header {
        Header::Overlay => Some(Parsed::Overlay(read_overlay(reader, rules_value))),
        Header::Rules { language, category, scope } => {
            let mut rules = Vec::new();
            if let Some(value) = rules_value {
                for item in reader.array("rule", value, None).unwrap_or(&[]) {
                    if let Some(rule) = read_rule(reader, item, &language, category, &scope) {
                        rules.push(rule);
                    }
                }
            }
            Some(Parsed::Rules(rules))
        }
        Header::Lists { .. } | Header::Conversation => None,
    }
}

enum Header {
    Rules { language: String, category: Category, scope: Scope },
    Lists { language: String },
    Overlay,
    Conversation,
}

/// `[lists]`: list names to arrays of patterns.
fn read_lists(reader: &mut FileReader<'_>, value: &Value<'_>, language: &str) -> Vec<WordList> {
    let Some(table) = reader.table("lists", value, None) else { return Vec::new() };
    let mut out = Vec::new();
    for (name, entries) in table.iter() {
        let location = reader.locate(name.span());
        let name: &str = name.get_ref();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            let d = Diagnostic::error("E122", format!("`{name}` is not a list name"), location)
                .with_help("list names are lowercase letters, digits and `_`: `parents`, `send_pic`");
            reader.push(d);
            continue;
        }
        let entries = read_phrases(reader, name, entries, None);
        if !entries.is_empty() {
            out.push(WordList { name: name.to_string(), language: language.to_string(), entries, location });
        }
    }
    out
}

/// The `scripts` and `languages` keys of a table, each `None` when absent.
type ScopeKeys = (Option<Vec<Script>>, Option<Vec<String>>);

fn read_scope(reader: &mut FileReader<'_>, keys: &mut Keys<'_, '_>, rule: Option<&str>) -> ScopeKeys {
    let scripts = keys.take("scripts").map(|value| {
        let items = reader.array("scripts", value, rule).unwrap_or(&[]);
        items.iter().filter_map(|item| reader.word::<Script>("script", item, &Script::expected(), rule)).collect()
    });
    let languages = keys.take("languages").map(|value| {
        let mut tags = Vec::new();
        for tag in reader.strings("languages", value, rule) {
            if is_language_tag(tag.get_ref()) {
                tags.push(tag.into_inner());
            } else {
                reader.error("E106", format!("`{}` is not a lowercase language tag such as `ru`", tag.get_ref()), tag.span(), rule);
            }
        }
        tags
    });
    (scripts, languages)
}

/// A scope from the keys of a table, each missing key taken from `default`.
fn scope_or(keys: ScopeKeys, default: &Scope) -> Scope {
    Scope { scripts: keys.0.unwrap_or_else(|| default.scripts.clone()), languages: keys.1.unwrap_or_else(|| default.languages.clone()) }
}

fn read_header(reader: &mut FileReader<'_>, value: &Value<'_>) -> Option<Header> {
    let table = reader.table("tumar", value, None)?;
    let mut keys = Keys::new(table);
    let format = keys.take("format").and_then(|v| reader.integer("format", v, None).map(|n| (n, v.span())));
    let kind = keys.take("kind").and_then(|v| reader.string("kind", v, None));
    let language = keys.take("language").and_then(|v| reader.string("language", v, None));
    let category = keys.take("category").and_then(|v| reader.word::<Category>("category", v, &Category::expected(), None));
    let scope_keys = read_scope(reader, &mut keys, None);
    keys.finish(reader, HEADER_KEYS, None);
    let header_span = value.span();
    match format {
        None => reader.error("E103", "missing required key `format` in `[tumar]`", header_span.clone(), None),
        Some((1, span)) => {
            let d = Diagnostic::error("E102", "rule-file format 1 (fixed phrases) is no longer read", reader.locate(span)).with_help(format!(
                "format {FORMAT_VERSION} reads phrases as patterns, where `( ) [ ] | ~ @` are syntax: check phrases that hold them, then set format = {FORMAT_VERSION}"
            ));
            reader.push(d);
            return None;
        }
        Some((n, span)) if n != FORMAT_VERSION => {
            let d = Diagnostic::error("E102", format!("unsupported rule-file format {n}"), reader.locate(span))
                .with_help(format!("this build reads format = {FORMAT_VERSION}"));
            reader.push(d);
            return None;
        }
        Some(_) => {}
    }
    let is_lists = match kind.as_ref().map(|k| k.get_ref().as_str()) {
        Some("overlay") => return Some(Header::Overlay),
        Some("conversation") => return Some(Header::Conversation),
        Some("lists") => true,
        Some("rules") | None => false,
        Some(other) => {
            let d = Diagnostic::error("E106", format!("unknown kind `{other}`"), reader.locate(kind.as_ref()?.span()))
                .with_help("expected `rules` (the default), `lists`, `overlay` or `conversation`");
            reader.push(d);
            return None;
        }
    };
    let language = match language {
        Some(l) if is_language_tag(l.get_ref()) => l.into_inner(),
        Some(l) => {
            reader.error("E106", format!("`{}` is not a lowercase language tag such as `ru`", l.get_ref()), l.span(), None);
            return None;
        }
        None => {
            reader.error("E103", "missing required key `language` in `[tumar]`", header_span, None);
            return None;
        }
    };
    if is_lists {
        return Some(Header::Lists { language });
    }
    let Some(category) = category else {
        if table.get("category").is_none() {
            reader.error("E103", "missing required key `category` in `[tumar]`", header_span, None);
        }
        return None;
    };
    let scope = scope_or(scope_keys, &Scope { scripts: Vec::new(), languages: vec![language.clone()] });
    Some(Header::Rules { language, category, scope })
}

fn is_language_tag(tag: &str) -> bool {
    (2..=8).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

fn read_rule(reader: &mut FileReader<'_>, value: &Value<'_>, language: &str, default_category: Category, file_scope: &Scope) -> Option<Rule> {
    let table = reader.table("rule", value, None)?;
    let mut keys = Keys::new(table);
    let id = keys.take("id").and_then(|v| reader.string("id", v, None));
    let rule_id = id.as_ref().map(|s| s.get_ref().clone());
    let rid = rule_id.as_deref();
    if let Some(id) = &id {
        if !is_kebab_case(id.get_ref()) {
            let d = Diagnostic::error("E107", format!("rule id `{}` is not kebab-case", id.get_ref()), reader.locate(id.span()))
                .in_rule(rid)
                .with_help("use lowercase letters, digits and single dashes, e.g. `ru-grooming-secret-parents`");
            reader.push(d);
        }
    }
    let category = match keys.take("category") {
        Some(v) => reader.word::<Category>("category", v, &Category::expected(), rid),
        None => Some(default_category),
    };
    let stage = keys.take("stage").map(|v| (reader.word::<Stage>("stage", v, &Stage::expected(), rid), v.span()));
    let severity = keys.take("severity").map(|v| reader.word::<Severity>("severity", v, &Severity::expected(), rid));
    let direction = keys.take("direction").map(|v| reader.word::<Direction>("direction", v, &Direction::expected(), rid));
    keys.take("note").map(|v| reader.string("note", v, rid));
    let scope = scope_or(read_scope(reader, &mut keys, rid), file_scope);
    let phrases = keys.take("phrases").map(|v| read_phrases(reader, "phrases", v, rid)).unwrap_or_default();
    let regexes = keys.take("regex").map(|v| read_regexes(reader, v, rid)).unwrap_or_default();
    let validate = keys.take("validate").map(|v| (reader.word::<Validator>("validate", v, &Validator::expected(), rid), v.span()));
    let validate = match validate {
        Some((Some(_), span)) if table.get("regex").is_none() => {
            let d = Diagnostic::error("E127", "`validate` checks regex hits, and this rule has no `regex`", reader.locate(span))
                .in_rule(rid)
                .with_help("add the regex it checks, e.g. `regex = [\"[0-9]{13,19}\"]` with `validate = \"luhn\"`");
            reader.push(d);
            None
        }
        Some((validator, _)) => validator,
        None => None,
    };
    let near = keys.take("near").map(|v| read_near(reader, v, rid)).unwrap_or_default();
    let allow = keys.take("allow").map(|v| read_phrases(reader, "allow", v, rid)).unwrap_or_default();
    let mut tests = RuleTests::default();
    for (key, lines) in [
        ("match", &mut tests.must_match),
        ("no_match", &mut tests.must_not_match),
        ("todo_match", &mut tests.todo_match),
        ("todo_no_match", &mut tests.todo_no_match),
    ] {
        if let Some(v) = keys.take(key) {
            *lines = reader
                .strings(key, v, rid)
                .into_iter()
                .map(|s| TestLine { location: reader.locate(s.span()), text: s.into_inner() })
                .collect();
        }
    }
    keys.finish(reader, RULE_KEYS, rid);

    let span = value.span();
    for (present, key) in [(id.is_some(), "id"), (severity.is_some(), "severity"), (direction.is_some(), "direction")] {
        if !present && table.get(key).is_none() {
            reader.error("E103", format!("missing required key `{key}`"), span.clone(), rid);
        }
    }
    let nothing_written = ["phrases", "regex", "near"].iter().all(|k| table.get(*k).is_none());
    if phrases.is_empty() && regexes.is_empty() && near.is_empty() && nothing_written {
        reader.error("E110", "the rule has nothing to match: give `phrases`, `regex` or `near`", span.clone(), rid);
    } else if nothing_written_empty(table) {
        let d = Diagnostic::warning("W206", "the rule's `phrases`, `regex` and `near` are all empty, so it can never fire", reader.locate(span.clone()))
            .in_rule(rid)
            .with_help("add patterns, or disable the rule with an overlay");
        reader.push(d);
    }
    let category = category?;
    let stage = match stage {
        Some((Some(stage), stage_span)) => {
            if category != Category::Grooming {
                let d = Diagnostic::error("E109", format!("`stage` is only for grooming rules, not {category}"), reader.locate(stage_span))
                    .in_rule(rid);
                reader.push(d);
            }
            Some(stage)
        }
        Some((None, _)) => return None,
        None => None,
    };
    Some(Rule {
        id: rule_id?,
        language: language.to_string(),
        category,
        stage,
        severity: severity??,
        direction: direction??,
        enabled: true,
        scope,
        phrases,
        regexes,
        validate,
        near,
        allow,
        tests,
        location: reader.locate(span),
    })
}

fn read_phrase(reader: &mut FileReader<'_>, written: &Spanned<String>, rule: Option<&str>) -> Option<Phrase> {
    let location = reader.locate(written.span());
    match parse_pattern(written.get_ref()) {
        Ok(expr) => Some(Phrase { text: written.get_ref().clone(), expr, location }),
        Err(e) => {
            let at = location.inside(written.get_ref(), e.at);
            let d = Diagnostic::error(e.code, format!("bad pattern `{}`: {}", excerpt(written.get_ref(), 80), e.message), at).in_rule(rule).with_help(e.help);
            reader.push(d);
            None
        }
    }
}

fn read_phrases(reader: &mut FileReader<'_>, key: &str, value: &Value<'_>, rule: Option<&str>) -> Vec<Phrase> {
    let written = reader.strings(key, value, rule);
    written.iter().filter_map(|w| read_phrase(reader, w, rule)).collect()
}

fn read_regexes(reader: &mut FileReader<'_>, value: &Value<'_>, rule: Option<&str>) -> Vec<Pattern> {
    let mut out = Vec::new();
    for source in reader.strings("regex", value, rule) {
        let chars = source.get_ref().chars().count();
        if chars > MAX_REGEX_CHARS {
            let d = Diagnostic::error("E113", format!("regex is {chars} characters long"), reader.locate(source.span()))
                .in_rule(rule)
                .with_help(format!("the limit is {MAX_REGEX_CHARS}; split it into several regexes"));
            reader.push(d);
            continue;
        }
        if let Some(at) = unicode_class(source.get_ref()) {
            let d = Diagnostic::error("E114", format!("regex uses the Unicode class `{}`", excerpt(&source.get_ref()[at..], 12)), reader.locate(source.span()))
                .in_rule(rule)
                .with_help("Unicode classes (`\\p{L}`, `\\pN`) are not available in the browser build; the normalized text is Latin, Arabic and digits: write `[a-z]`, `[0-9]` or the letters");
            reader.push(d);
            continue;
        }
        out.push(Pattern { location: reader.locate(source.span()), source: source.into_inner() });
    }
    out
}

/// Whether a rule table gives `phrases`, `regex` or `near`, and every one it gives is an empty
/// array.
fn nothing_written_empty(table: &DeTable<'_>) -> bool {
    let given: Vec<_> = ["phrases", "regex", "near"].iter().filter_map(|k| table.get(*k)).collect();
    !given.is_empty() && given.iter().all(|v| v.get_ref().as_array().is_some_and(|a| a.is_empty()))
}

/// Where `regex` uses `\p` or `\P` (an unescaped backslash before them), if it does.
fn unicode_class(regex: &str) -> Option<usize> {
    let bytes = regex.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if matches!(bytes[i + 1], b'p' | b'P') {
                return Some(i);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    None
}

fn read_near(reader: &mut FileReader<'_>, value: &Value<'_>, rule: Option<&str>) -> Vec<Near> {
    let mut out = Vec::new();
    for item in reader.array("near", value, rule).unwrap_or(&[]) {
        let Some(table) = reader.table("near", item, rule) else { continue };
        let mut keys = Keys::new(table);
        let terms = keys.take("terms").map(|v| read_phrases(reader, "terms", v, rule));
        let within = keys.take("within").map(|v| (reader.integer("within", v, rule), v.span()));
        let ordered = keys.take("ordered").and_then(|v| reader.boolean("ordered", v, rule)).unwrap_or(false);
        keys.finish(reader, NEAR_KEYS, rule);
        let within = match within {
            Some((Some(n), _)) if (1..=MAX_NEAR_WITHIN).contains(&n) => n as u32,
            Some((Some(n), span)) => {
                let d = Diagnostic::error("E112", format!("`within = {n}` is out of range"), reader.locate(span))
                    .in_rule(rule)
                    .with_help(format!("use 1 to {MAX_NEAR_WITHIN} words"));
                reader.push(d);
                continue;
            }
            Some((None, _)) => continue,
            None => {
                reader.error("E103", "missing required key `within` in `near`", item.span(), rule);
                continue;
            }
        };
        match terms {
            Some(terms) if terms.len() >= 2 => out.push(Near { terms, within, ordered, location: reader.locate(item.span()) }),
            Some(terms) if table.get("terms").is_some_and(|t| t.get_ref().as_array().is_some_and(|a| a.len() < 2)) => {
                let n = terms.len();
                reader.error("E112", format!("`near` needs at least two terms, found {n}"), item.span(), rule);
            }
            Some(_) => {}
            None => reader.error("E103", "missing required key `terms` in `near`", item.span(), rule),
        }
    }
    out
}

fn read_overlay(reader: &mut FileReader<'_>, value: Option<&Value<'_>>) -> Overlay {
    let mut overlay = Overlay::default();
    let Some(table) = value.and_then(|v| reader.table("rule", v, None)) else { return overlay };
    for (id, entry) in table.iter() {
        let rid = Some(id.get_ref().as_ref());
        let Some(fields) = reader.table("rule", entry, rid) else { continue };
        let mut keys = Keys::new(fields);
        let enabled = keys.take("enabled").and_then(|v| reader.boolean("enabled", v, rid));
        let severity = keys.take("severity").and_then(|v| reader.word::<Severity>("severity", v, &Severity::expected(), rid));
        let allow = keys.take("allow").map(|v| read_phrases(reader, "allow", v, rid)).unwrap_or_default();
        keys.finish(reader, OVERLAY_RULE_KEYS, rid);
        overlay.entries.push(OverlayEntry {
            rule_id: id.get_ref().to_string(),
            location: reader.locate(id.span()),
            enabled,
            severity,
            allow,
        });
    }
    overlay
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert!(is_kebab_case("ru-grooming-secret-2"));
        assert!(!is_kebab_case("ru_grooming"));
        assert!(!is_kebab_case("ru--x"));
        assert!(!is_kebab_case("-ru"));
        assert!(!is_kebab_case("Ru-x"));
    }
}
