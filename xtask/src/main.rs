//! Project automation, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).
//!
//! `cargo xtask dist [--target T]...` cross-builds the release binary with cargo-zigbuild and writes,
//! under `dist/`:
//! - `manifest-lsp-<triple>.tar.gz` (`.zip` for Windows): the binary and the licence;
//! - `manifest-lsp-<platform>-<version>.vsix`: the VS Code extension with that binary in `server/`;
//! - `npm/*.tgz`: the `manifest-lsp` launcher package and one `@manifest-lsp/cli-<platform>` package
//!   per platform (the esbuild/biome layout: optional dependencies filtered by `os`/`cpu`);
//! - `SHA256SUMS` over all of them (`cd dist && sha256sum -c SHA256SUMS`).

mod sha256;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T, E = String> = std::result::Result<T, E>;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  dist [--target T]...   build the release archives, .vsix files and npm packages into dist/
                         (all five platforms unless --target names some; T is a Rust triple or a
                         platform name: linux-x64 linux-arm64 win32-x64 darwin-x64 darwin-arm64)
  help                   this text

dist needs: cargo-zigbuild and zig (`pip install ziglang cargo-zigbuild`), the Rust targets
(`rustup target add <triple>`), Node.js with npm, `npm ci` run in editors/vscode, tar, and zip for
the Windows archive.
";

/// A platform the project ships a binary for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Platform {
    /// the Rust target triple
    triple: &'static str,
    /// what cargo-zigbuild builds: on Linux the triple with the oldest glibc the binary may need
    zig_target: &'static str,
    /// Node's `${process.platform}-${process.arch}`, which is also vsce's `--target`
    node: &'static str,
    /// Node's `process.platform` and `process.arch`: the npm package's `os` and `cpu`
    os: &'static str,
    cpu: &'static str,
    /// for people
    human: &'static str,
}

/// glibc 2.17 (CentOS 7, 2014) is the floor Rust itself supports for these targets.
const PLATFORMS: [Platform; 5] = [
    Platform {
        triple: "x86_64-unknown-linux-gnu",
        zig_target: "x86_64-unknown-linux-gnu.2.17",
        node: "linux-x64",
        os: "linux",
        cpu: "x64",
        human: "Linux x64 (glibc 2.17 or later)",
    },
    Platform {
        triple: "aarch64-unknown-linux-gnu",
        zig_target: "aarch64-unknown-linux-gnu.2.17",
        node: "linux-arm64",
        os: "linux",
        cpu: "arm64",
        human: "Linux arm64 (glibc 2.17 or later)",
    },
    Platform {
        triple: "x86_64-pc-windows-gnu",
        zig_target: "x86_64-pc-windows-gnu",
        node: "win32-x64",
        os: "win32",
        cpu: "x64",
        human: "Windows x64",
    },
    Platform {
        triple: "x86_64-apple-darwin",
        zig_target: "x86_64-apple-darwin",
        node: "darwin-x64",
        os: "darwin",
        cpu: "x64",
        human: "macOS x64",
    },
    Platform {
        triple: "aarch64-apple-darwin",
        zig_target: "aarch64-apple-darwin",
        node: "darwin-arm64",
        os: "darwin",
        cpu: "arm64",
        human: "macOS arm64 (Apple silicon)",
    },
];

impl Platform {
    fn exe(&self) -> &'static str {
        if self.os == "win32" {
            ".exe"
        } else {
            ""
        }
    }
    fn binary_name(&self) -> String {
        format!("manifest-lsp{}", self.exe())
    }
    fn archive_name(&self) -> String {
        let ext = if self.os == "win32" { "zip" } else { "tar.gz" };
        format!("manifest-lsp-{}.{ext}", self.triple)
    }
    fn npm_name(&self) -> String {
        format!("@manifest-lsp/cli-{}", self.node)
    }
    fn find(name: &str) -> Option<Platform> {
        PLATFORMS
            .into_iter()
            .find(|p| p.triple == name || p.node == name)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("dist") if args[1..].iter().any(|a| a == "-h" || a == "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("dist") => dist(&parse_dist_args(&args[1..])?),
        None | Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    }
}

