use super::{Rule, Sink};
use crate::actions::rename_export;
use crate::diagnostic::{Fix, Severity};
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO001",
    source: file!(),
    name: "current-export-name",
    severity: Severity::Error,
    summary: "current.ts does not export its VersionInfo as `current`",
    docs: r#"## What it does
Checks that `startos/versions/current.ts` exports its `VersionInfo` under the stable name `current`.

## Why is this bad?
The fixed export name is what makes an in-place bump touch only `current.ts`: `index.ts` imports
`current` and never changes. Another name breaks that convention (and the spin-off action).

## Example
```ts
// current.ts
export const v_1_2_0_0 = VersionInfo.of({ version: '1.2.0:0', ... })   // export it as `current`
```

## Fix
Rename the export to `current`, and its uses in `index.ts`.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some(file) = pkg.current_ts() else { return };
    let infos = &file.facts.version_infos;
    if infos.is_empty()
        || infos
            .iter()
            .any(|i| i.binding.name == "current" && i.exported)
    {
        return;
    }
    let info = infos.iter().find(|i| i.exported).unwrap_or(&infos[0]);
    let how = if info.exported {
        "exports"
    } else {
        "declares (without exporting)"
    };
    let report = sink.report(
        &RULE,
        &file.path,
        info.binding.range.clone(),
        format!(
            "current.ts {how} its VersionInfo as `{}`; it must be exported as `current`",
            info.binding.name
        ),
    );
    // an unexported binding needs more than a rename: the author decides
    if let Some(changes) = info
        .exported
        .then(|| rename_export(pkg, file, &info.binding.name, "current").ok())
        .flatten()
    {
        report.fix(Fix {
            title: format!("Rename `{}` to `current` (and its uses)", info.binding.name),
            safe: true, // a name and everything that refers to it (RULES, Fixes)
            changes,
        });
    }
}
