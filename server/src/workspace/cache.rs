//! Facts parsed once per file content: keyed by path, reused while the text is unchanged (the
//! same buffer, by pointer, or the same content, by hash), and the file lists of monorepo walks,
//! kept until the files under them change. An edit therefore re-parses one file, and no keystroke
//! walks a tree.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::git::GitCache;
use crate::syntax::prose::{self, Prose};
use crate::syntax::schemas::{self, Envelope};
use crate::syntax::{dockerfile, json, typescript};

/// The schema envelopes of a script (Markdown and other prose hold examples, not code).
fn script_envelopes(path: &Path, text: &str) -> Vec<Envelope> {
    let script = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| super::files::SCRIPT_EXTENSIONS.contains(&e));
    if script {
        schemas::envelopes(text)
    } else {
        Vec::new()
    }
}

fn content_hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

struct Slot<T> {
    /// The text the facts were computed from: a text handed in again (the same buffer or the
    /// same cached file) is recognised by pointer, without hashing.
    text: Arc<str>,
    hash: u64,
    facts: Arc<T>,
}

pub struct Memo<T> {
    map: Mutex<HashMap<PathBuf, Slot<T>>>,
    parse: fn(&Path, &str) -> T,
    /// Whether facts are kept at all (not in one pass over a tree, where each file is read once).
    keep: bool,
}

impl<T> Memo<T> {
    pub fn new(parse: fn(&Path, &str) -> T) -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
            parse,
            keep: true,
        }
    }

    /// A memo that keeps nothing: every file is parsed when asked for.
    fn passing(parse: fn(&Path, &str) -> T) -> Self {
        Memo {
            keep: false,
            ..Memo::new(parse)
        }
    }

    pub fn get(&self, path: &Path, text: &Arc<str>) -> Arc<T> {
        if !self.keep {
            return Arc::new((self.parse)(path, text));
        }
        let mut hash = None;
        if let Some(slot) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            if Arc::ptr_eq(&slot.text, text) {
                return slot.facts.clone();
            }
            let h = content_hash(text);
            if slot.hash == h && *slot.text == **text {
                return slot.facts.clone();
            }
            hash = Some(h);
        }
        let facts = Arc::new((self.parse)(path, text));
        self.map.lock().unwrap_or_else(|e| e.into_inner()).insert(
            path.to_path_buf(),
            Slot {
                text: text.clone(),
                hash: hash.unwrap_or_else(|| content_hash(text)),
                facts: facts.clone(),
            },
        );
        facts
    }

    pub fn forget(&self, path: &Path) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }
}

/// What a monorepo walk found: its `package.json` files and its prose files.
#[derive(Debug, Default)]
pub struct WalkList {
    pub manifests: Vec<PathBuf>,
    pub prose: Vec<PathBuf>,
}

/// The caches of every parser, and of the monorepo walks.
pub struct FactsCache {
    pub typescript: Memo<typescript::TsFacts>,
    pub dockerfile: Memo<dockerfile::DockerfileFacts>,
    pub json: Memo<json::Document>,
    pub prose: Memo<Prose>,
    pub envelopes: Memo<Vec<Envelope>>,
    /// Repositories, read once (shared by the packages of one `check`).
    pub git: Arc<GitCache>,
    walks: Mutex<HashMap<PathBuf, (Instant, Arc<WalkList>)>>,
    /// The client reports files created and deleted: a walk stays valid until it says so.
    /// Otherwise a walk is redone when it is older than [`UNTRUSTED_WALK_AGE`].
    trust_events: AtomicBool,
}

/// How long a walk is reused when no file events will say that it went stale.
const UNTRUSTED_WALK_AGE: Duration = Duration::from_secs(3);

impl Default for FactsCache {
    fn default() -> Self {
        FactsCache {
            typescript: Memo::new(|_, t| typescript::parse(t)),
            dockerfile: Memo::new(|_, t| dockerfile::parse(t)),
            json: Memo::new(|_, t| json::parse(t)),
            prose: Memo::new(prose::scan),
            envelopes: Memo::new(script_envelopes),
            git: Arc::default(),
            walks: Mutex::default(),
            trust_events: AtomicBool::new(false),
        }
    }
}

impl FactsCache {
    /// For one pass over a tree (`check`): the prose and schemas of a monorepo's sources are read
    /// once each, so they are not kept (no hashing, no map of thousands of paths to drop); the
    /// facts a package's rules ask for more than once still are.
    pub fn for_one_pass() -> Self {
        FactsCache {
            prose: Memo::passing(prose::scan),
            envelopes: Memo::passing(script_envelopes),
            ..FactsCache::default()
        }
    }

    /// [`FactsCache::for_one_pass`] with repositories shared with other packages' caches: the
    /// packages of one repository read it once, and a folder without one is searched once.
    pub fn for_one_pass_sharing(git: Arc<GitCache>) -> Self {
        FactsCache {
            git,
            ..FactsCache::for_one_pass()
        }
    }

    /// The file list of the walk rooted at `root`, walked once until something under it changes.
    pub fn walk(&self, root: &Path, walk: impl FnOnce() -> WalkList) -> Arc<WalkList> {
        let trusted = self.trust_events.load(Ordering::Relaxed);
        if let Some((at, w)) = self
            .walks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(root)
        {
            if trusted || at.elapsed() < UNTRUSTED_WALK_AGE {
                return w.clone();
            }
        }
        let list = Arc::new(walk());
        self.walks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(root.to_path_buf(), (Instant::now(), list.clone()));
        list
    }

    /// The client reports every file created and deleted (its watcher is registered).
    pub fn trust_events(&self, trust: bool) {
        self.trust_events.store(trust, Ordering::Relaxed);
    }

    /// Whether the client reports every file created and deleted.
    pub fn trusts_events(&self) -> bool {
        self.trust_events.load(Ordering::Relaxed)
    }

    /// A file appeared or went away (or may have): its facts go, and so do the walks that may
    /// list it.
    pub fn forget(&self, path: &Path) {
        self.forget_facts(path);
        self.forget_walks_over(path);
    }

    /// A file's content changed on disk: its facts go (the file lists stay true).
    pub fn forget_facts(&self, path: &Path) {
        self.typescript.forget(path);
        self.dockerfile.forget(path);
        self.json.forget(path);
        self.prose.forget(path);
        self.envelopes.forget(path);
    }

    /// The walks whose tree holds `path` go (a file was created, deleted or renamed there).
    pub fn forget_walks_over(&self, path: &Path) {
        self.walks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|root, _| !path.starts_with(root));
    }
}
