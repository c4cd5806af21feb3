//! Every doc example of an API crate uses only that crate's paths (and
//! `std` and `tokio`), so a user with only the API crate in Cargo.toml can
//! compile it. The front-page examples are also compiled for real, by the
//! `*_front_page.rs` tests of this crate; this test covers every other doc
//! example, which rustdoc compiles with the crate's dev-dependencies and so
//! cannot catch a path the user would lack.

use std::fs;
use std::path::{Path, PathBuf};

/// The crates a user of an API crate does not have in Cargo.toml.
const NOT_A_USERS_DEPENDENCY: &[&str] = &[
    "autoclient_common",
    "rust_decimal",
    "chrono",
    "futures_util",
    "futures",
    "http",
    "reqwest",
    "serde_json",
    "serde",
    "url",
    "wiremock",
    "bytes",
    "secrecy",
    "base64",
    "hex",
    "tracing",
    "proptest",
];

const API_CRATES: &[&str] = &[
    "auterio-client",
    "autosync-client",
    "anuncios-client",
    "dealerauction-client",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether a fence's info string (after the backticks) is Rust code that
/// rustdoc compiles.
fn is_rust_fence(info: &str) -> bool {
    let info = info.trim();
    info.is_empty()
        || info.split(',').map(str::trim).all(|word| {
            matches!(
                word,
                "rust" | "no_run" | "should_panic" | "compile_fail" | "edition2021" | "edition2024"
            )
        })
}

/// The paths of other crates used by one line of code.
fn foreign_paths(code: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for krate in NOT_A_USERS_DEPENDENCY {
        let needle = format!("{krate}::");
        let mut rest = code;
        while let Some(at) = rest.find(&needle) {
            let before = rest[..at].chars().next_back();
            let starts_a_path =
                before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
            if starts_a_path {
                found.push(*krate);
                break;
            }
            rest = &rest[at + needle.len()..];
        }
    }
    found
}

/// The other crates a code block may name because it imports them from the
/// API crate's re-exports (`use dealerauction_client::serde_json;`).
fn imported_from_api_crate(block: &[(usize, &str)], api: &str) -> Vec<&'static str> {
    let prefix = format!("use {api}::");
    block
        .iter()
        .filter_map(|(_, code)| code.trim().strip_prefix(prefix.as_str()))
        .flat_map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter_map(|word| NOT_A_USERS_DEPENDENCY.iter().find(|k| **k == word))
                .copied()
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Doc-comment code lines of a source file of the API crate `api` (its
/// Rust name) that name another crate, as `path:line: text`.
fn offending_lines(path: &Path, source: &str, api: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_rust = false;
    let mut in_other = false;
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("//!")
            .or_else(|| trimmed.strip_prefix("///"))
        else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        if let Some(info) = doc.trim_start().strip_prefix("```") {
            if in_rust {
                let allowed = imported_from_api_crate(&block, api);
                for (line_no, code) in block.drain(..) {
                    let foreign: Vec<_> = foreign_paths(code)
                        .into_iter()
                        .filter(|k| !allowed.contains(k))
                        .collect();
                    if !foreign.is_empty() {
                        out.push(format!(
                            "{}:{}: {} (uses {})",
                            path.display(),
                            line_no,
                            code.trim(),
                            foreign.join(", ")
                        ));
                    }
                }
                in_rust = false;
            } else if in_other {
                in_other = false;
            } else if is_rust_fence(info) {
                in_rust = true;
            } else {
                in_other = true;
            }
            continue;
        }
        if in_rust {
            // A line rustdoc hides (`# use …`) is compiled all the same.
            block.push((n + 1, doc.strip_prefix('#').unwrap_or(doc)));
        }
    }
    out
}

#[test]
fn doc_examples_name_only_the_crate_std_and_tokio() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut offending = Vec::new();
    let mut files_read = 0;
    for krate in API_CRATES {
        let mut files = Vec::new();
        rust_files(&workspace.join(krate).join("src"), &mut files);
        rust_files(&workspace.join(krate).join("doc"), &mut files);
        for file in files {
            let source = fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            files_read += 1;
            offending.extend(offending_lines(&file, &source, &krate.replace('-', "_")));
        }
    }
    assert!(files_read > 20, "read only {files_read} source files");
    assert!(
        offending.is_empty(),
        "doc examples that need a crate a user does not have; use the API crate's re-export:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_scanner_finds_what_it_must() {
    let source = "/// ```\n/// use rust_decimal::Decimal;\n/// # use futures_util::TryStreamExt;\n/// let x = my_crate::Decimal::ZERO;\n/// ```\n/// ```text\n/// chrono::NaiveDate\n/// ```\nfn f() { chrono::Utc::now(); }\n";
    let found = offending_lines(Path::new("x.rs"), source, "my_crate");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("rust_decimal"));
    assert!(found[1].contains("futures_util"));

    let imported = "/// ```\n/// use my_crate::{Client, serde_json};\n/// serde_json::to_string(&1).unwrap();\n/// chrono::Utc::now();\n/// ```\n";
    let found = offending_lines(Path::new("x.rs"), imported, "my_crate");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("chrono"));
}
