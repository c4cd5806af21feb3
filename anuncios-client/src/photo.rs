//! Listing photos, sent as Base64.

use std::fmt;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{DecodeError, Engine as _, alphabet};
use serde::{Deserialize, Serialize};

/// Standard Base64 (RFC 4648 alphabet, `+` and `/`), read with or without
/// its `=` padding. Photos are always written padded ([`STANDARD`]).
const STANDARD_PADDING_OPTIONAL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// One photo of a listing: `{"order", "photo_name", "base64"}`.
///
/// Build it from bytes ([`Photo::from_bytes`]), from a file
/// ([`Photo::from_file`], async), or from a Base64 string, padded or not,
/// with or without a `data:image/...;base64,` prefix ([`Photo::from_base64`],
/// checked; [`Photo::from_base64_unchecked`], taken as given). `order` and
/// `photo_name` are optional.
///
/// `Debug` shows the length of the Base64 text, not the text.
///
/// ```
/// use anuncios_client::Photo;
/// let p = Photo::from_bytes(b"\xFF\xD8\xFF\xE0").order(1).name("foto1.jpg");
/// assert_eq!(p.base64(), "/9j/4A==");
/// assert!(Photo::from_base64("data:image/jpeg;base64,/9j/4A==").is_ok());
/// assert!(Photo::from_base64("/9j/4A").is_ok());
/// assert!(Photo::from_base64("not base64!").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[must_use = "a photo does nothing by itself: add it to a listing with NewListingBuilder::photo"]
pub struct Photo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    photo_name: Option<String>,
    base64: String,
}

impl fmt::Debug for Photo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Photo")
            .field("order", &self.order)
            .field("photo_name", &self.photo_name)
            .field("base64_len", &self.base64.len())
            .finish()
    }
}

/// Why a photo could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum PhotoError {
    /// The file could not be read.
    #[non_exhaustive]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `data:` URL whose header is not `data:image/<type>;base64,` (the
    /// text says what is wrong).
    NotBase64(String),
    /// The text (after an optional `data:image/...;base64,` prefix) is not
    /// standard Base64: `character`, at `position`, is the first bad one.
    ///
    /// ```
    /// use anuncios_client::{Photo, PhotoError};
    /// let Err(PhotoError::InvalidBase64 { position, character, .. }) = Photo::from_base64("aGk%") else {
    ///     panic!("refused")
    /// };
    /// assert_eq!((position, character), (3, '%'));
    /// ```
    #[non_exhaustive]
    InvalidBase64 {
        /// Where, counted from 0 in characters of the text as given (a
        /// `data:` prefix included).
        position: usize,
        /// The character there: one outside the standard alphabet, a `=`
        /// before the end, or a last symbol no encoder writes there (the text
        /// is cut short or corrupt).
        character: char,
    },
    /// The photo is empty.
    Empty,
}

impl fmt::Display for PhotoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoError::Io { path, source } => write!(f, "could not read photo `{path}`: {source}"),
            PhotoError::NotBase64(why) => write!(f, "the photo is not valid Base64: {why}"),
            PhotoError::InvalidBase64 {
                position,
                character,
            } => {
                write!(
                    f,
                    "the photo is not valid Base64: {character:?} at position {position} "
                )?;
                if *character == '=' {
                    f.write_str("(`=` padding may only end the text)")
                } else if character.is_ascii_alphanumeric() || matches!(character, '+' | '/') {
                    f.write_str("cannot be the last symbol (the text is cut short or corrupt)")
                } else {
                    f.write_str(
                        "is not standard Base64 (A-Z, a-z, 0-9, `+`, `/`, and `=` padding at the end)",
                    )
                }
            }
            PhotoError::Empty => f.write_str("the photo is empty"),
        }
    }
}

impl std::error::Error for PhotoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PhotoError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The byte offset of the first bad byte of `payload` as Base64, if any.
///
/// The engine reads front to back, except that it looks at the last byte of
/// a text of 4n+1 bytes first; a bad byte before it is looked for then.
fn first_bad_byte(payload: &[u8]) -> Option<usize> {
    let err = STANDARD_PADDING_OPTIONAL.decode(payload).err()?;
    Some(match err {
        DecodeError::InvalidByte(at, _) if at + 1 == payload.len() && payload.len() % 4 == 1 => {
            payload.get(..at).and_then(first_bad_byte).unwrap_or(at)
        }
        DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol(at, _) => at,
        // A lone symbol ends the text: `len` symbols were read.
        DecodeError::InvalidLength(len) => len.saturating_sub(1),
        // Not raised when padding is optional; the end, if it ever is.
        DecodeError::InvalidPadding => payload.len().saturating_sub(1),
    })
}

