//! The release artifacts `cargo xtask dist` leaves in `dist/`, for the tests that run them: each
//! such test is skipped with a message saying what is missing, or fails instead when
//! `MANIFEST_LSP_REQUIRE_DIST=1` (`.ci/run` sets it after building them).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `dist/` folder at the top of the repository.
pub fn dist() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist")
}

/// True when nothing is missing. Otherwise the test is skipped with a message (written straight to
/// stderr, so the test harness shows it even for a passing test), or fails when
/// `MANIFEST_LSP_REQUIRE_DIST=1`.
pub fn ready(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join("; ");
    if std::env::var_os("MANIFEST_LSP_REQUIRE_DIST").is_some_and(|v| v == "1") {
        panic!("{test}: MANIFEST_LSP_REQUIRE_DIST=1, but: {missing}");
    }
    let _ = writeln!(std::io::stderr(), "{test}: skipped: {missing}");
    false
}

/// `dist/<name>`; what is missing is added to `missing`.
pub fn artifact(name: &str, missing: &mut Vec<String>) -> PathBuf {
    let path = dist().join(name);
    if !path.is_file() {
        missing.push(format!(
            "no dist/{name} (run `cargo xtask dist`, or `cargo xtask dist --target <platform>`)"
        ));
    }
    path
}

/// The archive of the machine the tests run on (`manifest-lsp-<triple>.tar.gz`), when this is one
/// of the release platforms that have a `.tar.gz`.
pub fn host_archive() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("manifest-lsp-x86_64-unknown-linux-gnu.tar.gz"),
        ("linux", "aarch64") => Some("manifest-lsp-aarch64-unknown-linux-gnu.tar.gz"),
        ("macos", "x86_64") => Some("manifest-lsp-x86_64-apple-darwin.tar.gz"),
        ("macos", "aarch64") => Some("manifest-lsp-aarch64-apple-darwin.tar.gz"),
        _ => None,
    }
}

/// Unpacks a release archive into a new folder, as a user would (`tar -xzf`, or `unzip`); the
/// binary's path inside it. The archive must hold the binary and the licence at its top.
pub fn unpack(archive: &Path, binary: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let name = archive.file_name().unwrap().to_str().unwrap();
    let mut cmd = if name.ends_with(".zip") {
        let mut c = Command::new("unzip");
        c.arg("-q").arg(archive).arg("-d").arg(dir.path());
        c
    } else {
        let mut c = Command::new("tar");
        c.arg("-xzf").arg(archive).arg("-C").arg(dir.path());
        c
    };
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot unpack {name}: {e}"));
    assert!(
        out.status.success(),
        "unpacking {name}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("LICENSE").is_file(),
        "{name} has no LICENSE"
    );
    let path = dir.path().join(binary);
    assert!(path.is_file(), "{name} has no {binary}");
    (dir, path)
}

/// `PATH` with `dir` first: a binary unpacked there is found by name, as the README tells users
/// to install it.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .expect("a PATH entry holds the separator")
}
