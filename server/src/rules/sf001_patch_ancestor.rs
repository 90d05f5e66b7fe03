//! SF001: an `ancestorVersion` that is a patch version.

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::salesforce::{Ancestor, SfdxProject};

pub const RULE: Rule = Rule {
    code: "SF001",
    source: file!(),
    name: "patch-ancestor",
    severity: Severity::Error,
    summary: "an ancestorVersion that is a patch version, which can never be an ancestor",
    docs: r#"## What it does
Flags an `ancestorVersion` in `sfdx-project.json` whose patch number is not 0 (`1.0.2`).

## Why is this bad?
A patch version can't be the direct ancestor of a non-patch version: package creation fails.
Installed patch versions inherit the upgrade path of the non-patch version with the same major
and minor number (`1.0.3` upgrades like `1.0.0`).

## Example
```json
{ "package": "Expenses", "versionNumber": "1.1.0.NEXT", "ancestorVersion": "1.0.2" }
```

## Fix
Use `"HIGHEST"`, or the non-patch version `1.0.0`.
"#,
};

pub fn check(project: &SfdxProject, sink: &mut Sink) {
    for dir in project.package_dirs() {
        let Some(node) = dir.ancestor_version else {
            continue;
        };
        let Some(text) = node.as_str() else { continue };
        let Ancestor::Version(major, minor, patch) = Ancestor::parse_version(text) else {
            continue;
        };
        if patch == 0 {
            continue;
        }
        let base = format!("{major}.{minor}.0");
        let range = node.inner_range();
        sink.report(
            &RULE,
            &project.path,
            range.clone(),
            format!("`{text}` is a patch version: patch versions can never be ancestors (use `HIGHEST` or `{base}`)"),
        )
        .fix(Fix::edit("Use HIGHEST", project.path.clone(), range.clone(), "HIGHEST"))
        .fix(Fix::edit(format!("Use {base}"), project.path.clone(), range, base.clone()));
    }
}
