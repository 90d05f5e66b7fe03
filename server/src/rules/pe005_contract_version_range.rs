//! PE005: contract versions and `alsoImplements` ranges.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::NpmPackage;
use crate::syntax::peers::{AlsoVersion, Num};

pub const RULE: Rule = Rule {
    code: "PE005",
    source: file!(),
    name: "contract-version-range",
    severity: Severity::Error,
    summary: "contract versions not positive integers, an inverted alsoImplements range, or a contract that also-implements itself at its own version or higher",
    docs: r#"## What it does
Checks `pkg.contract(id, version, name)` and its `.alsoImplements(id, version | { from, to })`:
versions are positive integers, `from` is not above `to`, and a contract that also-implements its
own id does so only for *older* versions of itself.

## Why is this bad?
Extending a frozen contract means a new contract version that also implements the old ones, so
providers stay compatible with older consumers. Claiming its own version or a newer one says
nothing true, and a range that runs backwards matches nothing.

## Example
```ts
pkg.contract('files', 2, 'Files').alsoImplements('files', { from: 1, to: 2 })   // to: 1
```
"#,
};

fn not_positive(n: &Num) -> bool {
    n.positive_int().is_none()
}

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for file in &pkg.peers_files {
        let path = &file.path;
        for c in &file.facts.contracts {
            let own = c.version.as_ref().and_then(Num::positive_int);
            if let Some(v) = c.version.as_ref().filter(|v| not_positive(v)) {
                sink.report(
                    &RULE,
                    path,
                    v.range.clone(),
                    format!("contract version `{}` is not a positive integer", v.text),
                );
            }
            for also in &c.also {
                let same_id = also
                    .id
                    .as_ref()
                    .zip(c.id.as_ref())
                    .is_some_and(|(a, b)| a.value == b.value);
                let highest = match &also.version {
                    Some(AlsoVersion::One(n)) => {
                        if not_positive(n) {
                            sink.report(
                                &RULE,
                                path,
                                n.range.clone(),
                                format!("version `{}` is not a positive integer", n.text),
                            );
                        }
                        n.positive_int().map(|v| (v, n.range.clone()))
                    }
                    Some(AlsoVersion::Span { from, to, range }) => {
                        for n in [from, to].into_iter().flatten().filter(|n| not_positive(n)) {
                            sink.report(
                                &RULE,
                                path,
                                n.range.clone(),
                                format!("version `{}` is not a positive integer", n.text),
                            );
                        }
                        let (f, t) = (
                            from.as_ref().and_then(Num::positive_int),
                            to.as_ref().and_then(Num::positive_int),
                        );
                        if let (Some(f), Some(t)) = (f, t) {
                            if f > t {
                                sink.report(
                                    &RULE,
                                    path,
                                    range.clone(),
                                    format!(
                                        "`from: {f}` is above `to: {t}`: the range matches nothing"
                                    ),
                                );
                            }
                        }
                        t.or(f).map(|v| (v, range.clone()))
                    }
                    _ => None,
                };
                if let (true, Some(own), Some((v, range))) = (same_id, own, highest) {
                    if v >= own {
                        sink.report(
                            &RULE,
                            path,
                            range,
                            format!("contract version {own} may also-implement only older versions of itself, not {v}"),
                        );
                    }
                }
            }
        }
    }
}
