//! The engine's costs, measured in process against baselines taken in the same run:
//! (b) edit-to-publish latency for a `.ts` file and a `package.json` in a 50-package and a
//!     1,000-package charter monorepo (`generate_monorepo.py`), median and p95;
//! (c) first indexing against `check` on the same tree;
//! (d) a keystroke in a 1 MB `.ts` file of a StartOS package;
//! (e) the process's peak RSS;
//! (f) `scale` (not in the default set): the server on the prose-heavy tree of issue 26
//!     (`generate_monorepo.py --heavy`, `ENGINE_SCALE_PACKAGES` packages, default 5,000: 95,000
//!     files): first index, the process's resident memory after it, and a keystroke in a source.
//! Each figure is printed with its target. Run: `cargo bench --bench engine` (or `tests/bench/run`);
//! `ENGINE_ROUNDS` sets the edits per figure (default 50), `ENGINE_LARGE` the large monorepo's
//! package count (default 1000); `ENGINE_FIGURES` picks some of `monorepo,startos,large` (all by
//! default) while working on one of them.

use std::path::Path;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::LspService;

use manifest_lsp::lsp::Backend;

#[path = "../e2e/common/mod.rs"]
mod common;

fn notification(method: &'static str, params: Value) -> Request {
    Request::build(method).params(params).finish()
}

fn uri(p: &Path) -> String {
    Uri::from_file_path(p).unwrap().as_str().to_string()
}

