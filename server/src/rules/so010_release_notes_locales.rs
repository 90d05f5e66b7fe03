use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::startos::StartOsPackage;
use crate::syntax::typescript::ReleaseNotes;

pub const RULE: Rule = Rule {
    code: "SO010",
    source: file!(),
    name: "release-notes-locales",
    severity: Severity::Warning,
    summary: "release notes without `en_US`, or without a locale the package's other versions have",
    docs: r#"## What it does
Checks that every `releaseNotes` object has `en_US`, and that the current version's notes cover
every locale the package's other versions provide.

## Why is this bad?
StartOS shows the user's locale and falls back to English; a missing locale shows stale or no notes.

## Example
```ts
releaseNotes: { es_ES: 'Versión inicial' }   // no en_US
```
"#,
};

fn locales(notes: &Option<ReleaseNotes>) -> Option<(&std::ops::Range<usize>, Vec<&str>, bool)> {
    match notes {
        Some(ReleaseNotes::Locales {
            range,
            entries,
            open,
        }) => Some((
            range,
            entries.iter().map(|(k, _)| k.name.as_str()).collect(),
            *open,
        )),
        _ => None,
    }
}

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let current = pkg.current();
    let mut all_locales: Vec<&str> = Vec::new();
    for file in &pkg.version_files {
        for info in &file.facts.version_infos {
            if let Some((_, keys, _)) = locales(&info.release_notes) {
                for k in keys {
                    if !all_locales.contains(&k) {
                        all_locales.push(k);
                    }
                }
            }
        }
    }
    for file in &pkg.version_files {
        for info in &file.facts.version_infos {
            let Some((range, keys, open)) = locales(&info.release_notes) else {
                continue;
            };
            if open {
                continue;
            }
            let here = range.start..range.start + 1;
            if !keys.contains(&"en_US") {
                sink.report(
                    &RULE,
                    &file.path,
                    here.clone(),
                    "release notes have no `en_US` entry: StartOS falls back to it",
                );
            }
            let is_current = current
                .is_some_and(|c| c.file.path == file.path && c.info.call_range == info.call_range);
            if !is_current {
                continue;
            }
            let missing: Vec<&str> = all_locales
                .iter()
                .copied()
                .filter(|l| !keys.contains(l))
                .collect();
            if !missing.is_empty() && keys.contains(&"en_US") {
                sink.report(
                    &RULE,
                    &file.path,
                    here,
                    format!(
                        "release notes lack {} that other versions of this package provide",
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
}
