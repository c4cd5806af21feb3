//! The file-backed fingerprint store: it round-trips, writes through a
//! temporary file renamed over the old one (a failed write leaves the old
//! file intact), and refuses a corrupt or newer file with a clear error.

use std::path::PathBuf;

use auterio_client::{FileStore, Fingerprint, FingerprintStore, StoreError, Vehicle};

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("auterio-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn fp(vin: &str, model: &str) -> Fingerprint {
    Fingerprint::of(&Vehicle::new(vin, "SEAT", model))
}

#[test]
fn a_saved_store_reads_back_the_same() {
    let d = dir("roundtrip");
    let path = d.join("state.json");
    let mut store = FileStore::open(&path).unwrap();
    assert!(store.is_empty());
    store.record("VSSZZZ6JZ00000001", fp("VSSZZZ6JZ00000001", "Ibiza"));
    store.record("WEIRD \"vin\"\n", fp("x", "y"));
    store.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(r#"{"format":"auterio-client fingerprints","version":1,"#));
    let back = FileStore::open(&path).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(
        back.get("VSSZZZ6JZ00000001"),
        Some(fp("VSSZZZ6JZ00000001", "Ibiza"))
    );
    assert_eq!(back.get("WEIRD \"vin\"\n"), Some(fp("x", "y")));
    let mut vins: Vec<&str> = back.known_vins().collect();
    vins.sort_unstable();
    assert_eq!(vins, ["VSSZZZ6JZ00000001", "WEIRD \"vin\"\n"]);
    assert!(
        !d.join(".state.json.tmp").exists(),
        "the temporary file is gone"
    );
}

#[test]
fn a_failed_write_leaves_the_old_file_intact() {
    let d = dir("atomic");
    let path = d.join("state.json");
    let mut store = FileStore::open(&path).unwrap();
    store.record("VSSZZZ6JZ00000001", fp("VSSZZZ6JZ00000001", "Ibiza"));
    store.save().unwrap();
    let old = std::fs::read(&path).unwrap();

    // The temporary file cannot be created (a directory stands in its
    // place): the save fails before the old file is touched.
    std::fs::create_dir(d.join(".state.json.tmp")).unwrap();
    store.record("VSSZZZ6JZ00000002", fp("VSSZZZ6JZ00000002", "Leon"));
    let err = store.save().unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("temporary file"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), old);
    assert_eq!(FileStore::open(&path).unwrap().len(), 1);

    // Once it can, the save goes through (the change was kept).
    std::fs::remove_dir(d.join(".state.json.tmp")).unwrap();
    store.save().unwrap();
    assert_eq!(FileStore::open(&path).unwrap().len(), 2);
}

#[test]
fn a_corrupt_or_newer_file_is_a_clear_error() {
    let d = dir("corrupt");
    let path = d.join("state.json");
    let cases: [(&str, &str); 5] = [
        ("", "empty"),
        (
            r#"{"format":"auterio-client fingerprints","version":1,"fingerpr"#,
            "not a JSON object",
        ),
        (r#"{"hello":"world"}"#, "not a fingerprint file"),
        (
            r#"{"format":"auterio-client fingerprints","version":1,"fingerprints":{"V":"nothex"}}"#,
            "32 hex digits",
        ),
        (
            r#"{"format":"auterio-client fingerprints","fingerprints":{}}"#,
            "no \"version\"",
        ),
    ];
    for (text, says) in cases {
        std::fs::write(&path, text).unwrap();
        let err = FileStore::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{text}: {err:?}");
        let shown = err.to_string();
        assert!(shown.contains(says), "{text}: {shown}");
        assert!(
            shown.contains("state.json") && shown.contains("delete it"),
            "{shown}"
        );
    }
    std::fs::write(
        &path,
        r#"{"format":"auterio-client fingerprints","version":2,"fingerprints":[]}"#,
    )
    .unwrap();
    let err = FileStore::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::UnsupportedVersion { version: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn a_store_in_a_missing_directory_fails_at_open() {
    let d = dir("missing");
    let err = FileStore::open(d.join("no/such/dir/state.json")).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
}
