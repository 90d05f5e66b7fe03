//! Whether a repository adopted the versioning charter. The charter is one monorepo's house
//! policy, not a standard: the family runs only where the repository says so, explicitly
//! (`[charter]` in `manifest-lsp.toml`) or by carrying the charter's own signals (a
//! `CHARTER: keep` marker, or the charter's gate scripts).

use std::path::{Path, PathBuf};

use super::settings::CharterConfig;
use crate::workspace::Source;

/// The charter's CI gates; a repository that runs them has adopted it.
pub const GATE_SCRIPTS: &[&str] = &[
    "scripts/check-deprecation-prose.mjs",
    "scripts/check-changelog-on-major.mjs",
    "scripts/check-projection-envelope-version.mjs",
];

/// The opt-out marker the charter defines; its presence means the charter is in force.
pub const KEEP_MARKER: &str = "CHARTER: keep";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Adoption {
    /// `[charter]` in this `manifest-lsp.toml`.
    Configured(PathBuf),
    /// The charter's gate script at this path.
    GateScript(PathBuf),
    /// A `CHARTER: keep` marker in this file.
    Marker(PathBuf),
    /// Not adopted: why, in words.
    Off(String),
}

impl Adoption {
    pub fn enabled(&self) -> bool {
        !matches!(self, Adoption::Off(_))
    }

    /// Why the family did or did not run, for `check`'s summary.
    pub fn reason(&self, show: &dyn Fn(&Path) -> String) -> String {
        match self {
            Adoption::Configured(p) => format!("[charter] in {}", show(p)),
            Adoption::GateScript(p) => format!("the charter's gate script {}", show(p)),
            Adoption::Marker(p) => format!("a `{KEEP_MARKER}` marker in {}", show(p)),
            Adoption::Off(why) => why.clone(),
        }
    }
}

/// Decide for the monorepo at `root`. `texts` are its scripts and Markdown files (read anyway).
pub fn decide<'a>(
    root: &Path,
    config: Option<(&CharterConfig, &Path)>,
    source: &dyn Source,
    texts: impl IntoIterator<Item = (&'a Path, &'a str)>,
) -> Adoption {
    if let Some((charter, file)) = config {
        return if charter.enabled {
            Adoption::Configured(file.to_path_buf())
        } else {
            Adoption::Off(format!("`enabled = false` in {}", file.display()))
        };
    }
    if let Some(script) = GATE_SCRIPTS
        .iter()
        .map(|s| root.join(s))
        .find(|p| source.read(p).is_ok())
    {
        return Adoption::GateScript(script);
    }
    if let Some((path, _)) = texts.into_iter().find(|(_, t)| t.contains(KEEP_MARKER)) {
        return Adoption::Marker(path.to_path_buf());
    }
    Adoption::Off(
        "not adopted: no [charter] in manifest-lsp.toml, no `CHARTER: keep` marker, no charter gate script"
            .into(),
    )
}
