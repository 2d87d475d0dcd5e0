//! The support file format (`rules/support/<country>.toml`, raw, with spans) and its
//! validation.

use super::{Country, Directory, Service, INTERNATIONAL};
use crate::support::error::SupportError;
use crate::support::kinds::{Audience, Confidence, Hours, Reach, ServiceKind};
use crate::Category;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

impl Directory {
    /// Parses and validates support files given as `(file name, text)` pairs. The name is used
    /// in error messages and, when it is `<xx>.toml`, must match the file's country code.
    ///
    /// # Errors
    /// Every problem found, each located at `file:line:column`.
    pub fn from_sources<'a, I>(files: I) -> Result<Directory, Vec<SupportError>>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut errors = Vec::new();
        let mut countries: BTreeMap<String, Country> = BTreeMap::new();
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for (file, text) in files {
            let Some(country) = parse_file(file, text, &mut ids, &mut errors) else { continue };
            if let Some(prev) = countries.get(&country.code) {
                errors.push(SupportError::at(
                    file,
                    text,
                    0..0,
                    format!("country `{}` is already defined in {}", country.code, prev.file),
                ));
                continue;
            }
            countries.insert(country.code.clone(), country);
        }
        if errors.is_empty() {
            Ok(Directory { countries: countries.into() })
        } else {
            Err(errors)
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    directory: RawHeader,
    #[serde(default)]
    service: Vec<Spanned<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    country: Spanned<String>,
    name: Spanned<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    kind: ServiceKind,
    name: Spanned<BTreeMap<String, String>>,
    phone: Option<Spanned<String>>,
    phone_display: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    hours: Option<Hours>,
    hours_note: Option<String>,
    languages: Spanned<Vec<String>>,
    cost: Spanned<String>,
    #[serde(default)]
    audience: Audience,
    show_for: Option<Spanned<Vec<Category>>>,
    reach: Option<Spanned<Reach>>,
    source: Spanned<Vec<String>>,
    source_date: Spanned<String>,
    checked: Spanned<String>,
    confidence: Confidence,
    note: Option<String>,
}

/// Collects errors for one file.
struct Check<'a> {
    file: &'a str,
    text: &'a str,
    errors: &'a mut Vec<SupportError>,
}

impl Check<'_> {
    fn err<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.errors.push(SupportError::at(self.file, self.text, at.span(), message));
    }

    fn non_empty(&mut self, value: &Spanned<String>, key: &str) {
        if value.get_ref().trim().is_empty() {
            self.err(value, format!("`{key}` must not be empty"));
        }
    }

    fn names(&mut self, names: &Spanned<BTreeMap<String, String>>) {
        if !names.get_ref().contains_key("en") {
            self.err(names, "`name` needs an English entry (`en`), the fallback for every locale");
        }
        for (lang, name) in names.get_ref() {
            if !is_lang_tag(lang) {
                self.err(names, format!("`name.{lang}`: language tags are lowercase letters (`kk`, `ru`, `ar`)"));
            }
            if name.trim().is_empty() {
                self.err(names, format!("`name.{lang}` must not be empty"));
            }
        }
    }
}

