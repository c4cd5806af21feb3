//! auterio-ingest as a user meets it: input without vehicles, input that
//! does not parse, a base URL that is empty or wrong, its output piped into
//! `head`, the rate it prints and its `--help`.

use crate::support;

use std::path::PathBuf;

use auterio_client::mock::{Fault, MOCK_API_KEY, MockAuterio};
use support::{Run, assert_help_shows, first_line_then_closed_pipe, run, run_async};

const INGEST: &str = env!("CARGO_BIN_EXE_auterio-ingest");

/// A file of this test run holding `contents`.
fn file(name: &str, contents: &[u8]) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("auterio-ingest-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("write the input file");
    path
}

fn ingest_file(name: &str, contents: &[u8], args: &[&str]) -> Run {
    let path = file(name, contents);
    let path = path.to_str().expect("a UTF-8 temp path");
    let mut all = args.to_vec();
    all.push(path);
    run(INGEST, &all, &[])
}

fn assert_no_debug_text(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("Some(") && !text.contains("None"),
            "Debug text in the output: {run:#?}"
        );
    }
}

#[test]
fn an_empty_csv_is_0_vehicles_read_and_exits_1() {
    for (name, contents) in [
        ("header-only.csv", &b"vin,brand,model\n"[..]),
        ("zero-bytes.csv", &b""[..]),
    ] {
        let run = ingest_file(name, contents, &[]);
        assert_eq!(run.code, Some(1), "{name}: {run:#?}");
        let line = run.error_line();
        assert!(line.contains("0 vehicles read"), "{name}: {line}");
        assert!(!run.stdout.contains("imported"), "{name}: {run:#?}");
    }
}

#[test]
fn json_with_no_vehicles_is_0_vehicles_read_and_exits_1() {
    for (name, contents) in [
        ("no-vehicles.json", &br#"{"vehicles": []}"#[..]),
        ("empty-array.json", &b"[]"[..]),
    ] {
        let run = ingest_file(name, contents, &[]);
        assert_eq!(run.code, Some(1), "{name}: {run:#?}");
        assert!(run.error_line().contains("0 vehicles read"), "{run:#?}");
        assert!(!run.stdout.contains("every vehicle"), "{run:#?}");
    }
}

#[test]
fn invalid_json_names_its_place_once() {
    let run = ingest_file(
        "syntax.json",
        b"{\"vehicles\": [\n{\"vin\": \"WVWZZZE1ZNP123456\",, \"brand\": \"VW\"}]}",
        &[],
    );
    assert_eq!(run.code, Some(2), "{run:#?}");
    let line = run.error_line();
    assert!(line.contains("line 2, column 29"), "{line}");
    assert_eq!(line.matches("line").count(), 1, "{line}");
    assert!(!line.contains(" at line "), "{line}");
}

#[test]
fn a_bad_csv_row_names_its_line_once() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "bad-year.csv",
            b"vin,brand,model,year\nWVWZZZE1ZNP123456,VW,Golf,2020\nWVWZZZE1ZNP123457,VW,Golf,abc\n",
            "line 3 (record 2), column `year`: ",
        ),
        (
            "ragged.csv",
            b"vin,brand,model\nWVWZZZE1ZNP123456,VW,Golf\nWVWZZZE1ZNP123457,VW,Golf,x\n",
            "line 3 (record 2): 4 fields, but the header line has 3",
        ),
        (
            "not-utf8.csv",
            b"\xff\xfe,brand\nx,y\n",
            "line 1 (the header line): not valid UTF-8",
        ),
    ];
    for (name, contents, expected) in cases {
        let run = ingest_file(name, contents, &[]);
        assert_eq!(run.code, Some(2), "{name}: {run:#?}");
        let line = run.error_line();
        assert!(line.contains(expected), "{name}: {line}");
        assert!(
            !line.contains("(line:") && !line.contains("byte:") && !line.contains("record 0"),
            "{name}: the place is given twice: {line}"
        );
    }
}

