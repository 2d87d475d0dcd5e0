//! Embeds the shipped rules so that the library works with no files at hand: the rule files
//! (rules/<lang>/*.toml, not support/ or locales/), or, when the environment variable
//! `TUMAR_BUILTIN_BUNDLE` names a bundle written by `tumar compile rules`, that bundle instead
//! (the npm package does this: a bundle loads faster and leaves the TOML text out).
//! Likewise `TUMAR_BUILTIN_SUPPORT` names the support directory and nudge texts written by
//! `tumar compile rules --support FILE`, embedded instead of rules/support and rules/locales
//! (src/support embeds those itself). A build without the `compiler` feature reads no TOML,
//! so it needs both.
//!
//! It also writes the fold table (src/normalize/fold_table.rs): the recipe of
//! src/normalize/fold_recipe.rs run over every code point, so that the library folds
//! characters without the tables of `unicode-normalization`.

#[path = "src/normalize/fold_recipe.rs"]
mod fold_recipe;

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let bundle = embed_file("TUMAR_BUILTIN_BUNDLE", &out_dir.join("builtin_bundle.rs"));
    let support = embed_file("TUMAR_BUILTIN_SUPPORT", &out_dir.join("builtin_support.rs"));
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
/// The Hangul syllables, which the fold table decomposes arithmetically.
const HANGUL_SYLLABLES: std::ops::RangeInclusive<u32> = 0xAC00..=0xD7A3;

/// The Rust source of the fold table (`RUNS` and `POOL`, read by src/normalize/fold_table.rs):
/// runs of consecutive code points whose folding is not themselves, each the longest of a
/// shift (every code point, or every other one, moves by one distance), one text for all of
/// them, or Hangul syllables.
fn fold_table() -> String {
    let folds: Vec<Option<String>> = (0..=char::MAX as u32)
        .map(|code| {
            let c = char::from_u32(code)?;
            let mut folded = String::new();
            fold_recipe::fold(c, &mut |f| folded.push(f));
            (folded != c.to_string()).then_some(folded)
        })
        .collect();
    let single = |code: u32| -> Option<u32> {
        let mut chars = folds.get(code as usize)?.as_deref()?.chars();
        chars.next().filter(|_| chars.next().is_none()).map(u32::from)
    };
    let same_run = |first: u32, step: u32, alike: &dyn Fn(u32) -> bool| -> u32 {
        let mut len = 1;
        while len + step <= MAX_RUN && alike(first + len + step - 1) && (len..len + step - 1).all(|i| folds.get((first + i) as usize).is_some_and(Option::is_none)) {
            len += step;
        }
        len
    };

    let mut runs = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut code = 0;
    while (code as usize) < folds.len() {
        let Some(text) = &folds[code as usize] else {
            code += 1;
            continue;
        };
        if HANGUL_SYLLABLES.contains(&code) {
            let len = (HANGUL_SYLLABLES.end() + 1 - code).min(MAX_RUN);
            runs.push((code, len, Fold::Hangul));
            code += len;
            continue;
        }
        let text_len = same_run(code, 1, &|next| folds.get(next as usize).and_then(Option::as_ref) == Some(text));
        let mut best = (text_len, Fold::Text(text.as_str()));
        if let Some(to) = single(code) {
            let delta = to as i32 - code as i32;
            for step in [1, 2] {
                let len = same_run(code, step, &|next| single(next).is_some_and(|to| to as i32 - next as i32 == delta));
                if len > best.0 || (len == best.0 && step == 1) {
                    best = (len, Fold::Shift { delta, every_other: step == 2 });
                }
            }
        }
        if let (_, Fold::Text(text)) = best {
            texts.push(text);
        }
        runs.push((code, best.0, best.1));
        code += best.0;
    }

    // Longest first, so that a shorter text is often found inside a longer one.
    texts.sort_by_key(|text| std::cmp::Reverse(text.len()));
    let mut pool = String::new();
    for text in texts {
        if !pool.contains(text) {
            pool.push_str(text);
        }
    }
    let mut out = format!("/// The runs of the fold table, by first code point.\nstatic RUNS: [Run; {}] = [\n", runs.len());
    for (first, len, fold) in runs {
        out.push_str(&match fold {
            Fold::Shift { delta, every_other } => format!("    Run::shift({first:#X}, {len}, {delta}, {every_other}),\n"),
            Fold::Text(text) => {
                let offset = pool.find(text).expect("every text is in the pool");
                format!("    Run::text({first:#X}, {len}, {offset}, {}),\n", text.len())
            }
            Fold::Hangul => format!("    Run::hangul({first:#X}, {len}),\n"),
        });
    }
    out.push_str(&format!("];\n\n/// The texts of the fold table's runs, one after another.\nstatic POOL: &str = {pool:?};\n"));
    out
}

/// How a run of the fold table folds its code points (see `Run` in src/normalize/fold_table.rs).
enum Fold<'a> {
    Shift { delta: i32, every_other: bool },
    Text(&'a str),
    Hangul,
}

/// Writes to `code` the expression `Some(include_bytes!(FILE))` when the environment variable
/// `var` names a FILE, else `None`; returns that file.
fn embed_file(var: &str, code: &Path) -> Option<String> {
    println!("cargo:rerun-if-env-changed={var}");
    let path = std::env::var(var).ok().filter(|p| !p.is_empty());
    let expression = match &path {
        Some(path) => {
            println!("cargo:rerun-if-changed={path}");
            format!("Some(include_bytes!({path:?}))")
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
