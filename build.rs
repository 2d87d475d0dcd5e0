//! Embeds the shipped rules so that the library works with no files at hand: the rule files
//! (rules/<lang>/*.toml, not support/ or locales/), or, when the environment variable
//! `TUMAR_BUILTIN_BUNDLE` names a bundle written by `tumar compile rules`, that bundle instead
//! (the npm package does this: a bundle loads faster and leaves the TOML text out).
//! Likewise `TUMAR_BUILTIN_SUPPORT` names the support directory and nudge texts written by
//! `tumar compile rules --support FILE`, embedded instead of rules/support and rules/locales
//! (src/support embeds those itself). A build without the `compiler` feature reads no TOML,
//! so it needs both.
//!
//! It also writes the fold table that src/normalize/fold_table.rs includes: the recipe of
//! src/normalize/fold_recipe.rs run over every code point, so that the library folds
//! characters without the tables of `unicode-normalization`.

#[path = "src/normalize/fold_recipe.rs"]
mod fold_recipe;

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The bundle's regex DFAs are read in place, which needs them at 4-byte boundaries.
    let bundle = embed_file("TUMAR_BUILTIN_BUNDLE", &out_dir.join("builtin_bundle.rs"), "&crate::compile::Aligned(*include_bytes!({path:?}))");
    let support = embed_file("TUMAR_BUILTIN_SUPPORT", &out_dir.join("builtin_support.rs"), "include_bytes!({path:?})");
    if std::env::var_os("CARGO_FEATURE_COMPILER").is_none() && (bundle.is_none() || support.is_none()) {
        panic!(
            "a build without the `compiler` feature cannot read rule or support files: set TUMAR_BUILTIN_BUNDLE and \
             TUMAR_BUILTIN_SUPPORT to files written by `tumar compile rules -o BUNDLE --support SUPPORT` (scripts/build-pkg.sh does)"
        );
    }

    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    if bundle.is_none() && std::env::var_os("CARGO_FEATURE_COMPILER").is_some() {
        collect(&rules, &mut files);
    }
    files.sort();
    let mut out = String::from("[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file.strip_prefix(&root).expect("file is under the crate").to_string_lossy().replace('\\', "/");
        out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", file.display().to_string()));
    }
    out.push(']');
    std::fs::write(out_dir.join("builtin_rules.rs"), out).expect("OUT_DIR is writable");

    println!("cargo:rerun-if-changed=src/normalize/fold_recipe.rs");
    std::fs::write(out_dir.join("fold_table.rs"), fold_table()).expect("OUT_DIR is writable");
}

/// The most code points one run of the fold table covers.
const MAX_RUN: u32 = 1 << 11;
/// Runs of shifts or one text this short may go into a run of texts instead.
const SHORT_RUN: u32 = 2;

