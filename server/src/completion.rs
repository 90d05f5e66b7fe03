//! Completion in StartOS version files: the next versions inside `current.ts`'s `version: '…'`,
//! and `releaseNotes` locale keys that other versions of the package use.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

use crate::actions::next_versions;
use crate::exver::{parse_exver, ExVer};
use crate::startos::StartOsPackage;
use crate::syntax::typescript::ReleaseNotes;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Version,
    Locale,
    Keyword,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub kind: ItemKind,
    /// The bytes the item replaces (the cursor is inside or at the end).
    pub replace: Range<usize>,
    pub insert: String,
}

/// The completions at `offset` of `path`, in the order to show them.
pub fn complete_at(pkg: &StartOsPackage, path: &Path, text: &str, offset: usize) -> Vec<Item> {
    let versions = next_version_items(pkg, path, offset);
    if !versions.is_empty() {
        return versions;
    }
    locale_items(pkg, path, text, offset)
}

/// Inside the value of `current.ts`'s version literal: what may come next. The base is the
/// literal when it parses, else (a version being retyped) the newest historical version.
fn next_version_items(pkg: &StartOsPackage, path: &Path, offset: usize) -> Vec<Item> {
    let Some(current) = pkg.current_ts().filter(|f| f.path == path) else {
        return Vec::new();
    };
    let Some(lit) = current
        .facts
        .version_infos
        .iter()
        .filter_map(|i| i.version.as_ref())
        .find(|l| l.range.start <= offset && offset <= l.range.end)
    else {
        return Vec::new();
    };
    let base = parse_exver(&lit.value)
        .ok()
        .or_else(|| newest_historical(pkg));
    let Some(base) = base else {
        return Vec::new();
    };
    next_versions(&base)
        .into_iter()
        .map(|n| Item {
            label: n.version.clone(),
            detail: format!("{} of {}", n.bump.describe(), base.text()),
            kind: ItemKind::Version,
            replace: lit.range.clone(),
            insert: n.version,
        })
        .collect()
}

fn newest_historical(pkg: &StartOsPackage) -> Option<ExVer> {
    pkg.historical()
        .iter()
        .filter_map(|v| v.version())
        .max_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal))
}

/// In a key position of a `releaseNotes: { … }` object of `path`: the locales the package's other
/// release notes use that this object lacks.
fn locale_items(pkg: &StartOsPackage, path: &Path, text: &str, offset: usize) -> Vec<Item> {
    let Some(file) = pkg.ts_file(path) else {
        return Vec::new();
    };
    let here = file
        .facts
        .version_infos
        .iter()
        .find_map(|i| match &i.release_notes {
            Some(ReleaseNotes::Locales { range, entries, .. })
                if range.start < offset && offset < range.end =>
            {
                Some(entries)
            }
            _ => None,
        });
    let Some(entries) = here else {
        return Vec::new();
    };
    // not inside a value
    if entries.iter().any(|(_, v)| {
        v.as_ref()
            .is_some_and(|v| v.node_range.start < offset && offset < v.node_range.end)
    }) {
        return Vec::new();
    }
    let word = word_before(text, offset);
    let present: BTreeSet<&str> = entries
        .iter()
        .map(|(k, _)| k.name.as_str())
        .filter(|k| !(word.start < word.end && text.get(word.clone()) == Some(*k)))
        .collect();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for f in pkg.version_files.iter() {
        for info in &f.facts.version_infos {
            if let Some(ReleaseNotes::Locales { entries, .. }) = &info.release_notes {
                used.extend(entries.iter().map(|(k, _)| k.name.clone()));
            }
        }
    }
    used.into_iter()
        .filter(|l| !present.contains(l.as_str()))
        .map(|l| Item {
            detail: "a locale the package's other release notes use".into(),
            kind: ItemKind::Locale,
            replace: word.clone(),
            insert: l.clone(),
            label: l,
        })
        .collect()
}

/// The identifier characters just before `offset` (the prefix being typed).
fn word_before(text: &str, offset: usize) -> Range<usize> {
    let before = &text[..offset.min(text.len())];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(offset, |(i, _)| i);
    start..offset
}

