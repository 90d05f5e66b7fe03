use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::exver::parse_range;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX003",
    source: file!(),
    name: "invalid-exver-range",
    severity: Severity::Error,
    summary: "a version range that does not parse",
    docs: r#"## What it does
Parses every ExVer range (keys of `migrations.other`, `versionRange:` of dependencies,
`.satisfies(...)` arguments) and underlines where it stops making sense.

## Why is this bad?
An unparsable range fails at run time on the user's server, not at build time.

## Example
```ts
versionRange: '>=1.0.0:0 &&'   // the range ends with an operator
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.range_literals() {
        if let Err(e) = parse_range(&lit.value) {
            let range = lit.sub_range(e.span);
            sink.report(
                &RULE,
                &file.path,
                range,
                format!("invalid version range `{}`: {}", lit.value, e.message),
            );
        }
    }
}
