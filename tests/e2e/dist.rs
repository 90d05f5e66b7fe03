//! The release artifacts that `cargo xtask dist` leaves in `dist/`, run for real:
//! - the npm tarballs for this machine, installed offline into a scratch project, then
//!   `npx manifest-lsp check` on fixtures (findings, clean, nothing to check, SARIF), and the
//!   launcher's message when the platform package is missing;
//! - the aarch64 Linux binary under `qemu-aarch64 -L /usr/aarch64-linux-gnu` (Debian's `qemu-user`
//!   and `libc6-arm64-cross`);
//! - the Windows binary under `wine` (Debian 12's Wine 8 lacks `bcryptprimitives.dll`, which Rust's
//!   standard library needs: the test then builds the stand-in `tests/wine/bcryptprimitives.c` with
//!   `zig cc`, from the `ziglang` package `cargo xtask dist` needs anyway).
//!
//! Each test is skipped, with a message saying what is missing, when its prerequisites are absent
//! (the artifact: run `cargo xtask dist`; npm; qemu-aarch64; wine). With
//! `MANIFEST_LSP_REQUIRE_DIST=1` (`.ci/run` sets it) a missing prerequisite fails the test instead.

mod common;
use common::copy_fixture;
use common::release::{artifact, ready, unpack};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const VERSION: &str = env!("CARGO_PKG_VERSION");
/// wine's first start in a new prefix takes a while; nothing else comes near
const LIMIT: Duration = Duration::from_secs(300);

fn program(name: &str, args: &[&str], install: &str, missing: &mut Vec<String>) {
    let found = Command::new(name)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        missing.push(format!("no `{name}` ({install})"));
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs a command with its output in files (wine's server outlives the program and would hold a
/// pipe open), killed after [`LIMIT`].
fn run(cmd: &mut Command) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} took more than {LIMIT:?}; stderr:\n{}",
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out).unwrap(),
        stderr: std::fs::read_to_string(&err).unwrap(),
    }
}

/// The npm platform name of this machine, as the launcher computes it.
fn host_platform() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("linux-x64"),
        ("linux", "aarch64") => Some("linux-arm64"),
        ("windows", "x86_64") => Some("win32-x64"),
        ("macos", "x86_64") => Some("darwin-x64"),
        ("macos", "aarch64") => Some("darwin-arm64"),
        _ => None,
    }
}

fn npm_cmd(name: &str) -> Command {
    Command::new(if cfg!(windows) {
        format!("{name}.cmd")
    } else {
        name.to_string()
    })
}

/// A scratch npm project with `tarballs` installed offline (a cache of its own, so nothing comes
/// from the registry or from the user's cache).
fn scratch_install(tarballs: &[PathBuf]) -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().canonicalize().unwrap().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("package.json"),
        r#"{ "name": "scratch", "version": "0.0.0", "private": true }"#,
    )
    .unwrap();
    let install = run(npm_cmd("npm")
        .args(["install", "--offline", "--no-audit", "--no-fund"])
        .arg("--cache")
        .arg(dir.path().join("npm-cache"))
        .args(tarballs)
        .current_dir(&project)
        .env("npm_config_update_notifier", "false"));
    (dir, project, install)
}

fn npx(project: &Path, cache: &Path, args: &[&str]) -> Run {
    run(npm_cmd("npx")
        .arg("--offline")
        .arg("--cache")
        .arg(cache)
        .arg("manifest-lsp")
        .args(args)
        .current_dir(project)
        .env("npm_config_update_notifier", "false"))
}

