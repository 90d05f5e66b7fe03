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
Checks the `dependencies` and `optionalDependencies` of published workspace packages (members
without `"private": true`) on other workspace members: a linked-group member (a `linked` or
`fixed` group of `.changeset/config.json`) depending on another member of its group uses
`workspace:*` (exact pin: they ship together); every other dependency on a workspace package uses
`workspace:^` (`workspace:^1.2.3` is a caret range too). Runs only where the package manager
understands the `workspace:` protocol (pnpm, yarn berry, bun): npm and yarn classic reject it.
`file:`, `link:`, `catalog:`, `npm:` and other protocols are left alone; so are dev and peer
dependencies.

## Why is this bad?
An exact pin from outside the group forces an independent bump on every linked release; a caret
inside the group lets mismatched members resolve together; a plain range may resolve to the
registry instead of the workspace.

## Example
```json
"dependencies": { "@ms/surface-contracts": "workspace:*" }   // in an independent package: workspace:^
```

## Fix
Replace the specifier. It changes what the package publishes, so it is *unsafe*: a quick fix, and
`check --fix --unsafe-fixes`.
"#,
};

/// A specifier this rule judges: `workspace:…`, or a plain version range (which may resolve to
/// the registry instead of the workspace). Other protocols are the author's deliberate choice.
fn judged(spec: &str) -> bool {
    match spec.split_once(':') {
        Some((protocol, _)) => protocol == "workspace",
        None => !spec.contains('/'),
    }
}

/// `workspace:^` in any spelling (`workspace:^1.2.3` too).
fn is_caret(spec: &str) -> bool {
    spec.strip_prefix("workspace:^").is_some()
}

/// One package's (by index) dependencies on workspace members.
pub fn check(repo: &Monorepo, package: usize, sink: &mut Sink) {
    let supported = repo
        .manager
        .supports_workspace_protocol()
        // an unknown manager: the repository's own use of the protocol says it works
        .unwrap_or_else(|| repo.uses_workspace_protocol());
    if !supported {
        return;
    }
    let pkg = &repo.packages[package];
    {
        if !pkg.published() {
            return;
        }
        let Some(name) = pkg.name.as_deref() else {
            return;
        };
        let group = repo.group_of(name);
        for (section, dep) in pkg.dependencies() {
            if !matches!(section, "dependencies" | "optionalDependencies") {
                continue;
            }
            let Some(value) = &dep.value else { continue };
            let Some(spec) = value.as_str() else { continue };
            if repo.package_named(&dep.key).is_none() || dep.key == name || !judged(spec) {
                continue;
            }
            let both_linked = group.is_some_and(|g| g.contains(&dep.key));
            let (expected, why, ok) = if both_linked {
                (
                    "workspace:*",
                    "linked-group members ship together",
                    spec == "workspace:*",
                )
            } else {
                (
                    "workspace:^",
                    "the published package must carry a caret range",
                    is_caret(spec),
                )
            };
            if ok {
                continue;
            }
            let fix = Fix::edit(
                format!("Use {expected}"),
                pkg.path.clone(),
                value.inner_range(),
                expected,
            );
            sink.report(
                &RULE,
                &pkg.path,
                value.inner_range(),
                format!(
                    "`{}` is a workspace package: declare it as `{expected}` ({why})",
                    dep.key
                ),
            )
            .fix(fix); // a dependency specifier changes what ships: unsafe (RULES, Fixes)
        }
    }
}
