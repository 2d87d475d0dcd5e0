//! Support services and nudge texts: which verified services a nudge shows for a country and
//! category, and the kind words around them in the child's language.
//!
//! The data lives in two folders of plain TOML, compiled into the library:
//!
//! * `rules/support/<country>.toml`: the directory, one entry per service with its source, the
//!   date it was checked and a confidence mark (format: `rules/support/README.md`);
//! * `rules/locales/<lang>.toml`: the nudge texts in kk, ru, uz (Latin), ar and en
//!   (format: `rules/locales/README.md`).
//!
//! The library embeds the files themselves (parsed on first use) or, when the build is given
//! `TUMAR_BUILTIN_SUPPORT` (the npm package's runtime, which has no TOML parser), the data
//! already validated by `tumar compile --support` in the compact form of [`Support::to_compact`].
//!
//! ```
//! use tumar::{Category, Direction};
//!
//! let n = tumar::support::nudge("kk-KZ", "kz", Category::Bullying, Direction::Incoming);
//! assert_eq!(n.locale, "kk");
//! let ids: Vec<&str> = n.services.iter().map(|s| s.id.as_str()).collect();
//! assert_eq!(ids, ["kz-150", "kz-111", "kz-eotinish-cyberbullying"]);
//! assert!(n.services[2].for_parents);
//! ```
//!
//! Only confirmed entries are shown, never an `adults` one (StopNCII is 18+ only), and a
//! country only shows its own entries plus international ones; see [`route`] for the rules.

#[cfg(feature = "compiler")]
mod builtin;
mod directory;
mod error;
mod kinds;
mod locale;
mod nudge;
pub mod route;
mod table;

#[cfg(feature = "compiler")]
pub use builtin::{BUILTIN_LOCALE_FILES, BUILTIN_SUPPORT_FILES};
pub use directory::{Country, Directory, Service, INTERNATIONAL};
pub use error::{SupportError, CODE_LOCALE, CODE_SUPPORT};
pub use kinds::{Audience, Confidence, Hours, Job, Reach, ServiceKind};
pub use locale::{
    primary_language, ChoiceId, Locale, Locales, TextDir, UiLabels, MAX_BODY_CHARS, MAX_LABEL_CHARS, MAX_NOTE_CHARS,
    MAX_TITLE_CHARS,
};
pub use nudge::{choices_for, Choice, Nudge, ServiceLink};
pub use table::Table;

use crate::{Category, Direction, Stage};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The compact form of the built-in data, when the build embeds one (see `build.rs`).
const BUILTIN_COMPACT: Option<&[u8]> = include!(concat!(env!("OUT_DIR"), "/builtin_support.rs"));

/// The support directory and the locales together: everything a nudge needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    /// The services by country.
    pub directory: Directory,
    /// The nudge texts by language.
    pub locales: Locales,
}

impl Support {
    /// The data built into the library (read once, on first use, then shared read-only).
    ///
    /// # Errors
    /// Only if the built-in files are broken; the test suite rules this out.
    pub fn builtin() -> Result<&'static Support, &'static [SupportError]> {
        static BUILTIN: OnceLock<Result<Support, Vec<SupportError>>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| match BUILTIN_COMPACT {
                Some(bytes) => Support::from_compact(bytes).map_err(|e| vec![e]),
                #[cfg(feature = "compiler")]
                None => Support::from_sources(BUILTIN_SUPPORT_FILES.iter().copied(), BUILTIN_LOCALE_FILES.iter().copied()),
                #[cfg(not(feature = "compiler"))]
                None => unreachable!("build.rs refuses a build with neither the support data nor the compiler"),
            })
            .as_ref()
            .map_err(Vec::as_slice)
    }

    /// The validated data in the compact form a build embeds (`TUMAR_BUILTIN_SUPPORT`): the
    /// checked values in postcard's binary encoding, which reads back without the TOML parser
    /// or the checks, and with far less code than JSON would need.
    pub fn to_compact(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Reads data written by [`Support::to_compact`] of the same version of the library.
    ///
    /// # Errors
    /// When the bytes are not such data.
    pub fn from_compact(bytes: &[u8]) -> Result<Support, SupportError> {
        postcard::from_bytes(bytes)
            .map_err(|e| SupportError::in_file("<built-in support data>", format!("the compact support data does not read: {e}")))
    }

    /// Loads support and locale files given as `(file name, text)` pairs, e.g. a moderator's
    /// edited copy of `rules/`.
    #[cfg(feature = "compiler")]
    ///
    /// # Errors
    /// Every problem in every file, each located at `file:line:column`.
    pub fn from_sources<'a, S, L>(support_files: S, locale_files: L) -> Result<Support, Vec<SupportError>>
    where
        S: IntoIterator<Item = (&'a str, &'a str)>,
        L: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let directory = Directory::from_sources(support_files);
        let locales = Locales::from_sources(locale_files);
        match (directory, locales) {
            (Ok(directory), Ok(locales)) => Ok(Support { directory, locales }),
            (d, l) => {
                let mut errors = d.err().unwrap_or_default();
                errors.extend(l.err().unwrap_or_default());
                Err(errors)
            }
        }
    }

    /// The nudge for a message; see [`nudge`].
    pub fn nudge(&self, locale: &str, country: &str, category: Category, direction: Direction) -> Nudge {
        nudge::build(&self.directory, self.locales.resolve(locale), country, category, direction)
    }
}