/// In `sfdx-project.json`: inside an `ancestorVersion` or `ancestorId` string the keywords, and
/// for a version the released non-patch versions of the package (from `packageAliases`) that are
/// lower than the one being created, for an id the `packageAliases` names of those versions;
/// inside a `versionNumber` the build keywords of its place; inside a dependency's `package` the
/// `packageAliases` names.
pub fn complete_sfdx(project: &crate::salesforce::SfdxProject, offset: usize) -> Vec<Item> {
    use crate::salesforce::{alias_version, parse_version_number, VersionPlace};
    let inside = |node: Option<&crate::syntax::json::Node>| {
        node.filter(|n| n.as_str().is_some())
            .map(|n| n.inner_range())
            .filter(|r| r.start <= offset && offset <= r.end)
    };
    let aliases: Vec<&str> = project
        .doc
        .root
        .as_ref()
        .and_then(|r| r.get("packageAliases"))
        .map(|a| a.members().iter().map(|m| m.key.as_str()).collect())
        .unwrap_or_default();
    for dir in project.package_dirs() {
        if let Some(inner) = inside(dir.version_number) {
            return build_keywords(project, inner, VersionPlace::Package, &[]);
        }
        for dep in dir.entry.get("dependencies").map_or(&[][..], |d| d.items()) {
            if let Some(inner) = inside(dep.get("versionNumber")) {
                let package = dep.get("package").and_then(|p| p.as_str()).unwrap_or("");
                let released = project.aliased_versions(package);
                return build_keywords(project, inner, VersionPlace::Dependency, &released);
            }
            if let Some(inner) = inside(dep.get("package")) {
                // the packages first (`Base`), then single versions (`Base@2.1.0-1`)
                let mut names = aliases.clone();
                names.sort_by_key(|n| (n.contains('@'), *n));
                return names
                    .into_iter()
                    .map(|name| Item {
                        label: name.into(),
                        detail: "packageAliases".into(),
                        kind: ItemKind::Keyword,
                        replace: inner.clone(),
                        insert: name.into(),
                    })
                    .collect();
            }
        }
        for (node, is_version) in [(dir.ancestor_version, true), (dir.ancestor_id, false)] {
            let Some(node) = node.filter(|n| n.as_str().is_some()) else {
                continue;
            };
            let inner = node.inner_range();
            if !(inner.start <= offset && offset <= inner.end) {
                continue;
            }
            let keyword = |label: &str, detail: &str| Item {
                label: label.into(),
                detail: detail.into(),
                kind: ItemKind::Keyword,
                replace: inner.clone(),
                insert: label.into(),
            };
            let mut items = vec![
                keyword("HIGHEST", "the highest released, non-patch version"),
                keyword(
                    "NONE",
                    "no ancestor: breaks the upgrade path of every earlier version",
                ),
            ];
            if !is_version {
                // the `packageAliases` names of this package's released versions, newest first
                let name = dir.name.and_then(|n| n.as_str()).unwrap_or("");
                let mut named: Vec<(&str, (u64, u64, u64))> = aliases
                    .iter()
                    .filter_map(|a| {
                        alias_version(a)
                            .filter(|(n, _)| *n == name)
                            .map(|(_, v)| (*a, v))
                    })
                    .collect();
                named.sort_by_key(|n| std::cmp::Reverse(n.1));
                items.extend(named.into_iter().map(|(alias, _)| Item {
                    label: alias.into(),
                    detail: "a released version (packageAliases)".into(),
                    kind: ItemKind::Version,
                    replace: inner.clone(),
                    insert: alias.into(),
                }));
            }
            if is_version {
                let own = dir
                    .version_number
                    .and_then(|v| v.as_str())
                    .and_then(|v| parse_version_number(v, VersionPlace::Package).ok());
                let name = dir.name.and_then(|n| n.as_str()).unwrap_or("");
                let mut released: Vec<(u64, u64, u64)> = project
                    .aliased_versions(name)
                    .into_iter()
                    .filter(|v| v.2 == 0 && own.is_none_or(|o| *v < o.triple()))
                    .collect();
                released.sort_by(|a, b| b.cmp(a));
                released.dedup();
                items.extend(released.into_iter().map(|(a, b, c)| Item {
                    label: format!("{a}.{b}.{c}"),
                    detail: "a released version (packageAliases)".into(),
                    kind: ItemKind::Version,
                    replace: inner.clone(),
                    insert: format!("{a}.{b}.{c}"),
                }));
            }
            return items;
        }
    }
    Vec::new()
}

/// Inside a `versionNumber`: the value with each build keyword of its place (`NEXT` for a
/// package's own version; `LATEST`, `RELEASED` for a dependency), on the major.minor.patch typed so
/// far, else on the dependency's released versions.
fn build_keywords(
    project: &crate::salesforce::SfdxProject,
    inner: Range<usize>,
    place: crate::salesforce::VersionPlace,
    released: &[(u64, u64, u64)],
) -> Vec<Item> {
    use crate::salesforce::VersionPlace;
    let typed = project.text.get(inner.clone()).unwrap_or("");
    let numbers: Vec<&str> = typed
        .split('.')
        .take(3)
        .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let mut bases: Vec<String> = Vec::new();
    if numbers.len() == 3 {
        bases.push(numbers.join("."));
    }
    let mut released = released.to_vec();
    released.sort_by(|a, b| b.cmp(a));
    bases.extend(
        released
            .iter()
            .take(3)
            .map(|(a, b, c)| format!("{a}.{b}.{c}")),
    );
    bases.dedup();
    let keywords: &[(&str, &str)] = match place {
        VersionPlace::Package => &[(
            "NEXT",
            "the next build, numbered when the version is created",
        )],
        VersionPlace::Dependency => &[
            ("LATEST", "the newest build, released or beta"),
            ("RELEASED", "the newest released build"),
        ],
    };
    bases
        .iter()
        .flat_map(|base| {
            let inner = inner.clone();
            keywords.iter().map(move |(k, detail)| Item {
                label: format!("{base}.{k}"),
                detail: (*detail).into(),
                kind: ItemKind::Keyword,
                replace: inner.clone(),
                insert: format!("{base}.{k}"),
            })
        })
        .collect()
}

/// Inside the string of a Peers `versionFollowRange` or `followVersionTags` (in a definition or in
/// `package.json`'s `peers`): the values the platform knows.
pub fn complete_peers(pkg: &crate::npm::NpmPackage, path: &Path, offset: usize) -> Vec<Item> {
    use crate::rules::{pe003_invalid_follow_range as range, pe004_invalid_follow_tags as tags};
    for (key, values, detail) in [
        ("versionFollowRange", range::VALUES, "auto-update range"),
        (
            "followVersionTags",
            tags::VALUES,
            "release channels to follow",
        ),
    ] {
        let here = pkg
            .peers_settings(key)
            .into_iter()
            .find(|(p, _, r)| p == path && r.start <= offset && offset <= r.end);
        if let Some((_, _, replace)) = here {
            return values
                .iter()
                .map(|v| Item {
                    label: v.to_string(),
                    detail: detail.into(),
                    kind: ItemKind::Keyword,
                    replace: replace.clone(),
                    insert: v.to_string(),
                })
                .collect();
        }
    }
    Vec::new()
}
