use std::cmp::Ordering;

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO006",
    source: file!(),
    name: "version-order",
    severity: Severity::Error,
    summary: "a historical version not lower than current, or two files with the same version",
    docs: r#"## What it does
Compares every historical version with the current one (ExVer order: upstream, upstream
prerelease, downstream), and historical versions with each other.

## Why is this bad?
The version graph migrates upwards; a historical version at or above `current` makes the graph
inconsistent, and two files holding one version give it two migrations.

## Example
```ts
// current.ts: '1.1.0:0'     v1.2.0_0.ts: '1.2.0:0'   ← not lower than current
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let current = pkg.current();
    let current_v = current.and_then(|c| c.version());
    let historical = pkg.historical();
    let mut seen: Vec<(crate::exver::ExVer, &crate::startos::VersionRef)> = Vec::new();
    for h in &historical {
        let (Some(v), Some(lit)) = (h.version(), h.info.version.as_ref()) else {
            continue;
        };
        if let (Some(c), Some(cur)) = (&current_v, current) {
            if matches!(v.compare(c), Some(Ordering::Equal | Ordering::Greater)) {
                let how = if v.compare(c) == Some(Ordering::Equal) {
                    "equal to"
                } else {
                    "higher than"
                };
                let report = sink.report(
                    &RULE,
                    &h.file.path,
                    lit.range.clone(),
                    format!(
                        "historical version {} is {how} the current version {}",
                        v.text(),
                        c.text()
                    ),
                );
                if let Some(cur_lit) = cur.info.version.as_ref() {
                    report.related(&cur.file.path, cur_lit.range.clone(), "the current version");
                }
                continue;
            }
        }
        if let Some((_, first)) = seen
            .iter()
            .find(|(s, _)| s.compare(&v) == Some(Ordering::Equal))
        {
            let report = sink.report(
                &RULE,
                &h.file.path,
                lit.range.clone(),
                format!(
                    "version {} is also held by {}",
                    v.text(),
                    first
                        .file
                        .path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                ),
            );
            if let Some(first_lit) = first.info.version.as_ref() {
                report.related(
                    &first.file.path,
                    first_lit.range.clone(),
                    "the same version",
                );
            }
            continue;
        }
        seen.push((v, h));
    }
}
