//! What every example program does alike on its terminal: output that ends
//! quietly when the reader goes away (`| head -1`), numbers and rates a
//! person reads, the exit statuses explained in `--help`, and a spinner for
//! steps that take more than a moment.

use std::fmt;
use std::future::Future;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rust_decimal::Decimal;

/// The exit statuses every example program uses, for the end of `--help`.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  every step worked
  1  a call failed, or a result was not what was asked for (one `error:` line on stderr)
  2  the configuration is missing or invalid (an environment variable, a flag, a file)";

/// The whole of an example's `main`: starts the `RUST_LOG` logging and a
/// multi-threaded runtime, runs `program` on it, and flushes stdout.
/// A runtime that cannot start is exit status 2, with one `error:` line.
pub fn main(program: impl Future<Output = ExitCode>) -> ExitCode {
    crate::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = runtime.block_on(program);
    flush();
    code
}

/// Writes one line to stdout. When stdout is closed (the program's output
/// is piped into `head` and `head` has read enough), the program exits
/// quietly with status 0 instead of panicking, as command-line tools do.
pub fn print_line(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(e) = written {
        exit_if_closed(&e);
    }
}

/// Flushes stdout, exiting quietly (status 0) when the reader has gone.
pub fn flush() {
    if let Err(e) = io::stdout().lock().flush() {
        exit_if_closed(&e);
    }
}

fn exit_if_closed(e: &io::Error) {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    // Any other failure to write to stdout (a full disk behind a redirect)
    // is reported once on stderr; the program goes on with its work.
    eprintln!("warning: could not write to stdout: {e}");
}

/// `println!` that exits quietly when stdout is closed: see [`print_line`].
#[macro_export]
macro_rules! say {
    () => {
        $crate::cli::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::print_line(format_args!($($arg)*))
    };
}

/// A count with thousands separators: `22060` → `22,060`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate per second, rounded to a whole number with thousands separators
/// (`22,060/s`); below 10 per second one decimal is kept (`2.5/s`).
pub fn rate(items: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs <= 0.0 {
        return "-/s".to_owned();
    }
    let per_sec = items as f64 / secs;
    if per_sec < 10.0 {
        format!("{per_sec:.1}/s")
    } else {
        // Rounded and non-negative, so the cast keeps the value.
        format!("{}/s", count(per_sec.round() as u64))
    }
}

/// An amount of money as a person reads it, after its currency `symbol`:
/// `£2,950` when whole, `$1,166.40` otherwise (rounded to cents).
pub fn money(symbol: &str, amount: Decimal) -> String {
    let sign = if amount.is_sign_negative() { "-" } else { "" };
    let amount = amount.abs().round_dp(2);
    let whole = amount.trunc();
    let units = u64::try_from(whole).map_or_else(|_| whole.to_string(), count);
    let cents = ((amount - whole) * Decimal::from(100)).round();
    if cents.is_zero() {
        format!("{sign}{symbol}{units}")
    } else {
        format!("{sign}{symbol}{units}.{cents:0>2}")
    }
}

/// A duration as a person reads it: `850 ms`, `9.5 s`, `2 min 05 s`.
pub fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        let s = d.as_secs();
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

/// A spinner on stderr for a step that may take more than a moment, with
/// `message` beside it. Hidden when stderr is not a terminal (in tests, in
/// pipes), so it never mixes into captured output. Call
/// [`ProgressBar::finish_and_clear`] when the step ends.
pub fn spinner(message: impl Into<std::borrow::Cow<'static, str>>) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(22_060), "22,060");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn rates_are_rounded() {
        assert_eq!(rate(220_608, Duration::from_secs(10)), "22,061/s");
        assert_eq!(rate(25, Duration::from_secs(10)), "2.5/s");
        assert_eq!(rate(5, Duration::ZERO), "-/s");
    }

    #[test]
    fn money_has_separators_and_cents_only_when_there_are_some() {
        assert_eq!(money("£", Decimal::new(2_950, 0)), "£2,950");
        assert_eq!(money("£", Decimal::new(295_050, 2)), "£2,950.50");
        assert_eq!(money("$", Decimal::new(116_640, 2)), "$1,166.40");
        assert_eq!(money("$", Decimal::new(1_166_405, 3)), "$1,166.40");
        assert_eq!(money("$", Decimal::new(-5, 1)), "-$0.50");
    }

    #[test]
    fn durations_read_like_a_person_writes_them() {
        assert_eq!(duration(Duration::from_millis(850)), "850 ms");
        assert_eq!(duration(Duration::from_millis(9_500)), "9.5 s");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 05 s");
    }
}
