//! Finding packages under some paths, with .gitignore rules, without following symlinks.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a walk found: package roots, and the problems met on the way (unreadable folders …).
#[derive(Debug, Default)]
pub struct Discovery {
    pub startos_roots: Vec<PathBuf>,
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

/// Walk `paths` and hand each package root to `on_root` as soon as it is found (once each,
/// normalized); config files and problems are collected in the returned `Discovery`, whose
/// `startos_roots` stays empty.
pub fn discover_streaming(paths: &[PathBuf], mut on_root: impl FnMut(PathBuf)) -> Discovery {
    let mut d = Discovery::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut found = |root: PathBuf| {
        // `./pkg` and `pkg` are one package
        let mut root = crate::startos::package::normalize(&root);
        if root.as_os_str().is_empty() {
            root = PathBuf::from(".");
        }
        if seen.insert(root.clone()) {
            on_root(root);
        }
    };
    for path in paths {
        if !path.exists() {
            d.problems
                .push(format!("{}: no such file or directory", path.display()));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .follow_links(false)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .filter_entry(|e| {
                let n = e.file_name();
                n != "node_modules" && n != ".git" && n != "target"
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_some_and(|t| t.is_dir()) {
                        if let Some(root) = startos_root_of_versions_dir(p) {
                            found(root);
                        }
                    } else if p.file_name().is_some_and(|n| n == super::config::FILE_NAME) {
                        d.config_files.push(p.to_path_buf());
                    }
                }
                Err(e) => d.problems.push(e.to_string()),
            }
        }
        // A path inside a package (e.g. `pkg/startos/versions`) checks that package.
        if let Some(root) = crate::startos::layout::package_root_of(path) {
            if crate::startos::layout::versions_dir(&root, &super::DiskSource).is_some() {
                found(root);
            }
        }
    }
    d
}

/// Every package root under `paths`, sorted.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut roots = Vec::new();
    let mut d = discover_streaming(paths, |r| roots.push(r));
    roots.sort();
    d.startos_roots = roots;
    d
}
