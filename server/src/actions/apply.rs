//! Applying changes to file contents in memory: what a client does with a `WorkspaceEdit`, and
//! what `check --fix` does before it writes. Nothing here touches the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Change;

/// The end state of every path the changes touch: `Some(text)`, or `None` for a path that no
/// longer exists (renamed away). Consecutive edits of one file are one batch, with ranges that
/// refer to the file as it was before the batch (as in an LSP `TextDocumentEdit`).
pub fn apply(
    changes: &[Change],
    read: impl Fn(&Path) -> Option<String>,
) -> Result<BTreeMap<PathBuf, Option<String>>, String> {
    let mut files: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let current = |files: &mut BTreeMap<PathBuf, Option<String>>, p: &Path| {
        files
            .entry(p.to_path_buf())
            .or_insert_with(|| read(p))
            .clone()
    };
    let mut i = 0;
    while i < changes.len() {
        match &changes[i] {
            Change::Edit { path, .. } => {
                let mut batch: Vec<(&std::ops::Range<usize>, &str)> = Vec::new();
                while let Some(Change::Edit {
                    path: p,
                    range,
                    new_text,
                }) = changes.get(i)
                {
                    if p != path {
                        break;
                    }
                    batch.push((range, new_text));
                    i += 1;
                }
                let mut text = current(&mut files, path)
                    .ok_or_else(|| format!("{}: no such file to edit", path.display()))?;
                batch.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
                let mut floor = usize::MAX;
                for (range, new_text) in batch {
                    if range.start > range.end
                        || range.end > text.len()
                        || range.end > floor
                        || !text.is_char_boundary(range.start)
                        || !text.is_char_boundary(range.end)
                    {
                        return Err(format!(
                            "{}: edits overlap or fall outside the file",
                            path.display()
                        ));
                    }
                    text.replace_range(range.clone(), new_text);
                    floor = range.start;
                }
                files.insert(path.clone(), Some(text));
                continue;
            }
            Change::Rename { from, to } => {
                let text = current(&mut files, from)
                    .ok_or_else(|| format!("{}: no such file to rename", from.display()))?;
                if current(&mut files, to).is_some() {
                    return Err(format!("{} already exists", to.display()));
                }
                files.insert(from.clone(), None);
                files.insert(to.clone(), Some(text));
            }
            Change::Create { path, text } => {
                if current(&mut files, path).is_some() {
                    return Err(format!("{} already exists", path.display()));
                }
                files.insert(path.clone(), Some(text.clone()));
            }
        }
        i += 1;
    }
    Ok(files)
}
