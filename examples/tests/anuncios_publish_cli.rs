//! anuncios-publish on a terminal, as a user meets it: what `--help` says,
//! how it refuses a configuration that would reach the real API by mistake,
//! the hints after a bad URL, the photo it sends without `--photo`, and a
//! quiet end when its reader goes away (`| head -1`).

use crate::support;

use support::{Run, assert_help_shows, first_line_then_closed_pipe, run};

const PUBLISH: &str = env!("CARGO_BIN_EXE_anuncios-publish");

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.cli-never-printed.4711";

/// A run with the real-API variables set as given (the rest cleared).
fn with_env(env: &[(&str, &str)]) -> Run {
    run(PUBLISH, &[], env)
}

/// Asserts a configuration refusal: exit 2, an `error:` line first on stderr,
/// and nothing sent (no "Publishing to" line).
fn assert_refused(run: &Run) -> &str {
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        !run.stdout.contains("Publishing to"),
        "a refused configuration still went on: {run:#?}"
    );
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{run:#?}");
    &run.stderr
}

#[test]
fn help_names_the_variables_that_reach_the_real_api_and_the_exit_statuses() {
    assert_help_shows(
        PUBLISH,
        &[
            "ANUNCIOS_BASE_URL",
            "ANUNCIOS_TOKEN",
            "ANUNCIOS_DEALER_ID",
            "PUBLISHES REAL LISTINGS",
        ],
    );
}

#[test]
fn help_shows_no_path_of_the_build_machine() {
    let run = run(PUBLISH, &["--help"], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        !run.stdout.contains(env!("CARGO_MANIFEST_DIR")),
        "--help names a path of the build tree:\n{}",
        run.stdout
    );
    assert!(run.stdout.contains("--photo <PATH>"), "{}", run.stdout);
}

#[test]
fn without_photo_it_sends_the_sample_photo_built_into_the_program() {
    let run = run(PUBLISH, &[], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.stdout
            .contains("Photo: anuncios-photo.png (620 Base64 characters)"),
        "{}",
        run.stdout
    );
}

