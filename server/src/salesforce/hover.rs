//! Hover in `sfdx-project.json`: what a package's `versionNumber` means (its parts, the kind of
//! version, the ancestor it builds on and how that was resolved, the released versions), what an
//! `ancestorVersion` / `ancestorId` resolves to, and what a dependency entry names. Read from the
//! buffer as it is, like every other view.

use std::ops::Range;

use super::{
    alias_version, looks_like_id, parse_version_number, Ancestor, Build, PackageDir, SfdxProject,
    VersionPlace,
};
use crate::syntax::json::Node;

fn at(node: Option<&Node>, offset: usize) -> Option<&Node> {
    node.filter(|n| n.range.start <= offset && offset <= n.range.end)
}

fn triple((a, b, c): (u64, u64, u64)) -> String {
    format!("{a}.{b}.{c}")
}

/// The hover at `offset`: the range it is about and its Markdown.
pub fn hover(project: &SfdxProject, offset: usize) -> Option<(Range<usize>, String)> {
    for dir in project.package_dirs() {
        if let Some(node) = at(dir.version_number, offset) {
            return Some((node.range.clone(), version_number(project, &dir, node)?));
        }
        for node in [dir.ancestor_version, dir.ancestor_id] {
            if let Some(node) = at(node, offset) {
                return Some((node.range.clone(), ancestor(project, &dir, node)?));
            }
        }
        let deps = dir
            .entry
            .get("dependencies")
            .map(Node::items)
            .unwrap_or(&[]);
        for dep in deps {
            for node in [dep.get("package"), dep.get("versionNumber")] {
                if let Some(node) = at(node, offset) {
                    return Some((node.range.clone(), dependency(project, dep)?));
                }
            }
        }
    }
    None
}

/// The released versions of a package named in `packageAliases`, newest first.
fn released(project: &SfdxProject, package: &str) -> Vec<(u64, u64, u64)> {
    let mut v = project.aliased_versions(package);
    v.sort_by(|a, b| b.cmp(a));
    v.dedup();
    v
}

/// How the ancestor of `dir` is resolved, in one line; `None` when it names none.
fn ancestry_line(project: &SfdxProject, dir: &PackageDir<'_>) -> Option<String> {
    let package = dir.name.and_then(Node::as_str).unwrap_or("");
    if let Some(resolved) = project.ancestor(dir) {
        let how = if resolved.from_alias {
            let id = dir.ancestor_id.and_then(Node::as_str).unwrap_or("");
            if looks_like_id(id) {
                format!("`ancestorId` {id}, the id `packageAliases` gives a name with that version")
            } else {
                format!(
                    "`ancestorId` `{id}` (packageAliases: {})",
                    alias_target(project, id).unwrap_or("?")
                )
            }
        } else {
            "`ancestorVersion`".to_string()
        };
        return Some(format!(
            "ancestor: **{}**, from {how}",
            triple(resolved.version)
        ));
    }
    let keyword = dir
        .ancestor_version
        .or(dir.ancestor_id)
        .and_then(Node::as_str)?;
    Some(match keyword {
        "HIGHEST" => match released(project, package).first() {
            Some(v) => format!(
                "ancestor: `HIGHEST`, the highest released version: {} per packageAliases",
                triple(*v)
            ),
            None => {
                "ancestor: `HIGHEST`, the highest released version (none named in packageAliases)"
                    .into()
            }
        },
        "NONE" => "ancestor: `NONE`: this version starts a new upgrade path".into(),
        other => format!("ancestor: `{other}` (not resolved from packageAliases)"),
    })
}

/// What a `packageAliases` name maps to.
fn alias_target<'a>(project: &'a SfdxProject, alias: &str) -> Option<&'a str> {
    project
        .doc
        .root
        .as_ref()?
        .get("packageAliases")?
        .get(alias)?
        .as_str()
}

