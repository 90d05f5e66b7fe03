use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO011",
    source: file!(),
    name: "initial-down-migration",
    severity: Severity::Hint,
    summary: "the only version's `down` migration is not IMPOSSIBLE",
    docs: r#"## What it does
For a package with a single version (an empty `other`), checks that `migrations.down` is
`IMPOSSIBLE`.

## Why is this bad?
There is nothing to roll back to from an initial version; a `down` that pretends otherwise is dead
code that suggests a downgrade path which does not exist.

## Example
```ts
migrations: { up: async ({ effects }) => {}, down: async ({ effects }) => {} }   // use IMPOSSIBLE
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some((_, graph)) = pkg.graph() else {
        return;
    };
    if !graph.other.is_empty() || graph.other_has_unknown || !pkg.historical().is_empty() {
        return;
    }
    let Some(current) = pkg.current() else { return };
    let Some(down) = &current.info.down else {
        return;
    };
    if down.is_impossible {
        return;
    }
    sink.report(
        &RULE,
        &current.file.path,
        down.range.clone(),
        "the initial version has nothing to roll back to: use `down: IMPOSSIBLE`",
    );
}
