//! LSP handlers. Document changes are applied synchronously, before any `.await`; analysis runs
//! afterwards and its results are dropped if the package changed again meanwhile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use futures::StreamExt;
use std::sync::{Arc, Mutex, RwLock};

use ropey::Rope;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

mod documents;
mod initialize;
mod methods;
mod navigation;
mod pull;
mod requests;
mod views;

use super::guard;

use super::convert::{to_lsp_diagnostic, uri_to_path};
use super::workspace_edit::{Buffers, EditCapabilities};
use crate::analysis::{analyze_kept, config_diagnostic, Kept};
use crate::diagnostic::Diagnostic as Diag;
use crate::text::{Encoding, LineIndex};
use crate::workspace::config::{Config, FILE_NAME};
use crate::workspace::discover::discover_streaming;
use crate::workspace::settings::EditorSettings;
use crate::workspace::{FactsCache, OverlaySource, Project, Source};

struct Document {
    rope: Rope,
    version: i32,
}

/// Open documents: version and text, as of one moment.
type Snapshot = HashMap<PathBuf, (i32, Arc<str>)>;

pub struct Backend {
    client: Client,
    docs: Mutex<HashMap<PathBuf, Document>>,
    source: Arc<OverlaySource>,
    cache: Arc<FactsCache>,
    /// Projects as last analysed, updated by what changed since.
    kept: Arc<Kept>,
    encoding: RwLock<Encoding>,
    roots: RwLock<Vec<PathBuf>>,
    /// Package root → generation; bumped on every change that concerns the package.
    generations: Mutex<HashMap<PathBuf, u64>>,
    /// Package root → file → what the client shows for it now (non-empty lists only), so a
    /// refresh sends only the files whose diagnostics changed and clears the ones that went away.
    /// The async lock makes compare-and-publish one step: refreshes never interleave their sends.
    published: tokio::sync::Mutex<HashMap<PathBuf, HashMap<PathBuf, Vec<Diagnostic>>>>,
    watch_dynamic: RwLock<bool>,
    progress: RwLock<bool>,
    edit_caps: RwLock<EditCapabilities>,
    /// Documents opened whose diagnostics have not been published since: the next refresh of their
    /// project publishes them even when unchanged (an empty list included), whichever refresh it is.
    unannounced: Mutex<std::collections::HashSet<PathBuf>>,
    /// Editor settings (initializationOptions, workspace/configuration).
    settings: RwLock<EditorSettings>,
    /// The client answers `workspace/configuration`.
    pull_config: RwLock<bool>,
    /// The client pulls diagnostics (and is never pushed any).
    pull: RwLock<pull::PullMode>,
    /// The client accepts code lens and inlay hint refresh requests.
    views: RwLock<views::ViewRefresh>,
    /// Renames the server is having the client apply (from a fix run as a command): when the
    /// client asks `willRenameFiles` about one of them, the answer is already in the edit.
    own_renames: Mutex<Vec<(PathBuf, PathBuf)>>,
    /// The "not read" lines already logged (each file and reason once per session).
    skips_logged: Mutex<std::collections::HashSet<String>>,
    /// URIs a pulling client was last given diagnostics for (by either pull): each is cleared
    /// by a workspace report when it has none left, whether or not the client names it.
    pull_shown: Mutex<std::collections::HashSet<Uri>>,
    request_counter: AtomicU64,
    /// The first indexing's progress token, and whether the user cancelled it.
    indexing: Mutex<Option<NumberOrString>>,
    indexing_cancelled: std::sync::atomic::AtomicBool,
    /// Edits and opens being analysed: indexing lets them go first.
    edits_in_flight: std::sync::atomic::AtomicUsize,
}

/// Open buffers over the disk, with document versions: what workspace edits are computed from.
struct Buffered<'a>(&'a Backend);

impl Buffers for Buffered<'_> {
    fn text(&self, path: &Path) -> Option<Arc<str>> {
        self.0.source.read(path).ok()
    }
    fn version(&self, path: &Path) -> Option<i32> {
        self.0
            .docs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .map(|d| d.version)
    }
}

const FIX_ALL: &str = "source.fixAll.manifest-lsp";

