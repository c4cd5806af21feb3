//! A base URL that already ends in `/v3` is refused, and the error shows it
//! as parsed: on one line, without what the URL parser strips.

use anuncios_client::{Auth, Client};

#[test]
fn a_base_url_ending_in_v3_is_refused_on_one_line() {
    for raw in [
        "https://api.example.com/v3",
        "https://api.example.com/v3\n",
        "https://api.example.com/v\t3/",
    ] {
        let e = Client::builder(Auth::bearer("token"))
            .base_url(raw)
            .build()
            .expect_err("refused");
        let line = e.to_string();
        assert!(line.contains("without /v3"), "{line}");
        assert!(!line.contains(['\n', '\t']), "{line:?}");
        assert!(line.contains("`https://api.example.com/v3"), "{line}");
    }
}