#[test]
fn npx_runs_check_from_the_offline_installed_tarballs() {
    let mut missing = Vec::new();
    let Some(platform) = host_platform() else {
        ready(
            "npx",
            &[
                "no npm package for this platform: the test runs on the five release platforms"
                    .into(),
            ],
        );
        return;
    };
    let launcher = artifact(&format!("npm/manifest-lsp-{VERSION}.tgz"), &mut missing);
    let binary = artifact(
        &format!("npm/manifest-lsp-cli-{platform}-{VERSION}.tgz"),
        &mut missing,
    );
    program(
        "npm",
        &["--version"],
        "install Node.js with npm",
        &mut missing,
    );
    if !ready("npx", &missing) {
        return;
    }
    let (dir, project, install) = scratch_install(&[launcher, binary]);
    assert_eq!(install.code, 0, "npm install --offline:\n{}", install.all());
    let cache = dir.path().join("npm-cache");

    let version = npx(&project, &cache, &["--version"]);
    assert_eq!(version.code, 0, "{}", version.all());
    assert!(version.stdout.contains(VERSION), "{}", version.all());

    // findings: exit 1, the finding and the summary
    let (_f, findings) = copy_fixture("violations/so007-docker-tag-mismatch");
    let found = npx(&project, &cache, &["check", findings.to_str().unwrap()]);
    assert_eq!(found.code, 1, "{}", found.all());
    assert!(found.stdout.contains("error[SO007]"), "{}", found.all());
    assert!(
        found
            .stdout
            .contains("checked 1 StartOS package: 1 error(s)"),
        "{}",
        found.all()
    );

    // the same as SARIF on stdout, still exit 1
    let sarif = npx(
        &project,
        &cache,
        &["check", "--format", "sarif", findings.to_str().unwrap()],
    );
    assert_eq!(sarif.code, 1, "{}", sarif.all());
    let report: serde_json::Value = serde_json::from_str(&sarif.stdout)
        .unwrap_or_else(|e| panic!("SARIF on stdout: {e}\n{}", sarif.all()));
    assert_eq!(
        report["runs"][0]["results"][0]["ruleId"], "SO007",
        "{}",
        sarif.stdout
    );

    // clean: exit 0
    let (_c, clean) = copy_fixture("clean/ghost-startos");
    let ok = npx(&project, &cache, &["check", clean.to_str().unwrap()]);
    assert_eq!(ok.code, 0, "{}", ok.all());
    assert!(
        ok.stdout.contains("0 error(s), 0 warning(s)"),
        "{}",
        ok.all()
    );

    // nothing to check: exit 2 passes through too
    let empty = tempfile::tempdir().unwrap();
    let nothing = npx(&project, &cache, &["check", empty.path().to_str().unwrap()]);
    assert_eq!(nothing.code, 2, "{}", nothing.all());
}

#[test]
fn npx_names_the_missing_platform_package() {
    let mut missing = Vec::new();
    let Some(platform) = host_platform() else {
        ready(
            "npx without the binary",
            &["no npm package for this platform".into()],
        );
        return;
    };
    let launcher = artifact(&format!("npm/manifest-lsp-{VERSION}.tgz"), &mut missing);
    program(
        "npm",
        &["--version"],
        "install Node.js with npm",
        &mut missing,
    );
    if !ready("npx without the binary", &missing) {
        return;
    }
    // offline, the optional platform packages cannot be fetched: npm leaves them out
    let (dir, project, install) = scratch_install(&[launcher]);
    assert_eq!(install.code, 0, "npm install --offline:\n{}", install.all());
    let out = npx(&project, &dir.path().join("npm-cache"), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.all());
    let package = format!("@manifest-lsp/cli-{platform}");
    assert!(
        out.stderr.contains(&format!("the package {package}"))
            && out.stderr.contains("is not installed"),
        "{}",
        out.all()
    );
    assert!(
        out.stderr
            .contains(&format!("npm install {package}@{VERSION}")),
        "{}",
        out.all()
    );
}

/// `check` on a fixture with findings (exit 1, SO007) and on a clean one (exit 0), each run from the
/// fixture's folder as `check .`.
fn check_both(runner: impl Fn(&Path) -> Run) {
    let (_f, findings) = copy_fixture("violations/so007-docker-tag-mismatch");
    let found = runner(&findings);
    assert_eq!(found.code, 1, "{}", found.all());
    assert!(found.stdout.contains("error[SO007]"), "{}", found.all());
    assert!(
        found
            .stdout
            .contains("checked 1 StartOS package: 1 error(s)"),
        "{}",
        found.all()
    );
    let (_c, clean) = copy_fixture("clean/ghost-startos");
    let ok = runner(&clean);
    assert_eq!(ok.code, 0, "{}", ok.all());
    assert!(
        ok.stdout.contains("0 error(s), 0 warning(s)"),
        "{}",
        ok.all()
    );
}

