//! Versioning-charter monorepos: a folder with `.changeset/config.json`, its packages (every
//! `package.json` below it), the linked release group, CHANGELOGs, and the prose and schemas the
//! charter rules read.

pub mod adoption;
pub mod changelog;
pub mod live;
pub mod settings;

pub mod workspace;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::collections::HashMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::syntax::json::{self, Node};
use crate::workspace::cache::{SourceScan, WalkList};
pub use crate::workspace::files::{CHANGELOG, CHANGESET_CONFIG};
use crate::workspace::files::{PACKAGE_JSON, PROSE_EXTENSIONS};
use crate::workspace::FactsCache;
use crate::workspace::{ReadError, Source};
use adoption::Adoption;
pub use changelog::Changelog;
use settings::Settings;
use workspace::{PackageManager, Workspace};

/// How deep packages and sources are looked for below the root.
const DEPTH: usize = 8;

/// A line this long is generated code (a minified bundle), not prose.
const MAX_PROSE_LINE: usize = 1000;

/// Folders whose packages are samples, tests or demos of the repository, not published packages.
const SAMPLE_DIRS: &[&str] = &[
    "example",
    "examples",
    "fixture",
    "fixtures",
    "__fixtures__",
    "e2e",
    "test",
    "tests",
    "__tests__",
    "bench",
    "benchmark",
    "benchmarks",
    "playground",
    "playgrounds",
    "demo",
    "demos",
    "smoke",
    "sandbox",
    "sandboxes",
];

fn is_sample(rel_dir: &Path) -> bool {
    rel_dir.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|n| SAMPLE_DIRS.contains(&n))
    })
}

/// Whether a file's prose is the charter's to read, by its path relative to the monorepo: not a
/// CHANGELOG (any `CHANGELOG*` file), not vendored or built (`vendor/`, `dist/`, `*.min.*`).
pub fn is_prose_path(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.to_ascii_uppercase().starts_with("CHANGELOG") || name.contains(".min.") {
        return false;
    }
    !rel.components()
        .any(|c| matches!(c.as_os_str().to_str(), Some("vendor" | "dist")))
}

/// Whether a file's prose is the charter's to read, by its text: not minified (a line over
/// 1,000 characters).
pub fn is_prose_text(text: &str) -> bool {
    !has_long_line(text, MAX_PROSE_LINE)
}

/// Whether a line of `text` (without its `\n` or `\r\n`, as `str::lines` counts them) is longer
/// than `max` bytes. It jumps from line to line by the last line break in the next `max + 1`
/// bytes (`memrchr`, which finds it near the end of a window of ordinary text): a file is looked
/// at a window a jump, not a call a line (a call a line was a tenth of `check` on Effect).
fn has_long_line(text: &str, max: usize) -> bool {
    let b = text.as_bytes();
    let mut start = 0;
    loop {
        if b.len() - start <= max {
            return false; // what is left is too short to hold a long line
        }
        let window = &b[start..=start + max];
        match memchr::memrchr(b'\n', window) {
            Some(k) => start += k + 1,
            // `max + 1` bytes without a break: the line is long, unless they end with the `\r`
            // of a `\r\n` (a last `\r` without `\n` belongs to the line)
            None if window[max] == b'\r' && b.get(start + max + 1) == Some(&b'\n') => {
                start += max + 2
            }
            None => return true,
        }
    }
}

pub struct WsPackage {
    pub path: PathBuf,
    /// A member of the workspace (`workspaces` / `pnpm-workspace.yaml`).
    pub member: bool,
    /// Never published: `"private": true`, no name or version, or a sample of the repository (under
    /// `examples/`, `fixtures/`, `e2e/`, `test/`, `benchmark/`, `playground/` … : test and demo
    /// projects often leave `private` out).
    pub private: bool,
    /// The manifest holds a suppression comment (its text is not kept: `doc` holds its values).
    pub suppressing: bool,
    pub doc: Arc<json::Document>,
    pub name: Option<String>,
    /// The `version` value node's text and range.
    pub version: Option<(String, Range<usize>)>,
    /// `CHANGELOG.md` beside it, when there is one: its facts, not its text.
    pub changelog: Option<Changelog>,
    /// The CHANGELOG exists but was not read (a link out of the workspace, too large, not
    /// UTF-8): why. Nothing is concluded from a text not read.
    pub changelog_unread: Option<(PathBuf, crate::workspace::ReadError)>,
    /// The names it depends on, in every section.
    pub dependency_names: Vec<String>,
    /// Some dependency uses the `workspace:` protocol.
    pub uses_workspace_protocol: bool,
}

