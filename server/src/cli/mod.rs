//! The `check` command: discover packages, run every rule, report.

mod fix;
mod parallel;
mod report;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::config_diagnostic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::config::Config;
use crate::workspace::{DiskSource, Source};

pub use fix::{fix_paths, FixReport};
pub use report::Format;

/// Everything `check` found, before rendering.
pub struct CheckResult {
    pub diagnostics: Vec<Diagnostic>,
    pub problems: Vec<String>,
    pub packages: usize,
}

pub fn run_check(paths: &[PathBuf]) -> CheckResult {
    let (discovery, packages) = parallel::discover_and_analyze(paths);
    let source = DiskSource;
    let mut diagnostics = Vec::new();
    let mut problems = discovery.problems;
    for cfg_path in &discovery.config_files {
        if let Ok(text) = source.read(cfg_path) {
            diagnostics.extend(config_diagnostic(&Config::parse(cfg_path, &text)));
        }
    }
    for (found, unreadable) in packages.results {
        diagnostics.extend(found);
        problems.extend(
            unreadable
                .into_iter()
                .map(|(p, e)| format!("{}: {e}", p.display())),
        );
    }
    diagnostics
        .sort_by(|a, b| (&a.path, a.range.start, a.code).cmp(&(&b.path, b.range.start, b.code)));
    diagnostics.dedup();
    problems.sort();
    CheckResult {
        diagnostics,
        problems,
        packages: packages.count,
    }
}

/// Runs `check` (after applying the safe fixes, with `fix`) and prints; returns the exit code
/// (0 clean, 1 errors found, 2 usage or I/O).
pub fn check_command(
    paths: &[PathBuf],
    format: Format,
    fix: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        let _ = writeln!(
            err,
            "manifest-lsp: {}: no such file or directory",
            missing.display()
        );
        return 2;
    }
    if fix {
        let report = fix_paths(&paths);
        for p in &report.problems {
            let _ = writeln!(err, "manifest-lsp: warning: {p}");
        }
        let _ = writeln!(
            err,
            "manifest-lsp: fixed {} finding{} in {} file{}",
            report.fixed,
            if report.fixed == 1 { "" } else { "s" },
            report.files.len(),
            if report.files.len() == 1 { "" } else { "s" },
        );
    }
    // what is left
    let result = run_check(&paths);
    let cwd = std::env::current_dir().unwrap_or_default();
    let source = DiskSource;
    let rendered = report::render(format, &result, &cwd, &|p: &Path| source.read(p).ok());
    let io_ok = out.write_all(rendered.as_bytes()).is_ok();
    for p in &result.problems {
        let _ = writeln!(err, "manifest-lsp: warning: {p}");
    }
    if !io_ok {
        return 2;
    }
    if result
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        1
    } else {
        0
    }
}
