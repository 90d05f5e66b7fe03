//! Settings from the editor (`initializationOptions`, `workspace/configuration` section
//! `manifest-lsp`): per-rule severities, as in `manifest-lsp.toml`'s `[rules]`. A project's
//! `manifest-lsp.toml` wins for the rules it names; editor settings fill in the rest.

use std::collections::HashMap;

use serde_json::Value;

use super::config::Config;
use crate::diagnostic::Severity;
use crate::rules;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditorSettings {
    /// Code → level (`None` = off).
    pub levels: HashMap<&'static str, Option<Severity>>,
    /// `inlayHints.enable: false` turns the inlay hints off.
    pub inlay_hints_off: bool,
    /// `fixAll.unsafe: true`: fix-all applies unsafe fixes too (as `check --fix --unsafe-fixes`).
    pub fix_all_unsafe: bool,
}

impl EditorSettings {
    /// Reads `{ "rules": { … } }`, also nested under `"manifest-lsp"`; returns what it could not
    /// use, to be logged.
    pub fn from_json(v: &Value) -> (EditorSettings, Vec<String>) {
        let v = v.get("manifest-lsp").unwrap_or(v);
        let mut settings = EditorSettings::default();
        let mut problems = Vec::new();
        match v.pointer("/inlayHints/enable") {
            Some(Value::Bool(on)) => settings.inlay_hints_off = !on,
            Some(_) => problems.push("settings: `inlayHints.enable` must be true or false".into()),
            None => {}
        }
        match v.pointer("/fixAll/unsafe") {
            Some(Value::Bool(on)) => settings.fix_all_unsafe = *on,
            Some(_) => problems.push("settings: `fixAll.unsafe` must be true or false".into()),
            None => {}
        }
        let Some(rules) = v.get("rules") else {
            return (settings, problems);
        };
        let Some(rules) = rules.as_object() else {
            problems.push("settings: `rules` must be an object of rule → level".into());
            return (settings, problems);
        };
        for (key, level) in rules {
            let Some(rule) = rules::find(key) else {
                problems.push(format!(
                    "settings: unknown rule `{key}` (see `manifest-lsp rules`)"
                ));
                continue;
            };
            match level.as_str().map(Severity::parse_level) {
                Some(Ok(level)) => {
                    settings.levels.insert(rule.code, level);
                }
                Some(Err(e)) => problems.push(format!("settings: {key}: {e}")),
                None => problems.push(format!("settings: {key}: the level must be a string")),
            }
        }
        (settings, problems)
    }

    /// The configuration for a project folder: its `manifest-lsp.toml`, then these settings.
    pub fn config_for(&self, dir: &std::path::Path, source: &dyn super::Source) -> Config {
        let mut config = crate::analysis::config_for(dir, source);
        self.apply(&mut config);
        config
    }

    /// The editor's levels for the rules `config` leaves unset.
    pub fn apply(&self, config: &mut Config) {
        for (code, level) in &self.levels {
            config.levels.entry(code).or_insert(*level);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_rules_and_yields_to_the_project_file() {
        let (s, problems) = EditorSettings::from_json(&json!({
            "manifest-lsp": { "rules": { "SO008": "off", "implicit-caret": "warning", "XX999": "off", "SO009": 3 } }
        }));
        assert_eq!(s.levels.get("SO008"), Some(&None));
        assert_eq!(s.levels.get("EX006"), Some(&Some(Severity::Warning)));
        assert_eq!(problems.len(), 2, "{problems:?}");
        let mut config = Config::default();
        config.levels.insert("SO008", Some(Severity::Error));
        s.apply(&mut config);
        assert_eq!(config.levels.get("SO008"), Some(&Some(Severity::Error)));
        assert_eq!(config.levels.get("EX006"), Some(&Some(Severity::Warning)));
    }
}
