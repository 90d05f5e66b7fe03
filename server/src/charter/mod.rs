//! Versioning-charter monorepos: a folder with `.changeset/config.json`, its packages (every
//! `package.json` below it), the linked release group, CHANGELOGs, and the prose and schemas the
//! charter rules read.

pub mod prose;
pub mod schemas;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSetBuilder};

use crate::syntax::json::{self, Node};
use crate::workspace::project::PACKAGE_JSON;
use crate::workspace::{ReadError, Source};

pub const CHANGESET_CONFIG: &str = ".changeset/config.json";
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Script and Markdown files whose prose the charter reads.
pub const PROSE_EXTENSIONS: &[&str] = &["ts", "mts", "cts", "tsx", "js", "mjs", "cjs", "md"];

/// How deep packages and sources are looked for below the root.
const DEPTH: usize = 8;

pub struct WsPackage {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub doc: json::Document,
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
    pub packages: Vec<WsPackage>,
    /// The linked groups, as package names.
    pub linked: Vec<Vec<String>>,
    /// Scripts and Markdown files (no CHANGELOGs), with their text.
    pub sources: Vec<(PathBuf, Arc<str>)>,
    /// The promises and deprecations of each source, scanned once for every rule that reads them.
    prose: std::sync::OnceLock<Vec<prose::Prose>>,
}

impl Monorepo {
    /// `config_path` is the `.changeset/config.json`.
    pub fn load(config_path: &Path, source: &dyn Source) -> Result<Monorepo, ReadError> {
        let config_text = source.read(config_path)?;
        let config = json::parse(&config_text);
        let root = config_path
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let mut packages = Vec::new();
        let mut sources = Vec::new();
        let walker = ignore::WalkBuilder::new(&root)
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
            if name == PACKAGE_JSON {
                if let Ok(pkg) = load_package(path, source) {
                    packages.push(pkg);
                }
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if PROSE_EXTENSIONS.contains(&ext) && name != CHANGELOG {
                if let Ok(text) = source.read(path) {
                    sources.push((path.to_path_buf(), text));
                }
            }
        }
        packages.sort_by(|a, b| a.path.cmp(&b.path));
        sources.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Vec<&str> = packages.iter().filter_map(|p| p.name.as_deref()).collect();
        let linked = config
            .root
            .as_ref()
            .and_then(|r| r.get("linked"))
            .map(|l| l.items().iter().map(|g| resolve_group(g, &names)).collect())
            .unwrap_or_default();
        Ok(Monorepo {
            root,
            config_path: config_path.to_path_buf(),
            packages,
            linked,
            sources,
            prose: std::sync::OnceLock::new(),
        })
    }

    /// Each source with its prose findings.
    pub fn prose(&self) -> impl Iterator<Item = (&Path, &str, &prose::Prose)> {
        let scanned = self.prose.get_or_init(|| {
            self.sources
                .iter()
                .map(|(path, text)| prose::scan(path, text))
                .collect()
        });
        self.sources
            .iter()
            .zip(scanned)
            .map(|((path, text), p)| (path.as_path(), &**text, p))
    }

    pub fn package_named(&self, name: &str) -> Option<&WsPackage> {
        self.packages
            .iter()
            .find(|p| p.name.as_deref() == Some(name))
    }

    /// The linked group a package belongs to.
    pub fn group_of(&self, name: &str) -> Option<&Vec<String>> {
        self.linked.iter().find(|g| g.iter().any(|n| n == name))
    }

    /// The package whose folder holds `path` most closely.
    pub fn enclosing(&self, path: &Path) -> Option<&WsPackage> {
        self.packages
            .iter()
            .filter(|p| path.starts_with(p.dir()))
            .max_by_key(|p| p.dir().components().count())
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
fn resolve_group(group: &Node, names: &[&str]) -> Vec<String> {
    let mut set = GlobSetBuilder::new();
    for g in group.items().iter().filter_map(Node::as_str) {
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

fn load_package(path: &Path, source: &dyn Source) -> Result<WsPackage, ReadError> {
    let text = source.read(path)?;
    let doc = json::parse(&text);
    let root = doc.root.as_ref();
    let name = root
        .and_then(|r| r.get("name"))
        .and_then(Node::as_str)
        .map(str::to_string);
    let version = root
        .and_then(|r| r.get("version"))
        .and_then(|v| v.as_str().map(|s| (s.to_string(), v.inner_range())));
    let changelog_path = path.with_file_name(CHANGELOG);
    let changelog = source
        .read(&changelog_path)
        .ok()
        .map(|t| (changelog_path, t));
    Ok(WsPackage {
        path: path.to_path_buf(),
        text,
        doc,
        name,
        version,
        changelog,
    })
}

/// The monorepo config above `path`, if any (its `.changeset/config.json`).
pub fn config_above(path: &Path, source: &dyn Source) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|d| d.join(CHANGESET_CONFIG))
        .find(|c| source.read(c).is_ok())
}