fn version_number(project: &SfdxProject, dir: &PackageDir<'_>, node: &Node) -> Option<String> {
    let text = node.as_str()?;
    let package = dir.name.and_then(Node::as_str);
    let mut lines = vec![match package {
        Some(p) => format!("**{p}** `{text}`"),
        None => format!("`{text}`"),
    }];
    // a malformed one: SF004 says why, above
    if let Ok(v) = parse_version_number(text, VersionPlace::Package) {
        let build = match v.build {
            Build::Next => {
                "`NEXT` (the next build number, given when `sf package version create` runs)"
                    .to_string()
            }
            Build::Number(n) => n.to_string(),
            Build::Latest | Build::Released => String::new(),
        };
        lines.push(format!(
            "major {} · minor {} · patch {} · build {build}",
            v.major, v.minor, v.patch
        ));
        lines.push(if v.patch == 0 {
            "a major or minor version: its ancestor must be a released version lower than it".into()
        } else {
            format!(
                "a patch version: it shares the upgrade path of {}.{}.0, and its ancestor is a \
                     version of {}.{}",
                v.major, v.minor, v.major, v.minor
            )
        });
    }
    if let Some(line) = ancestry_line(project, dir) {
        lines.push(line);
    }
    if let Some(p) = package {
        let versions = released(project, p);
        if !versions.is_empty() {
            let shown: Vec<String> = versions.iter().take(6).map(|v| triple(*v)).collect();
            let more = versions.len().saturating_sub(6);
            lines.push(format!(
                "released (packageAliases): {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
    }
    Some(lines.join("\n\n"))
}

fn ancestor(project: &SfdxProject, dir: &PackageDir<'_>, node: &Node) -> Option<String> {
    let text = node.as_str()?;
    let package = dir.name.and_then(Node::as_str).unwrap_or("the package");
    let is_version = dir.ancestor_version.is_some_and(|n| std::ptr::eq(n, node));
    let parsed = if is_version {
        Ancestor::parse_version(text)
    } else {
        Ancestor::parse_id(text)
    };
    let field = if is_version {
        "ancestorVersion"
    } else {
        "ancestorId"
    };
    let mut lines = vec![format!("`{field}` `{text}`")];
    match parsed {
        Ancestor::Highest => {
            lines.push(format!(
                "`HIGHEST`: the highest released, non-patch version of {package}"
            ));
            if let Some(v) = released(project, package).first() {
                lines.push(format!("per packageAliases: **{}**", triple(*v)));
            }
        }
        Ancestor::None => lines.push(
            "`NONE`: no ancestor; this version starts a new upgrade path, and subscribers on \
             earlier versions cannot upgrade to it"
                .into(),
        ),
        Ancestor::Version(a, b, c) => {
            let named = released(project, package).contains(&(a, b, c));
            lines.push(format!(
                "the version this one builds on: **{a}.{b}.{c}**{}",
                if named {
                    " (released: named in packageAliases)"
                } else {
                    " (not named in packageAliases)"
                }
            ));
        }
        Ancestor::Id(id) => match project.ancestor(dir) {
            Some(resolved) if looks_like_id(&id) => lines.push(format!(
                "a package version id; packageAliases names it with version **{}**",
                triple(resolved.version)
            )),
            Some(resolved) => lines.push(format!(
                "a packageAliases name: {} (version **{}**)",
                alias_target(project, &id).unwrap_or("?"),
                triple(resolved.version)
            )),
            None if looks_like_id(&id) => {
                lines.push("a package version id that no packageAliases name maps to".into())
            }
            None if alias_version(&id).is_some() => {
                lines.push("a name with a version, but not a key of packageAliases".into())
            }
            None => lines.push("neither a package version id nor a packageAliases name".into()),
        },
        Ancestor::Invalid => lines.push(format!(
            "not a valid {field}: `HIGHEST`, `NONE`, {}",
            if is_version {
                "or major.minor.patch[.build]"
            } else {
                "a package version id (04t…) or a packageAliases name"
            }
        )),
    }
    Some(lines.join("\n\n"))
}

fn dependency(project: &SfdxProject, dep: &Node) -> Option<String> {
    let package = dep.get("package").and_then(Node::as_str)?;
    let mut lines = vec![format!("dependency **{package}**")];
    match alias_target(project, package) {
        Some(id) if id.starts_with("04t") => lines.push(format!(
            "packageAliases: {id}, one package version{}",
            alias_version(package)
                .map(|(_, v)| format!(" ({})", triple(v)))
                .unwrap_or_default()
        )),
        Some(id) => lines.push(format!("packageAliases: {id}, the package")),
        None => lines.push("not a key of packageAliases".into()),
    }
    if let Some(v) = dep.get("versionNumber").and_then(Node::as_str) {
        let meaning = match parse_version_number(v, VersionPlace::Dependency) {
            Ok(n) => match n.build {
                Build::Latest => format!(
                    "`LATEST`: the newest build of {}.{}.{}, released or beta",
                    n.major, n.minor, n.patch
                ),
                Build::Released => format!(
                    "`RELEASED`: the newest released (promoted) build of {}.{}.{}",
                    n.major, n.minor, n.patch
                ),
                Build::Number(b) => {
                    format!("exactly build {b} of {}.{}.{}", n.major, n.minor, n.patch)
                }
                Build::Next => String::new(),
            },
            Err(why) => format!("not a dependency version: {why}"),
        };
        lines.push(format!("`{v}`: {meaning}"));
    }
    Some(lines.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(text: &str) -> SfdxProject {
        SfdxProject {
            path: "sfdx-project.json".into(),
            text: text.into(),
            doc: crate::syntax::json::parse(text),
            managed_names: Vec::new(),
        }
    }

    const TEXT: &str = r#"{
  "packageDirectories": [
    { "path": "app", "package": "Insp", "versionNumber": "1.3.0.NEXT", "ancestorId": "Insp@1.2.0-1",
      "dependencies": [{ "package": "Base", "versionNumber": "2.1.0.RELEASED" }] },
    { "path": "x", "package": "Other", "versionNumber": "2.0.1.NEXT", "ancestorVersion": "HIGHEST" }
  ],
  "packageAliases": { "Insp": "0Ho000000000001AAA", "Insp@1.2.0-1": "04t000000000001AAA",
    "Insp@1.1.0-2": "04t000000000002AAA", "Base": "0Ho000000000002AAA", "Other@2.0.0-1": "04t000000000003AAA" }
}"#;

    fn at_text(needle: &str) -> String {
        let p = project(TEXT);
        hover(&p, TEXT.find(needle).unwrap() + 1).unwrap().1
    }

    #[test]
    fn a_version_number_tells_its_parts_its_ancestry_and_the_releases() {
        let h = at_text("\"1.3.0.NEXT\"");
        assert!(
            h.contains("major 1 · minor 3 · patch 0 · build `NEXT`"),
            "{h}"
        );
        assert!(
            h.contains("ancestor: **1.2.0**, from `ancestorId` `Insp@1.2.0-1`"),
            "{h}"
        );
        assert!(h.contains("04t000000000001AAA"), "{h}");
        assert!(h.contains("released (packageAliases): 1.2.0, 1.1.0"), "{h}");
        let patch = at_text("\"2.0.1.NEXT\"");
        assert!(
            patch.contains("a patch version: it shares the upgrade path of 2.0.0"),
            "{patch}"
        );
        assert!(
            patch.contains("`HIGHEST`, the highest released version: 2.0.0"),
            "{patch}"
        );
    }

    #[test]
    fn ancestors_and_dependencies_say_what_they_resolve_to() {
        let h = at_text("\"Insp@1.2.0-1\",");
        assert!(
            h.contains("a packageAliases name: 04t000000000001AAA (version **1.2.0**)"),
            "{h}"
        );
        let h = at_text("\"HIGHEST\"");
        assert!(h.contains("per packageAliases: **2.0.0**"), "{h}");
        let h = at_text("\"Base\", \"versionNumber\"");
        assert!(
            h.contains("packageAliases: 0Ho000000000002AAA, the package"),
            "{h}"
        );
        assert!(
            h.contains("`RELEASED`: the newest released (promoted) build of 2.1.0"),
            "{h}"
        );
    }
}