/// The conversation nudge for a chat whose risk became high: the grooming stages seen
/// (strongest first) and whether sextortion threats were among the reasons, in `locale`, with
/// the support services of `country`, from the built-in data.
///
/// ```
/// use tumar::Stage;
///
/// let n = tumar::support::conversation_nudge("en", "KZ", &[Stage::Age, Stage::Meeting], false);
/// assert!(n.conversation && n.signs.len() == 2);
/// ```
pub fn conversation_nudge(locale: &str, country: &str, stages: &[Stage], threats: bool) -> Nudge {
    match Support::builtin() {
        Ok(support) => nudge::build_conversation(&support.directory, support.locales.resolve(locale), country, stages, threats),
        Err(_) => nudge::minimal(if threats { Category::Sextortion } else { Category::Grooming }, Direction::Incoming),
    }
}

/// [`conversation_nudge`] as JSON, the shape the JS popup consumes.
pub fn conversation_nudge_json(locale: &str, country: &str, stages: &[Stage], threats: bool) -> String {
    serde_json::to_string(&conversation_nudge(locale, country, stages, threats)).unwrap_or_else(|_| String::from("{}"))
}

/// The nudge for a message of `category` travelling in `direction`, in `locale`, with the
/// support services of `country`, from the built-in data.
///
/// `locale` is a language tag; its primary language picks the texts (`ru-RU` → `ru`) and an
/// unknown language falls back to `en`. `country` is ISO 3166-1 alpha-2, case-insensitive; an
/// unknown country gets the international services. `Direction::Any` is read as incoming.
///
/// ```
/// use tumar::{Category, Direction};
///
/// let n = tumar::support::nudge("ar", "EG", Category::Sextortion, Direction::Incoming);
/// assert_eq!(n.dir, "rtl");
/// assert!(n.services.iter().any(|s| s.id == "zz-take-it-down"));
/// assert!(n.services.iter().all(|s| !s.id.contains("stopncii")));
/// ```
pub fn nudge(locale: &str, country: &str, category: Category, direction: Direction) -> Nudge {
    match Support::builtin() {
        Ok(support) => support.nudge(locale, country, category, direction),
        Err(_) => nudge::minimal(category, direction),
    }
}

/// [`nudge`] as JSON, the shape the JS popup consumes.
///
/// ```
/// use tumar::{Category, Direction};
///
/// let json = tumar::support::nudge_json("ru-RU", "KZ", Category::SelfHarm, Direction::Outgoing);
/// assert!(json.contains("\"locale\":\"ru\"") && json.contains("\"tel\":\"tel:150\""));
/// ```
pub fn nudge_json(locale: &str, country: &str, category: Category, direction: Direction) -> String {
    serde_json::to_string(&nudge(locale, country, category, direction)).unwrap_or_else(|_| String::from("{}"))
}

