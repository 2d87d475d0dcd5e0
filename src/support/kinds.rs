//! The closed vocabularies of the support directory: service kinds, audiences, confidence,
//! opening hours and international reach. Each parses from the exact word used in
//! `rules/support/*.toml`.

use crate::vocab::word_enum;

word_enum!(
    /// What a support service is. The kind decides where a service sits in a nudge's list.
    ServiceKind {
        /// A helpline for children (phone or chat) staffed by counsellors.
        ChildHelpline => "child_helpline",
        /// A child-protection hotline that takes reports of abuse (children can call it).
        ChildProtection => "child_protection",
        /// Emotional support or suicide prevention.
        MentalHealth => "mental_health",
        /// A text channel (web chat, WhatsApp, Telegram) of a helpline.
        Chat => "chat",
        /// Police.
        Police => "police",
        /// The emergency number (ambulance, rescue, or all services).
        Emergency => "emergency",
        /// Online reporting of abuse, exploitation or illegal content.
        OnlineReport => "online_report",
        /// Removal of intimate images.
        ImageRemoval => "image_removal",
        /// A formal complaint route (usually for parents).
        Complaint => "complaint",
        /// A line for victims of violence that is not a child helpline.
        ViolenceHotline => "violence_hotline",
        /// A directory that helps find a local service.
        Directory => "directory",
    }
);

impl ServiceKind {
    /// Whether this kind is a person the child can talk to (a helpline, not a report form).
    ///
    /// When no such service is routed for a country and category, the international
    /// `fallback` entries are added so the child always has somewhere to turn.
    pub fn is_someone_to_talk_to(self) -> bool {
        matches!(self, ServiceKind::ChildHelpline | ServiceKind::ChildProtection | ServiceKind::MentalHealth)
    }
}

impl ServiceKind {
    /// What the service does for the child. An international `reach = "everywhere"` entry is
    /// left out of a country's nudge when a local service with the same job is routed for the
    /// category (a US reporting form is not shown where the local police take reports).
    pub fn job(self) -> Job {
        match self {
            ServiceKind::ChildHelpline
            | ServiceKind::ChildProtection
            | ServiceKind::MentalHealth
            | ServiceKind::Chat
            | ServiceKind::ViolenceHotline => Job::Talk,
            ServiceKind::Police | ServiceKind::Emergency | ServiceKind::OnlineReport => Job::Report,
            ServiceKind::ImageRemoval => Job::RemoveImages,
            ServiceKind::Complaint => Job::Complain,
            ServiceKind::Directory => Job::Find,
        }
    }
}

/// What a service does for the child; see [`ServiceKind::job`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Someone listens: a helpline, counsellor, chat.
    Talk,
    /// Someone takes a report: police, emergency, an online reporting route.
    Report,
    /// Removes intimate images.
    RemoveImages,
    /// A formal complaint (usually for parents).
    Complain,
    /// Helps find a service elsewhere.
    Find,
}

word_enum!(
    /// Who a service is for.
    Audience {
        /// Children (the default): may be shown in a nudge.
        Children => "children",
        /// Parents and carers: may be shown, marked "for parents".
        Parents => "parents",
        /// Not for children (e.g. StopNCII, 18+ only; a line for women): never shown.
        Adults => "adults",
    }
);

// Written out because the `words!` macro does not take `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Audience {
    fn default() -> Self {
        Audience::Children
    }
}

word_enum!(
    /// How sure the research is about an entry.
    Confidence {
        /// A news, official or NGO source states the number or address.
        Confirmed => "confirmed",
        /// Kept for the record; never shown by default.
        Unconfirmed => "unconfirmed",
    }
);

word_enum!(
    /// Opening hours that are confirmed well enough to show. Anything else goes in
    /// `hours_note` (for moderators, never shown).
    Hours {
        /// Round the clock, every day.
        Always => "always",
        /// A website or app that takes reports at any time.
        Online => "online",
    }
);

word_enum!(
    /// How far an international (`ZZ`) service reaches.
    Reach {
        /// Shown in every country for its categories (e.g. Take It Down for sextortion),
        /// except where a local service with the same job is routed (see [`ServiceKind::job`]).
        Everywhere => "everywhere",
        /// Shown only where no local person to talk to is routed, and for unknown countries.
        Fallback => "fallback",
    }
);