/// The platforms `dist` builds, in the order of [`PLATFORMS`], without repeats.
fn parse_dist_args(args: &[String]) -> Result<Vec<Platform>> {
    let mut chosen = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let name = match arg.as_str() {
            "--target" => args
                .next()
                .ok_or("--target needs a value: a Rust triple or a platform name")?
                .as_str(),
            other => match other.strip_prefix("--target=") {
                Some(value) => value,
                None => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
            },
        };
        let platform = Platform::find(name).ok_or_else(|| {
            let known: Vec<String> = PLATFORMS
                .iter()
                .map(|p| format!("{} ({})", p.triple, p.node))
                .collect();
            format!("unknown target `{name}`; known: {}", known.join(", "))
        })?;
        chosen.push(platform);
    }
    if chosen.is_empty() {
        return Ok(PLATFORMS.to_vec());
    }
    Ok(PLATFORMS
        .into_iter()
        .filter(|p| chosen.contains(p))
        .collect())
}

/// Paths and facts every step needs.
struct Ctx {
    root: PathBuf,
    dist: PathBuf,
    target_dir: PathBuf,
    stage: PathBuf,
    extension: PathBuf,
    licence: PathBuf,
    version: String,
    description: String,
    cargo: String,
}

/// Time spent per step, reported at the end.
#[derive(Default)]
struct Timings(Vec<(String, Duration)>);

impl Timings {
    fn time<T>(&mut self, what: &str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let out = step();
        self.0.push((what.to_string(), start.elapsed()));
        out
    }
}

fn dist(platforms: &[Platform]) -> Result<()> {
    let started = Instant::now();
    let ctx = context()?;
    preflight(&ctx, platforms)?;
    let mut timings = Timings::default();

    if ctx.dist.exists() {
        std::fs::remove_dir_all(&ctx.dist)
            .map_err(|e| format!("cannot empty {}: {e}", ctx.dist.display()))?;
    }
    if ctx.stage.exists() {
        std::fs::remove_dir_all(&ctx.stage)
            .map_err(|e| format!("cannot empty {}: {e}", ctx.stage.display()))?;
    }
    mkdir(&ctx.dist.join("npm"))?;
    mkdir(&ctx.stage)?;

    let mut binaries = Vec::new();
    for p in platforms {
        let binary = timings.time(&format!("build {}", p.triple), || build(&ctx, p))?;
        binaries.push((*p, binary));
    }
    timings.time("archives", || {
        binaries
            .iter()
            .try_for_each(|(p, bin)| archive(&ctx, p, bin))
    })?;
    timings.time("vsix", || vsix(&ctx, &binaries))?;
    timings.time("npm", || npm(&ctx, &binaries))?;
    timings.time("SHA256SUMS", || checksums(&ctx))?;

    println!("\nbinaries:");
    for (p, bin) in &binaries {
        println!("  {:>6}  {} ({})", size(bin), p.triple, bin.display());
    }
    println!("dist/:");
    for file in artifacts(&ctx.dist)? {
        let rel = relative(&ctx.dist, &file);
        println!("  {:>6}  {rel}", size(&file));
    }
    println!("time:");
    for (what, took) in &timings.0 {
        println!("  {:>7.1}s  {what}", took.as_secs_f64());
    }
    println!("  {:>7.1}s  in all", started.elapsed().as_secs_f64());
    Ok(())
}

fn context() -> Result<Ctx> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask is not inside the workspace")?
        .to_path_buf();
    let manifest = read(&root.join("server/Cargo.toml"))?;
    let version = toml_field(&manifest, "package", "version")
        .ok_or("no [package] version in server/Cargo.toml")?;
    let description = toml_field(&manifest, "package", "description").unwrap_or_default();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let metadata = output(
        Command::new(&cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(&root),
    )
    .ok_or("`cargo metadata` failed")?;
    let target_dir = PathBuf::from(
        json_string_field(&metadata, "target_directory")
            .ok_or("`cargo metadata` names no target_directory")?,
    );
    let extension = root.join("editors/vscode");
    Ok(Ctx {
        dist: root.join("dist"),
        stage: target_dir.join("dist-stage"),
        licence: extension.join("LICENSE"),
        extension,
        target_dir,
        version,
        description,
        cargo,
        root,
    })
}

