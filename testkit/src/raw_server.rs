//! A loopback TCP server that misbehaves on purpose: faults no
//! well-behaved mock server shows (cut connections, stalls, floods, gzip
//! bombs, redirects to another host).

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a [`RawServer`] misbehaves: faults no well-behaved mock server shows.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum RawFault {
    /// Sends `HTTP/1.1 200 OK\r\n` and closes the connection.
    CloseAfterStatusLine,
    /// Sends the status line and headers (announcing a body), then closes.
    CloseAfterHeaders,
    /// Announces `Content-Length: 100` and sends 10 bytes, then closes.
    ShortBody,
    /// Sends half of a JSON body, then stalls for this long before closing.
    StallMidBody(Duration),
    /// Answers `status` with a body of `len` bytes of `x`.
    HugeBody {
        /// The status code.
        status: u16,
        /// The body length.
        len: usize,
    },
    /// Answers 200 with a body that is not UTF-8.
    InvalidUtf8,
    /// Answers with this status, content type and body.
    Respond {
        /// The status code.
        status: u16,
        /// The `Content-Type`.
        content_type: &'static str,
        /// The body.
        body: Vec<u8>,
    },
    /// Answers `302 Found` with `Location: url` (the same as
    /// [`RawFault::Redirect`] with status 302).
    RedirectTo(String),
    /// Answers `status` (a redirect: 301, 302, 303, 307, 308) with
    /// `Location: location` and an empty body.
    Redirect {
        /// The status code.
        status: u16,
        /// The `Location`.
        location: String,
    },
    /// Answers `status` with `Content-Encoding: gzip` and a JSON content
    /// type: a gzip body of about 1 MiB that inflates to
    /// [`GZIP_BOMB_INFLATED`] bytes (1 GiB) of spaces. It is made once per
    /// process, on first use, and shared.
    GzipBomb {
        /// The status code.
        status: u16,
    },
    /// Answers 200 with this many headers (`x-flood-N: N`) and an empty body.
    ManyHeaders(usize),
    /// Answers 200 with one header (`x-flood`) whose value is this many
    /// bytes, and an empty body.
    HugeHeader(usize),
    /// Sends the status line of a 200, then one header line every this
    /// long, the head never ending (it gives up after 1,000 lines or when the
    /// client has gone): a client that waits for each read but not for the
    /// whole head waits for ever.
    SlowHeaders(Duration),
}

/// How many bytes the body of [`RawFault::GzipBomb`] inflates to: 1 GiB.
pub const GZIP_BOMB_INFLATED: usize = 1 << 30;

/// The body of [`RawFault::GzipBomb`], made on first use.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    // Deflating a Vec fails only where memory runs out; an empty body then
    // fails the scenarios that use it, loudly.
    BOMB.get_or_init(|| gzip_of_spaces(GZIP_BOMB_INFLATED >> 20).unwrap_or_default())
}

/// A gzip member whose data is `mib` MiB of spaces, made without deflating
/// all of it: one MiB is deflated once, up to a full flush (non-final blocks
/// that refer to nothing before them), that segment is repeated `mib`
/// times, and an empty final block and the trailer (the CRC combined from
/// the segment's, the length) end it.
fn gzip_of_spaces(mib: usize) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, Crc, FlushCompress};
    const MIB: usize = 1 << 20;
    let input = vec![b' '; MIB];
    let mut deflate = Compress::new(Compression::best(), false);
    let mut segment = Vec::with_capacity(16 * 1024);
    // More output room until the input is in and the flush is complete.
    for _ in 0..64 {
        let done = usize::try_from(deflate.total_in()).ok()?;
        deflate
            .compress_vec(&input[done..], &mut segment, FlushCompress::Full)
            .ok()?;
        if deflate.total_in() == MIB as u64 && segment.len() < segment.capacity() {
            break;
        }
        segment.reserve(segment.capacity());
    }
    if deflate.total_in() != MIB as u64 {
        return None;
    }
    let mut one = Crc::new();
    one.update(&input);
    let mut crc = Crc::new();
    let mut out = Vec::with_capacity(18 + segment.len() * mib);
    // ID, deflate, no flags, no mtime, best compression, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    for _ in 0..mib {
        out.extend_from_slice(&segment);
        crc.combine(&one);
    }
    // An empty final block with fixed codes.
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&((mib * MIB) as u32).to_le_bytes());
    Some(out)
}

