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
Flags a downstream revision that carries a prerelease suffix (`1.0.0:0-beta.0`) or extra
components (`2025.8.1:1.0`).

## Why is this bad?
ExVer allows it, but StartOS packages use a plain integer downstream revision; prerelease suffixes
belong to the upstream side, when wrapping an upstream alpha/beta/rc.

## Example
```ts
version: '1.0.0:0-beta.0'   // write '1.0.0:0' (or '1.0.0-beta.0:0' for an upstream beta)
```

## Fix
Drops the suffix or the zero components (safe). A downstream such as `1.5`, which would go down
when cut to `1`, gets the next plain revision (`2`) instead.

The file and export names (SO002/SO003) encode the plain revision: a mismatch that exists only
because of the suffix is fixed by dropping it, never by a rename that spells the suffix.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (file, lit) in pkg.version_literals() {
        let Ok(v) = parse_exver(&lit.value) else {
            continue;
        };
        let Some((clean, drop)) = v.plain_downstream() else {
            continue;
        };
        let d = &v.downstream;
        let plain = clean.downstream.text();
        let extra_zeros = d.numbers.iter().skip(1).all(|n| *n == 0);
        let what = if d.numbers.len() > 1 {
            "has extra components"
        } else {
            "has a prerelease suffix"
        };
        let range = lit.sub_range(drop.clone());
        let report = sink.report(
            &RULE,
            &file.path,
            range.clone(),
            format!(
                "downstream revision `{}` {what}: StartOS packages use a plain integer (`{plain}`)",
                d.text(),
            ),
        );
        if extra_zeros {
            // `1-beta.0` → `1` sorts higher; `1.0` → `1` is the same revision
            let title = if d.numbers.len() > 1 {
                "Drop the extra downstream components"
            } else {
                "Drop the downstream prerelease suffix"
            };
            report.fix(Fix::edit(title, file.path.clone(), range, "").safe());
        } else {
            // `1.5` → `1` would go down: the next plain revision keeps the order
            let next = d.numbers[0] + 1;
            report.fix(Fix::edit(
                format!("Use the next plain revision `{next}`"),
                file.path.clone(),
                lit.sub_range(d.span.clone()),
                next.to_string(),
            ));
        }
    }
}