#[test]
fn the_aarch64_linux_binary_checks_under_qemu() {
    let mut missing = Vec::new();
    let archive = artifact(
        "manifest-lsp-aarch64-unknown-linux-gnu.tar.gz",
        &mut missing,
    );
    program(
        "qemu-aarch64",
        &["--version"],
        "apt-get install qemu-user",
        &mut missing,
    );
    let sysroot = Path::new("/usr/aarch64-linux-gnu");
    if !sysroot.join("lib/ld-linux-aarch64.so.1").exists() {
        missing.push(
            "no aarch64 glibc in /usr/aarch64-linux-gnu (apt-get install libc6-arm64-cross)".into(),
        );
    }
    program("tar", &["--version"], "install tar", &mut missing);
    if !ready("qemu", &missing) {
        return;
    }
    let (_dir, binary) = unpack(&archive, "manifest-lsp");
    let header = std::fs::read(&binary).unwrap();
    // ELF, 64-bit, machine 0xb7 (AArch64)
    assert!(
        header.starts_with(b"\x7fELF\x02") && header[18] == 0xb7,
        "not an aarch64 ELF binary"
    );
    let version = run(Command::new("qemu-aarch64")
        .arg("-L")
        .arg(sysroot)
        .arg(&binary)
        .arg("--version"));
    assert_eq!(version.code, 0, "{}", version.all());
    assert!(version.stdout.contains(VERSION), "{}", version.all());
    check_both(|dir| {
        run(Command::new("qemu-aarch64")
            .arg("-L")
            .arg(sysroot)
            .arg(&binary)
            .args(["check", "."])
            .current_dir(dir))
    });
}