impl WsPackage {
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub fn semver(&self) -> Option<semver::Version> {
        semver::Version::parse(&self.version.as_ref()?.0).ok()
    }

    pub fn major(&self) -> Option<u64> {
        self.semver().map(|v| v.major)
    }

    /// The newest major that has shipped: a prerelease (`3.0.0-next.16`) has not shipped 3 yet.
    pub fn shipped_major(&self) -> Option<u64> {
        let v = self.semver()?;
        if v.pre.is_empty() || (v.minor, v.patch) != (0, 0) {
            Some(v.major)
        } else {
            v.major.checked_sub(1)
        }
    }

    /// A workspace member that is published (not private).
    pub fn published(&self) -> bool {
        self.member && !self.private
    }

    /// Dependency entries of every section, with the section's name.
    pub fn dependencies(&self) -> Vec<(&'static str, &json::Member)> {
        let Some(root) = self.doc.root.as_ref() else {
            return Vec::new();
        };
        [
            "dependencies",
            "devDependencies",
            "peerDependencies",
            "optionalDependencies",
        ]
        .into_iter()
        .filter_map(|s| root.get(s).map(|n| (s, n)))
        .flat_map(|(s, n)| n.members().iter().map(move |m| (s, m)))
        .filter(|(_, m)| m.key != "//")
        .collect()
    }
}

pub struct Monorepo {
    pub root: PathBuf,
    pub config_path: PathBuf,
    /// Every `package.json` below the root (members and not), for the enclosing package of a file.
    pub packages: Vec<WsPackage>,
    /// The linked groups (`linked`, and `fixed`, which pins harder), as member names.
    pub linked: Vec<Vec<String>>,
    /// Whether each group of `linked` is a `fixed` one (one version for all, not one major).
    pub fixed: Vec<bool>,
    pub manager: PackageManager,
    /// Whether (and why) the repository adopted the charter.
    pub adoption: Adoption,
    /// Exported schema names CH041 treats as envelopes, beside the charter's patterns.
    pub envelope_schemas: Vec<String>,
    /// Scripts and Markdown files (no CHANGELOGs). Their texts are not kept: what the rules read
    /// of them is in `scans`, `marked` and `suppressing`.
    pub sources: Vec<PathBuf>,
    /// Package folder → index in `packages`.
    by_dir: HashMap<PathBuf, usize>,
    /// The prose facts and schema envelopes of each source (from the facts cache: scanned once
    /// per content); empty where the charter is off.
    scans: Vec<Arc<SourceScan>>,
    /// Which sources hold a `CHARTER: keep` marker (an adoption signal).
    marked: Vec<bool>,
    /// Which sources hold a suppression comment (`manifest-lsp-ignore`).
    suppressing: Vec<bool>,
    /// Member name → its package (the first of that name).
    by_name: HashMap<String, usize>,
    /// Each linked group's patterns (`None`: none valid), the members they match (by index, in
    /// order), and whether empty groups are kept.
    link_patterns: Vec<Option<GlobSet>>,
    /// Whether each pattern group came from `fixed`.
    link_fixed: Vec<bool>,
    /// The changesets config's `ignore` patterns: packages changesets never versions, so never in
    /// a linked or fixed group.
    ignored: Option<GlobSet>,
    group_members: Vec<Vec<usize>>,
    keep_empty_groups: bool,
    /// Member name → its linked group (the first that lists it).
    group_at: HashMap<String, usize>,
    /// How many members declare a dependency with the `workspace:` protocol.
    protocol_users: usize,
}

/// A package name matches a group's patterns and is not one changesets ignores.
fn in_group(set: &GlobSet, ignored: Option<&GlobSet>, name: &str) -> bool {
    set.is_match(name) && !ignored.is_some_and(|i| i.is_match(name))
}

