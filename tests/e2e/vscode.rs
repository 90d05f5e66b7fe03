//! VS Code itself: code-server 4.100.3 with the extension packaged from `editors/vscode`, driven in
//! headless Chromium by `tests/vscode/run.mjs` (squiggle, quick fix from Ctrl+., the spin-off lens
//! and action, files on disk). Screenshots land in `tests/vscode/artifacts/`.
//!
//! Needs `tests/vscode/install.sh` (chromium, code-server, playwright-core) and `npm ci` in
//! `editors/vscode`; `.ci/run` does both. Without them the test fails, unless
//! `MANIFEST_LSP_SKIP_VSCODE=1` says to skip it.

mod common;
use common::copy_fixture;
use std::path::Path;
use std::process::Command;

#[test]
fn the_extension_in_vs_code_shows_and_fixes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (ext, harness) = (repo.join("editors/vscode"), repo.join("tests/vscode"));
    let ready = ext.join("node_modules/.bin/vsce").exists()
        && harness.join("node_modules/.bin/code-server").exists()
        && harness.join("node_modules/playwright-core").exists()
        && Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert!(
            std::env::var_os("MANIFEST_LSP_SKIP_VSCODE").is_some(),
            "VS Code test prerequisites missing: run `npm ci` in editors/vscode and tests/vscode/install.sh \
             (or set MANIFEST_LSP_SKIP_VSCODE=1)"
        );
        return;
    }
    // the .vsix from the sources as they are now
    let package = Command::new("npm")
        .args(["run", "--silent", "package"])
        .current_dir(&ext)
        .output()
        .expect("npm run package");
    assert!(
        package.status.success(),
        "packaging failed:\n{}{}",
        String::from_utf8_lossy(&package.stdout),
        String::from_utf8_lossy(&package.stderr)
    );
    let (_dir, workspace) = copy_fixture("violations/so007-docker-tag-mismatch");
    let out = Command::new("node")
        .arg("run.mjs")
        .current_dir(&harness)
        .env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp"))
        .env("MANIFEST_LSP_VSIX", ext.join("manifest-lsp.vsix"))
        .env("MANIFEST_LSP_WORKSPACE", &workspace)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("PASS: spin-off chosen"), "{report}");
}
