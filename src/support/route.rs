//! Which services a nudge shows, and in what order.
//!
//! The routing is split between data and code on purpose:
//!
//! * **Data** (`show_for` in each `rules/support/<country>.toml` entry) says *which* local
//!   services belong to which category. That is a per-country judgement ("in Kazakhstan,
//!   bullying goes to 150, 111 and eOtinish"), so moderators tune it next to the facts and
//!   sources of each service.
//! * **Code** (this module) holds the few rules that must hold everywhere and must not be
//!   undone by a data edit:
//!   1. only confirmed entries are shown unless the caller asks for unconfirmed ones;
//!   2. an `audience = "adults"` entry (StopNCII, 18+ only; a line for women) is never shown,
//!      even if a file lists it (the loader also rejects that);
//!   3. a country only ever shows its own entries plus international (`ZZ`) ones, so the
//!      Kazakh 111 can never appear for Kyrgyzstan or the other way round;
//!   4. international entries with `reach = "everywhere"` (Take It Down for sextortion, the
//!      CyberTipline for grooming) are added in every country *except* where a local service
//!      with the same job ([`ServiceKind::job`]: talk, report, remove images, complain, find)
//!      is routed for the category: a child in Kazakhstan reports grooming to the police 102,
//!      not to a US form, and a child in Britain removes images with Report Remove. So a
//!      foreign-only service appears only where nothing local does that job, and the popup
//!      marks it as international. `reach = "fallback"` entries (Child Helpline International,
//!      Befrienders) are added only when nobody to talk to (a child helpline,
//!      child-protection or mental-health line) is routed, and for unknown countries;
//!   5. the order is by kind, per category (see [`rank`]): a person to talk to comes first,
//!      then the category's own action (image removal for sextortion, a complaint for
//!      bullying, emergency numbers for self-harm), then police and emergency numbers, then
//!      directories. Local entries precede international ones of the same kind, and file
//!      order breaks the remaining ties.

use super::directory::{Directory, Service, INTERNATIONAL};
use super::kinds::{Confidence, Job, Reach, ServiceKind};
use crate::{order, Category};

/// See [`Directory::services_for`].
pub(crate) fn services_for<'a>(
    dir: &'a Directory,
    country: &str,
    category: Category,
    include_unconfirmed: bool,
) -> Vec<&'a Service> {
    let eligible = |s: &&Service| {
        s.show_for.contains(&category)
            && s.may_be_shown()
            && (include_unconfirmed || s.confidence == Confidence::Confirmed)
    };
    let code = country.trim().to_ascii_uppercase();
    let local: Vec<&Service> = match dir.country(&code) {
        Some(c) if c.code != INTERNATIONAL => c.services.iter().filter(eligible).collect(),
        _ => Vec::new(),
    };
    let international: Vec<&Service> =
        dir.country(INTERNATIONAL).map(|c| c.services.iter().filter(eligible).collect()).unwrap_or_default();

    let local_jobs: Vec<Job> = local.iter().map(|s| s.kind.job()).collect();
    let mut picked = local;
    picked.extend(
        international
            .iter()
            .copied()
            .filter(|s| s.reach == Some(Reach::Everywhere) && !local_jobs.contains(&s.kind.job())),
    );
    if !picked.iter().any(|s| s.kind.is_someone_to_talk_to()) {
        picked.extend(international.iter().copied().filter(|s| s.reach == Some(Reach::Fallback)));
    }
    // Stable: file order breaks ties.
    let key = |s: &Service| (rank(category, s.kind), s.is_international());
    order::sort_by(&mut picked, |a, b| key(a).cmp(&key(b)));
    picked
}

/// The position of `kind` in the nudge list for `category` (lower comes first).
pub fn rank(category: Category, kind: ServiceKind) -> usize {
    use ServiceKind::*;
    let order: &[ServiceKind] = match category {
        Category::SelfHarm => &[
            MentalHealth,
            ChildHelpline,
            ChildProtection,
            Chat,
            Emergency,
            Police,
            OnlineReport,
            Complaint,
            ImageRemoval,
            ViolenceHotline,
            Directory,
        ],
        Category::Sextortion => &[
            ChildHelpline,
            ChildProtection,
            MentalHealth,
            Chat,
            ImageRemoval,
            OnlineReport,
            Police,
            Emergency,
            Complaint,
            ViolenceHotline,
            Directory,
        ],
        Category::Bullying => &[
            ChildHelpline,
            ChildProtection,
            MentalHealth,
            Chat,
            Complaint,
            OnlineReport,
            Police,
            Emergency,
            ImageRemoval,
            ViolenceHotline,
            Directory,
        ],
        Category::Grooming => &[
            ChildHelpline,
            ChildProtection,
            MentalHealth,
            Chat,
            Police,
            Emergency,
            OnlineReport,
            Complaint,
            ImageRemoval,
            ViolenceHotline,
            Directory,
        ],
        Category::Money => &[
            ChildHelpline,
            ChildProtection,
            Police,
            OnlineReport,
            Chat,
            MentalHealth,
            Emergency,
            Complaint,
            ImageRemoval,
            ViolenceHotline,
            Directory,
        ],
        Category::PersonalInfo => &[
            ChildHelpline,
            ChildProtection,
            MentalHealth,
            Chat,
            OnlineReport,
            Police,
            Emergency,
            Complaint,
            ImageRemoval,
            ViolenceHotline,
            Directory,
        ],
    };
    order.iter().position(|k| *k == kind).unwrap_or(order.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_ranked_in_every_category() {
        for c in Category::ALL {
            let mut seen: Vec<usize> = ServiceKind::ALL.iter().map(|k| rank(*c, *k)).collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..ServiceKind::ALL.len()).collect::<Vec<_>>(), "{c}");
        }
    }

    #[test]
    fn someone_to_talk_to_comes_first() {
        for c in Category::ALL {
            assert!(rank(*c, ServiceKind::ChildHelpline) < rank(*c, ServiceKind::Police));
            assert!(rank(*c, ServiceKind::Directory) > rank(*c, ServiceKind::Emergency));
        }
        assert_eq!(rank(Category::SelfHarm, ServiceKind::MentalHealth), 0);
        assert!(rank(Category::SelfHarm, ServiceKind::Emergency) < rank(Category::SelfHarm, ServiceKind::Police));
    }
}
