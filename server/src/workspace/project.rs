//! The units analysis works on. Each rule family reads one kind of project, and a file may belong
//! to several (a StartOS package's `package.json` is also an npm package).

use std::path::{Path, PathBuf};

use super::files::{package_root_of, versions_dir};
use super::Source;

use super::files::{CHANGELOG, CHANGESET_CONFIG, PROSE_EXTENSIONS, SCRIPT_EXTENSIONS};
pub use super::files::{NPM_COMPANIONS, PACKAGE_JSON, SFDX_PROJECT};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Project {
    /// A StartOS service package: its root folder (the one holding `startos/`).
    StartOs(PathBuf),
    /// A Salesforce DX project: its `sfdx-project.json`.
    Sfdx(PathBuf),
    /// An npm package: its `package.json` (Radpack and Peers rules).
    Npm(PathBuf),
    /// A versioning-charter monorepo: its `.changeset/config.json`.
    Charter(PathBuf),
}

impl Project {
    /// What identifies the project: its root folder or its manifest file.
    pub fn key(&self) -> &Path {
        match self {
            Project::StartOs(p) | Project::Sfdx(p) | Project::Npm(p) | Project::Charter(p) => p,
        }
    }

    /// The folder its configuration is looked up from.
    pub fn dir(&self) -> &Path {
        match self {
            Project::StartOs(root) => root,
            Project::Sfdx(file) | Project::Npm(file) => file.parent().unwrap_or(Path::new(".")),
            // `<root>/.changeset/config.json`
            Project::Charter(config) => config
                .parent()
                .and_then(Path::parent)
                .unwrap_or(Path::new(".")),
        }
    }

    /// The project a key names (see [`Project::key`]).
    pub fn from_key(key: &Path) -> Project {
        if key.ends_with(CHANGESET_CONFIG) {
            return Project::Charter(key.to_path_buf());
        }
        match key.file_name().and_then(|n| n.to_str()) {
            Some(SFDX_PROJECT) => Project::Sfdx(key.to_path_buf()),
            Some(PACKAGE_JSON) => Project::Npm(key.to_path_buf()),
            _ => Project::StartOs(key.to_path_buf()),
        }
    }

    /// The projects whose diagnostics depend on `path`.
    pub fn of_file(path: &Path, source: &dyn Source) -> Vec<Project> {
        let mut out = Vec::new();
        let startos = package_root_of(path)
            .or_else(|| {
                // a Dockerfile or other file at the package root
                path.parent()
                    .filter(|d| versions_dir(d, source).is_some())
                    .map(Path::to_path_buf)
            })
            .filter(|root| versions_dir(root, source).is_some());
        out.extend(startos.map(Project::StartOs));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let charter_file = name == PACKAGE_JSON
            || name == CHANGELOG
            || PROSE_EXTENSIONS.contains(&ext)
            || path.ends_with(CHANGESET_CONFIG);
        if charter_file {
            let config = if path.ends_with(CHANGESET_CONFIG) {
                Some(path.to_path_buf())
            } else {
                changeset_config_above(path, source)
            };
            out.extend(config.map(Project::Charter));
        }
        match name {
            SFDX_PROJECT => out.push(Project::Sfdx(path.to_path_buf())),
            PACKAGE_JSON => out.push(Project::Npm(path.to_path_buf())),
            n if NPM_COMPANIONS.contains(&n) => {
                out.push(Project::Npm(path.with_file_name(PACKAGE_JSON)));
            }
            _ => {
                // a Peers definition belongs to the nearest package.json
                let script = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| SCRIPT_EXTENSIONS.contains(&e));
                if script && source.read(path).is_ok_and(|t| t.contains("definePackage")) {
                    out.extend(nearest_package_json(path, source).map(Project::Npm));
                }
            }
        }
        out
    }
}

/// The changesets configuration of the monorepo above `path`, if any.
pub fn changeset_config_above(path: &Path, source: &dyn Source) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|d| d.join(CHANGESET_CONFIG))
        .find(|c| source.read(c).is_ok())
}

fn nearest_package_json(path: &Path, source: &dyn Source) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|d| d.join(PACKAGE_JSON))
        .find(|p| source.read(p).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::DiskSource;

    #[test]
    fn files_map_to_their_projects_and_keys_round_trip() {
        let sf = Path::new("/w/app/sfdx-project.json");
        assert_eq!(
            Project::of_file(sf, &DiskSource),
            [Project::Sfdx(sf.to_path_buf())]
        );
        let rollup = Path::new("/w/lib/rollup.config.mjs");
        assert_eq!(
            Project::of_file(rollup, &DiskSource),
            [Project::Npm(PathBuf::from("/w/lib/package.json"))]
        );
        for p in [
            Project::Sfdx(sf.to_path_buf()),
            Project::Npm(PathBuf::from("/w/lib/package.json")),
            Project::StartOs(PathBuf::from("/w/pkg")),
        ] {
            assert_eq!(Project::from_key(p.key()), p);
        }
        assert_eq!(
            Project::Npm(PathBuf::from("/w/lib/package.json")).dir(),
            Path::new("/w/lib")
        );
    }
}
