//! Runs every rule's own tests (`match`, `no_match`, and the known gaps `todo_match`,
//! `todo_no_match`), the way `tumar test` reports them.

use crate::compile::Rules;
use crate::error::Location;
use crate::rules::TestLine;
use crate::vocab::Direction;

/// Which list a test line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestKind {
    /// `match`: must fire.
    Match,
    /// `no_match`: must not fire.
    NoMatch,
    /// `todo_match`: should fire one day.
    TodoMatch,
    /// `todo_no_match`: should stop firing one day.
    TodoNoMatch,
}

impl TestKind {
    /// The key of the list in rule files.
    pub fn key(self) -> &'static str {
        match self {
            TestKind::Match => "match",
            TestKind::NoMatch => "no_match",
            TestKind::TodoMatch => "todo_match",
            TestKind::TodoNoMatch => "todo_no_match",
        }
    }

    fn wants_hit(self) -> bool {
        matches!(self, TestKind::Match | TestKind::TodoMatch)
    }

    fn is_todo(self) -> bool {
        matches!(self, TestKind::TodoMatch | TestKind::TodoNoMatch)
    }
}

/// One test line whose outcome is worth reporting: a failure, or a known gap.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The rule under test.
    pub rule: String,
    /// Which list the line is in.
    pub kind: TestKind,
    /// The test message.
    pub text: String,
    /// Where the line is written.
    pub location: Location,
    /// Whether the rule behaved as the list asks (for todo lists: whether the gap is closed).
    pub passed: bool,
    /// The rules that fired on the line (for a failed `match`: what fired instead).
    pub fired: Vec<String>,
    /// The part of the line the rule fired on, for a failed `no_match`.
    pub matched: Option<String>,
}

/// The result of running every rule's tests.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// `match` and `no_match` lines that behaved.
    pub passed: usize,
    /// `match` and `no_match` lines that did not: these fail `tumar test`.
    pub failures: Vec<Outcome>,
    /// Every `todo_match` / `todo_no_match` line, closed (`passed`) or still open.
    pub todos: Vec<Outcome>,
}

impl Report {
    /// How many lines failed.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }
}

/// Runs the tests of every enabled rule. Each line is scanned in the rule's direction
/// (`incoming` for rules of direction `any`).
pub fn run(rules: &Rules) -> Report {
    let mut report = Report::default();
    for rule in rules.rule_set().rules.iter().filter(|r| r.enabled) {
        let direction = if rule.direction == Direction::Any { Direction::Incoming } else { rule.direction };
        let lists: [(TestKind, &Vec<TestLine>); 4] = [
            (TestKind::Match, &rule.tests.must_match),
            (TestKind::NoMatch, &rule.tests.must_not_match),
            (TestKind::TodoMatch, &rule.tests.todo_match),
            (TestKind::TodoNoMatch, &rule.tests.todo_no_match),
        ];
        for (kind, lines) in lists {
            for line in lines {
                let verdict = rules.scan(&line.text, direction);
                let own = verdict.fired().find(|h| h.rule == rule.id);
                let passed = own.is_some() == kind.wants_hit();
                let outcome = Outcome {
                    rule: rule.id.clone(),
                    kind,
                    text: line.text.clone(),
                    location: line.location.clone(),
                    passed,
                    fired: verdict.fired().map(|h| h.rule.clone()).collect(),
                    matched: own.map(|h| line.text[h.span.clone()].to_string()),
                };
                if kind.is_todo() {
                    report.todos.push(outcome);
                } else if passed {
                    report.passed += 1;
                } else {
                    report.failures.push(outcome);
                }
            }
        }
    }
    report
}
