//! Every published crate carries the licence texts of the repository root,
//! unchanged (cargo packages a crate's own directory only).

use std::path::Path;

const PUBLISHED: [&str; 5] = [
    "common",
    "auterio-client",
    "autosync-client",
    "anuncios-client",
    "dealerauction-client",
];

#[test]
fn each_published_crate_holds_the_root_licence_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.len() > 500, "{file} at the root is not a licence text");
        for krate in PUBLISHED {
            let copy = std::fs::read_to_string(root.join(krate).join(file))
                .unwrap_or_else(|e| panic!("{krate}/{file}: {e}"));
            assert_eq!(copy, text, "{krate}/{file} differs from the root's");
        }
    }
}

#[test]
fn the_mit_licence_names_the_copyright_holders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(text.starts_with("Copyright (c) The autoclient developers\n"));
}
