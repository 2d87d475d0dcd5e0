//! The closed vocabularies shared by rule files, verdicts, the support directory and the
//! nudge texts: categories, grooming stages, severities and message directions.
//!
//! Each type parses from and prints as the exact word used in rule files and in JSON
//! (`self_harm`, `risk_check`, `incoming`, ...).


/// Defines a fieldless enum whose variants map one-to-one onto lowercase words: serde,
/// `FromStr`, `Display`, `ALL`, `as_str` and `expected` (the words, for error messages).
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in files and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The accepted words, for error messages.
            pub fn expected() -> String {
                crate::error::quoted_list(&[$($word),+])
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($word => Ok($name::$variant),)+ _ => Err(()) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use word_enum;

word_enum!(
    /// The kind of harm a rule detects.
    Category {
        /// An adult building trust with a child in order to abuse them.
        Grooming => "grooming",
        /// Threats to share intimate images unless the child pays or sends more.
        Sextortion => "sextortion",
        /// Insults, exclusion, humiliation and threats between peers.
        Bullying => "bullying",
        /// Wanting to die or hurt oneself, or encouraging it.
        SelfHarm => "self_harm",
        /// Sharing or asking for an address, phone number, school or location.
        PersonalInfo => "personal_info",
        /// Risky money requests: card numbers, one-time codes, transfers, gift cards, impostors
        /// and money mules.
        Money => "money",
    }
);

word_enum!(
    /// A check a regex hit must also pass (`validate = "luhn"` in a rule).
    Validator {
        /// The digits of the hit form a payment-card number: 13 to 19 digits that pass the
        /// Luhn checksum.
        Luhn => "luhn",
    }
);

impl Validator {
    /// Whether the digits of `text` pass this check.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Validator::Luhn => {
                let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
                if !(13..=19).contains(&digits.len()) {
                    return false;
                }
                let sum: u32 = digits
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
                    .sum();
                sum.is_multiple_of(10)
            }
        }
    }
}

word_enum!(
    /// The stage of grooming a rule points at (grooming rules only).
    Stage {
        /// Age questions and age-gap talk: "how old are you?", "I'm 32, is that ok?".
        Age => "age",
        /// Flattery and "only I understand you".
        Trust => "trust",
        /// Moving to a private app, turning the child against family.
        Isolation => "isolation",
        /// "Our secret", "don't tell your parents", "delete the chat".
        Secrecy => "secrecy",
        /// "Are you alone?", "do your parents check your phone?".
        RiskCheck => "risk_check",
        /// Gifts, money, game currency.
        Gifts => "gifts",
        /// Sexual talk and image requests.
        Sexual => "sexual",
        /// Requests to meet.
        Meeting => "meeting",
    }
);

word_enum!(
    /// How serious a hit is. Ordered: `Signal < Low < Medium < High`.
    Severity {
        /// Never nudges by itself: counts only in a conversation's risk (an age question, a
        /// picture request). Listed in [`crate::Verdict::signals`], not in its hits.
        Signal => "signal",
        /// Worth a gentle nudge.
        Low => "low",
        /// Clearly concerning.
        Medium => "medium",
        /// Dangerous: act now.
        High => "high",
    }
);

word_enum!(
    /// Who sent a message, seen from the protected child.
    Direction {
        /// Someone else wrote it to the child.
        Incoming => "incoming",
        /// The child is sending it.
        Outgoing => "outgoing",
        /// Either (rules only; a message always has a concrete direction).
        Any => "any",
    }
);

word_enum!(
    /// A writing system, for rule scopes (`scripts = ["latin"]`).
    Script {
        /// Latin letters (English, Kazakh and Uzbek Latin, Russian typed in Latin, Arabizi).
        Latin => "latin",
        /// Cyrillic letters.
        Cyrillic => "cyrillic",
        /// Arabic letters.
        Arabic => "arabic",
    }
);

impl Direction {
    /// Whether a rule written for `self` applies to a message travelling in `message`.
    pub fn applies_to(self, message: Direction) -> bool {
        self == Direction::Any || message == Direction::Any || self == message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(*c));
        }
        assert_eq!("self_harm".parse::<Category>(), Ok(Category::SelfHarm));
        assert_eq!("risk_check".parse::<Stage>(), Ok(Stage::RiskCheck));
        assert!("Self_Harm".parse::<Category>().is_err());
    }

    #[test]
    fn luhn_accepts_card_numbers_only() {
        assert!(Validator::Luhn.accepts("4111 1111 1111 1111"));
        assert!(Validator::Luhn.accepts("5500-0000-0000-0004"));
        assert!(!Validator::Luhn.accepts("4111 1111 1111 1112"));
        assert!(!Validator::Luhn.accepts("8 701 234 56 78"), "a phone number is too short");
        assert!(!Validator::Luhn.accepts("0000"));
    }

    #[test]
    fn severity_is_ordered() {
        assert!(Severity::Signal < Severity::Low && Severity::Low < Severity::Medium && Severity::Medium < Severity::High);
    }

    #[test]
    fn direction_applies() {
        assert!(Direction::Any.applies_to(Direction::Outgoing));
        assert!(Direction::Incoming.applies_to(Direction::Incoming));
        assert!(!Direction::Incoming.applies_to(Direction::Outgoing));
    }

    #[test]
    fn json_uses_rule_file_words() {
        assert_eq!(serde_json::to_string(&Category::SelfHarm).unwrap(), "\"self_harm\"");
        assert_eq!(Severity::expected(), "`signal`, `low`, `medium`, `high`");
    }
}
