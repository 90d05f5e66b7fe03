//! CH041: a wire-envelope schema whose `schemaVersion` is not first, or is hand-typed.

use super::{Rule, Sink};
use crate::charter::schemas::envelopes;
use crate::charter::Monorepo;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CH041",
    source: file!(),
    name: "schema-version-envelope",
    severity: Severity::Error,
    summary: "an exported z.object schema with schemaVersion not first, or a hand-typed schemaVersion literal",
    docs: r#"## What it does
For every exported `z.object({…})` schema that mirrors the wire envelope (it has a
`schemaVersion` property), checks that `schemaVersion` is the **first** property and that its value
is the shared constant (`z.literal(SCHEMA_VERSION)`), not a hand-typed literal (`z.literal('5')`).

## Why is this bad?
The first-property ordering is load-bearing: an on-device decoder reads `{ schemaVersion }` before
attempting a full decode, to detect a version mismatch up front. A hand-typed literal drifts from
the shared constant on the next schema bump.

## Example
```ts
export const entry = z.object({ id: z.string(), schemaVersion: z.literal('5') })
```
"#,
};

pub fn check(repo: &Monorepo, sink: &mut Sink) {
    for (path, text) in &repo.sources {
        for e in envelopes(text) {
            if e.not_first {
                sink.report(
                    &RULE,
                    path,
                    e.property.clone(),
                    format!("`schemaVersion` must be the first property of `{}`: decoders read it before the rest", e.name),
                );
            }
            if let Some(lit) = e.literal {
                sink.report(
                    &RULE,
                    path,
                    lit,
                    format!("`{}` hand-types its schemaVersion: use the shared constant (e.g. `z.literal(SCHEMA_VERSION)`)", e.name),
                );
            }
        }
    }
}