/// What run-time content (the JS package's `content` option: services added, hidden or
/// replaced, texts overridden) is checked against, as JSON: the built-in services (id, country,
/// kind), every service kind and those a child can talk to (they make `local_helpline`), the
/// locales, the label keys, choice ids and categories, and the text length limits.
pub fn catalog_json() -> String {
    let Ok(support) = Support::builtin() else {
        return String::from("{}");
    };
    let en = support.locales.resolve("en");
    let labels = serde_json::to_value(&en.ui).ok().and_then(|v| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()));
    let catalog = Catalog {
        categories: Category::ALL,
        choices: ChoiceId::ALL.iter().map(|c| c.as_str()).collect(),
        kinds: ServiceKind::ALL,
        labels: labels.unwrap_or_default(),
        limits: Limits { body: MAX_BODY_CHARS, label: MAX_LABEL_CHARS, note: MAX_NOTE_CHARS, title: MAX_TITLE_CHARS },
        locales: support.locales.iter().map(|l| l.lang.as_str()).collect(),
        services: support.directory.services().map(|s| CatalogService { country: &s.country, id: &s.id, kind: s.kind }).collect(),
        stages: Stage::ALL,
        talk_kinds: ServiceKind::ALL.iter().filter(|k| k.is_someone_to_talk_to()).collect(),
    };
    serde_json::to_string(&catalog).unwrap_or_else(|_| String::from("{}"))
}

/// What [`catalog_json`] lists (fields in alphabetical order, as they always were).
#[derive(Serialize)]
struct Catalog<'a> {
    categories: &'static [Category],
    choices: Vec<&'static str>,
    kinds: &'static [ServiceKind],
    labels: Vec<String>,
    limits: Limits,
    locales: Vec<&'a str>,
    services: Vec<CatalogService<'a>>,
    stages: &'static [Stage],
    talk_kinds: Vec<&'static ServiceKind>,
}

/// The text length limits of run-time content, in characters.
#[derive(Serialize)]
struct Limits {
    body: usize,
    label: usize,
    note: usize,
    title: usize,
}

/// A built-in service as [`catalog_json`] lists it.
#[derive(Serialize)]
struct CatalogService<'a> {
    country: &'a str,
    id: &'a str,
    kind: ServiceKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_lists_what_content_is_checked_against() {
        let catalog: serde_json::Value = serde_json::from_str(&catalog_json()).expect("JSON");
        assert!(catalog["services"].as_array().is_some_and(|s| s.iter().any(|s| s["id"] == "kz-150" && s["country"] == "KZ")));
        assert_eq!(catalog["talk_kinds"], serde_json::json!(["child_helpline", "child_protection", "mental_health"]));
        assert!(catalog["labels"].as_array().is_some_and(|l| l.iter().any(|k| k == "messages_count")));
        assert!(catalog["locales"].as_array().is_some_and(|l| l.len() == 5));
        assert_eq!(catalog["limits"]["title"], MAX_TITLE_CHARS);
        assert_eq!(catalog["stages"].as_array().map(Vec::len), Some(Stage::ALL.len()));
        assert_eq!(catalog_json(), catalog.to_string(), "keys in alphabetical order at every level");
    }

    #[test]
    fn builtin_data_loads() {
        if let Err(errors) = Support::builtin() {
            let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("built-in support data is broken:\n{}", all.join("\n"));
        }
    }

    #[test]
    fn any_direction_reads_as_incoming() {
        let any = nudge("en", "KZ", Category::Grooming, Direction::Any);
        let incoming = nudge("en", "KZ", Category::Grooming, Direction::Incoming);
        assert_eq!(any, incoming);
    }

    #[test]
    fn the_compact_form_reads_back_the_same_data() {
        let support = Support::builtin().expect("built-in data");
        assert_eq!(Support::from_compact(&support.to_compact()).as_ref(), Ok(support));
        assert!(Support::from_compact(&[7, 1]).unwrap_err().message().contains("does not read"));
    }

    #[test]
    fn errors_from_both_kinds_of_file_are_collected() {
        let errs = Support::from_sources([("kz.toml", "nonsense")], [("en.toml", "[locale]\n")]).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].file(), "kz.toml");
        assert_eq!(errs[1].file(), "en.toml");
    }
}
