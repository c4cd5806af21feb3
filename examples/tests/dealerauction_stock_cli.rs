//! dealerauction-stock on a terminal, as a user meets it: what `--help`
//! says, how it refuses a configuration that would reach the real API by
//! mistake, what the error says after a bad URL, output a person reads, and
//! a quiet end when its reader goes away (`| head -1`).

use crate::support;

use support::{
    Run, assert_help_shows, assert_quiet_success, command, first_line_then_closed_pipe, run,
};

const STOCK: &str = env!("CARGO_BIN_EXE_dealerauction-stock");

const PASSWORD: &str = "da-cli-password-never-printed-4711";

/// A run with the real-API variables as given (the rest cleared).
fn with_env(env: &[(&str, &str)]) -> Run {
    run(STOCK, &[], env)
}

/// A run against `url` with every other variable set.
fn with_base_url(url: &str) -> Run {
    with_env(&[
        ("DEALERAUCTION_BASE_URL", url),
        ("DEALERAUCTION_USERNAME", "dealer"),
        ("DEALERAUCTION_PASSWORD", PASSWORD),
        ("DEALERAUCTION_CUSTOMER_ID", "123456"),
    ])
}

/// Asserts a configuration refusal: exit 2, one `error:` line, nothing sent
/// and no mock started; returns the error line.
fn refused(run: &Run) -> &str {
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        !run.stdout.contains("Sending to") && !run.stdout.contains("mock"),
        "a refused configuration still went on: {run:#?}"
    );
    run.assert_never_shows(PASSWORD);
    run.error_line()
}

#[test]
fn help_names_the_variables_that_reach_the_real_api_and_the_exit_statuses() {
    assert_help_shows(
        STOCK,
        &[
            "DEALERAUCTION_BASE_URL",
            "DEALERAUCTION_USERNAME",
            "DEALERAUCTION_PASSWORD",
            "DEALERAUCTION_CUSTOMER_ID",
            "CREATES AND LISTS A REAL STOCK ITEM",
        ],
    );
}

#[test]
fn an_empty_base_url_is_refused_naming_it_never_taken_for_the_live_api() {
    for empty in ["", "  "] {
        let line = refused(&with_base_url(empty)).to_owned();
        assert!(
            line.contains("DEALERAUCTION_BASE_URL is set but empty"),
            "{line}"
        );
    }
}

#[test]
fn an_empty_username_password_or_customer_id_is_refused_naming_it() {
    for name in [
        "DEALERAUCTION_USERNAME",
        "DEALERAUCTION_PASSWORD",
        "DEALERAUCTION_CUSTOMER_ID",
    ] {
        let mut env = vec![
            ("DEALERAUCTION_BASE_URL", "http://127.0.0.1:9"),
            ("DEALERAUCTION_USERNAME", "dealer"),
            ("DEALERAUCTION_PASSWORD", PASSWORD),
            ("DEALERAUCTION_CUSTOMER_ID", "123456"),
        ];
        env.retain(|(k, _)| *k != name);
        env.push((name, " "));
        let run = with_env(&env);
        let line = refused(&run);
        assert!(
            line.contains(&format!("{name} (or --customer-id) is set but empty"))
                || line.contains(&format!("{name} is set but empty")),
            "{line}"
        );
    }
}

#[test]
fn after_a_url_without_scheme_the_error_says_so_and_shows_one() {
    let run = with_base_url("api.dealerauction.co.uk");
    let line = refused(&run);
    assert!(line.contains("not an absolute URL"), "{line}");
    assert!(line.contains("write it with its scheme"), "{line}");
    assert!(line.contains("https://api.dealerauction.co.uk"), "{line}");
}

#[test]
fn after_another_scheme_the_error_says_http_or_https() {
    let run = with_base_url("ftp://api.dealerauction.co.uk");
    let line = refused(&run);
    assert!(line.contains("the scheme must be http or https"), "{line}");
}

#[test]
fn after_a_url_with_credentials_the_error_says_where_they_go_without_showing_them() {
    let run = with_base_url("https://dealer:url-secret-4711@api.dealerauction.co.uk");
    let line = refused(&run);
    assert!(
        line.contains("DEALERAUCTION_USERNAME and DEALERAUCTION_PASSWORD"),
        "{line}"
    );
    run.assert_never_shows("url-secret-4711");
}

#[test]
fn after_a_url_with_a_query_the_error_says_so_without_repeating_it() {
    let run = with_base_url("https://api.dealerauction.co.uk/?key=query-secret-4711");
    let line = refused(&run);
    assert!(line.contains("has no query or fragment"), "{line}");
    run.assert_never_shows("query-secret-4711");
}

#[test]
fn its_output_has_no_debug_text_and_amounts_read_as_pounds() {
    let run = run(STOCK, &[], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    for debug in ["Some(", "None", "\"\"", "Listing {"] {
        assert!(!run.stdout.contains(debug), "`{debug}` in:\n{}", run.stdout);
    }
    // The attention grabber before it was cleared is not shown as Debug
    // text; the amounts the server returned read as pounds.
    assert!(
        run.stdout
            .contains("asking price now £2,950, attention grabber cleared"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("sold to Mock Trade Buyer Ltd for £2,450"),
        "{}",
        run.stdout
    );
}

#[test]
fn piped_into_head_it_exits_quietly_when_the_reader_goes_away() {
    let first = first_line_then_closed_pipe(STOCK, &[]);
    assert!(first.contains("using the built-in mock server"), "{first}");
}

#[test]
fn with_no_reader_at_all_it_exits_quietly_at_its_first_line() {
    // A pipe whose read end is closed before the program starts: its very
    // first line meets a closed pipe, whatever the timing.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = command(STOCK, &[])
        .stdout(writer)
        .spawn()
        .expect("start the example");
    assert_quiet_success(child);
}
