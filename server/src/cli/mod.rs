//! The `check` command: discover packages, run every rule, report.

mod fix;
mod parallel;
mod report;
mod summary;
mod write;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::config_diagnostic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::config::Config;
use crate::workspace::paths::resolve_roots;
use crate::workspace::{DiskSource, Source};

pub use fix::{fix_paths, FixReport};
pub use report::Format;
pub use summary::Summary;

/// Everything `check` found, before rendering.
pub struct CheckResult {
    /// The roots checked: absolute and canonical.
    pub roots: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    pub problems: Vec<String>,
    /// Projects whose analysis failed (a bug in manifest-lsp): `check` exits 2.
    pub internal_errors: Vec<String>,
    pub summary: Summary,
}

impl CheckResult {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// How `check` was asked to run.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub format: Option<Format>,
    pub fix: bool,
    /// Exit 0 when nothing under the paths is a project manifest-lsp understands.
    pub allow_empty: bool,
    /// Fail (exit 1) when more warnings than this are found.
    pub max_warnings: Option<usize>,
    /// With `fix`: apply the unsafe fixes too (they change a version, a range's meaning, a tag
    /// or a dependency specifier), still verified like the safe ones.
    pub unsafe_fixes: bool,
}

/// Checks the projects under `paths` (any spelling: each is resolved to its canonical absolute
/// path first, so `.`, `./`, `..`, symlinks and absolute paths give the same findings).
pub fn run_check(paths: &[PathBuf]) -> CheckResult {
    let roots = resolve_roots(paths).unwrap_or_else(|_| paths.to_vec());
    check_roots(roots)
}

fn check_roots(roots: Vec<PathBuf>) -> CheckResult {
    crate::workspace::source::seal_to(&roots);
    check_roots_over(roots, &DiskSource)
}

/// `check` over `source` (the disk, or the disk with planned fixes over it).
fn check_roots_over(roots: Vec<PathBuf>, source: &dyn Source) -> CheckResult {
    let (discovery, packages) = parallel::discover_and_analyze_over(&roots, source);
    let mut diagnostics = Vec::new();
    let mut problems = discovery.problems;
    for cfg_path in &discovery.config_files {
        match source.read(cfg_path) {
            Ok(text) => diagnostics.extend(config_diagnostic(&Config::parse(cfg_path, &text))),
            Err(crate::workspace::ReadError::Missing) => {}
            // too large, not UTF-8, a FIFO: said, not skipped in silence
            Err(e) => diagnostics.extend(config_diagnostic(&Config::unreadable(cfg_path, &e))),
        }
    }
    let mut summary = Summary::default();
    let mut internal_errors = Vec::new();
    for result in packages.results {
        internal_errors.extend(result.internal_error);
        summary.add(&result.key, &result.checked);
        diagnostics.extend(result.diagnostics);
        problems.extend(
            result
                .unreadable
                .into_iter()
                .map(|(p, e)| format!("{}: {e}", p.display())),
        );
    }
    summary.sort();
    diagnostics
        .sort_by(|a, b| (&a.path, a.range.start, a.code).cmp(&(&b.path, b.range.start, b.code)));
    diagnostics.dedup();
    problems.sort();
    internal_errors.sort();
    CheckResult {
        roots,
        diagnostics,
        problems,
        internal_errors,
        summary,
    }
}

/// Runs `check` (after applying the safe fixes, with `fix`) and prints; returns the exit code
/// (0 clean, 1 errors found or too many warnings, 2 usage or I/O errors, or nothing to check).
pub fn check_command(
    paths: &[PathBuf],
    options: &CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let format = options.format.unwrap_or(Format::Human);
    let spelled: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let roots = match resolve_roots(&spelled) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "manifest-lsp: {e}");
            return 2;
        }
    };
    let cwd = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .unwrap_or_default();
    let show = |p: &Path| crate::workspace::paths::display_path(p, &cwd);
    if options.fix {
        let report = fix_paths(&roots, options.unsafe_fixes, &show);
        for p in &report.problems {
            let _ = writeln!(err, "manifest-lsp: warning: {}", report::inert(p));
        }
        for r in &report.rejected {
            let _ = writeln!(err, "manifest-lsp: not fixed: {}", report::inert(r));
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
    let result = check_roots(roots);
    let source = DiskSource;
    let rendered = report::render(format, &result, &cwd, &|p: &Path| source.read(p).ok());
    let io_ok = out.write_all(rendered.as_bytes()).is_ok();
    for p in &result.problems {
        let _ = writeln!(err, "manifest-lsp: warning: {}", report::inert(p));
    }
    if format != Format::Human {
        // the human report ends with the summary; the machine formats keep stdout clean
        for line in result.summary.lines(&show) {
            let _ = writeln!(err, "manifest-lsp: {}", report::inert(&line));
        }
    }
    for e in &result.internal_errors {
        let _ = writeln!(
            err,
            "manifest-lsp: error: {e} (the other projects were checked)"
        );
    }
    if !io_ok || !result.internal_errors.is_empty() {
        return 2;
    }
    if result.summary.checked() == 0 {
        let looked = spelled
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            err,
            "manifest-lsp: nothing to check under {looked}: no StartOS package (startos/versions/), \
             sfdx-project.json, Radpack or Peers package.json, or changesets monorepo that adopted \
             the versioning charter was found{}",
            if options.allow_empty {
                " (allowed by --allow-empty)"
            } else {
                "; pass --allow-empty to accept that"
            }
        );
        if format == Format::Human {
            // the machine formats printed every summary line above already
            for line in result.summary.charter_off_lines(&show) {
                let _ = writeln!(err, "manifest-lsp: {line}");
            }
        }
        return if options.allow_empty { 0 } else { 2 };
    }
    let count = |sev| result.count(sev);
    if count(Severity::Error) > 0 {
        return 1;
    }
    if let Some(max) = options.max_warnings {
        let warnings = count(Severity::Warning);
        if warnings > max {
            let _ = writeln!(
                err,
                "manifest-lsp: {warnings} warning{} found, more than --max-warnings {max}",
                if warnings == 1 { "" } else { "s" }
            );
            return 1;
        }
    }
    0
}
