//! Facts parsed once per file content: keyed by path, reused while the text is unchanged.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::syntax::{dockerfile, typescript};

fn content_hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

struct Slot<T> {
    hash: u64,
    len: usize,
    facts: Arc<T>,
}

pub struct Memo<T> {
    map: Mutex<HashMap<PathBuf, Slot<T>>>,
    parse: fn(&str) -> T,
}

impl<T> Memo<T> {
    pub fn new(parse: fn(&str) -> T) -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
            parse,
        }
    }

    pub fn get(&self, path: &Path, text: &str) -> Arc<T> {
        let hash = content_hash(text);
        if let Some(slot) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            if slot.hash == hash && slot.len == text.len() {
                return slot.facts.clone();
            }
        }
        let facts = Arc::new((self.parse)(text));
        self.map.lock().unwrap_or_else(|e| e.into_inner()).insert(
            path.to_path_buf(),
            Slot {
                hash,
                len: text.len(),
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

/// The caches of every parser.
pub struct FactsCache {
    pub typescript: Memo<typescript::TsFacts>,
    pub dockerfile: Memo<dockerfile::DockerfileFacts>,
}

impl Default for FactsCache {
    fn default() -> Self {
        FactsCache {
            typescript: Memo::new(typescript::parse),
            dockerfile: Memo::new(dockerfile::parse),
        }
    }
}

impl FactsCache {
    pub fn forget(&self, path: &Path) {
        self.typescript.forget(path);
        self.dockerfile.forget(path);
    }
}