fn parse_file(file: &str, text: &str, ids: &mut BTreeSet<String>, errors: &mut Vec<SupportError>) -> Option<Country> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(SupportError::from_toml(file, text, &e));
            return None;
        }
    };
    let before = errors.len();
    let mut check = Check { file, text, errors };

    let code = raw.directory.country.get_ref().trim().to_string();
    if !is_country_code(&code) {
        check.err(
            &raw.directory.country,
            "`country` must be an ISO 3166-1 alpha-2 code in capitals (`KZ`), or `ZZ` for international",
        );
    }
    if let Some(stem) = Path::new(file).file_stem().and_then(|s| s.to_str()) {
        if stem.len() == 2 && !stem.eq_ignore_ascii_case(&code) {
            check.err(
                &raw.directory.country,
                format!("`country = \"{code}\"` does not match the file name `{stem}.toml`"),
            );
        }
    }
    check.names(&raw.directory.name);

    let mut services = Vec::new();
    for spanned in &raw.service {
        let s = spanned.get_ref();
        let id = s.id.get_ref().clone();
        let prefix = format!("{}-", code.to_ascii_lowercase());
        if !is_kebab(&id) {
            check.err(&s.id, format!("id `{id}` must be kebab-case (`a-z`, `0-9`, `-`)"));
        } else if !id.starts_with(&prefix) {
            check.err(&s.id, format!("id `{id}` must start with `{prefix}` (the file's country)"));
        }
        if !ids.insert(id.clone()) {
            check.err(&s.id, format!("id `{id}` is used twice"));
        }
        check.names(&s.name);

        if let Some(phone) = &s.phone {
            if !is_dial_string(phone.get_ref()) {
                check.err(phone, "`phone` must be the number to dial: 2 to 15 digits, optionally after a leading `+` (E.164), no spaces; put the written form in `phone_display`");
            }
        }
        match (&s.phone_display, &s.phone) {
            (Some(display), None) => check.err(display, "`phone_display` needs a `phone` to dial"),
            (Some(display), Some(phone)) if !display_matches(display.get_ref(), phone.get_ref()) => {
                check.err(
                    display,
                    format!(
                        "`phone_display` \"{}\" does not show the same number as `phone` \"{}\"",
                        display.get_ref(),
                        phone.get_ref()
                    ),
                );
            }
            _ => {}
        }
        if let Some(url) = &s.url {
            if !is_https_url(url.get_ref()) {
                check.err(url, "`url` must start with `https://` and contain no spaces");
            }
        }
        if s.languages.get_ref().is_empty() || s.languages.get_ref().iter().any(|l| !is_lang_tag(l)) {
            check.err(&s.languages, "`languages` must list lowercase language tags (`[\"kk\", \"ru\"]`)");
        }
        check.non_empty(&s.cost, "cost");
        if s.source.get_ref().is_empty() || s.source.get_ref().iter().any(|x| x.trim().is_empty()) {
            check.err(&s.source, "`source` must list where the facts were confirmed (non-empty strings)");
        }
        check.non_empty(&s.source_date, "source_date");
        if !is_date(s.checked.get_ref()) {
            check.err(&s.checked, "`checked` must be a date `YYYY-MM-DD`");
        }
        if s.confidence == Confidence::Confirmed && s.phone.is_none() && s.url.is_none() {
            check.err(spanned, format!("confirmed service `{id}` needs a `phone` or a `url`"));
        }

        let show_for = s.show_for.as_ref().map(|v| v.get_ref().clone()).unwrap_or_default();
        if let Some(list) = &s.show_for {
            let unique: BTreeSet<_> = list.get_ref().iter().collect();
            if unique.len() != list.get_ref().len() {
                check.err(list, "`show_for` lists a category twice");
            }
            if s.audience == Audience::Adults && !list.get_ref().is_empty() {
                check.err(
                    list,
                    format!(
                        "`{id}` has `audience = \"adults\"` and must never be shown to a child: leave `show_for` empty"
                    ),
                );
            }
        }
        let international = code == INTERNATIONAL;
        match (&s.reach, international) {
            (Some(reach), false) => check.err(reach, "`reach` is only for international services (file `zz.toml`)"),
            (None, true) if !show_for.is_empty() => {
                check.err(
                    spanned,
                    format!("international service `{id}` needs `reach = \"everywhere\"` or `reach = \"fallback\"`"),
                );
            }
            _ => {}
        }

        services.push(Service {
            id,
            country: code.clone(),
            kind: s.kind,
            names: s.name.get_ref().clone().into(),
            phone: s.phone.as_ref().map(|p| p.get_ref().clone()),
            phone_display: s.phone_display.as_ref().map(|p| p.get_ref().clone()),
            url: s.url.as_ref().map(|u| u.get_ref().clone()),
            hours: s.hours,
            hours_note: s.hours_note.clone(),
            languages: s.languages.get_ref().clone(),
            cost: s.cost.get_ref().clone(),
            audience: s.audience,
            show_for,
            reach: s.reach.as_ref().map(|r| *r.get_ref()),
            sources: s.source.get_ref().clone(),
            source_date: s.source_date.get_ref().clone(),
            checked: s.checked.get_ref().clone(),
            confidence: s.confidence,
            note: s.note.clone(),
        });
    }

    if errors.len() > before {
        return None;
    }
    Some(Country { code, names: raw.directory.name.into_inner().into(), services, file: file.to_string() })
}

// ---------------------------------------------------------------------------------------------
// Field formats (public within the crate so the tests can share them).

