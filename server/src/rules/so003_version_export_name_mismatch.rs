use super::{Rule, Sink};
use crate::actions::rename_export;
use crate::diagnostic::{Fix, Severity};
use crate::startos::names::name_encodes;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO003",
    source: file!(),
    name: "version-export-name-mismatch",
    severity: Severity::Error,
    summary: "a historical version's export name does not match its version",
    docs: r#"## What it does
Checks that a historical file exports its `VersionInfo` as `v_` + the version with every `.`, `:`
and `-` replaced by `_` (`2.3.2:1` → `v_2_3_2_1`). Legacy spellings of the same version
(`v2_3_2_1`) are accepted.

## Why is this bad?
`index.ts` lists historical versions by export name; a name that encodes another version makes the
graph read wrong, and is usually a copy-paste slip.

## Example
```ts
// v2.3.2_1.ts
export const v_2_3_2_0 = VersionInfo.of({ version: '2.3.2:1', ... })
```

## Fix
Rename the export, and its imports and uses.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for v in pkg.named_versions() {
        let Some(version) = v.version() else { continue };
        if !v.info.exported {
            continue;
        }
        // names encode a plain downstream (EX002)
        let named = version
            .plain_downstream()
            .map_or_else(|| version.clone(), |(clean, _)| clean);
        let old = &v.info.binding.name;
        if name_encodes(old, &version, true) {
            continue; // a downstream suffix alone is EX002's to report
        }
        let new = named.export_name();
        let report = sink.report(
            &RULE,
            &v.file.path,
            v.info.binding.range.clone(),
            format!(
                "export `{old}` holds version {}; name it `{new}`",
                version.text()
            ),
        );
        // another version already has that name: renaming would make two (SO006 tells why)
        let taken = pkg
            .version_refs()
            .any(|o| o.info.binding.name == new && o.file.path != v.file.path);
        if taken {
            continue;
        }
        if let Ok(changes) = rename_export(pkg, v.file, old, &new) {
            report.fix(Fix {
                title: format!("Rename `{old}` to `{new}` (and its imports and uses)"),
                safe: true, // a name and everything that refers to it (RULES, Fixes)
                changes,
            });
        }
    }
}
