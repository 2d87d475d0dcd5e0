//! The nudge: everything the popup needs for one verdict, in the child's language.

use super::directory::{Directory, Service};
use super::kinds::Audience;
use super::locale::{ChoiceId, Locale, UiLabels};
use crate::{Category, Direction, Stage};
use serde::Serialize;

/// What the popup shows for one message. Its JSON (see [`super::nudge_json`]) is what the
/// JS UI consumes; every text is already in the chosen locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nudge {
    /// The locale used (`ru` for a request of `ru-RU`; `en` when the language is unknown).
    pub locale: String,
    /// `"ltr"` or `"rtl"`, for the dialog's `dir` attribute.
    pub dir: String,
    /// What was detected.
    pub category: Category,
    /// `incoming` or `outgoing` (a request with `any` is answered as `incoming`).
    pub direction: Direction,
    /// A short title.
    pub title: String,
    /// One or two sentences.
    pub body: String,
    /// The buttons, in display order.
    pub choices: Vec<Choice>,
    /// Confirmed support services for the country and category, in display order. The first
    /// is the primary one, shown in the compact first view.
    pub services: Vec<ServiceLink>,
    /// Whether a local child helpline, child-protection or mental-health line is among the
    /// services. When not, the popup says so plainly above the (international) services.
    pub local_helpline: bool,
    /// Fixed dialog strings.
    pub labels: UiLabels,
    /// Whether this is the conversation nudge (the signs of a whole chat, not one message).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub conversation: bool,
    /// The conversation nudge's signs, in a child's words, strongest first ("asks how old you
    /// are"); empty for a message nudge.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signs: Vec<String>,
}

/// A button of the nudge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// `block`, `report`, `talk`, `get_help`, `edit`, `send_anyway` or `keep_reading`.
    pub id: String,
    /// The button text.
    pub label: String,
}

/// A support service as the popup shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceLink {
    /// Stable id from the directory (`kz-150`).
    pub id: String,
    /// Name in the locale, falling back to English.
    pub name: String,
    /// The service kind (`child_helpline`, `police`, ...).
    pub kind: String,
    /// The number as displayed (`8-800-2000-122`).
    pub phone: Option<String>,
    /// A ready `tel:` link (`tel:+78002000122`).
    pub tel: Option<String>,
    /// A web, chat or app address; always `https://`.
    pub url: Option<String>,
    /// Confirmed opening hours in the locale (`24/7`); absent when unconfirmed.
    pub hours: Option<String>,
    /// Whether the service is meant for parents (show the "for parents" marker).
    pub for_parents: bool,
    /// Whether the service is international (not from the child's country; show the
    /// "international" marker).
    pub international: bool,
}

impl ServiceLink {
    /// The service as shown in `locale`.
    pub fn new(service: &Service, locale: &Locale) -> ServiceLink {
        ServiceLink {
            id: service.id.clone(),
            name: service.name(&locale.lang).to_string(),
            kind: service.kind.as_str().to_string(),
            phone: service.phone_shown().map(str::to_string),
            tel: service.tel(),
            url: service.url.clone(),
            hours: service.hours.map(|h| locale.hours_label(h).to_string()),
            for_parents: service.audience == Audience::Parents,
            international: service.is_international(),
        }
    }
}

/// The buttons for a message of `category` travelling in `direction`, in display order.
///
/// Every nudge lets the child go on: outgoing ones end with "send anyway", incoming ones with
/// "keep reading" (an integrator may hide them in the JS popup with `allowSendAnyway: false`
/// or `allowKeepReading: false`).
///
/// * Incoming: block, report, talk, get help, keep reading. For self-harm the order is get
///   help, talk, report, block, keep reading: the message may come from a friend in danger,
///   so help comes first.
/// * Outgoing bullying and personal info: edit, send anyway.
/// * Outgoing self-harm: get help now, talk, send anyway. A child telling a friend "I want to
///   die" is reaching out: the nudge offers help *and* lets the message reach the friend (its
///   text says that telling a friend is brave), and never asks the child to rewrite it.
/// * Outgoing grooming and sextortion (rules with `direction = "any"`), and a card number or
///   code about to be sent (money): talk, get help, edit, send anyway. The child may be under
///   pressure or deceived, so people come first.
pub fn choices_for(category: Category, direction: Direction) -> &'static [ChoiceId] {
    use ChoiceId::*;
    match (direction, category) {
        (Direction::Outgoing, Category::Bullying | Category::PersonalInfo) => &[Edit, SendAnyway],
        (Direction::Outgoing, Category::SelfHarm) => &[GetHelp, Talk, SendAnyway],
        (Direction::Outgoing, Category::Grooming | Category::Sextortion | Category::Money) => &[Talk, GetHelp, Edit, SendAnyway],
        (_, Category::SelfHarm) => &[GetHelp, Talk, Report, Block, KeepReading],
        _ => &[Block, Report, Talk, GetHelp, KeepReading],
    }
}

