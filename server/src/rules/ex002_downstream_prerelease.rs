use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::exver::parse_exver;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "EX002",
    source: file!(),
    name: "downstream-prerelease",
    severity: Severity::Warning,
    summary: "a downstream revision with a prerelease suffix",
    docs: r#"## What it does
Flags a downstream revision that carries a prerelease suffix (`1.0.0:0-beta.0`).

## Why is this bad?
ExVer allows it, but StartOS packages use a plain integer downstream revision; prerelease suffixes
belong to the upstream side, when wrapping an upstream alpha/beta/rc.

## Example
```ts
version: '1.0.0:0-beta.0'   // write '1.0.0:0' (or '1.0.0-beta.0:0' for an upstream beta)
```

## Fix
Drops the suffix (safe).
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.version_literals() {
        let Ok(v) = parse_exver(&lit.value) else {
            continue;
        };
        let Some(pre) = v.downstream.prerelease_span.clone() else {
            continue;
        };
        let range = lit.sub_range(pre);
        sink.report(
            &RULE,
            &file.path,
            range.clone(),
            format!(
                "downstream revision `{}` has a prerelease suffix: StartOS packages use a plain integer (`{}`)",
                v.downstream.text(),
                v.downstream.numbers.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(".")
            ),
        )
        .fix(Fix::edit("Drop the downstream prerelease suffix", file.path.clone(), range, "").safe());
    }
}
