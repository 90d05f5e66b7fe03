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

/// Whether the text between two findings of one segment keeps them in one sentence: no `.`, `!`
/// or `?` followed by whitespace (a version's dots are not followed by one), no blank line.
fn one_sentence(text: &str, a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    let Some(between) = text.get(first.end.min(second.start)..second.start) else {
        return false;
    };
    let bytes = between.as_bytes();
    let ends = bytes
        .windows(2)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace());
    let blank_line = between.split('\n').skip(1).any(|l| {
        l.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '/')
            .is_empty()
    });
    !ends && !blank_line
}

/// One `/** … */` block holds both.
fn one_jsdoc(text: &str, segment: &std::ops::Range<usize>) -> bool {
    text.get(segment.clone())
        .is_some_and(|s| s.starts_with("/**") && s.matches("*/").count() == 1)
}

/// One source file's deprecations.
pub fn check(repo: &Monorepo, source: usize, sink: &mut Sink) {
    let (path, text, prose) = repo.source(source);
    {
        for d in &prose.deprecations {
            for p in prose.promises.iter().filter(|p| {
                d.segment.start <= p.range.start
                    && p.range.end <= d.segment.end
                    && (one_sentence(text, &d.range, &p.range) || one_jsdoc(text, &d.segment))
            }) {
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
