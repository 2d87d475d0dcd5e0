//! Embeds the shipped rules so that the library works with no files at hand: the rule files
//! (rules/<lang>/*.toml, not support/ or locales/), or, when the environment variable
//! `TUMAR_BUILTIN_BUNDLE` names a bundle written by `tumar compile rules`, that bundle instead
//! (the npm package does this: a bundle loads faster and leaves the TOML text out).
//! Likewise `TUMAR_BUILTIN_SUPPORT` names the support directory and nudge texts written by
//! `tumar compile rules --support FILE`, embedded instead of rules/support and rules/locales
//! (src/support embeds those itself). A build without the `compiler` feature reads no TOML,
//! so it needs both.

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
