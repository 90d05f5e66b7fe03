//! Go to definition: from a version graph entry or its import to the version file's
//! `VersionInfo.of`; from a `workspace:` dependency to the workspace package's `package.json`;
//! from a Salesforce `ancestorId` or dependency `package` to its `packageAliases` entry; from a
//! Peers `alsoImplements` id to the contract that declares it.

use std::path::Path;

use super::{within, workspace_deps, Target};
use crate::analysis::with_startos;
use crate::npm::NpmPackage;
use crate::startos::package::{resolve_module, Resolution};
use crate::startos::StartOsPackage;
use crate::syntax::json::{self, Node};
use crate::workspace::files::{package_root_of, PACKAGE_JSON, SFDX_PROJECT};
use crate::workspace::{FactsCache, Source};

pub fn definition(
    source: &dyn Source,
    cache: &FactsCache,
    path: &Path,
    offset: usize,
) -> Vec<Target> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == PACKAGE_JSON {
        return workspace_deps::definition(source, cache, path, offset)
            .into_iter()
            .collect();
    }
    if name == SFDX_PROJECT {
        return sfdx_alias(source, path, offset).into_iter().collect();
    }
    if path.extension().is_some_and(|e| e == "ts") {
        if let Some(root) = package_root_of(path) {
            if let Some(found) =
                with_startos(&root, source, cache, |pkg| startos(pkg, path, offset)).flatten()
            {
                return vec![found];
            }
        }
    }
    peers_contract(source, path, offset).into_iter().collect()
}

/// A graph entry, an imported name, or an import path in a StartOS package's TypeScript.
fn startos(pkg: &StartOsPackage, path: &Path, offset: usize) -> Option<Target> {
    let file = pkg.ts_file(path)?;
    let graph_ids = file
        .facts
        .version_graphs
        .iter()
        .flat_map(|g| g.current.iter().chain(&g.other));
    let import_ids = file
        .facts
        .imports
        .iter()
        .flat_map(|i| i.names.iter().map(|n| &n.local));
    if let Some(id) = graph_ids
        .chain(import_ids)
        .find(|id| within(&id.range, offset))
    {
        return match pkg.resolve(file, id) {
            Resolution::Version(v) => Some(Target {
                path: v.file.path.clone(),
                range: v.info.binding.range.clone(),
            }),
            _ => None,
        };
    }
    let import = file
        .facts
        .imports
        .iter()
        .find(|i| within(&i.source.node_range, offset) && i.source.value.starts_with('.'))?;
    let base = file.path.parent()?;
    let target = resolve_module(base, &import.source.value, |p| {
        pkg.ts_file(p).is_some() || p.is_file()
    })?;
    Some(Target {
        path: target,
        range: 0..0,
    })
}

/// An `ancestorId` or a dependency's `package` that names a `packageAliases` key.
fn sfdx_alias(source: &dyn Source, path: &Path, offset: usize) -> Option<Target> {
    let text = source.read(path).ok()?;
    let doc = json::parse(&text);
    let root = doc.root.as_ref()?;
    let aliases = root.get("packageAliases")?;
    let dirs = root.get("packageDirectories")?;
    let mut refs: Vec<&Node> = Vec::new();
    for dir in dirs.items() {
        refs.extend(dir.get("ancestorId"));
        refs.extend(dir.get("package"));
        for dep in dir.get("dependencies").map(Node::items).unwrap_or_default() {
            refs.extend(dep.get("package"));
        }
    }
    let name = refs
        .into_iter()
        .find(|n| within(&n.range, offset))?
        .as_str()?;
    let member = aliases.members().iter().find(|m| m.key == name)?;
    Some(Target {
        path: path.to_path_buf(),
        range: member.key_range.clone(),
    })
}

/// An `alsoImplements(id, …)` id (or a contract's own id) → the `contract(id, …)` declaring it,
/// in the Peers package's scripts.
fn peers_contract(source: &dyn Source, path: &Path, offset: usize) -> Option<Target> {
    let manifest = path
        .ancestors()
        .skip(1)
        .map(|d| d.join(PACKAGE_JSON))
        .find(|p| source.read(p).is_ok())?;
    let pkg = NpmPackage::load(&manifest, source).ok()?;
    let here = pkg.peers_files.iter().find(|f| f.path == path)?;
    let id = here
        .facts
        .contracts
        .iter()
        .flat_map(|c| c.also.iter().filter_map(|a| a.id.as_ref()))
        .find(|id| within(&id.node_range, offset))?;
    pkg.peers_files.iter().find_map(|f| {
        f.facts
            .contracts
            .iter()
            .find(|c| c.id.as_ref().is_some_and(|c| c.value == id.value))
            .map(|c| Target {
                path: f.path.clone(),
                range: c
                    .id
                    .as_ref()
                    .map_or(c.range.clone(), |i| i.node_range.clone()),
            })
    })
}
