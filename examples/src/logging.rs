//! Logging to stderr, driven by `RUST_LOG`.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Installs a subscriber that writes the SDKs' tracing to stderr, filtered by
/// `RUST_LOG` (the `tracing-subscriber` `EnvFilter` syntax, e.g.
/// `RUST_LOG=debug` or `RUST_LOG=autoclient_common=debug`).
///
/// With `RUST_LOG` unset or empty nothing is installed and nothing extra is
/// printed. At `debug`, each HTTP attempt shows as an `http.attempt` span
/// (method, path, attempt, status, wait before a retry) when it closes, with
/// the retries and waits inside it. Records of the `log` crate (reqwest's)
/// are not forwarded. A `RUST_LOG` that does not parse is reported on stderr
/// in one line and ignored.
pub fn init() {
    let Some(value) = std::env::var_os("RUST_LOG") else {
        return;
    };
    if value.is_empty() {
        return;
    }
    let filter = match EnvFilter::try_from_default_env() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("warning: RUST_LOG is ignored: {e}");
            return;
        }
    };
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_span_events(FmtSpan::CLOSE)
        .finish();
    // Only fails when a subscriber is already installed: keep that one.
    let _ = tracing::subscriber::set_global_default(subscriber);
}
