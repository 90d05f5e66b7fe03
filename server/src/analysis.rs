//! One entry point for both front ends: a package's diagnostics with its configuration applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::charter::live::LiveMonorepo;
use crate::diagnostic::Diagnostic;
use crate::npm::NpmPackage;
use crate::rules;
use crate::salesforce::SfdxProject;
use crate::startos::{Layout, StartOsPackage};
use crate::suppress;
use crate::workspace::config::Config;
use crate::workspace::{FactsCache, Project, ReadError, Source};

/// What kind of project a report is about, for `check`'s summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    /// With the reason the git rules did not run, if they did not.
    StartOs {
        git_off: Option<String>,
    },
    Sfdx,
    /// An npm package the Radpack and/or Peers rules apply to.
    Npm {
        radpack: bool,
        peers: bool,
    },
    /// A changesets monorepo: its workspace packages, and whether the charter family ran (and why).
    Charter {
        packages: usize,
        adoption: Adoption,
    },
    /// Its analysis failed (an internal error, reported on its own).
    Failed,
}

pub use crate::charter::adoption::Adoption;

impl Checked {
    /// How many projects this counts as in `check`'s summary ("checked 3 StartOS packages …"):
    /// an npm package once per family it is checked for, a monorepo only where the charter ran.
    pub fn counted(&self) -> usize {
        match self {
            Checked::StartOs { .. } | Checked::Sfdx => 1,
            Checked::Npm { radpack, peers } => usize::from(*radpack) + usize::from(*peers),
            Checked::Charter { adoption, .. } => usize::from(adoption.enabled()),
            Checked::Failed => 0,
        }
    }
}

pub struct PackageReport {
    /// The project's key (see `Project::key`).
    pub root: PathBuf,
    pub checked: Checked,
    /// Every file whose diagnostics the package decides (so a front end can clear stale ones).
    pub files: Arc<[PathBuf]>,
    pub diagnostics: Vec<Diagnostic>,
    pub unreadable: Vec<(PathBuf, ReadError)>,
}

/// Configuration severities and excludes applied; sorted by file and position.
pub fn apply_config(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| !config.is_excluded(&d.path) && !config.is_ignored(&d.path, d.code))
        .filter_map(|mut d| {
            // a configured level replaces the rule's own (which it may lower case by case)
            if let Some(level) = config.levels.get(d.code).copied() {
                d.severity = level?;
            }
            Some(d)
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.path, a.range.start, a.range.end, a.code).cmp(&(
            &b.path,
            b.range.start,
            b.range.end,
            b.code,
        ))
    });
    out
}

/// The diagnostic for a broken config file, if it is one.
pub fn config_diagnostic(config: &Config) -> Option<Diagnostic> {
    let e = config.error.as_ref()?;
    Some(Diagnostic {
        path: e.path.clone(),
        range: e.range.clone(),
        code: rules::INVALID_CONFIG.code,
        severity: rules::INVALID_CONFIG.severity,
        message: e.message.clone(),
        fixes: Vec::new(),
        related: Vec::new(),
    })
}

/// The stack of every thread that runs an analysis (`check`'s workers, the server's threads): deep
/// enough for any walk the nesting limits let through, with room to spare.
pub const ANALYSIS_STACK: usize = 64 << 20;

pub fn config_for(root: &Path, source: &dyn Source) -> Config {
    Config::find(root, |p| source.read(p).ok().map(|t| t.to_string()))
}

/// Load a package and hand it to `f` (for hover and other per-position requests).
pub fn with_startos<T>(
    root: &Path,
    source: &dyn Source,
    cache: &FactsCache,
    f: impl FnOnce(&StartOsPackage) -> T,
) -> Option<T> {
    let layout = Layout::scan(root, source)?;
    Some(f(&StartOsPackage::load(layout, source, cache)))
}

pub fn analyze_startos(
    root: &Path,
    source: &dyn Source,
    cache: &FactsCache,
    config: &Config,
) -> Option<PackageReport> {
    with_analyzed(root, source, cache, config, |pkg, diagnostics| {
        PackageReport {
            root: root.to_path_buf(),
            checked: Checked::StartOs {
                git_off: pkg.history.repo.status.reason(),
            },
            files: pkg
                .files()
                .map(Path::to_path_buf)
                .collect::<Vec<_>>()
                .into(),
            diagnostics,
            unreadable: pkg.unreadable,
        }
    })
}