/// Two ASCII capitals.
pub(crate) fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Lowercase ASCII letters, 2 to 8 of them (`kk`, `ru`, `fil`).
pub(crate) fn is_lang_tag(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// `a-z`, `0-9` and single inner hyphens.
pub(crate) fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Digits with an optional leading `+`: what goes after `tel:`.
pub(crate) fn is_dial_string(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (2..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `https://` followed by a host and no whitespace.
pub(crate) fn is_https_url(s: &str) -> bool {
    match s.strip_prefix("https://") {
        Some(rest) => {
            let host = rest.split('/').next().unwrap_or("");
            host.contains('.') && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => y >= 2000 && (1..=12).contains(&m) && (1..=31).contains(&d),
        _ => false,
    }
}

/// Whether a written number shows the number dialled: only digits, spaces, `-`, `(`, `)` and a
/// leading `+`, and the same digits apart from one leading trunk or country digit
/// (`8-800-2000-122` for `+78002000122`, `0800 1111` for `+448001111`).
pub(crate) fn display_matches(display: &str, phone: &str) -> bool {
    let allowed = display
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0));
    let d: Vec<u8> = display.bytes().filter(u8::is_ascii_digit).collect();
    let p: Vec<u8> = phone.bytes().filter(u8::is_ascii_digit).collect();
    if !allowed || d.len() < 2 {
        return false;
    }
    if d == p {
        return true;
    }
    let common = d.iter().rev().zip(p.iter().rev()).take_while(|(a, b)| a == b).count();
    common + 1 >= d.len().min(p.len()) && d.len().min(p.len()) >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_formats() {
        assert!(is_dial_string("150") && is_dial_string("+78002000122"));
        assert!(
            !is_dial_string("8-800-2000-122")
                && !is_dial_string("1")
                && !is_dial_string("+")
                && !is_dial_string("15 0")
        );
        assert!(
            is_https_url("https://eotinish.kz/")
                && !is_https_url("http://eotinish.kz/")
                && !is_https_url("https://a b.kz")
        );
        assert!(!is_https_url("https://localhost"));
        assert!(is_date("2026-11-22") && !is_date("2026-13-01") && !is_date("22.11.2026") && !is_date("2026-1-22"));
        assert!(is_kebab("kz-150") && !is_kebab("kz--150") && !is_kebab("KZ-150") && !is_kebab("-kz"));
        assert!(display_matches("8-800-2000-122", "+78002000122"));
        assert!(display_matches("0800 1111", "+448001111"));
        assert!(display_matches("06 563 3404", "065633404"));
        assert!(!display_matches("8-800-2000-123", "+78002000122"));
        assert!(!display_matches("call 150", "150"));
    }

    fn service(extra: &str) -> String {
        format!(
            "[directory]\ncountry = \"KZ\"\nname = {{ en = \"Kazakhstan\" }}\n\n[[service]]\nid = \"kz-x\"\nkind = \"police\"\nname.en = \"X\"\nlanguages = [\"kk\"]\ncost = \"free\"\nsource = [\"s\"]\nsource_date = \"2024\"\nchecked = \"2026-11-22\"\nconfidence = \"confirmed\"\n{extra}"
        )
    }

    #[test]
    fn a_valid_file_loads() {
        let text = service("phone = \"102\"\nshow_for = [\"grooming\"]\n");
        let dir = Directory::from_sources([("kz.toml", text.as_str())]).map_err(|e| e[0].to_string()).unwrap();
        let s = dir.service("kz-x").unwrap();
        assert_eq!(s.tel().as_deref(), Some("tel:102"));
        assert_eq!(s.show_for, vec![Category::Grooming]);
    }

    #[test]
    fn errors_are_located() {
        let text = service("phone = \"1-0-2\"\n");
        let errs = Directory::from_sources([("rules/support/kz.toml", text.as_str())]).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].file(), "rules/support/kz.toml");
        assert_eq!(errs[0].line(), 15);
        assert_eq!(errs[0].column(), 9);
        assert!(errs[0].message().contains("`phone`"));
    }

    #[test]
    fn unknown_keys_are_syntax_errors_with_location() {
        let text = service("phone = \"102\"\nphonee = \"102\"\n");
        let errs = Directory::from_sources([("kz.toml", text.as_str())]).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message().contains("phonee"), "{}", errs[0]);
        assert_eq!(errs[0].line(), 16);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = service("url = \"http://x.kz\"\nchecked_note = 1\n").replace("checked_note = 1\n", "");
        let text = text.replace("2026-11-22", "22.11.2026").replace("source = [\"s\"]", "source = []");
        let errs = Directory::from_sources([("kz.toml", text.as_str())]).unwrap_err();
        let all: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(errs.len(), 3, "{all:?}");
        assert!(all.iter().any(|e| e.contains("`url`")));
        assert!(all.iter().any(|e| e.contains("`checked`")));
        assert!(all.iter().any(|e| e.contains("`source`")));
    }

    #[test]
    fn adults_only_services_cannot_be_routed() {
        let text = service("url = \"https://stopncii.org/\"\naudience = \"adults\"\nshow_for = [\"sextortion\"]\n");
        let errs = Directory::from_sources([("kz.toml", text.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("never be shown to a child"), "{}", errs[0]);
    }

    #[test]
    fn country_must_match_file_and_ids_their_country() {
        let text = service("phone = \"102\"\n");
        let errs = Directory::from_sources([("kg.toml", text.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("does not match the file name"), "{}", errs[0]);
        let text = service("phone = \"102\"\n").replace("kz-x", "kg-x");
        let errs = Directory::from_sources([("kz.toml", text.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("must start with `kz-`"), "{}", errs[0]);
    }

    #[test]
    fn confirmed_needs_contact_and_ids_are_unique() {
        let text = service("");
        let errs = Directory::from_sources([("kz.toml", text.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("needs a `phone` or a `url`"), "{}", errs[0]);
        assert_eq!(errs[0].line(), 5, "points at the [[service]] table");
        let one = service("phone = \"102\"\n");
        let two = format!("{one}\n[[service]]\nid = \"kz-x\"\nkind = \"police\"\nname.en = \"Y\"\nphone = \"103\"\nlanguages = [\"kk\"]\ncost = \"free\"\nsource = [\"s\"]\nsource_date = \"2024\"\nchecked = \"2026-11-22\"\nconfidence = \"unconfirmed\"\n");
        let errs = Directory::from_sources([("kz.toml", two.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("used twice"), "{}", errs[0]);
    }
}