/// The Rust source of the fold table (`RUNS` and `POOL`, read by src/normalize/fold_table.rs):
/// runs of consecutive code points whose folding is not themselves. A run is the longest of a
/// shift (every code point, or every other one, moves by one distance) and one text for all;
/// where that covers at most [`SHORT_RUN`] code points, texts of one length one after another
/// when they cover more.
fn fold_table() -> String {
    let folds: Vec<Option<String>> = (0..=char::MAX as u32)
        .map(|code| {
            let c = char::from_u32(code)?;
            let mut folded = String::new();
            fold_recipe::fold(c, &mut |f| folded.push(f));
            (folded != c.to_string()).then_some(folded)
        })
        .collect();
    let fold = |code: u32| folds.get(code as usize).and_then(Option::as_deref);
    // How many code points from `first` a run covers whose every `step`-th code point is
    // `alike` and whose others fold to themselves.
    let run_len = |first: u32, step: u32, alike: &dyn Fn(u32) -> bool| -> u32 {
        let mut len = 1;
        while len + step <= MAX_RUN && alike(first + len + step - 1) && (len..len + step - 1).all(|i| fold(first + i).is_none()) {
            len += step;
        }
        len
    };
    // The longest shift or single-text run from `first`, which folds to `text`.
    let alike_run = |first: u32, text: &str| -> (u32, Fold) {
        let mut best = (run_len(first, 1, &|next| fold(next) == Some(text)), Fold::Text);
        let mut chars = text.chars();
        if let (Some(to), None) = (chars.next(), chars.next()) {
            let delta = to as i32 - first as i32;
            for step in [1, 2] {
                let shifted = |next: u32| fold(next).is_some_and(|t| t.chars().eq(char::from_u32((next as i32 + delta) as u32)));
                let len = run_len(first, step, &shifted);
                if len > best.0 || (len == best.0 && step == 1) {
                    best = (len, Fold::Shift { delta, every_other: step == 2 });
                }
            }
        }
        best
    };

    let mut runs = Vec::new();
    let mut code = 0;
    while (code as usize) < folds.len() {
        let Some(text) = fold(code) else {
            code += 1;
            continue;
        };
        let alike = alike_run(code, text);
        let same_len = |next: u32| fold(next).is_some_and(|t| t.len() == text.len() && alike_run(next, t).0 <= SHORT_RUN);
        let texts_len = run_len(code, 1, &same_len);
        let (len, kind) = if alike.0 <= SHORT_RUN && texts_len > alike.0 { (texts_len, Fold::Texts) } else { alike };
        let text = match kind {
            Fold::Text => text.to_string(),
            Fold::Texts => (code..code + len).filter_map(fold).collect(),
            Fold::Shift { .. } => String::new(),
        };
        runs.push((code, len, kind, text));
        code += len;
    }

    // Longest first, so that a shorter text is often found inside a longer one.
    let mut texts: Vec<&str> = runs.iter().map(|run| run.3.as_str()).collect();
    texts.sort_by_key(|text| std::cmp::Reverse(text.len()));
    let mut pool = String::new();
    for text in texts {
        if !pool.contains(text) {
            pool.push_str(text);
        }
    }
    let mut out = format!("/// The runs of the fold table, by first code point.\nstatic RUNS: [Run; {}] = [\n", runs.len());
    for (first, len, kind, text) in &runs {
        let offset = pool.find(text.as_str()).expect("every text is in the pool");
        out.push_str(&match kind {
            Fold::Shift { delta, every_other } => format!("    Run::shift({first:#X}, {len}, {delta}, {every_other}),\n"),
            Fold::Text => format!("    Run::text({first:#X}, {len}, {offset}, {}),\n", text.len()),
            Fold::Texts => format!("    Run::texts({first:#X}, {len}, {offset}, {}),\n", text.len() / *len as usize),
        });
    }
    out.push_str(&format!("];\n\n/// The texts of the fold table's runs, one after another.\nstatic POOL: &str = {pool:?};\n"));
    out
}

/// How a run of the fold table folds its code points (see `Run` in src/normalize/fold_table.rs).
#[derive(Clone, Copy)]
enum Fold {
    Shift { delta: i32, every_other: bool },
    Text,
    Texts,
}

/// Writes to `code` the expression `Some(EMBED)` when the environment variable `var` names a
/// FILE, else `None`; returns that file. `embed` is the expression that includes `{path:?}`.
fn embed_file(var: &str, code: &Path, embed: &str) -> Option<String> {
    println!("cargo:rerun-if-env-changed={var}");
    let path = std::env::var(var).ok().filter(|p| !p.is_empty());
    let expression = match &path {
        Some(path) => {
            println!("cargo:rerun-if-changed={path}");
            format!("Some({})", embed.replace("{path:?}", &format!("{path:?}")))
        }
        None => "None".to_string(),
    };
    std::fs::write(code, expression).expect("OUT_DIR is writable");
    path
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let name = entry.file_name();
            if name != "support" && name != "locales" {
                println!("cargo:rerun-if-changed={}", path.display());
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
