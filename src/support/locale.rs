//! Nudge texts: every locale's validated texts. Reading and validating
//! `rules/locales/<lang>.toml` is in `locale/file.rs`.

use super::error::SupportError;
use super::kinds::Hours;
use crate::{Category, Direction, Stage};
use serde::{Deserialize, Serialize};
use super::table::Table;

#[cfg(feature = "compiler")]
mod file;

/// Longest title, in characters: a child reads the whole nudge in about 5 seconds.
pub const MAX_TITLE_CHARS: usize = 40;
/// Longest body, in characters.
pub const MAX_BODY_CHARS: usize = 160;
/// Longest choice label, in characters (it must fit on a button).
pub const MAX_LABEL_CHARS: usize = 36;
/// Longest one-line note of the dialog (`ui.no_local_helpline`, `ui.waiting`), in characters.
pub const MAX_NOTE_CHARS: usize = 80;

/// Writing direction of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextDir {
    /// Left to right.
    #[serde(rename = "ltr")]
    Ltr,
    /// Right to left (Arabic).
    #[serde(rename = "rtl")]
    Rtl,
}

impl TextDir {
    /// `"ltr"` or `"rtl"`, the value of the HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            TextDir::Ltr => "ltr",
            TextDir::Rtl => "rtl",
        }
    }
}

/// The fixed strings of the nudge dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiLabels {
    /// Accessible name of the dialog (`aria-label`).
    pub dialog_label: String,
    /// The close button.
    pub close: String,
    /// Heading above the list of support services.
    pub services_heading: String,
    /// Label of a service's call button.
    pub call: String,
    /// Label of a service's link.
    pub open: String,
    /// Marker on services meant for parents.
    pub for_parents: String,
    /// Marker on international services (not from the child's country, in English).
    pub international: String,
    /// The button that shows the other services (the first one is always visible).
    pub more_help: String,
    /// A plain note shown when no local child helpline or counsellor is listed.
    pub no_local_helpline: String,
    /// The question of the confirm step before blocking.
    pub block_confirm: String,
    /// The button that confirms blocking.
    pub block_yes: String,
    /// The button that steps back from blocking.
    pub cancel: String,
    /// The hint on a nudge that waits while the child is typing.
    pub waiting: String,
    /// How many flagged messages a nudge stands for; `{n}` is the number.
    pub messages_count: String,
}

/// A button the nudge offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChoiceId {
    /// Block the sender.
    Block,
    /// Report the message.
    Report,
    /// Talk to someone the child trusts.
    Talk,
    /// Open the support services.
    GetHelp,
    /// Go back and change the outgoing message.
    Edit,
    /// Send the outgoing message unchanged.
    SendAnyway,
    /// Close an incoming nudge and go on reading the chat.
    KeepReading,
}

impl ChoiceId {
    /// Every choice.
    pub const ALL: &'static [ChoiceId] = &[
        ChoiceId::Block,
        ChoiceId::Report,
        ChoiceId::Talk,
        ChoiceId::GetHelp,
        ChoiceId::Edit,
        ChoiceId::SendAnyway,
        ChoiceId::KeepReading,
    ];

    /// The id used in locale files and JSON (`get_help`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChoiceId::Block => "block",
            ChoiceId::Report => "report",
            ChoiceId::Talk => "talk",
            ChoiceId::GetHelp => "get_help",
            ChoiceId::Edit => "edit",
            ChoiceId::SendAnyway => "send_anyway",
            ChoiceId::KeepReading => "keep_reading",
        }
    }
}

/// One locale's texts, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locale {
    /// Language tag (`kk`).
    pub lang: String,
    /// The language's own name (`Қазақша`).
    pub name: String,
    /// Writing direction.
    pub dir: TextDir,
    /// Dialog strings.
    pub ui: UiLabels,
    hours: Table<Hours, String>,
    choices: Table<ChoiceId, String>,
    messages: Table<(bool, Category), Message>,
    conversation: ConversationTexts,
}

/// The texts of the conversation nudge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ConversationTexts {
    title: String,
    body: String,
    /// One short sign per grooming stage, in a child's words.
    signs: Table<Stage, String>,
    /// The sign for sextortion threats.
    threats: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Message {
    title: String,
    body: String,
    choices: Table<ChoiceId, String>,
}

impl Locale {
    /// Title and body for a message of `category` travelling in `direction`
    /// (`Direction::Any` reads as incoming).
    pub fn text(&self, category: Category, direction: Direction) -> (&str, &str) {
        match self.messages.get(&(is_outgoing(direction), category)) {
            Some(m) => (&m.title, &m.body),
            None => ("", ""),
        }
    }

    /// The label of `choice` in the nudge for `category` and `direction`: the message's own
    /// label if it has one (`[outgoing.self_harm.choices]`), else the locale's default.
    pub fn choice_label(&self, category: Category, direction: Direction, choice: ChoiceId) -> &str {
        self.messages
            .get(&(is_outgoing(direction), category))
            .and_then(|m| m.choices.get(&choice))
            .or_else(|| self.choices.get(&choice))
            .map_or("", String::as_str)
    }

    /// Title and lead-in of the conversation nudge.
    pub fn conversation_text(&self) -> (&str, &str) {
        (&self.conversation.title, &self.conversation.body)
    }

    /// The sign of grooming `stage` as the conversation nudge names it ("asks how old you are").
    pub fn sign(&self, stage: Stage) -> &str {
        self.conversation.signs.get(&stage).map_or("", String::as_str)
    }

    /// The sign of sextortion threats, as the conversation nudge names it.
    pub fn threats_sign(&self) -> &str {
        &self.conversation.threats
    }

    /// How `hours` reads in this locale (`Тәулік бойы`).
    pub fn hours_label(&self, hours: Hours) -> &str {
        self.hours.get(&hours).map_or("", String::as_str)
    }
}

fn is_outgoing(direction: Direction) -> bool {
    direction == Direction::Outgoing
}

/// Every locale, with English always present as the fallback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locales {
    en: Locale,
    others: Table<String, Locale>,
}

impl Locales {
    /// The locales built into the library from `rules/locales/`.
    ///
    /// # Errors
    /// Only if the built-in files are broken (the test suite rules this out).
    pub fn builtin() -> Result<&'static Locales, &'static [SupportError]> {
        super::Support::builtin().map(|s| &s.locales)
    }

    /// The locale for a tag such as `ru`, `ru-RU`, `uz_Latn` or `AR`, by its primary
    /// language; English when there is none.
    pub fn resolve(&self, tag: &str) -> &Locale {
        let primary = primary_language(tag);
        if primary == "en" {
            return &self.en;
        }
        self.others.get(&primary).unwrap_or(&self.en)
    }

    /// The locale for exactly this language tag, if there is one.
    pub fn get(&self, lang: &str) -> Option<&Locale> {
        if lang == "en" {
            Some(&self.en)
        } else {
            self.others.get(lang)
        }
    }

    /// Every locale, English first.
    pub fn iter(&self) -> impl Iterator<Item = &Locale> {
        std::iter::once(&self.en).chain(self.others.values())
    }
}

/// The primary language subtag of a BCP 47-ish tag, lowercase (`ru-RU` → `ru`).
pub fn primary_language(tag: &str) -> String {
    tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_language_of_tags() {
        assert_eq!(primary_language("ru-RU"), "ru");
        assert_eq!(primary_language("uz_Latn_UZ"), "uz");
        assert_eq!(primary_language(" AR "), "ar");
        assert_eq!(primary_language(""), "");
    }
}
