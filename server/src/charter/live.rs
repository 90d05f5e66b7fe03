//! A monorepo kept between analyses (the server's): the files that changed since the last one are
//! read again, and only the results that read them are recomputed. A source's findings depend on
//! its own text and on the packages it speaks of; the package rules on the manifests and
//! CHANGELOGs. So a keystroke in a source re-runs the source rules on that file alone, and one in
//! a `package.json` re-runs the package rules and the sources of that package. Anything that
//! changes the shape (the file list, the settings, the changesets or workspace config, adoption
//! switching on or off) loads the monorepo again, as `check` does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::settings::Settings;
use super::{
    adoption, first_marked, is_source, load_package, read_source_facts, root_of, walk_files,
    Monorepo,
};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::suppress;
use crate::workspace::cache::WalkList;
use crate::workspace::files::CHANGELOG;
use crate::workspace::{FactsCache, ReadError, Source};

/// What of the settings the monorepo's shape depends on.
type SettingsKey = (Option<PathBuf>, Option<u64>);

fn settings_key(settings: Settings<'_>) -> SettingsKey {
    (
        settings.file.map(Path::to_path_buf),
        settings.charter.map(|c| c.key),
    )
}

pub struct LiveMonorepo {
    /// The position in the source's change feed this state reflects; `None` when it was read
    /// without one (changes on disk may have gone unrecorded: the next analysis reads afresh).
    seq: Option<u64>,
    walk: Arc<WalkList>,
    settings: SettingsKey,
    pub repo: Monorepo,
    /// Each source's findings, suppressions applied.
    source_diags: Vec<Vec<Diagnostic>>,
    /// The sources with a promise that names a package (they read every package's name).
    naming: std::collections::BTreeSet<usize>,
    /// The sources and packages with findings.
    noisy_sources: std::collections::BTreeSet<usize>,
    noisy_packages: std::collections::BTreeSet<usize>,
    /// Each package's sources (those it encloses).
    sources_of: Vec<Vec<usize>>,
    /// Each package's findings, and the linked groups' (suppressions not yet applied: a
    /// manifest's suppression may serve either).
    package_diags: Vec<Vec<Diagnostic>>,
    group_diags: Vec<Diagnostic>,
    /// Both, with their suppressions applied: recomputed only when a package changed.
    package_findings: Vec<Diagnostic>,
    /// A name → the packages that depend on it.
    dependents: HashMap<String, Vec<usize>>,
    /// The manifests and CHANGELOGs that hold a suppression comment.
    suppressing: std::collections::BTreeSet<PathBuf>,
    /// Manifest or CHANGELOG path → package (a source is found by its path in the sorted
    /// `repo.sources`: no second map of a hundred thousand paths).
    package_at: HashMap<PathBuf, usize>,
    /// Every file whose diagnostics the monorepo decides, sorted.
    files: Arc<[PathBuf]>,
}

/// What an analysis hands on: the findings and the files they are about.
pub struct Analysed<'a> {
    pub repo: &'a Monorepo,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Arc<[PathBuf]>,
}

