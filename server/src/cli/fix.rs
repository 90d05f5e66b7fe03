//! `check --fix`: every safe fix, written to disk atomically (a temporary file beside the target,
//! then a rename), and only to files inside the paths given on the command line.
//!
//! Fixes are planned in memory and verified before anything is written: see [`fix_paths`].
//! A file that changes on disk while this runs is left alone and reported.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::check_roots_over;
use crate::actions::plan::plan_fixes;
use crate::workspace::{DiskSource, Source};

#[derive(Debug, Default)]
pub struct FixReport {
    /// Fixes applied.
    pub fixed: usize,
    /// Files written.
    pub files: BTreeSet<PathBuf>,
    /// What could not be written, and why.
    pub problems: Vec<String>,
    /// Fixes not applied because they would have made the tree worse, or collide: which, and why.
    pub rejected: Vec<String>,
}

/// Applies the fixes under `paths` (safe ones, and unsafe ones with `unsafe_fixes`) as a verified
/// plan ([`plan_fixes`]), then writes the planned texts, each only while its file still holds
/// what the plan was computed from.
pub fn fix_paths(
    paths: &[PathBuf],
    unsafe_fixes: bool,
    show_path: &dyn Fn(&Path) -> String,
) -> FixReport {
    let allowed: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let check = |source: &dyn Source| check_roots_over(paths.to_vec(), source).diagnostics;
    let plan = plan_fixes(&DiskSource, &check, &|_| true, unsafe_fixes, show_path);
    let mut report = FixReport {
        fixed: plan.fixed,
        rejected: plan.rejected,
        ..FixReport::default()
    };
    for (path, (text, original)) in &plan.texts {
        match write_file(path, text, original, &allowed) {
            Ok(()) => {
                report.files.insert(path.clone());
            }
            Err(why) => report
                .problems
                .push(format!("{}: not fixed: {why}", show_path(path))),
        }
    }
    if !report.problems.is_empty() {
        // a file the plan counted on was not written: say how many fixes really landed
        report.fixed = report
            .fixed
            .min(report.files.len().max(usize::from(report.fixed > 0)));
    }
    report
}

fn write_file(path: &Path, text: &str, original: &str, allowed: &[PathBuf]) -> Result<(), String> {
    // the real file, so a symbolic link is written through, not replaced, and only when its
    // target is inside the given paths too
    let real = path.canonicalize().map_err(|e| e.to_string())?;
    if !allowed.iter().any(|a| real.starts_with(a)) {
        return Err("outside the paths given to check".into());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    write_atomically(&real, text, &meta, original)
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
    if crate::workspace::source::read_disk(path).ok().as_deref() != Some(before) {
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

        let err = write_file(&b, "Xbc", "abc", &allowed).unwrap_err();
        assert!(err.contains("outside"), "{err}");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "abc");

        // a file that no longer holds what the fix was computed from is left alone
        let err = write_file(&a, "Xbc", "abd", &allowed).unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "abc");

        write_file(&a, "Xbc", "abc", &allowed).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "Xbc");
        let names: Vec<_> = std::fs::read_dir(&inside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ts"], "a temporary file was left behind");
    }
}
