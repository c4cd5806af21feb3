//! `Photo::from_base64` takes standard Base64 with or without `=` padding,
//! after an optional `data:image/...;base64,` prefix, and refuses anything
//! else naming the position of the first bad character.

use anuncios_client::{Photo, PhotoError};

fn bad_at(text: &str) -> (usize, char) {
    match Photo::from_base64(text) {
        Err(PhotoError::InvalidBase64 {
            position,
            character,
            ..
        }) => (position, character),
        other => panic!("{text:?}: {other:?}"),
    }
}

#[test]
fn padded_and_unpadded_base64_are_both_accepted_and_sent_as_given() {
    for text in [
        "aGk=",
        "aGk",
        "aA==",
        "aA",
        "/9j/4A==",
        "/9j/4A",
        "aGVsbG8",
        "data:image/png;base64,aGk",
        "data:image/jpeg;base64,/9j/4A",
    ] {
        let p = Photo::from_base64(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(p.base64(), text);
    }
}

#[test]
fn anything_else_is_refused_at_its_first_bad_character() {
    // (text, position in the text as given, the character there)
    for (text, position, character) in [
        ("aGk%", 3, '%'),
        ("%aGk\n", 0, '%'), // not the trailing newline
        ("aG k", 2, ' '),
        ("aGk=aGk=", 3, '='), // padding in the middle
        ("a===", 1, '='),
        ("aGkxa", 4, 'a'), // a lone last symbol: the text is cut short
        ("aGl", 2, 'l'),   // bits that no encoder sets
        ("aGk-", 3, '-'),  // URL-safe alphabet: not standard Base64
        ("aGk_", 3, '_'),
        ("aGké", 3, 'é'),
        ("data:image/png;base64,aG%k", 24, '%'),
        ("data:image/pñg;base64,aG%k", 24, '%'),
    ] {
        assert_eq!(bad_at(text), (position, character), "{text:?}");
        let message = Photo::from_base64(text).unwrap_err().to_string();
        assert!(
            message.contains(&format!("position {position}")),
            "{message}"
        );
    }
}

#[test]
fn an_empty_payload_and_a_bad_data_url_are_reported_as_before() {
    assert!(matches!(Photo::from_base64(""), Err(PhotoError::Empty)));
    assert!(matches!(
        Photo::from_base64("data:image/png;base64,"),
        Err(PhotoError::Empty)
    ));
    assert!(matches!(
        Photo::from_base64("data:text/plain;base64,aGk="),
        Err(PhotoError::NotBase64(_))
    ));
}
