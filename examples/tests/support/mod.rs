//! Running an example binary as a user would, and reading what it printed.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every variable that points an example at a real server or turns on
/// logging: cleared before each run, so the caller's environment does not leak in.
const CLEARED: &[&str] = &[
    "RUST_LOG",
    "AUTERIO_BASE_URL",
    "AUTERIO_API_KEY",
    "AUTOSYNC_BASE_URL",
    "AUTOSYNC_API_KEY",
    "AUTOSYNC_SHOP_ID",
    "AUTOSYNC_WEBHOOK_SECRET",
    "ANUNCIOS_BASE_URL",
    "ANUNCIOS_TOKEN",
    "ANUNCIOS_DEALER_ID",
    "DEALERAUCTION_BASE_URL",
    "DEALERAUCTION_USERNAME",
    "DEALERAUCTION_PASSWORD",
    "DEALERAUCTION_CUSTOMER_ID",
    "DEALERAUCTION_WEBHOOK_TOKEN",
];

/// A run that takes longer than this is a hang: it is killed and fails.
const LIMIT: Duration = Duration::from_secs(60);

/// What a finished run left.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Everything on stdout.
    pub stdout: String,
    /// Everything on stderr.
    pub stderr: String,
}

impl Run {
    /// The last non-empty stdout line.
    pub fn last_line(&self) -> &str {
        self.stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
    }

    /// The one `error:` line of a failed run: stderr must be exactly that line.
    pub fn error_line(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr is not one line:\n{}", self.stderr);
        assert!(
            lines[0].starts_with("error: "),
            "stderr is not an error line: {}",
            self.stderr
        );
        lines[0]
    }

    /// Asserts that `secret` appears in neither stream.
    pub fn assert_never_shows(&self, secret: &str) {
        assert!(
            !self.stdout.contains(secret),
            "stdout shows the secret:\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.contains(secret),
            "stderr shows the secret:\n{}",
            self.stderr
        );
    }
}

/// Runs the binary `exe` with `args` and `env` (only those of [`CLEARED`]
/// that are set here), no standard input, and waits for it.
pub fn run(exe: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in CLEARED {
        cmd.env_remove(name);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start the example");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{exe} did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// [`run`] off the async runtime, so that servers on it keep answering.
pub async fn run_async(exe: &'static str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run(exe, &args, &env)
    })
    .await
    .expect("the run")
}

/// The binary `exe` with `args`, no standard input, stderr piped and every
/// variable of [`CLEARED`] removed; stdout is the caller's to set.
pub fn command(exe: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.args(args).stdin(Stdio::null()).stderr(Stdio::piped());
    for name in CLEARED {
        cmd.env_remove(name);
    }
    cmd
}

/// Runs `exe` with `args` (against its mock), reads the first line of its
/// stdout and then closes the pipe's read end, as `| head -1` does; returns
/// that line once the program has ended quietly (exit 0, no panic).
pub fn first_line_then_closed_pipe(exe: &str, args: &[&str]) -> String {
    let mut child = command(exe, args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the example");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("the first line");
    // The reader (and with it the pipe's read end) is gone: what the program
    // writes from now on meets a closed pipe.
    assert_quiet_success(child);
    first
}

/// Waits for `child` (stderr piped) and asserts it ended quietly: exit 0
/// and no panic message.
pub fn assert_quiet_success(mut child: Child) {
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert!(
        !stderr.contains("panicked"),
        "it panicked on the closed pipe: {stderr}"
    );
    assert_eq!(status.code(), Some(0), "{status:?}, stderr: {stderr}");
}

/// Runs `exe --help` and asserts it exits 0 and shows the exit statuses and
/// each of `texts` (the variables that reach the real API, …).
pub fn assert_help_shows(exe: &str, texts: &[&str]) -> Run {
    let run = run(exe, &["--help"], &[]);
    assert_eq!(run.code, Some(0), "{run:#?}");
    for text in ["Exit status:", "  0  ", "  1  ", "  2  "]
        .iter()
        .chain(texts)
    {
        assert!(
            run.stdout.contains(text),
            "`{text}` missing from --help:\n{}",
            run.stdout
        );
    }
    run
}
