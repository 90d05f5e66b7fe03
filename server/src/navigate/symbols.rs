//! Outlines (document symbols) and the workspace's versions (workspace symbols).

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{workspace_deps, Target};
use crate::analysis::with_startos;
use crate::startos::package::{Resolution, TsFile};
use crate::startos::StartOsPackage;
use crate::syntax::json::{self, Node};
use crate::workspace::files::{package_root_of, PACKAGE_JSON, SFDX_PROJECT};
use crate::workspace::{FactsCache, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Namespace,
    Package,
    Constant,
    Function,
    Field,
    Key,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub range: Range<usize>,
    /// Its name, inside `range`.
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

impl Symbol {
    fn leaf(
        name: impl Into<String>,
        detail: Option<String>,
        kind: SymbolKind,
        range: Range<usize>,
    ) -> Symbol {
        Symbol {
            name: name.into(),
            detail,
            kind,
            selection: range.clone(),
            range,
            children: Vec::new(),
        }
    }
}

/// The outline of `path`.
pub fn document_symbols(source: &dyn Source, cache: &FactsCache, path: &Path) -> Vec<Symbol> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == SFDX_PROJECT {
        return source
            .read(path)
            .map(|t| sfdx(&json::parse(&t)))
            .unwrap_or_default();
    }
    if name == PACKAGE_JSON {
        return package_json(source, cache, path);
    }
    if path.extension().is_some_and(|e| e == "ts") {
        if let Some(root) = package_root_of(path) {
            return with_startos(&root, source, cache, |pkg| {
                pkg.ts_file(path)
                    .map(|f| startos(pkg, f))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        }
    }
    Vec::new()
}

/// The version graph of an index (its entries in order, each with the version it stands for), and
/// each `VersionInfo` of a version file with its version and migrations.
fn startos(pkg: &StartOsPackage, file: &TsFile) -> Vec<Symbol> {
    let mut out = Vec::new();
    for graph in &file.facts.version_graphs {
        let entries = graph
            .current
            .iter()
            .map(|id| (id, "current"))
            .chain(graph.other.iter().map(|id| (id, "other")));
        let children = entries
            .map(|(id, role)| {
                let version = match pkg.resolve(file, id) {
                    Resolution::Version(v) => v.info.version.as_ref().map(|l| l.value.clone()),
                    _ => None,
                };
                Symbol::leaf(
                    version.clone().unwrap_or_else(|| id.name.clone()),
                    Some(match version {
                        Some(_) => format!("{role}: {}", id.name),
                        None => format!("{role} (unresolved)"),
                    }),
                    SymbolKind::Constant,
                    id.range.clone(),
                )
            })
            .collect();
        out.push(Symbol {
            name: "versionGraph".into(),
            detail: Some(format!(
                "{} versions",
                graph.other.len() + usize::from(graph.current.is_some())
            )),
            kind: SymbolKind::Namespace,
            range: graph.range.clone(),
            selection: graph.range.start..graph.range.start,
            children,
        });
    }
    for info in &file.facts.version_infos {
        let mut children = Vec::new();
        if let Some(v) = &info.version {
            children.push(Symbol::leaf(
                "version",
                Some(v.value.clone()),
                SymbolKind::Field,
                v.node_range.clone(),
            ));
        }
        for key in &info.migration_range_keys {
            children.push(Symbol::leaf(
                format!("migration from {}", key.value),
                None,
                SymbolKind::Function,
                key.node_range.clone(),
            ));
        }
        if let Some(down) = &info.down {
            let detail = down.is_impossible.then(|| "IMPOSSIBLE".to_string());
            children.push(Symbol::leaf(
                "down",
                detail,
                SymbolKind::Function,
                down.range.clone(),
            ));
        }
        out.push(Symbol {
            name: info.binding.name.clone(),
            detail: info.version.as_ref().map(|v| v.value.clone()),
            kind: SymbolKind::Constant,
            range: info.binding.range.start.min(info.call_range.start)..info.call_range.end,
            selection: info.binding.range.clone(),
            children,
        });
    }
    out
}

/// `packageDirectories` (each package with its version, ancestor and dependencies) and
/// `packageAliases`.
fn sfdx(doc: &json::Document) -> Vec<Symbol> {
    let Some(root) = doc.root.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(dirs) = root.member("packageDirectories") {
        let children = dirs
            .value
            .as_ref()
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| {
                let name_node = entry.get("package").or_else(|| entry.get("path"))?;
                let mut children = Vec::new();
                for key in ["versionNumber", "ancestorVersion", "ancestorId"] {
                    if let Some(m) = entry.member(key) {
                        let v = m.value.as_ref().and_then(Node::as_str).map(String::from);
                        children.push(Symbol::leaf(key, v, SymbolKind::Field, m.range.clone()));
                    }
                }
                for dep in entry
                    .get("dependencies")
                    .map(Node::items)
                    .unwrap_or_default()
                {
                    let Some(package) = dep.get("package").and_then(Node::as_str) else {
                        continue;
                    };
                    let version = dep
                        .get("versionNumber")
                        .and_then(Node::as_str)
                        .map(String::from);
                    children.push(Symbol::leaf(
                        package,
                        version,
                        SymbolKind::Package,
                        dep.range.clone(),
                    ));
                }
                Some(Symbol {
                    name: name_node.as_str()?.to_string(),
                    detail: entry
                        .get("versionNumber")
                        .and_then(Node::as_str)
                        .map(String::from),
                    kind: SymbolKind::Package,
                    range: entry.range.clone(),
                    selection: name_node.range.clone(),
                    children,
                })
            })
            .collect();
        out.push(Symbol {
            name: "packageDirectories".into(),
            detail: None,
            kind: SymbolKind::Namespace,
            range: dirs.range.clone(),
            selection: dirs.key_range.clone(),
            children,
        });
    }
    if let Some(aliases) = root.member("packageAliases") {
        let children = aliases
            .value
            .as_ref()
            .map(Node::members)
            .unwrap_or_default()
            .iter()
            .map(|m| {
                let id = m.value.as_ref().and_then(Node::as_str).map(String::from);
                Symbol {
                    selection: m.key_range.clone(),
                    ..Symbol::leaf(m.key.clone(), id, SymbolKind::Key, m.range.clone())
                }
            })
            .collect();
        out.push(Symbol {
            name: "packageAliases".into(),
            detail: None,
            kind: SymbolKind::Namespace,
            range: aliases.range.clone(),
            selection: aliases.key_range.clone(),
            children,
        });
    }
    out
}

/// A `package.json`: the package (name and version) and its `workspace:` dependencies, each with
/// the range it is published as.
fn package_json(source: &dyn Source, cache: &FactsCache, path: &Path) -> Vec<Symbol> {
    let Ok(text) = source.read(path) else {
        return Vec::new();
    };
    let doc = cache.json.get(path, &text);
    let Some(root) = doc.root.as_ref() else {
        return Vec::new();
    };
    let Some(name) = root.member("name") else {
        return Vec::new();
    };
    let deps = workspace_deps::workspace_deps(source, cache, path);
    let children = deps
        .iter()
        .filter_map(|d| {
            let spec = &text[d.value.clone()];
            let dep_name = root_member_key_at(root, d.value.start)?;
            let detail = match &d.published {
                Some(p) => format!("{} → {p}", spec.trim_matches('"')),
                None => spec.trim_matches('"').to_string(),
            };
            Some(Symbol::leaf(
                dep_name,
                Some(detail),
                SymbolKind::Package,
                d.value.clone(),
            ))
        })
        .collect();
    vec![Symbol {
        name: name
            .value
            .as_ref()
            .and_then(Node::as_str)
            .unwrap_or("package")
            .to_string(),
        detail: root.get("version").and_then(Node::as_str).map(String::from),
        kind: SymbolKind::Package,
        range: root.range.clone(),
        selection: name.range.clone(),
        children,
    }]
}

/// The key of the dependency whose value starts at `offset`.
fn root_member_key_at(root: &Node, offset: usize) -> Option<String> {
    root.members()
        .iter()
        .filter_map(|m| m.value.as_ref())
        .flat_map(Node::members)
        .find(|m| m.value.as_ref().is_some_and(|v| v.range.start == offset))
        .map(|m| m.key.clone())
}

/// A version of a StartOS package, found by its version string (`2.3.2:1`), its export or its
/// file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    /// The package (folder name) and the file.
    pub container: String,
    pub target: Target,
}

pub fn workspace_symbols(
    source: &dyn Source,
    cache: &FactsCache,
    packages: &[PathBuf],
    query: &str,
) -> Vec<WorkspaceSymbol> {
    let norm = |s: &str| s.to_lowercase().replace(['_', ':', '-'], ".");
    let q = norm(query.trim().trim_start_matches('v'));
    let mut out = Vec::new();
    for root in packages {
        let package = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        with_startos(root, source, cache, |pkg| {
            for v in pkg.current().into_iter().chain(pkg.historical()) {
                let Some(lit) = &v.info.version else { continue };
                let stem = v
                    .file
                    .path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy();
                let hay = [lit.value.as_str(), &v.info.binding.name, &stem];
                if !q.is_empty() && !hay.iter().any(|h| norm(h).contains(&q)) {
                    continue;
                }
                out.push(WorkspaceSymbol {
                    name: lit.value.clone(),
                    container: format!(
                        "{package} · {}",
                        v.file
                            .path
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                    ),
                    target: Target {
                        path: v.file.path.clone(),
                        range: v.info.binding.range.clone(),
                    },
                });
            }
        });
    }
    out
}
