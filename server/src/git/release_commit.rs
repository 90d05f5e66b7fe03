//! The commit that released a version: the newest commit on `HEAD`'s first-parent line whose
//! current-version file holds that version, else the commit that added its historical file. What
//! SO013's `git tag <name> <commit>` needs; found on request (only for a missing tag) and kept.

use std::path::{Path, PathBuf};

use super::Repo;

/// The history walked for one answer is bounded: an answer is a convenience, never a cost.
const MAX_COMMITS: usize = 20_000;

/// Which version, in which files (relative to the work tree).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    pub current: PathBuf,
    pub historical: PathBuf,
    /// The version as written in its literal.
    pub version: String,
}

impl Repo {
    /// The abbreviated id of the commit that released `version`, when the history tells.
    /// `current` and `historical` are relative to the work tree's root.
    pub fn release_commit(
        &self,
        current: &Path,
        historical: &Path,
        version: &str,
    ) -> Option<String> {
        let query = Query {
            current: current.to_path_buf(),
            historical: historical.to_path_buf(),
            version: version.to_string(),
        };
        let mut memo = self
            .release_commits
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(found) = memo.get(&query) {
            return found.clone();
        }
        let found = self.find_release_commit(&query);
        memo.insert(query, found.clone());
        found
    }

    fn find_release_commit(&self, query: &Query) -> Option<String> {
        let repo = self.handle.as_ref()?.to_thread_local();
        let walk = repo
            .rev_walk([self.head_commit?])
            .first_parent_only()
            .all()
            .ok()?;
        let quoted = ['\'', '"', '`'].map(|q| format!("{q}{}{q}", query.version));
        let mut last_blob = None;
        let mut last_held = false;
        // the oldest commit seen so far that has the historical file, while it has it
        let mut added: Option<gix::ObjectId> = None;
        let mut historical_gone = false;
        for info in walk.take(MAX_COMMITS) {
            let id = info.ok()?.id;
            let tree = repo.find_commit(id).ok()?.tree().ok()?;
            let blob = |rel: &Path| {
                tree.lookup_entry_by_path(rel)
                    .ok()
                    .flatten()
                    .filter(|e| e.mode().is_blob())
                    .map(|e| e.object_id())
            };
            if let Some(current) = blob(&query.current) {
                if last_blob != Some(current) {
                    last_blob = Some(current);
                    last_held = repo.find_object(current).ok().is_some_and(|o| {
                        std::str::from_utf8(&o.data)
                            .is_ok_and(|t| quoted.iter().any(|q| t.contains(q.as_str())))
                    });
                }
                if last_held {
                    return short(&repo, id);
                }
            }
            if !historical_gone {
                if blob(&query.historical).is_some() {
                    added = Some(id);
                } else if added.is_some() {
                    historical_gone = true;
                }
            }
        }
        short(&repo, added?)
    }
}

fn short(repo: &gix::Repository, id: gix::ObjectId) -> Option<String> {
    use gix::prelude::ObjectIdExt;
    Some(id.attach(repo).shorten().ok()?.to_string())
}
