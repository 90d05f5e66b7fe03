use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::exver::{parse_range, satisfiable};
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX005",
    source: file!(),
    name: "unsatisfiable-range",
    severity: Severity::Warning,
    summary: "a range that no version can satisfy",
    docs: r#"## What it does
Asks ExVer (Start9's own implementation) whether any version satisfies the range.

## Why is this bad?
A migration keyed by an empty range never runs; a dependency on one can never be met.

## Example
```ts
'>=2:0 && <1:0'
'#knots && #core'
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.range_literals() {
        if lit.value.trim() == "!" || parse_range(&lit.value).is_err() {
            continue; // the explicit "nothing" range, or already an EX003
        }
        if satisfiable(&lit.value) == Some(false) {
            sink.report(
                &RULE,
                &file.path,
                lit.range.clone(),
                format!("no version satisfies the range `{}`", lit.value),
            );
        }
    }
}
