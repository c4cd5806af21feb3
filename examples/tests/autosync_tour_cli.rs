//! `autosync-tour` as a command-line tool: it ends quietly when its reader
//! goes away, says in `--help` which variables reach the real API and what
//! its exit statuses mean, refuses a variable that is set but empty, says
//! what is wrong with a bad base URL, shows each step's duration, and prints
//! no Debug text.

use crate::support;

use support::{assert_help_shows, first_line_then_closed_pipe, run};

const TOUR: &str = env!("CARGO_BIN_EXE_autosync-tour");

const VARIABLES: &[&str] = &[
    "AUTOSYNC_BASE_URL",
    "AUTOSYNC_API_KEY",
    "AUTOSYNC_SHOP_ID",
    "AUTOSYNC_WEBHOOK_SECRET",
];

const KEY: &str = "sk_live_never_printed_4711";

/// Runs the tour against a real-API configuration: `AUTOSYNC_BASE_URL`
/// `url`, a key, shop 1, and `extra` on top.
fn against(url: &str, extra: &[(&str, &str)]) -> support::Run {
    let mut env = vec![
        ("AUTOSYNC_BASE_URL", url),
        ("AUTOSYNC_API_KEY", KEY),
        ("AUTOSYNC_SHOP_ID", "1"),
    ];
    for (k, v) in extra {
        env.retain(|(name, _)| name != k);
        env.push((k, v));
    }
    let run = run(TOUR, &[], &env);
    run.assert_never_shows(KEY);
    run
}

#[test]
fn a_reader_that_stops_after_one_line_ends_the_tour_quietly() {
    let first = first_line_then_closed_pipe(TOUR, &["--seed", "60"]);
    assert!(first.contains("in-process mock"), "{first}");
}

#[test]
fn help_names_the_variables_that_reach_the_real_api_and_the_exit_statuses() {
    assert_help_shows(TOUR, VARIABLES);
}

#[test]
fn an_empty_base_url_is_refused_not_taken_for_the_live_api() {
    for empty in ["", "  "] {
        let run = against(empty, &[]);
        assert_eq!(run.code, Some(2), "{run:#?}");
        let line = run.error_line();
        assert!(
            line.starts_with("error: AUTOSYNC_BASE_URL is set but empty"),
            "{line}"
        );
        assert!(run.stdout.is_empty(), "{run:#?}");
    }
}

#[test]
fn every_other_empty_variable_is_refused_by_name() {
    let url = "http://127.0.0.1:1/v1";
    for name in [
        "AUTOSYNC_API_KEY",
        "AUTOSYNC_SHOP_ID",
        "AUTOSYNC_WEBHOOK_SECRET",
    ] {
        let run = against(url, &[(name, " ")]);
        assert_eq!(run.code, Some(2), "{name}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.starts_with(&format!("error: {name} is set but empty")),
            "{line}"
        );
    }
    let run = against(url, &[("AUTOSYNC_SHOP_ID", "shop-1")]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.error_line()
            .contains("AUTOSYNC_SHOP_ID must be a shop id (an integer)"),
        "{run:#?}"
    );
}

#[test]
fn a_bad_base_url_is_refused_with_what_is_wrong_with_it() {
    let cases = [
        (
            "localhost:8080",
            "does not start with https:// or http://: write https://localhost:8080 (or http://localhost:8080",
        ),
        ("ftp://files.example/v1", "its scheme is `ftp`"),
        ("http://", "it has no host"),
        ("http://my host/v1", "it contains a space"),
        (
            "https://api.autosyncshopmanager.com/v1?api_key=zz",
            "it has a query",
        ),
    ];
    for (url, why) in cases {
        let run = against(url, &[]);
        assert_eq!(run.code, Some(2), "{url}: {run:#?}");
        let line = run.error_line();
        assert!(
            line.starts_with("error: AUTOSYNC_BASE_URL `") && line.contains(why),
            "{url}: {line}"
        );
        assert!(!line.contains("zz"), "{line}");
    }
}

#[test]
fn a_base_url_where_nothing_answers_is_named_in_the_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let run = against(&url, &[]);
    assert_eq!(run.code, Some(1), "{run:#?}");
    let line = run.error_line();
    assert!(
        line.starts_with("error: listing shops: ")
            && line.contains(&format!(
                "nothing answered at {url}: is AUTOSYNC_BASE_URL right?"
            )),
        "{line}"
    );
}

#[test]
fn each_step_shows_its_duration_and_no_debug_text() {
    let run = run(TOUR, &["--seed", "30"], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    for step in ["\n1. ", "\n2. ", "\n3. ", "\n4. "] {
        let line = run
            .stdout
            .split_once(step)
            .and_then(|(_, rest)| rest.lines().next())
            .unwrap_or_else(|| panic!("no step `{}`: {}", step.trim(), run.stdout));
        assert!(
            line.contains(" ms") || line.contains(" s"),
            "step {} shows no duration: {line}",
            step.trim()
        );
    }
    for debug in ["Some(", "None", "60s"] {
        assert!(!run.stdout.contains(debug), "{debug}: {}", run.stdout);
    }
    assert!(run.stdout.contains("total $1,166.40"), "{}", run.stdout);
    assert!(
        run.last_line()
            .starts_with("Tour complete. Every step worked, in "),
        "{}",
        run.stdout
    );
    // The spinners are drawn only on a terminal: nothing on a piped stderr.
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