impl LiveMonorepo {
    /// Bring `kept` up to date with the source (loading afresh when it cannot be updated), and
    /// hand out its findings.
    pub fn analyse<'a>(
        kept: &'a mut Option<LiveMonorepo>,
        config_path: &Path,
        source: &dyn Source,
        settings: Settings<'_>,
        cache: &FactsCache,
    ) -> Result<Analysed<'a>, ReadError> {
        // read the feed first: a change after this point is seen by the next analysis
        let seq = source.change_seq();
        let root = root_of(config_path);
        let walk = cache.walk(&root, || walk_files(&root));
        let updated = match (kept.as_mut(), seq) {
            (Some(live), Some(seq)) => {
                live.walk_is(&walk)
                    && live.settings == settings_key(settings)
                    && live.update(seq, source, settings, cache)
            }
            _ => false,
        };
        if !updated {
            *kept = None;
            let (mut repo, decided) =
                Monorepo::load_shape(config_path, &walk, source, settings, cache)?;
            let streamed = if cache.one_pass() {
                // `check`: the sources are read for their facts only where the charter is on;
                // where nothing decided yet, a search for the marker decides first
                let adoption = decided.unwrap_or_else(|| {
                    adoption::decide_by_marker(
                        first_marked(&repo.root, &walk.prose, settings.charter, source)
                            .as_deref()
                            .into_iter(),
                    )
                });
                repo.adoption = adoption;
                repo.adoption
                    .enabled()
                    .then(|| stream_sources(&mut repo, &walk, source, settings, cache))
            } else {
                repo.read_sources(&walk, decided, source, settings, cache);
                None
            };
            *kept = Some(LiveMonorepo::new(
                repo, walk, seq, settings, source, streamed,
            ));
        }
        #[allow(clippy::unwrap_used)] // set just above when it was not kept
        let live = kept.as_ref().unwrap();
        Ok(live.findings())
    }

    fn walk_is(&self, walk: &Arc<WalkList>) -> bool {
        Arc::ptr_eq(&self.walk, walk)
    }

    fn new(
        repo: Monorepo,
        walk: Arc<WalkList>,
        seq: Option<u64>,
        settings: Settings<'_>,
        source: &dyn Source,
        streamed: Option<Vec<Vec<Diagnostic>>>,
    ) -> LiveMonorepo {
        debug_assert!(
            repo.sources.is_sorted(),
            "the walk lists the sources sorted"
        );
        let mut package_at = HashMap::new();
        for (i, p) in repo.packages.iter().enumerate() {
            package_at.insert(p.path.clone(), i);
            package_at.insert(p.path.with_file_name(CHANGELOG), i);
        }
        // the sources come sorted: those of one folder are neighbours, and share a package
        let mut last: Option<(&Path, Option<usize>)> = None;
        let enclosing: Vec<Option<usize>> = repo
            .sources
            .iter()
            .map(|p| match last {
                Some((dir, found)) if p.parent() == Some(dir) => found,
                _ => {
                    let found = repo.enclosing_index(p);
                    last = p.parent().map(|dir| (dir, found));
                    found
                }
            })
            .collect();
        let mut sources_of = vec![Vec::new(); repo.packages.len()];
        for (s, e) in enclosing.iter().enumerate() {
            if let Some(p) = e {
                sources_of[*p].push(s);
            }
        }
        let mut dependents: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in repo.packages.iter().enumerate() {
            for d in &p.dependency_names {
                dependents.entry(d.clone()).or_default().push(i);
            }
        }
        let suppressing = (0..repo.packages.len())
            .flat_map(|i| suppressing_files(&repo, i))
            .collect();
        let mut files = repo.files();
        files.sort();
        let mut live = LiveMonorepo {
            seq,
            walk,
            settings: settings_key(settings),
            source_diags: Vec::new(),
            naming: Default::default(),
            noisy_sources: Default::default(),
            noisy_packages: Default::default(),
            sources_of,
            package_diags: Vec::new(),
            group_diags: Vec::new(),
            package_findings: Vec::new(),
            dependents,
            suppressing,
            package_at,
            files: files.into(),
            repo,
        };
        if live.repo.adoption.enabled() {
            live.naming = (0..live.repo.sources.len())
                .filter(|&i| live.names_a_package(i))
                .collect();
            let repo = &live.repo;
            live.source_diags = streamed.unwrap_or_else(|| {
                (0..repo.sources.len())
                    .into_par_iter()
                    .map(|i| source_findings(repo, i, source))
                    .collect()
            });
            live.package_diags = (0..repo.packages.len())
                .into_par_iter()
                .map(|i| rules::check_charter_package(repo, i))
                .collect();
            live.group_diags = rules::check_charter_groups(repo);
            live.noisy_sources = nonempty(&live.source_diags);
            live.noisy_packages = nonempty(&live.package_diags);
            live.suppress_package_findings(source);
        }
        live
    }

    fn names_a_package(&self, i: usize) -> bool {
        self.repo
            .source(i)
            .prose
            .promises
            .iter()
            .any(|p| p.package.is_some())
    }

    /// Apply the changes since `self.seq`; false when the monorepo must be loaded afresh.
    fn update(
        &mut self,
        seq: u64,
        source: &dyn Source,
        settings: Settings<'_>,
        cache: &FactsCache,
    ) -> bool {
        let Some(changed) = self.seq.and_then(|from| source.changed_since(from)) else {
            return false;
        };
        let root = self.repo.root.clone();
        let mut sources = Vec::new();
        let mut packages = Vec::new();
        for path in changed.iter().filter(|p| p.starts_with(&root)) {
            // the changesets config, the workspace's own manifest and lockfiles, a gate script
            let structural = *path == self.repo.config_path
                || path.parent() == Some(root.as_path())
                || adoption::GATE_SCRIPTS.iter().any(|g| root.join(g) == *path);
            if structural {
                return false;
            }
            if let Ok(i) = self.repo.sources.binary_search(path) {
                sources.push(i);
            } else if let Some(&i) = self.package_at.get(path) {
                packages.push(i);
            } else if self.walk.prose.binary_search(path).is_ok()
                && is_source(&root, path, settings.charter, source)
            {
                return false; // a listed file the charter did not read now has prose to read
            } else if holds_listed(&self.walk.prose, path)
                || holds_listed(&self.walk.manifests, path)
            {
                return false; // a folder: the texts below it were dropped
            }
        }
        sources.sort_unstable();
        sources.dedup();
        packages.sort_unstable();
        packages.dedup();
        let enabled = self.repo.adoption.enabled();
        for &i in &sources {
            let path = self.repo.sources[i].clone();
            let scan = enabled.then_some(cache);
            let Some(read) = read_source_facts(&root, &path, settings.charter, source, scan) else {
                return false; // gone, unreadable or no longer prose: the list changes
            };
            self.repo.set_source(i, read);
        }
        // the sources and packages that read what changed in the packages
        let mut readers = Vec::new();
        let mut dirty = Vec::new();
        let protocol = self.repo.uses_workspace_protocol();
        for &i in &packages {
            let old = &self.repo.packages[i];
            let Ok(pkg) = load_package(&old.path.clone(), old.member, &root, source, cache) else {
                return false;
            };
            let old = &self.repo.packages[i];
            if (&old.name, old.shipped_major()) != (&pkg.name, pkg.shipped_major()) {
                readers.extend(&self.sources_of[i]);
                readers.extend(&self.naming);
            }
            let (old_name, old_deps) = (old.name.clone(), old.dependency_names.clone());
            for f in suppressing_files(&self.repo, i) {
                self.suppressing.remove(&f);
            }
            let renamed = self.repo.replace_package(i, pkg);
            self.suppressing.extend(suppressing_files(&self.repo, i));
            let new = &self.repo.packages[i];
            if old_deps != new.dependency_names {
                for d in &old_deps {
                    if let Some(v) = self.dependents.get_mut(d) {
                        v.retain(|&p| p != i);
                    }
                }
                for d in &new.dependency_names {
                    self.dependents.entry(d.clone()).or_default().push(i);
                }
            }
            dirty.push(i);
            if renamed {
                for n in old_name.iter().chain(&new.name) {
                    dirty.extend(self.dependents.get(n).into_iter().flatten());
                }
            }
        }
        if protocol != self.repo.uses_workspace_protocol() {
            dirty = (0..self.repo.packages.len()).collect();
        }
        let adoption =
            adoption::decide_before_reading(&root, settings.charter.zip(settings.file), source)
                .unwrap_or_else(|| self.repo.decide_adoption());
        if adoption.enabled() != enabled {
            return false; // the rules switch on or off: everything is read anew
        }
        self.repo.adoption = adoption;
        if enabled {
            for &i in &sources {
                if self.names_a_package(i) {
                    self.naming.insert(i);
                } else {
                    self.naming.remove(&i);
                }
            }
            readers.extend(sources);
            readers.sort_unstable();
            readers.dedup();
            for i in readers {
                self.source_diags[i] = source_findings(&self.repo, i, source);
                mark(&mut self.noisy_sources, i, &self.source_diags[i]);
            }
            dirty.sort_unstable();
            dirty.dedup();
            for i in dirty {
                self.package_diags[i] = rules::check_charter_package(&self.repo, i);
                mark(&mut self.noisy_packages, i, &self.package_diags[i]);
            }
            if !packages.is_empty() {
                self.group_diags = rules::check_charter_groups(&self.repo);
                self.suppress_package_findings(source);
            }
        }
        self.seq = Some(seq);
        true
    }

    /// The package and group findings with the suppressions of the manifests and CHANGELOGs.
    fn suppress_package_findings(&mut self, source: &dyn Source) {
        let found: Vec<Diagnostic> = self
            .noisy_packages
            .iter()
            .flat_map(|&i| &self.package_diags[i])
            .chain(&self.group_diags)
            .cloned()
            .collect();
        let suppressing: Vec<PathBuf> = self.suppressing.iter().cloned().collect();
        self.package_findings = suppress::apply(found, &suppressing, source);
    }

    fn findings(&self) -> Analysed<'_> {
        let mut diagnostics = self.package_findings.clone();
        diagnostics.extend(
            self.noisy_sources
                .iter()
                .flat_map(|&i| &self.source_diags[i])
                .cloned(),
        );
        Analysed {
            repo: &self.repo,
            diagnostics,
            files: self.files.clone(),
        }
    }
}

