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
    /// `[[ignore]]` entries: files (globs relative to the config) and the codes hidden in them.
    ignores: Vec<(GlobSet, Vec<&'static str>)>,
    /// `[charter]`: the repository adopts the versioning charter (and how).
    pub charter: Option<CharterConfig>,
    /// `[salesforce] managed`: package names that are managed although no ancestor field says so.
    pub salesforce_managed: Vec<String>,
    /// Set when the file could not be used: what is wrong and where.
    pub error: Option<ConfigError>,
}

pub use crate::charter::settings::CharterConfig;

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
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    charter: Option<RawCharter>,
    salesforce: Option<RawSalesforce>,
}

/// `[salesforce] managed = ["Pkg"]`: packages that are managed though no ancestor field says so.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSalesforce {
    #[serde(default)]
    managed: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCharter {
    #[serde(default = "yes")]
    enabled: bool,
    linked: Option<Vec<Vec<String>>>,
    #[serde(default)]
    envelope_schemas: Vec<String>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
}

fn yes() -> bool {
    true
}

/// `[[ignore]] path = "packages/*/package.json", codes = ["RP002"]`: for files that take no
/// comments.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    path: toml::Spanned<String>,
    codes: Vec<toml::Spanned<String>>,
}

impl Config {
    /// The level for a rule: configured, or its default.
    pub fn level(&self, code: &'static str, default: Severity) -> Option<Severity> {
        self.levels.get(code).copied().unwrap_or(Some(default))
    }

    /// Whether an `[[ignore]]` entry hides `code` in `path`.
    pub fn is_ignored(&self, path: &Path, code: &str) -> bool {
        let Some(cfg) = &self.path else { return false };
        let base = cfg.parent().unwrap_or(Path::new(""));
        let Ok(rel) = path.strip_prefix(base) else {
            return false;
        };
        self.ignores
            .iter()
            .any(|(set, codes)| codes.contains(&code) && set.is_match(rel))
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        let (Some(set), Some(cfg)) = (&self.exclude, &self.path) else {
            return false;
        };
        let base = cfg.parent().unwrap_or(Path::new(""));
        path.strip_prefix(base).is_ok_and(|rel| set.is_match(rel))
    }

    /// A config file that exists but cannot be read (too large, not UTF-8, not a regular file):
    /// the defaults, and a finding that says why.
    pub fn unreadable(path: &Path, why: &super::ReadError) -> Config {
        Config {
            path: Some(path.to_path_buf()),
            error: Some(ConfigError {
                path: path.to_path_buf(),
                range: 0..0,
                message: format!("{FILE_NAME} was not read: {why}; using the defaults"),
            }),
            ..Config::default()
        }
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
        // in the file's order: the first problem is the one reported, on every run
        let mut entries: Vec<_> = raw.rules.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
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
        let mut ignores = Vec::new();
        for entry in &raw.ignore {
            let glob = match Glob::new(entry.path.get_ref()) {
                Ok(g) => g,
                Err(e) => {
                    return fail(
                        entry.path.span(),
                        format!("invalid ignore path: {e}; using the defaults"),
                    )
                }
            };
            let mut codes = Vec::new();
            for c in &entry.codes {
                match rules::find(c.get_ref()) {
                    Some(rule) => codes.push(rule.code),
                    None => {
                        return fail(
                            c.span(),
                            format!(
                                "unknown rule `{}` in [[ignore]] (see `manifest-lsp rules`); using the defaults",
                                c.get_ref()
                            ),
                        )
                    }
                }
            }
            let mut set = GlobSetBuilder::new();
            set.add(glob);
            if let Ok(set) = set.build() {
                ignores.push((set, codes));
            }
        }
        let charter = match raw.charter {
            None => None,
            Some(c) => {
                let mut set = GlobSetBuilder::new();
                for g in &c.exclude {
                    match Glob::new(g.get_ref()) {
                        Ok(glob) => {
                            set.add(glob);
                        }
                        Err(e) => {
                            return fail(
                                g.span(),
                                format!("invalid [charter] exclude glob: {e}; using the defaults"),
                            )
                        }
                    }
                }
                let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
                let key = {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    let globs: Vec<&String> = c.exclude.iter().map(|g| g.get_ref()).collect();
                    (c.enabled, &c.linked, &c.envelope_schemas, globs, &base).hash(&mut h);
                    h.finish()
                };
                Some(CharterConfig {
                    enabled: c.enabled,
                    linked: c.linked,
                    envelope_schemas: c.envelope_schemas,
                    exclude: set.build().ok(),
                    base,
                    key,
                })
            }
        };
        Config {
            path: Some(path.to_path_buf()),
            levels,
            exclude: builder.build().ok(),
            ignores,
            charter,
            salesforce_managed: raw.salesforce.map(|s| s.managed).unwrap_or_default(),
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

        let c = Config::parse(
            p,
            "[[ignore]]\npath = \"packages/*/package.json\"\ncodes = [\"RP002\", \"unsupported-range\"]\n",
        );
        assert!(c.error.is_none(), "{:?}", c.error);
        assert!(c.is_ignored(Path::new("/w/packages/a/package.json"), "RP002"));
        assert!(!c.is_ignored(Path::new("/w/packages/a/package.json"), "RP001"));
        assert!(!c.is_ignored(Path::new("/w/package.json"), "RP002"));
        let text = "[[ignore]]\npath = \"x\"\ncodes = [\"NOPE1\"]\n";
        let e = Config::parse(p, text).error.unwrap();
        assert_eq!(&text[e.range], "\"NOPE1\"");

        let c = Config::parse(
            p,
            "[charter]\nlinked = [[\"@a/x\", \"@a/y\"]]\nenvelope-schemas = [\"wire\"]\nexclude = [\"docs/**\"]\n",
        );
        let charter = c.charter.unwrap();
        assert!(charter.enabled);
        assert_eq!(
            charter.linked.as_deref(),
            Some(&[vec!["@a/x".to_string(), "@a/y".to_string()]][..])
        );
        assert!(charter.excludes(Path::new("/w/docs/a.md")));
        assert!(
            !Config::parse(p, "[charter]\nenabled = false\n")
                .charter
                .unwrap()
                .enabled
        );
        assert!(Config::parse(p, "[charter]\nlinkd = []\n").error.is_some());

        let e = Config::parse(p, "rules = [").error.unwrap();
        assert!(
            e.message.contains("invalid manifest-lsp.toml"),
            "{}",
            e.message
        );
    }
}
