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
