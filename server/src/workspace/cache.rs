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

/// What the charter's source rules read of one source: its prose and its schema envelopes, kept
/// together (one entry a file in the caches).
#[derive(Debug, Default, PartialEq)]
pub struct SourceScan {
    pub prose: Prose,
    pub envelopes: Vec<Envelope>,
}

fn scan_source(path: &Path, text: &str) -> SourceScan {
    SourceScan {
        prose: prose::scan(path, text),
        envelopes: script_envelopes(path, text),
    }
}

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

/// A 128-bit digest of a text (two SipHash runs over different inputs): what a memo that keeps
/// no texts compares, where a false match would take 2^64 texts to be likely.
fn content_digest(text: &str) -> u128 {
    let mut second = std::collections::hash_map::DefaultHasher::new();
    0xa5u8.hash(&mut second);
    text.hash(&mut second);
    (u128::from(content_hash(text)) << 64) | u128::from(second.finish())
}

/// What a slot knows of the text its facts came from.
enum Seen {
    /// The text itself: a text handed in again (the same buffer or the same cached file) is
    /// recognised by pointer, without hashing; another by hash, then by content.
    Text(Arc<str>, u64),
    /// Only its length and digest: the text is not kept (a monorepo's thousands of sources).
    Digest(usize, u128),
}

struct Slot<T> {
    seen: Seen,
    facts: Arc<T>,
}

pub struct Memo<T> {
    map: Mutex<HashMap<PathBuf, Slot<T>>>,
    parse: fn(&Path, &str) -> T,
    /// Whether facts are kept at all (not in one pass over a tree, where each file is read once).
    keep: bool,
    /// Whether the texts are kept beside their facts (else a digest of each).
    keep_texts: bool,
}

impl<T> Memo<T> {
    pub fn new(parse: fn(&Path, &str) -> T) -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
            parse,
            keep: true,
            keep_texts: true,
        }
    }

    /// A memo that keeps facts and a digest of each text, not the text: for files of which there
    /// may be a hundred thousand.
    fn by_digest(parse: fn(&Path, &str) -> T) -> Self {
        Memo {
            keep_texts: false,
            ..Memo::new(parse)
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
        if !self.keep || !self.keep_texts {
            return self.get_unkept(path, text);
        }
        let mut hash = None;
        if let Some(slot) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            if let Seen::Text(kept, h) = &slot.seen {
                if Arc::ptr_eq(kept, text) {
                    return slot.facts.clone();
                }
                let now = content_hash(text);
                if *h == now && **kept == **text {
                    return slot.facts.clone();
                }
                hash = Some(now);
            }
        }
        let seen = Seen::Text(text.clone(), hash.unwrap_or_else(|| content_hash(text)));
        self.parse_and_keep(path, text, seen)
    }

    /// [`Memo::get`] of a memo that keeps no texts (a digest of each, or nothing): the text may
    /// be borrowed, from a buffer reused for the next file.
    pub fn get_unkept(&self, path: &Path, text: &str) -> Arc<T> {
        debug_assert!(
            !self.keep || !self.keep_texts,
            "a memo that keeps texts needs one"
        );
        if !self.keep {
            return Arc::new((self.parse)(path, text));
        }
        let digest = content_digest(text);
        if let Some(slot) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            if let Seen::Digest(len, d) = &slot.seen {
                if *len == text.len() && *d == digest {
                    return slot.facts.clone();
                }
            }
        }
        self.parse_and_keep(path, text, Seen::Digest(text.len(), digest))
    }

    fn parse_and_keep(&self, path: &Path, text: &str, seen: Seen) -> Arc<T> {
        let facts = Arc::new((self.parse)(path, text));
        self.map.lock().unwrap_or_else(|e| e.into_inner()).insert(
            path.to_path_buf(),
            Slot {
                seen,
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
    /// A monorepo's sources: their prose and envelopes.
    pub sources: Memo<SourceScan>,
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
            // a monorepo's sources: facts for each, no texts
            sources: Memo::by_digest(scan_source),
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
            sources: Memo::passing(scan_source),
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

    /// Whether this cache serves one pass over a tree (`check`): nothing read is read again, so
    /// a monorepo's sources are checked as they are read and none of their facts is kept.
    pub fn one_pass(&self) -> bool {
        !self.sources.keep
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
        self.sources.forget(path);
    }

    /// The walks whose tree holds `path` go (a file was created, deleted or renamed there).
    pub fn forget_walks_over(&self, path: &Path) {
        self.walks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|root, _| !path.starts_with(root));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_by_digest_keeps_facts_not_texts_and_knows_a_text_again_by_content() {
        let memo: Memo<usize> = Memo::by_digest(|_, t| t.len());
        let path = Path::new("/m/a.ts");
        let first = memo.get(path, &Arc::from("export const a = 1"));
        // the same content in another buffer: the same facts, not parsed again
        let again = memo.get(path, &Arc::from("export const a = 1"));
        assert!(Arc::ptr_eq(&first, &again));
        // another content of the same length: parsed again
        let other = memo.get(path, &Arc::from("export const b = 1"));
        assert!(!Arc::ptr_eq(&first, &other));
        let slots = memo.map.lock().unwrap();
        assert!(slots.values().all(|s| matches!(s.seen, Seen::Digest(..))));
    }
}
