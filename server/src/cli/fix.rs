//! `check --fix`: every safe fix, written to disk atomically (a temporary file beside the target,
//! then a rename), and only to files inside the paths given on the command line.
//!
//! Safe fixes are text edits inside the file of their finding. Fixes that overlap one already
//! taken wait for the next pass, on the re-analysed text; passes stop when nothing more applies.
//! A file that changes on disk while this runs is left alone and reported.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::run_check;
use crate::actions::apply::apply;
use crate::actions::fix_all;

/// Enough for fixes that uncover or unblock one another; each pass must make progress.
const MAX_PASSES: usize = 8;

#[derive(Debug, Default)]
pub struct FixReport {
    /// Fixes applied.
    pub fixed: usize,
    /// Files written.
    pub files: BTreeSet<PathBuf>,
    /// What could not be fixed, and why.
    pub problems: Vec<String>,
}

/// Applies every safe fix under `paths`, until none is left.
pub fn fix_paths(paths: &[PathBuf]) -> FixReport {
    let allowed: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut report = FixReport::default();
    let mut skipped: BTreeSet<PathBuf> = BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let started = SystemTime::now();
        let result = run_check(paths);
        let files: BTreeSet<&PathBuf> = result
            .diagnostics
            .iter()
            .filter(|d| d.fixes.iter().any(|f| f.safe))
            .map(|d| &d.path)
            .collect();
        let mut progress = false;
        for path in files {
            if skipped.contains(path) {
                continue;
            }
            let Some((fix, count)) = fix_all(&result.diagnostics, path) else {
                continue;
            };
            match fix_file(path, &fix.changes, &allowed, started) {
                Ok(()) => {
                    report.fixed += count;
                    report.files.insert(path.clone());
                    progress = true;
                }
                Err(why) => {
                    report
                        .problems
                        .push(format!("{}: not fixed: {why}", path.display()));
                    skipped.insert(path.clone());
                }
            }
        }
        if !progress {
            break;
        }
    }
    report
}

fn fix_file(
    path: &Path,
    changes: &[crate::diagnostic::Change],
    allowed: &[PathBuf],
    analysed_after: SystemTime,
) -> Result<(), String> {
    // the real file, so a symbolic link is written through, not replaced, and only when its
    // target is inside the given paths too
    let real = path.canonicalize().map_err(|e| e.to_string())?;
    if !allowed.iter().any(|a| real.starts_with(a)) {
        return Err("outside the paths given to check".into());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if meta.modified().is_ok_and(|m| m >= analysed_after) {
        return Err("the file changed while it was being checked".into());
    }
    let before = std::fs::read_to_string(&real).map_err(|e| e.to_string())?;
    let after = apply(changes, |p| (p == path).then(|| before.clone()))?;
    let Some(Some(text)) = after.get(path) else {
        return Err("the fix does not leave the file in place".into());
    };
    if after.len() != 1 {
        return Err("the fix touches other files".into());
    }
    write_atomically(&real, text, &meta, &before)
}

/// Writes `text` to a new file beside `path` and renames it over `path`, keeping its permissions;
/// refuses when `path` no longer holds `before`.
fn write_atomically(
    path: &Path,
    text: &str,
    meta: &std::fs::Metadata,
    before: &str,
) -> Result<(), String> {
    let dir = path.parent().ok_or("no parent folder")?;
    let name = path.file_name().ok_or("no file name")?.to_string_lossy();
    let temp = dir.join(format!(".{name}.manifest-lsp-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!("cannot write {}: {e}", temp.display()));
    }
    // the last moment to notice an edit made meanwhile
    if std::fs::read_to_string(path).ok().as_deref() != Some(before) {
        let _ = std::fs::remove_file(&temp);
        return Err("the file changed while it was being fixed".into());
    }
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot replace the file: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Change;

    fn edit(path: &Path) -> Vec<Change> {
        vec![Change::Edit {
            path: path.to_path_buf(),
            range: 0..1,
            new_text: "X".into(),
        }]
    }

    #[test]
    fn writes_only_inside_the_allowed_paths_and_only_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let (inside, outside) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let (a, b) = (inside.join("a.ts"), outside.join("b.ts"));
        std::fs::write(&a, "abc").unwrap();
        std::fs::write(&b, "abc").unwrap();
        let allowed = [inside.canonicalize().unwrap()];
        let later = SystemTime::now() + std::time::Duration::from_secs(60);

        let err = fix_file(&b, &edit(&b), &allowed, later).unwrap_err();
        assert!(err.contains("outside"), "{err}");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "abc");

        // a file modified after the analysis started is left alone
        let err = fix_file(&a, &edit(&a), &allowed, SystemTime::UNIX_EPOCH).unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "abc");

        fix_file(&a, &edit(&a), &allowed, later).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "Xbc");
        let names: Vec<_> = std::fs::read_dir(&inside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ts"], "a temporary file was left behind");
    }
}
