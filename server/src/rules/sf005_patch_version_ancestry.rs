//! SF005: how ancestry treats patch versions and the versions it abandons.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::salesforce::{parse_version_number, SfdxProject, VersionPlace};

pub const RULE: Rule = Rule {
    code: "SF005",
    source: file!(),
    name: "patch-version-ancestor-hint",
    severity: Severity::Information,
    summary:
        "a patch version inherits its upgrade path; an ancestor that skips versions abandons them",
    docs: r#"## What it does
Explains two consequences of package ancestry where they apply, in managed packages: a package
directory with an `ancestorId` or `ancestorVersion`, or one named in `[salesforce] managed = [...]`
of manifest-lsp.toml. A namespace alone does not make a package managed (one namespaced project can
ship a managed and an unlocked package), and a package whose name says `unlocked` never is:
- on a package whose `versionNumber` is a patch version (`1.0.3.NEXT`): it inherits the upgrade
  path of `1.0.0` (and only a later patch of 1.0 can build on it);
- on an `ancestorVersion` that skips released versions listed in `packageAliases` (building `1.3`
  on `1.1` while `1.2` was released): the skipped versions are abandoned.

## Why is this bad?
Packages upgrade only along the ancestry line. Orgs that installed an abandoned version have no
upgrade path any more.

## Example
```json
{ "package": "Expenses", "versionNumber": "1.3.0.NEXT", "ancestorVersion": "1.1.0" }
"packageAliases": { "Expenses@1.2.0-1": "04t…" }
```
"#,
};

pub fn check(project: &SfdxProject, sink: &mut Sink) {
    // unlocked packages have no ancestry
    for dir in project.package_dirs() {
        if !project.is_managed(&dir) {
            continue;
        }
        let Some(ver) = dir.version_number else {
            continue;
        };
        let Some(own) = ver
            .as_str()
            .and_then(|v| parse_version_number(v, VersionPlace::Package).ok())
        else {
            continue;
        };
        if own.patch != 0 {
            sink.report(
                &RULE,
                &project.path,
                ver.inner_range(),
                format!(
                    "a patch version: it inherits the upgrade path of {}.{}.0; only a later patch of {}.{} can build on it",
                    own.major, own.minor, own.major, own.minor
                ),
            );
        }
        // the ancestor as `ancestorVersion` gives it, or as an `ancestorId` (an alias name, or a
        // `04t` id that an alias maps) says it
        let (Some(resolved), Some(name)) =
            (project.ancestor(&dir), dir.name.and_then(|n| n.as_str()))
        else {
            continue;
        };
        let (anc, (a, b, c)) = (resolved.node, resolved.version);
        let mut skipped: Vec<(u64, u64, u64)> = project
            .aliased_versions(name)
            .into_iter()
            .filter(|&v| v > (a, b, c) && v < own.triple() && v.2 == 0)
            .collect();
        skipped.sort();
        skipped.dedup();
        if !skipped.is_empty() {
            let list: Vec<String> = skipped
                .iter()
                .map(|(x, y, z)| format!("{x}.{y}.{z}"))
                .collect();
            sink.report(
                &RULE,
                &project.path,
                anc.inner_range(),
                format!(
                    "building on {a}.{b}.{c} abandons {}: orgs that installed {} lose their upgrade path",
                    list.join(", "),
                    if list.len() == 1 { "it" } else { "them" }
                ),
            );
        }
    }
}
