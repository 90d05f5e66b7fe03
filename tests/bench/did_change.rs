//! Server-side time from `didChange` to published diagnostics, in process (no stdio), for a
//! typical 5 KB `current.ts` in a package with seven version files. Two kinds of edit:
//! - typing: a character typed and deleted inside the release notes. Diagnostics are recomputed
//!   but unchanged, so nothing is sent;
//! - new line: a line break typed and deleted there. The diagnostic below moves, so the file's
//!   diagnostics are published again.
//!
//! Baseline, measured in the same run: one tree-sitter parse of the same text from scratch, the
//! least any syntax-aware server does per edit. Prints medians, p95 and the ratio.
//!
//! Run: `cargo bench --bench did_change` (or `tests/bench/run`, which runs everything).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{json, Value};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::LspService;

use manifest_lsp::lsp::Backend;

const WARMUP: usize = 50;
const ROUNDS: usize = 400;

fn version_file(name: &str, version: &str, notes: &str, other: &str) -> String {
    format!(
        "import {{ VersionInfo, IMPOSSIBLE }} from '@start9labs/start-sdk'\n\n\
         export const {name} = VersionInfo.of({{\n  version: '{version}',\n  releaseNotes: {{\n{notes}  }},\n  \
         migrations: {{\n    up: async ({{ effects }}) => {{\n      await effects.setDataVersion({{ version: '{version}' }})\n    }},\n    \
         down: IMPOSSIBLE,\n{other}  }},\n}})\n"
    )
}

/// Release notes in five locales, long enough to bring the file to about 5 KB.
fn long_notes() -> String {
    let line =
        "- Fixes a crash on start when the data volume is empty; faster backups; new config option";
    let mut out = String::new();
    for locale in ["en_US", "es_ES", "de_DE", "fr_FR", "pl_PL"] {
        out.push_str(&format!("    {locale}: `"));
        for i in 0..10 {
            out.push_str(&format!("{line} ({i})\n"));
        }
        out.push_str("`,\n");
    }
    out
}

fn write_package(root: &Path) -> String {
    let versions = root.join("startos/versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::create_dir_all(root.join("startos/manifest")).unwrap();
    let mut imports = String::new();
    let mut other = Vec::new();
    for minor in 0..6 {
        let (file, export, version) = (
            format!("v1.{minor}.0_0"),
            format!("v_1_{minor}_0_0"),
            format!("1.{minor}.0:0"),
        );
        let notes = "    en_US: 'Update',\n    es_ES: 'Actualización',\n";
        std::fs::write(
            versions.join(format!("{file}.ts")),
            version_file(&export, &version, notes, ""),
        )
        .unwrap();
        imports.push_str(&format!("import {{ {export} }} from './{file}'\n"));
        other.push(export);
    }
    // a migration keyed by an implicit-caret range: one EX006 hint below the release notes
    let implicit = "    other: { '1.0': async ({ effects }) => {} },\n";
    let current = version_file("current", "1.6.0:0", &long_notes(), implicit);
    std::fs::write(versions.join("current.ts"), &current).unwrap();
    std::fs::write(
        versions.join("index.ts"),
        format!(
            "import {{ VersionGraph }} from '@start9labs/start-sdk'\nimport {{ current }} from './current'\n{imports}\n\
             export const versionGraph = VersionGraph.of({{\n  current,\n  other: [{}],\n}})\n",
            other.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("startos/manifest/index.ts"),
        "import { setupManifest } from '@start9labs/start-sdk'\n\nexport const manifest = setupManifest({\n  \
         id: 'bench',\n  images: { main: { source: { dockerTag: 'example/bench:1.6.0' } } },\n})\n",
    )
    .unwrap();
    current
}

fn notification(method: &'static str, params: Value) -> Request {
    Request::build(method).params(params).finish()
}

fn median_and_p95(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 95 / 100])
}

