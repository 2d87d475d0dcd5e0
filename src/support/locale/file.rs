//! The locale file format (`rules/locales/<lang>.toml`, raw, with spans) and its validation.

use super::{ChoiceId, ConversationTexts, Locale, Locales, Message, TextDir, UiLabels, MAX_BODY_CHARS, MAX_LABEL_CHARS, MAX_NOTE_CHARS, MAX_TITLE_CHARS};
use crate::support::directory::is_lang_tag;
use crate::support::error::SupportError;
use crate::support::kinds::Hours;
use crate::{Category, Stage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

impl Locales {
    /// Parses and validates locale files given as `(file name, text)` pairs. A name
    /// `<lang>.toml` must match the file's `lang`; one file must be `en`.
    ///
    /// # Errors
    /// Every problem found, each located at `file:line:column`.
    pub fn from_sources<'a, I>(files: I) -> Result<Locales, Vec<SupportError>>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut errors = Vec::new();
        let mut all: BTreeMap<String, Locale> = BTreeMap::new();
        let mut first_file: Option<(String, String)> = None;
        for (file, text) in files {
            if first_file.is_none() {
                first_file = Some((file.to_string(), text.to_string()));
            }
            let Some(locale) = parse_file(file, text, &mut errors) else { continue };
            if all.contains_key(&locale.lang) {
                errors.push(SupportError::at(file, text, 0..0, format!("locale `{}` is defined twice", locale.lang)));
                continue;
            }
            all.insert(locale.lang.clone(), locale);
        }
        // A broken file may be the English one: report its errors, not a missing locale.
        if !errors.is_empty() {
            return Err(errors);
        }
        match all.remove("en") {
            Some(en) => Ok(Locales { en, others: all.into() }),
            None => {
                let (file, text) = first_file.unwrap_or_default();
                errors.push(SupportError::at(
                    &file,
                    &text,
                    0..0,
                    "no English locale (`lang = \"en\"`): it is the fallback for every other language",
                ));
                Err(errors)
            }
        }
    }
}


#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    locale: RawMeta,
    ui: RawUi,
    hours: RawHours,
    choices: RawChoices,
    incoming: RawDirection,
    outgoing: RawDirection,
    conversation: RawConversation,
}

/// The conversation nudge: a title, a lead-in and one sign per grooming stage.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConversation {
    title: Spanned<String>,
    body: Spanned<String>,
    signs: RawSigns,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigns {
    age: Spanned<String>,
    trust: Spanned<String>,
    isolation: Spanned<String>,
    secrecy: Spanned<String>,
    risk_check: Spanned<String>,
    gifts: Spanned<String>,
    sexual: Spanned<String>,
    meeting: Spanned<String>,
    threats: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    lang: Spanned<String>,
    name: Spanned<String>,
    dir: TextDir,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUi {
    dialog_label: Spanned<String>,
    close: Spanned<String>,
    services_heading: Spanned<String>,
    call: Spanned<String>,
    open: Spanned<String>,
    for_parents: Spanned<String>,
    international: Spanned<String>,
    more_help: Spanned<String>,
    no_local_helpline: Spanned<String>,
    block_confirm: Spanned<String>,
    block_yes: Spanned<String>,
    cancel: Spanned<String>,
    waiting: Spanned<String>,
    messages_count: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    always: Spanned<String>,
    online: Spanned<String>,
}

/// Default labels: every choice must have one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoices {
    block: Spanned<String>,
    report: Spanned<String>,
    talk: Spanned<String>,
    get_help: Spanned<String>,
    edit: Spanned<String>,
    send_anyway: Spanned<String>,
    keep_reading: Spanned<String>,
}

/// Per-message label overrides: all optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawChoiceOverrides {
    block: Option<Spanned<String>>,
    report: Option<Spanned<String>>,
    talk: Option<Spanned<String>>,
    get_help: Option<Spanned<String>>,
    edit: Option<Spanned<String>>,
    send_anyway: Option<Spanned<String>>,
    keep_reading: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirection {
    grooming: RawMessage,
    sextortion: RawMessage,
    bullying: RawMessage,
    self_harm: RawMessage,
    personal_info: RawMessage,
    money: RawMessage,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessage {
    title: Spanned<String>,
    body: Spanned<String>,
    #[serde(default)]
    choices: RawChoiceOverrides,
}

struct Check<'a> {
    file: &'a str,
    text: &'a str,
    errors: &'a mut Vec<SupportError>,
}

