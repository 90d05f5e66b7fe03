//! What the charter family reads of the configuration in force: `[charter]` of
//! `manifest-lsp.toml` (parsed with the rest of the file by `workspace::config`).

use std::path::{Path, PathBuf};

use globset::GlobSet;

/// `[charter]` in `manifest-lsp.toml`.
#[derive(Clone, Debug, Default)]
pub struct CharterConfig {
    /// `enabled = false` keeps the family off even where the repository carries its signals.
    pub enabled: bool,
    /// Linked groups (package names or globs) that replace `.changeset/config.json`'s.
    pub linked: Option<Vec<Vec<String>>>,
    /// Exported schema names CH041 treats as wire envelopes, beside the charter's name patterns.
    pub envelope_schemas: Vec<String>,
    /// Files (globs relative to the config) whose prose CH042/CH046 do not read.
    pub exclude: Option<GlobSet>,
    /// The folder the globs are relative to.
    pub base: PathBuf,
    /// A digest of all of the above: equal keys, equal settings.
    pub key: u64,
}

impl CharterConfig {
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(set) = &self.exclude else {
            return false;
        };
        path.strip_prefix(&self.base)
            .is_ok_and(|rel| set.is_match(rel))
    }
}

/// The charter settings in force, and the file that holds them.
#[derive(Clone, Copy, Default)]
pub struct Settings<'a> {
    pub charter: Option<&'a CharterConfig>,
    /// The `manifest-lsp.toml` they come from.
    pub file: Option<&'a Path>,
}
