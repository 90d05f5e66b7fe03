use std::cmp::Ordering;

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::startos::history::AgainstHead;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO014",
    source: file!(),
    name: "version-decreased",
    severity: Severity::Warning,
    summary: "the version in `current.ts` is lower than the one committed at git HEAD",
    docs: r#"## What it does
Compares the version in `current.ts` with the one committed at git `HEAD` and reports a version
that went down.

## Why is this bad?
A registry accepts a package only with a version higher than the one it has; a version lower than
the last commit's is almost always a typo (`1.10.0:0` written `1.1.0:0`). When the committed
version was released (it has a tag) the new one can never be published.

The rule needs the repository's history: with no git repository, a shallow clone, or a `current.ts`
that is not committed yet, it does not run.

## Example
```ts
// committed at HEAD: version: '1.10.0:0'
export const current = VersionInfo.of({ version: '1.1.0:0', … })
```

## Fix
Write a version higher than the committed one, or restore it.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some(AgainstHead {
        current,
        literal: lit,
        now,
        plain: now_plain,
        committed,
    }) = pkg.against_head()
    else {
        return;
    };
    if now_plain.compare(&committed) != Some(Ordering::Less) {
        return;
    }
    let released = match pkg.history.tag_of(&committed) {
        Some(tag) => format!(
            ", released as `{}`{}: a registry that has it rejects a lower version",
            tag.name,
            tag.date
                .as_ref()
                .map(|d| format!(" on {d}"))
                .unwrap_or_default()
        ),
        None => String::new(),
    };
    sink.report(
        &RULE,
        &current.file.path,
        lit.range.clone(),
        format!(
            "the version went down: {} is lower than {} committed at HEAD{released}",
            now.text(),
            committed.text()
        ),
    )
    .fix(Fix::edit(
        format!("Restore the committed version: {}", committed.text()),
        current.file.path.clone(),
        lit.range.clone(),
        committed.text(),
    ));
}
