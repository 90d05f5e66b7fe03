//! Finding packages under some paths, with .gitignore rules, without following symlinks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::project::{Project, PACKAGE_JSON, SFDX_PROJECT};

/// What a walk found: projects, and the problems met on the way (unreadable folders …).
#[derive(Debug, Default)]
pub struct Discovery {
    pub projects: Vec<Project>,
    pub config_files: Vec<PathBuf>,
    pub problems: Vec<String>,
}

/// A `versions` folder under `startos/` (or `startos/install/`) marks a StartOS package root.
fn startos_root_of_versions_dir(dir: &Path) -> Option<PathBuf> {
    if dir.file_name()? != "versions" {
        return None;
    }
    let parent = dir.parent()?;
    match parent.file_name()?.to_str()? {
        "startos" => parent.parent().map(Path::to_path_buf),
        "install" if parent.parent()?.file_name()? == "startos" => {
            parent.parent()?.parent().map(Path::to_path_buf)
        }
        _ => None,
    }
}

/// Walk `paths` (absolute and canonical: see `paths::resolve_roots`) and hand each project to
/// `on_project` as soon as it is found, once each; config files and problems are collected in the returned `Discovery`, whose
/// `projects` stays empty.
pub fn discover_streaming(paths: &[PathBuf], mut on_project: impl FnMut(Project)) -> Discovery {
    let mut d = Discovery::default();
    let mut seen: HashSet<Project> = HashSet::new();
    let mut found = |project: Project| {
        if seen.insert(project.clone()) {
            on_project(project);
        }
    };
    for path in paths {
        if !path.exists() {
            d.problems
                .push(format!("{}: no such file or directory", path.display()));
            continue;
        }
        // a versions folder holds version files, no project and no settings: the walk notes it
        // and does not go in (the package lists it when it is read)
        let versions_dirs: Arc<Mutex<Vec<PathBuf>>> = Arc::default();
        let noted = versions_dirs.clone();
        let walker = ignore::WalkBuilder::new(path)
            .follow_links(false)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .filter_entry(move |e| {
                let n = e.file_name();
                let versions = n == "versions"
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && startos_root_of_versions_dir(e.path()).is_some();
                if versions {
                    noted
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(e.path().to_path_buf());
                    return false;
                }
                n != "node_modules" && n != ".git" && n != "target"
            })
            .build();
        let take_noted = |found: &mut dyn FnMut(Project)| {
            let noted =
                std::mem::take(&mut *versions_dirs.lock().unwrap_or_else(|e| e.into_inner()));
            for dir in noted {
                if let Some(root) = startos_root_of_versions_dir(&dir) {
                    found(Project::StartOs(root));
                }
            }
        };
        for entry in walker {
            take_noted(&mut found);
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_dir()) {
                        continue;
                    }
                    match p.file_name().and_then(|n| n.to_str()) {
                        Some(super::config::FILE_NAME) => d.config_files.push(p.to_path_buf()),
                        Some(SFDX_PROJECT) => found(Project::Sfdx(p.to_path_buf())),
                        Some(PACKAGE_JSON) => found(Project::Npm(p.to_path_buf())),
                        Some("config.json") if p.ends_with(super::files::CHANGESET_CONFIG) => {
                            found(Project::Charter(p.to_path_buf()))
                        }
                        _ => {}
                    }
                }
                Err(e) => d.problems.push(e.to_string()),
            }
        }
        take_noted(&mut found);
        // A path inside a package (e.g. `pkg/startos/versions`) checks that package.
        if let Some(root) = super::files::package_root_of(path) {
            if super::files::versions_dir(&root, &super::DiskSource).is_some() {
                found(Project::StartOs(root));
            }
        }
    }
    d
}

/// Every project under `paths`, sorted.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut projects = Vec::new();
    let mut d = discover_streaming(paths, |p| projects.push(p));
    projects.sort();
    d.projects = projects;
    d
}