#[test]
fn photo_sends_the_file_given() {
    let path = std::env::temp_dir().join(format!("anuncios-cli-{}.jpg", std::process::id()));
    std::fs::write(&path, b"\xFF\xD8\xFF\xE0 a tiny jpeg").unwrap();
    let run = run(PUBLISH, &["--photo", path.to_str().unwrap()], &[]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(
        run.stdout.contains(&format!("Photo: {name} (")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_photo_that_cannot_be_read_exits_2_naming_it() {
    let run = run(PUBLISH, &["--photo", "/nonexistent/frente.jpg"], &[]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr
            .starts_with("error: could not read photo `/nonexistent/frente.jpg`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_photo_exits_2_naming_it() {
    let path = std::env::temp_dir().join(format!("anuncios-cli-empty-{}.jpg", std::process::id()));
    std::fs::write(&path, b"").unwrap();
    let run = run(PUBLISH, &["--photo", path.to_str().unwrap()], &[]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert_eq!(
        run.stderr.trim_end(),
        format!("error: the photo `{}` is empty", path.display()),
    );
}

#[test]
fn an_empty_base_url_is_refused_naming_it_never_taken_for_the_mock() {
    for empty in ["", "  "] {
        let run = with_env(&[
            ("ANUNCIOS_BASE_URL", empty),
            ("ANUNCIOS_TOKEN", TOKEN),
            ("ANUNCIOS_DEALER_ID", "10"),
        ]);
        let stderr = assert_refused(&run);
        assert!(
            stderr.contains("ANUNCIOS_BASE_URL is set but empty"),
            "{stderr}"
        );
        assert!(!run.stdout.contains("mock"), "{run:#?}");
        run.assert_never_shows(TOKEN);
    }
}

#[test]
fn an_empty_token_or_dealer_id_is_refused_naming_it() {
    let run = with_env(&[
        ("ANUNCIOS_BASE_URL", "http://127.0.0.1:9"),
        ("ANUNCIOS_TOKEN", ""),
        ("ANUNCIOS_DEALER_ID", "10"),
    ]);
    assert!(
        assert_refused(&run).contains("ANUNCIOS_TOKEN is set but empty"),
        "{run:#?}"
    );
    let run = with_env(&[
        ("ANUNCIOS_BASE_URL", "http://127.0.0.1:9"),
        ("ANUNCIOS_TOKEN", TOKEN),
        ("ANUNCIOS_DEALER_ID", " "),
    ]);
    assert!(
        assert_refused(&run).contains("ANUNCIOS_DEALER_ID is set but empty"),
        "{run:#?}"
    );
    let run = with_env(&[
        ("ANUNCIOS_BASE_URL", "http://127.0.0.1:9"),
        ("ANUNCIOS_TOKEN", TOKEN),
        ("ANUNCIOS_DEALER_ID", "loja-10"),
    ]);
    assert!(
        assert_refused(&run).contains("ANUNCIOS_DEALER_ID is `loja-10`, not a dealer's numeric id"),
        "{run:#?}"
    );
    run.assert_never_shows(TOKEN);
}

/// The `hint:` line of a refused run.
fn hint(run: &Run) -> &str {
    run.stderr
        .lines()
        .find_map(|l| l.strip_prefix("hint: "))
        .unwrap_or_else(|| panic!("no hint: {run:#?}"))
}

fn with_base_url(url: &str) -> Run {
    with_env(&[
        ("ANUNCIOS_BASE_URL", url),
        ("ANUNCIOS_TOKEN", TOKEN),
        ("ANUNCIOS_DEALER_ID", "10"),
    ])
}

#[test]
fn the_hint_after_a_url_without_scheme_says_it_has_none() {
    let run = with_base_url("api.example.com");
    assert_refused(&run);
    let hint = hint(&run);
    assert!(hint.contains("has no scheme"), "{hint}");
    assert!(hint.contains("https://"), "{hint}");
}

#[test]
fn the_hint_after_a_url_ending_in_v3_gives_the_root_to_use() {
    let run = with_base_url("https://gw.example.com/lc/v3/");
    assert_refused(&run);
    let hint = hint(&run);
    assert!(hint.contains("ends in /v3"), "{hint}");
    assert!(hint.contains("use https://gw.example.com/lc"), "{hint}");
}

#[test]
fn the_hint_after_a_url_with_a_query_says_so_without_repeating_it() {
    let run = with_base_url("https://api.example.com/?token=secret-in-query-4711");
    assert_refused(&run);
    assert!(hint(&run).contains("has a query or fragment"), "{run:#?}");
    run.assert_never_shows("secret-in-query-4711");
}

#[test]
fn the_hint_after_another_scheme_names_the_scheme() {
    let run = with_base_url("ftp://api.example.com");
    assert_refused(&run);
    assert!(hint(&run).contains("starts with `ftp://`"), "{run:#?}");
}

#[test]
fn its_output_has_no_debug_text() {
    let run = run(PUBLISH, &[], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    for debug in ["Some(", "None", "[\"", "\"]", "Listing {"] {
        assert!(!run.stdout.contains(debug), "`{debug}` in:\n{}", run.stdout);
    }
    // Rates are rounded, counts separated.
    let rate = run
        .stdout
        .lines()
        .find(|l| l.contains(" published in "))
        .unwrap_or_else(|| panic!("no rate line:\n{}", run.stdout));
    let per_sec = rate
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix("/s)"))
        .unwrap_or_else(|| panic!("no rate in `{rate}`"));
    let decimals = per_sec.split_once('.').map_or(0, |(_, d)| d.len());
    assert!(decimals <= 1, "the rate is not rounded: {rate}");
}

#[test]
fn piped_into_head_it_exits_quietly_when_the_reader_goes_away() {
    let first = first_line_then_closed_pipe(PUBLISH, &[]);
    assert!(first.starts_with("Publishing to"), "{first}");
}
