use super::{Rule, Sink};
use crate::diagnostic::Fix;
use crate::diagnostic::Severity;
use crate::exver::{nearest_valid, parse_exver};
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

## Fix
When one reading is clear, the nearest valid version (blanks, a `v` prefix, an uppercase flavor and
leading zeros removed; `:0` added when there is no downstream at all), named in the message too.
It changes a version value, so it is unsafe: offered in the editor, applied by `check --fix` only
with `--unsafe-fixes`. A literal with several readings (`1.2:3:4`) gets no guess.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.version_literals() {
        if let Err(e) = parse_exver(&lit.value) {
            let range = lit.sub_range(e.span);
            let nearest = nearest_valid(&lit.value);
            // the message names what the fix writes (the parser's own hint may already)
            let meant = nearest
                .as_ref()
                .filter(|v| !e.message.contains(&format!("`{v}`")))
                .map(|v| format!(" (did you mean `{v}`?)"))
                .unwrap_or_default();
            let report = sink.report(
                &RULE,
                &file.path,
                range,
                format!("invalid version `{}`: {}{meant}", lit.value, e.message),
            );
            if let Some(v) = nearest {
                // a version value changes: unsafe (RULES, Fixes)
                report.fix(Fix::edit(
                    format!("Write `{v}`"),
                    file.path.clone(),
                    lit.range.clone(),
                    v,
                ));
            }
        }
    }
}
