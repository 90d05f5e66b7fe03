//! npm packages: `package.json` with positions, and what the Radpack rules need around it.

pub mod radpack_range;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::json::{self, Member, Node};
use crate::workspace::project::NPM_COMPANIONS;
use crate::workspace::{ReadError, Source};

/// The dependency sections whose ranges Radpack resolves at run time.
pub const RUNTIME_SECTIONS: &[&str] = &["dependencies", "peerDependencies"];
const ALL_SECTIONS: &[&str] = &[
    "dependencies",
    "peerDependencies",
    "devDependencies",
    "optionalDependencies",
];

pub struct NpmPackage {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub doc: json::Document,
    /// Built with Radpack: a dependency on `@radpack/*`, or a `radpack.json` beside it.
    pub radpack: bool,
    /// Rollup configurations beside it, with their text.
    pub rollup_configs: Vec<(PathBuf, Arc<str>)>,
    /// Versions installed in `node_modules` of the peers this package leaves floating.
    installed: Vec<(String, String)>,
}

impl NpmPackage {
    pub fn load(path: &Path, source: &dyn Source) -> Result<NpmPackage, ReadError> {
        let text = source.read(path)?;
        let doc = json::parse(&text);
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut pkg = NpmPackage {
            path: path.to_path_buf(),
            text,
            doc,
            radpack: false,
            rollup_configs: Vec::new(),
            installed: Vec::new(),
        };
        pkg.radpack = ALL_SECTIONS
            .iter()
            .flat_map(|s| pkg.section(s))
            .any(|m| m.key.starts_with("@radpack/"))
            || source.read(&dir.join("radpack.json")).is_ok();
        if !pkg.radpack {
            return Ok(pkg);
        }
        for name in NPM_COMPANIONS
            .iter()
            .filter(|n| n.starts_with("rollup.config."))
        {
            let p = dir.join(name);
            if let Ok(text) = source.read(&p) {
                pkg.rollup_configs.push((p, text));
            }
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
            .collect()
    }
}
