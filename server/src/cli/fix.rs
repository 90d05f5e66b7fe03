//! `check --fix`: every safe fix, written to disk atomically (a temporary file beside the target,
//! then a rename), and only to files inside the paths given on the command line.
//!
//! Fixes are planned in memory and verified before anything is written: see [`fix_paths`].
//! A file that changes on disk while this runs is left alone and reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::check_roots_over;
use super::write::write_file;
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
    crate::workspace::source::seal_to(paths);
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
