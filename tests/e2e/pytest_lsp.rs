//! The protocol suite in `tests/pytest_lsp/`: pytest-lsp drives the server under the recorded
//! capability profiles of real clients (VS Code, Neovim 0.7 and 0.11, Emacs).
//!
//! Needs `python3 -m pytest` with pytest-lsp (`.ci/run` installs it with pip). Without it the test
//! is skipped with a line saying so, or fails under `MANIFEST_LSP_REQUIRE_EDITORS=1`.

mod common;
use std::path::Path;
use std::process::Command;

#[test]
fn the_server_fits_each_clients_capabilities() {
    let has_pytest_lsp = Command::new("python3")
        .args(["-c", "import pytest_lsp"])
        .status()
        .is_ok_and(|s| s.success());
    let missing = (!has_pytest_lsp)
        .then(|| "pytest-lsp is not installed (pip install pytest-lsp==1.0.1)".to_string());
    if !common::client_ready("the pytest-lsp suite", "MANIFEST_LSP_SKIP_PYTEST", missing) {
        return;
    }
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pytest_lsp");
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(&suite)
        .current_dir(&suite)
        .env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp"))
        .output()
        .expect("run pytest");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("18 passed"), "{report}");
}