/// Splits an optional `data:image/<type>;base64,` prefix off.
fn strip_data_url(s: &str) -> Result<&str, PhotoError> {
    let Some(rest) = s.strip_prefix("data:") else {
        return Ok(s);
    };
    let Some((media, payload)) = rest.split_once(',') else {
        return Err(PhotoError::NotBase64(
            "a data URL without a comma".to_owned(),
        ));
    };
    let Some(mime) = media.strip_suffix(";base64") else {
        return Err(PhotoError::NotBase64(
            "a data URL must end its header with `;base64,`".to_owned(),
        ));
    };
    if !mime.starts_with("image/") || mime.len() <= "image/".len() {
        return Err(PhotoError::NotBase64(format!(
            "the data URL's media type `{mime}` is not image/..."
        )));
    }
    Ok(payload)
}

impl Photo {
    /// A photo from its bytes (JPEG, PNG…), Base64-encoded now.
    pub fn from_bytes(bytes: impl AsRef<[u8]>) -> Self {
        Self {
            order: None,
            photo_name: None,
            base64: STANDARD.encode(bytes.as_ref()),
        }
    }

    /// A photo read from a file; `photo_name` is set to the file name.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), anuncios_client::PhotoError> {
    /// let photo = anuncios_client::Photo::from_file("fotos/frente.jpg").await?.order(1);
    /// # Ok(()) }
    /// ```
    pub async fn from_file(path: impl AsRef<Path>) -> Result<Self, PhotoError> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path)
            .await
            .map_err(|source| PhotoError::Io {
                path: path.display().to_string(),
                source,
            })?;
        if bytes.is_empty() {
            return Err(PhotoError::Empty);
        }
        let mut photo = Self::from_bytes(&bytes);
        photo.photo_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(photo)
    }

    /// A photo from standard Base64 text, with or without its `=` padding
    /// (many encoders leave it off), with or without a
    /// `data:image/<type>;base64,` prefix; checked to decode, then sent
    /// exactly as given.
    ///
    /// Anything else is refused with [`PhotoError::InvalidBase64`], which
    /// gives the position of the first bad character: one outside the
    /// standard alphabet (whitespace and the URL-safe `-` and `_` included),
    /// a `=` before the end, or a last symbol that no encoder writes (the
    /// text is cut short).
    ///
    /// ```
    /// use anuncios_client::Photo;
    /// assert!(Photo::from_base64("aGk=").is_ok());
    /// assert!(Photo::from_base64("aGk").is_ok());
    /// let e = Photo::from_base64("data:image/png;base64,aG k").unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "the photo is not valid Base64: ' ' at position 24 is not standard Base64 \
    ///      (A-Z, a-z, 0-9, `+`, `/`, and `=` padding at the end)"
    /// );
    /// ```
    pub fn from_base64(text: impl Into<String>) -> Result<Self, PhotoError> {
        let text = text.into();
        let payload = strip_data_url(&text)?;
        if payload.trim().is_empty() {
            return Err(PhotoError::Empty);
        }
        if let Some(at) = first_bad_byte(payload.as_bytes()) {
            let prefix = text.len() - payload.len();
            let chars = |s: Option<&str>| s.map_or(0, |s| s.chars().count());
            return Err(PhotoError::InvalidBase64 {
                position: chars(text.get(..prefix)) + chars(payload.get(..at)),
                character: payload
                    .get(at..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            });
        }
        Ok(Self::from_base64_unchecked(text))
    }

    /// A photo from text sent **exactly as given, unchecked** (the
    /// documentation's own examples use the placeholder `"..."`, which is not
    /// Base64). Prefer [`Photo::from_base64`].
    pub fn from_base64_unchecked(text: impl Into<String>) -> Self {
        Self {
            order: None,
            photo_name: None,
            base64: text.into(),
        }
    }

    /// Sets the display order (`order`).
    pub fn order(mut self, order: u32) -> Self {
        self.order = Some(order);
        self
    }

    /// Sets the file name (`photo_name`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.photo_name = Some(name.into());
        self
    }

    /// The order, if set.
    pub fn get_order(&self) -> Option<u32> {
        self.order
    }

    /// The file name, if set.
    pub fn photo_name(&self) -> Option<&str> {
        self.photo_name.as_deref()
    }

    /// The Base64 text as it will be sent.
    pub fn base64(&self) -> &str {
        &self.base64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls() {
        assert!(Photo::from_base64("data:image/png;base64,iVBORw0KGgo=").is_ok());
        assert!(Photo::from_base64("data:text/plain;base64,aGk=").is_err());
        assert!(Photo::from_base64("data:image/png,aGk=").is_err());
        assert!(Photo::from_base64("").is_err());
        assert!(Photo::from_base64("...").is_err());
        let p = Photo::from_base64("data:image/png;base64,aGk=").unwrap();
        assert_eq!(p.base64(), "data:image/png;base64,aGk=");
        assert!(!format!("{p:?}").contains("aGk="));
    }
}
