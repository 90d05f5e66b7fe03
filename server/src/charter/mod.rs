//! Versioning-charter monorepos: a folder with `.changeset/config.json`, its packages (every
//! `package.json` below it), the linked release group, CHANGELOGs, and the prose and schemas the
//! charter rules read.

pub mod adoption;

pub mod workspace;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSetBuilder};
use rayon::prelude::*;

use crate::syntax::json::{self, Node};
use crate::workspace::cache::WalkList;
use crate::workspace::config::Config;
pub use crate::workspace::files::{CHANGELOG, CHANGESET_CONFIG};
use crate::workspace::files::{PACKAGE_JSON, PROSE_EXTENSIONS};
use crate::workspace::FactsCache;
use crate::workspace::{ReadError, Source};
use adoption::Adoption;
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

/// Whether a file's prose is the charter's to read: not a CHANGELOG (any `CHANGELOG*` file), not
/// vendored or built (`vendor/`, `dist/`, `*.min.*`), not minified (a line over 1,000 characters).
pub fn is_prose_file(rel: &Path, text: &str) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.to_ascii_uppercase().starts_with("CHANGELOG") || name.contains(".min.") {
        return false;
    }
    if rel
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some("vendor" | "dist")))
    {
        return false;
    }
    !text.lines().any(|l| l.len() > MAX_PROSE_LINE)
}

pub struct WsPackage {
    pub path: PathBuf,
    /// A member of the workspace (`workspaces` / `pnpm-workspace.yaml`).
    pub member: bool,
    /// Never published: `"private": true`, no name or version, or a sample of the repository (under
    /// `examples/`, `fixtures/`, `e2e/`, `test/`, `benchmark/`, `playground/` … : test and demo
    /// projects often leave `private` out).
    pub private: bool,
    pub text: Arc<str>,
    pub doc: Arc<json::Document>,
    pub name: Option<String>,
    /// The `version` value node's text and range.
    pub version: Option<(String, Range<usize>)>,
    /// `CHANGELOG.md` beside it, when there is one.
    pub changelog: Option<(PathBuf, Arc<str>)>,
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
    pub manager: PackageManager,
    /// Whether (and why) the repository adopted the charter.
    pub adoption: Adoption,
    /// Exported schema names CH041 treats as envelopes, beside the charter's patterns.
    pub envelope_schemas: Vec<String>,
    /// Scripts and Markdown files (no CHANGELOGs), with their text.
    pub sources: Vec<(PathBuf, Arc<str>)>,
    /// Package folder → index in `packages`.
    by_dir: std::collections::HashMap<PathBuf, usize>,
    /// The promises and deprecations of each source (from the facts cache: scanned once per
    /// content); empty where the charter is off.
    prose: Vec<Arc<crate::syntax::prose::Prose>>,
    /// The envelope schemas of each source, the same way; empty where the charter is off.
    envelopes: Vec<Arc<Vec<crate::syntax::schemas::Envelope>>>,
}

/// The files below a monorepo root that the charter reads, found by one walk.
pub(crate) fn walk_files(root: &Path) -> WalkList {
    let mut list = WalkList::default();
    let walker = ignore::WalkBuilder::new(root)
        .max_depth(Some(DEPTH))
        .follow_links(false)
        .require_git(false)
        .filter_entry(|e| {
            let n = e.file_name();
            n != "node_modules" && n != ".git" && n != "dist" && n != "build"
        })
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if name == PACKAGE_JSON {
            list.manifests.push(path.to_path_buf());
        } else if PROSE_EXTENSIONS.contains(&ext) {
            list.prose.push(path.to_path_buf());
        }
    }
    list.manifests.sort();
    list.prose.sort();
    list
}