/// Every missing tool at once, each with what to install.
fn preflight(ctx: &Ctx, platforms: &[Platform]) -> Result<()> {
    let mut missing: Vec<String> = Vec::new();
    let works = |program: &str, args: &[&str]| {
        output(Command::new(program).args(args).current_dir(&ctx.root)).is_some()
    };
    if !works(&ctx.cargo, &["zigbuild", "--help"]) {
        missing.push(
            "cargo-zigbuild: `pip install cargo-zigbuild` (or `cargo install cargo-zigbuild`)"
                .into(),
        );
    }
    let zig_ok = std::env::var_os("CARGO_ZIGBUILD_ZIG_PATH").is_some()
        || works("zig", &["version"])
        || works("python3", &["-m", "ziglang", "version"])
        || works("python", &["-m", "ziglang", "version"]);
    if !zig_ok {
        missing.push("zig, the cross linker: `pip install ziglang` (or zig on PATH)".into());
    }
    if let Some(installed) = output(Command::new("rustup").args(["target", "list", "--installed"]))
    {
        let absent: Vec<&str> = platforms
            .iter()
            .map(|p| p.triple)
            .filter(|t| !installed.lines().any(|l| l.trim() == *t))
            .collect();
        if !absent.is_empty() {
            missing.push(format!(
                "Rust standard library for {}: `rustup target add {}`",
                absent.join(", "),
                absent.join(" ")
            ));
        }
    }
    if platforms.iter().any(|p| p.os != "win32") && !works("tar", &["--version"]) {
        missing.push("tar, for the .tar.gz archives".into());
    }
    if platforms.iter().any(|p| p.os == "win32") && !works("zip", &["-v"]) {
        missing.push(
            "zip, for the Windows archive: `apt-get install zip` (or your system's zip)".into(),
        );
    }
    if !works(&tool("npm"), &["--version"]) {
        missing.push(
            "npm, for the .vsix files and npm packages: install Node.js (18 or later) with npm"
                .into(),
        );
    } else {
        let bins = ctx.extension.join("node_modules/.bin");
        let ready = ["vsce", "tsc", "esbuild"]
            .iter()
            .all(|b| bins.join(b).exists() || bins.join(format!("{b}.cmd")).exists());
        if !ready {
            missing.push(
                "the extension's build tools (tsc, esbuild, vsce): run `npm ci` in editors/vscode"
                    .into(),
            );
        }
    }
    if !ctx.licence.exists() {
        missing.push(format!("the licence text, {}", ctx.licence.display()));
    }
    let package = read(&ctx.extension.join("package.json"))?;
    match json_string_field(&package, "version") {
        Some(v) if v == ctx.version => {}
        other => missing.push(format!(
            "a matching extension version: editors/vscode/package.json has {}, server/Cargo.toml has {}; set both to the release version",
            other.unwrap_or_else(|| "none".into()),
            ctx.version
        )),
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "cannot build dist/, missing:\n  - {}",
            missing.join("\n  - ")
        ))
    }
}

/// `cargo zigbuild --release` for one platform; the path of the binary.
fn build(ctx: &Ctx, p: &Platform) -> Result<PathBuf> {
    run_cmd(
        Command::new(&ctx.cargo)
            .args(["zigbuild", "--release", "--locked"])
            .args(["--package", "manifest-lsp", "--bin", "manifest-lsp"])
            .args(["--target", p.zig_target])
            .current_dir(&ctx.root),
        &format!("the build for {}", p.triple),
    )?;
    let binary = ctx
        .target_dir
        .join(p.triple)
        .join("release")
        .join(p.binary_name());
    if !binary.is_file() {
        return Err(format!("the build left no {}", binary.display()));
    }
    if host_platform() == Some(p.node) {
        // the one this machine can run: it starts and knows its version
        let said = output(Command::new(&binary).arg("--version")).unwrap_or_default();
        if !said.contains(&ctx.version) {
            return Err(format!(
                "{} --version said {said:?}, not {}",
                binary.display(),
                ctx.version
            ));
        }
    }
    Ok(binary)
}

/// This machine as Node names it, when it is one of [`PLATFORMS`].
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

