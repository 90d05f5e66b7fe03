//! npm packages: `package.json` with positions, and what the Radpack rules need around it.

pub mod radpack_config;
pub mod radpack_range;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::json::{self, Member, Node};
use crate::syntax::peers::PeersFacts;
use crate::workspace::files::{NPM_COMPANIONS, PACKAGE_JSON, SCRIPT_EXTENSIONS};
use crate::workspace::{ReadError, Source};

/// The dependency sections whose ranges Radpack resolves at run time.
pub const RUNTIME_SECTIONS: &[&str] = &["dependencies", "peerDependencies"];
const ALL_SECTIONS: &[&str] = &[
    "dependencies",
    "peerDependencies",
    "devDependencies",
    "optionalDependencies",
];

/// A script of the package that calls `definePackage`.
pub struct PeersFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub facts: PeersFacts,
}

/// The Peers SDK's packages.
fn is_peers_sdk(name: &str) -> bool {
    name.starts_with("@peers-app/") || name == "peers-sdk"
}

/// How deep under the package folder definitions are looked for (`src/package.ts` is at 2).
const PEERS_DEPTH: usize = 4;

pub struct NpmPackage {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub doc: json::Document,
    /// Built with Radpack: a `radpack.json` beside it, or a build configuration (rollup, webpack)
    /// that calls the Radpack plugin. A mere dependency on `@radpack/*` is not enough: Radpack's
    /// own tooling and servers that load it at run time are ordinary packages.
    pub radpack: bool,
    /// Build configurations (rollup, webpack) beside it, with their text.
    pub rollup_configs: Vec<(PathBuf, Arc<str>)>,
    /// A Peers package: `"peers"` in package.json, or a script calling `definePackage`.
    pub peers: bool,
    pub peers_files: Vec<PeersFile>,
    /// Versions installed in `node_modules` of the peers this package leaves floating.
    installed: Vec<(String, String)>,
}

impl NpmPackage {
    pub fn load(path: &Path, source: &dyn Source) -> Result<NpmPackage, ReadError> {
        let text = source.read(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        // a package.json that names neither Peers nor Radpack, with no `radpack.json` beside it,
        // is none of their packages: it is not parsed (a `\u` escape could spell such a name,
        // so a text with one is)
        let plain = !text.contains("peers") && !text.contains("radpack") && !text.contains("\\u");
        let manifest = source.read(&dir.join("radpack.json")).is_ok();
        let doc = if plain && !manifest {
            json::Document::default()
        } else {
            let doc = json::parse(&text);
            if let Some(why) = doc.not_analysed {
                return Err(ReadError::NotAnalysed(why));
            }
            doc
        };
        let mut pkg = NpmPackage {
            path: path.to_path_buf(),
            text,
            doc,
            radpack: false,
            rollup_configs: Vec::new(),
            peers: false,
            peers_files: Vec::new(),
            installed: Vec::new(),
        };
        // only a package that says it is one is walked for definitions: a `"peers"` settings
        // object, or a dependency on the Peers SDK (`@peers-app/*`; a name that merely contains
        // "peers", such as pnpm's `@pnpm/merge-peers`, says nothing)
        let declared = pkg
            .doc
            .root
            .as_ref()
            .and_then(|r| r.get("peers"))
            .is_some_and(|p| !p.members().is_empty())
            || ALL_SECTIONS
                .iter()
                .flat_map(|s| pkg.section(s))
                .any(|m| is_peers_sdk(&m.key));
        if declared {
            pkg.peers_files = peers_files(dir, source);
        }
        pkg.peers = declared;
        let mentions_radpack = ALL_SECTIONS
            .iter()
            .flat_map(|s| pkg.section(s))
            .any(|m| m.key.starts_with("@radpack/"));
        if !mentions_radpack && !manifest {
            return Ok(pkg); // the rest is for Radpack's rules
        }
        for name in NPM_COMPANIONS.iter().filter(|n| **n != "radpack.json") {
            let p = dir.join(name);
            if let Ok(text) = source.read(&p) {
                pkg.rollup_configs.push((p, text));
            }
        }
        pkg.radpack = manifest
            || pkg
                .rollup_configs
                .iter()
                .any(|(_, t)| radpack_config::uses_radpack(t));
        if !pkg.radpack {
            pkg.rollup_configs.clear();
            return Ok(pkg);
        }
        let floating: Vec<String> = pkg
            .section("peerDependencies")
            .iter()
            .filter(|m| {
                matches!(
                    m.value.as_ref().and_then(Node::as_str),
                    Some("latest" | "*")
                )
            })
            .map(|m| m.key.clone())
            .collect();
        for name in floating {
            let manifest = dir.join("node_modules").join(&name).join("package.json");
            let version = source.read(&manifest).ok().and_then(|t| {
                json::parse(&t)
                    .root?
                    .get("version")?
                    .as_str()
                    .map(str::to_string)
            });
            pkg.installed.extend(version.map(|v| (name, v)));
        }
        Ok(pkg)
    }

    /// The entries of a dependency section (`dependencies`, …); `"//"` comment members excluded.
    pub fn section(&self, name: &str) -> Vec<&Member> {
        self.doc
            .root
            .as_ref()
            .and_then(|r| r.get(name))
            .map_or(&[][..], |n| n.members())
            .iter()
            .filter(|m| m.key != "//")
            .collect()
    }

    /// The major version this package builds `name` with: from another section's exact, caret or
    /// tilde version, else from the copy installed in `node_modules`.
    pub fn known_major(&self, name: &str) -> Option<u64> {
        let declared = ALL_SECTIONS
            .iter()
            .flat_map(|s| self.section(s))
            .filter(|m| m.key == name)
            .filter_map(|m| m.value.as_ref()?.as_str())
            .find_map(radpack_range::major_of);
        declared.or_else(|| {
            self.installed
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| radpack_range::major_of(v))
        })
    }

