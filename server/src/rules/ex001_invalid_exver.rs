use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::exver::parse_exver;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX001",
    source: file!(),
    name: "invalid-exver",
    severity: Severity::Error,
    summary: "a version literal that is not a valid Extended Version",
    docs: r#"## What it does
Checks every `version:` of a `VersionInfo.of({...})` against the ExVer grammar
`[#flavor:]upstream[-prerelease]:downstream`, and underlines the failing component: a missing
`:downstream`, a leading zero, a bad prerelease segment, an uppercase flavor, …

## Why is this bad?
StartOS rejects the package at build or install time; the error comes far from the typo.

## Example
```ts
version: '1.2.3'      // missing `:downstream`: write '1.2.3:0'
version: '01.2.3:0'   // leading zero
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.version_literals() {
        if let Err(e) = parse_exver(&lit.value) {
            let range = lit.sub_range(e.span);
            sink.report(
                &RULE,
                &file.path,
                range,
                format!("invalid version `{}`: {}", lit.value, e.message),
            );
        }
    }
}