/// `dist/manifest-lsp-<triple>.tar.gz` (`.zip` on Windows): the binary and LICENSE, at the top.
fn archive(ctx: &Ctx, p: &Platform, binary: &Path) -> Result<()> {
    let dir = ctx.stage.join("archive").join(p.triple);
    mkdir(&dir)?;
    copy(binary, &dir.join(p.binary_name()))?;
    copy(&ctx.licence, &dir.join("LICENSE"))?;
    let out = ctx.dist.join(p.archive_name());
    if p.os == "win32" {
        run_cmd(
            Command::new("zip")
                .args(["-q", "-X", "-9"])
                .arg(&out)
                .args([p.binary_name().as_str(), "LICENSE"])
                .current_dir(&dir),
            "zip",
        )
    } else {
        let mut tar = Command::new("tar");
        if output(Command::new("tar").arg("--version")).is_some_and(|v| v.contains("GNU tar")) {
            // the same archive whoever builds it
            tar.args(["--owner=0", "--group=0", "--numeric-owner"]);
        }
        run_cmd(
            tar.arg("-czf")
                .arg(&out)
                .args([p.binary_name().as_str(), "LICENSE"])
                .current_dir(&dir),
            "tar",
        )
    }
}

/// Puts a binary into `editors/vscode/server/` for one package and, when dropped, puts back what
/// was there before (a developer's own binary).
struct BundledServer {
    dir: PathBuf,
    backup: PathBuf,
    had_one: bool,
}

impl BundledServer {
    fn take(extension: &Path) -> Result<BundledServer> {
        let dir = extension.join("server");
        let backup = extension.join(".server-before-xtask");
        if backup.exists() {
            return Err(format!(
                "{} is left from an interrupted run: move it back to {} or delete it",
                backup.display(),
                dir.display()
            ));
        }
        let had_one = dir.exists();
        if had_one {
            std::fs::rename(&dir, &backup)
                .map_err(|e| format!("cannot move {} aside: {e}", dir.display()))?;
        }
        Ok(BundledServer {
            dir,
            backup,
            had_one,
        })
    }

    fn put(&self, p: &Platform, binary: &Path) -> Result<()> {
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir)
                .map_err(|e| format!("cannot empty {}: {e}", self.dir.display()))?;
        }
        mkdir(&self.dir)?;
        copy(binary, &self.dir.join(p.binary_name()))
    }
}

impl Drop for BundledServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if self.had_one {
            if let Err(e) = std::fs::rename(&self.backup, &self.dir) {
                eprintln!(
                    "warning: could not move {} back to {}: {e}",
                    self.backup.display(),
                    self.dir.display()
                );
            }
        }
    }
}

/// One platform `.vsix` per binary, with the binary in `server/`.
fn vsix(ctx: &Ctx, binaries: &[(Platform, PathBuf)]) -> Result<()> {
    run_cmd(
        Command::new(tool("npm"))
            .args(["run", "--silent", "build"])
            .current_dir(&ctx.extension),
        "the extension's build (`npm run build` in editors/vscode)",
    )?;
    let vsce = ctx
        .extension
        .join("node_modules/.bin")
        .join(if cfg!(windows) { "vsce.cmd" } else { "vsce" });
    let server = BundledServer::take(&ctx.extension)?;
    for (p, binary) in binaries {
        server.put(p, binary)?;
        let out = ctx
            .dist
            .join(format!("manifest-lsp-{}-{}.vsix", p.node, ctx.version));
        run_cmd(
            Command::new(&vsce)
                .args(["package", "--target", p.node])
                .args(["--no-dependencies", "--no-rewrite-relative-links"])
                .arg("--allow-missing-repository")
                .arg("--out")
                .arg(&out)
                .current_dir(&ctx.extension)
                .stdin(Stdio::null()),
            &format!("vsce package --target {}", p.node),
        )?;
    }
    drop(server);
    Ok(())
}

