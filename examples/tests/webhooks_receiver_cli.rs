//! `webhooks-receiver` as a user meets it: `--demo` runs a real server and
//! a real client on loopback, shows the 200s, the retry acknowledged but not
//! handled twice, and the forged event's 401, and exits 0; the secrets are
//! never printed; a variable set but empty, or an address it cannot listen
//! on, is a configuration error (exit 2).

use crate::support;

use support::{assert_help_shows, run};

const RECEIVER: &str = env!("CARGO_BIN_EXE_webhooks-receiver");

const SECRET: &str = "whsec_cli_secret_never_printed_5521";
const TOKEN: &str = "cli-token-never-printed-9034";

#[test]
fn the_demo_shows_each_event_the_200s_and_the_forged_ones_401() {
    let run = run(RECEIVER, &["--demo", "--listen", "127.0.0.1:0"], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Listening on http://127.0.0.1:"),
        "{run:#?}"
    );
    for expected in [
        "event: autosync workorder.completed in shop 1: work order 1043",
        "sent: autosync workorder.completed, signed -> 200 OK",
        "event: autosync customer.created in shop 1: customer 42",
        "sent: autosync customer.created, signed -> 200 OK",
        "sent: autosync workorder.completed again (a retry) -> 200 OK (webhook already received)",
        "sent: autosync payment.received, forged (signed with another secret) -> 401 Unauthorized (invalid webhook signature)",
        "event: dealerauction vehicle.sold: stock 7be698d9 sold for 1500 GBP",
        "sent: dealerauction vehicle.sold, with the token -> 200 OK",
        "event: dealerauction listing.provisional: stock 7be698d9, listing 000004ca",
        "sent: dealerauction listing.provisional, with the token -> 200 OK",
    ] {
        assert!(
            lines.contains(&expected),
            "`{expected}` missing:\n{}",
            run.stdout
        );
    }
    // Each event is printed once: the retry was not handled twice, the
    // forged one not at all.
    let events = lines.iter().filter(|l| l.starts_with("event: ")).count();
    assert_eq!(events, 4, "{}", run.stdout);
    assert!(
        run.last_line().starts_with("Done: 6 webhooks sent"),
        "{run:#?}"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn the_secrets_from_the_environment_are_used_and_never_printed() {
    let run = run(
        RECEIVER,
        &["--demo", "--listen", "127.0.0.1:0"],
        &[
            ("AUTOSYNC_WEBHOOK_SECRET", SECRET),
            ("DEALERAUCTION_WEBHOOK_TOKEN", TOKEN),
        ],
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(
        run.stdout
            .contains("secret: from the environment, redacted"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("token: from the environment, redacted"),
        "{}",
        run.stdout
    );
    run.assert_never_shows(SECRET);
    run.assert_never_shows(TOKEN);
}

#[test]
fn a_secret_set_but_empty_is_refused_naming_it() {
    for name in ["AUTOSYNC_WEBHOOK_SECRET", "DEALERAUCTION_WEBHOOK_TOKEN"] {
        let run = run(
            RECEIVER,
            &["--demo", "--listen", "127.0.0.1:0"],
            &[(name, " ")],
        );
        assert_eq!(run.code, Some(2), "{run:#?}");
        assert!(run.stdout.is_empty(), "it went on: {}", run.stdout);
        let line = run.error_line();
        assert!(line.contains(&format!("{name} is set but empty")), "{line}");
    }
}

#[test]
fn an_address_in_use_is_a_configuration_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let run = run(RECEIVER, &["--demo", "--listen", &addr], &[]);
    assert_eq!(run.code, Some(2), "{run:#?}");
    let line = run.error_line();
    assert!(line.contains(&format!("cannot listen on {addr}")), "{line}");
    assert!(line.contains("--listen"), "{line}");
}

#[test]
fn help_names_the_secrets_the_listen_address_and_the_exit_statuses() {
    let run = assert_help_shows(
        RECEIVER,
        &[
            "AUTOSYNC_WEBHOOK_SECRET",
            "DEALERAUCTION_WEBHOOK_TOKEN",
            "--listen",
            "--demo",
        ],
    );
    assert!(run.stdout.contains("127.0.0.1:8080"), "{}", run.stdout);
}
