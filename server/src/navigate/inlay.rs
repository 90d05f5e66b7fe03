//! Inlay hints: the version each graph entry stands for (and where the order breaks), what
//! `ancestorVersion: "HIGHEST"` resolves to, and the range a `workspace:` dependency is
//! published as.

use std::cmp::Ordering;
use std::path::Path;

use super::workspace_deps::workspace_deps;
use crate::analysis::with_startos;
use crate::exver::ExVer;
use crate::salesforce::{Ancestor, SfdxProject};
use crate::startos::package::Resolution;
use crate::startos::StartOsPackage;
use crate::syntax::json::Node;
use crate::workspace::files::{package_root_of, PACKAGE_JSON, SFDX_PROJECT};
use crate::workspace::{FactsCache, Source};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Shown after this byte.
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

pub fn inlay_hints(source: &dyn Source, cache: &FactsCache, path: &Path) -> Vec<Hint> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == PACKAGE_JSON {
        return workspace_deps(source, cache, path)
            .into_iter()
            .filter_map(|d| {
                Some(Hint {
                    offset: d.value.end,
                    label: format!("→ {}", d.published?),
                    tooltip: Some("the range this dependency is published as".into()),
                })
            })
            .collect();
    }
    if name == SFDX_PROJECT {
        return SfdxProject::load(path, source)
            .map(|p| ancestors(&p))
            .unwrap_or_default();
    }
    if path.extension().is_some_and(|e| e == "ts") {
        if let Some(root) = package_root_of(path) {
            return with_startos(&root, source, cache, |pkg| graph(pkg, path)).unwrap_or_default();
        }
    }
    Vec::new()
}

/// After each graph entry, its version; where `other` breaks the order the rest of it follows
/// (newest first, or oldest first), a marker.
fn graph(pkg: &StartOsPackage, path: &Path) -> Vec<Hint> {
    let Some(file) = pkg.ts_file(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for g in &file.facts.version_graphs {
        let version_of = |id| match pkg.resolve(file, id) {
            Resolution::Version(v) => v.version(),
            _ => None,
        };
        if let Some(id) = &g.current {
            if let Some(v) = version_of(id) {
                out.push(hint(id.range.end, v.text(), None));
            }
        }
        let other: Vec<(usize, Option<ExVer>)> = g
            .other
            .iter()
            .map(|id| (id.range.end, version_of(id)))
            .collect();
        let order = |a: &ExVer, b: &ExVer| a.compare(b);
        let pairs: Vec<Option<Ordering>> = other
            .windows(2)
            .map(|w| match (&w[0].1, &w[1].1) {
                (Some(a), Some(b)) => order(a, b),
                _ => None,
            })
            .collect();
        let newest_first = pairs
            .iter()
            .filter(|o| **o == Some(Ordering::Greater))
            .count()
            >= pairs.iter().filter(|o| **o == Some(Ordering::Less)).count();
        let expected = if newest_first {
            Ordering::Greater
        } else {
            Ordering::Less
        };
        for (i, (end, v)) in other.iter().enumerate() {
            let Some(v) = v else { continue };
            let broken = i > 0 && pairs[i - 1].is_some_and(|o| o != expected);
            if broken {
                let way = if newest_first {
                    "newest first"
                } else {
                    "oldest first"
                };
                out.push(hint(
                    *end,
                    format!("{} ⚠ out of order", v.text()),
                    Some(format!("the other entries are listed {way}")),
                ));
            } else {
                out.push(hint(*end, v.text(), None));
            }
        }
    }
    out
}

fn hint(offset: usize, label: String, tooltip: Option<String>) -> Hint {
    Hint {
        offset,
        label,
        tooltip,
    }
}

/// `ancestorVersion: "HIGHEST"` → the highest released version `packageAliases` names for the
/// package; an `ancestorId` (a `packageAliases` name, or a `04t` id one maps to) → its version.
fn ancestors(project: &SfdxProject) -> Vec<Hint> {
    let dirs = project.package_dirs();
    let highest = dirs.iter().filter_map(|dir| {
        let node = dir.ancestor_version?;
        if Ancestor::parse_version(node.as_str()?) != Ancestor::Highest {
            return None;
        }
        let package = dir.name.and_then(Node::as_str)?;
        let (a, b, c) = project.aliased_versions(package).into_iter().max()?;
        Some(hint(
            node.range.end,
            format!("→ {a}.{b}.{c}"),
            Some(format!(
                "the highest released version of {package} in packageAliases"
            )),
        ))
    });
    let by_id = dirs.iter().filter_map(|dir| {
        let node = dir.ancestor_id?;
        let (a, b, c) = project.ancestor(dir).filter(|r| r.from_alias)?.version;
        Some(hint(
            node.range.end,
            format!("→ {a}.{b}.{c}"),
            Some("the version packageAliases names for this ancestorId".into()),
        ))
    });
    highest.chain(by_id).collect()
}
