//! A package against its repository: the current version as committed at `HEAD`, and the
//! release tags. Read through the [`GitCache`](crate::git::GitCache), so a keystroke asks git
//! nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::exver::{parse_exver, ExVer};
use crate::git::{tags, Repo, Tag};
use crate::syntax::typescript::TsFacts;
use crate::workspace::FactsCache;

pub struct History {
    pub repo: Arc<Repo>,
    /// The package folder is the root of its work tree (its tags are its own).
    pub owns_tags: bool,
    /// `current.ts` as committed at `HEAD`, parsed; `None` when it is new or there is no `HEAD`.
    committed_current: Option<Arc<TsFacts>>,
}

impl History {
    pub fn load(root: &Path, current_ts: Option<&Path>, cache: &FactsCache) -> History {
        let repo = cache.git.repo_for(root);
        let canonical = |p: &Path| cache.git.canonical(p);
        let committed_current = repo
            .is_ready()
            .then_some(current_ts)
            .flatten()
            .and_then(|path| {
                let on_disk = canonical(path.parent()?).join(path.file_name()?);
                let text = repo.committed_text(&on_disk)?;
                let key = PathBuf::from(format!("{}@HEAD", path.display()));
                Some(cache.typescript.get(&key, &text))
            });
        let owns_tags = repo.workdir.as_deref() == Some(canonical(root).as_path());
        History {
            repo,
            owns_tags,
            committed_current,
        }
    }

    /// The git rules run: a readable repository with history.
    pub fn ready(&self) -> bool {
        self.repo.is_ready()
    }

    /// The version `current.ts` held at `HEAD`.
    pub fn committed_version(&self) -> Option<ExVer> {
        let facts = self.committed_current.as_ref()?;
        let info = facts
            .version_infos
            .iter()
            .find(|i| i.exported && i.binding.name == "current")
            .or_else(|| facts.version_infos.iter().find(|i| i.exported))?;
        parse_exver(&info.version.as_ref()?.value).ok()
    }

    /// The repository's release tags, when they are this package's own.
    pub fn release_tags(&self) -> Option<&[Tag]> {
        (self.ready() && self.owns_tags).then_some(self.repo.tags.as_slice())
    }

    /// The tag that released `v`, in any spelling the repository uses.
    pub fn tag_of(&self, v: &ExVer) -> Option<&Tag> {
        tags::find(self.release_tags()?, v)
    }
}

/// `current.ts`'s version beside the one committed at `HEAD`: what SO012 and SO014 compare.
pub struct AgainstHead<'a> {
    pub current: crate::startos::VersionRef<'a>,
    pub literal: &'a crate::syntax::typescript::StrLit,
    /// As written.
    pub now: ExVer,
    /// Without a forbidden downstream suffix (EX002).
    pub plain: ExVer,
    pub committed: ExVer,
}

impl crate::startos::StartOsPackage {
    /// `current.ts`'s exported version and the one at `HEAD`, when both are known.
    pub fn against_head(&self) -> Option<AgainstHead<'_>> {
        let current = self.current_export()?;
        let literal = current.info.version.as_ref()?;
        let now = current.version()?;
        let plain = current.plain_version()?;
        let committed = self.history.committed_version()?;
        Some(AgainstHead {
            current,
            literal,
            now,
            plain,
            committed,
        })
    }
}