/// The monorepo root of a `.changeset/config.json`.
fn root_of(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Whether the charter reads the prose of the file at `path` at all, by its path alone: not
/// excluded, not a CHANGELOG, not vendored or built (what its text says is [`is_prose_text`]).
fn is_source_path(root: &Path, path: &Path, charter: Option<&settings::CharterConfig>) -> bool {
    !charter.is_some_and(|c| c.excludes(path))
        && is_prose_path(path.strip_prefix(root).unwrap_or(path))
}

/// Hands a source's text to `f` when its prose is the charter's to read (see
/// [`is_source_path`], [`is_prose_text`]): the text is read once, into a buffer that is reused.
/// `false` when it is no source, or unreadable.
fn visit_source(
    root: &Path,
    path: &Path,
    charter: Option<&settings::CharterConfig>,
    source: &dyn Source,
    f: &mut dyn FnMut(&str),
) -> bool {
    if !is_source_path(root, path, charter) {
        return false;
    }
    let mut prose = false;
    let read = source.visit(path, &mut |text| {
        prose = is_prose_text(text);
        if prose {
            f(text);
        }
    });
    read.is_ok() && prose
}

/// What the source rules read of one source: its path and facts.
#[derive(Clone, Copy)]
pub struct SourceView<'a> {
    pub path: &'a Path,
    pub prose: &'a crate::syntax::prose::Prose,
    /// Its exported zod object schemas that carry a `schemaVersion`.
    pub envelopes: &'a [crate::syntax::schemas::Envelope],
}

impl SourceView<'_> {
    /// Whether it holds anything the source rules read (most files hold nothing).
    pub fn has_findings_to_read(&self) -> bool {
        !self.prose.promises.is_empty() || !self.envelopes.is_empty()
    }
}

/// What is kept of one source once read: the text goes.
pub(crate) struct SourceRead {
    pub marked: bool,
    pub suppressing: bool,
    /// Its prose and envelopes, when they were asked for (the charter is on).
    pub facts: Option<Arc<SourceScan>>,
}

/// The suppression comment's word, looked for in every source.
static SUPPRESS_NEEDLE: crate::text::Needle = crate::text::Needle::new(crate::suppress::MARKER);

/// Reads a source (see [`visit_source`]) and keeps its facts; `None` when it is not one.
pub(crate) fn read_source_facts(
    root: &Path,
    path: &Path,
    charter: Option<&settings::CharterConfig>,
    source: &dyn Source,
    cache: Option<&FactsCache>,
) -> Option<SourceRead> {
    let mut read = None;
    visit_source(root, path, charter, source, &mut |text| {
        read = Some(SourceRead {
            marked: adoption::KEEP_NEEDLE.is_in(text.as_bytes()),
            suppressing: SUPPRESS_NEEDLE.is_in(text.as_bytes()),
            facts: cache.map(|c| c.sources.get_unkept(path, text)),
        });
    });
    read
}

/// Whether the file at `path` is a source of the monorepo at `root` (see [`visit_source`]).
pub(crate) fn is_source(
    root: &Path,
    path: &Path,
    charter: Option<&settings::CharterConfig>,
    source: &dyn Source,
) -> bool {
    visit_source(root, path, charter, source, &mut |_| {})
}

/// The first of the listed files (in their order) that is a source holding a `CHARTER: keep`
/// marker: what adopts a repository with neither settings nor gate scripts. Each file is
/// searched for the marker in a reused buffer; only one that holds it is read as a source.
pub(crate) fn first_marked(
    root: &Path,
    listed: &[PathBuf],
    charter: Option<&settings::CharterConfig>,
    source: &dyn Source,
) -> Option<PathBuf> {
    listed
        .par_iter()
        .filter(|path| is_source_path(root, path, charter))
        .find_first(|path| {
            let mut marked = false;
            let read = source.visit_bytes(path, &mut |bytes| {
                // the rare file that holds the marker is then checked to be a source's text
                marked = adoption::KEEP_NEEDLE.is_in(bytes)
                    && std::str::from_utf8(bytes).is_ok_and(is_prose_text);
            });
            read.is_ok() && marked
        })
        .cloned()
}

