//! The conversation risk model (`kind = "conversation"`): how the grooming and sextortion hits
//! of a chat add up to a risk level. Moderators tune it in `rules/conversation.toml`; every key
//! is optional and a missing one keeps its [`RiskModel::default`] value. Reading the file is in
//! `risk_file.rs`; the scoring itself is in [`crate::conversation`].

use crate::error::Location;
use crate::vocab::{Severity, Stage};
use serde::{Deserialize, Serialize};

/// Largest weight, point value or threshold a moderator can set.
pub const MAX_RISK_NUMBER: f64 = 1000.0;

/// The tunable numbers of the conversation risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskModel {
    /// What one hit is worth, by its rule's severity: `[signal, low, medium, high]`.
    pub points: [f64; 4],
    /// How much each grooming stage's evidence weighs, in the order of [`Stage::ALL`].
    pub stage_weights: [f64; 8],
    /// Hours after which a hit counts half as much (then a quarter after twice as long...).
    pub half_life_hours: f64,
    /// What a hit in the child's own (outgoing) message counts, relative to an incoming one.
    pub outgoing: f64,
    /// Smallest score with risk `low`.
    pub low: f64,
    /// Smallest score with risk `medium`.
    pub medium: f64,
    /// Smallest score with risk `high`, when at least `high_min_stages` stages are seen.
    pub high: f64,
    /// How many distinct grooming stages risk `high` needs.
    pub high_min_stages: u32,
    /// A stage counts as seen while an incoming event of it weighs (points after decay) at
    /// least this; the child's own words alone never make a stage seen.
    pub stage_seen_from: f64,
    /// An incoming sextortion hit of at least this severity makes the risk `high` at once.
    pub sextortion_high_at: Severity,
    /// For how many hours such a sextortion hit keeps the risk `high`.
    pub sextortion_hours: f64,
    /// Where the model was written (not kept in bundles).
    #[serde(skip)]
    pub location: Option<Location>,
}

impl Default for RiskModel {
    /// The values of the shipped `rules/conversation.toml` (a test keeps them equal).
    fn default() -> RiskModel {
        RiskModel {
            points: [1.0, 2.0, 3.0, 4.0],
            //             age  trust isol secr risk gift sex  meet
            stage_weights: [2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 2.0, 1.5],
            half_life_hours: 240.0,
            outgoing: 0.5,
            low: 1.0,
            medium: 3.0,
            high: 7.0,
            high_min_stages: 3,
            stage_seen_from: 0.5,
            sextortion_high_at: Severity::Medium,
            sextortion_hours: 72.0,
            location: None,
        }
    }
}

impl RiskModel {
    /// What a hit of `severity` is worth.
    pub fn points(&self, severity: Severity) -> f64 {
        self.points[severity as usize]
    }

    /// The weight of `stage`.
    pub fn stage_weight(&self, stage: Stage) -> f64 {
        self.stage_weights[stage as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_weights_cover_every_stage() {
        assert_eq!(RiskModel::default().stage_weights.len(), Stage::ALL.len());
        assert_eq!(RiskModel::default().points.len(), Severity::ALL.len());
        assert_eq!(RiskModel::default().points(Severity::Signal), 1.0);
        assert_eq!(RiskModel::default().stage_weight(Stage::Age), 2.0);
    }
}
