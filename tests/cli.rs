//! The `tumar` CLI as a moderator runs it: exit codes, diagnostics with file:line:col,
//! the `N passed, N failed` line, JSON Lines in and out, eval figures, bundles, overlays.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");

fn tumar(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tumar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tumar runs");
    let mut input = child.stdin.take().expect("stdin");
    // A run that fails early (a refused bundle) may exit before it reads its input.
    match input.write_all(stdin.unwrap_or("").as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("write stdin: {e}"),
        _ => drop(input),
    }
    child.wait_with_output().expect("tumar finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tumar-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn check_passes_on_good_rules_and_fails_with_locations_on_bad_ones() {
    let ok = tumar(&["check", FIXTURE], None);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("9 rules in 1 files: 0 errors"));

    let bad = tumar(&["check", "tests/diagnostics/unknown_keys"], None);
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.contains("error[E104]: unknown key `phrase`"), "{text}");
    assert!(text.contains("--> tests/diagnostics/unknown_keys/rules.toml:13:1"), "{text}");
    assert!(text.contains("did you mean `phrases`?"));
    assert!(text.trim_end().ends_with("3 errors, 0 warnings"));
}

#[test]
fn test_reports_failures_and_ends_with_the_count_line() {
    let ok = tumar(&["test", FIXTURE], None);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(stdout(&ok).lines().last(), Some("19 passed, 0 failed"));

    let dir = temp_dir("test");
    let rules = std::fs::read_to_string(format!("{FIXTURE}/en/fixture.toml")).unwrap();
    let broken = rules.replace(r#"no_match = ["the party is a secret"]"#, r#"no_match = ["it is our little secret"]"#).replace(
        r#"match = ["send me a pic"]"#,
        r#"match = ["send me a picture", "give me a photo"]"#,
    );
    std::fs::write(dir.join("rules.toml"), broken).unwrap();
    let failed = tumar(&["test", dir.to_str().unwrap()], None);
    assert_eq!(failed.status.code(), Some(1));
    let text = stdout(&failed);
    assert!(text.contains("FAIL  fx-secret"), "{text}");
    assert!(text.contains("no_match: \"it is our little secret\""));
    assert!(text.contains("but the rule fired on \"our little secret\""));
    assert!(text.contains("FAIL  fx-pic"));
    assert!(text.contains("but nothing fired"));
    assert_eq!(text.lines().last(), Some("18 passed, 2 failed"));
}

