//! `RUST_LOG` drives the examples' logging, on stderr: unset, nothing extra
//! is printed; at `debug`, each HTTP attempt shows as an `http.attempt` span;
//! at any level, the credentials never show.

use crate::support;

use support::{run, run_async};
use testkit::{RawFault, RawServer};

const INGEST: &str = env!("CARGO_BIN_EXE_auterio-ingest");
const TOUR: &str = env!("CARGO_BIN_EXE_autosync-tour");
const PUBLISH: &str = env!("CARGO_BIN_EXE_anuncios-publish");
const STOCK: &str = env!("CARGO_BIN_EXE_dealerauction-stock");
const SYNC: &str = env!("CARGO_BIN_EXE_dealerauction-sync");

#[test]
fn with_rust_log_unset_no_example_prints_anything_on_stderr() {
    for (exe, args) in [
        (INGEST, &[][..]),
        (TOUR, &["--seed", "30"][..]),
        (PUBLISH, &[][..]),
        (STOCK, &[][..]),
        (SYNC, &[][..]),
    ] {
        let run = run(exe, args, &[]);
        assert_eq!(run.code, Some(0), "{exe}: {run:#?}");
        assert_eq!(run.stderr, "", "{exe}");
    }
}

#[test]
fn at_debug_every_example_shows_its_http_attempts_on_stderr_only() {
    for (exe, args) in [
        (INGEST, &[][..]),
        (TOUR, &["--seed", "30"][..]),
        (PUBLISH, &[][..]),
        (STOCK, &[][..]),
        (SYNC, &[][..]),
    ] {
        let quiet = run(exe, args, &[]);
        let run = run(exe, args, &[("RUST_LOG", "debug")]);
        assert_eq!(run.code, Some(0), "{exe}: {run:#?}");
        let attempts: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("http.attempt{") && l.contains(" close "))
            .collect();
        assert!(
            !attempts.is_empty(),
            "{exe}: no attempt span:\n{}",
            run.stderr
        );
        assert!(
            attempts.iter().all(|l| l.contains("http.request.method=")
                && l.contains("url.path=")
                && l.contains("http.response.status_code=")),
            "{exe}: {attempts:#?}"
        );
        // Nothing of the logging goes to stdout.
        assert_eq!(
            run.stdout.lines().count(),
            quiet.stdout.lines().count(),
            "{exe}: {}",
            run.stdout
        );
    }
}

#[test]
fn rust_log_can_name_one_crate() {
    let run = run(INGEST, &[], &[("RUST_LOG", "autoclient_common=debug")]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(run.stderr.contains("http.attempt{"), "{}", run.stderr);
    assert!(!run.stderr.contains("hyper_util"), "{}", run.stderr);
}

#[test]
fn a_rust_log_that_does_not_parse_is_reported_in_one_line_and_ignored() {
    let run = run(INGEST, &[], &[("RUST_LOG", "auterio_client=loud")]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("warning: RUST_LOG is ignored: "),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn at_trace_a_refused_run_never_shows_the_api_key() {
    const KEY: &str = "auterio-key-never-logged-4711";
    let server = RawServer::start(RawFault::Respond {
        status: 401,
        content_type: "application/json",
        body: br#"{"success": false, "error": "Missing or invalid Authorization header"}"#.to_vec(),
    })
    .await
    .expect("server");
    let url = server.url();
    let run = run_async(
        INGEST,
        &[],
        &[
            ("AUTERIO_BASE_URL", &url),
            ("AUTERIO_API_KEY", KEY),
            ("RUST_LOG", "trace"),
        ],
    )
    .await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(run.stderr.contains("http.attempt{"), "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count()
            == 1,
        "{}",
        run.stderr
    );
    let sent = server.requests();
    assert!(
        sent.iter()
            .any(|r| r.header("authorization") == Some(&format!("Bearer {KEY}"))),
        "the key was sent"
    );
    run.assert_never_shows(KEY);
}
