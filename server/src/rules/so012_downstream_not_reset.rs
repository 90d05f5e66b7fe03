use std::cmp::Ordering;

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::startos::history::AgainstHead;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO012",
    source: file!(),
    name: "downstream-not-reset",
    severity: Severity::Warning,
    summary: "the upstream changed against `current.ts` at git HEAD but the downstream was not reset to 0",
    docs: r#"## What it does
Compares the version in `current.ts` with the one committed at git `HEAD`. When the upstream
changed (a new upstream release is being wrapped) but the downstream is not `0`, it reports the
downstream.

## Why is this bad?
The downstream counts revisions of the package for one upstream version. A new upstream starts the
count again: the release checklist says to reset the downstream to `0` when the upstream changes.
`33.1.0:3` after `33.0.8:3` tells users of three package revisions of 33.1.0 that never existed.

The rule needs the repository's history: with no git repository, a shallow clone, or a `current.ts`
that is not committed yet, it does not run (`check`'s summary says so).

## Example
```ts
// committed at HEAD: version: '33.0.8:3'
export const current = VersionInfo.of({ version: '33.1.0:3', … })   // 33.1.0:0
```

## Fix
Set the downstream to `0`.
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
    if now.flavor() != committed.flavor() || now.upstream.text() == committed.upstream.text() {
        return;
    }
    // an upstream that went down is SO014's finding
    if now_plain.compare(&committed) != Some(Ordering::Greater)
        || now_plain.downstream.text() == "0"
    {
        return;
    }
    let mut reset = now_plain.clone();
    reset.downstream.numbers = vec![0];
    let span = now.downstream.span.clone();
    sink.report(
        &RULE,
        &current.file.path,
        lit.sub_range(span.clone()),
        format!(
            "the upstream changed from {} (committed at HEAD) to {}, but the downstream is still {}: \
             a new upstream starts at downstream 0",
            committed.upstream.text(),
            now.upstream.text(),
            now.downstream.text(),
        ),
    )
    .fix(Fix::edit(
        format!("Reset the downstream: {}", reset.text()),
        current.file.path.clone(),
        lit.sub_range(span),
        "0",
    ));
}
