//! CH041: a wire-envelope schema whose `schemaVersion` is not first, or is hand-typed.

use super::{Rule, Sink};
use crate::charter::{Monorepo, SourceView};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CH041",
    source: file!(),
    name: "schema-version-envelope",
    severity: Severity::Error,
    summary: "an exported z.object schema with schemaVersion not first, or a hand-typed schemaVersion literal",
    docs: r#"## What it does
For every exported `z.object({…})` projection-output schema (the wire envelope: a name ending in
`Entry`, `ValueProvider` or `ContentPayload`, optionally followed by `Schema`, or one listed in
`[charter] envelope-schemas`) that has a `schemaVersion` property, checks that `schemaVersion` is the **first** property and that its value
is the shared constant (`z.literal(SCHEMA_VERSION)`), not a hand-typed literal (`z.literal('5')`).

## Why is this bad?
The first-property ordering is load-bearing: an on-device decoder reads `{ schemaVersion }` before
attempting a full decode, to detect a version mismatch up front. A hand-typed literal drifts from
the shared constant on the next schema bump. A schema with its own, independent `schemaVersion`
(a diagnostic report's `z.literal("1")`, a catalog, a separate wire format) is another document
and is not checked.

## Example
```ts
export const entry = z.object({ id: z.string(), schemaVersion: z.literal('5') })
```
"#,
};

/// The charter's projection-output envelopes, by name.
pub fn is_envelope_name(name: &str, listed: &[String]) -> bool {
    if listed.iter().any(|l| l == name) {
        return true;
    }
    let base = name.strip_suffix("Schema").unwrap_or(name);
    ["Entry", "ValueProvider", "ContentPayload"]
        .iter()
        .any(|s| base.len() > s.len() && base.ends_with(s))
}

/// One source file's envelopes.
pub fn check(repo: &Monorepo, source: SourceView<'_>, sink: &mut Sink) {
    let path = source.path;
    for e in source
        .envelopes
        .iter()
        .filter(|e| is_envelope_name(&e.name, &repo.envelope_schemas))
    {
        if e.not_first {
            sink.report(
                &RULE,
                path,
                e.property.clone(),
                format!("`schemaVersion` must be the first property of `{}`: decoders read it before the rest", e.name),
            );
        }
        if let Some(lit) = &e.literal {
            sink.report(
                &RULE,
                path,
                lit.clone(),
                format!("`{}` hand-types its schemaVersion: use the shared constant (e.g. `z.literal(SCHEMA_VERSION)`)", e.name),
            );
        }
    }
}
