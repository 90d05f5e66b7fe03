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
Drops the suffix or the zero components. It changes a version value, so it is *unsafe*: offered
as a quick fix, applied by `check --fix` only with `--unsafe-fixes`. In a released version (a
historical file, or a version with a release tag) the finding is a Hint with no fix: released
history is immutable. A downstream such as `1.5`, which would go down
when cut to `1`, gets the next plain revision (`2`) instead.

The file and export names (SO002/SO003) encode the plain revision: a mismatch that exists only
because of the suffix is fixed by dropping it, never by a rename that spells the suffix.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for v in pkg.version_refs() {
        let (file, Some(lit)) = (v.file, v.info.version.as_ref()) else {
            continue;
        };
        let Ok(parsed) = parse_exver(&lit.value) else {
            continue;
        };
        let Some((clean, drop)) = parsed.plain_downstream() else {
            continue;
        };
        let d = &parsed.downstream;
        let extra_zeros = d.numbers.iter().skip(1).all(|n| *n == 0);
        // the message names what the fix writes: `1.5` → `1` would go down, so `2`
        let plain = if extra_zeros {
            clean.downstream.text()
        } else {
            (d.numbers[0] + 1).to_string()
        };
        let what = if d.numbers.len() > 1 {
            "has extra components"
        } else {
            "has a prerelease suffix"
        };
        let range = lit.sub_range(drop.clone());
        if pkg.is_released(&v) {
            // released history is immutable: installed services at this exact string are what
            // its migrations upgrade from; nothing can be done now but to know it
            let report = sink.report(
                &RULE,
                &file.path,
                range,
                format!(
                    "downstream revision `{}` {what}, in a version that was released: it stays as \
                     it shipped (use a plain integer such as `{plain}` in new versions)",
                    d.text(),
                ),
            );
            report.severity = Severity::Hint;
            continue;
        }
        let report = sink.report(
            &RULE,
            &file.path,
            range.clone(),
            format!(
                "downstream revision `{}` {what}: StartOS packages use a plain integer (`{plain}`)",
                d.text(),
            ),
        );
        // a version value changes: unsafe (RULES, Fixes), offered for the author to choose
        if extra_zeros {
            // `1-beta.0` → `1` sorts higher; `1.0` → `1` is the same revision
            let title = if d.numbers.len() > 1 {
                format!("Drop the extra downstream components (`{plain}`)")
            } else {
                format!("Drop the downstream prerelease suffix (`{plain}`)")
            };
            report.fix(Fix::edit(title, file.path.clone(), range, ""));
        } else {
            report.fix(Fix::edit(
                format!("Use the next plain revision `{plain}`"),
                file.path.clone(),
                lit.sub_range(d.span.clone()),
                plain,
            ));
        }
    }
}
