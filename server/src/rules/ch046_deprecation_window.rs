//! CH046: a deprecation promising removal before the charter's window ends.

use super::{Rule, Sink};
use crate::charter::{Monorepo, SourceView};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CH046",
    source: file!(),
    name: "deprecation-window",
    severity: Severity::Warning,
    summary: "a deprecation in major N promising removal before N+2",
    docs: r#"## What it does
Finds one sentence (or one JSDoc block) that records a deprecation in major N ("deprecated in
6.0.0", `@deprecated since 6`) and promises a removal before N+2. A deprecation and a removal in
different sentences are never paired: they may speak of different APIs.

## Why is this bad?
A deprecated API lives at least one full major past the release that deprecated it: deprecated in
6, removable in 8 at the earliest. Consumers rely on that window to migrate.

## Example
```ts
/** @deprecated since 6 — will be removed in 7.0.0 */
```
"#,
};

/// One source file's deprecations (paired with their promises when the file was scanned).
pub fn check(_repo: &Monorepo, source: SourceView<'_>, sink: &mut Sink) {
    let (path, prose) = (source.path, source.prose);
    for e in &prose.early {
        let Some(p) = prose.promises.get(e.promise) else {
            continue;
        };
        let earliest = e.deprecated_in.saturating_add(2);
        sink.report(
            &RULE,
            path,
            p.range(),
            format!(
                "deprecated in {}: removable in {earliest} at the earliest (one full major past the deprecation), not {}",
                e.deprecated_in, p.major
            ),
        )
        .related(path, e.deprecation(), "the deprecation");
    }
}