/// Load and analyse a package, then hand both to `f` (diagnostics keep their fixes).
pub fn with_analyzed<T>(
    root: &Path,
    source: &dyn Source,
    cache: &FactsCache,
    config: &Config,
    f: impl FnOnce(StartOsPackage, Vec<Diagnostic>) -> T,
) -> Option<T> {
    let layout = Layout::scan(root, source)?;
    let pkg = StartOsPackage::load(layout, source, cache);
    let files: Vec<PathBuf> = pkg.files().map(Path::to_path_buf).collect();
    // the texts the package holds, not read again for their ignore comments
    let loaded = pkg.texts_over(source);
    let found = suppress::apply(rules::check_startos(&pkg), &files, &loaded);
    let diagnostics = apply_config(config, found);
    Some(f(pkg, diagnostics))
}

/// What the server keeps between analyses of a project (a monorepo, updated by the files that
/// changed since; see `charter::live`). `check` keeps nothing.
#[derive(Default)]
pub struct Kept {
    monorepos: Mutex<HashMap<PathBuf, Arc<Mutex<Option<LiveMonorepo>>>>>,
}

impl Kept {
    fn monorepo(&self, key: &Path) -> Arc<Mutex<Option<LiveMonorepo>>> {
        self.monorepos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key.to_path_buf())
            .or_default()
            .clone()
    }
}

/// Analyse any project; `None` when it is not one the rules apply to (an npm package that does not
/// use Radpack, a manifest that is gone).
pub fn analyze(
    project: &Project,
    source: &dyn Source,
    cache: &FactsCache,
    config: &Config,
) -> Option<PackageReport> {
    analyze_kept(project, source, cache, config, &Kept::default())
}

/// [`analyze`], reusing (and updating) what `kept` holds of the project.
pub fn analyze_kept(
    project: &Project,
    source: &dyn Source,
    cache: &FactsCache,
    config: &Config,
    kept: &Kept,
) -> Option<PackageReport> {
    let single = |path: &Path, checked, files: Vec<PathBuf>, diagnostics| PackageReport {
        root: path.to_path_buf(),
        checked,
        diagnostics: apply_config(config, suppress::apply(diagnostics, &files, source)),
        files: files.into(),
        unreadable: Vec::new(),
    };
    let unreadable = |path: &Path, checked, e: ReadError| match e {
        ReadError::Missing => None,
        e => Some(PackageReport {
            root: path.to_path_buf(),
            checked,
            files: Arc::from([path.to_path_buf()]),
            diagnostics: Vec::new(),
            unreadable: vec![(path.to_path_buf(), e)],
        }),
    };
    crate::fault::inject("analyze", &project.key().to_string_lossy());
    match project {
        Project::StartOs(root) => analyze_startos(root, source, cache, config),
        Project::Sfdx(path) => match SfdxProject::load(path, source) {
            Ok(mut p) => {
                p.managed_names = config.salesforce_managed.clone();
                Some(single(
                    path,
                    Checked::Sfdx,
                    vec![path.clone()],
                    rules::check_sfdx(&p),
                ))
            }
            Err(e) => unreadable(path, Checked::Sfdx, e),
        },
        Project::Npm(path) => match NpmPackage::load(path, source) {
            Ok(pkg) if pkg.is_checked() => {
                let checked = Checked::Npm {
                    radpack: pkg.radpack,
                    peers: pkg.peers,
                };
                Some(single(path, checked, pkg.files(), rules::check_npm(&pkg)))
            }
            Ok(_) => None,
            Err(e) => unreadable(
                path,
                Checked::Npm {
                    radpack: false,
                    peers: false,
                },
                e,
            ),
        },
        Project::Charter(path) => {
            let live = kept.monorepo(path);
            let mut live = live.lock().unwrap_or_else(|e| e.into_inner());
            let settings = crate::charter::settings::Settings {
                charter: config.charter.as_ref(),
                file: config.path.as_deref(),
            };
            match LiveMonorepo::analyse(&mut live, path, source, settings, cache) {
                Ok(found) => {
                    let repo = found.repo;
                    let on = repo.adoption.enabled();
                    // what the charter did not read is said, never concluded from
                    let unread = if on {
                        repo.packages
                            .iter()
                            .filter_map(|p| p.changelog_unread.clone())
                            .collect()
                    } else {
                        Vec::new()
                    };
                    Some(PackageReport {
                        root: path.clone(),
                        checked: Checked::Charter {
                            packages: repo.members().count(),
                            adoption: repo.adoption.clone(),
                        },
                        // suppressions are applied file by file as the findings are kept
                        diagnostics: apply_config(config, found.diagnostics),
                        files: if on { found.files } else { Arc::from([]) },
                        unreadable: unread,
                    })
                }
                Err(e) => unreadable(
                    path,
                    Checked::Charter {
                        packages: 0,
                        adoption: Adoption::Off(String::new()),
                    },
                    e,
                ),
            }
        }
    }
}
