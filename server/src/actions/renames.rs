//! Renames that keep a package's imports intact: a version's export (with its uses in the files
//! that import it), and a version file (with the import paths that load it).

use std::path::Path;

use crate::diagnostic::Change;
use crate::startos::{StartOsPackage, TsFile};
use crate::syntax::identifiers::rename_edits;

fn edits_of(path: &Path, edits: Vec<(std::ops::Range<usize>, String)>) -> Vec<Change> {
    edits
        .into_iter()
        .map(|(range, new_text)| Change::Edit {
            path: path.to_path_buf(),
            range,
            new_text,
        })
        .collect()
}

/// Renames the export `old` of `file` to `new`, in `file` and in every file that imports it.
pub fn rename_export(
    pkg: &StartOsPackage,
    file: &TsFile,
    old: &str,
    new: &str,
) -> Result<Vec<Change>, String> {
    let why = |f: &TsFile, e: String| format!("{}: {e}", f.path.display());
    let mut changes = edits_of(
        &file.path,
        rename_edits(&file.text, old, new).map_err(|e| why(file, e))?,
    );
    let mut done: Vec<&Path> = vec![&file.path];
    for (importer, import) in pkg.importers_of(&file.path) {
        let Some(name) = import.names.iter().find(|n| n.imported == old) else {
            continue;
        };
        if done.contains(&importer.path.as_path()) {
            continue;
        }
        let edits = if name.local.name == old {
            rename_edits(&importer.text, old, new).map_err(|e| why(importer, e))?
        } else {
            // `import { old as alias }`: only the imported name changes
            let range = name
                .imported_range
                .clone()
                .ok_or_else(|| why(importer, "import not found".into()))?;
            vec![(range, new.to_string())]
        };
        changes.extend(edits_of(&importer.path, edits));
        done.push(&importer.path);
    }
    Ok(changes)
}

/// Renames `file` to `<new_stem>.ts` beside it, and rewrites the import paths that load it.
/// Refused when the target exists.
pub fn rename_version_file(
    pkg: &StartOsPackage,
    file: &TsFile,
    new_stem: &str,
) -> Result<Vec<Change>, String> {
    let old_stem = file
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("the file has no name")?;
    let target = file.path.with_file_name(format!("{new_stem}.ts"));
    if pkg.ts_file(&target).is_some() || target.exists() {
        return Err(format!("{} already exists", target.display()));
    }
    let mut changes = vec![Change::Rename {
        from: file.path.clone(),
        to: target,
    }];
    for (importer, import) in pkg.importers_of(&file.path) {
        let spec = &import.source;
        let (dir, last) = spec.value.rsplit_once('/').unwrap_or(("", &spec.value));
        let ext = last
            .strip_prefix(old_stem)
            .filter(|e| e.is_empty() || *e == ".js" || *e == ".ts");
        let Some(ext) = ext else {
            return Err(format!(
                "{}: cannot rewrite the import path `{}`",
                importer.path.display(),
                spec.value
            ));
        };
        let value = if spec.value.contains('/') {
            format!("{dir}/{new_stem}{ext}")
        } else {
            format!("{new_stem}{ext}")
        };
        changes.push(Change::Edit {
            path: importer.path.clone(),
            range: spec.range.clone(),
            new_text: value,
        });
    }
    Ok(changes)
}
