use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::exver::parse_range;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX006",
    source: file!(),
    name: "implicit-caret",
    severity: Severity::Hint,
    summary: "a range atom without an operator, which means caret",
    docs: r#"## What it does
Points at a version written in a range without an operator.

## Why is this bad?
In ExVer a bare version in a range means `^version` (`29` accepts `29.x` but not `30`), which
readers often take for an exact match.

## Example
```ts
versionRange: '29'    // means '^29'
```

## Fix
Inserts the `^` (safe: the meaning does not change).
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.range_literals() {
        let Ok(facts) = parse_range(&lit.value) else {
            continue;
        };
        for span in facts.implicit_carets {
            let range = lit.sub_range(span.clone());
            let v = &lit.value[span];
            sink.report(
                &RULE,
                &file.path,
                range.clone(),
                format!("`{v}` has no operator, so it means `^{v}` (compatible with {v}); write `^{v}` to say so"),
            )
            .fix(Fix::edit("Insert the implicit `^`", file.path.clone(), range.start..range.start, "^").safe());
        }
    }
}
