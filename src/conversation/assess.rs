//! Scoring one conversation's events at a moment: the risk level, the stages seen and the
//! events that led there. Pure: the same events and `now` always give the same assessment.

use super::{Event, Risk};
use crate::order;
use crate::rules::RiskModel;
use crate::vocab::{Category, Direction, Severity, Stage};

/// A conversation's risk at one moment, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The risk level.
    pub risk: Risk,
    /// The weighted sum of the stages' evidence.
    pub score: f64,
    /// The grooming stages seen (an incoming event whose weight is at least `stage_seen_from`:
    /// the child's own words alone never make a stage seen), the one adding most first.
    pub stages: Vec<Stage>,
    /// Whether a recent incoming sextortion hit made the risk high.
    pub sextortion: bool,
    /// The events behind the score, most weighty first: the strongest of each stage seen, and
    /// the sextortion hits that count.
    pub reasons: Vec<Event>,
}

/// What `event` counts at `now_ms`: its points, halved for the child's own messages, decayed
/// by its age.
pub(crate) fn weight(model: &RiskModel, event: &Event, now_ms: i64) -> f64 {
    let hours = (now_ms.saturating_sub(event.time_ms)).max(0) as f64 / 3_600_000.0;
    let direction = if event.direction == Direction::Outgoing { model.outgoing } else { 1.0 };
    model.points(event.severity) * direction * 0.5f64.powf(hours / model.half_life_hours)
}

/// A key that orders events by their weight at any moment (the decay is the same for all), so
/// that which events a full conversation keeps does not depend on when it is asked.
pub(crate) fn lasting_weight(model: &RiskModel, event: &Event) -> f64 {
    let direction = if event.direction == Direction::Outgoing { model.outgoing } else { 1.0 };
    (model.points(event.severity) * direction).max(f64::MIN_POSITIVE).ln()
        + event.time_ms as f64 / 3_600_000.0 / model.half_life_hours * std::f64::consts::LN_2
}

