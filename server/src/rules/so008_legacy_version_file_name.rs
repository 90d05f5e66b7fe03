use super::{Rule, Sink};
use crate::actions::rename_version_file;
use crate::diagnostic::{Fix, Severity};
use crate::startos::names::decode;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO008",
    source: file!(),
    name: "legacy-version-file-name",
    severity: Severity::Hint,
    summary: "a historical file named in a legacy spelling of its version",
    docs: r#"## What it does
Points at historical files whose name encodes the right version in an older spelling
(`v1.35.7.1.ts`, `v2_0_6_1.ts`, `v3.0.1:1.ts`) that the current convention writes differently
(`v1.35.7_1.ts`, `v2.0.6_1.ts`, `v3.0.1_1.ts`).

## Why is this bad?
It is not wrong, only inconsistent: the convention matches the git tag, so a file is found by its tag.

## Example
```text
startos/versions/v2_0_6_1.ts   →   v2.0.6_1.ts
```

## Fix
Rename the file (and update the import in `index.ts`).
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (v, version, stem) in pkg.named_historical() {
        if stem == version.file_stem() {
            continue;
        }
        if !decode(&stem).is_some_and(|n| n.matches(&version)) {
            continue; // a different version: SO002
        }
        let Some(lit) = v.info.version.as_ref() else {
            continue;
        };
        let report = sink.report(
            &RULE,
            &v.file.path,
            lit.range.clone(),
            format!(
                "`{stem}.ts` is a legacy name for version {}; the convention is `{}.ts`",
                version.text(),
                version.file_stem()
            ),
        );
        // released history keeps its name: a convention broken there is only known (RULES §2)
        if pkg.is_released(&v) {
            continue;
        }
        // the import paths that load the file follow it
        if let Ok(changes) = rename_version_file(pkg, v.file, &version.file_stem()) {
            report.fix(Fix {
                title: format!("Rename to {}.ts (and its imports)", version.file_stem()),
                safe: true, // a name and everything that refers to it
                changes,
            });
        }
    }
}
