//! `workspace:` dependencies of a monorepo's `package.json`: the workspace package each one
//! names, and the range it is published as (`workspace:^` → `^8.0.0`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{within, Target};
use crate::charter::walk_files;
use crate::charter::workspace::Workspace;
use crate::syntax::json::Node;
use crate::workspace::files::PACKAGE_JSON;
use crate::workspace::{FactsCache, Source};

const SECTIONS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// A `workspace:` dependency of a `package.json`.
pub struct WorkspaceDep {
    /// The dependency's value (the string, quotes included).
    pub value: Range<usize>,
    /// The workspace package it names.
    pub manifest: PathBuf,
    /// That package's `name` key.
    pub name_range: Range<usize>,
    /// The range it is published as, when the package has a version.
    pub published: Option<String>,
}

/// The folder above `dir` (or `dir`) that declares the workspace.
fn workspace_root(dir: &Path, source: &dyn Source, cache: &FactsCache) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| {
            source.read(&d.join("pnpm-workspace.yaml")).is_ok()
                || source.read(&d.join(PACKAGE_JSON)).ok().is_some_and(|t| {
                    let doc = cache.json.get(&d.join(PACKAGE_JSON), &t);
                    doc.root
                        .as_ref()
                        .is_some_and(|r| r.get("workspaces").is_some())
                })
        })
        .map(Path::to_path_buf)
}

/// `workspace:^` with version `8.0.0` → `^8.0.0`, as pnpm and yarn publish it.
pub fn published_range(spec: &str, version: &str) -> Option<String> {
    let rest = spec.strip_prefix("workspace:")?;
    // `workspace:alias@^` names another package: the range part is what is published
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    Some(match rest {
        "*" | "" => version.to_string(),
        "^" | "~" => format!("{rest}{version}"),
        other => other.to_string(),
    })
}

/// Every `workspace:` dependency of the `package.json` at `path`.
pub fn workspace_deps(source: &dyn Source, cache: &FactsCache, path: &Path) -> Vec<WorkspaceDep> {
    let Ok(text) = source.read(path) else {
        return Vec::new();
    };
    let doc = cache.json.get(path, &text);
    let Some(root_node) = doc.root.as_ref() else {
        return Vec::new();
    };
    let deps: Vec<(&str, &str, Range<usize>)> = SECTIONS
        .iter()
        .filter_map(|s| root_node.get(s))
        .flat_map(|n| n.members())
        .filter_map(|m| {
            let value = m.value.as_ref()?;
            let spec = value.as_str()?;
            spec.starts_with("workspace:")
                .then_some((m.key.as_str(), spec, value.range.clone()))
        })
        .collect();
    if deps.is_empty() {
        return Vec::new();
    }
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Some(ws_root) = workspace_root(dir, source, cache) else {
        return Vec::new();
    };
    let workspace = Workspace::read(&ws_root, source);
    let list = cache.walk(&ws_root, || walk_files(&ws_root));
    let mut out = Vec::new();
    for (name, spec, value) in deps {
        let target_name = spec
            .strip_prefix("workspace:")
            .and_then(|r| r.rsplit_once('@'))
            .map_or(name, |(alias, _)| alias);
        let found = list.manifests.iter().find_map(|manifest| {
            let rel = manifest.parent()?.strip_prefix(&ws_root).ok()?;
            if !workspace.is_member(rel) && !rel.as_os_str().is_empty() {
                return None;
            }
            let text = source.read(manifest).ok()?;
            let doc = cache.json.get(manifest, &text);
            let root = doc.root.as_ref()?;
            let member = root.member("name")?;
            (member.value.as_ref()?.as_str()? == target_name).then(|| {
                let version = root.get("version").and_then(Node::as_str).map(String::from);
                (manifest.clone(), member.key_range.clone(), version)
            })
        });
        if let Some((manifest, name_range, version)) = found {
            out.push(WorkspaceDep {
                value,
                manifest,
                name_range,
                published: version.and_then(|v| published_range(spec, &v)),
            });
        }
    }
    out
}

pub fn definition(
    source: &dyn Source,
    cache: &FactsCache,
    path: &Path,
    offset: usize,
) -> Option<Target> {
    workspace_deps(source, cache, path)
        .into_iter()
        .find(|d| within(&d.value, offset))
        .map(|d| Target {
            path: d.manifest,
            range: d.name_range,
        })
}

#[cfg(test)]
mod tests {
    use super::published_range;

    #[test]
    fn published_ranges() {
        let p = |s| published_range(s, "8.0.0");
        assert_eq!(p("workspace:*").as_deref(), Some("8.0.0"));
        assert_eq!(p("workspace:^").as_deref(), Some("^8.0.0"));
        assert_eq!(p("workspace:~").as_deref(), Some("~8.0.0"));
        assert_eq!(p("workspace:^7.1.0").as_deref(), Some("^7.1.0"));
        assert_eq!(p("workspace:other@^").as_deref(), Some("^8.0.0"));
        assert_eq!(p("^8.0.0"), None);
    }
}