impl Monorepo {
    /// `config_path` is the `.changeset/config.json`; `settings` the `manifest-lsp.toml` in force.
    pub fn load(
        config_path: &Path,
        source: &dyn Source,
        settings: &Config,
        cache: &FactsCache,
    ) -> Result<Monorepo, ReadError> {
        let config_text = source.read(config_path)?;
        let config = json::parse(&config_text);
        let root = config_path
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let ws = Workspace::read(&root, source);
        let charter = settings.charter.as_ref();
        let mut packages = Vec::new();
        let mut sources = Vec::new();
        let files = cache.walk(&root, || walk_files(&root));
        for path in &files.manifests {
            let rel = path.strip_prefix(&root).unwrap_or(path);
            let rel_dir = rel.parent().unwrap_or(Path::new(""));
            if let Ok(mut pkg) = load_package(path, ws.is_member(rel_dir), source, cache) {
                pkg.private |= is_sample(rel_dir) || pkg.name.is_none() || pkg.version.is_none();
                packages.push(pkg);
            }
        }
        for path in &files.prose {
            if charter.is_some_and(|c| c.excludes(path)) {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap_or(path);
            if let Ok(text) = source.read(path) {
                if is_prose_file(rel, &text) {
                    sources.push((path.clone(), text));
                }
            }
        }
        let adoption = adoption::decide(
            &root,
            charter.zip(settings.path.as_deref()),
            source,
            sources.iter().map(|(p, t)| (p.as_path(), &**t)),
        );
        let names: Vec<&str> = packages
            .iter()
            .filter(|p| p.member)
            .filter_map(|p| p.name.as_deref())
            .collect();
        let linked = match charter.and_then(|c| c.linked.as_ref()) {
            Some(groups) => groups
                .iter()
                .map(|g| resolve_names(g.iter().map(String::as_str), &names))
                .collect(),
            None => ["linked", "fixed"]
                .iter()
                .filter_map(|k| config.root.as_ref()?.get(k))
                .flat_map(|l| l.items().iter())
                .map(|g| resolve_names(g.items().iter().filter_map(Node::as_str), &names))
                .filter(|g| !g.is_empty())
                .collect(),
        };
        // what the rules read, only where they run; on every core: the first scan of a large
        // tree parses thousands of files
        let (prose, envelopes) = if adoption.enabled() {
            (
                sources
                    .par_iter()
                    .map(|(p, t)| cache.prose.get(p, t))
                    .collect(),
                sources
                    .par_iter()
                    .map(|(p, t)| cache.envelopes.get(p, t))
                    .collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let by_dir = packages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.dir().to_path_buf(), i))
            .collect();
        Ok(Monorepo {
            root,
            config_path: config_path.to_path_buf(),
            packages,
            linked,
            manager: ws.manager,
            adoption,
            envelope_schemas: charter
                .map(|c| c.envelope_schemas.clone())
                .unwrap_or_default(),
            by_dir,
            prose,
            envelopes,
            sources,
        })
    }

    /// The workspace members.
    pub fn members(&self) -> impl Iterator<Item = &WsPackage> {
        self.packages.iter().filter(|p| p.member)
    }

    /// Each source with its prose findings.
    pub fn prose(&self) -> impl Iterator<Item = (&Path, &str, &crate::syntax::prose::Prose)> {
        self.sources
            .iter()
            .zip(&self.prose)
            .map(|((path, text), p)| (path.as_path(), &**text, &**p))
    }

    /// Each source with its exported zod object schemas that carry a `schemaVersion`.
    pub fn envelopes(&self) -> impl Iterator<Item = (&Path, &crate::syntax::schemas::Envelope)> {
        self.sources
            .iter()
            .zip(&self.envelopes)
            .flat_map(|((path, _), es)| es.iter().map(move |e| (path.as_path(), e)))
    }

    /// The workspace member of that name (a fixture or example named `typescript` is not one).
    pub fn package_named(&self, name: &str) -> Option<&WsPackage> {
        self.members().find(|p| p.name.as_deref() == Some(name))
    }

    /// The linked group a package belongs to.
    pub fn group_of(&self, name: &str) -> Option<&Vec<String>> {
        self.linked.iter().find(|g| g.iter().any(|n| n == name))
    }

    /// The package whose folder holds `path` most closely.
    pub fn enclosing(&self, path: &Path) -> Option<&WsPackage> {
        path.ancestors()
            .skip(1)
            .find_map(|dir| self.by_dir.get(dir))
            .map(|&i| &self.packages[i])
    }

    /// Every file whose diagnostics the monorepo decides.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.packages.iter().map(|p| p.path.clone()).collect();
        out.extend(
            self.packages
                .iter()
                .filter_map(|p| p.changelog.as_ref().map(|c| c.0.clone())),
        );
        out.extend(self.sources.iter().map(|s| s.0.clone()));
        out
    }
}

/// A `linked` entry: names, or globs of names (`@scope/*`).
fn resolve_names<'a>(group: impl Iterator<Item = &'a str>, names: &[&str]) -> Vec<String> {
    let mut set = GlobSetBuilder::new();
    for g in group {
        if let Ok(glob) = Glob::new(g) {
            set.add(glob);
        }
    }
    let Ok(set) = set.build() else {
        return Vec::new();
    };
    names
        .iter()
        .filter(|n| set.is_match(n))
        .map(|n| n.to_string())
        .collect()
}

fn load_package(
    path: &Path,
    member: bool,
    source: &dyn Source,
    cache: &FactsCache,
) -> Result<WsPackage, ReadError> {
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
    let private = root
        .and_then(|r| r.get("private"))
        .and_then(Node::as_bool)
        .unwrap_or(false);
    let changelog_path = path.with_file_name(CHANGELOG);
    let changelog = source
        .read(&changelog_path)
        .ok()
        .map(|t| (changelog_path, t));
    Ok(WsPackage {
        path: path.to_path_buf(),
        member,
        private,
        text,
        doc,
        name,
        version,
        changelog,
    })
}