/// The launcher package and one package per built platform, packed into `dist/npm/`.
fn npm(ctx: &Ctx, binaries: &[(Platform, PathBuf)]) -> Result<()> {
    let stage = ctx.stage.join("npm");
    let template = ctx.root.join("xtask/npm/manifest-lsp");
    let main = stage.join("manifest-lsp");
    copy_tree(&template, &main)?;
    copy(&ctx.licence, &main.join("LICENSE"))?;
    write(
        &main.join("package.json"),
        &launcher_package_json(&ctx.version, &ctx.description),
    )?;
    let mut packages = vec![main];
    for (p, binary) in binaries {
        let dir = stage.join(format!("cli-{}", p.node));
        mkdir(&dir.join("bin"))?;
        copy(binary, &dir.join("bin").join(p.binary_name()))?;
        copy(&ctx.licence, &dir.join("LICENSE"))?;
        write(
            &dir.join("package.json"),
            &platform_package_json(p, &ctx.version),
        )?;
        write(
            &dir.join("README.md"),
            &format!(
                "# {}\n\nThe `manifest-lsp` binary for {}. It is installed through the `manifest-lsp` \
                 package, which picks the one for your platform: install that instead \
                 (`npm install --save-dev manifest-lsp`, or `npx manifest-lsp check`).\n",
                p.npm_name(),
                p.human
            ),
        )?;
        packages.push(dir);
    }
    let destination = ctx.dist.join("npm");
    for dir in packages {
        run_cmd(
            Command::new(tool("npm"))
                .args(["pack", "--silent", "--pack-destination"])
                .arg(&destination)
                .current_dir(&dir)
                .stdout(Stdio::null()),
            &format!("npm pack in {}", dir.display()),
        )?;
    }
    Ok(())
}

fn launcher_package_json(version: &str, description: &str) -> String {
    let mut optional = String::new();
    for (i, p) in PLATFORMS.iter().enumerate() {
        let comma = if i + 1 < PLATFORMS.len() { "," } else { "" };
        let _ = writeln!(
            optional,
            "    {}: {}{comma}",
            json_str(&p.npm_name()),
            json_str(version)
        );
    }
    format!(
        r#"{{
  "name": "manifest-lsp",
  "version": {version},
  "description": {description},
  "license": "MIT",
  "keywords": ["language-server", "lsp", "lint", "startos", "exver", "salesforce", "changesets", "versioning"],
  "bin": {{
    "manifest-lsp": "bin/manifest-lsp.js"
  }},
  "files": ["bin/manifest-lsp.js"],
  "engines": {{
    "node": ">=16"
  }},
  "optionalDependencies": {{
{optional}  }}
}}
"#,
        version = json_str(version),
        description = json_str(description),
    )
}

fn platform_package_json(p: &Platform, version: &str) -> String {
    // npm 10+ skips a glibc package on musl (Alpine) instead of installing a binary that can't run
    let libc = if p.os == "linux" {
        "\n  \"libc\": [\"glibc\"],"
    } else {
        ""
    };
    format!(
        r#"{{
  "name": {name},
  "version": {version},
  "description": {description},
  "license": "MIT",
  "os": [{os}],
  "cpu": [{cpu}],{libc}
  "files": ["bin/"],
  "preferUnplugged": true
}}
"#,
        name = json_str(&p.npm_name()),
        version = json_str(version),
        description = json_str(&format!("The manifest-lsp binary for {}", p.human)),
        os = json_str(p.os),
        cpu = json_str(p.cpu),
    )
}

/// `dist/SHA256SUMS`, in `sha256sum`'s format, paths relative to `dist/`.
fn checksums(ctx: &Ctx) -> Result<()> {
    let mut text = String::new();
    for file in artifacts(&ctx.dist)? {
        let hex = sha256::file_hex(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let _ = writeln!(text, "{hex}  {}", relative(&ctx.dist, &file));
    }
    write(&ctx.dist.join("SHA256SUMS"), &text)
}

/// The files under `dist/` (and `dist/npm/`), sorted, without `SHA256SUMS`.
fn artifacts(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in [dist.to_path_buf(), dist.join("npm")] {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_file() && path.file_name().is_some_and(|n| n != "SHA256SUMS") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

// --- small helpers -----------------------------------------------------------------------------

/// npm and npx are `.cmd` scripts on Windows.
fn tool(name: &str) -> String {
    if cfg!(windows) {
        format!("{name}.cmd")
    } else {
        name.to_string()
    }
}

fn run_cmd(cmd: &mut Command, what: &str) -> Result<()> {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status}): `{shown}`"))
    }
}

/// The standard output of a command that succeeded.
fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn mkdir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

