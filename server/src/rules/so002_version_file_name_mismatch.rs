use super::{Rule, Sink};
use crate::actions::{rename_export, rename_version_file};
use crate::diagnostic::{Change, Fix, Severity};
use crate::exver::{parse_exver, ExVer};
use crate::startos::names::export_matches;
use crate::startos::names::{decode, name_encodes};
use crate::startos::StartOsPackage;
use crate::startos::VersionRef;

pub const RULE: Rule = Rule {
    code: "SO002",
    source: file!(),
    name: "version-file-name-mismatch",
    severity: Severity::Error,
    summary: "a historical version file whose name does not encode the version it holds",
    docs: r#"## What it does
Compares a historical version file's name with the version it holds: `2.3.2:1` lives in
`v2.3.2_1.ts` (prefix `v`, `:` becomes `_`, the upstream keeps its dots and prerelease).

## Why is this bad?
The file name is how people (and tools) find a version and its migration; a name that says another
version sends them to the wrong place, and usually means a copy-paste left the content behind.

## Example
```ts
// v3.2.1_2.ts
export const v_3_2_1_2 = VersionInfo.of({ version: '3.2.1:4', ... })
```

## Fix
Rename the file to match its content (updating `index.ts`; safe), or change the version (unsafe,
and never offered for a released version: released history is immutable).
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (v, version, stem) in pkg.named_historical() {
        // names encode a plain downstream: `0.14.2:0-alpha.2` is named for `0.14.2:0` (EX002)
        // a released version keeps its value: only names follow it (RULES §2)
        let released = pkg.is_released(&v);
        let plain = v.drop_downstream_excess();
        let named = plain.as_ref().map_or(&version, |(clean, _)| clean);
        let excess = plain.as_ref().filter(|_| !released);
        let Some(lit) = v.info.version.as_ref() else {
            continue;
        };
        if name_encodes(&stem, &version, false) {
            // the convention, or a legacy spelling of the same version (SO008); a downstream
            // suffix alone is EX002's to report
            continue;
        }
        let report = sink.report(
            &RULE,
            &v.file.path,
            lit.range.clone(),
            format!(
                "`{stem}.ts` holds version {}; a file holding it is named `{}.ts`",
                version.text(),
                named.file_stem()
            ),
        );
        if let Ok(mut changes) = rename_version_file(pkg, v.file, &named.file_stem()) {
            if let Some((_, drop)) = &excess {
                changes.extend(drop.changes.iter().cloned());
            }
            report.fix(Fix {
                title: format!(
                    "Rename the file to {}.ts (and its imports){}",
                    named.file_stem(),
                    if excess.is_some() {
                        ", dropping the downstream suffix"
                    } else {
                        ""
                    }
                ),
                safe: excess.is_none(), // a rename alone is safe; a version cut is not
                changes,
            });
        }
        // or the name is right and the version is the slip: the export follows the version
        if let Some(fix) = change_version(pkg, &v, &version, &stem).filter(|_| !released) {
            report.fix(fix);
        }
    }
}

/// The version the file's name spells (keeping the flavor), with the export renamed when it spelled
/// the old version.
fn change_version(
    pkg: &StartOsPackage,
    v: &VersionRef,
    version: &ExVer,
    stem: &str,
) -> Option<Fix> {
    let named = decode(stem)?.version_text();
    let text = match &version.flavor {
        Some((f, _)) => format!("#{f}:{named}"),
        None => named,
    };
    let new = parse_exver(&text).ok()?;
    let lit = v.info.version.as_ref()?;
    let mut changes = vec![Change::Edit {
        path: v.file.path.clone(),
        range: lit.range.clone(),
        new_text: text.clone(),
    }];
    let old_export = &v.info.binding.name;
    if export_matches(old_export, version) && !export_matches(old_export, &new) {
        changes.extend(rename_export(pkg, v.file, old_export, &new.export_name()).ok()?);
    }
    Some(Fix {
        title: format!("Change the version to {text}"),
        safe: false,
        changes,
    })
}
