//! Listing photos, sent as Base64.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// One photo of a listing: `{"order", "photo_name", "base64"}`.
///
/// Build it from bytes ([`Photo::from_bytes`]), from a file
/// ([`Photo::from_file`], async), or from a Base64 string with or without a
/// `data:image/...;base64,` prefix ([`Photo::from_base64`], checked;
/// [`Photo::from_base64_unchecked`], taken as given). `order` and
/// `photo_name` are optional.
///
/// `Debug` shows the length of the Base64 text, not the text.
///
/// ```
/// use anuncios_client::Photo;
/// let p = Photo::from_bytes(b"\xFF\xD8\xFF\xE0").order(1).name("foto1.jpg");
/// assert_eq!(p.base64(), "/9j/4A==");
/// assert!(Photo::from_base64("data:image/jpeg;base64,/9j/4A==").is_ok());
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
    /// The text is not Base64 (after an optional `data:image/...;base64,` prefix).
    NotBase64(String),
    /// The photo is empty.
    Empty,
}

impl fmt::Display for PhotoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoError::Io { path, source } => write!(f, "could not read photo `{path}`: {source}"),
            PhotoError::NotBase64(why) => write!(f, "the photo is not valid Base64: {why}"),
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

    /// A photo from Base64 text, with or without a `data:image/<type>;base64,`
    /// prefix; checked to decode, then sent exactly as given.
    pub fn from_base64(text: impl Into<String>) -> Result<Self, PhotoError> {
        let text = text.into();
        let payload = strip_data_url(&text)?;
        if payload.trim().is_empty() {
            return Err(PhotoError::Empty);
        }
        STANDARD
            .decode(payload)
            .map_err(|e| PhotoError::NotBase64(e.to_string()))?;
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
