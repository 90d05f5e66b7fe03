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
    let current_x = current_v.as_ref().map(|c| c.to_exver());
    let historical = pkg.historical();
    // each version converted once; duplicates found by sorting, not by comparing every pair
    // (10,000 version files in one folder: linear-logarithmic, not quadratic)
    let mut below = Vec::new();
    for (order, h) in historical.iter().enumerate() {
        let (Some(v), Some(lit)) = (h.version(), h.info.version.as_ref()) else {
            continue;
        };
        let x = v.to_exver();
        if let (Some(c), Some(cx), Some(cur)) = (&current_v, &current_x, current) {
            let ord = x.partial_cmp(cx);
            if matches!(ord, Some(Ordering::Equal | Ordering::Greater)) {
                let how = if ord == Some(Ordering::Equal) {
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
        below.push((order, v.flavor().map(str::to_string), x, h, lit));
    }
    // by flavor (versions of two flavors never compare), then version, then file order
    below.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.2.partial_cmp(&b.2).unwrap_or(Ordering::Equal))
            .then(a.0.cmp(&b.0))
    });
    let mut reports = Vec::new();
    let mut first = 0;
    for i in 1..below.len() {
        let same = below[i].1 == below[first].1
            && below[i].2.partial_cmp(&below[first].2) == Some(Ordering::Equal);
        if !same {
            first = i;
            continue;
        }
        reports.push((below[i].0, i, first));
    }
    // reported in file order, each naming the first file (in file order) that holds its version
    reports.sort();
    for (_, i, first) in reports {
        let (h, lit, held) = (below[i].3, below[i].4, below[first].3);
        let report = sink.report(
            &RULE,
            &h.file.path,
            lit.range.clone(),
            format!(
                "version {} is also held by {}",
                h.version().map(|v| v.text()).unwrap_or_default(),
                held.file
                    .path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
            ),
        );
        if let Some(first_lit) = held.info.version.as_ref() {
            report.related(&held.file.path, first_lit.range.clone(), "the same version");
        }
    }
}