/// A request to the client, given up on after a while: the `initialized` handler awaits these,
/// and a client that never answers (it may already be shutting down) must not hold the server
/// open after `exit`.
async fn answered<T>(request: impl std::future::Future<Output = T>) -> Option<T> {
    tokio::time::timeout(std::time::Duration::from_secs(2), request)
        .await
        .ok()
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            docs: Mutex::default(),
            source: Arc::default(),
            cache: Arc::default(),
            kept: Arc::default(),
            encoding: RwLock::new(Encoding::Utf16),
            roots: RwLock::default(),
            generations: Mutex::default(),
            published: tokio::sync::Mutex::default(),
            watch_dynamic: RwLock::new(false),
            progress: RwLock::new(false),
            edit_caps: RwLock::default(),
            unannounced: Mutex::default(),
            settings: RwLock::default(),
            pull_config: RwLock::new(false),
            pull: RwLock::default(),
            views: RwLock::default(),
            pull_shown: Mutex::default(),
            own_renames: Mutex::default(),
            skips_logged: Mutex::default(),
            request_counter: AtomicU64::new(0),
            indexing: Mutex::default(),
            indexing_cancelled: Default::default(),
            edits_in_flight: Default::default(),
        }
    }

    fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self, root: &Path) -> u64 {
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        let n = g.entry(root.to_path_buf()).or_insert(0);
        *n += 1;
        *n
    }

    fn generation(&self, root: &Path) -> u64 {
        *self
            .generations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(root)
            .unwrap_or(&0)
    }

    /// The configuration for a project folder: its `manifest-lsp.toml`, then the editor's settings
    /// for the rules the file leaves unset.
    fn config(&self, dir: &Path) -> Config {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .config_for(dir, &*self.source)
    }

    /// Takes new editor settings, logging what cannot be used.
    async fn take_settings(&self, value: &serde_json::Value) {
        let (settings, problems) = EditorSettings::from_json(value);
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = settings;
        // a few lines, however many problems (a settings object can name 100,000 rules)
        const SHOWN: usize = 10;
        let more = problems.len().saturating_sub(SHOWN);
        for p in problems.into_iter().take(SHOWN) {
            self.client.log_message(MessageType::WARNING, p).await;
        }
        if more > 0 {
            let line = format!("settings: {more} more problem(s) not shown");
            self.client.log_message(MessageType::WARNING, line).await;
        }
    }

    /// Asks the client for the `manifest-lsp` section, when it answers such requests.
    async fn pull_settings(&self) {
        if !*self.pull_config.read().unwrap_or_else(|e| e.into_inner()) {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("manifest-lsp".into()),
        };
        if let Some(Ok(values)) = answered(self.client.configuration(vec![item])).await {
            if let Some(v) = values.into_iter().next().filter(|v| !v.is_null()) {
                self.take_settings(&v).await;
            }
        }
    }

    /// Every project whose diagnostics are shown, analysed again (settings or config changed).
    async fn refresh_all(&self) {
        let known: Vec<PathBuf> = self.published.lock().await.keys().cloned().collect();
        for key in known.into_iter().filter(|k| !k.ends_with(FILE_NAME)) {
            let generation = self.bump(&key);
            self.refresh(Project::from_key(&key), generation).await;
        }
    }

    /// The StartOS package a file belongs to, if any.
    fn package_of(&self, path: &Path) -> Option<PathBuf> {
        Project::of_file(path, &*self.source)
            .into_iter()
            .find_map(|p| match p {
                Project::StartOs(root) => Some(root),
                _ => None,
            })
    }

    /// A document of a package, as the server sees it now: (path, package root, text).
    fn package_document(&self, uri: &Uri) -> Option<(PathBuf, PathBuf, Arc<str>)> {
        let path = uri_to_path(uri)?;
        let root = self.package_of(&path)?;
        let text = self.source.read(&path).ok()?;
        Some((path, root, text))
    }

    /// Record a document's new text in the overlay (synchronous: call before any await).
    fn store(&self, path: &Path, rope: &Rope) {
        self.source
            .set(path.to_path_buf(), Arc::from(rope.to_string()));
    }

    /// Analyse one package and publish the diagnostics that changed; stale results are dropped.
    /// Documents just opened are published even when unchanged.
    /// Returns how many projects it counts as in `check`'s summary (0 when dropped or failed).
    async fn refresh(&self, project: Project, generation: u64) -> usize {
        let source = self.source.clone();
        let cache = self.cache.clone();
        let kept = self.kept.clone();
        let root = project.key().to_path_buf();
        let settings = self
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // the open buffers as analysed: each publish carries the version it was computed from
        let snapshot = self.open_snapshot();
        let result = tokio::task::spawn_blocking(move || {
            let config = settings.config_for(project.dir(), &*source);
            let report = analyze_kept(&project, &*source, &cache, &config, &kept);
            (config, report)
        })
        .await;
        let (config, report) = match result {
            Ok(r) => r,
            Err(e) => {
                // one project's failure: logged, the rest of the server goes on
                let why = match e.try_into_panic() {
                    Ok(payload) => guard::panic_message(&*payload),
                    Err(e) => e.to_string(),
                };
                let message = format!("internal error while analysing {}: {why}", root.display());
                eprintln!("manifest-lsp: {message}");
                self.client.log_message(MessageType::ERROR, message).await;
                return 0;
            }
        };
        if self.generation(&root) != generation {
            return 0; // a newer edit will publish
        }
        let mut by_file: HashMap<PathBuf, Vec<Diag>> = HashMap::new();
        let force: Vec<PathBuf> = {
            // just opened (few, usually none): looked up in the report, not the other way round
            let opened = self.unannounced.lock().unwrap_or_else(|e| e.into_inner());
            opened
                .iter()
                .filter(|f| report.iter().any(|r| r.files.contains(f)))
                .cloned()
                .collect()
        };
        if let Some(report) = &report {
            for d in &report.diagnostics {
                by_file.entry(d.path.clone()).or_default().push(d.clone());
            }
            for (p, e) in &report.unreadable {
                // one line per file and reason, not one per keystroke
                let line = format!("{}: {e}", p.display());
                let new = self
                    .skips_logged
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(line.clone());
                if new {
                    self.client.log_message(MessageType::WARNING, line).await;
                }
            }
        }
        if let Some(d) = config_diagnostic(&config) {
            by_file.entry(d.path.clone()).or_default().push(d);
        }
        let current = || self.generation(&root) == generation;
        self.publish_changes(root.clone(), by_file, &force, &snapshot, current)
            .await;
        report.as_ref().map_or(0, |r| r.checked.counted())
    }

    /// A config file's own diagnostic (it may lie outside every package).
    async fn refresh_config(&self, path: &Path) {
        let config = match self.source.read(path) {
            Ok(text) => Some(Config::parse(path, &text)),
            Err(crate::workspace::ReadError::Missing) => None,
            Err(e) => Some(Config::unreadable(path, &e)),
        };
        let diags = config
            .and_then(|c| config_diagnostic(&c))
            .into_iter()
            .collect();
        let by_file = HashMap::from([(path.to_path_buf(), diags)]);
        let snapshot = self.open_snapshot();
        self.publish_changes(path.to_path_buf(), by_file, &[], &snapshot, || true)
            .await;
    }

    /// Send what changed since `key` (a package root or a config file) last published; clear the
    /// files that no longer have diagnostics. Dropped when `current()` says a newer run exists.
    async fn publish_changes(
        &self,
        key: PathBuf,
        by_file: HashMap<PathBuf, Vec<Diag>>,
        force: &[PathBuf],
        snapshot: &Snapshot,
        current: impl Fn() -> bool,
    ) {
        let mut published = self.published.lock().await;
        if !current() {
            return; // a newer refresh got here first
        }
        let shown = published.entry(key).or_default();
        let mut now: HashMap<PathBuf, Vec<Diagnostic>> = by_file
            .iter()
            .map(|(path, diags)| (path.clone(), self.to_lsp(path, diags, snapshot)))
            .collect();
        for forced in force {
            now.entry(forced.clone()).or_default();
        }
        for gone in shown.keys() {
            now.entry(gone.clone()).or_default();
        }
        let pulled = self.pull_mode().pull;
        let mut changed = false;
        for (path, diags) in &now {
            let unchanged = shown.get(path).map_or(diags.is_empty(), |old| old == diags);
            changed |= !unchanged;
            if pulled {
                continue; // the client asks for them
            }
            if !unchanged || force.contains(path) {
                let version = snapshot.get(path).map(|(v, _)| *v);
                self.publish(path, diags.clone(), version).await;
            }
        }
        if pulled && changed {
            self.announce_change();
        }
        {
            let mut opened = self.unannounced.lock().unwrap_or_else(|e| e.into_inner());
            for f in force {
                opened.remove(f);
            }
        }
        now.retain(|_, d| !d.is_empty());
        *shown = now;
    }

    /// The open documents' versions and texts, now.
    fn open_snapshot(&self) -> Snapshot {
        let docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        docs.iter()
            .filter_map(|(path, d)| Some((path.clone(), (d.version, self.source.read(path).ok()?))))
            .collect()
    }

    /// The LSP form of one file's diagnostics (positions in the text they were computed from);
    /// none when the file is gone.
    fn to_lsp(&self, path: &Path, diags: &[Diag], snapshot: &Snapshot) -> Vec<Diagnostic> {
        if diags.is_empty() {
            return Vec::new();
        }
        let text = match snapshot.get(path) {
            Some((_, text)) => text.clone(),
            None => match self.source.read(path) {
                Ok(t) => t,
                Err(_) => return Vec::new(), // the file is gone: clear it
            },
        };
        let enc = self.encoding();
        let index = LineIndex::new(&text);
        diags
            .iter()
            .map(|d| to_lsp_diagnostic(d, &text, &index, enc, &*self.source))
            .collect()
    }

    async fn publish(&self, path: &Path, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let Some(uri) = Uri::from_file_path(path) else {
            return;
        };
        self.client
            .publish_diagnostics(uri, diagnostics, version)
            .await;
    }

    /// The projects `path` belongs to, each with a new generation.
    fn schedule(&self, path: &Path) -> Vec<(Project, u64)> {
        Project::of_file(path, &*self.source)
            .into_iter()
            .map(|p| {
                let generation = self.bump(p.key());
                (p, generation)
            })
            .collect()
    }

    async fn index_workspace(&self) {
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner()).clone();
        if roots.is_empty() {
            return;
        }
        let token = NumberOrString::String(format!(
            "manifest-lsp/index/{}",
            self.request_counter.fetch_add(1, Ordering::Relaxed)
        ));
        let use_progress = *self.progress.read().unwrap_or_else(|e| e.into_inner())
            && answered(self.client.create_work_done_progress(token.clone()))
                .await
                .is_some_and(|r| r.is_ok());
        *self.indexing.lock().unwrap_or_else(|e| e.into_inner()) = Some(token.clone());
        let progress = if use_progress {
            Some(
                self.client
                    .progress(token, "Indexing packages")
                    .with_percentage(0)
                    .with_cancel_button()
                    .begin()
                    .await,
            )
        } else {
            None
        };
        // the walk streams projects to the analysis as it finds them (as `check` does)
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let found = Arc::new(AtomicU64::new(0));
        let counter = found.clone();
        let walk = tokio::task::spawn_blocking(move || {
            discover_streaming(&roots, |project| {
                counter.fetch_add(1, Ordering::Relaxed);
                let _ = tx.send(project);
            })
        });
        // two projects per core at a time: each analysis runs on a blocking thread, and while one
        // project's diagnostics are sent, the next one's analysis keeps the core busy
        let workers = 2 * std::thread::available_parallelism().map_or(1, |n| n.get());
        let done = AtomicU64::new(0);
        // what `check` would count: npm packages no family applies to, monorepos without the
        // charter, are analysed but not counted
        let counted = AtomicU64::new(0);
        let counted_ref = &counted;
        let shown = std::sync::atomic::AtomicU32::new(0);
        let (progress_ref, done_ref, found_ref, shown_ref) = (&progress, &done, &*found, &shown);
        let projects = futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|project| (project, rx))
        });
        projects
            .map(|project| async move {
                // the user's edits are answered first; a cancelled indexing analyses nothing more
                // (a project is analysed when one of its files is opened)
                while self.edits_in_flight.load(Ordering::Relaxed) > 0
                    && !self.indexing_cancelled.load(Ordering::Relaxed)
                {
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                if self.indexing_cancelled.load(Ordering::Relaxed) {
                    return;
                }
                let generation = self.bump(project.key());
                let n_counted = self.refresh(project, generation).await;
                counted_ref.fetch_add(n_counted as u64, Ordering::Relaxed);
                let n = done_ref.fetch_add(1, Ordering::Relaxed) + 1;
                if let Some(p) = progress_ref {
                    let total = found_ref.load(Ordering::Relaxed).max(n);
                    // never backwards, though the walk may still be finding projects; one report
                    // per percent, not per project
                    let pct = (n * 100 / total) as u32;
                    if shown_ref.fetch_max(pct, Ordering::Relaxed) < pct || n == total {
                        p.report_with_message(format!("{n}/{total}"), pct, None)
                            .await;
                    }
                }
            })
            .buffer_unordered(workers)
            .for_each(|()| async {})
            .await;
        let discovery = walk.await.unwrap_or_default();
        for cfg in &discovery.config_files {
            self.refresh_config(cfg).await;
        }
        let (done, found) = (
            done.load(Ordering::Relaxed) as usize,
            found.load(Ordering::Relaxed) as usize,
        );
        if let Some(p) = progress {
            let checked = counted.load(Ordering::Relaxed);
            let message = if done < found {
                format!("cancelled after {done} of {found} project(s)")
            } else {
                format!("{checked} project(s)")
            };
            p.finish_with_message(message).await;
        }
        *self.indexing.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// `window/workDoneProgress/cancel`: the user stopped the first indexing.
    pub async fn progress_cancelled(&self, params: WorkDoneProgressCancelParams) {
        let ours = self
            .indexing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if ours.as_ref() == Some(&params.token) {
            self.indexing_cancelled.store(true, Ordering::Relaxed);
        }
    }

    /// An edit or an open, analysed ahead of the indexing.
    async fn refresh_first(&self, path: &Path) {
        /// Counts the edit out however its analysis ends.
        struct InFlight<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Drop for InFlight<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::Relaxed);
            }
        }
        self.edits_in_flight.fetch_add(1, Ordering::Relaxed);
        let _in_flight = InFlight(&self.edits_in_flight);
        for (project, generation) in self.schedule(path) {
            self.refresh(project, generation).await;
        }
    }
}
