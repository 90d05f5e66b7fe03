//! Renames that keep a package's version graph intact: a version's export from the code
//! (`textDocument/rename`), and a version file renamed in the editor's file tree
//! (`workspace/willRenameFiles`: its export follows its new name, and the imports follow both).

use std::ops::Range;
use std::path::Path;

use super::within;
use crate::actions::{rename_export, rename_version_file};
use crate::diagnostic::Change;
use crate::startos::names;
use crate::startos::package::{Resolution, TsFile};
use crate::startos::{StartOsPackage, VersionRef};

/// The version export under `offset` in `path` (its binding, an import of it, or a graph entry),
/// with the range of the name under the cursor.
fn version_at<'a>(
    pkg: &'a StartOsPackage,
    path: &Path,
    offset: usize,
) -> Option<(VersionRef<'a>, Range<usize>)> {
    let file = pkg.ts_file(path)?;
    if let Some(info) = file
        .facts
        .version_infos
        .iter()
        .find(|i| within(&i.binding.range, offset))
    {
        return Some((VersionRef { file, info }, info.binding.range.clone()));
    }
    let ids = file
        .facts
        .version_graphs
        .iter()
        .flat_map(|g| g.current.iter().chain(&g.other))
        .chain(
            file.facts
                .imports
                .iter()
                .flat_map(|i| i.names.iter().map(|n| &n.local)),
        );
    for id in ids {
        if within(&id.range, offset) {
            if let Resolution::Version(v) = pkg.resolve(file, id) {
                return Some((v, id.range.clone()));
            }
        }
    }
    None
}

fn is_current_ts(file: &TsFile) -> bool {
    file.path.file_name().is_some_and(|n| n == "current.ts")
}

/// What a rename at `offset` would rename: the range and the name now; `Err` says why it cannot.
pub fn prepare_rename(
    pkg: &StartOsPackage,
    path: &Path,
    offset: usize,
) -> Result<Option<(Range<usize>, String)>, String> {
    let Some((v, range)) = version_at(pkg, path, offset) else {
        return Ok(None);
    };
    if !v.info.exported {
        return Ok(None);
    }
    if is_current_ts(v.file) && v.info.binding.name == "current" {
        return Err("current.ts's version must be exported as `current` (SO001)".into());
    }
    let file = pkg.ts_file(path).ok_or("not a file of the package")?;
    Ok(Some((range.clone(), file.text[range].to_string())))
}

/// Rename the version export under `offset` to `new_name`, with its imports and graph entries.
pub fn rename(
    pkg: &StartOsPackage,
    path: &Path,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Change>, String> {
    prepare_rename(pkg, path, offset)?.ok_or("nothing to rename here")?;
    let (v, _) = version_at(pkg, path, offset).ok_or("nothing to rename here")?;
    let valid = new_name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && new_name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if !valid {
        return Err(format!("`{new_name}` is not an identifier"));
    }
    Ok(by_file(rename_export(
        pkg,
        v.file,
        &v.info.binding.name,
        new_name,
    )?))
}

/// The edits that go with renaming the version file `from` to `to` in the editor: the import
/// paths that load it, and its export renamed to the convention when the new name is the
/// version the file holds (a name that says another version leaves the export as it is: the
/// file then has one finding, the name, not a second one for the export). Nothing for files
/// that are not version files, `current.ts` or `index.ts`, or a move to another folder.
pub fn will_rename_file(pkg: &StartOsPackage, from: &Path, to: &Path) -> Vec<Change> {
    let Some(file) = pkg.version_files.iter().find(|f| f.path == from) else {
        return Vec::new();
    };
    if is_current_ts(file) || from.parent() != to.parent() {
        return Vec::new();
    }
    let Some(new_stem) = to
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".ts"))
    else {
        return Vec::new();
    };
    let mut changes: Vec<Change> = rename_version_file(pkg, file, new_stem)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| matches!(c, Change::Edit { .. })) // the editor moves the file itself
        .collect();
    if let [info] = file.facts.version_infos.as_slice() {
        let held = VersionRef { file, info }.version();
        let named = names::decode(new_stem);
        let export = match (&held, &named) {
            (Some(v), Some(n)) if n.matches(v) => Some(v.export_name()),
            _ => None,
        };
        if let Some(export) = export.filter(|e| *e != info.binding.name && info.exported) {
            changes
                .extend(rename_export(pkg, file, &info.binding.name, &export).unwrap_or_default());
        }
    }
    by_file(changes)
}

/// Edits of one file next to each other (each file's ranges refer to its text before any edit),
/// files in a stable order.
fn by_file(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by(|a, b| match (a, b) {
        (Change::Edit { path: p, .. }, Change::Edit { path: q, .. }) => p.cmp(q),
        _ => std::cmp::Ordering::Equal,
    });
    changes.dedup();
    changes
}
