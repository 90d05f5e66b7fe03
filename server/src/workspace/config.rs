//! `manifest-lsp.toml`: per-rule severities (`off` included) and exclude globs. The nearest file
//! above a package wins. A broken file yields one diagnostic on itself, and the defaults.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::rules;

pub const FILE_NAME: &str = "manifest-lsp.toml";

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The config file, when one applies.
    pub path: Option<PathBuf>,
    /// Code → level (`None` = off).
    pub levels: HashMap<&'static str, Option<Severity>>,
    exclude: Option<GlobSet>,
    /// Set when the file could not be used: what is wrong and where.
    pub error: Option<ConfigError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: HashMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
}

impl Config {
    /// The level for a rule: configured, or its default.
    pub fn level(&self, code: &'static str, default: Severity) -> Option<Severity> {
        self.levels.get(code).copied().unwrap_or(Some(default))
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        let (Some(set), Some(cfg)) = (&self.exclude, &self.path) else {
            return false;
        };
        let base = cfg.parent().unwrap_or(Path::new(""));
        path.strip_prefix(base).is_ok_and(|rel| set.is_match(rel))
    }

    /// Parse a config file's text. Errors keep the defaults.
    pub fn parse(path: &Path, text: &str) -> Config {
        let fail = |range: Range<usize>, message: String| Config {
            path: Some(path.to_path_buf()),
            error: Some(ConfigError {
                path: path.to_path_buf(),
                range,
                message,
            }),
            ..Config::default()
        };
        let raw: Raw = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    e.span().unwrap_or(0..text.len().min(1)),
                    format!("invalid {FILE_NAME}: {}; using the defaults", e.message()),
                )
            }
        };
        let mut levels = HashMap::new();
        for (key, value) in &raw.rules {
            let Some(rule) = rules::find(key.get_ref()) else {
                return fail(
                    key.span(),
                    format!(
                        "unknown rule `{}` in {FILE_NAME} (see `manifest-lsp rules`); using the defaults",
                        key.get_ref()
                    ),
                );
            };
            match Severity::parse_level(value.get_ref()) {
                Ok(level) => {
                    levels.insert(rule.code, level);
                }
                Err(msg) => return fail(value.span(), format!("{msg}; using the defaults")),
            }
        }
        let mut builder = GlobSetBuilder::new();
        for g in &raw.exclude {
            match Glob::new(g.get_ref()) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => {
                    return fail(
                        g.span(),
                        format!("invalid exclude glob: {e}; using the defaults"),
                    )
                }
            }
        }
        Config {
            path: Some(path.to_path_buf()),
            levels,
            exclude: builder.build().ok(),
            error: None,
        }
    }

    /// The nearest config file at or above `dir`.
    pub fn find(dir: &Path, read: impl Fn(&Path) -> Option<String>) -> Config {
        for d in dir.ancestors() {
            let p = d.join(FILE_NAME);
            if let Some(text) = read(&p) {
                return Config::parse(&p, &text);
            }
        }
        Config::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_excludes_and_errors() {
        let p = Path::new("/w/manifest-lsp.toml");
        let c = Config::parse(
            p,
            "exclude = [\"legacy/**\"]\n[rules]\nSO008 = \"off\"\nimplicit-caret = \"warning\"\n",
        );
        assert!(c.error.is_none());
        assert_eq!(c.level("SO008", Severity::Hint), None);
        assert_eq!(c.level("EX006", Severity::Hint), Some(Severity::Warning));
        assert_eq!(c.level("SO001", Severity::Error), Some(Severity::Error));
        assert!(c.is_excluded(Path::new("/w/legacy/a/startos/versions/index.ts")));
        assert!(!c.is_excluded(Path::new("/w/pkg/startos/versions/index.ts")));

        let text = "[rules]\nSO999 = \"off\"\n";
        let c = Config::parse(p, text);
        let e = c.error.unwrap();
        assert_eq!(&text[e.range], "SO999");
        assert!(c.levels.is_empty());

        let text = "[rules]\nSO001 = \"loud\"\n";
        let e = Config::parse(p, text).error.unwrap();
        assert_eq!(&text[e.range], "\"loud\"");

        let e = Config::parse(p, "rules = [").error.unwrap();
        assert!(
            e.message.contains("invalid manifest-lsp.toml"),
            "{}",
            e.message
        );
    }
}