/// A way to run `zig`: on PATH, or the `ziglang` Python package that `pip install ziglang` gives.
fn zig() -> Option<Vec<&'static str>> {
    [vec!["zig"], vec!["python3", "-m", "ziglang"]]
        .into_iter()
        .find(|cmd| {
            Command::new(cmd[0])
                .args(&cmd[1..])
                .arg("version")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

#[test]
fn the_windows_binary_checks_under_wine() {
    let mut missing = Vec::new();
    let archive = artifact("manifest-lsp-x86_64-pc-windows-gnu.zip", &mut missing);
    program("wine", &["--version"], "apt-get install wine", &mut missing);
    program("unzip", &["-v"], "apt-get install unzip", &mut missing);
    if !ready("wine", &missing) {
        return;
    }
    let (dir, binary) = unpack(&archive, "manifest-lsp.exe");
    let header = std::fs::read(&binary).unwrap();
    assert!(header.starts_with(b"MZ"), "not a Windows executable");
    // a prefix kept between runs in the target folder: the first start in a new one takes long
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine-prefix");
    let wine = |cwd: &Path, args: &[&str]| {
        run(Command::new("wine")
            .arg(&binary)
            .args(args)
            .current_dir(cwd)
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            // no Mono or Gecko download dialogs
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY"))
    };
    let mut version = wine(dir.path(), &["--version"]);
    if version.code != 0 {
        // Wine 8 (Debian 12's) has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
        // library calls (the loader fails, exit 53): put a stand-in next to the binary, where
        // Windows looks first
        let Some(zig) = zig() else {
            ready(
                "wine",
                &[format!(
                    "this Wine cannot start the binary (exit {}; Wine 8 lacks bcryptprimitives.dll), \
                     and the stand-in DLL is built with zig: pip install ziglang",
                    version.code
                )],
            );
            return;
        };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let build = tempfile::tempdir().unwrap();
        let dll = build.path().join("bcryptprimitives.dll");
        let cc = run(Command::new(zig[0])
            .args(&zig[1..])
            .args([
                "cc",
                "-target",
                "x86_64-windows-gnu",
                "-shared",
                "-O2",
                "-o",
            ])
            .arg(&dll)
            .arg(repo.join("tests/wine/bcryptprimitives.c"))
            .arg("-ladvapi32"));
        assert_eq!(cc.code, 0, "zig cc bcryptprimitives.c:\n{}", cc.all());
        std::fs::copy(&dll, dir.path().join("bcryptprimitives.dll")).unwrap();
        version = wine(dir.path(), &["--version"]);
    }
    assert_eq!(version.code, 0, "{}", version.all());
    assert!(version.stdout.contains(VERSION), "{}", version.all());
    check_both(|cwd| wine(cwd, &["check", "."]));
}

/// The linux-x64 `.vsix` installed into code-server with default settings (no
/// `manifest-lsp.server.path`): its own server starts and a StartOS package shows its finding
/// (`tests/vscode/run.mjs bundled`).
#[test]
fn the_platform_vsix_serves_with_default_settings() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let harness = repo.join("tests/vscode");
    let mut missing = Vec::new();
    if host_platform() != Some("linux-x64") {
        missing.push("not a linux-x64 machine".to_string());
    }
    let vsix = artifact(
        &format!("manifest-lsp-linux-x64-{VERSION}.vsix"),
        &mut missing,
    );
    if !harness.join("node_modules/.bin/code-server").exists()
        || !Path::new("/usr/bin/chromium").exists()
    {
        missing.push("no code-server or Chromium (run tests/vscode/install.sh)".to_string());
    }
    if !ready("the_platform_vsix_serves_with_default_settings", &missing) {
        return;
    }
    let r = run(Command::new("node")
        .args(["run.mjs", "bundled"])
        .current_dir(&harness)
        .env("MANIFEST_LSP_BIN", env!("CARGO_BIN_EXE_manifest-lsp"))
        .env("MANIFEST_LSP_VSIX", &vsix));
    assert!(
        r.code == 0 && r.stdout.contains("PASS: scenario bundled ("),
        "{}",
        r.all()
    );
}

/// The README's Helix set-up for the release archive: the archive unpacked onto `PATH`, and
/// `editors/helix/languages.toml` as it is. The server Helix would start (its `command` and `args`,
/// found on that `PATH`, with its `config` as initialization options) serves a StartOS package:
/// SO007 on the manifest, opened as Helix opens a `typescript` file. (Helix itself cannot be
/// installed here; it was run by hand in tmux against the unpacked archive, see the README.)
#[test]
fn the_helix_configuration_starts_the_archive_binary_from_path() {
    let mut missing = Vec::new();
    let Some(name) = common::release::host_archive() else {
        ready("Helix", &["no release archive for this platform".into()]);
        return;
    };
    let archive = artifact(name, &mut missing);
    if !ready("Helix", &missing) {
        return;
    }
    let (_dir, binary) = unpack(&archive, "manifest-lsp");
    let folder = binary.parent().unwrap();
    let config: toml::Value = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/helix/languages.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let server = &config["language-server"]["manifest-lsp"];
    let command = server["command"].as_str().unwrap();
    assert!(
        !command.contains('/'),
        "the README tells archive users to put the binary on PATH: `command` is a name, not {command}"
    );
    let args: Vec<&str> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let options = serde_json::to_value(server.get("config").cloned()).unwrap();
    let mut program = Command::new(command);
    program
        .args(&args)
        .env("PATH", common::release::path_with(folder));
    let (_fixture, root) = copy_fixture("violations/so007-docker-tag-mismatch");
    let mut client = common::client::Client::start_program(
        program,
        serde_json::json!(common::client::uri(&root)),
        serde_json::json!([{ "uri": common::client::uri(&root), "name": "so007" }]),
        false,
        serde_json::json!({ "documentChanges": true }),
        options,
        serde_json::json!({}),
    );
    let info = &client.initialize_result["serverInfo"];
    assert_eq!(info["version"], VERSION, "{info}");
    let manifest = root.join("startos/manifest/index.ts");
    client.open(&manifest);
    let found = client.wait_diags(&manifest, |d| {
        common::client::codes(d).iter().any(|c| c == "SO007")
    });
    assert!(!found.is_empty());
    client.shutdown();
}
