//! SF004: a malformed `versionNumber`, or a build keyword in the wrong place.

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::salesforce::{parse_version_number, Ancestor, SfdxProject, VersionPlace};
use crate::syntax::json::Node;

pub const RULE: Rule = Rule {
    code: "SF004",
    source: file!(),
    name: "invalid-version-number",
    severity: Severity::Error,
    summary:
        "a versionNumber that is not major.minor.patch.build, or a misplaced NEXT/LATEST/RELEASED",
    docs: r#"## What it does
Checks every `versionNumber` in `sfdx-project.json`: four dot-separated parts, numeric major, minor
and patch; the build is a number, or `NEXT` in a package's own version, or `LATEST` / `RELEASED` in
a dependency.

## Why is this bad?
The CLI rejects any other shape when it creates a version or resolves a dependency.

## Example
```json
{ "versionNumber": "1.2.0" }
{ "dependencies": [{ "package": "Base", "versionNumber": "2.0.0.NEXT" }] }
```

## Fix
Write four parts (`1.2.0.NEXT`); use `LATEST` or `RELEASED` in dependencies. When the value has
one clear reading the message names it and a fix writes it (unsafe: it changes a version): the
patch left out before the keyword (`4.19.NEXT` → `4.19.0.NEXT`), a package's own version without
its build (`1.2.0` → `1.2.0.NEXT`), a keyword in lower case, a leading `v` or blanks, the other
place's keyword (a package's `LATEST` → `NEXT`; a dependency's `NEXT` → `LATEST` or `RELEASED`,
two fixes).
"#,
};

fn check_one(project: &SfdxProject, node: &Node, place: VersionPlace, sink: &mut Sink) {
    let Some(text) = node.as_str() else {
        sink.report(
            &RULE,
            &project.path,
            node.range.clone(),
            "versionNumber must be a string",
        );
        return;
    };
    if let Err(why) = parse_version_number(text, place) {
        let range = node.inner_range();
        let readings = crate::salesforce::nearest::readings(text, place);
        let why = match readings.as_slice() {
            [one] => format!("{why}; did you mean `{one}`?"),
            _ => why,
        };
        let report = sink.report(&RULE, &project.path, range.clone(), why);
        for reading in readings {
            report.fix(Fix::edit(
                format!("Write {reading}"),
                project.path.clone(),
                range.clone(),
                reading,
            ));
        }
    }
}

pub fn check(project: &SfdxProject, sink: &mut Sink) {
    for dir in project.package_dirs() {
        if let Some(v) = dir.version_number {
            check_one(project, v, VersionPlace::Package, sink);
        }
        if let Some(node) = dir.ancestor_version {
            let malformed = node
                .as_str()
                .is_none_or(|a| Ancestor::parse_version(a) == Ancestor::Invalid);
            if malformed {
                sink.report(
                    &RULE,
                    &project.path,
                    node.inner_range(),
                    "ancestorVersion must be `HIGHEST`, `NONE` or major.minor.patch[.build] (e.g. `1.2.0`)",
                );
            }
        }
    }
    for v in project.dependency_versions() {
        check_one(project, v, VersionPlace::Dependency, sink);
    }
}
