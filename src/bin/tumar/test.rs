//! `tumar test [DIR]`: runs every rule's tests; the last line is `N passed, N failed`.

use crate::args::Common;
use crate::load;
use tumar::selftest::{self, Outcome};

pub fn run(args: &Common, dir: Option<&str>) -> u8 {
    if let Some(bundle) = load::bundle_path(args, dir) {
        // A bundle keeps no `match` / `no_match` lines: reporting 0 tests would mislead.
        eprintln!("error[E132]: {bundle}: a compiled bundle keeps no rule tests; run `tumar test` on the rules folder it was compiled from");
        return 1;
    }
    let Some(rules) = load::rules(args, dir) else { return 1 };
    let report = selftest::run(&rules);
    for failure in &report.failures {
        print_failure(failure);
    }
    let closed: Vec<&Outcome> = report.todos.iter().filter(|t| t.passed).collect();
    for todo in &closed {
        say!("todo closed  {}  {}: {} {:?} now behaves; move it to the tested lines", todo.rule, position(todo), todo.kind.key(), todo.text);
    }
    let open = report.todos.len() - closed.len();
    say!("{} todo lines: {} still open, {} closed", report.todos.len(), open, closed.len());
    say!("{} passed, {} failed", report.passed, report.failed());
    u8::from(report.failed() > 0)
}

fn position(o: &Outcome) -> String {
    format!("{}:{}:{}", o.location.file, o.location.line, o.location.column)
}

fn print_failure(f: &Outcome) {
    say!("FAIL  {}  {}", f.rule, position(f));
    say!("      {}: {:?}", f.kind.key(), f.text);
    match &f.matched {
        Some(span) => say!("      but the rule fired on {span:?}"),
        None if f.fired.is_empty() => say!("      but nothing fired"),
        None => say!("      but only other rules fired: {}", f.fired.join(", ")),
    }
}
