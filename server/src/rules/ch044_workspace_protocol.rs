//! CH044: the workspace protocol the charter prescribes for internal dependencies.

use super::{Rule, Sink};
use crate::charter::Monorepo;
use crate::diagnostic::{Fix, Severity};

pub const RULE: Rule = Rule {
    code: "CH044",
    source: file!(),
    name: "workspace-protocol",
    severity: Severity::Warning,
    summary: "an internal dependency not declared as the charter says (workspace:* in the linked group, workspace:^ otherwise)",
    docs: r#"## What it does
Checks dependencies on packages of the same monorepo: a linked-group member depending on another
linked-group member uses `workspace:*` (exact pin: they ship together); every other dependency on
a workspace package uses `workspace:^` (the published artifact carries a caret range).

## Why is this bad?
An exact pin from outside the group forces an independent bump on every linked release; a caret
inside the group lets mismatched members resolve together; a plain range may resolve to the
registry instead of the workspace.

## Example
```json
"dependencies": { "@ms/surface-contracts": "workspace:*" }   // in an independent package: workspace:^
```

## Fix
Replace the specifier (safe).
"#,
};

pub fn check(repo: &Monorepo, sink: &mut Sink) {
    for pkg in &repo.packages {
        let Some(name) = pkg.name.as_deref() else {
            continue;
        };
        let group = repo.group_of(name);
        for (_, dep) in pkg.dependencies() {
            let Some(value) = &dep.value else { continue };
            let Some(spec) = value.as_str() else { continue };
            if repo.package_named(&dep.key).is_none() || dep.key == name {
                continue;
            }
            let both_linked = group.is_some_and(|g| g.contains(&dep.key));
            let (expected, why) = if both_linked {
                ("workspace:*", "linked-group members ship together")
            } else {
                (
                    "workspace:^",
                    "the published package must carry a caret range",
                )
            };
            if spec == expected {
                continue;
            }
            sink.report(
                &RULE,
                &pkg.path,
                value.inner_range(),
                format!(
                    "`{}` is a workspace package: declare it as `{expected}` ({why})",
                    dep.key
                ),
            )
            .fix(
                Fix::edit(
                    format!("Use {expected}"),
                    pkg.path.clone(),
                    value.inner_range(),
                    expected,
                )
                .safe(),
            );
        }
    }
}
