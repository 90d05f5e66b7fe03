//! Repositories read once and kept: by package folder (so a package asks git nothing twice) and
//! by git folder (so the packages of one repository share one reading). Forgotten when the
//! client reports a change under `.git`, or, at most every few seconds, when a stamp of
//! `HEAD`, the refs and the packed refs says they changed.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::Repo;

/// How often a kept reading is checked against the files git changes on commit and tag.
const RECHECK: Duration = Duration::from_secs(3);

struct Kept {
    repo: Arc<Repo>,
    stamp: Vec<Option<SystemTime>>,
    checked: Instant,
}

#[derive(Default)]
pub struct GitCache {
    /// A package folder → the work tree holding it (`None`: no `.git` above it).
    trees: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// A work tree → its repository, as read.
    repos: Mutex<HashMap<Option<PathBuf>, Kept>>,
    /// Canonical forms of the folders asked about, so a keystroke makes no `realpath` calls.
    canonical: Mutex<HashMap<PathBuf, PathBuf>>,
    /// Folders known to hold a `.git` (or not): the packages of one folder ask once.
    dot_git: Mutex<HashMap<PathBuf, bool>>,
}

impl GitCache {
    /// The repository holding `dir` (a package's folder), read once for all its packages.
    pub fn repo_for(&self, dir: &Path) -> Arc<Repo> {
        let tree = self
            .trees
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(dir.to_path_buf())
            .or_insert_with(|| self.nearest_git(&self.canonical(dir)))
            .clone();
        let mut repos = self.repos.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = repos.get_mut(&tree) {
            if kept.checked.elapsed() < RECHECK {
                return kept.repo.clone();
            }
            kept.checked = Instant::now();
            if stamp(&kept.repo) == kept.stamp {
                return kept.repo.clone();
            }
        }
        let repo = Arc::new(match &tree {
            Some(t) => Repo::open(t),
            None => Repo::open(dir),
        });
        repos.insert(
            tree,
            Kept {
                stamp: stamp(&repo),
                repo: repo.clone(),
                checked: Instant::now(),
            },
        );
        repo
    }

    /// `dir` with symlinks resolved (itself when it cannot be), computed once. An absolute
    /// folder that is no symlink is its canonical parent's child: the packages of one folder
    /// resolve it once.
    pub fn canonical(&self, dir: &Path) -> PathBuf {
        crate::memo::remembered(&self.canonical, dir, || {
            let plain = dir.is_absolute()
                && dir
                    .components()
                    .all(|c| matches!(c, Component::RootDir | Component::Normal(_)))
                && dir
                    .symlink_metadata()
                    .is_ok_and(|m| !m.file_type().is_symlink());
            match (plain, dir.parent(), dir.file_name()) {
                (true, Some(parent), Some(name)) => self.canonical(parent).join(name),
                _ => dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
            }
        })
    }

    /// The folder holding the `.git` nearest above `dir` (a folder or a worktree's `.git` file).
    fn nearest_git(&self, dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .find(|d| crate::memo::remembered(&self.dot_git, *d, || d.join(".git").exists()))
            .map(Path::to_path_buf)
    }

    /// Something under a `.git` folder changed: every reading goes.
    pub fn forget(&self) {
        self.canonical
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.trees.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.dot_git
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.repos.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Modification times of what a commit, a checkout or a new tag changes.
fn stamp(repo: &Repo) -> Vec<Option<SystemTime>> {
    let Some(workdir) = &repo.workdir else {
        return Vec::new();
    };
    let dot_git = workdir.join(".git");
    let git_dir = if dot_git.is_file() {
        // a worktree: `gitdir: <path>`
        std::fs::read_to_string(&dot_git)
            .ok()
            .and_then(|s| s.strip_prefix("gitdir:").map(|p| workdir.join(p.trim())))
            .unwrap_or(dot_git)
    } else {
        dot_git
    };
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|_| git_dir.clone());
    let head = std::fs::read_to_string(git_dir.join("HEAD")).unwrap_or_default();
    let mut files = vec![
        git_dir.join("HEAD"),
        common.join("packed-refs"),
        common.join("refs/tags"),
        common.join("shallow"),
    ];
    if let Some(branch) = head.trim().strip_prefix("ref: ") {
        files.push(common.join(branch));
    }
    files
        .iter()
        .map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
        .collect()
}