/// The files below a monorepo root that the charter reads, found by one walk (on every core: a
/// large tree is thousands of folders, and their reads overlap).
pub(crate) fn walk_files(root: &Path) -> WalkList {
    let list = std::sync::Mutex::new(WalkList::default());
    ignore::WalkBuilder::new(root)
        .max_depth(Some(DEPTH))
        .follow_links(false)
        .require_git(false)
        // membership comes from the workspace globs, not from folder names: a published package
        // may live in `packages/build` (built output is usually git-ignored, which the walk honours)
        .filter_entry(|e| {
            let n = e.file_name();
            n != "node_modules" && n != ".git"
        })
        .build_parallel()
        .run(|| {
            let list = &list;
            Box::new(move |entry| {
                let Ok(entry) = entry else {
                    return ignore::WalkState::Continue;
                };
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    let path = entry.path();
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                    if name == PACKAGE_JSON {
                        list.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .manifests
                            .push(path.to_path_buf());
                    } else if PROSE_EXTENSIONS.contains(&ext) {
                        list.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .prose
                            .push(path.to_path_buf());
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut list = list.into_inner().unwrap_or_else(|e| e.into_inner());
    list.manifests.sort();
    list.prose.sort();
    list
}

impl Monorepo {
    /// The monorepo of a `.changeset/config.json`, over the files of one walk (`settings` those in
    /// force), without its sources: its packages, groups and settings; and its adoption when the
    /// charter's switch or a gate script decides it (`None`: a marker in a source would). Its
    /// sources come from [`Monorepo::read_sources`], or from `check`'s one pass.
    pub(crate) fn load_shape(
        config_path: &Path,
        files: &WalkList,
        source: &dyn Source,
        settings: Settings<'_>,
        cache: &FactsCache,
    ) -> Result<(Monorepo, Option<Adoption>), ReadError> {
        let config_text = source.read(config_path)?;
        let root = root_of(config_path);
        let ws = Workspace::read(&root, source);
        let charter = settings.charter;
        // read on every core: a large tree is thousands of files, and the reads overlap
        let packages: Vec<WsPackage> = files
            .manifests
            .par_iter()
            .filter_map(|path| {
                let rel = path.strip_prefix(&root).unwrap_or(path);
                let rel_dir = rel.parent().unwrap_or(Path::new(""));
                load_package(path, ws.is_member(rel_dir), &root, source, cache).ok()
            })
            .collect();
        // the charter's own switch and gate scripts decide before any source is read; only a
        // repository with neither needs every text searched for a marker first
        let decided =
            adoption::decide_before_reading(&root, settings.charter.zip(settings.file), source);
        let by_dir = packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.dir().to_path_buf(), i))
            .collect();
        let mut repo = Monorepo {
            root,
            config_path: config_path.to_path_buf(),
            packages,
            linked: Vec::new(),
            fixed: Vec::new(),
            manager: ws.manager,
            adoption: Adoption::Off(String::new()),
            envelope_schemas: charter
                .map(|c| c.envelope_schemas.clone())
                .unwrap_or_default(),
            by_dir,
            scans: Vec::new(),
            sources: Vec::new(),
            marked: Vec::new(),
            suppressing: Vec::new(),
            by_name: HashMap::new(),
            link_patterns: Vec::new(),
            link_fixed: Vec::new(),
            ignored: None,
            group_members: Vec::new(),
            keep_empty_groups: false,
            group_at: HashMap::new(),
            protocol_users: 0,
        };
        repo.index_names();
        repo.link(&json::parse(&config_text), settings);
        if let Some(adoption) = &decided {
            repo.adoption = adoption.clone();
        }
        Ok((repo, decided))
    }

    /// Reads the sources (each once, on every core) for their facts where the charter is on,
    /// and decides the adoption by marker where `decided` did not.
    pub(crate) fn read_sources(
        &mut self,
        files: &WalkList,
        decided: Option<Adoption>,
        source: &dyn Source,
        settings: Settings<'_>,
        cache: &FactsCache,
    ) {
        let root = self.root.clone();
        let scan = decided
            .as_ref()
            .is_some_and(Adoption::enabled)
            .then_some(cache);
        let read: Vec<(PathBuf, SourceRead)> = files
            .prose
            .par_iter()
            .filter_map(|path| {
                let read = read_source_facts(&root, path, settings.charter, source, scan)?;
                Some((path.clone(), read))
            })
            .collect();
        self.marked = read.iter().map(|(_, r)| r.marked).collect();
        self.suppressing = read.iter().map(|(_, r)| r.suppressing).collect();
        self.sources = Vec::with_capacity(read.len());
        for (path, r) in read {
            if let Some(scan) = r.facts {
                self.scans.push(scan);
            }
            self.sources.push(path);
        }
        self.adoption = match decided {
            Some(adoption) => adoption,
            None => self.decide_adoption(),
        };
        if self.adoption.enabled() && self.scans.len() != self.sources.len() {
            // adopted by a marker found in this pass: the sources are read again for their
            // facts (on every core: the first scan of a large tree parses thousands of files)
            self.scans = self
                .sources
                .par_iter()
                .map(|p| {
                    let text = source.read(p).unwrap_or_else(|_| Arc::from(""));
                    cache.sources.get(p, &text)
                })
                .collect();
        }
    }

    /// Sources read by a caller that kept none of their facts (`check`'s one pass, see
    /// `charter::live`): their paths and marks, in the order of the walk.
    pub(crate) fn set_streamed_sources(&mut self, read: Vec<(PathBuf, bool, bool)>) {
        self.marked = read.iter().map(|r| r.1).collect();
        self.suppressing = read.iter().map(|r| r.2).collect();
        self.sources = read.into_iter().map(|r| r.0).collect();
    }

    /// The members by name, and how many use the `workspace:` protocol.
    fn index_names(&mut self) {
        self.by_name.clear();
        self.protocol_users = 0;
        for (i, p) in self.packages.iter().enumerate().filter(|(_, p)| p.member) {
            if let Some(n) = &p.name {
                self.by_name.entry(n.clone()).or_insert(i);
            }
            self.protocol_users += usize::from(p.uses_workspace_protocol);
        }
    }

    /// The linked groups: the `[charter]` ones, else `linked` and `fixed` of the changesets config.
    fn link(&mut self, config: &json::Document, settings: Settings<'_>) {
        let patterns = |group: &mut dyn Iterator<Item = &str>| {
            let mut set = GlobSetBuilder::new();
            for g in group {
                if let Ok(glob) = Glob::new(g) {
                    set.add(glob);
                }
            }
            set.build().ok()
        };
        self.ignored = config
            .root
            .as_ref()
            .and_then(|r| r.get("ignore"))
            .and_then(|l| patterns(&mut l.items().iter().filter_map(Node::as_str)));
        match settings.charter.and_then(|c| c.linked.as_ref()) {
            Some(groups) => {
                self.link_patterns = groups
                    .iter()
                    .map(|g| patterns(&mut g.iter().map(String::as_str)))
                    .collect();
                self.link_fixed = vec![false; self.link_patterns.len()];
                self.keep_empty_groups = true;
            }
            None => {
                let groups: Vec<(bool, Option<GlobSet>)> = ["linked", "fixed"]
                    .iter()
                    .filter_map(|k| Some((*k == "fixed", config.root.as_ref()?.get(k)?)))
                    .flat_map(|(fixed, l)| l.items().iter().map(move |g| (fixed, g)))
                    .map(|(fixed, g)| {
                        (
                            fixed,
                            patterns(&mut g.items().iter().filter_map(Node::as_str)),
                        )
                    })
                    .collect();
                self.link_fixed = groups.iter().map(|(f, _)| *f).collect();
                self.link_patterns = groups.into_iter().map(|(_, p)| p).collect();
                self.keep_empty_groups = false;
            }
        }
        self.relink();
    }

    /// The linked groups' members, from the patterns and the member names.
    fn relink(&mut self) {
        let packages = &self.packages;
        let ignored = &self.ignored;
        self.group_members = self
            .link_patterns
            .iter()
            .map(|set| {
                let Some(set) = set else { return Vec::new() };
                (0..packages.len())
                    .filter(|&i| packages[i].member)
                    .filter(|&i| {
                        packages[i]
                            .name
                            .as_deref()
                            .is_some_and(|n| in_group(set, ignored.as_ref(), n))
                    })
                    .collect()
            })
            .collect();
        self.name_groups();
    }

    /// The linked groups by name, from their members.
    fn name_groups(&mut self) {
        let kept: Vec<(bool, Vec<String>)> = self
            .group_members
            .iter()
            .zip(
                self.link_fixed
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(false)),
            )
            .filter(|(m, _)| self.keep_empty_groups || !m.is_empty())
            .map(|(m, fixed)| {
                let names = m
                    .iter()
                    .filter_map(|&i| self.packages[i].name.clone())
                    .collect();
                (fixed, names)
            })
            .collect();
        self.fixed = kept.iter().map(|(f, _)| *f).collect();
        self.linked = kept.into_iter().map(|(_, n)| n).collect();
        self.group_at.clear();
        for (i, g) in self.linked.iter().enumerate() {
            for n in g {
                self.group_at.entry(n.clone()).or_insert(i);
            }
        }
    }

    /// Member `i` took a new name: the groups it leaves and joins, without matching every name.
    fn relink_renamed(&mut self, i: usize) {
        let name = self.packages[i].name.clone();
        let mut touched = false;
        for (set, members) in self.link_patterns.iter().zip(&mut self.group_members) {
            let matches = set
                .as_ref()
                .zip(name.as_deref())
                .is_some_and(|(set, n)| in_group(set, self.ignored.as_ref(), n));
            match (members.binary_search(&i), matches) {
                (Ok(at), false) => {
                    members.remove(at);
                    touched = true;
                }
                (Err(at), true) => {
                    members.insert(at, i);
                    touched = true;
                }
                (Ok(_), true) => touched = true, // its name in the group changes
                (Err(_), false) => {}
            }
        }
        if touched {
            self.name_groups();
        }
    }

    /// Package `i` was read again (its path unchanged): the name index, the protocol count and
    /// the linked groups follow. Returns whether its name changed.
    fn replace_package(&mut self, i: usize, pkg: WsPackage) -> bool {
        let old = std::mem::replace(&mut self.packages[i], pkg);
        let new = &self.packages[i];
        if new.member {
            self.protocol_users = self.protocol_users + usize::from(new.uses_workspace_protocol)
                - usize::from(old.uses_workspace_protocol);
        }
        if old.name == new.name {
            return false;
        }
        if new.member {
            if let Some(n) = &old.name {
                if self.by_name.get(n) == Some(&i) {
                    self.by_name.remove(n);
                    // another member of that name, now the first
                    if let Some(k) = self
                        .packages
                        .iter()
                        .position(|p| p.member && p.name.as_ref() == Some(n))
                    {
                        self.by_name.insert(n.clone(), k);
                    }
                }
            }
            if let Some(n) = self.packages[i].name.clone() {
                match self.by_name.get(&n) {
                    Some(&k) if k < i => {}
                    _ => {
                        self.by_name.insert(n, i);
                    }
                }
            }
            self.relink_renamed(i);
        }
        true
    }

    /// Whether some member declares a dependency with the `workspace:` protocol.
    pub fn uses_workspace_protocol(&self) -> bool {
        self.protocol_users > 0
    }

    /// The adoption of a repository that neither configures the charter nor runs its gate
    /// scripts: a `CHARTER: keep` marker in one of its sources, or none.
    pub(crate) fn decide_adoption(&self) -> Adoption {
        adoption::decide_by_marker(
            self.sources
                .iter()
                .zip(&self.marked)
                .filter(|(_, m)| **m)
                .map(|(p, _)| p.as_path()),
        )
    }

    /// How many sources (scripts and Markdown files) the monorepo reads.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// One source: its path and facts (none where the charter is off).
    pub fn source(&self, i: usize) -> SourceView<'_> {
        static NONE: std::sync::OnceLock<SourceScan> = std::sync::OnceLock::new();
        let scan = self
            .scans
            .get(i)
            .map_or_else(|| NONE.get_or_init(Default::default), |s| &**s);
        SourceView {
            path: &self.sources[i],
            prose: &scan.prose,
            envelopes: &scan.envelopes,
        }
    }

    /// Source `i` was read again.
    pub(crate) fn set_source(&mut self, i: usize, read: SourceRead) {
        self.marked[i] = read.marked;
        self.suppressing[i] = read.suppressing;
        if let Some(scan) = read.facts {
            self.scans[i] = scan;
        }
    }

    /// Whether source `i` holds a suppression comment.
    pub fn suppresses(&self, i: usize) -> bool {
        self.suppressing.get(i).copied().unwrap_or(false)
    }

    /// The workspace members.
    pub fn members(&self) -> impl Iterator<Item = &WsPackage> {
        self.packages.iter().filter(|p| p.member)
    }

    /// The workspace member of that name (a fixture or example named `typescript` is not one).
    pub fn package_named(&self, name: &str) -> Option<&WsPackage> {
        self.by_name.get(name).map(|&i| &self.packages[i])
    }

    /// The linked group a package belongs to.
    pub fn group_of(&self, name: &str) -> Option<&Vec<String>> {
        self.group_at.get(name).map(|&i| &self.linked[i])
    }

    /// The package whose folder holds `path` most closely.
    pub fn enclosing(&self, path: &Path) -> Option<&WsPackage> {
        self.enclosing_index(path).map(|i| &self.packages[i])
    }

    fn enclosing_index(&self, path: &Path) -> Option<usize> {
        path.ancestors()
            .skip(1)
            .find_map(|dir| self.by_dir.get(dir))
            .copied()
    }

    /// Every file whose diagnostics the monorepo decides.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.packages.iter().map(|p| p.path.clone()).collect();
        out.extend(
            self.packages
                .iter()
                .filter_map(|p| p.changelog.as_ref().map(|c| c.path.clone())),
        );
        out.extend(self.sources.iter().cloned());
        out
    }
}

