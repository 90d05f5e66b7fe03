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
pub use crate::syntax::prose::{KEEP_MARKER, KEEP_NEEDLE};

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

/// What decides for the monorepo at `root` before any of its sources is read: `[charter]` in
/// the settings file (on or off), else one of the charter's gate scripts. `None`: neither; a
/// marker in a source decides ([`decide_by_marker`]).
pub fn decide_before_reading(
    root: &Path,
    config: Option<(&CharterConfig, &Path)>,
    source: &dyn Source,
) -> Option<Adoption> {
    if let Some((charter, file)) = config {
        return Some(if charter.enabled {
            Adoption::Configured(file.to_path_buf())
        } else {
            Adoption::Off(format!("`enabled = false` in {}", file.display()))
        });
    }
    GATE_SCRIPTS
        .iter()
        .map(|s| root.join(s))
        .find(|p| source.read(p).is_ok())
        .map(Adoption::GateScript)
}

/// The adoption of a repository without settings or gate scripts: the first of `marked` (its
/// sources that hold a `CHARTER: keep` marker), or none.
pub fn decide_by_marker<'a>(mut marked: impl Iterator<Item = &'a Path>) -> Adoption {
    match marked.next() {
        Some(path) => Adoption::Marker(path.to_path_buf()),
        None => Adoption::Off(
            "not adopted: no [charter] in manifest-lsp.toml, no `CHARTER: keep` marker, no charter gate script"
                .into(),
        ),
    }
}