/// Builds the nudge from a directory and a locale.
pub(crate) fn build(
    directory: &Directory,
    locale: &Locale,
    country: &str,
    category: Category,
    direction: Direction,
) -> Nudge {
    let direction = concrete(direction);
    let (title, body) = locale.text(category, direction);
    let services = directory.services_for(country, category, false);
    Nudge {
        locale: locale.lang.clone(),
        dir: locale.dir.as_str().to_string(),
        category,
        direction,
        title: title.to_string(),
        body: body.to_string(),
        choices: choices_for(category, direction)
            .iter()
            .map(|id| Choice {
                id: id.as_str().to_string(),
                label: locale.choice_label(category, direction, *id).to_string(),
            })
            .collect(),
        services: services.iter().map(|s| ServiceLink::new(s, locale)).collect(),
        local_helpline: services.iter().any(|s| !s.is_international() && s.kind.is_someone_to_talk_to()),
        labels: locale.ui.clone(),
        conversation: false,
        signs: Vec::new(),
    }
}

/// Builds the conversation nudge: the incoming nudge of grooming (of sextortion when `threats`)
/// with the conversation texts and one sign per stage in `stages`, threats first.
pub(crate) fn build_conversation(directory: &Directory, locale: &Locale, country: &str, stages: &[Stage], threats: bool) -> Nudge {
    let category = if threats { Category::Sextortion } else { Category::Grooming };
    let mut nudge = build(directory, locale, country, category, Direction::Incoming);
    let (title, body) = locale.conversation_text();
    nudge.title = title.to_string();
    nudge.body = body.to_string();
    nudge.conversation = true;
    nudge.signs = threats.then(|| locale.threats_sign().to_string()).into_iter().chain(stages.iter().map(|s| locale.sign(*s).to_string())).collect();
    nudge
}

/// A message always travels one way; `Any` (a rule's direction) is read as incoming.
fn concrete(direction: Direction) -> Direction {
    match direction {
        Direction::Outgoing => Direction::Outgoing,
        Direction::Incoming | Direction::Any => Direction::Incoming,
    }
}

/// A plain English nudge used only if the built-in data failed to load (the tests rule this
/// out); it still points to Child Helpline International.
pub(crate) fn minimal(category: Category, direction: Direction) -> Nudge {
    let direction = concrete(direction);
    Nudge {
        locale: "en".to_string(),
        dir: "ltr".to_string(),
        category,
        direction,
        title: "You're not alone".to_string(),
        body: "It's not your fault. You can talk to an adult you trust.".to_string(),
        choices: choices_for(category, direction)
            .iter()
            .map(|id| Choice { id: id.as_str().to_string(), label: id.as_str().replace('_', " ") })
            .collect(),
        services: vec![ServiceLink {
            id: "zz-child-helpline-international".to_string(),
            name: "Child Helpline International".to_string(),
            kind: "directory".to_string(),
            phone: None,
            tel: None,
            url: Some("https://www.childhelplineinternational.org".to_string()),
            hours: None,
            for_parents: false,
            international: true,
        }],
        local_helpline: false,
        conversation: false,
        signs: Vec::new(),
        labels: UiLabels {
            dialog_label: "Safety check".to_string(),
            close: "Close".to_string(),
            services_heading: "People who can help".to_string(),
            call: "Call".to_string(),
            open: "Open".to_string(),
            for_parents: "For parents".to_string(),
            international: "International, in English".to_string(),
            more_help: "More ways to get help".to_string(),
            no_local_helpline: "No children's helpline is listed for your country yet.".to_string(),
            block_confirm: "Block this person?".to_string(),
            block_yes: "Yes, block".to_string(),
            cancel: "Not now".to_string(),
            waiting: "Ready? Tap here, or press Esc then Tab.".to_string(),
            messages_count: "Messages: {n}".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_sets_follow_the_brief() {
        let ids = |c, d| choices_for(c, d).iter().map(|x| x.as_str()).collect::<Vec<_>>();
        assert_eq!(ids(Category::Grooming, Direction::Incoming), ["block", "report", "talk", "get_help", "keep_reading"]);
        assert_eq!(ids(Category::Bullying, Direction::Outgoing), ["edit", "send_anyway"]);
        assert_eq!(ids(Category::PersonalInfo, Direction::Outgoing), ["edit", "send_anyway"]);
        assert_eq!(ids(Category::SelfHarm, Direction::Outgoing), ["get_help", "talk", "send_anyway"]);
        assert_eq!(ids(Category::Money, Direction::Outgoing), ["talk", "get_help", "edit", "send_anyway"]);
        assert_eq!(ids(Category::Money, Direction::Incoming), ["block", "report", "talk", "get_help", "keep_reading"]);
        assert_eq!(ids(Category::SelfHarm, Direction::Any), ids(Category::SelfHarm, Direction::Incoming));
    }

    #[test]
    fn every_nudge_lets_the_child_go_on() {
        for category in Category::ALL {
            assert_eq!(choices_for(*category, Direction::Outgoing).last(), Some(&ChoiceId::SendAnyway), "{category}");
            assert_eq!(choices_for(*category, Direction::Incoming).last(), Some(&ChoiceId::KeepReading), "{category}");
        }
    }

    #[test]
    fn minimal_nudge_still_points_somewhere() {
        let n = minimal(Category::Sextortion, Direction::Any);
        assert_eq!(n.direction, Direction::Incoming);
        assert_eq!(n.services.len(), 1);
        assert!(n.services[0].url.as_deref().is_some_and(|u| u.starts_with("https://")));
    }
}
