//! `check`'s engine room: the walk feeds package roots to one worker per core as it finds them,
//! so analysis overlaps the walk. Each package gets its own facts cache, dropped when it is done:
//! memory stays flat however many packages there are.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};

use crate::analysis::{analyze_kept, Checked, Kept};
use crate::diagnostic::Diagnostic;
use crate::git::GitCache;
use crate::workspace::config::Config;
use crate::workspace::discover::{discover_streaming, Discovery};
use crate::workspace::Source;
use crate::workspace::{FactsCache, Project, ReadError};

/// Each worker's stack (see [`crate::analysis::ANALYSIS_STACK`]).
const WORKER_STACK: usize = crate::analysis::ANALYSIS_STACK;

pub struct PackageResult {
    pub key: PathBuf,
    /// Set when the analysis of this project failed (a bug): what to report.
    pub internal_error: Option<String>,
    pub checked: Checked,
    pub diagnostics: Vec<Diagnostic>,
    pub unreadable: Vec<(PathBuf, ReadError)>,
}

pub struct Packages {
    /// One entry per project, in no particular order.
    pub results: Vec<PackageResult>,
}

/// `None` when the project is not one the rules apply to, or is excluded. A panic while analysing
/// it is caught and reported as that project's internal error: the others are still checked.
fn analyze_one(project: &Project, shared: &Shared) -> Option<PackageResult> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_guarded(project, shared)
    })) {
        Ok(result) => result,
        Err(payload) => {
            let why = crate::fault::panic_message(&*payload);
            Some(PackageResult {
                key: project.key().to_path_buf(),
                internal_error: Some(format!(
                    "internal error while checking {}: {why}",
                    project.key().display()
                )),
                checked: Checked::Failed,
                diagnostics: Vec::new(),
                unreadable: Vec::new(),
            })
        }
    }
}

/// What the packages of one run share: the repositories, and the settings files looked for.
struct Shared<'s> {
    /// Where texts are read: the disk, or the disk with `check --fix`'s planned edits over it.
    source: &'s dyn Source,
    git: Arc<GitCache>,
    /// `manifest-lsp.toml` paths → their text (`None`: no such file), read once for the run.
    settings: Mutex<HashMap<PathBuf, Option<String>>>,
}

impl Shared<'_> {
    fn read_settings(&self, path: &Path) -> Option<String> {
        crate::memo::remembered(&self.settings, path, || {
            self.source.read(path).ok().map(|t| t.to_string())
        })
    }
}

fn analyze_guarded(project: &Project, shared: &Shared) -> Option<PackageResult> {
    let source = shared.source;
    let config = Config::find(project.dir(), |p| shared.read_settings(p));
    if config.is_excluded(project.key()) {
        return None;
    }
    let cache = FactsCache::for_one_pass_sharing(shared.git.clone());
    let kept = Kept::default();
    let report = analyze_kept(project, source, &cache, &config, &kept);
    // what a monorepo's analysis kept (its packages, sources and indexes) is not needed again
    // and would take a while to free, just before the process ends: it is left to the exit
    std::mem::forget(kept);
    report.map(|r| PackageResult {
        key: r.root,
        internal_error: None,
        checked: r.checked,
        diagnostics: r.diagnostics,
        unreadable: r.unreadable,
    })
}

/// Discovers the projects under `paths` and analyses them, reading texts from `source` (the walk itself lists the disk).
pub fn discover_and_analyze_over(paths: &[PathBuf], source: &dyn Source) -> (Discovery, Packages) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (send, receive) = mpsc::channel::<Project>();
    let receive = Mutex::new(receive);
    let shared = Shared {
        source,
        git: Arc::default(),
        settings: Mutex::default(),
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .filter_map(|_| {
                // a deep stack beside the nesting limits: no input depth can end the process
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(s, || {
                        let mut done = Vec::new();
                        loop {
                            let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                            let Ok(project) = next else { break };
                            done.extend(analyze_one(&project, &shared));
                        }
                        done
                    })
                    .ok()
            })
            .collect();
        let discovery = discover_streaming(paths, |project| {
            // the workers outlive the walk: a send cannot fail before `send` is dropped
            let _ = send.send(project);
        });
        drop(send);
        let results: Vec<PackageResult> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect();
        (discovery, Packages { results })
    })
}