/// Copies a file; on Unix the copy is executable when the original is (`fs::copy` keeps modes).
fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    mkdir(to)?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            copy(&entry.path(), &target)?;
        }
    }
    Ok(())
}

fn size(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    format!("{:.1}M", bytes as f64 / 1_048_576.0)
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first string value of `"key"` in a JSON text (enough for `cargo metadata`'s
/// `target_directory` and package.json's top-level `version`, which come before any nested one).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let mut rest = &json[json.find(&needle)? + needle.len()..];
    rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut value = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'r' => value.push('\r'),
                'b' => value.push('\u{8}'),
                'f' => value.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
}

/// A basic string `key = "value"` in a TOML `[section]` (no escapes needed for a version or a
/// one-line description).
fn toml_field(toml: &str, section: &str, key: &str) -> Option<String> {
    let header = format!("[{section}]");
    let mut inside = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == header;
            continue;
        }
        if !inside {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.trim() == key {
            let v = v.trim();
            return Some(v.strip_prefix('"')?.strip_suffix('"')?.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn targets_by_triple_or_platform_name_in_a_fixed_order() {
        assert_eq!(parse_dist_args(&[]).unwrap(), PLATFORMS.to_vec());
        let chosen = parse_dist_args(&args(&[
            "--target",
            "win32-x64",
            "--target=x86_64-unknown-linux-gnu",
            "--target",
            "linux-x64",
        ]))
        .unwrap();
        let triples: Vec<_> = chosen.iter().map(|p| p.triple).collect();
        assert_eq!(
            triples,
            ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-gnu"]
        );
        assert!(parse_dist_args(&args(&["--target", "riscv64"]))
            .unwrap_err()
            .contains("known: x86_64-unknown-linux-gnu (linux-x64)"));
        assert!(parse_dist_args(&args(&["--target"])).is_err());
        assert!(parse_dist_args(&args(&["--release"])).is_err());
    }

    #[test]
    fn platform_names_follow_node_and_rust() {
        for p in PLATFORMS {
            assert_eq!(p.node, format!("{}-{}", p.os, p.cpu));
            assert!(p.zig_target.starts_with(p.triple));
        }
        let windows = Platform::find("x86_64-pc-windows-gnu").unwrap();
        assert_eq!(
            windows.archive_name(),
            "manifest-lsp-x86_64-pc-windows-gnu.zip"
        );
        assert_eq!(windows.binary_name(), "manifest-lsp.exe");
        let mac = Platform::find("darwin-arm64").unwrap();
        assert_eq!(
            mac.archive_name(),
            "manifest-lsp-aarch64-apple-darwin.tar.gz"
        );
        assert_eq!(mac.npm_name(), "@manifest-lsp/cli-darwin-arm64");
    }

    #[test]
    fn the_launcher_lists_every_platform_at_its_own_version() {
        let json = launcher_package_json("1.2.3", "say \"hi\"");
        assert!(json.contains(r#""version": "1.2.3""#));
        assert!(json.contains(r#""description": "say \"hi\"""#));
        for p in PLATFORMS {
            assert!(
                json.contains(&format!("\"{}\": \"1.2.3\"", p.npm_name())),
                "{json}"
            );
        }
        assert!(!json.contains(",\n  }"), "no trailing comma: {json}");
        let linux = platform_package_json(&PLATFORMS[1], "1.2.3");
        assert!(linux.contains(r#""os": ["linux"]"#) && linux.contains(r#""cpu": ["arm64"]"#));
        assert!(linux.contains(r#""libc": ["glibc"]"#));
        assert!(!platform_package_json(&PLATFORMS[2], "1").contains("libc"));
    }

    #[test]
    fn fields_from_manifests() {
        let toml = "[workspace]\nversion = \"9\"\n[package]\nname = \"x\"\nversion = \"0.4.1\"\n[dependencies]\nversion = \"1\"\n";
        assert_eq!(
            toml_field(toml, "package", "version").as_deref(),
            Some("0.4.1")
        );
        assert_eq!(toml_field(toml, "package", "edition"), None);
        let json = r#"{"packages":[],"target_directory":"C:\\work\\target","version":1}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some(r"C:\work\target")
        );
        assert_eq!(json_string_field(json, "version"), None);
        assert_eq!(json_str("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
