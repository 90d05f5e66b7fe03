//! CH046: a deprecation promising removal before the charter's window ends.

use super::{Rule, Sink};
use crate::charter::Monorepo;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CH046",
    source: file!(),
    name: "deprecation-window",
    severity: Severity::Warning,
    summary: "a deprecation in major N promising removal before N+2",
    docs: r#"## What it does
Finds prose that records a deprecation in major N ("deprecated in 6.0.0", `@deprecated since 6`)
and, in the same comment, string or document, promises a removal before N+2.

## Why is this bad?
A deprecated API lives at least one full major past the release that deprecated it: deprecated in
6, removable in 8 at the earliest. Consumers rely on that window to migrate.

## Example
```ts
/** @deprecated since 6 — will be removed in 7.0.0 */
```
"#,
};

pub fn check(repo: &Monorepo, sink: &mut Sink) {
    for (path, _, prose) in repo.prose() {
        for d in &prose.deprecations {
            for p in prose
                .promises
                .iter()
                .filter(|p| d.segment.start <= p.range.start && p.range.end <= d.segment.end)
            {
                let earliest = d.major + 2;
                if p.major < earliest {
                    sink.report(
                        &RULE,
                        path,
                        p.range.clone(),
                        format!(
                            "deprecated in {}: removable in {earliest} at the earliest (one full major past the deprecation), not {}",
                            d.major, p.major
                        ),
                    )
                    .related(path, d.range.clone(), "the deprecation");
                }
            }
        }
    }
}