#[test]
fn explain_shows_normalized_text_hits_and_verdict() {
    let out = tumar(&["explain", "--rules", FIXTURE, "only", "0ur", "l1ttle", "s e c r e t", "ok?"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("normalized: onli our litle s e c r e t ok"), "{text}");
    assert!(text.contains("hit:        fx-secret (grooming/secrecy, medium)"));
    assert!(text.contains("only ⟦0ur l1ttle s e c r e t⟧ ok?"));
    assert!(text.contains("verdict:    nudge (grooming, incoming), severity medium, categories [grooming]"));

    let outgoing = tumar(&["explain", "--rules", FIXTURE, "--direction", "outgoing", "i want to die"], None);
    assert!(stdout(&outgoing).contains("fx-die (self_harm, high)"));
    let bad = tumar(&["explain", "--direction", "sideways", "x"], None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn scan_answers_every_line_in_order_and_flags_bad_lines() {
    let input = [
        r#"{"text": "😀 send me a pic", "direction": "incoming", "lang": "en", "conversation": "c1", "time_ms": 1}"#,
        r#"not json"#,
        r#"{"text": "i want to die", "direction": "outgoing"}"#,
        r#"{"text": "hello"}"#,
        r#"{"direction": "incoming"}"#,
        r#"{"text": "x", "direction": "sideways"}"#,
        r#"{"text": "x", "time_ms": "soon"}"#,
    ]
    .join("\n");
    let out = tumar(&["scan", "--rules", FIXTURE], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["categories"], serde_json::json!(["grooming"]));
    assert_eq!(lines[0]["action"], "nudge");
    assert_eq!(lines[0]["severity"], "high");
    assert_eq!(lines[0]["hits"][0]["rule"], "fx-pic");
    assert_eq!(lines[0]["hits"][0]["start"], 3);
    assert_eq!(lines[0]["hits"][0]["end"], 16);
    assert!(lines[1]["error"].as_str().unwrap().contains("not a JSON object"));
    assert_eq!(lines[2]["categories"], serde_json::json!(["self_harm"]));
    assert_eq!(lines[3]["action"], "none");
    assert_eq!(lines[3]["severity"], "none");
    assert!(lines[4]["error"].as_str().unwrap().contains("`text`"));
    assert!(lines[5]["error"].as_str().unwrap().contains("direction"));
    assert!(lines[6]["error"].as_str().unwrap().contains("time_ms"));

    let clean = tumar(&["scan", "--rules", FIXTURE], Some("{\"text\": \"hi\"}\n"));
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn scan_survives_invalid_utf8() {
    let out = tumar(&["scan", "--rules", FIXTURE], Some("{\"text\": \"hi\"}\n"));
    assert_eq!(out.status.code(), Some(0));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tumar"))
        .args(["scan", "--rules", FIXTURE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"{\"text\": \"\xff\xfe\"}\n{\"text\": \"ok\"}\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("not valid UTF-8"));
    assert!(lines[1].contains("\"action\":\"none\""));
}

#[test]
fn eval_reports_rates_and_the_rules_to_fix() {
    let dir = temp_dir("eval");
    let data = dir.join("sample.jsonl");
    std::fs::write(
        &data,
        [
            r#"{"text": "see you at practice", "label": "benign", "lang": "en"}"#,
            r#"{"text": "it is our little secret", "label": "benign", "lang": "en"}"#,
            r#"{"text": "lets do homework", "label": "benign", "lang": "en"}"#,
            r#"{"text": "nice weather", "label": "benign", "lang": "en"}"#,
            r#"{"text": "you total loser", "label": "bullying", "lang": "en"}"#,
            r#"{"text": "you are mean", "label": "bullying", "lang": "en"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let out = tumar(&["eval", "--rules", FIXTURE, data.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("sample.jsonl"));
    assert!(text.contains("25.00%"), "one of four benign lines fires: {text}");
    assert!(text.contains("50.00%"), "one of two harm lines fires");
    assert!(text.contains("1  fx-secret"));

    let json = tumar(&["eval", "--json", "--rules", FIXTURE, data.to_str().unwrap()], None);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["files"][0]["benign"], 4);
    assert_eq!(v["files"][0]["benign_fired"], 1);
    assert_eq!(v["files"][0]["top_benign_rules"][0]["rule"], "fx-secret");
}

#[test]
fn compile_writes_a_bundle_the_library_loads() {
    let dir = temp_dir("compile");
    let bundle = dir.join("rules.bundle");
    let out = tumar(&["compile", FIXTURE, "-o", bundle.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rules = tumar::Rules::from_bundle(&std::fs::read(&bundle).unwrap()).unwrap();
    assert_eq!(rules.scan("our little secret", tumar::Direction::Incoming).hits[0].rule, "fx-secret");
    // It says where the bytes go; by default the patterns as written are left out.
    let shown = stdout(&out);
    for part in ["rules", "pattern words", "pattern positions", "regex DFAs", "texts"] {
        assert!(shown.lines().any(|l| l.trim_start().starts_with(part) && l.contains(" bytes ")), "{part}: {shown}");
    }
    assert!(shown.contains("left out; --texts keeps them"), "{shown}");
    let explained = |rules: &tumar::Rules| rules.explain("our little secret", tumar::Direction::Incoming, &[]).remove(0).pattern;
    assert_eq!(explained(&rules), None);
    let with_texts = dir.join("texts.bundle");
    let out = tumar(&["compile", FIXTURE, "-o", with_texts.to_str().unwrap(), "--texts"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!stdout(&out).contains("left out"));
    let kept = tumar::Rules::from_bundle(&std::fs::read(&with_texts).unwrap()).unwrap();
    assert!(explained(&kept).is_some_and(|p| p.contains("secret")));
    let usage = tumar(&["compile", FIXTURE], None);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn a_bundle_serves_as_the_rules_of_scan_explain_and_check() {
    let dir = temp_dir("bundle-rules");
    let bundle = dir.join("rules.bundle");
    let path = bundle.to_str().unwrap();
    assert_eq!(tumar(&["compile", FIXTURE, "-o", path], None).status.code(), Some(0));

    let scanned = tumar(&["scan", "--rules", path], Some("{\"text\": \"our little secret\"}\n"));
    assert_eq!(scanned.status.code(), Some(0), "{}", String::from_utf8_lossy(&scanned.stderr));
    let verdict: Value = serde_json::from_str(stdout(&scanned).trim()).unwrap();
    assert_eq!(verdict["hits"][0]["rule"], "fx-secret");
    let explained = tumar(&["explain", "--rules", path, "our little secret"], None);
    assert!(stdout(&explained).contains("fx-secret"), "{}", stdout(&explained));
    let checked = tumar(&["check", path], None);
    assert_eq!(checked.status.code(), Some(0));
    assert!(stdout(&checked).contains("9 rules in the bundle"), "{}", stdout(&checked));

    // A damaged bundle is E120 at its path; tests and overlays need the rule files (E132).
    let damaged = dir.join("damaged.bundle");
    let bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let refused = tumar(&["scan", "--rules", damaged.to_str().unwrap()], Some("{\"text\": \"hi\"}\n"));
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(said.contains("error[E120]") && said.contains("damaged.bundle"), "{said}");
    let test = tumar(&["test", path], None);
    assert_eq!(test.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&test.stderr).contains("error[E132]"));
    let overlay = dir.join("overlay.toml");
    std::fs::write(&overlay, "[tumar]\nformat = 2\nkind = \"overlay\"\n\n[rule.fx-secret]\nenabled = false\n").unwrap();
    let overlaid = tumar(&["explain", "--rules", path, "--overlay", overlay.to_str().unwrap(), "our little secret"], None);
    assert_eq!(overlaid.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&overlaid.stderr).contains("error[E132]"), "{}", String::from_utf8_lossy(&overlaid.stderr));
}

#[test]
fn overlays_change_shipped_rules_without_editing_them() {
    let dir = temp_dir("overlay");
    let overlay = dir.join("overlay.toml");
    std::fs::write(&overlay, "[tumar]\nformat = 2\nkind = \"overlay\"\n\n[rule.fx-secret]\nenabled = false\n").unwrap();
    let out = tumar(&["explain", "--rules", FIXTURE, "--overlay", overlay.to_str().unwrap(), "our little secret"], None);
    assert!(stdout(&out).contains("hits:       none"), "{}", stdout(&out));

    std::fs::write(&overlay, "[tumar]\nformat = 2\nkind = \"overlay\"\n\n[rule.fx-nope]\nenabled = false\n").unwrap();
    let out = tumar(&["check", FIXTURE, "--overlay", overlay.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[E116]"));
    assert!(stdout(&out).contains("overlay.toml:5:7"));

    let every: String = ["fx-secret", "fx-pic", "fx-ordered", "fx-prefix", "fx-suffix", "fx-anywhere", "fx-die", "fx-phone", "fx-sequence"]
        .iter()
        .map(|id| format!("\n[rule.{id}]\nenabled = false\n"))
        .collect();
    std::fs::write(&overlay, format!("[tumar]\nformat = 2\nkind = \"overlay\"\n{every}")).unwrap();
    let out = tumar(&["check", FIXTURE, "--overlay", overlay.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    assert!(stdout(&out).contains("warning[W207]"), "{}", stdout(&out));
}

#[test]
fn an_unreadable_file_does_not_hide_the_other_files_problems() {
    let dir = temp_dir("unreadable");
    std::fs::create_dir_all(dir.join("en")).unwrap();
    std::fs::write(dir.join("en/a.toml"), b"[tumar]\nformat = 2\n\xff\xfe\n").unwrap();
    std::fs::write(dir.join("en/b.toml"), "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\nfoo = 1\n").unwrap();
    let out = tumar(&["check", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("E117") && text.contains("a.toml"), "{text}");
    assert!(text.contains("E104") && text.contains("b.toml:5:1"), "the other file's error is shown too: {text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tumar(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(tumar(&["check", "--colour"], None).status.code(), Some(2));
    assert_eq!(tumar(&["explain"], None).status.code(), Some(2), "explain needs a text");
    assert_eq!(tumar(&["explain", "--direction", "sideways", "hi"], None).status.code(), Some(2));
    let help = tumar(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    for command in ["check", "test", "explain", "scan", "eval", "compile"] {
        assert!(stdout(&help).contains(command), "--help lists `{command}`");
        let own = tumar(&[command, "--help"], None);
        assert_eq!(own.status.code(), Some(0), "{command} --help");
        assert!(stdout(&own).contains(&format!("Usage: tumar {command}")), "{command} --help: {}", stdout(&own));
    }
}

#[test]
fn check_also_validates_support_and_locale_files() {
    let dir = temp_dir("support");
    std::fs::create_dir_all(dir.join("en")).unwrap();
    std::fs::copy(format!("{FIXTURE}/en/fixture.toml"), dir.join("en/fixture.toml")).unwrap();
    for sub in ["support", "locales"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(format!("{}/rules/{sub}", env!("CARGO_MANIFEST_DIR"))).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let ok = tumar(&["check", dir.to_str().unwrap()], None);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("support directory and nudge texts: 0 errors"));

    // `compile --support` writes the same data, validated, in the form a build embeds.
    let (bundle, data) = (dir.join("rules.bundle"), dir.join("support.bin"));
    let compiled = tumar(&["compile", dir.to_str().unwrap(), "-o", bundle.to_str().unwrap(), "--support", data.to_str().unwrap()], None);
    assert_eq!(compiled.status.code(), Some(0), "{}", String::from_utf8_lossy(&compiled.stderr));
    assert!(stdout(&compiled).contains("support directory and nudge texts -> "), "{}", stdout(&compiled));
    let read = tumar::support::Support::from_compact(&std::fs::read(&data).unwrap()).unwrap();
    let builtin = tumar::support::Support::builtin().unwrap();
    assert_eq!(read.locales, builtin.locales, "the copied files are the built-in data");
    assert!(read.directory.services().eq(builtin.directory.services()), "the copied files are the built-in data");

    let en = dir.join("locales/en.toml");
    let broken = std::fs::read_to_string(&en).unwrap().replacen("[", "[[", 1);
    std::fs::write(&en, broken).unwrap();
    let bad = tumar(&["check", dir.to_str().unwrap()], None);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("S002"), "{}", stdout(&bad));
    assert!(stdout(&bad).contains("locales/en.toml:"));
    std::fs::remove_file(&data).unwrap();
    let refused = tumar(&["compile", dir.to_str().unwrap(), "-o", bundle.to_str().unwrap(), "--support", data.to_str().unwrap()], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("locales/en.toml:"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(!data.exists(), "nothing is written from broken files");
}

#[test]
fn hostile_files_and_inputs_are_refused_with_an_error() {
    let dir = temp_dir("hostile");
    std::fs::create_dir_all(dir.join("en")).unwrap();
    // A FIFO named like a rule file is never read (it would block forever).
    let fifo = dir.join("en/pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    if made {
        let out = tumar(&["check", dir.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(stdout(&out).contains("E117") || String::from_utf8_lossy(&out.stderr).contains("E117"), "{}", stdout(&out));
        std::fs::remove_file(&fifo).unwrap();
    }
    // A byte-order mark does not shift the columns of line 1.
    std::fs::write(dir.join("en/bom.toml"), "\u{FEFF}[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\nfoo = 1\n").unwrap();
    let out = tumar(&["check", dir.to_str().unwrap()], None);
    assert!(stdout(&out).contains("bom.toml:5:1"), "{}", stdout(&out));
    std::fs::remove_file(dir.join("en/bom.toml")).unwrap();
    // An empty `phrases` is a warning: the rule could never fire.
    std::fs::write(dir.join("en/empty.toml"), "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\n[[rule]]\nid = \"en-b-e\"\nseverity = \"low\"\ndirection = \"any\"\nphrases = []\nmatch = [\"x\"]\nno_match = [\"y\"]\n").unwrap();
    let out = tumar(&["check", dir.to_str().unwrap()], None);
    assert!(stdout(&out).contains("W206"), "{}", stdout(&out));
    // Terminal escape codes in a rule file are not echoed raw.
    std::fs::write(dir.join("en/empty.toml"), "[tumar]\nformat = 2\nlanguage = \"en\"\ncategory = \"bullying\"\n\u{1b}[31mfoo = 1\n").unwrap();
    let out = tumar(&["check", dir.to_str().unwrap()], None);
    assert!(!stdout(&out).contains('\u{1b}'), "{}", stdout(&out));
}

#[test]
fn scan_keeps_conversation_risk_per_conversation_id() {
    let line = |text: &str, id: &str, minute: i64| format!("{{\"text\": {text:?}, \"conversation\": {id:?}, \"time_ms\": {}}}", minute * 60_000);
    let input = [
        line("how old r u", "a", 0),
        line("im 24 but age is just a number", "a", 1),
        line("lets talk on telegram its more private", "a", 2),
        line("dont tell ur parents about us", "a", 3),
        line("how old r u", "b", 4),
        "{\"text\": \"hi\", \"conversation\": \"a\"}".to_string(),
        "{\"text\": \"hi\"}".to_string(),
    ]
    .join("\n");
    let out = tumar(&["scan"], Some(&input));
    assert_eq!(out.status.code(), Some(2), "a conversation without time_ms is an error line");
    let verdicts: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let risks: Vec<&str> = verdicts[..5].iter().map(|v| v["conversation"]["risk"].as_str().unwrap()).collect();
    assert_eq!(risks, ["low", "medium", "high", "high"].iter().copied().chain(["low"]).collect::<Vec<_>>());
    let nudges: Vec<bool> = verdicts[..4].iter().map(|v| v["conversation"]["nudge"].as_bool().unwrap()).collect();
    assert_eq!(nudges, [false, false, true, false], "the conversation nudge is asked for once");
    assert_eq!(verdicts[2]["nudge"]["conversation"], true);
    assert!(verdicts[5]["error"].as_str().unwrap().contains("time_ms"));
    assert!(verdicts[6].get("conversation").is_none());
}

#[test]
fn eval_conversations_reports_reached_latency_and_false_alarms() {
    let dir = temp_dir("eval-conversations");
    let data = dir.join("chats.jsonl");
    let message = |dir: &str, text: &str, minute: i64| format!("{{\"direction\": \"{dir}\", \"text\": {text:?}, \"time_ms\": {}}}", minute * 60_000);
    let chat = |id: &str, expect: &str, high_from: Option<usize>, messages: &[String]| {
        let from = high_from.map_or(String::new(), |h| format!(", \"high_from\": {h}"));
        format!("{{\"id\": \"{id}\", \"lang\": \"en\", \"expect\": \"{expect}\"{from}, \"messages\": [{}]}}", messages.join(", "))
    };
    let grooming = [
        message("incoming", "how old r u", 0),
        message("outgoing", "12", 1),
        message("incoming", "im 24 but age is just a number", 2),
        message("incoming", "lets talk on telegram its more private", 3),
        message("incoming", "dont tell ur parents about us", 4),
    ];
    let friendly = [message("incoming", "see you at practice", 0), message("incoming", "bring your boots", 1)];
    let lines = [chat("en-g", "high", Some(2), &grooming), chat("en-b", "not_high", None, &friendly), chat("en-miss", "high", Some(0), &friendly)];
    std::fs::write(&data, lines.join("\n")).unwrap();
    let out = tumar(&["eval", "--conversations", data.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("missed      en-miss"), "{text}");
    let json = tumar(&["eval", "--json", "--conversations", data.to_str().unwrap()], None);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let en = &v["languages"][0];
    assert_eq!((en["high"].as_u64(), en["reached_high"].as_u64(), en["not_high"].as_u64()), (Some(2), Some(1), Some(1)), "{en}");
    assert_eq!(en["median_latency"], 1, "high at message 3, a moderator would say 2: {en}");
    assert_eq!(en["false_alarms"].as_array().unwrap().len(), 0);
    assert_eq!(en["missed"][0], "en-miss");

    let broken = dir.join("broken.jsonl");
    std::fs::write(&broken, "{\"id\": \"x\"}\n").unwrap();
    let out = tumar(&["eval", "--conversations", broken.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.jsonl:1"), "located");
}