/// Parse-from-scratch time of `text`, the baseline.
fn baseline(text: &str) -> Vec<Duration> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
        .unwrap();
    (0..WARMUP + ROUNDS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(parser.parse(text, None));
            t.elapsed()
        })
        .skip(WARMUP)
        .collect()
}

/// Types `insert` into the release notes and deletes it again, round after round.
struct Edits {
    service: LspService<Backend>,
    uri: String,
    published: Arc<AtomicUsize>,
    version: i32,
    line: u32,
}

impl Edits {
    /// `publishes`: how many publications each edit should cause (checked once the run is over:
    /// they reach the client socket asynchronously).
    async fn run(&mut self, insert: &str, publishes: usize) -> Vec<Duration> {
        tokio::time::sleep(Duration::from_millis(100)).await; // earlier publications land first
        let before = self.published.load(Ordering::Relaxed);
        let mut times = Vec::with_capacity(ROUNDS);
        let at = json!({"line": self.line, "character": 12});
        // what the previous round inserted ends here
        let end = if insert == "\n" {
            json!({"line": self.line + 1, "character": 0})
        } else {
            json!({"line": self.line, "character": 12 + insert.len()})
        };
        for round in 0..WARMUP + ROUNDS {
            let (range, new_text) = if round % 2 == 0 {
                (json!({"start": at, "end": at}), insert)
            } else {
                (json!({"start": at, "end": end}), "")
            };
            self.version += 1;
            let change = notification(
                "textDocument/didChange",
                json!({"textDocument": {"uri": self.uri, "version": self.version},
                       "contentChanges": [{"range": range, "text": new_text}]}),
            );
            let t = Instant::now();
            let svc = self.service.ready().await.unwrap();
            svc.call(change).await.unwrap();
            let elapsed = t.elapsed();
            if round >= WARMUP {
                times.push(elapsed);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let sent = self.published.load(Ordering::Relaxed) - before;
        assert_eq!(
            sent,
            publishes * (WARMUP + ROUNDS),
            "publications for {insert:?}"
        );
        times
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bench-startos");
    let text = write_package(&root);
    let current = root.join("startos/versions/current.ts");
    let uri = Uri::from_file_path(&current).unwrap().as_str().to_string();
    let root_uri = Uri::from_file_path(&root).unwrap().as_str().to_string();
    // the edits go into the first line of release notes
    let notes_line = text.lines().position(|l| l.contains("en_US")).unwrap() as u32;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (typing, newline) = runtime.block_on(async {
        let (mut service, socket) = LspService::new(Backend::new);
        let published = Arc::new(AtomicUsize::new(0));
        let counter = published.clone();
        tokio::spawn(socket.for_each(move |req| {
            if req.method() == "textDocument/publishDiagnostics" {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            async {}
        }));
        let init = Request::build("initialize")
            .id(1)
            .params(json!({"capabilities": {}, "workspaceFolders": [{"uri": root_uri, "name": "bench"}]}))
            .finish();
        let svc = service.ready().await.unwrap();
        svc.call(init).await.unwrap();
        svc.call(notification("initialized", json!({}))).await.unwrap();
        svc.call(notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "typescript", "version": 1, "text": text}}),
        ))
        .await
        .unwrap();
        let mut edits = Edits { service, uri: uri.clone(), published, version: 1, line: notes_line };
        let typing = edits.run("x", 0).await;
        let newline = edits.run("\n", 1).await;
        (typing, newline)
    });
    let parse = baseline(&text);
    let (parse_median, parse_p95) = median_and_p95(parse);
    println!(
        "current.ts: {} bytes; {ROUNDS} edits of each kind after {WARMUP} warm-up",
        text.len()
    );
    println!("baseline, one tree-sitter parse: median {parse_median:?}, p95 {parse_p95:?}");
    for (name, times) in [("typing", typing), ("new line", newline)] {
        let (m, p95) = median_and_p95(times);
        println!(
            "didChange ({name}) → diagnostics done: median {m:?}, p95 {p95:?}, {:.2}x the parse",
            m.as_secs_f64() / parse_median.as_secs_f64()
        );
    }
}
