//! Real client: headless Neovim (Debian's 0.7.2 in CI) with the plugin in `editors/neovim`, driving
//! the release binary through Neovim's own LSP client. Each test runs one Lua script from
//! `tests/neovim/` on a copy of a fixture; the script's exit status is the verdict.
//!
//! Needs `nvim` on PATH (`.ci/run` installs it). Without it the tests fail, unless
//! `MANIFEST_LSP_SKIP_NEOVIM=1` says to skip them.

mod common;
use common::copy_fixture;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(120);

fn nvim_available() -> bool {
    let found = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found && std::env::var_os("MANIFEST_LSP_SKIP_NEOVIM").is_none() {
        panic!("`nvim` is not on PATH: install Neovim (apt-get install neovim), or set MANIFEST_LSP_SKIP_NEOVIM=1");
    }
    found
}

/// Runs `tests/neovim/<script>` in headless Neovim on a copy of `fixture`; returns the copy.
fn run(script: &str, fixture: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if !nvim_available() {
        return None;
    }
    let (dir, workspace) = copy_fixture(fixture);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let script = repo.join("tests/neovim").join(script);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp"))
        .env("MANIFEST_LSP_PLUGIN", repo.join("editors/neovim"))
        .env("MANIFEST_LSP_WORKSPACE", &workspace)
        // keep Neovim's log and state out of the user's home
        .env("HOME", &home)
        .env("XDG_STATE_HOME", &home)
        .env("XDG_CACHE_HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("XDG_DATA_HOME", &home)
        .current_dir(&workspace)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let log = std::fs::read_to_string(home.join("nvim/lsp.log"))
        .or_else(|_| std::fs::read_to_string(home.join(".cache/nvim/lsp.log")))
        .unwrap_or_default();
    let report = format!(
        "stdout:\n{}\nstderr:\n{}\nlsp.log (tail):\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        log.lines()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    );
    match status {
        Some(s) if s.success() => Some((dir, workspace)),
        Some(s) => panic!(
            "{script:?} failed ({s}):\n{report}",
            script = script.file_name().unwrap()
        ),
        None => panic!(
            "{script:?} did not finish in {LIMIT:?}:\n{report}",
            script = script.file_name().unwrap()
        ),
    }
}

#[test]
fn spin_off_through_the_code_action_menu() {
    run("spin_off.lua", "clean/ghost-startos");
}

#[test]
fn diagnostics_appear_and_a_quick_fix_applies() {
    run("quick_fix.lua", "violations/so007-docker-tag-mismatch");
}