impl Check<'_> {
    fn err<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.errors.push(SupportError::at(self.file, self.text, at.span(), message));
    }

    /// A non-empty, single-line text of at most `max` characters.
    fn text(&mut self, value: &Spanned<String>, key: &str, max: usize) -> String {
        let s = value.get_ref().trim();
        let n = s.chars().count();
        if s.is_empty() {
            self.err(value, format!("`{key}` must not be empty"));
        } else if s.contains('\n') {
            self.err(value, format!("`{key}` must be one line"));
        } else if n > max {
            self.err(
                value,
                format!("`{key}` is {n} characters; keep it within {max} so a child can read the nudge in 5 seconds"),
            );
        }
        s.to_string()
    }
}

fn parse_file(file: &str, text: &str, errors: &mut Vec<SupportError>) -> Option<Locale> {
    let raw: RawLocale = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(SupportError::from_toml(file, text, &e));
            return None;
        }
    };
    let before = errors.len();
    let mut check = Check { file, text, errors };

    let lang = raw.locale.lang.get_ref().trim().to_string();
    if !is_lang_tag(&lang) {
        check.err(&raw.locale.lang, "`lang` must be a lowercase language tag (`kk`, `ru`, `uz`, `ar`, `en`)");
    }
    if let Some(stem) = Path::new(file).file_stem().and_then(|s| s.to_str()) {
        if is_lang_tag(stem) && stem != lang {
            check.err(&raw.locale.lang, format!("`lang = \"{lang}\"` does not match the file name `{stem}.toml`"));
        }
    }
    let name = check.text(&raw.locale.name, "locale.name", MAX_LABEL_CHARS);

    let u = &raw.ui;
    let ui = UiLabels {
        dialog_label: check.text(&u.dialog_label, "ui.dialog_label", MAX_LABEL_CHARS),
        close: check.text(&u.close, "ui.close", MAX_LABEL_CHARS),
        services_heading: check.text(&u.services_heading, "ui.services_heading", MAX_LABEL_CHARS),
        call: check.text(&u.call, "ui.call", MAX_LABEL_CHARS),
        open: check.text(&u.open, "ui.open", MAX_LABEL_CHARS),
        for_parents: check.text(&u.for_parents, "ui.for_parents", MAX_LABEL_CHARS),
        international: check.text(&u.international, "ui.international", MAX_LABEL_CHARS),
        more_help: check.text(&u.more_help, "ui.more_help", MAX_LABEL_CHARS),
        no_local_helpline: check.text(&u.no_local_helpline, "ui.no_local_helpline", MAX_NOTE_CHARS),
        block_confirm: check.text(&u.block_confirm, "ui.block_confirm", MAX_TITLE_CHARS),
        block_yes: check.text(&u.block_yes, "ui.block_yes", MAX_LABEL_CHARS),
        cancel: check.text(&u.cancel, "ui.cancel", MAX_LABEL_CHARS),
        waiting: check.text(&u.waiting, "ui.waiting", MAX_NOTE_CHARS),
        messages_count: check.text(&u.messages_count, "ui.messages_count", MAX_LABEL_CHARS),
    };
    if !ui.messages_count.contains("{n}") {
        check.err(&u.messages_count, "`ui.messages_count` must contain `{n}`, where the number goes");
    }

    let mut hours = BTreeMap::new();
    hours.insert(Hours::Always, check.text(&raw.hours.always, "hours.always", MAX_LABEL_CHARS));
    hours.insert(Hours::Online, check.text(&raw.hours.online, "hours.online", MAX_LABEL_CHARS));

    let c = &raw.choices;
    let mut choices = BTreeMap::new();
    for (id, value) in [
        (ChoiceId::Block, &c.block),
        (ChoiceId::Report, &c.report),
        (ChoiceId::Talk, &c.talk),
        (ChoiceId::GetHelp, &c.get_help),
        (ChoiceId::Edit, &c.edit),
        (ChoiceId::SendAnyway, &c.send_anyway),
        (ChoiceId::KeepReading, &c.keep_reading),
    ] {
        let label = check.text(value, &format!("choices.{}", id.as_str()), MAX_LABEL_CHARS);
        choices.insert(id, label);
    }

    let mut messages = BTreeMap::new();
    for (outgoing, dir_name, d) in [(false, "incoming", &raw.incoming), (true, "outgoing", &raw.outgoing)] {
        for (category, m) in [
            (Category::Grooming, &d.grooming),
            (Category::Sextortion, &d.sextortion),
            (Category::Bullying, &d.bullying),
            (Category::SelfHarm, &d.self_harm),
            (Category::PersonalInfo, &d.personal_info),
            (Category::Money, &d.money),
        ] {
            let key = format!("{dir_name}.{}", category.as_str());
            let title = check.text(&m.title, &format!("{key}.title"), MAX_TITLE_CHARS);
            let body = check.text(&m.body, &format!("{key}.body"), MAX_BODY_CHARS);
            let o = &m.choices;
            let mut overrides = BTreeMap::new();
            for (id, value) in [
                (ChoiceId::Block, &o.block),
                (ChoiceId::Report, &o.report),
                (ChoiceId::Talk, &o.talk),
                (ChoiceId::GetHelp, &o.get_help),
                (ChoiceId::Edit, &o.edit),
                (ChoiceId::SendAnyway, &o.send_anyway),
                (ChoiceId::KeepReading, &o.keep_reading),
            ] {
                if let Some(value) = value {
                    let label = check.text(value, &format!("{key}.choices.{}", id.as_str()), MAX_LABEL_CHARS);
                    overrides.insert(id, label);
                }
            }
            messages.insert((outgoing, category), Message { title, body, choices: overrides.into() });
        }
    }

    let c = &raw.conversation;
    let signs = &c.signs;
    let conversation = ConversationTexts {
        title: check.text(&c.title, "conversation.title", MAX_TITLE_CHARS),
        body: check.text(&c.body, "conversation.body", MAX_BODY_CHARS),
        signs: [
            (Stage::Age, &signs.age),
            (Stage::Trust, &signs.trust),
            (Stage::Isolation, &signs.isolation),
            (Stage::Secrecy, &signs.secrecy),
            (Stage::RiskCheck, &signs.risk_check),
            (Stage::Gifts, &signs.gifts),
            (Stage::Sexual, &signs.sexual),
            (Stage::Meeting, &signs.meeting),
        ]
        .into_iter()
        .map(|(stage, value)| (stage, check.text(value, &format!("conversation.signs.{stage}"), MAX_NOTE_CHARS)))
        .collect(),
        threats: check.text(&signs.threats, "conversation.signs.threats", MAX_NOTE_CHARS),
    };

    if errors.len() > before {
        return None;
    }
    Some(Locale { lang, name, dir: raw.locale.dir, ui, hours: hours.into(), choices: choices.into(), messages: messages.into(), conversation })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_locale_is_located() {
        let en = include_str!("../../../rules/locales/en.toml");
        let broken = en.replacen("close = \"Close\"", "close = \"\"", 1);
        let errs = Locales::from_sources([("rules/locales/en.toml", broken.as_str())]).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message().contains("`ui.close` must not be empty"), "{}", errs[0]);
        assert_eq!(errs[0].file(), "rules/locales/en.toml");

        let missing = en.replacen("title = \"Send this?\"\n", "", 1);
        let errs = Locales::from_sources([("en.toml", missing.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("title"), "{}", errs[0]);
        let line_of_table = en.lines().position(|l| l == "[outgoing.bullying]").unwrap() + 1;
        assert!(errs[0].line() >= line_of_table, "{}", errs[0]);

        let long = en.replacen("title = \"Send this?\"", &format!("title = \"{}\"", "a".repeat(60)), 1);
        let errs = Locales::from_sources([("en.toml", long.as_str())]).unwrap_err();
        assert!(errs[0].message().contains("60 characters"), "{}", errs[0]);
        let line = en.lines().position(|l| l == "title = \"Send this?\"").unwrap() + 1;
        assert_eq!(errs[0].line(), line);
        assert_eq!(errs[0].column(), 9);
    }

    #[test]
    fn english_is_required_and_lang_matches_file() {
        let en = include_str!("../../../rules/locales/en.toml");
        let errs = Locales::from_sources([("en.toml", en.replacen("lang = \"en\"", "lang = \"xx\"", 1).as_str())])
            .unwrap_err();
        assert!(errs.iter().any(|e| e.message().contains("does not match the file name")));
        let ru = include_str!("../../../rules/locales/ru.toml");
        let errs = Locales::from_sources([("ru.toml", ru)]).unwrap_err();
        assert!(errs[0].message().contains("no English locale"));
    }
}
