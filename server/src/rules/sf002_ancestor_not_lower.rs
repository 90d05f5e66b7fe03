//! SF002: an `ancestorVersion` that is not lower than the package's own version.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::salesforce::{parse_version_number, SfdxProject, VersionPlace};

pub const RULE: Rule = Rule {
    code: "SF002",
    source: file!(),
    name: "ancestor-not-lower",
    severity: Severity::Error,
    summary: "an ancestorVersion that is not lower than the package's versionNumber",
    docs: r#"## What it does
Compares a package directory's `ancestorVersion` with its own `versionNumber` (major, minor and
patch) and flags an ancestor that is not lower.

## Why is this bad?
A version is built on an earlier, released version; an ancestor at or above the version being
created can't exist in its upgrade path, and package creation fails.

## Example
```json
{ "package": "Expenses", "versionNumber": "1.2.0.NEXT", "ancestorVersion": "1.2.0" }
```

## Fix
Name a lower released version, or `HIGHEST`.
"#,
};

pub fn check(project: &SfdxProject, sink: &mut Sink) {
    for dir in project.package_dirs() {
        let (Some(ancestor), Some(ver)) = (project.ancestor(&dir), dir.version_number) else {
            continue;
        };
        let Some(v) = ver.as_str() else {
            continue;
        };
        let (ma, mi, pa) = ancestor.version;
        let anc = ancestor.node;
        let a = anc.as_str().unwrap_or_default();
        let Ok(own) = parse_version_number(v, VersionPlace::Package) else {
            continue; // SF004
        };
        if (ma, mi, pa) < own.triple() {
            continue;
        }
        sink.report(
            &RULE,
            &project.path,
            anc.inner_range(),
            format!("ancestor `{a}` is not lower than the version being created (`{v}`)"),
        )
        .related(
            &project.path,
            ver.inner_range(),
            "the package's versionNumber",
        );
    }
}
