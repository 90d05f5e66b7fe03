//! What git knows about a package, read in-process with gitoxide: the repository that holds it,
//! the text of its files at `HEAD`, and its tags. Read once per repository (at indexing, or once
//! per `check`) and kept until the repository's `HEAD` or refs change: a keystroke never reads
//! git. No repository, a shallow clone, a repository with no commit or one that cannot be read:
//! the git rules do not run, and [`Status::reason`] says why.

mod cache;
mod date;
mod release_commit;
pub mod tags;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use cache::GitCache;

/// Whether the git rules can run against a repository, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Ready,
    NoRepository,
    /// Its history (and so its tags) is cut short.
    Shallow,
    /// `HEAD` names no commit yet.
    NoCommits,
    /// Bare, or unreadable: the error.
    Unreadable(String),
}

impl Status {
    /// Why the git rules did not run; `None` when they did.
    pub fn reason(&self) -> Option<String> {
        match self {
            Status::Ready => None,
            Status::NoRepository => Some("not in a git repository".into()),
            Status::Shallow => Some("a shallow clone (its history and tags are incomplete)".into()),
            Status::NoCommits => Some("the repository has no commit yet".into()),
            Status::Unreadable(e) => Some(format!("the git repository cannot be read: {e}")),
        }
    }
}

/// A tag, with the date of its release: the tagger's for an annotated tag, else the commit's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    /// `YYYY-MM-DD`, UTC.
    pub date: Option<String>,
}

/// One repository, as read once.
pub struct Repo {
    pub status: Status,
    /// The work tree's root (canonical), when there is one.
    pub workdir: Option<PathBuf>,
    pub tags: Vec<Tag>,
    head_tree: Option<gix::ObjectId>,
    head_commit: Option<gix::ObjectId>,
    handle: Option<gix::ThreadSafeRepository>,
    /// Texts at `HEAD`, by path relative to the work tree, read on first request.
    committed: Mutex<HashMap<PathBuf, Option<Arc<str>>>>,
    /// The commits that released versions, found on first request.
    release_commits: Mutex<HashMap<release_commit::Query, Option<String>>>,
}

/// Whether the git directory a `.git` *file* names belongs to the folder holding that file: it is
/// inside the folder, or it names the folder back (a worktree's `gitdir` file, a submodule's
/// `core.worktree`). A `.git` file in a cloned repository could otherwise make the git rules read
/// another repository of the machine. A `.git` folder always belongs.
fn git_dir_belongs(repo: &gix::Repository, workdir: &Path) -> bool {
    let dot_git = workdir.join(".git");
    if !dot_git.is_file() {
        return true;
    }
    let canon = |p: &Path| p.canonicalize().ok();
    let git_dir = repo.git_dir();
    if canon(git_dir).is_some_and(|g| g.starts_with(workdir)) {
        return true;
    }
    // a linked worktree: `<git dir>/gitdir` holds the path of the `.git` file
    let named_back = std::fs::read_to_string(git_dir.join("gitdir"))
        .ok()
        .map(|t| git_dir.join(t.trim()))
        .and_then(|p| canon(&p));
    if named_back.is_some() && named_back == canon(&dot_git) {
        return true;
    }
    // a submodule: the git directory's `core.worktree` is the folder
    let config = repo.config_snapshot();
    let worktree = config
        .string("core.worktree")
        .map(|w| git_dir.join(w.to_string()))
        .and_then(|p| canon(&p));
    worktree.is_some_and(|w| w == workdir)
}

impl Repo {
    fn quiet(status: Status) -> Repo {
        Repo {
            status,
            workdir: None,
            tags: Vec::new(),
            head_tree: None,
            head_commit: None,
            handle: None,
            committed: Mutex::default(),
            release_commits: Mutex::default(),
        }
    }

    /// Open the repository that holds `dir` (searching upwards), and read its tags.
    pub fn open(dir: &Path) -> Repo {
        let handle = match gix::ThreadSafeRepository::discover(dir) {
            Ok(h) => h,
            Err(_) => return Repo::quiet(Status::NoRepository),
        };
        let repo = handle.to_thread_local();
        let Some(workdir) = repo
            .workdir()
            .map(|w| w.canonicalize().unwrap_or(w.to_path_buf()))
        else {
            return Repo::quiet(Status::Unreadable("a bare repository".into()));
        };
        if !git_dir_belongs(&repo, &workdir) {
            return Repo::quiet(Status::Unreadable(
                "its .git file names a git directory that does not name this folder back".into(),
            ));
        }
        if repo.is_shallow().unwrap_or(false) {
            return Repo {
                workdir: Some(workdir),
                ..Repo::quiet(Status::Shallow)
            };
        }
        let (head_commit, head_tree) = match repo.head_commit() {
            Ok(c) => match c.tree_id() {
                Ok(t) => (c.id, t.detach()),
                Err(e) => return Repo::quiet(Status::Unreadable(e.to_string())),
            },
            Err(_) => {
                let unborn = repo.head().map(|h| h.is_unborn()).unwrap_or(false);
                let status = if unborn {
                    Status::NoCommits
                } else {
                    Status::Unreadable("HEAD names no commit".into())
                };
                return Repo {
                    workdir: Some(workdir),
                    ..Repo::quiet(status)
                };
            }
        };
        let tags = read_tags(&repo);
        Repo {
            status: Status::Ready,
            workdir: Some(workdir),
            tags,
            head_tree: Some(head_tree),
            head_commit: Some(head_commit),
            handle: Some(handle),
            committed: Mutex::default(),
            release_commits: Mutex::default(),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.status == Status::Ready
    }

    /// The text of `path` (absolute, canonical) as committed at `HEAD`; `None` when it is not in
    /// `HEAD`'s tree (a new file), outside the work tree, or not text.
    pub fn committed_text(&self, path: &Path) -> Option<Arc<str>> {
        let rel = path
            .strip_prefix(self.workdir.as_ref()?)
            .ok()?
            .to_path_buf();
        let mut memo = self.committed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = memo.get(&rel) {
            return t.clone();
        }
        let text = self.read_committed(&rel);
        memo.insert(rel, text.clone());
        text
    }

    fn read_committed(&self, rel: &Path) -> Option<Arc<str>> {
        let repo = self.handle.as_ref()?.to_thread_local();
        let tree = repo
            .find_object(self.head_tree?)
            .ok()?
            .try_into_tree()
            .ok()?;
        let entry = tree.lookup_entry_by_path(rel).ok()??;
        if !entry.mode().is_blob() {
            return None;
        }
        let object = entry.object().ok()?;
        std::str::from_utf8(&object.data).ok().map(Arc::from)
    }
}

fn read_tags(repo: &gix::Repository) -> Vec<Tag> {
    let Ok(refs) = repo.references() else {
        return Vec::new();
    };
    let Ok(iter) = refs.tags() else {
        return Vec::new();
    };
    let mut tags: Vec<Tag> = iter
        .flatten()
        .map(|r| Tag {
            name: r.name().shorten().to_string(),
            date: r.try_id().and_then(|id| date::of_object(repo, id.detach())),
        })
        .collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    tags
}
