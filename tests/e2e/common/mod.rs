//! Helpers shared by the end-to-end tests.
#![allow(dead_code)] // each test crate uses its own share

use std::path::Path;

pub mod client;
pub mod release;

/// A generated charter monorepo of `packages` packages at `root` (`tests/bench/generate_monorepo.py`).
pub fn generate_monorepo(root: &Path, packages: usize) {
    generate_monorepo_with(root, packages, &["--charter"]);
}

/// [`generate_monorepo`] with the generator's flags (`--charter`, `--heavy`).
pub fn generate_monorepo_with(root: &Path, packages: usize, flags: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench/generate_monorepo.py");
    let ok = std::process::Command::new("python3")
        .arg(script)
        .arg(root)
        .arg(packages.to_string())
        .args(flags)
        .status()
        .unwrap()
        .success();
    assert!(ok, "generate_monorepo.py failed");
}

/// A seeded xorshift generator: `rnd(n)` is in `0..n` (0 when `n` is 0), the same sequence on
/// every run.
pub fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    }
}

/// Copy a fixture tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A fixture's path in `tests/fixtures`.
pub fn fixture(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(rel)
}

/// A copy of a fixture in a new temporary folder (canonical path), under the fixture's own name.
pub fn copy_fixture(rel: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let name = Path::new(rel).file_name().unwrap();
    let root = dir.path().canonicalize().unwrap().join(name);
    copy_dir(&fixture(rel), &root);
    (dir, root)
}

/// Runs the `manifest-lsp` binary in `dir`: exit code, stdout, stderr.
pub fn run_cli(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run manifest-lsp");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The messages a server writes on `stdout`, one JSON value per frame, on a channel (read on a
/// thread of its own until the pipe closes).
pub fn read_messages(
    stdout: std::process::ChildStdout,
) -> std::sync::mpsc::Receiver<serde_json::Value> {
    read_messages_gated(stdout, Default::default())
}

/// [`read_messages`], reading nothing while `paused` holds true (a client that stops reading).
pub fn read_messages_gated(
    stdout: std::process::ChildStdout,
    paused: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::sync::mpsc::Receiver<serde_json::Value> {
    use std::io::{BufRead, Read};
    let mut stdout = std::io::BufReader::with_capacity(1024, stdout);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        while paused.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().unwrap();
            }
        }
        let mut buf = vec![0; len];
        if stdout.read_exact(&mut buf).is_err() {
            return;
        }
        if tx.send(serde_json::from_slice(&buf).unwrap()).is_err() {
            return;
        }
    });
    rx
}

/// Runs `git` in `dir` with a fixed identity and date and no user or system configuration;
/// panics when it fails. Returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2025-03-04T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-03-04T12:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a real-client test can run: `missing` says what it lacks (`None`: nothing). A missing
/// client skips the test with one line on stderr (written straight there, so `cargo test` shows
/// it even for a passing test) saying what was skipped and how to run it, unless
/// `MANIFEST_LSP_REQUIRE_EDITORS=1` (`.ci/run` sets it, after installing them all): then it fails.
/// `skip_var` (`MANIFEST_LSP_SKIP_…=1`) skips on purpose, except under that requirement.
pub fn client_ready(test: &str, skip_var: &str, missing: Option<String>) -> bool {
    use std::io::Write;
    let required = std::env::var_os("MANIFEST_LSP_REQUIRE_EDITORS").is_some_and(|v| v == "1");
    let reason = match missing {
        None if std::env::var_os(skip_var).is_none() || required => return true,
        None => format!("{skip_var} is set"),
        Some(missing) => missing,
    };
    if required {
        panic!("{test}: MANIFEST_LSP_REQUIRE_EDITORS=1, but {reason}");
    }
    let _ = writeln!(std::io::stderr(), "skipped {test}: {reason}");
    false
}