/// Scores `events` at `now_ms` under `model`.
pub fn assess(model: &RiskModel, events: &[Event], now_ms: i64) -> Assessment {
    // Per stage, the strongest event, and whether someone else's message (not only the child's
    // own words) shows the stage strongly enough for it to count as seen.
    let mut strongest: [Option<(f64, &Event)>; 8] = [None; 8];
    let mut shown_to_child = [false; 8];
    for event in events.iter().filter(|e| e.category == Category::Grooming) {
        let Some(stage) = event.stage else { continue };
        let w = weight(model, event, now_ms);
        let slot = &mut strongest[stage as usize];
        if slot.is_none_or(|(best, _)| w > best) {
            *slot = Some((w, event));
        }
        shown_to_child[stage as usize] |= event.direction == Direction::Incoming && w >= model.stage_seen_from;
    }
    let score: f64 = Stage::ALL
        .iter()
        .filter_map(|&stage| strongest[stage as usize].map(|(w, _)| w * model.stage_weight(stage)))
        .sum();
    let mut seen: Vec<(f64, &Event)> = Stage::ALL
        .iter()
        .filter(|&&stage| shown_to_child[stage as usize])
        .filter_map(|&stage| strongest[stage as usize])
        .collect();
    // Strongest first: by what each stage adds to the score.
    let added = |(w, e): &(f64, &Event)| w * e.stage.map_or(0.0, |s| model.stage_weight(s));
    order::sort_by(&mut seen, |a, b| added(b).total_cmp(&added(a)).then(a.1.stage.cmp(&b.1.stage)));
    let window_ms = (model.sextortion_hours * 3_600_000.0) as i64;
    let mut sextortion: Vec<&Event> = events
        .iter()
        .filter(|e| e.category == Category::Sextortion && e.direction == Direction::Incoming)
        .filter(|e| e.severity >= model.sextortion_high_at && e.severity > Severity::Signal)
        .filter(|e| now_ms.saturating_sub(e.time_ms) <= window_ms)
        .collect();
    order::sort_by(&mut sextortion, |a, b| b.severity.cmp(&a.severity).then(b.time_ms.cmp(&a.time_ms)));
    let stages: Vec<Stage> = seen.iter().filter_map(|(_, e)| e.stage).collect();
    let risk = if !sextortion.is_empty() || (score >= model.high && stages.len() >= model.high_min_stages as usize) {
        Risk::High
    } else if score >= model.medium {
        Risk::Medium
    } else if score >= model.low {
        Risk::Low
    } else {
        Risk::None
    };
    let reasons = sextortion.iter().copied().chain(seen.iter().map(|(_, e)| *e)).cloned().collect();
    Assessment { risk, score, stages, sextortion: !sextortion.is_empty(), reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(stage: Stage, severity: Severity, hours: i64) -> Event {
        Event {
            rule: format!("en-{stage}"),
            category: Category::Grooming,
            stage: Some(stage),
            severity,
            direction: Direction::Incoming,
            time_ms: hours * 3_600_000,
        }
    }

    #[test]
    fn one_signal_is_low_and_stages_add_up() {
        let model = RiskModel::default();
        let one = assess(&model, &[event(Stage::Age, Severity::Signal, 0)], 0);
        assert_eq!((one.risk, one.stages.as_slice()), (Risk::Low, &[Stage::Age][..]));
        let many = [
            event(Stage::Age, Severity::Signal, 0),
            event(Stage::Trust, Severity::Medium, 0),
            event(Stage::Sexual, Severity::Medium, 0),
            event(Stage::Secrecy, Severity::Signal, 0),
        ];
        let a = assess(&model, &many, 0);
        assert_eq!(a.risk, Risk::High, "{a:?}");
        assert_eq!(a.stages, [Stage::Sexual, Stage::Trust, Stage::Age, Stage::Secrecy], "the stage adding most first");
        assert_eq!(a.reasons.len(), 4);
    }

    #[test]
    fn the_childs_own_words_alone_never_make_a_stage_seen() {
        let model = RiskModel::default();
        let mut own = event(Stage::RiskCheck, Severity::High, 0);
        own.direction = Direction::Outgoing;
        let a = assess(&model, std::slice::from_ref(&own), 0);
        assert!(a.stages.is_empty() && a.score == 2.0, "{a:?}");
        let asked = event(Stage::RiskCheck, Severity::Signal, 0);
        let b = assess(&model, &[own, asked], 0);
        assert_eq!(b.stages, [Stage::RiskCheck], "asked by someone else, the stage counts, with the child's stronger answer");
        assert_eq!(b.score, 2.0);
    }

    #[test]
    fn evidence_decays_with_time() {
        let model = RiskModel::default();
        let e = event(Stage::Sexual, Severity::High, 0);
        assert_eq!(weight(&model, &e, 0), 4.0);
        assert!((weight(&model, &e, 240 * 3_600_000) - 2.0).abs() < 1e-9);
        let old = assess(&model, &[event(Stage::Age, Severity::Signal, 0)], 60 * 24 * 3_600_000);
        assert_eq!(old.risk, Risk::None, "two months later a lone signal is gone");
    }

    #[test]
    fn lasting_weight_orders_like_weight_at_any_time() {
        let model = RiskModel::default();
        let a = event(Stage::Age, Severity::High, 0);
        let b = event(Stage::Age, Severity::Signal, 100);
        for now in [100, 1_000, 10_000] {
            let by_weight = weight(&model, &a, now * 3_600_000) > weight(&model, &b, now * 3_600_000);
            assert_eq!(by_weight, lasting_weight(&model, &a) > lasting_weight(&model, &b));
        }
    }

    #[test]
    fn incoming_sextortion_is_high_for_a_while() {
        let model = RiskModel::default();
        let threat = Event { category: Category::Sextortion, stage: None, ..event(Stage::Age, Severity::High, 0) };
        assert_eq!(assess(&model, std::slice::from_ref(&threat), 3_600_000).risk, Risk::High);
        assert_eq!(assess(&model, std::slice::from_ref(&threat), 100 * 3_600_000).risk, Risk::None);
        let outgoing = Event { direction: Direction::Outgoing, ..threat };
        assert_eq!(assess(&model, &[outgoing], 0).risk, Risk::None, "the child's own words are not a threat to them");
    }
}