fn median_p95(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[(v.len() * 95 / 100).min(v.len() - 1)])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rounds() -> usize {
    std::env::var("ENGINE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

struct Server {
    service: LspService<Backend>,
    version: i32,
}

impl Server {
    /// Starts a server on `root`; returns it and the time `initialized` took (the first indexing).
    async fn start(root: &Path) -> (Server, Duration) {
        let (mut service, socket) = LspService::new(Backend::new);
        // a client like VS Code: it accepts the file watcher, and so reports every change on disk
        let (mut requests, mut replies) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                if let Some(id) = req.id() {
                    let _ = replies
                        .send(Response::from_ok(id.clone(), Value::Null))
                        .await;
                }
            }
        });
        let init = Request::build("initialize")
            .id(1)
            .params(json!({
                "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
                "workspaceFolders": [{"uri": uri(root), "name": "bench"}]
            }))
            .finish();
        let svc = service.ready().await.unwrap();
        svc.call(init).await.unwrap();
        let t = Instant::now();
        svc.call(notification("initialized", json!({})))
            .await
            .unwrap();
        (
            Server {
                service,
                version: 1,
            },
            t.elapsed(),
        )
    }

    async fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let svc = self.service.ready().await.unwrap();
        svc.call(notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "typescript", "version": 1, "text": text}}),
        ))
        .await
        .unwrap();
        text
    }

    /// Types a character at (line, character) and deletes it, round after round: the time of
    /// each `didChange`, which returns once its diagnostics are published.
    async fn edits(&mut self, path: &Path, line: u32, character: u32) -> Vec<Duration> {
        let at = json!({"line": line, "character": character});
        let end = json!({"line": line, "character": character + 1});
        let mut times = Vec::new();
        for round in 0..rounds() * 2 {
            let (range, text) = if round % 2 == 0 {
                (json!({"start": at, "end": at}), "x")
            } else {
                (json!({"start": at, "end": end}), "")
            };
            self.version += 1;
            let change = notification(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri(path), "version": self.version},
                       "contentChanges": [{"range": range, "text": text}]}),
            );
            let t = Instant::now();
            let svc = self.service.ready().await.unwrap();
            svc.call(change).await.unwrap();
            times.push(t.elapsed());
        }
        times
    }
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// A memory figure of this process from /proc/self/status, in MB.
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The server on the prose-heavy tree: (files, first index, resident MB after it, keystroke
/// median and p95).
fn scale(
    rt: &tokio::runtime::Runtime,
    packages: usize,
) -> (usize, Duration, f64, (Duration, Duration)) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("heavy");
    common::generate_monorepo_with(&root, packages, &["--charter", "--heavy"]);
    let files = walk_count(&root);
    rt.block_on(async {
        let (mut server, index) = Server::start(&root).await;
        let rss = status_mb("VmRSS:");
        let ts = root.join("packages/pkg-0001/src/module03.ts");
        server.open(&ts).await;
        let keys = median_p95(server.edits(&ts, 2, 10).await);
        (files, index, rss, keys)
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// (median, p95) of `.ts` edits and of `package.json` edits in a monorepo of `packages`.
fn monorepo(
    rt: &tokio::runtime::Runtime,
    packages: usize,
) -> ((Duration, Duration), (Duration, Duration)) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mono");
    common::generate_monorepo(&root, packages);
    let files = walk_count(&root);
    // check on the same tree, in process
    let t = Instant::now();
    let report = manifest_lsp::cli::run_check(std::slice::from_ref(&root));
    let check = t.elapsed();
    rt.block_on(async {
        let (mut server, index) = Server::start(&root).await;
        println!(
            "  {packages} packages, {files} files: first index {:.0} ms, check {:.0} ms ({} findings): index/check {:.2}x (target <= 1.3x: {})",
            ms(index),
            ms(check),
            report.diagnostics.len(),
            ms(index) / ms(check),
            verdict(ms(index) <= 1.3 * ms(check))
        );
        let pkg = root.join("packages/pkg-0001");
        let ts = pkg.join("src/module03.ts");
        server.open(&ts).await;
        let ts_times = median_p95(server.edits(&ts, 7, 10).await);
        let manifest = pkg.join("package.json");
        server.open(&manifest).await;
        // inside the name string: `"@bench/pkg-0001"`
        let json_times = median_p95(server.edits(&manifest, 1, 14).await);
        (ts_times, json_times)
    })
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk_count(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// A StartOS package with a 1 MB `.ts` file beside its versions; keystrokes in that file.
fn large_file(rt: &tokio::runtime::Runtime) -> (Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("big-startos");
    let versions = root.join("startos/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        versions.join("current.ts"),
        "import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'\n\nexport const current = VersionInfo.of({\n  version: '1.0.0:0',\n  releaseNotes: 'First',\n  migrations: { up: async () => {}, down: IMPOSSIBLE },\n})\n",
    )
    .unwrap();
    std::fs::write(
        versions.join("index.ts"),
        "import { VersionGraph } from '@start9labs/start-sdk'\nimport { current } from './current'\n\nexport const versionGraph = VersionGraph.of({ current, other: [] })\n",
    )
    .unwrap();
    let mut big = String::new();
    let mut i = 0;
    while big.len() < 1 << 20 {
        big.push_str(&format!(
            "export function helper{i}(x: number): number {{\n  // step {i}: a comment of some length to read past\n  return x * {i} + 1\n}}\n\n"
        ));
        i += 1;
    }
    let file = root.join("startos/utils.ts");
    std::fs::write(&file, &big).unwrap();
    rt.block_on(async {
        let (mut server, _) = Server::start(&root).await;
        server.open(&file).await;
        median_p95(server.edits(&file, 1, 10).await)
    })
}

/// First indexing against `check` on 2,000 generated StartOS packages (`generate.py`).
fn startos_index(rt: &tokio::runtime::Runtime) -> (Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench/generate.py");
    let ok = std::process::Command::new("python3")
        .arg(script)
        .arg(&root)
        .arg("2000")
        .status()
        .unwrap()
        .success();
    assert!(ok, "generate.py failed");
    let t = Instant::now();
    manifest_lsp::cli::run_check(std::slice::from_ref(&root));
    let check = t.elapsed();
    let index = rt.block_on(async { Server::start(&root).await.1 });
    (index, check)
}

/// Whether `ENGINE_FIGURES` asks for this group of figures.
/// Figures run only when `ENGINE_FIGURES` names them.
fn named(figure: &str) -> bool {
    std::env::var("ENGINE_FIGURES").is_ok_and(|v| v.split(',').any(|f| f.trim() == figure))
}

fn wanted(figure: &str) -> bool {
    std::env::var("ENGINE_FIGURES").map_or(true, |v| v.split(',').any(|f| f.trim() == figure))
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let large: usize = std::env::var("ENGINE_LARGE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    println!(
        "engine benchmark ({} cores, {} edits per figure)",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        rounds() * 2
    );
    if wanted("monorepo") {
        monorepo_figures(&rt, large);
    }
    if wanted("startos") {
        let (index, check) = startos_index(&rt);
        println!(
            "  2,000 StartOS packages: first index {:.0} ms, check {:.0} ms: index/check {:.2}x (target <= 1.3x: {})",
            ms(index),
            ms(check),
            ms(index) / ms(check),
            verdict(ms(index) <= 1.3 * ms(check))
        );
    }
    if wanted("large") {
        let (big_median, big_p95) = large_file(&rt);
        println!(
            "  keystroke in a 1 MB .ts file: median {:.2} ms p95 {:.2} ms (target median <= 10 ms: {})",
            ms(big_median),
            ms(big_p95),
            verdict(ms(big_median) <= 10.0)
        );
    }
    if named("scale") {
        let packages = std::env::var("ENGINE_SCALE_PACKAGES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5000);
        let (files, index, rss, (median, p95)) = scale(&rt, packages);
        println!(
            "  prose-heavy monorepo, {packages} packages, {files} files: first index {:.0} ms; resident after it {rss:.0} MB (target <= 250 MB at 100,000 files: {}); keystroke median {:.2} ms p95 {:.2} ms (target median <= 5 ms: {})",
            ms(index),
            verdict(rss <= 250.0),
            ms(median),
            ms(p95),
            verdict(ms(median) <= 5.0)
        );
        return;
    }
    let rss = peak_rss_mb();
    println!(
        "  peak RSS of this process (all of the above): {rss:.0} MB (target <= 150 MB: {})",
        verdict(rss <= 150.0)
    );
}

fn monorepo_figures(rt: &tokio::runtime::Runtime, large: usize) {
    let (small_ts, small_json) = monorepo(rt, 50);
    let (large_ts, large_json) = monorepo(rt, large);
    for (what, small, big) in [
        (".ts edit", small_ts, large_ts),
        ("package.json edit", small_json, large_json),
    ] {
        println!(
            "  {what}: 50 packages median {:.2} ms p95 {:.2} ms; {large} packages median {:.2} ms p95 {:.2} ms; ratio {:.2}x",
            ms(small.0),
            ms(small.1),
            ms(big.0),
            ms(big.1),
            ms(big.0) / ms(small.0).max(0.001)
        );
        println!(
            "    targets: median <= 5 ms ({}), p95 <= 20 ms ({}), <= 1.5x the 50-package figure ({})",
            verdict(ms(big.0) <= 5.0),
            verdict(ms(big.1) <= 20.0),
            verdict(ms(big.0) <= 1.5 * ms(small.0).max(0.001))
        );
    }
}