#[test]
fn an_empty_base_url_is_an_error_naming_it_never_the_live_api() {
    for env in [
        &[("AUTERIO_BASE_URL", "")][..],
        &[("AUTERIO_BASE_URL", "  "), ("AUTERIO_API_KEY", "k")][..],
    ] {
        let run = run(INGEST, &[], env);
        assert_eq!(run.code, Some(2), "{env:?}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains("AUTERIO_BASE_URL") && line.contains("empty"),
            "{line}"
        );
        assert!(
            !run.stdout.contains("Sending to") && !run.stdout.contains("auterio.net"),
            "{run:#?}"
        );
    }
}

#[test]
fn a_blank_api_key_is_an_error_naming_it() {
    let run = run(
        INGEST,
        &[],
        &[
            ("AUTERIO_BASE_URL", "http://127.0.0.1:9"),
            ("AUTERIO_API_KEY", " "),
        ],
    );
    assert_eq!(run.code, Some(2), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("AUTERIO_API_KEY") && line.contains("empty"),
        "{line}"
    );
}

#[test]
fn the_hint_after_a_bad_url_says_what_is_wrong_with_it() {
    let cases = [
        ("auterio.net", "has no scheme"),
        ("ftp://auterio.net", "must start with https:// or http://"),
        ("https://user:hunter2@auterio.net", "holds credentials"),
        ("https://auterio.net/?api_key=hunter2", "has a ? or # part"),
        ("https://", "has no host"),
    ];
    for (url, problem) in cases {
        let run = run(
            INGEST,
            &[],
            &[("AUTERIO_BASE_URL", url), ("AUTERIO_API_KEY", "k")],
        );
        assert_eq!(run.code, Some(2), "{url}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.contains(&format!("AUTERIO_BASE_URL {problem}")),
            "{url}: {line}"
        );
        assert!(!line.contains("set AUTERIO_API_KEY"), "{url}: {line}");
        run.assert_never_shows("hunter2");
    }
}

#[test]
fn the_rate_is_rounded() {
    let run = run(INGEST, &[], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("vehicles sent in"))
        .unwrap_or_else(|| panic!("no rate line: {run:#?}"));
    let rate = line
        .rsplit_once('(')
        .and_then(|(_, r)| r.strip_suffix("/s)"))
        .unwrap_or_else(|| panic!("no rate in: {line}"));
    assert!(
        rate.chars().all(|c| c.is_ascii_digit() || c == ','),
        "{line}"
    );
    assert!(line.starts_with("3,000 vehicles sent in "), "{line}");
}

#[test]
fn the_output_holds_no_debug_text() {
    assert_no_debug_text(&run(INGEST, &[], &[]));
    assert_no_debug_text(&ingest_file(
        "to-check.csv",
        b"vin,brand,model\nWVWZZZE1ZNP123456,VW,Golf\nSHORT,VW,Golf\nWVWZZZE1ZNP123456,VW,Golf\n",
        &["--check"],
    ));
    assert_no_debug_text(&ingest_file(
        "skipped.csv",
        b"vin,brand,model\nWVWZZZE1ZNP123456,VW,Golf\nSHORT,VW,Golf\n",
        &[],
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_chunk_shows_no_debug_text() {
    let mock = MockAuterio::start().await;
    mock.faults().push(
        Fault::status(401)
            .body(r#"{"success":false,"error":"Missing or invalid Authorization header"}"#),
    );
    let url = mock.base_url();
    let run = run_async(
        INGEST,
        &["--concurrency", "1"],
        &[
            ("AUTERIO_BASE_URL", &url),
            ("AUTERIO_API_KEY", MOCK_API_KEY),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.contains("1000 in failed chunks") && line.contains("2000 never sent"),
        "{line}"
    );
    assert_no_debug_text(&run);
}

#[test]
fn piped_into_head_it_exits_quietly() {
    let first = first_line_then_closed_pipe(INGEST, &["--chunk-size", "100"]);
    assert!(first.contains("built-in mock"), "{first}");
}

#[test]
fn help_names_the_variables_that_reach_the_real_api_and_the_exit_statuses() {
    assert_help_shows(
        INGEST,
        &[
            "AUTERIO_BASE_URL",
            "AUTERIO_API_KEY",
            "RUST_LOG",
            "no vehicle",
        ],
    );
}
