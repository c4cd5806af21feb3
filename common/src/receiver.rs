//! What the API crates' webhook receivers share (feature `axum`): reading a
//! request body with a limit, refusing an oversized one with `413` before
//! reading further, and the short plain-text answers a sender sees.

use axum::body::Body;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_LENGTH;
use futures_util::StreamExt as _;
use reqwest::StatusCode;

/// A refusal: the status and a short plain-text reason that helps no
/// attacker.
pub type Refusal = (StatusCode, &'static str);

/// The answer to a body over the limit.
pub const TOO_LARGE: Refusal = (StatusCode::PAYLOAD_TOO_LARGE, "webhook body too large");

/// The body, read up to `max` bytes. A declared length (`Content-Length`)
/// over it is refused with [`TOO_LARGE`] before anything is read; a body
/// that grows past it (chunked) is refused at the limit, the rest unread.
pub async fn read_limited(headers: &HeaderMap, body: Body, max: usize) -> Result<Vec<u8>, Refusal> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return Err(TOO_LARGE);
    }
    let capacity = declared.map_or(0, |len| usize::try_from(len).unwrap_or(max).min(max));
    let mut out = Vec::with_capacity(capacity);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| (StatusCode::BAD_REQUEST, "could not read the webhook body"))?;
        if chunk.len() > max - out.len() {
            return Err(TOO_LARGE);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