    /// Every file whose diagnostics this package decides.
    pub fn files(&self) -> Vec<PathBuf> {
        std::iter::once(self.path.clone())
            .chain(self.rollup_configs.iter().map(|(p, _)| p.clone()))
            .chain(self.peers_files.iter().map(|f| f.path.clone()))
            .collect()
    }

    /// Every value of a Peers setting (`packageId`, `versionFollowRange`, `followVersionTags`):
    /// in `package.json`'s `peers` object and in the definitions; with the range of its text.
    pub fn peers_settings(&self, key: &str) -> Vec<(PathBuf, String, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        let json = self
            .doc
            .root
            .as_ref()
            .and_then(|r| r.get("peers"))
            .and_then(|p| p.get(key));
        if let Some(v) = json {
            if let Some(s) = v.as_str() {
                out.push((self.path.clone(), s.to_string(), v.inner_range()));
            }
        }
        for f in &self.peers_files {
            for s in f.facts.settings.iter().filter(|s| s.key == key) {
                out.push((f.path.clone(), s.value.value.clone(), s.value.range.clone()));
            }
        }
        out
    }

    /// Whether any rule family applies to it.
    pub fn is_checked(&self) -> bool {
        self.radpack || self.peers
    }
}

/// Scripts under `dir` (not in `node_modules` or a nested package, .gitignore respected) that call
/// `definePackage`; the text is read through `source`, so unsaved buffers count.
fn peers_files(dir: &Path, source: &dyn Source) -> Vec<PeersFile> {
    let root = dir.to_path_buf();
    let walker = ignore::WalkBuilder::new(dir)
        .max_depth(Some(PEERS_DEPTH))
        .follow_links(false)
        .require_git(false)
        .filter_entry(move |e| {
            let n = e.file_name();
            n != "node_modules"
                && n != ".git"
                && n != "dist"
                && n != "build"
                // a nested package has its own definition
                && !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.path() != root
                    && e.path().join(PACKAGE_JSON).is_file())
        })
        .build();
    let mut out = Vec::new();
    for entry in walker.flatten() {
        let path = entry.path();
        let script = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SCRIPT_EXTENSIONS.contains(&e));
        if !script || !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = source.read(path) else {
            continue;
        };
        if !text.contains("definePackage") {
            continue;
        }
        let facts = crate::syntax::peers::parse(&text);
        if facts.define_calls > 0 {
            out.push(PeersFile {
                path: path.to_path_buf(),
                text,
                facts,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
