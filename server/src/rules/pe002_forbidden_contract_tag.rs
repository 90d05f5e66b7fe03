//! PE002: a tag passed to a contract definition.

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "PE002",
    source: file!(),
    name: "forbidden-contract-tag",
    severity: Severity::Error,
    summary: "a tag passed to a contract definition (a 4th devTag argument, or versionTag)",
    docs: r#"## What it does
Flags a fourth (`devTag`) argument to `pkg.contract(id, version, name)`, and a `versionTag` in an
object handed to a contract definition.

## Why is this bad?
Contract maturity follows package promotion: the platform finalizes a contract (removes its dev
tag, freezes its shape) when the package version is promoted to stable. A tag in code fights that.

## Example
```ts
pkg.contract('files', 2, 'Files', 'dev')
```

## Fix
Remove the argument or property.
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for file in &pkg.peers_files {
        for c in &file.facts.contracts {
            if let Some((range, removal)) = &c.dev_tag {
                sink.report(
                    &RULE,
                    &file.path,
                    range.clone(),
                    "a contract's tag is the platform's: contracts are finalized when the package is promoted to stable",
                )
                .fix(Fix::edit("Remove the tag argument", file.path.clone(), removal.clone(), "").safe());
            }
        }
        for tag in file.facts.tags.iter().filter(|t| t.in_contract) {
            sink.report(
                &RULE,
                &file.path,
                tag.range.clone(),
                "`versionTag` on a contract is the platform's to set",
            )
            .fix(
                Fix::edit(
                    "Remove the versionTag",
                    file.path.clone(),
                    tag.removal.clone(),
                    "",
                )
                .safe(),
            );
        }
    }
}
