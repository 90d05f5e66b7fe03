//! SF001: an `ancestorVersion` that is a patch version.

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::salesforce::{parse_version_number, SfdxProject, VersionPlace};

pub const RULE: Rule = Rule {
    code: "SF001",
    source: file!(),
    name: "patch-ancestor",
    severity: Severity::Error,
    summary: "a non-patch version whose ancestor is a patch version (or a patch version built on another major.minor)",
    docs: r#"## What it does
Flags, in `sfdx-project.json`, a non-patch `versionNumber` (patch 0) whose ancestor (its
`ancestorVersion`, or an `ancestorId` naming a `packageAliases` entry such as `Pkg@1.0.2-1`) is a
patch version (patch ≠ 0). A patch version may build on another patch version of the same
major.minor; a patch version whose ancestor has another major.minor is flagged too.

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
        let Some(ancestor) = project.ancestor(&dir) else {
            continue;
        };
        let (major, minor, patch) = ancestor.version;
        if patch == 0 {
            continue;
        }
        let Some(own) = dir
            .version_number
            .and_then(|v| v.as_str())
            .and_then(|v| parse_version_number(v, VersionPlace::Package).ok())
        else {
            continue; // SF004, or nothing to compare with
        };
        let text = format!("{major}.{minor}.{patch}");
        let message = if own.patch == 0 {
            format!(
                "`{text}` is a patch version, and {}.{}.{} is not: a non-patch version cannot build on a patch version",
                own.major, own.minor, own.patch
            )
        } else if (own.major, own.minor) != (major, minor) {
            format!(
                "`{text}` is a patch version of {major}.{minor}: the patch version {}.{}.{} can build only on a version of {}.{}",
                own.major, own.minor, own.patch, own.major, own.minor
            )
        } else {
            continue; // a patch on a patch of the same major.minor: allowed
        };
        let base = format!("{major}.{minor}.0");
        let range = ancestor.node.inner_range();
        let report = sink.report(&RULE, &project.path, range.clone(), message);
        if !ancestor.from_alias {
            report
                .fix(Fix::edit(
                    "Use HIGHEST",
                    project.path.clone(),
                    range.clone(),
                    "HIGHEST",
                ))
                .fix(Fix::edit(
                    format!("Use {base}"),
                    project.path.clone(),
                    range,
                    base.clone(),
                ));
        }
    }
}
