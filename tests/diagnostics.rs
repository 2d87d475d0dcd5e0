//! Golden files for diagnostics: every folder in tests/diagnostics/ is a set of rule files;
//! its `expected.txt` is exactly what loading them reports (errors and warnings, rendered).
//! Run with `UPDATE_GOLDENS=1` to rewrite the goldens after an intended change, then review
//! the diff.

use std::fs;
use std::path::Path;
use tumar::rules::read_dir;
use tumar::Rules;

fn render(case: &Path) -> String {
    let (sources, unreadable) = read_dir(case);
    assert!(unreadable.is_empty(), "the case folder is readable: {unreadable}");
    match Rules::from_sources(&sources) {
        Ok(rules) => {
            let warnings: Vec<String> = rules.warnings().iter().map(|w| format!("{w}\n")).collect();
            format!("{}loaded {} rules\n", warnings.join("\n"), rules.rule_set().rules.len())
        }
        Err(diagnostics) => format!("{diagnostics}\n"),
    }
}

#[test]
fn diagnostics_match_their_goldens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate dir");
    let mut cases: Vec<_> = fs::read_dir(&root).expect("tests/diagnostics").flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 8, "golden cases are missing");
    let mut mismatches = Vec::new();
    for case in cases {
        let relative = case.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("under the crate").to_path_buf();
        let actual = render(&relative);
        let golden = case.join("expected.txt");
        if std::env::var_os("UPDATE_GOLDENS").is_some() {
            fs::write(&golden, &actual).expect("write golden");
            continue;
        }
        let expected = fs::read_to_string(&golden).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!("== {} ==\n--- expected\n{expected}\n+++ actual\n{actual}", relative.display()));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
