//! The names of the files the families read: one place that discovery and every family depend
//! on (so no family depends on another for a file name), and where a StartOS package's folders
//! are.

use std::path::{Path, PathBuf};

use super::Source;

/// A Salesforce DX project.
pub const SFDX_PROJECT: &str = "sfdx-project.json";
/// An npm package.
pub const PACKAGE_JSON: &str = "package.json";
/// A changesets monorepo's configuration, below its root.
pub const CHANGESET_CONFIG: &str = ".changeset/config.json";
/// A package's changelog.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Files next to a `package.json` that its npm rules read (Radpack's manifest and the build
/// configurations that may call its plugin).
pub const NPM_COMPANIONS: &[&str] = &[
    "radpack.json",
    "rollup.config.js",
    "rollup.config.mjs",
    "rollup.config.cjs",
    "rollup.config.ts",
    "webpack.config.js",
    "webpack.config.mjs",
    "webpack.config.cjs",
    "webpack.config.ts",
];

/// Script and Markdown files whose prose the charter reads.
pub const PROSE_EXTENSIONS: &[&str] = &["ts", "mts", "cts", "tsx", "js", "mjs", "cjs", "md"];

/// Script extensions that may hold a Peers definition.
pub const SCRIPT_EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

/// The versions folder of a package root, if it is a StartOS package.
pub fn versions_dir(root: &Path, source: &dyn Source) -> Option<PathBuf> {
    [
        root.join("startos/versions"),
        root.join("startos/install/versions"),
    ]
    .into_iter()
    .find(|d| source.is_dir(d))
}

/// The package root a path belongs to: the folder above `startos/`.
pub fn package_root_of(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "startos"))
        .and_then(|s| s.parent())
        .map(Path::to_path_buf)
}