/// One request a [`RawServer`] received.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The method.
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl RawRequest {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A loopback TCP server that misbehaves on purpose, one connection at a
/// time per request (it always closes the connection after answering).
#[derive(Debug, Clone)]
pub struct RawServer {
    addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Starts a server that answers every request with `fault`.
    pub async fn start(fault: RawFault) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let fault = fault.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve_one(sock, fault, recorded).await;
                });
            }
        });
        Ok(Self { addr, requests })
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests it received.
    pub fn hits(&self) -> usize {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// The requests it received.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Writes `len` bytes of `x`; false when the client went away.
async fn write_filler(sock: &mut tokio::net::TcpStream, len: usize) -> bool {
    use tokio::io::AsyncWriteExt;
    let block = vec![b'x'; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len());
        if sock.write_all(&block[..n]).await.is_err() {
            return false;
        }
        left -= n;
    }
    true
}

async fn serve_one(
    mut sock: tokio::net::TcpStream,
    fault: RawFault,
    recorded: Arc<Mutex<Vec<RawRequest>>>,
) -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + 4 + len {
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    recorded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(RawRequest {
            method,
            target,
            headers,
        });
    let head = |status: u16, ctype: &str, len: usize| {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {ctype}\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
        )
    };
    match fault {
        RawFault::CloseAfterStatusLine => sock.write_all(b"HTTP/1.1 200 OK\r\n").await?,
        RawFault::CloseAfterHeaders => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?
        }
        RawFault::ShortBody => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?;
            sock.write_all(br#"{"data": ["#).await?;
        }
        RawFault::StallMidBody(d) => {
            sock.write_all(head(200, "application/json", 100).as_bytes())
                .await?;
            sock.write_all(br#"{"data": ["#).await?;
            sock.flush().await?;
            tokio::time::sleep(d).await;
        }
        RawFault::HugeBody { status, len } => {
            sock.write_all(head(status, "text/plain", len).as_bytes())
                .await?;
            if !write_filler(&mut sock, len).await {
                return Ok(());
            }
        }
        RawFault::InvalidUtf8 => {
            let body = [b'"', 0xff, 0xfe, 0xfd, b'"'];
            sock.write_all(head(200, "application/json", body.len()).as_bytes())
                .await?;
            sock.write_all(&body).await?;
        }
        RawFault::Respond {
            status,
            content_type,
            body,
        } => {
            sock.write_all(head(status, content_type, body.len()).as_bytes())
                .await?;
            sock.write_all(&body).await?;
        }
        RawFault::RedirectTo(location) => redirect(&mut sock, 302, &location).await?,
        RawFault::Redirect { status, location } => redirect(&mut sock, status, &location).await?,
        RawFault::GzipBomb { status } => {
            let body = gzip_bomb();
            let resp = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            sock.write_all(resp.as_bytes()).await?;
            for block in body.chunks(64 * 1024) {
                if sock.write_all(block).await.is_err() {
                    return Ok(());
                }
            }
        }
        RawFault::ManyHeaders(n) => {
            let mut resp = String::from("HTTP/1.1 200 OK\r\n");
            for i in 0..n {
                resp.push_str(&format!("x-flood-{i}: {i}\r\n"));
            }
            resp.push_str("content-length: 0\r\nconnection: close\r\n\r\n");
            if sock.write_all(resp.as_bytes()).await.is_err() {
                return Ok(());
            }
        }
        RawFault::HugeHeader(len) => {
            sock.write_all(b"HTTP/1.1 200 OK\r\nx-flood: ").await?;
            if !write_filler(&mut sock, len).await {
                return Ok(());
            }
            let end = b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            if sock.write_all(end).await.is_err() {
                return Ok(());
            }
        }
        RawFault::SlowHeaders(gap) => {
            sock.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            for i in 0..1000 {
                sock.flush().await?;
                tokio::time::sleep(gap).await;
                let line = format!("x-slow-{i}: {i}\r\n");
                if sock.write_all(line.as_bytes()).await.is_err() {
                    return Ok(());
                }
            }
        }
    }
    sock.flush().await?;
    Ok(())
}

/// Answers `status` with `Location: location` and an empty body.
async fn redirect(
    sock: &mut tokio::net::TcpStream,
    status: u16,
    location: &str,
) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let resp = format!(
        "HTTP/1.1 {status} X\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    sock.write_all(resp.as_bytes()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gzip_of_spaces_inflates_to_its_length_and_its_trailer_checks() {
        use std::io::Read;
        let gz = gzip_of_spaces(3).expect("made");
        let mut out = Vec::new();
        // The decoder checks the CRC and the length of the trailer.
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        assert_eq!(out.len(), 3 << 20);
        assert!(out.iter().all(|b| *b == b' '));
    }

    #[test]
    fn the_gzip_bomb_is_small_and_inflates_to_1_gib() {
        let bomb = gzip_bomb();
        assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
        assert_eq!(bomb[..3], [0x1f, 0x8b, 8]);
        assert_eq!(bomb[bomb.len() - 4..], (1u32 << 30).to_le_bytes());
    }
}