fn load_package(
    path: &Path,
    member: bool,
    root: &Path,
    source: &dyn Source,
    cache: &FactsCache,
) -> Result<WsPackage, ReadError> {
    let rel_dir = path
        .strip_prefix(root)
        .unwrap_or(path)
        .parent()
        .unwrap_or(Path::new(""));
    let text = source.read(path)?;
    let doc = cache.json.get(path, &text);
    let root = doc.root.as_ref();
    let name = root
        .and_then(|r| r.get("name"))
        .and_then(Node::as_str)
        .map(str::to_string);
    let version = root
        .and_then(|r| r.get("version"))
        .and_then(|v| v.as_str().map(|s| (s.to_string(), v.inner_range())));
    // as npm reads it: any truthy value (`"private": "true"` too) keeps a package from the registry
    let private = root.and_then(|r| r.get("private")).is_some_and(|p| {
        p.as_bool()
            .unwrap_or_else(|| p.as_str().is_some_and(|s| !s.is_empty()))
    });
    let changelog_path = path.with_file_name(CHANGELOG);
    let (changelog, changelog_unread) = match source.read(&changelog_path) {
        Ok(t) => (Some(Changelog::read(changelog_path, &t)), None),
        Err(crate::workspace::ReadError::Missing) => (None, None),
        Err(e) => (None, Some((changelog_path, e))),
    };
    // a package that says it is published (publishConfig, a CHANGELOG) is no sample, wherever
    // its folder is (RULES §4: the sample heuristic yields to publish signals)
    let says_published = root.and_then(|r| r.get("publishConfig")).is_some()
        || changelog.is_some()
        || changelog_unread.is_some();
    let mut pkg = WsPackage {
        path: path.to_path_buf(),
        member,
        // never published: private, nameless or versionless, or a sample of the repository
        private: private
            || (is_sample(rel_dir) && !says_published)
            || name.is_none()
            || version.is_none(),
        suppressing: text.contains(crate::suppress::MARKER),
        doc,
        name,
        version,
        changelog,
        changelog_unread,
        dependency_names: Vec::new(),
        uses_workspace_protocol: false,
    };
    let deps = pkg.dependencies();
    let dependency_names = deps.iter().map(|(_, m)| m.key.clone()).collect();
    let uses_workspace_protocol = deps.iter().any(|(_, d)| {
        d.value
            .as_ref()
            .and_then(|v| v.as_str())
            .is_some_and(|s| s.starts_with("workspace:"))
    });
    pkg.dependency_names = dependency_names;
    pkg.uses_workspace_protocol = uses_workspace_protocol;
    Ok(pkg)
}

#[cfg(test)]
mod long_lines {
    use super::has_long_line;

    #[test]
    fn a_long_line_is_found_as_str_lines_finds_it() {
        let texts = [
            "",
            "a",
            "abc",
            "abcd",
            "ab\r\ncd",
            "abc\r\n",
            "abcd\r\n",
            "a\nabcd\n",
            "abc\r",
            "abcd\r\r\n",
            "\n\n\n",
        ];
        for t in texts {
            for max in 0..5 {
                assert_eq!(
                    has_long_line(t, max),
                    t.lines().any(|l| l.len() > max),
                    "{t:?} {max}"
                );
            }
        }
        // every text of up to eight letters, `\r` and `\n`
        let mut texts = vec![String::new()];
        for _ in 0..8 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| ["a", "\r", "\n"].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        assert_eq!(texts.len(), (0..=8).map(|n| 3usize.pow(n)).sum::<usize>());
        for t in &texts {
            for max in 0..10 {
                assert_eq!(
                    has_long_line(t, max),
                    t.lines().any(|l| l.len() > max),
                    "{t:?} {max}"
                );
            }
        }
    }
}
