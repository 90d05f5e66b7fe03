//! Emacs with eglot (Debian's Emacs 28 and elpa-eglot), headless: a quick fix asked for at column 0
//! of the finding's line, the way eglot asks (no diagnostic named), reaches the disk.

mod common;
use common::{copy_fixture, run_cli};
use std::process::Command;

#[test]
fn eglot_applies_a_quick_fix_asked_at_column_zero() {
    let has_eglot = Command::new("emacs")
        .args(["--batch", "--eval", "(require 'eglot)"])
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = (!has_eglot).then(|| {
        "Emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)".to_string()
    });
    if !common::client_ready("the Emacs eglot test", "MANIFEST_LSP_SKIP_EMACS", missing) {
        return;
    }
    let (_tmp, root) = copy_fixture("violations/so007-docker-tag-mismatch");
    let manifest = root.join("startos/manifest/index.ts");
    let before = std::fs::read_to_string(&manifest).unwrap();
    let result = root.join("emacs-result.txt");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/emacs/quick_fix.el");
    let out = Command::new("timeout")
        .arg("90")
        .args(["emacs", "--batch", "-l"])
        .arg(&script)
        .env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp"))
        .env("MANIFEST_FILE", &manifest)
        .env("PROJECT_ROOT", &root)
        .env("RESULT", &result)
        .env("HOME", root.join("home"))
        .output()
        .expect("run emacs");
    let report = std::fs::read_to_string(&result).unwrap_or_default();
    assert!(
        out.status.success() && report.contains("status: ok"),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("at column 0"), "{report}");
    let after = std::fs::read_to_string(&manifest).unwrap();
    assert_ne!(before, after, "the fix did not reach the disk");
    let (code, out, _) = run_cli(&["check", "--format", "json", "."], &root);
    assert!(!out.contains("SO007"), "{code}: {out}");
}
