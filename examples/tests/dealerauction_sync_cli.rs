//! dealerauction-sync on a terminal: it reconciles the embedded inventory
//! twice against the mock and shows the second run changing nothing; it
//! refuses an inventory or a configuration it cannot use (exit 2), fails an
//! item it cannot reconcile (exit 1), and ends quietly when its reader goes
//! away.

use crate::support;

use support::{Run, assert_help_shows, first_line_then_closed_pipe, run};

const SYNC: &str = env!("CARGO_BIN_EXE_dealerauction-sync");

const PASSWORD: &str = "da-sync-password-never-printed-4711";

fn with_file(name: &str, json: &str) -> Run {
    let dir =
        std::env::temp_dir().join(format!("dealerauction-sync-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("inventory.json");
    std::fs::write(&path, json).unwrap();
    let r = run(SYNC, &["--inventory", path.to_str().unwrap()], &[]);
    let _ = std::fs::remove_dir_all(&dir);
    r
}

#[test]
fn help_names_the_variables_that_reach_the_real_api_and_the_exit_statuses() {
    assert_help_shows(
        SYNC,
        &[
            "DEALERAUCTION_BASE_URL",
            "DEALERAUCTION_USERNAME",
            "DEALERAUCTION_PASSWORD",
            "DEALERAUCTION_CUSTOMER_ID",
            "CREATES AND CHANGES REAL STOCK ITEMS",
            "--inventory",
            "--deactivate-missing",
        ],
    );
}

#[test]
fn the_embedded_inventory_is_created_then_the_second_run_changes_nothing() {
    let r = run(SYNC, &[], &[]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    let (first, second) = r
        .stdout
        .split_once("2. Reconciling the same inventory again")
        .unwrap();
    assert_eq!(first.matches(": created").count(), 3, "{}", r.stdout);
    assert_eq!(second.matches(": unchanged").count(), 3, "{}", r.stdout);
    assert!(
        second.contains("0 created, 0 adopted, 0 updated, 3 unchanged"),
        "{}",
        r.stdout
    );
    assert!(
        r.last_line()
            .starts_with("Done: 3 changes on the first run, none on the second"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_inventory_that_is_not_stock_items_is_refused_with_where() {
    let r = with_file(
        "bad",
        r#"[{"customerId": "1", "vehicle": {"make": "Ford"}}]"#,
    );
    assert_eq!(r.code, Some(2), "{r:#?}");
    let line = r.error_line();
    assert!(
        line.contains("is not a JSON array of stock items") && line.contains("vehicle"),
        "{line}"
    );
}

#[test]
fn an_item_without_its_key_fails_the_run() {
    let r = with_file(
        "nokey",
        r#"[{"customerId": "1", "metadata": {},
             "vehicle": {"category": "Car", "ownershipCondition": "USED", "make": "Ford", "model": "Ka",
                         "stolen": false, "imported": false, "exported": false, "scrapped": false},
             "features": [], "images": [{"url": "https://example.com/ka.jpg"}]}]"#,
    );
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert!(r.stdout.contains("failed: "), "{}", r.stdout);
    assert!(
        r.error_line().contains("did not reconcile every item"),
        "{r:#?}"
    );
}

#[test]
fn an_empty_base_url_or_customer_id_is_refused_naming_it() {
    let r = run(SYNC, &[], &[("DEALERAUCTION_BASE_URL", " ")]);
    assert_eq!(r.code, Some(2), "{r:#?}");
    assert!(
        r.error_line()
            .contains("DEALERAUCTION_BASE_URL is set but empty")
    );
    let r = run(
        SYNC,
        &[],
        &[
            ("DEALERAUCTION_BASE_URL", "http://127.0.0.1:9"),
            ("DEALERAUCTION_USERNAME", "dealer"),
            ("DEALERAUCTION_PASSWORD", PASSWORD),
            ("DEALERAUCTION_CUSTOMER_ID", ""),
        ],
    );
    assert_eq!(r.code, Some(2), "{r:#?}");
    assert!(
        r.error_line().contains("DEALERAUCTION_CUSTOMER_ID"),
        "{r:#?}"
    );
    r.assert_never_shows(PASSWORD);
}

#[test]
fn it_ends_quietly_when_its_reader_goes_away() {
    let first = first_line_then_closed_pipe(SYNC, &[]);
    assert!(first.contains("built-in mock"), "{first}");
}