/// Whether `dir` is a folder above some of `sorted`'s paths (they follow it in path order).
fn holds_listed(sorted: &[PathBuf], dir: &Path) -> bool {
    let at = sorted.partition_point(|p| p.as_path() < dir);
    sorted[at..]
        .iter()
        .find(|p| p.as_path() != dir)
        .is_some_and(|p| p.starts_with(dir))
}

/// The indexes of the non-empty lists.
fn nonempty(lists: &[Vec<Diagnostic>]) -> std::collections::BTreeSet<usize> {
    (0..lists.len()).filter(|&i| !lists[i].is_empty()).collect()
}

/// Keep `noisy` saying whether list `i` has findings.
fn mark(noisy: &mut std::collections::BTreeSet<usize>, i: usize, list: &[Diagnostic]) {
    if list.is_empty() {
        noisy.remove(&i);
    } else {
        noisy.insert(i);
    }
}

/// One source's findings, its suppressions applied.
fn source_findings(repo: &Monorepo, i: usize, source: &dyn Source) -> Vec<Diagnostic> {
    let found = rules::check_charter_source(repo, repo.source(i));
    suppressed(found, &repo.sources[i], repo.suppresses(i), source)
}

/// A source's findings with its suppression comments applied (read again only where it has one).
fn suppressed(
    found: Vec<Diagnostic>,
    path: &Path,
    suppressing: bool,
    source: &dyn Source,
) -> Vec<Diagnostic> {
    if found.is_empty() && !suppressing {
        return found;
    }
    suppress::apply(found, &[path.to_path_buf()], source)
}

