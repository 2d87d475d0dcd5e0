//! The support-service directory: every country's validated services, and how to find them.
//! Reading and validating `rules/support/<country>.toml` is in `directory/file.rs`.

use super::error::SupportError;
use super::kinds::{Audience, Confidence, Hours, Reach, ServiceKind};
use crate::Category;
use serde::{Deserialize, Serialize};
use super::table::Table;

#[cfg(feature = "compiler")]
mod file;
#[cfg(feature = "compiler")]
pub(crate) use file::is_lang_tag;

/// The pseudo-country code of the international file.
pub const INTERNATIONAL: &str = "ZZ";

/// One support service (a helpline, a police number, a reporting site, ...).
///
/// Only `confidence = "confirmed"` entries of audience `children` or `parents` are ever shown
/// by default; see [`Directory::services_for`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Stable id, `<country>-<name>` in kebab-case (`kz-150`).
    pub id: String,
    /// ISO 3166-1 alpha-2 code of the file it comes from (`ZZ` for international).
    pub country: String,
    /// What the service is.
    pub kind: ServiceKind,
    /// Names by language tag; always has `en`.
    pub names: Table<String, String>,
    /// The number to dial: digits, with a leading `+` for E.164 (`150`, `+78002000122`).
    pub phone: Option<String>,
    /// The number as people write it (`8-800-2000-122`); defaults to `phone`.
    pub phone_display: Option<String>,
    /// Web, chat or app address (always `https://`).
    pub url: Option<String>,
    /// Confirmed opening hours, if any.
    pub hours: Option<Hours>,
    /// Notes on the hours for moderators (conflicting sources, ...). Never shown.
    pub hours_note: Option<String>,
    /// Languages the service answers in.
    pub languages: Vec<String>,
    /// What it costs the caller.
    pub cost: String,
    /// Who the service is for.
    pub audience: Audience,
    /// Categories whose nudge lists this service.
    pub show_for: Vec<Category>,
    /// International services only: where they are shown.
    pub reach: Option<Reach>,
    /// Where the facts were confirmed (URLs or descriptions).
    pub sources: Vec<String>,
    /// When the sources were published (free text: they are often vague).
    pub source_date: String,
    /// When the entry was last checked, `YYYY-MM-DD`.
    pub checked: String,
    /// Whether the research confirmed the entry.
    pub confidence: Confidence,
    /// Free text for moderators.
    pub note: Option<String>,
}

impl Service {
    /// The name in `lang`, falling back to English.
    pub fn name(&self, lang: &str) -> &str {
        self.names.get(lang).or_else(|| self.names.get("en")).map_or(self.id.as_str(), String::as_str)
    }

    /// The number as shown to the child (`phone_display`, else `phone`).
    pub fn phone_shown(&self) -> Option<&str> {
        self.phone_display.as_deref().or(self.phone.as_deref())
    }

    /// A `tel:` link for the number (`tel:150`).
    pub fn tel(&self) -> Option<String> {
        self.phone.as_ref().map(|p| format!("tel:{p}"))
    }

    /// Whether the service may ever appear in a nudge (confirmed, meant for children or
    /// parents, and reachable by phone or link).
    pub fn is_shown_by_default(&self) -> bool {
        self.confidence == Confidence::Confirmed && self.may_be_shown()
    }

    /// Like [`Service::is_shown_by_default`] but ignoring the confidence mark.
    pub(crate) fn may_be_shown(&self) -> bool {
        self.audience != Audience::Adults && (self.phone.is_some() || self.url.is_some())
    }

    /// Whether this is an international (`ZZ`) entry.
    pub fn is_international(&self) -> bool {
        self.country == INTERNATIONAL
    }
}

/// One country file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`ZZ` for international).
    pub code: String,
    /// Country names by language tag; always has `en`.
    pub names: Table<String, String>,
    /// The services, in file order.
    pub services: Vec<Service>,
    /// The file it was loaded from.
    pub file: String,
}

/// Every country's support services, validated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Directory {
    countries: Table<String, Country>,
}

impl Directory {
    /// The directory built into the library from `rules/support/`.
    ///
    /// # Errors
    /// Only if the built-in files are broken (the test suite rules this out).
    pub fn builtin() -> Result<&'static Directory, &'static [SupportError]> {
        super::Support::builtin().map(|s| &s.directory)
    }

    /// The file for `code` (case-insensitive), if there is one.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.get(&code.trim().to_ascii_uppercase())
    }

    /// Every country file, sorted by code.
    pub fn countries(&self) -> impl Iterator<Item = &Country> {
        self.countries.values()
    }

    /// Every service of every country, confirmed or not.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.countries.values().flat_map(|c| c.services.iter())
    }

    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services().find(|s| s.id == id)
    }

    /// The services a nudge of `category` shows in `country`, in display order.
    ///
    /// `country` is ISO alpha-2, case-insensitive; an unknown code (or `ZZ`) gets the
    /// international entries. Entries of audience `adults` are never returned;
    /// `include_unconfirmed` adds unconfirmed entries (for moderators' review only).
    /// See the [`route`](super::route) module for the rules.
    pub fn services_for(&self, country: &str, category: Category, include_unconfirmed: bool) -> Vec<&Service> {
        super::route::services_for(self, country, category, include_unconfirmed)
    }
}