/// `check`'s one pass over a monorepo whose charter is on: each source is read, scanned and
/// checked on every core, and only its findings are kept (neither its text nor its facts: nothing
/// reads them again). Returns each source's findings, in the order of `repo.sources`.
fn stream_sources(
    repo: &mut Monorepo,
    walk: &WalkList,
    source: &dyn Source,
    settings: Settings<'_>,
    cache: &FactsCache,
) -> Vec<Vec<Diagnostic>> {
    let root = repo.root.clone();
    let shape = &*repo;
    let read: Vec<((PathBuf, bool, bool), Vec<Diagnostic>)> = walk
        .prose
        .par_iter()
        .filter_map(|path| {
            let read = read_source_facts(&root, path, settings.charter, source, Some(cache))?;
            let (marked, suppressing) = (read.marked, read.suppressing);
            let scan = read.facts?;
            let view = super::SourceView {
                path,
                prose: &scan.prose,
                envelopes: &scan.envelopes,
            };
            let found = rules::check_charter_source(shape, view);
            let found = suppressed(found, path, suppressing, source);
            Some(((path.clone(), marked, suppressing), found))
        })
        .collect();
    let (reads, found): (Vec<_>, Vec<_>) = read.into_iter().unzip();
    repo.set_streamed_sources(reads);
    found
}

/// Package `i`'s manifest and CHANGELOG, where they hold a suppression comment.
fn suppressing_files(repo: &Monorepo, i: usize) -> Vec<PathBuf> {
    let p = &repo.packages[i];
    let changelog = p
        .changelog
        .as_ref()
        .filter(|c| c.suppressing)
        .map(|c| c.path.clone());
    p.suppressing
        .then(|| p.path.clone())
        .into_iter()
        .chain(changelog)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_holds_the_listed_paths_below_it() {
        let sorted: Vec<PathBuf> = ["/m/a/x.ts", "/m/a/y/z.ts", "/m/ab.ts", "/m/b/c.md"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert!(holds_listed(&sorted, Path::new("/m/a")));
        assert!(holds_listed(&sorted, Path::new("/m/a/y")));
        assert!(holds_listed(&sorted, Path::new("/m")));
        assert!(!holds_listed(&sorted, Path::new("/m/a/x.ts")));
        assert!(!holds_listed(&sorted, Path::new("/m/c")));
        assert!(!holds_listed(&sorted, Path::new("/m/a/y/z.ts/q")));
    }
}
